"""``extract REPORT --draft OUT_DIR``: a complete raw folder that validate accepts except
for the ids a person fills in; and how much of the article's transcription it gets right."""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from lingyuan import DEFAULT_ARTICLE, PROJECT_ROOT
from lingyuan.__main__ import main
from lingyuan.dataset import schema
from lingyuan.quantities import parse_number
from lingyuan.quantities.draft import make_draft

FIGURES = PROJECT_ROOT / "data" / "raw" / "figures.csv"
FIELDS = ("evidence", "value", "unit_reported", "qualifier", "kind", "period")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def draft_accuracy(text: str, data: bytes, transcription: list[dict[str, str]]) -> tuple[int, int, dict[str, int]]:
    """(rows of the transcription, rows the draft locates, right fields among them).

    A transcription row is located when a draft row's evidence and the row's evidence
    overlap in the text (whitespace removed) and hold the same number; on located rows,
    evidence is right when one snippet holds the other, value when the numbers are equal,
    and unit_reported, qualifier, kind and period when they are equal."""
    draft = make_draft("article.txt", data, text, "2026-01-01").figures
    s = re.sub(r"\s", "", text)
    used: set[int] = set()
    located, right = 0, Counter()
    for row in transcription:
        ev = re.sub(r"\s", "", row["evidence"])
        at = s.find(ev)
        value = parse_number(row["as_reported"]).value
        for i, d in enumerate(draft):
            if i in used:
                continue
            dat = s.find(d["evidence"])
            if dat < 0 or not (dat < at + len(ev) and at < dat + len(d["evidence"])):
                continue
            if parse_number(d["as_reported"]).value != value:
                continue
            used.add(i)
            located += 1
            right["evidence"] += d["evidence"] in ev or ev in d["evidence"]
            right["value"] += 1
            for name in ("unit_reported", "qualifier", "kind", "period"):
                right[name] += d[name] == row[name]
            break
    return len(transcription), located, dict(right)


def test_draft_is_a_raw_folder_validate_names_only_the_ids(tmp_path, capsys):
    text = "产业扶贫带动凌源6万余贫困人口增收\n\n2019年，全市新建温室大棚215栋，总投资860万元。\n\n力争到2020年村集体收入全部达到5万元以上。\n"
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    out = tmp_path / "draft"
    assert main(["extract", str(report), "--draft", str(out)]) == 0
    figures = _rows(out / "figures.csv")
    assert list(figures[0]) == list(schema.RAW_TABLES["figures"].columns)
    assert [(r["figure_id"], r["as_reported"], r["unit_reported"], r["qualifier"], r["kind"], r["period"])
            for r in figures] == [
        ("p0-1", "6万余", "人", "approx", "actual", "2019"), ("p1-1", "215", "栋", "exact", "actual", "2019"),
        ("p1-2", "860万", "元", "exact", "actual", "2019"), ("p2-1", "5万", "元", "at_least", "target", "2020")]
    assert all(len(r["evidence"]) <= 30 and r["as_reported"] in r["evidence"] for r in figures)
    for name in ("sources", "entities", "indicators"):
        assert list(_rows(out / f"{name}.csv")[0] if name == "sources" else
                     next(csv.reader((out / f"{name}.csv").open(encoding="utf-8")))) == \
            list(schema.RAW_TABLES[name].columns)
    capsys.readouterr()
    assert main(["validate", str(out)]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines() if ": " in line and "problems in" not in line]
    assert problems and all(re.search(r": (entity_id|indicator_id): fill in \1", p) for p in problems), problems
    assert len(problems) == 2 * len(figures)


def test_draft_of_the_article_locates_the_transcription():
    if not DEFAULT_ARTICLE.exists():
        pytest.skip("the article is not in this checkout (it is not ours to redistribute)")
    data = DEFAULT_ARTICLE.read_bytes()
    rows, located, right = draft_accuracy(data.decode("utf-8"), data, _rows(FIGURES))
    assert located >= 0.95 * rows
    assert right["qualifier"] >= 0.9 * located and right["unit_reported"] >= 0.9 * located


def test_draft_carries_ranges_and_still_validates_but_for_the_ids(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text("补助标准\n\n2024年，每户补助3至5万元，预计降水量30～80毫米。\n", encoding="utf-8")
    out = tmp_path / "draft"
    assert main(["extract", str(report), "--draft", str(out)]) == 0
    figures = _rows(out / "figures.csv")
    assert [(r["as_reported"], r["qualifier"], r["note"]) for r in figures] == [
        ("3至5万", "at_least", "a range: value_high 50000 (the upper end)")]
    held_back = _rows(out / "not_drafted.csv")  # 毫米 is outside the vocabulary: kept, with its upper end
    assert [(r["as_reported"], r["value_high"]) for r in held_back] == [("30～80", "80")]
    capsys.readouterr()
    assert main(["validate", str(out)]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines() if ": " in line and "problems in" not in line]
    assert problems and all(re.search(r": (entity_id|indicator_id): fill in \1", p) for p in problems), problems


def test_draft_work_grows_in_proportion_to_the_text():
    """A bounded-work proxy, not a timing: the characters the evidence checks read per row stay
    the same when the text grows (they were the whole text per check, about 22 checks a row)."""
    from lingyuan.quantities import draft

    per_row = []
    for n in (8000, 24000):
        text = "全市增长12.5%。" * n
        draft.Work.chars = 0
        rows = make_draft("r.txt", text.encode("utf-8"), text, "2026-01-01").figures
        assert len(rows) == n
        per_row.append(draft.Work.chars / n)
        # at most one check per halving of the 30-character growth path, each over a bounded window
        assert draft.Work.chars <= n * 6 * (2 * draft.UNIQUE_WITHIN + draft.EVIDENCE_MAX)
    assert per_row[1] <= 1.1 * per_row[0], per_row
