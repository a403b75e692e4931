"""The explanation chain adds up, step by step, to the composite (tiny year, conftest.py)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from sunshine_analysis.cli import main
from sunshine_analysis.scoring.explain import explain_unit
from sunshine_analysis.scoring.run import score_folder


@pytest.fixture
def scores(tiny_year: Path):
    return score_folder(tiny_year)[1]


def _sum(steps, kind: str) -> Fraction:
    rows = steps[(steps["kind"] == kind) & steps["counted"]]
    return sum(rows["value"], Fraction(0))


def test_linying_chain_adds_up(scores) -> None:
    steps = explain_unit(scores, "临 颍").steps
    raters = steps[(steps["kind"] == "rater") & (steps["sector"] == "gov")]
    assert sorted(raters.loc[~raters["counted"], "value"]) == [70, 95]
    kept = raters.loc[raters["counted"], "value"]
    gov_base = steps[(steps["kind"] == "base") & (steps["sector"] == "gov")]["value"].iloc[0]
    assert gov_base == sum(kept, Fraction(0)) / len(kept) == Fraction(263, 3)
    party_base = steps[(steps["kind"] == "base") & (steps["sector"] == "party")]["value"].iloc[0]
    assert party_base == Fraction(90 + 88, 2)
    sectors = steps[steps["kind"] == "sector"]["value"].tolist()
    assert sectors == [Fraction(89), Fraction(263, 3) + 2]
    mean = steps[steps["kind"] == "sector_mean"]["value"].iloc[0]
    assert mean == sum(sectors, Fraction(0)) / 2
    pub = steps[steps["kind"] == "publicity_total"]["value"].iloc[0]
    assert pub == _sum(steps, "publicity") == Fraction(3, 2)
    ded = steps[steps["kind"] == "deduction_total"]["value"].iloc[0]
    assert ded == _sum(steps, "deduction") == 1
    composite = steps[steps["kind"] == "composite"]["value"].iloc[0]
    assert composite == mean + pub - ded == Fraction(539, 6)
    assert steps[steps["kind"] == "rounded"]["value"].iloc[0] == Fraction(8983, 100)
    deduction = steps[steps["kind"] == "deduction"].iloc[0]
    assert "漯阳光建办〔2020〕3号" in deduction["note"]
    ignored = steps[(steps["kind"] == "publicity") & ~steps["counted"]]
    assert ignored["label"].tolist() == ["「临颍推行村务公开新模式」市级"]


def test_unit_can_be_given_by_id_alias_or_short_name(scores) -> None:
    assert explain_unit(scores, "linyingxian").unit_name == "临颍县"
    assert explain_unit(scores, "组织部").unit_id == "shiweizuzhibu"
    with pytest.raises(ValueError, match="找不到单位"):
        explain_unit(scores, "不存在的单位")


def test_exemption_is_reported(scores) -> None:
    e = explain_unit(scores, "西城区")
    assert "免考" in e.text()
    assert e.steps[e.steps["kind"] == "sector"]["value"].tolist() == [Fraction(175, 2)]


def test_cli_explain_prints_a_chain_that_adds_up(tiny_year: Path, capsys) -> None:
    assert main(["explain", "临颍县", str(tiny_year)]) == 0
    out = capsys.readouterr().out
    line = next(s for s in out.splitlines() if s.startswith("综合得分 ="))
    assert "= 268/3" in line and "+ 1.5 − 1" in line and line.endswith("= 89.833333…（= 539/6）")
    assert Fraction(268, 3) + Fraction(3, 2) - 1 == Fraction(539, 6)
    assert "四舍五入保留2位小数：89.83" in out
    assert "县区第1名" in out and "较好" in out


def test_the_brief_shows_two_decimals_and_exact_values_only_where_they_decide(scores) -> None:
    # 临颍县 (conftest.py): 政务 raters 90, 85, 88 kept → 263/3, shown 87.67; +2 → 89.67. The mean
    # (89 + 269/3) / 2 = 268/3 shows as 89.33, but its terms as shown give (89.00 + 89.67) / 2 =
    # 89.335: the line gets a note with the exact values. The composite 268/3 + 1.5 − 1 = 539/6
    # reads 89.33 + 1.50 − 1.00 = 89.83 and needs none.
    text = explain_unit(scores, "linyingxian", rater_names=False).text()
    lines = text.splitlines()
    assert "    得分 = (90.00 + 85.00 + 88.00) ÷ 3 = 87.67" in lines
    assert "  单项得分 = 基础分 + 创新成果加分 = 87.67 + 2.00 = 89.67（未超过满分100）" in lines
    at = lines.index("板块平均 = (89.00 + 89.67) ÷ 2 = 89.33")
    assert lines[at + 1].startswith("  （") and "(89 + 269/3) ÷ 2 = 89.333333…（= 268/3）" in lines[at + 1]
    assert "综合得分 = 板块平均 + 信息和宣传工作加分 − 扣分 = 89.33 + 1.50 − 1.00 = 89.83" in lines
    assert text.count("（= ") == 1 and "min(" not in text and "linyingxian" not in text
    # 市民政局: (88.5 + 90.21) / 2 = 89.355 exactly, on the half: shown exactly, as it rounds up.
    text = explain_unit(scores, "shiminzhengju", rater_names=False).text()
    assert "板块平均 = (88.50 + 90.21) ÷ 2 = 89.355" in text
    assert "四舍五入保留2位小数：89.36" in text and "精确值计算" not in text


def test_the_office_text_stays_exact_even_with_numbered_raters(scores) -> None:
    text = explain_unit(scores, "linyingxian", rater_names=False, exact=True).text()
    assert "= 89.333333…（= 268/3）" in text and "min(" in text and "评分人1" in text
