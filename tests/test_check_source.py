"""`python -m lingyuan check-source ARTICLE.txt [--raw DIR]`: every evidence snippet occurs
in the article (whitespace removed from both) and holds its number, and the article's
SHA-256 matches sources.csv; each failure is printed with its figure_id, exit 1."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from lingyuan import DATA_RAW, DEFAULT_ARTICLE


def run_check_source(*args, cwd=None):
    out = subprocess.run([sys.executable, "-m", "lingyuan", "check-source", *map(str, args)],
                         cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    return out.returncode, out.stdout.splitlines()


@pytest.fixture
def article():
    if not DEFAULT_ARTICLE.exists():
        pytest.skip("the article is not in the project (it is not ours to ship); "
                    "check-source needs its text file")
    return DEFAULT_ARTICLE


def test_committed_transcription_matches_the_article(article):
    if not (DATA_RAW / "figures.csv").exists():
        pytest.skip("data/raw holds no transcription yet")
    code, lines = run_check_source(article)
    assert code == 0, "\n".join(lines)
    assert lines[-1].startswith("OK: ") and "sha256 matches sources.csv" in lines[-1]


def test_small_transcription_matches_the_article(article, mini_raw):
    code, lines = run_check_source(article, "--raw", mini_raw)
    assert code == 0, "\n".join(lines)
    assert lines == [f"OK: 7 evidence snippets occur in {article}; its sha256 matches sources.csv"]


def test_tampered_snippet_and_changed_article_fail(article, mini_tables, write_raw, tmp_path):
    copy = tmp_path / article.name
    shutil.copyfile(article, copy)
    copy.write_bytes(copy.read_bytes().replace("人均增收695元".encode(), "人均增收696元".encode()))
    mini_tables["figures"][5]["evidence"] = "报销住院费用5953.3万元"  # hospital-costs, line 7
    mini_tables["figures"][5]["as_reported"] = "5953.3万"
    raw = write_raw(mini_tables)
    code, lines = run_check_source(copy.name, "--raw", raw.name, cwd=tmp_path)
    assert code == 1
    text = "\n".join(lines)
    assert "raw0/figures.csv:6: evidence: income-gain: '人均增收695元' does not occur in the article" in text
    assert "raw0/figures.csv:7: evidence: hospital-costs: '报销住院费用5953.3万元' does not occur" in text
    assert f"raw0/sources.csv:2: sha256: {copy.name} has sha256 " in text
    assert lines[-1].startswith("3 failures:")


def test_wrong_hash_in_sources_fails(article, mini_tables, write_raw, tmp_path):
    mini_tables["sources"][0]["sha256"] = "0" * 64
    raw = write_raw(mini_tables)
    code, lines = run_check_source(article, "--raw", raw)
    assert code == 1
    assert any(":2: sha256: " in ln and "sources.csv says " + "0" * 64 in ln for ln in lines), lines


def test_missing_article_is_reported(mini_raw, tmp_path):
    code, lines = run_check_source(tmp_path / "nothing.txt", "--raw", mini_raw)
    assert code == 2, "an input that cannot be read exits 2, as extract does"
    assert "nothing.txt:1: (file): article not found" in lines[0]
