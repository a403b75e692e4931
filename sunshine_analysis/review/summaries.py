"""Highlights (创新亮点) and problems (存在问题) taken from the units' work summaries."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.outputs.contract import SUMMARY_POINTS


def summary_points(raw_dir: str | Path, rules: Rules) -> pd.DataFrame:
    """One row per sentence under a highlight or problem heading (:data:`SUMMARY_POINTS`).

    Stub: empty until the summaries are read.
    """
    return pd.DataFrame({c: pd.Series(dtype="object") for c in SUMMARY_POINTS})
