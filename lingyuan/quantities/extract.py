"""Chinese numbers and quantities, read exactly.

* :func:`parse_number` reads one printed number (``6万余``, ``5953.2万``,
  ``45.6%``, ``百余``, ``几十``, ``一半``) into a :class:`Number`: an exact
  :class:`~decimal.Decimal` value, a qualifier and a percent flag.
* :func:`normalise` turns a transcribed figure (number as printed, unit as
  printed) into its value in a canonical unit of :mod:`lingyuan.quantities.units`.
* :func:`find_quantities` lists the quantities printed in any Chinese text,
  with their place in it (:class:`Quantity`); :func:`coverage` compares them
  with a transcription.
* ``python -m lingyuan extract FILE [--format csv|json] [--against FIGURES.csv]``
  is the command line of the two (:func:`extract_command`).

Values are always Decimals computed from the printed digits: ``0.07万`` is 700,
never ``700.0000000000001``.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lingyuan.quantities import units
from lingyuan.quantities.numerals import (
    DECIMAL_CONTEXT,
    QUALIFIERS,
    Number,
    ParseError,
    clean_value,
    format_decimal,
    parse_number,
)

__all__ = [
    "QUALIFIERS", "Number", "ParseError", "parse_number", "normalise", "format_decimal",
    "FIELDS", "Quantity", "find_quantities", "quantities_to_rows", "Coverage", "coverage",
    "InputError", "read_text", "read_figures", "extract_arguments", "extract_command",
]


def normalise(as_reported: str, unit_reported: str, unit: str | None = None) -> tuple[Decimal, str, str]:
    """``(value, canonical unit, qualifier)`` of a figure as transcribed.

    value = ``parse_number(as_reported).value`` x the printed unit's multiplier
    (``475`` with ``万元`` -> 4750000 CNY). The canonical unit is *unit* when given
    (it must be one the printed unit may stand for: ``个`` may be ``village``,
    ``cooperative`` ...) or else the printed unit's default. Percentages
    (``45.6%``, ``百分之三十``, ``一半``) are in ``percent``; only they may have an
    empty ``unit_reported``. Raises :class:`ParseError` for an unreadable number
    and :class:`lingyuan.quantities.units.UnknownUnit` (a ValueError) for a unit that does
    not fit.
    """
    return _normalise_number(parse_number(as_reported), as_reported, unit_reported, unit)


def _normalise_number(number: Number, as_reported: str, unit_reported: str,
                      unit: str | None) -> tuple[Decimal, str, str]:
    if unit_reported == "":
        if not number.percent:
            raise units.UnknownUnit(
                f"{as_reported!r} has no unit: only a percentage (45.6%, 一半) may leave unit_reported empty"
            )
        multiplier, default, allowed = Decimal(1), "percent", ("percent",)
    else:
        printed = units.printed(unit_reported)
        if number.percent and printed.unit != "percent":
            raise units.UnknownUnit(
                f"{as_reported!r} is a percentage but its unit is {unit_reported!r}: use '%' or leave it empty"
            )
        multiplier, default, allowed = printed.multiplier, printed.unit, printed.allowed
    if unit is None:
        unit = default
    else:
        units.canonical(unit)
        if unit not in allowed:
            raise units.UnknownUnit(
                f"unit {unit!r} does not fit the printed unit {unit_reported or '%'!r}; "
                f"it may stand for: {', '.join(allowed)}"
            )
    return clean_value(DECIMAL_CONTEXT.multiply(number.value, multiplier)), unit, number.qualifier


# ----------------------------------------------------------------------------
# Finding quantities in running text
# ----------------------------------------------------------------------------
#
# The extractor reads the text with all whitespace removed (so a number and its
# unit split by a line break, 67\n\n公顷, are read together) and maps every
# position back to the text as given. A candidate number is kept only when the
# language says it is a quantity: it is followed by a unit or classifier of
# lingyuan.quantities.units (or a percent sign, or stands in 百分之/一半 form), or by a
# counted noun that carries its own unit (6万余贫困人口). Everything else is left
# out: bare Arabic numbers (codes, phone numbers), Chinese numerals without a
# classifier (一定, 进一步, 二安沟), dates, ordinals, slogans.

_DIG = "0-9０-９"
_AR = rf"[{_DIG}]+(?:[,，][{_DIG}]{{3}})*(?:[.．][{_DIG}]+)?"
# 千 is a magnitude unless it starts the units 千瓦, 千米, 千克 (10万千瓦).
_QIAN = r"[千仟](?![瓦米克伏])"
_AR_MAG = rf"(?:[万亿萬億]|[百佰](?!分点)|{_QIAN})*"  # 0.5百分点 is half a percentage point
_CN_CHARS = "零〇○一二两兩三四五六七八九壹贰貳叁肆伍陆陸柒捌玖十拾百佰万亿萬億几"
_CN = rf"(?:[{_CN_CHARS}]|{_QIAN})+(?:点[零〇一二三四五六七八九]+[万亿]*)?"
_NUM = rf"(?:{_AR}{_AR_MAG}|{_CN})"
_INNER = r"(?:[余多来][万亿萬億]*)?"
_SEP = "至到~～\\-—－–"
_NUMBER_RE = re.compile(
    rf"(?P<half>一半|[一二两三四五六七八九]成(?![为立功员本果熟效绩都长交型品就了年人像片套分批群]))"
    rf"|(?P<pct>百分之)?(?P<num>{_NUM}{_INNER}(?:[%％]?[{_SEP}]{_NUM}{_INNER})?)"
)

# Units as printed, longest first. 日 is left out (nearly always a date: 9月18日),
# 口 alone too (一家三口; 口人 is kept), and 万元/亿元 because the number
# already takes its magnitude (475万元 is 475万 + 元).
_SKIP_PRINTED = {"日", "口", "万元", "亿元"}
_UNIT_KEYS = sorted((k for k in units.PRINTED_UNITS if k not in _SKIP_PRINTED), key=len, reverse=True)
_UNIT_RE = re.compile("个多月|个多小时|" + "|".join(map(re.escape, _UNIT_KEYS)))

# A unit followed by one of these characters is the start of another word.
_UNIT_NOT_BEFORE: dict[str, str] = {
    "人": "民们才大社工身心士物生类格选", "名": "单称义列次额字", "位": "于置数列",
    "户": "口籍外型主", "家": "人庭乡属长园", "个": "性", "项": "目",
    "所": "以有谓属在得", "处": "理于置长室级罚分", "条": "件例款", "间": "隔接断",
    "台": "阶风湾", "套": "餐路", "批": "准复评示发", "次": "性要序日", "场": "所地景馆部长",
    "座": "谈位椅右", "头": "脑号绪部目", "只": "有要是能会需好得", "匹": "配", "羽": "毛绒",
    "株": "洲", "千瓦": "时", "兆瓦": "时", "米": "粮饭面", "天": "然气地下空津堂使",
    "分": "之钟秒析配别布散局期类工红数享成子", "年": "级度底初末中",
}
# Classifiers (as opposed to measures): 一 + classifier + noun is "a/an".
_CLASSIFIERS = set("个条场座家所处间台套批项位名次栋头只株棵块匹羽户人件张份辆眼盏起") | {"口人", "人次"}
# After a Chinese numeral, these single-character units begin a place name
# (三家子, 九台区, 五间房).
_PLACE_AFTER: dict[str, str] = {"家": "子村屯店", "台": "区县市镇乡村子", "间": "房"}
# N个 + one of these words is a political slogan (四个确保, 四个全面, 两个维护).
_SLOGAN_AFTER_GE = re.compile(
    "确保|全面|意识|自信|维护|代表|精准|坚持|必须|聚焦|加强|提升|推进|落实|到位|优先|结合|"
    "统筹|着力|突出|围绕|强化|坚定|服务|转变|融合|关键|不|一"
)
_FIXED_WORDS = ("二人转", "二元结构", "一元化", "三番五次", "千家万户", "一条龙", "二次", "千人计划",
                "万人计划", "一成不变", "一次性", "三天两头", "一年一度", "一年四季", "三次产业",
                "一年到头")
# 十四届三次全会, 十三届人大二次会议: the session of a congress is an ordinal, not 3 events
_SESSION = r"届[\u4e00-\u9fff]{0,4}?[0-9一二三四五六七八九十]+次(?:全会|会议|全体会议|代表大会)"
_FIXED_RE = re.compile("|".join(_FIXED_WORDS) + "|" + _SESSION)

_PREFIX_APPROX = ("将近", "接近", "大约", "约", "近")
_PREFIX_BOUND = {"不少于": "at_least", "不低于": "at_least", "至少": "at_least", "最少": "at_least",
                 "超过": "at_least", "逾": "at_least", "不超过": "at_most", "不高于": "at_most",
                 "最多": "at_most", "至多": "at_most", "不足": "at_most", "不到": "at_most",
                 "最高": "at_most", "最低": "at_least"}
_PREFIX_RE = re.compile(
    "(?:" + "|".join(sorted((*_PREFIX_APPROX, *_PREFIX_BOUND), key=len, reverse=True)) + ")$"
)
# 近 and 约 inside other words are not approximations: 附近, 最近, 节约, 签约 ...
_NOT_BEFORE_PREFIX = {"近": "附最将接亲靠邻", "约": "节制预签违履契合大公条"}
_GAPPED_BOUND_RE = re.compile(r"(至少|最少|不少于|最多|至多|不超过|最高|最低)[\u4e00-\u9fff]{1,8}$")
_SUFFIX_RE = re.compile(r"以上|以下|以内|左右|余(?![额下粮])|多")
_SUFFIX_QUALIFIER = {"以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "approx",
                     "余": "approx", "多": "approx"}
_TIME_UNITS = {"年", "个月", "天", "个多月", "小时", "个小时", "个多小时"}

# Marks the start or end of the text in one-character look-arounds.
_EDGE = "\x00"
_PUNCT = set("，,。．；;：:！!？?、…）)》」』”’\"'】]·/／\n") | {_EDGE}
_CLAUSE_END = set("，,。；;：:！!？?、…（(《「『“‘【[")
_DETERMINERS = set("不没无每另同这那哪某唯逐任单统其再又")
_CN_DIGIT_SET = set("零〇○一二两兩三四五六七八九十壹贰叁肆伍陆柒捌玖")
# Words that make the first quantity after them in a clause a rate. Those missing from
# _AVERAGE_PER (每吨, 每头, 每度, 每千人口 ...), or whose rate has no canonical unit
# (人均 + 亩), make the quantity they govern left out.
_AVERAGE_RE = re.compile(r"每[十百千万]+人口?|每度|每千瓦时|每立方米|每方|人均|生均|每生|棚均|栋均|户均|"
                         r"亩均|亩产|每人|每名|每位|每栋|每棚|每户|每家|每亩|每吨|每斤|每公斤|每千克|"
                         r"每头|每只|每平方米|每平米|每公里|每米")
_AVERAGE_PER = {"人均": "person", "每人": "person", "每名": "person", "每位": "person",
                "生均": "person", "每生": "person",
                "棚均": "building", "栋均": "building", "每栋": "building", "每棚": "building",
                "户均": "household", "每户": "household", "每家": "household",
                "亩均": "mu", "每亩": "mu", "亩产": "mu"}
# Nouns that pick the canonical unit of a classifier, longest first; the
# value None means "not a known noun, keep the default".
_NOUNS: dict[str, str | None] = {
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
_NOUN_RE = re.compile("|".join(sorted(map(re.escape, _NOUNS), key=len, reverse=True)))
# Verbs between a counted noun and its number: 合作社新增138个, 薄弱村减少到38个.
_NOUN_VERBS = ("新增|达到|发展到|增加到|增加至|增至|减少到|减少至|减至|下降到|降至|达|共有|共计|共|有|为|计"
               "|累计|总数|数量")
_NOUN_BEFORE_RE = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, (k for k, v in _NOUNS.items() if v)), key=len, reverse=True))
    + f")(?:{_NOUN_VERBS})?$"
)
_NOUN_VERB_END_RE = re.compile(f"(?:{_NOUN_VERBS})$")
# A counted noun that carries its unit: 6万余贫困人口.
_NOUN_UNIT_RE = re.compile(r"[\u4e00-\u9fff]{0,6}?人口")
_SHORT_QUOTES = re.compile(r"“[^“”]{1,15}”|‘[^‘’]{1,15}’|「[^「」]{1,15}」|『[^『』]{1,15}』|《[^《》]{0,80}》")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WS_RUN = re.compile(r"\s+")
_NON_WS = re.compile(r"\S+")
CONTEXT_CHARS = 15
_RANGE_SPLIT_RE = re.compile(rf"[%％]?[{_SEP}]")
_ARABIC_START_RE = re.compile(rf"[{_DIG}]")
_APPROX_MARK_RE = re.compile(r"[余多]")
_FEW_MARKS_RE = re.compile(r"[余多来]")
_DIGIT_IN_GAP_RE = re.compile(rf"[{_DIG}{''.join(_CN_DIGIT_SET)}]")
_CN_DIGIT_IN_RE = re.compile(rf"[{''.join(_CN_DIGIT_SET)}]")
_MAGNITUDE_IN_RE = re.compile("[万亿萬億]")
_MONTH_AFTER_RE = re.compile(rf"[{_DIG}]{{1,2}}月")
_YEAR4_RE = re.compile(rf"[{_DIG}]{{4}}")
# A short quote with figures, or one that is a spoken sentence (ends with 。！？ or has a
# comma), is text to read; other short quotes are slogans (“五个一批”).
_QUOTE_WITH_FIGURES_RE = re.compile(rf"[{_DIG}%％，,]|[。！？!?][”’」』]$")
_ARABIC_DIGITS = frozenset(_DIG.replace("0-9", "0123456789").replace("０-９", "０１２３４５６７８９"))
_CLAUSE_END_RE = re.compile("[" + re.escape("".join(_CLAUSE_END)) + "]")
_ASIDE_RE = re.compile(r"[（(](?:(?![零〇一二两三四五六七八九十百千万亿])[\u4e00-\u9fff]){1,6}[）)]")
# What may stand between two amounts of one rate (和, 、, 提高到 ...): the second is a rate too.
_SAME_RATE_GAP_RE = re.compile(
    r"[和、或与及]"
    # 由每人每年5160元提高到5640元; 由2016年的3105元增加到2020年的10862元
    r"|(?:提高|增加|增长|提升|上调|调整|降低|下降|下调|减少)?(?:到|至|为)(?:[0-9]{4}年(?:底|末)?的?)?"
    # 人均可支配收入15386元，比上年增加1028元
    r"|[，,]?(?:同比|(?:比|较)(?:上年|去年|[0-9]{4}年)(?:同期)?)(?:增加|增长|提高|减少|下降)了?")
_RATES = {("CNY", "person"): "CNY_per_person", ("CNY", "building"): "CNY_per_building",
          ("project", "person"): "project_per_person", ("CNY", "household"): "CNY_per_household",
          ("CNY", "mu"): "CNY_per_mu", ("jin", "mu"): "jin_per_mu", ("kilogram", "mu"): "kilogram_per_mu"}


@dataclass(frozen=True)
class Quantity:
    """A quantity found in a text.

    ``start``/``end`` are character offsets in the text as given (end exclusive;
    for a file read with a UTF-8 byte-order mark, in the text after the mark).
    The span covers the printed quantity from its first to its last character.
    With its whitespace removed, ``text[start:end]`` is exactly::

        [bound before] as_reported [unit_reported [/denominator] [word after]]

    - bound before: 不少于, 至少, 超过, 不超过, 不足, 最高 ... written right before the
      number (not in ``as_reported``; an approximation 近/约 is in it);
    - ``as_reported``: the number as printed with its magnitude and attached
      approximation (6万余, 200余万, 5953.2万, 近5万, 45.6%, 百分之三十, 一半,
      3至5万), without whitespace;
    - ``unit_reported``: the printed unit, a key of lingyuan.quantities.units.PRINTED_UNITS
      (元, 公顷, 个, 口人 ...); not repeated when ``as_reported`` ends with it
      (45.6%), "" for 一半, 七成 and 百分之 forms; 个多月 is printed for 个月 (and
      个多小时 for 个小时);
    - /denominator: a rate written with a slash (500元/人);
    - word after: 以上, 以下, 以内, 左右, 余, 多 written after the unit (100名以上,
      两年多).

    Whitespace inside the span (a number and its unit split by a line break,
    67\n\n公顷) stays in the text. The span never includes the counted noun
    (5栋猪舍: 5栋), a per-capita word (人均), or a bound written apart from the
    number (至少下乡入户帮扶一次: the span is 一次, the qualifier at_least). Where a
    counted noun stands for the unit (6万余贫困人口) the span is ``as_reported``
    alone and ``unit_reported`` names the unit the noun implies (人).

    ``value`` is exact, in the canonical ``unit``; ``qualifier`` combines what the
    number and the words around it say (exact, approx, at_least, at_most);
    ``context`` is the span with 15 characters either side, whitespace collapsed.
    """

    start: int
    end: int
    as_reported: str
    value: Decimal
    unit: str
    unit_reported: str
    qualifier: str
    context: str


FIELDS = ("start", "end", "as_reported", "value", "unit", "unit_reported", "qualifier", "context")


def _compact(text: str) -> tuple[str, list[int]]:
    """*text* without whitespace, and the original offset of each character."""
    parts: list[str] = []
    offsets: list[int] = []
    for m in _NON_WS.finditer(text):
        parts.append(m.group())
        offsets.extend(range(m.start(), m.end()))
    return "".join(parts), offsets


def _clause_start(bounds: list[int], pos: int, limit: int = 24) -> int:
    """Start of the clause holding *pos* (after the last ，。；、 ... before it), at most *limit* back.

    *bounds* are the sorted positions of the clause marks in the text."""
    i = bisect.bisect_left(bounds, pos) - 1
    start = bounds[i] + 1 if i >= 0 else 0
    return max(start, pos - limit)


def _is_year_date(num: str) -> bool:
    """A 4-digit Arabic year (2019, 2019-2020) or a year written digit by digit (二〇一九)."""
    ends = _RANGE_SPLIT_RE.split(num)
    if any(_YEAR4_RE.fullmatch(e) for e in ends):
        return True
    return len(num) > 1 and all(c in "零〇○一二三四五六七八九" for c in num)


def _pick_noun_unit(s: str, num_start: int, unit_end: int, printed: units.PrintedUnit,
                    before_limit: int) -> str:
    """The canonical unit a classifier stands for here: the noun after it (5栋猪舍,
    243个行政村), else the noun right before the number (合作社138个), else its default."""
    window = s[unit_end:unit_end + 8]
    cut = next((i for i, ch in enumerate(window) if ch in _PUNCT or ch in _CLAUSE_END or ch.isdigit()), len(window))
    m = _NOUN_RE.search(window[:cut])
    if m and m.start() <= 4:
        unit = _NOUNS[m.group()]
        if unit is None:
            return printed.unit
        if unit in printed.allowed:
            return unit
    m = _NOUN_BEFORE_RE.search(s, max(before_limit, num_start - 12), num_start)
    if m:
        noun = _NOUN_VERB_END_RE.sub("", m.group())
        unit = _NOUNS.get(noun)
        if unit and unit in printed.allowed:
            return unit
    return printed.unit


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity printed in *text*, in order; see :class:`Quantity` for the fields.

    Kept: a number (Arabic or Chinese, with 万/亿, decimals, 余/多/近/约, ranges)
    followed by a unit or classifier of :mod:`lingyuan.quantities.units`, a percentage
    (45.6%, 百分之三十, 一半), a duration (两年多, 几十年, 五千年), or a number
    followed by a counted noun that carries its unit (6万余贫困人口 -> person).
    A classifier takes its canonical unit from the noun after it or right before
    the number (5栋猪舍 -> building, 新增合作社138个 -> cooperative; else item);
    人均/棚均/户均/亩均 (and 每人, 每户, 每亩, 亩产 ...) before the first quantity of
    a clause make it per person / building / household / mu (人均增收695元 ->
    CNY_per_person, 亩产520公斤 -> kilogram_per_mu), and so do 元/人, 元/栋, 元/户,
    元/亩. 12.2个百分点 is a difference of percentages (percentage_point), 60岁 an
    age, 24小时 a duration.

    Durations: a number + 年/个月/天 is a length of time (两年多来, 近三年, 几十年,
    五千年) unless it is a date: a 4-digit Arabic year (2019年, 2019-2020年), a
    year written digit by digit (二〇一九年), 19年3月, or a school grade (五年级).
    近 before a duration means "the last" (近三年来: 3 years, exact).

    Left out, because they are not quantities: calendar dates (9月18日, 10月份,
    年初), ordinals (第一, 第三次), numerals inside place names and fixed words
    (二安沟, 三家子, 九台区, 一定, 进一步, 千万 as an adverb, 二人转), numbers inside
    short quoted slogans and book titles (“五个一批”, 《...》), slogan patterns
    (五个一批, 五位一体, 一户一策, 四个确保), 一 + classifier used as an article
    (是一个家庭的希望, 一场对话), negated or determined 一 (不落一户, 每一户, 再一次),
    reduplications (一栋栋, 一次次), times of day (8时30分).

    Left out, because the text does not say enough: a bare number without a unit
    (an Arabic number could be a code, a phone number or a year; a Chinese
    numeral without a classifier is a word), units outside the vocabulary (度, 方,
    口 alone), rates without a canonical unit (每吨, 每头, 人均 + 亩, 元/吨),
    fractions (三分之一), vague counts (几个,
    数十, 上百, 千亩 as a class), ranges written as adjacent numerals (三五个,
    两三个月), half units (一年半), and Chinese numerals before 分 (十分 is
    "very"). Where it cannot tell, it leaves a number out rather than guess.

    A range (3至5万元, 3-5万元) is one quantity: its lower end, qualifier
    at_least, with the whole range in as_reported.
    """
    s, offsets = _compact(text)
    if not s:
        return []
    excluded = [(m.start(), m.end()) for m in _SHORT_QUOTES.finditer(s)
                if not _QUOTE_WITH_FIGURES_RE.search(m.group())]
    excluded += [(m.start(), m.end()) for m in _FIXED_RE.finditer(s)]
    excluded.sort()
    ex_starts = [a for a, _ in excluded]
    # a short parenthesis without numbers (执业（助理）医师) does not end a clause
    asides = {m.start() for m in _ASIDE_RE.finditer(s)}
    bounds = [m.start() for m in _CLAUSE_END_RE.finditer(s) if m.start() not in asides]
    averages = [(m.start(), m.group()) for m in _AVERAGE_RE.finditer(s)]
    av_starts = [a for a, _ in averages]
    used_averages: set[int] = set()
    last_rate: tuple[int, str, str] | None = None  # (end, unit_reported, per) of the last rate
    found: list[Quantity] = []
    last_end = 0

    for m in _NUMBER_RE.finditer(s):
        start = m.start()
        i = bisect.bisect_right(ex_starts, start) - 1
        if i >= 0 and excluded[i][1] > start:
            continue
        r = _read_match(s, m, last_end, bounds)
        if r is None:
            continue
        span_start, span_end, as_reported, number, unit_reported, unit, qualifier, per = r
        if per is None and last_rate and unit_reported == last_rate[1] \
                and _SAME_RATE_GAP_RE.fullmatch(s, last_rate[0], span_start):
            per = last_rate[2]  # 每人每月620元和450元, 由每人每年5160元提高到5640元: both per person
        if per is None and unit != "percent" and averages:
            j = bisect.bisect_left(av_starts, _clause_start(bounds, start))
            avg = None
            while j < len(averages) and averages[j][0] < start:
                avg = averages[j]
                j += 1
            if avg is not None and avg[0] not in used_averages and avg[0] >= last_end:
                used_averages.add(avg[0])
                per = _AVERAGE_PER.get(avg[1], "none")
        if per is not None:
            rate = _RATES.get((unit, per))
            if rate is None:
                last_end = span_end
                continue  # a rate with no canonical unit (户均, 亩均, 元/亩): left out
            unit = rate
            last_rate = (span_end, unit_reported, per)
        try:
            value, unit, number_qualifier = _normalise_number(number, as_reported, unit_reported, unit)
        except ValueError:
            continue
        if qualifier == "exact" or (number_qualifier in ("at_least", "at_most") and qualifier == "approx"):
            qualifier = number_qualifier
        a, b = offsets[span_start], offsets[span_end - 1] + 1
        context = _WS_RUN.sub(" ", text[max(0, a - CONTEXT_CHARS):b + CONTEXT_CHARS]).strip()
        found.append(Quantity(a, b, as_reported, value, unit, unit_reported, qualifier, context))
        last_end = span_end
    return found


