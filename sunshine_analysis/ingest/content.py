"""Roles by content: what a column holds, told from its cells where its header does not say.

A header such as 情况, 备注一, 结果 or 列2 names no field; a person still reads the column at
a glance from what is in it. So does this module, for the columns whose header gave no role
(or only 备注): cells that are all publicity levels, innovation ratings or deduction
categories of the rules file make that field; all dates a date column; all document numbers
(漯办〔2020〕12号) a 文号 column; all sector names the sector column; all scores within
[0, the sector maximum] (with 免考 or — allowed) the total of a two-column score sheet. When
the list's title (or a deduction's reason) is still missing, the one column of free text left
is it. A role is given only when exactly one column can hold it; two columns that could are
left alone, so nothing is ever read by a guess between them. Every role found so is returned
as a :class:`Reading`, for the manifest to say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.ingest.layout import Header, sector_code
from sunshine_analysis.ingest.lists import LIST_HEADERS
from sunshine_analysis.ingest.normalise import fold_term, match_term, normalise_text, parse_date, parse_score
from sunshine_analysis.ingest.scoresheet import EXEMPT_MARKS, NO_SCORE_MARKS

WEAK_FIELDS = (None, "remark")
"""Header roles the cells may override: none at all, or 备注 (a catch-all column)."""
JUNE_FIELDS = ("ledger_item", "state", "rectified", "material", "submitted", "frame_type")
"""Fields only June's tables have: in a list (levels, ratings or categories found) a column
headed 事项 or 类型 is read by its cells too."""
LIST_ONLY = ("title", "rating", "level", "deduction_category", "doc_no", "reason")
"""Fields of the lists: a sheet holding any of them is no score sheet, so no column is its total."""
# A document number: an issuing mark, the year in brackets, a serial and 号 (漯办〔2020〕12号).
_DOC_NO = re.compile(r"^\D{0,12}[〔\[(【]\s*(19|20)\d{2}\s*[〕\])】]\s*\d+\s*号$")
ROLE_NAMES = {**LIST_HEADERS, "unit": "单位", "total": "得分"}
"""How a reading names the role it gave."""
_TEXT_RATIO = 1.5
"""Of two free-text columns, the longer (on average) is the title only if it is this much longer."""


@dataclass(frozen=True)
class Vocabulary:
    """The terms the cells of a list are matched against, from the year's rules file."""

    terms: Mapping[str, tuple[str, ...]]
    synonyms: Mapping[str, list[str]]
    sector_max: float

    @classmethod
    def of(cls, rules: Rules) -> Vocabulary:
        """The vocabulary of one year's rules: ratings, levels, categories and their synonyms."""
        return cls(
            terms={
                "rating": tuple(rules.innovation_bonus),
                "level": tuple(rules.publicity_points),
                "deduction_category": tuple(rules.deduction_points),
            },
            synonyms={term: list(words) for term, words in rules.synonyms.items()},
            sector_max=float(rules.sector_max),
        )


@dataclass(frozen=True)
class Reading:
    """One column's role, read from its cells.

    Attributes:
        column: The column's header text.
        field: The canonical field given to it.
        why: What in its cells tells it (Chinese, for the manifest).
    """

    column: str
    field: str
    why: str

    def __str__(self) -> str:
        return f"「{self.column}」列读作{ROLE_NAMES[self.field]}（{self.why}）"


