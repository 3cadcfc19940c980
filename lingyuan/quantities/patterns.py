"""The language the extractor reads: number shapes, units, and the words around them.

Data tables and compiled patterns only; the rules that use them are in
:mod:`lingyuan.quantities.rules` and :mod:`lingyuan.quantities.finder`. The
qualifier, kind and change words come from :mod:`lingyuan.quantities.words` (their
one home); the units from :mod:`lingyuan.quantities.units`.
"""
from __future__ import annotations

import re

from lingyuan.quantities import units
from lingyuan.quantities.words import (
    CHANGE_WORDS,
    GAPPED_BOUNDS,
    PREFIX_QUALIFIERS,
    RUNNING_TEXT_BOUNDS,
    SUFFIX_QUALIFIERS,
)

def grouped(words) -> str:
    """*words* as one alternation grouped by first character, in their order within each group: the
    same matches as ``"|".join(words)``, faster (the engine tries one group, not every word)."""
    return "|".join(f"{re.escape(c)}(?:{'|'.join(re.escape(w[1:]) for w in words if w[0] == c)})"
                    for c in dict.fromkeys(w[0] for w in words))


DIG = "0-9０-９"
PERCENT_SIGNS = ("%", "％")
DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９")  # a digit, with the empty string (the end) left out
_AR = rf"[{DIG}]+(?:[,，][{DIG}]{{3}})*(?:[.．][{DIG}]+)?"


def _magnitude(chars: str) -> str:
    """百 or 千 as a magnitude, unless it starts a unit of the vocabulary (千瓦, 千米, 千克, 百帕,
    百分点): 10万千瓦 is 100,000 kW, 965百帕 is 965 hPa, 0.5百分点 half a percentage point."""
    rests = sorted({u[1:] for u in units.EXTRACTOR_UNITS if u[0] == chars[0]}, key=len, reverse=True)
    return rf"[{chars}](?!{'|'.join(rests)})" if rests else f"[{chars}]"


_QIAN = _magnitude("千仟")
_AR_MAG = rf"(?:[万亿萬億]|{_magnitude('百佰')}|{_QIAN})*"
# A number with two magnitudes, the second part smaller (2亿3940万, 1亿8151.1万, 3万5千): one number.
_AR_SECOND = rf"(?:(?<=[亿億])[{DIG}]{{1,4}}(?:[.．][{DIG}]+)?[万萬]|(?<=[万萬])[1-9]{_QIAN})"
# 兆 is 万亿 (10^12) where it is money's magnitude: a 亿 part follows it (8兆8800亿) or a currency
# (5兆人民币, 3兆美元), as printed outside the mainland. Before anything else (兆瓦, 兆帕, 兆赫,
# 兆字节) it is the SI prefix mega, left to the units.
_ZHAO = (rf"兆(?:[{DIG}]{{1,4}}(?:[.．][{DIG}]+)?[亿億]"
         rf"|(?={'|'.join(sorted(units.MONEY_AFTER, key=len, reverse=True))}))")
_CN_CHARS = "零〇○一二两兩三四五六七八九壹贰貳叁肆伍陆陸柒捌玖十拾百佰万亿萬億几"
_CN = rf"(?:[{_CN_CHARS}]|{_QIAN})+(?:点[零〇一二三四五六七八九]+[万亿]*)?"
_NUM = rf"(?:{_AR}(?:{_ZHAO}|{_AR_MAG}{_AR_SECOND}?)|{_CN})"
_INNER = r"(?:[余多来][万亿萬億]*)?"
SEP = "至到~～\\-—－–―"
# A minus sign: -6%, 同比-6%, -1.5%至-0.8% (a hyphen, a full-width hyphen, the minus sign).
MINUS = "-－−"
_MINUS = f"[{MINUS}]"
_TENTH = rf"(?:[一二两三四五六七八九]|(?<![{DIG}.．])[1-9](?![{DIG}]))"
_TENTHS_NOT_BEFORE = "为立功员本果熟效绩都长交型品就了年人像片套分批"  # (三五成群 is a fixed word)
NUMBER_RE = re.compile(
    # 一半, 七成, 4成 (tenths)
    rf"(?P<half>一半|(?:{_TENTH}(?:[{SEP}]?{_TENTH})?)成(?![{_TENTHS_NOT_BEFORE}]))"
    # 三分之一 (a fraction; 百分之/千分之/万分之 are percentages, below); 1/3 after 占, 约 ...
    r"|(?P<frac>(?![百千万]分之)[一二两三四五六七八九十百千万亿]+分之[一二两三四五六七八九十]+"
    rf"|(?<=[占约近超逾达为的])[1-9][{DIG}]?/[1-9][{DIG}]?(?![{DIG}月日])"
    # 2/3以上的村, 1/4左右: a bound after it says it is a share (a date or code takes none)
    rf"|(?<![{DIG}A-Za-z/.．])[1-9][{DIG}]?/[1-9][{DIG}]?(?=以上|以下|左右))"
    # 半年, 半个月, 半秒 (half a unit of time; 半年度, 半年报, 半年目标 name a period, its report
    # and its target, as 年度)
    # a margin of half (只差半个胜场, 领先半个身位, 落后半个球): after a word of a gap, any classifier
    r"|(?P<halfunit>半(?=年(?![度报目任计])|个月|个小时|天|小时|分钟|秒|(?:(?<=差半)|(?<=领先半)|(?<=落后半))个))"
    rf"|(?P<pct>[百千万]分之)?(?P<num>{_NUM}{_INNER}(?:(?P<sym>[%％℃])?[{SEP}]{_MINUS}?{_NUM}{_INNER}(?(sym)(?=[%％℃])))?)"
)
# The upper end of a range of tenths written as a multiple (偏多3成至1倍, 两成到1.5倍).
TENTHS_TO_MULTIPLE_RE = re.compile(rf"[{SEP}]((?:[{DIG}]+(?:[.．][{DIG}]+)?|[一二两三四五六七八九十]+))倍")
# Where a number can start: scanning for these first and matching NUMBER_RE only there is
# four times faster than NUMBER_RE.finditer (whose alternation has no fast prefix).
NUMBER_START_RE = re.compile(rf"[{DIG}{_CN_CHARS}千仟半]")

