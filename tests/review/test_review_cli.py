"""``sunshine review`` end to end on the tiny year with June materials made by hand.

Rules of 2020: a supervision notice for departments above 20% 未完成; key departments below 70%
ledger completion, with an innovation result rated 优秀, or graded 差 last year.
- 临颍县: all 4 items done; innovation 优秀 (the tiny year's list) → listed (innovation).
- 西城区: 2 of 3 done (67%) → listed (ledger completion; a zone gets no notice).
- 市委组织部: 5 of 10 done, 3 未完成 → notice and 50% → listed for both; its innovation is 良好.
- 市民政局: all done; graded 差 in 2019 (composite.csv made by hand) → listed.
- 市总工会, 市妇联: all done, no innovation, 2019 一般 → not listed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sunshine_analysis.cli import main
from sunshine_analysis.config import paths


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


# A one-sentence unnumbered paragraph is body, not a heading.
SUMMARY = "\n".join(
    [
        "{unit}工作总结",
        "一、主要做法",
        "做了。",
        "二、创新亮点",
        "{unit}首创清单。",
        "三、存在问题",
        "1.台账不全。",
        "四、下一步打算",
        "加强。",
    ]
)
STATES = {
    "临颍县": ["已完成"] * 4,
    "西城区": ["已完成", "已完成", "未完成"],
    "市委组织部": ["已完成"] * 5 + ["未完成"] * 3 + ["推进中"] * 2,
    "市民政局": ["已完成"] * 5,
    "市总工会": ["已完成"] * 2,
    "市妇联": ["已完成"] * 3,
}


def _june(raw: Path) -> Path:
    log = [["序号", "单位名称", "材料", "报送日期"]]
    for unit, states in STATES.items():
        for material in ("工作总结", "规范提升情况表"):
            log.append([len(log), unit, material, dt.date(2020, 6, 10)])
        (raw / "工作总结").mkdir(exist_ok=True)
        (raw / "工作总结" / f"{unit}工作总结.txt").write_text(SUMMARY.format(unit=unit), encoding="utf-8")
        sector = "阳光村务" if unit == "市民政局" else "阳光党务"
        rows = [["序号", "板块", "台账事项", "完成情况", "备注"]]
        rows += [[i, sector, f"事项{i}", s, ""] for i, s in enumerate(states, 1)]
        _xlsx(raw / "规范提升情况表" / f"{unit}规范提升情况表.xlsx", rows)
    _xlsx(raw / "材料报送登记表.xlsx", log)
    return raw


def _last_year(data: Path) -> Path:
    folder = data / "2019"
    folder.mkdir(parents=True)
    grades = {"linyingxian": "较好", "shiminzhengju": "差", "shizonggonghui": "一般", "shifulian": "一般"}
    lines = ["unit_id,composite,grade", *(f"{u},{65 if g == '差' else 75},{g}" for u, g in grades.items())]
    (folder / "composite.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return data


def _rows(path: Path, sheet: str) -> list[list[object]]:
    ws = load_workbook(path)[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_review_writes_the_audit_table_and_the_key_departments(
    tiny_year: Path, tmp_path: Path, capsys
) -> None:
    raw, out = _june(tiny_year), tmp_path / "out"
    data = _last_year(tmp_path / "processed")
    assert main(["review", str(raw), "--out", str(out), "--data", str(data)]) == 0
    printed = capsys.readouterr().out
    assert "6 份工作总结，6 个单位摘出创新亮点，6 个单位摘出存在问题" in printed
    assert "重点部门（单位）：4 个" in printed

    key = _rows(out / "重点部门名单.xlsx", "重点部门名单")
    header = key.index(["序号", "单位", "类别", "列入原因", "具体情况", "原因数"])
    listed = {r[1]: r[3] for r in key[header + 1 :]}
    assert listed == {
        "临颍县": "创新成果需实地核实",
        "西城区": "台账完成率低于70%",
        "市委组织部": "收到督办通知、台账完成率低于70%",
        "市民政局": "上年度考评等次为「差」",
    }

    audit = _rows(out / "审核汇总表.xlsx", "审核汇总")
    assert audit[0][-1] == "审核意见" and len(audit) == 7
    by_unit = {r[0]: r for r in audit[1:]}
    assert by_unit["临颍县"][3:5] == [53, 3000]  # 7+6+3+6+8+6+7+7+3 counted characters
    assert by_unit["临颍县"][5] == 0
    assert by_unit["临颍县"][6] == "临颍县首创清单。" and by_unit["临颍县"][7] == "台账不全。"
    assert by_unit["西城区"][10] == "67%"
    themes = _rows(out / "审核汇总表.xlsx", "问题主题")
    assert themes[1][:2] == ["台账资料不规范", 6]


def test_reviewer_notes_are_kept_when_run_again(tiny_year: Path, tmp_path: Path) -> None:
    raw, out = _june(tiny_year), tmp_path / "out"
    data = tmp_path / "processed"  # no previous year: the grade criterion is left out
    assert main(["review", str(raw), "--out", str(out), "--data", str(data)]) == 0
    path = out / "审核汇总表.xlsx"
    book = load_workbook(path)
    sheet = book["审核汇总"]
    sheet.cell(row=3, column=12, value="亮点需核实，=不是公式")
    book.save(path)
    assert main(["review", str(raw), "--out", str(out), "--data", str(data)]) == 0
    rows = _rows(path, "审核汇总")
    assert rows[2][0] == "西城区" and rows[2][11] == "亮点需核实，=不是公式"
    assert [r[11] for r in rows[1:] if r[0] != "西城区"] == [None] * 5
    key = _rows(out / "重点部门名单.xlsx", "重点部门名单")
    assert not any("市民政局" in (r[1] or "") for r in key if r[1])


def test_review_of_a_folder_with_problems_exits_with_the_list(tmp_path: Path, capsys) -> None:
    assert main(["review", str(tmp_path / "2020"), "--out", str(tmp_path / "out")]) != 0
    assert not (tmp_path / "out").exists()


def test_review_of_the_committed_sample_year(tmp_path: Path, capsys) -> None:
    raw = paths.raw_dir(2020)
    if not raw.is_dir():
        pytest.skip("no committed sample year")
    out = tmp_path / "out"
    # No composite.csv of 2019 in --data: the 2019 raw folder beside it is scored.
    assert main(["review", str(raw), "--out", str(out), "--data", str(tmp_path / "none")]) == 0
    printed = capsys.readouterr().out
    found = re.search(r"(\d+) 个单位摘出创新亮点，(\d+) 个单位摘出存在问题", printed)
    assert found and min(int(found[1]), int(found[2])) >= 40
    assert "按 2019 年细则重新计分" in printed
    audit = _rows(out / "审核汇总表.xlsx", "审核汇总")
    both = [r for r in audit[1:] if r[6] and r[7]]
    assert len(both) >= 40
    key = _rows(out / "重点部门名单.xlsx", "列入原因明细")
    reasons = {r[2] for r in key[3:]}
    assert {"收到督办通知", "创新成果需实地核实", "上年度考评等次为「差」"} <= reasons
    assert any(r.startswith("台账完成率低于") for r in reasons)
