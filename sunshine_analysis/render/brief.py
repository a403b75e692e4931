"""A unit's brief: its own scores and its group's anonymous statistics, never another unit's.

Confidentiality (考评工作秘密) lives here, by the rules file's ``[disclosure]``
(:class:`~sunshine_analysis.config.rules.Disclosure`): a group mean only over at least
``mean_min_units`` units, since over fewer the others' scores could be worked out from it;
quartiles and the median only over at least ``quartile_min_units``, and only as bands rounded
to ``quartile_step`` points, since an exact quartile *is* a member's score (the median of five
is the third unit's) or lies between two (the unit beside it could work out its neighbour's).
Raters are never named (:mod:`sunshine_analysis.scoring.explain` numbers them)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from sunshine_analysis.config.rules import Disclosure, Rules
from sunshine_analysis.config.vocab import LABELS, SECTORS
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render.tables import reported_mean, sector_scores_long


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
        f"{row['unit_name']}参加{int(row['n_sectors'])}个板块的考评，"
        f"板块平均分{row['sector_mean']:.2f}分，信息宣传加分{row['publicity_bonus']:.2f}分，"
        f"扣分{row['deduction']:.2f}分，"
        f"综合得分{row['composite']:.2f}分，等次为“{row['grade']}”。",
        f"在{row['rank_group']}（共{n}个单位）中排第{int(row['rank'])}名{tie}。",
    ]


def _group_sectors(results: YearResults, group: str) -> pd.DataFrame:
    rows = sector_scores_long(results)
    return rows[rows["rank_group"] == group]


def unit_sector_table(results: YearResults, unit_id: str) -> pd.DataFrame:
    """The unit's sector scores beside its group's mean for each sector."""
    row = unit_row(results, unit_id)
    group = _group_sectors(results, row["rank_group"])
    d = results.rules.decimals
    means = group.groupby("sector")["sector_score"].agg(["size", lambda s: reported_mean(s, d)])
    means.columns = ["size", "mean"]
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


def group_statistics(results: YearResults, group: str) -> pd.DataFrame:
    """The group's anonymous statistics (mean and quartile bands) of the composite and each sector.

    What the rules' ``[disclosure]`` withholds is left blank (see the module's docstring).
    """
    comp = results.composite[results.composite["rank_group"] == group]
    series = [(LABELS["composite"], comp["composite"])]
    sectors = _group_sectors(results, group)
    series += [(name, rows["sector_score"]) for name, rows in sectors.groupby("sector_name", sort=False)]
    rule = results.rules.disclosure
    d = results.rules.decimals
    out = [[name, len(values), _mean(values, rule, d), *_quartiles(values, rule)] for name, values in series]
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
                    "mean": _mean(values, rule, results.rules.decimals),
                    "q1": None if q1 != q1 else q1,
                    "q3": None if q3 != q3 else q3,
                }
            )
    return pd.DataFrame(out, columns=["sector_name", "score", "mean", "q1", "q3"])


def _mean(values: pd.Series, rule: Disclosure, decimals: int) -> float:
    """The group's mean as reported (exact, half-up), or NaN when the rule withholds it."""
    return reported_mean(values, decimals) if len(values) >= rule.mean_min_units else float("nan")


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
    >>> "少于3个单位的项目不公布平均数" in note, "10个及以上单位时公布，并取整到1分" in note
    (True, True)
    """
    rule = results.rules.disclosure
    return (
        "本组各单位得分的平均数和四分位数，不列单位名称；"
        f"少于{rule.mean_min_units}个单位的项目不公布平均数；"
        f"四分位数和中位数只在{rule.quartile_min_units}个及以上单位时公布，"
        f"并取整到{rule.quartile_step.normalize():f}分，以免推算出其他单位的得分。"
    )


def unit_change_sentences(change: pd.DataFrame, unit_id: str) -> list[str]:
    """The unit's change since last year, or an empty list when it has none."""
    rows = change[change["unit_id"] == unit_id]
    if rows.empty:
        return []
    r = rows.iloc[0]
    move = "上升" if r["rank_change"] > 0 else "下降" if r["rank_change"] < 0 else "持平"
    return [
        f"与{int(r['previous_year'])}年相比，综合得分由{r['previous']:.2f}分变为{r['composite']:.2f}分"
        f"（{r['change']:+.2f}分），名次由第{int(r['previous_rank'])}名"
        f"变为第{int(r['rank'])}名（{move}）。"
    ]


