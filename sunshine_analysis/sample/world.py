"""The sample's world and one year's scenario: units, sampling frames, qualities and scores.

The real-world names (units, townships, departments) and the text pools live in the package
data file ``luohe.toml``; this module holds only the logic. Randomness comes from
``numpy.random.default_rng`` streams derived from the seed and a purpose label, and nothing
depends on set or hash ordering, so the same ``(year, seed)`` draws the same year.

Scenario of every generated year (what the downstream checks can count on):

- every unit has a persistent quality (from the reference "world" seed) and moves a few
  points a year, so consecutive sample years compare like real ones; composites mostly
  75–98, four persistently weak units in the 60s or low 70s (one county or zone, three
  departments);
- three units having a bad year (one county or zone, two departments): a few points below
  their usual level, poor status tables, few publicity items, more often deducted;
- two pairs of departments in the 市直单位 rank group with identical score rows (forced ties);
- exactly one unit exempt (免考) in one sector;
- innovation results rated 优秀 per sector as configured per year (2020: 13);
- at least one county or zone whose publicity points exceed the 3.0 cap, titles adopted at
  several levels;
- 5–7 deductions covering every category;
- two work summaries missing, two late, two over the length limit, one county at exactly
  3000 characters; one status table missing; a few units with many ledger items not done.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from sunshine_analysis.config.vocab import SECTORS, UNIT_KINDS

LAYOUTS = ("varied", "standard")
"""The sample year's layouts: real-world variety (the default), or the office's templates."""

AREA_KINDS = ("county", "zone")
"""Unit kinds scored on sampled sub-units and submitting the longer work summary."""

SUMMARY_LIMITS = {"area": 3000, "department": 2500}
"""Character limits of work summaries the generator straddles (the rules file owns them)."""

STATES = ("已完成", "推进中", "未完成")
LEVEL_RANK = {"市级": 0, "省级": 1, "中央级": 2, "国家级": 2}
LEVEL_POINTS = {"市级": 0.2, "省级": 0.5, "中央级": 1.0, "国家级": 1.0}
SCORE_SHEET = "{sector}考评得分汇总表（{lead}报）.xlsx"
REGISTRY = "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx"
INNOVATION = "创新成果考评结果汇总表.xlsx"
PUBLICITY = "信息和宣传工作采用情况统计表.xlsx"
DEDUCTIONS = "扣分情况汇总表.xlsx"
SUBMISSIONS = "材料报送登记表.xlsx"
STATUS_DIR = "规范提升情况表"
SUMMARY_DIR = "工作总结"
FRAME_DIR = "实地考评抽样框"


# --------------------------------------------------------------------------------------
# Reference data


@cache
def _reference() -> dict[str, Any]:
    """The parsed ``data/luohe.toml``."""
    raw = resources.files("sunshine_analysis.sample").joinpath("luohe.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


@dataclass(frozen=True)
class DemoUnit:
    """One unit of the reference registry.

    Attributes:
        name: Canonical Chinese name.
        kind: Unit kind code (a key of ``vocab.UNIT_KINDS``).
        sectors: Sector codes the unit takes part in, in ``vocab.SECTORS`` order.
        aliases: Other spellings the office uses.
        townships: Townships and sub-districts (counties and zones only).
    """

    name: str
    kind: str
    sectors: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    townships: tuple[str, ...] = ()

    @property
    def is_area(self) -> bool:
        """Whether the unit is a county/district or a functional zone."""
        return self.kind in AREA_KINDS


def _unit(entry: dict[str, Any]) -> DemoUnit:
    return DemoUnit(
        name=entry["name"],
        kind=entry["kind"],
        sectors=tuple(code for code in SECTORS if code in entry["sectors"]),
        aliases=tuple(entry.get("aliases", ())),
        townships=tuple(entry.get("townships", ())),
    )


def demo_units(year: int) -> list[DemoUnit]:
    """The units of the reference registry that take part in ``year``, in registry order.

    Args:
        year: Evaluation year; units with ``first_year``/``last_year`` outside it are left out.

    Returns:
        The units, counties first, then zones, party departments, government departments and
        people's organisations.
    """
    units = []
    for entry in _reference()["units"]:
        if not entry.get("first_year", year) <= year <= entry.get("last_year", year):
            continue
        units.append(_unit(entry))
    kinds = list(UNIT_KINDS)
    return sorted(units, key=lambda u: kinds.index(u.kind))


def non_whitespace_length(text: str) -> int:
    """Length of ``text`` counting every character that is not whitespace.

    >>> non_whitespace_length("一、主要做法\\n  做法。")
    9
    """
    return sum(1 for ch in text if not ch.isspace())


# --------------------------------------------------------------------------------------
# Randomness and small helpers


def rng_for(seed: int, purpose: str) -> np.random.Generator:
    """An independent random stream for one purpose, derived from ``seed``."""
    return np.random.default_rng([seed, zlib.crc32(purpose.encode("utf-8"))])


def pick(rng: np.random.Generator, items: Sequence[Any], k: int) -> list[Any]:
    """``k`` distinct items of ``items`` in their original order."""
    idx = sorted(rng.choice(len(items), size=k, replace=False).tolist())
    return [items[i] for i in idx]


def one(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def cell_number(tenths: int) -> int | float:
    """A score held in tenths as the cell value (``85`` → ``8.5``, ``90`` → ``9``)."""
    return tenths // 10 if tenths % 10 == 0 else tenths / 10


def date_in(rng: np.random.Generator, year: int, start: tuple[int, int], end: tuple[int, int]):
    first = dt.date(year, *start)
    span = (dt.date(year, *end) - first).days
    return first + dt.timedelta(days=int(rng.integers(span + 1)))


def _prefix(unit_name: str) -> str:
    """``县`` or ``区`` for the county-level unit's own departments."""
    return "县" if unit_name.endswith("县") else "区"


