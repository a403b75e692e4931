"""Hostile and broken inputs (tests/data/bad/): each is refused with a Chinese message naming
the file, exit 1, in bounded time and memory, nothing written, the raw folder untouched; the
web-export and many-sheet variants that hold a real table are read as that table.

Each case is one received file put into the tiny hand-worked year of conftest.py (replacing
the file of the same kind where there is one) and run through ``sunshine score`` in a child
process limited to 1.5 GiB of address space and 60 seconds.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sunshine_analysis.ingest import guard
from sunshine_analysis.ingest.read import Sheet, read_sheets

BAD = Path(__file__).parents[1] / "data" / "bad"
MEMORY = 3 * 2**29
TIMEOUT = 60
PARTY = "阳光党务考评得分汇总表（市委组织部报）.xlsx"
DEDUCTIONS = "扣分情况汇总表.xlsx"

_spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

# file in tests/data/bad → (file of the tiny year it replaces, or None, words the message must hold)
REFUSED = {
    "空文件.csv": (None, "文件是空的"),
    "阳光司法考评得分汇总表（零字节）.xlsx": (None, "文件是空的（0 字节）"),
    "阳光司法考评得分汇总表（传输中断）.xlsx": (None, "不完整或已损坏"),
    "阳光党务考评得分汇总表（设有打开密码）.xlsx": (PARTY, "密码"),
    "阳光民生考评得分汇总表（登录超时页面）.xls": (None, "没有表格"),
    "扣分情况汇总表（UTF-16 Unicode 文本）.csv": (DEDUCTIONS, "UTF-16"),
    "扣分情况汇总表（繁体 Big5）.csv": (DEDUCTIONS, "无法识别"),
    "扣分情况汇总表（含空字符）.csv": (DEDUCTIONS, "空字符"),
    "阳光党务考评得分汇总表（超长单元格）.xlsx": (PARTY, "超过每格 32767 个字符"),
    "阳光党务考评得分汇总表（300个工作表）.xlsx": (None, "300 个工作表"),
    # the title merged over the whole sheet (A1:XFD1048576) hides every header
    "阳光党务考评得分汇总表（整表合并）.xlsx": (PARTY, "无法识别"),
}
# made at test time by make_corpus.make_large → (replaced file, words)
REFUSED_LARGE = {
    "bomb": (PARTY, "压缩炸弹"),
    "lying_bomb": (PARTY, "已损坏"),
    "rows": (PARTY, "超过 50000 行"),
    "rows_csv": (PARTY, "超过 50000 行"),
    "sparse_xls": (PARTY, "65536 行"),
}
# read as the table they hold: the year scores exactly as the tiny year does
ACCEPTED = {
    "扣分情况汇总表（网页导出）.xls": DEDUCTIONS,
    "阳光党务考评得分汇总表（多工作表）.xlsx": PARTY,
    "阳光党务考评得分汇总表（标题行整行合并）.xlsx": PARTY,
}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``sunshine`` in a child process with bounded memory and time."""
    return subprocess.run(
        [sys.executable, "-m", "sunshine_analysis.cli", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def year_with(raw: Path, bad: Path, replaces: str | None) -> Path:
    """The tiny year ``raw`` with ``bad`` added, in place of ``replaces`` if given."""
    if replaces:
        (raw / replaces).unlink()
    shutil.copyfile(bad, raw / bad.name)
    return raw


def assert_refused(tmp_path: Path, raw: Path, name: str, words: str) -> None:
    before = snapshot(raw)
    out = tmp_path / "out"
    result = run_cli("score", str(raw), "--out", str(out))
    assert result.returncode == 1, result.stderr
    problem_lines = [line for line in result.stderr.splitlines() if name in line]
    assert problem_lines, f"the message does not name {name}:\n{result.stderr}"
    assert any(words in line for line in problem_lines), result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]
    assert snapshot(raw) == before


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_broken_or_hostile_file_is_refused(tmp_path: Path, tiny_year: Path, name: str) -> None:
    replaces, words = REFUSED[name]
    raw = year_with(tiny_year, BAD / name, replaces)
    assert_refused(tmp_path, raw, name, words)


@pytest.mark.parametrize("kind", sorted(REFUSED_LARGE))
def test_a_large_hostile_file_is_refused_in_bounded_time_and_memory(
    tmp_path: Path, tiny_year: Path, tmp_path_factory: pytest.TempPathFactory, kind: str
) -> None:
    made = _large(tmp_path_factory)[kind]
    replaces, words = REFUSED_LARGE[kind]
    raw = year_with(tiny_year, made, replaces)
    assert_refused(tmp_path, raw, made.name, words)


_LARGE: dict[str, Path] = {}


def _large(factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not _LARGE:
        _LARGE.update(corpus.make_large(factory.mktemp("large")))
    return _LARGE


def test_a_huge_file_dropped_in_by_mistake_is_refused_unread(tmp_path: Path, tiny_year: Path) -> None:
    video = tiny_year / "考评现场录像.mp4"
    with video.open("wb") as out:
        out.truncate(4 * 2**30)  # sparse: 4 GiB long, no disk used; reading it would exceed the memory limit
    assert_refused(tmp_path, tiny_year, video.name, "文件过大（4096.0 MB）")


def test_control_characters_from_a_file_are_shown_not_sent_to_the_terminal(tiny_year: Path) -> None:
    (tiny_year / "扣分\x1b[2J\u202e表.csv").write_bytes(b"")
    result = run_cli("validate", str(tiny_year))
    assert result.returncode == 1
    assert "扣分\\x1b[2J\\u202e表.csv" in result.stderr and "\x1b" not in result.stderr


def test_the_zip_bomb_really_unpacks_to_gigabytes(tmp_path_factory: pytest.TempPathFactory) -> None:
    import zipfile

    bomb = _large(tmp_path_factory)["bomb"]
    entry = zipfile.ZipFile(bomb).getinfo("xl/sharedStrings.xml")
    assert entry.file_size >= 2**31 - 2**21 and bomb.stat().st_size < 4 * 2**20


def test_every_bad_file_is_reported_in_one_run(tiny_year: Path) -> None:
    for name in REFUSED:
        shutil.copyfile(BAD / name, tiny_year / name)
    result = run_cli("validate", str(tiny_year))
    assert result.returncode == 1
    assert [n for n in REFUSED if n not in result.stderr] == []


def _composite(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "composite.csv", encoding="utf-8-sig", dtype={"composite": str})


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_a_file_that_holds_the_table_is_read_as_that_table(
    tmp_path: Path, tiny_year: Path, name: str
) -> None:
    raw = year_with(tiny_year, BAD / name, ACCEPTED[name])
    result = run_cli("score", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    composite = _composite(tmp_path / "out").set_index("unit_name")["composite"]
    # conftest.py works these out by hand; 临颍县 needs both the 党务 sheet and the deduction.
    assert composite.to_dict() == {
        "临颍县": "89.83",
        "西城区": "87.50",
        "市委组织部": "95.00",
        "市民政局": "89.36",
        "市总工会": "89.36",
        "市妇联": "80.25",
    }


def test_a_merge_over_the_whole_sheet_is_clipped_to_the_grid() -> None:
    sheets = read_sheets(BAD / "阳光党务考评得分汇总表（整表合并）.xlsx")
    title_row = read_sheets(BAD / "阳光党务考评得分汇总表（标题行整行合并）.xlsx")
    # 1 title row + header + 6 rows, 7 columns: A1:XFD1048576 → rows 0–7, columns 0–6.
    assert [s.merged for s in sheets] == [((0, 0, 7, 6),)]
    assert [s.merged for s in title_row] == [((0, 0, 0, 6),)]


def test_limits_come_from_one_place_and_apply_to_grids() -> None:
    small = guard.Limits(rows=3, columns=2, cells=6, cell_chars=5)
    sheet = Sheet(Path("x.csv"), "表一", [["a", "b"], ["c", "d"], ["e", "f"]])
    assert guard.check_sheet(sheet, small) is sheet
    with pytest.raises(guard.Refused, match="4 行，超过 3 行"):
        guard.check_sheet(Sheet(Path("x.csv"), "表一", [["a"]] * 4), small)
    with pytest.raises(guard.Refused, match="3 列，超过 2 列"):
        guard.check_sheet(Sheet(Path("x.csv"), "表一", [["a", "b", "c"]]), small)
    with pytest.raises(guard.Refused, match="第 2 行 B 列的单元格有 6 个字符"):
        guard.check_sheet(Sheet(Path("x.csv"), "表一", [["a", "b"], ["c", "d" * 6]]), small)


def test_the_cell_limit_is_per_file_not_per_sheet() -> None:
    small = guard.Limits(rows=10, columns=10, cells=6)
    used = guard.check_dimensions("表一", 2, 2, 0, small)
    assert used == 4
    with pytest.raises(guard.Refused, match="合计超过 6 个单元格"):
        guard.check_dimensions("表二", 1, 3, used, small)


def _sparse_workbook(*cells: str) -> bytes:
    """An .xlsx with one value in each of the given cells (openpyxl writes only those)."""
    book = openpyxl.Workbook()
    for ref in ["A1", *cells]:
        book.active[ref] = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        (["XFD1048576"], "超过 50000 行"),  # one far cell: a grid of 17 billion cells
        (["A60000"], "超过 50000 行"),  # narrow, but too tall
        (["ZZ3000"], "超过 2000000 个单元格"),  # 3000 rows × 702 columns
        (["ALM2"], "超过 1000 列"),  # column 1001
    ],
)
def test_a_sheet_whose_extent_is_too_large_is_refused_before_it_is_read(cells: list[str], words: str) -> None:
    with pytest.raises(guard.Refused, match=words):
        guard.inspect_content(_sparse_workbook(*cells))


@pytest.mark.parametrize("cells", [["Z9999"], ["ZZ2000"], ["ALL5"], ["C49999"]])
def test_a_sheet_within_every_limit_passes(cells: list[str]) -> None:
    # 9999 × 26, 2000 × 702 (1.4 million cells), column 1000, 49999 rows: all allowed.
    assert guard.inspect_content(_sparse_workbook(*cells)) == frozenset()


def _with_part(workbook: bytes, name: str, xml: bytes) -> bytes:
    """The workbook with its part ``name`` replaced by ``xml``, or added."""
    source, out = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            if entry.filename != name:
                archive.writestr(entry, source.read(entry))
        archive.writestr(name, xml)
    return out.getvalue()


def test_a_workbook_part_declaring_a_doctype_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>'
    )
    book = _with_part(_sparse_workbook(), "xl/sharedStrings.xml", laughs)
    with pytest.raises(guard.Refused, match="工作簿中含有文档类型声明（DOCTYPE）"):
        guard.inspect_content(book)


