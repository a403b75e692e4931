"""Turn recognised sheets into the tidy tables of :class:`~sunshine_analysis.inputs.YearInputs`."""

from __future__ import annotations

import math
import re

import pandas as pd
from pypinyin import lazy_pinyin

from sunshine_analysis import contract
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import normalise_text, parse_item_header, parse_number
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.ingest.recognise import UNIT_HEADERS
from sunshine_analysis.problems import Problems
from sunshine_analysis.rules import Rules
from sunshine_analysis.vocab import EXEMPT_MARKS, SECTOR_BY_NAME, SECTORS, UNIT_KIND_BY_NAME, UNIT_KINDS

SUMMARY_ROW_MARKS = ("合计", "总计", "平均", "小计")
NOTE_ROW_MARKS = ("注", "备注", "说明", "填表人", "审核人", "制表人", "联系人")
PARTICIPATION_MARKS = {"√", "✓", "✔", "○", "是", "Y", "y", "1", "参加"}
SUB_UNIT_HEADERS = ("抽查单位", "抽查村", "抽查对象", "被抽查单位", "抽查村(居)", "抽查乡镇")
RATER_HEADERS = ("评分人", "考评组成员", "评委", "打分人")
TOTAL_HEADERS = ("总分", "得分", "考评得分", "合计", "总得分")
TOTAL_TOLERANCE = 0.01


def sheet_table(sheet: Sheet, header_row: int) -> pd.DataFrame:
    """The table below the header row, as strings-or-values with normalised headers.

    Blank rows, 合计/平均/小计 rows and the note rows below a table are left out; every
    kept row carries ``source_row``, its row number in the sheet as Excel shows it.
    """
    headers = [normalise_text(c) for c in sheet.rows[header_row]]
    seen: dict[str, int] = {}
    unique = []
    for h in headers:
        h = h or f"列{len(unique) + 1}"
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h}.{seen[h] - 1}")
    width = len(unique)
    records, rows = [], []
    for offset, row in enumerate(sheet.rows[header_row + 1 :], start=header_row + 2):
        cells = [*row[:width], *[""] * (width - len(row))]
        texts = [normalise_text(c) for c in cells]
        filled = [t for t in texts if t]
        if not filled:
            continue
        first = filled[0] if not _is_serial(texts[0]) or len(filled) == 1 else filled[1]
        if first.startswith(NOTE_ROW_MARKS) or first.startswith(SUMMARY_ROW_MARKS):
            continue
        if texts[0].startswith(SUMMARY_ROW_MARKS):
            continue
        records.append(cells)
        rows.append(offset)
    table = pd.DataFrame(records, columns=unique, dtype=object)
    table["source_row"] = rows
    return table


def _is_serial(text: str) -> bool:
    return text.isdigit()


def unit_slug(name: str) -> str:
    """A stable ASCII id for a canonical unit name (its pinyin).

    >>> unit_slug("临颍县"), unit_slug("市委组织部")
    ('linyingxian', 'shiweizuzhibu')
    """
    syllables = lazy_pinyin(normalise_text(name), errors=lambda s: [c for c in s if c.isalnum()])
    return re.sub(r"[^a-z0-9]+", "", "".join(syllables).lower()) or "unit"


def parse_registry(sheet: Sheet, header_row: int, rules: Rules, problems: Problems) -> pd.DataFrame:
    """The registry: one row per unit with its kind, rank group and sectors."""
    table = sheet_table(sheet, header_row)
    file = sheet.file.name
    name_col = _first(table, ("单位名称", "单位", "被考评单位"))
    sector_cols = {SECTOR_BY_NAME[c]: c for c in table.columns if c in SECTOR_BY_NAME}
    alias_col = _first(table, ("别名", "简称", "其他名称"))
    rows = []
    for r in table.to_dict("records"):
        name = normalise_text(r[name_col]) if name_col else ""
        kind = UNIT_KIND_BY_NAME.get(normalise_text(r.get("类别")))
        if not name:
            problems.add(
                file, "单位名称为空", sheet=sheet.name, row=r["source_row"], column=name_col or "单位名称"
            )
            continue
        if kind is None:
            problems.add(
                file,
                "单位类别无法识别",
                sheet=sheet.name,
                row=r["source_row"],
                column="类别",
                found=str(r.get("类别")),
                expected="、".join(UNIT_KINDS.values()),
            )
            continue
        sectors = [
            code
            for code in SECTORS
            if code in sector_cols and normalise_text(r[sector_cols[code]]) in PARTICIPATION_MARKS
        ]
        aliases = [a for a in re.split(r"[、,;；]", normalise_text(r[alias_col])) if a] if alias_col else []
        rows.append(
            {
                "unit_name": name,
                "unit_kind": kind,
                "rank_group": rules.rank_group_of(kind),
                "sectors": ";".join(sectors),
                "aliases": aliases,
                "source_row": r["source_row"],
            }
        )
    units = pd.DataFrame(
        rows, columns=["unit_name", "unit_kind", "rank_group", "sectors", "aliases", "source_row"]
    )
    slugs = units["unit_name"].map(unit_slug)
    # Homophones share a slug; the later ones get a numeric suffix, in registry order.
    dup = slugs.groupby(slugs).cumcount()
    units.insert(0, "unit_id", slugs.where(dup == 0, slugs + (dup + 1).astype(str)))
    for name in units.loc[units["unit_name"].duplicated(), "unit_name"]:
        problems.add(file, "单位名称重复", sheet=sheet.name, column=name_col or "单位名称", found=name)
    return units


