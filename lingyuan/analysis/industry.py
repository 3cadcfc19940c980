"""The industry projects of the Lingyuan page, as charts: what the city-wide drive has
reached, what 2019 added, and the village projects the page describes (Beilu
township's "one village, one product", the Beifangshen grape cooperative, Er'angou's
Sichuan pepper and pig farm), plus the cooperatives drive.

Every chart is built from rows of the tidy table picked by their stable figure_id,
so a chart shows exactly the figures the page printed (with their qualifier and
kind) and nothing computed. The notebook ``10_industry_projects`` calls these
functions; each returns a finished matplotlib figure, or None when the township
filter leaves the chart empty.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from lingyuan.analysis import chartwrap, charts, layouts, derive, params, tables as tables_
from lingyuan.analysis.words import say, say_md
from lingyuan.dataset import Tables, load, pick  # noqa: F401  (load: the notebook's entry point)

TOPIC = "industry"


# --- data -------------------------------------------------------------------------

def township_choices(tables: Tables) -> list[tuple[str, str, str]]:
    """The townships as (id, Chinese name, English name), in entities.csv order."""
    return [(t, tables.name(t, "zh"), tables.name(t, "en")) for t in tables.townships()]


def check_township(township: str, tables: Tables) -> str:
    """The township id of *township* ("all", an id, or a Chinese or English name); a
    ParameterError suggesting the nearest one and listing them all otherwise."""
    return params.resolve_choice("township", township, township_choices(tables), special=("all",))


def townships_view(tables: Tables, lang: str):
    """The values the ``township`` parameter takes: "all", then each township with its
    Chinese and English names and how many of its villages the page gives figures for."""
    params.check_lang(lang)
    with_figures = tables.with_figures("village")
    per_township = Counter(tables.township_of(v) for v in with_figures)
    rows = [{"id": "all", "name_zh": "全部", "name_en": "all", "villages": len(with_figures)}]
    rows += [{"id": tid, "name_zh": zh, "name_en": en, "villages": per_township[tid]}
             for tid, zh, en in township_choices(tables)]
    return tables_.show(pd.DataFrame(rows, columns=["id", "name_zh", "name_en", "villages"]), lang)


def _in_township(tables: Tables, entity_id: str, township: str) -> bool:
    return township == "all" or tables.township_of(entity_id) == township


def _skip(tables: Tables, entity_id: str, township: str, lang: str) -> None:
    """Say why a village-level chart is not drawn for this township."""
    where = tables.township_of(entity_id)
    names = tables.entities.set_index("entity_id")[f"name_{lang}"]
    name, where_name = names.get(entity_id, entity_id), names.get(where, where)
    if where == entity_id:  # the chart is about a whole township
        print(charts.bilingual(f"跳过：本图为{name}（{where}），不是 township={township!r}",
                               f"skipped: this chart is about {name} ({where}), not township={township!r}",
                               lang))
    else:
        print(charts.bilingual(f"跳过：{name}属于{where_name}（{where}），不属于 township={township!r}",
                               f"skipped: {name} lies in {where_name} ({where}), not in township={township!r}",
                               lang))


# --- helpers ----------------------------------------------------------------------

def _pick(tables: Tables, ids) -> pd.DataFrame:
    """Rows of the tidy table by figure_id, carrying the exact values for their labels."""
    rows = pick(tables.figures, ids)
    rows.attrs["exact"] = tables.exact
    return rows


def _panel(ax, rows: pd.DataFrame, lang: str, names, *, title: str | None = None,
           colors=None, horizontal: bool = False, unit: bool = True, wrap: int = 8,
           marker: bool = False) -> None:
    """One panel of bars from tidy rows, all in one unit (named on the value axis)."""
    names = [chartwrap.wrap_label(n, wrap if lang == "zh" else wrap * 2, lang) for n in names]
    charts.bars_from_rows(ax, rows, lang, names=names, colors=colors, horizontal=horizontal,
                          marker=marker, exact=rows.attrs.get("exact"))
    if title:
        ax.set_title(chartwrap.wrap_label(title, 12 if lang == "zh" else 26, lang), fontsize=10)
    if unit:  # horizontal bars: under the value axis; vertical: above it, not sideways
        label = charts.row_unit_label(rows.iloc[0], lang)
        ax.set_xlabel(label) if horizontal else charts.axis_unit(ax, label)
    ax.yaxis.set_major_formatter(_axis_formatter(lang)) if not horizontal else \
        ax.xaxis.set_major_formatter(_axis_formatter(lang))


def _axis_formatter(lang: str):
    return chartwrap.magnitude_formatter(lang)


def _notes(lang: str, rows: pd.DataFrame, extra: str | None = None) -> str:
    note = charts.marks_note(lang, qualifiers=set(rows["qualifier"]), kinds=set(rows["kind"]))
    parts = [p for p in (note, extra) if p]
    return ("；" if lang == "zh" else "; ").join(parts)


# --- charts -----------------------------------------------------------------------

REACH_IDS = ("industry-projects-cumulative", "industry-projects-2019",
             "poor-reached-cumulative", "poor-reached-headline", "poor-reached-2019-forecast")


@layouts.chart
def reach_chart(tables: Tables, lang: str):
    """Projects and poor people reached: cumulative against the 2019 additions (two units,
    two panels); the headline's rounded 6万余 stands beside the exact 62744."""
    charts.setup(lang)
    rows = _pick(tables, REACH_IDS)
    fig, axes = charts.figure(1, 2, width=9, height=4.8, width_ratios=[2, 3])
    cum, new, hl = charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[4]
    t = charts.in_language(lang)
    _panel(axes[0, 0], rows.iloc[:2], lang,
           [t("累计", "Cumulative"), t("2019年新增", "New in 2019")],
           title=charts.indicator_name(rows.iloc[0], lang), colors=[cum, new])
    _panel(axes[0, 1], rows.iloc[2:], lang,
           [t("累计", "Cumulative"), t("标题所报", "Headline"), t("2019年新增项目", "2019 projects")],
           title=charts.indicator_name(rows.iloc[2], lang), colors=[cum, hl, new], marker=True, wrap=10)
    f = derive.figures(tables)
    title = say("industry.reach.title", lang, projects=f["industry-projects-cumulative"],
                reached=f["poor-reached-cumulative"], new=f["industry-projects-2019"],
                forecast=f["poor-reached-2019-forecast"])
    subtitle = t("扶贫产业项目与带动贫困人口，累计至2019年9月及2019年新增部分；凌源市",
                 "Poverty-alleviation industry projects and poor people reached; cumulative to "
                 "September 2019, and the 2019 additions; Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=_notes(
        lang, rows, t("2019年新增部分包含在累计数之内", "the 2019 additions are part of the cumulative totals")))
    return fig


