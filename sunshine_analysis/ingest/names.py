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
_SHORTENINGS = (("中级人民法院", "法院"), ("人民检察院", "检察院"))
_COUNTY_SUFFIXES = ("县", "区")


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


def _keys(name: str) -> set[str]:
    folded = fold_name(name)
    keys = {folded}
    if folded.startswith("市") and not folded.startswith(("市委", "市政府")):
        keys.add(folded[1:])
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
        self.names = dict(zip(units["unit_id"], units["unit_name"], strict=True))
        aliases = units["aliases"] if "aliases" in units else [[]] * len(units)
        for unit_id, name, extra in zip(units["unit_id"], units["unit_name"], aliases, strict=True):
            for spelling in [name, *(extra or [])]:
                self._exact[fold_name(spelling)].add(unit_id)
                for key in _keys(spelling):
                    self._loose[key].add(unit_id)

    def resolve(self, name: object) -> str | None:
        """The unit_id of a spelling, or None when it is unknown or ambiguous."""
        folded = fold_name(name)
        hits = self._exact.get(folded)
        if hits and len(hits) == 1:
            return next(iter(hits))
        found: set[str] = set()
        for key in _keys(str(name)):
            found |= self._loose.get(key, set())
        return next(iter(found)) if len(found) == 1 else None

    def candidates(self, name: object) -> list[str]:
        """Registry names that a spelling could mean (for an error message)."""
        found: set[str] = set()
        for key in _keys(str(name)):
            found |= self._loose.get(key, set())
        if found:
            return sorted(self.names[u] for u in found)
        close = difflib.get_close_matches(
            fold_name(name), [fold_name(n) for n in self.names.values()], n=3, cutoff=0.4
        )
        by_fold = {fold_name(n): n for n in self.names.values()}
        return [by_fold[c] for c in close]