# Units written with symbols or Latin letters, read by class rather than listed one by one:
# a symbol (℃, ‰, ㎡); an SI unit, a prefix (k, M, G, T, m, c, μ) and a base (W, Wh, m, g, t,
# L, Hz, B, bps, V), with ² or ³ on lengths; a multiple (x, 20-30x); the counts of the internet
# trade (DAU, MAU, UV, PV); basis points (bp) and parts per million. Not a letter more may
# follow (5G, 3D, 4K, B2B stay names), and a grade is no unit (5A级景区). A symbol of one
# character may have a number right after it: 60℃30分钟 is a temperature and a time.
LATIN_UNIT_RE = re.compile(
    r"(?:℃|℉|‰|‱|㎡|㎢|㎞|㎏|㎝|㎜|㎥)(?![A-Za-z级])"
    r"|(?:°C|°F|°"
    r"|(?:k|M|G|T)?Wh|(?:k|M|G|T)?W|(?:k|c|m|n|μ|µ)?m[²³23]?|(?:k|m|μ|µ)?g|t|(?:m)?[Ll]|(?:k|M|G)?Hz"
    r"|[KMGTP]B|(?:k|M|G)?bps|kV|mAh|[xX×]|DAU|MAU|WAU|UV|PV|bp|BP|ppm|ppb|pct|TEU|Å)"
    r"(?![A-Za-z0-9级])"
)
# Characters that can start one of them (the fast test before the pattern).
LATIN_UNIT_FIRST = frozenset("℃℉°‰‱㎡㎢㎞㎏㎝㎜㎥kMGTWcmnμµgtLlHKPbxX×DUpBÅ")

# Units as printed, longest first: the dataset's closed vocabulary and the extractor's
# other known units (units.EXTRACTOR_UNITS). 日 is left out (nearly always a date:
# 9月18日), 口 alone too (一家三口; 口人 is kept), and 万元/亿元 because the number
# already takes its magnitude (475万元 is 475万 + 元).
_SKIP_PRINTED = {"日", "口", "万元", "亿元", "万人次", "万千瓦时"}
UNIT_KEYS = [k for k in units.EXTRACTOR_UNITS if k not in _SKIP_PRINTED]
UNIT_RE = re.compile(grouped(("个多月", "个多小时", "个半月", "个半小时", *UNIT_KEYS)))
# Known units a Chinese numeral may take beyond the closed vocabulary (三种, 两类, 一季);
# others (一点, 一度, 一道, 一方面, 三道河子) are words after a Chinese numeral.
CN_OTHER_UNITS = frozenset({
    "美元", "欧元", "港元", "日元", "英镑", "种", "类", "大类", "期", "季", "镇", "乡", "街道", "村", "倍",
    "轮", "分钟", "周", "星期", "秒", "册", "篇", "门", "双", "箱", "袋", "户次", "架次", "班次",
    "批次", "人日", "厘米", "毫米", "英尺", "平", "层", "社区", "届次",
})


# Any Chinese classifier, after a Chinese numeral: the classifiers of CC-CEDICT (a lexical
# resource, not a hand list: scripts/make_classifiers.py says why and what it leaves out),
# and the dictionary's words that start with a numeral and one of them (两面, 一路, 五台山),
# which are words, not counts.
CLASSIFIER_WORDS, NUMERAL_WORDS = units.classifier_data()
# 一 before a classifier of the resource is an article or an idiom (齐聚一堂, 一番, 一席之地),
# 零 a word (零部件, 零担): neither counts with these classifiers (the known units keep theirs).
NOT_COUNTING_NUMERALS = frozenset({"一", "零", "〇", "○"})
# After a numeral and a classifier, the characters that end a place name (三道河子, 五峰山, 二道沟).
# A community or a street office after a numeral and a classifier that does not count them
# (九峰社区, 三塘街道): a place's name; 三个社区, 两家社区医院 are counted.
COMMUNITY_WORDS = ("社区", "街道")
COMMUNITY_COUNTERS = frozenset("个家所座处")
PLACE_SUFFIX = frozenset("河沟子村屯镇营岭山湾桥堡庄岗峪洼坡店江湖口寨井塘水州城县区市岛关峡")
# First characters of every unit a Chinese numeral may take: any other character after one
# rejects it at once (一定, 统一, 十分 ... are most of the numerals in a text).
CN_UNIT_FIRST = frozenset(k[0] for k in UNIT_KEYS if k in units.PRINTED_UNITS or k in CN_OTHER_UNITS) | {"个"} \
    | frozenset(c[0] for c in CLASSIFIER_WORDS) | frozenset("℃‰届")  # (届 only after a verb of holding)
# After an Arabic number, any other word stands where a unit stands (an open
# vocabulary: 1300口, 800床, 6艘) unless its first character is one of these: dates and
# times, ordinals and names (号, 届, 版, 级, 后 as in 80后, 强 as in 世界500强: a ranking
# list), function words, verbs (创 as in 1291万创新高), and nouns that a bare number never counts.
OPEN_STOP = frozenset(
    "月日号时点后前年届版级等和与及或跟同的地得是在为了着过至到比就全中小路线之以上下内外间起各每其该此这价高"
    "那有无没不也都还又再即便被把将对向从自由按经通据给让使令称作做变转改用建投修解帮带覆惠发完实达超增减"
    "提参受获占开入出进共农贫城国家人民工企业个余多来几万亿千百十零元分名位户次所处条项台套批场座头只株"
    "棵块匹羽件张份辆眼盏起年天岁米吨斤亩平方立兆公克瓦伏度型式性化类者份周季部门队组片道层幢单调乘除"
    "倍率比值半之成两兩零〇○一二三四五六七八九壹贰叁肆伍陆柒捌玖拾佰仟萬億强创"
    "大"  # 618大促, 3大: an adjective, no unit
)
# After a number, words that make it a service's telephone number (12345热线, 110报警,
# 120急救, 12315投诉), not a count.
SERVICE_NUMBER_AFTER = ("热线", "报警", "急救", "投诉", "专线", "服务电话", "举报电话", "服务平台")
SERVICE_FIRST = frozenset(w[0] for w in SERVICE_NUMBER_AFTER)
# Before a number, parts of an address (1号楼3单元502室): the number is a door, not a count.
ADDRESS_BEFORE = ("单元", "号楼", "号院")
ADDRESS_LAST = frozenset(w[-1] for w in ADDRESS_BEFORE)
COUNT_AFTER_NOUN = frozenset("个处座家项块")  # 种下单元13259个: the noun before, a count after
# A name's abbreviation in brackets, right before where a reading's clause would start.
ABBREVIATION_ASIDE_RE = re.compile(r"[（(][A-Za-z]{1,8}[)）]")
# Open units of two characters: X次 counts occasions (剂次, 车次).
OPEN_SECOND = "次"

