"""Checking the transcription: every problem as ``file:line: column: message``.

Two layers, run in the order of the build:

* :func:`raw_problems` — the raw files themselves: column checks from the pandera
  schemas of :mod:`lingyuan.dataset.schema` (required cells, vocabularies, patterns,
  lengths, integer bounds), duplicate ids, foreign keys, the entity tree (no cycles,
  a place inside a place of a higher level, a body inside a place), digits other than
  0-9, and the figures row by row (numbers, units, qualifiers, evidence, sections);
* :func:`tidy_problems` — the loader's own checks (:func:`lingyuan.dataset.load.read_table`)
  run on the bytes the build would write, so nothing passes that the loader would refuse.

A problem is reported once, where it starts: an id left empty is "fill in ...", not
also an unknown id and a unit that does not fit; a file that cannot be read gives one
problem and no complaints from the files that refer to it.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import unicodedata
from pathlib import Path

import pandas as pd

from lingyuan import DATA_RAW, DEFAULT_ARTICLE, quantities
from lingyuan.dataset import schema
from lingyuan.dataset.load import read_table
from lingyuan.dataset.normalise import TidyTables, normalise, sections_of, split_sign
from lingyuan.dataset.raw import (DatasetError, Problem, RawTable, RawTranscription, display_path,
                                  read_raw, records, unusable_folder,
                                  sort_problems)
from lingyuan.quantities import units
from lingyuan.quantities.words import PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS

# Bound words around a number in the evidence: they belong in `qualifier`.
BOUNDS_AFTER = {w: q for w, q in SUFFIX_QUALIFIERS.items() if q != "approx"}
BOUNDS_BEFORE = {w: q for w, q in PREFIX_QUALIFIERS.items() if q != "approx"}
#: Digits a printed number may use besides 0-9 (full-width, as Chinese type sets them).
PRINTED_DIGITS = "０１２３４５６７８９"
_WS = re.compile(r"\s+")
#: a decimal digit other than 0-9 (``\d`` is every decimal digit, as str.isdecimal), and
#: other than 0-9 and the printed ones (for as_reported and evidence)
_OTHER_DIGITS = {False: r"(?![0-9])\d", True: rf"(?![0-9{PRINTED_DIGITS}])\d"}


# --------------------------------------------------------------------------
# Columns, ids, references
# --------------------------------------------------------------------------

def _column_problem(table: RawTable, spec: schema.Table, case: dict) -> Problem:
    """One pandera failure case as a Problem."""
    check, column, value, index = case["check"], case["column"], case["failure_case"], case["index"]
    if check == "column_in_schema":
        return Problem(table.file, 1, str(value), f"unknown column; {spec.path} has the columns: "
                       f"{', '.join(spec.columns)}")
    if check == "column_in_dataframe":
        return Problem(table.file, 1, str(value), "missing column; add it to the header "
                       f"({spec.path} has the columns: {', '.join(spec.columns)})")
    line = int(index) if index is not None and index == index else 1
    if check == "not_nullable":
        what = spec.field(column).description.split(";")[0]
        what = what[:1].lower() + what[1:]
        return Problem(table.file, line, column, f"fill in {column}: {what}; the cell is empty")
    return Problem(table.file, line, str(column), f"{value!r} {check}")


def _column_problems(table: RawTable) -> list[Problem]:
    """Column-level checks of one table, from its pandera schema (lingyuan.dataset.schema)."""
    import pandera.pandas as pa

    spec = schema.RAW_TABLES[table.name]
    if not table.readable or not table.header:
        return []
    frame = table.frame.replace({"": None})
    try:
        schema.pandera_schema(spec, raw=True).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        return [_column_problem(table, spec, case) for case in e.failure_cases.to_dict("records")]
    return []


def _digit_problems(table: RawTable) -> list[Problem]:
    """Numbers written with digits other than 0-9 (٣, 𝟑 ...): Python and the number parser
    would read them, but a reader or another tool may not; the transcription uses 0-9,
    and as_reported and evidence also the full-width digits printed in Chinese type."""
    spec = schema.RAW_TABLES[table.name]
    printed = ("as_reported", "evidence")
    columns = [f.name for f in spec.fields if f.name in printed or f.type in ("integer", "number", "date")
               or (f.pattern and "\\d" in f.pattern)]  # in file order, so the output is stable
    problems = []
    # the rows that hold such a digit, found column by column; then each of them in full
    flagged = pd.Series(False, index=range(len(table.frame)))
    for c in columns:
        if c in table.frame:
            flagged |= table.frame[c].fillna("").astype(str).str.contains(_OTHER_DIGITS[c in printed]).to_numpy()
    rows = flagged[flagged].index.tolist()
    for line, row in zip(table.frame.index[rows].tolist(), records(table.frame.iloc[rows])):
        for column in columns:
            text = row.get(column) or ""
            allowed = "0123456789" + (PRINTED_DIGITS if column in printed else "")
            bad = next((c for c in text if c.isdecimal() and c not in allowed), None)
            if bad:
                also = " (or ０-９ as printed)" if column in printed else ""
                problems.append(Problem(table.file, line, column, f"{text!r} holds {bad!r} "
                                        f"({unicodedata.name(bad, 'a digit')}); write numbers with the digits "
                                        f"0-9{also}"))
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
                problems.append(Problem(table.file, int(line), col, f"duplicate {col} {value!r}: first on line "
                                        f"{first[value]}; give each row its own id"))
            else:
                first[value] = int(line)
    return problems


def _foreign_keys(tables: dict[str, RawTable]) -> list[Problem]:
    """Ids that refer to no row of the table they name (skipped when that table could not be read)."""
    problems = []
    for name, table in tables.items():
        for fk in schema.RAW_TABLES[name].foreign_keys:
            target = tables[fk.resource or name]
            if not target.readable or fk.field not in table.frame or fk.reference not in target.frame:
                continue
            known = set(target.frame[fk.reference])
            own = table.frame[fk.reference] if not fk.resource else [None] * len(table.frame)
            path = schema.RAW_TABLES[fk.resource or name].path
            for line, value, self_id in zip(table.frame.index, table.frame[fk.field], own):
                if value and value == self_id:
                    problems.append(Problem(table.file, int(line), fk.field, f"{value!r} refers to its own row; "
                                            f"give the {fk.field} of another row or leave it empty"))
                elif value and value not in known:
                    problems.append(Problem(table.file, int(line), fk.field, f"unknown {fk.field} {value!r}: no "
                                            f"such {fk.reference} in {path}; add it there or fix the id"))
    return problems


# --------------------------------------------------------------------------
# The entity tree
# --------------------------------------------------------------------------

def _level_problem(entity: str, level: str, parent: str, parent_level: str) -> str | None:
    """Why *entity* (a *level*) cannot lie inside *parent* (a *parent_level*), or None."""
    places = schema.PLACE_LEVELS
    if level not in schema.LEVELS or parent_level not in schema.LEVELS:
        return None  # an unknown level is reported by the column checks
    order = " > ".join(places)
    if level in places and parent_level in places and places.index(parent_level) >= places.index(level):
        return (f"{entity!r} is a {level} but its parent {parent!r} is a {parent_level}: a place lies inside "
                f"a place of a higher level ({order}); fix parent_id or level")
    if parent_level not in places:
        return (f"{entity!r} is a {level} but its parent {parent!r} is a {parent_level}: an entity lies "
                f"inside a place ({', '.join(places)}), not inside a {parent_level}; give the place")
    return None


def _cycles(parents: dict[str, str]) -> list[list[str]]:
    """Every cycle of the parent links, each once, starting at its first member in file order."""
    order = {e: i for i, e in enumerate(parents)}
    cycles, done = [], set()
    for start in parents:
        path, seen = [], {}
        current = start
        while current in parents and current not in done and current not in seen:
            seen[current] = len(path)
            path.append(current)
            current = parents[current]
        if current in seen:  # walked back into this path: a cycle
            cycle = path[seen[current]:]
            first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            cycles.append(cycle[first:] + cycle[:first])
        done.update(path)
    return cycles


def _tree_problems(table: RawTable) -> list[Problem]:
    """The entity tree: parents at a higher level than their children, and no cycles."""
    frame = table.frame
    if not table.readable or not {"entity_id", "level", "parent_id"} <= set(frame.columns):
        return []
    level_of, line_of, parents = {}, {}, {}
    for line, eid, level, parent in zip(frame.index, frame["entity_id"], frame["level"], frame["parent_id"]):
        if eid and eid not in line_of:
            level_of[eid], line_of[eid] = level, int(line)
            if parent and parent != eid:
                parents[eid] = parent
    problems = []
    for eid, parent in parents.items():
        if parent in level_of:
            why = _level_problem(eid, level_of[eid], parent, level_of[parent])
            if why:
                problems.append(Problem(table.file, line_of[eid], "parent_id", why))
    for cycle in _cycles({e: p for e, p in parents.items() if p in level_of}):
        chain = " -> ".join(cycle + cycle[:1])
        problems.append(Problem(table.file, line_of[cycle[0]], "parent_id", f"the parents go round in a "
                                f"circle: {chain}; one of them needs another parent (or none)"))
    return problems


# --------------------------------------------------------------------------
# The figures, row by row
# --------------------------------------------------------------------------

def evidence_bound(evidence: str, as_reported: str, unit_reported: str) -> tuple[str, str] | None:
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


def _text_problems(row: dict, sections: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(column, message) for a section that is not a headline of the source, and a period
    that ends before it starts."""
    out = []
    source_id, section = row.get("source_id", ""), row.get("section", "")
    if section and source_id in sections and section not in sections[source_id]:
        out.append(("section", f"{section!r} is not one of the headlines in the sections of source "
                    f"{source_id!r} (sources.csv); copy it from there"))
    period = row.get("period", "")
    if "/" in period and re.fullmatch(schema.PERIOD, period, re.ASCII) and \
            period.split("/")[0] > period.split("/")[1]:
        out.append(("period", f"{period!r} ends before it starts"))
    as_reported, unit_reported, evidence = row.get("as_reported", ""), row.get("unit_reported", ""), \
        row.get("evidence", "")
    if evidence and as_reported:
        if _WS.sub("", as_reported) not in _WS.sub("", evidence):
            out.append(("evidence", f"does not hold as_reported {as_reported!r}; the snippet must contain the "
                        "number as printed"))
        elif unit_reported in units.PRINTED_UNITS and unit_reported not in evidence:
            out.append(("evidence", f"does not hold the unit {unit_reported!r}; the snippet must contain the "
                        "number and its unit"))
    return out


