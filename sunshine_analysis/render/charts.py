"""Charts in one print-friendly style, with a packaged Chinese font.

The font comes with the ``mplfonts`` package (Noto Sans CJK SC) and is loaded from its file
(:func:`use_chinese_font`): Chinese renders on a machine without any CJK font, and a machine
whose own CJK fonts carry the same family name draws exactly the same pictures. Colours step
in lightness and bars carry hatches where colour alone would tell things apart, so every
chart reads on a grayscale printout.

Each function draws on ``ax`` (a new figure when ``None``) and returns the axes. New figures
are plain :class:`~matplotlib.figure.Figure` objects (no pyplot) with margins fixed in inches
from their labels, so a chart is drawn exactly once, when it is saved; they are
:data:`WIDTH` inches wide, the text width of the A4 page, and shown at that size
(:func:`show`), so their type prints at its nominal point size.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, ttfFontProperty
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from PIL import Image

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_NAME = "Noto Sans CJK SC"
"""The family name inside :data:`FONT_FILE`, which a machine's own Noto CJK fonts share."""
FONT_FAMILY = "sunshine_analysis: Noto Sans CJK SC (mplfonts)"
"""The name the charts ask for: given to the packaged file only, so no other font can answer it."""
# Grade colours, best grade first: steps that also stay apart in grayscale.
GRADE_COLOURS = ("#1b4f72", "#5d8aa8", "#b0c4de", "#e8e8e8")
INK = "#333333"
DARK, LIGHT = "#1b4f72", "#b0c4de"
SEQUENTIAL = "Blues"
WIDTH = 6.8
"""Figure width in inches: the page's text width (174 mm on screen, 180 mm printed on A4)."""
DPI = 150
"""Pixels per inch of the PNGs: sharp enough for print at :data:`WIDTH`, twice what a screen shows."""
CSS_DPI = 96
FONT_SIZE = 9
LABEL_SIZE = 8
LINE = 1.3
"""Line height of a label, in multiples of its font size: the least vertical gap between labels."""
PAGE_HEIGHT = 9.2
"""The tallest chart in inches: the A4 page's text height (259 mm, 10.2 in) less a heading."""
ROW = 0.2
"""Inches per bar or row of a chart with one row per unit, when the page has room ..."""
MIN_ROW = 0.16
"""... and the least it is squeezed to (a label line of :data:`LABEL_SIZE` points) before the
chart is split into parts of a page each, every part with its own axes and labels."""


def font_file() -> Path:
    """The packaged font file every chart text is drawn with."""
    return Path(str(files("mplfonts") / "fonts" / FONT_FILE))


def use_chinese_font() -> str:
    """Draw every chart text with the packaged CJK font file; returns the family name used.

    Asking matplotlib for "Noto Sans CJK SC" would get whichever font of that name it finds
    first, a system one where one is installed, so the file is registered under a name of its
    own (:data:`FONT_FAMILY`) and that name is the default family: titles, labels, ticks,
    legends, colour bars and any text a notebook adds all resolve to this one file (DejaVu
    Sans, which matplotlib ships, after it for any glyph it lacks). The registration is checked
    on every call, since matplotlib rebuilds its font list when a cached font file vanishes.
    """
    path = str(font_file())
    if not any(f.name == FONT_FAMILY and f.fname == path for f in fontManager.ttflist):
        entry = dataclasses.replace(ttfFontProperty(FT2Font(path)), fname=path, name=FONT_FAMILY)
        fontManager.ttflist.append(entry)
        # Also lists the file under its own name (never asked for) and, what is wanted here,
        # empties findfont's cache of answers given before FONT_FAMILY existed.
        fontManager.addfont(path)
    _chart_style()
    return FONT_FAMILY