def _parse(text: str) -> Number | None:
    try:
        return parse_number(text)
    except ParseError:
        return None


def _suffix_bound(s: str, end: int) -> tuple[str, int]:
    """Qualifier and span end of a bound written right after a percentage (70%以上)."""
    suffix = _SUFFIX_RE.match(s, end)
    if suffix and suffix.group() in ("以上", "以下", "左右"):
        return _SUFFIX_QUALIFIER[suffix.group()], suffix.end()
    return "exact", end


def _percent_bounds(s: str, start: int, end: int, last_end: int) -> tuple[int, int, int, str]:
    """(span start, as_reported start, span end, qualifier) of a percentage written in
    words (七成, 一半, 百分之三十): a bound before it (超过六成, 近一半) or after it (七成以上)."""
    span_start, as_start, qualifier = _prefix(s, start, last_end)
    suffix_qualifier, span_end = _suffix_bound(s, end)
    if suffix_qualifier != "exact":
        qualifier = suffix_qualifier
    return span_start, as_start, span_end, qualifier


def _read_match(s: str, m: re.Match, last_end: int, bounds: list[int]):
    """Decide whether the number matched at *m* is a quantity; None if not.

    Works on the compact text *s*. Returns (span start, span end, as_reported,
    Number, unit_reported, canonical unit, qualifier from around the number,
    per-unit of a written rate or None). The cheap tests on the characters
    around the number come first; the number is parsed only once it has a unit.
    """
    start, end = m.start(), m.end()
    prev = s[start - 1] if start else _EDGE
    half = m.group("half")
    if half:
        if prev in _DETERMINERS or prev in "多大" or (half != "一半" and prev in _CN_DIGIT_SET):
            return None  # 另一半, 多一半, 十一成
        number = _parse(half)
        if number is None:
            return None
        span_start, as_start, span_end, qualifier = _percent_bounds(s, start, end, last_end)
        return span_start, span_end, s[as_start:end], number, "", "percent", qualifier, None
    num = m.group("num")
    if prev == "第":
        return None  # ordinals
    if m.group("pct"):
        number = _parse("百分之" + num)
        if number is None:
            return None
        span_start, as_start, span_end, qualifier = _percent_bounds(s, start, end, last_end)
        return span_start, span_end, s[as_start:end], number, "", "percent", qualifier, None
    is_arabic = num[0] in _ARABIC_DIGITS
    if is_arabic and (_ASCII_LETTER.match(prev) or prev in ".．-_/"):
        return None  # G102, PM2.5, codes
    if not is_arabic:
        core = _RANGE_SPLIT_RE.split(num, 1)[0]
        if core[0] in "百佰千仟万萬亿億" and prev != "近" and not _APPROX_MARK_RE.search(num) \
                and not (len(core) > 1 and s.startswith("元", end)):
            return None  # 百姓, 千万 (adverb), 万一: a bare magnitude is a word (but 百余, 近千)
        if core[0] == "几" and len(_FEW_MARKS_RE.sub("", core)) == 1:
            return None  # 几 alone is vague
        if prev in "数上":
            return None  # 数十, 数百, 上百: vague
        if num == "一" and (prev in _DETERMINERS or (start >= 2 and s[start - 2] == "不")):
            return None  # 不落一户, 每一户, 统一
        if num[0] == "一" and start >= 2 and prev in _CLASSIFIERS and s[start - 2] in _CN_DIGIT_SET:
            return None  # 五个一批: the second numeral of a slogan

    # The unit, or a counted noun that carries it.
    u = _UNIT_RE.match(s, end)
    if not u:
        if is_arabic or _MAGNITUDE_IN_RE.search(num):
            noun = _NOUN_UNIT_RE.match(s, end)
            if noun and not _CN_DIGIT_IN_RE.search(noun.group(), 0, len(noun.group()) - 2):
                number = _parse(num)
                if number is None:
                    return None
                span_start, as_start, qualifier = _prefix(s, start, last_end)
                return span_start, end, s[as_start:end], number, "人", "person", qualifier, None
        return None
    unit_text = u.group()
    unit_end = u.end()
    after = s[unit_end] if unit_end < len(s) else _EDGE
    if after in _UNIT_NOT_BEFORE.get(unit_text, "") or after == "化" or after == unit_text[-1]:
        return None  # another word (人民, 位于 ...), 一体化, or a reduplication (一次次, 一个个)
    if not is_arabic:
        if after in _PLACE_AFTER.get(unit_text, ""):
            return None  # 三家子, 九台区
        if unit_text == "分":
            return None  # 十分 (very), 三分之一: a score needs Arabic digits
        if after == "一" or (num == "一" and after in _CN_DIGIT_SET):
            return None  # 一户一策, 五位一体, 一年一度, 一年四季, 一家三口
        if unit_text == "个" and _SLOGAN_AFTER_GE.match(s, unit_end):
            return None  # 四个确保, 两个维护
    if unit_text == "个" and s.startswith("工作日", unit_end):
        return None  # 5个工作日: working days are not in the vocabulary
    if unit_text == "块" and not (after == "钱" or after in _PUNCT):
        return None  # 一块地, 一块儿
    if unit_text == "分" and prev in "时点:：":
        return None  # 8时30分
    if unit_text == "年":
        if _is_year_date(num):
            return None  # 2019年, 二〇一九年
        if is_arabic and _MONTH_AFTER_RE.match(s, unit_end):
            return None  # 19年3月
    if unit_text in _TIME_UNITS and after == "半":
        return None  # 一年半: left out

    number = _parse(num)
    if number is None:
        return None
    span_start, as_start, qualifier = _prefix(s, start, last_end)
    unit_reported = unit_text
    if unit_text in ("个多月", "个多小时"):
        unit_reported = unit_text.replace("多", "")  # 两个多月: 个月, approximately
        if qualifier == "exact":
            qualifier = "approx"
    if unit_text in _TIME_UNITS and s[span_start:start] == "近":
        # 近三年来: 近 before a duration means "the last", not "nearly".
        span_start = as_start = start
        qualifier = "exact"

    # Rates written with a slash: 500元/人, 20元/亩.
    per = None
    if after in ("/", "／"):
        rate_unit = _UNIT_RE.match(s, unit_end + 1)
        denominator = rate_unit.group() if rate_unit else s[unit_end + 1:unit_end + 2]
        per = {"人": "person", "栋": "building", "棚": "building", "户": "household",
               "亩": "mu"}.get(denominator, "none")
        unit_end += 1 + len(denominator)

    # Qualifier written after the unit.
    span_end = unit_end
    suffix = _SUFFIX_RE.match(s, unit_end)
    if suffix:
        word = suffix.group()
        if word == "多" and unit_text not in _TIME_UNITS:
            suffix = None
        elif word == "余" and unit_text not in _TIME_UNITS and unit_text not in ("公里", "米", "吨", "亩", "公顷"):
            suffix = None
    if suffix:
        q = _SUFFIX_QUALIFIER[suffix.group()]
        if qualifier == "exact" or q in ("at_least", "at_most"):
            qualifier = q
        span_end = suffix.end()

    # 一 + classifier + noun is an indefinite article (是一个家庭的希望).
    if num == "一" and unit_text in _CLASSIFIERS and unit_text not in ("次", "人次") and not suffix:
        if unit_end < len(s) and s[unit_end] not in _PUNCT:
            return None

    printed = units.PRINTED_UNITS[unit_reported]
    unit = printed.unit
    if len(printed.allowed) > 1 and printed.unit != "CNY":
        unit = _pick_noun_unit(s, as_start, unit_end, printed, _clause_start(bounds, as_start))
    as_reported = s[as_start:end]
    if unit_reported in ("%", "％"):
        as_reported += unit_text
    return span_start, span_end, as_reported, number, unit_reported, unit, qualifier, per


