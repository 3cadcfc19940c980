"""The two layouts a chart is drawn in (wide for figures/ and laptops, narrow for phones),
the ``chart`` decorator that lets a figure draw itself again in the other layout, and
making its text fit the layout (no text under the smallest size; labels that collide
wrapped, ticks thinned: ``fit_text``).
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
from dataclasses import dataclass

import matplotlib.axis
import matplotlib.text
import matplotlib.ticker

from lingyuan.analysis.chartwrap import renderer, wrap_to_width

# --- layouts ----------------------------------------------------------------------
#
# A chart is drawn in two layouts. WIDE is the chart of figures/ (PNG and editable SVG)
# and of reader pages on screens from about 700 px; NARROW is drawn only for reader pages
# on phones (panels stacked, one column). Each is designed so that one point of the
# drawing is at least one CSS pixel where the page shows it (WIDE: at most 672 pt wide, the
# page's column at 1280 px is 672 px; NARROW: 328 pt, the column of a 360 px phone), and
# no text is smaller than MIN_FONT points: so no chart text is under 11 CSS px on a
# 390 px phone or a 1280 px laptop. The page picks the layout with a media query.

@dataclass(frozen=True)
class Layout:
    """How a chart is laid out: its *name*, the largest *width* (inches) and the smallest
    font (points) of any text in it."""

    name: str
    width: float
    min_font: float


MIN_FONT = 11.0
WIDE = Layout("wide", 672 / 72, MIN_FONT)
NARROW = Layout("narrow", 328 / 72, MIN_FONT)
LAYOUTS = (WIDE, NARROW)
#: inches of a figure's height that held the title, subtitle and source line: ``finish``
#: gives the panels the rest, then adds what its (wrapped) head and foot need
HEAD_FOOT_IN = 1.1
#: a stacked panel's height in the narrow layout, relative to the panels' height in the wide one
NARROW_PANEL_SHARE = 0.8
NARROW_PANEL_MIN_IN = 2.0

_layout: contextvars.ContextVar[Layout] = contextvars.ContextVar("lingyuan_chart_layout", default=WIDE)


def current_layout() -> Layout:
    """The layout charts are drawn in now (WIDE unless inside ``drawn_in``)."""
    return _layout.get()


def narrow() -> bool:
    """True while the narrow (phone) layout is drawn: for the few choices a chart makes itself."""
    return _layout.get() is NARROW


@contextlib.contextmanager
def drawn_in(layout: Layout):
    """Draw charts in *layout* inside the block."""
    token = _layout.set(layout)
    try:
        yield layout
    finally:
        _layout.reset(token)


def chart(fn):
    """Mark a function returning a chart (a Figure, or None when there is nothing to draw):
    the figure it returns remembers how to draw itself again in another layout
    (``redraw(fig, NARROW)``), from the same data, so both layouts show the same numbers
    and words."""
    @functools.wraps(fn)
    def draw(*args, **kwargs):
        fig = fn(*args, **kwargs)
        if fig is not None:
            fig.lingyuan_redraw = functools.partial(_draw_in, fn, args, kwargs)
        return fig

    return draw


def drawn(fn, *args, **kwargs):
    """``chart(fn)(*args, **kwargs)``: for a module that imports this one only to draw."""
    return chart(fn)(*args, **kwargs)


def _draw_in(fn, args, kwargs, layout: Layout):
    with drawn_in(layout):
        return fn(*args, **kwargs)


def redraw(fig, layout: Layout):
    """*fig* drawn again in *layout* (None when *fig* was not made by a ``chart`` function)."""
    again = getattr(fig, "lingyuan_redraw", None)
    return again(layout) if again is not None else None


def _texts(artist, found: list) -> list:
    """The texts of *artist* and of the artists inside it, as ``findobj(Text)`` finds them,
    except that an axis gives the tick labels it has made so far instead of making one
    tick per tick location (``Axis.get_children`` does, running the locator: most of the
    cost of a walk over a chart, made four times per chart)."""
    if isinstance(artist, matplotlib.text.Text):
        found.append(artist)
    if isinstance(artist, matplotlib.axis.Axis):
        children = [artist.label, artist.offsetText,
                    *(label for tick in (*artist.majorTicks, *artist.minorTicks) for label in (tick.label1, tick.label2))]
    else:
        children = artist.get_children()
    for child in children:
        _texts(child, found)
    return found


def raise_small_text(fig, min_font: float | None = None) -> None:
    """Make every text of *fig* at least *min_font* points (the layout's smallest size):
    labels, annotations, titles, legends and tick labels, the ticks drawn later included."""
    floor = current_layout().min_font if min_font is None else min_font
    # the tick labels there are now, by axis: a tick made later copies its label from the
    # first tick's (so looking at these is enough, no tick need be made or placed here)
    tick_axis = {id(label): (ax, which) for ax in fig.axes for axis, which in ((ax.xaxis, "x"), (ax.yaxis, "y"))
                 for tick in (*axis.majorTicks, *axis.minorTicks) for label in (tick.label1, tick.label2)}
    small = {}  # the axes whose ticks are set smaller: tick_params also sizes the ticks drawn
    # later (it re-makes the ticks, so only where needed)
    for t in _texts(fig, []):
        if t.get_fontsize() < floor:
            t.set_fontsize(floor)
            if id(t) in tick_axis:
                small[tick_axis[id(t)][0], tick_axis[id(t)][1]] = True
    for ax, which in small:
        ax.tick_params(axis=which, which="both", labelsize=floor)


# --- fitting the text to the layout ----------------------------------------------------

#: the share of the figure's width the category labels of a horizontal bar chart may take
Y_LABEL_SHARE = 0.4


def _rewrap(fig, labels, width_px: float) -> list[str]:
    texts = [t.get_text() for t in labels]
    lang = getattr(fig, "lingyuan_lang", "en")  # set by finish
    joined = [t.replace("\n", "" if lang == "zh" else " ") for t in texts]
    return [wrap_to_width(fig, t, labels[0].get_fontsize(), width_px, lang) for t in joined]


def _overlap(boxes, horizontal: bool, pad: float) -> bool:
    spans = sorted((b.x0, b.x1) if horizontal else (b.y0, b.y1) for b in boxes if b.width and b.height)
    return any(a[1] + pad > b[0] for a, b in zip(spans, spans[1:]))


def fit_text(fig) -> bool:
    """After a layout pass, make the text fit the layout: category labels that run into each
    other (or, on a horizontal bar chart, take more than Y_LABEL_SHARE of the width) wrapped
    to the room they have, numeric ticks that collide thinned, an axis label wider than
    half the figure wrapped. Returns whether anything changed (lay the figure out again).
    (A legend is laid out when it is made: the chart gives it its columns by the layout.)"""
    measure = renderer(fig)
    fig_px = fig.bbox.width
    changed = False
    for ax in fig.axes:
        for axis, horizontal in ((ax.xaxis, True), (ax.yaxis, False)):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            if not labels:
                continue
            boxes = [t.get_window_extent(measure) for t in labels]
            categories = any(ch.isalpha() for t in labels for ch in t.get_text()) and \
                isinstance(axis.get_major_locator(), matplotlib.ticker.FixedLocator)
            ticks = axis.get_majorticklocs()
            if categories and horizontal and len(labels) > 1 and _overlap(boxes, True, 4):
                xs = sorted(ax.transData.transform([(v, 0) for v in ticks])[:, 0])
                gap = min(b - a for a, b in zip(xs, xs[1:]))
                axis.set_ticks(ticks, _rewrap(fig, labels, gap * 0.92))
                changed = True
            elif categories and not horizontal and max(b.width for b in boxes) > Y_LABEL_SHARE * fig_px:
                axis.set_ticks(ticks, _rewrap(fig, labels, Y_LABEL_SHARE * fig_px))
                changed = True
            elif not categories and len(labels) > 2 and _overlap(boxes, horizontal, 6):
                locator = axis.get_major_locator()
                if isinstance(locator, matplotlib.ticker.FixedLocator):
                    axis.set_ticks(ticks[::2])
                else:
                    axis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=max(2, len(labels) // 2)))
                changed = True
    for ax in fig.axes:  # a centred axis label wider than its room squeezes the axes to nothing
        label = ax.xaxis.label
        if label.get_text() and label.get_window_extent(measure).width > 0.55 * fig_px:
            lang = getattr(fig, "lingyuan_lang", "en")
            label.set_text(wrap_to_width(fig, label.get_text().replace("\n", "" if lang == "zh" else " "),
                                 label.get_fontsize(), 0.5 * fig_px, lang))
            changed = True
    return changed
