"""Normalisers for cell text: full-width forms, stray spaces, numbers, item maxima in headers."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from decimal import Decimal

# Control characters and invisible format characters: zero-width spaces and joiners that
# copy-paste leaves behind, soft hyphens, and the bidirectional controls that would reorder
# what a reader sees (临颍县\u202e… shown backwards). No cell means anything by them.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# Whitespace of every kind, and the invisible characters above.
_SPACES = re.compile(f"(?:\\s|{INVISIBLE.pattern})+")
_MAX = r"(?:满分)?(\d+(?:\.\d+)?)分?"
_MAX_IN_HEADER = re.compile(r"[(\[【]" + _MAX + r"[)\]】]$|(?<![\d.])(\d+(?:\.\d+)?)分$")
_MAX_CELL = re.compile(r"^[(\[【]?" + _MAX + r"[)\]】]?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA")
"""Excel's error values, as the readers give them."""


def normalise_text(value: object) -> str:
    """NFKC-normalise a cell and remove every whitespace, control and invisible format character.

    Full-width digits, letters, points and brackets become their half-width forms, and
    stray spaces inside names disappear, as do zero-width and bidirectional controls (so no
    output shows a name reordered). Normalising twice gives the same text.

    >>> normalise_text(" 临 颍 县 ")
    '临颍县'
    >>> normalise_text("组织领导（１０分）")
    '组织领导(10分)'
    >>> normalise_text(None), normalise_text(88.0), normalise_text(7)
    ('', '88', '7')
    >>> normalise_text("临颍县\u202e\u200b\x1b")
    '临颍县'
    """
    if type(value) is str:  # most cells: the quickest test first
        return _normalise_str(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return _normalise_str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return _normalise_str(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _normalise_str(text: str) -> str:
    # Sheets repeat the same names and marks many times; each distinct text is folded once.
    # Removing a space can bring combining marks together (or NFKC can make a space), so
    # both steps repeat until nothing changes: normalising twice then equals once.
    while True:
        folded = _SPACES.sub("", unicodedata.normalize("NFKC", text))
        if folded == text:
            return folded
        text = folded


def parse_item_header(header: object) -> tuple[str, float] | None:
    """Split an item header into its name and maximum, or None if it carries no maximum.

    >>> parse_item_header("组织领导(10分)"), parse_item_header("组织领导（满分１０分）")
    (('组织领导', 10.0), ('组织领导', 10.0))
    >>> parse_item_header("公开内容 20分"), parse_item_header("总分")
    (('公开内容', 20.0), None)
    """
    text = normalise_text(header)
    match = _MAX_IN_HEADER.search(text)
    if not match or match.start() == 0:
        return None
    return text[: match.start()], float(match.group(1) or match.group(2))


def parse_maximum(cell: object) -> float | None:
    """A cell of a maxima row (``10分``, ``(10分)``, ``满分10``, ``10``) as a number.

    >>> parse_maximum("１０分"), parse_maximum(10), parse_maximum("满分20"), parse_maximum("组织领导")
    (10.0, 10.0, 20.0, None)
    """
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell) if cell > 0 else None
    match = _MAX_CELL.match(normalise_text(cell))
    return float(match.group(1)) if match else None


def parse_number(value: object) -> float | None:
    """A cell as a number, or None when it is not one (empty cells are NaN).

    Full-width digits and points are read; text, Excel error values and booleans are not
    numbers.

    >>> parse_number("９０．５"), parse_number(88), parse_number("")
    (90.5, 88.0, nan)
    >>> parse_number("#DIV/0!") is None, parse_number("九十") is None
    (True, True)
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
    if not _NUMBER.match(text):
        return None
    return float(text)


_PERCENT = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))%$")


def parse_score(value: object, maximum: float) -> float | None:
    """A score cell as points: a number, or a share of the item's maximum written as ``85.5%``.

    >>> parse_score("85.5%", 100.0), parse_score("50%", 20.0), parse_score("９０．５", 100.0)
    (85.5, 10.0, 90.5)
    >>> parse_score("良好", 20.0) is None
    True
    """
    match = _PERCENT.match(normalise_text(value)) if isinstance(value, str) else None
    if match:
        return float(Decimal(match.group(1)) * Decimal(repr(maximum)) / 100)
    return parse_number(value)


_DATE = re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$")


def parse_date(value: object) -> dt.date | None:
    """A date from a date cell or text such as ``2020.5.1``, ``2020/05/01``, ``2020年5月1日``.

    >>> parse_date("2020年5月1日"), parse_date("2020.13.1"), parse_date("五月")
    (datetime.date(2020, 5, 1), None, None)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(normalise_text(value))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def is_excel_error(value: object) -> bool:
    """True for a cell holding an Excel error value such as ``#DIV/0!``.

    >>> is_excel_error("#N/A"), is_excel_error("＃ＲＥＦ！"), is_excel_error("N/A")
    (True, True, False)
    """
    return isinstance(value, str) and normalise_text(value).upper() in EXCEL_ERRORS


def is_external_formula(value: object) -> bool:
    """True for a cell given as a formula that reads another workbook (``=[1]Sheet1!B2``).

    >>> [is_external_formula(f) for f in ("='[1]党务'!C3", "=SUM([2]表!A1:A3)", "=A1")]
    [True, True, False]
    """
    return isinstance(value, str) and value.startswith("=") and re.search(r"\[\d+\]", value) is not None


_QUOTES_AND_MARKS = re.compile(r"[\"'“”‘’「」『』《》()（）\[\]【】·、,，.。:：;；]")


def match_term(value: object, terms: list[str], synonyms: dict[str, list[str]] | None = None) -> str:
    """The one rules term (a rating, level or category) a cell means, else the cell as normalised.

    Terms and cells are compared without spaces, quotes and brackets. A cell means a term when
    it is the term or one of its ``synonyms`` (from the rules file); else when it contains the
    term (the longest, if only one is that long) or is part of only one term; else when it
    shares with only one term a piece of two characters or more that no other term has (省级通报批评
    → 省级及以上通报批评: 省级 is that term's own). Anything else — no term, or several — is returned
    unchanged, for the caller to report as unknown.

    >>> terms = ["国家级", "中央级", "省级", "市级"]
    >>> match_term("省级媒体", terms), match_term(" 市级 ", terms), match_term("县级", terms)
    ('省级', '市级', '县级')
    >>> match_term('违反"阳光三权"案件', ["市级通报批评", "违反“阳光三权”案件"])
    '违反“阳光三权”案件'
    >>> categories = ["市级通报批评", "省级及以上通报批评", "诫勉", "组织处理"]
    >>> match_term("省级通报批评", categories), match_term("诫勉谈话", categories)
    ('省级及以上通报批评', '诫勉')
    >>> match_term("通报批评", categories)  # which level? unknown
    '通报批评'
    >>> match_term("A", ["优秀", "良好", "一般"], {"优秀": ["A", "优"]})
    '优秀'
    """
    text = normalise_text(value)
    key = fold_term(text)
    if not key:
        return text
    folded = {t: fold_term(t) for t in terms}
    for term, fold in folded.items():
        if fold == key or key in {fold_term(s) for s in (synonyms or {}).get(term, ())}:
            return term
    inside = [t for t, f in folded.items() if f and f in key]
    longest = max((len(folded[t]) for t in inside), default=0)
    best = [t for t in inside if len(folded[t]) == longest]
    if len(best) == 1:
        return best[0]
    around = [t for t, f in folded.items() if key in f]
    if len(around) == 1:
        return around[0]
    return _by_own_part(key, folded) or text


def fold_term(text: object) -> str:
    """A term as compared: normalised, without quotes, brackets and punctuation.

    >>> fold_term('违反"阳光三权" 案件')
    '违反阳光三权案件'
    """
    return _QUOTES_AND_MARKS.sub("", normalise_text(text))


def _by_own_part(key: str, folded: dict[str, str]) -> str | None:
    """The one term whose own part the cell shares: the text the overlapping terms have in
    common (通报批评) is set aside, and what is left of the cell (省级) must share two characters
    or more with what is left of exactly one term (省级及以上), and nothing with the others'."""
    near = {t: f for t, f in folded.items() if _shared(key, f) >= 2}
    if not near:
        return None
    common = _common_piece([*near.values(), key]) if len(near) > 1 else ""
    rest = key.replace(common, "") if common else key
    left = {t: (f.replace(common, "") if common else f) for t, f in near.items()}
    shared = {t: _shared(rest, r) for t, r in left.items()}
    most = max(shared.values(), default=0)
    hits = [t for t, n in shared.items() if n == most]
    # Two characters at least, and at least half of what is left of the cell.
    return hits[0] if len(hits) == 1 and most >= max(2, (len(rest) + 1) // 2) else None


def _shared(a: str, b: str) -> int:
    """The length of the longest piece of text ``a`` and ``b`` share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _common_piece(texts: list[str]) -> str:
    """The longest piece of 2+ characters every text has ("" when none)."""
    first = min(texts, key=len)
    for size in range(len(first), 1, -1):
        for start in range(len(first) - size + 1):
            piece = first[start : start + size]
            if all(piece in t for t in texts):
                return piece
    return ""
