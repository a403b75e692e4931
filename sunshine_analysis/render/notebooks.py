"""Run notebooks as functions and write their pages as HTML.

Notebooks run in a kernel kept open for many parameter sets: a worker starts one kernel,
then for each job injects the parameters (as papermill does) and re-runs the cells. The
HTML is written with one reusable exporter per process into a self-contained page
(:mod:`sunshine_analysis.render.page`): no code, images inline, no request to any other host.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from sunshine_analysis.render.page import wrap_page

_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*/>')


KERNEL = "python3"


KERNEL_STARTS = 3


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
    # Into a folder being published as a whole (sunshine_analysis.outputs.atomic).
    job.html_path.parent.mkdir(parents=True, exist_ok=True)
    job.html_path.write_text(notebook_page(node, job.title), encoding="utf-8")
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
