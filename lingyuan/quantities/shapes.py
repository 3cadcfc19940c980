"""Shapes of number writing the finder asks about beside its main path, each asked only
when its first characters occur: a unit written once after a list of numbers
(2.16和1.66个百分点), lists of ordinals (第2、3条), pH readings (pH4-10, pH值低于4), times
and lengths in mixed units (4分28秒43, 两小时3分42秒), the distances a sports report names as events (男子1500米), numbers that count nothing (十二个字
of a slogan, 再喷一次), quoted epithets, classes a text numbers (三类苗 beside 一、二类苗), and
numbers without a unit: readings of an indicator (PMI为49.5) and counts of a noun (6万余贫困人口);
scores and ranks (6-3晋级, 前八种子), and counts of what was just named (两险, 两省) or compared
with 比 (射门次数7比23, 之比为6比5)."""
from __future__ import annotations

import functools
import re
from decimal import Decimal

from lingyuan.quantities import patterns as P
from lingyuan.quantities import rules, units
from lingyuan.quantities.layout import matches_from
from lingyuan.quantities.numerals import Number
from lingyuan.quantities.rules import Hit


@functools.lru_cache(maxsize=4)
def event_distances(s: str) -> frozenset[str]:
    """The distances *s* names as events (男子1500米, 500米决赛), as printed: each names its event
    wherever it stands (asked only of a number in 米, so only texts that have one pay the scan)."""
    return frozenset(a or b for a, b in P.EVENT_NAMED_RE.findall(s))


def shared_unit(s: str, end: int, bounds: rules.Clauses) -> tuple[str, int, str] | None:
    """The unit of the vocabulary written once after the last of a list of Arabic numbers
    (2.16和1.66个百分点, 3、5、7天), Chinese numerals before them too (五、七和10年: mixed
    numerals), for a number of the list ending at *end*: (unit, *end*, the
    magnitude printed once with it: 4665、2611亿千瓦时 gives 亿 to 4665, as 分别为320、150万吨 does 万),
    the unit left to the last number's span. None when the list ends without one, in an open unit or %."""
    at = end
    for _ in range(P.LIST_MAX):
        if at >= len(s) or s[at] not in P.LIST_JOINS:
            return None
        m = P.NUMBER_RE.match(s, at + 1)
        if m is None or not m.group("num") or m.group("pct"):
            return None
        if m.group("num")[0] not in P.ARABIC_DIGITS:
            if rules.find_unit(s, m.end(), False, m.group("num"), bounds) is not None:
                return None  # 三、五个: each its own unit, no list sharing one
            at = m.end()
            continue
        found = rules.find_unit(s, m.end(), True, m.group("num"), bounds)
        if found is not None:
            unit, unit_end = found
            if isinstance(unit, rules.OpenUnit) or unit in ("%", "％") \
                    or rules.unit_is_word(s, m.group("num"), True, unit, unit_end, s[at]):
                return None  # 1、2季度, 2和3年级: the last one's unit starts another word
            magnitude = P.LIST_MAGNITUDE_RE.search(m.group("num"))
            return unit, end, magnitude.group() if magnitude else ""
        at = m.end()
    return None


def ph_before(s: str, start: int) -> bool:
    """A pH stands before the number at *start* (pH4, pH值低于4, pH值低于4或高于11.5); asked only
    of a number without a unit."""
    lo = start - P.PH_BACK if start > P.PH_BACK else 0
    return (s.find("pH", lo, start) >= 0 or s.find("PH", lo, start) >= 0) and P.PH_RE.search(s, lo, start) is not None


def ph_reading(s: str, start: int, end: int, num: str, last_end: int) -> Hit | None:
    """A pH (pH4-10, pH值低于4, 或高于11.5): a reading, unit empty; a range keeps its upper end."""
    ranged = rules.read_range(num) if not P.SEP_CHARS.isdisjoint(num) else None
    number, high = ranged if ranged else (rules.parse(num), None)
    if number is None:
        return None
    span_start, as_start, qualifier = rules.prefix(s, start, last_end)
    if qualifier == "exact":
        qualifier = number.qualifier
    return Hit(span_start, end, s[as_start:end], number, "", "", qualifier, high=high)


