"""Social security on the Lingyuan page: the safety net (低保/五保 and 兜底保障), health,
education, housing and employment support for registered poor people — the reported
figures as charts, and the numbers one can derive from them (defined in
:mod:`lingyuan.analysis.derive`: the implied poor population, per-stay and per-student
amounts, the renovations still open, the workers helped), each with its arithmetic.

Two derivations rest on words rather than numbers, and say so: the poor population
implied by the safety-net share (approximate: the share is rounded to a tenth of a
point), and grade C renovations completed (the page says C级全部完工 without a number,
so completed C = the grade C houses planned). Every word that depends on a figure is a
phrase (``social.*`` in :mod:`lingyuan.analysis.phrases`).
"""
from __future__ import annotations

import pandas as pd

from lingyuan import datalinks
from lingyuan.analysis import chartwrap, charts, derive, layouts, marklinks, tables as tables_
from lingyuan.analysis.words import comparison, say, say_md
from lingyuan.dataset import Tables, load, pick  # noqa: F401  (load: the notebook's entry point)

TOPIC = "social"
TOPICS = ("safety_net", "health", "education", "housing", "employment")
EMPLOYMENT_IDS = derive.EMPLOYMENT_IDS


# --- tables ---------------------------------------------------------------------------

def derived_table(derived: list[derive.Derived], lang: str = "en") -> tables_.Table:
    """The arithmetic of derived numbers, one row each: name, id, input figure_ids, formula,
    arithmetic with the values, result with its unit, qualifier and note."""
    return tables_.show(pd.DataFrame([{
        "derived": d.name(lang), "id": d.id, "inputs": ", ".join(d.figure_ids), "formula": d.formula,
        "arithmetic": d.arithmetic, "result": d, "qualifier": d.qualifier, "note": d.note(lang),
    } for d in derived]), lang)


def figures_table(tables: Tables, lang: str = "en") -> tables_.Table:
    """The city-wide reported figures of the social-security topics, as printed and exact."""
    f = tables.figures
    rows = f[f["topic"].isin(TOPICS) & (f["entity_id"] == "lingyuan")]
    return tables_.figures_table(rows, tables, lang, columns=("figure_id", "topic", "indicator", "as_reported",
                                                              "value", "qualifier", "kind", "period"))


def housing_rows(tables: Tables) -> list[dict]:
    """Renovations per grade (C, D, all): planned, completed, remaining (exact), and where
    each number comes from (a figure_id or the derivation)."""
    f = derive.figures(tables)
    done_c = derive.houses_completed_grade_c(f)
    rem = [derive.houses_remaining_grade_c(f), derive.houses_remaining_grade_d(f), derive.houses_remaining(f)]
    planned = [f["houses-renovated-grade-c"], f["houses-renovated-grade-d"], f["houses-renovated"]]
    done = [done_c, f["houses-completed-grade-d"], f["houses-completed"]]
    return [{"grade": grade, "planned": planned[i].value, "planned_source": planned[i].figure_id,
             "completed": done[i].result,
             "completed_source": ("derived: " + done_c.formula) if i == 0 else done[i].figure_id,
             "remaining": rem[i].result, "remaining_source": "derived: " + rem[i].formula}
            for i, grade in enumerate(("C", "D", "all"))]


def housing_anchors(tables: Tables) -> dict[str, list[str]]:
    """Where each number of :func:`housing_rows` comes from on the data page, per column:
    a figure's id, or a derived value's anchor."""
    f = derive.figures(tables)
    derived = datalinks.derived_anchor
    return {"planned": ["houses-renovated-grade-c", "houses-renovated-grade-d", "houses-renovated"],
            "completed": [derived(derive.houses_completed_grade_c(f).id), "houses-completed-grade-d",
                          "houses-completed"],
            "remaining": [derived(d(f).id) for d in (derive.houses_remaining_grade_c, derive.houses_remaining_grade_d,
                                                     derive.houses_remaining)]}


def housing_table(tables: Tables, lang: str = "en") -> tables_.Table:
    """The renovations per grade, for the reader: households, each number linked to its
    figure or derivation on the data page."""
    anchors = housing_anchors(tables)
    return tables_.show(pd.DataFrame(housing_rows(tables)), lang, units_of=dict.fromkeys(anchors, "household"),
                        cell_links={c: [datalinks.data_href(lang, a) for a in v] for c, v in anchors.items()})


