"""Checks of the lists against the rules: the evaluation period, entries listed twice, the
item/total tolerance; scored sub-units against the year's field plan. Each on a small hand-made
folder, each naming file and row."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import RulesError, load_rules
from sunshine_analysis.ingest import check_year

RULES = load_rules(year=2020)  # [period] 2019-07-01 to 2020-06-30
PUBLICITY = "信息和宣传工作采用情况统计表.xlsx"
DEDUCTIONS = "扣分情况汇总表.xlsx"
PARTY = "阳光党务考评得分汇总表（市委组织部报）.xlsx"


def _problems(folder: Path, rules=RULES):
    return check_year(folder, rules).problems.to_frame()


def test_publicity_and_deductions_outside_the_period_are_errors(tiny_year: Path, xlsx_writer) -> None:
    xlsx_writer(
        tiny_year / PUBLICITY,
        [
            ["序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期"],
            [1, "临颍县", "甲", "省级", "河南日报", "2019-06-30"],  # a day before the period
            [2, "临颍县", "乙", "市级", "漯河日报", "2019-07-01"],  # its first day
            [3, "临颍县", "丙", "市级", "漯河日报", "2020-06-30"],  # its last day
            [4, "临颍县", "丁", "国家级", "人民网", "2021-01-05"],
        ],
    )
    xlsx_writer(
        tiny_year / DEDUCTIONS,
        [
            ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"],
            [1, "临颍县", "市级通报批评", "漯〔2018〕3号", "2018-03-02", "旧事"],
        ],
    )
    found = _problems(tiny_year)
    hits = found[found["message"] == "日期不在本年度考评期内，不能计分"]
    assert sorted(zip(hits["file"], hits["row"], hits["found"], strict=True)) == [
        (PUBLICITY, 2, "2019-06-30"),
        (PUBLICITY, 5, "2021-01-05"),
        (DEDUCTIONS, 2, "2018-03-02"),
    ]
    assert set(hits["expected"]) == {"考评期 2019-07-01 至 2020-06-30 之内（评分细则 [period]）"}


def test_an_entry_listed_twice_is_an_error_naming_both_rows(tiny_year: Path, xlsx_writer) -> None:
    xlsx_writer(
        tiny_year / PUBLICITY,
        [
            ["序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期"],
            [1, "临颍县", "甲", "省级", "河南日报", "2020-05-01"],
            [2, "临颍县", "甲", "市级", "漯河日报", "2020-05-02"],  # same title, another level: fine
            [3, "临颍", "甲", "省级", "大河网", "2020-05-03"],  # same unit, title and level: twice
            [4, "市妇联", "甲", "省级", "河南日报", "2020-05-01"],  # another unit: fine
        ],
    )
    xlsx_writer(
        tiny_year / DEDUCTIONS,
        [
            ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"],
            [1, "临颍县", "市级通报批评", "漯阳光建办〔2020〕3号", "2020-03-02", "公开栏未更新"],
            [2, "临颍县", "市级通报批评", "漯阳光建办〔2020〕3号", "2020-03-02", "公开栏未更新"],
            [3, "临颍县", "市级通报批评", "漯阳光建办〔2020〕4号", "2020-03-09", "另一通报"],
        ],
    )
    found = _problems(tiny_year)
    pub = found[found["message"] == "同一信息在同一级别重复列出"]
    assert list(zip(pub["file"], pub["row"], strict=True)) == [(PUBLICITY, 4)]
    assert pub["expected"].iloc[0] == f"只列一次（已见于 {PUBLICITY}「Sheet」第 2 行）"
    ded = found[found["message"] == "同一通报（单位和文号相同）重复列出"]
    assert list(zip(ded["file"], ded["row"], ded["found"], strict=True)) == [
        (DEDUCTIONS, 3, "漯阳光建办〔2020〕3号")
    ]
    assert ded["expected"].iloc[0] == f"只列一次（已见于 {DEDUCTIONS}「Sheet」第 2 行）"


def test_the_total_tolerance_comes_from_the_rules_file(tiny_year: Path, xlsx_writer) -> None:
    # 市妇联: 30.25 + 50 = 80.25, the sheet says 80.27: off by 0.02.
    xlsx_writer(
        tiny_year / PARTY,
        [
            ["序号", "被考评单位", "抽查单位", "组织领导(40分)", "公开内容(60分)", "总分", "备注"],
            [1, "临颍县", "县委组织部", 36, 54, 90, ""],
            [2, "临颍县", "县民政局", 38, 50, 88, ""],
            [3, "西城区", "", 35.5, 52, 87.5, ""],
            [4, "市委组织部", "", 38, 57, 95, ""],
            [5, "市总工会", "", 35.36, 54, 89.36, ""],
            [6, "市妇联", "", 30.25, 50, 80.27, ""],
        ],
    )
    found = _problems(tiny_year)
    wrong = found[found["message"] == "各项得分之和与总分不一致"]
    assert list(zip(wrong["file"], wrong["row"], strict=True)) == [(PARTY, 7)]
    loose = replace(RULES, total_tolerance=Decimal("0.05"))
    assert (_problems(tiny_year, loose)["message"] != "各项得分之和与总分不一致").all()


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("start = 2019-07-01", "start = 2020-07-01", "period.start"),
        ("start = 2019-07-01", 'start = "2019-07-01"', "period.start"),
        ("total_tolerance = 0.01", "total_tolerance = 0", "sector.total_tolerance"),
    ],
)
def test_bad_periods_and_tolerances_are_refused_naming_the_key(
    tmp_path: Path, old: str, new: str, key: str
) -> None:

    text = paths.rules_file(2020).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape(key)):
        load_rules(path)


def _plan(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A field_plan.csv as ``sunshine field-sample`` writes it (only the columns the check reads filled)."""
    header = "year,unit_id,unit_name,sector,stratum,township,draw_order,member,rank_key,note\n"
    lines = [f"2020,{u},,{s},,,1,{m},," for u, s, m in rows]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_sub_units_outside_the_field_plan_are_warnings_naming_the_row(
    tiny_year: Path, tmp_path: Path
) -> None:
    # The tiny year scores 临颍县's 党务 on 县委组织部 (row 2) and 县民政局 (row 3); the plan drew
    # 县委组织部 and 县财政局, so 县民政局 is named, at its row, with the plan's members.
    from sunshine_analysis.fieldwork.sampling import read_field_plan
    from sunshine_analysis.ingest.validate import check_sub_units

    drawn = [("linyingxian", "party", "县委组织部"), ("linyingxian", "party", "县财政局")]
    plan = read_field_plan(_plan(tmp_path / "field_plan.csv", drawn))
    result = check_year(tiny_year, RULES)
    assert not result.problems  # a warning never stops the scoring
    warnings = check_sub_units(result.inputs.item_scores, plan).to_frame()
    assert warnings[["file", "sheet", "row", "column", "found", "expected"]].values.tolist() == [
        [PARTY, "Sheet", 3, "抽查单位", "县民政局", "抽样方案抽取的：县委组织部、县财政局"]
    ]
    # A unit and sector the plan did not sample at all: each of its sub-units is named.
    other = read_field_plan(_plan(tmp_path / "other.csv", [("xichengqu", "party", "纪工委")]))
    found = check_sub_units(result.inputs.item_scores, other).to_frame()
    assert found[["row", "found", "expected"]].values.tolist() == [
        [2, "县委组织部", "抽样方案未对该单位该板块抽样"],
        [3, "县民政局", "抽样方案未对该单位该板块抽样"],
    ]


