"""Lingyuan figures: the figures of a Lingyuan (凌源市, Liaoning) newspaper page on
poverty alleviation (September 2019) as tidy, documented data, charts and notebooks.

Paths below are the defaults every module and notebook uses; all of them can be
overridden by parameters, so nothing depends on the current directory.
"""
import os
from pathlib import Path

__version__ = "0.1.0"

#: The languages of every report, chart, table and page: Chinese first (the data's own).
LANGS = ("zh", "en")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
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
