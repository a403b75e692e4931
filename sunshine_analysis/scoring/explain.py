"""Explain one unit's score point by point, from its raw rows to its composite and rank.

:func:`explain_unit` returns every step as a tidy table of exact values (``Fraction``), so
that a unit disputing its score, the unit brief and a test can all add the numbers up;
:meth:`Explanation.text` renders the chain in Chinese: for the office (``sunshine explain``)
every value exact, repeating decimals with their fraction; for the unit's brief every value to
the report's two decimals (:func:`format_shown`), the exact value only where the two decimals
cannot show how a rounding went: a value on the half (89.355, rounded up to 89.36) or a line
whose two-decimal numbers do not add up to its result, which then gets a note with the exact
values (:meth:`_Chain.equation`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.exact import TICKS, format_points, round_half_up
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.scoring.engine import Scores

STEP_COLUMNS = ["kind", "sector", "sub_unit", "label", "value", "counted", "note"]
"""Columns of :attr:`Explanation.steps`.

``kind`` is one of ``rater``, ``sub_unit``, ``base``, ``innovation``, ``sector``, ``exempt``,
``sector_mean``, ``publicity``, ``publicity_total``, ``deduction``, ``deduction_total``,
``composite``, ``rounded``; ``value`` is the exact point value (``Fraction``), ``counted``
whether the row enters the next sum, ``note`` why (in Chinese).
"""


@dataclass
class Explanation:
    """Every step of one unit's score.

    Attributes:
        unit_id: The unit's stable id.
        unit_name: Its canonical name.
        rank_group: Its rank group.
        rank: Its rank within the group; ``group_size`` units share the group.
        group_size: Number of units ranked in the group.
        grade: Its grade.
        composite: The rounded composite as reported (a fixed-point string).
        steps: The steps (:data:`STEP_COLUMNS`), in the order of the rules.
        rules_title: Title of the rules file applied.
    """

    unit_id: str
    unit_name: str
    rank_group: str
    rank: int
    group_size: int
    grade: str
    composite: str
    steps: pd.DataFrame
    rules_title: str
    decimals: int
    lines: list[str]

    def text(self) -> str:
        """The chain in Chinese, one step a line."""
        return "\n".join(self.lines)


def resolve_unit(units: pd.DataFrame, unit: str) -> str:
    """The unit_id of a unit given by its unit_id or any spelling the registry allows.

    Raises:
        ValueError: Unknown or ambiguous (message in Chinese, with candidates).
    """
    if unit in set(units["unit_id"]):
        return unit
    index = UnitIndex(units)
    found = index.resolve(unit)
    if found is None:
        candidates = "、".join(index.candidates(unit)) or "、".join(units["unit_name"].head(5))
        raise ValueError(f"找不到单位「{unit}」（或名称有歧义），是否指：{candidates}")
    return found


def format_exact(value: Fraction, decimals: int = 6) -> str:
    """An exact value: terminating decimals in full, repeating ones with their fraction.

    >>> format_exact(Fraction(179, 2)), format_exact(Fraction(263, 3)), format_exact(Fraction(-1))
    ('89.5', '87.666667…（= 263/3）', '-1')
    """
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den == 1:
        return _decimal_text(value)
    approx = _decimal_text(Fraction(round_half_up(value, decimals)), pad=decimals)
    return f"{approx}…（= {value.numerator}/{value.denominator}）"


def _terminates(value: Fraction) -> bool:
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    return den == 1


def on_the_half(value: Fraction, decimals: int = 2) -> bool:
    """Whether the digits after ``decimals`` lie at or within a hair of the half, where they decide
    which way the value rounds (the next digit would round to 5).

    >>> on_the_half(Fraction("89.355")), on_the_half(Fraction("79.83499")), on_the_half(Fraction(197, 3))
    (True, True, False)
    """
    scaled = value * 10**decimals
    rest = abs(scaled - math.floor(scaled))
    return Fraction(9, 20) <= rest < Fraction(11, 20)


def format_shown(value: Fraction, decimals: int = 2) -> str:
    """A value as the brief shows it: to ``decimals`` places (half-up), or exactly when
    :func:`on_the_half`: in full if it terminates, else its first digits and its fraction.

    >>> format_shown(Fraction(197, 3)), format_shown(Fraction(66)), format_shown(Fraction("89.355"))
    ('65.67', '66.00', '89.355')
    >>> format_shown(Fraction("79.835") - Fraction(1, 300000))  # rounds down, unlike 79.835
    '79.834996…（= 23950499/300000）'
    """
    if not on_the_half(value, decimals):
        return f"{round_half_up(value, decimals)}"
    if _terminates(value):
        return _decimal_text(value, pad=decimals)
    digits = _decimal_text(value)[: len(str(math.trunc(value))) + (value < 0) + 1 + decimals + 4]
    return f"{digits}…（= {value.numerator}/{value.denominator}）"


def shown_value(value: Fraction, decimals: int = 2) -> Fraction:
    """The value a reader reads off :func:`format_shown`: the rounded one unless shown exactly."""
    return value if on_the_half(value, decimals) else Fraction(round_half_up(value, decimals))


def _exact_term(value: Fraction) -> str:
    """A value exactly and briefly, for a note: ``63.125``, ``377/6``."""
    return _decimal_text(value) if _terminates(value) else f"{value.numerator}/{value.denominator}"


def _decimal_text(value: Fraction, pad: int = 0) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    digits = ""
    while rest and len(digits) < 40:
        rest *= 10
        d, rest = divmod(rest, value.denominator)
        digits += str(d)
    digits = digits.ljust(pad, "0")
    return f"{sign}{whole}.{digits}" if digits else f"{sign}{whole}"


def explain_unit(
    scores: Scores, unit: str, *, rater_names: bool = True, exact: bool | None = None
) -> Explanation:
    """Every step of one unit's composite, exact, from its rater totals to its rank.

    Args:
        scores: The year's scoring (:func:`sunshine_analysis.scoring.engine.score_year`).
        unit: A unit_id or any spelling of the unit's name the registry allows.
        rater_names: Name the raters (for the office); else number them 评分人1…n within each
            sector, in the order they first appear in its sheets (for the unit's own brief:
            a unit never learns who rated it).
        exact: Write every value of the text exactly (for the office); else to the report's
            decimals, exactly only where they decide a rounding (see the module docstring).
            By default exact when the raters are named, i.e. for the office.

    Returns:
        The explanation; ``steps`` holds exact values a reader can add up.
    """
    unit_id = resolve_unit(scores.units, unit)
    numbers = rater_numbers(scores.item_scores) if not rater_names else None
    chain = _Chain(scores, unit_id, numbers, rater_names if exact is None else exact)
    chain.heading()
    sectors = scores.sector_scores[scores.sector_scores["unit_id"] == unit_id]
    live = [chain.sector(n, sec) for n, sec in enumerate(sectors.itertuples(), start=1)]
    mean = chain.sector_mean([v for v in live if v is not None])
    publicity = chain.publicity()
    deduction = chain.deductions()
    shown = chain.composite(mean, publicity, deduction)
    comp = chain.comp
    return Explanation(
        unit_id=unit_id,
        unit_name=str(comp["unit_name"]),
        rank_group=chain.group,
        rank=int(comp["rank"]),
        group_size=int((scores.composite["rank_group"] == chain.group).sum()),
        grade=str(comp["grade"]),
        composite=shown,
        steps=pd.DataFrame(chain.steps, columns=STEP_COLUMNS),
        rules_title=scores.rules.title,
        decimals=scores.rules.decimals,
        lines=chain.lines,
    )


Term = tuple[str, Fraction]
"""One term of a line's sum: its sign (``""`` for the first, ``"+"`` or ``"−"``) and value."""


