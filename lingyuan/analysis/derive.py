"""Derived numbers: what one can compute from the reported figures, defined once and used
by the charts, the tables, the notebooks' prose and the audit alike.

A derived number never enters the tidy table (design: it belongs to the analysis). Each
is a :class:`Derived`: the figures (or other derived numbers) it is computed from, the
formula with their ids, the arithmetic with their values, the exact result (Decimal, to
28 significant digits), a result rounded for reading, and a qualifier and kind carried
over from its inputs. Every input value is the exact Decimal written in figures.csv
(:attr:`lingyuan.dataset.Tables.exact`), so a sum of counts is exact and a label shows the
digits of the file.

How qualifiers carry over (one rule for sums, differences, products and ratios). All
figures here are positive, so each operation is monotone in each input: a sum or a
product grows with both inputs; a difference or a ratio grows with the first and shrinks
with the second. A lower bound (≥) on an input the result grows with gives a lower bound
on the result; on an input the result shrinks with, an upper bound; the reverse for an
upper bound (≤). So:

* every input exact → exact;
* any input approximate → approximate (its error has no direction);
* the bounds that remain all push the same way → that bound (≥a / b is ≥a/b; a / ≥b is
  ≤a/b; ≥a − ≤b is ≥a−b);
* bounds pushing both ways (≥a / ≥b) → approximate: nothing bounds it either way.

A number printed to a limited precision is not a bound: 45.6% stands for 45.55%–45.65%.
Where a derivation divides by such a share, the result is approximate and its range is
kept (:func:`implied_poor_population`).

How kinds carry over: a number computed from a forecast is a forecast, from a target a
target (a target before a forecast when both are present); otherwise actual.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pandas as pd

from lingyuan.analysis import words
from lingyuan.dataset.raw import records

PRECISION = 28  # significant digits of exact results


# --- inputs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Operand:
    """One reported figure used in a computation, with its exact value."""

    figure_id: str
    value: Decimal
    unit: str = ""
    qualifier: str = "exact"
    kind: str = "actual"
    as_reported: str = ""
    unit_reported: str = ""
    period: str = ""

    @property
    def result(self) -> Decimal:
        """The value (so figures and derived numbers are read alike)."""
        return self.value

    @property
    def figure_ids(self) -> tuple[str, ...]:
        return (self.figure_id,)

    @property
    def printed(self) -> str:
        """The number and unit as printed (45.6% already holds its unit): 6万余人."""
        unit = self.unit_reported or ""
        return self.as_reported if self.as_reported.endswith(unit) else self.as_reported + unit

    @property
    def zh_unit(self) -> str | None:
        """The printed unit word when it names the canonical unit's quantity (只, 名, 个)."""
        from lingyuan.quantities import units

        p = units.PRINTED_UNITS.get(self.unit_reported)
        if p and p.multiplier == 1 and self.unit in p.allowed and not self.unit.startswith("CNY"):
            return self.unit_reported
        return None


def _text(row, column: str, default: str = "") -> str:
    value = row.get(column, default) if hasattr(row, "get") else default
    return value if isinstance(value, str) else default


class Figures:
    """The reported figures by id, as :class:`Operand` records.

    Built from :class:`lingyuan.dataset.Tables` (the exact values of figures.csv) or from a
    DataFrame with at least ``figure_id`` and ``value`` (a hand-built table in a test; its
    floats are read by their shortest repr).
    """

    def __init__(self, data):
        if isinstance(data, Figures):
            self._rows, self._exact = data._rows, data._exact
            return
        frame = data.figures if hasattr(data, "figures") and hasattr(data, "exact") else data
        exact = dict(getattr(data, "exact", {}) or {})
        rows = getattr(data, "figure_rows", None) if frame is not data else None
        self._rows = rows if isinstance(rows, dict) else {str(r["figure_id"]): r for r in records(frame)}
        self._exact = exact

    def __contains__(self, figure_id: str) -> bool:
        return figure_id in self._rows and self._value(figure_id) is not None

    def _value(self, figure_id: str) -> Decimal | None:
        if figure_id in self._exact:
            return self._exact[figure_id]
        value = self._rows[figure_id].get("value")
        if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
            return None
        return words.dec(value).normalize() if not isinstance(value, Decimal) else value

    def __getitem__(self, figure_id: str) -> Operand:
        if figure_id not in self._rows:
            raise KeyError(f"figure_id not in the tidy table: {figure_id}; rebuild data/processed from data/raw")
        row, value = self._rows[figure_id], self._value(figure_id)
        if value is None:
            raise KeyError(f"figure {figure_id} has no value in the tidy table")
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return Operand(figure_id, value, _text(row, "unit"), _text(row, "qualifier", "exact") or "exact",
                       _text(row, "kind", "actual") or "actual", _text(row, "as_reported"),
                       _text(row, "unit_reported"), _text(row, "period"))

    def value(self, figure_id: str) -> Decimal:
        return self[figure_id].value

    def ids(self) -> list[str]:
        return [f for f in self._rows if f in self]


