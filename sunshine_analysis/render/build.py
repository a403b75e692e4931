"""Build the July products: score the year, execute the notebooks, write HTML and the workbook.

Notebooks run in a kernel kept open for many parameter sets: a worker starts one kernel,
then for each unit injects the parameters (as papermill does) and re-runs the cells. The
HTML is written with one reusable exporter per process into a self-contained page
(:mod:`sunshine_analysis.render.page`): no code, images inline, no request to any other host.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from sunshine_analysis.config import paths
from sunshine_analysis.ingest.inputs import YearInputs
from sunshine_analysis.outputs.atomic import publishing
from sunshine_analysis.outputs.formulas import neutralise_formulas
from sunshine_analysis.outputs.results import DETAIL_FILES, YearResults
from sunshine_analysis.outputs.write import score_folder, write_analyses, write_contract_files
from sunshine_analysis.render.page import wrap_page
from sunshine_analysis.scoring.engine import Scores
from sunshine_analysis.scoring.exact import TICKS
from sunshine_analysis.scoring.explain import explain_unit

_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*/>')
KERNEL = "python3"
KERNEL_STARTS = 3
SUMMARY_NOTEBOOK = "4.0-july-summary.ipynb"
BRIEF_NOTEBOOK = "4.1-unit-brief.ipynb"
EXPLORE_NOTEBOOK = "2.0-explore-year.ipynb"


class ReportError(RuntimeError):
    """Some notebooks failed; the others' outputs were written. The message names each cell."""


@dataclass(frozen=True)
class Job:
    """One notebook run: its parameters, where its HTML goes and the page title."""

    parameters: dict
    html_path: Path
    title: str


@dataclass(frozen=True)
class Outcome:
    """What became of a job: the HTML written, or the failing cell and error."""

    job: Job
    error: str | None = None


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    That pass re-parses the whole page, images included, only to add alt texts (which
    :func:`notebook_page` sets on the outputs) and tab stops for interactive cells; it took
    most of the export's time.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", Highlight2HTML(parent=self))
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def exporter() -> HTMLExporter:
    """The HTML exporter (no code, no prompts), built once per process and reused."""
    return PageExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )


def notebook_page(node: nbformat.NotebookNode, title: str) -> str:
    """An executed notebook as a self-contained HTML page without code."""
    for cell in node.cells:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.setdefault("metadata", {}).setdefault("image/png", {}).setdefault("alt", "图表")
    body, _ = exporter().from_notebook_node(node)
    # nbconvert writes a heading's (hidden) anchor link as ``<a ... />``, which HTML does not
    # close: left in, it would swallow the rest of the page.
    return wrap_page(_ANCHOR_LINK.sub("", body), title)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to a temporary file beside ``path`` and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


def _failure(node: nbformat.NotebookNode, index: int, exc: CellExecutionError) -> str:
    # Number the cell as in the notebook file: the cell papermill injects is not counted.
    injected = [i for i, c in enumerate(node.cells) if "injected-parameters" in c.metadata.get("tags", [])]
    number = index + 1 - sum(1 for i in injected if i < index)
    first = next((line for line in node.cells[index].source.splitlines() if line.strip()), "")
    return f"第 {number} 个单元格（{first[:60]}）出错：{exc.ename}: {exc.evalue}"


def run_jobs(notebook: Path, jobs: Sequence[Job]) -> list[Outcome]:
    """Execute ``notebook`` once per job in one kernel and write each job's HTML page.

    A failing cell stops that job only; its outcome names the cell and the error. A kernel
    that dies (e.g. its port was taken by another kernel starting at the same moment) is
    started again for the jobs left, a few times.
    """
    template = load_notebook_node(str(notebook))
    outcomes: list[Outcome] = []
    for attempt in range(KERNEL_STARTS):
        client = NotebookClient(
            template,
            kernel_name=KERNEL,
            timeout=600,
            resources={"metadata": {"path": str(notebook.parent)}},
            # The kernel's own start-up notices would scroll over the progress bar.
            extra_arguments=["--log-level=ERROR"],
        )
        try:
            with client.setup_kernel():
                for job in jobs[len(outcomes) :]:
                    outcomes.append(_run_job(client, template, job))
            return outcomes
        except (RuntimeError, DeadKernelError):
            if attempt == KERNEL_STARTS - 1:
                raise
    return outcomes