def _prefix(s: str, start: int, last_end: int) -> tuple[int, int, str]:
    """(span start, as_reported start, qualifier) from the words before the number.

    An approximation right before the number (近, 约) belongs to as_reported; a
    bound (不少于, 至少) only to the span; a bound a few words earlier in the
    same clause (至少下乡入户帮扶一次) only to the qualifier.
    """
    pre = _PREFIX_RE.search(s, max(0, start - 3), start)
    if pre:
        word = pre.group()
        if not (word in _NOT_BEFORE_PREFIX and pre.start() > 0
                and s[pre.start() - 1] in _NOT_BEFORE_PREFIX[word]):
            if word in _PREFIX_BOUND:
                return pre.start(), start, _PREFIX_BOUND[word]
            return pre.start(), pre.start(), "approx"
    gap = _GAPPED_BOUND_RE.search(s, max(last_end, start - 11), start)
    if gap and not _DIGIT_IN_GAP_RE.search(s, gap.end(1), start):
        return start, start, _PREFIX_BOUND[gap.group(1)]
    return start, start, "exact"


def quantities_to_rows(quantities: list[Quantity]) -> list[dict[str, str]]:
    """The quantities as rows of strings (CSV or JSON), values in plain notation (59532000, 45.6)."""
    rows = []
    for q in quantities:
        rows.append({
            "start": str(q.start), "end": str(q.end), "as_reported": q.as_reported,
            "value": format_decimal(q.value), "unit": q.unit, "unit_reported": q.unit_reported,
            "qualifier": q.qualifier, "context": q.context,
        })
    return rows


