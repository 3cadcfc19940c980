"""Faults of the raw transcription and of the processed files that used to slip through
or give a wrong message: `validate` must refuse what `build` or the loader cannot take
(integer bounds, digits other than 0-9, a broken entity tree), say once what is wrong
with a file or folder it cannot read, name exactly what a draft still needs, and never
crash; the loader must fail with DatasetError naming the file. None of them may touch
the committed data/processed.
"""
from __future__ import annotations

import argparse
import copy
import os
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lingyuan import DATA_PROCESSED, DATA_RAW, dataset
from lingyuan.dataset import schema

HUGE = "1" * 40  # a 40-digit number: beyond 64 bits


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()} if folder.is_dir() else {}


@pytest.fixture(autouse=True)
def processed_untouched():
    """Every case leaves the committed data/processed byte-identical."""
    before = snapshot(DATA_PROCESSED)
    yield
    assert snapshot(DATA_PROCESSED) == before, "data/processed changed"


def validate(path: Path, capsys) -> tuple[int, list[str]]:
    """The validate command, in process: (exit code, printed lines)."""
    code = dataset.validate_command(argparse.Namespace(path=str(path)))
    out = capsys.readouterr()
    assert not out.err, out.err
    return code, out.out.splitlines()


def problems(lines: list[str]) -> list[str]:
    """The problem lines of the output (all but the count line)."""
    return lines[:-1]


def edited(tables: dict, edits) -> dict:
    tables = copy.deepcopy(tables)
    for name, index, changes in edits:
        if index is None:
            tables[name].append(changes)
        else:
            tables[name][index].update(changes)
    return tables


# --------------------------------------------------------------------------
# 1. validate refuses what build or the loader cannot take
# --------------------------------------------------------------------------

@pytest.mark.parametrize("edits, expected", [
    ([("figures", 5, {"paragraph": HUGE})],
     f"figures.csv:7: paragraph: '{HUGE}' is too large: a whole number between -9223372036854775808 and "
     "9223372036854775807 (64 bits) at most"),
    ([("figures", 5, {"paragraph": "1000"})], "figures.csv:7: paragraph: '1000' is above the maximum 999"),
    ([("sources", 0, {"bytes": HUGE})], f"sources.csv:2: bytes: '{HUGE}' is too large"),
    ([("figures", 5, {"paragraph": "٣"})],
     "figures.csv:7: paragraph: '٣' holds '٣' (ARABIC-INDIC DIGIT THREE); write numbers with the digits 0-9"),
    ([("figures", 5, {"period": "٢٠١٩"})], "figures.csv:7: period: '٢٠١٩' holds '٢' (ARABIC-INDIC DIGIT TWO)"),
    ([("figures", 0, {"as_reported": "𝟏𝟑𝟖", "evidence": "新增村领办合作社𝟏𝟑𝟖个"})],
     "figures.csv:2: as_reported: '𝟏𝟑𝟖' holds '𝟏' (MATHEMATICAL BOLD DIGIT ONE); write numbers with the "
     "digits 0-9 (or ０-９ as printed)"),
], ids=["paragraph-40-digits", "paragraph-above-999", "bytes-40-digits", "arabic-indic-paragraph",
        "arabic-indic-period", "mathematical-as-reported"])
def test_validate_refuses_numbers_the_loader_or_a_reader_cannot_take(edits, expected, mini_tables, write_raw, capsys,
                                                                    tmp_path):
    raw = write_raw(edited(mini_tables, edits))
    code, lines = validate(raw, capsys)
    assert code == 1
    hits = [ln for ln in lines if ln.startswith(f"{raw}/{expected}")]
    assert hits, "\n".join(lines)
    assert sum(ln.startswith(hits[0].split(": ")[0] + ": " + hits[0].split(": ")[1] + ":") for ln in lines) == 1, \
        "one problem per bad cell"
    with pytest.raises(dataset.DatasetError, match=expected.split(": ")[0]):
        dataset.build(raw, tmp_path / "out")
    assert not (tmp_path / "out").exists(), "nothing written"


def test_full_width_digits_in_as_reported_stay_accepted(mini_tables, write_raw, capsys):
    full_width = {"as_reported": "１３８", "evidence": "新增村领办合作社１３８个"}
    raw = write_raw(edited(mini_tables, [("figures", 0, full_width)]))
    code, lines = validate(raw, capsys)
    assert code == 0, "\n".join(lines)


