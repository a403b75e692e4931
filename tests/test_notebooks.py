"""Every notebook runs through papermill on the tiny fixture year, without a missing glyph."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.render.build import BRIEF_NOTEBOOK, EXPLORE_NOTEBOOK, SUMMARY_NOTEBOOK

NOTEBOOKS = {
    SUMMARY_NOTEBOOK: {},
    BRIEF_NOTEBOOK: {"unit_id": "shiminzhengju"},
    EXPLORE_NOTEBOOK: {"unit_id": "linyingxian"},
}


def test_every_notebook_is_covered() -> None:
    assert {p.name for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")} == set(NOTEBOOKS)


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_is_committed_clean_with_one_parameters_cell(name: str) -> None:
    node = nbformat.read(paths.NOTEBOOKS_DIR / name, as_version=4)
    tagged = [c for c in node.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    code = [c for c in node.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_runs_through_papermill_without_missing_glyphs(
    name: str, tiny_processed: Path, tmp_path: Path
) -> None:
    parameters = {"year": 2020, "processed_dir": str(tiny_processed), **NOTEBOOKS[name]}
    # An unknown parameter is only a warning in papermill: check they exist first.
    assert set(parameters) <= set(papermill.inspect_notebook(str(paths.NOTEBOOKS_DIR / name)))
    out = tmp_path / name
    papermill.execute_notebook(
        str(paths.NOTEBOOKS_DIR / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(paths.NOTEBOOKS_DIR),
    )
    executed = json.loads(out.read_text(encoding="utf-8"))
    streams = [
        "".join(o.get("text", ""))
        for c in executed["cells"]
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    ]
    stderr = "\n".join(streams)
    assert "Glyph" not in stderr and "missing from font" not in stderr
    assert not [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if name == BRIEF_NOTEBOOK:
        text = json.dumps(executed, ensure_ascii=False)
        assert "市民政局" in text and "89.36" in text


def test_explore_notebook_says_what_to_run_when_the_year_is_not_scored(tmp_path: Path) -> None:
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS_DIR / EXPLORE_NOTEBOOK),
            str(tmp_path / "out.ipynb"),
            parameters={"year": 2021, "processed_dir": str(tmp_path / "nothing")},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(paths.NOTEBOOKS_DIR),
        )
    assert "还没有 2021 年的计分结果" in failure.value.evalue
    assert "make report YEAR=2021" in failure.value.evalue


def test_report_kernel_imports_stay_light() -> None:
    """What the report notebooks import, and the rectification counts the summary shows, load
    neither the ingest stage with pypinyin's dictionary (0.55 s) nor openpyxl (0.14 s)."""
    script = """
import sys
import pandas as pd
from sunshine_analysis.outputs.results import load_results
from sunshine_analysis.render import brief, charts, html, narrative, sentences, tables
from sunshine_analysis.fieldwork.progress import rectification_progress
table = pd.DataFrame({"unit_id": ["a"], "unit_name": ["甲"], "listed": [True], "rectification": ["已整改"]})
rectification_progress(table)
heavy = ("pypinyin", "openpyxl", "sunshine_analysis.ingest", "sunshine_analysis.fieldwork.supervision")
print(" ".join(m for m in heavy if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
