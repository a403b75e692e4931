"""Scoring: docs/domain.md §3 in exact arithmetic, step by step.

:mod:`.raters` totals and trims raters, :mod:`.bonuses` prices innovation results, publicity
and deductions, :mod:`.engine` takes the means over one common denominator to the composite,
:mod:`.ranking` ranks and grades; :mod:`.explain` shows one unit's score adding up,
:mod:`.robustness` how firm the ranks are, :mod:`.years` the years side by side, and
:mod:`.run` scores a raw folder.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOME = {
    "Scores": "engine",
    "count_publicity": "bonuses",
    "grade": "ranking",
    "rank_within_groups": "ranking",
    "score_year": "engine",
    "trim_raters": "raters",
}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    """The names above from their modules, imported on first use.

    A report kernel needs only :mod:`.bonuses`' notes (through the render tables); importing
    :mod:`.engine` eagerly would load the ingest stage and pypinyin's dictionary there.
    """
    if name in _HOME:
        return getattr(import_module(f"sunshine_analysis.scoring.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
