"""A unit's brief: its own scores and its group's anonymous statistics, never another unit's.

Confidentiality (考评工作秘密) lives here: a group mean is shown only over at least
:data:`MIN_GROUP` units, since over fewer the others' scores could be worked out from it; the
quartiles and median only over at least :data:`QUARTILE_GROUP`, since in a small group they
*are* members' scores (the median of five is the third unit's, the quartiles the second's and
fourth's)."""

from __future__ import annotations

import pandas as pd

from sunshine_analysis.config.vocab import LABELS, SECTORS
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render.tables import sector_scores_long

MIN_GROUP = 3
QUARTILE_GROUP = 10


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
    shown_means = means.loc[means["size"] >= MIN_GROUP, "mean"]
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
    """The group's anonymous statistics (mean and quartiles) of the composite and each sector.

    A mean over fewer than :data:`MIN_GROUP` units, and quartiles and median over fewer than
    :data:`QUARTILE_GROUP`, are left blank, since they would reveal the others' scores.
    """
    comp = results.composite[results.composite["rank_group"] == group]
    series = [(LABELS["composite"], comp["composite"])]
    sectors = _group_sectors(results, group)
    series += [(name, rows["sector_score"]) for name, rows in sectors.groupby("sector_name", sort=False)]
    out = []
    for name, values in series:
        mean = values.mean() if len(values) >= MIN_GROUP else float("nan")
        quartiles = (
            values.quantile([0.25, 0.5, 0.75]) if len(values) >= QUARTILE_GROUP else [float("nan")] * 3
        )
        out.append([name, len(values), mean, *quartiles])
    return pd.DataFrame(out, columns=["项目", "单位数", "平均", "下四分位", "中位数", "上四分位"])


def unit_profile(results: YearResults, unit_id: str) -> pd.DataFrame:
    """Per sector the unit takes part in: its score and its group's mean and quartiles."""
    row = unit_row(results, unit_id)
    group = _group_sectors(results, row["rank_group"])
    own = group[group["unit_id"] == unit_id]
    out = []
    for r in own.itertuples():
        values = group.loc[group["sector"] == r.sector, "sector_score"]
        if len(values) >= MIN_GROUP:
            q1, q3 = values.quantile([0.25, 0.75]) if len(values) >= QUARTILE_GROUP else (None, None)
            out.append(
                {
                    "sector_name": r.sector_name,
                    "score": r.sector_score,
                    "mean": values.mean(),
                    "q1": q1,
                    "q3": q3,
                }
            )
    return pd.DataFrame(out, columns=["sector_name", "score", "mean", "q1", "q3"])


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
