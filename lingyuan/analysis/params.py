"""Checking notebook parameters in the first cell, so a bad value stops a notebook
at once with a message that lists the valid values (papermill itself only warns).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

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
    """The language of the run, zh or en."""
    check_choice("lang", lang, LANGS)
    return lang


def check_formats(formats) -> list[str]:
    """The figure formats as a list; accepts a list or a comma-separated string. Anything
    else (``-p formats 5`` gives the number 5) is a ParameterError listing the valid values."""
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    elif not isinstance(formats, (list, tuple)):
        raise ParameterError(f"formats={formats!r} is not valid: give a list such as [\"png\", \"svg\"] "
                             f"or a comma-separated string; valid values: {', '.join(FORMATS)}")
    formats = list(formats)
    if not formats:
        raise ParameterError(f"formats is empty; valid values: {', '.join(FORMATS)}")
    for fmt in formats:
        check_choice("formats", fmt, FORMATS)
    return formats


def check_path(name: str, value) -> str:
    """A folder parameter must be text (a path); ParameterError otherwise."""
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ParameterError(f"{name}={value!r} is not valid: give a folder path as text, relative to the "
                             "project root or absolute")
    return value


def check_all(*, lang, formats, **paths) -> list[str]:
    """Check a notebook's common parameters at once; return the formats as a list."""
    check_lang(lang)
    for name, value in paths.items():
        check_path(name, value)
    return check_formats(formats)


def resolve_path(path: str | os.PathLike) -> Path:
    """An absolute path; a relative one is taken from the project root (see
    :func:`lingyuan.dataset.resolve_path`)."""
    from lingyuan.dataset.load import resolve_path as resolve

    return resolve(check_path("path", path))