CAPACITY_IDS = ("pigs-added-2019", "poultry-added-2019", "facility-agri-area-added-2019",
                "solar-capacity-added-2019")


@layouts.chart
def capacity_chart(tables: Tables, lang: str):
    """The 2019 new capacity by type, one panel each in its own unit (small multiples)."""
    charts.setup(lang)
    rows = _pick(tables, CAPACITY_IDS)
    fig, axes = charts.figure(1, 4, width=9, height=4.4)
    for i, ax in enumerate(axes[0]):
        row = rows.iloc[[i]]
        charts.bars_from_rows(ax, row, lang, colors=charts.PALETTE[i], with_unit=True, width=0.55,
                              exact=tables)
        ax.set_xticks([])
        ax.set_xlim(-0.6, 0.6)
        ax.set_title(chartwrap.wrap_label(charts.indicator_name(row.iloc[0], lang),
                                       7 if lang == "zh" else 16, lang), fontsize=10)
        charts.axis_unit(ax, charts.row_unit_label(row.iloc[0], lang))
        ax.yaxis.set_major_formatter(_axis_formatter(lang))
    f = derive.figures(tables)
    title = say("industry.capacity.title", lang, pigs=f["pigs-added-2019"], poultry=f["poultry-added-2019"],
                agri=f["facility-agri-area-added-2019"], solar=f["solar-capacity-added-2019"])
    subtitle = charts.bilingual("2019年新增产能，各图单位不同（见各图纵轴上方）；凌源市",
                                "New capacity added in 2019, each panel in its own unit (above its axis); "
                                "Lingyuan City", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang,
                  source_note=charts.bilingual("肉鸡和鹌鹑合计报道", "broilers and quail reported together",
                                               lang))
    return fig


BEILU_IDS = ("hezhangzi-collective-gain", "beilu-village-collective-gain", "nanlu-collective-gain",
             "muluoshuzhangzi-collective-gain", "dongzhangzi-collective-gain",
             "sanhezhuang-collective-gain")
#: what each village's project is: (zh, en, figure_id of the size printed with it, or None)
BEILU_PROJECTS = {
    "hezhangzi": ("冷棚葡萄（{}）", "grape greenhouses, {}", "hezhangzi-greenhouses"),
    "beilu-village": ("农业示范园", "farming demonstration park", None),
    "nanlu": ("农业示范园", "farming demonstration park", None),
    "muluoshuzhangzi": ("农业示范园", "farming demonstration park", None),
    "dongzhangzi": ("扶贫爱心菜园", "charity vegetable garden", None),
    "sanhezhuang": ("民宿（{}）", "homestay, {}", "sanhezhuang-homestay-area"),
    "sanshengyong": ("服装加工厂房（{}）", "garment workshop, {}", "sanshengyong-workshop-area"),
}


