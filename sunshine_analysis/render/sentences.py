"""The reports' sentences, written from the results, never by hand."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from fractions import Fraction

import pandas as pd

from sunshine_analysis import __version__
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render.tables import (
    interval_table,
    total_only_sectors,
)

NUMERALS = "〇一二三四五六七八九十"


def issuer(results: YearResults) -> str:
    """The office issuing the report: the rules' ``[report] issuer`` (a default when they name none)."""
    return results.rules.issuer


def overview_sentences(results: YearResults) -> list[str]:
    """The report's opening: who was evaluated, averages and grade counts per group."""
    comp = results.composite
    parts = [f"{results.year}年度共考评{len(comp)}个单位。"]
    for group in results.groups:
        rows = comp[comp["rank_group"] == group]
        grades = rows["grade"].value_counts()
        counts = "、".join(f"{g}{grades[g]}个" for g in results.grade_names if g in grades)
        parts.append(
            f"{group}共{len(rows)}个单位，综合得分平均{_mean(rows['composite'])}分，"
            f"最高{rows['composite'].max():.2f}分，最低{rows['composite'].min():.2f}分；等次：{counts}。"
        )
    return parts


def close_ranks(results: YearResults) -> list[str]:
    """Runs of neighbouring ranks too close to tell apart, in plain words, per group.

    A run is a stretch of units each flagged as not clearly ahead of the next (tied, or ahead
    in too few of the robustness analysis's draws); the sentence gives the ranks, the units and
    the points between them.

    Returns:
        One sentence per run (``县区第2至第3名（源汇区、…）之间分差仅0.92分，名次差异不显著。``;
        for three units or more, the largest gap between neighbours), or one sentence saying every
        rank is clear.
    """
    table = interval_table(results)
    if table.empty:
        return []
    scores = results.composite.set_index("unit_id")["composite"]
    out = []
    for group in results.groups:
        # In the analysis's own order: each row's "next" is the row after it, tied ones included.
        rows = table[table["rank_group"] == group].sort_values("rank", kind="stable").reset_index(drop=True)
        run: list[int] = []
        for i in range(len(rows)):
            if rows.loc[i, "indistinct"] and i + 1 < len(rows):
                run = run or [i]
                run.append(i + 1)
                continue
            if run:
                out.append(_close_sentence(group, rows.iloc[run], scores))
                run = []
    return out or ["各组相邻名次之间的得分差距均足以区分先后。"]


def _close_sentence(group: str, rows: pd.DataFrame, scores: pd.Series) -> str:
    first, last = rows.iloc[0], rows.iloc[-1]
    names = "、".join(rows["unit_name"])
    if first["rank"] == last["rank"]:
        return f"{group}中，{names}得分相同，并列第{first['rank']}名。"
    points = rows["unit_id"].map(scores).astype("float64").to_numpy()
    if len(rows) == 2:
        gap = f"之间分差仅{points[0] - points[1]:.2f}分"
    else:
        gap = f"相邻单位分差均不超过{max(points[:-1] - points[1:]):.2f}分"
    return f"{group}第{first['rank']}至第{last['rank']}名（{names}）{gap}，名次差异不显著。"


def _mean(values: pd.Series, decimals: int = 2) -> str:
    """The mean of reported scores, exact and rounded half-up (88.665 → 88.67, where float gives 88.66).

    >>> _mean(pd.Series([89.83, 87.5]))
    '88.67'
    """
    exact = Fraction(sum(Fraction(str(v)) for v in values), len(values))
    return f"{round_half_up(exact, decimals):.{decimals}f}"


def robustness_plain(results: YearResults) -> list[str]:
    """The robustness annex in plain words: why close ranks are uncertain, which ones are."""
    table = interval_table(results)
    out = [
        "各单位得分来自若干评分人和抽查单位，换一组评分人或抽查单位，得分会有小幅变化。"
        "相邻单位得分十分接近时，这种变化足以使先后互换，名次差异不显著，排名时宜合并看待。",
        *close_ranks(results),
    ]
    moved = table[table["variant_min"] != table["variant_max"]]
    if len(moved):
        labels = "；".join(v.label for v in results.rules.variants)
        out.append(f"按评分细则列出的备选计算方法（{labels}）复核，{len(moved)}个单位的名次会有变化。")
    return out


def lost_items_note(results: YearResults) -> str:
    """How the lost-points table compares items, and which sectors it leaves out (totals only)."""
    note = "评分项目按失分率（平均失分占该项满分的比例）比较，满分不同的项目可以相互比较。"
    totals = total_only_sectors(results)
    if totals:
        note += f"{'、'.join(totals)}板块的评分表只报总分、没有分项得分，未列入比较。"
    return note


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
        f"评分人达到{rules.trim_min_raters}人时去掉最高分和最低分各{rules.trim_each_side}个后取平均，"
        "否则取全部评分人平均；有抽查单位的板块取各抽查单位得分的平均。",
        f"创新成果加分计入所属板块：{bonus}；板块单项得分不超过{rules.sector_max}分。",
        f"综合得分 = 参加板块单项得分平均 + 信息宣传加分 − 扣分，限定在{rules.composite_floor}–"
        f"{rules.composite_cap}分之间。",
        f"信息宣传加分：{pub}（同一标题按最高级别计一次），每个单位最多加{rules.publicity_cap}分。",
        f"扣分：{ded}，不设上限。",
        f"所有报告分值四舍五入保留{rules.decimals}位小数，按保留后的综合得分排名，得分相同名次并列。",
        f"等次：{grades}，其余为差。分组：" + "；".join(f"{g}" for g in rules.rank_groups) + "。",
    ]


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.astimezone()


def generated_at() -> str:
    """The generation time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    return _now().strftime("%Y-%m-%d %H:%M")


def inputs_hash(manifest: dict) -> str:
    """One SHA-256 over every input file: of the lines ``<sha256>  <path>``, sorted by path.

    The lines are what ``sha256sum`` prints for the files, so the value can be recomputed from
    the raw folder (``sha256sum`` of each file, sorted by name, then ``sha256sum`` of that list).

    >>> inputs_hash({"inputs": []}) == hashlib.sha256(b"").hexdigest()
    True
    """
    lines = sorted((str(r.get("path")), str(r.get("sha256"))) for r in manifest.get("inputs", []))
    text = "".join(f"{digest}  {path}\n" for path, digest in lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_date() -> str:
    """The date of the written report in the official style (2020年7月15日), from the same clock
    as :func:`generated_at`."""
    day = _now()
    return f"{day.year}年{day.month}月{day.day}日"


def provenance_sentences(results: YearResults) -> list[str]:
    """One paragraph: rules file, number of inputs, their combined hash, tool and time.

    The full list of input files with their SHA-256 is in the results workbook (sheet 来源).
    """
    manifest = results.manifest
    rules = manifest.get("rules", {})
    files = len({r.get("path") for r in manifest.get("inputs", [])})
    return [
        f"本报告依据评分细则《{rules.get('title', results.rules.title)}》（{rules.get('file', '')}），"
        f"根据{files}个输入文件计算，输入文件合并校验值（SHA-256）为 {inputs_hash(manifest)}；"
        "各文件名称及其校验值见结果工作簿（results.xlsx）“来源”工作表。"
        f"生成工具：sunshine_analysis {manifest.get('version', __version__)}；生成时间：{generated_at()}。"
    ]
