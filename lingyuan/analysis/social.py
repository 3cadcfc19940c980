"""Social security on the Lingyuan page: the safety net (低保/五保 and 兜底保障), health,
education, housing and employment support for registered poor people — the reported
figures as charts, and the numbers one can derive from them, with their arithmetic.

Derived numbers never enter the tidy table (design: they belong to the analysis).
Each one here is a :class:`Derived` record: the figure_ids it is computed from, the
formula written with those ids, the arithmetic written with their values, the exact
result and a rounded one. Charts mark derived values as derived (dotted, "推算"/"derived").

Two derivations rest on words rather than numbers, and say so:

* the poor population implied by the safety-net share: 13179 people are 45.6% of the
  poor, so the poor are 13179 / 0.456 ≈ 28,901 (approximate: the share is rounded to a
  tenth of a point, so anything from 28,870 to 28,933 fits);
* grade C renovations completed: the page says grade C houses are all finished (C级全部
  完工) without printing a number, so completed C = the 197 grade C houses planned.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pandas as pd

from lingyuan.analysis import charts, params
from lingyuan.dataset import pick  # shared: rows of the tidy table by figure_id

TOPIC = "social"

# --- reading figures ------------------------------------------------------------------


def load(data_dir: str | os.PathLike = "data/processed") -> pd.DataFrame:
    """The tidy figures table from *data_dir* (relative to the project root or absolute)."""
    from lingyuan import dataset

    folder = params.resolve_path(data_dir)
    if not (folder / "figures.csv").is_file():
        raise FileNotFoundError(
            f"{folder / 'figures.csv'} not found; build the processed data first "
            "(run notebooks/00_tidy_dataset.ipynb or `make data`), or pass data_dir=")
    return dataset.load_figures(folder)


def decimal_value(value) -> Decimal:
    """A table value as an exact Decimal (the shortest decimal that reads back as the float)."""
    d = Decimal(repr(float(value)))
    return d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))


def num(d: Decimal) -> str:
    """A Decimal in plain notation without trailing zeros: 28901.0 -> 28901."""
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def combined_qualifier(*qualifiers: str) -> str:
    """The qualifier of a number computed from figures: exact only if every input is."""
    return "exact" if all(q == "exact" for q in qualifiers) else "approx"


def combined_kind(*kinds: str) -> str:
    """A number computed from a forecast is a forecast, from a target a target."""
    for k in ("target", "forecast"):
        if k in kinds:
            return k
    return "actual"


# --- derived numbers ------------------------------------------------------------------

@dataclass(frozen=True)
class Derived:
    """A number computed from reported figures (never a figure of the tidy table)."""

    id: str
    name_zh: str
    name_en: str
    inputs: tuple[str, ...]  # figure_ids it is computed from
    formula: str  # the arithmetic with figure_ids
    arithmetic: str  # the same with the values, and the result
    exact: Decimal  # to 28 significant digits
    result: Decimal  # rounded to `places` decimals, half up
    places: int
    unit: str
    qualifier: str = "exact"
    kind: str = "actual"
    note_zh: str = ""
    note_en: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def name(self, lang: str) -> str:
        return charts.bilingual(self.name_zh, self.name_en, lang)

    def note(self, lang: str) -> str:
        return charts.bilingual(self.note_zh, self.note_en, lang)

    def label(self, lang: str, *, marker: bool = True, with_unit: bool = False) -> str:
        """Chart label: the value with its qualifier mark, and "（推算）" / " (derived)"."""
        return charts.value_label(self.result, self.unit, self.qualifier, lang, "derived",
                                  marker=marker, with_unit=with_unit)

    def as_row(self) -> dict:
        """A tidy-table-like row for the bar helpers, drawn in the derived style."""
        return {"figure_id": self.id, "value": float(self.result), "unit": self.unit,
                "qualifier": self.qualifier, "kind": self.kind, "style": "derived",
                "indicator_zh": self.name_zh, "indicator_en": self.name_en}


def _operands(figures: pd.DataFrame, ids) -> dict[str, pd.Series]:
    rows = pick(figures, ids)
    return {r["figure_id"]: r for _, r in rows.iterrows()}


def _round(exact: Decimal, places: int) -> Decimal:
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(figures: pd.DataFrame, numerator_id: str, denominator_id: str, *, id: str, name_zh: str,
          name_en: str, unit: str, places: int = 2, note_zh: str = "", note_en: str = "") -> Derived:
    """``numerator / denominator`` of two figures, computed exactly in Decimal."""
    ops = _operands(figures, [numerator_id, denominator_id])
    n, d = (decimal_value(ops[i]["value"]) for i in (numerator_id, denominator_id))
    if d == 0:
        raise ZeroDivisionError(f"{id}: {denominator_id} is 0; cannot divide by it")
    with localcontext() as ctx:
        ctx.prec = 28
        exact = n / d
    result = _round(exact, places)
    return Derived(
        id, name_zh, name_en, (numerator_id, denominator_id), f"{numerator_id} / {denominator_id}",
        f"{num(n)} / {num(d)} = {num(result)}", exact, result, places, unit,
        combined_qualifier(*(ops[i]["qualifier"] for i in ops)),
        combined_kind(*(ops[i]["kind"] for i in ops)), note_zh, note_en)


def implied_poor_population(figures: pd.DataFrame) -> Derived:
    """The poor population implied by the safety-net share: covered / (share / 100).

    13179 people are 45.6% of the poor, so the poor number 13179 / 0.456 = 28,901.3. The
    share is printed to a tenth of a point (45.55%–45.65%), so the total lies between
    13179 / 0.4565 and 13179 / 0.4555 (28,870–28,933): the result is approximate.
    """
    ops = _operands(figures, ["safety-net-covered", "safety-net-share"])
    covered = decimal_value(ops["safety-net-covered"]["value"])
    share = decimal_value(ops["safety-net-share"]["value"])
    with localcontext() as ctx:
        ctx.prec = 28
        exact = covered / (share / 100)
        half = Decimal("0.05")  # the share is printed to one decimal place
        low, high = covered / ((share + half) / 100), covered / ((share - half) / 100)
    result = _round(exact, 0)
    lo, hi = _round(low, 0), _round(high, 0)
    return Derived(
        "implied-poor-population", "推算贫困人口总数", "Poor population implied by the safety-net share",
        ("safety-net-covered", "safety-net-share"), "safety-net-covered / (safety-net-share / 100)",
        f"{num(covered)} / ({num(share)} / 100) = {num(_round(exact, 1))} ≈ {num(result)}",
        exact, result, 0, "person", "approx", combined_kind(*(r["kind"] for r in ops.values())),
        f"百分比只保留一位小数（{num(share - half)}%–{num(share + half)}%），故总数在{num(lo)}–{num(hi)}人之间",
        f"the share is printed to one decimal ({num(share - half)}%–{num(share + half)}%), so the total "
        f"lies between {num(lo)} and {num(hi)}", {"low": lo, "high": hi})


def reimbursement_per_stay(figures: pd.DataFrame) -> Derived:
    """Hospital costs reimbursed per hospital stay: 5953.2万元 / 10552 stays (人次)."""
    return ratio(figures, "hospital-costs-reimbursed", "hospital-admissions", id="reimbursement-per-stay",
                 name_zh="每人次报销住院费用", name_en="Hospital costs reimbursed per stay", unit="CNY",
                 places=2, note_zh="住院按人次计，同一人住院两次计两次",
                 note_en="stays are counted per admission: a person admitted twice counts twice")


def fees_waived_per_student(figures: pd.DataFrame) -> Derived:
    """School fees waived per poor student: 281.9万元 / 2599 students."""
    return ratio(figures, "fees-waived-amount", "students-fees-waived", id="fees-waived-per-student",
                 name_zh="每名学生减免就学费用", name_en="School fees waived per student",
                 unit="CNY_per_person", places=2)


def subsidies_per_student(figures: pd.DataFrame) -> Derived:
    """Education subsidies per poor student: 173.8万元 / 2599 students (the page does not say
    the subsidies went to the same 2599 students; the ratio assumes it)."""
    return ratio(figures, "education-subsidies", "students-fees-waived", id="subsidies-per-student",
                 name_zh="每名学生教育补助", name_en="Education subsidies per student",
                 unit="CNY_per_person", places=2,
                 note_zh="假定补助对象为同一批学生", note_en="assumes the subsidies went to the same 2,599 students")


def houses_completed_grade_c(figures: pd.DataFrame) -> Derived:
    """Grade C renovations completed: the page prints no number, it says C级全部完工 (all
    finished), so completed C = the grade C houses planned (197)."""
    ops = _operands(figures, ["houses-renovated-grade-c"])
    c = decimal_value(ops["houses-renovated-grade-c"]["value"])
    return Derived(
        "houses-completed-grade-c", "C级危房改造完工户数", "Grade C renovations completed",
        ("houses-renovated-grade-c",), "houses-renovated-grade-c  (C级全部完工: all grade C finished)",
        f"{num(c)} (all of them) = {num(c)}", c, c, 0, "household", "exact", "actual",
        "原文未印数字，只说“C级全部完工”", "no number printed: the page says grade C houses are all finished")


def _difference(figures, a: str, b: str, *, id: str, name_zh: str, name_en: str, unit: str,
                minuend: Derived | None = None, subtrahend: Derived | None = None,
                note_zh: str = "", note_en: str = "") -> Derived:
    """``a - b`` of two figures (or of derived values standing in for them)."""
    vals, quals, kinds = [], [], []
    for fid, d in ((a, minuend), (b, subtrahend)):
        if d is not None:
            vals.append(d.result), quals.append(d.qualifier), kinds.append(d.kind)
        else:
            row = _operands(figures, [fid])[fid]
            vals.append(decimal_value(row["value"])), quals.append(row["qualifier"]), kinds.append(row["kind"])
    exact = vals[0] - vals[1]
    inputs = tuple(x for fid, d in ((a, minuend), (b, subtrahend)) for x in ((d.inputs) if d else (fid,)))
    return Derived(id, name_zh, name_en, inputs, f"{a} - {b}", f"{num(vals[0])} - {num(vals[1])} = {num(exact)}",
                   exact, exact, 0, unit, combined_qualifier(*quals), combined_kind(*kinds), note_zh, note_en)


def houses_remaining_grade_c(figures: pd.DataFrame) -> Derived:
    """Grade C renovations still open: planned 197 - completed 197 = 0."""
    return _difference(figures, "houses-renovated-grade-c", "houses-completed-grade-c",
                       id="houses-remaining-grade-c", name_zh="C级危房未完工户数",
                       name_en="Grade C renovations not yet finished", unit="household",
                       subtrahend=houses_completed_grade_c(figures))


def houses_remaining_grade_d(figures: pd.DataFrame) -> Derived:
    """Grade D renovations still open: planned 1041 - completed 980 = 61 (the page says the
    rest reach the standard for moving in by October)."""
    return _difference(figures, "houses-renovated-grade-d", "houses-completed-grade-d",
                       id="houses-remaining-grade-d", name_zh="D级危房未完工户数",
                       name_en="Grade D renovations not yet finished", unit="household",
                       note_zh="原文：其余10月份全部达到入住标准", note_en="the page: the rest are to be ready by October")


def houses_remaining(figures: pd.DataFrame) -> Derived:
    """All renovations still open: planned 1238 - completed 1177 = 61."""
    return _difference(figures, "houses-renovated", "houses-completed", id="houses-remaining",
                       name_zh="危房改造未完工户数", name_en="Renovations not yet finished", unit="household")


def share_of(figures: pd.DataFrame, part_id: str, whole_id: str, *, id: str, name_zh: str, name_en: str,
             places: int = 1) -> Derived:
    """``part / whole × 100`` of two figures, in percent."""
    d = ratio(figures, part_id, whole_id, id=id, name_zh=name_zh, name_en=name_en, unit="percent",
              places=places + 2)
    with localcontext() as ctx:
        ctx.prec = 28
        exact = d.exact * 100
    result = _round(exact, places)
    n, w = d.arithmetic.split(" = ")[0].split(" / ")
    return Derived(id, name_zh, name_en, d.inputs, f"{part_id} / {whole_id} × 100",
                   f"{n} / {w} × 100 = {num(result)}", exact, result, places, "percent", d.qualifier, d.kind)


def completion_share(figures: pd.DataFrame) -> Derived:
    """Share of the renovations completed: 1177 / 1238 × 100 = 95.1%."""
    return share_of(figures, "houses-completed", "houses-renovated", id="houses-completion-share",
                    name_zh="危房改造完工率", name_en="Share of renovations completed")


def completion_share_grade_d(figures: pd.DataFrame) -> Derived:
    """Share of the grade D renovations completed: 980 / 1041 × 100 = 94.1%."""
    return share_of(figures, "houses-completed-grade-d", "houses-renovated-grade-d",
                    id="houses-completion-share-grade-d", name_zh="D级危房改造完工率",
                    name_en="Share of grade D renovations completed")


EMPLOYMENT_IDS = ("workshop-workers", "public-welfare-jobs", "labour-exported")


def workers_helped(figures: pd.DataFrame) -> Derived:
    """Workers from poor households helped into work by the three routes the page lists:
    workshops 101 + public-welfare posts 116 + placed elsewhere 701 = 918 (assuming no
    worker is counted in two routes; the page does not say)."""
    ops = _operands(figures, EMPLOYMENT_IDS)
    vals = [decimal_value(ops[i]["value"]) for i in EMPLOYMENT_IDS]
    total = sum(vals, Decimal(0))
    return Derived("workers-helped", "三种途径带动劳动力合计", "Workers helped into work, three routes together",
                   EMPLOYMENT_IDS, " + ".join(EMPLOYMENT_IDS), " + ".join(map(num, vals)) + f" = {num(total)}",
                   total, total, 0, "person", combined_qualifier(*(ops[i]["qualifier"] for i in ops)),
                   combined_kind(*(ops[i]["kind"] for i in ops)),
                   "假定没有人重复计入", "assumes nobody is counted in two routes")


def workers_per_workshop(figures: pd.DataFrame) -> Derived:
    """Workers per poverty-alleviation workshop: 101 / 6 = 16.8."""
    return ratio(figures, "workshop-workers", "poverty-workshops", id="workers-per-workshop",
                 name_zh="每个扶贫车间带动劳动力", name_en="Workers per workshop", unit="person", places=1)


def all_derived(figures: pd.DataFrame) -> list[Derived]:
    """Every derived number of the social-security notebook, in the order it shows them."""
    return [implied_poor_population(figures), reimbursement_per_stay(figures),
            fees_waived_per_student(figures), subsidies_per_student(figures),
            houses_completed_grade_c(figures), houses_remaining_grade_c(figures),
            houses_remaining_grade_d(figures), houses_remaining(figures), completion_share(figures),
            completion_share_grade_d(figures), workers_helped(figures), workers_per_workshop(figures)]


def derived_table(derived: list[Derived], lang: str = "en") -> pd.DataFrame:
    """The arithmetic of derived numbers, one row each: name, input figure_ids, formula,
    arithmetic with the values, result, unit, qualifier and note."""
    t = lambda zh, en: charts.bilingual(zh, en, lang)  # noqa: E731
    return pd.DataFrame([{
        t("推算值", "derived value"): d.name(lang),
        "id": d.id,
        t("所用数字", "input figure_ids"): ", ".join(d.inputs),
        t("公式", "formula"): d.formula,
        t("算式", "arithmetic"): d.arithmetic,
        t("结果", "result"): num(d.result),
        t("单位", "unit"): charts.unit_label(d.unit, lang),
        t("限定", "qualifier"): d.qualifier,
        t("说明", "note"): d.note(lang),
    } for d in derived])


def figures_table(figures: pd.DataFrame, topics=("safety_net", "health", "education", "housing", "employment"),
                  lang: str = "en") -> pd.DataFrame:
    """The reported figures of the social-security topics (city-wide ones), as printed and
    normalised, for the notebook's overview."""
    rows = figures[figures["topic"].isin(topics) & (figures["entity_id"] == "lingyuan")]
    out = rows[["figure_id", "topic", f"indicator_{lang}", "as_reported", "unit_reported", "value", "unit",
                "qualifier", "kind", "period"]]
    return out.reset_index(drop=True)


