"""Industry charts: the township filter, picking figures by id, and the charts built
from the committed tidy table showing the figures as reported."""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lingyuan import DATA_PROCESSED
from lingyuan.analysis import chartfiles, industry
from lingyuan.analysis.params import ParameterError

matplotlib.use("Agg")  # tests only; notebooks keep the inline backend


def _entities():
    rows = [("lingyuan", "凌源市", "Lingyuan City", "city", ""),
            ("beilu", "北炉乡", "Beilu Township", "township", "lingyuan"),
            ("goumenzi", "沟门子镇", "Goumenzi Town", "township", "lingyuan"),
            ("nanlu", "南炉村", "Nanlu Village", "village", "beilu"),
            ("erangou", "二安沟村", "Er'angou Village", "village", "goumenzi"),
            ("deli-pig-farm", "德利养猪场", "Deli Pig Farm", "enterprise", "erangou")]
    return pd.DataFrame(rows, columns=["entity_id", "name_zh", "name_en", "level", "parent_id"])


def _figures():
    return pd.DataFrame({
        "figure_id": ["a", "b", "c"], "value": [358.0, 62744.0, 15000.0],
        "unit": ["project", "person", "person"], "qualifier": ["exact", "exact", "exact"],
        "kind": ["actual", "actual", "forecast"], "entity_id": ["lingyuan"] * 3,
    })


def test_township_of_walks_up_the_parents():
    tables = industry.Tables(_figures(), _entities())
    assert tables.township_of("deli-pig-farm") == "goumenzi"  # enterprise -> village -> township
    assert tables.township_of("nanlu") == "beilu"
    assert tables.township_of("beilu") == "beilu"
    assert tables.township_of("lingyuan") is None
    assert tables.townships() == ["beilu", "goumenzi"]


def test_check_township_lists_the_valid_values():
    tables = industry.Tables(_figures(), _entities())
    assert industry.check_township("all", tables) == "all"
    assert industry.check_township("beilu", tables) == "beilu"
    with pytest.raises(ParameterError, match=r"valid values: all, beilu \(北炉乡, Beilu Township\), "
                                             r"goumenzi \(沟门子镇, Goumenzi Town\)") as err:
        industry.check_township("nowhere", tables)
    assert "did you mean" not in str(err.value)  # nothing is close: no guess


@pytest.mark.parametrize("given, township", [("北炉乡", "beilu"), ("Goumenzi Town", "goumenzi"),
                                             ("goumenzi town", "goumenzi"), (" ALL ", "all")])
def test_check_township_takes_a_name_in_either_language(given, township):
    assert industry.check_township(given, industry.Tables(_figures(), _entities())) == township


@pytest.mark.parametrize("given, guess", [("北炉", "北炉乡"), ("沟门子", "沟门子镇"),
                                          ("goumenz", "Goumenzi Town (goumenzi)"), ("al", "all")])
def test_a_mistyped_township_suggests_the_nearest(given, guess):
    with pytest.raises(ParameterError) as err:
        industry.check_township(given, industry.Tables(_figures(), _entities()))
    assert f"township={given!r} is not valid; did you mean {guess}? valid values: all, beilu" in str(err.value)


def test_townships_view_lists_what_the_parameter_takes():
    tables = industry.Tables(_figures().assign(entity_id=["lingyuan", "nanlu", "deli-pig-farm"]), _entities())
    zh, en = industry.townships_view(tables, "zh").frame, industry.townships_view(tables, "en").frame
    assert list(en.columns) == ["id", "Chinese name", "English name", "villages with figures"]
    assert list(zh.columns) == ["编号", "中文名", "英文名", "有数字的村"]
    assert en["id"].tolist() == ["all", "beilu", "goumenzi"]
    assert en["Chinese name"].tolist()[1:] == ["北炉乡", "沟门子镇"]
    assert en["villages with figures"].tolist() == ["2", "1", "1"]


def test_pick_keeps_the_order_given_and_names_missing_ids():
    picked = industry.pick(_figures(), ["c", "a"])
    assert picked["figure_id"].tolist() == ["c", "a"]
    assert picked["value"].tolist() == [15000.0, 358.0]
    with pytest.raises(KeyError, match="zz"):
        industry.pick(_figures(), ["a", "zz"])


