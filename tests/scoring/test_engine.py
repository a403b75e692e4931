"""Hand-worked checks of the scoring engine on the tiny year (see conftest.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.ingest.inputs import YearInputs
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import InputError
from sunshine_analysis.scoring import rank_within_groups, score_year, trim_raters
from sunshine_analysis.scoring.run import score_folder


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


# --- Hand-worked cases on small in-memory years -------------------------------------------


def _year(units, items, *, exemptions=(), innovation=(), publicity=(), deductions=()) -> YearInputs:
    """A YearInputs from short tuples; every item score is one rater total."""
    src = {"source_file": "t.xlsx", "source_sheet": "S", "source_row": 2}
    return YearInputs(
        year=2020,
        raw_dir=Path("."),
        units=pd.DataFrame(
            [
                {"unit_id": u, "unit_name": u, "unit_kind": k, "rank_group": "", "sectors": s}
                for u, k, s in units
            ]
        ),
        item_scores=pd.DataFrame(
            [
                {
                    "unit_id": u,
                    "sector": sec,
                    "item": "i",
                    "max_score": 100.0,
                    "sub_unit": sub,
                    "rater": r,
                    "score": v,
                    **src,
                }
                for u, sec, sub, r, v in items
            ],
            columns=contract.ITEM_SCORES,
        ),
        exemptions=pd.DataFrame(
            [{"unit_id": u, "sector": s, "mark": "免考", **src} for u, s in exemptions],
            columns=contract.EXEMPTIONS,
        ),
        innovation=pd.DataFrame(
            [{"unit_id": u, "sector": s, "title": t, "rating": r, **src} for u, s, t, r in innovation],
            columns=contract.INNOVATION,
        ),
        publicity=pd.DataFrame(
            [
                {"unit_id": u, "title": t, "level": lv, "outlet": "", "date": "", **src}
                for u, t, lv in publicity
            ],
            columns=contract.PUBLICITY,
        ),
        deductions=pd.DataFrame(
            [
                {"unit_id": u, "category": c, "doc_no": n, "date": "", "reason": "", **src}
                for u, c, n in deductions
            ],
            columns=contract.DEDUCTIONS,
        ),
    )


def _composite(scores, unit: str) -> pd.Series:
    return scores.composite.set_index("unit_id").loc[unit]


RULES = load_rules(year=2020)


@pytest.mark.parametrize(
    ("totals", "mean"),
    [
        ([80, 90, 85, 70], Fraction(325, 4)),  # 4 raters: no trimming, 81.25
        ([80, 90, 85, 70, 95], Fraction(255, 3)),  # 5: drop 95 and 70 → (80+90+85)/3 = 85
        ([80, 90, 85, 70, 95, 60], Fraction(325, 4)),  # 6: drop 95 and 60 → 325/4 = 81.25
    ],
)
def test_trimming_with_4_5_and_6_raters(totals: list[int], mean: Fraction) -> None:
    items = [("a", "party", "", f"r{i}", v) for i, v in enumerate(totals)]
    scores = score_year(_year([("a", "county", "party")], items), RULES)
    assert scores.exact(_composite(scores, "a")["composite_num"]) == mean


def test_sub_units_are_averaged_after_their_raters() -> None:
    # Sub-unit x: raters 90, 80 → 85; sub-unit y: one rater 70 → base (85 + 70) / 2 = 77.5.
    items = [("a", "party", "x", "r1", 90), ("a", "party", "x", "r2", 80), ("a", "party", "y", "r1", 70)]
    scores = score_year(_year([("a", "county", "party")], items), RULES)
    assert _composite(scores, "a")["composite"] == pytest.approx(77.5)


def test_innovation_bonus_adds_per_excellent_result_and_cap_binds() -> None:
    # Two 优秀 results: 97 + 2 + 2 = 101 → capped at 100; one 良好 adds nothing.
    units = [("a", "county", "party;gov"), ("b", "county", "party")]
    items = [("a", "party", "", "", 97), ("a", "gov", "", "", 90), ("b", "party", "", "", 90)]
    innovation = [
        ("a", "party", "t1", "优秀"),
        ("a", "party", "t2", "优秀"),
        ("a", "gov", "t3", "良好"),
        ("b", "party", "t4", "优秀"),
    ]
    scores = score_year(_year(units, items, innovation=innovation), RULES)
    sectors = scores.sector_scores.set_index(["unit_id", "sector"])
    assert sectors.loc[("a", "party"), "sector_score"] == 100.0
    assert bool(sectors.loc[("a", "party"), "capped"])
    assert sectors.loc[("a", "gov"), "sector_score"] == 90.0
    assert sectors.loc[("b", "party"), "sector_score"] == 92.0  # cap does not bind
    assert not bool(sectors.loc[("b", "party"), "capped"])
    assert _composite(scores, "a")["composite"] == 95.0  # (100 + 90) / 2


def test_innovation_in_exempt_sector_adds_nothing() -> None:
    units = [("a", "county", "party;gov")]
    items = [("a", "party", "", "", 80)]
    scores = score_year(
        _year(units, items, exemptions=[("a", "gov")], innovation=[("a", "gov", "t", "优秀")]), RULES
    )
    assert _composite(scores, "a")["composite"] == 80.0
    assert _composite(scores, "a")["n_sectors"] == 1


def test_innovation_outside_the_units_sectors_is_an_input_problem() -> None:
    units = [("a", "county", "party")]
    inputs = _year(units, [("a", "party", "", "", 80)], innovation=[("a", "gov", "标题", "优秀")])
    with pytest.raises(InputError, match="不参加该板块"):
        score_year(inputs, RULES)


def test_unit_exempt_everywhere_is_an_input_problem() -> None:
    units = [("a", "county", "party"), ("b", "county", "party")]
    inputs = _year(units, [("b", "party", "", "", 80)], exemptions=[("a", "party")])
    with pytest.raises(InputError, match="没有任何需要计分的板块"):
        score_year(inputs, RULES)


def test_publicity_same_title_once_and_cap_binding() -> None:
    # a: 4 national (4.0) → capped at 3; the repeated title at 省级 is ignored.
    # b: same title 市级 + 省级 → 0.5 once; + 市级 0.2 → 0.7 (cap does not bind).
    units = [("a", "county", "party"), ("b", "county", "party")]
    items = [("a", "party", "", "", 90), ("b", "party", "", "", 90)]
    publicity = [("a", f"t{i}", "国家级") for i in range(4)] + [("a", "t0", "省级")]
    publicity += [("b", "同 一题", "市级"), ("b", "同一题", "省级"), ("b", "另一题", "市级")]
    scores = score_year(_year(units, items, publicity=publicity), RULES)
    assert _composite(scores, "a")["publicity_bonus"] == 3.0
    assert _composite(scores, "a")["composite"] == 93.0
    assert _composite(scores, "b")["publicity_bonus"] == pytest.approx(0.7)
    pub = scores.publicity
    assert pub.loc[(pub["unit_id"] == "b") & ~pub["counted"], "level"].tolist() == ["市级"]


def test_deductions_add_up_without_cap_and_composite_clips_at_floor() -> None:
    units = [("a", "county", "party"), ("b", "county", "party")]
    items = [("a", "party", "", "", 90), ("b", "party", "", "", 4)]
    deductions = [
        ("a", "市级通报批评", "文1"),
        ("a", "诫勉", "文2"),
        ("a", "违反“阳光三权”案件", "文3"),
        ("b", "违反“阳光三权”案件", "文4"),
        ("b", "诫勉", "文5"),
    ]
    scores = score_year(_year(units, items, deductions=deductions), RULES)
    assert _composite(scores, "a")["composite"] == 84.0  # 90 − 1 − 2 − 3
    assert _composite(scores, "b")["composite"] == 0.0  # 4 − 5 → clipped to 0
    assert _composite(scores, "b")["grade"] == "差"


def test_composite_clips_at_cap() -> None:
    units = [("a", "county", "party")]
    scores = score_year(_year(units, [("a", "party", "", "", 99.5)], publicity=[("a", "t", "国家级")]), RULES)
    assert _composite(scores, "a")["composite"] == 100.0


def test_rounding_of_xx5_from_exact_value_not_from_rounded_parts() -> None:
    # Sectors 89.125 (raters 89.12, 89.13 → mean 89.125) and 90 → mean 89.5625 → 89.56;
    # the sector itself is reported 89.13 (half-up), never 89.12.
    units = [("a", "county", "party;gov")]
    items = [("a", "party", "", "r1", 89.12), ("a", "party", "", "r2", 89.13), ("a", "gov", "", "", 90)]
    scores = score_year(_year(units, items), RULES)
    sector = scores.sector_scores.set_index(["unit_id", "sector"]).loc[("a", "party")]
    assert f"{sector['sector_score']:.2f}" == "89.13"
    assert f"{_composite(scores, 'a')['composite']:.2f}" == "89.56"


def test_ties_share_rank_on_rounded_composite_and_next_is_skipped() -> None:
    # 90.004 and 89.996 both round to 90.00: tied at 1; 85 is 3rd.
    units = [("a", "county", "party"), ("b", "county", "party"), ("c", "zone", "party")]
    items = [("a", "party", "", "", 90.004), ("b", "party", "", "", 89.996), ("c", "party", "", "", 85)]
    scores = score_year(_year(units, items), RULES)
    assert [_composite(scores, u)["rank"] for u in "abc"] == [1, 1, 3]


def test_grade_bands_at_their_edges() -> None:
    values = {"a": 90, "b": 89.995, "c": 89.994, "d": 70, "e": 69.99}
    units = [(u, "gov_dept", "gov") for u in values]
    scores = score_year(_year(units, [(u, "gov", "", "", v) for u, v in values.items()]), RULES)
    grades = {u: _composite(scores, u)["grade"] for u in values}
    assert grades == {"a": "好", "b": "好", "c": "较好", "d": "一般", "e": "差"}


def test_rank_groups_come_from_the_rules_applied() -> None:
    units = [("a", "county", "party"), ("z", "zone", "party")]
    inputs = _year(units, [("a", "party", "", "", 90), ("z", "party", "", "", 95)])
    apart = RULES.with_variant(next(v for v in RULES.variants if v.name == "zones_apart"))
    together = score_year(inputs, RULES)
    assert _composite(together, "a")["rank"] == 2
    assert _composite(score_year(inputs, apart), "a")["rank"] == 1


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.integers(0, 1_000_000), min_size=1, max_size=7),
    st.lists(st.sampled_from(["国家级", "省级", "市级"]), max_size=8),
    st.integers(0, 4),
)
def test_no_score_leaves_its_bounds(totals: list[int], levels: list[str], n_deductions: int) -> None:
    items = [("a", "party", "", f"r{i}", t / 10_000) for i, t in enumerate(totals)]
    publicity = [("a", f"t{i}", lv) for i, lv in enumerate(levels)]
    deductions = [("a", "违反“阳光三权”案件", f"d{i}") for i in range(n_deductions)]
    scores = score_year(
        _year(
            [("a", "county", "party")],
            items,
            publicity=publicity,
            deductions=deductions,
            innovation=[("a", "party", "t", "优秀")],
        ),
        RULES,
    )
    row = _composite(scores, "a")
    assert 0 <= row["composite"] <= 100
    assert 0 <= row["publicity_bonus"] <= 3
    sector = scores.sector_scores.iloc[0]
    assert 0 <= sector["base_score"] <= 100 and sector["sector_score"] <= 100
