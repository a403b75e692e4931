"""Recognition by content: the column of registry names is the unit column, whatever its header."""

from __future__ import annotations

from pathlib import Path

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year

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