# A unit followed by one of these characters is the start of another word.
UNIT_NOT_BEFORE: dict[str, str] = {
    "人": "民们才大社工身心士物生类格选", "名": "单称义列次额字", "位": "于置数列",
    "户": "口籍外型主", "家": "人庭乡属长园", "个": "性", "项": "目",
    "所": "以有谓属在得", "处": "理于置长室级罚分", "条": "件例款", "间": "隔接断",
    "台": "阶风湾", "套": "餐路", "批": "准复评示发", "次": "性要序日", "场": "所地景馆部长",
    "座": "谈位椅右", "头": "脑号绪部目", "只": "有要是能会需好得", "匹": "配", "羽": "毛绒",
    "株": "洲", "千瓦": "时", "兆瓦": "时", "米": "粮饭面", "天": "然气地下空津堂使",
    "分": "之钟秒析配别布散局期类工红数享成子球", "年": "级度底初末中代",
    "期": "工项间货刊末中满望待盼限", "季": "度节风", "乡": "村镇亲土", "村": "民级委庄屯子落集干组镇",
    "镇": "政府党", "周": "年岁边末围", "部": "门署委长分位", "组": "织建成合团", "支": "持付出援柱撑部",
    "架": "构设空", "县": "级城域委政长道", "市": "场级民委政长区", "区": "域县级委政", "省": "级委政内外会道",
    "门": "口户诊槛类", "道": "路理德", "平": "台均安衡稳", "双": "方向重边", "点": "赞击评名",
    # a vehicle named by its wheels (三轮车, 六轮车, 四轮驱动) is a kind of thing, not a count
    "轮": "车驱",
}
# Classifiers (as opposed to measures): 一 + classifier + noun is "a/an".
CLASSIFIERS = set("个条场座家所处间台套批项位名次栋头只株棵块匹羽户人件张份辆眼盏起种类期季门篇册双箱袋轮层村镇乡") | {
    "口人", "人次"}
# After a Chinese numeral, these single-character units begin a place name
# (三家子, 九台区, 五间房).
# A place named with a numeral and a unit of the vocabulary (三家子, 九台区, 七台河市, 四平市, and a bank
# named by its place, 九台农商银行); 三个县, 两台机器 are counted.
PLACE_AFTER: dict[str, str] = {"家": "子村屯店", "台": "区县市镇乡村子农银河山", "间": "房", "平": "市县区镇乡村路街",
                               "门": "峡"}
# N个 + one of these words is a political slogan (四个确保, 四个全面, 两个维护, 三个文明建设,
# 两个文明一起抓; 三个文明村 are villages counted).
SLOGAN_AFTER_GE = re.compile(
    "确保|全面|意识|自信|维护|代表|精准|坚持|必须|聚焦|加强|提升|推进|落实|到位|优先|结合|"
    "统筹|着力|突出|围绕|强化|坚定|服务|转变|融合|关键|文明建设|文明一起|不|一"
)
# N条 + a line a policy holds is a slogan (守住两条底线, 三条红线, 两条主线), not a count.
SLOGAN_LINES = ("底线", "红线", "主线")
_FIXED_WORDS = ("成千上万", "五年规划", "五年计划", "九年义务教育", "九年一贯制", "十二年一贯制", "学前三年", "二人转", "二元结构", "一元化", "三番五次", "千家万户", "一条龙", "二次", "千人计划",
                "万人计划", "一成不变", "一次性", "三天两头", "一年一度", "一年四季", "三次产业",
                "一年到头", "三五成群", "十之八九", "一五一十", "三三两两", "一分为二", "七上八下",
                "一季度", "二季度", "三季度", "四季度",
                # the name of a product group in statistical bulletins (copper, aluminium, lead ...)
                "十种有色金属",
                # a tiebreak's name (抢七局: the game played to seven points, not seven games)
                "抢七", "抢十",
                # the social insurance schemes and the housing fund an employer pays (not a medal)
                "五险一金", "三险一金")
# 十四届三次全会, 十三届人大二次会议: the session of a congress is an ordinal, not 3 events
_SESSION = r"届[\u4e00-\u9fff]{0,4}?[0-9一二三四五六七八九十]+次(?:全会|会议|全体会议|代表大会)"
FIXED_RE = re.compile(grouped(_FIXED_WORDS) + "|" + _SESSION)
# 三年行动计划, 五年攻坚行动: the name of a plan, as 五年规划 (a plan's span, not a duration
# reported). The pattern starts at 年 (a literal is fast to scan for; a class of numerals
# first would be tried at every digit); the finder takes the numerals before it.
PLAN_RE = re.compile(r"年(?:攻坚)?行动(?:计划|方案)?")
PLAN_NUMERALS = frozenset("一二两三四五六七八九十0123456789")
# A list of items each opened by a numeral (五个振兴、六个坚持、七种能力): when the numerals
# run one after another, the list numbers slogans, it counts nothing (三个村、五个社区 counts).
NUMBERED_LIST_RE = re.compile(r"(?:[一二两三四五六七八九十][\u4e00-\u9fff]{1,4}、)+[一二两三四五六七八九十][\u4e00-\u9fff]{1,4}")
# Where one may be (、 between two such items): scanning for this first is thirty times faster.
NUMBERED_LIST_HINT_RE = re.compile(r"、[一二两三四五六七八九十][\u4e00-\u9fff]{1,4}、[一二两三四五六七八九十]")

PREFIX_BOUND = {**{w: q for w, q in PREFIX_QUALIFIERS.items() if q != "approx"}, **RUNNING_TEXT_BOUNDS}
PREFIX_APPROX = tuple(w for w, q in PREFIX_QUALIFIERS.items() if q == "approx")
PREFIX_RE = re.compile(
    "(?:" + "|".join(sorted((*PREFIX_APPROX, *PREFIX_BOUND), key=len, reverse=True)) + ")$"
)
GAPPED_BOUND_RE = re.compile("(" + "|".join(GAPPED_BOUNDS) + r")[\u4e00-\u9fff]{1,8}$")
# After a unit: 以上, 及以上, 左右, 余 ... (余额, 余下, 余粮 are other words).
SUFFIX_QUALIFIER = dict(SUFFIX_QUALIFIERS)
SUFFIX_RE = re.compile("|".join(re.escape(w) + ("(?![额下粮])" if w == "余" else "")
                                 for w in sorted(SUFFIX_QUALIFIERS, key=len, reverse=True)))
SUFFIX_FIRST = frozenset(w[0] for w in SUFFIX_QUALIFIERS)  # (a fast test before the pattern)
# A short aside between a unit and its bound: 300万元(含税)以上.
ASIDE_BEFORE_BOUND_RE = re.compile(r"[（(][\u4e00-\u9fff]{1,4}[）)](?=及?以[上下内])")
TIME_UNITS = {"年", "个月", "天", "个多月", "小时", "个小时", "个多小时", "分钟", "秒", "个半月", "个半小时"}
# 几十, 几百 before a length of time is a lower bound (几十年: at least 20 years); before any other
# unit it is vague (几百亩, 几百斤), as 数十 and 上百 are: left out.
VAGUE_DURATION_AFTER = tuple(TIME_UNITS) + ("周", "个星期")
# The same unit repeated after a range's upper end: 2万元至5万元, 100亩及以上至500亩.
# An age band, A岁以上不满B岁 (not reaching B), is a range too.
RANGE_JOIN_RE = re.compile(rf"(?:及?以上)?[{SEP}]|以上(?:不满|未满|不足)")

