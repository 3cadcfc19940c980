"""The real site in a real browser: a copy of the project (its notebooks, package and raw
data) is built by ``python -m lingyuan run``, and headless Debian Chromium opens its reader
pages, data pages and front pages at 390 px (a phone) and 1280 px (a laptop).

What a reader relies on: no table wider than its column; Chinese reader pages with at
most 10% Latin letters; no build talk and no doubled word; every figure of a reader table
links to its entry on the data page, which shows its evidence; the data page reads on a
phone and filters where JavaScript runs; and a name from the data is text — a name that is
an iframe, a Markdown link to ``javascript:`` or a ``<meta http-equiv=refresh>`` shows as
those characters and runs nothing, in the reader and full pages of both languages.

Three villages' English names are made hostile in the copy; the build is the project's
analysis notebooks in both languages and the profiles of five villages: the session's
real site (conftest.real_project), shared with test_browser.py's charts.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from lingyuan import LANGS
from project_copy import HOSTILE, VILLAGES, lingyuan
from site_measure import CHROMIUM, WIDTHS, measure, open_browser, problems

pytestmark = [pytest.mark.browser, pytest.mark.notebook]


@pytest.fixture(scope="module")
def site(real_project):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")
    validate = lingyuan(real_project, "validate", timeout=120)
    return real_project / "reports", validate.stdout


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = open_browser(p, tmp_path_factory.mktemp("chromium-profile"))
        try:
            yield context
        finally:
            context.close()


def _lang(path: Path) -> str | None:
    return next((lang for lang in LANGS if f".{lang}." in path.name), None)


def reader_pages(reports: Path) -> list[Path]:
    """Every reader page; the dataset report (00) is one page in both languages."""
    return sorted(reports.glob("*.reader.html"))


def entry_ids(reports: Path) -> set[str]:
    """The ids of the data page's entries (figures, and derived numbers and checks without
    their ``derived-`` prefix): words a reader page never shows as text."""
    ids = set(re.findall(r'<tr id="([^"]+)"', (reports / "data.en.html").read_text(encoding="utf-8")))
    return ids | {i.removeprefix("derived-") for i in ids}


def test_reader_pages_read_on_a_phone_and_a_laptop(site, browser):
    reports, _ = site
    assert len(reader_pages(reports)) == 1 + 2 * (4 + len(VILLAGES))
    # the villages with hostile names are for the test below: a name of 60 characters of
    # markup neither wraps like a name nor reads as Chinese
    pages = [p for p in reader_pages(reports) if not any(f".{v}." in p.name for v in HOSTILE)]
    ids = entry_ids(reports)
    assert len(ids) > 100 and "benefit-per-poor-vs-gain" in ids
    page = browser.new_page()
    found = []
    for path in pages:
        for width in WIDTHS:
            m = measure(page, path, width)
            found += problems(f"{path.name} at {width} px", m, _lang(path), ids)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path.name} scrolls sideways"
    page.close()
    assert not found, "\n".join(found)


#: on a phone: each cross-tabulation (class "cross") as a table, its rows read across (every
#: cell of a row on one line of the page), and no stacked row showing a column's name beside
#: an empty cell
PHONE_TABLES = """() => ({
  cross: Array.from(document.querySelectorAll('table.lingyuan.cross')).map(t => ({
    display: getComputedStyle(t).display, head: t.tHead.getBoundingClientRect().height > 0,
    across: Array.from(t.tBodies[0].rows).every(tr =>
      new Set(Array.from(tr.cells).map(td => Math.round(td.getBoundingClientRect().top))).size === 1)})),
  emptyStacked: Array.from(document.querySelectorAll('table.lingyuan.stack td'))
    .filter(td => td.getClientRects().length && !td.innerText.trim()).length})"""


def test_cross_tabulations_stay_tables_and_stacked_rows_show_no_empty_cell_on_a_phone(site, browser):
    reports, _ = site
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    crosses = {}
    for path in reader_pages(reports):
        page.goto(path.as_uri(), wait_until="load")
        found = page.evaluate(PHONE_TABLES)
        assert not found["emptyStacked"], f"{path.name}: {found['emptyStacked']} empty cells stacked with their names"
        for t in found["cross"]:
            assert t == {"display": "table", "head": True, "across": True}, f"{path.name}: {t}"
        crosses[path.name] = len(found["cross"])
    page.close()
    # the dataset report: rows per raw table, figures per topic and kind, per topic and
    # qualifier, each in both languages; a village profile: the villages of its township
    assert crosses["00_tidy_dataset.reader.html"] == 6, crosses
    assert crosses["50_village_profile.zh.hezhangzi.reader.html"] == 1, crosses


def test_the_audit_links_its_computed_and_expected_numbers_with_their_units(site, browser):
    reports, _ = site
    page = browser.new_page()
    for lang in LANGS:
        page.goto((reports / f"40_audit.{lang}.reader.html").as_uri(), wait_until="load")
        rows = page.evaluate("""() => Array.from(document.querySelector('table.lingyuan').tBodies[0].rows)
            .map(tr => [Array.from(tr.querySelectorAll('a')).map(a => a.href).slice(0, 1),
                        Array.from(tr.querySelectorAll('td.num:not(.own)')).map(td =>
                            [td.innerText.trim(), Array.from(td.querySelectorAll('a')).map(a => a.href)])])""")
        assert len(rows) > 25
        numbers = 0
        for check_link, cells in rows:
            assert check_link and "#derived-" in check_link[0], check_link  # the check's own entry
            assert _entry(browser, Path(check_link[0].split("#")[0].removeprefix("file://")),
                          check_link[0].split("#", 1)[1]), check_link
            for text, links in cells:
                if not text:
                    continue
                numbers += 1
                assert len(links) == 1, f"{lang}: {text!r} links to {links}"
                target, anchor = links[0].split("#", 1)
                assert _entry(browser, Path(target.removeprefix("file://")), anchor), f"{lang}: {links[0]}"
                # a number with its unit or sign (户, people, ¥, %), not a bare number
                assert re.search(r"[^\d\s.,~≥≤]", text), f"{lang}: {text!r} has no unit"
        assert numbers > 50, numbers
        # every row of the page's other tables (the failures, the two checks read together)
        # is named by its check's title, as in the table of all checks
        names = page.evaluate("""() => Array.from(document.querySelectorAll('table.lingyuan')).map(t =>
            Array.from(t.tBodies[0].rows).map(tr => (tr.querySelector('a') || {}).textContent || ''))""")
        assert len(names) == 3 and all(names[1:]), names
        assert set(names[1] + names[2]) <= set(names[0]), names
    page.close()


#: per table cell showing a number that is not a count, rank or audit arithmetic (class
#: "own"): the links of its cell, else of its row; a row of several such numbers needs one
#: link per cell (each number its own entry)
FIGURE_CELLS = """() => Array.from(document.querySelectorAll('table.lingyuan tbody tr')).flatMap(tr => {
  const cells = Array.from(tr.querySelectorAll('td.num:not(.own)')).filter(td => td.innerText.trim());
  const row = Array.from(tr.querySelectorAll('a')).map(a => a.href);
  return cells.map(td => {
    const own = Array.from(td.querySelectorAll('a')).map(a => a.href);
    return [td.innerText.trim(), own.length ? own : (cells.length > 1 ? [] : row)];
  });
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_of_a_reader_table_links_to_its_evidence(site, browser, lang):
    reports, _ = site
    page = browser.new_page()
    checked = 0
    for path in reader_pages(reports):
        if _lang(path) not in (lang, None):
            continue
        page.goto(path.as_uri(), wait_until="load")
        bare = [text for text, links in page.evaluate(FIGURE_CELLS) if not links]
        assert not bare, f"{path.name}: figures without a link to the data page: {bare}"
        hrefs = page.evaluate("Array.from(document.querySelectorAll('table.lingyuan a')).map(a => a.href)")
        for href in hrefs:
            assert "#" in href, href
            target, anchor = href.split("#", 1)
            data = Path(target.removeprefix("file://"))
            if _lang(path) is None:  # the page in both languages: each table links its language's page
                if data.name != {"zh": "data.html", "en": "data.en.html"}[lang]:
                    continue
            else:
                assert data.name == {"zh": "data.html", "en": "data.en.html"}[lang], href
            shown = _entry(browser, data, anchor)
            assert shown, f"{path.name}: {href} lands on no entry"
            checked += 1
    page.close()
    assert checked > 50, checked


_ENTRIES: dict = {}


def _entry(browser, data: Path, anchor: str) -> str:
    """The text of the data page's element *anchor* (its evidence, or its inputs)."""
    if data not in _ENTRIES:
        page = browser.new_page()
        page.goto(data.as_uri(), wait_until="load")
        _ENTRIES[data] = page.evaluate("""Object.fromEntries(Array.from(document.querySelectorAll('tr[id]'))
            .map(tr => [tr.id, (tr.querySelector('q.evidence') || tr.querySelector('.inputs') || {}).textContent]))""")
        page.close()
    return (_ENTRIES[data].get(anchor) or "").strip()


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_page_lists_every_figure_and_reads_on_a_phone(site, browser, lang):
    reports, _ = site
    path = reports / {"zh": "data.html", "en": "data.en.html"}[lang]
    with open(reports / "data" / "figures.csv", encoding="utf-8", newline="") as fh:
        figures = list(csv.DictReader(fh))
    page = browser.new_page()
    for width in WIDTHS:
        m = measure(page, path, width)
        assert not m["wide"], f"{path.name} at {width} px: tables {m['wide']} wider than {m['column']} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert not [w for w in problems(path.name, m, None) if "doubled" in w]
        # a figure of a headline is "in the headline", not in a paragraph 0
        assert not re.search(r"第0段|paragraph 0\b", m["text"]), f"{path.name} names a paragraph 0"
    rows = page.evaluate("Object.fromEntries(Array.from(document.querySelectorAll('tr[id]')).map("
                         "tr => [tr.id, tr.innerText]))")
    for f in figures:
        assert f["figure_id"] in rows, f["figure_id"]
        assert f["evidence"] in rows[f["figure_id"]] and f["section"] in rows[f["figure_id"]]
    assert any(k.startswith("derived-") for k in rows)
    # the filter box, where JavaScript runs
    evidence = figures[5]["evidence"]
    page.fill("#filter input", evidence)
    visible = page.evaluate("Array.from(document.querySelectorAll('tr[id]')).filter(tr => !tr.hidden).map(tr => tr.id)")
    assert figures[5]["figure_id"] in visible and len(visible) < len(rows) // 4, visible
    page.close()


@pytest.mark.parametrize("front, data", [("index.html", "data.html"), ("index.en.html", "data.en.html")])
def test_the_front_pages_link_the_data_page_and_the_workbook(site, browser, front, data):
    reports, _ = site
    page = browser.new_page()
    page.goto((reports / front).as_uri(), wait_until="load")
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    assert data in hrefs and "data/lingyuan-figures.xlsx" in hrefs
    assert (reports / "data" / "lingyuan-figures.xlsx").stat().st_size > 10_000
    page.close()


def test_validate_warns_on_the_hostile_names(site):
    _, validate = site
    for eid in HOSTILE:
        assert "name_en: warning:" in validate and repr(HOSTILE[eid][:60]) in validate, validate
    assert validate.strip().splitlines()[-1].startswith("OK:")


def test_a_hostile_name_shows_as_text_and_runs_nothing(site, browser):
    reports, _ = site
    paths = [reports / f"50_village_profile.{lang}.{v}{kind}.html" for v in HOSTILE for lang in LANGS
             for kind in (".reader", "")]
    paths += [reports / "data.html", reports / "data.en.html", reports / "index.en.html"]
    for path in paths:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        assert not dialogs, f"{path.name}: a script ran ({dialogs})"
        assert page.url == path.as_uri(), f"{path.name}: the page went to {page.url}"
        assert page.evaluate("document.querySelectorAll('iframe, body meta, a[href^=\"javascript\"]').length") == 0
        text = page.evaluate("document.body.innerText")
        if ".en." in path.name or path.name.endswith(".en.html"):
            shown = [name for eid, name in HOSTILE.items() if eid in path.name or "village" not in path.name]
            for name in shown:
                assert " ".join(name.split()) in " ".join(text.split()), f"{path.name}: {name!r} not shown as text"
        page.close()
