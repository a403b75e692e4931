"""Scan a raw folder: read each file once, by content, and recognise what every sheet is."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from sunshine_analysis.ingest import guard
from sunshine_analysis.ingest.mapping import Mapping
from sunshine_analysis.ingest.normalise import INVISIBLE, normalise_text
from sunshine_analysis.ingest.read import ReadError, Sheet, detect_format, read_sheets
from sunshine_analysis.ingest.recognise import (
    KIND_NAMES,
    Recognition,
    is_skipped,
    kinds_named,
    recognise_sheet,
    roles,
)
from sunshine_analysis.ingest.tables import (
    data_rows,
)
from sunshine_analysis.problems import Problems

MANIFEST_COLUMNS = ["path", "kind", "kind_name", "sector", "sheet", "rows", "sha256", "note"]


TABLE_FORMATS = {"xlsx", "xls", "html"}


TABLE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".htm", ".html"}


SUMMARY_SUFFIXES = {".txt", ".docx"}


def scan_folder(
    raw_dir: Path,
    problems: Problems,
    mapping: Mapping | None = None,
    unplaced: list[dict] | None = None,
    leftover: list[tuple[Sheet, str]] | None = None,
) -> tuple[pd.DataFrame, list[tuple[Sheet, Recognition]]]:
    """Read each file under ``raw_dir`` once and recognise every sheet.

    Lock files and OS litter are skipped (and listed); a file or sheet that cannot be
    placed, or fits several kinds, is a problem listing the candidates, and its guess goes into
    ``unplaced`` (for a draft mapping). The analyst's ``mapping`` decides where it has a rule.
    The sheets placed nowhere go into ``leftover`` with their file's SHA-256, for a second
    look once the registry is known (:func:`~.recognise.recognise_by_content`).

    Returns:
        The manifest (one row per file or recognised sheet) and the recognised sheets, whose
        ``file`` is the path relative to ``raw_dir``.
    """
    manifest: list[dict] = []
    placed: list[tuple[Sheet, Recognition]] = []
    for path, link in _files(Path(raw_dir)):
        rel, note = readable(path.relative_to(raw_dir))
        name = rel.as_posix()
        if link:
            manifest.append(
                {
                    "path": name,
                    "kind": "skipped",
                    "kind_name": "跳过",
                    "note": "符号链接，未读取（不跟随链接，以免读到原始数据文件夹以外的文件）",
                }
            )
            continue
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
        unrecognised = []
        for sheet in book:
            rec = recognise_sheet(sheet, mapping.rule_for(name, sheet.name) if mapping else None)
            entry = {"path": name, "sheet": sheet.name, "sha256": digest, "note": note}
            if rec.candidates:
                if unplaced is not None:
                    unplaced.append(
                        {
                            "path": name,
                            "sheet": sheet.name,
                            "kind": "",
                            "header_row": rec.header_row + 1,
                            "columns": roles(rec.header),
                        }
                    )
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
                unrecognised.append(sheet)
                if len(book) > 1:
                    manifest.append(
                        {**entry, "kind": "skipped", "kind_name": "跳过", "note": "工作表未识别为任何材料"}
                    )
                continue
            records, _, _, left_out = data_rows(sheet, rec.header)
            skipped = "，".join(
                [*([note] if note else []), *(f"跳过{k} {v} 行" for k, v in left_out.items())]
            )
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
        if leftover is not None:
            leftover.extend((s, digest) for s in unrecognised)
        if not any(m.get("kind") != "skipped" for m in manifest[rows_before:]) and not _reported(
            problems, name
        ):
            guess = kinds_named(normalise_text(path.stem))
            if unplaced is not None:
                unplaced.append({"path": name, "kind": next(iter(guess)) if len(guess) == 1 else ""})
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


def _files(raw_dir: Path) -> list[tuple[Path, bool]]:
    """Every file under ``raw_dir``, sorted, and whether it is a symbolic link (to a file or a
    folder): links are listed, never followed, so nothing outside the folder is ever read."""
    found = []
    for folder, dirs, files in os.walk(raw_dir, followlinks=False):
        here = Path(folder)
        found += [(here / d, True) for d in dirs if (here / d).is_symlink()]
        found += [(here / f, (here / f).is_symlink()) for f in files]
    return sorted(found)


def locate(raw_dir: Path, name: str | Path) -> Path:
    """The file of ``raw_dir`` a manifest path names, also when the name was read as GBK
    (:func:`readable`): the manifest holds what a person reads, the disk what it holds."""
    path = Path(raw_dir) / name
    if path.exists():
        return path
    wanted = Path(name).as_posix()
    for candidate, _ in _files(Path(raw_dir)):
        if readable(candidate.relative_to(raw_dir))[0].as_posix() == wanted:
            return candidate
    return path


def readable(rel: Path) -> tuple[Path, str]:
    """A file's path as a person reads it, with a note when its name was not UTF-8.

    A zip made on Windows gives names in GBK, which Linux keeps as bytes: Python holds them
    with stand-in characters that no file or report can be written with. Such a name is read
    as GB18030 (a superset of GBK), else with replacement marks. Control and invisible format
    characters (a right-to-left override that shows ``xcod.exe`` as ``exe.docx``) are shown as
    escapes (``\\u202e``).

    >>> import os
    >>> readable(Path(os.fsdecode("阳光党务.xlsx".encode("gbk"))))
    (PosixPath('阳光党务.xlsx'), '文件名不是 UTF-8 编码，按 GBK 读作「阳光党务.xlsx」')
    """
    text = str(rel)
    try:
        text.encode("utf-8")
        name, note = text, ""
    except UnicodeEncodeError:
        raw = os.fsencode(text)
        try:
            name = raw.decode("gb18030")
            note = f"文件名不是 UTF-8 编码，按 GBK 读作「{name}」"
        except UnicodeDecodeError:
            name = raw.decode("utf-8", "replace")
            note = f"文件名不是 UTF-8 编码，无法识别的字符显示为 �：「{name}」"
    if INVISIBLE.search(name):
        name = INVISIBLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), name)
        note = "；".join(x for x in (note, f"文件名含有不可见的控制字符，显示为转义形式：「{name}」") if x)
    return (Path(name), note) if name != text else (rel, note)


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
