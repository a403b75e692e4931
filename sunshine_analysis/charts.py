"""Charts in one print-friendly style, with a packaged Chinese font.

The font comes with the ``mplfonts`` package (Noto Sans CJK SC), so Chinese renders on a
machine without any system CJK font. Colours step in lightness and bars carry hatches where
colour alone would tell things apart, so every chart reads on a grayscale printout.
Each function draws on ``ax`` (a new figure when ``None``) and returns the axes.
"""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_NAME = "Noto Sans CJK SC"
# Grade colours: distinct hues that also stay apart in grayscale.
GRADE_COLOURS = {"好": "#1b4f72", "较好": "#5d8aa8", "一般": "#b0c4de", "差": "#e8e8e8"}
INK = "#333333"
DARK, LIGHT = "#1b4f72", "#b0c4de"
SEQUENTIAL = "Blues"


@cache
def use_chinese_font() -> str:
    """Register the packaged CJK font with matplotlib and make it the default; idempotent."""
    path = files("mplfonts") / "fonts" / FONT_FILE
    font_manager.fontManager.addfont(str(path))
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
            "font.size": 9,
            "axes.unicode_minus": False,
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.edgecolor": INK,
            "hatch.linewidth": 0.6,
        }
    )
    return FONT_NAME


def to_png(ax: plt.Axes) -> bytes:
    """Render the chart of ``ax`` as PNG bytes and close its figure.

    The layout is already fitted (constrained), so no second "tight" pass is drawn, which
    is what the notebook's inline display would otherwise do for every chart.
    """
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(ax.figure)
    return buffer.getvalue()


def show(ax: plt.Axes) -> None:
    """Show the chart of ``ax`` in a notebook as an inline PNG (see :func:`to_png`)."""
    from IPython.display import Image, display

    display(Image(to_png(ax)))


