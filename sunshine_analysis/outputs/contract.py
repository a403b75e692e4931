"""The public data contract: the tables ``sunshine score`` writes, column by column.

Other tools and the notebooks read these files; the column order here is the contract's
(docs/domain.md §5). More columns may follow the listed ones, never precede them.
"""

from __future__ import annotations

UNITS = ["unit_id", "unit_name", "unit_kind", "rank_group", "sectors"]
ITEM_SCORES = [
    "unit_id",
    "sector",
    "item",
    "max_score",
    "sub_unit",
    "rater",
    "score",
    "source_file",
    "source_sheet",
    "source_row",
]
SECTOR_SCORES = ["unit_id", "sector", "base_score", "innovation_bonus", "sector_score"]
COMPOSITE = [
    "unit_id",
    "unit_name",
    "rank_group",
    "n_sectors",
    "sector_mean",
    "publicity_bonus",
    "deduction",
    "composite",
    "rank",
    "grade",
]

SOURCE = ["source_file", "source_sheet", "source_row"]
"""Where a tidy row came from; every input table carries these."""

# Tidy input tables besides the registry and the item scores.
EXEMPTIONS = ["unit_id", "sector", "mark", *SOURCE]
INNOVATION = ["unit_id", "sector", "title", "rating", *SOURCE]
SHORTLIST = ["unit_id", "title", "sector", *SOURCE]
"""The innovation shortlist (创新成果初选名单): ``sector`` is the sector written, when any."""
PUBLICITY = ["unit_id", "title", "level", "outlet", "date", *SOURCE]
DEDUCTIONS = ["unit_id", "category", "doc_no", "date", "reason", *SOURCE]

CONTRACT_FILES = {
    "units.csv": UNITS,
    "item_scores.csv": ITEM_SCORES,
    "sector_scores.csv": SECTOR_SCORES,
    "composite.csv": COMPOSITE,
}

RULES_COPY = "rules.toml"
"""The rules file used, copied beside the tables it scored, so that they are read with it."""

ROBUSTNESS_COLUMNS = [
    "unit_id",
    "unit_name",
    "rank_group",
    "composite",
    "rank",
    "variant_rank_min",
    "variant_rank_max",
    "boot_rank_low",
    "boot_rank_median",
    "boot_rank_high",
    "next_unit_id",
    "p_ahead_of_next",
    "indistinct_from_next",
]
"""Columns of ``robustness.csv``: per unit, its rank under the rule variants and the bootstrap."""

YEARS_COLUMNS = [
    "year",
    "unit_id",
    "unit_name",
    "rank_group",
    "composite",
    "rank",
    "grade",
    "status",
    "prev_year",
    "prev_composite",
    "prev_rank",
    "composite_change",
    "rank_change",
]
"""Columns of :func:`compare_years`.

``status`` is ``first`` (the earliest year compared), ``continuing``, ``new`` (not in the
previous year) or ``gone`` (in the previous year, not in this one: the row keeps the
previous values and leaves this year's empty). ``rank_change`` is the previous rank minus
this rank (+2: two places higher); it is empty when the unit changed rank group.
"""

SUMMARY_POINTS = ["unit_id", "kind", "heading", "text", "source_file"]
"""Columns of ``summary_points.csv``: sentences taken from the units' work summaries.

``kind`` is ``highlight`` (创新亮点) or ``problem`` (存在问题); ``heading`` the summary's heading
the sentence stood under; ``source_file`` the summary's path inside the raw folder.
"""

RECTIFICATION = [
    "unit_id",
    "unit_name",
    "sector",
    "item",
    "june_state",
    "listed",
    "rectification",
    "rectified_on",
    "note",
]
"""Columns of ``rectification.csv``: every ledger item a supervision notice asked to rectify,
with the state reported in the 整改情况登记表 (未报告 when nobody reported on it); reported
items that were not on the list are kept with ``listed`` False."""

DETAIL_FILES: dict[str, list[str]] = {
    "item_means.csv": ["unit_id", "sector", "item", "max_score", "mean_score", "lost"],
    "innovation.csv": ["unit_id", "sector", "title", "rating", "bonus"],
    "publicity.csv": ["unit_id", "title", "level", "outlet", "date", "points", "counted", "note"],
    "deductions.csv": ["unit_id", "category", "doc_no", "date", "reason", "points"],
    "explanations.csv": ["unit_id", "text"],
    "summary_points.csv": SUMMARY_POINTS,
    "rectification.csv": RECTIFICATION,
}
"""Report detail tables written beside the contract, with their columns."""

ANALYSIS_FILES: dict[str, list[str]] = {
    "robustness.csv": ROBUSTNESS_COLUMNS,
    "years.csv": YEARS_COLUMNS,
}
"""The analyses ``sunshine score`` writes beside the contract (rank robustness, years side by
side); optional here too, so that the report shows their sections only when they exist."""
