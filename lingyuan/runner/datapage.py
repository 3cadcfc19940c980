"""The site's data page and workbook: where every number of the reports comes from.

``data.html`` (Chinese) and ``data.en.html`` list every figure of
``data/processed/figures.csv`` — indicator and entity in words, the number as printed
with its unit and its value in the page's words, qualifier, kind and period in words,
the article's headline and paragraph, and the evidence snippet — each row an element
whose ``id`` is its ``figure_id``; then every derived value of
:mod:`lingyuan.analysis.derive` (``id`` = :func:`~lingyuan.datalinks.derived_anchor`),
with its formula, its arithmetic and its inputs linked to their rows; then every
consistency check of :mod:`lingyuan.analysis.audit` (``id`` = ``derived_anchor`` of the
check's id, where the audit chart's dots link), with its verdict, computed ÷ expected
against the accepted band, its formula and the figures it compares. Charts and reader
tables link here (``data.html#<figure_id>``). The page is a plain table (no script
needed); where JavaScript runs, a filter box hides the rows that do not match.

:func:`write_data_pages` also writes the workbook ``data/lingyuan-figures.xlsx``
(:mod:`lingyuan.analysis.workbook`). Both are made again only when the processed tables,
the templates or this code changed.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from lingyuan import LANGS
from lingyuan import datalinks
from lingyuan.datalinks import DATA_PAGES, data_href  # noqa: F401  (data_href: for the front pages)
from lingyuan.io import write_text_if_changed

WORKBOOK = "data/lingyuan-figures.xlsx"
TEMPLATE = "site/data.html.j2"
_TABLES = ("figures.csv", "entities.csv", "indicators.csv", "sources.csv")


def figure_rows(tables, lang: str) -> list[dict]:
    """One dict per figure, in the order of figures.csv, with what the data page shows."""
    from lingyuan import vocabulary
    from lingyuan.analysis import derive, words

    f = derive.figures(tables)
    rows = []
    for r in tables.figures.to_dict("records"):
        op = f[r["figure_id"]]
        printed = op.printed
        value = words.quantity(op.value, op.unit, op.qualifier, lang, with_unit=True, zh_unit=op.zh_unit)
        rows.append({
            "id": r["figure_id"], "indicator": r[f"indicator_{lang}"], "entity": r[f"entity_{lang}"],
            "printed": printed, "value": value if value != printed else "",
            "qualifier": vocabulary.word("qualifier", r["qualifier"], lang),
            "kind": vocabulary.word("kind", r["kind"], lang),
            "period": words.period(str(r["period"]), lang),
            "topic": vocabulary.word("topic", r["topic"], lang),
            "headline": r.get("section") or "", "paragraph": int(r["paragraph"]),
            "evidence": r.get("evidence") or "",
        })
    return rows


def _operand(op, lang: str, names: dict[str, str]) -> dict:
    from lingyuan.analysis import words

    if hasattr(op, "figure_id") and not hasattr(op, "inputs"):
        if op.figure_id not in names:  # a constant of the arithmetic (four quarters a year), not a figure
            return {"href": None, "name": op.figure_id, "value": words.number(op.value, lang)}
        return {"href": f"#{op.figure_id}", "name": names[op.figure_id],
                "value": words.quantity(op.value, op.unit, op.qualifier, lang, with_unit=True)}
    return {"href": f"#{datalinks.derived_anchor(op.id)}", "name": op.name(lang),
            "value": op.label(lang, marker=False, with_unit=True)}


def every_derived(source) -> list:
    """Every derived number of the collection once: the notebooks' (in their order), then
    each other public function of :mod:`lingyuan.analysis.derive` that makes one from the
    figures alone."""
    import inspect

    from lingyuan.analysis import derive

    f = derive.figures(source)
    found = {d.id: d for d in derive.all_income(f) + derive.all_social(f)}
    for name, fn in sorted(vars(derive).items()):
        if not inspect.isfunction(fn) or fn.__module__ != derive.__name__ or name.startswith("_"):
            continue
        params = list(inspect.signature(fn).parameters.values())
        if [p.name for p in params[:1]] != ["source"] or any(p.default is p.empty for p in params[1:]) \
                or fn.__annotations__.get("return") not in ("Derived", derive.Derived):
            continue
        d = fn(f)
        found.setdefault(d.id, d)
    return list(found.values())


def _figure_names(tables, lang: str) -> dict[str, str]:
    """figure_id -> "indicator (entity)" in *lang*, as an input is named."""
    return {r["figure_id"]: f"{r[f'indicator_{lang}']}（{r[f'entity_{lang}']}）" if lang == "zh"
            else f"{r[f'indicator_{lang}']} ({r[f'entity_{lang}']})" for r in tables.figures.to_dict("records")}


def derived_rows(tables, lang: str) -> list[dict]:
    """One dict per derived value (:func:`every_derived`)."""
    names = _figure_names(tables, lang)
    return [{"id": datalinks.derived_anchor(d.id), "name": d.name(lang),
             "value": d.label(lang, marker=False, with_unit=True), "formula": d.formula,
             "arithmetic": d.arithmetic, "note": d.note(lang),
             "inputs": [_operand(op, lang, names) for op in d.inputs]}
            for d in every_derived(tables)]


def check_rows(tables, lang: str) -> list[dict]:
    """One dict per consistency check of :mod:`lingyuan.analysis.audit` (the entry the audit
    chart's dots link to, ``id`` = :func:`~lingyuan.datalinks.derived_anchor` of the check's
    id): what it compares, its verdict, computed ÷ expected against the accepted band, its
    formula and what the verdict means, and the figures it compares linked to their rows."""
    from lingyuan.analysis import audit, derive

    f = derive.figures(tables)
    names = _figure_names(tables, lang)
    rows = audit.reader_rows(audit.evaluate(f), lang)
    for row in rows:
        row["anchor"] = datalinks.derived_anchor(row["id"])
        row["inputs"] = [_operand(f[i], lang, names) if i in f else {"href": None, "name": i, "value": ""}
                         for i in row["figure_ids"]]
    return rows


def data_page_html(tables, lang: str, *, source: dict | None = None, font_cache: Path | None = None) -> str:
    """The data page of *lang* for the processed *tables*."""
    from lingyuan.runner.pages import INDEX_FILES, render_site_page, words

    w = words()[lang]
    page = {"title": f"{w['data_title']} — {w['site_name']}", "kind": "data", "home": INDEX_FILES[lang],
            "back": True, "switch": DATA_PAGES[w["other_lang"]]}
    return render_site_page(TEMPLATE, font_cache, page=page, w=w, source=(source or {}).get(lang),
                   figures=figure_rows(tables, lang), derived=derived_rows(tables, lang),
                            checks=check_rows(tables, lang), workbook=WORKBOOK)


def _state(data_dir: Path) -> str:
    """What the data pages and the workbook are made of: the processed tables' bytes, the
    templates, and the code that makes them."""
    from lingyuan.runner.pages import TEMPLATES

    h = hashlib.sha256()
    here = Path(__file__).resolve()
    code = [here, here.parent.parent / "analysis" / "workbook.py", here.parent.parent / "vocabulary.py",
            *(here.parent.parent / "analysis" / f"{m}.py" for m in ("words", "phrases", "derive", "checks", "audit"))]
    for path in [data_dir / t for t in _TABLES] + code + sorted(TEMPLATES.joinpath("site").glob("*.*")):
        h.update(str(path.name).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


def write_data_pages(reports: Path, data_dir: Path, cache: dict, *, source: dict | None = None,
                     font_cache: Path | None = None) -> list[Path]:
    """Write data.html, data.en.html and the workbook into *reports* (when what they are made
    of changed since *cache* last saw them, or one is missing). Returns their paths; none
    when *data_dir* holds no usable data package."""
    targets = [reports / DATA_PAGES[lang] for lang in LANGS] + [reports / WORKBOOK]
    state = _state(data_dir)
    if cache.get("data_pages") == state and all(p.is_file() for p in targets):
        return targets  # the no-op path: no pandas, no openpyxl
    if cache.get("data_pages") == f"none {state}":
        return []  # no usable data package last time, and nothing it is made of changed
    try:
        from lingyuan.analysis import workbook
        from lingyuan.dataset.load import load

        tables = load(data_dir)
    except Exception:  # no usable data package: no data page (the front page says nothing of it)
        cache["data_pages"] = f"none {state}"
        return []
    for lang in LANGS:
        write_text_if_changed(reports / DATA_PAGES[lang], data_page_html(tables, lang, source=source,
                                                                          font_cache=font_cache))
    workbook.write_workbook(data_dir, reports / WORKBOOK)
    cache["data_pages"] = state
    return targets
