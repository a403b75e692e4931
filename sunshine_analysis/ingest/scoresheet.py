"""Parse a sector score sheet into score cells, rows (for the total and duplicate checks) and exemptions."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sunshine_analysis.ingest.layout import (
    Header,
    sector_of_header,
)
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import normalise_text, parse_score
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.ingest.tables import data_rows, number_or_nan, resolve_cell, shown
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import Problems

EXEMPT_MARKS = ("免考", "不参加", "免于考评", "不参评", "不参与考评", "免评")
NO_SCORE_MARKS = ("", "—", "-", "–", "/", "无", "×")
"""Cells of a summary table that hold no score (the unit is not scored in that sector)."""


SCORE_CELLS = [
    *(c for c in contract.ITEM_SCORES if c not in contract.SOURCE),
    "found",
    "column",
    *contract.SOURCE,
]
"""Item scores as parsed: the contract's columns plus the raw text found and its column."""


SCORE_ROWS = [
    "unit_id",
    "sector",
    "sub_unit",
    "rater",
    "unit_text",
    "unit_column",
    "total",
    "total_found",
    "total_column",
    "item_sum",
    *contract.SOURCE,
]
"""One row per scored sheet row: who was scored, and the total the sheet gives."""


@dataclass(frozen=True)
class ScoreColumn:
    """A column of a score sheet that holds scores, and what each of its cells is.

    Attributes:
        index: The column's position in the sheet's rows.
        column: The header's name for it (shown in problems).
        item: The item scored (an item name, or :data:`TOTAL_ITEM` on total-only sheets).
        max_score: The item's maximum.
        rater: The rater the column belongs to (rater columns), else None: the row's rater.
    """

    index: int
    column: str
    item: str
    max_score: float
    rater: str | None = None


TOTAL_ITEM = "总分"
"""The item of a sheet that gives only a total per unit (or per rater)."""


def score_columns(header: Header, sector_max: float) -> list[ScoreColumn]:
    """The columns of a score sheet holding scores: items, else rater totals, else the total.

    A sheet with item columns is scored on them (its total column is checked against their
    sum); a sheet whose raters are laid out as columns (``评委1``…, or ``评分人`` over the
    raters' names) gives one total per rater; a sheet with neither gives its single total.
    Rater totals and single totals are the item :data:`TOTAL_ITEM`, with the maximum written
    in the header (``得分(100分)``), else the sector's maximum.

    >>> from sunshine_analysis.ingest.layout import find_header
    >>> header = find_header([["序号", "单位", "评委1", "评委2(100分)"]])
    >>> [(c.column, c.item, c.max_score, c.rater) for c in score_columns(header, 100.0)]
    [('评委1', '总分', 100.0, '评委1'), ('评委2', '总分', 100.0, '评委2')]
    """
    position = {name: i for i, name in enumerate(header.columns)}
    items = header.items()
    if items:
        return [ScoreColumn(position[c], c, c, m) for c, m in items.items()]
    raters = header.rater_columns()
    if raters:
        return [ScoreColumn(position[c], c, TOTAL_ITEM, m or sector_max, c) for c, m in raters.items()]
    total = header.column("total")
    if total is None:
        return []
    maximum = header.maxima[position[total]]
    return [ScoreColumn(position[total], total, TOTAL_ITEM, maximum or sector_max)]


