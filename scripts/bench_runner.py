"""Benchmark of the notebook runner, all on one run matrix, in one go:

  (a) the baseline a user would write to regenerate and share: for each run, one after
      another, `papermill` and then `jupyter nbconvert --to html`;
  (b) `python -m lingyuan run --force`: the same runs in one process, --jobs workers,
      plus the full and reader HTML of every run and the site; also timed with
      --fresh-kernels (each kernel a new interpreter, not forked from a preloaded one);
  (c) `python -m lingyuan run` right after (b): nothing to do.

Prints each wall time and the ratios, and for (b) and (c) where the time goes: the
seconds of each phase summed over runs (and threads) with its share; the kernel start
and the cells by kind come from papermill's timings in the executed notebooks. Goals on
a 2-core machine: (b) at least 8x faster than (a); (c) 0.10 s or less. Also checks
that the no-op path imports neither papermill, nbconvert nor pandas.

The matrix is notebooks/runs.yaml when its notebooks exist; otherwise (or with
--toy) the toy matrix of the tests, in a temporary copy. Note that (a) and (b)
rebuild data/processed, figures/ and reports/ of the project exactly as
`make report` does (deterministic outputs: same bytes).

    python scripts/bench_runner.py [--toy] [--jobs N] [--matrix PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lingyuan.runner.basics import relative  # noqa: E402
from lingyuan import runner  # noqa: E402

TOY = ROOT / "tests" / "data" / "notebooks"
VILLAGES = [f"v{i:02d}" for i in range(1, 13)]  # 12 village runs: 15 runs in all, like a real matrix
TOY_RAW = {
    "values.csv": "id,value,note\na,1,first\nb,2,second\n",
    "entities.csv": "entity_id,name_zh,name_en,level,parent_id,note\n"
                    + "".join(f"{v},{v},{v},village,,\n" for v in VILLAGES),
    "figures.csv": "figure_id,entity_id,value\n" + "".join(f"f{v},{v},1\n" for v in VILLAGES),
}


def toy_project(folder: Path) -> Path:
    shutil.copytree(TOY, folder / "notebooks")
    (folder / "data" / "raw").mkdir(parents=True)
    for name, text in TOY_RAW.items():
        (folder / "data" / "raw" / name).write_text(text, encoding="utf-8")
    return folder / "notebooks" / "runs.yaml"


def timed(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:6])} ... failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return seconds


# (b) and (c) in a process of their own, printing the runner's phase times as JSON
DRIVER = """
import json, sys
from lingyuan import runner
from lingyuan.runner.basics import phase
summary = runner.run_matrix(sys.argv[1], root=sys.argv[2], jobs=int(sys.argv[3]),
                            force=sys.argv[4] == "force", out=None)
