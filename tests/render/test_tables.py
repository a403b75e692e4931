"""The report tables on the tiny year (tests/conftest.py), against values worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from sunshine_analysis.outputs.results import YearResults, load_results
from sunshine_analysis.render import html, sentences, tables


@pytest.fixture(scope="module")
def results(tiny_processed: Path) -> YearResults:
    return load_results(2020, tiny_processed)


def test_rank_table_shares_a_tied_rank_and_skips_the_next(results: YearResults) -> None:
    table = tables.rank_table(results, "市直单位")
    assert list(table.columns) == [
        "名次", "单位", "参加板块数", "板块平均分", "信息宣传加分", "扣分", "综合得分", "等次"
    ]  # fmt: skip
    assert table["名次"].tolist() == [1, 2, 2, 4]
    assert table["单位"].tolist() == ["市委组织部", "市总工会", "市民政局", "市妇联"]
    assert table["综合得分"].tolist() == [95.0, 89.36, 89.36, 80.25]
    assert table["等次"].tolist() == ["好", "较好", "较好", "较好"]


def test_overview_counts_every_grade_of_the_rules(results: YearResults) -> None:
    table = tables.overview_table(results).set_index("排名组")
    assert table.loc["县区", "单位数"] == 2
    assert table.loc["县区", "最高"] == 89.83 and table.loc["县区", "最低"] == 87.5
    assert [table.loc["市直单位", f"{g}（个）"] for g in ("好", "较好", "一般", "差")] == [1, 3, 0, 0]


def test_grade_names_come_from_the_rules_file(results: YearResults) -> None:
    assert results.grade_names == ["好", "较好", "一般", "差"]
    text = "".join(sentences.overview_sentences(results))
    assert "好1个、较好3个" in text


def test_table_html_escapes_and_fixes_decimals(results: YearResults) -> None:
    markup = html.table_html(tables.rank_table(results, "县区"))
    assert '<td class="num">89.83</td>' in markup and '<td class="num">87.50</td>' in markup
