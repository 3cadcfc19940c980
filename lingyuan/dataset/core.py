"""The tidy dataset: load the hand-made transcription in ``data/raw``, validate it,
normalise every figure to a canonical unit, and write ``data/processed`` with a
Frictionless Data Package.

* :func:`load_raw` / :func:`validate_raw` — the four raw CSVs as strings, and every
  problem in them as ``file:line: column: message`` (:class:`Problem`);
* :func:`figures_table` / :func:`processed_tables` — the tidy tables, in memory;
* :func:`build` — validate, then write every processed file and ``datapackage.json``
  (atomically, deterministically: two builds give byte-identical files; nothing is
  written when the transcription has a problem);
* :func:`load_figures` / :func:`load_table` — the processed tables as typed
  DataFrames, for the analysis notebooks;
* the commands ``python -m lingyuan validate [PATH]`` and
  ``python -m lingyuan check-source ARTICLE.txt [--raw DIR]``.

Column definitions live in :mod:`lingyuan.dataset.schema`; numbers are read by
:mod:`lingyuan.quantities` and units come from :mod:`lingyuan.quantities.units`.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from lingyuan import DATA_PROCESSED, DATA_RAW, DEFAULT_ARTICLE, __version__
from lingyuan import quantities
from lingyuan.dataset import schema
from lingyuan.quantities import units
from lingyuan.quantities.words import PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS
from lingyuan.io import write_bytes

PACKAGE_NAME = "lingyuan-figures"
NEGATIVE_SIGNS = ("-", "−", "负")
# Bound words around a number in the evidence: they belong in `qualifier`.
BOUNDS_AFTER = {w: q for w, q in SUFFIX_QUALIFIERS.items() if q != "approx"}
BOUNDS_BEFORE = {w: q for w, q in PREFIX_QUALIFIERS.items() if q != "approx"}
_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One problem in the transcription: ``file:line: column: message``.

    ``line`` is the physical line of the CSV file (the header is line 1; a row
    with a quoted line break starts on the line given).
    """

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class DatasetError(ValueError):
    """The transcription has problems (listed in the message) or a processed file is missing."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
            return
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        n = len(lines)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} in the raw transcription:\n" + "\n".join(lines)
            + "\nFix them in the raw transcription (python -m lingyuan validate PATH lists them again); "
            "nothing was written, the processed files are unchanged."
        )


def _display(path: Path) -> str:
    """*path* as the user gave it, or relative to the current directory when it lies inside it."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


# --------------------------------------------------------------------------
# Reading the raw CSVs
# --------------------------------------------------------------------------

@dataclass
class RawTable:
    """One raw CSV read as strings: ``frame`` has one row per record, indexed by the
    physical line it starts on (``line``); empty cells are ``""``."""

    name: str
    file: str  # for messages
    frame: pd.DataFrame
    header: list[str]
    problems: list[Problem] = field(default_factory=list)

    def rows(self):
        """``(line, {column: text})`` for every record."""
        for line, row in zip(self.frame.index, self.frame.to_dict("records")):
            yield int(line), row