print(json.dumps({"exit": summary.exit_code, "phases": phase.seconds}))
"""


def driven(py: str, matrix, jobs: int, force: bool) -> tuple[float, dict[str, float]]:
    """Wall time of one `run` (forced or not) and its phases."""
    start = time.perf_counter()
    proc = subprocess.run([py, "-c", DRIVER, str(matrix.path), str(matrix.root), str(jobs),
                           "force" if force else "-"], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: the runner failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result["exit"] != 0:
        sys.exit(f"bench: the runner exited {result['exit']}:\n{proc.stderr[-2000:]}")
    return seconds, result["phases"]


def cell_kind(cell: dict) -> str:
    tags = cell.get("metadata", {}).get("tags", [])
    source = "".join(cell.get("source", ""))
    if "injected-parameters" in tags or "parameters" in tags:
        return "cells: parameters"
    if "save(" in source:
        return "cells: charts (draw, save every format, inline display)"
    if "load(" in source or "check_all(" in source:
        return "cells: set-up and data loading"
    return "cells: findings and tables (text)"


def notebook_phases(reports: Path, names: list[str]) -> dict[str, float]:
    """Kernel start (papermill's notebook start to its first cell's) and cell time by kind,
    summed over the executed notebooks of *names*."""
    out: dict[str, float] = {}

    def stamp(text):
        from datetime import datetime
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else None

    for name in names:
        nb = json.loads((reports / f"{name}.ipynb").read_text(encoding="utf-8"))
        start = stamp(nb.get("metadata", {}).get("papermill", {}).get("start_time"))
        code = [c for c in nb["cells"] if c.get("cell_type") == "code"]
        first = stamp(code[0].get("metadata", {}).get("papermill", {}).get("start_time")) if code else None
        if start and first:
            out["kernel start"] = out.get("kernel start", 0.0) + first - start
        for cell in code:
            seconds = cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0
            out[cell_kind(cell)] = out.get(cell_kind(cell), 0.0) + seconds
    return out


def phase_table(title: str, wall: float, phases: dict[str, float], cells: dict[str, float] | None = None) -> None:
    """The phases, largest first; the notebook phase split by papermill's timings."""
    rows = dict(phases)
    if cells:
        notebook = rows.pop("notebook (kernel start and cells)", 0.0)
        rows.update(cells)
        rows["papermill and nbclient (the rest of the notebook phase)"] = max(0.0, notebook - sum(cells.values()))
    total = sum(rows.values())
    print(f"{title}: {wall:.2f} s wall; phases summed over runs and threads: {total:.2f} s")
    for name, seconds in sorted(rows.items(), key=lambda kv: -kv[1]):
        print(f"    {name:<58} {seconds:8.2f} s  {100 * seconds / total if total else 0:5.1f} %")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matrix", default=str(runner.DEFAULT_MATRIX))
    parser.add_argument("--root", default=None, help="project root of --matrix (default: its parent's parent)")
    parser.add_argument("--toy", action="store_true", help="use the toy matrix of the tests")
    parser.add_argument("--jobs", type=int, default=None, help="workers for (b) (default: CPUs)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="bench-runner-"))
    try:
        matrix_path = Path(args.matrix)
        try:
            if args.toy:
                raise runner.MatrixError("--toy")
            matrix = runner.load_matrix(matrix_path, args.root)
        except runner.MatrixError as exc:
            if not args.toy:
                print(f"bench: the project matrix is not runnable yet ({str(exc).splitlines()[0]}); "
                      f"using the toy matrix", file=sys.stderr)
            matrix_path = toy_project(scratch / "toy")
            matrix = runner.load_matrix(matrix_path)
        py = sys.executable
        jobs = args.jobs or os.cpu_count() or 1
        print(f"matrix: {relative(matrix.path, ROOT)}: {len(matrix.runs)} runs; "
              f"{os.cpu_count()} CPUs; (b) with --jobs {jobs}")

        # (a) by hand, in matrix order (00 before what reads its output): papermill, then
        # nbconvert to HTML, for each run
        loop_out = scratch / "loop"
        loop_out.mkdir()
        start = time.perf_counter()
        for run in matrix.runs:
            executed = loop_out / f"{run.name}.ipynb"
            timed([py, "-m", "papermill", str(run.path), str(executed),
                   "-k", "python3", "--no-progress-bar",
                   "-y", json.dumps(matrix.passed_parameters(run), ensure_ascii=False)])
            timed([py, "-m", "jupyter", "nbconvert", "--to", "html", str(executed)])
        loop = time.perf_counter() - start

        base = [py, "-m", "lingyuan", "run", "--matrix", str(matrix.path), "--root", str(matrix.root),
                "--jobs", str(jobs)]
        fresh = timed(base + ["--force", "--fresh-kernels"], cwd=ROOT)
        force, force_phases = driven(py, matrix, jobs, force=True)
        cells = notebook_phases(matrix.root / "reports", [r.name for r in matrix.runs])
        noop = timed(base, cwd=ROOT)
        noop2, noop_phases = driven(py, matrix, jobs, force=False)

        probe = subprocess.run(
            [py, "-c", "import sys, io, contextlib\n"
                       "from lingyuan.__main__ import main\n"
                       f"with contextlib.redirect_stdout(io.StringIO()): main(['run', '--matrix', {str(matrix.path)!r}, '--root', {str(matrix.root)!r}])\n"
                       "print(' '.join(m for m in ('papermill', 'nbconvert', 'nbformat', 'pandas', 'jupyter_client')"
                       " if m in sys.modules) or 'none')"],
            capture_output=True, text=True, cwd=ROOT)
        heavy = probe.stdout.strip() or probe.stderr.strip()

        print(f"(a) papermill + nbconvert by hand {loop:7.1f} s   {loop / len(matrix.runs):5.2f} s/run")
        print(f"(b) lingyuan run --force         {force:7.1f} s   {force / len(matrix.runs):5.2f} s/run"
              f"   {loop / force:4.1f}x faster than (a)  (goal >= 8x; (b) renders 2 HTML pages per run and the site)")
        print(f"    the same, --fresh-kernels    {fresh:7.1f} s   {fresh / len(matrix.runs):5.2f} s/run"
              f"   {loop / fresh:4.1f}x faster than (a)  (every kernel a new interpreter)")
        print(f"(c) lingyuan run, nothing to do  {min(noop, noop2):7.2f} s   "
              f"(`python -m lingyuan run`: {noop:.2f} s; from Python: {noop2:.2f} s; goal <= 0.10 s)   "
              f"{loop / min(noop, noop2):6.0f}x faster than (a)")
        print(f"heavy modules imported on the no-op path: {heavy}")
        print()
        phase_table("(b) run --force", force, force_phases, cells)
        phase_table("(c) run, nothing to do", noop2, noop_phases)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
