"""``extract FILE... --jobs N``: many files and folders at once. What a user relies on: every
row names its file, the rows of a file are those of extracting it alone, the output is the
same bytes whatever N is, an unreadable file is named and skipped (exit 2) while the others
are read, and a progress bar goes to standard error, never into the rows."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from lingyuan.__main__ import main

TEXTS = {
    "a.txt": "报销住院费用5953.2万元，占45.6%，栽植葡萄1.7万株。",
    "b.txt": "预计降水量30～80毫米，同比-6%。",
    "sub/c.txt": "新建温室大棚215栋，总投资860万元。" * 40,
    "sub/d.txt": "",
}


def make(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    for name, text in TEXTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "notes.md").write_text("不读 5个", encoding="utf-8")  # only .txt files of a folder are read
    return folder


def run(argv, capsys):
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_rows_name_their_file_and_equal_one_file_runs(tmp_path, capsys):
    folder = make(tmp_path)
    extra = tmp_path / "extra.txt"
    extra.write_text("全市增长12.5%。", encoding="utf-8")
    code, out, err = run([str(folder), str(extra)], capsys)
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    files = [str(folder / n) for n in sorted(TEXTS)] + [str(extra)]
    assert list(dict.fromkeys(r["file"] for r in rows)) == [f for f in files if Path(f).stat().st_size]
    for f in files:
        code, alone, _ = run([f], capsys)
        expected = list(csv.DictReader(io.StringIO(alone)))
        assert [{k: v for k, v in r.items() if k != "file"} for r in rows if r["file"] == f] == expected


def test_same_bytes_whatever_the_jobs(tmp_path, capsys):
    folder = make(tmp_path)
    outputs = set()
    for fmt in ("csv", "json"):
        for jobs in ("1", "2", "3"):
            code, out, _ = run([str(folder), "--jobs", jobs, "--format", fmt], capsys)
            assert code == 0
            outputs.add((fmt, out))
    assert len(outputs) == 2
    json_out = next(out for fmt, out in outputs if fmt == "json")
    first = json.loads(json_out.splitlines()[0])
    assert list(first)[:2] == ["file", "start"] and first["file"].endswith("a.txt")


def test_an_unreadable_file_is_named_and_the_others_are_read(tmp_path, capsys):
    folder = make(tmp_path)
    (folder / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, err = run([str(folder), str(tmp_path / "missing.txt"), "--jobs", "2"], capsys)
    assert code == 2
    assert "bad.txt: binary" in err and "missing.txt: no such file" in err and "2 of 6 files" in err
    assert {Path(r["file"]).name for r in csv.DictReader(io.StringIO(out))} == {"a.txt", "b.txt", "c.txt"}


def test_progress_bar_goes_to_standard_error_only(tmp_path, capsys):
    folder = make(tmp_path)
    code, out, err = run([str(folder), "--progress"], capsys)
    assert code == 0 and "4/4 files" in err
    assert "files" not in out and out.startswith("file,start,end")
    assert run([str(folder)], capsys)[2] == ""  # not a terminal: no bar unless asked


def test_one_file_keeps_the_one_file_columns_and_options_that_read_one_file(tmp_path, capsys):
    folder = make(tmp_path)
    code, out, _ = run([str(folder / "a.txt")], capsys)
    assert code == 0 and out.startswith("start,end,")
    code, out, err = run([str(folder / "a.txt"), str(folder / "b.txt"), "--draft", str(tmp_path / "d")], capsys)
    assert code == 2 and "give one FILE" in err and not (tmp_path / "d").exists()
    assert run([str(folder / "a.txt"), "--jobs", "0"], capsys)[0] == 2


def test_command_line_with_jobs(tmp_path):
    folder = make(tmp_path)
    done = [subprocess.run([sys.executable, "-m", "lingyuan", "extract", str(folder), "--jobs", j],
                           capture_output=True, cwd=Path(__file__).resolve().parent.parent) for j in ("1", "2")]
    assert [d.returncode for d in done] == [0, 0]
    assert done[0].stdout == done[1].stdout and done[0].stdout.count(b"\n") > 40
