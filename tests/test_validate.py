"""`python -m lingyuan validate PATH`: every bad input is reported as file:line: column:
message and the command exits 1; a valid transcription exits 0 with an OK line.

Each case edits one cell of the small valid transcription (tests/conftest.py) and runs
the command from the folder holding the raw files, so the file names appear as the user
passed them: through the command line's own entry point (``lingyuan.__main__.main``) in
this process, and, for a valid and an invalid transcription, as ``python -m lingyuan
validate`` in a subprocess (the same lines and exit code; a process start and its imports
cost more than the check itself).
"""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys

import pytest

from lingyuan import DATA_RAW
from lingyuan import dataset
from lingyuan.__main__ import main


def run_validate(raw_dir, subprocess_: bool = False):
    """Run the validate command on *raw_dir* from its parent folder: (exit code, output lines);
    in a subprocess, ``python -m lingyuan validate``, when *subprocess_*."""
    if subprocess_:
        out = subprocess.run([sys.executable, "-m", "lingyuan", "validate", raw_dir.name],
                             cwd=raw_dir.parent, capture_output=True, text=True, encoding="utf-8")
        code, stdout, stderr = out.returncode, out.stdout, out.stderr
    else:
        stdout, stderr, cwd = io.StringIO(), io.StringIO(), os.getcwd()
        os.chdir(raw_dir.parent)
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = main(["validate", raw_dir.name])
        finally:
            os.chdir(cwd)
        stdout, stderr = stdout.getvalue(), stderr.getvalue()
    assert not stderr.strip() or "Warning" in stderr, stderr
    return code, stdout.splitlines()


def assert_reported(raw_dir, expected: str, subprocess_: bool = False):
    """The command exits 1 and one output line starts with *expected* (``file:line: column: ...``)."""
    code, lines = run_validate(raw_dir, subprocess_)
    hits = [ln for ln in lines if ln.startswith(f"{raw_dir.name}/{expected}")]
    assert code == 1, f"exit {code}, expected 1; output:\n" + "\n".join(lines)
    assert hits, f"no line starting {raw_dir.name}/{expected!r}; output:\n" + "\n".join(lines)
    assert lines[-1].endswith(f"in {raw_dir.name}"), "the last line gives the count of problems"
    return hits[0]


@pytest.mark.parametrize("subprocess_", [False, True], ids=["main", "subprocess"])
def test_valid_transcription_exits_0_with_counts(mini_raw, subprocess_):
    code, lines = run_validate(mini_raw, subprocess_)
    assert code == 0, "\n".join(lines)
    assert lines == ["OK: raw: 1 sources, 3 entities, 7 indicators, 7 figures; no problems"]


def test_non_numeric_value(mini_tables, write_raw):
    mini_tables["figures"][0].update(as_reported="很多", evidence="新增村领办合作社很多个")
    line = assert_reported(write_raw(mini_tables), "figures.csv:2: as_reported: cannot read '很多' as a number")
    assert "'很' is not a digit" in line


def test_unknown_unit(mini_tables, write_raw):
    mini_tables["figures"][1].update(unit_reported="斤斤")
    assert_reported(write_raw(mini_tables), "figures.csv:3: unit_reported: '斤斤' is not a known unit_reported")


def test_indicator_unit_does_not_fit_the_printed_unit(mini_tables, write_raw):
    mini_tables["figures"][3].update(indicator_id="hospital-costs")  # 2.2个 cannot be yuan
    line = assert_reported(write_raw(mini_tables), "figures.csv:5: unit_reported: indicator 'hospital-costs'")
    assert "'CNY' does not fit the printed unit '个'" in line


def test_duplicate_figure_id_names_the_first_line(mini_tables, write_raw):
    mini_tables["figures"][2]["figure_id"] = "new-cooperatives"
    assert_reported(write_raw(mini_tables),
                    "figures.csv:4: figure_id: duplicate figure_id 'new-cooperatives': first on line 2")


