"""The June materials: status tables, work summaries, the submission log and the sampling frames."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.sample.files import write_docx, write_xlsx
from sunshine_analysis.sample.world import (
    FRAME_DIR,
    STATES,
    STATUS_DIR,
    SUBMISSIONS,
    SUMMARY_DIR,
    SUMMARY_LIMITS,
    DemoUnit,
    SampleYear,
    one,
    pick,
    rng_for,
)


def _status_rows(y: SampleYear, rng: np.random.Generator, unit: DemoUnit, poor: bool) -> list[list]:
    ledgers = y.ref["ledgers"]
    total = int(rng.integers(10, 21))
    per = [total // len(unit.sectors)] * len(unit.sectors)
    for i in range(total - sum(per)):
        per[i] += 1
    weights = [0.45, 0.25, 0.30] if poor else [0.82, 0.13, 0.05]
    rows = []
    for code, count in zip(unit.sectors, per, strict=True):
        for item in pick(rng, ledgers[code], min(count, len(ledgers[code]))):
            state = STATES[int(rng.choice(3, p=weights))]
            note = None
            if state == "推进中":
                note = f"预计{int(rng.integers(7, 10))}月底前完成"
            elif state == "未完成":
                note = one(rng, ["台账资料缺失", "尚未建立", "内容不全，正在补充", "未按时更新"])
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


@dataclass
class _Draft:
    """A summary's content before its layout: every draw of the materials stream is made here."""

    title: str
    intro: str
    heads: list[str]
    bodies: list[list[_Sentence]]
    problems: list[str]
    plans: list[str]
    sign: list[str]


def _summary_paragraphs(y: SampleYear, rng: np.random.Generator, unit: DemoUnit, target: int) -> list[str]:
    """Work summary paragraphs whose non-whitespace length is exactly ``target``.

    Whole template sentences fill the practice section until less than a short filler
    sentence is missing; the last few characters come from giving some numbers one more
    digit, so no sentence is ever cut. The content is drawn from the materials stream
    (:func:`_summary_draft`, whose draws the status tables and the log after it depend on);
    the layout (headings, highlights, lists) from a stream of the unit's own
    (:func:`_summary_layout`).
    """
    draft = _summary_draft(y, rng, unit, target)
    return _summary_layout(y, rng_for(y.seed, f"summary:{unit.name}"), unit, draft, target)


def _summary_draft(y: SampleYear, rng: np.random.Generator, unit: DemoUnit, target: int) -> _Draft:
    """The summary's sentences, of exactly ``target`` characters in the plain layout (一、主要做法 /
    二、存在问题 / 三、下一步打算)."""
    conf = y.ref["summary"]
    ledgers = y.ref["ledgers"]

    def sentence(template: str, code: str) -> _Sentence:
        values = {
            "unit": unit.name,
            "year": y.year,
            "sector": SECTORS[code],
            "ledger": one(rng, ledgers[code]),
            "n": int(rng.integers(2, 10)),
            "m": int(rng.integers(20, 100)),
        }
        return _Sentence(template, values)

    first = unit.sectors[0]
    title = f"{unit.name}{y.year}年“阳光漯河”建设工作总结"
    intro = sentence(one(rng, conf["intro"]), first).render()
    n_problems = int(rng.integers(3, len(conf["problems"]) + 1))
    problems = [sentence(t, first).render() for t in conf["problems"][:n_problems]]
    n_plans = int(rng.integers(3, len(conf["plans"]) + 1))
    plans = [sentence(t, first).render() for t in conf["plans"][:n_plans]]
    sign = [unit.name, f"{y.year}年6月{int(rng.integers(1, 15))}日"]
    head = [title, intro, "一、主要做法"]
    tail = ["二、存在问题", "".join(problems), "三、下一步打算", "".join(plans), *sign]

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
        bodies[k].append(one(rng, fitting))
        remaining -= len(bodies[k][-1].render())
        turn += 1
    slots = [(s, key) for body in bodies for s in body for key in s.slots()]
    if remaining > len(slots):
        raise RuntimeError(f"cannot reach {target} characters for {unit.name}")
    for s, key in pick(rng, slots, remaining):
        s.values[key] += 10 if key == "n" else 100
    return _Draft(title, intro, heads, bodies, problems, plans, sign)