def _decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """UTF-8 text of *data* (a BOM is dropped), and a problem at the first byte that is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as e:
        pos = e.start
        line = data.count(b"\n", 0, pos) + 1
        line_start = data.rfind(b"\n", 0, pos) + 1
        prefix = data[line_start:pos].decode("utf-8", "replace")
        header = next(csv.reader([data.split(b"\n", 1)[0].decode("utf-8", "replace")]), [])
        try:  # the cells before the bad byte (a quoted cell may hold commas)
            index = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
        except csv.Error:
            index = prefix.count(",")
        column = header[index].strip() if line > 1 and index < len(header) else "(header)"
        message = (f"not UTF-8: byte 0x{data[pos]:02x} at character {len(prefix) + 1} of the line; "
                   "save the file as UTF-8")
        return data.decode("utf-8", "replace"), [Problem(file, line, column, message)]


def read_raw_table(path: str | os.PathLike, name: str | None = None) -> RawTable:
    """Read one raw CSV as strings, recording (not raising) encoding and shape problems.

    A missing file gives an empty frame and a "missing file" problem at line 1.
    Cells are stripped of surrounding spaces; blank lines are skipped.
    """
    path = Path(path)
    name = name or path.stem
    file = _display(path)
    if not path.is_file():
        table = schema.RAW_TABLES.get(name)
        cols = table.columns if table else []
        return RawTable(name, file, pd.DataFrame(columns=cols, dtype=object), [],
                        [Problem(file, 1, "(file)", f"missing file; the transcription needs {path.name} "
                                 f"with the columns: {', '.join(cols)}")])
    text, problems = _decode(path.read_bytes(), file)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    records: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if not header:
                header = [c.strip() for c in row]
                continue
            records.append([c.strip() for c in row])
            lines.append(start)
    except csv.Error as e:
        problems.append(Problem(file, previous + 1, "(row)", f"unreadable CSV: {e}; check the quotes"))
    if not header:
        problems.append(Problem(file, 1, "(header)", "the file is empty; the first line must be the header"))
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(Problem(file, 1, col, "column named twice in the header; keep one"))
        seen.add(col)
    width = len(header)
    fixed = []
    for line, row in zip(lines, records):
        if len(row) != width:
            problems.append(Problem(file, line, "(row)", f"{len(row)} cells but the header has {width}; "
                                    "check for a missing or extra comma (quote cells holding commas)"))
            row = (row + [""] * width)[:width]
        fixed.append(row)
    frame = pd.DataFrame(fixed, columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    frame.index = pd.Index(lines, name="line", dtype="int64")
    return RawTable(name, file, frame, header, problems)


def _read_all(raw_dir: str | os.PathLike) -> dict[str, RawTable]:
    raw_dir = Path(raw_dir)
    return {name: read_raw_table(raw_dir / t.path, name) for name, t in schema.RAW_TABLES.items()}


def load_raw(raw_dir: str | os.PathLike = DATA_RAW) -> dict[str, pd.DataFrame]:
    """The four raw tables (sources, entities, indicators, figures) as DataFrames of strings,
    indexed by the CSV line each row starts on; empty cells are ``""``.

    Reading never fails on content: a missing file gives an empty table, bytes that
    are not UTF-8 are replaced. :func:`validate_raw` reports all of that, with the
    rest of the problems, so a caller sees one complete list.
    """
    return {name: t.frame for name, t in _read_all(raw_dir).items()}


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

def _column_problems(table: RawTable) -> list[Problem]:
    """Column-level checks of one table, from its pandera schema (lingyuan.dataset.schema)."""
    import pandera.pandas as pa

    spec = schema.RAW_TABLES[table.name]
    if table.frame.columns.empty and not table.header:
        return []
    frame = table.frame.replace({"": None})
    problems = []
    try:
        schema.pandera_schema(spec, raw=True).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        for case in e.failure_cases.to_dict("records"):
            check, column, value, index = case["check"], case["column"], case["failure_case"], case["index"]
            if check == "column_in_schema":
                problems.append(Problem(table.file, 1, str(value), f"unknown column; {spec.path} has the "
                                        f"columns: {', '.join(spec.columns)}"))
            elif check == "column_in_dataframe":
                problems.append(Problem(table.file, 1, str(value), "missing column; add it to the header "
                                        f"({spec.path} has the columns: {', '.join(spec.columns)})"))
            elif check == "not_nullable":
                what = spec.field(column).description.split(";")[0].lower()
                problems.append(Problem(table.file, int(index), column, f"empty {column}: a value is "
                                        f"required ({what})"))
            else:
                line = int(index) if index is not None and not pd.isna(index) else 1
                problems.append(Problem(table.file, line, str(column), f"{value!r} {check}"))
    return problems


def _duplicates(table: RawTable) -> list[Problem]:
    spec = schema.RAW_TABLES[table.name]
    problems = []
    for col in spec.primary_key:
        if col not in table.frame:
            continue
        first: dict[str, int] = {}
        for line, value in zip(table.frame.index, table.frame[col]):
            if value == "":
                continue
            if value in first:
                problems.append(Problem(table.file, int(line), col,
                                        f"duplicate {col} {value!r}: first on line {first[value]}; "
                                        "give each row its own id"))
            else:
                first[value] = int(line)
    return problems


def _foreign_keys(tables: dict[str, RawTable]) -> list[Problem]:
    problems = []
    for name, table in tables.items():
        for fk in schema.RAW_TABLES[name].foreign_keys:
            target = tables[fk.resource or name]
            if fk.field not in table.frame or fk.reference not in target.frame:
                continue
            known = set(target.frame[fk.reference])
            own = table.frame[fk.reference] if not fk.resource else [None] * len(table.frame)
            for line, value, self_id in zip(table.frame.index, table.frame[fk.field], own):
                if value and value == self_id:
                    problems.append(Problem(table.file, int(line), fk.field,
                                            f"{value!r} refers to its own row; give the {fk.field} of another "
                                            "row or leave it empty"))
                elif value and value not in known:
                    problems.append(Problem(table.file, int(line), fk.field,
                                            f"unknown {fk.field} {value!r}: no such {fk.reference} in "
                                            f"{schema.RAW_TABLES[fk.resource or name].path}; add it there or "
                                            "fix the id"))
    return problems


def _sections(tables: dict[str, RawTable]) -> dict[str, list[str]]:
    sources = tables["sources"].frame
    if "sections" not in sources or "source_id" not in sources:
        return {}
    return {sid: [s.strip() for s in secs.split(schema.SECTION_SEPARATOR.strip())]
            for sid, secs in zip(sources["source_id"], sources["sections"])}


def _split_sign(as_reported: str) -> tuple[int, str]:
    for sign in NEGATIVE_SIGNS:
        if as_reported.startswith(sign) and len(as_reported) > len(sign):
            return -1, as_reported[len(sign):]
    return 1, as_reported


def _evidence_bound(evidence: str, as_reported: str, unit_reported: str) -> tuple[str, str] | None:
    """The bound word (以上, 不少于 ...) written around the number in the evidence, and its qualifier."""
    ev, num = _WS.sub("", evidence), _WS.sub("", as_reported)
    at = ev.find(num)
    if at < 0 or not num:
        return None
    after = ev[at + len(num):]
    if unit_reported and after.startswith(unit_reported):
        after = after[len(unit_reported):]
    for word, qualifier in BOUNDS_AFTER.items():
        if after.startswith(word):
            return word, qualifier
    before = ev[:at]
    for word, qualifier in BOUNDS_BEFORE.items():
        if before.endswith(word):
            return word, qualifier
    return None


def _figure_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """Row-level checks across columns and tables: numbers, units, qualifiers, evidence, sections."""
    figures = tables["figures"]
    indicators = tables["indicators"].frame
    unit_of = {}
    if {"indicator_id", "unit"} <= set(indicators.columns):
        unit_of = dict(zip(indicators["indicator_id"], indicators["unit"]))
    sections = _sections(tables)
    problems = []
    f = figures.file
    for line, row in figures.rows():
        get = row.get
        source_id, section = get("source_id", ""), get("section", "")
        if section and source_id in sections and section not in sections[source_id]:
            problems.append(Problem(f, line, "section", f"{section!r} is not one of the headlines in the "
                                    f"sections of source {source_id!r} (sources.csv); copy it from there"))
        period = get("period", "")
        if "/" in period and re.fullmatch(schema.PERIOD, period) and \
                period.split("/")[0] > period.split("/")[1]:
            problems.append(Problem(f, line, "period", f"{period!r} ends before it starts"))
        as_reported, unit_reported = get("as_reported", ""), get("unit_reported", "")
        evidence, qualifier = get("evidence", ""), get("qualifier", "")
        if evidence and as_reported:
            if _WS.sub("", as_reported) not in _WS.sub("", evidence):
                problems.append(Problem(f, line, "evidence", f"does not hold as_reported {as_reported!r}; "
                                        "the snippet must contain the number as printed"))
            elif unit_reported in units.PRINTED_UNITS and unit_reported not in evidence:
                problems.append(Problem(f, line, "evidence", f"does not hold the unit {unit_reported!r}; "
                                        "the snippet must contain the number and its unit"))
        if not as_reported:
            continue
        sign, text = _split_sign(as_reported)
        try:
            number = quantities.parse_number(text)
        except ValueError as e:
            problems.append(Problem(f, line, "as_reported", str(e)))
            continue
        unit_ok = unit_reported == "" or unit_reported in units.PRINTED_UNITS
        indicator_unit = unit_of.get(get("indicator_id", ""))
        if indicator_unit not in units.UNITS:
            indicator_unit = None
        value = unit = None
        if unit_ok:
            try:
                value, unit, _ = quantities.normalise(text, unit_reported, indicator_unit)
            except units.UnknownUnit as e:
                why = f"indicator {get('indicator_id')!r} is in {indicator_unit!r}: " if indicator_unit else ""
                problems.append(Problem(f, line, "unit_reported", f"{why}{e}"))
            except ValueError as e:
                problems.append(Problem(f, line, "as_reported", str(e)))
        if value is not None:
            value = sign * value
            if unit == "percent" and value > 100:
                problems.append(Problem(f, line, "as_reported", f"{as_reported!r} is a percentage above 100; "
                                        "check the transcription"))
            if units.UNITS[unit].kind == "count" and value < 0:
                problems.append(Problem(f, line, "as_reported", f"{as_reported!r} is a negative count "
                                        f"({unit}); a count cannot be below 0"))
        implied = number.qualifier
        if qualifier in quantities.QUALIFIERS:
            few = "几" in text and qualifier in ("approx", "at_least")
            if implied != "exact" and qualifier != implied and not few:
                problems.append(Problem(f, line, "qualifier", f"{qualifier!r} disagrees with as_reported "
                                        f"{as_reported!r}, which reads as {implied}; write {implied}"))
            elif implied == "exact" and evidence:
                bound = _evidence_bound(evidence, as_reported, unit_reported)
                if bound and qualifier != bound[1]:
                    problems.append(Problem(f, line, "qualifier", f"{qualifier!r} disagrees with the evidence, "
                                            f"which says {bound[0]} around the number; write {bound[1]}"))
    return problems


def _problems(tables: dict[str, RawTable]) -> list[Problem]:
    problems = [p for t in tables.values() for p in t.problems]
    for table in tables.values():
        problems += _column_problems(table)
        problems += _duplicates(table)
    problems += _foreign_keys(tables)
    problems += _figure_problems(tables)
    # every problem once, sorted by file and line (stable: column checks before row checks)
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line))


def validate_raw(raw_dir: str | os.PathLike = DATA_RAW) -> list[Problem]:
    """Every problem in the transcription in *raw_dir*, sorted by file and line (empty when valid).

    Column checks (required cells, vocabularies, patterns, lengths) come from the
    pandera schemas of :mod:`lingyuan.dataset.schema`; duplicate ids, foreign keys, numbers,
    units, qualifiers and evidence are checked across columns and tables.
    """
    return _problems(_read_all(raw_dir))


# --------------------------------------------------------------------------
# Normalising
# --------------------------------------------------------------------------

def _value(as_reported: str, unit_reported: str, unit: str) -> Decimal:
    sign, text = _split_sign(as_reported)
    value, _, _ = quantities.normalise(text, unit_reported, unit)
    return sign * value


def figures_table(raw: dict[str, pd.DataFrame]) -> list[dict]:
    """The rows of processed figures.csv from valid raw tables: values normalised to the
    indicator's unit, names joined in, in reading order."""
    entities = raw["entities"].set_index("entity_id")
    indicators = raw["indicators"].set_index("indicator_id")
    sources = raw["sources"]
    source_order = {sid: i for i, sid in enumerate(sorted(sources["source_id"]))}
    sections = {sid: [s.strip() for s in secs.split(schema.SECTION_SEPARATOR.strip())]
                for sid, secs in zip(sources["source_id"], sources["sections"])}
    rows = []
    for line, r in zip(raw["figures"].index, raw["figures"].to_dict("records")):
        ent, ind = entities.loc[r["entity_id"]], indicators.loc[r["indicator_id"]]
        unit = ind["unit"]
        row = {
            **{k: r[k] for k in ("figure_id", "source_id", "section")},
            "paragraph": int(r["paragraph"]),
            **{k: r[k] for k in ("evidence", "as_reported", "unit_reported")},
            "value": _value(r["as_reported"], r["unit_reported"], unit),
            "unit": unit,
            **{k: r[k] for k in ("qualifier", "kind", "period", "entity_id")},
            "entity_zh": ent["name_zh"], "entity_en": ent["name_en"],
            "indicator_id": r["indicator_id"],
            "indicator_zh": ind["name_zh"], "indicator_en": ind["name_en"], "topic": ind["topic"],
            "note": r["note"],
            "_entity_level": ent["level"],
            "_order": (source_order[r["source_id"]], sections[r["source_id"]].index(r["section"]),
                       int(r["paragraph"]), int(line)),
        }
        rows.append(row)
    rows.sort(key=lambda row: row["_order"])
    return rows


