"""Ranks within rank groups (docs/domain.md §3.9) and grades (§3.10), on rounded integer composites."""

from __future__ import annotations

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.exact import (
    TICK_DECIMALS,
    to_ticks,
)


def rank_within_groups(table: pd.DataFrame, column: str) -> pd.Series:
    """Rank rows within their ``rank_group``, highest first; ties share the lowest rank.

    >>> t = pd.DataFrame({"rank_group": ["a"] * 4, "v": [9000, 8500, 8500, 8000]})
    >>> rank_within_groups(t, "v").tolist()
    [1, 2, 2, 4]
    """
    return table.groupby("rank_group")[column].rank(method="min", ascending=False).astype("int64")


def grade(rounded: pd.Series, rules: Rules) -> pd.Series:
    """The grade of each rounded composite (integers in units of ``10**-decimals``).

    The comparison is exact, in ticks: a band's ``min`` may carry more decimals than the
    reported scores.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> grade(pd.Series([9000, 8999, 6999]), load_rules(year=2020)).tolist()
    ['好', '较好', '差']
    """
    ticks = rounded.astype("int64") * 10 ** (TICK_DECIMALS - rules.decimals)
    names = pd.Series(rules.grades[-1].name, index=rounded.index, dtype=object)
    for band in reversed(rules.grades):
        names = names.mask(ticks >= to_ticks(band.min), band.name)
    return names
