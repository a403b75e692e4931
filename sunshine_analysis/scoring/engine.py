"""The scoring engine: DOMAIN.md §3, vectorised over tidy tables, in exact arithmetic.

Every intermediate value is an integer numerator over one common denominator ``Q`` ticks
per point (a tick is 0.0001 points). ``Q`` is the product of the least common multiples of
every count the rules divide by — raters kept, sub-units, sectors — so rater means,
sub-unit means and the sector mean stay exact integers, and only reported values are
rounded half-up.

The steps, in the order of DOMAIN.md §3: :func:`trim_raters` (1), sub-unit means (2),
base scores and exemptions (3), innovation bonus and the sector cap (4),
:func:`count_publicity` (6), deductions (7), composite with clipping (5), half-up
rounding (8), :func:`rank_within_groups` (9) and grades (10).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.ingest.inputs import YearInputs, participation
from sunshine_analysis.outputs import contract
from sunshine_analysis.problems import Problems
from sunshine_analysis.scoring.exact import (
    TICK_DECIMALS,
    TICKS,
    floats_to_ticks,
    round_scaled,
    to_points,
    to_ticks,
)

_SUB = ["unit_id", "sector", "sub_unit"]
_SECTOR = ["unit_id", "sector"]
_RATER = [*_SUB, "rater"]
_INT64_SAFE = 2**62


@dataclass
class Scores:
    """Every step of one year's scoring, exact and rounded.

    Attributes:
        rules: The rules applied.
        denominator: ``Q``: every ``*_num`` column holds ticks/Q, i.e. points = num / (Q·10⁴).
        units: The registry, with the rank groups of ``rules``.
        item_scores: The item scores (contract columns), with ``ticks``.
        rater_totals: One row per (unit, sector, sub-unit, rater) with ``total_ticks``,
            ``total`` and ``dropped`` (trimmed as highest or lowest).
        sub_units: One row per (unit, sector, sub-unit): ``n_raters``, ``n_kept``,
            ``kept_ticks`` and ``score_num`` (the sub-unit's mean over kept raters).
        sector_scores: One row per participating (unit, sector), exempt ones flagged, with
            ``n_sub_units``, ``base_num``, ``bonus_num``, ``sector_num`` and ``capped``.
        innovation: One row per innovation result, with ``bonus_ticks`` and ``note``.
        publicity: One row per adoption, with ``points_ticks`` and whether it ``counted``.
        deductions: One row per case, with its ``points_ticks``.
        composite: One row per unit (contract columns, then the exact numerators,
            ``publicity_raw_num`` before the cap and ``composite_rounded``).
    """

    rules: Rules
    denominator: int
    units: pd.DataFrame
    item_scores: pd.DataFrame
    rater_totals: pd.DataFrame
    sub_units: pd.DataFrame
    sector_scores: pd.DataFrame
    innovation: pd.DataFrame
    publicity: pd.DataFrame
    deductions: pd.DataFrame
    composite: pd.DataFrame

    def exact(self, numerator: int) -> Fraction:
        """The exact point value of one numerator."""
        return Fraction(int(numerator), self.denominator * TICKS)


def check_coverage(inputs: YearInputs) -> Problems:
    """Find the scores that do not fit the registry's sectors.

    A unit that takes part in a sector needs item scores there or an exemption mark; a
    unit scored (or given an innovation result) in a sector it does not take part in, or
    both scored and exempt, is an error; so is a unit left with no sector to average.
    """
    scored = inputs.item_scores.drop_duplicates(_SECTOR)[[*_SECTOR, "source_file", "source_row"]]
    return _coverage(inputs.units, scored, inputs.exemptions, inputs.innovation)


def _coverage(
    units: pd.DataFrame, scored: pd.DataFrame, exemptions: pd.DataFrame, innovation: pd.DataFrame
) -> Problems:
    problems = Problems()
    names = units.set_index("unit_id")["unit_name"]

    def said(unit_id: str, sector: str) -> str:
        return f"「{names.get(unit_id, unit_id)}」在{SECTORS.get(sector, sector)}板块"

    takes_part = participation(units).assign(part=True)
    exempt = exemptions[[*_SECTOR, "source_file", "source_row"]].drop_duplicates(_SECTOR)
    both = (
        takes_part.merge(scored.assign(scored=True), on=_SECTOR, how="outer")
        .merge(exempt.assign(exempt=True), on=_SECTOR, how="outer", suffixes=("", "_exempt"))
        .astype({"part": "boolean", "scored": "boolean", "exempt": "boolean"})
        .fillna({"part": False, "scored": False, "exempt": False})
    )
    for r in both[both["part"] & ~both["scored"] & ~both["exempt"]].itertuples():
        problems.add(
            "（汇总）",
            f"{said(r.unit_id, r.sector)}参加考评，但没有任何评分，也没有免考标记",
            expected="该单位在该板块的评分，或「免考」「不参加」标记",
        )
    for r in both[~both["part"] & (both["scored"] | both["exempt"])].itertuples():
        file, row = (r.source_file, r.source_row) if r.scored else (r.source_file_exempt, r.source_row_exempt)
        problems.add(
            str(file),
            f"{said(r.unit_id, r.sector)}有评分，但一览表中该单位不参加该板块",
            row=_int_or_none(row),
            found="评分" if r.scored else "免考标记",
            expected="一览表中该板块打 √，或删除该行",
        )
    for r in both[both["part"] & both["scored"] & both["exempt"]].itertuples():
        problems.add(
            str(r.source_file_exempt),
            f"{said(r.unit_id, r.sector)}既有评分又标记免考",
            row=_int_or_none(r.source_row_exempt),
            expected="评分或免考，二者取一",
        )
    live = both[both["part"] & ~both["exempt"]].groupby("unit_id").size()
    for unit_id in units.loc[~units["unit_id"].isin(live.index), "unit_id"]:
        problems.add(
            "（汇总）",
            f"「{names[unit_id]}」没有任何需要计分的板块（均免考或一览表中未勾选），无法计算综合得分",
            expected="至少一个板块的评分",
        )
    part = takes_part.set_index(_SECTOR).index
    outside = innovation[~innovation.set_index(_SECTOR).index.isin(part) & innovation["sector"].notna()]
    for r in outside.itertuples():
        problems.add(
            str(r.source_file),
            f"创新成果「{r.title}」填报在{said(r.unit_id, r.sector)}，但一览表中该单位不参加该板块",
            sheet=str(r.source_sheet),
            row=_int_or_none(r.source_row),
            column="所属板块",
            found=SECTORS.get(r.sector, str(r.sector)),
            expected="该单位参加的板块",
        )
    return problems


def score_year(inputs: YearInputs, rules: Rules) -> Scores:
    """Score one year: rater trimming to composite, rank and grade.

    Args:
        inputs: The year's tidy, validated inputs.
        rules: The rules to apply; the registry's rank groups are taken from them.

    Returns:
        Every step of the scoring.

    Raises:
        InputError: The scores do not fit the registry (see :func:`check_coverage`), or a
            value the rules cannot place (an unknown rating, level or category, a score
            finer than a tick).
    """
    problems = Problems()
    units = inputs.units.copy()
    units["rank_group"] = units["unit_kind"].map(rules.rank_group_of)
    # A shallow copy: pandas copies on write, so adding columns never touches the input.
    items = inputs.item_scores.copy(deep=False)
    items["ticks"], too_fine = floats_to_ticks(items["score"])
    missing = items["ticks"].isna().to_numpy()
    for r in items[too_fine.to_numpy() | missing].itertuples():
        problems.add(
            r.source_file,
            "分值缺失" if pd.isna(r.score) else "分值小数位过多",
            sheet=r.source_sheet,
            row=r.source_row,
            column=r.item,
            found=str(r.score),
            expected=f"最多 {TICK_DECIMALS} 位小数的数字",
        )
    _check_known(inputs.innovation, "rating", rules.innovation_bonus, "评定等次", problems)
    _check_known(inputs.publicity, "level", rules.publicity_points, "采用级别", problems)
    _check_known(inputs.deductions, "category", rules.deduction_points, "扣分类别", problems)
    problems.raise_if_any()
    items["ticks"] = items["ticks"].astype("int64")

    totals, groups = _total_raters(items)
    problems.extend(
        _coverage(
            units,
            totals.iloc[_firsts(groups.sector)][[*_SECTOR, "source_file", "source_row"]],
            inputs.exemptions,
            inputs.innovation,
        )
    )
    problems.raise_if_any()
    rater_totals = _mark_trimmed(totals, groups, rules)

    sub_units = _sub_units(rater_totals, groups.sub_unit)
    sec_code = groups.sector[_firsts(groups.sub_unit)]
    sub_units["n_sub_units"] = np.bincount(sec_code)[sec_code]

    sectors = participation(units).merge(
        inputs.exemptions[_SECTOR].drop_duplicates().assign(exempt=True), on=_SECTOR, how="left"
    )
    sectors["exempt"] = sectors["exempt"].notna()
    live = ~sectors["exempt"].to_numpy()
    n_sectors = sectors[live].groupby("unit_id").size()

    q = _lcm(sub_units["n_kept"]) * _lcm(sub_units["n_sub_units"]) * _lcm(n_sectors)
    innovation = _innovation(inputs.innovation, sectors, rules)
    publicity = count_publicity(inputs.publicity, rules)
    deductions = inputs.deductions.assign(
        points_ticks=inputs.deductions["category"]
        .map(lambda c: to_ticks(rules.deduction_points[c]))
        .astype("int64")
    )
    exact = _exact_dtype(
        q,
        int(rater_totals["total_ticks"].max()) if len(rater_totals) else 0,
        int(innovation["bonus_ticks"].sum()),
        int(publicity["points_ticks"].sum()),
        int(deductions["points_ticks"].sum()),
        *(
            to_ticks(v)
            for v in (rules.sector_max, rules.composite_cap, rules.composite_floor)
            if v.is_finite()
        ),
    )

    # Sub-unit mean over its kept raters, then sector base = mean over sub-units, both over Q.
    kept = sub_units["kept_ticks"].astype(exact)
    sub_units["score_num"] = kept * (q // sub_units["n_kept"]).astype(exact)
    contrib = kept * (q // (sub_units["n_kept"] * sub_units["n_sub_units"])).astype(exact)
    first = sub_units.iloc[_firsts(sec_code)]
    per_sector = pd.DataFrame(
        {
            "n_sub_units": first["n_sub_units"].to_numpy(),
            # Nullable or object, so the merge below leaves exempt sectors empty without
            # turning the exact numerators into floats.
            "base_num": pd.array(
                contrib.groupby(sec_code).sum().to_numpy(), dtype="Int64" if exact == "int64" else object
            ),
        },
        index=pd.MultiIndex.from_frame(first[_SECTOR]),
    )

    sectors = sectors.merge(per_sector.reset_index(), on=_SECTOR, how="left")
    bonus = innovation.groupby(_SECTOR)["bonus_ticks"].sum().rename("bonus_ticks").reset_index()
    sectors = sectors.merge(bonus, on=_SECTOR, how="left")
    sectors["n_sub_units"] = sectors["n_sub_units"].fillna(0).astype("int64")
    sectors["bonus_num"] = sectors["bonus_ticks"].fillna(0).astype("int64").astype(exact) * q
    sectors["base_num"] = sectors["base_num"].astype(object).where(live, None)
    uncapped = sectors.loc[live, "base_num"].astype(exact) + sectors.loc[live, "bonus_num"]
    sectors["sector_num"] = None
    sectors["capped"] = False
    if rules.sector_max.is_finite():
        cap = to_ticks(rules.sector_max) * q
        sectors.loc[live, "capped"] = (uncapped > cap).to_numpy()
        uncapped = uncapped.clip(upper=cap)
    sectors.loc[live, "sector_num"] = uncapped
    sectors = sectors.drop(columns=["bonus_ticks"])

    pub_raw = publicity.groupby("unit_id")["points_ticks"].sum()
    pub_ticks = (
        pub_raw.clip(upper=to_ticks(rules.publicity_cap)) if rules.publicity_cap.is_finite() else pub_raw
    )
    ded_ticks = deductions.groupby("unit_id")["points_ticks"].sum()

    comp = units[contract.UNITS].copy()
    sums = sectors[live].groupby("unit_id")["sector_num"].sum()
    comp["n_sectors"] = comp["unit_id"].map(n_sectors).astype("int64")
    comp["sector_sum_num"] = comp["unit_id"].map(sums).astype(exact)
    comp["sector_mean_num"] = comp["sector_sum_num"] // comp["n_sectors"].astype(exact)
    comp["publicity_raw_num"] = comp["unit_id"].map(pub_raw).fillna(0).astype("int64").astype(exact) * q
    comp["publicity_num"] = comp["unit_id"].map(pub_ticks).fillna(0).astype("int64").astype(exact) * q
    comp["deduction_num"] = comp["unit_id"].map(ded_ticks).fillna(0).astype("int64").astype(exact) * q
    comp["unclipped_num"] = comp["sector_mean_num"] + comp["publicity_num"] - comp["deduction_num"]
    upper = to_ticks(rules.composite_cap) * q if rules.composite_cap.is_finite() else None
    comp["composite_num"] = comp["unclipped_num"].clip(lower=to_ticks(rules.composite_floor) * q, upper=upper)

    d = rules.decimals
    comp["composite_rounded"] = round_scaled(comp["composite_num"], q, d).astype("int64")
    comp["rank"] = rank_within_groups(comp, "composite_rounded")
    comp["grade"] = grade(comp["composite_rounded"], rules)
    for name, num in (
        ("sector_mean", "sector_mean_num"),
        ("publicity_bonus", "publicity_num"),
        ("deduction", "deduction_num"),
    ):
        comp[name] = to_points(round_scaled(comp[num], q, d), d)
    comp["composite"] = to_points(comp["composite_rounded"], d)
    comp = comp[contract.COMPOSITE + [c for c in comp.columns if c not in contract.COMPOSITE]]

    for name, num in (
        ("base_score", "base_num"),
        ("innovation_bonus", "bonus_num"),
        ("sector_score", "sector_num"),
    ):
        values = sectors.loc[live, num].astype(exact)
        sectors[name] = to_points(round_scaled(values, q, d), d).reindex(sectors.index)
    sectors = sectors[
        [*contract.SECTOR_SCORES, "exempt", "n_sub_units", "base_num", "bonus_num", "sector_num", "capped"]
    ]

    return Scores(
        rules=rules,
        denominator=q,
        units=units,
        item_scores=items,
        rater_totals=rater_totals,
        sub_units=sub_units,
        sector_scores=sectors.reset_index(drop=True),
        innovation=innovation,
        publicity=publicity,
        deductions=deductions,
        composite=comp.sort_values(["rank_group", "rank", "unit_id"]).reset_index(drop=True),
    )


def trim_raters(items: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Total each rater's item scores and mark the totals dropped by trimming.

    With ``rules.trim_min_raters`` raters or more on a (unit, sector, sub-unit), the
    ``rules.trim_each_side`` highest and lowest totals are dropped. Which of two equal
    totals is dropped does not change the mean; the rater named first alphabetically is.

    Args:
        items: Item scores with integer ``ticks`` and the keys ``unit_id``, ``sector``,
            ``sub_unit``, ``rater``.
        rules: The rules.

    Returns:
        One row per rater: keys, ``total_ticks``, ``total`` (points), ``dropped``.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> items = pd.DataFrame({"unit_id": "u", "sector": "gov", "sub_unit": "",
    ...     "rater": list("abcde"), "ticks": [90, 85, 88, 70, 95]})
    >>> trim_raters(items, load_rules(year=2020)).query("dropped")["rater"].tolist()
    ['d', 'e']
    """
    return _mark_trimmed(*_total_raters(items), rules)


@dataclass
class _Groups:
    """Group codes of the rater totals' rows, numbered in order of first appearance."""

    sector: np.ndarray
    """(unit, sector)."""
    sub_unit: np.ndarray
    """(unit, sector, sub-unit), a missing sub-unit read as ""."""
    rater_name: np.ndarray
    """The rater's name (missing read as ""), numbered in alphabetical order."""


def _total_raters(items: pd.DataFrame) -> tuple[pd.DataFrame, _Groups]:
    """One row per rater (keys in order of first appearance) with the total of its ticks.

    The keys are numbered once (:func:`_code_runs`) and from there the work is on integers:
    grouping by the text keys themselves costs as much as all the rest of the scoring. Sums
    use ``bincount`` (exact: totals stay far below 2**53 ticks) and each rater keeps the
    source of its first row.
    """
    sources = [c for c in contract.SOURCE if c in items.columns]
    if not len(items):
        cols = [*_RATER, "total_ticks", "n_items", *sources]
        empty = pd.DataFrame(
            {c: pd.Series(dtype="int64" if c in ("total_ticks", "n_items") else object) for c in cols}
        )
        none = np.empty(0, dtype="int64")
        return empty, _Groups(none, none, none)
    starts, codes, names = _code_runs([_key_values(items[c]) for c in _RATER])
    # Missing sub-unit or rater names are read as "" (no sub-units, a single rater).
    sub_names = _fill_codes(codes[2], names[2])
    rater = _combine(codes)
    first = _firsts(rater)
    totals = items[[*_RATER, *sources]].iloc[starts[first]].reset_index(drop=True)
    run_ticks = np.add.reduceat(items["ticks"].to_numpy(dtype="int64"), starts)
    totals.insert(4, "total_ticks", np.rint(np.bincount(rater, weights=run_ticks)).astype("int64"))
    run_items = np.diff(starts, append=len(items))
    totals.insert(5, "n_items", np.bincount(rater, weights=run_items).astype("int64"))
    groups = _Groups(
        sector=_combine([codes[0][first], codes[1][first]]),
        sub_unit=_combine([codes[0][first], codes[1][first], sub_names[first]]),
        rater_name=_fill_codes(codes[3], names[3], sort=True)[first],
    )
    return totals.fillna({"sub_unit": "", "rater": ""}), groups


def _mark_trimmed(totals: pd.DataFrame, groups: _Groups, rules: Rules) -> pd.DataFrame:
    sub_code = groups.sub_unit
    order = np.lexsort((groups.rater_name, totals["total_ticks"].to_numpy(), sub_code))
    sizes = np.bincount(sub_code, minlength=1)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    in_order = sub_code[order]
    n = sizes[in_order]
    pos = np.arange(len(order)) - starts[in_order]
    t = rules.trim_each_side
    dropped = np.empty(len(order), dtype=bool)
    dropped[order] = (n >= rules.trim_min_raters) & ((pos < t) | (pos >= n - t))
    return totals.assign(dropped=dropped, total=totals["total_ticks"] / TICKS)


def _sub_units(rater_totals: pd.DataFrame, sub_code: np.ndarray) -> pd.DataFrame:
    if not len(sub_code):
        return pd.DataFrame(
            {c: pd.Series(dtype=object) for c in _SUB}
            | {c: pd.Series(dtype="int64") for c in ("n_raters", "n_kept", "kept_ticks")}
        )
    keep = ~rater_totals["dropped"].to_numpy()
    sub = rater_totals.iloc[_firsts(sub_code)][_SUB].reset_index(drop=True)
    sub["n_raters"] = np.bincount(sub_code)
    sub["n_kept"] = np.bincount(sub_code, weights=keep).astype("int64")
    kept = np.bincount(sub_code, weights=rater_totals["total_ticks"].to_numpy(dtype="float64") * keep)
    sub["kept_ticks"] = np.rint(kept).astype("int64")
    return sub


def _key_values(column: pd.Series) -> np.ndarray:
    # The ingest's str and object columns as they are (no copy); others with NaN for
    # missing, as numpy cannot compare pd.NA.
    if column.dtype == object or column.dtype == "str":
        return column.to_numpy()
    return column.to_numpy(dtype=object, na_value=np.nan)


def _code_runs(keys: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Number the key columns over the runs of rows equal in every key.

    The rows come in runs (a sheet row's items, a unit's sheet rows), so each column is
    hashed only where it changes, and the hashing of text grows with the runs, not the
    rows. NaN never equals NaN: it only ends a run early.

    Returns:
        The first row of each run; for each key, its codes at those rows and the values coded.
    """
    new = np.zeros(len(keys[0]), dtype=bool)
    changes = []
    for values in keys:
        change = np.r_[True, values[1:] != values[:-1]]
        new |= change
        changes.append(np.flatnonzero(change))
    starts = np.flatnonzero(new)
    codes, names = [], []
    for values, own in zip(keys, changes, strict=True):
        code, name = pd.factorize(values[own], use_na_sentinel=False)
        codes.append(code[np.searchsorted(own, starts, side="right") - 1])
        names.append(name)
    return starts, codes, names


def _combine(codes: list[np.ndarray]) -> np.ndarray:
    """Number the distinct tuples of several non-empty code columns in order of first appearance.

    The codes are combined in mixed radix into one int64 key, renumbered first wherever
    the product of the ranges could overflow.
    """
    key = codes[0].astype("int64")
    size = int(key.max()) + 1
    for code in codes[1:]:
        radix = int(code.max()) + 1
        if size * radix > _INT64_SAFE:
            key = pd.factorize(key)[0]
            size = int(key.max()) + 1
        key = key * radix + code
        size *= radix
    return pd.factorize(key)[0]


def _fill_codes(codes: np.ndarray, names: np.ndarray, *, sort: bool = False) -> np.ndarray:
    """Renumber ``codes`` of ``names`` with missing names read as "", alphabetically if ``sort``."""
    filled = np.where(pd.isna(names), "", names).astype(object)
    return pd.factorize(filled, sort=sort)[0][codes]


def _firsts(codes: np.ndarray) -> np.ndarray:
    """Positions of each group's first row, for codes numbered in order of first appearance."""
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1))


