"""A raw folder as unzipped or copied by hand: links out of it, names not in UTF-8, formulas
reading other workbooks, a password on an .xls. Each is named; nothing outside is read."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from pathlib import Path

import pytest

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year, guard
from sunshine_analysis.outputs.write import score_into

RULES = load_rules(year=2020)
PARTY = "阳光党务考评得分汇总表（市委组织部报）.xlsx"


def test_a_link_out_of_the_folder_is_listed_and_not_read(tiny_year: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("口令：123456", encoding="utf-8")
    (tiny_year / "工作总结").mkdir()
    (tiny_year / "工作总结" / "临颍县工作总结.txt").symlink_to(secret)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "阳光司法考评得分汇总表.xlsx").write_bytes((tiny_year / PARTY).read_bytes())
    (tiny_year / "更多").symlink_to(outside, target_is_directory=True)
    result = check_year(tiny_year, RULES)
    assert not result.problems, result.problems.to_frame().to_string()
    rows = result.manifest.set_index("path")
    for name in ("工作总结/临颍县工作总结.txt", "更多"):
        assert rows.loc[name, "kind"] == "skipped"
        assert "符号链接" in rows.loc[name, "note"]
        assert rows.loc[name, "sha256"] == ""  # never opened
    assert not any(p.startswith("更多/") for p in rows.index)


def test_a_name_that_is_not_utf8_is_read_under_its_gbk_reading(tiny_year: Path, tmp_path: Path) -> None:
    source = tiny_year / PARTY
    odd = os.fsdecode(os.fsencode(tiny_year) + b"/" + PARTY.encode("gbk"))
    os.rename(source, odd)
    result = check_year(tiny_year, RULES)
    assert not result.problems, result.problems.to_frame().to_string()
    row = result.manifest.set_index("path").loc[PARTY]
    assert row["kind"] == "score_sheet" and "按 GBK 读作" in row["note"]
    assert (result.inputs.item_scores["source_file"] == PARTY).sum() == 12
    # And the year is written out (CSV, JSON) under that name, not failing on the raw bytes.
    written = score_into(tiny_year, tmp_path / "processed" / "2020", 2020, None)
    assert PARTY in (tmp_path / "processed" / "2020" / "item_scores.csv").read_text(encoding="utf-8")
    assert written


def _with_external_formula(data: bytes, cell: str, formula: str, cached: str) -> bytes:
    """The workbook with one cell turned into a formula into another workbook (value cached)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            part = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                part, n = re.subn(
                    rf'<c r="{cell}"([^>]*?)(?: t="n")?>.*?</c>'.encode(),
                    f'<c r="{cell}"><f>{formula}</f><v>{cached}</v></c>'.encode(),
                    part,
                    flags=re.S,
                )
                assert n == 1
            target.writestr(info, part)
    return out.getvalue()


def test_a_score_read_from_another_workbook_is_an_error_naming_the_cell(tiny_year: Path) -> None:
    # Row 5 (市委组织部), 组织领导 in column D: a link to a workbook nobody here has.
    path = tiny_year / PARTY
    path.write_bytes(_with_external_formula(path.read_bytes(), "D5", "'[1]汇总'!D5", "38"))
    found = check_year(tiny_year, RULES).problems.to_frame()
    hit = found[(found["file"] == PARTY) & (found["row"] == 5)]
    assert hit["message"].tolist() == ["分值是引用其他工作簿的公式（外部链接），不是本表中的分数"]
    assert hit["column"].tolist() == ["组织领导"]
    assert hit["found"].tolist() == ["='[1]汇总'!D5"]


def test_a_formula_inside_the_workbook_is_read_by_its_value(tiny_year: Path) -> None:
    path = tiny_year / PARTY
    path.write_bytes(_with_external_formula(path.read_bytes(), "F5", "SUM(D5:E5)", "95"))
    assert not check_year(tiny_year, RULES).problems


def test_a_password_protected_xls_is_named_as_such() -> None:
    xls = next(Path(__file__).parents[2].glob("data/raw/2020/*.xls"))
    data = bytearray(xls.read_bytes())
    start = data.find(b"\x09\x08\x10\x00\x00\x06\x05\x00")
    # The record after the workbook's BOF becomes FILEPASS, as in an encrypted workbook.
    struct.pack_into("<H", data, start + 20, 0x002F)
    with pytest.raises(guard.Refused, match="密码"):
        guard.inspect_content(bytes(data))
    assert guard.inspect_content(xls.read_bytes()) == frozenset()
