"""Recognition by content: the column of registry names is the unit column, whatever its header,
and a column whose header names nothing takes the role its cells show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year
from sunshine_analysis.ingest.content import Vocabulary, read_roles
from sunshine_analysis.ingest.layout import Header

REGISTRY = [
    ["单位名称", "类别", "阳光党务", "阳光政务", "阳光司法", "阳光村务", "阳光民生"],
    ["临颍县", "县区", "√", "", "", "", ""],
    ["市妇联", "人民团体", "√", "", "", "", ""],
]


def test_a_header_no_word_names_is_placed_by_its_column_of_unit_names(tmp_path: Path, xlsx_writer) -> None:
    folder = tmp_path / "2020"
    xlsx_writer(folder / "名单.xlsx", REGISTRY)
    # 「被查」 names no field; the cells below it are registry names (one a short form).
    xlsx_writer(
        folder / "阳光党务.xlsx",
        [["2020年考评"], ["被查", "甲项(60分)", "乙项(40分)"], ["临颍", 50, 30.5], ["市妇联", 55, 35]],
    )
    result = check_year(folder, load_rules(year=2020))
    assert not result.problems, result.problems.to_frame().to_string()
    scores = result.inputs.item_scores
    assert set(zip(scores["unit_id"], scores["item"], scores["score"], strict=True)) == {
        ("linyingxian", "甲项", 50.0),
        ("linyingxian", "乙项", 30.5),
        ("shifulian", "甲项", 55.0),
        ("shifulian", "乙项", 35.0),
    }
    row = result.manifest.set_index("path").loc["阳光党务.xlsx"]
    assert row["kind"] == "score_sheet" and "按单位名称所在的列判断" in row["note"]


def test_a_sheet_without_unit_names_stays_unrecognised(tmp_path: Path, xlsx_writer) -> None:
    folder = tmp_path / "2020"
    xlsx_writer(folder / "名单.xlsx", REGISTRY)
    xlsx_writer(folder / "其他.xlsx", [["甲", "乙"], ["x", "y"], ["z", "w"]])
    found = check_year(folder, load_rules(year=2020)).problems.to_frame()
    assert ((found["file"] == "其他.xlsx") & (found["message"] == "无法识别是哪种材料")).any()


def test_a_term_read_by_its_own_part_is_said_in_the_manifest(tmp_path: Path, xlsx_writer) -> None:
    folder = tmp_path / "2020"
    xlsx_writer(folder / "名单.xlsx", REGISTRY)
    xlsx_writer(folder / "阳光党务.xlsx", [["单位", "得分"], ["临颍县", 90], ["市妇联", 85]])
    xlsx_writer(
        folder / "扣分.xlsx",
        [
            ["单位", "扣分类别", "文号"],
            ["临颍县", "省级通报批评", "豫〔2020〕1号"],
            ["市妇联", "通报批评", "漯〔2020〕2号"],
        ],
    )
    result = check_year(folder, load_rules(year=2020))
    deductions = result.inputs.deductions.set_index("unit_id")["category"]
    assert deductions["linyingxian"] == "省级及以上通报批评"
    note = result.manifest.set_index("path").loc["扣分.xlsx", "note"]
    assert "「省级通报批评」→「省级及以上通报批评」" in note
    # Which level is a bare 通报批评? Not read: an error naming the category.
    found = result.problems.to_frame()
    assert ((found["file"] == "扣分.xlsx") & (found["found"] == "通报批评")).any()


# Roles by their cells (ingest/content.py): columns whose header names no field.

VOCABULARY = Vocabulary.of(load_rules(year=2020))


def _header(columns: list[str], fields: list[str | None]) -> Header:
    n = len(columns)
    return Header(0, 0, tuple(columns), tuple(fields), (None,) * n, ("",) * n, ())


def _roles(columns: list[str], fields: list[str | None], records: list[list[object]]) -> dict[str, str]:
    header, readings, _ = read_roles(_header(columns, fields), records, VOCABULARY)
    assert {r.column for r in readings} <= set(columns)
    return {c: f for c, f in zip(header.columns, header.fields, strict=True) if f}


def test_levels_dates_and_the_remaining_text_make_a_publicity_list() -> None:
    records = [
        ["临颍县", "临颍县推行村务公开新模式", "省级", dt.datetime(2020, 3, 5)],
        ["市妇联", "市妇联开展“阳光家庭”活动", "市级", "2020年6月1日"],
    ]
    roles = _roles(["单位", "内容", "情况", "备注"], ["unit", None, None, "remark"], records)
    assert roles == {"单位": "unit", "内容": "title", "情况": "level", "备注": "date"}


def test_categories_and_document_numbers_make_a_deduction_list() -> None:
    records = [
        ["临颍县", "市级通报批评", "漯办〔2020〕12号", "未按时公开"],
        ["市妇联", "诫勉", "漯纪通[2020]9号", "台账缺失"],
    ]
    roles = _roles(["单位", "处理", "依据", "情况"], ["unit", None, None, None], records)
    assert roles == {"单位": "unit", "处理": "deduction_category", "依据": "doc_no", "情况": "reason"}


def test_a_level_is_not_taken_for_a_category_that_contains_it() -> None:
    # 市级 is part of 市级通报批评, but spelled exactly it is a publicity level.
    records = [["临颍县", "甲", "市级"], ["市妇联", "乙", "省级"]]
    assert _roles(["单位", "内容", "x"], ["unit", None, None], records)["x"] == "level"


def test_ratings_and_sector_names_under_vague_headers_make_an_innovation_list() -> None:
    records = [["临颍县", "一网通办", "阳光政务", "优秀"], ["市妇联", "家庭公开日", "阳光党务", "良好"]]
    roles = _roles(["单位", "事项", "归口", "意见"], ["unit", "ledger_item", None, None], records)
    assert roles == {"单位": "unit", "事项": "title", "归口": "sector_name", "意见": "rating"}


def test_one_column_of_scores_is_the_total_and_a_serial_column_is_not() -> None:
    records = [[1, "临颍县", "88.5"], [2, "市妇联", 90], [3, "市总工会", "免考"]]
    roles = _roles(["列1", "列2", "列3"], [None, "unit", None], records)
    assert roles == {"列2": "unit", "列3": "total"}


@pytest.mark.parametrize(
    "records",
    [
        # Two columns of scores (初评, 复评?): which is the total? Neither is taken.
        [["临颍县", 88, 90], ["市妇联", 85, 86]],
        # Two columns of dates: neither is the date.
        [["临颍县", "2020-01-02", "2020-03-04"], ["市妇联", "2020-02-03", "2020-04-05"]],
    ],
)
def test_two_columns_that_could_hold_a_role_are_both_left_alone(records: list[list[object]]) -> None:
    assert _roles(["单位", "甲", "乙"], ["unit", None, None], records) == {"单位": "unit"}


def test_scores_out_of_range_or_text_are_no_total() -> None:
    assert _roles(["单位", "甲"], ["unit", None], [["临颍县", 188], ["市妇联", 85]]) == {"单位": "unit"}
    assert _roles(["单位", "甲"], ["unit", None], [["临颍县", "好"], ["市妇联", 85]]) == {"单位": "unit"}


def test_a_named_header_is_never_overridden() -> None:
    # 得分 is the total by its header; a second column of scores stays unnamed.
    records = [["临颍县", 88, 90], ["市妇联", 85, 86]]
    assert _roles(["单位", "得分", "甲"], ["unit", "total", None], records) == {
        "单位": "unit",
        "得分": "total",
    }


@given(st.permutations(range(4)))
def test_roles_do_not_depend_on_column_order(order: list[int]) -> None:
    columns = ["单位", "内容", "情况", "备注"]
    fields = ["unit", None, None, "remark"]
    records = [
        ["临颍县", "临颍县推行村务公开新模式", "省级", "2020-03-05"],
        ["市妇联", "市妇联开展活动", "国家级", "2020-06-01"],
    ]
    roles = _roles(
        [columns[i] for i in order], [fields[i] for i in order], [[r[i] for i in order] for r in records]
    )
    assert roles == {"单位": "unit", "内容": "title", "情况": "level", "备注": "date"}


def test_a_two_column_sheet_with_vague_headers_is_read_and_said(tmp_path: Path, xlsx_writer) -> None:
    folder = tmp_path / "2020"
    registry = [[*row[:3], "√" if row[0] == "市妇联" else row[3], *row[4:]] for row in REGISTRY]
    xlsx_writer(folder / "名单.xlsx", registry)
    xlsx_writer(folder / "阳光政务.xlsx", [["单位", "得分"], ["市妇联", 80]])
    xlsx_writer(
        folder / "阳光党务.xlsx",
        [["2020年阳光党务考评"], ["名 称", "结果"], ["临颍", "90.5"], ["市妇联", "免考"]],
    )
    result = check_year(folder, load_rules(year=2020))
    assert not result.problems, result.problems.to_frame().to_string()
    scores = result.inputs.item_scores
    party = scores[scores["sector"] == "party"]
    assert list(zip(party["unit_id"], party["score"], strict=True)) == [("linyingxian", 90.5)]
    assert list(result.inputs.exemptions["unit_id"]) == ["shifulian"]
    note = result.manifest.set_index("path").loc["阳光党务.xlsx", "note"]
    assert "「结果」列读作得分" in note


def test_a_placed_list_takes_its_date_from_a_remark_column_of_dates(tmp_path: Path, xlsx_writer) -> None:
    folder = tmp_path / "2020"
    xlsx_writer(folder / "名单.xlsx", REGISTRY)
    xlsx_writer(folder / "阳光党务.xlsx", [["单位", "得分"], ["临颍县", 90], ["市妇联", 85]])
    xlsx_writer(
        folder / "信息采用.xlsx",
        [
            ["单位", "标题", "级别", "备注"],
            ["临颍县", "甲文", "省级", "2020年5月1日"],
            ["市妇联", "乙文", "市级", "2020/6/2"],
        ],
    )
    result = check_year(folder, load_rules(year=2020))
    assert not result.problems, result.problems.to_frame().to_string()
    publicity = result.inputs.publicity.set_index("unit_id")["date"]
    assert publicity.to_dict() == {"linyingxian": "2020-05-01", "shifulian": "2020-06-02"}
    assert "「备注」列读作日期" in result.manifest.set_index("path").loc["信息采用.xlsx", "note"]


def test_a_sheet_read_by_its_cells_must_not_contradict_its_name(tmp_path: Path, xlsx_writer) -> None:
    # Units and numbers under 扣分: points deducted, not a sector's scores, whatever the cells allow.
    folder = tmp_path / "2020"
    xlsx_writer(folder / "名单.xlsx", REGISTRY)
    xlsx_writer(folder / "阳光党务.xlsx", [["单位", "得分"], ["临颍县", 90], ["市妇联", 85]])
    xlsx_writer(folder / "扣分情况.xlsx", [["单位", "扣分"], ["临颍县", 2], ["市妇联", 1]])
    result = check_year(folder, load_rules(year=2020))
    found = result.problems.to_frame()
    assert ((found["file"] == "扣分情况.xlsx") & (found["message"] == "无法识别是哪种材料")).any()
    assert set(result.inputs.item_scores["source_file"]) == {"阳光党务.xlsx"}


def test_two_columns_of_scores_are_reported_by_name(tmp_path: Path, xlsx_writer) -> None:
    folder = tmp_path / "2020"
    xlsx_writer(folder / "名单.xlsx", REGISTRY)
    xlsx_writer(folder / "阳光党务.xlsx", [["单位", "初评", "复评"], ["临颍县", 88, 90], ["市妇联", 85, 86]])
    found = check_year(folder, load_rules(year=2020)).problems.to_frame()
    doubt = found[(found["file"] == "阳光党务.xlsx") & (found["message"] == "无法确定列的含义")]
    assert len(doubt) == 1
    assert doubt["found"].iloc[0].startswith("「初评」「复评」都可能是得分")
    assert doubt["row"].iloc[0] == 1
