"""The June review's tables of the rules file (``[review]``, ``[field_visits]``).

Checked as the fieldwork tables are (:mod:`sunshine_analysis.fieldwork.config`): every error
names the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sunshine_analysis.config.rules import Rules, RulesError
from sunshine_analysis.fieldwork.config import _count, _keys, _share, _table


@dataclass(frozen=True)
class ReviewRules:
    """``[review]``: the problem themes of the digest and how many units make one recurring."""

    problem_themes: dict[str, tuple[str, ...]]
    recurring_min_units: int


@dataclass(frozen=True)
class FieldVisitRules:
    """``[field_visits]``: the criteria of the key departments list (重点部门（单位）名单)."""

    supervision_notice: bool
    ledger_completion_below: Fraction
    innovation_ratings: tuple[str, ...]
    last_year_grades: tuple[str, ...]


def _words(rules: Rules, value: Any, key: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """A list of words; of ``allowed`` ones (and then possibly empty: the criterion is off)."""
    empty = isinstance(value, list) and not value and allowed is not None
    if (
        not isinstance(value, list)
        or not (value or empty)
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise RulesError(f'{rules.source}: 「{key}」应为非空的文字列表，如 ["台账"]，发现 {value!r}')
    if allowed is not None:
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise RulesError(f"{rules.source}: 「{key}」有未知的值 {unknown}，应为 {list(allowed)} 中的")
    return tuple(value)


def review_rules(rules: Rules) -> ReviewRules:
    """The checked ``[review]`` table.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> review_rules(load_rules(year=2020)).problem_themes["台账资料不规范"]
    ('台账',)
    """
    table = _table(rules, "review")
    _keys(rules, table, "review", ("recurring_min_units", "problem_themes"))
    themes = table["problem_themes"]
    if not isinstance(themes, dict) or not themes:
        raise RulesError(f"{rules.source}: 「review.problem_themes」应为「主题 = [词, …]」表，且不能为空")
    minimum = _count(rules, table["recurring_min_units"], "review.recurring_min_units")
    if minimum < 1:
        raise RulesError(f"{rules.source}: 「review.recurring_min_units」应至少为 1，发现 {minimum}")
    return ReviewRules(
        problem_themes={
            str(name): _words(rules, words, f"review.problem_themes.{name}") for name, words in themes.items()
        },
        recurring_min_units=minimum,
    )


def field_visit_rules(rules: Rules) -> FieldVisitRules:
    """The checked ``[field_visits]`` table.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> field_visit_rules(load_rules(year=2020)).last_year_grades
    ('差',)
    """
    table = _table(rules, "field_visits")
    _keys(
        rules,
        table,
        "field_visits",
        ("supervision_notice", "ledger_completion_below", "innovation_ratings", "last_year_grades"),
    )
    if not isinstance(table["supervision_notice"], bool):
        raise RulesError(f"{rules.source}: 「field_visits.supervision_notice」应为 true 或 false")
    return FieldVisitRules(
        supervision_notice=table["supervision_notice"],
        ledger_completion_below=_share(
            rules, table["ledger_completion_below"], "field_visits.ledger_completion_below"
        ),
        innovation_ratings=_words(
            rules,
            table["innovation_ratings"],
            "field_visits.innovation_ratings",
            tuple(rules.innovation_bonus),
        ),
        last_year_grades=_words(
            rules,
            table["last_year_grades"],
            "field_visits.last_year_grades",
            tuple(g.name for g in rules.grades),
        ),
    )
