"""Report speed, measured side by side in one run on the 2020 sample year.

(a) Unit briefs: the project's path (one kernel per worker batch, parameters re-injected per
    unit, one reusable exporter, ``--jobs`` workers) against the naive loop of one
    ``papermill`` command plus one ``jupyter nbconvert --no-input`` command per unit, on the
    same notebook and parameters. The naive loop costs the same for every unit (two fresh
    processes and a fresh kernel each), so it is timed on a sample of units and scaled to all
    of them; the project path is timed on every unit. Target: at least 4× faster.
(b) The summary report against the floor of a notebook holding only the same parameters
    cell, both through the project's path, run alternately :data:`REPEATS` times and the best
    of each taken (a shared machine's load comes and goes). Target: at most 2× the floor.

``python -m benchmarks.reports [--naive-units N] [--summary-only]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from sunshine_analysis.config import paths
from sunshine_analysis.outputs.results import load_results
from sunshine_analysis.outputs.write import score_into
from sunshine_analysis.render.build import BRIEF_NOTEBOOK, SUMMARY_NOTEBOOK, brief_jobs
from sunshine_analysis.render.notebooks import Job, available_cores, run_jobs, run_parallel

YEAR = 2020
NAIVE_UNITS = 6
REPEATS = 3


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _naive_brief(job: Job, folder: Path) -> None:
    executed = folder / f"{job.html_path.stem}.ipynb"
    command = [_bin("papermill"), str(paths.NOTEBOOKS_DIR / BRIEF_NOTEBOOK), str(executed), "-k", "python3"]
    for key, value in job.parameters.items():
        command += ["-p", key, str(value)]
    subprocess.run(command, check=True, capture_output=True, cwd=paths.NOTEBOOKS_DIR)
    subprocess.run(
        [_bin("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
        check=True,
        capture_output=True,
    )


def _empty_notebook(folder: Path) -> Path:
    summary = nbformat.read(paths.NOTEBOOKS_DIR / SUMMARY_NOTEBOOK, as_version=4)
    node = nbformat.v4.new_notebook(
        cells=[c for c in summary.cells if "parameters" in c.metadata.get("tags", [])],
        metadata=summary.metadata,
    )
    path = folder / "empty.ipynb"
    nbformat.write(node, path)
    return path


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _briefs(processed: Path, tmp: Path, workers: int, naive_units: int) -> dict:
    """(a): every brief through the project's path against the naive loop, scaled to every unit."""
    jobs = brief_jobs(load_results(YEAR, processed), processed, tmp / "project")
    project = _timed(lambda: run_parallel([(paths.NOTEBOOKS_DIR / BRIEF_NOTEBOOK, jobs)], workers))
    sample = jobs[:naive_units]
    (tmp / "naive").mkdir()
    naive = _timed(lambda: [_naive_brief(job, tmp / "naive") for job in sample])
    naive_all = naive / len(sample) * len(jobs)
    print(
        f"briefs: {len(jobs)} units, project {project:.1f}s on {workers} workers; naive "
        f"{naive:.1f}s for {len(sample)} units → {naive_all:.1f}s for all"
    )
    speedup = naive_all / project
    return {
        "benchmark": "reports.briefs",
        "measure": f"naive papermill+nbconvert / project ({len(jobs)} units)",
        "ratio": speedup,
        "target": "≥ 4",
        "ok": speedup >= 4,
    }


def main(naive_units: int = NAIVE_UNITS, summary_only: bool = False) -> list[dict]:
    """Run both measurements (only (b) with ``summary_only``) and return the rows for ``make bench``."""
    workers = available_cores()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        processed = tmp / "processed" / str(YEAR)
        previous = paths.raw_dir(YEAR - 1)
        if previous.is_dir():
            score_into(previous, tmp / "processed" / str(YEAR - 1), YEAR - 1, None)
        score_into(paths.raw_dir(YEAR), processed, YEAR, None)
        rows = []
        if not summary_only:
            rows.append(_briefs(processed, tmp, workers, naive_units))

        params = {"year": YEAR, "processed_dir": str(processed)}
        empty = _empty_notebook(tmp)
        floors, summaries = [], []
        for _ in range(REPEATS):
            floors.append(_timed(lambda: run_jobs(empty, [Job(params, tmp / "empty.html", "empty")])))
            summaries.append(
                _timed(
                    lambda: run_jobs(
                        paths.NOTEBOOKS_DIR / SUMMARY_NOTEBOOK, [Job(params, tmp / "summary.html", "s")]
                    )
                )
            )
        floor, summary = min(floors), min(summaries)

    print(f"summary: {summary:.1f}s; empty notebook through the same path: {floor:.1f}s")
    overhead = summary / floor
    return [
        *rows,
        {
            "benchmark": "reports.summary",
            "measure": "summary / empty notebook, same path",
            "ratio": overhead,
            "target": "≤ 2",
            "ok": overhead <= 2,
        },
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-units", type=int, default=NAIVE_UNITS, help="units timed on the naive path")
    parser.add_argument(
        "--summary-only", action="store_true", help="measure the summary only, not the briefs"
    )
    args = parser.parse_args()
    for row in main(args.naive_units, args.summary_only):
        print(row)
