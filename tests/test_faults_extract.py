"""Bad inputs to ``python -m lingyuan extract``: every one ends with a message naming the
input and exit code 2 (could not read it), never a traceback; exit 1 is kept for "the
transcription misses something". Fuzzing: random bytes and random text through the
command function, in process."""
from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lingyuan.__main__ import main
from lingyuan.quantities import extract_command

SAMPLE = "报销住院费用5953.2万元，占45.6%，栽植葡萄1.7万株。"


def run(argv, capsys):
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def values(out: str) -> list[str]:
    return [r["value"] for r in csv.DictReader(io.StringIO(out))]


# --- encodings ----------------------------------------------------------------------

@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("utf-16-le", b""), ("utf-16-be", b"")])
def test_utf16_with_or_without_bom_is_read(tmp_path, capsys, encoding, bom):
    f = tmp_path / "u16.txt"
    f.write_bytes(bom + (SAMPLE + "\n").encode(encoding))
    code, out, err = run([str(f)], capsys)
    assert code == 0, err
    assert values(out) == ["59532000", "45.6", "17000"]
    assert "read as UTF-16" in err and str(f) in err


def test_big5_is_read_as_big5_not_as_gb18030_mojibake(tmp_path, capsys):
    text = "報銷住院費用5953.2萬元，佔45.6%，栽植葡萄1.7萬株。全縣新建溫室大棚215棟，總投資860萬元。\n" * 3
    f = tmp_path / "big5.txt"
    f.write_bytes(text.encode("big5"))
    code, out, err = run([str(f)], capsys)
    assert code == 0
    assert "read as BIG5" in err and str(f) in err
    assert "59532000" in values(out) and "215" in values(out)


def test_gb18030_is_still_gb18030(tmp_path, capsys):
    f = tmp_path / "gbk.txt"
    f.write_bytes((SAMPLE * 20).encode("gb18030"))
    code, out, err = run([str(f)], capsys)
    assert code == 0 and "read as GB18030" in err
    assert values(out)[:3] == ["59532000", "45.6", "17000"]


@pytest.mark.parametrize("data,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(256)) * 4, "binary"),
    (b"\x80\xfd\xfc\x81\xff\xfe", "neither UTF-8, UTF-16, GB18030 nor Big5"),
    ("这是正文".encode() + b"\x00" * 3 + b"\x01\x02", "binary"),
])
def test_binary_and_undecodable_files_exit_2(tmp_path, capsys, data, message):
    f = tmp_path / "bad.bin"
    f.write_bytes(data)
    code, out, err = run([str(f)], capsys)
    assert code == 2 and out == ""
    assert message in err and str(f) in err


def test_nul_bytes_after_the_first_block_are_caught(tmp_path, capsys):
    f = tmp_path / "late.txt"
    f.write_bytes((SAMPLE * 3500).encode() + b"\x00\x00binary tail")  # past the first 256 KiB block
    code, _, err = run([str(f)], capsys)
    assert code == 2 and "binary data" in err and str(f) in err


def test_missing_file_and_folder_without_texts_exit_2(tmp_path, capsys):
    for path, message in ((tmp_path / "nope.txt", "no such file"), (tmp_path, "holds no .txt file")):
        code, out, err = run([str(path)], capsys)
        assert (code, out) == (2, "") and message in err and str(path) in err


# --- standard input -----------------------------------------------------------------

