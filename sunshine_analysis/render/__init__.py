"""Render: the July products from a year's results.

:mod:`.tables` shapes the report tables, :mod:`.sentences` writes the prose from the data,
:mod:`.html` escapes them for the notebooks, :mod:`.brief` holds a unit's own tables and the
rule that keeps group statistics anonymous, :mod:`.charts` draws, :mod:`.page` wraps a page,
:mod:`.workbook` writes ``results.xlsx``, :mod:`.index` the office's ``index.html`` of them all,
:mod:`.notebooks` runs the notebooks and :mod:`.build` is ``sunshine report``.
"""

from sunshine_analysis.render.build import ReportError, build_report

__all__ = ["ReportError", "build_report"]