def _topic_rows(figures: list[dict], stem: str) -> list[dict]:
    topics = schema.TOPIC_TABLES[stem]
    rows = []
    for f in figures:
        if f["topic"] not in topics:
            continue
        u = units.UNITS[f["unit"]]
        rows.append({**f, "entity_level": f["_entity_level"], "unit_en": u.plural, "unit_zh": u.zh})
    rows.sort(key=lambda r: (topics.index(r["topic"]), r["indicator_id"], r["entity_id"], r["period"],
                             r["figure_id"]))
    return rows


def processed_tables(raw: dict[str, pd.DataFrame]) -> dict[str, list[dict]]:
    """Every processed table's rows, keyed by table name (see schema.PROCESSED_TABLES)."""
    figures = figures_table(raw)
    tables: dict[str, list[dict]] = {"figures": figures}
    for stem in schema.TOPIC_TABLES:
        tables[stem] = _topic_rows(figures, stem)
    for name in ("entities", "indicators", "sources"):
        key = schema.PROCESSED_TABLES[name].primary_key[0]
        tables[name] = sorted(raw[name].to_dict("records"), key=lambda r: r[key])
    return tables


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
    for row in rows:
        writer.writerow([_text(row.get(c)) for c in table.columns])
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------
# The Data Package
# --------------------------------------------------------------------------

