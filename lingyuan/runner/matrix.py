"""The run matrix, ``notebooks/runs.yaml``: read it, expand it into runs, name them,
check their parameters against the notebooks, and order them by their dependencies.

A run matrix is trusted no more than any other input: it may not expand without
bound (YAML aliases are refused, the number of runs and the length of a run name are
capped) and a run name is a file name under ``reports/`` and nothing else (no
separator, no leading dot), whatever the ``name:`` template or the parameter values.
Every problem is reported as ``file:line: message``.

From Python: ``load_matrix(path) -> Matrix``.
"""
from __future__ import annotations

import itertools
import json
import math
import os
import re
import string
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lingyuan import NOTEBOOKS_DIR
from lingyuan.runner.basics import find_cycle, phase, relative, sha, short
from lingyuan.runner.notebook import cells_hash, declared_parameters, notebook_parameters, read_notebook

DEFAULT_MATRIX = NOTEBOOKS_DIR / "runs.yaml"
# where the `{each: LEVEL}` generator finds the entities and the figures
ENTITIES_CSV = Path("data") / "raw" / "entities.csv"
FIGURES_CSV = Path("data") / "raw" / "figures.csv"
# the source of Tables.with_figures (lingyuan.dataset.load), part of the generator's memo key
LOADER_SOURCE = Path(__file__).resolve().parent.parent / "dataset" / "load.py"
# bounds of a run matrix (the project's has 31 runs, names up to 44 characters)
MAX_MATRIX_BYTES = 1_000_000
MAX_RUNS = 2_000
MAX_NAME = 120          # characters of a run name (and at most 200 bytes in UTF-8)
# a run name: a file name, starting with a letter, digit or underscore
_NAME = re.compile(r"\w[\w.\-]*\Z")
ENTRY_KEYS = ("inputs", "after", "parameters", "outputs", "name", "notebook")

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


@dataclass(frozen=True)
class Run:
    """One execution of one notebook with one parameter set."""

    name: str                       # stable, unique, a file name: 20_income.en
    notebook: str                   # notebook name (file stem): 20_income
    path: Path                      # the notebook file
    parameters: dict[str, Any]      # as written in runs.yaml (paths relative to the root)
    inputs: tuple[str, ...]         # globs of the data files it reads, relative to the root
    after: tuple[str, ...]          # notebooks that must have run first
    outputs: tuple[str, ...]        # globs of the files it writes (besides the reports)
    line: int                       # line of the notebook's entry in runs.yaml

    def describe(self) -> str:
        params = ", ".join(f"{k}={short(v)}" for k, v in self.parameters.items())
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


# ---------------------------------------------------------------------------
# Naming
# ---------------------------------------------------------------------------

