"""Reading the raw transcription (``data/raw``): the four CSV files as strings, with every
problem of reading them (encoding, shape, a missing or unreadable file) recorded as a
:class:`Problem` instead of raised, so the validator can list them all at once.

Reading stops at what it cannot trust: a file that is not UTF-8 gives one problem at
its first bad byte and no rows (the rest would be mojibake), and a path that is not a
folder gives one problem for the folder, not one per file.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lingyuan import DATA_RAW
from lingyuan.dataset import schema

FOLDER_FILES = ", ".join(t.path for t in schema.RAW_TABLES.values())


@dataclass(frozen=True)
class Problem:
    """One problem in the transcription: ``file:line: column: message``.

    ``line`` is the physical line of the CSV file (the header is line 1; a row
    with a quoted line break starts on the line given). A problem of the folder
    itself has no line and no column and prints as ``folder: message``.
    """

    file: str
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class DatasetError(ValueError):
    """The transcription has problems (listed in the message), or a processed file cannot be
    loaded (the message names the file and says what to do)."""

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


def display_path(path: str | os.PathLike) -> str:
    """*path* as the user gave it, or relative to the current directory when it lies inside it."""
    path = Path(path)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Every problem once, sorted by file and line (stable: earlier checks first on a line)."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0))


# --------------------------------------------------------------------------
# One raw CSV
# --------------------------------------------------------------------------

@dataclass
class RawTable:
    """One raw CSV read as strings: ``frame`` has one row per record, indexed by the
    physical line it starts on; empty cells are ``""``. ``readable`` is False when the
    file is missing or could not be decoded: its rows are then unknown (the frame is
    empty), and checks that refer to it are skipped rather than reported row by row."""

    name: str
    file: str  # for messages
    frame: pd.DataFrame
    header: list[str]
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True

    def rows(self):
        """``(line, {column: text})`` for every record."""
        for line, row in zip(self.frame.index.tolist(), records(self.frame)):
            yield int(line), row


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of *frame* as dicts (what ``frame.to_dict("records")`` gives for cells of
    plain Python values), column by column rather than cell by cell."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))] \
        if columns else [{} for _ in range(len(frame))]


def _unreadable(name: str, file: str, problem: Problem) -> RawTable:
    table = schema.RAW_TABLES.get(name)
    cols = table.columns if table else []
    return RawTable(name, file, pd.DataFrame(columns=cols, dtype=object), [], [problem], readable=False)


def _decode_problem(data: bytes, error: UnicodeDecodeError, file: str) -> Problem:
    """The problem at the first byte of *data* that is not UTF-8: its line and column."""
    pos = error.start
    line = data.count(b"\n", 0, pos) + 1
    line_start = data.rfind(b"\n", 0, pos) + 1
    prefix = data[line_start:pos].decode("utf-8", "replace")
    header_line = data.split(b"\n", 1)[0].decode("utf-8", "replace").replace("\0", "")
    try:
        header = next(csv.reader([header_line]), [])
    except csv.Error:
        header = header_line.split(",")
    try:  # the cells before the bad byte (a quoted cell may hold commas)
        index = len(next(csv.reader([prefix.replace("\0", "")]), [""])) - 1 if prefix else 0
    except csv.Error:
        index = prefix.count(",")
    column = header[index].strip() if line > 1 and index < len(header) else "(header)"
    return Problem(file, line, column, f"not UTF-8: byte 0x{data[pos]:02x} at character {len(prefix) + 1} of "
                   "the line; save the file as UTF-8 (nothing after this byte was checked)")


def _file_problem(path: Path, file: str) -> Problem | None:
    """Why *path* cannot be read as a raw CSV (missing, a folder, a broken link), or None."""
    cols = ", ".join(schema.RAW_TABLES[path.stem].columns) if path.stem in schema.RAW_TABLES else ""
    needs = f"the transcription needs {path.name}" + (f" with the columns: {cols}" if cols else "")
    if path.is_symlink() and not path.exists():
        return Problem(file, 1, "(file)", f"a symbolic link that leads nowhere (a loop, or its target is "
                       f"missing); {needs}")
    if path.is_dir():
        return Problem(file, 1, "(file)", f"a folder, not a file; {needs}")
    if not path.exists():
        return Problem(file, 1, "(file)", f"missing file; {needs}")
    if not path.is_file():
        return Problem(file, 1, "(file)", f"not a regular file (a pipe or a device); {needs}")
    return None


def _records(text: str, file: str) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    """Header, records and the line each record starts on, from CSV *text*; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    records: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
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
    return header, records, lines, problems


