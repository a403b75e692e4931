"""The unit brief's tables: the unit's own scores, and group statistics only over enough units.

On the tiny year (tests/conftest.py) the 市直单位 group has four units: 市委组织部 (党务 95),
市民政局 (村务 88.5, 民生 90.21), 市总工会 (党务 89.36) and 市妇联 (党务 80.25). 阳光党务 is
scored over three of them, 村务 and 民生 over 市民政局 alone.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from sunshine_analysis.outputs.contract import RECTIFICATION
from sunshine_analysis.outputs.results import YearResults, load_results
from sunshine_analysis.render import brief


@pytest.fixture(scope="module")
def results(tiny_processed: Path) -> YearResults:
    return load_results(2020, tiny_processed)


def test_a_statistic_over_fewer_than_min_group_units_is_withheld(results: YearResults) -> None:
    stats = brief.group_statistics(results, "市直单位").set_index("项目")
    for sector in ("阳光村务", "阳光民生"):  # one unit each: its mean would be 市民政局's own score
        assert stats.loc[sector, "单位数"] == 1
        assert all(
            math.isnan(stats.loc[sector, c])
            for c in ("平均", "下四分位（约）", "中位数（约）", "上四分位（约）")
        )
    assert stats.loc["阳光党务", "单位数"] == 3
    assert stats.loc["阳光党务", "平均"] == 88.20  # (95 + 89.36 + 80.25) / 3 = 88.2033…, half-up
    assert stats.loc["综合得分", "单位数"] == 4
    assert stats.loc["综合得分", "平均"] == 88.49  # 353.97 / 4 = 88.4925, half-up


def test_the_unit_table_shows_no_group_mean_of_a_lone_sector(results: YearResults) -> None:
    table = brief.unit_sector_table(results, "shiminzhengju")
    assert table["板块"].tolist() == ["阳光村务", "阳光民生"]
    assert table["单项得分"].tolist() == [88.5, 90.21]
    assert table["本组平均"].isna().all()
    assert brief.unit_profile(results, "shiminzhengju").empty


def test_the_group_mean_is_shown_where_enough_units_share_the_sector(results: YearResults) -> None:
    table = brief.unit_sector_table(results, "shifulian")
    assert table["单项得分"].tolist() == [80.25]
    assert table["本组平均"].iloc[0] == 88.20  # (95 + 89.36 + 80.25) / 3 = 88.2033…, half-up


def _with_disclosure(results: YearResults, **values) -> YearResults:
    rules = replace(results.rules, disclosure=replace(results.rules.disclosure, **values))
    return replace(results, rules=rules)


def test_the_disclosure_rule_comes_from_the_rules_file(results: YearResults) -> None:
    rule = results.rules.disclosure
    assert (rule.mean_min_units, rule.quartile_min_units, rule.quartile_step) == (3, 10, Decimal("1.0"))


def test_quartiles_and_median_are_withheld_in_a_small_group(results: YearResults) -> None:
    # 阳光党务 over 市委组织部 95, 市总工会 89.36, 市妇联 80.25: its median would be 市总工会's score.
    stats = brief.group_statistics(results, "市直单位").set_index("项目")
    assert stats.loc["阳光党务", ["下四分位（约）", "中位数（约）", "上四分位（约）"]].isna().all()
    assert stats.loc["综合得分", ["下四分位（约）", "中位数（约）", "上四分位（约）"]].isna().all()
    assert brief.unit_profile(results, "shifulian")[["q1", "q3"]].isna().all().all()


def test_quartiles_are_shown_only_as_bands(results: YearResults) -> None:
    # Allowed over three units, the median of 95, 89.36 and 80.25 is shown as 89 (step 1), and
    # the quartiles 84.805 and 92.18 as 85 and 92: never a member's score, nor one to work back from.
    stats = brief.group_statistics(_with_disclosure(results, quartile_min_units=3), "市直单位")
    row = stats.set_index("项目").loc["阳光党务"]
    assert (row["下四分位（约）"], row["中位数（约）"], row["上四分位（约）"]) == (85.0, 89.0, 92.0)
    half = brief.group_statistics(
        _with_disclosure(results, quartile_min_units=3, quartile_step=Decimal("0.5")), "市直单位"
    )
    row = half.set_index("项目").loc["阳光党务"]
    assert (row["下四分位（约）"], row["中位数（约）"], row["上四分位（约）"]) == (85.0, 89.5, 92.0)


def test_a_larger_minimum_withholds_the_mean(results: YearResults) -> None:
    stats = brief.group_statistics(_with_disclosure(results, mean_min_units=4), "市直单位").set_index("项目")
    assert math.isnan(stats.loc["阳光党务", "平均"])  # three units
    assert stats.loc["综合得分", "平均"] == 88.49  # 353.97 / 4 = 88.4925, half-up


def _graded(results: YearResults, unit_id: str, composite: float, grade: str) -> YearResults:
    """The results with one unit's composite and grade replaced (what the findings read)."""
    comp = results.composite.copy()
    comp.loc[comp["unit_id"] == unit_id, ["composite", "grade"]] = [composite, grade]
    return replace(results, composite=comp)