def figures(source) -> Figures:
    """*source* (Tables, a tidy DataFrame, or Figures) as :class:`Figures`."""
    return source if isinstance(source, Figures) else Figures(source)


# --- derived numbers --------------------------------------------------------------------

@dataclass(frozen=True)
class Derived:
    """A number computed from reported figures (never a figure of the tidy table)."""

    id: str
    name_zh: str
    name_en: str
    inputs: tuple  # the Operand and Derived records it is computed from
    formula: str  # the arithmetic with figure ids
    arithmetic: str  # the same with the values, and the result
    exact: Decimal
    result: Decimal  # rounded to `places` decimals, half up
    places: int
    unit: str
    qualifier: str = "exact"
    kind: str = "actual"
    note_zh: str = ""
    note_en: str = ""
    extra: Mapping = field(default_factory=dict, compare=False)

    @property
    def figure_ids(self) -> tuple[str, ...]:
        """Every reported figure it rests on, in order, once each."""
        return tuple(dict.fromkeys(i for op in self.inputs for i in op.figure_ids))

    @property
    def numerator(self):
        return self.inputs[0]

    @property
    def denominator(self):
        return self.inputs[1]

    def name(self, lang: str) -> str:
        return words.text(self.name_zh, self.name_en, lang)

    def note(self, lang: str) -> str:
        return words.text(self.note_zh, self.note_en, lang)

    def label(self, lang: str, *, marker: bool = True, with_unit: bool = False, places: int | None = None,
              stacked: bool = False) -> str:
        """Chart label: the value with its qualifier mark and "（推算）" / " (derived)" (on a
        line of its own with *stacked*, for narrow bars)."""
        value = words.rounded(self.result, places)
        if stacked and marker:
            return words.quantity(value, self.unit, self.qualifier, lang, "derived", with_unit=with_unit) \
                + "\n" + words.text("（推算）", "(derived)", lang)
        return words.quantity(value, self.unit, self.qualifier, lang, "derived", marker=marker, with_unit=with_unit)

    def as_row(self) -> dict:
        """A tidy-table-like row for the bar helpers, drawn in the derived style (the float
        is only the bar's length; its label comes from ``label``)."""
        return {"figure_id": self.id, "value": float(self.result), "unit": self.unit,
                "qualifier": self.qualifier, "kind": self.kind, "style": "derived",
                "arithmetic": self.arithmetic,
                "indicator_zh": self.name_zh, "indicator_en": self.name_en}


_DIRECTION = {"exact": 0, "at_least": 1, "at_most": -1}


def qualifier(*terms: tuple[str, int]) -> str:
    """The qualifier of a result from its inputs' qualifiers, each with the sign of its
    effect (+1: the result grows with it, -1: it shrinks): see the module docstring."""
    if any(q == "approx" for q, _ in terms):
        return "approx"
    pushes = {_DIRECTION[q] * sign for q, sign in terms if _DIRECTION[q]}
    if not pushes:
        return "exact"
    if pushes == {1}:
        return "at_least"
    if pushes == {-1}:
        return "at_most"
    return "approx"


def kind(*kinds: str) -> str:
    """A number computed from a forecast is a forecast, from a target a target."""
    for k in ("target", "forecast"):
        if k in kinds:
            return k
    return "actual"


def _round(exact: Decimal, places: int) -> Decimal:
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _val(op) -> Decimal:
    """The exact value of an input: a figure's value, a derived number's unrounded result."""
    return op.exact if isinstance(op, Derived) else op.value


def _ref(op) -> str:
    return op.figure_id if isinstance(op, Operand) else op.id


def _compute(fn):
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return fn()