def _project(tables: Tables, entity_id: str, lang: str) -> str:
    """What a Beilu village's project is, with its printed size (12 greenhouses, 160 m²)."""
    if entity_id not in BEILU_PROJECTS:
        return ""
    zh, en, fid = BEILU_PROJECTS[entity_id]
    size = ""
    if fid:
        size = charts.figure_label(_pick(tables, [fid]).iloc[0], lang, with_unit=True, exact=tables)
        if lang == "en" and fid == "hezhangzi-greenhouses":
            size = size.replace("buildings", "").strip()
    return (zh if lang == "zh" else en).format(size)


@layouts.chart
def beilu_chart(tables: Tables, lang: str, township: str = "all"):
    """Beilu township's village projects and the collective income each expects a year
    (forecasts, hatched); the village without a printed amount is listed as such."""
    if not _in_township(tables, "beilu", township):
        _skip(tables, "beilu", township, lang)
        return None
    charts.setup(lang)
    rows = _pick(tables, BEILU_IDS)
    villages, given = tables.children("beilu", "village"), set(rows["entity_id"])
    without = [e for e in villages if e not in given]
    rows = rows.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    fig, axes = charts.figure(1, 1, width=8.5, height=4.6)
    ax = axes[0, 0]
    names = []
    for _, row in rows.iterrows():
        project = _project(tables, row["entity_id"], lang)
        names.append(f"{charts.entity_name(row, lang)}\n{project}" if project else charts.entity_name(row, lang))
    charts.bars_from_rows(ax, rows, lang, names=names, colors=charts.PALETTE[2], horizontal=True,
                          fontsize=9, exact=tables)
    ax.tick_params(axis="y", labelsize=8.5)
    ax.xaxis.set_major_formatter(_axis_formatter(lang))
    ax.set_xlabel(charts.bilingual("元/年", "yuan per year", lang))
    notes = []
    for e in without:
        name = tables.name(e, lang)
        project = _project(tables, e, lang)
        notes.append(say("industry.beilu.no_income", lang, name=name, project=project))
    low, high = rows["value"].min(), rows["value"].max()
    lab = lambda x: charts.value_label(x, "CNY", "exact", lang)  # noqa: E731
    n, total = len(rows), len(villages)
    title = say("industry.beilu.title", lang, total=total, n=n, low=lab(low), high=lab(high))
    subtitle = charts.bilingual("村级扶贫项目预计年增村集体经济收入（预计）；北炉乡，2019年9月报道",
                                "Expected yearly gain in village collective income from each village's "
                                "project (forecast); Beilu Township, reported September 2019",
                                lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang,
                  source_note=_notes(lang, rows, "；".join(notes) if lang == "zh" else "; ".join(notes)))
    return fig


GRAPE_BUILDINGS = ("yufeng-greenhouses-grapes", "yufeng-greenhouses-2018", "yufeng-greenhouses-2019")
GRAPE_VINES = ("yufeng-vines-founding-year", "yufeng-vines-2018")
GRAPE_MONEY = ("yufeng-income-2018", "yufeng-income-2019", "yufeng-income-forecast",
               "yufeng-investment-2018", "beifangshen-collective-gain")


