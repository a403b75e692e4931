"""How much a rank means: its range under rule variants and under resampling.

Two views, one row per unit in :func:`rank_robustness`:

- **Rule variants** (:func:`variant_ranks`): every ``[[variants]]`` of the rules file is
  applied to a copy of the rules and the year is scored again, exactly; the unit's rank
  range over the published rules and every variant is reported.
- **Bootstrap** (:func:`bootstrap_ranks`): raters are resampled with replacement within
  each (unit, sector, sub-unit) and sampled sub-units within each (unit, sector); trimming,
  the sector cap, bonuses, deductions, clipping, rounding and ranking are applied to each
  draw. The draws are vectorised with numpy in float64: a draw's composite is rounded
  half-up to the reported decimals with a nudge of 10⁻⁶ of the last decimal, so that float
  error never splits two equal composites, and equal rounded composites share a rank
  (1, 2, 2, 4) as in the published ranking. Floats are acceptable here because a draw only
  estimates a spread; the published scores and ranks stay exact (:mod:`scoring`).

A unit is flagged ``indistinct_from_next`` when it is tied with the next unit of its group,
or when it stays ahead of that unit in fewer than ``level`` of the draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sunshine_analysis.exact import TICK_DECIMALS, to_ticks
from sunshine_analysis.ingest.inputs import YearInputs
from sunshine_analysis.outputs.contract import ROBUSTNESS_COLUMNS
from sunshine_analysis.scoring.engine import Scores, score_year

DRAWS = 1000
"""Bootstrap draws by default."""
SEED = 20200715
"""The fixed seed of the bootstrap: the same inputs give the same intervals."""
LEVEL = 0.95
"""Coverage of the bootstrap rank interval, and the share of draws a unit must stay ahead."""

VARIANT_COLUMNS = ["unit_id", "unit_name", "variant", "variant_label", "rank_group", "composite", "rank"]

_SUB = ["unit_id", "sector", "sub_unit"]
_SECTOR = ["unit_id", "sector"]
_CHUNK = 100


def variant_ranks(inputs: YearInputs, scores: Scores) -> pd.DataFrame:
    """Composite and rank of every unit under the published rules and each rule variant.

    Args:
        inputs: The year's inputs.
        scores: The year scored with the published rules.

    Returns:
        One row per (unit, variant) (:data:`VARIANT_COLUMNS`); the published rules are the
        variant ``published``.
    """
    frames = [_ranks(scores, "published", "现行评分细则")]
    for variant in scores.rules.variants:
        frames.append(
            _ranks(score_year(inputs, scores.rules.with_variant(variant)), variant.name, variant.label)
        )
    return pd.concat(frames, ignore_index=True)[VARIANT_COLUMNS]


def _ranks(scores: Scores, name: str, label: str) -> pd.DataFrame:
    comp = scores.composite
    return comp[["unit_id", "unit_name", "rank_group", "composite", "rank"]].assign(
        variant=name, variant_label=label
    )


def bootstrap_ranks(
    scores: Scores, *, draws: int = DRAWS, seed: int = SEED
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Ranks and rounded composites of every unit in each bootstrap draw.

    Args:
        scores: The year scored exactly.
        draws: Number of draws.
        seed: Seed of the random generator.

    Returns:
        ``(ranks, rounded, units)``: two arrays of shape (draws, units), and the units
        (``unit_id``, ``rank_group``) in the arrays' column order.
    """
    rules = scores.rules
    rng = np.random.default_rng(seed)
    units = scores.composite[["unit_id", "rank_group"]].reset_index(drop=True)
    unit_pos = pd.Series(np.arange(len(units)), index=units["unit_id"])

    # Raters of each sub-unit, padded: values (G, R), counts (G,).
    subs = scores.sub_units[_SUB].reset_index(drop=True)
    sub_pos = pd.Series(np.arange(len(subs)), index=pd.MultiIndex.from_frame(subs))
    totals = scores.rater_totals
    g = sub_pos.reindex(pd.MultiIndex.from_frame(totals[_SUB])).to_numpy()
    slot = totals.groupby(_SUB, sort=False).cumcount().to_numpy()
    n_raters = np.bincount(g, minlength=len(subs))
    values = np.zeros((len(subs), max(int(n_raters.max(initial=1)), 1)))
    values[g, slot] = totals["total_ticks"].to_numpy(dtype="float64")

    # Sub-units of each live sector, padded: indices (H, M), counts (H,).
    live = scores.sector_scores[~scores.sector_scores["exempt"]].reset_index(drop=True)
    sec_pos = pd.Series(np.arange(len(live)), index=pd.MultiIndex.from_frame(live[_SECTOR]))
    h = sec_pos.reindex(pd.MultiIndex.from_frame(subs[_SECTOR])).to_numpy()
    sub_slot = subs.groupby(_SECTOR, sort=False).cumcount().to_numpy()
    n_subs = np.bincount(h, minlength=len(live))
    members = np.zeros((len(live), max(int(n_subs.max(initial=1)), 1)), dtype=np.int64)
    members[h, sub_slot] = np.arange(len(subs))
    bonus = live["bonus_num"].map(int).to_numpy(dtype="float64") / scores.denominator

    # Sector → unit averaging matrix (H, U).
    owner = unit_pos.reindex(live["unit_id"]).to_numpy()
    n_sectors = np.bincount(owner, minlength=len(units))
    average = np.zeros((len(live), len(units)))
    average[np.arange(len(live)), owner] = 1.0 / n_sectors[owner]

    comp = scores.composite
    q = scores.denominator
    offset = (comp["publicity_num"].map(int) - comp["deduction_num"].map(int)).to_numpy(dtype="float64") / q
    step = 10 ** (TICK_DECIMALS - rules.decimals)
    cap = to_ticks(rules.sector_max) if rules.sector_max.is_finite() else np.inf
    top = to_ticks(rules.composite_cap) if rules.composite_cap.is_finite() else np.inf
    floor = to_ticks(rules.composite_floor)
    t, trim_min = rules.trim_each_side, rules.trim_min_raters
    kept_n = np.where(n_raters >= trim_min, n_raters - 2 * t, n_raters)
    group_codes = pd.factorize(units["rank_group"])[0]

    ranks = np.empty((draws, len(units)), dtype=np.int64)
    rounded = np.empty((draws, len(units)), dtype=np.int64)
    for start in range(0, draws, _CHUNK):
        b = min(_CHUNK, draws - start)
        pick = np.floor(rng.random((b, *values.shape)) * n_raters[None, :, None]).astype(np.int64)
        drawn = np.take_along_axis(np.broadcast_to(values, (b, *values.shape)), pick, axis=2)
        slots = np.arange(values.shape[1])[None, None, :]
        drawn = np.sort(np.where(slots < n_raters[None, :, None], drawn, np.inf), axis=2)
        lo = np.where(n_raters >= trim_min, t, 0)[None, :, None]
        keep = (slots >= lo) & (slots < (lo + kept_n[None, :, None]))
        sub_scores = np.where(keep, drawn, 0.0).sum(axis=2) / kept_n[None, :]

        pick = np.floor(rng.random((b, *members.shape)) * n_subs[None, :, None]).astype(np.int64)
        chosen = np.take_along_axis(np.broadcast_to(members, (b, *members.shape)), pick, axis=2)
        valid = np.arange(members.shape[1])[None, None, :] < n_subs[None, :, None]
        picked = np.take_along_axis(sub_scores, chosen.reshape(b, -1), axis=1).reshape(chosen.shape)
        base = np.where(valid, picked, 0.0).sum(axis=2) / n_subs[None, :]
        sector = np.minimum(base + bonus[None, :], cap)
        composite = np.clip(sector @ average + offset[None, :], floor, top)
        hundredths = np.floor(composite / step + 0.5 + 1e-6).astype(np.int64)
        rounded[start : start + b] = hundredths
        ranks[start : start + b] = _rank_rows(hundredths, group_codes)
    return ranks, rounded, units


