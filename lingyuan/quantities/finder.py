"""Finding quantities in running text: :func:`find_quantities`, which gives
:class:`lingyuan.quantities.quantity.Quantity` rows.

The extractor reads the text with all whitespace removed (so a number and its unit
split by a line break, 67\\n\\n公顷, are read together) and maps every position back to
the text as given. A candidate number is kept only when the language says it is a
quantity: it is followed by a unit or classifier (of the vocabulary, or any other
word that stands where a unit stands after an Arabic number), or a percent sign, or
stands in a form that carries its own unit (百分之三十, 一半, 七成, 三分之一, 半年), or
is followed by a counted noun that carries its unit (6万余贫困人口). Everything else is
left out: bare Arabic numbers (codes, phone numbers), Chinese numerals without a
classifier (一定, 进一步, 二安沟), dates, ordinals, slogans.
"""
from __future__ import annotations

import bisect
import functools
import re
from decimal import Decimal

from lingyuan.quantities import patterns as P
from lingyuan.quantities import records, rules, shapes, tables, units
from lingyuan.quantities.around import FIXED_UNITS, canonical_unit, range_upper, suffix
from lingyuan.quantities.layout import Offsets, compact, cuts as _cuts, matches_at, matches_from, occurrences  # noqa: F401  (Offsets, compact: used by draft, coverage)
from lingyuan.quantities.numerals import Number
from lingyuan.quantities.rules import Hit
from lingyuan.quantities.numerals import clean_value
from lingyuan.quantities.quantity import FIELDS, Quantity, context  # noqa: F401  (FIELDS: the columns of a Quantity)
from lingyuan.quantities.values import normalise_number
from lingyuan.quantities.words import CHANGE_WORDS

# The characters that begin what range_upper reads after a unit: a separator (至, ~, -), 及以上至.
RANGE_FIRST = P.SEP_CHARS | frozenset("及以")
# The characters that begin what suffix reads after a unit: a bound (以上, 左右), an aside before
# one (（含税）以上), 内 after a time.
AFTER_UNIT_FIRST = P.SUFFIX_FIRST | frozenset("（(内")
# The characters after a Chinese numeral that a unit, a classifier or one of read_match's shapes
# (mixed units, counts of what was named or listed, medals, wins and losses) begins with: after
# any other, the numeral is a word (一定, 统一), rejected before those checks are tried.
CN_NUMERAL_NEXT = P.CN_UNIT_FIRST | frozenset(P.MIXED_WORDS_NEXT) | P.PLACE_COUNT_FIRST | P.LIST_JOINS \
    | frozenset("大金银铜胜负")


