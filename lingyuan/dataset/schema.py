"""The one definition of every table's columns, raw and processed.

Each column is a :class:`Field` (name, type, meaning, unit, allowed values,
required); each file is a :class:`Table` (its fields, primary key and foreign
keys). Everything that describes a column is generated from here, so the
validator, the published schema and the documentation cannot disagree:

* :func:`pandera_schema` — the column-level checks of the validator
  (``lingyuan.dataset.validate_raw``) and of the processed tables;
* :func:`table_schema` — the Frictionless Table Schema of each resource in
  ``data/processed/datapackage.json``;
* :func:`dictionary_markdown` — the data dictionary and unit vocabulary tables
  of ``data/README.md`` (``python -m lingyuan.dataset.schema`` rewrites that block).

Vocabularies (kinds, levels, topics, period forms, id patterns) are defined
here too; qualifiers come from the number parser (:mod:`lingyuan.quantities`)
and units from :mod:`lingyuan.quantities.units`.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from lingyuan import PROJECT_ROOT
from lingyuan.quantities import units
from lingyuan.quantities.words import KIND_MEANINGS, QUALIFIER_MEANINGS, QUALIFIERS

# --------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------

KINDS = KIND_MEANINGS  # kind -> what it means (documented in data/README.md)

LEVELS: dict[str, str] = {
    "city": "county-level city (凌源市)",
    "township": "township or town (乡, 镇)",
    "village": "administrative village (村)",
    "village_group": "village group (组)",
    "cooperative": "cooperative (合作社)",
    "enterprise": "company, farm or plant",
    "organisation": "party body, government department, school, library ...",
    "person": "a named person",
}
#: The levels that are places, highest first: a place lies inside a place of a higher level
#: (a village inside a township). Every other level is a body (cooperative, enterprise,
#: organisation, person), which lies inside a place.
PLACE_LEVELS: tuple[str, ...] = ("city", "township", "village", "village_group")
BODY_LEVELS: tuple[str, ...] = tuple(level for level in LEVELS if level not in PLACE_LEVELS)
TOPICS: dict[str, str] = {
    "poverty": "poor villages and people, exit from poverty",
    "governance": "party organisation, village leaders, cadres",
    "industry": "industry projects: greenhouses, livestock, solar power, planting",
    "collective_economy": "village collective income and cooperatives",
    "income": "household and per-capita income",
    "health": "medical care and insurance",
    "education": "schooling and student aid",
    "housing": "dilapidated-housing renovation",
    "safety_net": "minimum living guarantee (低保) and five guarantees (五保)",
    "employment": "jobs, workshops, public-welfare posts, labour export",
    "infrastructure": "roads, bridges, drainage",
    "culture": "libraries, events",
    "other": "anything else",
}
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # figure ids: 6-wan-poor-people
SLUG_DOC = "lowercase letters and digits in words joined by single hyphens (`poor-villages-remaining`)"
ID = r"^[a-z0-9]+([-_][a-z0-9]+)*$"  # entity, indicator and source ids
ID_DOC = "lowercase letters and digits in words joined by single hyphens or underscores (`lingyuan`)"
PERIOD = (
    r"^(\d{4}|\d{4}-(0[1-9]|1[0-2])|\d{4}(-(0[1-9]|1[0-2]))?/\d{4}(-(0[1-9]|1[0-2]))?"
    r"|cumulative|annual)$"
)
PERIOD_FORMS = ("2019", "2019-09", "2019-01/2019-09", "cumulative", "annual")
SHA256 = r"^[0-9a-f]{64}$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
SECTION_SEPARATOR = " | "
EVIDENCE_MAX = 30
PARAGRAPH_MAX = 999  # no printed page has more paragraphs in one article
INT64 = (-(2**63), 2**63 - 1)  # what the loader's integer columns (Int64) hold


# --------------------------------------------------------------------------
# Field and table specs
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One column: its name, Table Schema type, meaning and constraints.

    ``unit`` is the unit of a numeric column (words, as shown in the docs and
    the ``unit`` property of the Table Schema). ``enum`` lists the allowed
    values; ``values_doc`` says in words what is allowed when a list would be
    too long or a pattern says it better.
    """

    name: str
    type: str  # string, integer, number, date
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    unit: str | None = None
    values_doc: str = ""

    def allowed_doc(self) -> str:
        """The allowed values in words, for the data dictionary."""
        parts = []
        if self.values_doc:
            parts.append(self.values_doc)
        elif self.enum is not None:
            parts.append(", ".join(f"`{v}`" for v in self.enum))
        elif self.pattern:
            parts.append(f"pattern `{self.pattern}`")
        if self.values_doc and self.pattern:
            parts.append(f"pattern `{self.pattern}`")
        if self.minimum is not None:
            parts.append(f"≥ {self.minimum}")
        if self.maximum is not None:
            parts.append(f"≤ {self.maximum}")
        if self.max_length is not None:
            parts.append(f"at most {self.max_length} characters")
        if self.unique:
            parts.append("unique")
        return "; ".join(parts)


