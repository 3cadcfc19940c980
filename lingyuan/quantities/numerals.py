"""Reading one printed Chinese number exactly: the internals of
:func:`lingyuan.quantities.parse_number`.

A printed number is read in four layers, outside in:

1. a qualifier before or after it (近, 约, 不少于, 至少 ... / 余, 多, 左右, 以上, 以下);
2. a percentage marker (``%``, ``％``, ``百分之``), the word 一半 (half, 50 %),
   or tenths (七成, 70 %);
3. approximations inside the number, before its magnitude (``60余万``, ``两千多万``);
4. the number itself: Arabic digits (full-width too, thousands separators
   allowed, decimals), Chinese numerals (一, 两, 十, 一百二十, 三千五百, 一万五,
   二〇一九, 四十五点六, financial 壹贰叁), and magnitudes 十 百 千 万 亿 after
   either (``5953.2万``, ``3千``, ``1.2亿``, ``5万亿``), two of them in one number
   (``2亿3940万``, ``3万5千``), and 兆 as 万亿 (``8兆8800亿`` = 8.88 * 10^12).

Every value is computed with :class:`decimal.Decimal` from the printed digits,
so ``5953.2万`` is exactly 59532000 (never ``59532000.000000004``).

A range (``3至5万``, ``3-5万``, ``30%-50%``, ``三至五``) reads as its lower end
with the qualifier ``at_least``; a magnitude or percent sign written once after
the upper end applies to both ends (``3至5万`` is 30000, at least).

Conventions for words that name a range rather than a number: the value is the
lower end of the range and the qualifier says so. ``几`` (a few, 2–9) reads as 2
with ``at_least``; in the ones place after a unit (``十几`` 11–19, ``二十几``)
it reads as 1 (11, 21) with ``at_least``: ``几十`` (20–90) is 20, at least.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation, localcontext

from lingyuan.quantities.words import PREFIX_QUALIFIERS, QUALIFIERS, SUFFIX_QUALIFIERS  # noqa: F401

# Exact arithmetic for any number a text can print: numbers longer than
# MAX_DIGITS digits are refused, so this precision never rounds.
MAX_DIGITS = 60
DECIMAL_CONTEXT = Context(prec=4 * MAX_DIGITS)

_PREFIX_QUALIFIER_RE = re.compile("|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True)))
_SUFFIX_QUALIFIER_RE = re.compile("(?:" + "|".join(sorted(SUFFIX_QUALIFIERS, key=len, reverse=True)) + ")$")

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# 兆 is 万亿 (10^12), as numbers print it outside the mainland (8兆8800亿); the extractor
# reads it so only where money follows (兆瓦 is a megawatt).
TRILLION = 10 ** 12
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, "兆": TRILLION}
POINT = "点點"
FEW = "几"

DIGIT_CHARS = "".join(CN_DIGITS)
SMALL_UNIT_CHARS = "".join(CN_SMALL_UNITS)
BIG_UNIT_CHARS = "".join(CN_BIG_UNITS)

# Full-width digits and signs to ASCII; whitespace is dropped by the caller.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_WS = re.compile(r"\s+")
_PLAIN = re.compile(r"([1-9][0-9]{0,20}|0)(?:\.([0-9]{1,20}))?([万亿]?)(%?)")
_SPLIT_DIGITS = re.compile(r"\d\s+\d")
_TOKEN = re.compile(
    r"(?P<arabic>\d+(?:\.\d+)?)"
    rf"|(?P<digit>[{DIGIT_CHARS}])"
    rf"|(?P<small>[{SMALL_UNIT_CHARS}])"
    rf"|(?P<big>[{BIG_UNIT_CHARS}])"
    rf"|(?P<few>{FEW})"
)
# A range: two numbers joined by 至, 到, ~ or a dash (3至5万, 30%-50%, 三到五).
RANGE_SEPARATORS = "至到~～\\-—－–―"
_RANGE = re.compile(rf"(?P<low>[^{RANGE_SEPARATORS}]+)[{RANGE_SEPARATORS}](?P<high>[^{RANGE_SEPARATORS}]+)")
_DIGIT_STRING = re.compile(rf"[{DIGIT_CHARS}]+")
# The digits after 点 and a magnitude (四十五点六万); a magnitude or % ending a range's end.
_AFTER_POINT = re.compile(rf"([{DIGIT_CHARS}\d]+)([{BIG_UNIT_CHARS}]*)")
_MAGNITUDE_TAIL = re.compile(rf"[{BIG_UNIT_CHARS}%]+$")
# 余 / 多 / 来 inside a number, before its magnitude: 60余万, 两千多万, 十来.
_INNER_APPROX = re.compile(rf"^(?P<head>.+?)(?P<mark>[余多来])(?P<tail>[{BIG_UNIT_CHARS}]*)$")


@dataclass(frozen=True)
class Number:
    """One printed number, read exactly.

    ``value`` is the number with its magnitude applied (``5953.2万`` -> 59532000;
    a percentage keeps its printed figure: ``45.6%`` -> 45.6 with ``percent``
    true). ``qualifier`` is what the text itself says about precision:
    ``exact``, ``approx`` (余 多 近 约 左右), ``at_least`` (以上 不少于 至少,
    and the lower end of 几 ranges) or ``at_most`` (以下 不超过).
    """

    value: Decimal
    qualifier: str = "exact"
    percent: bool = False


class ParseError(ValueError):
    """A text that is not one printed number; the message quotes the text."""


def _fail(text: str, reason: str) -> ParseError:
    return ParseError(f"cannot read {text!r} as a number: {reason}")


def clean_value(value: Decimal) -> Decimal:
    """*value* without trailing zeros or exponent: 59532000.0 -> 59532000, 45.60 -> 45.6."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=DECIMAL_CONTEXT)
    return value.normalize(DECIMAL_CONTEXT)


