"""Never a dead end: what the tool cannot tell, validate drafts as a mapping; the analyst's
corrected mapping then decides, and is recorded in the manifest."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from sunshine_analysis import cli
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year, mapping_path

REGISTRY = [
    ["单位名称", "类别", "阳光党务", "阳光政务", "阳光司法", "阳光村务", "阳光民生"],
    ["临颍县", "县区", "√", "√", "", "", ""],
]
# Two sheets that name no sector, score the same unit, and whose items say nothing either:
# a person cannot tell which is 党务 and which 政务 without asking the sender.
SHEET_A = [["单位", "甲项(60分)", "乙项(40分)"], ["临颍县", 50, 30]]
SHEET_B = [["单位", "丙项(50分)", "丁项(50分)"], ["临颍县", 45, 40]]


def _folder(tmp_path: Path, xlsx_writer) -> Path:
    folder = tmp_path / "2020"
    xlsx_writer(folder / "名单.xlsx", REGISTRY)
    xlsx_writer(folder / "表一.xlsx", SHEET_A)
    xlsx_writer(folder / "表二.xlsx", SHEET_B)
    return folder


def test_an_undecidable_sheet_is_reported_with_its_candidates(tmp_path: Path, xlsx_writer) -> None:
    result = check_year(_folder(tmp_path, xlsx_writer), load_rules(year=2020))
    found = result.problems.to_frame()
    undecided = found[found["message"] == "无法确定评分表所属板块"]
    assert set(undecided["file"]) == {"表一.xlsx", "表二.xlsx"}
    assert all("阳光党务、阳光政务" in text for text in undecided["found"])
    assert {e["path"] for e in result.unplaced} == {"表一.xlsx", "表二.xlsx"}


def test_validate_drafts_a_mapping_and_the_corrected_mapping_decides(
    tmp_path: Path, xlsx_writer, capsys
) -> None:
    folder = _folder(tmp_path, xlsx_writer)
    assert cli.main(["validate", str(folder)]) == 1
    draft = mapping_path(folder)
    assert draft == tmp_path / "2020.mapping.toml" and draft.is_file()
    assert "已写出识别说明草稿" in capsys.readouterr().err
    entries = {e["path"]: e for e in tomllib.loads(draft.read_text(encoding="utf-8"))["file"]}
    assert entries["表一.xlsx"]["kind"] == "score_sheet"
    assert entries["表一.xlsx"]["columns"] == {"单位": "unit", "甲项": "item:60", "乙项": "item:40"}
    assert entries["表一.xlsx"]["sector"] == ""  # the analyst's to fill in

    # The analyst fills in the sectors.
    text = draft.read_text(encoding="utf-8")
    text = text.replace('sector = ""', 'sector = "阳光党务"', 1).replace(
        'sector = ""', 'sector = "阳光政务"', 1
    )
    draft.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(folder)]) == 0

    out = tmp_path / "out"
    assert cli.main(["score", str(folder), "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["mapping"]["file"] == "2020.mapping.toml"
    assert len(manifest["mapping"]["sha256"]) == 64
    sectors = (out / "sector_scores.csv").read_text(encoding="utf-8-sig")
    assert "linyingxian,party,80.00" in sectors and "linyingxian,gov,85.00" in sectors


def test_a_mapping_is_never_overwritten_by_a_new_draft(tmp_path: Path, xlsx_writer) -> None:
    folder = _folder(tmp_path, xlsx_writer)
    own = mapping_path(folder)
    own.write_text('[[file]]\npath = "表一.xlsx"\nheader_row = 1\n', encoding="utf-8")
    assert cli.main(["validate", str(folder)]) == 1  # both sheets are still undecided
    assert own.read_text(encoding="utf-8").startswith("[[file]]")
    assert (tmp_path / "2020.mapping.draft.toml").is_file()


def test_one_sheet_mapped_lets_elimination_place_the_other(tmp_path: Path, xlsx_writer) -> None:
    folder = _folder(tmp_path, xlsx_writer)
    mapping_path(folder).write_text('[[file]]\npath = "表一.xlsx"\nsector = "阳光党务"\n', encoding="utf-8")
    result = check_year(folder, load_rules(year=2020))
    assert not result.problems
    placed = result.manifest.set_index("path")
    assert placed.loc["表二.xlsx", "sector"] == "gov"
    assert "排除法" in placed.loc["表二.xlsx", "note"]


def test_a_wrong_mapping_is_reported(tmp_path: Path, xlsx_writer) -> None:
    folder = _folder(tmp_path, xlsx_writer)
    mapping_path(folder).write_text('[[file]]\npath = "表一.xlsx"\nsector = "阳光水务"\n', encoding="utf-8")
    found = check_year(folder, load_rules(year=2020)).problems.to_frame()
    assert ((found["file"] == "2020.mapping.toml") & (found["found"] == "阳光水务")).any()


def test_an_unplaced_sheet_still_reports_what_is_wrong_inside(tmp_path: Path, xlsx_writer) -> None:
    folder = _folder(tmp_path, xlsx_writer)
    xlsx_writer(
        folder / "表二.xlsx", [["单位", "丙项(50分)", "丁项(50分)"], ["临颖", 45, 60], ["临颍县", "好", 40]]
    )
    found = check_year(folder, load_rules(year=2020)).problems.to_frame()
    inside = found[found["file"] == "表二.xlsx"]
    assert set(inside["message"]) >= {
        "无法确定评分表所属板块",
        "单位名称无法对应到单位一览表",
        "分值不是数字",
    }
    assert ((inside["row"] == 2) & (inside["found"] == "临颖")).any()
    assert ((inside["row"] == 3) & (inside["found"] == "好")).any()
