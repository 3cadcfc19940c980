"""The Chinese font the charts are drawn with and the reports site embeds: Noto Sans
CJK SC from the ``mplfonts`` wheel. Found without importing mplfonts or matplotlib
(which cost seconds), so the runner's no-op path stays fast; standard library only.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_FAMILY = "Noto Sans CJK SC"


def font_path() -> Path:
    """Path of the Noto Sans CJK SC font shipped in the mplfonts wheel."""
    spec = importlib.util.find_spec("mplfonts")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    where = Path(folders[0]) / "fonts" / FONT_FILE if folders else Path("mplfonts") / "fonts" / FONT_FILE
    raise FileNotFoundError(
        f"{where}: the Chinese font is missing; reinstall the requirements "
        "(`pip install -r requirements.txt` brings mplfonts)")
