"""The workbook for spreadsheet users: ``reports/data/lingyuan-figures.xlsx``.

Sheets, in order:

1. ``说明 About``: what the workbook is, where the figures come from, what each column of
   the other sheets means (from :mod:`lingyuan.dataset.schema`), in Chinese and English.
2. ``数字``: every figure of ``data/processed/figures.csv``, headers and words in Chinese.
3. ``Figures``: the same in English.
4. ``Indicators`` and 5. ``Entities``: the reference tables as they are.

Numbers are numbers (the exact value of figures.csv, its unit in a column of its own);
every text cell is stored as text, never as a formula, and one that begins with ``=``,
``+``, ``-`` or ``@`` also carries Excel's "quote prefix", so editing it in Excel keeps it
text. Each sheet has its header row frozen, filters on, and columns wide enough for what
they hold (within limits). The file is byte-identical on rerun: its document dates and
the dates inside the zip are fixed.
"""
from __future__ import annotations

import datetime
import io
import os
import zipfile
from decimal import Decimal
from pathlib import Path

from lingyuan import LANGS, resolve_path, vocabulary
from lingyuan.io import write_bytes

#: the fixed date of the workbook's properties and zip entries (no clock in the output)
FIXED_DATE = datetime.datetime(2000, 1, 1)
FORMULA_START = ("=", "+", "-", "@")
SHEETS = {"about": "说明 About", "zh": "数字", "en": "Figures", "indicators": "Indicators", "entities": "Entities"}

#: the columns of the figure sheets: column id -> (Chinese header, English header)
COLUMNS: dict[str, tuple[str, str]] = {
    "figure_id": ("数字编号", "figure_id"),
    "indicator": ("指标", "indicator"),
    "entity": ("对象", "entity"),
    "topic": ("主题", "topic"),
    "value": ("数值", "value"),
    "unit": ("单位", "unit"),
    "as_reported": ("原文数字", "as printed"),
    "unit_reported": ("原文单位", "unit as printed"),
    "qualifier": ("精确程度", "qualifier"),
    "kind": ("类别", "kind"),
    "period": ("时期", "period"),
    "section": ("标题", "headline"),
    "paragraph": ("段落", "paragraph"),
    "evidence": ("原文片段", "evidence"),
    "indicator_id": ("指标编号", "indicator_id"),
    "entity_id": ("对象编号", "entity_id"),
    "note": ("注释（英文）", "note"),
}
#: what a column of the figure sheets means, in both languages (for the first sheet)
MEANINGS: dict[str, tuple[str, str]] = {
    "figure_id": ("每个数字的编号，与数据包和网站数据页相同", "the figure's id, as in the data package and the site's data page"),
    "indicator": ("数字衡量什么", "what the figure measures"),
    "entity": ("数字关于哪个地方、单位或人", "the place, body or person the figure is about"),
    "topic": ("主题", "the topic"),
    "value": ("数值，按“单位”一列的规范单位换算（万、亿已乘出）", "the value in the canonical unit of the unit column (万 and 亿 multiplied out)"),
    "unit": ("数值的规范单位", "the canonical unit of the value"),
    "as_reported": ("原文中的数字写法", "the number as printed"),
    "unit_reported": ("原文中的单位写法", "the unit as printed"),
    "qualifier": ("确数、约数、不少于或不超过", "exact, approximate, at least or at most"),
    "kind": ("实际、目标或预计", "actual, target or forecast"),
    "period": ("数字所指的时期", "the period the figure refers to"),
    "section": ("数字所在文章的标题", "the headline of the article that prints it"),
    "paragraph": ("数字所在的段落（从1数起）", "the paragraph that prints it (counted from 1)"),
    "evidence": ("原文中包含这个数字的片段（不超过30个字）", "the words of the page that hold the number (at most 30 characters)"),
    "indicator_id": ("指标编号（Indicators 表）", "the indicator's id (Indicators sheet)"),
    "entity_id": ("对象编号（Entities 表）", "the entity's id (Entities sheet)"),
    "note": ("转录时的说明", "the transcriber's note"),
}
ABOUT = {
    "title": ("凌源脱贫攻坚报道中的数字", "Lingyuan figures"),
    "what": ("这个工作簿列出一版凌源报纸（2019年9月）上关于脱贫攻坚的每个数字，与网站上的数据包（CSV）内容相同。",
             "This workbook lists every poverty-alleviation figure of one Lingyuan newspaper page (September 2019): "
             "the same figures as the site's data package (CSV)."),
    "how": ("数字由人工从报纸版面逐条转录，记下原文片段、原单位和所在段落；推算的数值不在表内。",
            "Every figure was transcribed by hand from the printed page, with the words that hold it, its unit as "
            "printed and its paragraph; derived values are not in the table."),
    "sheets": ("工作表：“数字”为中文表头，“Figures”为英文表头，内容相同；“Indicators”为指标，“Entities”为地方、单位和人。",
               "Sheets: 数字 (Chinese headers) and Figures (English headers) hold the same rows; Indicators the "
               "indicators; Entities the places, bodies and people."),
    "text": ("以 = + - @ 开头的文字按文字保存，不是公式。", "Text beginning with = + - @ is stored as text, never as a formula."),
    "source": ("来源", "Source"),
    "column": ("列", "column"),
    "meaning": ("含义", "meaning"),
}


