"""Faults of `python -m lingyuan run`: what a failed, interrupted or killed run leaves, a
run matrix that tries to grow without bound or to write outside the project, a
read-only checkout, and the small things a user meets (exit codes, messages, leftovers).

Everything runs on the toy project of tests/test_runner.py (three tiny notebooks).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from lingyuan import runner
from lingyuan.__main__ import main
from test_runner import (TOY_RUNS, VALUES_CSV, built, ctrl_c_delivered, edit_matrix, make_toy_project, project,  # noqa: F401
                         replace_chart_entry, run_toy, statuses, temp_files)

ROOT = Path(__file__).resolve().parent.parent


def matrix_of(root: Path) -> str:
    return str(root / "notebooks" / "runs.yaml")


def lingyuan_run(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "lingyuan", "run", *args], capture_output=True,
                          text=True, env=env, timeout=kw.pop("timeout", 300), **kw)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under *folder* (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for(condition, proc: subprocess.Popen | None = None, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the runner ended early: {proc.stdout.read() if proc.stdout else ''}")
        assert time.monotonic() < deadline, "the condition was never met"
        time.sleep(0.1)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


# ---------------------------------------------------------------------------
# 1. A failed run leaves every previous output as it was; the cache checks content
# ---------------------------------------------------------------------------

@pytest.mark.notebook
def test_a_failed_dataset_run_restores_the_data_it_wrote_and_is_not_trusted_later(project):
    processed = project / "data" / "processed"
    before = tree(processed)
    raw = project / "data" / "raw" / "values.csv"
    # toy_data writes summary.csv, then finds a negative total and fails
    raw.write_text(VALUES_CSV.replace("b,2,", "b,-5,"), encoding="utf-8")
    summary = run_toy(project)
    assert statuses(summary)["toy_data"] == "failed"
    assert {statuses(summary)[n] for n in TOY_RUNS[1:]} == {"skipped"}
    assert tree(processed) == before, "the failed run's data must not stay"
    # the input restored: nothing is out of date, nothing fails
    raw.write_text(VALUES_CSV, encoding="utf-8")
    summary = run_toy(project)
    assert summary.exit_code == 0 and set(statuses(summary).values()) == {"cached"}
    assert tree(processed) == before


@pytest.mark.notebook
def test_a_failing_notebook_leaves_no_chart_of_its_own_behind(project, capsys):
    figures = project / "figures"
    before = tree(figures)
    replace_chart_entry(project, '''\
  toy_chart:
    name: "{notebook}.{lang}"
    after: [toy_data]
    inputs: [data/processed/*]
    outputs: ["figures/{lang}/toy_chart*"]
    parameters:
      - {lang: zh, data_dir: data/processed, figures_dir: figures}
      - {lang: en, data_dir: data/processed, figures_dir: figures, fail_after_write: true}
''')
    code = main(["run", "--matrix", matrix_of(project), "--jobs", "2"])
    out = capsys.readouterr().out
    assert code == 1
    assert tree(figures) == before, "toy_chart.partial.png must be removed, toy_chart.png kept"
    # the failing cell as a reader counts it: the 5th cell of the notebook file
    assert "cell 5 (counting every cell of the notebook from 1), In [" in out, out
    assert "ValueError: failed after writing" in out


@pytest.mark.notebook
def test_a_changed_output_or_report_reruns_its_run(project):
    chart = project / "figures" / "en" / "toy_chart.png"
    good = chart.read_bytes()
    chart.write_bytes(b"not the chart")
    page = project / "reports" / "toy_village.en.v1.html"
    page.write_text("<p>edited</p>", encoding="utf-8")
    assert statuses(run_toy(project)) == {
        "toy_data": "cached", "toy_chart.zh": "cached", "toy_chart.en": "ran",
        "toy_village.en.v1": "ran", "toy_village.en.v3": "cached"}
    assert chart.read_bytes() == good


@pytest.mark.notebook
def test_deleting_one_chart_reruns_only_the_run_that_wrote_it(project):
    # globs shared by both languages: each run still records only the files it wrote
    edit_matrix(project, 'outputs: ["figures/{lang}/toy_chart*"]', 'outputs: ["figures/*/*"]')
    assert set(statuses(run_toy(project, jobs=1, force=True)).values()) == {"ran"}
    (project / "figures" / "en" / "toy_chart.png").unlink()
    assert statuses(run_toy(project, jobs=1)) == {
        "toy_data": "cached", "toy_chart.zh": "cached", "toy_chart.en": "ran",
        "toy_village.en.v1": "cached", "toy_village.en.v3": "cached"}


@pytest.mark.notebook
def test_a_later_success_removes_the_kept_failed_notebook(project):
    kept = project / ".cache" / "failed" / "toy_chart.en.ipynb"
    edit_matrix(project, "      formats: {value: [png]}\n", "      formats: {value: [png]}\n      fail: true\n")
    run_toy(project, only=["toy_chart"])
    assert kept.is_file()
    edit_matrix(project, "      fail: true\n", "      fail: false\n")
    assert statuses(run_toy(project, only=["toy_chart"]))["toy_chart.en"] == "ran"
    assert not kept.exists()


# ---------------------------------------------------------------------------
# 2, 3. A matrix is bounded and its names stay under reports/
# ---------------------------------------------------------------------------

BILLION_LAUGHS = """\
paths: []
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
notebooks:
  toy_village:
    parameters:
      lang: *i
      village: *i
