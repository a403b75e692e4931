"""The scoring engine: DOMAIN.md §3, vectorised over tidy tables, in exact arithmetic.

Every intermediate value is an integer numerator over one common denominator ``Q`` ticks
per point (a tick is 0.0001 points). ``Q`` is the least common multiple of every count the
rules divide by — raters kept, sub-units, sectors — so rater means, sub-unit means and the
sector mean stay exact integers, and only reported values are rounded half-up.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from sunshine_analysis import contract
from sunshine_analysis.exact import TICKS, floats_to_ticks, round_scaled, to_points, to_ticks
from sunshine_analysis.inputs import YearInputs, participation
from sunshine_analysis.problems import Problems
from sunshine_analysis.rules import Rules
from sunshine_analysis.vocab import SECTORS

_SUB = ["unit_id", "sector", "sub_unit"]
_SECTOR = ["unit_id", "sector"]
_INT64_SAFE = 2**62


@dataclass
class Scores:
    """Every step of one year's scoring, exact and rounded.

    Attributes:
        rules: The rules applied.
        denominator: ``Q``: every ``*_num`` column holds ticks/Q, i.e. points = num / (Q·10⁴).
        units: The registry.
        item_scores: The item scores (contract columns), with ``ticks``.
        rater_totals: One row per (unit, sector, sub-unit, rater) with ``total`` and
            ``dropped`` (trimmed as highest or lowest).
        sub_units: One row per (unit, sector, sub-unit): raters, raters kept, ``score_num``.
        sector_scores: One row per participating (unit, sector), exempt ones flagged.
        publicity: One row per adoption, with ``points`` and whether it ``counted``.
        deductions: One row per case, with its ``points``.
        composite: One row per unit (contract columns and the exact numerators).
    """

    rules: Rules
    denominator: int
    units: pd.DataFrame
    item_scores: pd.DataFrame
    rater_totals: pd.DataFrame
    sub_units: pd.DataFrame
    sector_scores: pd.DataFrame
    publicity: pd.DataFrame
    deductions: pd.DataFrame
    composite: pd.DataFrame

    def exact(self, numerator: int) -> Fraction:
        """The exact point value of one numerator."""
        return Fraction(int(numerator), self.denominator * TICKS)


def check_coverage(inputs: YearInputs) -> Problems:
    """Find participating units without a score and scores outside a unit's sectors.

    A unit that takes part in a sector needs item scores there or an exemption mark;
    a unit scored in a sector it does not take part in, or both scored and exempt, is an
    error too.
    """
    problems = Problems()
    names = inputs.units.set_index("unit_id")["unit_name"]
    takes_part = participation(inputs.units).assign(part=True)
    scored = inputs.item_scores.groupby(_SECTOR, as_index=False).agg(
        source_file=("source_file", "first"), source_row=("source_row", "first")
    )
    scored["scored"] = True
    exempt = inputs.exemptions[[*_SECTOR, "source_file", "source_row"]].assign(exempt=True)
    both = takes_part.merge(scored, on=_SECTOR, how="outer").merge(
        exempt, on=_SECTOR, how="outer", suffixes=("", "_exempt")
    )
    for col in ("part", "scored", "exempt"):
        both[col] = both[col].fillna(False).astype(bool)
    for r in both[both["part"] & ~both["scored"] & ~both["exempt"]].itertuples():
        problems.add(
            "（汇总）",
            f"「{names.get(r.unit_id, r.unit_id)}」参加{SECTORS.get(r.sector, r.sector)}板块，"
            "但没有任何评分，也没有免考标记",
            expected="该单位在该板块的评分，或「免考」「不参加」标记",
        )
    for r in both[~both["part"] & (both["scored"] | both["exempt"])].itertuples():
        file, row = (r.source_file, r.source_row) if r.scored else (r.source_file_exempt, r.source_row_exempt)
        problems.add(
            str(file),
            f"「{names.get(r.unit_id, r.unit_id)}」不参加{SECTORS.get(r.sector, r.sector)}板块"
            "（见单位一览表），却有评分",
            row=_int_or_none(row),
            found="评分",
            expected="一览表中该板块打 √，或删除该行",
        )
    for r in both[both["part"] & both["scored"] & both["exempt"]].itertuples():
        problems.add(
            str(r.source_file_exempt),
            f"「{names.get(r.unit_id, r.unit_id)}」在{SECTORS.get(r.sector, r.sector)}板块既有评分又标记免考",
            row=_int_or_none(r.source_row_exempt),
            expected="评分或免考，二者取一",
        )
    return problems


def score_year(inputs: YearInputs, rules: Rules) -> Scores:
    """Score one year: rater trimming to composite, rank and grade.

    Args:
        inputs: The year's tidy, validated inputs.
        rules: The rules to apply.

    Returns:
        Every step of the scoring.

    Raises:
        InputError: A participating unit has no score, or a value the rules cannot place
            (an unknown rating, level or category).
    """
    problems = check_coverage(inputs)
    items = inputs.item_scores.copy()
    items["sub_unit"] = items["sub_unit"].fillna("").astype(str)
    items["rater"] = items["rater"].fillna("").astype(str)
    items["ticks"], too_fine = floats_to_ticks(items["score"])
    for r in items[too_fine].itertuples():
        problems.add(
            r.source_file,
            "分值小数位过多",
            sheet=r.source_sheet,
            row=r.source_row,
            column=r.item,
            found=str(r.score),
            expected="最多 4 位小数",
        )
    _check_known(inputs.innovation, "rating", rules.innovation_bonus, "评定等次", problems)
    _check_known(inputs.publicity, "level", rules.publicity_points, "采用级别", problems)
    _check_known(inputs.deductions, "category", rules.deduction_points, "扣分类别", problems)
    problems.raise_if_any()

    rater_totals = trim_raters(items, rules)
    kept = rater_totals[~rater_totals["dropped"]]
    sub_units = (
        rater_totals.groupby(_SUB, sort=False)
        .agg(n_raters=("total_ticks", "size"))
        .join(
            kept.groupby(_SUB, sort=False).agg(
                kept_ticks=("total_ticks", "sum"), n_kept=("total_ticks", "size")
            )
        )
        .reset_index()
    )
    sub_units["n_sub_units"] = sub_units.groupby(_SECTOR, sort=False)["sub_unit"].transform("size")

    sectors = participation(inputs.units).merge(
        inputs.exemptions[_SECTOR].drop_duplicates().assign(exempt=True), on=_SECTOR, how="left"
    )
    sectors["exempt"] = sectors["exempt"].fillna(False).astype(bool)
    n_sectors = sectors[~sectors["exempt"]].groupby("unit_id").size()

    q = _lcm(sub_units["n_kept"]) * _lcm(sub_units["n_sub_units"]) * _lcm(n_sectors)
    exact = _exact_dtype(q)

    factor = (q // (sub_units["n_kept"] * sub_units["n_sub_units"])).astype(exact)
    sub_units["score_num"] = sub_units["kept_ticks"].astype(exact) * factor * sub_units["n_sub_units"]
    sub_units["contrib_num"] = sub_units["kept_ticks"].astype(exact) * factor
    base = sub_units.groupby(_SECTOR, sort=False)["contrib_num"].sum().rename("base_num")

    bonus_ticks = (
        inputs.innovation.assign(
            bonus_ticks=inputs.innovation["rating"].map(lambda r: to_ticks(rules.innovation_bonus[r]))
        )
        .groupby(_SECTOR)["bonus_ticks"]
        .sum()
    )
    sectors = sectors.merge(base, on=_SECTOR, how="left").merge(bonus_ticks, on=_SECTOR, how="left")
    sectors["bonus_ticks"] = sectors["bonus_ticks"].fillna(0).astype("int64")
    sectors.loc[sectors["exempt"], "bonus_ticks"] = 0
    cap = to_ticks(rules.sector_max) * q
    live = ~sectors["exempt"]
    sectors["base_num"] = sectors["base_num"].astype(object).where(live, None)
    sectors["bonus_num"] = sectors["bonus_ticks"].astype(exact) * q
    sectors["sector_num"] = None
    sectors.loc[live, "sector_num"] = np.minimum(
        sectors.loc[live, "base_num"].astype(exact) + sectors.loc[live, "bonus_num"], cap
    )

    publicity = count_publicity(inputs.publicity, rules)
    pub_ticks = publicity.groupby("unit_id")["points_ticks"].sum().clip(upper=to_ticks(rules.publicity_cap))
    deductions = inputs.deductions.assign(
        points_ticks=inputs.deductions["category"].map(lambda c: to_ticks(rules.deduction_points[c]))
    )
    ded_ticks = deductions.groupby("unit_id")["points_ticks"].sum()

    sums = sectors[live].groupby("unit_id")["sector_num"].sum()
    comp = inputs.units[contract.UNITS].copy()
    comp["n_sectors"] = comp["unit_id"].map(n_sectors).fillna(0).astype("int64")
    comp["sector_sum_num"] = comp["unit_id"].map(sums)
    comp["sector_mean_num"] = comp["sector_sum_num"].astype(exact) // comp["n_sectors"]
    comp["publicity_num"] = comp["unit_id"].map(pub_ticks).fillna(0).astype(exact) * q
    comp["deduction_num"] = comp["unit_id"].map(ded_ticks).fillna(0).astype(exact) * q
    comp["composite_num"] = (comp["sector_mean_num"] + comp["publicity_num"] - comp["deduction_num"]).clip(
        lower=to_ticks(rules.composite_floor) * q, upper=to_ticks(rules.composite_cap) * q
    )

    d = rules.decimals
    comp["composite_rounded"] = round_scaled(comp["composite_num"], q, d).astype("int64")
    comp["rank"] = rank_within_groups(comp, "composite_rounded")
    thresholds = [(to_ticks(g.min) // 10 ** (4 - d), g.name) for g in rules.grades]
    comp["grade"] = comp["composite_rounded"].map(
        lambda v: next(name for low, name in thresholds if v >= low)
    )
    for name, num in (
        ("sector_mean", "sector_mean_num"),
        ("publicity_bonus", "publicity_num"),
        ("deduction", "deduction_num"),
    ):
        comp[name] = to_points(round_scaled(comp[num], q, d), d)
    comp["composite"] = to_points(comp["composite_rounded"], d)
    comp = comp[contract.COMPOSITE + [c for c in comp.columns if c not in contract.COMPOSITE]]

    for name, num in (
        ("base_score", "base_num"),
        ("innovation_bonus", "bonus_num"),
        ("sector_score", "sector_num"),
    ):
        values = sectors[num].where(live)
        sectors[name] = to_points(round_scaled(values[live].astype(exact), q, d), d).reindex(sectors.index)
    sectors = sectors[[*contract.SECTOR_SCORES, "exempt", "base_num", "bonus_num", "sector_num"]]

    return Scores(
        rules=rules,
        denominator=q,
        units=inputs.units,
        item_scores=items,
        rater_totals=rater_totals,
        sub_units=sub_units,
        sector_scores=sectors.reset_index(drop=True),
        publicity=publicity,
        deductions=deductions,
        composite=comp.sort_values(["rank_group", "rank", "unit_id"]).reset_index(drop=True),
    )


def trim_raters(items: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Total each rater's item scores and mark the totals dropped by trimming.

    With ``rules.trim_min_raters`` raters or more on a (unit, sector, sub-unit), the
    ``rules.trim_each_side`` highest and lowest totals are dropped. Which of two equal
    totals is dropped does not change the mean; the rater named first alphabetically is.

    Args:
        items: Item scores with integer ``ticks``.
        rules: The rules.

    Returns:
        One row per rater: keys, ``total_ticks``, ``total`` (points), ``dropped``.
    """
    totals = items.groupby([*_SUB, "rater"], sort=False, as_index=False)["ticks"].sum()
    totals = totals.rename(columns={"ticks": "total_ticks"})
    totals["total_ticks"] = totals["total_ticks"].astype("int64")
    totals = totals.sort_values([*_SUB, "total_ticks", "rater"], kind="stable")
    group = totals.groupby(_SUB, sort=False)["total_ticks"]
    pos = group.cumcount()
    n = group.transform("size")
    t = rules.trim_each_side
    totals["dropped"] = (n >= rules.trim_min_raters) & ((pos < t) | (pos >= n - t))
    totals["total"] = totals["total_ticks"] / TICKS
    return totals.reset_index(drop=True)


