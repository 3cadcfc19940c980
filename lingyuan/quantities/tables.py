"""Tables: numeric cells read with the unit their column, their row or the table prints.

A table is a run of lines whose cells stand apart by ``|`` (markdown-like; one row is
enough) or by tabs or runs of two or more spaces (two rows at least, each with the same
number of cells, the first may have one fewer). Its header is its first row when a rule row (``| --- |``) stands under
it or no cell of it after the first is a number other than a year (``| 项目 | 2023 | 2022 |``);
rule rows are layout; a header one cell short of the rows under it (| or spaced) leaves out the labels'
column (``| 金额(亿元) | 增长(%) |`` over ``| 产值 | 12.5 | 3.1 |``). A table printed on one
line, its rows run together, is split into rows as wide as its header (see ``_unrolled``). A numeric cell of a data row (any column but
the first, which labels the row) takes, in this order: a percent sign printed in the cell,
the unit in brackets (or a percent sign) at the end of its column's header (``增减变动幅度(%)``),
the unit in brackets at the end of its row's label (``基本每股收益(元/股)``) or in a cell of
its own in the row (``| 粮食产量 | 万吨 | 123.4 |``), the unit of a line
``单位:元`` / ``单位：万元`` over the table (within three lines); a magnitude there scales
the cell (万元: 10,000 元). A cell with no unit anywhere is left to the running-text rules
(which keep no bare number). A signed cell keeps its sign in ``value``; under a header of
change (增减, 变动, 增长, 同比 ...) its sign also gives ``change``.
"""
from __future__ import annotations

import re

from lingyuan.quantities import patterns as P
from lingyuan.quantities import rules, units
from lingyuan.quantities.numerals import clean_value
from lingyuan.quantities.quantity import Quantity, context

_PIPE_CELL_RE = re.compile(r"[^|]+")
_SPACED_CELL_RE = re.compile(r"(?:(?!\t|[ \u3000]{2,})[^\n])+")
_RULE_ROW_RE = re.compile(r"^[\s|:：\-－—=+]+$")
_NUMBER_CELL_RE = re.compile(
    r"([-－−+]?)((?:[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+|[0-9]+)(?:[.．][0-9]+)?)([%％]?)")
_BRACKET_UNIT_RE = re.compile(r"[（(]([^（()）]{1,8})[)）][:：]?$")
_UNIT_LINE_RE = re.compile(r"单位\s*[:：]\s*([^\s,，;；、|()（）]+)")
_CHANGE_HEADER_RE = re.compile("增减|变动|增长|变化|同比|比上年|增幅|涨跌")
_UNIT_LINE_BACK = 3
_SPACED_MIN_ROWS = 2


def _cells(line: str, at: int) -> tuple[str, list[tuple[int, int, str]]] | None:
    """The kind of row ("pipe" or "spaced") and its cells (start, end, text stripped), or None."""
    if line.count("|") >= 2:
        found = []
        for m in _PIPE_CELL_RE.finditer(line):
            cell = m.group().strip()
            lead = len(m.group()) - len(m.group().lstrip())
            found.append((at + m.start() + lead, at + m.start() + lead + len(cell), cell))
        if found and not found[0][2] and line[:1] != "|":
            found = found[1:]  # the margin before the first |
        if found and not found[-1][2]:
            found = found[:-1]  # the margin after the last |
        return "pipe", found
    if "\t" in line or "  " in line or "\u3000\u3000" in line:
        found = []
        for m in _SPACED_CELL_RE.finditer(line):
            cell = m.group().strip()
            if cell:
                lead = len(m.group()) - len(m.group().lstrip())
                found.append((at + m.start() + lead, at + m.start() + lead + len(cell), cell))
        return ("spaced", found) if len(found) >= 2 else None
    return None


def _bracket_unit(cell: str) -> tuple[str, int] | None:
    """The unit a header or label prints at its end: in brackets (营业收入(万元)), or a bare
    percent sign (同比增减%)."""
    cell = "".join(cell.split())
    if cell[-1:] in ("%", "％") and not _is_number(cell):
        return "%", 1
    m = _BRACKET_UNIT_RE.search(cell)
    return rules.label_unit(m.group(1)) if m else None


def _row_unit(row: list[tuple[int, int, str]]) -> tuple[str, int] | None:
    """The unit of a row: in its label's brackets, or a cell that is a unit alone (| 粮食产量 |
    万吨 | 123.4 |: a unit column)."""
    found = _bracket_unit(row[0][2]) if row else None
    for _, _, cell in row[1:] if found is None else ():
        if cell and not _is_number(cell) and (found := rules.label_unit(cell)):
            break
    return found


def _is_number(cell: str) -> bool:
    return _NUMBER_CELL_RE.fullmatch(cell) is not None


def _row_lines(text: str):
    """(offset, line) of each line that holds | , a tab or two spaces side by side (found by
    str.find: a line without one is no row, as most lines of running text), and (offset, None)
    for each run of other lines between two of them (a run ends a table as one line does)."""
    starts = set()
    for mark in ("|", "\t", "  ", "\u3000\u3000"):
        at = text.find(mark)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            end = text.find("\n", at)
            at = text.find(mark, end) if end >= 0 else -1  # (the next line's)
    pos = 0
    for at in sorted(starts):
        if at > pos:
            yield pos, None
        end = text.find("\n", at)
        pos = len(text) + 1 if end < 0 else end + 1
        yield at, text[at:pos - 1]