@cache
def _chart_style() -> None:
    """The charts' rcParams, set once (a notebook may change them afterwards)."""
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
            "font.size": FONT_SIZE,
            "axes.unicode_minus": False,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.edgecolor": INK,
            "hatch.linewidth": 0.6,
            # Titles at a fixed height: matplotlib would otherwise measure every tick label at
            # each draw to lift a title over labels on top, where these charts have none.
            "axes.titley": 1.0,
        }
    )


def to_png(ax: Axes) -> bytes:
    """Render the chart of ``ax`` as PNG bytes, in one draw, and release a pyplot figure.

    The pixels go through a 256-colour palette (charts have few colours; antialiased edges
    survive it unseen): a third of the size of matplotlib's RGBA PNG, encoded faster, and the
    pages stay small. The palette is the fast octree one (a tenth of the time of "maximum
    coverage", about the same error); its entry nearest white is made exactly white, so the
    background stays white on paper.
    """
    figure = ax.figure
    if figure.canvas.manager is not None:  # made through pyplot: forget it there
        import matplotlib.pyplot as plt

        plt.close(figure)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba())
    image = image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    palette = np.asarray(image.getpalette(), dtype="int64").reshape(-1, 3)
    palette[np.abs(palette - 255).sum(axis=1).argmin()] = 255
    image.putpalette(palette.astype("uint8").ravel().tolist())
    buffer = io.BytesIO()
    image.save(buffer, format="png")
    return buffer.getvalue()


def show(ax: Axes) -> None:
    """Show the chart of ``ax`` in a notebook as an inline PNG at its printed size."""
    from IPython.display import Image, display

    width = round(ax.figure.get_figwidth() * CSS_DPI)
    display(Image(to_png(ax), width=width))


def text_width(labels, size: float = FONT_SIZE) -> float:
    """The width in inches of the longest of ``labels`` at ``size`` points, estimated.

    Chinese characters are one em wide, other characters about 0.6 em, so margins can be
    fixed before drawing (no layout pass).

    >>> round(text_width(["市委组织部", "ab"], 9), 3)
    0.625
    """
    ems = [sum(1.0 if ord(c) > 0x2E80 else 0.6 for c in str(s)) for s in labels]
    return max(ems, default=0.0) * size / 72


def _axes(
    ax: Axes | None,
    height: float,
    *,
    left: float = 0.6,
    right: float = 0.2,
    top: float = 0.35,
    bottom: float = 0.5,
    width: float = WIDTH,
) -> Axes:
    """``ax``, or the axes of a new figure with the given margins in inches."""
    use_chinese_font()
    if ax is not None:
        return ax
    figure = Figure(figsize=(width, height))
    figure.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )
    return figure.add_subplot()


