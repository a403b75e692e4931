"""The June materials: status tables, work summaries, the submission log and the sampling frames."""

from __future__ import annotations

import datetime as dt
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


def _summary_paragraphs(y: SampleYear, rng: np.random.Generator, unit: DemoUnit, target: int) -> list[str]:
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
            "ledger": one(rng, ledgers[code]),
            "n": int(rng.integers(2, 10)),
            "m": int(rng.integers(20, 100)),
        }
        return _Sentence(template, values)

    first = unit.sectors[0]
    title = f"{unit.name}{y.year}年“阳光漯河”建设工作总结"
    intro = sentence(one(rng, conf["intro"]), first).render()
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
        bodies[k].append(one(rng, fitting))
        remaining -= len(bodies[k][-1].render())
        turn += 1
    slots = [(s, key) for body in bodies for s in body for key in s.slots()]
    if remaining > len(slots):
        raise RuntimeError(f"cannot reach {target} characters for {unit.name}")
    for s, key in pick(rng, slots, remaining):
        s.values[key] += 10 if key == "n" else 100
    practice = [h + "".join(s.render() for s in b) for h, b in zip(heads, bodies, strict=True)]
    return head + practice + tail


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