def _value_problems(row: dict, text: str, sign: int, indicator_unit: str | None) -> list[tuple[str, str]]:
    """(column, message) for a printed unit that does not fit the indicator's unit, a
    percentage above 100 and a negative count."""
    as_reported, unit_reported = row.get("as_reported", ""), row.get("unit_reported", "")
    if unit_reported and unit_reported not in units.PRINTED_UNITS:
        return []  # reported by the column checks
    try:
        value, unit, _ = quantities.normalise(text, unit_reported, indicator_unit)
    except units.UnknownUnit as e:
        why = f"indicator {row.get('indicator_id')!r} is in {indicator_unit!r}: " if indicator_unit else ""
        return [("unit_reported", f"{why}{e}")]
    except ValueError as e:
        return [("as_reported", str(e))]
    value = sign * value
    if unit == "percent" and value > 100:
        return [("as_reported", f"{as_reported!r} is a percentage above 100; check the transcription")]
    if units.UNITS[unit].kind == "count" and value < 0:
        return [("as_reported", f"{as_reported!r} is a negative count ({unit}); a count cannot be below 0")]
    return []


def _number_problems(row: dict, indicator_unit: str | None) -> list[tuple[str, str]]:
    """(column, message) for a number the parser cannot read, a unit that does not fit,
    and a qualifier that disagrees with the printed words."""
    as_reported = row.get("as_reported", "")
    if not as_reported:
        return []
    sign, text = split_sign(as_reported)
    try:
        number = quantities.parse_number(text)
    except ValueError as e:
        return [("as_reported", str(e))]
    out = _value_problems(row, text, sign, indicator_unit)
    qualifier, implied, evidence = row.get("qualifier", ""), number.qualifier, row.get("evidence", "")
    if qualifier in quantities.QUALIFIERS:
        few = "几" in text and qualifier in ("approx", "at_least")
        if implied != "exact" and qualifier != implied and not few:
            out.append(("qualifier", f"{qualifier!r} disagrees with as_reported {as_reported!r}, which reads "
                        f"as {implied}; write {implied}"))
        elif implied == "exact" and evidence:
            bound = evidence_bound(evidence, as_reported, row.get("unit_reported", ""))
            if bound and qualifier != bound[1]:
                out.append(("qualifier", f"{qualifier!r} disagrees with the evidence, which says {bound[0]} "
                            f"around the number; write {bound[1]}"))
    return out