def page_parts(n: int, frame: float) -> tuple[float, list[slice]]:
    """Row height and parts for a chart of ``n`` rows that must fit a printed page each.

    Args:
        n: Rows (units) to draw.
        frame: Inches of the chart that are not rows (title, axis, margins).

    Returns:
        The row height in inches (:data:`ROW`, less down to :data:`MIN_ROW` so that the rows
        fit one page) and the rows of each part: one part when they fit, else the fewest parts
        of equal size that do.

    >>> page_parts(51, 0.9)[0] == (PAGE_HEIGHT - 0.9) / 51, len(page_parts(51, 0.9)[1])
    (True, 1)
    >>> page_parts(120, 0.9)[1]
    [slice(0, 40, None), slice(40, 80, None), slice(80, 120, None)]
    """
    room = PAGE_HEIGHT - frame
    if n * MIN_ROW <= room:
        return (min(ROW, room / n) if n else ROW), [slice(0, n)]
    size = -(-n // -(-n // int(room // MIN_ROW)))  # ceil(n / number of parts)
    return min(ROW, room / size), [slice(i, min(i + size, n)) for i in range(0, n, size)]


def _title(text: str, part: slice | None) -> str:
    return f"{text}（续）" if part is not None and part.start else text


def _axes_height(ax: Axes) -> float:
    return ax.get_position().height * ax.figure.get_figheight()


def spread_labels(y, gap: float, low: float = -np.inf, high: float = np.inf) -> np.ndarray:
    """Positions for labels at ``y`` at least ``gap`` apart, as close to ``y`` as possible.

    Least squares with the labels kept in the order of ``y``: subtracting ``i * gap`` from the
    ``i``-th lowest label turns "at least ``gap`` apart" into "non-decreasing", which isotonic
    regression (pool adjacent violators) solves exactly and deterministically; the result is
    then kept within ``[low, high]`` where the labels fit there.

    Args:
        y: Where each label would like to be (any order).
        gap: The least distance between two labels, in the units of ``y``.
        low, high: The range the labels must stay in.

    Returns:
        The label positions, in the order of ``y``.

    >>> spread_labels([88.42, 87.72, 86.90, 80.0], gap=1.0).round(2).tolist()
    [88.68, 87.68, 86.68, 80.0]
    """
    y = np.asarray(y, dtype="float64")
    order = np.argsort(y, kind="stable")
    steps = gap * np.arange(len(y))
    target = y[order] - steps
    # Pool adjacent violators: blocks (sum, count) merge while one's mean falls below the one before.
    sums, counts = [], []
    for value in target:
        sums.append(value)
        counts.append(1)
        while len(sums) > 1 and sums[-2] / counts[-2] > sums[-1] / counts[-1]:
            value, count = sums.pop(), counts.pop()
            sums[-1] += value
            counts[-1] += count
    fitted = np.repeat([s / c for s, c in zip(sums, counts, strict=True)], counts)
    if len(y):
        top = high - steps[-1]
        fitted = np.clip(fitted, low, top) if top >= low else np.full_like(fitted, (low + top) / 2)
    out = np.empty_like(y)
    out[order] = fitted + steps
    return out


def grade_colours(grades: Sequence[str]) -> dict[str, str]:
    """A colour per grade (the rules' grades, best first), dark to light.

    >>> grade_colours(["好", "较好", "一般", "差"])["差"]
    '#e8e8e8'
    """
    steps = np.linspace(0, len(GRADE_COLOURS) - 1, len(grades)).round().astype(int) if grades else []
    return {g: GRADE_COLOURS[i] for g, i in zip(grades, steps, strict=True)}


def _grade_legend(ax: Axes, colours: dict[str, str]) -> None:
    handles = [Patch(facecolor=c, edgecolor=INK, label=g) for g, c in colours.items()]
    ax.legend(handles=handles, title="等次", loc="lower right", fontsize=LABEL_SIZE)


def plot_rank_bars(
    composite: pd.DataFrame,
    group: str,
    grades: Sequence[str],
    ax: Axes | None = None,
    part: slice | None = None,
) -> Axes:
    """Horizontal bars of one rank group's composites, best at the top, coloured by grade.

    ``grades`` are the rules' grade names, best first (:attr:`YearResults.grade_names`). The
    score axis starts at 0, so bar lengths compare honestly; the scores themselves are in the
    rank table beside the chart, so the bars carry no labels. A group too long for one printed
    page is drawn in parts (``part``: the rows of this one; see :func:`rank_bar_pages`).
    """
    rows = composite[composite["rank_group"] == group].sort_values(["rank", "unit_name"])
    step, _ = page_parts(len(rows), RANK_FRAME)
    if part is not None:
        rows = rows.iloc[part]
    ax = _axes(ax, step * len(rows) + RANK_FRAME, left=text_width(rows["unit_name"], LABEL_SIZE) + 0.15)
    palette = grade_colours(grades)
    colours = [palette.get(g, "#999999") for g in rows["grade"]]
    ax.barh(rows["unit_name"], rows["composite"], color=colours, edgecolor=INK, linewidth=0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    ax.set_xlabel("综合得分")
    ax.set_title(_title(f"{group}综合得分排名", part))
    _grade_legend(ax, palette)
    ax.grid(axis="y", visible=False)
    return ax


RANK_FRAME = 0.9
"""Inches of a bar chart that are not bars: title, score axis, margins."""


def rank_bar_pages(composite: pd.DataFrame, group: str, grades: Sequence[str]) -> list[Axes]:
    """:func:`plot_rank_bars` of one group, in as many charts as it takes to fit printed pages."""
    n = int((composite["rank_group"] == group).sum())
    return [plot_rank_bars(composite, group, grades, part=p) for p in page_parts(n, RANK_FRAME)[1]]


HEAT_FRAME = 0.7
"""Inches of a heat map that are not rows: title, sector labels, margins."""


def plot_heatmap(
    table: pd.DataFrame,
    ax: Axes | None = None,
    title: str = "各单位板块单项得分",
    scale: tuple[float, float] | None = None,
) -> Axes:
    """Units × sectors of scores, shaded light (low) to dark (high), each cell labelled.

    Args:
        table: Rows are units, columns sectors (e.g. :meth:`YearResults.sector_table`);
            empty cells (sectors a unit does not take part in) stay blank.
        ax: Axes to draw on; a new figure when ``None``, :data:`ROW` inches a row (less, down to
            :data:`MIN_ROW`, to fit a printed page; :func:`heatmap_pages` splits longer tables).
        title: The chart's title.
        scale: The lowest and highest score of the colour scale (default: of ``table``), the same
            for every part of a table drawn in parts.
    """
    step = max(MIN_ROW, page_parts(len(table), HEAT_FRAME)[0])
    ax = _axes(
        ax,
        step * len(table) + HEAT_FRAME,
        left=text_width(table.index, LABEL_SIZE) + 0.15,
        right=0.75,
        bottom=0.35,
    )
    values = table.to_numpy(dtype="float64")
    finite = values[np.isfinite(values)]
    if scale is not None:
        low, high = scale
    else:
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 100.0)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=SEQUENTIAL, vmin=low - 2, vmax=high, aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns)
    ax.set_yticks(range(len(table)), table.index)
    ax.tick_params(length=0)
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    ax.grid(False)
    for (y, x), value in np.ndenumerate(values):
        if np.isfinite(value):
            dark = value > low + 0.6 * (high - low)
            ax.text(
                x, y, f"{value:.2f}", ha="center", va="center", fontsize=7, color="white" if dark else "black"
            )
    colorbar = ax.figure.colorbar(image, ax=ax, shrink=min(1.0, 3.0 / _axes_height(ax)), fraction=0.04)
    colorbar.set_label("单项得分")
    ax.set_title(title)
    return ax


