"""Income on the Lingyuan page: the per-capita gain of poor people, village collective
income against the targets the city set, earnings per greenhouse and per project —
and the numbers one can derive from the reported figures, with their arithmetic.

Derived numbers never enter the tidy table (design: they belong to the analysis).
Each one here is a :class:`Derived` record: the figure_ids and values it is computed
from, the formula in words, the exact quotient and a sensibly rounded result, and a
qualifier and kind carried over from its inputs (a ratio of a forecast is a forecast;
a ratio over an approximate number is approximate). Charts mark them as derived.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pandas as pd

from lingyuan.analysis import charts
from lingyuan.analysis.industry import Tables, load, pick  # noqa: F401  (load: the notebooks' entry point)

TOPIC = "income"


# --- derived numbers --------------------------------------------------------------

@dataclass(frozen=True)
class Operand:
    """One reported figure used in a computation."""

    figure_id: str
    value: Decimal
    unit: str
    qualifier: str
    kind: str
    as_reported: str

    @classmethod
    def from_row(cls, row) -> "Operand":
        return cls(str(row["figure_id"]), Decimal(repr(float(row["value"]))).normalize(),
                   str(row["unit"]), str(row["qualifier"]), str(row["kind"]),
                   _printed(row))


@dataclass(frozen=True)
class Derived:
    """A number computed from reported figures: ``numerator / denominator``."""

    id: str
    name_zh: str
    name_en: str
    numerator: Operand
    denominator: Operand
    exact: Decimal  # the quotient to 28 significant digits
    result: Decimal  # rounded to `places` decimals (half up)
    places: int
    unit: str
    qualifier: str
    kind: str

    @property
    def formula(self) -> str:
        """The arithmetic in words: figure ids, values and the result."""
        return (f"{self.numerator.figure_id} ({_num(self.numerator.value)}) / "
                f"{self.denominator.figure_id} ({_num(self.denominator.value)}) = {_num(self.result)}")

    def name(self, lang: str) -> str:
        return charts.bilingual(self.name_zh, self.name_en, lang)

    def label(self, lang: str, *, marker: bool = True) -> str:
        """The chart label: value with its qualifier mark and, on a second line, "（推算）" /
        "(derived)"."""
        value = charts.value_label(self.result, self.unit, self.qualifier, lang, "derived")
        return value + ("\n" + charts.bilingual("（推算）", "(derived)", lang) if marker else "")

    def as_row(self) -> dict:
        """A tidy-table-like row for the bar helpers, styled as derived."""
        return {"figure_id": self.id, "value": float(self.result), "unit": self.unit,
                "qualifier": self.qualifier, "kind": self.kind, "style": "derived",
                "indicator_zh": self.name_zh, "indicator_en": self.name_en}


def _num(d: Decimal) -> str:
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def ratio_qualifier(numerator: str, denominator: str) -> str:
    """The qualifier of a quotient: exact over exact is exact; anything approximate makes it
    approximate; a lower bound on top (or an upper bound below) makes a lower bound, and
    the reverse an upper bound; bounds pulling both ways leave it approximate."""
    if "approx" in (numerator, denominator):
        return "approx"
    up = {"at_least": 1, "at_most": -1, "exact": 0}
    direction = up[numerator] - up[denominator]
    if numerator != "exact" and denominator != "exact" and numerator == denominator:
        return "approx"  # ≥ over ≥ (or ≤ over ≤): no bound either way
    return {0: "exact", 1: "at_least", -1: "at_most", 2: "at_least", -2: "at_most"}[direction]


def combined_kind(*kinds: str) -> str:
    """A number computed from a forecast is a forecast, from a target a target."""
    for k in ("target", "forecast"):
        if k in kinds:
            return k
    return "actual"


def ratio(figures: pd.DataFrame, numerator_id: str, denominator_id: str, *, id: str, name_zh: str,
          name_en: str, unit: str, places: int = 0) -> Derived:
    """``numerator / denominator`` of two figures of the tidy table, computed in Decimal."""
    num_row, den_row = (pick(figures, [fid]).iloc[0] for fid in (numerator_id, denominator_id))
    num, den = Operand.from_row(num_row), Operand.from_row(den_row)
    if den.value == 0:
        raise ZeroDivisionError(f"{id}: {denominator_id} is 0; cannot divide by it")
    with localcontext() as ctx:
        ctx.prec = 28
        exact = num.value / den.value
    result = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return Derived(id, name_zh, name_en, num, den, exact, result, places, unit,
                   ratio_qualifier(num.qualifier, den.qualifier), combined_kind(num.kind, den.kind))


def benefit_per_person(figures: pd.DataFrame, denominator_id: str = "poor-reached-cumulative") -> Derived:
    """The industries' expected yearly returns (2000万元) per poor person reached: over the
    62744 of the body, or over the headline's 6万余 (``poor-reached-headline``)."""
    headline = denominator_id == "poor-reached-headline"
    return ratio(figures, "industry-annual-benefit-forecast", denominator_id,
                 id="benefit-per-person" + ("-headline" if headline else ""),
                 name_zh="产业年效益人均（按" + ("标题6万余人" if headline else "62744人") + "）",
                 name_en="Yearly returns per person reached (" + (
                     "headline's 60,000-odd" if headline else "62,744") + ")",
                 unit="CNY_per_person", places=2)