_TOP_STYLES = ("cn", "cn", "cn", "paren_cn", "arabic", "plain")
"""Numbering of a summary's sections, drawn per unit (一、 most often)."""
_SUB_STYLE = {"cn": "paren_cn", "paren_cn": "arabic", "arabic": "paren_arabic", "plain": "paren_cn"}
"""Numbering of the practice sub-headings and list items under a section numbered so."""
_ORDINAL = re.compile("^[一二三四五六七八九十]是")


def _number(style: str, i: int, text: str) -> str:
    """``text`` numbered ``i`` (from 1) in ``style``."""
    cn = "一二三四五六七八九十"[i - 1]
    prefix = {
        "cn": f"{cn}、",
        "paren_cn": f"（{cn}）",
        "arabic": f"{i}.",
        "paren_arabic": f"（{i}）",
        "circled": chr(0x2460 + i - 1),
        "plain": "",
    }[style]
    return prefix + text


def _length(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def _summary_layout(
    y: SampleYear, rng: np.random.Generator, unit: DemoUnit, draft: _Draft, target: int
) -> list[str]:
    """The draft laid out in one of the usual ways, still of exactly ``target`` characters.

    Sections 主要做法, 创新亮点 (most units; a few have none), 存在问题 (all but a few, two or
    more of the drafted ones; in some merged with the plans under one heading) and 下一步打算,
    numbered 一、 （一） 1. or not at all; problems and highlights as one paragraph (一是……) or
    as a numbered list. Practice sentences
    are dropped, and fillers and one-digit-longer numbers added, to keep the length.
    """
    conf = y.ref["summary"]
    words = conf["section_heads"]
    top = one(rng, _TOP_STYLES)
    sub = _SUB_STYLE[top]
    has_highlight, has_problems, merged, listed = rng.random(4) < [0.88, 0.95, 0.12, 0.5]

    def sentence(template: str) -> _Sentence:
        code = one(rng, unit.sectors)
        values = {
            "unit": unit.name,
            "year": y.year,
            "sector": SECTORS[code],
            "ledger": one(rng, y.ref["ledgers"][code]),
            "n": int(rng.integers(2, 10)),
            "m": int(rng.integers(20, 100)),
        }
        return _Sentence(template, values)

    bodies = [list(b) for b in draft.bodies]
    heads = [re.sub(r"^（[一二三四五]）", "", h) for h in draft.heads]
    highlights = [sentence(t) for t in pick(rng, conf["highlights"], int(rng.integers(1, 4)))]
    # Two or more of the drafted problems, so that units differ in what they report.
    kept = pick(rng, draft.problems, int(rng.integers(2, len(draft.problems) + 1)))
    problems = [_ORDINAL.sub("", p) for p in kept]
    plans = draft.plans

    practice_word, highlight_word, problem_word, plan_word, merged_word = (
        one(rng, words[k]) for k in ("practice", "highlight", "problem", "plan", "merged")
    )

    def paragraphs() -> list[str]:
        practice = [
            _number(sub, i, h) + "".join(s.render() for s in b)
            for i, (h, b) in enumerate(zip(heads, bodies, strict=True), 1)
        ]
        sections: list[tuple[str, list[str]]] = [(practice_word, practice)]
        if has_highlight:
            texts = [s.render() for s in highlights]
            body = [_number(sub, i, t) for i, t in enumerate(texts, 1)] if listed else ["".join(texts)]
            sections.append((highlight_word, body))
        item_style = "circled" if top == "plain" else sub
        listed_problems = [_number(item_style, i, t) for i, t in enumerate(problems, 1)]
        joined = "".join(f"{'一二三四五'[i]}是{t}" for i, t in enumerate(problems))
        if has_problems and merged:
            sections.append((merged_word, [joined, "下一步，" + "".join(plans)]))
        else:
            if has_problems:
                sections.append((problem_word, listed_problems if listed else [joined]))
            sections.append((plan_word, ["".join(plans)]))
        out = [draft.title, draft.intro]
        for i, (heading, body) in enumerate(sections, 1):
            out += [_number(top, i, heading), *body]
        return out + draft.sign

    excess = _length(paragraphs()) - target
    while excess > 0:
        longest = max(range(len(bodies)), key=lambda k: (len(bodies[k]), -k))
        if len(bodies[longest]) < 2:
            raise RuntimeError(f"cannot shorten the summary of {unit.name} to {target} characters")
        excess -= len(bodies[longest].pop().render())
    remaining = -excess

    def free_slots() -> list[tuple[_Sentence, str]]:
        sentences = [*(s for b in bodies for s in b), *(highlights if has_highlight else [])]
        return [(s, k) for s in sentences for k in s.slots() if s.values[k] < (10 if k == "n" else 100)]

    turn = 0
    while True:
        while fitting := [f for f in (sentence(t) for t in conf["fillers"]) if len(f.render()) <= remaining]:
            filler = one(rng, fitting)
            bodies[turn % len(bodies)].append(filler)
            remaining -= len(filler.render())
            turn += 1
        slots = free_slots()
        if remaining <= len(slots):
            break
        # Too few numbers left to lengthen: a sentence without one makes room for fillers (each has one).
        longest = max(range(len(bodies)), key=lambda k: (len(bodies[k]), -k))
        spare = [s for s in bodies[longest][1:] if all(s is not slot for slot, _ in slots)]
        if not spare:
            raise RuntimeError(f"cannot reach {target} characters for {unit.name}")
        bodies[longest] = [s for s in bodies[longest] if s is not spare[-1]]
        remaining += len(spare[-1].render())
    for s, key in pick(rng, slots, remaining):
        s.values[key] += 10 if key == "n" else 100
    laid_out = paragraphs()
    if _length(laid_out) != target:
        raise RuntimeError(f"summary of {unit.name} has {_length(laid_out)} characters, not {target}")
    return laid_out


def write_materials(y: SampleYear, out: Path) -> list[Path]:
    """Work summaries, status tables and the submission log."""
    rng = rng_for(y.seed, "materials")
    deadline = dt.date(y.year, *y.ref["submission_deadline"])
    areas = [u for u in y.units if u.is_area]
    counties = [u for u in areas if u.kind == "county"]
    depts = [u for u in y.units if not u.is_area and u.name not in y.special]
    exact = one(rng, counties)
    over_area = one(rng, [u for u in areas if u is not exact])
    rest = [u for u in depts if u.name not in y.weak]
    over_dept, missing_1, missing_2, late_dept = pick(rng, rest, 4)
    missing = [missing_1.name, missing_2.name]
    late_area = one(rng, [u for u in areas if u not in (exact, over_area)])
    late = [late_area.name, late_dept.name]
    no_status = missing_2.name
    poor = [*y.weak, one(rng, [u.name for u in rest if u.name not in missing])]

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
            base = out / SUMMARY_DIR / f"{unit.name}工作总结"
            if as_txt:
                text = "\n".join(paragraphs) + "\n"
                path = base.with_suffix(".txt")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text.encode("utf-8"))
                paths.append(path)
            else:
                paths.append(write_docx(base.with_suffix(".docx"), paragraphs))
            log.append((day, order, unit.name, "工作总结"))
        if unit.name != no_status:
            rows = _status_rows(y, rng, unit, unit.name in poor)
            header = ["序号", "板块", "台账事项", "完成情况", "备注"]
            path = out / STATUS_DIR / f"{unit.name}规范提升情况表.xlsx"
            paths.append(write_xlsx(path, "规范提升情况", header, rows, {3: 28, 5: 24}))
            status_day = day if rng.random() < 0.8 else day - dt.timedelta(days=1)
            log.append((status_day, order, unit.name, "规范提升情况表"))
    log.sort(key=lambda r: (r[0], r[1], r[3] != "工作总结"))
    rows = [[i, name, material, day] for i, (day, _, name, material) in enumerate(log, 1)]
    header = ["序号", "单位名称", "材料", "报送日期"]
    paths.append(write_xlsx(out / SUBMISSIONS, "报送登记", header, rows, {2: 24, 3: 16, 4: 12}))
    return paths


def write_frames(y: SampleYear, out: Path) -> list[Path]:
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
        path = out / FRAME_DIR / f"{name}抽样框.xlsx"
        paths.append(write_xlsx(path, "抽样框", header, numbered, {3: 26, 4: 14}))
    return paths
