"""Layouts as they really arrive: the committed fixtures of tests/data, values worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest.layout import find_header
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.read import ReadError, detect_format, read_sheets, read_text
from sunshine_analysis.ingest.recognise import recognise_sheet
from sunshine_analysis.ingest.registry import parse_registry
from sunshine_analysis.ingest.scoresheet import ScoreColumn, parse_score_sheet, score_columns
from sunshine_analysis.ingest.tables import sheet_table
from sunshine_analysis.problems import Problems

DATA = Path(__file__).parents[1] / "data"


def _recognised(name: str):
    (sheet,) = read_sheets(DATA / name)
    rec = recognise_sheet(sheet)
    return sheet, rec


def test_merged_title_and_two_row_header_with_group_cell() -> None:
    sheet, rec = _recognised("two_row_header.xlsx")
    assert (rec.kind, rec.sector) == ("score_sheet", "party")
    header = rec.header
    assert (header.first_row, header.last_row) == (2, 3)  # rows 3–4 in Excel
    assert header.items() == {"组织领导": 10.0, "公开内容": 60.0, "群众评议": 30.0}
    assert header.groups[2:5] == ("阳光党务",) * 3
    assert header.titles == ("2020年度阳光党务考评得分汇总表",)
    table = sheet_table(sheet, header)
    # rows 5–7 kept; the 合计 row 8 and the 注/填表人 rows 9–10 left out and counted
    assert table["source_row"].tolist() == [5, 6, 7]
    assert table.attrs["skipped"] == {"合计行": 1, "备注行": 2}
    assert table.loc[0, "公开内容"] == "５０．５"  # raw kept; parsed later


def test_xls_with_maxima_row_raters_and_unit_merged_over_raters() -> None:
    sheet, rec = _recognised("maxima_row.xls")
    assert (rec.kind, rec.sector) == ("score_sheet", "gov")
    assert rec.header.items() == {"组织领导": 40.0, "办事服务": 60.0}
    assert rec.header.column("rater") == "考评组成员" and rec.header.column("total") == "考评得分"
    table = sheet_table(sheet, rec.header)
    assert table["被考核单位"].tolist() == ["临颍", "临颍", "西城区"]  # merged B4:B5 filled
    assert table["source_row"].tolist() == [4, 5, 6]
    assert table.attrs["skipped"] == {"合计行": 1}  # the 平均 row


def test_gb18030_csv_with_sampled_villages_and_exemption() -> None:
    sheet, rec = _recognised("村务公开得分_villages_gb18030.csv")
    assert (rec.kind, rec.sector) == ("score_sheet", "village")
    assert rec.header.column("sub_unit") == "抽查村(居)"  # full-width brackets folded
    assert rec.header.items() == {"三权公开": 50.0, "监督落实": 50.0}
    table = sheet_table(sheet, rec.header)
    assert table["抽查村(居)"].tolist() == ["杜曲镇某村", "王岗镇某村", ""]
    assert table["source_row"].tolist() == [2, 3, 5]


def test_html_table_saved_as_xls_is_read_by_content() -> None:
    assert detect_format((DATA / "html_disguised.xls").read_bytes()) == "html"
    sheet, rec = _recognised("html_disguised.xls")
    assert (rec.kind, rec.sector) == ("score_sheet", "livelihood")
    assert rec.header.items() == {"民生公开": 100.0}
    assert sheet_table(sheet, rec.header)["单位"].tolist() == ["市民政局"]


def test_xlsx_renamed_to_xls_is_read_by_content() -> None:
    assert detect_format((DATA / "xlsx_renamed.xls").read_bytes()) == "xlsx"
    _, rec = _recognised("xlsx_renamed.xls")
    assert rec.kind == "innovation"


def test_registry_with_bom_category_synonyms_and_marks() -> None:
    sheet, rec = _recognised("涉及单位一览表_bom.csv")
    assert rec.kind == "registry"
    problems = Problems()
    units = parse_registry(sheet, rec.header, load_rules(year=2020), problems)
    assert not problems
    got = dict(zip(units["unit_name"], zip(units["unit_kind"], units["sectors"], strict=True), strict=True))
    assert got == {
        "临颍县": ("county", "party;gov;village;livelihood"),
        "西城区": ("zone", "party;gov;village"),
        "市委组织部": ("party_dept", "party"),
        "漯河市中级人民法院": ("gov_dept", "judicial"),
        "市民政局": ("gov_dept", "village;livelihood"),
        "市妇联": ("people_org", "party"),
    }
    assert units.loc[units["unit_name"] == "漯河市中级人民法院", "aliases"].item() == ["市法院"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "空"), (b"PK\x03\x04broken", "压缩包"), (b"\x00\x01\x02\x03", "二进制")],
)
def test_unreadable_content_is_a_chinese_read_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "阳光党务.xlsx"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_sheets(path)


def test_damaged_ole2_file_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "阳光党务.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReadError, match="损坏"):
        read_sheets(path)


def test_work_summary_text_in_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "临颍县工作总结.txt"
    path.write_bytes("临颍县2020年工作总结".encode("gb18030"))
    assert read_text(path) == "临颍县2020年工作总结"


def test_tsv_saved_as_xls_is_read_as_delimited_text(tmp_path: Path) -> None:
    path = tmp_path / "x.xls"
    path.write_text("序号\t单位名称\t成果名称\t所属板块\t评定等次\n1\t临颍县\t一网通办\t阳光政务\t优秀\n")
    (sheet,) = read_sheets(path)
    assert recognise_sheet(sheet).kind == "innovation"
    assert pd.DataFrame(sheet.rows).shape == (2, 5)


# --- total-only sheets and raters as columns ----------------------------------------

INDEX = UnitIndex(
    pd.DataFrame(
        {
            "unit_id": ["fy", "lyx", "mzj"],
            "unit_name": ["漯河市中级人民法院", "临颍县", "市民政局"],
            "aliases": [["市法院"], ["临颍"], []],
        }
    )
)


def test_raters_as_columns_under_a_group_cell() -> None:
    sheet, rec = _recognised("rater_group.xlsx")
    assert (rec.kind, rec.sector) == ("score_sheet", "judicial")
    assert rec.header.rater_columns() == {"赵一": 100.0, "钱二": 100.0, "孙三": 100.0}  # from the group
    assert rec.header.items() == {}
    problems = Problems()
    cells, rows, exempt = parse_score_sheet(sheet, rec.header, "judicial", INDEX, problems, sector_max=100.0)
    assert not problems and not exempt["unit_id"]
    # one cell per (unit, rater), each the rater's total; 孙三 gave 临颍 nothing
    assert cells["unit_id"] == ["fy"] * 3 + ["lyx"] * 3
    assert cells["rater"] == ["赵一", "钱二", "孙三"] * 2
    assert cells["score"][:5] == [90.0, 85.5, 88.0, 80.0, 70.0] and math.isnan(cells["score"][5])
    assert set(cells["item"]) == {"总分"} and set(cells["max_score"]) == {100.0}
    assert cells["source_row"] == [4, 4, 4, 5, 5, 5]
    assert rows["total_column"] == ["", ""]  # nothing to check a total against


def test_numbered_rater_columns_with_their_maximum() -> None:
    header = find_header([["序号", "被考核单位", "评委1(50分)", "评委2（５０分）", "评分人C", "备注"]])
    assert header.rater_columns() == {"评委1": 50.0, "评委2": 50.0, "评分人C": None}
    columns = score_columns(header, 100.0)
    assert [(c.index, c.rater, c.max_score) for c in columns] == [
        (2, "评委1", 50.0),
        (3, "评委2", 50.0),
        (4, "评分人C", 100.0),
    ]


def test_total_only_sheet_takes_the_sector_maximum() -> None:
    sheet, rec = _recognised("total_only_民生.csv")
    assert (rec.kind, rec.sector) == ("score_sheet", "livelihood")
    assert rec.header.items() == {} and rec.header.rater_columns() == {}
    assert score_columns(rec.header, 100.0) == [ScoreColumn(2, "考评得分", "总分", 100.0)]
    assert score_columns(rec.header, 120.0)[0].max_score == 120.0
    problems = Problems()
    cells, _, exempt = parse_score_sheet(sheet, rec.header, "livelihood", INDEX, problems, sector_max=100.0)
    assert not problems
    assert (cells["unit_id"], cells["score"], cells["rater"]) == (["mzj"], [90.21], [""])
    assert (exempt["unit_id"], exempt["mark"], exempt["source_row"]) == (["lyx"], ["不参加"], [4])


def test_total_only_maximum_from_the_header() -> None:
    header = find_header([["序号", "单位名称", "得分（100分）"]])
    assert score_columns(header, 90.0) == [ScoreColumn(2, "得分", "总分", 100.0)]
