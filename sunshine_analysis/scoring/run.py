"""Score one year's raw folder: load the rules, read and validate the inputs, score."""

from __future__ import annotations

from pathlib import Path

from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest.inputs import YearInputs
from sunshine_analysis.ingest.load import load_year
from sunshine_analysis.scoring.engine import Scores, score_year


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
    year = paths.year_of(raw_dir, year)
    rules = load_rules(rules_path, year=year)
    inputs = load_year(raw_dir, rules, year=year)
    return inputs, score_year(inputs, rules)
