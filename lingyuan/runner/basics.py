"""Small helpers the runner's modules share (standard library only): content hashes,
paths relative to a folder, the files a set of globs matches, one-line messages.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterable


def sha(data: bytes) -> str:
    """The sha256 of *data*, in hex."""
    return hashlib.sha256(data).hexdigest()


def relative(path: Path, base: Path) -> str:
    """*path* relative to *base* (POSIX separators), or as it is when outside *base*."""
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def one_line(text: str | None, limit: int = 160) -> str:
    """*text* on one line, cut to *limit* characters."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short(value: Any) -> str:
    """A parameter value as written in messages: strings as they are, the rest as JSON."""
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def input_files(root: Path, patterns: Iterable[str]) -> list[Path]:
    """The files the globs match (relative to *root*), sorted; hidden files (the
    temporary files of atomic writes) are not matched."""
    found: set[Path] = set()
    for pattern in patterns:
        full = pattern if os.path.isabs(pattern) else str(root / pattern)
        found.update(Path(p) for p in glob.glob(full, recursive=True) if os.path.isfile(p))
    return sorted(found)
