"""The sample's files, written through openpyxl and python-docx, reproducible byte for byte.

Every Office file gets the project's one fixed date (:mod:`sunshine_analysis.outputs.officefiles`),
so the same ``(year, seed)`` gives identical files on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sunshine_analysis.outputs.officefiles import document_bytes_at, workbook_bytes_at

AUTHOR = "市阳光办"
_BOLD = Font(bold=True)


def write_xlsx(
    path: Path,
    sheet: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: dict[int, float] | None = None,
    *,
    title: str | None = None,
) -> Path:
    """One table on the first sheet: the header in row 1, or below a merged title row and a
    blank row."""
    if title is None:
        return write_grid(path, sheet, [list(header), *rows], widths=widths, bold_rows={1})
    grid = [[title], [], list(header), *rows]
    merges = [f"A1:{get_column_letter(len(header))}1"]
    return write_grid(path, sheet, grid, widths=widths, bold_rows={1, 3}, merges=merges)


def write_grid(
    path: Path,
    sheet: str,
    grid: Sequence[Sequence[Any]],
    *,
    widths: dict[int, float] | None = None,
    bold_rows: set[int] = frozenset(),  # type: ignore[assignment]
    merges: Sequence[str] = (),
) -> Path:
    """A grid of cells (row 1 first; ``None`` leaves a cell empty) on the first sheet, with
    bold rows, column widths (1-based column → width) and merged ranges such as ``A1:G1``."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for values in grid:
        ws.append(list(values))
    for r in bold_rows:
        for cell in ws[r]:
            cell.font = _BOLD
    width = max(len(row) for row in grid)
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = (widths or {}).get(c, 12)
    for cells in merges:
        ws.merge_cells(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes_at(book, AUTHOR))
    return path


def write_docx(path: Path, paragraphs: Sequence[str]) -> Path:
    """A Word document of plain paragraphs, the first (the title) centred."""
    document = docx.Document()
    for i, text in enumerate(paragraphs):
        paragraph = document.add_paragraph(text)
        if i == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(document_bytes_at(document, AUTHOR, paragraphs[0] if paragraphs else ""))
    return path
