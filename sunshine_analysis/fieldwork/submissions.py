"""The June submissions check: who has not submitted, who was late, whose summary is too long,
and which ledger items the status tables show as not completed.

Read → check → tidy tables; :func:`checklist_sheets` renders them with Chinese headers for the
Excel checklist and the screen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import LABELS, SECTORS, UNIT_KINDS
from sunshine_analysis.fieldwork.config import SubmissionRules, submission_rules
from sunshine_analysis.fieldwork.folder import FieldworkFolder, claim_unit, read_folder, unit_of_file
from sunshine_analysis.ingest.layout import sector_code
from sunshine_analysis.ingest.normalise import normalise_text, parse_date
from sunshine_analysis.ingest.read import summary_text
from sunshine_analysis.ingest.tables import sheet_table
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import InputError, Problems

MATERIALS = ("工作总结", "规范提升情况表")
"""The materials every unit submits before the field visits, as the submission log names them."""

STATES = ("已完成", "推进中", "未完成")
"""Completion states of a status table's ledger item; all but the first count as not completed."""

STATUS_NAMES = {
    "on_time": "按时报送",
    "late": "逾期报送",
    "missing": "未报送",
    "no_file": "已登记但未收到文件",
    "not_logged": "收到文件但未登记",
}
"""Submission status code → its Chinese name."""

STATUS_ITEMS = ["unit_id", "sector", "item", "state", "note", *contract.SOURCE]
SUBMISSIONS = ["unit_id", "unit_name", "unit_kind", "material", "logged_on", "has_file", "status"]
SUMMARIES = ["unit_id", "unit_name", "unit_kind", "file", "characters", "limit", "over_by", "over_limit"]
LEDGERS = [
    "unit_id",
    "unit_name",
    "unit_kind",
    "sector",
    "items",
    "done",
    "in_progress",
    "not_done",
    "in_progress_items",
    "not_done_items",
]


@dataclass
class SubmissionCheck:
    """The tidy results of the submissions check (column lists in this module)."""

    year: int
    deadline: dt.date
    submissions: pd.DataFrame
    summaries: pd.DataFrame
    status_items: pd.DataFrame
    ledgers: pd.DataFrame


# Python's \s on str is exactly str.isspace (checked over every code point by a test).
_WHITESPACE = re.compile(r"\s")


def count_characters(text: str | Iterable[str], rule: str = "non_whitespace") -> int:
    """Count a work summary's characters as the office does.

    ``non_whitespace``: every character except whitespace (spaces, full-width spaces, tabs,
    line breaks); punctuation counts. ``text`` may be given in pieces (as
    :func:`~sunshine_analysis.ingest.read.summary_text` streams it), which are counted one at
    a time and not kept: whitespace between pieces counts for nothing, so the count is the
    joined text's.

    >>> count_characters("一、主要做法\\n　做法， 好。"), count_characters(["一、主要", "做法\\n", "好。"])
    (11, 8)
    """
    if rule != "non_whitespace":
        raise ValueError(f"未知的字数统计规则：{rule}")
    pieces = [text] if isinstance(text, str) else text
    return sum(len(_WHITESPACE.sub("", piece)) for piece in pieces)


def read_submission_log(folder: FieldworkFolder, problems: Problems) -> pd.DataFrame:
    """The submission log (材料报送登记表): one row per logged (unit, material, date)."""
    logs = folder.of_kind("submission_log")
    if len(logs) != 1:
        problems.add(
            str(folder.raw_dir),
            "应有且只有一份材料报送登记表",
            found="、".join(str(s.file) for s, _ in logs) or "没有",
            expected="一份「材料报送登记表」（序号, 单位名称, 材料, 报送日期）",
        )
        return pd.DataFrame(columns=["unit_id", "material", "logged_on", *contract.SOURCE])
    sheet, header = logs[0]
    table = sheet_table(sheet, header)
    file = str(sheet.file)
    rows = []
    unit_col = next((c for c in ("单位名称", "单位", "报送单位") if c in table.columns), None)
    for col in (unit_col, "材料", "报送日期"):
        if col is None or col not in table.columns:
            problems.add(file, "缺少必需的列", sheet=sheet.name, column=col or "单位名称")
            return pd.DataFrame(columns=["unit_id", "material", "logged_on", *contract.SOURCE])
    for r in table.to_dict("records"):
        where = {"sheet": sheet.name, "row": r["source_row"]}
        unit_id = folder.index.resolve(r[unit_col])
        if unit_id is None:
            problems.add(
                file,
                "单位名称无法对应到单位一览表",
                column=unit_col,
                found=str(r[unit_col]),
                expected="、".join(folder.index.candidates(r[unit_col])) or "一览表中的单位",
                **where,
            )
        material = normalise_text(r["材料"])
        if material not in MATERIALS:
            problems.add(
                file,
                "材料名称无法识别",
                column="材料",
                found=material,
                expected="、".join(MATERIALS),
                **where,
            )
        day = parse_date(r["报送日期"])
        if day is None:
            problems.add(
                file,
                "报送日期不是日期",
                column="报送日期",
                found=str(r["报送日期"]),
                expected="如 2020-06-12",
                **where,
            )
        if unit_id and material in MATERIALS and day:
            rows.append(
                {
                    "unit_id": unit_id,
                    "material": material,
                    "logged_on": day,
                    "source_file": file,
                    "source_sheet": sheet.name,
                    "source_row": r["source_row"],
                }
            )
    return pd.DataFrame(rows, columns=["unit_id", "material", "logged_on", *contract.SOURCE])