# --- charts ---------------------------------------------------------------------------

def _t(lang: str):
    return lambda zh, en: charts.bilingual(zh, en, lang)


def _panel(ax, rows: pd.DataFrame, lang: str, names, *, title: str, colors=None, labels=None,
           horizontal: bool = False, wrap: int = 7, fontsize: float = 9) -> None:
    """One panel of bars in one unit, with direct labels and the unit on the value axis."""
    names = [charts.wrap_label(n, wrap if lang == "zh" else wrap * 2, lang) for n in names]
    charts.bars_from_rows(ax, rows, lang, names=names, colors=colors, horizontal=horizontal,
                          labels=labels, fontsize=fontsize)
    ax.set_title(charts.wrap_label(title, 14 if lang == "zh" else 30, lang), fontsize=10)
    fmt = charts.magnitude_formatter(lang)
    (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(fmt)
    if not horizontal:
        n = len(rows)
        ax.set_xlim(-0.6, n - 0.4)
        ax.tick_params(axis="x", labelsize=8.5)


def _label(row, lang: str) -> str:
    return charts.figure_label(row, lang)


def safety_net_chart(figures: pd.DataFrame, lang: str):
    """People under the safety net, newly brought under 低保/五保, and the poor population
    the 45.6% share implies (derived); the share itself in its own panel."""
    charts.setup(lang)
    t = _t(lang)
    rows = pick(figures, ["safety-net-newly-covered", "safety-net-covered"])
    implied = implied_poor_population(figures)
    people = pd.concat([rows, pd.DataFrame([implied.as_row()])], ignore_index=True)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 2, width=9, height=5.0, width_ratios=[3, 1.3])
    names = [t("新纳入低保、五保", "newly under minimum-living or five-guarantee support"),
             t("兜底保障扶贫", "under the safety net"),
             t("推算贫困人口总数", "implied poor population")]
    labels = [_label(r, lang) for _, r in rows.iterrows()] + [implied.label(lang)]
    _panel(axes[0, 0], people, lang, names, title=t("人数（人）", "People"), labels=labels,
           colors=[c[4], c[0], c[0]], wrap=8)
    share = pick(figures, ["safety-net-share"])
    _panel(axes[0, 1], share, lang, [t("兜底保障占贫困人口", "share of the poor under the safety net")],
           title=t("占比（%）", "Share (%)"), colors=[c[0]], wrap=8)
    axes[0, 1].set_ylim(0, 100)
    axes[0, 1].set_xlim(-0.7, 0.7)
    covered = _label(rows.iloc[1], lang)
    share_l = _label(share.iloc[0], lang)
    approx = charts.value_label(implied.result, "person", "exact", lang)  # "about" says it
    title = t(f"兜底保障{covered}人，占贫困人口{share_l}：推算全市贫困人口约{approx}人",
              f"The safety net holds {covered} people, {share_l} of the poor: about {approx} poor people "
              "in all (derived)")
    subtitle = t("人与百分比；截至2019年9月，新纳入人数为累计；凌源市",
                 "People and percent; as of September 2019 (newly covered: cumulative); Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, qualifiers=["approx"], derived=True) + t(
        f"；推算：{implied.arithmetic}，{implied.note_zh}",
        f"; derived: {implied.arithmetic}; {implied.note_en}"))
    return fig


