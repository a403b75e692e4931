"""Parse the unit registry (一览表): names, categories, sectors taken part in, aliases."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pandas as pd
from pypinyin import lazy_pinyin, load_phrases_dict

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS, UNIT_KINDS
from sunshine_analysis.ingest.layout import (
    Header,
    sector_of_header,
)
from sunshine_analysis.ingest.normalise import normalise_text
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.ingest.tables import read_table
from sunshine_analysis.problems import Problems, offending_rows

PARTICIPATION_MARKS = {"√", "✓", "✔", "☑", "○", "●", "是", "Y", "y", "1", "参加", "有"}


ABSENCE_MARKS = {"", "×", "✗", "✘", "否", "N", "n", "0", "-", "—", "/", "无", "不参加"}


CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "county": ("县区", "县(区)", "县(市、区)", "县市区", "县、区", "县/区"),
    "zone": ("功能区", "开发区", "功能区(开发区)"),
    "party_dept": ("市委部委", "市委部门", "市委工作部门", "市委部委局"),
    "gov_dept": ("市直单位", "市直部门", "市直机关", "市政府部门", "政府部门", "市直"),
    "people_org": ("人民团体", "群团组织", "群团", "群团单位"),
}


_CATEGORY = {text: code for code, texts in CATEGORY_SYNONYMS.items() for text in texts}


@cache
def _teach_place_names() -> None:
    # pypinyin reads 漯 as tà; in the city's name it is luò.
    load_phrases_dict({"漯河": [["luò"], ["hé"]]})


@lru_cache(maxsize=4096)
def unit_slug(name: str) -> str:
    """A stable ASCII id for a canonical unit name (its pinyin).

    >>> unit_slug("临颍县"), unit_slug("市委组织部"), unit_slug("漯河市中级人民法院")
    ('linyingxian', 'shiweizuzhibu', 'luoheshizhongjirenminfayuan')
    """
    _teach_place_names()
    syllables = lazy_pinyin(normalise_text(name), errors=lambda s: [c for c in s if c.isalnum()])
    return re.sub(r"[^a-z0-9]+", "", "".join(syllables).lower()) or "unit"


def unit_kind_of(category: object) -> str | None:
    """The unit kind code of a registry category (with synonyms).

    >>> unit_kind_of("县（区）"), unit_kind_of("市直机关"), unit_kind_of("其他")
    ('county', 'gov_dept', None)
    """
    return _CATEGORY.get(normalise_text(category))


def split_aliases(cell: object) -> list[str]:
    """The other spellings in an alias cell, split on 、，,;；/／| and spaces.

    >>> split_aliases("临颍／漯河市临颍县"), split_aliases("市法院 中院"), split_aliases("舞阳；漯河市舞阳县")
    (['临颍', '漯河市临颍县'], ['市法院', '中院'], ['舞阳', '漯河市舞阳县'])
    """
    text = cell.strip() if isinstance(cell, str) else "" if cell is None else str(cell)
    parts = re.split(r"[、，,;；/／|｜\s\u3000]+", text)
    return [name for name in (normalise_text(p) for p in parts) if name]


def parse_registry(sheet: Sheet, header: Header | int, rules: Rules, problems: Problems) -> pd.DataFrame:
    """The registry: one row per unit with its kind, rank group, sectors and aliases."""
    table, header, _ = read_table(sheet, header)
    file, where = str(sheet.file), {"sheet": sheet.name}
    name_col, cat_col, alias_col = (header.column(f) for f in ("unit", "category", "alias"))
    sector_cols = {sector_of_header(c): c for c in header.columns if sector_of_header(c)}
    rows = []
    for r in table.to_dict("records"):
        row = r["source_row"]
        name = normalise_text(r[name_col])
        kind = unit_kind_of(r[cat_col])
        if not name:
            problems.add(file, "单位名称为空", row=row, column=name_col, **where)
            continue
        if kind is None:
            problems.add(
                file,
                "单位类别无法识别",
                row=row,
                column=cat_col,
                found=str(r[cat_col] or "（空）"),
                expected="、".join(UNIT_KINDS.values()),
                **where,
            )
            continue
        sectors = []
        for code in SECTORS:
            mark = normalise_text(r[sector_cols[code]]) if code in sector_cols else ""
            if mark in PARTICIPATION_MARKS:
                sectors.append(code)
            elif mark not in ABSENCE_MARKS:
                problems.add(
                    file,
                    "参加板块的标记无法识别",
                    row=row,
                    column=sector_cols[code],
                    found=mark,
                    expected="√（参加）或留空（不参加）",
                    **where,
                )
        aliases = split_aliases(r[alias_col]) if alias_col else []
        rows.append(
            {
                "unit_name": name,
                "unit_kind": kind,
                "rank_group": rules.rank_group_of(kind),
                "sectors": ";".join(sectors),
                "aliases": aliases,
                "source_row": row,
            }
        )
    units = pd.DataFrame(
        rows, columns=["unit_name", "unit_kind", "rank_group", "sectors", "aliases", "source_row"]
    )
    slugs = units["unit_name"].map(unit_slug)
    # Homophones share a slug; the later ones get a numeric suffix, in registry order.
    dup = slugs.groupby(slugs).cumcount()
    units.insert(0, "unit_id", slugs.where(dup == 0, slugs + (dup + 1).astype(str)))
    for r in offending_rows(units[units["unit_name"].duplicated()]):
        problems.add(
            file,
            "单位名称重复",
            row=r.source_row,
            column=name_col,
            found=r.unit_name,
            expected="每个单位只列一次",
            **where,
        )
    return units
