"""The written report's text, one source for the HTML summary and the Word document.

The report opens with four sections (一、基本情况 二、主要成效和亮点 三、存在的问题
四、下一步工作建议), each a list of plain paragraphs drafted from the results, the work
summaries (``summary_points``) and the rectification register (``rectification``). A
paragraph of 四 opens with its second-level heading (「（一）……。」), which the Word document
sets in 楷体 (:data:`RUN_IN`).

Scores are written half-up to the rules' decimals (:func:`sunshine_analysis.exact.round_half_up`),
means computed exactly from the reported values. Sentences about something the year does not
have (no previous year, no deductions, no summaries read) are left out, never written empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render.tables import year_change

SECTION_TITLES = ("基本情况", "主要成效和亮点", "存在的问题", "下一步工作建议")
NUMERALS = "一二三四五六七八九十"
RUN_IN = re.compile(r"^（[一二三四五六七八九十]+）[^。]*。")
"""A paragraph's run-in second-level heading: 「（一）聚焦薄弱环节。」."""
LIST_NAMES = 5
"""At most this many names are listed in a sentence; more are cut with 「等 N 个单位」."""
QUOTE_CHARS = 60

QUOTED_UNITS = 3
"""How many units' highlights the report quotes."""
"""A sentence quoted from a work summary is cut to this many characters."""
LOW_UNITS = 2
"""A sector is said to have units clustering low when at least this many score below the line."""
RECTIFIED, NOT_REPORTED = "已整改", "未报告"
RECTIFICATION_STATES = ("已整改", "整改中", "未整改", "未报告")

_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十\d]+[、.．])\s*")


@dataclass
class Section:
    """One numbered section of the written report: its title and its paragraphs."""

    title: str
    paragraphs: list[str] = field(default_factory=list)


def report_sections(results: YearResults, change: pd.DataFrame | None = None) -> list[Section]:
    """The report's four opening sections, in order, titles without their numerals.

    Args:
        results: The year's results.
        change: The change since last year (:func:`~sunshine_analysis.render.tables.year_change`);
            worked out from ``results`` when not given.
    """
    if change is None:
        change = year_change(results)
    overview, highlights, problems, advice = SECTION_TITLES
    return [
        Section(overview, basic_situation(results, change)),
        Section(highlights, achievements(results, change)),
        Section(problems, shortcomings(results, change)),
        Section(advice, recommendations(results)),
    ]


# --- numbers and lists -------------------------------------------------------------------------


def points(results: YearResults, value: object) -> str:
    """A score as reported: half-up to the rules' decimals (89.355 → 「89.36」)."""
    return str(round_half_up(Fraction(str(value)), results.rules.decimals))


def _whole(results: YearResults, value: object) -> str:
    """A maximum as the rules write it: 「40」, or with decimals when it has them (「12.50」)."""
    exact = Fraction(str(value))
    return str(exact.numerator) if exact.denominator == 1 else points(results, exact)


def _mean(results: YearResults, values: Iterable[object]) -> str:
    exact = [Fraction(str(v)) for v in values]
    return points(results, sum(exact, Fraction(0)) / len(exact))


def _percent(share: Fraction) -> str:
    return f"{round_half_up(share * 100, 1)}%"


def _names(names: Sequence[str], unit: str = "个单位") -> str:
    """「A、B、C」, or 「A、B、C、D、E等7个单位」 when there are more than :data:`LIST_NAMES`."""
    if len(names) <= LIST_NAMES:
        return "、".join(names)
    return "、".join(names[:LIST_NAMES]) + f"等{len(names)}{unit}"


def _own(unit_name: str, text: object) -> str:
    """A title or reason with its unit: 「临颍县“阳光村务”微信公开群」 is not prefixed again."""
    text = str(text).rstrip("。")
    return text if text.startswith(unit_name) else f"{unit_name}{text}"


def _grade(name: str) -> str:
    return f"“{name}”"


