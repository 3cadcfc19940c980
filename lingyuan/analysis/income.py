"""Income on the Lingyuan page: the per-capita gain of poor people, village collective
income against the targets the city set, earnings per greenhouse and per project —
and the numbers one can derive from the reported figures, with their arithmetic
(defined in :mod:`lingyuan.analysis.derive`, marked derived on the charts).

Every word that depends on a figure is a phrase of :mod:`lingyuan.analysis.phrases`
filled from the data (ids ``income.*``), so a corrected figure flows through to the
charts and to the notebook's findings.
"""
from __future__ import annotations

import pandas as pd

from lingyuan import datalinks
from lingyuan.analysis import chartwrap, charts, layouts, marklinks, derive, tables as tables_
from lingyuan.analysis.words import comparison, say, say_md
from lingyuan.dataset import Tables, load, pick  # noqa: F401  (load: the notebook's entry point)

TOPIC = "income"
TARGET_IDS = ("villages-income-5wan-share-target", "village-income-target-5wan",
              "village-income-target-2wan", "village-income-target-2020")


# --- tables -----------------------------------------------------------------------

def arithmetic_table(derived: list[derive.Derived], lang: str = "en") -> tables_.Table:
    """The arithmetic of derived numbers, one row each: numerator and denominator (figure_id
    and value with its unit), result with its unit, qualifier and kind."""
    rows = [{
        "derived": d.name(lang),
        "numerator": derive_ref(d.numerator), "numerator_value": d.numerator,
        "denominator": derive_ref(d.denominator), "denominator_value": d.denominator,
        "result": d, "qualifier": d.qualifier, "kind": d.kind,
    } for d in derived]
    links = [datalinks.data_href(lang, datalinks.derived_anchor(d.id)) for d in derived]
    inputs = {f"{part}_value": [datalinks.data_href(lang, _anchor(getattr(d, part))) for d in derived]
              for part in ("numerator", "denominator")}
    return tables_.show(pd.DataFrame(rows), lang, links=links, cell_links={**inputs, "result": links})


def _anchor(op) -> str:
    """The data page's entry of an input: a figure's id, or a derived value's anchor."""
    return op.figure_id if isinstance(op, derive.Operand) else datalinks.derived_anchor(op.id)


def derive_ref(op) -> str:
    return op.figure_id if isinstance(op, derive.Operand) else op.id


