"""Word documents in the national official-document layout (GB/T 9704-2012, 党政机关公文格式).

One page and style setup for every .docx the office edits and sends: the written report
(:mod:`sunshine_analysis.render.report_docx`) and the draft supervision notices
(:func:`sunshine_analysis.fieldwork.supervision.notice_docx`).

- A4; top margin 37 mm, left 28 mm, right 26 mm, bottom 35 mm: a text block of 156 × 225 mm.
- 22 lines of 28 characters: a line grid (``w:docGrid``) and the body's line spacing exactly
  28.95 pt, as the GB/T 9704 Word templates set them; and the body's characters condensed by
  0.25 pt, so that 28 of 三号 fill the 156 mm line. (The templates' character grid,
  ``linesAndChars`` with a negative ``charSpace``, gives 28 in Word, but LibreOffice puts each
  character wider than the grid pitch into two cells: 14 a line.)
- Title 二号 (22 pt) 小标宋; body 三号 (16 pt) 仿宋; first-level headings (一、) 黑体,
  second-level (（一）) 楷体, third-level (1.) 仿宋 bold, all 三号; text black.
- Page numbers 「— 1 —」 in 四号 (14 pt) 宋体, odd pages at the right, even pages at the left.

Fonts: the documents name the official fonts (:data:`FONTS`). Where they are not installed,
Word substitutes the alternative that the font table names (``w:altName``, :data:`FALLBACKS`),
and LibreOffice those of its own replacement table or fontconfig (Noto Serif CJK SC / Noto Sans
CJK SC). The document's core properties say so too (:data:`FONT_NOTE`).
"""

from __future__ import annotations

import math
import re

import pandas as pd
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

PAGE_MM = (210, 297)
"""A4, width × height."""
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
"""天头 37 mm, 订口 28 mm; the text block 156 × 225 mm gives the right and bottom margins."""
LINES, CHARS = 22, 28
"""Lines per page and characters per line of the body text."""
LINE_PITCH = Pt(28.95)
"""Exact line spacing of the body (579 twips), as the GB/T 9704 Word templates set it."""
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, TABLE_PT, WIDE_TABLE_PT = 16, 22, 14, 14, 12
"""三号, 二号, 四号, 四号 and 小四 (tables of more than :data:`NARROW_TABLE` columns)."""
NARROW_TABLE = 5
LEFT_ALIGNED = 8
"""Table cells with longer text (a title, a reason) are set left-aligned, the others centred."""

FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "page": "宋体",
}
"""The official font of each part of the document."""
FALLBACKS = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "黑体": "SimHei",
    "楷体_GB2312": "楷体",
    "宋体": "SimSun",
}
"""Font → the alternative Word uses when it is missing (the font table's ``w:altName``)."""
FONT_NOTE = (
    "字体：标题 方正小标宋简体（缺少时用宋体），正文 仿宋_GB2312（缺少时用仿宋），一级标题 黑体，"
    "二级标题 楷体_GB2312（缺少时用楷体），三级标题 仿宋_GB2312 加粗，页码 宋体。"
    "未安装上述字体的电脑上，Word 按文档字体表中的备用字体替换，"
    "LibreOffice 用 Noto Serif CJK SC 或 Noto Sans CJK SC 显示；"
    "送印前请在装有方正小标宋简体、仿宋_GB2312、楷体_GB2312 的电脑上核对版式。"
)
"""Which fonts the document names and which replace them where missing (core properties)."""

# Schema order: the elements that come after w:spacing in a run's and w:snapToGrid in a
# paragraph's properties (Word refuses a file with them out of order).
_AFTER_SPACING = tuple(
    f"w:{t}"
    for t in [
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
)
_AFTER_SNAP = tuple(
    f"w:{t}"
    for t in [
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)

STYLES = {"title": "公文标题", "table": "表格文字", "table_head": "表格标题行", "note": "附注"}
"""The paragraph styles added besides Normal and Heading 1–3."""


def set_up(document: Document) -> None:
    """Give a new python-docx document the GB/T 9704 page, grid, styles, fonts and page numbers."""
    section = document.sections[0]
    _page(section)
    _styles(document)
    _font_table(document)
    _page_numbers(document)
    document.core_properties.comments = FONT_NOTE


def _page(section: object) -> None:
    width, height = PAGE_MM
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # The page number's rule (一字线) sits 7 mm below the text block.
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7) - Pt(PAGE_NUMBER_PT)
    section.start_type = WD_SECTION.NEW_PAGE
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    sect.append(grid)


def condensed_twips() -> int:
    """How much the body's characters are condensed, in twentieths of a point, for 28 a line.

    >>> condensed_twips()  # 156 mm = 442.2 pt; 28 × (16 − 0.25) = 441 pt
    5
    """
    text_width = Mm(PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]).pt
    return math.ceil((BODY_PT - text_width / CHARS) * 20)