"""


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_a_yaml_bomb_is_refused_naming_its_line(tmp_path):
    root = make_toy_project(tmp_path)
    (root / "notebooks" / "runs.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "lingyuan", "run", "--list", "--matrix", matrix_of(root)],
                          capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "runs.yaml:3: column 8: YAML alias *a refused" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_too_many_runs_and_too_long_names_are_refused(tmp_path):
    root = make_toy_project(tmp_path)
    many = "[" + ", ".join(f"l{i}" for i in range(50)) + "]"
    edit_matrix(root, "      lang: [en]\n", f"      lang: {many}\n      extra: {many}\n")
    with pytest.raises(runner.MatrixError, match=r"runs\.yaml:\d+: toy_village: these parameters expand to "
                                                 r"5,000 runs; a matrix may have at most 2,000"):
        runner.load_matrix(matrix_of(root), check=False)
    root = make_toy_project(tmp_path / "long")
    edit_matrix(root, "  toy_village:\n", f'  toy_village:\n    name: "{"x" * 200}.{{village}}"\n')
    with pytest.raises(runner.MatrixError, match=r"runs\.yaml:\d+: toy_village: run name 'x+'… refused: "
                                                 r"a run name may have at most 120 characters"):
        runner.load_matrix(matrix_of(root), check=False)


@pytest.mark.parametrize("template", ["{outside}/absolute.{{village}}", "../../../x.{{village}}",
                                      "{{notebook}}/../{{village}}", "{{lang.__class__}}.{{village}}",
                                      ".hidden.{{village}}"])
def test_run_names_are_file_names_under_reports(tmp_path, template):
    root = make_toy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    edit_matrix(root, "  toy_village:\n",
                f'  toy_village:\n    name: "{template.format(outside=outside)}"\n')
    proc = lingyuan_run("--matrix", matrix_of(root), cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "refused" in proc.stderr and "nothing was run" in proc.stderr, proc.stderr
    assert not outside.exists() and not (tmp_path / "x.v1.ipynb").exists()
    assert not (root / ".cache" / "failed").exists() and not (root / "reports").exists()


def test_parameter_values_and_outputs_cannot_leave_the_project(tmp_path):
    root = make_toy_project(tmp_path)
    edit_matrix(root, "      lang: [en]\n", '      lang: ["../../../../tmp/evil", en]\n')
    names = [r.name for r in runner.load_matrix(matrix_of(root), check=False).runs]
    assert "toy_village.tmp-evil.v1" in names and all("/" not in n for n in names)
    edit_matrix(root, "outputs: [data/processed/summary.csv]", "outputs: [/tmp/*, ../*]")
    with pytest.raises(runner.MatrixError, match=r"outputs pattern '/tmp/\*': must be a path inside the project"):
        runner.load_matrix(matrix_of(root), check=False)
    edit_matrix(root, "  toy_village:\n", "  ../toy_village:\n")
    with pytest.raises(runner.MatrixError, match=r"\.\./toy_village: notebook name refused"):
        runner.load_matrix(matrix_of(root), check=False)


# ---------------------------------------------------------------------------
# 4. A read-only checkout
# ---------------------------------------------------------------------------

@pytest.mark.notebook
def test_an_unwritable_cache_is_one_sentence_and_another_cache_works(project, tmp_path):
    # root ignores file modes: a cache folder under a regular file cannot be written by anyone
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    proc = lingyuan_run("--matrix", matrix_of(project), "--cache", str(blocker / "cache"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "must be run, but cannot write the cache" in proc.stderr and "--cache DIR" in proc.stderr
    assert "nothing was run" in proc.stderr
    proc = lingyuan_run("--matrix", matrix_of(project), "--cache", str(tmp_path / "cache"),
                        "--reports", str(tmp_path / "reports"), "--only", "toy_village*")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "reports" / "toy_village.en.v1.html").is_file()
    assert (tmp_path / "cache" / "runs.json").is_file()


def _read_only(tree_root: Path, cmd: list[str]) -> list[str]:
    """*cmd* run where *tree_root* cannot be written. As root (who ignores file modes), in
    a mount namespace of its own where *tree_root* is a read-only bind mount (writes fail
    with EROFS, as on a read-only file system); otherwise with the tree's modes made
    read-only."""
    if os.geteuid() != 0:
        for p in [tree_root, *tree_root.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
        return cmd
    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run(
        [unshare, "-m", "sh", "-c", f'mount --bind "{tree_root}" "{tree_root}" && '
                                    f'mount -o remount,bind,ro "{tree_root}" "{tree_root}"'],
        capture_output=True)
    if not probe or probe.returncode != 0:
        pytest.skip("running as root without mount namespaces: cannot make a read-only tree")
    script = (f'mount --bind "{tree_root}" "{tree_root}" && mount -o remount,bind,ro "{tree_root}" '
              f'"{tree_root}" && exec "$@"')
    return [unshare, "-m", "sh", "-c", script, "sh", *cmd]


@pytest.mark.notebook
def test_a_read_only_checkout_runs_a_no_op_and_refuses_work_in_a_sentence(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*")}

    def run(*args: str) -> subprocess.CompletedProcess:
        cmd = _read_only(root, [sys.executable, "-m", "lingyuan", "run", "--matrix", matrix_of(root), *args])
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)

    try:
        proc = run()
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f"{len(TOY_RUNS)} runs: {len(TOY_RUNS)} cached" in proc.stdout and "Traceback" not in proc.stderr
        assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before, "a no-op writes nothing"
        # work to do (--force): one sentence, exit 2, nothing written
        proc = run("--force")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "toy_data is out of date and must be run, but cannot write the cache" in proc.stderr
        assert "--cache DIR and --reports DIR" in proc.stderr and "Traceback" not in proc.stderr
        assert {p: p.stat().st_mtime_ns for p in root.rglob("*")} == before
        # the cache and the reports elsewhere: runs that write nothing else in the tree run
        elsewhere = tmp_path / "elsewhere"
        proc = run("--cache", str(elsewhere / "cache"), "--reports", str(elsewhere / "reports"),
                   "--only", "toy_village*")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert (elsewhere / "reports" / "toy_village.en.v3.reader.html").is_file()
    finally:
        for p in [root, *root.rglob("*")]:
            p.chmod(p.stat().st_mode | 0o200)


# ---------------------------------------------------------------------------
# 5. What a user expects
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_jobs_below_one_are_refused(tmp_path, capsys, jobs):
    root = make_toy_project(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["run", "--matrix", matrix_of(root), "--jobs", jobs])
    assert exc.value.code == 2
    assert "at least 1 run at a time" in capsys.readouterr().err
    with pytest.raises(ValueError, match="must be 1 or more"):
        runner.run_matrix(matrix_of(root), jobs=int(jobs), out=None)
    assert not (root / "reports").exists()


def test_json_without_list_is_refused(tmp_path, capsys):
    root = make_toy_project(tmp_path)
    assert main(["run", "--matrix", matrix_of(root), "--json"]) == 2
    assert "--json only goes with --list" in capsys.readouterr().err
    assert not (root / "reports").exists()


def test_list_into_a_closed_pipe_is_quiet(tmp_path):
    root = make_toy_project(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "lingyuan", "run", "--list", "--json", "--matrix",
                             matrix_of(root)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    proc.stdout.close()  # like `| head` that has read enough
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


@pytest.mark.notebook
def test_a_malformed_cache_is_treated_as_empty_with_a_warning(project, capsys):
    cache = project / ".cache" / "runs.json"
    cache.write_text(json.dumps({"version": runner.KEY_VERSION, "runs": []}), encoding="utf-8")
    assert main(["run", "--matrix", matrix_of(project)]) == 0
    captured = capsys.readouterr()
    assert "warning:" in captured.err and "treating the cache as empty" in captured.err
    assert f"{len(TOY_RUNS)} runs: {len(TOY_RUNS)} ran" in captured.out


@pytest.mark.notebook
def test_ctrl_c_counts_only_the_notebooks_running(project):
    edit_matrix(project, "      village: {each: village}\n", "      village: {each: village}\n      sleep: 60\n")
    proc = subprocess.Popen([sys.executable, "-m", "lingyuan", "run", "--matrix", matrix_of(project),
                             "--only", "toy_village*", "--jobs", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
                            preexec_fn=ctrl_c_delivered)
    try:
        wait_for(lambda: list((project / "reports").glob(".toy_village.*.tmp-*.ipynb")), proc)
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, out
    assert "stopping 1 running notebook(s)" in out, out


@pytest.mark.notebook
@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "fresh"])
def test_kill_9_leaves_no_process_no_folder_and_no_connection_file(project, tmp_path, fresh):
    # a short TMPDIR of its own: the kernels' socket files live there, and a socket's path
    # may not exceed 107 bytes (a parallel worker's tmp_path is longer than that allows)
    tmp, runtime = Path(tempfile.mkdtemp(prefix="k9-")), tmp_path / "runtime"
    pid_file = tmp_path / "child.pid"
    edit_matrix(project, "      output_dir: data/processed\n",
                f"      output_dir: data/processed\n      sleep: 60\n      child_pid_file: {pid_file}\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp), "JUPYTER_RUNTIME_DIR": str(runtime)}
    cmd = [sys.executable, "-m", "lingyuan", "run", "--matrix", matrix_of(project)] + (
        ["--fresh-kernels"] if fresh else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    child = None
    try:
        wait_for(lambda: pid_file.is_file() and pid_file.read_text(), proc)
        child = int(pid_file.read_text())
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # the notebook's own process goes with its kernel
        wait_for(lambda: not alive(child), seconds=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        if child is not None and alive(child):
            os.kill(child, signal.SIGKILL)
    edit_matrix(project, "      sleep: 60\n", "")
    done = subprocess.run(cmd + ["--only", "toy_village*"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    leftovers = list(tmp.iterdir())
    shutil.rmtree(tmp, ignore_errors=True)
    assert not [p for p in leftovers if p.name.startswith("lingyuan-kernels-")], leftovers
    assert not list(runtime.glob("kernel-*.json")) if runtime.exists() else True


# ---------------------------------------------------------------------------
# 6. kill -9 at any point, then a rerun, equals a clean run
# ---------------------------------------------------------------------------

def _outputs(root: Path) -> dict[str, bytes]:
    """What a run leaves that must be byte-identical: the data and the charts, and which
    reports exist (executed notebooks carry timestamps, their HTML a random id of the
    injected cell and the project's absolute paths, the index the build times)."""
    return {**{f"data/{k}": v for k, v in tree(root / "data" / "processed").items()},
            **{f"figures/{k}": v for k, v in tree(root / "figures").items()},
            **{f"reports/{k}": b"" for k in tree(root / "reports")}}


@pytest.mark.notebook
def test_kill_9_at_a_random_point_then_a_rerun_equals_a_clean_run(built, tmp_path):
    changed = VALUES_CSV.replace("b,2,", "b,7,")
    clean = tmp_path / "clean"
    shutil.copytree(built, clean)
    (clean / "data" / "raw" / "values.csv").write_text(changed, encoding="utf-8")
    assert run_toy(clean).exit_code == 0
    expected = _outputs(clean)
    rng = random.Random()
    for attempt in range(2):
        killed = tmp_path / f"killed{attempt}"
        shutil.copytree(built, killed)
        (killed / "data" / "raw" / "values.csv").write_text(changed, encoding="utf-8")
        delay = rng.uniform(0.3, 6.0)
        # the runner as run_toy runs it (the package copy in the keys), in a process of its own
        code = (f"from lingyuan import runner; runner.run_matrix({matrix_of(killed)!r}, "
                f"package_dir={str(killed / 'pkg')!r}, jobs=2, out=None)")
        proc = subprocess.Popen([sys.executable, "-c", code],
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(delay)
        proc.kill()
        proc.wait(timeout=30)
        assert run_toy(killed).exit_code == 0, f"rerun after kill -9 at {delay:.2f} s failed"
        assert _outputs(killed) == expected, f"outputs differ after kill -9 at {delay:.2f} s"
        assert not temp_files(killed), f"temporary files left after kill -9 at {delay:.2f} s"