def _make(id, names, inputs, op_symbol, exact, places, unit, signs, *, note=("", ""), qualifier_=None,
          extra=None) -> Derived:
    result = _round(exact, places)
    formula = f" {op_symbol} ".join(_ref(o) for o in inputs)
    arithmetic = f" {op_symbol} ".join(words.plain(o.result) for o in inputs) + f" = {words.plain(result)}"
    q = qualifier_ or qualifier(*((o.qualifier, s) for o, s in zip(inputs, signs)))
    return Derived(id, names[0], names[1], tuple(inputs), formula, arithmetic, exact, result, places, unit,
                   q, kind(*(o.kind for o in inputs)), note[0], note[1], extra or {})


def ratio(a, b, *, id: str, names: tuple[str, str], unit: str, places: int = 2,
          note: tuple[str, str] = ("", "")) -> Derived:
    """``a / b`` (figures or derived numbers), exactly."""
    if _val(b) == 0:
        raise ZeroDivisionError(f"{id}: {_ref(b)} is 0; cannot divide by it")
    return _make(id, names, (a, b), "/", _compute(lambda: _val(a) / _val(b)), places, unit, (1, -1), note=note)


def difference(a, b, *, id: str, names: tuple[str, str], unit: str, places: int = 0,
               note: tuple[str, str] = ("", "")) -> Derived:
    """``a - b``, exactly."""
    return _make(id, names, (a, b), "-", _compute(lambda: _val(a) - _val(b)), places, unit, (1, -1), note=note)


def total(parts: Iterable, *, id: str, names: tuple[str, str], unit: str, places: int = 0,
          note: tuple[str, str] = ("", "")) -> Derived:
    """The sum of *parts*, exactly."""
    parts = tuple(parts)
    exact = _compute(lambda: sum((_val(p) for p in parts), Decimal(0)))
    return _make(id, names, parts, "+", exact, places, unit, (1,) * len(parts), note=note)


def product(a, b, *, id: str, names: tuple[str, str], unit: str, places: int = 0,
            note: tuple[str, str] = ("", "")) -> Derived:
    """``a × b``, exactly."""
    return _make(id, names, (a, b), "×", _compute(lambda: _val(a) * _val(b)), places, unit, (1, 1), note=note)


def share(part, whole, *, id: str, names: tuple[str, str], places: int = 1) -> Derived:
    """``part / whole × 100``, in percent."""
    exact = _compute(lambda: _val(part) / _val(whole) * 100)
    d = _make(id, names, (part, whole), "/", exact, places, "percent", (1, -1))
    return Derived(d.id, d.name_zh, d.name_en, d.inputs, d.formula + " × 100",
                   d.arithmetic.replace(" = ", " × 100 = "), d.exact, d.result, places, "percent",
                   d.qualifier, d.kind)


def given(value, *, id: str, names: tuple[str, str], unit: str, formula: str, arithmetic: str,
          inputs: tuple = (), note: tuple[str, str] = ("", "")) -> Derived:
    """A number read from the page's words rather than computed (C级全部完工: all of them)."""
    value = words.dec(value)
    return Derived(id, names[0], names[1], inputs, formula, arithmetic, value, value, 0, unit, "exact",
                   kind(*(o.kind for o in inputs)), note[0], note[1])


def printed_half_unit(op: Operand) -> Decimal:
    """Half a unit of the last digit printed: 45.6 -> 0.05, 2.2 -> 0.05, 13179 -> 0.5."""
    exponent = op.value.normalize().as_tuple().exponent if op.value else 0
    return Decimal(5).scaleb(min(int(exponent), 0) - 1)


def relative_rounding(op: Operand) -> Decimal:
    """How far a printed number may be from the true one, relative: 45.6% -> 0.05 / 45.6."""
    return _compute(lambda: printed_half_unit(op) / op.value)


# --- the derived quantities --------------------------------------------------------------
# Each takes anything figures() accepts and returns one Derived.

def implied_poor_population(source) -> Derived:
    """The poor population implied by the safety-net share: covered / (share / 100).

    The share is printed to a tenth of a point, so the true share lies half a unit either
    side and the total between covered / (share + half) and covered / (share − half): the
    result is approximate, its range kept in ``extra`` (low, high).
    """
    f = figures(source)
    covered, share_ = f["safety-net-covered"], f["safety-net-share"]
    half = printed_half_unit(share_)
    exact = _compute(lambda: covered.value / (share_.value / 100))
    low = _round(_compute(lambda: covered.value / ((share_.value + half) / 100)), 0)
    high = _round(_compute(lambda: covered.value / ((share_.value - half) / 100)), 0)
    result = _round(exact, 0)
    p = words.plain
    return Derived(
        "implied-poor-population", "推算贫困人口总数", "Poor population implied by the safety-net share",
        (covered, share_), "safety-net-covered / (safety-net-share / 100)",
        f"{p(covered.value)} / ({p(share_.value)} / 100) = {p(_round(exact, 1))} ≈ {p(result)}",
        exact, result, 0, "person", "approx", kind(covered.kind, share_.kind),
        f"百分比只保留一位小数（{p(share_.value - half)}%–{p(share_.value + half)}%），故总数在{p(low)}–{p(high)}人之间",
        f"the share is printed to one decimal ({p(share_.value - half)}%–{p(share_.value + half)}%), so the "
        f"total lies between {p(low)} and {p(high)}",
        {"low": low, "high": high, "relative": relative_rounding(share_)})


