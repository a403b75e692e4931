"""The report's detail tables, exact: item means with the points lost, bonuses and deductions with
their points, each unit's explained score."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from sunshine_analysis.exact import TICKS, round_half_up
from sunshine_analysis.ingest.inputs import YearInputs
from sunshine_analysis.outputs.contract import DETAIL_FILES
from sunshine_analysis.scoring.engine import Scores
from sunshine_analysis.scoring.explain import explain_unit


def detail_tables(inputs: YearInputs, scores: Scores) -> dict[str, pd.DataFrame]:
    """The report's detail tables (:data:`sunshine_analysis.outputs.contract.DETAIL_FILES`).

    Item means follow the scoring: trimmed raters are left out, each sub-unit's item is the
    mean over its raters kept, the unit's item the mean over its sub-units; they are exact
    fractions rounded half-up like every reported score.
    """
    d = scores.rules.decimals
    keys = ["unit_id", "sector", "sub_unit", "rater"]
    kept = scores.rater_totals.loc[~scores.rater_totals["dropped"], keys]
    items = scores.item_scores.merge(kept, on=keys)
    rows = []
    for (unit, sector, item), group in items.groupby(["unit_id", "sector", "item"], sort=False):
        per_sub = [Fraction(int(g["ticks"].sum()), len(g)) for _, g in group.groupby("sub_unit")]
        mean = Fraction(round_half_up(sum(per_sub) / len(per_sub) / TICKS, d))
        top = Fraction(str(group["max_score"].iloc[0])).limit_denominator(TICKS)
        rows.append((unit, sector, item, float(top), float(mean), float(top - mean)))
    means = pd.DataFrame(rows, columns=DETAIL_FILES["item_means.csv"])

    # The bonus each result earned as scored (none when exempt or not on the 初选名单), and why.
    innovation = scores.innovation.assign(bonus=scores.innovation["bonus_ticks"] / TICKS)
    publicity = scores.publicity.assign(points=scores.publicity["points_ticks"] / TICKS)
    deductions = scores.deductions.assign(points=scores.deductions["points_ticks"] / TICKS)
    # The June review's findings, for the written report: read from the raw folder's summaries
    # and rectification register (empty when the folder has none).
    from sunshine_analysis.fieldwork.supervision import july_rectification
    from sunshine_analysis.review.summaries import summary_points

    return {
        "item_means.csv": means,
        "innovation.csv": innovation[[*DETAIL_FILES["innovation.csv"], "note"]],
        "publicity.csv": publicity[DETAIL_FILES["publicity.csv"]],
        "deductions.csv": deductions[DETAIL_FILES["deductions.csv"]],
        "explanations.csv": pd.DataFrame(
            {
                "unit_id": scores.units["unit_id"],
                "text": [explain_unit(scores, u, rater_names=False).text() for u in scores.units["unit_id"]],
            }
        ),
        "summary_points.csv": summary_points(inputs.raw_dir, scores.rules),
        "rectification.csv": july_rectification(inputs.raw_dir, scores.rules, inputs.year),
    }