# --- 一、基本情况 --------------------------------------------------------------------------------


def basic_situation(results: YearResults, change: pd.DataFrame) -> list[str]:
    """What was evaluated and how, the grade distribution, each group's range, change since last year."""
    comp = results.composite
    groups = "、".join(f"{g}{(comp['rank_group'] == g).sum()}个" for g in results.groups)
    sectors = [name for code, name in SECTORS.items() if code in set(results.scored_sectors()["sector"])]
    out = [
        f"根据《{results.rules.title}》，市“阳光办”组织开展了{results.year}年度“阳光漯河”建设考评，"
        f"共考评{len(comp)}个单位，其中{groups}。考评涵盖{'、'.join(sectors)}{len(sectors)}个板块，"
        "由各板块牵头单位评分，以单位所参加板块单项得分的平均分，加信息宣传加分、减通报扣分，"
        "得出综合得分，分组排名并评定等次。"
    ]
    grades = comp["grade"].value_counts()
    counts = "、".join(f"{_grade(g)}的{grades[g]}个" for g in results.grade_names if g in grades)
    text = f"从考评结果看，{len(comp)}个单位中，等次为{counts}。"
    for group in results.groups:
        rows = comp[comp["rank_group"] == group]
        top = rows[rows["composite"] == rows["composite"].max()]
        low = rows[rows["composite"] == rows["composite"].min()]
        text += (
            f"{group}{len(rows)}个单位综合得分平均{_mean(results, rows['composite'])}分，"
            f"最高为{'、'.join(top['unit_name'])}（{points(results, top['composite'].iloc[0])}分），"
            f"最低为{'、'.join(low['unit_name'])}（{points(results, low['composite'].iloc[0])}分）。"
        )
    out.append(text)
    if len(change):
        previous = int(change["previous_year"].iloc[0])
        up, down = int((change["change"] > 0).sum()), int((change["change"] < 0).sum())
        same = len(change) - up - down
        text = (
            f"与{previous}年相比，{len(change)}个单位连续两年在同一组参加考评，其中综合得分上升的{up}个、"
            f"下降的{down}个"
        )
        out.append(text + (f"、持平的{same}个。" if same else "。"))
    return out


# --- 二、主要成效和亮点 ----------------------------------------------------------------------------


def achievements(results: YearResults, change: pd.DataFrame) -> list[str]:
    """The leading units, the sectors' averages, innovation and publicity, the largest gain,
    and the highlights the units' work summaries report."""
    comp = results.composite
    out = []
    leaders = []
    for group in results.groups:
        rows = comp[comp["rank_group"] == group].sort_values(["rank", "unit_name"]).head(3)
        leaders.append(
            f"{group}综合得分前{len(rows)}名依次为"
            + "、".join(f"{r.unit_name}（{points(results, r.composite)}分）" for r in rows.itertuples())
        )
    out.append("；".join(leaders) + "。")
    sectors = _sector_means(results)
    if len(sectors):
        listing = "、".join(f"{name}{mean}分" for name, mean, _ in sectors)
        out.append(f"分板块看，各板块平均得分由高到低依次为：{listing}，{sectors[0][0]}板块整体水平最好。")
    innovation = _innovation(results)
    if innovation:
        out.append(innovation)
    publicity = _publicity(results)
    if publicity:
        out.append(publicity)
    if len(change) and change["change"].max() > 0:
        r = change.loc[change["change"].idxmax()]
        out.append(
            f"与上年相比，进步最大的是{r['unit_name']}，综合得分上升{points(results, r['change'])}分，"
            f"名次由第{int(r['previous_rank'])}名变为第{int(r['rank'])}名。"
        )
    themes = _summary_paragraph(results, "highlight")
    if themes:
        out.append(themes)
    return out


