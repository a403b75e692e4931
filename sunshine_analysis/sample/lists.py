"""The year's lists: innovation results, publicity adoptions and deductions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sunshine_analysis.config.vocab import SECTORS
from sunshine_analysis.sample.files import write_xlsx
from sunshine_analysis.sample.world import (
    DEDUCTIONS,
    INNOVATION,
    LEVEL_POINTS,
    LEVEL_RANK,
    PUBLICITY,
    DemoUnit,
    SampleYear,
    date_in,
    one,
    pick,
    rng_for,
)


def write_innovation(y: SampleYear, out: Path, title: str | None) -> tuple[Path, list[tuple[str, str, str]]]:
    rng = rng_for(y.seed, "innovation")
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
                place += one(rng, unit.townships)
            title = one(rng, titles[code]).format(place=place)
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
        for unit in pick(rng, eligible(code), int(split.get(code, 0))):
            taken.add((unit.name, code))
            results.append((unit.name, title_for(unit, code), code, "优秀"))
    n_other = int(rng.integers(9, 14))
    for _ in range(n_other):
        code = one(rng, list(SECTORS))
        unit = one(rng, eligible(code) or [u for u in y.units if code in u.sectors])
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
    path = write_xlsx(out / INNOVATION, "创新成果", header, rows, {2: 24, 3: 44}, title=title)
    return path, [(u, c, r) for u, _, c, r in results]


def write_publicity(y: SampleYear, out: Path) -> Path:
    rng = rng_for(y.seed, "publicity")
    conf = y.ref["publicity"]
    media = conf["media"]
    areas = [u.name for u in y.units if u.is_area and u.name not in y.weak]
    star = one(rng, areas)
    records: list[tuple[str, str, str, str, dt.date]] = []
    for unit in y.units:
        if unit.name in y.special:
            continue
        n = int(rng.integers(6, 13)) if unit.is_area else int(rng.integers(0, 4))
        if unit.name in y.weak:
            n = min(n, 2)
        topics = pick(rng, conf["topics"], min(n, len(conf["topics"])))
        levels_by_title = []
        for topic in topics:
            sector = SECTORS[one(rng, unit.sectors)]
            title = topic.format(unit=unit.name, sector=sector)
            top = one(rng, ["市级"] * 12 + ["省级"] * 6 + ["国家级"] + ["中央级"])
            levels = [top]
            if top != "市级" and rng.random() < 0.45:
                levels.insert(0, "市级")
                if top != "省级" and rng.random() < 0.5:
                    levels.insert(1, "省级")
            levels_by_title.append((title, levels))
        if unit.name == star:  # make sure this unit's points exceed the cap
            points = sum(LEVEL_POINTS[levels[-1]] for _, levels in levels_by_title)
            for _, levels in levels_by_title:
                if points > 3.6:
                    break
                if levels[-1] != "国家级":
                    points += 1.0 - LEVEL_POINTS[levels[-1]]
                    levels[:] = ["市级", "省级", "国家级"] if rng.random() < 0.5 else ["国家级"]
        for title, levels in levels_by_title:
            day = date_in(rng, y.year, (1, 4), (6, 10))
            for level in levels:
                records.append((unit.name, title, level, one(rng, media[level]), day))
                day += dt.timedelta(days=int(rng.integers(1, 10)))
    order = {u.name: i for i, u in enumerate(y.units)}
    records.sort(key=lambda r: (order[r[0]], r[4], LEVEL_RANK[r[2]]))
    rows = [[i, *r] for i, r in enumerate(records, 1)]
    header = ["序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期"]
    widths = {2: 24, 3: 44, 5: 22, 6: 12}
    return write_xlsx(out / PUBLICITY, "信息宣传", header, rows, widths)


def write_deductions(y: SampleYear, out: Path, title: str | None) -> Path:
    rng = rng_for(y.seed, "deductions")
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
            unit = one(rng, counties)
            township, village = one(rng, y.frames[unit.name].villages)
            reason = one(rng, entry["reasons"]).format(unit=unit.name, township=township, village=village)
        else:
            pool = [u for u in y.weak if (u, category) not in used] if rng.random() < 0.4 else []
            unit = y.by_name[one(rng, pool)] if pool else one(rng, others)
            while (unit.name, category) in used:
                unit = one(rng, others)
            reason = one(rng, entry["reasons"]).format(unit=unit.name)
        used.add((unit.name, category))
        number = f"{entry['prefix']}〔{y.year}〕{int(rng.integers(3, 61))}号"
        day = date_in(rng, y.year, (1, 10), (6, 20))
        records.append((unit.name, category, number, day, reason))
    records.sort(key=lambda r: (r[3], r[0]))
    rows = [[i, *r] for i, r in enumerate(records, 1)]
    header = ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"]
    widths = {2: 24, 3: 20, 4: 24, 5: 12, 6: 60}
    return write_xlsx(out / DEDUCTIONS, "扣分情况", header, rows, widths, title=title)
