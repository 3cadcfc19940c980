"""The closed unit vocabulary: one definition used by the parser, the extractor,
the validator, the Table Schema, the charts and the data dictionary.

Two tables:

* ``UNITS``: canonical units (the ``unit`` column), each with Chinese and English
  names (singular, plural, short form for axes) in the Our World in Data style:
  plural words, "per" instead of "/", "%" for percentages.
* ``PRINTED_UNITS``: units as printed in Chinese text (the ``unit_reported``
  column), each mapped to a default canonical unit, a multiplier, and the other
  canonical units it may stand for. Classifiers such as 个 or 栋 count whatever
  noun follows them, so the noun (or the indicator) picks the canonical unit:
  ``5栋猪舍`` is 5 buildings, ``新增村领办合作社138个`` is 138 cooperatives.

Two uses, kept apart:

* the dataset's validator accepts only ``PRINTED_UNITS`` (a transcription needs a
  canonical unit for every figure: the closed vocabulary);
* the extractor reads any unit or classifier (an open vocabulary): besides
  ``PRINTED_UNITS`` it knows the common units of ``OTHER_PRINTED_UNITS`` (currencies,
  index points, centimetres, 镇/乡/街道, 种/类/期 ...), and after an Arabic number
  it takes any other word that stands where a unit stands. A quantity whose unit is
  not in ``PRINTED_UNITS`` is returned with that unit as printed and an empty
  canonical unit ("unit not in the vocabulary").

Areas, money and lengths are never converted between systems (亩 stays mu, it is
not turned into hectares): the value is the printed number times the printed
magnitude (万, 亿) only, so every value can be checked against the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class Unit:
    id: str
    zh: str  # short Chinese form for axes: 元, 人, 公顷
    singular: str  # English, singular: "yuan", "person"
    plural: str  # English, plural: "yuan", "people"
    short: str  # English short form for axes: "¥", "ha", "MW", "%"
    kind: str  # money, count, area, volume, power, energy, length, mass, share, rate, duration, age, score
    description: str = ""


@dataclass(frozen=True)
class PrintedUnit:
    printed: str
    unit: str  # default canonical unit id
    multiplier: Decimal = Decimal(1)
    also: tuple[str, ...] = field(default_factory=tuple)  # other canonical units it may stand for

    @property
    def allowed(self) -> tuple[str, ...]:
        return (self.unit, *self.also)


_UNITS = [
    Unit("CNY", "元", "yuan", "yuan", "¥", "money", "Chinese yuan (renminbi)"),
    Unit("CNY_per_person", "元/人", "yuan per person", "yuan per person", "¥/person", "rate",
         "Chinese yuan per person (per-capita amounts)"),
    Unit("CNY_per_building", "元/栋", "yuan per building", "yuan per building", "¥/building", "rate",
         "Chinese yuan per greenhouse or shed"),
    Unit("person", "人", "person", "people", "people", "count"),
    Unit("person_time", "人次", "person-time", "person-times", "person-times", "count",
         "people counted once per occasion (a person admitted twice counts twice)"),
    Unit("household", "户", "household", "households", "households", "count"),
    Unit("village", "个村", "village", "villages", "villages", "count"),
    Unit("township", "个乡镇", "township", "townships", "townships", "count"),
    Unit("cooperative", "个合作社", "cooperative", "cooperatives", "cooperatives", "count"),
    Unit("project", "个项目", "project", "projects", "projects", "count"),
    Unit("project_per_person", "个/人", "project per person", "projects per person", "projects/person",
         "rate", "projects covering each person, on average"),
    Unit("workshop", "个车间", "workshop", "workshops", "workshops", "count"),
    Unit("item", "个", "item", "items", "items", "count", "a count of things the text names"),
    Unit("event", "次", "time", "times", "times", "count", "occasions: visits, campaigns, events"),
    Unit("building", "栋", "building", "buildings", "buildings", "count",
         "greenhouses, sheds and other buildings, counted by the classifier 栋"),
    Unit("structure", "座", "structure", "structures", "structures", "count",
         "bridges and other structures, counted by the classifier 座"),
    Unit("head", "头", "head", "head", "head", "count", "animals (livestock and poultry)"),
    Unit("plant", "株", "plant", "plants", "plants", "count", "plants, such as grape vines"),
    Unit("hectare", "公顷", "hectare", "hectares", "ha", "area"),
    Unit("mu", "亩", "mu", "mu", "mu", "area", "Chinese area unit, 1/15 hectare (not converted)"),
    Unit("square_metre", "平方米", "square metre", "square metres", "m²", "area"),
    Unit("MW", "兆瓦", "megawatt", "megawatts", "MW", "power"),
    Unit("kW", "千瓦", "kilowatt", "kilowatts", "kW", "power"),
    Unit("km", "公里", "kilometre", "kilometres", "km", "length"),
    Unit("metre", "米", "metre", "metres", "m", "length"),
    Unit("tonne", "吨", "tonne", "tonnes", "t", "mass"),
    Unit("kilogram", "公斤", "kilogram", "kilograms", "kg", "mass"),
    Unit("jin", "斤", "jin", "jin", "jin", "mass", "Chinese weight unit, 0.5 kg (not converted)"),
    Unit("percent", "%", "percent", "percent", "%", "share"),
    Unit("year", "年", "year", "years", "years", "duration"),
    Unit("month", "个月", "month", "months", "months", "duration"),
    Unit("day", "天", "day", "days", "days", "duration"),
    Unit("point", "分", "point", "points", "points", "score", "a test score"),
    Unit("CNY_per_household", "元/户", "yuan per household", "yuan per household", "¥/household", "rate",
         "Chinese yuan per household (户均, 每户)"),
    Unit("CNY_per_mu", "元/亩", "yuan per mu", "yuan per mu", "¥/mu", "rate",
         "Chinese yuan per mu of land (亩均, 每亩)"),
    Unit("jin_per_mu", "斤/亩", "jin per mu", "jin per mu", "jin/mu", "rate", "yield in jin per mu (亩产)"),
    Unit("kilogram_per_mu", "公斤/亩", "kilogram per mu", "kilograms per mu", "kg/mu", "rate",
         "yield in kilograms per mu (亩产)"),
    Unit("percentage_point", "个百分点", "percentage point", "percentage points", "pp", "share",
         "the difference between two percentages"),
    Unit("age", "岁", "year of age", "years of age", "years old", "age", "a person's age"),
    Unit("hour", "小时", "hour", "hours", "hours", "duration"),
    Unit("square_km", "平方公里", "square kilometre", "square kilometres", "km²", "area"),
    Unit("cubic_metre", "立方米", "cubic metre", "cubic metres", "m³", "volume"),
    Unit("kWh", "千瓦时", "kilowatt-hour", "kilowatt-hours", "kWh", "energy"),
]
UNITS: dict[str, Unit] = {u.id: u for u in _UNITS}

_COUNT_NOUNS = ("village", "township", "cooperative", "project", "workshop", "item", "structure",
                "person", "household", "plant", "building")

_CNY_RATES = ("CNY_per_person", "CNY_per_building", "CNY_per_household", "CNY_per_mu")

_PRINTED = [
    PrintedUnit("元", "CNY", also=_CNY_RATES),
    PrintedUnit("万元", "CNY", Decimal(10_000), also=_CNY_RATES),
    PrintedUnit("亿元", "CNY", Decimal(100_000_000)),
    PrintedUnit("块", "CNY"),
    PrintedUnit("人", "person"),
    PrintedUnit("名", "person"),
    PrintedUnit("位", "person"),
    PrintedUnit("口人", "person"),
    PrintedUnit("口", "person"),
    PrintedUnit("人次", "person_time"),
    PrintedUnit("户", "household"),
    PrintedUnit("家", "item", also=("household", "cooperative")),
    PrintedUnit("个", "item", also=tuple(u for u in _COUNT_NOUNS if u != "item") + ("project_per_person",)),
    PrintedUnit("项", "project", also=("item",)),
    PrintedUnit("所", "item"),
    PrintedUnit("处", "item"),
    PrintedUnit("条", "item"),
    PrintedUnit("间", "item"),
    PrintedUnit("台", "item"),
    PrintedUnit("套", "item", also=("household",)),
    PrintedUnit("批", "item"),
    PrintedUnit("次", "event"),
    PrintedUnit("场", "event"),
    PrintedUnit("栋", "building"),
    PrintedUnit("座", "structure"),
    PrintedUnit("头", "head"),
    PrintedUnit("只", "head"),
    PrintedUnit("匹", "head"),
    PrintedUnit("羽", "head"),
    PrintedUnit("株", "plant"),
    PrintedUnit("棵", "plant"),
    PrintedUnit("公顷", "hectare"),
    PrintedUnit("亩", "mu"),
    PrintedUnit("平方米", "square_metre"),
    PrintedUnit("平米", "square_metre"),
    PrintedUnit("兆瓦", "MW"),
    PrintedUnit("千瓦", "kW"),
    PrintedUnit("公里", "km"),
    PrintedUnit("千米", "km"),
    PrintedUnit("米", "metre"),
    PrintedUnit("吨", "tonne"),
    PrintedUnit("公斤", "kilogram", also=("kilogram_per_mu",)),
    PrintedUnit("千克", "kilogram", also=("kilogram_per_mu",)),
    PrintedUnit("斤", "jin", also=("jin_per_mu",)),
    PrintedUnit("%", "percent"),
    PrintedUnit("％", "percent"),
    PrintedUnit("年", "year"),
    PrintedUnit("个月", "month"),
    PrintedUnit("天", "day"),
    PrintedUnit("日", "day"),
    PrintedUnit("分", "point"),
    PrintedUnit("件", "item"),
    PrintedUnit("张", "item"),
    PrintedUnit("份", "item"),
    PrintedUnit("辆", "item"),
    PrintedUnit("眼", "item"),
    PrintedUnit("盏", "item"),
    PrintedUnit("起", "event"),
    PrintedUnit("个百分点", "percentage_point"),
    PrintedUnit("百分点", "percentage_point"),
    PrintedUnit("岁", "age"),
    PrintedUnit("周岁", "age"),
    PrintedUnit("小时", "hour"),
    PrintedUnit("个小时", "hour"),
    PrintedUnit("平方公里", "square_km"),
    PrintedUnit("立方米", "cubic_metre"),
    PrintedUnit("千瓦时", "kWh"),
]
PRINTED_UNITS: dict[str, PrintedUnit] = {p.printed: p for p in _PRINTED}


#: Money in currencies other than the yuan, as printed after a number.
CURRENCY_UNITS: tuple[str, ...] = ("美元", "欧元", "港元", "港币", "日元", "英镑", "韩元", "卢布", "美分")
#: A currency's name printed in its unit's place, and that unit (8兆8800亿人民币: 元).
CURRENCY_NAMES: dict[str, str] = {"人民币": "元"}
#: What names money after a number: the yuan (元, or the currency's name 人民币, 新台币), or another currency.
MONEY_AFTER: tuple[str, ...] = ("元", "人民币", "新台币", "台币", *CURRENCY_UNITS)

#: Units and classifiers the extractor knows that have no canonical unit here (the
#: dataset's vocabulary stays closed): quantities in them get an empty ``unit``.
OTHER_PRINTED_UNITS: tuple[str, ...] = (
    # money in other currencies
    *CURRENCY_UNITS, *CURRENCY_NAMES,
    # index points, lengths, areas, weights, volumes, temperatures, energy
    "点", "厘米", "毫米", "英尺", "英亩", "平", "克", "毫克", "升", "毫升", "摄氏度", "度", "方",
    "万千瓦时", "千伏", "伏", "兆瓦时", "吉瓦", "标准箱", "立方",
    # pressures (a magnitude character that starts a unit is no magnitude: 965百帕)
    "百帕", "千帕", "兆帕",
    # places and bodies counted
    "镇", "乡", "街道", "村", "社区", "县", "区", "省", "省份", "市",
    # classifiers
    "类", "大类", "种", "期", "季", "轮", "门", "部", "篇", "册", "本", "袋", "箱",
    "尾", "枚", "床", "艘", "架", "支", "队", "组", "双", "片", "道", "层", "幢",
    "户次", "架次", "班次", "批次", "车次", "剂次", "件次", "人日", "工日", "万人次",
    # durations and multiples
    "分钟", "秒", "周", "星期", "倍", "‰",
    # markets (basis points) and crop protection (亩次: an area treated or struck, counted per occasion)
    "个基点", "基点", "个千分点", "千分点", "亩次",
    # concentrations (微克/立方米, 毫克/升), small lengths, power and energy (瓦时 after 每千克)
    "微克", "纳克", "纳米", "微米", "光年", "瓦", "瓦时", "毫安时",
    # air pressure (中心最低气压945百帕)
    "百帕", "千帕", "帕",
    # vaccine doses (头份, 羽份: one dose per head or per bird)
    "头份", "羽份",
)
#: Units written with symbols or Latin letters, read by the extractor after a number by
#: class (see :data:`lingyuan.quantities.patterns.LATIN_UNIT_RE`), with their canonical unit
#: where the vocabulary has one (the value is never converted: 5km is 5 km, 3t is 3 tonnes).
#: The dataset's printed vocabulary stays Chinese: a transcription writes 平方米, not m².
SYMBOL_UNITS: dict[str, str] = {
    "㎡": "square_metre", "m²": "square_metre", "m2": "square_metre", "㎢": "square_km", "km²": "square_km",
    "km2": "square_km", "m³": "cubic_metre", "㎥": "cubic_metre", "m3": "cubic_metre", "km": "km", "㎞": "km",
    "m": "metre", "kg": "kilogram", "㎏": "kilogram", "t": "tonne", "MW": "MW", "kW": "kW", "kWh": "kWh",
}

#: Every unit the extractor recognises by name, longest first (the open vocabulary's
#: known part; anything else after an Arabic number is read by the extractor's rules).
EXTRACTOR_UNITS: tuple[str, ...] = tuple(sorted(set(PRINTED_UNITS) | set(OTHER_PRINTED_UNITS),
                                                key=len, reverse=True))


class UnknownUnit(ValueError):
    """A printed or canonical unit outside the closed vocabulary."""


def canonical(unit_id: str) -> Unit:
    """The canonical unit *unit_id*, or UnknownUnit naming the valid ids."""
    try:
        return UNITS[unit_id]
    except KeyError:
        raise UnknownUnit(
            f"unknown unit {unit_id!r}; valid units: {', '.join(sorted(UNITS))}"
        ) from None


def printed(unit_reported: str) -> PrintedUnit:
    """The printed unit *unit_reported* (元, 万元, 人, 公顷 ...), or UnknownUnit."""
    try:
        return PRINTED_UNITS[unit_reported]
    except KeyError:
        raise UnknownUnit(
            f"unknown printed unit {unit_reported!r}; known: {' '.join(PRINTED_UNITS)}"
        ) from None


def label(unit_id: str, lang: str = "en", value: float | None = None) -> str:
    """Axis or text label of a unit: Chinese short form, or English singular/plural."""
    u = canonical(unit_id)
    if lang == "zh":
        return u.zh
    return u.singular if value == 1 else u.plural


def classifier_data() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The classifiers of data/classifiers.txt (CC-CEDICT's: any of them counts after a Chinese
    numeral, the open vocabulary's classifiers) and its numeral words, by their first two characters."""
    section, found, words = "", set(), {}
    text = (Path(__file__).parent / "data" / "classifiers.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        if line.startswith("["):
            section = line
        elif section == "[classifiers]":
            found.add(line)
        else:
            words.setdefault(line[:2], []).append(line)
    return frozenset(found), {k: tuple(sorted(v, key=len, reverse=True)) for k, v in words.items()}
