"""``make bench``: run every ``benchmarks/*.py`` module's ``main()`` and print one table."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main() -> int:
    """Run every benchmark; exit non-zero when a target is missed."""
    rows = []
    for module in pkgutil.iter_modules(benchmarks.__path__):
        if module.name.startswith("_"):
            continue
        rows.extend(importlib.import_module(f"benchmarks.{module.name}").main())
    print()
    print(f"{'benchmark':<24} {'measure':<44} {'ratio':>8}  {'target':<10} ok")
    for row in rows:
        print(
            f"{row['benchmark']:<24} {row['measure']:<44} {row['ratio']:>8.2f}  {row['target']:<10} "
            f"{'yes' if row['ok'] else 'NO'}"
        )
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
