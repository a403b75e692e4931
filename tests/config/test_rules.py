"""The rules file: every docs/domain.md §3 value loaded, and bad files rejected naming the key."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import RulesError, load_rules

TEXT_2020 = (paths.RULES_DIR / "2020.toml").read_text(encoding="utf-8")


def test_2020_values_are_those_of_the_domain() -> None:
    r = load_rules(year=2020)
    assert (r.trim_min_raters, r.trim_each_side) == (5, 1)
    assert r.sector_max == 100
    assert r.innovation_bonus == {"优秀": 2, "良好": 0, "一般": 0}
    assert r.publicity_points["国家级"] == 1 and r.publicity_points["市级"] == Decimal("0.2")
    assert r.publicity_cap == 3 and r.publicity_same_title_once
    assert r.deduction_points["市级通报批评"] == 1 and r.deduction_points["违反“阳光三权”案件"] == 3
    assert (r.composite_floor, r.composite_cap, r.decimals, r.tie) == (0, 100, 2, "min")
    assert r.rank_group_of("zone") == "县区" and r.rank_group_of("people_org") == "市直单位"
    assert [(g.name, g.min) for g in r.grades] == [("好", 90), ("较好", 80), ("一般", 70), ("差", 0)]
    assert len(r.sha256) == 64


def _load(tmp_path: Path, text: str):
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("trim_each_side = 1", "trim_each_side = 1\ntrim_typo = 2", "raters.trim_typo"),
        ("trim_min_raters = 5", 'trim_min_raters = "5"', "raters.trim_min_raters"),
        ("trim_min_raters = 5", "trim_min_raters = 2", "raters.trim_min_raters"),
        ("decimals = 2", "decimals = 7", "rounding.decimals"),
        ("cap = 3.0", "cap = -1.0", "publicity.cap"),
        ('"省级" = 0.5', '"省级" = 0.00005', "publicity.points.省级"),
        ('tie = "min"', 'tie = "dense"', "ranking.tie"),
        ('"county", "zone"]', '"county"]', "ranking.groups"),
        ("floor = 0.0", "floor = inf", "composite.floor"),
        ('name = "no_trimming"', 'name = "no_caps"', "variants[1].name"),
        ('"raters.trim_each_side" = 0', '"raters.trim_typo" = 0', "raters.trim_typo"),
        ('"raters.trim_each_side" = 0', '"raters.trim_each_side" = 3', "raters.trim_min_raters"),
        ("mean_min_units = 3", "mean_min_units = 2", "disclosure.mean_min_units"),
        ("quartile_min_units = 10", "quartile_min_units = 4", "disclosure.quartile_min_units"),
        ("quartile_step = 1.0", "quartile_step = 0.01", "disclosure.quartile_step"),
        ('"raters.trim_each_side" = 0', '"disclosure.mean_min_units" = 1', "disclosure.mean_min_units"),
        # Grades out of order: 较好 above 好.
        ('name = "较好"\nmin = 80.0', 'name = "较好"\nmin = 95.0', "grades.较好.min"),
    ],
)
def test_bad_values_are_errors_naming_the_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    assert old in TEXT_2020
    with pytest.raises(RulesError, match=re.escape(key)):
        _load(tmp_path, TEXT_2020.replace(old, new, 1))


def test_missing_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=re.escape("缺少键「sector.max_score」")):
        _load(tmp_path, TEXT_2020.replace("max_score = 100.0", ""))


def test_variants_build_checked_rules() -> None:
    r = load_rules(year=2020)
    by_name = {v.name: r.with_variant(v) for v in r.variants}
    assert set(by_name) >= {"no_caps", "no_trimming", "zones_apart"}
    assert not by_name["no_caps"].sector_max.is_finite()
    assert by_name["no_trimming"].trim_each_side == 0
    assert by_name["zones_apart"].rank_group_of("zone") != by_name["zones_apart"].rank_group_of("county")
    assert r.sector_max == 100  # the published rules are untouched


def test_synonyms_name_known_terms_and_each_word_one_term(tmp_path) -> None:
    from sunshine_analysis.config.rules import RulesError

    text = (paths.RULES_DIR / "2020.toml").read_text(encoding="utf-8")
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(
        text.replace('"国家级" = ["全国性媒体", "央媒"]', '"县级" = ["县报"]'), encoding="utf-8"
    )
    with pytest.raises(RulesError, match=r"synonyms\.县级"):
        load_rules(unknown)
    twice = tmp_path / "twice.toml"
    twice.write_text(
        text.replace('"国家级" = ["全国性媒体", "央媒"]', '"国家级" = ["中央通报批评"]'), encoding="utf-8"
    )
    with pytest.raises(RulesError, match="同时是"):
        load_rules(twice)


def test_items_add_up_to_the_sector_maximum(tmp_path) -> None:
    from sunshine_analysis.config.rules import RulesError

    text = (paths.RULES_DIR / "2020.toml").read_text(encoding="utf-8")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(text.replace('["群众评议", 20]', '["群众评议", 25]'), encoding="utf-8")
    with pytest.raises(RulesError, match=r"items\.party"):
        load_rules(wrong)


def test_a_year_without_its_rules_file_is_refused_not_given_another_years(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=re.escape("没有 2031 年的评分细则（2031.toml；已有：2019、2020）")):
        load_rules(year=2031)


def test_a_rules_file_of_another_year_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(TEXT_2020.replace("year = 2020", "year = 1999", 1), encoding="utf-8")
    with pytest.raises(RulesError, match="「year」为 1999，但要计分的是 2020 年"):
        load_rules(path, year=2020)
    assert load_rules(path).year == 1999  # read on its own, e.g. to look at it


def test_grades_are_kept_in_the_order_given() -> None:
    assert [g.name for g in load_rules(year=2020).grades] == ["好", "较好", "一般", "差"]


def test_report_issuer_is_read_with_a_default_for_older_files(tmp_path: Path) -> None:
    assert load_rules(year=2020).issuer == "市“阳光漯河”建设工作领导小组办公室"
    block = TEXT_2020[TEXT_2020.index("[report]") : TEXT_2020.index("[submissions]")]
    assert _load(tmp_path, TEXT_2020.replace(block, "")).issuer == "市“阳光漯河”建设工作领导小组办公室"
    assert _load(tmp_path, TEXT_2020.replace('issuer = "市', 'issuer = "漯河市')).issuer.startswith("漯河市")
    with pytest.raises(RulesError, match=re.escape("report.issuer")):
        _load(tmp_path, TEXT_2020.replace(block, '[report]\nissuer = ""\n'))
    with pytest.raises(RulesError, match=re.escape("「report」")):
        _load(tmp_path, TEXT_2020.replace(block, '[report]\nissuer = "x"\nsigner = "y"\n'))


def test_report_advice_is_read_by_item_name(tmp_path: Path) -> None:
    block = TEXT_2020[TEXT_2020.index("[report]") : TEXT_2020.index("[submissions]")]
    text = '[report]\nissuer = "x"\n\n[report.advice]\n"组织领导" = " 明确专人负责。 "\n"其他" = "自查。"\n\n'
    assert _load(tmp_path, TEXT_2020.replace(block, text)).advice == {
        "组织领导": "明确专人负责。",
        "其他": "自查。",
    }
    assert _load(tmp_path, TEXT_2020.replace(block, "")).advice == {}
    with pytest.raises(RulesError, match=re.escape("report.advice.组织领导")):
        _load(tmp_path, TEXT_2020.replace(block, '[report.advice]\n"组织领导" = ""\n\n'))