def test_the_loaders_checks_run_on_the_normalised_rows():
    """What the build would write but the loader refuse is reported at the raw line it comes from."""
    raw = dataset.read_raw(DATA_RAW)
    tidy = dataset.normalise(dataset.check_raw(raw))
    row = tidy.rows["figures"][3]
    row["paragraph"] = 10**30
    [problem] = dataset.tidy_problems(tidy)
    assert (problem.file.endswith("figures.csv"), problem.line, problem.column) == (True, row["_line"], "paragraph")
    assert "the loader would refuse it" in problem.message
    with pytest.raises(dataset.DatasetError, match="paragraph"):
        dataset.check_tidy(tidy)


# --------------------------------------------------------------------------
# The loader: every failure is a DatasetError naming the file
# --------------------------------------------------------------------------

def _remove_folder(p: Path):
    shutil.rmtree(p)


def _remove_file(p: Path):
    (p / "figures.csv").unlink()


def _folder_at_file(p: Path):
    (p / "figures.csv").unlink()
    (p / "figures.csv").mkdir()


def _gbk(p: Path):
    path = p / "figures.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))


def _header(p: Path):
    path = p / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("evidence,", "snippet,", 1), encoding="utf-8")


def _overflow(p: Path):
    path = p / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[3] = HUGE  # paragraph
    path.write_text("".join([lines[0], ",".join(cells)] + lines[2:]), encoding="utf-8")


def _not_a_number(p: Path):
    path = p / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",59532000,", ",5953万,"), encoding="utf-8")


@pytest.mark.parametrize("break_it, expected", [
    (_remove_folder, r"processed/figures\.csv not found: the folder .*processed does not exist"),
    (_remove_file, r"processed/figures\.csv not found: build the processed data first"),
    (_folder_at_file, r"processed/figures\.csv is a folder, not a file"),
    (_gbk, r"processed/figures\.csv cannot be read; rebuild it .*\n  \(file\): not UTF-8"),
    (_header, r"processed/figures\.csv does not match its schema; rebuild it .*\n  snippet: unknown column; "
              r".*\n  evidence: missing column"),
    (_overflow, rf"processed/figures\.csv cannot be read; rebuild it .*\n  paragraph: '{HUGE}' is not a whole "
                r"number between -9223372036854775808 and 9223372036854775807 \(data row 1\)"),
    (_not_a_number, r"processed/figures\.csv cannot be read; .*\n  value: '5953万' is not a number"),
], ids=["missing-folder", "missing-file", "folder-at-file", "not-utf8", "schema-mismatch", "overflow",
        "not-a-number"])
def test_every_failure_to_load_is_a_dataset_error_naming_the_file(break_it, expected, tmp_project):
    processed = tmp_project / "data" / "processed"
    break_it(processed)
    for load in (dataset.load_figures, dataset.load):
        with pytest.raises(dataset.DatasetError, match=expected):
            load(processed)


# --------------------------------------------------------------------------
# 2. the entity tree
# --------------------------------------------------------------------------

VILLAGE = dict(entity_id="v1", name_zh="一村", name_en="Village One", level="village", parent_id="songzhangzi",
               note="")
TOWNSHIP = dict(entity_id="t2", name_zh="二镇", name_en="Town Two", level="township", parent_id="", note="")
COOP = dict(entity_id="coop2", name_zh="二社", name_en="Coop Two", level="cooperative", parent_id="yufeng-coop",
            note="")


@pytest.mark.parametrize("edits, expected", [
    ([("entities", 0, {"parent_id": "songzhangzi"})],
     ["entities.csv:2: parent_id: 'lingyuan' is a city but its parent 'songzhangzi' is a township: a place lies "
      "inside a place of a higher level (city > township > village > village_group)",
      "entities.csv:2: parent_id: the parents go round in a circle: lingyuan -> songzhangzi -> lingyuan"]),
    ([("entities", None, VILLAGE), ("entities", 1, {"parent_id": "v1"})],
     ["entities.csv:3: parent_id: 'songzhangzi' is a township but its parent 'v1' is a village",
      "entities.csv:3: parent_id: the parents go round in a circle: songzhangzi -> v1 -> songzhangzi"]),
    ([("entities", None, TOWNSHIP), ("entities", 0, {"parent_id": "t2"})],
     ["entities.csv:2: parent_id: 'lingyuan' is a city but its parent 't2' is a township"]),
    ([("entities", None, COOP)],
     ["entities.csv:5: parent_id: 'coop2' is a cooperative but its parent 'yufeng-coop' is a cooperative: an "
      "entity lies inside a place (city, township, village, village_group), not inside a cooperative"]),
], ids=["city-township-cycle", "village-township-village", "city-inside-township", "body-inside-body"])
def test_validate_checks_the_entity_tree(edits, expected, mini_tables, write_raw, capsys, tmp_path):
    raw = write_raw(edited(mini_tables, edits))
    code, lines = validate(raw, capsys)
    assert code == 1
    assert [ln.removeprefix(f"{raw}/")[:len(e)] for ln, e in zip(problems(lines), expected)] == expected, \
        "\n".join(lines)
    assert len(problems(lines)) == len(expected), "\n".join(lines)
    with pytest.raises(dataset.DatasetError):
        dataset.build(raw, tmp_path / "out")