# ----------------------------------------------------------------------------
# Reading text files and the command line
# ----------------------------------------------------------------------------


class InputError(ValueError):
    """A file that cannot be read as text; the message names the file and says what to do."""


def read_text(path: str | Path) -> tuple[str, str]:
    """The text of *path* and the encoding it was read in.

    UTF-8 first (a byte-order mark is removed, so offsets count from the first
    character after it), then GB18030, the superset of GBK/GB2312 most Chinese
    files that are not UTF-8 are in. Raises :class:`InputError` for a missing
    file, a directory, or a binary file (NUL bytes, or bytes neither encoding reads).
    """
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory; give a text file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (it holds NUL bytes); give a UTF-8 or GB18030 text file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as e:
        raise InputError(
            f"{path}: neither UTF-8 nor GB18030 text (undecodable byte at offset {e.start}); "
            "convert it to UTF-8 first"
        ) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _values_of_row(as_reported: str, unit_reported: str) -> set[Decimal]:
    values: set[Decimal] = set()
    try:
        values.add(parse_number(as_reported).value)
    except ValueError:
        pass
    try:
        values.add(normalise(as_reported, unit_reported)[0])
    except ValueError:
        pass
    return values


@dataclass(frozen=True)
class Coverage:
    """Result of :func:`coverage`: what a transcription and a text agree on."""

    quantities: list[Quantity]
    unaccounted: list[Quantity]  # found in the text, no row holds them
    unmatched: list[tuple[int, dict[str, str], str]]  # (CSV line, row, why) for rows not found
    rows: int

    @property
    def ok(self) -> bool:
        return not self.unaccounted and not self.unmatched


