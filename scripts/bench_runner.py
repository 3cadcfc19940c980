"""Benchmark of the notebook runner, all on one run matrix, in one go:

  (a) the baseline a user would write: a loop of `papermill` command-line calls,
      one run after another (executed notebooks only, no HTML);
  (b) `python -m lingyuan run --force`: the same runs in one process, --jobs workers,
      plus the full and reader HTML of every run and the index; also timed with
      --fresh-kernels (each kernel a new interpreter, not forked from a preloaded one);
  (c) `python -m lingyuan run` right after (b): nothing to do.

Prints each wall time and the ratios. Goals on a 2-core machine: (b) at least 4x
faster than (a); (c) under 1 s. Also checks that the no-op path imports neither
papermill, nbconvert nor pandas.

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

        # (a) the loop of papermill commands, in matrix order (00 before what reads its output)
        loop_out = scratch / "loop"
        loop_out.mkdir()
        start = time.perf_counter()
        for run in matrix.runs:
            timed([py, "-m", "papermill", str(run.path), str(loop_out / f"{run.name}.ipynb"),
                   "-k", "python3", "--no-progress-bar",
                   "-y", json.dumps(matrix.passed_parameters(run), ensure_ascii=False)])
        loop = time.perf_counter() - start

        base = [py, "-m", "lingyuan", "run", "--matrix", str(matrix.path), "--root", str(matrix.root),
                "--jobs", str(jobs)]
        fresh = timed(base + ["--force", "--fresh-kernels"], cwd=ROOT)
        force = timed(base + ["--force"], cwd=ROOT)
        noop = timed(base, cwd=ROOT)
        noop2 = timed(base, cwd=ROOT)

        probe = subprocess.run(
            [py, "-c", "import sys, io, contextlib\n"
                       "from lingyuan.__main__ import main\n"
                       f"with contextlib.redirect_stdout(io.StringIO()): main(['run', '--matrix', {str(matrix.path)!r}, '--root', {str(matrix.root)!r}])\n"
                       "print(' '.join(m for m in ('papermill', 'nbconvert', 'nbformat', 'pandas', 'jupyter_client')"
                       " if m in sys.modules) or 'none')"],
            capture_output=True, text=True, cwd=ROOT)
        heavy = probe.stdout.strip() or probe.stderr.strip()

        print(f"(a) loop of papermill commands   {loop:7.1f} s   {loop / len(matrix.runs):5.2f} s/run")
        print(f"(b) lingyuan run --force         {force:7.1f} s   {force / len(matrix.runs):5.2f} s/run"
              f"   {loop / force:4.1f}x faster than (a)  (goal >= 4x; (b) also renders 2 HTML files per run)")
        print(f"    the same, --fresh-kernels    {fresh:7.1f} s   {fresh / len(matrix.runs):5.2f} s/run"
              f"   {loop / fresh:4.1f}x faster than (a)  (every kernel a new interpreter)")
        print(f"(c) lingyuan run, nothing to do  {min(noop, noop2):7.2f} s   "
              f"(runs: {noop:.2f} s, {noop2:.2f} s; goal < 1 s)   {loop / min(noop, noop2):6.0f}x faster than (a)")
        print(f"heavy modules imported on the no-op path: {heavy}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
