"""Every notebook runs through papermill on the tiny fixture year."""

from __future__ import annotations

import warnings
from pathlib import Path

import papermill
import pytest

from sunshine_analysis import paths
from sunshine_analysis.pipeline import score_folder, write_contract
from sunshine_analysis.report import SUMMARY_NOTEBOOK, render_notebook


@pytest.fixture
def processed(tiny_year: Path, tmp_path: Path) -> Path:
    inputs, scores = score_folder(tiny_year)
    write_contract(inputs, scores, tmp_path / "processed")
    return tmp_path / "processed"


def test_summary_parameters_exist() -> None:
    params = papermill.inspect_notebook(str(paths.NOTEBOOKS_DIR / SUMMARY_NOTEBOOK))
    assert {"year", "processed_dir"} <= set(params)


def test_summary_notebook_renders_without_code(processed: Path, tmp_path: Path) -> None:
    html_path = tmp_path / "summary.html"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_notebook(
            paths.NOTEBOOKS_DIR / SUMMARY_NOTEBOOK,
            {"year": 2020, "processed_dir": str(processed)},
            html_path,
        )
    html = html_path.read_text(encoding="utf-8")
    assert "综合得分排名" in html
    assert "市委组织部" in html and "89.83" in html
    assert "load_results" not in html  # code cells are left out
    assert "Glyph" not in html and "missing from font" not in html
