"""The public data contract: the tables ``sunshine score`` writes, column by column.

Other tools and the notebooks read these files; the column order here is the contract's
(DOMAIN.md §5). More columns may follow the listed ones, never precede them.
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
PUBLICITY = ["unit_id", "title", "level", "outlet", "date", *SOURCE]
DEDUCTIONS = ["unit_id", "category", "doc_no", "date", "reason", *SOURCE]

CONTRACT_FILES = {
    "units.csv": UNITS,
    "item_scores.csv": ITEM_SCORES,
    "sector_scores.csv": SECTOR_SCORES,
    "composite.csv": COMPOSITE,
}
