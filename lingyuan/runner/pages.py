"""The report pages: one executed notebook as one self-contained page of the site.

- ``render_html(nb, reader=..., name=..., names=...)``: in this process (nbconvert's
  HTMLExporter with the template ``templates/lingyuan_report``, ~0.1 s a page once
  warm). The page is in the run's language (``lang`` parameter): markdown cells
  tagged ``lang-zh`` / ``lang-en`` of the other language are left out. The *reader*
  version also leaves out the code, the cells tagged ``build`` (parameter checks,
  file lists), stderr and code cells without output; the *full* version keeps them
  and says so. Each page has its finding as title, a header with the way back and a
  switch to the same report in the other language, and carries its own font
  (``lingyuan.runner.webfont``: a WOFF2 subset of Noto Sans CJK SC with the glyphs
  the page uses, embedded as a data: URL). Nothing is loaded from the network.
- ``summarize(nb)``: what the site says about a run (topic, finding, first chart).
- ``fitted_png(data, box)``: a chart fitted into a box, for the site's previews.

nbconvert and Pillow are imported only when a page or a picture is made.
"""
from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import secrets
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from lingyuan import LANGS
from lingyuan.analysis.params import CHART_MIME
from lingyuan.runner.results import INDEX_FILES
from lingyuan.runner.webfont import with_font

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_TEMPLATE = "lingyuan_report"

_local = threading.local()

# what would make a browser fetch something from the network
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_REMOTE_IMPORT = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//[^;]*;", re.I)
_CSS_COMMENT_URL = re.compile(r"/\*(?:(?!\*/).)*?https?://(?:(?!\*/).)*\*/", re.S)
_REMOTE_URL_CSS = re.compile(r"url\(\s*[\"']?(?:https?:)?//[^)]*\)", re.I)


