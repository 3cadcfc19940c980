"""build(): the processed tables and datapackage.json — their columns and values, that
nothing is written when the transcription has problems, byte-identical rebuilds, a valid
Frictionless package, and that the committed data/processed is what data/raw builds."""
from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lingyuan import DATA_PROCESSED, DATA_RAW
from lingyuan import dataset
from lingyuan.dataset import schema

CONTRACT = ["figure_id", "source_id", "section", "paragraph", "evidence", "as_reported", "unit_reported",
            "value", "unit", "qualifier", "kind", "period", "entity_id", "entity_zh", "entity_en",
            "indicator_id", "indicator_zh", "indicator_en", "topic"]
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess:
    if not FRICTIONLESS.exists():
        pytest.skip(f"the frictionless command is not installed beside {sys.executable}")
    return subprocess.run([str(FRICTIONLESS), "validate", descriptor.name], cwd=descriptor.parent,
                          capture_output=True, text=True)


def test_figures_csv_has_the_contract_columns_in_order(tmp_project):
    with open(tmp_project / "data" / "processed" / "figures.csv", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[: len(CONTRACT)] == CONTRACT
    assert header == schema.FIGURES.columns


def test_values_are_normalised_exactly_and_written_plainly(tmp_project):
    rows = {r["figure_id"]: r for r in read_rows(tmp_project / "data" / "processed" / "figures.csv")}
    got = {fid: (r["value"], r["unit"], r["qualifier"]) for fid, r in rows.items()}
    assert got == {
        "new-cooperatives": ("138", "cooperative", "exact"),
        "poor-people-reached-headline": ("60000", "person", "approx"),
        "grape-vines-cold-sheds": ("17000", "plant", "exact"),
        "projects-per-person": ("2.2", "project_per_person", "exact"),
        "income-gain": ("695", "CNY_per_person", "exact"),
        "hospital-costs": ("59532000", "CNY", "exact"),
        "safety-net-share": ("45.6", "percent", "exact"),
    }
    assert rows["grape-vines-cold-sheds"]["entity_en"] == "Yufeng Cooperative"
    assert rows["hospital-costs"]["indicator_en"] == "Hospital costs reimbursed"
    assert rows["hospital-costs"]["topic"] == "health"


def test_figures_are_in_reading_order(tmp_project):
    rows = read_rows(tmp_project / "data" / "processed" / "figures.csv")
    assert [r["figure_id"] for r in rows][:3] == [
        "new-cooperatives", "poor-people-reached-headline", "grape-vines-cold-sheds"]


def test_processed_folder_holds_the_tidy_table_the_reference_tables_and_the_package(tmp_project):
    """No topic tables: topic is a column of figures.csv, and the analysis picks rows from it."""
    names = sorted(p.name for p in (tmp_project / "data" / "processed").iterdir())
    assert names == ["datapackage.json", "entities.csv", "figures.csv", "indicators.csv", "sources.csv"]
    topics = {r["figure_id"]: r["topic"] for r in read_rows(tmp_project / "data" / "processed" / "figures.csv")}
    assert topics["hospital-costs"] == "health" and topics["income-gain"] == "income"


def test_build_with_problems_raises_and_writes_nothing(mini_tables, write_raw, tmp_project):
    processed = tmp_project / "data" / "processed"
    before = snapshot(processed)
    mini_tables["figures"][0]["as_reported"] = "很多"
    mini_tables["figures"][3]["entity_id"] = "nowhere"
    with pytest.raises(dataset.DatasetError) as err:
        dataset.build(write_raw(mini_tables), processed)
    message = str(err.value)
    assert message.startswith("3 problems in the raw transcription:")  # 很多 is not in its evidence either
    assert "figures.csv:2: as_reported: cannot read '很多'" in message
    assert "figures.csv:5: entity_id: unknown entity_id 'nowhere'" in message
    assert snapshot(processed) == before


def test_two_builds_are_byte_identical(mini_raw, tmp_path):
    first = dataset.build(mini_raw, tmp_path / "a")
    dataset.build(mini_raw, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert sorted(first.files) == sorted(snapshot(tmp_path / "a"))
    dataset.build(mini_raw, tmp_path / "a")  # rebuilding in place changes nothing
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_datapackage_describes_every_file_with_hash_and_size(tmp_project):
    processed = tmp_project / "data" / "processed"
    package = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert "created" not in package, "a wall-clock timestamp would break byte-identical builds"
    assert "No licence is known" in package["description"]
    [source] = package["sources"]
    assert source["hash"] == f"sha256:{'46cba9d47530a3a9c6cb36b957173fa4154a07f8ef4327378a39c6d4954089ab'}"
    assert {"title", "publication", "datePublished", "dateAccessed", "citation", "methodNote"} <= set(source)
    assert [r["path"] for r in package["resources"]] == [t.path for t in schema.PROCESSED_TABLES.values()]
    for resource in package["resources"]:
        data = (processed / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
    figures = package["resources"][0]["schema"]
    assert figures["primaryKey"] == ["figure_id"]
    assert {fk["reference"]["resource"] for fk in figures["foreignKeys"]} == {"sources", "entities", "indicators"}
    value = next(f for f in figures["fields"] if f["name"] == "value")
    assert value["type"] == "number" and value["unit"]


def test_frictionless_validate_passes(tmp_project):
    out = frictionless_validate(tmp_project / "data" / "processed" / "datapackage.json")
    assert out.returncode == 0, out.stdout + out.stderr


def test_frictionless_validate_fails_on_a_changed_file(tmp_project):
    processed = tmp_project / "data" / "processed"
    path = processed / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",59532000,", ",59532001,"), encoding="utf-8")
    out = frictionless_validate(processed / "datapackage.json")
    assert out.returncode == 1
    assert "hash-count" in out.stdout


def test_load_figures_gives_typed_columns(tmp_project):
    figures = dataset.load_figures(tmp_project / "data" / "processed")
    assert list(figures.columns) == schema.FIGURES.columns
    assert str(figures["value"].dtype) == "float64"
    assert str(figures["paragraph"].dtype) == "Int64"
    assert figures.set_index("figure_id").loc["hospital-costs", "value"] == 59532000
    assert figures["note"].isna().sum() == 6, "an empty cell is missing, never 0 or ''"
    entities = dataset.load_table("entities", tmp_project / "data" / "processed")
    assert entities.set_index("entity_id").loc["yufeng-coop", "parent_id"] == "songzhangzi"


def test_load_table_errors_say_what_to_do(tmp_path, tmp_project):
    with pytest.raises(KeyError, match="tables: figures, entities, indicators, sources"):
        dataset.load_table("nonsense", tmp_project / "data" / "processed")
    with pytest.raises(dataset.DatasetError, match="build the processed data first"):
        dataset.load_figures(tmp_path / "empty")
    processed = tmp_project / "data" / "processed"
    path = processed / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",approx,", ",roughly,"), encoding="utf-8")
    with pytest.raises(dataset.DatasetError, match="does not match its schema"):
        dataset.load_figures(processed)