def benefit_per_project(figures: pd.DataFrame) -> Derived:
    """The industries' expected yearly returns per project (2000万元 / 358)."""
    return ratio(figures, "industry-annual-benefit-forecast", "industry-projects-cumulative",
                 id="benefit-per-project", name_zh="产业年效益每个项目平均",
                 name_en="Yearly returns per project, on average", unit="CNY", places=0)


def income_per_greenhouse_2018(figures: pd.DataFrame) -> Derived:
    """Beifangshen's 2018 grape income per greenhouse planted (180万元 / 79 greenhouses)."""
    return ratio(figures, "yufeng-income-2018", "yufeng-greenhouses-grapes",
                 id="income-per-greenhouse-2018", name_zh="2018年每栋温室收入",
                 name_en="2018 income per greenhouse", unit="CNY_per_building", places=0)


def income_per_shed_2019(figures: pd.DataFrame) -> Derived:
    """Beifangshen's first 2019 sales per cold shed built in 2018 (40万元 / 28 sheds); the
    71 sheds of 2019 were only just built, so the 28 are taken as the ones that bore fruit."""
    return ratio(figures, "yufeng-income-2019", "yufeng-greenhouses-2018",
                 id="income-per-shed-2019", name_zh="2019年首批每栋冷棚收益",
                 name_en="2019 first sales per cold shed", unit="CNY_per_building", places=0)


def investment_per_shed_2018(figures: pd.DataFrame) -> Derived:
    """What each 2018 cold shed cost (85万元 / 28 sheds)."""
    return ratio(figures, "yufeng-investment-2018", "yufeng-greenhouses-2018",
                 id="investment-per-shed-2018", name_zh="2018年每栋冷棚投资",
                 name_en="2018 investment per cold shed", unit="CNY_per_building", places=0)


def all_derived(figures: pd.DataFrame) -> list[Derived]:
    """Every derived number of the income notebook, in the order it shows them."""
    return [benefit_per_person(figures), benefit_per_person(figures, "poor-reached-headline"),
            benefit_per_project(figures), income_per_greenhouse_2018(figures),
            income_per_shed_2019(figures), investment_per_shed_2018(figures)]


def arithmetic_table(derived: list[Derived], lang: str = "en") -> pd.DataFrame:
    """The arithmetic of derived numbers, one row each: numerator and denominator (figure_id
    and value), result, unit, qualifier, kind, and the status "derived"."""
    t = lambda zh, en: charts.bilingual(zh, en, lang)  # noqa: E731
    rows = [{
        t("推算值", "derived value"): d.name(lang),
        t("分子", "numerator"): d.numerator.figure_id,
        t("分子值", "numerator value"): _num(d.numerator.value),
        t("分母", "denominator"): d.denominator.figure_id,
        t("分母值", "denominator value"): _num(d.denominator.value),
        t("结果", "result"): _num(d.result),
        t("单位", "unit"): charts.unit_label(d.unit, lang),
        t("限定", "qualifier"): d.qualifier,
        t("类别", "kind"): d.kind,
        t("性质", "status"): t("推算", "derived"),
    } for d in derived]
    return pd.DataFrame(rows)


# --- selections -------------------------------------------------------------------

TARGET_IDS = ("villages-income-5wan-share-target", "village-income-target-5wan",
              "village-income-target-2wan", "village-income-target-2020")


