"""The extractor on real published reports it was not written for.

Two corpora, each a folder of hand labels beside a folder of texts, scored the same way:

* the development corpus: 17 texts that stay beside the project (``../shared/corpus/``,
  or the folder named by the environment variable LINGYUAN_CORPUS; the tests skip,
  saying why, when they are not there), labelled in ``tests/data/real_corpus/*.csv``
  (conventions in its README.md);
* the unseen-register corpus: published texts in registers the first one lacks
  (markets, company results, weather and disasters, crop and livestock notices, health,
  education and statistics, procuratorate reports, sports, science) in ``corpus/`` at
  the project root (sources in ``corpus/SOURCES.md``), labelled in
  ``tests/data/unseen_corpus/*.csv`` before any extractor was run on them. The rules
  are improved apart from these labels, so the test reports recall and precision per
  text and per register and asserts only a floor.

The scorer (:func:`score_text`) matches the extractor's quantities to the gold rows:

* a quantity *hits* a gold row when its span starts in the row's line, overlaps an
  occurrence of the row's evidence snippet in that line, and its value equals the
  row's value (a fraction ``a/b`` compared as exactly as Decimal holds it); a row
  whose value is negative (a number printed with a minus, ``-73.58%``) is also hit
  by the amount without its sign read as a decrease (``change`` = ``decrease``),
  the other documented reading of a minus;
* each gold row and each quantity is used once (rows in file order, the first
  free quantity that fits);
* recall = hits / gold rows, precision = hits / quantities found.

Qualifier, unit_reported and change are *not* part of a hit: they are scored apart,
as the share of hits where they agree with the row, so a number found with a wrong
qualifier shows as a field error, not as both a miss and a false find. A range is scored
whole the same way: a row whose note says ``range, high=N`` counts as "high ok" when the
quantity that hits it has ``value_high`` N (the table shows ranges hit and high ok).
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from decimal import Context, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from lingyuan import PROJECT_ROOT
from lingyuan.quantities import find_quantities
from lingyuan.quantities.finder import Quantity

GOLD_DIR = Path(__file__).parent / "data" / "real_corpus"
# The texts live outside the project (they are not ours), like the article.
CORPUS_DIR = Path(os.environ.get("LINGYUAN_CORPUS") or PROJECT_ROOT.parent / "shared" / "corpus")
UNSEEN_GOLD_DIR = Path(__file__).parent / "data" / "unseen_corpus"
UNSEEN_TEXT_DIR = PROJECT_ROOT / "corpus"
# What the extractor must at least reach on the unseen-register corpus, all texts
# together: a floor just under the first run's score (recall 0.868, precision 0.888,
# 710 labels, with the extractor as it was when the labels were made; per text in
# tests/data/unseen_corpus/README.md), so that improving the rules never has to touch
# this test and a fall below the first run fails it. Raise it as the extractor improves.
UNSEEN_RECALL_FLOOR = 0.85
UNSEEN_PRECISION_FLOOR = 0.87
GOLD_COLUMNS = ("line", "evidence", "as_reported", "value", "unit_reported", "qualifier", "kind",
                "change", "note")
# The upper end of a range, as the label files note it (README of tests/data/unseen_corpus).
RANGE_HIGH_RE = re.compile(r"\brange, high=(-?[0-9.]+)")


def gold_files(gold_dir: Path = GOLD_DIR) -> list[Path]:
    return sorted(gold_dir.glob("*.csv"))


def read_gold(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def gold_value(value: str) -> Fraction:
    """The row's value: a plain decimal or a fraction a/b."""
    if "/" in value:
        a, b = value.split("/")
        return Fraction(Decimal(a)) / Fraction(Decimal(b))
    return Fraction(Decimal(value))


def same_value(found: Decimal, gold: Fraction) -> bool:
    """Equal, or (for a fraction such as 1/3) equal to within Decimal's 60 significant digits."""
    got = Fraction(found)
    if got == gold:
        return True
    return abs(got - gold) <= abs(gold) * Fraction(1, 10**55)