def _rank_rows(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Rank each row's integer values within groups, highest first, ties sharing the lowest rank.

    >>> _rank_rows(np.array([[9000, 8500, 8500, 8000, 7000]]), np.array([0, 0, 0, 0, 1])).tolist()
    [[1, 2, 2, 4, 1]]
    """
    ranks = np.empty_like(values)
    rows = np.arange(values.shape[0])[:, None]
    for code in np.unique(groups):
        cols = np.flatnonzero(groups == code)
        block = -values[:, cols]
        # One sorted array for all rows: row r's keys are shifted past every earlier row's.
        width = int(block.max() - block.min()) + 1
        keys = block - block.min() + rows * width
        smaller = np.searchsorted(np.sort(keys, axis=None), keys, side="left") - rows * len(cols)
        ranks[:, cols] = smaller + 1
    return ranks


def rank_robustness(
    inputs: YearInputs, scores: Scores, *, draws: int = DRAWS, seed: int = SEED, level: float = LEVEL
) -> pd.DataFrame:
    """One row per unit: its rank range under the rule variants and its bootstrap interval.

    Args:
        inputs: The year's inputs (the variants are scored from them again).
        scores: The year scored with the published rules.
        draws: Bootstrap draws (at least 1000 for the published tables).
        seed: The bootstrap's seed.
        level: Coverage of the rank interval, and the share of draws a unit must stay
            ahead of the next one not to be flagged.

    Returns:
        :data:`ROBUSTNESS_COLUMNS`, ordered by rank group and rank.
    """
    variants = variant_ranks(inputs, scores)
    span = variants.groupby("unit_id")["rank"].agg(["min", "max"])
    ranks, rounded, units = bootstrap_ranks(scores, draws=draws, seed=seed)
    tail = (1 - level) / 2
    low = np.quantile(ranks, tail, axis=0, method="inverted_cdf")
    high = np.quantile(ranks, 1 - tail, axis=0, method="inverted_cdf")
    median = np.quantile(ranks, 0.5, axis=0, method="inverted_cdf")
    column = pd.Series(np.arange(len(units)), index=units["unit_id"])

    out = scores.composite[["unit_id", "unit_name", "rank_group", "composite", "rank"]].copy()
    out = out.sort_values(["rank_group", "rank", "unit_id"], kind="stable").reset_index(drop=True)
    out["variant_rank_min"] = out["unit_id"].map(span["min"]).astype("int64")
    out["variant_rank_max"] = out["unit_id"].map(span["max"]).astype("int64")
    cols = column.reindex(out["unit_id"]).to_numpy()
    out["boot_rank_low"] = low[cols].astype("int64")
    out["boot_rank_median"] = median[cols].astype("int64")
    out["boot_rank_high"] = high[cols].astype("int64")
    nxt = out.groupby("rank_group", sort=False)["unit_id"].shift(-1)
    out["next_unit_id"] = nxt.fillna("")
    has_next = nxt.notna().to_numpy()
    ahead = np.full(len(out), np.nan)
    nxt_cols = column.reindex(nxt[has_next]).to_numpy()
    ahead[has_next] = (rounded[:, cols[has_next]] > rounded[:, nxt_cols]).mean(axis=0)
    out["p_ahead_of_next"] = ahead
    exact = scores.composite.set_index("unit_id")["composite_rounded"]
    tied = has_next & (out["unit_id"].map(exact).to_numpy() == nxt.map(exact).to_numpy())
    out["indistinct_from_next"] = tied | (has_next & (ahead < level))
    return out[ROBUSTNESS_COLUMNS]


__all__ = [
    "DRAWS",
    "LEVEL",
    "ROBUSTNESS_COLUMNS",
    "SEED",
    "VARIANT_COLUMNS",
    "bootstrap_ranks",
    "rank_robustness",
    "variant_ranks",
]
