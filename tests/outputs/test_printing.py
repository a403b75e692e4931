"""Every workbook of June and July prints on A4: fitted to the page's width, its header row on
every page, the confidentiality mark in the header and the page numbers in the footer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sunshine_analysis.cli import main
from sunshine_analysis.config import paths
from sunshine_analysis.outputs.printing import PORTRAIT_WIDTH, a4_print_setup
from sunshine_analysis.outputs.results import load_results
from sunshine_analysis.render.workbook import write_workbook

MARK = "考评工作秘密"
PLANTED = Path(__file__).parents[1] / "data" / "unseen" / "planted_errors" / "raw"


@pytest.fixture(scope="module")
def june(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The June workbooks of the committed sample year, written by their commands."""
    out = tmp_path_factory.mktemp("fieldwork")
    raw = str(paths.raw_dir(2020))
    assert main(["submissions", raw, "--out", str(out)]) == 0
    assert main(["supervision", raw, "--out", str(out)]) == 0
    assert main(["field-sample", raw, "--out", str(out), "--seed", "printing-test-seed-0001"]) == 0
    return out


def _check_sheet(ws) -> None:
    where = ws.title
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, where
    assert ws.sheet_properties.pageSetUpPr.fitToPage, where
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), where
    assert ws.oddHeader.right.text == MARK, where
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页", where
    # The row repeated on every page is the table's header: a heading over every column.
    first, last = (int(r) for r in ws.print_title_rows.replace("$", "").split(":"))
    assert first == last, where
    assert all(isinstance(c.value, str) and c.value for c in ws[first]), where


@pytest.mark.parametrize("name", ["材料报送检查表.xlsx", "督办名单.xlsx", "实地考评抽样方案.xlsx"])
def test_june_workbooks_print_on_a4(june: Path, name: str) -> None:
    book = load_workbook(june / name)
    for ws in book.worksheets:
        _check_sheet(ws)
    if name == "实地考评抽样方案.xlsx":  # a title and a blank row above the header
        assert book["抽样说明"].print_title_rows.replace("$", "") == "3:3"
        assert [c.value for c in book["抽样说明"][3]] == ["项目", "内容"]


def test_results_workbook_prints_on_a4(tiny_processed: Path, tmp_path: Path) -> None:
    book = load_workbook(write_workbook(load_results(2020, tiny_processed), tmp_path / "results.xlsx"))
    for ws in book.worksheets:
        _check_sheet(ws)
        assert ws.print_title_rows.replace("$", "") == "1:1"
    assert [c.value for c in book["县区"][1]][:2] == ["名次", "单位"]


def test_orientation_follows_the_width_of_the_columns() -> None:
    ws = Workbook().active
    ws["A1"], ws["B1"] = "单位", "得分"
    ws.column_dimensions["A"].width = PORTRAIT_WIDTH - 10
    ws.column_dimensions["B"].width = 10  # 90 in all: fits portrait
    a4_print_setup(ws, "1:1")
    assert ws.page_setup.orientation == "portrait"
    ws.column_dimensions["B"].width = 11  # 91: landscape
    a4_print_setup(ws, "1:1")
    assert ws.page_setup.orientation == "landscape"
    a4_print_setup(ws, "1:1", mark=False, landscape=False)
    assert ws.page_setup.orientation == "portrait" and ws.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_the_problem_list_of_an_annotated_copy_prints_on_a4(tmp_path: Path) -> None:
    raw = tmp_path / "2020"
    shutil.copytree(PLANTED, raw)
    assert main(["validate", str(raw), "--annotate", str(tmp_path / "退回")]) == 1
    (copy,) = (tmp_path / "退回").glob("*.xlsx")
    _check_sheet(load_workbook(copy)["问题清单"])