def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def datapackage(files: dict[str, bytes], sources: list[dict]) -> dict:
    """The datapackage.json descriptor for the processed *files* (name -> bytes): Frictionless
    Data Package v2, every resource with its Table Schema, hash and size; no timestamp, so two
    builds give the same bytes."""
    package_sources = []
    for s in sources:
        package_sources.append({
            "title": f"{s['title_en']} ({s['title_zh']})",
            "fileName": s["file_name"],
            "sourceId": s["source_id"],
            "publication": f"{s['publication_en']} ({s['publication_zh']})",
            "datePublished": s["date_published"],
            "dateAccessed": s["date_accessed"],
            "reporter": f"{s['reporter_en']} ({s['reporter_zh']})" if s["reporter_en"] else "",
            "citation": s["citation"],
            "methodNote": s["method_note"],
            "hash": f"sha256:{s['sha256']}",
            "bytes": int(s["bytes"]),
        })
    resources = []
    for name, table in schema.PROCESSED_TABLES.items():
        data = files[table.path]
        resources.append({
            "name": name,
            "type": "table",
            "path": table.path,
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": table.title,
            "description": f"{table.description} Row order: {table.order}.",
            "hash": f"sha256:{_sha256(data)}",
            "bytes": len(data),
            "schema": schema.table_schema(table),
        })
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": "Lingyuan poverty-alleviation figures, September 2019",
        "description": (
            "The figures reported on a Lingyuan (凌源市, Liaoning) newspaper page on poverty alleviation "
            "(September 2019), transcribed by hand: one row per figure as printed, normalised to a "
            "canonical unit, with the entity and indicator it concerns and a short evidence snippet. "
            "Values are as reported by the newspaper, not verified. No licence is known for the source: "
            "the article belongs to its publisher; this package holds only facts and evidence snippets "
            "of at most 30 characters. Built by lingyuan.dataset.build() from data/raw."
        ),
        "version": __version__,
        "keywords": ["Lingyuan", "凌源", "poverty alleviation", "China", "newspaper", "figures"],
        "sources": package_sources,
        "resources": resources,
    }


