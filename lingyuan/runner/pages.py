"""The report pages: one executed notebook as one self-contained page of the site.

- ``render_html(nb, reader=..., name=..., names=...)``: in this process (nbconvert's
  HTMLExporter with the template ``templates/lingyuan_report``, without its last pass,
  BeautifulSoup over the whole page, whose edits ``accessible`` makes on the text: about
  0.03 s a page once warm, a third of the time). The page is in the run's language (``lang`` parameter): markdown cells
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
import io
import json
import re
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
#: what nbconvert's HTMLExporter adds to a page in its last pass (BeautifulSoup over the
#: whole page): a default alternative text to an image without one, and tabindex="0" to the
#: inputs and outputs of the cells, so a keyboard reaches them
MISSING_ALT = "No description has been provided for this image"
FOCUSABLE = frozenset({"jp-Cell-inputWrapper", "jp-OutputArea-output"})
_START_TAG = re.compile(r"<(div|img)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_ALT = re.compile(r"\salt\s*=", re.I)
_TABINDEX = re.compile(r"\stabindex\s*=", re.I)
_NOTEBOOK = re.compile(r"""<[a-z][^>]*\sclass\s*=\s*["']?(?:[^"'>]*\s)?jp-Notebook[\s"'>]""", re.I)


def accessible(html: str) -> str:
    """*html* with what nbconvert's HTMLExporter adds in its last pass, made on the text:
    the default alternative text of an image without one, and tabindex="0" on each
    ``div.jp-Cell-inputWrapper`` and ``div.jp-OutputArea-output`` inside the ``.jp-Notebook``.
    (nbconvert parses and writes out the whole page with BeautifulSoup for this: half
    of a page's rendering; the page it gives is the same document as this one.)"""
    notebook = _NOTEBOOK.search(html)
    notebook = notebook.start() if notebook else -1

    def edit(m: re.Match) -> str:
        tag, attrs = m.group(1).lower(), m.group(2)
        closing = "/" if attrs.endswith("/") else ""
        attrs = attrs[:-1] if closing else attrs
        if tag == "img":
            if _ALT.search(attrs):
                return m.group(0)
            return f'<{m.group(1)}{attrs} alt="{MISSING_ALT}"{closing}>'
        if notebook < 0 or m.start() < notebook or _TABINDEX.search(attrs):
            return m.group(0)
        c = _CLASS.search(attrs)
        classes = next((g for g in c.groups() if g is not None), "").split() if c else ()
        if FOCUSABLE.isdisjoint(classes):
            return m.group(0)
        return f'<{m.group(1)}{attrs} tabindex="0"{closing}>'

    return _START_TAG.sub(edit, html)


_RAW_TEXT = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>)", re.I | re.S)
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def plain_characters(html: str) -> str:
    """*html* with each numeric character reference to a character beyond ASCII written as
    the character (nbconvert's headings write 收入 as ``&#25910;&#20837;``; its last pass
    wrote them out as characters): the same text, a third of the bytes, readable in the
    source. Inside ``<script>`` and ``<style>``, where a reference is no reference, nothing
    is changed; ASCII references (``&#60;``: <) stay."""
    def char(m: re.Match) -> str:
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if code < 0xA0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return m.group(0)
        return chr(code)

    parts = _RAW_TEXT.split(html)
    return "".join(part if i % 2 else _CHAR_REF.sub(char, part) for i, part in enumerate(parts))


def _export(exporter, nb, resources: dict) -> str:
    """``exporter.from_notebook_node(nb, resources)``'s page (an HTMLExporter), without
    its last pass over the whole page (BeautifulSoup): the same edits made by
    :func:`accessible`, with the characters it wrote as characters (:func:`plain_characters`).
    The rest is HTMLExporter's own code: its filters for the code's
    highlighting and the outputs' types, then the template."""
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    info = nb.metadata.get("language_info", {})
    lexer = info.get("pygments_lexer", info.get("name", None))
    exporter.register_filter("highlight_code", exporter.filters.get(
        "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=exporter)))
    resources = exporter._init_resources(resources)
    exporter.register_filter("filter_data_type", WidgetsDataTypeFilter(
        notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources))
    html, _ = TemplateExporter.from_notebook_node(exporter, nb, resources)
    return plain_characters(accessible(html))


@lru_cache(maxsize=256)
def _clean_html(html: str) -> str:
    """nbconvert's ``clean_html`` (bleach over a cell's highlighted code, a table, a chart's
    SVG), remembering its last answers: the runs of one notebook share their code cells, and
    bleach was a quarter of a full page's rendering, done again on the same text per run."""
    from nbconvert.filters.strings import clean_html

    return clean_html(html)


def _exporter(reader: bool):
    """One HTMLExporter per thread and version (exporters keep state while rendering)."""
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
    body = _export(exporter, shown, resources)
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
