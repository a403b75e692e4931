"""Confidentiality of the unit briefs on the sample year (考评工作秘密).

An attacker reads its own brief: it knows its own scores, the group's statistics and its rank,
and works back. The attacks tried are the ones the statistics allow: a group mean over n units
and the unit's own score give the others' sum, which is one unit's score when n = 2; a quartile
interpolates between the two units beside its position, so either of them can solve for the
other from its own score. The same attacker, given exact quartiles, does find neighbours'
scores (so the attack is real); given what the briefs show, it finds none. And no brief names
a rater.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.outputs.results import YearResults, load_results
from sunshine_analysis.outputs.write import score_into
from sunshine_analysis.render import brief
from sunshine_analysis.render.tables import sector_scores_long

QUARTILES = {"下四分位（约）": 0.25, "中位数（约）": 0.5, "上四分位（约）": 0.75}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> YearResults:
    processed = tmp_path_factory.mktemp("sample") / "2020"
    score_into(paths.raw_dir(2020), processed, 2020, None)
    return load_results(2020, processed)


def _populations(results: YearResults, group: str) -> dict[str, pd.Series]:
    """项目 of the group statistics → unit_id → the exact (reported) score of each member."""
    comp = results.composite[results.composite["rank_group"] == group]
    out = {"综合得分": comp.set_index("unit_id")["composite"]}
    sectors = sector_scores_long(results)
    for name, rows in sectors[sectors["rank_group"] == group].groupby("sector_name"):
        out[name] = rows.set_index("unit_id")["sector_score"]
    return out


def _neighbour_attack(
    scores: pd.Series, unit_id: str, quantile: float, shown: float, half: float
) -> dict[str, tuple[float, float]]:
    """What a unit beside a quartile's position learns of its neighbour: other unit → the
    interval of scores consistent with the quartile shown (± ``half``, its precision)."""
    ordered = scores.sort_values(kind="stable")
    position = quantile * (len(ordered) - 1)
    lo, frac = math.floor(position), position - math.floor(position)
    if frac == 0:
        return {}
    low_id, high_id = ordered.index[lo], ordered.index[lo + 1]
    own, weight = scores[unit_id], {low_id: 1 - frac, high_id: frac}
    if unit_id not in weight:
        return {}
    other = high_id if unit_id == low_id else low_id
    ends = sorted((shown + d - weight[unit_id] * own) / weight[other] for d in (-half, half))
    return {other: (ends[0], ends[1])}


def _attacks(results: YearResults, unit_id: str, *, exact_quartiles: bool = False) -> list[tuple]:
    """Every (statistic, other unit, low, high, true score) the unit's brief lets it bound."""
    group = brief.unit_row(results, unit_id)["rank_group"]
    stats = brief.group_statistics(results, group).set_index("项目")
    step = float(results.rules.disclosure.quartile_step)
    found = []
    for name, scores in _populations(results, group).items():
        if unit_id not in scores.index or name not in stats.index:
            continue
        row = stats.loc[name]
        others = scores.drop(unit_id)
        if not math.isnan(row["平均"]) and len(others) == 1:  # the mean is shown to 0.01
            sum_others = row["单位数"] * row["平均"] - scores[unit_id]
            found.append((name, others.index[0], sum_others - 0.01, sum_others + 0.01, others.iloc[0]))
        for label, q in QUARTILES.items():
            # Exact quartiles would be shown to 0.01; the brief shows bands of the rule's step.
            shown, half = (
                (round(float(scores.quantile(q)), 2), 0.005) if exact_quartiles else (row[label], step / 2)
            )
            if math.isnan(shown):
                continue
            for other, (low, high) in _neighbour_attack(scores, unit_id, q, shown, half).items():
                found.append((name, other, low, high, scores[other]))
    return found


def _hits(found: list[tuple]) -> list[tuple]:
    """The attacks that pin another unit's score: to within 0.05 points, and rightly."""
    return [f for f in found if f[3] - f[2] <= 0.05 and f[2] - 1e-9 <= f[4] <= f[3] + 1e-9]


def test_the_attack_works_on_exact_quartiles(sample: YearResults) -> None:
    # Shown exactly (as before), the quartiles of the 51 市直单位 give neighbours' scores away.
    units = sample.composite["unit_id"]
    hits = [h for u in units for h in _hits(_attacks(sample, u, exact_quartiles=True))]
    assert len(hits) >= 10


def test_no_brief_lets_a_unit_work_out_another_units_score(sample: YearResults) -> None:
    units = sample.composite["unit_id"]
    tried = [a for u in units for a in _attacks(sample, u)]
    assert len(tried) >= 10  # the attacker had material to work on
    assert _hits(tried) == []


def test_every_statistic_shown_follows_the_disclosure_rule(sample: YearResults) -> None:
    rule = sample.rules.disclosure
    for group in sample.groups:
        stats = brief.group_statistics(sample, group)
        small = stats["单位数"] < rule.mean_min_units
        assert stats.loc[small, "平均"].isna().all()
        few = stats["单位数"] < rule.quartile_min_units
        assert stats.loc[few, list(QUARTILES)].isna().all().all()
        bands = stats.loc[~few, list(QUARTILES)].to_numpy().ravel()
        assert all(float(b / float(rule.quartile_step)).is_integer() for b in bands)


def test_no_brief_names_a_rater(sample: YearResults) -> None:
    raters = set(sample.item_scores["rater"].dropna()) - {""}
    assert len(raters) >= 5  # the sample year names its raters
    for text in sample.explanations["text"]:
        assert not [r for r in raters if r in text]
    assert sample.explanations["text"].str.contains("评分人1").any()


def test_the_office_still_sees_names_in_explain(sample: YearResults, tmp_path: Path) -> None:
    from sunshine_analysis.scoring.explain import explain_unit
    from sunshine_analysis.scoring.run import score_folder

    _, scores = score_folder(paths.raw_dir(2020), None, year=2020)
    raters = set(scores.item_scores["rater"]) - {""}
    named = [u for u in scores.units["unit_id"] if any(r in explain_unit(scores, u).text() for r in raters)]
    assert named
