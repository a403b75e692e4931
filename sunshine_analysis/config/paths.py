"""Every path of the project, derived from the package's own location.

Notebooks and the command line take their folders from here so that no path is spelled
twice. Importing this module creates nothing and prints nothing.

In a checkout (the package beside ``pyproject.toml``) the data and reports folders are the
checkout's; installed elsewhere (``pip install .``), they are taken under the current folder.
The package's own files (rules, notebooks, templates) are always read from the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
IN_CHECKOUT = (PACKAGE_DIR.parent / "pyproject.toml").is_file()
PROJECT_ROOT = PACKAGE_DIR.parent if IN_CHECKOUT else Path.cwd()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PACKAGE_DIR / "notebooks"
RULES_DIR = PACKAGE_DIR / "config" / "rules"
"""The packaged rules files: the defaults for the sample years."""
PROJECT_RULES_DIR = PROJECT_ROOT / "rules"
"""The office's own rules files, one per year (``rules/2021.toml``), kept with the data;
``sunshine rules new 2021`` starts one. A year's file here wins over a packaged one."""


def year_of(folder: str | Path, year: int | None = None) -> int:
    """The evaluation year: ``year`` when given, else the folder's name (``data/raw/2020``).

    >>> year_of("data/raw/2020"), year_of("/tmp/收到的材料", 2021)
    (2020, 2021)

    Raises:
        ValueError: No year is given and the folder's name is not one.
    """
    if year is not None:
        return year
    name = Path(folder).name
    if name.isdigit():
        return int(name)
    raise ValueError(f"无法从文件夹名「{name}」得知年份，请用 --year 指定")


def raw_dir(year: int) -> Path:
    """Folder of the files received for ``year``."""
    return RAW_DIR / str(year)


def latest_raw_dir(root: Path | None = None) -> Path:
    """The newest year's folder under ``data/raw/`` (the default when no folder is given).

    Raises:
        FileNotFoundError: There is no year folder there.
    """
    root = RAW_DIR if root is None else root
    years = (
        sorted(int(p.name) for p in root.glob("*") if p.name.isdigit() and p.is_dir())
        if root.is_dir()
        else []
    )
    if not years:
        raise FileNotFoundError(f"{root} 下没有年度文件夹（如 {root / '2021'}）；请给出原始数据文件夹")
    return root / str(years[-1])


def processed_dir(year: int) -> Path:
    """Folder of the data contract's tables for ``year``."""
    return PROCESSED_DIR / str(year)


def reports_dir(year: int) -> Path:
    """Folder of the rendered July products for ``year``."""
    return REPORTS_DIR / str(year)


def fieldwork_dir(year: int) -> Path:
    """Folder of the June outputs for ``year``: checklist, supervision notices, field plan."""
    return reports_dir(year) / "fieldwork"


def rules_file(year: int) -> Path:
    """The rules file of ``year``: the office's (``rules/<year>.toml`` beside ``data/``), else
    the packaged one, whether or not that exists.

    There is no fallback to another year: a year scored by last year's rules would be labelled
    and ranked silently wrong (:func:`~sunshine_analysis.config.rules.load_rules` refuses it).
    """
    own = PROJECT_RULES_DIR / f"{year}.toml"
    return own if own.is_file() else RULES_DIR / f"{year}.toml"


def rules_files() -> dict[int, Path]:
    """Every year that has a rules file → the file :func:`rules_file` gives for it."""
    years = {
        int(p.stem) for d in (RULES_DIR, PROJECT_RULES_DIR) for p in d.glob("*.toml") if p.stem.isdigit()
    }
    return {year: rules_file(year) for year in sorted(years)}