def health_chart(figures: pd.DataFrame, lang: str):
    """Hospital stays, costs reimbursed, the derived reimbursement per stay, and the patients
    given free medicine or extra serious-illness cover: one panel per unit."""
    charts.setup(lang)
    t = _t(lang)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 4, width=11, height=5.0, width_ratios=[1, 1, 1, 2])
    stays = pick(figures, ["hospital-admissions"])
    _panel(axes[0, 0], stays, lang, [t("住院", "hospital stays")], title=t("人次", "Person-times"),
           colors=[c[0]])
    money = pick(figures, ["hospital-costs-reimbursed"])
    _panel(axes[0, 1], money, lang, [t("报销住院费用", "costs reimbursed")], title=t("元", "Yuan"),
           colors=[c[2]])
    per = reimbursement_per_stay(figures)
    _panel(axes[0, 2], pd.DataFrame([per.as_row()]), lang, [t("每人次报销", "per stay")],
           title=t("元/人次（推算）", "Yuan per stay (derived)"), colors=[c[2]], labels=[per.label(lang)])
    people = pick(figures, ["free-medicine-patients", "serious-illness-patients"])
    _panel(axes[0, 3], people, lang, [t("免费发药的高血压、糖尿病患者", "hypertension and diabetes patients given free medicine"),
                                      t("落实再保障的大病患者", "serious-illness patients given extra cover")],
           title=t("人", "People"), colors=[c[5], c[3]], wrap=8)
    for ax in axes[0, :3]:
        ax.set_xlim(-0.7, 0.7)
    n_stays, reimb = _label(stays.iloc[0], lang), _label(money.iloc[0], lang)
    per_l = charts.value_label(per.result.quantize(Decimal(1), rounding=ROUND_HALF_UP), "CNY", "exact", lang)
    title = t(f"贫困人口住院{n_stays}人次，报销{reimb}，平均每人次约{per_l}（推算）",
              f"{n_stays} hospital stays of poor people, {reimb} reimbursed: about {per_l} per stay (derived)")
    subtitle = t("人次、元、元/人次与人；截至2019年9月累计；凌源市",
                 "Person-times, yuan, yuan per stay and people; cumulative to September 2019; Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, derived=True) + t(f"；推算：{per.arithmetic}；{per.note_zh}",
                                f"; derived: {per.arithmetic}; {per.note_en}"))
    return fig