def format_decimal(value: Decimal) -> str:
    """The plain decimal notation of *value*, no exponent, no trailing zeros."""
    return format(clean_value(value), "f")


def _strip_qualifiers(text: str, s: str) -> tuple[str, str]:
    qualifier = "exact"
    m = _PREFIX_QUALIFIER_RE.match(s)
    if m and m.end() < len(s):
        qualifier = PREFIX_QUALIFIERS[m.group()]
        s = s[m.end():]
    m = _SUFFIX_QUALIFIER_RE.search(s)
    if m and m.start() > 0:
        found = SUFFIX_QUALIFIERS[m.group()]
        if qualifier != "exact" and found != qualifier:
            raise _fail(text, f"two qualifiers that disagree ({qualifier} and {found})")
        qualifier = found
        s = s[:m.start()]
    return s, qualifier


def _evaluate(text: str, s: str) -> tuple[Decimal, bool]:
    """Value of a bare number (no qualifier, no percent) and whether 几 made it a lower bound."""
    if not s:
        raise _fail(text, "no digits")
    point = next((i for i, ch in enumerate(s) if ch in POINT), -1)
    if point >= 0:
        head, rest = s[:point], s[point + 1:]
        m = _AFTER_POINT.fullmatch(rest)
        if not head or not m:
            raise _fail(text, "点 needs digits on both sides (四十五点六)")
        whole, few = _evaluate(text, head)
        fraction = "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in m.group(1))
        value = whole + Decimal("0." + fraction)
        for big in m.group(2):
            value *= CN_BIG_UNITS[big]
        return value, few
    if len(s) > 1 and _DIGIT_STRING.fullmatch(s):
        # A string of digits written one by one: 二〇一九. Two digits side by side
        # (三五, 七八) name a range, not a number: refused.
        if len(s) < 3 and not any(CN_DIGITS[c] == 0 for c in s):
            raise _fail(text, "two numerals side by side name a range (三五, 七八), not one number")
        return Decimal("".join(str(CN_DIGITS[c]) for c in s)), False

    trillions = Decimal(0)  # the part before 兆 (8兆8800亿: 8 * 10^12), apart so 亿 does not scale it
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    current_is_cn_digit = False
    last_small: int | None = None  # smallest unit used so far in this section
    last_kind = ""  # kind of the previous token
    last_unit = 0
    zero_seen = False
    few = False
    pos = 0
    index = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m:
            raise _fail(text, f"{s[pos]!r} is not a digit, a numeral or a magnitude")
        kind, tok = m.lastgroup, m.group()
        pos = m.end()
        if kind == "arabic":
            if current is not None or last_kind == "arabic":
                raise _fail(text, "two numbers side by side")
            current, current_is_cn_digit = Decimal(tok), False
        elif kind == "digit":
            d = CN_DIGITS[tok]
            if d == 0:
                if current is not None:
                    raise _fail(text, "零 after a digit")
                zero_seen = True
            else:
                if current is not None:
                    raise _fail(text, "two numerals side by side name a range, not one number")
                current, current_is_cn_digit = Decimal(d), True
        elif kind == "few":
            if current is not None:
                raise _fail(text, "几 after a digit")
            few = True
            current = Decimal(1) if last_kind in ("small", "big") else Decimal(2)
            current_is_cn_digit = last_kind in ("small", "big")  # 十几, 二十几: ones place
        elif kind == "small":
            unit = CN_SMALL_UNITS[tok]
            if current is None:
                if unit == 10 or index == 0:
                    current = Decimal(1)  # 十五, 百余, 千
                else:
                    raise _fail(text, f"{tok} needs a digit before it")
            if last_small is not None and unit >= last_small:
                raise _fail(text, f"{tok} after a smaller or equal unit")
            section += current * unit
            last_small, last_unit = unit, unit
            current, zero_seen = None, False
        else:  # big
            unit = CN_BIG_UNITS[tok]
            part = section + (current if current is not None else 0)
            if current is None and section == 0 and not zero_seen:
                if index == 0:
                    part = Decimal(1)  # 万余, 亿
                elif not (last_kind == "big" and unit == 100_000_000):  # 万亿
                    raise _fail(text, f"{tok} needs a digit before it")
            if unit == TRILLION or (unit == 100_000_000 and last_kind == "big" and last_unit == 10_000):
                # 兆, 万亿: what came before is counted in 10^12; a 亿 after it adds (5万亿3000亿)
                trillions, total = trillions + (total + part) * unit, Decimal(0)
            elif unit == 100_000_000:
                total = (total + part) * unit
            else:
                if last_unit == 10_000 and last_kind == "big":
                    raise _fail(text, "万 twice")
                total += part * unit
            section, current, last_small, last_unit, zero_seen = Decimal(0), None, None, unit, False
        last_kind = kind
        index += 1
    if current is not None and current_is_cn_digit and not zero_seen and last_unit >= 100 \
            and last_kind in ("digit", "few") and index >= 2:
        # Abbreviated last place: 一百二 = 120, 三千五 = 3500, 一万五 = 15000.
        current *= Decimal(last_unit) / 10
    value = trillions + total + section + (current if current is not None else 0)
    return value, few


