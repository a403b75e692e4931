"""Several years side by side, by the stable unit_id: score and rank change, units in and out.

Changes are computed on the reported (rounded) composites held as integers of
``10**-decimals`` points, so that 89.83 − 88.91 is exactly 0.92.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from sunshine_analysis.outputs.contract import YEARS_COLUMNS
from sunshine_analysis.outputs.formulas import restore_formulas

STATUS_LABELS = {"first": "首年", "continuing": "延续", "new": "新增", "gone": "退出"}


def compare_years(composites: Mapping[int, pd.DataFrame], decimals: int = 2) -> pd.DataFrame:
    """Each year's composite table against the previous year's.

    Args:
        composites: Year → the contract's composite table (``composite.csv``).
        decimals: Decimals of the reported composites.

    Returns:
        One row per unit and year (:data:`YEARS_COLUMNS`), ``gone`` rows included.

    >>> a = pd.DataFrame({"unit_id": ["x", "y"], "unit_name": ["X", "Y"], "rank_group": "g",
    ...     "composite": [88.91, 80.0], "rank": [1, 2], "grade": ["较好", "较好"]})
    >>> b = pd.DataFrame({"unit_id": ["x", "z"], "unit_name": ["X", "Z"], "rank_group": "g",
    ...     "composite": [89.83, 90.0], "rank": [2, 1], "grade": ["较好", "好"]})
    >>> t = compare_years({2019: a, 2020: b})
    >>> t2020 = t[t["year"] == 2020]
    >>> t2020[["unit_id", "status"]].to_numpy().tolist()
    [['x', 'continuing'], ['z', 'new'], ['y', 'gone']]
    >>> t2020["composite_change"].iloc[0], int(t2020["rank_change"].iloc[0])
    (np.float64(0.92), -1)
    """
    keep = ["unit_id", "unit_name", "rank_group", "composite", "rank", "grade"]
    frames = []
    previous: pd.DataFrame | None = None
    prev_year: int | None = None
    for year in sorted(composites):
        this = composites[year][keep].copy()
        this["hundredths"] = _scaled(this["composite"], decimals)
        if previous is None:
            rows = this.assign(status="first", prev_year=pd.NA)
        else:
            prev = previous.rename(columns={c: f"prev_{c}" for c in keep if c != "unit_id"})
            prev = prev.rename(columns={"hundredths": "prev_hundredths"})
            rows = this.merge(prev, on="unit_id", how="outer", indicator=True)
            status = {"both": "continuing", "left_only": "new", "right_only": "gone"}
            rows["status"] = rows["_merge"].astype(str).map(status)
            gone = rows["status"] == "gone"
            for col in ("unit_name", "rank_group"):
                rows.loc[gone, col] = rows.loc[gone, f"prev_{col}"]
            rows["prev_year"] = prev_year
            rows.loc[rows["status"] == "new", "prev_year"] = pd.NA
            change = rows["hundredths"] - rows["prev_hundredths"]
            rows["composite_change"] = change / 10**decimals
            same_group = ~gone & (rows["rank_group"] == rows["prev_rank_group"])
            rows["rank_change"] = (rows["prev_rank"] - rows["rank"]).where(same_group)
            rows["order"] = rows["status"].map({"continuing": 0, "new": 1, "gone": 2})
            rows = rows.sort_values(["order", "rank_group", "rank", "prev_rank"]).drop(columns="order")
        rows["year"] = year
        frames.append(rows)
        previous, prev_year = this, year
    table = pd.concat(frames, ignore_index=True).reindex(columns=YEARS_COLUMNS)
    return table.astype({"rank": "Int64", "prev_rank": "Int64", "rank_change": "Int64", "prev_year": "Int64"})


def read_composites(processed_root: str | Path, years: list[int] | None = None) -> dict[int, pd.DataFrame]:
    """The ``composite.csv`` of every year folder under ``processed_root`` (or of ``years``)."""
    root = Path(processed_root)
    found = sorted(int(p.name) for p in root.glob("*") if p.name.isdigit() and (p / "composite.csv").exists())
    return {
        year: restore_formulas(
            pd.read_csv(root / str(year) / "composite.csv", encoding="utf-8-sig", dtype={"unit_id": str})
        )
        for year in found
        if years is None or year in years
    }


def _scaled(values: pd.Series, decimals: int) -> pd.Series:
    # Reported composites have `decimals` places; the nearest integer undoes float storage.
    return pd.Series(np.rint(values.to_numpy(dtype="float64") * 10**decimals), index=values.index).astype(
        "Int64"
    )


__all__ = ["STATUS_LABELS", "YEARS_COLUMNS", "compare_years", "read_composites"]