def read_raw_table(path: str | os.PathLike, name: str | None = None) -> RawTable:
    """Read one raw CSV as strings, recording (not raising) file, encoding and shape problems.

    A missing, unreadable or non-UTF-8 file gives an empty frame, ``readable=False``
    and one problem. Cells are stripped of surrounding spaces; blank lines are skipped.
    """
    path = Path(path)
    name = name or path.stem
    file = display_path(path)
    problem = _file_problem(path, file)
    if problem:
        return _unreadable(name, file, problem)
    try:
        data = path.read_bytes()
    except OSError as e:
        return _unreadable(name, file, Problem(file, 1, "(file)", f"cannot be read ({e.strerror or e}); "
                                               "check its permissions"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return _unreadable(name, file, _decode_problem(data, e, file))
    header, records, lines, problems = _records(text, file)
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


# --------------------------------------------------------------------------
# The raw folder
# --------------------------------------------------------------------------

@dataclass
class RawTranscription:
    """The raw folder as read by :func:`read_raw`: one :class:`RawTable` per file, and the
    problem of the folder itself (not a folder, missing) when there is one."""

    folder: Path
    tables: dict[str, RawTable]
    folder_problem: Problem | None = None

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """name -> the table's rows as strings, indexed by the CSV line each row starts on."""
        return {name: t.frame for name, t in self.tables.items()}

    @property
    def problems(self) -> list[Problem]:
        """The problems of reading: the folder's, or each file's (encoding, shape, missing)."""
        if self.folder_problem:
            return [self.folder_problem]
        return [p for t in self.tables.values() for p in t.problems]

    def counts(self) -> pd.Series:
        """Rows per table, for a quick look."""
        return pd.Series({name: len(t.frame) for name, t in self.tables.items()}, name="rows", dtype="int64")


def unusable_folder(folder: str | os.PathLike) -> Problem | None:
    """Why *folder* cannot hold a raw transcription (a file, missing), or None."""
    folder = Path(folder)
    where = display_path(folder)
    if folder.is_file():
        return Problem(where, None, "", f"is a file, not a folder; give the folder holding {FOLDER_FILES}")
    if not folder.is_dir():
        return Problem(where, None, "", f"no such folder; give the folder holding {FOLDER_FILES}")
    return None


def read_raw(raw_dir: str | os.PathLike = DATA_RAW) -> RawTranscription:
    """Step 1 of the build: read the four raw tables of *raw_dir* as strings.

    Reading never fails on content: every problem met (a path that is not a folder, a
    missing or non-UTF-8 file, a row with too many cells) is recorded for
    :func:`~lingyuan.dataset.validate.raw_problems` to report with the rest.
    """
    folder = Path(raw_dir)
    problem = unusable_folder(folder)
    if problem:
        tables = {name: _unreadable(name, display_path(folder / t.path), problem)
                  for name, t in schema.RAW_TABLES.items()}
        return RawTranscription(folder, tables, problem)
    tables = {name: read_raw_table(folder / t.path, name) for name, t in schema.RAW_TABLES.items()}
    return RawTranscription(folder, tables)


def load_raw(raw_dir: str | os.PathLike = DATA_RAW) -> dict[str, pd.DataFrame]:
    """The four raw tables (sources, entities, indicators, figures) as DataFrames of strings,
    indexed by the CSV line each row starts on; empty cells are ``""``. Problems are not
    raised: :func:`~lingyuan.dataset.validate.validate_raw` reports them."""
    return read_raw(raw_dir).frames