def graded_classes(s: str) -> list[tuple[int, int]]:
    """Where a numeral and 类 name a class of a noun whose classes the text numbers in a list
    (一、二类苗 makes 三类苗 a grade of seedlings, as 二类 is): spans to leave out."""
    # a list (一、二类苗, 一、二、三类地区) ends in one 、 numeral 类 (the hint, found by a fast scan):
    # with a numeral before its 、 (after the last list) and a character after it, it lists the
    # classes of that noun
    nouns, last = set(), 0
    for h in P.CLASS_LIST_HINT_RE.finditer(s):
        if h.start() - 1 >= last and s[h.start() - 1] in P.CLASS_NUMERALS and "\u4e00" <= s[h.end():h.end() + 1] <= "\u9fff":
            nouns.add(s[h.end()])
            last = h.end() + 1
    spans: list[tuple[int, int]] = []
    at = s.find("类", 1) if nouns else -1
    while at >= 0:  # (类 is rare: a numeral before it and one of the nouns after it name a class)
        if s[at - 1] in P.CLASS_NUMERALS and s[at + 1:at + 2] in nouns and (not spans or at - 1 >= spans[-1][1]):
            spans.append((at - 1, at + 2))
        at = s.find("类", at + 1)
    return spans


def counts_nothing(s: str, start: int, num: str, unit_text: str, unit_end: int, prev: str) -> bool:
    """A number and its unit that count nothing: the length of a slogan (“…”十二个字, 八字方针),
    once more (再喷一次, 补浇一次), the places won (分获二、三名, 获得三名: ordinals without 第)."""
    if (unit_text == "字" or unit_text == "个" and s.startswith("字", unit_end)) \
            and (prev in P.CLOSING_QUOTES or s.startswith(P.SLOGAN_NOUNS, unit_end + (unit_text == "个"))):
        return True
    if num == "一" and unit_text == "次" and start >= 2 and s[start - 2] in P.ONCE_MORE:
        return True
    return unit_text == "名" and (unit_end == len(s) or s[unit_end] in P.PUNCT or s[unit_end] in P.CLAUSE_END) \
        and P.PLACE_WON_RE.search(s, max(0, start - 12), start) is not None


def epithets(s: str) -> list[tuple[int, int]]:
    """Spans of quotes after a verb of naming (被称为“二十年来最大改革”): names, figures and all."""
    return [m.span() for m in matches_from(P.EPITHET_RE, s, P.NAMING_FIRSTS)]  # (most texts name nothing)


def ordinal_list(s: str, start: int) -> bool:
    """The number continues a list of ordinals: 第2、3条, 第5、6项, 第2和3条, 第二、三名."""
    return P.ORDINAL_LIST_RE.search(s, start - 12 if start > 12 else 0, start) is not None


def adjacent_pair(s: str, start: int, bounds: rules.Clauses) -> int | None:
    """Where the unit of two adjacent integers joined by 、 starts (东北风2、3级, 1、2天): a range
    n to n+1, as the adjacent numerals 三四级 and 七八岁 are, when one unit of the vocabulary
    follows the second. Not a list: numbers not adjacent (4665、2611亿千瓦时, 3、5天: each its
    own), a longer list (1、2、3级), a list announced by 分别 (分别为3、4个), a % or a unit that
    starts a word (1、2季度: the later checks of a unit's word apply to the pair as to one number)."""
    m = P.ADJACENT_PAIR_RE.match(s, start)
    if m is None or int(m.group(2)) != int(m.group(1)) + 1 or s[start - 1:start] in P.ADJACENT_PAIR_NOT_AFTER:
        return None
    if s.find("分别", start - 8 if start > 8 else 0, start) >= 0:
        return None
    found = rules.find_unit(s, m.end(), True, m.group(2), bounds)
    if found is None or found[0] in ("%", "％") or rules.unit_is_word(s, m.group(2), True, found[0], found[1], "、"):
        return None
    return m.end()