def value_fits(quantity, wanted: Fraction) -> bool:
    """The quantity's value is the row's, or (a row printed with a minus) the amount
    without its sign, read as a decrease."""
    if same_value(quantity.value, wanted):
        return True
    return wanted < 0 and getattr(quantity, "change", "") == "decrease" and same_value(quantity.value, -wanted)


def line_starts(text: str) -> list[int]:
    starts = [0]
    p = text.find("\n")
    while p >= 0:
        starts.append(p + 1)
        p = text.find("\n", p + 1)
    return starts


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    hits: int = 0
    misses: list[dict[str, str]] = field(default_factory=list)  # gold rows not found
    extras: list = field(default_factory=list)  # quantities no row holds
    agree: dict[str, int] = field(default_factory=lambda: {"qualifier": 0, "unit_reported": 0, "change": 0})
    disagree: list[tuple[str, dict[str, str], object]] = field(default_factory=list)
    ranges: int = 0  # hits on rows noted as a range (range, high=N)
    high_ok: int = 0  # of those, the quantity's value_high is N

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.found += other.found
        self.hits += other.hits
        self.misses += other.misses
        self.extras += other.extras
        for k in self.agree:
            self.agree[k] += other.agree[k]
        self.disagree += other.disagree
        self.ranges += other.ranges
        self.high_ok += other.high_ok


def score_text(text: str, rows: list[dict[str, str]], quantities: list) -> Score:
    """Match *quantities* (found in *text*) to the gold *rows*; see the module docstring."""
    starts = line_starts(text)
    score = Score(gold=len(rows), found=len(quantities))
    used: set[int] = set()
    for row in rows:
        line = int(row["line"])
        a = starts[line - 1]
        b = starts[line] - 1 if line < len(starts) else len(text)
        evidence = row["evidence"]
        places = []
        p = text.find(evidence, a, b)
        while p >= 0:
            places.append((p, p + len(evidence)))
            p = text.find(evidence, p + 1, b)
        wanted = gold_value(row["value"])
        pick = None
        for i, q in enumerate(quantities):
            if i in used or not (a <= q.start <= b):
                continue
            if any(q.start < e and q.end > s for s, e in places) and value_fits(q, wanted):
                pick = i
                break
        if pick is None:
            score.misses.append(row)
            continue
        used.add(pick)
        score.hits += 1
        q = quantities[pick]
        for name, got in (("qualifier", q.qualifier), ("unit_reported", q.unit_reported),
                          ("change", getattr(q, "change", ""))):
            if got == row[name]:
                score.agree[name] += 1
            else:
                score.disagree.append((name, row, got))
        high = RANGE_HIGH_RE.search(row.get("note", ""))
        if high:
            score.ranges += 1
            got_high = getattr(q, "value_high", None)
            if got_high is not None and same_value(got_high, gold_value(high.group(1))):
                score.high_ok += 1
            else:
                score.disagree.append(("value_high", row, got_high))
    score.extras = [q for i, q in enumerate(quantities) if i not in used]
    return score


def corpus_text(gold: Path, text_dir: Path = CORPUS_DIR) -> Path:
    return text_dir / (gold.stem + ".txt")


def score_corpus(find=find_quantities, gold_dir: Path = GOLD_DIR, text_dir: Path = CORPUS_DIR) -> dict[str, Score]:
    """Score of every text of a corpus (labels in *gold_dir*, texts in *text_dir*)
    that is present, by file stem."""
    scores = {}
    for gold in gold_files(gold_dir):
        path = corpus_text(gold, text_dir)
        if path.exists():
            text = path.read_text(encoding="utf-8")
            scores[gold.stem] = score_text(text, read_gold(gold), find(text))
    return scores


def register(stem: str) -> str:
    """The register a text's file name gives: ``18-weather-cold-wave`` -> ``weather``."""
    return stem.split("-")[1]


