"""Reading notebooks without executing them, for the run matrix and the executor: the
notebook as JSON, the hash of what executes, the parameters it declares, and the
papermill engine (imported only when a notebook must be inspected or run).
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from lingyuan.runner.basics import sha


def import_papermill():
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


def read_notebook(path: Path) -> dict:
    """The notebook as plain JSON (no nbformat import: it costs ~1.4 s)."""
    return json.loads(path.read_text(encoding="utf-8"))


def cells_hash(nb: dict) -> str:
    """Hash of what executes: each cell's type, source and tags (not outputs, not metadata)."""
    cells = [[c.get("cell_type"),
              "".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", ""),
              sorted(c.get("metadata", {}).get("tags", []))]
             for c in nb.get("cells", [])]
    return sha(json.dumps(cells, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def declared_parameters(nb: dict) -> list[str]:
    """The names the notebook's cell tagged ``parameters`` assigns, in order (read with
    ``ast``, nothing run; none when there is no such cell or it is not plain Python)."""
    for cell in nb.get("cells", []):
        if "parameters" not in (cell.get("metadata", {}).get("tags") or []):
            continue
        source = cell.get("source", "")
        try:
            tree = ast.parse("".join(source) if isinstance(source, list) else source)
        except SyntaxError:
            return []
        names = []
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AnnAssign) else [])
            names += [t.id for t in targets if isinstance(t, ast.Name) and t.id not in names]
        return names
    return []


def notebook_parameters(path: Path) -> dict[str, str]:
    """{name: inferred type name} of the notebook's `parameters` cell, via papermill."""
    papermill = import_papermill()  # slow import: only when a notebook changed
    return {name: info["inferred_type_name"] for name, info in papermill.inspect_notebook(str(path)).items()}
