"""Scheduling the runs of one invocation: in dependency order, at most ``--jobs`` notebooks
at a time (a run's pages are written in one more thread, while the next notebooks run),
the longest first, skipping what is up to date and what depends on a failure;
Ctrl-C and SIGTERM stop it cleanly. ``run_matrix`` is the whole of ``lingyuan run``
from Python.
"""
from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, TextIO

from lingyuan import PROJECT_VARIABLE, datalinks
from lingyuan.io import write_text_if_changed
from lingyuan.runner.basics import file_stats, one_line, phase, relative, remove_stale_kernel_dirs, sha
from lingyuan.runner.cache import CACHE_NAME, HASHES_NAME, Cache, FileHashes, RunnerError, package_hash, run_key
from lingyuan.runner.matrix import DEFAULT_MATRIX, Matrix, Run
from lingyuan.runner.matrixmemo import load_matrix_memoised
from lingyuan.runner.results import BUILD_FILE, INDEX_FILES, RunResult, report_paths

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the whole lingyuan package
DEFAULT_TIMEOUT = 600
# the temporary files of lingyuan.io.atomic_path (".<stem>.<8 random>.tmp-<suffix>") and of the
# write probe, by the stem of the file they stand for: the only ones a new run removes
_TEMP_NAME = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp-")
DEFAULT_KERNEL = "python3"
SITE_STAMP = "site.stamp.json"   # beside the cache file: what the site pages were last made of


@dataclass
class RunSummary:
    """The outcome of ``run_matrix``: one RunResult per selected run, in matrix order."""

    results: list[RunResult]
    seconds: float
    interrupted: bool = False
    signal_name: str | None = None
    index: Path | None = None
    not_started: list[Run] = field(default_factory=list)   # when interrupted
    kernels_forked: int = 0      # kernels forked from the preloaded process (the rest started anew)
    stopped: str | None = None   # why no further run was started (a file the runner writes could not be)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 143 if self.signal_name == "SIGTERM" else 130
        if self.stopped and not any(r.status in ("ran", "failed") for r in self.results):
            return 2  # nothing could start
        return 0 if all(r.ok for r in self.results) and not self.stopped else 1


@dataclass
class Options:
    """How to run: the command-line options that reach the scheduler."""

    jobs: int = 1
    force: bool = False
    timeout: float = DEFAULT_TIMEOUT
    kernel_name: str = DEFAULT_KERNEL
    fresh_kernels: bool = False
    out: TextIO | None = None


def select_runs(matrix: Matrix, only: Iterable[str]) -> list[Run]:
    only = list(only or [])
    if not only:
        return list(matrix.runs)
    selected = [r for r in matrix.runs
                if any(fnmatch.fnmatchcase(r.notebook, p) or fnmatch.fnmatchcase(r.name, p) for p in only)]
    if not selected:  # a typo must not pass for "nothing to do"
        patterns = " ".join(f"--only {p!r}" for p in only)
        notebooks = ", ".join(dict.fromkeys(r.notebook for r in matrix.runs))
        raise RunnerError(f"{patterns} matches no run: give a notebook or run name, or a pattern "
                          f"such as '20_*' (notebooks: {notebooks}; `run --list` lists the runs)")
    return selected


