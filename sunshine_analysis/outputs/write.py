"""The one writer of a year's tables: the data contract, its analyses and the report's details.

Every table is written as UTF-8 CSV with BOM (so Excel opens it), text that Excel would run as
a formula neutralised (:mod:`.formulas`), into a folder that is then published as a whole
(:mod:`.atomic`): a run killed at any moment leaves the previous complete set in place.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from sunshine_analysis import __version__
from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import Rules
from sunshine_analysis.exact import round_scaled, to_points
from sunshine_analysis.ingest.inputs import YearInputs
from sunshine_analysis.outputs import contract
from sunshine_analysis.outputs.atomic import publishing
from sunshine_analysis.outputs.formulas import neutralise_formulas
from sunshine_analysis.scoring import Scores


def write_csv(table: pd.DataFrame, path: Path, decimals: int | None = None) -> Path:
    """Write ``table`` as the project's CSV: UTF-8 with BOM, ``\\n`` line ends, formulas neutralised.

    Args:
        table: The table.
        path: Where to write it (inside a folder being published).
        decimals: Fixed decimals for float columns (the contract's reported scores); by
            default floats are written in full.
    """
    path.write_bytes(csv_bytes(table, decimals))
    return path


def csv_bytes(table: pd.DataFrame, decimals: int | None = None) -> bytes:
    """``table`` as the project's CSV (see :func:`write_csv`): every CSV written goes through here."""
    return (
        neutralise_formulas(table)
        .to_csv(
            index=False,
            lineterminator="\n",
            float_format=f"%.{decimals}f" if decimals is not None else None,
        )
        .encode("utf-8-sig")
    )


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
    out = {
        "year": inputs.year,
        "package": "sunshine_analysis",
        "version": __version__,
        "rules": {
            "file": Path(rules.source).name,
            # The packaged file of the year, or one the analyst named with --rules.
            "origin": "packaged"
            if Path(rules.source).parent.resolve() == paths.RULES_DIR.resolve()
            else "given",
            "title": rules.title,
            "sha256": rules.sha256,
        },
        "inputs": files,
    }
    if inputs.mapping:
        out["mapping"] = inputs.mapping
    return out


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


def year_tables(
    inputs: YearInputs, scores: Scores, folder: Path, *, analyses: bool = True, details: bool = False
) -> dict[str, pd.DataFrame]:
    """Every table of one year besides the manifest: the contract, and if asked the analyses
    and the report's details.

    Earlier years for the comparison are the year folders holding a ``composite.csv`` in the
    data folder of the raw folder (``data/processed/`` for ``data/raw/2021``), whatever
    ``folder`` is, and beside ``folder`` (which win: ``--out /tmp/x/2021`` compares with
    ``/tmp/x/2020`` when it is there).
    """
    from sunshine_analysis.scoring.details import detail_tables
    from sunshine_analysis.scoring.years import read_composites

    tables = contract_tables(inputs, scores)
    if analyses:
        data = Path(inputs.raw_dir).resolve().parent.parent / paths.PROCESSED_DIR.name
        earlier = read_composites(data) | read_composites(Path(folder).resolve().parent)
        tables |= analysis_tables(inputs, scores, earlier=earlier)
    if details:
        tables |= detail_tables(inputs, scores)
    return tables


def write_tables(
    inputs: YearInputs,
    scores: Scores,
    folder: Path,
    *,
    analyses: bool = True,
    details: bool = False,
) -> dict[str, pd.DataFrame]:
    """Write :func:`year_tables`, ``manifest.json`` and a copy of the rules file into ``folder``.

    Returns the tables written.

    The contract's scores are written with the rules' decimals; the other tables in full.
    """
    tables = year_tables(inputs, scores, folder, analyses=analyses, details=details)
    for name, table in tables.items():
        decimals = scores.rules.decimals if name in contract.CONTRACT_FILES else None
        write_csv(table, folder / name, decimals)
    text = json.dumps(manifest(inputs, scores.rules), ensure_ascii=False, indent=2, sort_keys=False)
    (folder / "manifest.json").write_text(text + "\n", encoding="utf-8")
    (folder / contract.RULES_COPY).write_bytes(scores.rules.raw)
    return tables


def write_contract(
    inputs: YearInputs, scores: Scores, out_dir: str | Path, *, with_analyses: bool = False
) -> list[Path]:
    """Publish the contract's files (and, if asked, the analyses) as ``out_dir``, all at once.

    Returns:
        The files written, under ``out_dir``.
    """
    out_dir = Path(out_dir)
    with publishing(out_dir) as folder:
        write_tables(inputs, scores, folder, analyses=with_analyses)
        names = sorted(p.name for p in folder.iterdir())
    return [out_dir / name for name in names]


def score_into(
    raw_dir: Path, processed_dir: Path, year: int | None = None, rules_path: Path | None = None
) -> list[Path]:
    """Score one raw year and publish its contract, analyses and details as ``processed_dir``.

    The year-over-year analysis reads the earlier years already written beside ``processed_dir``.

    Returns:
        The files written, under ``processed_dir``.
    """
    from sunshine_analysis.scoring.run import score_folder

    inputs, scores = score_folder(raw_dir, rules_path, year=year)
    with publishing(processed_dir) as folder:
        write_tables(inputs, scores, folder, details=True)
        names = sorted(p.name for p in folder.iterdir())
    return [Path(processed_dir) / name for name in names]


__all__ = [
    "analysis_tables",
    "contract_tables",
    "csv_bytes",
    "manifest",
    "score_into",
    "write_contract",
    "write_csv",
    "write_tables",
    "year_tables",
]
