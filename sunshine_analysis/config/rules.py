"""The office's scoring rules, loaded from a versioned TOML file and checked on load.

Every number the scoring uses lives in the rules file; this module only reads and checks
it. Point values are held as :class:`decimal.Decimal` so that ``0.2`` means exactly 0.2.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import itertools
import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sunshine_analysis.config import paths
from sunshine_analysis.config.vocab import SECTORS, UNIT_KINDS

DEFAULT_ISSUER = "市“阳光漯河”建设工作领导小组办公室"
"""The written report's issuing office when the rules file has no ``[report] issuer``."""

MAX_POINTS = 10_000
"""No point value of the rules is larger (a sector is worth 100): a typo such as 1e300 is refused."""


class RulesError(ValueError):
    """The rules file is malformed; the message names the key."""


@dataclass(frozen=True)
class Grade:
    """A grade band: the name given to rounded composites of at least ``min``."""

    name: str
    min: Decimal


@dataclass(frozen=True)
class Variant:
    """A rule variant for the robustness of ranks: values of the rules file replaced.

    Attributes:
        name: A short identifier (``no_caps``), used in output columns.
        label: The Chinese description shown to readers.
        set: Dotted key of the rules file → its replacement value (``"publicity.cap" = inf``).
    """

    name: str
    label: str
    set: dict[str, Any]


@dataclass(frozen=True)
class Disclosure:
    """What a unit's brief may show of its group, so that no other unit's score can be derived.

    Attributes:
        mean_min_units: A group mean is shown only over at least this many units. Over two,
            a unit's own score and the mean give the other's; from three on, only the others'
            sum is known.
        quartile_min_units: Quartiles and the median are shown only over at least this many.
        quartile_step: ... and only rounded to this step (a band, e.g. 1 point): an exact
            quartile is a member's score, or interpolates between two, so the unit beside it
            could work out its neighbour's score from its own.
    """

    mean_min_units: int
    quartile_min_units: int
    quartile_step: Decimal


@dataclass(frozen=True)
class Rules:
    """One year's scoring rules (see ``sunshine_analysis/rules/2020.toml``)."""

    year: int
    title: str
    trim_min_raters: int
    trim_each_side: int
    sector_max: Decimal
    total_tolerance: Decimal
    period_start: dt.date
    period_end: dt.date
    innovation_bonus: dict[str, Decimal]
    publicity_points: dict[str, Decimal]
    publicity_same_title_once: bool
    publicity_cap: Decimal
    deduction_points: dict[str, Decimal]
    composite_floor: Decimal
    composite_cap: Decimal
    decimals: int
    tie: str
    rank_groups: dict[str, tuple[str, ...]]
    grades: tuple[Grade, ...]
    disclosure: Disclosure
    source: str
    sha256: str
    extra: dict[str, Any]
    variants: tuple[Variant, ...] = ()
    items: dict[str, tuple[tuple[str, Decimal], ...]] = field(default_factory=dict)
    """Per sector, its score sheet's items and their maxima (``[items]``; may be empty)."""
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Rules term → other words senders use for it (``[synonyms]``; may be empty)."""
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    raw: bytes = field(default=b"", repr=False, compare=False)
    """The rules file's bytes, as hashed: copied beside the tables they scored."""
    variant: str = ""
    issuer: str = DEFAULT_ISSUER
    """The office that issues the written report (``[report] issuer``)."""
    advice: dict[str, str] = field(default_factory=dict)
    """Scoring item name → what a unit that lost points on it should improve, in plain words
    (``[report.advice]``; the key 其他 for items not listed). Said in the units' briefs."""

    def rank_group_of(self, unit_kind: str) -> str:
        """The rank group a unit kind belongs to."""
        for group, kinds in self.rank_groups.items():
            if unit_kind in kinds:
                return group
        raise KeyError(unit_kind)

    def with_variant(self, variant: Variant) -> Rules:
        """These rules with one variant's values replaced, checked like a rules file.

        >>> rules = load_rules(year=2020)
        >>> rules.with_variant(rules.variants[0]).variant
        'no_caps'
        """
        data = copy.deepcopy(self.data)
        data.pop("variants", None)
        for key, value in variant.set.items():
            *parents, last = key.split(".")
            table = data
            for part in parents:
                table = table[part]
            table[last] = value
        rules = _from_data(data, Path(self.source), self.sha256, self.raw)
        return replace(rules, variant=variant.name)

    def grade_of(self, composite: Decimal) -> str:
        """The grade of a rounded composite."""
        for grade in self.grades:
            if composite >= grade.min:
                return grade.name
        return self.grades[-1].name


