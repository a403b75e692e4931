"""Project-level checks: packaging, environment files, CLI help, paths."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

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


def test_every_imported_package_is_declared() -> None:
    """Each third-party module the package imports comes from a distribution in pyproject.toml
    (the runtime dependencies; xlwt in the ``sample`` extra, for the sample generator)."""
    import ast
    from importlib.metadata import packages_distributions

    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for r in project["optional-dependencies"]["sample"]}
    imported: set[str] = set()
    for source in paths.PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    owners = packages_distributions()
    third_party = {m for m in imported if m in owners and m != "sunshine_analysis"}
    undeclared = {m: owners[m] for m in third_party if not {_name(d) for d in owners[m]} & declared}
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


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


def test_the_wheel_ships_the_package_data(tmp_path) -> None:
    """A non-editable install can build a report: notebooks, templates, rules and the
    sample's reference data are in the wheel."""
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(paths.PROJECT_ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("sunshine_analysis-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "sunshine_analysis/notebooks/4.0-july-summary.ipynb",
        "sunshine_analysis/notebooks/4.1-unit-brief.ipynb",
        "sunshine_analysis/notebooks/2.0-explore-year.ipynb",
        "sunshine_analysis/render/templates/page.html",
        "sunshine_analysis/render/templates/report.css",
        "sunshine_analysis/config/rules/2020.toml",
        "sunshine_analysis/sample/luohe.toml",
    ):
        assert needed in names, needed


def test_every_module_imports_on_its_own() -> None:
    """No import cycle hides behind the order the tests happen to import modules in."""
    script = """
import importlib, pathlib, sys
root = pathlib.Path(sys.argv[1])
names = sorted(
    ".".join(p.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__")
    for p in root.rglob("*.py")
)
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m.startswith("sunshine_analysis")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {exc}")
print("\\n".join(failed))
"""
    out = subprocess.run(
        [sys.executable, "-c", script, str(paths.PACKAGE_DIR)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_make_lab_works_for_root_and_passes_lab_args() -> None:
    root = Path(__file__).parents[1]
    out = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "lab", "LAB_ARGS=--no-browser --port=9"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(s for s in out.splitlines() if "jupyter lab" in s)
    assert line.rstrip().endswith("--no-browser --port=9")
    assert ("--allow-root" in line) == (os.geteuid() == 0)
