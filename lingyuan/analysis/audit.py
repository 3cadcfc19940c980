"""Consistency checks of the reported figures: does the page's arithmetic hold?

Each check is a declaration (:class:`~lingyuan.analysis.checks.Check`, in
:mod:`lingyuan.analysis.checks`): an id, a name, the kind of check, the
figure_ids it reads, the arithmetic (a function of the figures giving a *computed*
number, and one giving the *expected* number it should match — both built from
:mod:`lingyuan.analysis.derive`, the same definitions the charts use), the relation
between them (equal, at most, at least, or an explicit band), a tolerance, and the
values its words need. :func:`evaluate` runs every check and gives a :class:`Verdict`:

* **consistent** — computed / expected lies inside the check's band;
* **inconsistent** — it lies outside;
* **cannot check** — a figure is missing from the table, or the page gives nothing to
  compare with (the check then says why, and still shows what can be computed).

Arithmetic is exact (``Decimal`` from figures.csv) so that a sum of counts either matches
or does not. Tolerances are only as wide as the printing of the numbers allows (a share
printed to one decimal: half its last digit, computed from the printed value; a round
estimate like 2000万); each check states its reason. A target check is consistent when
the reported figure meets the target.

Titles and notes are phrases (``audit.*`` in :mod:`lingyuan.analysis.phrases`) filled
from the data and the verdict: a title names what is compared and never its outcome; a
note may have a version per verdict (``audit.<id>.note.<verdict>``), else the check's
note is followed by the kind's clause for its verdict (``audit.<kind>.<verdict>``).

The command ``python -m lingyuan audit [--data DIR] [--format table|csv|json]`` prints
the verdicts and exits 0 whatever they are (it reports; it does not judge the build);
it exits 2 only when the data cannot be read.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from decimal import Decimal, localcontext

import pandas as pd

from lingyuan import DATA_PROCESSED, datalinks
from lingyuan.analysis import derive, params, words
from lingyuan.analysis.checks import (  # noqa: F401  (the declarations, re-exported)
    CHECK_KINDS, CHECKS, ESTIMATE_TOLERANCE, IMPLIED, RELATIONS, VERDICT_ZH, VERDICTS, Check, Verdict,
    share_values, check_ids, number_of,
)
from lingyuan.analysis.words import say
from lingyuan.dataset import DatasetError, load  # noqa: F401  (load: the notebook's entry point)

TOPIC = "audit"


# --- evaluating ---------------------------------------------------------------------

def _inside(ratio: Decimal, band: tuple[Decimal | None, Decimal | None]) -> bool:
    low, high = band
    return (low is None or ratio >= low) and (high is None or ratio <= high)


def evaluate_check(check: Check, source) -> Verdict:
    """Run one check against the figures: consistent, inconsistent or cannot check."""
    f = derive.figures(source)
    missing = tuple(i for i in check.figure_ids if i not in f)
    if missing:
        return Verdict(check, "cannot check", None, None, missing)
    with localcontext() as ctx:
        ctx.prec = 28
        (computed, computed_from), (expected, expected_from) = number_of(check.computed(f)), \
            number_of(check.expected(f))
        band = check.ratio_band(f) if check.comparable else (None, None)
    try:
        values = check.values(f)
    except KeyError as e:  # a figure the words quote (not the arithmetic) is missing
        values = {"_missing_words": str(e.args[0]).split(":")[-1].split(";")[0].strip()}
    tolerance = check.comparable and expected is not None and check.has_tolerance(f)
    sources = {"computed_from": computed_from, "expected_from": expected_from}
    if not check.comparable or computed is None or expected is None:
        return Verdict(check, "cannot check", computed, expected, band=band, values=values, **sources)
    if expected == 0:
        ok = computed == 0
    else:
        with localcontext() as ctx:
            ctx.prec = 28
            ok = _inside(computed / expected, band)
    return Verdict(check, "consistent" if ok else "inconsistent", computed, expected, band=band, values=values,
                   tolerance=tolerance, **sources)


def evaluate(source, checks: list[Check] | None = None) -> list[Verdict]:
    """Every check (by default :data:`CHECKS`) against *source*: the loaded tables (exact
    values), or a tidy DataFrame with figure_id and value."""
    f = derive.figures(source)
    return [evaluate_check(c, f) for c in (CHECKS if checks is None else checks)]


# --- presenting ---------------------------------------------------------------------

def fmt(d: Decimal | None) -> str:
    """A number for the table: whole numbers as they are, others to 2 decimals (4 significant
    digits when small); empty for None."""
    if d is None:
        return ""
    if d == d.to_integral_value():
        return words.plain(d, 0)
    places = 2 if abs(d) >= 10 else max(2, 3 - math.floor(math.log10(abs(d))))
    return words.plain(d.quantize(Decimal(1).scaleb(-places)))


def _band(v: Verdict) -> str:
    if v.expected is None or not v.check.comparable:
        return ""
    low, high = v.band
    return f"[{'' if low is None else fmt(low)}, {'' if high is None else fmt(high)}]"


def verdict_table(verdicts: list[Verdict], lang: str = "en") -> pd.DataFrame:
    """One row per check: id, kind, title, verdict, computed, expected, ratio, accepted band,
    the figure_ids, the formula and the note (machine-readable keys; see :func:`reader_table`)."""
    params.check_lang(lang)
    return pd.DataFrame([{
        "id": v.id, "kind": v.check.kind, "title": v.title(lang),
        "verdict": v.verdict if lang == "en" else VERDICT_ZH[v.verdict],
        "computed": fmt(v.computed), "expected": fmt(v.expected), "ratio": fmt(v.ratio), "band": _band(v),
        "figure_ids": ", ".join(v.check.figure_ids), "formula": v.check.formula, "note": v.note(lang),
    } for v in verdicts])


def reader_table(verdicts: list[Verdict], lang: str, columns=("id", "title", "verdict", "computed", "expected",
                                                              "ratio", "band")):
    """The verdicts for a notebook reader: headers and verdicts in *lang*, numbers as the
    language writes them. Each row links to its check's entry on the data page; the computed
    and the expected number each to the entry of the figure or derived number it is."""
    from lingyuan.analysis import tables

    check_links = [datalinks.data_href(lang, datalinks.derived_anchor(v.id)) for v in verdicts]
    sides = {"computed": [source_href(v.computed_from, lang) for v in verdicts],
             "expected": [source_href(v.expected_from, lang) for v in verdicts]}
    return tables.show(pd.DataFrame(reader_rows(verdicts, lang), columns=list(columns)), lang, links=check_links,
                       cell_links={c: hrefs for c, hrefs in sides.items() if c in columns})


def source_href(source, lang: str) -> str | None:
    """The data-page link of a figure (an ``Operand``) or a derived number; None for anything else."""
    if isinstance(source, derive.Derived):
        return datalinks.data_href(lang, datalinks.derived_anchor(source.id))
    if isinstance(source, derive.Operand):
        return datalinks.data_href(lang, source.figure_id)
    return None


def reader_rows(verdicts: list[Verdict], lang: str) -> list[dict]:
    """One dict per verdict, as a reader reads it (the notebook's table, the site's data
    page): what is compared (*title*), the kind of check and the verdict in *lang*'s words,
    computed, expected, their ratio and the accepted band as the language writes numbers,
    the formula, what the verdict means (*note*) and the figures compared (*figure_ids*)."""
    params.check_lang(lang)
    return [{"id": v.id, "title": v.title(lang), "kind": words.text(*CHECK_KINDS[v.check.kind], lang),
             "verdict": v.verdict, "verdict_words": say(f"verdict.{v.verdict.replace(' ', '_')}", lang),
             "computed": _side(v.computed, v.computed_from, lang), "expected": _side(v.expected, v.expected_from, lang),
             "ratio": _num(v.ratio, lang), "band": band_words(v, lang), "formula": v.check.formula,
             "note": v.note(lang), "figure_ids": v.check.figure_ids} for v in verdicts]


def _num(d: Decimal | None, lang: str) -> str:
    return "" if d is None else words.number(Decimal(fmt(d)), lang, 4)


def _side(d: Decimal | None, source, lang: str) -> str:
    """A computed or expected number as a reader reads it: with its unit (and its qualifier
    mark) when it is a figure or a derived number, as the charts and the data page print it."""
    if d is None:
        return ""
    if isinstance(source, derive.Derived):
        return source.label(lang, marker=False, with_unit=True)
    if isinstance(source, derive.Operand):
        return words.quantity(source.value, source.unit, source.qualifier, lang, with_unit=True,
                              zh_unit=source.zh_unit)
    return _num(d, lang)


def band_words(v: Verdict, lang: str) -> str:
    """The accepted range of computed ÷ expected as a reader reads it: ``0.975–1.025``,
    ``≤ 1``, ``≥ 1``, ``= 1`` (exactly; a bare ``1`` in a column of ranges reads as a count);
    empty when there is no verdict to reach."""
    if v.expected is None or not v.check.comparable:
        return ""
    low, high = (None if b is None else _num(b, lang) for b in v.band)
    if low is not None and high is not None:
        return f"= {low}" if low == high else f"{low}–{high}"
    return f"≥ {low}" if low is not None else f"≤ {high}" if high is not None else ""


def summary(verdicts: list[Verdict]) -> dict[str, int]:
    """How many checks of each verdict."""
    return {k: sum(v.verdict == k for v in verdicts) for k in VERDICTS}


def summary_text(verdicts: list[Verdict], lang: str):
    """How many checks of each verdict, as a sentence (Markdown for the notebook)."""
    counts = summary(verdicts)
    return words.say_md("audit.summary", lang, n=len(verdicts), ok=counts["consistent"],
                        bad=counts["inconsistent"], open=counts["cannot check"])


def findings(verdicts: list[Verdict], section: str, lang: str):
    """The finding of one section of notebook 40, as Markdown made from the verdicts:
    ``chart`` (what the dots show) and ``reading`` (what two checks together say)."""
    by_id = {v.id: v for v in verdicts}
    bad = [v for v in verdicts if v.verdict == "inconsistent"]
    if section == "chart":
        if not bad:
            return words.say_md("audit.finding.chart.none", lang)
        return words.say_md("audit.finding.chart", lang, n=len(bad), titles="；".join(v.title(lang) for v in bad)
                            if lang == "zh" else "; ".join(v.title(lang) for v in bad))
    if section == "reading":
        per_poor, per_person = by_id.get("benefit-per-poor-vs-gain"), by_id.get("projects-per-poor-person")
        if per_poor is None or per_person is None or per_poor.missing or per_person.missing:
            return words.say_md("audit.finding.reading.missing", lang)
        both = per_poor.verdict == per_person.verdict == "consistent"
        key = "audit.finding.reading." + ("both" if both else "not_both")
        return words.say_md(key, lang, per=per_poor.values["per"], gain=per_poor.values["gain"],
                            reached=per_person.values["reached"], ratio=per_person.values["ratio"],
                            projects=per_person.values["projects"],
                            v1=say(f"verdict.{per_poor.verdict.replace(' ', '_')}", lang),
                            v2=say(f"verdict.{per_person.verdict.replace(' ', '_')}", lang))
    raise KeyError(f"no finding {section!r}; sections: chart, reading")


def render(verdicts: list[Verdict], format: str = "table", lang: str = "en") -> str:
    """The verdicts as a text table, CSV or JSON (deterministic)."""
    table = verdict_table(verdicts, lang)
    if format == "csv":
        buf = io.StringIO()
        table.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        return buf.getvalue()
    if format == "json":
        return json.dumps(table.to_dict("records"), ensure_ascii=False, indent=2) + "\n"
    if format != "table":
        raise ValueError(f"format={format!r}; valid formats: table, csv, json")
    cols = ["id", "verdict", "computed", "expected", "note"]
    widths = {c: max(len(c), *(len(str(x)) for x in table[c])) for c in cols[:-1]}
    lines = ["  ".join(c.ljust(widths.get(c, 0)) for c in cols).rstrip()]
    lines.append("  ".join("-" * widths.get(c, 4) for c in cols))
    for _, row in table.iterrows():
        lines.append("  ".join(str(row[c]).ljust(widths.get(c, 0)) for c in cols).rstrip())
    counts = summary(verdicts)
    lines.append("")
    lines.append(f"{len(verdicts)} checks: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return "\n".join(lines) + "\n"


# --- chart ------------------------------------------------------------------------------

VERDICT_COLOR = {"consistent": "#0072B2", "inconsistent": "#D55E00", "cannot check": "#888888"}
RATIO_LIMITS = (0.01, 4.0)


def _dots(ax, verdicts: list[Verdict], lang: str) -> None:
    """A dot per check at its ratio, the accepted band shaded behind it."""
    from lingyuan.analysis import charts, marklinks

    lo_lim, hi_lim = RATIO_LIMITS
    for i, v in enumerate(verdicts):
        color = VERDICT_COLOR[v.verdict]
        if v.check.comparable and v.expected is not None and v.computed is not None:
            low, high = v.band
            a, b = float(low) if low is not None else lo_lim, float(high) if high is not None else hi_lim
            if a == b:  # an exact match required: a thin band so it shows
                a, b = a * 0.985, b * 1.015
            ax.barh(i, b - a, left=a, height=0.62, color="#dddddd", edgecolor="none", zorder=1)
        r = v.ratio
        if r is not None:
            x = min(max(float(r), lo_lim * 1.05), hi_lim / 1.05)
            hollow = v.verdict == "cannot check"
            dot = ax.scatter([x], [i], s=46, zorder=3, marker="o", linewidths=1.5, edgecolors=color,
                             facecolors="white" if hollow else color)
            label = ax.annotate(words.significant(r, 3), (x, i), xytext=(7, 0), textcoords="offset points",
                                va="center", fontsize=7.5, color=charts.MUTED_COLOR)
            marklinks.link_marks([dot, label], lang, derived=v.check.id, title=v.title(lang))
        else:
            # at the left of its empty row, where it fits in every layout
            ax.text(RATIO_LIMITS[0] * 1.15, i, charts.bilingual("无可比较的数字", "nothing to compare with", lang),
                    va="center", ha="left", fontsize=7.5, color=VERDICT_COLOR["cannot check"], style="italic")


def _legend(ax, lang: str) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from lingyuan.analysis import charts, layouts

    t = charts.bilingual
    handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=VERDICT_COLOR[k],
                      markeredgecolor=VERDICT_COLOR[k], label=t(VERDICT_ZH[k], k, lang)) for k in VERDICTS[:2]]
    handles.append(Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor="white",
                          markeredgecolor=VERDICT_COLOR["cannot check"], label=t("无法核对", "cannot check", lang)))
    handles.append(Patch(facecolor="#dddddd", label=t("容许范围", "accepted range", lang)))
    # above the axes, which start right of the checks' names: two columns fit its width (four
    # ran past the chart's right edge)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=1 if layouts.narrow() else 2,
              frameon=False, fontsize=layouts.MIN_FONT)


def _wide_chars(text: str) -> int:
    """How many characters of *text* are drawn full width (Chinese, and the quotes around it)."""
    return sum(1 for c in text if ord(c) >= 0x2E80 or c in "“”")


def verdict_chart(verdicts: list[Verdict], lang: str, source=None):
    """A dot per check: computed / expected on a log scale, the accepted band shaded behind
    it, coloured by verdict (hollow grey: cannot check; a note when there is no ratio).
    *source* (the tables) adds the implied poor population the checks use to the source line.
    Each dot links to its check's entry on the data page (``datalinks.derived_anchor(check id)``)."""
    from lingyuan.analysis import layouts

    return layouts.drawn(_verdict_chart, verdicts, lang, source)


