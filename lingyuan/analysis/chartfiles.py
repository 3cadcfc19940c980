"""Writing charts: every format of a figure laid out once, written atomically and
byte-identically on rerun to ``figures/<lang>/<topic>_<name>.<fmt>``, and shown in a
notebook as the saved PNG itself (sharp on HiDPI screens) with its alternative text.
The look of the charts is :mod:`lingyuan.analysis.charts`.

Beside the PNG, a notebook's output carries the chart as inline SVG for the reports
site (mimetype ``CHART_MIME``): the wide layout (the drawing the files come from, its
SVG rendered once and used for both) and the narrow one (``layouts.NARROW``, drawn once
more, SVG only), each text as text and each mark an ``<a>`` to the data page with a
``<title>``. JupyterLab does not know the mimetype and shows the PNG; the site's page
template shows the SVGs and its stylesheet picks one by the width of the screen.
"""
from __future__ import annotations

import html
import io
import os
import re
import struct
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

from lingyuan.analysis import layouts, marklinks, params, words
from lingyuan.analysis.charts import FIGURE_DPI, FONT_FAMILY, PNG_DPI, SVG_FONT_STACK, SVG_HASHSALT
from lingyuan.io import write_bytes

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
#: PNG's zlib level (Pillow's default is 6): on the collection's charts level 3 writes them a
#: third faster and 1.3% smaller
PNG_COMPRESS_LEVEL = 3


def chart_path(name: str, *, topic: str, lang: str, figures_dir, fmt: str) -> Path:
    """Where ``save`` writes chart *name*: ``<figures_dir>/<lang>/<topic>_<name>.<fmt>``."""
    return params.resolve_path(figures_dir) / lang / f"{topic}_{name}.{fmt}"


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (IPython with a kernel attached), not in a script."""
    try:
        from IPython import get_ipython
    except ImportError:  # IPython is not installed: certainly not a notebook
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG, read from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file: its first bytes are not the PNG signature")
    return struct.unpack(">II", png[16:24])


def display_png(png: bytes, pixels=None) -> bytes:
    """The saved PNG as notebooks and report pages show it: the same pixels, its colours
    reduced to a palette of 256 (a chart has a few flat colours and their anti-aliased
    edges), so a page carries about a third of the bytes. Deterministic: the same file
    gives the same bytes. *pixels* (the RGB image the PNG was written from, as
    ``png_file`` gives it) spares decoding the file."""
    from PIL import Image

    if pixels is None:
        with Image.open(io.BytesIO(png)) as image:
            pixels = image.convert("RGB")
    palette = pixels.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def png_file(fig):
    """*fig* drawn at PNG_DPI on white, as the PNG file's bytes and its pixels (an RGB image).

    A chart is opaque, so the file is RGB, without the alpha channel matplotlib's PNG
    writer keeps (always 255 here): the same pixels in 9% fewer bytes, a fifth less to
    compress; the pixels are the image the page's palette PNG is made from."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=PNG_DPI, facecolor="white")
    canvas = fig.canvas  # the canvas drawn on: its buffer's shape is the image's size
    drawn = canvas.buffer_rgba() if isinstance(canvas, FigureCanvasAgg) and canvas.renderer is not None else None
    if drawn is not None and drawn.nbytes == raw.getbuffer().nbytes:
        size = (drawn.shape[1], drawn.shape[0])
        pixels = Image.frombuffer("RGBA", size, raw.getbuffer(), "raw", "RGBA", 0, 1).convert("RGB")
    else:  # drawn on a canvas of matplotlib's own (the figure's is not Agg's): its PNG, read back
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=PNG_DPI, facecolor="white")
        with Image.open(png) as image:
            pixels = image.convert("RGB")
    buffer = io.BytesIO()
    pixels.save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI), compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue(), pixels


def _screen_size(png: bytes) -> tuple[int, int]:
    width, height = png_size(png)
    return round(width * FIGURE_DPI / PNG_DPI), round(height * FIGURE_DPI / PNG_DPI)


def inline_image(png: bytes, alt: str | None = None):
    """The saved PNG, for the notebook, shown at screen size: drawn at PNG_DPI, it is given a
    width and height of PNG_DPI / FIGURE_DPI times fewer pixels, so HiDPI screens (and the
    HTML reports, whose <img> carries the width and height) show it sharp, at the size of a
    figure drawn at FIGURE_DPI. Nothing is drawn or resampled again; the colours go to a
    palette (``display_png``) to keep report pages light."""
    from IPython.display import Image

    width, height = _screen_size(png)
    return Image(data=display_png(png), format="png", width=width, height=height, alt=alt)