def test_missing_column(mini_tables, write_raw):
    for row in mini_tables["figures"]:
        del row["kind"]
    raw = write_raw(mini_tables)
    (raw / "figures.csv").write_text((raw / "figures.csv").read_text(encoding="utf-8").replace(",kind,", ",", 1),
                                     encoding="utf-8")
    assert_reported(raw, "figures.csv:1: kind: missing column; add it to the header")


def test_unknown_column(mini_tables, write_raw):
    raw = write_raw(mini_tables)
    path = raw / "entities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",population"] + [ln + "," for ln in lines[1:]]) + "\n", encoding="utf-8")
    assert_reported(raw, "entities.csv:1: population: unknown column")


def test_missing_file(mini_tables, write_raw):
    raw = write_raw(mini_tables)
    (raw / "indicators.csv").unlink()
    assert_reported(raw, "indicators.csv:1: (file): missing file")


def test_unknown_entity_id(mini_tables, write_raw):
    mini_tables["figures"][3]["entity_id"] = "nowhere"
    assert_reported(write_raw(mini_tables), "figures.csv:5: entity_id: unknown entity_id 'nowhere'")


def test_unknown_indicator_id(mini_tables, write_raw):
    mini_tables["figures"][4]["indicator_id"] = "nothing"
    assert_reported(write_raw(mini_tables), "figures.csv:6: indicator_id: unknown indicator_id 'nothing'")


def test_unknown_source_and_parent_ids(mini_tables, write_raw):
    mini_tables["figures"][0]["source_id"] = "other-paper"
    mini_tables["entities"][2]["parent_id"] = "atlantis"
    mini_tables["entities"][1]["parent_id"] = "songzhangzi"
    raw = write_raw(mini_tables)
    assert_reported(raw, "figures.csv:2: source_id: unknown source_id 'other-paper'")
    assert_reported(raw, "entities.csv:4: parent_id: unknown parent_id 'atlantis'")
    assert_reported(raw, "entities.csv:3: parent_id: 'songzhangzi' refers to its own row")


def test_percent_above_100(mini_tables, write_raw):
    mini_tables["figures"][6].update(as_reported="145.6%", evidence="占贫困人口总数的145.6%")
    assert_reported(write_raw(mini_tables), "figures.csv:8: as_reported: '145.6%' is a percentage above 100")


def test_negative_count(mini_tables, write_raw):
    mini_tables["figures"][0].update(as_reported="-138", evidence="新增村领办合作社-138个")
    assert_reported(write_raw(mini_tables), "figures.csv:2: as_reported: '-138' is a negative count")


def test_empty_evidence(mini_tables, write_raw):
    mini_tables["figures"][5]["evidence"] = ""
    assert_reported(write_raw(mini_tables), "figures.csv:7: evidence: fill in evidence: shortest snippet")


def test_bad_encoding_gives_line_and_column_of_the_first_bad_byte(mini_tables, write_raw):
    raw = write_raw(mini_tables)
    path = raw / "figures.csv"
    data = path.read_bytes()
    good = "栽植葡萄".encode("utf-8")
    assert data.count(good) == 1
    path.write_bytes(data.replace(good, "栽植葡萄".encode("gbk")))
    prefix = "grape-vines-cold-sheds,lingyuan-2019-09,产业扶贫带动凌源6万余贫困人口增收,1,"
    line = assert_reported(raw, "figures.csv:4: evidence: not UTF-8: byte 0xd4")
    assert f"at character {len(prefix) + 1} of the line" in line


def test_evidence_longer_than_30_characters(mini_tables, write_raw):
    mini_tables["figures"][0]["evidence"] = "凌源市进一步完善“村社合一”发展模式，新增村领办合作社138个"
    assert_reported(write_raw(mini_tables), f"figures.csv:2: evidence: {mini_tables['figures'][0]['evidence']!r} "
                    "is longer than 30 characters")


def test_evidence_without_the_number(mini_tables, write_raw):
    mini_tables["figures"][0]["evidence"] = "新增村领办合作社"
    assert_reported(write_raw(mini_tables), "figures.csv:2: evidence: does not hold as_reported '138'")


