"""Income: derived numbers computed by hand, qualifiers and kinds carried over, the
arithmetic table, and the charts on the committed tidy table."""
from __future__ import annotations

from decimal import Decimal

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lingyuan import DATA_PROCESSED
from lingyuan.analysis import derive, income

matplotlib.use("Agg")


def _row(figure_id, value, unit, qualifier="exact", kind="actual", as_reported=None, unit_reported=""):
    return dict(figure_id=figure_id, value=value, unit=unit, qualifier=qualifier, kind=kind,
                as_reported=as_reported or str(value), unit_reported=unit_reported)


@pytest.fixture()
def figures():
    return pd.DataFrame([
        _row("industry-annual-benefit-forecast", 20_000_000.0, "CNY", kind="forecast",
             as_reported="2000万", unit_reported="元"),
        _row("poor-reached-cumulative", 62_744.0, "person", unit_reported="人"),
        _row("poor-reached-headline", 60_000.0, "person", qualifier="approx", as_reported="6万余",
             unit_reported="人"),
        _row("industry-projects-cumulative", 358.0, "project", unit_reported="个"),
        _row("yufeng-income-2018", 1_800_000.0, "CNY", as_reported="180万", unit_reported="元"),
        _row("yufeng-greenhouses-grapes", 79.0, "building", unit_reported="栋"),
        _row("yufeng-income-2019", 400_000.0, "CNY", as_reported="40万", unit_reported="元"),
        _row("yufeng-greenhouses-2018", 28.0, "building", unit_reported="栋"),
        _row("yufeng-investment-2018", 850_000.0, "CNY", as_reported="85万", unit_reported="元"),
        _row("low", 50_000.0, "CNY", qualifier="at_least"),
        _row("zero", 0.0, "person"),
    ])


def test_benefit_per_person_by_hand(figures):
    d = derive.benefit_per_person(figures)
    # 20,000,000 / 62,744 = 318.7555...: 318.76 to the fen
    assert d.exact.quantize(Decimal("0.0001")) == Decimal("318.7556")
    assert d.result == Decimal("318.76")
    assert d.numerator.figure_id == "industry-annual-benefit-forecast"
    assert d.denominator.figure_id == "poor-reached-cumulative"
    assert d.numerator.value == 20_000_000 and d.denominator.value == 62_744
    assert d.unit == "CNY_per_person"
    assert (d.qualifier, d.kind) == ("exact", "forecast")  # 预估: a forecast divided is a forecast
    assert d.formula == "industry-annual-benefit-forecast / poor-reached-cumulative"
    assert d.arithmetic == "20000000 / 62744 = 318.76"


def test_benefit_over_the_headline_is_approximate(figures):
    d = derive.benefit_per_person(figures, "poor-reached-headline")
    # 20,000,000 / 60,000 = 333.333...
    assert d.result == Decimal("333.33")
    assert d.qualifier == "approx"  # 6万余
    assert d.label("en", stacked=True) == "~¥333.33\n(derived)"
    assert d.label("zh", marker=False) == "~333.33元"


def test_per_project_and_per_greenhouse_by_hand(figures):
    # 20,000,000 / 358 = 55,865.92 -> 55,866 yuan
    assert derive.benefit_per_project(figures).result == Decimal("55866")
    # 1,800,000 / 79 = 22,784.81 -> 22,785 yuan per greenhouse
    assert derive.income_per_greenhouse_2018(figures).result == Decimal("22785")
    # 400,000 / 28 = 14,285.71 -> 14,286;  850,000 / 28 = 30,357.14 -> 30,357
    assert derive.income_per_shed_2019(figures).result == Decimal("14286")
    assert derive.investment_per_shed_2018(figures).result == Decimal("30357")
    assert derive.income_per_shed_2019(figures).kind == "actual"


def test_ratio_refuses_to_divide_by_zero(figures):
    f = derive.figures(figures)
    with pytest.raises(ZeroDivisionError, match="zero is 0"):
        derive.ratio(f["low"], f["zero"], id="x", names=("x", "x"), unit="CNY")


@pytest.mark.parametrize("num, den, expected", [
    ("exact", "exact", "exact"),
    ("approx", "exact", "approx"),
    ("exact", "approx", "approx"),
    ("at_least", "exact", "at_least"),   # ≥a / b ≥ a/b
    ("exact", "at_least", "at_most"),    # a / ≥b ≤ a/b
    ("at_least", "at_most", "at_least"),
    ("at_most", "at_least", "at_most"),
    ("at_least", "at_least", "approx"),  # no bound either way
])
def test_ratio_qualifier(num, den, expected):
    assert derive.qualifier((num, 1), (den, -1)) == expected


