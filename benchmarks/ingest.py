"""The project's whole ingest of the sample year against a plain openpyxl read of the same files.

The project side is :func:`sunshine_analysis.ingest.check_year`: reading every file,
recognising, normalising and validating. The baseline is ``pandas.read_excel(engine="openpyxl")``
of every sheet of the same Excel workbooks, reading only. Target: the project at least 4×
faster. Run with ``python -m benchmarks.ingest``.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable

import pandas as pd

from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year
from sunshine_analysis.ingest.read import detect_format

YEAR = 2020
TARGET = 4.0
REPEATS = 9


def _best_of_interleaved(*funcs: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    """The best time of each function, run in turn so that load from other work hits both alike."""
    best = [float("inf")] * len(funcs)
    for _ in range(repeats):
        for i, func in enumerate(funcs):
            start = time.perf_counter()
            func()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> list[dict]:
    """Time both reads side by side; one row per measure."""
    raw = paths.raw_dir(YEAR)
    rules = load_rules(year=YEAR)
    workbooks = [p for p in sorted(raw.rglob("*")) if p.is_file() and detect_format(p.read_bytes()) == "xlsx"]

    def project() -> None:
        result = check_year(raw, rules, year=YEAR)
        assert not result.problems, "the sample year should validate"

    def openpyxl() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about default styles
            for path in workbooks:
                pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")

    project()  # warm caches (imports, pinyin tables) before timing either side
    ours, theirs = _best_of_interleaved(project, openpyxl)
    ratio = theirs / ours
    return [
        {
            "benchmark": "ingest",
            "measure": f"openpyxl 读取 {len(workbooks)} 个工作簿 {theirs:.3f}s ÷ 本项目完整导入 {ours:.3f}s",
            "ratio": round(ratio, 2),
            "target": f">= {TARGET:g}",
            "ok": ratio >= TARGET,
        }
    ]


if __name__ == "__main__":
    for row in main():
        print(row)
