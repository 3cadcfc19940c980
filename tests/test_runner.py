"""The notebook runner (`python -m lingyuan run`): the run matrix and its checks, the
cache (what a change re-runs), failures, interrupts, and the index it leaves.

Everything runs on a toy project built in a temporary folder from
tests/data/notebooks (three tiny notebooks and their runs.yaml), with a copy of the
lingyuan package as the package whose sources enter the cache keys, so the tests
depend neither on the real notebooks nor on edits to the package.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

import lingyuan
from lingyuan import runner
from lingyuan.__main__ import main
from project_copy import made_once

TOY = Path(__file__).parent / "data" / "notebooks"
PACKAGE = Path(lingyuan.__file__).resolve().parent
TOY_RUNS = ["toy_data", "toy_chart.zh", "toy_chart.en", "toy_village.en.v1", "toy_village.en.v3"]

VALUES_CSV = "id,value,note\na,1,first\nb,2,second\n"
ENTITIES_CSV = ("entity_id,name_zh,name_en,level,parent_id,note\n"
                "town,镇,Town,township,,\n"
                "v1,一村,Village One,village,town,\n"
                "v2,二村,Village Two,village,town,no figure: no run\n"
                "v3,三村,Village Three,village,town,\n")
FIGURES_CSV = "figure_id,entity_id,value\nf1,v1,3\nf2,v3,4\nf3,town,5\n"

# the toy_chart entry as a list of parameter sets; %s: the English run's `fail`
CHART_SETS = """\
  toy_chart:
    after: [toy_data]
    inputs: [data/processed/*]
    parameters:
      - {lang: zh, data_dir: data/processed, figures_dir: figures}
      - {lang: en, data_dir: data/processed, figures_dir: figures, fail: %s}
"""
NAMED_CHART_SETS = CHART_SETS.replace("    after:", '    name: "{notebook}.{lang}"\n    after:')


def make_toy_project(root: Path) -> Path:
    """A toy project under *root*: notebooks/ (toy notebooks + runs.yaml), data/raw/,
    and pkg/ (a copy of the lingyuan package, for the package part of the keys)."""
    shutil.copytree(TOY, root / "notebooks")
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "values.csv").write_text(VALUES_CSV, encoding="utf-8")
    (raw / "entities.csv").write_text(ENTITIES_CSV, encoding="utf-8")
    (raw / "figures.csv").write_text(FIGURES_CSV, encoding="utf-8")
    shutil.copytree(PACKAGE, root / "pkg", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def run_toy(root: Path, **kw) -> runner.RunSummary:
    kw.setdefault("jobs", 2)
    kw.setdefault("out", None)
    return runner.run_matrix(root / "notebooks" / "runs.yaml", package_dir=root / "pkg", **kw)


def statuses(summary: runner.RunSummary) -> dict[str, str]:
    return {r.run.name: r.status for r in summary.results}


def edit_matrix(root: Path, old: str, new: str) -> None:
    path = root / "notebooks" / "runs.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"runs.yaml has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def replace_chart_entry(root: Path, entry: str) -> None:
    """Replace the toy_chart entry of the toy runs.yaml with *entry*."""
    path = root / "notebooks" / "runs.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  toy_chart:\n"), text.index("  toy_village:\n")
    path.write_text(text[:start] + entry + text[end:], encoding="utf-8")


def edit_notebook(path: Path, edit) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    edit(nb)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if ".tmp-" in p.name]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def without_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of the runs, without the site's own pages (front pages, build page)."""
    return {k: v for k, v in files.items() if k not in ("index.html", "index.en.html", "build.html")}


def _build_toy(root: Path) -> None:
    make_toy_project(root)
    summary = run_toy(root)
    assert statuses(summary) == {name: "ran" for name in TOY_RUNS}, [
        (r.run.name, r.status, r.ename, r.evalue) for r in summary.results]
    assert summary.kernels_forked == len(TOY_RUNS)  # every kernel came from the preloaded process


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The toy project after one full run, made once per test run for this module and the
    fault tests that import this fixture; tests work on copies (see `project`)."""
    return made_once(tmp_path_factory, "toy-built", _build_toy)


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the fully built toy project, cache and reports included."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    return root


# ---------------------------------------------------------------------------
# The run matrix (no kernel)
# ---------------------------------------------------------------------------

def test_matrix_expands_products_generators_and_names(tmp_path):
    root = make_toy_project(tmp_path)
    mx = runner.load_matrix(root / "notebooks" / "runs.yaml")
    assert [r.name for r in mx.runs] == TOY_RUNS
    by = mx.by_name()
    assert by["toy_chart.en"].parameters == {"lang": "en", "data_dir": "data/processed",
                                             "figures_dir": "figures", "formats": ["png"]}
    # {each: village}: the villages with at least one figure (v2 has none), in entities.csv order
    assert [by[n].parameters["village"] for n in ("toy_village.en.v1", "toy_village.en.v3")] == ["v1", "v3"]
    assert mx.deps["toy_chart.zh"] == ["toy_data"] and mx.deps["toy_data"] == []
    # path parameters are handed to papermill as absolute paths under the root
    passed = mx.passed_parameters(by["toy_chart.en"])
    assert passed["data_dir"] == str(root / "data" / "processed") and passed["lang"] == "en"


def test_each_level_is_the_dataset_definition_of_entities_with_figures(tmp_path):
    """{each: village} is lingyuan.dataset.Tables.with_figures: a village counts when a body
    inside it (here a cooperative of v2) has a figure, even if the village itself has none."""
    root = make_toy_project(tmp_path)
    (root / "data" / "raw" / "entities.csv").write_text(
        ENTITIES_CSV + "c2,二村合作社,Co-op of Village Two,cooperative,v2,\n", encoding="utf-8")
    (root / "data" / "raw" / "figures.csv").write_text(FIGURES_CSV + "f4,c2,6\n", encoding="utf-8")
    mx = runner.load_matrix(root / "notebooks" / "runs.yaml", check=False)
    assert [r.parameters["village"] for r in mx.runs if r.notebook == "toy_village"] == ["v1", "v2", "v3"]


def test_list_json_prints_one_object_per_run_without_running(tmp_path):
    root = make_toy_project(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "lingyuan", "run", "--matrix", str(root / "notebooks" / "runs.yaml"),
         "--list", "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["name"] for r in rows] == TOY_RUNS
    assert rows[2]["notebook"] == "notebooks/toy_chart.ipynb"
    assert rows[2]["parameters"]["lang"] == "en"
    assert rows[2]["output"] == "reports/toy_chart.en.ipynb"
    assert not (root / "reports").exists(), "--list must not run anything"


def test_a_list_of_parameter_sets_names_runs_by_what_varies(tmp_path):
    root = make_toy_project(tmp_path)
    replace_chart_entry(root, CHART_SETS % "false")
    mx = runner.load_matrix(root / "notebooks" / "runs.yaml")
    assert [r.name for r in mx.runs if r.notebook == "toy_chart"] == ["toy_chart.zh", "toy_chart.en.False"]
    # a name template keeps the names stable
    replace_chart_entry(root, NAMED_CHART_SETS % "false")
    assert [r.name for r in runner.load_matrix(root / "notebooks" / "runs.yaml").runs] == TOY_RUNS


@pytest.mark.parametrize("old, new, message", [
    ("      lang: [zh, en]\n", "      lang: [zh, en]\n      colour: red\n",
     r"runs\.yaml:\d+: run toy_chart\.zh: notebooks/toy_chart\.ipynb has no parameter 'colour'"),
    ("      lang: [zh, en]\n", "      lang: [zh, 3]\n",
     r"runs\.yaml:\d+: run toy_chart\.3: parameter lang=3 is int, the notebook declares str"),
    ("      formats: {value: [png]}\n", "      formats: png\n",
     r"run toy_chart\.zh: parameter formats=png is str, the notebook declares list"),
    ("  toy_village:\n", "  toy_missing:\n",
     r"runs\.yaml:\d+: toy_missing: unknown notebook: notebooks/toy_missing\.ipynb does not exist"),
    ("    after: [toy_data]\n", "    after: [toy_dataset]\n",
     r"toy_chart: after: unknown notebook 'toy_dataset'"),
])
def test_bad_matrix_is_an_error_naming_the_run(tmp_path, old, new, message):
    root = make_toy_project(tmp_path)
    edit_matrix(root, old, new)
    with pytest.raises(runner.MatrixError, match=message):
        runner.load_matrix(root / "notebooks" / "runs.yaml")


def test_defaults_go_to_the_notebooks_that_declare_them(tmp_path):
    """`defaults:` parameters reach each notebook whose parameters cell assigns them
    (toy_data has no lang, data_dir or formats), unless its entry sets them itself."""
    root = make_toy_project(tmp_path)
    before = {r.name: r.parameters for r in runner.load_matrix(root / "notebooks" / "runs.yaml").runs}
    edit_matrix(root, "notebooks:\n", "defaults:\n  lang: [zh, en]\n  data_dir: data/processed\n"
                                      "  formats: {value: [png]}\nnotebooks:\n")
    edit_matrix(root, "      lang: [zh, en]\n      data_dir: data/processed\n", "")
    edit_matrix(root, "      formats: {value: [png]}\n", "")
    edit_matrix(root, "      data_dir: data/processed\n", "")  # toy_village's, with lang: [en] kept
    after = {r.name: r.parameters for r in runner.load_matrix(root / "notebooks" / "runs.yaml").runs}
    assert after == before and list(after) == TOY_RUNS
    assert "lang" not in after["toy_data"] and "formats" not in after["toy_village.en.v1"]
    # a default no notebook declares is a mistake, reported at its line
    edit_matrix(root, "defaults:\n", "defaults:\n  colour: red\n")
    with pytest.raises(runner.MatrixError, match=r"runs\.yaml:\d+: defaults: parameter 'colour' is declared by no"):
        runner.load_matrix(root / "notebooks" / "runs.yaml")


def test_the_kept_matrix_is_read_again_when_a_file_it_came_from_changes(tmp_path):
    from lingyuan.runner.matrixmemo import load_matrix_memoised, to_json

    root = make_toy_project(tmp_path)
    matrix, memo = root / "notebooks" / "runs.yaml", tmp_path / "matrix.json"
    first = load_matrix_memoised(matrix, root, memo)
    assert to_json(first) == to_json(runner.load_matrix(matrix))
    assert memo.is_file()
    assert to_json(load_matrix_memoised(matrix, root, memo)) == to_json(first)  # kept
    edit_matrix(root, "      lang: [zh, en]\n", "      lang: [en]\n")
    assert [r.name for r in load_matrix_memoised(matrix, root, memo).runs if r.notebook == "toy_chart"] == \
        ["toy_chart.en"]
    # a village gains its first figure: the {each: village} axis is read again
    (root / "data" / "raw" / "figures.csv").write_text(FIGURES_CSV + "f4,v2,6\n", encoding="utf-8")
    villages = [r.parameters["village"] for r in load_matrix_memoised(matrix, root, memo).runs
                if r.notebook == "toy_village"]
    assert villages == ["v1", "v2", "v3"]


def test_dependency_cycle_is_an_error(tmp_path):
    root = make_toy_project(tmp_path)
    edit_matrix(root, "  toy_data:\n", "  toy_data:\n    after: [toy_village]\n")
    with pytest.raises(runner.MatrixError, match=r"dependency cycle: toy_data -> toy_village -> toy_data"):
        runner.load_matrix(root / "notebooks" / "runs.yaml")


def test_two_runs_with_one_name_is_an_error(tmp_path):
    root = make_toy_project(tmp_path)
    edit_matrix(root, "  toy_chart:\n", '  toy_chart:\n    name: "{notebook}"\n')
    with pytest.raises(runner.MatrixError, match=r"two runs are named 'toy_chart'"):
        runner.load_matrix(root / "notebooks" / "runs.yaml")


def test_bad_matrix_exits_2_and_runs_nothing(tmp_path, capsys):
    root = make_toy_project(tmp_path)
    edit_matrix(root, "      lang: [zh, en]\n", "      lang: [zh, en]\n      colour: red\n")
    code = main(["run", "--matrix", str(root / "notebooks" / "runs.yaml")])
    assert code == 2
    err = capsys.readouterr().err
    assert "has no parameter 'colour'" in err and "nothing was run" in err
    assert not (root / "reports").exists()


def test_the_project_matrix_is_valid():
    """notebooks/runs.yaml: every notebook exists, every parameter is declared with its type."""
    mx = runner.load_matrix(runner.DEFAULT_MATRIX)
    assert "00_tidy_dataset" in {r.notebook for r in mx.runs}
    assert all(mx.deps[r.name] for r in mx.runs if r.notebook != "00_tidy_dataset"), \
        "every analysis notebook runs after 00_tidy_dataset"


# ---------------------------------------------------------------------------
# Running and the cache
# ---------------------------------------------------------------------------

@pytest.mark.notebook
def test_full_run_writes_reports_and_a_second_run_is_all_cached(project):
    reports = project / "reports"
    for name in TOY_RUNS:
        for suffix in (".ipynb", ".html", ".reader.html"):
            assert (reports / f"{name}{suffix}").is_file(), f"{name}{suffix} missing"
    assert (project / "data" / "processed" / "summary.csv").read_text() == \
        "table,total\nentities,0\nfigures,12\nvalues,3\n"
    assert (project / "figures" / "en" / "toy_chart.png").is_file()
    assert not temp_files(project)
    before = snapshot(reports)
    summary = run_toy(project)
    assert statuses(summary) == {name: "cached" for name in TOY_RUNS}
    assert summary.exit_code == 0
    assert without_index(snapshot(reports)) == without_index(before)


@pytest.mark.notebook
def test_fresh_kernels_give_the_same_outputs(project, capsys):
    data = project / "data" / "processed"
    before = {**snapshot(data), **snapshot(project / "figures" / "en")}
    assert main(["run", "--matrix", str(project / "notebooks" / "runs.yaml"), "--force",
                 "--fresh-kernels", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert f"{len(TOY_RUNS)} runs: {len(TOY_RUNS)} ran" in out
    assert "(0 of the kernels forked from a preloaded process)" in out
    assert {**snapshot(data), **snapshot(project / "figures" / "en")} == before


@pytest.mark.notebook
def test_editing_a_notebook_reruns_its_runs_only(project):
    edit_notebook(project / "notebooks" / "toy_chart.ipynb",
                  lambda nb: nb["cells"][-1].__setitem__("source", ["The bars are the table totals."]))
    assert statuses(run_toy(project)) == {
        "toy_data": "cached", "toy_chart.zh": "ran", "toy_chart.en": "ran",
        "toy_village.en.v1": "cached", "toy_village.en.v3": "cached"}


@pytest.mark.notebook
def test_notebook_metadata_and_outputs_do_not_count(project):
    def touch(nb):
        nb["metadata"]["authors"] = [{"name": "someone"}]
        nb["cells"][2]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}]
        nb["cells"][2]["execution_count"] = 7
    edit_notebook(project / "notebooks" / "toy_chart.ipynb", touch)
    assert set(statuses(run_toy(project)).values()) == {"cached"}


@pytest.mark.notebook
def test_input_data_change_reruns_what_reads_changed_files(project):
    raw = project / "data" / "raw" / "values.csv"
    # a column the dataset notebook ignores: it reruns, its output is byte-identical,
    # so nothing downstream reruns (their inputs are hashed after it finished)
    raw.write_text(VALUES_CSV.replace("second", "2nd"), encoding="utf-8")
    assert statuses(run_toy(project)) == {name: "ran" if name == "toy_data" else "cached" for name in TOY_RUNS}
    # a value: the processed data changes, every dependent reruns
    raw.write_text(VALUES_CSV.replace("b,2,", "b,5,"), encoding="utf-8")
    assert statuses(run_toy(project)) == {name: "ran" for name in TOY_RUNS}


@pytest.mark.notebook
def test_package_source_change_reruns_everything(project):
    with open(project / "pkg" / "units.py", "a", encoding="utf-8") as f:
        f.write("\n# a comment is a change of the package source\n")
    assert statuses(run_toy(project)) == {name: "ran" for name in TOY_RUNS}


@pytest.mark.notebook
def test_missing_output_reruns_its_run_and_only_runs_the_selection(project):
    (project / "figures" / "en" / "toy_chart.png").unlink()
    (project / "reports" / "toy_village.en.v3.reader.html").unlink()
    assert statuses(run_toy(project)) == {
        "toy_data": "cached", "toy_chart.zh": "cached", "toy_chart.en": "ran",
        "toy_village.en.v1": "cached", "toy_village.en.v3": "ran"}
    # --only selects by run or notebook name; --force reruns the selection even if up to date
    summary = run_toy(project, only=["toy_chart.z*"], force=True)
    assert statuses(summary) == {"toy_chart.zh": "ran"}


@pytest.mark.notebook
def test_failing_run_is_reported_and_others_finish(project, capsys):
    reports = project / "reports"
    before = snapshot(reports)
    # the English chart fails in its third code cell, the 4th cell of the notebook file
    # (cells are numbered from 1, markdown included, as a reader counts them)
    replace_chart_entry(project, NAMED_CHART_SETS % "true")
    code = main(["run", "--matrix", str(project / "notebooks" / "runs.yaml"), "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"FAILED\s+toy_chart\.en\s+\d+\.\d s  ValueError: asked to fail", out), out
    assert "FAILED toy_chart.en: notebook" in out and "fail=true" in out
    assert "cell 4 (counting every cell of the notebook from 1), In [4]: ValueError: asked to fail" in out
    assert ".cache/failed/toy_chart.en.ipynb" in out
    kept = json.loads((project / ".cache" / "failed" / "toy_chart.en.ipynb").read_text(encoding="utf-8"))
    assert any(o.get("ename") == "ValueError" for c in kept["cells"] for o in c.get("outputs", []))
    # the others finished; the failed run's previous reports are untouched
    assert re.search(r"ok\s+toy_chart\.zh\s+\d+\.\d s  ran", out)
    after = snapshot(reports)
    for suffix in (".ipynb", ".html", ".reader.html"):
        assert after[f"toy_chart.en{suffix}"] == before[f"toy_chart.en{suffix}"]
    assert not temp_files(project)
    assert "asked to fail" in (reports / "build.html").read_text(encoding="utf-8")
    # the cache was not updated for it: the next invocation tries it again
    assert statuses(run_toy(project))["toy_chart.en"] == "failed"


@pytest.mark.notebook
def test_dependents_of_a_failed_run_are_skipped(project):
    (project / "data" / "raw" / "values.csv").write_text("id,value,note\na,one,x\n", encoding="utf-8")
    summary = run_toy(project)
    result = {r.run.name: r for r in summary.results}
    assert result["toy_data"].status == "failed"
    assert result["toy_data"].ename == "ValueError" and "one" in result["toy_data"].evalue
    assert result["toy_data"].cell == 3
    assert {result[n].status for n in TOY_RUNS[1:]} == {"skipped"}
    assert result["toy_chart.en"].detail == "toy_data failed"
    assert summary.exit_code == 1


@pytest.mark.notebook
def test_timeout_fails_the_run(project):
    edit_matrix(project, "      output_dir: data/processed\n", "      output_dir: data/processed\n      sleep: 60\n")
    summary = run_toy(project, only=["toy_data"], timeout=3)  # (the cells before it take milliseconds)
    (result,) = summary.results
    assert result.status == "failed" and "Timeout" in result.ename, (result.ename, result.evalue)
    assert result.cell == 3
    assert not temp_files(project)


def ctrl_c_delivered() -> None:
    """In the child before it starts: SIGINT back to its default. A shell starts background
    jobs with SIGINT ignored, and Python then leaves it ignored; the tests that send it
    simulate a Ctrl-C at the terminal, where it is not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_run_stopped_while_its_pages_wait_to_be_written_keeps_the_old_reports_and_outputs(project):
    """A run whose notebook has run hands its pages to the pages thread; stopped then (Ctrl-C),
    its staged reports are removed and the outputs it wrote are put back, as for a run
    stopped in a cell."""
    import contextlib

    from lingyuan.io import atomic_path
    from lingyuan.runner import execute as ex
    from lingyuan.runner.results import report_paths

    mx = runner.load_matrix(project / "notebooks" / "runs.yaml")
    run = next(r for r in mx.runs if r.name == "toy_data")
    reports, summary_csv = project / "reports", project / "data" / "processed" / "summary.csv"
    reports_before, summary_before = snapshot(reports), summary_csv.read_bytes()
    ctx = ex.Context(matrix=mx, reports=reports, failed_dir=project / ".cache" / "failed", timeout=0,
                     kernel_name=runner.DEFAULT_KERNEL, kernels=ex.Kernels())
    for stop in (ex.abandon, lambda done: ex.write_pages(done, ctx)):
        guard = ex.OutputGuard(project, run.outputs)
        with contextlib.ExitStack() as stack:   # as execute() leaves a run whose notebook ran
            tmp = {k: stack.enter_context(atomic_path(p)) for k, p in report_paths(reports, run.name).items()}
            for path in tmp.values():
                path.write_text("the new run's", encoding="utf-8")
            summary_csv.write_text("id,total\n", encoding="utf-8")
            done = ex.Executed(run, None, time.monotonic(), guard, stack.pop_all(), tmp)
        ctx.kernels.cancel.set()   # Ctrl-C
        result = stop(done)
        assert result.status == "interrupted"
        assert snapshot(reports) == reports_before and not temp_files(project)
        assert summary_csv.read_bytes() == summary_before


@pytest.mark.notebook
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_leaves_old_outputs_and_no_partial_file(project, sig, code):
    reports = project / "reports"
    before = snapshot(reports)
    cache_before = (project / ".cache" / "runs.json").read_bytes()
    edit_matrix(project, "      output_dir: data/processed\n", "      output_dir: data/processed\n      sleep: 60\n")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lingyuan", "run", "--matrix", str(project / "notebooks" / "runs.yaml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, preexec_fn=ctrl_c_delivered)
    try:
        deadline = time.monotonic() + 60
        # wait until the notebook is executing: papermill has written its temporary copy
        while not list(reports.glob(".toy_data.*.tmp-*.ipynb")):
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "the run never started"
            time.sleep(0.1)
        time.sleep(1.0)
        proc.send_signal(sig)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, out
    assert "interrupted" in out and "previous outputs are kept" in out
    assert not temp_files(project), temp_files(project)
    assert without_index(snapshot(reports)) == without_index(before)
    assert (project / ".cache" / "runs.json").read_bytes() == cache_before


def _failure(name: str, evalue: str = "boom"):
    """What the cache keeps of a failed run: a RunResult as the executor returns it."""
    run = runner.Run(name=name, notebook="nb", path=Path("nb.ipynb"), parameters={}, inputs=(), after=(),
                     outputs=(), line=1)
    return runner.RunResult(run, "failed", 1.0, ename="ValueError", evalue=evalue, cell=3)


def test_the_cache_journal_appends_one_line_a_record_and_survives_a_cut_line(tmp_path):
    path = tmp_path / "runs.json"
    cache = runner.Cache(path)
    journal = cache.journal_path
    sizes = []
    for i in range(300):
        cache.record_failure(_failure(f"run{i}"))
        cache.save()
        sizes.append(journal.stat().st_size)
    # each record costs one short line, however many are already there
    growth = [b - a for a, b in zip(sizes, sizes[1:])]
    assert max(growth) < 200 and max(growth) - min(growth) <= 2
    assert not path.exists(), "the cache file is written once, at the end of the build"
    # a build killed while appending leaves half a line: it is skipped, the rest replayed
    with open(journal, "ab") as f:
        f.write(b'[2, "failures", "run300", {"ename": "Val')
    again = runner.Cache(path)
    assert set(again.failures) == {f"run{i}" for i in range(300)}
    again.record_failure(_failure("run301", "after the cut"))
    again.forget_failure("run0")
    again.save()
    third = runner.Cache(path)
    assert third.failures["run301"]["evalue"] == "after the cut" and "run0" not in third.failures
    # the end of the build: one file, no journal; reading it gives the same cache
    third.compact()
    assert path.is_file() and not journal.exists()
    assert runner.Cache(path).data == third.data


def test_file_hashes_are_kept_by_stat_except_for_a_file_just_written(tmp_path):
    memo = tmp_path / "hashes.json"
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text("a,1\n", encoding="utf-8")
    hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(old, ns=(hour_ago, hour_ago))
    new.write_text("b,2\n", encoding="utf-8")
    hashes = runner.FileHashes(memo)
    digest_old, digest_new = hashes(old), hashes(new)
    hashes.save()
    kept = json.loads(memo.read_text(encoding="utf-8"))["files"]
    # the file just written is not kept: a second write within the clock's tick could keep its stat
    assert f"bytes:{old}" in kept and f"bytes:{new}" not in kept
    # the next invocation reads no file whose stat is unchanged (as git and make do) ...
    old.write_text("a,9\n", encoding="utf-8")
    os.utime(old, ns=(hour_ago, hour_ago))
    assert runner.FileHashes(memo)(old) == digest_old
    # ... and any change of size or time is read again
    old.write_text("a,9\n", encoding="utf-8")
    assert runner.FileHashes(memo)(old) != digest_old
    new.write_text("b,3\n", encoding="utf-8")
    assert runner.FileHashes(memo)(new) != digest_new


@pytest.mark.notebook
def test_a_run_with_nothing_to_do_imports_no_heavy_library(project):
    """`python -m lingyuan run` with nothing to do decides from the cache and the files'
    stats alone: neither the executor nor the notebooks' libraries are imported."""
    heavy = ("pandas", "numpy", "matplotlib", "nbconvert", "nbformat", "papermill", "nbclient",
             "jupyter_client", "lingyuan.runner.execute")
    code = ("import contextlib, io, json, sys\n"
            "from lingyuan.__main__ import main\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            f"    code = main(['run', '--matrix', {str(project / 'notebooks' / 'runs.yaml')!r}])\n"
            f"print(json.dumps([code, out.getvalue(), [m for m in {heavy!r} if m in sys.modules]]))\n")
    # the toy build keyed the runs with a copy of the package, byte for byte this one
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)}, cwd=project)
    assert proc.returncode == 0, proc.stderr
    code, out, imported = json.loads(proc.stdout.splitlines()[-1])
    assert code == 0 and f"{len(TOY_RUNS)} runs: {len(TOY_RUNS)} cached" in out, out
    assert imported == []
    # the site's pages are not re-rendered on a no-op, but one that went missing comes back
    index = project / "reports" / "index.en.html"
    before = index.read_bytes()
    index.unlink()
    assert statuses(run_toy(project)) == {name: "cached" for name in TOY_RUNS}
    assert index.read_bytes() == before


# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.imgs, self.title = [], [], ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "img":
            self.imgs.append(attrs.get("src", ""))
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


@pytest.mark.notebook
def test_build_page_links_resolve_with_status_and_data(project):
    build = project / "reports" / "build.html"
    text = build.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text)
    assert page.title == "Lingyuan figures — build"
    runs = [h for h in page.hrefs if not h.startswith("index")]
    assert len(runs) == 3 * len(TOY_RUNS)
    for href in page.hrefs:
        assert not re.match(r"[a-z]+:", href), f"{href}: links must be relative"
        assert (build.parent / href).is_file(), f"{href}: link target missing"
    for name in TOY_RUNS:
        assert f'href="{name}.reader.html"' in text and f'href="{name}.html"' in text
    entry = json.loads((project / ".cache" / "runs.json").read_text(encoding="utf-8"))["runs"]["toy_chart.en"]
    assert entry["inputs_hash"][:12] in text and "data/processed/summary.csv" in text
    assert entry["built_at"].replace("T", " ").replace("+00:00", "") in text
    assert "http://" not in text and "https://" not in text
    # the front pages link the reports of their language, with a chart preview
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="toy_chart.zh.reader.html"' in index and 'src="img/toy_chart.zh.png"' in index
