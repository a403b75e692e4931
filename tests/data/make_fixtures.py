"""Write the small layout fixtures of tests/data (run once; the files are committed).

Each file shows one or more layout features of docs/domain.md §4; tests/test_ingest_layout.py
states the values expected from each, worked out by hand from the rows below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xlwt
from openpyxl import Workbook

HERE = Path(__file__).parent


def two_row_header_xlsx() -> None:
    """Merged title, a blank row, a two-row header with a merged group cell, full-width maxima."""
    book = Workbook()
    ws = book.active
    ws.title = "党务"
    ws.append(["2020年度阳光党务考评得分汇总表"])
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["序号", "被考评单位", "阳光党务", None, None, "总分", "备注"])
    ws.append([None, None, "组织领导（１０分）", "公开内容（６０分）", "群众评议(30分)", None, None])
    for rng in ("A3:A4", "B3:B4", "C3:E3", "F3:F4", "G3:G4"):
        ws.merge_cells(rng)
    ws.append([1, "临 颍 县", 9, "５０．５", 28, 87.5, None])
    ws.append([2, "中共漯河市委组织部", 10, 55, 29, 94, None])
    ws.append([3, "市妇联", None, None, None, None, "免考"])
    ws.append(["合计", None, 19, 105.5, 57, 181.5, None])
    ws.append(["注：本表由市委组织部填报。"])
    ws.append(["填表人：张三", None, None, "审核人：李四"])
    book.save(HERE / "two_row_header.xlsx")


def maxima_row_xls() -> None:
    """Excel 97-2003: maxima in a second header row, rater rows, a unit merged over its raters."""
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("政务")
    ws.write_merge(0, 0, 0, 5, "阳光政务考评得分表")
    for c, text in enumerate(["序号", "被考核单位", "考评组成员", "组织领导", "办事服务", "考评得分"]):
        ws.write(1, c, text)
    for c, text in enumerate(["", "分值", "", "40分", 60, 100]):
        ws.write(2, c, text)
    ws.write_merge(3, 4, 1, 1, "临颍")
    rows = [(1, "甲", 36, 54, 90), (2, "乙", 38, "５０", 88)]
    for r, (serial, rater, a, b, total) in enumerate(rows, start=3):
        for c, value in ((0, serial), (2, rater), (3, a), (4, b), (5, total)):
            ws.write(r, c, value)
    ws.write(5, 0, 3)
    for c, value in ((1, "西城区"), (2, "甲"), (3, 30), (4, 50.5), (5, 80.5)):
        ws.write(5, c, value)
    ws.write(6, 0, "平均")
    book.save(str(HERE / "maxima_row.xls"))


def villages_gb18030_csv() -> None:
    """GB18030 text, sampled villages, header synonyms, a 小计 row and a 不参加 row."""
    lines = [
        "序号,单位名称,抽查村（居）,三权公开（５０分）,监督落实（５０分）,得分,备注",
        "1,临颍县,杜曲镇某村,45,40,85,",
        "2,临颍县,王岗镇某村,40,42,82,",
        "小计,,,,,,",
        "3,西城区,,,,,不参加",
    ]
    (HERE / "村务公开得分_villages_gb18030.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


def html_disguised_xls() -> None:
    """An HTML table saved as .xls by a web system, with a colspan title."""
    html = (
        "<html><head><meta charset='utf-8'></head><body><table>"
        "<tr><td colspan='4'>阳光民生考评得分</td></tr>"
        "<tr><th>序号</th><th>单位</th><th>民生公开(100分)</th><th>合计</th></tr>"
        "<tr><td>1</td><td>市民政局</td><td>90.21</td><td>90.21</td></tr>"
        "</table></body></html>"
    )
    (HERE / "html_disguised.xls").write_text(html, encoding="utf-8")


def xlsx_renamed_xls() -> None:
    """An .xlsx workbook under the name .xls."""
    book = Workbook()
    ws = book.active
    ws.append(["序号", "单位名称", "成果名称", "所属板块", "评定等次"])
    ws.append([1, "临颍", "一网通办", "政务公开", "优秀"])
    book.save(HERE / "xlsx_renamed.tmp")
    shutil.move(HERE / "xlsx_renamed.tmp", HERE / "xlsx_renamed.xls")


def registry_bom_csv() -> None:
    """A registry in UTF-8 with BOM: category synonyms, several participation marks."""
    lines = [
        "序号,单位名称,类别,党务公开,政务公开,司法公开,村务公开,民生公开,简称",
        "1,临颍县,县（区）,✓,是,,1,Y,临颍",
        "2,西城区,功能区,√,○,,√,,",
        "3,市委组织部,市委部门,√,,,,,组织部",
        "4,漯河市中级人民法院,市直机关,,,√,,,市法院",
        "5,市民政局,市直部门,,,,√,√,",
        "6,市妇联,群团组织,√,,,,,",
    ]
    (HERE / "涉及单位一览表_bom.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


def rater_group_xlsx() -> None:
    """Raters as columns: a merged 评分人 group cell (with the maximum) over the raters' names."""
    book = Workbook()
    ws = book.active
    ws.title = "司法"
    ws.append(["阳光司法考评得分表"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "被考评单位", "评分人（满分100分）", None, None, "备注"])
    ws.append([None, None, "赵一", "钱二", "孙三", None])
    for rng in ("A2:A3", "B2:B3", "C2:E2", "F2:F3"):
        ws.merge_cells(rng)
    ws.append([1, "市法院", 90, "８５．５", 88, None])
    ws.append([2, "临颍", 80, 70, None, None])
    ws.append(["注：各评分人独立评分。"])
    book.save(HERE / "rater_group.xlsx")


def total_only_csv() -> None:
    """Only a total per unit, no maximum in the header (the sector's maximum applies)."""
    lines = ["民生公开考评得分", "序号,单位名称,考评得分,备注", "1,漯河市民政局,９０．２１,"]
    lines.append("2,临颍县,,不参加")
    (HERE / "total_only_民生.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    two_row_header_xlsx()
    maxima_row_xls()
    villages_gb18030_csv()
    html_disguised_xls()
    xlsx_renamed_xls()
    registry_bom_csv()
    rater_group_xlsx()
    total_only_csv()
