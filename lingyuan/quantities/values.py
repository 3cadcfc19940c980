"""A figure's value in its canonical unit: :func:`normalise` (for a transcription,
closed vocabulary) and :func:`normalise_number` (for the extractor, which also
returns quantities whose unit is not in the vocabulary, with an empty unit).
"""
from __future__ import annotations

from decimal import Decimal

from lingyuan.quantities import units
from lingyuan.quantities.numerals import DECIMAL_CONTEXT, Number, clean_value, parse_number


def normalise(as_reported: str, unit_reported: str, unit: str | None = None) -> tuple[Decimal, str, str]:
    """``(value, canonical unit, qualifier)`` of a figure as transcribed.

    value = ``parse_number(as_reported).value`` x the printed unit's multiplier
    (``475`` with ``万元`` -> 4750000 CNY). The canonical unit is *unit* when given
    (it must be one the printed unit may stand for: ``个`` may be ``village``,
    ``cooperative`` ...) or else the printed unit's default. Percentages
    (``45.6%``, ``百分之三十``, ``一半``) are in ``percent``; only they may have an
    empty ``unit_reported``. Raises :class:`ParseError` for an unreadable number
    and :class:`lingyuan.quantities.units.UnknownUnit` (a ValueError) for a unit that does
    not fit.
    """
    return _closed(parse_number(as_reported), as_reported, unit_reported, unit)


def normalise_number(number: Number, as_reported: str, unit_reported: str,
                     unit: str | None) -> tuple[Decimal, str, str]:
    """Like :func:`normalise` for an already read number; *unit* "" means the printed
    unit is outside the vocabulary: the value is the number as printed (magnitudes
    applied) and the unit stays ""."""
    if unit == "" or (unit_reported not in units.PRINTED_UNITS and unit_reported in units.SYMBOL_UNITS):
        return clean_value(number.value), unit, number.qualifier  # 5km, 20x: the value as printed
    return _closed(number, as_reported, unit_reported, unit)


def _closed(number: Number, as_reported: str, unit_reported: str,
            unit: str | None) -> tuple[Decimal, str, str]:
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
    return clean_value(DECIMAL_CONTEXT.multiply(number.value, multiplier)), unit, number.qualifier
