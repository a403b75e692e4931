"""A4 print setup for every workbook the project writes: one helper, the same on every sheet.

Paper A4, portrait or landscape by the width of the columns, fitted to one page wide (as many
pages tall as it takes), the header rows repeated on every page, the confidentiality mark
(考评工作秘密) at the right of the page header and footer, and 「第 n 页 共 m 页」 in the footer.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sunshine_analysis.config.vocab import SECRET_MARK

PAGE_NUMBERS = "第 &P 页 共 &N 页"
"""The footer: Excel replaces ``&P`` with the page number and ``&N`` with the page count."""

PORTRAIT_WIDTH = 90
"""Columns wider than this in all (Excel's width units, about one Latin character each) are
printed landscape: about what an A4 portrait page holds between its default margins at 100%."""

DEFAULT_WIDTH = 8.43
"""Excel's width of a column that sets none."""


def sheet_width(ws: Worksheet) -> float:
    """The sheet's columns' widths added up (unset ones at Excel's default).

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> ws["C1"] = "x"; ws.column_dimensions["A"].width = 20
    >>> sheet_width(ws) == 20 + 2 * DEFAULT_WIDTH
    True
    """
    dims = ws.column_dimensions  # indexing it adds a column at openpyxl's own width: look first
    letters = (get_column_letter(i) for i in range(1, ws.max_column + 1))
    return sum(dims[c].width if c in dims and dims[c].customWidth else DEFAULT_WIDTH for c in letters)


def a4_print_setup(
    ws: Worksheet,
    header_rows: str,
    *,
    title: str = "",
    mark: bool = True,
    landscape: bool | None = None,
) -> None:
    """Set up ``ws`` to print on A4 (see the module docstring).

    Call it after the columns' widths are set: they decide the orientation.

    Args:
        ws: The sheet.
        header_rows: The rows repeated at the top of every printed page, e.g. ``"3:3"``.
        title: Printed at the left of the page header, when given.
        mark: Print the confidentiality mark in the header and footer.
        landscape: Force the orientation; by default landscape when the columns are wider
            than :data:`PORTRAIT_WIDTH`.
    """
    wide = sheet_width(ws) > PORTRAIT_WIDTH if landscape is None else landscape
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if wide else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = header_rows
    if title:
        ws.oddHeader.left.text = title
    if mark:
        ws.oddHeader.right.text = SECRET_MARK
        ws.oddFooter.right.text = SECRET_MARK
    ws.oddFooter.center.text = PAGE_NUMBERS