# Marks the start or end of the text in one-character look-arounds.
EDGE = "\x00"
PUNCT = set("，,。．；;：:！!？?、…）)》」』”’\"'】]·/／\n") | {EDGE}
CLAUSE_END = set("，,。；;：:！!？?、…（(《「『“‘【[")
DETERMINERS = set("不没无每另同这那哪某唯逐任单统其再又")
CN_DIGIT_SET = set("零〇○一二两兩三四五六七八九十壹贰叁肆伍陆柒捌玖")
CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0, "十": 10}
# Words that make the first quantity after them in a clause a rate. Those missing from
# AVERAGE_PER (每吨, 每头, 每度, 每千人口 ...), or whose rate has no canonical unit
# (人均 + 亩), make it a rate outside the vocabulary (unit empty).
AVERAGE_RE = re.compile(r"每[十百千万]+人口?|每度|每千瓦时|每立方米|每方|人均|生均|每生|棚均|栋均|户均|"
                        r"亩均|亩产|每人|每名|每位|每栋|每棚|每户|每家|每亩|每吨|每斤|每公斤|每千克|"
                        r"每头|每只|每平方米|每平米|每公里|每米")
AVERAGE_PER = {"人均": "person", "每人": "person", "每名": "person", "每位": "person",
               "生均": "person", "每生": "person",
               "棚均": "building", "栋均": "building", "每栋": "building", "每棚": "building",
               "户均": "household", "每户": "household", "每家": "household",
               "亩均": "mu", "每亩": "mu", "亩产": "mu"}
# Nouns that pick the canonical unit of a classifier, longest first; the
# value None means "not a known noun, keep the default".
NOUNS: dict[str, str | None] = {
    "行政村": "village", "贫困村": "village", "自然村": "village", "薄弱村": "village",
    "重点村": "village", "示范村": "village", "村集体": "village", "村民": None, "村干部": None,
    "村党": None, "村级": None, "村组": None, "村": "village",
    "乡镇": "township", "街道": "township", "乡": "township", "镇": "township",
    "合作社": "cooperative", "专业合作社": "cooperative",
    "项目": "project", "工程": "project", "事项": "item", "问题": "item", "措施": "item", "任务": "item",
    "扶贫车间": "workshop", "车间": "workshop",
    "贫困户": "household", "农户": "household", "家庭": "household", "户": "household",
    "人": "person", "贫困人口": "person", "孩子": "person", "学生": "person", "老人": "person",
    "儿童": "person", "妇女": "person", "党员": "person", "干部": "person",
    "大棚": "building", "冷棚": "building", "暖棚": "building", "温室": "building",
    "猪舍": "building", "牛舍": "building", "鸡舍": "building", "厂房": "building",
    "桥梁": "structure", "水库": "structure", "塘坝": "structure", "桥": "structure",
}
NOUN_RE = re.compile("|".join(sorted(map(re.escape, NOUNS), key=len, reverse=True)))
# Verbs between a counted noun and its number: 合作社新增138个, 薄弱村减少到38个.
_NOUN_VERBS = ("新增|达到|发展到|增加到|增加至|增至|减少到|减少至|减至|下降到|降至|达|共有|共计|共|有|为|计"
               "|累计|总数|数量")
NOUN_BEFORE_RE = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, (k for k, v in NOUNS.items() if v)), key=len, reverse=True))
    + f")(?:{_NOUN_VERBS})?$"
)
NOUN_VERB_END_RE = re.compile(f"(?:{_NOUN_VERBS})$")
# A counted noun that carries its unit: 6万余贫困人口, 12.3万农村脱贫人口.
NOUN_UNIT_RE = re.compile(r"[\u4e00-\u9fff]{0,8}?人口")
SHORT_QUOTES = re.compile(r"“[^“”]{1,15}”|‘[^‘’]{1,15}’|「[^「」]{1,15}」|『[^『』]{1,15}』|《[^《》]{0,80}》")
# A quote after a verb of naming is an epithet, a name, figures and all (被称为“二十年来最大改革”,
# 誉为“百年一遇的工程”): its numbers are part of the name.
QUOTE_FIRSTS, NAMING_FIRSTS = "“‘「『《", "称誉号喻"  # what SHORT_QUOTES and EPITHET_RE begin with (matches_from)
EPITHET_RE = re.compile(r"(?:称为|称作|称之为|誉为|号称|喻为)[“「『‘][^“”「」『』‘’]{1,30}[”」』’]")
ASCII_LETTER = re.compile(r"[A-Za-z]")
WS_RUN = re.compile(r"\s+")
RANGE_SPLIT_RE = re.compile(rf"[%％℃]?[{SEP}]")
RANGE_TAIL_RE = re.compile("[万亿萬億%％]+$")
ARABIC_DIGITS = frozenset("0123456789０１２３４５６７８９")
APPROX_MARK_RE = re.compile(r"[余多]")
FEW_MARKS_RE = re.compile(r"[余多来]")
DIGIT_IN_GAP_RE = re.compile(rf"[{DIG}{''.join(CN_DIGIT_SET)}]")
CN_DIGIT_IN_RE = re.compile(rf"[{''.join(CN_DIGIT_SET)}]")
MAGNITUDE_IN_RE = re.compile("[万亿萬億]")
MONTH_AFTER_RE = re.compile(rf"[{DIG}]{{1,2}}月")
YEAR4_RE = re.compile(rf"[{DIG}]{{4}}")
# A year of this and the last century, not a round hundred (2000口井 is a count).
YEAR_NAME_RE = re.compile(r"(?:19|20)(?!00)[0-9]{2}")
# Two numerals side by side name a range (三五个, 七八岁, 两三个月): approximately the lower.
ADJACENT_RE = re.compile(r"([一二两三四五六七八九])([二三四五六七八九十])")
# A short quote with figures, or one that is a spoken sentence (ends with 。！？ or has a
# comma), is text to read; other short quotes are slogans (“五个一批”).
# The units after which a number may count nothing (shapes.counts_nothing: 十二个字, 再喷一次, 分获二、三名).
COUNTED_NOTHING_UNITS = frozenset({"字", "个", "次", "名"})
# A title in 《》 (a book's, a report's, an article's, a law's) is a name, its figures and all
# (题为《…距地球93亿光年》, 《2023年统计公报》): never read.
TITLE_MARK = "《"
QUOTE_WITH_FIGURES_RE = re.compile(rf"[{DIG}%％，,]|[。！？!?][”’」』]$")
CLAUSE_END_RE = re.compile("[" + re.escape("".join(CLAUSE_END)) + "]")
OPENING, CLOSING = "（(", "）)"  # brackets (what ASIDE_RE and ROW_LABEL_HINT_RE begin with: layout.matches_from)
ASIDE_RE = re.compile(rf"[{OPENING}](?:(?![零〇一二两三四五六七八九十百千万亿])[\u4e00-\u9fff]){{1,6}}[{CLOSING}]")
# What may stand between two amounts of one rate (和, 、, 提高到 ...): the second is a rate too.
SAME_RATE_GAP_RE = re.compile(
    r"[和、或与及]"
    # 由每人每年5160元提高到5640元; 由2016年的3105元增加到2020年的10862元
    r"|(?:提高|增加|增长|提升|上调|调整|降低|下降|下调|减少)?(?:到|至|为)(?:[0-9]{4}年(?:底|末)?的?)?"
    # 人均可支配收入15386元，比上年增加1028元
    r"|[，,]?(?:同比|(?:比|较)(?:上年|去年|[0-9]{4}年)(?:同期)?)(?:增加|增长|提高|减少|下降)了?")
