"""Write one believable year of raw files, in real-world layouts or the office's templates.

:func:`write_demo_year` writes what the programme office (市“阳光办”) receives — the unit
registry, the five sector score sheets, innovation results, publicity records, deductions, the
submission log, status tables, work summaries, the rectification register answering the
supervision notices, and the field sampling frames. With ``layout="standard"`` every table
follows ``docs/raw-templates.md``; with the default
``layout="varied"`` each sector's score sheet comes as a different sender would send it (see
:data:`~sunshine_analysis.sample.sheets.VARIED_SHEETS`) and the registry, innovation results and
deductions carry a title row, while the scores stay the same. The output is reproducible byte
for byte: Office files carry one fixed date, and xlwt writes no timestamps into .xls files.
"""

from __future__ import annotations

from pathlib import Path

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.sample.lists import write_deductions, write_innovation, write_publicity
from sunshine_analysis.sample.materials import write_frames, write_materials
from sunshine_analysis.sample.rectification import write_register
from sunshine_analysis.sample.sheets import VARIED_SHEETS, write_registry, write_score_sheet
from sunshine_analysis.sample.world import LAYOUTS, SampleYear, rng_for


def write_demo_year(year: int, out_dir: Path, seed: int, *, layout: str = "varied") -> list[Path]:
    """Write a believable year of raw files.

    Args:
        year: Evaluation year (dates, document numbers and the unit list follow it).
        out_dir: Folder to write into; created if missing, and must be empty if it exists.
        seed: Seed of every random draw; the same ``(year, seed, layout)`` gives
            byte-identical files, and both layouts of a ``(year, seed)`` the same scores.
        layout: ``"standard"``: every table in the office's template (``docs/raw-templates.md``);
            ``"varied"``: each sector's score sheet in a different real-world layout (see
            :data:`VARIED_SHEETS`), title rows above the registry, innovation results and
            deductions; the other files as in the templates.

    Returns:
        The paths written, sorted.

    Raises:
        ValueError: ``out_dir`` exists and is not an empty folder, or the layout is unknown.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"未知的版式：{layout}（应为 {'、'.join(LAYOUTS)}）")
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"输出目录已存在且非空：{out}")
    out.mkdir(parents=True, exist_ok=True)
    y = SampleYear(year, seed)
    varied = layout == "varied"
    paths = [write_registry(y, out, f"“阳光漯河”建设板块涉及单位一览表（{year}年）" if varied else None)]
    for code in SECTORS:
        if varied:
            # Spellings and full-width cells draw from their own stream: the scores stay the same.
            paths.append(VARIED_SHEETS[code](y, out, code, rng_for(seed, "layout:" + code)))
        else:
            paths.append(write_score_sheet(y, out, code))
    paths.append(write_innovation(y, out, f"{year}年度创新成果考评结果汇总表" if varied else None)[0])
    paths.append(write_publicity(y, out))
    paths.append(write_deductions(y, out, f"{year}年度扣分情况汇总表" if varied else None))
    paths += write_materials(y, out)
    paths += write_register(y, out)
    paths += write_frames(y, out)
    return sorted(paths)
