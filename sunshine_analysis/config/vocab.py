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

SECTOR_BY_NAME: dict[str, str] = {name: code for code, name in SECTORS.items()}

UNIT_KINDS: dict[str, str] = {
    "county": "县区",
    "zone": "功能区",
    "party_dept": "市委部委",
    "gov_dept": "市直单位",
    "people_org": "人民团体",
}
"""Unit kind code → the registry's Chinese category."""

UNIT_KIND_BY_NAME: dict[str, str] = {name: code for code, name in UNIT_KINDS.items()}

EXEMPT_MARKS: tuple[str, ...] = ("免考", "不参加")
"""Marks in a score sheet that exempt a unit from a sector."""