def score_table(scores: dict[str, Score], registers: bool = True) -> str:
    """Recall and precision per text, per register (the word after the number in the
    file name; left out when *registers* is false) and for all texts, as a plain-text
    table; "high ok" is ranges whose upper end is right / ranges hit."""
    rows = [f"{'text':<56} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>9} {'high ok':>8}"]

    def table_row(name: str, score: Score) -> str:
        high = f"{score.high_ok}/{score.ranges}" if score.ranges else ""
        return (f"{name:<56} {score.gold:>5} {score.found:>6} {score.recall:>7.3f} {score.precision:>9.3f}"
                f" {high:>8}")

    by_register: dict[str, Score] = {}
    total = Score()
    for name, score in scores.items():
        rows.append(table_row(name, score))
        by_register.setdefault(register(name), Score()).add(score)
        total.add(score)
    if registers:
        rows.append("")
        rows += [table_row(f"register {name}", score) for name, score in sorted(by_register.items())]
    rows.append(table_row("all", total))
    return "\n".join(rows)


def _need_corpus() -> None:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"the real-report corpus is not beside the project ({CORPUS_DIR}); "
                    "it is not ours to redistribute: set LINGYUAN_CORPUS to its folder to run these")


# --- the gold labels ------------------------------------------------------------------

@pytest.mark.parametrize("gold_dir, count", [(GOLD_DIR, 17), (UNSEEN_GOLD_DIR, None)],
                         ids=["development", "unseen"])
def test_gold_files_are_well_formed(gold_dir, count):
    files = gold_files(gold_dir)
    assert len(files) == count if count else len(files) >= 20
    for path in files:
        rows = read_gold(path)
        assert rows, path
        for row in rows:
            assert tuple(row) == GOLD_COLUMNS, path
            assert len(row["evidence"]) <= 30, (path, row)
            assert row["qualifier"] in ("exact", "approx", "at_least", "at_most"), (path, row)
            assert row["kind"] in ("actual", "target", "forecast"), (path, row)
            assert row["change"] in ("", "increase", "decrease"), (path, row)
            gold_value(row["value"])


def assert_evidence_stands_in_its_line(gold_dir: Path, text_dir: Path) -> None:
    for gold in gold_files(gold_dir):
        lines = corpus_text(gold, text_dir).read_text(encoding="utf-8").split("\n")
        for row in read_gold(gold):
            assert row["evidence"] in lines[int(row["line"]) - 1], (gold.name, row)


def test_gold_evidence_stands_in_its_line():
    _need_corpus()
    assert_evidence_stands_in_its_line(GOLD_DIR, CORPUS_DIR)


def test_unseen_corpus_has_a_label_file_per_text_in_eight_registers():
    texts = sorted(p.stem for p in UNSEEN_TEXT_DIR.glob("*.txt"))
    labels = [p.stem for p in gold_files(UNSEEN_GOLD_DIR)]
    assert texts == labels
    assert len(texts) >= 20
    assert len({register(name) for name in texts}) >= 8
    sources = (UNSEEN_TEXT_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"| {name}.txt |" in sources for name in texts)  # each text documented


def test_unseen_evidence_stands_in_its_line():
    assert_evidence_stands_in_its_line(UNSEEN_GOLD_DIR, UNSEEN_TEXT_DIR)


# --- the scorer itself ----------------------------------------------------------------

def row(line: int, evidence: str, value: str, unit: str, change: str = "") -> dict[str, str]:
    """A gold row as read from a label file (exact qualifier)."""
    return {"line": str(line), "evidence": evidence, "value": value, "qualifier": "exact",
            "unit_reported": unit, "change": change}


def test_scorer_needs_place_and_value():
    text = "甲村有农户120户。\n乙村有农户120户，耕地300亩。"
    rows = [row(2, "乙村有农户120户", "120", "户"), row(2, "耕地300亩", "30", "亩")]
    score = score_text(text, rows, find_quantities(text))
    assert (score.gold, score.found, score.hits) == (2, 3, 1)
    assert [r["evidence"] for r in score.misses] == ["耕地300亩"]  # wrong value
    assert [q.start for q in score.extras] == [text.index("120"), text.index("300")]  # line 1 is not line 2


