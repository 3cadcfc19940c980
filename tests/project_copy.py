"""A copy of the project (package, notebooks, raw data) in a test's folder, and its runs:
for the tests that change the data and rebuild the reports the way ``make report`` does
(test_mutation.py; the session's real site of conftest.py, which test_browser.py and
test_browser_site.py share).

Such a build takes minutes, so it starts in the background as soon as the session knows it
has a test that reads it (conftest.py, after collection), and the test waits for it: the
build runs beside the other tests instead of after them. Under pytest-xdist the workers
share one build of each kind: the first to ask starts it, in the run's common temporary
folder; ``python tests/project_copy.py PREPARE ROOT`` is that build (see :func:`main`).
"""
from __future__ import annotations

import csv
import fcntl
import importlib
import os
import shutil
import subprocess
import sys
import time
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


def prepare_real_site(root: Path) -> list[str]:
    """The session's real site: the project copied under *root*, three villages' English
    names made hostile; its runs are REAL_SITE_RUNS."""
    copy_project(root)
    rewrite_csv(root / "data" / "raw" / "entities.csv", make_hostile)
    return REAL_SITE_RUNS


def recorded_outputs(root: Path) -> dict[str, list[Path]]:
    """The files each run of the build at *root* wrote, as the runner recorded them
    (.cache/runs.json): run name -> paths."""
    import json

    runs = json.loads((root / ".cache" / "runs.json").read_text(encoding="utf-8"))["runs"]
    return {name: [root / p for p in entry.get("outputs", {})] for name, entry in runs.items()}


# --- builds in the background, one of each kind per test run ----------------------------------

#: the builds a test can wait for: name -> ("module:function" preparing the copy at ROOT and
#: returning its runs, the module one of tests/; the fixture whose tests read the build)
BUILDS = {"real-site": ("project_copy:prepare_real_site", "real_project"),
          "mutated": ("test_mutation:prepare", "rebuilt")}
_STARTED: list[subprocess.Popen] = []


def shared_base(tmp_path_factory) -> Path:
    """The run's temporary folder all xdist workers share (pytest-N/, above popen-gwK/)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder *name* that ``make(folder)`` fills, made once per test run and shared by
    the xdist workers (the first makes it under a lock, the others wait and read it): for
    fixtures that build something every test only reads."""
    base = shared_base(tmp_path_factory)
    root, done = base / name, base / f"{name}.made"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if root.exists():  # made in vain before: start again
                shutil.rmtree(root)
            root.mkdir()
            make(root)
            done.touch()
    return root


def start_build(base: Path, name: str) -> Path:
    """Start the build *name* of BUILDS in the background under *base*, unless a worker
    already did; returns the folder it builds."""
    root = base / name
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / f"{name}.started").exists():
            log = open(base / f"{name}.log", "wb")
            _STARTED.append(subprocess.Popen([sys.executable, __file__, BUILDS[name][0], str(root)], cwd=base,
                                             stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT))
            log.close()
            (base / f"{name}.started").touch()
    return root


def wait_build(base: Path, name: str, timeout: float = 1500) -> Path:
    """The folder of the build *name* once it has succeeded (started here if no one has);
    fails the test with the end of the build's log when it failed."""
    root = start_build(base, name)
    deadline = time.monotonic() + timeout
    while not (base / f"{name}.built").exists():
        if (base / f"{name}.failed").exists() or time.monotonic() > deadline:
            log = (base / f"{name}.log").read_text(encoding="utf-8", errors="replace")
            raise AssertionError(f"the build {name} failed or took over {timeout:.0f} s:\n{log[-4000:]}")
        time.sleep(0.5)
    return root


def reap_builds() -> None:
    """Wait for the builds this process started (at the end of its session)."""
    for proc in _STARTED:
        proc.wait()


def share_fonts(root: Path) -> None:
    """The copy at *root* keeps its pages' font subsets in FONTS beside it, shared by the
    session's builds (the runner cuts each set once, whichever build needs it first; about
    0.7 s a set, a third of a cold build's time), seeded with the project's own when it has
    built its reports."""
    shared = root.parent / FONTS
    shared.mkdir(exist_ok=True)
    own = PROJECT_ROOT / ".cache" / "fonts"
    for kept in own.glob("*.woff2") if own.is_dir() else ():
        if not (shared / kept.name).exists():
            shutil.copy(kept, shared / kept.name)
    (root / ".cache").mkdir(parents=True, exist_ok=True)
    (root / ".cache" / "fonts").symlink_to(shared, target_is_directory=True)


#: the folder beside the session's builds that holds their font subsets
FONTS = "fonts"


def main(prepare: str, root: Path) -> int:
    """Prepare the copy at *root* with *prepare* ("module:function"), build its runs, and
    leave ROOT.built (or ROOT.failed) beside it."""
    module, function = prepare.split(":")
    try:
        runs = getattr(importlib.import_module(module), function)(root)
        share_fonts(root)
        build(root, runs)
    except BaseException:
        root.with_name(root.name + ".failed").touch()
        raise
    root.with_name(root.name + ".built").touch()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
