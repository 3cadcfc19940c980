"""lingyuan.analysis.profile: which figures belong to a village (its own and those of the bodies
inside it), naming a village by id or name, its place in its township, and the chart
for every village of the committed data."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

from lingyuan import DATA_PROCESSED
from lingyuan.analysis import chartfiles, params, profile


def _fig(figure_id, entity_id, indicator_id, value, unit="CNY", period="annual", kind="forecast"):
    return {"figure_id": figure_id, "entity_id": entity_id, "indicator_id": indicator_id, "value": value,
            "unit": unit, "period": period, "kind": kind, "qualifier": "exact"}


@pytest.fixture
def tables() -> profile.Tables:
    entities = pd.DataFrame([
        ("city", "市", "City", "city", ""),
        ("town", "甲镇", "Jia Town", "township", "city"),
        ("a", "甲村", "A Village", "village", "town"),
        ("b", "乙村", "B Village", "village", "town"),
        ("c", "丙村", "C Village", "village", "town"),  # no figures
        ("coop", "甲村合作社", "A Cooperative", "cooperative", "a"),
        ("boss", "张三", "Zhang San", "person", "coop"),  # two levels below the village
        ("other", "乙镇", "Yi Town", "township", "city"),
    ], columns=["entity_id", "name_zh", "name_en", "level", "parent_id"])
    figures = pd.DataFrame([
        _fig("a-gain", "a", "gain", 60000.0),
        _fig("b-gain", "b", "gain", 100000.0),
        _fig("coop-income", "coop", "income", 1800000.0, period="2018", kind="actual"),
        _fig("boss-years", "boss", "years", 2.0, unit="year", period="2019-09", kind="actual"),
        _fig("town-poor", "town", "poor", 1052.0, unit="person"),
        _fig("city-total", "city", "poor", 62744.0, unit="person"),
    ])
    return profile.Tables(figures, entities)


def test_descendants_follow_the_parent_chain(tables):
    assert tables.descendants("a") == ["coop", "boss"]
    assert tables.township_of("boss") == "town"
    assert tables.township_of("city") is None


def test_village_figures_include_the_bodies_inside(tables):
    assert profile.village_figures(tables, "a")["figure_id"].tolist() == ["a-gain", "coop-income", "boss-years"]
    assert profile.village_figures(tables, "b")["figure_id"].tolist() == ["b-gain"]
    assert profile.township_figures(tables, "a")["figure_id"].tolist() == ["town-poor"]


def test_valid_villages_are_those_with_figures(tables):
    assert profile.villages(tables) == ["a", "b"]


def test_resolve_by_id_or_name(tables):
    assert profile.resolve_village("a", tables) == "a"
    assert profile.resolve_village("乙村", tables) == "b"
    assert profile.resolve_village("A Village", tables) == "a"
    assert profile.resolve_village(" b village ", tables) == "b"  # any case, spaces around ignored


@pytest.mark.parametrize("bad", ["nowhere", "丙村", "town"])
def test_unknown_village_lists_the_valid_ones(tables, bad):
    with pytest.raises(params.ParameterError) as err:
        profile.resolve_village(bad, tables)
    message = str(err.value)
    assert f"village={bad!r} is not valid" in message
    for valid in ("a", "b", "甲村", "乙村"):
        assert valid in message


def test_villages_view_lists_the_valid_villages_with_their_township(tables):
    en, zh = profile.villages_view(tables, "en").frame, profile.villages_view(tables, "zh").frame
    assert list(en.columns) == ["id", "Chinese name", "English name", "township (Chinese)",
                                "township (English)", "figures"]
    assert list(zh.columns) == ["编号", "中文名", "英文名", "所在乡镇", "乡镇英文名", "数字个数"]
    assert en.values.tolist() == [["a", "甲村", "A Village", "甲镇", "Jia Town", "3"],
                                  ["b", "乙村", "B Village", "甲镇", "Jia Town", "1"]]
    assert zh.values.tolist() == en.values.tolist()  # the same rows; only the headers change


@pytest.mark.parametrize("given, guess", [
    ("北房神村", "北房身村"),  # one character wrong
    ("北房身", "北房身村"),  # without 村
    ("北房身屯", "北房身村"),  # another suffix
    ("二安沟", "二安沟村"),
    ("beifanshen", "Beifangshen Village (beifangshen)"),  # a typo in the id
    ("Beifangshen Villag", "Beifangshen Village (beifangshen)"),
    ("beilu", "Beilu Village (beilu-village)"),  # the township's id: the village of that name
])
def test_a_wrong_village_suggests_the_nearest_valid_one(real_tables, given, guess):
    with pytest.raises(params.ParameterError) as err:
        profile.resolve_village(given, real_tables)
    message = str(err.value)
    assert message.startswith(f"village={given!r} is not valid; did you mean {guess}? valid values: ")
    for vid, zh, en in profile.village_choices(real_tables):  # and lists every valid one
        assert f"{vid} ({zh}, {en})" in message


def test_no_guess_when_nothing_is_close(real_tables):
    with pytest.raises(params.ParameterError) as err:
        profile.resolve_village("nowhere", real_tables)
    assert "did you mean" not in str(err.value) and "beifangshen (北房身村, Beifangshen Village)" in str(err.value)


def test_place_in_the_township(tables):
    comparison = profile.township_comparison(tables, "a")
    assert comparison["entity_id"].tolist() == ["b", "a"]
    assert comparison["rank"].tolist() == [1, 2]
    assert comparison["this_village"].tolist() == [False, True]


def test_no_comparison_when_no_other_village_shares_an_indicator(tables):
    tables.figures.loc[tables.figures["figure_id"] == "b-gain", "indicator_id"] = "something-else"
    assert profile.township_comparison(tables, "a").empty


def test_chart_name():
    assert profile.chart_name("beifangshen") == "beifangshen_profile"


@pytest.fixture(scope="module")
def real_tables():
    if not (DATA_PROCESSED / "figures.csv").is_file():
        pytest.skip("data/processed is not built")
    return profile.load(DATA_PROCESSED)


def test_beifangshen_by_its_chinese_name(real_tables):
    assert profile.resolve_village("北房身村", real_tables) == "beifangshen"
    ids = set(profile.village_figures(real_tables, "beifangshen")["figure_id"])
    assert {"beifangshen-collective-gain", "yufeng-income-2018", "yufeng-greenhouses-grapes"} <= ids
    assert real_tables.township_of("beifangshen") == "songzhangzi"


def test_every_village_with_figures_gets_a_chart(real_tables, tmp_path):
    import matplotlib.pyplot as plt
    from PIL import Image

    villages = profile.villages(real_tables)
    assert len(villages) >= 10
    for village in villages:
        assert not profile.village_figures(real_tables, village).empty
        for lang in ("zh", "en"):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fig = profile.profile_chart(real_tables, village, lang)
                (path,) = chartfiles.save(fig, profile.chart_name(village), topic=profile.TOPIC, lang=lang,
                                      figures_dir=tmp_path, formats=["png"])
            plt.close(fig)
            assert [str(w.message) for w in caught if w.category is not ResourceWarning] == [], village
            assert path == tmp_path / lang / f"village_{village}_profile.png"
            with Image.open(path) as im:
                im.verify()


def _names(rows, tables, lang="en"):
    return profile.bar_names(pd.DataFrame(rows).assign(indicator_en="Time stationed", indicator_zh="驻村时长"),
                             tables, lang)


def test_bars_of_one_name_are_told_apart_by_what_differs(tables):
    one, two = _fig("x", "coop", "years", 1.0, unit="year", period="2019-09", kind="actual"), \
        _fig("y", "boss", "years", 2.0, unit="year", period="2019-09", kind="actual")
    assert _names([one], tables) == ["Time stationed (Sep 2019)"]  # alone: nothing added
    # two bodies: their short names
    assert _names([one, two], tables) == ["Time stationed (Sep 2019, A Cooperative)",
                                          "Time stationed (Sep 2019, Zhang San)"]
    assert _names([one, two], tables, "zh") == ["驻村时长（2019年9月，合作社）", "驻村时长（2019年9月，张三）"]
    # the same body, an actual figure and a forecast: the kind
    assert _names([one, {**one, "kind": "forecast"}], tables) == [
        "Time stationed (Sep 2019, actual)", "Time stationed (Sep 2019, forecast)"]
    # the same body and kind, printed in two paragraphs: the paragraph
    assert _names([{**one, "paragraph": 2}, {**one, "value": 2.0, "paragraph": 4}], tables, "zh") == [
        "驻村时长（2019年9月，第2段）", "驻村时长（2019年9月，第4段）"]
    # nothing in the data tells them apart: numbered in page order; other bars keep their names
    assert _names([{**one, "paragraph": 2}, {**one, "paragraph": 2}, {**two, "period": "2018"}], tables) == [
        "Time stationed (Sep 2019) #1", "Time stationed (Sep 2019) #2", "Time stationed (2018)"]


def test_no_profile_panel_has_two_bars_of_the_same_name(real_tables):
    """Every village, both languages: two bars of one panel never carry the same label (二安沟村
    had 驻村时长（2019年9月） twice: one person's time printed in two paragraphs)."""
    import matplotlib.pyplot as plt

    told_apart = 0
    for village in profile.villages(real_tables):
        for lang in ("zh", "en"):
            fig = profile.profile_chart(real_tables, village, lang)
            for ax in (a for a in fig.axes if a.get_visible()):
                labels = [t.get_text() for t in ax.get_yticklabels()]
                assert len(labels) == len(set(labels)), (village, lang, labels)
                told_apart += any(("第" in t and "段" in t) or "paragraph" in t for t in labels)
            plt.close(fig)
    assert told_apart >= 4  # 二安沟村 and 葛杖子村, in both languages
