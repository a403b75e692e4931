"""HTML snippets for the notebooks: escaped tables, headings, paragraphs and lists.

Every text that comes from the inputs (unit names, titles, reasons) is escaped here, so a
notebook can pass the results straight to ``IPython.display.HTML``."""

from __future__ import annotations

import html
import re

import pandas as pd

from sunshine_analysis.outputs.results import YearResults

SHORT_TEXT = 10
"""Text columns whose cells are all at most this long are kept on one line in tables."""


def table_html(table: pd.DataFrame, decimals: int = 2, columns: dict[str, int] | None = None) -> str:
    """A table as escaped HTML with fixed decimals; numeric cells carry ``class="num"``.

    Args:
        table: The table.
        decimals: Decimals of every float column ...
        columns: ... except these (column → its decimals).

    >>> table_html(pd.DataFrame({"单位": ["<b>"], "得分": [1.5]})).count('<td class="num">1.50</td>')
    1
    >>> table_html(pd.DataFrame({"约": [89.0]}), columns={"约": 0}).count('<td class="num">89</td>')
    1
    """
    markup = table.to_html(
        index=False,
        escape=True,
        na_rep="—",
        float_format=lambda v: f"{v:.{decimals}f}",
        formatters={c: (lambda v, d=d: "—" if v != v else f"{v:.{d}f}") for c, d in (columns or {}).items()},
        classes="report-table",
        border=0,
    )
    numeric = {i for i, dtype in enumerate(table.dtypes) if pd.api.types.is_numeric_dtype(dtype)}
    # Short text (a unit's name, a date) is not broken over lines; long text (a reason) wraps.
    short = {
        i
        for i, column in enumerate(table.columns)
        if i not in numeric and table[column].astype(str).str.len().max() <= SHORT_TEXT
    }
    if not numeric | short:
        return markup
    opening = {i: '<td class="num">' for i in numeric} | {i: '<td class="short">' for i in short}

    def mark(row: re.Match) -> str:
        cells = row.group(1).split("<td>")
        return (
            "<tr>" + cells[0] + "".join(opening.get(i, "<td>") + c for i, c in enumerate(cells[1:])) + "</tr>"
        )

    return re.sub(r"<tr>(.*?)</tr>", mark, markup, flags=re.S)


def heading(text: str, level: int, anchor: str = "") -> str:
    """An escaped HTML heading; with ``anchor`` it gets an id and shows in the table of contents."""
    attr = f' id="{html.escape(anchor)}"' if anchor else ""
    return f"<h{level}{attr}>{html.escape(text)}</h{level}>"


def paragraphs_html(sentences: list[str], css_class: str = "") -> str:
    """Plain sentences as escaped HTML paragraphs."""
    attr = f' class="{css_class}"' if css_class else ""
    return "".join(f"<p{attr}>{html.escape(s)}</p>" for s in sentences)


def unit_explanation_html(results: YearResults, unit_id: str) -> str:
    """One unit's score explained step by step (see :mod:`sunshine_analysis.scoring.explain`), escaped."""
    texts = results.explanations.loc[results.explanations["unit_id"] == unit_id, "text"]
    if texts.empty:
        return paragraphs_html(["没有计算过程明细。"], "note")
    return f'<pre class="explain">{html.escape(str(texts.iloc[0]))}</pre>'


def list_html(sentences: list[str]) -> str:
    """Plain sentences as an escaped HTML list."""
    return "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in sentences) + "</ul>"
