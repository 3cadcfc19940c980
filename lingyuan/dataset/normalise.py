"""Normalising a valid transcription into the tidy tables, in memory.

Every printed number becomes its value in the indicator's canonical unit, computed
exactly (:class:`decimal.Decimal`: ``6万余`` people -> 60000, ``5953.2万元`` -> 59532000),
with the names of the entity and the indicator joined in; the reference tables are
sorted by their id. Each row keeps ``_line``, the line of the raw file it comes from,
so a problem found later (:func:`~lingyuan.dataset.validate.tidy_problems`) is reported
where the transcriber can fix it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from lingyuan import quantities
from lingyuan.dataset import schema
from lingyuan.dataset.raw import RawTranscription, records

NEGATIVE_SIGNS = ("-", "−", "负")
#: the columns of a processed figures row taken as they are from the raw row and the joined names
FIGURE_COLUMNS = ("figure_id", "source_id", "section", "evidence", "as_reported", "unit_reported", "unit",
                  "qualifier", "kind", "period", "entity_id", "entity_zh", "entity_en", "indicator_id",
                  "indicator_zh", "indicator_en", "topic", "note")


def split_sign(as_reported: str) -> tuple[int, str]:
    """The sign written before a number (-, −, 负) and the rest of *as_reported*."""
    for sign in NEGATIVE_SIGNS:
        if as_reported.startswith(sign) and len(as_reported) > len(sign):
            return -1, as_reported[len(sign):]
    return 1, as_reported


def sections_of(sources: pd.DataFrame) -> dict[str, list[str]]:
    """source_id -> its headlines, in page order (the ``sections`` column split)."""
    if "sections" not in sources or "source_id" not in sources:
        return {}
    return {sid: [s.strip() for s in secs.split(schema.SECTION_SEPARATOR.strip())]
            for sid, secs in zip(sources["source_id"], sources["sections"])}


def _value(as_reported: str, unit_reported: str, unit: str) -> Decimal:
    sign, text = split_sign(as_reported)
    value, _, _ = quantities.normalise(text, unit_reported, unit)
    return sign * value


def _frames(raw: RawTranscription | dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return raw.frames if isinstance(raw, RawTranscription) else raw


def _joined(figures: pd.DataFrame, table: pd.DataFrame, key: str, columns: dict[str, str]) -> pd.DataFrame:
    """*figures* with *columns* of *table* (renamed as given) joined in on *key*, row for
    row; KeyError naming the ids *table* does not have (a transcription that did not pass
    :func:`~lingyuan.dataset.validate.check_raw`)."""
    right = table.drop_duplicates(key)[[key, *columns]].rename(columns=columns)
    joined = figures.merge(right, on=key, how="left", validate="many_to_one", indicator="_found")
    missing = joined.loc[joined["_found"] == "left_only", key]
    if len(missing):
        raise KeyError(f"{key} not in the reference table: {', '.join(dict.fromkeys(missing))}")
    return joined.drop(columns="_found")


def figures_table(raw: RawTranscription | dict[str, pd.DataFrame]) -> list[dict]:
    """The rows of processed figures.csv from a valid transcription: values normalised to
    the indicator's unit, names joined in, in reading order (source, section, paragraph,
    then as transcribed)."""
    raw = _frames(raw)
    sources = raw["sources"]
    source_order = {sid: i for i, sid in enumerate(sorted(sources["source_id"]))}
    section_order: dict[str, dict[str, int]] = {}
    for sid, headlines in sections_of(sources).items():
        for i, headline in enumerate(headlines):
            section_order.setdefault(sid, {}).setdefault(headline, i)  # the first, as list.index gives
    figures = raw["figures"].rename_axis("_line").reset_index()
    figures = _joined(figures, raw["entities"], "entity_id", {"name_zh": "entity_zh", "name_en": "entity_en"})
    figures = _joined(figures, raw["indicators"], "indicator_id",
                      {"unit": "unit", "name_zh": "indicator_zh", "name_en": "indicator_en", "topic": "topic"})
    values: dict[tuple[str, str, str], Decimal] = {}  # the same printed number in the same units: parsed once
    rows = []
    for r in records(figures):
        key = (r["as_reported"], r["unit_reported"], r["unit"])
        if key not in values:
            values[key] = _value(*key)
        line, paragraph = int(r["_line"]), int(r["paragraph"])
        rows.append({**{c: r[c] for c in FIGURE_COLUMNS}, "paragraph": paragraph, "value": values[key],
                     "_line": line, "_order": (source_order[r["source_id"]],
                                               section_order[r["source_id"]][r["section"]], paragraph, line)})
    rows.sort(key=lambda row: row["_order"])
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return quantities.format_decimal(value)
    return str(value)


def csv_bytes(table: schema.Table, rows: list[dict]) -> bytes:
    """*rows* as UTF-8 CSV with *table*'s columns in order: Unix newlines, minimal quoting,
    numbers written exactly (59532000, 45.6, 2.2), empty cells for missing values."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    columns = table.columns
    for row in rows:
        writer.writerow([v if type(v) is str else _text(v) for v in map(row.get, columns)])
    return buf.getvalue().encode("utf-8")


@dataclass
class TidyTables:
    """The processed tables in memory: table name -> rows (dicts keyed by column, values
    typed: ``paragraph`` int, ``value`` Decimal), in the order they are written."""

    rows: dict[str, list[dict]]
    #: table name -> the raw file its rows come from (for messages)
    raw_files: dict[str, str]

    def __getitem__(self, name: str) -> list[dict]:
        return self.rows[name]

    def csv(self, name: str) -> bytes:
        """Table *name* as the bytes of its processed CSV file."""
        return csv_bytes(schema.PROCESSED_TABLES[name], self.rows[name])

    def frame(self, name: str) -> pd.DataFrame:
        """Table *name* as a DataFrame with its processed columns, for a look in a notebook."""
        return pd.DataFrame(self.rows[name], columns=schema.PROCESSED_TABLES[name].columns)


def normalise(raw: RawTranscription | dict[str, pd.DataFrame]) -> TidyTables:
    """Step 3 of the build: the processed tables of a transcription that has no problems
    (:func:`~lingyuan.dataset.validate.check_raw` first): the tidy figures and the
    reference tables (entities, indicators, sources) sorted by id."""
    frames = _frames(raw)
    tables: dict[str, list[dict]] = {"figures": figures_table(frames)}
    for name in ("entities", "indicators", "sources"):
        key = schema.PROCESSED_TABLES[name].primary_key[0]
        frame = frames[name]
        rows = [{**r, "_line": int(line)} for line, r in zip(frame.index.tolist(), records(frame))]
        tables[name] = sorted(rows, key=lambda r: r[key])
    files = {name: raw.tables[name].file if isinstance(raw, RawTranscription) else schema.RAW_TABLES[name].path
             for name in tables}
    return TidyTables(tables, files)


def processed_tables(raw: RawTranscription | dict[str, pd.DataFrame]) -> dict[str, list[dict]]:
    """Every processed table's rows, keyed by table name (see schema.PROCESSED_TABLES)."""
    return normalise(raw).rows
