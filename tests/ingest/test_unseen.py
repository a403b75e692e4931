"""Raw folders in layouts of offices the project had never seen (tests/data/unseen/).

The folders and their expected.json were written from the domain description alone, before
anyone looked at how the recognition works (see that folder's README). Every folder must read
with no problem, to exactly the item scores, exemptions, lists and sector base scores worked
out by the generator's own small arithmetic; the planted errors must each be reported at their
file and row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year
from sunshine_analysis.scoring import score_year

UNSEEN = Path(__file__).parents[1] / "data" / "unseen"
OFFICES = sorted(p.name for p in UNSEEN.glob("office_*"))
RULES = load_rules(year=2020)


def _read(office: str):
    result = check_year(UNSEEN / office / "raw", RULES, year=2020)
    expected = json.loads((UNSEEN / office / "expected.json").read_text(encoding="utf-8"))
    return result, expected


def test_there_are_offices() -> None:
    assert len(OFFICES) >= 8


@pytest.mark.parametrize("office", OFFICES)
def test_every_office_reads_with_no_problem(office: str) -> None:
    result, _ = _read(office)
    assert not result.problems, result.problems.to_frame().to_string()


@pytest.mark.parametrize("office", OFFICES)
def test_every_item_score_is_read_exactly(office: str) -> None:
    result, expected = _read(office)
    inputs = result.inputs
    names = inputs.units.set_index("unit_id")["unit_name"]
    got = inputs.item_scores.assign(unit=inputs.item_scores["unit_id"].map(names))
    key = ["unit", "sector", "item", "sub_unit", "rater"]
    want = pd.DataFrame(expected["item_scores"])
    merged = want.merge(got[[*key, "max_score", "score"]], on=key, how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].to_string()
    assert (merged["score_x"] == merged["score_y"]).all()
    assert (merged["max_score_x"] == merged["max_score_y"]).all()


@pytest.mark.parametrize("office", OFFICES)
def test_registry_exemptions_and_lists(office: str) -> None:
    result, expected = _read(office)
    inputs = result.inputs
    names = inputs.units.set_index("unit_id")["unit_name"]
    sectors = dict(zip(inputs.units["unit_name"], inputs.units["sectors"], strict=True))
    assert {u: set(s.split(";")) - {""} for u, s in sectors.items()} == {
        u: set(v["sectors"]) for u, v in expected["units"].items()
    }
    exempt = {f"{names[r.unit_id]}|{r.sector}" for r in inputs.exemptions.itertuples()}
    assert exempt == set(expected["exempt"])
    for kind, columns in (
        ("innovation", ["title", "sector", "rating"]),
        ("publicity", ["title", "level", "date"]),
        ("deductions", ["category", "doc_no", "date", "reason"]),
    ):
        table = getattr(inputs, kind)
        got = sorted(tuple([names[r["unit_id"]], *(str(r[c]) for c in columns)]) for _, r in table.iterrows())
        want = sorted(tuple([e["unit"], *(str(e[c]) for c in columns)]) for e in expected.get(kind, []))
        assert got == want, kind


@pytest.mark.parametrize("office", OFFICES)
def test_sector_base_scores(office: str) -> None:
    result, expected = _read(office)
    scores = score_year(result.inputs, RULES)
    names = scores.units.set_index("unit_id")["unit_name"]
    rows = scores.sector_scores[~scores.sector_scores["exempt"]]
    got = {f"{names[r.unit_id]}|{r.sector}": float(scores.exact(r.base_num)) for r in rows.itertuples()}
    assert set(got) == set(expected["sector_base"])
    for key, value in expected["sector_base"].items():
        assert got[key] == pytest.approx(value, abs=5e-5), key


def test_every_planted_error_is_reported_at_its_file_and_row() -> None:
    result = check_year(UNSEEN / "planted_errors" / "raw", RULES, year=2020)
    expected = json.loads((UNSEEN / "planted_errors" / "expected.json").read_text(encoding="utf-8"))
    found = result.problems.to_frame()
    for error in expected["errors"]:
        at = found[(found["file"] == error["file"]) & (found["row"] == error["row"])]
        assert len(at), error["what"]
        # The column named is the planted cell's (an item by its name, without its maximum).
        assert any(error["column"].startswith(c) for c in at["column"] if c), error["what"]