def _run_job(client: NotebookClient, template: nbformat.NotebookNode, job: Job) -> Outcome:
    node = parameterize_notebook(copy.deepcopy(template), job.parameters, kernel_name=KERNEL)
    for cell in node.cells:  # papermill gives its injected cell a random id; the HTML shows ids
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    client.nb = node
    client.reset_execution_trackers()
    for index, cell in enumerate(node.cells):
        try:
            client.execute_cell(cell, index)
        except CellExecutionError as exc:
            return Outcome(job, _failure(node, index, exc))
    write_text(job.html_path, notebook_page(node, job.title))
    return Outcome(job)


def run_parallel(
    tasks: Sequence[tuple[Path, Sequence[Job]]],
    workers: int,
    on_done: Callable[[int], None] = lambda n: None,
) -> list[Outcome]:
    """Run each notebook's jobs over ``workers`` processes, a batch per kernel.

    Batches are small enough for the progress callback to move (about three per worker and
    notebook) and large enough that kernel start-up is paid only a few times.

    Returns:
        The outcomes in the order of ``tasks`` and their jobs.
    """
    batches = [(nb, b) for nb, jobs in tasks for b in _batches(jobs, workers)]
    outcomes: list[Outcome] = []
    if workers <= 1 or len(batches) <= 1:
        for notebook, batch in batches:
            outcomes += run_jobs(notebook, batch)
            on_done(len(batch))
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(batches))) as pool:
            futures = {pool.submit(run_jobs, nb, b): len(b) for nb, b in batches}
            for future in as_completed(futures):
                outcomes += future.result()
                on_done(futures[future])
    order = {job.html_path: i for i, job in enumerate(j for _, jobs in tasks for j in jobs)}
    return sorted(outcomes, key=lambda o: order[o.job.html_path])


def available_cores() -> int:
    """The cores this process may use (all cores where the system cannot say)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _batches(jobs: Sequence[Job], workers: int) -> list[list[Job]]:
    # About three batches per worker so progress moves, but no fewer jobs per batch than
    # needed to spread them over the workers, up to eight: a kernel start-up costs seconds.
    n = len(jobs)
    size = max(1, -(-n // (workers * 3)), min(8, -(-n // workers)))
    return [list(jobs[i : i + size]) for i in range(0, n, size)]


def detail_tables(inputs: YearInputs, scores: Scores) -> dict[str, pd.DataFrame]:
    """The report's detail tables (:data:`sunshine_analysis.outputs.results.DETAIL_FILES`).

    Item means follow the scoring: trimmed raters are left out, each sub-unit's item is the
    mean over its raters kept, the unit's item the mean over its sub-units; they are exact
    fractions rounded half-up like every reported score.
    """
    d = scores.rules.decimals
    keys = ["unit_id", "sector", "sub_unit", "rater"]
    kept = scores.rater_totals.loc[~scores.rater_totals["dropped"], keys]
    items = scores.item_scores.merge(kept, on=keys)
    rows = []
    for (unit, sector, item), group in items.groupby(["unit_id", "sector", "item"], sort=False):
        per_sub = [Fraction(int(g["ticks"].sum()), len(g)) for _, g in group.groupby("sub_unit")]
        mean = _half_up(sum(per_sub) / len(per_sub), d)
        top = Fraction(str(group["max_score"].iloc[0])).limit_denominator(TICKS)
        rows.append((unit, sector, item, float(top), float(mean), float(top - mean)))
    means = pd.DataFrame(rows, columns=DETAIL_FILES["item_means.csv"])

    bonus = {k: float(v) for k, v in scores.rules.innovation_bonus.items()}
    innovation = inputs.innovation.assign(bonus=inputs.innovation["rating"].map(bonus).astype("float64"))
    publicity = scores.publicity.assign(points=scores.publicity["points_ticks"] / TICKS)
    deductions = scores.deductions.assign(points=scores.deductions["points_ticks"] / TICKS)
    return {
        "item_means.csv": means,
        "innovation.csv": innovation[DETAIL_FILES["innovation.csv"]],
        "publicity.csv": publicity[DETAIL_FILES["publicity.csv"]],
        "deductions.csv": deductions[DETAIL_FILES["deductions.csv"]],
        "explanations.csv": pd.DataFrame(
            {
                "unit_id": scores.units["unit_id"],
                "text": [explain_unit(scores, u).text() for u in scores.units["unit_id"]],
            }
        ),
    }


def _half_up(value: Fraction, decimals: int) -> Fraction:
    scale = 10**decimals
    return Fraction(int((value / TICKS * scale + Fraction(1, 2)) // 1), scale)


def write_details(inputs: YearInputs, scores: Scores, out_dir: Path) -> list[Path]:
    """Write the report's detail tables beside the contract (UTF-8 with BOM)."""
    written = []
    for name, table in detail_tables(inputs, scores).items():
        path = Path(out_dir) / name
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".tmp-", suffix=".csv")
        os.close(fd)
        neutralise_formulas(table).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        written.append(path)
    return written