@dataclass(frozen=True)
class ForeignKey:
    """``field`` refers to ``reference`` of table ``resource`` ("" = the same table)."""

    field: str
    resource: str
    reference: str


@dataclass(frozen=True)
class Table:
    """One CSV file: ``<name>.csv`` with these fields in this order."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    order: str = ""  # how the rows are sorted, in words

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}.csv has no column {name!r}; columns: {', '.join(self.columns)}")


def _with(f: Field, **changes) -> Field:
    """A copy of *f* with some properties changed (a processed column reusing a raw one)."""
    return replace(f, **changes)


# ---- raw: sources.csv -----------------------------------------------------
SOURCES = Table(
    "sources",
    "Sources",
    "The documents the figures are taken from, with their origin record: one row per document.",
    (
        Field("source_id", "string", "Short id of the document, used by figures.source_id",
              required=True, unique=True, pattern=ID, values_doc=ID_DOC),
        Field("title_zh", "string", "Title of the page or article, in Chinese as printed", required=True),
        Field("title_en", "string", "Title translated into English", required=True),
        Field("publication_zh", "string", "Newspaper, in Chinese", required=True),
        Field("publication_en", "string", "Newspaper, in English", required=True),
        Field("date_published", "string",
              "Date of the issue, as precise as the page gives it: YYYY-MM-DD, or YYYY-MM when the day is "
              "not printed", required=True, pattern=PARTIAL_DATE, values_doc="`YYYY-MM-DD`, `YYYY-MM` or `YYYY`"),
        Field("date_accessed", "date", "Date the document was read for this transcription (YYYY-MM-DD)",
              required=True),
        Field("reporter_zh", "string", "Reporter named in the bylines, in Chinese; empty when none is named"),
        Field("reporter_en", "string", "Reporter, romanised; empty when none is named"),
        Field("sections", "string",
              "The headlines of the articles on the page, as printed, in page order, separated by ` | `",
              required=True, values_doc="headlines separated by ` | `"),
        Field("file_name", "string", "Name of the text file of the document that was transcribed",
              required=True),
        Field("sha256", "string", "SHA-256 of that file (64 lowercase hex digits); `check-source` compares it",
              required=True, pattern=SHA256, values_doc="64 lowercase hex digits"),
        Field("bytes", "integer", "Size of that file", required=True, minimum=1, unit="bytes"),
        Field("citation", "string", "Full citation of the document", required=True),
        Field("method_note", "string", "How the figures were taken from the document", required=True),
    ),
    primary_key=("source_id",),
    order="by source_id",
)

# ---- raw: entities.csv ----------------------------------------------------
ENTITIES = Table(
    "entities",
    "Entities",
    "The places, bodies and people figures are about: one row per entity, with its parent "
    "(the village of a village group, the township of a village).",
    (
        Field("entity_id", "string", "Short id of the entity, used by figures.entity_id",
              required=True, unique=True, pattern=ID, values_doc=ID_DOC),
        Field("name_zh", "string", "Name in Chinese, as printed", required=True),
        Field("name_en", "string", "Name in English (pinyin for places)", required=True),
        Field("level", "string", "What sort of entity it is", required=True, enum=tuple(LEVELS),
              values_doc="; ".join(f"`{k}` {v}" for k, v in LEVELS.items())),
        Field("parent_id", "string",
              "entity_id of the entity it belongs to; empty for the top (the city) or when the article "
              "does not say", pattern=ID, values_doc=ID_DOC),
        Field("note", "string", "Anything a reader should know about the entity; empty when nothing"),
    ),
    primary_key=("entity_id",),
    foreign_keys=(ForeignKey("parent_id", "", "entity_id"),),
    order="by entity_id",
)

# ---- raw: indicators.csv --------------------------------------------------
INDICATORS = Table(
    "indicators",
    "Indicators",
    "What a figure measures: one row per indicator, with its topic and canonical unit.",
    (
        Field("indicator_id", "string", "Short id of the indicator, used by figures.indicator_id",
              required=True, unique=True, pattern=ID, values_doc=ID_DOC),
        Field("name_zh", "string", "Short title in Chinese", required=True),
        Field("name_en", "string", "Short title in English", required=True),
        Field("topic", "string", "Topic the indicator belongs to", required=True, enum=tuple(TOPICS),
              values_doc="; ".join(f"`{k}` {v}" for k, v in TOPICS.items())),
        Field("unit", "string", "Canonical unit of every figure of this indicator (see the unit vocabulary)",
              required=True, enum=tuple(units.UNITS), values_doc="an id of the unit vocabulary below"),
        Field("description_en", "string", "One-paragraph description that fits under a chart", required=True),
    ),
    primary_key=("indicator_id",),
    order="by indicator_id",
)

# ---- raw: figures.csv -----------------------------------------------------
_FIG_ID = Field("figure_id", "string", "Unique, stable slug of the figure (kept when other rows are added)",
                required=True, unique=True, pattern=SLUG, values_doc=SLUG_DOC)
_SOURCE_ID = Field("source_id", "string", "Document the figure is in (sources.source_id)",
                   required=True, pattern=ID, values_doc=ID_DOC)
_SECTION = Field("section", "string", "Headline of the article the figure is in, as printed "
                 "(one of the source's sections)", required=True)
_PARAGRAPH = Field("paragraph", "integer",
                   "1-based paragraph within that article; 0 = the headline itself. A block cut mid-sentence "
                   "by the page layout continues the same paragraph; captions and bylines are not counted",
                   required=True, minimum=0, maximum=PARAGRAPH_MAX)
_EVIDENCE = Field("evidence", "string",
                  "Shortest snippet of the article holding the number, its unit and qualifiers; it occurs in "
                  "the article once all whitespace is removed from both",
                  required=True, max_length=EVIDENCE_MAX)
_AS_REPORTED = Field("as_reported", "string",
                     "The number as printed, with its magnitude and attached approximations "
                     "(`6万余`, `5953.2万`, `45.6%`, `百余`); bounds written after the unit go in qualifier",
                     required=True)
_UNIT_REPORTED = Field("unit_reported", "string",
                       "The unit as printed (元, 万元, 人, 户, 公顷, %, ...); empty only for a percentage",
                       enum=tuple(units.PRINTED_UNITS), values_doc="a printed unit of the unit vocabulary below")
_QUALIFIER = Field("qualifier", "string", "What the text says about precision", required=True,
                   enum=tuple(QUALIFIERS),
                   values_doc="; ".join(f"`{k}` {v}" for k, v in QUALIFIER_MEANINGS.items()))
_KIND = Field("kind", "string", "Whether the figure is achieved, a goal or an expectation", required=True,
              enum=tuple(KINDS), values_doc="; ".join(f"`{k}` {v}" for k, v in KINDS.items()))
_PERIOD = Field("period", "string",
                "Time the figure covers: a year (`2019`), a month (`2019-09`, a stock as of then), a span "
                "(`2019-01/2019-09`, 年初以来), `cumulative` (累计, since the start) or `annual` (a recurring "
                "amount per year: 每年, 年可)",
                required=True, pattern=PERIOD, values_doc="`YYYY`, `YYYY-MM`, `YYYY-MM/YYYY-MM`, "
                "`cumulative`, `annual`")
_ENTITY_ID = Field("entity_id", "string", "Who or where the figure is about (entities.entity_id)",
                   required=True, pattern=ID, values_doc=ID_DOC)
_INDICATOR_ID = Field("indicator_id", "string", "What the figure measures (indicators.indicator_id)",
                      required=True, pattern=ID, values_doc=ID_DOC)
_NOTE = Field("note", "string", "What a reader should know about this figure; empty when nothing")

FIGURES_RAW = Table(
    "figures",
    "Figures as transcribed",
    "One row per figure reported in the article, as printed (hand-made; never written by code).",
    (_FIG_ID, _SOURCE_ID, _SECTION, _PARAGRAPH, _EVIDENCE, _AS_REPORTED, _UNIT_REPORTED, _QUALIFIER,
     _KIND, _PERIOD, _ENTITY_ID, _INDICATOR_ID, _NOTE),
    primary_key=("figure_id",),
    foreign_keys=(
        ForeignKey("source_id", "sources", "source_id"),
        ForeignKey("entity_id", "entities", "entity_id"),
        ForeignKey("indicator_id", "indicators", "indicator_id"),
    ),
    order="as transcribed",
)

#: The raw transcription, in the order files are checked.
RAW_TABLES: dict[str, Table] = {t.name: t for t in (SOURCES, ENTITIES, INDICATORS, FIGURES_RAW)}

# ---- processed: figures.csv (contract) ------------------------------------
_VALUE = Field("value", "number",
               "The number normalised to `unit`, exactly: as printed x magnitude (万, 亿) x the printed "
               "unit's multiplier (万元). `6万余` -> 60000, `5953.2万元` -> 59532000, `45.6%` -> 45.6. "
               "The lower end for approximate ranges (几十 -> 20)",
               required=True, unit="the unit in column `unit` of the same row")
_UNIT = Field("unit", "string", "Canonical unit of value (the indicator's unit)", required=True,
              enum=tuple(units.UNITS), values_doc="an id of the unit vocabulary below")
_ENTITY_ZH = Field("entity_zh", "string", "Name of the entity in Chinese (from entities.csv)", required=True)
_ENTITY_EN = Field("entity_en", "string", "Name of the entity in English (from entities.csv)", required=True)
_INDICATOR_ZH = Field("indicator_zh", "string", "Title of the indicator in Chinese (from indicators.csv)",
                      required=True)
_INDICATOR_EN = Field("indicator_en", "string", "Title of the indicator in English (from indicators.csv)",
                      required=True)
_TOPIC = _with(INDICATORS.field("topic"), description="Topic of the indicator (from indicators.csv)")

FIGURES = Table(
    "figures",
    "Figures",
    "The tidy table: one row per figure reported in the article, normalised to a canonical unit, "
    "with entity and indicator names joined in.",
    (_FIG_ID, _SOURCE_ID, _SECTION, _PARAGRAPH, _EVIDENCE, _AS_REPORTED, _UNIT_REPORTED, _VALUE, _UNIT,
     _QUALIFIER, _KIND, _PERIOD, _ENTITY_ID, _ENTITY_ZH, _ENTITY_EN, _INDICATOR_ID, _INDICATOR_ZH,
     _INDICATOR_EN, _TOPIC, _NOTE),
    primary_key=("figure_id",),
    foreign_keys=FIGURES_RAW.foreign_keys,
    order="in reading order: by source, section (page order), paragraph, then as transcribed",
)

#: The processed tables, in the order they appear in datapackage.json.
PROCESSED_TABLES: dict[str, Table] = {
    t.name: t
    for t in (FIGURES, ENTITIES, INDICATORS, SOURCES)
}


# --------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------

def _is_int(text: str) -> bool:
    return re.fullmatch(r"-?[0-9]+", text) is not None


def _fits_int64(text: str) -> bool:
    """True unless *text* is a whole number beyond what the loader's Int64 columns hold."""
    return not _is_int(text) or INT64[0] <= int(text) <= INT64[1]


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(DATE, text) is not None