_SCHEMA: dict[str, Any] = {
    "year": int,
    "title": str,
    "raters": {"trim_min_raters": int, "trim_each_side": int},
    "sector": {"max_score": "bound", "total_tolerance": "number"},
    "period": {"start": "date", "end": "date"},
    "innovation": {"bonus": "points"},
    "publicity": {"points": "points", "same_title_once": bool, "cap": "bound"},
    "deductions": {"points": "points"},
    "composite": {"floor": "number", "cap": "bound"},
    "rounding": {"decimals": int},
    "ranking": {"tie": str, "groups": "groups"},
    "grades": "grades",
    "disclosure": {"mean_min_units": int, "quartile_min_units": int, "quartile_step": "number"},
}
_OPTIONAL_TABLES = (
    "variants",
    "submissions",
    "supervision",
    "sampling",
    "items",
    "synonyms",
    "review",
    "field_visits",
    "report",
)
# Keys a variant may not replace: they name the file, not a rule.
_FIXED_KEYS = ("year", "title", "disclosure", *_OPTIONAL_TABLES)


def load_rules(path: str | Path | None = None, *, year: int | None = None) -> Rules:
    """Load and check a rules file.

    Args:
        path: The TOML file; by default the packaged file of ``year``.
        year: The year to be scored: picks the packaged file when ``path`` is not given, and
            the file's own ``year`` must be it.

    Returns:
        The checked rules.

    Raises:
        RulesError: The year has no rules file; the file's year is another; a key is unknown
            or missing, has the wrong type or an impossible value (grades out of order, a
            disclosure rule that would let a unit work out another's score). The message
            names the key.

    >>> load_rules(year=2020).publicity_points["省级"]
    Decimal('0.5')
    """
    if path is None:
        if year is None:
            raise RulesError("either a rules file or a year is needed")
        path = paths.rules_file(year)
        if not path.is_file():
            known = "、".join(str(y) for y in paths.rules_files())
            raise RulesError(
                f"没有 {year} 年的评分细则（{year}.toml；已有：{known}）：请运行 sunshine rules new {year}，"
                f"按当年细则修改生成的 rules/{year}.toml；或用 --rules 指定规则文件"
            )
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulesError(f"{path}: 无法读取规则文件（{exc.strerror or exc}）") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path}: 无法解析规则文件：{exc}") from exc
    rules = _from_data(data, path, hashlib.sha256(raw).hexdigest(), raw)
    if year is not None and rules.year != year:
        raise RulesError(f"{path}: 「year」为 {rules.year}，但要计分的是 {year} 年；请核对规则文件")
    return rules


def new_rules_file(year: int, folder: Path | None = None) -> Path:
    """Start ``year``'s rules file: the latest earlier year's, copied into ``folder`` (the
    office's ``rules/``), its ``year`` and title set to ``year``, with a header saying what to edit.

    Raises:
        RulesError: The file exists already, or there is no earlier year to copy.
    """
    folder = paths.PROJECT_RULES_DIR if folder is None else Path(folder)
    target = folder / f"{year}.toml"
    if target.exists():
        raise RulesError(f"{target} 已存在，未改动；请直接修改它")
    earlier = {y: p for y, p in paths.rules_files().items() if y < year}
    if not earlier:
        raise RulesError(f"没有 {year} 年以前的评分细则可以复制")
    source_year, source = max(earlier.items())
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"^year = \d+$", f"year = {year}", text, count=1, flags=re.M)

    def retitle(match: re.Match[str]) -> str:
        return match.group(1).replace(str(source_year), str(year))

    text = re.sub(r"^(title = .*)$", retitle, text, count=1, flags=re.M)
    header = (
        f"# {year} 年评分细则：由 sunshine rules new {year} 从 {source.name} 复制。\n"
        f"# 请按 {year} 年的考评评分细则核对、修改每一个分值和等次（[raters] [sector] [innovation]\n"
        "# [publicity] [deductions] [composite] [[grades]] [disclosure] [items] [report] …），\n"
        f"# 然后运行 .venv/bin/sunshine validate data/raw/{year}。\n\n"
    )
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(header + text, encoding="utf-8")
    try:
        load_rules(target, year=year)
    except RulesError:
        target.unlink()
        raise
    return target


