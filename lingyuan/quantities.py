"""Chinese numbers and quantities, read exactly.

* :func:`parse_number` reads one printed number (``6万余``, ``5953.2万``,
  ``45.6%``, ``百余``, ``几十``, ``一半``) into a :class:`Number`: an exact
  :class:`~decimal.Decimal` value, a qualifier and a percent flag.
* :func:`normalise` turns a transcribed figure (number as printed, unit as
  printed) into its value in a canonical unit of :mod:`lingyuan.units`.

Values are always Decimals computed from the printed digits: ``0.07万`` is 700,
never ``700.0000000000001``.
"""
from __future__ import annotations

from decimal import Decimal

from lingyuan import units
from lingyuan._numerals import (
    QUALIFIERS,
    Number,
    ParseError,
    clean_value,
    format_decimal,
    parse_number,
)

__all__ = [
    "QUALIFIERS", "Number", "ParseError", "parse_number", "normalise", "format_decimal",
]


def normalise(as_reported: str, unit_reported: str, unit: str | None = None) -> tuple[Decimal, str, str]:
    """``(value, canonical unit, qualifier)`` of a figure as transcribed.

    value = ``parse_number(as_reported).value`` x the printed unit's multiplier
    (``475`` with ``万元`` -> 4750000 CNY). The canonical unit is *unit* when given
    (it must be one the printed unit may stand for: ``个`` may be ``village``,
    ``cooperative`` ...) or else the printed unit's default. Percentages
    (``45.6%``, ``百分之三十``, ``一半``) are in ``percent``; only they may have an
    empty ``unit_reported``. Raises :class:`ParseError` for an unreadable number
    and :class:`lingyuan.units.UnknownUnit` (a ValueError) for a unit that does
    not fit.
    """
    number = parse_number(as_reported)
    if unit_reported == "":
        if not number.percent:
            raise units.UnknownUnit(
                f"{as_reported!r} has no unit: only a percentage (45.6%, 一半) may leave unit_reported empty"
            )
        multiplier, default, allowed = Decimal(1), "percent", ("percent",)
    else:
        printed = units.printed(unit_reported)
        if number.percent and printed.unit != "percent":
            raise units.UnknownUnit(
                f"{as_reported!r} is a percentage but its unit is {unit_reported!r}: use '%' or leave it empty"
            )
        multiplier, default, allowed = printed.multiplier, printed.unit, printed.allowed
    if unit is None:
        unit = default
    else:
        units.canonical(unit)
        if unit not in allowed:
            raise units.UnknownUnit(
                f"unit {unit!r} does not fit the printed unit {unit_reported or '%'!r}; "
                f"it may stand for: {', '.join(allowed)}"
            )
    return clean_value(number.value * multiplier), unit, number.qualifier
