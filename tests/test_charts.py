"""Charts: the packaged CJK font, no missing glyph, colours that stay apart in grayscale."""

from __future__ import annotations

import io
import itertools
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.colors import to_rgb

from sunshine_analysis import charts
from sunshine_analysis import display as d
from sunshine_analysis.results import load_results


def _render(ax: plt.Axes) -> None:
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png")
    plt.close(ax.figure)
    assert buffer.getvalue()[:4] == b"\x89PNG"


def test_the_packaged_font_is_the_one_found() -> None:
    charts.use_chinese_font()
    found = font_manager.findfont(
        font_manager.FontProperties(family=charts.FONT_NAME), fallback_to_default=False
    )
    assert "mplfonts" in found and Path(found).name == charts.FONT_FILE


def test_missing_glyph_warning_is_what_the_notebook_tests_look_for() -> None:
    # Without the packaged font, Chinese text warns with the words the notebook tests scan for.
    with plt.rc_context({"font.family": "DejaVu Sans"}), pytest.warns(UserWarning, match="missing from font"):
        fig, ax = plt.subplots()
        ax.set_title("阳光")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)


def test_every_chart_draws_chinese_without_a_warning(tiny_processed: Path) -> None:
    results = load_results(2020, tiny_processed)
    comp = results.composite
    change = comp.assign(previous=comp["composite"] - 1.0, year=2020, previous_year=2019)
    intervals = comp.assign(rank_low=comp["rank"], rank_high=comp["rank"] + 1)
    profile = pd.DataFrame(
        {"sector_name": ["阳光党务"], "score": [88.0], "mean": [86.0], "q1": [84.0], "q3": [89.0]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for ax in [
            charts.plot_rank_bars(results.composite, "县区"),
            charts.plot_heatmap(results.sector_table()),
            charts.plot_sector_distributions(d.sector_scores_long(results)),
            charts.plot_lost_points(d.lost_items(results)),
            charts.plot_bonus_deduction(results.composite),
            charts.plot_year_slope(change, "市直单位"),
            charts.plot_rank_intervals(intervals, "市直单位"),
            charts.plot_unit_profile(profile),
        ]:
            _render(ax)


def test_grade_colours_stay_apart_in_grayscale() -> None:
    luma = [0.299 * r + 0.587 * g + 0.114 * b for r, g, b in map(to_rgb, charts.GRADE_COLOURS.values())]
    assert luma == sorted(luma)  # 好 darkest … 差 lightest
    assert min(b - a for a, b in itertools.pairwise(luma)) > 0.1