def benefit_per_person(source, denominator_id: str = "poor-reached-cumulative") -> Derived:
    """The industries' expected yearly returns per poor person reached: over the count of
    the body (``poor-reached-cumulative``) or the headline's rounded one."""
    f = figures(source)
    headline = denominator_id == "poor-reached-headline"
    den = f[denominator_id]
    zh_den = den.printed if headline else words.plain(den.value) + "人"
    en_den = ("the headline's " + words.number(den.value, "en") + "-odd") if headline else \
        words.number(den.value, "en")
    return ratio(f["industry-annual-benefit-forecast"], den,
                 id="benefit-per-person" + ("-headline" if headline else ""),
                 names=(f"产业年效益人均（按{'标题' if headline else ''}{zh_den}）",
                        f"Yearly returns per person reached ({en_den})"),
                 unit="CNY_per_person", places=2)


def benefit_per_poor(source) -> Derived:
    """The expected yearly returns over the implied poor population."""
    f = figures(source)
    return ratio(f["industry-annual-benefit-forecast"], implied_poor_population(f), id="benefit-per-poor",
                 names=("产业年效益按推算贫困人口平均", "Yearly returns per poor person (implied population)"),
                 unit="CNY_per_person", places=2)


def reached_per_poor(source) -> Derived:
    """People reached by industry projects over the implied poor population (how many
    projects cover each poor person, if the people reached are person–project links)."""
    f = figures(source)
    return ratio(f["poor-reached-cumulative"], implied_poor_population(f), id="reached-per-poor",
                 names=("带动人数与推算贫困人口之比", "People reached per poor person (implied population)"),
                 unit="project_per_person", places=2)


def reached_beyond_poor(source) -> Derived:
    """People reached minus the implied poor population."""
    f = figures(source)
    return difference(f["poor-reached-cumulative"], implied_poor_population(f), id="reached-beyond-poor",
                      names=("带动人数超出推算贫困人口", "People reached beyond the implied poor population"),
                      unit="person", places=0)


def benefit_per_project(source) -> Derived:
    """The expected yearly returns per project."""
    f = figures(source)
    return ratio(f["industry-annual-benefit-forecast"], f["industry-projects-cumulative"], id="benefit-per-project",
                 names=("产业年效益每个项目平均", "Yearly returns per project, on average"), unit="CNY", places=0)


def income_per_greenhouse_2018(source) -> Derived:
    """Beifangshen's 2018 grape income per greenhouse planted."""
    f = figures(source)
    return ratio(f["yufeng-income-2018"], f["yufeng-greenhouses-grapes"], id="income-per-greenhouse-2018",
                 names=("2018年每栋温室收入", "2018 income per greenhouse"), unit="CNY_per_building", places=0)


def income_per_shed_2019(source) -> Derived:
    """Beifangshen's first 2019 sales per cold shed built in 2018 (the sheds of 2019 were only
    just built, so the 2018 ones are taken as those that bore fruit)."""
    f = figures(source)
    return ratio(f["yufeng-income-2019"], f["yufeng-greenhouses-2018"], id="income-per-shed-2019",
                 names=("2019年首批每栋冷棚收益", "2019 first sales per cold shed"), unit="CNY_per_building", places=0)


def investment_per_shed_2018(source) -> Derived:
    """What each 2018 cold shed cost."""
    f = figures(source)
    return ratio(f["yufeng-investment-2018"], f["yufeng-greenhouses-2018"], id="investment-per-shed-2018",
                 names=("2018年每栋冷棚投资", "2018 investment per cold shed"), unit="CNY_per_building", places=0)


