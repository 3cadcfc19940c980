"""The reports site in a real browser: headless Debian Chromium opens every page of a
small bilingual project built by the runner (tests/site_toy.py), as a reader would
open the folder from a zip: from the file system, with no network and no server.

Skipped only when Chromium is not installed (.ci/run installs Debian's chromium).
This machine has no Chinese font installed system-wide (fc-list :lang=zh is empty),
which is the reader's situation the font test is about.
"""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from site_toy import RUNS, build_site, make_site_project

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}


def _need_chromium():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    _need_chromium()
    root = make_site_project(tmp_path_factory.mktemp("site"))
    summary = build_site(root)
    assert {r.run.name: r.status for r in summary.results} == {name: "ran" for name in RUNS}
    return root / "reports"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _need_chromium()
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield context
        finally:
            context.close()


def pages(reports: Path) -> list[Path]:
    return sorted(reports.glob("*.html"))


class Opened:
    """A page opened from the file system, with what it requested and logged."""

    def __init__(self, browser, path: Path, viewport=None):
        self.path = path
        self.page = browser.new_page()
        if viewport:
            self.page.set_viewport_size(viewport)
        self.requests, self.failed, self.errors = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        response = self.page.goto(path.as_uri(), wait_until="load")
        assert response is None or response.ok, f"{path.name}: did not load"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.page.close()

    def eval(self, script: str):
        return self.page.evaluate(script)


#: every image of the page once it has loaded or failed (lazy ones asked for at once; 10 s at most)
LOADED_IMAGES = """async () => {
    const settle = img => img.complete ? null : new Promise(done => {
        img.addEventListener('load', done, {once: true});
        img.addEventListener('error', done, {once: true});
    });
    const images = Array.from(document.images);
    images.forEach(img => { img.loading = 'eager'; });
    await Promise.race([Promise.all(images.map(settle)), new Promise(done => setTimeout(done, 10000))]);
    return images.map(img => [img.complete, img.naturalWidth]);
}"""