def education_chart(figures: pd.DataFrame, lang: str):
    """Students helped, fees waived and subsidies paid, and both per student (derived)."""
    charts.setup(lang)
    t = _t(lang)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 3, width=10, height=5.0, width_ratios=[1, 2, 2])
    students = pick(figures, ["students-fees-waived"])
    _panel(axes[0, 0], students, lang, [t("贫困学生", "registered poor students")],
           title=t("人", "Students"), colors=[c[0]])
    axes[0, 0].set_xlim(-0.7, 0.7)
    money = pick(figures, ["fees-waived-amount", "education-subsidies"])
    _panel(axes[0, 1], money, lang, [t("减免就学费用", "school fees waived"), t("教育补助资金", "education subsidies")],
           title=t("元", "Yuan"), colors=[c[2], c[1]])
    fees, subs = fees_waived_per_student(figures), subsidies_per_student(figures)
    per = pd.DataFrame([fees.as_row(), subs.as_row()])
    _panel(axes[0, 2], per, lang, [t("每生减免", "fees waived per student"), t("每生补助", "subsidies per student")],
           title=t("元/人（推算）", "Yuan per student (derived)"), colors=[c[2], c[1]],
           labels=[fees.label(lang), subs.label(lang)])
    whole = lambda d: charts.value_label(d.result.quantize(Decimal(1), rounding=ROUND_HALF_UP),  # noqa: E731
                                         "CNY", "exact", lang)
    title = t(f"{_label(students.iloc[0], lang)}名贫困学生平均每人减免学费约{whole(fees)}、获补助约{whole(subs)}（推算）",
              f"Each of {_label(students.iloc[0], lang)} poor students had about {whole(fees)} of fees waived "
              f"and {whole(subs)} in subsidies (derived)")
    subtitle = t("人、元与元/人；截至2019年9月累计；凌源市",
                 "Students, yuan and yuan per student; cumulative to September 2019; Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, derived=True) + t(f"；推算：{fees.arithmetic}，{subs.arithmetic}（{subs.note_zh}）",
                                f"; derived: {fees.arithmetic}, {subs.arithmetic} ({subs.note_en})"))
    return fig


