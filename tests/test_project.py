"""Project-wide promises: committed notebooks are clean and parameterised, and the
repository speaks of itself alone (no paths of one machine)."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from lingyuan import NOTEBOOKS_DIR, PROJECT_ROOT

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
# a parameter line: `name: type = default  # comment`
PARAM_LINE = re.compile(r"^(\w+)\s*:\s*(\w+)\s*=\s*.+?\s+#\s*\S")


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb file"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts; strip them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_holds_annotated_parameters(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and "parameters" in code[0].get("metadata", {}).get("tags", []), (
        f"{path.name}: the first code cell must be tagged 'parameters'")
    lines = [ln for ln in "".join(code[0]["source"]).splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert lines, f"{path.name}: the parameters cell is empty"
    for line in lines:
        assert PARAM_LINE.match(line), (
            f"{path.name}: parameter line {line!r} needs `name: type = default  # comment`")


def _tracked_text_files():
    out = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("not a git checkout: cannot list the tracked files")
    for name in out.stdout.splitlines():
        path = PROJECT_ROOT / name
        if path.suffix in {".png", ".pdf"} or not path.is_file():
            continue
        yield name, path.read_text(encoding="utf-8", errors="replace")


# written in pieces so that this file does not match itself
_MACHINE_PATH = re.compile("|".join(f"/{r}/" for r in ["root", r"home/\w+", "work", "Users"]))


def _machine_path(text: str) -> str | None:
    """The first path of one machine in *text*, or None; a web address whose path happens to
    hold such a folder (``https://example.org/home/book/1.html``, a corpus text's source) is none."""
    for m in _MACHINE_PATH.finditer(text):
        token = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
        if "://" not in token:
            return m.group(0)
    return None


def test_machine_paths_are_found_and_web_addresses_are_not():
    assert _machine_path("built in /ho" + "me/alice/project") == "/ho" + "me/alice/"
    assert _machine_path("see https://example.org/ho" + "me/book/info/1.html") is None
    assert _machine_path("https://example.org/ho" + "me/book/1.html and /ro" + "ot/x") == "/ro" + "ot/"


def test_no_paths_of_this_machine_in_tracked_files():
    hits = [f"{name}: {path}" for name, text in _tracked_text_files()
            for path in [_machine_path(text)] if path]
    assert not hits, "paths of one machine in tracked files:\n" + "\n".join(hits)


def test_readme_images_and_commands_exist():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for cmd in ("make report", "make test", "jupyter lab"):
        assert cmd in readme, f"README does not mention {cmd!r}"
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert images, "README shows no picture"
    missing = [i for i in images if not (PROJECT_ROOT / i).is_file()]
    assert not missing, f"README images missing: {missing}"