def _png_output(png: bytes, alt: str | None, pixels=None) -> tuple[str, dict]:
    """The ``image/png`` data (base64) and metadata of ``inline_image``, for a display bundle."""
    import base64

    width, height = _screen_size(png)
    meta = {"width": width, "height": height, **({"alt": alt} if alt else {})}
    return base64.b64encode(display_png(png, pixels)).decode("ascii"), meta


def _fix_layout(fig):
    """Run the figure's layout engine once, at PNG_DPI (again after ``layouts.fit_text``
    made the labels fit, when it changed any), round the axes positions to 1e-9 and switch
    the engine off; return the engine (None if there was none) to restore.

    Constrained layout's positions differ between processes in their last bits (the
    solver's order follows memory addresses), and the SVG backend names clip paths
    by hashing the exact numbers, so the same chart gave SVGs with different bytes.
    Rounded positions, computed once, make every format byte-identical on rerun; one
    layout pass instead of one per format is also faster. The engine is run by itself
    (``execute``), not inside a draw without output: the draw around it measured and
    placed every text once more for nothing (each format's own draw does that).
    """
    layouts.raise_small_text(fig, layouts.MIN_FONT)  # texts added after ``finish`` (a legend) too
    engine = fig.get_layout_engine()
    if engine is None:
        return None
    dpi = fig.dpi
    fig.set_dpi(PNG_DPI)  # the resolution the PNG is drawn at, where text is measured
    try:
        engine.execute(fig)  # the layout alone: no drawing without output around it
        for _ in range(4):  # labels rewrapped or thinned to fit, then laid out again
            if not layouts.fit_text(fig):
                break
            engine.execute(fig)
    finally:
        fig.set_dpi(dpi)
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # no engine at all: "none" leaves a placeholder, and
        # savefig lays out (draws without output) once more before each format when there is one
    for ax in fig.axes:
        in_layout = ax.get_in_layout()
        ax.set_position([round(float(v), 9) for v in ax.get_position().bounds], which="both")
        ax.set_in_layout(in_layout)  # set_position takes an axes out of the layout
    return engine


def _svg_font_stack(svg: bytes) -> bytes:
    """Name a font stack in the SVG's text styles (matplotlib writes the one family it drew with)."""
    import re

    return re.sub(rb"font-family: '" + FONT_FAMILY.encode() + rb"'(, '[^']*')*", b"font-family: "
                  + SVG_FONT_STACK.encode(), svg)


CHART_MIME = params.CHART_MIME
_LINK = re.compile(r'<a xlink:href="([^"]*)" target="_blank">')


def _svg_links(svg: str, titles: dict[str, str]) -> str:
    """Each link of the SVG (``marklinks.link_marks``) as a plain ``<a href>`` opening in the
    same tab, holding a ``<title>`` with its hover text."""
    def link(m):
        url = html.unescape(m.group(1))
        title = titles.get(url)
        return f'<a href="{m.group(1)}">' + (f"<title>{html.escape(title, quote=False)}</title>" if title else "")

    return _LINK.sub(link, svg)


def _svg_file(svg: bytes) -> bytes:
    """The SVG for figures/: its links left out (they lead to the site's data page, which
    is not beside the file), the marks kept, hatches drawn as in the PNG (``_hatch_opacity``)."""
    svg = re.sub(rb'<a xlink:href="[^"]*" target="_blank">|</a>', b"", svg)
    return _hatch_opacity(svg.decode("utf-8")).encode("utf-8")


