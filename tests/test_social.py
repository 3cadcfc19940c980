"""lingyuan.analysis.social: the derived social-security numbers, checked against arithmetic done
by hand, and the charts drawn from the committed tidy table."""
from __future__ import annotations

import warnings
from decimal import Decimal

import pandas as pd
import pytest

from lingyuan import DATA_PROCESSED
from lingyuan.analysis import chartfiles, derive, social


def _row(figure_id, value, unit, qualifier="exact", kind="actual"):
    return {"figure_id": figure_id, "value": value, "unit": unit, "qualifier": qualifier, "kind": kind}


@pytest.fixture
def figures() -> pd.DataFrame:
    """The figures the derivations read, typed in by hand from the article."""
    return pd.DataFrame([
        _row("safety-net-covered", 13179.0, "person"),
        _row("safety-net-share", 45.6, "percent"),
        _row("safety-net-newly-covered", 319.0, "person"),
        _row("hospital-admissions", 10552.0, "person_time"),
        _row("hospital-costs-reimbursed", 59532000.0, "CNY"),
        _row("students-fees-waived", 2599.0, "person"),
        _row("fees-waived-amount", 2819000.0, "CNY"),
        _row("education-subsidies", 1738000.0, "CNY"),
        _row("houses-renovated", 1238.0, "household"),
        _row("houses-renovated-grade-c", 197.0, "household"),
        _row("houses-renovated-grade-d", 1041.0, "household"),
        _row("houses-completed", 1177.0, "household"),
        _row("houses-completed-grade-d", 980.0, "household"),
        _row("poverty-workshops", 6.0, "workshop"),
        _row("workshop-workers", 101.0, "person"),
        _row("public-welfare-jobs", 116.0, "person"),
        _row("labour-exported", 701.0, "person"),
    ])


def test_implied_poor_population(figures):
    d = derive.implied_poor_population(figures)
    # 13179 / 0.456 = 28901.3157...; the share printed to 0.1 point: 13179/0.4565 .. 13179/0.4555
    assert d.result == Decimal(28901)
    assert abs(d.exact - Decimal("28901.3157894736842")) < Decimal("1e-9")
    assert d.qualifier == "approx" and d.kind == "actual"
    assert d.figure_ids == ("safety-net-covered", "safety-net-share")
    assert d.formula == "safety-net-covered / (safety-net-share / 100)"
    assert d.arithmetic.startswith("13179 / (45.6 / 100) = 28901.3")
    assert (d.extra["low"], d.extra["high"]) == (Decimal(28870), Decimal(28933))


@pytest.mark.parametrize("func, result, inputs", [
    (derive.reimbursement_per_stay, "5641.77", ("hospital-costs-reimbursed", "hospital-admissions")),
    (derive.fees_waived_per_student, "1084.65", ("fees-waived-amount", "students-fees-waived")),
    (derive.subsidies_per_student, "668.72", ("education-subsidies", "students-fees-waived")),
    (derive.workers_per_workshop, "16.8", ("workshop-workers", "poverty-workshops")),
])
def test_ratios(figures, func, result, inputs):
    # 59532000/10552 = 5641.774..., 2819000/2599 = 1084.648..., 1738000/2599 = 668.718..., 101/6 = 16.83
    d = func(figures)
    assert d.result == Decimal(result)
    assert d.figure_ids == inputs
    assert d.formula == f"{inputs[0]} / {inputs[1]}"
    assert d.arithmetic.endswith(f"= {result}")
    assert d.qualifier == "exact"


def test_housing_derivations(figures):
    c = derive.houses_completed_grade_c(figures)
    assert c.result == 197 and c.figure_ids == ("houses-renovated-grade-c",)
    assert "全部完工" in c.formula  # says it comes from the wording, not from a printed number
    assert derive.houses_remaining_grade_c(figures).result == 0
    assert derive.houses_remaining_grade_d(figures).result == 61  # 1041 - 980
    assert derive.houses_remaining(figures).result == 61  # 1238 - 1177
    assert derive.completion_share(figures).result == Decimal("95.1")  # 1177/1238 = 0.95073
    assert derive.completion_share_grade_d(figures).result == Decimal("94.1")  # 980/1041 = 0.94140
    rows = {r["grade"]: r for r in social.housing_rows(figures)}
    assert [rows["C"][k] for k in ("planned", "completed", "remaining")] == [197, 197, 0]
    assert [rows["D"][k] for k in ("planned", "completed", "remaining")] == [1041, 980, 61]
    assert [rows["all"][k] for k in ("planned", "completed", "remaining")] == [1238, 1177, 61]
    assert rows["C"]["completed_source"].startswith("derived")
    table = social.housing_table(figures, "zh").frame
    assert list(table.columns[:3]) == ["等级", "计划（户）", "计划数来源"] and table.iloc[0, 0] == "C级"
    assert table.iloc[2].tolist()[1] == "1238"  # an integer, not 1238.0, its unit in the header


