"""The classes of Chinese number writing that published reports hold, one case per shape:
times and lengths in mixed units, scores (no quantities), 万亿/亿, percentage points, basis
points and per-mille points, tenths (成), multiples (倍, 翻番), ranges with every separator,
bounds and approximations, colloquial counts, fractions, signs, full-width digits and
thousands separators, units printed before the number, readings of an indicator, table
cells whose unit is in the row's label, and what is excluded (dates, codes, years that
name a season or a model, slogan lists, names of statistical categories).

Every sentence is made up in the shape of a register (markets, company results, weather,
courts, sports, crops, health, education, statistics); none is copied from a labelled
text. Each row is (as_reported, value, value_high, unit_reported, qualifier, change)."""
from __future__ import annotations

import pytest

from lingyuan.quantities import find_quantities, format_decimal


def rows(text: str) -> list[tuple]:
    out = []
    for q in find_quantities(text):
        high = "" if q.value_high is None else format_decimal(q.value_high)
        out.append((q.as_reported, format_decimal(q.value), high, q.unit_reported, q.qualifier, q.change))
    return out


READ = [
    # times and lengths in mixed units: one quantity in the smallest unit named
    ("他以9秒58夺冠，她以1分55秒63的成绩夺得金牌，跳出8米35。",
     [("9秒58", "9.58", "", "秒", "exact", ""), ("1分55秒63", "115.63", "", "秒", "exact", ""),
      ("8米35", "8.35", "", "米", "exact", "")]),
    ("马拉松冠军成绩2小时08分15秒，女子800米1分55秒，用时15秒。",
     [("2小时08分15秒", "7695", "", "秒", "exact", ""), ("1分55秒", "115", "", "秒", "exact", ""),
      ("15", "15", "", "秒", "exact", "")]),
    # timing to the thousandth: the same rule, one value (a fourth digit is no part of a time)
    ("她以41秒305夺冠，接力队以6分52秒018获得银牌，用时12秒3456人次。",
     [("41秒305", "41.305", "", "秒", "exact", ""), ("6分52秒018", "412.018", "", "秒", "exact", ""),
      ("12", "12", "", "秒", "exact", ""), ("3456", "3456", "", "人次", "exact", "")]),
    # a diver's or jumper's attempts are counted (跳: a classifier the script adds to CC-CEDICT's)
    ("她五跳全部获得高分，他完成两跳，观众吓了一跳。",
     [("五", "5", "", "跳", "exact", ""), ("两", "2", "", "跳", "exact", "")]),
    # a score is a result, not an amount
    ("主队以2:1获胜，客队3比2逆转，总比分3∶2。", []),
    # 亿元 and 万亿元: the magnitude in the value, 元 the unit
    ("全年营业收入1.2万亿元，净利润356.8亿元。",
     [("1.2万亿", "1200000000000", "", "元", "exact", ""), ("356.8亿", "35680000000", "", "元", "exact", "")]),
    # percentage points, basis points, per-mille points; 降准/加息 are changes
    ("失业率上升0.3个百分点至5.2%，降准0.5个百分点，增速加快0.2个百分点。",
     [("0.3", "0.3", "", "个百分点", "exact", "increase"), ("5.2%", "5.2", "", "%", "exact", ""),
      ("0.5", "0.5", "", "个百分点", "exact", "decrease"), ("0.2", "0.2", "", "个百分点", "exact", "increase")]),
    ("十年期国债收益率上行3.5个基点，加息25bp，出生率下降0.8个千分点。",
     [("3.5", "3.5", "", "个基点", "exact", "increase"), ("25", "25", "", "bp", "exact", "increase"),
      ("0.8", "0.8", "", "个千分点", "exact", "decrease")]),
    # tenths (成), with a change word, a range, and after 偏多/偏少 (more or less than usual)
    ("粮食产量增长两成，出口增长约三成，减产3～5成。",
     [("两成", "20", "", "", "exact", "increase"), ("约三成", "30", "", "", "approx", "increase"),
      ("3～5成", "30", "50", "", "at_least", "decrease")]),
    # (a departure from the climate normal is a change by its word: 偏多 increase, 偏少 decrease)
    ("预计降水偏多1～2成，南部偏少两成；八成群众满意，三五成群。",
     [("1～2成", "10", "20", "", "at_least", "increase"), ("两成", "20", "", "", "exact", "decrease"),
      ("八成", "80", "", "", "exact", "")]),
    # a range of tenths whose upper end is a multiple: one row in per cent, 1倍 is 100
    ("降水偏多2成至1倍，产量增长3成至2倍，偏少5成至三成。",
     [("2成至1倍", "20", "100", "", "at_least", "increase"), ("3成至2倍", "30", "200", "", "at_least", "increase"),
      ("5成", "50", "", "", "exact", "decrease"), ("三成", "30", "", "", "exact", "")]),
    # multiples
    ("产量是去年的2.5倍，收入翻了一番，产值增长了1倍多。",
     [("2.5", "2.5", "", "倍", "exact", ""), ("一", "1", "", "番", "exact", ""),
      ("1", "1", "", "倍", "approx", "increase")]),
    # ranges with 到, ~, ～, 至, －, —, and a percent sign on both ends
    ("亩产300到350公斤，浪高2~3米，气温18至25℃，风力4－5级，阵风7—8级，涨幅10%到15%。",
     [("300到350", "300", "350", "公斤", "at_least", ""), ("2~3", "2", "3", "米", "at_least", ""),
      ("18至25", "18", "25", "℃", "at_least", ""), ("4－5", "4", "5", "级", "at_least", ""),
      ("7—8", "7", "8", "级", "at_least", ""), ("10%到15%", "10", "15", "%", "at_least", "increase")]),
    ("预计发生程度为中等至偏重（3～4级），三级医院12家。",
     [("3～4", "3", "4", "级", "at_least", ""), ("12", "12", "", "家", "exact", "")]),
    # a number with two magnitudes is one number; a digit after the second magnitude starts another
    ("参保人数为3亿2650.4万人，观众4万6千人次，增长5万3个县。",
     [("3亿2650.4万", "326504000", "", "人", "exact", ""), ("4万6千", "46000", "", "人次", "exact", ""),
      ("5万", "50000", "", "", "exact", "increase"), ("3", "3", "", "个", "exact", "")]),
    # 兆 is 万亿 before a 亿 part or money (人民币 is printed 元); before 瓦, 帕 it is mega
    ("贸易总额6兆3500亿人民币，储备3兆美元，装机50兆瓦，压强3兆帕。",
     [("6兆3500亿", "6350000000000", "", "元", "exact", ""), ("3兆", "3000000000000", "", "美元", "exact", ""),
      ("50", "50", "", "兆瓦", "exact", ""), ("3", "3", "", "兆帕", "exact", "")]),
    ("规模1.2万亿至1.5万亿元。",
     [("1.2万亿至1.5万亿", "1200000000000", "1500000000000", "元", "at_least", "")]),
    # bounds and approximations before and after
    ("逾3000人参加，超200家企业，近万人，约50万吨，3000元左右，1.5米上下，500余人，200多家。",
     [("3000", "3000", "", "人", "at_least", ""), ("200", "200", "", "家", "at_least", ""),
      ("近万", "10000", "", "人", "approx", ""), ("约50万", "500000", "", "吨", "approx", ""),
      ("3000", "3000", "", "元", "approx", ""), ("1.5", "1.5", "", "米", "approx", ""),
      ("500余", "500", "", "人", "approx", ""), ("200多", "200", "", "家", "approx", "")]),
    # colloquial counts: 两, 半, 十几, 二十余, 三十多万, 千余; two numerals before a magnitude
    # (三四百人) name a range too vague to label (the project corpus leaves 六七千元 out)
    ("两名运动员，半小时，十几个村，二十余家企业，三十多万元，千余人，三四百人。",
     [("两", "2", "", "名", "exact", ""), ("半小时", "0.5", "", "小时", "exact", ""),
      ("十几", "11", "", "个", "at_least", ""), ("二十余", "20", "", "家", "approx", ""),
      ("三十多万", "300000", "", "元", "approx", ""), ("千余", "1000", "", "人", "approx", "")]),
    # one character of change right before the number, as briefs write it; 增加值 is a noun
    ("CPI同比升2.6%，环比降0.2%，失业人数增0.2万人，每升7.5元，起降2338架次，增加值142亿元，增加值增长7.1%。",
     [("2.6%", "2.6", "", "%", "exact", "increase"), ("0.2%", "0.2", "", "%", "exact", "decrease"),
      ("0.2万", "2000", "", "人", "exact", "increase"), ("7.5", "7.5", "", "元", "exact", ""),
      ("2338", "2338", "", "架次", "exact", ""), ("142亿", "14200000000", "", "元", "exact", ""),
      ("7.1%", "7.1", "", "%", "exact", "increase")]),
    ("分别上升1.5倍、3.3倍和72.6%。",
     [("1.5", "1.5", "", "倍", "exact", "increase"), ("3.3", "3.3", "", "倍", "exact", "increase"),
      ("72.6%", "72.6", "", "%", "exact", "increase")]),
    # a change word is carried over a comma to the next number of the same unit only;
    # 上 before a bare magnitude is a threshold
    ("减产2至3成，三至五年，上万人。",
     [("2至3成", "20", "30", "", "at_least", "decrease"), ("三至五", "3", "5", "年", "at_least", ""),
      ("万", "10000", "", "人", "at_least", "")]),
    # fractions and percentages in words; a fraction with a slash after 的 and before 以上
    ("占比三分之一，百分之十五的家庭，近四成家庭。",
     [("三分之一", "0.333333333333333333333333333333333333333333333333333333333333", "", "", "exact", ""),
      ("百分之十五", "15", "", "", "exact", ""), ("近四成", "40", "", "", "approx", "")]),
    ("约占全国的1/4，2/3以上的村。",
     [("1/4", "0.25", "", "", "exact", ""),
      ("2/3", "0.666666666666666666666666666666666666666666666666666666666667", "", "", "at_least", "")]),
    # signs: the value keeps the minus
    ("同比增长-2.3%，环比-0.5%，最低气温-3～2℃。",
     [("-2.3%", "-2.3", "", "%", "exact", "increase"), ("-0.5%", "-0.5", "", "%", "exact", ""),
      ("-3～2", "-3", "2", "℃", "at_least", "")]),
    # 负 written before a number is its minus; 负增长 is a decrease
    ("增速为负1.2%，负增长2.3%，资产负债率为56.7%。",
     [("负1.2%", "-1.2", "", "%", "exact", ""), ("2.3%", "2.3", "", "%", "exact", "decrease"),
      ("56.7%", "56.7", "", "%", "exact", "")]),
    # full-width digits, thousands separators, a space before the unit
    ("营业收入１２３４．５万元，净利润3,456.78万元，总资产 3,456,789.12 万元。",
     [("１２３４．５万", "12345000", "", "元", "exact", ""), ("3,456.78万", "34567800", "", "元", "exact", ""),
      ("3,456,789.12万", "34567891200", "", "元", "exact", "")]),
    # a unit printed before the number
    ("全年接待游客人次3.2亿，出院人数35.6万。",
     [("3.2亿", "320000000", "", "人次", "exact", ""), ("35.6万", "356000", "", "人", "exact", "")]),
    # readings after 报, 为, 录得, 达
    ("人民币兑美元中间价报7.1234，PMI为49.7，景气指数录得52.3，收益率达3.2%。",
     [("7.1234", "7.1234", "", "", "exact", ""), ("49.7", "49.7", "", "", "exact", ""),
      ("52.3", "52.3", "", "", "exact", ""), ("3.2%", "3.2", "", "%", "exact", "")]),
    # the indicator's name in quotes closes before 为; a quoted name that is no indicator gives none
    ("“蔬菜价格100指数”为105.3，简称“景气指数” 为96.12，“菜篮子”为118.2。",
     [("105.3", "105.3", "", "", "exact", ""), ("96.12", "96.12", "", "", "exact", "")]),
    ("欧元兑美元报收1.0856，英镑兑美元收于1.2712。",
     [("1.0856", "1.0856", "", "", "exact", ""), ("1.2712", "1.2712", "", "", "exact", "")]),
    # an index named by its family and a number, then its reading; the name's number is none
    ("沪深300为3856.21，上证50报2701.3，沪深300成分股共300只。",
     [("3856.21", "3856.21", "", "", "exact", ""), ("2701.3", "2701.3", "", "", "exact", ""),
      ("300", "300", "", "只", "exact", "")]),
    # a change, then the level the indicator reached, printed without a unit
    ("美元指数跌0.2%至101.3，上证指数上涨12.3点至3021.6。",
     [("0.2%", "0.2", "", "%", "exact", "decrease"), ("101.3", "101.3", "", "", "exact", ""),
      ("12.3", "12.3", "", "点", "exact", "increase"), ("3021.6", "3021.6", "", "", "exact", "")]),
    # units of science, environment and livestock notices; 至 after a change word gives a level
    ("能量密度提升至每千克500瓦时，分辨率0.1纳米，接种疫苗12.5万头份。",
     [("500", "500", "", "瓦时", "exact", ""), ("0.1", "0.1", "", "纳米", "exact", ""),
      ("12.5万", "125000", "", "头份", "exact", "")]),
    # after Latin letters a number is a code before a time unit (PM2.5年均: annual mean)
    ("PM2.5年均浓度为28微克/立方米，GDP增长6.2%。",
     [("28", "28", "", "微克", "exact", ""), ("6.2%", "6.2", "", "%", "exact", "increase")]),
    # the signs of a standard's limits are bounds
    ("含水量≤12%，蛋白质≥30%，温度＞35℃。",
     [("12%", "12", "", "%", "at_most", ""), ("30%", "30", "", "%", "at_least", ""),
      ("35", "35", "", "℃", "at_least", "")]),
    # hectopascals are a unit, not a hundred times pascals; 最低气压 names the measure
    ("中心最低气压945百帕，过去一周降温8℃，上一年，历时一年。",
     [("945", "945", "", "百帕", "exact", ""), ("8", "8", "", "℃", "exact", "decrease"),
      ("一", "1", "", "年", "exact", "")]),
    # 最高气温 is a noun (the day's maximum), not a bound; 贷款最高 is one
    ("最高气温39.5℃，最高气温超过40℃，贷款最高5万元。",
     [("39.5", "39.5", "", "℃", "exact", ""), ("40", "40", "", "℃", "at_least", ""),
      ("5万", "50000", "", "元", "at_most", "")]),
]


