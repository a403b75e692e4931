"""Recognise what each received file is from its name, title rows and headers.

Headers decide first: each kind has signatures of canonical fields (see
:mod:`~sunshine_analysis.ingest.layout`). When headers fit several kinds, the words of the
file name, sheet name and titles break the tie; when they still do not, the sheet is not
placed and the candidates are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sunshine_analysis.ingest.content import Reading, Vocabulary, read_roles
from sunshine_analysis.ingest.layout import (
    HEADER_SEARCH_ROWS,
    Header,
    filled_rows,
    find_header,
    sector_of_header,
    sectors_named,
)
from sunshine_analysis.ingest.mapping import SheetRule, apply_columns
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import normalise_text, parse_number
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.ingest.registry import PARTICIPATION_MARKS
from sunshine_analysis.ingest.tables import data_rows

KIND_NAMES = {
    "registry": "单位一览表",
    "score_sheet": "板块考评得分表",
    "sector_summary": "板块得分汇总表",
    "innovation": "创新成果",
    "shortlist": "创新成果初选名单",
    "publicity": "信息和宣传工作",
    "deductions": "扣分情况",
    "submission_log": "材料报送登记表",
    "status_table": "规范提升情况表",
    "work_summary": "工作总结",
    "sampling_frame": "实地考评抽样框",
    "rectification": "整改情况登记表",
}


# A kind fits a sheet when every field of one of its signatures is among the header's fields.
_SIGNATURES: dict[str, tuple[frozenset[str], ...]] = {
    "registry": (frozenset({"unit", "category", "sectors"}),),
    # Item columns, raters' totals as columns, or just one total per unit (docs/domain.md §3.3).
    "score_sheet": (frozenset({"unit", "items"}), frozenset({"unit", "total"})),
    # One row per unit, one column per sector, scores in the cells.
    "sector_summary": (frozenset({"unit", "sector_scores"}),),
    "innovation": (frozenset({"unit", "title", "rating"}),),
    # Units and titles only: placed only when named (初选) and when no other kind fits.
    "shortlist": (frozenset({"unit", "title"}),),
    "publicity": (frozenset({"unit", "title", "level"}),),
    "deductions": (
        frozenset({"unit", "deduction_category", "doc_no"}),
        frozenset({"unit", "deduction_category", "reason"}),
    ),
    "submission_log": (frozenset({"unit", "material", "submitted"}),),
    "status_table": (frozenset({"ledger_item", "state"}),),
    "sampling_frame": (frozenset({"frame_type", "unit", "township"}),),
    "rectification": (frozenset({"ledger_item", "rectified"}),),
}
# Words in a file name, sheet name or title that point at a kind.
_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "registry": ("一览表", "涉及单位", "单位名单", "单位名册"),
    "score_sheet": ("得分", "评分", "考评表", "打分"),
    "innovation": ("创新",),
    "shortlist": ("初选",),
    "publicity": ("信息和宣传", "宣传", "信息采用", "采用情况"),
    "deductions": ("扣分", "通报批评", "问责"),
    "submission_log": ("报送登记", "报送情况", "登记表"),
    "status_table": ("规范提升", "情况表"),
    "sampling_frame": ("抽样框",),
    "rectification": ("整改",),
    "work_summary": ("工作总结", "总结"),
}
SKIPPED_PREFIXES = ("~$", ".~", "._", ".")
SKIPPED_NAMES = {"Thumbs.db", "desktop.ini", "ehthumbs.db"}
SKIPPED_SUFFIXES = {".tmp", ".bak", ".lnk", ".crdownload", ".part"}


@dataclass(frozen=True)
class Recognition:
    """What a sheet was recognised as.

    Attributes:
        kind: The kind (a key of :data:`KIND_NAMES`), or None when not placed.
        sector: A score sheet's sector code, when found.
        header_row: The first row of the header block (0-based).
        candidates: The kinds that fit equally, when the sheet cannot be placed.
        header: The header block found.
        readings: The columns whose role was read from their cells (:mod:`.content`).
        doubts: The roles several columns could hold, so none was given (Chinese).
    """

    kind: str | None
    sector: str | None = None
    header_row: int | None = None
    candidates: tuple[str, ...] = ()
    header: Header | None = None
    readings: tuple[Reading, ...] = ()
    doubts: tuple[str, ...] = ()


def is_skipped(path: Path) -> bool:
    """True for files that are clearly not inputs (lock files, OS litter, temporary files).

    >>> is_skipped(Path("~$阳光党务.xlsx")), is_skipped(Path(".DS_Store")), is_skipped(Path("a.xlsx"))
    (True, True, False)
    """
    return (
        path.name in SKIPPED_NAMES
        or path.name.startswith(SKIPPED_PREFIXES)
        or path.suffix.lower() in SKIPPED_SUFFIXES
    )


def kinds_named(text: str) -> set[str]:
    """The kinds a file name or title points at.

    >>> sorted(kinds_named("创新成果考评结果汇总表"))
    ['innovation']
    """
    return {kind for kind, words in _NAME_WORDS.items() if any(w in text for w in words)}


def recognise_sheet(sheet: Sheet, rule: SheetRule | None = None) -> Recognition:
    """Recognise one sheet from its headers, its file name, sheet name and titles.

    A sheet whose headers fit two kinds, and whose names do not decide between them, is not
    placed; its candidates are listed. The analyst's ``rule`` (:mod:`.mapping`) says what the
    tool could not tell: the header row, column roles, the kind, the sector.
    """
    start = rule.header_row - 1 if rule and rule.header_row else None
    header = find_header(filled_rows(sheet), start)
    if header is None:
        return Recognition(None)
    if rule and rule.columns:
        header = apply_columns(header, rule.columns)
    if rule and rule.kind:
        sector = rule.sector or (sector_of(sheet, header) if rule.kind == "score_sheet" else None)
        return Recognition(rule.kind, sector, header.first_row, (), header)
    return _classify(sheet, header, rule)


def _classify(sheet: Sheet, header: Header, rule: SheetRule | None) -> Recognition:
    """The kind (and a score sheet's sector) a header fits, from its fields and the names."""
    present = {f for f in header.fields if f}
    if header.items() or header.rater_columns():
        present.add("items")
    if len({sector_of_header(c) for c in _sector_columns(header)}) >= 2:
        # Marks (√) make a registry; scores in the same columns make a summary of sector scores.
        present.add("sector_scores" if _scores_in_sector_columns(sheet, header) else "sectors")
        present.discard("total")
    kinds = [k for k, sigs in _SIGNATURES.items() if any(sig <= present for sig in sigs)]
    if "shortlist" in kinds and (
        len(kinds) > 1 or not any("shortlist" in kinds_named(t) for t in _names(sheet, header))
    ):
        # The least specific signature: an innovation result or a publicity list has units and
        # titles too, and a list of titles is a shortlist only when it says so.
        kinds.remove("shortlist")
    if len(kinds) > 1:
        named = set().union(*(kinds_named(t) for t in _names(sheet, header)))
        narrowed = [k for k in kinds if k in named]
        if len(narrowed) != 1:
            return Recognition(None, None, header.first_row, tuple(kinds), header)
        kinds = narrowed
    if not kinds:
        return Recognition(None, None, header.first_row, (), header)
    kind = kinds[0]
    sector = sector_of(sheet, header) if kind == "score_sheet" else None
    if rule and rule.sector and kind == "score_sheet":
        sector = rule.sector
    return Recognition(kind, sector, header.first_row, (), header)


def roles(header: Header) -> dict[str, str]:
    """Each column's role as found, for a draft mapping (items as ``item:<maximum>``)."""
    out = {}
    for name, f, m in zip(header.columns, header.fields, header.maxima, strict=True):
        if f or m:
            out[name] = f or f"item:{m:g}"
    return out


def recognise_by_content(sheet: Sheet, index: UnitIndex, vocabulary: Vocabulary) -> Recognition:
    """A second look at a sheet no header placed, by what its cells hold.

    The column whose cells are registry names is the unit column, whatever its header says,
    and the header is the row above the first of them; the other columns whose header named
    nothing take the role their cells show (:func:`~.content.read_roles`).

    Returns:
        The recognition, with the kind its header then fits (None when it still fits none).
    """
    rows = filled_rows(sheet)[: HEADER_SEARCH_ROWS + 40]
    hits: dict[int, list[int]] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.strip() and index.resolve(value) is not None:
                hits.setdefault(c, []).append(r)
    if not hits:
        return Recognition(None)
    column, found = max(hits.items(), key=lambda item: (len(item[1]), -item[0]))
    above = [r for r in range(found[0]) if sum(1 for v in rows[r] if normalise_text(v)) >= 2]
    if len(found) < 2 or not above:
        return Recognition(None)
    header = find_header(filled_rows(sheet), above[-1])
    if header is None or column >= len(header.columns):
        return Recognition(None)
    fields = list(header.fields)
    fields[column] = "unit"
    header = replace(header, fields=tuple(fields))
    records, _, _, _ = data_rows(sheet, header)
    header, readings, doubts = read_roles(header, records, vocabulary)
    rec = replace(_classify(sheet, header, None), readings=tuple(readings), doubts=tuple(doubts))
    # Read by its cells, a sheet must not contradict its name: 扣分情况.xlsx holding units and
    # numbers is a list of points deducted, not a sector's scores.
    named = set().union(*(kinds_named(t) for t in _names(sheet, header)))
    if readings and rec.kind and named and rec.kind not in named:
        return replace(rec, kind=None, sector=None)
    return rec


def sector_of(sheet: Sheet, header: Header) -> str | None:
    """The sector of a score sheet: named in its file name, sheet name, titles or group cells.

    The first of these that names exactly one sector decides.
    """
    for text in [*_names(sheet, header), *dict.fromkeys(g for g in header.groups if g)]:
        found = sectors_named(text)
        if len(found) == 1:
            return found.pop()
    return None


def _sector_columns(header: Header) -> list[str]:
    """Columns named after a sector (阳光党务, 党务): an item with a maximum (政务公开(30分)) is not one."""
    return [
        c for c, m in zip(header.columns, header.maxima, strict=True) if m is None and sector_of_header(c)
    ]


def _scores_in_sector_columns(sheet: Sheet, header: Header) -> bool:
    """True when the sector columns hold scores (numbers above 1) rather than marks (√, 1, 是);
    cells that mark neither (empty, —, 免考) do not count either way."""
    records, _, _, _ = data_rows(sheet, header)
    columns = [header.columns.index(c) for c in _sector_columns(header)]
    numbers = marks = 0
    for record in records:
        for i in columns:
            value = parse_number(record[i])
            if value is not None and value == value and value > 1:
                numbers += 1
            elif normalise_text(record[i]) in PARTICIPATION_MARKS:
                marks += 1
    return numbers > marks


def _names(sheet: Sheet, header: Header) -> list[str]:
    return [normalise_text(sheet.file.stem), normalise_text(sheet.name), *header.titles]
