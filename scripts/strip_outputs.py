#!/usr/bin/env python3
"""Keep notebook outputs out of commits: a git "clean" filter (set up by `make setup`).

Reads a notebook on standard input and writes it to standard output without outputs,
execution counts and the run records JupyterLab and papermill leave (cell metadata
``execution``, ``ExecuteTime``, ``papermill``, ``collapsed``, ``scrolled``; notebook
metadata ``papermill``, ``widgets``), in the layout nbformat writes (one-space indent,
sorted keys, UTF-8). The working copy keeps its outputs: only what git stores is clean.
Input that is not a notebook passes through unchanged, so a broken file is never lost.

    python3 scripts/strip_outputs.py < notebooks/20_income.ipynb     # what git stores
    python3 scripts/strip_outputs.py --check notebooks/*.ipynb       # exit 1 if any has outputs

Standard library only: git runs it with the system python3, outside the project's
environment.
"""
from __future__ import annotations

import json
import sys

CELL_KEYS = ("execution", "ExecuteTime", "papermill", "collapsed", "scrolled")
NOTEBOOK_KEYS = ("papermill", "widgets")


def strip(nb: dict) -> dict:
    """*nb* without outputs, execution counts and run records (changed in place)."""
    for key in NOTEBOOK_KEYS:
        nb.get("metadata", {}).pop(key, None)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)
    return nb


def dumps(nb: dict) -> str:
    """The notebook as nbformat writes it."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def clean_text(text: str) -> str:
    try:
        nb = json.loads(text)
    except ValueError:
        return text
    if not isinstance(nb, dict) or "cells" not in nb:
        return text
    return dumps(strip(nb))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--check"]:
        dirty = []
        for path in argv[1:]:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if clean_text(text) != text:
                dirty.append(path)
        for path in dirty:
            print(f"{path}: carries outputs or run records; run: python3 scripts/strip_outputs.py "
                  f"< {path} > {path}.clean && mv {path}.clean {path}", file=sys.stderr)
        return 1 if dirty else 0
    text = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout.buffer.write(clean_text(text).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
