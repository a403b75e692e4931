"""Templates out: each sector's score sheet, pre-filled, for the lead units to fill in.

``sunshine templates RAW_DIR --out OUT_DIR`` writes ``<板块>考评得分表（模板）.xlsx`` for every
sector the rules file gives items for (``[items]``): the units that take part in the sector
(from the year's registry), the item columns with their maxima, a 总分 that adds them up, and
a 备注 offering 免考. Score cells accept only numbers from 0 to the item's maximum (Excel data
validation); the header is locked; the page is set for A4. A template filled in and sent back
reads with no problem.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest.inputs import participation
from sunshine_analysis.outputs.atomic import write_files
from sunshine_analysis.outputs.formulas import as_text
from sunshine_analysis.outputs.officefiles import workbook_bytes_at
from sunshine_analysis.outputs.printing import a4_print_setup

AUTHOR = "市阳光办"
LEAD_COLUMNS = ("序号", "被考评单位", "抽查单位", "评分人")


def template_files(units, rules: Rules, year: int) -> dict[str, bytes]:
    """Each sector's template as .xlsx bytes, by file name.

    Args:
        units: The registry (``unit_id``, ``unit_name``, ``sectors``).
        rules: The year's rules (``items``).
        year: The year, for the titles.
    """
    takes_part = participation(units).merge(units[["unit_id", "unit_name"]], on="unit_id")
    files = {}
    for code, items in rules.items.items():
        names = takes_part.loc[takes_part["sector"] == code, "unit_name"].tolist()
        files[f"{SECTORS[code]}考评得分表（模板）.xlsx"] = _template(year, code, items, names)
    return files


def write_templates(units, rules: Rules, year: int, out_dir: Path) -> list[Path]:
    """Publish the templates into ``out_dir``; returns the files written."""
    return write_files(out_dir, template_files(units, rules, year))


def _template(year: int, code: str, items, names: list[str]) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = SECTORS[code]
    header = [*LEAD_COLUMNS, *(f"{name}({maximum:g}分)" for name, maximum in items), "总分", "备注"]
    width = len(header)
    ws.append([f"{year}年度“{SECTORS[code]}”考评得分表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(header)
    as_text(ws[2])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first_item, last_item = len(LEAD_COLUMNS) + 1, len(LEAD_COLUMNS) + len(items)
    for i, name in enumerate(names, start=1):
        r = i + 2
        ws.append([i, name])
        as_text(ws[r])  # the unit's name; the 总分 formula below is the template's own
        span = f"{get_column_letter(first_item)}{r}:{get_column_letter(last_item)}{r}"
        ws.cell(row=r, column=last_item + 1, value=f'=IF(COUNT({span})=0,"",SUM({span}))')
        for c in range(3, width + 1):
            ws.cell(row=r, column=c).protection = Protection(locked=False)
    last_row = len(names) + 2
    for offset, (_, maximum) in enumerate(items):
        column = get_column_letter(first_item + offset)
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=f"{maximum:g}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="分值超出范围",
            error=f"请填写 0 到 {maximum:g} 之间的数字",
        )
        rule.add(f"{column}3:{column}{max(last_row, 3)}")
        ws.add_data_validation(rule)
    remark = DataValidation(type="list", formula1='"免考,不参加"', allow_blank=True, showErrorMessage=False)
    remark.add(f"{get_column_letter(width)}3:{get_column_letter(width)}{max(last_row, 3)}")
    ws.add_data_validation(remark)
    for c, text in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(8, 2 * len(text) + 2)
    ws.column_dimensions["B"].width = 26
    ws.freeze_panes = "C3"
    ws.protection.sheet = True  # the header is locked; the score cells are not
    # A blank form sent out to be filled in: no confidentiality mark.
    a4_print_setup(ws, "2:2", mark=False, landscape=True)
    return workbook_bytes_at(book, AUTHOR)