@pytest.mark.parametrize("a, b, sign, expected", [
    ("at_least", "exact", 1, "at_least"),    # ≥a + b ≥ a+b
    ("at_least", "at_least", 1, "at_least"),  # ≥a + ≥b ≥ a+b
    ("at_least", "at_most", 1, "approx"),     # bounds pulling both ways
    ("at_least", "at_most", -1, "at_least"),  # ≥a − ≤b ≥ a−b
    ("exact", "at_least", -1, "at_most"),     # a − ≥b ≤ a−b
    ("approx", "exact", 1, "approx"),
])
def test_one_qualifier_rule_for_sums_and_differences(a, b, sign, expected):
    assert derive.qualifier((a, 1), (b, sign)) == expected


def test_a_difference_of_a_bound_carries_it(figures):
    f = derive.figures(figures)
    d = derive.difference(f["yufeng-income-2018"], f["low"], id="x", names=("x", "x"), unit="CNY")
    assert (d.result, d.qualifier) == (Decimal(1_750_000), "at_most")


def test_combined_kind():
    assert derive.kind("actual", "actual") == "actual"
    assert derive.kind("forecast", "actual") == "forecast"
    assert derive.kind("actual", "target") == "target"


def test_arithmetic_table_spells_out_the_inputs(figures):
    table = income.arithmetic_table([derive.benefit_per_person(figures)], "en").frame
    row = table.iloc[0]
    # the inputs with their units, as the results: one unit in the column, in its header
    assert row["numerator"] == "industry-annual-benefit-forecast" and row["numerator value (yuan)"] == "20 million"
    assert row["denominator"] == "poor-reached-cumulative" and row["denominator value (people)"] == "62,744"
    assert row["result (yuan per person)"] == "318.76" and row["kind"] == "forecast"
    zh = income.arithmetic_table([derive.benefit_per_person(figures)], "zh").frame
    assert zh.iloc[0]["类别"] == "预计" and zh.iloc[0]["结果（元/人）"] == "318.76"
    assert zh.iloc[0]["分子值（元）"] == "2000万" and zh.iloc[0]["分母值（人）"] == "62744"


def test_as_row_is_styled_as_derived(figures):
    row = derive.benefit_per_person(figures).as_row()
    assert row["style"] == "derived" and row["value"] == pytest.approx(318.76)


# --- on the committed tidy table -------------------------------------------------

@pytest.fixture(scope="module")
def tables():
    if not (DATA_PROCESSED / "figures.csv").is_file():
        pytest.skip("data/processed is not built; run `make data`")
    return income.load(DATA_PROCESSED)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig):
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def test_derived_numbers_on_the_real_table(tables):
    results = {d.id: d.result for d in derive.all_income(tables)}
    assert results == {
        "benefit-per-person": Decimal("318.76"), "benefit-per-person-headline": Decimal("333.33"),
        "benefit-per-project": Decimal("55866"), "income-per-greenhouse-2018": Decimal("22785"),
        "income-per-shed-2019": Decimal("14286"), "investment-per-shed-2018": Decimal("30357"),
    }


def test_collective_income_selects_the_villages(tables):
    rows = income.collective_income(tables)
    # Beilu: 6万, 10万 x3, 5万 x2; Beifangshen 40万以上
    assert sorted(rows["value"].tolist()) == [50_000, 50_000, 60_000, 100_000, 100_000, 100_000, 400_000]
    assert rows.iloc[0]["entity_id"] == "beifangshen" and rows.iloc[0]["qualifier"] == "at_least"
    assert set(rows["township"]) == {"beilu", "songzhangzi"}


def test_targets_table(tables):
    t = income.targets_table(tables, "en").frame
    assert t["as printed"].tolist() == ["80%", "5万元", "2万元", "5万元"]
    assert t["value"].tolist() == ["≥80%", "≥¥50,000", "≥¥20,000", "¥50,000"]


def test_income_charts_state_their_findings(tables):
    per_capita = " ".join(_texts(income.per_capita_chart(tables, "en")))
    assert "Poor people gained ¥695 each" in per_capita and "¥318.76" in per_capita
    assert "(derived)" in per_capita
    collective = income.collective_chart(tables, "zh")
    texts = _texts(collective)
    assert "≥40万元" in texts and texts.count("10万元") == 3
    dots = collective.axes[0].collections
    assert len(dots) == 7
    assert all(tuple(c.get_facecolor()[0]) == (1.0, 1.0, 1.0, 1.0) for c in dots)  # forecasts: hollow
    earnings = _texts(income.earnings_chart(tables, "en"))
    assert "≥¥20,000" in earnings and "¥22,785\n(derived)" in earnings