def test_qualifier_disagreeing_with_as_reported(mini_tables, write_raw):
    mini_tables["figures"][1]["qualifier"] = "exact"  # 6万余 is approximate
    assert_reported(write_raw(mini_tables),
                    "figures.csv:3: qualifier: 'exact' disagrees with as_reported '6万余', which reads as approx")


def test_qualifier_disagreeing_with_a_bound_in_the_evidence(mini_tables, write_raw):
    mini_tables["figures"][4]["evidence"] = "人均增收695元以上"
    assert_reported(write_raw(mini_tables), "figures.csv:6: qualifier: 'exact' disagrees with the evidence, "
                    "which says 以上 around the number; write at_least")


@pytest.mark.parametrize("column, bad, expected", [
    ("figure_id", "Hospital_Costs", "'Hospital_Costs' is not a valid figure_id"),
    ("qualifier", "roughly", "'roughly' is not a known qualifier; use one of: exact, approx, at_least, at_most"),
    ("kind", "wish", "'wish' is not a known kind; use one of: actual, target, forecast"),
    ("period", "2019-13", "'2019-13' is not a valid period"),
    ("period", "2019-09/2019-01", "'2019-09/2019-01' ends before it starts"),
    ("paragraph", "two", "'two' is not a whole number"),
    ("section", "新闻", "'新闻' is not one of the headlines"),
])
def test_figure_vocabularies_and_patterns(mini_tables, write_raw, column, bad, expected):
    mini_tables["figures"][5][column] = bad
    assert_reported(write_raw(mini_tables), f"figures.csv:7: {column}: {expected}")


def test_entity_level_and_indicator_topic_vocabularies(mini_tables, write_raw):
    mini_tables["entities"][1]["level"] = "county"
    mini_tables["indicators"][0]["topic"] = "wealth"
    mini_tables["indicators"][1]["unit"] = "dollars"
    raw = write_raw(mini_tables)
    assert_reported(raw, "entities.csv:3: level: 'county' is not a known level")
    assert_reported(raw, "indicators.csv:2: topic: 'wealth' is not a known topic")
    assert_reported(raw, "indicators.csv:3: unit: 'dollars' is not a known unit")


@pytest.mark.parametrize("subprocess_", [False, True], ids=["main", "subprocess"])
def test_every_problem_is_listed_sorted_by_file_and_line(mini_tables, write_raw, subprocess_):
    mini_tables["figures"][6]["entity_id"] = "nowhere"
    mini_tables["figures"][0]["kind"] = "wish"
    mini_tables["entities"][1]["level"] = "county"
    mini_tables["sources"][0]["sha256"] = "abc"
    code, lines = run_validate(write_raw(mini_tables), subprocess_)
    assert code == 1
    problems = [ln.split(": ", 1)[0] for ln in lines[:-1]]
    assert problems == ["raw0/entities.csv:3", "raw0/figures.csv:2", "raw0/figures.csv:8", "raw0/sources.csv:2"]
    assert lines[-1] == "4 problems in raw0"


def test_line_numbers_count_physical_lines(mini_tables, write_raw):
    """A quoted line break in a note moves the following rows down a line."""
    mini_tables["figures"][0]["note"] = "first line\nsecond line"
    mini_tables["figures"][2]["entity_id"] = "nowhere"
    assert_reported(write_raw(mini_tables), "figures.csv:5: entity_id: unknown entity_id 'nowhere'")


def test_validate_raw_returns_problems_that_render_as_file_line_column_message(mini_tables, write_raw):
    mini_tables["figures"][0]["kind"] = "wish"
    raw = write_raw(mini_tables)
    [problem] = dataset.validate_raw(raw)
    assert (problem.line, problem.column) == (2, "kind")
    assert str(problem) == f"{raw / 'figures.csv'}:2: kind: {problem.message}"


def test_committed_transcription_is_valid():
    if not (DATA_RAW / "figures.csv").exists():
        pytest.skip("data/raw holds no transcription yet")
    problems = dataset.validate_raw(DATA_RAW)
    assert not problems, "data/raw has problems:\n" + "\n".join(map(str, problems))