# --- charts ---------------------------------------------------------------------------

def _panel(ax, rows: pd.DataFrame, lang: str, names, *, title: str, colors=None, labels=None,
           horizontal: bool = False, wrap: int = 7, fontsize: float = 9, exact=None) -> None:
    """One panel of bars in one unit, with direct labels and the unit on the value axis."""
    names = [chartwrap.wrap_label(n, wrap if lang == "zh" else wrap * 2, lang) for n in names]
    charts.bars_from_rows(ax, rows, lang, names=names, colors=colors, horizontal=horizontal,
                          labels=labels, fontsize=fontsize, exact=exact)
    ax.set_title(chartwrap.wrap_label(title, 14 if lang == "zh" else 30, lang), fontsize=10)
    fmt = chartwrap.magnitude_formatter(lang)
    (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(fmt)
    if not horizontal:
        n = len(rows)
        ax.set_xlim(-0.6, n - 0.4)
        ax.tick_params(axis="x", labelsize=8.5)


@layouts.chart
def safety_net_chart(tables: Tables, lang: str):
    """People under the safety net, newly brought under 低保/五保, and the poor population
    the share implies (derived); the share itself in its own panel."""
    charts.setup(lang)
    t = charts.bilingual
    f = derive.figures(tables)
    rows = pick(tables.figures, ["safety-net-newly-covered", "safety-net-covered"])
    implied = derive.implied_poor_population(f)
    people = pd.concat([rows, pd.DataFrame([implied.as_row()])], ignore_index=True)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 2, width=9, height=5.0, width_ratios=[3, 1.3])
    names = [t("新纳入低保、五保", "newly under minimum-living or five-guarantee support", lang),
             t("兜底保障扶贫", "under the safety net", lang), t("推算贫困人口总数", "implied poor population", lang)]
    labels = [charts.figure_label(r, lang, exact=tables) for _, r in rows.iterrows()] + [implied.label(lang)]
    _panel(axes[0, 0], people, lang, names, title=t("人数（人）", "People", lang), labels=labels,
           colors=[c[4], c[0], c[0]], wrap=8)
    share = pick(tables.figures, ["safety-net-share"])
    _panel(axes[0, 1], share, lang, [t("兜底保障占贫困人口", "share of the poor under the safety net", lang)],
           title=t("占比（%）", "Share (%)", lang), colors=[c[0]], wrap=8, exact=tables)
    axes[0, 1].set_ylim(0, 100)
    axes[0, 1].set_xlim(-0.7, 0.7)
    title = say("social.safety_net.title", lang, covered=f["safety-net-covered"], share=f["safety-net-share"],
                implied=implied)
    subtitle = t("各图单位不同；截至2019年9月，新纳入人数为累计；凌源市",
                 "Each panel in its own unit; as of September 2019 (newly covered: cumulative); Lingyuan City", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=["approx"], derived=True) + say("social.safety_net.note", lang, arithmetic=implied.arithmetic,
                                                          note=implied.note(lang)))
    return fig


