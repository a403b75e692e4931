"""Fieldwork: the June steps of the work plan, before the July report.

:mod:`.folder` reads a year's June materials, :mod:`.submissions` checks the work summaries and
status tables, :mod:`.supervision` lists the units for 督办通知 and drafts them, and
:mod:`.sampling` draws the field-visit plan, reproducibly and verifiably. Their settings are the
rules file's ``[submissions]``, ``[supervision]`` and ``[sampling]`` tables (:mod:`.config`).
:mod:`.progress` counts the rectified items for the July products.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOME = {"check_submissions": "submissions", "draw_plan": "sampling", "supervise": "supervision"}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    """The names above from their modules, imported on first use.

    A report kernel needs only :mod:`.progress`; importing the others eagerly would load the
    ingest stage and pypinyin's dictionary there.
    """
    if name in _HOME:
        return getattr(import_module(f"sunshine_analysis.fieldwork.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