# --------------------------------------------------------------------------------------
# Sampling frames (the same for every year: they come from the reference "world" seed)


@dataclass(frozen=True)
class _Frame:
    party: tuple[str, ...]
    departments: tuple[tuple[str, bool], ...]
    townships: tuple[str, ...]
    villages: tuple[tuple[str, str], ...]  # (township, village or community)


def _village_name(rng: np.random.Generator, pools: dict[str, Any], township: str) -> str:
    if township.endswith("街道"):
        return one(rng, pools["streets"]) + "社区"
    name = one(rng, pools["surnames"]) + one(rng, pools["places"]) + "村"
    if rng.random() < 0.25:
        name = one(rng, pools["prefixes"]) + name
    return name


def _frame(unit: DemoUnit) -> _Frame:
    ref = _reference()
    conf = ref["frames"][unit.kind]
    rng = rng_for(ref["world_seed"], "frame:" + unit.name)
    p = _prefix(unit.name)
    n_party = int(rng.integers(conf["party_count"][0], conf["party_count"][1] + 1))
    party = [name.format(p=p) for name in pick(rng, conf["party_departments"], n_party)]
    n_dept = int(rng.integers(conf["department_count"][0], conf["department_count"][1] + 1))
    min_approval = 4 if unit.kind == "county" else 2
    while True:
        chosen = pick(rng, conf["departments"], n_dept)
        if sum(d["approval"] for d in chosen) >= min_approval:
            break
    departments = [(d["name"].format(p=p), bool(d["approval"])) for d in chosen]
    pools = ref["villages"]
    low, high = pools["per_township"]
    villages: list[tuple[str, str]] = []
    used: set[str] = set()
    for township in unit.townships:
        for _ in range(int(rng.integers(low, high + 1))):
            name = _village_name(rng, pools, township)
            while name in used:
                name = _village_name(rng, pools, township)
            used.add(name)
            villages.append((township, name))
    return _Frame(tuple(party), tuple(departments), unit.townships, tuple(villages))


# --------------------------------------------------------------------------------------
# The year's scenario


@dataclass
class _Row:
    sub_unit: str
    rater: str
    items: list[int]  # tenths of a point


@cache
def _persistent_quality() -> dict[str, float]:
    """Every registry unit's underlying share of the maximum, the same in every year.

    Drawn from the world seed, per unit from a stream keyed by its name (so a unit joining or
    leaving moves no one else). One county or zone and three departments are persistently
    weak, in the 60s most years; departments that may be drawn into a forced tie are left out.
    """
    ref = _reference()
    world = ref["world_seed"]
    quality = {}
    for entry in ref["units"]:
        rng = rng_for(world, "quality:" + entry["name"])
        q = float(rng.uniform(0.77, 0.95))
        strong = float(rng.uniform(0.95, 0.97))
        quality[entry["name"]] = strong if rng.random() < 0.08 else q
    units = [_unit(entry) for entry in ref["units"]]
    leads = {conf["lead"] for conf in ref["sectors"].values()}
    areas = [u.name for u in units if u.is_area]
    departments = [
        u.name
        for u in units
        if u.kind in ("party_dept", "gov_dept") and u.name not in leads and u.sectors != ("gov",)
    ]
    rng = rng_for(world, "weak")
    for name in [one(rng, areas), *pick(rng, departments, 3)]:
        quality[name] = float(rng_for(world, "weak:" + name).uniform(0.665, 0.705))
    return quality


@cache
def _item_profile(unit: str, code: str) -> tuple[float, ...]:
    """A unit's lasting strengths and weaknesses across a sector's items (from the world seed)."""
    n_items = len(_reference()["sectors"][code]["items"])
    rng = rng_for(_reference()["world_seed"], f"profile:{unit}:{code}")
    return tuple(float(x) for x in rng.normal(0.0, 0.04, n_items))