def _figure_problems(tables: dict[str, RawTable]) -> list[Problem]:
    """Row-level checks of figures.csv across columns and tables: sections, periods,
    evidence, numbers, units, qualifiers. The unit is checked against the indicator's
    only when the indicator is known (an empty or unknown id is reported once, as such)."""
    figures, indicators = tables["figures"], tables["indicators"].frame
    unit_of = {}
    if {"indicator_id", "unit"} <= set(indicators.columns):
        unit_of = {i: u for i, u in zip(indicators["indicator_id"], indicators["unit"]) if u in units.UNITS}
    sections = sections_of(tables["sources"].frame)
    problems = []
    for line, row in figures.rows():
        found = _text_problems(row, sections) + _number_problems(row, unit_of.get(row.get("indicator_id", "")))
        problems += [Problem(figures.file, line, column, message) for column, message in found]
    return problems


# --------------------------------------------------------------------------
# The two layers and the steps
# --------------------------------------------------------------------------

def raw_problems(raw: RawTranscription) -> list[Problem]:
    """Every problem of the raw transcription, sorted by file and line (empty when valid)."""
    if raw.folder_problem:
        return [raw.folder_problem]
    tables = raw.tables
    problems = list(raw.problems)
    for table in tables.values():
        digits = _digit_problems(table)
        marked = {(p.line, p.column) for p in digits}
        problems += digits
        problems += [p for p in _column_problems(table) if (p.line, p.column) not in marked]
        problems += _duplicates(table)
    problems += _foreign_keys(tables)
    problems += _tree_problems(tables["entities"])
    problems += _figure_problems(tables)
    return sort_problems(problems)


