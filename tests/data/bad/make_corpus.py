"""Make the corpus of hostile and broken inputs (issue [hardening]).

Small files are committed beside this script (``python tests/data/bad/make_corpus.py``
rewrites them, except the password-protected workbook, which was encrypted once with
msoffcrypto-tool and committed as is). Large ones — 200,000 rows, a zip bomb unpacking to
2 GiB — are made at test time by :func:`make_large` into a temporary folder, in about a
second and a few MB, so nothing large is committed.

Workbooks are written as minimal SpreadsheetML by hand: that is how a web system exports
them, and it lets a file hold what Excel would not write (a 100,000-character cell, a merge
over the whole sheet, a lying zip header).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SCORE_HEADER = ["序号", "被考评单位", "抽查单位", "组织领导(40分)", "公开内容(60分)", "总分", "备注"]
GIB = 2**30

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
    'main+xml"/>{sheets}{strings}</Types>'
)
_CT_SHEET = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
)
_CT_STRINGS = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def cell_xml(ref: str, value: object) -> str:
    """One ``<c>`` element: numbers as values, text inline."""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], merges: tuple[str, ...] = ()) -> str:
    """A worksheet part holding ``rows`` from A1 and the merged ranges ``merges``."""
    body = "".join(
        f'<row r="{r}">' + "".join(cell_xml(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    merged = (
        f'<mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        + "</mergeCells>"
        if merges
        else ""
    )
    return f"{_XML}<worksheet {_NS}><sheetData>{body}</sheetData>{merged}</worksheet>"


def workbook_parts(sheets: list[tuple[str, str]], shared_strings: bool = False) -> dict[str, str]:
    """The parts of a minimal workbook whose sheets are (name, worksheet XML)."""
    n = len(sheets)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    if shared_strings:
        rels += f'<Relationship Id="rId{n + 1}" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    parts = {
        "[Content_Types].xml": _CT.format(
            sheets="".join(_CT_SHEET.format(n=i) for i in range(1, n + 1)),
            strings=_CT_STRINGS if shared_strings else "",
        ),
        "_rels/.rels": _RELS,
        "xl/workbook.xml": f'{_XML}<workbook {_NS} xmlns:r="{_REL_NS}"><sheets>'
        + "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
    }
    for i, (_, xml) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    return parts


def write_parts(target: Path | io.BytesIO, parts: dict[str, str]) -> Path | io.BytesIO:
    """Write a zip archive of ``parts`` with fixed timestamps (the same bytes every time)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return target


def score_rows() -> list[list[object]]:
    """The 阳光党务 score sheet of the tiny year (tests/conftest.py), row for row."""
    return [
        SCORE_HEADER,
        [1, "临颍县", "县委组织部", 36, 54, 90, ""],
        [2, "临颍县", "县民政局", 38, 50, 88, ""],
        [3, "西城区", "", 35.5, 52, 87.5, ""],
        [4, "市委组织部", "", 38, 57, 95, ""],
        [5, "市总工会", "", 35.36, 54, 89.36, ""],
        [6, "市妇联", "", 30.25, 50, 80.25, ""],
    ]


def make_small(folder: Path = HERE) -> list[Path]:
    """Write the committed corpus files into ``folder``."""
    f = folder
    good = write_parts(f / "_valid.xlsx", workbook_parts([("得分", sheet_xml(score_rows()))])).read_bytes()
    (f / "_valid.xlsx").unlink()
    long_note = "很长的备注" * 20_000
    written = {
        "空文件.csv": "\ufeff\r\n  \r\n".encode(),
        "阳光司法考评得分汇总表（零字节）.xlsx": b"",
        "阳光司法考评得分汇总表（传输中断）.xlsx": good[: len(good) // 2],
        "阳光民生考评得分汇总表（登录超时页面）.xls": (
            "<html><head><meta charset='utf-8'><title>提示</title></head>"
            "<body><p>会话已过期，请重新登录后再导出。</p></body></html>"
        ).encode(),
        "扣分情况汇总表（UTF-16 Unicode 文本）.csv": "\ufeff序号"
        "\t单位名称\t扣分类别\n1\t临颍县\t市级通报批评\n".encode("utf-16-le"),
        "扣分情况汇总表（繁体 Big5）.csv": "序號,單位名稱,扣分類別,文號,日期,事由\n"
        "1,臨潁縣,市級通報批評,,,\n".encode("big5"),
        "扣分情况汇总表（含空字符）.csv": (
            "序号,单位名称,扣分类别,文号,日期,事由\n" * 1
            + "1,临颍县,市级通报批评,漯〔2020〕3号,2020-03-02,原因\x00\x00\n"
        ).encode(),
    }
    for name, data in written.items():
        (f / name).write_bytes(data)
    paths = [f / n for n in written]
    rows = score_rows()
    rows[1][6] = long_note
    paths.append(
        write_parts(
            f / "阳光党务考评得分汇总表（超长单元格）.xlsx", workbook_parts([("得分", sheet_xml(rows))])
        )
    )
    rows = [["阳光党务考评得分汇总表"], *score_rows()]
    paths.append(
        write_parts(
            f / "阳光党务考评得分汇总表（整表合并）.xlsx",
            workbook_parts([("得分", sheet_xml(rows, merges=("A1:XFD1048576",)))]),
        )
    )
    sheets = [(f"Sheet{i}", sheet_xml([])) for i in range(1, 40)]
    sheets.insert(7, ("得分", sheet_xml(score_rows())))
    sheets.insert(0, ("填表说明", sheet_xml([["请在“得分”表中填写"], ["各项得分不得超过满分"]])))
    paths.append(write_parts(f / "阳光党务考评得分汇总表（多工作表）.xlsx", workbook_parts(sheets)))
    paths.append(
        write_parts(
            f / "阳光党务考评得分汇总表（标题行整行合并）.xlsx",
            workbook_parts(
                [("得分", sheet_xml([["阳光党务考评得分汇总表"], *score_rows()], merges=("A1:XFD1",)))]
            ),
        )
    )
    paths.append(
        write_parts(
            f / "阳光党务考评得分汇总表（300个工作表）.xlsx",
            workbook_parts([(f"Sheet{i}", sheet_xml([[i]])) for i in range(1, 301)]),
        )
    )
    deductions = [
        ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"],
        ["1", "临颍县", "市级通报批评", "漯阳光建办〔2020〕3号", "2020-03-02", "公开栏信息未及时更新"],
    ]
    table = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in deductions)
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>'
        f'<table border="1"><tr><td colspan="6">扣分情况汇总表</td></tr>{table}</table></body></html>'
    )
    (f / "扣分情况汇总表（网页导出）.xls").write_bytes(html.encode())
    paths.append(f / "扣分情况汇总表（网页导出）.xls")
    return paths