@pytest.mark.parametrize("text,expected", READ)
def test_classes_of_number_writing(text, expected):
    assert rows(text) == expected


TABLES = [
    # a table row: the unit in the row label's brackets, cells apart by whitespace
    ("基本每股收益(元/股) 0.0305 0.1155 -73.58%",
     [("0.0305", "0.0305", "", "元/股", "exact", ""), ("0.1155", "0.1155", "", "元/股", "exact", ""),
      ("-73.58%", "-73.58", "", "%", "exact", "")]),
    # the label's magnitude applies to the cell, as 48,823.42万元 in running text
    ("营业收入（亿元） 123.45 110.02 -6.7%",
     [("123.45", "12345000000", "", "元", "exact", ""), ("110.02", "11002000000", "", "元", "exact", ""),
      ("-6.7%", "-6.7", "", "%", "exact", "")]),
    ("每股收益(元)：0.56", [("0.56", "0.56", "", "元", "exact", "")]),
    ("净利润（万元） -1,234.56 2,345.67", [("-1,234.56", "-12345600", "", "元", "exact", ""),
                                     ("2,345.67", "23456700", "", "元", "exact", "")]),
    # a statistical table's unit column: the unit stands alone in the cell before the number
    ("地区生产总值 亿元 5678.9 5.6\n粮食产量 万吨 123.4 -2.1",
     [("5678.9", "567890000000", "", "元", "exact", ""), ("123.4", "1234000", "", "吨", "exact", "")]),
    # signed cells after percentages: a minus with a space before it starts a cell, not a range
    ("加权平均净资产收益率 0.73% 2.83% -74.20%",
     [("0.73%", "0.73", "", "%", "exact", ""), ("2.83%", "2.83", "", "%", "exact", ""),
      ("-74.20%", "-74.2", "", "%", "exact", "")]),
    # a cell without a bracketed unit in its row stays out (a code, a year, an id)
    ("项目编号 2023 0815", []),
]


