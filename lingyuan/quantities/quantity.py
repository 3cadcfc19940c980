"""One quantity found in a text (:class:`Quantity`) and the columns of the extractor's
output (:data:`FIELDS`), apart from the finder so that every reader of rows can import
them cheaply."""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class Quantity(NamedTuple):
    """A quantity found in a text (immutable: a named tuple, the cheapest record Python makes).

    ``start``/``end`` are character offsets in the text as given (end exclusive;
    for a file read with a UTF-8 byte-order mark, in the text after the mark).
    The span covers the printed quantity from its first to its last character.
    With its whitespace removed, ``text[start:end]`` is exactly::

        [bound before] as_reported [unit_reported [/denominator] [word after]]

    - bound before: 不少于, 至少, 超过, 不超过, 不足, 最高 ... written right before the
      number (not in ``as_reported``; an approximation 近/约 is in it);
    - ``as_reported``: the number as printed with its magnitude and attached
      approximation (6万余, 200余万, 5953.2万, 近5万, 45.6%, 百分之三十, 一半, 七成,
      三分之一, 三五, 3至5万), without whitespace; a range written with its unit on
      both ends (2万元至5万元) is printed once (2万至5万), and a half unit of time
      keeps its unit (半年, 一年半);
    - ``unit_reported``: the printed unit (元, 公顷, 个, 口人, 美元, 种 ...); not
      repeated when ``as_reported`` ends with it (45.6%), "" for 一半, 百分之 forms and
      fractions, 成 for 七成; 个多月 is printed for 个月 (and 个多小时 for 个小时);
    - /denominator: a rate written with a slash (500元/人);
    - word after: 以上, 及以上, 以下, 以内, 左右, 余, 多 written after the unit
      (100名以上, 两年多).

    Whitespace inside the span stays in the text. The span never includes the
    counted noun (5栋猪舍: 5栋), a per-capita word (人均), or a bound written apart
    from the number (至少下乡入户帮扶一次: the span is 一次, the qualifier at_least).
    Where a counted noun stands for the unit (6万余贫困人口) the span is
    ``as_reported`` alone and ``unit_reported`` names the unit the noun implies (人).

    ``value`` is exact (a fraction as exact as Decimal holds it: 60 digits), in the
    canonical ``unit``; ``unit`` is "" when the printed unit is not in the vocabulary
    of :mod:`lingyuan.quantities.units` (the quantity is still a quantity: 12.3亿美元,
    512.6点, 3期, 每公里2处). ``qualifier`` combines what the number and the words
    around it say (exact, approx, at_least, at_most); ``context`` is the span with 15
    characters either side, whitespace collapsed; ``change`` is ``increase`` or
    ``decrease`` when the number is an amount or rate of change (增长12.5%, 下降3个百分点,
    比上年增加1028元), else ""; ``value_high`` is the upper end of a range (30～80毫米:
    value 30, value_high 80, qualifier at_least), None otherwise.

    Signs, one rule: ``value`` carries the sign that is printed (同比-6% is -6, 零下15度 is
    -15) and ``change`` the direction the words give, with the amount as printed (下降6% is
    6, change decrease). The signed change is therefore ``-value`` when change is decrease,
    else ``value``: 下降6% and 同比-6% both give -6.
    """

    start: int
    end: int
    as_reported: str
    value: Decimal
    unit: str
    unit_reported: str
    qualifier: str
    context: str
    change: str = ""
    value_high: Decimal | None = None


FIELDS = ("start", "end", "as_reported", "value", "value_high", "unit", "unit_reported", "qualifier", "context",
          "change")

#: characters of the text kept on each side of a quantity in its ``context``
CONTEXT_CHARS = 15


def context(text: str, start: int, end: int) -> str:
    """The ``context`` of the quantity at *start*..*end* of *text*: CONTEXT_CHARS characters
    on each side, whitespace collapsed to single spaces."""
    lo = start - CONTEXT_CHARS
    return " ".join(text[lo if lo > 0 else 0:end + CONTEXT_CHARS].split())

