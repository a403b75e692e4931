"""Charts: the packaged CJK font, no missing glyph, colours that stay apart in grayscale."""

from __future__ import annotations

import dataclasses
import io
import itertools
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from sunshine_analysis.outputs.results import load_results
from sunshine_analysis.render import charts
from sunshine_analysis.render import tables as d


def _render(ax: plt.Axes) -> None:
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png")
    plt.close(ax.figure)
    assert buffer.getvalue()[:4] == b"\x89PNG"


PACKAGED = charts.font_file().resolve()


@contextmanager
def machine_cjk_fonts() -> Iterator[None]:
    """matplotlib's font list as on a machine with CJK fonts of its own, ahead of the others.

    Every CJK font installed on this machine is listed (matplotlib's font cache may predate
    them), and a font that calls itself "Noto Sans CJK SC" but is another file, so that the
    packaged font has a namesake to lose to even on a machine without CJK fonts.
    """
    manager = font_manager.fontManager
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(manager, "ttflist", list(manager.ttflist))
        before = len(manager.ttflist)
        for path in sorted(f for f in font_manager.findSystemFonts() if "CJK" in Path(f).name):
            manager.addfont(path)
        impostor = charts.font_file().with_name("SimHei.ttf")
        entry = font_manager.ttfFontProperty(FT2Font(str(impostor)))
        added = [dataclasses.replace(entry, name=charts.FONT_NAME), *manager.ttflist[before:]]
        manager.ttflist[:] = added + manager.ttflist[:before]
        manager._findfont_cached.cache_clear()  # findfont's answers for the old list
        try:
            yield
        finally:
            monkeypatch.undo()
            manager._findfont_cached.cache_clear()


def every_chart(processed: Path) -> list[plt.Axes]:
    results = load_results(2020, processed)
    comp = results.composite
    change = comp.assign(previous=comp["composite"] - 1.0, year=2020, previous_year=2019)
    intervals = comp.assign(rank_low=comp["rank"], rank_high=comp["rank"] + 1)
    profile = pd.DataFrame(
        {"sector_name": ["阳光党务"], "score": [88.0], "mean": [86.0], "q1": [84.0], "q3": [89.0]}
    )
    return [
        charts.plot_rank_bars(results.composite, "县区", results.grade_names),
        charts.plot_heatmap(results.sector_table()),
        charts.plot_sector_distributions(d.sector_scores_long(results)),
        charts.plot_lost_points(d.lost_items(results)),
        charts.plot_bonus_deduction(results.composite),
        charts.plot_year_slope(change, "市直单位"),
        charts.plot_rank_intervals(intervals, "市直单位"),
        charts.plot_unit_profile(profile),
    ]


def test_every_text_of_every_chart_is_drawn_with_the_packaged_font_file(tiny_processed: Path) -> None:
    seen = set()
    with machine_cjk_fonts():
        for ax in every_chart(tiny_processed):
            FigureCanvasAgg(ax.figure).draw()  # tick labels exist once drawn
            texts = [t for t in ax.figure.findobj(Text) if t.get_text()]
            for text in texts:
                # The files the Agg renderer opens for this text; it takes every glyph from the
                # first one that has it (here all of them: no missing-glyph warning).
                used = font_manager.fontManager._find_fonts_by_props(text.get_fontproperties())
                assert Path(used[0]).resolve() == PACKAGED, (text.get_text(), used)
            seen |= {t.get_text() for t in texts}
            # What was checked includes the title, axis labels, tick labels and legend.
            assert {ax.get_title(), ax.get_xlabel(), ax.get_ylabel()} - {""} <= seen
            assert {t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]} - {""} <= seen
            if ax.get_legend():
                assert {t.get_text() for t in ax.get_legend().get_texts()} <= seen
    assert {"等次", "单项得分", "县区综合得分排名", "2019年"} <= seen  # legend title, colour bar, …


def test_a_chart_is_the_same_picture_whatever_cjk_fonts_the_machine_has(tiny_processed: Path) -> None:
    before = [charts.to_png(ax) for ax in every_chart(tiny_processed)[:3]]
    with machine_cjk_fonts():
        during = [charts.to_png(ax) for ax in every_chart(tiny_processed)[:3]]
    assert during == before


def test_missing_glyph_warning_is_what_the_notebook_tests_look_for() -> None:
    # Without the packaged font, Chinese text warns with the words the notebook tests scan for.
    with plt.rc_context({"font.family": "DejaVu Sans"}), pytest.warns(UserWarning, match="missing from font"):
        fig, ax = plt.subplots()
        ax.set_title("阳光")
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)


def test_every_chart_draws_chinese_without_a_warning(tiny_processed: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for ax in every_chart(tiny_processed):
            _render(ax)


def test_grade_colours_stay_apart_in_grayscale() -> None:
    luma = [0.299 * r + 0.587 * g + 0.114 * b for r, g, b in map(to_rgb, charts.GRADE_COLOURS)]
    assert luma == sorted(luma)  # 好 darkest … 差 lightest
    assert min(b - a for a, b in itertools.pairwise(luma)) > 0.1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(60, 100, allow_nan=False), min_size=1, max_size=60),
    st.floats(0.05, 2.0),
)
def test_spread_labels_keeps_order_and_gap_and_moves_only_what_crowds(y: list[float], gap: float) -> None:
    at = charts.spread_labels(y, gap)
    order = np.argsort(y, kind="stable")
    assert (np.diff(at[order]) >= gap - 1e-9).all()
    # Least squares: the labels' mean stays where the points' mean is.
    assert abs(at.mean() - np.mean(y)) < 1e-6
    if (np.diff(np.sort(y)) >= gap).all():
        assert np.allclose(at, y)


@given(st.lists(st.floats(60, 100, allow_nan=False), min_size=1, max_size=20))
def test_spread_labels_stays_within_bounds_when_they_fit(y: list[float]) -> None:
    gap = 30 / len(y)  # the labels just fit in [65, 95]
    at = charts.spread_labels(y, gap, 65, 95)
    assert at.min() >= 65 - 1e-9 and at.max() <= 95 + 1e-9
    assert (np.diff(np.sort(at)) >= gap - 1e-9).all()


def test_spread_labels_by_hand() -> None:
    # 源汇区 88.42, 舞阳县 87.72, 临颍县 86.90 with gap 1: shifted down by 3 steps as one block,
    # centred on their mean 87.68: 86.68, 87.68, 88.68; 80 is far enough and stays.
    at = charts.spread_labels([88.42, 87.72, 86.90, 80.0], 1.0)
    assert np.allclose(at, [88.68, 87.68, 86.68, 80.0])


def test_year_slope_labels_do_not_overlap() -> None:
    names = ["源汇区", "舞阳县", "临颍县", "郾城区", "召陵区", "西城区"]
    change = pd.DataFrame(
        {
            "unit_name": names,
            "rank_group": "县区",
            "previous": [90.0, 85.0, 88.0, 80.0, 70.0, 95.0],
            "composite": [88.42, 87.72, 86.90, 88.40, 69.04, 88.41],
            "year": 2020,
            "previous_year": 2019,
        }
    )
    ax = charts.plot_year_slope(change, "县区")
    renderer = FigureCanvasAgg(ax.figure).get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in ax.texts), key=lambda b: b.y0)
    assert [t.get_text().split()[0] for t in ax.texts] == names
    assert all(a.y1 <= b.y0 + 0.5 for a, b in itertools.pairwise(boxes))  # half a pixel of rounding
    assert all(b.y0 >= 0 and b.y1 <= ax.figure.bbox.height for b in boxes)
