"""Recognise what each received file is from its name, title rows and headers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sunshine_analysis.ingest.normalise import normalise_text, parse_item_header
from sunshine_analysis.ingest.read import SPREADSHEET_SUFFIXES, TEXT_SUFFIXES, Sheet
from sunshine_analysis.vocab import SECTOR_BY_NAME, SECTORS

KIND_NAMES = {
    "registry": "单位一览表",
    "score_sheet": "板块考评得分表",
    "innovation": "创新成果",
    "publicity": "信息和宣传工作",
    "deductions": "扣分情况",
    "submission_log": "材料报送登记表",
    "status_table": "规范提升情况表",
    "work_summary": "工作总结",
    "sampling_frame": "实地考评抽样框",
    "rectification": "整改情况登记表",
}

UNIT_HEADERS = ("被考评单位", "单位名称", "单位", "被考核单位", "考评单位")
HEADER_SEARCH_ROWS = 15

# A kind is recognised when every header of one of its signatures is present.
_SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "registry": (("类别", "阳光党务", "阳光政务"), ("类别", "阳光村务", "阳光民生")),
    "innovation": (("成果名称", "评定等次"), ("成果名称", "等次")),
    "publicity": (("信息标题", "采用级别"), ("标题", "采用级别")),
    "deductions": (("扣分类别", "文号"), ("扣分类别", "事由")),
    "submission_log": (("材料", "报送日期"),),
    "status_table": (("台账事项", "完成情况"),),
    "sampling_frame": (("类型", "名称", "所属乡镇"),),
    "rectification": (("台账事项", "整改情况"),),
}
SKIPPED_PREFIXES = ("~$", ".~", "._")
SKIPPED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Recognition:
    """What a file (or one sheet of it) was recognised as."""

    kind: str | None
    sector: str | None = None
    header_row: int | None = None
    candidates: tuple[str, ...] = ()


def is_skipped(path: Path) -> bool:
    """True for files that are clearly not inputs (lock files, OS litter)."""
    return path.name in SKIPPED_NAMES or path.name.startswith(SKIPPED_PREFIXES)


def is_text_input(path: Path) -> bool:
    """True for work summaries (.txt, .docx)."""
    return path.suffix.lower() in TEXT_SUFFIXES


def is_spreadsheet(path: Path) -> bool:
    """True for the spreadsheet formats read as tables."""
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


def recognise_sheet(sheet: Sheet) -> Recognition:
    """Recognise one sheet from its headers (and, for score sheets, its sector).

    The header row is the first of the top rows that holds a unit column; rows above it
    are titles. A sheet whose headers fit two kinds lists both as candidates.
    """
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        cells = {normalise_text(c) for c in row if c not in (None, "")}
        if not cells:
            continue
        kinds = [
            kind
            for kind, signatures in _SIGNATURES.items()
            if any(all(h in cells for h in sig) for sig in signatures)
        ]
        if any(parse_item_header(c) for c in cells) and cells & set(UNIT_HEADERS):
            kinds.append("score_sheet")
        if len(kinds) == 1:
            sector = _sector_of(sheet, index) if kinds[0] == "score_sheet" else None
            return Recognition(kinds[0], sector, index)
        if len(kinds) > 1:
            return Recognition(None, None, index, tuple(kinds))
    return Recognition(None)


def _sector_of(sheet: Sheet, header_row: int) -> str | None:
    """The sector of a score sheet: named in its file name, sheet name or title rows."""
    texts = [sheet.file.name, sheet.name]
    texts += [normalise_text(c) for row in sheet.rows[:header_row] for c in row if c]
    for text in texts:
        found = {code for name, code in SECTOR_BY_NAME.items() if name in text}
        found |= {code for code, name in SECTORS.items() if name[2:] + "考评" in text}
        if len(found) == 1:
            return found.pop()
    return None