_PATTERN = re.compile(r'(<pattern id="[^"]*" patternUnits="userSpaceOnUse" x="0" y="0" )width="72" height="72">'
                      r'(\s*<rect x="0" y="0" )width="73" height="73"( fill="[^"]*"/>\s*<path d=")([^"]*)"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _small_tile(m) -> str:
    """A dotted hatch (matplotlib's ``.`` and ``o``: a 72-unit tile of some hundred circles,
    each eight Bézier curves, ~70 KB) as the same dots in the smallest tile that repeats
    them, each circle two arcs: a few hundred bytes, the same picture."""
    circles = []
    for sub in m.group(4).split("M ")[1:]:
        numbers = [float(v) for v in _NUMBER.findall(sub)]
        xs, ys = numbers[0::2], numbers[1::2]
        if len(xs) < 8:  # not a circle: leave the pattern as it is
            return m.group(0)
        r = (max(xs) - min(xs)) / 2
        circles.append(((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, r))
    centers = {(round(x % 72, 2), round(y % 72, 2)) for x, y, _ in circles}
    for period in (6, 8, 9, 12, 18, 24, 36, 72):
        shifted_x = {(round((x + period) % 72, 2), y) for x, y in centers}
        shifted_y = {(x, round((y + period) % 72, 2)) for x, y in centers}
        if shifted_x == centers and shifted_y == centers:
            break
    dots = "".join(f"M{x - r:g} {y:g}a{r:g} {r:g} 0 1 0 {2 * r:g} 0a{r:g} {r:g} 0 1 0 {-2 * r:g} 0z"
                   for x, y, r in sorted(circles, key=lambda c: (c[1], c[0]))
                   if -r <= x <= period + r and -r <= y <= period + r)
    return (f'{m.group(1)}width="{period}" height="{period}">{m.group(2)}width="{period + 1}" '
            f'height="{period + 1}"{m.group(3)}{dots}"')


_HATCHED = re.compile(r'fill: url\(#([^)]*)\); fill-opacity: ([\d.]+)')


def _hatch_opacity(svg: str) -> str:
    """A translucent hatched bar as Agg draws it (the PNG): the tint translucent, the hatch
    opaque. matplotlib's SVG puts the bar's fill-opacity on the whole pattern, so the dots
    and lines of a hatch over a faint tint (``charts.bar_style``) all but vanish; here the
    opacity moves to the pattern's background."""
    opacity = dict(_HATCHED.findall(svg))
    svg = _HATCHED.sub(r"fill: url(#\1)", svg)
    for pattern_id, alpha in opacity.items():
        svg = re.sub(r'(<pattern id="' + re.escape(pattern_id) + r'"[^>]*>\s*<rect [^>]*?)( fill="[^"]*")/>',
                     rf'\1\2 fill-opacity="{alpha}"/>', svg, count=1)
    return svg


def _svg_inline(svg: bytes, *, prefix: str, layout: str, alt: str | None, titles: dict[str, str]) -> str:
    """The SVG as an element of an HTML page: no XML prolog, metadata or global style
    (report.css has it), as wide as the page's column (the viewBox keeps its shape), its
    ids prefixed with *prefix* (two charts on a page must not share a clip path or hatch
    pattern), group ids left out (nothing refers to them; tick groups get the class "tick"), the font from the page's
    stylesheet (the embedded subset), links with their hover titles, and the chart's
    alternative text as its accessible name."""
    text = svg.decode("utf-8")
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = re.sub(r'\s*<style type="text/css">[^<]*</style>', "", text, count=1)
    text = re.sub(r'<g id="[xy]tick_\d+">', '<g class="tick">', text)  # an axis' numbers: a narrow
    text = re.sub(r'<g id="[^"]*">', "<g>", text)  # axis may have fewer; other group ids: unused
    text = re.sub(r' id="([^"]*)"', lambda m: f' id="{prefix}{m.group(1)}"', text)
    text = text.replace("url(#", f"url(#{prefix}").replace('xlink:href="#', f'href="#{prefix}')
    text = _svg_links(text, titles)
    text = _hatch_opacity(_PATTERN.sub(_small_tile, text))
    text = re.sub(r"font-family: [^;\"]*(; )?", "", text)
    text = re.sub(r'\n\s*', "\n", text)  # the indentation is bytes no reader sees
    match = re.match(r'<svg xmlns:xlink="[^"]*" width="([\d.]+)pt" height="([\d.]+)pt" ', text)
    if match is None:
        raise ValueError("matplotlib wrote an SVG root element of an unexpected form")
    width, height = match.groups()
    label = f' role="img" aria-label="{html.escape(alt)}"' if alt else ""
    root = (f'<svg class="chart-{layout}" data-width="{width}" style="aspect-ratio: {width} / {height}" '
            f'{label}')
    return root + text[match.end():]


def _render_svg(fig) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", dpi=PNG_DPI, metadata=_METADATA["svg"], facecolor="white")
    return buffer.getvalue()


def chart_html(wide_svg: bytes, narrow_svg: bytes | None, *, stem: str, alt: str | None,
               titles: dict[str, str]) -> str:
    """The chart for the reports site: the wide layout's SVG and, when there is one, the
    narrow layout's, in one ``<div class="chart">`` (report.css shows one of them)."""
    parts = [_svg_inline(wide_svg, prefix=f"{stem}-w-", layout="wide", alt=alt, titles=titles)]
    if narrow_svg is not None:
        parts.append(_svg_inline(narrow_svg, prefix=f"{stem}-n-", layout="narrow", alt=alt, titles=titles))
    return f'<div class="chart{" two" if narrow_svg is not None else ""}">' + "".join(parts) + "</div>"


def _narrow_svg(fig) -> tuple[bytes | None, dict[str, str]]:
    """The SVG of *fig* drawn again in the narrow layout (None when it cannot be) and the
    hover titles of its links."""
    narrow = layouts.redraw(fig, layouts.NARROW)
    if narrow is None:
        return None, {}
    try:
        _fix_layout(narrow)
        return _render_svg(narrow), marklinks.link_titles(narrow)
    finally:
        plt.close(narrow)


def alt_text(fig) -> str | None:
    """The chart for a reader who cannot see it: its title and subtitle (given to ``finish``)
    and the numbers it shows (the labels written on its bars and points)."""
    alt = getattr(fig, "lingyuan_alt", None)
    if alt is None:
        return None
    lang = getattr(fig, "lingyuan_lang", "en")
    shown = []
    for ax in fig.axes:
        for t in ax.texts:
            label = t.get_text().replace("\n", " ").strip()
            if label and any(ch.isdigit() for ch in label) and label not in shown:
                shown.append(label)
    if shown:
        alt += words.say("chart.alt.values", lang, values=("；" if lang == "zh" else "; ").join(shown))
    return alt


def rendered(fig, stem: str, formats, *, page: bool) -> tuple[dict[str, bytes], dict | None, dict | None]:
    """*fig* in every format, laid out once (``_fix_layout``): the bytes of each file
    (``{fmt: bytes}``), and with *page* the display bundle a notebook shows (the palette PNG
    and the site's two SVG layouts, ``CHART_MIME``) with its metadata; (files, None, None)
    without *page*, or when there is no PNG to show. *stem* prefixes the SVG ids of the page."""
    files: dict[str, bytes] = {}
    pixels = None  # the PNG's pixels, as drawn (``png_file``)
    svg: bytes | None = None
    engine = _fix_layout(fig)
    try:
        with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none",
                                    "pdf.fonttype": 3}):
            for fmt in formats:
                if fmt == "png":
                    files[fmt], pixels = png_file(fig)
                    continue
                buffer = io.BytesIO()
                fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=_METADATA[fmt], facecolor="white")
                data = buffer.getvalue()
                if fmt == "svg":
                    svg = data
                    data = _svg_file(_svg_font_stack(data))
                files[fmt] = data
            if page and "png" in files and svg is None:
                svg = _render_svg(fig)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    if not page or "png" not in files:
        return files, None, None
    alt = alt_text(fig)
    narrow, titles = _narrow_svg(fig)
    chart = chart_html(svg, narrow, stem=stem, alt=alt, titles={**titles, **marklinks.link_titles(fig)})
    data, meta = _png_output(files["png"], alt, pixels)
    return files, {"image/png": data, CHART_MIME: chart}, {"image/png": meta}


