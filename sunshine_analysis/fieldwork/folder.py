"""The June materials of one raw folder: registry, submission log, status tables, summaries, frames.

Reading goes through the ingest layer (``scan_folder`` recognises every file); this module only
groups what it recognised and finds the unit a per-unit file belongs to from its file name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.ingest import scan_folder
from sunshine_analysis.ingest.names import UnitIndex, fold_name
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.ingest.recognise import Recognition
from sunshine_analysis.ingest.registry import parse_registry
from sunshine_analysis.ingest.scan import locate
from sunshine_analysis.problems import Problems

_YEAR_WORDS = re.compile(r"(19|20)\d{2}年度?")
_DECORATION = ("“阳光漯河”建设", "阳光漯河建设")


@dataclass
class FieldworkFolder:
    """What the June checks need from one year's raw folder.

    Attributes:
        raw_dir: The folder read (never modified).
        units: The registry: unit_id, unit_name, unit_kind, rank_group, sectors, aliases.
        index: Unit-name resolution over the registry.
        manifest: ``scan_folder``'s manifest (path, kind, sheet, sha256, …).
        sheets: Recognised sheets by kind; each sheet's ``file`` is relative to ``raw_dir``.
        summaries: Work summary files (.docx, .txt), relative to ``raw_dir``.
    """

    raw_dir: Path
    units: pd.DataFrame
    index: UnitIndex
    manifest: pd.DataFrame
    sheets: dict[str, list[tuple[Sheet, Recognition]]]
    summaries: list[Path]

    def of_kind(self, kind: str) -> list[tuple[Sheet, int]]:
        """The recognised sheets of one kind with their header row."""
        return [(s, r.header_row or 0) for s, r in self.sheets.get(kind, [])]

    def path_of(self, rel: Path) -> Path:
        """The file on disk of a path as the manifest gives it (see :func:`~.scan.locate`)."""
        return locate(self.raw_dir, rel)

    def sha256(self, rel: Path) -> str:
        """SHA-256 of a file of the folder (as recorded when it was scanned)."""
        hits = self.manifest.loc[self.manifest["path"] == rel.as_posix(), "sha256"]
        return str(hits.iloc[0]) if len(hits) else hashlib.sha256(self.path_of(rel).read_bytes()).hexdigest()


def read_folder(raw_dir: str | Path, rules: Rules, problems: Problems) -> FieldworkFolder | None:
    """Recognise every file of ``raw_dir`` and read its registry.

    Problems of the scan (unreadable or unrecognisable files) and a missing or doubled registry
    go into ``problems``; None is returned when there is no single registry to work with.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        problems.add(str(raw_dir), "找不到原始数据文件夹")
        return None
    manifest, found = scan_folder(raw_dir, problems)
    sheets: dict[str, list[tuple[Sheet, Recognition]]] = {}
    for sheet, rec in found:
        sheets.setdefault(rec.kind or "", []).append((sheet, rec))
    registries = sheets.get("registry", [])
    if len(registries) != 1:
        problems.add(
            str(raw_dir),
            "应有且只有一份单位一览表",
            found="、".join(str(s.file) for s, _ in registries) or "没有",
            expected="一份「建设板块涉及单位一览表」",
        )
        return None
    sheet, rec = registries[0]
    units = parse_registry(sheet, rec.header_row or 0, rules, problems)
    summaries = [Path(p) for p in manifest.loc[manifest["kind"] == "work_summary", "path"]]
    return FieldworkFolder(raw_dir, units, UnitIndex(units), manifest, sheets, summaries)


def unit_of_file(path: Path, index: UnitIndex, marker: str) -> str | None:
    """The unit a per-unit file belongs to, from its file name (``临颍县工作总结.docx``).

    The name is cut at ``marker`` (工作总结, 规范提升情况表, 抽样框); years and the programme's
    name around the unit are dropped. When that is not a known spelling, the longest registry
    name contained in the file name is taken.
    """
    stem = fold_name(path.stem)
    head = stem.split(marker)[0] if marker in stem else stem
    head = _YEAR_WORDS.sub("", head)
    for word in _DECORATION:
        head = head.replace(word, "")
    unit_id = index.resolve(head) if head else None
    if unit_id is not None:
        return unit_id
    inside = [(len(fold_name(n)), u) for u, n in index.names.items() if fold_name(n) in stem]
    if not inside:
        return None
    longest = max(n for n, _ in inside)
    hits = [u for n, u in inside if n == longest]
    return hits[0] if len(hits) == 1 else None


def claim_unit(
    path: Path, index: UnitIndex, marker: str, owner: dict[str, str], problems: Problems, who: str = "单位"
) -> str | None:
    """The unit of a per-unit file, claimed once per unit (see :func:`unit_of_file`).

    A file whose unit cannot be told, or a second file of a unit already claimed in ``owner``,
    is a problem and gives None.
    """
    unit_id = unit_of_file(path, index, marker)
    if unit_id is None:
        problems.add(str(path), f"无法从文件名看出是哪个{who}的{marker}", expected=f"如「临颍县{marker}」")
        return None
    if unit_id in owner:
        problems.add(
            str(path),
            f"同一{who}有两份{marker}",
            found=index.names[unit_id],
            expected=f"只有一份（另一份：{owner[unit_id]}）",
        )
        return None
    owner[unit_id] = path.as_posix()
    return unit_id
