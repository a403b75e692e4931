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
