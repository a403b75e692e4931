"""Tables and sentences for the reports, built from a year's results.

Every text that comes from the inputs (unit names, titles, reasons) is escaped here, so a
notebook can pass the results straight to ``IPython.display.HTML``. Tables have Chinese
headers and fixed decimals; sentences are written from the data, never by hand.
"""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, datetime

import pandas as pd

from sunshine_analysis import __version__
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.outputs.results import YearResults

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
GRADES = ["好", "较好", "一般", "差"]
NUMERALS = "〇一二三四五六七八九十"
MIN_GROUP = 3
SHORT_TEXT = 10
"""Text columns whose cells are all at most this long are kept on one line in tables."""
"""Group statistics in a unit brief are shown only over at least this many units, so that no
other unit's score can be worked out from them."""


def rank_table(results: YearResults, group: str) -> pd.DataFrame:
    """One rank group's table with Chinese headers, best first; ties show their shared rank."""
    rows = results.composite[results.composite["rank_group"] == group]
    rows = rows.sort_values(["rank", "unit_name"])[list(RANK_COLUMNS)]
    return rows.rename(columns=RANK_COLUMNS).reset_index(drop=True)


def table_html(table: pd.DataFrame, decimals: int = 2) -> str:
    """A table as escaped HTML with fixed decimals; numeric cells carry ``class="num"``.

    >>> table_html(pd.DataFrame({"单位": ["<b>"], "得分": [1.5]})).count('<td class="num">1.50</td>')
    1
    """
    markup = table.to_html(
        index=False,
        escape=True,
        na_rep="—",
        float_format=lambda v: f"{v:.{decimals}f}",
        classes="report-table",
        border=0,
    )
    numeric = {i for i, dtype in enumerate(table.dtypes) if pd.api.types.is_numeric_dtype(dtype)}
    # Short text (a unit's name, a date) is not broken over lines; long text (a reason) wraps.
    short = {
        i
        for i, column in enumerate(table.columns)
        if i not in numeric and table[column].astype(str).str.len().max() <= SHORT_TEXT
    }
    if not numeric | short:
        return markup
    opening = {i: '<td class="num">' for i in numeric} | {i: '<td class="short">' for i in short}

    def mark(row: re.Match) -> str:
        cells = row.group(1).split("<td>")
        return (
            "<tr>" + cells[0] + "".join(opening.get(i, "<td>") + c for i, c in enumerate(cells[1:])) + "</tr>"
        )

    return re.sub(r"<tr>(.*?)</tr>", mark, markup, flags=re.S)


def heading(text: str, level: int, anchor: str = "") -> str:
    """An escaped HTML heading; with ``anchor`` it gets an id and shows in the table of contents."""
    attr = f' id="{html.escape(anchor)}"' if anchor else ""
    return f"<h{level}{attr}>{html.escape(text)}</h{level}>"


def paragraphs_html(sentences: list[str], css_class: str = "") -> str:
    """Plain sentences as escaped HTML paragraphs."""
    attr = f' class="{css_class}"' if css_class else ""
    return "".join(f"<p{attr}>{html.escape(s)}</p>" for s in sentences)


def unit_explanation_html(results: YearResults, unit_id: str) -> str:
    """One unit's score explained step by step (see :mod:`sunshine_analysis.scoring.explain`), escaped."""
    texts = results.explanations.loc[results.explanations["unit_id"] == unit_id, "text"]
    if texts.empty:
        return paragraphs_html(["没有计算过程明细。"], "note")
    return f'<pre class="explain">{html.escape(str(texts.iloc[0]))}</pre>'


def list_html(sentences: list[str]) -> str:
    """Plain sentences as an escaped HTML list."""
    return "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>"


def overview_sentences(results: YearResults) -> list[str]:
    """The report's opening: who was evaluated, averages and grade counts per group."""
    comp = results.composite
    parts = [f"{results.year} 年度共考评 {len(comp)} 个单位。"]
    for group in results.groups:
        rows = comp[comp["rank_group"] == group]
        grades = rows["grade"].value_counts()
        counts = "、".join(f"{g} {grades[g]} 个" for g in GRADES if g in grades)
        parts.append(
            f"{group}共 {len(rows)} 个单位，综合得分平均 {rows['composite'].mean():.2f} 分，"
            f"最高 {rows['composite'].max():.2f} 分，最低 {rows['composite'].min():.2f} 分；等次：{counts}。"
        )
    return parts