def collective_income(tables: Tables) -> pd.DataFrame:
    """Every reported village collective income (gain) of a village, with its township,
    largest first."""
    f = tables.figures
    rows = f[f["indicator_id"].isin(["village-collective-income", "village-collective-income-gain"])
             & f["entity_id"].isin(tables.entities.loc[tables.entities["level"] == "village", "entity_id"])]
    rows = rows.assign(township=[tables.township_of(e) for e in rows["entity_id"]])
    return rows.sort_values(["value", "entity_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def targets_table(tables: Tables, lang: str = "en") -> tables_.Table:
    """The city's collective-income targets as transcribed: figure_id, what, as printed,
    value, qualifier, kind, period."""
    return tables_.figures_table(pick(tables.figures, TARGET_IDS), tables, lang,
                                 columns=("figure_id", "indicator", "as_reported", "value", "qualifier",
                                          "kind", "period"))


# --- charts -----------------------------------------------------------------------

@layouts.chart
def per_capita_chart(tables: Tables, lang: str):
    """The reported gain per poor person beside what the industries' expected yearly returns
    come to per person (derived), and the projects per person."""
    charts.setup(lang)
    f = derive.figures(tables)
    gain, benefit = f["income-gain-per-poor-person"], f["industry-annual-benefit-forecast"]
    body, head = derive.benefit_per_person(f), derive.benefit_per_person(f, "poor-reached-headline")
    reported = pick(tables.figures, ["income-gain-per-poor-person"])
    rows = pd.concat([reported, pd.DataFrame([body.as_row(), head.as_row()])], ignore_index=True)
    t = charts.bilingual
    fig, axes = charts.figure(1, 2, width=9, height=5.0, width_ratios=[3, 1])
    names = [t("人均增收\n（报道）", "income gain\nper person\n(reported)", lang),
             say("income.bar.per_reached", lang, benefit=benefit, reached=f["poor-reached-cumulative"]),
             say("income.bar.per_headline", lang, benefit=benefit, headline=f["poor-reached-headline"])]
    labels = [charts.figure_label(reported.iloc[0], lang, exact=tables), body.label(lang, stacked=True), head.label(lang, stacked=True)]
    charts.bars_from_rows(axes[0, 0], rows, lang, names=names, labels=labels,
                          colors=[charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[1]])
    charts.axis_unit(axes[0, 0], charts.unit_label("CNY_per_person", lang))
    per = pick(tables.figures, ["projects-per-poor-person"])
    charts.bars_from_rows(axes[0, 1], per, lang, names=[t("人均覆盖\n项目", "projects\nper person", lang)],
                          colors=charts.PALETTE[2], width=0.5, exact=tables)
    axes[0, 1].set_xlim(-0.6, 0.6)
    charts.axis_unit(axes[0, 1], charts.unit_label("project_per_person", lang))
    axes[0, 1].yaxis.set_major_formatter(chartwrap.magnitude_formatter(lang))  # 0.5, 1 (not 0.0, 1.0)
    title = say("income.per_capita.title", lang, gain=gain, per=body, cmp=comparison(body.result, gain.value, lang))
    subtitle = t("人均增收与人均覆盖项目截至2019年9月，年效益为预估；凌源市",
                 "Gain and coverage per person as of September 2019, "
                 "yearly returns an estimate; Lingyuan City", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=["approx"], derived=True) + say("income.per_capita.note", lang, benefit=benefit))
    return fig


def _target_lines(ax, targets: derive.Figures, lang: str) -> None:
    """The 5万 and 2万 target lines with their labels, above the dots."""
    share, five, two = (targets["villages-income-5wan-share-target"], targets["village-income-target-5wan"],
                        targets["village-income-target-2wan"])
    narrow = layouts.narrow()  # on a phone the first label takes two lines, higher up
    first = say("income.collective.target_line", lang, share=share, five=five,
                year=targets["village-income-target-2020"].period)
    for target, label, style, y in (
        (five, chartwrap.wrap_label(first, 14 if lang == "zh" else 28, lang) if narrow else first, "--", -1.75 if narrow else -1.45),
        (two, say("income.collective.rest_line", lang, two=two), ":", -0.85),
    ):
        ax.axvline(float(target.value), color=charts.MUTED_COLOR, linestyle=style, linewidth=1.2, zorder=1)
        ax.annotate(label, (float(target.value), y), xytext=(4, 0), textcoords="offset points", ha="left",
                    va="center", fontsize=8.5, color=charts.MUTED_COLOR,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})


def _village_dots(ax, rows: pd.DataFrame, tables: Tables, lang: str) -> list[str]:
    """One dot per village gain (hollow: forecast; an arrow for ≥/≤); the tick names."""
    names = []
    # the view is fitted once to every dot, not after each one (that walk over all the
    # artists drawn so far made a chart of n dots cost n²)
    ax.set_autoscale_on(False)
    for i, (_, row) in enumerate(rows.iterrows()):
        township = tables.name(row["township"], lang) if row["township"] else ""
        names.append(say("income.collective.village", lang, village=charts.entity_name(row, lang),
                         township=township))
        dot = ax.scatter([row["value"]], [i], s=70, zorder=3, **charts.point_style(row["kind"], charts.PALETTE[2]))
        shift = 9
        if row["qualifier"] in ("at_least", "at_most"):  # an arrow says "or more" / "or less"
            sign = 1 if row["qualifier"] == "at_least" else -1
            ax.annotate("", xy=(row["value"], i), xytext=(sign * 26, 0), textcoords="offset points",
                        arrowprops={"arrowstyle": "<-", "color": charts.PALETTE[2], "lw": 1.3,
                                    "shrinkA": 0, "shrinkB": 5})
            shift = 30
        label = ax.annotate(charts.figure_label(row, lang, exact=tables), (row["value"], i), xytext=(shift, 0),
                            textcoords="offset points", va="center", fontsize=9, color=charts.TEXT_COLOR)
        marklinks.row_link([dot, label], row, lang)
    ax.set_autoscale_on(True)
    ax.autoscale_view()
    return names


