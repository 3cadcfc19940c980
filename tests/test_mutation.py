"""A corrected figure flows through to every word a reader sees.

In a copy of the project, a handful of figures of data/raw/figures.csv are corrected
(one each for industry, income, social security and a village profile, and one that
flips audit verdicts); the collection is rebuilt with ``python -m lingyuan run``; then
no old value, and no value derived from an old one, may appear in the rendered reports
(reader and full HTML, the text of the charts drawn in them and the data pages
included), the SVG text of figures/ or the ``audit`` output, in either language, and the
new values must; the data pages and the workbook show the corrected rows. A second test:
no notebook markdown cell and no string literal of
lingyuan/analysis holds a figure's value.
"""
from __future__ import annotations

import ast
import html
import json
import re
from decimal import Decimal

import pytest

from lingyuan import NOTEBOOKS_DIR, PROJECT_ROOT
from lingyuan.datalinks import DATA_PAGES
from project_copy import SITE_RUNS, copy_project, lingyuan, rewrite_csv, shared_base, wait_build

pytestmark = pytest.mark.notebook

# figure_id: (old as_reported, new as_reported); the evidence snippet is corrected too
CORRECTIONS = {
    "industry-projects-cumulative": ("358", "412"),    # industry
    "income-gain-per-poor-person": ("695", "702"),     # income
    "hospital-admissions": ("10552", "11552"),         # social security
    "pepper-area": ("67", "73"),                       # Er'angou's village profile (and industry) ...
    "pepper-area-quote": ("67", "73"),                 # ... printed twice: corrected in both places
    "poor-reached-cumulative": ("62744", "28901"),     # flips audit verdicts
}
# what may no longer appear (the old values as each language writes them, and what was
# derived from them), and what must appear now; matched with no digit around them
GONE = ["358", "55866", "55,866", "695", "10552", "10,552", "5641.77", "5642", "5,642", "67",
        "62744", "62,744", "318.76", "¥319", "319元", "2.17", "33843", "33,843"]
NEW = {"both": ["412", "702", "5153.39", "692.02", "73"],
       "zh": ["48544", "11552", "28901"], "en": ["48,544", "11,552", "28,901"]}
RUNS = SITE_RUNS


def _pattern(value: str) -> re.Pattern:
    return re.compile(r"(?<![\d.,])" + re.escape(value) + r"(?![\d])")


def _correct(row: dict) -> None:
    if row["figure_id"] in CORRECTIONS:
        old, new = CORRECTIONS[row["figure_id"]]
        assert row["as_reported"] == old and old in row["evidence"], row["figure_id"]
        row["as_reported"], row["evidence"] = new, row["evidence"].replace(old, new)


