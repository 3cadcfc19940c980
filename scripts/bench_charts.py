"""Benchmark of the charts: what the reports' second layout costs, where a chart's CPU
time goes, and the same against another revision of the code, side by side.

Every chart of the collection (the topic notebooks' charts and one village profile, in
the language given) is drawn and saved to a temporary folder twice over, alternating:

  (a) the files only: the wide layout, laid out once, PNG and SVG written (what a notebook
      run outside the reports would do, and what every run did before the page charts);
  (b) what a notebook run does now: (a) plus the narrow layout drawn once more, its SVG,
      and both SVGs made into the page's inline chart (``chartfiles.save(show=True)``).

Prints the CPU time of each, per chart and in all, and the ratio. CPU time (not wall
time) because the machine is shared; the work of a run that is not charts (kernel,
data, tables, HTML) is not in it, so the ratio is an upper bound of a run's slowdown.

``--phases`` times (b) only, split into its parts (the figure drawn per layout, the
layout passes and text fitting, each format saved, the SVG made inline, the PNG shown),
with how often each happens per chart. ``--against REF`` (a git revision, e.g. main)
runs ``--phases`` on this tree and on a copy of REF's package, alternating, in fresh
processes, and prints both tables side by side with their ratio.

    python scripts/bench_charts.py [--lang zh|en] [--rounds N] [--phases | --against REF]
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def charts(tables, lang: str):
    """(name, function drawing it) for every chart the notebooks draw (one village)."""
    from lingyuan.analysis import audit, income, industry, profile, social

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


class Phases:
    """CPU seconds and calls of the functions wrapped (``wrap``), an inner call of the same
    phase not counted twice."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._open: set[str] = set()

    def wrap(self, owner, attr: str, label):
        """Time ``owner.attr`` under *label* (a string, or a function of the call's
        arguments giving one); nothing when *owner* has no such attribute."""
        fn = getattr(owner, attr, None)
        if fn is None:
            return

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            name = label(*args, **kwargs) if callable(label) else label
            if name in self._open:
                return fn(*args, **kwargs)
            self._open.add(name)
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - start
                self.calls[name] = self.calls.get(name, 0) + 1
                self._open.discard(name)

        setattr(owner, attr, timed)


def _layout_of(fig, *_, **__) -> str:
    from lingyuan.analysis import layouts

    return "narrow" if fig.get_size_inches()[0] <= layouts.NARROW.width + 1e-6 else "wide"


def instrument(phases: Phases) -> None:
    """Wrap the parts of a chart's save (this tree's names; a missing one is skipped)."""
    import matplotlib.figure
    import matplotlib.layout_engine
    from matplotlib.backends import backend_agg, backend_svg

    from lingyuan.analysis import chartfiles, charts, chartwrap, layouts

    phases.wrap(layouts, "redraw", "figure drawn: narrow (from the data again)")
    phases.wrap(charts, "finish", lambda fig, **k: f"  of which finish (titles wrapped): {_layout_of(fig)}")
    for module in (chartfiles, layouts):
        for name in ("_fix_layout", "fix_layout"):
            phases.wrap(module, name, lambda fig, *a, **k: f"layout fixed: {_layout_of(fig)}")
    phases.wrap(matplotlib.layout_engine.ConstrainedLayoutEngine, "execute",
                lambda self, fig: f"  constrained-layout passes: {_layout_of(fig)}")
    phases.wrap(layouts, "fit_text", lambda fig, *a, **k: f"  fit_text: {_layout_of(fig)}")
    phases.wrap(layouts, "raise_small_text", lambda fig, *a, **k: f"  raise_small_text: {_layout_of(fig)}")
    for module in (chartwrap, layouts):
        phases.wrap(module, "wrap_to_width", "  wrap_to_width (any caller)")
    phases.wrap(matplotlib.figure.Figure, "savefig",
                lambda self, fname, **k: f"savefig {k.get('format')}: {_layout_of(self)}")
    phases.wrap(matplotlib.figure.Figure, "draw", lambda self, *a: f"  Figure.draw: {_layout_of(self)}")
    phases.wrap(backend_agg.RendererAgg, "get_text_width_height_descent", "text measured: Agg")
    phases.wrap(backend_svg.RendererSVG, "get_text_width_height_descent", "text measured: SVG")
    phases.wrap(chartfiles, "_svg_file", "SVG file post-processing (figures/)")
    phases.wrap(chartfiles, "_svg_font_stack", "SVG font stack (figures/)")
    phases.wrap(chartfiles, "chart_html", "SVGs made inline (page)")
    phases.wrap(chartfiles, "png_file", "PNG file (drawn, then written as RGB)")
    phases.wrap(chartfiles, "_png_output", "PNG for display (palette)")
    phases.wrap(chartfiles, "save", "save (all of it but the wide drawing)")