def read_status_tables(folder: FieldworkFolder, problems: Problems) -> pd.DataFrame:
    """Every status table's ledger items, one row per item (:data:`STATUS_ITEMS`)."""
    frames, owner = [], {}
    for sheet, header in folder.of_kind("status_table"):
        file = str(sheet.file)
        unit_id = claim_unit(sheet.file, folder.index, "规范提升情况表", owner, problems)
        if unit_id is None:
            continue
        table = sheet_table(sheet, header)
        rows = []
        for r in table.to_dict("records"):
            where = {"sheet": sheet.name, "row": r["source_row"]}
            sector = sector_code(r.get("板块"))
            state = normalise_text(r["完成情况"])
            if sector is None:
                problems.unknown(file, "板块", str(r.get("板块", "")), SECTORS.values(), **where)
            if state not in STATES:
                problems.unknown(file, "完成情况", state, STATES, **where)
            item = normalise_text(r["台账事项"])
            if not item:
                problems.add(file, "台账事项为空", column="台账事项", **where)
            if sector and state in STATES and item:
                rows.append(
                    {
                        "unit_id": unit_id,
                        "sector": sector,
                        "item": item,
                        "state": state,
                        "note": normalise_text(r.get("备注")),
                        "source_file": file,
                        "source_sheet": sheet.name,
                        "source_row": r["source_row"],
                    }
                )
        frames.append(pd.DataFrame(rows, columns=STATUS_ITEMS))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=STATUS_ITEMS)


def read_summaries(folder: FieldworkFolder, settings: SubmissionRules, problems: Problems) -> pd.DataFrame:
    """Every work summary's counted length against its unit kind's limit (:data:`SUMMARIES`)."""
    rows, owner = [], {}
    for rel in folder.summaries:
        unit_id = claim_unit(rel, folder.index, "工作总结", owner, problems)
        if unit_id is None:
            continue
        try:
            # Counted as streamed: a summary is never held whole (see ingest.read.summary_text).
            characters = count_characters(summary_text(folder.path_of(rel)), settings.summary_count)
        except Exception as exc:  # a damaged file, or one refused by the guard with its reason
            problems.add(str(rel), f"无法读取工作总结：{exc}")
            continue
        kind = _kind_of(folder, unit_id)
        limit = settings.summary_limits[kind]
        rows.append(
            {
                "unit_id": unit_id,
                "unit_name": folder.index.names[unit_id],
                "unit_kind": kind,
                "file": rel.as_posix(),
                "characters": characters,
                "limit": limit,
                "over_by": max(0, characters - limit),
                "over_limit": characters > limit,
            }
        )
    return pd.DataFrame(rows, columns=SUMMARIES)


def _kind_of(folder: FieldworkFolder, unit_id: str) -> str:
    return str(folder.units.loc[folder.units["unit_id"] == unit_id, "unit_kind"].iloc[0])


def submission_status(
    units: pd.DataFrame,
    log: pd.DataFrame,
    files: pd.DataFrame,
    deadline: dt.date,
) -> pd.DataFrame:
    """Every unit's status for each material (:data:`SUBMISSIONS`).

    Args:
        units: The registry.
        log: The submission log (unit_id, material, logged_on); the earliest entry counts.
        files: The materials received as files (unit_id, material).
        deadline: Entries logged after it are late.

    >>> units = pd.DataFrame({"unit_id": ["a"], "unit_name": ["甲"], "unit_kind": ["county"]})
    >>> log = pd.DataFrame({"unit_id": ["a"], "material": ["工作总结"], "logged_on": [dt.date(2020, 6, 16)]})
    >>> files = pd.DataFrame({"unit_id": ["a"], "material": ["工作总结"]})
    >>> submission_status(units, log, files, dt.date(2020, 6, 15))["status"].tolist()
    ['late', 'missing']
    """
    first = log.groupby(["unit_id", "material"])["logged_on"].min()
    received = set(zip(files["unit_id"], files["material"], strict=True))
    rows = []
    for unit in units.itertuples():
        for material in MATERIALS:
            logged = first.get((unit.unit_id, material))
            has_file = (unit.unit_id, material) in received
            if logged is not None and has_file:
                status = "late" if logged > deadline else "on_time"
            elif logged is not None:
                status = "no_file"
            else:
                status = "not_logged" if has_file else "missing"
            rows.append(
                {
                    "unit_id": unit.unit_id,
                    "unit_name": unit.unit_name,
                    "unit_kind": unit.unit_kind,
                    "material": material,
                    "logged_on": logged,
                    "has_file": has_file,
                    "status": status,
                }
            )
    return pd.DataFrame(rows, columns=SUBMISSIONS)


