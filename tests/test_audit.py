"""lingyuan.analysis.audit: verdicts of the consistency checks, hand-computed on small tables and
on the committed tidy table, and the `python -m lingyuan audit` command."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal

import pandas as pd
import pytest

from lingyuan import DATA_PROCESSED, PROJECT_ROOT
from lingyuan.analysis import audit, chartfiles


def table(**values) -> pd.DataFrame:
    """A tidy table holding only figure_id and value (what the checks read)."""
    return pd.DataFrame({"figure_id": [k.replace("_", "-") for k in values], "value": list(values.values())})


def verdict(check_id: str, figures: pd.DataFrame) -> audit.Verdict:
    (check,) = [c for c in audit.CHECKS if c.id == check_id]
    return audit.evaluate(figures, [check])[0]


HOUSES = dict(houses_renovated_grade_c=197.0, houses_renovated_grade_d=1041.0, houses_renovated=1238.0)


def test_parts_that_sum_to_the_total_are_consistent():
    v = verdict("houses-grades-sum", table(**HOUSES))
    assert v.verdict == "consistent"
    assert (v.computed, v.expected, v.ratio) == (Decimal(1238), Decimal(1238), Decimal(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_exact_check_reads_equals_one(lang):
    exact = verdict("houses-grades-sum", table(**HOUSES))  # the parts must sum to the total exactly
    assert exact.band[0] == exact.band[1] == Decimal(1)
    assert audit.band_words(exact, lang) == "= 1"  # not a bare "1", which reads as a count


def test_a_perturbed_total_is_inconsistent():
    v = verdict("houses-grades-sum", table(**{**HOUSES, "houses_renovated": 1239.0}))
    assert v.verdict == "inconsistent"
    assert (v.computed, v.expected) == (Decimal(1238), Decimal(1239))


def test_a_missing_figure_cannot_be_checked():
    figures = table(houses_renovated_grade_c=197.0, houses_renovated=1238.0)
    v = verdict("houses-grades-sum", figures)
    assert v.verdict == "cannot check"
    assert v.missing == ("houses-renovated-grade-d",)
    assert "houses-renovated-grade-d" in v.note("en")


def test_completed_grade_c_comes_from_the_wording():
    figures = table(houses_renovated_grade_c=197.0, houses_completed_grade_d=980.0, houses_completed=1177.0)
    assert verdict("houses-completed-sum", figures).verdict == "consistent"  # 197 + 980 = 1177
    figures.loc[figures["figure_id"] == "houses-completed-grade-d", "value"] = 979.0
    assert verdict("houses-completed-sum", figures).verdict == "inconsistent"


def test_rates_within_their_tolerance():
    base = dict(industry_annual_benefit_forecast=20_000_000.0, safety_net_covered=13179.0,
                safety_net_share=45.6, income_gain_per_poor_person=695.0, poor_reached_cumulative=62744.0)
    # 20000000 / (13179 / 0.456) = 692.01 vs 695: ratio 0.9957, inside ±2.5%
    v = verdict("benefit-per-poor-vs-gain", table(**base))
    assert v.verdict == "consistent" and v.computed.quantize(Decimal("0.01")) == Decimal("692.01")
    # 20000000 / 62744 = 318.76 vs 695: ratio 0.459, outside ±2.5%
    v = verdict("benefit-per-reached-vs-gain", table(**base))
    assert v.verdict == "inconsistent" and v.computed.quantize(Decimal("0.01")) == Decimal("318.76")
    # a gain of 720 would be 3.9% off: inconsistent
    assert verdict("benefit-per-poor-vs-gain", table(**{**base, "income_gain_per_poor_person": 720.0})
                   ).verdict == "inconsistent"


def test_headline_rounding_band():
    ok = table(poor_reached_headline=60000.0, poor_reached_cumulative=62744.0)
    assert verdict("poor-reached-headline-body", ok).verdict == "consistent"
    too_many = table(poor_reached_headline=60000.0, poor_reached_cumulative=71000.0)
    assert verdict("poor-reached-headline-body", too_many).verdict == "inconsistent"  # 6万余 < 70000


def test_subset_and_target_relations():
    assert verdict("projects-2019-within-cumulative",
                   table(industry_projects_2019=37.0, industry_projects_cumulative=358.0)).verdict == "consistent"
    assert verdict("projects-2019-within-cumulative",
                   table(industry_projects_2019=400.0, industry_projects_cumulative=358.0)).verdict == "inconsistent"
    met = table(secretaries_wealth_leader_share=74.1, secretaries_wealth_leader_share_target=70.0)
    assert verdict("wealth-leader-share-target", met).verdict == "consistent"
    missed = table(secretaries_wealth_leader_share=69.9, secretaries_wealth_leader_share_target=70.0)
    assert verdict("wealth-leader-share-target", missed).verdict == "inconsistent"


def test_nothing_to_compare_with_cannot_be_checked():
    v = verdict("safety-net-implied-poor", table(safety_net_covered=13179.0, safety_net_share=45.6))
    assert v.verdict == "cannot check" and v.expected is None
    assert v.computed.quantize(Decimal(1)) == 28901


def test_checks_are_well_formed():
    ids = audit.check_ids()
    assert len(ids) == len(set(ids)), "check ids must be unique"
    for c in audit.CHECKS:
        assert c.name_zh and c.name_en and c.formula, c.id
        assert c.figure_ids, c.id


@pytest.fixture(scope="module")
def real_figures():
    if not (DATA_PROCESSED / "figures.csv").is_file():
        pytest.skip("data/processed/figures.csv is not built")
    return audit.load(DATA_PROCESSED)


def test_every_check_finds_its_figures(real_figures):
    known = set(real_figures.figures["figure_id"])
    for c in audit.CHECKS:
        missing = [i for i in c.figure_ids if i not in known]
        assert not missing, f"{c.id}: figure_ids not in the tidy table: {missing}"


def test_verdicts_on_the_page(real_figures):
    got = {v.id: v.verdict for v in audit.evaluate(real_figures)}
    expected = {
        "houses-grades-sum": "consistent", "houses-completed-sum": "consistent",
        "safety-net-implied-poor": "cannot check", "poor-reached-includes-lifted": "cannot check",
        "projects-per-poor-person": "consistent", "benefit-per-reached-vs-gain": "inconsistent",
        "benefit-per-poor-vs-gain": "consistent", "poor-reached-headline-body": "consistent",
        "coops-headline-p1": "consistent", "coops-headline-p3": "consistent",
        "pepper-area-quote-body": "consistent", "deli-investment-quote-body": "consistent",
        "deli-income-quote-body": "consistent", "reach-2019-within-cumulative": "consistent",
        "wealth-leader-share-target": "consistent", "entrepreneur-share-target": "cannot check",
        "village-income-target-5wan": "consistent", "beilu-80pct-target": "consistent",
        "yufeng-forecast-vs-2018-net": "cannot check",
    }
    assert {k: got[k] for k in expected} == expected
    assert audit.summary(audit.evaluate(real_figures))["inconsistent"] == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_accepted_range_reads_as_a_range(real_figures, lang):
    for v in audit.evaluate(real_figures):
        words = audit.band_words(v, lang)
        low, high = v.band
        if v.expected is None or not v.check.comparable:
            assert words == "", v.id
        elif low is not None and high is not None and low != high:
            assert "–" in words and not words.startswith(("=", "≤", "≥")), (v.id, words)
        else:
            assert words[:2] in ("= ", "≤ ", "≥ "), (v.id, words)


def test_render_formats(real_figures):
    verdicts = audit.evaluate(real_figures)
    text = audit.render(verdicts, "table")
    assert text.splitlines()[0].split() == ["id", "verdict", "computed", "expected", "note"]
    rows = list(csv.DictReader(io.StringIO(audit.render(verdicts, "csv"))))
    assert [r["id"] for r in rows] == audit.check_ids()
    data = json.loads(audit.render(verdicts, "json"))
    assert data[0]["id"] == "houses-grades-sum" and data[0]["computed"] == "1238"
    assert audit.render(verdicts, "csv") == audit.render(audit.evaluate(real_figures), "csv")
    with pytest.raises(ValueError, match="table, csv, json"):
        audit.render(verdicts, "xml")


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "lingyuan", "audit", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd or PROJECT_ROOT)


def test_command_prints_the_table_and_exits_0(real_figures, tmp_path):
    out = run_cli(cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    for check_id in audit.check_ids():
        assert check_id in out.stdout
    assert "inconsistent" in out.stdout  # it reports failures and still exits 0


def test_command_json_and_csv(real_figures):
    out = run_cli("--format", "json", "--data", str(DATA_PROCESSED))
    assert out.returncode == 0, out.stderr
    assert [r["id"] for r in json.loads(out.stdout)] == audit.check_ids()
    out = run_cli("--format", "csv", "--lang", "zh")
    assert out.returncode == 0 and "不一致" in out.stdout


def test_command_exits_2_on_unreadable_data(tmp_path):
    out = run_cli("--data", str(tmp_path / "nowhere"))
    assert out.returncode == 2
    assert "figures.csv" in out.stderr and out.stdout == ""
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "figures.csv").write_text("figure_id,value\nx,notanumber\n", encoding="utf-8")
    out = run_cli("--data", str(tmp_path / "broken"))
    assert out.returncode == 2 and "figures.csv" in out.stderr and "rebuild" in out.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart(real_figures, tmp_path, lang):
    import matplotlib.pyplot as plt
    from PIL import Image


    fig = audit.verdict_chart(audit.evaluate(real_figures), lang, real_figures)
    (path,) = chartfiles.save(fig, "verdicts", topic=audit.TOPIC, lang=lang, figures_dir=tmp_path, formats=["png"])
    plt.close(fig)
    assert path.name == "audit_verdicts.png"
    with Image.open(path) as im:
        im.verify()