def parse_score_sheet(
    sheet: Sheet,
    header: Header | int,
    sector: str,
    index: UnitIndex,
    problems: Problems,
    *,
    sector_max: float = 100.0,
) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """The cells, rows and exemptions of one sector score sheet, units resolved.

    Built from the row lists directly (no DataFrame per sheet): the year's sheets are
    concatenated once by the caller.

    Returns:
        Column → values of the item cells (:data:`SCORE_CELLS`: parsed score, NaN when
        empty, None when not a number, beside the raw text found), of the scored rows
        (:data:`SCORE_ROWS`) and of the exemptions (:data:`contract.EXEMPTIONS`).
    """
    records, numbers, header, _ = data_rows(sheet, header)
    file, name = str(sheet.file), sheet.name
    scoring = score_columns(header, sector_max)
    position = {c: i for i, c in enumerate(header.columns)}
    unit_col, sub_col, town_col, rater_col, total_col = (
        header.column(f) for f in ("unit", "sub_unit", "township", "rater", "total")
    )
    unit_i = position.get(unit_col) if unit_col else None
    sub_i, town_i, rater_i = (position[c] if c else None for c in (sub_col, town_col, rater_col))
    # A total is checked against the items only where items are given beside it, and only a
    # row's own total: one merged down over a unit's rater rows is the unit's result.
    total_i = position[total_col] if total_col and scoring and scoring[0].item != TOTAL_ITEM else None
    if total_i is not None and any(
        c0 <= total_i <= c1 and r1 > r0 and r1 > header.last_row for r0, c0, r1, c1 in sheet.merged
    ):
        total_i = None
    given_total = position[total_col] if total_col else None
    cells, rows, exempt = _tables()
    for record, row in zip(records, numbers, strict=True):
        unit_id = resolve_cell(
            record[unit_i] if unit_i is not None else None, unit_col, row, index, problems, file, name
        )
        if unit_id is None:
            continue
        raw = [record[c.index] for c in scoring]
        # No score at all: the cells empty, or holding the mark themselves (免考 under 得分).
        if all(_no_score(v) for v in raw) and (given_total is None or _no_score(record[given_total])):
            text = "".join(normalise_text(v) for v in record)
            mark = next((m for m in EXEMPT_MARKS if m in text), "")
            if mark:
                _add_row(exempt, contract.EXEMPTIONS, (unit_id, sector, mark, file, name, row))
                continue
            problems.add(
                file,
                "这一行没有任何分值，也没有免考标记",
                sheet=name,
                row=row,
                column=unit_col or "",
                found=shown(record[unit_i]),
                expected="各评分项的分值，或在备注中写明「免考」「不参加」",
            )
            continue
        # A village is known by its township too: 繁城镇/王庄村 and 台陈镇/王庄村 are two villages.
        parts = [normalise_text(record[i]) for i in (town_i, sub_i) if i is not None]
        sub = "/".join(p for p in parts if p)
        rater = normalise_text(record[rater_i]) if rater_i is not None else ""
        scores = [parse_score(v, c.max_score) for v, c in zip(raw, scoring, strict=True)]
        # NaN when any item is not a number: such a row's total cannot be checked.
        item_sum = math.fsum(scores) if None not in scores else math.nan
        total = record[total_i] if total_i is not None else None
        for col, value in (
            ("unit_id", unit_id),
            ("sector", sector),
            ("sub_unit", sub),
            ("rater", rater),
            ("unit_text", str(record[unit_i])),
            ("unit_column", unit_col),
            ("total", number_or_nan(total) if total_i is not None else math.nan),
            ("total_found", shown(total) if total_i is not None else ""),
            ("total_column", total_col if total_i is not None else ""),
            ("item_sum", item_sum),
            ("source_file", file),
            ("source_sheet", name),
            ("source_row", row),
        ):
            rows[col].append(value)
        for c, value, score in zip(scoring, raw, scores, strict=True):
            for col, v in (
                ("unit_id", unit_id),
                ("sector", sector),
                ("item", c.item),
                ("max_score", c.max_score),
                ("sub_unit", sub),
                ("rater", rater if c.rater is None else c.rater),
                ("score", math.nan if score is None else score),
                ("found", shown(value)),
                ("column", c.column),
                ("source_file", file),
                ("source_sheet", name),
                ("source_row", row),
            ):
                cells[col].append(v)
    return cells, rows, exempt


def _tables() -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """Empty columns of the item cells, the scored rows and the exemptions."""
    return (
        {c: [] for c in SCORE_CELLS},
        {c: [] for c in SCORE_ROWS},
        {c: [] for c in contract.EXEMPTIONS},
    )


def _add_row(table: dict[str, list], columns: list[str], values: tuple) -> None:
    for column, value in zip(columns, values, strict=True):
        table[column].append(value)


def parse_sector_summary(
    sheet: Sheet, header: Header, index: UnitIndex, problems: Problems, *, sector_max: float = 100.0
) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """The scores of a summary table (one row per unit, one column per sector), as total-only
    sheets of each sector would give them: the item :data:`TOTAL_ITEM` with the sector maximum.

    A cell marked 免考 (or another exemption mark) exempts the unit; an empty cell, or ``—``,
    ``-``, ``/``, ``无``, means no score there (an error only if the registry says the unit
    takes part); anything else must be a score.
    """
    records, numbers, header, _ = data_rows(sheet, header)
    file, name = str(sheet.file), sheet.name
    unit_col = header.column("unit")
    unit_i = header.columns.index(unit_col) if unit_col else None
    sectors = {i: sector_of_header(c) for i, c in enumerate(header.columns) if sector_of_header(c)}
    cells, rows, exempt = _tables()
    for record, row in zip(records, numbers, strict=True):
        unit_id = resolve_cell(
            record[unit_i] if unit_i is not None else None, unit_col, row, index, problems, file, name
        )
        if unit_id is None:
            continue
        for i, sector in sectors.items():
            text = normalise_text(record[i])
            if text in NO_SCORE_MARKS:
                continue
            mark = next((m for m in EXEMPT_MARKS if m in text), "")
            if mark:
                _add_row(exempt, contract.EXEMPTIONS, (unit_id, sector, mark, file, name, row))
                continue
            score = parse_score(record[i], sector_max)
            shared = {"unit_id": unit_id, "sector": sector, "sub_unit": "", "rater": ""}
            source = {"source_file": file, "source_sheet": name, "source_row": row}
            for col, value in {
                **shared,
                "unit_text": str(record[unit_i]),
                "unit_column": unit_col,
                "total": math.nan,
                "total_found": "",
                "total_column": "",
                "item_sum": math.nan,
                **source,
            }.items():
                rows[col].append(value)
            for col, value in {
                **shared,
                "item": TOTAL_ITEM,
                "max_score": sector_max,
                "score": math.nan if score is None else score,
                "found": shown(record[i]),
                "column": header.columns[i],
                **source,
            }.items():
                cells[col].append(value)
    return cells, rows, exempt


def _no_score(value: object) -> bool:
    text = normalise_text(value)
    return text == "" or any(m in text for m in EXEMPT_MARKS)
