"""The expanded run matrix kept between invocations (``matrix.json`` beside the cache
file), so that a build with nothing to do reads no YAML, expands nothing and opens no
notebook: one stat of each file the expansion read decides whether it still holds.

The files: the run matrix, every notebook it names (parameters are checked against
them), ``data/raw/entities.csv`` and ``figures.csv`` (the ``{each: LEVEL}`` axes), and
the source of the code that expands a matrix. Any change (size or time) and the matrix
is read again as ``load_matrix`` reads it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from lingyuan.io import write_text
from lingyuan.runner import basics, notebook
from lingyuan.runner.matrix import ENTITIES_CSV, FIGURES_CSV, LOADER_SOURCE, Matrix, Run, load_matrix

MEMO_KEY = "matrix"
CODE = (Path(__file__), Path(__file__).with_name("matrix.py"), Path(notebook.__file__),
        Path(basics.__file__), LOADER_SOURCE)


def _files(matrix_path: Path, root: Path, notebooks) -> list[Path]:
    return [matrix_path, root / ENTITIES_CSV, root / FIGURES_CSV, *CODE, *sorted(set(notebooks))]


def to_json(mx: Matrix) -> dict:
    return {"path": str(mx.path), "root": str(mx.root), "paths": list(mx.paths), "deps": mx.deps,
            "runs": [{"name": r.name, "notebook": r.notebook, "path": str(r.path), "parameters": list(r.parameters.items()),  # pairs: the cache sorts keys
                      "inputs": list(r.inputs), "after": list(r.after), "outputs": list(r.outputs),
                      "line": r.line} for r in mx.runs]}


def from_json(data: dict) -> Matrix:
    runs = [Run(name=r["name"], notebook=r["notebook"], path=Path(r["path"]), parameters=dict(r["parameters"]),
                inputs=tuple(r["inputs"]), after=tuple(r["after"]), outputs=tuple(r["outputs"]), line=r["line"])
            for r in data["runs"]]
    return Matrix(path=Path(data["path"]), root=Path(data["root"]), runs=runs, paths=tuple(data["paths"]),
                  deps=data["deps"])


def load_matrix_memoised(path: str | os.PathLike, root: Path, memo_file: Path, *,
                         param_specs: dict | None = None, each_memo: dict | None = None) -> Matrix:
    """``load_matrix(path, root)`` (checked), or the matrix *memo_file* keeps when none of
    the files it was made from changed; *memo_file* is rewritten when the matrix was read
    (left as it is when it cannot be: it only saves work)."""
    memo = _read(memo_file)
    matrix_path = Path(path).resolve()
    kept = memo.get(MEMO_KEY)
    if isinstance(kept, dict) and kept.get("where") == [str(matrix_path), str(root)]:
        try:
            mx = from_json(kept["matrix"])
            if kept.get("stamps") == basics.file_stats(_files(matrix_path, root, [r.path for r in mx.runs])):
                return mx
        except (KeyError, TypeError, ValueError):
            pass
    before = basics.file_stats(_files(matrix_path, root, []))
    mx = load_matrix(matrix_path, root, param_specs=param_specs, each_memo=each_memo)
    after = basics.file_stats(_files(matrix_path, root, [r.path for r in mx.runs]))
    if after[:len(before)] == before:  # nothing changed while it was read
        memo[MEMO_KEY] = {"where": [str(matrix_path), str(root)], "matrix": to_json(mx), "stamps": after}
        try:
            write_text(memo_file, json.dumps(memo, ensure_ascii=False) + "\n")
        except OSError:
            pass
    return mx


def _read(memo_file: Path) -> dict:
    try:
        memo = json.loads(memo_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) else {}
