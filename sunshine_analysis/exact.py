"""Exact score arithmetic on scaled integers, and half-up rounding for what is reported.

Scores are held as integer *ticks* of ``10**-TICK_DECIMALS`` points. Means are kept exact
by expressing every value over one common denominator (see :mod:`sunshine_analysis.scoring.engine`),
so no float ever decides a rank and rounding is true 四舍五入 (half-up), never banker's.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

TICK_DECIMALS = 4
"""Finest precision accepted in an input score: 0.0001 points."""
TICKS = 10**TICK_DECIMALS


def round_half_up(value: Decimal | Fraction | str | int, decimals: int) -> Decimal:
    """Round half away from zero (四舍五入) to ``decimals`` places, exactly.

    >>> round_half_up("89.125", 2)
    Decimal('89.13')
    >>> round_half_up("2.675", 2)  # round(2.675, 2) gives 2.67 on floats
    Decimal('2.68')
    >>> round_half_up(Fraction(-179, 8), 2), round_half_up(Fraction(263, 3), 2)
    (Decimal('-22.38'), Decimal('87.67'))
    """
    if isinstance(value, Fraction):
        scaled = value * 10**decimals
        magnitude = (2 * abs(scaled.numerator) + scaled.denominator) // (2 * scaled.denominator)
        return Decimal(magnitude if scaled >= 0 else -magnitude).scaleb(-decimals)
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def to_ticks(points: Decimal | str | int) -> int:
    """Convert an exact point value (e.g. a rule value) to integer ticks.

    >>> to_ticks(Decimal("0.2"))
    2000

    Raises:
        ValueError: The value is finer than a tick.
    """
    scaled = Decimal(points) * TICKS
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{points} has more than {TICK_DECIMALS} decimals")
    return int(scaled)


def floats_to_ticks(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Convert float scores (as read from a sheet) to ticks.

    Spreadsheets store 8.3 as 8.300000000000001; anything within a millionth of a tick is
    taken at its intended decimal value.

    Returns:
        The ticks (``Int64``, missing where the input is) and a boolean mask of values that
        are finer than a tick (an error for the caller to report).
    """
    scaled = values.to_numpy(dtype="float64", na_value=np.nan) * TICKS
    nearest = np.rint(scaled)
    missing = np.isnan(scaled)
    with np.errstate(invalid="ignore"):
        # In place: a year has millions of scores.
        scaled -= nearest
        too_fine = np.abs(scaled, out=scaled) > 1e-6
    if missing.any():
        ticks = pd.Series(nearest, index=values.index).astype("Int64")
    else:
        ticks = pd.Series(nearest.astype("int64"), index=values.index, dtype="Int64")
    return ticks, pd.Series(too_fine & ~missing, index=values.index)


def round_scaled(numerators: pd.Series, denominator: int, decimals: int) -> pd.Series:
    """Round exact values ``numerators / (denominator * TICKS)`` points half-up.

    Args:
        numerators: Integer numerators (int64 or Python ints in an object Series).
        denominator: The common denominator of the values, in ticks per point.
        decimals: Decimals of the result.

    Returns:
        The rounded values as integers in units of ``10**-decimals`` points.

    >>> round_scaled(pd.Series([891250, -891250, 891249]), 1, 2).tolist()
    [8913, -8913, 8912]
    """
    # The same rule as round_half_up, vectorised over integers.
    step = denominator * 10 ** (TICK_DECIMALS - decimals)
    magnitude = (2 * numerators.abs() + step) // (2 * step)
    return magnitude.where(numerators >= 0, -magnitude)


def to_points(rounded: pd.Series, decimals: int) -> pd.Series:
    """Rounded integers (units of ``10**-decimals``) as float points, for display and charts.

    The float nearest to a two-decimal value prints back as that value, so formatting these
    with ``decimals`` places is exact.
    """
    return rounded.astype("float64") / 10**decimals


def format_points(rounded: int, decimals: int) -> str:
    """Format one rounded integer as a fixed-point string without floats.

    >>> format_points(8913, 2), format_points(-5, 2), format_points(100, 0)
    ('89.13', '-0.05', '100')
    """
    sign = "-" if rounded < 0 else ""
    whole, frac = divmod(abs(int(rounded)), 10**decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}" if decimals else f"{sign}{whole}"
