"""What one run left in one invocation (``RunResult``) and the report files of a run:
light on purpose, so that a build with nothing to do can say so without importing the
executor (:mod:`.execute`) or anything it needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lingyuan.runner.matrix import Run


@dataclass
class RunResult:
    """What happened to one run in one invocation."""

    run: Run
    status: str                     # ran, cached, failed, skipped, interrupted
    seconds: float = 0.0
    ename: str | None = None
    evalue: str | None = None
    cell: int | None = None         # the failing cell, numbered from 1 over every cell of the notebook file
    exec_count: int | None = None
    detail: str | None = None       # why skipped; where the failed notebook was kept
    outputs: list[str] = field(default_factory=list)     # files the run wrote (absolute)
    stage: str | None = None        # where a failure outside the notebook's cells happened

    @property
    def ok(self) -> bool:
        return self.status in ("ran", "cached")


#: the site's own pages beside the reports (the front pages by language, the build page)
INDEX_FILES = {"zh": "index.html", "en": "index.en.html"}
BUILD_FILE = "build.html"


def report_paths(reports: Path, name: str) -> dict[str, Path]:
    """The files one run leaves in the reports folder."""
    return {"ipynb": reports / f"{name}.ipynb",
            "html": reports / f"{name}.html",
            "reader": reports / f"{name}.reader.html"}
