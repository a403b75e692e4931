"""Load one year: parse the recognised sheets into tidy tables and check them, every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest.content import Vocabulary, read_roles
from sunshine_analysis.ingest.inputs import YearInputs, empty
from sunshine_analysis.ingest.layout import sector_code
from sunshine_analysis.ingest.lists import LIST_FIELDS, parse_list
from sunshine_analysis.ingest.mapping import Mapping, load_mapping
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import fold_term, match_term, normalise_text, parse_date
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.ingest.recognise import (
    KIND_NAMES,
    Recognition,
    recognise_by_content,
    roles,
)
from sunshine_analysis.ingest.registry import parse_registry
from sunshine_analysis.ingest.scan import MANIFEST_COLUMNS, scan_folder
from sunshine_analysis.ingest.scoresheet import (
    SCORE_CELLS,
    SCORE_ROWS,
    parse_score_sheet,
    parse_sector_summary,
    score_columns,
)
from sunshine_analysis.ingest.sectors import infer_sectors
from sunshine_analysis.ingest.tables import data_rows
from sunshine_analysis.ingest.validate import (
    check_cells,
    check_duplicates,
    check_maxima,
    check_scorable,
    check_totals,
)
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import Problems, offending_rows


@dataclass
class Ingest:
    """The result of checking a raw folder: what each file is, what is wrong, what was read.

    Attributes:
        manifest: One row per file or sheet (:data:`MANIFEST_COLUMNS`).
        problems: Every problem found.
        inputs: The tidy inputs, or None when the folder could not be read far enough.
        unplaced: The sheets the tool could not place, with its guesses (for a draft mapping).
        mapping: The analyst's mapping file used, if any.
    """

    manifest: pd.DataFrame
    problems: Problems
    inputs: YearInputs | None
    unplaced: list[dict] = field(default_factory=list)
    mapping: Mapping | None = None


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
    mapping = load_mapping(raw_dir, problems)
    unplaced: list[dict] = []
    leftover: list[tuple[Sheet, str]] = []
    manifest, sheets = scan_folder(raw_dir, problems, mapping, unplaced, leftover)
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
        return Ingest(manifest, problems, None, unplaced, mapping)
    sheet, rec = registries[0]
    units = parse_registry(sheet, rec.header, rules, problems)
    index = UnitIndex(units)
    vocabulary = Vocabulary.of(rules)
    manifest = _second_look(leftover, index, vocabulary, manifest, problems, unplaced, by_kind)
    for kind in LIST_FIELDS:
        by_kind[kind] = [_by_content(s, r, vocabulary, manifest) for s, r in by_kind.get(kind, [])]

    sector_max = float(rules.sector_max)
    score_sheets = _place_sectors(by_kind.get("score_sheet", []), units, index, manifest, problems, unplaced)
    parsed = []
    for sheet, rec in score_sheets:
        assert rec.header is not None
        scoring = score_columns(rec.header, sector_max)
        items = {c.item: c.max_score for c in scoring}
        check_maxima(items, sector_max, str(sheet.file), sheet.name, problems)
        parsed.append(
            parse_score_sheet(sheet, rec.header, rec.sector, index, problems, sector_max=sector_max)
        )
    for sheet, rec in by_kind.get("sector_summary", []):
        parsed.append(parse_sector_summary(sheet, rec.header, index, problems, sector_max=sector_max))
    cells, rows, exemptions = _columns(SCORE_CELLS), _columns(SCORE_ROWS), _columns(contract.EXEMPTIONS)
    for tables in parsed:
        for into, part in zip((cells, rows, exemptions), tables, strict=True):
            for col, values in part.items():
                into[col].extend(values)
    # One DataFrame per table for the whole year: per-sheet frames cost more than the parsing.
    cells_all, rows_all = pd.DataFrame(cells), pd.DataFrame(rows)
    exempt_all = pd.DataFrame(exemptions) if exemptions["unit_id"] else empty(contract.EXEMPTIONS)
    item_scores = check_cells(cells_all, problems) if len(cells_all) else empty(contract.ITEM_SCORES)
    if len(rows_all):
        check_totals(rows_all, problems, float(rules.total_tolerance))
        check_duplicates(rows_all, exempt_all, problems)

    lists = {
        kind: _concat(
            [parse_list(s, r.header, kind, index, problems) for s, r in by_kind.get(kind, [])],
            ["unit_id", *fields, *contract.SOURCE],
        )
        for kind, fields in LIST_FIELDS.items()
    }
    innovation = lists["innovation"].assign(sector=lists["innovation"]["sector"].map(sector_code))
    for r in offending_rows(innovation[innovation["sector"].isna()]):
        problems.add(
            r.source_file,
            "创新成果所属板块无法识别",
            sheet=r.source_sheet,
            row=r.source_row,
            column="所属板块",
            found=str(lists["innovation"].loc[r.Index, "sector"]),
            expected="、".join(SECTORS.values()),
        )
    synonyms = {term: list(words) for term, words in rules.synonyms.items()}
    for kind, col, terms in (
        ("innovation", "rating", rules.innovation_bonus),
        ("publicity", "level", rules.publicity_points),
        ("deductions", "category", rules.deduction_points),
    ):
        written = lists[kind][col]
        lists[kind][col] = written.map(lambda v, terms=list(terms): match_term(v, terms, synonyms))
        _note_readings(manifest, lists[kind], col, written, terms)
    for kind in ("publicity", "deductions"):
        lists[kind]["date"] = _dates(lists[kind], problems)

    inputs = YearInputs(
        year=paths.year_of(raw_dir, year),
        raw_dir=raw_dir,
        units=units.drop(columns=["source_row"]),
        item_scores=item_scores,
        exemptions=exempt_all,
        innovation=innovation[contract.INNOVATION],
        publicity=lists["publicity"][contract.PUBLICITY],
        deductions=lists["deductions"][contract.DEDUCTIONS],
        shortlist=lists["shortlist"][contract.SHORTLIST] if by_kind.get("shortlist") else None,
        manifest=manifest,
        mapping=mapping.provenance() if mapping else None,
    )
    problems.extend(check_scorable(inputs, rules))
    return Ingest(manifest, problems, inputs, unplaced, mapping)


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


def _note_readings(
    manifest: pd.DataFrame, table: pd.DataFrame, column: str, written: pd.Series, terms
) -> None:
    """Say in the manifest where a cell was read as a rules term it does not spell
    (省级通报批评 → 省级及以上通报批评), so the analyst sees every such reading."""
    readings: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for w, r, file, sheet in zip(
        written, table[column], table["source_file"], table["source_sheet"], strict=True
    ):
        if r in terms and fold_term(w) != fold_term(r):
            readings.setdefault((file, sheet), set()).add((normalise_text(w), r))
    for (file, sheet), pairs in readings.items():
        _add_note(
            manifest,
            file,
            sheet,
            "按评分细则读作：" + "、".join(f"「{w}」→「{r}」" for w, r in sorted(pairs)),
        )


def _second_look(
    leftover: list[tuple[Sheet, str]],
    index: UnitIndex,
    vocabulary: Vocabulary,
    manifest: pd.DataFrame,
    problems: Problems,
    unplaced: list[dict],
    by_kind: dict[str, list[tuple[Sheet, Recognition]]],
) -> pd.DataFrame:
    """Place the sheets no header placed by what their cells hold (:func:`recognise_by_content`);
    a file placed so is no longer reported as unrecognised, a sheet no longer as skipped.
    Returns the manifest, with a row for each sheet placed."""
    placed, rows, doubtful = set(), [], []
    for sheet, digest in leftover:
        rec = recognise_by_content(sheet, index, vocabulary)
        if rec.kind is None or rec.kind == "registry":
            if rec.doubts:
                doubtful.append((sheet, rec))
            continue
        name = sheet.file.as_posix()
        placed.add((name, sheet.name))
        by_kind.setdefault(rec.kind, []).append((sheet, rec))
        records, _, _, _ = data_rows(sheet, rec.header)
        note = f"表头未能按文字识别：按单位名称所在的列判断，第 {rec.header.first_row + 1} 行为表头"
        rows.append(
            {
                "path": name,
                "sheet": sheet.name,
                "kind": rec.kind,
                "kind_name": KIND_NAMES[rec.kind],
                "sector": rec.sector or "",
                "rows": len(records),
                "sha256": digest,
                "note": "；".join([note, *map(str, rec.readings)]),
            }
        )
    # Say what is in doubt instead of 「无法识别」, and draft the sheet's header for the mapping.
    unsure = {s.file.as_posix() for s, _ in doubtful} - {name for name, _ in placed}
    problems.items[:] = [
        p for p in problems.items if not (p.file in unsure and p.message == "无法识别是哪种材料")
    ]
    for entry in unplaced:
        rec = next((r for s, r in doubtful if s.file.as_posix() == entry["path"]), None)
        if rec is not None and not entry.get("sheet") and entry["path"] in unsure:
            entry.update(header_row=rec.header.first_row + 1, columns=roles(rec.header))
    for sheet, rec in doubtful:
        problems.add(
            sheet.file.as_posix(),
            "无法确定列的含义",
            sheet=sheet.name,
            row=rec.header.first_row + 1,
            found="；".join(rec.doubts),
            expected="只有一列能读作该含义；或在识别说明（mapping）中写明各列的含义",
        )
    if not rows:
        return manifest
    files = {name for name, _ in placed}
    problems.items[:] = [
        p for p in problems.items if not (p.file in files and p.message == "无法识别是哪种材料")
    ]
    unplaced[:] = [e for e in unplaced if not (e["path"] in files and not e.get("sheet"))]
    skipped = [(p, s) in placed for p, s in zip(manifest["path"], manifest["sheet"], strict=True)]
    extra = pd.DataFrame(rows, columns=manifest.columns).astype({"rows": "Int64"})
    return pd.concat([manifest[[not s for s in skipped]], extra], ignore_index=True)


def _by_content(
    sheet: Sheet, rec: Recognition, vocabulary: Vocabulary, manifest: pd.DataFrame
) -> tuple[Sheet, Recognition]:
    """A placed list with the optional columns its headers did not name (a date under 备注)
    read from their cells, and said in the manifest."""
    records, _, _, _ = data_rows(sheet, rec.header)
    header, readings, _ = read_roles(rec.header, records, vocabulary)
    if readings:
        _add_note(manifest, sheet.file.as_posix(), sheet.name, "；".join(map(str, readings)))
    return sheet, replace(rec, header=header, readings=tuple(readings))


def _add_note(manifest: pd.DataFrame, path: str, sheet: str, note: str) -> None:
    at = (manifest["path"] == path) & (manifest["sheet"] == sheet)
    manifest.loc[at, "note"] = ["；".join(x for x in (n, note) if x) for n in manifest.loc[at, "note"]]


def _place_sectors(
    sheets: list[tuple[Sheet, Recognition]],
    units: pd.DataFrame,
    index: UnitIndex,
    manifest: pd.DataFrame,
    problems: Problems,
    unplaced: list[dict],
) -> list[tuple[Sheet, Recognition]]:
    """The score sheets with their sector: named, or inferred (:mod:`.sectors`) and noted in
    the manifest; a sheet whose sector cannot be told is reported with its candidates."""
    named = {_label(s): r.sector for s, r in sheets if r.sector}
    to_place = {_label(s): (r.header, _units_of(s, r, index)) for s, r in sheets if not r.sector}
    participation = {u: set(s.split(";")) for u, s in zip(units["unit_id"], units["sectors"], strict=True)}
    placements = infer_sectors(to_place, named, participation)
    out = []
    for sheet, rec in sheets:
        if rec.sector:
            out.append((sheet, rec))
            continue
        placed = placements[_label(sheet)]
        row = (manifest["path"] == sheet.file.as_posix()) & (manifest["sheet"] == sheet.name)
        if placed.sector is None:
            unplaced.append(
                {
                    "path": sheet.file.as_posix(),
                    "sheet": sheet.name,
                    "kind": "score_sheet",
                    "sectors": placed.candidates,
                    "header_row": rec.header.first_row + 1,
                    "columns": roles(rec.header),
                }
            )
            could_be = "、".join(SECTORS[c] for c in placed.candidates)
            problems.add(
                sheet.file.as_posix(),
                "无法确定评分表所属板块",
                sheet=sheet.name,
                found=f"文件名、工作表名、标题和评分项目都未写明板块；可能是：{could_be}",
                expected="在文件名、工作表名或标题中写明板块，如「阳光党务」",
            )
            _check_unplaced(sheet, rec, index, problems)
            continue
        manifest.loc[row, "sector"] = placed.sector
        manifest.loc[row, "note"] = "；".join(
            n for n in (manifest.loc[row, "note"].iloc[0], placed.note) if n
        )
        out.append((sheet, replace(rec, sector=placed.sector)))
    return out


def _check_unplaced(sheet: Sheet, rec: Recognition, index: UnitIndex, problems: Problems) -> None:
    """Report what is wrong inside a sheet that cannot be placed (unknown units, bad cells),
    so that one round trip to the sender fixes it all; nothing of it is scored."""
    cells, _, _ = parse_score_sheet(sheet, rec.header, "", index, problems)
    if cells["unit_id"]:
        check_cells(pd.DataFrame(cells), problems)


def _label(sheet: Sheet) -> str:
    return f"{sheet.file.as_posix()}「{sheet.name}」"


def _units_of(sheet: Sheet, rec: Recognition, index: UnitIndex) -> set[str]:
    """The units a sheet scores, as far as their names resolve (unknown ones are reported later)."""
    column = rec.header.column("unit")
    if column is None:
        return set()
    records, _, header, _ = data_rows(sheet, rec.header)
    i = header.columns.index(column)
    return {u for u in (index.resolve(r[i]) for r in records) if u is not None}


def _columns(names: list[str]) -> dict[str, list]:
    return {name: [] for name in names}


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else empty(columns)


def _dates(table: pd.DataFrame, problems: Problems) -> pd.Series:
    """ISO dates (``2020-05-01``) from date cells or text such as ``2020.5.1``, ``2020年5月1日``."""
    out = []
    for value, file, sheet, row in zip(
        table["date"], table["source_file"], table["source_sheet"], table["source_row"], strict=True
    ):
        day = parse_date(value)
        text = normalise_text(value)
        if day is not None or not text:
            out.append(day.isoformat() if day else "")
            continue
        problems.add(
            file,
            "日期无法识别",
            sheet=sheet,
            row=row,
            column="日期",
            found=str(value),
            expected="如 2020-05-01 或 2020年5月1日",
        )
        out.append(text)
    return pd.Series(out, index=table.index, dtype=object)
