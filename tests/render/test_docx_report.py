"""The written report: its text (render.narrative) on the tiny year, worked out by hand, and its
Word document (render.report_docx) in the GB/T 9704 layout; the supervision notice's layout.

Hand-worked values beyond tests/conftest.py:
- 县区 mean (89.83 + 87.50) / 2 = 88.665 → 88.67 half-up (a float prints 88.66);
  市直单位 (95 + 89.36 + 89.36 + 80.25) / 4 = 88.4925 → 88.49.
- Sector means: 党务 (89 + 87.5 + 95 + 89.36 + 80.25) / 5 = 88.222 → 88.22; 政务 89.67 (西城区
  免考); 村务 88.50; 民生 90.21.
- Share of maximum lost: 政务「组织领导」 50 − 43 (trimmed raters) = 7 of 50 = 14.0%; 村务
  「组织领导」 2.5 of 20 = 12.5%; 党务「组织领导」 (3 + 4.5 + 2 + 4.64 + 9.75) / 5 = 4.778 of 40
  = 11.945% → 11.9%; then 党务「公开内容」 7 of 60 = 11.7%, 村务「公开情况」 11.25%. 民生 has
  one item (its total) and is no item to point at.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu

from sunshine_analysis.fieldwork.supervision import Supervision, notice_docx
from sunshine_analysis.outputs.contract import RECTIFICATION
from sunshine_analysis.outputs.results import YearResults, load_results
from sunshine_analysis.render import narrative, tables
from sunshine_analysis.render.report_docx import annexes, report_docx, report_file_name

JULY_15 = "1594814400"  # 2020-07-15 12:00 UTC: the 15th in every time zone from UTC−11 to UTC+11


@pytest.fixture(scope="module")
def results(tiny_processed: Path) -> YearResults:
    return load_results(2020, tiny_processed)


@pytest.fixture
def reviewed(results: YearResults) -> YearResults:
    """The tiny year with work-summary points and a rectification register."""
    points = pd.DataFrame(
        [
            (
                "linyingxian",
                "highlight",
                "一、推行村务公开新模式",
                "全县推行村务公开“五步法”。覆盖所有行政村。",
            ),
            ("xichengqu", "highlight", "（二）推行村务公开新模式", "村村建立公开栏。"),
            ("shiweizuzhibu", "highlight", "党务公开目录化", "编制党务公开目录；按季度更新。"),
            ("shifulian", "highlight", "创新亮点", "开通妇联公开专栏。"),
            ("shifulian", "problem", "三、存在问题", "公开栏更新不及时；内容不够全面。"),
        ],
        columns=["unit_id", "kind", "heading", "text", "source_file"][:4],
    ).assign(source_file="工作总结/x.docx")
    rect = pd.DataFrame(
        [
            ("shiweizuzhibu", "市委组织部", "party", "事项6", "未完成", True, "已整改", "2020-07-01", ""),
            ("shiweizuzhibu", "市委组织部", "party", "事项7", "未完成", True, "未报告", "", ""),
            ("shiweizuzhibu", "市委组织部", "party", "事项8", "推进中", True, "整改中", "", ""),
            ("shiminzhengju", "市民政局", "village", "事项2", "未完成", True, "未整改", "", ""),
            ("shifulian", "市妇联", "party", "事项9", "", False, "整改中", "", "自查发现"),
        ],
        columns=RECTIFICATION,
    )
    return replace(results, summary_points=points, rectification=rect)


def change_frame() -> pd.DataFrame:
    """Two units also evaluated in 2019: 临颍县 up 1.33 (2nd → 1st), 市妇联 down 2.50 (3rd → 4th)."""
    return pd.DataFrame(
        {
            "unit_id": ["linyingxian", "shifulian"],
            "unit_name": ["临颍县", "市妇联"],
            "rank_group": ["县区", "市直单位"],
            "previous": [88.5, 82.75],
            "composite": [89.83, 80.25],
            "change": [1.33, -2.5],
            "previous_rank": [2, 3],
            "rank": [1, 4],
            "rank_change": [1, -1],
            "year": [2020, 2020],
            "previous_year": [2019, 2019],
        }
    )


# --- the text ------------------------------------------------------------------------------------


def test_sections_in_order_without_a_previous_year(results: YearResults) -> None:
    sections = narrative.report_sections(results)
    assert [s.title for s in sections] == ["基本情况", "主要成效和亮点", "存在的问题", "下一步工作建议"]
    text = "".join(p for s in sections for p in s.paragraphs)
    # nothing read from summaries or the register, no previous year: those sentences are left out
    assert "工作总结" not in text and "整改情况" not in text and "与上年相比" not in text


def test_basic_situation_rounds_group_means_half_up(results: YearResults) -> None:
    paragraphs = narrative.basic_situation(results, pd.DataFrame())
    assert "共考评6个单位，其中县区2个、市直单位4个" in paragraphs[0]
    assert "阳光党务、阳光政务、阳光村务、阳光民生4个板块" in paragraphs[0]
    assert paragraphs[1] == (
        "从考评结果看，6个单位中，等次为“好”的1个、“较好”的5个。"
        "县区2个单位综合得分平均88.67分，最高为临颍县（89.83分），最低为西城区（87.50分）。"
        "市直单位4个单位综合得分平均88.49分，最高为市委组织部（95.00分），最低为市妇联（80.25分）。"
    )


def test_achievements_rank_sectors_and_name_innovation(results: YearResults) -> None:
    paragraphs = narrative.achievements(results, pd.DataFrame())
    assert paragraphs[0] == (
        "县区综合得分前2名依次为临颍县（89.83分）、西城区（87.50分）；"
        # tied 2nd: in the rank table's order
        "市直单位综合得分前3名依次为市委组织部（95.00分）、市总工会（89.36分）、市民政局（89.36分）。"
    )
    assert paragraphs[1] == (
        "分板块看，各板块平均得分由高到低依次为：阳光民生90.21分、阳光政务89.67分、阳光村务88.50分、"
        "阳光党务88.22分，阳光民生板块整体水平最好。"
    )
    assert paragraphs[2] == (
        "创新成果方面，共评定创新成果2项，其中优秀1项、良好1项；临颍县政务服务“一网通办”获得创新加分。"
    )
    # 临颍县: 省级 0.5 (the same title at 市级 counts once) + 国家级 1.0
    assert paragraphs[3] == (
        "信息宣传方面，1个单位共有2条信息被采用并计入加分（国家级1条、省级1条），加分最多的是临颍县（1.50分）。"
    )


def test_weakest_items_by_share_of_maximum(results: YearResults) -> None:
    weak = narrative.weakest_items(results, top=5)
    assert list(zip(weak["sector"], weak["item"], strict=True)) == [
        ("gov", "组织领导"),
        ("village", "组织领导"),
        ("party", "组织领导"),
        ("party", "公开内容"),
        ("village", "公开情况"),
    ]
    first = narrative.shortcomings(results, pd.DataFrame())[0]
    assert first == (
        "从评分项目看，按失分占满分的比例，失分最多的是阳光政务「组织领导」（满分50分，平均失分7.00分，失分率14.0%）、"
        "阳光村务「组织领导」（满分20分，平均失分2.50分，失分率12.5%）、"
        "阳光党务「组织领导」（满分40分，平均失分4.78分，失分率11.9%）。"
    )


def test_shortcomings_name_lowest_sector_and_deductions(results: YearResults) -> None:
    paragraphs = narrative.shortcomings(results, pd.DataFrame())
    # no sector score below 80 (市妇联's 80.25 is not): no clustering sentence
    assert paragraphs[1] == "阳光党务板块平均得分最低（88.22分）。"
    assert paragraphs[2] == (
        "考评期内，1个单位被通报或问责1件，合计扣1.00分。"
        "具体为：临颍县公开栏信息未及时更新（市级通报批评，漯阳光建办〔2020〕3号，扣1.00分）。"
    )


def test_change_since_last_year(results: YearResults) -> None:
    sections = narrative.report_sections(results, change_frame())
    assert sections[0].paragraphs[-1] == (
        "与2019年相比，2个单位连续两年在同一组参加考评，其中综合得分上升的1个、下降的1个。"
    )
    assert (
        "与上年相比，进步最大的是临颍县，综合得分上升1.33分，名次由第2名变为第1名。" in sections[1].paragraphs
    )
    assert (
        "与上年相比，1个单位综合得分下降，降幅最大的是市妇联，下降2.50分，名次由第3名变为第4名。"
        in sections[2].paragraphs
    )


def test_summary_themes_and_rectification(reviewed: YearResults) -> None:
    sections = narrative.report_sections(reviewed)
    # Highlights are quoted from the best-ranked units that wrote some, three at most: 临颍县
    # (县区 1st), 西城区 (县区 2nd), 市委组织部 (市直单位, ahead of 市妇联, 4th); the first sentence
    # of each, its “…” turned into ‘…’ inside the quotation marks.
    assert sections[1].paragraphs[-1] == (
        "从各单位报送的工作总结看，4个单位总结了创新亮点，"
        "如临颍县：“全县推行村务公开‘五步法’”；西城区：“村村建立公开栏”；市委组织部：“编制党务公开目录”。"
    )
    problems = sections[2].paragraphs
    # one unit makes no recurring theme (the rules' recurring_min_units is 2): quoted as an example
    assert problems[-2] == "各单位工作总结中自查发现的问题涉及1个单位，如市妇联：“公开栏更新不及时”。"
    assert problems[-1] == (
        "督办整改方面，市“阳光办”向2个单位发出督办通知，列出需整改的台账事项4项。"
        "据整改情况登记表，已整改1项、整改中1项、未整改1项，未报告整改情况的1项。"
        "尚未整改到位的有市委组织部（2项）、市民政局（1项）。"
        "另有1项未列入督办的事项，由市妇联主动报告了整改情况。"
    )
    assert sections[3].paragraphs[1] == (
        "（二）抓好问题整改落实。对被通报扣分的临颍县，要督促其对照考评反馈逐项整改；"
        "市委组织部、市民政局尚未整改到位的督办事项，要跟踪督办、逐项销号。"
    )


def test_problems_are_grouped_by_the_rules_themes(reviewed: YearResults) -> None:
    # 2020's [review.problem_themes]: 「公开内容不全面、不及时」 has the words 更新不及时 and 不够全面,
    # which both 市妇联's and 临颍县's sentences hold (2 units, a recurring theme); 「台账资料不规范」
    # (台账) only 临颍县's, so it is not recurring. The example is the first sentence of the theme.
    extra = pd.DataFrame(
        [("linyingxian", "problem", "二、存在的不足", "台账更新不及时。", "工作总结/临颍县.txt")],
        columns=reviewed.summary_points.columns,
    )
    points = pd.concat([reviewed.summary_points, extra], ignore_index=True)
    problems = narrative.report_sections(replace(reviewed, summary_points=points))[2].paragraphs
    assert problems[-2] == (
        "各单位工作总结中自查发现的问题涉及2个单位，主要集中在："
        "一是公开内容不全面、不及时（2个单位），如市妇联：“公开栏更新不及时”。"
    )


def test_rectification_per_notice(reviewed: YearResults) -> None:
    # The register above: 市委组织部's notice listed 事项6 (已整改), 事项7 (未报告), 事项8 (整改中);
    # 市民政局's 事项2 (未整改); 市妇联 got no notice and reported 事项9 itself (自查整改).
    table = tables.rectification_table(reviewed)
    assert table.columns.tolist() == [
        "单位",
        "督办事项",
        "已整改",
        "整改中",
        "未整改",
        "未报告",
        "自查整改",
    ]
    assert table.values.tolist() == [
        ["市委组织部", 3, 1, 1, 0, 1, 0],
        ["市民政局", 1, 0, 0, 1, 0, 0],
        ["市妇联", 0, 0, 0, 0, 0, 1],
    ]
    assert annexes(reviewed)[-1].title == "督办整改情况"
    assert tables.rectification_table(replace(reviewed, rectification=reviewed.rectification.head(0))).empty


def test_register_read_from_csv_text_counts_the_same(reviewed: YearResults) -> None:
    as_read = reviewed.rectification.assign(listed=reviewed.rectification["listed"].map(str))
    text = narrative.rectification_paragraph(replace(reviewed, rectification=as_read))
    assert text == narrative.rectification_paragraph(reviewed)


# --- the Word document ---------------------------------------------------------------------------


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture
def report(reviewed: YearResults, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JULY_15)
    return report_docx(reviewed)


def assert_gbt9704_page(document: docx.document.Document) -> None:
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=1)
    assert section.page_height.mm == pytest.approx(297, abs=1)
    assert section.top_margin.mm == pytest.approx(37, abs=1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=1)
    assert section.left_margin.mm == pytest.approx(28, abs=1)
    assert section.right_margin.mm == pytest.approx(26, abs=1)
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    height = Emu(section.page_height - section.top_margin - section.bottom_margin)
    assert (width.mm, height.mm) == (pytest.approx(156, abs=1), pytest.approx(225, abs=1))
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines
    # 28 characters of 16 pt condensed by 0.25 pt fit 156 mm (442.2 pt); 29 do not
    spacing = normal.element.rPr.find(qn("w:spacing"))
    assert int(spacing.get(qn("w:val"))) == -5
    assert 28 * (16 - 0.25) <= width.pt < 29 * (16 - 0.25)


def footer_field(footer: object) -> tuple[str, str, WD_ALIGN_PARAGRAPH]:
    paragraph = footer.paragraphs[0]
    instructions = "".join(e.text for e in paragraph._p.iter(qn("w:instrText")))
    return paragraph.text, instructions.strip(), paragraph.alignment


def assert_page_numbers(document: docx.document.Document) -> None:
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    assert footer_field(section.footer) == ("— 1 —", "PAGE", WD_ALIGN_PARAGRAPH.RIGHT)
    assert footer_field(section.even_page_footer) == ("— 1 —", "PAGE", WD_ALIGN_PARAGRAPH.LEFT)
    run = section.footer.paragraphs[0].runs[0]
    assert run.font.size.pt == 14
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_report_docx_layout_headings_and_page_numbers(report: bytes) -> None:
    document = open_docx(report)
    assert_gbt9704_page(document)
    assert_page_numbers(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、基本情况", "二、主要成效和亮点", "三、存在的问题", "四、下一步工作建议"]
    title = next(p for p in document.paragraphs if p.style.name == "公文标题")
    assert title.text == "2020年度“阳光漯河”建设考评情况报告"
    assert title.style.font.size.pt == 22
    assert title.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert document.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert "仿宋_GB2312（缺少时用仿宋）" in document.core_properties.comments


def test_report_docx_text_issuer_date_and_run_in_heading(report: bytes) -> None:
    document = open_docx(report)
    texts = [p.text for p in document.paragraphs]
    assert "从考评结果看，6个单位中，等次为“好”的1个、“较好”的5个。" in "".join(texts)
    issuer = texts.index("市“阳光漯河”建设工作领导小组办公室")
    assert texts[issuer + 1] == "2020年7月15日"
    assert texts.index("附件：1.县区综合得分排名表") < issuer
    advice = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    assert advice.runs[0].text == "（一）聚焦薄弱环节补短板。"
    assert advice.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_report_docx_annex_tables(report: bytes) -> None:
    document = open_docx(report)
    labels = [p.text for p in document.paragraphs if p.text.startswith("附件") and len(p.text) <= 4]
    assert labels == ["附件1", "附件2", "附件3", "附件4", "附件5"]  # 5: the rectification, last
    county, departments = document.tables[0], document.tables[1]
    head = county.rows[0]
    assert [c.text for c in head.cells] == [
        "名次", "单位", "参加板块数", "板块平均分", "信息宣传加分", "扣分", "综合得分", "等次"
    ]  # fmt: skip
    assert head._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert [c.text for c in county.rows[1].cells][:2] == ["1", "临颍县"]
    assert [c.text for c in departments.rows[2].cells][6] == "89.36"  # 89.355 half-up
    deductions = document.tables[-2]
    assert [c.text for c in deductions.rows[1].cells] == [
        "临颍县", "市级通报批评", "漯阳光建办〔2020〕3号", "2020-03-02", "公开栏信息未及时更新", "1.00"
    ]  # fmt: skip


def test_report_docx_is_reproducible(reviewed: YearResults, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JULY_15)
    assert report_docx(reviewed) == report_docx(reviewed)
    assert report_file_name(2020) == "2020年度“阳光漯河”建设考评情况报告.docx"


def test_issuer_comes_from_the_rules(results: YearResults, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JULY_15)
    other = replace(results, rules=replace(results.rules, issuer="漯河市阳光办"))
    texts = [p.text for p in open_docx(report_docx(other)).paragraphs]
    assert "漯河市阳光办" in texts


def test_supervision_notice_is_a4_in_the_same_layout() -> None:
    reasons = pd.DataFrame(
        [
            (
                "shifulian",
                "市妇联",
                "people_org",
                "not_done_share",
                "4项台账事项中2项未完成（50%），超过20%",
            )
        ],
        columns=["unit_id", "unit_name", "unit_kind", "reason", "detail"],
    )
    items = pd.DataFrame(
        [("shifulian", "市妇联", "party", "事项9", "未完成", "")],
        columns=["unit_id", "unit_name", "sector", "item", "state", "note"],
    )
    document = open_docx(notice_docx(Supervision(2020, reasons, items, issuer="漯河市阳光办"), "shifulian"))
    assert_gbt9704_page(document)
    assert "漯河市阳光办" in [p.text for p in document.paragraphs]  # signed by the rules' issuer
    assert_page_numbers(document)
    assert document.paragraphs[0].text == "督办通知" and document.paragraphs[0].style.name == "公文标题"
    assert [c.text for c in document.tables[0].rows[1].cells] == ["1", "阳光党务", "事项9", "未完成", ""]


def test_sectors_where_units_cluster_below_the_second_grade(results: YearResults) -> None:
    scores = results.sector_scores.copy()
    low = {("shifulian", "party"): 75.5, ("xichengqu", "party"): 79.0}
    for (unit, sector), value in low.items():
        scores.loc[(scores["unit_id"] == unit) & (scores["sector"] == sector), "sector_score"] = value
    paragraphs = narrative.shortcomings(replace(results, sector_scores=scores), pd.DataFrame())
    # 党务 (89 + 79 + 95 + 89.36 + 75.5) / 5 = 85.572; 2 of its 5 units below 80 (较好): 40.0%
    assert paragraphs[1] == (
        "阳光党务板块平均得分最低（85.57分）。单项得分低于80分（“较好”等次线）的单位主要集中在"
        "阳光党务板块（2个，占该板块参评单位的40.0%：市妇联、西城区）。"
    )
