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
    "不少于": "at_least", "不低于": "at_least", "不小于": "at_least", "不下于": "at_least", "至少": "at_least",
    "最少": "at_least", "超过": "at_least", "逾": "at_least",
    "不超过": "at_most", "不高于": "at_most", "不大于": "at_most", "不多于": "at_most", "最多": "at_most",
    "至多": "at_most", "不足": "at_most", "不到": "at_most",
}
# Written after the number (after a unit too, in running text: 1200元以上).
SUFFIX_QUALIFIERS: dict[str, str] = {
    "左右": "approx", "上下": "approx", "开外": "approx", "余": "approx", "多": "approx",
    "以上": "at_least", "之上": "at_least", "及以上": "at_least",
    "以下": "at_most", "以内": "at_most", "之内": "at_most", "及以下": "at_most",
}
# Bounds that only running text puts before a number (贷款最高5万元, 补助最低500元); the
# number parser does not read them, since they are not part of a printed number.
RUNNING_TEXT_BOUNDS: dict[str, str] = {"最高": "at_most", "最低": "at_least", "超": "at_least",
                                       "突破": "at_least", "跃上": "at_least",
                                       # a level held (守住万点大关, 站稳3000点): at least that level
                                       "守住": "at_least", "守稳": "at_least", "站稳": "at_least", "稳守": "at_least",
                                       "保住": "at_least",
                                       # a level lost (失守万点, 跌破3000点): at most that level
                                       "失守": "at_most", "跌破": "at_most", "击穿": "at_most",
                                       # comparisons right before the number (能见度小于200米, 气温高于35℃)
                                       "大于": "at_least", "高于": "at_least", "多于": "at_least",
                                       "小于": "at_most", "低于": "at_most", "少于": "at_most",
                                       # an approximation with its verb (人数约为77万): as_reported is the number
                                       "约为": "approx",
                                       # the signs of a standard or a limit (含水量≤12%, 蛋白质≥30%)
                                       "≤": "at_most", "≦": "at_most", "<": "at_most", "＜": "at_most",
                                       "≥": "at_least", "≧": "at_least", ">": "at_least", "＞": "at_least"}
# A gapped 最高/最低 that names a limit (最高支付限额为8万元) or a measurement's extreme
# (最高气温39.5℃, 最低水位, 最高价, 最大风速) is part of a noun: the figure is exact.
LIMIT_NOUNS: tuple[str, ...] = ("限额", "标准", "额度", "限价", "封顶线", "气温", "温度", "水位", "风力", "风速",
                                "阵风", "时速", "价", "值", "雨量", "降水", "气压", "烈度", "震级")
# Bounds the extractor also finds a few words before the number (至少下乡入户帮扶一次).
GAPPED_BOUNDS: tuple[str, ...] = ("至少", "最少", "不少于", "最多", "至多", "不超过", "最高", "最低")
# Characters before 近 / 约 that make them part of another word (附近, 最近, 节约, 签约 ...).
NOT_QUALIFIER_AFTER: dict[str, str] = {"近": "附最将接亲靠邻", "约": "节制预签违履契合大公条",
                                       "约为": "节制预签违履契合大公条"}

#: Words in the clause before a figure that say what kind it is (a draft's guess; the
#: last one before the number wins). The default is actual.
KIND_WORDS: dict[str, str] = {
    "确保": "target", "力争": "target", "目标": "target", "要": "target", "计划": "target",
    "争取": "target", "必须": "target", "必保": "target", "应当": "target",
    "预计": "forecast", "预期": "forecast", "预估": "forecast", "有望": "forecast", "可望": "forecast",
    "可": "forecast",
}
#: Words that hold a kind word without meaning it (可支配收入 is no forecast, 主要 no target).
NOT_KIND_WORDS: tuple[str, ...] = (
    "可支配", "可持续", "可再生", "可能", "可行", "可靠", "可比", "可用", "可控", "可是", "可视", "认可",
    "许可", "不可", "可观", "可喜", "主要", "重要", "需要", "要素", "只要", "纲要", "摘要", "要点",
    "必要",
)

#: Words right before a number that make it an amount or rate of change (增长12.5%,
#: 下降3个百分点, 比上年增加1028元). Followed by 到/至 they give the level reached
#: instead (提高到90%, 增至59个): no change.
CHANGE_WORDS: dict[str, str] = {
    "增长": "increase", "增加": "increase", "提高": "increase", "提升": "increase", "上升": "increase",
    "上涨": "increase", "增收": "increase", "增产": "increase", "新增": "increase", "增幅": "increase",
    "涨幅": "increase", "增量": "increase", "上调": "increase", "多种": "increase", "扩大": "increase",
    "下降": "decrease", "减少": "decrease", "降低": "decrease", "降幅": "decrease", "减产": "decrease",
    "下调": "decrease", "回落": "decrease", "缩小": "decrease", "节约": "decrease", "节省": "decrease",
    "省下": "decrease", "减收": "decrease", "压减": "decrease", "下滑": "decrease",
    # markets and weather: 收涨1.2%, 下跌2%, 跌幅, 上行3个基点, 降温8℃
    "涨": "increase", "多增": "increase", "上行": "increase", "回升": "increase", "攀升": "increase", "升温": "increase",
    "跌": "decrease", "下跌": "decrease", "跌幅": "decrease", "减幅": "decrease", "少增": "decrease", "下行": "decrease", "降温": "decrease",
    # a departure from the climate normal, by its word (较常年偏多2成, 偏高0.8℃, 偏少16.7%)
    "偏多": "increase", "偏高": "increase", "偏少": "decrease", "偏低": "decrease",
    # monetary policy: 降准0.5个百分点, 降息25个基点, 加息25bp
    "降准": "decrease", "降息": "decrease", "加息": "increase",
    # 升高14.4个百分点, 缩短1.8天, 扣减8万元 (a deduction), 比去年多出1289人
    "升高": "increase", "缩短": "decrease", "扣减": "decrease", "多出": "increase", "调升": "increase", "调降": "decrease",
    # trading volume: 放量1234亿元 (up by), 缩量 (down by); growth rates: 加快0.5个百分点, 放缓, 收窄
    "放量": "increase", "缩量": "decrease", "负增长": "decrease", "加快": "increase", "放缓": "decrease", "收窄": "decrease",
}
CHANGES: tuple[str, ...] = ("increase", "decrease")
