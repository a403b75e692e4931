"""The reports' sentences, written from the results, never by hand."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pandas as pd

from sunshine_analysis import __version__
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render.tables import interval_table, lost_items, sector_summary

NUMERALS = "〇一二三四五六七八九十"


def overview_sentences(results: YearResults) -> list[str]:
    """The report's opening: who was evaluated, averages and grade counts per group."""
    comp = results.composite
    parts = [f"{results.year} 年度共考评 {len(comp)} 个单位。"]
    for group in results.groups:
        rows = comp[comp["rank_group"] == group]
        grades = rows["grade"].value_counts()
        counts = "、".join(f"{g} {grades[g]} 个" for g in results.grade_names if g in grades)
        parts.append(
            f"{group}共 {len(rows)} 个单位，综合得分平均 {rows['composite'].mean():.2f} 分，"
            f"最高 {rows['composite'].max():.2f} 分，最低 {rows['composite'].min():.2f} 分；等次：{counts}。"
        )
    return parts


def robustness_sentences(results: YearResults) -> list[str]:
    """How many ranks are firm, which interval is widest, which neighbours cannot be told apart."""
    table = interval_table(results)
    width = table["rank_high"] - table["rank_low"]
    fixed = int((width == 0).sum())
    out = [
        f"按评分人和抽查单位重新抽样估计（95% 区间），{fixed} 个单位的名次稳定不变，"
        f"{len(table) - fixed} 个单位的名次可能在一定范围内变化。"
    ]
    if len(table) and width.max() > 0:
        r = table.loc[width.idxmax()]
        out.append(f"名次区间最宽的是{r['unit_name']}（第 {r['rank_low']}–{r['rank_high']} 名）。")
    moved = table[table["variant_min"] != table["variant_max"]]
    if len(moved):
        out.append(f"采用评分细则的备选方案时，{len(moved)} 个单位的名次会变化。")
    close = int(table["indistinct"].sum())
    if close:
        out.append(f"有 {close} 个单位与紧随其后的单位得分差距不足以区分先后，相邻名次宜谨慎解读。")
    return out


def findings(results: YearResults, change: pd.DataFrame | None = None) -> list[str]:
    """Findings written from the data: strongest and weakest sector, most lost item, movers."""
    out = []
    summary = sector_summary(results)
    if len(summary) > 1:
        best = summary.loc[summary["平均分"].idxmax()]
        worst = summary.loc[summary["平均分"].idxmin()]
        out.append(
            f"{best['板块']}板块平均得分最高（{best['平均分']:.2f} 分），"
            f"{worst['板块']}板块平均得分最低（{worst['平均分']:.2f} 分），是下一步规范提升的重点。"
        )
    lost = lost_items(results, top=1)
    if len(lost):
        top = lost.iloc[0]
        out.append(
            f"失分最多的评分项目是{top['板块']}的「{top['评分项目']}」，"
            f"满分 {top['满分']:.2f} 分，平均失分 {top['平均失分']:.2f} 分（失分率 {top['失分率']}）。"
        )
    for group in results.groups:
        comp = results.composite[results.composite["rank_group"] == group]
        low = comp[comp["grade"] == "差"]
        if len(low):
            out.append(f"{group}有 {len(low)} 个单位等次为“差”：{'、'.join(low['unit_name'])}。")
    deducted = results.composite[results.composite["deduction"] > 0]
    if len(deducted):
        out.append(
            f"共 {len(deducted)} 个单位被扣分，合计扣 {deducted['deduction'].sum():.2f} 分，"
            f"其中扣分最多的是{deducted.loc[deducted['deduction'].idxmax(), 'unit_name']}"
            f"（{deducted['deduction'].max():.2f} 分）。"
        )
    if change is not None and len(change):
        up = change.loc[change["change"].idxmax()]
        down = change.loc[change["change"].idxmin()]
        if up["change"] > 0:
            out.append(
                f"与 {int(up['previous_year'])} 年相比，进步最大的是{up['unit_name']}"
                f"（综合得分 {up['change']:+.2f} 分，名次 {int(up['previous_rank'])} → {int(up['rank'])}）。"
            )
        if down["change"] < 0:
            out.append(
                f"退步最大的是{down['unit_name']}（综合得分 {down['change']:+.2f} 分，"
                f"名次 {int(down['previous_rank'])} → {int(down['rank'])}）。"
            )
    return out


def methodology_sentences(results: YearResults) -> list[str]:
    """The rules used, in sentences, from the rules file the tables were scored with."""
    info = results.manifest.get("rules", {})
    rules = results.rules
    head = (
        f"本次考评依据《{info.get('title', rules.title)}》"
        f"（{info.get('file', '')}，SHA-256 {info.get('sha256', '')}）。"
    )
    bonus = "、".join(f"{k} +{v}" for k, v in rules.innovation_bonus.items() if v)
    pub = "、".join(f"{k} +{v}" for k, v in rules.publicity_points.items())
    ded = "、".join(f"{k} −{v}" for k, v in rules.deduction_points.items())
    grades = "，".join(f"{g.name} ≥ {g.min}" for g in rules.grades if g.min > 0)
    return [
        head,
        f"评分人达到 {rules.trim_min_raters} 人时去掉最高分和最低分各 {rules.trim_each_side} 个后取平均，"
        "否则取全部评分人平均；有抽查单位的板块取各抽查单位得分的平均。",
        f"创新成果加分计入所属板块：{bonus}；板块单项得分不超过 {rules.sector_max} 分。",
        f"综合得分 = 参加板块单项得分平均 + 信息宣传加分 − 扣分，限定在 {rules.composite_floor}–"
        f"{rules.composite_cap} 分之间。",
        f"信息宣传加分：{pub}（同一标题按最高级别计一次），每个单位最多加 {rules.publicity_cap} 分。",
        f"扣分：{ded}，不设上限。",
        f"所有报告分值四舍五入保留 {rules.decimals} 位小数，按保留后的综合得分排名，得分相同名次并列。",
        f"等次：{grades}，其余为差。分组：" + "；".join(f"{g}" for g in rules.rank_groups) + "。",
    ]


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.astimezone()


def generated_at() -> str:
    """The generation time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    return _now().strftime("%Y-%m-%d %H:%M")


def report_date() -> str:
    """The date of the written report in the official style (2020年7月15日), from the same clock
    as :func:`generated_at`."""
    day = _now()
    return f"{day.year}年{day.month}月{day.day}日"


def provenance_sentences(results: YearResults) -> list[str]:
    """Package version and generation time."""
    return [
        f"生成工具：sunshine_analysis {results.manifest.get('version', __version__)}；"
        f"生成时间：{generated_at()}。",
        "输入文件及其 SHA-256 校验值如下，可据此核对报告所用材料未被改动。",
    ]