def read_match(s: str, m: re.Match, last_end: int, bounds: rules.Clauses, offsets=None,
               level: bool = False) -> Hit | None:
    """Decide whether the number matched at *m* is a quantity; None if not. *offsets* (of
    :func:`compact`) tell where whitespace stood in the text as given; *level* says that
    至/到 right after a change stands before it (跌0.2%至101.3: the level reached)."""
    start, end = m.span()
    prev = s[start - 1] if start else P.EDGE
    pct, num = m.group("pct", "num")
    if num is None or pct:
        return rules.special_form(s, m, last_end)
    is_arabic = num[0] in P.ARABIC_DIGITS
    nxt = s[end] if end < len(s) else P.EDGE  # (the character after the number, read once)
    negative = False
    after_letters = False
    listed = None
    # an Arabic number between characters that none of the checks below looks for (most of them:
    # 12.5%, 680万元, 3.5亩) goes straight to its unit
    if not is_arabic or prev in P.CHECKED_BEFORE or nxt in P.CHECKED_AFTER:
        if not is_arabic and nxt not in CN_NUMERAL_NEXT and nxt != prev and end < len(s) \
                and s[start - 2:start - 1] != "最" and not P.MAGNITUDE_IN_RE.search(num):
            return None  # 一定, 统一, 进一步: a Chinese numeral before what no unit, shape or list begins with
        if prev == "第" or (prev in "纬经" and s[start - 2:start] in P.COORDINATE_BEFORE):
            return None  # ordinals; a latitude or longitude (北纬20.1度) is a place
        if prev in "·•" or (prev == "双" and num[0] in P.ARABIC_DIGITS):
            return None  # 7·20特大暴雨, 3·15晚会, 双11: a date that names an event
        if prev in "+＋" and start >= 2 and s[start - 2] in P.DIGIT_CHARS:
            return None  # 5+2模式, 1+1: the second term of a sum or a name (a sign stands after no digit)
        if is_arabic and (prev in "分秒米" or (end < len(s) and s[end] in "分秒米小")):
            mixed = P.MIXED_RE.match(s, start)
            inside = start and (prev in "分秒" or (prev == "米" and mixed and mixed.group("m")))  # 4分28秒43's 28
            if mixed and not inside and (mixed.group("m") or mixed.group("hs") or mixed.group("min") or mixed.group("h")
                                         or mixed.group("hh")):
                return shapes.mixed_units(s, start, mixed, last_end)  # 4分28秒43, 19秒30, 1分55秒, 76米34
        if nxt in P.MIXED_WORDS_NEXT and s[end + 1:end + 2] in P.MIXED_WORDS_NEXT[nxt] and prev not in P.ARABIC_DIGITS:
            mixed = P.MIXED_WORDS_RE.match(s, start)
            if mixed and (hit := shapes.mixed_words(s, start, mixed, last_end)):
                return hit  # 两小时3分42秒, 2年9个月: one length in the smaller unit
        if nxt in ".．" and is_arabic and s[end + 1:end + 2] in P.PERCENT_SIGNS and num.isdigit():
            span_start, as_start, qualifier = rules.prefix(s, start, last_end)  # 17.%: its decimals missing, as printed
            return Hit(span_start, end + 2, s[as_start:end + 2], Number(Decimal(num), "exact", True), "%", "percent", qualifier)
        if nxt == "+" and is_arabic and (hit := shapes.threshold_plus(s, start, end, num, last_end)):
            return hit  # 562场30+: games of 30 or more
        if prev == "“" and is_arabic and nxt == "”" and (hit := shapes.quoted_count(s, start, end, num)):
            return hit  # 发射次数刷新为“600”: a count quoted for emphasis
        if is_arabic and prev == "负" and end < len(s) and not (start >= 2 and s[start - 2] in P.TALLY_DIGITS):
            negative = True  # 增速为负1.2%: 负 is a minus written in a word (3胜1负2平: 负 counts losses)
        elif is_arabic and ((prev.isascii() and prev.isalpha()) or prev in ".．-_/－−"):
            if prev in "Hh" and start >= 2 and s[start - 2] in "pP":
                return shapes.ph_reading(s, start, end, num, last_end)  # pH4-10 (条 of 条件 is none of its units)
            if prev in P.MINUS and (is_sign(s, start) or rules.space_before(offsets, start - 1)):
                negative = True  # 同比-6%, ，-1.5%, 0.1155 -73.58%: a minus sign
            elif prev.isascii() and prev.isalpha():
                after_letters = True  # GDP6.2%, EPS0.45元: only with a unit known by name (not G102国道)
            elif prev in "/／" and start >= 2 and s[start - 2] not in P.DIGIT_CHARS and not s[start - 2].isascii():
                pass  # 930套/76458.66㎡: a second quantity after a slash that closes the first one's unit
            else:
                return None  # PM2.5, 2019-2020, codes
        if is_arabic and (s.startswith(P.INDEX_NAME_AFTER, end) or (nxt == "种" and P.INDEX_STOCKS_RE.match(s, end))
                          or (prev in P.INDEX_FAMILY_LAST and P.INDEX_FAMILY_RE.search(s, start - 4, start))
                          or (num in P.INDEX_SIZES and s.startswith(P.INDEX_SERIES_WORDS, end))):
            return None  # 中证500, 沪深300, 500指数, 30种…指数, 300信息: the name of an index
        if num == "一" and s[start - 2:start] == "最后":
            return None  # 最后一名, 最后一位乘客: the last, an ordinal
        if nxt == prev and not is_arabic and (hit := shapes.named_counted(s, start, end, num)):
            return hit  # 医疗保险和生育保险两险: a count of the things just named
        if nxt == "大" and not is_arabic and (hit := shapes.set_counted(s, start, end, num)):
            return hit  # 钢铁、建筑、煤炭三大板块: a count of the set just listed
        if nxt in P.PLACE_COUNT_FIRST and not is_arabic \
                and (hit := shapes.places_counted(s, start, end, num, last_end)):
            return hit  # 云南、贵州两省, 西南四省市: a count of the places named
        listed = shapes.shared_unit(s, end, bounds) if nxt in P.LIST_JOINS and not is_arabic \
            and (prev == "、" or prev not in P.PUNCT and prev not in P.CLAUSE_END) else None  # (，二、5年内: a list mark)
        if not is_arabic and listed is None and ((end < len(s) and s[end] not in P.CN_UNIT_FIRST and not P.MAGNITUDE_IN_RE.search(num)
                               and not (s[end] in "金银铜" and P.MEDAL_RE.match(s, end))
                               and not (s[end] in "胜负" and rules.win_loss(s, start, end))
                               and not (start >= 2 and s[start - 2] == "最" and rules.ranked_set(s, start, end, num)))
                              or rules.chinese_number_is_word(s, start, num, prev)
                              or (prev == "期" or prev == "拜") and s[start - 2:start] in P.WEEKDAY_BEFORE):
            return None  # a numeral in a word (一定, 统一), a weekday (星期六)
        if prev in P.LIST_JOINS and shapes.ordinal_list(s, start):
            return None  # 第2、3条, 第2和3条, 第二、三名
        if prev == "每" and is_arabic and P.RATE_BASE_RE.match(s, end):
            return None  # 每10万人口发病2.1例: the base of a rate
        if (prev in P.RATIO_MARKS or nxt in P.RATIO_MARKS) and is_arabic and num.isdigit() \
                and (side := shapes.statistic_side(s, start, end, num, prev not in P.RATIO_MARKS)):
            return side  # 射门次数7比23: two sides of a count, not a score; 比例为3:2, the terms of a ratio
        if prev in "比:：∶" and start >= 2 and s[start - 2] in P.ARABIC_DIGITS and "." not in num:
            return None  # 3比1, 2:0: a score, no quantity of its own
        if is_arabic and (prev in ":：∶" or (end < len(s) and s[end] in ":：∶")) and "." in num \
                and (s[end + 1:end + 2] in P.ARABIC_DIGITS or start >= 2 and s[start - 2] in P.ARABIC_DIGITS):
            number = rules.parse(num)  # 37.2:20.5:42.3, a structure: one quantity per term, no unit
            return Hit(start, end, num, number, "", "", "exact") if number else None
        if is_arabic and ((s[end:end + 1] in P.SERVICE_FIRST and s.startswith(P.SERVICE_NUMBER_AFTER, end))
                          or (prev in P.ADDRESS_LAST and s[start - 2:start] in P.ADDRESS_BEFORE
                              and s[end:end + 1] not in P.COUNT_AFTER_NOUN)):
            return None  # 12345热线, 110报警: a telephone number; 3单元502室: a door (单元13259个: a count)
        if nxt == "、" and is_arabic and (pair_end := shapes.adjacent_pair(s, start, bounds)):
            num, end = s[start:end] + "-" + s[end + 1:pair_end], pair_end  # 东北风2、3级: the range 2-3
    found = rules.find_unit(s, end, is_arabic, num, bounds)
    magnitude = ""
    if found is None and (is_arabic or listed) and end < len(s) and s[end] in P.LIST_JOINS:
        found = listed or shapes.shared_unit(s, end, bounds)  # (五、七和10年: mixed numerals)  # 2.16和1.66个百分点: the unit written once
        if found:
            unit_text, unit_end, magnitude = found
            found = unit_text, unit_end
            if P.LIST_MAGNITUDE_RE.search(num):
                magnitude = ""  # (2亿、3000万元: each its own)
    has_sep = not P.SEP_CHARS.isdisjoint(num)  # (a range, a score: 3-5, 6-3)
    if (prev == "前" or has_sep) and shapes.result_or_rank(s, start, end, num, found, prev) \
            or nxt == "平" and P.TIE_BEFORE_RE.search(s, max(0, start - 4), start):
        return None  # 6-3晋级, 4-2领先: a score; 前八种子: a rank; 战成11平: a tie
    if after_letters and (found is None or isinstance(found[0], rules.OpenUnit) or found[0] in P.TIME_UNITS):
        return None  # G102国道, C919大飞机, H1N1: a code or a name; PM2.5年均: no duration follows a code
    if found and type(found[0]) is rules.OpenUnit and (rules.space_before(offsets, end) or rules.names_a_year(num)):
        # 1.1 破解…, 图1 当前: an open unit is written against its number;
        # 2024巴黎奥运会, 2023赛季: a year names what follows, it counts nothing
        found = None
    if found is None:
        if is_arabic and shapes.ph_before(s, start):
            return shapes.ph_reading(s, start, end, num, last_end)  # pH值低于4或高于11.5: readings
        hit = rules.unit_cell(s, start, end, num, offsets) if is_arabic and not negative else None
        if hit is None:
            hit = shapes.noun_unit(s, start, end, num, is_arabic, last_end)
        if hit is None and is_arabic:
            hit = shapes.reading(s, start, end, num, last_end, bounds, level)
        if hit is None and P.MAGNITUDE_IN_RE.search(num) and (is_arabic or prev in P.THRESHOLD_BEFORE):
            hit = rules.magnitude_only(s, start, end, num, prev, last_end)  # 达到1031万, 突破千万
        return signed(s, hit, start) if negative and hit else hit
    unit_text, unit_end = found
    if rules.unit_is_word(s, num, is_arabic, unit_text, unit_end, prev):
        return None
    if unit_text == "米" and (P.EVENT_AFTER_RE.match(s, unit_end) or s[start - 2:start] in P.EVENT_BEFORE
                             or prev in "Xx×" or (is_arabic and num in shapes.event_distances(s))):
        return None  # 男子100米, 400米决赛, 4X100米接力, 三米板: the name of an event
    if unit_text in P.COUNTED_NOTHING_UNITS and shapes.counts_nothing(s, start, num, unit_text, unit_end, prev):
        return None  # 十二个字 of a slogan, 再喷一次, 分获二、三名
    if unit_text in P.CLASS_WEIGHTS and P.WEIGHT_CLASS_RE.match(s, unit_end):
        return None  # 48公斤级, 75公斤以上级: a weight class; 5万吨级泊位: a ship's class
    high = None
    ranged = rules.read_range(num, negative) if has_sep else None
    if ranged:
        number, high = ranged
    else:
        printed = num + unit_text if unit_text in ("%", "％") else num + magnitude
        number = rules.parse(printed) or rules.read_number(printed)[0]  # (read_number: also 三五, 七八)
    if number is None:
        return None
    if negative and not ranged:
        number = Number(-number.value, number.qualifier, number.percent)
    hit = unit_hit(s, start, end, num, number, unit_text, unit_end, last_end, bounds, offsets)
    if hit is not None and high is not None and hit.high is None:
        hit.high = high
    return signed(s, hit, start) if negative and hit else hit