def test_housing_table_links_each_number_only_beside_the_data_page(figures, monkeypatch):
    """In a run of the runner each number links to its figure or derivation on the data
    page; in JupyterLab or plain papermill (no data page beside the notebook) nothing links."""
    from lingyuan import datalinks

    monkeypatch.setenv(datalinks.SITE_VARIABLE, "1")
    html = social.housing_table(figures, "en")._repr_html_()
    for anchor in ("houses-renovated-grade-c", "houses-completed-grade-d", "houses-renovated",
                   datalinks.derived_anchor("houses-completed-grade-c"), datalinks.derived_anchor("houses-remaining")):
        assert f'href="data.en.html#{anchor}"' in html, anchor
    assert html.count("<a ") == 9
    monkeypatch.delenv(datalinks.SITE_VARIABLE)
    assert "<a " not in social.housing_table(figures, "en")._repr_html_()


def test_workers_helped(figures):
    d = derive.workers_helped(figures)
    assert d.result == 918  # 101 + 116 + 701
    assert d.arithmetic == "101 + 116 + 701 = 918"
    assert d.figure_ids == derive.EMPLOYMENT_IDS


def test_approximate_input_makes_an_approximate_result(figures):
    figures.loc[figures["figure_id"] == "hospital-admissions", "qualifier"] = "approx"
    assert derive.reimbursement_per_stay(figures).qualifier == "approx"


def test_missing_figure_names_it(figures):
    with pytest.raises(KeyError, match="hospital-admissions"):
        derive.reimbursement_per_stay(figures[figures["figure_id"] != "hospital-admissions"])


def test_derived_table_lists_every_derivation(figures):
    derived = derive.all_social(figures)
    table = social.derived_table(derived, "en").frame
    assert list(table["id"]) == [d.id for d in derived]
    assert {"formula", "arithmetic", "input figure ids", "result"} <= set(table.columns)
    zh = social.derived_table(derived, "zh").frame
    assert "推算值" in zh.columns and set(zh["精确程度"]) <= {"确数", "约数"}
    assert "nan" not in repr(social.derived_table(derived, "en")).lower()


@pytest.fixture(scope="module")
def real_figures():
    if not (DATA_PROCESSED / "figures.csv").is_file():
        pytest.skip("data/processed/figures.csv is not built")
    return social.load(DATA_PROCESSED)  # the tables, with exact values


def test_real_table_gives_the_hand_computed_values(real_figures):
    by_id = {d.id: d.result for d in derive.all_social(real_figures)}
    assert str(by_id["reimbursement-per-stay"]) == "5641.77"  # from the exact values of figures.csv
    assert by_id["implied-poor-population"] == 28901
    assert by_id["reimbursement-per-stay"] == Decimal("5641.77")
    assert by_id["fees-waived-per-student"] == Decimal("1084.65")
    assert by_id["subsidies-per-student"] == Decimal("668.72")
    assert by_id["houses-completed-grade-c"] == 197
    assert by_id["houses-remaining-grade-d"] == 61
    assert by_id["workers-helped"] == 918


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_render_and_save(real_figures, tmp_path, lang):
    import matplotlib.pyplot as plt
    from PIL import Image

    for name, chart in social.CHARTS.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig = chart(real_figures, lang)
            paths = chartfiles.save(fig, name, topic=social.TOPIC, lang=lang, figures_dir=tmp_path, formats=["png"])
        plt.close(fig)
        assert [str(w.message) for w in caught if w.category is not ResourceWarning] == []
        assert paths == [tmp_path / lang / f"social_{name}.png"]
        with Image.open(paths[0]) as im:
            im.verify()


@pytest.mark.parametrize("lang, header", [("zh", "数值"), ("en", "value")])
def test_mixed_units_stay_with_each_value(real_figures, lang, header):
    """The topic's figures are in people, yuan and percent: no unit in the header, each
    value with its own (a single unit would sit in the header, as in the housing table)."""
    table = social.figures_table(real_figures, lang).frame
    assert header in table.columns
    shown = "".join(table[header])
    assert ("元" in shown and "人" in shown and "%" in shown) if lang == "zh" else \
        ("¥" in shown and "people" in shown and "%" in shown)
