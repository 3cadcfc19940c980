"""The one display formatter for every table a notebook shows.

A table a reader sees has headers and category values in the run's language (确数/约数/
不少于…, 实际/目标/预计), numbers as the language writes them (integers as integers:
79, not 79.0; 6000000 yuan as 600万元 / ¥6 million), values with their unit, no "NaN"
(an empty cell, explained once under the table), and no text cut short. :func:`show`
turns a DataFrame of raw values (Decimals, figures, derived numbers, category ids) into
a :class:`Table` that renders so, as HTML in a notebook and as plain text elsewhere.
"""
from __future__ import annotations

import html
import math
from decimal import Decimal

import pandas as pd

from lingyuan import LANGS, datalinks, vocabulary
from lingyuan.analysis import params, words
from lingyuan.quantities import units

#: column id -> (Chinese header, English header)
HEADERS: dict[str, tuple[str, str]] = {
    "figure_id": ("数字编号", "figure id"), "id": ("编号", "id"), "topic": ("主题", "topic"),
    "indicator": ("指标", "indicator"), "entity": ("对象", "about"), "as_reported": ("原文", "as printed"),
    "value": ("数值", "value"), "unit": ("单位", "unit"), "qualifier": ("精确程度", "qualifier"),
    "kind": ("类别", "kind"), "period": ("时期", "period"), "level": ("层级", "level"),
    "derived": ("推算值", "derived value"), "numerator": ("分子", "numerator"),
    "numerator_value": ("分子值", "numerator value"), "denominator": ("分母", "denominator"),
    "denominator_value": ("分母值", "denominator value"), "result": ("结果", "result"),
    "inputs": ("所用数字", "input figure ids"), "formula": ("公式", "formula"), "arithmetic": ("算式", "arithmetic"),
    "note": ("说明", "note"), "grade": ("等级", "grade"), "planned": ("计划", "planned"),
    "planned_source": ("计划数来源", "planned: source"), "completed": ("已完工", "completed"),
    "completed_source": ("完工数来源", "completed: source"), "remaining": ("未完工", "still open"),
    "remaining_source": ("未完工数来源", "still open: source"), "title": ("核对项目", "check"),
    "verdict": ("结论", "verdict"), "computed": ("计算值", "computed"), "expected": ("预期值", "expected"),
    "ratio": ("比值", "ratio"), "band": ("容许范围", "accepted range"), "figure_ids": ("所用数字", "figure ids"),
    "name": ("名称", "name"), "parent": ("上级", "part of"), "figures": ("数字个数", "figures"),
    "this_village": ("本村", "this village"), "rank": ("排名", "rank"), "check_kind": ("核对类型", "kind of check"),
    "count": ("项数", "checks"), "village": ("村", "village"),
    "name_zh": ("中文名", "Chinese name"), "name_en": ("英文名", "English name"),
    "township_zh": ("所在乡镇", "township (Chinese)"), "township_en": ("乡镇英文名", "township (English)"),
    "villages": ("有数字的村", "villages with figures"),
    "table": ("表", "table"), "rows": ("行数", "rows"),
}

#: column id -> category id -> (Chinese, English)
CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    # the data's categories: the one vocabulary of lingyuan.vocabulary
    **{category: vocabulary.pairs(category) for category in vocabulary.CATEGORIES},
    "verdict": {"consistent": ("一致", "consistent"), "inconsistent": ("不一致", "inconsistent"),
                "cannot check": ("无法核对", "cannot check")},
    "this_village": {True: ("是", "yes"), False: ("", "")},
    "grade": {"C": ("C级", "grade C"), "D": ("D级", "grade D"), "all": ("合计", "all")},
    # the raw tables of data/raw (lingyuan.dataset.schema.RAW_TABLES), as a reader names them
    "table": {"sources": ("来源", "sources"), "entities": ("地方和机构", "places and bodies"),
              "indicators": ("指标", "indicators"), "figures": ("数字", "figures")},
}

EMPTY_NOTES = {
    "none": ("空格表示原文没有这一项。", "An empty cell: the page gives nothing there."),
}


