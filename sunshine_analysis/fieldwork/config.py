"""The fieldwork tables of the rules file (``[submissions]``, ``[supervision]``, ``[sampling]``).

The foundation's loader keeps these optional tables in :attr:`Rules.extra`; this module checks
their content and turns them into typed settings. Every error names the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sunshine_analysis.config.rules import Rules, RulesError
from sunshine_analysis.config.vocab import UNIT_KINDS

SUMMARY_COUNTS = ("non_whitespace",)
"""Supported ways of counting a work summary's characters (see :func:`count_characters`)."""

STRATA: dict[str, tuple[str, str]] = {
    "party_committee_departments": ("party", "党委部门"),
    "party_county_departments": ("party", "县直部门"),
    "approval_departments": ("gov", "县直部门（有行政审批职能）"),
    "service_centres": ("gov", "乡镇便民服务中心"),
    "townships": ("village", "乡镇"),
    "villages_per_township": ("village", "村（居）"),
}
"""The work plan's field strata (§四(二)), in draw order: key → (sector, Chinese name)."""

SHORT_FRAME_POLICIES = ("error", "take_all")


@dataclass(frozen=True)
class SubmissionRules:
    """``[submissions]``: the deadline and the work summaries' length limits."""

    deadline: dt.date
    summary_count: str
    summary_limits: dict[str, int]


@dataclass(frozen=True)
class SupervisionRules:
    """``[supervision]``: who may get a supervision notice (督办通知) and on what grounds."""

    unit_kinds: tuple[str, ...]
    not_done_share: Fraction
    unfinished_share: Fraction
    missing_status_table: bool


@dataclass(frozen=True)
class SamplingRules:
    """``[sampling]``: counts per stratum for each sampled unit kind, and the short-frame policy."""

    short_frame: str
    counts: dict[str, dict[str, int]]


def _table(rules: Rules, name: str) -> dict[str, Any]:
    table = rules.extra.get(name)
    if not isinstance(table, dict):
        raise RulesError(f"{rules.source}: 缺少表「[{name}]」（实地考评前的检查和抽样需要它）")
    return table


def _keys(rules: Rules, table: dict[str, Any], prefix: str, allowed: tuple[str, ...]) -> None:
    for key in table:
        if key not in allowed:
            raise RulesError(f"{rules.source}: 未知的键「{prefix}.{key}」")
    for key in allowed:
        if key not in table:
            raise RulesError(f"{rules.source}: 缺少键「{prefix}.{key}」")


def _count(rules: Rules, value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesError(f"{rules.source}: 「{key}」应为非负整数，发现 {value!r}")
    return value


def _share(rules: Rules, value: Any, key: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise RulesError(f"{rules.source}: 「{key}」应为 0 到 1 之间的比例，发现 {value!r}")
    # Decimal(str()) keeps 0.2 exactly 1/5, so a share of exactly 20% is never "above" it.
    return Fraction(Decimal(str(value)))


def _kinds(rules: Rules, kinds: Any, key: str) -> None:
    unknown = [k for k in kinds if k not in UNIT_KINDS]
    if unknown:
        raise RulesError(f"{rules.source}: 「{key}」有未知的单位类别 {unknown}，应为 {list(UNIT_KINDS)}")


def submission_rules(rules: Rules) -> SubmissionRules:
    """The checked ``[submissions]`` table.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> submission_rules(load_rules(year=2020)).summary_limits["zone"]
    3000
    """
    table = _table(rules, "submissions")
    _keys(rules, table, "submissions", ("deadline", "summary_count", "summary_limits"))
    deadline = table["deadline"]
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise RulesError(
            f"{rules.source}: 「submissions.deadline」应为日期，如 2020-06-15，发现 {deadline!r}"
        )
    if table["summary_count"] not in SUMMARY_COUNTS:
        raise RulesError(
            f"{rules.source}: 「submissions.summary_count」应为 {list(SUMMARY_COUNTS)} 之一，"
            f"发现 {table['summary_count']!r}"
        )
    limits = table["summary_limits"]
    if not isinstance(limits, dict):
        raise RulesError(f"{rules.source}: 「submissions.summary_limits」应为「单位类别 = 字数」表")
    _kinds(rules, limits, "submissions.summary_limits")
    missing = [k for k in UNIT_KINDS if k not in limits]
    if missing:
        raise RulesError(f"{rules.source}: 「submissions.summary_limits」缺少单位类别 {missing}")
    return SubmissionRules(
        deadline=deadline,
        summary_count=table["summary_count"],
        summary_limits={k: _count(rules, v, f"submissions.summary_limits.{k}") for k, v in limits.items()},
    )


def supervision_rules(rules: Rules) -> SupervisionRules:
    """The checked ``[supervision]`` table."""
    table = _table(rules, "supervision")
    _keys(
        rules,
        table,
        "supervision",
        ("unit_kinds", "not_done_share", "unfinished_share", "missing_status_table"),
    )
    kinds = table["unit_kinds"]
    if not isinstance(kinds, list) or not kinds:
        raise RulesError(f"{rules.source}: 「supervision.unit_kinds」应为非空的单位类别列表")
    _kinds(rules, kinds, "supervision.unit_kinds")
    if not isinstance(table["missing_status_table"], bool):
        raise RulesError(f"{rules.source}: 「supervision.missing_status_table」应为 true 或 false")
    return SupervisionRules(
        unit_kinds=tuple(kinds),
        not_done_share=_share(rules, table["not_done_share"], "supervision.not_done_share"),
        unfinished_share=_share(rules, table["unfinished_share"], "supervision.unfinished_share"),
        missing_status_table=table["missing_status_table"],
    )


def sampling_rules(rules: Rules) -> SamplingRules:
    """The checked ``[sampling]`` table: one sub-table of stratum counts per sampled unit kind.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> sampling_rules(load_rules(year=2020)).counts["county"]["villages_per_township"]
    3
    """
    table = _table(rules, "sampling")
    kinds = [k for k in table if k != "short_frame"]
    if "short_frame" not in table:
        raise RulesError(f"{rules.source}: 缺少键「sampling.short_frame」")
    if table["short_frame"] not in SHORT_FRAME_POLICIES:
        raise RulesError(
            f"{rules.source}: 「sampling.short_frame」应为 {list(SHORT_FRAME_POLICIES)} 之一，"
            f"发现 {table['short_frame']!r}"
        )
    if not kinds:
        raise RulesError(f"{rules.source}: 「[sampling]」应至少有一个单位类别的子表，如 [sampling.county]")
    _kinds(rules, kinds, "sampling")
    counts = {}
    for kind in kinds:
        sub = table[kind]
        if not isinstance(sub, dict):
            raise RulesError(f"{rules.source}: 「sampling.{kind}」应为表（table）")
        _keys(rules, sub, f"sampling.{kind}", tuple(STRATA))
        counts[kind] = {s: _count(rules, sub[s], f"sampling.{kind}.{s}") for s in STRATA}
    return SamplingRules(short_frame=table["short_frame"], counts=counts)
