"""A profile of one village: every figure the page gives about it and about the bodies
inside it (projects, cooperatives, enterprises, village groups, people — any entity
whose parent chain leads to the village), its township, and its place among the
township's other villages where they share an indicator.

A village is named by its entity_id (``beifangshen``) or its Chinese name (``北房身村``);
the valid ones are the villages with at least one figure about them or their bodies.
The chart (``village_<entity_id>_profile.<fmt>``) has one small panel per unit, since
figures in different units do not share an axis, plus a panel per indicator the
village shares with other villages of its township.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from lingyuan import datalinks
from lingyuan.analysis import chartwrap, charts, layouts, params, tables as tables_, words
from lingyuan.analysis.words import say, say_md
from lingyuan.dataset import Tables, load  # noqa: F401  (load: the notebook's entry point)

TOPIC = "village"
# figures repeated on the page (a quote and the body saying the same) are drawn once
DUPLICATE_KEY = ["indicator_id", "entity_id", "period", "value", "kind", "qualifier"]
# a township comparison of more villages than MAX_BARS draws the TOP first and last, the
# village with NEAR on either side of it in rank, and the township's median (entity MEDIAN)
MAX_BARS = 15
TOP = 3
NEAR = 2
MEDIAN = "_median"


# --- selection --------------------------------------------------------------------------

def villages(tables: Tables) -> list[str]:
    """Ids of the villages with at least one figure about them or their bodies, in
    entities.csv order."""
    return tables.with_figures("village")


def village_choices(tables: Tables) -> list[tuple[str, str, str]]:
    """The valid villages as (id, Chinese name, English name), in entities.csv order."""
    return [(v, tables.name(v, "zh"), tables.name(v, "en")) for v in villages(tables)]


def resolve_village(village: str, tables: Tables) -> str:
    """The entity_id of *village*, given as an id or a Chinese or English name; a
    ParameterError suggesting the nearest valid village ("did you mean 北房身村?") and
    listing them all when it is none of them."""
    return params.resolve_choice("village", village, village_choices(tables))


def villages_view(tables: Tables, lang: str) -> tables_.Table:
    """The villages a profile can be made of, with their Chinese and English names, their
    township (both names) and how many figures the page gives about each: the values the
    ``village`` parameter takes."""
    params.check_lang(lang)
    rows = []
    for vid, zh, en in village_choices(tables):
        township = tables.township_of(vid)
        rows.append({"id": vid, "name_zh": zh, "name_en": en,
                     "township_zh": tables.name(township, "zh") if township else "",
                     "township_en": tables.name(township, "en") if township else "",
                     "figures": tables.figure_count(vid)})
    return tables_.show(pd.DataFrame(rows, columns=["id", "name_zh", "name_en", "township_zh", "township_en",
                                                    "figures"]), lang)


def _with_entity_level(tables: Tables, rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(entity_level=[tables.level(e) for e in rows["entity_id"]])


def village_figures(tables: Tables, village_id: str) -> pd.DataFrame:
    """Every figure about the village or an entity inside it, in page order, with the
    entity's level (village, cooperative, enterprise, village_group, person ...)."""
    ids = [village_id, *tables.descendants(village_id)]
    rows = tables.figures[tables.figures["entity_id"].isin(ids)]
    return _with_entity_level(tables, rows).reset_index(drop=True)


def township_figures(tables: Tables, village_id: str) -> pd.DataFrame:
    """The figures about the village's township itself (not about its villages)."""
    township = tables.township_of(village_id)
    rows = tables.figures[tables.figures["entity_id"] == township] if township else tables.figures.iloc[:0]
    return _with_entity_level(tables, rows).reset_index(drop=True)


def township_villages(tables: Tables, village_id: str) -> pd.DataFrame:
    """The villages of the same township (with figures or not) and how many figures each has."""
    township = tables.township_of(village_id)
    ids = tables.children(township, "village") if township else []
    return pd.DataFrame({"entity_id": ids, "name_zh": [tables.name(v, "zh") for v in ids],
                         "name_en": [tables.name(v, "en") for v in ids],
                         "figures": [tables.figure_count(v) for v in ids],
                         "this_village": [v == village_id for v in ids]})


