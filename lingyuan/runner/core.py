"""The notebook runner behind ``python -m lingyuan run`` (and ``make report``).

What it does, in order:

1. Reads the run matrix, ``notebooks/runs.yaml``: every notebook, its parameter
   sets, the data files it reads (``inputs``) and the notebooks that must run
   before it (``after``). The matrix expands into *runs*, each with a stable name
   derived from the notebook and the parameters that vary (``20_income.en``).
2. Checks, before anything runs, every run's parameter names and types against the
   annotated parameters of its notebook (``papermill.inspect_notebook``), and that
   every notebook exists and the ``after`` graph has no cycle.
3. Runs what is out of date in ONE Python process: ``papermill.execute_notebook``
   with a real kernel from a thread pool (``--jobs`` workers), in dependency order.
   A run is out of date when its key changed: a hash of the notebook's cells, its
   parameters, the bytes of its input files (hashed when the run is about to start,
   so after the runs it depends on rewrote them) and every ``.py`` file of the
   ``lingyuan`` package. Keys live in ``.cache/runs.json``. Kernels are ipykernel
   processes forked from one process that imported ipykernel, pandas, matplotlib,
   seaborn, pandera and the package once (``lingyuan.runner.kernelfork``; ``--fresh-kernels``
   starts each as a new interpreter instead), and they talk over Unix sockets.
4. Renders each executed notebook to HTML in the same process (``lingyuan.runner.publish``),
   full and reader (no code), and writes ``reports/index.html``.

Outputs are staged as temporary files beside their final names and renamed into
place only when the run succeeded, so a failed or interrupted run (Ctrl-C, SIGTERM)
leaves the previous outputs intact and no partial file; the cache is updated only
after success. The no-op path (everything up to date) imports neither papermill nor
nbconvert: it reads YAML and JSON and hashes files, about 0.1 s of work.

From Python: ``run_matrix(...) -> RunSummary`` and ``load_matrix(...) -> Matrix``.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import fnmatch
import glob
import hashlib
import itertools
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, TextIO

from lingyuan import NOTEBOOKS_DIR
from lingyuan.io import atomic_path, write_bytes, write_text

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the whole lingyuan package
DEFAULT_MATRIX = NOTEBOOKS_DIR / "runs.yaml"
DEFAULT_TIMEOUT = 600
DEFAULT_KERNEL = "python3"
CACHE_NAME = Path(".cache") / "runs.json"
# bump when the meaning of a key changes, so every run is redone once
KEY_VERSION = 1
# where the `{each: LEVEL}` generator finds the entities and the figures
ENTITIES_CSV = Path("data") / "raw" / "entities.csv"
FIGURES_CSV = Path("data") / "raw" / "figures.csv"

# papermill's inferred type names (the annotation's text) -> accepted Python types
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "tuple": (list, tuple),
    "dict": (dict,),
}


class MatrixError(ValueError):
    """The run matrix or a notebook's parameters are wrong; nothing was run.

    The message lists every problem as ``file:line: message``.
    """


# ---------------------------------------------------------------------------
# The run matrix
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One execution of one notebook with one parameter set."""

    name: str                       # stable, unique: 20_income.en
    notebook: str                   # notebook name (file stem): 20_income
    path: Path                      # the notebook file
    parameters: dict[str, Any]      # as written in runs.yaml (paths relative to the root)
    inputs: tuple[str, ...]         # globs of the data files it reads, relative to the root
    after: tuple[str, ...]          # notebooks that must have run first
    outputs: tuple[str, ...]        # globs of the files it writes (besides the reports)
    line: int                       # line of the notebook's entry in runs.yaml

    def describe(self) -> str:
        params = ", ".join(f"{k}={_short(v)}" for k, v in self.parameters.items())
        return f"{self.notebook}({params})"


@dataclass
class Matrix:
    """The expanded run matrix: runs in file order and their dependencies."""

    path: Path
    root: Path
    runs: list[Run]
    paths: tuple[str, ...]                    # parameters that hold root-relative paths
    deps: dict[str, list[str]] = field(default_factory=dict)   # run name -> run names

    def by_name(self) -> dict[str, Run]:
        return {r.name: r for r in self.runs}

    def passed_parameters(self, run: Run) -> dict[str, Any]:
        """The parameters handed to papermill: path parameters made absolute."""
        out = dict(run.parameters)
        for key in self.paths:
            if isinstance(out.get(key), str):
                p = Path(out[key]).expanduser()
                out[key] = str(p if p.is_absolute() else self.root / p)
        return out


def _short(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


class _LineDict(dict):
    """A YAML mapping that remembers the line of each key, for error messages."""

    line = 0
    key_lines: dict = {}


def _yaml_loader():
    import yaml  # ~40 ms; only the runner needs it

    class Loader(yaml.SafeLoader):
        """yaml.safe_load, plus the line number of every mapping and key."""

    def construct_map(loader, node):
        data = _LineDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value
                          if isinstance(k, yaml.ScalarNode)}
        yield data
        data.update(loader.construct_mapping(node))

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    return yaml, Loader