def _sector_means(results: YearResults) -> list[tuple[str, str, Fraction]]:
    """(sector name, reported mean, exact mean) of every scored sector, highest mean first."""
    rows = results.scored_sectors()
    out = []
    for code, name in SECTORS.items():
        scores = rows.loc[rows["sector"] == code, "sector_score"]
        if len(scores):
            exact = sum((Fraction(str(v)) for v in scores), Fraction(0)) / len(scores)
            out.append((name, points(results, exact), exact))
    return sorted(out, key=lambda s: -s[2])


def _innovation(results: YearResults) -> str:
    rows = results.innovation
    if rows.empty:
        return ""
    ratings = rows["rating"].value_counts()
    order = [r for r in results.rules.innovation_bonus if r in ratings]
    order += [r for r in ratings.index if r not in order]
    counts = "、".join(f"{r}{ratings[r]}项" for r in order)
    text = f"创新成果方面，共评定创新成果{len(rows)}项，其中{counts}"
    awarded = rows[rows["bonus"].astype(float) > 0]
    if len(awarded):
        titles = zip(awarded["unit_id"], awarded["title"], strict=True)
        names = [_own(results.names.get(u, u), t) for u, t in titles]
        text += f"；{_names(names, '项成果')}获得创新加分"
    return text + "。"


def _publicity(results: YearResults) -> str:
    pub = results.publicity
    if pub.empty:
        return ""
    counted = pub[pub["counted"].astype(str).str.lower() == "true"]
    if counted.empty:
        return ""
    levels = counted["level"].value_counts()
    order = [lv for lv in results.rules.publicity_points if lv in levels]
    order += [lv for lv in levels.index if lv not in order]
    text = (
        f"信息宣传方面，{counted['unit_id'].nunique()}个单位共有{len(counted)}条信息被采用并计入加分"
        f"（{'、'.join(f'{lv}{levels[lv]}条' for lv in order)}）"
    )
    bonus = results.composite[results.composite["publicity_bonus"] > 0]
    cap = results.rules.publicity_cap
    at_cap = (
        bonus[[Fraction(str(v)) >= Fraction(str(cap)) for v in bonus["publicity_bonus"]]]
        if cap.is_finite()
        else []
    )
    if len(at_cap):
        text += f"，{_names(list(at_cap['unit_name']))}加分达到上限{points(results, cap)}分"
    elif len(bonus):
        top = bonus[bonus["publicity_bonus"] == bonus["publicity_bonus"].max()]
        most = points(results, top["publicity_bonus"].iloc[0])
        text += f"，加分最多的是{'、'.join(top['unit_name'])}（{most}分）"
    return text + "。"


# --- 三、存在的问题 -----------------------------------------------------------------------------


def weakest_items(results: YearResults, top: int = 3) -> pd.DataFrame:
    """The items with the largest share of their maximum lost, averaged over the units scored.

    Returns:
        ``sector``, ``item``, ``max_score``, ``lost`` (mean points lost, exact), ``share``
        (lost / max_score, exact), largest share first; empty without item detail.
    """
    means = results.item_means
    columns = ["sector", "item", "max_score", "lost", "share"]
    if means.empty or means.groupby("sector")["item"].nunique().max() < 2:
        return pd.DataFrame(columns=columns)
    # A sheet that gives only a total has one "item", the total: no item to point at.
    itemised = means.groupby("sector")["item"].transform("nunique") > 1
    rows = []
    for (sector, item), group in means[itemised].groupby(["sector", "item"], sort=False):
        lost = sum((Fraction(str(v)) for v in group["lost"]), Fraction(0)) / len(group)
        maximum = Fraction(str(group["max_score"].iloc[0]))
        rows.append((sector, item, maximum, lost, lost / maximum if maximum else Fraction(0)))
    table = pd.DataFrame(rows, columns=columns)
    order = {s: i for i, s in enumerate(SECTORS)}
    table = table.assign(order=table["sector"].map(order))
    table = table.sort_values(["share", "lost", "order", "item"], ascending=[False, False, True, True])
    return table.drop(columns="order").head(top).reset_index(drop=True)