@pytest.mark.parametrize("text,expected", TABLES)
def test_table_cells_take_the_unit_of_their_row_label(text, expected):
    assert rows(text) == expected


EXCLUDED = [
    # dates, periods, times of day, codes, phone numbers
    "2023年8月15日，编号2023-0815，第3季度，1-8月，今年前8个月，9时至12时，电话12345。",
    # service telephone numbers, addresses, road numbers
    "拨打12345热线，110报警，120急救；1号楼3单元502室；S20省道，X123县道。",
    # dates that name events (7·20, 3·15, 双11, 618)
    "河南7·20特大暴雨，3·15晚会，双11购物节，618大促。",
    # captions, page furniture, reading counts
    "图1 2023年各月降水量（单位：毫米），阅读量：12345 点赞 678",
    # a year naming a season, a model or a fiscal year
    "2022-2023赛季，2024款车型，2023财年。",
    # a list of slogans numbered one after another
    "坚持五个振兴、六个坚持、七种能力、八个之路的思路。",
    # a distance the text names as an event names it wherever it stands; a round named by a fraction
    "女子1000米决赛精彩。她在1000米第二次比赛中摔倒，这是她第三次滑1000米，止步八分之一决赛。",
    # a spaced date (a layout's spaces): 年 is the unit of the year before it, no table's unit column
    "截至 2024 年 9 月，巡视器停止。",
    # a slogan of N个 (the civilisations built together)
    "三个文明建设取得成效，坚持两个文明一起抓。",
    # a title in 《》 is a name, figures and all
    "报道题为《科学家发现距地球50亿光年的星系》，见《2023年统计公报》。",
    # a stretch of the calendar counted from its start is a period, as 1-5月 is
    "前5个月，出口平稳；今年首9个月，进口回升；景区前4天累计接待游客；前三季度经济回暖。",
    # the name of a statistical category, of a plan
    "十种有色金属产量。",
    "实施乡村振兴三年行动计划，开展五年攻坚行动。",
]


@pytest.mark.parametrize("text", EXCLUDED)
def test_names_dates_and_codes_are_no_quantities(text):
    assert rows(text) == []


def test_counts_in_a_list_are_read():
    # counts listed with 、 are not a slogan list when their numerals do not run one after another
    assert [r[0] for r in rows("新建三个村、五个社区、两所学校。")] == ["三", "五", "两"]


def test_a_year_with_a_known_unit_is_still_an_amount():
    assert rows("全市有企业2023家，营收300亿美元。") == [
        ("2023", "2023", "", "家", "exact", ""), ("300亿", "30000000000", "", "美元", "exact", "")]


def test_a_bound_on_the_line_before_does_not_move_the_span():
    text = "成绩突破\n46秒40！"
    [q] = find_quantities(text)
    assert (text[q.start:q.end], q.qualifier) == ("46秒40", "at_least")
    text = "投资约\n50万元。"  # an approximation is part of as_reported: the span keeps it
    [q] = find_quantities(text)
    assert (text[q.start:q.end], q.as_reported) == ("约\n50万元", "约50万")


def test_a_window_compared_with_is_a_duration_not_a_period():
    # 比前5个月 compares with a window (a duration, kept); 前2年给予 is the length of a scheme
    assert [r[0] for r in rows("销量比前5个月增加3%，新企业前2年给予补贴。")] == ["5", "3%", "2"]


def test_a_distance_that_is_no_event_of_the_text_is_read():
    # 30米 is no event of this text (男子100米 is): a distance; a fraction before no 决赛 is a share
    assert [r[:2] for r in rows("男子100米决赛中，他最后30米加速，四分之一的选手犯规。")] == [
        ("30", "30"), ("四分之一", "0.25")]


def test_a_year_and_a_half_is_a_length_after_any_word():
    # 刷新一年半高位: an 18-month high (新 here ends 刷新); 新的一年, 刷新一年 stay a time frame
    assert [r[:4] for r in rows("出口增速刷新一年半高位，迎接新的一年，刷新一年纪录。")] == [
        ("一年半", "1.5", "", "年")]


