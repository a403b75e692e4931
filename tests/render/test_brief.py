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

import pytest

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
    assert stats.loc["阳光党务", "平均"] == pytest.approx((95 + 89.36 + 80.25) / 3)
    assert stats.loc["综合得分", "单位数"] == 4
    assert stats.loc["综合得分", "平均"] == pytest.approx((95 + 89.36 + 89.36 + 80.25) / 4)


def test_the_unit_table_shows_no_group_mean_of_a_lone_sector(results: YearResults) -> None:
    table = brief.unit_sector_table(results, "shiminzhengju")
    assert table["板块"].tolist() == ["阳光村务", "阳光民生"]
    assert table["单项得分"].tolist() == [88.5, 90.21]
    assert table["本组平均"].isna().all()
    assert brief.unit_profile(results, "shiminzhengju").empty


def test_the_group_mean_is_shown_where_enough_units_share_the_sector(results: YearResults) -> None:
    table = brief.unit_sector_table(results, "shifulian")
    assert table["单项得分"].tolist() == [80.25]
    assert table["本组平均"].iloc[0] == pytest.approx((95 + 89.36 + 80.25) / 3)


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
    assert stats.loc["综合得分", "平均"] == pytest.approx((95 + 89.36 + 89.36 + 80.25) / 4)
