"""Which sector a score sheet scores, when its file name, sheet name and titles do not say.

A person reading such a sheet looks at what is scored and who: items such as 厘权、履权、监权
belong to 阳光村务; a sheet that scores 市委组织部, a unit that takes part in 阳光党务 alone, can
only be a 阳光党务 sheet; and when one sector of the registry is left unscored and one sheet is
left unplaced, that sheet is the sector's. :func:`infer_sectors` reasons the same way, in that
order, and says which reason decided (the manifest's note); when none decides, the sheet is
reported with the sectors it could be.
"""

from __future__ import annotations

from dataclasses import dataclass

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest.layout import Header

# Words of item and column names that belong to one sector (docs/domain.md §2, the work plan).
SECTOR_HINTS: dict[str, tuple[str, ...]] = {
    "party": ("党务", "党员", "党组织", "党建"),
    "gov": ("政务", "行政审批", "便民服务", "12345", "权责清单"),
    "judicial": ("司法", "审务", "检务", "审判", "检察", "法院", "立案", "执行公开"),
    "village": ("村务", "厘权", "履权", "监权", "三权", "村级", "村民"),
    "livelihood": ("民生", "惠民", "救助"),
}


@dataclass(frozen=True)
class Placement:
    """The sector found for one sheet: the code (None when undecided), why, or the candidates."""

    sector: str | None
    note: str = ""
    candidates: tuple[str, ...] = ()


def sector_of_items(header: Header) -> tuple[str | None, str]:
    """The one sector the sheet's column names point at, with the words that did.

    >>> from sunshine_analysis.ingest.layout import find_header
    >>> sector_of_items(find_header([["单位", "厘权(20分)", "履权(30分)", "监权(30分)", "群众评价(20分)"]]))
    ('village', '厘权、履权、监权')
    """
    found: dict[str, list[str]] = {}
    for column in header.columns:
        for code, words in SECTOR_HINTS.items():
            if any(w in column for w in words):
                found.setdefault(code, []).append(column)
    if len(found) != 1:
        return None, ""
    code, columns = found.popitem()
    return code, "、".join(columns)


def infer_sectors(
    sheets: dict[str, tuple[Header, set[str]]],
    placed: dict[str, str],
    participation: dict[str, set[str]],
) -> dict[str, Placement]:
    """Place the score sheets whose names do not say their sector.

    Args:
        sheets: Sheet label → its header and the unit_ids it scores (sheets to place).
        placed: Sheet label → sector, for the sheets already placed by their names.
        participation: unit_id → the sectors it takes part in (the registry).

    Returns:
        Sheet label → its placement.
    """
    out: dict[str, Placement] = {}
    for label, (header, units) in sheets.items():
        code, words = sector_of_items(header)
        if code:
            out[label] = Placement(code, f"板块由评分项目名称判断（{words}）")
            continue
        possible = [c for c in SECTORS if units and all(c in participation.get(u, set()) for u in units)]
        if len(possible) == 1:
            out[label] = Placement(possible[0], "板块由所评单位判断：这些单位只共同参加这一个板块")
            continue
        out[label] = Placement(None, candidates=tuple(possible or SECTORS))
    # By elimination: a sector no sheet scores, and one sheet left that could be it.
    scored = set(placed.values()) | {p.sector for p in out.values() if p.sector}
    open_labels = [label for label, p in out.items() if p.sector is None]
    for label in open_labels:
        left = [c for c in out[label].candidates if c not in scored]
        rivals = [o for o in open_labels if o != label and set(left) & set(out[o].candidates)]
        if len(left) == 1 and not rivals:
            out[label] = Placement(left[0], "板块按排除法判断：一览表中只有这个板块没有其他评分表")
            scored.add(left[0])
    return out
