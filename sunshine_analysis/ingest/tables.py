"""Turn recognised sheets into the tidy tables of :class:`~sunshine_analysis.inputs.YearInputs`.

Each parser takes a sheet and its :class:`~sunshine_analysis.ingest.layout.Header`, keeps
every cell's raw value beside its parsed one (so a problem can show what was found), and
leaves the checks of values to :mod:`~sunshine_analysis.ingest.validate`.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
from pypinyin import lazy_pinyin, load_phrases_dict

from sunshine_analysis import contract
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
from sunshine_analysis.problems import Problems
from sunshine_analysis.rules import Rules
from sunshine_analysis.vocab import SECTORS, UNIT_KINDS

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
    "unit_id",
    "sector",
    "item",
    "max_score",
    "sub_unit",
    "rater",
    "score",
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


def parse_score_sheet(
    sheet: Sheet, header: Header | int, sector: str, index: UnitIndex, problems: Problems
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The cells, rows and exemptions of one sector score sheet, units resolved.

    Returns:
        The item cells (:data:`SCORE_CELLS`: parsed score, NaN when not a number, beside
        the raw text found), the scored rows (:data:`SCORE_ROWS`) and the exemptions
        (:data:`contract.EXEMPTIONS`).
    """
    table, header, _ = read_table(sheet, header)
    file = str(sheet.file)
    items = header.items()
    unit_col = header.column("unit")
    sub_col, rater_col, total_col = (header.column(f) for f in ("sub_unit", "rater", "total"))
    table["unit_id"] = _resolve(table, unit_col, index, problems, file, sheet.name)
    table = table[table["unit_id"].notna()]
    item_texts = table[list(items)].map(normalise_text)
    no_items = (item_texts == "").all(axis=1)
    no_total = table[total_col].map(normalise_text) == "" if total_col else True
    row_text = table.drop(columns=["unit_id", "source_row"]).map(normalise_text).agg("".join, axis=1)
    mark = row_text.map(lambda t: next((m for m in EXEMPT_MARKS if m in t), ""))
    exempt = no_items & no_total & (mark != "")
    source = {"source_file": file, "source_sheet": sheet.name}
    exemptions = pd.DataFrame(
        {
            "unit_id": table.loc[exempt, "unit_id"],
            "sector": sector,
            "mark": mark[exempt],
            **source,
            "source_row": table.loc[exempt, "source_row"],
        },
        columns=contract.EXEMPTIONS,
    )
    scored = table[~exempt]
    rows = pd.DataFrame(
        {
            "unit_id": scored["unit_id"],
            "sector": sector,
            "sub_unit": scored[sub_col].map(normalise_text) if sub_col else "",
            "rater": scored[rater_col].map(normalise_text) if rater_col else "",
            "unit_text": scored[unit_col].astype(str),
            "unit_column": unit_col,
            "total": scored[total_col].map(parse_number) if total_col else float("nan"),
            "total_found": scored[total_col].map(_shown) if total_col else "",
            "total_column": total_col or "",
            # NaN when any item is not a number: such a row's total cannot be checked.
            "item_sum": scored[list(items)].map(parse_number).astype(float).sum(axis=1, skipna=False),
            **source,
            "source_row": scored["source_row"],
        },
        columns=SCORE_ROWS,
    )
    cells = rows[["unit_id", "sector", "sub_unit", "rater", "source_row"]].join(scored[list(items)])
    cells = cells.melt(
        id_vars=["unit_id", "sector", "sub_unit", "rater", "source_row"], var_name="column", value_name="raw"
    )
    cells["item"] = cells["column"]
    cells["max_score"] = cells["column"].map(items).astype(float)
    cells["score"] = cells["raw"].map(parse_number).astype(float)
    cells["found"] = cells["raw"].map(_shown)
    cells = cells.assign(**source).sort_values(["source_row", "column"], kind="stable")
    return (
        cells[SCORE_CELLS].reset_index(drop=True),
        rows.reset_index(drop=True),
        exemptions.reset_index(drop=True),
    )


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
    if unit_col is None:
        return pd.Series([None] * len(table), index=table.index, dtype=object)
    ids = table[unit_col].map(index.resolve)
    for name, row in zip(table.loc[ids.isna(), unit_col], table.loc[ids.isna(), "source_row"], strict=True):
        text = normalise_text(name)
        suggestions = index.candidates(name)
        message = (
            "单位名称为空"
            if not text
            else (
                "单位名称可对应多个单位，无法确定"
                if suggestions and index.is_ambiguous(name)
                else "单位名称无法对应到单位一览表"
            )
        )
        expected = "一览表中的单位名称" + ("，如：" + "、".join(suggestions) if suggestions else "")
        problems.add(
            file, message, sheet=sheet, row=row, column=unit_col, found=str(name or ""), expected=expected
        )
    return ids.astype(object)


def _shown(value: object) -> str:
    """A raw cell as shown in a problem: its text, or （空） when empty."""
    if value is None or (isinstance(value, float) and value != value):
        return "（空）"
    return str(value).strip() or "（空）"


def _cell_text(value: object) -> object:
    """A list cell: dates kept as dates, text stripped of outer spaces."""
    return value.strip() if isinstance(value, str) else value
