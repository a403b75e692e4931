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
from sunshine_analysis.config.rules import Rules, load_rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.outputs.contract import ANALYSIS_FILES, CONTRACT_FILES, DETAIL_FILES, RULES_COPY
from sunshine_analysis.outputs.formulas import restore_formulas

_DTYPES = {"unit_id": "string", "sub_unit": "string", "rater": "string", "rank": "Int64"}


@dataclass
class YearResults:
    """The data contract's tables of one year, read back from ``processed_dir``."""

    year: int
    rules: Rules
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
    summary_points: pd.DataFrame
    rectification: pd.DataFrame
    robustness: pd.DataFrame
    years: pd.DataFrame

    @property
    def grade_names(self) -> list[str]:
        """The grades of the rules used, best first (好, 较好, 一般, 差 by default)."""
        return [g.name for g in self.rules.grades]

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
    """Read the contract files of ``year`` from ``processed_dir`` (default data/processed/YEAR).

    Raises:
        FileNotFoundError: The year has not been scored; the message says what to run.
    """
    folder = Path(processed_dir) if processed_dir else paths.processed_dir(year)
    if not (folder / "manifest.json").is_file():
        raise FileNotFoundError(
            f"还没有 {year} 年的计分结果（{folder}）。请先计分：在项目文件夹运行 "
            f"make report YEAR={year}，或 sunshine score data/raw/{year} --out {folder}"
        )

    def read(name: str) -> pd.DataFrame | None:
        if not (folder / name).exists():
            return None
        table = pd.read_csv(
            folder / name, encoding="utf-8-sig", dtype=_DTYPES, keep_default_na=False, na_values=[""]
        )
        return restore_formulas(table)  # the CSVs quote text that Excel would run as a formula

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    # The rules used are copied beside the tables; a folder written before that has the year's.
    copy = folder / RULES_COPY
    rules = load_rules(copy) if copy.exists() else load_rules(year=year)
    names = [*CONTRACT_FILES, *DETAIL_FILES, *ANALYSIS_FILES]
    return _results(year, rules, {name: read(name) for name in names}, manifest)


def results_in_memory(
    year: int, rules: Rules, tables: dict[str, pd.DataFrame], manifest: dict
) -> YearResults:
    """The results of a run from the tables it wrote, without reading them back.

    Cells are taken as a reader of the CSVs gets them: empty text is missing, and the key
    columns have the reader's types, so a product built from either is the same.
    """

    def as_read(table: pd.DataFrame) -> pd.DataFrame:
        text = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
        out = table.assign(**{c: table[c].mask(table[c].eq(""), None) for c in text})
        return out.astype({c: t for c, t in _DTYPES.items() if c in out.columns})

    return _results(year, rules, {name: as_read(table) for name, table in tables.items()}, manifest)


def _results(year: int, rules: Rules, tables: dict[str, pd.DataFrame | None], manifest: dict) -> YearResults:
    def table(name: str, columns: list[str]) -> pd.DataFrame:
        found = tables.get(name)
        if found is None:  # an optional table: a folder written by ``sunshine score`` alone
            return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
        return found.reset_index(drop=True)

    files = CONTRACT_FILES | DETAIL_FILES | ANALYSIS_FILES
    return YearResults(
        year=year,
        rules=rules,
        manifest=manifest,
        **{name.removesuffix(".csv"): table(name, columns) for name, columns in files.items()},
    )