def _html_text(page: str) -> str:
    """What a reader of a report sees: text and image alternative text, no styles, scripts
    or image data."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    alts = re.findall(r'\b(?:alt|aria-label)="([^"]*)"', page)
    page = re.sub(r'src="data:[^"]*"', "", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(alts))


def _svg_text(svg: str) -> str:
    return html.unescape(" ".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)))


def prepare(root):
    """The project copied under *root* with its figures corrected; returns the runs to build
    (project_copy.BUILDS: built in the background from the start of the test run)."""
    copy_project(root)
    rewrite_csv(root / "data" / "raw" / "figures.csv", _correct)
    return RUNS


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    root = wait_build(shared_base(tmp_path_factory), "mutated")
    texts = {"zh": [], "en": []}
    for page in sorted((root / "reports").glob("*.html")):
        data_page = {name: lang for lang, name in DATA_PAGES.items()}.get(page.name)
        lang = data_page or ("zh" if ".zh." in page.name else "en" if ".en." in page.name else None)
        if lang:
            text = page.read_text(encoding="utf-8")
            texts[lang].append((page.name, _html_text(text)))
            if page.name.endswith(".reader.html"):  # the charts of the page, as the reader's browser draws them
                texts[lang].append((page.name + " (charts)", _svg_text(" ".join(re.findall(r"<svg\b.*?</svg>", text, re.S)))))
    for lang in texts:
        for svg in sorted((root / "figures" / lang).glob("*.svg")):
            texts[lang].append((svg.name, _svg_text(svg.read_text(encoding="utf-8"))))
        for fmt in ("table", "json"):
            audit = lingyuan(root, "audit", "--lang", lang, "--format", fmt, check=True)
            texts[lang].append((f"audit --lang {lang} --format {fmt}", audit.stdout))
    return root, texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_old_value_remains(rebuilt, lang):
    _, texts = rebuilt
    reader = [name for name, _ in texts[lang] if name.endswith(".reader.html")]
    assert len(reader) == 5, reader  # the analysis notebooks 10-40 and a village profile
    found = [(name, value, text[max(0, m.start() - 40):m.end() + 40])
             for name, text in texts[lang] for value in GONE for m in _pattern(value).finditer(text)]
    assert not found, "\n".join(f"{n}: {v!r} in …{c}…" for n, v, c in found[:20])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_new_values_are_shown(rebuilt, lang):
    _, texts = rebuilt
    everything = "\n".join(text for _, text in texts[lang])
    missing = [v for v in NEW["both"] + NEW[lang] if not _pattern(v).search(everything)]
    assert not missing, missing
    svgs = "\n".join(text for name, text in texts[lang] if name.endswith(".svg"))
    assert _pattern(NEW[lang][0]).search(svgs) and _pattern("412").search(svgs)
    # the charts of the reader pages (inline SVG, text as text) show the corrected figures
    charts = {name: text for name, text in texts[lang] if name.endswith("(charts)")}
    assert len(charts) == 5 and all(charts.values()), list(charts)
    shown = "\n".join(charts.values())
    missing = [v for v in ("412", "702", "73", NEW[lang][1]) if not _pattern(v).search(shown)]
    assert not missing, missing


def test_the_audit_verdicts_follow_the_correction(rebuilt):
    root, _ = rebuilt
    out = lingyuan(root, "audit", "--format", "json", check=True)
    verdicts = {r["id"]: r for r in json.loads(out.stdout)}
    # 20,000,000 / 28,901 = 692.02, about the 702 reported; 28,901 over the implied ~28,901 is 1.0, not 2.2
    assert verdicts["benefit-per-reached-vs-gain"]["verdict"] == "consistent"
    assert verdicts["projects-per-poor-person"]["verdict"] == "inconsistent"
    assert verdicts["poor-reached-headline-body"]["verdict"] == "inconsistent"
    assert "less than half" not in verdicts["benefit-per-reached-vs-gain"]["note"]
    assert "gives the printed" not in verdicts["projects-per-poor-person"]["note"]


@pytest.mark.parametrize("page, lang", [("data.html", "zh"), ("data.en.html", "en")])
def test_the_data_page_shows_the_corrected_figures(rebuilt, page, lang):
    root, _ = rebuilt
    text = (root / "reports" / page).read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr id="([^"]+)">(.*?)</tr>', text, re.S))
    for figure_id, (old, new) in CORRECTIONS.items():
        row = _html_text(rows[figure_id])
        assert _pattern(new).search(row) and not _pattern(old).search(row), (figure_id, row)
    # a derived value follows its corrected input: 20,000,000 / 28,901 people reached
    derived = _html_text(rows["derived-benefit-per-person"])
    assert _pattern("692.02").search(derived) and not _pattern("318.76").search(derived), derived


def test_the_workbook_holds_the_corrected_figures(rebuilt):
    from openpyxl import load_workbook

    root, _ = rebuilt
    wb = load_workbook(root / "reports" / "data" / "lingyuan-figures.xlsx")
    for sheet in ("数字", "Figures"):
        rows = {r[0]: r for r in wb[sheet].iter_rows(min_row=2, values_only=True)}
        for figure_id, (old, new) in CORRECTIONS.items():
            assert rows[figure_id][4] == Decimal(new) and rows[figure_id][6] == new, rows[figure_id]
            assert new in rows[figure_id][13] and old not in rows[figure_id][13]


# --- no figure typed by hand ----------------------------------------------------------------

def _figure_values() -> set[str]:
    """Every figure's value and printed number, as they would be typed (years, ids and
    one-digit numbers left out: they are words and widths, not findings)."""
    from lingyuan.dataset import load

    tables = load()
    values = set()
    for _fid, value in tables.exact.items():
        d = Decimal(value).normalize()
        plain = format(d, "f")
        if d == d.to_integral_value() and (abs(d) < 100 or 1990 <= d <= 2030):
            continue  # small counts read as widths, sizes and positions; years are dates
        values |= {plain, f"{d:,f}".rstrip("0").rstrip(".") if "." in plain else f"{int(d):,}"}
    for printed in tables.figures["as_reported"]:
        if re.search(r"\d[万亿]|\d\.\d", str(printed)):
            values.add(str(printed).rstrip("%"))
    values.discard("100")  # the base of a percentage (share / 100), not a figure
    return {v for v in values if len(v) > 1 and not re.fullmatch(r"\d{4}", v)}


def _hits(text: str, values: set[str]) -> list[str]:
    return sorted(v for v in values if _pattern(v).search(text))


def test_no_notebook_markdown_holds_a_figure():
    values = _figure_values()
    found = []
    for path in sorted(NOTEBOOKS_DIR.glob("[1-5]0_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                hits = _hits("".join(cell["source"]), values)
                found += [f"{path.name}: {h}" for h in hits]
    assert not found, found


def _docstrings(tree) -> set[int]:
    """ids of the docstring nodes (they document the code with examples; a reader never sees them)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def test_no_string_literal_of_the_analysis_holds_a_figure():
    values = _figure_values()
    found = []
    for path in sorted((PROJECT_ROOT / "lingyuan" / "analysis").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                found += [f"{path.name}:{node.lineno}: {h} in {node.value[:60]!r}" for h in _hits(node.value, values)]
    assert not found, "\n".join(found)