def save(fig, name: str, *, topic: str, lang: str, figures_dir, formats,
         show: bool | None = None) -> list[Path]:
    """Write *fig* as ``<figures_dir>/<lang>/<topic>_<name>.<fmt>`` for each format,
    atomically and byte-identically on rerun; return the paths written.

    The layout is computed once for all formats (``rendered``). *show*
    (default: only inside a notebook) displays the
    chart once, the saved PNG itself when there is one (``inline_image``: sharp on HiDPI
    screens), and closes the figure in
    pyplot, so the inline backend does not draw it again at the end of the cell;
    the Figure object stays usable. The image carries the title and subtitle given to
    ``finish`` as its alternative text (HTML reports show it as ``alt``).
    """
    params.check_lang(lang)
    formats = params.check_formats(formats)
    if fig is None:  # a chart the parameters left out (a township filter): nothing to write
        return []
    for part, value in (("name", name), ("topic", topic)):
        if not value or os.sep in value or "/" in value:
            raise ValueError(f"{part}={value!r}: give a plain file-name part without slashes")
    if show is None:
        show = _in_notebook()
    files, bundle, metadata = rendered(fig, f"{topic}_{name}", formats, page=show)
    paths = {fmt: write_bytes(chart_path(name, topic=topic, lang=lang, figures_dir=figures_dir, fmt=fmt), data)
             for fmt, data in files.items()}
    if show:
        from IPython.display import display

        if bundle is not None:
            display(bundle, metadata=metadata, raw=True)
        else:
            display(fig)
        plt.close(fig)
    return [paths[fmt] for fmt in formats]


def saver(topic: str, *, lang: str, figures_dir, formats):
    """``save`` with the topic and a notebook's parameters bound: ``save(fig, name)``."""
    params.check_lang(lang)
    formats = params.check_formats(formats)

    def save_chart(fig, name: str) -> list[Path]:
        return save(fig, name, topic=topic, lang=lang, figures_dir=figures_dir, formats=formats)

    return save_chart


def written_table(paths, figures_dir):
    """The chart files written, as a small table: file (relative to *figures_dir*), format, bytes."""
    import pandas as pd

    root = params.resolve_path(figures_dir)
    rows = [{"file": str(Path(p).relative_to(root)) if Path(p).is_relative_to(root) else str(p),
             "format": Path(p).suffix.lstrip("."), "bytes": Path(p).stat().st_size} for p in paths]
    return pd.DataFrame(rows, columns=["file", "format", "bytes"])