LOST_SHARE = "失分比例"
"""The lost-items column: points lost as a share of the item's maximum (a percentage)."""

TOTAL_ONLY = "总分"
"""The item name of a sector whose sheet gives one total per unit and no items."""

OTHER_ITEMS = "其他"
"""The ``[report.advice]`` key whose text is said of an item with no advice of its own."""

FALLBACK_ADVICE = "对照评分细则中该项目的要求逐条自查，找出失分原因，明确整改措施和完成时限。"
"""Said of an item when the rules file gives no advice for it, not even under 其他."""


def _advice(rules: Rules, item: str) -> str:
    return rules.advice.get(item) or rules.advice.get(OTHER_ITEMS) or FALLBACK_ADVICE


DEDUCTION_ADVICE = "针对通报和处理中指出的问题逐项整改，举一反三，落实公开工作责任，防止同类问题再次发生。"

RECTIFICATION_ADVICE = "抓紧完成六月督办事项的整改，整改完成后及时向市阳光办报告整改结果。"

RECTIFICATION_DONE = "已整改"

KEEP_ADVICE = "继续保持现有做法，对照评分细则查漏补缺。"
"""The advice when nothing was lost and nothing is open."""


def _share(lost: object, top: object) -> Decimal:
    """Points lost as a share of the maximum, exactly (from the two-decimal values shown)."""
    top = Decimal(repr(float(top)))
    return Decimal(repr(float(lost))) / top if top else Decimal(0)


def _percent(share: Decimal) -> str:
    return f"{round_half_up(share * 100, 1)}%"


def _item_label(sector: str, item: str) -> str:
    name = SECTORS.get(sector, sector)
    return f"{name}（整体，评分表未分项）" if item == TOTAL_ONLY else f"{name}「{item}」"


def _lost_rows(results: YearResults, unit_id: str) -> pd.DataFrame:
    """The unit's item means with their share lost, most lost (as a share) first."""
    rows = results.item_means[results.item_means["unit_id"] == unit_id]
    share = [_share(r.lost, r.max_score) for r in rows.itertuples()]
    order = {s: i for i, s in enumerate(SECTORS)}
    rows = rows.assign(share=share, order=rows["sector"].map(order))
    # Decimal shares sort exactly; ties: more points lost, then the sectors' and items' order.
    keys = sorted(
        range(len(rows)),
        key=lambda i: (-rows["share"].iloc[i], -rows["lost"].iloc[i], rows["order"].iloc[i], i),
    )
    return rows.iloc[keys]


def unit_lost_items(results: YearResults, unit_id: str) -> pd.DataFrame:
    """The unit's item scores and the points lost on each, as points and as a share of the
    item's maximum, most lost (as a share) first: 10 of 30 lost weighs more than 12 of 60."""
    rows = _lost_rows(results, unit_id)
    return pd.DataFrame(
        {
            LABELS["sector"]: rows["sector"].map(SECTORS),
            LABELS["item"]: rows["item"],
            LABELS["max_score"]: rows["max_score"].astype("float64"),
            LABELS["score"]: rows["mean_score"].astype("float64"),
            LABELS["lost"]: rows["lost"].astype("float64"),
            LOST_SHARE: [_percent(s) for s in rows["share"]],
        }
    ).reset_index(drop=True)


def weakest_items(results: YearResults, unit_id: str, n: int = 3) -> pd.DataFrame:
    """The ``n`` items on which the unit lost most as a share of their maximum (none lost: none)."""
    rows = _lost_rows(results, unit_id)
    return rows[rows["lost"] > 0].head(n).reset_index(drop=True)