def test_sub_units_are_compared_as_names_and_service_centres_by_township(tmp_path: Path) -> None:
    import pandas as pd

    from sunshine_analysis.ingest.validate import check_sub_units

    scores = pd.DataFrame(
        {
            "unit_id": ["a", "a", "a"],
            "sector": ["gov", "gov", "village"],
            "sub_unit": ["县委组织部 ", "王岗镇便民服务中心", "ＸＹ村"],
            "source_file": "f.xlsx",
            "source_sheet": "s",
            "source_row": [2, 3, 4],
        }
    )
    plan = pd.DataFrame(
        {"unit_id": "a", "sector": ["gov", "gov", "village"], "member": ["县委组织部", "王岗镇", "XY村"]}
    )
    assert not check_sub_units(scores, plan)


def test_validate_prints_sub_unit_warnings_only_with_a_plan(tiny_year: Path, tmp_path: Path, capsys) -> None:
    from sunshine_analysis.cli import main

    assert main(["validate", str(tiny_year), "--field-plan", str(tmp_path / "none.csv")]) == 0
    assert "抽样方案" not in capsys.readouterr().err
    plan = _plan(tmp_path / "field_plan.csv", [("linyingxian", "party", "县委组织部")])
    assert main(["validate", str(tiny_year), "--field-plan", str(plan)]) == 0
    err = capsys.readouterr().err
    assert "发现 1 处需要核对" in err and "第 3 行" in err and "县民政局" in err