def low_line(results: YearResults) -> object:
    """The sector score below which units are said to score low: the second grade's minimum
    (较好, 80 in 2020), or the only line when the rules have two grades."""
    grades = results.rules.grades
    return grades[min(1, len(grades) - 2)].min if len(grades) > 1 else None


def shortcomings(results: YearResults, change: pd.DataFrame) -> list[str]:
    """The weakest items and sectors, the units of the lowest grades, deductions with their
    reasons, the largest fall, the problems the work summaries report, and rectification."""
    out = []
    weak = weakest_items(results)
    if len(weak):
        listing = "、".join(
            f"{SECTORS.get(r.sector, r.sector)}「{r.item}」（满分{_whole(results, r.max_score)}分，"
            f"平均失分{points(results, r.lost)}分，失分率{_percent(r.share)}）"
            for r in weak.itertuples()
        )
        out.append(f"从评分项目看，按失分占满分的比例，失分最多的是{listing}。")
    sectors = _sector_means(results)
    if len(sectors) > 1:
        text = f"{sectors[-1][0]}板块平均得分最低（{sectors[-1][1]}分）。"
        low = _low_sectors(results)
        if low:
            line = low_line(results)
            grade = results.grade_names[min(1, len(results.grade_names) - 2)]
            text += (
                f"单项得分低于{_whole(results, line)}分（{_grade(grade)}等次线）的单位主要集中在"
                + "；".join(low)
                + "。"
            )
        out.append(text)
    lowest = _lowest_grades(results)
    if lowest:
        out.append(lowest)
    deductions = _deductions(results)
    if deductions:
        out.append(deductions)
    if len(change) and change["change"].min() < 0:
        r = change.loc[change["change"].idxmin()]
        falling = int((change["change"] < 0).sum())
        out.append(
            f"与上年相比，{falling}个单位综合得分下降，降幅最大的是{r['unit_name']}，"
            f"下降{points(results, -r['change'])}分，"
            f"名次由第{int(r['previous_rank'])}名变为第{int(r['rank'])}名。"
        )
    themes = _summary_paragraph(results, "problem")
    if themes:
        out.append(themes)
    rectification = rectification_paragraph(results)
    if rectification:
        out.append(rectification)
    return out


def _low_sectors(results: YearResults) -> list[str]:
    line = low_line(results)
    if line is None:
        return []
    rows = results.scored_sectors()
    found = []
    for code, name in SECTORS.items():
        scored = rows[rows["sector"] == code]
        low = scored[[Fraction(str(v)) < Fraction(str(line)) for v in scored["sector_score"]]]
        if len(low) >= LOW_UNITS:
            low = low.sort_values(["sector_score", "unit_name"])
            share = Fraction(len(low), len(scored))
            found.append((share, len(low), name, list(low["unit_name"]), len(scored)))
    found.sort(key=lambda f: (-f[0], -f[1]))
    return [
        f"{name}板块（{len(units)}个，占该板块参评单位的{_percent(share)}：{_names(units)}）"
        for share, _, name, units, _ in found
    ]


def _lowest_grades(results: YearResults) -> str:
    comp = results.composite
    parts = []
    for grade in reversed(results.grade_names[2:]):
        rows = comp[comp["grade"] == grade].sort_values(["composite", "unit_name"])
        if len(rows):
            names = [f"{r.unit_name}（{points(results, r.composite)}分）" for r in rows.itertuples()]
            parts.append(f"等次为{_grade(grade)}的有{len(rows)}个：{'、'.join(names)}")
    return "；".join(parts) + "。" if parts else ""


def _deductions(results: YearResults) -> str:
    rows = results.deductions
    if rows.empty:
        return ""
    total = sum((Fraction(str(v)) for v in rows["points"]), Fraction(0))
    cases = [
        f"{_own(results.names.get(r.unit_id, r.unit_id), r.reason)}"
        f"（{r.category}，{r.doc_no}，扣{points(results, r.points)}分）"
        for r in rows.itertuples()
    ]
    listing = "；".join(cases[: LIST_NAMES * 2])
    more = f"；另有{len(cases) - LIST_NAMES * 2}件，详见附件" if len(cases) > LIST_NAMES * 2 else ""
    return (
        f"考评期内，{rows['unit_id'].nunique()}个单位被通报或问责{len(rows)}件，"
        f"合计扣{points(results, total)}分。"
        f"具体为：{listing}{more}。"
    )