def quoted_count(s: str, start: int, end: int, num: str) -> Hit | None:
    """A count printed in quotes for emphasis after the name of a count and a verb of reaching
    (发射次数刷新为“600”, 访问次数达到“1000”): the count, in 次. A quoted number elsewhere
    (a slogan, a milestone's name: “千次飞行”) stays out."""
    lo = start - 1 - P.QUOTED_COUNT_BACK if start > 1 + P.QUOTED_COUNT_BACK else 0
    if not P.QUOTED_COUNT_BEFORE_RE.search(s, lo, start - 1):
        return None
    number = rules.parse(num)
    if number is None:
        return None
    return Hit(start - 1, end + 1, num, number, "次", units.PRINTED_UNITS["次"].unit, "exact")


def reading(s: str, start: int, end: int, num: str, last_end: int, bounds: rules.Clauses,
            level: bool = False) -> Hit | None:
    """A number without a unit that is the reading of an indicator named before it in its
    clause (PMI为49.5, 病情指数35, 终值50.3, 指数报3021.6点), or the level it reached after
    a change (*level*: 美元指数跌0.2%至101.3): unit_reported "" (点 if printed)."""
    if P.RANGE_SPLIT_RE.search(num) or (end < len(s) and (s[end] in "年月日号" or s[end].isascii() and s[end].isalnum())):
        return None
    window = start - P.READING_BACK if start > P.READING_BACK else 0
    mark = P.LAST_MARK_BUT_COLON_RE.match(s, window, start)  # the clause, a colon included (紫外线指数：5)
    lo = mark.end() if mark else window
    if mark and s[lo - 1] in "(（" and P.ABBREVIATION_ASIDE_RE.match(s, lo - 1, start):
        mark = P.LAST_MARK_BUT_COLON_RE.match(s, window, lo - 1)  # 指数(EQI)值为59.6: an abbreviation, no clause
        lo = mark.end() if mark else window
    found = P.READING_RE.search(s, last_end if last_end > lo else lo, start)
    if not found and not level and not ("." in num and (s[start - 1:start] == "报" or s[start - 2:start] in P.CLOSE_WORDS)):
        return None  # (报1.1047, 报收1.0856, 收于1.2712 are a market's readings: 欧元兑美元…报1.1047)
    number = rules.parse(num)
    if number is None:
        return None
    span_start, as_start, qualifier = rules.prefix(s, start, last_end)
    unit_reported, span_end = ("点", end + 1) if s.startswith("点", end) else ("", end)
    unit_reported = P.READING_UNIT.get(found.group("noun"), unit_reported) if found else unit_reported
    unit = units.PRINTED_UNITS[unit_reported].unit if unit_reported in P.READING_UNIT.values() else ""
    return Hit(span_start, span_end, s[as_start:end], number, unit_reported, unit, qualifier)


def noun_unit(s: str, start: int, end: int, num: str, is_arabic: bool, last_end: int) -> Hit | None:
    """A number followed by a counted noun that carries its unit: 6万余贫困人口 (人)."""
    if not (is_arabic or P.MAGNITUDE_IN_RE.search(num)):
        return None
    noun = P.NOUN_UNIT_RE.match(s, end)
    if not noun or P.CN_DIGIT_IN_RE.search(noun.group(), 0, len(noun.group()) - 2):
        return None
    number = rules.parse(num)
    if number is None:
        return None
    span_start, as_start, qualifier = rules.prefix(s, start, last_end)
    return Hit(span_start, end, s[as_start:end], number, "人", "person", qualifier)