def test_a_figure_after_a_title_is_read():
    # the same figure outside the title mark is a quantity; a quote with figures is read
    assert [r[:4] for r in rows("《星系50亿光年》一文称距离约50亿光年，“增长5%”的目标。")] == [
        ("约50亿", "5000000000", "", "光年"), ("5%", "5", "", "%")]


def test_villages_named_civilised_are_counted():
    assert [r[:4] for r in rows("全县评出三个文明村。")] == [("三", "3", "", "个")]


def test_a_medal_tally_counts_medals_and_a_record_counts_games():
    # 2金3银: counts of medals (枚, as 7枚奖牌); 3胜1负 keeps its own words
    assert [r[0] + r[3] for r in rows("斩获2金3银共计5枚奖牌，战绩3胜1负。")] == ["2枚", "3枚", "5枚", "3胜", "1负"]


SPACED_THOUSANDS = [
    # a yearbook's thousands set apart by a space (also thin and no-break spaces): one number
    ("全年受理案件412 357件，审结9 864件，罚款1 250 000元。",
     [("412357", "412357", "", "件", "exact", ""), ("9864", "9864", "", "件", "exact", ""),
      ("1250000", "1250000", "", "元", "exact", "")]),
    ("收案7\u2009316件，结案6\u202f205件，存案3\u00a0041件。",
     [("7316", "7316", "", "件", "exact", ""), ("6205", "6205", "", "件", "exact", ""),
      ("3041", "3041", "", "件", "exact", "")]),
    # counter-cases: cells of a row (decimals, a run of numbers), years, a group not of three
    ("每股收益(元/股) 0.2145 0.0817", [("0.2145", "0.2145", "", "元/股", "exact", ""),
                                   ("0.0817", "0.0817", "", "元/股", "exact", "")]),
    ("净利润(元) 12.5 128 976", [("12.5", "12.5", "", "元", "exact", ""), ("128", "128", "", "元", "exact", ""),
                             ("976", "976", "", "元", "exact", "")]),
    ("产量(吨) 2021 2022", [("2021", "2021", "", "吨", "exact", ""), ("2022", "2022", "", "吨", "exact", "")]),
    # an age band, A岁以上不满B岁, is one range
    ("其中10岁以上不满14岁的85人。", [("10以上不满14", "10", "14", "岁", "at_least", ""),
                              ("85", "85", "", "人", "exact", "")]),
]


@pytest.mark.parametrize("text,expected", SPACED_THOUSANDS)
def test_thousands_set_apart_by_a_space_are_one_number(text, expected):
    assert rows(text) == expected


ADJACENT_PAIRS = [
    # two adjacent integers joined by 、 before one unit: a range, as 三四级 and 七八岁 are
    ("明天西北风3、4级，傍晚转南风1、2级。",
     [("3、4", "3", "4", "级", "at_least", ""), ("1、2", "1", "2", "级", "at_least", "")]),
    ("适宜5、6岁儿童。", [("5、6", "5", "6", "岁", "at_least", "")]),
    # a range printed high to low (a temperature falling through the evening): value the lower end
    ("傍晚前后气温18~16℃。", [("18~16", "16", "18", "℃", "at_least", "")]),
    # counter-cases: not adjacent, announced by 分别, a longer list: each number its own
    ("检修3、5天。", [("3", "3", "", "天", "exact", ""), ("5", "5", "", "天", "exact", "")]),
    ("甲乙分别派出6、7人。", [("6", "6", "", "人", "exact", ""), ("7", "7", "", "人", "exact", "")]),
    ("工期1、2、3天。", [("1", "1", "", "天", "exact", ""), ("2", "2", "", "天", "exact", ""),
                    ("3", "3", "", "天", "exact", "")]),
]


@pytest.mark.parametrize("text,expected", ADJACENT_PAIRS)
def test_adjacent_integers_joined_by_a_list_mark_are_a_range(text, expected):
    assert rows(text) == expected


PRINTED_TABLES = [
    # a |-table: the table's unit line, the column header's unit, the row label's unit; the
    # header and rule rows are no data; a signed cell under a header of change gives change
    ("单位：万元\n| 指标 | 本期 | 同比增减(%) |\n| --- | --- | --- |\n| 营业收入 | 1,250.5 | -3.20 |\n"
     "| 每股净资产(元/股) | 2.15 | 4.10 |",
     [("1,250.5", "12505000", "", "元", "exact", ""), ("-3.20", "-3.2", "", "%", "exact", "decrease"),
      ("2.15", "2.15", "", "元/股", "exact", ""), ("4.10", "4.1", "", "%", "exact", "increase")]),
    # cells apart by tabs, the unit in the column header
    ("品种\t面积(万亩)\t单产(公斤)\n早稻\t820.5\t402\n晚稻\t910.2\t388",
     [("820.5", "8205000", "", "亩", "exact", ""), ("402", "402", "", "公斤", "exact", ""),
      ("910.2", "9102000", "", "亩", "exact", ""), ("388", "388", "", "公斤", "exact", "")]),
    # a unit column of its own in the row, a header ending in a bare percent sign
    ("| 指标 | 单位 | 2024 | 同比% |\n| --- | --- | --- | --- |\n| 油料产量 | 万吨 | 56.7 | -1.5 |",
     [("56.7", "567000", "", "吨", "exact", ""), ("-1.5", "-1.5", "", "%", "exact", "decrease")]),
    # cells apart by tabs whose thousands are set apart by a space, the unit on a line over them
    ("单位：件\n类别\t收案\t结案\n刑事\t12 064\t11 983\n民事\t1 250\t980",
     [("12064", "12064", "", "件", "exact", ""), ("11983", "11983", "", "件", "exact", ""),
      ("1250", "1250", "", "件", "exact", ""), ("980", "980", "", "件", "exact", "")]),
    # a header of years names the columns: the years are no amounts in the table's unit
    ("单位：万吨\n| 品种 | 2024 | 2023 |\n| 小麦 | 310 | 298 |",
     [("310", "3100000", "", "吨", "exact", ""), ("298", "2980000", "", "吨", "exact", "")]),
    # counter-cases: no unit in the column, the row or over the table: the cells stay out
    ("| 编号 | 代码 |\n| --- | --- |\n| 甲 | 2031 |\n| 乙 | 4417 |", []),
    ("站点\t编号\t年份\n东站\t1023\t2021\n西站\t1047\t2022", []),
]


@pytest.mark.parametrize("text,expected", PRINTED_TABLES)
def test_table_cells_take_the_unit_of_their_column_row_or_table(text, expected):
    assert rows(text) == expected


