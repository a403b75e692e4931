"""The reports' tables, shaped from a year's results, with Chinese headers.

Tables are DataFrames with the labels of :data:`~sunshine_analysis.config.vocab.LABELS`;
:mod:`.html` turns them into escaped HTML with fixed decimals.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from sunshine_analysis.config.vocab import LABELS, SECTORS
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.scoring.bonuses import EXEMPT_NO_BONUS, NOT_SHORTLISTED

RANK_COLUMNS = {
    c: LABELS[c]
    for c in (
        "rank",
        "unit_name",
        "n_sectors",
        "sector_mean",
        "publicity_bonus",
        "deduction",
        "composite",
        "grade",
    )
}


def rank_table(results: YearResults, group: str) -> pd.DataFrame:
    """One rank group's table with Chinese headers, best first; ties show their shared rank."""
    rows = results.composite[results.composite["rank_group"] == group]
    rows = rows.sort_values(["rank", "unit_name"])[list(RANK_COLUMNS)]
    return rows.rename(columns=RANK_COLUMNS).reset_index(drop=True)


def overview_table(results: YearResults) -> pd.DataFrame:
    """Per rank group: number of units, average, highest, lowest composite and grade counts."""
    rows = []
    for group in results.groups:
        comp = results.composite[results.composite["rank_group"] == group]
        counts = comp["grade"].value_counts()
        rows.append(
            {
                LABELS["rank_group"]: group,
                "单位数": len(comp),
                "平均综合得分": reported_mean(comp["composite"], results.rules.decimals),
                "最高": comp["composite"].max(),
                "最低": comp["composite"].min(),
                **{f"{g}（个）": int(counts.get(g, 0)) for g in results.grade_names},
            }
        )
    return pd.DataFrame(rows)


def sector_scores_long(results: YearResults) -> pd.DataFrame:
    """Scored sectors in the work plan's order, with the Chinese ``sector_name``."""
    rows = results.scored_sectors()
    rows = rows.assign(
        sector_name=rows["sector"].map(SECTORS),
        order=rows["sector"].map({s: i for i, s in enumerate(SECTORS)}),
    )
    return rows.sort_values(["order", "unit_id"]).drop(columns="order").reset_index(drop=True)


def group_sector_tables(results: YearResults) -> dict[str, pd.DataFrame]:
    """Units × sectors of sector scores per rank group, each without the sectors none of it takes."""
    table = results.sector_table()
    group_of = results.composite.set_index("unit_name")["rank_group"]
    out = {}
    for group in results.groups:
        rows = table[table.index.map(group_of) == group]
        out[group] = rows.dropna(axis=1, how="all")
    return out


def sector_summary(results: YearResults) -> pd.DataFrame:
    """Per sector: units scored, average, highest and lowest sector score, innovation bonuses."""
    rows = sector_scores_long(results)
    d = results.rules.decimals
    table = rows.groupby("sector_name", sort=False).agg(
        参评单位数=("unit_id", "size"),
        平均分=("sector_score", lambda s: reported_mean(s, d)),
        最高分=("sector_score", "max"),
        最低分=("sector_score", "min"),
        创新加分单位数=("innovation_bonus", lambda s: int((s > 0).sum())),
    )
    return table.rename_axis(LABELS["sector"]).reset_index()


LOST_COLUMNS = [LABELS["sector"], LABELS["item"], LABELS["max_score"], "平均得分", "平均失分", "失分率"]


