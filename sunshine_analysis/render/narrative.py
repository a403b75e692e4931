"""The written report's text, one source for the HTML summary and the Word document.

The report opens with four sections (一、基本情况 二、主要成效和亮点 三、存在的问题
四、下一步工作建议), each a list of paragraphs drafted from the results, the work summaries
(``summary_points``) and the rectification register (``rectification``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sunshine_analysis.outputs.results import YearResults
from sunshine_analysis.render import sentences

SECTION_TITLES = ("基本情况", "主要成效和亮点", "存在的问题", "下一步工作建议")


@dataclass
class Section:
    """One numbered section of the written report: its title and its paragraphs."""

    title: str
    paragraphs: list[str] = field(default_factory=list)


def report_sections(results: YearResults, change: pd.DataFrame | None = None) -> list[Section]:
    """The report's four opening sections, in order, titles without their numerals."""
    overview, highlights, problems, advice = SECTION_TITLES
    return [
        Section(overview, sentences.overview_sentences(results)),
        Section(highlights, []),
        Section(problems, sentences.findings(results, change)),
        Section(advice, []),
    ]
