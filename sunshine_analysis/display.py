"""Tables and sentences for the reports, built from a year's results."""

from __future__ import annotations

import html

import pandas as pd

from sunshine_analysis.results import YearResults

RANK_COLUMNS = {
    "rank": "名次",
    "unit_name": "单位",
    "n_sectors": "参加板块数",
    "sector_mean": "板块平均分",
    "publicity_bonus": "信息宣传加分",
    "deduction": "扣分",
    "composite": "综合得分",
    "grade": "等次",
}


def rank_table(results: YearResults, group: str) -> pd.DataFrame:
    """One rank group's table with Chinese headers, best first; ties show their shared rank."""
    rows = results.composite[results.composite["rank_group"] == group]
    rows = rows.sort_values(["rank", "unit_name"])[list(RANK_COLUMNS)]
    return rows.rename(columns=RANK_COLUMNS).reset_index(drop=True)


def table_html(table: pd.DataFrame, decimals: int = 2) -> str:
    """A table as escaped HTML with fixed decimals, for display in a report."""
    return table.to_html(
        index=False,
        escape=True,
        float_format=lambda v: f"{v:.{decimals}f}",
        classes="report-table",
        border=0,
    )


def overview_markdown(results: YearResults) -> str:
    """The report's opening paragraph: who was evaluated, averages and grade counts."""
    comp = results.composite
    parts = [f"{results.year} 年度共考评 {len(comp)} 个单位。"]
    for group in results.groups:
        rows = comp[comp["rank_group"] == group]
        grades = rows["grade"].value_counts()
        counts = "、".join(f"{g} {n} 个" for g, n in grades.items())
        parts.append(
            f"{html.escape(group)}共 {len(rows)} 个单位，综合得分平均 {rows['composite'].mean():.2f} 分，"
            f"最高 {rows['composite'].max():.2f} 分，最低 {rows['composite'].min():.2f} 分；等次：{counts}。"
        )
    return "\n\n".join(parts)