def collective_verdict(tables: Tables) -> dict:
    """How many village projects with an amount reach the 5万 target (and which is largest)."""
    rows = collective_income(tables)
    f = derive.figures(tables)
    five = f["village-income-target-5wan"]
    meet = [fid for fid in rows["figure_id"] if f.value(fid) >= five.value]
    return {"rows": rows, "five": five, "meet": len(meet), "n": len(rows),
            "top": f[rows.iloc[0]["figure_id"]] if len(rows) else None,
            "top_village": rows.iloc[0] if len(rows) else None}


@layouts.chart
def collective_chart(tables: Tables, lang: str):
    """Village collective income against the city's targets, as a dot plot with the target
    lines: 5万元 for at least 80% of a township's villages (all by 2020), 2万元 for the rest."""
    charts.setup(lang)
    v = collective_verdict(tables)
    rows, targets = v["rows"], derive.figures(tables)
    fig, axes = charts.figure(1, 1, width=8.5, height=5.2)
    ax = axes[0, 0]
    names = _village_dots(ax, rows, tables, lang)
    ax.set_yticks(range(len(rows)), names)
    ax.invert_yaxis()
    ax.set_ylim(len(rows) - 0.4, -2.2 if layouts.narrow() else -1.6)  # room above the dots for the target labels
    high = max(rows["value"].max(), max(float(targets.value(i)) for i in TARGET_IDS))
    ax.set_xlim(0, high * 1.3)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(chartwrap.magnitude_formatter(lang))
    ax.set_xlabel(charts.bilingual("元/年", "yuan per year", lang))
    _target_lines(ax, targets, lang)
    key = "income.collective.title.all" if v["meet"] == v["n"] else "income.collective.title.some"
    title = say(key, lang, n=v["n"], meet=v["meet"], target=v["five"])
    subtitle = charts.bilingual("项目预计每年为村集体增收（预计）与市定目标；2019年9月报道",
                                "Expected yearly gain in village collective income from each project (forecast) "
                                "against the city's targets; reported September 2019", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=set(rows["qualifier"])) + charts.bilingual(
        "；空心点 = 预计；报道的是项目带来的增收，不是村集体全部收入",
        "; hollow dots = forecast; the page gives the gain from one project, not a village's whole "
        "collective income", lang))
    return fig


BEILU_GAINS = derive.BEILU_VILLAGE_GAINS


def beilu_range(tables: Tables) -> tuple[str, str]:
    """The figure_ids of the lowest and the highest Beilu village gain (first in page order on a tie)."""
    f = derive.figures(tables)
    values = [(f.value(i), k, i) for k, i in enumerate(BEILU_GAINS)]
    low = min(values, key=lambda x: (x[0], x[1]))[2]
    high = min(values, key=lambda x: (-x[0], x[1]))[2]
    return low, high