def housing_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Renovations per grade: planned, completed, remaining, and where each number comes from
    (reported figure_id or derived)."""
    planned = pick(figures, ["houses-renovated-grade-c", "houses-renovated-grade-d", "houses-renovated"])
    done_c, done_d = houses_completed_grade_c(figures), pick(figures, ["houses-completed-grade-d"]).iloc[0]
    done_all = pick(figures, ["houses-completed"]).iloc[0]
    rem = [houses_remaining_grade_c(figures), houses_remaining_grade_d(figures), houses_remaining(figures)]
    rows = []
    for i, grade in enumerate(("C", "D", "all")):
        done_value, done_source = ((done_c.result, "derived: " + done_c.formula) if grade == "C" else
                                   (decimal_value(done_d["value"]), done_d["figure_id"]) if grade == "D" else
                                   (decimal_value(done_all["value"]), done_all["figure_id"]))
        rows.append({"grade": grade, "planned": int(planned.iloc[i]["value"]),
                     "planned_source": planned.iloc[i]["figure_id"], "completed": int(done_value),
                     "completed_source": done_source, "remaining": int(rem[i].result),
                     "remaining_source": "derived: " + rem[i].formula})
    return pd.DataFrame(rows)


def housing_chart(figures: pd.DataFrame, lang: str):
    """Stacked bars per grade (C, D, all): completed (filled; grade C derived from 全部完工)
    and still open (hatched: the page says they will be ready in October)."""
    charts.setup(lang)
    t = _t(lang)
    c = charts.PALETTE
    table = housing_table(figures)
    share = completion_share(figures)
    fig, axes = charts.figure(1, 1, width=9, height=4.6)
    ax = axes[0, 0]
    names = [t("C级危房", "Grade C"), t("D级危房", "Grade D"), t("合计", "All")]
    colors = [c[0], c[0], c[2]]
    for i, row in table.iterrows():
        done_kind = "derived" if row["grade"] == "C" else "actual"
        done = ax.barh(i, row["completed"], 0.6, **charts.bar_style(done_kind, colors[i]))
        if row["remaining"]:
            ax.barh(i, row["remaining"], 0.6, left=row["completed"], **charts.bar_style("forecast", c[1]))
        done_l = charts.value_label(row["completed"], "household", "exact", lang)
        if row["completed"] > 0.3 * table["planned"].max():  # room inside the bar
            ax.bar_label(done, labels=[t(f"已完工 {done_l}", f"completed {int(row['completed']):,}")],
                         label_type="center", color="white", fontsize=9)
        mark = t("（推算：全部完工）", " (derived: all finished)") if row["grade"] == "C" else ""
        text_ = t(f"计划{row['planned']}户：已完工{done_l}{mark}，未完工{row['remaining']}",
                  f"planned {row['planned']:,}: completed {int(row['completed']):,}{mark}, "
                  f"open {row['remaining']}")
        if row["remaining"]:
            text_ += t("（10月完工）", " (due in October)")
        ax.text(row["planned"] + table["planned"].max() * 0.015, i, text_, va="center", ha="left",
                fontsize=9, color=charts.TEXT_COLOR)
    ax.set_yticks(range(len(table)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, table["planned"].max() * 1.75)
    ax.set_xlabel(charts.unit_label("household", lang))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(charts.magnitude_formatter(lang))
    top = table["planned"].max()
    ax.set_xticks([x for x in ax.get_xticks() if 0 <= x <= top * 1.05])  # no scale under the labels
    ax.set_xlim(0, top * 1.75)
    total = table.set_index("grade").loc["all"]
    d_open = int(table.set_index("grade").loc["D", "remaining"])
    share_l = charts.value_label(share.result, "percent", "exact", lang)
    title = t(f"危房改造{total['planned']}户已完工{total['completed']}户（{share_l}），未完工的{total['remaining']}户都是D级",
              f"{total['completed']:,} of {total['planned']:,} house renovations are finished ({share_l}); "
              f"the {total['remaining']} still open are all grade D")
    subtitle = t("户；计划为2019年，完工截至2019年9月；凌源市贫困户",
                 "Households; plan for 2019, completions as of September 2019; poor households of Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=t(
        f"斜线 = 未完工，原文说10月份全部达到入住标准；点纹 = 推算（C级完工数按“C级全部完工”取197户）；"
        f"D级未完工 {d_open} = 1041 − 980",
        f"Hatched = still open, the page says ready for moving in by October; dotted = derived (grade C "
        f"completed taken as all 197 from “C级全部完工”); grade D open {d_open} = 1041 − 980"))
    return fig


def employment_chart(figures: pd.DataFrame, lang: str):
    """Workshops, and the workers from poor households they, public-welfare posts and labour
    placement reached, with the derived total: two units, two panels."""
    charts.setup(lang)
    t = _t(lang)
    c = charts.PALETTE
    fig, axes = charts.figure(1, 2, width=9.5, height=5.0, width_ratios=[1, 4])
    shops = pick(figures, ["poverty-workshops"])
    _panel(axes[0, 0], shops, lang, [t("扶贫车间", "poverty-alleviation workshops")],
           title=t("个", "Workshops"), colors=[c[5]])
    axes[0, 0].set_xlim(-0.7, 0.7)
    workers = pick(figures, list(EMPLOYMENT_IDS))
    total = workers_helped(figures)
    rows = pd.concat([workers, pd.DataFrame([total.as_row()])], ignore_index=True)
    labels = [_label(r, lang) for _, r in workers.iterrows()] + [total.label(lang)]
    _panel(axes[0, 1], rows, lang, [t("扶贫车间", "in workshops"), t("公益岗位", "public-welfare posts"),
                                    t("外出输出", "placed in jobs elsewhere"), t("三项合计", "all three routes")],
           title=t("贫困户劳动力（人）", "Workers from poor households (people)"), labels=labels,
           colors=[c[5], c[4], c[0], c[0]], wrap=8)
    exported = _label(workers.iloc[2], lang)
    title = t(f"三种途径共带动贫困劳动力{num(total.result)}人（推算合计），其中外出输出{exported}人",
              f"Three routes helped {int(total.result):,} workers from poor households into work (derived "
              f"total); {exported} of them in jobs elsewhere")
    subtitle = t("个与人；截至2019年9月累计；凌源市", "Workshops and people; cumulative to September 2019; Lingyuan City")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=charts.marks_note(
        lang, derived=True) + t(f"；推算：{total.arithmetic}，{total.note_zh}",
                                f"; derived: {total.arithmetic}; {total.note_en}"))
    return fig


CHARTS = {
    "safety_net": safety_net_chart,
    "health": health_chart,
    "education": education_chart,
    "housing": housing_chart,
    "employment": employment_chart,
}


def save(fig, name: str, *, lang: str, figures_dir, formats) -> list:
    """Save a social-security chart as <figures_dir>/<lang>/social_<name>.<fmt>."""
    return charts.save(fig, name, topic=TOPIC, lang=lang, figures_dir=figures_dir, formats=formats)
