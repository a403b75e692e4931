"""The key departments list (重点部门（单位）名单) for the field visits.

A unit is listed with every reason of ``[field_visits]`` that applies to it: it gets a
supervision notice (督办通知), its ledger completion is below the threshold, it has an
innovation result to verify on site, or it was graded so last year. Every threshold is the
rules file's.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.vocab import LABELS, SECTORS, UNIT_KINDS
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.review.audit import ledger_completion
from sunshine_analysis.review.config import FieldVisitRules

KEY_REASONS = ["unit_id", "unit_name", "unit_kind", "reason", "reason_name", "detail"]
"""Columns of :func:`key_departments`: one row per (unit, reason); ``reason_name`` is the
reason in Chinese with its threshold (台账完成率低于70%)."""

REASONS = ("supervision_notice", "ledger_completion", "innovation", "last_year_grade")
"""Reason codes, in the order a unit's reasons are listed."""


def _percent(share: Fraction) -> str:
    """A share as a whole percentage, half-up like every reported number.

    >>> _percent(Fraction(5, 8)), _percent(Fraction(7, 10))  # f"{0.625 * 100:.0f}%" gives 62%
    ('63%', '70%')
    """
    return f"{round_half_up(Fraction(share) * 100, 0)}%"


def _points(composite: object) -> str:
    """A composite as reported (read back from composite.csv), half-up to two decimals."""
    return str(round_half_up(Decimal(repr(float(composite))), 2))


def key_departments(
    units: pd.DataFrame,
    supervision: pd.DataFrame,
    ledgers: pd.DataFrame,
    innovation: pd.DataFrame,
    last_year: pd.DataFrame | None,
    settings: FieldVisitRules,
    year: int,
) -> pd.DataFrame:
    """The units to visit first, each with every reason that applies (:data:`KEY_REASONS`).

    Args:
        units: The registry (unit_id, unit_name, unit_kind); rows in its order.
        supervision: The supervision list's reasons (unit_id, reason, detail), as
            :func:`~sunshine_analysis.fieldwork.supervision.supervision_list` gives them.
        ledgers: The submissions check's ledgers (unit_id, items, done per sector).
        innovation: Innovation results (unit_id, title, sector code, rating).
        last_year: The previous year's composite (unit_id, composite, grade), or None when
            there is none; then no unit is listed for its grade.
        settings: ``[field_visits]``.
        year: The year reviewed (the previous one is named in the reason).
    """
    notices = supervision.groupby("unit_id")["detail"].agg("；".join)
    completion = ledger_completion(ledgers)
    results = innovation[innovation["rating"].isin(settings.innovation_ratings)]
    grades = last_year.set_index("unit_id") if last_year is not None else pd.DataFrame()
    rows = []
    for unit in units.itertuples():

        def add(code: str, name: str, detail: str, unit: tuple = unit) -> None:
            rows.append(
                {
                    "unit_id": unit.unit_id,
                    "unit_name": unit.unit_name,
                    "unit_kind": unit.unit_kind,
                    "reason": code,
                    "reason_name": name,
                    "detail": detail,
                }
            )

        if settings.supervision_notice and unit.unit_id in notices.index:
            add("supervision_notice", "收到督办通知", notices[unit.unit_id])
        if unit.unit_id in completion.index:
            share = completion.loc[unit.unit_id, "completion"]
            if share < settings.ledger_completion_below:
                add(
                    "ledger_completion",
                    f"台账完成率低于{_percent(settings.ledger_completion_below)}",
                    f"{completion.loc[unit.unit_id, 'items']}项台账事项中"
                    f"{completion.loc[unit.unit_id, 'done']}项已完成（{_percent(share)}），"
                    f"低于{_percent(settings.ledger_completion_below)}",
                )
        own = results[results["unit_id"] == unit.unit_id]
        if len(own):
            titles = (
                f"「{r.title}」（{SECTORS.get(r.sector, r.sector)}，{r.rating}）" for r in own.itertuples()
            )
            add("innovation", "创新成果需实地核实", "；".join(titles))
        grade = grades.loc[unit.unit_id, "grade"] if unit.unit_id in grades.index else None
        if grade in settings.last_year_grades:
            add(
                "last_year_grade",
                f"上年度考评等次为「{grade}」",
                f"{year - 1}年综合得分{_points(grades.loc[unit.unit_id, 'composite'])}，等次「{grade}」",
            )
    return pd.DataFrame(rows, columns=KEY_REASONS)


def key_department_sheets(reasons: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The 重点部门名单 workbook: one row per unit with its reasons, then one row per reason."""
    rows = []
    for _, group in reasons.groupby("unit_id", sort=False):
        first = group.iloc[0]
        rows.append(
            {
                "序号": len(rows) + 1,
                LABELS["unit_name"]: first["unit_name"],
                LABELS["unit_kind"]: UNIT_KINDS[first["unit_kind"]],
                "列入原因": "、".join(group["reason_name"]),
                "具体情况": "\n".join(
                    f"{r}：{d}" for r, d in zip(group["reason_name"], group["detail"], strict=True)
                ),
                "原因数": len(group),
            }
        )
    listed = pd.DataFrame(
        rows, columns=["序号", LABELS["unit_name"], LABELS["unit_kind"], "列入原因", "具体情况", "原因数"]
    )
    detail = pd.DataFrame(
        {
            LABELS["unit_name"]: reasons["unit_name"],
            LABELS["unit_kind"]: reasons["unit_kind"].map(UNIT_KINDS),
            "列入原因": reasons["reason_name"],
            "具体情况": reasons["detail"],
        }
    )
    return {"重点部门名单": listed, "列入原因明细": detail}


def last_year_composite(year: int, processed_root: Path, raw_root: Path) -> tuple[pd.DataFrame | None, str]:
    """The previous year's composite and where it came from.

    ``<processed_root>/<year-1>/composite.csv`` when there is one (as ``sunshine score`` wrote
    it); else the previous year's raw folder, scored now; else None.

    Returns:
        (unit_id, composite, grade) or None; a Chinese note naming the source.
    """
    from sunshine_analysis.scoring.years import read_composites

    previous = year - 1
    found = read_composites(processed_root, [previous]).get(previous)
    if found is not None:
        return found[["unit_id", "composite", "grade"]], f"{processed_root / str(previous) / 'composite.csv'}"
    raw = raw_root / str(previous)
    if raw.is_dir():
        from sunshine_analysis.scoring.run import score_folder

        _, scores = score_folder(raw, year=previous)
        composite = scores.composite[["unit_id", "composite", "grade"]]
        return composite, f"{raw}（按 {previous} 年细则重新计分）"
    return (
        None,
        f"未找到 {previous} 年的综合得分（{processed_root / str(previous)} 或 {raw}），未按上年等次筛选",
    )
