"""The analyst's word where the tool cannot tell: a small mapping file beside the year folder.

When ``sunshine validate`` cannot place a file or sheet (no header it recognises, headers that
fit two kinds, a score sheet whose sector nothing names), it writes a draft,
``data/raw/2020.mapping.toml`` beside ``data/raw/2020/``, with what it guessed for each: the
kind, the sector, the header row and each column's role. The analyst corrects a line and runs
again; the raw files are never touched, and the mapping used (with its SHA-256) is recorded in
``manifest.json``::

    [[file]]
    path = "附件2.xlsx"
    sheet = "Sheet1"
    kind = "score_sheet"
    sector = "阳光党务"
    header_row = 2
    columns = { "考评对象" = "unit", "打分人" = "rater", "名次" = "ignore", "群众评价" = "item:20" }
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest.layout import FIELDS, Header, sector_code
from sunshine_analysis.problems import Problems

MAPPING_SUFFIX = ".mapping.toml"
DRAFT_SUFFIX = ".mapping.draft.toml"
KINDS = (
    "registry",
    "score_sheet",
    "sector_summary",
    "innovation",
    "shortlist",
    "publicity",
    "deductions",
    "submission_log",
    "status_table",
    "sampling_frame",
    "rectification",
)
ROLES = (*FIELDS, "ignore")
"""Column roles a mapping may give: a canonical field, ``ignore``, or ``item:<maximum>``."""


@dataclass(frozen=True)
class SheetRule:
    """What the analyst says of one sheet (every field optional)."""

    path: str
    sheet: str = ""
    kind: str | None = None
    sector: str | None = None
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)

    def applies_to(self, path: str, sheet: str) -> bool:
        return self.path == path and self.sheet in ("", sheet)


@dataclass(frozen=True)
class Mapping:
    """A year's mapping file and its rules."""

    file: Path
    sha256: str
    rules: tuple[SheetRule, ...]

    def rule_for(self, path: str, sheet: str) -> SheetRule | None:
        """The rule of a sheet (a rule without ``sheet`` covers every sheet of its file)."""
        return next((r for r in self.rules if r.applies_to(path, sheet)), None)

    def provenance(self) -> dict[str, str]:
        """For ``manifest.json``."""
        return {"file": self.file.name, "sha256": self.sha256}


def mapping_path(raw_dir: Path) -> Path:
    """``data/raw/2020`` → ``data/raw/2020.mapping.toml`` (beside the folder, not in it)."""
    raw_dir = Path(raw_dir)
    return raw_dir.parent / f"{raw_dir.name}{MAPPING_SUFFIX}"


def load_mapping(raw_dir: Path, problems: Problems) -> Mapping | None:
    """The year's mapping file, checked; None when there is none (or it has problems, reported)."""
    path = mapping_path(raw_dir)
    if not path.is_file():
        return None
    data = path.read_bytes()
    name = path.name
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.add(name, f"识别说明文件无法解析：{exc}", expected="TOML 格式，见文件开头的说明")
        return None
    rules = []
    for i, entry in enumerate(parsed.get("file", []), start=1):
        where = {"row": i, "found": str(entry)}
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            problems.add(name, f"第 {i} 个 [[file]] 缺少 path", expected='path = "文件名"', **where)
            continue
        kind = entry.get("kind") or None
        if kind is not None and kind not in KINDS:
            problems.unknown(name, "kind", str(kind), KINDS, row=i)
            continue
        sector = entry.get("sector") or None
        if sector is not None and sector_code(sector) is None:
            problems.unknown(name, "sector", str(sector), SECTORS.values(), row=i)
            continue
        columns = {str(k): str(v) for k, v in (entry.get("columns") or {}).items()}
        bad = [v for v in columns.values() if v not in ROLES and not _item_maximum(v)]
        if bad:
            problems.unknown(name, "columns", "、".join(bad), [*ROLES, "item:满分"], row=i)
            continue
        header_row = entry.get("header_row")
        if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
            problems.add(name, "header_row 应为表头所在的行号（从 1 起）", row=i, found=str(header_row))
            continue
        rules.append(
            SheetRule(
                path=entry["path"],
                sheet=str(entry.get("sheet") or ""),
                kind=kind,
                sector=sector_code(sector) if sector else None,
                header_row=header_row,
                columns=columns,
            )
        )
    return Mapping(path, hashlib.sha256(data).hexdigest(), tuple(rules))


def apply_columns(header: Header, columns: dict[str, str]) -> Header:
    """The header with the analyst's roles: a field, ``ignore``, or ``item:<maximum>``."""
    fields, maxima = list(header.fields), list(header.maxima)
    for i, name in enumerate(header.columns):
        role = columns.get(name)
        if role is None:
            continue
        maximum = _item_maximum(role)
        fields[i] = None if role == "ignore" or maximum else role
        maxima[i] = maximum if maximum else (None if role == "ignore" else maxima[i])
    return replace(header, fields=tuple(fields), maxima=tuple(maxima))


def draft_mapping(year: int, entries: list[dict]) -> str:
    """The draft mapping for the sheets that could not be placed, as TOML text (Chinese notes).

    Args:
        year: The year (for the heading).
        entries: One dict per sheet: ``path``, ``sheet``, ``kind`` (a guess or ""),
            ``sectors`` (candidate codes), ``header_row`` (1-based or None), ``columns``
            (header text → guessed role).
    """
    lines = [
        f"# {year} 年材料识别说明（草稿，由 sunshine validate 生成）。",
        "# 工具无法确定下列文件或工作表是什么材料。请逐项核对、改正，然后把本文件另存为",
        "# <年度>.mapping.toml（与年度文件夹并列），再运行 sunshine validate。原始文件不必改动。",
        "# kind 可选：" + "、".join(KINDS),
        "# sector 可选：" + "、".join(SECTORS.values()),
        "# columns：表头文字 = 角色；角色可选：" + "、".join(ROLES) + "，或 item:满分（评分项，如 item:20）",
        "",
    ]
    for entry in entries:
        lines += ["[[file]]", f"path = {_quote(entry['path'])}"]
        if entry.get("sheet"):
            lines.append(f"sheet = {_quote(entry['sheet'])}")
        lines.append(f"kind = {_quote(entry.get('kind') or '')}  # 请核对")
        if entry.get("kind") in ("score_sheet", "", None):
            could = "、".join(SECTORS[c] for c in entry.get("sectors") or SECTORS)
            lines.append(f'sector = ""  # 请填写所属板块，可能是：{could}')
        if entry.get("header_row"):
            lines.append(f"header_row = {entry['header_row']}")
        columns = entry.get("columns") or {}
        if columns:
            pairs = ", ".join(f"{_quote(k)} = {_quote(v)}" for k, v in columns.items())
            lines.append(f"columns = {{ {pairs} }}")
        lines.append("")
    return "\n".join(lines)


def _item_maximum(role: str) -> float | None:
    if not role.startswith("item:"):
        return None
    try:
        value = float(role.removeprefix("item:"))
    except ValueError:
        return None
    return value if value > 0 else None


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