def tidy_problems(tidy: TidyTables) -> list[Problem]:
    """What the loader would refuse in the files the build writes from *tidy*, reported at
    the raw row each processed row comes from (``file:line: column: message``)."""
    problems = []
    for name, rows in tidy.rows.items():
        table = schema.PROCESSED_TABLES[name]
        _, failures = read_table(table, tidy.csv(name))
        for f in failures:
            line = rows[f.row]["_line"] if f.row is not None and f.row < len(rows) else 1
            problems.append(Problem(tidy.raw_files[name], line, f.column, f"{f.message} (in the built "
                                    f"{table.path}: the loader would refuse it)"))
    return sort_problems(problems)


def check_raw(raw: RawTranscription) -> RawTranscription:
    """Step 2 of the build: *raw* when it has no problem; else :class:`DatasetError` listing
    every problem (nothing is written)."""
    problems = raw_problems(raw)
    if problems:
        raise DatasetError(problems)
    return raw


def check_tidy(tidy: TidyTables) -> TidyTables:
    """Step 4 of the build: *tidy* when the loader would take every file written from it;
    else :class:`DatasetError` listing what it would refuse (nothing is written)."""
    problems = tidy_problems(tidy)
    if problems:
        raise DatasetError(problems)
    return tidy


#: what looks like markup in a text of the data: an HTML tag or comment, a Markdown link or
#: image, a script address, emphasis marks around a word. Reports show such text as it is
#: (escaped), but a name that looks like markup is most likely a mistake or an attack.
MARKUP = re.compile(r"<\s*[A-Za-z/!?]|\]\s*\(|javascript:|data:text|(?<![\w*])[*_]{1,2}\w[^*_]*[*_]{1,2}(?![\w*])|`",
                    re.I)
TEXT_COLUMNS = {"entities": ("name_zh", "name_en"), "indicators": ("title_zh", "title_en", "description"),
                "figures": ("section", "evidence", "note")}


def markup_warnings(raw: RawTranscription) -> list[Problem]:
    """Text cells of names, titles, headlines, evidence and notes that look like markup
    (``validate`` prints them as warnings; they do not make the transcription invalid)."""
    out = []
    for name, columns in TEXT_COLUMNS.items():
        table = raw.tables.get(name)
        if table is None or not getattr(table, "readable", True):
            continue
        for line, row in table.rows():
            for col in columns:
                text = str(row.get(col) or "")
                if MARKUP.search(text):
                    out.append(Problem(table.file, line, col, f"warning: {text[:60]!r} looks like markup (HTML or "
                                       "Markdown); reports show it as plain text: check it is meant"))
    return out


def problems_of(raw: RawTranscription) -> list[Problem]:
    """Every problem of *raw*: the raw checks, then, when they pass, the loader's checks on
    the normalised tables (what ``validate`` prints)."""
    return raw_problems(raw) or tidy_problems(normalise(raw))


def validate_raw(raw_dir: str | os.PathLike = DATA_RAW) -> list[Problem]:
    """Every problem in the transcription in *raw_dir*, sorted by file and line (empty when
    valid): what :func:`lingyuan.dataset.build` would refuse, and what the loader would
    refuse in what it writes."""
    return problems_of(read_raw(raw_dir))


# --------------------------------------------------------------------------
# check-source
# --------------------------------------------------------------------------

def _article_problem(article: Path) -> Problem | None:
    """Why *article* cannot be read, or None."""
    where = display_path(article)
    if article.is_dir():
        return Problem(where, None, "", "is a folder, not the article; give the path of the article's text file")
    if not article.is_file():
        return Problem(where, 1, "(file)", "article not found; give the path of the article's text file")
    try:
        with open(article, "rb"):
            return None
    except OSError as e:
        return Problem(where, 1, "(file)", f"cannot be read ({e.strerror or e}); check its permissions")


