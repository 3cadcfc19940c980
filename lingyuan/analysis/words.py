"""The words a reader sees, made from the data: one number formatter per language and
one small templating layer.

Numbers. :func:`number` writes a Decimal the way each language writes it (62,744 in
English, 62744 in Chinese); :func:`quantity` adds magnitude, unit and qualifier
(¥59.5 million / 5953.2万元, ≥¥50,000 / ≥5万元). Chart labels use marks for the
qualifier (~, ≥, ≤: the chart's key explains them); prose spells them out
(:func:`prose`: "about 28,901 people" / "约28901人", "6万余人" as printed). Every number
reaching a reader goes through these functions, from the exact Decimal of figures.csv
or of a derived value: nothing in between turns it into a float.

Phrases. Every sentence, title, label and note that depends on a figure is a phrase of
:mod:`lingyuan.analysis.phrases`: an id and a Chinese and an English template, written
separately (the Chinese as a Chinese analyst would write it, not word for word).
:func:`say` fills a phrase with values; a value that is a figure or a derived number
(anything with ``result``, ``unit``, ``qualifier``) is formatted by the formatter of the
language, and a field's format spec says how:

========  ==============================================  =====================
spec      writes                                          en / zh
========  ==============================================  =====================
(none)    prose: number, unit, qualifier in words         about 28,901 people / 约28901人
``n``     prose without the unit word (money keeps ¥/元)  about 28,901 / 约28901
``a``     as ``n``, "about" added when rounding changed   about ¥319 / 约319元
          the number (never twice)
``v``     the bare number in the language                 28,901 / 28901
``p``     the plain number (arithmetic, any language)     28901
``m``     the chart label (marks, magnitudes)             ~28,901 / ~28901
``M``     the chart label with its unit                   ~28,901 people / ~28901人
``c``     compact, for tight labels (no mark, no 元)      ¥20m / 2000万
``b``     number and unit, the qualifier left out         ¥50,000 / 5万元
``.N``    after any of these: rounded to N decimals       ``{x:n.0}`` → about ¥319
========  ==============================================  =====================

Comparison words ("more than twice", "less than half", "相符") are phrases too, chosen
by :func:`times` and :func:`agreement` from the numbers, never typed into a sentence.
"""
from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from lingyuan import vocabulary
from lingyuan.analysis import params
from lingyuan.quantities import units

QUALIFIER_MARK = {"exact": "", "approx": "~", "at_least": "≥", "at_most": "≤"}
#: the words for kinds (actual, target, forecast, derived): lingyuan.vocabulary's, by language
KIND_WORD = {lang: vocabulary.WORDS[lang]["kind"] for lang in vocabulary.LANGS}


# --- numbers ------------------------------------------------------------------------