def result_or_rank(s: str, start: int, end: int, num: str, found, prev: str) -> bool:
    """The number is a match's score (6-3晋级, 4-2领先: a result, as 3比1) or a seed cut-off
    (前八种子: a rank), not an amount (see :data:`patterns.SCORE_RE`); a range before a classifier
    (3-5艘), an open unit printed low to high (2-3代), a scale (5-6级) or a known unit stays."""
    if prev == "前" and s.startswith("种子", end):
        return True
    if found is None or type(found[0]) is not rules.OpenUnit or found[0] == "级":
        return False
    score = P.SCORE_RE.fullmatch(num)
    if score is None:
        return False
    if s.startswith(P.SCORE_AFTER, end):
        return True
    return found[0] not in P.CLASSIFIER_WORDS and (int(score.group(1)) >= int(score.group(2))
                                                  or P.SCORE_BEFORE_RE.search(s, max(0, start - 4), start) is not None)


def named_counted(s: str, start: int, end: int, num: str) -> Hit | None:
    """A count of the things just named, in the last character of their names (医疗保险和生育
    保险两险: 2 险, as 江苏、浙江两省): the numeral's next character ends the name before it, and a
    list is joined earlier in the clause. None elsewhere (五险一金: a fixed word, no list before)."""
    if num[0] in P.NOT_COUNTING_NUMERALS or not P.NAMED_LIST_BEFORE_RE.search(s, max(0, start - 16), start - 1):
        return None
    number = rules.parse(num)
    if number is None or not 2 <= number.value <= 99:
        return None
    return Hit(start, end + 1, num, number, s[end], "", "exact")


def threshold_plus(s: str, start: int, end: int, num: str, last_end: int) -> Hit | None:
    """A threshold written N+ (生涯562场30+: games of 30 points or more): at_least N, unit empty;
    with the unit of the vocabulary printed after the + when there is one (100+家企业: at least
    100 家). None when a number or a letter follows the + (5+2模式, 1+1: a sum or a name) or one
    stands before."""
    after = s[end + 1] if end + 1 < len(s) else ""
    if after and (after in P.DIGIT_CHARS or (after.isascii() and (after.isalnum() or after in "=+"))):
        return None
    before = s[start - 1] if start else ""
    if before and (before in "+＋" or (before.isascii() and before.isalnum())):
        return None
    number = rules.parse(num)
    if number is None:
        return None
    unit = P.UNIT_RE.match(s, end + 1)
    printed = units.PRINTED_UNITS.get(unit.group()) if unit else None
    if printed is not None:  # (a unit of the vocabulary only: 30+， or 30+的 take none)
        return Hit(start, unit.end(), num + s[end], Number(number.value), unit.group(), printed.unit, "at_least")
    return Hit(start, end, num, Number(number.value), "", "", "at_least")


def set_counted(s: str, start: int, end: int, num: str) -> Hit | None:
    """A set counted right after its list (钢铁、建筑、煤炭三大板块, 甲和乙两大流域: 3, 2, unit empty): a Chinese
    numeral before 大 with the list's last item joined right before it. None elsewhere (四大家鱼,
    三大运营商: a name with no list; 第三大: a rank)."""
    if num[0] in P.NOT_COUNTING_NUMERALS or not P.SET_LIST_BEFORE_RE.search(s, max(0, start - 10), start):
        return None
    number = rules.parse(num)
    if number is None or not 2 <= number.value <= 99:
        return None
    return Hit(start, end, num, number, "", "", "exact")  # no unit printed (大 is an adjective)


