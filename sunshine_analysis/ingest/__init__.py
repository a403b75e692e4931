"""Ingest: recognise, read, normalise and validate one year's received files.

The public verb is :func:`load_year`; it reads every file once, collects every problem of
the whole folder and raises :class:`~sunshine_analysis.problems.InputError` with all of
them, or returns the tidy :class:`~sunshine_analysis.inputs.YearInputs`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from sunshine_analysis import contract
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import normalise_text
from sunshine_analysis.ingest.read import Sheet, read_sheets
from sunshine_analysis.ingest.recognise import (
    KIND_NAMES,
    Recognition,
    is_skipped,
    is_spreadsheet,
    is_text_input,
    recognise_sheet,
)
from sunshine_analysis.ingest.tables import parse_registry, parse_score_sheet, parse_simple
from sunshine_analysis.inputs import YearInputs, empty
from sunshine_analysis.problems import InputError, Problems
from sunshine_analysis.rules import Rules
from sunshine_analysis.vocab import SECTOR_BY_NAME, SECTORS

__all__ = ["load_year", "scan_folder"]

MANIFEST_COLUMNS = ["path", "kind", "kind_name", "sector", "sheet", "rows", "sha256", "note"]

_LIST_COLUMNS = {
    "innovation": {
        "title": ("成果名称", "创新成果名称", "项目名称"),
        "sector": ("所属板块", "板块"),
        "rating": ("评定等次", "等次", "考评结果"),
    },
    "publicity": {
        "title": ("信息标题", "标题", "稿件标题"),
        "level": ("采用级别", "级别"),
        "outlet": ("采用媒体", "媒体", "刊物"),
        "date": ("采用日期", "日期", "刊发日期"),
    },
    "deductions": {
        "category": ("扣分类别", "类别"),
        "doc_no": ("文号", "通报文号"),
        "date": ("日期", "通报日期"),
        "reason": ("事由", "原因", "扣分事由"),
    },
}


def scan_folder(raw_dir: Path, problems: Problems) -> tuple[pd.DataFrame, list[tuple[Sheet, Recognition]]]:
    """Recognise every file under ``raw_dir``.

    Returns:
        The manifest (one row per file or recognised sheet) and the recognised sheets.
    """
    manifest, sheets = [], []
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(raw_dir).as_posix()
        if is_skipped(path):
            manifest.append({"path": rel, "kind": "skipped", "kind_name": "跳过", "note": "非输入文件"})
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if is_text_input(path):
            manifest.append(
                {
                    "path": rel,
                    "kind": "work_summary",
                    "kind_name": KIND_NAMES["work_summary"],
                    "sha256": digest,
                }
            )
            continue
        if not is_spreadsheet(path):
            problems.add(
                rel,
                "无法识别的文件类型",
                found=path.suffix or "（无扩展名）",
                expected=".xlsx、.xls、.csv、.docx 或 .txt",
            )
            continue
        try:
            book = read_sheets(path)
        except ValueError as exc:
            problems.add(rel, str(exc))
            continue
        placed = False
        for sheet in book:
            rec = recognise_sheet(sheet)
            if rec.candidates:
                problems.add(
                    rel,
                    "文件可同时识别为多种材料，无法确定",
                    sheet=sheet.name,
                    found="、".join(KIND_NAMES[k] for k in rec.candidates),
                    expected="只符合一种材料的表头",
                )
                placed = True
                continue
            if rec.kind is None:
                continue
            placed = True
            if rec.kind == "score_sheet" and rec.sector is None:
                problems.add(
                    rel,
                    "无法确定评分表所属板块",
                    sheet=sheet.name,
                    expected="文件名、工作表名或标题中写明板块，如「阳光党务」",
                )
                continue
            sheets.append((Sheet(Path(rel), sheet.name, sheet.rows), rec))
            manifest.append(
                {
                    "path": rel,
                    "kind": rec.kind,
                    "kind_name": KIND_NAMES[rec.kind],
                    "sector": rec.sector or "",
                    "sheet": sheet.name,
                    "rows": len(sheet.rows) - (rec.header_row or 0) - 1,
                    "sha256": digest,
                }
            )
        if not placed:
            problems.add(rel, "无法识别是哪种材料", expected="、".join(KIND_NAMES.values()) + " 之一的表头")
    frame = pd.DataFrame(manifest, columns=MANIFEST_COLUMNS).astype(
        {"sector": object, "sheet": object, "note": object}
    )
    return frame.fillna({"sector": "", "sheet": "", "note": ""}), sheets


def load_year(raw_dir: str | Path, rules: Rules, *, year: int | None = None) -> YearInputs:
    """Read, normalise and validate every received file of one year.

    Args:
        raw_dir: The year's raw folder (``data/raw/<year>``); never modified.
        rules: The year's rules (rank groups, known ratings, levels and categories).
        year: The evaluation year; by default the folder's name.

    Returns:
        The year's tidy inputs.

    Raises:
        InputError: Every problem found in the folder, at once.
    """
    raw_dir = Path(raw_dir)
    problems = Problems()
    if not raw_dir.is_dir():
        problems.add(str(raw_dir), "找不到原始数据文件夹")
        problems.raise_if_any()
    manifest, sheets = scan_folder(raw_dir, problems)
    by_kind: dict[str, list[tuple[Sheet, Recognition]]] = {}
    for sheet, rec in sheets:
        by_kind.setdefault(rec.kind or "", []).append((sheet, rec))

    registries = by_kind.get("registry", [])
    if len(registries) != 1:
        problems.add(
            str(raw_dir),
            "应有且只有一份单位一览表",
            found="、".join(str(s.file) for s, _ in registries) or "没有",
            expected="一份「建设板块涉及单位一览表」",
        )
        problems.raise_if_any()
    sheet, rec = registries[0]
    units = parse_registry(sheet, rec.header_row or 0, rules, problems)
    index = UnitIndex(units)

    item_frames, exempt_frames = [], []
    for sheet, rec in by_kind.get("score_sheet", []):
        scores, exempt = parse_score_sheet(sheet, rec.header_row or 0, rec.sector or "", index, problems)
        item_frames.append(scores)
        exempt_frames.append(exempt)
    lists = {
        kind: pd.concat(
            [parse_simple(s, r.header_row or 0, cols, index, problems) for s, r in by_kind.get(kind, [])]
            or [pd.DataFrame(columns=["unit_id", *cols, *contract.SOURCE])],
            ignore_index=True,
        )
        for kind, cols in _LIST_COLUMNS.items()
    }
    innovation = lists["innovation"]
    innovation["sector"] = innovation["sector"].map(_sector_code)
    for r in innovation[innovation["sector"].isna()].itertuples():
        problems.add(
            r.source_file,
            "创新成果所属板块无法识别",
            sheet=r.source_sheet,
            row=r.source_row,
            column="所属板块",
            expected="、".join(SECTORS.values()),
        )
    for kind, col in (("innovation", "rating"), ("publicity", "level"), ("deductions", "category")):
        lists[kind][col] = lists[kind][col].map(normalise_text)
    for kind in ("publicity", "deductions"):
        lists[kind]["date"] = lists[kind]["date"].map(_date_text)

    inputs = YearInputs(
        year=year or int(raw_dir.name) if (year or raw_dir.name.isdigit()) else 0,
        raw_dir=raw_dir,
        units=units.drop(columns=["source_row"]),
        item_scores=pd.concat(item_frames, ignore_index=True) if item_frames else empty(contract.ITEM_SCORES),
        exemptions=pd.concat(exempt_frames, ignore_index=True)
        if exempt_frames
        else empty(contract.EXEMPTIONS),
        innovation=innovation[contract.INNOVATION],
        publicity=lists["publicity"][contract.PUBLICITY],
        deductions=lists["deductions"][contract.DEDUCTIONS],
        manifest=manifest,
    )
    from sunshine_analysis.scoring import check_coverage  # scoring owns the coverage rule

    problems.extend(check_coverage(inputs))
    problems.raise_if_any()
    return inputs


def _sector_code(value: object) -> str | None:
    text = normalise_text(value)
    if text in SECTORS:
        return text
    if text in SECTOR_BY_NAME:
        return SECTOR_BY_NAME[text]
    return SECTOR_BY_NAME.get("阳光" + text)


def _date_text(value: object) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return normalise_text(value)


__all__ += ["InputError"]