def json_bytes(descriptor: dict) -> bytes:
    """Deterministic, readable JSON: two-space indent, keys in the order given, UTF-8 text."""
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------

@dataclass
class BuildResult:
    """What :func:`build` wrote: the folder, the files, rows per table and figures per topic."""

    output_dir: Path
    files: dict[str, Path]
    rows: dict[str, int]
    topics: dict[str, int]

    def __str__(self) -> str:
        tables = ", ".join(f"{name} {n}" for name, n in self.rows.items())
        return f"wrote {len(self.files)} files to {_display(self.output_dir)} (rows: {tables})"


def build(raw_dir: str | os.PathLike = DATA_RAW, output_dir: str | os.PathLike = DATA_PROCESSED) -> BuildResult:
    """Validate *raw_dir* and write the processed tables and datapackage.json to *output_dir*.

    Raises :class:`DatasetError` listing every problem, and writes nothing, when the
    transcription is not valid. Every file is written atomically; the bytes depend
    only on the raw files, so rebuilding gives identical files.
    """
    raw_dir, output_dir = Path(raw_dir), Path(output_dir)
    tables = _read_all(raw_dir)
    problems = _problems(tables)
    if problems:
        raise DatasetError(problems)
    raw = {name: t.frame for name, t in tables.items()}
    rows = processed_tables(raw)
    files = {schema.PROCESSED_TABLES[name].path: csv_bytes(schema.PROCESSED_TABLES[name], r)
             for name, r in rows.items()}
    files["datapackage.json"] = json_bytes(datapackage(files, rows["sources"]))
    written = {name: write_bytes(output_dir / name, data) for name, data in files.items()}
    topics: dict[str, int] = {}
    for f in rows["figures"]:
        topics[f["topic"]] = topics.get(f["topic"], 0) + 1
    return BuildResult(output_dir, written, {name: len(r) for name, r in rows.items()},
                       dict(sorted(topics.items())))


