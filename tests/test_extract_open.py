"""The extractor's open grammar: whole ranges (value and value_high), signs, units read by
class (symbols, Latin units, any classifier of the lexical resource), readings of an
indicator without a unit, and the exclusions that keep names and dates out.

The sentences are made up in the shapes of published reports (markets briefs, weather and
pest forecasts, company results); each case states what a user of the rows relies on."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan.quantities import find_quantities, format_decimal
from lingyuan.quantities import patterns as P


def rows(text: str) -> list[tuple]:
    out = []
    for q in find_quantities(text):
        assert q.as_reported.lstrip("-－−") in text.replace(" ", "") or q.as_reported in text
        high = "" if q.value_high is None else format_decimal(q.value_high)
        out.append((q.as_reported, format_decimal(q.value), high, q.unit, q.unit_reported, q.qualifier, q.change))
    return out


RANGES = [
    # a range is one row: the lower end in value, the upper in value_high, qualifier at_least
    ("预计降水量30～80毫米。", [("30～80", "30", "80", "", "毫米", "at_least", "")]),
    ("补助3万至5万元。", [("3万至5万", "30000", "50000", "CNY", "元", "at_least", "")]),
    ("每户补助3至5万元。", [("3至5万", "30000", "50000", "CNY_per_household", "元", "at_least", "")]),
    ("发生程度偏轻，预计减产3～5成。", [("3～5成", "30", "50", "percent", "", "at_least", "decrease")]),
    # (偏高, a departure from the climate normal, is a change by its word)
    ("大部地区气温偏高0.5～2℃。", [("0.5～2", "0.5", "2", "", "℃", "at_least", "increase")]),
    ("估值区间为20-30x。", [("20-30", "20", "30", "", "x", "at_least", "")]),
    ("环比-1.5%至-0.8%。", [("-1.5%至-0.8%", "-1.5", "-0.8", "percent", "%", "at_least", "")]),
    ("最低气温零下5至10℃。", [("5至10", "-10", "-5", "", "℃", "at_least", "")]),
    ("投资的5%—20%。", [("5%—20%", "5", "20", "percent", "%", "at_least", "")]),
    # 增长A至B: the change A, then the level B, two rows
    ("库存增加12万吨至350万吨。", [("12万", "120000", "", "tonne", "吨", "exact", "increase"),
                           ("350万", "3500000", "", "tonne", "吨", "exact", "")]),
    # a percentage, then a level: a percent sign before 至 needs one after the upper end too
    ("营业收入同比增长15.3%至128.6亿元。", [("15.3%", "15.3", "", "percent", "%", "exact", "increase"),
                                ("128.6亿", "12860000000", "", "CNY", "元", "exact", "")]),
    # not a range: a single number keeps value_high empty
    ("新建大棚215栋。", [("215", "215", "", "building", "栋", "exact", "")]),
]


@pytest.mark.parametrize("text,expected", RANGES)
def test_ranges_are_whole(text, expected):
    assert rows(text) == expected


SIGNS = [
    # the rule: value carries the sign printed; a change word sets change, the amount stays positive
    ("利润同比-6%。", [("-6%", "-6", "", "percent", "%", "exact", "")]),
    ("利润同比下降6%。", [("6%", "6", "", "percent", "%", "exact", "decrease")]),
    ("净流出，-3.2亿元。", [("-3.2亿", "-320000000", "", "CNY", "元", "exact", "")]),
    ("零下15度。", [("15", "-15", "", "", "度", "exact", "")]),
    # a hyphen between digits or after a letter is no sign
    ("2019-2020年度，G102国道，A-3地块。", []),
]


@pytest.mark.parametrize("text,expected", SIGNS)
def test_signs(text, expected):
    assert rows(text) == expected


UNITS = [
    ("面积120㎡，另有80m²，全长5km，重3t。", [("120", "square_metre", "㎡"), ("80", "square_metre", "m²"),
                                  ("5", "km", "km"), ("3", "tonne", "t")]),
    ("月活500万MAU，存储2TB，装机50MW。", [("5000000", "", "MAU"), ("2", "", "TB"), ("50", "MW", "MW")]),
    ("出生率7.5‰，发病率2.1/10万，制程5nm。", [("7.5", "", "‰"), ("2.1", "", "/10万"), ("5", "", "nm")]),
    # after Latin letters, a unit known by name (GDP6.2%, EPS0.45元), never a code (G102国道)
    ("EPS0.45元，G102国道，C919大飞机，PM2.5浓度，H1N1流感，COVID-19疫情。", [("0.45", "CNY", "元")]),
    # an index's points (more than 24: not a time of day)
    ("指数跌0.5%报3000点，凌晨3点。", [("0.5", "percent", "%"), ("3000", "", "点")]),
    # any classifier of CC-CEDICT after a Chinese numeral
    ("经历两波疫情，三艘货轮，涉及五宗地块。", [("2", "", "波"), ("3", "", "艘"), ("5", "", "宗")]),
]


@pytest.mark.parametrize("text,expected", UNITS)
def test_units_by_class(text, expected):
    assert [(format_decimal(q.value), q.unit, q.unit_reported) for q in find_quantities(text)] == expected


def test_classifiers_come_from_the_lexical_resource():
    assert {"艘", "宗", "笔", "轮", "股", "波"} <= P.CLASSIFIER_WORDS
    assert len(P.CLASSIFIER_WORDS) > 150  # not a hand list
    assert not {"和", "点", "级", "届"} & P.CLASSIFIER_WORDS  # left out, with reasons, by the script


READINGS = [
    ("制造业PMI为49.5，比上月下降0.3个百分点。", [("49.5", ""), ("0.3", "个百分点")]),
    ("病情指数35。", [("35", "")]),
    ("消费者信心指数终值50.3，初值50.1。", [("50.3", ""), ("50.1", "")]),
    ("上证指数报3021.6点，恒指收报17,500点。", [("3021.6", "点"), ("17,500", "点")]),
    ("紫外线指数：5。", [("5", "")]),
    ("美元兑人民币中间价报7.1234，上调56个基点。", [("7.1234", ""), ("56", "个基点")]),
    # a counting noun before the number gives its unit (as 6万余贫困人口 does after it)
    ("高考报名人数1342万，AQI为85，成交额8000亿。", [("1342万", "人"), ("85", ""), ("8000亿", "")]),
]

SCALES = [
    # 级 on a scale (wind, earthquakes, a pest's severity) is a measure; elsewhere a grade names
    ("东北风3～4级，阵风7级。", [("3", "4"), ("7", "")]),
    ("发生5.2级地震。", [("5.2", "")]),
    ("二代黏虫发生程度为2～3级。", [("2", "3")]),
    ("三级医院5家，3A级景区。", [("5", "")]),
]


@pytest.mark.parametrize("text,expected", SCALES)
def test_scales_are_measures_and_grades_are_names(text, expected):
    assert [(format_decimal(q.value), "" if q.value_high is None else format_decimal(q.value_high))
            for q in find_quantities(text)] == expected


def test_race_times_to_the_hundredth():
    got = [(q.as_reported, format_decimal(q.value), q.unit_reported, q.qualifier)
           for q in find_quantities("他以9秒97的成绩夺冠，领先0.05秒，5秒内。")]
    assert got == [("9秒97", "9.97", "秒", "exact"), ("0.05", "0.05", "秒", "exact"), ("5", "5", "秒", "at_most")]


def test_half_units_and_bare_magnitudes_after_a_bound():
    got = [(q.as_reported, format_decimal(q.value), q.unit, q.qualifier)
           for q in find_quantities("历时一个半月，参会人数超万人。")]
    assert got == [("一个半月", "1.5", "month", "exact"), ("万", "10000", "person", "at_least")]


def test_mixed_units_medals_and_thresholds():
    text = "以4分28秒43夺冠，76米34，获得两银一铜，收获一枚银牌，突破千万大关，年增上千万，达到1031万。"
    got = [(q.as_reported, format_decimal(q.value), q.unit_reported, q.qualifier) for q in find_quantities(text)]
    assert got == [("4分28秒43", "268.43", "秒", "exact"), ("76米34", "76.34", "米", "exact"),
                   ("两", "2", "枚", "exact"), ("一", "1", "枚", "exact"), ("一", "1", "枚", "exact"),
                   ("千万", "10000000", "", "at_least"), ("千万", "10000000", "", "at_least"),
                   ("1031万", "10310000", "", "exact")]


def test_event_names_scores_and_weekdays_are_not_quantities():
    text = "男子100米，400米决赛，4X100米自由泳接力，女子三米板，48公斤级，2:0战胜，星期六，陆家嘴，成千上万，比2周前。"
    assert find_quantities(text) == []


def test_whitespace_separates_a_number_from_an_open_unit_and_a_minus_from_a_range():
    got = [(q.as_reported, format_decimal(q.value)) for q in find_quantities("1.1 破解，图1 当前，0.1155 -73.58%")]
    assert got == [("-73.58%", "-73.58")]


def test_comparisons_before_a_number_are_bounds():
    got = [(q.as_reported, q.qualifier) for q in find_quantities("能见度小于200米，气温高于35℃，占比低于5%。")]
    assert got == [("200", "at_most"), ("35", "at_least"), ("5%", "at_most")]


def test_market_words_of_change():
    assert [(q.as_reported, q.change) for q in find_quantities("本周涨1.23%，下跌2.1%，降温8℃。")] == [
        ("1.23%", "increase"), ("2.1%", "decrease"), ("8", "decrease")]


@pytest.mark.parametrize("text,expected", READINGS)
def test_readings_of_an_indicator_without_a_unit(text, expected):
    assert [(q.as_reported, q.unit_reported) for q in find_quantities(text)] == expected


EXCLUDED = [
    "中证500指数、沪深300成分股和标普500。",  # the number of an index's name
    "10年期国债，3个月期存单。",  # a tenor names a product
    "地铁3号线，G20峰会，5G网络，3D打印，5A级景区。",  # names, codes, grades
    "2025年3月5日，第3条，十四届三次全会。",  # dates, ordinals, sessions
    "三道河子镇，齐聚一堂，零部件，两面三刀，一路走来。",  # place names, idioms, words
    "编号为2019，代码600519。",  # a bare number with no indicator before it
    "中国队以3比1取胜，3分球。",  # a score, a kind of shot
    "985高校，9价疫苗。",  # names
]


def test_fractions_per_mille_and_per_ten_thousand():
    got = [(q.as_reported, format_decimal(q.value)[:6], q.unit) for q in find_quantities("占1/3，千分之五，万分之三，3/5。")]
    assert got == [("1/3", "0.3333", ""), ("千分之五", "0.5", "percent"), ("万分之三", "0.03", "percent")]


def test_the_base_of_a_rate_is_no_quantity():
    got = [q.as_reported for q in find_quantities("每10万人口发病2.1例，每10股派发现金红利3元。")]
    assert got == ["2.1", "3"]


@pytest.mark.parametrize("text", EXCLUDED)
def test_exclusions(text):
    assert find_quantities(text) == []


def test_value_high_in_csv_and_json(tmp_path, capsys):
    import csv
    import io
    import json

    from lingyuan.__main__ import main
    f = tmp_path / "r.txt"
    f.write_text("降水量30～80毫米，增长6%。", encoding="utf-8")
    assert main(["extract", str(f)]) == 0
    got = [(r["value"], r["value_high"]) for r in csv.DictReader(io.StringIO(capsys.readouterr().out))]
    assert got == [("30", "80"), ("6", "")]
    assert main(["extract", str(f), "--format", "json"]) == 0
    got = [json.loads(line, parse_float=Decimal) for line in capsys.readouterr().out.splitlines()]
    assert [(r["value"], r["value_high"]) for r in got] == [(30, 80), (6, None)]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="一二两三十百万亿几余多近约以上下年月日个波艘宗元%0123456789.-－～至，。第、 \n指数为报点"
                        "℃㎡kmMAUxG级风比每秒成/",
               max_size=40))
def test_never_fails_and_values_are_in_order_on_any_text(text):
    """Random text in the new grammar's alphabet: no exception, spans inside the text, a
    range's ends in order, and value_high only on ranges."""
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        if q.value_high is not None:
            assert q.value < q.value_high and q.qualifier == "at_least"
