"""Faults found by trying to break the project as hostile and unlucky users would (second
round): a full disk, a run matrix that is not UTF-8, a pattern that matches nothing, folder
parameters that point at the wrong thing, the project root seen from another checkout,
report pages that must be the same bytes on every run.

Runner cases use the toy project of tests/test_runner.py; full disks are real small
file systems (tmpfs with a size limit, mounted in a mount namespace of the test's own)
where the machine allows it.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lingyuan import runner
from lingyuan.analysis import params
from test_runner import (TOY_RUNS, built, edit_matrix, edit_notebook, make_toy_project, project,  # noqa: F401
                         run_toy)

ROOT = Path(__file__).resolve().parent.parent


def matrix_of(root: Path) -> str:
    return str(root / "notebooks" / "runs.yaml")


def lingyuan(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "lingyuan", *args], capture_output=True,
                          text=True, env=env, timeout=kw.pop("timeout", 300), **kw)


# ---------------------------------------------------------------------------
# The run matrix and the command line
# ---------------------------------------------------------------------------

def test_a_run_matrix_not_in_utf8_is_refused_with_its_line(tmp_path):
    root = make_toy_project(tmp_path)
    path = root / "notebooks" / "runs.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, "# 数据整理\n")  # a comment a Windows editor saved as GBK
    path.write_bytes("".join(lines[:4]).encode() + lines[4].encode("gbk") + "".join(lines[5:]).encode())
    proc = lingyuan("run", "--matrix", str(path), cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "runs.yaml:5: column 3: byte 0xca is not UTF-8" in proc.stderr, proc.stderr
    assert "nothing was run" in proc.stderr
    assert not (root / "reports").exists()


@pytest.mark.parametrize("args", [["run"], ["run", "--list"]])
def test_only_matching_nothing_says_so_and_exits_2(tmp_path, args):
    root = make_toy_project(tmp_path)
    proc = lingyuan(*args, "--matrix", matrix_of(root), "--only", "20_incme*", cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "--only '20_incme*' matches no run" in proc.stderr, proc.stderr
    assert "toy_data, toy_chart, toy_village" in proc.stderr
    assert "nothing to do" not in proc.stdout
    assert not (root / "reports").exists()


# ---------------------------------------------------------------------------
# A full disk
# ---------------------------------------------------------------------------

def _on_small_disk(mount: Path, size_kb: int, free_kb: int, cmd: list[str], copy: Path | None = None) -> list[str]:
    """*cmd* run with a file system of *size_kb* mounted at *mount* (a tmpfs, in a mount
    namespace of its own) holding only *free_kb* free, *copy*'s files copied in first; the
    files left on it are listed after a line "@@files" (path and sha256), since the mount
    ends with the command. Skips where the machine cannot mount (not root, no namespaces)."""
    unshare = shutil.which("unshare")
    mount.mkdir(parents=True, exist_ok=True)
    probe = os.geteuid() == 0 and unshare and subprocess.run(
        [unshare, "-m", "sh", "-c", f'mount -t tmpfs -o size=64k tmpfs "{mount}"'], capture_output=True)
    if not probe or probe.returncode != 0:
        pytest.skip("a small file system needs root and mount namespaces (unshare -m); not available here")
    script = (f'mount -t tmpfs -o size={size_kb}k tmpfs "{mount}" || exit 99\n'
              + (f'cp -a "{copy}/." "{mount}/" || exit 98\n' if copy else "")
              + f'used=$(du -sk "{mount}" | cut -f1)\n'
              f'head -c $(( ({size_kb} - {free_kb} - used) * 1024 )) /dev/zero > "{mount}/filler" 2>/dev/null\n'
              '"$@"; rc=$?\n'
              f'echo @@files; cd "{mount}" && find . -type f ! -name filler -exec sha256sum {{}} +\n'
              'exit $rc\n')
    return [unshare, "-m", "sh", "-c", script, "sh", *cmd]


def _files_left(stdout: str) -> dict[str, str]:
    listing = stdout.split("@@files\n", 1)[1]
    return {line.split(None, 1)[1][2:]: line.split(None, 1)[0] for line in listing.splitlines() if line.strip()}


def _run_on_small_disk(mount: Path, size_kb: int, free_kb: int, args: list[str], copy: Path | None = None,
                       cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    cmd = _on_small_disk(mount, size_kb, free_kb, [sys.executable, "-m", "lingyuan", "run", *args], copy)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "@@files" in proc.stdout, proc.stdout + proc.stderr
    return proc, _files_left(proc.stdout)


def _summary_of_a_full_disk(proc: subprocess.CompletedProcess, left: dict[str, str]) -> str:
    """The runner's output, after checking what every full disk must give: exit 1, no
    traceback, the summary, the reason, and no temporary file left on the disk."""
    assert not [f for f in left if ".tmp-" in f], left   # no half-written file left behind
    out = proc.stdout.split("@@files", 1)[0]
    assert proc.returncode == 1, out + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert f"{len(TOY_RUNS)} runs: " in out, out          # the summary is printed
    assert "No space left on device" in out, out
    return out


@pytest.mark.notebook
def test_reports_on_a_full_disk_fail_their_run_and_the_summary_is_printed(project, tmp_path):
    reports = tmp_path / "disk" / "reports"
    proc, left = _run_on_small_disk(reports.parent, 400, 40, ["--matrix", matrix_of(project), "--force",
                                                             "--reports", str(reports)])
    out = _summary_of_a_full_disk(proc, left)
    assert "FAILED toy_data: notebook" in out and "writing its reports: OSError: No space left on device" in out
    assert not [f for f in left if f.startswith("reports/toy_data.")], left


@pytest.mark.notebook
def test_a_cache_on_a_full_disk_stops_in_one_sentence_after_the_summary(project, tmp_path):
    cache = tmp_path / "disk" / "cache"
    proc, left = _run_on_small_disk(cache.parent, 100, 4, ["--matrix", matrix_of(project), "--force",
                                                          "--cache", str(cache)])
    out = _summary_of_a_full_disk(proc, left)
    assert f"stopped: the cache {cache / 'runs.json'} could not be written (No space left on device); " \
           f"no further run was started" in out, out
    assert "not started" in out


@pytest.mark.notebook
def test_a_checkout_on_a_full_disk_keeps_its_previous_data(built, tmp_path):
    disk = tmp_path / "disk" / "project"
    before = {p.relative_to(built).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for folder in ("data", "figures") for p in (built / folder).rglob("*") if p.is_file()}
    proc, left = _run_on_small_disk(disk, 2048, 60, ["--matrix", matrix_of(disk), "--force"], copy=built,
                                    cwd=tmp_path)
    _summary_of_a_full_disk(proc, left)
    assert {f: h for f, h in left.items() if f.split("/")[0] in ("data", "figures")} == before


# ---------------------------------------------------------------------------
# Notebook 00 never writes over the transcription
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["raw", "inside", "holds-raw"])
def test_the_dataset_output_folder_may_not_be_or_hold_the_transcription(tmp_path, where):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    out = {"raw": raw, "inside": raw / "processed", "holds-raw": tmp_path / "elsewhere"}[where]
    if where == "holds-raw":
        shutil.copytree(raw, out)
    with pytest.raises(params.ParameterError, match=rf"output_dir='{re.escape(str(out))}' is not valid: "
                                                    r"it (is raw_dir|is inside raw_dir|holds a raw transcription)"):
        params.check_output_dir(str(out), str(raw))
    assert params.check_output_dir(str(tmp_path / "processed"), str(raw)) == (raw, tmp_path / "processed")


@pytest.mark.notebook
def test_notebook_00_refuses_output_dir_equal_to_raw_dir_and_writes_nothing(tmp_path):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    with pytest.raises(PapermillExecutionError) as exc:
        papermill.execute_notebook(str(ROOT / "notebooks" / "00_tidy_dataset.ipynb"), str(tmp_path / "out.ipynb"),
                                   parameters={"raw_dir": str(raw), "output_dir": str(raw)},
                                   progress_bar=False, kernel_name="python3")
    assert exc.value.ename == "ParameterError"
    assert "output_dir=" in exc.value.evalue and "is raw_dir, the hand-made transcription" in exc.value.evalue
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before


# ---------------------------------------------------------------------------
# The same bytes on every run
# ---------------------------------------------------------------------------

@pytest.mark.notebook
def test_a_full_report_page_is_the_same_bytes_when_built_twice(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    pages = []
    for _ in range(2):
        summary = run_toy(root, only=["toy_village.en.v1"], force=True)
        assert [r.status for r in summary.results] == ["ran"]
        pages.append({kind: (root / "reports" / f"toy_village.en.v1{kind}").read_bytes()
                      for kind in (".html", ".reader.html")})
    assert pages[0] == pages[1]
    assert b'id="cell-id=injected-parameters"' in pages[0][".html"]


# ---------------------------------------------------------------------------
# Two checkouts, one environment: the project root is where the work happens
# ---------------------------------------------------------------------------

def _second_checkout(tmp_path: Path) -> Path:
    other = tmp_path / "second-clone"
    (other / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "raw", other / "data" / "raw")
    shutil.copytree(ROOT / "notebooks", other / "notebooks")
    shutil.copy(ROOT / "pyproject.toml", other / "pyproject.toml")
    return other


def _root_seen_from(cwd: Path, env: dict | None = None) -> str:
    env = {**{k: v for k, v in os.environ.items() if k != "LINGYUAN_PROJECT"}, "PYTHONPATH": str(ROOT),
           **(env or {})}
    proc = subprocess.run([sys.executable, "-c", "import lingyuan; print(lingyuan.PROJECT_ROOT)"],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_the_project_root_is_the_checkout_the_work_happens_in(tmp_path):
    other = _second_checkout(tmp_path)
    assert _root_seen_from(other / "notebooks") == str(other)      # JupyterLab: the notebook's folder
    assert _root_seen_from(other) == str(other)
    assert _root_seen_from(tmp_path) == str(ROOT)   # outside any project: the package's own checkout
    named = tmp_path / "named"
    named.mkdir()
    assert _root_seen_from(other, {"LINGYUAN_PROJECT": str(named)}) == str(named)   # the variable wins


@pytest.mark.notebook
def test_a_notebook_of_a_second_checkout_reads_and_writes_that_checkout(tmp_path, monkeypatch):
    import papermill

    monkeypatch.delenv("LINGYUAN_PROJECT", raising=False)
    other = _second_checkout(tmp_path)
    ours = {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*")}
    papermill.execute_notebook(str(other / "notebooks" / "00_tidy_dataset.ipynb"), str(tmp_path / "out.ipynb"),
                               cwd=str(other / "notebooks"), progress_bar=False, kernel_name="python3")
    assert (other / "data" / "processed" / "datapackage.json").is_file()
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "data").rglob("*")} == ours, "the first checkout was written"


@pytest.mark.notebook
def test_the_runner_s_kernels_see_the_matrix_s_project_wherever_it_starts(tmp_path):
    root = make_toy_project(tmp_path / "project")
    edit_notebook(root / "notebooks" / "toy_village.ipynb", lambda nb: nb["cells"].append(
        {"cell_type": "code", "execution_count": None, "id": "where", "metadata": {}, "outputs": [],
         "source": "import pathlib, lingyuan\n"
                   "assert lingyuan.PROJECT_ROOT == pathlib.Path(data_dir).parent.parent, lingyuan.PROJECT_ROOT"}))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "LINGYUAN_PROJECT"}
    proc = subprocess.run([sys.executable, "-m", "lingyuan", "run", "--matrix", matrix_of(root), "--only",
                           "toy_data", "--only", "toy_village*"], capture_output=True, text=True, cwd=elsewhere,
                          env={**env, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------------------
# What a user expects of parameters and options
# ---------------------------------------------------------------------------

def test_a_data_dir_that_is_a_file_says_it_is_a_file():
    from lingyuan.dataset import DatasetError, load_figures

    with pytest.raises(DatasetError, match=r"README\.md is a file, not a folder: give the folder that holds "
                                           r"the processed tables"):
        load_figures(ROOT / "README.md")


@pytest.mark.parametrize("option", ["--cache", "--reports"])
def test_a_cache_or_reports_option_naming_a_file_says_it_is_a_file(tmp_path, option):
    root = make_toy_project(tmp_path)
    a_file = root / "README.md"
    a_file.write_text("a file\n", encoding="utf-8")
    proc = lingyuan("run", "--matrix", matrix_of(root), option, str(a_file), cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{option} {a_file} is a file, not a folder" in proc.stderr and "nothing was run" in proc.stderr
    assert "File exists" not in proc.stderr and a_file.read_text(encoding="utf-8") == "a file\n"


@pytest.mark.parametrize("value", ["../outside", "ABSOLUTE", "figures/../../outside"])
def test_a_path_parameter_leaving_the_project_is_refused(tmp_path, value):
    value = str(tmp_path / "outside") if value == "ABSOLUTE" else value
    root = make_toy_project(tmp_path / "project")
    edit_matrix(root, "      figures_dir: figures\n", f"      figures_dir: {value}\n")
    with pytest.raises(runner.MatrixError, match=rf"runs\.yaml:\d+: toy_chart: figures_dir='{re.escape(value)}' "
                                                 r"leaves the project: a path parameter must be a folder inside it"):
        runner.load_matrix(matrix_of(root), check=False)
    proc = lingyuan("run", "--matrix", matrix_of(root), cwd=root)
    assert proc.returncode == 2 and "nothing was run" in proc.stderr, proc.stdout + proc.stderr
    assert not (tmp_path / "outside").exists()


def test_formats_repeated_are_kept_once():
    assert params.check_formats(["png"] * 2000) == ["png"]
    assert params.check_formats("svg, png, svg, pdf, png") == ["svg", "png", "pdf"]


def test_a_full_width_village_id_gets_a_did_you_mean():
    choices = [("beifangshen", "北房身村", "Beifangshen Village"), ("erangou", "二安沟村", "Er'angou Village")]
    with pytest.raises(params.ParameterError, match=r"did you mean Beifangshen Village \(beifangshen\)\?"):
        params.resolve_choice("village", "ｂｅｉｆａｎｇｓｈｅｎ", choices)


def test_run_names_differing_only_in_case_are_refused(tmp_path):
    root = make_toy_project(tmp_path)
    edit_matrix(root, "      lang: [zh, en]\n", "      lang: [zh, en, EN]\n")
    with pytest.raises(runner.MatrixError, match=r"two runs are named 'toy_chart\.en' and 'toy_chart\.EN', one "
                                                 r"file where case is not told apart"):
        runner.load_matrix(matrix_of(root), check=False)


@pytest.mark.notebook
def test_a_shared_reports_folder_keeps_temporary_files_the_runner_did_not_make(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    shared = tmp_path / "shared-folder"
    (root / "reports").rename(shared)
    (root / "reports").symlink_to(shared)   # reports/ as a link to a folder others use too
    theirs = [shared / ".x.tmp-y", shared / ".notes.abcdefgh.tmp-.txt"]
    ours = shared / ".toy_data.k3j9x_2a.tmp-.html"    # as lingyuan.io.atomic_path names them
    for path in (*theirs, ours):
        path.write_text("left here\n", encoding="utf-8")
    summary = run_toy(root)
    assert [r.status for r in summary.results] == ["cached"] * len(TOY_RUNS)
    assert all(p.read_text(encoding="utf-8") == "left here\n" for p in theirs)
    assert not ours.exists()


# ---------------------------------------------------------------------------
# The data stay exact: spreadsheet formulas are text in the CSV files
# ---------------------------------------------------------------------------

def test_text_that_looks_like_a_spreadsheet_formula_stays_byte_exact_in_the_processed_csv(tmp_path):
    import csv

    from lingyuan import dataset

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    formulas = {"entities.csv": '=HYPERLINK("https://example.org","Lingyuan")', "indicators.csv": "=1+2"}
    for name, text in formulas.items():
        with open(raw / name, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        rows[1][rows[0].index("name_en")] = text
        with open(raw / name, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    dataset.build(raw, tmp_path / "processed")
    for name, text in formulas.items():
        with open(tmp_path / "processed" / name, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert text in [row[rows[0].index("name_en")] for row in rows[1:]], name  # no ' or tab put before it
        quoted = '"' + text.replace('"', '""') + '"' if '"' in text else text
        assert quoted.encode() in (tmp_path / "processed" / name).read_bytes()
    figures = (tmp_path / "processed" / "figures.csv").read_text(encoding="utf-8")
    assert ',"=HYPERLINK(""https://example.org"",""Lingyuan"")",' in figures   # the joined entity_en