RATES = {("CNY", "person"): "CNY_per_person", ("CNY", "building"): "CNY_per_building",
         ("project", "person"): "project_per_person", ("CNY", "household"): "CNY_per_household",
         ("CNY", "mu"): "CNY_per_mu", ("jin", "mu"): "jin_per_mu", ("kilogram", "mu"): "kilogram_per_mu"}
# A price per unit written with 一 (12.5元一斤, 5块钱一个, 30美元一桶): one rate, as 元/斤; 一斤
# is its denominator, no count. Not 一次性 (a one-off payment), nor 1斤半 (a price for one and a half).
PRICE_UNITS = frozenset({"元", "块", "角", "毛", "美元", "欧元", "港元", "日元", "英镑"})
PER_ONE_RE = re.compile(r"钱?[一1](" + "|".join(sorted(map(re.escape, set(UNIT_KEYS) | CLASSIFIER_WORDS), key=len, reverse=True))
                        + ")(?![性半])")
# 一 + these before a number in its clause is "per" (一天300元, 一亩地, 一斤卖到9元: the price's measure).
PER_ONE_UNITS = frozenset({"年", "天", "亩", "个月", "周", "星期", "斤", "公斤", "千克", "吨"})
# Adverbs after 一天/一年 that say how much fits in it (一天就要发走400斤: per day).
CAPACITY_ADVERBS = "就能可便要最"
SLASH_PER = {"人": "person", "栋": "building", "棚": "building", "户": "household", "亩": "mu"}

# A change word, then at most four characters (了, 超过, 率达, 建设成本) before the number;
# 到/至 at the end of the gap make it the level reached (提高到90%), not a change.
CHANGE_RE = re.compile("(" + "|".join(sorted(CHANGE_WORDS, key=len, reverse=True))
                       + r")([\u4e00-\u9fff]{0,4})$")
# One character right before the number (or before 了) that gives a change, as the market
# and statistics briefs write it (同比升2.6%, 环比降0.2%, 增0.2万人, 减少 shortened to 减).
CHANGE_CHARS = {"升": "increase", "增": "increase", "降": "decrease", "减": "decrease"}
# 到/至 in the gap after a change word make the number the level reached (提高到90%,
# 提升至每千克500瓦时), but 至少/至多 are bounds (减少至少3成 is a change).
LEVEL_IN_GAP_RE = re.compile("到|至(?![少多])")
# Between two amounts of one change (分别增长10.9%、10.4%): the second is a change too.
SAME_CHANGE_GAP_RE = re.compile(r"[、和及与]|[，,]")

INDEX_FAMILIES = ("中证", "沪深", "上证", "深证", "标普", "创业板", "科创", "恒生", "国证", "富时", "纳斯达克", "纳指",
                  "日经", "道琼斯", "罗素", "MSCI")
# A number without a unit is a reading when an indicator stands before it in its clause
# (PMI为49.5, 病情指数35, 终值50.3, 指数报3021.6): the indicator, then at most six
# characters, then a reading verb or nothing.
READING_RE = re.compile(
    r"(?P<noun>指数|读数|终值|初值|前值|预期值|预测值|PMI|CPI|PPI|AQI|得分|评分|分值|均值|景气度|中间价|收盘价|开盘价"
    r"|结算价|汇率|人数|人口数|户数|人次|总数|数量|总量|销量|产量|成交量|成交额|交易额|总额|余额|人员|人口"
    # an index named by its family and a number (沪深300为3856.21: a reading of that index)
    # a ratio without a unit, named as one (生师比为18.25, 师生比1:…, 性别比104.5, 基尼系数0.46)
    r"|师比|生比|性别比|比值|比率|系数"
    r"|预期|指标|预估|(?:" + "|".join(INDEX_FAMILIES) + rf")[{DIG}]{{2,4}})"
    # a quoted name may close before the verb (“…200指数”为118.98, 简称“国房景气指数” 为94.79)
    # an abbreviation in brackets after the name (生态环境状况指数(EQI)值为59.6)
    r"(?:[（(][A-Za-z]{1,8}[)）])?"
    r"[\u4e00-\u9fffA-Za-z]{0,6}?(?:[”’」』\"]?"
    r"(?:为|报|录得|收于|收报|达|达到|是|至|升至|降至|回升至|回落至))?[:：]?$"
)
READING_BACK = 14  # how far back the indicator may stand
# A pH is a reading without a unit, whatever word follows it (pH4-10条件下: 条 is no unit of
# it), with its bound (pH值低于4) and the other reading it is joined to (或高于11.5).
PH_RE = re.compile(rf"[pP][Hh]值?[\u4e00-\u9fff]{{0,3}}(?:[{DIG}.．]+[或和、及与][\u4e00-\u9fff]{{0,3}})?$")
PH_BACK = 20
# A market's close, before a decimal with no indicator named (英镑兑美元收于1.2712).
CLOSE_WORDS = ("报收", "收于", "收报", "收在")
# The unit a counting noun before the reading implies (报名人数1342万: people).
READING_UNIT = {"人数": "人", "人口数": "人", "户数": "户", "人次": "人次", "人员": "人", "人口": "人"}
# The number of an index's name (中证500, 沪深300, 标普500, 创业板50, 500指数): a name, not a
# quantity: after an index family, or right before 指数 / 成分 / ETF.
INDEX_FAMILY_RE = re.compile("(?:" + "|".join(INDEX_FAMILIES) + ")$")
INDEX_NAME_AFTER = ("指数", "成分", "成指", "ETF", "etf", "股指")
# An index series named by its family's size and a sector, the family left out (300信息, 300金融,
# 500医药, 180红利): a size of an index with a sector word right after it and no classifier between.
INDEX_SIZES = frozenset(("50", "100", "150", "180", "200", "300", "500", "800", "1000"))
INDEX_SERIES_WORDS = ("信息", "金融", "医药", "能源", "消费", "材料", "工业", "地产", "公用", "电信", "红利",
                      "成长", "价值", "银行", "非银", "可选", "等权", "周期", "基建", "科技", "低波")
