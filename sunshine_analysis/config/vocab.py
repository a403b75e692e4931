"""The programme's fixed vocabulary: sector codes, unit kinds and their Chinese names.

These are names, not rule values: what counts, weighs or caps lives in the rules file.
"""

from __future__ import annotations

SECTORS: dict[str, str] = {
    "party": "阳光党务",
    "gov": "阳光政务",
    "judicial": "阳光司法",
    "village": "阳光村务",
    "livelihood": "阳光民生",
}
"""Sector code → Chinese name, in the work plan's order."""


UNIT_KINDS: dict[str, str] = {
    "county": "县区",
    "zone": "功能区",
    "party_dept": "市委部委",
    "gov_dept": "市直单位",
    "people_org": "人民团体",
}
"""Unit kind code → the registry's Chinese category."""


SECRET_MARK = "考评工作秘密"
"""The mark on every output for the office only (rater detail, the field plan, the reports)."""

LABELS: dict[str, str] = {
    "unit_id": "单位编号",
    "unit_name": "单位",
    "unit_kind": "类别",
    "rank_group": "排名组",
    "sector": "板块",
    "item": "评分项目",
    "max_score": "满分",
    "score": "得分",
    "lost": "失分",
    "n_sectors": "参加板块数",
    "sector_mean": "板块平均分",
    "publicity_bonus": "信息宣传加分",
    "deduction": "扣分",
    "composite": "综合得分",
    "rank": "名次",
    "grade": "等次",
    "base_score": "基础得分",
    "innovation_bonus": "创新加分",
    "sector_score": "单项得分",
    "date": "日期",
    "note": "说明",
}
"""Column → its Chinese label in every table a reader sees (reports, workbooks, briefs)."""

SUMMARY_HEADINGS: dict[str, tuple[str, ...]] = {
    "problem": ("存在问题", "存在的问题", "问题和不足", "问题与不足", "不足", "短板", "差距", "薄弱", "困难"),
    "highlight": ("创新", "亮点", "特色", "成效", "经验"),
    "plan": ("下一步", "打算", "计划", "思路", "努力方向"),
}
"""Words by which a work summary's heading announces its section: problems (存在问题), highlights
(创新亮点) or plans (下一步打算). A heading is of the first kind, in this order, whose word it
contains (「存在的问题及下一步打算」 is a problem heading); plain 问题 is no marker, as headings of
practice use it too (坚持问题导向). This is how summaries are written, not an evaluation rule, so
it lives here rather than in the rules file."""

PLAN_OPENERS = ("下一步", "今后", "接下来")
"""Sentence openings that turn the rest of a problem or highlight section into plans."""
