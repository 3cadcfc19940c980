"""The words around a number's unit, for :func:`lingyuan.quantities.finder.unit_hit`: the upper
end of a range written with its unit on both ends (:func:`range_upper`), a bound written after
the unit (:func:`suffix`) and the canonical unit a printed unit stands for here
(:func:`canonical_unit`: a classifier's from the noun after it or before the number)."""
from __future__ import annotations

from decimal import Decimal

from lingyuan.quantities import patterns as P
from lingyuan.quantities import rules


def range_upper(s: str, unit_end: int, unit_text: str, number, offsets=None) -> tuple[str, str, int, Decimal] | None:
    """A range written with its unit on both ends (2万元至5万元, 100亩及以上至500亩,
    -1.5%至-0.8%): (separator, upper number as printed, where its unit ends, its value), or None.
    A minus with whitespace before it starts another number (2.83% -74.20%: two table cells)."""
    join = P.RANGE_JOIN_RE.match(s, unit_end)
    if not join or (s[join.end() - 1] in P.MINUS and rules.space_before(offsets, join.end() - 1)):
        return None
    at = join.end()
    negative = s[at:at + 1] in P.MINUS and at + 1 < len(s)
    m = P.NUMBER_RE.match(s, at + negative)
    if not m or not m.group("num") or m.group("pct") or not s.startswith(unit_text, m.end()):
        return None
    high = rules.parse(m.group("num") + unit_text if unit_text in ("%", "％") else m.group("num"))
    if high is None or high.percent != number.percent:
        return None
    value = -high.value if negative else high.value
    if value <= number.value:
        return None
    sep = s[join.end() - 1] if s[join.end() - 1] in P.SEP_CHARS else join.group()
    return sep, s[at:m.end()], m.end() + len(unit_text), value


def suffix(s: str, unit_end: int, unit_text: str, qualifier: str) -> tuple[int, str, bool]:
    """Span end, qualifier and whether a qualifier word follows the unit (100名以上, 两年多)."""
    at = unit_end
    if at < len(s) and s[at] in "（(":
        aside = P.ASIDE_BEFORE_BOUND_RE.match(s, at)
        if aside:
            at = aside.end()  # 300万元(含税)以上
    m = P.SUFFIX_RE.match(s, at) if s[at:at + 1] in P.SUFFIX_FIRST else None
    if not m:
        if unit_text in P.TIME_UNITS and s.startswith("内", unit_end) and qualifier == "exact":
            return unit_end + 1, "at_most", True  # 3年内, 12个月内
        return unit_end, qualifier, False
    word = m.group()
    if word == "多" and unit_text not in P.TIME_UNITS and unit_text != "倍":
        return unit_end, qualifier, False  # (两年多, 1倍多: more than; 100名多 is no phrase)
    if word == "余" and unit_text not in P.TIME_UNITS and unit_text not in ("公里", "米", "吨", "亩", "公顷"):
        return unit_end, qualifier, False
    if word in ("上下", "开外", "之上", "之内") and unit_text in P.TIME_UNITS:
        return unit_end, qualifier, False
    q = P.SUFFIX_QUALIFIER[word]
    if qualifier == "exact" or q in ("at_least", "at_most"):
        qualifier = q
    return m.end(), qualifier, True


# The canonical unit of each printed unit that stands for one unit whatever noun goes with it
# (%, 元, 吨, 亩 ...): what canonical_unit gives without reading the words around the number.
FIXED_UNITS = {printed: u.unit for printed, u in P.units.PRINTED_UNITS.items() if not (u.also and u.unit != "CNY")}


def canonical_unit(s: str, as_start: int, unit_end: int, unit_reported: str, bounds: rules.Clauses) -> str:
    """The canonical unit of the printed unit here, or "" when it is not in the vocabulary."""
    printed = P.units.PRINTED_UNITS.get(unit_reported)
    if printed is None:
        return ""
    if printed.also and printed.unit != "CNY":
        return pick_noun_unit(s, as_start, unit_end, printed, bounds.start(as_start))
    return printed.unit


def pick_noun_unit(s: str, num_start: int, unit_end: int, printed, before_limit: int) -> str:
    """The canonical unit a classifier stands for here: the noun after it (5栋猪舍,
    243个行政村), else the noun right before the number (合作社138个), else its default."""
    window = s[unit_end:unit_end + 8]
    stop = P.NOUN_WINDOW_STOP_RE.search(window)
    cut = stop.start() if stop else len(window)
    m = P.NOUN_RE.search(window[:cut])
    if m and m.start() <= 4:
        unit = P.NOUNS[m.group()]
        if unit is None:
            return printed.unit
        if unit in printed.allowed:
            return unit
    m = P.NOUN_BEFORE_RE.search(s, max(before_limit, num_start - 12), num_start)
    if m:
        noun = P.NOUN_VERB_END_RE.sub("", m.group())
        unit = P.NOUNS.get(noun)
        if unit and unit in printed.allowed:
            return unit
    return printed.unit
