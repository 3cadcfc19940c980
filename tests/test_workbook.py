"""The workbook for spreadsheet users (lingyuan.analysis.workbook), read back with openpyxl
and pandas: every figure on both figure sheets with its exact value as a number, headers
in Chinese and English, the header row frozen and filtered, text that looks like a formula
kept as text, and the same bytes on every run."""
from __future__ import annotations

import csv
import io
import shutil
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from lingyuan import DATA_PROCESSED
from lingyuan.analysis import workbook


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "lingyuan-figures.xlsx"
    workbook.write_workbook(DATA_PROCESSED, path)
    return path


def _figures(folder=DATA_PROCESSED) -> list[dict]:
    with open(folder / "figures.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_same_bytes_on_every_run(book):
    assert workbook.workbook_bytes(DATA_PROCESSED) == book.read_bytes()
    with zipfile.ZipFile(book) as z:
        assert {i.date_time for i in z.infolist()} == {workbook.FIXED_DATE.timetuple()[:6]}


def test_every_figure_round_trips_through_openpyxl(book):
    wb = load_workbook(book)
    assert wb.sheetnames == list(workbook.SHEETS.values())
    figures = _figures()
    for lang, sheet in (("zh", "数字"), ("en", "Figures")):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        assert header == [h[0 if lang == "zh" else 1] for h in workbook.COLUMNS.values()]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:Q{len(figures) + 1}"
        rows = {r[0]: dict(zip(workbook.COLUMNS, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
        assert list(rows) == [f["figure_id"] for f in figures]
        for f in figures:
            row = rows[f["figure_id"]]
            assert isinstance(row["value"], (int, float)) and Decimal(str(row["value"])) == Decimal(f["value"])
            assert row["evidence"] == f["evidence"] and row["as_reported"] == f["as_reported"]
            assert row["indicator"] == f[f"indicator_{lang}"] and row["entity"] == f[f"entity_{lang}"]
    assert ws.column_dimensions["N"].width >= 20  # the evidence column is wide enough to read
    about = [c.value for row in wb[workbook.SHEETS["about"]].iter_rows() for c in row if c.value]
    assert any("data package" in str(v) for v in about) and any("原文片段" in str(v) for v in about)


def test_every_figure_round_trips_through_pandas(book):
    sheets = pd.read_excel(book, sheet_name=None)
    figures = pd.read_csv(DATA_PROCESSED / "figures.csv", keep_default_na=False)
    en = sheets["Figures"]
    assert list(en["figure_id"]) == list(figures["figure_id"])
    assert (en["value"].astype(float) == figures["value"].astype(float)).all()
    assert list(sheets["数字"]["数字编号"]) == list(figures["figure_id"])
    assert len(sheets["Indicators"]) == len(pd.read_csv(DATA_PROCESSED / "indicators.csv"))
    assert len(sheets["Entities"]) == len(pd.read_csv(DATA_PROCESSED / "entities.csv"))


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(DATA_PROCESSED, folder)
    hostile = {"=HYPERLINK(\"http://example.invalid\",\"x\")": "entity_en", "=1+2": "indicator_en",
               "+86 123": "note", "-1": "entity_zh", "@SUM(A1)": "indicator_zh"}
    rows = _figures(folder)
    for i, (text, column) in enumerate(hostile.items()):
        rows[i][column] = text
    with open(folder / "figures.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    data = workbook.workbook_bytes(folder)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets and "<f " not in sheets
    wb = load_workbook(io.BytesIO(data))
    cells = {c.value: c for row in wb["Figures"].iter_rows() for c in row if isinstance(c.value, str)}
    cells.update({c.value: c for row in wb["数字"].iter_rows() for c in row if isinstance(c.value, str)})
    for text in hostile:
        assert text in cells, text
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
