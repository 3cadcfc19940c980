"""Loading the processed tables: the one loader every notebook, topic module and the
runner use, and :class:`Tables`, the tidy figures with the reference tables and the
entity tree (parents, townships, the bodies inside a village).

Every failure to load (a missing folder or file, a file that does not match its
schema, a cell that cannot be typed) raises :class:`~lingyuan.dataset.raw.DatasetError`
naming the file.
"""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pandas as pd

from lingyuan import DATA_PROCESSED, LANGS, resolve_path  # noqa: F401  (re-exported by lingyuan.dataset)
from lingyuan.dataset import schema
from lingyuan.dataset.raw import DatasetError, display_path, records

INT64 = (-(2**63), 2**63 - 1)
#: Tables already read and validated in this process, by (table, sha256 of the file's bytes):
#: the same bytes are read and checked once (the tables are a pure function of them).
#: A kernel forked from a process that read them inherits them (lingyuan.runner.kernelfork).
_READ: dict[tuple[str, str], pd.DataFrame] = {}
_READ_LIMIT = 32
REBUILD = "rebuild it (python -m lingyuan run --only 00_tidy_dataset, or lingyuan.dataset.build())"


@dataclass(frozen=True)
class Failure:
    """Why the loader refuses a table: the 0-based data row (None for the whole file), the
    column and what is wrong."""

    row: int | None
    column: str
    message: str


def _dtypes(table: schema.Table) -> dict[str, str]:
    return {f.name: {"integer": "Int64", "number": "float64"}.get(f.type, "str") for f in table.fields}


def _read_csv(data: bytes, dtype) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=dtype, keep_default_na=False, na_values=[""], encoding="utf-8")


def _cell_failures(table: schema.Table, data: bytes) -> list[Failure]:
    """The cells of the integer and number columns that cannot be typed, found one by one
    (after pandas refused the whole file)."""
    try:
        text = _read_csv(data, str)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        return []
    failures = []
    for f in table.fields:
        if f.name not in text or f.type not in ("integer", "number"):
            continue
        for row, cell in enumerate(text[f.name]):
            if pd.isna(cell):
                continue
            if f.type == "integer":
                ok = cell.strip().lstrip("+-").isascii() and cell.strip().lstrip("+-").isdigit() \
                    and INT64[0] <= int(cell) <= INT64[1]
                what = f"a whole number between {INT64[0]} and {INT64[1]}"
            else:
                try:
                    ok = bool(float(cell) == float(cell)) and cell.isascii()
                except ValueError:
                    ok = False
                what = "a number"
            if not ok:
                failures.append(Failure(row, f.name, f"{cell!r} is not {what}"))
    return failures