def test_the_budget_counts_elements_bytes_and_a_doctype_across_chunks() -> None:
    budget = guard.Budget(4, "Word 文件")
    budget.charge(
        b'<?xml version="1.0"?><w:document><w:body><'
    )  # the declaration, two elements and a "<" begun: 4
    with pytest.raises(guard.Refused, match="XML 元素超过 4 个的上限"):
        budget.charge(b"w:p/><w:p/></w:body></w:document>")
    split = guard.Budget(100, "Word 文件")
    split.charge(b'<?xml version="1.0"?><!DOC')
    with pytest.raises(guard.Refused, match="DOCTYPE"):
        split.charge(b"TYPE w:document>")
    with pytest.raises(guard.Refused, match=re.escape("解压后超过 0.0 MB 的上限")):
        guard.Budget(100, "Word 文件", guard.Limits(unpacked_bytes=10)).charge(b"<w:document/>")


def test_a_workbook_is_read_under_the_element_budget() -> None:
    book = _sparse_workbook("A2", "A3")
    assert guard.inspect_content(book) == frozenset()
    with pytest.raises(guard.Refused, match="工作簿中的 XML 元素超过 5 个的上限"):
        guard.inspect_content(book, guard.Limits(xml_elements=5))
    # Shared strings count too: calamine holds every one of them in memory.
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si/>" * 200
        + b"</sst>"
    )
    with pytest.raises(guard.Refused, match="XML 元素超过 100 个的上限"):
        guard.inspect_content(
            _with_part(_sparse_workbook(), "xl/sharedStrings.xml", strings), guard.Limits(xml_elements=100)
        )
