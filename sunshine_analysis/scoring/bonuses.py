"""Innovation bonuses (docs/domain.md §3.4), publicity points (§3.6) and deductions (§3.7).

Each row gets its points in ticks; caps and sums are the engine's.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.exact import (
    to_ticks,
)

NOT_SHORTLISTED = "未入选创新成果初选名单，不加分"
EXEMPT_NO_BONUS = "该板块免考，不加分"


def innovation_bonuses(
    innovation: pd.DataFrame, sectors: pd.DataFrame, rules: Rules, shortlist: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each innovation result with the bonus it adds.

    None in a sector the unit is exempt from; and, when the year has an innovation shortlist
    (创新成果初选名单, work plan §三(二)), none for a result not on it: only shortlisted results
    are evaluated for the bonus. A result is on the shortlist when the same unit lists the
    same title there (compared after NFKC normalisation, whitespace removed). Without a
    shortlist (``None``) every result may earn its bonus.

    Returns:
        The results with ``rating_ticks``, ``bonus_ticks``, ``shortlisted`` (True when there is
        no shortlist) and ``note``.
    """
    out = innovation.merge(sectors[[*["unit_id", "sector"], "exempt"]], on=["unit_id", "sector"], how="left")
    out["rating_ticks"] = out["rating"].map(lambda r: to_ticks(rules.innovation_bonus[r])).astype("int64")
    exempt = out["exempt"].fillna(False).astype(bool)
    if shortlist is None:
        out["shortlisted"] = True
    else:
        listed = set(zip(shortlist["unit_id"], shortlist["title"].map(title_key), strict=True))
        keys = zip(out["unit_id"], out["title"].map(title_key), strict=True)
        out["shortlisted"] = np.array([k in listed for k in keys], dtype=bool)
    counted = ~exempt & out["shortlisted"]
    out["bonus_ticks"] = out["rating_ticks"].where(counted, 0).astype("int64")
    out["note"] = np.where(
        exempt,
        EXEMPT_NO_BONUS,
        np.where(
            ~out["shortlisted"], NOT_SHORTLISTED, np.where(out["rating_ticks"] > 0, "加分", "该等次不加分")
        ),
    )
    return out.drop(columns=["exempt"])


def title_key(title: object) -> str:
    """A title as compared: NFKC-normalised, whitespace removed.

    >>> title_key("政务服务 “一网通办”") == title_key("政务服务“一网通办”")
    True
    """
    return "".join(unicodedata.normalize("NFKC", str(title)).split())


def deduction_points(deductions: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Each deduction case with its ``points_ticks`` (the rules' points for its category; no cap)."""
    ticks = deductions["category"].map(lambda c: to_ticks(rules.deduction_points[c]))
    return deductions.assign(points_ticks=ticks.astype("int64"))


def count_publicity(publicity: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Points of each publicity adoption, and whether it counts.

    With ``same_title_once`` a title adopted several times (at several levels) counts once,
    at its highest level; titles are compared after NFKC normalisation and removal of
    whitespace. The per-unit cap is applied with the composite (:mod:`.engine`), not here.

    Returns:
        The adoptions with ``level_ticks``, ``points_ticks`` (0 where not counted),
        ``counted`` and ``note``.
    """
    pub = publicity.copy()
    pub["level_ticks"] = pub["level"].map(lambda lv: to_ticks(rules.publicity_points[lv])).astype("int64")
    pub["title_key"] = pub["title"].map(title_key)
    pub["counted"] = True
    pub["note"] = "计分"
    if rules.publicity_same_title_once and len(pub):
        order = pub.sort_values(
            ["unit_id", "title_key", "level_ticks"], ascending=[True, True, False], kind="stable"
        )
        repeat = order.index[order.duplicated(["unit_id", "title_key"]).to_numpy()]
        pub.loc[repeat, "counted"] = False
        pub.loc[repeat, "note"] = "同一标题已按最高级别计分一次，不重复计分"
    pub["points_ticks"] = pub["level_ticks"].where(pub["counted"], 0).astype("int64")
    return pub.drop(columns=["title_key"])
