"""``sunshine report`` outputs: hostile text escaped or neutralised in every product, two builds
byte-identical but for the generation time, and a build killed midway leaves the previous set."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from sunshine_analysis.render.build import build_report

EVIL_NAME = "<script>alert(1)</script>"
EVIL_REASON = '=HYPERLINK("http://example.invalid","点击查看")'
EVIL_TITLES = {"临颍县阳光政务见成效": "@SUM(A1)", "临颍推行村务公开新模式": "+1<b>粗</b>"}
EVIL_INNOVATION = "-2"
# A name that climbs out of the output folder, with a right-to-left override in it.
EVIL_PATH = "../../../市总工会\u202egpj.exe"
_TIME = re.compile(r"生成时间：[^。<]*。")


def _replace_cells(path: Path, mapping: dict[str, str]) -> None:
    book = load_workbook(path)
    for row in book.active.iter_rows():
        for cell in row:
            if cell.value in mapping:
                cell.value = mapping[cell.value]
                cell.data_type = "s"
    book.save(path)


def write_hostile_year(raw: Path) -> Path:
    """The tiny year with 市妇联 renamed to a script tag and formula-like titles and reasons."""
    _replace_cells(
        raw / "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx", {"市妇联": EVIL_NAME, "市总工会": EVIL_PATH}
    )
    _replace_cells(
        raw / "阳光党务考评得分汇总表（市委组织部报）.xlsx", {"市妇联": EVIL_NAME, "市总工会": EVIL_PATH}
    )
    _replace_cells(raw / "扣分情况汇总表.xlsx", {"公开栏信息未及时更新": EVIL_REASON})
    _replace_cells(raw / "信息和宣传工作采用情况统计表.xlsx", EVIL_TITLES)
    _replace_cells(raw / "创新成果考评结果汇总表.xlsx", {"党务公开目录": EVIL_INNOVATION})
    return raw


def _build(raw: Path, root: Path) -> Path:
    build_report(2020, raw_dir=raw, processed_dir=root / "processed" / "2020", out_dir=root / "reports")
    return root


@pytest.fixture(scope="module")
def twice(tiny_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The hostile year built twice, into two separate roots."""
    root = tmp_path_factory.mktemp("hostile")
    raw = shutil.copytree(tiny_processed.parent.parent / "raw" / "2020", root / "raw" / "2020")
    write_hostile_year(raw)
    return _build(raw, root / "a"), _build(raw, root / "b")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_hostile_text_is_escaped_in_every_page(twice: tuple[Path, Path]) -> None:
    pages = {k: v.decode() for k, v in files_of(twice[0] / "reports").items() if k.endswith(".html")}
    assert len(pages) == 8  # the index, the summary and six briefs
    for name, text in pages.items():
        assert "<script" not in text.lower() and "<b>粗</b>" not in text, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["summary.html"]
    assert "HYPERLINK" in pages["summary.html"]  # the reason is shown, as text


def test_a_hostile_name_writes_nothing_outside_and_nothing_invisible(twice: tuple[Path, Path]) -> None:
    root = twice[0]
    products = files_of(root / "reports") | files_of(root / "processed" / "2020")
    assert all(
        (root / "reports").resolve() in (root / "reports" / k).resolve().parents
        for k in files_of(root / "reports")
    )
    assert not list(root.parent.glob("**/*gpj.exe*"))
    for name, data in products.items():
        text = (
            data.decode("utf-8", "ignore")
            if not name.endswith(".xlsx")
            else _xlsx_text(root / "reports" / name)
        )
        assert "\u202e" not in text, name
    summary = (root / "reports" / "summary.html").read_text(encoding="utf-8")
    assert "../../../市总工会gpj.exe" in summary  # shown as it reads, without the override


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist())


def test_hostile_text_is_text_in_the_workbook(twice: tuple[Path, Path]) -> None:
    book = load_workbook(twice[0] / "reports" / "results.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert {EVIL_NAME, EVIL_REASON, "@SUM(A1)"} <= texts
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    with zipfile.ZipFile(twice[0] / "reports" / "results.xlsx") as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets and b"<f " not in sheets


def test_hostile_text_is_neutralised_in_every_csv(twice: tuple[Path, Path]) -> None:
    processed = twice[0] / "processed" / "2020"
    seen = set()
    for path in sorted(processed.glob("*.csv")):
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        cells = set(frame.to_numpy().ravel())
        assert not [c for c in cells if c.startswith(("=", "+", "@"))], path.name
        seen |= cells
    assert {"'" + EVIL_REASON, "'@SUM(A1)", EVIL_NAME} <= seen


def test_two_builds_are_byte_identical_but_for_the_generation_time(twice: tuple[Path, Path]) -> None:
    a, b = (files_of(root / "reports") | files_of(root / "processed" / "2020") for root in twice)
    assert a.keys() == b.keys()
    differ = sorted(k for k in a if a[k] != b[k])
    assert all(k.endswith(".html") for k in differ), differ
    for k in differ:
        assert _TIME.sub("", a[k].decode()) == _TIME.sub("", b[k].decode()), k


# Builds the report and pauses once every page is rendered, before anything is published.
_PAUSING_BUILD = """
import sys, time
from pathlib import Path
from sunshine_analysis.render import build as report
run = report.run_parallel
def run_then_pause(*args, **kwargs):
    outcomes = run(*args, **kwargs)
    print("PAUSED", flush=True)
    time.sleep(300)
    return outcomes
report.run_parallel = run_then_pause
raw, root = map(Path, sys.argv[1:])
report.build_report(2020, raw_dir=raw, processed_dir=root / "processed" / "2020", out_dir=root / "reports")
"""


def test_a_build_killed_midway_leaves_the_previous_products(twice: tuple[Path, Path], tmp_path: Path) -> None:
    root = twice[0]
    before = files_of(root / "reports") | files_of(root / "processed" / "2020")
    raw = shutil.copytree(root.parent / "raw" / "2020", tmp_path / "raw" / "2020")
    _replace_cells(raw / "扣分情况汇总表.xlsx", {"市级通报批评": "省级及以上通报批评"})  # a new composite
    child = subprocess.Popen(
        [sys.executable, "-c", _PAUSING_BUILD, str(raw), str(root)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "PAUSED"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
    assert files_of(root / "reports") | files_of(root / "processed" / "2020") == before
