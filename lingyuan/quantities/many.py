"""``extract FILE... --jobs N``: the quantities of many files, streamed as they are found.

Files and folders (walked for ``*.txt``, in sorted order) are read by *N* worker processes,
each file in the streaming way of :func:`lingyuan.quantities.stream.stream_quantities`
(memory bounded by the largest sentence run, not by the file). A worker writes a file's rows
to a temporary file; the main process copies them to standard output in the order of the
files as given, so the output is the same bytes whatever *N* is, and a worker's memory does
not grow with its output. Every row names its ``file``. A file that cannot be read is named on
standard error and skipped; the others go on, and the exit code is then 2.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

from lingyuan.quantities.stream import write_rows
from lingyuan.quantities.finder import FIELDS
from lingyuan.quantities.reading import InputError

#: Columns of the many-files output: the file first, then the columns of one file.
MANY_FIELDS = ("file", *FIELDS)
#: From this many files on, a progress bar goes to standard error (when it is a terminal).
PROGRESS_FROM = 10


def input_files(paths: list[str]) -> list[str]:
    """The files to read: each path given, a folder replaced by its ``*.txt`` files (sorted,
    recursively). A path that does not exist is kept, so reading it reports it."""
    files: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found = [str(f) for f in sorted(path.rglob("*.txt")) if f.is_file()]
            if not found:
                raise InputError(f"{p}: a folder that holds no .txt file; give text files or a folder of them")
            files.extend(found)
        else:
            files.append(p)
    return files


def _work(task: tuple[str, str, str]) -> tuple[str, str, str]:
    """In a worker: extract file *name* into a temporary file in *folder*;
    (temporary file, note, "") or ("", "", error)."""
    name, fmt, folder = task
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            note = write_rows(name, fmt, out, with_file=True)
        return tmp, note, ""
    except InputError as e:
        os.unlink(tmp)
        return "", "", str(e)


class Progress:
    """A one-line progress bar on standard error: files done, rows, files per second."""

    def __init__(self, total: int, show: bool):
        self.total, self.show, self.done, self.t0 = total, show, 0, time.monotonic()
        self._last = 0.0

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.show and (now - self._last > 0.2 or self.done == self.total):
            self._last = now
            width = 30
            filled = width * self.done // max(1, self.total)
            rate = self.done / max(now - self.t0, 1e-9)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files, "
                             f"{rate:.0f}/s")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _ordered(tasks: list[tuple[str, str, str]], jobs: int) -> Iterator[tuple[str, str, str]]:
    if jobs <= 1:
        yield from map(_work, tasks)
        return
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ctx.Pool(jobs) as pool:
        # imap keeps the order of the files; a small chunk keeps every worker busy.
        yield from pool.imap(_work, tasks, chunksize=1)


def extract_many(paths: list[str], fmt: str, jobs: int, progress: bool | None) -> int:
    """Rows of every file of *paths* (files and folders) to standard output; 0, or 2 when a
    file could not be read (named on standard error; the others are still read)."""
    files = input_files(paths)
    out = sys.stdout
    if fmt == "csv":
        out.write(",".join(MANY_FIELDS) + "\n")
    show = progress if progress is not None else (len(files) >= PROGRESS_FROM and sys.stderr.isatty())
    bar = Progress(len(files), show)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="lingyuan-extract-") as folder:
        tasks = [(f, fmt, folder) for f in files]
        for tmp, note, error in _ordered(tasks, jobs):
            if error:
                failed += 1
                sys.stderr.write(("\n" if show else "") + f"lingyuan extract: {error}\n")
            else:
                if note:
                    sys.stderr.write(("\n" if show else "") + note + "\n")
                with open(tmp, encoding="utf-8", newline="") as part:
                    shutil.copyfileobj(part, out)
                os.unlink(tmp)
                out.flush()
            bar.step()
    if failed:
        sys.stderr.write(f"lingyuan extract: {failed} of {len(files)} files could not be read\n")
    return 2 if failed else 0