def test_dash_reads_standard_input(tmp_path):
    done = subprocess.run([sys.executable, "-m", "lingyuan", "extract", "-"], input=SAMPLE.encode("utf-8"),
                          capture_output=True, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert values(done.stdout.decode("utf-8")) == ["59532000", "45.6", "17000"]


def test_dash_reads_gb18030_standard_input():
    done = subprocess.run([sys.executable, "-m", "lingyuan", "extract", "-", "--format", "json"],
                          input=SAMPLE.encode("gb18030"), capture_output=True,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0
    assert "standard input" not in done.stderr.decode() or "GB18030" in done.stderr.decode()
    assert len(done.stdout.decode("utf-8").splitlines()) == 3


# --- the figures CSV of --against ----------------------------------------------------

def _figures(path: Path, cell: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["figure_id", "evidence", "as_reported", "unit_reported", "note"])
        w.writerow(["a", "报销住院费用5953.2万元", "5953.2万", "元", ""])
        w.writerow(["b", "栽植葡萄1.7万株", "1.7万", "株", cell])
    return path


def test_against_a_cell_over_128_kib_exits_2_naming_line_and_column(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text(SAMPLE, encoding="utf-8")
    figures = _figures(tmp_path / "figures.csv", "x" * (130 * 1024))
    code, out, err = run([str(text), "--against", str(figures)], capsys)
    assert code == 2 and out == ""
    assert f"{figures}:3: note: unreadable CSV" in err and "128 KiB" in err


def test_against_an_unterminated_quote_exits_2(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text(SAMPLE, encoding="utf-8")
    figures = tmp_path / "figures.csv"
    figures.write_bytes(b'figure_id,evidence,as_reported,unit_reported\na,"x\x00y,1,\xe5\x85\x83\n')
    code, out, err = run([str(text), "--against", str(figures)], capsys)
    assert code == 2 and out == "" and str(figures) in err


def test_against_gaps_exit_1_not_2(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text(SAMPLE, encoding="utf-8")
    figures = _figures(tmp_path / "figures.csv", "a short note")
    code, out, _ = run([str(text), "--against", str(figures)], capsys)
    assert code == 1 and "45.6%" in out  # one quantity no row holds: a gap, not a read error


def test_against_a_missing_figures_file_exits_2(tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text(SAMPLE, encoding="utf-8")
    code, _, err = run([str(text), "--against", str(tmp_path / "none.csv")], capsys)
    assert code == 2 and "no such file" in err


# --- large files stream ----------------------------------------------------------------

def test_stream_gives_what_the_whole_text_gives(tmp_path, capsys):
    from lingyuan.quantities import find_quantities, quantities_to_rows
    from lingyuan.quantities import reading
    text = ("全镇新建温室大棚\n\n215栋，总投资\n860万元。面积已达到67\n\n公顷。" * 50
            + "今年以来共发放3860万元，惠及农户1472户，" * 600)
    f = tmp_path / "big.txt"
    f.write_text(text, encoding="utf-8")
    old = reading.MAX_PIECE_CHARS
    reading.MAX_PIECE_CHARS = 4096  # many pieces, and a run without a sentence end cut at a comma
    try:
        code, out, _ = run([str(f)], capsys)
    finally:
        reading.MAX_PIECE_CHARS = old
    assert code == 0
    expected = quantities_to_rows(find_quantities(text))
    got = list(csv.DictReader(io.StringIO(out)))
    assert got == expected


# --- fuzzing ---------------------------------------------------------------------------

def _command(path: Path, fmt: str = "csv") -> int:
    return extract_command(argparse.Namespace(file=str(path), format=fmt, against=None, draft=None))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600))
def test_fuzz_random_bytes(tmp_path, capsys, data):
    f = tmp_path / "fuzz.bin"
    f.write_bytes(data)
    code = _command(f)
    out, err = capsys.readouterr()
    assert code in (0, 2)
    if code == 2:
        assert str(f) in err and out == ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
       | st.text(alphabet="一二两三十百千万亿几余多近约以上下年月日个种期元%0123456789.,，。、第“”半成之分至-—\n ",
                 max_size=80),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
       fmt=st.sampled_from(["csv", "json"]))
def test_fuzz_random_text(tmp_path, capsys, text, encoding, fmt):
    f = tmp_path / "fuzz.txt"
    try:
        f.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    code = _command(f, fmt)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2)
    if code == 2:
        assert str(f) in err and err.startswith("lingyuan extract:")


# --- a draft never writes over a transcription --------------------------------------------

def test_draft_refuses_a_folder_that_holds_files(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text(SAMPLE, encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "figures.csv").write_text("figure_id,evidence\nf1,hand-made\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    code, out, err = run([str(report), "--draft", str(raw)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(raw) in err and "--force" in err
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before  # untouched, nothing added
    code, _, _ = run([str(report), "--draft", str(raw), "--force"], capsys)
    assert code == 0 and "5953.2万" in (raw / "figures.csv").read_text(encoding="utf-8")


def test_draft_into_an_empty_or_new_folder(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "new"):
        assert run([str(report), "--draft", str(folder)], capsys)[0] == 0
        assert (folder / "figures.csv").exists()


def test_draft_keeps_formula_like_text_exact(tmp_path, capsys):
    """Text that a spreadsheet would run as a formula stays the text printed: the CSV holds
    data, exactly (the README's data section says so); no quote or prefix is added."""
    headline = "=1+2产业扶贫带动增收"  # a headline with Latin letters is taken for a column head
    report = tmp_path / "report.txt"
    report.write_text(f"{headline}\n\n全市新建温室大棚215栋。\n", encoding="utf-8")
    assert run([str(report), "--draft", str(tmp_path / "d")], capsys)[0] == 0
    with (tmp_path / "d" / "figures.csv").open(encoding="utf-8", newline="") as f:
        assert [r["section"] for r in csv.DictReader(f)] == [headline]
    with (tmp_path / "d" / "sources.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.DictReader(f))["title_zh"] == headline
