"""HTML renderings of executed notebooks and the reports index (lingyuan.runner.publish).

These build small executed-looking notebooks in memory (with a real PNG output made
by Pillow), so they need no kernel.
"""
from __future__ import annotations

import base64
import io
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from PIL import Image

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
    full = report.render_html(executed, reader=False, title="20_income.en")
    reader = report.render_html(executed, reader=True, title="20_income.en")
    assert "<title>20_income.en</title>" in full
    assert "SECRET_CODE_MARKER" in full
    assert "SECRET_CODE_MARKER" not in reader, "the reader version shows no code"
    for page in (full, reader):
        assert "3 rows" in page
        assert len(re.findall(r"<img[^>]+src=\"data:image/png;base64,", page)) == 2, "charts are embedded"


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
        parser.feed(report.render_html(executed, reader=reader))
        assert len(parser.found) == 2
        assert parser.found[0]["alt"] == alt  # escaped in the page, the same text once parsed
        assert parser.found[0]["src"].startswith("data:image/png;base64,")
        # an image without one gets nbconvert's default, as before
        assert parser.found[1]["alt"] == "No description has been provided for this image"


def test_html_loads_nothing_from_the_network(executed):
    for reader in (False, True):
        page = report.render_html(executed, reader=reader)
        assert report.remote_loads(page) == []
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
    assert report.remote_loads(page)
    cleaned = report.strip_remote(page)
    assert report.remote_loads(cleaned) == []
    assert '<a href="https://example.org">a link stays</a>' in cleaned


def test_thumbnails_are_small_embedded_pngs(executed):
    thumbs = report.thumbnails(executed)
    assert len(thumbs) == 2
    for uri in thumbs:
        assert uri.startswith("data:image/png;base64,")
        with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
            assert image.width <= 220 and image.height <= 150
    assert report.thumbnails(executed, limit=1) == thumbs[:1]
    assert report.thumbnails(new_notebook()) == []


def test_index_lists_every_run_with_links_status_and_data():
    entries = [
        {"name": "20_income.en", "notebook": "notebooks/20_income.ipynb",
         "parameters": {"lang": "en", "formats": ["png", "svg"]}, "status": "ok", "error": None,
         "built_at": "2026-11-28T18:00:00+00:00", "inputs_hash": "ab" * 32,
         "inputs": ["data/processed/figures.csv", "data/processed/income.csv"],
         "links": {"html": "20_income.en.html", "reader": "20_income.en.reader.html",
                   "ipynb": "20_income.en.ipynb"},
         "thumbnails": ["data:image/png;base64,AAAA"]},
        {"name": "30_social_security.zh", "notebook": "notebooks/30_social_security.ipynb",
         "parameters": {"lang": "zh"}, "status": "failed", "error": "cell 4: KeyError: 'x' <b>",
         "built_at": None, "inputs_hash": None, "inputs": [], "links": {}, "thumbnails": []},
    ]
    page = report.index_html(entries)
    assert "<title>Lingyuan figures — reports</title>" in page
    assert '<a href="20_income.en.reader.html">reader</a>' in page
    assert '<a href="20_income.en.html">full</a>' in page
    assert '<a href="20_income.en.ipynb">notebook</a>' in page
    assert "2026-11-28 18:00:00" in page and "abababababab" in page
    assert "data/processed/income.csv" in page
    assert '<img src="data:image/png;base64,AAAA"' in page
    assert "failed" in page and "KeyError: &#x27;x&#x27; &lt;b&gt;" in page, "errors are escaped"
    assert ["png", "svg"].__repr__() not in page and "[&quot;png&quot;, &quot;svg&quot;]" in page
    assert report.remote_loads(page) == [] and "http" not in page