# An index named by the number of stocks it averages (30种工业股票平均价格指数, 500种股票指数).
INDEX_STOCKS_RE = re.compile(r"种[\u4e00-\u9fff]{0,4}股票[\u4e00-\u9fff]{0,6}指数")
INDEX_FAMILY_LAST = frozenset(f[-1] for f in INDEX_FAMILIES)
SEP_CHARS = frozenset(SEP.replace("\\", ""))
# N级 is a measure on a scale (wind force, an earthquake's magnitude, a pest's severity) when
# one of these words stands before it in its clause (东北风3～4级, 5.2级地震 has 地震 after it);
# elsewhere it is a grade, which names (三级医院, 5A级景区).
SCALE_BEFORE_RE = re.compile(r"风|风力|震级|程度|等级为|级别为")
SCALE_AFTER = ("地震", "余震", "大风", "阵风")  # (an approximation between: 4.0级左右地震)
EARLIER_AFTER = ("早先", "之前", "以前")  # after a length of time: a point in time (三年早先)
# Farther back in its sentence, a word of wind makes N级 a wind force too: a forecast lists
# the forces after the speeds (台风级(52~58米/秒,16~17级)) or after other forces (风力7~9级、部分海域
# 10~12级). Wind words only (风险, 作风 are no wind), within SCALE_SENTENCE_BACK characters.
WIND_RE = re.compile(r"风力|风速|风圈|风暴|(?:[台大阵飓狂季]|[东南西北])风(?![险格貌气俗尚采景范])")
SCALE_SENTENCE_BACK = 40
# A severity grade stated once for a whole and then area by area (发生程度4级；其中南部5级，北部4级；
# 局部5级): 级 stays on the scale through the sentence, over ； and ，, up to GRADE_BACK characters.
GRADE_RE = re.compile(r"程度|等级|级别")
GRADE_BACK = 80
# A wind force in brackets after a speed (53.1米/秒(16级), 30m/s（11级）).
SPEED_UNITS = ("米/秒", "米／秒", "m/s", "公里/小时", "千米/小时", "km/h")
SENTENCE_MARKS = "。！？!?；;"
# After 每 a number is the base of a rate when another number follows in its clause
# (每10万人口发病2.1例, 每10股派3元): not a quantity of its own.
RATE_BASE_RE = re.compile(rf"[^，。；;,]{{0,8}}?[{DIG}]|股(?:派|送|转|配)")  # (每10股派: a dividend's base)
# A rate per a round base written with a slash: 2.1/10万 (per 100,000), 3.5/万, 1.2/千.
PER_BASE_RE = re.compile(rf"[/／](?:[{DIG}]+)?[十百千万]+(?:人口|人)?")
# A time or length in mixed units is one quantity (4分28秒43 = 268.43 s, 19秒30, 1分55秒 = 115 s,
# 2小时08分15秒 = 7695 s, 76米34 = 76.34 m; to the thousandth as timing prints it: 39秒702 = 39.702 s,
# 1分28秒517 = 88.517 s); seconds alone (15秒) are no mixed time.
MIXED_RE = re.compile(r"(?:(?P<h>[0-9]{1,2})小时)?(?:(?P<min>[0-9]{1,3})分)?(?P<sec>[0-9]{1,2})秒"
                      r"(?:(?P<hs>[0-9]{2,3})(?![0-9]))?"
                      r"|(?P<m>[0-9]{1,3})米(?P<cm>[0-9]{2})(?![0-9万亿%])"
                      # hours and minutes alone (2小时10分以内): one time in minutes, the smallest unit named
                      r"|(?P<hh>[0-9]{1,2})小时(?P<mm>[0-5]?[0-9])分(?:钟)?(?![0-9秒])")
# The same with the larger unit's number written in words, or in years and months (one length
# in the smaller unit: 两小时3分42秒 = 7422 秒, 一小时零五分 = 3900 秒, 2年9个月 = 33 个月,
# 三年零两个月 = 38 个月). Hours need their minutes (两小时 alone is 2 小时); 2小时30分, all in
# digits, is read by MIXED_RE (150 分).
_WORD_NUMERAL = "[一二两三四五六七八九十]{1,3}"
MIXED_WORDS_RE = re.compile(
    rf"(?P<h>{_WORD_NUMERAL})个?(?:小时|钟头)零?(?P<min>[0-9]{{1,2}}|{_WORD_NUMERAL})分钟?"
    rf"(?:(?P<sec>[0-9]{{1,2}}|{_WORD_NUMERAL})秒)?"
    rf"|(?P<y>[0-9]{{1,2}}|{_WORD_NUMERAL})年零?(?P<mo>[0-9]{{1,2}}|{_WORD_NUMERAL})个月")
# What must follow the number's first unit character for that match to be tried at all.
MIXED_WORDS_NEXT = {"个": "小", "小": "时", "钟": "头", "年": "0123456789零一二两三四五六七八九十"}
# Units of a stretch of the calendar counted from its start after 前 or 首 (前5个月, 首9个月,
# 前三季度, 前4天累计): a period, not a quantity. Not 年: 前2年给予补贴 is a duration of a scheme.
CALENDAR_STRETCH_UNITS = frozenset({"个月", "季度", "个季度", "天", "周", "个星期", "星期"})
# Before 前 these make it a window compared with (比前五年, 较前两周): a duration, kept.
COMPARISON_BEFORE = frozenset("比较")
# The name of an event or a weight class, not a distance or a weight: 男子100米, 400米决赛,
# 4X100米自由泳接力, 三米板, 48公斤级, 75公斤以上级, 百米纪录.
EVENT_AFTER_RE = re.compile(r"(?:的|第[一二三四五六七八九十0-9]{1,2}[次轮场])?(?:决赛|半决赛|预赛|资格赛|复赛|金牌|银牌|铜牌|冠军|亚军|季军|自由泳|蛙泳|仰泳|蝶泳|"
                            r"个人混合泳|混合泳|跨栏|栏|接力|跑道|比赛|项目|纪录|世界纪录|板|台|跑|飞人)")