@layouts.chart
def health_chart(tables: Tables, lang: str):
    """Hospital stays, costs reimbursed, the derived reimbursement per stay, and the patients
    given free medicine or extra serious-illness cover: one panel per unit."""
    charts.setup(lang)
    t = charts.bilingual
    f = derive.figures(tables)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 4, width=11, height=5.0, width_ratios=[1, 1, 1, 2])
    stays = pick(tables.figures, ["hospital-admissions"])
    _panel(axes[0, 0], stays, lang, [t("住院", "hospital stays", lang)], title=t("人次", "Person-times", lang),
           colors=[c[0]], exact=tables)
    money = pick(tables.figures, ["hospital-costs-reimbursed"])
    _panel(axes[0, 1], money, lang, [t("报销住院费用", "costs reimbursed", lang)], title=t("元", "Yuan", lang),
           colors=[c[2]], exact=tables)
    per = derive.reimbursement_per_stay(f)
    _panel(axes[0, 2], pd.DataFrame([per.as_row()]), lang, [t("每人次报销", "per stay", lang)],
           title=t("元/人次（推算）", "Yuan per stay (derived)", lang), colors=[c[2]], labels=[per.label(lang)])
    people = pick(tables.figures, ["free-medicine-patients", "serious-illness-patients"])
    _panel(axes[0, 3], people, lang, [t("免费发药的高血压、糖尿病患者", "hypertension and diabetes patients given free medicine",
                                        lang), t("落实再保障的大病患者", "serious-illness patients given extra cover", lang)],
           title=t("人", "People", lang), colors=[c[5], c[3]], wrap=8, exact=tables)
    for ax in axes[0, :3]:
        ax.set_xlim(-0.7, 0.7)
    title = say("social.health.title", lang, stays=f["hospital-admissions"], reimbursed=f["hospital-costs-reimbursed"],
                per=per)
    subtitle = t("各图单位不同；截至2019年9月累计；凌源市",
                 "Each panel in its own unit; cumulative to September 2019; Lingyuan City", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, derived=True) + say("social.health.note", lang, arithmetic=per.arithmetic, note=per.note(lang)))
    return fig


@layouts.chart
def education_chart(tables: Tables, lang: str):
    """Students helped, fees waived and subsidies paid, and both per student (derived)."""
    charts.setup(lang)
    t = charts.bilingual
    f = derive.figures(tables)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 3, width=10, height=5.0, width_ratios=[1, 2, 2])
    students = pick(tables.figures, ["students-fees-waived"])
    _panel(axes[0, 0], students, lang, [t("贫困学生", "registered poor students", lang)],
           title=t("人", "Students", lang), colors=[c[0]], exact=tables)
    axes[0, 0].set_xlim(-0.7, 0.7)
    money = pick(tables.figures, ["fees-waived-amount", "education-subsidies"])
    _panel(axes[0, 1], money, lang, [t("减免就学费用", "school fees waived", lang),
                                     t("教育补助资金", "education subsidies", lang)],
           title=t("元", "Yuan", lang), colors=[c[2], c[1]], exact=tables)
    fees, subs = derive.fees_waived_per_student(f), derive.subsidies_per_student(f)
    per = pd.DataFrame([fees.as_row(), subs.as_row()])
    _panel(axes[0, 2], per, lang, [t("每生减免", "fees waived per student", lang),
                                   t("每生补助", "subsidies per student", lang)],
           title=t("元/人（推算）", "Yuan per student (derived)", lang), colors=[c[2], c[1]],
           labels=[fees.label(lang), subs.label(lang)])
    title = say("social.education.title", lang, students=f["students-fees-waived"], fees=fees, subs=subs)
    subtitle = t("各图单位不同；截至2019年9月累计；凌源市",
                 "Each panel in its own unit; cumulative to September 2019; Lingyuan City", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, derived=True) + say("social.education.note", lang, fees=fees.arithmetic, subs=subs.arithmetic,
                                  note=subs.note(lang)))
    return fig


def _housing_sources(tables: Tables) -> dict[str, tuple]:
    """Where each grade's bars come from: (completed, remaining, planned), each a figure
    (``derive.Operand``) or a derived number, for the links of the marks."""
    f = derive.figures(tables)
    return {"C": (derive.houses_completed_grade_c(f), derive.houses_remaining_grade_c(f),
                  f["houses-renovated-grade-c"]),
            "D": (f["houses-completed-grade-d"], derive.houses_remaining_grade_d(f), f["houses-renovated-grade-d"]),
            "all": (f["houses-completed"], derive.houses_remaining(f), f["houses-renovated"])}


def _link(artists, source, tables: Tables, lang: str) -> None:
    """Link marks to the figure or derived number *source* (see ``marklinks.link_marks``)."""
    if isinstance(source, derive.Derived):
        marklinks.derived_link(artists, source, lang)
    else:
        marklinks.row_link(artists, tables.figures.set_index("figure_id", drop=False).loc[source.figure_id], lang)


