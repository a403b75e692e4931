"""The June submissions check and the supervision list, on the tiny year plus hand-made materials.

Materials added to the tiny year (deadline 2020-06-15 in rules/2020.toml):
- 临颍县 (county, limit 3000): summary of 3001 counted characters → flagged; status table
  4 items, 1 推进中.
- 西城区 (zone, limit 3000): summary of exactly 3000 → not flagged; status table logged 06-16 →
  late; 2 items 未完成 (a zone is not supervised).
- 市委组织部 (dept, limit 2500): summary 2501 → flagged; 10 items, 3 未完成 (3/10 > 0.2 →
  notice) and 2 推进中 (5/10 is not above 0.5).
- 市民政局: summary logged but no file; 5 items, 1 未完成 (1/5 is not above 0.2) and 2 推进中
  (3/5 > 0.5 → notice).
- 市总工会: summary file not in the log; no status table at all → notice.
- 市妇联: summary 2500 → not flagged; 4 items all done.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sunshine_analysis.cli import main
from sunshine_analysis.config.rules import RulesError, load_rules
from sunshine_analysis.fieldwork.config import submission_rules, supervision_rules
from sunshine_analysis.fieldwork.submissions import check_submissions, checklist_sheets, count_characters
from sunshine_analysis.fieldwork.supervision import (
    notice_docx,
    rectification_report,
    supervise,
    supervision_files,
    supervision_list,
)
from sunshine_analysis.outputs.atomic import write_files
from sunshine_analysis.outputs.formulas import as_text
from sunshine_analysis.problems import InputError

RULES = load_rules(year=2020)


def xlsx(path: Path, rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def text_of(n: int) -> str:
    """``n`` counted characters with punctuation, spaces, full-width spaces and line breaks between."""
    pool = "阳光漯河，建设“公开”。党务、政务：村务；民生！"
    out = []
    for i in range(n):
        out.append(pool[i % len(pool)])
        if i % 7 == 6:
            out.append(" ")
        if i % 11 == 10:
            out.append("\u3000")
        if i % 40 == 39:
            out.append("\n")
    return "".join(out)


def summary_docx(path: Path, n: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    text = text_of(n)
    for part in (text[: len(text) // 2], text[len(text) // 2 :]):
        document.add_paragraph(part)
    document.save(path)


def status(path: Path, items: list[tuple[str, str]]) -> None:
    rows = [["序号", "板块", "台账事项", "完成情况", "备注"]]
    rows += [[i, sector, f"事项{i}", state, ""] for i, (sector, state) in enumerate(items, start=1)]
    xlsx(path, rows)


def add_june(folder: Path) -> Path:
    d = dt.date
    xlsx(
        folder / "材料报送登记表.xlsx",
        [
            ["序号", "单位名称", "材料", "报送日期"],
            [1, "临颍县", "工作总结", d(2020, 6, 10)],
            [2, "临颍县", "规范提升情况表", d(2020, 6, 10)],
            [3, "西城区", "工作总结", d(2020, 6, 15)],
            [4, "西城区", "规范提升情况表", d(2020, 6, 16)],
            [5, "组织部", "工作总结", "2020-06-12"],
            [6, "市委组织部", "规范提升情况表", "2020年6月12日"],
            [7, "市民政局", "工作总结", d(2020, 6, 12)],
            [8, "市民政局", "规范提升情况表", d(2020, 6, 11)],
            [9, "市妇联", "工作总结", d(2020, 6, 1)],
            [10, "市妇联", "规范提升情况表", d(2020, 6, 1)],
        ],
    )
    summary_docx(folder / "工作总结" / "临颍县工作总结.docx", 3001)
    (folder / "工作总结" / "西城区2020年工作总结.txt").write_text(text_of(3000), encoding="utf-8")
    summary_docx(folder / "工作总结" / "市委组织部工作总结.docx", 2501)
    (folder / "工作总结" / "市妇联工作总结.txt").write_bytes(text_of(2500).encode("gb18030"))
    (folder / "工作总结" / "市总工会工作总结.txt").write_text(text_of(100), encoding="utf-8")
    tables = folder / "规范提升情况表"
    status(tables / "临颍县规范提升情况表.xlsx", [("阳光党务", "已完成")] * 3 + [("阳光政务", "推进中")])
    status(tables / "西城区规范提升情况表.xlsx", [("阳光党务", "未完成")] * 2)
    status(
        tables / "市委组织部规范提升情况表.xlsx",
        [("阳光党务", "已完成")] * 5 + [("阳光党务", "未完成")] * 3 + [("党务", "推进中")] * 2,
    )
    status(
        tables / "市民政局规范提升情况表.xlsx",
        [
            ("阳光村务", "已完成"),
            ("阳光村务", "未完成"),
            *[("阳光民生", "推进中")] * 2,
            ("阳光民生", "已完成"),
        ],
    )
    status(tables / "市妇联规范提升情况表.xlsx", [("阳光党务", "已完成")] * 4)
    return folder


@pytest.fixture
def june(tiny_year: Path) -> Path:
    return add_june(tiny_year)


def test_text_helper_counts_as_intended() -> None:
    text = text_of(3000)
    assert len(text.replace(" ", "").replace("\u3000", "").replace("\n", "")) == 3000
    assert "，" in text and "\u3000" in text


def test_count_characters_counts_punctuation_not_whitespace() -> None:
    # 阳 光 ， 漯 河 。 公 开 ！
    assert count_characters("阳光， 漯河。\n\u3000公开\t！") == 9


@given(st.text(), st.text())
def test_count_characters_is_additive_and_ignores_inserted_whitespace(a: str, b: str) -> None:
    assert count_characters(a + b) == count_characters(a) + count_characters(b)
    assert count_characters(a + " \u3000\n\t" + b) == count_characters(a + b)


def test_summary_limits_by_unit_kind(june: Path) -> None:
    summaries = check_submissions(june, RULES, 2020).summaries.set_index("unit_name")
    assert summaries.loc["临颍县", ["characters", "limit", "over_by"]].tolist() == [3001, 3000, 1]
    assert bool(summaries.loc["临颍县", "over_limit"])
    assert summaries.loc["西城区", "characters"] == 3000
    assert not summaries.loc["西城区", "over_limit"]
    assert summaries.loc["市委组织部", ["characters", "limit"]].tolist() == [2501, 2500]
    assert bool(summaries.loc["市委组织部", "over_limit"])
    assert summaries.loc["市妇联", "characters"] == 2500  # GB18030 .txt read too
    assert not summaries.loc["市妇联", "over_limit"]


def test_submission_status(june: Path) -> None:
    subs = check_submissions(june, RULES, 2020).submissions
    status = {(r.unit_name, r.material): r.status for r in subs.itertuples()}
    assert status[("临颍县", "工作总结")] == "on_time"
    assert status[("西城区", "工作总结")] == "on_time"  # on the deadline day
    assert status[("西城区", "规范提升情况表")] == "late"
    assert status[("市委组织部", "工作总结")] == "on_time"  # short name, text date
    assert status[("市民政局", "工作总结")] == "no_file"
    assert status[("市总工会", "工作总结")] == "not_logged"
    assert status[("市总工会", "规范提升情况表")] == "missing"
    assert len(subs) == 6 * 2


def test_ledgers_per_sector(june: Path) -> None:
    ledgers = check_submissions(june, RULES, 2020).ledgers
    mz = ledgers[ledgers["unit_name"] == "市民政局"].set_index("sector")
    assert mz.loc["village", ["items", "done", "in_progress", "not_done"]].tolist() == [2, 1, 0, 1]
    assert mz.loc["livelihood", ["items", "done", "in_progress", "not_done"]].tolist() == [3, 1, 2, 0]
    assert mz.loc["village", ["in_progress_items", "not_done_items"]].tolist() == ["", "事项2"]
    assert mz.loc["livelihood", ["in_progress_items", "not_done_items"]].tolist() == ["事项3、事项4", ""]


def test_checklist_flags_only_what_the_rules_make_a_problem(june: Path) -> None:
    # In progress and not done are counted apart; open items are a problem only above the
    # [supervision] shares (0.2 未完成, 0.5 推进中 + 未完成), for the kinds supervised.
    check = check_submissions(june, RULES, 2020)
    sheets = checklist_sheets(check, supervision_list(check, supervision_rules(RULES)).reasons)
    rows = sheets["报送情况"].set_index("单位")
    counts = ["台账事项数", "已完成", "推进中", "未完成"]
    assert rows.loc["临颍县", counts].tolist() == [4, 3, 1, 0]
    assert rows.loc["临颍县", "问题"] == "工作总结超出字数1字"  # its 推进中 item is no problem
    assert rows.loc["西城区", counts].tolist() == [2, 0, 0, 2]
    assert rows.loc["西城区", "问题"] == "规范提升情况表逾期报送"  # a zone is not supervised
    assert rows.loc["市委组织部", counts].tolist() == [10, 5, 2, 3]
    assert rows.loc["市委组织部", "问题"] == "工作总结超出字数1字；10项台账事项中3项未完成（30%），超过20%"
    assert rows.loc["市民政局", "问题"] == (
        "工作总结已登记但未收到文件；5项台账事项中2项推进中、1项未完成（合计60%），超过50%"
    )
    assert rows.loc["市妇联", "问题"] == ""
    assert sheets["推进中事项"]["台账事项"].tolist() == ["事项4", "事项9", "事项10", "事项3", "事项4"]
    assert sheets["推进中事项"]["单位"].tolist() == [
        "临颍县",
        "市委组织部",
        "市委组织部",
        "市民政局",
        "市民政局",
    ]
    assert (sheets["未完成事项"]["完成情况"] == "未完成").all() and len(sheets["未完成事项"]) == 2 + 3 + 1


def test_supervision_reasons_follow_thresholds(june: Path) -> None:
    result = supervise(june, RULES, 2020)
    reasons = {(r.unit_name, r.reason) for r in result.reasons.itertuples()}
    assert reasons == {
        ("市委组织部", "not_done_share"),
        ("市民政局", "unfinished_share"),
        ("市总工会", "missing_status_table"),
    }
    # 市委组织部: 3 未完成 + 2 推进中 to rectify.
    assert (result.items["unit_name"] == "市委组织部").sum() == 5


def test_notice_roundtrip_keeps_chinese_and_is_reproducible(june: Path) -> None:
    result = supervise(june, RULES, 2020)
    data = notice_docx(result, "shiweizuzhibu")
    assert notice_docx(result, "shiweizuzhibu") == data
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "督办通知" in text and "市委组织部：" in text and "整改期限" in text
    assert "10项台账事项中3项未完成（30%），超过20%" in text
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "阳光党务" in cells and "未完成" in cells and "事项6" in cells
    assert set(supervision_files(result)) == {
        "督办名单.xlsx",
        "督办通知/市委组织部督办通知.docx",
        "督办通知/市民政局督办通知.docx",
        "督办通知/市总工会督办通知.docx",
    }


def test_rectification_joins_reported_state(june: Path) -> None:
    xlsx(
        june / "整改情况登记表.xlsx",
        [
            ["序号", "单位名称", "板块", "台账事项", "整改情况", "整改日期", "备注"],
            [1, "市委组织部", "阳光党务", "事项6", "已整改", dt.date(2020, 7, 1), ""],
            [2, "市妇联", "阳光党务", "事项9", "整改中", "", "自查发现"],
        ],
    )
    table = rectification_report(june, RULES, 2020)
    org = table[table["unit_name"] == "市委组织部"].set_index("item")
    assert org.loc["事项6", ["june_state", "rectification", "rectified_on"]].tolist() == [
        "未完成",
        "已整改",
        "2020-07-01",
    ]
    assert org.loc["事项7", "rectification"] == "未报告"
    extra = table[table["unit_name"] == "市妇联"].iloc[0]
    assert not extra["listed"] and extra["rectification"] == "整改中"
    # The rectification file is recognised, so it does not break the score pipeline's scan.
    assert main(["validate", str(june)]) == 0


def test_bad_status_table_is_an_input_error_naming_the_cell(june: Path) -> None:
    status(june / "规范提升情况表" / "市妇联规范提升情况表.xlsx", [("阳光党务", "差不多")])
    with pytest.raises(InputError) as err:
        check_submissions(june, RULES, 2020)
    problems = err.value.problems
    assert problems[["row", "column", "found"]].values.tolist() == [[2, "完成情况", "差不多"]]


def test_cli_writes_checklist_and_nothing_on_error(june: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["submissions", str(june), "--out", str(out)]) == 0
    first = (out / "材料报送检查表.xlsx").read_bytes()
    assert "临颍县" in capsys.readouterr().out
    assert main(["submissions", str(june), "--out", str(out)]) == 0
    assert (out / "材料报送检查表.xlsx").read_bytes() == first
    (june / "材料报送登记表.xlsx").unlink()
    bad = tmp_path / "bad"
    assert main(["submissions", str(june), "--out", str(bad)]) == 1
    assert "材料报送登记表" in capsys.readouterr().err
    assert not bad.exists()


def test_rules_errors_name_the_key(tmp_path: Path) -> None:
    text = (Path(RULES.source)).read_text(encoding="utf-8")
    broken = tmp_path / "2020.toml"
    broken.write_text(text.replace(", people_org = 2500 }", " }"), encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape("submissions.summary_limits")):
        submission_rules(load_rules(broken))
    broken.write_text(text.replace("not_done_share = 0.2", "not_done_share = 20"), encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape("supervision.not_done_share")):
        supervision_rules(load_rules(broken))


def test_committed_sample_year_summary_at_the_limit_is_not_flagged() -> None:
    from sunshine_analysis.config import paths

    summaries = check_submissions(paths.raw_dir(2020), RULES, 2020).summaries
    # demo.py's scenario: one county at exactly 3000 characters, two summaries over their limit.
    at_limit = summaries[(summaries["unit_kind"] == "county") & (summaries["characters"] == 3000)]
    assert len(at_limit) == 1 and not at_limit["over_limit"].any()
    assert summaries["over_limit"].sum() == 2


def test_hostile_names_stay_inside_their_folder_and_never_run(june: Path, tmp_path: Path) -> None:
    # A registry unit named to climb out of the output folder, and ledger items that would be
    # live formulas in Excel: the notice lands inside, under a safe name; the cells stay text.
    registry = june / "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx"
    rows = [[c.value for c in row] for row in load_workbook(registry).active.iter_rows()]
    xlsx(registry, [["../../../x" if v == "市总工会" else v for v in row] for row in rows])
    (june / "工作总结" / "市总工会工作总结.txt").unlink()
    book = Workbook()
    book.active.append(["序号", "板块", "台账事项", "完成情况", "备注"])
    for i in range(1, 4):
        book.active.append([i, "阳光党务", f'=HYPERLINK("http://x/{i}","点击")', "未完成", ""])
    book.active.append([4, "阳光党务", "@SUM(1+1)", "已完成", ""])
    as_text(c for row in book.active.iter_rows() for c in row)  # typed as text, as a sender would
    book.save(june / "规范提升情况表" / "市委组织部规范提升情况表.xlsx")
    result = supervise(june, RULES, 2020)
    files = supervision_files(result)
    assert "督办通知/_.._.._x督办通知.docx" in files
    out = tmp_path / "out" / "fieldwork"
    written = write_files(out, files)
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written)
    assert not (tmp_path / "x督办通知.docx").exists()
    book = load_workbook(io.BytesIO(files["督办名单.xlsx"]))
    cells = [c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=HYPERLINK") for c in cells)
    assert all(c.data_type == "s" for c in cells)
    with pytest.raises(ValueError, match="leaves its folder"):
        write_files(tmp_path / "other", {"../escape.txt": b"x"})
    assert not (tmp_path / "escape.txt").exists()


def test_cli_headline_counts_units_with_problems_only(june: Path, tmp_path: Path, capsys) -> None:
    # 临颍县 (summary too long), 西城区 (late), 市委组织部, 市民政局 (too long / no file, and above a
    # [supervision] share), 市总工会 (not logged, no status table); 市妇联 none. Open items:
    # 推进中 at 临颍县 1, 市委组织部 2, 市民政局 2; 未完成 at 西城区 2, 市委组织部 3, 市民政局 1.
    assert main(["submissions", str(june), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "2020 年材料报送检查：6 个单位，5 个存在问题" in out
    assert "3 个单位有推进中的事项（共 5 项），3 个单位有未完成的事项（共 6 项）" in out