def test_lost_items_are_ordered_by_the_share_of_the_maximum_lost(results: YearResults) -> None:
    # 市妇联 (conftest.py): 组织领导 30.25 of 40 (9.75 lost, 24.375% → 24.4%) comes before
    # 公开内容 50 of 60 (10 lost, 16.666…% → 16.7%), though fewer points were lost on it.
    table = brief.unit_lost_items(results, "shifulian")
    assert table["评分项目"].tolist() == ["组织领导", "公开内容"]
    assert table["失分"].tolist() == [9.75, 10.0]
    assert table["失分比例"].tolist() == ["24.4%", "16.7%"]


def test_a_unit_graded_poor_is_told_its_three_weakest_items_and_what_to_do(results: YearResults) -> None:
    # 临颍县's items (conftest.py): 党务 组织领导 (36 + 38) / 2 = 37 of 40 (7.5% lost), 公开内容
    # (54 + 50) / 2 = 52 of 60 (13.3%); 政务 over the raters kept (甲, 乙, 丙) 组织领导
    # (45 + 40 + 44) / 3 = 43 of 50 (14.0%), 办事服务 (45 + 45 + 44) / 3 = 44.67 of 50 (10.7%).
    poor = _graded(results, "linyingxian", 66.5, "差")
    # The advice is the rules file's ([report.advice]); 其他 is said of items it does not list.
    advice = {"组织领导": "明确专人负责。", "公开内容": "补齐公开事项。", "其他": "对照细则自查。"}
    poor = replace(poor, rules=replace(poor.rules, advice=advice))
    found = brief.findings(poor, "linyingxian")
    assert found.opening == [
        "本单位等次为“差”，综合得分距“一般”等次（70分）还差3.50分。"
        "请单位主要负责同志高度重视，对照下列问题逐项整改。"
    ]
    assert found.problems == [
        "阳光政务「组织领导」失分较多：满分50分，得43.00分，失7.00分，失分占该项满分的14.0%。",
        "阳光党务「公开内容」失分较多：满分60分，得52.00分，失8.00分，失分占该项满分的13.3%。",
        "阳光政务「办事服务」失分较多：满分50分，得44.67分，失5.33分，失分占该项满分的10.7%。",
        "市级通报批评（漯阳光建办〔2020〕3号）：扣1.00分，事由：公开栏信息未及时更新。",
    ]
    assert found.advice == [
        "阳光政务「组织领导」：明确专人负责。",
        "阳光党务「公开内容」：补齐公开事项。",
        "阳光政务「办事服务」：对照细则自查。",  # an item with no advice of its own
        f"扣分事项：{brief.DEDUCTION_ADVICE}",
    ]
    assert brief.unit_rectification(poor, "linyingxian").empty  # none this year: nothing shown


def test_the_units_own_rectification_items_are_shown_with_their_state(results: YearResults) -> None:
    rows = pd.DataFrame(
        [
            ["linyingxian", "临颍县", "gov", "事项1", "推进中", True, "已整改", "2020-06-28", ""],
            ["linyingxian", "临颍县", "gov", "事项2", "未完成", True, "未报告", "", ""],
            ["shifulian", "市妇联", "party", "事项9", "未完成", True, "未整改", "", ""],
        ],
        columns=RECTIFICATION,
    )
    with_rect = replace(results, rectification=rows)
    table = brief.unit_rectification(with_rect, "linyingxian")
    assert table["台账事项"].tolist() == ["事项1", "事项2"]  # not 市妇联's
    assert table["板块"].tolist() == ["阳光政务", "阳光政务"]
    assert table["整改情况"].tolist() == ["已整改", "未报告"]
    found = brief.findings(with_rect, "linyingxian")
    assert found.problems[-1] == "六月督办的2项台账事项中，还有1项没有完成整改（未报告1项）。"
    assert found.advice[-1] == f"督办事项：{brief.RECTIFICATION_ADVICE}"


def test_the_best_grade_gets_no_distance_and_a_grade_between_gets_it(results: YearResults) -> None:
    # 市委组织部 95.00 好; 市妇联 80.25 较好: 90 − 80.25 = 9.75 to 好.
    assert brief.findings(results, "shiweizuzhibu").opening[0].startswith("本单位等次为“好”。")
    assert brief.findings(results, "shifulian").opening == [
        "本单位等次为“较好”，综合得分距“好”等次（90分）还差9.75分。下列问题请逐项整改。"
    ]


def test_a_unit_that_lost_nothing_is_told_so(results: YearResults) -> None:
    means = results.item_means.copy()
    own = means["unit_id"] == "shifulian"
    means.loc[own, "mean_score"] = means.loc[own, "max_score"]
    means.loc[own, "lost"] = 0.0
    found = brief.findings(replace(results, item_means=means), "shifulian")
    assert found.problems == ["各评分项目均未失分，也没有扣分事项。"]
    assert found.advice == [brief.KEEP_ADVICE]
    assert brief.weakest_items(replace(results, item_means=means), "shifulian").empty