EVENT_BEFORE = ("男子", "女子", "混合")
# A distance a text names as an event (男子1500米, 1500米决赛, 500米项目) names that event wherever
# the text prints it again in 米 (在500米第一次比赛中, 第二次滑1500米): a sports report's distances
# are its events.
EVENT_NAMED_RE = re.compile(rf"(?:男子|女子|混合)([{DIG}]+)米|([{DIG}]+)米(?:决赛|半决赛|预赛|项目|比赛|接力)")
# A round named by a fraction of the field (四分之一决赛, 八分之一决赛) is a name, as 半决赛.
ROUND_AFTER_FRACTION = ("决赛",)
WEIGHT_CLASS_RE = re.compile(r"(?:以上|以下)?级")
# The weights that name a class with 级 after them: an athlete's (48公斤级), a ship's or a
# berth's (5万吨级泊位, 千吨级), a name as 八级风圈 is.
CLASS_WEIGHTS = ("公斤", "吨")
# A unit written once after the last of a list of numbers is the unit of each (分别回落2.16和1.66
# 个百分点, 3、5、7天): the words that join the list, and how many numbers it may hold.
LIST_JOINS = frozenset("和、及与或")
# Two integers joined by 、 (东北风2、3级): a range when adjacent (shapes.adjacent_pair); not
# after another number or list mark (1、2、3级: a list).
ADJACENT_PAIR_RE = re.compile(r"([0-9]{1,3})、([0-9]{1,3})(?![0-9.．、,，])")
ADJACENT_PAIR_NOT_AFTER = frozenset("0123456789、.．,，")
LIST_MAX = 4
# A count in quotes for emphasis: the count's name and a verb of reaching before the quote.
QUOTED_COUNT_BEFORE_RE = re.compile(r"次数(?:刷新为|刷新至|达到|达|为|增至|升至)$")
QUOTED_COUNT_BACK = 8
# Before 一 + classifier + noun, a verb that reports a result won, set or held makes it a count
# (获得了一张门票, 打破一项纪录, 举办一届, as 收获一枚银牌), not the article of 是一个家庭的希望.
# 每4年举办一届: editions held, counted; not a session named after it (举行十四届三次全会)
HELD_BEFORE_RE = re.compile("(?:举办|举行|承办)了?$")
SESSION_RE = re.compile(_SESSION)
RESULT_VERB_BEFORE_RE = re.compile("(?:获得|赢得|拿到|拿下|收获|夺得|斩获|摘得|打破|创下|刷新|举办|举行|承办"
                                   "|(?<![共双])赢下?|扳回|输掉|丢掉)了?$")  # (先赢一盘, 被扳回一局: a set won or
# lost; 共赢, 双赢 are "win-win", no result: 共赢一起发展)
# A margin (还差一天, 超出她近一个身位, 落后一个球): after a word of a gap, 一 + classifier counts.
MARGIN_BEFORE_RE = re.compile("(?:差|领先|落后|超出|相差)[他她它]?近?$")
# A match's score: two integers of one or two digits joined by a hyphen (6-3, 2-1, 25-23, 11-9)
# before a word that is no classifier, printed high to low (6-3晋级: a range is printed low to
# high), or after a word of the score (总比分0-2爆冷, 以1-2), or before a word of the result
# (4-7丢掉, 4-2领先); a range of an open unit stays (2-3代, 1-2楼).
SCORE_RE = re.compile(r"([0-9]{1,2})[-－–—]([0-9]{1,2})")
SCORE_AFTER = ("领先", "落后", "取胜", "获胜", "战胜", "告负", "击败", "逆转", "胜出", "丢掉", "输掉", "输给", "不敌",
               "落败", "惜败", "憾负", "拿下", "赢下", "晋级", "淘汰", "横扫", "力克", "险胜", "完胜", "扳平", "追平")