def _housing_bar(ax, i: int, row: dict, top, lang: str, color, sources: tuple, tables: Tables) -> None:
    """One grade's bar: completed (filled; derived for grade C) and still open (hatched), and
    its label at the right end (linked to the planned number, which it states first)."""
    c = charts.PALETTE
    narrow = layouts.narrow()
    height = 0.4 if narrow else 0.6  # on a phone, thinner: the label goes under the bar
    done_kind = "derived" if row["grade"] == "C" else "actual"
    done = ax.barh(i, float(row["completed"]), height, **charts.bar_style(done_kind, color))
    _link(done.patches, sources[0], tables, lang)
    if row["remaining"]:
        open_ = ax.barh(i, float(row["remaining"]), height, left=float(row["completed"]),
                        **charts.bar_style("forecast", c[1]))
        _link(open_.patches, sources[1], tables, lang)
    values = dict(planned=row["planned"], done=derive.Operand("", row["completed"], "household"),
                  remaining=row["remaining"])
    if row["completed"] > top * 3 / 10:  # room inside the bar
        inside = ax.bar_label(done, labels=[say("social.housing.done", lang, **values)], label_type="center",
                              color="white", fontsize=9)
        _link(inside, sources[0], tables, lang)
    key = "social.housing.bar_c" if row["grade"] == "C" else "social.housing.bar"
    text_ = say(key, lang, **values)
    if row["remaining"]:
        text_ += charts.bilingual("（10月完工）", " (due in October)", lang)
    if narrow:  # under the bar: beside it there is no room
        label = ax.text(0, i + height / 2 + 0.04, chartwrap.wrap_label(text_, 16 if lang == "zh" else 34, lang), va="top",
                        ha="left", fontsize=9, color=charts.TEXT_COLOR)
    else:
        # beside the bar, on two lines: on one it ran past the chart's right edge
        label = ax.text(float(row["planned"] + top * 15 / 1000), i, chartwrap.wrap_label(text_, 18 if lang == "zh"
                        else 30, lang), va="center", ha="left", fontsize=9, color=charts.TEXT_COLOR)
    _link([label], sources[2], tables, lang)


def housing_verdict(tables: Tables) -> dict:
    """The housing numbers the title and the prose tell: totals, the share done, and whether
    every renovation still open is grade D."""
    f = derive.figures(tables)
    rows = {r["grade"]: r for r in housing_rows(tables)}
    return {"rows": rows, "share": derive.completion_share(f), "all_d": rows["C"]["remaining"] == 0
            and rows["all"]["remaining"] == rows["D"]["remaining"], "planned_c": f["houses-renovated-grade-c"],
            "planned_d": f["houses-renovated-grade-d"], "done_d": f["houses-completed-grade-d"],
            "done": f["houses-completed"], "planned": f["houses-renovated"]}


@layouts.chart
def housing_chart(tables: Tables, lang: str):
    """Stacked bars per grade (C, D, all): completed (filled; grade C derived from 全部完工)
    and still open (hatched: the page says they will be ready in October)."""
    charts.setup(lang)
    t = charts.bilingual
    c = charts.PALETTE
    v = housing_verdict(tables)
    rows = list(v["rows"].values())
    top = max(r["planned"] for r in rows)
    fig, axes = charts.figure(1, 1, width=9, height=4.6)
    ax = axes[0, 0]
    sources = _housing_sources(tables)
    for i, (row, color) in enumerate(zip(rows, (c[0], c[0], c[2]))):
        _housing_bar(ax, i, row, top, lang, color, sources[row["grade"]], tables)
    ax.set_yticks(range(len(rows)), [t("C级危房", "Grade C", lang), t("D级危房", "Grade D", lang), t("合计", "All", lang)])
    ax.invert_yaxis()
    ax.set_xlim(0, float(top) * 1.75)
    ax.set_xlabel(charts.unit_label("household", lang))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(chartwrap.magnitude_formatter(lang))
    ax.set_xticks([x for x in ax.get_xticks() if 0 <= x <= float(top) * 1.05])  # no scale under the labels
    ax.set_xlim(0, float(top) * (1.08 if layouts.narrow() else 1.75))
    if layouts.narrow():
        ax.set_ylim(len(rows) + 0.3, -0.5)  # room for the last bar's label under it
    total = v["rows"]["all"]
    title = say("social.housing.title" + (".all_d" if v["all_d"] else ""), lang, planned=total["planned"],
                done=total["completed"], remaining=total["remaining"], share=v["share"])
    subtitle = t("计划为2019年，完工截至2019年9月；凌源市贫困户",
                 "Plan for 2019, completions as of September 2019; poor households of Lingyuan City", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=say(
        "social.housing.note", lang, c=v["planned_c"], d_open=v["rows"]["D"]["remaining"], d=v["planned_d"],
        d_done=v["done_d"]))
    return fig


