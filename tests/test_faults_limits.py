"""Faults found by trying to break the project as hostile and unlucky users would (second
round): a full disk, a run matrix that is not UTF-8, a pattern that matches nothing, folder
parameters that point at the wrong thing, the project root seen from another checkout,
report pages that must be the same bytes on every run.

Runner cases use the toy project of tests/test_runner.py; full disks are real small
file systems (tmpfs with a size limit, mounted in a mount namespace of the test's own)
where the machine allows it.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lingyuan import runner
from test_runner import make_toy_project

ROOT = Path(__file__).resolve().parent.parent


def matrix_of(root: Path) -> str:
    return str(root / "notebooks" / "runs.yaml")


def lingyuan(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "lingyuan", *args], capture_output=True,
                          text=True, env=env, timeout=kw.pop("timeout", 300), **kw)


# ---------------------------------------------------------------------------
# The run matrix and the command line
# ---------------------------------------------------------------------------

def test_a_run_matrix_not_in_utf8_is_refused_with_its_line(tmp_path):
    root = make_toy_project(tmp_path)
    path = root / "notebooks" / "runs.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, "# 数据整理\n")  # a comment a Windows editor saved as GBK
    path.write_bytes("".join(lines[:4]).encode() + lines[4].encode("gbk") + "".join(lines[5:]).encode())
    proc = lingyuan("run", "--matrix", str(path), cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "runs.yaml:5: column 3: byte 0xca is not UTF-8" in proc.stderr, proc.stderr
    assert "nothing was run" in proc.stderr
    assert not (root / "reports").exists()


@pytest.mark.parametrize("args", [["run"], ["run", "--list"]])
def test_only_matching_nothing_says_so_and_exits_2(tmp_path, args):
    root = make_toy_project(tmp_path)
    proc = lingyuan(*args, "--matrix", matrix_of(root), "--only", "20_incme*", cwd=root)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "--only '20_incme*' matches no run" in proc.stderr, proc.stderr
    assert "toy_data, toy_chart, toy_village" in proc.stderr
    assert "nothing to do" not in proc.stdout
    assert not (root / "reports").exists()