def township_comparison(tables: Tables, village_id: str) -> pd.DataFrame:
    """For each indicator the village itself has that another village of its township also
    has (same period and kind), one row per village of the township: its value and its
    rank (1 = largest). Empty when no other village shares an indicator."""
    township = tables.township_of(village_id)
    if township is None:
        return tables.figures.iloc[:0].assign(rank=[], this_village=[])
    siblings = [v for v in villages(tables) if tables.township_of(v) == township]
    own = tables.figures[tables.figures["entity_id"] == village_id]
    parts = []
    for (indicator, period, kind), _ in own.groupby(["indicator_id", "period", "kind"], sort=False):
        rows = tables.figures[(tables.figures["indicator_id"] == indicator) & (tables.figures["period"] == period)
                              & (tables.figures["kind"] == kind) & tables.figures["entity_id"].isin(siblings)]
        rows = rows.drop_duplicates("entity_id")
        if rows["entity_id"].nunique() < 2:
            continue
        rows = rows.sort_values(["value", "entity_id"], ascending=[False, True], kind="stable")
        rank = rows["value"].rank(method="min", ascending=False).astype(int)
        parts.append(rows.assign(rank=rank.values, this_village=(rows["entity_id"] == village_id).values))
    if not parts:
        return tables.figures.iloc[:0].assign(rank=[], this_village=[])
    return pd.concat(parts, ignore_index=True)


def comparison_bars(comparison: pd.DataFrame) -> pd.DataFrame:
    """The bars a chart draws of a township comparison: each indicator's rows whole when
    they are at most MAX_BARS, else the TOP first and last in rank, the village and NEAR
    villages either side of it, and a row for the township's median (entity_id MEDIAN,
    drawn as derived) in its place: at most 2 * TOP + 2 * NEAR + 2 bars."""
    parts = []
    for _, rows in comparison.groupby("indicator_id", sort=False):
        if len(rows) <= MAX_BARS:
            parts.append(rows)
            continue
        rows = rows.reset_index(drop=True)
        me = rows.index[rows["this_village"].astype(bool)][0]
        keep = set(range(TOP)) | set(range(len(rows) - TOP, len(rows))) | set(range(me - NEAR, me + NEAR + 1))
        picked = rows.loc[sorted(i for i in keep if 0 <= i < len(rows))]
        median = rows.loc[[me]].assign(figure_id="", entity_id=MEDIAN, value=float(rows["value"].median()),
                                       rank=pd.NA, this_village=False, style="derived")
        above = picked["value"] >= median["value"].iloc[0]
        parts.append(pd.concat([picked[above], median, picked[~above]]))
    return pd.concat(parts, ignore_index=True) if parts else comparison


def figures_view(rows: pd.DataFrame, tables: Tables, lang: str = "en") -> tables_.Table:
    """The figures a reader wants from a selection: who, what, as printed, the exact value
    with its unit, qualifier, kind and period, all in *lang*."""
    params.check_lang(lang)
    return tables_.figures_table(rows, tables, lang)


def bodies_view(tables: Tables, village_id: str, lang: str):
    """The bodies inside the village the page gives figures for (a table), or a sentence
    saying there are none."""
    ents = tables.entities[tables.entities["entity_id"].isin(tables.descendants(village_id))]
    if ents.empty:
        return say_md("profile.no_bodies", lang, village=tables.name(village_id, lang))
    return tables_.show(pd.DataFrame({"name": ents[f"name_{lang}"].tolist(), "level": ents["level"].tolist(),
                                      "parent": [tables.name(p, lang) if p else "" for p in ents["parent_id"]]}), lang)