def is_sign(s: str, start: int) -> bool:
    """The character before the number at *start* is a minus sign, not a hyphen of a code or a
    range (2019-2020, A-3): what stands before it is no digit, letter or closing mark."""
    before = s[start - 2] if start >= 2 else P.EDGE
    return not (before.isascii() and before.isalnum()) and before not in P.ARABIC_DIGITS \
        and before not in ".．%％)）_/" and before not in P.MINUS


def signed(s: str, hit: Hit, start: int) -> Hit:
    """The hit with its minus sign: in the span and in as_reported (the number as printed)."""
    if hit.span_start == start:
        hit.span_start = start - 1
    if not hit.as_reported.startswith(tuple(P.MINUS)):
        hit.as_reported = s[start - 1] + hit.as_reported
    return hit


def unit_hit(s: str, start: int, end: int, num: str, number, unit_text: str, unit_end: int,
             last_end: int, bounds: rules.Clauses, offsets=None) -> Hit | None:
    """The quantity of a number and its unit: bound before, range, rate, bound after, canonical unit."""
    after = s[unit_end] if unit_end < len(s) else P.EDGE
    span_start, as_start, qualifier = rules.prefix(s, start, last_end)
    if number.qualifier == "approx" and qualifier == "exact" and P.ADJACENT_RE.fullmatch(num):
        qualifier = "approx"  # 三五个, 七八岁
    elif qualifier == "exact" and num[0] in "百千万亿" and s[start - 1:start] == "上":
        qualifier = "at_least"  # 上万人: ten thousand and more, as 上千万 without a unit
    unit_reported = P.REPORTED_AS.get(unit_text, unit_text)  # 5兆人民币: 元; 2金3银: 枚
    if unit_text not in P.TIME_UNITS:
        as_reported = s[as_start:end]  # (the checks below are for lengths of time)
    else:
        if unit_text in ("个半月", "个半小时"):
            # 一个半月: one and a half months; as_reported keeps the unit, as in 一年半
            number = type(number)(number.value + Decimal("0.5"), number.qualifier, number.percent)
            unit_reported = unit_text.replace("半", "")
        if unit_text in ("个多月", "个多小时"):
            unit_reported = unit_text.replace("多", "")  # 两个多月: 个月, approximately
            if qualifier == "exact":
                qualifier = "approx"
        if s[span_start:start] == "近" and not num[0].isdigit():
            # 近三年来: 近 before a duration written in words means "the last", not "nearly".
            span_start = as_start = start
            qualifier = "exact"
        as_reported = s[as_start:end] if unit_text not in ("个半月", "个半小时") else s[as_start:unit_end]
        if after == "半":
            # 一年半, 两天半: half a unit more; as_reported keeps the unit (一年半)
            number = type(number)(number.value + Decimal("0.5"), number.qualifier, number.percent)
            unit_end += 1
            as_reported = s[as_start:unit_end]
            after = s[unit_end] if unit_end < len(s) else P.EDGE
    ranged = range_upper(s, unit_end, unit_text, number, offsets) if after in RANGE_FIRST else None
    if ranged and ranged[0] in "至到" and unit_text not in ("%", "％") \
            and change_of(s, span_start, bounds.start(span_start)):
        ranged = None  # 增加12万吨至350万吨: the change, then the level reached (two quantities)
    high_value = None
    if ranged:
        sep, high, unit_end, high_value = ranged  # 2万元至5万元: one range, its lower end
        as_reported = f"{as_reported}{sep}{high}"
        number = type(number)(number.value, "at_least", number.percent)
        qualifier = "at_least"
        after = s[unit_end] if unit_end < len(s) else P.EDGE
    per = None
    if after in ("/", "／") and s[unit_end + 1:unit_end + 2] not in P.DIGIT_CHARS:  # (930套/7.6万㎡: two quantities)
        rate_unit = P.UNIT_RE.match(s, unit_end + 1)
        denominator = rate_unit.group() if rate_unit else s[unit_end + 1:unit_end + 2]
        per = P.SLASH_PER.get(denominator, "none")
        unit_end += 1 + len(denominator)
    elif after in "一1钱" and unit_text in P.PRICE_UNITS and (one := P.PER_ONE_RE.match(s, unit_end)):
        per, unit_end = P.SLASH_PER.get(one.group(1), "none"), one.end()  # 12.5元一斤: 元/斤
    if qualifier == "exact" and number.qualifier != "exact":
        qualifier = number.qualifier  # 3至5年内: a range stays a lower bound
    if s[unit_end:unit_end + 1] in AFTER_UNIT_FIRST:
        span_end, qualifier, has_suffix = suffix(s, unit_end, unit_text, qualifier)
    else:
        span_end, has_suffix = unit_end, False  # (no bound, aside or 内 after the unit: none of suffix's words)
    if num == "一" and (unit_text in P.CLASSIFIERS or isinstance(unit_text, rules.Classifier)) \
            and unit_text not in ("次", "人次") and not has_suffix \
            and qualifier not in ("at_least", "at_most") and s[start - 1:start] != "各" \
            and unit_text not in P.TALLIES:
        if unit_end < len(s) and s[unit_end] not in P.PUNCT and not s.startswith(P.MEDALS, unit_end) \
                and unit_text != "番" and not P.RESULT_VERB_BEFORE_RE.search(s, max(0, start - 3), start) \
                and not P.MARGIN_BEFORE_RE.search(s, max(0, start - 4), start):
            return None  # 一 + classifier + noun is an indefinite article (是一个家庭的希望; 一枚银牌 and
            # 各一个篮板, each one, and a margin, 还差一天, 近一个身位, are counted)
    unit = "" if isinstance(unit_text, rules.OpenUnit) or unit_text in units.SYMBOL_UNITS \
        else FIXED_UNITS.get(unit_reported) or canonical_unit(s, as_start, unit_end, unit_reported, bounds)
    if unit_reported in ("%", "％"):
        as_reported += unit_text
    elif isinstance(unit_text, rules.OpenUnit) or unit_text in units.SYMBOL_UNITS:
        unit = units.SYMBOL_UNITS.get(unit_text, "")  # 5km: km; 20x, 0.5℃: not in the vocabulary
    return Hit(span_start, span_end, as_reported, number, unit_reported, unit, qualifier, per, high_value)