def pandera_schema(table: Table, *, raw: bool = True):
    """A pandera DataFrameSchema checking *table*'s columns.

    ``raw=True``: for frames of strings where an empty cell is NA (as
    ``lingyuan.dataset`` reads the transcription): typed columns are checked by
    pattern, uniqueness is left to the validator (which names the first line).
    ``raw=False``: for the typed frames of :func:`lingyuan.dataset.load_table`.
    Each check's ``error`` is the message the validator prints after the value.
    """
    import pandera.pandas as pa

    columns = {}
    for f in table.fields:
        checks = []
        if raw and f.type == "integer":
            checks.append(pa.Check(_is_int, element_wise=True, error="is not a whole number (digits 0-9)"))
            checks.append(pa.Check(_fits_int64, element_wise=True, error=f"is too large: a whole number between "
                                   f"{INT64[0]} and {INT64[1]} (64 bits) at most"))
        if raw and f.type == "date":
            checks.append(pa.Check(_is_date, element_wise=True, error="is not a date written YYYY-MM-DD"))
        if f.enum is not None:
            shown = ", ".join(f.enum) if len(f.enum) <= 20 else " ".join(f.enum)
            checks.append(pa.Check.isin(list(f.enum), error=f"is not a known {f.name}; use one of: {shown}"))
        if f.pattern is not None and f.type == "string":
            form = f.values_doc.replace("`", "") or f"the pattern {f.pattern}"
            # digits are 0-9 only (re.ASCII): \d would take ٣ or 𝟑 as well
            checks.append(pa.Check.str_matches(re.compile(f.pattern, re.ASCII),
                                               error=f"is not a valid {f.name}: write {form}"))
        if f.max_length is not None:
            checks.append(pa.Check(lambda s, n=f.max_length: s.str.len() <= n,
                                   error=f"is longer than {f.max_length} characters; shorten it"))
        for bound, op in ((f.minimum, "ge"), (f.maximum, "le")):
            if bound is None:
                continue
            word = "below the minimum" if op == "ge" else "above the maximum"
            if raw:
                def _in_range(text, bound=bound, op=op):
                    if not _is_int(text) or not _fits_int64(text):
                        return True  # reported by the type and size checks
                    return int(text) >= bound if op == "ge" else int(text) <= bound
                checks.append(pa.Check(_in_range, element_wise=True, error=f"is {word} {bound}"))
            else:
                checks.append(getattr(pa.Check, op)(bound, error=f"is {word} {bound}"))
        if raw:
            dtype = None
        else:
            dtype = {"integer": "Int64", "number": "float64"}.get(f.type)
        columns[f.name] = pa.Column(
            dtype,
            checks=checks,
            nullable=not f.required,
            unique=f.unique and not raw,
            required=True,
            coerce=dtype is not None,
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=False, name=table.path)