def village_heading(tables: Tables, village_id: str, lang: str):
    """The village and its township, named in *lang* (the other language in brackets)."""
    township = tables.township_of(village_id)
    other = "en" if lang == "zh" else "zh"
    return say_md("profile.heading", lang, village=tables.name(village_id, lang),
                  village_other=tables.name(village_id, other),
                  township=tables.name(township, lang) if township else "",
                  township_other=tables.name(township, other) if township else "")


def township_view(tables: Tables, village_id: str, lang: str):
    """The figures about the village's township itself (a table), or a sentence saying the
    page gives none."""
    rows = township_figures(tables, village_id)
    township = tables.township_of(village_id)
    if rows.empty:
        return say_md("profile.township.none", lang, township=tables.name(township, lang) if township else "")
    return figures_view(rows, tables, lang)


def township_villages_view(tables: Tables, village_id: str, lang: str):
    """The villages of the township and how many figures each has (a table), or a sentence."""
    rows = township_villages(tables, village_id)
    if rows.empty:
        return say_md("profile.township.no_villages", lang, village=tables.name(village_id, lang))
    return tables_.show(pd.DataFrame({"village": rows[f"name_{lang}"], "figures": rows["figures"],
                                      "this_village": rows["this_village"]}), lang, layout="cross")


def comparison_view(tables: Tables, village_id: str, lang: str):
    """The village's rank among its township's villages per shared indicator (a table), or a
    sentence saying no other village shares one."""
    comparison = township_comparison(tables, village_id)
    if comparison.empty:
        return say_md("profile.comparison.none", lang, village=tables.name(village_id, lang))
    from lingyuan.analysis import derive

    f = derive.figures(tables)
    return tables_.show(pd.DataFrame({
        "village": [tables.name(e, lang) for e in comparison["entity_id"]],
        "indicator": comparison[f"indicator_{lang}"].tolist(),
        "value": [f[i] for i in comparison["figure_id"]], "kind": comparison["kind"].tolist(),
        "rank": [int(r) for r in comparison["rank"]], "this_village": comparison["this_village"].tolist()}), lang,
        links=[datalinks.data_href(lang, i) for i in comparison["figure_id"]])


# --- chart ------------------------------------------------------------------------------

def chart_name(village_id: str) -> str:
    """The chart's name part: saved as figures/<lang>/village_<village_id>_profile.<fmt>."""
    return f"{village_id}_profile"


def period_label(period: str, lang: str) -> str:
    """2019 -> 2019年 / 2019; 2019-09 -> 2019年9月 / Sep 2019; cumulative -> 累计 / cumulative."""
    return words.period(period, lang)


def _bar_name(row, lang: str, extra: Sequence[str] = ()) -> str:
    """Indicator and period (and *extra*, what tells the bar from another of the same name);
    the entity is told by the bar's colour (key above the panels)."""
    name = charts.indicator_name(row, lang)
    inside = ("，" if lang == "zh" else ", ").join([period_label(row["period"], lang), *extra])
    return f"{name}（{inside}）" if lang == "zh" else f"{name} ({inside})"


def bar_names(rows: pd.DataFrame, tables: Tables, lang: str) -> list[str]:
    """The name of each bar of one panel: indicator and period. Where two bars would carry the
    same name (one person's time in the village, printed twice; a bridge of the village and
    one of its group), what tells them apart is added, the first that does: the entity's
    short name, the kind of figure, the paragraph of the page it is printed in."""
    tell = [lambda r: short_name(tables, r["entity_id"], lang),
            lambda r: words.KIND_WORD[lang][r["kind"]],
            lambda r: say("profile.bar.paragraph", lang, n=int(r["paragraph"])) if "paragraph" in r else ""]
    records = [r for _, r in rows.iterrows()]
    extras: list[list[str]] = [[] for _ in records]
    for apart in tell:
        names = [_bar_name(r, lang, e) for r, e in zip(records, extras)]
        clashing = [i for i, n in enumerate(names) if names.count(n) > 1]
        if not clashing:
            break
        for i in clashing:
            same = [records[j] for j in clashing if names[j] == names[i]]
            if len({apart(r) for r in same}) > 1:  # this tells them apart (or some of them)
                extras[i].append(apart(records[i]))
    names = [_bar_name(r, lang, e) for r, e in zip(records, extras)]
    # nothing in the data tells them apart: number them in page order
    return [f"{n} #{names[:i].count(n) + 1}" if names.count(n) > 1 else n for i, n in enumerate(names)]