def _character_spacing(style: BaseStyle, twips: int) -> None:
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twips))
    rpr.insert_element_before(spacing, *_AFTER_SPACING)


def set_fonts(target: BaseStyle | object, name: str) -> None:
    """Name ``name`` for every script of a style's or run's text, replacing theme fonts."""
    element = target.element if isinstance(target, BaseStyle) else target._element
    rpr = element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _no_grid(style: BaseStyle) -> None:
    # Text of another size than the body would be spread over the body's character grid.
    ppr = style.element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.insert_element_before(snap, *_AFTER_SNAP)


def _styles(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, FONTS["body"])
    normal.font.size = Pt(BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(2 * BODY_PT)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False
    _character_spacing(normal, -condensed_twips())

    def heading(level: int, font: str, bold: bool) -> None:
        style = styles[f"Heading {level}"]
        set_fonts(style, font)
        style.font.size = Pt(BODY_PT)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        f = style.paragraph_format
        f.space_before = f.space_after = Pt(0)
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = LINE_PITCH
        f.first_line_indent = Pt(2 * BODY_PT)
        f.keep_with_next = True

    heading(1, FONTS["heading1"], False)
    heading(2, FONTS["heading2"], False)
    heading(3, FONTS["body"], True)

    title = styles.add_style(STYLES["title"], WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    set_fonts(title, FONTS["title"])
    title.font.size = Pt(TITLE_PT)
    f = title.paragraph_format
    f.alignment = WD_ALIGN_PARAGRAPH.CENTER
    f.first_line_indent = Pt(0)
    f.line_spacing = Pt(TITLE_PT * 1.6)
    f.space_after = LINE_PITCH
    _no_grid(title)
    _character_spacing(title, 0)

    for key, bold_font in (("table", None), ("table_head", FONTS["heading1"])):
        style = styles.add_style(STYLES[key], WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        if bold_font:
            set_fonts(style, bold_font)
        f = style.paragraph_format
        f.first_line_indent = Pt(0)
        f.alignment = WD_ALIGN_PARAGRAPH.CENTER
        f.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _no_grid(style)
        _character_spacing(style, 0)

    note = styles.add_style(STYLES["note"], WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(WIDE_TABLE_PT)
    note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _no_grid(note)
    _character_spacing(note, 0)


def _font_table(document: Document) -> None:
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    for name, alternative in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alternative), ("w:charset", "86"), ("w:family", "auto")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        root.append(font)
    part._blob = serialize_part_xml(root)


def _field(paragraph: Paragraph, instruction: str) -> None:
    def run_with(tag: str, **attrs: str) -> None:
        run = paragraph.add_run()
        set_fonts(run, FONTS["page"])
        run.font.size = Pt(PAGE_NUMBER_PT)
        child = OxmlElement(tag)
        for key, value in attrs.items():
            child.set(qn(key), value)
        if tag == "w:instrText":
            child.set(qn("xml:space"), "preserve")
            child.text = instruction
        run._r.append(child)

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    run_with("w:instrText")
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run("1")
    set_fonts(paragraph.runs[-1], FONTS["page"])
    paragraph.runs[-1].font.size = Pt(PAGE_NUMBER_PT)
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    paragraph.style = STYLES["note"]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(0)
    # 空一字: one character from the text block's edge.
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)

    def dash(text: str) -> None:
        run = paragraph.add_run(text)
        set_fonts(run, FONTS["page"])
        run.font.size = Pt(PAGE_NUMBER_PT)

    dash("— ")
    _field(paragraph, " PAGE ")
    dash(" —")


def _page_numbers(document: Document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def title(document: Document, text: str) -> Paragraph:
    """The document's title (二号 小标宋, centred)."""
    return document.add_paragraph(text, STYLES["title"])


def heading(document: Document, text: str, level: int) -> Paragraph:
    """A heading: 1 (一、) 黑体, 2 (（一）) 楷体, 3 (1.) 仿宋 bold; the numbering is in ``text``."""
    return document.add_paragraph(text, f"Heading {level}")


def paragraph(
    document: Document, text: str = "", *, run_in: str = "", align: WD_ALIGN_PARAGRAPH | None = None
) -> Paragraph:
    """A body paragraph (三号 仿宋, first line indented two characters).

    Args:
        document: The document.
        text: The text.
        run_in: A second-level heading run in at the start of the paragraph, set in 楷体.
        align: Another alignment (the issuer and the date are set right, without indent).
    """
    p = document.add_paragraph()
    if run_in:
        set_fonts(p.add_run(run_in), FONTS["heading2"])
    if text:
        p.add_run(text)
    if align is not None:
        p.alignment = align
        p.paragraph_format.first_line_indent = Pt(0)
    return p


def _row_flag(row: object, tag: str) -> None:
    """Set a row property: ``w:tblHeader`` (repeated on every page), ``w:cantSplit`` (kept whole)."""
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def table(
    document: Document, frame: pd.DataFrame, decimals: int = 2, columns: dict[str, int] | None = None
) -> Table:
    """A table with a header row repeated on every page and no row split across two: 四号, or 小四
    when it has many columns.

    Args:
        document: The document.
        frame: The table; float columns are shown with ``decimals`` decimals (``columns`` overrides
            per column), missing values as 「—」.
        decimals: Decimals of float columns.
        columns: Column → its decimals.
    """
    size = Pt(TABLE_PT if len(frame.columns) <= NARROW_TABLE else WIDE_TABLE_PT)
    grid = document.add_table(rows=1, cols=len(frame.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = grid.rows[0]
    _row_flag(head, "w:tblHeader")
    for cell, name in zip(head.cells, frame.columns, strict=True):
        _cell(cell, str(name), STYLES["table_head"], size)
    floats = {
        c: (columns or {}).get(c, decimals) for c in frame.columns if pd.api.types.is_float_dtype(frame[c])
    }
    texts = [
        [_text(v, floats.get(c)) for c, v in zip(frame.columns, values, strict=True)]
        for values in frame.itertuples(index=False)
    ]
    for row_texts in texts:
        row = grid.add_row()
        _row_flag(row, "w:cantSplit")
        for cell, text in zip(row.cells, row_texts, strict=True):
            _cell(cell, text, STYLES["table"], size)
    grid.autofit = False
    widths = column_widths([str(c) for c in frame.columns], texts, size.pt)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Pt(width)
        for cell in column.cells:
            cell.width = Pt(width)
    return grid


def _chars(text: str) -> float:
    # A full-width character is one em; the rest (digits, Latin) half of one in the official
    # fonts, but up to 0.6 em in the fallbacks (DejaVu, Noto), which must not break a date either.
    return sum(1 if ord(ch) > 0x2E7F else HALF_WIDTH for ch in text)


HALF_WIDTH = 0.6
"""Width allowed for a digit or Latin letter, in em."""


def column_widths(header: list[str], rows: list[list[str]], size: float) -> list[float]:
    """Column widths in points that share the text block's width by each column's longest text.

    Each column would like its longest text on one line and its header over at most two lines
    (``wish``); failing that, its header over three (``snug``); at the least it needs its
    longest run of digits or Latin letters (a date, a score, the year of a document number),
    which must not break (``need``). Headers give up lines first, in proportion to what each
    asks for. If the text still does not fit, every column starts from what it needs, and the
    rest goes, a line break at a time, to the column that saves most lines per width (the rows'
    heights and all cells' lines, counted alike), what is left in proportion to the columns'
    wants: the table stays short, and long reasons and titles wrap rather than short names.

    >>> [round(w) for w in column_widths(["名次", "单位"], [["1", "市委组织部"]], 12)]
    [149, 293]
    >>> widths = column_widths(["日期", "板块", "事由"], [["2020-01-20", "阳光村务", "未及时更新" * 6]], 16)
    >>> [round(w / 16, 1) for w in widths]  # date 6 em at 0.6, 阳光村务 4, + margins; the reason the rest
    [7.1, 5.1, 15.4]
    """
    padding = 1.1  # the cell's left and right margins (2 × 0.08 in, Table Grid) and a little air, in em
    available = Mm(PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]).pt / size
    columns = range(len(header))
    cells = [[_chars(r[i]) for r in rows] for i in columns]
    content = [max([0.0, *cells[i]]) for i in columns]
    unbroken = [max([0.0, *(_chars(run) for r in rows for run in _UNBROKEN.findall(r[i]))]) for i in columns]
    head = [_chars(h) for h in header]
    wish = [max(c, h / 2, min(h, 4)) + padding for c, h in zip(content, head, strict=True)]
    snug = [max(c, h / 3, min(h, 2)) + padding for c, h in zip(content, head, strict=True)]
    need = [min(max(u, h / 3, min(h, 2)) + padding, s) for u, h, s in zip(unbroken, head, snug, strict=True)]
    if sum(wish) <= available:
        widths = wish
    elif sum(snug) <= available:
        more = [w - s for w, s in zip(wish, snug, strict=True)]
        widths = [s + m * (available - sum(snug)) / sum(more) for s, m in zip(snug, more, strict=True)]
    else:
        widths = list(need)
        while True:
            now = _lines(cells, widths, padding)
            best = None
            for i in columns:
                wider = _next_break(cells[i], widths[i], padding, snug[i])
                if wider is None or sum(widths) - widths[i] + wider > available:
                    continue
                after = _lines(cells, [wider if j == i else w for j, w in enumerate(widths)], padding)
                saved = (now[0] - after[0]) + (now[1] - after[1])
                score = saved / (wider - widths[i])
                if saved > 0 and (best is None or score > best[0]):
                    best = (score, i, wider)
            if best is None:
                break
            widths[best[1]] = best[2]
        spare = available - sum(widths)
        more = [s - w for s, w in zip(snug, widths, strict=True)]
        if spare > 0 and sum(more) > 0:
            widths = [w + m * spare / sum(more) for w, m in zip(widths, more, strict=True)]
    scale = available / sum(widths)
    return [w * scale * size for w in widths]


def _next_break(cells: list[float], width: float, padding: float, most: float) -> float | None:
    """The least width above ``width`` (and at most ``most``) at which a cell takes a line less."""
    found = []
    for chars in cells:
        lines = _cell_lines(chars, width, padding)
        if lines > 1:
            found.append(chars / (lines - 1) + padding)
    wider = min(found, default=None)
    return min(wider, most) if wider is not None and width < most else None


def _cell_lines(chars: float, width: float, padding: float) -> int:
    return max(1, math.ceil(chars / max(width - padding, 0.5) - 1e-9))


def _lines(cells: list[list[float]], widths: list[float], padding: float) -> tuple[int, int]:
    """(sum over rows of the row's tallest cell, sum over all cells) in lines, at these widths."""
    per_column = [
        [math.ceil(c / max(w - padding, 0.5) - 1e-9) or 1 for c in col]
        for col, w in zip(cells, widths, strict=True)
    ]
    rows = list(zip(*per_column, strict=True))
    return sum(max(r) for r in rows), sum(sum(r) for r in rows)


_UNBROKEN = re.compile(r"[〔（(]?[0-9A-Za-z.\-:/%+]+[〕）)]?")
"""A run of characters a line must not break: dates, scores, percentages, Latin words, and a
year in brackets (〔2020〕: no line may end on an opening bracket)."""


def _text(value: object, decimals: int | None) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if decimals is not None:
        return f"{float(value):.{decimals}f}"  # values are already rounded half-up to these decimals
    return str(value)


def _cell(cell: object, text: str, style: str, size: Pt) -> None:
    p = cell.paragraphs[0]
    p.style = style
    if _chars(text) > LEFT_ALIGNED:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(text)
    run.font.size = size
