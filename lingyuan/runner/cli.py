"""The command ``python -m lingyuan run``: its options, the listing of the matrix, and
the summary it prints.

Exit codes: 0 every selected run succeeded (or was up to date); 1 a run failed (the
others still ran; what depends on it was skipped), or the cache could not be written
(a full disk: no further run started); 2 nothing was run (a bad matrix or bad options,
an --only that matches no run, another run holding the lock, or work to do in a folder
that cannot be written); 130 / 143 interrupted by SIGINT (Ctrl-C) / SIGTERM.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from lingyuan.runner.cache import CACHE_DIR, Cache, RunnerError
from lingyuan.runner.results import report_paths
from lingyuan.runner.basics import one_line, relative, short
from lingyuan.runner.matrix import DEFAULT_MATRIX, MatrixError
from lingyuan.runner.matrixmemo import load_matrix_memoised
from lingyuan.runner.schedule import DEFAULT_TIMEOUT, RunSummary, run_matrix, select_runs


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: at least 1 run at a time")
    return value


def run_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m lingyuan run`."""
    parser.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                        help="notebooks executed at once, 1 or more (default: the number of CPUs)")
    parser.add_argument("--force", action="store_true", help="re-run every selected run, even if up to date")
    parser.add_argument("--only", action="append", default=[], metavar="PATTERN",
                        help="run only the runs whose notebook or run name matches this fnmatch pattern "
                             "(e.g. '20_*', '50_village_profile.en.*'); repeatable; the runs they depend "
                             "on are NOT added (they read the data already there)")
    parser.add_argument("--list", action="store_true", help="print the run matrix and exit without running")
    parser.add_argument("--json", action="store_true",
                        help="with --list: one JSON object per line (name, notebook, parameters, output, ...)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"longest a run (and any cell in it) may take (default {DEFAULT_TIMEOUT}); "
                             f"0 = no limit")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="start every kernel as a new interpreter instead of forking it from a "
                             "process that has imported the notebooks' libraries once (slower; "
                             "outputs are the same)")
    parser.add_argument("--matrix", default=str(DEFAULT_MATRIX), metavar="PATH",
                        help="the run matrix (default notebooks/runs.yaml)")
    parser.add_argument("--reports", default=None, metavar="DIR",
                        help="where executed notebooks, HTML and index.html go (default reports/)")
    parser.add_argument("--cache", default=None, metavar="DIR",
                        help="the runner's cache folder: runs.json, its lock, failed notebooks "
                             "(default .cache/); e.g. elsewhere for a read-only checkout")
    parser.add_argument("--root", default=None, metavar="DIR",
                        help="folder the matrix's relative paths start from (default: the folder "
                             "above the matrix's folder, i.e. the project root)")


def _cache_file(args: argparse.Namespace, root: Path) -> Path:
    folder = Path(args.cache).resolve() if getattr(args, "cache", None) else root / CACHE_DIR
    return folder / "runs.json"


def run_command(args: argparse.Namespace) -> int:
    """`python -m lingyuan run`: 0 when every run succeeded, 1 when one failed, 2 when
    nothing was run (bad matrix, options or folders), 130/143 when interrupted by
    SIGINT/SIGTERM."""
    if args.json and not args.list:
        print("lingyuan run: --json only goes with --list (`python -m lingyuan run --list --json`); "
              "nothing was run", file=sys.stderr)
        return 2
    root = Path(args.root).resolve() if args.root else Path(args.matrix).resolve().parent.parent
    for option, folder in (("--cache", args.cache), ("--reports", args.reports)):
        if folder and os.path.exists(folder) and not os.path.isdir(folder):
            print(f"lingyuan run: {option} {folder} is a file, not a folder: give a folder (it is made "
                  f"when missing); nothing was run", file=sys.stderr)
            return 2
    try:
        if args.list:
            return _list(args, root)
        summary = run_matrix(args.matrix, root=args.root, reports_dir=args.reports,
                             cache_path=_cache_file(args, root), jobs=args.jobs, force=args.force,
                             only=args.only, timeout=args.timeout, fresh_kernels=args.fresh_kernels)
    except (MatrixError, RunnerError) as exc:
        print(f"{exc}\nlingyuan run: nothing was run", file=sys.stderr)
        return 2
    _print_summary(summary, sys.stdout)
    return summary.exit_code


def _list(args: argparse.Namespace, root: Path) -> int:
    cache = Cache(_cache_file(args, root))
    mx = load_matrix_memoised(args.matrix, root, cache.matrix_memo,
                              param_specs=cache.data["notebook_parameters"], each_memo=cache.data["each"])
    try:  # the memo sections only: saved when this may write and no run holds the cache
        with cache.lock():
            cache.compact(quiet=True)
    except RunnerError:
        pass
    reports = Path(args.reports).resolve() if args.reports else root / "reports"
    try:
        for run in select_runs(mx, args.only):
            files = report_paths(reports, run.name)
            row = {"name": run.name, "notebook": relative(run.path, root), "parameters": run.parameters,
                   "output": relative(files["ipynb"], root), "html": relative(files["html"], root),
                   "reader": relative(files["reader"], root), "after": mx.deps.get(run.name, []),
                   "inputs": list(run.inputs)}
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            else:
                params = " ".join(f"{k}={short(v)}" for k, v in run.parameters.items())
                print(f"{run.name:<40} {row['output']:<45} {params}")
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader stopped early (`| head`): that is its choice, not an error. Point stdout
        # at /dev/null so that the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return 0


def _print_summary(summary: RunSummary, out: TextIO) -> None:
    counts = ", ".join(f"{summary.count(s)} {s}" for s in ("ran", "cached", "failed", "skipped", "interrupted")
                       if summary.count(s))
    if summary.not_started:
        counts += f", {len(summary.not_started)} not started"
    total = len(summary.results) + len(summary.not_started)
    kernels = ""
    if summary.count("ran") + summary.count("failed"):
        kernels = f" ({summary.kernels_forked} of the kernels forked from a preloaded process)"
    print(f"{total} runs: {counts.lstrip(', ') or 'nothing to do'} in {summary.seconds:.1f} s{kernels}",
          file=out)
    for r in summary.failed:
        params = ", ".join(f"{k}={short(v)}" for k, v in r.run.parameters.items())
        cell = (f"cell {r.cell} (counting every cell of the notebook from 1)" if r.cell is not None
                else r.stage or "before the first cell")
        count = f", In [{r.exec_count}]" if r.exec_count else ""
        print(f"FAILED {r.run.name}: notebook {relative(r.run.path, Path.cwd())}, parameters: {params or 'none'}",
              file=out)
        print(f"  {cell}{count}: {r.ename}: {one_line(r.evalue, 400)}", file=out)
        if r.detail:
            print(f"  the executed notebook with the traceback: {relative(Path(r.detail), Path.cwd())}", file=out)
    if summary.stopped:
        print(f"stopped: {summary.stopped}", file=out)
    skipped = [r for r in summary.results if r.status == "skipped"]
    if skipped:
        print(f"skipped because a run they depend on failed: {', '.join(r.run.name for r in skipped)}", file=out)
    if summary.index is not None:
        print(f"reports: {relative(summary.index, Path.cwd())}", file=out)
