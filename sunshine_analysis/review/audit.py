"""The review summary table (审核汇总表) and the digest of recurring problem themes.

Tidy tables first (:func:`audit_table`, :func:`problem_themes`); :func:`review_sheets` gives them
Chinese headers for the workbook the office edits. The reviewer's notes already written in a
previous 审核汇总表 are carried into the new one (:func:`reviewer_notes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.vocab import LABELS, UNIT_KINDS
from sunshine_analysis.review.config import ReviewRules

AUDIT = [
    "unit_id",
    "unit_name",
    "unit_kind",
    "file",
    "characters",
    "limit",
    "over_by",
    "highlights",
    "problems",
    "ledger_items",
    "ledger_done",
    "completion",
    "note",
]
"""Columns of :func:`audit_table`: one row per unit of the registry."""

THEMES = ["theme", "n_units", "unit_names", "unit_ids", "example"]
"""Columns of :func:`problem_themes`."""

KIND_NAMES = {"highlight": "创新亮点", "problem": "存在问题"}
NOTE = "审核意见"
"""The reviewer's column of the 审核汇总表, kept from one run to the next."""
AUDIT_SHEET = "审核汇总"


def ledger_completion(ledgers: pd.DataFrame) -> pd.DataFrame:
    """Per unit: ledger items over all sectors, those 已完成, and the share done (exact).

    >>> ledgers = pd.DataFrame({"unit_id": ["a", "a"], "items": [4, 6], "done": [4, 3]})
    >>> ledger_completion(ledgers).loc["a", "completion"]
    Fraction(7, 10)
    """
    totals = ledgers.groupby("unit_id")[["items", "done"]].sum()
    totals = totals[totals["items"] > 0]
    return totals.assign(
        completion=[Fraction(int(d), int(n)) for d, n in zip(totals["done"], totals["items"], strict=True)]
    )


def _numbered(texts: list[str]) -> str:
    return "\n".join(f"{i}. {t}" for i, t in enumerate(texts, 1)) if len(texts) > 1 else "".join(texts)


