"""HTML renderings of executed notebooks and the reports index (lingyuan.runner.publish).

These build small executed-looking notebooks in memory (with a real PNG output made
by Pillow), so they need no kernel.
"""
from __future__ import annotations

import base64
import html
import io
import os
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from PIL import Image

from lingyuan.runner import pages, webfont
from lingyuan.runner import publish as report


def png_bytes(size=(640, 400), color=(31, 119, 180)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def executed():
    """A notebook as papermill leaves it: markdown, code with text and chart outputs."""
    chart = base64.b64encode(png_bytes()).decode("ascii")
    nb = new_notebook(cells=[
        new_markdown_cell("# Income\nPer-capita income, see [the source](https://example.org/page)."),
        new_code_cell("totals = compute_totals()  # SECRET_CODE_MARKER", execution_count=1,
                      outputs=[new_output("stream", name="stdout", text="3 rows\n")]),
        new_code_cell("plot(totals)", execution_count=2, outputs=[
            new_output("display_data", data={"image/png": chart, "text/plain": "<Figure>"}),
            new_output("display_data", data={"image/png": base64.b64encode(png_bytes((300, 300), (200, 80, 40)))
                                             .decode("ascii"), "text/plain": "<Figure>"}),
        ]),
    ])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.validate(nb)
    return nb


def test_full_and_reader_html(executed):
    full = pages.render_html(executed, reader=False, title="20_income.en")
    reader = pages.render_html(executed, reader=True, title="20_income.en")
    # no chart title and no generated finding: the notebook's heading names the page
    assert "<title>Income — Lingyuan figures</title>" in full
    assert "SECRET_CODE_MARKER" in full
    assert "SECRET_CODE_MARKER" not in reader, "the reader version shows no code"
    for page in (full, reader):
        assert "3 rows" in page
        assert len(re.findall(r"<img[^>]+src=\"data:image/png;base64,", page)) == 2, "charts are embedded"
    assert 'href="20_income.en.reader.html"' in full and 'href="20_income.en.html"' in reader


def test_a_chart_with_alternative_text_keeps_it_in_both_versions(executed):
    alt = "累计358个产业项目带动贫困人口62744人 <& \"quoted\">"
    executed.cells[2].outputs[0].metadata = {"image/png": {"alt": alt}}
    from html.parser import HTMLParser

    class Images(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.found.append(dict(attrs))

    for reader in (False, True):
        parser = Images()
        parser.feed(pages.render_html(executed, reader=reader))
        assert len(parser.found) == 2
        assert parser.found[0]["alt"] == alt  # escaped in the page, the same text once parsed
        assert parser.found[0]["src"].startswith("data:image/png;base64,")
        # an image without one gets nbconvert's default, as before
        assert parser.found[1]["alt"] == "No description has been provided for this image"


def test_a_page_is_the_document_nbconverts_own_exporter_makes(executed, monkeypatch):
    """The page skips nbconvert's last pass (BeautifulSoup parsing and writing out the whole
    page, half of its rendering) and makes that pass's edits on the text: parsed as that pass
    parses it, it is byte for byte nbconvert's own page, charts, escaped text and all."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from bs4 import BeautifulSoup

    from lingyuan.analysis import chartfiles

    fig, ax = plt.subplots()
    ax.bar(["a & b", "<c>", "é"], [1, 3, 2])
    ax.set_title("Income “quoted” & <escaped>")
    svg = io.BytesIO()
    fig.savefig(svg, format="svg")
    plt.close(fig)
    chart = chartfiles.chart_html(svg.getvalue(), svg.getvalue(), stem="t", alt="a chart", titles={})
    executed.cells[2].outputs[0].data[chartfiles.CHART_MIME] = chart
    executed.cells[2].outputs[1].data[chartfiles.CHART_MIME] = chart.replace("<c>", "<d>")
    ours = {reader: pages.render_html(executed, reader=reader) for reader in (False, True)}
    monkeypatch.setattr(pages, "_export", lambda exporter, nb, resources: exporter.from_notebook_node(
        nb, resources=resources)[0])
    for reader in (False, True):
        assert ours[reader].count("<svg") == 4
        assert str(BeautifulSoup(ours[reader], features="html.parser")) == pages.render_html(executed, reader=reader)


@pytest.mark.parametrize("page, edited", [
    # an image without alternative text gets nbconvert's default; one with it is left alone
    ('<p><img src="a.png"></p>', f'<p><img src="a.png" alt="{pages.MISSING_ALT}"></p>'),
    ('<img src="a.png"/>', f'<img src="a.png" alt="{pages.MISSING_ALT}"/>'),
    ('<img alt="a chart" src="a.png">', '<img alt="a chart" src="a.png">'),
    ('<img title="x > y" src="a.png">', f'<img title="x > y" src="a.png" alt="{pages.MISSING_ALT}">'),
    # inputs and outputs are focusable inside a .jp-Notebook only
    ('<main class="jp-Notebook"><div class="jp-Cell-inputWrapper"><div class="jp-OutputArea-output x">'
     '<div class="jp-OutputArea-outputs">',
     '<main class="jp-Notebook"><div class="jp-Cell-inputWrapper" tabindex="0">'
     '<div class="jp-OutputArea-output x" tabindex="0"><div class="jp-OutputArea-outputs">'),
    ('<main class="wrap jp-Notebook-cell"><div class="jp-Cell-inputWrapper">',
     '<main class="wrap jp-Notebook-cell"><div class="jp-Cell-inputWrapper">'),
    ('<div class="jp-Cell-inputWrapper"></div><main class="jp-Notebook">',
     '<div class="jp-Cell-inputWrapper"></div><main class="jp-Notebook">'),
    ('<div class="jp-Notebook"><div tabindex="-1" class="jp-OutputArea-output">',
     '<div class="jp-Notebook"><div tabindex="-1" class="jp-OutputArea-output">'),
])
def test_the_edits_of_nbconverts_last_pass_are_made_on_the_text(page, edited):
    from bs4 import BeautifulSoup

    assert pages.accessible(page) == edited
    # and nbconvert's pass (BeautifulSoup) finds nothing more to edit
    soup = BeautifulSoup(edited, features="html.parser")
    assert not soup.select("img:not([alt])")
    assert all(e.get("tabindex") for e in soup.select(".jp-Notebook div.jp-Cell-inputWrapper, "
                                                        ".jp-Notebook div.jp-OutputArea-output"))


def test_characters_beyond_ascii_are_written_as_characters_outside_scripts_and_styles():
    page = ('<h1 id="a">10 &#183; &#25910;&#x5165; &#60;b&#62; &amp; &#x1F600;</h1>'
            '<style>p::after { content: "&#25910;"; }</style><script>s = "&#25910;";</script>')
    assert pages.plain_characters(page) == (
        '<h1 id="a">10 · 收入 &#60;b&#62; &amp; \U0001F600</h1>'
        '<style>p::after { content: "&#25910;"; }</style><script>s = "&#25910;";</script>')


def test_html_loads_nothing_from_the_network(executed):
    for reader in (False, True):
        page = pages.render_html(executed, reader=reader)
        assert pages.remote_loads(page) == []
        assert not re.search(r"<script[^>]+src=", page), "no external script at all"
        assert not re.search(r"<link[^>]+href=", page), "no external stylesheet at all"
        # the only http(s) address left is the notebook's own link, which is not fetched
        addresses = set(re.findall(r"https?://[^\s\"'<>)]+", page))
        assert addresses == {"https://example.org/page"}


def test_strip_remote_removes_cdn_scripts_and_styles():
    page = ('<script src="https://cdn.example/require.js"></script>'
            '<link rel="stylesheet" href="https://cdn.example/a.css">'
            '<style>@import url("https://fonts.example/f.css"); /* see https://x.example */ '
            'body { background: url(https://img.example/b.png) }</style>'
            '<a href="https://example.org">a link stays</a>')
    assert pages.remote_loads(page)
    cleaned = pages.strip_remote(page)
    assert pages.remote_loads(cleaned) == []
    assert '<a href="https://example.org">a link stays</a>' in cleaned


def test_previews_are_small_pngs_fitted_into_their_box():
    small = pages.fitted_png(png_bytes((640, 400)), (220, 150))
    with Image.open(io.BytesIO(small)) as image:
        assert image.format == "PNG" and image.width <= 220 and image.height <= 150
        assert image.width == 220 or image.height == 150, "fitted, not shrunk further"
    assert pages.fitted_png(b"not a picture", (220, 150)) is None




# ---------------------------------------------------------------------------
# Pages of a bilingual notebook (cells tagged lang-zh / lang-en and build)
# ---------------------------------------------------------------------------

CHART_ALT = {"zh": "示例村的收入增长最快。单位：元", "en": "The example village's income grew fastest. yuan"}


def bilingual(lang: str):
    """An executed-looking run of the site toy's topic notebook in *lang*."""
    import site_toy

    nb = site_toy.topic_notebook()
    nb.metadata.papermill = {"parameters": {"lang": lang, "data_dir": "/somewhere/data/processed"},
                             "input_path": "/somewhere/notebooks/t10_topic.ipynb"}
    injected = new_code_cell(f'lang = "{lang}"\ndata_dir = "/somewhere/data/processed"\n',
                             metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(3, injected)
    build = next(c for c in nb.cells if "build" in c.metadata.get("tags", []))
    build.outputs = [new_output("stream", name="stdout", text=f"{site_toy.BUILD_MARKER}: ok\n")]
    chart = next(c for c in nb.cells if site_toy.CODE_MARKER in c.source)
    chart.outputs = [
        new_output("display_data", data={"image/png": base64.b64encode(png_bytes()).decode("ascii"),
                                         "text/plain": "<Image>"},
                   metadata={"image/png": {"alt": CHART_ALT[lang]}}),
        new_output("display_data", data={"text/markdown": "**发现**：示例村领先。" if lang == "zh"
                                         else "**Finding:** the example village leads.",
                                         "text/plain": "<Markdown>"}),
        new_output("stream", name="stderr", text="SomeWarning: developer noise\n"),
    ]
    return nb


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_page_is_in_the_run_language_with_its_finding_as_title(lang):
    import site_toy

    nb = bilingual(lang)
    other = "en" if lang == "zh" else "zh"
    names = [f"t10_topic.{lang}", f"t10_topic.{other}"]
    for reader in (True, False):
        page = pages.render_html(nb, reader=reader, title=f"t10_topic.{lang}", names=names)
        assert f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">' in page
        title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))
        assert title.startswith(site_toy.FINDING[lang] + " — ")
        heading = {"zh": "10 · 收入：示例专题", "en": "10 · Income: an example topic"}
        assert heading[lang] in page and heading[other] not in page, "only the run's language"
        # the header: back to the front page of the language, and the same report in the other one
        home = {"zh": "index.html", "en": "index.en.html"}[lang]
        suffix = ".reader.html" if reader else ".html"
        assert f'class="home" href="{home}"' in page
        assert f'class="switch" href="t10_topic.{other}{suffix}"' in page
        assert ("SomeWarning" in page) == (not reader), "stderr is for the full version"
        assert (site_toy.BUILD_MARKER in page) == (not reader), "build cells are for the full version"
        notice = "This is the full version" in page or "这是完整版" in page
        assert notice == (not reader), "the full version says so"
        assert pages.remote_loads(page) == []
    full = pages.render_html(nb, reader=False, title=f"t10_topic.{lang}", names=names)
    assert "/somewhere/" not in full.split("<main", 1)[1].split("</main>")[0].replace(
        "/somewhere/notebooks", ""), "the injected parameters show paths relative to the project"


def test_without_the_other_language_the_switch_goes_to_its_front_page():
    page = pages.render_html(bilingual("en"), reader=True, title="t10_topic.en", names=["t10_topic.en"])
    assert 'class="switch" href="index.html"' in page


def test_a_notebook_without_tags_keeps_every_cell(executed):
    executed.metadata.papermill = {"parameters": {"lang": "zh"}}
    page = pages.render_html(executed, reader=True, title="20_income.zh")
    assert "Per-capita income" in page and "3 rows" in page
    assert '<html lang="zh-Hans">' in page


def test_counterpart_swaps_the_language_part_of_a_run_name():
    assert pages.counterpart("20_income.en", "en") == "20_income.zh"
    assert pages.counterpart("50_village_profile.zh.erangou", "zh") == "50_village_profile.en.erangou"
    assert pages.counterpart("50_village_profile.zh.erangou", "zh", names=["x"]) is None
    assert pages.counterpart("00_tidy_dataset", None) is None
    assert pages.counterpart("00_tidy_dataset", "zh") is None


def test_the_embedded_font_holds_the_chinese_glyphs_of_the_page(tmp_path):
    from fontTools.ttLib import TTFont

    page = pages.render_html(bilingual("zh"), reader=True, title="t10_topic.zh", font_cache=tmp_path)
    match = re.search(r'font-family: "Lingyuan CJK";[^}]*url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)', page)
    assert match, "a Chinese page carries its font as a data: URL"
    font = TTFont(io.BytesIO(base64.b64decode(match.group(1))))
    cmap = font.getBestCmap()
    needed = webfont.cjk_chars(webfont.page_text(page))
    assert "收" in needed and "村" in needed
    assert [c for c in needed if ord(c) not in cmap] == []
    assert len(cmap) < 2 * len(needed) + 20, "a subset, not the whole font"
    assert list(tmp_path.glob("*.woff2")), "subsets are cached by their glyphs"
    english = pages.render_html(executed_english(), reader=True, title="x.en", font_cache=tmp_path)
    # only the language switch is Chinese (with the dot and dash beside it)
    assert set(webfont.cjk_chars(webfont.page_text(english))) <= set("中文·—")
    small = re.search(r"base64,([A-Za-z0-9+/=]+)\) format", english).group(1)
    assert len(small) < 4000, "so its font holds a few glyphs"
    assert webfont.font_face_css("Only English") == ""


def test_a_font_subset_has_the_same_bytes_whenever_it_is_cut(tmp_path):
    """The subset keeps the source font's time stamp (fontTools would write the time of
    cutting into head.modified): a page built on another day, or in another folder with
    no cache, is the same bytes."""
    from fontTools.ttLib import TTFont

    from lingyuan.fonts import font_path

    first = webfont.font_subset("凌源市扶贫", cache_dir=tmp_path / "a")
    font = TTFont(io.BytesIO(first))
    assert font["head"].modified == TTFont(str(font_path()), lazy=True)["head"].modified
    assert webfont.font_subset("凌源市扶贫", cache_dir=tmp_path / "b") == first


def executed_english():
    nb = new_notebook(cells=[new_markdown_cell("# Plain\nOnly English here.")])
    nb.metadata.papermill = {"parameters": {"lang": "en"}}
    return nb


# ---------------------------------------------------------------------------
# The site's own pages
# ---------------------------------------------------------------------------

def _links(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#]+)"', page)


def _site(root):
    """A reports folder under *root* with the executed runs of the site toy (made in memory)
    and the runner's entries for them: (root, reports, entries); write_site not yet called."""
    import shutil

    import site_toy

    reports = root / "reports"
    reports.mkdir(parents=True)
    shutil.copytree(site_toy.DATA, root / "data" / "processed")
    entries = []
    for lang in ("zh", "en"):
        nb = bilingual(lang)
        name = f"t10_topic.{lang}"
        nbformat.write(nb, reports / f"{name}.ipynb")
        for reader, suffix in ((True, ".reader.html"), (False, ".html")):
            (reports / f"{name}{suffix}").write_text(pages.render_html(nb, reader=reader, title=name), "utf-8")
        entries.append({"name": name, "notebook": "notebooks/t10_topic.ipynb", "status": "ok",
                        "parameters": {"lang": lang, "data_dir": "data/processed"},
                        "built_at": "2026-11-28T18:00:00+00:00", "inputs_hash": "ab" * 32,
                        "inputs": ["data/processed/figures.csv"], "error": None,
                        "links": {"ipynb": f"{name}.ipynb", "html": f"{name}.html", "reader": f"{name}.reader.html"}})
    for lang in ("zh", "en"):
        for village in ("beifangshen", "erangou"):
            entries.append({"name": f"t50_village.{lang}.{village}", "notebook": "notebooks/t50_village.ipynb",
                            "status": "failed", "error": "cell 2: KeyError: 'x' <b>", "links": {},
                            "parameters": {"lang": lang, "village": village, "data_dir": "data/processed"}})
    return root, reports, entries


@pytest.fixture
def site(tmp_path):
    """:func:`_site` in the test's folder, write_site not yet called."""
    return _site(tmp_path / "project")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """:func:`_site` once write_site has written it, for the tests that only read the pages."""
    root, reports, entries = _site(tmp_path_factory.mktemp("written") / "project")
    report.write_site(reports, entries, root=root)
    return root, reports, entries


def test_front_pages_list_topics_with_findings_and_villages_by_name(written):
    import site_toy

    root, reports, entries = written
    zh = (reports / "index.html").read_text(encoding="utf-8")
    en = (reports / "index.en.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in zh and '<html lang="en">' in en
    assert 'class="switch" href="index.en.html"' in zh and 'class="switch" href="index.html"' in en
    assert site_toy.FINDING["zh"] in zh and site_toy.FINDING["en"] not in html.unescape(zh)
    assert site_toy.FINDING["en"] in html.unescape(en)
    assert '<img src="img/t10_topic.zh.png"' in zh and (reports / "img" / "t10_topic.zh.png").is_file()
    with Image.open(reports / "img" / "t10_topic.zh.png") as image:
        assert image.width >= 600, "a preview one can read"
    # villages by name in the page's language, the other name beside it, and the township
    for text in ("北房身村", "Beifangshen Village", "宋杖子镇", "二安沟村"):
        assert text in zh
    assert "Songzhangzi Town" in en and "Beifangshen Village" in en
    # about the data: the source and the data package, copied beside the pages
    assert "本报" in zh and (reports / "data" / "figures.csv").read_bytes() == \
        (root / "data" / "processed" / "figures.csv").read_bytes()
    for page in (zh, en):
        assert "@font-face" in page and pages.remote_loads(page) == []
        assert "t10_topic.zh.ipynb" not in page and "ab" * 6 not in page, "build details are not for readers"
        for link in _links(page):
            if not link.startswith("data:"):
                assert (reports / link).is_file(), f"{link}: missing"


def test_a_run_that_drew_the_same_chart_again_keeps_its_preview(site):
    """A notebook executed again (a new file) with the same first chart keeps the preview
    as it was; another chart, or a preview changed on disk, gets a new one."""
    root, reports, entries = site
    report.write_site(reports, entries, root=root)
    preview = reports / "img" / "t10_topic.zh.png"
    before = preview.read_bytes()
    preview_stat = preview.stat().st_mtime_ns
    ipynb = reports / "t10_topic.zh.ipynb"
    nb = nbformat.read(ipynb, as_version=4)
    nbformat.write(nb, ipynb)   # executed again: a new file, the same chart
    os.utime(ipynb, ns=(ipynb.stat().st_mtime_ns + 10**9,) * 2)
    report.write_site(reports, entries, root=root)
    assert preview.stat().st_mtime_ns == preview_stat and preview.read_bytes() == before

    preview.write_bytes(b"not a png")   # and the run again
    os.utime(ipynb, ns=(ipynb.stat().st_mtime_ns + 10**9,) * 2)
    report.write_site(reports, entries, root=root)
    assert preview.read_bytes() == before

    for cell in nb.cells:   # another chart
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output["data"]["image/png"] = base64.b64encode(png_bytes((640, 400), (200, 80, 40))).decode("ascii")
    nbformat.write(nb, ipynb)
    os.utime(ipynb, ns=(ipynb.stat().st_mtime_ns + 10**9,) * 2)
    report.write_site(reports, entries, root=root)
    assert preview.read_bytes() != before
    with Image.open(preview) as image:
        assert image.getpixel((image.width // 2, image.height // 2)) == (200, 80, 40)


def test_build_page_keeps_the_maintainers_details(written):
    root, reports, entries = written
    page = (reports / "build.html").read_text(encoding="utf-8")
    assert "2026-11-28 18:00:00" in page and "ab" * 6 in page and "data/processed/figures.csv" in page
    assert page.count("data/processed/figures.csv") == 1, "an input list is shown once"
    assert "KeyError: &#39;x&#39; &lt;b&gt;" in page, "errors are escaped"
    assert '<a href="t10_topic.zh.ipynb" download>' in page
    assert re.search(r"t10_topic\.zh\.reader\.html\">reader</a> <span class=\"small\">\d+ KB", page)


def test_a_second_write_reads_no_notebook_and_changes_nothing(site):
    import os

    root, reports, entries = site
    report.write_site(reports, entries, root=root)
    pages = {p: p.read_bytes() for p in reports.glob("*.html")}
    stamps = {p: p.stat().st_mtime_ns for p in pages}
    # the notebook's bytes change behind the cache's back, size and time kept: not read again
    ipynb = reports / "t10_topic.zh.ipynb"
    st = ipynb.stat()
    ipynb.write_bytes(b" " * st.st_size)
    os.utime(ipynb, ns=(st.st_atime_ns, st.st_mtime_ns))
    report.write_site(reports, entries, root=root)
    assert {p: p.read_bytes() for p in pages} == pages
    assert {p: p.stat().st_mtime_ns for p in pages} == stamps, "unchanged pages are not rewritten"


def test_index_html_from_the_entries_alone():
    entries = [{"name": "20_income.en", "notebook": "notebooks/20_income.ipynb", "parameters": {"lang": "en"},
                "links": {"reader": "20_income.en.reader.html", "html": "20_income.en.html"}}]
    page = report.index_html(entries, lang="en")
    assert '<a href="20_income.en.reader.html">Read the report</a>' in page
    assert pages.remote_loads(page) == [] and "http" not in page
