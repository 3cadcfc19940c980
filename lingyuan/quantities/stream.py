"""Reading a long text piece by piece and writing its rows as they are found:
:func:`stream_quantities` gives what :func:`lingyuan.quantities.finder.find_quantities`
gives on the whole text, in memory bounded by the largest piece; :func:`write_rows`
writes them as CSV or JSON lines (``extract``, one file or many, and ``--draft``)."""
from __future__ import annotations

import csv
import io
import json
from typing import Iterable, Iterator

from lingyuan.quantities.finder import find_quantities
from lingyuan.quantities.numerals import format_decimal
from lingyuan.quantities.quantity import FIELDS, Quantity
from lingyuan.quantities.reading import TextStream, read_pieces

_OVERLAP = 64  # characters of each neighbour read around a piece


def stream_quantities(pieces: Iterable[tuple[int, str]]) -> Iterator[Quantity]:
    """The quantities of a text given as ``(offset, piece)`` pieces cut at sentence ends
    (:func:`lingyuan.quantities.reading.read_pieces`), with offsets in the whole text.

    Each piece is read with the last and first 64 characters of its neighbours around
    it, so a stream gives what :func:`find_quantities` gives on the whole text, in
    memory bounded by the largest piece."""
    previous: tuple[int, str] | None = None
    tail = ""
    for current in pieces:
        if previous is not None:
            yield from _window(previous, tail, current[1][:_OVERLAP])
            tail = (tail + previous[1][-_OVERLAP:])[-_OVERLAP:]
        previous = current
    if previous is not None:
        yield from _window(previous, tail, "")


def _window(piece: tuple[int, str], before: str, after: str) -> Iterator[Quantity]:
    offset, text = piece
    lead = len(before)
    for q in find_quantities(before + text + after):
        if lead <= q.start < lead + len(text):
            shift = offset - lead
            yield q._replace(start=q.start + shift, end=q.end + shift)


def quantities_to_rows(quantities: Iterable[Quantity]) -> list[dict[str, str]]:
    """The quantities as rows of strings (CSV or JSON), values in plain notation (59532000, 45.6)."""
    return [_row(q) for q in quantities]


def _row(q: Quantity) -> dict[str, str]:
    return {"start": str(q.start), "end": str(q.end), "as_reported": q.as_reported,
            "value": format_decimal(q.value),
            "value_high": "" if q.value_high is None else format_decimal(q.value_high),
            "unit": q.unit, "unit_reported": q.unit_reported,
            "qualifier": q.qualifier, "context": q.context, "change": q.change}


def _json_row(row: dict[str, str], fields: tuple[str, ...] = FIELDS) -> str:
    parts = []
    for k in fields:
        v = row[k]
        # start, end and value are JSON numbers, written with their exact digits.
        number = k in ("start", "end", "value") or (k == "value_high" and v)
        parts.append(f'"{k}": {v if number else "null" if k == "value_high" else json.dumps(v, ensure_ascii=False)}')
    return "{" + ", ".join(parts) + "}"


def encoding_note(name: str, encoding: str) -> str:
    """What to say about a file read in *encoding*: "" for UTF-8."""
    if encoding in ("utf-8", "utf-8-sig", ""):
        return ""
    shown = {"utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(encoding, encoding.upper())
    return f"{name}: not UTF-8, read as {shown}"


def write_rows(name: str, fmt: str, out, with_file: bool, header: bool = False) -> str:
    """Write the rows of file *name* (``-``: standard input) to *out* as they are found, CSV
    (its header first if *header*, once the file is known to be readable) or JSON lines, with
    a first column ``file`` if *with_file*; return the note to give about its encoding ("" for
    UTF-8). Raises :class:`InputError`."""
    stream = TextStream(name)
    pieces = read_pieces(stream)
    first = next(pieces, None)  # reads the first block: the encoding is known after it
    note = encoding_note(name, stream.encoding)
    fields = ("file", *FIELDS) if with_file else FIELDS
    if header:
        out.write(",".join(fields) + "\n")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    for q in stream_quantities(_prepend(first, pieces)):
        row = _row(q)
        if with_file:
            row = {"file": name, **row}
        if fmt == "csv":
            writer.writerow(row)
            out.write(buf.getvalue())
            buf.seek(0)
            buf.truncate()
        else:
            out.write(_json_row(row, fields) + "\n")
    return note


def _prepend(first, rest: Iterator) -> Iterator:
    if first is not None:
        yield first
    yield from rest
