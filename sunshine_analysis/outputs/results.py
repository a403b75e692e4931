"""Load a year's contract tables (as ``sunshine score`` wrote them) for notebooks and reports.

Besides the contract and its analyses, ``sunshine report`` writes five detail tables into the
same folder (:data:`DETAIL_FILES`): item means with the points lost, innovation results,
publicity adoptions, deductions with their reasons, and each unit's explained score. They are
optional here: a folder written by ``sunshine score`` alone loads with those tables empty, and
the report leaves out what they feed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis.config import paths
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.outputs.formulas import restore_formulas
from sunshine_analysis.scoring.robustness import ROBUSTNESS_COLUMNS
from sunshine_analysis.scoring.years import YEARS_COLUMNS

_DTYPES = {"unit_id": "string", "sub_unit": "string", "rater": "string", "rank": "Int64"}

DETAIL_FILES: dict[str, list[str]] = {
    "item_means.csv": ["unit_id", "sector", "item", "max_score", "mean_score", "lost"],
    "innovation.csv": ["unit_id", "sector", "title", "rating", "bonus"],
    "publicity.csv": ["unit_id", "title", "level", "outlet", "date", "points", "counted", "note"],
    "deductions.csv": ["unit_id", "category", "doc_no", "date", "reason", "points"],
    "explanations.csv": ["unit_id", "text"],
}
"""Report detail tables written beside the contract, with their columns."""

ANALYSIS_FILES: dict[str, list[str]] = {
    "robustness.csv": ROBUSTNESS_COLUMNS,
    "years.csv": YEARS_COLUMNS,
}
"""The analyses ``sunshine score`` writes beside the contract (rank robustness, years side by
side); optional here too, so that the report shows their sections only when they exist."""


@dataclass
class YearResults:
    """The data contract's tables of one year, read back from ``processed_dir``."""

    year: int
    units: pd.DataFrame
    item_scores: pd.DataFrame
    sector_scores: pd.DataFrame
    composite: pd.DataFrame
    manifest: dict
    item_means: pd.DataFrame
    innovation: pd.DataFrame
    publicity: pd.DataFrame
    deductions: pd.DataFrame
    explanations: pd.DataFrame
    robustness: pd.DataFrame
    years: pd.DataFrame

    @property
    def groups(self) -> list[str]:
        """The rank groups, in the rules file's order."""
        return list(dict.fromkeys(self.composite["rank_group"]))

    @property
    def names(self) -> pd.Series:
        """unit_id → unit_name."""
        return self.units.set_index("unit_id")["unit_name"]

    def scored_sectors(self) -> pd.DataFrame:
        """Sector scores of the sectors that count (exempt ones left out), with unit and group."""
        rows = self.sector_scores
        if "exempt" in rows.columns:
            rows = rows[~rows["exempt"].astype(bool)]
        rows = rows.dropna(subset=["sector_score"])
        return rows.merge(self.composite[["unit_id", "unit_name", "rank_group"]], on="unit_id")

    def sector_table(self) -> pd.DataFrame:
        """Units × sectors of sector scores (Chinese sector names as columns)."""
        wide = self.scored_sectors().pivot(index="unit_id", columns="sector", values="sector_score")
        wide = wide.reindex(columns=[s for s in SECTORS if s in wide.columns])
        wide.columns = [SECTORS[s] for s in wide.columns]
        order = self.composite.sort_values(["rank_group", "rank", "unit_name"])["unit_id"]
        wide = wide.reindex([u for u in order if u in wide.index])
        return wide.set_axis(self.names.reindex(wide.index).to_numpy(), axis=0)


def load_results(year: int, processed_dir: str | Path | None = None) -> YearResults:
    """Read the contract files of ``year`` from ``processed_dir`` (default data/processed/YEAR)."""
    folder = Path(processed_dir) if processed_dir else paths.processed_dir(year)

    def read(name: str) -> pd.DataFrame:
        table = pd.read_csv(
            folder / name, encoding="utf-8-sig", dtype=_DTYPES, keep_default_na=False, na_values=[""]
        )
        return restore_formulas(table)  # the CSVs quote text that Excel would run as a formula

    def detail(name: str, columns: list[str]) -> pd.DataFrame:
        if (folder / name).exists():
            return read(name)
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})

    return YearResults(
        year=year,
        units=read("units.csv"),
        item_scores=read("item_scores.csv"),
        sector_scores=read("sector_scores.csv"),
        composite=read("composite.csv"),
        manifest=json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
        **{name.removesuffix(".csv"): detail(name, columns) for name, columns in DETAIL_FILES.items()},
        **{name.removesuffix(".csv"): detail(name, columns) for name, columns in ANALYSIS_FILES.items()},
    )