def test_a_cycle_in_the_committed_tree_is_caught(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(DATA_RAW, raw)
    path = raw / "entities.csv"
    text = path.read_text(encoding="utf-8")
    city = "lingyuan,凌源市,Lingyuan City,city,"
    assert text.count(city + ",") == 1
    path.write_text(text.replace(city + ",", city + "siguanyingzi,"), encoding="utf-8")
    code, lines = validate(raw, capsys)
    assert code == 1
    assert any("the parents go round in a circle: lingyuan -> siguanyingzi -> lingyuan" in ln for ln in lines), lines


# --------------------------------------------------------------------------
# 3. files and folders validate cannot read: one clear problem each
# --------------------------------------------------------------------------

def _figures_gbk(raw: Path):
    path = raw / "figures.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))


def _entities_folder(raw: Path):
    (raw / "entities.csv").unlink()
    (raw / "entities.csv").mkdir()


def _indicators_loop(raw: Path):
    (raw / "indicators.csv").unlink()
    os.symlink("indicators.csv", raw / "indicators.csv")


def _entities_missing(raw: Path):
    (raw / "entities.csv").unlink()


@pytest.mark.parametrize("break_it, expected", [
    (_figures_gbk, "figures.csv:2: section: not UTF-8: byte 0xb4 at character 35 of the line; save the file as "
                   "UTF-8 (nothing after this byte was checked)"),
    (_entities_folder, "entities.csv:1: (file): a folder, not a file; the transcription needs entities.csv"),
    (_indicators_loop, "indicators.csv:1: (file): a symbolic link that leads nowhere (a loop, or its target is "
                       "missing)"),
    (_entities_missing, "entities.csv:1: (file): missing file; the transcription needs entities.csv"),
], ids=["gbk", "folder", "symlink-loop", "missing"])
def test_an_unreadable_file_is_one_problem_without_a_cascade(break_it, expected, mini_raw, capsys):
    break_it(mini_raw)
    code, lines = validate(mini_raw, capsys)
    assert code == 1
    assert problems(lines) == [ln for ln in problems(lines) if ln.startswith(f"{mini_raw}/{expected}")], \
        "one problem, nothing about the rows that refer to the file:\n" + "\n".join(lines)
    assert len(problems(lines)) == 1
    assert lines[-1] == f"1 problem in {mini_raw}"


@pytest.mark.parametrize("make, expected", [
    (lambda p: p.write_text("figure_id\n", encoding="utf-8"),
     "is a file, not a folder; give the folder holding sources.csv, entities.csv, indicators.csv, figures.csv"),
    (lambda p: None, "no such folder; give the folder holding sources.csv, entities.csv, indicators.csv, "
                     "figures.csv"),
], ids=["a-file", "nothing"])
def test_a_path_that_is_not_a_folder_is_said_once_and_exits_2(make, expected, tmp_path, capsys):
    path = tmp_path / "raw.csv"
    make(path)
    code, lines = validate(path, capsys)
    assert code == 2
    assert lines == [f"{path}: {expected}", f"nothing checked: {path} is not a folder of the raw transcription"]


# --------------------------------------------------------------------------
# 4. a draft from `extract --draft`: validate names what a person must fill in
# --------------------------------------------------------------------------

def draft_tables(tables: dict) -> dict:
    """A draft as `python -m lingyuan extract REPORT.txt --draft OUT` writes it: every figure
    with entity_id and indicator_id empty, one source, no entities and no indicators."""
    for row in tables["figures"]:
        row.update(entity_id="", indicator_id="")
    tables["entities"], tables["indicators"] = [], []
    return tables


def test_validate_on_a_draft_names_only_what_to_fill_in(mini_tables, write_raw, capsys):
    n = len(mini_tables["figures"])
    raw = write_raw(draft_tables(mini_tables))
    assert (raw / "entities.csv").read_text(encoding="utf-8").count("\n") == 1, "header only"
    code, lines = validate(raw, capsys)
    assert code == 1
    expected = []
    for line in range(2, 2 + n):
        expected += [f"{raw}/figures.csv:{line}: entity_id: fill in entity_id: who or where the figure is about "
                     "(entities.entity_id); the cell is empty",
                     f"{raw}/figures.csv:{line}: indicator_id: fill in indicator_id: what the figure measures "
                     "(indicators.indicator_id); the cell is empty"]
    assert problems(lines) == expected
    assert lines[-1] == f"{len(expected)} problems in {raw}"


# --------------------------------------------------------------------------
# 5. fuzzing: validate never crashes
# --------------------------------------------------------------------------

CELL = st.text(alphabet=st.sampled_from(list(string.ascii_letters + string.digits + ',"\n\r -_./%|')
                                        + list("万余元人个٣𝟑１\x00\ufeff")), max_size=12)


def csv_text(columns: list[str]):
    """CSV-shaped text: often the right header, then rows of random cells, some quoted."""
    header = st.one_of(st.just(columns), st.lists(st.sampled_from(columns + ["x", ""]), max_size=len(columns) + 1))
    rows = st.lists(st.lists(CELL, max_size=len(columns) + 2), max_size=4)
    return st.tuples(header, rows).map(lambda hr: "\n".join(",".join(f'"{c}"' if i % 3 == 0 else c
                                                                       for i, c in enumerate(r))
                                                              for r in [hr[0], *hr[1]]) + "\n")


def raw_file(name: str):
    columns = schema.RAW_TABLES[name].columns
    return st.one_of(st.binary(max_size=200), csv_text(columns).map(lambda t: t.encode("utf-8")),
                     st.just(None))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=st.fixed_dictionaries({name: raw_file(name) for name in schema.RAW_TABLES}),
       valid=st.sets(st.sampled_from(list(schema.RAW_TABLES))))