def ledger_summary(units: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per unit and sector ledger: how many items are done, in progress, not done (:data:`LEDGERS`).

    推进中 and 未完成 are kept apart: their counts and their items are separate columns.

    >>> units = pd.DataFrame({"unit_id": ["a"], "unit_name": ["甲"], "unit_kind": ["gov_dept"]})
    >>> items = pd.DataFrame({"unit_id": ["a", "a", "a"], "sector": ["gov", "gov", "gov"],
    ...                       "item": ["x", "y", "z"], "state": ["已完成", "未完成", "推进中"]})
    >>> ledger_summary(units, items)[["items", "done", "in_progress", "not_done", "in_progress_items",
    ...                               "not_done_items"]].values.tolist()
    [[3, 1, 1, 1, 'z', 'y']]
    """
    rows = []
    names = units.set_index("unit_id")
    order = {code: i for i, code in enumerate(SECTORS)}
    keyed = items.assign(_order=items["sector"].map(order))
    for (unit_id, sector), group in keyed.sort_values(["unit_id", "_order"], kind="stable").groupby(
        ["unit_id", "sector"], sort=False
    ):
        states = group["state"].tolist()
        rows.append(
            {
                "unit_id": unit_id,
                "unit_name": names.loc[unit_id, "unit_name"],
                "unit_kind": names.loc[unit_id, "unit_kind"],
                "sector": sector,
                "items": len(states),
                "done": states.count(STATES[0]),
                "in_progress": states.count(STATES[1]),
                "not_done": states.count(STATES[2]),
                "in_progress_items": "、".join(group.loc[group["state"] == STATES[1], "item"]),
                "not_done_items": "、".join(group.loc[group["state"] == STATES[2], "item"]),
            }
        )
    return pd.DataFrame(rows, columns=LEDGERS)


def check_submissions(raw_dir: str | Path, rules: Rules, year: int) -> SubmissionCheck:
    """Run the whole submissions check on one raw folder.

    Raises:
        InputError: Every problem of the folder's June materials, at once.
        RulesError: The ``[submissions]`` table is malformed.
    """
    settings = submission_rules(rules)
    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        raise InputError(problems.to_frame())
    log = read_submission_log(folder, problems)
    items = read_status_tables(folder, problems)
    summaries = read_summaries(folder, settings, problems)
    problems.raise_if_any()
    files = pd.concat(
        [
            pd.DataFrame({"unit_id": summaries["unit_id"], "material": MATERIALS[0]}),
            pd.DataFrame({"unit_id": items["unit_id"].unique(), "material": MATERIALS[1]}),
        ],
        ignore_index=True,
    )
    # A status table with no item rows was still received.
    received = {str(s.file) for s, _ in folder.of_kind("status_table")}
    empty = [
        unit_of_file(Path(f), folder.index, "规范提升情况表") for f in received - set(items["source_file"])
    ]
    files = pd.concat([files, pd.DataFrame({"unit_id": empty, "material": MATERIALS[1]})], ignore_index=True)
    return SubmissionCheck(
        year=year,
        deadline=settings.deadline,
        submissions=submission_status(folder.units, log, files, settings.deadline),
        summaries=summaries,
        status_items=items,
        ledgers=ledger_summary(folder.units, items),
    )


LEDGER_REASONS = ("not_done_share", "unfinished_share")
"""The supervision reasons (:mod:`.supervision`) that are problems of a unit's ledger: its share of
items 未完成, or 推进中 and 未完成 together, above the rules file's ``[supervision]`` thresholds."""


def unit_checklist(check: SubmissionCheck, reasons: pd.DataFrame) -> pd.DataFrame:
    """One row per unit: both materials' status, the summary's length, the ledger's open items.

    The ``问题`` column holds only what the rules file makes a problem: a material late or not
    received by ``[submissions].deadline``, a summary over its ``summary_limits``, and a ledger
    whose share of open items is above a ``[supervision]`` threshold (``reasons``, the
    supervision list's reasons, of which those in :data:`LEDGER_REASONS` are used). Items 推进中
    and 未完成 are counted in their own columns and are not a problem by themselves.

    Args:
        check: The submissions check.
        reasons: The supervision list's reasons (unit_id, reason, detail).
    """
    wide = check.submissions.pivot(index="unit_id", columns="material", values=["status", "logged_on"])
    rows = []
    summaries = check.summaries.set_index("unit_id")
    counts = check.ledgers.groupby("unit_id")[["items", "done", "in_progress", "not_done"]].sum()
    ledger_reasons = reasons[reasons["reason"].isin(LEDGER_REASONS)]
    details = ledger_reasons.groupby("unit_id", sort=False)["detail"].agg(list)
    units = check.submissions.drop_duplicates("unit_id")
    for unit in units.itertuples():
        status = {m: wide.loc[unit.unit_id, ("status", m)] for m in MATERIALS}
        logged = {m: wide.loc[unit.unit_id, ("logged_on", m)] for m in MATERIALS}
        summary = summaries.loc[unit.unit_id] if unit.unit_id in summaries.index else None
        ledger = counts.loc[unit.unit_id] if unit.unit_id in counts.index else None
        issues = [f"{m}{STATUS_NAMES[status[m]]}" for m in MATERIALS if status[m] != "on_time"]
        if summary is not None and summary["over_limit"]:
            issues.append(f"工作总结超出字数{summary['over_by']}字")
        issues += details.get(unit.unit_id, [])
        rows.append(
            {
                LABELS["unit_name"]: unit.unit_name,
                LABELS["unit_kind"]: UNIT_KINDS[unit.unit_kind],
                "工作总结": STATUS_NAMES[status[MATERIALS[0]]],
                "工作总结报送日期": _day(logged[MATERIALS[0]]),
                "字数": None if summary is None else int(summary["characters"]),
                "字数上限": None if summary is None else int(summary["limit"]),
                "规范提升情况表": STATUS_NAMES[status[MATERIALS[1]]],
                "情况表报送日期": _day(logged[MATERIALS[1]]),
                "台账事项数": None if ledger is None else int(ledger["items"]),
                "已完成": None if ledger is None else int(ledger["done"]),
                "推进中": None if ledger is None else int(ledger["in_progress"]),
                "未完成": None if ledger is None else int(ledger["not_done"]),
                "问题": "；".join(issues),
            }
        )
    numbers = ["字数", "字数上限", "台账事项数", "已完成", "推进中", "未完成"]
    return pd.DataFrame(rows).astype(dict.fromkeys(numbers, "Int64"))


def _day(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def checklist_sheets(check: SubmissionCheck, reasons: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The Excel checklist's sheets, Chinese headers, in reading order.

    Items 推进中 and 未完成 have a sheet each; ``reasons`` are the supervision list's reasons,
    which decide the ledger problems of :func:`unit_checklist`.
    """
    summaries = check.summaries.assign(
        unit_kind=check.summaries["unit_kind"].map(UNIT_KINDS),
        over_limit=check.summaries["over_limit"].map({True: "超出", False: ""}),
    )
    ledgers = check.ledgers.assign(
        unit_kind=check.ledgers["unit_kind"].map(UNIT_KINDS), sector=check.ledgers["sector"].map(SECTORS)
    )
    names = check.submissions.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    items = check.status_items.assign(
        unit_name=check.status_items["unit_id"].map(names), sector=check.status_items["sector"].map(SECTORS)
    )
    item_columns = {
        "unit_name": LABELS["unit_name"],
        "sector": LABELS["sector"],
        "item": "台账事项",
        "state": "完成情况",
        "note": "备注",
        "source_file": "文件",
        "source_row": "行",
    }

    def items_in(state: str) -> pd.DataFrame:
        return items.loc[items["state"] == state, list(item_columns)].rename(columns=item_columns)

    return {
        "报送情况": unit_checklist(check, reasons),
        "工作总结字数": summaries.drop(columns="unit_id").rename(
            columns={
                "unit_name": LABELS["unit_name"],
                "unit_kind": LABELS["unit_kind"],
                "file": "文件",
                "characters": "字数",
                "limit": "字数上限",
                "over_by": "超出字数",
                "over_limit": "是否超出",
            }
        ),
        "规范提升情况": ledgers.drop(columns="unit_id").rename(
            columns={
                "unit_name": LABELS["unit_name"],
                "unit_kind": LABELS["unit_kind"],
                "sector": LABELS["sector"],
                "items": "台账事项数",
                "done": "已完成",
                "in_progress": "推进中",
                "not_done": "未完成",
                "in_progress_items": "推进中的事项",
                "not_done_items": "未完成的事项",
            }
        ),
        "推进中事项": items_in(STATES[1]),
        "未完成事项": items_in(STATES[2]),
    }