def _item_rows(results: YearResults) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The item means split into real items and sector totals.

    A sheet that gives a unit only its total for a sector (one column, worth the whole sector)
    has no items: that "item" is the sector's total, the sum of items the sheet does not show.
    It is recognised as the only item of its sector for that unit.
    """
    means = results.item_means
    if means.empty:
        return means, means
    per_unit = means.groupby(["unit_id", "sector"])["item"].transform("size")
    return means[per_unit > 1], means[per_unit == 1]


def total_only_sectors(results: YearResults) -> list[str]:
    """The sectors (Chinese names, in the work plan's order) whose sheets give only totals."""
    _, totals = _item_rows(results)
    found = set(totals["sector"]) if len(totals) else set()
    return [name for code, name in SECTORS.items() if code in found]


def lost_items(results: YearResults, top: int = 10) -> pd.DataFrame:
    """The items where units lost the largest share of the item's maximum, on average.

    Items are compared by their loss rate (average points lost ÷ the item's maximum), so an
    item worth 10 points and one worth 30 stand side by side. A sector's single total, from
    sheets that give only totals, is left out: it is not an item and would outweigh every
    real one (:func:`total_only_sectors` names those sectors).

    Returns:
        Columns :data:`LOST_COLUMNS` for display, and ``label`` (sector·item), ``lost``
        (average points lost) and ``share`` (the loss rate, 0–1) for the chart; at most
        ``top`` rows, highest rate first.
    """
    means, _ = _item_rows(results)
    if means.empty:
        return pd.DataFrame(columns=[*LOST_COLUMNS, "label", "lost", "share"])
    table = means.groupby(["sector", "item"], sort=False, as_index=False).agg(
        max_score=("max_score", "first"),
        mean=("mean_score", "mean"),
        lost=("lost", "mean"),
        exact_mean=("mean_score", _exact_mean),
        exact_lost=("lost", _exact_mean),
    )
    table["rate"] = table["lost"] / table["max_score"]
    table = table.sort_values(["rate", "lost", "sector", "item"], ascending=[False, False, True, True])
    table = table.head(top)
    sector = table["sector"].map(SECTORS)
    d = results.rules.decimals
    return pd.DataFrame(
        {
            LABELS["sector"]: sector,
            LABELS["item"]: table["item"],
            LABELS["max_score"]: table["max_score"],
            # Shown half-up from the exact means (a float mean can round the other way).
            "平均得分": [float(round_half_up(v, d)) for v in table["exact_mean"]],
            "平均失分": [float(round_half_up(v, d)) for v in table["exact_lost"]],
            "失分率": [
                f"{round_half_up(lost * 100 / Fraction(str(top)), 1)}%" if top else "0.0%"
                for lost, top in zip(table["exact_lost"], table["max_score"], strict=True)
            ],
            "label": sector + "·" + table["item"],
            "lost": table["lost"],
            "share": table["rate"],
        }
    ).reset_index(drop=True)


def _exact_mean(values: pd.Series) -> Fraction:
    """The mean of reported (two-decimal) values, exactly."""
    return sum((Fraction(str(v)) for v in values), Fraction(0)) / len(values)


def reported_mean(values: pd.Series, decimals: int) -> float:
    """The mean of reported scores as reported: exact, rounded half-up to ``decimals``.

    A float mean can fall just below a half and print the other way:

    >>> s = pd.Series([88.5, 90.21])
    >>> f"{s.mean():.2f}", reported_mean(s, 2)
    ('89.35', 89.36)
    """
    return float(round_half_up(_exact_mean(values), decimals))


def _with_names(results: YearResults, table: pd.DataFrame, unit_id: str | None) -> pd.DataFrame:
    if unit_id is not None:
        table = table[table["unit_id"] == unit_id]
    return table.assign(unit_name=table["unit_id"].map(results.names))


WITHHELD = (NOT_SHORTLISTED, EXEMPT_NO_BONUS)
"""Notes of innovation results whose rating alone would have earned a bonus they did not get."""


def innovation_table(results: YearResults, unit_id: str | None = None) -> pd.DataFrame:
    """Innovation results with their sector, rating and bonus (one unit's when ``unit_id``)."""
    rows = _with_names(results, results.innovation, unit_id)
    table = pd.DataFrame(
        {
            LABELS["unit_name"]: rows["unit_name"],
            "成果名称": rows["title"],
            "所属板块": rows["sector"].map(SECTORS),
            "评定等次": rows["rating"],
            "加分": rows["bonus"].astype("float64"),
        }
    )
    # Why a rated result earned nothing (免考, or not on the year's 初选名单), when any did.
    withheld = rows["note"].isin(WITHHELD) if "note" in rows.columns else pd.Series(False, index=rows.index)
    if withheld.any():
        table["说明"] = rows["note"].where(withheld, "")
    return table.drop(columns=LABELS["unit_name"]) if unit_id else table.reset_index(drop=True)


def publicity_table(results: YearResults, unit_id: str | None = None) -> pd.DataFrame:
    """Publicity adoptions with level, points and whether they counted."""
    rows = _with_names(results, results.publicity, unit_id)
    table = pd.DataFrame(
        {
            LABELS["unit_name"]: rows["unit_name"],
            "信息标题": rows["title"],
            "采用级别": rows["level"],
            "采用媒体": rows["outlet"],
            LABELS["date"]: rows["date"],
            "分值": rows["points"].astype("float64"),
            LABELS["note"]: rows["note"],
        }
    )
    return table.drop(columns=LABELS["unit_name"]) if unit_id else table.reset_index(drop=True)


def publicity_summary(results: YearResults) -> pd.DataFrame:
    """Per unit with publicity adoptions: counted items by level and the bonus (after the cap)."""
    pub = results.publicity
    counted = pub[pub["counted"].astype(str).str.lower() == "true"]
    if counted.empty:
        return pd.DataFrame()
    levels = list(dict.fromkeys(counted["level"]))
    table = counted.pivot_table(
        index="unit_id", columns="level", values="title", aggfunc="count", fill_value=0
    )
    table = table.reindex(columns=levels).astype("int64")
    comp = results.composite.set_index("unit_id")
    table = table.loc[comp.index.intersection(table.index)]
    out = pd.DataFrame(
        {LABELS["unit_name"]: comp.loc[table.index, "unit_name"], "采用条数": table.sum(axis=1)}
    )
    for level in levels:
        out[f"{level}（条）"] = table[level]
    out["加分（封顶后）"] = comp.loc[table.index, "publicity_bonus"].astype("float64")
    return out.sort_values(["加分（封顶后）", "单位"], ascending=[False, True]).reset_index(drop=True)


def deduction_table(results: YearResults, unit_id: str | None = None) -> pd.DataFrame:
    """Deductions with their category, document, date, reason and points."""
    rows = _with_names(results, results.deductions, unit_id)
    table = pd.DataFrame(
        {
            LABELS["unit_name"]: rows["unit_name"],
            "扣分类别": rows["category"],
            "文号": rows["doc_no"],
            LABELS["date"]: rows["date"],
            "事由": rows["reason"],
            LABELS["deduction"]: rows["points"].astype("float64"),
        }
    )
    return table.drop(columns=LABELS["unit_name"]) if unit_id else table.reset_index(drop=True)


def rectification_table(results: YearResults) -> pd.DataFrame:
    """Per supervision notice (one per unit), its items by rectification state (empty without a
    register): 督办事项 are the notice's items, which the four states add up to; 自查整改 counts
    items the unit registered that no notice asked for."""
    from sunshine_analysis.fieldwork.progress import rectification_progress

    if results.rectification.empty:
        return pd.DataFrame()
    progress = rectification_progress(results.rectification)
    return pd.DataFrame(
        {
            LABELS["unit_name"]: progress["unit_name"],
            "督办事项": progress["items"],
            "已整改": progress["rectified"],
            "整改中": progress["in_progress"],
            "未整改": progress["not_rectified"],
            "未报告": progress["not_reported"],
            "自查整改": progress["unlisted"],
        }
    )


def year_change(results: YearResults) -> pd.DataFrame:
    """Composite and rank this year against last year, for units evaluated in both in one group.

    Taken from the years comparison written beside the contract (:mod:`sunshine_analysis.scoring.years`).

    Returns:
        ``unit_id``, ``unit_name``, ``rank_group``, ``previous``, ``composite``, ``change``,
        ``previous_rank``, ``rank``, ``rank_change`` (positive: moved up), ``year``,
        ``previous_year``; empty without a previous year.
    """
    rows = results.years
    rows = rows[(rows["year"] == results.year) & (rows["status"] == "continuing")]
    rows = rows.dropna(subset=["rank_change"])
    table = pd.DataFrame(
        {
            "unit_id": rows["unit_id"],
            "unit_name": rows["unit_name"],
            "rank_group": rows["rank_group"],
            "previous": rows["prev_composite"].astype("float64"),
            "composite": rows["composite"].astype("float64"),
            "change": rows["composite_change"].astype("float64"),
            "previous_rank": rows["prev_rank"].astype("Int64"),
            "rank": rows["rank"].astype("Int64"),
            "rank_change": rows["rank_change"].astype("Int64"),
            "year": rows["year"].astype("int64"),
            "previous_year": rows["prev_year"].astype("int64"),
        }
    )
    return table.sort_values(["rank_group", "rank", "unit_name"]).reset_index(drop=True)


def change_table(change: pd.DataFrame, group: str) -> pd.DataFrame:
    """One group's year-over-year table with Chinese headers."""
    rows = change[change["rank_group"] == group]
    if rows.empty:
        return pd.DataFrame()
    y, p = int(rows["year"].iloc[0]), int(rows["previous_year"].iloc[0])
    return pd.DataFrame(
        {
            LABELS["unit_name"]: rows["unit_name"],
            f"{p}年得分": rows["previous"],
            f"{y}年得分": rows["composite"],
            "得分变化": rows["change"].map(lambda v: f"{v:+.2f}"),
            f"{p}年名次": rows["previous_rank"],
            f"{y}年名次": rows["rank"],
            "名次变化": rows["rank_change"].map(lambda v: f"{v:+d}" if v else "0"),
        }
    ).reset_index(drop=True)


def interval_table(results: YearResults) -> pd.DataFrame:
    """Each unit's rank with its bootstrap interval (``rank_low``–``rank_high``) and the range
    of ranks under the rule variants, from the robustness analysis beside the contract."""
    rob = results.robustness
    return pd.DataFrame(
        {
            "unit_id": rob["unit_id"],
            "unit_name": rob["unit_name"],
            "rank_group": rob["rank_group"],
            "rank": rob["rank"].astype("int64"),
            "rank_low": rob["boot_rank_low"].astype("int64"),
            "rank_high": rob["boot_rank_high"].astype("int64"),
            "variant_min": rob["variant_rank_min"].astype("int64"),
            "variant_max": rob["variant_rank_max"].astype("int64"),
            "indistinct": rob["indistinct_from_next"].astype(str).str.lower() == "true",
        }
    )


def provenance_table(results: YearResults) -> pd.DataFrame:
    """Every input file with its recognised kind and SHA-256 (from the manifest)."""
    rows = results.manifest.get("inputs", [])
    return pd.DataFrame(
        {
            "文件": [r.get("path") for r in rows],
            "识别为": [r.get("kind_name") or r.get("kind") for r in rows],
            "工作表": [r.get("sheet") or "" for r in rows],
            "SHA-256": [r.get("sha256") for r in rows],
        }
    )


# --- the unit brief: one unit's own scores and its group's anonymous statistics ---------------