def _tables(text: str):
    """Each table: (kind, first line's offset, rows, whether a rule row follows the first), a
    row a list of cells."""
    kind, start, rows, ruled = None, 0, [], False
    for at, line in _row_lines(text):
        row = _cells(line, at) if line is not None and line.strip() else None
        if row is not None and row[0] == "pipe" and _RULE_ROW_RE.match(line):
            ruled = ruled or (kind == "pipe" and len(rows) == 1)
            continue  # | --- |: layout (under the first row: that row is the header)
        same = row is not None and row[0] == kind and (kind == "pipe" or len(row[1]) == len(rows[-1])
                                                       or len(rows) == 1 and len(row[1]) == len(rows[0]) + 1)
        if same:
            rows.append(row[1])
            continue
        if rows:
            yield kind, start, rows, ruled
        kind, start, rows, ruled = (row[0], at, [row[1]], False) if row else (None, 0, [], False)
    if rows:
        yield kind, start, rows, ruled


def _unrolled(row: list[tuple[int, int, str]], unit_over: bool) -> list[list[tuple[int, int, str]]] | None:
    """A table printed on one line, its rows run together (``| 金额(亿元) | 增长(%) | 产值 | 12.5 |
    3.1 | 税收 | 2 | 1 |``): the header is the cells before the first number but the last (the
    first row's label); rows as wide as the header, or one wider when it leaves out the labels'
    column, each a label then numbers. None when the cells do not fall into such rows."""
    head = next((i for i, c in enumerate(row) if _is_number(c[2])), len(row)) - 1
    if head < 1 or not (unit_over or any(_bracket_unit(c[2]) for c in row[:head] if c[2])):
        return None
    numbers = next((i for i, c in enumerate(row[head + 1:]) if not _is_number(c[2])), len(row) - head - 1)
    width = numbers + 1
    if numbers not in (head, head - 1) or (len(row) - head) % width:
        return None
    body = [row[i:i + width] for i in range(head, len(row), width)]
    if any(_is_number(r[0][2]) or not all(_is_number(c[2]) for c in r[1:]) for r in body):
        return None
    return [row[:head], *body]


def _is_header(row: list[tuple[int, int, str]], ruled: bool) -> bool:
    """The first row is the header: a rule row under it, or no number in its cells after the
    first but years (| 项目 | 2023 | 2022 |: the years name the columns)."""
    return ruled or all(not _is_number(c[2]) or P.YEAR_NAME_RE.fullmatch(c[2]) for c in row[1:])


def table_quantities(text: str) -> list[Quantity]:
    """The numeric cells of every table in *text* that have a unit (see the module docstring)."""
    found: list[Quantity] = []
    for kind, start, rows, ruled in _tables(text):
        if kind == "spaced" and len(rows) < _SPACED_MIN_ROWS:
            continue
        before = text[:start].rsplit("\n", _UNIT_LINE_BACK + 1)
        if len(before) == _UNIT_LINE_BACK + 2:
            before = before[1:]  # (the text before those lines)
        line = _UNIT_LINE_RE.search("\n".join(before))
        table_unit = rules.label_unit(line.group(1)) if line else None
        if len(rows) == 1 and len(rows[0]) > 4 and (unrolled := _unrolled(rows[0], table_unit is not None)):
            rows, ruled = unrolled, True  # a table printed on one line
        header = rows[0] if _is_header(rows[0], ruled) else None
        columns = [_bracket_unit(c[2]) for c in header] if header else []
        changes = [bool(_CHANGE_HEADER_RE.search("".join(c[2].split()))) for c in header] if header else []
        if header and len(rows) > 1 and len(rows[1]) == len(header) + 1 and not _is_number(rows[1][0][2]):
            columns, changes = [None, *columns], [False, *changes]  # the row labels' column has no header
        for row in rows[1:] if header else rows:
            row_unit = _row_unit(row)
            for i, (a, b, cell) in enumerate(row[1:], 1):
                m = _NUMBER_CELL_RE.fullmatch(cell)
                if m is None:
                    continue
                column = columns[i] if i < len(columns) else None
                unit = ("%", 1) if m.group(3) else column or row_unit or table_unit
                if unit is None:
                    continue
                found.append(_cell_quantity(text, a, b, m, unit, i < len(changes) and changes[i]))
    return found


def _cell_quantity(text: str, a: int, b: int, m: re.Match, unit: tuple[str, int], of_change: bool) -> Quantity:
    unit_reported, scale = unit
    number = rules.parse("".join(m.group(2).split()))  # (the cell's pattern admits only numbers it reads)
    value = clean_value(number.value * scale * (-1 if m.group(1) and m.group(1) != "+" else 1))
    if unit_reported in ("%", "％"):
        canonical = "percent"
    else:
        printed = units.PRINTED_UNITS.get(unit_reported)
        canonical = printed.unit if printed else ""
    change = ("increase" if value > 0 else "decrease" if value < 0 else "") if of_change else ""
    as_reported = "".join(m.group().split())  # (without whitespace, as everywhere: 12 064 -> 12064)
    return Quantity(a, b, as_reported, value, canonical, unit_reported, "exact", context(text, a, b), change)
