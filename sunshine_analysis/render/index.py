"""``reports/<year>/index.html``: the office's list of a year's products, written by ``sunshine report``.

One page for the office only: the summary, the written report when there is one, every unit's
brief by name and group (the file names are pinyin ids), the workbook and the June files in
``fieldwork/``, with when the page was built, from which raw folder, inputs and rules. It lists
every unit, so it says on top that it must never be sent to a unit.

It is built from what the build already holds (the results in memory, the manifest, the rules):
nothing is read again or scored again. Every link is relative, so that the folder can be opened
from anywhere; the links to the raw folder and to the scored tables leave the reports folder and
work where they were built. Entries carried over from the previous version (the June files, and
with ``--units`` the briefs not rebuilt) are listed from the published folder, which is what
:func:`~sunshine_analysis.outputs.atomic.publish` carries into the new one.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from sunshine_analysis.outputs.atomic import carried_files
from sunshine_analysis.outputs.contract import RULES_COPY
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render.page import wrap_page
from sunshine_analysis.render.sentences import generated_at

INDEX_FILE = "index.html"
FIELDWORK = "fieldwork"
WRITTEN_REPORT = "*.docx"
"""The written report (issue #13), listed when the build has put one at the top of the folder."""

JUNE_FILES = {
    "材料报送检查表.xlsx": "材料报送检查表（sunshine submissions）",
    "督办名单.xlsx": "督办名单（sunshine supervision）",
    "督办通知": "督办通知草稿，编辑后发出（sunshine supervision）",
    "实地考评抽样方案.xlsx": "实地考评抽样方案（sunshine field-sample）",
    "field_plan.csv": "抽样结果明细，CSV（sunshine field-sample）",
    "field_plan.json": "抽样依据：种子的 SHA-256、抽样框和规则的校验值（sunshine field-sample）",
}
"""What the June commands write into ``fieldwork/`` (a folder's name stands for the files in it)."""

OFFICE_ONLY = (
    "本页仅供市“阳光办”内部使用，不得发给任何被考评单位。本页列出全部被考评单位及其分组、等次和反馈文件；"
    "向单位发送反馈时，只发送该单位自己的那一个反馈文件，不要发送本页，也不要发送整个报告文件夹。"
)


def index_html(
    results: YearResults,
    folder: Path,
    published: Path,
    *,
    raw_dir: Path,
    processed_dir: Path,
    previous_raw: Path | None = None,
    failed: Collection[Path] = (),
    keep: Iterable[str] = (FIELDWORK,),
) -> str:
    """The index page of a build.

    Args:
        results: The year's results, as the build holds them.
        folder: The version folder being written (this run's products).
        published: The output folder as published (``reports/<year>``): links are relative to
            it, and the entries of ``keep`` are listed from it.
        raw_dir: The raw folder scored.
        processed_dir: The folder of the scored tables (``manifest.json``, ``rules.toml``).
        previous_raw: The previous year's raw folder, when it was scored for the comparison.
        failed: Pages (under ``folder``) whose notebook failed.
        keep: The entries carried from the previous version (``fieldwork``; ``units`` with ``--units``).
    """
    keep = list(keep)
    carried = set(carried_files(published, keep))
    year = results.year
    body = [
        f"<h1>{year}年度“阳光漯河”建设考评报告文件目录</h1>",
        f'<div class="office-only"><p>{html.escape(OFFICE_ONLY)}</p></div>',
        "<h2>一、生成情况</h2>",
        _about(results, published, raw_dir, processed_dir, previous_raw),
        "<h2>二、汇总报告和结果工作簿</h2>",
        _products(folder, failed),
        "<h2>三、各单位反馈</h2>",
        _briefs(results, folder, published, failed, carried),
        "<h2>四、六月工作文件</h2>",
        _june(published, sorted(c for c in carried if c.startswith(f"{FIELDWORK}/"))),
    ]
    return wrap_page("".join(body), f"{year}年度考评报告文件目录（仅供内部使用）")


def write_index(results: YearResults, folder: Path, published: Path, **kwargs) -> Path:
    """Write :func:`index_html` as ``folder/index.html``; returns its path."""
    path = folder / INDEX_FILE
    path.write_text(index_html(results, folder, published, **kwargs), encoding="utf-8")
    return path


def _about(
    results: YearResults, published: Path, raw_dir: Path, processed_dir: Path, previous_raw: Path | None
) -> str:
    manifest = results.manifest
    inputs = manifest.get("inputs", [])
    kinds = Counter(r.get("kind_name") or r.get("kind") or "未识别" for r in inputs)
    rules = manifest.get("rules", {})
    origin = "随工具提供" if rules.get("origin") == "packaged" else "运行时另行指定"
    items = [
        html.escape(
            f"生成时间：{generated_at()}。生成工具：sunshine_analysis {manifest.get('version', '')}"
            "（sunshine report）；本页与下列汇总报告、结果工作簿和各单位反馈同一次生成。"
        ),
        "原始数据文件夹："
        + _link(published, raw_dir, str(Path(raw_dir).absolute()) + os.sep, folder=True)
        + "。",
        html.escape(
            f"输入文件：共{len(inputs)}个（" + "、".join(f"{k}{n}个" for k, n in kinds.items()) + "）。"
            "每个文件的名称和 SHA-256 校验值见结果工作簿的“来源”工作表，连同识别结果见计分明细表文件夹中的 "
        )
        + _link(published, processed_dir / "manifest.json", "manifest.json")
        + "。",
        html.escape(
            f"评分细则：《{rules.get('title', results.rules.title)}》（{rules.get('file', '')}，{origin}，"
            f"SHA-256 {rules.get('sha256', '')}）；所用细则的副本："
        )
        + _link(published, processed_dir / RULES_COPY, RULES_COPY)
        + "。",
        "计分明细表："
        + _link(published, processed_dir, "计分明细表文件夹", folder=True)
        + html.escape("（可用 Excel 打开的 CSV，与本页同一次计分）。"),
    ]
    if previous_raw is not None:
        text = str(Path(previous_raw).absolute()) + os.sep
        items.append(
            f"与{results.year - 1}年比较所用的原始数据文件夹："
            + _link(published, previous_raw, text, folder=True)
            + "。"
        )
    return '<ul class="about">' + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _products(folder: Path, failed: Collection[Path]) -> str:
    rows = [
        ("summary.html", "汇总报告：基本情况、成效和亮点、存在的问题、工作建议，以及排名、板块分析和加减分"),
        *((p.name, "书面报告（Word）") for p in sorted(folder.glob(WRITTEN_REPORT))),
        ("results.xlsx", "结果工作簿：各单位综合得分和板块得分等明细（已设置 A4 打印）"),
    ]
    cells = "".join(
        f"<tr><td>{_file_cell(folder, name, failed)}</td><td>{html.escape(text)}</td></tr>"
        for name, text in rows
    )
    return f'<table class="files"><tr><th>文件</th><th>内容</th></tr>{cells}</table>'


def _briefs(
    results: YearResults, folder: Path, published: Path, failed: Collection[Path], carried: Collection[str]
) -> str:
    grades = results.composite.set_index("unit_id")["grade"]
    units = results.units
    groups = list(results.rules.rank_groups) + [
        g for g in dict.fromkeys(units["rank_group"]) if g not in results.rules.rank_groups
    ]
    note = (
        f"共{len(units)}个被考评单位，分{len(groups)}组（按评分细则分组，组内按单位一览表的顺序）。"
        "反馈文件在 units 文件夹中，文件名由单位名称的拼音构成。"
    )
    parts = [f'<p class="note">{html.escape(note)}</p>']
    for group in groups:
        members = units[units["rank_group"] == group]
        if members.empty:
            continue
        parts.append(f"<h3>{html.escape(group)}（{len(members)}个单位）</h3>")
        rows = []
        for i, unit in enumerate(members.itertuples(), start=1):
            name = f"units/{unit.unit_id}.html"
            grade = grades.get(unit.unit_id)
            grade = "" if grade is None or pd.isna(grade) else str(grade)
            rows.append(
                f'<tr><td class="num">{i}</td><td>{html.escape(str(unit.unit_name))}</td>'
                f"<td>{html.escape(grade)}</td>"
                f"<td>{_brief_cell(folder, published, name, failed, carried)}</td></tr>"
            )
        parts.append(
            '<table class="files"><tr><th class="narrow">序号</th><th>单位名称</th>'
            '<th class="narrow">等次</th><th>反馈文件</th></tr>' + "".join(rows) + "</table>"
        )
    return "".join(parts)


def _june(published: Path, files: list[str]) -> str:
    if not files:
        return (
            '<p class="note">fieldwork 文件夹中暂无文件。六月的命令（sunshine submissions、supervision、'
            "field-sample）把结果写入这里，生成报告时原样保留。</p>"
        )
    rows = "".join(
        f"<tr><td>{_href(name, name)}</td>"
        f"<td>{html.escape(_june_kind(name))}</td>"
        f'<td class="short">{_mtime(published / name)}</td></tr>'
        for name in files
    )
    return (
        f'<p class="note">{html.escape(f"fieldwork 文件夹中有{len(files)}个文件")}，'
        "由六月的命令写出，生成报告时原样保留；时间是文件本身的修改时间。</p>"
        f'<table class="files"><tr><th>文件</th><th>内容</th><th class="narrow">文件时间</th></tr>'
        f"{rows}</table>"
    )


def _june_kind(name: str) -> str:
    parts = name.split("/")[1:]  # below fieldwork/
    return JUNE_FILES.get(parts[0], "") if parts else ""


def _file_cell(folder: Path, name: str, failed: Collection[Path]) -> str:
    if (folder / name).is_file():
        return _href(name, name)
    why = "本次生成失败，见命令输出" if folder / name in failed else "未生成"
    return f"{html.escape(name)}（{why}）"


def _brief_cell(
    folder: Path, published: Path, name: str, failed: Collection[Path], carried: Collection[str]
) -> str:
    if (folder / name).is_file():
        return _href(name, name)
    failed_now = folder / name in failed
    if name in carried:
        why = "本次生成失败，" if failed_now else "本次未重新生成，"
        when = _mtime(published / name)
        return _href(name, name) + html.escape(f"（{why}沿用{when}生成的文件）")
    why = "本次生成失败，见命令输出" if failed_now else "未生成"
    return f"{html.escape(name)}（{why}）"


def _href(target: str, text: str) -> str:
    """A link to ``target`` (a POSIX path relative to the page), its text escaped."""
    return f'<a href="{html.escape(quote(target))}">{html.escape(text)}</a>'


def _link(published: Path, target: Path, text: str, folder: bool = False) -> str:
    """A relative link from the page in ``published`` to ``target`` (a ``folder``: ending in ``/``).

    >>> _link(Path("/x/reports/2020"), Path("/x/data/raw/2020"), "原始", folder=True)
    '<a href="../../data/raw/2020/">原始</a>'
    """
    relative = Path(os.path.relpath(Path(target).absolute(), Path(published).absolute())).as_posix()
    return _href(relative + ("/" if folder else ""), text)


def _mtime(path: Path) -> str:
    """A file's modification time (kept when it is carried, as a hard link, into a new version)."""
    return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


__all__ = ["INDEX_FILE", "index_html", "write_index"]