MIXED_IN_WORDS = [
    # hours in words with minutes (and seconds): one time in seconds, as 2小时08分15秒
    ("他以三小时5分20秒完赛，全程一小时零五分。",
     [("三小时5分20秒", "11120", "", "秒", "exact", ""), ("一小时零五分", "3900", "", "秒", "exact", "")]),
    # years and months: one length in months
    ("工期缩短为3年7个月，较上次少两年零三个月。",
     [("3年7个月", "43", "", "个月", "exact", ""), ("两年零三个月", "27", "", "个月", "exact", "")]),
    # counter-cases: hours alone, a year of the calendar before months
    ("两小时后抵达，2023年前8个月。", [("两", "2", "", "小时", "exact", "")]),
]


@pytest.mark.parametrize("text,expected", MIXED_IN_WORDS)
def test_times_and_lengths_with_words_in_mixed_units(text, expected):
    assert rows(text) == expected


def test_a_list_shares_the_magnitude_and_unit_printed_once():
    assert rows("水电、核电发电量分别为1320、415亿千瓦时。") == [
        ("1320", "132000000000", "", "千瓦时", "exact", ""), ("415亿", "41500000000", "", "千瓦时", "exact", "")]
    # counter-case: a number with its own magnitude keeps it
    assert rows("分别为2亿、3000万元。") == [("2亿", "200000000", "", "元", "exact", ""),
                                      ("3000万", "30000000", "", "元", "exact", "")]


def test_two_sides_of_a_statistic_compared_with_bi_are_counts_a_score_is_not():
    assert rows("全场传球次数312比287，角球数4比6。") == [
        ("312", "312", "", "次", "exact", ""), ("287", "287", "", "次", "exact", ""),
        ("4", "4", "", "次", "exact", ""), ("6", "6", "", "次", "exact", "")]
    assert rows("主队以2比1取胜，最终分数3比0。") == []


def test_a_count_of_the_places_just_named_is_read():
    assert rows("河北、山西两省受灾，华东六省市联动。") == [("两", "2", "", "省", "exact", ""),
                                              ("六", "6", "", "省市", "exact", "")]
    # counter-cases: a numeral inside a name or a slogan, no list or region before it
    assert rows("三省坡景区，一国两制。") == []


def test_one_with_a_classifier_after_a_verb_of_a_result_is_a_count_not_an_article():
    assert rows("她摘得一枚奖牌，球队赢得了一张决赛门票。") == [("一", "1", "", "枚", "exact", ""),
                                                ("一", "1", "", "张", "exact", "")]
    # counter-cases: the article after 是, the last place
    assert rows("这是一个家庭的希望，他排在最后一名。") == []


READINGS_AND_COUNTS = [
    # a reading after the name's abbreviation in brackets
    ("空气质量综合指数(AQCI)值为4.12。", [("4.12", "4.12", "", "", "exact", "")]),
    # a count whose noun stands before it (单元 as a unit of land, not a door)
    ("划定管控单元326个。", [("326", "326", "", "个", "exact", "")]),
    # an automatic magnitude: 左右 between 级 and 地震
    ("初步测定发生3.5级左右地震。", [("3.5", "3.5", "", "级", "approx", "")]),
    # counter-cases: a door number, a point in time (N年早先, N年之前)
    ("住在2单元301室，比五年早先提高，两个月之前。", []),
]


@pytest.mark.parametrize("text,expected", READINGS_AND_COUNTS)
def test_readings_after_an_abbreviation_and_counts_after_their_noun(text, expected):
    assert rows(text) == expected


def test_a_count_quoted_for_emphasis_and_a_stretch_called_a_period_are_read():
    assert rows("累计飞行次数达到“350”，报告期指一季度 3个月期间。") == [
        ("350", "350", "", "次", "exact", ""), ("3", "3", "", "个月", "exact", "")]
    # counter-cases: a quoted number without a count's name before it, a tenor
    assert rows("开展“100”行动，发行3个月期票据。") == []


def test_editions_held_are_counted_a_session_is_not():
    assert rows("该赛事每两年举办一届，已连续举行五届。") == [
        ("两", "2", "", "年", "exact", ""), ("一", "1", "", "届", "exact", ""), ("五", "5", "", "届", "exact", "")]
    assert rows("十四届三中全会，第十届运动会。") == []
    assert rows("市委举行十三届五次全会。") == []


def test_a_number_padded_with_a_zero_names_a_batch():
    assert rows("成功发射低轨03组卫星，本次发射8组卫星。") == [("8", "8", "", "组", "exact", "")]


def test_racket_and_ball_sports_scores_are_results_sets_points_and_titles_are_counts():
    # counts: sets and games won or lost, points won in a row, titles won
    assert rows("她以6-4先赢一盘，随后被扳回一局；他连丢三分，是3届世锦赛冠军得主。") == [
        ("一", "1", "", "盘", "exact", ""), ("一", "1", "", "局", "exact", ""),
        ("三", "3", "", "分", "exact", ""), ("3", "3", "", "届", "exact", "")]
    # counter-cases: set, game and match scores (table tennis, volleyball, badminton), a tiebreak's
    # name, a seed cut-off, an idiom after a verb of a result, 十分 "very"
    assert rows("主队11-9拿下首局，以25-23、21-19获胜，4-2领先；抢七局失利，前四种子出局，"
                "赢得一席之地，十分激烈，拿下十分关键的一局，合作共赢一起发展。") == []
    assert rows("总比分0-2不敌对手，她4-7丢掉抢七局。") == []
    # counter-cases still read: a range of ships, a wind force on its scale, a range of an open unit
    assert rows("出动5-8艘渔船，东北风5-6级，发生2-3代。") == [("5-8", "5", "8", "艘", "at_least", ""),
                                                 ("5-6", "5", "6", "级", "at_least", ""),
                                                 ("2-3", "2", "3", "代", "at_least", "")]


def test_a_price_per_unit_written_with_yi_is_one_rate():
    # the measure after 一 is the rate's denominator, as after a slash (元/斤, 元/人)
    got = [(q.as_reported, q.unit_reported, q.unit, q.end) for q in find_quantities("苹果8元一斤，门票60元一人。")]
    assert got == [("8", "元", "", 6), ("60", "元", "CNY_per_person", 14)]
    assert rows("5块钱一个，30美元一桶。") == [("5", "5", "", "块", "exact", ""), ("30", "30", "", "美元", "exact", "")]
    # 一天 before what fits in it is "per day" (一天就要运走300箱)
    assert rows("旺季一天就要运走300箱。") == [("300", "300", "", "箱", "exact", "")]
    # counter-cases: a one-off payment, a price with 每 before it, a day counted
    assert rows("补贴500元一次性发放，每斤3元，歇了一天。") == [
        ("500", "500", "", "元", "exact", ""), ("3", "3", "", "元", "exact", ""), ("一", "1", "", "天", "exact", "")]


