"""One command line: every command names the year's raw folder the same way, and a new year's
rules start from the latest year's file, kept with the data, never inside the package."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sunshine_analysis import cli
from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import RulesError, load_rules, new_rules_file

READERS = (
    "validate",
    "score",
    "explain",
    "report",
    "submissions",
    "supervision",
    "templates",
    "field-sample",
)


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", READERS)
def test_every_command_takes_the_raw_folder_year_and_rules_alike(name: str) -> None:
    p = _subparsers()[name]
    options = {o: a for a in p._actions for o in a.option_strings}
    raw = next(a for a in p._actions if a.dest == "raw_dir")
    assert raw.nargs == "?" and not raw.option_strings  # a positional, optional in a checkout
    assert options["--year"].help == _subparsers()["score"]._option_string_actions["--year"].help
    assert options["--rules"].help == _subparsers()["score"]._option_string_actions["--rules"].help
    assert name in ("validate", "explain") or "--out" in options


def test_the_folder_is_the_one_given_else_the_years_else_the_latest(tmp_path: Path, monkeypatch) -> None:
    for year in ("2019", "2021", "2020", "说明"):
        (tmp_path / year).mkdir()
    monkeypatch.setattr(paths, "RAW_DIR", tmp_path)

    def folder(*argv: str) -> tuple[Path, int]:
        return cli.year_folder(cli.build_parser().parse_args(["validate", *argv]))

    assert folder() == (tmp_path / "2021", 2021)
    assert folder("--year", "2019") == (tmp_path / "2019", 2019)
    assert folder(str(tmp_path / "2020")) == (tmp_path / "2020", 2020)
    assert folder(str(tmp_path / "说明"), "--year", "2022") == (tmp_path / "说明", 2022)
    with pytest.raises(ValueError, match="请用 --year 指定"):
        folder(str(tmp_path / "说明"))


def test_no_year_folder_at_all_is_a_clear_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(paths, "RAW_DIR", tmp_path / "raw")
    assert cli.main(["validate"]) == 1
    assert "下没有年度文件夹" in capsys.readouterr().err


def test_a_new_years_rules_are_the_latest_years_with_its_year(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(paths, "PROJECT_RULES_DIR", tmp_path / "rules")
    path = new_rules_file(2021)
    assert path == tmp_path / "rules" / "2021.toml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 2021 年评分细则：由 sunshine rules new 2021 从 2020.toml 复制。")
    assert re.search(r"^year = 2021$", text, re.M)
    assert "（2021年）" in re.search(r"^title = .*$", text, re.M).group()
    rules = load_rules(year=2021)  # found in the office's rules/, not the package
    assert rules.year == 2021 and Path(rules.source) == path
    # Every value is the latest year's: only the year and title changed.
    old = load_rules(year=2020)
    assert rules.publicity_points == old.publicity_points and rules.grades == old.grades
    assert "[report]" in text and rules.issuer == old.issuer
    with pytest.raises(RulesError, match="已存在"):
        new_rules_file(2021)
    assert not (paths.RULES_DIR / "2021.toml").exists()


def test_the_offices_file_wins_over_the_packaged_one(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(paths, "PROJECT_RULES_DIR", tmp_path)
    packaged = paths.rules_file(2020).read_text(encoding="utf-8")
    (tmp_path / "2020.toml").write_text(packaged.replace('"省级" = 0.5', '"省级" = 0.6'), encoding="utf-8")
    assert str(load_rules(year=2020).publicity_points["省级"]) == "0.6"


def test_rules_new_on_the_command_line(tmp_path: Path, capsys) -> None:
    assert cli.main(["rules", "new", "2023", "--out", str(tmp_path)]) == 0
    assert "已写入" in capsys.readouterr().out
    assert load_rules(tmp_path / "2023.toml", year=2023).year == 2023
    assert cli.main(["rules", "new", "2023", "--out", str(tmp_path)]) == 1
    assert "已存在" in capsys.readouterr().err


def test_a_year_without_rules_says_how_to_start_them(tiny_year: Path, capsys) -> None:
    renamed = tiny_year.rename(tiny_year.parent / "2031")
    assert cli.main(["validate", str(renamed)]) == 1
    assert "sunshine rules new 2031" in capsys.readouterr().err
