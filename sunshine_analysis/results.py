"""Load a year's contract tables (as ``sunshine score`` wrote them) for notebooks and reports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis import paths
from sunshine_analysis.vocab import SECTORS

_DTYPES = {"unit_id": "string", "sub_unit": "string", "rater": "string", "rank": "Int64"}


@dataclass
class YearResults:
    """The data contract's tables of one year, read back from ``processed_dir``."""

    year: int
    units: pd.DataFrame
    item_scores: pd.DataFrame
    sector_scores: pd.DataFrame
    composite: pd.DataFrame
    manifest: dict

    @property
    def groups(self) -> list[str]:
        """The rank groups, in the rules file's order."""
        return list(dict.fromkeys(self.composite["rank_group"]))

    def sector_table(self) -> pd.DataFrame:
        """Units × sectors of sector scores (Chinese sector names as columns)."""
        wide = self.sector_scores.pivot(index="unit_id", columns="sector", values="sector_score")
        wide = wide.reindex(columns=[s for s in SECTORS if s in wide.columns])
        wide.columns = [SECTORS[s] for s in wide.columns]
        names = self.units.set_index("unit_id")["unit_name"]
        return wide.set_axis(names.reindex(wide.index).to_numpy(), axis=0)


def load_results(year: int, processed_dir: str | Path | None = None) -> YearResults:
    """Read the contract files of ``year`` from ``processed_dir`` (default data/processed/YEAR)."""
    folder = Path(processed_dir) if processed_dir else paths.processed_dir(year)

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(
            folder / name, encoding="utf-8-sig", dtype=_DTYPES, keep_default_na=False, na_values=[""]
        )

    return YearResults(
        year=year,
        units=read("units.csv"),
        item_scores=read("item_scores.csv"),
        sector_scores=read("sector_scores.csv"),
        composite=read("composite.csv"),
        manifest=json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
    )
