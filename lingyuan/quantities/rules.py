"""The extractor's rules: is the number matched here a quantity, and what is printed
around it (bound, unit, range, qualifier)? Used by :mod:`lingyuan.quantities.finder`.

Everything works on the compact text ``s`` (the text without whitespace). The cheap
tests on the characters around a number come first; a number is parsed only once it
has a unit.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from decimal import Context, Decimal

from lingyuan.quantities import units
from lingyuan.quantities import patterns as P
from lingyuan.quantities.layout import matches_from
from lingyuan.quantities.numerals import MAX_DIGITS, Number, ParseError, clean_value, parse_number
from lingyuan.quantities.words import LIMIT_NOUNS, NOT_QUALIFIER_AFTER


# A fraction (三分之一) is held to the precision of any printed number: 60 digits.
FRACTION_CONTEXT = Context(prec=MAX_DIGITS)


@dataclass
class Hit:
    """A number the rules accept, in compact-text positions."""

    span_start: int
    span_end: int
    as_reported: str
    number: Number
    unit_reported: str
    unit: str  # canonical unit, or "" when the printed unit is not in the vocabulary
    qualifier: str
    per: str | None = None  # per-unit of a rate written with a slash (500元/人)
    high: Decimal | None = None  # the upper end of a range (30～80毫米: 80)


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Number | None:
    """The Number of *text*, or None (cached: a text repeats its numbers; Number is immutable)."""
    try:
        return parse_number(text)
    except ParseError:
        return None


class Clauses:
    """The clause marks of the compact text *s* (，。；、 ..., not the bracket of a short aside:
    （含税）), found backwards from a position by one search of the reversed text within reach:
    a number asks about the last two dozen characters, not about the thousands of marks of a text."""

    __slots__ = ("reversed", "asides")

    def __init__(self, s: str):
        self.reversed = s[::-1]
        self.asides = {m.start() for m in matches_from(P.ASIDE_RE, s, P.OPENING)}

    def start(self, pos: int, limit: int = 24) -> int:
        """Start of the clause holding *pos* (after the last ，。；、 ... before it), at most *limit* back."""
        lo = pos - limit if pos > limit else 0
        n = len(self.reversed)
        m = P.CLAUSE_END_RE.search(self.reversed, n - pos, n - lo)
        while m is not None and n - 1 - m.start() in self.asides:
            m = P.CLAUSE_END_RE.search(self.reversed, m.start() + 1, n - lo)
        return lo if m is None else n - m.start()  # (the mark at n - 1 - m.start(), the clause after it)


def sentence_start(s: str, pos: int, limit: int) -> int:
    """Start of the sentence holding *pos* (after the last 。！？； before it), at most *limit* back."""
    lo = pos - limit if pos > limit else 0
    return max(lo, *(s.rfind(mark, lo, pos) + 1 for mark in P.SENTENCE_MARKS))


def is_year_date(num: str) -> bool:
    """A 4-digit Arabic year (2019, 2019-2020) or a year written digit by digit (二〇一九)."""
    if num.isascii():
        if num.isdigit():
            return len(num) == 4  # the common case, without a pattern
        if "-" not in num and "~" not in num:
            return False  # 2.5 (no range, no year)
    ends = P.RANGE_SPLIT_RE.split(num)
    if any(P.YEAR4_RE.fullmatch(e) for e in ends):
        return True
    return len(num) > 1 and all(c in "零〇○一二三四五六七八九" for c in num)


def space_before(offsets, i: int) -> bool:
    """Whitespace stood, in the text as given, between compact positions i - 1 and i
    (*offsets* of :func:`lingyuan.quantities.layout.compact`)."""
    return offsets is not None and 0 < i < len(offsets) and offsets[i] != offsets[i - 1] + 1


def names_a_year(num: str) -> bool:
    """*num* is a year, or a span of years, that can name what follows it (2024巴黎奥运会,
    2023赛季, 2022-2023赛季, 2024款): read with an open unit, it is no count. A round
    hundred (2000口井) is left a count."""
    return all(P.YEAR_NAME_RE.fullmatch(e) for e in P.RANGE_SPLIT_RE.split(num))


def prefix(s: str, start: int, last_end: int) -> tuple[int, int, str]:
    """(span start, as_reported start, qualifier) from the words before the number.

    An approximation right before the number (近, 约) belongs to as_reported; a
    bound (不少于, 至少) only to the span; a bound a few words earlier in the
    same clause (至少下乡入户帮扶一次) only to the qualifier.
    """
    pre = P.PREFIX_RE.search(s, start - 3, start)  # a negative position is the text's start
    if pre:
        word = pre.group()
        if not (word in NOT_QUALIFIER_AFTER and pre.start() > 0
                and s[pre.start() - 1] in NOT_QUALIFIER_AFTER[word]):
            if word in P.PREFIX_BOUND:
                return pre.start(), start, P.PREFIX_BOUND[word]
            return pre.start(), pre.start(), "approx"
    gap = P.GAPPED_BOUND_RE.search(s, last_end if last_end > start - 11 else start - 11, start)
    if gap and not P.DIGIT_IN_GAP_RE.search(s, gap.end(1), start) \
            and not any(w in gap.group() for w in LIMIT_NOUNS) and s[gap.end(1)] != "的":
        return start, start, P.PREFIX_BOUND[gap.group(1)]  # (最高的17分: the highest reached, exact)
    return start, start, "exact"


def suffix_bound(s: str, end: int) -> tuple[str, int]:
    """Qualifier and span end of a bound written right after a percentage (70%以上)."""
    suffix = P.SUFFIX_RE.match(s, end)
    if suffix and P.SUFFIX_QUALIFIER[suffix.group()] != "approx" or (suffix and suffix.group() == "左右"):
        return P.SUFFIX_QUALIFIER[suffix.group()], suffix.end()
    return "exact", end


def percent_hit(s: str, start: int, end: int, last_end: int, number: Number) -> Hit:
    """A percentage written in words (七成, 一半, 百分之三十) with a bound before it
    (超过六成, 近一半) or after it (七成以上)."""
    span_start, as_start, qualifier = prefix(s, start, last_end)
    suffix_qualifier, span_end = suffix_bound(s, end)
    if suffix_qualifier != "exact":
        qualifier = suffix_qualifier
    return Hit(span_start, span_end, s[as_start:end], number, "", "percent", qualifier)


def special_form(s: str, m: re.Match, last_end: int) -> Hit | None:
    """一半, 七成, 4成, 三分之一, 百分之三十, 半年: forms that carry their own unit."""
    start, end = m.start(), m.end()
    prev = s[start - 1] if start else P.EDGE
    if m.group("half"):
        half = m.group("half")
        if prev in P.DETERMINERS or (half == "一半" and prev in "多大") or (half != "一半" and prev in P.CN_DIGIT_SET):
            return None  # 另一半, 多一半, 十一成 (but 偏多两成: more than usual by a fifth)
        if half == "一半":
            return percent_hit(s, start, end, last_end, parse(half))
        tenths = [P.CN_VALUES.get(c, None) if not c.isdigit() else int(c) for c in half[:-1]
                  if c.isdigit() or c in P.CN_VALUES]
        if len(tenths) == 2:
            # 3～5成, 三到五成 (a range); 两三成 (two numerals side by side: about the lower)
            low, high = tenths
            if not low < high:
                return None
            adjacent = len(half) == 3
            number = Number(Decimal(low * 10), "approx" if adjacent else "at_least", True)
            hit = percent_hit(s, start, end, last_end, number)
            if hit.qualifier == "exact":
                hit.qualifier = number.qualifier
            if not adjacent:
                hit.high = Decimal(high * 10)
            return hit
        number = Number(Decimal(tenths[0] * 10), "exact", True)
        upto = P.TENTHS_TO_MULTIPLE_RE.match(s, end) if end < len(s) and s[end] in P.SEP_CHARS else None
        times = parse(upto.group(1)) if upto else None
        if times is not None and times.value * 100 > number.value:
            # 偏多3成至1倍: a range across units, one row in the lower end's unit (per cent), the
            # upper end converted (1倍 is 100%)
            hit = percent_hit(s, start, upto.end(), last_end, Number(number.value, "at_least", True))
            hit.high = clean_value(times.value * 100)
            if hit.qualifier == "exact":
                hit.qualifier = "at_least"
            return hit
        return percent_hit(s, start, end, last_end, number)
    if m.group("frac"):
        if prev in P.DETERMINERS or prev in P.CN_DIGIT_SET or s.startswith(P.ROUND_AFTER_FRACTION, end):
            return None  # 四分之一决赛: the name of a round (of the last eight), as 半决赛
        frac = m.group("frac")
        den, num = frac.split("分之") if "分之" in frac else frac.split("/")[::-1]
        d, n = parse(den), parse(num)
        if d is None or n is None or d.value == 0:
            return None
        value = FRACTION_CONTEXT.divide(n.value, d.value)
        span_start, as_start, qualifier = prefix(s, start, last_end)
        suffix_qualifier, span_end = suffix_bound(s, end)
        if suffix_qualifier != "exact":
            qualifier = suffix_qualifier
        return Hit(span_start, span_end, s[as_start:end], Number(clean_value(value)), "", "", qualifier)
    if m.group("halfunit"):
        if (prev in "上下每前后这那另多大" or prev in P.CN_DIGIT_SET) and s[start - 2:start] != "落后":
            return None  # 上半年 (a date), 每半年, 前半天
        u = P.UNIT_RE.match(s, end)
        span_start, as_start, qualifier = prefix(s, start, last_end)
        unit_text = u.group()
        printed = units.PRINTED_UNITS.get(unit_text)  # (半秒, 半分钟: units outside the printed vocabulary)
        return Hit(span_start, u.end(), s[as_start:u.end()], Number(Decimal("0.5")), unit_text,
                   printed.unit if printed else "", qualifier)
    if m.group("pct"):
        if prev == "第":
            return None
        number = parse(m.group("pct") + m.group("num"))
        return percent_hit(s, start, end, last_end, number) if number else None
    return None


def chinese_number_is_word(s: str, start: int, num: str, prev: str) -> bool:
    """A Chinese numeral that is part of a word, not a number: 百姓, 千万 (adverb), 数十, 统一."""
    core = P.RANGE_SPLIT_RE.split(num, 1)[0]
    if len(num) == 1 and num in "壹贰貳叁肆伍陆陸柒捌玖拾佰仟":
        return True  # 陆家嘴, 陆续, 大陆: a financial numeral alone is the character, not a number
    if core[0] in "百佰千仟万萬亿億" and prev not in "近达到约逾超破过上" and not P.APPROX_MARK_RE.search(num) \
            and not (len(core) > 1 and s.startswith("元", start + len(num))) and s[start - 2:start] not in P.LEVEL_WORDS:
        return True  # 百姓, 千万 (adverb), 万一: a bare magnitude is a word (but 百余, 近千, 达万种, 守住万点, 失守万点)
    if core[0] == "几" and len(P.FEW_MARKS_RE.sub("", core)) == 1:
        return True  # 几 alone is vague
    if core[0] == "几" and not s.startswith(P.VAGUE_DURATION_AFTER, start + len(num)):
        return True  # 几百亩: vague (几十年 is a duration, at least 20 years)
    if prev == "数" or (prev == "上" and not P.MAGNITUDE_IN_RE.search(core)):
        return True  # 数十, 数百, 上百: vague (but 上千万, 上万: a threshold)
    if num == "一" and (prev in P.DETERMINERS or (start >= 2 and s[start - 2] == "不")):
        return True  # 不落一户, 每一户, 统一
    if num[0] == "一" and start >= 2 and prev in P.CLASSIFIERS and s[start - 2] in P.CN_DIGIT_SET:
        return True  # 五个一批: the second numeral of a slogan
    return False


def read_range(num: str, negative: bool = False) -> tuple[Number, Decimal] | None:
    """A range's lower end (a Number, qualifier at_least) and upper end, read from *num*
    (3至5万, 5%—20%, 1.5%至-0.8% with *negative* for a minus before it, 30～80, 三至五): a
    magnitude or percent sign written once after the upper end applies to both ends; None
    when it is not a range or its ends are not in order."""
    sep = P.RANGE_SPLIT_RE.search(num)
    if sep is None:
        return None
    low_text, high_text = num[:sep.start()], num[sep.end():]
    high_negative = high_text[:1] in P.MINUS
    if high_negative:
        high_text = high_text[1:]
    tail = P.RANGE_TAIL_RE.search(high_text)
    if tail and not P.RANGE_TAIL_RE.search(low_text):
        low_text += tail.group()  # 3至5万: 30000 to 50000
    low, high = parse(low_text), parse(high_text)
    if low is None or high is None or (low.percent != high.percent and sep.group()[0] not in "%％"):
        return None
    lo = -low.value if negative else low.value
    hi = -high.value if high_negative else high.value
    if lo == hi:
        return None
    if lo > hi:
        lo, hi = hi, lo  # 15~14℃, printed high to low (the evening's fall): value the lower end
    return Number(lo, "at_least", low.percent or high.percent), hi


def read_number(num: str) -> tuple[Number | None, bool]:
    """The Number of *num*, and whether it is two numerals side by side (三五, 七八: approx)."""
    number = parse(num)
    if number is not None:
        return number, False
    adjacent = P.ADJACENT_RE.fullmatch(num)
    if adjacent:
        low, high = (P.CN_VALUES[c] for c in adjacent.groups())
        if low < high <= low + 2 or (low, high) == (3, 5):
            return Number(Decimal(low), "approx"), True
    return None, False


def find_unit(s: str, end: int, is_arabic: bool, num: str, bounds: Clauses) -> tuple[str, int] | None:
    """The printed unit after the number at *end* and where it ends, or None.

    Known units first (the closed vocabulary and the extractor's other units); after an
    Arabic number, any other word that stands where a unit stands (open vocabulary)."""
    u = P.UNIT_RE.match(s, end)
    if u:
        unit_text = u.group()
        if not is_arabic and unit_text not in units.PRINTED_UNITS and unit_text not in P.CN_OTHER_UNITS \
                and unit_text not in ("个多月", "个多小时", "个半月", "个半小时"):
            return classifier(s, end, num)
        if unit_text == "点" and "." not in num and "．" not in num \
                and not ((plain := num.replace(",", "").replace("，", "")).isdigit() and int(plain) > 24):
            return None  # 凌晨3点: a time of day; 512.6点 and 3000点 are an index's points
        return unit_text, u.end()
    if end >= len(s):
        return None
    ch = s[end]
    if ch in "/／" and is_arabic:
        per = P.PER_BASE_RE.match(s, end)
        if per:
            return OpenUnit(per.group()), per.end()  # 发病率2.1/10万: a rate per 100,000
    if ch in P.LATIN_UNIT_FIRST:
        latin = P.LATIN_UNIT_RE.match(s, end)
        if latin and (is_arabic or not latin.group()[0].isascii()):
            return latin.group(), latin.end()  # 0.5℃, 500万MAU, 20-30x, 120m²
        return None
    if not is_arabic:
        return classifier(s, end, num)
    if ch == "级":
        at = end - len(num)
        if at and s[at - 1] in "（(":
            at -= 1  # 发生程度为偏重（3～4级）: the scale's word stands before the bracket
        if s.startswith(P.SCALE_AFTER, end + 1 + (2 if s.startswith(("左右", "上下"), end + 1) else 0)) or "风" in s[end + 1:end + 9].split("。")[0] \
                or P.SCALE_BEFORE_RE.search(s, bounds.start(at, 12), at) \
                or P.WIND_RE.search(s, sentence_start(s, at, P.SCALE_SENTENCE_BACK), at) \
                or (s[at] in "（(" and s.endswith(P.SPEED_UNITS, 0, at)) \
                or P.GRADE_RE.search(s, max(s.rfind("。", 0, at) + 1, at - P.GRADE_BACK), at):
            return OpenUnit("级"), end + 1  # 东北风3～4级, 5.2级地震, 台风级(…,16~17级), 53.1米/秒(16级),
            # 发生程度4级；其中南部5级: a scale, not a grade
    if ch == "届" and P.TITLES_AFTER_RE.match(s, end + 1):
        return OpenUnit("届"), end + 1  # 2届大满贯冠军: titles won
    if ch in P.OPEN_STOP or not ("\u4e00" <= ch <= "\u9fff"):
        return None
    if end + 1 < len(s) and s[end + 1] == P.OPEN_SECOND:
        return OpenUnit(ch + P.OPEN_SECOND), end + 2
    return OpenUnit(ch), end + 1


class OpenUnit(str):
    """A unit read by position alone (1300口, 6艘): never one of the vocabulary's canonical units."""


class Classifier(OpenUnit):
    """A classifier of the lexical resource after a Chinese numeral (两波, 三艘, 五宗)."""


def classifier(s: str, end: int, num: str) -> tuple[str, int] | None:
    """A classifier of CC-CEDICT after the Chinese numeral *num* ending at *end*, unless the
    numeral and what follows make a word of the dictionary (两面, 一路, 三角, 五台山)."""
    start = end - len(num)
    if end < len(s) and s[end] in "金银铜" and P.MEDAL_RE.match(s, end) and num not in "零〇○":
        return Classifier(s[end]), end + 1  # 两银, 一铜: medals counted
    if ranked_set(s, start, end, num):
        return Classifier(s[end]), end + 1  # 最差十城: the ranked set counted
    if win_loss(s, start, end) and num not in "零〇○":
        return Classifier(s[end]), end + 1  # 一胜一负: a record of wins and losses
    if num == "一" and s.startswith("番", end) and P.DOUBLED_BEFORE_RE.search(s, max(0, start - 5), start):
        return Classifier("番"), end + 1  # 翻一番, 翻了近一番: doubled, the count as printed
    if num == "一" and s.startswith("枚", end) and s[end + 1:end + 3] in ("金牌", "银牌", "铜牌", "奖牌"):
        return Classifier("枚"), end + 1  # 收获一枚银牌: a medal won is a count
    if s.startswith("届", end) and (P.HELD_BEFORE_RE.search(s, max(0, start - 3), start)
                                   or P.TITLES_AFTER_RE.match(s, end + 1)) \
            and not P.SESSION_RE.match(s, end):
        return Classifier("届"), end + 1  # 每4年举办一届: editions held (elsewhere 届 is a session's ordinal)
    if num == "一" and s[end:end + 1] in P.CLASSIFIER_WORDS and s[end + 1:end + 2] != "之" \
            and P.RESULT_VERB_BEFORE_RE.search(s, max(0, start - 3), start) \
            and not any(s.startswith(w, start) for w in P.NUMERAL_WORDS.get(s[start:end + 1], ())):
        return Classifier(s[end]), end + 1  # 先赢一盘, 被扳回一局: a result, counted (一席之地, 共赢一起: words)
    if num in P.NOT_COUNTING_NUMERALS:
        return None  # 一堂, 一番, 一席 (idioms and articles); 零部件, 零担 (words)
    two = s[end:end + 2]
    word = two if two in P.CLASSIFIER_WORDS else s[end:end + 1]
    if word not in P.CLASSIFIER_WORDS or s[end + len(word):end + len(word) + 1] in P.PLACE_SUFFIX \
            or (word not in P.COMMUNITY_COUNTERS and s.startswith(P.COMMUNITY_WORDS, end + len(word))):
        return None  # 三道河子, 五峰山, 九峰社区: a place name (三个社区 are counted)
    for w in P.NUMERAL_WORDS.get(num[-1] + word[0], ()):
        if s.startswith(w, end - 1):
            return None
    for p in range(max(0, start - 4), start):
        for w in P.NUMERAL_WORDS.get(s[p:p + 2], ()):
            if p + len(w) > start and s.startswith(w, p):
                return None  # 两面三刀: inside a word that began before the numeral
    return Classifier(word), end + len(word)


def ranked_set(s: str, start: int, end: int, num: str) -> bool:
    """The Chinese numeral *num* (from *start* to *end*) counts a ranked set of places or bodies
    after a superlative (最差十城, 最佳五村); 一 is left to the article rules."""
    return start >= 2 and s[start - 2] == "最" and s[start - 1] in P.RANKED_SET_BEFORE \
        and num not in P.NOT_COUNTING_NUMERALS and end < len(s) and s[end] in P.RANKED_SET_NOUNS


def win_loss(s: str, start: int, end: int) -> bool:
    """The number from *start* to *end* counts the wins or the losses of a record (一胜一负, 5胜3负)."""
    if end >= len(s):
        return False
    if s[end] == "胜":
        return P.WIN_THEN_LOSS_RE.match(s, end) is not None
    return s[end] == "负" and P.WIN_BEFORE_RE.search(s, max(0, start - 6), start) is not None


def _number_follows(s: str, at: int) -> bool:
    """A number follows within three characters of the same clause (一天300元, 一年能种三季), or
    within six after an adverb of capacity (一天就要发走400斤, 一年可以收获两季)."""
    for ch in s[at:at + (6 if s[at:at + 1] in P.CAPACITY_ADVERBS else 3)]:
        if ch in P.CLAUSE_END:
            return False
        if ch in P.ARABIC_DIGITS or (ch in P.CN_DIGIT_SET and ch != "一"):
            return True
    return False


LINE_UNITS = ("℃", "度", "毫米")  # before 线, a line named by its value (35℃线)
POINT_UNITS = ("周", "天", "个月", "星期")  # before 前, a point in time (2周前)
# The units that unit_is_word's checks after those of Chinese numerals look for.
WORD_CHECKED_UNITS = frozenset({"个", "块", "分", "年", *LINE_UNITS, *POINT_UNITS, *P.TIME_UNITS}) | P.CALENDAR_STRETCH_UNITS


def unit_is_word(s: str, num: str, is_arabic: bool, unit_text: str, unit_end: int, prev: str) -> bool:
    """The unit is the start of another word, a place name, a slogan, a date or a time of day."""
    after = s[unit_end] if unit_end < len(s) else P.EDGE
    if isinstance(unit_text, Classifier) and unit_text in P.TALLIES:
        return False  # 两银一铜, 一胜一负: medals, wins and losses listed
    if after in P.UNIT_NOT_BEFORE.get(unit_text, "") or after == "化" or after == unit_text[-1]:
        return True  # another word (人民, 位于 ...), 一体化, or a reduplication (一次次, 一个个)
    if is_arabic and num[0] == "0" and num[1:2].isdigit() and unit_text not in P.TIME_UNITS:
        return True  # 低轨05组卫星, 03号: a number padded with a zero names a batch, counts nothing
    if not is_arabic:
        if after in P.PLACE_AFTER.get(unit_text, ""):
            return True  # 三家子, 九台区
        if unit_text == "分":  # 十分 (very), 三分之一: a score needs Arabic digits; 直落四分 counts points
            return (num == "十" and after not in P.PUNCT) or not P.POINTS_WON_BEFORE_RE.search(  # (拿下十分关键的)
                s, max(0, unit_end - len(num) - 3), unit_end - len(num) - 1)
        if after == "一" or (num == "一" and after in P.CN_DIGIT_SET):
            return True  # 一户一策, 五位一体, 一年一度, 一年四季, 一家三口
        if unit_text == "个" and num != "一" and P.SLOGAN_AFTER_GE.match(s, unit_end):
            return True  # 四个确保, 两个维护
        if unit_text == "条" and s.startswith(P.SLOGAN_LINES, unit_end):
            return True  # 两条底线, 三条红线
        if num == "一" and unit_text in P.PER_ONE_UNITS and after != "半" and (
                prev in "去新的这前上下" or after == "地" or (after == "来" and (prev in P.PUNCT or prev in P.CLAUSE_END))
                or _number_follows(s, unit_end)):
            return True  # 过去一年, 新的一年, ，一年来， (a time frame); 一天300元, 一年能种三季, 一亩地, 一斤卖到9元 (per);
            # 一年半 is a length whatever stands before it (刷新一年半高位)
        if unit_text == "类" and num == "二":
            return True  # 二类新药: class II (counting says 两类)
    if unit_text not in WORD_CHECKED_UNITS:
        return False  # (each check below is for one of these units)
    if unit_text == "个" and s.startswith("工作日", unit_end):
        return True  # 5个工作日: working days are not in the vocabulary
    if unit_text == "块" and not (after == "钱" or after in P.PUNCT or P.PER_ONE_RE.match(s, unit_end)):
        return True  # 一块地, 一块儿 (12块一斤 is a price)
    if unit_text == "分" and prev in "时点:：":
        return True  # 8时30分
    if after == "线" and unit_text in LINE_UNITS:
        return True  # 35℃线北抬, 500毫米等雨量线: a line named by its value (an isotherm), a name
    if unit_text in P.TIME_UNITS and after == "期" and not s.startswith("期间", unit_end):
        return True  # 10年期国债, 3个月期: a tenor names a product, it is no duration (3个月期间 is one)
    if unit_text in POINT_UNITS and after == "前":
        return True  # 比2周前: a point in time
    if unit_text in P.TIME_UNITS and s.startswith(P.EARLIER_AFTER, unit_end):
        return True  # 相较三年早先, 两个月之前, 五年以前: a point in time, as 10年前
    if prev in "前首" and unit_text in P.CALENDAR_STRETCH_UNITS \
            and s[unit_end - len(unit_text) - len(num) - 2:][:1] not in P.COMPARISON_BEFORE:
        return True  # 今年前8个月, 首9个月, 前4天累计: a stretch of the calendar counted from its start, a
        # period as 1-8月 is (比前5个月, 较前两周: a window compared with, a duration)
    if unit_text == "年":
        if after in "前后" and unit_end + 1 < len(s) and (s[unit_end + 1] in P.PUNCT or s[unit_end + 1] in P.CLAUSE_END):
            return True  # 10年前， (a point in time)
        if is_year_date(num):
            return True  # 2019年, 二〇一九年
        if is_arabic and P.MONTH_AFTER_RE.match(s, unit_end):
            return True  # 19年3月
    return False


def label_unit(label: str) -> tuple[str, int] | None:
    """The unit a row label's brackets print and the magnitude before it: 元/股 -> (元/股, 1),
    亿元 -> (元, 10**8), % -> (%, 1); None when it is no unit (2023, 见图1)."""
    if label in ("%", "％"):
        return "%", 1
    if label.split("/")[0] in P.UNIT_KEYS:
        return label, 1
    m = P.LABEL_MAGNITUDE_RE.fullmatch(label)
    if m and m.group(2).split("/")[0] in P.UNIT_KEYS:
        return m.group(2), P.LABEL_MAGNITUDES[m.group(1)]
    return None


def unit_cell(s: str, start: int, end: int, num: str, offsets) -> Hit | None:
    """A number alone in a table cell whose unit stands alone in the cell before it (地区生产总值
    亿元 5678.9: a statistical table's unit column): that unit, its magnitude applied."""
    if isinstance(offsets, range) or not space_before(offsets, start) or not P.SEP_CHARS.isdisjoint(num) \
            or not (end == len(s) or space_before(offsets, end) or s[end] in P.CLAUSE_END or s[end] in P.PUNCT):
        return None
    k = start - 1
    while k > start - 5 and k > 0 and not space_before(offsets, k):
        k -= 1
    if k > 0 and s[k - 1] in P.ARABIC_DIGITS:
        return None  # 2019 年 1 月: the cell before is the unit of a number (a spaced date), no column
    found = label_unit(s[k:start]) if k > 0 and space_before(offsets, k) else None
    number = parse(num)
    if found is None or found[0] == "%" or number is None:
        return None
    unit_reported, scale = found
    printed = units.PRINTED_UNITS.get(unit_reported)
    return Hit(start, end, s[start:end], Number(clean_value(number.value * scale)), unit_reported,
               printed.unit if printed else "", "exact")


#: how far before a table cell its row label may close (in characters without whitespace)
LABEL_REACH = 48


def near_label(labels: list[int], start: int) -> bool:
    """A row label's closing bracket (*labels*: their sorted positions) stands within a cell's
    reach (LABEL_REACH) before *start*."""
    i = bisect.bisect_right(labels, start)
    return i > 0 and labels[i - 1] >= start - LABEL_REACH


def table_cell(text: str, s: str, start: int, end: int, num: str, offsets) -> Hit | None:
    """A number alone in a table cell, its unit in the row's label (基本每股收益(元/股)
    0.0305 0.1155; 营业收入（亿元） 123.45: 12,345,000,000 元), the cells apart by
    whitespace, all on the label's line. A bare number elsewhere stays out."""
    if not num or num[0] not in P.ARABIC_DIGITS or not P.SEP_CHARS.isdisjoint(num):
        return None
    at = start - 1 if start and s[start - 1] in P.MINUS and space_before(offsets, start - 1) else start
    if not (space_before(offsets, at) or (at and s[at - 1] in ":：)）")):
        return None
    if not (end == len(s) or space_before(offsets, end) or s[end] in P.CLAUSE_END or s[end] in P.PUNCT):
        return None
    label = P.ROW_LABEL_UNIT_RE.search(s, max(0, at - LABEL_REACH), at)
    if label is None or "\n" in text[offsets[label.start()]:offsets[at]]:
        return None
    found = label_unit(label.group(1))
    number = parse(num)
    if found is None or number is None:
        return None
    unit_reported, scale = found
    value = number.value * scale * (-1 if at < start else 1)
    if unit_reported == "%":
        return Hit(at, end, s[at:end], Number(clean_value(value), "exact", True), "%", "percent", "exact")
    printed = units.PRINTED_UNITS.get(unit_reported)
    return Hit(at, end, s[at:end], Number(clean_value(value)), unit_reported, printed.unit if printed else "", "exact")


def plan_names(s: str) -> list[tuple[int, int]]:
    """Spans of a plan's name (三年行动计划, 五年攻坚行动): one or two numerals before 年行动."""
    spans = []
    for m in P.PLAN_RE.finditer(s):
        start = m.start()
        while start > m.start() - 2 and start and s[start - 1] in P.PLAN_NUMERALS:
            start -= 1
        if start < m.start():
            spans.append((start, m.end()))
    return spans


def slogan_lists(s: str) -> list[tuple[int, int]]:
    """Spans of lists of three or more items whose numerals run one after another
    (五个振兴、六个坚持、七种能力): slogans, not counts."""
    spans: list[tuple[int, int]] = []
    for hint in P.NUMBERED_LIST_HINT_RE.finditer(s):
        if spans and hint.start() < spans[-1][1]:
            continue
        m = P.NUMBERED_LIST_RE.search(s, max(0, hint.start() - 5))
        if m is None:
            continue
        values = [P.CN_VALUES[item[0]] for item in m.group().split("、")]
        if len(values) >= 3 and all(b == a + 1 for a, b in zip(values, values[1:])):
            spans.append((m.start(), m.end()))
    return spans


def magnitude_only(s: str, start: int, end: int, num: str, prev: str, last_end: int) -> Hit | None:
    """A number with a magnitude and no unit (达到1031万, 比去年增加115万) is an amount (a
    code or a year has no 万); a bare magnitude after a threshold word (突破千万, 上千万) is one
    too, a lower bound. The unit is left empty."""
    number = parse(num)
    if number is None:
        return None
    span_start, as_start, qualifier = prefix(s, start, last_end)
    if prev == "上" and qualifier == "exact":
        qualifier = "at_least"  # 上千万: ten million and more
    return Hit(span_start, end, s[as_start:end], number, "", "", qualifier)
