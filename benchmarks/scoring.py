"""Scoring at province scale, side by side with a bare pandas groupby-sum over the same rows.

A synthetic year of 20,000 units, each in 5 sectors with 10 items, 5 raters and 3 sampled
sub-units (15 million item rows), is scored end to end by ``score_year`` (exact
arithmetic, trimming, sub-unit means, bonuses, caps, rounding, ranks, grades) and compared
with ``items.groupby([unit, sector, sub-unit, rater])["score"].sum()`` on the same frame.
The frame is shaped as the ingest gives it: text keys in ``str`` columns, and the items of
one sheet row (one rater's scoring of one sub-unit) on consecutive rows.

Targets: scoring at most 5x the bare groupby; 10x the data (2,000 → 20,000 units) at most
12x the time. Both sizes are built first; then the four timings (bare and scoring, small
and large) run in turn, ``REPEATS`` times, and each keeps its best, so that load from
other work on the machine hits all alike. The load average is printed with the results.
Peak memory (the process's maximum resident set, both frames and their construction
included) is printed.

Run with ``python -m benchmarks.scoring``.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest.inputs import YearInputs, empty
from sunshine_analysis.outputs import contract
from sunshine_analysis.scoring import score_year

UNITS, ITEMS, RATERS, SUB_UNITS = 20_000, 10, 5, 3
SEED = 7
REPEATS = 3


def synthetic_year(n_units: int, seed: int = SEED) -> YearInputs:
    """A year of ``n_units`` units, each in every sector, fully crossed items × raters × sub-units."""
    rng = np.random.default_rng(seed)
    sectors = list(SECTORS)
    ids = np.array([f"u{i:05d}" for i in range(n_units)], dtype=object)
    kinds = np.array(["county", "gov_dept"], dtype=object)[np.arange(n_units) % 2]
    units = pd.DataFrame(
        {
            "unit_id": ids,
            "unit_name": ids,
            "unit_kind": kinds,
            "rank_group": np.where(kinds == "county", "县区", "市直单位"),
            "sectors": ";".join(sectors),
        }
    )
    shape = (n_units, len(sectors), SUB_UNITS, RATERS, ITEMS)
    n = int(np.prod(shape))
    idx = np.indices(shape).reshape(len(shape), n)
    # Item maxima of 10 points; scores in half points, as the sheets give them.
    score = rng.integers(10, 21, size=n) / 2.0
    items = pd.DataFrame(
        {
            "unit_id": ids[idx[0]],
            "sector": np.array(sectors, dtype=object)[idx[1]],
            "item": np.array([f"item{i}" for i in range(ITEMS)], dtype=object)[idx[4]],
            "max_score": 10.0,
            "sub_unit": np.array([f"s{i}" for i in range(SUB_UNITS)], dtype=object)[idx[2]],
            "rater": np.array([f"r{i}" for i in range(RATERS)], dtype=object)[idx[3]],
            "score": score,
            "source_file": "synthetic.xlsx",
            "source_sheet": "Sheet1",
            "source_row": idx[0] + 2,
        }
    )
    return YearInputs(
        year=2020,
        raw_dir=None,
        units=units,
        item_scores=items[contract.ITEM_SCORES],
        exemptions=empty(contract.EXEMPTIONS),
    )


def _best_of_interleaved(*funcs: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    """The best time of each function, run in turn so that load from other work hits all alike."""
    best = [float("inf")] * len(funcs)
    for _ in range(repeats):
        for i, func in enumerate(funcs):
            gc.collect()
            start = time.perf_counter()
            func()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> list[dict]:
    """Measure and print the ratios; returns the rows for ``make bench``."""
    rules = load_rules(year=2020)
    small_year, year = synthetic_year(UNITS // 10), synthetic_year(UNITS)
    keys = ["unit_id", "sector", "sub_unit", "rater"]
    small_bare, small, bare, full = _best_of_interleaved(
        lambda: small_year.item_scores.groupby(keys)["score"].sum(),
        lambda: score_year(small_year, rules),
        lambda: year.item_scores.groupby(keys)["score"].sum(),
        lambda: score_year(year, rules),
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (
        1024 if sys.platform != "darwin" else 1024**2
    )
    rows = [
        {
            "benchmark": "scoring",
            "measure": f"score_year / bare groupby-sum ({UNITS} units)",
            "ratio": full / bare,
            "target": "<= 5",
            "ok": full / bare <= 5,
        },
        {
            "benchmark": "scoring",
            "measure": f"time at {UNITS} / time at {UNITS // 10} units",
            "ratio": full / small,
            "target": "<= 12",
            "ok": full / small <= 12,
        },
    ]
    print(f"scoring: {UNITS} units, {UNITS * len(SECTORS) * ITEMS * RATERS * SUB_UNITS:,} item rows")
    print(
        f"  bare groupby-sum {bare:.2f} s, score_year {full:.2f} s; at {UNITS // 10} units: "
        f"{small_bare:.2f} s, {small:.2f} s; peak memory {peak_mb:,.0f} MB; "
        f"load average {os.getloadavg()[0]:.2f} (best of {REPEATS}, on {os.cpu_count()} cores)"
    )
    for row in rows:
        verdict = "ok" if row["ok"] else "MISSED"
        print(f"  {row['measure']}: {row['ratio']:.2f} (target {row['target']}) {verdict}")
    return rows


if __name__ == "__main__":
    main()
