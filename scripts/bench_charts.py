"""Benchmark of what the reports' second chart layout costs, in one process, side by side.

Every chart of the collection (the topic notebooks' charts and one village profile, in
the language given) is drawn and saved to a temporary folder twice over, alternating:

  (a) the files only: the wide layout, laid out once, PNG and SVG written (what a notebook
      run outside the reports would do, and what every run did before the page charts);
  (b) what a notebook run does now: (a) plus the narrow layout drawn once more, its SVG,
      and both SVGs made into the page's inline chart (``chartfiles.save(show=True)``).

Prints the CPU time of each, per chart and in all, and the ratio. CPU time (not wall
time) because the machine is shared; the work of a run that is not charts (kernel,
data, tables, HTML) is not in it, so the ratio is an upper bound of a run's slowdown.

    python scripts/bench_charts.py [--lang zh|en] [--rounds N]
"""
from __future__ import annotations

import argparse
import tempfile
import time

import IPython.display
import matplotlib.pyplot as plt

from lingyuan.analysis import audit, chartfiles, income, industry, profile, social
from lingyuan.dataset.load import load


def charts(tables, lang: str):
    """(name, function drawing it) for every chart the notebooks draw (one village)."""
    return [
        ("industry_reach", lambda: industry.reach_chart(tables, lang)),
        ("industry_capacity", lambda: industry.capacity_chart(tables, lang)),
        ("industry_beilu", lambda: industry.beilu_chart(tables, lang)),
        ("industry_grapes", lambda: industry.grape_chart(tables, lang)),
        ("industry_erangou", lambda: industry.erangou_chart(tables, lang)),
        ("industry_cooperatives", lambda: industry.cooperatives_chart(tables, lang)),
        ("income_per_capita", lambda: income.per_capita_chart(tables, lang)),
        ("income_collective", lambda: income.collective_chart(tables, lang)),
        ("income_earnings", lambda: income.earnings_chart(tables, lang)),
        ("social_safety_net", lambda: social.safety_net_chart(tables, lang)),
        ("social_health", lambda: social.health_chart(tables, lang)),
        ("social_education", lambda: social.education_chart(tables, lang)),
        ("social_housing", lambda: social.housing_chart(tables, lang)),
        ("social_employment", lambda: social.employment_chart(tables, lang)),
        ("audit_verdicts", lambda: audit.verdict_chart(audit.evaluate(tables), lang, tables)),
        ("village_beifangshen", lambda: profile.profile_chart(tables, "beifangshen", lang)),
    ]


def timed(draw, name: str, folder: str, lang: str, show: bool) -> float:
    start = time.process_time()
    chartfiles.save(draw(), name, topic="bench", lang=lang, figures_dir=folder, formats=["png", "svg"],
                    show=show)
    plt.close("all")
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    IPython.display.display = lambda *objs, **kw: None  # what a kernel would send, dropped
    tables = load()
    todo = charts(tables, args.lang)
    with tempfile.TemporaryDirectory() as folder:
        for name, draw in todo:  # warm up: fonts, caches
            timed(draw, name, folder, args.lang, True)
        files, pages = {}, {}
        for _ in range(args.rounds):
            for name, draw in todo:
                files[name] = files.get(name, 0) + timed(draw, name, folder, args.lang, False)
                pages[name] = pages.get(name, 0) + timed(draw, name, folder, args.lang, True)
    print(f"{'chart':24s} {'(a) files s':>12s} {'(b) + page s':>13s} {'ratio':>6s}")
    for name, _ in todo:
        a, b = files[name] / args.rounds, pages[name] / args.rounds
        print(f"{name:24s} {a:12.2f} {b:13.2f} {b / a:6.2f}")
    a, b = sum(files.values()) / args.rounds, sum(pages.values()) / args.rounds
    print(f"{'all':24s} {a:12.2f} {b:13.2f} {b / a:6.2f}")


if __name__ == "__main__":
    main()
