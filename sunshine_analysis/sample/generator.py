"""Believable sample years of raw files, in real-world layouts or the office's standard templates.

``write_demo_year`` writes one year of what the programme office (市“阳光办”) receives — the
unit registry, the five sector score sheets, innovation results, publicity records,
deductions, the submission log, status tables, work summaries and the field sampling frames.
With ``layout="standard"`` every table follows ``docs/raw-templates.md``; with the default
``layout="varied"`` each sector's score sheet comes as a different sender would send it (see
:data:`_VARIED_SHEETS`) and the registry, innovation results and deductions carry a title row,
while the scores stay the same. The real-world names (units, townships, departments) and the
text pools live in the package data file ``data/luohe.toml``; this module holds only the logic.

The output is reproducible byte for byte: the same ``(year, seed)`` gives identical files.
Randomness comes from ``numpy.random.default_rng`` streams derived from the seed and a purpose
label; workbooks are written directly as small SpreadsheetML packages (not through openpyxl,
which stamps the current time), their document dates and all zip entry dates are fixed from
the year, xlwt writes no timestamps into .xls files, and no output depends on set or hash
ordering.

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

import csv
import datetime as dt
import io
import tomllib
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import numpy as np

from sunshine_analysis.config.vocab import SECTORS, UNIT_KINDS

__all__ = ["LAYOUTS", "DemoUnit", "demo_units", "non_whitespace_length", "write_demo_year"]

LAYOUTS = ("varied", "standard")
"""The sample year's layouts: real-world variety (the default), or the office's templates."""

AREA_KINDS = ("county", "zone")
"""Unit kinds scored on sampled sub-units and submitting the longer work summary."""

SUMMARY_LIMITS = {"area": 3000, "department": 2500}
"""Character limits of work summaries the generator straddles (the rules file owns them)."""

_STATES = ("已完成", "推进中", "未完成")
_LEVEL_RANK = {"市级": 0, "省级": 1, "中央级": 2, "国家级": 2}
_LEVEL_POINTS = {"市级": 0.2, "省级": 0.5, "中央级": 1.0, "国家级": 1.0}
_SCORE_SHEET = "{sector}考评得分汇总表（{lead}报）.xlsx"
_REGISTRY = "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx"
_INNOVATION = "创新成果考评结果汇总表.xlsx"
_PUBLICITY = "信息和宣传工作采用情况统计表.xlsx"
_DEDUCTIONS = "扣分情况汇总表.xlsx"
_SUBMISSIONS = "材料报送登记表.xlsx"
_STATUS_DIR = "规范提升情况表"
_SUMMARY_DIR = "工作总结"
_FRAME_DIR = "实地考评抽样框"


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


def _rng(seed: int, purpose: str) -> np.random.Generator:
    """An independent random stream for one purpose, derived from ``seed``."""
    return np.random.default_rng([seed, zlib.crc32(purpose.encode("utf-8"))])


def _pick(rng: np.random.Generator, items: Sequence[Any], k: int) -> list[Any]:
    """``k`` distinct items of ``items`` in their original order."""
    idx = sorted(rng.choice(len(items), size=k, replace=False).tolist())
    return [items[i] for i in idx]


def _one(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _num(tenths: int) -> int | float:
    """A score held in tenths as the cell value (``85`` → ``8.5``, ``90`` → ``9``)."""
    return tenths // 10 if tenths % 10 == 0 else tenths / 10


def _date_in(rng: np.random.Generator, year: int, start: tuple[int, int], end: tuple[int, int]):
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
        return _one(rng, pools["streets"]) + "社区"
    name = _one(rng, pools["surnames"]) + _one(rng, pools["places"]) + "村"
    if rng.random() < 0.25:
        name = _one(rng, pools["prefixes"]) + name
    return name


def _frame(unit: DemoUnit) -> _Frame:
    ref = _reference()
    conf = ref["frames"][unit.kind]
    rng = _rng(ref["world_seed"], "frame:" + unit.name)
    p = _prefix(unit.name)
    n_party = int(rng.integers(conf["party_count"][0], conf["party_count"][1] + 1))
    party = [name.format(p=p) for name in _pick(rng, conf["party_departments"], n_party)]
    n_dept = int(rng.integers(conf["department_count"][0], conf["department_count"][1] + 1))
    min_approval = 4 if unit.kind == "county" else 2
    while True:
        chosen = _pick(rng, conf["departments"], n_dept)
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
        rng = _rng(world, "quality:" + entry["name"])
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
    rng = _rng(world, "weak")
    for name in [_one(rng, areas), *_pick(rng, departments, 3)]:
        quality[name] = float(_rng(world, "weak:" + name).uniform(0.665, 0.705))
    return quality


@cache
def _item_profile(unit: str, code: str) -> tuple[float, ...]:
    """A unit's lasting strengths and weaknesses across a sector's items (from the world seed)."""
    n_items = len(_reference()["sectors"][code]["items"])
    rng = _rng(_reference()["world_seed"], f"profile:{unit}:{code}")
    return tuple(float(x) for x in rng.normal(0.0, 0.04, n_items))


class _Year:
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
        rng = _rng(self.seed, "roles")
        people = [u.name for u in self.units if u.kind == "people_org" and u.sectors == ("party",)]
        gov_only = [u.name for u in self.units if u.kind == "gov_dept" and u.sectors == ("gov",)]
        gov_only = [n for n in gov_only if n != self.ref["sectors"]["gov"]["lead"]]
        self.ties = [tuple(_pick(rng, people, 2)), tuple(_pick(rng, gov_only, 2))]
        tied = {name for pair in self.ties for name in pair}
        pairs = [
            u.name
            for u in self.units
            if u.kind == "gov_dept" and u.sectors == ("gov", "livelihood") and u.name not in tied
        ]
        self.exempt = (_one(rng, pairs), "livelihood")
        departments = [
            u.name
            for u in self.units
            if u.kind in ("party_dept", "gov_dept")
            and u.name not in tied
            and u.name != self.exempt[0]
            and u.name not in self._leads()
        ]
        areas = [u.name for u in self.units if u.is_area]
        self.weak = [_one(rng, areas), *_pick(rng, departments, 2)]
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
            rng = _rng(self.seed, "quality:" + unit.name)
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
            party = _pick(rng, frame.party, 2 if county else 1)
            depts = _pick(rng, [name for name, _ in frame.departments], 2 if county else 1)
            return party + depts
        if code == "village":
            rural = [t for t in frame.townships if not t.endswith("街道")] or list(frame.townships)
            sampled = []
            for township in _pick(rng, rural, 2 if county else 1):
                villages = [v for t, v in frame.villages if t == township]
                sampled += _pick(rng, villages, 3)
            return sampled
        return [""]

    def _sector_rows(self, code: str) -> dict[str, list[_Row] | None]:
        rng = _rng(self.seed, "scores:" + code)
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


def _fixed_time(year: int) -> tuple[int, int, int, int, int, int]:
    return (year, 7, 1, 9, 0, 0)


def _zip_bytes(entries: Sequence[tuple[str, bytes]], year: int) -> bytes:
    """A zip archive of ``entries`` with fixed entry dates and attributes, in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_fixed_time(year))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_XLSX_TYPES = (
    _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}styles+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}sharedStrings+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
)
_XLSX_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_EPOCH = dt.date(1899, 12, 30)


