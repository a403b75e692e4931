"""Return to sender: validate --annotate marks every problem cell of a received file."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl

from sunshine_analysis import cli

PLANTED = Path(__file__).parents[1] / "data" / "unseen" / "planted_errors" / "raw"


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_every_problem_cell_is_marked_and_listed(tmp_path: Path) -> None:
    raw = tmp_path / "2020"
    shutil.copytree(PLANTED, raw)
    before = _hashes(raw)
    out = tmp_path / "退回"
    assert cli.main(["validate", str(raw), "--annotate", str(out)]) == 1
    assert _hashes(raw) == before  # the received files are never touched
    (copy,) = out.glob("*.xlsx")
    assert copy.name == "附件2（问题标注）.xlsx"
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames == ["问题清单", "Sheet1"]
    marked = {c.coordinate: c.comment.text for row in book["Sheet1"].iter_rows() for c in row if c.comment}
    # The five planted errors (tests/data/unseen/planted_errors/expected.json), at their cells:
    assert set(marked) == {"F5", "E6", "B7", "B8", "G10"}
    assert "分值超过该项满分" in marked["F5"] and "发现：23" in marked["F5"]
    assert "分值不是数字" in marked["E6"] and "良好" in marked["E6"]
    assert "市科技局" in marked["B8"] and "#DIV/0!" in marked["G10"]
    assert book["Sheet1"]["F5"].fill.fgColor.rgb.endswith("FFC7CE")
    listed = [r for r in book["问题清单"].iter_rows(min_row=2, values_only=True)]
    assert len(listed) == 5 and {r[1] for r in listed} == {5, 6, 7, 8, 10}