def statistic_side(s: str, start: int, end: int, num: str, first: bool) -> Hit | None:
    """One side of a statistic compared with 比 (射门次数7比23: 7 and 23 次), the number at
    *start* being the *first* or the second side, or a term of a ratio announced as one (之比为6比5:
    unit empty); None for a score (3比1) or anything else."""
    lo = start - P.STAT_PAIR_BACK if start > P.STAT_PAIR_BACK else 0
    for pattern, unit in ((P.STAT_PAIR_RE, "次"), (P.RATIO_PAIR_RE, "")):
        for m in pattern.finditer(s, lo, end + P.STAT_PAIR_BACK):
            if m.start(1 if first else 2) == start and m.end(1 if first else 2) == end:
                return Hit(start, end, num, Number(Decimal(num)), unit, units.PRINTED_UNITS[unit].unit if unit else "", "exact")
    return None


def places_counted(s: str, start: int, end: int, num: str, last_end: int) -> Hit | None:
    """A count of the places just named (云南、贵州两省: 2 省; 西南四省市: 4 省市), see
    :data:`patterns.PLACE_COUNT_UNIT_RE`; None elsewhere."""
    unit = P.PLACE_COUNT_UNIT_RE.match(s, end)
    if unit is None or num[0] in "一零〇○":
        return None
    lo = start - 10 if start > 10 else 0
    if not (P.PLACE_REGION_BEFORE_RE.search(s, lo, start) or P.PLACE_LIST_BEFORE_RE.search(s, lo, start)):
        return None
    number = rules.parse(num)
    if number is None or not 2 <= number.value <= 99:
        return None
    return Hit(start, unit.end(), num, number, unit.group(), "", "exact")


def mixed_units(s: str, start: int, m: re.Match, last_end: int) -> Hit | None:
    """A time or length in mixed units, as one quantity in the smallest unit named:
    4分28秒43 is 268.43 秒, 19秒30 is 19.30 秒, 76米34 is 76.34 米, 2小时10分以内 is at most 130 分."""
    span_start, as_start, qualifier = rules.prefix(s, start, last_end)
    span_end = m.end()
    if m.group("m") is not None:
        value, unit_reported, unit = Decimal(f"{m.group('m')}.{m.group('cm')}"), "米", "metre"
    elif m.group("hh") is not None:  # 2小时10分以内: 130 分, with the bound after it
        value, unit = Decimal(60 * int(m.group("hh")) + int(m.group("mm"))), ""
        unit_reported = "分钟" if s[m.end() - 1] == "钟" else "分"
        bound, span_end = rules.suffix_bound(s, span_end)
        qualifier = bound if qualifier == "exact" else qualifier
    else:
        value = Decimal(f"{m.group('sec')}.{m.group('hs') or 0}") + 60 * int(m.group("min") or 0) \
            + 3600 * int(m.group("h") or 0)
        unit_reported, unit = "秒", ""
    return Hit(span_start, span_end, s[as_start:m.end()], Number(value), unit_reported, unit, qualifier)


def mixed_words(s: str, start: int, m: re.Match, last_end: int) -> Hit | None:
    """Hours written in words with minutes (两小时3分42秒: 7422 秒) or years and months (2年9个月:
    33 个月): one quantity in the smaller unit (:data:`patterns.MIXED_WORDS_RE`)."""
    def small(text: str | None) -> int:
        if not text:
            return 0
        number = text if text.isdigit() else rules.parse(text)
        return int(number) if isinstance(number, str) else int(number.value) if number else -1

    parts = [small(m.group(g)) for g in ("h", "min", "sec", "y", "mo")]
    if -1 in parts:
        return None
    h, minutes, sec, y, mo = parts
    span_start, as_start, qualifier = rules.prefix(s, start, last_end)
    if m.group("y") is not None:
        if mo >= 12:
            return None
        number, unit_reported, unit = Number(Decimal(12 * y + mo)), "个月", "month"
    else:
        if minutes >= 60 or sec >= 60:
            return None
        number, unit_reported, unit = Number(Decimal(3600 * h + 60 * minutes + sec)), "秒", ""
    return Hit(span_start, m.end(), s[as_start:m.end()], number, unit_reported, unit, qualifier)
