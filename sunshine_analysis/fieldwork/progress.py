"""How far each supervision notice's items were rectified, for the July products.

Apart from :mod:`.supervision`, which reads and checks the register, so that a report kernel
counting the states of ``rectification.csv`` (:func:`~sunshine_analysis.render.tables.rectification_table`)
does not load the ingest stage and pypinyin's dictionary.
"""

from __future__ import annotations

import pandas as pd

RECTIFICATION_STATES = ("已整改", "整改中", "未整改")
NOT_REPORTED = "未报告"

PROGRESS = [
    "unit_id",
    "unit_name",
    "items",
    "rectified",
    "in_progress",
    "not_rectified",
    "not_reported",
    "unlisted",
]
"""Columns of :func:`rectification_progress`."""


def rectification_progress(table: pd.DataFrame) -> pd.DataFrame:
    """Per notified unit, how far the items of its notice were rectified (:data:`PROGRESS`).

    ``items`` counts the notice's items (``listed``), split into ``rectified`` (已整改),
    ``in_progress`` (整改中), ``not_rectified`` (未整改) and ``not_reported`` (未报告), which add
    up to ``items``; ``unlisted`` counts the unit's registered items no notice asked for (自查
    整改), outside ``items``. Units in the order of ``table``.

    Args:
        table: A rectification table (:data:`RECTIFICATION`, as ``rectification.csv`` holds it).

    >>> table = pd.DataFrame({"unit_id": ["a", "a", "a", "b"], "unit_name": ["甲", "甲", "甲", "乙"],
    ...                       "listed": [True, True, False, True],
    ...                       "rectification": ["已整改", "未报告", "整改中", "整改中"]})
    >>> rectification_progress(table).drop(columns=["unit_id", "unit_name"]).values.tolist()
    [[2, 1, 0, 0, 1, 1], [1, 0, 1, 0, 0, 0]]
    """
    listed = table["listed"].astype(str).str.lower().isin(["true", "1"])
    states = {
        "rectified": RECTIFICATION_STATES[0],
        "in_progress": RECTIFICATION_STATES[1],
        "not_rectified": RECTIFICATION_STATES[2],
        "not_reported": NOT_REPORTED,
    }
    rows = []
    for unit_id, group in table.groupby("unit_id", sort=False):
        on_notice = group[listed.loc[group.index]]
        row = {"unit_id": unit_id, "unit_name": group["unit_name"].iloc[0], "items": len(on_notice)}
        row |= {col: int((on_notice["rectification"] == state).sum()) for col, state in states.items()}
        row["unlisted"] = len(group) - len(on_notice)
        rows.append(row)
    return pd.DataFrame(rows, columns=PROGRESS).astype(dict.fromkeys(PROGRESS[2:], "int64"))
