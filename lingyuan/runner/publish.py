"""Sharing the executed notebooks: HTML renderings and the reports index.

- ``render_html(nb, reader=...)``: one executed notebook as a self-contained HTML
  page, in this process (nbconvert's HTMLExporter, ~0.01 s a page once warm, where
  ``jupyter nbconvert`` costs ~2.4 s of start-up per notebook). The *full* version
  shows code and outputs; the *reader* version (``exclude_input=True``) only the
  text, tables and charts. Charts are the notebook's inline PNGs, already embedded as
  data URIs. Nothing is loaded from the network: the template's require.js, MathJax
  and Mermaid script tags (CDN addresses) are left out, and any remaining http(s)
  address in a script, stylesheet or CSS comment is stripped. (So TeX in Markdown
  cells shows as written; the notebooks use none.)
- ``thumbnails(nb)``: small PNG data URIs of the first charts of a notebook.
- ``index_html(entries)``: reports/index.html, one self-contained page linking
  every report with its parameters, thumbnails, status, build time and input data.

nbconvert is imported only when a notebook is rendered: writing the index alone
(the no-op path of ``python -m lingyuan run``) needs only the standard library.
"""
from __future__ import annotations

import base64
import html
import io
import json
import re
import threading
from typing import Any

INDEX_TITLE = "Lingyuan figures — reports"

# The lab template without the script tags that would load from a CDN, and with the
# alternative text of a chart (its title and subtitle, set by lingyuan.analysis.charts) on its image.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block data_png scoped %}
{%- set alt = output | get_metadata('alt', 'image/png') -%}
{%- if alt and 'image/png' not in output.metadata.get('filenames', {}) -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ alt | escape_html }}">
</div>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock data_png %}
"""
_OFFLINE_NAME = "lingyuan_offline.html.j2"

_local = threading.local()

# what would make a browser fetch something from the network
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_REMOTE_IMPORT = re.compile(r"@import\s+(?:url\()?[\"']?(?:https?:)?//[^;]*;", re.I)
_CSS_COMMENT_URL = re.compile(r"/\*(?:(?!\*/).)*?https?://(?:(?!\*/).)*\*/", re.S)
_REMOTE_URL_CSS = re.compile(r"url\(\s*[\"']?(?:https?:)?//[^)]*\)", re.I)


def _exporter(reader: bool):
    """One HTMLExporter per thread and version (exporters keep state while rendering)."""
    key = "reader" if reader else "full"
    exporter = getattr(_local, key, None)
    if exporter is None:
        import jinja2
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(
            template_name="lab",
            template_file=_OFFLINE_NAME,
            extra_loaders=[jinja2.DictLoader({_OFFLINE_NAME: _OFFLINE_TEMPLATE})],
            embed_images=True,
            exclude_input=reader,
            exclude_input_prompt=reader,
            exclude_output_prompt=reader,
        )
        setattr(_local, key, exporter)
    return exporter


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


def render_html(nb, *, reader: bool = False, title: str | None = None) -> str:
    """The executed notebook *nb* (a NotebookNode) as one self-contained HTML page."""
    resources = {"metadata": {"name": title or "notebook"}}
    body, _ = _exporter(reader).from_notebook_node(nb, resources=resources)
    return strip_remote(body)


def _png_outputs(nb) -> list[bytes]:
    images = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = (output.get("data") or {}).get("image/png")
            if data:
                if isinstance(data, list):
                    data = "".join(data)
                try:
                    images.append(base64.b64decode(data))
                except ValueError:
                    continue
    return images


def thumbnails(nb, *, limit: int = 3, box: tuple[int, int] = (220, 150)) -> list[str]:
    """PNG data URIs of the first *limit* charts of *nb*, each fitted into *box* pixels."""
    from PIL import Image

    out = []
    for data in _png_outputs(nb)[:limit]:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image = image.convert("RGBA")
                background = Image.new("RGBA", image.size, "white")
                image = Image.alpha_composite(background, image).convert("RGB")
                image.thumbnail(box, Image.LANCZOS)
                buffer = io.BytesIO()
                image.save(buffer, format="PNG", optimize=True)
        except (OSError, ValueError):
            continue
        out.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
    return out


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif;
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
p.lead { color: #59636e; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .55rem .6rem; border-bottom: 1px solid #d1d9e0; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: #59636e; }
td.name { font-weight: 600; white-space: nowrap; }
td.name a { font-weight: normal; margin-right: .6rem; }
code { font-size: .85rem; background: #f6f8fa; padding: .05rem .3rem; border-radius: 3px; }
ul.params { list-style: none; margin: 0; padding: 0; font-size: .9rem; white-space: nowrap; }
.thumbs img { height: 90px; margin: 0 .3rem .3rem 0; border: 1px solid #d1d9e0; background: #fff; }
.status { display: inline-block; padding: .1rem .5rem; border-radius: 1rem; font-size: .8rem; }
.status.ok { background: #dafbe1; color: #116329; }
.status.failed { background: #ffebe9; color: #a40e26; }
.status.skipped, .status.interrupted, .status.not-built { background: #fff8c5; color: #7d4e00; }
.small { font-size: .8rem; color: #59636e; }
.error { font-size: .8rem; color: #a40e26; max-width: 22rem; }
"""