def yufeng_net_2018(source) -> Derived:
    """Net income of the grape greenhouses in 2018: greenhouses × net per greenhouse (a lower
    bound, as the net per greenhouse is)."""
    f = figures(source)
    return product(f["yufeng-greenhouses-grapes"], f["yufeng-net-per-greenhouse-2018"], id="yufeng-net-2018",
                   names=("2018年温室纯收益合计", "2018 net income of the greenhouses"), unit="CNY")


def yufeng_costs_2018(source) -> Derived:
    """What the 2018 income leaves for costs once the net income is taken out (an upper
    bound: the net is a lower bound)."""
    f = figures(source)
    return difference(f["yufeng-income-2018"], yufeng_net_2018(f), id="yufeng-costs-2018",
                      names=("2018年成本（收入减纯收益）", "2018 costs (income less net)"), unit="CNY")


def yufeng_cost_share_2018(source) -> Derived:
    """Those costs as a share of the income."""
    f = figures(source)
    return share(yufeng_costs_2018(f), f["yufeng-income-2018"], id="yufeng-cost-share-2018",
                 names=("2018年成本占收入比例", "2018 costs as a share of income"), places=0)


def reimbursement_per_stay(source) -> Derived:
    """Hospital costs reimbursed per hospital stay (stays counted per admission)."""
    f = figures(source)
    return ratio(f["hospital-costs-reimbursed"], f["hospital-admissions"], id="reimbursement-per-stay",
                 names=("每人次报销住院费用", "Hospital costs reimbursed per stay"), unit="CNY", places=2,
                 note=("住院按人次计，同一人住院两次计两次",
                       "stays are counted per admission: a person admitted twice counts twice"))


def fees_waived_per_student(source) -> Derived:
    """School fees waived per poor student."""
    f = figures(source)
    return ratio(f["fees-waived-amount"], f["students-fees-waived"], id="fees-waived-per-student",
                 names=("每名学生减免就学费用", "School fees waived per student"), unit="CNY_per_person", places=2)


def subsidies_per_student(source) -> Derived:
    """Education subsidies per poor student (the page does not say the subsidies went to the
    same students; the ratio assumes it)."""
    f = figures(source)
    students = f["students-fees-waived"]
    return ratio(f["education-subsidies"], students, id="subsidies-per-student",
                 names=("每名学生教育补助", "Education subsidies per student"), unit="CNY_per_person", places=2,
                 note=("假定补助对象为同一批学生",
                       f"assumes the subsidies went to the same {words.number(students.value, 'en')} students"))


def houses_completed_grade_c(source) -> Derived:
    """Grade C renovations completed: the page prints no number, it says C级全部完工 (all
    finished), so completed C = the grade C houses planned."""
    c = figures(source)["houses-renovated-grade-c"]
    return given(c.value, id="houses-completed-grade-c", names=("C级危房改造完工户数", "Grade C renovations completed"),
                 unit="household", inputs=(c,),
                 formula="houses-renovated-grade-c  (C级全部完工: all grade C finished)",
                 # in the page's words, the same on pages of both languages (no English on a Chinese page)
                 arithmetic=f"{words.plain(c.value)}（C级全部完工）= {words.plain(c.value)}",
                 note=("原文未印数字，只说“C级全部完工”", "no number printed: the page says grade C houses are all finished"))


def houses_planned_by_grade(source) -> Derived:
    """Grade C and grade D renovations planned, added up."""
    f = figures(source)
    return total((f["houses-renovated-grade-c"], f["houses-renovated-grade-d"]), id="houses-planned-by-grade",
                 names=("C级与D级计划改造合计", "Renovations planned, grades C and D together"), unit="household")


def houses_completed_by_grade(source) -> Derived:
    """Grade C (all finished) and grade D completions, added up."""
    f = figures(source)
    return total((houses_completed_grade_c(f), f["houses-completed-grade-d"]), id="houses-completed-by-grade",
                 names=("C级与D级完工合计", "Renovations completed, grades C and D together"), unit="household")


def houses_remaining_grade_c(source) -> Derived:
    f = figures(source)
    return difference(f["houses-renovated-grade-c"], houses_completed_grade_c(f), id="houses-remaining-grade-c",
                      names=("C级危房未完工户数", "Grade C renovations not yet finished"), unit="household")


def houses_remaining_grade_d(source) -> Derived:
    """Grade D renovations still open (the page says the rest are ready by October)."""
    f = figures(source)
    return difference(f["houses-renovated-grade-d"], f["houses-completed-grade-d"], id="houses-remaining-grade-d",
                      names=("D级危房未完工户数", "Grade D renovations not yet finished"), unit="household",
                      note=("原文：其余10月份全部达到入住标准", "the page: the rest are to be ready by October"))


