"""Rank robustness: variants scored exactly, the bootstrap reproducible and sensible."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunshine_analysis.scoring.robustness import _rank_rows, bootstrap_ranks, rank_robustness, variant_ranks
from sunshine_analysis.scoring.run import score_folder


@pytest.fixture
def year(tiny_year: Path):
    return score_folder(tiny_year)


def test_no_trimming_variant_matches_hand_calculation(year) -> None:
    inputs, scores = year
    v = variant_ranks(inputs, scores).set_index(["variant", "unit_id"])
    # 临颍县 without trimming: gov (90+85+88+70+95)/5 + 2 = 87.6; (89 + 87.6)/2 + 1.5 − 1 = 88.8.
    assert v.loc[("no_trimming", "linyingxian"), "composite"] == pytest.approx(88.8)
    assert v.loc[("zones_apart", "xichengqu"), "rank"] == 1
    assert v.loc[("published", "xichengqu"), "rank"] == 2


def test_robustness_table(year) -> None:
    inputs, scores = year
    t = rank_robustness(inputs, scores, draws=1000).set_index("unit_id")
    assert (t["variant_rank_min"].loc["xichengqu"], t["variant_rank_max"].loc["xichengqu"]) == (1, 2)
    # Single-total units do not vary in the bootstrap.
    assert (t.loc["shifulian", ["boot_rank_low", "boot_rank_high"]] == 4).all()
    # 市民政局 and 市总工会 are tied at 89.36: they cannot be told apart.
    assert bool(t.loc["shiminzhengju", "indistinct_from_next"])
    assert not bool(t.loc["shiweizuzhibu", "indistinct_from_next"])
    assert (t["boot_rank_low"] <= t["boot_rank_median"]).all()
    assert (t["boot_rank_median"] <= t["boot_rank_high"]).all()


def test_bootstrap_is_reproducible_and_keeps_bounds(year) -> None:
    _, scores = year
    r1, c1, _ = bootstrap_ranks(scores, draws=200, seed=1)
    r2, c2, _ = bootstrap_ranks(scores, draws=200, seed=1)
    assert (r1 == r2).all() and (c1 == c2).all()
    assert c1.min() >= 0 and c1.max() <= 10_000
    # 临颍县 (first column): 党务 sub-units 90/88, 政务 raters 70..95 (+2), publicity 1.5 − 1:
    # at best (90 + 95 + 2) / 2 + 0.5 = 94.0, at worst (88 + 70 + 2) / 2 + 0.5 = 80.5.
    assert c1[:, 0].max() <= 9400 and c1[:, 0].min() >= 8050


@given(st.lists(st.integers(0, 200), min_size=1, max_size=12), st.integers(1, 5))
def test_higher_rounded_composite_never_ranks_worse(values: list[int], n_rows: int) -> None:
    rng = np.random.default_rng(len(values))
    table = rng.permuted(np.tile(values, (n_rows, 1)), axis=1)
    groups = np.arange(len(values)) % 2
    ranks = _rank_rows(table, groups)
    for row, rank in zip(table, ranks, strict=True):
        for i in range(len(values)):
            for j in range(len(values)):
                if groups[i] == groups[j] and row[i] > row[j]:
                    assert rank[i] < rank[j]
                if groups[i] == groups[j] and row[i] == row[j]:
                    assert rank[i] == rank[j]