def _parse_range(text: str, low: str, high: str, qualifier: str) -> Number:
    """A range (3至5万, 30%-50%, 三至五): its lower end, ``at_least``.

    The magnitude or percent sign written once after the upper end applies to
    both ends (3至5万 is 30000 to 50000).
    """
    if qualifier not in ("exact", "at_least"):
        raise _fail(text, f"a range with qualifier {qualifier}")
    hi = parse_number(high)
    tail = _MAGNITUDE_TAIL.search(high)
    if not _MAGNITUDE_TAIL.search(low) and tail and "%" not in low:
        low_n = parse_number(low + tail.group())
    else:
        low_n = parse_number(low)
    if low_n.percent != hi.percent:
        raise _fail(text, "one end of the range is a percentage and the other is not")
    if low_n.value >= hi.value:
        raise _fail(text, "the lower end of a range must be smaller than the upper end")
    return Number(low_n.value, "at_least", hi.percent)


def parse_number(text: str) -> Number:
    """Read one printed number exactly; see the module docstring for the forms.

    ``"6万余"`` -> Number(60000, "approx"), ``"5953.2万"`` -> 59532000,
    ``"45.6%"`` -> Number(45.6, percent=True), ``"一半"`` -> 50 %, ``"几十"`` ->
    Number(20, "at_least") (几十 means 20 to 90). Raises :class:`ParseError`
    naming the text when it is not a number.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number expects a string, got {type(text).__name__}")
    fast = _PLAIN.fullmatch(text)
    if fast:
        # The common case, read without the general machinery: 62744, 5953.2万, 45.6%.
        whole, fraction, magnitude, percent = fast.groups()
        value = Decimal(whole + "." + fraction) if fraction else Decimal(whole)
        if magnitude:
            value = clean_value(value.scaleb(4 if magnitude == "万" else 8, DECIMAL_CONTEXT))
        elif fraction:
            value = clean_value(value)
        return Number(value, "exact", bool(percent))
    s = text.translate(_FULLWIDTH).strip()
    if _SPLIT_DIGITS.search(s):
        raise _fail(text, "digits separated by a space are two numbers")
    s = _WS.sub("", s)
    s = _THOUSANDS.sub("", s)
    if not s:
        raise _fail(text, "empty text")
    if sum(ch.isdigit() for ch in s) > MAX_DIGITS:
        raise _fail(text, f"more than {MAX_DIGITS} digits")
    try:
        with localcontext(DECIMAL_CONTEXT):
            number = _parse(text, s)
    except InvalidOperation:
        raise _fail(text, "too large to hold exactly") from None
    if number.value.adjusted() >= 2 * MAX_DIGITS:
        raise _fail(text, "too large to hold exactly")
    return number


def _parse(text: str, s: str) -> Number:
    s, qualifier = _strip_qualifiers(text, s)
    rng = _RANGE.fullmatch(s)
    if rng:
        return _parse_range(text, rng.group("low"), rng.group("high"), qualifier)
    percent = False
    if s.endswith("%"):
        percent, s = True, s[:-1]
    elif s.startswith("百分之"):
        percent, s = True, s[3:]
    elif s.startswith(("千分之", "万分之")):
        # Per mille and per ten thousand, given as a percentage: 千分之五 = 0.5 %, 万分之三 = 0.03 %.
        value, few = _evaluate(text, s[3:])
        value = value / (10 if s[0] == "千" else 100)
        return Number(clean_value(value), "at_least" if few and qualifier == "exact" else qualifier, True)
    if percent and qualifier == "exact":
        s, qualifier = _strip_qualifiers(text, s)  # 百分之三十多, 约45%
    if len(s) == 2 and s[1] == "成" and s[0] in "一二两三四五六七八九十":
        # 七成 = 70 %: tenths, the way reports often give shares.
        return Number(Decimal(CN_DIGITS.get(s[0], 10) * 10), qualifier, True)
    if s in ("一半", "半数"):
        return Number(Decimal(50), qualifier, True)
    if s == "半":
        return Number(Decimal("0.5"), qualifier, percent)
    m = _INNER_APPROX.match(s)
    if m and (m.group("tail") or m.group("head")[-1] not in "余多来"):
        if qualifier not in ("exact", "approx"):
            raise _fail(text, f"余/多 inside a number with qualifier {qualifier}")
        s = m.group("head") + m.group("tail")
        qualifier = "approx"
    value, few = _evaluate(text, s)
    if few:
        if qualifier not in ("exact", "at_least"):
            raise _fail(text, f"几 (a lower bound) with qualifier {qualifier}")
        qualifier = "at_least"
    return Number(clean_value(value), qualifier, percent)