def is_empty(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value == ""


def cell(value, column: str, lang: str) -> str:
    """One cell as the reader sees it in *lang*."""
    if is_empty(value):
        return ""
    if column in CATEGORIES and value in CATEGORIES[column]:
        return words.text(*CATEGORIES[column][value], lang)
    if column == "period" and isinstance(value, str):
        return words.period(value, lang)
    if hasattr(value, "result") and hasattr(value, "unit"):
        return words.quantity(value.result, value.unit, value.qualifier, lang, with_unit=True,
                              zh_unit=getattr(value, "zh_unit", None))
    if isinstance(value, bool):
        return words.text("是", "yes", lang) if value else ""
    if isinstance(value, (int, Decimal)):
        return words.number(value, lang, 4)
    if isinstance(value, float):
        return words.number(words.dec(value), lang, 4)
    return str(value)


#: columns that hold ids (of figures, derived values, checks) or formulas written with ids:
#: for maintainers. The full version of a report shows them; the reader version does not
#: (class "fid"), and links a row to its entry on the data page instead.
ID_COLUMNS = frozenset({"figure_id", "id", "inputs", "formula", "figure_ids", "numerator", "denominator",
                        "planned_source", "completed_source", "remaining_source"})
#: columns of numbers (right-aligned)
NUMBER_COLUMNS = frozenset({"value", "derived_value", "numerator_value", "denominator_value", "result",
                            "computed", "expected", "ratio", "planned", "completed", "remaining", "figures",
                            "rank", "count", "villages", "rows"})
#: columns of text as the page printed it (Chinese in every language)
CHINESE_COLUMNS = frozenset({"as_reported"})
#: number columns that hold no figure (counts, ranks, the audit's ratio of two numbers): they
#: have no entry on the data page to link to (class "own"). The audit's computed and expected
#: numbers are figures or derived numbers, each linked to its entry.
OWN_NUMBER_COLUMNS = frozenset({"figures", "rank", "count", "villages", "ratio", "rows"})


#: how a table reads on a phone (the page's stylesheet, class of the table): "stack", each
#: row a block with every cell beside its column's name (rows of several words); "cross", a
#: table kept as a table, compact (a cross-tabulation of counts: a row label and a few short
#: numbers read across, which stacked would be a long run of one-number lines)
LAYOUTS = ("stack", "cross")


class Table:
    """A table ready to show: text cells, localized headers, and the note explaining empty
    cells (shown once, under the table, when there is an empty cell). *columns* are the
    column ids (for the id and number columns), *links* one data-page link per row (or None),
    *layout* one of :data:`LAYOUTS`."""

    def __init__(self, frame: pd.DataFrame, note: str = "", caption: str = "", columns=None, links=None,
                 cell_links=None, layout: str = "stack"):
        if layout not in LAYOUTS:
            raise ValueError(f"layout={layout!r}; valid layouts: {', '.join(LAYOUTS)}")
        self.frame, self.note, self.caption, self.layout = frame, note, caption, layout
        self.columns = list(columns) if columns is not None else [None] * len(frame.columns)
        self.links = list(links) if links is not None else None
        #: column id -> one link per row, for a row showing several figures (one per cell)
        self.cell_links = {c: list(v) for c, v in (cell_links or {}).items()}

    def __len__(self) -> int:
        return len(self.frame)

    def _classes(self) -> list[str]:
        return [" ".join(c for c in ("fid" if i in ID_COLUMNS else "", "num" if i in NUMBER_COLUMNS else "",
                                     "own" if i in OWN_NUMBER_COLUMNS else "", "cat" if i in CATEGORIES else "")
                         if c)
                for i in self.columns]

    def _repr_html_(self) -> str:
        classes = self._classes()
        # the link sits on the indicator, else on the first column a reader sees
        shown = self.columns.index("indicator") if "indicator" in self.columns else \
            next((k for k, c in enumerate(self.columns) if c not in ID_COLUMNS), 0)
        attr = [f' class="{c}"' if c else "" for c in classes]
        # the page's own words, in Chinese on every page: drawn with the page's Chinese font
        zh = [' lang="zh"' if c in CHINESE_COLUMNS else "" for c in self.columns]
        labels = [html.escape(str(c), quote=True) for c in self.frame.columns]
        head = "".join(f"<th{a}>{label}</th>" for a, label in zip(attr, labels))
        # links only where the data page is beside the page (lingyuan.datalinks.linked)
        links = self.links if datalinks.linked() else None
        cell_links = {self.columns.index(c): v for c, v in self.cell_links.items()} if datalinks.linked() else {}
        rows = []
        for r, row in enumerate(self.frame.itertuples(index=False)):
            cells = []
            for k, v in enumerate(row):
                text = html.escape(v)
                href = cell_links[k][r] if k in cell_links else links[r] if k == shown and links else None
                if href and text:
                    text = f'<a href="{html.escape(href, quote=True)}">{text}</a>'
                cells.append(f'<td{attr[k]}{zh[k]} data-label="{labels[k]}">{text}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        note = f"<p><em>{html.escape(self.note)}</em></p>" if self.note else ""
        return (f'<table class="dataframe lingyuan {self.layout}">{caption}<thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>{note}")

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 10_000,
                               "display.max_rows", None, "display.max_columns", None):
            text = self.frame.to_string(index=False) if len(self.frame.columns) else ""
        return "\n".join(p for p in (self.caption, text, self.note) if p)


def row_links(frame: pd.DataFrame, lang: str) -> list[str] | None:
    """Each row's link to its entry on the data page: a figure's (column ``figure_id``) or a
    derived value's (columns ``derived`` and ``id``); None for other tables."""
    if "figure_id" in frame.columns:
        return [datalinks.data_href(lang, str(f)) for f in frame["figure_id"]]
    if "derived" in frame.columns and "id" in frame.columns:

        return [datalinks.data_href(lang, datalinks.derived_anchor(i)) for i in frame["id"]]
    return None


def _quantity(value) -> bool:
    return hasattr(value, "result") and hasattr(value, "unit")


def column_unit(values, lang: str) -> tuple[str, str | None] | None:
    """The one unit of a column of figures and derived values (and the Chinese classifier
    they are printed with), or None when the units are mixed or the cells are not quantities."""
    shown = [v for v in values if not is_empty(v)]
    if not shown or not all(_quantity(v) for v in shown):
        return None
    found = {(v.unit, getattr(v, "zh_unit", None) if lang == "zh" else None) for v in shown}
    return found.pop() if len(found) == 1 else None


def unit_header(header: str, unit: str, lang: str, zh_unit: str | None = None) -> str:
    """*header* with its column's unit: 数值（元）, value (yuan), 比例（%）, share (%)."""
    if units.canonical(unit).kind == "share" and unit != "percentage_point":
        word = "%"
    else:
        word = (zh_unit or units.label(unit, "zh")) if lang == "zh" else units.label(unit, "en")
    return f"{header}（{word}）" if lang == "zh" else f"{header} ({word})"


def show(frame: pd.DataFrame, lang: str, *, empty: str = "none", caption: str = "", links=None,
         cell_links=None, units_of=None, layout: str = "stack") -> Table:
    """*frame* (columns named by the ids of :data:`HEADERS`) as a :class:`Table` in *lang*;
    *links* (one per row) default to :func:`row_links`; *cell_links* (column id -> one link
    per row) link the cells of a column each to its own entry. A column of figures in one
    unit has the unit in its header and bare numbers; mixed units stay with each value.
    *units_of* (column id -> unit id) names the unit of a column of plain numbers; *layout*
    (:data:`LAYOUTS`) is how the table reads on a phone."""
    params.check_lang(lang)
    data = {}
    for c in frame.columns:
        header = words.text(*HEADERS.get(c, (c, c)), lang)
        unit = column_unit(frame[c], lang)
        if unit:
            data[unit_header(header, *unit[:1], lang, unit[1])] = \
                ["" if is_empty(v) else words.bare(v.result, v.unit, v.qualifier, lang) for v in frame[c]]
        else:
            if units_of and c in units_of:
                header = unit_header(header, units_of[c], lang)
            data[header] = [cell(v, c, lang) for v in frame[c]]
    out = pd.DataFrame(data)
    has_empty = bool(len(out)) and (out == "").to_numpy().any()
    if "this_village" in frame.columns:  # an empty "this village" cell says "no", not "nothing printed"
        has_empty = bool(len(out)) and (out.drop(columns=words.text(*HEADERS["this_village"], lang)) == "") \
            .to_numpy().any()
    note = words.text(*EMPTY_NOTES[empty], lang) if has_empty else ""
    return Table(out, note, caption, columns=frame.columns,
                 links=links if links is not None else row_links(frame, lang), cell_links=cell_links, layout=layout)


FIGURE_COLUMNS = ("figure_id", "entity", "indicator", "as_reported", "value", "qualifier", "kind", "period")
#: the dataset report's view of the figures: what normalising makes of a printed number (its
#: period is in the analysis reports); seven columns fit a laptop's column in English
DATASET_COLUMNS = FIGURE_COLUMNS[:-1]


def figures_table(rows: pd.DataFrame, tables, lang: str, columns=FIGURE_COLUMNS) -> Table:
    """Rows of the tidy table as a reader wants them: names in *lang*, the number as printed
    and its exact value with its unit, qualifier, kind and period in words."""
    from lingyuan.analysis import derive

    f = derive.figures(tables)
    data = {
        "figure_id": list(rows["figure_id"]),
        "topic": list(rows["topic"]) if "topic" in rows else [],
        "entity": list(rows[f"entity_{lang}"]) if f"entity_{lang}" in rows else [],
        "indicator": list(rows[f"indicator_{lang}"]) if f"indicator_{lang}" in rows else [],
        "as_reported": [f[i].printed for i in rows["figure_id"]],
        "value": [f[i] for i in rows["figure_id"]],
        "qualifier": list(rows["qualifier"]), "kind": list(rows["kind"]), "period": list(rows["period"]),
    }
    return show(pd.DataFrame({c: data[c] for c in columns}), lang)


def counts_table(frame: pd.DataFrame, row: str, column: str, lang: str) -> Table:
    """How many rows of *frame* fall in each pair of categories (*row* down, *column* across,
    totals last): :func:`pandas.crosstab` with headers and categories in *lang*."""
    params.check_lang(lang)
    counts = pd.crosstab(frame[row], frame[column], margins=True, margins_name="all")

    def name(col: str, value) -> str:
        pair = CATEGORIES.get(col, {}).get(value) or (("合计", "all") if value == "all" else (value, value))
        return words.text(*pair, lang)

    out = pd.DataFrame({words.text(*HEADERS.get(row, (row, row)), lang): [name(row, v) for v in counts.index],
                        **{name(column, c): [words.number(int(n), lang) for n in counts[c]] for c in counts.columns}})
    return Table(out, columns=[row] + ["count"] * len(counts.columns), layout="cross")


def rows_table(counts: pd.Series, lang: str) -> Table:
    """How many rows each raw table has (``Raw.counts()``: table name -> rows), the tables
    named in *lang*: a small table kept a table on a phone."""
    return show(pd.DataFrame({"table": list(counts.index), "rows": [int(n) for n in counts]}), lang, layout="cross")


class Bilingual:
    """The same table in each language, one after the other: for the page that is in both
    languages (the dataset report), as its paragraphs are."""

    def __init__(self, tables: dict[str, Table]):
        self.tables = tables

    def _repr_html_(self) -> str:
        return "".join(f'<div lang="{lang}">{t._repr_html_()}</div>' for lang, t in self.tables.items())

    def __repr__(self) -> str:
        return "\n\n".join(repr(t) for t in self.tables.values())


def in_both(make, *args, **kwargs) -> Bilingual:
    """``make(*args, lang=…, **kwargs)`` (a function returning a :class:`Table`) in each language."""
    return Bilingual({lang: make(*args, lang=lang, **kwargs) for lang in LANGS})
