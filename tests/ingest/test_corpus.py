"""A corpus of generated layouts: the same scores in 240 ways a sender might lay them out.

Each variant is one small raw folder: the registry in the office's template and one
阳光党务 sheet whose layout is drawn from the product of the dimensions below (header words,
bracket styles, header rows, column order, where the sector is named, how units are spelled,
file format, shape). Every variant must read, with no problem, to exactly the item scores of
the shape's standard reading, worked out here from :data:`SCORES`.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import random
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year

RULES = load_rules(year=2020)
ITEMS = [("组织领导", 20), ("公开内容", 40), ("公开形式", 20), ("监督评议", 20)]
# unit → rater → item scores (four raters: averaged as they are, no trimming below five)
SCORES = {
    "临颍县": {"甲": [18, 35.5, 17, 16], "乙": [19, 36, 18, 17.5]},
    "西城区": {"甲": [15.5, 30, 16, 15], "乙": [16, 31.5, 15, 14]},
    "市委组织部": {"甲": [20, 38, 19, 18.5], "乙": [19.5, 39, 19.5, 18]},
}
SPELLINGS = {"临颍县": "临 颍", "西城区": "漯河市西城区", "市委组织部": "中共漯河市委组织部"}
REGISTRY = [
    ["序号", "单位名称", "类别", "阳光党务", "阳光政务", "阳光司法", "阳光村务", "阳光民生", "别名"],
    [1, "临颍县", "县区", "√", "", "", "", "", "临颍"],
    [2, "西城区", "功能区", "√", "", "", "", "", ""],
    [3, "市委组织部", "市委部委", "√", "", "", "", "", "组织部"],
]

UNIT_WORDS = ["单位名称", "被考评单位", "考评对象", "部门名称", "单位"]
RATER_WORDS = ["评分人", "评委", "打分人", "考评组成员"]
TOTAL_WORDS = ["总分", "得分", "合计", "实得分", None]
BRACKETS = ["({}分)", "（{}分）", "[{}]", " {}分", "(满分{})", "maxima row"]
HEADER_ROWS = ["one", "title above", "two rows with a group cell"]
ORDERS = ["standard", "rater first", "items reversed"]
SECTOR_AT = ["file name", "title", "sheet name"]
SPELLED = ["canonical", "short or prefixed"]
FORMATS = ["xlsx", "xls", "csv utf-8", "csv bom", "csv gb18030", "html as xls"]
SHAPES = ["items by rater", "two columns", "units by sectors"]
N_VARIANTS = 240
DIMENSIONS = (
    UNIT_WORDS,
    RATER_WORDS,
    TOTAL_WORDS,
    BRACKETS,
    HEADER_ROWS,
    ORDERS,
    SECTOR_AT,
    SPELLED,
    FORMATS,
    SHAPES,
)


def _variants() -> list[tuple]:
    product = list(itertools.product(*DIMENSIONS))
    return random.Random(2020).sample(product, N_VARIANTS)


def _grid(variant: tuple) -> tuple[list[list[object]], str, str]:
    """The variant's sheet as a grid, its file stem and its sheet name."""
    unit_w, rater_w, total_w, bracket, header_rows, order, sector_at, spelled, _, shape = variant

    def name(unit: str) -> str:
        return SPELLINGS[unit] if spelled != "canonical" else unit

    if shape == "units by sectors":
        header = [unit_w, "阳光党务", "阳光政务", "阳光司法", "阳光村务", "阳光民生"]
        rows = [[name(u), _mean(u), "", "—", "", ""] for u in SCORES]
        grid = [["2020年度各板块考评得分汇总表"], header, *rows] if header_rows != "one" else [header, *rows]
        return grid, "汇总表", "Sheet1"
    if shape == "two columns":
        score_w = total_w or "分数"
        grid = [[unit_w, score_w], *([name(u), _mean(u)] for u in SCORES)]
    else:
        items = ITEMS[::-1] if order == "items reversed" else ITEMS
        labels = [n if bracket == "maxima row" else n + bracket.format(m) for n, m in items]
        lead = [rater_w, unit_w] if order == "rater first" else [unit_w, rater_w]
        header = ["序号", *lead, *labels, *([total_w] if total_w else [])]
        rows = []
        for serial, (unit, raters) in enumerate(SCORES.items(), 1):
            for rater, scores in raters.items():
                values = dict(zip(ITEMS, scores, strict=True))
                cells = [values[i] for i in items]
                who = [rater, name(unit)] if order == "rater first" else [name(unit), rater]
                rows.append([serial, *who, *cells, *([sum(cells)] if total_w else [])])
        grid = [header]
        if header_rows == "two rows with a group cell":
            grid = [
                ["序号", *lead, "考评内容", *[""] * (len(items) - 1), *([total_w] if total_w else [])],
                ["", "", "", *labels, *([""] if total_w else [])],
            ]
        if bracket == "maxima row":
            grid.append(["", "满分", "", *(m for _, m in items), *([100] if total_w else [])])
        grid += rows
    title = "2020年度阳光党务考评得分汇总表" if sector_at == "title" else "2020年度考评得分汇总表"
    if header_rows != "one" or sector_at == "title":
        grid = [[title], *grid]
    stem = "阳光党务得分" if sector_at == "file name" else "附件2"
    return grid, stem, "阳光党务" if sector_at == "sheet name" else "Sheet1"