def change_of(s: str, span_start: int, clause: int) -> str:
    """increase / decrease when a change word stands right before the number (增长12.5%)."""
    at = span_start - 1 if s[span_start - 1:span_start] != "了" else span_start - 2
    if at > 0 and s[at] in P.CHANGE_CHARS and s[at - 1] not in "每起":
        # 同比升2.6%, 环比降0.2%, 增0.2万人 (每升7.5元: a price per litre; 起降2338架次: flights)
        return P.CHANGE_CHARS[s[at]]
    m = P.CHANGE_RE.search(s, clause if clause > span_start - 8 else span_start - 8, span_start)
    while m and m.group(2).startswith("值"):
        m = P.CHANGE_RE.search(s, m.end(1), span_start)  # 增加值增长7.1%: value added (a noun), then the change
    if not m:
        return ""
    if m.group(2):
        nearer = P.CHANGE_RE.search(s, m.start(2), span_start)
        if nearer:
            m = nearer  # 降幅扩大3.5个百分点, 涨幅收窄0.3个百分点: the verb nearest the number gives the change
    gap = m.group(2)
    if P.LEVEL_IN_GAP_RE.search(gap) or gap in ("为", "成") or gap.startswith(("停", "值")) \
            or P.DIGIT_IN_GAP_RE.search(gap) or not P.SHARE_WORDS.isdisjoint(gap[1:]):
        return ""  # 提高到90%, 提升至每千克500瓦时, 扩大为三个 (the level reached); 增产贡献率超过80% (a share);
        # 工业增加值4065万元: 增加值 (value added) is a noun, the amount a level
    return CHANGE_WORDS[m.group(1)]