def count_publicity(publicity: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Points of each publicity adoption, and whether it counts.

    With ``same_title_once`` a title adopted at several levels counts once, at its highest
    level; titles are compared after NFKC normalisation and removal of whitespace.

    Returns:
        The adoptions with ``points_ticks`` (0 where not counted), ``counted`` and ``note``.
    """
    pub = publicity.copy()
    pub["level_ticks"] = pub["level"].map(lambda lv: to_ticks(rules.publicity_points[lv]))
    pub["title_key"] = pub["title"].map(lambda t: "".join(unicodedata.normalize("NFKC", str(t)).split()))
    pub["counted"] = True
    pub["note"] = "计分"
    if rules.publicity_same_title_once and len(pub):
        order = pub.sort_values(
            ["unit_id", "title_key", "level_ticks"], ascending=[True, True, False], kind="stable"
        )
        first = ~order.duplicated(["unit_id", "title_key"])
        pub.loc[order.index[~first], "counted"] = False
        pub.loc[order.index[~first], "note"] = "同一标题已按最高级别计分一次"
    pub["points_ticks"] = pub["level_ticks"].where(pub["counted"], 0).astype("int64")
    return pub.drop(columns=["title_key"])


def rank_within_groups(table: pd.DataFrame, column: str) -> pd.Series:
    """Rank rows within their ``rank_group``, highest first; ties share the lowest rank.

    >>> t = pd.DataFrame({"rank_group": ["a"] * 4, "v": [9000, 8500, 8500, 8000]})
    >>> rank_within_groups(t, "v").tolist()
    [1, 2, 2, 4]
    """
    return table.groupby("rank_group")[column].rank(method="min", ascending=False).astype("int64")


def _check_known(table: pd.DataFrame, column: str, known: dict, label: str, problems: Problems) -> None:
    for r in table[~table[column].isin(list(known))].itertuples():
        problems.add(
            r.source_file,
            f"{label}不在评分细则中",
            sheet=r.source_sheet,
            row=r.source_row,
            column=label,
            found=str(getattr(r, column)),
            expected="、".join(known),
        )


def _lcm(counts: pd.Series) -> int:
    values = [int(v) for v in pd.unique(counts.dropna()) if v > 0]
    return math.lcm(*values) if values else 1


def _exact_dtype(q: int) -> str:
    # Numerators reach (max points · 10⁴ ticks) · Q; past int64 use Python integers.
    return "int64" if q * 10**8 < _INT64_SAFE else "object"


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