def table_schema(table: Table) -> dict:
    """The Frictionless Table Schema (v2) of *table*: fields with type, description,
    constraints and unit, the primary key and the foreign keys."""
    fields = []
    for f in table.fields:
        spec: dict = {"name": f.name, "type": f.type, "description": f.description}
        if f.unit:
            spec["unit"] = f.unit
        constraints: dict = {}
        if f.required:
            constraints["required"] = True
        if f.unique:
            constraints["unique"] = True
        if f.enum is not None:
            constraints["enum"] = list(f.enum)
        if f.pattern is not None and f.type == "string":
            # Table Schema patterns are implicitly anchored (XML Schema style).
            constraints["pattern"] = f.pattern.removeprefix("^").removesuffix("$")
        if f.minimum is not None:
            constraints["minimum"] = f.minimum
        if f.maximum is not None:
            constraints["maximum"] = f.maximum
        if f.max_length is not None:
            constraints["maxLength"] = f.max_length
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        # Table Schema v2: a reference without "resource" points into the same table.
        schema["foreignKeys"] = [
            {"fields": [fk.field],
             "reference": ({"resource": fk.resource} if fk.resource else {}) | {"fields": [fk.reference]}}
            for fk in table.foreign_keys
        ]
    return schema


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _dictionary_table(table: Table) -> list[str]:
    lines = [
        f"#### `{table.path}` — {table.title}",
        "",
        f"{table.description} Row order: {table.order}."
        + (f" Primary key: `{', '.join(table.primary_key)}`." if table.primary_key else ""),
        "",
        "| column | type | meaning | unit | allowed values | required |",
        "|---|---|---|---|---|---|",
    ]
    for f in table.fields:
        lines.append(
            f"| `{f.name}` | {f.type} | {_cell(f.description)} | {_cell(f.unit or '')} | "
            f"{_cell(f.allowed_doc())} | {'yes' if f.required else 'no'} |"
        )
    return lines + [""]