@layouts.chart
def grape_chart(tables: Tables, lang: str, township: str = "all"):
    """The Beifangshen grape cooperative's build-out: greenhouses and vines by year, and its
    money (revenue by year, expected revenue, investment, the village's share)."""
    if not _in_township(tables, "beifangshen", township):
        _skip(tables, "beifangshen", township, lang)
        return None
    charts.setup(lang)
    b, v, m = _pick(tables, GRAPE_BUILDINGS), _pick(tables, GRAPE_VINES), _pick(tables, GRAPE_MONEY)
    t = charts.in_language(lang)
    fig, axes = charts.figure(1, 3, width=10, height=5.0, width_ratios=[3, 2, 5])
    heated, cold, money, invest, village = (charts.PALETTE[3], charts.PALETTE[4], charts.PALETTE[2],
                                            charts.PALETTE[5], charts.PALETTE[1])
    _panel(axes[0, 0], b, lang, [t("2017\n温室", "2017\ngreenhouses"), t("2018\n冷棚", "2018\ncold sheds"),
                                 t("2019\n冷棚", "2019\ncold sheds")],
           title=t("大棚", "Greenhouses and sheds"), colors=[heated, cold, cold], wrap=20)
    _panel(axes[0, 1], v, lang, [t("2017", "2017"), t("2018", "2018")],
           title=t("栽植葡萄", "Grape vines planted"), colors=[heated, cold])
    _panel(axes[0, 2], m, lang,
           [t("2018\n收入", "2018\nincome"), t("2019\n首批收益", "2019\nfirst sales"),
            t("今后每年\n预计收益", "expected\nper year"), t("2018\n冷棚投资", "2018\nshed\ninvestment"),
            t("村集体\n每年增收", "village\ngain a year")],
           title=t("金额", "Money"), colors=[money, money, money, invest, village],
           wrap=20)
    for ax in axes[0]:
        ax.tick_params(axis="x", labelsize=8.5)
    f = derive.figures(tables)
    title = say("industry.grapes.title", lang, income=f["yufeng-income-2018"], forecast=f["yufeng-income-forecast"])
    subtitle = t("裕丰土地股份农民专业合作社：大棚、葡萄、金额；2017年至2019年9月，宋杖子镇北房身村",
                 "Yufeng Land Shareholding Cooperative: buildings, vines, money; "
                 "2017 to September 2019; Beifangshen Village, Songzhangzi Town")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=_notes(
        lang, pd.concat([b, v, m]), say("industry.grapes.note", lang, poor=f["songzhangzi-poor-benefiting"])))
    return fig


PEPPER_IDS = ("pepper-area", "pepper-net-income", "pepper-poor-stable-income")
PIG_MONEY = ("deli-investment", "deli-income-2019")
PIG_IDS = ("deli-pig-sheds", "deli-pig-stock")


@layouts.chart
def erangou_chart(tables: Tables, lang: str, township: str = "all"):
    """Er'angou's two industries: Sichuan pepper (area, net income, poor people with a stable
    income) and the Deli pig farm (investment and 2019 revenue forecast, sheds, pigs)."""
    if not _in_township(tables, "erangou", township):
        _skip(tables, "erangou", township, lang)
        return None
    charts.setup(lang)
    pepper, pig_money, pig = _pick(tables, PEPPER_IDS), _pick(tables, PIG_MONEY), _pick(tables, PIG_IDS)
    t = charts.in_language(lang)
    fig, axes = charts.figure(2, 3, width=9, height=6.6)
    pc, gc = charts.PALETTE[2], charts.PALETTE[3]
    pepper_titles = [t("花椒种植面积", "Sichuan pepper area"), t("花椒已获纯收益", "Pepper net income so far"),
                     t("花椒带动稳定增收的贫困人", "Poor people with a stable income from pepper")]
    pig_titles = [t("德利养猪场：投资与收入", "Deli pig farm: investment and income"),
                  t("德利养猪场：猪舍", "Deli pig farm: sheds"), t("德利养猪场：生猪存栏", "Deli pig farm: pigs in stock")]

    def single(ax, row, color, title, with_unit=True):
        charts.bars_from_rows(ax, row, lang, colors=color, with_unit=with_unit, width=0.55, exact=tables)
        ax.set_xticks([])
        ax.set_xlim(-0.7, 0.7)
        ax.set_title(chartwrap.wrap_label(title, 12 if lang == "zh" else 26, lang), fontsize=10)
        charts.axis_unit(ax, charts.row_unit_label(row.iloc[0], lang))
        ax.yaxis.set_major_formatter(_axis_formatter(lang))

    for i, ax in enumerate(axes[0]):
        single(ax, pepper.iloc[[i]], pc, pepper_titles[i])
    _panel(axes[1, 0], pig_money, lang, [t("已投资", "invested"), t("2019年\n预计收入", "2019 income\nforecast")],
           title=pig_titles[0], colors=gc, marker=True)
    for i, ax in enumerate(axes[1, 1:]):
        single(ax, pig.iloc[[i]], gc, pig_titles[i + 1], with_unit=False)
    f = derive.figures(tables)
    title = say("industry.erangou.title", lang, area=f["pepper-area"], net=f["pepper-net-income"],
                pig=f["deli-income-2019"])
    subtitle = t("各图单位不同；截至2019年9月（收入为2019年预计）；沟门子镇二安沟村",
                 "Each panel in its own unit; as of September 2019 (income: 2019 forecast); "
                 "Er'angou Village, Goumenzi Town")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=_notes(
        lang, pd.concat([pepper, pig_money, pig]),
        t("纯收益与投资为累计", "net income and investment are cumulative")))
    return fig


