"""A copy of the project (package, notebooks, raw data) in a test's folder, and its runs:
for the tests that change the data and rebuild the reports the way ``make report`` does
(test_mutation.py; the session's real site of conftest.py, which test_browser.py and
test_browser_site.py share)."""
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


#: one run of each topic in each language and one village profile: the real site in small,
#: what test_mutation builds
SITE_RUNS = ["00_tidy_dataset", "10_*", "20_*", "30_*", "40_*", "50_village_profile.*.erangou"]

#: three villages whose English names the shared real site makes hostile (an iframe, a
#: Markdown link to javascript:, a meta refresh): each must show as text and run nothing
HOSTILE = {
    "dadianzi": 'Dadianzi<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
    "gezhangzi": "[click me](javascript:alert(2)) *Gezhangzi* </style>",
    "hezhangzi": '<meta http-equiv="refresh" content="0;url=javascript:alert(3)">Hezhangzi',
}
#: the villages whose profiles the shared real site has
VILLAGES = ["erangou", "beifangshen", *HOSTILE]
REAL_SITE_RUNS = SITE_RUNS[:-1] + [f"50_village_profile.*.{v}" for v in VILLAGES]


def make_hostile(row: dict) -> None:
    """A row of entities.csv with its English name made hostile when it is one of HOSTILE."""
    if row["entity_id"] in HOSTILE:
        row["name_en"] = HOSTILE[row["entity_id"]]


def build(root: Path, runs, timeout: int = 1500) -> Path:
    """``python -m lingyuan run --only RUN ...`` in the copy at *root*, which must succeed;
    returns *root*."""
    out = lingyuan(root, "run", *[a for p in runs for a in ("--only", p)], timeout=timeout)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
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
