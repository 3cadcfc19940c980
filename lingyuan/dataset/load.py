"""Loading the processed tables: the one loader every notebook, topic module and the
runner use, and :class:`Tables`, the tidy figures with the reference tables and the
entity tree (parents, townships, the bodies inside a village).

Every failure to load (a missing folder or file, a file that does not match its
schema) raises :class:`~lingyuan.dataset.core.DatasetError` naming the file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import pandas as pd

from lingyuan import DATA_PROCESSED, PROJECT_ROOT
from lingyuan.dataset import schema
from lingyuan.dataset.core import DatasetError, _display


def resolve_path(path: str | os.PathLike) -> Path:
    """An absolute path; a relative one is taken from the project root, so notebooks find
    their data whether they run in JupyterLab (cwd notebooks/) or under papermill."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_table(name: str, data_dir: str | os.PathLike = DATA_PROCESSED, *, validate: bool = True) -> pd.DataFrame:
    """The processed table *name* (figures, industry, income, social_security, entities,
    indicators, sources) as a DataFrame: integers as Int64, numbers as float, text as
    strings; an empty cell is missing (NA), never 0. With *validate*, the frame is checked
    against its schema (lingyuan.dataset.schema) and a broken file fails with what is wrong."""
    if name not in schema.PROCESSED_TABLES:
        raise KeyError(f"no processed table {name!r}; tables: {', '.join(schema.PROCESSED_TABLES)}")
    table = schema.PROCESSED_TABLES[name]
    path = resolve_path(data_dir) / table.path
    if not path.is_file():
        raise DatasetError(f"{_display(path)} not found: build the processed data first "
                           "(make data, or lingyuan.dataset.build())")
    dtypes = {f.name: {"integer": "Int64", "number": "float64"}.get(f.type, "str") for f in table.fields}
    try:
        frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (ValueError, OverflowError, UnicodeDecodeError, pd.errors.ParserError) as e:
        raise DatasetError(f"{_display(path)} cannot be read ({e}); rebuild it "
                           "(make data, or lingyuan.dataset.build())") from None
    if validate:
        import pandera.pandas as pa

        try:
            schema.pandera_schema(table, raw=False).validate(frame, lazy=True)
        except pa.errors.SchemaErrors as e:
            cases = e.failure_cases.head(10).to_dict("records")
            shown = "\n".join(f"  {c['column']}: {c['check']}: {c['failure_case']!r} (row {c['index']})"
                              for c in cases)
            raise DatasetError(f"{_display(path)} does not match its schema; rebuild it "
                               f"(lingyuan.dataset.build()):\n{shown}") from None
    return frame


def load_figures(data_dir: str | os.PathLike = DATA_PROCESSED) -> pd.DataFrame:
    """The tidy figures table (data/processed/figures.csv): one row per reported figure."""
    return load_table("figures", data_dir)


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

    def value(self, figure_id: str) -> Decimal:
        """The exact value of a figure; falls back to the float column (as its shortest
        repr) when the table was built without exact values."""
        if figure_id in self.exact:
            return self.exact[figure_id]
        rows = self.figures.loc[self.figures["figure_id"] == figure_id, "value"]
        if rows.empty:
            raise KeyError(f"figure {figure_id!r} is not in figures.csv")
        return Decimal(repr(float(rows.iloc[0])))

    @cached_property
    def _parents(self) -> dict[str, str]:
        return dict(zip(self.entities["entity_id"], self.entities["parent_id"].fillna("")))

    @cached_property
    def _levels(self) -> dict[str, str]:
        return dict(zip(self.entities["entity_id"], self.entities["level"]))

    def entity(self, entity_id: str) -> pd.Series:
        """The entities.csv row of *entity_id*; KeyError when there is none."""
        rows = self.entities[self.entities["entity_id"] == entity_id]
        if rows.empty:
            raise KeyError(f"entity {entity_id!r} is not in entities.csv")
        return rows.iloc[0]

    def level(self, entity_id: str) -> str:
        return self._levels.get(entity_id, "")

    def parent(self, entity_id: str) -> str | None:
        p = self._parents.get(entity_id)
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

    def descendants(self, entity_id: str) -> list[str]:
        """Entities whose parent chain leads to *entity_id*, in entities.csv order."""
        return [e for e in self.entities["entity_id"] if entity_id in self.ancestors(e)]

    def township_of(self, entity_id: str) -> str | None:
        """The township an entity is or lies in (walking up parent_id), or None for
        city-wide ones."""
        if self.level(entity_id) == "township":
            return entity_id
        return next((a for a in self.ancestors(entity_id) if self.level(a) == "township"), None)

    def townships(self) -> list[str]:
        """Ids of the townships in the entities table, in its order."""
        return self.entities.loc[self.entities["level"] == "township", "entity_id"].tolist()

    def name(self, entity_id: str, lang: str) -> str:
        """The Chinese (``zh``) or English (``en``) name of an entity."""
        if lang not in ("zh", "en"):
            raise ValueError(f"lang={lang!r} is not valid; valid values: zh, en")
        return str(self.entity(entity_id)[f"name_{lang}"])

    def with_figures(self, level: str) -> list[str]:
        """Ids of the entities of *level* with at least one figure about them or about a
        body inside them (a cooperative, an enterprise, a village group ...), in
        entities.csv order. ``with_figures("village")`` are the villages a profile can
        be made of, and the runs of ``{each: village}``."""
        about = set(self.figures["entity_id"])
        out = []
        for eid in self.entities.loc[self.entities["level"] == level, "entity_id"]:
            if eid in about or about.intersection(self.descendants(eid)):
                out.append(eid)
        return out


def load(data_dir: str | os.PathLike = DATA_PROCESSED) -> Tables:
    """figures.csv, entities.csv and indicators.csv of the processed folder *data_dir*
    (relative to the project root or absolute), checked against their schemas."""
    folder = resolve_path(data_dir)
    figures = load_figures(folder)
    entities = load_table("entities", folder).fillna("")
    indicators = load_table("indicators", folder)
    return Tables(figures, entities, indicators, exact_values(folder))


def exact_values(data_dir: str | os.PathLike = DATA_PROCESSED) -> dict[str, Decimal]:
    """figure_id -> value of figures.csv read as text and kept exact (Decimal)."""
    path = resolve_path(data_dir) / schema.PROCESSED_TABLES["figures"].path
    text = pd.read_csv(path, usecols=["figure_id", "value"], dtype=str, keep_default_na=False,
                       encoding="utf-8")
    return {f: Decimal(v) for f, v in zip(text["figure_id"], text["value"]) if v != ""}