def unit_rectification(results: YearResults, unit_id: str) -> pd.DataFrame:
    """The unit's own ledger items of the June supervision and their rectification (empty when
    the year has none): 板块, 台账事项, 六月情况, 整改情况, 整改日期, 说明."""
    rows = results.rectification[results.rectification["unit_id"] == unit_id]
    return pd.DataFrame(
        {
            LABELS["sector"]: rows["sector"].map(lambda s: SECTORS.get(s, s)),
            "台账事项": rows["item"],
            "六月情况": rows["june_state"],
            "整改情况": rows["rectification"],
            "整改日期": rows["rectified_on"],
            LABELS["note"]: rows["note"],
        }
    ).reset_index(drop=True)


@dataclass
class Findings:
    """The brief's 存在问题与改进建议: an opening, the problems and, one for one, what to do."""

    opening: list[str]
    problems: list[str]
    advice: list[str]


def findings(results: YearResults, unit_id: str) -> Findings:
    """The unit's problems and what to improve, in plain words, from its own results only: its
    grade and the distance to the next, its three weakest items (by share lost), its deductions
    with their reasons, and the June supervision items not yet rectified."""
    row = unit_row(results, unit_id)
    problems, advice = [], []
    items = weakest_items(results, unit_id)
    for r in items.itertuples():
        problems.append(
            f"{_item_label(r.sector, r.item)}失分较多：满分{r.max_score:g}分，得{r.mean_score:.2f}分，"
            f"失{r.lost:.2f}分，失分占该项满分的{_percent(r.share)}。"
        )
    for item, group in items.groupby("item", sort=False):
        where = "、".join(dict.fromkeys(SECTORS.get(s, s) for s in group["sector"]))
        label = f"{where}（整体）" if item == TOTAL_ONLY else f"{where}「{item}」"
        advice.append(f"{label}：{_advice(results.rules, str(item))}")
    deductions = results.deductions[results.deductions["unit_id"] == unit_id]
    for r in deductions.itertuples():
        doc = f"（{r.doc_no}）" if _present(r.doc_no) else ""
        reason = f"，事由：{r.reason}" if _present(r.reason) else ""
        points = round_half_up(Decimal(repr(float(r.points))), results.rules.decimals)
        problems.append(f"{r.category}{doc}：扣{points}分{reason}。")
    if not deductions.empty:
        advice.append(f"扣分事项：{DEDUCTION_ADVICE}")
    rect = results.rectification[results.rectification["unit_id"] == unit_id]
    open_items = rect[rect["rectification"] != RECTIFICATION_DONE]
    if not open_items.empty:
        counts = "、".join(
            f"{s}{n}项" for s, n in open_items["rectification"].value_counts(sort=False).items()
        )
        problems.append(
            f"六月督办的{len(rect)}项台账事项中，还有{len(open_items)}项没有完成整改（{counts}）。"
        )
        advice.append(f"督办事项：{RECTIFICATION_ADVICE}")
    if not problems:
        problems.append("各评分项目均未失分，也没有扣分事项。")
    if not advice:
        advice.append(KEEP_ADVICE)
    return Findings(_standing(results, row), problems, advice)


def _standing(results: YearResults, row: pd.Series) -> list[str]:
    """The grade and how far the next grade is (from the unit's own composite only)."""
    composite = Decimal(repr(float(row["composite"])))
    grades = list(results.rules.grades)
    names = [g.name for g in grades]
    at = names.index(row["grade"]) if row["grade"] in names else 0
    if at == 0:
        return [f"本单位等次为“{row['grade']}”。下面列出失分相对较多的项目，供继续改进参考。"]
    better = grades[at - 1]
    gap = round_half_up(better.min - composite, results.rules.decimals)
    bound = f"{better.min.normalize():f}"
    opening = f"本单位等次为“{row['grade']}”，综合得分距“{better.name}”等次（{bound}分）还差{gap}分"
    if at == len(grades) - 1:
        return [opening + "。请单位主要负责同志高度重视，对照下列问题逐项整改。"]
    return [opening + "。下列问题请逐项整改。"]


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and str(value) != ""