class SampleYear:
    """Everything drawn for one (year, seed): who is weak, tied, exempt, and all scores."""

    def __init__(self, year: int, seed: int) -> None:
        self.year = year
        self.seed = seed
        self.ref = _reference()
        self.units = demo_units(year)
        self.by_name = {u.name: u for u in self.units}
        self.frames = {u.name: _frame(u) for u in self.units if u.is_area}
        self._draw_roles()
        self._draw_quality()
        self.scores = {code: self._sector_rows(code) for code in SECTORS}

    # roles -------------------------------------------------------------------------------
    def _draw_roles(self) -> None:
        rng = rng_for(self.seed, "roles")
        people = [u.name for u in self.units if u.kind == "people_org" and u.sectors == ("party",)]
        gov_only = [u.name for u in self.units if u.kind == "gov_dept" and u.sectors == ("gov",)]
        gov_only = [n for n in gov_only if n != self.ref["sectors"]["gov"]["lead"]]
        self.ties = [tuple(pick(rng, people, 2)), tuple(pick(rng, gov_only, 2))]
        tied = {name for pair in self.ties for name in pair}
        pairs = [
            u.name
            for u in self.units
            if u.kind == "gov_dept" and u.sectors == ("gov", "livelihood") and u.name not in tied
        ]
        self.exempt = (one(rng, pairs), "livelihood")
        departments = [
            u.name
            for u in self.units
            if u.kind in ("party_dept", "gov_dept")
            and u.name not in tied
            and u.name != self.exempt[0]
            and u.name not in self._leads()
        ]
        areas = [u.name for u in self.units if u.is_area]
        self.weak = [one(rng, areas), *pick(rng, departments, 2)]
        self.special = tied | {self.exempt[0]}

    def _leads(self) -> list[str]:
        return [conf["lead"] for conf in self.ref["sectors"].values()]

    def _draw_quality(self) -> None:
        """This year's level of every unit: its persistent quality plus a moderate change.

        The year's weak units (poor status tables, few publicity items) have a bad year, a few
        points below their usual level; a forced-tie pair meets halfway.
        """
        persistent = _persistent_quality()
        self.quality: dict[str, float] = {}
        for unit in self.units:
            rng = rng_for(self.seed, "quality:" + unit.name)
            change = float(rng.normal(0.0, 0.008))
            bad_year = float(rng.uniform(0.03, 0.07))
            if unit.name in self.weak:
                change = -bad_year
            self.quality[unit.name] = persistent[unit.name] + change
        for pair in self.ties:  # the pair scores alike because the two units are alike
            mean = sum(self.quality[name] for name in pair) / 2
            self.quality.update(dict.fromkeys(pair, mean))

    # scores ------------------------------------------------------------------------------
    def sector_conf(self, code: str) -> dict[str, Any]:
        return self.ref["sectors"][code]

    def _items(self, rng: np.random.Generator, level: float, unit: str, code: str) -> list[int]:
        conf = self.sector_conf(code)
        step = round(conf["step"] * 10)
        out = []
        for (_, maximum), strength in zip(conf["items"], _item_profile(unit, code), strict=True):
            share = min(1.0, max(0.35, level + strength + float(rng.normal(0.0, 0.02))))
            tenths = round(maximum * 10 * share / step) * step
            out.append(min(maximum * 10, tenths))
        return out

    def _sub_units(self, rng: np.random.Generator, unit: DemoUnit, code: str) -> list[str]:
        frame = self.frames[unit.name]
        county = unit.kind == "county"
        if code == "party":
            party = pick(rng, frame.party, 2 if county else 1)
            depts = pick(rng, [name for name, _ in frame.departments], 2 if county else 1)
            return party + depts
        if code == "village":
            rural = [t for t in frame.townships if not t.endswith("街道")] or list(frame.townships)
            sampled = []
            for township in pick(rng, rural, 2 if county else 1):
                villages = [v for t, v in frame.villages if t == township]
                sampled += pick(rng, villages, 3)
            return sampled
        return [""]

    def _sector_rows(self, code: str) -> dict[str, list[_Row] | None]:
        rng = rng_for(self.seed, "scores:" + code)
        raters = self.sector_conf(code)["raters"] or [""]
        # Year-to-year noise stays small (a unit moves a few points a year); the spread
        # between items comes mostly from the unit's lasting item profile.
        bias = {r: float(rng.normal(0.0, 0.004)) for r in raters}
        rows: dict[str, list[_Row] | None] = {}
        for unit in self.units:
            if code not in unit.sectors:
                continue
            level = self.quality[unit.name] + float(rng.normal(0.0, 0.005))
            subs = self._sub_units(rng, unit, code) if unit.is_area else [""]
            unit_rows = []
            for sub in subs:
                sub_level = level + (float(rng.normal(0.0, 0.03)) if sub else 0.0)
                for rater in raters:
                    r_level = sub_level + bias[rater] + float(rng.normal(0.0, 0.008))
                    unit_rows.append(_Row(sub, rater, self._items(rng, r_level, unit.name, code)))
            rows[unit.name] = unit_rows
        for first, second in self.ties:
            if first in rows and second in rows:
                rows[second] = [_Row(r.sub_unit, r.rater, list(r.items)) for r in rows[first]]
        if self.exempt[1] == code:
            rows[self.exempt[0]] = None
        return rows


# --------------------------------------------------------------------------------------
# File writers


# --------------------------------------------------------------------------------------
# The tables


# --------------------------------------------------------------------------------------
# Real-world layouts of the sector score sheets (layout="varied"): the same scores, each
# sector's sheet laid out the way a different sender would send it.


# --------------------------------------------------------------------------------------
# Public entry point
