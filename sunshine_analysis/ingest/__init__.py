"""Ingest: recognise, read, normalise and validate one year's received files.

The pipeline reads top-down: :func:`scan_folder` reads each file once (by content, not
extension) and recognises every sheet; :func:`check_year` parses the recognised sheets into
tidy tables and checks them, collecting every problem of the whole folder; :func:`load_year`
returns the tidy :class:`~sunshine_analysis.ingest.inputs.YearInputs` or raises
:class:`~sunshine_analysis.problems.InputError` with all the problems at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest import guard
from sunshine_analysis.ingest.inputs import YearInputs, empty
from sunshine_analysis.ingest.layout import sectors_named
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import match_term, normalise_text
from sunshine_analysis.ingest.read import ReadError, Sheet, detect_format, read_sheets, read_text
from sunshine_analysis.ingest.recognise import (
    KIND_NAMES,
    Recognition,
    is_skipped,
    kinds_named,
    recognise_sheet,
    sector_candidates,
)
from sunshine_analysis.ingest.tables import (
    LIST_FIELDS,
    SCORE_CELLS,
    SCORE_ROWS,
    data_rows,
    parse_list,
    parse_registry,
    parse_score_sheet,
    score_columns,
)
from sunshine_analysis.ingest.validate import check_cells, check_duplicates, check_maxima, check_totals
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import InputError, Problems

__all__ = ["Ingest", "InputError", "check_year", "load_year", "read_sheets", "read_text", "scan_folder"]

MANIFEST_COLUMNS = ["path", "kind", "kind_name", "sector", "sheet", "rows", "sha256", "note"]
TABLE_FORMATS = {"xlsx", "xls", "html"}
TABLE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".htm", ".html"}
SUMMARY_SUFFIXES = {".txt", ".docx"}
_DATE = re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$")


@dataclass
class Ingest:
    """The result of checking a raw folder: what each file is, what is wrong, what was read.

    Attributes:
        manifest: One row per file or sheet (:data:`MANIFEST_COLUMNS`).
        problems: Every problem found.
        inputs: The tidy inputs, or None when the folder could not be read far enough.
    """

    manifest: pd.DataFrame
    problems: Problems
    inputs: YearInputs | None


def scan_folder(raw_dir: Path, problems: Problems) -> tuple[pd.DataFrame, list[tuple[Sheet, Recognition]]]:
    """Read each file under ``raw_dir`` once and recognise every sheet.

    Lock files and OS litter are skipped (and listed); a file or sheet that cannot be
    placed, or fits several kinds, is a problem listing the candidates.

    Returns:
        The manifest (one row per file or recognised sheet) and the recognised sheets, whose
        ``file`` is the path relative to ``raw_dir``.
    """
    manifest: list[dict] = []
    placed: list[tuple[Sheet, Recognition]] = []
    for path in sorted(p for p in Path(raw_dir).rglob("*") if p.is_file()):
        rel = path.relative_to(raw_dir)
        name = rel.as_posix()
        if is_skipped(path) or any(part.startswith((".", "__")) for part in rel.parts[:-1]):
            manifest.append(
                {
                    "path": name,
                    "kind": "skipped",
                    "kind_name": "跳过",
                    "note": "非输入文件（锁定文件或系统文件）",
                }
            )
            continue
        try:
            data = guard.read_file(path)  # [hardening] refuse oversized or locked files unread
        except guard.Refused as exc:
            problems.add(name, str(exc))
            continue
        digest = hashlib.sha256(data).hexdigest()
        fmt = detect_format(data)
        suffix = path.suffix.lower()
        if fmt == "docx" or (suffix in SUMMARY_SUFFIXES and fmt in ("text", "empty")):
            if "总结" not in name:
                problems.add(
                    name,
                    "无法识别是哪种材料",
                    found="文本或 Word 文件",
                    expected="文件名或所在文件夹写明「工作总结」",
                )
                continue
            manifest.append(
                {
                    "path": name,
                    "kind": "work_summary",
                    "kind_name": KIND_NAMES["work_summary"],
                    "sha256": digest,
                }
            )
            continue
        if fmt not in TABLE_FORMATS and not (fmt in ("text", "empty") and suffix in TABLE_SUFFIXES):
            problems.add(
                name,
                "无法识别的文件类型",
                found=_describe(fmt, suffix),
                expected="Excel（.xlsx、.xls）、CSV、Word（.docx）或文本（.txt）文件",
            )
            continue
        try:
            book = read_sheets(rel, data)
        except ReadError as exc:
            problems.add(name, str(exc))
            continue
        rows_before = len(manifest)
        for sheet in book:
            rec = recognise_sheet(sheet)
            entry = {"path": name, "sheet": sheet.name, "sha256": digest}
            if rec.candidates:
                problems.add(
                    name,
                    "无法确定是哪种材料：表头同时符合多种材料",
                    sheet=sheet.name,
                    row=rec.header_row + 1,
                    found="、".join(KIND_NAMES[k] for k in rec.candidates),
                    expected="只符合一种材料的表头，或在文件名中写明材料名称",
                )
                continue
            if rec.kind is None:
                if len(book) > 1:
                    manifest.append(
                        {**entry, "kind": "skipped", "kind_name": "跳过", "note": "工作表未识别为任何材料"}
                    )
                continue
            if rec.kind == "score_sheet" and rec.sector is None:
                named = sector_candidates(sheet, rec.header)
                problems.add(
                    name,
                    "无法确定评分表所属板块",
                    sheet=sheet.name,
                    found="、".join(named) if named else "未写明板块",
                    expected="文件名、工作表名或标题中只写明一个板块，如「阳光党务」",
                )
                continue
            records, _, _, left_out = data_rows(sheet, rec.header)
            skipped = "，".join(f"跳过{k} {v} 行" for k, v in left_out.items())
            manifest.append(
                {
                    **entry,
                    "kind": rec.kind,
                    "kind_name": KIND_NAMES[rec.kind],
                    "sector": rec.sector or "",
                    "rows": len(records),
                    "note": skipped,
                }
            )
            placed.append((sheet, rec))
        if not any(m.get("kind") != "skipped" for m in manifest[rows_before:]) and not _reported(
            problems, name
        ):
            guess = kinds_named(normalise_text(path.stem))
            problems.add(
                name,
                "无法识别是哪种材料",
                found="未找到可识别的表头",
                expected="、".join(KIND_NAMES[k] for k in (guess or KIND_NAMES)) + " 的表头",
            )
    frame = pd.DataFrame(manifest, columns=MANIFEST_COLUMNS)
    frame["rows"] = frame["rows"].astype("Int64")
    for col in ("sector", "sheet", "sha256", "note"):
        frame[col] = frame[col].fillna("").astype(object)
    return frame, placed


def check_year(raw_dir: str | Path, rules: Rules, *, year: int | None = None) -> Ingest:
    """Read, normalise and validate every received file of one year, collecting every problem.

    Args:
        raw_dir: The year's raw folder (``data/raw/<year>``); never modified.
        rules: The year's rules (rank groups, the sector maximum).
        year: The evaluation year; by default the folder's name.
    """
    raw_dir = Path(raw_dir)
    problems = Problems()
    if not raw_dir.is_dir():
        problems.add(str(raw_dir), "找不到原始数据文件夹")
        return Ingest(pd.DataFrame(columns=MANIFEST_COLUMNS), problems, None)
    manifest, sheets = scan_folder(raw_dir, problems)
    by_kind: dict[str, list[tuple[Sheet, Recognition]]] = {}
    for sheet, rec in sheets:
        by_kind.setdefault(rec.kind or "", []).append((sheet, rec))

    registries = by_kind.get("registry", [])
    if len(registries) != 1:
        problems.add(
            str(raw_dir),
            "应有且只有一份单位一览表",
            found="、".join(f"{s.file.as_posix()}「{s.name}」" for s, _ in registries) or "没有",
            expected="一份「建设板块涉及单位一览表」",
        )
        return Ingest(manifest, problems, None)
    sheet, rec = registries[0]
    units = parse_registry(sheet, rec.header, rules, problems)
    index = UnitIndex(units)

    sector_max = float(rules.sector_max)
    cells, rows, exemptions = _columns(SCORE_CELLS), _columns(SCORE_ROWS), _columns(contract.EXEMPTIONS)
    for sheet, rec in by_kind.get("score_sheet", []):
        assert rec.header is not None
        scoring = score_columns(rec.header, sector_max)
        items = {c.item: c.max_score for c in scoring}
        check_maxima(items, sector_max, str(sheet.file), sheet.name, problems)
        parsed = parse_score_sheet(
            sheet, rec.header, rec.sector or "", index, problems, sector_max=sector_max
        )
        for into, part in zip((cells, rows, exemptions), parsed, strict=True):
            for col, values in part.items():
                into[col].extend(values)
    # One DataFrame per table for the whole year: per-sheet frames cost more than the parsing.
    cells_all, rows_all = pd.DataFrame(cells), pd.DataFrame(rows)
    exempt_all = pd.DataFrame(exemptions) if exemptions["unit_id"] else empty(contract.EXEMPTIONS)
    item_scores = check_cells(cells_all, problems) if len(cells_all) else empty(contract.ITEM_SCORES)
    if len(rows_all):
        check_totals(rows_all, problems)
        check_duplicates(rows_all, exempt_all, problems)

    lists = {
        kind: _concat(
            [parse_list(s, r.header, kind, index, problems) for s, r in by_kind.get(kind, [])],
            ["unit_id", *fields, *contract.SOURCE],
        )
        for kind, fields in LIST_FIELDS.items()
    }
    innovation = lists["innovation"].assign(sector=lists["innovation"]["sector"].map(_sector_code))
    for r in innovation[innovation["sector"].isna()].itertuples():
        problems.add(
            r.source_file,
            "创新成果所属板块无法识别",
            sheet=r.source_sheet,
            row=r.source_row,
            column="所属板块",
            found=str(lists["innovation"].loc[r.Index, "sector"]),
            expected="、".join(SECTORS.values()),
        )
    for kind, col, terms in (
        ("innovation", "rating", rules.innovation_bonus),
        ("publicity", "level", rules.publicity_points),
        ("deductions", "category", rules.deduction_points),
    ):
        lists[kind][col] = lists[kind][col].map(lambda v, terms=list(terms): match_term(v, terms))
    for kind in ("publicity", "deductions"):
        lists[kind]["date"] = _dates(lists[kind], problems)

    inputs = YearInputs(
        year=year or (int(raw_dir.name) if raw_dir.name.isdigit() else 0),
        raw_dir=raw_dir,
        units=units.drop(columns=["source_row"]),
        item_scores=item_scores,
        exemptions=exempt_all,
        innovation=innovation[contract.INNOVATION],
        publicity=lists["publicity"][contract.PUBLICITY],
        deductions=lists["deductions"][contract.DEDUCTIONS],
        manifest=manifest,
    )
    from sunshine_analysis.scoring.engine import check_coverage  # scoring owns the coverage rule

    problems.extend(check_coverage(inputs))
    return Ingest(manifest, problems, inputs)


def load_year(raw_dir: str | Path, rules: Rules, *, year: int | None = None) -> YearInputs:
    """Read, normalise and validate every received file of one year.

    Args:
        raw_dir: The year's raw folder (``data/raw/<year>``); never modified.
        rules: The year's rules.
        year: The evaluation year; by default the folder's name.

    Returns:
        The year's tidy inputs.

    Raises:
        InputError: Every problem found in the folder, at once.
    """
    result = check_year(raw_dir, rules, year=year)
    result.problems.raise_if_any()
    assert result.inputs is not None
    return result.inputs


def _columns(names: list[str]) -> dict[str, list]:
    return {name: [] for name in names}


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty(columns)


def _sector_code(value: object) -> str | None:
    text = normalise_text(value)
    if text in SECTORS:
        return text
    found = sectors_named(text)
    return found.pop() if len(found) == 1 else None


def _dates(table: pd.DataFrame, problems: Problems) -> pd.Series:
    """ISO dates (``2020-05-01``) from date cells or text such as ``2020.5.1``, ``2020年5月1日``."""
    out = []
    for r in table.itertuples():
        value = r.date
        if isinstance(value, dt.date):
            out.append(value.strftime("%Y-%m-%d"))
            continue
        text = normalise_text(value)
        match = _DATE.match(text)
        if match:
            try:
                out.append(dt.date(*map(int, match.groups())).isoformat())
                continue
            except ValueError:
                pass
        elif not text:
            out.append("")
            continue
        problems.add(
            r.source_file,
            "日期无法识别",
            sheet=r.source_sheet,
            row=r.source_row,
            column="日期",
            found=str(value),
            expected="如 2020-05-01 或 2020年5月1日",
        )
        out.append(text)
    return pd.Series(out, index=table.index, dtype=object)


def _describe(fmt: str, suffix: str) -> str:
    kinds = {
        "zip": "压缩包",
        "binary": "二进制文件",
        "docx": "Word 文档",
        "text": "文本文件",
        "empty": "空文件",
    }
    return f"{kinds.get(fmt, fmt)}（{suffix or '无扩展名'}）"


def _reported(problems: Problems, name: str) -> bool:
    return any(p.file == name for p in problems.items)
