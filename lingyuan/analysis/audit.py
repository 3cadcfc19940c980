"""Consistency checks of the reported figures: does the page's arithmetic hold?

Each check is a declaration (:class:`Check`): an id, a title in both languages, the
figure_ids it reads, the arithmetic (a function of the figure values giving a *computed*
number, and one giving the *expected* number it should match), the relation between
them (equal, at most, at least, or an explicit band), a tolerance with its reason,
and what the result means. :func:`evaluate` runs every check against the tidy table
and gives a :class:`Verdict`:

* **consistent** — computed / expected lies inside the check's band;
* **inconsistent** — it lies outside;
* **cannot check** — a figure is missing from the table, or the page gives nothing to
  compare with (the check then says why, and still shows what can be computed).

Arithmetic is exact (``Decimal``) so that a sum of counts either matches or does not.
Tolerances are only as wide as the printing of the numbers allows (a share printed to
one decimal, a round estimate like 2000万); each check states its reason. A target
check is consistent when the reported figure meets the target ("met").

The command ``python -m lingyuan audit [--data DIR] [--format table|csv|json]`` prints
the verdicts and exits 0 whatever they are (it reports; it does not judge the build);
it exits 2 only when the data cannot be read.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

import pandas as pd

from lingyuan import DATA_PROCESSED
from lingyuan.analysis import params
from lingyuan.analysis.social import decimal_value, num

TOPIC = "audit"
VERDICTS = ("consistent", "inconsistent", "cannot check")
VERDICT_ZH = {"consistent": "一致", "inconsistent": "不一致", "cannot check": "无法核对"}
RELATIONS = ("equal", "at_most", "at_least", "within")
KINDS = {
    "sum": ("分项之和", "parts sum to a total"),
    "share": ("比例推算总数", "a share implies a total"),
    "rate": ("比率相符", "rates that should agree"),
    "repeat": ("重复数字", "a figure repeated"),
    "subset": ("部分不超过整体", "a part within its whole"),
    "bound": ("上下限", "bounds that should hold"),
    "target": ("目标达成", "a target met or missed"),
}

Values = Mapping[str, Decimal]


class AuditError(ValueError):
    """The checks cannot run: the data is missing or unreadable."""


@dataclass(frozen=True)
class Check:
    """One consistency check, declared.

    *computed* and *expected* take the values of the check's figures (figure_id ->
    Decimal, in each figure's canonical unit) and return a Decimal, or None when there
    is nothing to compare with. The relation is on ``computed / expected``:
    ``equal`` within ±tolerance, ``at_most`` ≤ 1 + tolerance, ``at_least`` ≥ 1 − tolerance,
    ``within`` inside *band*. *comparable* False declares that the page does not allow a
    verdict (both numbers are lower bounds, say): the numbers are shown, the verdict is
    "cannot check", and *meaning* says why.
    """

    id: str
    title_zh: str
    title_en: str
    kind: str
    figure_ids: tuple[str, ...]
    formula: str
    computed: Callable[[Values], Decimal | None]
    expected: Callable[[Values], Decimal | None]
    relation: str = "equal"
    tolerance: Decimal = Decimal(0)
    band: tuple[Decimal, Decimal] | None = None
    tolerance_reason: str = "counts printed exactly: any difference is a contradiction"
    meaning_en: str = ""
    meaning_zh: str = ""
    comparable: bool = True

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"check {self.id}: kind={self.kind!r}; valid kinds: {', '.join(KINDS)}")
        if self.relation not in RELATIONS:
            raise ValueError(f"check {self.id}: relation={self.relation!r}; valid: {', '.join(RELATIONS)}")
        if self.relation == "within" and self.band is None:
            raise ValueError(f"check {self.id}: relation 'within' needs band=(low, high)")

    def title(self, lang: str) -> str:
        return self.title_zh if params.check_lang(lang) == "zh" else self.title_en

    def meaning(self, lang: str) -> str:
        return self.meaning_zh if params.check_lang(lang) == "zh" else self.meaning_en

    @property
    def ratio_band(self) -> tuple[Decimal | None, Decimal | None]:
        """The accepted range of computed / expected (None: unbounded on that side)."""
        one, tol = Decimal(1), self.tolerance
        return {"equal": (one - tol, one + tol), "at_most": (None, one + tol),
                "at_least": (one - tol, None), "within": self.band}[self.relation]


@dataclass(frozen=True)
class Verdict:
    """The result of one check against one table."""

    check: Check
    verdict: str
    computed: Decimal | None
    expected: Decimal | None
    missing: tuple[str, ...] = field(default=())

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

    def note(self, lang: str = "en") -> str:
        """What the verdict means, with the reason for the tolerance, or what is missing."""
        t = (lambda zh, en: zh if lang == "zh" else en)
        if self.missing:
            return t("缺少数字：", "figures missing from the table: ") + ", ".join(self.missing)
        parts = [self.check.meaning(lang)]
        if self.check.comparable and self.expected is not None and self.check.tolerance:
            parts.append(t("容差：", "tolerance: ") + self.check.tolerance_reason)
        return " ".join(p for p in parts if p)


# --- the checks ------------------------------------------------------------------------

D = Decimal


def _implied_poor(v: Values) -> Decimal:
    """13179 people are 45.6% of the poor: the poor number 13179 / 0.456."""
    return v["safety-net-covered"] / (v["safety-net-share"] / 100)


SHARE_ROUNDING = D("0.0011")  # 45.6% printed to 0.1 point: ±0.05 / 45.6 ≈ ±0.11%
BEILU_VILLAGE_GAINS = ("hezhangzi-collective-gain", "beilu-village-collective-gain", "nanlu-collective-gain",
                       "muluoshuzhangzi-collective-gain", "dongzhangzi-collective-gain",
                       "sanhezhuang-collective-gain")
VILLAGE_GAINS = BEILU_VILLAGE_GAINS + ("beifangshen-collective-gain",)


def _repeat(id_, title_zh, title_en, first, second, what_en, what_zh) -> Check:
    return Check(id_, title_zh, title_en, "repeat", (first, second), f"{second} = {first}",
                 lambda v: v[second], lambda v: v[first],
                 meaning_en=f"The same number printed twice ({what_en}) must read the same both times.",
                 meaning_zh=f"同一数字出现两次（{what_zh}），两处应相同。")


def _subset(id_, title_zh, title_en, part, whole, meaning_en, meaning_zh, *, tolerance=D(0),
            reason="") -> Check:
    return Check(id_, title_zh, title_en, "subset", (part, whole), f"{part} ≤ {whole}",
                 lambda v: v[part], lambda v: v[whole], "at_most", tolerance,
                 tolerance_reason=reason or "a part can equal its whole but not exceed it",
                 meaning_en=meaning_en, meaning_zh=meaning_zh)


CHECKS: list[Check] = [
    # --- parts that sum to a total
    Check("houses-grades-sum", "危房改造：C级197＋D级1041＝1238", "Renovations: grade C 197 + grade D 1041 = 1238",
          "sum", ("houses-renovated-grade-c", "houses-renovated-grade-d", "houses-renovated"),
          "houses-renovated-grade-c + houses-renovated-grade-d = houses-renovated",
          lambda v: v["houses-renovated-grade-c"] + v["houses-renovated-grade-d"],
          lambda v: v["houses-renovated"],
          meaning_en="The two grades make up all the renovations planned.",
          meaning_zh="两个等级合起来就是全部计划改造户数。"),
    Check("houses-completed-sum", "已完工：C级197（全部完工）＋D级980＝1177",
          "Completed: grade C 197 (all finished) + grade D 980 = 1177", "sum",
          ("houses-renovated-grade-c", "houses-completed-grade-d", "houses-completed"),
          "houses-renovated-grade-c (C级全部完工) + houses-completed-grade-d = houses-completed",
          lambda v: v["houses-renovated-grade-c"] + v["houses-completed-grade-d"],
          lambda v: v["houses-completed"],
          meaning_en="No number is printed for grade C completions: the page says grade C is all finished "
                     "(C级全部完工), so completed C is taken as the 197 planned. With it, the completions add up; "
                     "the 61 still open (1238 − 1177) are then all grade D (1041 − 980 = 61), as the page implies.",
          meaning_zh="C级完工数原文未印数字，只说“C级全部完工”，故取计划的197户；这样完工数相加吻合，"
                     "未完工的61户（1238−1177）都是D级（1041−980＝61）。"),
    _subset("houses-completed-d-within-plan", "D级完工980户不超过计划1041户",
            "Grade D completed (980) within grade D planned (1041)",
            "houses-completed-grade-d", "houses-renovated-grade-d",
            "Completions cannot exceed the renovations planned.", "完工数不能超过计划数。"),
    # --- a share implying a total
    Check("safety-net-implied-poor", "兜底13179人占45.6%→推算贫困人口约28901人",
          "Safety net: 13,179 at 45.6% implies ~28,901 poor people", "share",
          ("safety-net-covered", "safety-net-share"),
          "safety-net-covered / (safety-net-share / 100)", _implied_poor, lambda v: None,
          meaning_en="The page prints no count of the poor population to compare the implied ~28,901 with "
                     "(the share's rounding allows 28,870–28,933). Its 62,744 counts people reached by industry "
                     "projects since the start, not the poor population now.",
          meaning_zh="原文没有贫困人口总数可与推算的约28901人（按百分比的舍入，28870—28933人）比较；"
                     "62744人是产业项目累计带动的贫困人口，不是现有贫困人口。"),
    Check("safety-net-poor-within-reach", "推算贫困人口（约28901）不超过产业带动的62744人",
          "Implied poor population (~28,901) within the 62,744 reached by industry", "subset",
          ("safety-net-covered", "safety-net-share", "poor-reached-cumulative"),
          "safety-net-covered / (safety-net-share / 100) ≤ poor-reached-cumulative",
          _implied_poor, lambda v: v["poor-reached-cumulative"], "at_most", SHARE_ROUNDING,
          tolerance_reason="the 45.6% share is printed to 0.1 point (±0.11% on the total)",
          meaning_en="The page says every poor person is covered by 2.2 projects on average, so the poor now "
                     "cannot outnumber the poor people the projects reached.",
          meaning_zh="原文称贫困人口人均覆盖项目2.2个，即人人有项目覆盖，故现有贫困人口不应多于项目带动的贫困人口。"),
    Check("poor-reached-includes-lifted", "62744人中是否含已脱贫人口",
          "Do the 62,744 reached include people already out of poverty?", "share",
          ("poor-reached-cumulative", "safety-net-covered", "safety-net-share"),
          "poor-reached-cumulative − safety-net-covered / (safety-net-share / 100)",
          lambda v: v["poor-reached-cumulative"] - _implied_poor(v), lambda v: None,
          meaning_en="The 62,744 reached exceed the implied poor population by ~33,843. The page gives no count "
                     "of people already lifted out of poverty, so whether they make up the difference (or people "
                     "are counted once per project, see projects-per-poor-person) cannot be checked.",
          meaning_zh="累计带动的62744人比推算的贫困人口多约33843人；原文没有已脱贫人数，"
                     "无法核对这部分是已脱贫人口还是按项目重复计数（见 projects-per-poor-person）。"),
    # --- rates that should agree
    Check("projects-per-poor-person", "62744÷约28901≈2.17，与人均覆盖项目2.2个相符",
          "62,744 / ~28,901 ≈ 2.17 agrees with 2.2 projects per poor person", "rate",
          ("poor-reached-cumulative", "safety-net-covered", "safety-net-share", "projects-per-poor-person"),
          "poor-reached-cumulative / (safety-net-covered / (safety-net-share / 100)) ≈ projects-per-poor-person",
          lambda v: v["poor-reached-cumulative"] / _implied_poor(v), lambda v: v["projects-per-poor-person"],
          "within", band=(D("2.15") / D("2.2") - SHARE_ROUNDING, D("2.25") / D("2.2") + SHARE_ROUNDING),
          tolerance_reason="2.2 is printed to one decimal (2.15–2.25), widened by the share's rounding",
          meaning_en="Reached people over the poor population gives the printed 2.2 projects per person: the "
                     "62,744 look like person-project links (a person counted once per project), not distinct people.",
          meaning_zh="带动人数除以贫困人口正好得出原文的人均2.2个项目：62744更像是按项目计的人次（一人多项目重复计），"
                     "而不是不重复的人数。"),
    Check("benefit-per-reached-vs-gain", "年效益2000万÷62744人≈319元，远低于人均增收695元",
          "¥20m a year / 62,744 people ≈ ¥319, far below the ¥695 gain per person", "rate",
          ("industry-annual-benefit-forecast", "poor-reached-cumulative", "income-gain-per-poor-person"),
          "industry-annual-benefit-forecast / poor-reached-cumulative ≈ income-gain-per-poor-person",
          lambda v: v["industry-annual-benefit-forecast"] / v["poor-reached-cumulative"],
          lambda v: v["income-gain-per-poor-person"], "equal", D("0.025"),
          tolerance_reason="2000万 is a round estimate (预估), good to about ±50万, i.e. ±2.5%",
          meaning_en="If the industries' estimated yearly returns were spread over the 62,744 people reached, each "
                     "would get about ¥319, less than half of the ¥695 reported: the gain per person is not the "
                     "returns over the people reached (but see benefit-per-poor-vs-gain).",
          meaning_zh="若把产业年效益预估平均分给带动的62744人，每人约319元，不到报道的人均增收695元的一半："
                     "人均增收不是按带动人数平均的（参见 benefit-per-poor-vs-gain）。"),
    Check("benefit-per-poor-vs-gain", "年效益2000万÷约28901名贫困人口≈692元，与人均增收695元相符",
          "¥20m a year / ~28,901 poor people ≈ ¥692, matching the ¥695 gain per person", "rate",
          ("industry-annual-benefit-forecast", "safety-net-covered", "safety-net-share",
           "income-gain-per-poor-person"),
          "industry-annual-benefit-forecast / (safety-net-covered / (safety-net-share / 100)) "
          "≈ income-gain-per-poor-person",
          lambda v: v["industry-annual-benefit-forecast"] / _implied_poor(v),
          lambda v: v["income-gain-per-poor-person"], "equal", D("0.025"),
          tolerance_reason="2000万 is a round estimate (预估), good to about ±2.5%; the share adds ±0.11%",
          meaning_en="Spread over the poor population the safety-net share implies, the estimated yearly returns "
                     "come to the ¥695 reported per poor person (现全市贫困人口…人均增收695元): the gain looks like "
                     "the estimate divided by the poor population, not a measured income gain.",
          meaning_zh="按兜底比例推算的贫困人口平均，产业年效益预估正好约等于报道的人均增收695元："
                     "人均增收像是预估效益除以贫困人口，而非实测的收入增长。"),
    # --- a figure repeated in headline and body
    Check("poor-reached-headline-body", "标题“6万余”与正文62744人相符",
          "Headline “6万余” (60,000-odd) agrees with 62,744 in the body", "repeat",
          ("poor-reached-headline", "poor-reached-cumulative"), "60000 ≤ poor-reached-cumulative < 70000",
          lambda v: v["poor-reached-cumulative"], lambda v: v["poor-reached-headline"], "within",
          band=(D(1), D(7) / D(6)),
          tolerance_reason="6万余 means 60,000 and some more, under 70,000",
          meaning_en="The headline rounds the body's exact count down to the ten thousand and adds 余 (odd).",
          meaning_zh="标题把正文的准确人数取整到万位并加“余”。"),
    _repeat("coops-headline-p1", "新增合作社138个：标题与正文第1段", "New cooperatives 138: headline vs paragraph 1",
            "coop-new-2019-headline", "coop-new-2019-p1", "headline and first paragraph", "标题与第1段"),
    _repeat("coops-headline-p3", "新增合作社138个：标题与正文第3段", "New cooperatives 138: headline vs paragraph 3",
            "coop-new-2019-headline", "coop-new-2019-p3", "headline and third paragraph", "标题与第3段"),
    _repeat("coop-villages-p1-p3", "合作社覆盖243个行政村：第1段与第3段", "Villages covered 243: paragraph 1 vs 3",
            "coop-villages-covered-p1", "coop-villages-covered-p3", "paragraphs 1 and 3", "第1段与第3段"),
    _repeat("pepper-area-quote-body", "花椒67公顷：引语与正文", "Sichuan pepper 67 ha: quote vs body",
            "pepper-area-quote", "pepper-area", "Wang Yongsheng's quote and the body", "王永生的引语与正文"),
    _repeat("deli-investment-quote-body", "德利养猪场投资600万元：引语与正文", "Deli pig farm investment ¥6m: quote vs body",
            "deli-investment-quote", "deli-investment", "Wang Yongsheng's quote and the body", "王永生的引语与正文"),
    _repeat("deli-income-quote-body", "德利养猪场2019年收入120万元：引语与正文",
            "Deli pig farm 2019 income ¥1.2m: quote vs body",
            "deli-income-2019-quote", "deli-income-2019", "Wang Yongsheng's quote and the body", "王永生的引语与正文"),
    # --- a part within its whole
    _subset("reach-2019-within-cumulative", "2019年项目带动1.5万人不超过累计62744人",
            "2019 projects' 15,000 people within the cumulative 62,744", "poor-reached-2019-forecast",
            "poor-reached-cumulative", "The people this year's projects can reach are part of everyone reached "
            "since the start.", "今年项目可带动的人属于累计带动的人。"),
    _subset("projects-2019-within-cumulative", "2019年新项目37个不超过累计358个",
            "37 new projects of 2019 within the cumulative 358", "industry-projects-2019",
            "industry-projects-cumulative", "This year's projects are part of all projects since the start.",
            "今年的项目属于累计项目。"),
    _subset("safety-net-new-within-covered", "新纳入低保五保319人不超过兜底13179人",
            "319 newly covered within the 13,179 under the safety net", "safety-net-newly-covered",
            "safety-net-covered", "People newly brought under 低保/五保 are part of those under the safety net.",
            "新纳入低保、五保的人属于兜底保障人数。"),
    _subset("villages-supported-within-covered", "扶持52个村不超过合作社覆盖的243个村",
            "52 villages supported within the 243 villages covered", "villages-supported-via-coops",
            "coop-villages-covered-p1", "The villages supported through cooperatives are among the city's "
            "villages that cooperatives cover.", "通过合作社扶持的村属于合作社覆盖的村。"),
    _subset("erangou-new-road-within-roads", "二安沟村新辟道路3.5公里不超过修路10.6公里",
            "Er'angou: 3.5 km new road within the 10.6 km of roads built", "erangou-new-road",
            "erangou-roads-built", "The new road cut through the hills is one of the roads built.",
            "新辟的道路属于所修道路。"),
    _subset("erangou-bridge-within-bridges", "大安沟组新建桥梁1座不超过架设桥梁2座",
            "Er'angou: the 1 bridge at Da'angou within the 2 bridges built", "daangou-bridge",
            "erangou-bridges-built", "The Da'angou bridge is one of the two bridges built.",
            "大安沟组的桥是所架两座桥之一。"),
    # --- bounds: grape greenhouses of Beifangshen
    Check("yufeng-net-within-income-2018", "79栋×棚均纯收益≥2万元＝≥158万元，不超过收入180万元",
          "79 greenhouses × ≥¥20,000 net = ≥¥1.58m, within the ¥1.8m income of 2018", "bound",
          ("yufeng-greenhouses-grapes", "yufeng-net-per-greenhouse-2018", "yufeng-income-2018"),
          "yufeng-greenhouses-grapes × yufeng-net-per-greenhouse-2018 ≤ yufeng-income-2018",
          lambda v: v["yufeng-greenhouses-grapes"] * v["yufeng-net-per-greenhouse-2018"],
          lambda v: v["yufeng-income-2018"], "at_most",
          tolerance_reason="net income cannot exceed income",
          meaning_en="Net income per greenhouse times the greenhouses cannot exceed the income; the lower bound "
                     "(≥¥1.58m) leaves at most ¥220,000 for costs, about 12%.",
          meaning_zh="棚均纯收益乘以棚数不能超过收入；按下限（≥158万元）算，成本最多22万元，约占12%。"),
    _subset("yufeng-2019-sales-within-forecast", "2019年首批葡萄收益40万元不超过每年预计≥150万元",
            "2019 first grape sales ¥400,000 within the ≥¥1.5m expected a year", "yufeng-income-2019",
            "yufeng-income-forecast", "The first batch of 2019 is part of one year's returns.",
            "2019年首批收益是一年收益的一部分。"),
    _subset("yufeng-collective-within-returns", "村集体增收≥40万元不超过项目收益≥150万元",
            "Village collective gain ≥¥400,000 within the project's ≥¥1.5m a year",
            "beifangshen-collective-gain", "yufeng-income-forecast",
            "The collective's gain comes out of the project's returns, after running costs.",
            "村集体增收来自项目收益（扣除运营后）。"),
    Check("yufeng-forecast-vs-2018-net", "每年预计收益≥150万元 对比 2018年79栋温室纯收益≥158万元",
          "≥¥1.5m expected a year vs the ≥¥1.58m net of the 79 greenhouses in 2018", "bound",
          ("yufeng-income-forecast", "yufeng-greenhouses-grapes", "yufeng-net-per-greenhouse-2018"),
          "yufeng-income-forecast vs yufeng-greenhouses-grapes × yufeng-net-per-greenhouse-2018",
          lambda v: v["yufeng-income-forecast"],
          lambda v: v["yufeng-greenhouses-grapes"] * v["yufeng-net-per-greenhouse-2018"],
          comparable=False,
          meaning_en="Both are lower bounds (以上), so they cannot contradict each other; still, the yearly "
                     "returns expected from 79 greenhouses and 99 cold sheds are set below what the 79 greenhouses "
                     "alone netted in 2018.",
          meaning_zh="两者都是下限（以上），不可能互相矛盾；但79栋温室加99栋冷棚的每年预计收益，"
                     "竟低于2018年79栋温室单独的纯收益。"),
    # --- targets met or missed
    Check("wealth-leader-share-target", "致富带头人比例74.1%，目标70%以上：达到",
          "Secretaries who are business leaders 74.1% vs target ≥70%: met", "target",
          ("secretaries-wealth-leader-share", "secretaries-wealth-leader-share-target"),
          "secretaries-wealth-leader-share ≥ secretaries-wealth-leader-share-target",
          lambda v: v["secretaries-wealth-leader-share"], lambda v: v["secretaries-wealth-leader-share-target"],
          "at_least", tolerance_reason="a target is met or not",
          meaning_en="Target met: the share reported (74.1%) is above the 70% the speech sets.",
          meaning_zh="目标已达到：报道的比例（74.1%）高于讲话要求的70%。"),
    Check("entrepreneur-share-target", "企业家型书记15%以上：无实际数字", "Entrepreneur secretaries ≥15%: no actual figure",
          "target", ("secretaries-entrepreneur-share-target",), "(no reported share to compare)",
          lambda v: None, lambda v: v["secretaries-entrepreneur-share-target"], "at_least",
          meaning_en="The page sets the target but reports no share of entrepreneur secretaries.",
          meaning_zh="原文只有目标，没有报道企业家型书记的实际比例。"),
    Check("village-income-target-5wan", "报道的村集体增收（最少5万元）达到5万元目标",
          "Reported village collective gains (lowest ¥50,000) meet the ¥50,000 target", "target",
          VILLAGE_GAINS + ("village-income-target-5wan",),
          "min(village collective gains) ≥ village-income-target-5wan",
          lambda v: min(v[i] for i in VILLAGE_GAINS), lambda v: v["village-income-target-5wan"], "at_least",
          tolerance_reason="a target is met or not",
          meaning_en="Met for the villages with an amount (Beilu's six and Beifangshen: ¥50,000–≥¥400,000). "
                     "They are expected yearly gains from one project each (年可), not whole collective incomes; "
                     "Sanshengyong prints no amount.",
          meaning_zh="有金额的村（北炉乡6个村和北房身村，5万元至40万元以上）都达到；这些是单个项目每年预计的增收（年可），"
                     "不是村集体全部收入；三盛永村没有金额。"),
    Check("beilu-80pct-target", "北炉乡7村中6村达5万元（≥85.7%），目标80%以上：达到",
          "Beilu: 6 of 7 villages at ¥50,000 (≥85.7%) vs target ≥80%: met", "target",
          BEILU_VILLAGE_GAINS + ("beilu-villages-with-coops", "village-income-target-5wan",
                                 "villages-income-5wan-share-target"),
          "count(Beilu village gains ≥ village-income-target-5wan) / beilu-villages-with-coops × 100 "
          "≥ villages-income-5wan-share-target",
          lambda v: D(sum(v[i] >= v["village-income-target-5wan"] for i in BEILU_VILLAGE_GAINS)) * 100
          / v["beilu-villages-with-coops"],
          lambda v: v["villages-income-5wan-share-target"], "at_least",
          tolerance_reason="a target is met or not; Sanshengyong (no amount) is counted as not reaching it",
          meaning_en="Six of Beilu's seven villages expect ¥50,000 or more a year, 85.7% even if Sanshengyong "
                     "(no amount printed) falls short: the 80% target is met on the page's forecasts.",
          meaning_zh="北炉乡7个村中6个预计每年5万元以上，即使三盛永村（无金额）未达到也有85.7%：按预计数达到80%的目标。"),
    Check("village-income-2020-all", "2020年全部村达5万元：三盛永村无金额", "All villages at ¥50,000 by 2020: "
          "Sanshengyong has no amount", "target", ("village-income-target-2020",), "(no amount for every village)",
          lambda v: None, lambda v: v["village-income-target-2020"], "at_least",
          meaning_en="Full coverage cannot be checked: the page gives amounts for 7 villages of 243, and none "
                     "for Sanshengyong.",
          meaning_zh="无法核对全覆盖：原文只给出243个村中7个村的金额，三盛永村没有。"),
    Check("pairing-visits-rule", "每季度至少1次×4季度＝全年不少于4次", "At least 1 visit a quarter × 4 = at least 4 a year",
          "target", ("pairing-visits-per-quarter", "pairing-visits-per-year"),
          "pairing-visits-per-quarter × 4 = pairing-visits-per-year",
          lambda v: v["pairing-visits-per-quarter"] * 4, lambda v: v["pairing-visits-per-year"],
          meaning_en="The yearly rule follows from the quarterly one.", meaning_zh="全年要求与每季度要求一致。"),
]


def check_ids() -> list[str]:
    return [c.id for c in CHECKS]


# --- evaluating ---------------------------------------------------------------------

def figure_values(figures: pd.DataFrame) -> dict[str, Decimal]:
    """figure_id -> exact value of every figure of the tidy table (rows without a value left out)."""
    out = {}
    for fid, value in zip(figures["figure_id"], figures["value"]):
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            out[str(fid)] = decimal_value(value)
    return out


def _inside(ratio: Decimal, band: tuple[Decimal | None, Decimal | None]) -> bool:
    low, high = band
    return (low is None or ratio >= low) and (high is None or ratio <= high)


def evaluate_check(check: Check, values: Mapping[str, Decimal]) -> Verdict:
    """Run one check against figure values: consistent, inconsistent or cannot check."""
    missing = tuple(i for i in check.figure_ids if i not in values)
    if missing:
        return Verdict(check, "cannot check", None, None, missing)
    with localcontext() as ctx:
        ctx.prec = 28
        computed, expected = check.computed(values), check.expected(values)
    if not check.comparable or computed is None or expected is None:
        return Verdict(check, "cannot check", computed, expected)
    if expected == 0:
        ok = computed == 0
    else:
        with localcontext() as ctx:
            ctx.prec = 28
            ok = _inside(computed / expected, check.ratio_band)
    return Verdict(check, "consistent" if ok else "inconsistent", computed, expected)


def evaluate(figures: pd.DataFrame, checks: list[Check] | None = None) -> list[Verdict]:
    """Every check (by default :data:`CHECKS`) against the tidy table *figures*."""
    values = figure_values(figures)
    return [evaluate_check(c, values) for c in (CHECKS if checks is None else checks)]


def load(data_dir: str | os.PathLike = DATA_PROCESSED) -> pd.DataFrame:
    """The tidy figures table of *data_dir*; AuditError when it is missing or unreadable."""
    from lingyuan import dataset

    folder = params.resolve_path(data_dir)
    if not (folder / "figures.csv").is_file():
        raise AuditError(f"{folder / 'figures.csv'}: not found; build the processed data first "
                         "(notebooks/00_tidy_dataset.ipynb or `make data`), or pass --data DIR")
    try:
        return dataset.load_figures(folder)
    except Exception as e:  # a broken file: say which and why
        raise AuditError(f"{folder / 'figures.csv'}: cannot be read: {e}") from None


# --- presenting ---------------------------------------------------------------------

def fmt(d: Decimal | None) -> str:
    """A number for the table: whole numbers as they are, others to 2 decimals (4 significant
    digits when small); empty for None."""
    if d is None:
        return ""
    if d == d.to_integral_value():
        return num(d.quantize(Decimal(1)))
    places = 2 if abs(d) >= 10 else max(2, 3 - math.floor(math.log10(abs(d))))
    return num(d.quantize(Decimal(1).scaleb(-places)))


def verdict_table(verdicts: list[Verdict], lang: str = "en") -> pd.DataFrame:
    """One row per check: id, kind, title, verdict, computed, expected, ratio, accepted band,
    the figure_ids, the formula and the note."""
    params.check_lang(lang)
    rows = []
    for v in verdicts:
        low, high = v.check.ratio_band if v.check.comparable else (None, None)
        rows.append({
            "id": v.id,
            "kind": v.check.kind,
            "title": v.check.title(lang),
            "verdict": v.verdict if lang == "en" else VERDICT_ZH[v.verdict],
            "computed": fmt(v.computed),
            "expected": fmt(v.expected),
            "ratio": fmt(v.ratio),
            "band": "" if v.expected is None or not v.check.comparable else
                    f"[{'' if low is None else fmt(low)}, {'' if high is None else fmt(high)}]",
            "figure_ids": ", ".join(v.check.figure_ids),
            "formula": v.check.formula,
            "note": v.note(lang),
        })
    return pd.DataFrame(rows)


def summary(verdicts: list[Verdict]) -> dict[str, int]:
    """How many checks of each verdict."""
    return {k: sum(v.verdict == k for v in verdicts) for k in VERDICTS}


def render(verdicts: list[Verdict], format: str = "table", lang: str = "en") -> str:
    """The verdicts as a text table, CSV or JSON (deterministic)."""
    table = verdict_table(verdicts, lang)
    if format == "csv":
        buf = io.StringIO()
        table.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        return buf.getvalue()
    if format == "json":
        return json.dumps(table.to_dict("records"), ensure_ascii=False, indent=2) + "\n"
    if format != "table":
        raise ValueError(f"format={format!r}; valid formats: table, csv, json")
    cols = ["id", "verdict", "computed", "expected", "note"]
    widths = {c: max(len(c), *(len(str(x)) for x in table[c])) for c in cols[:-1]}
    lines = ["  ".join(c.ljust(widths.get(c, 0)) for c in cols).rstrip()]
    lines.append("  ".join("-" * widths.get(c, 4) for c in cols))
    for _, row in table.iterrows():
        lines.append("  ".join(str(row[c]).ljust(widths.get(c, 0)) for c in cols).rstrip())
    counts = summary(verdicts)
    lines.append("")
    lines.append(f"{len(verdicts)} checks: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return "\n".join(lines) + "\n"


# --- chart ------------------------------------------------------------------------------

VERDICT_COLOR = {"consistent": "#0072B2", "inconsistent": "#D55E00", "cannot check": "#888888"}
RATIO_LIMITS = (0.01, 4.0)


def verdict_chart(verdicts: list[Verdict], lang: str):
    """A dot per check: computed / expected on a log scale, the accepted band shaded behind
    it, coloured by verdict (hollow grey: cannot check; at the right edge when there is no
    ratio to show)."""
    from matplotlib.ticker import FuncFormatter

    from lingyuan.analysis import charts

    charts.setup(lang)
    t = lambda zh, en: charts.bilingual(zh, en, lang)  # noqa: E731
    n = len(verdicts)
    fig, axes = charts.figure(1, 1, width=10.5, height=2.2 + 0.32 * n)
    ax = axes[0, 0]
    lo_lim, hi_lim = RATIO_LIMITS
    for i, v in enumerate(verdicts):
        color = VERDICT_COLOR[v.verdict]
        if v.check.comparable and v.expected is not None and v.computed is not None:
            low, high = v.check.ratio_band
            a, b = float(low) if low is not None else lo_lim, float(high) if high is not None else hi_lim
            if a == b:  # an exact match required: a thin band so it shows
                a, b = a * 0.985, b * 1.015
            ax.barh(i, b - a, left=a, height=0.62, color="#dddddd", edgecolor="none", zorder=1)
        r = v.ratio
        if r is not None:
            x = min(max(float(r), lo_lim * 1.05), hi_lim / 1.05)
            hollow = v.verdict == "cannot check"
            ax.scatter([x], [i], s=46, zorder=3, marker="o", linewidths=1.5, edgecolors=color,
                       facecolors="white" if hollow else color)
            ax.annotate(f"{float(r):.3g}", (x, i), xytext=(7, 0), textcoords="offset points", va="center",
                        fontsize=7.5, color=charts.MUTED_COLOR)
        else:
            ax.text(1.12, i, t("无可比较的数字", "nothing to compare with"), va="center", ha="left",
                    fontsize=7.5, color=VERDICT_COLOR["cannot check"], style="italic")
    ax.axvline(1.0, color=charts.MUTED_COLOR, linewidth=0.8, zorder=2)
    ax.set_xscale("log")
    ax.set_xlim(lo_lim, hi_lim)
    ax.set_xticks([0.01, 0.03, 0.1, 0.3, 0.5, 1, 2, 4])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda x, _: ""))
    labels = [charts.wrap_label(v.check.title(lang), 34 if lang == "zh" else 64, lang) for v in verdicts]
    ax.set_yticks(range(n), labels, fontsize=7.5)
    for tick, v in zip(ax.get_yticklabels(), verdicts):
        tick.set_color(VERDICT_COLOR[v.verdict] if v.verdict == "inconsistent" else charts.TEXT_COLOR)
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("计算值 ÷ 预期值（对数刻度；1 = 完全相符）", "computed ÷ expected (log scale; 1 = exact match)"))
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=VERDICT_COLOR[k],
                      markeredgecolor=VERDICT_COLOR[k], label=t(VERDICT_ZH[k], k)) for k in VERDICTS[:2]]
    handles.append(Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor="white",
                          markeredgecolor=VERDICT_COLOR["cannot check"], label=t("无法核对", "cannot check")))
    handles.append(Patch(facecolor="#dddddd", label=t("容许范围", "accepted range")))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=4, frameon=False, fontsize=8)
    counts = summary(verdicts)
    bad = [v for v in verdicts if v.verdict == "inconsistent"]
    title = t(f"{n}项核对中{counts['consistent']}项一致、{counts['inconsistent']}项不一致、"
              f"{counts['cannot check']}项无法核对",
              f"{counts['consistent']} of {n} checks hold, {counts['inconsistent']} fail, "
              f"{counts['cannot check']} cannot be checked")
    if bad:
        more = len(bad) > 1
        title += t("。不一致：" + bad[0].check.title_zh + ("等" if more else ""),
                   ". Failing: " + bad[0].check.title_en + (" and more" if more else ""))
    subtitle = t("每项核对的计算值与预期值之比；灰色带为按原文印刷精度容许的范围；数字为2019年9月报道",
                 "Ratio of the computed to the expected number for each check; grey bands: the range the "
                 "printed precision allows; figures as reported in September 2019")
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=t(
        "部分推算用到按兜底比例推算的贫困人口（13179÷45.6%≈28901）", "Some checks use the poor population "
        "implied by the safety-net share (13,179 ÷ 45.6% ≈ 28,901, derived)"))
    return fig


def save(fig, name: str, *, lang: str, figures_dir, formats) -> list:
    """Save an audit chart as <figures_dir>/<lang>/audit_<name>.<fmt>."""
    from lingyuan.analysis import charts

    return charts.save(fig, name, topic=TOPIC, lang=lang, figures_dir=figures_dir, formats=formats)


# --- command line -----------------------------------------------------------------------

def audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=str(DATA_PROCESSED), metavar="DIR",
                        help="folder of the processed tables (default: data/processed)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="output format (default: table)")
    parser.add_argument("--lang", choices=params.LANGS, default="en", help="language of titles and notes")


def audit_command(args: argparse.Namespace) -> int:
    """Print the verdicts; exit 0 whatever they are, 2 when the data cannot be read."""
    try:
        figures = load(args.data)
    except AuditError as e:
        print(f"lingyuan audit: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(render(evaluate(figures), args.format, args.lang))
    return 0