@contextlib.contextmanager
def _signals_raise():
    """SIGTERM (kill) behaves like Ctrl-C in the main thread: stop, clean up, keep old outputs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum, frame):
        raise KeyboardInterrupt("SIGTERM")

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _line(out: TextIO | None, result: RunResult) -> None:
    if out is None:
        return
    label = {"ran": "ok", "cached": "ok", "failed": "FAILED", "skipped": "skipped",
             "interrupted": "stopped"}[result.status]
    how = {"ran": "ran", "cached": "cached"}.get(result.status, "")
    if result.status == "failed":
        how = f"{result.ename}: {one_line(result.evalue)}"
    if result.status == "skipped":
        how = result.detail or ""
    print(f"{label:<7} {result.run.name:<40} {result.seconds:6.1f} s  {how}".rstrip(), file=out, flush=True)


class Scheduler:
    """Runs the selected runs of a matrix in one invocation; ``run()`` returns the summary."""

    def __init__(self, mx: Matrix, selected: list[Run], cache: Cache, reports: Path,
                 package_dir: Path, options: Options) -> None:
        self.mx, self.cache, self.reports, self.opt = mx, cache, reports, options
        # file hashes kept between invocations by their stat: a build with nothing to do reads no file
        self.hashes = FileHashes(cache.path.with_name(HASHES_NAME))
        self.package = package_hash(package_dir, self.hashes)
        names = {r.name for r in selected}
        self.selected = selected
        self.deps = {r.name: [d for d in mx.deps.get(r.name, []) if d in names] for r in selected}
        self.results: dict[str, RunResult] = {}
        self.keys: dict[str, dict] = {}
        # longest first (by the last build's duration): with few workers, a long run
        # started last would leave the other workers idle at the end
        last = {r.name: (cache.runs.get(r.name) or {}).get("seconds", 0.0) for r in selected}
        self.pending = sorted(selected, key=lambda r: -float(last[r.name] or 0))
        self.futures: dict = {}   # runs whose notebook is executing (at most --jobs)
        self.writing: dict = {}   # runs whose notebook has run, their pages being written
        # the executor and the kernels' machinery come with the first run to execute
        # (_start_engine): a build with nothing to do imports none of it
        self.ex = None
        self.kernels = None
        self.ctx = None
        self.executor = None
        self.pages = None   # one thread writing pages while the next kernels run
        self.kernel_dir: Path | None = None
        self.forks = None
        self.summary = RunSummary(results=[], seconds=0.0)

    # -- the loop ---------------------------------------------------------------------

    def run(self) -> RunSummary:
        with _signals_raise():
            try:
                while (self.pending and not self.summary.stopped) or self.futures or self.writing:
                    try:
                        if not self.summary.stopped and self._start_ready():
                            continue
                    except OSError as exc:  # the kernels' folder (a full disk): nothing more starts
                        self._stop(exc, f"the next run could not start: {exc.filename or 'a file'} ")
                        continue
                    if not self.futures and not self.writing:  # nothing runnable or running: a cycle
                        break
                    from concurrent.futures import FIRST_COMPLETED, wait   # once a run has started

                    done, _ = wait([*self.futures, *self.writing], timeout=0.5, return_when=FIRST_COMPLETED)
                    for future in done:
                        if future in self.writing:
                            self.writing.pop(future)
                            self._finish(future.result())
                            continue
                        result = future.result()
                        if isinstance(result, self.ex.Executed):  # its kernel slot is free from now
                            self.writing[self.pages.submit(self.ex.write_pages, result, self.ctx)] = \
                                self.futures[future]
                        self.futures.pop(future)   # (after: a Ctrl-C in between still finds the run)
                        if not isinstance(result, self.ex.Executed):
                            self._finish(result)
                    self.ctx.watchdog()
            except KeyboardInterrupt as exc:
                self._interrupt("SIGTERM" if "SIGTERM" in str(exc) else "SIGINT")
            finally:
                self._close()
        self.summary.results = [self.results[r.name] for r in self.selected if r.name in self.results]
        self.summary.not_started = [r for r in self.selected if r.name not in self.results]
        return self.summary

    def _start_ready(self) -> bool:
        """Settle or start the pending runs whose dependencies are settled, while a worker
        is free; return whether anything changed."""
        progressed = False
        for run in list(self.pending):
            dep_results = [self.results.get(d) for d in self.deps[run.name]]
            bad = next((r for r in dep_results if r is not None and not r.ok), None)
            if bad is not None:
                self.pending.remove(run)
                why = "failed" if bad.status == "failed" else "did not run"
                self._finish(RunResult(run, "skipped", 0.0, detail=f"{bad.run.name} {why}"))
                progressed = True
                continue
            if any(r is None for r in dep_results):
                continue
            if run.name not in self.keys:
                # the key is taken once, after the runs it depends on rewrote its inputs (not
                # again while it waits for a worker: the workers share this process's GIL)
                self.keys[run.name] = key = run_key(run, self.mx.root, self.package, self.hashes)
                if not self.opt.force and self.cache.up_to_date(run.name, key, self.reports,
                                                                self.mx.root, self.hashes):
                    self.pending.remove(run)
                    self._finish(RunResult(run, "cached", 0.0))
                    progressed = True
                    continue
            if len(self.futures) >= self.opt.jobs:  # every worker busy: it waits its turn
                continue
            self.pending.remove(run)
            progressed = True
            self._start_engine(run)
            self.futures[self.executor.submit(self.ex.execute, run, self.ctx)] = run
        return progressed

    def _start_engine(self, run: Run) -> None:
        """The first run to execute: check that we may write, then start the workers and
        the kernel server."""
        if self.executor is not None:
            return
        from concurrent.futures import ThreadPoolExecutor

        from lingyuan.runner import execute as ex

        self.cache.require_writable(self.reports, f"{run.name} is out of date and must be run")
        self.ex = ex
        self.kernels = ex.Kernels()
        self.ctx = ex.Context(matrix=self.mx, reports=self.reports, failed_dir=self.cache.failed_dir,
                              timeout=self.opt.timeout, kernel_name=self.opt.kernel_name,
                              kernels=self.kernels)
        ex.remove_temp_files(self.mx.root, self.selected)
        ex.quiet_logs()
        self.kernel_dir = ex.make_kernel_dir()
        # the notebooks' lingyuan.PROJECT_ROOT is the matrix's project, wherever the runner started
        # and their tables link to the data pages beside their pages (lingyuan.datalinks.linked)
        env = {**os.environ, PROJECT_VARIABLE: str(self.mx.root), datalinks.SITE_VARIABLE: "1"}
        notebooks = sorted({r.path for r in self.selected})  # what the kernels will run
        self.forks = ex.start_fork_server(fresh=self.opt.fresh_kernels, env=env, notebooks=notebooks)
        self.ctx.km_class = ex.kernel_manager_class(self.kernels, self.kernel_dir, self.forks, env)
        self.executor = ThreadPoolExecutor(max_workers=self.opt.jobs, thread_name_prefix="lingyuan-run")
        self.pages = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lingyuan-pages")

    @phase("cache bookkeeping")
    def _finish(self, result: RunResult) -> None:
        name = result.run.name
        self.results[name] = result
        try:
            if result.status == "ran":
                files = report_paths(self.reports, name).values()
                self.cache.record_success(result, self.keys[name], self.mx.root, files, self.hashes)
                self.cache.save()
            elif result.status == "cached" and name in self.cache.failures:
                self.cache.forget_failure(name)
                self.cache.save(quiet=True)
            elif result.status == "failed":
                self.cache.record_failure(result)
                self.cache.save()
        except OSError as exc:  # a full disk: the runs still running finish, no other starts
            self._stop(exc, f"the cache {self.cache.path} could not be written ")
        _line(self.opt.out, result)

    def _stop(self, exc: OSError, what: str) -> None:
        """A file the runner itself writes could not be written: start no further run."""
        if self.summary.stopped is None:
            self.summary.stopped = (f"{what}({exc.strerror or exc}); no further run was started: "
                                    f"free some space (or pass --cache DIR / --reports DIR) and run again")
            if self.opt.out is not None:
                print(f"stopping: {self.summary.stopped}", file=self.opt.out, flush=True)

    # -- stopping ---------------------------------------------------------------------

    def _interrupt(self, signal_name: str) -> None:
        """Ctrl-C or SIGTERM: kill the kernels, let the workers restore what their runs
        wrote, keep the runs that finished just before."""
        self.summary.interrupted = True
        self.summary.signal_name = signal_name
        if self.kernels is not None:
            self.kernels.cancel.set()
            self.kernels.kill_all()
        out = self.opt.out
        if out is not None:
            print(f"interrupted ({signal_name}): stopping {len(self.futures)} running "
                  f"notebook(s); previous outputs are kept", file=out, flush=True)
        if self.executor is None:
            return
        self.executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + 30
        for future, run in [*self.writing.items(), *self.futures.items()]:
            self.kernels.kill_all()
            with contextlib.suppress(Exception):
                result = future.result(timeout=max(0.1, deadline - time.monotonic()))
                if isinstance(result, self.ex.Executed):  # its pages not yet written: not kept
                    result = self.ex.abandon(result)
                if result.status == "ran":  # it finished just before the interrupt
                    self._finish(result)
                    continue
            self.results[run.name] = RunResult(run, "interrupted")
        # runs that had not started get no result: the index keeps their previous state

    def _close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.pages.shutdown(wait=True)  # a run's pages, once begun, are written or abandoned
            self.ex.remove_temp_files(self.mx.root, self.selected)
        if self.forks is not None:
            self.summary.kernels_forked = self.forks.forked
            self.forks.close()
        if self.kernel_dir is not None:
            import shutil

            shutil.rmtree(self.kernel_dir, ignore_errors=True)


# ---------------------------------------------------------------------------
# The index and the whole invocation
# ---------------------------------------------------------------------------

def _status(result: RunResult | None, entry: dict, failure: dict | None) -> str:
    if result is not None and result.status in ("failed", "skipped", "interrupted"):
        return result.status
    if failure and not (result and result.ok):
        return "failed"
    return "ok" if entry else "not built"


def _index_entry(mx: Matrix, run: Run, cache: Cache, result: RunResult | None, reports: Path) -> dict:
    entry = cache.runs.get(run.name) or {}
    failure = cache.failures.get(run.name)
    status = _status(result, entry, failure)
    error = None
    if status == "failed":
        if result is not None and result.status == "failed":
            error = f"cell {result.cell}: {result.ename}: {one_line(result.evalue, 300)}"
        elif failure:
            error = f"cell {failure.get('cell')}: {failure.get('ename')}: {failure.get('evalue')}"
    elif status == "skipped" and result is not None:
        error = result.detail
    files = report_paths(reports, run.name)
    return {
        "name": run.name,
        "notebook": relative(run.path, mx.root),
        "parameters": run.parameters,
        "status": status,
        "error": error,
        "built_at": entry.get("built_at"),
        "inputs_hash": entry.get("inputs_hash"),
        "inputs": entry.get("inputs", []),
        "links": {kind: path.name for kind, path in files.items() if path.is_file()},
    }


@phase("site pages")
def _write_index(mx: Matrix, cache: Cache, summary: RunSummary, reports: Path) -> Path:
    """The site's own pages (reports/index.html, index.en.html, build.html, previews and
    the data package): every run of the matrix with its latest known state. Files whose
    content did not change are left alone, so a run with nothing to do writes nothing."""
    this_time = {r.run.name: r for r in summary.results}
    entries = [_index_entry(mx, run, cache, this_time.get(run.name), reports) for run in mx.runs]
    stamp_file = cache.path.with_name(SITE_STAMP)
    made_of = sha(json.dumps([str(reports), entries], sort_keys=True, ensure_ascii=False, default=str).encode())
    if all(r.status == "cached" for r in summary.results) and _site_kept(stamp_file, made_of):
        return reports / "index.html"   # nothing ran and no file of the site changed: as it was

    from lingyuan.runner import publish as report

    try:
        report.write_site(reports, entries, root=mx.root, cache_dir=cache.path.parent)
    except OSError as exc:
        print(f"warning: the site pages in {reports} could not be updated ({exc.strerror or exc})",
              file=sys.stderr)
        return reports / "index.html"
    files = report.site_files(reports, entries, root=mx.root, cache_dir=cache.path.parent)
    with contextlib.suppress(OSError):  # it only saves work
        write_text_if_changed(stamp_file, json.dumps({"made_of": made_of, "stats": file_stats(files)}) + "\n")
    return reports / "index.html"


def _site_kept(stamp_file: Path, made_of: str) -> bool:
    """Whether the site was last written from these entries and none of its files changed since."""
    try:
        kept = json.loads(stamp_file.read_text(encoding="utf-8"))
        return kept["made_of"] == made_of and kept["stats"] == file_stats(p for p, _, _ in kept["stats"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


@phase("cache file")
def _compact(cache: Cache) -> None:
    """The cache file, written once at the end of the build (see lingyuan.runner.cache)."""
    try:
        cache.compact()
    except (OSError, RunnerError) as exc:
        print(f"warning: {cache.path} could not be rewritten ({getattr(exc, 'strerror', None) or exc}); "
              f"its journal keeps this build's records", file=sys.stderr)


def run_matrix(matrix: str | os.PathLike | Matrix = DEFAULT_MATRIX, *,
               root: str | os.PathLike | None = None,
               reports_dir: str | os.PathLike | None = None,
               cache_path: str | os.PathLike | None = None,
               package_dir: str | os.PathLike = PACKAGE_DIR,
               jobs: int | None = None,
               force: bool = False,
               only: Iterable[str] = (),
               timeout: float = DEFAULT_TIMEOUT,
               kernel_name: str = DEFAULT_KERNEL,
               fresh_kernels: bool = False,
               out: TextIO | None | str = "stdout") -> RunSummary:
    """Run what is out of date in the matrix; return a RunSummary (never raises for a failed run).

    *matrix* is a runs.yaml path (or a loaded Matrix); *root* defaults to the folder
    above the matrix's folder; *reports_dir* to ROOT/reports; *cache_path* (the cache
    file) to ROOT/.cache/runs.json; *package_dir* is the package whose .py files enter
    every key. *only*: fnmatch patterns against notebook or run names; the selected runs
    alone are run (their dependencies are not pulled in: they read whatever data is
    there), in dependency order among themselves. *jobs*: runs at once (default: the
    CPUs; at least 1). Raises MatrixError for a bad matrix, RunnerError when it cannot
    start. Progress lines go to *out* ("stdout": sys.stdout at call time; None: silent).
    """
    t0 = time.monotonic()
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs={jobs!r}: the number of runs at once must be 1 or more")
    mx = matrix if isinstance(matrix, Matrix) else None
    root_path = Path(root).resolve() if root is not None else (
        mx.root if mx else Path(matrix).resolve().parent.parent)
    with phase("cache file"):
        cache = Cache(Path(cache_path) if cache_path else root_path / CACHE_NAME)
    reports = Path(reports_dir).resolve() if reports_dir else root_path / "reports"
    options = Options(jobs=jobs or os.cpu_count() or 1, force=force, timeout=timeout,
                      kernel_name=kernel_name, fresh_kernels=fresh_kernels,
                      out=sys.stdout if out == "stdout" else out)
    remove_stale_kernel_dirs()  # of runners killed before they could clean up
    with cache.lock():
        if mx is None:
            mx = load_matrix_memoised(matrix, root_path, cache.matrix_memo,
                                      param_specs=cache.data["notebook_parameters"], each_memo=cache.data["each"])
            cache.save(quiet=True)
        selected = select_runs(mx, only)
        ours = {Path(f).stem for r in mx.runs for f in report_paths(reports, r.name).values()}
        ours |= {Path(f).stem for f in (*INDEX_FILES.values(), BUILD_FILE)} | {"write-probe"}
        for stale in reports.glob(".*.tmp-*"):  # left by a run that was killed with SIGKILL
            made = _TEMP_NAME.match(stale.name)
            if made and made.group(1) in ours:  # only the runner's own: reports/ may be a shared folder
                with contextlib.suppress(OSError):
                    stale.unlink()
        scheduler = Scheduler(mx, selected, cache, reports, Path(package_dir), options)
        summary = scheduler.run()
        _compact(cache)
        if cache.read_only is None:
            scheduler.hashes.save()
        summary.index = _write_index(mx, cache, summary, reports) if reports.is_dir() else None
    summary.seconds = time.monotonic() - t0
    return summary