def test_a_severity_grade_through_its_sentence_and_a_wind_force_after_a_speed_are_on_a_scale():
    assert rows("预计发生程度3级；其中东部稻区4级，西部2级；局部5级。") == [
        ("3", "3", "", "级", "exact", ""), ("4", "4", "", "级", "exact", ""),
        ("2", "2", "", "级", "exact", ""), ("5", "5", "", "级", "exact", "")]
    assert rows("最大风速48.2米/秒(15级)。") == [("48.2", "48.2", "", "米", "exact", ""), ("15", "15", "", "级", "exact", "")]
    # counter-cases: a grade of a hospital or a scenic area, with no scale word in the sentence,
    # or with the scale's word in another sentence
    assert rows("发生程度较轻。该县有3级医院，另有5A级景区。") == []


def test_names_that_hold_numbers_an_index_of_n_stocks_a_bank_named_by_its_place_a_dividend_base():
    assert rows("某30种工业股票平均价格指数跌12.5点，某500种股票指数涨3点。") == [
        ("12.5", "12.5", "", "点", "exact", "decrease"), ("3", "3", "", "点", "exact", "increase")]
    assert rows("九台农商银行、三台县农信社，拟每10股派现金红利2元，每10股转增3股。") == [
        ("2", "2", "", "元", "exact", ""), ("3", "3", "", "股", "exact", "increase")]
    # counter-cases: stocks counted, machines counted, a rate's base that is a population
    assert rows("组合持有30种股票，购置5台设备。") == [("30", "30", "", "种", "exact", ""), ("5", "5", "", "台", "exact", "")]


def test_a_list_in_mixed_numerals_shares_the_unit_printed_once():
    assert rows("贷款期限包括三、五和10年。") == [("三", "3", "", "年", "exact", ""), ("五", "5", "", "年", "exact", ""),
                                       ("10", "10", "", "年", "exact", "")]
    # counter-cases: list marks at the head of a clause, classes a text numbers, each with its own unit
    assert rows("一、加强管理；二、5年内完成。") == [("5", "5", "", "年", "at_most", "")]
    assert rows("一、二类苗，三、五个。") == [("五", "5", "", "个", "exact", "")]


def test_a_ratio_announced_gives_its_terms_and_a_level_held_is_a_lower_bound():
    assert rows("男女比例为3比2，涨跌家数之比为5比4。") == [
        ("3", "3", "", "", "exact", ""), ("2", "2", "", "", "exact", ""),
        ("5", "5", "", "", "exact", ""), ("4", "4", "", "", "exact", "")]
    assert rows("股指守住万点大关，站稳3000点。") == [("万", "10000", "", "", "at_least", ""),
                                            ("3000", "3000", "", "点", "at_least", "")]
    assert rows("性别比为105:100。") == [("105", "105", "", "", "exact", ""), ("100", "100", "", "", "exact", "")]
    # counter-cases: a match score, a level merely reached, an adverb after 记住
    assert rows("主队以3比2获胜，比分为2:0，记住千万别去。") == []
    assert rows("收于3000点。") == [("3000", "3000", "", "点", "exact", "")]


def test_schemes_just_named_half_a_second_isotherms_places_and_periods():
    # a count of the things just named, by the last character of their names
    assert rows("养老保险和失业保险两险并轨。") == [("两", "2", "", "险", "exact", "")]
    # half a second, nearly
    assert rows("只差将近半秒。") == [("将近半秒", "0.5", "", "秒", "approx", "")]
    # counter-cases: a fixed word, an isotherm, a place named with a numeral in a rainfall list,
    # a target for the half year (a period)
    assert rows("缴纳五险一金，35℃线北抬，七峰社区，完成半年目标任务。") == []
    # still read: communities counted, a temperature before a comma, half a year as a length
    assert rows("走访三个社区，气温5℃，线路检修用了半年。") == [
        ("三", "3", "", "个", "exact", ""), ("5", "5", "", "℃", "exact", ""), ("半年", "0.5", "", "年", "exact", "")]


def test_the_highest_intensity_of_an_earthquake_is_a_measurement_not_a_limit():
    assert rows("震中最高烈度为7度，最高震级4.6级。") == [("7", "7", "", "度", "exact", ""),
                                            ("4.6", "4.6", "", "级", "exact", "")]
    # counter-case: a ceiling on an amount
    assert rows("补助最高5万元。") == [("5万", "50000", "", "元", "at_most", "")]


def test_a_price_with_its_measure_before_it_or_in_digits_is_one_rate():
    assert rows("橙子12块一斤，梨6元1斤，荔枝一斤卖到30元。") == [
        ("12", "12", "", "块", "exact", ""), ("6", "6", "", "元", "exact", ""), ("30", "30", "", "元", "exact", "")]
    # counter-cases: a weight bought, then a price in its own clause; a plot of land
    assert rows("买了一斤，花了3元，一块地。") == [("一", "1", "", "斤", "exact", ""), ("3", "3", "", "元", "exact", "")]


def test_places_named_with_a_numeral_and_a_measure_word_are_names():
    assert rows("四平市、七台河市、三门峡农商行和九台农商银行。") == []
    # counter-cases: counties, machines, square metres and courses counted
    assert rows("三个县，两台机器，四平米，三门课。") == [
        ("三", "3", "", "个", "exact", ""), ("两", "2", "", "台", "exact", ""),
        ("四", "4", "", "平米", "exact", ""), ("三", "3", "", "门", "exact", "")]


def test_a_level_lost_is_an_upper_bound_as_a_level_held_is_a_lower_one():
    assert rows("恒指失守万点，沪指跌破2800点。") == [("万", "10000", "", "", "at_most", ""),
                                              ("2800", "2800", "", "点", "at_most", "")]
    # counter-cases: a level held; 守 in a word before a bare magnitude
    assert rows("沪指守住万点，严守千条规矩。") == [("万", "10000", "", "", "at_least", "")]


def test_a_set_counted_right_after_its_list_is_a_count():
    assert rows("有色、化工两大行业，长江和黄河两大流域。") == [("两", "2", "", "", "exact", ""),
                                                 ("两", "2", "", "", "exact", "")]
    # counter-cases: no list before (a name), a rank
    assert rows("四大家鱼，第三大贸易伙伴。") == []


def test_an_index_series_named_by_its_size_and_sector_is_a_name():
    assert rows("500医药跌1%，180红利涨2%。") == [("1%", "1", "", "%", "exact", "decrease"),
                                           ("2%", "2", "", "%", "exact", "increase")]
    # counter-case: a count with its classifier before a sector word
    assert rows("300家金融企业。") == [("300", "300", "", "家", "exact", "")]


def test_two_quantities_joined_by_a_slash_are_two_rows_not_a_rate():
    assert rows("成交12宗/3.5万平方米，均价8000元/㎡。") == [
        ("12", "12", "", "宗", "exact", ""), ("3.5万", "35000", "", "平方米", "exact", ""),
        ("8000", "8000", "", "元", "exact", "")]
    # counter-cases: a rate over a unit; two years joined by a slash (a season's name)
    assert rows("售价5元/斤，2019/2020赛季。") == [("5", "5", "", "元", "exact", "")]