def _summary_paragraph(results: YearResults, kind: str) -> str:
    """What the work summaries say: highlights quoted from the best-ranked units that wrote
    some; problems by the recurring themes of the rules file's ``[review.problem_themes]`` (the
    June 审核汇总表's digest), each with its number of units and an example."""
    points_ = results.summary_points
    if points_.empty:
        return ""
    rows = points_[points_["kind"] == kind].dropna(subset=["text"])
    if rows.empty:
        return ""
    n_units = rows["unit_id"].nunique()
    if kind == "highlight":
        opening = f"从各单位报送的工作总结看，{n_units}个单位总结了创新亮点"
    else:
        opening = f"各单位工作总结中自查发现的问题涉及{n_units}个单位"
    themes = summary_themes(results, rows) if kind == "problem" else []
    if not themes:
        ranked = results.composite.sort_values(["rank_group", "rank"], kind="stable")["unit_id"].tolist()
        order = {u: i for i, u in enumerate(ranked)}
        firsts = rows.drop_duplicates("unit_id")
        examples = firsts.iloc[
            sorted(range(len(firsts)), key=lambda i: order.get(firsts["unit_id"].iloc[i], 1e9))
        ]
        quotes = "；".join(
            f"{results.names.get(r.unit_id, r.unit_id)}：“{_quote(r.text)}”"
            for r in examples.head(QUOTED_UNITS).itertuples()
        )
        return f"{opening}，如{quotes}。"
    parts = []
    for i, (theme, n, example_unit, example) in enumerate(themes):
        who = results.names.get(example_unit, example_unit)
        parts.append(f"{NUMERALS[i]}是{theme}（{n}个单位），如{who}：“{_quote(example)}”")
    return f"{opening}，主要集中在：" + "；".join(parts) + "。"


def summary_themes(
    results: YearResults, rows: pd.DataFrame, limit: int = 4
) -> list[tuple[str, int, str, str]]:
    """The recurring problem themes of the summaries, by the rules file's ``[review]`` table.

    Returns:
        Up to ``limit`` of (theme, number of units, an example unit, its sentence), most units
        first; none when the rules file has no ``[review]`` table.
    """
    from sunshine_analysis.review.audit import problem_themes
    from sunshine_analysis.review.config import review_rules

    if "review" not in results.rules.extra:
        return []
    table = problem_themes(rows, results.units, review_rules(results.rules))
    out = []
    for r in table.head(limit).itertuples():
        unit = rows.loc[rows["text"] == r.example, "unit_id"].iloc[0]  # who wrote the example
        out.append((r.theme, int(r.n_units), unit, r.example))
    return out


def _quote(text: str) -> str:
    first = re.split(r"(?<=[。；！？])", str(text).strip(), maxsplit=1)[0].rstrip("。；")
    first = first.replace("“", "‘").replace("”", "’")  # quoted inside “…”
    return first if len(first) <= QUOTE_CHARS else first[:QUOTE_CHARS] + "……"


