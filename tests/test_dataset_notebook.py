"""notebooks/00_tidy_dataset.ipynb run headlessly with papermill, from another folder:
it writes the processed files, and when the transcription has a problem it stops with
the validator's problem list and leaves the output folder as it was."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lingyuan import NOTEBOOKS_DIR
from lingyuan import dataset

NOTEBOOK = NOTEBOOKS_DIR / "00_tidy_dataset.ipynb"
PAPERMILL = Path(sys.executable).parent / "papermill"

pytestmark = pytest.mark.notebook


def run_notebook(tmp_path, raw_dir, output_dir):
    if not PAPERMILL.exists():
        pytest.skip(f"papermill is not installed beside {sys.executable}")
    out = subprocess.run(
        [str(PAPERMILL), str(NOTEBOOK), str(tmp_path / "executed.ipynb"), "--no-progress-bar",
         "-p", "raw_dir", str(raw_dir), "-p", "output_dir", str(output_dir)],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    return out.returncode, out.stdout + out.stderr


def test_notebook_builds_the_processed_files(tmp_path, mini_raw):
    code, log = run_notebook(tmp_path, mini_raw, tmp_path / "processed")
    assert code == 0, log
    assert dataset.load_figures(tmp_path / "processed").shape[0] == 7
    assert (tmp_path / "processed" / "datapackage.json").exists()
    # its tables, in both languages; run by plain papermill there is no data page beside it,
    # so they link nowhere (the runner's pages link to it)
    html = [o["data"]["text/html"] for c in json.loads((tmp_path / "executed.ipynb").read_text(encoding="utf-8"))
            ["cells"] for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    tables = "".join("".join(h) for h in html)
    # the two samples of figures (rows stacked on a phone); the rows per raw table and the
    # counts per topic and kind, per topic and qualifier (tables of counts, kept tables)
    assert tables.count('<table class="dataframe lingyuan stack">') == 4 and '<div lang="zh">' in tables
    assert tables.count('<table class="dataframe lingyuan cross">') == 6 and "dtype" not in tables
    assert "数值" in tables and "value" in tables and "<a " not in tables


def test_notebook_stops_with_the_problems_and_writes_nothing(tmp_path, mini_tables, write_raw):
    output = tmp_path / "processed"
    output.mkdir()
    for name in ("figures.csv", "datapackage.json", "notes.txt"):
        (output / name).write_text(f"previous {name}\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in output.iterdir()}
    mini_tables["figures"][3]["entity_id"] = "nowhere"
    mini_tables["figures"][6].update(as_reported="145.6%", evidence="占贫困人口总数的145.6%")
    raw = write_raw(mini_tables)
    code, log = run_notebook(tmp_path, raw, output)
    assert code != 0
    for problem in dataset.validate_raw(raw):
        shown = f"figures.csv:{problem.line}: {problem.column}: {problem.message}"
        assert shown in log, f"{shown} missing from the notebook's error"
    assert "2 problems in the raw transcription" in log
    assert {p.name: p.read_bytes() for p in output.iterdir()} == before
