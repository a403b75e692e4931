"""The July summary on paper: conclusions first, mark and page numbers in the margins, charts
that fit a page with honest axes, lost points compared by share of the item's maximum.

The printed PDF itself is checked by hand with headless Chromium and
``/work/shared/tools/print_check.py`` (see the README); these tests pin the markup, CSS and
values that printout relies on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.config.vocab import SECRET_MARK as MARK
from sunshine_analysis.outputs.results import YearResults, load_results
from sunshine_analysis.render import charts, sentences, tables
from sunshine_analysis.render.build import SUMMARY_NOTEBOOK
from sunshine_analysis.render.notebooks import Job, run_jobs
from sunshine_analysis.render.page import wrap_page


@pytest.fixture(scope="module")
def results(tiny_processed: Path) -> YearResults:
    return load_results(2020, tiny_processed)


@pytest.fixture(scope="module")
def summary(tiny_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("summary") / "summary.html"
    job = Job({"year": 2020, "processed_dir": str(tiny_processed)}, out, "汇总报告")
    (outcome,) = run_jobs(paths.NOTEBOOKS_DIR / SUMMARY_NOTEBOOK, [job])
    assert outcome.error is None, outcome.error
    text = out.read_text(encoding="utf-8")
    return re.sub(r'<nav class="toc".*?</nav>', "", text, flags=re.S)  # the headings, not their list


def test_conclusions_come_first_then_data_then_annexes(summary: str) -> None:
    order = [
        "2020年度“阳光漯河”建设考评汇总报告",
        "市“阳光漯河”建设工作领导小组办公室",  # the rules' default [report] issuer
        "一、基本情况",
        "二、主要成效和亮点",
        "三、存在的问题",
        "四、下一步工作建议",
        "五、综合得分排名",
        "六、板块分析",
        "七、创新成果、信息宣传加分和扣分",
        "附一 名次稳健性",
        "附二 评分方法",
        "附三 数据来源",
    ]
    at = [summary.find(h) for h in order]
    assert -1 not in at and at == sorted(at), dict(zip(order, at, strict=True))
    # The first section states the overall result: six units, 县区 average (89.83 + 87.5) / 2.
    first = summary[at[2] : at[3]]
    assert "共考评6个单位" in first and "88.67" in first
    # No table or chart before the rankings: the conclusions are prose.
    assert "<table" not in summary[: at[6]] and "<img" not in summary[: at[6]]
    assert "主要发现" not in summary and "SHA-256 校验值如下" not in summary


def test_provenance_is_one_paragraph_without_the_file_list(summary: str, results: YearResults) -> None:
    annex = summary[summary.index("附三 数据来源") :]
    assert annex.count("<p>") == 1 and "<table" not in annex
    files = len(results.manifest["inputs"])
    assert f"根据{files}个输入文件计算" in annex and sentences.inputs_hash(results.manifest) in annex


def test_inputs_hash_is_sha256sum_of_the_sorted_list() -> None:
    manifest = {"inputs": [{"path": "b.xlsx", "sha256": "bbb"}, {"path": "a.xlsx", "sha256": "aaa"}]}
    assert sentences.inputs_hash(manifest) == hashlib.sha256(b"aaa  a.xlsx\nbbb  b.xlsx\n").hexdigest()


def test_issuer_is_the_rules_one(results: YearResults) -> None:
    assert sentences.issuer(results) == "市“阳光漯河”建设工作领导小组办公室"  # the default
    named = dataclasses.replace(results, rules=dataclasses.replace(results.rules, issuer="某某办公室"))
    assert sentences.issuer(named) == "某某办公室"


def test_mark_and_page_number_live_in_the_page_margins() -> None:
    page = wrap_page("<h1>标题</h1><p>正文</p>", "标题")
    assert f'@top-right {{ content: "{MARK}"; }}' in page
    assert '@bottom-center { content: "— " counter(page) " —"; }' in page
    assert "position: fixed" not in page  # nothing drawn over the content
    assert "thead { display: table-header-group; }" in page  # a long table repeats its header
    rule = re.search(r"\n(tr, img[^{]*)\{([^}]*)\}", page)
    assert rule and "break-inside: avoid" in rule.group(2)
    assert ".toc { display: none; }" in page  # printed, the report opens with its conclusions


def test_lost_items_by_share_of_maximum_without_sector_totals(results: YearResults) -> None:
    lost = tables.lost_items(results)
    # 政务 (临颍县; 95 and 70 trimmed, raters 甲乙丙): 组织领导 (45 + 40 + 44)/3 = 43 of 50 → 7, 14%.
    # 村务 (市民政局): 组织领导 17.5 of 20 → 2.5, 12.5%; 公开情况 71 of 80 → 9, 11.25%.
    # 党务 over 5 units: 组织领导 (37 + 35.5 + 38 + 35.36 + 30.25)/5 = 35.222 of 40 → 4.778, 11.945%;
    #   公开内容 (52 + 52 + 57 + 54 + 50)/5 = 53 of 60 → 7, 11.67%.
    # 政务 办事服务 (45 + 45 + 44)/3 = 44.67 (item means are reported to 2 decimals) → 5.33, 10.66%.
    # 民生 has one column, 民生公开(100分), the whole sector: a total, left out (by points it would lead).
    assert lost["label"].tolist() == [
        "阳光政务·组织领导",
        "阳光村务·组织领导",
        "阳光党务·组织领导",
        "阳光党务·公开内容",
        "阳光村务·公开情况",
        "阳光政务·办事服务",
    ]
    assert lost["share"].round(5).tolist() == [0.14, 0.125, 0.11945, 0.11667, 0.1125, 0.1066]
    assert lost["失分率"].tolist()[:3] == ["14.0%", "12.5%", "11.9%"]
    assert tables.total_only_sectors(results) == ["阳光民生"]
    assert "阳光民生板块的评分表只报总分" in sentences.lost_items_note(results)


def test_close_ranks_in_plain_words(results: YearResults) -> None:
    robustness = pd.DataFrame(
        {
            "unit_id": ["a", "b", "c", "d"],
            "unit_name": ["甲", "乙", "丙", "丁"],
            "rank_group": "县区",
            "rank": [1, 2, 3, 4],
            "boot_rank_low": [1, 1, 2, 4],
            "boot_rank_high": [2, 3, 3, 4],
            "variant_rank_min": [1, 2, 3, 4],
            "variant_rank_max": [1, 2, 3, 4],
            "indistinct_from_next": [True, True, False, False],
        }
    )
    composite = pd.DataFrame(
        {"unit_id": list("abcd"), "rank_group": "县区", "composite": [90.0, 89.7, 89.0, 80.0]}
    )
    fake = dataclasses.replace(results, robustness=robustness, composite=composite)
    # Gaps 0.30 and 0.70 between 甲, 乙, 丙; 丙 is clearly ahead of 丁.
    assert sentences.close_ranks(fake) == [
        "县区第1至第3名（甲、乙、丙）相邻单位分差均不超过0.70分，名次差异不显著。"
    ]


def test_bars_start_at_zero_and_tall_charts_fit_a_page(results: YearResults) -> None:
    ax = charts.plot_rank_bars(results.composite, "县区", results.grade_names)
    assert ax.get_xlim() == (0.0, 100.0)
    plt.close(ax.figure)
    many = pd.DataFrame(
        {
            "unit_name": [f"单位{i:03d}" for i in range(120)],
            "rank_group": "市直单位",
            "rank": range(1, 121),
            "composite": [95 - i / 10 for i in range(120)],
            "grade": "好",
            "publicity_bonus": 0.5,
            "deduction": 0.0,
        }
    )
    for rows, parts in [(many.head(51), 1), (many, 3)]:
        axes = charts.rank_bar_pages(rows, "市直单位", ["好"])
        assert len(axes) == parts
        assert all(a.figure.get_figheight() <= charts.PAGE_HEIGHT + 1e-9 for a in axes)
        assert [len(a.get_yticklabels()) for a in axes] == [len(rows) // parts] * parts
        assert axes[-1].get_title().endswith("（续）") == (parts > 1)
        for a in axes:
            plt.close(a.figure)
    heat = pd.DataFrame(80.0, index=many["unit_name"], columns=["阳光党务", "阳光政务"])
    axes = charts.heatmap_pages({"市直单位": heat})
    assert len(axes) == 3 and all(a.figure.get_figheight() <= charts.PAGE_HEIGHT + 1e-9 for a in axes)
    assert all([t.get_text() for t in a.get_xticklabels()] == ["阳光党务", "阳光政务"] for a in axes)
    for a in axes:
        plt.close(a.figure)


def test_chart_background_stays_exactly_white(results: YearResults) -> None:
    from PIL import Image

    png = charts.to_png(charts.plot_lost_points(tables.lost_items(results)))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    assert image.getpixel((1, 1)) == image.getpixel((width - 2, height - 2)) == (255, 255, 255)


def test_workbook_keeps_the_file_list_and_the_combined_hash(results: YearResults) -> None:
    from sunshine_analysis.render.workbook import workbook_tables

    sources = workbook_tables(results)["来源"].set_index("项目")["内容"]
    assert sources["输入文件合并 SHA-256"] == sentences.inputs_hash(results.manifest)
    for entry in results.manifest["inputs"]:  # every input with its SHA-256, as the summary says
        assert sources[entry["path"]] == entry["sha256"]
