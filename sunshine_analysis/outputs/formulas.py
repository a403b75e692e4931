"""Keep text from the inputs from running as a formula when an output is opened in Excel.

Unit names, titles and reasons come from files the office receives. A CSV cell whose text
starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is taken by Excel as a
formula: ``=HYPERLINK(...)`` becomes a live link, ``@SUM(A1)`` a calculation (CSV or formula
injection). Following OWASP's guidance, such text is written with a leading single quote
``'``, which makes Excel treat the cell as text; only text columns are touched, so numbers
(including negative ones) stay numbers. Every workbook written stores such cells as text
instead (:func:`as_text`), and HTML escapes all text, so neither needs the quote.

The project's own readers of these CSVs take the quote off again (:func:`restore_formulas`).
To keep that exact, text that already starts with quotes before such a character gets one
more: writing adds one quote and reading removes one, and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # a report kernel reading the CSVs back need not load openpyxl (0.14 s)
    from openpyxl.cell.cell import Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: object) -> object:
    """Prefix text that Excel would run as a formula with ``'``; leave anything else as is.

    >>> neutralise_text("=HYPERLINK(\\"http://x\\")"), neutralise_text("临颍县"), neutralise_text(-2.5)
    ('\\'=HYPERLINK("http://x")', '临颍县', -2.5)
    """
    return "'" + value if _quoted(value) else value


def restore_text(value: object) -> object:
    """Undo :func:`neutralise_text`.

    >>> [restore_text(neutralise_text(v)) for v in ["+1", "'+1", "'a", "-", 3]]
    ['+1', "'+1", "'a", '-', 3]
    """
    return value[1:] if _quoted(value) and value.startswith("'") else value


def _quoted(value: object) -> bool:
    return isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as formulas; numeric columns untouched.

    >>> frame = pd.DataFrame({"unit_name": ["+1", "市妇联"], "score": [-2.0, 80.25]})
    >>> neutralise_formulas(frame).to_dict("list")
    {'unit_name': ["'+1", '市妇联'], 'score': [-2.0, 80.25]}
    """
    return _map_text(frame, neutralise_text)


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` as it was before :func:`neutralise_formulas`: for reading our CSVs back.

    >>> frame = pd.DataFrame({"unit_name": ["+1", "市妇联"], "score": [-2.0, 80.25]})
    >>> restore_formulas(neutralise_formulas(frame)).equals(frame)
    True
    """
    return _map_text(frame, restore_text)


def as_text(cells: Iterable[Cell]) -> None:
    """Store each of ``cells`` that openpyxl took for a formula (text from an input starting
    with ``=``) as the text it is, with Excel's quote prefix so that editing keeps it text.

    Every workbook the project writes passes its data cells through here; a formula the
    project itself writes (a template's 总分) is written after, and only there.

    >>> from openpyxl import Workbook
    >>> sheet = Workbook().active
    >>> sheet.append(["=1+1", "临颍县", 3])
    >>> as_text(sheet[1])
    >>> [(c.value, c.data_type) for c in sheet[1]]
    [('=1+1', 's'), ('临颍县', 's'), (3, 'n')]
    """
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"
            cell.quotePrefix = True


def _map_text(frame: pd.DataFrame, func: Callable[[object], object]) -> pd.DataFrame:
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(func) for c in text})


__all__ = [
    "FORMULA_START",
    "as_text",
    "neutralise_formulas",
    "neutralise_text",
    "restore_formulas",
    "restore_text",
]