def _source_row(sources: RawTable, article: Path, digest: str) -> tuple[int, dict] | None:
    """The sources.csv row describing *article*: by file name, else by hash, else the first."""
    rows = list(sources.rows())
    match = [(line, r) for line, r in rows if r["file_name"] == article.name] or \
        [(line, r) for line, r in rows if r["sha256"] == digest] or rows[:1]
    return match[0] if match else None


def check_source(article: str | os.PathLike, raw_dir: str | os.PathLike = DATA_RAW) -> list[Problem]:
    """Every way the transcription in *raw_dir* disagrees with the *article* file: a
    SHA-256 or size different from sources.csv, an evidence snippet that does not occur
    in the article (whitespace removed from both) or does not hold its as_reported."""
    article = Path(article)
    raw = read_raw(raw_dir)
    if raw.folder_problem:
        return [raw.folder_problem]
    sources, figures = raw.tables["sources"], raw.tables["figures"]
    problems = sources.problems + figures.problems
    unreadable = _article_problem(article)
    if unreadable:
        return problems + [unreadable]
    for table, cols in ((sources, ("source_id", "file_name", "sha256", "bytes")),
                        (figures, ("figure_id", "source_id", "evidence", "as_reported"))):
        missing = [Problem(table.file, 1, c, "missing column") for c in cols if c not in table.frame]
        if missing or not table.readable:
            return sort_problems(problems + missing)
    data = article.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    found = _source_row(sources, article, digest)
    if not found:
        return problems + [Problem(sources.file, 1, "(file)", "no source to check against; add the "
                                   "article's row to sources.csv")]
    line, src = found
    if src["sha256"] != digest:
        problems.append(Problem(sources.file, line, "sha256", f"{display_path(article)} has sha256 {digest}, "
                                f"sources.csv says {src['sha256']}: the article changed or is another file"))
    if src["bytes"] != str(len(data)):
        problems.append(Problem(sources.file, line, "bytes", f"{display_path(article)} has {len(data)} bytes, "
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
    return sort_problems(problems)


# --------------------------------------------------------------------------
# Commands: python -m lingyuan validate | check-source
# --------------------------------------------------------------------------

def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=None,
                        help="folder of the raw transcription (default: data/raw of the project)")


def validate_command(args: argparse.Namespace) -> int:
    """Print every problem as file:line: column: message and a count (exit 1), an OK line
    (exit 0), or why the folder cannot be checked at all (exit 2). Writes nothing."""
    raw_dir = Path(args.path) if args.path else DATA_RAW
    where = display_path(raw_dir)
    raw = read_raw(raw_dir)
    if raw.folder_problem:
        print(raw.folder_problem)
        print(f"nothing checked: {where} is not a folder of the raw transcription")
        return 2
    problems, warnings = problems_of(raw), markup_warnings(raw)
    for p in problems + warnings:
        print(p)
    if problems:
        print(f"{_plural(len(problems), 'problem')} in {where}")
        return 1
    counts = ", ".join(f"{len(t.frame)} {name}" for name, t in raw.tables.items())
    print(f"OK: {where}: {counts}; no problems" + (f", {_plural(len(warnings), 'warning')}" if warnings else ""))
    return 0


def check_source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", nargs="?", default=str(DEFAULT_ARTICLE),
                        help="the article's text file (default: the project's article)")
    parser.add_argument("--raw", default=None, help="folder of the raw transcription (default: data/raw)")


def check_source_command(args: argparse.Namespace) -> int:
    """Print each disagreement between the transcription and the article (exit 1), an OK
    line (exit 0), or why the article or the folder cannot be read (exit 2). Writes nothing."""
    raw_dir = Path(args.raw) if args.raw else DATA_RAW
    article = Path(args.article)
    unusable = unusable_folder(raw_dir) or _article_problem(article)
    if unusable:
        print(unusable)
        print(f"nothing checked: {unusable.file} cannot be read")
        return 2
    problems = check_source(article, raw_dir)
    for p in problems:
        print(p)
    if problems:
        print(f"{_plural(len(problems), 'failure')}: the transcription in {display_path(raw_dir)} does not "
              f"match {display_path(article)}")
        return 1
    n = len(read_raw(raw_dir).tables["figures"].frame)
    print(f"OK: {n} evidence snippets occur in {display_path(article)}; its sha256 matches sources.csv")
    return 0