@layouts.chart
def employment_chart(tables: Tables, lang: str):
    """Workshops, and the workers from poor households they, public-welfare posts and labour
    placement reached, with the derived total: two units, two panels."""
    charts.setup(lang)
    t = charts.bilingual
    f = derive.figures(tables)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 2, width=9.5, height=5.0, width_ratios=[1, 4])
    shops = pick(tables.figures, ["poverty-workshops"])
    _panel(axes[0, 0], shops, lang, [t("扶贫车间", "poverty-alleviation workshops", lang)],
           title=t("个", "Workshops", lang), colors=[c[5]], exact=tables)
    axes[0, 0].set_xlim(-0.7, 0.7)
    workers = pick(tables.figures, list(EMPLOYMENT_IDS))
    total = derive.workers_helped(f)
    rows = pd.concat([workers, pd.DataFrame([total.as_row()])], ignore_index=True)
    labels = [charts.figure_label(r, lang, exact=tables) for _, r in workers.iterrows()] + [total.label(lang)]
    _panel(axes[0, 1], rows, lang, [t("扶贫车间", "in workshops", lang), t("公益岗位", "public-welfare posts", lang),
                                    t("外出输出", "placed in jobs elsewhere", lang), t("三项合计", "all three routes", lang)],
           title=t("贫困户劳动力（人）", "Workers from poor households (people)", lang), labels=labels,
           colors=[c[5], c[4], c[0], c[0]], wrap=8)
    title = say("social.employment.title", lang, total=total, exported=f["labour-exported"])
    subtitle = t("各图单位不同；截至2019年9月累计；凌源市", "Each panel in its own unit; cumulative to September 2019; Lingyuan City",
                 lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, derived=True) + say("social.employment.note", lang, arithmetic=total.arithmetic, note=total.note(lang)))
    return fig


CHARTS = {
    "safety_net": safety_net_chart,
    "health": health_chart,
    "education": education_chart,
    "housing": housing_chart,
    "employment": employment_chart,
}


# --- findings (the notebook's prose) ------------------------------------------------------

def findings(tables: Tables, section: str, lang: str):
    """The finding of one section of notebook 30, in *lang*, as Markdown made from the data:
    ``safety_net``, ``education``, ``housing``, ``housing_chart``, ``employment``."""
    f = derive.figures(tables)
    if section == "safety_net":
        implied = derive.implied_poor_population(f)
        return say_md("social.finding.safety_net", lang, covered=f["safety-net-covered"], share=f["safety-net-share"],
                      implied=implied, arithmetic=implied.arithmetic, low=implied.extra["low"],
                      high=implied.extra["high"])
    if section == "education":
        fees, subs = derive.fees_waived_per_student(f), derive.subsidies_per_student(f)
        return say_md("social.finding.education", lang, students=f["students-fees-waived"], fees=fees, subs=subs,
                      cmp=comparison(fees.result, subs.result, lang))
    if section in ("housing", "housing_chart"):
        v = housing_verdict(tables)
        key = "social.finding." + section + (".all_d" if section == "housing_chart" and v["all_d"] else "")
        return say_md(key, lang, done_d=v["done_d"], done=v["done"], c=v["planned_c"],
                      remaining=v["rows"]["all"]["remaining"], remaining_d=v["rows"]["D"]["remaining"])
    if section == "employment":
        total, exported = derive.workers_helped(f), f["labour-exported"]
        most = exported.value * 2 > total.result
        return say_md("social.finding.employment" + (".most" if most else ""), lang, total=total,
                      exported=exported)
    raise KeyError(f"no finding {section!r}; sections: safety_net, education, housing, housing_chart, employment")