def test_scorer_takes_either_reading_of_a_minus():
    text = "综合能耗-3.3%，人口增长-1.2%。"
    rows = [row(1, "能耗-3.3%", "-3.3", "%", "decrease"), row(1, "增长-1.2%", "-1.2", "%", "decrease")]
    start = text.index("-3.3")
    signed = Quantity(start, start + 5, "-3.3%", Decimal("-3.3"), "%", "%", "exact", "", "decrease")
    start = text.index("1.2")
    amount = Quantity(start, start + 4, "1.2%", Decimal("1.2"), "%", "%", "exact", "", "decrease")
    assert score_text(text, rows, [signed, amount]).hits == 2
    unsigned = Quantity(start, start + 4, "1.2%", Decimal("1.2"), "%", "%", "exact", "", "increase")
    score = score_text(text, rows, [signed, unsigned])
    assert score.hits == 1 and [r["evidence"] for r in score.misses] == ["增长-1.2%"]
    positive_row = [dict(rows[1], value="1.2", change="decrease")]  # a plain 1.2 is not hit by -1.2
    minus = Quantity(start - 1, start + 4, "-1.2%", Decimal("-1.2"), "%", "%", "exact", "", "decrease")
    assert score_text(text, positive_row, [minus]).hits == 0


def test_scorer_checks_the_upper_end_of_a_range():
    text = "预计降水量30～80毫米。"
    rows = [dict(row(1, "30～80毫米", "30", "毫米"), qualifier="at_least", note="range, high=80")]
    start = text.index("30")
    whole = Quantity(start, start + 7, "30～80", Decimal(30), "", "毫米", "at_least", "", "", Decimal(80))
    score = score_text(text, rows, [whole])
    assert (score.hits, score.ranges, score.high_ok) == (1, 1, 1)
    lower_only = Quantity(start, start + 7, "30～80", Decimal(30), "", "毫米", "at_least", "", "", None)
    score = score_text(text, rows, [lower_only])
    assert (score.hits, score.ranges, score.high_ok) == (1, 1, 0)  # still a hit: the upper end is scored apart
    assert [(name, got) for name, _, got in score.disagree] == [("value_high", None)]
    assert "1/1" in score_table({"40-weather-x": score_text(text, rows, find_quantities(text))})


def test_scorer_compares_fractions_exactly_enough():
    assert same_value(Context(prec=60).divide(Decimal(1), Decimal(3)), gold_value("1/3"))
    assert not same_value(Decimal(1) / Decimal(3), gold_value("1/3"))  # 28 digits are not enough
    assert not same_value(Decimal("0.333"), gold_value("1/3"))
    assert same_value(Decimal("45.6"), gold_value("45.6"))


# --- the goal -------------------------------------------------------------------------

def test_recall_and_precision_on_real_reports():
    _need_corpus()
    total = Score()
    for score in score_corpus().values():
        total.add(score)
    report = ([("miss", r["line"], r["evidence"], r["value"]) for r in total.misses]
              + [("extra", q.context, str(q.value)) for q in total.extras])
    assert total.recall >= 0.99 and total.precision >= 0.97, (total.recall, total.precision, report)


def test_recall_and_precision_on_unseen_registers():
    """First-run honesty: these labels were made before any rule was written for these
    texts; the floor only stops a fall below the first run. The table is printed (run
    with ``-s``) and is in the message when the floor is not met."""
    scores = score_corpus(gold_dir=UNSEEN_GOLD_DIR, text_dir=UNSEEN_TEXT_DIR)
    assert sorted(scores) == [p.stem for p in gold_files(UNSEEN_GOLD_DIR)]
    total = Score()
    for score in scores.values():
        total.add(score)
    table = score_table(scores)
    print(table)
    assert total.recall >= UNSEEN_RECALL_FLOOR and total.precision >= UNSEEN_PRECISION_FLOOR, table
    assert total.ranges and total.high_ok == total.ranges, table  # every range found whole