def _column(index: int) -> str:
    """Spreadsheet column letters of a 1-based column index (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _core_xml(year: int) -> str:
    stamp = dt.datetime(*_fixed_time(year)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        _XML_HEAD + "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>市阳光办</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _write_xlsx(
    path: Path,
    year: int,
    sheet: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: dict[int, float] | None = None,
    *,
    title: str | None = None,
) -> Path:
    """One table on the first sheet as a small reproducible .xlsx: header in row 1, or below
    a merged title row and a blank row."""
    if title is None:
        return _write_grid(path, year, sheet, [list(header), *rows], widths=widths, bold_rows={1})
    grid = [[title], [], list(header), *rows]
    merges = [f"A1:{_column(len(header))}1"]
    return _write_grid(path, year, sheet, grid, widths=widths, bold_rows={1, 3}, merges=merges)


def _write_grid(
    path: Path,
    year: int,
    sheet: str,
    grid: Sequence[Sequence[Any]],
    *,
    widths: dict[int, float] | None = None,
    bold_rows: set[int] = frozenset(),  # type: ignore[assignment]
    merges: Sequence[str] = (),
) -> Path:
    """A grid of cells (row 1 first) on the first sheet, as a small reproducible .xlsx.

    Written directly as SpreadsheetML (shared strings, one style sheet with a bold font and
    a date format, merged ranges such as ``A1:G1``) rather than through openpyxl: a tenth of
    the size and time, and no clock-dependent document properties.
    """
    strings: dict[str, int] = {}
    xml_rows = []
    for r, values in enumerate(grid, 1):
        cells = []
        for c, value in enumerate(values, 1):
            ref = f"{_column(c)}{r}"
            bold = ' s="1"' if r in bold_rows else ""
            if value is None:
                continue
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}"{bold} t="s"><v>{index}</v></c>')
            elif isinstance(value, dt.date):
                cells.append(f'<c r="{ref}" s="2"><v>{(value - _EPOCH).days}</v></c>')
            elif isinstance(value, bool):
                raise TypeError("boolean cells are not used by the templates")
            else:
                cells.append(f'<c r="{ref}"{bold}><v>{value!r}</v></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    width = max(len(row) for row in grid)
    cols = "".join(
        f'<col min="{c}" max="{c}" width="{(widths or {}).get(c, 12)}" customWidth="1"/>'
        for c in range(1, width + 1)
    )
    ranges = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
    merged = f'<mergeCells count="{len(merges)}">{ranges}</mergeCells>' if merges else ""
    extent = f"A1:{_column(width)}{len(grid)}"
    worksheet = (
        _XML_HEAD + f'<worksheet xmlns="{_MAIN_NS}"><dimension ref="{extent}"/><cols>{cols}</cols>'
        f"<sheetData>{''.join(xml_rows)}</sheetData>{merged}</worksheet>"
    )
    shared = "".join(
        f'<si><t xml:space="preserve">{escape(text)}</t></si>'
        if text != text.strip()
        else f"<si><t>{escape(text)}</t></si>"
        for text in strings
    )
    shared_xml = (
        _XML_HEAD + f'<sst xmlns="{_MAIN_NS}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{shared}</sst>'
    )
    workbook = (
        _XML_HEAD + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>'
        f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts = [
        ("[Content_Types].xml", _XLSX_TYPES),
        ("_rels/.rels", _XLSX_RELS),
        ("docProps/core.xml", _core_xml(year)),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/styles.xml", _STYLES),
        ("xl/sharedStrings.xml", shared_xml),
        ("xl/worksheets/sheet1.xml", worksheet),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_zip_bytes([(name, text.encode("utf-8")) for name, text in parts], year))
    return path


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _write_docx(path: Path, year: int, paragraphs: Sequence[str]) -> Path:
    """A minimal valid .docx (content types, package rels, document) of plain paragraphs."""
    body = []
    for i, text in enumerate(paragraphs):
        props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if i == 0 else ""
        body.append(f"<w:p>{props}<w:r><w:t>{escape(text)}</w:t></w:r></w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>" + "".join(body) + "<w:sectPr/></w:body></w:document>"
    )
    entries = [
        ("[Content_Types].xml", _DOCX_TYPES.encode("utf-8")),
        ("_rels/.rels", _DOCX_RELS.encode("utf-8")),
        ("word/document.xml", document.encode("utf-8")),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_zip_bytes(entries, year))
    return path


# --------------------------------------------------------------------------------------
# The tables


def _registry(y: _Year, out: Path, title: str | None) -> Path:
    rows = []
    for i, unit in enumerate(y.units, 1):
        marks = ["√" if code in unit.sectors else None for code in SECTORS]
        rows.append([i, unit.name, UNIT_KINDS[unit.kind], *marks, "、".join(unit.aliases) or None])
    header = ["序号", "单位名称", "类别", *SECTORS.values(), "别名"]
    return _write_xlsx(out / _REGISTRY, y.year, "一览表", header, rows, {2: 24, 9: 24}, title=title)


def _score_sheet(y: _Year, out: Path, code: str) -> Path:
    conf = y.sector_conf(code)
    rows_by_unit = y.scores[code]
    with_sub = any(r.sub_unit for rows in rows_by_unit.values() if rows for r in rows)
    with_rater = bool(conf["raters"])
    items = [f"{name}({maximum}分)" for name, maximum in conf["items"]]
    header = ["序号", "被考评单位"]
    header += ["抽查单位"] if with_sub else []
    header += ["评分人"] if with_rater else []
    header += [*items, "总分", "备注"]
    out_rows = []
    for name, unit_rows in rows_by_unit.items():
        lead = [name] + ([None] if with_sub else []) + ([None] if with_rater else [])
        if unit_rows is None:
            out_rows.append([len(out_rows) + 1, *lead, *[None] * len(items), None, "免考"])
            continue
        for row in unit_rows:
            cells = [name]
            cells += [row.sub_unit or None] if with_sub else []
            cells += [row.rater or None] if with_rater else []
            scores = [_num(t) for t in row.items]
            out_rows.append([len(out_rows) + 1, *cells, *scores, _num(sum(row.items)), None])
    filename = _SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    return _write_xlsx(out / filename, y.year, SECTORS[code], header, out_rows, {2: 24, 3: 18})


# --------------------------------------------------------------------------------------
# Real-world layouts of the sector score sheets (layout="varied"): the same scores, each
# sector's sheet laid out the way a different sender would send it.


def _full_width(text: str) -> str:
    """``12.5`` → ``１２．５``, ``(10分)`` → ``（１０分）``: as typed with a Chinese input method."""
    return text.translate(_FULL_WIDTH)


_FULL_WIDTH = str.maketrans("0123456789.()", "０１２３４５６７８９．（）")


def _spelling(rng: np.random.Generator, unit: DemoUnit) -> str:
    """One spelling a sender uses: canonical, an alias, with the city prefix, or with stray spaces."""
    forms = [unit.name, *unit.aliases]
    if unit.name.startswith("市委"):
        forms.append("中共漯河" + unit.name)
    elif unit.name.startswith("市"):
        forms.append("漯河" + unit.name)
    if len(unit.name) == 3:
        forms.append(" ".join(unit.name))
    return _one(rng, forms)


def _score_cell(rng: np.random.Generator, tenths: int) -> int | float | str:
    """A score as a number, or now and then as full-width text (``９０．５``)."""
    value = _num(tenths)
    return _full_width(str(value)) if rng.random() < 0.08 else value


def _title(y: _Year, code: str) -> str:
    return f"{y.year}年度“{SECTORS[code]}”建设考评得分汇总表"


def _merged_two_row(y: _Year, out: Path, code: str, rng: np.random.Generator) -> Path:
    """Merged title, a sender line, a two-row header with the items under a merged group cell,
    full-width maxima, each unit merged over its sampled sub-units, a 合计 row, note rows."""
    conf = y.sector_conf(code)
    items = conf["items"]
    last = 3 + len(items) + 2
    grid: list[list[Any]] = [
        [_title(y, code)],
        [f"填报单位：{conf['lead']}", *[None] * (last - 3), f"填报日期：{y.year}年7月1日"],
        [],
        ["序号", "被考评单位", "抽查单位", "考评项目", *[None] * (len(items) - 1), "总分", "备注"],
        [None, None, None, *(_full_width(f"{n}({m}分)") for n, m in items)],
    ]
    merges = [f"A1:{_column(last)}1", "A4:A5", "B4:B5", "C4:C5", f"D4:{_column(3 + len(items))}4"]
    merges += [f"{_column(c)}4:{_column(c)}5" for c in (last - 1, last)]
    sums = [0] * (len(items) + 1)
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        first = len(grid) + 1
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            grid.append([serial, spelled, None, *[None] * len(items), None, "免考"])
            continue
        for k, row in enumerate(rows):
            lead = [serial, spelled] if k == 0 else [None, None]
            cells = [_score_cell(rng, t) for t in row.items]
            grid.append([*lead, row.sub_unit or None, *cells, _num(sum(row.items)), None])
            sums = [a + b for a, b in zip(sums, [*row.items, sum(row.items)], strict=True)]
        if len(rows) > 1:
            merges += [f"{c}{first}:{c}{first + len(rows) - 1}" for c in "AB"]
    grid.append(["合计", None, None, *(_num(t) for t in sums), None])
    merges.append(f"A{len(grid)}:C{len(grid)}")
    grid.append([f"注：县区得分为抽查单位得分的平均值。本表由{conf['lead']}填报。"])
    merges.append(f"A{len(grid)}:{_column(last)}{len(grid)}")
    grid.append(["填表人：王丽", None, None, None, "审核人：张伟"])
    filename = _SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    widths = {2: 24, 3: 18}
    return _write_grid(
        out / filename, y.year, SECTORS[code], grid, widths=widths, bold_rows={1, 4, 5}, merges=merges
    )


def _xls_rater_rows(y: _Year, out: Path, code: str, rng: np.random.Generator) -> Path:
    """Excel 97-2003: a merged title, item names with their maxima in a row below (分值),
    one row per rater with the unit merged over its raters, short and prefixed names."""
    import xlwt  # only this layout writes .xls

    conf = y.sector_conf(code)
    items = conf["items"]
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(SECTORS[code])
    last = 3 + len(items) + 1
    ws.write_merge(0, 0, 0, last, _title(y, code))
    for c, text in enumerate(
        ["序号", "被考核单位", "考评组成员", *(n for n, _ in items), "考评得分", "备注"]
    ):
        ws.write(1, c, text)
    for c, text in enumerate(["", "分值", "", *(f"{m}分" for _, m in items), "100分"]):
        ws.write(2, c, text)
    r = 3
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            for c, value in ((0, serial), (1, spelled), (last, "免考")):
                ws.write(r, c, value)
            r += 1
            continue
        ws.write_merge(r, r + len(rows) - 1, 0, 0, serial)
        ws.write_merge(r, r + len(rows) - 1, 1, 1, spelled)
        for row in rows:
            ws.write(r, 2, row.rater)
            for c, tenths in enumerate(row.items, 3):
                ws.write(r, c, _score_cell(rng, tenths))
            ws.write(r, 3 + len(items), _num(sum(row.items)))
            r += 1
    ws.write(r + 1, 0, f"制表人：李娜    审核人：{conf['lead']}")
    path = out / _SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"]).replace(".xlsx", ".xls")
    buffer = io.BytesIO()
    book.save(buffer)  # xlwt writes no timestamps: the bytes depend on the cells only
    path.write_bytes(buffer.getvalue())
    return path


def _rater_columns(y: _Year, out: Path, code: str, rng: np.random.Generator) -> Path:
    """Only each rater's total, the raters as columns under a merged 评分人 group cell."""
    conf = y.sector_conf(code)
    raters = conf["raters"]
    last = 2 + len(raters) + 1
    grid: list[list[Any]] = [
        [_title(y, code)],
        [],
        ["序号", "被考评单位", "评分人（满分100分）", *[None] * (len(raters) - 1), "备注"],
        [None, None, *raters],
    ]
    merges = [f"A1:{_column(last)}1", "A3:A4", "B3:B4", f"C3:{_column(2 + len(raters))}3"]
    merges.append(f"{_column(last)}3:{_column(last)}4")
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            grid.append([serial, spelled, *[None] * len(raters), "免考"])
            continue
        by_rater = {row.rater: sum(row.items) for row in rows}
        assert len(by_rater) == len(rows), "one row per rater: sub-units need rater rows"
        grid.append([serial, spelled, *(_score_cell(rng, by_rater[r]) for r in raters), None])
    grid.append(["注：各评分人按100分制独立评分。"])
    filename = _SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    return _write_grid(
        out / filename, y.year, SECTORS[code], grid, widths={2: 24}, bold_rows={3, 4}, merges=merges
    )


