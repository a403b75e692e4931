"""Run notebooks as functions and write their pages as HTML.

Notebooks run in a kernel kept open for many parameter sets: a worker starts one kernel,
then for each job injects the parameters (as papermill does) and re-runs the cells. The
HTML is written with one reusable exporter per process into a self-contained page
(:mod:`sunshine_analysis.render.page`): no code, images inline, no request to any other host.

Worker processes and their kernels end with the process that started them, however it ends.
A worker asks Linux to kill it when its parent dies (``PR_SET_PDEATHSIG``, which also covers a
SIGKILL, one signal the parent cannot catch; see :func:`end_with_creator` for other cases); a
kernel ends with its worker through ipykernel's own parent poller (``JPY_PARENT_PID``, checked
every second). A parent that is stopped (an exception, Ctrl-C, SIGTERM) cancels the batches not
started and terminates the workers, each of which kills its kernel on the way out.
"""

from __future__ import annotations

import copy
import ctypes
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import suppress
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

from sunshine_analysis.outputs.atomic import is_alive
from sunshine_analysis.render.page import wrap_page

_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*/>')


KERNEL = "python3"


KERNEL_STARTS = 3


WORKER_STOP_SECONDS = 5
"""How long a stopped worker gets to kill its kernel and exit before it is killed."""

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

_kernels: list = []
"""The kernel managers of the kernels this process is running, for :func:`kill_kernels`."""


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
    """An executed notebook as a self-contained HTML page without code.

    A notebook whose metadata sets ``sunshine_analysis.contents`` to false (the unit brief)
    gets no table of contents.
    """
    for cell in node.cells:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                output.setdefault("metadata", {}).setdefault("image/png", {}).setdefault("alt", "图表")
    body, _ = exporter().from_notebook_node(node)
    # nbconvert writes a heading's (hidden) anchor link as ``<a ... />``, which HTML does not
    # close: left in, it would swallow the rest of the page.
    contents = node.metadata.get("sunshine_analysis", {}).get("contents", True)
    return wrap_page(_ANCHOR_LINK.sub("", body), title, contents=contents)


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
        # The manager setup_kernel will use, made before the kernel starts so that kill_kernels
        # finds the kernel from its first moment.
        _kernels.append(client.create_kernel_manager())
        try:
            with client.setup_kernel():
                try:
                    for job in jobs[len(outcomes) :]:
                        outcomes.append(_run_job(client, template, job))
                except KeyboardInterrupt:  # stopped: the kernel is killed, not asked to shut down
                    client.shutdown_kernel = "immediate"
                    raise
                # Done with it: every page is written and the kernel keeps nothing worth saving.
                # Asked to shut down, a kernel that loaded pandas and matplotlib would spend
                # half a second in the interpreter's last garbage collection, the worker waiting.
                client.shutdown_kernel = "immediate"
            return outcomes
        except (RuntimeError, DeadKernelError):
            if attempt == KERNEL_STARTS - 1:
                raise
        except KeyboardInterrupt:  # stopped while the kernel was starting
            kill_kernels()
            raise
        finally:
            _kernels.pop()
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
        before = set(multiprocessing.active_children())
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(batches)), initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            futures = {pool.submit(run_jobs, nb, b): len(b) for nb, b in batches}
            for future in as_completed(futures):
                outcomes += future.result()
                on_done(futures[future])
        except BaseException:  # a batch failed, Ctrl-C or SIGTERM: stop now, not after every batch
            _stop_workers([p for p in multiprocessing.active_children() if p not in before])
            raise
        finally:
            pool.shutdown(cancel_futures=True)
    order = {job.html_path: i for i, job in enumerate(j for _, jobs in tasks for j in jobs)}
    return sorted(outcomes, key=lambda o: order[o.job.html_path])


def kill_kernels() -> None:
    """Kill (SIGKILL) the kernels this process is running, with anything they started."""
    for manager in list(_kernels):
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is None or process.poll() is not None:  # not started, or ended and reaped
            continue
        with suppress(OSError):
            if os.getpgid(process.pid) == process.pid:  # jupyter_client gives it its own group
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()


def _start_worker(creator: int) -> None:
    """Pool initializer: end with ``creator``, the process that made the pool, and on SIGTERM
    kill the kernel and exit."""
    # Ctrl-C in a terminal reaches the whole foreground group; the creator stops the workers.
    # (A handler, not SIG_IGN: an ignored signal would stay ignored in the kernels started.)
    signal.signal(signal.SIGINT, lambda signum, frame: None)
    signal.signal(signal.SIGTERM, _end_worker)
    end_with_creator(creator)


def end_with_creator(creator: int) -> None:
    """Make this worker process end when ``creator``, the process that started the pool, ends
    in any way, SIGKILL included.

    Where the creator is the parent on Linux (the ``fork`` and ``spawn`` start methods), the
    system kills this process at the parent's death (``PR_SET_PDEATHSIG``; strictly, when the
    parent's thread that started it ends: in :func:`run_parallel`, the one waiting for the
    pool). Otherwise (``forkserver``, whose server lives as long as any of its workers; other
    systems) a thread waits for the pipe that multiprocessing keeps from the creator to close.
    """
    if not is_alive(creator):
        _end_worker()
    if sys.platform.startswith("linux") and os.getppid() == creator:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != creator:  # it ended before this process could ask
            _end_worker()
    else:
        threading.Thread(target=_wait_for_creator, daemon=True).start()


def _wait_for_creator() -> None:
    multiprocessing.parent_process().join()
    _end_worker()


def _end_worker(signum: int = signal.SIGTERM, frame: object = None) -> None:
    kill_kernels()
    os._exit(128 + signum)


def _stop_workers(processes: Sequence[multiprocessing.Process]) -> None:
    """Terminate the pool's workers (each kills its kernel), killing any that do not end in time."""
    for process in processes:
        with suppress(OSError):
            process.terminate()
    deadline = time.monotonic() + WORKER_STOP_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


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
