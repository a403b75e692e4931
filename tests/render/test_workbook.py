"""results.xlsx: sheets, print setup, formats, text never read as a formula, byte-identical runs."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from sunshine_analysis.outputs.results import load_results
from sunshine_analysis.render.workbook import write_workbook


def test_sheets_and_print_setup(tiny_processed: Path, tmp_path: Path) -> None:
    path = write_workbook(load_results(2020, tiny_processed), tmp_path / "results.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["县区", "市直单位", "板块得分", "评分项目", "加分", "扣分", "来源"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.page_setup.paperSize == 9  # A4 in the OOXML paper-size table
        assert sheet["A1"].font.b
        assert "考评工作秘密" in sheet.oddHeader.right.text
    county = book["县区"]
    assert [c.value for c in county[1]][:2] == ["名次", "单位"]
    # 临颍县: 89.8333… → 89.83, rank 1 of 县区 (tests/conftest.py).
    row = [c for c in county[2]]
    assert row[1].value == "临颍县" and row[6].value == 89.83 and row[6].number_format == "0.00"
    assert county.column_dimensions["B"].width >= 8
    # Item means: 临颍县 党务 公开内容 over sub-units 54 and 50 → 52 of 60, 8 lost.
    items = pd.DataFrame(book["评分项目"].values)
    items.columns = items.iloc[0]
    hit = items[(items["单位"] == "临颍县") & (items["评分项目"] == "公开内容")].iloc[0]
    assert (hit["满分"], hit["得分"], hit["失分"]) == (60, 52, 8)


def test_text_that_looks_like_a_formula_stays_text(tiny_processed: Path, tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    shutil.copytree(tiny_processed, processed)
    table = pd.read_csv(processed / "deductions.csv", encoding="utf-8-sig")
    table = pd.concat([table] * 4, ignore_index=True)
    table["reason"] = ["=1+1", "+SUM(A1)", "-2", "@cmd"]
    table.to_csv(processed / "deductions.csv", index=False, encoding="utf-8-sig")
    path = write_workbook(load_results(2020, processed), tmp_path / "results.xlsx")
    sheet = load_workbook(path)["扣分"]
    cells = [r[4] for r in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=1+1", "+SUM(A1)", "-2", "@cmd"]
    assert all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet6.xml").decode()


def test_two_runs_are_byte_identical(tiny_processed: Path, tmp_path: Path) -> None:
    results = load_results(2020, tiny_processed)
    first = write_workbook(results, tmp_path / "a.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {
            (2000, 1, 1, 0, 0, 0)
        }  # entries carry the fixed document date
        assert "2000-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
    assert write_workbook(results, tmp_path / "b.xlsx").read_bytes() == first
