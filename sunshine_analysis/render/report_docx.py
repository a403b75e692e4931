"""The written report (书面报告) as an editable Word document in the GB/T 9704 layout.

The text is :func:`sunshine_analysis.render.narrative.report_sections`, the same the HTML
summary shows; the page and styles are :mod:`sunshine_analysis.outputs.officedoc`. After the four
sections come the list of annexes, the issuing office (the rules file's ``[report] issuer``) and
the date (:func:`~sunshine_analysis.render.sentences.report_date`, reproducible with
``SOURCE_DATE_EPOCH``), then each annex on a new page: the ranking table of every group, the
sector scores, and the bonuses and deductions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from sunshine_analysis.config.vocab import LABELS, SECRET_MARK
from sunshine_analysis.outputs import officedoc
from sunshine_analysis.outputs.atomic import safe_file_name
from sunshine_analysis.outputs.officefiles import document_bytes_at
from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render import narrative, tables
from sunshine_analysis.render.sentences import report_date

AUTHOR = "市阳光办"
RECIPIENT = "市“阳光漯河”建设工作领导小组"
"""主送机关: the leadership group the report goes to."""


def report_title(year: int) -> str:
    """The report's title."""
    return f"{year}年度“阳光漯河”建设考评情况报告"


def report_file_name(year: int) -> str:
    """The report's file name in the reports folder (2020年度“阳光漯河”建设考评情况报告.docx)."""
    return safe_file_name(report_title(year)) + ".docx"


@dataclass
class Annex:
    """One annex: its title and its tables, each with an optional sub-heading (（一）…)."""

    title: str
    tables: list[tuple[str, pd.DataFrame]]


def annexes(results: YearResults) -> list[Annex]:
    """The report's annexes: each group's ranking, the sector scores, bonuses and deductions, the
    rectification of the supervision notices.

    Tables without rows are left out, and an annex left without tables.
    """
    out = [
        Annex(f"{group}综合得分排名表", [("", tables.rank_table(results, group))]) for group in results.groups
    ]
    per_unit = results.sector_table().rename_axis(LABELS["unit_name"]).reset_index()
    out.append(
        Annex(
            "各板块得分情况",
            [
                ("（一）各板块得分汇总", tables.sector_summary(results)),
                ("（二）各单位板块单项得分", per_unit),
            ],
        )
    )
    bonuses = [
        ("（一）创新成果加分", tables.innovation_table(results)),
        ("（二）信息宣传加分", tables.publicity_summary(results)),
        ("（三）通报扣分", tables.deduction_table(results)),
    ]
    kept = [(heading, table) for heading, table in bonuses if len(table)]
    if kept:
        numbered = [(f"（{narrative.NUMERALS[i]}）{h[3:]}", t) for i, (h, t) in enumerate(kept)]
        out.append(Annex("加分和扣分情况", numbered if len(kept) > 1 else [("", kept[0][1])]))
    out.append(Annex("督办整改情况", [("", tables.rectification_table(results))]))
    return [a for a in out if any(len(t) for _, t in a.tables)]


def report_docx(results: YearResults, change: pd.DataFrame | None = None) -> bytes:
    """The written report of ``results`` as .docx bytes, the same bytes for the same results and
    ``SOURCE_DATE_EPOCH``."""
    import docx

    document = docx.Document()
    officedoc.set_up(document)
    mark = officedoc.paragraph(document, SECRET_MARK, align=WD_ALIGN_PARAGRAPH.LEFT)
    officedoc.set_fonts(mark.runs[0], officedoc.FONTS["heading1"])
    officedoc.title(document, report_title(results.year))
    officedoc.paragraph(document, f"{RECIPIENT}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    officedoc.paragraph(document, f"现将{results.year}年度“阳光漯河”建设考评情况报告如下。")
    for i, section in enumerate(narrative.report_sections(results, change)):
        officedoc.heading(document, f"{narrative.NUMERALS[i]}、{section.title}", 1)
        for text in section.paragraphs:
            run_in = narrative.RUN_IN.match(text)
            if run_in:
                officedoc.paragraph(document, text[run_in.end() :], run_in=run_in.group())
            else:
                officedoc.paragraph(document, text)

    parts = annexes(results)
    officedoc.paragraph(document)
    for n, annex in enumerate(parts, start=1):
        p = officedoc.paragraph(document, f"{n}.{annex.title}")
        if n == 1:
            p.runs[0].text = f"附件：1.{annex.title}"
        else:  # 附件 names line up under the first (附件： is three characters wide)
            p.paragraph_format.left_indent = Pt(5 * officedoc.BODY_PT)
            p.paragraph_format.first_line_indent = Pt(0)
    officedoc.paragraph(document)
    officedoc.paragraph(document)
    issuer = officedoc.paragraph(document, results.rules.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    issuer.paragraph_format.right_indent = Pt(0)
    date = officedoc.paragraph(document, report_date(), align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(4 * officedoc.BODY_PT)  # 右空四字

    for n, annex in enumerate(parts, start=1):
        label = officedoc.paragraph(document, f"附件{n}", align=WD_ALIGN_PARAGRAPH.LEFT)
        officedoc.set_fonts(label.runs[0], officedoc.FONTS["heading1"])
        label.paragraph_format.page_break_before = True
        officedoc.title(document, annex.title)
        for heading, table in annex.tables:
            if not len(table):
                continue
            if heading:
                officedoc.heading(document, heading, 2)
            officedoc.table(document, table, results.rules.decimals)
            officedoc.paragraph(document)
    return document_bytes_at(document, AUTHOR, report_title(results.year))


def write_report_docx(results: YearResults, folder: Path, change: pd.DataFrame | None = None) -> Path:
    """Write :func:`report_docx` into ``folder`` as :func:`report_file_name`; returns its path."""
    path = Path(folder) / report_file_name(results.year)
    path.write_bytes(report_docx(results, change))
    return path
