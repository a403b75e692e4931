"""Charts in one print-friendly style, with a packaged Chinese font.

The font comes with the ``mplfonts`` package (Noto Sans CJK SC), so Chinese renders on a
machine without any system CJK font.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_NAME = "Noto Sans CJK SC"
# Grade colours: distinct hues that also stay apart in grayscale.
GRADE_COLOURS = {"好": "#1b4f72", "较好": "#5d8aa8", "一般": "#b0c4de", "差": "#e8e8e8"}


@cache
def use_chinese_font() -> str:
    """Register the packaged CJK font with matplotlib and make it the default; idempotent."""
    path = files("mplfonts") / "fonts" / FONT_FILE
    font_manager.fontManager.addfont(str(path))
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
        }
    )
    return FONT_NAME


def plot_rank_bars(composite: pd.DataFrame, group: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Horizontal bars of one rank group's composites, best at the top, coloured by grade."""
    use_chinese_font()
    rows = composite[composite["rank_group"] == group].sort_values(["rank", "unit_name"])
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.28 * len(rows) + 1.2))
    colours = [GRADE_COLOURS.get(g, "#999999") for g in rows["grade"]]
    ax.barh(rows["unit_name"], rows["composite"], color=colours, edgecolor="#333333", linewidth=0.5)
    ax.invert_yaxis()
    low = max(0.0, float(rows["composite"].min()) - 5) if len(rows) else 0.0
    ax.set_xlim(low, 100)
    ax.set_xlabel("综合得分")
    ax.set_title(f"{group}综合得分排名")
    for y, value in enumerate(rows["composite"]):
        ax.text(value + 0.2, y, f"{value:.2f}", va="center", fontsize=8)
    handles = [mpl.patches.Patch(facecolor=c, edgecolor="#333333", label=g) for g, c in GRADE_COLOURS.items()]
    ax.legend(handles=handles, title="等次", loc="lower right", fontsize=8)
    ax.grid(axis="y", visible=False)
    return ax
