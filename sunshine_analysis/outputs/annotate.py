"""Return to sender: a copy of each received file with its problems marked, ready to send back.

``sunshine validate RAW_DIR --annotate OUT_DIR`` writes, for each received file with problems,
``<file>（问题标注）.xlsx``: every sheet of the file as read, each problem cell filled red and
commented in Chinese (what was found, what is expected), and a 问题清单 sheet listing every
problem of the file, those without a cell too. The received files are never touched.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from sunshine_analysis.ingest.layout import filled_rows, find_header
from sunshine_analysis.ingest.normalise import normalise_text, parse_item_header
from sunshine_analysis.ingest.read import ReadError, read_sheets
from sunshine_analysis.ingest.scan import locate
from sunshine_analysis.outputs.atomic import write_files
from sunshine_analysis.outputs.formulas import as_text
from sunshine_analysis.outputs.officefiles import workbook_bytes_at
from sunshine_analysis.outputs.printing import a4_print_setup

AUTHOR = "市阳光办"
_MARKED = PatternFill("solid", fgColor="FFC7CE")
_LIST_COLUMNS = {
    "sheet": "工作表",
    "row": "行",
    "column": "列",
    "message": "问题",
    "found": "发现",
    "expected": "应为",
}


def annotate(raw_dir: Path, problems: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write an annotated copy of every received file that has problems; returns the paths.

    Args:
        raw_dir: The year's raw folder (read, never written).
        problems: The problems table of ``check_year`` (file paths relative to ``raw_dir``).
        out_dir: Where the copies go (published as a whole).
    """
    files = {}
    for name, found in problems.groupby("file", sort=True):
        source = locate(Path(raw_dir), name)
        if not source.is_file() or source.is_symlink():
            continue  # （汇总）, the mapping file beside the folder: no received file to mark
        files[f"{PurePosixPath(name).stem}（问题标注）.xlsx"] = _annotated(source, Path(name), found)
    return write_files(out_dir, files) if files else []


def _annotated(source: Path, name: Path, problems: pd.DataFrame) -> bytes:
    book = Workbook()
    book.remove(book.active)
    try:
        sheets = read_sheets(name, source.read_bytes())
    except ReadError:
        sheets = []
    for sheet in sheets:
        ws = book.create_sheet(_sheet_title(sheet.name, book))
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                _put(ws.cell(row=r, column=c), value)
        for r0, c0, r1, c1 in sheet.merged:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        columns = _column_positions(sheet)
        for p in problems[problems["sheet"].fillna("") == sheet.name].itertuples():
            if pd.isna(p.row):
                continue
            col = columns.get(normalise_text(p.column), 0) + 1
            cell = ws.cell(row=int(p.row), column=col)
            cell.fill = _MARKED
            lines = (
                p.message,
                f"发现：{p.found}" if p.found else "",
                f"应为：{p.expected}" if p.expected else "",
            )
            text = "\n".join(line for line in lines if line)
            cell.comment = Comment(
                text if cell.comment is None else f"{cell.comment.text}\n—\n{text}", AUTHOR
            )
    listing = book.create_sheet("问题清单", 0)
    listing.append(list(_LIST_COLUMNS.values()))
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for r, p in enumerate(problems.itertuples(), start=2):
        for c, column in enumerate(_LIST_COLUMNS, start=1):
            _put(listing.cell(row=r, column=c), getattr(p, column))
    for i, width in enumerate((16, 8, 16, 40, 24, 30), start=1):
        listing.column_dimensions[get_column_letter(i)].width = width
    a4_print_setup(listing, "1:1", title="问题清单")
    return workbook_bytes_at(book, AUTHOR)


def _column_positions(sheet) -> dict[str, int]:
    """Column name (as problems name it: normalised, without a maximum) → 0-based position."""
    header = find_header(filled_rows(sheet))
    if header is None:
        return {}
    positions = {name: i for i, name in enumerate(header.columns)}
    for r in range(header.first_row, header.last_row + 1):
        for i, value in enumerate(sheet.rows[r] if r < len(sheet.rows) else []):
            text = normalise_text(value)
            parsed = parse_item_header(text)
            positions.setdefault(parsed[0] if parsed else text, i)
    return positions


def _note(message: str, found: str, expected: str) -> str:
    lines = (message, f"发现：{found}" if found else "", f"应为：{expected}" if expected else "")
    return "\n".join(line for line in lines if line)


def _sheet_title(name: str, book: Workbook) -> str:
    title = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Sheet"
    while title in book.sheetnames:
        title = title[:28] + "_" + str(len(book.sheetnames))
    return title


def _put(cell, value: object) -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return
    cell.value = value.item() if hasattr(value, "item") else value
    as_text([cell])  # text from a received file never runs as a formula
