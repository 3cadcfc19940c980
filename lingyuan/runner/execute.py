"""Executing one run: papermill with a real kernel in a worker thread, the reports staged
beside their final names, and every file the run writes guarded. Its pages are rendered
afterwards (``write_pages``, in the scheduler's pages thread), so that the worker and its
share of the CPU go to the next kernel while they are.

Before a run starts, the files its ``outputs`` globs match are read (``OutputGuard``).
When the run succeeds, the files it changed or created are its outputs (recorded in
the cache with their hashes) and its three reports are renamed into place. When it
fails or is interrupted, the files it changed get their previous bytes back, the
files it created under its globs are removed, and its reports are not touched: a
failed run leaves the previous outputs as they were. (Two runs whose ``outputs``
globs overlap must not run at the same time for this to hold; the project's globs
do not overlap.)

Kernels are ipykernel processes started by a *fork server* (``kernelfork``): forked
from one process that has imported the notebooks' libraries once, or with
``--fresh-kernels`` started anew (exec) by a server that preloads nothing. Either way
the server kills every kernel's process group when the runner ends, however it ends
(even ``kill -9``), so nothing a notebook started outlives it. Kernels talk over Unix
sockets in a folder ``$TMPDIR/lingyuan-kernels-PID-*`` that also holds their
connection files; a later run removes the folders of runners that are gone.
"""
from __future__ import annotations

import contextlib
import glob
import itertools
import json
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lingyuan.io import atomic_path, write_bytes
from lingyuan.runner.basics import KERNEL_DIR_PREFIX, input_files, phase
from lingyuan.runner.matrix import Matrix, Run
from lingyuan.runner.notebook import import_papermill
from lingyuan.runner.results import RunResult, report_paths



# ---------------------------------------------------------------------------
# Guarding a run's outputs
# ---------------------------------------------------------------------------

