"""A process made ready to draw before it runs a notebook: :func:`warm` draws a sample
chart and renders it as ``chartfiles.save`` does for a notebook (the layout, PNG, SVG,
the narrow layout and the page's palette PNG), in memory, in Chinese (whose font draws
the English charts too).

The first chart a fresh process draws costs about 0.05 s more than the next (backends
imported, text measured, caches filled). The runner's kernel
server (``lingyuan.runner.kernelfork``) calls :func:`warm` once, while the first kernel
runs, so every kernel forked after it starts warm. Nothing is written, displayed or left
changed: matplotlib's settings are restored and the figures closed; what stays are
caches, which hold the same answers for any chart.
"""
from __future__ import annotations

import gc

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager

from lingyuan.analysis import chartfiles, charts, layouts

#: what the sample chart says, in each language: made-up words and numbers, in the shapes
#: real charts use (a title long enough to wrap, labels on two lines, a unit, marks)
_SAMPLE = {
    "zh": {"title": "示例图表：各项目的数值与预计数值对比，用于预先加载字体与绘图组件",
           "subtitle": "单位：万元；示例数据", "unit": "万元", "names": ["实际\n项目", "预计\n项目", "推算\n数值"],
           "rows": ["第一个较长的类别名称", "第二类", "第三个类别"]},
    "en": {"title": "Sample chart: the values of each project beside the forecast, drawn to load fonts",
           "subtitle": "10,000 yuan; sample data", "unit": "10k yuan",
           "names": ["actual\nproject", "forecast\nproject", "derived\nvalue"],
           "rows": ["a first, longer category name", "second", "a third category"]},
}


@layouts.chart
def sample_chart(lang: str):
    """A chart in the style of the collection, of made-up numbers: bars of each kind with
    their labels and unit, a panel of horizontal bars on a log scale with dots, a dashed line and a legend."""
    charts.setup(lang)
    words = _SAMPLE[lang]
    fig, axes = charts.figure(1, 2, width=9, height=5.0, width_ratios=[3, 2])
    left, right = axes[0, 0], axes[0, 1]
    for i, kind in enumerate(("actual", "forecast", "derived")):
        bars = left.bar([i], [120 + 40 * i], width=0.7, **charts.bar_style(kind, charts.PALETTE[i]))
        charts.label_bars(left, bars, [f"~{120 + 40 * i}"])
    left.set_xticks(range(3), words["names"])
    charts.axis_unit(left, words["unit"])
    values = [3.5, 1.25, 2.0]
    bars = right.barh(range(3), values, **charts.bar_style("actual", charts.PALETTE[3]))
    right.set_yticks(range(3), words["rows"])
    charts.label_bars(right, bars, [f"{v:g}" for v in values])
    right.axvline(2.5, color=charts.MUTED_COLOR, linestyle="--", linewidth=1.2)
    right.annotate(words["unit"], (2.5, 2.4), xytext=(4, 0), textcoords="offset points", fontsize=9)
    dots = [right.scatter([x], [y], s=46, zorder=3, **charts.point_style(kind, charts.PALETTE[2]))
            for x, y, kind in ((1.5, 0, "forecast"), (3.0, 1, "target"), (0.8, 2, "actual"))]
    right.set_xscale("log")
    right.legend(handles=dots, labels=words["names"], loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2,
                 frameon=False, fontsize=layouts.MIN_FONT)
    charts.finish(fig, title=words["title"], subtitle=words["subtitle"], lang=lang,
                  source_note=charts.marks_note(lang, qualifiers=["approx"], kinds=["forecast"], derived=True))
    return fig


def warm() -> None:
    """Draw and render the sample chart, in memory (see the module): about 0.45 s."""
    with matplotlib.rc_context():  # charts.setup's theme stays inside
        fig = sample_chart("zh")
        try:
            chartfiles.rendered(fig, "warm", ("png", "svg"), page=True)
        finally:
            plt.close(fig)
    # the fonts it opened are closed again: a process forked later opens its own (two
    # processes reading glyphs through one inherited file would share its offset)
    font_manager._get_font.cache_clear()
    gc.collect()