def coverage(text: str, rows: list[tuple[int, dict[str, str]]]) -> Coverage:
    """Match transcription rows (CSV line, row) to the quantities of *text*.

    A row is located by its ``evidence`` snippet, searched with all whitespace
    removed from both sides; the row matches a quantity overlapping that place
    whose value equals the row's ``as_reported`` number (compared as values: the
    row's number alone or times its printed unit, so 475 万元 matches 475万元).
    A snippet found several times (a repeated sentence) is matched to distinct
    occurrences in order; several rows may share one printed number when no
    other is left (分别 ... 10万元: one number for three villages).
    """
    s, offsets = _compact(text)
    quantities = find_quantities(text)
    claimed: dict[int, int] = {}  # quantity index -> number of rows
    unmatched = []
    for line, row in rows:
        evidence = _WS_RUN.sub("", row.get("evidence", ""))
        wanted = _values_of_row(row.get("as_reported", ""), row.get("unit_reported", ""))
        if not evidence:
            unmatched.append((line, row, "no evidence snippet"))
            continue
        if not wanted:
            unmatched.append((line, row, f"as_reported {row.get('as_reported', '')!r} is not a number"))
            continue
        places = []
        p = s.find(evidence)
        while p >= 0:
            places.append((offsets[p], offsets[p + len(evidence) - 1] + 1))
            p = s.find(evidence, p + 1)
        if not places:
            unmatched.append((line, row, "evidence not found in the text"))
            continue
        candidates = []
        for a, b in places:
            for i, q in enumerate(quantities):
                if q.start < b and q.end > a:
                    got = {q.value}
                    try:
                        got.add(parse_number(q.as_reported).value)
                    except ValueError:
                        pass
                    if got & wanted:
                        candidates.append(i)
        if not candidates:
            unmatched.append((line, row, f"the text holds no quantity {row.get('as_reported', '')}"
                                         f"{row.get('unit_reported', '')} at its evidence"))
            continue
        free = [i for i in candidates if i not in claimed]
        pick = free[0] if free else candidates[0]
        claimed[pick] = claimed.get(pick, 0) + 1
    unaccounted = [q for i, q in enumerate(quantities) if i not in claimed]
    return Coverage(quantities, unaccounted, unmatched, len(rows))


