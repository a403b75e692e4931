"""The sector score sheets and the registry, in the office's templates or as real senders lay them out.

With ``layout="varied"`` each sector's score sheet comes as a different sender would send it
(:data:`VARIED_SHEETS`): the same scores, other spellings, headers, formats and extra rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from sunshine_analysis.config.vocab import SECTORS, UNIT_KINDS
from sunshine_analysis.sample.files import write_grid, write_xlsx
from sunshine_analysis.sample.world import REGISTRY, SCORE_SHEET, DemoUnit, SampleYear, cell_number, one


def write_registry(y: SampleYear, out: Path, title: str | None) -> Path:
    rows = []
    for i, unit in enumerate(y.units, 1):
        marks = ["√" if code in unit.sectors else None for code in SECTORS]
        rows.append([i, unit.name, UNIT_KINDS[unit.kind], *marks, "、".join(unit.aliases) or None])
    header = ["序号", "单位名称", "类别", *SECTORS.values(), "别名"]
    return write_xlsx(out / REGISTRY, "一览表", header, rows, {2: 24, 9: 24}, title=title)


def write_score_sheet(y: SampleYear, out: Path, code: str) -> Path:
    conf = y.sector_conf(code)
    rows_by_unit = y.scores[code]
    with_sub = any(r.sub_unit for rows in rows_by_unit.values() if rows for r in rows)
    with_rater = bool(conf["raters"])
    items = [f"{name}({maximum}分)" for name, maximum in conf["items"]]
    header = ["序号", "被考评单位"]
    header += ["抽查单位"] if with_sub else []
    header += ["评分人"] if with_rater else []
    header += [*items, "总分", "备注"]
    out_rows = []
    for name, unit_rows in rows_by_unit.items():
        lead = [name] + ([None] if with_sub else []) + ([None] if with_rater else [])
        if unit_rows is None:
            out_rows.append([len(out_rows) + 1, *lead, *[None] * len(items), None, "免考"])
            continue
        for row in unit_rows:
            cells = [name]
            cells += [row.sub_unit or None] if with_sub else []
            cells += [row.rater or None] if with_rater else []
            scores = [cell_number(t) for t in row.items]
            out_rows.append([len(out_rows) + 1, *cells, *scores, cell_number(sum(row.items)), None])
    filename = SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    return write_xlsx(out / filename, SECTORS[code], header, out_rows, {2: 24, 3: 18})


def _full_width(text: str) -> str:
    """``12.5`` → ``１２．５``, ``(10分)`` → ``（１０分）``: as typed with a Chinese input method."""
    return text.translate(_FULL_WIDTH)


_FULL_WIDTH = str.maketrans("0123456789.()", "０１２３４５６７８９．（）")


def _spelling(rng: np.random.Generator, unit: DemoUnit) -> str:
    """One spelling a sender uses: canonical, an alias, with the city prefix, or with stray spaces."""
    forms = [unit.name, *unit.aliases]
    if unit.name.startswith("市委"):
        forms.append("中共漯河" + unit.name)
    elif unit.name.startswith("市"):
        forms.append("漯河" + unit.name)
    if len(unit.name) == 3:
        forms.append(" ".join(unit.name))
    return one(rng, forms)


def _score_cell(rng: np.random.Generator, tenths: int) -> int | float | str:
    """A score as a number, or now and then as full-width text (``９０．５``)."""
    value = cell_number(tenths)
    return _full_width(str(value)) if rng.random() < 0.08 else value


def _title(y: SampleYear, code: str) -> str:
    return f"{y.year}年度“{SECTORS[code]}”建设考评得分汇总表"


def _merged_two_row(y: SampleYear, out: Path, code: str, rng: np.random.Generator) -> Path:
    """Merged title, a sender line, a two-row header with the items under a merged group cell,
    full-width maxima, each unit merged over its sampled sub-units, a 合计 row, note rows."""
    conf = y.sector_conf(code)
    items = conf["items"]
    last = 3 + len(items) + 2
    grid: list[list[Any]] = [
        [_title(y, code)],
        [f"填报单位：{conf['lead']}", *[None] * (last - 3), f"填报日期：{y.year}年7月1日"],
        [],
        ["序号", "被考评单位", "抽查单位", "考评项目", *[None] * (len(items) - 1), "总分", "备注"],
        [None, None, None, *(_full_width(f"{n}({m}分)") for n, m in items)],
    ]
    merges = [
        f"A1:{get_column_letter(last)}1",
        "A4:A5",
        "B4:B5",
        "C4:C5",
        f"D4:{get_column_letter(3 + len(items))}4",
    ]
    merges += [f"{get_column_letter(c)}4:{get_column_letter(c)}5" for c in (last - 1, last)]
    sums = [0] * (len(items) + 1)
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        first = len(grid) + 1
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            grid.append([serial, spelled, None, *[None] * len(items), None, "免考"])
            continue
        for k, row in enumerate(rows):
            lead = [serial, spelled] if k == 0 else [None, None]
            cells = [_score_cell(rng, t) for t in row.items]
            grid.append([*lead, row.sub_unit or None, *cells, cell_number(sum(row.items)), None])
            sums = [a + b for a, b in zip(sums, [*row.items, sum(row.items)], strict=True)]
        if len(rows) > 1:
            merges += [f"{c}{first}:{c}{first + len(rows) - 1}" for c in "AB"]
    grid.append(["合计", None, None, *(cell_number(t) for t in sums), None])
    merges.append(f"A{len(grid)}:C{len(grid)}")
    grid.append([f"注：县区得分为抽查单位得分的平均值。本表由{conf['lead']}填报。"])
    merges.append(f"A{len(grid)}:{get_column_letter(last)}{len(grid)}")
    grid.append(["填表人：王丽", None, None, None, "审核人：张伟"])
    filename = SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    widths = {2: 24, 3: 18}
    return write_grid(out / filename, SECTORS[code], grid, widths=widths, bold_rows={1, 4, 5}, merges=merges)


def _xls_rater_rows(y: SampleYear, out: Path, code: str, rng: np.random.Generator) -> Path:
    """Excel 97-2003: a merged title, item names with their maxima in a row below (分值),
    one row per rater with the unit merged over its raters, short and prefixed names."""
    import xlwt  # only this layout writes .xls

    conf = y.sector_conf(code)
    items = conf["items"]
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(SECTORS[code])
    last = 3 + len(items) + 1
    ws.write_merge(0, 0, 0, last, _title(y, code))
    for c, text in enumerate(
        ["序号", "被考核单位", "考评组成员", *(n for n, _ in items), "考评得分", "备注"]
    ):
        ws.write(1, c, text)
    for c, text in enumerate(["", "分值", "", *(f"{m}分" for _, m in items), "100分"]):
        ws.write(2, c, text)
    r = 3
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            for c, value in ((0, serial), (1, spelled), (last, "免考")):
                ws.write(r, c, value)
            r += 1
            continue
        ws.write_merge(r, r + len(rows) - 1, 0, 0, serial)
        ws.write_merge(r, r + len(rows) - 1, 1, 1, spelled)
        for row in rows:
            ws.write(r, 2, row.rater)
            for c, tenths in enumerate(row.items, 3):
                ws.write(r, c, _score_cell(rng, tenths))
            ws.write(r, 3 + len(items), cell_number(sum(row.items)))
            r += 1
    ws.write(r + 1, 0, f"制表人：李娜    审核人：{conf['lead']}")
    path = out / SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"]).replace(".xlsx", ".xls")
    buffer = io.BytesIO()
    book.save(buffer)  # xlwt writes no timestamps: the bytes depend on the cells only
    path.write_bytes(buffer.getvalue())
    return path


def _rater_columns(y: SampleYear, out: Path, code: str, rng: np.random.Generator) -> Path:
    """Only each rater's total, the raters as columns under a merged 评分人 group cell."""
    conf = y.sector_conf(code)
    raters = conf["raters"]
    last = 2 + len(raters) + 1
    grid: list[list[Any]] = [
        [_title(y, code)],
        [],
        ["序号", "被考评单位", "评分人（满分100分）", *[None] * (len(raters) - 1), "备注"],
        [None, None, *raters],
    ]
    merges = [f"A1:{get_column_letter(last)}1", "A3:A4", "B3:B4", f"C3:{get_column_letter(2 + len(raters))}3"]
    merges.append(f"{get_column_letter(last)}3:{get_column_letter(last)}4")
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            grid.append([serial, spelled, *[None] * len(raters), "免考"])
            continue
        by_rater = {row.rater: sum(row.items) for row in rows}
        assert len(by_rater) == len(rows), "one row per rater: sub-units need rater rows"
        grid.append([serial, spelled, *(_score_cell(rng, by_rater[r]) for r in raters), None])
    grid.append(["注：各评分人按100分制独立评分。"])
    filename = SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    return write_grid(out / filename, SECTORS[code], grid, widths={2: 24}, bold_rows={3, 4}, merges=merges)