class _Scan:
    """What find_quantities keeps between numbers: clause marks, rate words, the last rate and change."""

    def __init__(self, s: str):
        self.s = s
        self.bounds = rules.Clauses(s)
        # (a rate word starts at 每, before 均 or at 亩产: tried there alone)
        starts = {*occurrences(s, "每"), *(at - 1 for at in occurrences(s, "均") if at), *occurrences(s, "亩产")}
        self.averages = [(m.start(), m.group()) for m in matches_at(P.AVERAGE_RE, s, sorted(starts))]
        self.av_starts = [a for a, _ in self.averages]
        self.used_averages: set[int] = set()
        self.last_rate: tuple[int, str, str] | None = None  # (end, unit_reported, per)
        self.last_change: tuple[int, str, str] | None = None  # (end, change, unit_reported)
        self.last_end = 0

    def per_of(self, hit: Hit, clause: int) -> str | None:
        """The per-unit of a rate: written with a slash, carried over from the last rate
        (每人每月620元和450元), or given by a rate word earlier in the clause (人均增收695元)."""
        if hit.per is not None:
            return hit.per
        last = self.last_rate
        if last and hit.unit_reported == last[1] and P.SAME_RATE_GAP_RE.fullmatch(self.s, last[0], hit.span_start):
            return last[2]
        if hit.unit == "percent" or not self.averages:
            return None
        j = bisect.bisect_left(self.av_starts, clause)
        avg = None
        while j < len(self.averages) and self.averages[j][0] < hit.span_start:
            avg = self.averages[j]
            j += 1
        if avg is None or avg[0] in self.used_averages or avg[0] < self.last_end:
            return None
        self.used_averages.add(avg[0])
        return P.AVERAGE_PER.get(avg[1], "none")

    def change_of(self, hit: Hit, clause: int) -> str:
        last = self.last_change
        if last and last[1] and P.SAME_CHANGE_GAP_RE.fullmatch(self.s, last[0], hit.span_start) \
                and (last[2] == hit.unit_reported or self.s[last[0]] not in "，,"):
            # 分别增长10.9%、10.4%, 分别上升1.5倍、3.3倍和72.6%; but over a comma only to the
            # same unit (减产2至3成，三至五年: the years are no change)
            return last[1]
        return change_of(self.s, hit.span_start, clause)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity printed in *text*, in order; see :class:`Quantity` for the fields.

    Kept: a number (Arabic or Chinese, with 万/亿, decimals, 余/多/近/约, ranges,
    adjacent numerals 三五) followed by a unit or classifier (of the vocabulary of
    :mod:`lingyuan.quantities.units`, or, after an Arabic number, any other word that
    stands where a unit stands: 1300口, 6艘, 13班次), a percentage (45.6%, 百分之三十,
    一半, 七成, 4成以上), a fraction (三分之一), a duration (两年多, 几十年, 一年半, 半年, 将近半秒),
    a multiple (2倍), or a number followed by a counted noun that carries its unit
    (6万余贫困人口 -> person), a count of the places just named (云南、贵州两省, 华北五省区) or of a set after its list
    (钢铁、建筑、煤炭三大板块) or of things named
    by the same last character (医疗保险和生育保险两险),
    一 + classifier after a verb of a result (获得一张门票, 打破一项纪录, 先赢一盘), editions held
    (每4年举办一届) and titles won (2届冠军得主; elsewhere 届 is a session's ordinal), points won
    in a row (直落四分), a count quoted for
    emphasis after a count's name (发射次数刷新为“600”). A classifier takes its canonical unit from the noun after
    it or right before the number (5栋猪舍 -> building, 新增合作社138个 -> cooperative;
    else item); 人均/棚均/户均/亩均 (and 每人, 每户, 每亩, 亩产 ...) before the first
    quantity of a clause make it per person / building / household / mu (人均增收695元
    -> CNY_per_person), and so do 元/人, 元/栋, 元/户, 元/亩 (and 一 for the slash after a price:
    12.5元一斤, 5块钱一个; 一天就要运走300箱 is per day); a rate without a canonical
    unit (每吨3.2元, 每公里2处) has unit "". A range (3至5万元, 2万元至5万元, 5%—20%,
    3～5成, -1.5%至-0.8%) is one quantity: value its lower end, value_high its upper,
    qualifier at_least (an age band 14岁以上不满16岁 too; two adjacent integers joined by 、
    before one unit, 东北风3、4级, as 三四级 is; printed high to low, 15~14℃, value the lower); but 增加12万吨至350万吨 is two, the
    change and the level reached. Thousands set apart by one space (321 146件, also a thin or
    no-break space) are one number when the first group is 1-3 digits and each later one three;
    not after a decimal or another spaced number, nor before one (table cells). 近
    before a duration in words means "the last" (近三年来: 3 years, exact).

    The grammar is open: after a number it reads units by class (symbols ℃ ‰ ㎡; Latin
    units and multipliers km, kWh, GB, x, MAU; any classifier of CC-CEDICT after a Chinese
    numeral, data/classifiers.txt), a number without a unit when an indicator stands
    before it in its clause (PMI为49.5, 病情指数35, 终值50.3, 指数(EQI)值为59.6, a ratio named as one: 生师比为18.25) or when it is the level reached
    after a change (美元指数跌0.2%至101.3), and a table cell whose row label ends in its unit
    in brackets (基本每股收益(元/股) 0.0305 0.1155; (亿元) scales the cells); in a printed
    table (| cells, or tabs or runs of spaces) a numeric cell takes its column header's unit,
    else its row label's, else that of a 单位:万元 line over the table (:mod:`.tables`). A time in mixed
    units is one quantity in seconds (2小时08分15秒, 4分28秒43, 19秒30, 两小时3分42秒,
    一小时零五分; hours and minutes alone in digits in minutes, 2小时10分以内: at most 130 分), years and months one in months (2年9个月: 33 个月); a pH is a reading
    (pH4-10, pH值低于4或高于11.5). A unit of the vocabulary (and a magnitude: 4665、2611亿千瓦时)
    printed once after a list of Arabic numbers is each one's (分别回落2.16和1.66个百分点), Chinese
    numerals before them too (期限包括五、七和10年). N级 is a wind force when a
    word of wind stands earlier in its sentence (台风级(52~58米/秒,16~17级)) or a speed before its
    bracket (53.1米/秒(16级)), and a grade on a scale after 程度/等级/级别 in its sentence
    (发生程度4级；其中南部5级). Counted too:
    wins and losses (一胜一负, as medals 两银一铜), a ranked set after a superlative
    (最差十城), one each (各一个篮板), a team's record in brackets after its name (湖人(19-14): 19 胜, 14 负),
    a threshold N+ (562场30+: at_least 30; 100+家: at least 100 家; not the terms of 5+2模式), a margin (只差半个胜场: 0.5; 超出她近一个身位: 1),
    a rate printed without its decimals (17.%: 17), two quantities joined by a slash (930套/76458.66㎡), a level held or lost (守住万点大关: at_least; 失守万点, 跌破3000点: at_most), doubling with an approximation (翻了近一番).

    Left out, because they are not quantities: calendar dates (2019年, 9月18日, 10月份,
    年初, 上半年, 一季度), points in time (10年前, 三年早先, 80年代, 过去一年, 一年来), times of day
    (8时30分, 凌晨3点), ordinals (第一, 第三次, 第2、3条), numerals inside place names and
    fixed words (二安沟, 三家子, 九台区, 九台农商银行, 一定, 进一步, 千万 as an adverb, 二人转), numbers
    inside short quoted slogans and book titles (“五个一批”, 《...》), slogan patterns
    (五个一批, 五位一体, 一户一策, 四个确保), 一 + classifier used as an article
    (是一个家庭的希望, 一种方法; 最后一名 is the last), negated or determined 一 (不落一户, 每一户, 再一次),
    reduplications (一栋栋, 一次次), a number padded with a zero (低轨05组: a name),
    codes after Latin letters (G102, PM2.5; but
    GDP6.2% and EPS0.45元 are read: after Latin letters a unit known by name is needed),
    一天/一亩/一斤 as "per day/per mu/per jin" before a price (一天300元, 一斤卖到30元), the number of an index's
    name (中证500, 沪深300, 500指数, 30种工业股票平均价格指数, 300信息), tenors (10年期国债; 3个月期间 is a length), grades (三级医院, 5A级; but 级 on a
    scale is read: 东北风3～4级, 5.2级地震, 4.0级左右地震), the base of a rate after 每 (每10万人口发病2.1例, 每10股派3元),
    scores (3比1, 6-3晋级, 4-2领先, a tie 战成11平; but a count's two sides, 射门次数7比23, are read), a seed
    cut-off (前八种子) (a ratio announced, 之比为6比5, 性别比为105:100, gives its terms, unit empty), a tiebreak's name (抢七局), numerals inside
    dictionary words (两面三刀, 一路, 五台山), a year before
    a word outside the known units (2023赛季, 2024巴黎奥运会), a list of items whose numerals
    run one after another (五个振兴、六个坚持、七种能力), 十种有色金属 (a category's name),
    coordinates (北纬20.1度), ranking lists (世界500强), places won (分获二、三名, 第二、三名),
    quoted epithets (被称为“30年来最大变革”), a slogan's length (“…”十二个字, 十六字方针) and
    lines (两条底线), once more (再喷一次, 补喷一次), a period (半年度, 半年目标), an isotherm (35℃线), a community
    named with a numeral (九峰社区), 五险一金, a vehicle named by its
    wheels (六轮车), and a class a text numbers (三类苗 where 一、二类苗 stands).

    Left out, because the text does not say enough: a bare number without a unit (an
    Arabic number could be a code, a phone number or a year; a Chinese numeral without a
    classifier is a word), vague counts (几个, 数十, 上百, 几百亩; 几十年, a duration, is at least 20 years), Chinese numerals before 分
    (十分 is "very"), and after a Chinese numeral any unit outside the known ones (一点,
    一度, 三道河子). Where it cannot tell, it leaves a number out rather than guess.
    """
    s, offsets = compact(text)
    if not s:
        return []
    excluded = [(m.start(), m.end()) for m in matches_from(P.SHORT_QUOTES, s, P.QUOTE_FIRSTS)
                if m.group()[0] == P.TITLE_MARK or not P.QUOTE_WITH_FIGURES_RE.search(m.group())]
    excluded += [(m.start(), m.end()) for m in P.FIXED_RE.finditer(s)]
    excluded += shapes.epithets(s) + shapes.graded_classes(s)
    excluded += rules.slogan_lists(s)
    excluded += rules.plan_names(s)
    in_tables = tables.table_quantities(text) if "|" in text or "\t" in text or "  " in text else []
    if "(" in text or "（" in text:  # a win-loss record in brackets, 湖人(19-14), is read with the tables' cells
        in_tables = sorted(in_tables + records.record_quantities(text), key=lambda q: q.start)
    if in_tables:  # cells read with their column's, row's or table's unit: left out of the scan below
        excluded += [(q.start, q.end) if type(offsets) is range else (offsets.index_of(q.start), offsets.index_of(q.end))
                     for q in in_tables]
    excluded.sort()
    ex_starts = [a for a, _ in excluded]
    scan = _Scan(s)
    # where a table row's label closes its unit in brackets right before a cell (营业收入（亿元） 123.45):
    # a bare number is tried as a cell only within reach of one (most texts hold none)
    labels = [m.start() for m in matches_from(P.ROW_LABEL_HINT_RE, s, P.CLOSING)]
    found: list[Quantity] = []
    cuts = _cuts(text, offsets)
    # The matches of NUMBER_RE, as finditer would give them but faster: scanning for where a
    # number can start (NUMBER_START_RE) and matching only there is four times faster than
    # NUMBER_RE.finditer, whose alternation has no fast prefix. A match does not run over a
    # cut (0.1155 -73.58%: two cells), nor start inside the span of the last quantity.
    search, match = P.NUMBER_START_RE.search, P.NUMBER_RE.match
    pos = 0
    while True:
        c = search(s, pos)
        if c is None:
            break
        start = c.start()
        m = match(s, start)
        if cuts and m is not None:
            i = bisect.bisect_right(cuts, start)
            if i < len(cuts) and cuts[i] < m.end():
                m = match(s, start, cuts[i])
        if m is None or m.end() == start:
            pos = start + 1
            continue
        pos = m.end()
        if excluded:
            i = bisect.bisect_right(ex_starts, start) - 1
            if i >= 0 and excluded[i][1] > start:
                continue
        last = scan.last_change
        level = last is not None and last[1] != "" and last[0] == start - 1 and s[start - 1] in "至到"
        hit = read_match(s, m, scan.last_end, scan.bounds, offsets, level)
        if hit is None and labels and s[start] in P.ARABIC_DIGITS and rules.near_label(labels, start):
            hit = rules.table_cell(text, s, start, m.end(), m.group("num") or "", offsets)
        if hit is None:
            continue
        q = _quantity(text, offsets, scan, hit, start)
        if q is not None:
            found.append(q)
            if pos < scan.last_end:
                pos = scan.last_end  # the span ran past the number (2万元至5万元, 100名以上)
    return sorted(found + in_tables, key=lambda q: q.start) if in_tables else found


@functools.lru_cache(maxsize=4096)
def _normalised(value: Decimal, qualifier: str, percent: bool, unit_reported: str, unit: str) -> tuple[Decimal, str, str]:
    """normalise_number, cached: a text repeats its numbers and units (keyed by the Number's
    fields, whose hashes are computed in C, not by the Number)."""
    return normalise_number(Number(value, qualifier, percent), "", unit_reported, unit)


def _quantity(text: str, offsets, scan: _Scan, hit: Hit, num_start: int) -> Quantity | None:
    unit, span_start, span_end, unit_reported = hit.unit, hit.span_start, hit.span_end, hit.unit_reported
    clause = scan.bounds.start(span_start)  # (the same for the rate and the change)
    per = scan.per_of(hit, clause)
    if per is not None:
        unit = P.RATES.get((unit, per), "")  # a rate outside the vocabulary: unit ""
        scan.last_rate = (span_end, unit_reported, per)
    try:
        number = hit.number
        value, unit, number_qualifier = _normalised(number.value, number.qualifier, number.percent, unit_reported, unit)
    except ValueError:
        return None
    qualifier = hit.qualifier
    if qualifier == "exact" or (number_qualifier in ("at_least", "at_most") and qualifier == "approx"):
        qualifier = number_qualifier
    change = scan.change_of(hit, clause)
    scan.last_change = (span_end, change, unit_reported)
    scan.last_end = span_end
    high = hit.high
    if span_start >= 2 and scan.s.startswith("零下", span_start - 2):
        value, span_start = -value, span_start - 2  # 零下15度: below zero
        if high is not None:
            value, high = -high, value  # 零下5至10度: -10 to -5
    a, b = (span_start, span_end) if type(offsets) is range else offsets.span(span_start, span_end)
    if span_start < num_start and hit.as_reported[0] == scan.s[num_start] and "\n" in text[a:offsets[num_start]]:
        a = offsets[num_start]  # 突破\n46秒40: a bound on the line before; the span starts on the number's line
    # (tuple.__new__ makes the named tuple without the Python function its class calls: the same row)
    return tuple.__new__(Quantity, (a, b, hit.as_reported, value, unit, unit_reported, qualifier, context(text, a, b),
                                    change, None if high is None else clean_value(high)))
