"""The June workbooks: one table per sheet, reproducible byte for byte.

See :mod:`sunshine_analysis.outputs.officefiles`; the commands publish them with
:func:`sunshine_analysis.outputs.atomic.write_files`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sunshine_analysis.config.vocab import SECRET_MARK
from sunshine_analysis.outputs.formulas import as_text
from sunshine_analysis.outputs.officefiles import workbook_bytes_at
from sunshine_analysis.outputs.printing import a4_print_setup

AUTHOR = "市阳光办"


def workbook_bytes(
    sheets: Mapping[str, pd.DataFrame],
    *,
    titles: Mapping[str, str] | None = None,
    secret: bool = False,
) -> bytes:
    """An .xlsx of one table per sheet (Chinese headers as given), reproducible byte for byte.

    Args:
        sheets: Sheet name → table; the columns are the header row.
        titles: Optional sheet name → a title row written above the header.
        secret: Also mark every sheet 考评工作秘密 in its top-right cell (every printed page
            carries the mark in its header and footer anyway:
            :func:`sunshine_analysis.outputs.printing.a4_print_setup`).
    """
    book = Workbook()
    book.remove(book.active)
    for name, table in sheets.items():
        ws = book.create_sheet(name[:31])
        title = (titles or {}).get(name)
        width = max(len(table.columns), 1)
        if secret:
            ws.cell(row=1, column=width, value=SECRET_MARK).font = Font(bold=True, color="C00000")
        if title:
            ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        if secret or title:
            ws.append([])
        ws.append([str(c) for c in table.columns])
        header_row = ws.max_row
        as_text(ws[header_row])
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
        for row in table.itertuples(index=False):
            ws.append([_cell(v) for v in row])
            as_text(ws[ws.max_row])
        for i, column in enumerate(table.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in table[column].tolist())])
            ws.column_dimensions[get_column_letter(i)].width = min(60, 4 + 2 * longest)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        a4_print_setup(ws, f"{header_row}:{header_row}", title=title or name)
    return workbook_bytes_at(book, AUTHOR)


def _cell(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    return value
