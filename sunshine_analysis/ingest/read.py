"""Read a received file into raw grids of cells: one list of rows per sheet.

The reader is chosen by the file's content, not its extension: web systems often save an
HTML table or an .xlsx under the name ``.xls``. python-calamine is the fast path for .xlsx
and .xls (and gives the merged ranges of .xlsx); HTML tables and delimited text (UTF-8, with
or without BOM, or GB18030) are parsed here. Each file is read once; every later step works
on the grid. Any failure becomes a :class:`ReadError` with a Chinese message.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar
from xml.etree import ElementTree
from xml.parsers import expat

from python_calamine import CalamineWorkbook

from sunshine_analysis.ingest import guard

T = TypeVar("T")
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

Cell = object
Merge = tuple[int, int, int, int]
"""A merged range as (first row, first column, last row, last column), 0-based, inclusive."""


class ReadError(ValueError):
    """A file cannot be read; the message is Chinese and names what was expected."""


@dataclass(frozen=True)
class Sheet:
    """One sheet of a received file, as a grid of raw cell values (row 1 is index 0).

    Attributes:
        file: The file's path (relative to the raw folder once scanned).
        name: The sheet's name (the file's stem for .csv and HTML).
        rows: The cells, row by row; rows may differ in length.
        merged: Merged ranges, where the format records them (.xlsx); else empty.
        memo: What the later steps work out from the grid once (merged cells filled, the data
            rows below a header), kept for the next step that asks.
    """

    file: Path
    name: str
    rows: list[list[Cell]]
    merged: tuple[Merge, ...] = field(default=())
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def detect_format(data: bytes) -> str:
    """What a content is: ``xlsx``, ``docx``, ``zip``, ``xls``, ``html``, ``text``, ``binary`` or ``empty``.

    >>> detect_format(b"PK\\x03\\x04...xl/workbook.xml..."), detect_format(b"PK\\x03\\x04...")
    ('xlsx', 'zip')
    >>> detect_format("\\ufeff序号,单位".encode()), detect_format(b"  <HTML><table>")
    ('text', 'html')
    """
    if not data.strip():
        return "empty"
    if data.startswith(_ZIP):
        # Member names are stored uncompressed in the archive's directory.
        if b"word/document.xml" in data:
            return "docx"
        return "xlsx" if b"xl/workbook.xml" in data or b"xl/workbook.bin" in data else "zip"
    if data.startswith(_OLE2):
        return "xls"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta", b"<head")) or (
        head.startswith(b"<") and b"<table" in data[:65536].lower()
    ):
        return "html"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


def read_sheets(path: Path, data: bytes | None = None) -> list[Sheet]:
    """Every non-empty sheet of a spreadsheet file, as raw grids.

    Args:
        path: The file; its name is kept on each sheet.
        data: The file's bytes, when the caller has read them already.

    Raises:
        ReadError: The file cannot be read as a table; the message is Chinese.
    """
    data = path.read_bytes() if data is None else data
    # [hardening] refuse hostile or broken files before reading
    error_parts = _guard(guard.inspect_content, data)
    fmt = detect_format(data)
    reader = _SHEET_READERS.get(fmt)
    if reader is None:
        raise ReadError(_UNREADABLE.get(fmt, "无法作为表格读取"))
    try:
        sheets = _read_excel(path, data, error_parts) if reader is _read_excel else reader(path, data)
    except ReadError:
        raise
    except Exception as exc:  # the readers raise many types for damaged files
        raise ReadError(f"文件已损坏或无法读取（{_FORMAT_NAMES[fmt]}）：{exc}") from exc
    sheets = [_guard(guard.check_sheet, s) for s in sheets]  # [hardening] bound every sheet as read
    return [s for s in sheets if any(c not in ("", None) for row in s.rows for c in row)]


def read_text(path: Path, data: bytes | None = None) -> str:
    """The text of a work summary (.docx, or text in UTF-8/GB18030).

    A .docx gives the text of its body's paragraphs, one a line; see :func:`summary_text`,
    which gives the same text in pieces without ever holding the document.

    Raises:
        ReadError: The file holds neither text nor a Word document, is damaged, or is refused
            by the guard (the message then names the limit).
    """
    return "".join(summary_text(path, data))


def summary_text(path: Path, data: bytes | None = None, limits: guard.Limits = guard.LIMITS) -> Iterator[str]:
    """A work summary's text in pieces, as it is read: count as you go, keep nothing.

    A .docx is streamed (:func:`_word_text`) under one :class:`~.guard.Budget` for the file:
    its unpacked bytes, XML elements (:attr:`~.guard.Limits.document_elements`) and seconds;
    nothing of it is held but the chunk being parsed. A text file (at most
    :attr:`~.guard.Limits.file_bytes`) is decoded whole and given as one piece.

    Raises:
        ReadError: As :func:`read_text`; raised while iterating, possibly after some pieces.
    """
    data = _guard(guard.read_file, path, limits) if data is None else data
    fmt = detect_format(data)
    if fmt == "empty":
        return
    _guard(guard.inspect_content, data, limits)  # [hardening] refuse hostile or broken files before reading
    if fmt == "docx":
        try:
            yield from _word_text(data, limits)
        except guard.Refused as exc:  # [hardening] a limit of the budget, or a DOCTYPE
            raise ReadError(str(exc)) from exc
        return
    if fmt != "text":
        raise ReadError(_UNREADABLE.get(fmt, "不是文本或 Word（.docx）文件"))
    yield decode_text(data)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_MAIN_PART = "word/document.xml"
# What each element is to the text; a run's inner content as python-docx gives it as text
# (a line break but not a page or column break is a newline; a no-break hyphen is "-").
_DOCUMENT, _BODY, _PARAGRAPH, _HYPERLINK, _RUN, _TEXT = range(1, 7)
_RUN_CONTENT = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}
_T, _R, _P, _HYPERLINK_TAG, _BODY_TAG, _DOCUMENT_TAG = (
    f"{_W}{name}" for name in ("t", "r", "p", "hyperlink", "body", "document")
)
_BREAK, _BREAK_TYPE = f"{_W}br", f"{_W}type"


def _word_text(data: bytes, limits: guard.Limits = guard.LIMITS) -> Iterator[str]:
    """The text of a .docx's body paragraphs, streamed: the text python-docx gives as
    ``"\\n".join(p.text for p in Document(...).paragraphs)``, in pieces.

    As python-docx does, only the paragraphs directly in the body count (not those in tables,
    text boxes, content controls or tracked insertions), and of each paragraph the runs
    directly in it or in a hyperlink. The main part is found through ``_rels/.rels`` (as
    python-docx finds it), else taken as ``word/document.xml``.

    The part is unpacked in 1 MiB chunks, each charged to the file's budget before expat
    parses it; expat calls back for each element and keeps no tree, so memory holds one chunk,
    the pieces of text it gave, and at most :attr:`~.guard.Limits.xml_token_bytes` of an
    unfinished tag. A DOCTYPE is refused (by the budget's byte scan and again
    by expat's callback), so no entity is ever declared or expanded.

    Raises:
        guard.Refused: A limit of the budget is passed, or the part declares a DOCTYPE.
        ReadError: The file is damaged: no main part, a bad zip entry, malformed XML.
    """
    budget = guard.Budget(limits.document_elements, "Word 文件", limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        part = _main_part(archive, budget) if "_rels/.rels" in names else _MAIN_PART
        if part not in names:
            raise ReadError(f"Word 文件已损坏或无法读取：缺少正文部件 {part}")
        pieces: list[str] = []
        for _ in _parse_part(archive, part, _word_parser(pieces, budget), budget):
            yield from pieces
            pieces.clear()
        budget.check_time()
    except expat.ExpatError as exc:
        raise ReadError(f"Word 文件已损坏或无法读取（正文不是完整的 XML：{exc}）") from exc
    except RuntimeError as exc:  # zipfile: an entry encrypted with a password
        raise ReadError("Word 文件设有密码（已加密），无法读取；请取消密码后再报送") from exc
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, zlib.error) as exc:
        raise ReadError(f"Word 文件已损坏或无法读取（{exc}）") from exc


def _word_parser(pieces: list[str], budget: guard.Budget) -> expat.XMLParserType:
    """An expat parser that appends the text of a document's body paragraphs to ``pieces``."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    roles: list[int] = [0]
    paragraphs = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal paragraphs
        parent, role = roles[-1], 0
        if parent == _RUN:
            if name == _T:
                role = _TEXT
            elif name == _BREAK:
                if attrs.get(_BREAK_TYPE, "textWrapping") == "textWrapping":
                    pieces.append("\n")
            elif name in _RUN_CONTENT:
                pieces.append(_RUN_CONTENT[name])
        elif name == _R and parent in (_PARAGRAPH, _HYPERLINK):
            role = _RUN
        elif parent == _PARAGRAPH and name == _HYPERLINK_TAG:
            role = _HYPERLINK
        elif parent == _BODY and name == _P:
            role = _PARAGRAPH
            if paragraphs:
                pieces.append("\n")
            paragraphs += 1
        elif len(roles) == 1 and name == _DOCUMENT_TAG:
            role = _DOCUMENT
        elif parent == _DOCUMENT and name == _BODY_TAG:
            role = _BODY
        roles.append(role)

    def end(name: str) -> None:
        roles.pop()

    def text(data: str) -> None:
        if roles[-1] == _TEXT:
            pieces.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = budget.refuse_doctype
    parser.EntityDeclHandler = budget.refuse_doctype
    return parser


def _main_part(archive: zipfile.ZipFile, budget: guard.Budget) -> str:
    """The main document part named by the package's ``_rels/.rels``, else ``word/document.xml``."""
    targets: list[str] = []
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = budget.refuse_doctype
    parser.EntityDeclHandler = budget.refuse_doctype

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.endswith("}Relationship") and attrs.get("Type") == _OFFICE_DOCUMENT:
            targets.append(attrs.get("Target", ""))

    parser.StartElementHandler = start
    for _ in _parse_part(archive, "_rels/.rels", parser, budget):
        pass
    return targets[0].lstrip("/") if targets and targets[0] else _MAIN_PART


def _parse_part(
    archive: zipfile.ZipFile, name: str, parser: expat.XMLParserType, budget: guard.Budget
) -> Iterator[None]:
    """Feed one part to ``parser`` in 1 MiB chunks, each charged to ``budget`` before it is
    parsed; yields after each chunk (and after the end), for the caller to take what the
    handlers gathered. What expat holds unparsed (an unfinished tag) is bounded too."""
    fed = 0
    with archive.open(name) as stream:
        while chunk := stream.read(guard.MIB):
            budget.charge(chunk)
            parser.Parse(chunk, False)
            fed += len(chunk)
            budget.check_unparsed(fed - parser.CurrentByteIndex)
            yield
    parser.Parse(b"", True)
    yield


def _guard(check: Callable[..., T], *args: object) -> T:
    """[hardening] Run an input-guard check (:mod:`.guard`); a refusal becomes a ReadError."""
    try:
        return check(*args)
    except guard.Refused as exc:
        raise ReadError(str(exc)) from exc


def decode_text(data: bytes) -> str:
    """Decode text as UTF-8 (with or without BOM), else GB18030.

    >>> decode_text("临颍县".encode("gb18030")), decode_text("\\ufeff临颍县".encode())
    ('临颍县', '临颍县')
    """
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别的文本编码（应为 UTF-8 或 GB18030）")


def _read_excel(path: Path, data: bytes, error_parts: frozenset[str] = frozenset()) -> list[Sheet]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    errors = _xlsx_error_cells(data, error_parts) if data.startswith(_ZIP) else {}
    sheets = []
    _guard(guard.check_sheet_count, len(book.sheet_names))  # [hardening]
    cells = 0
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        cells = _guard(guard.check_dimensions, name, sheet.height, sheet.width, cells)  # [hardening]
        merged = tuple(
            (r0, c0, r1, c1) for (r0, c0), (r1, c1) in (getattr(sheet, "merged_cell_ranges", None) or ())
        )
        rows = sheet.to_python(skip_empty_area=False)
        for r, c, text in errors.get(name, ()):
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = text
        sheets.append(Sheet(path, name, rows, merged))
    return sheets


_CELL = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_STYLE = re.compile(rb'\bs="(\d+)"')
_TYPE = re.compile(rb'\bt="(s|str|inlineStr|b|e)"')
_EXTERNAL = re.compile(rb"<f\b[^>]*>([^<]*\[\d+\][^<]*)</f>")


def _xlsx_error_cells(data: bytes, error_parts: frozenset[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Cells of an .xlsx whose value calamine does not give as a person sees it, by sheet.

    calamine reads error cells as empty, and a percentage-formatted number as its bare value
    (0.835 for 83.5%): a score cell holding ``#DIV/0!`` must be reported as such, and one shown
    as 83.5% read as 83.5%; and a formula reading another workbook (``[1]Sheet1!B2``) by the
    value cached when that workbook was last at hand, which nobody here can check: it is given
    as its formula, for the checks to report. Only the sheets that hold such cells are scanned,
    and only when the workbook has one at all (``error_parts``: the guard saw them while
    streaming the parts).

    Returns:
        Sheet name → (row, column, the cell's text: the error value, ``83.5%``, or ``=[1]…``).
    """
    if not error_parts:  # no error cell and no percentage format: nothing to look at again
        return {}
    book = zipfile.ZipFile(io.BytesIO(data))
    names = set(book.namelist())
    percent = _percent_styles(book.read("xl/styles.xml")) if "xl/styles.xml" in error_parts else set()
    worksheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    parts = {n: book.read(n) for n in worksheets if percent or n in error_parts}
    marks = [b't="e"', b"<f", *(f's="{i}"'.encode() for i in sorted(percent))]
    if not any(m in xml for xml in parts.values() for m in marks):
        return {}
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    }
    found: dict[str, list[tuple[int, int, str]]] = {}
    for sheet in ElementTree.fromstring(book.read("xl/workbook.xml")).iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(ns), "").lstrip("/")
        xml = parts.get(target if target.startswith("xl/") else f"xl/{target}", b"")
        if not any(m in xml for m in marks):
            continue
        for attrs, body in _CELL.findall(xml):
            ref, value, style = _REF.search(attrs), _VALUE.search(body), _STYLE.search(attrs)
            formula = _EXTERNAL.search(body)
            if ref and formula:  # its cached value is another workbook's, as last opened
                text = "=" + html.unescape(formula.group(1).decode())
            elif not (ref and value):
                continue
            elif b't="e"' in attrs:
                text = value.group(1).decode()
            elif style and int(style.group(1)) in percent and _TYPE.search(attrs) is None:
                try:
                    text = format(Decimal(value.group(1).decode()) * 100, "f")
                except InvalidOperation:
                    continue
                text = (text.rstrip("0").rstrip(".") if "." in text else text) + "%"
            else:
                continue
            col = 0
            for letter in ref.group(1):
                col = col * 26 + letter - 64
            found.setdefault(sheet.get("name", ""), []).append((int(ref.group(2)) - 1, col - 1, text))
    return found


def _percent_styles(styles: bytes) -> set[int]:
    """The cell style indices (``s``) of an .xlsx whose number format shows a percentage."""
    if b"%" not in styles and b'numFmtId="9"' not in styles and b'numFmtId="10"' not in styles:
        return set()
    root = ElementTree.fromstring(styles)
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    formats = {9, 10}  # Excel's built-in 0% and 0.00%
    for fmt in root.iter(f"{main}numFmt"):
        if "%" in (fmt.get("formatCode") or ""):
            formats.add(int(fmt.get("numFmtId", "-1")))
    xfs = root.find(f"{main}cellXfs")
    if xfs is None:
        return set()
    return {i for i, xf in enumerate(xfs.findall(f"{main}xf")) if int(xf.get("numFmtId", "0")) in formats}


def _read_delimited(path: Path, data: bytes) -> list[Sheet]:
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [Sheet(path, path.stem, rows)]


def _read_html(path: Path, data: bytes) -> list[Sheet]:
    parser = _TableParser()
    parser.feed(decode_text(data))
    parser.close()
    if not parser.tables:
        raise ReadError("网页文件中没有表格")
    return [
        Sheet(path, path.stem if i == 0 else f"{path.stem}-{i + 1}", rows, tuple(merges))
        for i, (rows, merges) in enumerate(parser.tables)
    ]


class _TableParser(HTMLParser):
    """Collect every ``<table>`` as a grid and its merged ranges: a colspan or rowspan cell is a
    merged range, like a merged cell of a workbook, its value in its top-left cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[str]], list[Merge]]] = []
        self._rows: list[list[str]] | None = None
        self._merges: list[Merge] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._pending: dict[tuple[int, int], str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows, self._pending, self._merges = [], {}, []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
            self._fill_pending()
        elif tag in ("td", "th") and self._rows is not None:
            if not self._rows:
                self._rows.append([])
            values = dict(attrs)
            self._span = (_int_attr(values.get("rowspan")), _int_attr(values.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._rows is not None:
            row = self._rows[-1]
            rowspan, colspan = self._span
            col = len(row)
            row.append("".join(self._cell).strip())
            row.extend([""] * (colspan - 1))
            for extra in range(1, rowspan):
                for c in range(col, col + colspan):
                    self._pending[(len(self._rows) - 1 + extra, c)] = ""
            if rowspan > 1 or colspan > 1:
                r = len(self._rows) - 1
                self._merges.append((r, col, r + rowspan - 1, col + colspan - 1))
            self._cell = None
            self._fill_pending()
        elif tag == "table" and self._rows is not None:
            self.tables.append((self._rows, self._merges))
            self._rows = None

    def _fill_pending(self) -> None:
        assert self._rows is not None
        row, r = self._rows[-1], len(self._rows) - 1
        while (r, len(row)) in self._pending:
            row.append(self._pending.pop((r, len(row))))


def _int_attr(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


_SHEET_READERS = {"xlsx": _read_excel, "xls": _read_excel, "html": _read_html, "text": _read_delimited}
_FORMAT_NAMES = {
    "xlsx": "Excel 工作簿",
    "xls": "Excel 97-2003 工作簿",
    "html": "网页表格",
    "text": "文本表格",
}
_UNREADABLE = {
    "empty": "文件是空的",
    "docx": "这是 Word 文档，不是表格",
    "zip": "这是压缩包或无法识别的 Office 文件，不是 Excel 工作簿",
    "binary": "无法识别的二进制文件（不是 Excel、CSV 或网页表格）",
    "xlsx": "这是 Excel 工作簿，不是文本或 Word 文件",
    "xls": "这是 Excel 97-2003 工作簿（或加密文件），不是文本或 Word 文件",
    "html": "这是网页文件，不是文本或 Word 文件",
}
