"""A unit's brief: its own scores and its group's anonymous statistics, never another unit's.

Confidentiality (考评工作秘密) lives here, by the rules file's ``[disclosure]``
(:class:`~sunshine_analysis.config.rules.Disclosure`): a group mean only over at least
``mean_min_units`` units, since over fewer the others' scores could be worked out from it;
quartiles and the median only over at least ``quartile_min_units``, and only as bands rounded
to ``quartile_step`` points, since an exact quartile *is* a member's score (the median of five
is the third unit's) or lies between two (the unit beside it could work out its neighbour's).
Raters are never named (:mod:`sunshine_analysis.scoring.explain` numbers them)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from sunshine_analysis.config.rules import Disclosure
from sunshine_analysis.config.vocab import LABELS, SECTORS
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render.tables import sector_scores_long


def unit_row(results: YearResults, unit_id: str) -> pd.Series:
    """The unit's composite row."""
    rows = results.composite[results.composite["unit_id"] == unit_id]
    if rows.empty:
        raise KeyError(f"没有被考评单位「{unit_id}」")
    return rows.iloc[0]


def unit_sentences(results: YearResults, unit_id: str) -> list[str]:
    """The brief's opening: composite, grade and rank in the group."""
    row = unit_row(results, unit_id)
    n = int((results.composite["rank_group"] == row["rank_group"]).sum())
    tied = int(
        (
            (results.composite["rank_group"] == row["rank_group"])
            & (results.composite["rank"] == row["rank"])
        ).sum()
    )
    tie = "（并列）" if tied > 1 else ""
    return [
        f"{row['unit_name']}参加 {int(row['n_sectors'])} 个板块的考评，"
        f"板块平均分 {row['sector_mean']:.2f} 分，信息宣传加分 {row['publicity_bonus']:.2f} 分，"
        f"扣分 {row['deduction']:.2f} 分，"
        f"综合得分 {row['composite']:.2f} 分，等次为“{row['grade']}”。",
        f"在{row['rank_group']}（共 {n} 个单位）中排第 {int(row['rank'])} 名{tie}。",
    ]


def _group_sectors(results: YearResults, group: str) -> pd.DataFrame:
    rows = sector_scores_long(results)
    return rows[rows["rank_group"] == group]


def unit_sector_table(results: YearResults, unit_id: str) -> pd.DataFrame:
    """The unit's sector scores beside its group's mean for each sector."""
    row = unit_row(results, unit_id)
    group = _group_sectors(results, row["rank_group"])
    means = group.groupby("sector")["sector_score"].agg(["mean", "size"])
    shown_means = means.loc[means["size"] >= results.rules.disclosure.mean_min_units, "mean"]
    own = results.sector_scores[results.sector_scores["unit_id"] == unit_id]
    own = own.assign(order=own["sector"].map({s: i for i, s in enumerate(SECTORS)})).sort_values("order")
    exempt = own["exempt"].astype(bool) if "exempt" in own else pd.Series(False, index=own.index)
    return pd.DataFrame(
        {
            LABELS["sector"]: own["sector"].map(SECTORS),
            LABELS["base_score"]: own["base_score"],
            LABELS["innovation_bonus"]: own["innovation_bonus"],
            LABELS["sector_score"]: own["sector_score"],
            "本组平均": own["sector"].map(shown_means).astype("float64"),
            LABELS["note"]: exempt.map({True: "免考", False: ""}),
        }
    ).reset_index(drop=True)


def unit_lost_items(results: YearResults, unit_id: str) -> pd.DataFrame:
    """The unit's item scores and the points lost on each, most lost first."""
    rows = results.item_means[results.item_means["unit_id"] == unit_id]
    rows = rows.sort_values(["lost", "sector", "item"], ascending=[False, True, True])
    return pd.DataFrame(
        {
            LABELS["sector"]: rows["sector"].map(SECTORS),
            LABELS["item"]: rows["item"],
            LABELS["max_score"]: rows["max_score"],
            LABELS["score"]: rows["mean_score"],
            LABELS["lost"]: rows["lost"],
        }
    ).reset_index(drop=True)