def dec(value) -> Decimal:
    """*value* as a Decimal: Decimals and ints as they are; a float (a plotting position,
    or a hand-built test table) by its shortest repr."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def rounded(d, places: int | None) -> Decimal:
    """*d* rounded half up to *places* decimals (None: unchanged)."""
    d = dec(d)
    return d if places is None else d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def plain(d, places: int | None = None) -> str:
    """A number without exponent, grouping or trailing zeros (28901, 318.76, 45.6), rounded
    half-even to *places* decimals when given: the form of arithmetic and formulas."""
    d = dec(d)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def number(d, lang: str, places: int | None = 2) -> str:
    """A number as the language writes it: en 62,744 and 2.2; zh 62744 and 2.2."""
    s = plain(d, places)
    if params.check_lang(lang) == "zh":
        return s
    whole, _, frac = s.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return sign + f"{int(whole.lstrip('-')):,}" + ("." + frac if frac else "")


def significant(d, digits: int = 3) -> str:
    """*d* to *digits* significant digits, plain notation: 59.532 -> 59.5."""
    d = dec(d)
    if d == 0:
        return "0"
    return plain(d, max(0, digits - 1 - math.floor(math.log10(abs(d)))))


def zh_magnitude(d) -> str:
    """Chinese magnitude when it reads exactly: 59532000 -> 5953.2万, 62744 -> 62744."""
    d = dec(d)
    for factor, word in ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万")):
        if abs(d) >= factor:
            q = d / factor
            # only when the 万/亿 form has at most two decimals (as printed papers write it)
            if q == q.quantize(Decimal("0.01")):
                return plain(q) + word
            return plain(d, 0) if d == d.to_integral_value() else plain(d, 2)
    return plain(d, 2)


def en_magnitude(d) -> str:
    """English magnitude: 59532000 -> 59.5 million, 316000 -> 316,000."""
    d = dec(d)
    for factor, word in ((Decimal(1_000_000_000), "billion"), (Decimal(1_000_000), "million")):
        if abs(d) >= factor:
            return f"{significant(d / factor)} {word}"
    return number(d, "en")


def compact(d, unit: str, lang: str) -> str:
    """A short form for tight labels: zh 2000万 (no 元), en ¥20m, ¥20,000, 62,744."""
    d = dec(d)
    if lang == "zh":
        return zh_magnitude(d)
    head = "¥" if unit.startswith("CNY") else ""
    if abs(d) >= 1_000_000:
        return f"{head}{significant(d / 1_000_000)}m"
    return head + number(d, "en")


def _check_qualifier(qualifier: str) -> str:
    if qualifier not in QUALIFIER_MARK:
        raise ValueError(f"qualifier={qualifier!r} is not valid; valid values: {', '.join(QUALIFIER_MARK)}")
    return qualifier


def _body(d: Decimal, unit: str, lang: str, *, with_unit: bool, zh_unit: str | None) -> str:
    """Number and unit, no qualifier: 5953.2万元, ¥59.5 million, 45.6%, 53 ha."""
    u = units.canonical(unit)
    money = unit.startswith("CNY")
    if unit == "percentage_point":
        return plain(d, 2) + ("个百分点" if lang == "zh" else " pp")
    if u.kind == "share":
        return plain(d, 2) + "%"
    if lang == "zh":
        body = zh_magnitude(d)
        if money:
            body += "元"
            if unit != "CNY" and with_unit:
                body += "/" + u.zh.split("/")[-1]
        elif with_unit:
            body += zh_unit or u.zh
        return body
    if money:
        body = "¥" + en_magnitude(d)
        if unit != "CNY" and with_unit:
            body += " per " + u.singular.split(" per ")[-1]
        return body
    body = en_magnitude(d)
    if with_unit:
        # symbols for measures (53 ha, 3.41 MW), words for counts (62,744 people)
        short = u.kind in ("area", "volume", "power", "energy", "length", "mass")
        body += " " + (u.short if short else units.label(unit, "en", float(d)))
    return body


def quantity(value, unit: str, qualifier: str, lang: str, kind: str = "actual", *,
             with_unit: bool = False, marker: bool = False, zh_unit: str | None = None) -> str:
    """A chart label for one number: the qualifier as a mark in front (~ approx, ≥ at least,
    ≤ at most), magnitudes as each language reads them (zh 5953.2万元, 6万, 45.6%; en ¥59.5
    million, 60,000, 45.6%). Money and percentages always carry their symbol; other units
    only with *with_unit*; *zh_unit* replaces the Chinese unit word (the printed classifier).
    With *marker*, forecasts, targets and derived numbers say so: "（预计）" / " (forecast)"."""
    params.check_lang(lang)
    _check_qualifier(qualifier)
    if kind not in KIND_WORD["en"]:
        raise ValueError(f"kind={kind!r} is not valid; valid values: {', '.join(KIND_WORD['en'])}")
    label = QUALIFIER_MARK[qualifier] + _body(dec(value), unit, lang, with_unit=with_unit, zh_unit=zh_unit)
    if marker and kind != "actual":
        label += f"（{KIND_WORD['zh'][kind]}）" if lang == "zh" else f" ({KIND_WORD['en'][kind]})"
    return label


def bare(value, unit: str, qualifier: str, lang: str) -> str:
    """A table cell whose unit is in its column's header: the qualifier mark and the number
    as the language writes it (zh 5953.2万, en 59.5 million, 45.6), no unit, no currency."""
    params.check_lang(lang)
    d = dec(value)
    if units.canonical(unit).kind == "share":
        body = plain(d, 2)
    else:
        body = zh_magnitude(d) if lang == "zh" else en_magnitude(d)
    return QUALIFIER_MARK[_check_qualifier(qualifier)] + body


def prose(value, unit: str, qualifier: str, lang: str, *, with_unit: bool = True,
          printed: str | None = None, zh_unit: str | None = None) -> str:
    """A number for running text, its qualifier in words: en "about 28,901 people", "at least
    ¥1.5 million"; zh "约28901人", "150万元以上". *printed* (the number and unit as printed,
    e.g. 6万余人) is used in Chinese for approximate figures, which say how in their own words."""
    params.check_lang(lang)
    _check_qualifier(qualifier)
    body = _body(dec(value), unit, lang, with_unit=with_unit, zh_unit=zh_unit)
    if qualifier == "exact":
        return body
    if lang == "zh":
        if qualifier == "approx":
            return printed if printed and with_unit else "约" + body
        return body + "以上" if qualifier == "at_least" else vocabulary.word("qualifier", "at_most", lang) + body
    return ("about " if qualifier == "approx" else vocabulary.word("qualifier", qualifier, lang) + " ") + body


# --- values of phrases ----------------------------------------------------------------

def _is_quantity(value) -> bool:
    return all(hasattr(value, a) for a in ("result", "unit", "qualifier"))


def format_value(value, spec: str, lang: str) -> str:
    """One field of a phrase (see the module docstring for the specs)."""
    kind, _, places = spec.partition(".")
    places = int(places) if places else None
    if _is_quantity(value):
        d = rounded(value.result, places)
        zh_unit = getattr(value, "zh_unit", None)
        if kind == "":
            return prose(d, value.unit, value.qualifier, lang, printed=getattr(value, "printed", None),
                         zh_unit=zh_unit)
        if kind == "n":
            return prose(d, value.unit, value.qualifier, lang, with_unit=False)
        if kind == "a":  # "about" when the number shown is not the exact one: said once
            exact = getattr(value, "exact", value.result)
            qualifier = "approx" if value.qualifier == "exact" and d != dec(exact) else value.qualifier
            return prose(d, value.unit, qualifier, lang, with_unit=False)
        if kind == "m":
            return quantity(d, value.unit, value.qualifier, lang, zh_unit=zh_unit)
        if kind == "M":
            return quantity(d, value.unit, value.qualifier, lang, with_unit=True, zh_unit=zh_unit)
        if kind == "c":
            return compact(d, value.unit, lang)
        if kind == "b":
            return _body(d, value.unit, lang, with_unit=True, zh_unit=zh_unit)
        value = d
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        if kind == "p":
            return plain(value, places)
        if kind in ("", "v", "n"):
            return number(value, lang, places if places is not None else 2)
    if kind in ("", "s"):
        return str(value)
    raise ValueError(f"format spec {spec!r} does not apply to {value!r}; specs: n, a, v, p, m, c, b, .N")


class _Formatter(string.Formatter):
    def __init__(self, lang: str, markdown: bool = False):
        self.lang, self.markdown = lang, markdown

    def format_field(self, value, format_spec):
        text = format_value(value, format_spec, self.lang)
        # a text from the data (a name, a headline, evidence) is text, not markup
        return escape_markdown(text) if self.markdown and isinstance(value, str) else text


def phrase(phrase_id: str, lang: str) -> str:
    """The template of *phrase_id* in *lang* (KeyError naming the phrases file)."""
    from lingyuan.analysis.phrases import PHRASES

    params.check_lang(lang)
    try:
        zh, en = PHRASES[phrase_id]
    except KeyError:
        raise KeyError(f"no phrase {phrase_id!r} in lingyuan/analysis/phrases.py") from None
    return zh if lang == "zh" else en


def say(phrase_id: str, lang: str, /, **values) -> str:
    """The phrase *phrase_id* in *lang*, its fields filled with *values* (formatted by the
    language's formatter)."""
    return _say(phrase_id, lang, values, markdown=False)


def say_md(phrase_id: str, lang: str, /, **values):
    """:func:`say` as Markdown for a notebook cell's output (:func:`md`): the phrase's own
    marks (**bold**) stay, and every text value (a name, a title, a headline, evidence)
    is escaped, so it shows as the text it is and never as a tag, a link or emphasis."""
    return md(_say(phrase_id, lang, values, markdown=True))


def _say(phrase_id: str, lang: str, values: dict, *, markdown: bool) -> str:
    template = phrase(phrase_id, lang)
    try:
        return _Formatter(lang, markdown).format(template, **values)
    except KeyError as e:
        raise KeyError(f"phrase {phrase_id!r} ({lang}) needs the value {e.args[0]!r}") from None


#: Markdown's marks that could turn text into a link, emphasis, code, math or a block
_MD_MARKS = re.compile(r"([\\`*_\[\]{}#+\-!|~$])")


def escape_markdown(text: str) -> str:
    """*text* as Markdown that shows exactly *text*: &, < and > as entities (no tag can
    start), Markdown's marks behind a backslash (no link, emphasis, code or math), line
    breaks as spaces (no new block)."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_MARKS.sub(r"\\\1", text)


def text(zh: str, en: str, lang: str) -> str:
    """*zh* or *en*, whichever is the language: for a word that holds no figure."""
    return zh if params.check_lang(lang) == "zh" else en


def join(parts, lang: str) -> str:
    """Clauses joined as the language joins them (；/ ; ), empty ones left out."""
    return ("；" if lang == "zh" else "; ").join(p for p in parts if p)


def sentence_end(lang: str) -> str:
    return "。" if lang == "zh" else ". "


def ordinal(n: int, lang: str) -> str:
    """*n* as an ordinal: 第2 / 2nd, 第11 / 11th, 第23 / 23rd (phrases ``ordinal.*``)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return say(f"ordinal.{suffix}", lang, n=n)


# --- comparison words -------------------------------------------------------------------

def times(a, b) -> str:
    """How *a* compares with *b*, as the id of a comparison phrase: cmp.more_than_twice,
    cmp.above, cmp.about, cmp.below, cmp.less_than_half (about: within 2.5%)."""
    a, b = dec(a), dec(b)
    if b == 0:
        return "cmp.about" if a == 0 else "cmp.above"
    r = a / b
    if r > 2:
        return "cmp.more_than_twice"
    if r < Decimal("0.5"):
        return "cmp.less_than_half"
    if abs(r - 1) <= Decimal("0.025"):
        return "cmp.about"
    return "cmp.above" if r > 1 else "cmp.below"




@dataclass(frozen=True)
class Comparison:
    """Comparison words for a template: ``key`` (more_than_twice, above, about, below,
    less_than_half), and the words around the second term: ``pre`` and ``post`` (zh 不到 …
    的一半; en "less than half" …) and ``short``, standing alone ("less than half that",
    "不到其一半")."""

    key: str
    pre: str
    post: str
    short: str


def comparison(a, b, lang: str) -> Comparison:
    """How *a* compares with *b*, in *lang* (see :func:`times`)."""
    key = times(a, b)
    return Comparison(key.removeprefix("cmp."), *(phrase(f"{key}.{part}", lang) for part in ("pre", "post", "short")))


def md(text: str):
    """*text* as Markdown for a notebook cell's output (IPython's Markdown display object),
    so the reader version of a report shows it as prose."""
    from IPython.display import Markdown

    return Markdown(text)


# --- periods ------------------------------------------------------------------------------

PERIOD_WORDS = {"cumulative": ("累计", "cumulative"), "annual": ("每年", "a year")}
MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def period(value: str, lang: str) -> str:
    """A period of the tidy table in words: 2019 -> 2019年 / 2019; 2019-09 -> 2019年9月 /
    Sep 2019; 2019-01/2019-09 -> a span; cumulative -> 累计 / cumulative."""
    zh = params.check_lang(lang) == "zh"
    if value in PERIOD_WORDS:
        return PERIOD_WORDS[value][0 if zh else 1]
    if "/" in value:
        a, b = value.split("/")
        return f"{period(a, lang)}—{period(b, lang)}" if zh else f"{period(a, lang)} to {period(b, lang)}"
    if len(value) == 7:
        y, m = value.split("-")
        return f"{y}年{int(m)}月" if zh else f"{MONTHS_EN[int(m) - 1]} {y}"
    return f"{value}年" if zh else value


def language_note(lang: str):
    """The first words of a report: which language it is in (Markdown)."""
    return say_md("language.note", lang)
