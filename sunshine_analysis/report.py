"""Build the July products: score the year, execute the notebooks, convert them to HTML."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from sunshine_analysis import paths
from sunshine_analysis.pipeline import score_folder, write_contract

KERNEL = "python3"
SUMMARY_NOTEBOOK = "4.0-july-summary.ipynb"


def render_notebook(notebook: Path, parameters: dict, html_path: Path) -> Path:
    """Execute a notebook with papermill and write it as HTML without code cells.

    The executed notebook stays in a temporary folder; only the HTML is kept, written to a
    temporary file and renamed into place.
    """
    html_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / notebook.name
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL,
            progress_bar=False,
            cwd=str(notebook.parent),
        )
        node = nbformat.read(executed, as_version=4)
        exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        body, _ = exporter.from_notebook_node(node)
    fd, tmp_html = tempfile.mkstemp(dir=html_path.parent, prefix=".tmp-", suffix=".html")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(body)
    os.chmod(tmp_html, 0o644)
    os.replace(tmp_html, html_path)
    return html_path


def build_report(
    year: int,
    *,
    raw_dir: Path | None = None,
    processed_dir: Path | None = None,
    out_dir: Path | None = None,
    rules_path: Path | None = None,
) -> list[Path]:
    """Score ``year`` and render its July summary report.

    Returns:
        The files written.
    """
    raw_dir = raw_dir or paths.raw_dir(year)
    processed_dir = processed_dir or paths.processed_dir(year)
    out_dir = out_dir or paths.reports_dir(year)
    inputs, scores = score_folder(raw_dir, rules_path, year=year)
    written = write_contract(inputs, scores, processed_dir)
    summary = render_notebook(
        paths.NOTEBOOKS_DIR / SUMMARY_NOTEBOOK,
        {"year": year, "processed_dir": str(Path(processed_dir).resolve())},
        out_dir / "summary.html",
    )
    return [*written, summary]