def overview_table(results: YearResults) -> pd.DataFrame:
    """Per rank group: number of units, average, highest, lowest composite and grade counts."""
    rows = []
    for group in results.groups:
        comp = results.composite[results.composite["rank_group"] == group]
        counts = comp["grade"].value_counts()
        rows.append(
            {
                "排名组": group,
                "单位数": len(comp),
                "平均综合得分": comp["composite"].mean(),
                "最高": comp["composite"].max(),
                "最低": comp["composite"].min(),
                **{f"{g}（个）": int(counts.get(g, 0)) for g in GRADES},
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


def sector_summary(results: YearResults) -> pd.DataFrame:
    """Per sector: units scored, average, highest and lowest sector score, innovation bonuses."""
    rows = sector_scores_long(results)
    table = rows.groupby("sector_name", sort=False).agg(
        参评单位数=("unit_id", "size"),
        平均分=("sector_score", "mean"),
        最高分=("sector_score", "max"),
        最低分=("sector_score", "min"),
        创新加分单位数=("innovation_bonus", lambda s: int((s > 0).sum())),
    )
    return table.rename_axis("板块").reset_index()


def lost_items(results: YearResults, top: int = 10) -> pd.DataFrame:
    """The items where most points were lost on average over the units scored on them."""
    means = results.item_means
    if means.empty:
        return pd.DataFrame(
            columns=["板块", "评分项目", "满分", "平均得分", "平均失分", "失分率", "label", "lost"]
        )
    table = means.groupby(["sector", "item"], sort=False, as_index=False).agg(
        max_score=("max_score", "first"), mean=("mean_score", "mean"), lost=("lost", "mean")
    )
    table["rate"] = table["lost"] / table["max_score"]
    table = table.sort_values(["lost", "sector", "item"], ascending=[False, True, True]).head(top)
    sector = table["sector"].map(SECTORS)
    return pd.DataFrame(
        {
            "板块": sector,
            "评分项目": table["item"],
            "满分": table["max_score"],
            "平均得分": table["mean"],
            "平均失分": table["lost"],
            "失分率": (table["rate"] * 100).map(lambda v: f"{v:.1f}%"),
            "label": sector + "·" + table["item"],
            "lost": table["lost"],
        }
    ).reset_index(drop=True)


def _with_names(results: YearResults, table: pd.DataFrame, unit_id: str | None) -> pd.DataFrame:
    if unit_id is not None:
        table = table[table["unit_id"] == unit_id]
    return table.assign(unit_name=table["unit_id"].map(results.names))


def innovation_table(results: YearResults, unit_id: str | None = None) -> pd.DataFrame:
    """Innovation results with their sector, rating and bonus (one unit's when ``unit_id``)."""
    rows = _with_names(results, results.innovation, unit_id)
    table = pd.DataFrame(
        {
            "单位": rows["unit_name"],
            "成果名称": rows["title"],
            "所属板块": rows["sector"].map(SECTORS),
            "评定等次": rows["rating"],
            "加分": rows["bonus"].astype("float64"),
        }
    )
    return table.drop(columns="单位") if unit_id else table.reset_index(drop=True)


def publicity_table(results: YearResults, unit_id: str | None = None) -> pd.DataFrame:
    """Publicity adoptions with level, points and whether they counted."""
    rows = _with_names(results, results.publicity, unit_id)
    table = pd.DataFrame(
        {
            "单位": rows["unit_name"],
            "信息标题": rows["title"],
            "采用级别": rows["level"],
            "采用媒体": rows["outlet"],
            "日期": rows["date"],
            "分值": rows["points"].astype("float64"),
            "说明": rows["note"],
        }
    )
    return table.drop(columns="单位") if unit_id else table.reset_index(drop=True)


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
    out = pd.DataFrame({"单位": comp.loc[table.index, "unit_name"], "采用条数": table.sum(axis=1)})
    for level in levels:
        out[f"{level}（条）"] = table[level]
    out["加分（封顶后）"] = comp.loc[table.index, "publicity_bonus"].astype("float64")
    return out.sort_values(["加分（封顶后）", "单位"], ascending=[False, True]).reset_index(drop=True)


def deduction_table(results: YearResults, unit_id: str | None = None) -> pd.DataFrame:
    """Deductions with their category, document, date, reason and points."""
    rows = _with_names(results, results.deductions, unit_id)
    table = pd.DataFrame(
        {
            "单位": rows["unit_name"],
            "扣分类别": rows["category"],
            "文号": rows["doc_no"],
            "日期": rows["date"],
            "事由": rows["reason"],
            "扣分": rows["points"].astype("float64"),
        }
    )
    return table.drop(columns="单位") if unit_id else table.reset_index(drop=True)


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
            "单位": rows["unit_name"],
            f"{p} 年得分": rows["previous"],
            f"{y} 年得分": rows["composite"],
            "得分变化": rows["change"].map(lambda v: f"{v:+.2f}"),
            f"{p} 年名次": rows["previous_rank"],
            f"{y} 年名次": rows["rank"],
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
    """The rules used, in sentences, from the packaged rules file the manifest names."""
    from sunshine_analysis.config.rules import load_rules

    info = results.manifest.get("rules", {})
    rules = load_rules(None, year=results.year)
    head = (
        f"本次考评依据《{info.get('title', rules.title)}》"
        f"（{info.get('file', '')}，SHA-256 {info.get('sha256', '')}）。"
    )
    if info.get("sha256") and info["sha256"] != rules.sha256:
        return [head, "（计分时使用了另行指定的细则文件，具体分值见该文件。）"]
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


def generated_at() -> str:
    """The generation time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def provenance_sentences(results: YearResults) -> list[str]:
    """Package version and generation time."""
    return [
        f"生成工具：sunshine_analysis {results.manifest.get('version', __version__)}；"
        f"生成时间：{generated_at()}。",
        "输入文件及其 SHA-256 校验值如下，可据此核对报告所用材料未被改动。",
    ]


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
            "板块": own["sector"].map(SECTORS),
            "基础得分": own["base_score"],
            "创新加分": own["innovation_bonus"],
            "单项得分": own["sector_score"],
            "本组平均": own["sector"].map(shown_means).astype("float64"),
            "说明": exempt.map({True: "免考", False: ""}),
        }
    ).reset_index(drop=True)


def unit_lost_items(results: YearResults, unit_id: str) -> pd.DataFrame:
    """The unit's item scores and the points lost on each, most lost first."""
    rows = results.item_means[results.item_means["unit_id"] == unit_id]
    rows = rows.sort_values(["lost", "sector", "item"], ascending=[False, True, True])
    return pd.DataFrame(
        {
            "板块": rows["sector"].map(SECTORS),
            "评分项目": rows["item"],
            "满分": rows["max_score"],
            "得分": rows["mean_score"],
            "失分": rows["lost"],
        }
    ).reset_index(drop=True)


def group_statistics(results: YearResults, group: str) -> pd.DataFrame:
    """The group's anonymous statistics (mean and quartiles) of the composite and each sector.

    A line over fewer than :data:`MIN_GROUP` units is left blank, since it would reveal the
    others' scores.
    """
    comp = results.composite[results.composite["rank_group"] == group]
    series = [("综合得分", comp["composite"])]
    sectors = _group_sectors(results, group)
    series += [(name, rows["sector_score"]) for name, rows in sectors.groupby("sector_name", sort=False)]
    out = []
    for name, values in series:
        shown = len(values) >= MIN_GROUP
        stats = [values.mean(), *values.quantile([0.25, 0.5, 0.75])] if shown else [float("nan")] * 4
        out.append([name, len(values), *stats])
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
            q1, q3 = values.quantile([0.25, 0.75])
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
