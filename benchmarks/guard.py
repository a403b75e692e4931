"""What the input guard costs, and how fast it refuses hostile files, side by side in one run.

1. Overhead: the guard's checks (:func:`inspect_content` on every file's bytes and
   :func:`check_sheet` on every sheet) over the whole read of the sample year's spreadsheets.
   Target: at most 0.5 of the read. The sample's files are small, so fixed costs per file
   (opening the zip, streaming each worksheet once) dominate: about 1.5 ms a file.
2. Refusing a zip bomb that unpacks to 2 GiB, against reading the sample year's registry (a
   normal small workbook). Target: at most 1×: a bomb costs less than a normal file.
3. Refusing a 200,000-row sheet, against reading it without the guard (calamine into Python
   lists, as the reader would). Target: at most 0.1×.

Peak memory (the process's maximum resident set) is printed. Run with
``python -m benchmarks.guard``.
"""

from __future__ import annotations

import importlib.util
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from python_calamine import CalamineWorkbook

from sunshine_analysis.config import paths
from sunshine_analysis.ingest import guard
from sunshine_analysis.ingest.read import read_sheets

YEAR = 2020
REPEATS = 5
OVERHEAD_TARGET = 0.5
BOMB_TARGET = 1.0
ROWS_TARGET = 0.1


def _best_of(func: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def _refuse(path: Path) -> None:
    try:
        guard.inspect_content(path.read_bytes())
    except guard.Refused:
        return
    raise AssertionError(f"{path.name} was not refused")


def _read_unguarded(path: Path) -> None:
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def _corpus():
    spec = importlib.util.spec_from_file_location(
        "make_corpus", paths.PROJECT_ROOT / "tests" / "data" / "bad" / "make_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> list[dict]:
    """Measure and print the rows ``{"benchmark", "measure", "ratio", "target", "ok"}``."""
    raw = paths.raw_dir(YEAR)
    files = sorted(p for p in raw.rglob("*.xlsx") if not p.name.startswith("~$"))
    sheets = [s for p in files for s in read_sheets(p)]
    datas = [p.read_bytes() for p in files]

    def checks() -> None:
        for data in datas:
            guard.inspect_content(data)
        for sheet in sheets:
            guard.check_sheet(sheet)

    read = _best_of(lambda: [read_sheets(p) for p in files])
    overhead = _best_of(checks) / read
    registry = next(p for p in files if "一览表" in p.name)
    registry_read = _best_of(lambda: read_sheets(registry))
    with tempfile.TemporaryDirectory() as tmp:
        large = _corpus().make_large(Path(tmp))
        bomb = _best_of(lambda: _refuse(large["bomb"])) / registry_read
        unguarded = _best_of(lambda: _read_unguarded(large["rows"]), 1)
        rows = _best_of(lambda: _refuse(large["rows"])) / unguarded
    rows_out = [
        {
            "benchmark": "guard",
            "measure": f"checks / read of the {YEAR} sample ({len(files)} files)",
            "ratio": overhead,
            "target": f"<= {OVERHEAD_TARGET}",
            "ok": overhead <= OVERHEAD_TARGET,
        },
        {
            "benchmark": "guard",
            "measure": "refuse 2 GiB zip bomb / read registry",
            "ratio": bomb,
            "target": f"<= {BOMB_TARGET}",
            "ok": bomb <= BOMB_TARGET,
        },
        {
            "benchmark": "guard",
            "measure": "refuse 200,000-row sheet / read it unguarded",
            "ratio": rows,
            "target": f"<= {ROWS_TARGET}",
            "ok": rows <= ROWS_TARGET,
        },
    ]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for row in rows_out:
        ok = "ok" if row["ok"] else "MISSED"
        print(f"{row['measure']:<48} {row['ratio']:>8.3f}  {row['target']:<8} {ok}")
    print(f"peak memory {peak:.0f} MB")
    return rows_out


if __name__ == "__main__":
    main()
