"""Render: the July products from a year's results.

:mod:`.tables` shapes the report tables, :mod:`.sentences` writes the prose from the data,
:mod:`.html` escapes them for the notebooks, :mod:`.brief` holds a unit's own tables and the
rule that keeps group statistics anonymous, :mod:`.charts` draws, :mod:`.page` wraps a page,
:mod:`.workbook` writes ``results.xlsx``, :mod:`.index` the office's ``index.html`` of them all,
:mod:`.notebooks` runs the notebooks and :mod:`.build` is ``sunshine report``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ReportError", "build_report"]


def __getattr__(name: str) -> Any:
    """``ReportError`` and ``build_report`` from :mod:`.build`, imported on first use.

    A notebook kernel imports :mod:`.charts` or :mod:`.tables` through this package; importing
    :mod:`.build` eagerly would load nbformat and jsonschema there, seconds of every report.
    """
    if name in __all__:
        from sunshine_analysis.render import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