def score_into(raw_dir: Path, processed_dir: Path, year: int, rules_path: Path | None) -> list[Path]:
    """Score one raw year and publish its contract, analyses and detail tables as ``processed_dir``.

    The year-over-year analysis reads the earlier years already written beside ``processed_dir``.
    """
    with publishing(processed_dir) as folder:
        return [processed_dir / p.name for p in write_year(raw_dir, folder, year, rules_path)]


def write_year(raw_dir: Path, folder: Path, year: int, rules_path: Path | None) -> list[Path]:
    """Score one raw year and write its contract, analyses and detail tables into ``folder``."""
    inputs, scores = score_folder(raw_dir, rules_path, year=year)
    write_contract_files(inputs, scores, folder)
    write_analyses(inputs, scores, folder)
    write_details(inputs, scores, folder)
    return sorted(folder.iterdir())


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
            f"{r.unit_name} {results.year} 年度考评反馈",
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
    """Score ``year`` and build its July products: summary, unit briefs, results workbook.

    The previous year is scored first when its raw folder exists, for the change since then.
    With ``units``, only those briefs are built (with the summary and the workbook).

    Returns:
        The files written.

    Raises:
        ReportError: Some notebooks failed (the message names each cell); every other
            product was written.
    """
    from tqdm.auto import tqdm

    from sunshine_analysis.outputs.results import load_results
    from sunshine_analysis.render.workbook import write_workbook

    raw_dir = Path(raw_dir or paths.raw_dir(year))
    # absolute, not resolved: the folder is a link that each run points at a new version
    processed_dir = Path(processed_dir or paths.processed_dir(year)).absolute()
    out_dir = Path(out_dir or paths.reports_dir(year)).absolute()
    written = []
    previous_raw = raw_dir.parent / str(year - 1)
    if previous_raw.is_dir():
        written += score_into(previous_raw, processed_dir.parent / str(year - 1), year - 1, None)
    # The year's tables and products are written into fresh folders and published together at
    # the end (sunshine_analysis.outputs.atomic); the June commands' fieldwork/ is carried over, and with
    # ``units`` the briefs not rebuilt.
    keep = ["fieldwork", "units"] if units else ["fieldwork"]
    with publishing(processed_dir) as data, publishing(out_dir, keep=keep) as folder:
        written += [processed_dir / p.name for p in write_year(raw_dir, data, year, rules_path)]
        results = load_results(year, data)
        write_workbook(results, folder / "results.xlsx")
        summary = Job(
            {"year": year, "processed_dir": str(data)},
            folder / "summary.html",
            f"{year} 年度“阳光漯河”建设考评汇总报告",
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
        built = [folder / "results.xlsx", *(o.job.html_path for o in outcomes if not o.error)]
        written += [out_dir / p.relative_to(folder) for p in built]
    failed = [o for o in outcomes if o.error]
    if failed:
        lines = "\n".join(f"{o.job.title}（{o.job.html_path.name}）：{o.error}" for o in failed)
        raise ReportError(f"{len(failed)} 份报告生成失败，其余已写出：\n{lines}")
    return written