SCORE_BEFORE_RE = re.compile("(?:比分|总分|战成|以)(?:是|为)?$")
# A tie (战成11平, 双方打成2平): the score both sides reached, a result, not an amount.
TIE_BEFORE_RE = re.compile("(?:比分|战成|打成|踢成|扳成)(?:是|为)?$")
# Points won or lost in a row (直落四分, 连丢三分): after such a verb 分 counts points, elsewhere
# a Chinese numeral before 分 is a word (十分 "very") or a fraction (三分之一).
POINTS_WON_BEFORE_RE = re.compile("(?:直落|连赢|连得|连拿|连丢|连失|连输|丢掉|输掉|拿下)$")
# Titles won (2届大满贯冠军, 两届冠军得主): 届 counts them; elsewhere 届 is a session's ordinal.
TITLES_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:冠军|亚军|季军|得主)")
# A count of the places just named (云南、贵州两省, 西南四省市, 华北五省区): a Chinese numeral
# (two or more) before a word of administrative division, after a list of names joined by 、 or
# after a region's name. Elsewhere such a numeral is part of a name (三省坡, 四县一区 as a slogan).
PLACE_COUNT_UNIT_RE = re.compile("省市区|省区市|省市|省区|省份|省|市|县|区|国")
PLACE_COUNT_FIRST = frozenset("省市县区国")
# A count of the things just named, by the last character of their names (医疗保险和生育保险两险,
# 甲公司与乙公司两公司 is not read: only one character): a list joined earlier in the clause.
NAMED_LIST_BEFORE_RE = re.compile(r"[和、及与][^，。；;,：:]{1,12}$")
PLACE_LIST_BEFORE_RE = re.compile(r"、[\u4e00-\u9fff]{2,8}$")
# The last item of a list right before a set's count (钢铁、建筑、煤炭三大板块, 长江和黄河两大流域).
SET_LIST_BEFORE_RE = re.compile(r"[、和与及][\u4e00-\u9fff]{2,6}$")
PLACE_REGION_BEFORE_RE = re.compile("(?:东北|华北|西南|西北|华东|华南|华中|东南|中南|中部|西部|东部|沿海|周边)$")
# Two sides of a statistic compared with 比 (射门次数7比23, 角球数5比2): one count per side, in
# 次; what stands before decides, a count's name (…次数, …数), unlike a match score (3比1, 以2比0获胜,
# 分数2比1).
STAT_PAIR_RE = re.compile(r"(?:次数|个数|(?<!分)数)[为是:：]?([0-9]{1,4})比([0-9]{1,4})(?![0-9.．%％])")
STAT_PAIR_BACK = 16
# A ratio announced as one (下跌股与上升股之比为6比5, 男女比例为3:2, 性别比为105:100): one row per
# term, unit empty, as a structure 37.2:20.5:42.3; a score (比分2:0) stays out.
RATIO_PAIR_RE = re.compile(r"(?:(?:之比|比例|比值|比率)[为是:：]?|比[为是])([0-9]{1,4})[比:：∶]([0-9]{1,4})(?![0-9.．%％])")
RATIO_MARKS = "比:：∶"
LIST_MAGNITUDE_RE = re.compile("[万亿萬億]+$")  # the magnitude a list prints once, after its last number
# A list of ordinals continued without 第 (第2、3条, 第2和3条, 第二、三名).
_ORD = rf"[{DIG}一二三四五六七八九十]+"
ORDINAL_LIST_RE = re.compile(rf"第{_ORD}(?:[、和及与或]{_ORD})*[、和及与或]$")
# 名 after a verb of winning, the numerals listed, is a place won, an ordinal without 第
# (分获二、三名, 获得三名; with a noun after it, 获得三名志愿者, it counts people).
PLACE_WON_RE = re.compile(rf"(?:获得?|分获|荣获|名列|位列)(?:{_ORD}、)*$")
# 翻一番 (doubled), with 了 and an approximation between (翻了近一番, 翻了约一番).
DOUBLED_BEFORE_RE = re.compile(r"翻了?(?:将近|接近|大约|近|约)?$")
# The length of a slogan is part of the slogan: N字 or N个字 after the quoted slogan, or before
# one of these nouns (“稳增长、促改革”六个字, 十六字方针).
CLOSING_QUOTES = "”」』’"
SLOGAN_NOUNS = ("字方针", "字要求", "字原则", "字诀", "字口诀", "字经")
# 再 or 补 and a verb before 一次: once more (三天后再浇一次, 雨后补喷一次), not a count (再一次 is
# a determined 一, see DETERMINERS).
ONCE_MORE = "再补"
# A latitude or longitude is a place, as a date is a point in time (北纬30.5度, 东经120度).
COORDINATE_BEFORE = ("北纬", "南纬", "东经", "西经")
# After 星期/礼拜 a numeral names a weekday (星期六).
WEEKDAY_BEFORE = ("星期", "礼拜")
# A medal count: 两银, 一铜, 16金12银9铜 (the medal stands for the classifier).
MEDAL_RE = re.compile(r"[金银铜](?=[牌、，,。；共和0-9一二两三四五六七八九十]|$)")
# After a superlative (最差, 最佳, 最美), a Chinese numeral and a place or body count the ranked
# set, the noun its classifier (空气最差十城, 最美五村, 最佳十校); other characters there begin a
# name (最美四川, 最美三峡).
RANKED_SET_BEFORE = frozenset("差好佳美强优劣")
RANKED_SET_NOUNS = frozenset("城市县区镇乡村省国校企")
# A list of class numbers before 类 and a noun (一、二类苗, 二、三类地区) says the text names classes
# of that noun by number: any numeral + 类 + that noun is a grade, not a count of kinds.
CLASS_NUMERALS = "一二三四五六七八九"
CLASS_LIST_HINT_RE = re.compile(rf"、[{CLASS_NUMERALS}]类")  # (the end of such a list: a literal first, a fast scan)
# A win-loss record (一胜一负, 5胜3负): each count with 胜 or 负 as its classifier, as medals.
TALLY_DIGITS = "0123456789一二两三四五六七八九十"
_TALLY = f"[{TALLY_DIGITS}]+"
WIN_THEN_LOSS_RE = re.compile(rf"胜{_TALLY}负")  # at the 胜 after a number
WIN_BEFORE_RE = re.compile(rf"{_TALLY}胜$")  # before the number of the 负
# Classifiers of tallies listed side by side (两银一铜, 一胜一负): a numeral after them is the next count.
TALLIES = "金银铜胜负"
# Words after which a bare magnitude is a threshold (突破千万, 超万人, 上千万).
THRESHOLD_BEFORE = frozenset("破超过逾上达近住稳守")  # 守: 失守万点
LEVEL_HELD = ("守住", "守稳", "站稳", "稳守", "保住")  # (守住万点大关: a level held, at least)
LEVEL_LOST = ("失守", "跌破", "击穿")  # (失守万点: a level lost, at most)
LEVEL_WORDS = LEVEL_HELD + LEVEL_LOST
MEDALS = ("金牌", "银牌", "铜牌", "奖牌")
# The unit a word printed in the unit's place stands for: a currency's name (人民币: 元), a
# medal of a tally (2金3银2铜, 两银一铜: each a count of medals, 枚).
REPORTED_AS: dict[str, str] = {**units.CURRENCY_NAMES, "金": "枚", "银": "枚", "铜": "枚"}
# Up to the last clause mark other than a colon, in a window (one match, not a loop).
LAST_MARK_BUT_COLON_RE = re.compile("(?s).*[" + re.escape("".join(CLAUSE_END - set("：:"))) + "]")
# Whitespace between two numbers (0.0305 0.1155, 0.1155 -73.58%, 图1 2023年: table cells, a
# caption's number): the second starts a number (a minus there is its sign), the first ends
# there. A single digit after the space (第 1 8 条, 2 0 2 3) is a number spaced out by a
# layout, read whole.
SPACED_CELL_RE = re.compile(r"[0-9%％]\s+(?=[-－−][0-9]|[0-9]{2}|[0-9][.．,，][0-9])")
# Thousands set apart by one space (321 146件, 28 802件, as yearbooks print them; also a thin
# or no-break space): one number when the first group is 1-3 digits and each group after it
# exactly three. Not when a number and a space stand before (0.5 123 456: cells), nor when a
# space and a digit follow (123 456 7.8: cells), nor after a decimal point (0.1155 0.0305),
# nor with a run of spaces or a tab between (cells); 2019 2020 (four digits) and 12 3 stay two.
SPACED_THOUSANDS_RE = re.compile(
    r"(?<![0-9.．,，%％])(?<![0-9.．,，%％][ \u00a0\u2009\u202f])[1-9][0-9]{0,2}(?:[ \u00a0\u2009\u202f][0-9]{3})+"
    r"(?![0-9])(?![ \u00a0\u2009\u202f\t]+[-－−]?[0-9])")
# A table row: its label ends in the unit in brackets, then cells only (numbers, signs, %)
# up to the number (基本每股收益(元/股) 0.0305 0.1155, 营业收入（亿元） 123.45, 每股收益(元)：0.56).
ROW_LABEL_UNIT_RE = re.compile(rf"[（(]([^（()）]{{1,8}})[)）][:：]?[-－−{DIG}.．,，%％]*$")
# Whether a text may hold such a row at all (one fast scan: most texts hold none).
ROW_LABEL_HINT_RE = re.compile(rf"[{CLOSING}][:：]?[-－−]?[{DIG}]")
# A magnitude before the label's unit (亿元, 万吨, 百万美元) scales the cells.
LABEL_MAGNITUDE_RE = re.compile("(百万|千万|十亿|万亿|万|亿|千)(.+)")
LABEL_MAGNITUDES = {"百万": 10**6, "千万": 10**7, "十亿": 10**9, "万亿": 10**12, "万": 10**4, "亿": 10**8,
                    "千": 10**3}
# Where the words after a classifier stop being its noun (5栋猪舍，): a mark or a digit.
NOUN_WINDOW_STOP_RE = re.compile("[" + re.escape("".join(PUNCT | CLAUSE_END)) + r"]|\d")
# Words in the gap after a change word that make the number a share, not a change (增产贡献率超过80%).
SHARE_WORDS = frozenset("率比占")

# The characters before and after an Arabic number that one of read_match's checks ahead of
# the unit looks for (ordinals, coordinates, event dates, sums, mixed units, signs, codes, index
# names, lists, rates' bases, ratios, scores, telephone numbers, doors, adjacent pairs): a number
# between other characters skips those checks, none of which could apply to it.
CHECKED_BEFORE = frozenset("第纬经·•双+＋分秒米“负每前.．-_/／－−" + "".join(map(chr, [*range(65, 91), *range(97, 123)]))) \
    | INDEX_FAMILY_LAST | LIST_JOINS | frozenset(RATIO_MARKS) | ADDRESS_LAST
CHECKED_AFTER = (frozenset("分秒米小.．+”种、") | frozenset(MIXED_WORDS_NEXT) | frozenset(w[0] for w in INDEX_NAME_AFTER)
                 | frozenset(w[0] for w in INDEX_SERIES_WORDS) | frozenset(RATIO_MARKS) | SERVICE_FIRST | LIST_JOINS)