def _innovation(innovation: pd.DataFrame, sectors: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Each innovation result with the bonus it adds (none in a sector the unit is exempt from)."""
    out = innovation.merge(sectors[[*_SECTOR, "exempt"]], on=_SECTOR, how="left")
    out["rating_ticks"] = out["rating"].map(lambda r: to_ticks(rules.innovation_bonus[r])).astype("int64")
    exempt = out["exempt"].fillna(False).astype(bool)
    out["bonus_ticks"] = out["rating_ticks"].where(~exempt, 0).astype("int64")
    out["note"] = np.where(
        exempt, "该板块免考，不加分", np.where(out["rating_ticks"] > 0, "加分", "该等次不加分")
    )
    return out.drop(columns=["exempt"])


def count_publicity(publicity: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Points of each publicity adoption, and whether it counts.

    With ``same_title_once`` a title adopted several times (at several levels) counts once,
    at its highest level; titles are compared after NFKC normalisation and removal of
    whitespace. The per-unit cap is applied by :func:`score_year`, not here.

    Returns:
        The adoptions with ``level_ticks``, ``points_ticks`` (0 where not counted),
        ``counted`` and ``note``.
    """
    pub = publicity.copy()
    pub["level_ticks"] = pub["level"].map(lambda lv: to_ticks(rules.publicity_points[lv])).astype("int64")
    pub["title_key"] = pub["title"].map(lambda t: "".join(unicodedata.normalize("NFKC", str(t)).split()))
    pub["counted"] = True
    pub["note"] = "计分"
    if rules.publicity_same_title_once and len(pub):
        order = pub.sort_values(
            ["unit_id", "title_key", "level_ticks"], ascending=[True, True, False], kind="stable"
        )
        repeat = order.index[order.duplicated(["unit_id", "title_key"]).to_numpy()]
        pub.loc[repeat, "counted"] = False
        pub.loc[repeat, "note"] = "同一标题已按最高级别计分一次，不重复计分"
    pub["points_ticks"] = pub["level_ticks"].where(pub["counted"], 0).astype("int64")
    return pub.drop(columns=["title_key"])


def rank_within_groups(table: pd.DataFrame, column: str) -> pd.Series:
    """Rank rows within their ``rank_group``, highest first; ties share the lowest rank.

    >>> t = pd.DataFrame({"rank_group": ["a"] * 4, "v": [9000, 8500, 8500, 8000]})
    >>> rank_within_groups(t, "v").tolist()
    [1, 2, 2, 4]
    """
    return table.groupby("rank_group")[column].rank(method="min", ascending=False).astype("int64")


def grade(rounded: pd.Series, rules: Rules) -> pd.Series:
    """The grade of each rounded composite (integers in units of ``10**-decimals``).

    The comparison is exact, in ticks: a band's ``min`` may carry more decimals than the
    reported scores.

    >>> from sunshine_analysis.config.rules import load_rules
    >>> grade(pd.Series([9000, 8999, 6999]), load_rules(year=2020)).tolist()
    ['好', '较好', '差']
    """
    ticks = rounded.astype("int64") * 10 ** (TICK_DECIMALS - rules.decimals)
    names = pd.Series(rules.grades[-1].name, index=rounded.index, dtype=object)
    for band in reversed(rules.grades):
        names = names.mask(ticks >= to_ticks(band.min), band.name)
    return names


def _check_known(table: pd.DataFrame, column: str, known: dict, label: str, problems: Problems) -> None:
    for r in table[~table[column].isin(list(known))].itertuples():
        problems.add(
            r.source_file,
            f"{label}不在评分细则中",
            sheet=r.source_sheet,
            row=r.source_row,
            column=label,
            found=str(getattr(r, column)),
            expected="、".join(known),
        )


def _lcm(counts: pd.Series) -> int:
    values = [int(v) for v in pd.unique(counts.dropna()) if v > 0]
    return math.lcm(*values) if values else 1


def _exact_dtype(q: int, *tick_bounds: int) -> str:
    # Every numerator is at most (sum of the largest tick values) · Q, with room for the
    # sum over five sectors; past int64 use Python integers.
    bound = (sum(abs(b) for b in tick_bounds) + 1) * len(SECTORS) * q
    return "int64" if bound < _INT64_SAFE else "object"


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
