"""Every phrase of lingyuan/analysis/phrases.py, rendered in both languages with the real
data, reads without a doubled word ("about about ¥692", "约约692元").

Each field of a phrase is filled with a real figure of data/processed (one for each
qualifier: exact, approximate, at least, at most, since the qualifier's words are what
can double up with a phrase's own words), a comparison field (``{cmp.pre}``) with each
comparison; so every phrase is rendered in every way the data can fill it.
"""
from __future__ import annotations

import dataclasses
import string

import pytest

from lingyuan import LANGS
from lingyuan.analysis import derive, words
from lingyuan.analysis.phrases import PHRASES
from lingyuan.dataset import load
from lingyuan.quantities.words import QUALIFIERS
from site_measure import doubled_words

#: fields that hold text (a name, a title, a formula): filled with a real name of the data
TEXT_FIELDS = {"arithmetic", "ids", "note", "reason", "title", "titles", "top_village", "township",
               "township_other", "village", "village_other", "values", "v1", "v2", "bad"}
COMPARISONS = {"more_than_twice": (5, 2), "less_than_half": (1, 3), "about": (100, 101), "above": (3, 2),
               "below": (2, 3)}


@pytest.fixture(scope="module")
def by_qualifier():
    tables = load()
    f = derive.figures(tables)
    out = {}
    for row in tables.figures.to_dict("records"):
        out.setdefault(row["qualifier"], f[row["figure_id"]])
    # a qualifier no figure has today (at most, 以下) is one a corrected figure could have
    for qualifier in QUALIFIERS:
        out.setdefault(qualifier, dataclasses.replace(out["exact"], qualifier=qualifier))
    out["name"] = tables.name("beifangshen", "en"), tables.name("beifangshen", "zh")
    return out


def _fields(template: str) -> dict[str, set[str]]:
    """root field name -> the attributes used on it ({cmp.pre} -> cmp: {pre})."""
    out: dict[str, set[str]] = {}
    for _, name, _, _ in string.Formatter().parse(template):
        if name:
            root, _, attr = name.partition(".")
            out.setdefault(root, set()).update([attr] if attr else [])
    return out


def renderings(phrase_id: str, lang: str, by_qualifier: dict):
    """The phrase filled every way: each qualifier for its number fields, each comparison."""
    fields = _fields(words.phrase(phrase_id, lang))
    name = by_qualifier["name"][lang == "zh"]
    for qualifier, figure in by_qualifier.items():
        if qualifier == "name":
            continue
        for cmp_key, (a, b) in COMPARISONS.items():
            values = {key: words.comparison(a, b, lang) if attrs & {"pre", "post", "short", "key"}
                      else name if key in TEXT_FIELDS else figure for key, attrs in fields.items()}
            yield f"{qualifier}, {cmp_key}", words.say(phrase_id, lang, **values)


@pytest.mark.parametrize("lang", LANGS)
def test_no_phrase_doubles_a_word(lang, by_qualifier):
    found = []
    for phrase_id in PHRASES:
        for how, text in renderings(phrase_id, lang, by_qualifier):
            found += [f"{phrase_id} ({how}): {w!r} in {text!r}" for w in doubled_words(text)]
    assert not found, "\n".join(sorted(set(found))[:30])


def test_doubled_words_are_found():
    assert doubled_words("give about about ¥692") == ["about about"]
    assert doubled_words("约约692元") == ["约约"]
    assert doubled_words("about ¥692, about 3 people") == []