def _verdict_chart(verdicts: list[Verdict], lang: str, source=None):
    from matplotlib.ticker import FuncFormatter

    from lingyuan.analysis import charts, chartwrap, layouts

    charts.setup(lang)
    t = charts.bilingual
    n = len(verdicts)
    # each check's name wrapped to the room the layout leaves it (layouts.Y_LABEL_SHARE of the
    # width), and each row as tall as its lines
    chars = {("zh", False): 22, ("en", False): 42, ("zh", True): 11, ("en", True): 19}[lang, layouts.narrow()]
    # (a Chinese character in an English name, 6万余人, takes the room of two letters)
    labels = [chartwrap.wrap_label(v.title(lang), chars - (_wide_chars(v.title(lang)) if lang == "en" else 0), lang)
              for v in verdicts]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig, axes = charts.figure(1, 1, width=10.5, height=layouts.HEAD_FOOT_IN + 1.0 + lines * layouts.MIN_FONT * 1.3 / 72
                              + 0.08 * n)
    ax = axes[0, 0]
    _dots(ax, verdicts, lang)
    lo_lim, hi_lim = RATIO_LIMITS
    ax.axvline(1.0, color=charts.MUTED_COLOR, linewidth=0.8, zorder=2)
    ax.set_xscale("log")
    ax.set_xlim(lo_lim, hi_lim)
    ax.set_xticks([0.01, 0.03, 0.1, 0.3, 0.5, 1, 2, 4])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda x, _: ""))
    ax.set_yticks(range(n), labels)
    for tick, v in zip(ax.get_yticklabels(), verdicts):
        tick.set_color(VERDICT_COLOR[v.verdict] if v.verdict == "inconsistent" else charts.TEXT_COLOR)
    ax.set_ylim(n - 0.5, -0.5)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t("计算值 ÷ 预期值（对数刻度；1 = 完全相符）", "computed ÷ expected (log scale; 1 = exact match)", lang))
    _legend(ax, lang)
    counts = summary(verdicts)
    bad = [v for v in verdicts if v.verdict == "inconsistent"]
    title = say("audit.chart.title", lang, n=n, ok=counts["consistent"], bad=counts["inconsistent"],
                open=counts["cannot check"])
    if bad:
        title += say("audit.chart.failing" + (".more" if len(bad) > 1 else ""), lang, title=bad[0].title(lang))
    subtitle = t("每项核对的计算值与预期值之比；灰色带为按原文印刷精度容许的范围；数字为2019年9月报道",
                 "Ratio of the computed to the expected number for each check; grey bands: the range the "
                 "printed precision allows; figures as reported in September 2019", lang)
    note = ""
    if source is not None:
        f = derive.figures(source)
        if all(i in f for i in IMPLIED):
            note = say("audit.chart.note", lang, **share_values(f))
    charts.finish(fig, title=title, subtitle=subtitle, lang=lang, source_note=note or None)
    return fig


# --- command line -----------------------------------------------------------------------

def audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=str(DATA_PROCESSED), metavar="DIR",
                        help="folder of the processed tables (default: data/processed)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="output format (default: table)")
    parser.add_argument("--lang", choices=params.LANGS, default="en", help="language of titles and notes")


def audit_command(args: argparse.Namespace) -> int:
    """Print the verdicts; exit 0 whatever they are, 2 when the data cannot be read."""
    try:
        tables = load(args.data)
    except DatasetError as e:
        print(f"lingyuan audit: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(render(evaluate(tables), args.format, args.lang))
    return 0