def unit_vocabulary_markdown() -> str:
    """The unit vocabulary of :mod:`lingyuan.quantities.units` as a Markdown table."""
    printed: dict[str, list[str]] = {u: [] for u in units.UNITS}
    for p in units.PRINTED_UNITS.values():
        for i, u in enumerate(p.allowed):
            mult = f" (x{p.multiplier:,})" if p.multiplier != 1 else ""
            printed[u].append(f"{p.printed}{mult}" + ("" if i == 0 else "*"))
    lines = [
        "| unit | Chinese | English (singular / plural) | short | kind | printed as | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for u in units.UNITS.values():
        lines.append(
            f"| `{u.id}` | {_cell(u.zh)} | {u.singular} / {u.plural} | {_cell(u.short)} | {u.kind} | "
            f"{_cell(' '.join(printed[u.id]))} | {_cell(u.description)} |"
        )
    lines += ["", "A printed unit marked * stands for that unit only when the indicator says so "
              "(个 counts villages, cooperatives, projects ...); (x10,000) is the multiplier of 万元."]
    return "\n".join(lines) + "\n"


def dictionary_markdown() -> str:
    """The generated part of data/README.md: one table per file, processed then raw,
    and the unit vocabulary."""
    lines = ["### Processed files (`data/processed/`)", ""]
    for t in PROCESSED_TABLES.values():
        lines += _dictionary_table(t)
    lines += ["### Raw transcription (`data/raw/`)", "",
              "`entities.csv`, `indicators.csv` and `sources.csv` have the same columns in both folders; "
              "`figures.csv` as transcribed:", ""]
    lines += _dictionary_table(FIGURES_RAW)
    lines += ["### Unit vocabulary (`lingyuan.quantities.units`)", "", unit_vocabulary_markdown()]
    return "\n".join(lines)


BEGIN_MARK = "<!-- BEGIN generated by `python -m lingyuan.dataset.schema`: do not edit by hand -->"
END_MARK = "<!-- END generated -->"
DATA_README = PROJECT_ROOT / "data" / "README.md"


def render_readme(text: str) -> str:
    """*text* (a README) with the block between the markers replaced by :func:`dictionary_markdown`."""
    start, end = text.find(BEGIN_MARK), text.find(END_MARK)
    if start < 0 or end < start:
        raise ValueError(f"the README has no block between {BEGIN_MARK!r} and {END_MARK!r}; add both lines")
    return text[: start + len(BEGIN_MARK)] + "\n\n" + dictionary_markdown() + "\n" + text[end:]


def update_data_readme(path: str | Path = DATA_README) -> Path:
    """Rewrite the generated block of data/README.md from this module."""
    from lingyuan.io import write_text

    path = Path(path)
    return write_text(path, render_readme(path.read_text(encoding="utf-8")))


if __name__ == "__main__":
    print(f"updated {update_data_readme().relative_to(PROJECT_ROOT)}")