def _slug(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = "-".join(map(str, value))
    text = re.sub(r"[^\w-]+", "-", str(value)).strip("-")
    return text or "x"


# ---------------------------------------------------------------------------
# Reading the YAML
# ---------------------------------------------------------------------------

class _LineDict(dict):
    """A YAML mapping that remembers the line of each key, for error messages."""

    line = 0
    key_lines: dict = {}


def _yaml_loader():
    import yaml  # ~40 ms; only the runner needs it

    class AliasRefused(yaml.YAMLError):
        def __init__(self, mark, anchor):
            super().__init__(f"alias *{anchor}")
            self.problem_mark, self.anchor = mark, anchor

    class Loader(yaml.SafeLoader):
        """yaml.safe_load without aliases, plus the line number of every mapping and key."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise AliasRefused(event.start_mark, event.anchor)
            return super().compose_node(parent, index)

    def construct_map(loader, node):
        data = _LineDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value
                          if isinstance(k, yaml.ScalarNode)}
        yield data
        data.update(loader.construct_mapping(node))

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    return yaml, Loader, AliasRefused


def _read_doc(path: Path, rel: str) -> dict:
    """The parsed matrix; MatrixError for a missing, oversized or invalid file."""
    if not path.is_file():
        raise MatrixError(f"{rel}: run matrix not found")
    size = path.stat().st_size
    if size > MAX_MATRIX_BYTES:
        raise MatrixError(f"{rel}:1: the run matrix is {size:,} bytes; the limit is {MAX_MATRIX_BYTES:,}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MatrixError(f"{rel}:{line}: column {column}: byte 0x{data[exc.start]:02x} is not UTF-8: "
                          f"save the run matrix as UTF-8") from None
    yaml, Loader, AliasRefused = _yaml_loader()
    try:
        doc = yaml.load(text, Loader=Loader)
    except AliasRefused as exc:
        mark = exc.problem_mark
        raise MatrixError(f"{rel}:{mark.line + 1}: column {mark.column + 1}: YAML alias *{exc.anchor} "
                          f"refused: a run matrix may not use aliases (they can expand without "
                          f"bound); write the values out") from None
    except RecursionError:
        raise MatrixError(f"{rel}:1: the run matrix is nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{mark.line + 1}: column {mark.column + 1}" if mark else "1"
        raise MatrixError(f"{rel}:{at}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("notebooks"), dict):
        raise MatrixError(f"{rel}:1: expected a mapping with a `notebooks:` mapping "
                          f"(notebook name -> inputs, after, parameters)")
    return doc


# ---------------------------------------------------------------------------
# {each: LEVEL}: the entities with figures
# ---------------------------------------------------------------------------

def entities_with_figures(root: Path, level: str, memo: dict | None = None) -> list[str]:
    """Ids of the entities of *level* with at least one figure about them or a body inside
    them, in entities.csv order: ``lingyuan.dataset.Tables.with_figures`` on the raw
    ``entities.csv`` and ``figures.csv`` (read as text).

    Used by the ``{each: LEVEL}`` generator, e.g. ``village: {each: village}``. *memo*
    maps a hash of the two files, the level and the loader's source to the answer, so
    an unchanged transcription costs no pandas import.
    """
    entities, figures = root / ENTITIES_CSV, root / FIGURES_CSV
    for path in (entities, figures):
        if not path.is_file():
            raise FileNotFoundError(f"{path}: not found (needed by {{each: {level}}})")
    loader_src = LOADER_SOURCE
    digest = sha(b"\0".join([level.encode(), entities.read_bytes(), figures.read_bytes(),
                              loader_src.read_bytes() if loader_src.is_file() else b""]))
    if memo is not None and isinstance(memo.get(digest), list):
        return list(memo[digest])
    ids = _with_figures(entities, figures, level)
    if memo is not None:
        memo.clear()  # one transcription at a time: the memo stays small
        memo[digest] = ids
    return ids


def _with_figures(entities: Path, figures: Path, level: str) -> list[str]:
    import pandas as pd

    from lingyuan.dataset import Tables

    def read(path: Path) -> pd.DataFrame:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")

    ents, figs = read(entities), read(figures)
    for frame, path, columns in ((ents, entities, ("entity_id", "level", "parent_id")),
                                 (figs, figures, ("entity_id",))):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise FileNotFoundError(f"{path}: no column {', '.join(missing)} (needed by {{each: {level}}})")
    return [str(e) for e in Tables(figures=figs, entities=ents).with_figures(level)]


# ---------------------------------------------------------------------------
# Expanding parameters and naming runs
# ---------------------------------------------------------------------------

@dataclass
class _Expansion:
    """What the expansion of the matrix needs along the way."""

    root: Path
    errors: list[str]
    count: int = 0                  # runs expanded so far (bounded by MAX_RUNS)
    each_memo: dict | None = None
    defaults: dict = field(default_factory=dict)        # the `defaults:` parameters
    defaults_used: set = field(default_factory=set)     # those a notebook declares


def _expand(spec: dict, where: str, ex: _Expansion) -> tuple[list[dict], list[str]]:
    """Expand one parameter spec (a product) into parameter sets; also return its axes.

    A list is an axis (one run per item); ``{each: LEVEL}`` is an axis of entity ids;
    ``{value: X}`` is a literal (for list-typed parameters); anything else is fixed.
    """
    axes: list[tuple[str, list]] = []
    fixed: dict[str, Any] = {}
    for key, value in spec.items():
        if isinstance(value, list):
            if not value:
                ex.errors.append(f"{where}: parameter {key!r}: empty list (no run); "
                                 f"write {{value: []}} for an empty list value")
            axes.append((key, value))
        elif isinstance(value, dict) and set(value) == {"each"}:
            try:
                axes.append((key, entities_with_figures(ex.root, str(value["each"]), ex.each_memo)))
            except FileNotFoundError as exc:
                ex.errors.append(f"{where}: parameter {key!r}: {exc}")
                axes.append((key, []))
        elif isinstance(value, dict) and set(value) == {"value"}:
            fixed[key] = value["value"]
        elif isinstance(value, dict):
            ex.errors.append(f"{where}: parameter {key!r}: a mapping must be {{each: LEVEL}} "
                             f"or {{value: X}}, not {dict(value)!r}")
        else:
            fixed[key] = value
    size = math.prod(len(vals) for _, vals in axes)
    if ex.count + size > MAX_RUNS:
        ex.errors.append(f"{where}: these parameters expand to {size:,} runs; a matrix may have "
                         f"at most {MAX_RUNS:,} runs in all")
        return [], []
    ex.count += size
    axis_names = [k for k, _ in axes]
    sets = []
    for combo in itertools.product(*(vals for _, vals in axes)):
        chosen = dict(zip(axis_names, combo))
        # keep the order in which the parameters are written
        sets.append({k: fixed[k] if k in fixed else chosen[k] for k in spec if k in fixed or k in chosen})
    return sets, axis_names


def name_problem(name: str) -> str | None:
    """Why *name* cannot be a run name (a file name under reports/), or None."""
    if not _NAME.match(name):
        return ("a run name is a file name: letters, digits, _, - and . only, "
                "starting with a letter, digit or _ (no / and no leading .)")
    if len(name) > MAX_NAME or len(name.encode("utf-8")) > 200:
        return f"a run name may have at most {MAX_NAME} characters (200 bytes)"
    return None


def _template_problem(template: str) -> str | None:
    """Why a `name:` template is refused: only plain ``{parameter}`` fields are allowed."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        return str(exc)
    for _, field_name, spec, conversion in parts:
        if field_name is None:
            continue
        if not field_name.isidentifier() or spec or conversion:
            return (f"field {{{field_name}{'!' + conversion if conversion else ''}"
                    f"{':' + spec if spec else ''}}}: only plain {{parameter}} fields are allowed (refused)")
    return None


def _run_names(entry: dict, nb_name: str, sets: list[dict], named_keys: list[str],
               where: str, errors: list[str]) -> list[str | None]:
    """The name of each parameter set's run (None where the name is refused)."""
    template = entry.get("name")
    if template is not None and (not isinstance(template, str) or _template_problem(template)):
        problem = _template_problem(template) if isinstance(template, str) else "must be a string"
        errors.append(f"{where}: name template {template!r}: {problem}")
        return [None] * len(sets)
    names: list[str | None] = []
    for params in sets:
        if template:
            try:
                name = template.format(notebook=nb_name, **{k: _slug(v) for k, v in params.items()})
            except (KeyError, IndexError, ValueError) as exc:
                errors.append(f"{where}: name template {template!r}: {exc!r}")
                return [None] * len(sets)
        else:
            name = ".".join([nb_name] + [_slug(params[k]) for k in named_keys if k in params])
        problem = name_problem(name)
        if problem:
            errors.append(f"{where}: run name {name[:MAX_NAME]!r}{'…' if len(name) > MAX_NAME else ''} "
                          f"refused: {problem}")
            return [None] * len(sets)
        names.append(name)
    return names


def _output_patterns(patterns: tuple[str, ...], params: dict, where: str, errors: list[str]) -> tuple[str, ...]:
    out = []
    for pattern in patterns:
        try:
            out.append(pattern.format(**{k: _slug(v) for k, v in params.items()}))
        except (KeyError, IndexError, ValueError) as exc:
            errors.append(f"{where}: outputs pattern {pattern!r}: {exc!r}")
    return tuple(out)


# ---------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------

def _entry_lists(entry: dict, where: str, known: set, errors: list[str]) -> dict[str, tuple[str, ...]]:
    """The `inputs`, `after` and `outputs` lists of one notebook entry, checked."""
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
            errors.append(f"{where}: after: unknown notebook {dep!r} (known: {', '.join(sorted(known))})")
    for pattern in lists["outputs"]:
        parts = PurePosixPath(pattern).parts
        if os.path.isabs(pattern) or ".." in parts or "\\" in pattern:
            errors.append(f"{where}: outputs pattern {pattern!r}: must be a path inside the project "
                          f"(relative, no ..): a failed run restores and removes what it matches")
    lists["outputs"] = tuple(p for p in lists["outputs"]
                             if not (os.path.isabs(p) or ".." in PurePosixPath(p).parts or "\\" in p))
    lists["after"] = tuple(d for d in lists["after"] if d in known)
    return lists


def _with_defaults(one: dict, declared: set, ex: _Expansion) -> dict:
    """*one* (a parameter spec) with the `defaults:` parameters the notebook declares and
    *one* does not set, those first (in the order of `defaults:`)."""
    ex.defaults_used.update(k for k in ex.defaults if k in declared)
    added = {k: v for k, v in ex.defaults.items() if k in declared and k not in one}
    if not added:
        return one
    merged = _LineDict({**added, **one})
    merged.line, merged.key_lines = getattr(one, "line", 0), getattr(one, "key_lines", {})
    return merged


def _parameter_sets(entry: dict, nb_name: str, where: str, rel: str, line: int,
                    ex: _Expansion, declared: set) -> tuple[list[dict], list[str]]:
    """The parameter sets of one notebook and the keys that name its runs."""
    spec = entry.get("parameters")
    specs = spec if isinstance(spec, list) else [spec if spec is not None else {}]
    sets: list[dict] = []
    named_keys: list[str] = []
    for i, one in enumerate(specs):
        if not isinstance(one, dict):
            ex.errors.append(f"{where}: parameters[{i}] must be a mapping of parameter -> value(s)")
            continue
        expanded, axes = _expand(_with_defaults(one, declared, ex),
                                 f"{rel}:{getattr(one, 'line', line)}: {nb_name}", ex)
        sets += expanded
        named_keys += [a for a in axes if a not in named_keys]
    if len(specs) > 1:  # a list of sets: the keys whose values differ name the runs
        for key in dict.fromkeys(k for s in sets for k in s):
            if len({json.dumps(s.get(key), sort_keys=True) for s in sets}) > 1 and key not in named_keys:
                named_keys.append(key)
    return sets, named_keys


def _notebook_runs(path: Path, root: Path, rel: str, nb_name: str, entry: Any, line: int,
                   known: set, ex: _Expansion) -> tuple[list[Run], tuple[str, ...]]:
    """The runs of one notebook entry, and the notebooks it runs after."""
    errors = ex.errors
    where = f"{rel}:{line}: {nb_name}"
    entry = entry if entry is not None else _LineDict()
    if not isinstance(entry, dict):
        errors.append(f"{where}: expected a mapping (inputs, after, parameters, outputs, name)")
        return [], ()
    problem = name_problem(str(nb_name))
    if problem:
        errors.append(f"{where}: notebook name refused: {problem}")
        return [], ()
    unknown_keys = set(entry) - set(ENTRY_KEYS)
    if unknown_keys:
        errors.append(f"{where}: unknown keys {sorted(unknown_keys)}; allowed: {', '.join(ENTRY_KEYS)}")
    nb_file = path.parent / str(entry.get("notebook", f"{nb_name}.ipynb"))
    if not nb_file.is_file():
        errors.append(f"{where}: unknown notebook: {relative(nb_file, root)} does not exist")
    lists = _entry_lists(entry, where, known, errors)
    sets, named_keys = _parameter_sets(entry, nb_name, where, rel, line, ex, _declared(nb_file, ex))
    runs = []
    for params, name in zip(sets, _run_names(entry, nb_name, sets, named_keys, where, errors)):
        if name is None:
            continue
        runs.append(Run(name=name, notebook=nb_name, path=nb_file, parameters=params,
                        inputs=lists["inputs"], after=lists["after"],
                        outputs=_output_patterns(lists["outputs"], params, where, errors), line=line))
    return runs, lists["after"]


def _declared(nb_file: Path, ex: _Expansion) -> set:
    """The parameters the notebook declares, when `defaults:` may give it some."""
    if not ex.defaults or not nb_file.is_file():
        return set()
    try:
        return set(declared_parameters(read_notebook(nb_file)))
    except (OSError, ValueError):
        return set()


def _read_defaults(doc: dict, rel: str, errors: list[str]) -> dict:
    defaults = doc.get("defaults") or {}
    if not isinstance(defaults, dict):
        errors.append(f"{rel}:{doc.key_lines.get('defaults', 1)}: `defaults` must be a mapping of "
                      f"parameter -> value(s)")
        return {}
    return defaults


def _duplicate_names(runs: list[Run], rel: str) -> list[str]:
    errors, seen = [], {}
    for run in runs:
        other = seen.get(run.name.casefold())  # one file once the site is on macOS or Windows
        if other is not None:
            named = (f"two runs are named {run.name!r}" if other.name == run.name else
                     f"two runs are named {other.name!r} and {run.name!r}, one file where case is not told apart")
            errors.append(f"{rel}:{run.line}: {run.notebook}: {named} "
                          f"({other.describe()} and {run.describe()}); "
                          f"give the notebook a `name:` template such as \"{{notebook}}.{{lang}}\"")
        seen[run.name.casefold()] = run
    return errors


def _paths_outside(runs: list[Run], paths: list, root: Path, rel: str) -> list[str]:
    """A path parameter (figures_dir, output_dir ...) must stay inside the project, like the
    outputs a failed run restores: nothing a run writes may land outside."""
    errors = []
    for run in runs:
        for key in map(str, paths):
            value = run.parameters.get(key)
            if not isinstance(value, str):
                continue
            target = Path(value).expanduser()
            target = Path(os.path.normpath(target if target.is_absolute() else root / target))
            problem = f"{rel}:{run.line}: {run.notebook}: {key}={value!r} leaves the project"
            if not target.is_relative_to(root) and problem not in errors:
                errors.append(f"{problem}: a path parameter must be a folder inside it (relative, no ..)")
    return errors


@phase("run matrix")
def load_matrix(path: str | os.PathLike = DEFAULT_MATRIX, root: str | os.PathLike | None = None,
                *, check: bool = True, param_specs: dict | None = None,
                each_memo: dict | None = None) -> Matrix:
    """Read and expand the run matrix; raise MatrixError listing every problem.

    *root* (default: the folder above the one holding the matrix, i.e. the project
    root for notebooks/runs.yaml) is where relative paths are taken from. With
    *check*, parameters are checked against the notebooks' annotated parameters;
    *param_specs* is a cache {cells hash: {name: type}} read and filled in place,
    *each_memo* one for the ``{each: LEVEL}`` generator.
    """
    path = Path(path).resolve()
    root = Path(root).resolve() if root is not None else path.parent.parent
    rel = relative(path, Path.cwd())
    doc = _read_doc(path, rel)
    ex = _Expansion(root=root, errors=[], each_memo=each_memo)
    ex.defaults = _read_defaults(doc, rel, ex.errors)
    paths = doc.get("paths") or []
    if not isinstance(paths, list):
        ex.errors.append(f"{rel}:{doc.key_lines.get('paths', 1)}: `paths` must be a list of parameter names")
        paths = []
    notebooks: dict = doc["notebooks"]
    runs: list[Run] = []
    after_of: dict[str, list[str]] = {}
    for nb_name, entry in notebooks.items():
        line = notebooks.key_lines.get(nb_name, 1)
        nb_runs, after = _notebook_runs(path, root, rel, str(nb_name), entry, line, set(notebooks), ex)
        runs += nb_runs
        after_of[nb_name] = list(after)
    for key in ex.defaults:
        if key not in ex.defaults_used:
            ex.errors.append(f"{rel}:{ex.defaults.key_lines.get(key, 1)}: defaults: parameter {key!r} is "
                             f"declared by no notebook of the matrix (no `parameters` cell assigns it)")
    ex.errors += _duplicate_names(runs, rel) + _paths_outside(runs, paths, root, rel)
    cycle = find_cycle(after_of)
    if cycle:
        ex.errors.append(f"{rel}:{notebooks.key_lines.get(cycle[0], 1)}: dependency cycle: "
                         + " -> ".join(cycle + [cycle[0]]))
    if ex.errors:
        raise MatrixError("\n".join(ex.errors))
    matrix = Matrix(path=path, root=root, runs=runs, paths=tuple(map(str, paths)))
    by_notebook: dict[str, list[str]] = {}
    for run in runs:
        by_notebook.setdefault(run.notebook, []).append(run.name)
    matrix.deps = {r.name: [n for dep in r.after for n in by_notebook.get(dep, [])] for r in runs}
    if check:
        check_parameters(matrix, param_specs)
    return matrix


# ---------------------------------------------------------------------------
# Notebook parameters
# ---------------------------------------------------------------------------

def check_parameters(matrix: Matrix, specs: dict | None = None) -> None:
    """Raise MatrixError unless every run's parameters exist in its notebook with the declared type.

    *specs* caches {cells hash: {name: type}}, so unchanged notebooks are not
    re-inspected (which would import papermill).
    """
    specs = {} if specs is None else specs
    errors: list[str] = []
    rel = relative(matrix.path, Path.cwd())
    declared: dict[Path, dict[str, str]] = {}
    for run in matrix.runs:
        if run.path not in declared:
            digest = cells_hash(read_notebook(run.path))
            if not isinstance(specs.get(digest), dict):
                specs[digest] = notebook_parameters(run.path)
            declared[run.path] = specs[digest]
        params = declared[run.path]
        for key, value in run.parameters.items():
            if key not in params:
                errors.append(f"{rel}:{run.line}: run {run.name}: {relative(run.path, matrix.root)} "
                              f"has no parameter {key!r} (its parameters: {', '.join(params) or 'none'})")
                continue
            accepted = _TYPES.get(str(params[key]).split("[")[0].strip().lower())
            if accepted is None:  # no annotation, or one we do not interpret
                continue
            if isinstance(value, bool) and bool not in accepted or not isinstance(value, accepted):
                errors.append(f"{rel}:{run.line}: run {run.name}: parameter {key}={short(value)} is "
                              f"{type(value).__name__}, the notebook declares {params[key]}")
    if errors:
        raise MatrixError("\n".join(errors))
