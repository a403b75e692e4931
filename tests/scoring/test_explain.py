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
    assert "四舍五入保留 2 位小数：89.83" in out
    assert "县区第 1 名" in out and "较好" in out
