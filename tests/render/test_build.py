"""``build_report`` on the tiny fixture year: every product, self-contained, private briefs."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.config.vocab import SECRET_MARK as MARK
from sunshine_analysis.render.build import BRIEF_NOTEBOOK, build_report
from sunshine_analysis.render.notebooks import Job, run_jobs
from sunshine_analysis.render.page import table_of_contents, wrap_page

IDS = ["linyingxian", "xichengqu", "shiweizuzhibu", "shiminzhengju", "shizonggonghui", "shifulian"]
NAMES = ["临颍县", "西城区", "市委组织部", "市民政局", "市总工会", "市妇联"]  # the fixture's registry
# A reference to another host as a resource: src/href attribute, CSS url() or @import.
REMOTE = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I
)


@pytest.fixture(scope="module")
def built(tiny_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    raw = tiny_processed.parent.parent / "raw" / "2020"
    build_report(
        2020, raw_dir=raw, processed_dir=root / "processed" / "2020", out_dir=root / "reports", jobs=2
    )
    return root / "reports"


def test_builds_summary_every_brief_and_workbook(built: Path) -> None:
    assert (built / "summary.html").is_file() and (built / "results.xlsx").is_file()
    assert (built / "2020年度“阳光漯河”建设考评情况报告.docx").is_file()  # the written report
    assert sorted(p.stem for p in (built / "units").glob("*.html")) == sorted(IDS)


def test_html_is_self_contained_with_mark_and_toc(built: Path) -> None:
    for page in [built / "summary.html", *(built / "units").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert not REMOTE.search(text), page
        assert "<script" not in text  # nothing to run, nothing to fetch
        assert not re.search(r"<a\b[^>]*/>", text)  # an unclosed link would hide what follows
        # The summary opens with its contents; a brief has none (no page of contents alone).
        assert text.count(MARK) >= 2 and ('<nav class="toc"' in text) == (page.parent == built)
        assert "@page" in text and "A4" in text
        assert "Glyph" not in text and "missing from font" not in text
        assert "<img" not in text or 'src="data:image/png;base64,' in text


def test_summary_has_every_section_and_hand_worked_values(built: Path) -> None:
    text = (built / "summary.html").read_text(encoding="utf-8")
    for heading in ["基本情况", "存在的问题", "综合得分排名", "板块分析", "失分率较高的评分项目", "创新成果",
                    "扣分情况", "名次稳健性", "评分方法", "数据来源"]:  # fmt: skip
        assert heading in text, heading
    assert "89.83" in text and "市委组织部" in text
    assert "公开栏信息未及时更新" in text  # the deduction's reason
    assert "与2019年比较" not in text  # no previous year in the fixture: the section is left out
    assert text.count("<img") >= 5


def test_each_brief_names_no_other_unit(built: Path) -> None:
    for unit_id, name in zip(IDS, NAMES, strict=True):
        text = (built / "units" / f"{unit_id}.html").read_text(encoding="utf-8")
        assert name in text
        others = [n for n in NAMES if n != name and n not in name]
        assert not [n for n in others if n in text], unit_id


def test_brief_shows_own_rank_and_lost_points(built: Path) -> None:
    text = (built / "units" / "shiminzhengju.html").read_text(encoding="utf-8")
    # 村务 88.5 and 民生 90.21 → 89.355 → 89.36 half-up; tied with 市总工会 at rank 2 of 4.
    assert "89.36" in text and "共4个单位）中排第2名（并列）" in text
    # 民生公开: max 100, scored 90.21 → 9.79 lost; 公开情况 80 − 71 = 9.00.
    assert "9.79" in text and "9.00" in text
    assert "88.50" in text  # its own 村务 score
    # The rendered group statistics: 村务 and 民生 lines are over this unit alone, so blank
    # (the rule itself is tested in test_brief.py); 党务 over three units shows its mean 88.20.
    stats = text[text.index("本组各单位得分") : text.index('<pre class="explain">')]
    assert "阳光村务</td>" in stats and "88.50" not in stats and "90.21" not in stats
    assert "88.20" in stats


def test_brief_explains_the_score_step_by_step(built: Path) -> None:
    text = (built / "units" / "shiminzhengju.html").read_text(encoding="utf-8")
    # The exact mean (88.5 + 90.21) / 2 = 89.355 shows only in the chain, exactly as it is on
    # the half (it rounds up); the tables show 89.36.
    assert "得分计算过程" in text and "(88.50 + 90.21) ÷ 2 = 89.355" in text


def test_brief_says_what_went_wrong_and_what_to_do(built: Path) -> None:
    # Headings from the notebook's markdown come as character references: read them as text.
    text = html.unescape((built / "units" / "shifulian.html").read_text(encoding="utf-8"))
    # 市妇联 80.25 (较好): 90 − 80.25 = 9.75 short of 好; 组织领导 lost 9.75 of 40 = 24.4%.
    at = text.index("存在问题与改进建议")
    assert at < text.index("板块得分") and "还差9.75分" in text[at:]
    assert "阳光党务「组织领导」失分较多" in text and "24.4%" in text and "改进建议" in text[at:]
    assert text.index("本组统计") < text.index("附：得分计算过程")


def test_failed_notebook_names_the_cell_and_keeps_the_others(tiny_processed: Path, tmp_path: Path) -> None:
    jobs = [
        Job(
            {"year": 2020, "processed_dir": str(tiny_processed), "unit_id": "nobody"},
            tmp_path / "a.html",
            "a",
        ),
        Job(
            {"year": 2020, "processed_dir": str(tiny_processed), "unit_id": "shifulian"},
            tmp_path / "b.html",
            "b",
        ),
    ]
    bad, good = run_jobs(paths.NOTEBOOKS_DIR / BRIEF_NOTEBOOK, jobs)
    # The setup cell is the notebook file's second (the parameters cell is the first).
    assert (
        bad.error
        and bad.error.startswith("第 2 个单元格")
        and "KeyError" in bad.error
        and "nobody" in bad.error
    )
    assert not (tmp_path / "a.html").exists()
    assert good.error is None and "市妇联" in (tmp_path / "b.html").read_text(encoding="utf-8")


def test_input_text_is_escaped_in_the_pages(tiny_processed: Path, tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    shutil.copytree(tiny_processed, processed)
    evil = "<script>alert(1)</script>"
    for name in ["units.csv", "composite.csv"]:
        table = pd.read_csv(processed / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        table.loc[table["unit_id"] == "shifulian", "unit_name"] = evil
        table.to_csv(processed / name, index=False, encoding="utf-8-sig")
    job = Job(
        {"year": 2020, "processed_dir": str(processed), "unit_id": "shifulian"}, tmp_path / "u.html", evil
    )
    (outcome,) = run_jobs(paths.NOTEBOOKS_DIR / BRIEF_NOTEBOOK, [job])
    assert outcome.error is None
    text = (tmp_path / "u.html").read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_table_of_contents_nests_h3_under_h2() -> None:
    body = '<h2 id="a">一、总体</h2><h3 id="b">县区</h3><h3 id="c">市直</h3><h2 id="d">二、附</h2>'
    assert table_of_contents(body) == (
        '<ol><li><a href="#a">一、总体</a><ol><li><a href="#b">县区</a></li><li><a href="#c">市直</a></li>'
        '</ol></li><li><a href="#d">二、附</a></li></ol>'
    )
    page = wrap_page(body, "<标题>")
    assert "<title>&lt;标题&gt;</title>" in page and page.index("目录") < page.index('id="a"')
    assert "目录" not in wrap_page(body, "反馈", contents=False)  # a brief: no page of contents