def test_a_table_header_without_the_row_labels_column_shifts_over_the_numbers():
    text = "| 金额 (万元) | 同比增长 (%) |\n粮食 | 12.5 | 3.1 |\n蔬菜 | 8 | -2 |\n"
    assert rows(text) == [("12.5", "125000", "", "元", "exact", ""), ("3.1", "3.1", "", "%", "exact", "increase"),
                          ("8", "80000", "", "元", "exact", ""), ("-2", "-2", "", "%", "exact", "decrease")]
    # counter-case: a header as wide as the rows keeps its columns (the first labels the rows)
    text = "| 项目 | 金额 (万元) |\n| 粮食 | 12.5 |\n"
    assert rows(text) == [("12.5", "125000", "", "元", "exact", "")]


def test_a_table_printed_on_one_line_is_split_into_rows_as_wide_as_its_header():
    text = "| 项目 | 产量(万吨) | 增长(%) | 小麦 | 12.5 | 3.1 | 玉米 | 8 | -2 |"
    assert rows(text) == [("12.5", "125000", "", "吨", "exact", ""), ("3.1", "3.1", "", "%", "exact", "increase"),
                          ("8", "80000", "", "吨", "exact", ""), ("-2", "-2", "", "%", "exact", "decrease")]
    # the header may leave out the labels' column
    assert rows("| 产量(万吨) | 增长(%) | 小麦 | 12.5 | 3.1 |") == [
        ("12.5", "125000", "", "吨", "exact", ""), ("3.1", "3.1", "", "%", "exact", "increase")]
    # counter-cases: no unit in the header; cells that fall into no rows of the header's width
    assert rows("| 项目 | 产量 | 增长 | 小麦 | 12.5 | 3.1 |") == []
    assert rows("| 项目 | 产量(万吨) | 增长(%) | 小麦 | 12.5 | 3.1 | 9 | 玉米 |") == []


def test_a_ratio_named_as_one_without_a_unit_is_a_reading():
    assert rows("小学生师比为18.25，初中师生比12.8，基尼系数为0.465。") == [
        ("18.25", "18.25", "", "", "exact", ""), ("12.8", "12.8", "", "", "exact", ""),
        ("0.465", "0.465", "", "", "exact", "")]
    # counter-cases: a comparison with 比 and a change without its unit stay out
    assert rows("甲队比乙队多3，同比12.5。") == []


def test_a_teams_record_in_brackets_after_its_name_is_wins_and_losses():
    assert rows("赛后，勇士队（25-20）排名第五。") == [("25", "25", "", "胜", "exact", ""),
                                             ("20", "20", "", "负", "exact", "")]
    # counter-cases: a quarter's score, scores listed together, a bracket in a text about no game
    assert rows("比赛第一节(25-20)，比分(25-20、18-22)。") == []
    assert rows("降雨量(10-25)。") == []


def test_hours_and_minutes_in_digits_are_one_time_in_minutes_with_its_bound():
    assert rows("他跑进2小时10分以内，历时3小时20分钟。") == [("2小时10分", "130", "", "分", "at_most", ""),
                                                 ("3小时20分钟", "200", "", "分钟", "exact", "")]
    # counter-cases: a time of day; hours alone; hours, minutes and seconds stay in seconds
    assert rows("早上8时30分，工作8小时，用时2小时08分15秒。") == [
        ("8", "8", "", "小时", "exact", ""), ("2小时08分15秒", "7695", "", "秒", "exact", "")]


def test_a_tie_reached_is_a_result_not_an_amount():
    assert rows("湖人战成11平手，随后打成2平。") == []
    # counter-case: 平 as square metres
    assert rows("房子100平。") == [("100", "100", "", "平", "exact", "")]


def test_a_threshold_written_with_a_plus_after_the_number_is_a_lower_bound():
    assert rows("生涯第800场20+，") == [("20", "20", "", "", "at_least", "")]
    # counter-cases: a sum, a name with a plus and a number
    assert rows("1+1>2，C++11。") == []


def test_a_threshold_with_a_plus_takes_the_unit_printed_after_it():
    assert rows("已有100+家企业入驻，参会1000+人。") == [("100+", "100", "", "家", "at_least", ""),
                                                ("1000+", "1000", "", "人", "at_least", "")]
    # counter-case: a word after the plus that is no unit
    assert rows("生涯第800场20+的比赛") == [("20", "20", "", "", "at_least", "")]


def test_the_terms_of_a_sum_or_a_name_with_plus_are_no_quantities():
    assert rows("推行5+2模式，打造“1+3+N”体系。") == []
    # counter-case: a plus sign after no digit is a sign, and the rate after it is read
    assert [row[1:4] for row in rows("同比增长(+1.2%)。")] == [("1.2", "", "%")]


def test_a_rate_printed_with_its_decimals_missing_is_read_as_printed():
    assert rows("收入分别增长12.%和3.5%。") == [("12.%", "12", "", "%", "exact", "increase"),
                                          ("3.5%", "3.5", "", "%", "exact", "increase")]
    # counter-case: a full stop after a number with no unit
    assert rows("共计12.下一步") == []


def test_a_margin_of_half_after_a_word_of_a_gap_is_a_half():
    assert rows("只差半个胜场，领先半个身位。") == [("半个", "0.5", "", "个", "exact", ""),
                                         ("半个", "0.5", "", "个", "exact", "")]
    # counter-cases: half of a place, a period named by its half
    assert rows("走遍半个中国，这半个世纪。") == []


def test_one_of_a_margin_after_a_word_of_a_gap_is_counted():
    assert rows("超出他近一个身位，落后一个球。") == [("近一", "1", "", "个", "approx", ""),
                                          ("一", "1", "", "个", "exact", "")]
    # counter-case: 一 + classifier as an article
    assert rows("是一个家庭的希望。") == []


def test_a_vague_count_with_ji_is_left_out_but_a_duration_is_a_lower_bound():
    assert rows("几百亩果园摘不到几百斤，投资几千万元。") == []
    # counter-case: a length of time
    assert rows("困扰村民几十年。") == [("几十", "20", "", "年", "at_least", "")]


def test_a_spaced_table_header_without_the_row_labels_column_shifts_over_the_numbers():
    text = "        金额(万元)    增长(%)\n粮食    12.5    3.1\n蔬菜    8    -2\n"
    assert rows(text) == [("12.5", "125000", "", "元", "exact", ""), ("3.1", "3.1", "", "%", "exact", "increase"),
                          ("8", "80000", "", "元", "exact", ""), ("-2", "-2", "", "%", "exact", "decrease")]
    # counter-case: rows one cell longer than the first row, which holds no unit: no header, no unit
    assert rows("项目    金额\n粮食    12.5    3.1\n") == []


