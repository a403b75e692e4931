"""Resolve the many spellings of a unit's name to its registry unit_id.

A name is folded (NFKC, spaces removed, the 中共漯河市委 / 漯河市人民政府 / 漯河市 prefixes
reduced to 市委 / 市政府 / 市) and looked up among the folded canonical names and aliases
of the registry, then among their common short forms (临颍 → 临颍县, 市法院 → 漯河市中级人民法院).
"""

from __future__ import annotations

import difflib
from collections import defaultdict

import pandas as pd

from sunshine_analysis.ingest.normalise import normalise_text

_PREFIXES = (
    ("中共漯河市委员会", "市委"),
    ("中共漯河市委", "市委"),
    ("漯河市人民政府", "市政府"),
    ("漯河市", "市"),
)
# Short forms used in practice: the long word is dropped to its short one.
_SHORTENINGS = (
    ("中级人民法院", "法院"),
    ("人民检察院", "检察院"),
    ("人民政府", "政府"),
    ("经济技术开发区", "经开区"),
    ("城乡一体化示范区", "示范区"),
)
_COUNTY_SUFFIXES = ("县", "区")
# A county's party committee or government stands for the county in sector sheets.
_COUNTY_BODIES = ("人民政府", "政府", "委员会", "委")


def fold_name(name: object) -> str:
    """The folded form of a unit name, used as a lookup key.

    >>> fold_name("中共漯河市委 组织部"), fold_name("漯河市民政局"), fold_name("市民政局")
    ('市委组织部', '市民政局', '市民政局')
    """
    text = normalise_text(name)
    for prefix, short in _PREFIXES:
        if text.startswith(prefix):
            return short + text[len(prefix) :]
    return text


def _keys(name: object) -> set[str]:
    """Every loose lookup key of a spelling: without the city prefix, short forms, bare county."""
    folded = fold_name(name)
    if folded.startswith("漯河"):
        folded = folded[2:]
    for body in _COUNTY_BODIES:
        stem = folded[: -len(body)]
        if folded.endswith(body) and len(stem) >= 2 and stem.endswith(_COUNTY_SUFFIXES):
            folded = stem
            break
    keys = {folded}
    for prefix in ("市委", "市政府", "市"):
        if folded.startswith(prefix) and len(folded) > len(prefix) + 1:
            keys.add(folded[len(prefix) :])
            break
    for long, short in _SHORTENINGS:
        keys |= {k.replace(long, short) for k in keys if long in k}
    for key in list(keys):
        if len(key) >= 3 and key.endswith(_COUNTY_SUFFIXES):
            keys.add(key[:-1])
    return keys


class UnitIndex:
    """Lookup of unit_id by any spelling the registry allows.

    Args:
        units: The registry with ``unit_id``, ``unit_name`` and optional ``aliases``
            (a list of strings per unit).
    """

    def __init__(self, units: pd.DataFrame) -> None:
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._loose: dict[str, set[str]] = defaultdict(set)
        self._cache: dict[str, str | None] = {}
        self.names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
        aliases = units["aliases"] if "aliases" in units else [[]] * len(units)
        for unit_id, name, extra in zip(units["unit_id"], units["unit_name"], aliases, strict=True):
            for spelling in [name, *(extra or [])]:
                self._exact[fold_name(spelling)].add(unit_id)
                for key in _keys(spelling):
                    self._loose[key].add(unit_id)

    def resolve(self, name: object) -> str | None:
        """The unit_id of a spelling, or None when it is unknown or ambiguous.

        >>> units = {"unit_id": ["lyx", "fy"], "unit_name": ["临颍县", "漯河市中级人民法院"]}
        >>> index = UnitIndex(pd.DataFrame(units))
        >>> index.resolve("临 颍"), index.resolve("市法院"), index.resolve("临颍县人民政府")
        ('lyx', 'fy', 'lyx')
        >>> index.resolve("舞阳") is None
        True
        """
        folded = fold_name(name)
        if folded not in self._cache:
            hits = self._exact.get(folded) or self._loose_hits(name)
            self._cache[folded] = next(iter(hits)) if len(hits) == 1 else None
        return self._cache[folded]

    def candidates(self, name: object, n: int = 3) -> list[str]:
        """Registry names a spelling could mean: the ambiguous ones, else the closest ones."""
        found = self._loose_hits(name)
        if found:
            return sorted(self.names[u] for u in found)
        by_fold = {fold_name(n): n for n in self.names.values()}
        close = difflib.get_close_matches(fold_name(name), list(by_fold), n=n, cutoff=0.3)
        return [by_fold[c] for c in close]

    def is_ambiguous(self, name: object) -> bool:
        """True when a spelling fits several registry units."""
        return len(self._exact.get(fold_name(name)) or self._loose_hits(name)) > 1

    def _loose_hits(self, name: object) -> set[str]:
        found: set[str] = set()
        for key in _keys(name):
            found |= self._loose.get(key, set())
        return found