@layouts.chart
def earnings_chart(tables: Tables, lang: str):
    """Earnings per greenhouse (reported net, and derived income and cost per building) and per
    project a year (derived average over the projects against reported projects)."""
    charts.setup(lang)
    f = derive.figures(tables)
    t = charts.bilingual
    fig, axes = charts.figure(1, 2, width=10, height=5.4)
    net = pick(tables.figures, ["yufeng-net-per-greenhouse-2018"])
    per_gh = [derive.income_per_greenhouse_2018(f), derive.income_per_shed_2019(f), derive.investment_per_shed_2018(f)]
    rows = pd.concat([net, pd.DataFrame([d.as_row() for d in per_gh])], ignore_index=True)
    labels = [charts.figure_label(net.iloc[0], lang, exact=tables)] + [d.label(lang, stacked=True) for d in per_gh]
    names = [t("2018纯收益\n棚均（报道）", "2018 net\nper greenhouse\n(reported)", lang),
             say("income.bar.per_greenhouse", lang, n=f["yufeng-greenhouses-grapes"]),
             say("income.bar.sales_per_shed", lang, n=f["yufeng-greenhouses-2018"]),
             say("income.bar.investment_per_shed", lang, n=f["yufeng-greenhouses-2018"])]
    c = charts.PALETTE
    charts.bars_from_rows(axes[0, 0], rows, lang, names=names, labels=labels,
                          colors=[c[2], c[2], c[2], c[5]], fontsize=8.5)
    axes[0, 0].set_title(t("北房身村葡萄：每栋大棚", "Beifangshen grapes: per building", lang), fontsize=10)
    charts.axis_unit(axes[0, 0], charts.unit_label("CNY_per_building", lang))
    axes[0, 0].yaxis.set_major_formatter(chartwrap.magnitude_formatter(lang))

    per_project = derive.benefit_per_project(f)
    low, high = beilu_range(tables)
    reported = pick(tables.figures, [low, high, "deli-income-2019", "yufeng-income-forecast"])
    rows2 = pd.concat([pd.DataFrame([per_project.as_row()]), reported], ignore_index=True)
    labels2 = [per_project.label(lang, stacked=True)] + [charts.figure_label(r, lang, exact=tables) for _, r in reported.iterrows()]
    names2 = [say("income.bar.per_project", lang, benefit=f["industry-annual-benefit-forecast"],
                  projects=f["industry-projects-cumulative"]),
              t("北炉乡村级\n项目（低）", "Beilu village\nproject (low)", lang),
              t("北炉乡村级\n项目（高）", "Beilu village\nproject (high)", lang),
              t("德利养猪场\n2019年收入", "Deli pig farm\n2019 income", lang),
              t("北房身葡萄\n每年收益", "Beifangshen\ngrapes a year", lang)]
    charts.bars_from_rows(axes[0, 1], rows2, lang, names=names2, labels=labels2,
                          colors=[c[1], c[2], c[2], c[3], c[2]], fontsize=8.5)
    axes[0, 1].set_title(t("每个项目每年", "Per project a year", lang), fontsize=10)
    charts.axis_unit(axes[0, 1], charts.unit_label("CNY", lang))
    axes[0, 1].yaxis.set_major_formatter(chartwrap.magnitude_formatter(lang))
    for ax in axes[0]:
        ax.tick_params(axis="x", labelsize=8)
    title = say("income.earnings.title", lang, net=f["yufeng-net-per-greenhouse-2018"],
                per_project=per_project)
    subtitle = t("2018—2019年及每年预计；凌源市", "2018–2019 and expected per year; Lingyuan City", lang)
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=["at_least"], kinds=["forecast"], derived=True) + t(
        "；北炉乡村级项目为村集体增收", "; Beilu projects: gain to the village collective", lang))
    return fig


# --- findings (the notebook's prose) ----------------------------------------------------

def findings(tables: Tables, section: str, lang: str):
    """The finding of one section of notebook 20, in *lang*, as Markdown made from the data:
    ``derived``, ``per_capita``, ``collective``, ``earnings``."""
    f = derive.figures(tables)
    benefit, gain = f["industry-annual-benefit-forecast"], f["income-gain-per-poor-person"]
    body, head = derive.benefit_per_person(f), derive.benefit_per_person(f, "poor-reached-headline")
    if section == "derived":
        return say_md("income.finding.derived", lang, benefit=benefit, reached=f["poor-reached-cumulative"],
                      per=body, headline=f["poor-reached-headline"], per_headline=head)
    if section == "per_capita":
        cmp = comparison(gain.value, body.result, lang)
        key = "income.finding.per_capita.same" if cmp.key == "about" else "income.finding.per_capita.differ"
        return say_md(key, lang, gain=gain, per=body, cmp=cmp, projects=f["projects-per-poor-person"])
    if section == "collective":
        v = collective_verdict(tables)
        key = "income.finding.collective.all" if v["meet"] == v["n"] else "income.finding.collective.some"
        return say_md(key, lang, n=v["n"], meet=v["meet"], five=v["five"], top=v["top"],
                      top_village=charts.entity_name(v["top_village"], lang))
    if section == "earnings":
        net, per_gh = f["yufeng-net-per-greenhouse-2018"], derive.income_per_greenhouse_2018(f)
        per_project = derive.benefit_per_project(f)
        low, high = beilu_range(tables)
        return say_md("income.finding.earnings", lang, net=net, per_gh=per_gh,
                      gh_cmp=comparison(per_gh.result, net.value, lang), per_project=per_project,
                      low=f[low], high=f[high], deli=f["deli-income-2019"])
    raise KeyError(f"no finding {section!r}; sections: derived, per_capita, collective, earnings")
