"""parse_number and normalise: every printed form of the article and the
common forms of Chinese reports, read exactly, and any number written in
Arabic with 万/亿 or in Chinese numerals read back to itself."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lingyuan.quantities import units
from lingyuan.quantities import Number, ParseError, find_quantities, format_decimal, normalise, parse_number

CN = "零一二三四五六七八九"


def cn_four(n: int) -> str:
    """1..9999 in Chinese numerals, with 零 for inner gaps: 1005 -> 一千零五."""
    out, gap = "", False
    for d, u in zip((n // 1000, n // 100 % 10, n // 10 % 10, n % 10), ("千", "百", "十", "")):
        if d == 0:
            gap = bool(out)
        else:
            if gap:
                out += "零"
                gap = False
            out += CN[d] + u
    return out


def cn_int(n: int) -> str:
    """Any non-negative integer in standard Chinese numerals (10 -> 十, 100010 -> 十万零一十)."""
    if n == 0:
        return "零"
    yi, wan, rest = n // 10**8, n // 10**4 % 10**4, n % 10**4
    s = ""
    if yi:
        s += cn_int(yi) + "亿"
    if wan:
        if s and wan < 1000:
            s += "零"
        s += cn_four(wan) + "万"
    if rest:
        if s and (rest < 1000 or (yi and not wan)):
            s += "零"
        s += cn_four(rest)
    if s.startswith("一十"):
        s = s[1:]
    return s


def cn_decimal(value: Decimal) -> str:
    whole, _, frac = format_decimal(value).partition(".")
    return cn_int(int(whole)) + ("点" + "".join(CN[int(c)] for c in frac) if frac else "")


def test_cn_formatter_itself():
    assert [cn_int(n) for n in (10, 15, 120, 1005, 3500, 100010, 10**8 + 1000)] == [
        "十", "十五", "一百二十", "一千零五", "三千五百", "十万零一十", "一亿零一千"]


# Every printed form of the article (and its family), with value, qualifier, percent.
ARTICLE_FORMS = [
    ("6万余", "60000", "approx", False),
    ("5953.2万", "59532000", "exact", False),
    ("45.6%", "45.6", "exact", True),
    ("2.2", "2.2", "exact", False),
    ("1.7万", "17000", "exact", False),
    ("31.6万", "316000", "exact", False),
    ("3.41", "3.41", "exact", False),
    ("62744", "62744", "exact", False),
    ("百余", "100", "approx", False),
    ("40余", "40", "approx", False),
    ("60余", "60", "approx", False),
    ("30多", "30", "approx", False),
    ("300多", "300", "approx", False),
    ("一", "1", "exact", False),
    ("两", "2", "exact", False),
    ("几十", "20", "at_least", False),
    ("一半", "50", "exact", True),
    ("70%以上", "70", "at_least", True),
    ("15%以上", "15", "at_least", True),
    ("74.1%", "74.1", "exact", True),
    ("1.5万", "15000", "exact", False),
    ("281.9万", "2819000", "exact", False),
    ("2000万", "20000000", "exact", False),
    ("10.6", "10.6", "exact", False),
    ("五千", "5000", "exact", False),
    ("不少于四", "4", "at_least", False),
    ("至少一", "1", "at_least", False),
    ("200余", "200", "approx", False),
    ("100以上", "100", "at_least", False),
]


@pytest.mark.parametrize("text,value,qualifier,percent", ARTICLE_FORMS)
def test_article_forms(text, value, qualifier, percent):
    assert parse_number(text) == Number(Decimal(value), qualifier, percent)


OTHER_FORMS = [
    ("十", "10", "exact", False),
    ("十余", "10", "approx", False),
    ("十来", "10", "approx", False),
    ("一百二十", "120", "exact", False),
    ("一百二", "120", "exact", False),
    ("三千五百", "3500", "exact", False),
    ("三千五", "3500", "exact", False),
    ("一万五", "15000", "exact", False),
    ("一千零五", "1005", "exact", False),
    ("百", "100", "exact", False),
    ("千", "1000", "exact", False),
    ("万余", "10000", "approx", False),
    ("二〇一九", "2019", "exact", False),
    ("两千多万", "20000000", "approx", False),
    ("60余万", "600000", "approx", False),
    ("3千多", "3000", "approx", False),
    ("十几", "11", "at_least", False),
    ("二十几", "21", "at_least", False),
    ("几百万", "2000000", "at_least", False),
    ("近5万", "50000", "approx", False),
    ("将近五万", "50000", "approx", False),
    ("约3000", "3000", "approx", False),
    ("大约3000", "3000", "approx", False),
    ("3000左右", "3000", "approx", False),
    ("1200以上", "1200", "at_least", False),
    ("超过1200", "1200", "at_least", False),
    ("不超过50", "50", "at_most", False),
    ("50以下", "50", "at_most", False),
    ("１２３４", "1234", "exact", False),
    ("1,234.5", "1234.5", "exact", False),
    ("12，345", "12345", "exact", False),
    ("1.2亿", "120000000", "exact", False),
    ("1亿5000万", "150000000", "exact", False),
    ("5万亿", "5000000000000", "exact", False),
    # two magnitudes in one number; 兆 as 万亿 (as printed outside the mainland)
    ("3亿2650.4万", "326504000", "exact", False),
    ("4万6千", "46000", "exact", False),
    ("7万亿2500亿", "7250000000000", "exact", False),
    ("6兆3500亿", "6350000000000", "exact", False),
    ("12兆", "12000000000000", "exact", False),
    ("0.07万", "700", "exact", False),
    ("45.6％", "45.6", "exact", True),
    ("百分之三十", "30", "exact", True),
    ("百分之四十五点六", "45.6", "exact", True),
    ("百分之三十以上", "30", "at_least", True),
    ("约45%", "45", "approx", True),
    ("千分之五", "0.5", "exact", True),
    ("四十五点六", "45.6", "exact", False),
    ("一点五万", "15000", "exact", False),
    ("零点五", "0.5", "exact", False),
    ("壹万贰仟", "12000", "exact", False),
    ("半", "0.5", "exact", False),
]


@pytest.mark.parametrize("text,value,qualifier,percent", OTHER_FORMS)
def test_other_forms(text, value, qualifier, percent):
    assert parse_number(text) == Number(Decimal(value), qualifier, percent)


def test_values_are_exact_and_plain():
    n = parse_number("5953.2万")
    assert str(n.value) == "59532000"
    assert format_decimal(parse_number("0.07万").value) == "700"
    assert format_decimal(parse_number("45.60%").value) == "45.6"


@pytest.mark.parametrize("bad", ["", "  ", "abc", "三五", "七八", "十十", "万万", "5 5", "近", "点五", "约5万以下"])
def test_parse_error_names_the_text(bad):
    with pytest.raises(ParseError) as err:
        parse_number(bad)
    assert repr(bad) in str(err.value)


def test_parse_error_is_value_error():
    assert issubclass(ParseError, ValueError)


def test_non_string_is_type_error():
    with pytest.raises(TypeError):
        parse_number(5)  # type: ignore[arg-type]


# normalise --------------------------------------------------------------------

@pytest.mark.parametrize("as_reported,unit_reported,unit,expected", [
    ("6万余", "人", None, ("60000", "person", "approx")),
    ("5953.2万", "元", None, ("59532000", "CNY", "exact")),
    ("475", "万元", None, ("4750000", "CNY", "exact")),
    ("1.2", "亿元", None, ("120000000", "CNY", "exact")),
    ("45.6%", "%", None, ("45.6", "percent", "exact")),
    ("一半", "", None, ("50", "percent", "exact")),
    ("138", "个", "cooperative", ("138", "cooperative", "exact")),
    ("2.2", "个", "project_per_person", ("2.2", "project_per_person", "exact")),
    ("695", "元", "CNY_per_person", ("695", "CNY_per_person", "exact")),
    ("130", "口人", None, ("130", "person", "exact")),
    ("3.41", "兆瓦", None, ("3.41", "MW", "exact")),
    ("几十", "年", None, ("20", "year", "at_least")),
])
def test_normalise(as_reported, unit_reported, unit, expected):
    value, unit_id, qualifier = normalise(as_reported, unit_reported, unit)
    assert (value, unit_id, qualifier) == (Decimal(expected[0]), expected[1], expected[2])
    assert unit_id in units.UNITS


def test_normalise_rejects_a_unit_the_printed_unit_cannot_stand_for():
    with pytest.raises(units.UnknownUnit, match="does not fit"):
        normalise("5", "栋", "village")


def test_normalise_rejects_unknown_units():
    with pytest.raises(units.UnknownUnit):
        normalise("5", "光年")
    with pytest.raises(units.UnknownUnit):
        normalise("5", "个", "galaxy")


def test_normalise_needs_a_unit_unless_percent():
    with pytest.raises(ValueError, match="no unit"):
        normalise("5", "")
    with pytest.raises(ValueError, match="percentage"):
        normalise("45.6%", "元")


# any number reads back to itself ------------------------------------------------

integers = st.integers(min_value=0, max_value=10**16)
decimals = st.builds(lambda m, k: Decimal(m).scaleb(-k), st.integers(0, 10**9), st.integers(0, 4))


@settings(max_examples=400)
@given(integers)
def test_any_integer_in_arabic_reads_back(n):
    assert parse_number(str(n)).value == n
    assert parse_number(f"{n:,}").value == n


@settings(max_examples=400)
@given(decimals)
def test_any_decimal_in_arabic_reads_back(d):
    assert parse_number(format_decimal(d)).value == d


@settings(max_examples=400)
@given(decimals, st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12)]))
def test_any_decimal_with_magnitude_reads_back(d, magnitude):
    word, factor = magnitude
    n = parse_number(format_decimal(d) + word)
    assert n.value == d * factor
    assert n.qualifier == "exact" and not n.percent


@settings(max_examples=400)
@given(integers)
def test_any_integer_in_chinese_numerals_reads_back(n):
    assert parse_number(cn_int(n)).value == n


@settings(max_examples=300)
@given(decimals)
def test_any_decimal_in_chinese_numerals_reads_back(d):
    assert parse_number(cn_decimal(d)).value == d


@settings(max_examples=200)
@given(decimals, st.sampled_from(["余", "多"]))
def test_approximate_after_magnitude(d, mark):
    assert parse_number(format_decimal(d) + "万" + mark) == Number(d * 10**4, "approx")


@settings(max_examples=200)
@given(decimals)
def test_percent_reads_back(d):
    assert parse_number(format_decimal(d) + "%") == Number(d, "exact", True)
    assert parse_number("百分之" + cn_decimal(d)) == Number(d, "exact", True)


# --- the extractor on classes of number writing ----------------------------------------
# One made-up sentence per class of writing (none copied from a labelled text); each row
# found is (as_reported, value, value_high, unit_reported, qualifier); CHANGES adds change.

def found(text: str) -> list[tuple[str, str, str, str, str]]:
    return [(q.as_reported, format_decimal(q.value), "" if q.value_high is None else format_decimal(q.value_high),
             q.unit_reported, q.qualifier) for q in find_quantities(text)]


CLASSES = [
    # a unit that starts with a magnitude character is no magnitude: 百帕, 千帕, 千米, 千瓦
    ("中心气压980百帕，轮胎气压230千帕，全长12千米，装机5万千瓦。",
     [("980", "980", "", "百帕", "exact"), ("230", "230", "", "千帕", "exact"), ("12", "12", "", "千米", "exact"),
      ("5万", "50000", "", "千瓦", "exact")]),
    # a wind force listed after the speed, or after another force, in a sentence about wind
    ("预计台风将加强为强台风级(45~50米/秒,14~15级)，沿海风力6~7级、局部海域8~9级。",
     [("45~50", "45", "50", "米", "at_least"), ("14~15", "14", "15", "级", "at_least"),
      ("6~7", "6", "7", "级", "at_least"), ("8~9", "8", "9", "级", "at_least")]),
    ("防范重大风险，全市3级医院12家。", [("12", "12", "", "家", "exact")]),  # 风险 is no wind: 3级 a grade
    # a symbol unit with a number right after it: a temperature and a time run together
    ("80℃15分钟或 70℃30 分钟可灭活，面积5㎡。",
     [("80", "80", "", "℃", "exact"), ("15", "15", "", "分钟", "exact"), ("70", "70", "", "℃", "exact"),
      ("30", "30", "", "分钟", "exact"), ("5", "5", "", "㎡", "exact")]),
    # a pH is a reading without a unit (条 of 条件 is none), with its range and bounds
    ("适宜的pH5-9 条件下生长，pH 值低于 3或高于 12 时死亡，土壤PH值为6.5。",
     [("5-9", "5", "9", "", "at_least"), ("3", "3", "", "", "at_most"), ("12", "12", "", "", "at_least"),
      ("6.5", "6.5", "", "", "exact")]),
    # a unit written once after a list of numbers is each one's; years and ordinals stay out
    ("二、三产业比重分别回落1.25和0.83个百分点，间隔3、5、7天，2019和2020年，第2和3条，1、2季度，2和3年级。",
     [("1.25", "1.25", "", "个百分点", "exact"), ("0.83", "0.83", "", "个百分点", "exact"),
      ("3", "3", "", "天", "exact"), ("5", "5", "", "天", "exact"), ("7", "7", "", "天", "exact")]),
    # places won are ordinals, with 第 or without it after a verb of winning; people won are counted
    ("甲和乙分获二、三名。丙和丁分获第二、三名，戊获得三名志愿者帮助，共有五名选手。",
     [("三", "3", "", "名", "exact"), ("五", "5", "", "名", "exact")]),
    # 再 or 补 and a verb before 一次 is "once more"; a frequency with 一 is a count
    ("间隔5天再浇一次，遇雨应补喷一次，每周检测一次。", [("5", "5", "", "天", "exact"), ("一", "1", "", "次", "exact")]),
    # a quote after a verb of naming is an epithet: its figures are part of the name
    ("这项被称为“20年来最大的一次改革”的措施，惠及1200万人。", [("1200万", "12000000", "", "人", "exact")]),
    # N强 names a ranking list, it counts nothing
    ("公司入选“2022年中国企业500强”榜单，位列世界1,000强，营收80亿元。", [("80亿", "8000000000", "", "元", "exact")]),
    # 半年度 and 半年报 name a period and its report; 半年 is a duration
    ("公司2023年半年度实施分红，半年报显示用时半年。", [("半年", "0.5", "", "年", "exact")]),
    # the length of a slogan is part of the slogan; a count of characters elsewhere is counted
    ("落实“稳增长、促改革、调结构”九个字和十六字方针，全文共3000字。", [("3000", "3000", "", "字", "exact")]),
    # 翻一番 (doubled) with 了 and an approximation between
    ("五年间产值翻了近一番，出口翻一番。", [("五", "5", "", "年", "exact"), ("近一", "1", "", "番", "approx"),
                                        ("一", "1", "", "番", "exact")]),
    # 各 before 一 + classifier: one each, a count, not the article
    ("两队各一名球员被罚下，他是一个好球员。", [("两", "2", "", "队", "exact"), ("一", "1", "", "名", "exact")]),
    # a win-loss record: one count per side, as medals
    ("小组赛战绩为一胜两负，主场5胜3负2平，胜负难料。",
     [("一", "1", "", "胜", "exact"), ("两", "2", "", "负", "exact"), ("5", "5", "", "胜", "exact"),
      ("3", "3", "", "负", "exact"), ("2", "2", "", "平", "exact")]),
    # a numeral in a compound noun naming a kind of vehicle is no count; rounds are counted
    ("这辆四轮车经过三轮测试。", [("三", "3", "", "轮", "exact")]),
    # after a superlative, a Chinese numeral and one character count the ranked set
    ("全省空气最差八城名单公布，最美五村获奖，最好的一年，最美四川。",
     [("八", "8", "", "城", "exact"), ("五", "5", "", "村", "exact")]),
    # an approximation on the line before stays in the span and in as_reported
    ("共计约\n30个村。", [("约30", "30", "", "个", "approx")]),
    # classes numbered in a list (一、二类苗) make any numeral + 类 + that noun a grade; kinds are counted
    ("三类苗和部分一、二类苗追肥，共有三类病害。", [("三", "3", "", "类", "exact")]),
    # N条 and a line a policy holds is a slogan; roads are counted
    ("守住发展和生态两条底线，严守三条红线，新修两条公路。", [("两", "2", "", "条", "exact")]),
    # 最高的 (the highest reached) is exact, 最高 before a number a cap; 约为 is approximate
    ("全队最高的17分，补助最高5万元，人数约为77万。",
     [("17", "17", "", "分", "exact"), ("5万", "50000", "", "元", "at_most"), ("77万", "770000", "", "人", "approx")]),
    # 美分 (cents) is a unit; the lowest pressure is a measurement's extreme, exact
    ("原油下跌35美分，中心最低气压980百帕。", [("35", "35", "", "美分", "exact"), ("980", "980", "", "百帕", "exact")]),
    # a weight before 级 names a class (a ship's, a berth's), as a weight class does
    ("建成5万吨级泊位3个，三万吨级货轮两艘，吞吐量5万吨。",
     [("3", "3", "", "个", "exact"), ("两", "2", "", "艘", "exact"), ("5万", "50000", "", "吨", "exact")]),
    # 创 after a number is a verb (set a record), not its unit
    ("参观人数达到215万创新高。", [("215万", "2150000", "", "人", "exact")]),
    # a latitude or longitude is a place, not a quantity
    ("台风中心位于北纬23.5度，东经113.2度，强度5级。", [("5", "5", "", "级", "exact")]),
]


@pytest.mark.parametrize("text, expected", CLASSES)
def test_extractor_reads_classes_of_number_writing(text, expected):
    assert found(text) == expected


def changes(text: str) -> list[tuple[str, str]]:
    return [(q.as_reported, q.change) for q in find_quantities(text)]


CHANGES = [
    # 增加值 (value added) is a noun: its amount is a level, not a change
    ("工业增加值完成4065万元，比上年增加120万元。", [("4065万", ""), ("120万", "increase")]),
    # a widened or narrowed rise or fall: the verb nearest the number gives the change
    ("降幅扩大0.6个百分点，涨幅收窄0.3个百分点，降幅比上月扩大0.5个百分点。",
     [("0.6", "increase"), ("0.3", "decrease"), ("0.5", "increase")]),
    # 升高, 缩短, 扣减 (a deduction) are changes
    ("优良率升高3.2个百分点，住院日缩短0.8天，扣减5万元。",
     [("3.2", "increase"), ("0.8", "decrease"), ("5万", "decrease")]),
    ("报名人数比去年多出1289人。", [("1289", "increase")]),
]


@pytest.mark.parametrize("text, expected", CHANGES)
def test_extractor_reads_the_change_a_verb_gives(text, expected):
    assert changes(text) == expected