def rectification_paragraph(results: YearResults) -> str:
    """The rectification of the supervision notices' items, from the register (empty when none).

    Counts the items the notices listed by their reported state, names the units with items
    not yet rectified, and mentions items units reported that were not listed.
    """
    rect = results.rectification
    if rect.empty:
        return ""
    listed_mask = rect["listed"].astype(str).str.lower() == "true"
    listed = rect[listed_mask]
    extra = rect[~listed_mask]
    text = ""
    if len(listed):
        states = listed["rectification"].value_counts()
        counts = "、".join(f"{s}{int(states.get(s, 0))}项" for s in RECTIFICATION_STATES if s != NOT_REPORTED)
        if states.get(NOT_REPORTED, 0):
            counts += f"，未报告整改情况的{int(states[NOT_REPORTED])}项"
        text = (
            f"督办整改方面，市“阳光办”向{listed['unit_id'].nunique()}个单位发出督办通知，"
            f"列出需整改的台账事项{len(listed)}项。据整改情况登记表，{counts}。"
        )
        still = listed[listed["rectification"] != RECTIFIED]
        if len(still):
            per_unit = still.groupby("unit_id", sort=False).agg(
                unit_name=("unit_name", "first"), n=("item", "size")
            )
            names = [f"{r.unit_name}（{r.n}项）" for r in per_unit.itertuples()]
            text += f"尚未整改到位的有{_names(names)}。"
        else:
            text += "督办事项已全部整改到位。"
    if len(extra):
        who = _names(list(dict.fromkeys(extra["unit_name"])))
        text += f"另有{len(extra)}项未列入督办的事项，由{who}主动报告了整改情况。"
    return text


# --- 四、下一步工作建议 ---------------------------------------------------------------------------


def recommendations(results: YearResults) -> list[str]:
    """Advice drawn from the weak points, the units to follow up, and the examples to spread."""
    out = []
    weak = weakest_items(results)
    sectors = _sector_means(results)
    if len(weak) or len(sectors) > 1:
        targets = []
        if len(sectors) > 1:
            targets.append(f"{sectors[-1][0]}板块")
        targets += [f"{SECTORS.get(r.sector, r.sector)}「{r.item}」" for r in weak.itertuples()]
        out.append(
            f"（一）聚焦薄弱环节补短板。针对{'、'.join(targets)}等失分较多的方面，由各板块牵头单位梳理共性问题，"
            "逐项明确规范提升措施，加强业务培训和具体指导。"
        )
    comp = results.composite
    follow = list(comp[comp["grade"].isin(results.grade_names[2:])].sort_values("composite")["unit_name"])
    deducted = [n for n in comp.loc[comp["deduction"] > 0, "unit_name"] if n not in follow]
    rect = results.rectification
    open_units: list[str] = []
    if not rect.empty:
        listed = rect[rect["listed"].astype(str).str.lower() == "true"]
        open_units = list(dict.fromkeys(listed.loc[listed["rectification"] != RECTIFIED, "unit_name"]))
    if follow or deducted or open_units:
        who = []
        if follow:
            who.append(f"对等次较低的{_names(follow)}")
        if deducted:
            who.append(f"对被通报扣分的{_names(deducted)}")
        text = f"（{NUMERALS[len(out)]}）抓好问题整改落实。" + "，".join(who)
        text += "，要督促其对照考评反馈逐项整改" if who else ""
        if open_units:
            text += (
                "；" if who else ""
            ) + f"{_names(open_units)}尚未整改到位的督办事项，要跟踪督办、逐项销号"
        out.append(text + "。")
    innovation = results.innovation
    awarded = innovation[innovation["bonus"].astype(float) > 0] if not innovation.empty else innovation
    examples = list(dict.fromkeys(results.names.get(u, u) for u in awarded["unit_id"]))
    best = list(
        comp.sort_values(["rank_group", "rank", "unit_name"])
        .groupby("rank_group", sort=False)
        .head(1)["unit_name"]
    )
    spread = list(dict.fromkeys([*best, *examples]))
    if spread:
        out.append(
            f"（{NUMERALS[len(out)]}）推广典型经验。总结推广{_names(spread)}的好经验、好做法，"
            "以点带面，推动“阳光漯河”建设整体提升。"
        )
    out.append(
        f"（{NUMERALS[len(out)]}）完善考评机制。坚持日常督导与年度考评相结合，把问题整改落实情况纳入下一年度考评，"
        "进一步提高考评工作的针对性和实效性。"
    )
    return out
