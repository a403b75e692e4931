"""The key departments list, each criterion on a hand-made case; the digest and the audit table;
the rules tables and their errors."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from sunshine_analysis.config.rules import RulesError, load_rules
from sunshine_analysis.review.audit import audit_table, problem_themes
from sunshine_analysis.review.config import FieldVisitRules, ReviewRules, field_visit_rules, review_rules
from sunshine_analysis.review.visits import key_department_sheets, key_departments

UNITS = pd.DataFrame(
    {
        "unit_id": ["a", "b", "c", "d", "e"],
        "unit_name": ["甲局", "乙局", "丙局", "丁局", "戊局"],
        "unit_kind": ["gov_dept", "gov_dept", "party_dept", "county", "people_org"],
    }
)
SETTINGS = FieldVisitRules(
    supervision_notice=True,
    ledger_completion_below=Fraction(7, 10),
    innovation_ratings=("优秀",),
    last_year_grades=("差",),
)
SUPERVISION = pd.DataFrame(
    {
        "unit_id": ["a", "a"],
        "reason": ["not_done_share", "unfinished_share"],
        "detail": ["未完成多", "推进慢"],
    }
)
# b: 6 of 10 done (60%, below 70%); c: 7 of 10 (exactly 70%, not below); e: none.
LEDGERS = pd.DataFrame(
    {
        "unit_id": ["b", "b", "c"],
        "sector": ["gov", "livelihood", "party"],
        "items": [4, 6, 10],
        "done": [3, 3, 7],
    }
)
INNOVATION = pd.DataFrame(
    {
        "unit_id": ["d", "e"],
        "title": ["“一网通办”", "公开目录"],
        "sector": ["gov", "party"],
        "rating": ["优秀", "良好"],
    }
)
LAST_YEAR = pd.DataFrame({"unit_id": ["c", "e"], "composite": [65.5, 75.0], "grade": ["差", "一般"]})


def _reasons(table: pd.DataFrame) -> dict[str, list[str]]:
    return {u: g["reason"].tolist() for u, g in table.groupby("unit_id", sort=False)}


def test_each_criterion_names_its_reason() -> None:
    table = key_departments(UNITS, SUPERVISION, LEDGERS, INNOVATION, LAST_YEAR, SETTINGS, 2020)
    assert _reasons(table) == {
        "a": ["supervision_notice"],
        "b": ["ledger_completion"],
        "c": ["last_year_grade"],
        "d": ["innovation"],
    }
    detail = table.set_index("unit_id")["detail"]
    assert detail["a"] == "未完成多；推进慢"
    assert detail["b"] == "10项台账事项中6项已完成（60%），低于70%"
    assert detail["c"] == "2019年综合得分65.50，等次「差」"
    assert detail["d"] == "「“一网通办”」（阳光政务，优秀）"
    names = table.set_index("unit_id")["reason_name"]
    assert names["b"] == "台账完成率低于70%" and names["c"] == "上年度考评等次为「差」"


def test_several_reasons_of_one_unit_in_order() -> None:
    ledgers = pd.concat([LEDGERS, pd.DataFrame({"unit_id": ["a"], "items": [5], "done": [1]})])
    innovation = pd.concat(
        [INNOVATION, pd.DataFrame({"unit_id": ["a"], "title": ["x"], "sector": ["gov"], "rating": ["优秀"]})]
    )
    last_year = pd.concat([LAST_YEAR, pd.DataFrame({"unit_id": ["a"], "composite": [60.0], "grade": ["差"]})])
    table = key_departments(UNITS, SUPERVISION, ledgers, innovation, last_year, SETTINGS, 2020)
    assert _reasons(table)["a"] == [
        "supervision_notice",
        "ledger_completion",
        "innovation",
        "last_year_grade",
    ]
    sheets = key_department_sheets(table)
    first = sheets["重点部门名单"].iloc[0]
    assert first["单位"] == "甲局" and first["原因数"] == 4
    assert first["列入原因"] == "收到督办通知、台账完成率低于70%、创新成果需实地核实、上年度考评等次为「差」"
    assert len(sheets["列入原因明细"]) == len(table)


def test_criteria_switched_off_or_without_data() -> None:
    off = FieldVisitRules(False, Fraction(0), (), ())
    assert key_departments(UNITS, SUPERVISION, LEDGERS, INNOVATION, LAST_YEAR, off, 2020).empty
    no_last_year = key_departments(UNITS, SUPERVISION, LEDGERS, INNOVATION, None, SETTINGS, 2020)
    assert "c" not in set(no_last_year["unit_id"])


def test_problem_themes_recur_across_units() -> None:
    points = pd.DataFrame(
        {
            "unit_id": ["b", "a", "a", "c", "d"],
            "kind": ["problem", "problem", "problem", "problem", "highlight"],
            "heading": [""] * 5,
            "text": ["台账归档不及时。", "台账不规范。", "宣传不够。", "专职人员少。", "台账电子化。"],
            "source_file": [""] * 5,
        }
    )
    settings = ReviewRules(
        problem_themes={"宣传": ("宣传",), "台账": ("台账",), "力量": ("专职人员", "力量")},
        recurring_min_units=2,
    )
    themes = problem_themes(points, UNITS, settings)
    # Only 台账 is in two units (a highlight does not count); units in the registry's order.
    assert themes[["theme", "n_units", "unit_names", "example"]].values.tolist() == [
        ["台账", 2, "甲局、乙局", "台账归档不及时。"]
    ]
    once = ReviewRules(settings.problem_themes, 1)
    assert problem_themes(points, UNITS, once)["theme"].tolist() == ["台账", "宣传", "力量"]


def test_audit_table_one_row_per_unit_with_notes() -> None:
    summaries = pd.DataFrame(
        {"unit_id": ["a"], "file": ["工作总结/甲局工作总结.txt"], "characters": [1200], "limit": [2500]}
    )
    points = pd.DataFrame(
        {
            "unit_id": ["a", "a", "a"],
            "kind": ["highlight", "problem", "problem"],
            "heading": ["二、创新亮点", "三、存在问题", "三、存在问题"],
            "text": ["首创清单。", "台账不全。", "更新慢。"],
            "source_file": ["工作总结/甲局工作总结.txt"] * 3,
        }
    )
    table = audit_table(UNITS, summaries, points, LEDGERS, {"乙局": "需补充材料"}).set_index("unit_id")
    assert list(table.index) == ["a", "b", "c", "d", "e"]
    assert table.loc["a", "highlights"] == "首创清单。"
    assert table.loc["a", "problems"] == "1. 台账不全。\n2. 更新慢。"
    assert table.loc["a", "characters"] == 1200 and table.loc["a", "over_by"] == 0
    assert pd.isna(table.loc["b", "characters"])
    assert table.loc["b", "completion"] == Fraction(6, 10) and table.loc["b", "ledger_items"] == 10
    assert table.loc["b", "note"] == "需补充材料" and table.loc["c", "note"] == ""


def test_rules_tables_of_the_packaged_years() -> None:
    for year in (2019, 2020):
        rules = load_rules(year=year)
        assert field_visit_rules(rules).ledger_completion_below == Fraction(7, 10)
        assert "台账资料不规范" in review_rules(rules).problem_themes


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('innovation_ratings = ["优秀"]', 'innovation_ratings = ["特优"]', "field_visits.innovation_ratings"),
        ('last_year_grades = ["差"]', 'last_year_grades = "差"', "field_visits.last_year_grades"),
        (
            "ledger_completion_below = 0.7",
            "ledger_completion_below = 70",
            "field_visits.ledger_completion_below",
        ),
        ("supervision_notice = true", "supervision_notice = 1", "field_visits.supervision_notice"),
        ("recurring_min_units = 2", "recurring_min_units = 0", "review.recurring_min_units"),
        ('"台账资料不规范" = ["台账"]', '"台账资料不规范" = []', "review.problem_themes.台账资料不规范"),
        ("supervision_notice = true\n", "", "field_visits.supervision_notice"),
    ],
)
def test_malformed_tables_name_the_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = (Path(load_rules(year=2020).source)).read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "2020.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    rules = load_rules(broken)
    with pytest.raises(RulesError, match=re.escape(message)):
        review_rules(rules)
        field_visit_rules(rules)