COOP_IDS = ("coop-new-2019-p1", "coop-villages-covered-p1", "villages-supported-via-coops",
            "org-dept-funding", "investment-promotion-events", "projects-attracted")


@layouts.chart
def cooperatives_chart(tables: Tables, lang: str):
    """The cooperatives drive: new village-led cooperatives, villages covered and supported,
    the Organisation Department's funding, investment-promotion campaigns and projects."""
    charts.setup(lang)
    rows = _pick(tables, COOP_IDS)
    t = charts.in_language(lang)
    fig, axes = charts.figure(1, 5, width=10, height=4.6, width_ratios=[1, 2, 1, 1, 1])
    panels = [([0], None, t("新增村领办合作社", "New village-led cooperatives")),
              ([1, 2], [t("覆盖", "covered"), t("扶持", "supported")], t("行政村", "Villages")),
              ([3], None, t("组织部投入经费", "Organisation Department funds")),
              ([4], None, t("招商引资活动", "Investment campaigns")),
              ([5], None, t("引进项目", "Projects attracted"))]
    for k, (ax, (idx, names, title)) in enumerate(zip(axes[0], panels)):
        sub = rows.iloc[idx]
        charts.bars_from_rows(ax, sub, lang, names=names, colors=charts.PALETTE[k], width=0.6, exact=tables)
        if names is None:
            ax.set_xticks([])
            ax.set_xlim(-0.7, 0.7)
        ax.set_title(chartwrap.wrap_label(title, 8 if lang == "zh" else 16, lang), fontsize=9.5)
        charts.axis_unit(ax, charts.row_unit_label(sub.iloc[0], lang))
        ax.yaxis.set_major_formatter(_axis_formatter(lang))
    f = derive.figures(tables)
    title = say("industry.cooperatives.title", lang, coops=f["coop-new-2019-p1"],
                villages=f["coop-villages-covered-p1"])
    subtitle = t("合作社、行政村、经费、招商活动、引进项目；2019年1—9月及累计；凌源市",
                 "Cooperatives, villages, funds, campaigns, projects; January–September 2019 "
                 "and cumulative; Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=_notes(
        lang, rows, t("经费、扶持村、招商与引进项目为累计数", "funds, supported villages, campaigns and "
                      "projects are cumulative")))
    return fig


# --- findings (the notebook's prose) ------------------------------------------------------

def findings(tables: Tables, section: str, lang: str):
    """The finding of one section of notebook 10, in *lang*, as Markdown made from the data:
    ``reach``, ``beilu``, ``grapes``, ``erangou``, ``cooperatives``."""
    f = derive.figures(tables)
    if section == "reach":
        return say_md("industry.finding.reach", lang, projects=f["industry-projects-cumulative"],
                      reached=f["poor-reached-cumulative"], headline=f["poor-reached-headline"],
                      projects_2019=f["industry-projects-2019"], reach_2019=f["poor-reached-2019-forecast"])
    if section == "beilu":
        gains = [f[i] for i in BEILU_IDS if i in f]
        villages = tables.children("beilu", "village")
        high = max(gains, key=lambda g: g.value)
        return say_md("industry.finding.beilu", lang, n=len(gains), total=len(villages), high=high,
                      top_count=sum(g.value == high.value for g in gains))
    if section == "grapes":
        ids = dict(gh="yufeng-greenhouses-grapes", vines="yufeng-vines-founding-year", sheds_2018="yufeng-greenhouses-2018",
                   sheds_2019="yufeng-greenhouses-2019", income_2018="yufeng-income-2018", income_2019="yufeng-income-2019",
                   forecast="yufeng-income-forecast", collective="beifangshen-collective-gain")
        return say_md("industry.finding.grapes", lang, **{k: f[i] for k, i in ids.items()})
    if section == "erangou":
        ids = dict(area="pepper-area", net="pepper-net-income", poor="pepper-poor-stable-income", invest="deli-investment",
                   sheds="deli-pig-sheds", pigs="deli-pig-stock", income="deli-income-2019")
        return say_md("industry.finding.erangou", lang, **{k: f[i] for k, i in ids.items()})
    if section == "cooperatives":
        ids = dict(coops="coop-new-2019-p1", villages="coop-villages-covered-p1", funds="org-dept-funding",
                   supported="villages-supported-via-coops", events="investment-promotion-events",
                   projects="projects-attracted")
        return say_md("industry.finding.cooperatives", lang, **{k: f[i] for k, i in ids.items()})
    raise KeyError(f"no finding {section!r}; sections: reach, beilu, grapes, erangou, cooperatives")