def test_every_page_loads_offline_with_every_link_resolving(browser, reports):
    names = {p.name for p in pages(reports)}
    assert {"index.html", "index.en.html", "build.html", "data.html", "data.en.html"} <= names
    assert len(names) == 5 + 2 * len(RUNS)
    for path in pages(reports):
        with Opened(browser, path) as o:
            remote = [u for u in o.requests if urlparse(u).scheme not in ("file", "data")]
            assert not remote, f"{path.name} fetched from the network: {remote}"
            assert not o.failed, f"{path.name}: failed requests {o.failed}"
            assert not o.errors, f"{path.name}: console errors {o.errors}"
            # previews are lazy-loaded: load them all (a reader scrolls), then see that each arrived
            images = o.eval(LOADED_IMAGES)
            assert all(done and width > 0 for done, width in images), f"{path.name}: broken images"
            assert o.eval("document.fonts.status") == "loaded"
            for href in o.eval("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
                url = urlparse(href)
                assert url.scheme == "file", f"{path.name}: link leaves the folder: {href}"
                assert Path(unquote(url.path)).is_file(), f"{path.name}: link to a missing file {href}"


def test_no_page_scrolls_sideways_on_a_phone(browser, reports):
    for path in pages(reports):
        with Opened(browser, path, PHONE) as o:
            width = o.eval("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path.name} is {width} px wide at {PHONE['width']} px"
    # the wide table scrolls inside its own box
    with Opened(browser, reports / "t10_topic.zh.reader.html", PHONE) as o:
        box = o.eval("""(() => { const t = document.querySelector('table');
            let b = t.parentElement; while (b && getComputedStyle(b).overflowX !== 'auto') b = b.parentElement;
            return b && [b.scrollWidth, b.clientWidth]; })()""")
        assert box and box[0] > box[1], "the table is wider than the phone and scrolls in its box"


@pytest.mark.parametrize("start, other", [
    ("t10_topic.zh.reader.html", "t10_topic.en.reader.html"),
    ("t50_village.en.erangou.html", "t50_village.zh.erangou.html"),
    ("index.html", "index.en.html"),
])
def test_the_language_switch_opens_the_same_page_in_the_other_language(browser, reports, start, other):
    with Opened(browser, reports / start) as o:
        lang = o.eval("document.documentElement.lang")
        o.page.click("a.switch")
        o.page.wait_for_load_state("load")
        assert o.page.url.endswith("/" + other)
        assert o.eval("document.documentElement.lang") != lang
        o.page.click("a.switch")
        o.page.wait_for_load_state("load")
        assert o.page.url.endswith("/" + start)


@pytest.mark.parametrize("front, village, report", [
    ("index.html", "北房身村", "t50_village.zh.beifangshen.reader.html"),
    ("index.en.html", "Er'angou Village", "t50_village.en.erangou.reader.html"),
])
def test_a_reader_finds_a_village_from_the_front_page(browser, reports, front, village, report):
    with Opened(browser, reports / front, PHONE) as o:
        o.page.get_by_role("link", name=village, exact=True).click()
        o.page.wait_for_load_state("load")
        assert o.page.url.endswith("/" + report)
        assert o.page.locator(".jp-InputArea-editor").count() == 0, "the reader version shows no code"
        o.page.click("a.home")
        o.page.wait_for_load_state("load")
        assert o.page.url.endswith("/" + front)


def platform_fonts(o: Opened, selector: str) -> list[dict]:
    """The fonts Chromium drew the text of the first element matching *selector* with."""
    cdp = o.page.context.new_cdp_session(o.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no element {selector}"
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@pytest.mark.parametrize("page, selector", [
    ("index.html", "section#villages .name"),                       # a village name on the zh page
    ("index.en.html", "ul.villages .other"),                        # a Chinese name on the en page
    ("t10_topic.zh.reader.html", ".jp-RenderedHTMLCommon td"),      # a table cell
    ("t10_topic.zh.reader.html", "h1"),                             # a heading
    ("t10_topic.en.reader.html", "a.switch"),                       # the switch to 中文
])
def test_chinese_text_is_drawn_with_the_embedded_font(browser, reports, page, selector):
    with Opened(browser, reports / page) as o:
        families = o.eval("Array.from(document.fonts).map(f => [f.family, f.status])")
        assert ['"Lingyuan CJK"', "loaded"] in families or ["Lingyuan CJK", "loaded"] in families
        fonts = platform_fonts(o, selector)
        custom = [f for f in fonts if f.get("isCustomFont")]
        assert custom and all("Noto Sans CJK SC" in f["familyName"] for f in custom), fonts
        # every Chinese glyph came from the embedded font: nothing else drew CJK
        text = o.eval(f"document.querySelector({selector!r}).textContent")
        cjk = sum(1 for c in text if ord(c) >= 0x2E80)
        assert cjk and sum(f["glyphCount"] for f in custom) >= cjk, (text, fonts)


# --- the charts of the real site ----------------------------------------------------------
#
# The project's own notebooks (one run per topic in each language and five village profiles,
# project_copy.REAL_SITE_RUNS) built once per session in a copy of the project
# (conftest.real_project, shared with test_browser_site.py); each reader page opened at a
# phone's and a laptop's width.

LAPTOP = {"width": 1280, "height": 800}

CHART_TEXT = """() => Array.from(document.querySelectorAll('.chart')).map(chart => {
    const layouts = Array.from(chart.querySelectorAll(':scope > svg')).map(svg => {
        const box = svg.getBoundingClientRect();
        const scale = box.width / svg.viewBox.baseVal.width;  // CSS px per unit of the drawing
        const sizes = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim())
            .map(t => [parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent]);
        return {cls: svg.getAttribute('class'), shown: box.width > 0, width: box.width, sizes,
                texts: Array.from(svg.querySelectorAll('text')).filter(t => !t.closest('.tick'))
                    .map(t => t.textContent),
                links: Array.from(svg.querySelectorAll('a')).map(a => [a.getAttribute('href'),
                    (a.querySelector(':scope > title') || {}).textContent || ''])};
    });
    return {layouts, column: chart.getBoundingClientRect().width};
})"""

#: every link of the page, HTML or SVG, by its href or xlink:href
PAGE_LINKS = """() => Array.from(document.querySelectorAll('a')).map(a =>
    a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || '')"""


def reader_pages(site: Path) -> list[Path]:
    """The reader pages of the topics (in a language; the dataset's page has no chart)."""
    return sorted(p for p in site.glob("*.reader.html") if {"zh", "en"} & set(p.name.split(".")))


def _known_anchors() -> tuple[dict[str, str], set[str]]:
    """figure_id -> evidence (data/processed/figures.csv), and the anchors of the derived
    numbers (every Derived of lingyuan.analysis.derive and every audit check)."""
    import csv
    import inspect

    from lingyuan import DATA_PROCESSED, datalinks
    from lingyuan.analysis import checks, derive
    from lingyuan.dataset import load

    with open(DATA_PROCESSED / "figures.csv", encoding="utf-8", newline="") as fh:
        evidence = {r["figure_id"]: r["evidence"] for r in csv.DictReader(fh)}
    f = derive.figures(load())
    derived = set()
    for _, fn in inspect.getmembers(derive, inspect.isfunction):
        if fn.__module__ == derive.__name__ and list(inspect.signature(fn).parameters)[:1] == ["source"]:
            try:
                made = fn(f)
            except TypeError:  # needs more than the figures
                continue
            for d in made if isinstance(made, list) else [made]:
                if isinstance(d, derive.Derived):
                    derived.add(datalinks.derived_anchor(d.id))
    derived |= {datalinks.derived_anchor(i) for i in checks.check_ids()}
    return evidence, derived


def chart_words(texts: list[str]) -> Counter:
    """The characters of a chart's texts (its tick labels left out: a narrow axis may have
    fewer ticks), however the lines are wrapped."""
    return Counter("".join(texts).replace(" ", ""))


@pytest.fixture(scope="module")
def site_charts(browser, real_site):
    """For each reader page and width: what its charts show (one Chromium visit each)."""
    seen = {}
    for path in reader_pages(real_site):
        for viewport in (PHONE, LAPTOP):
            with Opened(browser, path, viewport) as o:
                assert o.eval("document.fonts.status") == "loaded"
                seen[path.name, viewport["width"]] = o.eval(CHART_TEXT)
                if viewport is PHONE:
                    seen[path.name, "links"] = o.eval(PAGE_LINKS)
    return seen


def test_the_real_site_has_a_reader_page_with_charts_per_topic_and_language(real_site, site_charts):
    from project_copy import VILLAGES

    names = [p.name for p in reader_pages(real_site)]
    assert len(names) == 2 * (4 + len(VILLAGES)), names  # topics 10-40 and the village profiles, zh and en
    for name in names:
        assert site_charts[name, PHONE["width"]], f"{name}: no chart"


@pytest.mark.parametrize("width", [PHONE["width"], LAPTOP["width"]])
def test_the_smallest_chart_text_is_at_least_11_css_px(site_charts, width):
    small = []
    for (name, w), found in site_charts.items():
        if w != width:
            continue
        for i, chart in enumerate(found):
            shown = [layout for layout in chart["layouts"] if layout["shown"]]
            assert len(shown) == 1, f"{name} chart {i}: {len(shown)} layouts shown at {width} px"
            layout = shown[0]
            assert layout["width"] <= chart["column"] + 0.5
            size, text = min(layout["sizes"])
            if size < 11:
                small.append(f"{name} chart {i} ({layout['cls']}): {size:.1f} px {text!r}")
    assert not small, "\n".join(small)


def test_both_layouts_show_the_same_words_and_numbers(site_charts):
    for (name, width), found in site_charts.items():
        if width != PHONE["width"]:
            continue
        for i, chart in enumerate(found):
            wide, narrow = chart["layouts"]
            assert (wide["cls"], narrow["cls"]) == ("chart-wide", "chart-narrow"), name
            assert chart_words(wide["texts"]) == chart_words(narrow["texts"]), f"{name} chart {i}"
            # the same marks link to the same entries (a label on two lines is two links)
            assert {tuple(a) for a in wide["links"]} == {tuple(a) for a in narrow["links"]}, f"{name} chart {i}"


def test_every_chart_mark_links_to_its_entry_on_the_data_page(site_charts):
    evidence, derived = _known_anchors()
    for (name, width), found in site_charts.items():
        if width != PHONE["width"]:
            continue
        page = "data.html" if ".zh." in name else "data.en.html"
        for i, chart in enumerate(found):
            links = chart["layouts"][0]["links"]
            assert links, f"{name} chart {i} links to nothing"
            for href, title in links:
                target, _, anchor = href.partition("#")
                assert target == page, f"{name}: {href}"
                if anchor in evidence:  # a figure: its evidence on hover
                    assert evidence[anchor] in title, f"{name}: {href} has the title {title!r}"
                else:  # a derived number: its arithmetic
                    assert anchor in derived, f"{name}: {href} is no figure and no derived number"
                    assert title.strip(), f"{name}: {href} has no title"


def element_ids(page: Path) -> set[str]:
    """The ids of the elements of the HTML page *page*."""
    from html.parser import HTMLParser

    ids = set()

    class Ids(HTMLParser):
        def handle_starttag(self, tag, attrs):
            ids.update(v for k, v in attrs if k == "id" and v)

    Ids().feed(page.read_text(encoding="utf-8"))
    return ids


def test_every_link_of_a_reader_page_to_the_data_page_lands_on_an_entry(real_site, site_charts):
    from lingyuan.datalinks import DATA_PAGES

    ids = {name: element_ids(real_site / name) for name in DATA_PAGES.values()}
    landed, dangling = 0, []
    for key, hrefs in site_charts.items():
        if key[1] != "links":
            continue
        for href in hrefs:
            target, _, anchor = unquote(href).partition("#")
            if target in ids:
                assert anchor, f"{key[0]}: {href} names no entry"
                if anchor in ids[target]:
                    landed += 1
                else:
                    dangling.append(f"{key[0]}: {href}")
    assert not dangling, f"{len(dangling)} links land on no entry:\n" + "\n".join(sorted(set(dangling))[:40])
    assert landed, "no reader page links to the data page"