def _from_data(data: dict[str, Any], path: Path, sha256: str, raw: bytes) -> Rules:
    _check_keys(data, _SCHEMA, path, "")
    _check_variants(data.get("variants", []), path)
    rules = replace(_build(data, path, sha256), raw=raw)
    _check_values(rules, path)
    for variant in rules.variants:
        try:
            rules.with_variant(variant)
        except RulesError as exc:
            raise RulesError(f"规则变体「{variant.name}」：{exc}") from exc
    return rules


def _check_keys(data: dict[str, Any], schema: dict[str, Any], path: Path, prefix: str) -> None:
    for key in data:
        if key not in schema and not (prefix == "" and key in _OPTIONAL_TABLES):
            raise RulesError(f"{path}: 未知的键「{prefix}{key}」")
    for key, kind in schema.items():
        name = f"{prefix}{key}"
        if key not in data:
            raise RulesError(f"{path}: 缺少键「{name}」")
        value = data[key]
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                raise RulesError(f"{path}: 「{name}」应为表（table）")
            _check_keys(value, kind, path, f"{name}.")
        elif kind == "number":
            if not math.isfinite(_number(value, path, name)):
                raise RulesError(f"{path}: 「{name}」应为有限的数值，发现 {value!r}")
        elif kind == "date":
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise RulesError(f"{path}: 「{name}」应为日期（如 2020-06-30，不加引号），发现 {value!r}")
        elif kind == "bound":
            if _number(value, path, name).is_nan():
                raise RulesError(f"{path}: 「{name}」应为数值或 inf（不设上限），发现 {value!r}")
        elif kind == "points":
            if not isinstance(value, dict) or not value:
                raise RulesError(f"{path}: 「{name}」应为非空的「名称 = 分值」表")
            for sub, points in value.items():
                if not math.isfinite(_number(points, path, f"{name}.{sub}")):
                    raise RulesError(f"{path}: 「{name}.{sub}」应为有限的数值，发现 {points!r}")
        elif kind == "groups":
            if not isinstance(value, dict) or not value:
                raise RulesError(f"{path}: 「{name}」应为非空的「组名 = [单位类别]」表")
            for group, kinds in value.items():
                if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
                    raise RulesError(f"{path}: 「{name}.{group}」应为单位类别代码的列表，发现 {kinds!r}")
        elif kind == "grades":
            if not isinstance(value, list) or not value:
                raise RulesError(f"{path}: 「{name}」应为至少一个 [[grades]] 表")
            for i, grade in enumerate(value):
                if not isinstance(grade, dict) or set(grade) != {"name", "min"}:
                    raise RulesError(f"{path}: 「grades[{i}]」应只有 name 和 min 两个键")
                if not isinstance(grade["name"], str) or not grade["name"]:
                    raise RulesError(f"{path}: 「grades[{i}].name」应为非空文字，发现 {grade['name']!r}")
                if not math.isfinite(_number(grade["min"], path, f"grades[{i}].min")):
                    raise RulesError(f"{path}: 「grades[{i}].min」应为有限的数值")
        elif kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise RulesError(f"{path}: 「{name}」应为整数，发现 {value!r}")
        elif kind is not int and not isinstance(value, kind):
            raise RulesError(f"{path}: 「{name}」类型不对，发现 {value!r}")


def _check_variants(variants: Any, path: Path) -> None:
    if not isinstance(variants, list):
        raise RulesError(f"{path}: 「variants」应为 [[variants]] 表的数组")
    names: set[str] = set()
    for i, variant in enumerate(variants):
        where = f"variants[{i}]"
        if not isinstance(variant, dict) or set(variant) != {"name", "label", "set"}:
            found = sorted(variant) if isinstance(variant, dict) else variant
            raise RulesError(f"{path}: 「{where}」应只有 name、label、set 三个键，发现 {found!r}")
        name = variant["name"]
        if not isinstance(name, str) or not name.isidentifier() or not name.isascii():
            raise RulesError(f"{path}: 「{where}.name」应为英文标识符（如 no_caps），发现 {name!r}")
        if name in names:
            raise RulesError(f"{path}: 「{where}.name」与前面的变体重名：{name}")
        names.add(name)
        if not isinstance(variant["label"], str) or not variant["label"]:
            raise RulesError(f"{path}: 「{where}.label」应为非空文字")
        if not isinstance(variant["set"], dict) or not variant["set"]:
            raise RulesError(f"{path}: 「{where}.set」应为非空的「规则键 = 新值」表")
        for key in variant["set"]:
            schema: Any = _SCHEMA
            for part in key.split("."):
                if not isinstance(schema, dict) or part not in schema or part in _FIXED_KEYS:
                    raise RulesError(f"{path}: 「{where}.set」中的键「{key}」不是可替换的规则键")
                schema = schema[part]