def timed(draw, name: str, folder: str, lang: str, show: bool, phases: Phases | None = None) -> float:
    import matplotlib.pyplot as plt

    from lingyuan.analysis import chartfiles, chartwrap

    forget = getattr(chartwrap, "forget_text_sizes", None)
    if forget is not None:  # each chart measures its text anew, as in a kernel of its own
        forget()
    start = time.process_time()
    fig = draw()
    if phases is not None:
        label = "figure drawn: wide (from the data)"
        phases.seconds[label] = phases.seconds.get(label, 0.0) + time.process_time() - start
        phases.calls[label] = phases.calls.get(label, 0) + 1
    chartfiles.save(fig, name, topic="bench", lang=lang, figures_dir=folder, formats=["png", "svg"],
                    show=show)
    plt.close("all")
    return time.process_time() - start


def setup(lang: str):
    import IPython.display

    from lingyuan.dataset.load import load

    IPython.display.display = lambda *objs, **kw: None  # what a kernel would send, dropped
    return charts(load(), lang)


def phase_run(lang: str, rounds: int) -> dict:
    """{"total": CPU seconds of (b) per round, "charts": n, "phases": {label: [seconds, calls]}}."""
    todo = setup(lang)
    with tempfile.TemporaryDirectory() as folder:
        for name, draw in todo:  # warm up: fonts, caches
            timed(draw, name, folder, lang, True)
        phases = Phases()
        instrument(phases)
        total = 0.0
        for _ in range(rounds):
            for name, draw in todo:
                total += timed(draw, name, folder, lang, True, phases)
    return {"total": total / rounds, "charts": len(todo),
            "phases": {k: [phases.seconds[k] / rounds, phases.calls[k] / rounds] for k in phases.seconds}}


def print_phases(results: dict[str, dict]) -> None:
    """One column pair (CPU s, calls per chart) per result; a ratio when there are two."""
    names = list(results)
    labels = sorted({k for r in results.values() for k in r["phases"]}, key=_order)
    head = f"{'phase (CPU s per round of all charts; calls per chart)':60s}" + "".join(
        f" {n[:14]:>14s} {'calls':>6s}" for n in names)
    print(head + ("   ratio" if len(names) == 2 else ""))
    for label in labels:
        row = f"{label:60s}"
        values = []
        for n in names:
            s, c = results[n]["phases"].get(label, [0.0, 0])
            row += f" {s:14.2f} {c / results[n]['charts']:6.2f}"
            values.append(s)
        if len(values) == 2 and values[1]:
            row += f" {values[0] / values[1]:7.2f}"
        print(row)
    totals = [results[n]["total"] for n in names]
    row = f"{'all of (b): drawing, layout, files, page (CPU s)':60s}" + "".join(f" {t:14.2f} {'':6s}" for t in totals)
    print(row + (f" {totals[0] / totals[1]:7.2f}" if len(totals) == 2 and totals[1] else ""))


def _order(label: str):
    top = label.strip()
    for i, key in enumerate(("figure drawn: wide", "  of which finish", "figure drawn: narrow", "layout fixed",
                             "  constrained", "  fit_text", "  raise_small", "  wrap_to_width", "  Figure.draw",
                             "text measured", "PNG file", "savefig rgba", "savefig png", "savefig svg", "SVG file", "SVG font", "SVGs made",
                             "PNG for", "save (")):
        if label.startswith(key) or top.startswith(key.strip()):
            return i, label
    return 99, label


def against(ref: str, lang: str, rounds: int, repeats: int) -> None:
    """``--phases`` on this tree and on REF's package, alternating, in fresh processes."""
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "ref"
        old.mkdir()
        archive = subprocess.run(["git", "archive", ref, "lingyuan"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        runs: dict[str, list[dict]] = {"this tree": [], ref: []}
        for _ in range(repeats):
            for name, path in (("this tree", ROOT), (ref, old)):
                env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
                out = subprocess.run([sys.executable, __file__, "--lang", lang, "--rounds", str(rounds),
                                      "--phases", "--json"], cwd=ROOT, env=env, capture_output=True,
                                     text=True, check=True).stdout
                runs[name].append(json.loads(out.splitlines()[-1]))
    merged = {}
    for name, results in runs.items():  # the fastest repeat of each: the least disturbed by other work
        merged[name] = min(results, key=lambda r: r["total"])
    print(f"charts: {merged['this tree']['charts']}, language {lang}; {repeats} alternating processes each, "
          f"the fastest shown; ratio = this tree / {ref}")
    print_phases(merged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--phases", action="store_true", help="time (b) split into its parts")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--against", metavar="REF", help="--phases here and at git revision REF, side by side")
    parser.add_argument("--repeats", type=int, default=2, help="processes per side with --against")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.lang, args.rounds, args.repeats)
        return
    if args.phases:
        result = phase_run(args.lang, args.rounds)
        if args.json:
            print(json.dumps(result))
        else:
            print_phases({"this tree": result})
        return
    import matplotlib.pyplot as plt  # noqa: F401  (the backend chosen before the first chart)

    todo = setup(args.lang)
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
