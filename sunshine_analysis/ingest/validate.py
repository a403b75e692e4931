"""The checks of parsed score sheets, vectorised, each problem with its file, sheet, row and column.

Stage by stage: a score cell must be a number (not text, not an Excel error value, not
empty) within 0 and its item's maximum; a row's items must add up to the total the sheet
gives; a (unit, sector, sub-unit, rater) may be scored once; a sheet's item maxima must add
up to the sector's maximum. Coverage (every participating unit scored or exempt, nobody
scored outside its sectors) is the scoring module's rule, called by the ingest.
"""

from __future__ import annotations

import math

import pandas as pd

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest.normalise import is_excel_error
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import Problems

TOTAL_TOLERANCE = 0.01
"""Items and the given total must agree to this (DOMAIN.md §3.3)."""
_KEY = ["unit_id", "sector", "sub_unit", "rater"]


def check_cells(cells: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """Report every score cell that is not a number within its item's range.

    Returns:
        The valid cells as item scores (:data:`contract.ITEM_SCORES`).
    """
    missing = cells["score"].isna()
    for r in cells[missing].itertuples():
        if r.found == "（空）":
            message = "分值缺失"
        elif is_excel_error(r.found):
            message = "单元格是 Excel 错误值，不是分数"
        else:
            message = "分值不是数字"
        _add(problems, r, message, r.column, r.found, f"0 到 {r.max_score:g} 之间的数字")
    outside = ~missing & ((cells["score"] < 0) | (cells["score"] > cells["max_score"]))
    for r in cells[outside].itertuples():
        message = "分值为负数" if r.score < 0 else "分值超过该项满分"
        _add(problems, r, message, r.column, r.found, f"0 到 {r.max_score:g} 之间")
    return cells.loc[~missing & ~outside, contract.ITEM_SCORES].reset_index(drop=True)


def check_totals(rows: pd.DataFrame, problems: Problems) -> None:
    """Report every row whose item scores do not add up to the total it gives."""
    given = rows[(rows["total_column"] != "") & (rows["total_found"] != "（空）") & rows["item_sum"].notna()]
    wrong = given["total"].isna() | ((given["total"] - given["item_sum"]).abs() >= TOTAL_TOLERANCE - 1e-9)
    for r in given[wrong].itertuples():
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
    for r in both[repeated].itertuples():
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
