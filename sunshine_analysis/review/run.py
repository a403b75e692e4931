"""``sunshine review``: the June review of one raw folder, from the files to the workbooks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.fieldwork.config import supervision_rules
from sunshine_analysis.fieldwork.files import workbook_bytes
from sunshine_analysis.fieldwork.folder import read_folder
from sunshine_analysis.fieldwork.submissions import check_submissions
from sunshine_analysis.fieldwork.supervision import supervision_list
from sunshine_analysis.ingest.layout import sector_code
from sunshine_analysis.ingest.lists import parse_list
from sunshine_analysis.problems import InputError, Problems
from sunshine_analysis.review.audit import audit_table, problem_themes, review_sheets
from sunshine_analysis.review.config import field_visit_rules, review_rules
from sunshine_analysis.review.summaries import summary_points
from sunshine_analysis.review.visits import key_department_sheets, key_departments

AUDIT_FILE = "审核汇总表.xlsx"
KEY_FILE = "重点部门名单.xlsx"

INNOVATION = ["unit_id", "title", "sector", "rating"]


@dataclass
class Review:
    """The June review of one year: the tidy tables behind the two workbooks.

    Attributes:
        year: The year reviewed.
        points: The summaries' highlight and problem sentences (``SUMMARY_POINTS``).
        audit: One row per unit (:data:`~sunshine_analysis.review.audit.AUDIT`).
        themes: The recurring problem themes (:data:`~sunshine_analysis.review.audit.THEMES`).
        key_reasons: The key departments, one row per (unit, reason)
            (:data:`~sunshine_analysis.review.visits.KEY_REASONS`).
    """

    year: int
    points: pd.DataFrame
    audit: pd.DataFrame
    themes: pd.DataFrame
    key_reasons: pd.DataFrame


def read_innovation(raw_dir: str | Path, rules: Rules) -> pd.DataFrame:
    """The innovation results of a raw folder (:data:`INNOVATION`); empty when it has none yet.

    Raises:
        InputError: A result's unit or sector cannot be told.
    """
    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        raise InputError(problems.to_frame())
    frames = [
        parse_list(sheet, header, "innovation", folder.index, problems)
        for sheet, header in folder.of_kind("innovation")
    ]
    problems.raise_if_any()
    if not frames:
        return pd.DataFrame(columns=INNOVATION)
    found = pd.concat(frames, ignore_index=True)
    return found.assign(sector=found["sector"].map(lambda s: sector_code(s) or s))[INNOVATION]


def run_review(
    raw_dir: str | Path, rules: Rules, year: int, *, last_year: pd.DataFrame | None, notes: dict[str, str]
) -> Review:
    """Review one raw folder.

    Args:
        raw_dir: The year's raw folder.
        rules: The year's rules (``[submissions]``, ``[supervision]``, ``[review]``,
            ``[field_visits]``).
        year: The year.
        last_year: The previous year's composite (unit_id, composite, grade), or None.
        notes: Reviewer's notes by unit name, carried into the new 审核汇总表.

    Raises:
        InputError: Every problem of the folder's June materials, at once.
        RulesError: A table of the rules file is malformed.
    """
    settings, visits = review_rules(rules), field_visit_rules(rules)
    check = check_submissions(raw_dir, rules, year)
    units = check.submissions.drop_duplicates("unit_id")[["unit_id", "unit_name", "unit_kind"]]
    points = summary_points(raw_dir, rules)
    supervision = supervision_list(check, supervision_rules(rules))
    innovation = read_innovation(raw_dir, rules)
    return Review(
        year=year,
        points=points,
        audit=audit_table(units, check.summaries, points, check.ledgers, notes),
        themes=problem_themes(points, units, settings),
        key_reasons=key_departments(
            units,
            supervision.reasons,
            check.ledgers,
            innovation,
            last_year,
            visits,
            year,
        ),
    )


def review_files(review: Review) -> dict[str, bytes]:
    """The 审核汇总表 and the 重点部门名单 workbooks."""
    titles = {"重点部门名单": f"{review.year}年“阳光漯河”建设实地考评重点部门（单位）名单"}
    return {
        AUDIT_FILE: workbook_bytes(review_sheets(review.audit, review.themes, review.points)),
        KEY_FILE: workbook_bytes(key_department_sheets(review.key_reasons), titles=titles, secret=True),
    }
