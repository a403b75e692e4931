"""The supervision list (督办名单), draft supervision notices (督办通知) and their rectification.

Which units get a notice, and why, follows the rules file's ``[supervision]`` thresholds on the
submissions check. Each notice is a .docx draft for the office to edit and send. Rectification is
reported later in the raw folder's 整改情况登记表 (序号, 单位名称, 板块, 台账事项, 整改情况,
整改日期, 备注): :func:`read_rectifications` reads and checks it, :func:`rectification_status`
joins it to the items the notices listed, :func:`check_against_notices` points out what no notice
asked for, and :func:`rectification_progress` counts each notice's items by state for the July
products (:func:`july_rectification` gives ``rectification.csv``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import DEFAULT_ISSUER, Rules
from sunshine_analysis.config.vocab import LABELS, SECTORS, UNIT_KINDS
from sunshine_analysis.exact import round_half_up
from sunshine_analysis.fieldwork.config import SupervisionRules, supervision_rules
from sunshine_analysis.fieldwork.files import AUTHOR, workbook_bytes
from sunshine_analysis.fieldwork.folder import FieldworkFolder, read_folder
from sunshine_analysis.fieldwork.progress import (  # noqa: F401  (also imported from here)
    NOT_REPORTED,
    PROGRESS,
    RECTIFICATION_STATES,
    rectification_progress,
)
from sunshine_analysis.fieldwork.submissions import STATES, SubmissionCheck, check_submissions
from sunshine_analysis.ingest.layout import field_of, sector_code
from sunshine_analysis.ingest.normalise import normalise_text, parse_date
from sunshine_analysis.ingest.tables import sheet_table
from sunshine_analysis.outputs import officedoc
from sunshine_analysis.outputs.atomic import safe_file_name
from sunshine_analysis.outputs.contract import RECTIFICATION, SOURCE
from sunshine_analysis.outputs.officefiles import document_bytes_at
from sunshine_analysis.problems import InputError, Problems, offending_rows

REASONS = ["unit_id", "unit_name", "unit_kind", "reason", "detail"]
ITEMS = ["unit_id", "unit_name", "sector", "item", "state", "note"]
RECTIFICATIONS = [
    "unit_id",
    "unit_name",
    "sector",
    "item",
    "rectification",
    "rectified_on",
    "note",
    *SOURCE,
]
"""Columns of the rectifications as read from the 整改情况登记表, with where each was read."""
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
    issuer: str = DEFAULT_ISSUER
    """The office the notices are signed by (the rules file's ``[report] issuer``)."""


def _percent(share: Fraction) -> str:
    """A share as a whole percentage, half-up like every reported number (display only: the
    decision compares exact fractions).

    >>> _percent(Fraction(1, 8)), _percent(Fraction(3, 10))  # f"{0.125 * 100:.0f}%" gives 12%
    ('13%', '30%')
    """
    return f"{round_half_up(Fraction(share) * 100, 0)}%"


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
                f"{n}项台账事项中{not_done}项未完成（{_percent(Fraction(not_done, n))}），"
                f"超过{_percent(settings.not_done_share)}",
            )
        if Fraction(unfinished, n) > settings.unfinished_share:
            add(
                "unfinished_share",
                f"{n}项台账事项中{in_progress}项推进中、{not_done}项未完成"
                f"（合计{_percent(Fraction(unfinished, n))}），"
                f"超过{_percent(settings.unfinished_share)}",
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
    listed = supervision_list(check_submissions(raw_dir, rules, year), supervision_rules(rules))
    return replace(listed, issuer=rules.issuer)


def notice_docx(supervision: Supervision, unit_id: str) -> bytes:
    """A draft supervision notice (督办通知) for one unit, in Chinese, reproducible byte for byte.

    A4 in the GB/T 9704 layout (:mod:`sunshine_analysis.outputs.officedoc`). The document number,
    the rectification deadline and the date are left as fields to fill in.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    reasons = supervision.reasons[supervision.reasons["unit_id"] == unit_id]
    items = supervision.items[supervision.items["unit_id"] == unit_id]
    unit_name = str(reasons["unit_name"].iloc[0])
    year = supervision.year

    document = docx.Document()
    officedoc.set_up(document)

    def paragraph(text: str, *, align: WD_ALIGN_PARAGRAPH | None = None) -> None:
        # The style indents the first line; the date's blanks for the year stay.
        officedoc.paragraph(document, text if align is not None else text.lstrip(), align=align)

    officedoc.title(document, "督办通知")
    paragraph(f"漯阳光建办督〔{year}〕    号", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(f"{unit_name}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph(
        f"    按照{year}年“阳光漯河”建设考评工作安排，市“阳光办”对各单位报送的工作总结和规范提升情况表"
        "进行了审核。经审核，你单位存在以下问题："
    )
    numerals = "一二三四五六七八九十"
    for i, r in enumerate(reasons.itertuples()):
        paragraph(f"    {numerals[i]}、{REASON_NAMES[r.reason]}：{r.detail}。")
    if len(items):
        paragraph("    需整改的台账事项如下：")
        rows = [
            (str(n), SECTORS[r.sector], r.item, r.state, r.note) for n, r in enumerate(items.itertuples(), 1)
        ]
        officedoc.table(
            document, pd.DataFrame(rows, columns=["序号", LABELS["sector"], "台账事项", "完成情况", "备注"])
        )
    paragraph(
        "    请你单位高度重视，对照上述问题逐项整改，在整改期限前整改到位，并将整改情况（逐项写明整改情况和"
        "整改日期）书面报送市“阳光办”。整改情况将在七月考评报告中反映。"
    )
    paragraph("    整改期限：        年    月    日")
    paragraph("    联系人：              联系电话：")
    paragraph(supervision.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
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


REGISTER_COLUMNS = {
    "unit": "单位名称",
    "sector_name": "板块",
    "ledger_item": "台账事项",
    "rectified": "整改情况",
    "date": "整改日期",
}
"""The register's columns, by the role :func:`~sunshine_analysis.ingest.layout.field_of` reads from
their header (单位名称 or 单位, 整改日期 or 日期 …), with the template's own header."""


def read_rectifications(raw_dir: str | Path, rules: Rules, *, today: dt.date | None = None) -> pd.DataFrame:
    """The rectifications reported in the raw folder's 整改情况登记表 (empty when there is none).

    Every row must name a registry unit, a sector, a ledger item and one of
    :data:`RECTIFICATION_STATES`; an item 已整改 needs its 整改日期; a date must be a date,
    not before the rules' ``[period].start`` (a rectification of another year) and not after
    ``today`` (the day the report is built: a date to come is not a rectification done); an
    item (unit, sector, item) may be registered once.

    Args:
        raw_dir: The year's raw folder.
        rules: The year's rules.
        today: The day of the check; by default the system's date.

    Returns:
        :data:`RECTIFICATIONS` with the source file, sheet and row of each entry.

    Raises:
        InputError: Every problem of the register at once, each naming file, sheet, row and column.
    """
    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        raise InputError(problems.to_frame())
    return _read_register(folder, rules, today or dt.date.today())


def _read_register(folder: FieldworkFolder, rules: Rules, today: dt.date) -> pd.DataFrame:
    """:func:`read_rectifications` on a folder already read."""
    problems = Problems()
    rows = []
    first: dict[tuple[str, str, str], tuple[str, str, int]] = {}
    for sheet, header in folder.of_kind("rectification"):
        file = str(sheet.file)
        table = sheet_table(sheet, header)
        columns = {field_of(normalise_text(c)): c for c in reversed(table.columns) if c != "source_row"}
        missing = [name for role, name in REGISTER_COLUMNS.items() if role not in columns]
        if missing:
            for name in missing:
                problems.add(
                    file,
                    "整改情况登记表缺少必需的列",
                    sheet=sheet.name,
                    column=name,
                    expected="序号、" + "、".join(REGISTER_COLUMNS.values()) + "、备注",
                )
            continue
        col = {role: columns[role] for role in REGISTER_COLUMNS}
        for r in table.to_dict("records"):
            where = {"sheet": sheet.name, "row": r["source_row"]}
            written = r[col["unit"]]
            unit_id = folder.index.resolve(written)
            sector = sector_code(r[col["sector_name"]])
            item = normalise_text(r[col["ledger_item"]])
            state = normalise_text(r[col["rectified"]])
            raw_day = r[col["date"]]
            day = parse_date(raw_day)
            if unit_id is None:
                problems.add(
                    file,
                    "单位名称无法对应到单位一览表",
                    column=col["unit"],
                    found=normalise_text(written) or "（空）",
                    expected="、".join(folder.index.candidates(written)) or "一览表中的单位",
                    **where,
                )
            if sector is None:
                problems.unknown(
                    file,
                    col["sector_name"],
                    normalise_text(r[col["sector_name"]]) or "（空）",
                    SECTORS.values(),
                    **where,
                )
            if not item:
                problems.add(
                    file,
                    "台账事项为空",
                    column=col["ledger_item"],
                    expected="督办通知所列的台账事项",
                    **where,
                )
            if state not in RECTIFICATION_STATES:
                problems.unknown(file, col["rectified"], state or "（空）", RECTIFICATION_STATES, **where)
            day_text = normalise_text(raw_day)
            if day is None and day_text:
                problems.add(
                    file,
                    "整改日期不是日期",
                    column=col["date"],
                    found=day_text,
                    expected="如 2020-06-28",
                    **where,
                )
            elif day is None and state == RECTIFICATION_STATES[0]:
                problems.add(file, "已整改的事项没有整改日期", column=col["date"], found="（空）", **where)
            elif day is not None and not rules.period_start <= day <= today:
                problems.add(
                    file,
                    "整改日期早于考评期" if day < rules.period_start else "整改日期晚于今天（尚未到来）",
                    column=col["date"],
                    found=day.isoformat(),
                    expected=f"{rules.period_start.isoformat()} 至 {today.isoformat()} 之间",
                    **where,
                )
            key = (str(unit_id), str(sector), item)
            if unit_id and sector and item:
                if key in first:
                    f_file, f_sheet, f_row = first[key]
                    problems.add(
                        file,
                        "同一台账事项登记了两次",
                        column=col["ledger_item"],
                        found=item,
                        expected=f"只登记一次（已见于 {f_file}「{f_sheet}」第 {f_row} 行）",
                        **where,
                    )
                else:
                    first[key] = (file, sheet.name, r["source_row"])
            remark = next((c for role, c in columns.items() if role == "remark"), None)
            rows.append(
                {
                    "unit_id": unit_id,
                    "unit_name": folder.index.names.get(unit_id, ""),
                    "sector": sector,
                    "item": item,
                    "rectification": state,
                    "rectified_on": day.isoformat() if day else "",
                    "note": normalise_text(r[remark]) if remark else "",
                    "source_file": file,
                    "source_sheet": sheet.name,
                    "source_row": r["source_row"],
                }
            )
    problems.raise_if_any()
    return pd.DataFrame(rows, columns=RECTIFICATIONS)


def check_against_notices(supervision: Supervision, rectifications: pd.DataFrame) -> pd.DataFrame:
    """Registered rectifications the supervision notices did not ask for, as warnings.

    A unit that got no notice, or an item that was not on its unit's notice, is reported with
    the register's file, sheet and row. These are warnings, not errors: the register is the
    office's own record, a unit may well report an item it found itself (自查), and the row is
    kept (``listed`` False in :func:`rectification_status`) so nothing is lost; an item whose
    name was mistyped shows here beside the notice's items it may have meant, and the notice's
    item stays 未报告 until the register is corrected.

    Returns:
        A problems table (:data:`~sunshine_analysis.problems.PROBLEM_COLUMNS`), possibly empty.
    """
    warnings = Problems()
    noticed = set(supervision.reasons["unit_id"])
    listed = set(_item_keys(supervision.items))
    for r in offending_rows(rectifications):
        where = {"sheet": r.source_sheet, "row": r.source_row}
        if r.unit_id not in noticed:
            warnings.add(
                r.source_file,
                "该单位未收到督办通知，登记的事项不在督办名单中（按自查整改列出）",
                column="单位名称",
                found=r.unit_name,
                expected="督办名单中的单位："
                + "、".join(supervision.reasons.drop_duplicates("unit_id")["unit_name"]),
                **where,
            )
        elif (r.unit_id, r.sector, r.item) not in listed:
            own = supervision.items[supervision.items["unit_id"] == r.unit_id]
            warnings.add(
                r.source_file,
                "该事项不在该单位督办通知所列的需整改事项中（按自查整改列出）",
                column="台账事项",
                found=f"{SECTORS.get(r.sector, r.sector)}：{r.item}",
                expected="、".join(
                    f"{SECTORS[s]}：{i}" for s, i in zip(own["sector"], own["item"], strict=True)
                )
                or "（督办通知未列台账事项）",
                **where,
            )
    return warnings.to_frame()


def rectification_status(supervision: Supervision, rectifications: pd.DataFrame) -> pd.DataFrame:
    """Every item to rectify with its reported rectification (:data:`RECTIFICATION`).

    Rows follow the supervision list (notice by notice, item by item); items nobody reported on
    show 未报告. Reported items that were not on the list follow in the register's order, with
    ``listed`` False, so nothing reported is lost. A notice that listed no ledger item (its
    reason was a missing status table) has no row: the table is about ledger items.
    """
    key = ["unit_id", "sector", "item"]
    reported = rectifications.drop(columns=["unit_name", *SOURCE], errors="ignore")
    listed = supervision.items.rename(columns={"state": "june_state", "note": "june_note"})
    listed = listed.merge(reported, on=key, how="left", validate="many_to_one")
    listed["listed"] = True
    keys = set(_item_keys(supervision.items))
    unlisted = rectifications[[k not in keys for k in _item_keys(rectifications)]]
    unlisted = unlisted.drop(columns=list(SOURCE)).assign(june_state="", listed=False)
    merged = pd.concat([listed, unlisted], ignore_index=True)
    merged["rectification"] = merged["rectification"].fillna(NOT_REPORTED)
    merged[["june_state", "rectified_on", "note"]] = merged[["june_state", "rectified_on", "note"]].fillna("")
    merged["listed"] = merged["listed"].astype(bool)
    return merged[RECTIFICATION].reset_index(drop=True)


def _item_keys(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The (unit_id, sector, item) of each row, in order."""
    return list(frame[["unit_id", "sector", "item"]].itertuples(index=False, name=None))


def rectification_check(
    raw_dir: str | Path, rules: Rules, year: int, *, today: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rectification of the notices issued, and the register's entries no notice asked for.

    Args:
        raw_dir: The year's raw folder.
        rules: The year's rules.
        year: The evaluation year.
        today: The day of the check (see :func:`read_rectifications`).

    Returns:
        The status table (:data:`RECTIFICATION`; empty when the folder has no 整改情况登记表) and
        the warnings of :func:`check_against_notices` (a problems table).

    Raises:
        InputError: The register is invalid, or it is present but the supervision list it
            answers cannot be drawn (the folder's June materials are missing or wrong).
    """
    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        raise InputError(problems.to_frame())
    if not folder.of_kind("rectification"):
        empty = pd.DataFrame({c: pd.Series(dtype="object") for c in RECTIFICATION})
        return empty, Problems().to_frame()
    reported = _read_register(folder, rules, today or dt.date.today())
    try:
        supervision = supervise(raw_dir, rules, year)
    except InputError as exc:
        first = Problems()
        first.add(
            str(raw_dir),
            "有整改情况登记表，但无法生成它所对照的督办名单（需要材料报送登记表、规范提升情况表和工作总结）",
        )
        raise InputError(pd.concat([first.to_frame(), exc.problems], ignore_index=True)) from exc
    return rectification_status(supervision, reported), check_against_notices(supervision, reported)


def rectification_report(raw_dir: str | Path, rules: Rules, year: int) -> pd.DataFrame:
    """For the July report: the supervision list's items and how far each was rectified."""
    return rectification_status(supervise(raw_dir, rules, year), read_rectifications(raw_dir, rules))


def july_rectification(raw_dir: str | Path, rules: Rules, year: int) -> pd.DataFrame:
    """The rectification table of the July products (:data:`RECTIFICATION`).

    Empty when the raw folder has no 整改情况登记表 (a folder of score sheets only has no June
    materials to answer); else every item the notices asked to rectify with its reported state
    (see :func:`rectification_check`, whose warnings ``sunshine validate`` prints).

    Raises:
        InputError: The register is invalid, or the supervision list cannot be drawn.
    """
    return rectification_check(raw_dir, rules, year)[0]
