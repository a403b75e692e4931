"""Turn recognised sheets into the tidy tables of :class:`~sunshine_analysis.ingest.inputs.YearInputs`.

Each parser takes a sheet and its :class:`~sunshine_analysis.ingest.layout.Header`, keeps
every cell's raw value beside its parsed one (so a problem can show what was found), and
leaves the checks of values to :mod:`~sunshine_analysis.ingest.validate`.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from sunshine_analysis.ingest.layout import (
    NOTE_ROW_MARKS,
    SUMMARY_ROW_MARKS,
    Header,
    field_of,
    filled_rows,
    find_header,
)
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import INVISIBLE, normalise_text, parse_number
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.problems import Problems

_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[部分组类])"
)


def sheet_table(sheet: Sheet, header: Header | int) -> pd.DataFrame:
    """The table below the header block, raw values under the header's unique column names.

    Merged cells are filled; blank rows, repeated header rows, 合计/平均/小计 rows and the
    注/备注/填表人 rows below the table are left out (counted in ``table.attrs["skipped"]``);
    every kept row carries ``source_row``, its row number in the sheet as Excel shows it.

    Args:
        sheet: The sheet.
        header: Its header block, or the 0-based row where the header block starts.
    """
    table, _, skipped = read_table(sheet, header)
    table.attrs["skipped"] = skipped
    return table


def read_table(sheet: Sheet, header: Header | int) -> tuple[pd.DataFrame, Header, dict[str, int]]:
    """:func:`sheet_table` with its header block and the counts of rows left out, for the parsers."""
    records, numbers, header, skipped = data_rows(sheet, header)
    table = pd.DataFrame(records, columns=list(header.columns), dtype=object)
    table["source_row"] = numbers
    return table, header, skipped


def data_rows(
    sheet: Sheet, header: Header | int
) -> tuple[list[list[object]], list[int], Header, dict[str, int]]:
    """The data rows of a sheet as lists of cells, their Excel row numbers, the header, rows left out.

    Worked out once per sheet and header block (several steps ask); the lists are not to be changed.
    """
    key = ("data_rows", header if isinstance(header, int) else (header.first_row, header.last_row, header))
    if key not in sheet.memo:
        sheet.memo[key] = _data_rows(sheet, header)
    return sheet.memo[key]


def _data_rows(
    sheet: Sheet, header: Header | int
) -> tuple[list[list[object]], list[int], Header, dict[str, int]]:
    rows = filled_rows(sheet)
    if isinstance(header, int):
        found = find_header(rows, header)
        if found is None:
            raise ValueError(f"第 {header + 1} 行不是表头")
        header = found
    width = len(header.columns)
    header_texts = [normalise_text(c) for c in rows[header.first_row]]
    key_cols = [i for i, f in enumerate(header.fields) if f in ("serial", "unit", "sub_unit")] or [0]
    records, numbers, skipped = [], [], {"合计行": 0, "备注行": 0, "分组标题行": 0, "重复表头行": 0}
    in_notes = False
    for offset in range(header.last_row + 1, len(rows)):
        cells = [*rows[offset][:width], *[""] * (width - len(rows[offset]))]
        texts = [_row_text(c) for c in cells]
        filled = [t for t in texts if t]
        if not filled or texts == header_texts[:width]:
            continue
        if len(set(filled)) == 1 and _SECTION.match(filled[0]):
            skipped["分组标题行"] += 1  # 一、县区 above a group of rows
            continue
        if len(filled) >= 2 and all(field_of(t) and parse_number(t) is None for t in filled):
            skipped["重复表头行"] += 1  # the header again, worded otherwise, above a second block
            continue
        if filled[0].startswith(NOTE_ROW_MARKS) or (in_notes and len(filled) == 1):
            in_notes = True
            skipped["备注行"] += 1
            continue
        in_notes = False
        if any(texts[c].startswith(SUMMARY_ROW_MARKS) for c in key_cols):
            skipped["合计行"] += 1
            continue
        records.append(cells)
        numbers.append(offset + 1)
    return records, numbers, header, {k: v for k, v in skipped.items() if v}


def _row_text(cell: object) -> str:
    # What the row checks need of a cell: a number is just "filled" (most cells are scores,
    # and folding them as text is most of the work of reading a sheet).
    if type(cell) is float:
        return "" if cell != cell else _NUMBER_CELL
    if type(cell) is int:
        return _NUMBER_CELL
    return normalise_text(cell)


_NUMBER_CELL = "0"


def resolve_column(
    table: pd.DataFrame, unit_col: str | None, index: UnitIndex, problems: Problems, file: str, sheet: str
) -> pd.Series:
    """The unit_id of each row (None where unknown, each such row reported with suggestions)."""
    ids = [
        resolve_cell(name if unit_col else None, unit_col, row, index, problems, file, sheet)
        for name, row in zip(
            table[unit_col] if unit_col else [None] * len(table), table["source_row"], strict=True
        )
    ]
    return pd.Series(ids, index=table.index, dtype=object)


def resolve_cell(
    name: object, unit_col: str | None, row: int, index: UnitIndex, problems: Problems, file: str, sheet: str
) -> str | None:
    """The unit_id of one unit cell, or None (reported with suggestions when a column is given)."""
    if unit_col is None:
        return None
    unit_id = index.resolve(name)
    if unit_id is not None:
        return unit_id
    text = normalise_text(name)
    suggestions = index.candidates(name)
    if not text:
        message = "单位名称为空"
    elif suggestions and index.is_ambiguous(name):
        message = "单位名称可对应多个单位，无法确定"
    else:
        message = "单位名称无法对应到单位一览表"
    expected = "一览表中的单位名称" + ("，如：" + "、".join(suggestions) if suggestions else "")
    problems.add(
        file, message, sheet=sheet, row=row, column=unit_col, found=str(name or ""), expected=expected
    )
    return None


def number_or_nan(value: object) -> float:
    """A total cell as a number; NaN when empty or not a number (its text tells which)."""
    number = parse_number(value)
    return math.nan if number is None else number


def shown(value: object) -> str:
    """A raw cell as shown in a problem: its text, or （空） when empty."""
    if value is None or (isinstance(value, float) and value != value):
        return "（空）"
    return str(value).strip() or "（空）"


def cell_text(value: object) -> object:
    """A list cell: dates kept as dates, text without control or invisible format characters
    (:data:`~.normalise.INVISIBLE`) and outer spaces.

    >>> cell_text(" 临颍县\u202e推行\x07村务公开 ")
    '临颍县推行村务公开'
    """
    return INVISIBLE.sub("", value).strip() if isinstance(value, str) else value
