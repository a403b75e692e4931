"""One year from raw folder to the data contract's files: read → validate → score → write."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from sunshine_analysis import __version__
from sunshine_analysis.config.rules import Rules, load_rules
from sunshine_analysis.ingest import load_year
from sunshine_analysis.ingest.inputs import YearInputs
from sunshine_analysis.outputs import contract
from sunshine_analysis.outputs.atomic import publishing
from sunshine_analysis.outputs.formulas import neutralise_formulas
from sunshine_analysis.scoring.engine import Scores, score_year
from sunshine_analysis.scoring.exact import round_scaled, to_points


def score_folder(
    raw_dir: str | Path, rules_path: str | Path | None = None, *, year: int | None = None
) -> tuple[YearInputs, Scores]:
    """Read, validate and score one year's raw folder.

    Args:
        raw_dir: The year's raw folder.
        rules_path: A rules file; by default the packaged one of the year.
        year: The year; by default the folder's name.

    Raises:
        InputError: Every problem of the folder, at once.
    """
    raw_dir = Path(raw_dir)
    year = year or _year_of(raw_dir)
    rules = load_rules(rules_path, year=year)
    inputs = load_year(raw_dir, rules, year=year)
    return inputs, score_year(inputs, rules)


def contract_tables(inputs: YearInputs, scores: Scores) -> dict[str, pd.DataFrame]:
    """The data contract's tables, scores rounded half-up as reported."""
    d = scores.rules.decimals
    items = scores.item_scores.copy()
    items["score"] = to_points(round_scaled(items["ticks"].astype("int64"), 1, d), d)
    return {
        "units.csv": scores.units[contract.UNITS],
        "item_scores.csv": items[contract.ITEM_SCORES],
        "sector_scores.csv": scores.sector_scores[[*contract.SECTOR_SCORES, "exempt"]],
        "composite.csv": scores.composite[contract.COMPOSITE],
    }


def manifest(inputs: YearInputs, rules: Rules) -> dict:
    """Provenance of a run: every input file with its hash and kind, the rules, the version."""
    files = [
        {k: (None if pd.isna(v) or v == "" else v) for k, v in row.items()}
        for row in inputs.manifest.to_dict("records")
    ]
    return {
        "year": inputs.year,
        "package": "sunshine_analysis",
        "version": __version__,
        "rules": {"file": Path(rules.source).name, "title": rules.title, "sha256": rules.sha256},
        "inputs": files,
    }


def write_contract(
    inputs: YearInputs, scores: Scores, out_dir: str | Path, *, with_analyses: bool = False
) -> list[Path]:
    """Write the contract's files (and, if asked, the analyses) into ``out_dir``, all at once.

    The files are written into a fresh version folder that then replaces ``out_dir`` in one
    atomic step (:mod:`sunshine_analysis.outputs.atomic`): a run killed at any moment leaves the
    previous complete set in place.

    Returns:
        The files written, under ``out_dir``.
    """
    out_dir = Path(out_dir)
    with publishing(out_dir) as folder:
        write_contract_files(inputs, scores, folder)
        if with_analyses:
            write_analyses(inputs, scores, folder)
        names = sorted(p.name for p in folder.iterdir())
    return [out_dir / name for name in names]


def write_contract_files(inputs: YearInputs, scores: Scores, folder: Path) -> list[str]:
    """Write the contract's CSVs (UTF-8 with BOM) and ``manifest.json`` into ``folder``.

    Text that Excel would run as a formula is neutralised (:mod:`sunshine_analysis.outputs.formulas`).

    Returns:
        The names of the files written, sorted.
    """
    d = scores.rules.decimals
    for name, table in contract_tables(inputs, scores).items():
        neutralise_formulas(table).to_csv(
            folder / name,
            index=False,
            encoding="utf-8-sig",
            float_format=f"%.{d}f",
            lineterminator="\n",
        )
    text = json.dumps(manifest(inputs, scores.rules), ensure_ascii=False, indent=2, sort_keys=False)
    (folder / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return sorted(p.name for p in folder.iterdir())


def analysis_tables(
    inputs: YearInputs, scores: Scores, *, earlier: dict[int, pd.DataFrame] | None = None
) -> dict[str, pd.DataFrame]:
    """The tables beyond the contract: rank robustness, rule variants, years side by side.

    Args:
        inputs: The year's inputs.
        scores: The year's scores.
        earlier: Earlier years' composite tables (``composite.csv``), by year.
    """
    from sunshine_analysis.scoring.robustness import rank_robustness, variant_ranks
    from sunshine_analysis.scoring.years import compare_years

    year = {"year": inputs.year}
    composites = {y: c for y, c in (earlier or {}).items() if y < inputs.year}
    composites[inputs.year] = scores.composite
    return {
        "robustness.csv": rank_robustness(inputs, scores).assign(**year),
        "rule_variants.csv": variant_ranks(inputs, scores).assign(**year),
        "years.csv": compare_years(composites, scores.rules.decimals),
    }


def write_analyses(inputs: YearInputs, scores: Scores, out_dir: str | Path) -> list[Path]:
    """Write :func:`analysis_tables` into ``out_dir`` beside the contract files.

    Earlier years are taken from the sibling year folders of ``out_dir`` that hold a
    ``composite.csv`` (``data/processed/2019`` beside ``data/processed/2020``). Text that
    Excel would run as a formula is neutralised (:mod:`sunshine_analysis.outputs.formulas`).
    """
    from sunshine_analysis.scoring.years import read_composites

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    earlier = read_composites(out_dir.resolve().parent)
    written = []
    for name, table in analysis_tables(inputs, scores, earlier=earlier).items():
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".tmp-", suffix=".csv")
        os.close(fd)
        neutralise_formulas(table).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
        os.replace(tmp, out_dir / name)
        written.append(out_dir / name)
    return written


def _year_of(raw_dir: Path) -> int:
    if raw_dir.name.isdigit():
        return int(raw_dir.name)
    raise ValueError(f"无法从文件夹名「{raw_dir.name}」得知年份，请用 --year 指定")


__all__ = [
    "analysis_tables",
    "contract_tables",
    "manifest",
    "score_folder",
    "write_analyses",
    "write_contract",
    "write_contract_files",
]
