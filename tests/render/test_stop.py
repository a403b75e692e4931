"""``sunshine report`` stopped while its notebooks run: its worker processes and their kernels end
with it, whether it is killed (SIGKILL), terminated (SIGTERM) or interrupted (Ctrl-C, i.e. SIGINT
to its whole process group), and no file changes after; stopped by a signal it can handle, it
also removes what it had half made, publishes nothing and says so in Chinese, without a traceback.

Each run is the tiny year with two workers, in a child process whose every process is limited
to 3 GiB of address space (a kernel peaks near 1.2 GiB); every wait has a deadline. Processes
are found through /proc (Linux).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

import sunshine_analysis

MEMORY = 3 * 2**30
START = 90
"""Seconds for the run to reach its notebooks (scoring, then two kernels started)."""
GONE = 20
"""Seconds for every process the run had started to be gone once it is signalled."""
# The child, its workers and their kernels (which start in the notebooks' folder) must import
# the package under test, not whatever an installed copy points at.
PACKAGE_ROOT = Path(sunshine_analysis.__file__).parents[1]
REPORT = [sys.executable, "-m", "sunshine_analysis.cli", "report", "--jobs", "2"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _processes() -> dict[int, tuple[int, str, int]]:
    """Every process: pid → (parent pid, state, start time)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry)] = (int(fields[1]), fields[0], int(fields[19]))
    return table


def descendants(pid: int) -> dict[int, int]:
    """The processes below ``pid``: pid → start time (to tell a reused pid)."""
    table = _processes()
    found: dict[int, int] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, _, start) in table.items():
            if ppid == parent and child not in found:
                found[child] = start
                frontier.append(child)
    return found


def alive(processes: dict[int, int]) -> list[int]:
    """Those of ``processes`` still running (a zombie has ended; only its parent has not read it)."""
    table = _processes()
    return sorted(p for p, start in processes.items() if p in table and table[p][1:] != ("Z", start))


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``, hidden version folders included: name → (size, mtime)."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def start_report(raw: Path, root: Path, log: Path) -> subprocess.Popen:
    """``sunshine report`` on ``raw`` into ``root``, in its own process group as from a shell;
    returned once both of its kernels are running."""
    root.mkdir()
    path = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))
    with log.open("w") as stderr:
        child = subprocess.Popen(
            [*REPORT, str(raw), "--out", str(root / "reports"), "--data", str(root / "processed")],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            cwd=root,
            env=dict(os.environ, PYTHONPATH=path),
            start_new_session=True,
            preexec_fn=_limit_memory,
        )
    deadline = time.monotonic() + START
    while sum(map(_is_kernel, descendants(child.pid))) < 2:
        if child.poll() is not None or time.monotonic() > deadline:
            _end(child, descendants(child.pid))
            pytest.fail(f"the report did not reach its notebooks: {log.read_text()}")
        time.sleep(0.05)
    return child


def stop(child: subprocess.Popen, signum: int, *, group: bool = False) -> tuple[dict[int, int], float]:
    """Send ``signum`` to the run (or its process group) and wait for the run to end.

    Returns:
        The processes it had started, and the seconds until the last of them was gone (or
        ``GONE`` if some still run, having killed them).
    """
    started = descendants(child.pid)
    assert len(started) >= 4, started  # two workers, each with its kernel
    sent = time.monotonic()
    if group:
        os.killpg(child.pid, signum)
    else:
        os.kill(child.pid, signum)
    try:
        child.wait(timeout=GONE)
        while alive(started) and time.monotonic() - sent < GONE:
            time.sleep(0.02)
    finally:
        left = alive(started)
        _end(child, started)
    return started, GONE if left else time.monotonic() - sent


def _end(child: subprocess.Popen, started: dict[int, int]) -> None:
    for pid in [child.pid, *alive(started)]:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    child.wait(timeout=GONE)


def test_a_killed_report_leaves_no_process_and_nothing_writes_after(tmp_path: Path, tiny_year: Path) -> None:
    root, log = tmp_path / "out", tmp_path / "stderr.txt"
    child = start_report(tiny_year, root, log)
    started, seconds = stop(child, signal.SIGKILL)
    assert child.returncode == -signal.SIGKILL
    assert seconds < GONE, f"still running {GONE} s after the kill: {alive(started)}"
    # A kernel notices its worker's death within a second (ipykernel's parent poller).
    assert seconds < 5, seconds
    after = files_of(root)
    time.sleep(1)
    assert files_of(root) == after
    # SIGKILL cannot be handled: the half-made version folders stay, unpublished, until the
    # next run removes them (sunshine_analysis.outputs.atomic).
    assert not (root / "reports").exists() and not (root / "processed" / "2020").exists()


@pytest.mark.parametrize(
    ("signum", "group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["SIGTERM to the report", "Ctrl-C: SIGINT to its process group"],
)
def test_a_stopped_report_ends_its_processes_removes_its_work_and_says_so(
    tmp_path: Path, tiny_year: Path, signum: int, group: bool
) -> None:
    root, log = tmp_path / "out", tmp_path / "stderr.txt"
    child = start_report(tiny_year, root, log)
    started, seconds = stop(child, signum, group=group)
    assert child.returncode == 128 + signum, log.read_text()
    assert seconds < 5, f"still running after {seconds:.1f} s: {alive(started)}"
    message = log.read_text()
    assert "已中断" in message and "未完成的结果没有发布" in message
    assert "Traceback" not in message, message
    # Nothing published, no version folder left behind: only the folder made for the data.
    assert [p.relative_to(root).as_posix() for p in root.rglob("*")] == ["processed"]


# A pool started as Python 3.14 starts one on Linux (forkserver): a worker's parent is then the
# fork server, which lives as long as its workers do. Prints the worker's pid, then waits.
_FORKSERVER_POOL = """
import multiprocessing, os, time
from concurrent.futures import ProcessPoolExecutor
from sunshine_analysis.render import notebooks
if __name__ == "__main__":
    context = multiprocessing.get_context("forkserver")
    start = dict(initializer=notebooks._start_worker, initargs=(os.getpid(),))
    with ProcessPoolExecutor(1, context, **start) as pool:
        print(pool.submit(os.getpid).result(), flush=True)
        time.sleep(60)
"""


def test_a_worker_started_by_a_fork_server_ends_with_the_process_that_made_the_pool() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _FORKSERVER_POOL], stdout=subprocess.PIPE, text=True, preexec_fn=_limit_memory
    )
    started: dict[int, int] = {}
    try:
        worker = int(child.stdout.readline())
        started = descendants(child.pid)  # the fork server, the worker, multiprocessing's resource tracker
        assert worker in started
        child.kill()
        child.wait(timeout=GONE)
        deadline = time.monotonic() + GONE
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not alive(started)
    finally:
        _end(child, started)
        child.stdout.close()