def test_a_table_on_one_line_under_a_unit_line_takes_that_unit():
    assert rows("单位：万元\n| 项目 | 2023年 | 2022年 | 粮食 | 12.5 | 3.1 |") == [
        ("12.5", "125000", "", "元", "exact", ""), ("3.1", "31000", "", "元", "exact", "")]
    # counter-case: no unit over it nor in its header
    assert rows("| 项目 | 2023年 | 2022年 | 粮食 | 12.5 | 3.1 |") == []


def test_the_plain_number_path_skips_only_checks_that_cannot_apply():
    """An Arabic number whose neighbours are outside P.CHECKED_BEFORE / CHECKED_AFTER skips
    read_match's checks ahead of its unit: every character those checks compare the character
    before (prev) or after (nxt, s[end], s.startswith(..., end)) with must be in the sets, or a
    check added later would be skipped for the numbers it is written for."""
    import ast
    import inspect

    from lingyuan.quantities import finder
    from lingyuan.quantities import patterns as P

    tree = ast.parse(inspect.cleandoc("\n" + inspect.getsource(finder.read_match)))
    gate = next(n for n in ast.walk(tree) if isinstance(n, ast.If) and "CHECKED_BEFORE" in ast.unparse(n.test))
    sides = {"prev": P.CHECKED_BEFORE, "nxt": P.CHECKED_AFTER, "s[end]": P.CHECKED_AFTER,
             "s[end:end + 1]": P.CHECKED_AFTER}
    chinese_only = set()  # the nodes under a test that holds only for Chinese numerals
    for node in ast.walk(ast.Module(body=gate.body, type_ignores=[])):
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) \
                and any(ast.unparse(v) == "not is_arabic" for v in node.values):
            chinese_only.update(id(n) for n in ast.walk(node))
    checked = 0
    for node in ast.walk(ast.Module(body=gate.body, type_ignores=[])):
        if id(node) in chinese_only:
            continue
        if isinstance(node, ast.Compare) and ast.unparse(node.left) in sides:
            for op, comparator in zip(node.ops, node.comparators):
                if not isinstance(op, (ast.In, ast.Eq)):
                    continue
                try:
                    value = eval(compile(ast.Expression(comparator), "", "eval"), {"P": P})
                except NameError:
                    continue  # another variable (nxt == prev)
                chars = {value} if isinstance(op, ast.Eq) else {str(c)[0] for c in value}
                checked += 1
                assert chars <= sides[ast.unparse(node.left)], (ast.unparse(node), chars - sides[ast.unparse(node.left)])
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "s.startswith" and len(node.args) == 2 \
                and ast.unparse(node.args[1]) == "end":
            words = eval(compile(ast.Expression(node.args[0]), "", "eval"), {"P": P})
            words = (words,) if isinstance(words, str) else words
            checked += 1
            assert {w[0] for w in words} <= P.CHECKED_AFTER, ast.unparse(node)
    assert checked >= 20  # the checks were found (a change of shape would leave them unread)


def test_patterns_tried_at_their_first_characters_alone_find_what_they_find_everywhere():
    """layout.matches_from (a pattern tried only where str.find meets one of its first characters)
    gives the matches finditer gives, for each pattern read so, on every labelled text and on
    brackets and quotes nested, touching and left open."""
    import json
    from pathlib import Path

    from lingyuan.quantities import finder, records
    from lingyuan.quantities import patterns as P
    from lingyuan.quantities.layout import compact, matches_from

    corpus = Path(__file__).parent / "data" / "extract_corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts += ["湖人(19-14)（含税）)2（(12-3)(（一般））5（ab)(", "((19-14)) (（含税）", "",
              "《“五个一批”与‘三’》“未闭《被称为“百年一遇”》「一」『二』号称“第一”", "均人均每人均亩产亩均每千人口每平方米"]
    found = 0
    for text in texts:
        s, _ = compact(text)
        for pattern, firsts, where in ((P.ASIDE_RE, P.OPENING, s), (P.ROW_LABEL_HINT_RE, P.CLOSING, s),
                                       (records._RECORD_RE, P.OPENING, text), (P.SHORT_QUOTES, P.QUOTE_FIRSTS, s),
                                       (P.EPITHET_RE, P.NAMING_FIRSTS, s)):
            expected = [m.span() for m in pattern.finditer(where)]
            assert [m.span() for m in matches_from(pattern, where, firsts)] == expected, where[:40]
            found += len(expected)
        # the rate words, tried at 每, before 均 and at 亩产 alone
        assert finder._Scan(s).averages == [(m.start(), m.group()) for m in P.AVERAGE_RE.finditer(s)], s[:40]
    assert found >= 5  # (matches were met, not only their absence)


def test_the_compact_texts_offsets_are_those_of_its_runs_of_non_whitespace():
    """layout.Offsets (built from str.split's runs) maps each run of non-whitespace to where the
    pattern \\S+ finds it in the text as given, on every labelled text and on texts that start,
    end or are made of whitespace of several kinds."""
    import json
    import re
    from pathlib import Path

    from lingyuan.quantities.layout import Offsets

    corpus = Path(__file__).parent / "data" / "extract_corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts += ["", " \n", " 12 万元\u3000\u3000增长\xa05%\t", "3 3 3", "a\u2009b\u202fc\n"]
    for text in texts:
        runs = list(re.finditer(r"\S+", text))
        compact_starts = [0]
        for m in runs[:-1]:
            compact_starts.append(compact_starts[-1] + len(m.group()))
        offsets = Offsets(text)
        assert offsets.starts == (compact_starts if runs else []), text[:40]
        assert offsets.shifts == [m.start() - c for m, c in zip(runs, compact_starts)], text[:40]
        assert len(offsets) == sum(len(m.group()) for m in runs)


def test_word_patterns_grouped_by_first_character_match_as_the_plain_alternation():
    """patterns.grouped (the words of the units and of the fixed words grouped by first character,
    their order kept within each group) matches at every position of the labelled corpus what the
    plain alternation of the same words matches: the same unit, longest first, the same word."""
    import json
    import re
    from pathlib import Path

    from lingyuan.quantities import patterns as P
    from lingyuan.quantities.layout import compact

    corpus = Path(__file__).parent / "data" / "extract_corpus.jsonl"
    texts = [compact(json.loads(line)["text"])[0] for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts.append("一个半月三个多小时个百分点五年规划一年一度二次一季度")
    met = 0
    for words in (("个多月", "个多小时", "个半月", "个半小时", *P.UNIT_KEYS), P._FIXED_WORDS):
        plain, grouped = re.compile("|".join(map(re.escape, words))), re.compile(P.grouped(words))
        for s in texts:
            for at in range(len(s)):
                m, g = plain.match(s, at), grouped.match(s, at)
                assert (g and g.group()) == (m and m.group()), s[at:at + 6]
                met += m is not None
    assert met > 1000
