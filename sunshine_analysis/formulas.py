"""Keep text from the inputs from running as a formula when an output is opened in Excel.

Unit names, titles and reasons come from files the office receives. A CSV cell whose text
starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is taken by Excel as a
formula: ``=HYPERLINK(...)`` becomes a live link, ``@SUM(A1)`` a calculation (CSV or formula
injection). Following OWASP's guidance, such text is written with a leading single quote
``'``, which makes Excel treat the cell as text; only text columns are touched, so numbers
(including negative ones) stay numbers. Workbooks store such cells as text instead (see
:mod:`sunshine_analysis.workbook`), and HTML escapes all text, so neither needs the quote.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: object) -> object:
    """Prefix text that Excel would run as a formula with ``'``; leave anything else as is.

    >>> neutralise_text("=HYPERLINK(\\"http://x\\")"), neutralise_text("临颍县"), neutralise_text(-2.5)
    ('\\'=HYPERLINK("http://x")', '临颍县', -2.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as formulas; numeric columns untouched.

    >>> frame = pd.DataFrame({"unit_name": ["+1", "市妇联"], "score": [-2.0, 80.25]})
    >>> neutralise_formulas(frame).to_dict("list")
    {'unit_name': ["'+1", '市妇联'], 'score': [-2.0, 80.25]}
    """
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(neutralise_text) for c in text})


__all__ = ["FORMULA_START", "neutralise_formulas", "neutralise_text"]
