"""Scoring: docs/domain.md §3 in exact arithmetic, step by step.

:mod:`.raters` totals and trims raters, :mod:`.bonuses` prices innovation results, publicity
and deductions, :mod:`.engine` takes the means over one common denominator to the composite,
:mod:`.ranking` ranks and grades; :mod:`.explain` shows one unit's score adding up,
:mod:`.robustness` how firm the ranks are, :mod:`.years` the years side by side, and
:mod:`.run` scores a raw folder.
"""

from sunshine_analysis.scoring.bonuses import count_publicity
from sunshine_analysis.scoring.engine import Scores, score_year
from sunshine_analysis.scoring.ranking import grade, rank_within_groups
from sunshine_analysis.scoring.raters import trim_raters

__all__ = ["Scores", "count_publicity", "grade", "rank_within_groups", "score_year", "trim_raters"]