def _gb18030_csv(y: _Year, out: Path, code: str, rng: np.random.Generator) -> Path:
    """GB18030 text: a title line, header synonyms with full-width brackets, sampled villages,
    a 小计 row after each county's villages, a note line."""
    conf = y.sector_conf(code)
    items = conf["items"]
    lines: list[list[Any]] = [[_title(y, code)], []]
    lines.append(["序号", "单位名称", "抽查村（居）", *(f"{n}（{m}分）" for n, m in items), "得分", "备注"])
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            lines.append([serial, spelled, "", *[""] * len(items), "", "不参加"])
            continue
        for row in rows:
            cells = [_score_cell(rng, t) for t in row.items]
            lines.append([serial, spelled, row.sub_unit, *cells, _num(sum(row.items)), ""])
        if len(rows) > 1:
            lines.append(["小计", "", "", *[""] * len(items), "", ""])
    lines.append([f"注：村务得分为抽查村（居）得分的平均值。报送单位：{conf['lead']}"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path = out / _SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"]).replace(".xlsx", ".csv")
    path.write_bytes(buffer.getvalue().encode("gb18030"))
    return path


def _maxima_row(y: _Year, out: Path, code: str, rng: np.random.Generator) -> Path:
    """A title and a blank row, item names with a 满分 row of maxima below, 合计 as the total's
    header, 不参加 for the exempt unit, prefixed names, signature rows below."""
    conf = y.sector_conf(code)
    items = conf["items"]
    last = 2 + len(items) + 2
    grid: list[list[Any]] = [
        [_title(y, code)],
        [],
        ["序号", "单位名称", *(n for n, _ in items), "合计", "备注"],
        [None, "满分", *(f"{m}分" for _, m in items), "100分"],
    ]
    for serial, (name, rows) in enumerate(y.scores[code].items(), 1):
        spelled = _spelling(rng, y.by_name[name])
        if rows is None:
            grid.append([serial, spelled, *[None] * len(items), None, "不参加"])
            continue
        (row,) = rows
        grid.append([serial, spelled, *(_score_cell(rng, t) for t in row.items), _num(sum(row.items)), None])
    grid.append(["填表人：赵敏", None, None, "审核人：孙强", None, None, f"填报日期：{y.year}年7月2日"])
    filename = _SCORE_SHEET.format(sector=SECTORS[code], lead=conf["lead"])
    merges = [f"A1:{_column(last)}1"]
    return _write_grid(
        out / filename, y.year, SECTORS[code], grid, widths={2: 24}, bold_rows={3}, merges=merges
    )


_VARIED_SHEETS = {
    "party": _merged_two_row,
    "gov": _xls_rater_rows,
    "judicial": _rater_columns,
    "village": _gb18030_csv,
    "livelihood": _maxima_row,
}
"""The layout each sector's sheet takes in a varied year (every writer keeps the scores)."""


def _innovation(y: _Year, out: Path, title: str | None) -> tuple[Path, list[tuple[str, str, str]]]:
    rng = _rng(y.seed, "innovation")
    counts = y.ref["innovation"]["excellent"]
    split = counts.get(str(y.year), counts["default"])
    titles = y.ref["innovation"]["titles"]
    results: list[tuple[str, str, str, str]] = []  # unit, title, sector, rating
    taken: set[tuple[str, str]] = set()
    used_titles: set[str] = set()

    def title_for(unit: DemoUnit, code: str) -> str:
        while True:
            place = unit.name
            if unit.is_area and rng.random() < 0.5:
                place += _one(rng, unit.townships)
            title = _one(rng, titles[code]).format(place=place)
            if title not in used_titles:
                used_titles.add(title)
                return title

    def eligible(code: str) -> list[DemoUnit]:
        return [
            u
            for u in y.units
            if code in u.sectors
            and u.name not in y.special
            and (u.name, code) not in taken
            and u.name not in y.weak
        ]

    for code in SECTORS:
        for unit in _pick(rng, eligible(code), int(split.get(code, 0))):
            taken.add((unit.name, code))
            results.append((unit.name, title_for(unit, code), code, "优秀"))
    n_other = int(rng.integers(9, 14))
    for _ in range(n_other):
        code = _one(rng, list(SECTORS))
        unit = _one(rng, eligible(code) or [u for u in y.units if code in u.sectors])
        if (unit.name, code) in taken:
            continue
        taken.add((unit.name, code))
        rating = "良好" if rng.random() < 0.6 else "一般"
        results.append((unit.name, title_for(unit, code), code, rating))
    order = {u.name: i for i, u in enumerate(y.units)}
    codes = list(SECTORS)
    results.sort(key=lambda r: (order[r[0]], codes.index(r[2])))
    rows = [[i, u, t, SECTORS[c], r] for i, (u, t, c, r) in enumerate(results, 1)]
    header = ["序号", "单位名称", "成果名称", "所属板块", "评定等次"]
    path = _write_xlsx(out / _INNOVATION, y.year, "创新成果", header, rows, {2: 24, 3: 44}, title=title)
    return path, [(u, c, r) for u, _, c, r in results]


def _publicity(y: _Year, out: Path) -> Path:
    rng = _rng(y.seed, "publicity")
    conf = y.ref["publicity"]
    media = conf["media"]
    areas = [u.name for u in y.units if u.is_area and u.name not in y.weak]
    star = _one(rng, areas)
    records: list[tuple[str, str, str, str, dt.date]] = []
    for unit in y.units:
        if unit.name in y.special:
            continue
        n = int(rng.integers(6, 13)) if unit.is_area else int(rng.integers(0, 4))
        if unit.name in y.weak:
            n = min(n, 2)
        topics = _pick(rng, conf["topics"], min(n, len(conf["topics"])))
        levels_by_title = []
        for topic in topics:
            sector = SECTORS[_one(rng, unit.sectors)]
            title = topic.format(unit=unit.name, sector=sector)
            top = _one(rng, ["市级"] * 12 + ["省级"] * 6 + ["国家级"] + ["中央级"])
            levels = [top]
            if top != "市级" and rng.random() < 0.45:
                levels.insert(0, "市级")
                if top != "省级" and rng.random() < 0.5:
                    levels.insert(1, "省级")
            levels_by_title.append((title, levels))
        if unit.name == star:  # make sure this unit's points exceed the cap
            points = sum(_LEVEL_POINTS[levels[-1]] for _, levels in levels_by_title)
            for _, levels in levels_by_title:
                if points > 3.6:
                    break
                if levels[-1] != "国家级":
                    points += 1.0 - _LEVEL_POINTS[levels[-1]]
                    levels[:] = ["市级", "省级", "国家级"] if rng.random() < 0.5 else ["国家级"]
        for title, levels in levels_by_title:
            day = _date_in(rng, y.year, (1, 4), (6, 10))
            for level in levels:
                records.append((unit.name, title, level, _one(rng, media[level]), day))
                day += dt.timedelta(days=int(rng.integers(1, 10)))
    order = {u.name: i for i, u in enumerate(y.units)}
    records.sort(key=lambda r: (order[r[0]], r[4], _LEVEL_RANK[r[2]]))
    rows = [[i, *r] for i, r in enumerate(records, 1)]
    header = ["序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期"]
    widths = {2: 24, 3: 44, 5: 22, 6: 12}
    return _write_xlsx(out / _PUBLICITY, y.year, "信息宣传", header, rows, widths)


def _deductions(y: _Year, out: Path, title: str | None) -> Path:
    rng = _rng(y.seed, "deductions")
    conf = y.ref["deductions"]
    categories = list(conf)
    n = int(rng.integers(5, 8))
    chosen = categories + ["市级通报批评"] * (n - len(categories))
    others = [u for u in y.units if u.name not in y.special]
    counties = [u for u in y.units if u.kind == "county"]
    records = []
    used: set[tuple[str, str]] = set()
    for category in chosen:
        entry = conf[category]
        if category == "违反“阳光三权”案件":
            unit = _one(rng, counties)
            township, village = _one(rng, y.frames[unit.name].villages)
            reason = _one(rng, entry["reasons"]).format(unit=unit.name, township=township, village=village)
        else:
            pool = [u for u in y.weak if (u, category) not in used] if rng.random() < 0.4 else []
            unit = y.by_name[_one(rng, pool)] if pool else _one(rng, others)
            while (unit.name, category) in used:
                unit = _one(rng, others)
            reason = _one(rng, entry["reasons"]).format(unit=unit.name)
        used.add((unit.name, category))
        number = f"{entry['prefix']}〔{y.year}〕{int(rng.integers(3, 61))}号"
        day = _date_in(rng, y.year, (1, 10), (6, 20))
        records.append((unit.name, category, number, day, reason))
    records.sort(key=lambda r: (r[3], r[0]))
    rows = [[i, *r] for i, r in enumerate(records, 1)]
    header = ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"]
    widths = {2: 24, 3: 20, 4: 24, 5: 12, 6: 60}
    return _write_xlsx(out / _DEDUCTIONS, y.year, "扣分情况", header, rows, widths, title=title)


def _status_rows(y: _Year, rng: np.random.Generator, unit: DemoUnit, poor: bool) -> list[list]:
    ledgers = y.ref["ledgers"]
    total = int(rng.integers(10, 21))
    per = [total // len(unit.sectors)] * len(unit.sectors)
    for i in range(total - sum(per)):
        per[i] += 1
    weights = [0.45, 0.25, 0.30] if poor else [0.82, 0.13, 0.05]
    rows = []
    for code, count in zip(unit.sectors, per, strict=True):
        for item in _pick(rng, ledgers[code], min(count, len(ledgers[code]))):
            state = _STATES[int(rng.choice(3, p=weights))]
            note = None
            if state == "推进中":
                note = f"预计{int(rng.integers(7, 10))}月底前完成"
            elif state == "未完成":
                note = _one(rng, ["台账资料缺失", "尚未建立", "内容不全，正在补充", "未按时更新"])
            rows.append([len(rows) + 1, SECTORS[code], item, state, note])
    return rows


@dataclass
class _Sentence:
    template: str
    values: dict[str, Any]

    def render(self) -> str:
        return self.template.format(**self.values)

    def slots(self) -> list[str]:
        """Numbers that can take one more digit (``n`` 2–9 → 12–19, ``m`` 20–99 → 120–199)."""
        return [key for key in ("n", "m") if "{" + key + "}" in self.template]


def _summary_paragraphs(y: _Year, rng: np.random.Generator, unit: DemoUnit, target: int) -> list[str]:
    """Work summary paragraphs whose non-whitespace length is exactly ``target``.

    Whole template sentences fill the practice section until less than a short filler
    sentence is missing; the last few characters come from giving some numbers one more
    digit, so no sentence is ever cut.
    """
    conf = y.ref["summary"]
    ledgers = y.ref["ledgers"]

    def sentence(template: str, code: str) -> _Sentence:
        values = {
            "unit": unit.name,
            "year": y.year,
            "sector": SECTORS[code],
            "ledger": _one(rng, ledgers[code]),
            "n": int(rng.integers(2, 10)),
            "m": int(rng.integers(20, 100)),
        }
        return _Sentence(template, values)

    first = unit.sectors[0]
    title = f"{unit.name}{y.year}年“阳光漯河”建设工作总结"
    intro = sentence(_one(rng, conf["intro"]), first).render()
    n_problems = int(rng.integers(3, len(conf["problems"]) + 1))
    problems = "".join(sentence(t, first).render() for t in conf["problems"][:n_problems])
    n_plans = int(rng.integers(3, len(conf["plans"]) + 1))
    plans = "".join(sentence(t, first).render() for t in conf["plans"][:n_plans])
    sign = [unit.name, f"{y.year}年6月{int(rng.integers(1, 15))}日"]
    head = [title, intro, "一、主要做法"]
    tail = ["二、存在问题", problems, "三、下一步打算", plans, *sign]

    fixed = sum(len(p) for p in head + tail)
    n_sections = max(len(unit.sectors), min(5, round((target - fixed) / 450)))
    head_order = rng.permutation(len(conf["practice_heads"])).tolist()
    codes = [unit.sectors[i % len(unit.sectors)] for i in range(n_sections)]
    heads = [
        conf["practice_heads"][head_order[i]].format(k="一二三四五"[i], sector=SECTORS[code])
        for i, code in enumerate(codes)
    ]
    queues = [rng.permutation(len(conf["practice"])).tolist() for _ in codes]
    bodies: list[list[_Sentence]] = [[] for _ in codes]
    remaining = target - fixed - sum(len(h) for h in heads)
    turn = 0
    while True:
        k = turn % n_sections
        if not queues[k]:
            queues[k] = rng.permutation(len(conf["practice"])).tolist()
        candidate = sentence(conf["practice"][queues[k][0]], codes[k])
        if len(candidate.render()) <= remaining:
            queues[k].pop(0)
            bodies[k].append(candidate)
            remaining -= len(candidate.render())
            turn += 1
            continue
        fillers = [sentence(t, codes[k]) for t in conf["fillers"]]
        fitting = [f for f in fillers if len(f.render()) <= remaining]
        if not fitting:
            break
        bodies[k].append(_one(rng, fitting))
        remaining -= len(bodies[k][-1].render())
        turn += 1
    slots = [(s, key) for body in bodies for s in body for key in s.slots()]
    if remaining > len(slots):
        raise RuntimeError(f"cannot reach {target} characters for {unit.name}")
    for s, key in _pick(rng, slots, remaining):
        s.values[key] += 10 if key == "n" else 100
    practice = [h + "".join(s.render() for s in b) for h, b in zip(heads, bodies, strict=True)]
    return head + practice + tail


def _materials(y: _Year, out: Path) -> list[Path]:
    """Work summaries, status tables and the submission log."""
    rng = _rng(y.seed, "materials")
    deadline = dt.date(y.year, *y.ref["submission_deadline"])
    areas = [u for u in y.units if u.is_area]
    counties = [u for u in areas if u.kind == "county"]
    depts = [u for u in y.units if not u.is_area and u.name not in y.special]
    exact = _one(rng, counties)
    over_area = _one(rng, [u for u in areas if u is not exact])
    rest = [u for u in depts if u.name not in y.weak]
    over_dept, missing_1, missing_2, late_dept = _pick(rng, rest, 4)
    missing = [missing_1.name, missing_2.name]
    late_area = _one(rng, [u for u in areas if u not in (exact, over_area)])
    late = [late_area.name, late_dept.name]
    no_status = missing_2.name
    poor = [*y.weak, _one(rng, [u.name for u in rest if u.name not in missing])]

    paths: list[Path] = []
    log: list[tuple[dt.date, int, str, str]] = []
    for order, unit in enumerate(y.units):
        area = unit.is_area
        limit = SUMMARY_LIMITS["area" if area else "department"]
        if unit is exact:
            target = limit
        elif unit in (over_area, over_dept):
            target = limit + int(rng.integers(40, 220))
        else:
            target = int(rng.integers(1800, 2900) if area else rng.integers(1100, 2400))
        day = deadline - dt.timedelta(days=int(rng.integers(0, 13)))
        if unit.name in late:
            day = deadline + dt.timedelta(days=int(rng.integers(2, 10)))
        paragraphs = _summary_paragraphs(y, rng, unit, target)
        as_txt = rng.random() < 0.15
        if unit.name not in missing:
            base = out / _SUMMARY_DIR / f"{unit.name}工作总结"
            if as_txt:
                text = "\n".join(paragraphs) + "\n"
                path = base.with_suffix(".txt")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text.encode("utf-8"))
                paths.append(path)
            else:
                paths.append(_write_docx(base.with_suffix(".docx"), y.year, paragraphs))
            log.append((day, order, unit.name, "工作总结"))
        if unit.name != no_status:
            rows = _status_rows(y, rng, unit, unit.name in poor)
            header = ["序号", "板块", "台账事项", "完成情况", "备注"]
            path = out / _STATUS_DIR / f"{unit.name}规范提升情况表.xlsx"
            paths.append(_write_xlsx(path, y.year, "规范提升情况", header, rows, {3: 28, 5: 24}))
            status_day = day if rng.random() < 0.8 else day - dt.timedelta(days=1)
            log.append((status_day, order, unit.name, "规范提升情况表"))
    log.sort(key=lambda r: (r[0], r[1], r[3] != "工作总结"))
    rows = [[i, name, material, day] for i, (day, _, name, material) in enumerate(log, 1)]
    header = ["序号", "单位名称", "材料", "报送日期"]
    paths.append(_write_xlsx(out / _SUBMISSIONS, y.year, "报送登记", header, rows, {2: 24, 3: 16, 4: 12}))
    return paths


def _frames(y: _Year, out: Path) -> list[Path]:
    paths = []
    header = ["序号", "类型", "名称", "所属乡镇", "行政审批职能", "便民服务中心"]
    for name, frame in y.frames.items():
        rows: list[list[Any]] = []
        for party in frame.party:
            rows.append(["党委部门", party, None, None, None])
        for dept, approval in frame.departments:
            rows.append(["县直部门", dept, None, "是" if approval else "否", None])
        for township in frame.townships:
            rows.append(["乡镇", township, None, None, "是"])
        for township, village in frame.villages:
            rows.append(["村", village, township, None, None])
        numbered = [[i, *r] for i, r in enumerate(rows, 1)]
        path = out / _FRAME_DIR / f"{name}抽样框.xlsx"
        paths.append(_write_xlsx(path, y.year, "抽样框", header, numbered, {3: 26, 4: 14}))
    return paths


# --------------------------------------------------------------------------------------
# Public entry point


def write_demo_year(year: int, out_dir: Path, seed: int, *, layout: str = "varied") -> list[Path]:
    """Write a believable year of raw files.

    Args:
        year: Evaluation year (dates, document numbers and the unit list follow it).
        out_dir: Folder to write into; created if missing, and must be empty if it exists.
        seed: Seed of every random draw; the same ``(year, seed, layout)`` gives
            byte-identical files, and both layouts of a ``(year, seed)`` the same scores.
        layout: ``"standard"``: every table in the office's template (``docs/raw-templates.md``);
            ``"varied"``: each sector's score sheet in a different real-world layout (see
            :data:`_VARIED_SHEETS`), title rows above the registry, innovation results and
            deductions; the other files as in the templates.

    Returns:
        The paths written, sorted.

    Raises:
        ValueError: ``out_dir`` exists and is not an empty folder, or the layout is unknown.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"未知的版式：{layout}（应为 {'、'.join(LAYOUTS)}）")
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"输出目录已存在且非空：{out}")
    out.mkdir(parents=True, exist_ok=True)
    y = _Year(year, seed)
    varied = layout == "varied"
    paths = [_registry(y, out, f"“阳光漯河”建设板块涉及单位一览表（{year}年）" if varied else None)]
    for code in SECTORS:
        if varied:
            # Spellings and full-width cells draw from their own stream: the scores stay the same.
            paths.append(_VARIED_SHEETS[code](y, out, code, _rng(seed, "layout:" + code)))
        else:
            paths.append(_score_sheet(y, out, code))
    paths.append(_innovation(y, out, f"{year}年度创新成果考评结果汇总表" if varied else None)[0])
    paths.append(_publicity(y, out))
    paths.append(_deductions(y, out, f"{year}年度扣分情况汇总表" if varied else None))
    paths += _materials(y, out)
    paths += _frames(y, out)
    return sorted(paths)