def _gb18030_csv(y: SampleYear, out: Path, code: str, rng: np.random.Generator) -> Path:
    """GB18030 text: a title line, header synonyms with full-width brackets, sampled villages,
    a 小计 row after each county's villages, a note line."""
    conf = y.sector_conf(code)
    items = conf["items"]
    lines: list[list[Any]] = [[_title(y, code)], []]
    lines.append(["序号", "单位名称", "抽查村（居）", *(f"{n}（{m}分）" for n, m in items), "得分", "备注"])
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            lines.append([serial, spelled, "", *[""] * len(items), "", "不参加"])
            continue
        for row in rows:
            cells = [_score_cell(rng, t) for t in row.items]
            lines.append([serial, spelled, row.sub_unit, *cells, cell_number(sum(row.items)), ""])
        if len(rows) > 1:
            lines.append(["小计", "", "", *[""] * len(items), "", ""])
    lines.append([f"注：村务得分为抽查村（居）得分的平均值。报送单位：{conf['lead']}"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path = out / SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"]).replace(".xlsx", ".csv")
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    return path


def _maxima_row(y: SampleYear, out: Path, code: str, rng: np.random.Generator) -> Path:
    """A title and a blank row, item names with a 满分 row of maxima below, 合计 as the total's
    header, 不参加 for the exempt unit, prefixed names, signature rows below."""
    conf = y.sector_conf(code)
    items = conf["items"]
    last = 2 + len(items) + 2
    grid: list[list[Any]] = [
        [_title(y, code)],
        [],
        ["序号", "单位名称", *(n for n, _ in items), "合计", "备注"],
        [None, "满分", *(f"{m}分" for _, m in items), "100分"],
    ]
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            grid.append([serial, spelled, *[None] * len(items), None, "不参加"])
            continue
        (row,) = rows
        grid.append(
            [serial, spelled, *(_score_cell(rng, t) for t in row.items), cell_number(sum(row.items)), None]
        )
    grid.append(["填表人：赵敏", None, None, "审核人：孙强", None, None, f"填报日期：{y.year}年7月2日"])
    filename = SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    merges = [f"A1:{get_column_letter(last)}1"]
    return write_grid(out / filename, SECTORS[code], grid, widths={2: 24}, bold_rows={3}, merges=merges)


VARIED_SHEETS = {
    "party": _merged_two_row,
    "gov": _xls_rater_rows,
    "judicial": _rater_columns,
    "village": _gb18030_csv,
    "livelihood": _maxima_row,
}
"""The layout each sector's sheet takes in a varied year (every writer keeps the scores)."""