def collective_income(tables: Tables) -> pd.DataFrame:
    """Every reported village collective income (gain) of a village, with its township,
    largest first."""
    f = tables.figures
    rows = f[f["indicator_id"].isin(["village-collective-income", "village-collective-income-gain"])
             & f["entity_id"].isin(tables.entities.loc[tables.entities["level"] == "village", "entity_id"])]
    rows = rows.assign(township=[tables.township_of(e) for e in rows["entity_id"]])
    return rows.sort_values(["value", "entity_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _printed(row) -> str:
    """The number and unit as printed (45.6% already holds its unit)."""
    number, unit = str(row["as_reported"]), row["unit_reported"]
    unit = unit if isinstance(unit, str) else ""
    return number if number.endswith(unit) else number + unit


def targets_table(tables: Tables, lang: str = "en") -> pd.DataFrame:
    """The city's collective-income targets as transcribed: figure_id, what, as printed,
    qualifier, kind, period."""
    rows = pick(tables.figures, TARGET_IDS)
    t = lambda zh, en: charts.bilingual(zh, en, lang)  # noqa: E731
    return pd.DataFrame({
        "figure_id": rows["figure_id"],
        t("指标", "indicator"): [charts.indicator_name(r, lang) for _, r in rows.iterrows()],
        t("原文", "as reported"): [_printed(r) for _, r in rows.iterrows()],
        t("数值", "value"): [charts.figure_label(r, lang, with_unit=True) for _, r in rows.iterrows()],
        t("限定", "qualifier"): rows["qualifier"],
        t("类别", "kind"): rows["kind"],
        t("时期", "period"): rows["period"],
    })


# --- charts -----------------------------------------------------------------------

def per_capita_chart(tables: Tables, lang: str):
    """The reported gain per poor person (695 yuan) beside what the industries' expected
    yearly returns come to per person (derived), and the projects per person (2.2)."""
    charts.setup(lang)
    f = tables.figures
    reported = pick(f, ["income-gain-per-poor-person"])
    body, head = benefit_per_person(f), benefit_per_person(f, "poor-reached-headline")
    rows = pd.concat([reported, pd.DataFrame([body.as_row(), head.as_row()])], ignore_index=True)
    t = lambda zh, en: charts.bilingual(zh, en, lang)  # noqa: E731
    fig, axes = charts.figure(1, 2, width=9, height=5.0, width_ratios=[3, 1])
    names = [t("人均增收\n（报道）", "income gain\nper person\n(reported)"),
             t("年效益2000万\n÷62744人", "¥20m a year\n÷ 62,744"),
             t("年效益2000万\n÷6万余人", "¥20m a year\n÷ 60,000-odd")]
    labels = [charts.figure_label(reported.iloc[0], lang), body.label(lang), head.label(lang)]
    charts.bars_from_rows(axes[0, 0], rows, lang, names=names, labels=labels,
                          colors=[charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[1]])
    axes[0, 0].set_title(t("元/人", "Yuan per person"), fontsize=10)
    axes[0, 0].set_ylabel(charts.unit_label("CNY_per_person", lang))
    per = pick(f, ["projects-per-poor-person"])
    charts.bars_from_rows(axes[0, 1], per, lang, names=[t("人均覆盖\n项目", "projects\nper person")],
                          colors=charts.PALETTE[2], width=0.5)
    axes[0, 1].set_xlim(-0.6, 0.6)
    axes[0, 1].set_title(t("个/人", "Projects per person"), fontsize=10)
    axes[0, 1].set_ylabel(charts.unit_label("project_per_person", lang))
    gain = charts.figure_label(reported.iloc[0], lang)
    under = body.result < Decimal(repr(float(reported.iloc[0]["value"]))) / 2
    title = t(f"贫困人口人均增收{gain}；产业年效益预估按人头平均为{_num(body.result)}元（推算），"
              + ("不到其一半" if under else "超过其一半"),
              f"Poor people gained {gain} each; the industries' expected yearly returns come to "
              f"¥{_num(body.result)} per person (derived), " + ("less" if under else "more") + " than half that")
    subtitle = t("元/人与个/人；人均增收与人均覆盖项目截至2019年9月，年效益为预估；凌源市",
                 "Yuan per person and projects per person; gain and coverage as of September 2019, "
                 "yearly returns an estimate; Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=["approx"], derived=True) + t(
        "；推算值以年效益预估（2000万元）除以带动贫困人口",
        "; derived = the estimated yearly returns (¥20 million) divided by the poor people reached"))
    return fig


def collective_chart(tables: Tables, lang: str):
    """Village collective income against the city's targets, as a dot plot with the target
    lines: 5万元 for at least 80% of a township's villages (all by 2020), 2万元 for the rest."""
    charts.setup(lang)
    rows = collective_income(tables)
    targets = pick(tables.figures, TARGET_IDS).set_index("figure_id")
    t = lambda zh, en: charts.bilingual(zh, en, lang)  # noqa: E731
    fig, axes = charts.figure(1, 1, width=8.5, height=5.2)
    ax = axes[0, 0]
    names = []
    for i, (_, row) in enumerate(rows.iterrows()):
        township = charts.entity_name(row["township"], lang, table=tables.figures) if row["township"] else ""
        names.append(f"{charts.entity_name(row, lang)}（{township}）" if lang == "zh"
                     else f"{charts.entity_name(row, lang)} ({township})")
        ax.scatter([row["value"]], [i], s=70, zorder=3, **charts.point_style(row["kind"], charts.PALETTE[2]))
        label = charts.figure_label(row, lang)
        shift = 9
        if row["qualifier"] in ("at_least", "at_most"):  # an arrow says "or more" / "or less"
            sign = 1 if row["qualifier"] == "at_least" else -1
            ax.annotate("", xy=(row["value"], i), xytext=(sign * 26, 0), textcoords="offset points",
                        arrowprops={"arrowstyle": "<-", "color": charts.PALETTE[2], "lw": 1.3,
                                    "shrinkA": 0, "shrinkB": 5})
            shift = 30
        ax.annotate(label, (row["value"], i), xytext=(shift, 0), textcoords="offset points",
                    va="center", fontsize=9, color=charts.TEXT_COLOR)
    ax.set_yticks(range(len(rows)), names)
    ax.invert_yaxis()
    ax.set_ylim(len(rows) - 0.4, -1.6)  # room above the dots for the target labels
    high = max(rows["value"].max(), targets["value"].max())
    ax.set_xlim(0, high * 1.3)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(charts.magnitude_formatter(lang))
    ax.set_xlabel(t("元/年", "yuan per year"))
    five, two = targets.loc["village-income-target-5wan"], targets.loc["village-income-target-2wan"]
    share = targets.loc["villages-income-5wan-share-target"]
    for row, text_, style, y in (
        (five, t(f"目标：{charts.figure_label(share, lang)}的村{charts.figure_label(five, lang)}"
                 "（2020年全部达到）",
                 f"target: {charts.figure_label(share, lang)} of villages at "
                 f"{charts.figure_label(five, lang)} (all by 2020)"), "--", -1.45),
        (two, t(f"其余村{charts.figure_label(two, lang)}", f"the rest at {charts.figure_label(two, lang)}"),
         ":", -0.85),
    ):
        ax.axvline(row["value"], color=charts.MUTED_COLOR, linestyle=style, linewidth=1.2, zorder=1)
        ax.annotate(text_, (row["value"], y), xytext=(4, 0), textcoords="offset points", ha="left",
                    va="center", fontsize=8.5, color=charts.MUTED_COLOR,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})
    meet = int((rows["value"] >= five["value"]).sum())
    target = charts.value_label(five["value"], "CNY", "exact", lang)
    title = t(f"报道金额的{len(rows)}个村级项目预计每年为村集体增收均不低于{target}的目标" if meet == len(rows)
              else f"报道金额的{len(rows)}个村级项目中{meet}个预计每年为村集体增收不低于{target}的目标",
              f"All {len(rows)} village projects with an amount are expected to bring their village "
              f"the {target} a year the city asks for" if meet == len(rows) else
              f"{meet} of {len(rows)} village projects with an amount are expected to bring their "
              f"village the {target} a year the city asks for")
    subtitle = t("项目预计每年为村集体增收（元/年，预计）与市定目标；2019年9月报道",
                 "Expected yearly gain in village collective income from each project (yuan per year, "
                 "forecast) against the city's targets; reported September 2019")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=set(rows["qualifier"])) + t(
        "；空心点 = 预计；报道的是项目带来的增收，不是村集体全部收入",
        "; hollow dots = forecast; the page gives the gain from one project, not a village's whole "
        "collective income"))
    return fig


