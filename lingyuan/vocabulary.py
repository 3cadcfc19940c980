"""The words a reader sees for the data's categories: one table per language.

Qualifiers, kinds, topics and levels are ids in the data (``at_most``, ``forecast``,
``safety_net``, ``village_group``); charts, tables, prose, the data page and the workbook
show them with the words below and nowhere else. The ids come from the schema
(:mod:`lingyuan.dataset.schema` and :mod:`lingyuan.quantities.words`); ``derived`` is the
kind of a number computed from figures, which the data never holds.
Standard library only: the runner's no-op path imports it.
"""
from __future__ import annotations

from lingyuan import LANGS

WORDS: dict[str, dict[str, dict[str, str]]] = {
    "zh": {
        "qualifier": {"exact": "确数", "approx": "约数", "at_least": "不少于", "at_most": "不超过"},
        "kind": {"actual": "实际", "target": "目标", "forecast": "预计", "derived": "推算"},
        "topic": {"poverty": "贫困", "governance": "基层治理", "industry": "产业", "collective_economy": "村集体经济",
                  "income": "收入", "health": "医疗", "education": "教育", "housing": "住房",
                  "safety_net": "兜底保障", "employment": "就业", "infrastructure": "基础设施",
                  "culture": "文化", "other": "其他"},
        "level": {"city": "市", "township": "乡镇", "village": "村", "village_group": "村民组",
                  "cooperative": "合作社", "enterprise": "企业", "organisation": "组织", "person": "个人"},
    },
    "en": {
        "qualifier": {"exact": "exact", "approx": "approximate", "at_least": "at least", "at_most": "at most"},
        "kind": {"actual": "actual", "target": "target", "forecast": "forecast", "derived": "derived"},
        "topic": {"poverty": "poverty", "governance": "governance", "industry": "industry",
                  "collective_economy": "collective economy", "income": "income", "health": "health",
                  "education": "education", "housing": "housing", "safety_net": "safety net",
                  "employment": "employment", "infrastructure": "infrastructure", "culture": "culture",
                  "other": "other"},
        "level": {"city": "city", "township": "township", "village": "village", "village_group": "village group",
                  "cooperative": "cooperative", "enterprise": "enterprise", "organisation": "organisation",
                  "person": "person"},
    },
}
CATEGORIES = tuple(WORDS["zh"])


def word(category: str, key: str, lang: str) -> str:
    """The reader's word for *key* of *category* (qualifier, kind, topic, level) in *lang*."""
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r} is not valid; valid values: {', '.join(LANGS)}")
    try:
        return WORDS[lang][category][key]
    except KeyError:
        raise KeyError(f"no {category} {key!r} in lingyuan/vocabulary.py") from None


def pairs(category: str) -> dict[str, tuple[str, ...]]:
    """*category*'s words as ``key -> (zh, en)`` (in the order of LANGS)."""
    return {key: tuple(WORDS[lang][category][key] for lang in LANGS) for key in WORDS[LANGS[0]][category]}