def _slug(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = "-".join(map(str, value))
    text = re.sub(r"[^\w-]+", "-", str(value)).strip("-")
    return text or "x"


def entities_with_figures(root: Path, level: str) -> list[str]:
    """Ids of the entities of *level* (entities.csv) with at least one figure (figures.csv).

    Used by the ``{each: LEVEL}`` generator, e.g. ``village: {each: village}``: one
    run per village the article gives a figure for, in entities.csv order.
    """
    entities, figures = root / ENTITIES_CSV, root / FIGURES_CSV
    for path in (entities, figures):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: not found (needed by {{each: {level}}})")
    with open(figures, newline="", encoding="utf-8") as f:
        with_figures = {row.get("entity_id", "") for row in csv.DictReader(f)}
    with open(entities, newline="", encoding="utf-8") as f:
        return [row["entity_id"] for row in csv.DictReader(f)
                if row.get("level") == level and row.get("entity_id") in with_figures]


def _expand(spec: dict, where: str, root: Path, errors: list[str]) -> tuple[list[dict], list[str]]:
    """Expand one parameter spec (a product) into parameter sets; also return its axes.

    A list is an axis (one run per item); ``{each: LEVEL}`` is an axis of entity ids;
    ``{value: X}`` is a literal (for list-typed parameters); anything else is fixed.
    """
    axes: list[tuple[str, list]] = []
    fixed: dict[str, Any] = {}
    for key, value in spec.items():
        if isinstance(value, list):
            if not value:
                errors.append(f"{where}: parameter {key!r}: empty list (no run); "
                              f"write {{value: []}} for an empty list value")
            axes.append((key, value))
        elif isinstance(value, dict) and set(value) == {"each"}:
            try:
                axes.append((key, entities_with_figures(root, str(value["each"]))))
            except FileNotFoundError as exc:
                errors.append(f"{where}: parameter {key!r}: {exc}")
                axes.append((key, []))
        elif isinstance(value, dict) and set(value) == {"value"}:
            fixed[key] = value["value"]
        elif isinstance(value, dict):
            errors.append(f"{where}: parameter {key!r}: a mapping must be {{each: LEVEL}} "
                          f"or {{value: X}}, not {dict(value)!r}")
        else:
            fixed[key] = value
    axis_names = [k for k, _ in axes]
    sets = []
    for combo in itertools.product(*(vals for _, vals in axes)):
        chosen = dict(zip(axis_names, combo))
        # keep the order in which the parameters are written
        sets.append({k: fixed[k] if k in fixed else chosen[k] for k in spec if k in fixed or k in chosen})
    return sets, [k for k, _ in axes]


def load_matrix(path: str | os.PathLike = DEFAULT_MATRIX, root: str | os.PathLike | None = None,
                *, check: bool = True, param_specs: dict | None = None) -> Matrix:
    """Read and expand the run matrix; raise MatrixError listing every problem.

    *root* (default: the folder above the one holding the matrix, i.e. the project
    root for notebooks/runs.yaml) is where relative paths are taken from. With
    *check*, parameters are checked against the notebooks' annotated parameters;
    *param_specs* is a cache {cells hash: {name: type}} read and filled in place.
    """
    path = Path(path).resolve()
    root = Path(root).resolve() if root is not None else path.parent.parent
    rel = _relative(path, Path.cwd())
    if not path.is_file():
        raise MatrixError(f"{rel}: run matrix not found")
    yaml, Loader = _yaml_loader()
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{mark.line + 1}: column {mark.column + 1}" if mark else "1"
        raise MatrixError(f"{rel}:{at}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("notebooks"), dict):
        raise MatrixError(f"{rel}:1: expected a mapping with a `notebooks:` mapping "
                          f"(notebook name -> inputs, after, parameters)")
    errors: list[str] = []
    paths = doc.get("paths") or []
    if not isinstance(paths, list):
        errors.append(f"{rel}:{doc.key_lines.get('paths', 1)}: `paths` must be a list of parameter names")
        paths = []
    notebooks: dict = doc["notebooks"]
    runs: list[Run] = []
    known = set(notebooks)
    after_of: dict[str, list[str]] = {}
    for nb_name, entry in notebooks.items():
        line = notebooks.key_lines.get(nb_name, 1)
        where = f"{rel}:{line}: {nb_name}"
        entry = entry if entry is not None else _LineDict()
        if not isinstance(entry, dict):
            errors.append(f"{where}: expected a mapping (inputs, after, parameters, outputs, name)")
            continue
        unknown_keys = set(entry) - {"inputs", "after", "parameters", "outputs", "name", "notebook"}
        if unknown_keys:
            errors.append(f"{where}: unknown keys {sorted(unknown_keys)}; "
                          f"allowed: inputs, after, parameters, outputs, name, notebook")
        nb_file = path.parent / str(entry.get("notebook", f"{nb_name}.ipynb"))
        if not nb_file.is_file():
            errors.append(f"{where}: unknown notebook: {_relative(nb_file, root)} does not exist")
        lists = {}
        for key in ("inputs", "after", "outputs"):
            value = entry.get(key) or []
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.append(f"{where}: `{key}` must be a list of strings")
                value = []
            lists[key] = tuple(value)
        for dep in lists["after"]:
            if dep not in known:
                errors.append(f"{where}: after: unknown notebook {dep!r} "
                              f"(known: {', '.join(sorted(known))})")
        after_of[nb_name] = [d for d in lists["after"] if d in known]
        spec = entry.get("parameters")
        specs = spec if isinstance(spec, list) else [spec if spec is not None else {}]
        sets: list[dict] = []
        named_keys: list[str] = []
        for i, one in enumerate(specs):
            if not isinstance(one, dict):
                errors.append(f"{where}: parameters[{i}] must be a mapping of parameter -> value(s)")
                continue
            expanded, axes = _expand(one, f"{rel}:{getattr(one, 'line', line)}: {nb_name}", root, errors)
            sets += expanded
            named_keys += [a for a in axes if a not in named_keys]
        if len(specs) > 1:  # a list of sets: the keys whose values differ name the runs
            for key in dict.fromkeys(k for s in sets for k in s):
                if len({json.dumps(s.get(key), sort_keys=True) for s in sets}) > 1 and key not in named_keys:
                    named_keys.append(key)
        template = entry.get("name")
        for params in sets:
            if template:
                try:
                    name = str(template).format(notebook=nb_name, **{k: _slug(v) for k, v in params.items()})
                except (KeyError, IndexError, ValueError) as exc:
                    errors.append(f"{where}: name template {template!r}: {exc!r}")
                    continue
            else:
                name = ".".join([nb_name] + [_slug(params[k]) for k in named_keys if k in params])
            outputs = []
            for pattern in lists["outputs"]:
                try:
                    outputs.append(pattern.format(**{k: _slug(v) for k, v in params.items()}))
                except (KeyError, IndexError, ValueError) as exc:
                    errors.append(f"{where}: outputs pattern {pattern!r}: {exc!r}")
            runs.append(Run(name=name, notebook=nb_name, path=nb_file, parameters=params,
                            inputs=lists["inputs"], after=tuple(after_of[nb_name]),
                            outputs=tuple(outputs), line=line))
    seen: dict[str, Run] = {}
    for run in runs:
        if run.name in seen:
            errors.append(f"{rel}:{run.line}: {run.notebook}: two runs are named {run.name!r} "
                          f"({seen[run.name].describe()} and {run.describe()}); "
                          f"give the notebook a `name:` template such as \"{{notebook}}.{{lang}}\"")
        seen[run.name] = run
    cycle = _find_cycle(after_of)
    if cycle:
        errors.append(f"{rel}:{notebooks.key_lines.get(cycle[0], 1)}: dependency cycle: "
                      + " -> ".join(cycle + [cycle[0]]))
    if errors:
        raise MatrixError("\n".join(errors))
    matrix = Matrix(path=path, root=root, runs=runs, paths=tuple(map(str, paths)))
    by_notebook: dict[str, list[str]] = {}
    for run in runs:
        by_notebook.setdefault(run.notebook, []).append(run.name)
    matrix.deps = {r.name: [n for dep in r.after for n in by_notebook.get(dep, [])] for r in runs}
    if check:
        check_parameters(matrix, param_specs)
    return matrix


def _find_cycle(after_of: dict[str, list[str]]) -> list[str] | None:
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


# ---------------------------------------------------------------------------
# Notebook parameters and hashing
# ---------------------------------------------------------------------------

def read_notebook(path: Path) -> dict:
    """The notebook as plain JSON (no nbformat import: it costs ~1.4 s)."""
    return json.loads(path.read_text(encoding="utf-8"))


def cells_hash(nb: dict) -> str:
    """Hash of what executes: each cell's type, source and tags (not outputs, not metadata)."""
    cells = [[c.get("cell_type"),
              "".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", ""),
              sorted(c.get("metadata", {}).get("tags", []))]
             for c in nb.get("cells", [])]
    return _sha(json.dumps(cells, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def _papermill():
    """Import papermill (and with it nbformat and jsonschema), about 1.3 s faster.

    jsonschema builds the grammar of ``rfc3987_syntax`` at import when that package
    is installed (~1.1 s of every jupyter/papermill start, jsonschema issue 1428).
    It serves only the "iri"/"uri" string formats, which notebook validation does
    not use; marking it unavailable in this process (never in the kernels, whose
    notebooks may validate URIs) skips that work. Nothing changes if some other
    module imported it first.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    import papermill

    return papermill


def notebook_parameters(path: Path) -> dict[str, str]:
    """{name: inferred type name} of the notebook's `parameters` cell, via papermill."""
    papermill = _papermill()  # slow import: only when a notebook changed
    return {name: info["inferred_type_name"] for name, info in papermill.inspect_notebook(str(path)).items()}


def check_parameters(matrix: Matrix, specs: dict | None = None) -> None:
    """Raise MatrixError unless every run's parameters exist in its notebook with the declared type.

    *specs* caches {cells hash: {name: type}}, so unchanged notebooks are not
    re-inspected (which would import papermill).
    """
    specs = {} if specs is None else specs
    errors: list[str] = []
    rel = _relative(matrix.path, Path.cwd())
    declared: dict[Path, dict[str, str]] = {}
    for run in matrix.runs:
        if run.path not in declared:
            digest = cells_hash(read_notebook(run.path))
            if digest not in specs:
                specs[digest] = notebook_parameters(run.path)
            declared[run.path] = specs[digest]
        params = declared[run.path]
        for key, value in run.parameters.items():
            if key not in params:
                errors.append(f"{rel}:{run.line}: run {run.name}: {_relative(run.path, matrix.root)} "
                              f"has no parameter {key!r} (its parameters: {', '.join(params) or 'none'})")
                continue
            accepted = _TYPES.get(params[key].split("[")[0].strip().lower())
            if accepted is None:  # no annotation, or one we do not interpret
                continue
            if isinstance(value, bool) and bool not in accepted or not isinstance(value, accepted):
                errors.append(f"{rel}:{run.line}: run {run.name}: parameter {key}={_short(value)} is "
                              f"{type(value).__name__}, the notebook declares {params[key]}")
    if errors:
        raise MatrixError("\n".join(errors))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _FileHashes:
    """sha256 of files, memoised by (path, size, mtime) within one invocation."""

    def __init__(self) -> None:
        self._memo: dict[tuple, str] = {}
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> str:
        st = path.stat()
        memo_key = (str(path), st.st_size, st.st_mtime_ns)
        with self._lock:
            if memo_key in self._memo:
                return self._memo[memo_key]
        digest = _sha(path.read_bytes())
        with self._lock:
            self._memo[memo_key] = digest
        return digest


def input_files(root: Path, patterns: Iterable[str]) -> list[Path]:
    """The files the globs match (relative to *root*), sorted; hidden temp files excluded."""
    found: set[Path] = set()
    for pattern in patterns:
        full = pattern if os.path.isabs(pattern) else str(root / pattern)
        found.update(Path(p) for p in glob.glob(full, recursive=True) if os.path.isfile(p))
    return sorted(found)


def package_hash(package_dir: Path) -> str:
    """Hash of every .py file and report template under *package_dir* (names and bytes)."""
    h = hashlib.sha256()
    for path in sorted(p for p in package_dir.rglob("*") if p.suffix in (".py", ".j2", ".css", ".json")):
        if "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        h.update(_sha(path.read_bytes()).encode() + b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

@dataclass
class RunResult:
    """What happened to one run in one invocation."""

    run: Run
    status: str                     # ran, cached, failed, skipped, interrupted
    seconds: float = 0.0
    ename: str | None = None
    evalue: str | None = None
    cell: int | None = None         # 0-based index of the failing cell in the notebook file
    exec_count: int | None = None
    detail: str | None = None       # why skipped; where the failed notebook was kept
    outputs: list[str] = field(default_factory=list)
    thumbnails: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("ran", "cached")


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

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 143 if self.signal_name == "SIGTERM" else 130
        return 0 if all(r.ok for r in self.results) else 1


# ---------------------------------------------------------------------------
# Execution
# ---------------------------------------------------------------------------

class _Interrupted(Exception):
    """Raised in a worker when the invocation is being stopped."""


class _RunFailed(Exception):
    def __init__(self, result: RunResult) -> None:
        super().__init__(result.status)
        self.result = result


class _Kernels:
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


def _kernel_manager_class(kernels: _Kernels, socket_dir: Path, forks=None):
    """An AsyncKernelManager that talks to its kernel over Unix sockets in *socket_dir*
    and records itself in *kernels* once its process exists. With *forks* (a
    ``kernelfork.ForkServer``) the kernel process is forked from it when it can be
    (see ``lingyuan.runner.kernelfork``), else started as usual.

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
            kw.setdefault("transport", "ipc")
            kw.setdefault("client_class", "lingyuan.runner.kernelclient.PromptKernelClient")
            kw.setdefault("ip", str(socket_dir / f"k{next(counter)}"))
            super().__init__(**kw)

        async def start_kernel(self, **kw):  # noqa: D401
            await super().start_kernel(**kw)
            kernels.register(self)

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


@dataclass
class _Context:
    matrix: Matrix
    reports: Path
    failed_dir: Path
    timeout: float
    kernel_name: str
    kernels: _Kernels
    km_class: Any = None
    running: dict = field(default_factory=dict)       # thread ident -> (run name, start)
    timed_out: set = field(default_factory=set)       # run names killed by the watchdog
    lock: threading.Lock = field(default_factory=threading.Lock)


def report_paths(reports: Path, name: str) -> dict[str, Path]:
    """The files one run leaves in the reports folder."""
    return {"ipynb": reports / f"{name}.ipynb",
            "html": reports / f"{name}.html",
            "reader": reports / f"{name}.reader.html"}


def _cell_states(path: Path) -> list[tuple[int, dict]]:
    """(index, papermill cell metadata) of the code cells of a partially written notebook."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [(i, c.get("metadata", {}).get("papermill", {})) for i, c in enumerate(nb.get("cells", []))
            if c.get("cell_type") == "code"]


def _source_index(nb_cells: list, index: int) -> int:
    """Index in the notebook file of cell *index* of the executed notebook.

    The executed notebook has the cell papermill injected (`injected-parameters`)
    and, after a failure, papermill's error banners (`papermill-error-cell-tag`);
    neither exists in the notebook file.
    """
    extra = ("injected-parameters", "papermill-error-cell-tag")
    return sum(1 for c in nb_cells[:index]
               if not set(c.get("metadata", {}).get("tags", [])) & set(extra))


def _execute(run: Run, ctx: _Context) -> RunResult:
    """Execute one run in this worker thread; stage its outputs and rename them into place."""
    papermill = _papermill()
    from papermill.exceptions import PapermillExecutionError

    from lingyuan.runner import publish as report

    start = time.monotonic()
    ident = threading.get_ident()
    with ctx.lock:
        ctx.running[ident] = (run.name, start)
    paths = report_paths(ctx.reports, run.name)
    try:
        with contextlib.ExitStack() as stack:
            tmp = {k: stack.enter_context(atomic_path(p)) for k, p in paths.items()}
            nb = None
            for attempt in (1, 2):
                if ctx.kernels.cancel.is_set():
                    raise _Interrupted
                try:
                    nb = papermill.execute_notebook(
                        str(run.path), str(tmp["ipynb"]),
                        parameters=ctx.matrix.passed_parameters(run),
                        kernel_name=ctx.kernel_name,
                        progress_bar=False,
                        log_output=False,
                        request_save_on_cell_execute=True,
                        start_timeout=60,
                        execution_timeout=ctx.timeout,
                        shutdown_kernel="immediate",
                        kernel_manager_class=ctx.km_class,
                        # ipykernel's start-up warnings (e.g. about TCP without encryption)
                        # would interleave with the progress lines; errors still show
                        extra_arguments=["--IPKernelApp.log_level=ERROR"],
                    )
                    break
                except PapermillExecutionError as exc:
                    raise _RunFailed(_failure(run, exc, tmp["ipynb"], ctx, start)) from None
                except Exception as exc:  # kernel died, timeout, bad notebook ...
                    if ctx.kernels.cancel.is_set():
                        raise _Interrupted from None
                    states = _cell_states(tmp["ipynb"])
                    started = any(s.get("status") not in (None, "pending") for _, s in states)
                    if attempt == 1 and not started and run.name not in ctx.timed_out:
                        # the kernel died before its first cell: most likely the port race
                        # of jupyter_client (two kernels picking the same port); once more
                        continue
                    raise _RunFailed(_failure(run, exc, tmp["ipynb"], ctx, start)) from None
                finally:
                    ctx.kernels.unregister()
            title, names = run.name, [r.name for r in ctx.matrix.runs]
            tmp["html"].write_text(report.render_html(nb, reader=False, title=title, names=names), encoding="utf-8")
            tmp["reader"].write_text(report.render_html(nb, reader=True, title=title, names=names), encoding="utf-8")
            thumbs = report.thumbnails(nb)
            if ctx.kernels.cancel.is_set():
                raise _Interrupted
        # the ExitStack renamed the three files into place (reader, html, then ipynb)
        outputs = [str(p) for p in input_files(ctx.matrix.root, run.outputs)]
        return RunResult(run, "ran", time.monotonic() - start, outputs=outputs, thumbnails=thumbs)
    except _RunFailed as failed:
        return failed.result
    except _Interrupted:
        return RunResult(run, "interrupted", time.monotonic() - start)
    finally:
        with ctx.lock:
            ctx.running.pop(ident, None)


def _failure(run: Run, exc: Exception, partial: Path, ctx: _Context, start: float) -> RunResult:
    """A RunResult for a failed run; the executed notebook is kept under .cache/failed/."""
    result = RunResult(run, "failed", time.monotonic() - start)
    try:
        cells = json.loads(partial.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        cells = []
    if hasattr(exc, "ename"):  # PapermillExecutionError: cell_index counts the injected cell
        result.ename, result.evalue = exc.ename, str(exc.evalue)
        result.exec_count = exc.exec_count
        # find the failing cell in the written notebook (banners included) by its error output
        for i, cell in enumerate(cells):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])) or \
                    cell.get("metadata", {}).get("papermill", {}).get("exception") is True:
                result.cell = _source_index(cells, i)
                break
        else:
            result.cell = exc.cell_index
    else:
        if run.name in ctx.timed_out:
            result.ename, result.evalue = "TimeoutError", f"the run took longer than --timeout {ctx.timeout:g} s"
        else:
            result.ename, result.evalue = type(exc).__name__, str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        # the cell that was executing: the last one papermill saw start
        started = [i for i, c in enumerate(cells)
                   if c.get("cell_type") == "code" and c.get("metadata", {}).get("papermill", {}).get("start_time")]
        if started:
            result.cell = _source_index(cells, started[-1])
    if cells:
        kept = ctx.failed_dir / f"{run.name}.ipynb"
        with contextlib.suppress(OSError):
            write_bytes(kept, partial.read_bytes())
            result.detail = str(kept)
    return result


# ---------------------------------------------------------------------------
# The cache
# ---------------------------------------------------------------------------

def _load_cache(path: Path) -> dict:
    try:
        cache = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    if not isinstance(cache, dict) or cache.get("version") != KEY_VERSION:
        cache = {}
    cache.setdefault("version", KEY_VERSION)
    for section in ("runs", "failures", "notebook_parameters"):
        cache.setdefault(section, {})
    return cache


def _save_cache(path: Path, cache: dict) -> None:
    write_text(path, json.dumps(cache, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def run_key(run: Run, root: Path, package: str, hashes: _FileHashes) -> dict:
    """The run's cache key and what it was made of (inputs are hashed now)."""
    nb_digest = cells_hash(read_notebook(run.path))
    files = input_files(root, run.inputs)
    inputs = [[_relative(p, root), hashes(p)] for p in files]
    inputs_hash = _sha(json.dumps(inputs).encode())
    key = _sha(json.dumps([KEY_VERSION, nb_digest, run.parameters, inputs_hash, package],
                          sort_keys=True, ensure_ascii=False).encode())
    return {"key": key, "inputs_hash": inputs_hash, "inputs": [name for name, _ in inputs]}


def _up_to_date(entry: dict | None, key: dict, reports: Path, name: str, root: Path) -> bool:
    if not entry or entry.get("key") != key["key"]:
        return False
    if not all(p.is_file() for p in report_paths(reports, name).values()):
        return False
    return all((root / p).is_file() for p in entry.get("outputs", []))


# ---------------------------------------------------------------------------
# The scheduler
# ---------------------------------------------------------------------------

def _select(matrix: Matrix, only: Iterable[str]) -> list[Run]:
    only = list(only or [])
    if not only:
        return list(matrix.runs)
    return [r for r in matrix.runs
            if any(fnmatch.fnmatchcase(r.notebook, p) or fnmatch.fnmatchcase(r.name, p) for p in only)]


@contextlib.contextmanager
def _lock(path: Path):
    """One `lingyuan run` at a time per project (it owns reports/ and the cache)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise MatrixError(f"{path}: another `python -m lingyuan run` is running in this project; "
                              f"wait for it to finish") from None
        yield


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
        how = f"{result.ename}: {_one_line(result.evalue)}"
    if result.status == "skipped":
        how = result.detail or ""
    print(f"{label:<7} {result.run.name:<40} {result.seconds:6.1f} s  {how}".rstrip(), file=out, flush=True)


def _one_line(text: str | None, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    above the matrix's folder; *reports_dir* to ROOT/reports; *cache_path* to
    ROOT/.cache/runs.json; *package_dir* is the package whose .py files enter every
    key. *only*: fnmatch patterns against notebook or run names; the selected runs
    alone are run (their dependencies are not pulled in: they read whatever data is
    there), in dependency order among themselves. Raises MatrixError for a bad matrix.
    Progress lines go to *out* ("stdout": sys.stdout at call time; None: silent).
    Kernels are forked from a preloaded process (``lingyuan.runner.kernelfork``) unless
    *fresh_kernels*, when each starts as a new interpreter.
    """
    t0 = time.monotonic()
    if out == "stdout":
        out = sys.stdout
    if isinstance(matrix, Matrix):
        mx = matrix
    else:
        mx = None
    root_path = Path(root).resolve() if root is not None else (
        mx.root if mx else Path(matrix).resolve().parent.parent)
    cache_file = Path(cache_path) if cache_path else root_path / CACHE_NAME
    reports = Path(reports_dir).resolve() if reports_dir else root_path / "reports"
    with _lock(cache_file.with_name(cache_file.name + ".lock")):
        cache = _load_cache(cache_file)
        specs_before = json.dumps(cache["notebook_parameters"], sort_keys=True)
        if mx is None:
            mx = load_matrix(matrix, root_path, param_specs=cache["notebook_parameters"])
        if json.dumps(cache["notebook_parameters"], sort_keys=True) != specs_before:
            _save_cache(cache_file, cache)
        selected = _select(mx, only)
        reports.mkdir(parents=True, exist_ok=True)
        for stale in reports.glob(".*.tmp-*"):  # left by a run that was killed with SIGKILL
            with contextlib.suppress(OSError):
                stale.unlink()
        summary = _schedule(mx, selected, cache, cache_file, reports, Path(package_dir),
                            jobs or os.cpu_count() or 1, force, timeout, kernel_name, out,
                            fresh_kernels)
        summary.index = _write_index(mx, cache, summary, reports)
    summary.seconds = time.monotonic() - t0
    return summary


def _schedule(mx: Matrix, selected: list[Run], cache: dict, cache_file: Path, reports: Path,
              package_dir: Path, jobs: int, force: bool, timeout: float, kernel_name: str,
              out: TextIO | None, fresh_kernels: bool = False) -> RunSummary:
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    package = package_hash(package_dir)
    hashes = _FileHashes()
    names = {r.name for r in selected}
    deps = {r.name: [d for d in mx.deps.get(r.name, []) if d in names] for r in selected}
    results: dict[str, RunResult] = {}
    keys: dict[str, dict] = {}
    # longest first (by the last build's duration): with few workers, a long run
    # started last would leave the other workers idle at the end
    last = {r.name: (cache["runs"].get(r.name) or {}).get("seconds", 0.0) for r in selected}
    pending = sorted(selected, key=lambda r: -last[r.name])
    futures: dict = {}
    kernels = _Kernels()
    ctx = _Context(matrix=mx, reports=reports, failed_dir=cache_file.parent / "failed",
                   timeout=timeout, kernel_name=kernel_name, kernels=kernels)
    executor = None
    socket_dir: Path | None = None
    forks = None
    summary = RunSummary(results=[], seconds=0.0)

    def finish(result: RunResult) -> None:
        results[result.run.name] = result
        name = result.run.name
        if result.status == "ran":
            built = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
            cache["runs"][name] = {
                **keys[name], "built_at": built, "seconds": round(result.seconds, 2),
                "notebook": result.run.notebook, "parameters": result.run.parameters,
                "outputs": [_relative(Path(p), mx.root) for p in result.outputs],
                "thumbnails": result.thumbnails,
            }
            cache["failures"].pop(name, None)
            _save_cache(cache_file, cache)
        elif result.status == "failed":
            cache["failures"][name] = {"ename": result.ename, "evalue": _one_line(result.evalue, 400),
                                       "cell": result.cell, "kept": result.detail}
            _save_cache(cache_file, cache)
        _line(out, result)

    with _signals_raise():
        try:
            while pending or futures:
                progressed = False
                for run in list(pending):
                    dep_results = [results.get(d) for d in deps[run.name]]
                    if any(r is not None and not r.ok for r in dep_results):
                        bad = next(r for r in dep_results if r is not None and not r.ok)
                        pending.remove(run)
                        finish(RunResult(run, "skipped", 0.0,
                                         detail=f"{bad.run.name} {'failed' if bad.status == 'failed' else 'did not run'}"))
                        progressed = True
                        continue
                    if any(r is None for r in dep_results):
                        continue
                    pending.remove(run)
                    progressed = True
                    keys[run.name] = key = run_key(run, mx.root, package, hashes)
                    if not force and _up_to_date(cache["runs"].get(run.name), key, reports, run.name, mx.root):
                        finish(RunResult(run, "cached", 0.0))
                        continue
                    if executor is None:
                        _quiet_logs()
                        socket_dir = Path(tempfile.mkdtemp(prefix="lingyuan-kernels-"))
                        if not fresh_kernels and hasattr(os, "fork"):  # POSIX only
                            from lingyuan.runner.kernelfork import ForkServer

                            try:
                                forks = ForkServer()
                            except OSError as exc:  # kernels then start the usual way
                                print(f"note: no preloaded kernels ({exc})", file=sys.stderr)
                        ctx.km_class = _kernel_manager_class(kernels, socket_dir, forks)
                        executor = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="lingyuan-run")
                    futures[executor.submit(_execute, run, ctx)] = run
                if progressed:
                    continue
                if not futures:  # nothing runnable and nothing running: cannot happen without a cycle
                    break
                done, _ = wait(list(futures), timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    futures.pop(future)
                    finish(future.result())
                _watchdog(ctx)
        except KeyboardInterrupt as exc:
            summary.interrupted = True
            summary.signal_name = "SIGTERM" if "SIGTERM" in str(exc) else "SIGINT"
            kernels.cancel.set()
            kernels.kill_all()
            if out is not None:
                print(f"interrupted ({summary.signal_name}): stopping {len(futures)} running "
                      f"notebook(s); previous outputs are kept", file=out, flush=True)
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
                deadline = time.monotonic() + 30
                for future in list(futures):
                    kernels.kill_all()
                    with contextlib.suppress(Exception):
                        result = future.result(timeout=max(0.1, deadline - time.monotonic()))
                        if result.status == "ran":  # it finished just before the interrupt
                            finish(result)
                            continue
                    results[futures[future].name] = RunResult(futures[future], "interrupted")
            # runs that had not started get no result: the index keeps their previous state
        finally:
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
            if forks is not None:
                summary.kernels_forked = forks.forked
                forks.close()
            if socket_dir is not None:
                shutil.rmtree(socket_dir, ignore_errors=True)
    summary.results = [results[r.name] for r in selected if r.name in results]
    summary.not_started = [r for r in selected if r.name not in results]
    return summary


def _watchdog(ctx: _Context) -> None:
    """Kill the kernel of a run that has been running longer than --timeout."""
    if not ctx.timeout or ctx.timeout <= 0:
        return
    now = time.monotonic()
    with ctx.lock:
        overdue = [(ident, name) for ident, (name, start) in ctx.running.items() if now - start > ctx.timeout]
    for ident, name in overdue:
        if name not in ctx.timed_out:
            ctx.timed_out.add(name)
            ctx.kernels.kill_thread(ident)


def _quiet_logs() -> None:
    """No papermill/nbclient chatter: the runner prints one line per run and a summary."""
    import logging

    for name in ("papermill", "traitlets", "nbclient"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _write_index(mx: Matrix, cache: dict, summary: RunSummary, reports: Path) -> Path:
    """reports/index.html: every run of the matrix with its latest known state."""
    from lingyuan.runner import publish as report

    this_time = {r.run.name: r for r in summary.results}
    entries = []
    for run in mx.runs:
        entry = cache["runs"].get(run.name) or {}
        result = this_time.get(run.name)
        failure = cache["failures"].get(run.name)
        files = report_paths(reports, run.name)
        if result is not None and result.status in ("failed", "skipped", "interrupted"):
            status = result.status
        elif failure and not (result and result.ok):
            status = "failed"
        elif entry:
            status = "ok"
        else:
            status = "not built"
        error = None
        if status == "failed":
            src = result if result is not None and result.status == "failed" else None
            if src:
                error = f"cell {src.cell}: {src.ename}: {_one_line(src.evalue, 300)}"
            elif failure:
                error = f"cell {failure.get('cell')}: {failure.get('ename')}: {failure.get('evalue')}"
        elif status == "skipped" and result is not None:
            error = result.detail
        entries.append({
            "name": run.name,
            "notebook": _relative(run.path, mx.root),
            "parameters": run.parameters,
            "status": status,
            "error": error,
            "built_at": entry.get("built_at"),
            "inputs_hash": entry.get("inputs_hash"),
            "inputs": entry.get("inputs", []),
            "links": {kind: path.name for kind, path in files.items() if path.is_file()},
            "thumbnails": entry.get("thumbnails", []),
        })
    report.write_site(reports, entries, root=mx.root)
    return reports / "index.html"


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def run_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m lingyuan run`."""
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="notebooks executed at once (default: the number of CPUs)")
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
    parser.add_argument("--root", default=None, metavar="DIR",
                        help="folder the matrix's relative paths start from (default: the folder "
                             "above the matrix's folder, i.e. the project root)")


def run_command(args: argparse.Namespace) -> int:
    """`python -m lingyuan run`: 0 when every run succeeded, 1 when one failed, 2 for a bad
    matrix, 130/143 when interrupted by SIGINT/SIGTERM."""
    try:
        if args.list:
            return _list(args)
        summary = run_matrix(args.matrix, root=args.root, reports_dir=args.reports, jobs=args.jobs,
                             force=args.force, only=args.only, timeout=args.timeout,
                             fresh_kernels=args.fresh_kernels)
    except MatrixError as exc:
        print(f"{exc}\nlingyuan run: nothing was run", file=sys.stderr)
        return 2
    _print_summary(summary, sys.stdout)
    return summary.exit_code


def _list(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if args.root else Path(args.matrix).resolve().parent.parent
    cache_file = root / CACHE_NAME
    cache = _load_cache(cache_file)
    before = json.dumps(cache["notebook_parameters"], sort_keys=True)
    mx = load_matrix(args.matrix, root, param_specs=cache["notebook_parameters"])
    if json.dumps(cache["notebook_parameters"], sort_keys=True) != before:
        with contextlib.suppress(OSError):
            _save_cache(cache_file, cache)
    reports = Path(args.reports).resolve() if args.reports else root / "reports"
    for run in _select(mx, args.only):
        files = report_paths(reports, run.name)
        row = {"name": run.name, "notebook": _relative(run.path, root), "parameters": run.parameters,
               "output": _relative(files["ipynb"], root), "html": _relative(files["html"], root),
               "reader": _relative(files["reader"], root), "after": mx.deps.get(run.name, []),
               "inputs": list(run.inputs)}
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            params = " ".join(f"{k}={_short(v)}" for k, v in run.parameters.items())
            print(f"{run.name:<40} {row['output']:<45} {params}")
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
        params = ", ".join(f"{k}={_short(v)}" for k, v in r.run.parameters.items())
        cell = f"cell {r.cell}" if r.cell is not None else "before the first cell"
        count = f" (In [{r.exec_count}])" if r.exec_count else ""
        print(f"FAILED {r.run.name}: notebook {_relative(r.run.path, Path.cwd())}, parameters: {params or 'none'}",
              file=out)
        print(f"  {cell}{count}: {r.ename}: {_one_line(r.evalue, 400)}", file=out)
        if r.detail:
            print(f"  the executed notebook with the traceback: {_relative(Path(r.detail), Path.cwd())}", file=out)
    skipped = [r for r in summary.results if r.status == "skipped"]
    if skipped:
        print(f"skipped because a run they depend on failed: {', '.join(r.run.name for r in skipped)}", file=out)
    if summary.index is not None:
        print(f"reports: {_relative(summary.index, Path.cwd())}", file=out)
