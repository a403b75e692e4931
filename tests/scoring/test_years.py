"""Years side by side by unit_id: changes worked out by hand, units in and out kept."""

from __future__ import annotations

import pandas as pd

from sunshine_analysis.scoring.years import compare_years


def _comp(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["unit_id", "unit_name", "rank_group", "composite", "rank", "grade"])


def test_changes_new_and_gone_units() -> None:
    y2019 = _comp(
        [
            ("a", "甲", "县区", 88.91, 1, "较好"),
            ("b", "乙", "县区", 80.10, 2, "较好"),
            ("c", "丙", "县区", 79.99, 3, "一般"),
        ]
    )
    y2020 = _comp(
        [
            ("a", "甲", "县区", 89.83, 2, "较好"),
            ("b", "乙", "县区", 90.00, 1, "好"),
            ("d", "丁", "县区", 70.00, 3, "一般"),
        ]
    )
    t = compare_years({2020: y2020, 2019: y2019}).set_index(["year", "unit_id"])
    assert (t.loc[(2019, "a"), "status"], t.loc[(2019, "c"), "status"]) == ("first", "first")
    a, b = t.loc[(2020, "a")], t.loc[(2020, "b")]
    assert a["status"] == "continuing" and a["composite_change"] == 0.92 and a["rank_change"] == -1
    assert b["composite_change"] == 9.9 and b["rank_change"] == 1 and b["prev_year"] == 2019
    assert t.loc[(2020, "d"), "status"] == "new" and pd.isna(t.loc[(2020, "d"), "prev_rank"])
    gone = t.loc[(2020, "c")]
    assert gone["status"] == "gone" and gone["unit_name"] == "丙" and gone["prev_rank"] == 3
    assert pd.isna(gone["composite"])
    assert len(t) == 7


def test_rank_change_is_empty_when_the_group_changed() -> None:
    y1 = _comp([("a", "甲", "县区", 90.0, 1, "好")])
    y2 = _comp([("a", "甲", "功能区", 91.0, 1, "好")])
    row = compare_years({1: y1, 2: y2}).iloc[-1]
    assert pd.isna(row["rank_change"]) and row["composite_change"] == 1.0