class _Chain:
    """The steps (:data:`STEP_COLUMNS`) and the Chinese lines of one unit's explanation, built
    stage by stage in the order of the rules."""

    def __init__(
        self, scores: Scores, unit_id: str, numbers: dict[tuple[str, str], int] | None, exact: bool
    ) -> None:
        self.scores = scores
        self.numbers = numbers
        self.rules = scores.rules
        self.exact_text = exact
        self.unit_id = unit_id
        self.comp = scores.composite.set_index("unit_id").loc[unit_id]
        self.group = str(self.comp["rank_group"])
        self.steps: list[dict] = []
        self.lines: list[str] = []

    def of_unit(self, table: pd.DataFrame) -> pd.DataFrame:
        return table[table["unit_id"] == self.unit_id]

    def exact(self, num: object) -> Fraction:
        return self.scores.exact(int(num))

    def fmt(self, value: Fraction) -> str:
        """A value in the text: exact for the office, as :func:`format_shown` for the brief."""
        return format_exact(value) if self.exact_text else format_shown(value, self.rules.decimals)

    def equation(
        self, lead: str, terms: list[Term], result: Fraction, divisor: int | None = None, tail: str = ""
    ) -> None:
        """The line ``lead`` (sum of ``terms``) [÷ ``divisor``] = ``result`` ``tail``.

        In the brief, where the values as shown do not give the result as shown (a sum of
        two-decimal values off by a rounding), a note below gives the line in exact values.
        """
        self.lines.append(f"{lead}{_expression(terms, divisor, self.fmt)} = {self.fmt(result)}{tail}")
        if self.exact_text:
            return
        d = self.rules.decimals
        as_read = _evaluate([(sign, shown_value(v, d)) for sign, v in terms], divisor)
        if format_shown(as_read, d) == format_shown(result, d):
            return
        exact, indent = _expression(terms, divisor, _exact_term), " " * (len(lead) - len(lead.lstrip()) + 2)
        text = _exact_term(result) if _terminates(result) else format_exact(result)
        self.lines.append(
            f"{indent}（上式各数只显示两位小数，直接相加与结果差一点；按未四舍五入的精确值计算："
            f"{exact} = {text}）"
        )

    def step(
        self,
        kind: str,
        label: str,
        value: Fraction | None,
        *,
        sector: str = "",
        sub_unit: str = "",
        counted: bool = True,
        note: str = "",
    ) -> None:
        self.steps.append(
            {
                "kind": kind,
                "sector": sector,
                "sub_unit": sub_unit,
                "label": label,
                "value": value,
                "counted": counted,
                "note": note,
            }
        )

    def heading(self) -> None:
        rules, comp = self.rules, self.comp
        if not self.exact_text:
            self.lines.append(f"{comp['unit_name']}（{self.group}）{rules.year}年综合得分计算过程")
            self.lines.append(f"评分细则：《{rules.title}》")
            self.lines.append(
                f"各数显示到{rules.decimals}位小数（四舍五入），计算时用未四舍五入的精确值，"
                "只在最后对综合得分四舍五入；两位小数看不出怎样舍入的地方，列出精确值。"
            )
            return
        self.lines.append(
            f"{comp['unit_name']}（{self.unit_id}，{self.group}）{rules.year}年综合得分计算过程"
        )
        source = rules.source.rsplit("/", 1)[-1]
        self.lines.append(f"评分细则：{rules.title}（{source}，SHA-256 {rules.sha256[:12]}）")

    def sector(self, n: int, sec: object) -> Fraction | None:
        """One sector's lines: raters, sub-units, base, bonuses, cap; its score, or None if exempt."""
        sector_name = SECTORS.get(sec.sector, sec.sector)
        self.lines += ["", f"{_ordinal(n)}、{sector_name}"]
        innovation = self.of_unit(self.scores.innovation)
        innovation = innovation[innovation["sector"] == sec.sector]
        if sec.exempt:
            self.step(
                "exempt",
                f"{sector_name}免考",
                None,
                sector=sec.sector,
                counted=False,
                note="免考，不计入平均",
            )
            self.lines.append("  免考（不参加），该板块不计入板块平均。")
            for r in innovation.itertuples():
                label = f"创新成果「{r.title}」{r.rating}"
                self.step("innovation", label, Fraction(0), sector=sec.sector, counted=False, note=r.note)
                self.lines.append(f"  创新成果「{r.title}」（{r.rating}）：{r.note}")
            return None
        subs = self.of_unit(self.scores.sub_units)
        sub_values = [self.sub_unit(sub) for sub in subs[subs["sector"] == sec.sector].itertuples()]
        base = self.exact(sec.base_num)
        if len(sub_values) > 1:
            self.equation("  基础分 = ", _plus(sub_values), base, len(sub_values))
        else:
            self.lines.append(f"  基础分 = {self.fmt(base)}")
        note = f"{len(sub_values)}个抽查单位的平均"
        self.step("base", f"{sector_name}基础分", base, sector=sec.sector, note=note)
        for r in innovation.itertuples():
            bonus = _points(r.bonus_ticks)
            label = f"创新成果「{r.title}」{r.rating}"
            self.step("innovation", label, bonus, sector=sec.sector, counted=bool(r.bonus_ticks), note=r.note)
            self.lines.append(f"  创新成果「{r.title}」（{r.rating}）：+{self.fmt(bonus)}（{r.note}）")
        value, cap, bonus_total = self.exact(sec.sector_num), self.rules.sector_max, self.exact(sec.bonus_num)
        if sec.capped:
            note = f"超过上限{_num(cap)}，按{_num(cap)}计"
        else:
            note = "未超过上限" if cap.is_finite() else "不设上限"
        self.step("sector", f"{sector_name}单项得分", value, sector=sec.sector, note=note)
        if not self.exact_text:
            self.sector_line(base, bonus_total, value, cap)
        elif cap.is_finite():
            self.lines.append(
                f"  单项得分 = min({format_exact(base)} + {format_exact(bonus_total)}, {_num(cap)}) = "
                f"{format_exact(value)}（{note}）"
            )
        else:
            self.lines.append(
                f"  单项得分 = {format_exact(base)} + {format_exact(bonus_total)} = {format_exact(value)}"
            )
        return value

    def sector_line(self, base: Fraction, bonus: Fraction, value: Fraction, cap: Decimal) -> None:
        """The brief's sector score line, in words rather than min()."""
        if not bonus:
            self.lines.append(f"  单项得分 = 基础分 = {self.fmt(value)}（没有创新成果加分）")
        elif value == base + bonus:
            tail = f"（未超过满分{_num(cap)}）" if cap.is_finite() else ""
            self.equation(
                "  单项得分 = 基础分 + 创新成果加分 = ", [("", base), ("+", bonus)], value, tail=tail
            )
        else:
            self.lines.append(
                f"  单项得分 = {self.fmt(value)}（基础分{self.fmt(base)} + 创新成果加分{self.fmt(bonus)}"
                f"超过满分{_num(cap)}，按{_num(cap)}计）"
            )

    def rater(self, sector: str, rater: str) -> str:
        """How a rater is shown: by name, or as 评分人n when the chain numbers them."""
        if self.numbers is None or not rater:
            return rater
        return f"评分人{self.numbers[(sector, rater)]}"

    def sub_unit(self, sub: object) -> Fraction:
        """One sub-unit's (or the unit's own) raters, those dropped, and its mean."""
        totals = self.of_unit(self.scores.rater_totals)
        raters = totals[(totals["sector"] == sub.sector) & (totals["sub_unit"] == sub.sub_unit)]
        where = f"抽查单位「{sub.sub_unit}」" if sub.sub_unit else "本单位"
        parts = []
        for r in raters.itertuples():
            note = "去掉" + ("最高分" if _is_high(r, raters) else "最低分") if r.dropped else "保留"
            who = self.rater(sub.sector, r.rater)
            label = (
                f"{who or '评分人（未列）'}总分"
                if self.numbers is not None
                else f"评分人「{who or '（未列）'}」总分"
            )
            value = _points(r.total_ticks)
            self.step(
                "rater",
                label,
                value,
                sector=sub.sector,
                sub_unit=sub.sub_unit,
                counted=not r.dropped,
                note=note,
            )
            shown = f"{who + ' ' if who else ''}{self.fmt(value)}"
            parts.append(shown + ("" if not r.dropped else f"（{note}）"))
        value = Fraction(int(sub.kept_ticks), TICKS * int(sub.n_kept))
        note = f"{sub.n_raters}名评分人，计入{sub.n_kept}名"
        self.step("sub_unit", f"{where}得分", value, sector=sub.sector, sub_unit=sub.sub_unit, note=note)
        kept = [_points(r.total_ticks) for r in raters.itertuples() if not r.dropped]
        if len(raters) == 1:
            self.lines.append(f"  {where}：总分{self.fmt(value)}")
        else:
            self.lines.append(f"  {where}评分人总分：{'、'.join(parts)}")
            self.equation("    得分 = ", _plus(kept), value, int(sub.n_kept))
        return value

    def sector_mean(self, live: list[Fraction]) -> Fraction:
        mean = self.exact(self.comp["sector_mean_num"])
        self.step("sector_mean", "板块平均", mean, note=f"{len(live)}个计分板块的平均")
        self.lines.append("")
        self.equation("板块平均 = ", _plus(live), mean, len(live))
        return mean

    def publicity(self) -> Fraction:
        self.lines.append("信息和宣传工作加分：")
        pub = self.of_unit(self.scores.publicity)
        for r in pub.itertuples():
            value = _points(r.points_ticks if r.counted else r.level_ticks)
            self.step("publicity", f"「{r.title}」{r.level}", value, counted=bool(r.counted), note=r.note)
            sign = f"+{self.fmt(value)}" if r.counted else f"（{self.fmt(value)}）不计"
            self.lines.append(
                f"  「{r.title}」{r.level}{'，' + str(r.outlet) if _present(r.outlet) else ''}：{sign}"
                + ("" if r.counted else f"：{r.note}")
            )
        raw, value, cap = (
            self.exact(self.comp["publicity_raw_num"]),
            self.exact(self.comp["publicity_num"]),
            self.rules.publicity_cap,
        )
        if raw > value:
            note = f"合计{self.fmt(raw)}超过上限{_num(cap)}，按{_num(cap)}计"
        else:
            note = f"未超过上限{_num(cap)}" if cap.is_finite() else "不设上限"
        if pub.empty:
            self.lines.append("  无")
        self.step("publicity_total", "信息和宣传工作加分", value, note=note)
        self.lines.append(f"  合计{self.fmt(value)}（{note}）")
        return value

    def deductions(self) -> Fraction:
        self.lines.append("扣分：")
        ded = self.of_unit(self.scores.deductions)
        for r in ded.itertuples():
            value = _points(r.points_ticks)
            doc = str(r.doc_no) if _present(r.doc_no) else "（无文号）"
            reason = f"，{r.reason}" if _present(r.reason) else ""
            self.step("deduction", f"{r.category} {doc}", value, note=f"{doc}{reason}")
            self.lines.append(f"  {r.category}（{doc}{reason}）：−{self.fmt(value)}")
        if ded.empty:
            self.lines.append("  无")
        value = self.exact(self.comp["deduction_num"])
        self.step("deduction_total", "扣分合计", value)
        self.lines.append(f"  合计{self.fmt(value)}")
        return value

    def composite(self, mean: Fraction, publicity: Fraction, deduction: Fraction) -> str:
        """The composite, clipped, rounded and ranked; returns it as reported."""
        comp, rules, d = self.comp, self.rules, self.rules.decimals
        unclipped, value = self.exact(comp["unclipped_num"]), self.exact(comp["composite_num"])
        self.lines.append("")
        lead = "综合得分 = " if self.exact_text else "综合得分 = 板块平均 + 信息和宣传工作加分 − 扣分 = "
        self.equation(lead, [("", mean), ("+", publicity), ("−", deduction)], unclipped)
        floor, top = rules.composite_floor, rules.composite_cap
        if value != unclipped:
            note = f"超出[{_num(floor)}, {_num(top)}]，取{self.fmt(value)}"
            self.lines.append(f"  {note}")
        else:
            note = f"在[{_num(floor)}, {_num(top)}]之内"
        self.step("composite", "综合得分（未四舍五入）", value, note=note)
        rounded = int(comp["composite_rounded"])
        shown = format_points(rounded, d)
        self.step("rounded", f"综合得分（四舍五入保留{d}位小数）", Fraction(rounded, 10**d))
        self.lines.append(f"四舍五入保留{d}位小数：{shown}")
        ranked = self.scores.composite[self.scores.composite["rank_group"] == self.group]
        tied = "（并列）" if (ranked["composite_rounded"] == rounded).sum() > 1 else ""
        rank = f"名次：{self.group}第{int(comp['rank'])}名{tied}"
        self.lines.append(f"{rank}，共{len(ranked)}个单位；等次：{comp['grade']}")
        return shown


