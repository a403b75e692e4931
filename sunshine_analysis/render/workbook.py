"""The results workbook (results.xlsx): the report's tables, formatted for print.

One sheet per rank group, then sector scores, items, bonuses, deductions and provenance.
Every sheet has a frozen, bold header row, column widths fitted to the text, two-decimal
number formats and the A4 print setup of :func:`sunshine_analysis.outputs.printing.a4_print_setup`.
Text that Excel would read as a formula (starting with = + - @) is stored as text. The file is
byte-identical across runs on the same results: fixed document properties and zip timestamps.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sunshine_analysis import __version__
from sunshine_analysis.config.vocab import LABELS, SECTORS
from sunshine_analysis.outputs.formulas import as_text
from sunshine_analysis.outputs.officefiles import workbook_bytes_at
from sunshine_analysis.outputs.printing import a4_print_setup
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render import tables as display
from sunshine_analysis.render.sentences import inputs_hash

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def workbook_tables(results: YearResults) -> dict[str, pd.DataFrame]:
    """The workbook's sheets by name, as tables with Chinese headers."""
    tables = {_sheet_name(g): display.rank_table(results, g) for g in results.groups}
    sectors = results.sector_scores.merge(
        results.composite[["unit_id", "unit_name", "rank_group"]], on="unit_id"
    )
    exempt = sectors["exempt"].astype(bool) if "exempt" in sectors else pd.Series(False, index=sectors.index)
    tables["板块得分"] = pd.DataFrame(
        {
            LABELS["unit_name"]: sectors["unit_name"],
            LABELS["rank_group"]: sectors["rank_group"],
            LABELS["sector"]: sectors["sector"].map(SECTORS),
            LABELS["base_score"]: sectors["base_score"],
            LABELS["innovation_bonus"]: sectors["innovation_bonus"],
            LABELS["sector_score"]: sectors["sector_score"],
            LABELS["note"]: exempt.map({True: "免考", False: ""}),
        }
    )
    items = results.item_means.assign(unit_name=results.item_means["unit_id"].map(results.names))
    tables[LABELS["item"]] = pd.DataFrame(
        {
            LABELS["unit_name"]: items["unit_name"],
            LABELS["sector"]: items["sector"].map(SECTORS),
            LABELS["item"]: items["item"],
            LABELS["max_score"]: items["max_score"].astype("float64"),
            LABELS["score"]: items["mean_score"].astype("float64"),
            LABELS["lost"]: items["lost"].astype("float64"),
        }
    )
    innovation = display.innovation_table(results)
    publicity = display.publicity_table(results)
    tables["加分"] = pd.concat(
        [
            pd.DataFrame(
                {
                    LABELS["unit_name"]: innovation[LABELS["unit_name"]],
                    LABELS["unit_kind"]: "创新成果",
                    "标题": innovation["成果名称"],
                    "板块或级别": innovation["所属板块"],
                    LABELS["grade"]: innovation["评定等次"],
                    "分值": innovation["加分"],
                    LABELS["note"]: "计入所属板块",
                }
            ),
            pd.DataFrame(
                {
                    LABELS["unit_name"]: publicity[LABELS["unit_name"]],
                    LABELS["unit_kind"]: "信息宣传",
                    "标题": publicity["信息标题"],
                    "板块或级别": publicity["采用级别"],
                    LABELS["grade"]: "",
                    "分值": publicity["分值"],
                    LABELS["note"]: publicity[LABELS["note"]],
                }
            ),
        ],
        ignore_index=True,
    )
    tables[LABELS["deduction"]] = display.deduction_table(results)
    manifest = results.manifest
    rules = manifest.get("rules", {})
    tables["来源"] = pd.concat(
        [
            pd.DataFrame(
                {
                    "项目": ["考评年度", "生成工具", "评分细则", "评分细则 SHA-256", "输入文件合并 SHA-256"],
                    "内容": [
                        str(results.year),
                        f"sunshine_analysis {manifest.get('version', __version__)}",
                        f"{rules.get('title', '')}（{rules.get('file', '')}）",
                        rules.get("sha256", ""),
                        inputs_hash(manifest),  # as the summary's 附三 quotes it
                    ],
                }
            ),
            display.provenance_table(results).rename(columns={"文件": "项目", "SHA-256": "内容"})[
                ["项目", "内容"]
            ],
        ],
        ignore_index=True,
    )
    return tables


def write_workbook(results: YearResults, path: Path) -> Path:
    """Write ``results.xlsx`` (see the module docstring); returns its path."""
    book = Workbook()
    book.remove(book.active)
    for name, table in workbook_tables(results).items():
        _write_sheet(book.create_sheet(name), table, f"{results.year}年度考评结果 · {name}")
    book.properties.title = f"{results.year}年度“阳光漯河”建设考评结果"
    data = workbook_bytes_at(book, "sunshine_analysis")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)  # into a folder published as a whole (outputs.atomic)
    return path


def _sheet_name(name: str) -> str:
    return _BAD_SHEET_CHARS.sub("_", name)[:31] or "Sheet"


def _width(value: object) -> int:
    text = value if isinstance(value, str) else f"{value:.2f}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _write_sheet(sheet: Worksheet, table: pd.DataFrame, title: str) -> None:
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(c) for c in table.columns]
    for row in table.itertuples(index=False):
        values = [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in row]
        sheet.append([v.item() if hasattr(v, "item") else v for v in values])
        for i, v in enumerate(values):
            if v is not None:
                widths[i] = max(widths[i], _width(v))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
        as_text(column)
    for i, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 60)
    sheet.freeze_panes = "A2"
    a4_print_setup(sheet, "1:1", title=title)
