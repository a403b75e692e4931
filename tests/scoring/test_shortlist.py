"""The innovation shortlist (创新成果初选名单): only its results earn the innovation bonus.

The tiny year (conftest.py) has 临颍县「政务服务“一网通办”」(阳光政务, 优秀: +2) and
市委组织部「党务公开目录」(阳光党务, 良好: no bonus). By hand, 临颍县 without its bonus:
政务 263/3 = 87.666…; mean (89 + 87.666…)/2 = 88.333…; + 1.5 publicity − 1.0 deduction
= 88.8333… → 88.83 (with it: 89.83).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year
from sunshine_analysis.scoring.bonuses import NOT_SHORTLISTED
from sunshine_analysis.scoring.details import detail_tables
from sunshine_analysis.scoring.run import score_folder

RULES = load_rules(year=2020)
SHORTLIST = "创新成果初选名单.xlsx"
HEADER = ["序号", "单位名称", "成果名称", "所属板块"]


def test_a_result_not_on_the_shortlist_earns_no_bonus(tiny_year: Path, xlsx_writer) -> None:
    xlsx_writer(tiny_year / SHORTLIST, [HEADER, [1, "市委组织部", "党务公开目录", "阳光党务"]])
    inputs, scores = score_folder(tiny_year)
    assert inputs.shortlist["unit_id"].tolist() == ["shiweizuzhibu"]
    composite = scores.composite.set_index("unit_name")["composite"]
    assert composite["临颍县"] == pytest.approx(88.83, abs=1e-9)
    sectors = scores.sector_scores.set_index(["unit_id", "sector"])
    assert sectors.loc[("linyingxian", "gov"), "innovation_bonus"] == 0
    innovation = detail_tables(inputs, scores)["innovation.csv"].set_index("title")
    assert innovation.loc["政务服务“一网通办”", ["rating", "bonus", "note"]].tolist() == [
        "优秀",
        0.0,
        NOT_SHORTLISTED,
    ]
    assert innovation.loc["党务公开目录", ["bonus", "note"]].tolist() == [0.0, "该等次不加分"]


def test_a_shortlisted_result_keeps_its_bonus_whatever_the_spelling(tiny_year: Path, xlsx_writer) -> None:
    # The unit by its alias, the title with a space: the same result.
    xlsx_writer(
        tiny_year / SHORTLIST,
        [
            ["“阳光漯河”建设规范提升年创新成果初选名单"],
            HEADER,
            [1, "临颍", "政务服务 “一网通办”", "阳光政务"],
        ],
    )
    inputs, scores = score_folder(tiny_year)
    assert scores.composite.set_index("unit_name").loc["临颍县", "composite"] == pytest.approx(
        89.83, abs=1e-9
    )
    # 市委组织部 is not on this shortlist: its result (良好, no bonus anyway) says so.
    assert detail_tables(inputs, scores)["innovation.csv"]["note"].tolist() == ["加分", NOT_SHORTLISTED]


def test_without_a_shortlist_nothing_changes(tiny_year: Path) -> None:
    inputs, scores = score_folder(tiny_year)
    assert inputs.shortlist is None
    assert scores.composite.set_index("unit_name").loc["临颍县", "composite"] == pytest.approx(
        89.83, abs=1e-9
    )


def test_the_shortlist_is_recognised_by_its_name_and_checked(tiny_year: Path, xlsx_writer) -> None:
    xlsx_writer(
        tiny_year / SHORTLIST, [HEADER, [1, "临颍县", "甲", "阳光政务"], [2, "某某局", "乙", "阳光党务"]]
    )
    result = check_year(tiny_year, RULES)
    kinds = result.manifest.set_index("path")["kind"]
    assert kinds[SHORTLIST] == "shortlist"
    assert kinds["创新成果考评结果汇总表.xlsx"] == "innovation"  # units and titles too, but rated
    problems = result.problems.to_frame()
    assert problems[["file", "row", "found"]].values.tolist() == [[SHORTLIST, 3, "某某局"]]


def test_a_list_of_titles_not_named_a_shortlist_is_not_taken_for_one(tiny_year: Path, xlsx_writer) -> None:
    xlsx_writer(tiny_year / "名单.xlsx", [HEADER, [1, "临颍县", "甲", "阳光政务"]])
    result = check_year(tiny_year, RULES)
    assert "shortlist" not in set(result.manifest["kind"])
    assert result.inputs.shortlist is None


def test_the_report_innovation_table_says_why(tiny_year: Path, xlsx_writer, tmp_path: Path) -> None:
    from sunshine_analysis.outputs.results import results_in_memory
    from sunshine_analysis.outputs.write import year_tables
    from sunshine_analysis.render.tables import innovation_table

    inputs, scores = score_folder(tiny_year)
    tables = year_tables(inputs, scores, tmp_path / "2020", analyses=False, details=True)
    assert "说明" not in innovation_table(results_in_memory(2020, RULES, tables, {}))  # as before
    xlsx_writer(tiny_year / SHORTLIST, [HEADER, [1, "市委组织部", "党务公开目录", "阳光党务"]])
    inputs, scores = score_folder(tiny_year)
    tables = year_tables(inputs, scores, tmp_path / "2020", analyses=False, details=True)
    table = innovation_table(results_in_memory(2020, RULES, tables, {})).set_index("成果名称")
    assert table.loc["政务服务“一网通办”", ["评定等次", "加分", "说明"]].tolist() == [
        "优秀",
        0.0,
        NOT_SHORTLISTED,
    ]
    assert table.loc["党务公开目录", "说明"] == ""