def test_tables_read_again_are_the_same_and_a_changed_file_is_checked_again(tmp_project):
    """The loader keeps what it read by the bytes of the file: a second load gives equal
    frames, that its caller may change without changing the next load, and a file that
    changed since is read and checked again."""
    processed = tmp_project / "data" / "processed"
    first = dataset.load(processed)
    first.figures.loc[0, "value"] = -1.0   # the caller's own frame
    second = dataset.load(processed)
    assert second.figures.loc[0, "value"] != -1.0
    pd.testing.assert_frame_equal(second.figures, dataset.load_figures(processed))
    path = processed / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",approx,", ",roughly,"), encoding="utf-8")
    with pytest.raises(dataset.DatasetError, match="does not match its schema"):
        dataset.load_figures(processed)


def test_committed_processed_data_is_what_the_raw_data_builds(tmp_path):
    if not (DATA_RAW / "figures.csv").exists():
        pytest.skip("data/raw holds no transcription yet")
    dataset.build(DATA_RAW, tmp_path / "processed")
    built, committed = snapshot(tmp_path / "processed"), snapshot(DATA_PROCESSED)
    stale = sorted(name for name in built.keys() | committed.keys() if committed.get(name) != built.get(name))
    assert not stale, (f"data/processed is out of date ({', '.join(stale)}): rebuild it with "
                       "`make data` (or lingyuan.dataset.build()) and commit it")


def test_committed_datapackage_passes_frictionless():
    if not (DATA_PROCESSED / "datapackage.json").exists():
        pytest.skip("data/processed has not been built yet")
    out = frictionless_validate(DATA_PROCESSED / "datapackage.json")
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("value, text", [
    ("59532000.0", "59532000"), ("5.95320E+7", "59532000"), ("45.60", "45.6"), ("2.2", "2.2"),
    ("1.7E+4", "17000"), ("3.41", "3.41"), ("-138", "-138"),
])
def test_numbers_are_written_exactly_without_exponent_or_trailing_zeros(value, text):
    from decimal import Decimal

    row = {name: "" for name in schema.FIGURES.columns} | {"value": Decimal(value)}
    written = dataset.csv_bytes(schema.FIGURES, [row]).decode("utf-8").splitlines()[1].split(",")
    assert written[schema.FIGURES.columns.index("value")] == text
