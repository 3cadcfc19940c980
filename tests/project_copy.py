"""A copy of the project (package, notebooks, raw data) in a test's folder, and its runs:
for the tests that change the data and rebuild the reports the way ``make report`` does
(test_mutation.py, test_browser_site.py)."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from lingyuan import DATA_RAW, NOTEBOOKS_DIR, PROJECT_ROOT


def copy_project(root: Path) -> Path:
    """The package, the notebooks, data/raw and pyproject.toml copied under *root*."""
    ignore = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    shutil.copytree(PROJECT_ROOT / "lingyuan", root / "lingyuan", ignore=ignore)
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks", ignore=ignore)
    shutil.copytree(DATA_RAW, root / "data" / "raw")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def lingyuan(root: Path, *args: str, timeout: int = 1500, check: bool = False) -> subprocess.CompletedProcess:
    """``python -m lingyuan ARGS`` in the copy at *root* (its own package first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-m", "lingyuan", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=timeout, check=check)


def rewrite_csv(path: Path, change) -> None:
    """Rewrite the CSV file *path*, each row (a dict) passed to *change* first."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        columns = list(rows[0])
    for row in rows:
        change(row)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