@lru_cache(maxsize=1)
def words() -> dict[str, dict[str, str]]:
    """The site's own words (headings, link labels), by language."""
    return json.loads((TEMPLATES / "site" / "words.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Reading an executed notebook
# ---------------------------------------------------------------------------

def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def run_language(nb, default: str | None = None) -> str | None:
    """The run's language: its ``lang`` parameter as papermill recorded it."""
    params = nb.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {}
    lang = params.get("lang", default)
    return lang if lang in LANGS else default


def keep_cell(cell, lang: str | None, reader: bool) -> bool:
    """Whether *cell* belongs in the *lang* page (reader or full version).

    Cells tagged with another language's ``lang-xx`` are left out of both versions;
    cells tagged ``build`` only out of the reader version. Untagged cells stay.
    """
    tags = _tags(cell)
    if lang and any(t.startswith("lang-") and t != f"lang-{lang}" for t in tags):
        return False
    return not (reader and "build" in tags)


def _reader_outputs(cell) -> list:
    return [o for o in cell.get("outputs", []) or []
            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]


def page_notebook(nb, lang: str | None, reader: bool, root: str | None = None):
    """A copy of *nb* holding what the page shows (see :func:`keep_cell`)."""
    out = copy.copy(nb)
    cells = []
    for cell in nb.get("cells", []):
        if not keep_cell(cell, lang, reader):
            continue
        if cell.get("cell_type") == "code":
            cell = copy.copy(cell)
            if reader:
                cell["outputs"] = _reader_outputs(cell)
                if not cell["outputs"]:
                    continue
            elif root and "injected-parameters" in _tags(cell):
                # the project's absolute paths mean nothing to a reader: show them relative
                cell["source"] = _text(cell.get("source")).replace(root.rstrip("/") + "/", "")
        cells.append(cell)
    out["cells"] = cells
    return out


def _project_root(nb) -> str | None:
    """The project root of the run (the notebook's folder's parent), from papermill's record."""
    path = nb.get("metadata", {}).get("papermill", {}).get("input_path")
    return str(Path(path).resolve().parent.parent) if path else None


def _first_line(markdown: str) -> str:
    for line in markdown.splitlines():
        line = re.sub(r"^[#>*\-\s]+", "", line).strip()
        line = re.sub(r"\*\*|__|`", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        if line:
            return line
    return ""


def topic_name(heading: str) -> str:
    """"20 · Income: per-capita gains ..." -> "Income" (the notebook's title, short)."""
    name = re.sub(r"^\s*\d+\s*[·.\-–—:]\s*", "", heading)
    return re.split(r"[:：]", name, maxsplit=1)[0].strip() or heading


def finding_of_alt(alt: str) -> str:
    """The chart's title, the first part of its alternative text (title, then subtitle)."""
    for sep in ("。", ". "):
        if sep in alt:
            return alt.split(sep, 1)[0].strip()
    return alt.strip()


def summarize(nb, lang: str | None = None) -> dict[str, Any]:
    """What the site says about a run: its language, topic (the notebook's first
    heading), finding (the title of its first chart, else its first generated
    finding, else the heading) and first chart."""
    lang = lang or run_language(nb)
    heading, alt, generated, chart = "", "", "", None
    for cell in nb.get("cells", []):
        if not keep_cell(cell, lang, reader=True):
            continue
        if cell.get("cell_type") == "markdown" and not heading:
            source = _text(cell.get("source"))
            match = re.search(r"^#\s+(.+)$", source, re.M)
            if match:
                heading = match.group(1).strip()
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if "text/markdown" in data and not generated:
                generated = _first_line(_text(data["text/markdown"]))
            if "image/png" in data and chart is None:
                chart = _text(data["image/png"])
                meta = (output.get("metadata") or {}).get("image/png") or {}
                alt = meta.get("alt", "") if isinstance(meta, dict) else ""
    finding = finding_of_alt(alt) if alt else generated or topic_name(heading)
    return {"lang": lang, "heading": heading, "topic": topic_name(heading) if heading else "",
            "finding": finding, "alt": alt, "chart": chart}


# ---------------------------------------------------------------------------
# Report pages
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Charts past nbconvert's BeautifulSoup pass
# ---------------------------------------------------------------------------
#
# nbconvert's HTMLExporter parses every page it made with BeautifulSoup (to give an
# image without alternative text a default one and inputs and outputs a tabindex) and
# writes the page out again as BeautifulSoup does: two thirds of a page's rendering
# time, most of it in the charts' inline SVG (half of a page's tags), which the full
# and the reader page of a run both carry. So the template puts a slot where a chart
# goes (the filter ``chart_slot``), the pass runs over the rest of the page, and each
# chart comes back into its slot as the same pass writes it, made once per chart.

_SLOT = "lingyuan-chart-slot-{nonce}-{n}-"
_IMG_TAG = re.compile(r"<img\b", re.I)
_passed: dict[str, str] = {}   # a chart's HTML -> as nbconvert's pass writes it (the last few)
_passed_lock = threading.Lock()
_PASSED_LIMIT = 64


def soup_pass(html: str) -> str:
    """*html* as nbconvert's HTMLExporter writes a page out (BeautifulSoup's html.parser,
    the default alternative text of an image without one, the tabindex of the inputs and
    outputs inside a ``.jp-Notebook``)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, features="html.parser")
    if _IMG_TAG.search(html):  # (CSS selectors over every tag of a chart find nothing in it)
        for elem in soup.select("img:not([alt])"):
            elem.attrs["alt"] = "No description has been provided for this image"
    if "jp-Notebook" in html:
        for elem in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
            elem.attrs["tabindex"] = "0"
        for elem in soup.select(".jp-Notebook div.jp-OutputArea-output"):
            elem.attrs["tabindex"] = "0"
    return str(soup)


def _chart_passed(chart: str) -> str:
    key = hashlib.sha256(chart.encode("utf-8")).hexdigest()
    with _passed_lock:
        done = _passed.get(key)
    if done is None:
        done = soup_pass(chart)
        with _passed_lock:
            if len(_passed) >= _PASSED_LIMIT:
                del _passed[next(iter(_passed))]
            _passed[key] = done
    return done


def _fill_slots(page: str, slots: list[str], nonce: str) -> str:
    """Each chart back into its slot, as nbconvert's pass writes it."""
    for n, chart in enumerate(slots):
        page = page.replace(_SLOT.format(nonce=nonce, n=n), _chart_passed(chart), 1)
    return page


@lru_cache(maxsize=256)
def _clean_html(html: str) -> str:
    """nbconvert's ``clean_html`` (bleach over a cell's highlighted code, a table, a chart's
    SVG), remembering its last answers: the runs of one notebook share their code cells, and
    bleach was a quarter of a full page's rendering, done again on the same text per run."""
    from nbconvert.filters.strings import clean_html

    return clean_html(html)


def _exporter(reader: bool):
    """One HTMLExporter per thread and version (exporters keep state while rendering),
    with its filter ``chart_slot`` and the charts it took (``exporter.lingyuan_slots``)."""
    key = "reader" if reader else "full"
    exporter = getattr(_local, key, None)
    if exporter is None:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(
            template_name=REPORT_TEMPLATE,
            extra_template_basedirs=[str(TEMPLATES)],
            extra_template_paths=[str(TEMPLATES)],
            embed_images=True,
            exclude_input=reader,
            exclude_input_prompt=reader,
            exclude_output_prompt=reader,
        )
        exporter.lingyuan_slots, exporter.lingyuan_nonce = [], ""

        def chart_slot(chart: str) -> str:
            exporter.lingyuan_slots.append(str(chart))
            return _SLOT.format(nonce=exporter.lingyuan_nonce, n=len(exporter.lingyuan_slots) - 1)

        exporter.register_filter("chart_slot", chart_slot)
        exporter.register_filter("clean_html", _clean_html)
        setattr(_local, key, exporter)
    return exporter


def counterpart(name: str, lang: str | None, names=None) -> str | None:
    """The run name of the same report in the other language, or None.

    Run names carry the language as one dot-separated part (``20_income.en``,
    ``50_village_profile.en.beifangshen``). With *names* (every run of the matrix),
    a counterpart that is not one of them is None.
    """
    if lang not in LANGS:
        return None
    parts = name.split(".")
    if lang not in parts[1:]:
        return None
    other = words()[lang]["other_lang"]
    i = parts.index(lang, 1)
    candidate = ".".join(parts[:i] + [other] + parts[i + 1:])
    if names is not None and candidate not in set(names):
        return None
    return candidate


def report_files(name: str) -> dict[str, str]:
    """The page files of run *name* (as the runner writes them), relative to reports/."""
    return {"reader": f"{name}.reader.html", "full": f"{name}.html", "ipynb": f"{name}.ipynb"}


def render_html(nb, *, reader: bool = False, title: str | None = None, name: str | None = None,
                names=None, font_cache: Path | None = None) -> str:
    """The executed notebook *nb* (a NotebookNode) as one page of the site.

    *name* is the run's name (the runner passes it as *title*; it names the files of
    the other version and of the other language); *names*, when given, the runs that
    exist, so the language switch never points to a page that will not be built. The
    page's title is the run's finding (see :func:`summarize`), else *title*.
    """
    name = name or title or "notebook"
    lang = run_language(nb)
    w = words()[lang or "en"]
    summary = summarize(nb, lang)
    other = counterpart(name, lang, names)
    files = report_files(name)
    version = "reader" if reader else "full"
    heading = summary["finding"] or title or name
    page = {
        "title": f"{heading} — {w['site_name']}" if heading != w["site_name"] else heading,
        "kind": version,
        "home": INDEX_FILES[lang or "en"],
        "back": True,
        "switch": report_files(other)[version] if other else INDEX_FILES[w["other_lang"]],
        "other_version": files["full" if reader else "reader"],
    }
    resources = {"metadata": {"name": name},
                 "lingyuan": {"page": page, "w": w, "words": words(), "chart_mime": CHART_MIME}}
    shown = page_notebook(nb, lang, reader, _project_root(nb))
    exporter = _exporter(reader)
    exporter.lingyuan_slots, exporter.lingyuan_nonce = [], secrets.token_hex(8)
    body, _ = exporter.from_notebook_node(shown, resources=resources)
    body = _fill_slots(body, exporter.lingyuan_slots, exporter.lingyuan_nonce)
    return with_font(strip_remote(body), font_cache, name)


def strip_remote(page: str) -> str:
    """Remove whatever would load from the network: remote scripts, stylesheets, CSS
    imports and url()s, and http(s) addresses in CSS comments (credits of the theme)."""
    page = _REMOTE_SCRIPT.sub("", page)
    page = _REMOTE_LINK.sub("", page)
    page = _REMOTE_IMPORT.sub("", page)
    page = _CSS_COMMENT_URL.sub("", page)
    return _REMOTE_URL_CSS.sub("none", page)


def remote_loads(page: str) -> list[str]:
    """The http(s) addresses a browser would fetch when opening *page* (should be none).

    Links (<a href>) are not fetched and are not listed.
    """
    found = []
    for pattern in (_REMOTE_SCRIPT, _REMOTE_LINK, _REMOTE_IMPORT, _REMOTE_URL_CSS):
        found += pattern.findall(page)
    found += re.findall(r"<(?:img|iframe|embed|source|video|audio)\b[^>]*\bsrc\s*=\s*[\"']?https?://[^\"'\s>]+",
                        page, re.I)
    return found


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------

def fitted_png(data: bytes, box: tuple[int, int]) -> bytes | None:
    """*data* (a PNG) on white, fitted into *box* pixels, as a small PNG; None if unreadable."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGBA")
            background = Image.new("RGBA", image.size, "white")
            image = Image.alpha_composite(background, image).convert("RGB")
            image.thumbnail(box, Image.LANCZOS)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
    except (OSError, ValueError):
        return None
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Site pages from Jinja2 templates (front, build and data pages)
# ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _site_env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                              autoescape=True, keep_trailing_newline=True)


def render_site_page(template: str, cache_dir: Path | None = None, **context) -> str:
    """A page of the site from its Jinja2 *template* (under templates/), with the site's
    words and the embedded font (cut for the page's text, kept in *cache_dir*)."""
    page = _site_env().get_template(template).render(words=words(), **context)
    return with_font(page, cache_dir)
