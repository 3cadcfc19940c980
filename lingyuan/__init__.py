"""Lingyuan figures: the figures of a Lingyuan (凌源市, Liaoning) newspaper page on
poverty alleviation (September 2019) as tidy, documented data, charts and notebooks.

Paths below are the defaults every module and notebook uses; all of them can be
overridden by parameters. They start from the project the work happens in
(:func:`find_project_root`), not from where the package is installed, so one
environment can serve several checkouts.
"""
import os
from pathlib import Path

__version__ = "0.1.0"

#: The languages of every report, chart, table and page: Chinese first (the data's own).
LANGS = ("zh", "en")

#: The environment variable that names the project root; it wins over every other clue.
PROJECT_VARIABLE = "LINGYUAN_PROJECT"
_PACKAGE_NAME = "lingyuan"


def _is_project(folder: Path) -> bool:
    """Whether *folder* is a checkout of this project: it holds notebooks/runs.yaml, or a
    pyproject.toml whose project is named lingyuan."""
    if (folder / "notebooks" / "runs.yaml").is_file():
        return True
    try:
        import tomllib

        with open(folder / "pyproject.toml", "rb") as f:
            return tomllib.load(f).get("project", {}).get("name") == _PACKAGE_NAME
    except (OSError, ValueError):
        return False


def find_project_root(start: str | os.PathLike | None = None) -> Path:
    """The project the work happens in, first match wins: the folder named by the
    environment variable LINGYUAN_PROJECT; the nearest folder upward from *start* (default:
    the working directory, which is the notebook's folder in JupyterLab) that is a checkout
    of this project; the folder above this package when that is a checkout (an editable
    install); else the working directory."""
    named = os.environ.get(PROJECT_VARIABLE)
    if named:
        return Path(named).expanduser().resolve()
    here = Path(start if start is not None else os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if _is_project(folder):
            return folder
    package_parent = Path(__file__).resolve().parent.parent
    return package_parent if _is_project(package_parent) else here


PROJECT_ROOT = find_project_root()
DATA_RAW = PROJECT_ROOT / "data" / "raw"
DATA_PROCESSED = PROJECT_ROOT / "data" / "processed"
FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
# The article lives outside the project (it is not ours); tests and check-source
# look for it beside the project unless the environment variable LINGYUAN_ARTICLE
# names the file.
DEFAULT_ARTICLE = Path(
    os.environ.get("LINGYUAN_ARTICLE")
    or PROJECT_ROOT.parent / "shared" / "source" / "000_09cc10e4ea979b88.txt"
)


def resolve_path(path: str | os.PathLike) -> Path:
    """An absolute path; a relative one is taken from the project root, so notebooks find
    their data whether they run in JupyterLab (cwd notebooks/) or under papermill."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
