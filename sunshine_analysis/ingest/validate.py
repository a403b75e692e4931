"""The checks of parsed score sheets, vectorised, each problem with its file, sheet, row and column.

Stage by stage: a score cell must be a number (not text, not an Excel error value, not
empty) within 0 and its item's maximum; a row's items must add up to the total the sheet
gives; a (unit, sector, sub-unit, rater) may be scored once; a sheet's item maxima must add
up to the sector's maximum. Then, on the tidy inputs (:func:`check_scorable`), what the rules
need: scores in ticks, known ratings, levels and categories, and coverage (every
participating unit scored or exempt, nobody scored outside its sectors). This is the one
place inputs are validated; the scoring engine calls :func:`check_scorable` as its guard.
"""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.exact import TICK_DECIMALS, floats_to_ticks
from sunshine_analysis.ingest.inputs import YearInputs, participation
from sunshine_analysis.ingest.normalise import is_excel_error, is_external_formula
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import Problems, offending_rows

_KEY = ["unit_id", "sector", "sub_unit", "rater"]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_SECTOR = ["unit_id", "sector"]


def check_cells(cells: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """Report every score cell that is not a number within its item's range.

    Returns:
        The valid cells as item scores (:data:`contract.ITEM_SCORES`).
    """
    missing = cells["score"].isna()
    for r in offending_rows(cells[missing]):
        if r.found == "（空）":
            message = "分值缺失"
        elif is_excel_error(r.found):
            message = "单元格是 Excel 错误值，不是分数"
        elif is_external_formula(r.found):
            message = "分值是引用其他工作簿的公式（外部链接），不是本表中的分数"
        else:
            message = "分值不是数字"
        _add(problems, r, message, r.column, r.found, f"0 到 {r.max_score:g} 之间的数字")
    outside = ~missing & ((cells["score"] < 0) | (cells["score"] > cells["max_score"]))
    for r in offending_rows(cells[outside]):
        message = "分值为负数" if r.score < 0 else "分值超过该项满分"
        _add(problems, r, message, r.column, r.found, f"0 到 {r.max_score:g} 之间")
    return cells.loc[~missing & ~outside, contract.ITEM_SCORES].reset_index(drop=True)


def check_totals(rows: pd.DataFrame, problems: Problems, tolerance: float) -> None:
    """Report every row whose item scores do not add up to the total it gives, to within the
    rules' ``sector.total_tolerance`` (docs/domain.md §3.3)."""
    given = rows[(rows["total_column"] != "") & (rows["total_found"] != "（空）") & rows["item_sum"].notna()]
    wrong = given["total"].isna() | ((given["total"] - given["item_sum"]).abs() >= tolerance - 1e-9)
    for r in offending_rows(given[wrong]):
        if math.isnan(r.total):
            message = "总分是 Excel 错误值" if is_excel_error(r.total_found) else "总分不是数字"
        else:
            message = "各项得分之和与总分不一致"
        _add(problems, r, message, r.total_column, r.total_found, f"{r.item_sum:.2f}（各项之和）")


def check_duplicates(rows: pd.DataFrame, exemptions: pd.DataFrame, problems: Problems) -> None:
    """Report every (unit, sector, sub-unit, rater) scored or exempted more than once."""
    exempt = exemptions.assign(sub_unit="", rater="", unit_text="", unit_column="")
    both = pd.concat([rows, exempt], ignore_index=True)
    repeated = both.duplicated(_KEY)
    if not repeated.any():  # the usual case: skip building the lookup of first occurrences
        return
    first = both.drop_duplicates(_KEY).set_index(_KEY)
    for r in offending_rows(both[repeated]):
        seen = first.loc[(r.unit_id, r.sector, r.sub_unit, r.rater)]
        who = "、".join(x for x in (r.unit_text, r.sub_unit, r.rater and f"评分人{r.rater}") if x)
        problems.add(
            r.source_file,
            f"同一单位在{SECTORS.get(r.sector, r.sector)}板块重复评分",
            sheet=r.source_sheet,
            row=r.source_row,
            column=r.unit_column,
            found=who or r.unit_id,
            expected=f"只出现一次（已见于 {seen.source_file} 第 {seen.source_row} 行）",
        )


def check_maxima(
    items: dict[str, float], sector_max: float, file: str, sheet: str, problems: Problems
) -> None:
    """Report a sheet whose item maxima do not add up to the sector's maximum."""
    total = math.fsum(items.values())
    if abs(total - sector_max) > 1e-9:
        problems.add(
            file,
            "各评分项满分之和与板块满分不符",
            sheet=sheet,
            column="、".join(f"{k}({v:g}分)" for k, v in items.items()),
            found=f"{total:g}",
            expected=f"{sector_max:g}",
        )


def _add(problems: Problems, r: object, message: str, column: str, found: str, expected: str) -> None:
    problems.add(r.source_file, message, sheet=r.source_sheet, row=r.source_row, column=column, found=found,
                 expected=expected)  # fmt: skip


def check_scorable(inputs: YearInputs, rules: Rules) -> Problems:
    """Everything the rules need of a year's tidy inputs, checked at once.

    Every score is a number of at most :data:`TICK_DECIMALS` decimals; every rating,
    publicity level and deduction category is one the rules give points for; and the
    scores fit the registry's sectors: a unit that takes part in a sector needs item scores
    there or an exemption mark; a unit scored (or given an innovation result) in a sector it
    does not take part in, or both scored and exempt, is an error; so is a unit left with no
    sector to average.
    """
    problems = Problems()
    items = inputs.item_scores
    _, too_fine = floats_to_ticks(items["score"])
    for r in offending_rows(items[too_fine.to_numpy() | items["score"].isna().to_numpy()]):
        message = "分值缺失" if pd.isna(r.score) else "分值小数位过多"
        _add(problems, r, message, r.item, str(r.score), f"最多 {TICK_DECIMALS} 位小数的数字")
    _check_known(inputs.innovation, "rating", rules.innovation_bonus, "评定等次", problems)
    _check_known(inputs.publicity, "level", rules.publicity_points, "采用级别", problems)
    _check_known(inputs.deductions, "category", rules.deduction_points, "扣分类别", problems)
    for table in (inputs.publicity, inputs.deductions):
        _check_period(table, rules, problems)
    _check_repeats(inputs.publicity, ["unit_id", "title", "level"], "同一信息在同一级别重复列出", problems)
    listed = inputs.deductions[inputs.deductions["doc_no"].fillna("").astype(str).str.strip() != ""]
    _check_repeats(listed, ["unit_id", "doc_no"], "同一通报（单位和文号相同）重复列出", problems)
    scored = items.drop_duplicates(_SECTOR)[[*_SECTOR, "source_file", "source_row"]]
    problems.extend(_coverage(inputs.units, scored, inputs.exemptions, inputs.innovation))
    return problems


def _coverage(
    units: pd.DataFrame, scored: pd.DataFrame, exemptions: pd.DataFrame, innovation: pd.DataFrame
) -> Problems:
    # A year has a few hundred (unit, sector) pairs: plain sets say it all, quicker than merges.
    problems = Problems()
    names = dict(zip(units["unit_id"], units["unit_name"], strict=True))

    def said(unit_id: str, sector: str) -> str:
        return f"「{names.get(unit_id, unit_id)}」在{SECTORS.get(sector, sector)}板块"

    def first_source(table: pd.DataFrame) -> dict[tuple[str, str], tuple[str, object]]:
        found: dict[tuple[str, str], tuple[str, object]] = {}
        for key in zip(
            table["unit_id"], table["sector"], table["source_file"], table["source_row"], strict=True
        ):
            found.setdefault(key[:2], key[2:])
        return found

    part = list(participation(units).itertuples(index=False, name=None))
    taking_part = set(part)
    is_scored, is_exempt = first_source(scored), first_source(exemptions)
    for key in part:
        if key not in is_scored and key not in is_exempt:
            problems.add(
                "（汇总）",
                f"{said(*key)}参加考评，但没有任何评分，也没有免考标记",
                expected="该单位在该板块的评分，或「免考」「不参加」标记",
            )
    for key, (file, row) in [
        *is_scored.items(),
        *((k, v) for k, v in is_exempt.items() if k not in is_scored),
    ]:
        if key not in taking_part:
            problems.add(
                str(file),
                f"{said(*key)}有评分，但一览表中该单位不参加该板块",
                row=_int_or_none(row),
                found="评分" if key in is_scored else "免考标记",
                expected="一览表中该板块打 √，或删除该行",
            )
    for key in part:
        if key in is_scored and key in is_exempt:
            file, row = is_exempt[key]
            problems.add(
                str(file),
                f"{said(*key)}既有评分又标记免考",
                row=_int_or_none(row),
                expected="评分或免考，二者取一",
            )
    live = {unit for unit, sector in part if (unit, sector) not in is_exempt}
    for unit_id in units["unit_id"]:
        if unit_id not in live:
            problems.add(
                "（汇总）",
                f"「{names[unit_id]}」没有任何需要计分的板块（均免考或一览表中未勾选），无法计算综合得分",
                expected="至少一个板块的评分",
            )
    outside = [
        isinstance(s, str) and (u, s) not in taking_part
        for u, s in zip(innovation["unit_id"], innovation["sector"], strict=True)
    ]
    for r in offending_rows(innovation[outside]):
        problems.add(
            str(r.source_file),
            f"创新成果「{r.title}」填报在{said(r.unit_id, r.sector)}，但一览表中该单位不参加该板块",
            sheet=str(r.source_sheet),
            row=_int_or_none(r.source_row),
            column="所属板块",
            found=SECTORS.get(r.sector, str(r.sector)),
            expected="该单位参加的板块",
        )
    return problems


def _check_known(table: pd.DataFrame, column: str, known: dict, label: str, problems: Problems) -> None:
    for r in offending_rows(table[~table[column].isin(list(known))]):
        _add(problems, r, f"{label}不在评分细则中", label, str(getattr(r, column)), "、".join(known))


def _check_period(table: pd.DataFrame, rules: Rules, problems: Problems) -> None:
    """Report every dated entry outside the rules' evaluation period (``[period]``)."""
    period = f"{rules.period_start} 至 {rules.period_end}"
    # Dates are ISO text by now (2020-05-01), which compares as the dates do; an unreadable one
    # was reported already.
    start, end = rules.period_start.isoformat(), rules.period_end.isoformat()
    outside = [
        isinstance(d, str) and _ISO_DATE.match(d) is not None and not start <= d <= end for d in table["date"]
    ]
    for r in offending_rows(table[outside]):
        _add(
            problems,
            r,
            "日期不在本年度考评期内，不能计分",
            "日期",
            str(r.date),
            f"考评期 {period} 之内（评分细则 [period]）",
        )


def _check_repeats(table: pd.DataFrame, key: list[str], message: str, problems: Problems) -> None:
    """Report every entry listed again (same ``key``), naming the row where it was first listed."""
    repeated = table.duplicated(key, keep="first")
    if not repeated.any():
        return
    first = table[~repeated].set_index(key)[["source_file", "source_sheet", "source_row"]]
    for r in offending_rows(table[repeated]):
        seen = first.loc[tuple(getattr(r, k) for k in key)]
        found = "、".join(str(getattr(r, k)) for k in key[1:])
        where = f"{seen.source_file}「{seen.source_sheet}」第 {seen.source_row} 行"
        _add(problems, r, message, "", found, f"只列一次（已见于 {where}）")


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _member_key(name: object) -> str:
    """A sub-unit or plan member's name as compared: NFKC, no whitespace, 便民服务中心 dropped
    (a township's service centre is drawn under the township's name)."""
    text = "".join(unicodedata.normalize("NFKC", str(name)).split())
    return text.removesuffix("便民服务中心")


def check_sub_units(item_scores: pd.DataFrame, plan: pd.DataFrame) -> Problems:
    """Scored sub-units that are not members of the year's field plan, as warnings.

    A sheet scores a sampled unit on its sub-units (docs/domain.md §3.2); when a field plan
    was drawn for the year (``field_plan.csv`` of ``sunshine field-sample``), each sub-unit
    scored in a sector must be among the members the plan drew for that unit and sector. A
    warning, not an error: the teams may have had to visit a substitute (a village flooded,
    a department merged), which the office should see and explain, not be stopped by. One
    warning per (unit, sector, sub-unit), at its first row.

    Args:
        item_scores: :data:`contract.ITEM_SCORES`.
        plan: The field plan (unit_id, sector, member, …).

    Returns:
        The warnings, each naming file, sheet, row, the sub-unit and the plan's members.
    """
    warnings = Problems()
    scored = item_scores[item_scores["sub_unit"].fillna("").astype(str) != ""]
    scored = scored.drop_duplicates(["unit_id", "sector", "sub_unit"])
    members: dict[tuple[str, str], list[str]] = {}
    for unit_id, sector, member in plan[["unit_id", "sector", "member"]].itertuples(index=False, name=None):
        members.setdefault((unit_id, sector), []).append(str(member))
    for r in offending_rows(scored):
        drawn = members.get((r.unit_id, r.sector), [])
        if _member_key(r.sub_unit) in {_member_key(m) for m in drawn}:
            continue
        warnings.add(
            r.source_file,
            f"抽查单位不在本年度实地考评抽样方案中（{SECTORS.get(r.sector, r.sector)}）",
            sheet=r.source_sheet,
            row=r.source_row,
            column="抽查单位",
            found=str(r.sub_unit),
            expected="抽样方案抽取的：" + "、".join(drawn) if drawn else "抽样方案未对该单位该板块抽样",
        )
    return warnings
