"""Highlights and problems taken from work summaries written by hand, each worked out by hand.

Every summary is read the way the report reads it (``summary_points`` on a raw folder), except
where a case is only about the text (``extract_points``).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest.read import summary_text
from sunshine_analysis.review.summaries import extract_points, numbering, summary_points

RULES = load_rules(year=2020)

# 一、 top level, （一） run-in sub-headings, highlights as a paragraph (。 and ！), a merged
# 「存在的问题及下一步打算」 split by （一）/（二）, problems as 一是……；二是…… in one paragraph.
CN_STYLE = """临颍县2020年“阳光漯河”建设工作总结
2020年以来，我县认真贯彻市委部署，各项工作取得明显成效。现将有关情况报告如下：
一、主要做法
（一）加强组织领导。成立领导小组，召开会议3次。
（二）坚持问题导向，提升工作实效。对照标准逐项整改。
二、创新亮点
在全市率先推行“线上+线下”双公开模式。群众扫码即可查询办事进度！
三、存在的问题及下一步打算
（一）存在的问题
一是台账资料不够规范；二是公开内容更新不够及时。
（二）下一步打算
进一步完善台账管理。
临颍县
2020年6月10日
"""

# （一） top level, 1. / 1、 / full-width １． items, an item in the problems that mentions 创新.
PAREN_STYLE = """（一）工作开展情况
我委按照要求推进各项工作。
（二）特色亮点
1.打造“阳光党务”示范点3个，示范引领作用明显。
2、聘请群众监督员12名，开展“阳光体检”。
（三）存在不足
１．部分科室认识不到位，存在重形式、轻实效的现象。
２．创新意识不强，工作方法单一。
（四）下一步工作打算
持续加强宣传。
"""

# Half-width punctuation and parentheses, circled numbers, a highlight heading word (成效),
# written in GBK.
GBK_TEXT = """市民政局工作总结
一、工作成效
我局全年公开信息120条，群众满意度明显提升。
二、存在的短板
(1)其他情况说明
① 公开内容不够全面;
② 台账归档不及时?
三、下一步
继续努力。
"""

# A run-in keyword heading inside the practice section; problems followed by 下一步 in the
# same paragraph; no highlights heading of its own.
RUN_IN = """一、主要做法
（一）加强领导。我们做了很多工作。
（二）创新亮点：推行清单管理。实行流程公开。
二、存在问题
部分台账不规范。下一步，我们将加强管理。
"""

NO_SECTIONS = """市总工会工作总结
一、主要做法
(一)加强领导。我们做了很多工作，取得了一定成效。
二、下一步打算
继续努力，补齐短板。
"""


def _registry_name(path: Path) -> str:
    return path.stem.replace("工作总结", "")


def _folder(tiny_year: Path) -> Path:
    """The tiny year with summaries of four of its units in four ways."""
    folder = tiny_year / "工作总结"
    folder.mkdir()
    (folder / "临颍县工作总结.txt").write_text(CN_STYLE, encoding="utf-8")
    (folder / "市委组织部工作总结.txt").write_text(PAREN_STYLE, encoding="utf-8-sig")
    (folder / "市民政局工作总结.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (folder / "市总工会工作总结.txt").write_text(NO_SECTIONS, encoding="utf-8")
    # Headings as Word writes them: a styled heading and a bold run in a plain paragraph.
    document = docx.Document()
    document.add_heading("市妇联2020年工作总结", level=0)
    document.add_heading("主要做法", level=1)
    document.add_paragraph("我会认真落实各项要求，推动妇联工作公开。")
    document.add_heading("创新亮点", level=1)
    document.add_paragraph("推行“阳光议事日”制度，每月集中公开一次。")
    document.add_paragraph().add_run("存在问题").bold = True
    document.add_paragraph("个别基层组织公开意识不强。公开载体较为单一！")
    document.add_paragraph().add_run("下一步打算").bold = True
    document.add_paragraph("加强督导。")
    document.save(str(folder / "市妇联工作总结.docx"))
    # A damaged summary is skipped (the submissions check reports it).
    (folder / "西城区工作总结.docx").write_bytes(b"PK\x03\x04 not a zip")
    return tiny_year


@pytest.fixture
def points(tiny_year: Path):
    return summary_points(_folder(tiny_year), RULES)


def _of(points, unit_id: str, kind: str) -> list[str]:
    rows = points[(points["unit_id"] == unit_id) & (points["kind"] == kind)]
    return rows["text"].tolist()


def test_numbered_headings_merged_problems_and_plans(points) -> None:
    assert _of(points, "linyingxian", "highlight") == [
        "在全市率先推行“线上+线下”双公开模式。",
        "群众扫码即可查询办事进度！",
    ]
    assert _of(points, "linyingxian", "problem") == ["台账资料不够规范；", "公开内容更新不够及时。"]
    heads = points[points["unit_id"] == "linyingxian"].groupby("kind")["heading"].unique()
    assert heads["highlight"].tolist() == ["二、创新亮点"]
    assert heads["problem"].tolist() == ["（一）存在的问题"]


def test_parenthesised_top_level_and_numbered_items(points) -> None:
    unit = "shiweizuzhibu"
    assert _of(points, unit, "highlight") == [
        "打造“阳光党务”示范点3个，示范引领作用明显。",
        "聘请群众监督员12名，开展“阳光体检”。",
    ]
    assert _of(points, unit, "problem") == [
        "部分科室认识不到位，存在重形式、轻实效的现象。",
        "创新意识不强，工作方法单一。",  # mentions 创新 but is an item of the problems
    ]


def test_gbk_text_half_width_punctuation_and_circled_numbers(points) -> None:
    unit = "shiminzhengju"
    assert _of(points, unit, "highlight") == ["我局全年公开信息120条，群众满意度明显提升。"]
    assert _of(points, unit, "problem") == ["其他情况说明", "公开内容不够全面;", "台账归档不及时?"]


def test_word_headings_styled_and_bold(points) -> None:
    unit = "shifulian"
    assert _of(points, unit, "highlight") == ["推行“阳光议事日”制度，每月集中公开一次。"]
    assert _of(points, unit, "problem") == ["个别基层组织公开意识不强。", "公开载体较为单一！"]
    rows = points[points["unit_id"] == unit]
    assert set(rows["heading"]) == {"创新亮点", "存在问题"}
    assert set(rows["source_file"]) == {"工作总结/市妇联工作总结.docx"}


def test_summary_without_such_sections_and_damaged_one_give_nothing(points) -> None:
    # 成效 and 短板 in body sentences announce nothing; the damaged .docx is skipped.
    assert set(points["unit_id"]) == {"linyingxian", "shiweizuzhibu", "shiminzhengju", "shifulian"}


def test_run_in_heading_and_plans_in_the_problem_paragraph() -> None:
    assert extract_points(RUN_IN) == [
        ("highlight", "（二）创新亮点", "推行清单管理。"),
        ("highlight", "（二）创新亮点", "实行流程公开。"),
        ("problem", "二、存在问题", "部分台账不规范。"),
    ]


def test_unnumbered_run_in_problem_paragraph() -> None:
    text = "一、主要做法\n做了。\n存在问题：一是认识不足；二是台账不全。\n下一步打算：加强学习。"
    assert extract_points(text) == [
        ("problem", "存在问题", "认识不足；"),
        ("problem", "存在问题", "台账不全。"),
    ]


def test_numbering_styles() -> None:
    cases = {
        "一、存在问题": "cn",
        "十二、存在问题": "cn",
        "（一）存在问题": "paren_cn",
        "(二)存在问题": "paren_cn",
        "1.存在问题": "arabic",
        "２．存在问题": "arabic",
        "3、存在问题": "arabic",
        "（1）存在问题": "paren_arabic",
        "⑤存在问题": "circled",
        "2020年存在问题": None,
        "1.5万人次": None,
        "一是存在问题": None,
    }
    assert {text: numbering(text)[0] for text in cases} == cases


def test_points_are_in_the_contract_columns_and_deterministic(tiny_year: Path) -> None:
    folder = _folder(tiny_year)
    first, second = summary_points(folder, RULES), summary_points(folder, RULES)
    assert list(first.columns) == ["unit_id", "kind", "heading", "text", "source_file"]
    assert first.equals(second)


def test_a_folder_that_cannot_be_read_gives_an_empty_table(tmp_path: Path) -> None:
    empty = summary_points(tmp_path / "missing", RULES)
    assert empty.empty and list(empty.columns) == ["unit_id", "kind", "heading", "text", "source_file"]


_HEADINGS = [
    "一、存在问题",
    "二、创新亮点",
    "（三）存在的问题及下一步打算",
    "（二）下一步打算",
    "1.特色做法",
    "① 不足",
    "存在问题",
    "短板：",
    "四、工作成效",
    "(1)差距",
]
_ALPHABET = "台账公开不及时创新亮点下一步问题，。；！？;?：、 \u3000123一是（）()①."
_BODY = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_HEADINGS), _BODY), max_size=14))
def test_every_sentence_taken_occurs_verbatim(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    for kind, heading, sentence in extract_points(text):
        assert kind in ("highlight", "problem")
        assert sentence and sentence in text
        assert heading in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    for _, _, sentence in extract_points(text):
        assert sentence in text


def test_committed_sample_has_both_kinds_for_at_least_40_units() -> None:
    raw = paths.raw_dir(2020)
    if not raw.is_dir():
        pytest.skip("no committed sample year")
    points = summary_points(raw, RULES)
    kinds = points.groupby("unit_id")["kind"].agg(set)
    assert sum(kinds.map(len) == 2) >= 40
    # Every sentence occurs in the summary it was taken from.
    for source, group in points.groupby("source_file"):
        text = "".join(summary_text(raw / source))
        assert all(sentence in text for sentence in group["text"]), source