def read_table(table: schema.Table, data: bytes, *, validate: bool = True) -> tuple[pd.DataFrame | None, list[Failure]]:
    """The processed *table* from the bytes of its CSV file, typed as :func:`load_table` gives
    it, and every reason to refuse it (empty when none): cells that cannot be typed, and,
    with *validate*, every failure of its pandera schema. The validator runs the same
    function on the bytes the build would write, so what it passes the loader takes."""
    try:
        frame = _read_csv(data, _dtypes(table))
    except UnicodeDecodeError as e:
        return None, [Failure(None, "(file)", f"not UTF-8 ({e.reason} at byte {e.start})")]
    except (ValueError, OverflowError, pd.errors.ParserError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return None, _cell_failures(table, data) or [Failure(None, "(file)", first)]
    if not validate:
        return frame, []
    import pandera.pandas as pa

    try:
        schema.pandera_schema(table, raw=False).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        failures = []
        for case in e.failure_cases.to_dict("records"):
            index = case["index"]
            row = None if index is None or pd.isna(index) else int(index)
            check, value = case["check"], case["failure_case"]
            if check in ("column_in_schema", "column_in_dataframe"):
                what = "unknown column" if check == "column_in_schema" else "missing column"
                failures.append(Failure(None, str(value), f"{what}; {table.path} has the columns: "
                                        f"{', '.join(table.columns)}"))
            else:
                failures.append(Failure(row, str(case["column"]), f"{value!r} {check}"))
        return frame, failures
    return frame, []


def _failures_message(path: Path, table: schema.Table, frame, failures: list[Failure]) -> str:
    key = table.primary_key[0] if table.primary_key else None
    lines = []
    for f in failures[:10]:
        where = ""
        if f.row is not None:
            where = f" (data row {f.row + 1}"
            if frame is not None and key in frame and f.row < len(frame):
                where += f", {key} {frame[key].iloc[f.row]!r}"
            where += ")"
        lines.append(f"  {f.column}: {f.message}{where}")
    more = f"\n  ... and {len(failures) - 10} more" if len(failures) > 10 else ""
    what = "does not match its schema" if frame is not None else "cannot be read"
    return f"{display_path(path)} {what}; {REBUILD}:\n" + "\n".join(lines) + more


def _file_bytes(path: Path) -> bytes:
    """The bytes of a processed file, or DatasetError naming it and saying what to do."""
    if path.parent.exists() and not path.parent.is_dir():
        raise DatasetError(f"{display_path(path.parent)} is a file, not a folder: give the folder that "
                           f"holds the processed tables (such as data/processed)")
    if not path.parent.is_dir():
        raise DatasetError(f"{display_path(path)} not found: the folder {display_path(path.parent)} does not "
                           "exist; build the processed data first (python -m lingyuan run --only "
                           "00_tidy_dataset, or lingyuan.dataset.build())")
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "not found"
        raise DatasetError(f"{display_path(path)} {what}: build the processed data first "
                           "(python -m lingyuan run --only 00_tidy_dataset, or lingyuan.dataset.build())")
    try:
        return path.read_bytes()
    except OSError as e:
        raise DatasetError(f"{display_path(path)} cannot be read ({e.strerror or e}); check its "
                           f"permissions or {REBUILD}") from None


def load_table(name: str, data_dir: str | os.PathLike = DATA_PROCESSED, *, validate: bool = True) -> pd.DataFrame:
    """The processed table *name* (figures, entities, indicators, sources) as a DataFrame:
    integers as Int64, numbers as float, text as strings; an empty cell is missing (NA),
    never 0. With *validate*, the frame is checked against its schema
    (lingyuan.dataset.schema). Every way the file can fail to load (missing folder or
    file, unreadable, not UTF-8, a cell that cannot be typed, a schema mismatch) raises
    :class:`DatasetError` naming the file."""
    if name not in schema.PROCESSED_TABLES:
        raise KeyError(f"no processed table {name!r}; tables: {', '.join(schema.PROCESSED_TABLES)}")
    table = schema.PROCESSED_TABLES[name]
    path = resolve_path(data_dir) / table.path
    data = _file_bytes(path)
    key = (name, hashlib.sha256(data).hexdigest())
    if key in _READ:
        return _READ[key].copy()  # a copy: the caller may change its frame
    frame, failures = read_table(table, data, validate=validate)
    if failures:
        raise DatasetError(_failures_message(path, table, frame, failures))
    if validate:
        if len(_READ) >= _READ_LIMIT:
            del _READ[next(iter(_READ))]
        _READ[key] = frame.copy()
    return frame


def load_figures(data_dir: str | os.PathLike = DATA_PROCESSED) -> pd.DataFrame:
    """The tidy figures table (data/processed/figures.csv): one row per reported figure."""
    return load_table("figures", data_dir)


def pick(figures: pd.DataFrame, ids) -> pd.DataFrame:
    """The rows of the tidy table with these figure_ids, in the order given."""
    ids = list(ids)
    indexed = figures.set_index("figure_id", drop=False)
    missing = [i for i in ids if i not in indexed.index]
    if missing:
        raise KeyError(f"figure_id not in the tidy table: {', '.join(missing)}; "
                       "rebuild data/processed from data/raw")
    return indexed.loc[ids].reset_index(drop=True)


@dataclass(frozen=True)
class Tables:
    """The tidy figures and the entities (empty cells of entities as ""), with the
    entity tree. Built by :func:`load`; tests may build one from two frames."""

    figures: pd.DataFrame
    entities: pd.DataFrame
    indicators: pd.DataFrame | None = field(default=None, compare=False)
    #: figure_id -> the exact value as written in figures.csv (the float column
    #: ``figures["value"]`` is for plotting; words and labels use these)
    exact: dict[str, Decimal] = field(default_factory=dict, compare=False)

    @cached_property
    def _tree(self) -> "_Tree":
        """The look-ups of the entity tree, built once (on first use) from the entities."""
        return _Tree(self.entities)

    @cached_property
    def figure_rows(self) -> dict[str, dict]:
        """figure_id -> its row of the tidy table (a dict), built once."""
        return {str(r["figure_id"]): r for r in records(self.figures)}

    @cached_property
    def _figure_values(self) -> dict[str, float]:
        values: dict[str, float] = {}
        for f, v in zip(self.figures["figure_id"].tolist(), self.figures["value"].tolist()):
            values.setdefault(f, v)  # the first row of an id, as a scan finds it
        return values

    def value(self, figure_id: str) -> Decimal:
        """The exact value of a figure; falls back to the float column (as its shortest
        repr) when the table was built without exact values."""
        if figure_id in self.exact:
            return self.exact[figure_id]
        if figure_id not in self._figure_values:
            raise KeyError(f"figure {figure_id!r} is not in figures.csv")
        return Decimal(repr(float(self._figure_values[figure_id])))

    def entity(self, entity_id: str) -> pd.Series:
        """The entities.csv row of *entity_id*; KeyError when there is none."""
        position = self._tree.position.get(entity_id)
        if position is None:
            raise KeyError(f"entity {entity_id!r} is not in entities.csv")
        return self.entities.iloc[position]

    def level(self, entity_id: str) -> str:
        return self._tree.level.get(entity_id, "")

    def parent(self, entity_id: str) -> str | None:
        p = self._tree.parent.get(entity_id)
        return p if isinstance(p, str) and p else None

    def ancestors(self, entity_id: str) -> list[str]:
        """The parent chain of an entity, nearest first (stops at a cycle)."""
        chain, seen = [], {entity_id}
        current = self.parent(entity_id)
        while current and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self.parent(current)
        return chain

    def children(self, entity_id: str, level: str | None = None) -> list[str]:
        """The entities whose parent_id is *entity_id* (only those of *level* when given),
        in entities.csv order."""
        return [e for e in self._tree.children.get(entity_id, ()) if level is None or self.level(e) == level]

    def descendants(self, entity_id: str) -> list[str]:
        """Entities whose parent chain leads to *entity_id*, in entities.csv order."""
        found, todo = set(), list(self._tree.children.get(entity_id, ()))
        while todo:
            e = todo.pop()
            if e != entity_id and e not in found:
                found.add(e)
                todo.extend(self._tree.children.get(e, ()))
        return sorted(found, key=self._tree.position.__getitem__)

    def township_of(self, entity_id: str) -> str | None:
        """The township an entity is or lies in (walking up parent_id), or None for
        city-wide ones."""
        towns = self._tree.township
        if entity_id not in towns:
            if self.level(entity_id) == "township":
                towns[entity_id] = entity_id
            else:
                towns[entity_id] = next((a for a in self.ancestors(entity_id) if self.level(a) == "township"), None)
        return towns[entity_id]

    def townships(self) -> list[str]:
        """Ids of the townships in the entities table, in its order."""
        return self.of_level("township")

    def of_level(self, level: str) -> list[str]:
        """Ids of the entities of *level*, in entities.csv order."""
        return list(self._tree.by_level.get(level, ()))

    def name(self, entity_id: str, lang: str) -> str:
        """The Chinese (``zh``) or English (``en``) name of an entity."""
        if lang not in LANGS:
            raise ValueError(f"lang={lang!r} is not valid; valid values: {', '.join(LANGS)}")
        names = self._tree.names[lang]
        if entity_id not in names:
            raise KeyError(f"entity {entity_id!r} is not in entities.csv")
        return names[entity_id]

    def named(self, name: str, lang: str) -> list[str]:
        """Ids of the entities called *name* in *lang* (``zh`` or ``en``), in entities.csv order."""
        if lang not in LANGS:
            raise ValueError(f"lang={lang!r} is not valid; valid values: {', '.join(LANGS)}")
        return list(self._tree.by_name[lang].get(name, ()))

    @cached_property
    def _figure_counts(self) -> dict[str, int]:
        """entity_id -> figures about it or about a body inside it."""
        counts: dict[str, int] = {}
        for eid, n in self.figures["entity_id"].value_counts(sort=False).items():
            for e in (eid, *self.ancestors(eid)):
                counts[e] = counts.get(e, 0) + int(n)
        return counts

    def figure_count(self, entity_id: str) -> int:
        """How many figures are about *entity_id* or about a body inside it."""
        return self._figure_counts.get(entity_id, 0)

    def with_figures(self, level: str) -> list[str]:
        """Ids of the entities of *level* with at least one figure about them or about a
        body inside them (a cooperative, an enterprise, a village group ...), in
        entities.csv order. ``with_figures("village")`` are the villages a profile can
        be made of, and the runs of ``{each: village}``."""
        return [eid for eid in self._tree.by_level.get(level, ()) if self.figure_count(eid)]


class _Tree:
    """The look-ups of an entities table, each built once: row position, level, parent,
    names (both ways), children and the entities of each level, all in file order."""

    def __init__(self, entities: pd.DataFrame):
        ids = entities["entity_id"].tolist()
        parents = entities["parent_id"].fillna("").tolist() if "parent_id" in entities else [""] * len(ids)
        #: entity_id -> its first row (its row, its names and its place in file order);
        #: level and parent come from its last row, as dict(zip(...)) gives them
        self.position: dict[str, int] = {}
        for i, e in enumerate(ids):
            self.position.setdefault(e, i)
        self.level = dict(zip(ids, entities["level"].tolist())) if "level" in entities else {}
        self.parent = dict(zip(ids, parents))
        self.names: dict[str, dict[str, str]] = {}
        for lang in ("zh", "en"):
            column = entities[f"name_{lang}"].tolist() if f"name_{lang}" in entities else None
            self.names[lang] = {e: str(column[i]) for e, i in self.position.items()} if column else {}
        self.by_name: dict[str, dict[str, list[str]]] = {lang: {} for lang in ("zh", "en")}
        for lang, names in self.names.items():
            for e, n in names.items():
                self.by_name[lang].setdefault(n, []).append(e)
        self.children: dict[str, list[str]] = {}
        self.by_level: dict[str, list[str]] = {}
        for e in self.position:
            if self.parent.get(e):
                self.children.setdefault(self.parent[e], []).append(e)
            self.by_level.setdefault(self.level.get(e, ""), []).append(e)
        #: entity_id -> its township (or None), filled as asked
        self.township: dict[str, str | None] = {}


def load(data_dir: str | os.PathLike = DATA_PROCESSED) -> Tables:
    """figures.csv, entities.csv and indicators.csv of the processed folder *data_dir*
    (relative to the project root or absolute), checked against their schemas."""
    folder = resolve_path(data_dir)
    figures = load_figures(folder)
    entities = load_table("entities", folder).fillna("")
    indicators = load_table("indicators", folder)
    return Tables(figures, entities, indicators, exact_values(folder))


def preload(data_dir: str | os.PathLike = DATA_PROCESSED) -> bool:
    """Read and validate the tables of *data_dir* into this process's memory (see
    ``_READ``), so that every later :func:`load` of the same bytes, here or in a process
    forked from this one, skips both; False when they cannot be loaded (nothing kept)."""
    try:
        load(data_dir)
    except DatasetError:
        return False
    return True


def exact_values(data_dir: str | os.PathLike = DATA_PROCESSED) -> dict[str, Decimal]:
    """figure_id -> value of figures.csv read as text and kept exact (Decimal)."""
    path = resolve_path(data_dir) / schema.PROCESSED_TABLES["figures"].path
    data = _file_bytes(path)
    try:
        text = _read_csv(data, str)
        return {f: Decimal(v) for f, v in zip(text["figure_id"], text["value"]) if not pd.isna(v)}
    except (ValueError, KeyError, ArithmeticError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise DatasetError(f"{display_path(path)} cannot be read ({e}); {REBUILD}") from None