def _stat_key(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class OutputGuard:
    """The files a run's ``outputs`` globs match, as they were before it ran."""

    def __init__(self, root: Path, patterns: tuple[str, ...]) -> None:
        self.root, self.patterns = root, patterns
        self.before: dict[Path, tuple[tuple | None, bytes, int]] = {}
        for path in input_files(root, patterns):
            with contextlib.suppress(OSError):
                st = path.stat()
                self.before[path] = (_stat_key(path), path.read_bytes(), st.st_mtime_ns)

    def written(self) -> list[Path]:
        """The files under the globs that the run created or changed."""
        return [p for p in input_files(self.root, self.patterns)
                if p not in self.before or _stat_key(p) != self.before[p][0]]

    def restore(self) -> list[str]:
        """Put back what the run changed; return the problems met (normally none)."""
        problems = []
        for path in input_files(self.root, self.patterns):
            if path not in self.before:
                try:
                    path.unlink()
                except OSError as exc:
                    problems.append(f"{path}: {exc.strerror or exc}")
        for path, (key, data, mtime_ns) in self.before.items():
            if _stat_key(path) == key:
                continue
            try:
                write_bytes(path, data)
                os.utime(path, ns=(mtime_ns, mtime_ns))
            except OSError as exc:
                problems.append(f"{path}: {exc.strerror or exc}")
        return problems


def remove_temp_files(root: Path, runs: list[Run]) -> None:
    """Remove the temporary files of atomic writes that a killed run left beside its
    outputs. Only called while no run is executing (the cache lock is held)."""
    folders = {os.path.dirname(p if os.path.isabs(p) else str(root / p)) for r in runs for p in r.outputs}
    for folder in folders:
        for stale in glob.glob(os.path.join(folder, ".*.tmp-*"), recursive=True):
            with contextlib.suppress(OSError):
                os.unlink(stale)


# ---------------------------------------------------------------------------
# Kernels
# ---------------------------------------------------------------------------

class Kernels:
    """Live kernels by worker thread, so the main thread can kill them on Ctrl-C or timeout."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_thread: dict[int, Any] = {}
        self.cancel = threading.Event()

    def register(self, km) -> None:
        with self.lock:
            self.by_thread[threading.get_ident()] = km
        if self.cancel.is_set():
            self.kill_thread(threading.get_ident())

    def unregister(self) -> None:
        with self.lock:
            self.by_thread.pop(threading.get_ident(), None)

    def kill_thread(self, ident: int) -> None:
        with self.lock:
            km = self.by_thread.get(ident)
        if km is not None:
            km.killed = True  # is_alive says so at once, whoever reaps the process
        pid = getattr(getattr(km, "provisioner", None), "pid", None)
        if pid:
            from lingyuan.runner.kernelfork import signal_group  # standard library only

            # the kernel runs in its own session (jupyter_client), so its group id is its pid
            signal_group(pid, signal.SIGKILL)

    def kill_all(self) -> None:
        with self.lock:
            idents = list(self.by_thread)
        for ident in idents:
            self.kill_thread(ident)


def kernel_manager_class(kernels: Kernels, socket_dir: Path, forks=None, env: dict | None = None):
    """An AsyncKernelManager that talks to its kernel over Unix sockets in *socket_dir*
    (its connection file goes there too) and records itself in *kernels* once its
    process exists. With *forks* (a ``kernelfork.ForkServer``) the kernel process is
    started by it when it can be (see ``lingyuan.runner.kernelfork``), else as usual.
    Kernels get the environment *env* (default: this process's).

    IPC transport instead of TCP: the kernel port race (jupyter_client picks free
    TCP ports, closes them, and the kernel binds them a moment later, by which time
    another process may hold one: "ZMQError: Address already in use", papermill
    issue 511) cannot happen with socket files named per kernel. The retry in
    ``_execute`` stays for kernels that die before their first cell anyway.
    """
    from jupyter_client.manager import AsyncKernelManager

    counter = itertools.count(1)

    class TrackedKernelManager(AsyncKernelManager):
        def __init__(self, **kw):
            n = next(counter)
            kw.setdefault("transport", "ipc")
            kw.setdefault("client_class", "lingyuan.runner.kernelclient.PromptKernelClient")
            kw.setdefault("ip", str(socket_dir / f"k{n}"))
            kw.setdefault("connection_file", str(socket_dir / f"k{n}.json"))
            super().__init__(**kw)

        killed = False

        async def start_kernel(self, **kw):  # noqa: D401
            if env is not None:
                kw["env"] = {**env, **(kw.get("env") or {})}
            await super().start_kernel(**kw)
            kernels.register(self)

        async def _async_is_alive(self) -> bool:
            # A kernel we killed (Ctrl-C, a timeout) is dead from that moment: nbclient and
            # the client's wait_for_ready ask this before they give up on a kernel, and a
            # forked kernel's process is reaped by the fork server, not at once by us.
            if self.killed or kernels.cancel.is_set():
                return False
            return await super()._async_is_alive()

        is_alive = _async_is_alive  # AsyncKernelManager binds is_alive to the base method

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # a process started anew inherits our working directory: so does a forked one
            cwd = kw.get("cwd") or os.getcwd()
            forked = forks.spawn(kernel_cmd, kw.get("env"), cwd) if forks else None
            if forked is None:
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            provisioner = self.provisioner
            provisioner.process = forked
            provisioner.pid = forked.pid
            # no pgid: LocalProvisioner then signals through ForkedKernel.send_signal, which
            # signals the kernel's process group and, for a kill, waits for its end
            provisioner.pgid = None
            provisioner.cwd = cwd
            self._reconcile_connection_info(provisioner.connection_info)

    return TrackedKernelManager


def make_kernel_dir() -> Path:
    """A private folder for the kernels' sockets and connection files, named after this
    process so that a later run can tell whether its owner is gone."""
    return Path(tempfile.mkdtemp(prefix=f"{KERNEL_DIR_PREFIX}{os.getpid()}-"))


def start_fork_server(fresh: bool, env: dict | None = None, notebooks=None):
    """The fork server kernels come from (None where fork is not available), preloading
    what *notebooks* import."""
    if not hasattr(os, "fork"):  # POSIX only
        return None
    from lingyuan.runner.kernelfork import ForkServer

    try:
        return ForkServer(preload=not fresh, env=env, notebooks=notebooks)
    except OSError as exc:  # kernels then start the usual way
        print(f"note: no kernel server ({exc}); kernels start the usual way", file=sys.stderr)
        return None


def quiet_logs() -> None:
    """No papermill/nbclient chatter: the runner prints one line per run and a summary."""
    import logging

    for name in ("papermill", "traitlets", "nbclient"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


# ---------------------------------------------------------------------------
# One run
# ---------------------------------------------------------------------------

@dataclass
class Context:
    matrix: Matrix
    reports: Path
    failed_dir: Path
    timeout: float
    kernel_name: str
    kernels: Kernels
    km_class: Any = None
    running: dict = field(default_factory=dict)       # thread ident -> (run name, start)
    timed_out: set = field(default_factory=set)       # run names killed by the watchdog
    lock: threading.Lock = field(default_factory=threading.Lock)

    def watchdog(self) -> None:
        """Kill the kernel of a run that has been running longer than --timeout."""
        if not self.timeout or self.timeout <= 0:
            return
        now = time.monotonic()
        with self.lock:
            overdue = [(ident, name) for ident, (name, start) in self.running.items()
                       if now - start > self.timeout]
        for ident, name in overdue:
            if name not in self.timed_out:
                self.timed_out.add(name)
                self.kernels.kill_thread(ident)


class _Interrupted(Exception):
    """Raised in a worker when the invocation is being stopped."""


class _RunFailed(Exception):
    def __init__(self, result: RunResult) -> None:
        super().__init__(result.status)
        self.result = result


def _cell_states(path: Path) -> list[tuple[int, dict]]:
    """(index, papermill cell metadata) of the code cells of a partially written notebook."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [(i, c.get("metadata", {}).get("papermill", {})) for i, c in enumerate(nb.get("cells", []))
            if c.get("cell_type") == "code"]


def _source_index(nb_cells: list, index: int) -> int:
    """Index (from 0) in the notebook file of cell *index* of the executed notebook.

    The executed notebook has the cell papermill injected (`injected-parameters`)
    and, after a failure, papermill's error banners (`papermill-error-cell-tag`);
    neither exists in the notebook file.
    """
    extra = ("injected-parameters", "papermill-error-cell-tag")
    return sum(1 for c in nb_cells[:index]
               if not set(c.get("metadata", {}).get("tags", [])) & set(extra))


def _papermill_run(run: Run, ctx: Context, out: Path, start: float):
    """Execute the notebook into *out*; retry once when the kernel dies before its first cell."""
    papermill = import_papermill()
    from papermill.exceptions import PapermillExecutionError

    from lingyuan.runner.engine import ENGINE_NAME

    for attempt in (1, 2):
        if ctx.kernels.cancel.is_set():
            raise _Interrupted
        try:
            return papermill.execute_notebook(
                str(run.path), str(out), parameters=ctx.matrix.passed_parameters(run),
                kernel_name=ctx.kernel_name, progress_bar=False, log_output=False,
                request_save_on_cell_execute=True, engine_name=ENGINE_NAME, start_timeout=60,
                execution_timeout=ctx.timeout, shutdown_kernel="immediate",
                kernel_manager_class=ctx.km_class,
                # ipykernel's start-up warnings (e.g. about TCP without encryption)
                # would interleave with the progress lines; errors still show
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except PapermillExecutionError as exc:
            raise _RunFailed(_failure(run, exc, out, ctx, start)) from None
        except Exception as exc:  # kernel died, timeout, bad notebook ...
            if ctx.kernels.cancel.is_set():
                raise _Interrupted from None
            started = any(s.get("status") not in (None, "pending") for _, s in _cell_states(out))
            if attempt == 1 and not started and run.name not in ctx.timed_out:
                # the kernel died before its first cell: most likely the port race
                # of jupyter_client (two kernels picking the same port); once more
                continue
            raise _RunFailed(_failure(run, exc, out, ctx, start)) from None
        finally:
            ctx.kernels.unregister()
    raise AssertionError("unreachable")


@dataclass
class Executed:
    """A run whose notebook ran to its end: its pages are still to be written (``write_pages``),
    its reports staged under temporary names in *stack*."""

    run: Run
    nb: Any
    start: float
    guard: OutputGuard
    stack: contextlib.ExitStack
    tmp: dict


def execute(run: Run, ctx: Context) -> RunResult | Executed:
    """Execute the notebook of one run in this worker thread, its reports staged; the
    Executed run, whose pages ``write_pages`` then writes (in any thread: the kernel is
    gone), or the RunResult of a run that failed or was interrupted, the files it wrote
    restored."""
    start = time.monotonic()
    ident = threading.get_ident()
    with ctx.lock:
        ctx.running[ident] = (run.name, start)
    with phase("output guard"):
        guard = OutputGuard(ctx.matrix.root, run.outputs)
    try:
        with contextlib.ExitStack() as stack:
            tmp = {k: stack.enter_context(atomic_path(p)) for k, p in report_paths(ctx.reports, run.name).items()}
            with phase("notebook (kernel start and cells)"):
                nb = _papermill_run(run, ctx, tmp["ipynb"], start)
            return Executed(run, nb, start, guard, stack.pop_all(), tmp)
    except _RunFailed as failed:
        _restore(guard, failed.result)
        return failed.result
    except OSError as exc:  # its reports could not be staged (a full disk): it failed
        return _unwritable(run, ctx, guard, start, exc)
    except _Interrupted:
        return _interrupted(run, guard, start)
    finally:
        with ctx.lock:
            ctx.running.pop(ident, None)


def write_pages(done: Executed, ctx: Context) -> RunResult:
    """Render the pages of an executed run and rename its three reports into place; the
    files it wrote are restored when that fails or the invocation is being stopped."""
    from lingyuan.runner import pages as report

    if ctx.kernels.cancel.is_set():
        return abandon(done)
    run, nb, tmp = done.run, done.nb, done.tmp
    try:
        with done.stack:
            for cell in nb.cells:  # papermill gives the cell it injects a random id: the pages name it
                if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                    cell["id"] = "injected-parameters"
            names = [r.name for r in ctx.matrix.runs]  # for the switch to the other language's page
            for kind, reader in (("html", False), ("reader", True)):
                with phase(f"page rendering ({'reader' if reader else 'full'})"):
                    tmp[kind].write_text(report.render_html(nb, reader=reader, title=run.name, names=names),
                                         encoding="utf-8")
            if ctx.kernels.cancel.is_set():
                raise _Interrupted
            with phase("output guard"):
                written = done.guard.written()
        # the ExitStack renamed the three files into place (reader, html, then ipynb)
        return RunResult(run, "ran", time.monotonic() - done.start, outputs=[str(p) for p in written])
    except OSError as exc:  # its reports could not be written (a full disk): it failed
        return _unwritable(run, ctx, done.guard, done.start, exc)
    except _Interrupted:
        return _interrupted(run, done.guard, done.start)


def abandon(done: Executed) -> RunResult:
    """The invocation is being stopped before an executed run's pages were written: its
    staged reports are removed and the files it wrote restored."""
    with contextlib.suppress(_Interrupted):
        with done.stack:  # an exception leaving it: each staged file is removed, none renamed
            raise _Interrupted
    return _interrupted(done.run, done.guard, done.start)


def _interrupted(run: Run, guard: OutputGuard, start: float) -> RunResult:
    result = RunResult(run, "interrupted", time.monotonic() - start)
    _restore(guard, result)
    return result


def _unwritable(run: Run, ctx: Context, guard: OutputGuard, start: float, exc: OSError) -> RunResult:
    result = RunResult(run, "failed", time.monotonic() - start, ename=type(exc).__name__,
                       evalue=f"{exc.strerror or exc} (writing its reports in {ctx.reports})",
                       stage="after its last cell, writing its reports")
    _restore(guard, result)
    return result


def _restore(guard: OutputGuard, result: RunResult) -> None:
    problems = guard.restore()
    if problems:
        print(f"warning: {result.run.name}: could not restore {len(problems)} output(s): "
              f"{'; '.join(problems[:3])}", file=sys.stderr)


def _failure(run: Run, exc: Exception, partial: Path, ctx: Context, start: float) -> RunResult:
    """A RunResult for a failed run; the executed notebook is kept under .cache/failed/."""
    result = RunResult(run, "failed", time.monotonic() - start)
    try:
        cells = json.loads(partial.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        cells = []
    index = None
    if hasattr(exc, "ename"):  # PapermillExecutionError: cell_index counts the injected cell
        result.ename, result.evalue = exc.ename, str(exc.evalue)
        result.exec_count = exc.exec_count
        # find the failing cell in the written notebook (banners included) by its error output
        for i, cell in enumerate(cells):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])) or \
                    cell.get("metadata", {}).get("papermill", {}).get("exception") is True:
                index = _source_index(cells, i)
                break
        else:
            index = exc.cell_index
    else:
        if run.name in ctx.timed_out:
            result.ename, result.evalue = "TimeoutError", f"the run took longer than --timeout {ctx.timeout:g} s"
        else:
            text = str(exc).strip()
            result.ename, result.evalue = type(exc).__name__, text.splitlines()[0] if text else ""
        # the cell that was executing: the last one papermill saw start
        started = [i for i, c in enumerate(cells)
                   if c.get("cell_type") == "code" and c.get("metadata", {}).get("papermill", {}).get("start_time")]
        if started:
            index = _source_index(cells, started[-1])
    result.cell = None if index is None else index + 1  # as a reader counts: the first cell is 1
    if cells:
        kept = ctx.failed_dir / f"{run.name}.ipynb"
        with contextlib.suppress(OSError):
            write_bytes(kept, partial.read_bytes())
            result.detail = str(kept)
    return result