def heatmap_pages(tables: dict[str, pd.DataFrame]) -> list[Axes]:
    """One heat map per group (``tables``: group → units × sectors), each split to fit printed
    pages, on one colour scale; every part carries its own sector labels."""
    values = np.concatenate([t.to_numpy(dtype="float64").ravel() for t in tables.values()] or [[]])
    finite = values[np.isfinite(values)]
    scale = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 100.0)
    out = []
    for group, table in tables.items():
        for part in page_parts(len(table), HEAT_FRAME)[1]:
            title = _title(f"{group}各单位板块单项得分", part)
            out.append(plot_heatmap(table.iloc[part], title=title, scale=scale))
    return out


def plot_sector_distributions(scores: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Box plots of the sector scores, one per sector, with every unit as a dot.

    Args:
        scores: Long table with ``sector_name`` and ``sector_score``.
    """
    names = list(dict.fromkeys(scores["sector_name"]))
    ax = _axes(ax, 3.4, bottom=0.35)
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
    ax.set_title("各板块单项得分分布（箱体为中间一半单位，横线为中位数，点为各单位）")
    ax.grid(axis="x", visible=False)
    return ax


def plot_lost_points(lost: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars of each item's loss rate (points lost ÷ its maximum), largest at the top.

    Args:
        lost: ``label`` (sector and item) and ``share`` (average points lost over the item's
            maximum, 0–1), in the order to show (:func:`~sunshine_analysis.render.tables.lost_items`).
    """
    ax = _axes(ax, 0.24 * len(lost) + 0.9, left=text_width(lost["label"]) + 0.15, right=0.45)
    percent = lost["share"].astype("float64") * 100
    ax.barh(lost["label"], percent, color=LIGHT, edgecolor=INK, linewidth=0.5, hatch="//")
    ax.set_ylim(len(lost) - 0.5, -0.5)
    ax.set_xlim(0, max(10.0, float(percent.max()) * 1.15) if len(lost) else 10.0)
    for y, value in enumerate(percent):
        ax.text(value, y, f" {value:.1f}%", va="center", fontsize=LABEL_SIZE)
    ax.set_xlabel("平均失分率（平均失分占该项满分的百分比）")
    ax.set_title("失分率较高的评分项目")
    ax.grid(axis="y", visible=False)
    return ax


def plot_bonus_deduction(composite: pd.DataFrame, ax: Axes | None = None, part: slice | None = None) -> Axes:
    """Publicity bonus (right, plain) against deductions (left, hatched) of each unit that has either.

    A list too long for one printed page is drawn in parts (``part``: the rows of this one;
    see :func:`bonus_deduction_pages`), on the same scale.
    """
    rows = composite[(composite["publicity_bonus"] > 0) | (composite["deduction"] > 0)]
    rows = rows.sort_values(["rank_group", "rank", "unit_name"])
    step, _ = page_parts(len(rows), BONUS_FRAME)
    low, high = -float(rows["deduction"].max() or 0), float(rows["publicity_bonus"].max() or 0)
    if part is not None:
        rows = rows.iloc[part]
    ax = _axes(ax, step * len(rows) + BONUS_FRAME, left=text_width(rows["unit_name"], LABEL_SIZE) + 0.15)
    labels = rows["unit_name"]
    ax.barh(labels, rows["publicity_bonus"], color=LIGHT, edgecolor=INK, linewidth=0.5, label="信息宣传加分")
    ax.barh(
        labels, -rows["deduction"], color="white", edgecolor=INK, linewidth=0.5, hatch="xxx", label="扣分"
    )
    ax.axvline(0, color=INK, linewidth=0.8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    pad = 0.05 * (high - low or 1.0)
    ax.set_xlim(min(low, 0.0) - pad, max(high, 0.0) + pad)
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    ax.set_xlabel("分值（加分为正，扣分为负）")
    ax.set_title(_title("信息宣传加分与扣分", part))
    ax.legend(loc="lower right", fontsize=LABEL_SIZE)
    ax.grid(axis="y", visible=False)
    return ax


BONUS_FRAME = 1.0
"""Inches of the bonus and deduction chart that are not bars."""


def bonus_deduction_pages(composite: pd.DataFrame) -> list[Axes]:
    """:func:`plot_bonus_deduction` in as many charts as it takes to fit printed pages."""
    n = int(((composite["publicity_bonus"] > 0) | (composite["deduction"] > 0)).sum())
    return [plot_bonus_deduction(composite, part=p) for p in page_parts(n, BONUS_FRAME)[1]]


def plot_year_slope(change: pd.DataFrame, group: str, ax: Axes | None = None) -> Axes:
    """Slope chart: each unit's composite last year and this year, joined by a line.

    This year's end carries the unit's name and score; labels too close to tell apart are
    spread apart (:func:`spread_labels`) and joined to their point by a thin leader line.

    Args:
        change: ``unit_name``, ``rank_group``, ``previous``, ``composite`` and ``year``,
            ``previous_year`` (:func:`sunshine_analysis.render.tables.year_change`).
        group: The rank group to draw.
    """
    rows = change[(change["rank_group"] == group)].dropna(subset=["previous", "composite"])
    labels = [f"{r.unit_name} {r.composite:.2f}" for r in rows.itertuples()]
    right = text_width(labels, LABEL_SIZE) + 0.3
    ax = _axes(ax, min(PAGE_HEIGHT, max(3.4, 0.16 * len(rows) + 1.2)), right=right)
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
    ax.set_xlim(-0.08, 1.04)
    ax.set_ylabel("综合得分")
    ax.set_title(f"{group}综合得分变化（实线上升，虚线下降）")
    ax.grid(axis="x", visible=False)
    if len(rows):
        years = int(rows["previous_year"].iloc[0]), int(rows["year"].iloc[0])
        ax.set_xticks([0, 1], [f"{years[0]}年", f"{years[1]}年"])
        scores = np.concatenate([rows["previous"].to_numpy(), rows["composite"].to_numpy()])
        low, high = float(scores.min()), float(scores.max())
        pad = max(1.0, 0.04 * (high - low))
        ax.set_ylim(low - pad, high + pad)
        # Least gap in score units: one label line over the axes' height in points.
        gap = LABEL_SIZE * LINE / 72 * (high - low + 2 * pad) / _axes_height(ax)
        at = spread_labels(rows["composite"], gap, low - pad + gap / 2, high + pad - gap / 2)
        for text, y in zip(labels, at, strict=True):
            ax.text(1.07, y, text, va="center", fontsize=LABEL_SIZE, clip_on=False)
        leaders = [[(1.01, y0), (1.065, y1)] for y0, y1 in zip(rows["composite"], at, strict=True)]
        ax.add_collection(LineCollection(leaders, colors="#999999", linewidths=0.4, clip_on=False))
    return ax


def plot_rank_intervals(intervals: pd.DataFrame, group: str, ax: Axes | None = None) -> Axes:
    """Each unit's rank with the interval its rank may take, best at the top.

    Args:
        intervals: ``unit_name``, ``rank_group``, ``rank``, ``rank_low``, ``rank_high``
            (:func:`sunshine_analysis.render.tables.interval_table`).
        group: The rank group to draw.
    """
    rows = intervals[intervals["rank_group"] == group].sort_values(["rank", "unit_name"])
    ax = _axes(ax, 0.2 * len(rows) + 0.9, left=text_width(rows["unit_name"]) + 0.15)
    y = np.arange(len(rows))
    ax.hlines(y, rows["rank_low"], rows["rank_high"], color=LIGHT, linewidth=4)
    ax.plot(rows["rank"], y, "o", color=DARK, ms=4)
    ax.set_yticks(y, rows["unit_name"])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    if len(rows):
        ax.set_xlim(0.5, max(int(rows["rank_high"].max()), len(rows)) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.set_xlabel("名次（点为实际名次，条为可能区间）")
    ax.set_title(f"{group}名次稳健性")
    return ax


def plot_unit_profile(profile: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """One unit's sector scores against its group: quartile band, group mean and the unit.

    Args:
        profile: One row per sector: ``sector_name``, ``score``, ``mean``, ``q1``, ``q3``
            (:func:`sunshine_analysis.render.brief.unit_profile`).
    """
    ax = _axes(ax, 0.45 * len(profile) + 1.3, left=text_width(profile["sector_name"]) + 0.15, top=0.7)
    y = np.arange(len(profile))
    band = profile["q1"].notna().to_numpy()
    if band.any():  # quartiles only over groups large enough that they reveal no one's score
        ax.hlines(
            y[band],
            profile["q1"][band],
            profile["q3"][band],
            color=LIGHT,
            linewidth=9,
            label="本组四分位区间",
        )
    ax.plot(profile["mean"], y, "|", color=INK, ms=14, mew=2, label="本组平均")
    ax.plot(profile["score"], y, "D", color=DARK, ms=6, label="本单位")
    ax.set_yticks(y, profile["sector_name"])
    ax.set_ylim(len(profile) - 0.5, -0.5)
    ax.set_xlabel("单项得分")
    ax.set_title("本单位板块得分与本组比较", pad=24)
    ax.legend(loc="lower center", fontsize=LABEL_SIZE, bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False)
    return ax