@example(files={"sources": b"", "entities": None, "indicators": None, "figures": b"\r\x80"}, valid=set())
def test_validate_never_crashes(files, valid, mini_tables, write_raw, capsys):
    """Random bytes and random CSV-shaped text as the raw files (some files left valid, some
    missing): validate and check-source always exit 0, 1 or 2 with a message, never a traceback."""
    raw = write_raw(mini_tables)
    for name, data in files.items():
        if name in valid:
            continue
        path = raw / schema.RAW_TABLES[name].path
        path.unlink()
        if data is not None:
            path.write_bytes(data)
    code, lines = validate(raw, capsys)
    assert code in (0, 1, 2)
    assert lines and (lines[-1].startswith("OK: ") or lines[-1].endswith(f"in {raw}")), lines
    article = raw / "figures.csv"  # check-source against whatever is there, the same guarantee
    code = dataset.check_source_command(argparse.Namespace(article=str(article), raw=str(raw)))
    out = capsys.readouterr()
    assert code in (0, 1, 2) and out.out.strip() and not out.err, out


EDIT_VALUES = st.one_of(st.text(max_size=6), st.sampled_from([
    "", "-1", HUGE, "1" + "0" * 40, "lingyuan", "songzhangzi", "yufeng-coop", "city", "village", "cooperative",
    "6万余", "几十", "负5", "1e400", "NaN", "2019-09/2019-01", "approx", "at_least", "target", "person", "percent",
    "个", "%", "٣", "１"]))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(list(schema.RAW_TABLES)), st.integers(0, 6), st.integers(0, 16),
                                EDIT_VALUES), min_size=1, max_size=5))
@example(edits=[("figures", 0, 3, HUGE)])
def test_what_validate_passes_builds_and_loads(edits, mini_tables, write_raw, capsys, tmp_path_factory):
    """Random cells of the valid transcription replaced: validate exits 0 or 1, and when it
    says OK, build writes and the loader reads what it wrote."""
    tables = copy.deepcopy(mini_tables)
    for name, row, col, value in edits:
        rows, columns = tables[name], schema.RAW_TABLES[name].columns
        rows[row % len(rows)][columns[col % len(columns)]] = value
    raw = write_raw(tables)
    code, lines = validate(raw, capsys)
    assert code in (0, 1), lines
    if code == 0:
        out = tmp_path_factory.mktemp("built")
        dataset.build(raw, out)
        assert len(dataset.load(out).figures) == len(tables["figures"])
