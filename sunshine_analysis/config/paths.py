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
    """The packaged rules file of ``year`` (``rules/<year>.toml``), whether or not it exists.

    There is no fallback to another year: a year scored by last year's rules would be labelled
    and ranked silently wrong (:func:`~sunshine_analysis.config.rules.load_rules` refuses it).
    """
    return RULES_DIR / f"{year}.toml"
