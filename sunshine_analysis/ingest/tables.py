"""Turn recognised sheets into the tidy tables of :class:`~sunshine_analysis.ingest.inputs.YearInputs`.

Each parser takes a sheet and its :class:`~sunshine_analysis.ingest.layout.Header`, keeps
every cell's raw value beside its parsed one (so a problem can show what was found), and
leaves the checks of values to :mod:`~sunshine_analysis.ingest.validate`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd
from pypinyin import lazy_pinyin, load_phrases_dict

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS, UNIT_KINDS
from sunshine_analysis.ingest.layout import (
    FIELDS,
    NOTE_ROW_MARKS,
    SUMMARY_ROW_MARKS,
    Header,
    filled_rows,
    find_header,
    sector_of_header,
)
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import normalise_text, parse_number
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import Problems

PARTICIPATION_MARKS = {"√", "✓", "✔", "☑", "○", "●", "是", "Y", "y", "1", "参加", "有"}
ABSENCE_MARKS = {"", "×", "✗", "✘", "否", "N", "n", "0", "-", "—", "/", "无", "不参加"}
EXEMPT_MARKS = ("免考", "不参加", "免于考评", "不参评", "不参与考评", "免评")
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "county": ("县区", "县(区)", "县(市、区)", "县市区", "县、区", "县/区"),
    "zone": ("功能区", "开发区", "功能区(开发区)"),
    "party_dept": ("市委部委", "市委部门", "市委工作部门", "市委部委局"),
    "gov_dept": ("市直单位", "市直部门", "市直机关", "市政府部门", "政府部门", "市直"),
    "people_org": ("人民团体", "群团组织", "群团", "群团单位"),
}
_CATEGORY = {text: code for code, texts in CATEGORY_SYNONYMS.items() for text in texts}
LIST_FIELDS: dict[str, dict[str, str]] = {
    "innovation": {"title": "title", "sector": "sector_name", "rating": "rating"},
    "publicity": {"title": "title", "level": "level", "outlet": "outlet", "date": "date"},
    "deductions": {"category": "deduction_category", "doc_no": "doc_no", "date": "date", "reason": "reason"},
}
"""Output column → canonical field, per list kind; the first three of each are required."""
LIST_HEADERS = {
    "title": "标题",
    "sector_name": "所属板块",
    "rating": "评定等次",
    "level": "采用级别",
    "outlet": "采用媒体",
    "date": "日期",
    "deduction_category": "扣分类别",
    "doc_no": "文号",
    "reason": "事由",
}
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


def sheet_table(sheet: Sheet, header: Header | int) -> pd.DataFrame:
    """The table below the header block, raw values under the header's unique column names.

    Merged cells are filled; blank rows, repeated header rows, 合计/平均/小计 rows and the
    注/备注/填表人 rows below the table are left out (counted in ``table.attrs["skipped"]``);
    every kept row carries ``source_row``, its row number in the sheet as Excel shows it.

    Args:
        sheet: The sheet.
        header: Its header block, or the 0-based row where the header block starts.
    """
    table, _, skipped = read_table(sheet, header)
    table.attrs["skipped"] = skipped
    return table


def read_table(sheet: Sheet, header: Header | int) -> tuple[pd.DataFrame, Header, dict[str, int]]:
    """:func:`sheet_table` with its header block and the counts of rows left out, for the parsers."""
    records, numbers, header, skipped = data_rows(sheet, header)
    table = pd.DataFrame(records, columns=list(header.columns), dtype=object)
    table["source_row"] = numbers
    return table, header, skipped


def data_rows(
    sheet: Sheet, header: Header | int
) -> tuple[list[list[object]], list[int], Header, dict[str, int]]:
    """The data rows of a sheet as lists of cells, their Excel row numbers, the header, rows left out."""
    rows = filled_rows(sheet)
    if isinstance(header, int):
        found = find_header(rows, header)
        if found is None:
            raise ValueError(f"第 {header + 1} 行不是表头")
        header = found
    width = len(header.columns)
    header_texts = [normalise_text(c) for c in rows[header.first_row]]
    key_cols = [i for i, f in enumerate(header.fields) if f in ("serial", "unit", "sub_unit")] or [0]
    records, numbers, skipped = [], [], {"合计行": 0, "备注行": 0}
    in_notes = False
    for offset in range(header.last_row + 1, len(rows)):
        cells = [*rows[offset][:width], *[""] * (width - len(rows[offset]))]
        texts = [normalise_text(c) for c in cells]
        filled = [t for t in texts if t]
        if not filled or texts == header_texts[:width]:
            continue
        if filled[0].startswith(NOTE_ROW_MARKS) or (in_notes and len(filled) == 1):
            in_notes = True
            skipped["备注行"] += 1
            continue
        in_notes = False
        if any(texts[c].startswith(SUMMARY_ROW_MARKS) for c in key_cols):
            skipped["合计行"] += 1
            continue
        records.append(cells)
        numbers.append(offset + 1)
    return records, numbers, header, {k: v for k, v in skipped.items() if v}


@cache
def _teach_place_names() -> None:
    # pypinyin reads 漯 as tà; in the city's name it is luò.
    load_phrases_dict({"漯河": [["luò"], ["hé"]]})


def unit_slug(name: str) -> str:
    """A stable ASCII id for a canonical unit name (its pinyin).

    >>> unit_slug("临颍县"), unit_slug("市委组织部"), unit_slug("漯河市中级人民法院")
    ('linyingxian', 'shiweizuzhibu', 'luoheshizhongjirenminfayuan')
    """
    _teach_place_names()
    syllables = lazy_pinyin(normalise_text(name), errors=lambda s: [c for c in s if c.isalnum()])
    return re.sub(r"[^a-z0-9]+", "", "".join(syllables).lower()) or "unit"


def unit_kind_of(category: object) -> str | None:
    """The unit kind code of a registry category (with synonyms).

    >>> unit_kind_of("县（区）"), unit_kind_of("市直机关"), unit_kind_of("其他")
    ('county', 'gov_dept', None)
    """
    return _CATEGORY.get(normalise_text(category))


def parse_registry(sheet: Sheet, header: Header | int, rules: Rules, problems: Problems) -> pd.DataFrame:
    """The registry: one row per unit with its kind, rank group, sectors and aliases."""
    table, header, _ = read_table(sheet, header)
    file, where = str(sheet.file), {"sheet": sheet.name}
    name_col, cat_col, alias_col = (header.column(f) for f in ("unit", "category", "alias"))
    sector_cols = {sector_of_header(c): c for c in header.columns if sector_of_header(c)}
    rows = []
    for r in table.to_dict("records"):
        row = r["source_row"]
        name = normalise_text(r[name_col])
        kind = unit_kind_of(r[cat_col])
        if not name:
            problems.add(file, "单位名称为空", row=row, column=name_col, **where)
            continue
        if kind is None:
            problems.add(
                file,
                "单位类别无法识别",
                row=row,
                column=cat_col,
                found=str(r[cat_col] or "（空）"),
                expected="、".join(UNIT_KINDS.values()),
                **where,
            )
            continue
        sectors = []
        for code in SECTORS:
            mark = normalise_text(r[sector_cols[code]]) if code in sector_cols else ""
            if mark in PARTICIPATION_MARKS:
                sectors.append(code)
            elif mark not in ABSENCE_MARKS:
                problems.add(
                    file,
                    "参加板块的标记无法识别",
                    row=row,
                    column=sector_cols[code],
                    found=mark,
                    expected="√（参加）或留空（不参加）",
                    **where,
                )
        aliases = [a for a in re.split(r"[、,;；/]", normalise_text(r[alias_col])) if a] if alias_col else []
        rows.append(
            {
                "unit_name": name,
                "unit_kind": kind,
                "rank_group": rules.rank_group_of(kind),
                "sectors": ";".join(sectors),
                "aliases": aliases,
                "source_row": row,
            }
        )
    units = pd.DataFrame(
        rows, columns=["unit_name", "unit_kind", "rank_group", "sectors", "aliases", "source_row"]
    )
    slugs = units["unit_name"].map(unit_slug)
    # Homophones share a slug; the later ones get a numeric suffix, in registry order.
    dup = slugs.groupby(slugs).cumcount()
    units.insert(0, "unit_id", slugs.where(dup == 0, slugs + (dup + 1).astype(str)))
    for r in units[units["unit_name"].duplicated()].itertuples():
        problems.add(
            file,
            "单位名称重复",
            row=r.source_row,
            column=name_col,
            found=r.unit_name,
            expected="每个单位只列一次",
            **where,
        )
    return units


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
    unit_col, sub_col, rater_col, total_col = (
        header.column(f) for f in ("unit", "sub_unit", "rater", "total")
    )
    unit_i = position.get(unit_col) if unit_col else None
    sub_i, rater_i = (position[c] if c else None for c in (sub_col, rater_col))
    # A total is checked against the items only where items are given beside it.
    total_i = position[total_col] if total_col and scoring and scoring[0].item != TOTAL_ITEM else None
    given_total = position[total_col] if total_col else None
    cells: dict[str, list] = {c: [] for c in SCORE_CELLS}
    rows: dict[str, list] = {c: [] for c in SCORE_ROWS}
    exempt: dict[str, list] = {c: [] for c in contract.EXEMPTIONS}
    for record, row in zip(records, numbers, strict=True):
        unit_id = _resolve_one(
            record[unit_i] if unit_i is not None else None, unit_col, row, index, problems, file, name
        )
        if unit_id is None:
            continue
        raw = [record[c.index] for c in scoring]
        if all(normalise_text(v) == "" for v in raw) and (
            given_total is None or normalise_text(record[given_total]) == ""
        ):
            text = "".join(normalise_text(v) for v in record)
            mark = next((m for m in EXEMPT_MARKS if m in text), "")
            if mark:
                for col, value in zip(
                    contract.EXEMPTIONS, (unit_id, sector, mark, file, name, row), strict=True
                ):
                    exempt[col].append(value)
                continue
        sub = normalise_text(record[sub_i]) if sub_i is not None else ""
        rater = normalise_text(record[rater_i]) if rater_i is not None else ""
        scores = [parse_number(v) for v in raw]
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
            ("total", _number_or_nan(total) if total_i is not None else math.nan),
            ("total_found", _shown(total) if total_i is not None else ""),
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
                ("found", _shown(value)),
                ("column", c.column),
                ("source_file", file),
                ("source_sheet", name),
                ("source_row", row),
            ):
                cells[col].append(v)
    return cells, rows, exempt


def parse_list(
    sheet: Sheet, header: Header | int, kind: str, index: UnitIndex, problems: Problems
) -> pd.DataFrame:
    """A per-unit list (innovation, publicity, deductions): named columns, units resolved.

    Returns:
        ``unit_id``, the kind's output columns (:data:`LIST_FIELDS`) and the source columns.
    """
    table, header, _ = read_table(sheet, header)
    file = str(sheet.file)
    fields = LIST_FIELDS[kind]
    columns = ["unit_id", *fields, *contract.SOURCE]
    found = {out: header.column(f) for out, f in fields.items()}
    for out, col in list(found.items())[:3]:
        if col is None:
            problems.add(
                file,
                "缺少必需的列",
                sheet=sheet.name,
                column=LIST_HEADERS[fields[out]],
                expected="、".join(FIELDS[fields[out]]),
            )
    if None in list(found.values())[:3]:
        return pd.DataFrame(columns=columns)
    table["unit_id"] = _resolve(table, header.column("unit"), index, problems, file, sheet.name)
    table = table[table["unit_id"].notna()]
    out = pd.DataFrame({"unit_id": table["unit_id"]})
    for name, col in found.items():
        out[name] = table[col].map(_cell_text) if col else ""
    out = out.assign(source_file=file, source_sheet=sheet.name, source_row=table["source_row"])
    return out[columns].reset_index(drop=True)


def parse_simple(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, tuple[str, ...]],
    index: UnitIndex,
    problems: Problems,
) -> pd.DataFrame:
    """Any per-unit table: output column → accepted header texts, units resolved.

    Kept for readers of other tables (status tables, submission logs): columns are matched
    by their exact (normalised) header texts, the unit column by its synonyms.
    """
    table, header, _ = read_table(sheet, header_row)
    file = str(sheet.file)
    found = {
        out: next((s for s in synonyms if s in header.columns), None) for out, synonyms in columns.items()
    }
    for out, col in found.items():
        if col is None:
            problems.add(
                file,
                "缺少必需的列",
                sheet=sheet.name,
                column=columns[out][0],
                expected="、".join(columns[out]),
            )
    unit_col = header.column("unit")
    if unit_col is None or None in found.values():
        return pd.DataFrame(columns=["unit_id", *columns, *contract.SOURCE])
    table["unit_id"] = _resolve(table, unit_col, index, problems, file, sheet.name)
    table = table[table["unit_id"].notna()]
    out = pd.DataFrame({"unit_id": table["unit_id"]})
    for name, col in found.items():
        out[name] = table[col].map(_cell_text)
    out = out.assign(source_file=file, source_sheet=sheet.name, source_row=table["source_row"])
    return out[["unit_id", *columns, *contract.SOURCE]].reset_index(drop=True)


def _resolve(
    table: pd.DataFrame, unit_col: str | None, index: UnitIndex, problems: Problems, file: str, sheet: str
) -> pd.Series:
    """The unit_id of each row (None where unknown, each such row reported with suggestions)."""
    ids = [
        _resolve_one(name if unit_col else None, unit_col, row, index, problems, file, sheet)
        for name, row in zip(
            table[unit_col] if unit_col else [None] * len(table), table["source_row"], strict=True
        )
    ]
    return pd.Series(ids, index=table.index, dtype=object)


def _resolve_one(
    name: object, unit_col: str | None, row: int, index: UnitIndex, problems: Problems, file: str, sheet: str
) -> str | None:
    """The unit_id of one unit cell, or None (reported with suggestions when a column is given)."""
    if unit_col is None:
        return None
    unit_id = index.resolve(name)
    if unit_id is not None:
        return unit_id
    text = normalise_text(name)
    suggestions = index.candidates(name)
    if not text:
        message = "单位名称为空"
    elif suggestions and index.is_ambiguous(name):
        message = "单位名称可对应多个单位，无法确定"
    else:
        message = "单位名称无法对应到单位一览表"
    expected = "一览表中的单位名称" + ("，如：" + "、".join(suggestions) if suggestions else "")
    problems.add(
        file, message, sheet=sheet, row=row, column=unit_col, found=str(name or ""), expected=expected
    )
    return None


def _number_or_nan(value: object) -> float:
    """A total cell as a number; NaN when empty or not a number (its text tells which)."""
    number = parse_number(value)
    return math.nan if number is None else number


def _shown(value: object) -> str:
    """A raw cell as shown in a problem: its text, or （空） when empty."""
    if value is None or (isinstance(value, float) and value != value):
        return "（空）"
    return str(value).strip() or "（空）"


def _cell_text(value: object) -> object:
    """A list cell: dates kept as dates, text stripped of outer spaces."""
    return value.strip() if isinstance(value, str) else value