def parse_score_sheet(
    sheet: Sheet, header_row: int, sector: str, index: UnitIndex, problems: Problems
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Item scores and exemptions of one sector score sheet, every cell checked."""
    table = sheet_table(sheet, header_row)
    file = sheet.file.name
    unit_col = _first(table, UNIT_HEADERS)
    sub_col = _first(table, SUB_UNIT_HEADERS)
    rater_col = _first(table, RATER_HEADERS)
    total_col = _first(table, TOTAL_HEADERS)
    items = {c: parse_item_header(c) for c in table.columns}
    items = {c: v for c, v in items.items() if v is not None}
    scores, exemptions, seen = [], [], {}
    for r in table.to_dict("records"):
        row = r["source_row"]
        where = {"sheet": sheet.name, "row": row}
        unit_id = index.resolve(r[unit_col])
        if unit_id is None:
            problems.add(
                file,
                "单位名称无法对应到单位一览表",
                column=unit_col,
                found=str(r[unit_col]),
                expected="一览表中的单位，如：" + "、".join(index.candidates(r[unit_col]))
                or "一览表中的单位",
                **where,
            )
            continue
        remark = " ".join(normalise_text(r[c]) for c in table.columns if c != "source_row")
        values = {c: parse_number(r[c]) for c in items}
        if all(isinstance(v, float) and math.isnan(v) for v in values.values()) and any(
            m in remark for m in EXEMPT_MARKS
        ):
            mark = next(m for m in EXEMPT_MARKS if m in remark)
            exemptions.append(
                {
                    "unit_id": unit_id,
                    "sector": sector,
                    "mark": mark,
                    "source_file": file,
                    "source_sheet": sheet.name,
                    "source_row": row,
                }
            )
            continue
        sub_unit = normalise_text(r[sub_col]) if sub_col else ""
        rater = normalise_text(r[rater_col]) if rater_col else ""
        key = (unit_id, sub_unit, rater)
        if key in seen:
            problems.add(
                file,
                "同一单位（抽查单位、评分人）重复评分",
                column=unit_col,
                found=f"{r[unit_col]} {sub_unit} {rater}".strip(),
                expected=f"只出现一次（已见于第 {seen[key]} 行）",
                **where,
            )
            continue
        seen[key] = row
        total = 0.0
        ok = True
        for col, (item, maximum) in items.items():
            value = values[col]
            if value is None or math.isnan(value):
                problems.add(
                    file,
                    "分值缺失或不是数字" if value is not None else "分值不是数字",
                    column=col,
                    found=str(r[col]),
                    expected=f"0 到 {maximum:g} 之间的数字",
                    **where,
                )
                ok = False
                continue
            if not 0 <= value <= maximum:
                problems.add(
                    file,
                    "分值超出该项分值范围",
                    column=col,
                    found=f"{value:g}",
                    expected=f"0 到 {maximum:g}",
                    **where,
                )
                ok = False
            total += value
            scores.append(
                {
                    "unit_id": unit_id,
                    "sector": sector,
                    "item": item,
                    "max_score": maximum,
                    "sub_unit": sub_unit,
                    "rater": rater,
                    "score": value,
                    "source_file": file,
                    "source_sheet": sheet.name,
                    "source_row": row,
                }
            )
        if ok and total_col:
            given = parse_number(r[total_col])
            if given is None or (not math.isnan(given) and abs(given - total) > TOTAL_TOLERANCE - 1e-9):
                problems.add(
                    file,
                    "各项得分之和与总分不一致",
                    column=total_col,
                    found=str(r[total_col]),
                    expected=f"{total:.2f}（各项之和）",
                    **where,
                )
    return (
        pd.DataFrame(scores, columns=contract.ITEM_SCORES),
        pd.DataFrame(exemptions, columns=contract.EXEMPTIONS),
    )


def parse_simple(
    sheet: Sheet,
    header_row: int,
    columns: dict[str, tuple[str, ...]],
    index: UnitIndex,
    problems: Problems,
) -> pd.DataFrame:
    """A per-unit list (innovation, publicity, deductions): named columns, units resolved.

    Args:
        columns: Output column → accepted header synonyms; ``unit_id`` is resolved.
    """
    table = sheet_table(sheet, header_row)
    file = sheet.file.name
    unit_col = _first(table, UNIT_HEADERS)
    found = {out: _first(table, synonyms) for out, synonyms in columns.items()}
    for out, col in found.items():
        if col is None:
            problems.add(
                file,
                "缺少必需的列",
                sheet=sheet.name,
                column=columns[out][0],
                expected="、".join(columns[out]),
            )
    if unit_col is None or None in found.values():
        return pd.DataFrame(columns=["unit_id", *columns, *contract.SOURCE])
    rows = []
    for r in table.to_dict("records"):
        unit_id = index.resolve(r[unit_col])
        if unit_id is None:
            problems.add(
                file,
                "单位名称无法对应到单位一览表",
                sheet=sheet.name,
                row=r["source_row"],
                column=unit_col,
                found=str(r[unit_col]),
                expected="一览表中的单位，如：" + "、".join(index.candidates(r[unit_col])),
            )
            continue
        out = {"unit_id": unit_id}
        for name, col in found.items():
            value = r[col]
            out[name] = value if not isinstance(value, str) else value.strip()
        out.update(source_file=file, source_sheet=sheet.name, source_row=r["source_row"])
        rows.append(out)
    return pd.DataFrame(rows, columns=["unit_id", *columns, *contract.SOURCE])


def _first(table: pd.DataFrame, synonyms: tuple[str, ...]) -> str | None:
    for name in synonyms:
        if name in table.columns:
            return name
    return None
