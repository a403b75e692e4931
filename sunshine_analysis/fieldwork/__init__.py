"""Fieldwork: the June steps of the work plan, before the July report.

:mod:`.folder` reads a year's June materials, :mod:`.submissions` checks the work summaries and
status tables, :mod:`.supervision` lists the units for 督办通知 and drafts them, and
:mod:`.sampling` draws the field-visit plan, reproducibly and verifiably. Their settings are the
rules file's ``[submissions]``, ``[supervision]`` and ``[sampling]`` tables (:mod:`.config`).
"""

from sunshine_analysis.fieldwork.sampling import draw_plan
from sunshine_analysis.fieldwork.submissions import check_submissions
from sunshine_analysis.fieldwork.supervision import supervise

__all__ = ["check_submissions", "draw_plan", "supervise"]
