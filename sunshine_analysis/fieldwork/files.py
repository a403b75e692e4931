"""Writing the fieldwork outputs: reproducible Office files dated from the evaluation year,
written atomically as one batch (see :mod:`sunshine_analysis.outputs.officefiles`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sunshine_analysis.outputs.officefiles import workbook_bytes_at

AUTHOR = "市阳光办"
SECRET_MARK = "考评工作秘密"


def fixed_time(year: int) -> dt.datetime:
    """The timestamp written into every output of ``year`` (1 June, before the field visits)."""
    return dt.datetime(year, 6, 1, 9, 0, 0)


def workbook_bytes(
    sheets: Mapping[str, pd.DataFrame],
    year: int,
    *,
    titles: Mapping[str, str] | None = None,
    secret: bool = False,
) -> bytes:
    """An .xlsx of one table per sheet (Chinese headers as given), reproducible byte for byte.

    Args:
        sheets: Sheet name → table; the columns are the header row.
        year: Fixes the document's dates.
        titles: Optional sheet name → a title row written above the header.
        secret: Mark every sheet 考评工作秘密 (top-right cell and printed page header).
    """
    book = Workbook()
    book.remove(book.active)
    for name, table in sheets.items():
        ws = book.create_sheet(name[:31])
        title = (titles or {}).get(name)
        width = max(len(table.columns), 1)
        if secret:
            ws.cell(row=1, column=width, value=SECRET_MARK).font = Font(bold=True, color="C00000")
            ws.oddHeader.right.text = SECRET_MARK
        if title:
            ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        if secret or title:
            ws.append([])
        ws.append([str(c) for c in table.columns])
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
        for row in table.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        for i, column in enumerate(table.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in table[column].tolist())])
            ws.column_dimensions[get_column_letter(i)].width = min(60, 4 + 2 * longest)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        ws.print_title_rows = f"{header_row}:{header_row}"
    return workbook_bytes_at(book, fixed_time(year), AUTHOR)


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def write_outputs(out_dir: Path, files: Mapping[str, bytes | Callable[[], bytes]]) -> list[Path]:
    """Write every file into ``out_dir`` through a temporary folder, then rename each into place.

    A reader never sees a half-written file; nothing is written when building one fails.
    Names may contain one sub-folder (``督办通知/x.docx``).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".tmp-") as tmp:
        staged = []
        for name, content in files.items():
            path = Path(tmp) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content() if callable(content) else content)
            staged.append((path, out_dir / name))
        for source, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            written.append(target)
    return written
