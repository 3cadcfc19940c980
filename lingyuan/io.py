"""Atomic, deterministic file output.

Every file the project writes goes through here: the bytes are written to a
temporary file in the same folder and renamed into place, so an error or an
interrupt leaves the previous good file intact and never a partial one.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside *path*; rename it onto *path* when the block succeeds.

    The temporary name keeps the final suffix (or *suffix*) so that writers that
    infer a format from the name (matplotlib, pandas) still work. On any error
    the temporary file is removed and *path* is untouched.
    """
    import tempfile   # here: a build with nothing to do writes nothing and need not import it

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=f".tmp-{suffix or ''}{path.suffix}", dir=path.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write *data* to *path* atomically and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write UTF-8 *text* with Unix newlines to *path* atomically."""
    return write_bytes(path, text.encode("utf-8"))


def write_text_if_changed(path: str | os.PathLike, text: str) -> bool:
    """Write *text* to *path* atomically unless the file already holds exactly it, so a
    build with nothing new writes nothing (and works on a read-only tree); True if written."""
    try:
        if Path(path).read_text(encoding="utf-8") == text:
            return False
    except (OSError, ValueError):
        pass
    write_text(path, text)
    return True