def read_figures(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a figures CSV (data/raw/figures.csv format) with their line numbers."""
    text, _ = read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"evidence", "as_reported", "unit_reported"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"{path}:1: header: missing column(s) {', '.join(sorted(missing))}")
    rows = []
    for row in reader:
        rows.append((reader.line_num, row))
    return rows


def _json_row(row: dict[str, str]) -> str:
    parts = []
    for k in FIELDS:
        v = row[k]
        # start, end and value are JSON numbers, written with their exact digits.
        parts.append(f'"{k}": {v if k in ("start", "end", "value") else json.dumps(v, ensure_ascii=False)}')
    return "{" + ", ".join(parts) + "}"


def extract_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a Chinese text (UTF-8, UTF-8 with BOM, or GB18030)")
    parser.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="csv with a header row (default) or JSON lines")
    parser.add_argument("--against", metavar="FIGURES.csv",
                        help="check a transcription (data/raw/figures.csv format) against the text: "
                             "list what it misses and rows the text does not hold; exit 1 if any")


def extract_command(args: argparse.Namespace) -> int:
    """``python -m lingyuan extract FILE [--format csv|json] [--against FIGURES.csv]``."""
    try:
        text, encoding = read_text(args.file)
        if encoding != "utf-8":
            print(f"{args.file}: not UTF-8, read as {encoding.upper()}", file=sys.stderr)
        figures = read_figures(args.against) if args.against else None
    except InputError as e:
        print(f"lingyuan extract: {e}", file=sys.stderr)
        return 2
    out = sys.stdout
    if figures is None:
        rows = quantities_to_rows(find_quantities(text))
        if args.format == "csv":
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            out.write(buf.getvalue())
        else:
            for row in rows:
                out.write(_json_row(row) + "\n")
        return 0

    result = coverage(text, figures)
    for q in result.unaccounted:
        line, col = _line_col(text, q.start)
        out.write(f"{args.file}:{line}:{col}: quantity {q.as_reported}{q.unit_reported} "
                  f"({format_decimal(q.value)} {q.unit}, {q.qualifier}) is not in {args.against}: "
                  f"…{q.context}…\n")
    for line, row, why in result.unmatched:
        out.write(f"{args.against}:{line}: {row.get('figure_id', '?')}: {why} "
                  f"(evidence {row.get('evidence', '')!r}, as_reported {row.get('as_reported', '')!r})\n")
    accounted = len(result.quantities) - len(result.unaccounted)
    out.write(f"{len(result.quantities)} quantities found, {accounted} accounted for, "
              f"{result.rows - len(result.unmatched)} of {result.rows} rows matched\n")
    return 0 if result.ok else 1