def _wrap_bar_name(name: str, width: int, lang: str) -> str:
    """A bar name in lines of about *width*; one too long breaks before its bracket first, so
    the period and what follows it stay together ("...village\n(Sep 2019, paragraph 2)")."""
    if len(name) <= width:
        return name
    opening = "（" if lang == "zh" else " ("
    head, sep, tail = name.rpartition(opening)
    if not sep:
        return chartwrap.wrap_label(name, width, lang)
    return chartwrap.wrap_label(head, width, lang) + "\n" + chartwrap.wrap_label(sep.strip() + tail, width, lang)


def short_name(tables: Tables, entity_id: str, lang: str) -> str:
    """An entity's name without the names of the places above it that it starts with
    (凌源市宋杖子镇裕丰…合作社 -> 裕丰…合作社)."""
    name = tables.name(entity_id, lang)
    for ancestor in reversed(tables.ancestors(entity_id)):
        prefix = tables.name(ancestor, lang)
        if lang == "zh" and name.startswith(prefix) and len(name) > len(prefix) + 1:
            name = name[len(prefix):]
    return name


def _entity_colors(rows: pd.DataFrame, village_id: str) -> dict[str, str]:
    """The village in the first colour, each body inside it in the next (yellow left out: it
    is too light for thin bars on white)."""
    palette = [c for c in charts.PALETTE if c not in ("#F0E442", "#000000")]
    order = [village_id] + [e for e in dict.fromkeys(rows["entity_id"]) if e != village_id]
    return {e: palette[i % len(palette)] for i, e in enumerate(order)}