def _params_html(parameters: dict[str, Any]) -> str:
    if not parameters:
        return '<span class="small">defaults</span>'
    items = []
    for key, value in parameters.items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        items.append(f"<li><code>{html.escape(key)}</code> = {html.escape(str(shown))}</li>")
    return '<ul class="params">' + "".join(items) + "</ul>"


def index_html(entries: list[dict[str, Any]], *, title: str = INDEX_TITLE) -> str:
    """The reports index: one row per run.

    Each entry: name, notebook, parameters, status (ok, failed, skipped, interrupted,
    not built), error, built_at, inputs_hash, inputs (file names), links ({"html":
    file, "reader": file, "ipynb": file} relative to the index) and thumbnails (data
    URIs). The page loads nothing else.
    """
    rows = []
    for e in entries:
        links = e.get("links") or {}
        link_html = "".join(
            f'<a href="{html.escape(links[kind])}">{label}</a>'
            for kind, label in (("reader", "reader"), ("html", "full"), ("ipynb", "notebook"))
            if kind in links)
        status = e.get("status") or "not built"
        status_html = f'<span class="status {status.replace(" ", "-")}">{html.escape(status)}</span>'
        if e.get("error"):
            status_html += f'<div class="error">{html.escape(str(e["error"]))}</div>'
        if status in ("failed", "skipped", "interrupted") and links:
            status_html += '<div class="small">showing the last good report</div>'
        thumbs = "".join(f'<img src="{uri}" alt="chart of {html.escape(e["name"])}">'
                         for uri in e.get("thumbnails") or [])
        inputs = e.get("inputs") or []
        data_html = ""
        if e.get("inputs_hash"):
            data_html = (f'<code title="sha256 of the input files">{html.escape(e["inputs_hash"][:12])}</code>'
                         f'<div class="small">{html.escape(", ".join(inputs))}</div>')
        built = html.escape((e.get("built_at") or "—").replace("T", " ").replace("+00:00", ""))
        rows.append(
            "<tr>"
            f'<td class="name">{html.escape(e["name"])}<div>{link_html}</div>'
            f'<div class="small">{html.escape(e.get("notebook", ""))}</div></td>'
            f"<td>{_params_html(e.get('parameters') or {})}</td>"
            f'<td class="thumbs">{thumbs or "<span class=small>no charts</span>"}</td>'
            f"<td>{status_html}</td>"
            f'<td class="small">{built}</td>'
            f"<td>{data_html}</td>"
            "</tr>")
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.get("status") or "not built"] = counts.get(e.get("status") or "not built", 0) + 1
    lead = ", ".join(f"{n} {s}" for s, n in counts.items())
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        f'<p class="lead">{len(entries)} notebook runs: {html.escape(lead)}. '
        "Each report comes as a reader version (text and charts) and a full version "
        "(with the code); the executed notebook opens in JupyterLab.</p>\n"
        "<table>\n<thead><tr><th>run</th><th>parameters</th><th>charts</th><th>status</th>"
        "<th>built (UTC)</th><th>data</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</body>\n</html>\n")