def houses_remaining(source) -> Derived:
    f = figures(source)
    return difference(f["houses-renovated"], f["houses-completed"], id="houses-remaining",
                      names=("危房改造未完工户数", "Renovations not yet finished"), unit="household")


def completion_share(source) -> Derived:
    f = figures(source)
    return share(f["houses-completed"], f["houses-renovated"], id="houses-completion-share",
                 names=("危房改造完工率", "Share of renovations completed"))


def completion_share_grade_d(source) -> Derived:
    f = figures(source)
    return share(f["houses-completed-grade-d"], f["houses-renovated-grade-d"], id="houses-completion-share-grade-d",
                 names=("D级危房改造完工率", "Share of grade D renovations completed"))


EMPLOYMENT_IDS = ("workshop-workers", "public-welfare-jobs", "labour-exported")


def workers_helped(source) -> Derived:
    """Workers from poor households helped into work by the three routes the page lists
    (assuming no worker is counted in two routes; the page does not say)."""
    f = figures(source)
    return total((f[i] for i in EMPLOYMENT_IDS), id="workers-helped",
                 names=("三种途径带动劳动力合计", "Workers helped into work, three routes together"), unit="person",
                 note=("假定没有人重复计入", "assumes nobody is counted in two routes"))


def workers_per_workshop(source) -> Derived:
    f = figures(source)
    return ratio(f["workshop-workers"], f["poverty-workshops"], id="workers-per-workshop",
                 names=("每个扶贫车间带动劳动力", "Workers per workshop"), unit="person", places=1)


BEILU_VILLAGE_GAINS = ("hezhangzi-collective-gain", "beilu-village-collective-gain", "nanlu-collective-gain",
                       "muluoshuzhangzi-collective-gain", "dongzhangzi-collective-gain",
                       "sanhezhuang-collective-gain")
VILLAGE_GAINS = BEILU_VILLAGE_GAINS + ("beifangshen-collective-gain",)


def beilu_villages_meeting_target(source) -> Derived:
    """Beilu's villages whose project is expected to bring the 5万 target or more (a village
    without an amount counts as not reaching it)."""
    f = figures(source)
    target = f["village-income-target-5wan"]
    gains = [f[i] for i in BEILU_VILLAGE_GAINS]
    met = [g for g in gains if g.value >= target.value]
    n = Decimal(len(met))
    return given(n, id="beilu-villages-meeting-target", names=("北炉乡达到收入目标的村数", "Beilu villages at the target"),
                 unit="village", inputs=(target, *gains),
                 formula="count(Beilu village gains ≥ village-income-target-5wan)",
                 arithmetic=f"{len(met)} of {len(gains)} ≥ {words.plain(target.value)}")


def beilu_share_meeting_target(source) -> Derived:
    """Those villages as a share of Beilu's villages with cooperatives."""
    f = figures(source)
    return share(beilu_villages_meeting_target(f), f["beilu-villages-with-coops"], id="beilu-share-meeting-target",
                 names=("北炉乡达到收入目标的村所占比例", "Share of Beilu's villages at the target"), places=1)


def pairing_visits_a_year(source) -> Derived:
    """The quarterly visiting rule over a year (four quarters)."""
    f = figures(source)
    quarter = f["pairing-visits-per-quarter"]
    four = Operand("quarters-a-year", Decimal(4))
    d = product(quarter, four, id="pairing-visits-a-year", names=("每季度走访折合全年", "Quarterly visits over a year"),
                unit="event")
    return d


def all_income(source) -> list[Derived]:
    """The derived numbers of the income notebook, in the order it shows them."""
    f = figures(source)
    return [benefit_per_person(f), benefit_per_person(f, "poor-reached-headline"), benefit_per_project(f),
            income_per_greenhouse_2018(f), income_per_shed_2019(f), investment_per_shed_2018(f)]


def all_social(source) -> list[Derived]:
    """The derived numbers of the social-security notebook, in the order it shows them."""
    f = figures(source)
    return [implied_poor_population(f), reimbursement_per_stay(f), fees_waived_per_student(f),
            subsidies_per_student(f), houses_completed_grade_c(f), houses_remaining_grade_c(f),
            houses_remaining_grade_d(f), houses_remaining(f), completion_share(f), completion_share_grade_d(f),
            workers_helped(f), workers_per_workshop(f)]