def read_roles(
    header: Header, records: list[list[object]], vocabulary: Vocabulary
) -> tuple[Header, list[Reading], list[str]]:
    """Give the columns whose header named no field the role their cells show.

    Args:
        header: The sheet's header block.
        records: Its data rows (:func:`~.tables.data_rows`).
        vocabulary: The rules' terms.

    Returns:
        The header with those roles filled in, one :class:`Reading` per role given, and the
        doubts: each role that several columns could hold, naming them (Chinese).
    """
    fields = list(header.fields)
    raters = header.rater_columns()
    loose = [
        i
        for i, (name, f, m) in enumerate(zip(header.columns, fields, header.maxima, strict=True))
        if f in (*WEAK_FIELDS, *JUNE_FIELDS) and m is None and name not in raters
    ]
    cells = {i: [r[i] for r in records if i < len(r) and normalise_text(r[i])] for i in loose}
    roles = {i: _role(cells[i], vocabulary) if cells[i] else None for i in loose}
    is_list = any(f in LIST_ONLY for f in fields) or any(r and r[0] in LIST_ONLY for r in roles.values())
    claims: dict[str, list[tuple[int, str]]] = {}
    for i, role in roles.items():
        if role and (fields[i] in WEAK_FIELDS or is_list):
            claims.setdefault(role[0], []).append((i, role[1]))
    present = {f for i, f in enumerate(fields) if f not in WEAK_FIELDS and not (is_list and i in roles)}
    readings, doubts = [], []
    for field, found in claims.items():
        if field == "text" or field in present:
            continue
        if field == "total" and (is_list or header.items() or raters):
            continue
        if len(found) != 1:
            named = "".join(f"「{header.columns[i]}」" for i, _ in found)
            doubts.append(f"{named}都可能是{ROLE_NAMES[field]}（{found[0][1]}）")
            continue
        i, why = found[0]
        fields[i] = field
        readings.append(Reading(header.columns[i], field, why))
    wanted = _free_text_field({f for f in fields if f})
    texts = [i for i, _ in claims.get("text", ()) if fields[i] in (*WEAK_FIELDS, *JUNE_FIELDS)]
    chosen = _longest(texts, cells) if wanted else None
    if chosen is not None:
        fields[chosen] = wanted
        readings.append(Reading(header.columns[chosen], wanted, "其余的文字列"))
    elif wanted and texts:
        named = "".join(f"「{header.columns[i]}」" for i in texts)
        doubts.append(f"{named}都可能是{ROLE_NAMES[wanted]}（文字列，长短相近）")
    return replace(header, fields=tuple(fields)), readings, doubts


def _role(cells: list[object], vocabulary: Vocabulary) -> tuple[str, str] | None:
    """The field every one of a column's (non-empty) cells fits, with why; ``text`` for free text."""
    texts = [normalise_text(c) for c in cells]
    if _is_serial(cells):
        return None
    if all(parse_date(c) is not None for c in cells):
        return "date", "均为日期"
    if all(_DOC_NO.match(t) for t in texts):
        return "doc_no", "均为文号"
    if all(sector_code(t) for t in texts):
        return "sector_name", "均为板块名称"
    terms = _terms(texts, vocabulary)
    if terms:
        return terms
    if _are_scores(cells, vocabulary.sector_max):
        return "total", f"均为 0～{vocabulary.sector_max:g} 的分数"
    if not any(isinstance(c, int | float) for c in cells):
        return "text", ""
    return None


def _terms(texts: list[str], vocabulary: Vocabulary) -> tuple[str, str] | None:
    """The one vocabulary every cell is a term of; where cells fit two (市级 is a level and part
    of 市级通报批评), the one that more of them spell exactly, if there is one."""
    fits = {}
    for field, terms in vocabulary.terms.items():
        matched = [match_term(t, list(terms), dict(vocabulary.synonyms)) for t in texts]
        if all(m in terms for m in matched):
            fits[field] = sum(fold_term(t) == fold_term(m) for t, m in zip(texts, matched, strict=True))
    if not fits:
        return None
    best = max(fits.values())
    top = [f for f, exact in fits.items() if exact == best]
    if len(top) != 1:
        return None
    field = top[0]
    return field, f"均为评分细则中的{ROLE_NAMES[field]}"


def _are_scores(cells: list[object], maximum: float) -> bool:
    numbers = 0
    for c in cells:
        text = normalise_text(c)
        if text in NO_SCORE_MARKS or any(m in text for m in EXEMPT_MARKS):
            continue
        value = parse_score(c, maximum)
        if value is None or value != value or not 0 <= value <= maximum:
            return False
        numbers += 1
    return numbers > 0


def _is_serial(cells: list[object]) -> bool:
    """1, 2, 3 … down the column: a 序号 column without its header."""
    try:
        numbers = [Fraction(normalise_text(c)) for c in cells]
    except (ValueError, ZeroDivisionError):
        return False
    return len(numbers) > 1 and numbers == list(range(1, len(numbers) + 1))


def _free_text_field(fields: set[str]) -> str | None:
    """The free-text field a list still lacks: its title, or a deduction's reason."""
    if fields & {"rating", "level"} and "title" not in fields:
        return "title"
    if "deduction_category" in fields and "reason" not in fields:
        return "reason"
    return None


def _longest(columns: list[int], cells: dict[int, list[object]]) -> int | None:
    """The one free-text column, or of several the clearly longest on average; else None."""
    if len(columns) <= 1:
        return columns[0] if columns else None
    lengths = sorted(
        ((sum(len(normalise_text(c)) for c in cells[i]) / len(cells[i]), i) for i in columns), reverse=True
    )
    (first, i), (second, _) = lengths[0], lengths[1]
    return i if first >= _TEXT_RATIO * second else None
