"""Guard the readers against hostile and broken files: inspect before reading, bound after.

Files arrive from some ninety senders; some are damaged, some exported by web systems, a
few could be hostile. Before any reader parses a file, :func:`inspect_content` looks at its
bytes (never at its extension): empty files, oversized files, damaged or truncated zip
archives (.xlsx, .docx), zip bombs (entries whose unpacked size is out of all proportion,
refused from the sizes the archive declares and verified while streaming, so nothing large
is ever held in memory), password-protected workbooks, UTF-16 or NUL-laden text, and sheets
whose rows, columns or cells exceed the limits. Whatever XML a reader or the guard takes in
from an Office file is charged, chunk by chunk and before it is parsed, to the file's
:class:`Budget` (unpacked bytes, XML elements, seconds); a part declaring a DOCTYPE is
refused, so no entity can be expanded. After reading, :func:`check_sheet` bounds
what a reader returned (rows, columns, cells, cell length, NUL characters) and clips merged
ranges to the grid, so that a title merged across a whole sheet costs nothing.

Every limit lives in :data:`LIMITS`. Every refusal is a :class:`Refused` error whose Chinese
message says what was found and what is expected; the caller records it as a problem of the
file, so one run lists every bad file at once.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from sunshine_analysis.ingest.read import Sheet

MIB = 2**20


@dataclass(frozen=True)
class Limits:
    """The largest inputs accepted; far above any real file of the office, far below harm.

    Attributes:
        file_bytes: Size of a received file.
        unpacked_bytes: Total unpacked size of a zip-based file (.xlsx, .docx).
        entry_ratio: Largest unpacked-to-packed ratio of an entry above ``ratio_floor`` bytes;
            real spreadsheet XML packs 5–50 times (a few hundred at most), a zip bomb ~1000 times.
        ratio_floor: Entries smaller than this are not checked for their ratio.
        zip_entries: Entries of a zip archive.
        sheets: Sheets of a workbook.
        rows: Rows of a sheet (a real score sheet has a few hundred).
        columns: Columns of a sheet.
        cells: Cells of a sheet's grid (rows × columns), which bounds memory.
        cell_chars: Characters of one cell (Excel's own limit).
        xml_elements: XML elements in the parts of one workbook the guard streams (worksheets,
            shared strings, styles). A real workbook of the office has tens of thousands
            (a few hundred rows × a few dozen columns, two or three elements a cell); 4 million
            is about 100 times that. calamine holds every shared string in memory: 256 MB of
            one-letter strings (30 million elements, within the byte and ratio limits) costs it
            850 MB and 7 s; 4 million elements, about 120 MB and 1 s. A workbook near the cell
            limit with a string in every cell reaches this limit first.
        document_elements: XML elements of a Word document's main part (a work summary). A real
            summary of a few pages has a few thousand to a few tens of thousand elements; 1
            million (a document of some 2,000 pages) is reached in about 1 s and 10 MB. Its
            text is read by a Python-level parser at about a million elements a second, hence
            a lower limit than the workbook's, whose parts calamine parses in Rust.
        xml_token_bytes: Bytes of one unfinished XML token (a tag with its attributes, a
            comment) a parser holds between chunks. Text is passed on as it comes; a real tag
            has at most a few kilobytes. expat scans an unfinished token again for every chunk
            that arrives, so one tag of 200 MB took it longer than 10 s; 4 MB costs nothing.
        parse_seconds: Seconds spent reading one Office file's XML, checked between chunks: a
            backstop for what the other limits do not foresee. A real summary takes
            milliseconds and a real workbook's parts well under a second; 10 s is far above
            both and far below the minutes a hostile file took before this limit.
    """

    file_bytes: int = 64 * MIB
    unpacked_bytes: int = 256 * MIB
    entry_ratio: int = 500
    ratio_floor: int = 4 * MIB
    zip_entries: int = 10_000
    sheets: int = 255
    rows: int = 50_000
    columns: int = 1_000
    cells: int = 2_000_000
    cell_chars: int = 32_767
    xml_elements: int = 4_000_000
    document_elements: int = 1_000_000
    xml_token_bytes: int = 4 * MIB
    parse_seconds: float = 10.0


LIMITS = Limits()

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Stream names of an encrypted OOXML package inside its OLE2 container (MS-OFFCRYPTO),
# stored as UTF-16LE in the container's directory.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
# An encrypted .xls (BIFF8): the workbook globals' BOF record (type 0x0809, 16 bytes, BIFF8,
# globals) followed at once by FILEPASS (0x002F), as the format requires.
_XLS_ENCRYPTED = re.compile(rb"\x09\x08\x10\x00\x00\x06\x05\x00.{12}\x2f\x00", re.S)
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
# Row and cell references in worksheet XML ( r="12" on a row, r="AB12" on a cell); rows need
# not carry one, so row tags are counted too. Plain searches: a sheet can be large.
_PREFIXED_ROWS = (b":row ", b":row>")
_ROW_REF = re.compile(rb' r="[A-Z]{0,3}(\d+)"')
_COLUMN_REF = re.compile(rb' r="([A-Z]{1,3})\d')
# Most sheets are narrow: no reference beyond column Z. Such a sheet has at most 26 columns,
# so only its height can break a limit (26 × the row limit is below the cell limit), and only
# a reference of four digits or more can raise it much above the rows counted; it is checked
# as 26 columns wide. The others' extent is worked out exactly.
_WIDE_REF = re.compile(rb' r="[A-Z]{2}')
_LONG_ROW_REF = re.compile(rb' r="[A-Z]{0,3}(\d{4,})"')
_NARROW = 26
# A formula that reads another workbook: [1]Sheet1!B2, '[1]表一'!B2, SUM([2]汇总!C3:C9).
_EXTERNAL_FORMULA = re.compile(rb"<f\b[^>]*>[^<]*\[\d+\]")
# The parts calamine reads in bulk; the rest (styles, themes) are small or never read.
_STREAMED = {"xl/sharedStrings.xml", "xl/styles.xml"}
_STYLES = "xl/styles.xml"
_PERCENT_MARKS = (b"%", b'numFmtId="9"', b'numFmtId="10"')
_HTML_CELL = re.compile(rb"<t[dh]\b([^>]*)>", re.I)
_HTML_SPAN = re.compile(rb'(row|col)span\s*=\s*["\']?\s*(\d+)', re.I)
_CHUNK = MIB


class Refused(ValueError):
    """A file refused by the guard; the message is Chinese and says what was found."""


class Budget:
    """What reading one Office file may spend: unpacked bytes, XML elements and seconds.

    One budget is opened per file; every chunk of XML taken from the file (by the guard's own
    streaming or by a reader) is charged to it *before* it is parsed, so the first limit
    passed refuses the file with a message naming that limit, and no parser is given the
    chunk that passed it. Elements are counted from the bytes, as the ``<`` that do not
    open an end tag (declarations, comments and processing instructions count too, so the
    count errs high by a few): counting is a byte scan, cheaper than parsing. A chunk holding
    ``<!DOCTYPE`` is refused: Office never writes one, and without it no entity can be
    declared, so entity expansion ("billion laughs") cannot happen.

    Args:
        elements: The most XML elements allowed (:attr:`Limits.xml_elements` for a workbook,
            :attr:`Limits.document_elements` for a Word document).
        what: The file as the messages name it (``工作簿``, ``Word 文件``).
        limits: The byte and time limits.

    >>> budget = Budget(3, "Word 文件")
    >>> budget.charge(b"<w:p/><w:p/>")
    >>> budget.charge(b"<w:p></w:p><w:p/>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sunshine_analysis.ingest.guard.Refused: Word 文件中的 XML 元素超过 3 个的上限...
    """

    def __init__(self, elements: int, what: str, limits: Limits = LIMITS) -> None:
        self.max_elements = elements
        self.what = what
        self.limits = limits
        self.bytes = 0
        self.elements = 0
        self._started = time.monotonic()
        self._tail = b""

    def charge(self, chunk: bytes) -> None:
        """Count one chunk of XML before it is parsed.

        Raises:
            Refused: The file passes a limit with this chunk, or declares a DOCTYPE.
        """
        self.bytes += len(chunk)
        self.elements += chunk.count(b"<") - chunk.count(b"</")
        # With the tail of the previous chunk, a declaration split between two is found too.
        if b"<!DOCTYPE" in chunk or b"<!DOCTYPE" in self._tail + chunk[:8]:
            self.refuse_doctype()
        self._tail = chunk[-8:]
        if self.bytes > self.limits.unpacked_bytes:
            raise Refused(
                f"{self.what}解压后超过 {_mib(self.limits.unpacked_bytes)} 的上限（疑似“压缩炸弹”或异常文件）"
            )
        if self.elements > self.max_elements:
            raise Refused(
                f"{self.what}中的 XML 元素超过 {self.max_elements} 个的上限（正常文件远少于此，"
                "疑似异常文件）；请用 Word 或 Excel 另存后再报送"
            )
        self.check_time()

    def check_unparsed(self, pending: int) -> None:
        """Refuse the file when its parser holds more than the limit of one unfinished token.

        Args:
            pending: Bytes given to the parser that it has not yet parsed.
        """
        if pending > self.limits.xml_token_bytes:
            raise Refused(
                f"{self.what}中有一个长于 {_mib(self.limits.xml_token_bytes)} 的 XML 标签或注释"
                "（正常文件只有几 KB）；疑似异常文件，请用 Word 或 Excel 另存后再报送"
            )

    def refuse_doctype(self, *_: object) -> None:
        """Refuse the file for declaring a DOCTYPE (also an expat handler: it takes any arguments)."""
        raise Refused(
            f"{self.what}中含有文档类型声明（DOCTYPE），正常的 Office 文件没有；"
            "疑似构造的恶意文件（实体膨胀），已拒绝读取"
        )

    def check_time(self) -> None:
        """Refuse the file once reading it has taken longer than the limit."""
        spent = time.monotonic() - self._started
        if spent > self.limits.parse_seconds:
            raise Refused(
                f"读取{self.what}已用 {spent:.0f} 秒，超过 {self.limits.parse_seconds:g} 秒的时间上限"
                "（疑似异常文件）；请用 Word 或 Excel 另存后再报送"
            )


def read_file(path: Path, limits: Limits = LIMITS) -> bytes:
    """A received file's bytes, refused unread when it is larger than the limit.

    Raises:
        Refused: The file is too large, or cannot be opened (locked, no permission).
    """
    try:
        size = path.stat().st_size
        if size <= limits.file_bytes:
            with path.open("rb") as stream:
                # A file that grew since stat() is read up to one byte over the limit, no
                # further; asking for the limit itself would allocate 64 MB for every file.
                data = stream.read(size + 1)
                data += stream.read(limits.file_bytes + 1 - len(data)) if len(data) > size else b""
                size = len(data)
    except OSError as exc:
        raise Refused(f"无法打开文件（{exc.strerror or exc}）；文件可能正被其他程序占用") from exc
    if size > limits.file_bytes:
        raise Refused(f"文件过大（{_mib(size)}），超过 {_mib(limits.file_bytes)} 的上限")
    return data


def inspect_content(data: bytes, limits: Limits = LIMITS) -> frozenset[str]:
    """Refuse a received file's content before any reader parses it.

    Args:
        data: The file's bytes.
        limits: The limits to apply.

    Returns:
        The parts of an .xlsx the reader must look at again, seen while streaming them: the
        worksheets holding an Excel error value (``t="e"``) or a formula reading another
        workbook, and ``xl/styles.xml`` when it defines a percentage format; so that most
        workbooks are not unpacked a second time.

    Raises:
        Refused: The file is empty, too large, damaged, encrypted, a zip bomb, or holds
            more rows, columns or cells than the limits allow.

    >>> inspect_content(b"")
    Traceback (most recent call last):
    ...
    sunshine_analysis.ingest.guard.Refused: 文件是空的（0 字节）
    >>> inspect_content("序号,单位名称\\n1,临颍县\\n".encode())
    frozenset()
    """
    if not data:
        raise Refused("文件是空的（0 字节）")
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise Refused("文件是空的（只有空白）")
    if len(data) > limits.file_bytes:
        raise Refused(f"文件过大（{_mib(len(data))}），超过 {_mib(limits.file_bytes)} 的上限")
    if data.startswith((_ZIP, _EMPTY_ZIP)):
        return _inspect_zip(data, limits)
    if data.startswith(_OLE2):
        if any(name in data for name in _ENCRYPTED_STREAMS) or _XLS_ENCRYPTED.search(data):
            raise Refused("文件设有打开密码（已加密），无法读取；请取消密码后另存为 .xlsx 再报送")
    else:
        _inspect_text(data, limits)
    return frozenset()


def check_sheet(sheet: Sheet, limits: Limits = LIMITS) -> Sheet:
    """Bound one sheet as read: its size and cells; merged ranges clipped to its grid.

    Returns:
        The sheet, its merged ranges (if any) clipped to the rows and columns it has.

    Raises:
        Refused: The sheet exceeds a limit or a cell holds a NUL character; the message
            names the sheet, and the row and column of the cell.
    """
    rows = sheet.rows
    width = max((len(r) for r in rows), default=0)
    where = f"工作表「{sheet.name}」"
    _check_size(len(rows), width, limits, where)
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            if len(cell) > limits.cell_chars:
                raise Refused(
                    f"{where}第 {r} 行 {get_column_letter(c + 1)} 列的单元格有 {len(cell)} 个字符，"
                    f"超过每格 {limits.cell_chars} 个字符的上限"
                )
            if "\x00" in cell:
                raise Refused(
                    f"{where}第 {r} 行 {get_column_letter(c + 1)} 列的单元格含有空字符（NUL），文件可能已损坏"
                )
    merged = getattr(sheet, "merged", ())
    if not merged:
        return sheet
    clipped = tuple(
        (r0, c0, min(r1, len(rows) - 1), min(c1, width - 1))
        for r0, c0, r1, c1 in merged
        if r0 < len(rows) and c0 < width
    )
    return replace(sheet, merged=clipped)


def check_sheet_count(count: int, limits: Limits = LIMITS) -> None:
    """Refuse a workbook with more sheets than the limit."""
    if count > limits.sheets:
        raise Refused(f"工作簿有 {count} 个工作表，超过 {limits.sheets} 个的上限")


def check_dimensions(name: str, height: int, width: int, used: int = 0, limits: Limits = LIMITS) -> int:
    """Refuse a sheet from its dimensions, before its cells are turned into Python objects.

    Args:
        name: The sheet's name.
        height: Its rows.
        width: Its columns.
        used: The cells of the workbook's sheets before this one: the limit is per file.

    Returns:
        The cells used with this sheet's.
    """
    _check_size(height, width, limits, f"工作表「{name}」")
    _check_total(used + height * width, limits)
    return used + height * width


def _check_size(height: int, width: int, limits: Limits, where: str) -> None:
    if height > limits.rows:
        raise Refused(f"{where}有 {height} 行，超过 {limits.rows} 行的上限；请只报送考评用的表格")
    if width > limits.columns:
        raise Refused(f"{where}有 {width} 列，超过 {limits.columns} 列的上限")
    if height * width > limits.cells:
        raise Refused(f"{where}有 {height} 行 × {width} 列，超过 {limits.cells} 个单元格的上限")


def _check_total(cells: int, limits: Limits) -> None:
    if cells > limits.cells:
        raise Refused(f"各工作表合计超过 {limits.cells} 个单元格的上限")


def _inspect_zip(data: bytes, limits: Limits) -> frozenset[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise Refused("文件不完整或已损坏（压缩包结构不完整，可能在下载或拷贝时被截断）") from exc
    if not entries:
        raise Refused("文件是空的压缩包，不是 Excel 或 Word 文件")
    if len(entries) > limits.zip_entries:
        raise Refused(f"压缩包中有 {len(entries)} 个部件，超过 {limits.zip_entries} 个的上限")
    declared = sum(e.file_size for e in entries)
    if declared > limits.unpacked_bytes:
        raise Refused(
            f"文件解压后达 {_mib(declared)}，超过 {_mib(limits.unpacked_bytes)} 的上限"
            "（疑似“压缩炸弹”或异常文件）"
        )
    for e in entries:
        if e.file_size > limits.ratio_floor and e.file_size > limits.entry_ratio * max(e.compress_size, 1):
            raise Refused(
                f"文件中的部件「{e.filename}」压缩比异常（{_mib(e.compress_size)} "
                f"解压为 {_mib(e.file_size)}），疑似“压缩炸弹”"
            )
    sheets = [e for e in entries if _WORKSHEET.fullmatch(e.filename)]
    check_sheet_count(len(sheets), limits)
    # Each sheet's extent is bounded here, before calamine builds its grid; the workbook's
    # total is checked from calamine's dimensions before any cell becomes a Python object.
    with_errors = set()
    budget = Budget(limits.xml_elements, "工作簿", limits)
    for e in entries:
        streamed = e.filename in _STREAMED or e in sheets
        if streamed and _stream_entry(archive, e, e in sheets, limits, budget):
            with_errors.add(e.filename)  # a worksheet with error cells, or percent styles
    return frozenset(with_errors)


def _stream_entry(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, is_sheet: bool, limits: Limits, budget: Budget
) -> bool:
    """Unpack one entry in chunks: checks its CRC, charges the workbook's budget (bytes, XML
    elements, time, no DOCTYPE), and for a worksheet checks its extent.

    Returns:
        Whether the worksheet holds an Excel error value (for the styles part: a percentage
        format).

    zipfile stops at the declared size and checks the CRC, so a part that lies about its size
    is refused here with a clear message (calamine, too, stops at the declared size).
    """
    rows, height, width, tail, errors = 0, 0, 0, b"", False
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                budget.charge(chunk)
                if not is_sheet:
                    errors = errors or (entry.filename == _STYLES and any(m in chunk for m in _PERCENT_MARKS))
                    continue
                # Carry an unfinished tag over to the next chunk so no reference is split.
                text = tail + chunk
                cut = text.rfind(b"<")
                text, tail = (text[:cut], text[cut:]) if cut > 0 and len(text) - cut < 4096 else (text, b"")
                # <row …> tags (and the rare <rowBreaks>: an upper bound is enough); a prefixed
                # namespace (<x:row>) only when the part uses one.
                rows += text.count(b"<row") + (
                    sum(text.count(t) for t in _PREFIXED_ROWS) if b":row" in text else 0
                )
                errors = errors or b't="e"' in text or _EXTERNAL_FORMULA.search(text) is not None
                if width > _NARROW or _WIDE_REF.search(text):
                    height = max([height, rows, *map(int, _ROW_REF.findall(text))])
                    width = max([width, *map(_column_number, set(_COLUMN_REF.findall(text)))])
                else:
                    height = max([height, rows, *map(int, _LONG_ROW_REF.findall(text))])
                    width = _NARROW
                _check_size(height, width, limits, "其中一个工作表")
    except Refused:
        raise
    except RuntimeError as exc:  # zipfile: an entry encrypted with a password
        raise Refused("文件设有密码（已加密），无法读取；请取消密码后再报送") from exc
    except NotImplementedError as exc:
        raise Refused("文件使用了不支持的压缩方式，请用 Excel 另存为 .xlsx 后再报送") from exc
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise Refused("文件不完整或已损坏（解压校验失败，可能在下载或拷贝时被截断）") from exc
    return errors


def _inspect_text(data: bytes, limits: Limits) -> None:
    if data.startswith(_UTF16_BOMS) or _looks_utf16(data[:512]):
        raise Refused("文本编码为 UTF-16，无法读取；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再报送")
    if b"\x00" in data:
        raise Refused("这是含有空字符（NUL）的二进制文件，不是 Excel、CSV 或网页表格，可能已损坏")
    rows = max(data.count(b"\n"), data.count(b"\r")) + 1
    if rows > limits.rows:
        raise Refused(f"文件有 {rows} 行，超过 {limits.rows} 行的上限；请只报送考评用的表格")
    head = data[:65536].lower()
    if (
        head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"<html", b"<!doctype html"))
        and b"<table" not in data.lower()
    ):
        raise Refused("这是网页文件，其中没有表格（可能是系统导出失败或登录超时的页面）；请重新导出后再报送")
    if b"<t" in head or b"<html" in head:
        cells = 0
        for attrs in _HTML_CELL.findall(data):
            spans = dict((k.lower(), int(v)) for k, v in _HTML_SPAN.findall(attrs))
            cells += max(1, spans.get(b"row", 1)) * max(1, spans.get(b"col", 1))
        if cells > limits.cells:
            raise Refused(f"网页表格展开后有 {cells} 个单元格，超过 {limits.cells} 个的上限")
    elif data.count(b",") + data.count(b"\t") + rows > limits.cells:
        raise Refused(f"文件的单元格超过 {limits.cells} 个的上限")


def _looks_utf16(head: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    return len(head) >= 8 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - ord("A") + 1
    return number


def _mib(size: int) -> str:
    return f"{size / MIB:.1f} MB"


__all__ = [
    "LIMITS",
    "Budget",
    "Limits",
    "Refused",
    "check_dimensions",
    "check_sheet",
    "check_sheet_count",
    "inspect_content",
    "read_file",
]
