"""The runner's cache, ``.cache/runs.json``: what each run was built from (its key) and
what it left (the content hash of every file it wrote and of its reports).

A run is up to date when its key is unchanged (a hash of the notebook's cells, its
parameters, the bytes of its input files, hashed when the run is about to start, and
every ``.py`` file of the ``lingyuan`` package) and every file it wrote last time is
still there with the same content. Only a run that succeeded is recorded; a failed
run keeps the entry of its last success (whose outputs it restored). A cache file that
is not what this version writes is treated as empty, with a warning for a damaged one.

The file is written once per build (``compact``, at its end). While the build goes on,
each finished run appends one line to ``runs.json.journal`` (its entry, a few hundred
bytes: the cost of a run's record does not grow with the cache). Reading the cache
replays the journal over the file, later lines winning, and skips a line cut short, so
``kill -9`` at any point loses at most the record of the run being written (which then
runs again); a journal left by a killed build is folded into the file by the next.
Pictures are not kept here: the site's previews are files under ``reports/img/``.

The cache folder (``--cache DIR``, default ``ROOT/.cache``) also holds the lock that
allows one ``lingyuan run`` at a time per cache, and ``failed/``, the executed
notebooks of the runs that failed last time.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterable

from lingyuan.io import write_text
from lingyuan.runner.basics import input_files, one_line, phase, relative, sha
from lingyuan.runner.matrix import Run
from lingyuan.runner.notebook import cells_hash, read_notebook

CACHE_DIR = Path(".cache")
CACHE_NAME = CACHE_DIR / "runs.json"
HASHES_NAME = "hashes.json"   # beside the cache file: FileHashes kept between invocations
# bump when the meaning of a key or the shape of an entry changes: every run is redone once
KEY_VERSION = 2
PACKAGE_SUFFIXES = (".py", ".j2", ".css", ".json")   # the package files that enter every key
SECTIONS = ("runs", "failures", "notebook_parameters", "each")
MEMO_SECTIONS = ("notebook_parameters", "each")   # filled in place by load_matrix
JOURNAL_SUFFIX = ".journal"


class RunnerError(RuntimeError):
    """The runner cannot start (another run holds the lock, a folder it must write to is
    not writable); nothing was run. The message is one sentence saying what to do."""


# ---------------------------------------------------------------------------
# Hashing files
# ---------------------------------------------------------------------------

class FileHashes:
    """sha256 of files (and hashes of notebooks' cells), memoised by (path, size, mtime).

    With *memo_file* (``hashes.json`` in the cache folder) the memo outlives the
    invocation: a file whose size and modification time are those recorded is not read
    again, so a build with nothing to do stats its files and reads none (as git and
    make trust a file's stat). A file modified in the last ``RACY_SECONDS`` before it
    was hashed is not kept there: a second write within the clock's tick could leave
    its stat unchanged. ``save()`` rewrites the file when the memo changed.
    """

    RACY_SECONDS = 2.0

    def __init__(self, memo_file: Path | None = None) -> None:
        self._memo: dict[tuple, str] = {}
        self._lock = threading.Lock()
        self._relative: dict[tuple[str, str], str] = {}
        self.memo_file = memo_file
        self._kept: dict[str, list] = {}
        self._seen: dict[str, list] = {}
        if memo_file is not None:
            try:
                kept = json.loads(memo_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                kept = None
            if isinstance(kept, dict) and kept.get("version") == KEY_VERSION and isinstance(kept.get("files"), dict):
                self._kept = kept["files"]

    def __call__(self, path: Path) -> str:
        return self._memoised(path, "bytes", lambda: sha(path.read_bytes()))

    def cells(self, path: Path) -> str:
        """``cells_hash`` of the notebook at *path* (read once however many runs use it)."""
        return self._memoised(path, "cells", lambda: cells_hash(read_notebook(path)))

    def relative(self, path: Path, root: Path) -> str:
        """``relative(path, root)``, resolved once per invocation for each path."""
        key = (str(path), str(root))
        found = self._relative.get(key)
        if found is None:
            found = self._relative[key] = relative(path, root)
        return found

    def _memoised(self, path: Path, kind: str, compute) -> str:
        st = os.stat(path)
        name = f"{kind}:{path}"
        memo_key = (name, st.st_size, st.st_mtime_ns)
        with self._lock:
            if memo_key in self._memo:
                return self._memo[memo_key]
            kept = self._kept.get(name)
        keep = True
        if isinstance(kept, list) and len(kept) == 3 and kept[:2] == [st.st_size, st.st_mtime_ns]:
            digest = kept[2]
        else:
            keep = st.st_mtime_ns / 1e9 < time.time() - self.RACY_SECONDS
            digest = compute()
        with self._lock:
            self._memo[memo_key] = digest
            if keep:
                self._seen[name] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def save(self) -> None:
        """Rewrite *memo_file* with the files hashed in this invocation, when that
        changed anything; a file that cannot be written is left (it only saves work)."""
        if self.memo_file is None:
            return
        with self._lock:
            files = {**self._kept, **self._seen}
            # drop the files that are gone, so that the memo does not grow without end
            files = {k: v for k, v in files.items() if k in self._seen or os.path.exists(k.partition(":")[2])}
            if files == self._kept:
                return
            self._kept = files
        with contextlib.suppress(OSError):
            write_text(self.memo_file, json.dumps({"version": KEY_VERSION, "files": files},
                                                  ensure_ascii=False, sort_keys=True) + "\n")


def package_hash(package_dir: Path, hashes: FileHashes | None = None) -> str:
    """Hash of every .py file and report template under *package_dir* (names and bytes);
    with *hashes*, a file already hashed (by its stat) is not read again."""
    hashes = hashes or FileHashes()
    found = []
    for folder, subdirs, files in os.walk(package_dir):
        subdirs[:] = [d for d in subdirs if d != "__pycache__"]
        found += [os.path.join(folder, f) for f in files if os.path.splitext(f)[1] in PACKAGE_SUFFIXES]
    h = hashlib.sha256()
    base = len(str(package_dir).rstrip(os.sep)) + 1
    for path in sorted(found, key=lambda p: p[base:].split(os.sep)):
        h.update(path[base:].replace(os.sep, "/").encode() + b"\0")
        h.update(hashes(Path(path)).encode() + b"\0")
    return h.hexdigest()


@phase("cache keys (hashing inputs)")
def run_key(run: Run, root: Path, package: str, hashes: FileHashes) -> dict:
    """The run's cache key and what it was made of (inputs are hashed now)."""
    nb_digest = hashes.cells(run.path)
    files = input_files(root, run.inputs)
    inputs = [[hashes.relative(p, root), hashes(p)] for p in files]
    inputs_hash = sha(json.dumps(inputs).encode())
    key = sha(json.dumps([KEY_VERSION, nb_digest, run.parameters, inputs_hash, package],
                          sort_keys=True, ensure_ascii=False).encode())
    return {"key": key, "inputs_hash": inputs_hash, "inputs": [name for name, _ in inputs]}


def file_state(path: Path, hashes: FileHashes) -> dict:
    """What the cache remembers of a file a run wrote: its content hash, size and mtime."""
    st = path.stat()
    return {"sha256": hashes(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def same_file(path: Path, state: Any, hashes: FileHashes) -> bool:
    """Whether *path* still holds what *state* (``file_state``) recorded. Size and mtime
    unchanged are taken as the same bytes (as git and make do); otherwise the content
    is hashed, so a file rewritten with the same bytes still counts as unchanged."""
    if not isinstance(state, dict):
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    if st.st_size != state.get("size"):
        return False
    if st.st_mtime_ns == state.get("mtime_ns"):
        return True
    try:
        return hashes(path) == state.get("sha256")
    except OSError:
        return False


# ---------------------------------------------------------------------------
# The cache file
# ---------------------------------------------------------------------------

def _well_formed(data: Any) -> str | None:
    """Why *data* is not a cache of this version, or None."""
    if not isinstance(data, dict):
        return "not a JSON object"
    for section in SECTIONS:
        if not isinstance(data.get(section, {}), dict):
            return f"`{section}` is not a mapping"
    for name, entry in {**data.get("runs", {}), **data.get("failures", {})}.items():
        if not isinstance(entry, dict):
            return f"the entry of {name!r} is not a mapping"
    return None


def _now() -> str:
    from datetime import datetime, timezone   # not needed by a build with nothing to do

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Cache:
    """The cache file of one project (or of ``--cache DIR``), loaded, with its lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.failed_dir = self.path.parent / "failed"
        self.journal_path = self.path.with_name(self.path.name + JOURNAL_SUFFIX)
        self.matrix_memo = self.path.with_name("matrix.json")   # lingyuan.runner.matrixmemo
        self.read_only: str | None = None   # why the cache cannot be written, once locking failed
        self.data = self._read()
        self._replay()
        self._pending: set[tuple[str, str]] = set()   # changed entries not yet in the journal
        self._memo = self._memo_snapshot()

    def _read(self) -> dict:
        empty = {"version": KEY_VERSION, **{s: {} for s in SECTIONS}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return empty
        except (OSError, ValueError) as exc:
            return self._warn(f"cannot be read ({one_line(str(exc), 120)})", empty)
        if isinstance(data, dict) and data.get("version") != KEY_VERSION:
            return empty  # written by another version of the runner: start over, quietly
        problem = _well_formed(data)
        if problem:
            return self._warn(problem, empty)
        for section in SECTIONS:
            data.setdefault(section, {})
        return data

    def _warn(self, problem: str, empty: dict) -> dict:
        print(f"warning: {self.path}: {problem}; treating the cache as empty (every run is "
              f"out of date)", file=sys.stderr)
        return empty

    def _replay(self) -> None:
        """Apply the journal of a build that has not been compacted (killed, or one that
        could not write the file); the file is then out of date until ``compact``."""
        self._file_current = True
        try:
            lines = self.journal_path.read_bytes().split(b"\n")
        except OSError:
            return
        self._file_current = False
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:  # cut short by a kill, or empty
                continue
            if not isinstance(record, list) or len(record) != 4 or record[0] != KEY_VERSION \
                    or record[1] not in SECTIONS or not isinstance(record[2], str):
                continue
            _, section, name, entry = record
            if entry is None:
                self.data[section].pop(name, None)
            elif section in MEMO_SECTIONS or isinstance(entry, dict):
                self.data[section][name] = entry

    def _memo_snapshot(self) -> dict:
        return {section: dict(self.data[section]) for section in MEMO_SECTIONS}

    def _changes(self) -> list[tuple[str, str]]:
        """The entries changed since the last save: the recorded runs and failures, and
        what load_matrix added to or dropped from the memo sections."""
        changed = set(self._pending)
        for section, before in self._memo.items():
            now = self.data[section]
            changed |= {(section, k) for k in now if k not in before or before[k] != now[k]}
            changed |= {(section, k) for k in before if k not in now}
        return sorted(changed)

    def _dump(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @property
    def runs(self) -> dict:
        return self.data["runs"]

    @property
    def failures(self) -> dict:
        return self.data["failures"]

    def save(self, *, quiet: bool = False) -> None:
        """Append what changed to the journal (one line an entry); with *quiet*, a cache
        that cannot be written is left as it is (the memo sections only save work)."""
        changes = self._changes()
        if not changes:
            return
        if self.read_only is not None:
            if quiet:
                return
            raise RunnerError(self.read_only)
        lines = b"".join(json.dumps([KEY_VERSION, section, name, self.data[section].get(name)],
                                    ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
                         for section, name in changes)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.journal_path, "ab") as journal:
                if journal.tell() and not self._ends_with_newline():
                    lines = b"\n" + lines  # after a line a kill cut short
                journal.write(lines)
        except OSError:
            if not quiet:
                raise
            return
        self._pending.clear()
        self._memo = self._memo_snapshot()
        self._file_current = False

    def _ends_with_newline(self) -> bool:
        with open(self.journal_path, "rb") as f:
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"

    def compact(self, *, quiet: bool = False) -> None:
        """Write the whole cache file (atomically) and drop the journal, when the journal
        holds anything the file lacks; called once at the end of a build. A failure
        leaves the journal, which the next build replays: nothing is lost."""
        self.save(quiet=quiet)
        if self._file_current or self.read_only is not None:
            return
        try:
            write_text(self.path, self._dump())
            self.journal_path.unlink(missing_ok=True)
        except OSError:
            if not quiet:
                raise
            return
        self._file_current = True

    @contextlib.contextmanager
    def lock(self):
        """One `lingyuan run` at a time per cache. When the lock cannot be created (a
        read-only checkout), go on without it, read-only: nothing may then be written."""
        import fcntl

        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.lock_path, "a")
        except OSError as exc:
            self.read_only = (f"cannot write the cache {self.lock_path.parent} ({exc.strerror or exc}); "
                              f"run from a writable copy, or pass --cache DIR and --reports DIR "
                              f"to write elsewhere")
            yield self
            return
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise RunnerError(f"{self.lock_path}: another `python -m lingyuan run` is using this "
                                  f"cache; wait for it to finish") from None
            yield self

    def require_writable(self, reports: Path, needed: str) -> None:
        """Raise RunnerError (one sentence) unless the cache and *reports* can be written."""
        if self.read_only is not None:
            raise RunnerError(f"{needed}, but {self.read_only}")
        import tempfile

        try:
            reports.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".write-probe.", suffix=".tmp-", dir=reports)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise RunnerError(f"{needed}, but the reports folder {reports} cannot be written "
                              f"({exc.strerror or exc}); pass --reports DIR to write them elsewhere") from None

    @phase("up-to-date checks")
    def up_to_date(self, name: str, key: dict, reports: Path, root: Path, hashes: FileHashes) -> bool:
        """Whether the run's last success had this key and left every file it wrote as it was."""
        entry = self.runs.get(name)
        if not entry or entry.get("key") != key["key"]:
            return False
        files = entry.get("reports")
        written = entry.get("outputs")
        if not isinstance(files, dict) or not files or not isinstance(written, dict):
            return False
        return (all(same_file(reports / f, s, hashes) for f, s in files.items())
                and all(same_file(root / p, s, hashes) for p, s in written.items()))

    def record_success(self, result, key: dict, root: Path, report_files: Iterable[Path],
                       hashes: FileHashes) -> None:
        """Remember a run that succeeded: its key, and the files it wrote with their hashes."""
        run = result.run
        self.runs[run.name] = {
            **key, "built_at": _now(),
            "seconds": round(result.seconds, 2), "notebook": run.notebook, "parameters": run.parameters,
            "outputs": {relative(Path(p), root): file_state(Path(p), hashes) for p in result.outputs
                        if Path(p).is_file()},
            "reports": {p.name: file_state(p, hashes) for p in report_files},
        }
        self._pending.add(("runs", run.name))
        self.forget_failure(run.name)

    def record_failure(self, result) -> None:
        """Remember why a run failed (for the index); its last success stays recorded."""
        self.failures[result.run.name] = {"ename": result.ename, "evalue": one_line(result.evalue, 400),
                                          "cell": result.cell, "kept": result.detail}
        self._pending.add(("failures", result.run.name))

    def forget_failure(self, name: str) -> None:
        """A run is good again: drop its failure and the executed notebook kept for it."""
        if self.failures.pop(name, None) is not None:
            self._pending.add(("failures", name))
        if self.read_only is None:
            with contextlib.suppress(OSError):
                (self.failed_dir / f"{name}.ipynb").unlink()
