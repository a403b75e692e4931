"""Normalisers for cell text: full-width forms, stray spaces, item maxima in headers."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_MAX_IN_HEADER = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")


def normalise_text(value: object) -> str:
    """NFKC-normalise a cell and remove every whitespace character.

    Full-width digits, letters, points and brackets become their half-width forms, and
    stray spaces inside names disappear.

    >>> normalise_text(" 临 颍 县 ")
    '临颍县'
    >>> normalise_text("组织领导（１０分）")
    '组织领导(10分)'
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACES.sub("", text)


def parse_item_header(header: str) -> tuple[str, float] | None:
    """Split an item header into its name and maximum, or None if it carries no maximum.

    >>> parse_item_header("组织领导(10分)")
    ('组织领导', 10.0)
    >>> parse_item_header("总分") is None
    True
    """
    text = normalise_text(header)
    match = _MAX_IN_HEADER.search(text)
    if not match:
        return None
    return text[: match.start()], float(match.group(1))


def parse_number(value: object) -> float | None:
    """A cell as a number, or None when it is not one (empty cells are NaN).

    >>> parse_number("９０．５"), parse_number(88), parse_number("")
    (90.5, 88.0, nan)
    >>> parse_number("#DIV/0!") is None
    True
    """
    if value is None:
        return float("nan")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = normalise_text(value)
    if text == "":
        return float("nan")
    try:
        return float(text)
    except ValueError:
        return None
