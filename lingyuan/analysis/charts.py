"""The chart toolkit shared by every notebook: theme and Chinese font, how the kinds of
figure look (actual / target / forecast), direct value labels in both languages,
titles with the finding, a source line under every chart, and deterministic,
atomic saving to ``figures/<lang>/<topic>_<name>.<fmt>`` (:mod:`.chartfiles`).

Why these choices:

* The Chinese font (Noto Sans CJK SC) comes from the ``mplfonts`` wheel and is
  registered in each process with ``fontManager.addfont``; it also has Latin glyphs,
  so one family serves both languages and no "Glyph missing" warning appears.
* Marks that differ in kind look different (style guide, "Charts"): actual values
  are filled, forecasts hatched with a dashed edge, targets hollow outlines.
* Files are byte-identical on rerun: PNG without the Software tag, SVG with a fixed
  hash salt and no date, PDF without dates or producer.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.text
import matplotlib.ticker
from matplotlib import font_manager
from matplotlib.colors import to_rgba

from lingyuan import vocabulary
from lingyuan.analysis import params, words
from lingyuan.fonts import FONT_FAMILY, FONT_FILE, font_path  # noqa: F401  (part of the toolkit)
from lingyuan.quantities import units
from lingyuan.quantities.words import KINDS, QUALIFIERS  # noqa: F401  (KIND_STYLE adds "derived")

# --- look -------------------------------------------------------------------------

#: Okabe–Ito colour-blind-safe palette (black left out: it is kept for text).
PALETTE: list[str] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9",
                      "#CC79A7", "#F0E442", "#000000"]

#: screen dpi of figures (inline display); saved PNGs use PNG_DPI.
FIGURE_DPI = 100
PNG_DPI = 200
SVG_HASHSALT = "lingyuan"
#: the font stack SVG text names (text stays text there, so it can be edited and searched;
#: the viewer picks the first font it has; the PNG is drawn with the bundled font)
SVG_FONT_STACK = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', 'PingFang SC', "
                  "'Microsoft YaHei', 'DejaVu Sans', sans-serif")
TEXT_COLOR = "#222222"
MUTED_COLOR = "#555555"


#: How each kind of figure is drawn. ``fill``: the bar is filled with its colour;
#: ``hatch``: a hatch pattern in the edge colour; ``linestyle``: the edge line.
KIND_STYLE: dict[str, dict] = {
    "actual": {"fill": True, "hatch": None, "linestyle": "-", "linewidth": 1.0},
    "forecast": {"fill": False, "hatch": "///", "linestyle": "--", "linewidth": 1.3},
    "target": {"fill": False, "hatch": None, "linestyle": "-", "linewidth": 1.6},
    # not a kind of the data: a number computed here from reported figures
    "derived": {"fill": False, "hatch": "..", "linestyle": ":", "linewidth": 1.6},
}

QUALIFIER_MARK = words.QUALIFIER_MARK


def _check_kind(kind: str) -> str:
    if kind not in KIND_STYLE:
        raise ValueError(f"kind={kind!r} is not valid; valid values: {', '.join(KIND_STYLE)}")
    return kind


def bar_style(kind: str, color: str | None = None) -> dict:
    """Keyword arguments for ``ax.bar``/``ax.barh`` drawing a figure of *kind*
    (actual filled; forecast white with a hatch and a dashed edge; target hollow)."""
    style = KIND_STYLE[_check_kind(kind)]
    color = color or PALETTE[0]
    kw = {"edgecolor": color, "linewidth": style["linewidth"], "linestyle": style["linestyle"]}
    if style["fill"]:
        kw["facecolor"] = color
    else:
        # a faint tint keeps a hollow bar visible on the white background
        kw["facecolor"] = to_rgba(color, 0.10) if style["hatch"] else "white"
    if style["hatch"]:
        kw["hatch"] = style["hatch"]
    return kw


def point_style(kind: str, color: str | None = None) -> dict:
    """Keyword arguments for ``ax.scatter``: actual filled dots, forecasts and targets hollow."""
    _check_kind(kind)
    color = color or PALETTE[0]
    if kind == "actual":
        return {"color": color, "edgecolors": color, "linewidths": 1.0, "marker": "o"}
    return {"facecolors": "white", "edgecolors": color, "linewidths": 1.6,
            "marker": {"forecast": "o", "target": "D", "derived": "s"}[kind]}


# --- set-up -----------------------------------------------------------------------

def register_font() -> str:
    """Register the CJK font with matplotlib (idempotent) and return its family name."""
    path = font_path()
    if not any(Path(f.fname) == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return FONT_FAMILY


def setup(lang: str) -> None:
    """Prepare matplotlib for the charts of language *lang*: register the CJK font,
    apply the theme, and fix everything that would make saved files differ."""
    params.check_lang(lang)
    family = register_font()
    import seaborn as sns  # imported here: only chart users pay for it

    sns.set_theme(context="notebook", style="whitegrid", font=family, palette=PALETTE,
                  font_scale=0.85)
    matplotlib.rcParams.update({
        "font.family": [family, "DejaVu Sans"],
        "font.sans-serif": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "text.parse_math": False,  # a name with two $ is text, not a formula
        "axes.edgecolor": "#888888",
        "axes.labelcolor": TEXT_COLOR,
        "axes.titlesize": 11,
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "grid.color": "#e6e6e6",
        "axes.grid.axis": "y",  # value axis of vertical bars; horizontal charts switch to x
        "text.color": TEXT_COLOR,
        "xtick.color": TEXT_COLOR,
        "ytick.color": TEXT_COLOR,
        "hatch.linewidth": 0.8,
        "figure.dpi": FIGURE_DPI,
        "savefig.dpi": PNG_DPI,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        # no text under the layouts' smallest size (MIN_FONT) where the theme sets one
        **{key: MIN_FONT for key in ("xtick.labelsize", "ytick.labelsize", "legend.fontsize",
                                     "legend.title_fontsize", "axes.labelsize")},
        "svg.fonttype": "none",
        "svg.hashsalt": SVG_HASHSALT,
        "pdf.fonttype": 3,
        "path.simplify": True,
    })


def figure(nrows: int = 1, ncols: int = 1, *, width: float = 8.0, height: float = 4.5, **kwargs):
    """A figure with constrained layout (what ``finish`` expects) and its axes, in the
    current layout: at most the layout's width; in the narrow layout the panels stacked in
    one column (the axes array keeps its shape, so ``axes[0, 1]`` is the second panel) and
    the figure as tall as they need."""
    kwargs.setdefault("squeeze", False)
    layout = current_layout()
    panels_in = max(height - HEAD_FOOT_IN, 1.0)
    if layout is NARROW:
        kwargs.pop("width_ratios", None)
        kwargs.pop("sharex", None)
        n = nrows * ncols
        ratios = kwargs.pop("height_ratios", None)
        if ratios is not None:  # each panel keeps its row's share
            kwargs["height_ratios"] = [r for r in ratios for _ in range(ncols)]
        share = NARROW_PANEL_SHARE if ncols > 1 else 1.0  # a panel of its own keeps its height
        each = max(panels_in / nrows * share, NARROW_PANEL_MIN_IN)
        fig, axes = plt.subplots(n, 1, figsize=(layout.width, each * n + HEAD_FOOT_IN),
                                 layout="constrained", **kwargs)
        axes = axes.reshape(nrows, ncols) if kwargs["squeeze"] is False else axes
        fig.lingyuan_panels_in = each * n
        return fig, axes
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(width, layout.width), height),
                             layout="constrained", **kwargs)
    fig.lingyuan_panels_in = panels_in
    return fig, axes


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


def raise_small_text(fig, min_font: float | None = None) -> None:
    """Make every text of *fig* at least *min_font* points (the layout's smallest size):
    labels, annotations, titles, legends and tick labels, the ticks drawn later included."""
    floor = current_layout().min_font if min_font is None else min_font
    # the axes whose ticks are set smaller: tick_params also sizes the ticks drawn later
    # (it re-makes the ticks, so only where needed)
    small = [(ax, which) for ax in fig.axes for axis, which in ((ax.xaxis, "x"), (ax.yaxis, "y"))
             if any(t.get_fontsize() < floor for t in axis.get_ticklabels(which="both"))]
    for t in fig.findobj(matplotlib.text.Text):
        if t.get_fontsize() < floor:
            t.set_fontsize(floor)
    for ax, which in small:
        ax.tick_params(axis=which, which="both", labelsize=floor)


# --- fitting the text to the layout ----------------------------------------------------

#: the share of the figure's width the category labels of a horizontal bar chart may take
Y_LABEL_SHARE = 0.4


def _renderer(fig):
    """A renderer to measure text with (a figure closed in pyplot keeps a bare canvas)."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _rewrap(fig, labels, width_px: float) -> list[str]:
    texts = [t.get_text() for t in labels]
    lang = getattr(fig, "lingyuan_lang", "en")  # set by finish
    joined = [t.replace("\n", "" if lang == "zh" else " ") for t in texts]
    return [_wrap(fig, t, labels[0].get_fontsize(), width_px, lang) for t in joined]


def _overlap(boxes, horizontal: bool, pad: float) -> bool:
    spans = sorted((b.x0, b.x1) if horizontal else (b.y0, b.y1) for b in boxes if b.width and b.height)
    return any(a[1] + pad > b[0] for a, b in zip(spans, spans[1:]))


def fit_text(fig) -> bool:
    """After a layout pass, make the text fit the layout: category labels that run into each
    other (or, on a horizontal bar chart, take more than Y_LABEL_SHARE of the width) wrapped
    to the room they have, numeric ticks that collide thinned, an axis label wider than
    half the figure wrapped. Returns whether anything changed (lay the figure out again).
    (A legend is laid out when it is made: the chart gives it its columns by the layout.)"""
    renderer = _renderer(fig)
    fig_px = fig.bbox.width
    changed = False
    for ax in fig.axes:
        for axis, horizontal in ((ax.xaxis, True), (ax.yaxis, False)):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            if not labels:
                continue
            boxes = [t.get_window_extent(renderer) for t in labels]
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
        if label.get_text() and label.get_window_extent(renderer).width > 0.55 * fig_px:
            lang = getattr(fig, "lingyuan_lang", "en")
            label.set_text(_wrap(fig, label.get_text().replace("\n", "" if lang == "zh" else " "),
                                 label.get_fontsize(), 0.5 * fig_px, lang))
            changed = True
    return changed


# --- words ------------------------------------------------------------------------

TEXTS: dict[str, dict[str, str]] = {
    "source": {
        "zh": "资料来源：凌源市脱贫攻坚报道（2019年9月），数据按原文",
        "en": "Source: Lingyuan poverty-alleviation report (September 2019); figures as reported",
    },
    # kinds, and qualifiers after their mark: the words of lingyuan.vocabulary
    **{kind: {lang: vocabulary.word("kind", kind, lang) for lang in vocabulary.LANGS}
       for kind in ("forecast", "target", "actual", "derived")},
    **{q: {lang: f"{words.QUALIFIER_MARK[q]} {vocabulary.word('qualifier', q, lang)}" for lang in vocabulary.LANGS}
       for q in ("approx", "at_least", "at_most")},
    "forecast_note": {"zh": "斜线 = 预计", "en": "hatched = forecast"},
    "target_note": {"zh": "空心 = 目标", "en": "hollow = target"},
    "derived_note": {"zh": "点纹 = 推算值（由报道数字计算）", "en": "dotted = derived (computed from reported figures)"},
    # the hover / long-press text of a mark (an SVG <title>): the evidence of its figure,
    # or the arithmetic of a derived number
    "mark_evidence": {"zh": "原文：「{}」", "en": "Article: “{}”"},
    "mark_derived": {"zh": "推算：{} = {}", "en": "Derived: {} = {}"},
}


def text(key_or_dict, lang: str) -> str:
    """The string for *lang*: from a ``{"zh": ..., "en": ...}`` mapping or a key of TEXTS."""
    params.check_lang(lang)
    if isinstance(key_or_dict, Mapping):
        return key_or_dict[lang]
    try:
        return TEXTS[key_or_dict][lang]
    except KeyError:
        raise KeyError(f"no text {key_or_dict!r}; known keys: {', '.join(TEXTS)}") from None


#: *zh* or *en*, whichever is the chart language: the one helper for a word that holds
#: no figure (words that depend on the data are phrases: lingyuan.analysis.words.say)
bilingual = words.text


def in_language(lang: str):
    """``bilingual`` with the language bound: ``t = in_language(lang); t("合计", "All")``."""
    params.check_lang(lang)
    return lambda zh, en: bilingual(zh, en, lang)


def marks_note(lang: str, *, qualifiers: Iterable[str] = (), kinds: Iterable[str] = (),
               derived: bool = False) -> str:
    """The key to the marks a chart uses, e.g. "~ approximate; ≥ at least; hatched = forecast"."""
    parts = [text(q, lang) for q in QUALIFIERS if q in set(qualifiers) and q != "exact"]
    kinds = set(kinds)
    if "forecast" in kinds:
        parts.append(text("forecast_note", lang))
    if "target" in kinds:
        parts.append(text("target_note", lang))
    if derived:
        parts.append(text("derived_note", lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def unit_label(unit_id: str, lang: str) -> str:
    """Unit for axes and subtitles: the Chinese short form or the English plural."""
    params.check_lang(lang)
    return units.label(unit_id, lang)


def _lookup(table, key_col: str, key: str, col: str):
    hits = table.loc[table[key_col] == key, col] if table is not None else ()
    if len(hits):
        return str(hits.iloc[0])
    raise KeyError(f"{key!r} not found in the {key_col} column of the table given")


def entity_name(row_or_id, lang: str, table=None) -> str:
    """Name of an entity in *lang*: from a row of the tidy table (entity_zh/entity_en), or
    from an entity id looked up in *table* (the tidy table)."""
    params.check_lang(lang)
    if isinstance(row_or_id, str):
        return _lookup(table, "entity_id", row_or_id, f"entity_{lang}")
    return str(row_or_id[f"entity_{lang}"])


def indicator_name(row_or_id, lang: str, table=None) -> str:
    """Name of an indicator in *lang*, like ``entity_name``."""
    params.check_lang(lang)
    if isinstance(row_or_id, str):
        return _lookup(table, "indicator_id", row_or_id, f"indicator_{lang}")
    return str(row_or_id[f"indicator_{lang}"])


# --- numbers ----------------------------------------------------------------------

#: the chart label of one number (lingyuan.analysis.words: the one formatter per language)
value_label = words.quantity


def _printed_zh_unit(row) -> str | None:
    """The unit as printed, when it names the same quantity as the canonical one (只, 名, 个)."""
    printed = row.get("unit_reported") if hasattr(row, "get") else None
    if isinstance(printed, str) and printed in units.PRINTED_UNITS:
        p = units.PRINTED_UNITS[printed]
        if p.multiplier == 1 and row["unit"] in p.allowed and not str(row["unit"]).startswith("CNY"):
            return printed
    return None


def figure_label(row, lang: str, *, with_unit: bool = False, marker: bool = False,
                 kind: str | None = None, exact=None) -> str:
    """``value_label`` for one row of the tidy table; in Chinese the unit word is the printed
    one (31.6万只 broilers, not 头). *kind* overrides the row's kind (e.g. "derived"); *exact*
    (a Tables, or a figure_id -> Decimal mapping) gives the exact value to label."""
    value = row["value"]
    exact = getattr(exact, "exact", exact)
    if exact and row.get("figure_id") in exact:
        value = exact[row["figure_id"]]
    return value_label(value, row["unit"], row["qualifier"], lang, kind or row["kind"],
                       with_unit=with_unit, marker=marker, zh_unit=_printed_zh_unit(row))


def row_unit_label(row, lang: str) -> str:
    """Axis label for the unit of a tidy-table row: the printed word in Chinese where it fits."""
    return (lang == "zh" and _printed_zh_unit(row)) or unit_label(row["unit"], lang)


# --- marks on the chart -----------------------------------------------------------

#: the site's data page in each language, beside the reader pages in reports/: each
#: figure an element with id = its figure_id, each derived number one with id =
#: ``derive.derived_anchor(its id)``
DATA_PAGES = {"zh": "data.html", "en": "data.en.html"}


def data_link(anchor: str, lang: str) -> str:
    """The address, from a reader page, of *anchor* on the data page of *lang*."""
    return f"{DATA_PAGES[params.check_lang(lang)]}#{anchor}"


def link_marks(artists, lang: str, *, figure_id: str | None = None, derived: str | None = None,
               title: str) -> None:
    """Link chart marks (bars, dots, their labels) to the data page: to the entry of
    *figure_id*, or of the derived number *derived* (its id), with *title* shown on hover
    or long press. In the SVG each mark is an ``<a>`` holding a ``<title>``; the figure
    remembers the titles by address (``link_titles``) for the SVG writer to put in."""
    from lingyuan.analysis.derive import derived_anchor

    if (figure_id is None) == (derived is None):
        raise ValueError("give a figure_id or a derived id, one of them")
    url = data_link(figure_id if figure_id is not None else derived_anchor(derived), lang)
    for artist in artists:
        if hasattr(artist, "set_urls"):  # a collection (scatter): one address per item
            artist.set_urls([url] * max(len(artist.get_offsets()), 1))
        else:
            artist.set_url(url)
        fig = artist.get_figure(root=True) if artist.figure is not None else None
        if fig is not None:
            fig.__dict__.setdefault("lingyuan_link_titles", {})[url] = title


def link_titles(fig) -> dict[str, str]:
    """The hover text of each address *fig*'s marks link to (see ``link_marks``)."""
    return dict(getattr(fig, "lingyuan_link_titles", {}))


def row_link(artists, row, lang: str) -> None:
    """``link_marks`` for marks drawn from one row of the tidy table (to its figure) or from
    ``Derived.as_row()`` (style "derived": to its derivation)."""
    if row.get("style") == "derived" and isinstance(row.get("arithmetic"), str):
        name = row.get(f"indicator_{lang}") or row["figure_id"]
        link_marks(artists, lang, derived=row["figure_id"],
                   title=text("mark_derived", lang).format(name, row["arithmetic"]))
    else:
        evidence = row.get("evidence")
        title = text("mark_evidence", lang).format(evidence) if isinstance(evidence, str) and evidence \
            else str(row.get(f"indicator_{lang}") or row["figure_id"])
        link_marks(artists, lang, figure_id=row["figure_id"], title=title)


def derived_link(artists, d, lang: str) -> None:
    """``link_marks`` for marks drawn from a derived number *d* (a ``derive.Derived``)."""
    link_marks(artists, lang, derived=d.id, title=text("mark_derived", lang).format(d.name(lang), d.arithmetic))

def _is_horizontal(bars) -> bool:
    return getattr(bars, "orientation", "vertical") == "horizontal"


def make_room(ax, horizontal: bool = False, share: float = 0.15) -> None:
    """Widen the value axis by *share* so labels at the bar ends are not clipped."""
    if horizontal:
        lo, hi = ax.get_xlim()
        ax.set_xlim(lo, hi + (hi - lo) * share)
    else:
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi + (hi - lo) * share)


def label_bars(ax, bars, labels: Sequence[str], *, inside: bool = False, fontsize: float = 9,
               color: str | None = None, room: bool = True) -> list:
    """Write *labels* at the end of *bars* (vertical or horizontal), or inside them with
    *inside*; unless *room* is False the axis is widened so the labels are not clipped.
    Returns the label texts."""
    labels = list(labels)
    if len(labels) != len(bars):
        raise ValueError(f"{len(labels)} labels for {len(bars)} bars")
    texts = ax.bar_label(bars, labels=labels, padding=3, fontsize=fontsize,
                         label_type="center" if inside else "edge", color=color or TEXT_COLOR)
    if room and not inside:
        make_room(ax, _is_horizontal(bars))
    return texts


def bars_from_rows(ax, rows, lang: str, *, names: Sequence[str] | None = None, colors=None,
                   horizontal: bool = False, with_unit: bool = False, marker: bool = False,
                   labels: Sequence[str] | None = None, width: float = 0.7, fontsize: float = 9,
                   exact=None):
    """One bar per row of the tidy table (value, unit, qualifier, kind), drawn in the style of
    its kind and labelled with its value; *names* label the bars on the category axis.
    A row may carry a ``style`` column (e.g. "derived") overriding the kind's look; *exact*
    (a Tables) gives the exact values the labels show."""
    n = len(rows)
    if isinstance(colors, str) or colors is None:
        colors = [colors or PALETTE[0]] * n
    containers = []
    for i, (_, row) in enumerate(rows.iterrows()):
        style = row.get("style")
        kind = style if isinstance(style, str) and style else str(row["kind"])
        draw = ax.barh if horizontal else ax.bar
        bars = draw(i, float(row["value"]), width, **bar_style(kind, colors[i]))
        label = labels[i] if labels is not None else figure_label(
            row, lang, with_unit=with_unit, marker=marker, kind=kind, exact=exact)
        texts = label_bars(ax, bars, [label], room=False, fontsize=fontsize)
        if isinstance(row.get("figure_id"), str):
            row_link([*bars.patches, *texts], row, lang)
        containers.append(bars)
    if names is not None:
        if horizontal:
            ax.set_yticks(range(n), list(names))
        else:
            ax.set_xticks(range(n), list(names))
    if n and all(units.canonical(u).kind == "count" for u in rows["unit"]):
        # counts: whole-number ticks only
        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(
            matplotlib.ticker.MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    if horizontal:
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.invert_yaxis()  # first row on top, as it reads
    make_room(ax, horizontal, 0.22 if horizontal else 0.15)
    return containers


#: the unit above a vertical value axis: its size, and the gap (points) to the axes' top
UNIT_FONTSIZE = 8.5
UNIT_GAP = 3.0
UNIT_GID = "axis-unit"


def _title_pad(ax) -> float:
    """The title's distance to the axes (points): the default, plus the unit's line if any."""
    pad = matplotlib.rcParams["axes.titlepad"]
    return pad + (UNIT_GAP + UNIT_FONTSIZE * 1.3 if axis_unit_text(ax) is not None else 0)


def axis_unit_text(ax):
    """The unit text ``axis_unit`` wrote on *ax*, or None."""
    return next((t for t in ax.texts if t.get_gid() == UNIT_GID), None)


def panel_title(ax, title: str, *, fontsize: float = 10) -> None:
    """A panel's title, lifted above the unit of its axis when it has one (``axis_unit``)."""
    ax.set_title(title, fontsize=fontsize, pad=_title_pad(ax))


def axis_unit(ax, unit: str) -> None:
    """Write the unit of a vertical value axis once, horizontally, just above the top-left
    corner of the axes, in place of a y label (a label turns sideways, where 个 or 元/人
    reads badly, and stood beside a title or subtitle already giving the unit). The
    panel's title, if any, moves up to make room; call this after ``set_title``."""
    ax.set_ylabel("")
    old = axis_unit_text(ax)
    if old is not None:
        old.remove()
    ax.annotate(unit, xy=(0, 1), xycoords="axes fraction", xytext=(0, UNIT_GAP), textcoords="offset points",
                ha="left", va="bottom", fontsize=UNIT_FONTSIZE, color=MUTED_COLOR, gid=UNIT_GID,
                annotation_clip=False)
    for loc, title in (("left", ax._left_title), ("center", ax.title), ("right", ax._right_title)):
        if title.get_text():
            ax.set_title(title.get_text(), loc=loc, fontsize=title.get_fontsize(), pad=_title_pad(ax))


#: what a Chinese line may not start with (it stays at the end of the line before)
CLOSING_PUNCTUATION = frozenset("）)】」』》，。、；：！？")
#: what may not end a Chinese line (it goes to the start of the next)
OPENING_PUNCTUATION = frozenset("（(【「『《“‘")


def wrap_label(s: str, width: int, lang: str) -> str:
    """Break a tick label into lines of about *width* characters (zh) or words (en)."""
    lines = []
    for line in s.split("\n"):  # line breaks the caller put in are kept
        if lang == "zh":
            chunks = []
            for i in range(0, len(line), width):
                chunk = line[i:i + width]
                while chunks and chunk[:1] and chunk[:1] in CLOSING_PUNCTUATION:  # no line starts with ）or ，
                    chunks[-1] += chunk[:1]
                    chunk = chunk[1:]
                if chunk:
                    chunks.append(chunk)
            lines += chunks or [""]
        else:
            lines += textwrap.wrap(line, width=width, break_long_words=False) or [""]
    return "\n".join(lines)


class MagnitudeFormatter(matplotlib.ticker.Formatter):
    """Axis ticks in the language's magnitudes, the same for every tick of an axis:
    zh 5万, 10万 once the axis passes 10,000; en 0.5m, 1m once it passes a million,
    otherwise 20,000."""

    def __init__(self, lang: str):
        self.lang = params.check_lang(lang)

    def __call__(self, x, pos=None):
        if x == 0:
            return "0"
        hi = max(abs(v) for v in self.axis.get_view_interval()) if self.axis else abs(x)
        if self.lang == "zh":
            if hi >= 100_000_000:
                return f"{x / 100_000_000:g}亿"
            return f"{x / 10_000:g}万" if hi >= 10_000 else f"{x:g}"
        if hi >= 1_000_000:
            return f"{x / 1_000_000:g}m"
        return f"{x:,g}"


def magnitude_formatter(lang: str) -> MagnitudeFormatter:
    """A tick formatter for value axes (see MagnitudeFormatter)."""
    return MagnitudeFormatter(lang)


#: a token of Chinese text that a line break must not split: a run of digits and Latin
#: letters with their signs and the character after it (2019年, 62744人: a number stays
#: with its unit), else one character
_ZH_TOKEN = re.compile(r"[0-9A-Za-z.,%~≥≤+\-/'’]+[^\s（(【「『《“‘]?|.", re.S)


def _tokens(para: str, lang: str) -> list[str]:
    """The pieces a line may break between: words (en); characters and runs of digits and
    letters (zh), a punctuation mark kept with what it opens or closes."""
    if lang != "zh":
        return para.split(" ")
    tokens: list[str] = []
    for tok in _ZH_TOKEN.findall(para):
        if tokens and (tok in CLOSING_PUNCTUATION or tokens[-1][-1:] in OPENING_PUNCTUATION):
            tokens[-1] += tok
        else:
            tokens.append(tok)
    return tokens


def _wrap(fig, s: str, fontsize: float, width_px: float, lang: str) -> str:
    """Wrap *s* so that each line fits in *width_px* at *fontsize* (measured, not guessed:
    each line the longest run of tokens that fits, found by bisection)."""
    renderer = _renderer(fig)
    sep = "" if lang == "zh" else " "
    probe = fig.text(0, 0, "", fontsize=fontsize)

    def fits(line: str) -> bool:
        probe.set_text(line)
        return probe.get_window_extent(renderer).width <= width_px

    out = []
    try:
        for para in s.split("\n"):
            tokens = _tokens(para, lang)
            while tokens:
                if fits(sep.join(tokens)):
                    out.append(sep.join(tokens))
                    break
                lo, hi = 1, len(tokens) - 1  # the line takes tokens[:n], lo <= n <= hi
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if fits(sep.join(tokens[:mid])):
                        lo = mid
                    else:
                        hi = mid - 1
                out.append(sep.join(tokens[:lo]))
                tokens = tokens[lo:]
            if not para:
                out.append("")
    finally:
        probe.remove()
    return "\n".join(out)


#: sizes (points) of the title, the subtitle and the source line (at least the layout's smallest)
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE = 14.0, 10.0, 8.0


def finish(fig, *, title: str, subtitle: str, lang: str, source_note: str | None = None) -> None:
    """Put the finding (*title*), the unit and period (*subtitle*) above the chart and the
    source line (plus *source_note*: caveats, the key to the marks) under it; every text
    at least the layout's smallest size, and the figure made as tall as the panels
    (``figure``) plus the lines of the head and the foot."""
    params.check_lang(lang)
    # what the chart says, for readers who cannot see it (the alt text of its image)
    fig.lingyuan_alt = f"{title.rstrip('。. ')}{'。' if lang == 'zh' else '. '}{subtitle}".replace("\n", " ")
    fig.lingyuan_lang = lang
    raise_small_text(fig)
    floor = current_layout().min_font
    title_size, sub_size, source_size = (max(s, floor) for s in (TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE))
    fig_w, _ = fig.get_size_inches()
    dpi = fig.dpi
    margin_in = 0.12
    width_px = (fig_w - 2 * margin_in) * dpi * 0.93  # some slack: browsers lay text out a little wider
    title = _wrap(fig, title, title_size, width_px, lang)
    subtitle = _wrap(fig, subtitle, sub_size, width_px, lang)
    source = text("source", lang)
    if source_note:
        source += ("。" if lang == "zh" else ". ") + source_note[:1].upper() + source_note[1:]
    source = _wrap(fig, source, source_size, width_px, lang)

    line_in = lambda size: size * 1.45 / 72  # noqa: E731  (line height in inches)
    head_in = margin_in + title.count("\n") * line_in(title_size) + line_in(title_size) \
        + (subtitle.count("\n") + 1) * line_in(sub_size) + 0.08
    foot_in = margin_in + (source.count("\n") + 1) * line_in(source_size) + 0.05
    panels_in = getattr(fig, "lingyuan_panels_in", None)
    if panels_in is not None:
        fig.set_size_inches(fig_w, round(panels_in + head_in + foot_in + 0.25, 2))
    fig_h = fig.get_size_inches()[1]

    fig.text(margin_in / fig_w, 1 - margin_in / fig_h, title, ha="left", va="top",
             fontsize=title_size, color=TEXT_COLOR, linespacing=1.25)
    sub_top = margin_in + (title.count("\n") + 1) * line_in(title_size)
    fig.text(margin_in / fig_w, 1 - sub_top / fig_h, subtitle, ha="left", va="top",
             fontsize=sub_size, color=MUTED_COLOR, linespacing=1.3)
    fig.text(margin_in / fig_w, margin_in / fig_h, source, ha="left", va="bottom",
             fontsize=source_size, color=MUTED_COLOR, linespacing=1.3)

    bottom, top = foot_in / fig_h, 1 - head_in / fig_h
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        engine.set(rect=(0, bottom, 1, top - bottom))
    else:
        fig.subplots_adjust(top=top - 0.02, bottom=bottom + 0.08)