def audit_table(
    units: pd.DataFrame,
    summaries: pd.DataFrame,
    points: pd.DataFrame,
    ledgers: pd.DataFrame,
    notes: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per registry unit (:data:`AUDIT`), in the registry's order.

    Args:
        units: The registry (unit_id, unit_name, unit_kind).
        summaries: The submissions check's summaries (unit_id, file, characters, limit).
        points: :func:`~sunshine_analysis.review.summaries.summary_points`.
        ledgers: The submissions check's ledgers (unit_id, items, done per sector).
        notes: Reviewer's notes by unit name, carried over from an earlier table.
    """
    by_unit = summaries.set_index("unit_id")
    ledger = ledger_completion(ledgers)
    texts = {
        (unit_id, kind): group["text"].tolist()
        for (unit_id, kind), group in points.groupby(["unit_id", "kind"])
    }
    rows = []
    for unit in units.itertuples():
        summary = by_unit.loc[unit.unit_id] if unit.unit_id in by_unit.index else None
        done = ledger.loc[unit.unit_id] if unit.unit_id in ledger.index else None
        rows.append(
            {
                "unit_id": unit.unit_id,
                "unit_name": unit.unit_name,
                "unit_kind": unit.unit_kind,
                "file": "" if summary is None else summary["file"],
                "characters": None if summary is None else int(summary["characters"]),
                "limit": None if summary is None else int(summary["limit"]),
                "over_by": None
                if summary is None
                else max(0, int(summary["characters"]) - int(summary["limit"])),
                "highlights": _numbered(texts.get((unit.unit_id, "highlight"), [])),
                "problems": _numbered(texts.get((unit.unit_id, "problem"), [])),
                "ledger_items": None if done is None else int(done["items"]),
                "ledger_done": None if done is None else int(done["done"]),
                "completion": None if done is None else done["completion"],
                "note": (notes or {}).get(unit.unit_name, ""),
            }
        )
    counts = ["characters", "limit", "over_by", "ledger_items", "ledger_done"]
    return pd.DataFrame(rows, columns=AUDIT).astype(dict.fromkeys(counts, "Int64"))


def problem_themes(points: pd.DataFrame, units: pd.DataFrame, settings: ReviewRules) -> pd.DataFrame:
    """The problem themes that recur across units (:data:`THEMES`).

    A problem sentence belongs to every theme of ``settings.problem_themes`` it has a word of;
    a theme is listed when at least ``settings.recurring_min_units`` units have such a sentence.
    Themes with more units come first (ties in the rules file's order); units in the registry's
    order; the example is the first such sentence.
    """
    problems = points[points["kind"] == "problem"]
    order = {u: i for i, u in enumerate(units["unit_id"])}
    names = units.set_index("unit_id")["unit_name"]
    rows = []
    for theme, words in settings.problem_themes.items():
        hits = problems[problems["text"].map(lambda text, words=words: any(w in text for w in words))]
        unit_ids = sorted(set(hits["unit_id"]) & set(order), key=order.__getitem__)
        if len(unit_ids) < settings.recurring_min_units:
            continue
        rows.append(
            {
                "theme": theme,
                "n_units": len(unit_ids),
                "unit_names": "、".join(names[u] for u in unit_ids),
                "unit_ids": ";".join(unit_ids),
                "example": hits["text"].iloc[0],
            }
        )
    table = pd.DataFrame(rows, columns=THEMES)
    return table.sort_values("n_units", ascending=False, kind="stable").reset_index(drop=True)


def _percent(share: object) -> str:
    # Display only; the list of key departments compares the exact fraction.
    return "" if share is None or share is pd.NA else f"{float(share) * 100:.0f}%"  # type: ignore[arg-type]


def review_sheets(audit: pd.DataFrame, themes: pd.DataFrame, points: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The 审核汇总表's sheets, Chinese headers, in reading order."""
    names = audit.set_index("unit_id")["unit_name"]
    summary = pd.DataFrame(
        {
            LABELS["unit_name"]: audit["unit_name"],
            LABELS["unit_kind"]: audit["unit_kind"].map(UNIT_KINDS),
            "工作总结": audit["file"],
            "字数": audit["characters"],
            "字数上限": audit["limit"],
            "超出字数": audit["over_by"],
            "创新亮点": audit["highlights"],
            "存在问题": audit["problems"],
            "台账事项数": audit["ledger_items"],
            "已完成": audit["ledger_done"],
            "台账完成率": audit["completion"].map(_percent),
            NOTE: audit["note"],
        }
    )
    digest = themes.drop(columns="unit_ids").rename(
        columns={"theme": "问题主题", "n_units": "提及单位数", "unit_names": "提及的单位", "example": "例句"}
    )
    extracts = pd.DataFrame(
        {
            LABELS["unit_name"]: points["unit_id"].map(names),
            "类型": points["kind"].map(KIND_NAMES),
            "所在标题": points["heading"],
            "原文": points["text"],
            "文件": points["source_file"],
        }
    )
    return {AUDIT_SHEET: summary, "问题主题": digest, "亮点和问题原文": extracts}


def reviewer_notes(path: str | Path) -> dict[str, str]:
    """The reviewer's notes (审核意见) of an earlier 审核汇总表, by unit name; none when there is
    no such file or it cannot be read as one."""
    from sunshine_analysis.ingest.read import read_sheets
    from sunshine_analysis.outputs.formulas import restore_text

    path = Path(path)
    if not path.is_file():
        return {}
    try:
        sheets = read_sheets(path)
    except Exception:  # not ours any more; a new table is written with empty notes
        return {}
    for sheet in sheets:
        if sheet.name != AUDIT_SHEET or not sheet.rows:
            continue
        header = [str(c).strip() for c in sheet.rows[0]]
        if LABELS["unit_name"] not in header or NOTE not in header:
            return {}
        unit_col, note_col = header.index(LABELS["unit_name"]), header.index(NOTE)
        notes = {}
        for row in sheet.rows[1:]:
            if len(row) > max(unit_col, note_col) and str(row[note_col]).strip():
                notes[str(restore_text(row[unit_col]))] = str(restore_text(row[note_col]))
        return notes
    return {}