# --- the charts on the committed tidy table ------------------------------------------

@pytest.fixture(scope="module")
def tables():
    if not (DATA_PROCESSED / "figures.csv").is_file():
        pytest.skip("data/processed is not built; run `make data`")
    return industry.load(DATA_PROCESSED)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def test_every_figure_a_chart_uses_is_in_the_tidy_table(tables):
    ids = (industry.REACH_IDS + industry.CAPACITY_IDS + industry.BEILU_IDS + industry.GRAPE_BUILDINGS
           + industry.GRAPE_VINES + industry.GRAPE_MONEY + industry.PEPPER_IDS + industry.PIG_MONEY
           + industry.PIG_IDS + industry.COOP_IDS)
    assert len(industry.pick(tables.figures, ids)) == len(ids)


def test_reach_chart_states_the_finding_with_the_reported_numbers(tables):
    texts = _texts(industry.reach_chart(tables, "en"))
    title = " ".join(texts)
    # 358 projects, 62744 people (cumulative), 37 projects and 15,000 people (forecast) in 2019
    assert "358 projects have reached 62,744 poor people" in title
    assert "15,000 (forecast)" in texts  # the forecast bar says so
    assert "~60,000" in texts  # the headline's 6万余 is approximate
    zh = " ".join(_texts(industry.reach_chart(tables, "zh")))
    assert "累计358个产业项目带动贫困人口62744人" in zh
    assert "资料来源：凌源市脱贫攻坚报道（2019年9月），数据按原文" in zh


def test_capacity_chart_has_one_panel_per_unit(tables):
    fig = industry.capacity_chart(tables, "zh")
    assert len(fig.axes) == 4
    texts = _texts(fig)
    # 4000 head of pigs; 31.6万 broilers and quail, in the printed classifier 只; 53 ha; 3.41 MW
    for label in ("4000头", "31.6万只", "53公顷", "3.41兆瓦"):
        assert label in texts


def test_village_charts_follow_the_township_filter(tables, capsys):
    assert industry.beilu_chart(tables, "en", township="goumenzi") is None
    assert industry.grape_chart(tables, "en", township="beilu") is None
    assert "Songzhangzi Town (songzhangzi)" in capsys.readouterr().out
    assert industry.erangou_chart(tables, "en", township="goumenzi") is not None

    assert chartfiles.save(None, "x", topic=industry.TOPIC, lang="en", figures_dir="unused", formats=["png"]) == []


def test_beilu_chart_shows_forecasts_and_names_the_village_without_amount(tables):
    fig = industry.beilu_chart(tables, "en", township="beilu")
    texts = _texts(fig)
    assert texts.count("¥100,000") == 3  # 北炉村, 南炉村, 穆罗树杖子村: 分别 10万元
    assert "¥60,000" in texts and texts.count("¥50,000") == 2
    assert any("6 of Beilu's 7 villages" in t for t in texts)
    assert any("Sanshengyong Village" in t and "no income given" in t for t in texts)
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 6  # all forecasts


def test_grape_chart_marks_actual_and_expected_differently(tables):
    fig = industry.grape_chart(tables, "en")
    money = fig.axes[2]
    bars = {p.get_height(): p for p in money.patches}
    assert bars[1_800_000].get_hatch() is None and bars[1_800_000].get_fill()  # 2018 actual
    assert bars[1_500_000].get_hatch()  # ≥150万 expected a year: forecast, hatched
    assert "≥¥1.5 million" in _texts(fig)


def test_erangou_and_cooperatives_charts(tables):
    texts = _texts(industry.erangou_chart(tables, "zh"))
    for label in ("67公顷", "80万元", "26名", "600万元", "4000"):
        assert label in texts
    assert "120万元\n" not in texts and any(t.startswith("120万元（预计）") for t in texts)
    coop = _texts(industry.cooperatives_chart(tables, "en"))
    for label in ("138", "243", "52", "¥4.75 million", "~60", "17"):
        assert label in coop
