"""Read a received file into raw grids of cells: one list of rows per sheet.

python-calamine is the fast path for .xlsx and .xls; .csv is decoded as UTF-8 (with or
without BOM) or else GB18030. Each sheet is read once; everything after works on the grid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}
TEXT_SUFFIXES = {".txt", ".docx"}
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a received file, as a grid of raw cell values (row 1 is index 0)."""

    file: Path
    name: str
    rows: list[list[object]]


def read_sheets(path: Path) -> list[Sheet]:
    """Every non-empty sheet of a spreadsheet file, as raw grids.

    Raises:
        ValueError: The file cannot be read as a spreadsheet; the message is Chinese.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [Sheet(path, path.stem, _read_csv(path))]
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [
            Sheet(path, name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        ]
    except Exception as exc:  # calamine raises several types for damaged files
        raise ValueError(f"无法作为 Excel 文件读取：{exc}") from exc
    return [s for s in sheets if any(any(c not in ("", None) for c in row) for row in s.rows)]


def _read_csv(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        frame = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False)
        return frame.to_numpy().tolist()
    raise ValueError("无法识别的文本编码（应为 UTF-8 或 GB18030）")


def read_text(path: Path) -> str:
    """The text of a work summary (.txt in UTF-8/GB18030, or .docx)."""
    if path.suffix.lower() == ".docx":
        import docx  # python-docx; imported here as only summaries need it

        document = docx.Document(str(path))
        return "\n".join(p.text for p in document.paragraphs)
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别的文本编码（应为 UTF-8 或 GB18030）")
