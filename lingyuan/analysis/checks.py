"""The consistency checks, declared: :class:`Check` (what is compared, how, with what
tolerance, and the values its words need), :class:`Verdict` (a check's result and its
words), and :data:`CHECKS`, the checks of the page. :mod:`lingyuan.analysis.audit`
evaluates them and presents the verdicts; its docstring says what the verdicts mean.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from lingyuan.analysis import derive, words
from lingyuan.analysis.derive import Figures
from lingyuan.analysis.words import say

VERDICTS = ("consistent", "inconsistent", "cannot check")
VERDICT_ZH = {"consistent": "一致", "inconsistent": "不一致", "cannot check": "无法核对"}
RELATIONS = ("equal", "at_most", "at_least", "within")
#: the kinds of check (zh, en)
CHECK_KINDS = {
    "sum": ("分项之和", "parts sum to a total"),
    "share": ("比例推算总数", "a share implies a total"),
    "rate": ("比率相符", "rates that should agree"),
    "repeat": ("重复数字", "a figure repeated"),
    "subset": ("部分不超过整体", "a part within its whole"),
    "bound": ("上下限", "bounds that should hold"),
    "target": ("目标达成", "a target met or missed"),
}
ESTIMATE_TOLERANCE = Decimal("0.025")  # a round estimate (预估) taken as good to ±2.5%


def number_of(side) -> tuple[Decimal | None, derive.Operand | derive.Derived | None]:
    """What a check's *computed* or *expected* gave: its number (a figure's value, a derived
    number's exact value) and the figure or derived number it stands for (None for a bare
    Decimal or None)."""
    if isinstance(side, derive.Derived):
        return side.exact, side
    if isinstance(side, derive.Operand):
        return side.value, side
    return side, None


@dataclass(frozen=True)
class Check:
    """One consistency check, declared.

    *computed* and *expected* take the figures (:class:`~lingyuan.analysis.derive.Figures`)
    and return the number they stand for: a figure (an ``Operand``), a derived number (a
    ``Derived``: its exact value is compared) or a plain Decimal; None when there is nothing
    to compare with. Figures and derived numbers are remembered by the verdict
    (``computed_from``, ``expected_from``), so that a table can link each number to its entry
    on the data page. The relation is on
    ``computed / expected``: ``equal`` within ±tolerance, ``at_most`` ≤ 1 + tolerance,
    ``at_least`` ≥ 1 − tolerance, ``within`` inside *band*. *tolerance* and *band* may be
    functions of the figures (a share's rounding). *comparable* False declares that the
    page does not allow a verdict (both numbers are lower bounds, say). *values* gives the
    values of the check's phrases (``audit.<id>.title``, ``.note`` ...).
    """

    id: str
    name_zh: str
    name_en: str
    kind: str
    figure_ids: tuple[str, ...]
    formula: str
    computed: Callable[[Figures], derive.Operand | derive.Derived | Decimal | None]
    expected: Callable[[Figures], derive.Operand | derive.Derived | Decimal | None]
    relation: str = "equal"
    tolerance: Decimal | Callable[[Figures], Decimal] = Decimal(0)
    band: tuple | Callable[[Figures], tuple] | None = None
    comparable: bool = True
    values: Callable[[Figures], dict] = field(default=lambda f: {}, compare=False)

    def __post_init__(self):
        if self.kind not in CHECK_KINDS:
            raise ValueError(f"check {self.id}: kind={self.kind!r}; valid kinds: {', '.join(CHECK_KINDS)}")
        if self.relation not in RELATIONS:
            raise ValueError(f"check {self.id}: relation={self.relation!r}; valid: {', '.join(RELATIONS)}")
        if self.relation == "within" and self.band is None:
            raise ValueError(f"check {self.id}: relation 'within' needs band=(low, high)")

    def name(self, lang: str) -> str:
        return words.text(self.name_zh, self.name_en, lang)

    def ratio_band(self, f: Figures) -> tuple[Decimal | None, Decimal | None]:
        """The accepted range of computed / expected (None: unbounded on that side)."""
        one = Decimal(1)
        tol = self.tolerance(f) if callable(self.tolerance) else self.tolerance
        if self.relation == "within":
            return self.band(f) if callable(self.band) else self.band
        return {"equal": (one - tol, one + tol), "at_most": (None, one + tol),
                "at_least": (one - tol, None)}[self.relation]

    def has_tolerance(self, f: Figures) -> bool:
        return bool(self.tolerance(f) if callable(self.tolerance) else self.tolerance)


@dataclass(frozen=True)
class Verdict:
    """The result of one check against one table, with the values its words are made of."""

    check: Check
    verdict: str
    computed: Decimal | None
    expected: Decimal | None
    missing: tuple[str, ...] = field(default=())
    band: tuple[Decimal | None, Decimal | None] = (None, None)
    values: dict = field(default_factory=dict, compare=False)
    tolerance: bool = False
    #: the figure (Operand) or derived number (Derived) computed and expected stand for, if any
    computed_from: object = field(default=None, compare=False)
    expected_from: object = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.check.id

    @property
    def ratio(self) -> Decimal | None:
        if self.computed is None or self.expected is None or self.expected == 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 28
            return self.computed / self.expected

    def _values(self, lang: str) -> dict:
        """The values of the phrases; a callable value is given the language (comparison words)."""
        values = {"computed": self.computed, "expected": self.expected, **self.values}
        return {k: v(lang) if callable(v) else v for k, v in values.items()}

    def title(self, lang: str) -> str:
        """What is compared, with its numbers (never the outcome); the check's name when a
        figure is missing."""
        if self.missing or "_missing_words" in self.values:
            return self.check.name(lang)
        return say(f"audit.{self.id}.title", lang, **self._values(lang))

    def note(self, lang: str = "en") -> str:
        """What the verdict means, with the reason for the tolerance, or what is missing."""
        if self.missing:
            return say("audit.missing", lang, ids=", ".join(self.missing))
        if "_missing_words" in self.values:
            return say("audit.missing_words", lang, ids=self.values["_missing_words"])
        from lingyuan.analysis.phrases import PHRASES

        key = f"audit.{self.id}.note"
        slug = self.verdict.replace(" ", "_")
        values = self._values(lang)
        if f"{key}.{slug}" in PHRASES:
            parts = [say(f"{key}.{slug}", lang, **values)]
        else:
            parts = [say(key, lang, **values)] if key in PHRASES else []
            clause = f"audit.{self.check.kind}.{slug}"
            if clause in PHRASES:
                parts.append(say(clause, lang, **values))
        if self.tolerance:
            tol = f"audit.{self.id}.tolerance"
            parts.append(say("audit.tolerance", lang, reason=say(tol, lang, **values)))
        return words.text("", " ", lang).join(p for p in parts if p)


# --- the checks ------------------------------------------------------------------------

D = Decimal
BEILU_VILLAGE_GAINS = derive.BEILU_VILLAGE_GAINS
VILLAGE_GAINS = derive.VILLAGE_GAINS
IMPLIED = ("safety-net-covered", "safety-net-share")


def _implied(f: Figures) -> Decimal:
    return derive.implied_poor_population(f).exact


def _share_rounding(f: Figures) -> Decimal:
    """How far the total may move because the share is rounded (relative)."""
    return derive.relative_rounding(f["safety-net-share"])


def share_values(f: Figures) -> dict:
    implied = derive.implied_poor_population(f)
    return {"covered": f["safety-net-covered"], "share": f["safety-net-share"], "implied": implied,
            "low": implied.extra["low"], "high": implied.extra["high"],
            "step": derive.printed_half_unit(f["safety-net-share"]) * 2,
            "rel": _share_rounding(f) * 100}


def _repeat(id_, name_zh, name_en, first, second) -> Check:
    return Check(id_, name_zh, name_en, "repeat", (first, second), f"{second} = {first}",
                 lambda f: f[second], lambda f: f[first],
                 values=lambda f: {"a": f[first], "b": f[second]})


def _subset(id_, name_zh, name_en, part, whole) -> Check:
    return Check(id_, name_zh, name_en, "subset", (part, whole), f"{part} ≤ {whole}",
                 lambda f: f[part], lambda f: f[whole], "at_most",
                 values=lambda f: {"part": f[part], "whole": f[whole]})


def _headline_band(f: Figures) -> tuple[Decimal, Decimal]:
    """6万余 means 6万 and some more, under the next 万: (1, (6万 + 1万) / 6万)."""
    head = f["poor-reached-headline"]
    unit = D(1).scaleb(head.value.normalize().as_tuple().exponent)
    return D(1), (head.value + unit) / head.value


def _projects_band(f: Figures) -> tuple[Decimal, Decimal]:
    """The printed projects per person give or take half its last digit, widened by the
    share's rounding."""
    p = f["projects-per-poor-person"]
    half, r = derive.printed_half_unit(p), _share_rounding(f)
    return (p.value - half) / p.value - r, (p.value + half) / p.value + r


def _sum_checks() -> list[Check]:
    return [
        Check("houses-grades-sum", "危房改造：两级之和与合计", "Renovations: the grades and the total", "sum",
              ("houses-renovated-grade-c", "houses-renovated-grade-d", "houses-renovated"),
              "houses-renovated-grade-c + houses-renovated-grade-d = houses-renovated",
              derive.houses_planned_by_grade, lambda f: f["houses-renovated"],
              values=lambda f: {"c": f["houses-renovated-grade-c"], "d": f["houses-renovated-grade-d"],
                                "total": f["houses-renovated"]}),
        Check("houses-completed-sum", "已完工：两级之和与合计", "Completed: the grades and the total", "sum",
              ("houses-renovated-grade-c", "houses-completed-grade-d", "houses-completed"),
              "houses-renovated-grade-c (C级全部完工) + houses-completed-grade-d = houses-completed",
              derive.houses_completed_by_grade, lambda f: f["houses-completed"],
              values=lambda f: {"c": f["houses-renovated-grade-c"], "d": f["houses-completed-grade-d"],
                                "total": f["houses-completed"], "planned": f["houses-renovated"],
                                "open": derive.houses_remaining(f), "d_planned": f["houses-renovated-grade-d"],
                                "d_open": derive.houses_remaining_grade_d(f)}),
        _subset("houses-completed-d-within-plan", "D级完工与计划", "Grade D completed and planned",
                "houses-completed-grade-d", "houses-renovated-grade-d"),
    ]


def _poor_population_checks() -> list[Check]:
    reached = "poor-reached-cumulative"
    return [
        Check("safety-net-implied-poor", "兜底比例推算贫困人口", "The poor population the safety-net share implies",
              "share", IMPLIED, "safety-net-covered / (safety-net-share / 100)", derive.implied_poor_population,
              lambda f: None,
              values=lambda f: {**share_values(f), "reached": f[reached]}),
        Check("safety-net-poor-within-reach", "推算贫困人口与产业带动人数", "Implied poor population and people reached",
              "subset", IMPLIED + (reached,), f"safety-net-covered / (safety-net-share / 100) ≤ {reached}",
              derive.implied_poor_population, lambda f: f[reached], "at_most", _share_rounding,
              values=lambda f: {**share_values(f), "reached": f[reached], "projects": f["projects-per-poor-person"],
                                "part": derive.implied_poor_population(f), "whole": f[reached]}),
        Check("poor-reached-includes-lifted", "带动人数是否含已脱贫人口", "People reached and people out of poverty",
              "share", (reached,) + IMPLIED, f"{reached} − safety-net-covered / (safety-net-share / 100)",
              derive.reached_beyond_poor, lambda f: None,
              values=lambda f: {**share_values(f), "reached": f[reached], "diff": derive.reached_beyond_poor(f),
                                "more": derive.reached_beyond_poor(f).exact > _implied(f) * ESTIMATE_TOLERANCE}),
        Check("projects-per-poor-person", "带动人数÷推算贫困人口与人均覆盖项目", "People reached per poor person and "
              "projects per person", "rate", (reached,) + IMPLIED + ("projects-per-poor-person",),
              f"{reached} / (safety-net-covered / (safety-net-share / 100)) ≈ projects-per-poor-person",
              derive.reached_per_poor, lambda f: f["projects-per-poor-person"],
              "within", band=_projects_band,
              values=lambda f: {**share_values(f), "reached": f[reached], "ratio": derive.reached_per_poor(f),
                                "projects": f["projects-per-poor-person"]}),
        Check("benefit-per-reached-vs-gain", "年效益按带动人数平均与人均增收", "Yearly returns per person reached and "
              "the gain per person", "rate",
              ("industry-annual-benefit-forecast", reached, "income-gain-per-poor-person"),
              f"industry-annual-benefit-forecast / {reached} ≈ income-gain-per-poor-person",
              derive.benefit_per_person, lambda f: f["income-gain-per-poor-person"],
              "equal", ESTIMATE_TOLERANCE,
              values=lambda f: {"benefit": f["industry-annual-benefit-forecast"], "reached": f[reached],
                                "per": derive.benefit_per_person(f), "gain": f["income-gain-per-poor-person"],
                                "cmp": lambda lang: words.comparison(derive.benefit_per_person(f).exact,
                                                                     f.value("income-gain-per-poor-person"), lang)}),
        Check("benefit-per-poor-vs-gain", "年效益按推算贫困人口平均与人均增收", "Yearly returns per poor person and the "
              "gain per person", "rate", ("industry-annual-benefit-forecast",) + IMPLIED + ("income-gain-per-poor-person",),
              "industry-annual-benefit-forecast / (safety-net-covered / (safety-net-share / 100)) "
              "≈ income-gain-per-poor-person",
              derive.benefit_per_poor, lambda f: f["income-gain-per-poor-person"],
              "equal", ESTIMATE_TOLERANCE,
              values=lambda f: {**share_values(f), "benefit": f["industry-annual-benefit-forecast"],
                                "per": derive.benefit_per_poor(f), "gain": f["income-gain-per-poor-person"],
                                "cmp": lambda lang: words.comparison(derive.benefit_per_poor(f).exact,
                                                                     f.value("income-gain-per-poor-person"), lang)}),
        Check("poor-reached-headline-body", "标题与正文的带动人数", "People reached: headline and body", "repeat",
              ("poor-reached-headline", reached),
              f"poor-reached-headline ≤ {reached} < poor-reached-headline + one unit of its last printed digit",
              lambda f: f[reached], lambda f: f["poor-reached-headline"], "within", band=_headline_band,
              values=lambda f: {"headline": f["poor-reached-headline"], "reached": f[reached],
                                "low": f.value("poor-reached-headline"),
                                "high": f.value("poor-reached-headline") * _headline_band(f)[1]}),
    ]


def _repeat_and_subset_checks() -> list[Check]:
    return [
        _repeat("coops-headline-p1", "新增合作社：标题与第1段", "New cooperatives: headline and paragraph 1",
                "coop-new-2019-headline", "coop-new-2019-p1"),
        _repeat("coops-headline-p3", "新增合作社：标题与第3段", "New cooperatives: headline and paragraph 3",
                "coop-new-2019-headline", "coop-new-2019-p3"),
        _repeat("coop-villages-p1-p3", "合作社覆盖的行政村：第1段与第3段", "Villages covered: paragraphs 1 and 3",
                "coop-villages-covered-p1", "coop-villages-covered-p3"),
        _repeat("pepper-area-quote-body", "花椒面积：引语与正文", "Sichuan pepper area: quote and body",
                "pepper-area-quote", "pepper-area"),
        _repeat("deli-investment-quote-body", "德利养猪场投资：引语与正文", "Deli pig farm investment: quote and body",
                "deli-investment-quote", "deli-investment"),
        _repeat("deli-income-quote-body", "德利养猪场2019年收入：引语与正文", "Deli pig farm 2019 income: quote and body",
                "deli-income-2019-quote", "deli-income-2019"),
        _subset("reach-2019-within-cumulative", "2019年带动人数与累计", "People reached in 2019 and in all",
                "poor-reached-2019-forecast", "poor-reached-cumulative"),
        _subset("projects-2019-within-cumulative", "2019年新项目与累计项目", "Projects of 2019 and in all",
                "industry-projects-2019", "industry-projects-cumulative"),
        _subset("safety-net-new-within-covered", "新纳入低保五保与兜底人数", "Newly covered and covered",
                "safety-net-newly-covered", "safety-net-covered"),
        _subset("villages-supported-within-covered", "扶持的村与合作社覆盖的村", "Villages supported and covered",
                "villages-supported-via-coops", "coop-villages-covered-p1"),
        _subset("erangou-new-road-within-roads", "二安沟村新辟道路与所修道路", "Er'angou: new road and roads built",
                "erangou-new-road", "erangou-roads-built"),
        _subset("erangou-bridge-within-bridges", "大安沟组桥梁与所架桥梁", "Er'angou: the Da'angou bridge and the "
                "bridges built", "daangou-bridge", "erangou-bridges-built"),
    ]


def _grape_checks() -> list[Check]:
    gh, net = "yufeng-greenhouses-grapes", "yufeng-net-per-greenhouse-2018"
    return [
        Check("yufeng-net-within-income-2018", "温室纯收益与2018年收入", "Greenhouse net income and 2018 income",
              "bound", (gh, net, "yufeng-income-2018"), f"{gh} × {net} ≤ yufeng-income-2018",
              derive.yufeng_net_2018, lambda f: f["yufeng-income-2018"], "at_most",
              values=lambda f: {"n": f[gh], "net": f[net], "total": derive.yufeng_net_2018(f),
                                "income": f["yufeng-income-2018"], "costs": derive.yufeng_costs_2018(f),
                                "cost_share": derive.yufeng_cost_share_2018(f)}),
        _subset("yufeng-2019-sales-within-forecast", "2019年首批收益与每年预计收益", "First 2019 sales and the yearly "
                "returns expected", "yufeng-income-2019", "yufeng-income-forecast"),
        _subset("yufeng-collective-within-returns", "村集体增收与项目收益", "Village collective gain and the project's "
                "returns", "beifangshen-collective-gain", "yufeng-income-forecast"),
        Check("yufeng-forecast-vs-2018-net", "每年预计收益与2018年温室纯收益", "Yearly returns expected and the 2018 net",
              "bound", ("yufeng-income-forecast", gh, net), f"yufeng-income-forecast vs {gh} × {net}",
              lambda f: f["yufeng-income-forecast"], derive.yufeng_net_2018, comparable=False,
              values=lambda f: {"forecast": f["yufeng-income-forecast"], "n": f[gh], "net": derive.yufeng_net_2018(f),
                                "sheds": derive.total((f["yufeng-greenhouses-2018"], f["yufeng-greenhouses-2019"]),
                                                      id="sheds", names=("", ""), unit="building"),
                                "below": f.value("yufeng-income-forecast") < derive.yufeng_net_2018(f).exact}),
    ]


def _target_checks() -> list[Check]:
    share, target = "secretaries-wealth-leader-share", "secretaries-wealth-leader-share-target"
    five = "village-income-target-5wan"
    return [
        Check("wealth-leader-share-target", "致富带头人型书记比例与目标", "Business-leader secretaries: share and target",
              "target", (share, target), f"{share} ≥ {target}", lambda f: f[share], lambda f: f[target],
              "at_least", values=lambda f: {"share": f[share], "target": f[target]}),
        Check("entrepreneur-share-target", "企业家型书记比例与目标", "Entrepreneur secretaries: share and target",
              "target", ("secretaries-entrepreneur-share-target",), "(no reported share to compare)",
              lambda f: None, lambda f: f["secretaries-entrepreneur-share-target"], "at_least",
              values=lambda f: {"target": f["secretaries-entrepreneur-share-target"]}),
        Check("village-income-target-5wan", "村集体增收与收入目标", "Village collective gains and the target", "target",
              VILLAGE_GAINS + (five,), f"min(village collective gains) ≥ {five}",
              lambda f: min((f[i] for i in VILLAGE_GAINS), key=lambda o: o.value), lambda f: f[five], "at_least",
              values=lambda f: {"low": min((f[i] for i in VILLAGE_GAINS), key=lambda o: o.value),
                                "high": max((f[i] for i in VILLAGE_GAINS), key=lambda o: o.value),
                                "target": f[five], "n": len(BEILU_VILLAGE_GAINS)}),
        Check("beilu-80pct-target", "北炉乡达到收入目标的村所占比例与目标", "Beilu villages at the target: share and goal",
              "target", BEILU_VILLAGE_GAINS + ("beilu-villages-with-coops", five, "villages-income-5wan-share-target"),
              f"count(Beilu village gains ≥ {five}) / beilu-villages-with-coops × 100 "
              "≥ villages-income-5wan-share-target",
              derive.beilu_share_meeting_target, lambda f: f["villages-income-5wan-share-target"], "at_least",
              values=lambda f: {"met": derive.beilu_villages_meeting_target(f).result,
                                "n": f["beilu-villages-with-coops"], "target": f[five],
                                "share": derive.beilu_share_meeting_target(f),
                                "goal": f["villages-income-5wan-share-target"]}),
        Check("village-income-2020-all", "全部村达到收入目标", "Every village at the target", "target",
              ("village-income-target-2020",), "(no amount for every village)",
              lambda f: None, lambda f: f["village-income-target-2020"], "at_least",
              values=lambda f: {"target": f["village-income-target-2020"],
                                "year": f["village-income-target-2020"].period,
                                "n": sum(i in f for i in VILLAGE_GAINS),
                                "all": f["coop-villages-covered-p1"] if "coop-villages-covered-p1" in f else ""}),
        Check("pairing-visits-rule", "结对帮扶走访：每季度与全年", "Pairing visits: a quarter and a year", "target",
              ("pairing-visits-per-quarter", "pairing-visits-per-year"),
              "pairing-visits-per-quarter × 4 = pairing-visits-per-year",
              derive.pairing_visits_a_year, lambda f: f["pairing-visits-per-year"],
              values=lambda f: {"q": f["pairing-visits-per-quarter"], "y": f["pairing-visits-per-year"]}),
    ]


CHECKS: list[Check] = _sum_checks() + _poor_population_checks() + _repeat_and_subset_checks() \
    + _grape_checks() + _target_checks()


def check_ids() -> list[str]:
    return [c.id for c in CHECKS]
