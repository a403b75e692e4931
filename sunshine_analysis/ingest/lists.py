"""Parse the lists: innovation results and the innovation shortlist (初选名单), publicity
adoptions, deductions (one row per entry)."""

from __future__ import annotations

import pandas as pd

from sunshine_analysis.ingest.layout import (
    FIELDS,
    Header,
)
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.read import Sheet
from sunshine_analysis.ingest.tables import cell_text, read_table, resolve_column
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import Problems

LIST_FIELDS: dict[str, dict[str, str]] = {
    "innovation": {"title": "title", "sector": "sector_name", "rating": "rating"},
    "shortlist": {"title": "title", "sector": "sector_name"},
    "publicity": {"title": "title", "level": "level", "outlet": "outlet", "date": "date"},
    "deductions": {"category": "deduction_category", "doc_no": "doc_no", "date": "date", "reason": "reason"},
}
"""Output column → canonical field, per list kind."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "innovation": ("title", "sector", "rating"),
    "shortlist": ("title",),
    "publicity": ("title", "level"),
    "deductions": ("category",),
}
"""The columns a list cannot be scored without; the others are read when present."""


LIST_HEADERS = {
    "title": "标题",
    "sector_name": "所属板块",
    "rating": "评定等次",
    "level": "采用级别",
    "outlet": "采用媒体",
    "date": "日期",
    "deduction_category": "扣分类别",
    "doc_no": "文号",
    "reason": "事由",
}


def parse_list(
    sheet: Sheet, header: Header | int, kind: str, index: UnitIndex, problems: Problems
) -> pd.DataFrame:
    """A per-unit list (innovation, publicity, deductions): named columns, units resolved.

    Returns:
        ``unit_id``, the kind's output columns (:data:`LIST_FIELDS`) and the source columns.
    """
    table, header, _ = read_table(sheet, header)
    file = str(sheet.file)
    fields = LIST_FIELDS[kind]
    columns = ["unit_id", *fields, *contract.SOURCE]
    found = {out: header.column(f) for out, f in fields.items()}
    for out in REQUIRED[kind]:
        if found[out] is None:
            problems.add(
                file,
                "缺少必需的列",
                sheet=sheet.name,
                column=LIST_HEADERS[fields[out]],
                expected="、".join(FIELDS[fields[out]]),
            )
    if any(found[out] is None for out in REQUIRED[kind]):
        return pd.DataFrame(columns=columns)
    table["unit_id"] = resolve_column(table, header.column("unit"), index, problems, file, sheet.name)
    table = table[table["unit_id"].notna()]
    out = pd.DataFrame({"unit_id": table["unit_id"]})
    for name, col in found.items():
        out[name] = table[col].map(cell_text) if col else ""
    out = out.assign(source_file=file, source_sheet=sheet.name, source_row=table["source_row"])
    return out[columns].reset_index(drop=True)