def _plus(values: list[Fraction]) -> list[Term]:
    return [("" if i == 0 else "+", v) for i, v in enumerate(values)]


def _expression(terms: list[Term], divisor: int | None, fmt: Callable[[Fraction], str]) -> str:
    """``a + b − c``, or ``(a + b) ÷ n`` with a divisor."""
    body = " ".join(f"{sign} {fmt(v)}" if sign else fmt(v) for sign, v in terms)
    return f"({body}) ÷ {divisor}" if divisor is not None else body


def _evaluate(terms: list[Term], divisor: int | None) -> Fraction:
    total = sum((-v if sign == "−" else v for sign, v in terms), Fraction(0))
    return total / divisor if divisor is not None else total


def _points(ticks: int) -> Fraction:
    return Fraction(int(ticks), TICKS)


def rater_numbers(item_scores: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(sector, rater) → the rater's number within the sector: 1, 2 … in the order the raters
    first appear in the sector's sheets (file, sheet, row), so a number says nothing of a name.

    >>> cells = pd.DataFrame({"sector": ["party"] * 3 + ["gov"], "rater": ["王五", "张三", "王五", "李四"],
    ...     "source_file": ["a"] * 3 + ["b"], "source_sheet": ["S"] * 4, "source_row": [3, 4, 5, 3]})
    >>> rater_numbers(cells)
    {('gov', '李四'): 1, ('party', '王五'): 1, ('party', '张三'): 2}
    """
    named = item_scores[item_scores["rater"].fillna("") != ""]
    order = named.sort_values(["source_file", "source_sheet", "source_row"], kind="stable")
    first = order.drop_duplicates(["sector", "rater"]).sort_values("sector", kind="stable")
    numbers = first.groupby("sector").cumcount() + 1
    return {
        (str(sector), str(rater)): int(n)
        for sector, rater, n in zip(first["sector"], first["rater"], numbers, strict=True)
    }


def _is_high(rater: object, raters: pd.DataFrame) -> bool:
    # A dropped total at or above the kept ones was dropped as a highest score.
    kept = raters.loc[~raters["dropped"], "total_ticks"]
    return bool(kept.empty or rater.total_ticks >= kept.max())


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value) != ""


def _num(value: Decimal) -> str:
    if not value.is_finite():
        return "∞"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_ORDINALS = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if n <= len(_ORDINALS) else str(n)


__all__ = ["STEP_COLUMNS", "Explanation", "explain_unit", "format_exact", "resolve_unit"]