def make_large(folder: Path) -> dict[str, Path]:
    """Write the large corpus files into ``folder``: made at test time, never committed."""
    folder.mkdir(parents=True, exist_ok=True)
    # Rows without references (allowed, and what some exporters write) repeat as one string.
    row = (
        '<row><c t="inlineStr"><is><t>临颍县</t></is></c>'
        "<c><v>36</v></c><c><v>54</v></c><c><v>90</v></c></row>"
    )
    head = "".join(cell_xml(f"{chr(65 + c)}1", v) for c, v in enumerate(SCORE_HEADER[1:5]))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData><row r="1">{head}</row>'
        f"{row * 200_000}</sheetData></worksheet>"
    )
    return {
        "rows": write_parts(
            folder / "阳光党务考评得分汇总表（20万行）.xlsx", workbook_parts([("得分", xml)])
        ),
        "rows_csv": _write(
            folder / "阳光党务考评得分汇总表（20万行）.csv",
            (
                "序号,被考评单位,组织领导(40分),公开内容(60分),总分\n" + "1,临颍县,36,54,90\n" * 200_000
            ).encode(),
        ),
        "sparse_xls": write_sparse_xls(folder / "阳光党务考评得分汇总表（97格式稀疏）.xls"),
        "bomb": write_zip_bomb(folder / "阳光政务考评得分汇总表（压缩炸弹）.xlsx", 2 * GIB),
        "lying_bomb": write_zip_bomb(
            folder / "阳光政务考评得分汇总表（声明大小不实）.xlsx", 64 * 2**20, declare=1000
        ),
    }


def write_sparse_xls(path: Path) -> Path:
    """An Excel 97 workbook of a few KB whose two cells at opposite corners span 16 million."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("得分")
    for r, row in enumerate(score_rows()):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(65535, 255, "末尾")
    book.save(str(path))
    return path


def write_zip_bomb(path: Path, size: int, declare: int | None = None) -> Path:
    """A workbook whose shared strings unpack to ``size`` bytes of one repeated string.

    The deflate stream is one compressed block of 1 MiB repeated: after a full flush the
    compressor starts afresh, so each repetition is the same bytes, and 2 GiB costs about
    2 MB and a second. ``declare`` writes a smaller, false unpacked size into the headers.
    """
    block = b"<si><t>" + b"A" * (2**20 - 15) + b"</t></si>"
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_block = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    count = size // len(block)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    tail = packer.flush()
    sheet = sheet_xml([["被考评单位"], ["临颍县"]]).replace(
        '<c r="A2" t="inlineStr"><is><t>临颍县</t></is></c>', '<c r="A2" t="s"><v>0</v></c>'
    )
    buffer = write_parts(io.BytesIO(), workbook_parts([("得分", sheet)], shared_strings=True))
    archive = bytearray(buffer.getvalue())
    # Append the bomb entry by hand: zipfile cannot write a stream it did not compress.
    end = archive.rfind(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack("<HII", archive[end + 10 : end + 20])
    central = archive[cd_offset : cd_offset + cd_size]
    local_offset = cd_offset
    name = b"xl/sharedStrings.xml"
    unpacked = declare if declare is not None else count * len(block)
    packed_len = len(packed_block) * count + len(tail)
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, packed_len, unpacked, len(name), 0
    )
    record = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0x21,
        crc,
        packed_len,
        unpacked,
        len(name),
        0,
        0,
        0,
        0,
        0,
        local_offset,
    )
    with path.open("wb") as out:
        out.write(archive[:cd_offset])
        out.write(local + name)
        for _ in range(count):
            out.write(packed_block)
        out.write(tail)
        new_cd_offset = out.tell()
        out.write(bytes(central) + record + name)
        out.write(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                entries + 1,
                entries + 1,
                cd_size + len(record) + len(name),
                new_cd_offset,
                0,
            )
        )
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


if __name__ == "__main__":
    for written in make_small():
        print(written.name, written.stat().st_size)
