"""Hand-worked checks of the scoring engine on the tiny year (see conftest.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunshine_analysis.exact import round_half_up
from sunshine_analysis.pipeline import score_folder
from sunshine_analysis.rules import load_rules
from sunshine_analysis.scoring import rank_within_groups, trim_raters


@pytest.fixture
def scores(tiny_year: Path):
    return score_folder(tiny_year)[1]


def by_name(scores) -> pd.DataFrame:
    return scores.composite.set_index("unit_name")


def test_composite_values_match_hand_calculation(scores) -> None:
    comp = by_name(scores)
    assert comp.loc["临颍县", "composite"] == pytest.approx(89.83, abs=1e-9)
    assert comp.loc["西城区", "composite"] == pytest.approx(87.50, abs=1e-9)
    assert comp.loc["市委组织部", "composite"] == pytest.approx(95.00, abs=1e-9)
    assert comp.loc["市妇联", "composite"] == pytest.approx(80.25, abs=1e-9)


def test_half_up_where_float_rounding_goes_down(scores) -> None:
    # (88.5 + 90.21) / 2 = 89.355 exactly; float arithmetic and round() give 89.35.
    assert round((88.5 + 90.21) / 2, 2) == 89.35
    assert by_name(scores).loc["市民政局", "composite"] == pytest.approx(89.36, abs=1e-9)


def test_exact_composite_of_linying(scores) -> None:
    row = by_name(scores).loc["临颍县"]
    # 89.8333… = 539/6 points exactly.
    assert scores.exact(row["composite_num"]) * 6 == 539


def test_ranks_share_ties_and_skip(scores) -> None:
    comp = by_name(scores)
    assert comp.loc[["市委组织部", "市民政局", "市总工会", "市妇联"], "rank"].tolist() == [1, 2, 2, 4]
    assert comp.loc[["临颍县", "西城区"], "rank"].tolist() == [1, 2]


def test_grades(scores) -> None:
    comp = by_name(scores)
    assert comp.loc["市委组织部", "grade"] == "好"
    assert comp.loc["临颍县", "grade"] == "较好"


def test_exemption_removes_sector_from_mean(scores) -> None:
    comp = by_name(scores)
    assert comp.loc["西城区", "n_sectors"] == 1
    sectors = scores.sector_scores
    row = sectors[(sectors["unit_id"] == "xichengqu") & (sectors["sector"] == "gov")].iloc[0]
    assert bool(row["exempt"])


def test_trimming_drops_highest_and_lowest(scores) -> None:
    totals = scores.rater_totals
    linying_gov = totals[(totals["unit_id"] == "linyingxian") & (totals["sector"] == "gov")]
    assert sorted(linying_gov.loc[linying_gov["dropped"], "total"]) == [70.0, 95.0]
    sector = scores.sector_scores.set_index(["unit_id", "sector"]).loc[("linyingxian", "gov")]
    assert sector["base_score"] == pytest.approx(87.67)
    assert sector["innovation_bonus"] == pytest.approx(2.0)
    assert sector["sector_score"] == pytest.approx(89.67)


def test_publicity_same_title_counted_once(scores) -> None:
    comp = by_name(scores)
    assert comp.loc["临颍县", "publicity_bonus"] == pytest.approx(1.5)
    assert comp.loc["临颍县", "deduction"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("89.125", "89.13"), ("89.124", "89.12"), ("2.675", "2.68"), ("0.005", "0.01"), ("-1.005", "-1.01")],
)
def test_round_half_up_strings(value: str, expected: str) -> None:
    assert round_half_up(value, 2) == Decimal(expected)


def _items(totals: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": "u",
            "sector": "gov",
            "sub_unit": "",
            "rater": [f"r{i}" for i in range(len(totals))],
            "ticks": totals,
        }
    )


@pytest.mark.parametrize(
    ("totals", "dropped"),
    [([900000, 800000, 850000, 700000], []), ([9, 8, 7, 6, 5], [9, 5]), ([9, 8, 7, 6, 5, 4], [9, 4])],
)
def test_trimming_threshold(totals: list[int], dropped: list[int]) -> None:
    result = trim_raters(_items(totals), load_rules(year=2020))
    assert sorted(result.loc[result["dropped"], "total_ticks"]) == sorted(dropped)


@given(st.lists(st.integers(0, 1_000_000), min_size=1, max_size=9), st.randoms())
def test_trimming_does_not_depend_on_rater_order(totals: list[int], rnd) -> None:
    rules = load_rules(year=2020)
    shuffled = totals[:]
    rnd.shuffle(shuffled)
    a = trim_raters(_items(totals), rules)
    b = trim_raters(_items(shuffled), rules)
    assert a.loc[~a["dropped"], "total_ticks"].sum() == b.loc[~b["dropped"], "total_ticks"].sum()


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=30))
def test_higher_score_never_ranks_worse(values: list[int]) -> None:
    table = pd.DataFrame({"rank_group": "g", "v": values})
    ranks = rank_within_groups(table, "v")
    for i in range(len(values)):
        for j in range(len(values)):
            if values[i] > values[j]:
                assert ranks[i] < ranks[j]
            if values[i] == values[j]:
                assert ranks[i] == ranks[j]
