"""Coverage of a transcription: :func:`coverage` matches the rows of a figures CSV
(data/raw/figures.csv format) to the quantities of a text, and lists what one side
holds and the other does not."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lingyuan.quantities.finder import Quantity, compact, find_quantities
from lingyuan.quantities.numerals import parse_number
from lingyuan.quantities.patterns import WS_RUN
from lingyuan.quantities.reading import InputError, read_text
from lingyuan.quantities.values import normalise

#: Cells larger than this are refused (the csv module's default limit): no figure needs one.
MAX_CELL_BYTES = 128 * 1024


def _values_of_row(as_reported: str, unit_reported: str) -> set[Decimal]:
    values: set[Decimal] = set()
    try:
        values.add(parse_number(as_reported).value)
    except ValueError:
        pass
    try:
        values.add(normalise(as_reported, unit_reported)[0])
    except ValueError:
        pass
    return values


@dataclass(frozen=True)
class Coverage:
    """Result of :func:`coverage`: what a transcription and a text agree on."""

    quantities: list[Quantity]
    unaccounted: list[Quantity]  # found in the text, no row holds them
    unmatched: list[tuple[int, dict[str, str], str]]  # (CSV line, row, why) for rows not found
    rows: int

    @property
    def ok(self) -> bool:
        return not self.unaccounted and not self.unmatched


def _places(s: str, offsets, evidence: str) -> list[tuple[int, int]]:
    places = []
    p = s.find(evidence)
    while p >= 0:
        places.append((offsets[p], offsets[p + len(evidence) - 1] + 1))
        p = s.find(evidence, p + 1)
    return places


def _candidates(quantities: list[Quantity], places, wanted: set[Decimal]) -> list[int]:
    candidates = []
    for a, b in places:
        for i, q in enumerate(quantities):
            if q.start < b and q.end > a:
                got = {q.value}
                try:
                    got.add(parse_number(q.as_reported).value)
                except ValueError:
                    pass
                if got & wanted:
                    candidates.append(i)
    return candidates


def coverage(text: str, rows: list[tuple[int, dict[str, str]]]) -> Coverage:
    """Match transcription rows (CSV line, row) to the quantities of *text*.

    A row is located by its ``evidence`` snippet, searched with all whitespace
    removed from both sides; the row matches a quantity overlapping that place
    whose value equals the row's ``as_reported`` number (compared as values: the
    row's number alone or times its printed unit, so 475 万元 matches 475万元).
    A snippet found several times (a repeated sentence) is matched to distinct
    occurrences in order; several rows may share one printed number when no
    other is left (分别 ... 10万元: one number for three villages).
    """
    s, offsets = compact(text)
    quantities = find_quantities(text)
    claimed: dict[int, int] = {}  # quantity index -> number of rows
    unmatched = []
    for line, row in rows:
        evidence = WS_RUN.sub("", row.get("evidence", ""))
        wanted = _values_of_row(row.get("as_reported", ""), row.get("unit_reported", ""))
        if not evidence:
            unmatched.append((line, row, "no evidence snippet"))
            continue
        if not wanted:
            unmatched.append((line, row, f"as_reported {row.get('as_reported', '')!r} is not a number"))
            continue
        places = _places(s, offsets, evidence)
        if not places:
            unmatched.append((line, row, "evidence not found in the text"))
            continue
        candidates = _candidates(quantities, places, wanted)
        if not candidates:
            unmatched.append((line, row, f"the text holds no quantity {row.get('as_reported', '')}"
                                         f"{row.get('unit_reported', '')} at its evidence"))
            continue
        free = [i for i in candidates if i not in claimed]
        pick = free[0] if free else candidates[0]
        claimed[pick] = claimed.get(pick, 0) + 1
    unaccounted = [q for i, q in enumerate(quantities) if i not in claimed]
    return Coverage(quantities, unaccounted, unmatched, len(rows))


def _column_at(record_text: str, header: list[str], width: int) -> str:
    """Name of the column whose cell in one CSV record is the first longer than *width*."""
    csv.field_size_limit(max(width * 4, 1 << 24))
    try:
        cells = next(csv.reader(io.StringIO(record_text, newline="")), [])
    except csv.Error:
        return "(row)"
    for i, cell in enumerate(cells):
        if len(cell.encode("utf-8")) > width:
            return header[i] if i < len(header) else f"column {i + 1}"
    return "(row)"


def read_figures(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a figures CSV (data/raw/figures.csv format) with their line numbers.

    Raises :class:`InputError` naming the file, line and column for a CSV the csv module
    cannot read (a cell over 128 KiB, a NUL byte, a quote left open)."""
    text, _ = read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    old_limit = csv.field_size_limit(MAX_CELL_BYTES)
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1  # line where the record being read starts
    header: list[str] = []
    try:
        header = list(reader.fieldnames or ())
        missing = {"evidence", "as_reported", "unit_reported"} - set(header)
        if missing:
            raise InputError(f"{path}:1: header: missing column(s) {', '.join(sorted(missing))}")
        start = reader.line_num + 1
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as e:
        lines = text.splitlines(keepends=True)
        record = "".join(lines[start - 1:max(reader.line_num, start)])
        too_long = "field limit" in str(e)
        column = _column_at(record, header, MAX_CELL_BYTES) \
            if too_long else "(row)"
        advice = ("no cell of a figures table needs more than 128 KiB: look for a quote left open"
                  if too_long else "check the quotes and look for stray bytes")
        raise InputError(f"{path}:{start}: {column}: unreadable CSV ({e}); {advice}") from None
    finally:
        csv.field_size_limit(old_limit)
    return rows
