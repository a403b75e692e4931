"""The tidy tables one year's raw folder turns into, before any scoring."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sunshine_analysis.outputs import contract


def empty(columns: list[str]) -> pd.DataFrame:
    """An empty table with the given columns."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass
class YearInputs:
    """Everything read from one year's raw folder, tidy and validated.

    Attributes:
        year: The evaluation year.
        raw_dir: The folder the files were read from.
        units: The registry: one row per unit (:data:`contract.UNITS`).
        item_scores: One row per item score (:data:`contract.ITEM_SCORES`).
        exemptions: Units exempted from a sector (免考/不参加).
        innovation: Innovation results with their rating.
        shortlist: The innovation shortlist (创新成果初选名单, :data:`contract.SHORTLIST`); None
            when the folder has none, and then every result may earn its bonus.
        publicity: Publicity items adopted, one row per adoption.
        deductions: Deduction cases.
        manifest: One row per file found: path, kind, sector, sheet, rows read, sha256.
        mapping: The analyst's mapping file used (name and SHA-256), if any.
    """

    year: int
    raw_dir: Path
    units: pd.DataFrame
    item_scores: pd.DataFrame
    exemptions: pd.DataFrame = field(default_factory=lambda: empty(contract.EXEMPTIONS))
    innovation: pd.DataFrame = field(default_factory=lambda: empty(contract.INNOVATION))
    publicity: pd.DataFrame = field(default_factory=lambda: empty(contract.PUBLICITY))
    deductions: pd.DataFrame = field(default_factory=lambda: empty(contract.DEDUCTIONS))
    shortlist: pd.DataFrame | None = None
    manifest: pd.DataFrame = field(default_factory=pd.DataFrame)
    mapping: dict | None = None

    def participation(self) -> pd.DataFrame:
        """One row per (unit_id, sector) the registry says the unit takes part in."""
        return participation(self.units)


def participation(units: pd.DataFrame) -> pd.DataFrame:
    """Expand the registry's ``;``-joined sectors into one row per (unit_id, sector).

    >>> units = pd.DataFrame({"unit_id": ["a", "b"], "sectors": ["party;gov", "gov"]})
    >>> participation(units).to_dict("list")
    {'unit_id': ['a', 'a', 'b'], 'sector': ['party', 'gov', 'gov']}
    """
    pairs = units[["unit_id", "sectors"]].assign(sector=units["sectors"].str.split(";"))
    pairs = pairs.explode("sector", ignore_index=True)
    pairs = pairs[pairs["sector"].notna() & (pairs["sector"] != "")]
    return pairs[["unit_id", "sector"]].reset_index(drop=True)
