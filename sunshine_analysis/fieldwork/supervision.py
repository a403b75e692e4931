"""The supervision list (督办名单), draft supervision notices (督办通知) and their rectification.

Which units get a notice, and why, follows the rules file's ``[supervision]`` thresholds on the
submissions check. Each notice is a .docx draft for the office to edit and send. Rectification is
reported later in the raw folder's 整改情况登记表 (序号, 单位名称, 板块, 台账事项, 整改情况,
整改日期, 备注) and joined to the items to rectify by :func:`rectification_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import LABELS, SECTORS, UNIT_KINDS
from sunshine_analysis.fieldwork.config import SupervisionRules, supervision_rules
from sunshine_analysis.fieldwork.files import AUTHOR, workbook_bytes
from sunshine_analysis.fieldwork.folder import read_folder
from sunshine_analysis.fieldwork.submissions import STATES, SubmissionCheck, check_submissions
from sunshine_analysis.ingest.layout import sector_code
from sunshine_analysis.ingest.normalise import normalise_text
from sunshine_analysis.ingest.tables import sheet_table
from sunshine_analysis.outputs.atomic import safe_file_name
from sunshine_analysis.outputs.contract import RECTIFICATION
from sunshine_analysis.outputs.officefiles import document_bytes_at
from sunshine_analysis.problems import InputError, Problems

REASONS = ["unit_id", "unit_name", "unit_kind", "reason", "detail"]
ITEMS = ["unit_id", "unit_name", "sector", "item", "state", "note"]
RECTIFICATIONS = ["unit_id", "unit_name", "sector", "item", "rectification", "rectified_on", "note"]
"""Columns of the rectifications as read from the 整改情况登记表."""
RECTIFICATION_STATES = ("已整改", "整改中", "未整改")
NOT_REPORTED = "未报告"
REASON_NAMES = {
    "missing_status_table": "未报送规范提升情况表",
    "not_done_share": "未完成的台账事项占比过高",
    "unfinished_share": "推进中和未完成的台账事项合计占比过高",
}


@dataclass
class Supervision:
    """The supervision list: one row per (unit, reason), and the items each unit must rectify."""

    year: int
    reasons: pd.DataFrame
    items: pd.DataFrame


def _percent(share: Fraction) -> str:
    # Display only: the decision compares exact fractions.
    return f"{float(share) * 100:.0f}%"


def supervision_list(check: SubmissionCheck, settings: SupervisionRules) -> Supervision:
    """The units that get a supervision notice, each with every reason that applies.

    A reason applies when the unit's share of ledger items 未完成 (or not 已完成) is strictly
    above the rules file's threshold, or (when the rules say so) it sent no status table.
    """
    reasons = []
    kinds = check.submissions.drop_duplicates("unit_id").set_index("unit_id")
    totals = check.ledgers.groupby("unit_id")[["items", "in_progress", "not_done"]].sum()
    table_status = check.submissions[check.submissions["material"] == "规范提升情况表"].set_index("unit_id")
    for unit_id, unit in kinds.iterrows():
        if unit["unit_kind"] not in settings.unit_kinds:
            continue

        def add(code: str, detail: str, unit_id: str = unit_id, unit: pd.Series = unit) -> None:
            reasons.append(
                {
                    "unit_id": unit_id,
                    "unit_name": unit["unit_name"],
                    "unit_kind": unit["unit_kind"],
                    "reason": code,
                    "detail": detail,
                }
            )

        if settings.missing_status_table and table_status.loc[unit_id, "status"] in ("missing", "no_file"):
            add("missing_status_table", "截至检查时未收到规范提升情况表")
        if unit_id not in totals.index or totals.loc[unit_id, "items"] == 0:
            continue
        n = int(totals.loc[unit_id, "items"])
        not_done = int(totals.loc[unit_id, "not_done"])
        in_progress = int(totals.loc[unit_id, "in_progress"])
        unfinished = not_done + in_progress
        if Fraction(not_done, n) > settings.not_done_share:
            add(
                "not_done_share",
                f"{n} 项台账事项中 {not_done} 项未完成（{_percent(Fraction(not_done, n))}），"
                f"超过 {_percent(settings.not_done_share)}",
            )
        if Fraction(unfinished, n) > settings.unfinished_share:
            add(
                "unfinished_share",
                f"{n} 项台账事项中 {in_progress} 项推进中、{not_done} 项未完成"
                f"（合计 {_percent(Fraction(unfinished, n))}），"
                f"超过 {_percent(settings.unfinished_share)}",
            )
    reason_table = pd.DataFrame(reasons, columns=REASONS)
    listed = set(reason_table["unit_id"])
    open_items = check.status_items[
        check.status_items["unit_id"].isin(listed) & (check.status_items["state"] != STATES[0])
    ]
    items = open_items.assign(unit_name=open_items["unit_id"].map(kinds["unit_name"]))[ITEMS]
    return Supervision(check.year, reason_table, items.reset_index(drop=True))


def supervise(raw_dir: str | Path, rules: Rules, year: int) -> Supervision:
    """Run the submissions check and draw up the supervision list of one raw folder."""
    return supervision_list(check_submissions(raw_dir, rules, year), supervision_rules(rules))


def notice_docx(supervision: Supervision, unit_id: str) -> bytes:
    """A draft supervision notice (督办通知) for one unit, in Chinese, reproducible byte for byte.

    The document number, the rectification deadline and the date are left as fields to fill in.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    reasons = supervision.reasons[supervision.reasons["unit_id"] == unit_id]
    items = supervision.items[supervision.items["unit_id"] == unit_id]
    unit_name = str(reasons["unit_name"].iloc[0])
    year = supervision.year

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")

    def paragraph(text: str, *, bold: bool = False, size: int | None = None, align: object = None) -> None:
        p = document.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align

    paragraph("督办通知", bold=True, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(f"漯阳光建办督〔{year}〕    号", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(f"{unit_name}：")
    paragraph(
        f"    按照{year}年“阳光漯河”建设考评工作安排，市“阳光办”对各单位报送的工作总结和规范提升情况表"
        "进行了审核。经审核，你单位存在以下问题："
    )
    numerals = "一二三四五六七八九十"
    for i, r in enumerate(reasons.itertuples()):
        paragraph(f"    {numerals[i]}、{REASON_NAMES[r.reason]}：{r.detail}。")
    if len(items):
        paragraph("    需整改的台账事项如下：")
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ("序号", LABELS["sector"], "台账事项", "完成情况", "备注"), strict=True
        ):
            cell.text = text
        for n, r in enumerate(items.itertuples(), start=1):
            for cell, text in zip(
                table.add_row().cells, (str(n), SECTORS[r.sector], r.item, r.state, r.note), strict=True
            ):
                cell.text = text
    paragraph(
        "    请你单位高度重视，对照上述问题逐项整改，在整改期限前整改到位，并将整改情况（逐项写明整改情况和"
        "整改日期）书面报送市“阳光办”。整改情况将在七月考评报告中反映。"
    )
    paragraph("    整改期限：        年    月    日")
    paragraph("    联系人：              联系电话：")
    paragraph("市“阳光漯河”建设工作领导小组办公室", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph("        年    月    日", align=WD_ALIGN_PARAGRAPH.RIGHT)

    return document_bytes_at(document, AUTHOR, f"{unit_name}督办通知")


def supervision_files(supervision: Supervision) -> dict[str, bytes]:
    """The supervision list workbook and one draft notice per listed unit."""
    reasons = supervision.reasons.assign(
        unit_kind=supervision.reasons["unit_kind"].map(UNIT_KINDS),
        reason=supervision.reasons["reason"].map(REASON_NAMES),
    ).drop(columns="unit_id")
    items = supervision.items.assign(sector=supervision.items["sector"].map(SECTORS)).drop(columns="unit_id")
    sheets = {
        "督办单位": reasons.rename(
            columns={
                "unit_name": LABELS["unit_name"],
                "unit_kind": LABELS["unit_kind"],
                "reason": "督办原因",
                "detail": "具体情况",
            }
        ),
        "需整改事项": items.rename(
            columns={
                "unit_name": LABELS["unit_name"],
                "sector": LABELS["sector"],
                "item": "台账事项",
                "state": "完成情况",
                "note": "备注",
            }
        ),
    }
    files = {"督办名单.xlsx": workbook_bytes(sheets)}
    for unit_id, name in supervision.reasons.drop_duplicates("unit_id")[["unit_id", "unit_name"]].itertuples(
        index=False
    ):
        files[f"督办通知/{safe_file_name(name)}督办通知.docx"] = notice_docx(supervision, unit_id)
    return files


def read_rectifications(raw_dir: str | Path, rules: Rules) -> pd.DataFrame:
    """The rectifications reported in the raw folder's 整改情况登记表 (empty when there is none).

    Raises:
        InputError: Unknown units, sectors or rectification states, at once.
    """
    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        raise InputError(problems.to_frame())
    rows = []
    for sheet, header in folder.of_kind("rectification"):
        file = str(sheet.file)
        for r in sheet_table(sheet, header).to_dict("records"):
            where = {"sheet": sheet.name, "row": r["source_row"]}
            unit_id = folder.index.resolve(r.get("单位名称"))
            text = normalise_text(r.get("板块"))
            sector = sector_code(text)
            state = normalise_text(r.get("整改情况"))
            if unit_id is None:
                problems.add(
                    file,
                    "单位名称无法对应到单位一览表",
                    column="单位名称",
                    found=str(r.get("单位名称")),
                    **where,
                )
            if sector is None:
                problems.unknown(file, "板块", text, SECTORS.values(), **where)
            if state not in RECTIFICATION_STATES:
                problems.unknown(file, "整改情况", state, RECTIFICATION_STATES, **where)
            rows.append(
                {
                    "unit_id": unit_id,
                    "unit_name": folder.index.names.get(unit_id, ""),
                    "sector": sector,
                    "item": normalise_text(r.get("台账事项")),
                    "rectification": state,
                    "rectified_on": _day(r.get("整改日期")),
                    "note": normalise_text(r.get("备注")),
                }
            )
    problems.raise_if_any()
    return pd.DataFrame(rows, columns=RECTIFICATIONS)


def _day(value: object) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return normalise_text(value)


def rectification_status(supervision: Supervision, rectifications: pd.DataFrame) -> pd.DataFrame:
    """Every item to rectify with its reported rectification (:data:`RECTIFICATION`).

    Items nobody reported on show 未报告; reported items that were not on the list are kept,
    with ``listed`` False, so nothing reported is lost.
    """
    key = ["unit_id", "sector", "item"]
    items, reported = supervision.items, rectifications
    names = dict(zip(reported["unit_id"], reported["unit_name"], strict=True))
    names |= dict(zip(items["unit_id"], items["unit_name"], strict=True))
    merged = items.drop(columns="unit_name").rename(columns={"state": "june_state", "note": "june_note"})
    merged = merged.merge(reported.drop(columns="unit_name"), on=key, how="outer", indicator=True)
    merged["unit_name"] = merged["unit_id"].map(names)
    merged["listed"] = merged["_merge"] != "right_only"
    merged["rectification"] = merged["rectification"].fillna(NOT_REPORTED)
    merged[["june_state", "rectified_on", "note"]] = merged[["june_state", "rectified_on", "note"]].fillna("")
    return merged[RECTIFICATION].reset_index(drop=True)


def rectification_report(raw_dir: str | Path, rules: Rules, year: int) -> pd.DataFrame:
    """For the July report: the supervision list's items and how far each was rectified."""
    return rectification_status(supervise(raw_dir, rules, year), read_rectifications(raw_dir, rules))


def july_rectification(raw_dir: str | Path, rules: Rules, year: int) -> pd.DataFrame:
    """The rectification table of the July products (:data:`RECTIFICATION`).

    Stub: empty until the rectification register is read for the report.
    """
    return pd.DataFrame({c: pd.Series(dtype="object") for c in RECTIFICATION})
