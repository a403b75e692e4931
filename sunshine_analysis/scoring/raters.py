"""Rater totals and trimming (docs/domain.md §3.1) and the sub-units' kept totals (§3.2).

The work is on integer group codes, numbered once from the text keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.exact import (
    TICKS,
)
from sunshine_analysis.outputs import contract

_SUB = ["unit_id", "sector", "sub_unit"]


_RATER = [*_SUB, "rater"]


INT64_SAFE = 2**62


def trim_raters(items: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Total each rater's item scores and mark the totals dropped by trimming.

    With ``rules.trim_min_raters`` raters or more on a (unit, sector, sub-unit), the
    ``rules.trim_each_side`` highest and lowest totals are dropped. Which of two equal
    totals is dropped does not change the mean; the rater named first alphabetically is.

    Args:
        items: Item scores with integer ``ticks`` and the keys ``unit_id``, ``sector``,
            ``sub_unit``, ``rater``.
        rules: The rules.

    Returns:
        One row per rater: keys, ``total_ticks``, ``total`` (points), ``dropped``.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> items = pd.DataFrame({"unit_id": "u", "sector": "gov", "sub_unit": "",
    ...     "rater": list("abcde"), "ticks": [90, 85, 88, 70, 95]})
    >>> trim_raters(items, load_rules(year=2020)).query("dropped")["rater"].tolist()
    ['d', 'e']
    """
    return mark_trimmed(*total_raters(items), rules)


@dataclass
class _Groups:
    """Group codes of the rater totals' rows, numbered in order of first appearance."""

    sector: np.ndarray
    """(unit, sector)."""
    sub_unit: np.ndarray
    """(unit, sector, sub-unit), a missing sub-unit read as ""."""
    rater_name: np.ndarray
    """The rater's name (missing read as ""), numbered in alphabetical order."""


def total_raters(items: pd.DataFrame) -> tuple[pd.DataFrame, _Groups]:
    """One row per rater (keys in order of first appearance) with the total of its ticks.

    The keys are numbered once (:func:`_code_runs`) and from there the work is on integers:
    grouping by the text keys themselves costs as much as all the rest of the scoring. Sums
    use ``bincount`` (exact: totals stay far below 2**53 ticks) and each rater keeps the
    source of its first row.
    """
    sources = [c for c in contract.SOURCE if c in items.columns]
    if not len(items):
        cols = [*_RATER, "total_ticks", "n_items", *sources]
        empty = pd.DataFrame(
            {c: pd.Series(dtype="int64" if c in ("total_ticks", "n_items") else object) for c in cols}
        )
        none = np.empty(0, dtype="int64")
        return empty, _Groups(none, none, none)
    starts, codes, names = _code_runs([_key_values(items[c]) for c in _RATER])
    # Missing sub-unit or rater names are read as "" (no sub-units, a single rater).
    sub_names = _fill_codes(codes[2], names[2])
    rater = _combine(codes)
    first = first_rows(rater)
    totals = items[[*_RATER, *sources]].iloc[starts[first]].reset_index(drop=True)
    run_ticks = np.add.reduceat(items["ticks"].to_numpy(dtype="int64"), starts)
    totals.insert(4, "total_ticks", np.rint(np.bincount(rater, weights=run_ticks)).astype("int64"))
    run_items = np.diff(starts, append=len(items))
    totals.insert(5, "n_items", np.bincount(rater, weights=run_items).astype("int64"))
    groups = _Groups(
        sector=_combine([codes[0][first], codes[1][first]]),
        sub_unit=_combine([codes[0][first], codes[1][first], sub_names[first]]),
        rater_name=_fill_codes(codes[3], names[3], sort=True)[first],
    )
    return totals.fillna({"sub_unit": "", "rater": ""}), groups


def mark_trimmed(totals: pd.DataFrame, groups: _Groups, rules: Rules) -> pd.DataFrame:
    sub_code = groups.sub_unit
    order = np.lexsort((groups.rater_name, totals["total_ticks"].to_numpy(), sub_code))
    sizes = np.bincount(sub_code, minlength=1)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    in_order = sub_code[order]
    n = sizes[in_order]
    pos = np.arange(len(order)) - starts[in_order]
    t = rules.trim_each_side
    dropped = np.empty(len(order), dtype=bool)
    dropped[order] = (n >= rules.trim_min_raters) & ((pos < t) | (pos >= n - t))
    return totals.assign(dropped=dropped, total=totals["total_ticks"] / TICKS)


def kept_per_sub_unit(rater_totals: pd.DataFrame, sub_code: np.ndarray) -> pd.DataFrame:
    if not len(sub_code):
        return pd.DataFrame(
            {c: pd.Series(dtype=object) for c in _SUB}
            | {c: pd.Series(dtype="int64") for c in ("n_raters", "n_kept", "kept_ticks")}
        )
    keep = ~rater_totals["dropped"].to_numpy()
    sub = rater_totals.iloc[first_rows(sub_code)][_SUB].reset_index(drop=True)
    sub["n_raters"] = np.bincount(sub_code)
    sub["n_kept"] = np.bincount(sub_code, weights=keep).astype("int64")
    kept = np.bincount(sub_code, weights=rater_totals["total_ticks"].to_numpy(dtype="float64") * keep)
    sub["kept_ticks"] = np.rint(kept).astype("int64")
    return sub


def _key_values(column: pd.Series) -> np.ndarray:
    # The ingest's str and object columns as they are (no copy); others with NaN for
    # missing, as numpy cannot compare pd.NA.
    if column.dtype == object or column.dtype == "str":
        return column.to_numpy()
    return column.to_numpy(dtype=object, na_value=np.nan)


def _code_runs(keys: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Number the key columns over the runs of rows equal in every key.

    The rows come in runs (a sheet row's items, a unit's sheet rows), so each column is
    hashed only where it changes, and the hashing of text grows with the runs, not the
    rows. NaN never equals NaN: it only ends a run early.

    Returns:
        The first row of each run; for each key, its codes at those rows and the values coded.
    """
    new = np.zeros(len(keys[0]), dtype=bool)
    changes = []
    for values in keys:
        change = np.r_[True, values[1:] != values[:-1]]
        new |= change
        changes.append(np.flatnonzero(change))
    starts = np.flatnonzero(new)
    codes, names = [], []
    for values, own in zip(keys, changes, strict=True):
        code, name = pd.factorize(values[own], use_na_sentinel=False)
        codes.append(code[np.searchsorted(own, starts, side="right") - 1])
        names.append(name)
    return starts, codes, names


def _combine(codes: list[np.ndarray]) -> np.ndarray:
    """Number the distinct tuples of several non-empty code columns in order of first appearance.

    The codes are combined in mixed radix into one int64 key, renumbered first wherever
    the product of the ranges could overflow.
    """
    key = codes[0].astype("int64")
    size = int(key.max()) + 1
    for code in codes[1:]:
        radix = int(code.max()) + 1
        if size * radix > INT64_SAFE:
            key = pd.factorize(key)[0]
            size = int(key.max()) + 1
        key = key * radix + code
        size *= radix
    return pd.factorize(key)[0]


def _fill_codes(codes: np.ndarray, names: np.ndarray, *, sort: bool = False) -> np.ndarray:
    """Renumber ``codes`` of ``names`` with missing names read as "", alphabetically if ``sort``."""
    filled = np.where(pd.isna(names), "", names).astype(object)
    return pd.factorize(filled, sort=sort)[0][codes]


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Positions of each group's first row, for codes numbered in order of first appearance."""
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1))