def group_statistics(results: YearResults, group: str) -> pd.DataFrame:
    """The group's anonymous statistics (mean and quartile bands) of the composite and each sector.

    What the rules' ``[disclosure]`` withholds is left blank (see the module's docstring).
    """
    comp = results.composite[results.composite["rank_group"] == group]
    series = [(LABELS["composite"], comp["composite"])]
    sectors = _group_sectors(results, group)
    series += [(name, rows["sector_score"]) for name, rows in sectors.groupby("sector_name", sort=False)]
    rule = results.rules.disclosure
    out = [[name, len(values), _mean(values, rule), *_quartiles(values, rule)] for name, values in series]
    return pd.DataFrame(out, columns=["项目", "单位数", "平均", *BAND_COLUMNS])


BAND_COLUMNS = ("下四分位（约）", "中位数（约）", "上四分位（约）")
"""The quartile columns of :func:`group_statistics`: bands, so their headers say 约."""


def band_decimals(results: YearResults) -> dict[str, int]:
    """The decimals the quartile bands are shown with: as many as their step has (1 → 0)."""
    exponent = results.rules.disclosure.quartile_step.normalize().as_tuple().exponent
    return dict.fromkeys(BAND_COLUMNS, max(0, -int(exponent)))


def unit_profile(results: YearResults, unit_id: str) -> pd.DataFrame:
    """Per sector the unit takes part in: its score and its group's mean and quartile bands."""
    row = unit_row(results, unit_id)
    group = _group_sectors(results, row["rank_group"])
    own = group[group["unit_id"] == unit_id]
    rule = results.rules.disclosure
    out = []
    for r in own.itertuples():
        values = group.loc[group["sector"] == r.sector, "sector_score"]
        if len(values) >= rule.mean_min_units:
            q1, _, q3 = _quartiles(values, rule)
            out.append(
                {
                    "sector_name": r.sector_name,
                    "score": r.sector_score,
                    "mean": _mean(values, rule),
                    "q1": None if q1 != q1 else q1,
                    "q3": None if q3 != q3 else q3,
                }
            )
    return pd.DataFrame(out, columns=["sector_name", "score", "mean", "q1", "q3"])


def _mean(values: pd.Series, rule: Disclosure) -> float:
    return float(values.mean()) if len(values) >= rule.mean_min_units else float("nan")


def _quartiles(values: pd.Series, rule: Disclosure) -> list[float]:
    """Lower quartile, median, upper quartile, each rounded half-up to the rule's step; NaN
    when the group is smaller than the rule allows."""
    if len(values) < rule.quartile_min_units:
        return [float("nan")] * 3
    step = rule.quartile_step
    return [
        float(round_half_up(Decimal(repr(float(q))) / step, 0) * step)
        for q in values.quantile([0.25, 0.5, 0.75])
    ]


def disclosure_note(results: YearResults) -> str:
    """What the group statistics leave out, and why, in the rules' own numbers (for the brief).

    >>> from types import SimpleNamespace
    >>> from sunshine_analysis.config.rules import load_rules
    >>> note = disclosure_note(SimpleNamespace(rules=load_rules(year=2020)))
    >>> "少于 3 个单位的项目不公布平均数" in note, "10 个及以上单位时公布，并取整到 1 分" in note
    (True, True)
    """
    rule = results.rules.disclosure
    return (
        "本组各单位得分的平均数和四分位数，不列单位名称；"
        f"少于 {rule.mean_min_units} 个单位的项目不公布平均数；"
        f"四分位数和中位数只在 {rule.quartile_min_units} 个及以上单位时公布，"
        f"并取整到 {rule.quartile_step.normalize():f} 分，以免推算出其他单位的得分。"
    )


def unit_change_sentences(change: pd.DataFrame, unit_id: str) -> list[str]:
    """The unit's change since last year, or an empty list when it has none."""
    rows = change[change["unit_id"] == unit_id]
    if rows.empty:
        return []
    r = rows.iloc[0]
    move = "上升" if r["rank_change"] > 0 else "下降" if r["rank_change"] < 0 else "持平"
    return [
        f"与 {int(r['previous_year'])} 年相比，综合得分由 {r['previous']:.2f} 分变为 {r['composite']:.2f} 分"
        f"（{r['change']:+.2f} 分），名次由第 {int(r['previous_rank'])} 名"
        f"变为第 {int(r['rank'])} 名（{move}）。"
    ]