# --------------------------------------------------------------------------
# check-source
# --------------------------------------------------------------------------

def check_source(article: str | os.PathLike, raw_dir: str | os.PathLike = DATA_RAW) -> list[Problem]:
    """Every way the transcription in *raw_dir* disagrees with the *article* file: a
    SHA-256 or size different from sources.csv, an evidence snippet that does not occur
    in the article (whitespace removed from both) or does not hold its as_reported."""
    article = Path(article)
    tables = _read_all(raw_dir)
    problems = [p for name in ("sources", "figures") for p in tables[name].problems]
    if not article.is_file():
        return problems + [Problem(_display(article), 1, "(file)", "article not found; give the path "
                                   "of the article's text file")]
    data = article.read_bytes()
    digest = _sha256(data)
    sources, figures = tables["sources"], tables["figures"]
    for col in ("source_id", "file_name", "sha256", "bytes"):
        if col not in sources.frame:
            return problems + [Problem(sources.file, 1, col, "missing column")]
    for col in ("figure_id", "source_id", "evidence", "as_reported"):
        if col not in figures.frame:
            return problems + [Problem(figures.file, 1, col, "missing column")]
    rows = list(sources.rows())
    match = [(line, r) for line, r in rows if r["file_name"] == article.name] or \
            [(line, r) for line, r in rows if r["sha256"] == digest] or rows[:1]
    if not match:
        return problems + [Problem(sources.file, 1, "(file)", "no source to check against")]
    line, src = match[0]
    if src["sha256"] != digest:
        problems.append(Problem(sources.file, line, "sha256", f"{_display(article)} has sha256 {digest}, "
                                f"sources.csv says {src['sha256']}: the article changed or is another file"))
    if src["bytes"] != str(len(data)):
        problems.append(Problem(sources.file, line, "bytes", f"{_display(article)} has {len(data)} bytes, "
                                f"sources.csv says {src['bytes']}"))
    text = _WS.sub("", data.decode("utf-8", "replace"))
    for fline, r in figures.rows():
        if r["source_id"] != src["source_id"]:
            continue
        evidence = _WS.sub("", r["evidence"])
        if not evidence or evidence not in text:
            problems.append(Problem(figures.file, fline, "evidence", f"{r['figure_id']}: {r['evidence']!r} "
                                    "does not occur in the article (whitespace removed from both)"))
        if _WS.sub("", r["as_reported"]) not in evidence:
            problems.append(Problem(figures.file, fline, "as_reported", f"{r['figure_id']}: "
                                    f"{r['as_reported']!r} is not in its evidence {r['evidence']!r}"))
    return sorted(problems, key=lambda p: (p.file, p.line))


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------

def validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=None,
                        help="folder of the raw transcription (default: data/raw of the project)")


def validate_command(args: argparse.Namespace) -> int:
    """Print every problem as file:line: column: message and a count (exit 1), or an OK line."""
    raw_dir = Path(args.path) if args.path else DATA_RAW
    tables = _read_all(raw_dir)
    problems = _problems(tables)
    for p in problems:
        print(p)
    where = _display(raw_dir)
    if problems:
        n = len(problems)
        print(f"{n} problem{'s' if n != 1 else ''} in {where}")
        return 1
    counts = ", ".join(f"{len(t.frame)} {name}" for name, t in tables.items())
    print(f"OK: {where}: {counts}; no problems")
    return 0


def check_source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", nargs="?", default=str(DEFAULT_ARTICLE),
                        help="the article's text file (default: the project's article)")
    parser.add_argument("--raw", default=None, help="folder of the raw transcription (default: data/raw)")


def check_source_command(args: argparse.Namespace) -> int:
    """Print each disagreement between the transcription and the article (exit 1), or an OK line."""
    raw_dir = Path(args.raw) if args.raw else DATA_RAW
    problems = check_source(args.article, raw_dir)
    for p in problems:
        print(p)
    if problems:
        n = len(problems)
        print(f"{n} failure{'s' if n != 1 else ''}: the transcription in {_display(raw_dir)} does not match "
              f"{_display(Path(args.article))}")
        return 1
    n = len(read_raw_table(raw_dir / "figures.csv").frame)
    print(f"OK: {n} evidence snippets occur in {_display(Path(args.article))}; its sha256 matches sources.csv")
    return 0


def pick(figures: pd.DataFrame, ids) -> pd.DataFrame:
    """The rows of the tidy table with these figure_ids, in the order given."""
    ids = list(ids)
    indexed = figures.set_index("figure_id", drop=False)
    missing = [i for i in ids if i not in indexed.index]
    if missing:
        raise KeyError(f"figure_id not in the tidy table: {', '.join(missing)}; "
                       "rebuild data/processed from data/raw")
    return indexed.loc[ids].reset_index(drop=True)