def _number(value: Any, path: Path, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesError(f"{path}: 「{name}」应为数值，发现 {value!r}")
    # str() of a float is its shortest repr, so 0.2 becomes exactly Decimal("0.2").
    return Decimal(str(value))


def _build(data: dict[str, Any], path: Path, sha256: str) -> Rules:
    def points(table: dict[str, Any]) -> dict[str, Decimal]:
        return {str(k): Decimal(str(v)) for k, v in table.items()}

    return Rules(
        year=data["year"],
        title=data["title"],
        trim_min_raters=data["raters"]["trim_min_raters"],
        trim_each_side=data["raters"]["trim_each_side"],
        sector_max=Decimal(str(data["sector"]["max_score"])),
        total_tolerance=Decimal(str(data["sector"]["total_tolerance"])),
        period_start=data["period"]["start"],
        period_end=data["period"]["end"],
        innovation_bonus=points(data["innovation"]["bonus"]),
        publicity_points=points(data["publicity"]["points"]),
        publicity_same_title_once=data["publicity"]["same_title_once"],
        publicity_cap=Decimal(str(data["publicity"]["cap"])),
        deduction_points=points(data["deductions"]["points"]),
        composite_floor=Decimal(str(data["composite"]["floor"])),
        composite_cap=Decimal(str(data["composite"]["cap"])),
        decimals=data["rounding"]["decimals"],
        tie=data["ranking"]["tie"],
        rank_groups={g: tuple(k) for g, k in data["ranking"]["groups"].items()},
        grades=tuple(Grade(str(g["name"]), Decimal(str(g["min"]))) for g in data["grades"]),
        disclosure=Disclosure(
            mean_min_units=data["disclosure"]["mean_min_units"],
            quartile_min_units=data["disclosure"]["quartile_min_units"],
            quartile_step=Decimal(str(data["disclosure"]["quartile_step"])),
        ),
        source=str(path),
        sha256=sha256,
        extra={k: data[k] for k in _OPTIONAL_TABLES if k in data},
        variants=tuple(Variant(v["name"], v["label"], dict(v["set"])) for v in data.get("variants", [])),
        items={
            str(code): tuple((str(name), Decimal(str(maximum))) for name, maximum in entries)
            for code, entries in data.get("items", {}).items()
        },
        synonyms={str(term): tuple(map(str, words)) for term, words in data.get("synonyms", {}).items()},
        data=copy.deepcopy(data),
        issuer=_issuer(data.get("report", {}), path),
        advice=_advice(data.get("report", {}), path),
    )


def _issuer(report: Any, path: Path) -> str:
    if not isinstance(report, dict) or set(report) - {"issuer", "advice"}:
        raise RulesError(f'{path}: 「report」应为只含 issuer 和 advice 的表，如 issuer = "{DEFAULT_ISSUER}"')
    issuer = report.get("issuer", DEFAULT_ISSUER)
    if not isinstance(issuer, str) or not issuer.strip():
        raise RulesError(f"{path}: 「report.issuer」应为非空文字（发文机关名称），发现 {issuer!r}")
    return issuer.strip()


def _advice(report: Any, path: Path) -> dict[str, str]:
    advice = report.get("advice", {}) if isinstance(report, dict) else {}
    if not isinstance(advice, dict):
        raise RulesError(f'{path}: 「report.advice」应为表：评分项目名称 = "改进建议"')
    for item, text in advice.items():
        if not isinstance(text, str) or not text.strip():
            raise RulesError(f"{path}: 「report.advice.{item}」应为非空文字（改进建议），发现 {text!r}")
    return {str(item): text.strip() for item, text in advice.items()}


def _check_values(rules: Rules, path: Path) -> None:
    def fail(key: str, why: str) -> None:
        raise RulesError(f"{path}: 「{key}」取值不合理：{why}")

    if rules.trim_each_side < 0:
        fail("raters.trim_each_side", "不能为负数")
    if rules.trim_min_raters <= 2 * rules.trim_each_side:
        fail("raters.trim_min_raters", "去掉最高分和最低分后必须至少剩一个评分")
    if rules.sector_max <= 0:
        fail("sector.max_score", "应大于 0")
    if not 0 < rules.total_tolerance <= 1:
        fail("sector.total_tolerance", "应大于 0、不超过 1 分")
    if rules.period_start > rules.period_end:
        fail("period.start", f"不能晚于 period.end（{rules.period_end}）")
    if not 0 <= rules.decimals <= 4:
        fail("rounding.decimals", "应在 0 到 4 之间")
    if rules.tie != "min":
        fail("ranking.tie", "目前只支持 min（并列同名次，下一名次顺延：1, 2, 2, 4）")
    if rules.composite_floor > rules.composite_cap:
        fail("composite.floor", "不能大于 composite.cap")
    for key, value in (
        ("sector.max_score", rules.sector_max),
        ("publicity.cap", rules.publicity_cap),
        ("composite.cap", rules.composite_cap),
        ("composite.floor", rules.composite_floor),
        *((f"grades.{g.name}.min", g.min) for g in rules.grades),
        *((f"innovation.bonus.{k}", v) for k, v in rules.innovation_bonus.items()),
        *((f"publicity.points.{k}", v) for k, v in rules.publicity_points.items()),
        *((f"deductions.points.{k}", v) for k, v in rules.deduction_points.items()),
    ):
        if value.is_finite() and abs(value) > MAX_POINTS:
            fail(key, f"分值不应超过 {MAX_POINTS}（发现 {value:g}）")
        if value.is_finite() and value != value.quantize(Decimal("0.0001")):
            fail(key, "最多 4 位小数")
    if rules.publicity_cap < 0:
        fail("publicity.cap", "不能为负数")
    for table, values in (
        ("innovation.bonus", rules.innovation_bonus),
        ("publicity.points", rules.publicity_points),
        ("deductions.points", rules.deduction_points),
    ):
        for name, value in values.items():
            if value < 0:
                fail(f"{table}.{name}", "不能为负数（扣分也写正数）")
    seen: set[str] = set()
    for group, kinds in rules.rank_groups.items():
        for kind in kinds:
            if kind not in UNIT_KINDS:
                fail(f"ranking.groups.{group}", f"未知的单位类别 {kind!r}")
            if kind in seen:
                fail(f"ranking.groups.{group}", f"单位类别 {kind!r} 出现在两个排名组中")
            seen.add(kind)
    missing = set(UNIT_KINDS) - seen
    if missing:
        fail("ranking.groups", f"单位类别 {sorted(missing)} 不属于任何排名组")
    for higher, lower in itertools.pairwise(rules.grades):
        if lower.min >= higher.min:
            fail(
                f"grades.{lower.name}.min",
                f"等次应从高到低排列，min 逐档递减（「{higher.name}」为 {higher.min}）",
            )
    if rules.grades[-1].min > rules.composite_floor:
        fail("grades", "最低一档的 min 应不高于综合得分下限，使每个得分都有等次")
    shown = rules.disclosure
    if shown.mean_min_units < 3:
        fail("disclosure.mean_min_units", "至少为 3：两个单位时，本单位得分和平均分即可算出另一单位的得分")
    if shown.quartile_min_units < max(shown.mean_min_units, 5):
        fail("disclosure.quartile_min_units", "至少为 5，且不小于 mean_min_units")
    if shown.quartile_step < Decimal("0.5"):
        fail("disclosure.quartile_step", "至少为 0.5 分：更细的四分位数可推算出相邻单位的得分")
    terms = {*rules.innovation_bonus, *rules.publicity_points, *rules.deduction_points}
    seen_words: dict[str, str] = {}
    for term, words in rules.synonyms.items():
        if term not in terms:
            known = "、".join(sorted(terms))
            fail(f"synonyms.{term}", f"不是评分细则中的等次、级别或扣分类别（应为 {known}）")
        for word in words:
            if seen_words.setdefault(word, term) != term:
                fail(f"synonyms.{term}", f"「{word}」同时是「{seen_words[word]}」的同义词")
    for code, entries in rules.items.items():
        if code not in SECTORS:
            fail(f"items.{code}", f"未知的板块代码 {code!r}（应为 {'、'.join(SECTORS)}）")
        if not entries or len({name for name, _ in entries}) != len(entries):
            fail(f"items.{code}", "评分项不能为空，名称不能重复")
        total = sum(m for _, m in entries)
        if any(m <= 0 for _, m in entries) or (rules.sector_max.is_finite() and total != rules.sector_max):
            fail(f"items.{code}", f"各项满分应为正数，合计应等于 sector.max_score（{rules.sector_max}）")