def earnings_chart(tables: Tables, lang: str):
    """Earnings per greenhouse (reported net ≥2万元, and derived income and cost per building)
    and per project a year (derived average over 358 projects against reported projects)."""
    charts.setup(lang)
    f = tables.figures
    t = lambda zh, en: charts.bilingual(zh, en, lang)  # noqa: E731
    fig, axes = charts.figure(1, 2, width=10, height=5.4)
    net = pick(f, ["yufeng-net-per-greenhouse-2018"])
    per_gh = [income_per_greenhouse_2018(f), income_per_shed_2019(f), investment_per_shed_2018(f)]
    rows = pd.concat([net, pd.DataFrame([d.as_row() for d in per_gh])], ignore_index=True)
    labels = [charts.figure_label(net.iloc[0], lang)] + [d.label(lang) for d in per_gh]
    names = [t("2018纯收益\n棚均（报道）", "2018 net\nper greenhouse\n(reported)"),
             t("2018收入\n÷79栋温室", "2018 income\n÷ 79\ngreenhouses"),
             t("2019首批收益\n÷28栋冷棚", "2019 first sales\n÷ 28 sheds"),
             t("2018投资\n÷28栋冷棚", "2018 investment\n÷ 28 sheds")]
    c = charts.PALETTE
    charts.bars_from_rows(axes[0, 0], rows, lang, names=names, labels=labels,
                          colors=[c[2], c[2], c[2], c[5]], fontsize=8.5)
    axes[0, 0].set_title(t("北房身村葡萄：每栋大棚（元）", "Beifangshen grapes: per building (yuan)"), fontsize=10)
    axes[0, 0].set_ylabel(charts.unit_label("CNY_per_building", lang))
    axes[0, 0].yaxis.set_major_formatter(charts.magnitude_formatter(lang))

    per_project = benefit_per_project(f)
    reported = pick(f, ["dongzhangzi-collective-gain", "beilu-village-collective-gain",
                        "deli-income-2019", "yufeng-income-forecast"])
    rows2 = pd.concat([pd.DataFrame([per_project.as_row()]), reported], ignore_index=True)
    labels2 = [per_project.label(lang)] + [charts.figure_label(r, lang) for _, r in reported.iterrows()]
    names2 = [t("年效益2000万\n÷358个项目", "¥20m a year\n÷ 358 projects"),
              t("北炉乡村级\n项目（低）", "Beilu village\nproject (low)"),
              t("北炉乡村级\n项目（高）", "Beilu village\nproject (high)"),
              t("德利养猪场\n2019年收入", "Deli pig farm\n2019 income"),
              t("北房身葡萄\n每年收益", "Beifangshen\ngrapes a year")]
    charts.bars_from_rows(axes[0, 1], rows2, lang, names=names2, labels=labels2,
                          colors=[c[1], c[2], c[2], c[3], c[2]], fontsize=8.5)
    axes[0, 1].set_title(t("每个项目每年（元）", "Per project a year (yuan)"), fontsize=10)
    axes[0, 1].set_ylabel(charts.unit_label("CNY", lang))
    axes[0, 1].yaxis.set_major_formatter(charts.magnitude_formatter(lang))
    for ax in axes[0]:
        ax.tick_params(axis="x", labelsize=8)
    title = t(f"北房身村葡萄大棚2018年棚均纯收益{charts.figure_label(net.iloc[0], lang)}；全市产业年效益平均到每个项目约"
              f"{charts.value_label(per_project.result, 'CNY', 'exact', lang)}（推算）",
              f"Beifangshen's grape greenhouses netted {charts.figure_label(net.iloc[0], lang)} each in 2018; the city's "
              f"expected returns average {charts.value_label(per_project.result, 'CNY', 'exact', lang)} "
              "per project (derived)")
    subtitle = t("元/栋与元/项目；2018—2019年及每年预计；凌源市", "Yuan per building and per project; "
                 "2018–2019 and expected per year; Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=["at_least"], kinds=["forecast"], derived=True) + t(
        "；北炉乡村级项目为村集体增收", "; Beilu projects: gain to the village collective"))
    return fig


def save(fig, name: str, *, lang: str, figures_dir, formats) -> list:
    """Save an income chart as figures/<lang>/income_<name>.<fmt>."""
    return charts.save(fig, name, topic=TOPIC, lang=lang, figures_dir=figures_dir, formats=formats)