def _axes(ax: plt.Axes | None, width: float, height: float) -> plt.Axes:
    use_chinese_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def plot_rank_bars(composite: pd.DataFrame, group: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Horizontal bars of one rank group's composites, best at the top, coloured by grade."""
    rows = composite[composite["rank_group"] == group].sort_values(["rank", "unit_name"])
    ax = _axes(ax, 7.5, 0.28 * len(rows) + 1.2)
    colours = [GRADE_COLOURS.get(g, "#999999") for g in rows["grade"]]
    ax.barh(rows["unit_name"], rows["composite"], color=colours, edgecolor=INK, linewidth=0.5)
    ax.invert_yaxis()
    low = max(0.0, float(rows["composite"].min()) - 5) if len(rows) else 0.0
    ax.set_xlim(low, 100)
    ax.set_xlabel("综合得分")
    ax.set_title(f"{group}综合得分排名")
    for y, value in enumerate(rows["composite"]):
        ax.text(value + 0.2, y, f"{value:.2f}", va="center", fontsize=8)
    handles = [mpl.patches.Patch(facecolor=c, edgecolor=INK, label=g) for g, c in GRADE_COLOURS.items()]
    ax.legend(handles=handles, title="等次", loc="lower right", fontsize=8)
    ax.grid(axis="y", visible=False)
    return ax


def plot_heatmap(table: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Units × sectors of scores, shaded light (low) to dark (high), each cell labelled.

    Args:
        table: Rows are units, columns sectors (e.g. :meth:`YearResults.sector_table`);
            empty cells (sectors a unit does not take part in) stay blank.
    """
    ax = _axes(ax, 1.3 * len(table.columns) + 2.5, 0.26 * len(table) + 1.2)
    values = table.to_numpy(dtype="float64")
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 100.0)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=SEQUENTIAL, vmin=low - 2, vmax=high, aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns)
    ax.set_yticks(range(len(table)), table.index)
    ax.grid(False)
    for (y, x), value in np.ndenumerate(values):
        if np.isfinite(value):
            dark = value > low + 0.6 * (high - low)
            ax.text(
                x, y, f"{value:.2f}", ha="center", va="center", fontsize=7, color="white" if dark else "black"
            )
    ax.figure.colorbar(image, ax=ax, shrink=0.6, label="单项得分")
    ax.set_title("各单位板块单项得分")
    return ax


def plot_sector_distributions(scores: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Box plots of the sector scores, one per sector, with every unit as a dot.

    Args:
        scores: Long table with ``sector_name`` and ``sector_score``.
    """
    names = list(dict.fromkeys(scores["sector_name"]))
    ax = _axes(ax, 7.5, 3.6)
    groups = [scores.loc[scores["sector_name"] == n, "sector_score"].to_numpy() for n in names]
    ax.boxplot(
        groups,
        tick_labels=names,
        widths=0.5,
        patch_artist=True,
        boxprops={"facecolor": LIGHT, "edgecolor": INK},
        medianprops={"color": INK, "linewidth": 1.5},
        whiskerprops={"color": INK},
        capprops={"color": INK},
        flierprops={"marker": ""},
    )
    rng = np.random.default_rng(0)
    for i, values in enumerate(groups, start=1):
        ax.plot(i + rng.uniform(-0.12, 0.12, len(values)), values, "o", ms=3, color=DARK, alpha=0.8)
    ax.set_ylabel("单项得分")
    ax.set_title("各板块单项得分分布")
    ax.grid(axis="x", visible=False)
    return ax


def plot_lost_points(lost: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Horizontal bars of the average points lost per item, largest at the top.

    Args:
        lost: ``label`` (sector and item) and ``lost`` (average points lost), in the order to show.
    """
    ax = _axes(ax, 7.5, 0.3 * len(lost) + 1.2)
    ax.barh(lost["label"], lost["lost"], color=LIGHT, edgecolor=INK, linewidth=0.5, hatch="//")
    ax.invert_yaxis()
    for y, value in enumerate(lost["lost"]):
        ax.text(value, y, f" {value:.2f}", va="center", fontsize=8)
    ax.set_xlabel("平均失分")
    ax.set_title("失分较多的评分项目")
    ax.grid(axis="y", visible=False)
    return ax


def plot_bonus_deduction(composite: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """Publicity bonus (right, plain) against deductions (left, hatched) of each unit that has either."""
    rows = composite[(composite["publicity_bonus"] > 0) | (composite["deduction"] > 0)]
    rows = rows.sort_values(["rank_group", "rank", "unit_name"])
    ax = _axes(ax, 7.5, 0.28 * len(rows) + 1.4)
    labels = rows["unit_name"]
    ax.barh(labels, rows["publicity_bonus"], color=LIGHT, edgecolor=INK, linewidth=0.5, label="信息宣传加分")
    ax.barh(
        labels, -rows["deduction"], color="white", edgecolor=INK, linewidth=0.5, hatch="xxx", label="扣分"
    )
    ax.axvline(0, color=INK, linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel("分值（加分为正，扣分为负）")
    ax.set_title("信息宣传加分与扣分")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="y", visible=False)
    return ax


def plot_year_slope(change: pd.DataFrame, group: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Slope chart: each unit's composite last year and this year, joined by a line.

    Args:
        change: ``unit_name``, ``rank_group``, ``previous``, ``composite`` and ``year``,
            ``previous_year`` (:func:`sunshine_analysis.display.year_change`).
        group: The rank group to draw.
    """
    rows = change[(change["rank_group"] == group)].dropna(subset=["previous", "composite"])
    ax = _axes(ax, 6.5, 0.22 * len(rows) + 2.5)
    for r in rows.itertuples():
        up = r.composite >= r.previous
        ax.plot(
            [0, 1],
            [r.previous, r.composite],
            marker="o",
            ms=3,
            color=DARK if up else "#888888",
            linestyle="-" if up else "--",
            linewidth=1,
        )
        ax.text(1.03, r.composite, r.unit_name, va="center", fontsize=7)
    if len(rows):
        years = int(rows["previous_year"].iloc[0]), int(rows["year"].iloc[0])
        ax.set_xticks([0, 1], [f"{years[0]} 年", f"{years[1]} 年"])
    ax.set_xlim(-0.1, 1.45)
    ax.set_ylabel("综合得分")
    ax.set_title(f"{group}综合得分变化（实线上升，虚线下降）")
    ax.grid(axis="x", visible=False)
    return ax


def plot_rank_intervals(intervals: pd.DataFrame, group: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Each unit's rank with the interval its rank may take, best at the top.

    Args:
        intervals: ``unit_name``, ``rank_group``, ``rank``, ``rank_low``, ``rank_high``
            (:func:`sunshine_analysis.display.interval_table`).
        group: The rank group to draw.
    """
    rows = intervals[intervals["rank_group"] == group].sort_values(["rank", "unit_name"])
    ax = _axes(ax, 7.0, 0.26 * len(rows) + 1.2)
    y = np.arange(len(rows))
    ax.hlines(y, rows["rank_low"], rows["rank_high"], color=LIGHT, linewidth=4)
    ax.plot(rows["rank"], y, "o", color=DARK, ms=4)
    ax.set_yticks(y, rows["unit_name"])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("名次（点为实际名次，条为可能区间）")
    ax.set_title(f"{group}名次稳健性")
    return ax


def plot_unit_profile(profile: pd.DataFrame, ax: plt.Axes | None = None) -> plt.Axes:
    """One unit's sector scores against its group: quartile band, group mean and the unit.

    Args:
        profile: One row per sector: ``sector_name``, ``score``, ``mean``, ``q1``, ``q3``
            (:func:`sunshine_analysis.display.unit_profile`).
    """
    ax = _axes(ax, 6.5, 0.5 * len(profile) + 1.4)
    y = np.arange(len(profile))
    ax.hlines(y, profile["q1"], profile["q3"], color=LIGHT, linewidth=9, label="本组四分位区间")
    ax.plot(profile["mean"], y, "|", color=INK, ms=14, mew=2, label="本组平均")
    ax.plot(profile["score"], y, "D", color=DARK, ms=6, label="本单位")
    ax.set_yticks(y, profile["sector_name"])
    ax.invert_yaxis()
    ax.set_xlabel("单项得分")
    ax.set_title("本单位板块得分与本组比较", pad=24)
    ax.legend(loc="lower center", fontsize=8, bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False)
    return ax
