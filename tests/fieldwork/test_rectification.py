"""The rectification register (整改情况登记表) read, checked and set against the notices issued.

The June materials are those of ``test_submissions.add_june``; its supervision list, worked out
there by hand from the rules' [supervision] shares:
- 市委组织部: 事项6, 事项7, 事项8 (阳光党务, 未完成) and 事项9, 事项10 (阳光党务, 推进中).
- 市民政局: 事项2 (阳光村务, 未完成), 事项3 and 事项4 (阳光民生, 推进中).
- 市总工会: no status table, so a notice with no ledger item.
The rules' [period] starts 2019-07-01.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from sunshine_analysis.cli import main
from sunshine_analysis.fieldwork.supervision import (
    july_rectification,
    rectification_check,
    rectification_progress,
)
from sunshine_analysis.problems import InputError

# The June materials and their helpers are test_submissions.py's (loaded by path: the tests are
# not a package).
_spec = importlib.util.spec_from_file_location(
    "june_materials", Path(__file__).with_name("test_submissions.py")
)
_june = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_june)
RULES, add_june, xlsx = _june.RULES, _june.add_june, _june.xlsx

HEADER = ["序号", "单位名称", "板块", "台账事项", "整改情况", "整改日期", "备注"]
TODAY = dt.date(2020, 7, 15)
d = dt.date


@pytest.fixture
def june(tiny_year: Path) -> Path:
    return add_june(tiny_year)


def register(folder: Path, rows: list[list[object]]) -> Path:
    path = folder / "整改情况登记表.xlsx"
    xlsx(path, [HEADER, *[[i, *r] for i, r in enumerate(rows, start=1)]])
    return path


GOOD = [
    ["市委组织部", "阳光党务", "事项6", "已整改", d(2020, 6, 28), ""],  # row 2
    ["市委组织部", "阳光党务", "事项7", "整改中", "", "7月底前完成"],  # row 3
    ["市委组织部", "阳光党务", "事项8", "未整改", "", ""],  # row 4
    ["组织部", "党务", "事项9", "已整改", "2020年7月1日", ""],  # row 5: short names, text date
    ["市民政局", "阳光民生", "事项3", "已整改", d(2020, 6, 30), ""],  # row 6
    ["市民政局", "阳光民生", "事项5", "已整改", d(2020, 6, 29), ""],  # row 7: not on the notice
    ["市妇联", "阳光党务", "事项1", "整改中", "", "自查发现"],  # row 8: no notice at all
]


def test_status_follows_the_notices_and_keeps_what_they_did_not_ask(june: Path) -> None:
    register(june, GOOD)
    table, _ = rectification_check(june, RULES, 2020, today=TODAY)
    got = {
        (r.unit_name, r.item): (r.june_state, r.listed, r.rectification, r.rectified_on)
        for r in table.itertuples()
    }
    assert got == {
        ("市委组织部", "事项6"): ("未完成", True, "已整改", "2020-06-28"),
        ("市委组织部", "事项7"): ("未完成", True, "整改中", ""),
        ("市委组织部", "事项8"): ("未完成", True, "未整改", ""),
        ("市委组织部", "事项9"): ("推进中", True, "已整改", "2020-07-01"),
        ("市委组织部", "事项10"): ("推进中", True, "未报告", ""),
        ("市民政局", "事项2"): ("未完成", True, "未报告", ""),
        ("市民政局", "事项3"): ("推进中", True, "已整改", "2020-06-30"),
        ("市民政局", "事项4"): ("推进中", True, "未报告", ""),
        ("市民政局", "事项5"): ("", False, "已整改", "2020-06-29"),
        ("市妇联", "事项1"): ("", False, "整改中", ""),
    }
    # The notices' items first, then what they did not ask for, in the register's order.
    assert table["listed"].tolist() == [True] * 8 + [False] * 2
    assert table.loc[table["item"] == "事项7", "note"].item() == "7月底前完成"


def test_entries_no_notice_asked_for_are_warnings_naming_the_row(june: Path) -> None:
    register(june, GOOD)
    _, warnings = rectification_check(june, RULES, 2020, today=TODAY)
    assert warnings[["file", "sheet", "row", "column", "found"]].values.tolist() == [
        ["整改情况登记表.xlsx", "Sheet", 7, "台账事项", "阳光民生：事项5"],
        [
            "整改情况登记表.xlsx",
            "Sheet",
            8,
            "单位名称",
            "市妇联",
        ],
    ]
    assert warnings["expected"].iloc[0] == "阳光村务：事项2、阳光民生：事项3、阳光民生：事项4"
    assert "未收到督办通知" in warnings["message"].iloc[1]


def test_progress_per_notice(june: Path) -> None:
    register(june, GOOD)
    table, _ = rectification_check(june, RULES, 2020, today=TODAY)
    progress = rectification_progress(table).set_index("unit_name")
    columns = ["items", "rectified", "in_progress", "not_rectified", "not_reported", "unlisted"]
    assert progress.loc["市委组织部", columns].tolist() == [5, 2, 1, 1, 1, 0]
    assert progress.loc["市民政局", columns].tolist() == [3, 1, 0, 0, 2, 1]
    assert progress.loc["市妇联", columns].tolist() == [0, 0, 0, 0, 0, 1]
    # Read back as rectification.csv gives it (listed as text) it counts the same.
    as_read = rectification_progress(table.astype(str)).set_index("unit_name")
    assert as_read.loc["市民政局", columns].tolist() == [3, 1, 0, 0, 2, 1]


def test_every_problem_of_the_register_at_once(june: Path) -> None:
    register(
        june,
        [
            ["市委组织部", "阳光党务", "事项6", "已整改", "", ""],  # row 2: 已整改 without a date
            ["某某局", "阳光党务", "事项7", "整改中", "", ""],  # row 3: unknown unit
            ["市委组织部", "阳光党务", "事项8", "基本整改", d(2020, 6, 20), ""],  # row 4: unknown state
            ["市委组织部", "阳光党务", "事项6", "整改中", "", ""],  # row 5: row 2's item again
            ["市委组织部", "阳光党务", "事项9", "已整改", d(2019, 6, 30), ""],  # row 6: before the period
            ["市委组织部", "阳光党务", "事项10", "已整改", "六月底", ""],  # row 7: not a date
            ["市民政局", "阳光村务", "事项2", "已整改", d(2020, 7, 20), ""],  # row 8: after today
            ["市民政局", "宣传", "", "已整改", d(2020, 6, 20), ""],  # row 9: sector, empty item
        ],
    )
    with pytest.raises(InputError) as err:
        rectification_check(june, RULES, 2020, today=TODAY)
    problems = err.value.problems
    assert (problems["file"] == "整改情况登记表.xlsx").all()
    assert problems[["row", "column", "found"]].values.tolist() == [
        [2, "整改日期", "（空）"],
        [3, "单位名称", "某某局"],
        [4, "整改情况", "基本整改"],
        [5, "台账事项", "事项6"],
        [6, "整改日期", "2019-06-30"],
        [7, "整改日期", "六月底"],
        [8, "整改日期", "2020-07-20"],
        [9, "板块", "宣传"],
        [9, "台账事项", ""],
    ]
    assert "第 2 行" in problems.loc[3, "expected"]
    assert problems.loc[4, "expected"] == "2019-07-01 至 2020-07-15 之间"
    assert problems.loc[6, "message"] == "整改日期晚于今天（尚未到来）"


def test_register_missing_a_column_names_it(june: Path) -> None:
    xlsx(
        june / "整改情况登记表.xlsx",
        [
            ["序号", "单位名称", "板块", "台账事项", "整改情况"],
            [1, "市委组织部", "阳光党务", "事项6", "已整改"],
        ],
    )
    with pytest.raises(InputError) as err:
        rectification_check(june, RULES, 2020, today=TODAY)
    assert err.value.problems[["message", "column"]].values.tolist() == [
        ["整改情况登记表缺少必需的列", "整改日期"]
    ]


def test_no_register_or_no_june_materials_give_an_empty_table(tiny_year: Path, june: Path) -> None:
    # Score sheets only (the tiny year as conftest writes it), and June materials without a register.
    assert july_rectification(tiny_year, RULES, 2020).empty
    assert list(july_rectification(june, RULES, 2020).columns)[:3] == ["unit_id", "unit_name", "sector"]
    assert july_rectification(june, RULES, 2020).empty


def test_register_without_the_june_materials_is_an_input_error(tiny_year: Path) -> None:
    register(tiny_year, GOOD[:1])
    with pytest.raises(InputError) as err:
        july_rectification(tiny_year, RULES, 2020)
    messages = err.value.problems["message"].tolist()
    assert messages[0].startswith("有整改情况登记表，但无法生成它所对照的督办名单")
    assert "应有且只有一份材料报送登记表" in messages


def test_validate_prints_warnings_and_fails_on_errors(june: Path, capsys) -> None:
    register(june, GOOD)
    assert main(["validate", str(june)]) == 0
    err = capsys.readouterr().err
    assert "整改情况登记表提示" in err and "第 8 行" in err and "市妇联" in err
    register(june, [["某某局", "阳光党务", "事项7", "整改中", "", ""]])
    assert main(["validate", str(june)]) == 1
    assert "某某局" in capsys.readouterr().err