def _mean(unit: str) -> float:
    totals = [sum(s) for s in SCORES[unit].values()]
    return sum(totals) / len(totals)


def _write(folder: Path, grid: list[list[object]], stem: str, sheet: str, fmt: str) -> None:
    if fmt == "xlsx":
        book = Workbook()
        book.active.title = sheet
        for row in grid:
            book.active.append(row)
        book.save(folder / f"{stem}.xlsx")
    elif fmt == "xls":
        book = xlwt.Workbook(encoding="utf-8")
        ws = book.add_sheet(sheet)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                ws.write(r, c, value)
        book.save(str(folder / f"{stem}.xls"))
    elif fmt == "html as xls":
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in grid
        )
        (folder / f"{stem}.xls").write_text(
            f"<html><body><table>{body}</table></body></html>", encoding="utf-8"
        )
    else:
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(grid)
        encoding = {"csv utf-8": "utf-8", "csv bom": "utf-8-sig", "csv gb18030": "gb18030"}[fmt]
        (folder / f"{stem}.csv").write_bytes(text.getvalue().encode(encoding))


def _expected(shape: str) -> set[tuple]:
    if shape == "items by rater":
        return {
            (unit, "party", item, float(maximum), "", rater, float(score))
            for unit, raters in SCORES.items()
            for rater, scores in raters.items()
            for (item, maximum), score in zip(ITEMS, scores, strict=True)
        }
    return {(unit, "party", "总分", 100.0, "", "", _mean(unit)) for unit in SCORES}


def test_the_corpus_covers_every_value_of_every_dimension() -> None:
    variants = _variants()
    assert len(variants) >= 200
    for i, values in enumerate(DIMENSIONS):
        assert {v[i] for v in variants} == set(values)


@pytest.mark.parametrize("variant", _variants(), ids=lambda v: "-".join(str(x) for x in v))
def test_every_variant_reads_to_the_same_scores(variant: tuple, tmp_path: Path) -> None:
    folder = tmp_path / "2020"
    folder.mkdir()
    book = Workbook()
    for row in REGISTRY:
        book.active.append(row)
    book.save(folder / "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx")
    grid, stem, sheet = _grid(variant)
    _write(folder, grid, stem, sheet, variant[8])
    result = check_year(folder, RULES)
    assert not result.problems, result.problems.to_frame().to_string()
    items = result.inputs.item_scores
    names = result.inputs.units.set_index("unit_id")["unit_name"]
    got = {
        (names[r.unit_id], r.sector, r.item, float(r.max_score), r.sub_unit, r.rater, float(r.score))
        for r in items.itertuples()
    }
    assert got == _expected(variant[9])
    assert len(items) == len(got)
