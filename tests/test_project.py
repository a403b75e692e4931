"""Project-level checks: packaging, environment files, CLI help, paths."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from sunshine_analysis.cli import build_parser
from sunshine_analysis.config import paths


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_environment_yml_lists_every_runtime_dependency() -> None:
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = (paths.PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = {_name(line.strip().lstrip("- ")) for line in env.splitlines() if line.strip().startswith("- ")}
    missing = {_name(r) for r in project["project"]["dependencies"]} - listed
    assert not missing, f"environment.yml lacks {sorted(missing)}"


def test_importing_the_package_prints_nothing() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import sunshine_analysis, sunshine_analysis.config.paths"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == "" and out.stderr == ""


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert {"demo-data", "score", "validate", "report"} <= set(sub.choices)
    for command in sub.choices.values():
        assert command.format_help()


def test_paths_are_under_the_project_root() -> None:
    for path in (paths.RAW_DIR, paths.PROCESSED_DIR, paths.REPORTS_DIR, paths.NOTEBOOKS_DIR):
        assert paths.PROJECT_ROOT in path.parents
    assert paths.raw_dir(2020) == paths.RAW_DIR / "2020"
