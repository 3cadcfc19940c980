"""The words of quantities, in one place: the qualifiers (how exact a printed number
is) and the kinds (what a figure is: done, aimed at, expected), with the Chinese words
that signal them. The number parser, the extractor, the dataset's validator and schema,
and the charts all read them from here.
"""
from __future__ import annotations

#: How exact a printed number is, with what each means (the schema documents these).
QUALIFIER_MEANINGS: dict[str, str] = {
    "exact": "the number as printed, no approximation",
    "approx": "approximate (余, 多, 近, 约, 左右, 几)",
    "at_least": "a lower bound (以上, 不少于, 至少)",
    "at_most": "an upper bound (以下, 不超过)",
}
QUALIFIERS: tuple[str, ...] = tuple(QUALIFIER_MEANINGS)

#: What the figure is: reported as done, a goal, or an expectation.
KIND_MEANINGS: dict[str, str] = {
    "actual": "reported as achieved or as it stands",
    "target": "a goal or a rule (必保, 确保, 达到 as a goal, 不少于 as a rule)",
    "forecast": "an expectation (预计, 预估, 可, 将)",
}
KINDS: tuple[str, ...] = tuple(KIND_MEANINGS)

# Written before the number. Longest first, so 约 does not shadow 大约.
PREFIX_QUALIFIERS: dict[str, str] = {
    "将近": "approx", "接近": "approx", "大约": "approx", "大概": "approx",
    "约合": "approx", "约": "approx", "近": "approx",
    "不少于": "at_least", "不低于": "at_least", "不下于": "at_least", "至少": "at_least",
    "最少": "at_least", "超过": "at_least", "逾": "at_least",
    "不超过": "at_most", "不高于": "at_most", "不多于": "at_most", "最多": "at_most",
    "至多": "at_most", "不足": "at_most", "不到": "at_most",
}
# Written after the number (after a unit too, in running text: 1200元以上).
SUFFIX_QUALIFIERS: dict[str, str] = {
    "左右": "approx", "上下": "approx", "开外": "approx", "余": "approx", "多": "approx",
    "以上": "at_least", "之上": "at_least",
    "以下": "at_most", "以内": "at_most", "之内": "at_most",
}
