"""The scoring engine: docs/domain.md §3, vectorised over tidy tables, in exact arithmetic.

Every intermediate value is an integer numerator over one common denominator ``Q`` ticks
per point (a tick is 0.0001 points). ``Q`` is the product of the least common multiples of
every count the rules divide by — raters kept, sub-units, sectors — so rater means,
sub-unit means and the sector mean stay exact integers, and only reported values are
rounded half-up.

The steps, in the order of docs/domain.md §3: rater trimming (1, :mod:`.raters`), sub-unit
means (2), base scores and exemptions (3), innovation bonus and the sector cap (4),
publicity (6) and deductions (7) (:mod:`.bonuses`), composite with clipping (5), half-up
rounding (8), ranks (9) and grades (10) (:mod:`.ranking`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.exact import (
    TICKS,
    floats_to_ticks,
    round_scaled,
    to_points,
    to_ticks,
)
from sunshine_analysis.ingest.inputs import YearInputs, participation
from sunshine_analysis.ingest.validate import check_scorable
from sunshine_analysis.outputs import contract
from sunshine_analysis.scoring.bonuses import count_publicity, deduction_points, innovation_bonuses
from sunshine_analysis.scoring.ranking import grade, rank_within_groups
from sunshine_analysis.scoring.raters import (
    INT64_SAFE,
    first_rows,
    kept_per_sub_unit,
    mark_trimmed,
    total_raters,
)

_SECTOR = ["unit_id", "sector"]


@dataclass
class Scores:
    """Every step of one year's scoring, exact and rounded.

    Attributes:
        rules: The rules applied.
        denominator: ``Q``: every ``*_num`` column holds ticks/Q, i.e. points = num / (Q·10⁴).
        units: The registry, with the rank groups of ``rules``.
        item_scores: The item scores (contract columns), with ``ticks``.
        rater_totals: One row per (unit, sector, sub-unit, rater) with ``total_ticks``,
            ``total`` and ``dropped`` (trimmed as highest or lowest).
        sub_units: One row per (unit, sector, sub-unit): ``n_raters``, ``n_kept``,
            ``kept_ticks`` and ``score_num`` (the sub-unit's mean over kept raters).
        sector_scores: One row per participating (unit, sector), exempt ones flagged, with
            ``n_sub_units``, ``base_num``, ``bonus_num``, ``sector_num`` and ``capped``.
        innovation: One row per innovation result, with ``bonus_ticks`` and ``note``.
        publicity: One row per adoption, with ``points_ticks`` and whether it ``counted``.
        deductions: One row per case, with its ``points_ticks``.
        composite: One row per unit (contract columns, then the exact numerators,
            ``publicity_raw_num`` before the cap and ``composite_rounded``).
    """

    rules: Rules
    denominator: int
    units: pd.DataFrame
    item_scores: pd.DataFrame
    rater_totals: pd.DataFrame
    sub_units: pd.DataFrame
    sector_scores: pd.DataFrame
    innovation: pd.DataFrame
    publicity: pd.DataFrame
    deductions: pd.DataFrame
    composite: pd.DataFrame

    def exact(self, numerator: int) -> Fraction:
        """The exact point value of one numerator."""
        return Fraction(int(numerator), self.denominator * TICKS)


def score_year(inputs: YearInputs, rules: Rules) -> Scores:
    """Score one year: rater trimming to composite, rank and grade.

    The steps, each a small function: :func:`trim_raters`, sub-unit means, sector scores
    (base, innovation bonus, cap), composite (mean, publicity, deductions, clip), rank and
    grade, all over one common denominator ``Q``.

    Args:
        inputs: The year's tidy, validated inputs.
        rules: The rules to apply; the registry's rank groups are taken from them.

    Returns:
        Every step of the scoring.

    Raises:
        InputError: The inputs fail :func:`~sunshine_analysis.ingest.validate.check_scorable`.
    """
    check_scorable(inputs, rules).raise_if_any()
    units = inputs.units.assign(rank_group=inputs.units["unit_kind"].map(rules.rank_group_of))
    # A shallow copy: pandas copies on write, so adding columns never touches the input.
    items = inputs.item_scores.copy(deep=False)
    items["ticks"] = floats_to_ticks(items["score"])[0].astype("int64")

    totals, groups = total_raters(items)
    rater_totals = mark_trimmed(totals, groups, rules)
    sub_units = kept_per_sub_unit(rater_totals, groups.sub_unit)
    sec_code = groups.sector[first_rows(groups.sub_unit)]
    sub_units["n_sub_units"] = np.bincount(sec_code)[sec_code]

    sectors = participation(units).merge(
        inputs.exemptions[_SECTOR].drop_duplicates().assign(exempt=True), on=_SECTOR, how="left"
    )
    sectors["exempt"] = sectors["exempt"].notna()
    n_sectors = sectors[~sectors["exempt"]].groupby("unit_id").size()

    innovation = innovation_bonuses(inputs.innovation, sectors, rules, inputs.shortlist)
    publicity = count_publicity(inputs.publicity, rules)
    deductions = deduction_points(inputs.deductions, rules)
    q = _lcm(sub_units["n_kept"]) * _lcm(sub_units["n_sub_units"]) * _lcm(n_sectors)
    exact = _exact_dtype(
        q,
        int(rater_totals["total_ticks"].max()) if len(rater_totals) else 0,
        int(innovation["bonus_ticks"].sum()),
        int(publicity["points_ticks"].sum()),
        int(deductions["points_ticks"].sum()),
        *(
            to_ticks(v)
            for v in (rules.sector_max, rules.composite_cap, rules.composite_floor)
            if v.is_finite()
        ),
    )
    per_sector = _sub_unit_means(sub_units, sec_code, q, exact)
    sectors = _sector_scores(sectors, per_sector, innovation, rules, q, exact)
    composite = _composite(units, sectors, n_sectors, publicity, deductions, rules, q, exact)
    return Scores(
        rules=rules,
        denominator=q,
        units=units,
        item_scores=items,
        rater_totals=rater_totals,
        sub_units=sub_units,
        sector_scores=sectors,
        innovation=innovation,
        publicity=publicity,
        deductions=deductions,
        composite=composite,
    )


def _sub_unit_means(sub_units: pd.DataFrame, sec_code: np.ndarray, q: int, exact: str) -> pd.DataFrame:
    """Each sub-unit's mean over its kept raters (``score_num``, added to ``sub_units``), and
    per (unit, sector) the base score: the mean over its sub-units, both over ``q``."""
    kept = sub_units["kept_ticks"].astype(exact)
    sub_units["score_num"] = kept * (q // sub_units["n_kept"]).astype(exact)
    contrib = kept * (q // (sub_units["n_kept"] * sub_units["n_sub_units"])).astype(exact)
    first = sub_units.iloc[first_rows(sec_code)]
    return pd.DataFrame(
        {
            **{c: first[c].to_numpy() for c in _SECTOR},
            "n_sub_units": first["n_sub_units"].to_numpy(),
            # Nullable or object, so the merge with the sectors leaves exempt ones empty
            # without turning the exact numerators into floats.
            "base_num": pd.array(
                contrib.groupby(sec_code).sum().to_numpy(), dtype="Int64" if exact == "int64" else object
            ),
        }
    )


def _sector_scores(
    sectors: pd.DataFrame,
    per_sector: pd.DataFrame,
    innovation: pd.DataFrame,
    rules: Rules,
    q: int,
    exact: str,
) -> pd.DataFrame:
    """Sector score = min(base + innovation bonus, the sector maximum), exempt sectors left empty."""
    live = ~sectors["exempt"].to_numpy()
    sectors = sectors.merge(per_sector, on=_SECTOR, how="left")
    bonus = innovation.groupby(_SECTOR)["bonus_ticks"].sum().rename("bonus_ticks").reset_index()
    sectors = sectors.merge(bonus, on=_SECTOR, how="left")
    sectors["n_sub_units"] = sectors["n_sub_units"].fillna(0).astype("int64")
    sectors["bonus_num"] = sectors["bonus_ticks"].fillna(0).astype("int64").astype(exact) * q
    sectors["base_num"] = sectors["base_num"].astype(object).where(live, None)
    uncapped = sectors.loc[live, "base_num"].astype(exact) + sectors.loc[live, "bonus_num"]
    sectors["sector_num"] = None
    sectors["capped"] = False
    if rules.sector_max.is_finite():
        cap = to_ticks(rules.sector_max) * q
        sectors.loc[live, "capped"] = (uncapped > cap).to_numpy()
        uncapped = uncapped.clip(upper=cap)
    sectors.loc[live, "sector_num"] = uncapped
    for name, num in (
        ("base_score", "base_num"),
        ("innovation_bonus", "bonus_num"),
        ("sector_score", "sector_num"),
    ):
        values = sectors.loc[live, num].astype(exact)
        sectors[name] = to_points(round_scaled(values, q, rules.decimals), rules.decimals).reindex(
            sectors.index
        )
    columns = [
        *contract.SECTOR_SCORES,
        "exempt",
        "n_sub_units",
        "base_num",
        "bonus_num",
        "sector_num",
        "capped",
    ]
    return sectors[columns].reset_index(drop=True)


def _composite(
    units: pd.DataFrame,
    sectors: pd.DataFrame,
    n_sectors: pd.Series,
    publicity: pd.DataFrame,
    deductions: pd.DataFrame,
    rules: Rules,
    q: int,
    exact: str,
) -> pd.DataFrame:
    """Composite = mean of the sector scores + publicity (capped) − deductions, clipped; then
    rounded half-up, ranked within its group and graded."""
    pub_raw = publicity.groupby("unit_id")["points_ticks"].sum()
    cap = rules.publicity_cap
    pub_ticks = pub_raw.clip(upper=to_ticks(cap)) if cap.is_finite() else pub_raw
    ded_ticks = deductions.groupby("unit_id")["points_ticks"].sum()

    def over_q(ticks: pd.Series) -> pd.Series:
        return comp["unit_id"].map(ticks).fillna(0).astype("int64").astype(exact) * q

    comp = units[contract.UNITS].copy()
    sums = sectors[~sectors["exempt"]].groupby("unit_id")["sector_num"].sum()
    comp["n_sectors"] = comp["unit_id"].map(n_sectors).astype("int64")
    comp["sector_sum_num"] = comp["unit_id"].map(sums).astype(exact)
    comp["sector_mean_num"] = comp["sector_sum_num"] // comp["n_sectors"].astype(exact)
    comp["publicity_raw_num"] = over_q(pub_raw)
    comp["publicity_num"] = over_q(pub_ticks)
    comp["deduction_num"] = over_q(ded_ticks)
    comp["unclipped_num"] = comp["sector_mean_num"] + comp["publicity_num"] - comp["deduction_num"]
    upper = to_ticks(rules.composite_cap) * q if rules.composite_cap.is_finite() else None
    comp["composite_num"] = comp["unclipped_num"].clip(lower=to_ticks(rules.composite_floor) * q, upper=upper)

    d = rules.decimals
    comp["composite_rounded"] = round_scaled(comp["composite_num"], q, d).astype("int64")
    comp["rank"] = rank_within_groups(comp, "composite_rounded")
    comp["grade"] = grade(comp["composite_rounded"], rules)
    for name, num in (
        ("sector_mean", "sector_mean_num"),
        ("publicity_bonus", "publicity_num"),
        ("deduction", "deduction_num"),
    ):
        comp[name] = to_points(round_scaled(comp[num], q, d), d)
    comp["composite"] = to_points(comp["composite_rounded"], d)
    comp = comp[contract.COMPOSITE + [c for c in comp.columns if c not in contract.COMPOSITE]]
    return comp.sort_values(["rank_group", "rank", "unit_id"]).reset_index(drop=True)


def _lcm(counts: pd.Series) -> int:
    values = [int(v) for v in pd.unique(counts.dropna()) if v > 0]
    return math.lcm(*values) if values else 1


def _exact_dtype(q: int, *tick_bounds: int) -> str:
    # Every numerator is at most (sum of the largest tick values) · Q, with room for the
    # sum over five sectors; past int64 use Python integers.
    bound = (sum(abs(b) for b in tick_bounds) + 1) * len(SECTORS) * q
    return "int64" if bound < INT64_SAFE else "object"
