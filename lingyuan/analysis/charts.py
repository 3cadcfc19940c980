"""The chart toolkit shared by every notebook: theme and Chinese font, how the kinds of
figure look (actual / target / forecast), direct value labels in both languages,
titles with the finding, a source line under every chart, and deterministic,
atomic saving to ``figures/<lang>/<topic>_<name>.<fmt>`` (:mod:`.chartfiles`).
The two layouts and the ``chart`` decorator are in :mod:`.layouts`, the links of marks
to the data page in :mod:`.marklinks`, line breaking and tick numbers in :mod:`.chartwrap`.

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

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.text
import matplotlib.ticker
from matplotlib import font_manager
from matplotlib.colors import to_rgba

from lingyuan import vocabulary
from lingyuan.analysis import chartwrap, layouts, marklinks, params, words
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
    chartwrap.measure_text_once()
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
        # no text under the layouts' smallest size (layouts.MIN_FONT) where the theme sets one
        **{key: layouts.MIN_FONT for key in ("xtick.labelsize", "ytick.labelsize", "legend.fontsize",
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
    layout = layouts.current_layout()
    panels_in = max(height - layouts.HEAD_FOOT_IN, 1.0)
    if layout is layouts.NARROW:
        kwargs.pop("width_ratios", None)
        kwargs.pop("sharex", None)
        n = nrows * ncols
        ratios = kwargs.pop("height_ratios", None)
        if ratios is not None:  # each panel keeps its row's share
            kwargs["height_ratios"] = [r for r in ratios for _ in range(ncols)]
        share = layouts.NARROW_PANEL_SHARE if ncols > 1 else 1.0  # a panel of its own keeps its height
        each = max(panels_in / nrows * share, layouts.NARROW_PANEL_MIN_IN)
        fig, axes = plt.subplots(n, 1, figsize=(layout.width, each * n + layouts.HEAD_FOOT_IN),
                                 layout="constrained", **kwargs)
        axes = axes.reshape(nrows, ncols) if kwargs["squeeze"] is False else axes
        fig.lingyuan_panels_in = each * n
        return fig, axes
    fig, axes = plt.subplots(nrows, ncols, figsize=(min(width, layout.width), height),
                             layout="constrained", **kwargs)
    fig.lingyuan_panels_in = panels_in
    return fig, axes


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
            marklinks.row_link([*bars.patches, *texts], row, lang)
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
    layouts.raise_small_text(fig)
    floor = layouts.current_layout().min_font
    title_size, sub_size, source_size = (max(s, floor) for s in (TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE))
    fig_w, _ = fig.get_size_inches()
    dpi = fig.dpi
    margin_in = 0.12
    width_px = (fig_w - 2 * margin_in) * dpi * 0.93  # some slack: browsers lay text out a little wider
    title = chartwrap.wrap_to_width(fig, title, title_size, width_px, lang)
    subtitle = chartwrap.wrap_to_width(fig, subtitle, sub_size, width_px, lang)
    source = text("source", lang)
    if source_note:
        source += ("。" if lang == "zh" else ". ") + source_note[:1].upper() + source_note[1:]
    source = chartwrap.wrap_to_width(fig, source, source_size, width_px, lang)

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
