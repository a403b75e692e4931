"""Find the table in a sheet: title rows, a header block of one to three rows, the data below.

Real sheets put a merged title and blank rows above the header, spread the header over two
rows (a group cell such as 阳光党务 or 考评项目 over the item headers), give item maxima in
the header text (``组织领导(10分)``) or in a row of their own (``10分`` or just 10), and use
many synonyms for the same column. This module turns that into one :class:`Header`: a
canonical field per column, the item maxima, and the rows the data starts after.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sunshine_analysis.ingest.normalise import normalise_text, parse_item_header, parse_maximum
from sunshine_analysis.ingest.read import Sheet

HEADER_SEARCH_ROWS = 20
MAX_HEADER_ROWS = 3

# Canonical field → accepted header texts (already normalised: NFKC, no spaces).
FIELDS: dict[str, tuple[str, ...]] = {
    "serial": ("序号", "编号", "序", "No.", "NO."),
    "unit": (
        "单位名称",
        "被考评单位",
        "单位",
        "被考核单位",
        "考评单位",
        "被考评单位名称",
        "被考核单位名称",
        "被评单位",
        "参评单位",
        "单位(部门)",
        "部门名称",
        "县区",
        "县(区)",
        "县(市、区)",
        "县市区",
    ),
    "sub_unit": (
        "抽查单位",
        "抽查村",
        "抽查对象",
        "被抽查单位",
        "抽查村(居)",
        "抽查村(社区)",
        "抽查乡镇",
        "抽查部门",
        "抽查点",
        "抽样单位",
        "抽查单位名称",
        "村(居)",
        "村(社区)",
    ),
    "rater": ("评分人", "考评组成员", "评委", "打分人", "考评人", "考评人员", "评分人员", "评分专家"),
    "total": (
        "总分",
        "得分",
        "考评得分",
        "合计",
        "总得分",
        "合计得分",
        "得分合计",
        "考核得分",
        "总计",
        "分数",
        "评分",
        "成绩",
        "最终得分",
        "实得分",
        "考评分",
        "小计",
    ),
    "remark": ("备注", "说明", "备注说明"),
    "category": ("类别", "单位类别", "单位类型", "分类", "所属类别"),
    "alias": ("别名", "简称", "其他名称", "曾用名", "别称"),
    "title": ("成果名称", "创新成果名称", "创新成果", "项目名称", "信息标题", "标题", "稿件标题", "信息名称"),
    "rating": ("评定等次", "等次", "评定等级", "等级", "评定结果", "考评结果"),
    "sector_name": ("所属板块", "板块", "所属领域"),
    "level": ("采用级别", "级别", "采用层级"),
    "outlet": ("采用媒体", "媒体", "刊物", "采用媒体(刊物)", "采用单位"),
    "date": ("采用日期", "日期", "刊发日期", "通报日期", "时间", "发文日期"),
    "deduction_category": ("扣分类别", "扣分类型", "问责类型", "扣分事项类别"),
    "doc_no": ("文号", "通报文号", "发文文号"),
    "reason": ("事由", "原因", "扣分事由", "扣分原因"),
    "material": ("材料", "材料名称", "报送材料"),
    "submitted": ("报送日期", "报送时间", "提交日期", "报送时间(日期)"),
    "ledger_item": ("台账事项", "台账内容", "事项"),
    "state": ("完成情况", "完成状态", "进展情况"),
    "rectified": ("整改情况", "整改落实情况", "整改结果"),
    "frame_type": ("类型",),
    "township": ("所属乡镇", "乡镇", "所属乡镇(街道)", "乡镇(街道)"),
    "approval": ("行政审批职能",),
    "service_centre": ("便民服务中心",),
}
_FIELD_OF = {text: field for field, texts in FIELDS.items() for text in texts}

# A header that is none of the texts above names a field by a keyword in it: 考评对象 and
# 部门名称 are unit columns, 媒体级别 a level, 简称/别名 aliases. The more specific rules come
# first (评分人 before 评分, 扣分类别 before 类别, 抽查单位 and 采用单位 before 单位). Only
# short headers without a maximum are read this way: a long cell is data, an item is an item.
FIELD_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(pattern))
    for field, pattern in (
        ("rater", r"评委|评分人|打分人|考评人|考评组|评审人|评审专家|评议人"),
        ("sub_unit", r"抽查|抽样|抽取|^村(居|庄|名|名称|\(居\)|\(社区\))?$|^社区(名称)?$"),
        ("township", r"乡镇|乡\(镇\)|街道|^乡$|^镇$"),
        ("deduction_category", r"扣分类|扣分事项|问责类|问责方式|处理类型|通报类"),
        ("doc_no", r"文号|文件号|发文字号"),
        ("reason", r"事由|原因|情形|问题描述|具体问题"),
        ("title", r"标题|题目|成果|项目名称|稿件|信息名称|篇名"),
        ("rating", r"等次|等级|评定|评价结果|考评结果|评审结果"),
        ("level", r"级别|层级|层次"),
        ("outlet", r"媒体|刊物|报刊|媒介|平台|载体|刊发单位|采用单位"),
        ("submitted", r"报送(日期|时间)|提交(日期|时间)"),
        ("date", r"日期|时间|年月"),
        ("material", r"材料"),
        ("ledger_item", r"台账"),
        ("rectified", r"整改"),
        ("state", r"完成情况|完成状态|进展|进度"),
        ("alias", r"简称|别名|别称|又称|曾用名|其他名称|其它名称"),
        ("category", r"类别|类型|分类|性质"),
        ("sector_name", r"板块|领域"),
        ("remark", r"备注|说明"),
        ("total", r"得分|总分|合计|分数|评分|成绩|总计"),
        ("unit", r"单位|对象|部门|县区|县\(区\)|县\(市|区县|县市|名称|机关"),
    )
)
KEYWORD_HEADER_LENGTH = 10
"""Headers longer than this are not read by keyword: a long cell is a title or data."""

# Sector names in headers, file names and titles; the longest forms are tried first.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "party": ("阳光党务", "党务公开", "党务"),
    "gov": ("阳光政务", "政务公开", "政务服务", "政务"),
    "judicial": ("阳光司法", "司法公开", "司法"),
    "village": ("阳光村务", "村务公开", "村务"),
    "livelihood": ("阳光民生", "民生公开", "民生"),
}
_SECTOR_OF_WORD = {word: code for code, words in SECTOR_WORDS.items() for word in words}
assert len(_SECTOR_OF_WORD) == sum(map(len, SECTOR_WORDS.values())), "a sector word names one sector"
NOTE_ROW_MARKS = ("注", "备注:", "说明:", "填表人", "审核人", "制表人", "联系人", "填报人", "负责人", "签字")
SUMMARY_ROW_MARKS = ("合计", "总计", "平均", "小计", "平均分")
MAXIMA_LABELS = ("分值", "满分", "标准分", "分数", "满分值", "权重")
"""Labels of a row of item maxima, written where the unit name would be."""
# A rater's own column: 评委1, 评分人A, 考评人员（一）… each holding that rater's total.
_RATER_COLUMN = re.compile(
    "^(?:"
    + "|".join(sorted(FIELDS["rater"], key=len, reverse=True))
    + r")\(?(?:\d+|[A-Za-z]|[一二三四五六七八九十]+|[甲乙丙丁戊己庚辛])\)?$"
)


@functools.lru_cache(maxsize=1 << 14)
def field_of(header: str, *, keywords: bool = True) -> str | None:
    """The canonical field of a (normalised) header text, or None.

    An exact header text decides first; else, with ``keywords``, the first keyword rule the
    header matches (:data:`FIELD_KEYWORDS`).

    >>> field_of("被考评单位"), field_of("考评得分"), field_of("组织领导")
    ('unit', 'total', None)
    >>> field_of("考评对象"), field_of("媒体级别"), field_of("简称/别名"), field_of("评分人员名单")
    ('unit', 'level', 'alias', 'rater')
    """
    text = header.rstrip(":：")
    exact = _FIELD_OF.get(header) or _FIELD_OF.get(text)
    # 评委1, 评分人C: one rater's own column of totals, not a column of raters' names.
    if exact or not keywords or not text or len(text) > KEYWORD_HEADER_LENGTH or _RATER_COLUMN.match(text):
        return exact
    return next((field for field, pattern in FIELD_KEYWORDS if pattern.search(text)), None)


def sector_of_header(header: str) -> str | None:
    """The sector a registry column header names (``阳光党务``, ``党务公开``, ``党务``)."""
    return _SECTOR_OF_WORD.get(header)


def sector_code(value: object) -> str | None:
    """The one sector a cell names (a code, ``阳光党务``, ``党务``), or None when it names none or several.

    >>> sector_code("阳光村务"), sector_code(" 村务 "), sector_code("gov"), sector_code("党务、村务")
    ('village', 'village', 'gov', None)
    """
    text = normalise_text(value)
    if text in SECTOR_WORDS:
        return text
    found = sectors_named(text)
    return found.pop() if len(found) == 1 else None


def sectors_named(text: str) -> set[str]:
    """The sectors a file name or title names, using the most specific form found.

    >>> sorted(sectors_named("阳光党务考评得分汇总表（市委组织部报）"))
    ['party']
    >>> sorted(sectors_named("政务公开考评表（市司法局报）")), sorted(sectors_named("政务"))
    (['gov'], ['gov'])
    """
    for depth in range(max(len(words) for words in SECTOR_WORDS.values())):
        found = {code for code, words in SECTOR_WORDS.items() if len(words) > depth and words[depth] in text}
        if found:
            return found
    return set()


@dataclass(frozen=True)
class Header:
    """The header block of a sheet.

    Attributes:
        first_row: 0-based index of the block's first row (rows above are titles).
        last_row: 0-based index of its last row; data starts below it.
        columns: One unique, normalised name per column (the item name without its maximum).
        fields: The canonical field of each column (``unit``, ``total``, …) or None.
        maxima: The maximum of each item column, else None.
        groups: The group cell above each column (``阳光党务``, ``考评项目``) or "".
        titles: The normalised texts of the rows above the block.
    """

    first_row: int
    last_row: int
    columns: tuple[str, ...]
    fields: tuple[str | None, ...]
    maxima: tuple[float | None, ...]
    groups: tuple[str, ...]
    titles: tuple[str, ...]

    def column(self, field: str) -> str | None:
        """The first column holding a canonical field, or None."""
        for name, f in zip(self.columns, self.fields, strict=True):
            if f == field:
                return name
        return None

    def items(self) -> dict[str, float]:
        """Item columns → their maximum (columns with a maximum that are no known field or rater)."""
        return dict(self._items)

    def rater_columns(self) -> dict[str, float | None]:
        """Columns that each hold one rater's total → their maximum where the header gives one.

        A rater column is named like ``评委1`` or ``评分人A``, or sits under a group cell
        naming raters (``评分人`` over 张三, 李四 …); its maximum comes from its own text or
        the group's (``评分人(100分)``).
        """
        return dict(self._raters)

    # Both are asked for many times per sheet; a frozen dataclass can still cache them.
    @functools.cached_property
    def _items(self) -> dict[str, float]:
        return {
            c: m
            for c, f, m in zip(self.columns, self.fields, self.maxima, strict=True)
            if m is not None and f is None and c not in self._raters
        }

    @functools.cached_property
    def _raters(self) -> dict[str, float | None]:
        found: dict[str, float | None] = {}
        for c, f, m, g in zip(self.columns, self.fields, self.maxima, self.groups, strict=True):
            group = parse_item_header(g)
            if f is None and (field_of(group[0] if group else g) == "rater" or _RATER_COLUMN.match(c)):
                found[c] = m if m is not None else (group[1] if group else None)
        return found


def filled_rows(sheet: Sheet) -> list[list[object]]:
    """The sheet's grid with each merged range's value copied into every cell of the range."""
    if not sheet.merged:
        return sheet.rows
    if "filled" not in sheet.memo:
        sheet.memo["filled"] = _filled(sheet)
    return sheet.memo["filled"]


def _filled(sheet: Sheet) -> list[list[object]]:
    rows = [list(r) for r in sheet.rows]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value
    return rows


def find_header(rows: list[list[object]], start: int | None = None) -> Header | None:
    """Find the header block: the first row naming two known fields, plus its continuation rows.

    Continuation rows (a second header row of item names under group cells, or a row of
    maxima) are the rows below whose anchor cell — under the first named field other than
    序号 — is empty: a data row always names its unit or entry there.

    Args:
        rows: The sheet's grid (merged ranges filled).
        start: The header's first row, when known; else it is searched in the top rows.
    """
    texts = [[normalise_text(c) for c in row] for row in rows[: HEADER_SEARCH_ROWS + MAX_HEADER_ROWS]]
    candidates = [start] if start is not None else range(min(HEADER_SEARCH_ROWS, len(texts)))
    for h in candidates:
        if h >= len(texts):
            return None
        named = [
            c
            for c, t in enumerate(texts[h])
            if t and (_field_of_cell(t) or sector_of_header(t) or _is_item(t))
        ]
        named_distinct = {texts[h][c] for c in named}
        # Two named columns make a header (a unit and its score is a whole table); a title
        # row, one merged cell, never does.
        if start is None and len(named_distinct) < 2:
            continue
        anchors = [c for c in named if field_of(texts[h][c]) != "serial"]
        anchor = anchors[0] if anchors else (named[0] if named else 0)
        last = h
        while last + 1 < len(texts) and last - h + 1 < MAX_HEADER_ROWS:
            below = texts[last + 1]
            anchor_text = below[anchor] if anchor < len(below) else ""
            # A vertically merged header cell repeats its text: that is no data either.
            blank = anchor_text in ("", texts[h][anchor] if anchor < len(texts[h]) else "", *MAXIMA_LABELS)
            if not any(below) or not blank or _is_note(below):
                break
            last += 1
        return _build_header(rows, texts, h, last)
    return None


def _build_header(rows: list[list[object]], texts: list[list[str]], first: int, last: int) -> Header:
    width = max(len(texts[r]) for r in range(first, last + 1))
    block = [[*texts[r], *[""] * (width - len(texts[r]))] for r in range(first, last + 1)]
    raw = [[*rows[r], *[""] * (width - len(rows[r]))] for r in range(first, last + 1)]
    maxima_rows = [i for i in range(1, len(block)) if _is_maxima_row(block[i], raw[i])]
    name_rows = [i for i in range(len(block)) if i not in maxima_rows]
    # A group cell without merge information: carry it right over the columns below it.
    for i in name_rows[:-1]:
        below = name_rows[name_rows.index(i) + 1]
        for c in range(1, width):
            if not block[i][c] and block[i][c - 1] and block[below][c] and block[below][c - 1]:
                block[i][c] = block[i][c - 1]
    columns, fields, maxima, groups = [], [], [], []
    for c in range(width):
        parts = [block[i][c] for i in name_rows if block[i][c]]
        parts = [p for k, p in enumerate(parts) if p not in parts[:k]]
        text = parts[-1] if parts else ""
        parsed = parse_item_header(text)
        maximum = parsed[1] if parsed else None
        name = parsed[0] if parsed else text
        for i in maxima_rows:
            maximum = parse_maximum(raw[i][c]) if maximum is None else maximum
        columns.append(name)
        # An item's name is never read by keyword (群众评价 is an item, not a rating).
        fields.append(field_of(name, keywords=maximum is None))
        maxima.append(maximum)
        groups.append(parts[-2] if len(parts) > 1 else "")
    titles = tuple(dict.fromkeys(t for r in range(first) for t in texts[r] if t))
    return Header(first, last, _unique(columns), tuple(fields), tuple(maxima), tuple(groups), titles)


def _is_maxima_row(texts: list[str], raw: list[object]) -> bool:
    filled = [c for c, t in enumerate(texts) if t and t not in MAXIMA_LABELS]
    return bool(filled) and all(parse_maximum(raw[c]) is not None for c in filled)


def _is_note(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return first.startswith(NOTE_ROW_MARKS)


def _is_item(text: str) -> bool:
    return parse_item_header(text) is not None


def _field_of_cell(text: str) -> str | None:
    parsed = parse_item_header(text)
    return field_of(parsed[0], keywords=False) if parsed else field_of(text)


def _unique(names: list[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names):
        name = name or f"列{i + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}.{seen[name] - 1}")
    return tuple(out)
