"""Problems found in the inputs, collected lazily and reported all at once.

Every reader and check appends :class:`Problem` rows instead of raising at the first one;
the caller raises :class:`InputError` once, with the whole table, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

import pandas as pd

PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "found", "expected", "message"]
PROBLEM_HEADERS = {
    "file": "文件",
    "sheet": "工作表",
    "row": "行",
    "column": "列",
    "found": "发现",
    "expected": "应为",
    "message": "说明",
}


def offending_rows(frame: pd.DataFrame) -> Iterator:
    """The rows of a table of offending rows, as named tuples; nothing at all for an empty one.

    Checks filter a table to its bad rows and report each. A good year has none, and pandas
    builds a new namedtuple class on every ``itertuples`` call (about 0.4 ms): before this,
    the largest single cost of validating a good year.
    """
    return frame.itertuples() if len(frame) else iter(())


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one input file; texts are Chinese, for the office."""

    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    found: str = ""
    expected: str = ""


@dataclass
class Problems:
    """An append-only collection of problems."""

    items: list[Problem] = field(default_factory=list)

    def add(self, file: str, message: str, **where: object) -> None:
        """Record one problem."""
        self.items.append(Problem(file=str(file), message=message, **where))  # type: ignore[arg-type]

    def unknown(self, file: str, column: str, found: str, choices: object, **where: object) -> None:
        """Record a cell whose value is none of ``choices`` (e.g. an unknown sector name)."""
        self.add(file, f"{column}无法识别", column=column, found=found, expected="、".join(choices), **where)

    def extend(self, other: Problems | list[Problem]) -> None:
        """Record every problem of ``other``."""
        self.items.extend(other.items if isinstance(other, Problems) else other)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table, in the order they were found."""
        rows = [asdict(p) for p in self.items]
        frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
        frame["row"] = frame["row"].astype("Int64")
        return frame

    def raise_if_any(self) -> None:
        """Raise :class:`InputError` holding every problem, if there is one."""
        if self.items:
            raise InputError(self.to_frame())


class InputError(Exception):
    """The inputs cannot be trusted; ``problems`` lists every reason at once."""

    def __init__(self, problems: pd.DataFrame) -> None:
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: pd.DataFrame) -> str:
    """A Chinese, human-readable listing of a problems table."""
    lines = [f"发现 {len(problems)} 个问题："]
    for i, p in enumerate(problems.itertuples(index=False), start=1):
        where = [str(p.file)]
        if p.sheet:
            where.append(f"工作表「{p.sheet}」")
        if pd.notna(p.row):
            where.append(f"第 {p.row} 行")
        if p.column:
            where.append(f"列「{p.column}」")
        line = f"{i}. {'，'.join(where)}：{p.message}"
        if p.found:
            line += f"（发现：{p.found}"
            line += f"；应为：{p.expected}）" if p.expected else "）"
        elif p.expected:
            line += f"（应为：{p.expected}）"
        lines.append(visible(line))
    return "\n".join(lines)


# Control characters and bidirectional overrides: from a hostile file name or cell they could
# rewrite the terminal (ANSI escapes) or reorder what the office reads.
_INVISIBLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    r"""``text`` with control characters shown as escapes, so it prints as what it is.

    >>> visible("临颍县\x1b[2J"), visible("a\nb"), visible("甲\t乙")
    ('临颍县\\x1b[2J', 'a\\nb', '甲\t乙')
    """
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
