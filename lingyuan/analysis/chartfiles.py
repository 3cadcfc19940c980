"""Writing charts: every format of a figure laid out once, written atomically and
byte-identically on rerun to ``figures/<lang>/<topic>_<name>.<fmt>``, and shown in a
notebook as the saved PNG itself (sharp on HiDPI screens) with its alternative text.
The look of the charts is :mod:`lingyuan.analysis.charts`.
"""
from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

from lingyuan.analysis import params, words
from lingyuan.analysis.charts import FIGURE_DPI, FONT_FAMILY, PNG_DPI, SVG_FONT_STACK, SVG_HASHSALT
from lingyuan.io import write_bytes

_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


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


def display_png(png: bytes) -> bytes:
    """The saved PNG as notebooks and report pages show it: the same pixels, its colours
    reduced to a palette of 256 (a chart has a few flat colours and their anti-aliased
    edges), so a page carries about a third of the bytes. Deterministic: the same file
    gives the same bytes."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                                dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def inline_image(png: bytes, alt: str | None = None):
    """The saved PNG, for the notebook, shown at screen size: drawn at PNG_DPI, it is given a
    width and height of PNG_DPI / FIGURE_DPI times fewer pixels, so HiDPI screens (and the
    HTML reports, whose <img> carries the width and height) show it sharp, at the size of a
    figure drawn at FIGURE_DPI. Nothing is drawn or resampled again; the colours go to a
    palette (``display_png``) to keep report pages light."""
    from IPython.display import Image

    width, height = png_size(png)
    return Image(data=display_png(png), format="png", width=round(width * FIGURE_DPI / PNG_DPI),
                 height=round(height * FIGURE_DPI / PNG_DPI), alt=alt)


def _fix_layout(fig):
    """Run the figure's layout engine once, at PNG_DPI, round the axes positions to 1e-9
    and switch the engine off; return the engine (None if there was none) to restore.

    Constrained layout's positions differ between processes in their last bits (the
    solver's order follows memory addresses), and the SVG backend names clip paths
    by hashing the exact numbers, so the same chart gave SVGs with different bytes.
    Rounded positions, computed once, make every format byte-identical on rerun; one
    layout pass instead of one per format is also faster.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        return None
    dpi = fig.dpi
    fig.set_dpi(PNG_DPI)  # the resolution the PNG is drawn at, where text is measured
    try:
        fig.draw_without_rendering()
    finally:
        fig.set_dpi(dpi)
    fig.set_layout_engine("none")
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


def save(fig, name: str, *, topic: str, lang: str, figures_dir, formats,
         show: bool | None = None) -> list[Path]:
    """Write *fig* as ``<figures_dir>/<lang>/<topic>_<name>.<fmt>`` for each format,
    atomically and byte-identically on rerun; return the paths written.

    The layout is computed once for all formats (see ``_fix_layout``). *show*
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
    paths: dict[str, Path] = {}
    png: bytes | None = None
    engine = _fix_layout(fig)
    try:
        with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "none",
                                    "pdf.fonttype": 3}):
            for fmt in formats:
                buffer = io.BytesIO()
                fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=_METADATA[fmt], facecolor="white")
                data = buffer.getvalue()
                if fmt == "svg":
                    data = _svg_font_stack(data)
                if fmt == "png":
                    png = data
                paths[fmt] = write_bytes(
                    chart_path(name, topic=topic, lang=lang, figures_dir=figures_dir, fmt=fmt), data)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    if show:
        from IPython.display import display

        if png is not None:
            display(inline_image(png, alt_text(fig)))
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
