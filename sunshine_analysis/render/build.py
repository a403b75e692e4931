"""Build the July products (``sunshine report``): score the year once, write its tables, then
render the summary and the unit briefs (:mod:`.notebooks`), the results workbook
(:mod:`.workbook`), the written report as .docx (:mod:`.report_docx`) and the office's index of
them all (:mod:`.index`), all published together (:mod:`sunshine_analysis.outputs.atomic`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sunshine_analysis.config import paths
from sunshine_analysis.outputs.atomic import publishing
from sunshine_analysis.outputs.results import YearResults, results_in_memory
from sunshine_analysis.outputs.write import manifest, score_into, write_tables
from sunshine_analysis.render.notebooks import Job, available_cores, run_parallel
from sunshine_analysis.scoring.run import score_folder

SUMMARY_NOTEBOOK = "4.0-july-summary.ipynb"
BRIEF_NOTEBOOK = "4.1-unit-brief.ipynb"
EXPLORE_NOTEBOOK = "2.0-explore-year.ipynb"


class ReportError(RuntimeError):
    """Some notebooks failed; the others' outputs were written. The message names each cell."""


def brief_jobs(
    results: YearResults, processed_dir: Path, out_dir: Path, units: Iterable[str] = ()
) -> list[Job]:
    """One job per unit brief; ``units`` (ids or names) narrows the list, unknown ones are an error."""
    table = results.composite[["unit_id", "unit_name"]]
    wanted = list(units)
    if wanted:
        known = set(table["unit_id"]) | set(table["unit_name"])
        unknown = [u for u in wanted if u not in known]
        if unknown:
            raise ValueError(f"没有这些被考评单位：{'、'.join(unknown)}")
        table = table[table["unit_id"].isin(wanted) | table["unit_name"].isin(wanted)]
    return [
        Job(
            {"year": results.year, "processed_dir": str(processed_dir), "unit_id": str(r.unit_id)},
            out_dir / "units" / f"{r.unit_id}.html",
            f"{r.unit_name}{results.year}年度考评反馈",
        )
        for r in table.itertuples()
    ]


def build_report(
    year: int,
    *,
    raw_dir: Path | None = None,
    processed_dir: Path | None = None,
    out_dir: Path | None = None,
    rules_path: Path | None = None,
    units: Sequence[str] = (),
    jobs: int | None = None,
    progress: bool = False,
) -> list[Path]:
    """Score ``year`` and build its July products: summary, unit briefs, results workbook, the
    written report (.docx), and ``index.html`` listing them with the June files (for the office only).

    The previous year is scored first when its raw folder exists, for the change since then.
    With ``units``, only those briefs are built (with the summary and the workbook).

    Returns:
        The files written.

    Raises:
        ReportError: Some notebooks failed (the message names each cell); every other
            product was written.
    """
    from tqdm.auto import tqdm

    from sunshine_analysis.render.index import write_index
    from sunshine_analysis.render.report_docx import write_report_docx
    from sunshine_analysis.render.workbook import write_workbook

    raw_dir = Path(raw_dir or paths.raw_dir(year))
    # absolute, not resolved: the folder is a link that each run points at a new version
    processed_dir = Path(processed_dir or paths.processed_dir(year)).absolute()
    out_dir = Path(out_dir or paths.reports_dir(year)).absolute()
    written = []
    previous_raw = raw_dir.parent / str(year - 1)
    if previous_raw.is_dir():
        written += score_into(previous_raw, processed_dir.parent / str(year - 1), year - 1)
    inputs, scores = score_folder(raw_dir, rules_path, year=year)
    # The year's tables and products are written into fresh folders and published together at
    # the end (sunshine_analysis.outputs.atomic); the June commands' fieldwork/ is carried over,
    # and with ``units`` the briefs not rebuilt.
    keep = ["fieldwork", "templates", "units"] if units else ["fieldwork", "templates"]
    with publishing(processed_dir) as data, publishing(out_dir, keep=keep) as folder:
        tables = write_tables(inputs, scores, data, details=True)
        written += [processed_dir / p.name for p in sorted(data.iterdir())]
        results = results_in_memory(year, scores.rules, tables, manifest(inputs, scores.rules))
        write_workbook(results, folder / "results.xlsx")
        report = write_report_docx(results, folder)
        summary = Job(
            {"year": year, "processed_dir": str(data)},
            folder / "summary.html",
            f"{year}年度“阳光漯河”建设考评汇总报告",
        )
        briefs = brief_jobs(results, data, folder, units)
        workers = jobs or available_cores()
        with tqdm(total=1 + len(briefs), desc="生成报告", unit="份", disable=not progress) as bar:
            outcomes = run_parallel(
                [
                    (paths.NOTEBOOKS_DIR / SUMMARY_NOTEBOOK, [summary]),
                    (paths.NOTEBOOKS_DIR / BRIEF_NOTEBOOK, briefs),
                ],
                workers,
                bar.update,
            )
        index = write_index(
            results,
            folder,
            out_dir,
            raw_dir=raw_dir,
            processed_dir=processed_dir,
            previous_raw=previous_raw if previous_raw.is_dir() else None,
            failed={o.job.html_path for o in outcomes if o.error},
            keep=keep,
        )
        built = [folder / "results.xlsx", report, index, *(o.job.html_path for o in outcomes if not o.error)]
        written += [out_dir / p.relative_to(folder) for p in built]
    failed = [o for o in outcomes if o.error]
    if failed:
        lines = "\n".join(f"{o.job.title}（{o.job.html_path.name}）：{o.error}" for o in failed)
        raise ReportError(f"{len(failed)} 份报告生成失败，其余已写出：\n{lines}")
    return written