def _panels(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The figures grouped by unit, units in page order."""
    return [(u, rows[rows["unit"] == u]) for u in dict.fromkeys(rows["unit"])]


@layouts.chart
def profile_chart(tables: Tables, village_id: str, lang: str):
    """One village's figures, one horizontal bar panel per unit, and a panel per indicator it
    shares with other villages of its township (the village in colour, the others grey)."""
    charts.setup(lang)
    t = charts.in_language(lang)
    rows = village_figures(tables, village_id)
    if rows.empty:
        raise ValueError(f"village {village_id!r} has no figures; choose one of: {', '.join(villages(tables))}")
    shown = rows.drop_duplicates(DUPLICATE_KEY)
    repeated = len(rows) - len(shown)
    comparison = township_comparison(tables, village_id)
    # the village's own figures that a township panel shows are not drawn twice
    compared = set(comparison.loc[comparison["this_village"].astype(bool), "figure_id"]) if len(comparison) else set()
    groups = [("unit", u, g) for u, g in _panels(shown[~shown["figure_id"].isin(compared)])]
    comparison_of = dict(list(comparison.groupby("indicator_id", sort=False))) if len(comparison) else {}
    bars = comparison_bars(comparison) if len(comparison) else comparison
    groups += [("compare", ind, g) for ind, g in bars.groupby("indicator_id", sort=False)]
    ncols = 1 if len(groups) == 1 else 2
    nrows = math.ceil(len(groups) / ncols)
    heights = [max(len(g) for _, _, g in groups[r * ncols:(r + 1) * ncols]) * 0.42 + 0.9 for r in range(nrows)]
    fig, axes = charts.figure(nrows, ncols, width=12 if ncols == 2 else 8.5,
                              height=sum(heights) + 1.9, height_ratios=heights)
    colors = _entity_colors(shown, village_id)
    wrap = 20 if lang == "zh" else 26  # (34: a name of 31 letters ran past the left edge of a two-panel row)
    township = tables.township_of(village_id)
    t_name = tables.name(township, lang) if township else ""
    for k, (what, key, g) in enumerate(groups):
        ax = axes[k // ncols, k % ncols]
        if what == "unit":
            names = [_wrap_bar_name(n, wrap, lang) for n in bar_names(g, tables, lang)]
            charts.bars_from_rows(ax, g.reset_index(drop=True), lang, names=names, horizontal=True,
                                  colors=[colors[e] for e in g["entity_id"]], fontsize=8.5, width=0.6,
                                  exact=tables)
            ax.set_title(charts.row_unit_label(g.iloc[0], lang), fontsize=10)
        else:
            names = [chartwrap.wrap_label(_compared_name(r, lang, len(g) < len(comparison_of[key])), wrap, lang)
                     for _, r in g.iterrows()]
            cols = [colors[village_id] if r["this_village"] else "#999999" for _, r in g.iterrows()]
            charts.bars_from_rows(ax, g.reset_index(drop=True), lang, names=names, horizontal=True,
                                  colors=cols, fontsize=8.5, width=0.6, exact=tables)
            title = t(f"在{t_name}各村中：{charts.indicator_name(g.iloc[0], lang)}（{charts.row_unit_label(g.iloc[0], lang)}）",
                      f"Among {t_name}'s villages: {charts.indicator_name(g.iloc[0], lang)} "
                      f"({charts.row_unit_label(g.iloc[0], lang)})")
            # wrapped to what the panel's own width holds in either layout (two panels a row in
            # the wide one, the axes beside the village names in the narrow one)
            ax.set_title(chartwrap.wrap_label(title, 15 if lang == "zh" else 30, lang), fontsize=10)
            for tick, (_, r) in zip(ax.get_yticklabels(), g.iterrows()):
                if r["this_village"]:
                    tick.set_color(colors[village_id])  # (the CJK font has no bold weight)
        ax.tick_params(axis="y", labelsize=8)
        ax.xaxis.set_major_formatter(chartwrap.magnitude_formatter(lang))
        slots = max(len(h) for _, _, h in groups[(k // ncols) * ncols:(k // ncols + 1) * ncols])
        ax.set_ylim(slots - 0.5, -0.5)  # the same bar thickness in every panel of a row
    for k in range(len(groups), nrows * ncols):
        axes[k // ncols, k % ncols].set_visible(False)
    title, subtitle = _title(tables, village_id, shown, comparison, lang), _subtitle(tables, village_id, shown, lang)
    notes = [charts.marks_note(lang, qualifiers=set(shown["qualifier"]), kinds=set(shown["kind"]))]
    if repeated:
        notes.append(t(f"重复出现的{repeated}个数字只画一次", f"{repeated} figure(s) printed twice drawn once"))
    if not comparison.empty:
        notes.append(t("灰色 = 同乡镇其他村", "grey = other villages of the township"))
    if len(bars) < len(comparison):
        notes.append(say("profile.comparison.selection", lang, n=max(len(g) for g in comparison_of.values()),
                         shown=max(len(g) for what, _, g in groups if what == "compare") - 1, top=TOP, near=NEAR))
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang,
                  source_note=("；" if lang == "zh" else "; ").join(n for n in notes if n))
    _entity_key(fig, tables, colors, shown, lang)
    return fig


def _compared_name(row, lang: str, selected: bool) -> str:
    """A bar's name in a township panel: the village (with its rank when only some of the
    township's villages are drawn), or the words for the township's median."""
    if row["entity_id"] == MEDIAN:
        return say("profile.comparison.median", lang)
    name = charts.entity_name(row, lang)
    return say("profile.comparison.ranked", lang, rank=int(row["rank"]), name=name) if selected else name


def _entity_key(fig, tables: Tables, colors: dict[str, str], shown: pd.DataFrame, lang: str) -> None:
    """The key to the colours (what each figure is about), between the subtitle and the
    panels: the layout's box shrinks to make room."""
    from matplotlib.patches import Patch

    wrap = 14 if lang == "zh" else 30  # on a phone a long name takes two lines
    key = [Patch(facecolor=c, edgecolor=c, label=chartwrap.wrap_label(short_name(tables, e, lang), wrap, lang)
                 if layouts.narrow() else short_name(tables, e, lang)) for e, c in colors.items()
           if e in set(shown["entity_id"])]
    # the key goes between the subtitle and the panels: shrink the layout's box to make room
    engine = fig.get_layout_engine()
    left, bottom, width, height = engine.get()["rect"]
    ncol = 1 if layouts.narrow() else min(len(key), 3)  # on a phone, one name a line
    key_in = 0.35 + 0.26 * math.ceil(len(key) / ncol)
    fig.legend(handles=key, loc="upper left", bbox_to_anchor=(0.005, bottom + height),
               bbox_transform=fig.transFigure, ncols=ncol, frameon=False, fontsize=layouts.MIN_FONT,
               title=charts.bilingual("颜色 = 数字所属", "Colour = what the figure is about", lang),
               title_fontsize=layouts.MIN_FONT,
               alignment="left", handlelength=1.2)
    engine.set(rect=(left, bottom, width, height - key_in / fig.get_size_inches()[1]))


def _title(tables: Tables, village_id: str, shown: pd.DataFrame, comparison: pd.DataFrame, lang: str) -> str:
    """The finding: the village's rank in its township where there is one, else its largest
    amount of money, else how many figures the page gives."""
    v = tables.name(village_id, lang)
    township = tables.township_of(village_id)
    if not comparison.empty:
        first = comparison[comparison["indicator_id"] == comparison["indicator_id"].iloc[0]]
        me = first[first["this_village"]].iloc[0]
        n, rank = len(first), int(me["rank"])
        tied = int((first["rank"] == rank).sum()) > 1
        label = charts.figure_label(me, lang, with_unit=True, marker=True, exact=tables)
        ind = charts.indicator_name(me, lang)
        ind = ind.lower() if lang == "en" and ind[:1].isupper() and ind[1:2].islower() else ind
        return say("profile.title.rank" + (".tied" if tied else ""), lang, village=v, indicator=ind, label=label,
                   township=tables.name(township, lang), n=n, place=words.ordinal(rank, lang))
    money = shown[shown["unit"] == "CNY"]
    if not money.empty:
        top = money.sort_values("value", ascending=False, kind="stable").iloc[0]
        who = "" if top["entity_id"] == village_id else short_name(tables, top["entity_id"], lang)
        ind = charts.indicator_name(top, lang)
        return say("profile.title.money" + ("" if who else ".own"), lang, village=v, n=len(shown), who=who,
                   indicator=ind if lang == "zh" else ind[:1].lower() + ind[1:], period=period_label(top["period"], lang),
                   label=charts.figure_label(top, lang, with_unit=True, marker=True, exact=tables))
    own = shown[shown["entity_id"] == village_id]
    first = (own if len(own) else shown).iloc[0]  # the first figure about the village itself
    ind = charts.indicator_name(first, lang)
    return say("profile.title.first", lang, village=v, n=len(shown), indicator=ind if lang == "zh" else ind.lower(),
               label=charts.figure_label(first, lang, with_unit=True, exact=tables))


def _subtitle(tables: Tables, village_id: str, shown: pd.DataFrame, lang: str) -> str:
    township = tables.township_of(village_id)
    periods = sorted(set(shown["period"]), key=lambda p: (p in words.PERIOD_WORDS, p))
    # the units are the panels' titles: not repeated here
    return say("profile.subtitle", lang, township=tables.name(township, lang) if township else "",
               village_zh=tables.name(village_id, "zh"), village_en=tables.name(village_id, "en"),
               periods=("、" if lang == "zh" else ", ").join(period_label(p, lang) for p in periods))
