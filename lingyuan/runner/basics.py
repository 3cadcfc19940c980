"""Small helpers the runner's modules share (standard library only): content hashes,
paths relative to a folder, the files a set of globs matches, one-line messages, and
the time a build spends in each phase.
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
import threading
import time
from pathlib import Path
from typing import Any, Iterable


def sha(data: bytes) -> str:
    """The sha256 of *data*, in hex."""
    return hashlib.sha256(data).hexdigest()


def relative(path: Path, base: Path) -> str:
    """*path* relative to *base* (POSIX separators), or as it is when outside *base*."""
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def one_line(text: str | None, limit: int = 160) -> str:
    """*text* on one line, cut to *limit* characters."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short(value: Any) -> str:
    """A parameter value as written in messages: strings as they are, the rest as JSON."""
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def file_stats(paths: Iterable[str | os.PathLike]) -> list[list]:
    """[path, size, mtime_ns] of each path ([path, None, None] when it is missing): what
    decides, without reading them, that files are as they were."""
    out = []
    for path in paths:
        try:
            st = os.stat(path)
            out.append([str(path), st.st_size, st.st_mtime_ns])
        except OSError:
            out.append([str(path), None, None])
    return out


def input_files(root: Path, patterns: Iterable[str]) -> list[Path]:
    """The files the globs match (relative to *root*), sorted; hidden files (the
    temporary files of atomic writes) are not matched."""
    found: set[Path] = set()
    for pattern in patterns:
        full = pattern if os.path.isabs(pattern) else str(root / pattern)
        found.update(Path(p) for p in glob.glob(full, recursive=True) if os.path.isfile(p))
    return sorted(found)


KERNEL_DIR_PREFIX = "lingyuan-kernels-"   # $TMPDIR/lingyuan-kernels-PID-*: one runner's kernel sockets


def _temp_dirs() -> list[str]:
    """Where ``tempfile`` may have made the kernel folders (the candidates of
    ``tempfile.gettempdir``, without importing tempfile: a no-op does not need it)."""
    named = [os.environ.get(v) for v in ("TMPDIR", "TEMP", "TMP")]
    return list(dict.fromkeys(d for d in (*named, "/tmp", "/var/tmp", "/usr/tmp") if d and os.path.isdir(d)))


def remove_stale_kernel_dirs() -> None:
    """Remove the kernel folders of runners that ended without cleaning up (kill -9)."""
    for folder in (f for d in _temp_dirs() for f in glob.glob(os.path.join(d, KERNEL_DIR_PREFIX + "*"))):
        match = re.match(r"(\d+)-", os.path.basename(folder)[len(KERNEL_DIR_PREFIX):])
        if not match or not os.path.isdir(folder):
            continue
        try:
            os.kill(int(match.group(1)), 0)
            continue  # its runner is alive
        except ProcessLookupError:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # alive, someone else's
            continue


def find_cycle(after_of: dict[str, list[str]]) -> list[str] | None:
    """A cycle of the graph *after_of* (node -> the nodes it points to) as the list of its
    nodes, the first not repeated at the end; None when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in after_of.get(node, []):
            if state.get(dep) == 1:
                return stack[stack.index(dep):]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        state[node] = 2
        stack.pop()
        return None

    for node in after_of:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


class Phases:
    """Seconds spent in each phase of a build, summed over runs and threads; a phase
    inside another counts for itself only (the outer one is charged the rest). Read by
    ``scripts/bench_runner.py``; costs two clock reads a phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    @contextlib.contextmanager
    def __call__(self, name: str):
        stack = self._local.__dict__.setdefault("stack", [])
        stack.append(0.0)  # time of the phases inside this one
        start = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - start
            inner = stack.pop()
            if stack:
                stack[-1] += spent
            with self._lock:
                self.seconds[name] = self.seconds.get(name, 0.0) + spent - inner
                self.counts[name] = self.counts.get(name, 0) + 1

    def reset(self) -> None:
        with self._lock:
            self.seconds.clear()
            self.counts.clear()


#: the phases of this process's builds (``with phase("site pages"): ...``)
phase = Phases()