def _is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def _set(ws, row: int, col: int, value) -> None:
    """One cell: numbers as numbers, everything else as text (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if value is None or (isinstance(value, float) and value != value):
        return
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        cell.value = value
        return
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
    if _is_formula_like(text):
        cell.quotePrefix = True


def _sheet(wb, title: str, header: list[str], rows: list[list]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for c, name in enumerate(header, 1):
        _set(ws, 1, c, name)
        ws.cell(row=1, column=c).font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            _set(ws, r, c, value)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for c, name in enumerate(header, 1):
        texts = [str(name)] + [str(row[c - 1]) for row in rows if row[c - 1] is not None]
        # a CJK character is about two columns wide
        width = max(sum(2 if ord(ch) >= 0x2E80 else 1 for ch in t) for t in texts)
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)


def _figure_rows(tables, lang: str) -> list[list]:
    from lingyuan.analysis import words

    exact = tables.exact
    out = []
    for r in tables.figures.to_dict("records"):
        values = {
            "figure_id": r["figure_id"], "indicator": r[f"indicator_{lang}"], "entity": r[f"entity_{lang}"],
            "topic": vocabulary.word("topic", r["topic"], lang), "value": exact.get(r["figure_id"]),
            "unit": r["unit"], "as_reported": r["as_reported"], "unit_reported": r.get("unit_reported") or None,
            "qualifier": vocabulary.word("qualifier", r["qualifier"], lang),
            "kind": vocabulary.word("kind", r["kind"], lang), "period": words.period(str(r["period"]), lang),
            "section": r.get("section") or None, "paragraph": int(r["paragraph"]), "evidence": r["evidence"],
            "indicator_id": r["indicator_id"], "entity_id": r["entity_id"], "note": r.get("note") or None,
        }
        out.append([values[c] for c in COLUMNS])
    return out


def _plain(frame) -> tuple[list[str], list[list]]:
    rows = [[None if (isinstance(v, float) and v != v) or v == "" else v for v in row]
            for row in frame.itertuples(index=False)]
    return list(frame.columns), rows


def workbook_bytes(data_dir: str | os.PathLike) -> bytes:
    """The workbook of the processed tables in *data_dir*, as bytes (same bytes for the same data)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    from lingyuan.dataset.load import load

    folder = resolve_path(data_dir)
    tables = load(folder)
    wb = Workbook()
    about = wb.active
    about.title = SHEETS["about"]
    lines: list[list] = [[t for t in ABOUT["title"]], []]
    lines += [list(ABOUT[k]) for k in ("what", "how", "sheets", "text")]
    source = _source_line(folder)
    if source:
        lines.append([ABOUT["source"][0] + "：" + source, ABOUT["source"][1] + ": " + source])
    lines += [[], [f"{ABOUT['column'][0]} / {ABOUT['column'][1]}", f"{ABOUT['meaning'][0]} / {ABOUT['meaning'][1]}"]]
    lines += [[f"{COLUMNS[c][0]} / {COLUMNS[c][1]}", f"{MEANINGS[c][0]} {MEANINGS[c][1]}"] for c in COLUMNS]
    for r, line in enumerate(lines, 1):
        for c, value in enumerate(line, 1):
            _set(about, r, c, value)
    about.cell(row=1, column=1).font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 100
    for lang in LANGS:
        _sheet(wb, SHEETS[lang], [COLUMNS[c][LANGS.index(lang)] for c in COLUMNS], _figure_rows(tables, lang))
    _sheet(wb, SHEETS["indicators"], *_plain(tables.indicators))
    _sheet(wb, SHEETS["entities"], *_plain(tables.entities))
    wb.properties.creator = ABOUT["title"][1]
    wb.properties.created = FIXED_DATE
    wb.properties.lastModifiedBy = None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = ExcelWriter(wb, archive)
        wb.properties.modified = FIXED_DATE
        writer.save()
    return _fixed_dates(buffer.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The zip *data* again with every entry dated FIXED_DATE (the same bytes each time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def source_row(folder: Path) -> dict[str, str]:
    """The first row of *folder*'s sources.csv (the document the figures come from), or {}
    when there is none; read by the workbook and by the site's pages."""
    import csv

    try:
        with open(Path(folder) / "sources.csv", newline="", encoding="utf-8") as f:
            return next(csv.DictReader(f))
    except (OSError, StopIteration, csv.Error):
        return {}


def _source_line(folder: Path) -> str:
    row = source_row(folder)
    return " · ".join(p for p in (row.get("title_zh", ""), row.get("publication_zh", ""),
                                  row.get("date_published", "")) if p)


def write_workbook(data_dir: str | os.PathLike, path: str | os.PathLike) -> Path:
    """Write the workbook of *data_dir* to *path* (atomically: a temporary file renamed into place)."""
    return write_bytes(path, workbook_bytes(data_dir))
