"""Checking notebook parameters in the first cell, so a bad value stops a notebook
at once with a message that lists the valid values (papermill itself only warns).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from lingyuan import PROJECT_ROOT

LANGS = ("zh", "en")
FORMATS = ("png", "svg", "pdf")


class ParameterError(ValueError):
    """A notebook parameter outside its valid values."""


def check_choice(name: str, value, valid: Iterable) -> None:
    """Raise ParameterError unless *value* is one of *valid*, listing the valid values."""
    valid = list(valid)
    if value not in valid:
        shown = ", ".join(map(str, valid))
        raise ParameterError(f"{name}={value!r} is not valid; valid values: {shown}")


def check_lang(lang: str) -> str:
    """The chart language, zh or en."""
    check_choice("lang", lang, LANGS)
    return lang


def check_formats(formats) -> list[str]:
    """The figure formats as a list; accepts a list or a comma-separated string."""
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    formats = list(formats)
    if not formats:
        raise ParameterError(f"formats is empty; valid values: {', '.join(FORMATS)}")
    for fmt in formats:
        check_choice("formats", fmt, FORMATS)
    return formats


def resolve_path(path: str | os.PathLike) -> Path:
    """An absolute path; a relative one is taken from the project root, so notebooks find
    their data whether they run in JupyterLab (cwd notebooks/) or under papermill."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
