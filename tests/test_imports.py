"""The shape of the package, read from its source with ``ast`` (nothing is imported):
no import circles, the wings in their order, no private name used across modules, no
module too long to read. Run by ``make lint`` as well as by the suite.

Every import counts, also those inside functions (a lazy import still closes a circle).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lingyuan import PROJECT_ROOT
from lingyuan.runner.basics import find_cycle

PACKAGE = PROJECT_ROOT / "lingyuan"
MAX_LINES = 600

# Each wing may import the wings listed after it, never one before it. The runner stands
# above the analysis: the site it publishes holds the analysis' data page and workbook;
# the analysis never imports the runner. "base" is the package's own top-level modules
# (paths, atomic files, the font), below every wing.
WINGS = {
    "main": {"main", "runner", "analysis", "dataset", "quantities", "base"},
    "runner": {"runner", "analysis", "dataset", "quantities", "base"},
    "analysis": {"analysis", "dataset", "quantities", "base"},
    "dataset": {"dataset", "quantities", "base"},
    "quantities": {"quantities", "base"},
    "base": {"base"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def wing(module: str) -> str:
    parts = module.split(".")
    if module == "lingyuan.__main__":
        return "main"
    if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return "base"


def is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def imports(module: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import of *module*."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package
                package = module.split(".") if is_package(module) else module.split(".")[:-1]
                package = package[:len(package) - node.level + 1]
                base = ".".join(package + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                # `from pkg import submodule` imports the submodule
                found.append((sub, None, node.lineno) if sub in MODULES else (base, alias.name, node.lineno))
    return [(m, n, line) for m, n, line in found if m == "lingyuan" or m.startswith("lingyuan.")]


GRAPH = {m: sorted({target for target, _, _ in imports(m) if target in MODULES and target != m})
         for m in MODULES}


def test_the_checker_sees_imports_and_a_circle():
    assert "lingyuan.runner.matrix" in GRAPH["lingyuan.runner.cache"]
    assert "lingyuan.dataset" in GRAPH["lingyuan.analysis.profile"]
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c"]
    assert find_cycle({"a": ["b"], "b": []}) is None
    assert wing("lingyuan.io") == "base" and wing("lingyuan.dataset") == "dataset"
    assert wing("lingyuan.runner.cache") == "runner"


def test_no_module_imports_one_that_imports_it_back():
    # a package's __init__ importing its own modules is how a package exposes them,
    # not a circle: leave those edges out, keep every other import
    graph = {m: [t for t in targets if not (is_package(m) and t.startswith(m + "."))]
             for m, targets in GRAPH.items()}
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle + cycle[:1])


def test_the_wings_import_only_downwards():
    wrong = [f"{MODULES[m].relative_to(PROJECT_ROOT)}:{line}: {wing(m)} imports {target} ({wing(target)})"
             for m in MODULES for target, _, line in imports(m)
             if target in MODULES and wing(target) not in WINGS[wing(m)]]
    assert not wrong, "\n".join(wrong)


def private_uses(module: str) -> list[str]:
    """Underscore names *module* takes from another module: imported by name, or read as
    an attribute of a module it imported."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    where = MODULES[module].relative_to(PROJECT_ROOT)
    found = []
    aliases: dict[str, str] = {}
    for target, name, line in imports(module):
        if name is not None and name.startswith("_") and not name.startswith("__") and target != module:
            found.append(f"{where}:{line}: imports {target}.{name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    aliases[a.asname] = a.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                if f"{node.module}.{a.name}" in MODULES:
                    aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and node.attr.startswith("_") and not node.attr.startswith("__")
                and aliases[node.value.id] != module):
            found.append(f"{where}:{node.lineno}: uses {aliases[node.value.id]}.{node.attr}")
    return found


def test_no_private_name_is_used_across_modules():
    found = [problem for m in MODULES for problem in private_uses(m)]
    assert not found, "\n".join(found)


def test_runner_exports_only_public_names():
    tree = ast.parse(MODULES["lingyuan.runner"].read_text(encoding="utf-8"))
    names = [a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for a in node.names]
    assert names and not [n for n in names if n.startswith("_")]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_the_length_limit(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(PROJECT_ROOT)}: {lines} lines (limit {MAX_LINES})"
