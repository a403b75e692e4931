#!/usr/bin/env python3
"""Write the "unseen offices" raw folders and their expected.json files.

Written from the domain description (docs/domain.md, sections 2-4) and the
office's standard template doc only -- deliberately NOT from the package's
recognition code.  Every folder below is one year's raw folder as some other
office or web system might send it.  The expected values are computed here by
small hand-written code from the very numbers that are written into the files;
the package is never imported.

    python tests/data/unseen/make_unseen.py            # (re)write all folders
    python tests/data/unseen/make_unseen.py --check    # also read every file back

Deterministic: one seeded random.Random per folder, fixed workbook properties
and fixed zip timestamps, so two runs give byte-identical files.
Allowed dependencies: pandas, numpy, openpyxl, xlwt, python-docx, stdlib.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import re
import shutil
import sys
import zipfile
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import xlwt

HERE = Path(__file__).resolve().parent
FIXED_DT = datetime(2020, 7, 1)
ZIP_DT = (2020, 7, 1, 0, 0, 0)

SECTOR_CN = {
    "party": "阳光党务",
    "gov": "阳光政务",
    "judicial": "阳光司法",
    "village": "阳光村务",
    "livelihood": "阳光民生",
}
CODES = list(SECTOR_CN)
ALL5 = list(CODES)
ZONE4 = ["party", "gov", "village", "livelihood"]

# Item sets (name, maximum); each sums to 100.
ITEMS = {
    "party": [("组织领导", 20), ("公开内容", 40), ("公开形式", 20), ("监督评议", 20)],
    "party5": [("组织领导", 10), ("制度建设", 15), ("公开内容", 35), ("公开形式", 20), ("监督评议", 20)],
    "gov": [("组织领导", 10), ("政务公开", 30), ("政务服务", 40), ("群众满意度", 20)],
    "judicial": [("组织领导", 10), ("审务检务公开", 40), ("司法服务", 30), ("监督评议", 20)],
    "village": [("厘权", 20), ("履权", 30), ("监权", 30), ("群众评价", 20)],
    "livelihood": [("组织领导", 15), ("政策公开", 25), ("项目公开", 30), ("资金公开", 30)],
}
for _k, _v in ITEMS.items():
    assert sum(m for _, m in _v) == 100, _k

FW = str.maketrans("0123456789.", "０１２３４５６７８９．")


# ---------------------------------------------------------------- numbers
def s(x) -> str:
    """Number as plain text, at most 2 decimals, no trailing zeros."""
    return f"{float(x):.2f}".rstrip("0").rstrip(".")


def fw(x) -> str:
    """Number as full-width text (９０．５)."""
    return s(x).translate(FW)


def v(x):
    """Number as a cell value: int when integral."""
    x = round(float(x), 2)
    return int(x) if x.is_integer() else x


def F(x) -> Fraction:
    return Fraction(s(x))


def round4(fr: Fraction) -> float:
    d = Decimal(fr.numerator) / Decimal(fr.denominator)
    return float(d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def aggregate(totals: dict) -> Fraction:
    """{(sub_unit, rater): total} -> sector base score.

    Per sub-unit: 5 or more raters -> drop one highest and one lowest total,
    average the rest; fewer -> average all.  Then average over sub-units."""
    by_sub: dict = {}
    for (sub, _rater), t in totals.items():
        by_sub.setdefault(sub, []).append(t)
    means = []
    for ts in by_sub.values():
        ts = sorted(ts)
        if len(ts) >= 5:
            ts = ts[1:-1]
        means.append(sum(ts, Fraction(0)) / len(ts))
    return sum(means, Fraction(0)) / len(means)


def draw(rng: random.Random, mx: float, lo: float, step: float) -> float:
    k_lo = math.ceil(round(mx * lo / step, 6))
    k_hi = round(mx / step)
    return round(rng.randint(k_lo, k_hi) * step, 2)


def hdr(name: str, mx, style: str) -> str:
    m = s(mx)
    return {
        "paren": f"{name}({m}分)",
        "cnparen": f"{name}（{m}分）",
        "fw": f"{name}（{fw(mx)}分）",
        "square": f"{name}[{m}]",
        "space": f"{name} {m}分",
        "manfen": f"{name}(满分{m})",
        "bare": name,
    }[style]


# ---------------------------------------------------------------- writers
def _rezip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed timestamps (openpyxl stamps the current time)."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            payload = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl's save stamps dcterms:modified with "now": pin it to FIXED_DT
                stamp = FIXED_DT.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                payload = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    payload,
                )
            zout.writestr(zi, payload)


def save_xlsx(path: Path, sheets: list) -> None:
    """sheets: [{name, rows, merges=[(r1,c1,r2,c2) 1-based], formats={(r,c): fmt}, errors=[(r,c,code)]}]"""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(sh["name"])
        for r, row in enumerate(sh["rows"], 1):
            for c, val in enumerate(row, 1):
                if val is None or val == "":
                    continue
                cell = ws.cell(r, c, val)
                if isinstance(val, (date, datetime)):
                    cell.number_format = "yyyy-mm-dd"
        for (r, c), fmt_ in sh.get("formats", {}).items():
            ws.cell(r, c).number_format = fmt_
        for r, c, code in sh.get("errors", []):
            cell = ws.cell(r, c)
            cell.value = code
            assert cell.data_type == "e", code
        for r1, c1, r2, c2 in sh.get("merges", []):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    wb.properties.creator = "unseen-office"
    wb.properties.lastModifiedBy = "unseen-office"
    buf = io.BytesIO()
    wb.save(buf)
    _rezip(buf.getvalue(), path)


_XLS_DATE = None


def save_xls(path: Path, sheets: list) -> None:
    """Real Excel 97-2003 (BIFF8) via xlwt; merges 1-based (r1,c1,r2,c2)."""
    global _XLS_DATE
    if _XLS_DATE is None:
        _XLS_DATE = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    wb = xlwt.Workbook(encoding="utf-8")
    for sh in sheets:
        ws = wb.add_sheet(sh["name"])
        covered = set()
        for r1, c1, r2, c2 in sh.get("merges", []):
            val = sh["rows"][r1 - 1][c1 - 1] if c1 - 1 < len(sh["rows"][r1 - 1]) else None
            ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, "" if val is None else val)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(sh["rows"], 1):
            for c, val in enumerate(row, 1):
                if (r, c) in covered or val is None or val == "":
                    continue
                if isinstance(val, (date, datetime)):
                    ws.write(r - 1, c - 1, val, _XLS_DATE)
                else:
                    ws.write(r - 1, c - 1, val)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())


def save_csv(path: Path, rows: list, encoding: str) -> None:
    width = max(len(r) for r in rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        r = ["" if x is None else x for x in r]
        w.writerow(list(r) + [""] * (width - len(r)))
    path.write_bytes(buf.getvalue().encode(encoding))


def html_table(rows: list, *, head: str = "", th_rows: int = 0) -> str:
    """rows: list of rows; a cell is a value or (value, {"rowspan": n, "colspan": m})."""
    out = ['<table border="1" cellspacing="0">']
    for i, row in enumerate(rows):
        tag = "th" if i < th_rows else "td"
        cells = []
        for cell in row:
            attrs = ""
            if isinstance(cell, tuple):
                cell, a = cell
                attrs = "".join(f' {k}="{val}"' for k, val in a.items())
            txt = "" if cell is None else str(cell)
            txt = txt.replace("&", "&amp;").replace("<", "&lt;") or "&nbsp;"
            cells.append(f"<{tag}{attrs}>{txt}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return head + "\n".join(out)


# ---------------------------------------------------------------- folder model
class Folder:
    def __init__(self, name: str, seed: int, notes: str):
        self.name = name
        self.dir = HERE / name
        self.rng = random.Random(seed)
        self.notes = notes
        self.units: dict = {}
        self.items: list = []
        self.exempt: list = []
        self.files: dict = {}
        self.innovation: list = []
        self.publicity: list = []
        self.deductions: list = []
        if (HERE / name).exists():
            shutil.rmtree(HERE / name)
        # The received files go in raw/ (a raw folder as the office keeps it); expected.json beside it.
        self.dir = HERE / name / "raw"
        self.dir.mkdir(parents=True)

    # -- registry
    def registry(self, cols: list, mark, units: list) -> list:
        """cols: [(header, key)], key in seq/name/cat/alias or a sector code.
        units: [(canonical, category, sectors, aliases, separator)]. Returns rows."""
        rows = [[h for h, _ in cols]]
        for i, (name, cat, sectors, aliases, sep) in enumerate(units, 1):
            assert name not in self.units
            self.units[name] = {"category": cat, "sectors": list(sectors), "aliases": list(aliases)}
            row = []
            for _h, key in cols:
                if key == "seq":
                    row.append(i)
                elif key == "name":
                    row.append(name)
                elif key == "cat":
                    row.append(cat)
                elif key == "alias":
                    row.append(sep.join(aliases) if aliases else None)
                else:
                    row.append((mark(i, key) if callable(mark) else mark) if key in sectors else None)
            rows.append(row)
        return rows

    # -- scores
    def rec(self, unit, sector, item, mx, score, sub="", rater=""):
        assert unit in self.units, unit
        assert 0 <= score <= mx, (unit, item, score, mx)
        self.items.append(
            {
                "unit": unit,
                "sector": sector,
                "item": item,
                "max_score": float(mx),
                "sub_unit": sub,
                "rater": rater,
                "score": float(round(score, 4)),
            }
        )

    def block(self, unit, sector, items, subs=("",), raters=("",), lo=0.7, step=0.5, exact=False):
        """Draw scores for one (unit, sector), record them and return
        {(sub, rater): [item scores]}.  exact=True: redraw until the aggregated base is
        exact to 0.01 (used where the sheet itself prints the aggregated score)."""
        maxima = [m for _, m in items]
        for _ in range(100000):
            data = {(sb, r): [draw(self.rng, m, lo, step) for m in maxima] for sb in subs for r in raters}
            totals = {k: sum((F(x) for x in vals), Fraction(0)) for k, vals in data.items()}
            if not exact or (aggregate(totals) * 100).denominator == 1:
                break
        else:  # pragma: no cover
            raise RuntimeError("no exact draw")
        for (sb, r), vals in data.items():
            sub = "/".join(sb) if isinstance(sb, tuple) else sb
            for (name, m), x in zip(items, vals, strict=True):
                self.rec(unit, sector, name, m, x, sub, r)
        return data

    def ex(self, unit, sector):
        assert sector in self.units[unit]["sectors"]
        self.exempt.append(f"{unit}|{sector}")

    # -- bonus / deduction lists (canonical names, for expected.json)
    def innov(self, unit, title, sector, rating):
        self.innovation.append({"unit": unit, "title": title, "sector": sector, "rating": rating})

    def pub(self, unit, title, level, d):
        self.publicity.append({"unit": unit, "title": title, "level": level, "date": d})

    def ded(self, unit, category, docno, d, reason):
        self.deductions.append(
            {"unit": unit, "category": category, "doc_no": docno, "date": d, "reason": reason}
        )

    # -- files
    def xlsx(self, fname, sheets, kind):
        save_xlsx(self.dir / fname, sheets)
        self.files[fname] = kind

    def xls(self, fname, sheets, kind):
        save_xls(self.dir / fname, sheets)
        self.files[fname] = kind

    def csv(self, fname, rows, encoding, kind):
        save_csv(self.dir / fname, rows, encoding)
        self.files[fname] = kind

    def html(self, fname, text, encoding, kind):
        (self.dir / fname).write_bytes(text.encode(encoding))
        self.files[fname] = kind

    # -- expected.json
    def finish(self):
        groups: dict = {}
        for it in self.items:
            key = f"{it['unit']}|{it['sector']}"
            g = groups.setdefault(key, {})
            k2 = (it["sub_unit"], it["rater"])
            g[k2] = g.get(k2, Fraction(0)) + F(it["score"])
        base = {k: round4(aggregate(g)) for k, g in groups.items()}
        # every (unit, sector) the registry marks: scored xor exempt, nothing else
        want = {f"{u}|{sc}" for u, d in self.units.items() for sc in d["sectors"]}
        got = set(base) | set(self.exempt)
        assert want == got, (self.name, sorted(want ^ got))
        assert not set(base) & set(self.exempt), self.name
        # item maxima per (unit, sector) sum to 100
        mx: dict = {}
        for it in self.items:
            mx.setdefault((it["unit"], it["sector"], it["sub_unit"], it["rater"]), {})[it["item"]] = it[
                "max_score"
            ]
        for k, d in mx.items():
            assert abs(sum(d.values()) - 100) < 1e-9, (self.name, k, d)
        for lst in (self.innovation, self.publicity, self.deductions):
            for r in lst:
                assert r["unit"] in self.units, (self.name, r)
        exp = {
            "units": {
                u: {"sectors": d["sectors"], "category": d["category"], "aliases": d["aliases"]}
                for u, d in self.units.items()
            },
            "item_scores": self.items,
            "sector_base": dict(sorted(base.items())),
            "exempt": sorted(self.exempt),
            "notes": self.notes,
            "files": self.files,
        }
        if self.innovation:
            exp["innovation"] = self.innovation
        if self.publicity:
            exp["publicity"] = self.publicity
        if self.deductions:
            exp["deductions"] = self.deductions
        (self.dir.parent / "expected.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


STD_SECTOR_COLS = [(SECTOR_CN[c], c) for c in CODES]


def long_table(
    f: Folder,
    sector: str,
    items: list,
    units: list,
    *,
    style: str,
    unit_h: str,
    sub_h=None,
    rater_h=None,
    total_h=None,
    remark_h=None,
    seq="row",
    blank_between=False,
    lo=0.7,
    step=0.5,
    item_label=None,
) -> list:
    """One row per (unit, sub-unit, rater).  units: dicts with
    u (canonical), w (as written), subs, raters, exempt (免考/不参加), fmt (cell formatter),
    name_every_row (default True).  sub_h may be a pair of headers (乡镇, 村) with
    subs given as (town, village) tuples.  Returns the rows (header first)."""
    sub_cols = list(sub_h) if isinstance(sub_h, (tuple, list)) else ([sub_h] if sub_h else [])
    header = (["序号"] if seq else []) + [unit_h] + sub_cols + ([rater_h] if rater_h else [])
    header += [item_label(n, m) if item_label else hdr(n, m, style) for n, m in items]
    header += ([total_h] if total_h else []) + ([remark_h] if remark_h else [])
    rows = [header]
    n = 0
    for ui, spec in enumerate(units):
        if blank_between and ui > 0:
            rows.append([])
        fmt_ = spec.get("fmt", v)
        if spec.get("exempt"):
            n += 1
            row = ([n] if seq else []) + [spec["w"]] + [None] * len(sub_cols) + ([None] if rater_h else [])
            row += [None] * len(items) + ([None] if total_h else []) + [spec["exempt"]]
            assert remark_h
            rows.append(row)
            f.ex(spec["u"], sector)
            continue
        subs = spec.get("subs", [""])
        raters = spec.get("raters", [""])
        data = f.block(spec["u"], sector, items, subs, raters, spec.get("lo", lo), step)
        first = True
        for sb in subs:
            for r in raters:
                vals = data[(sb, r)]
                numbered = seq == "row" or (seq == "unit" and first)
                if numbered:
                    n += 1
                row = [n if numbered else None] if seq else []
                row += [spec["w"] if (first or spec.get("name_every_row", True)) else None]
                if sub_cols:
                    row += list(sb) if isinstance(sb, tuple) else [sb or None]
                if rater_h:
                    row.append(r or None)
                row += [fmt_(x) for x in vals]
                if total_h:
                    row.append(fmt_(round(sum(vals), 2)))
                if remark_h:
                    row.append(None)
                rows.append(row)
                first = False
    return rows


def title_rows(title: str, width: int, r: int = 1):
    return [[title] + [None] * (width - 1)], [(r, 1, r, width)]


# ================================================================ office_a
def office_a():
    f = Folder(
        "office_a",
        101,
        "xlsx only: title rows; two-row header with merged 考评内容 over items; unit cells merged "
        "vertically over 5/5/3 rater rows (评委); raters as columns under a merged 评分人 with 实得分; "
        "考评对象/最终得分 headers; 3 sectors as 3 sheets of one workbook; 抽查村 sub-units; 免考 in 备注; "
        "注： row; aliases under 简称/别名 split by 、 and ，; innovation list with 等级; "
        "short names 临颍, 市法院, prefix 漯河市; stray spaces 临 颍 县",
    )
    cols = [("序号", "seq"), ("单位名称", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("简称/别名", "alias")]
    reg = f.registry(
        cols,
        "√",
        [
            ("临颍县", "县区", ALL5, ["临颍", "漯河市临颍县"], "、"),
            ("西城区", "功能区", ZONE4, ["漯河市西城区", "西城"], "，"),
            ("市财政局", "市直单位", ["gov", "livelihood"], ["漯河市财政局", "财政局"], "、"),
            ("市中级人民法院", "市直单位", ["judicial"], ["市法院", "市中院", "漯河市中级人民法院"], "、"),
            ("市妇联", "人民团体", ["party", "livelihood"], ["漯河市妇联", "市妇女联合会"], "，"),
        ],
    )
    t, m = title_rows("“阳光漯河”建设板块涉及单位一览表", len(cols))
    f.xlsx("附件1.xlsx", [dict(name="Sheet1", rows=t + reg, merges=m)], "registry")

    # party: two-row header, merged unit cells over rater rows
    items = ITEMS["party"]
    R5 = ["张明", "李华", "王强", "赵敏", "刘洋"]
    rows = [
        ["2020年度“阳光党务”考评评分表"] + [None] * 8,
        ["序号", "考评对象", "评委", "考评内容", None, None, None, "合计", "备注"],
        [None, None, None] + [hdr(n, mx, "paren") for n, mx in items] + [None, None],
    ]
    merges = [
        (1, 1, 1, 9),
        (2, 1, 3, 1),
        (2, 2, 3, 2),
        (2, 3, 3, 3),
        (2, 4, 2, 7),
        (2, 8, 3, 8),
        (2, 9, 3, 9),
    ]
    for seq, (unit, written, raters) in enumerate(
        [("临颍县", "临颍县", R5), ("西城区", "西城区", R5), ("市妇联", "漯河市妇联", R5[:3])], 1
    ):
        data = f.block(unit, "party", items, raters=raters)
        start = len(rows) + 1
        for k, r in enumerate(raters):
            vals = data[("", r)]
            rows.append(
                [seq if k == 0 else None, written if k == 0 else None, r, *map(v, vals), v(sum(vals)), None]
            )
        merges += [(start, 1, len(rows), 1), (start, 2, len(rows), 2)]
    rows.append(
        ["注：评委人数5人及以上的，去掉一个最高分和一个最低分后取平均值；不足5人的直接取平均值。"]
        + [None] * 8
    )
    merges.append((len(rows), 1, len(rows), 9))
    f.xlsx("附件2.xlsx", [dict(name="阳光党务", rows=rows, merges=merges)], "sector_scores")

    # gov: raters as columns under merged 评分人, 实得分 = trimmed mean
    RC = ["评委1", "评委2", "评委3", "评委4", "评委5"]
    rows = [
        ["阳光政务考评得分汇总表"] + [None] * 7,
        ["序号", "被考核单位", "评分人", None, None, None, None, "实得分"],
        [None, None, *RC, None],
    ]
    merges = [(1, 1, 1, 8), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 2, 7), (2, 8, 3, 8)]
    for seq, (unit, written) in enumerate(
        [("临颍县", "临颍"), ("西城区", "西城区"), ("市财政局", "漯河市财政局")], 1
    ):
        data = f.block(unit, "gov", [("总分", 100)], raters=RC, lo=0.8, exact=True)
        final = aggregate({k: F(x[0]) for k, x in data.items()})
        rows.append([seq, written] + [v(data[("", r)][0]) for r in RC] + [v(float(final))])
    f.xlsx("附件3.xlsx", [dict(name="Sheet1", rows=rows, merges=merges)], "sector_scores")

    # three sectors, one sheet each
    jud = long_table(
        f,
        "judicial",
        ITEMS["judicial"],
        [dict(u="临颍县", w="临 颍 县"), dict(u="市中级人民法院", w="市法院")],
        style="paren",
        unit_h="考评对象",
        total_h="最终得分",
    )
    vil = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(u="临颍县", w="临颍县", subs=["杜曲村", "郭庄村", "北街村"]),
            dict(u="西城区", w="西城区", subs=["阴阳赵村", "问十村"]),
        ],
        style="paren",
        unit_h="考评对象",
        sub_h="抽查村",
        total_h="最终得分",
        blank_between=True,
    )
    liv = long_table(
        f,
        "livelihood",
        ITEMS["livelihood"],
        [
            dict(u="临颍县", w="临颍县"),
            dict(u="西城区", w="漯河市西城区"),
            dict(u="市财政局", w="市财政局"),
            dict(u="市妇联", w="市妇联", exempt="免考"),
        ],
        style="paren",
        unit_h="考评对象",
        total_h="最终得分",
        remark_h="备注",
    )
    f.xlsx(
        "附件4.xlsx",
        [dict(name="司法", rows=jud), dict(name="村务", rows=vil), dict(name="民生", rows=liv)],
        {"司法": "sector_scores", "村务": "sector_scores", "民生": "sector_scores"},
    )

    # innovation, 等级
    recs = [
        ("临颍县", "临颍", "村级“小微权力”清单动态管理", "village", "优秀"),
        ("西城区", "西城区", "政务服务“一窗通办”公开", "gov", "良好"),
        ("市财政局", "市财政局", "惠民惠农资金“一卡通”公开平台", "livelihood", "优秀"),
        ("市中级人民法院", "市中院", "庭审直播常态化", "judicial", "一般"),
    ]
    rows = [["创新成果评审结果"] + [None] * 4, ["序号", "单位", "成果名称", "所属板块", "等级"]]
    for i, (u, w, title, sec, rating) in enumerate(recs, 1):
        f.innov(u, title, sec, rating)
        rows.append([i, w, title, SECTOR_CN[sec], rating])
    f.xlsx("附件5.xlsx", [dict(name="Sheet1", rows=rows, merges=[(1, 1, 1, 5)])], "innovation")
    f.finish()


# ================================================================ office_b
def office_b():
    f = Folder(
        "office_b",
        202,
        "Excel 97 .xls (xlwt) only: two title rows (one merged); ○ marks; aliases under 其他名称 split by "
        "；/;; item headers 组织领导[10] and '组织领导 10分'; maxima in a separate row under the header; "
        "被考核单位/实得分/考评组成员 headers; 5, 4 and 6 raters; blank rows between unit groups; "
        "numbers stored as text; 平均 row; 不参加 in 备注; short names 舞阳, 民政局, 市检察院, "
        "prefix 中共漯河市委组织部; stray spaces 西 城 区; publicity with 刊发级别 and text dates; "
        "file names 汇总(终稿)(1).xls, 表2.xls",
    )
    cols = [("序号", "seq"), ("名称", "name"), ("单位类别", "cat"), *STD_SECTOR_COLS, ("其他名称", "alias")]
    reg = f.registry(
        cols,
        "○",
        [
            ("舞阳县", "县区", ALL5, ["舞阳", "漯河市舞阳县"], "；"),
            ("西城区", "功能区", ZONE4, ["西城", "漯河市西城区"], ";"),
            ("市民政局", "市直单位", ["village", "livelihood"], ["民政局", "漯河市民政局"], "；"),
            ("市委组织部", "市委部委", ["party"], ["中共漯河市委组织部", "组织部"], ";"),
            ("市人民检察院", "市直单位", ["judicial"], ["市检察院", "漯河市人民检察院"], "; "),
        ],
    )
    rows = [["附件1"], ["“阳光漯河”建设板块涉及单位一览表"] + [None] * (len(cols) - 1), *reg]
    f.xls("单位名单.xls", [dict(name="Sheet1", rows=rows, merges=[(2, 1, 2, len(cols))])], "registry")

    RA = ["成员A", "成员B", "成员C", "成员D", "成员E", "成员F"]
    rows = long_table(
        f,
        "party",
        ITEMS["party5"],
        [
            dict(u="舞阳县", w="舞阳县", raters=RA[:5]),
            dict(u="西城区", w="西城区", raters=RA[:4], fmt=s),
            dict(u="市委组织部", w="中共漯河市委组织部", raters=RA[:6]),
        ],
        style="square",
        unit_h="被考核单位",
        rater_h="考评组成员",
        total_h="实得分",
        blank_between=True,
    )
    f.xls("汇总(终稿)(1).xls", [dict(name="Sheet1", rows=rows)], "sector_scores")

    # gov: maxima in a separate row below the header
    items = ITEMS["gov"]
    rows = [
        ["阳光政务考评情况表"] + [None] * 6,
        ["序号", "单位", *[n for n, _ in items], "得分"],
        [None, "分值", *[mx for _, mx in items], 100],
    ]
    for i, (u, w) in enumerate([("舞阳县", "舞阳"), ("西城区", "西 城 区")], 1):
        vals = f.block(u, "gov", items)[("", "")]
        rows.append([i, w, *map(v, vals), v(sum(vals))])
    f.xls("表2.xls", [dict(name="Sheet1", rows=rows, merges=[(1, 1, 1, 7)])], "sector_scores")

    jud = long_table(
        f,
        "judicial",
        ITEMS["judicial"],
        [dict(u="舞阳县", w="舞阳县"), dict(u="市人民检察院", w="市检察院", fmt=s)],
        style="space",
        unit_h="被考核单位",
        total_h="得分",
    )
    vil = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(u="舞阳县", w="舞阳县", subs=["姜店村", "吴城村"]),
            dict(u="西城区", w="西城区", exempt="不参加"),
            dict(u="市民政局", w="市民政局"),
        ],
        style="space",
        unit_h="被考核单位",
        sub_h="抽查村（社区）",
        total_h="得分",
        remark_h="备注",
    )
    liv = long_table(
        f,
        "livelihood",
        ITEMS["livelihood"],
        [dict(u="舞阳县", w="舞阳县"), dict(u="西城区", w="西城区"), dict(u="市民政局", w="民政局")],
        style="space",
        unit_h="被考核单位",
        total_h="得分",
    )
    data_rows = [r for r in liv[1:]]
    avg = ["平均", None] + [
        v(round(sum(float(r[c]) for r in data_rows) / len(data_rows), 2)) for c in range(2, len(liv[0]))
    ]
    liv.append(avg)
    f.xls(
        "表3.xls",
        [dict(name="阳光司法", rows=jud), dict(name="阳光村务", rows=vil), dict(name="阳光民生", rows=liv)],
        {"阳光司法": "sector_scores", "阳光村务": "sector_scores", "阳光民生": "sector_scores"},
    )

    pubs = [
        ("舞阳县", "舞阳", "舞阳县推行村务“三权”清单", "市级", "漯河日报", "2020-03-10"),
        ("舞阳县", "舞阳县", "舞阳县推行村务“三权”清单", "省级", "河南日报", "2020-03-15"),
        ("市民政局", "市民政局", "低保资金发放全程公开", "国家级", "人民网", "2020-05-20"),
        ("西城区", "西城区", "西城区政务服务“好差评”", "中央级", "新华网", "2019-11-08"),
        ("市委组织部", "市委组织部", "党务公开“五步工作法”", "市级", "漯河发布", "2020-01-06"),
    ]
    rows = [["序号", "单位", "信息标题", "刊发级别", "采用媒体", "日期"]]
    for i, (u, w, title, lvl, media, d) in enumerate(pubs, 1):
        f.pub(u, title, lvl, d)
        y, mo, dd = d.split("-")
        rows.append([i, w, title, lvl, media, f"{y}.{int(mo)}.{int(dd)}"])
    f.xls("信息采用.xls", [dict(name="Sheet1", rows=rows)], "publicity")
    f.finish()


# ================================================================ office_c
def office_c():
    f = Folder(
        "office_c",
        303,
        "CSV only, in UTF-8, UTF-8 with BOM and GB18030: registry without 序号 under 部门名称 with 是 marks "
        "and aliases under 简称 split by ／ and spaces; 部门名称/打分人/评分 headers; item headers with "
        "full-width digits （１０分） and full-width digit values ９０．５; 3 and 5 and 6 raters; two-column "
        "(县区, 分数) and (单位, 分数) tables with a title row; a 得分（满分100） column holding 95% style "
        "shares; 小计 rows; 抽查村 sub-units; prefix 漯河市舞阳县 NOT listed as alias (prefix stripping); "
        "deductions CSV in GB18030; file names data1..data7.csv",
    )
    cols = [("部门名称", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("简称", "alias")]
    reg = f.registry(
        cols,
        "是",
        [
            ("临颍县", "县区", ALL5, ["临颍", "漯河市临颍县"], "／"),
            ("舞阳县", "县区", ALL5, ["舞阳"], "／"),
            ("市财政局", "市直单位", ["gov", "livelihood"], ["财政局", "漯河市财政局"], " "),
            ("市总工会", "人民团体", ["livelihood"], ["总工会", "漯河市总工会"], "／"),
            ("市中级人民法院", "市直单位", ["judicial"], ["市法院", "中院"], " "),
        ],
    )
    f.csv("list.csv", reg, "utf-8-sig", "registry")

    items = [("组织领导", 10), ("公开内容", 40), ("公开形式", 30), ("监督评议", 20)]
    R = ["1号", "2号", "3号", "4号", "5号", "6号"]
    rows = long_table(
        f,
        "party",
        items,
        [dict(u="临颍县", w="临颍", raters=R[:3], fmt=fw), dict(u="舞阳县", w="舞阳县", raters=R[:5])],
        style="fw",
        unit_h="部门名称",
        rater_h="打分人",
        total_h="评分",
    )
    f.csv("data1.csv", rows, "gb18030", "sector_scores")

    rows = [["2020年度阳光政务考评结果（县区）", ""], ["县区", "分数"]]
    for u, w in [("临颍县", "临颍县"), ("舞阳县", "漯河市舞阳县")]:
        x = f.block(u, "gov", [("总分", 100)], lo=0.8, step=0.1)[("", "")][0]
        rows.append([w, s(x)])
    f.csv("data2.csv", rows, "utf-8", "sector_scores")

    rows = [["序号", "部门名称", "得分（满分100）", "备注"]]
    for i, (u, w, pct) in enumerate(
        [
            ("临颍县", "临颍县", True),
            ("舞阳县", "舞阳", False),
            ("市财政局", "财政局", False),
            ("市总工会", "漯河市总工会", True),
        ],
        1,
    ):
        x = f.block(u, "livelihood", [("总分", 100)], lo=0.8, step=0.1)[("", "")][0]
        rows.append([i, w, f"{s(x)}%" if pct else s(x), ""])
    f.csv("data3.csv", rows, "utf-8-sig", "sector_scores")

    rows = [["市直单位“阳光政务”考评得分", ""], ["单位", "分数"]]
    x = f.block("市财政局", "gov", [("总分", 100)], lo=0.8)[("", "")][0]
    rows.append(["市财政局", s(x)])
    f.csv("data4.csv", rows, "gb18030", "sector_scores")

    rows = long_table(
        f,
        "judicial",
        [("组织领导", 10), ("审务公开", 40), ("司法服务", 30), ("监督评议", 20)],
        [
            dict(u="临颍县", w="临颍县", raters=R[:5]),
            dict(u="舞阳县", w="舞阳县", raters=R[:5]),
            dict(u="市中级人民法院", w="市法院", raters=R),
        ],
        style="paren",
        unit_h="部门名称",
        rater_h="打分人",
        total_h="评分",
        step=0.1,
    )
    f.csv("data5.csv", rows, "utf-8", "sector_scores")

    rows = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(u="临颍县", w="临颍县", subs=["固厢村", "皇帝庙村", "杜曲村"]),
            dict(u="舞阳县", w="舞阳县", subs=["姜店村", "吴城村"]),
        ],
        style="fw",
        unit_h="县区",
        sub_h="抽查村",
        total_h="分数",
    )
    # a 小计 row after each county (mean of its villages), label in the 序号 column
    out = [rows[0]]
    for unit in ("临颍县", "舞阳县"):
        grp = [r for r in rows[1:] if r[1] == unit]
        out += grp
        out.append(
            ["小计", None, None]
            + [v(round(sum(float(r[c]) for r in grp) / len(grp), 2)) for c in range(3, len(rows[0]))]
        )
    f.csv("data6.csv", out, "gb18030", "sector_scores")

    deds = [
        ("临颍县", "临颍县", "市级通报批评", "漯阳光建办〔2020〕12号", "2020-04-20", "村务公开栏未按期更新"),
        ("舞阳县", "舞阳", "违反“阳光三权”案件", "漯纪通〔2020〕7号", "2020-05-11", "村级工程未经民主决策"),
        ("市财政局", "市财政局", "诫勉", "漯纪〔2020〕21号", "2020-01-15", "惠民资金公开不及时"),
    ]
    rows = [["序号", "部门名称", "扣分类别", "文号", "日期", "事由"]]
    for i, (u, w, cat, no, d, why) in enumerate(deds, 1):
        f.ded(u, cat, no, d, why)
        rows.append([i, w, cat, no, d, why])
    f.csv("data7.csv", rows, "gb18030", "deductions")
    f.finish()


# ================================================================ office_d
def office_d():
    f = Folder(
        "office_d",
        404,
        "one-sheet sector-summary table (one row per unit, one column per sector; scores, 免考, — or "
        "blank) with title and 填报单位 rows, group heading rows 一、县区/二、市直单位, a blank row, a 平均 "
        "row and a 注： row; some scores as text; Y marks; aliases under 简称 split by , ; innovation + "
        "publicity + deductions as three sheets of one .xlsx; publicity WITHOUT media column, level under "
        "媒体级别 and the same title at two levels; rating under 等级; datetime cells; short/prefixed names "
        "and 市 妇 联 with spaces; file names 附件.xlsx, 汇总表.xlsx, 加减分情况.xlsx",
    )
    cols = [("单位名称", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("简称", "alias")]
    reg = f.registry(
        cols,
        "Y",
        [
            ("临颍县", "县区", ALL5, ["临颍", "漯河市临颍县"], ","),
            ("舞阳县", "县区", ALL5, ["舞阳", "漯河市舞阳县"], ", "),
            ("西城区", "功能区", ZONE4, ["西城", "漯河市西城区"], ","),
            ("市委组织部", "市委部委", ["party"], ["中共漯河市委组织部", "组织部"], ","),
            ("市财政局", "市直单位", ["gov", "livelihood"], ["漯河市财政局"], ","),
            ("市民政局", "市直单位", ["village", "livelihood"], ["漯河市民政局", "民政局"], ", "),
            ("市妇联", "人民团体", ["party", "livelihood"], ["漯河市妇联", "妇联"], ","),
        ],
    )
    f.xlsx("附件.xlsx", [dict(name="一览表", rows=reg)], "registry")

    W = 8
    rows = [
        ["2020年度“阳光漯河”建设各板块考评得分汇总表"] + [None] * (W - 1),
        ["填报单位：市阳光办", None, None, None, None, "2020年7月10日", None, None],
        ["序号", "单位", *SECTOR_CN.values(), "备注"],
    ]
    merges = [(1, 1, 1, W), (2, 1, 2, 5), (2, 6, 2, W)]
    # (canonical, written, {code: how}) how: "n" number, "t" text, "免考", "—", "" blank
    spec_cty = [
        ("临颍县", "临颍县", dict(party="n", gov="n", judicial="t", village="n", livelihood="n")),
        ("舞阳县", "舞阳", dict(party="n", gov="n", judicial="免考", village="n", livelihood="t")),
        ("西城区", "西城区", dict(party="n", gov="n", judicial="—", village="n", livelihood="n")),
    ]
    spec_dep = [
        (
            "市委组织部",
            "中共漯河市委组织部",
            dict(party="n", gov="—", judicial="—", village="—", livelihood="—"),
        ),
        ("市财政局", "漯河市财政局", dict(party="", gov="n", judicial="", village="", livelihood="t")),
        ("市民政局", "市民政局", dict(party="", gov="", judicial="", village="t", livelihood="n")),
        ("市妇联", "市 妇 联", dict(party="n", gov="", judicial="", village="", livelihood="免考")),
    ]
    cols_vals = {c: [] for c in CODES}
    seq = 0
    for heading, spec in (("一、县区", spec_cty), ("二、市直单位", spec_dep)):
        if heading.startswith("二"):
            rows.append([])
        rows.append([heading] + [None] * (W - 1))
        merges.append((len(rows), 1, len(rows), W))
        for u, w, how in spec:
            seq += 1
            row = [seq, w]
            note = None
            for c in CODES:
                h = how[c]
                if h in ("n", "t"):
                    x = f.block(u, c, [("总分", 100)], lo=0.8, step=0.05)[("", "")][0]
                    cols_vals[c].append(x)
                    row.append(v(x) if h == "n" else s(x))
                elif h == "免考":
                    f.ex(u, c)
                    row.append("免考")
                    note = "经批准免考"
                else:
                    row.append(h or None)
            row.append(note)
            rows.append(row)
    rows.append(["平均", None] + [v(round(sum(cols_vals[c]) / len(cols_vals[c]), 2)) for c in CODES] + [None])
    merges.append((len(rows), 1, len(rows), 2))
    rows.append(["注：1.“—”表示该单位不涉及该板块；2.“免考”经市阳光办批准，不计入平均。"] + [None] * (W - 1))
    merges.append((len(rows), 1, len(rows), W))
    f.xlsx("汇总表.xlsx", [dict(name="汇总", rows=rows, merges=merges)], "sector_scores")

    inn = [["序号", "单位名称", "成果名称", "板块", "等级"]]
    for i, (u, w, t, sec, r) in enumerate(
        [
            ("临颍县", "临颍县", "“阳光三权”村级监督微平台", "village", "优秀"),
            ("舞阳县", "舞阳", "政务服务“容缺受理”公开", "gov", "一般"),
            ("市民政局", "市民政局", "社会救助对象动态公示", "livelihood", "良好"),
            ("市委组织部", "市委组织部", "党员发展全程纪实公开", "party", "优秀"),
        ],
        1,
    ):
        f.innov(u, t, sec, r)
        inn.append([i, w, t, SECTOR_CN[sec], r])
    pub = [["序号", "单位名称", "标题", "媒体级别", "日期"]]
    for i, (u, w, t, lvl, d) in enumerate(
        [
            ("临颍县", "临颍县", "临颍：村级事务“阳光”运行", "省级", date(2020, 4, 2)),
            ("临颍县", "临颍县", "临颍：村级事务“阳光”运行", "中央级", date(2020, 4, 9)),
            ("西城区", "西城区", "西城区打造透明政务", "市级", date(2020, 2, 18)),
            ("市财政局", "漯河市财政局", "财政资金直达基层公开", "省级", date(2020, 6, 1)),
            ("市妇联", "市妇联", "巾帼志愿服务公开承诺", "市级", date(2019, 12, 20)),
        ],
        1,
    ):
        f.pub(u, t, lvl, d.isoformat())
        pub.append([i, w, t, lvl, d])
    ded = [["序号", "单位名称", "扣分类别", "文号", "日期", "事由"]]
    for i, (u, w, cat, no, d, why) in enumerate(
        [
            (
                "舞阳县",
                "舞阳县",
                "省级及以上通报批评",
                "豫阳光办〔2020〕3号",
                date(2020, 3, 30),
                "政务公开专栏长期未更新",
            ),
            (
                "西城区",
                "西城区",
                "市级通报批评",
                "漯阳光建办〔2020〕9号",
                date(2020, 5, 6),
                "便民服务中心公示内容缺失",
            ),
            ("市民政局", "民政局", "组织处理", "漯纪〔2020〕33号", date(2020, 6, 12), "低保审核公示走过场"),
        ],
        1,
    ):
        f.ded(u, cat, no, d.isoformat(), why)
        ded.append([i, w, cat, no, d, why])
    f.xlsx(
        "加减分情况.xlsx",
        [dict(name="创新成果", rows=inn), dict(name="信息宣传", rows=pub), dict(name="扣分", rows=ded)],
        {"创新成果": "innovation", "信息宣传": "publicity", "扣分": "deductions"},
    )
    f.finish()


# ================================================================ office_e
def office_e():
    f = Folder(
        "office_e",
        505,
        "township + village as two columns 乡镇/村 (the same village name 王庄村 in two townships, 东街村 "
        "in two townships of one county), with 县区 and 乡镇 cells merged vertically; 县区/分数 headers; "
        "marks 1 (numbers); aliases split by spaces; party and gov as two sheets of one xlsx; gov scored "
        "total-only over sampled departments/service centres (抽查单位); 5/5/3/5 raters (评委) with some "
        "numbers as text; CSV judicial in UTF-8 and livelihood in GB18030 with 免考; publicity CSV (BOM) "
        "WITHOUT media column, level under 刊发级别",
    )
    cols = [("序号", "seq"), ("单位", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("简称", "alias")]
    reg = f.registry(
        cols,
        1,
        [
            ("临颍县", "县区", ALL5, ["临颍", "漯河市临颍县"], " "),
            ("舞阳县", "县区", ALL5, ["舞阳", "漯河市舞阳县"], " "),
            ("西城区", "功能区", ZONE4, ["西城"], " "),
            ("市委组织部", "市委部委", ["party"], ["中共漯河市委组织部"], " "),
            ("市民政局", "市直单位", ["village", "livelihood"], ["民政局"], " "),
            ("市人民检察院", "市直单位", ["judicial"], ["市检察院", "漯河市人民检察院"], " "),
        ],
    )
    t, m = title_rows("附件1  涉及单位一览表", len(cols))
    f.xlsx("附件1 涉及单位.xlsx", [dict(name="Sheet1", rows=t + reg, merges=m)], "registry")

    vil = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(
                u="临颍县",
                w="临颍县",
                subs=[("繁城镇", "王庄村"), ("繁城镇", "李庄村"), ("台陈镇", "王庄村"), ("台陈镇", "前进村")],
                name_every_row=False,
            ),
            dict(
                u="舞阳县",
                w="舞阳县",
                subs=[("北舞渡镇", "东街村"), ("北舞渡镇", "王庄村"), ("辛安镇", "东街村")],
                name_every_row=False,
            ),
            dict(
                u="西城区",
                w="西城区",
                subs=[("阴阳赵镇", "阴阳赵村"), ("问十乡", "问十村")],
                name_every_row=False,
            ),
        ],
        style="cnparen",
        unit_h="县区",
        sub_h=("乡镇", "村"),
        total_h="分数",
    )
    # merge 县区 cells over their rows and 乡镇 cells over their villages (blank cells below the first)
    merges = []
    r = 2
    body = vil[1:]
    i = 0
    while i < len(body):
        j = i + 1
        while j < len(body) and body[j][1] is None:
            j += 1
        merges.append((r + i, 2, r + j - 1, 2))
        k = i
        while k < j:
            kk = k + 1
            while kk < j and body[kk][2] == body[k][2]:
                body[kk][2] = None
                kk += 1
            if kk - k > 1:
                merges.append((r + k, 3, r + kk - 1, 3))
            k = kk
        i = j
    t, m = title_rows("2020年度阳光村务实地考评得分表", len(vil[0]))
    merges = m + [(a + 1, b, c + 1, d) for a, b, c, d in merges]
    dep = long_table(
        f,
        "village",
        ITEMS["village"],
        [dict(u="市民政局", w="民政局")],
        style="cnparen",
        unit_h="单位",
        total_h="分数",
    )
    f.xlsx(
        "村务.xlsx",
        [dict(name="县区", rows=t + vil, merges=merges), dict(name="市直单位", rows=dep)],
        {"县区": "sector_scores", "市直单位": "sector_scores"},
    )

    R = ["评委甲", "评委乙", "评委丙", "评委丁", "评委戊"]
    party = long_table(
        f,
        "party",
        ITEMS["party"],
        [
            dict(u="临颍县", w="临颍县", raters=R),
            dict(u="舞阳县", w="舞阳县", raters=R, fmt=s),
            dict(u="西城区", w="西城区", raters=R[:3]),
            dict(u="市委组织部", w="中共漯河市委组织部", raters=R),
        ],
        style="cnparen",
        unit_h="单位名称",
        rater_h="评委",
        total_h="得分",
        seq="unit",
        step=0.1,
    )
    gov = long_table(
        f,
        "gov",
        [("总分", 100)],
        [
            dict(
                u="临颍县",
                w="临颍县",
                subs=["县行政审批服务局", "县自然资源局", "繁城镇便民服务中心", "台陈镇便民服务中心"],
            ),
            dict(
                u="舞阳县",
                w="舞阳县",
                subs=["县行政审批服务局", "县市场监管局", "北舞渡镇便民服务中心", "辛安镇便民服务中心"],
            ),
            dict(u="西城区", w="西城区", subs=["阴阳赵镇便民服务中心", "问十乡便民服务中心"]),
        ],
        style="bare",
        unit_h="单位名称",
        sub_h="抽查单位",
        item_label=lambda n, mx: "得分",
        lo=0.8,
    )
    f.xlsx(
        "附件3.xlsx",
        [dict(name="党务", rows=party), dict(name="政务", rows=gov)],
        {"党务": "sector_scores", "政务": "sector_scores"},
    )

    jud = long_table(
        f,
        "judicial",
        ITEMS["judicial"],
        [
            dict(u="临颍县", w="临颍县"),
            dict(u="舞阳县", w="舞阳县"),
            dict(u="市人民检察院", w="漯河市人民检察院"),
        ],
        style="paren",
        unit_h="单位",
        total_h="得分",
    )
    f.csv("阳光司法.csv", jud, "utf-8", "sector_scores")
    liv = long_table(
        f,
        "livelihood",
        ITEMS["livelihood"],
        [
            dict(u="临颍县", w="临颍县"),
            dict(u="舞阳县", w="舞阳"),
            dict(u="西城区", w="西城区", exempt="免考"),
            dict(u="市民政局", w="民政局"),
        ],
        style="cnparen",
        unit_h="单位",
        total_h="得分",
        remark_h="备注",
    )
    f.csv("阳光民生得分.csv", liv, "gb18030", "sector_scores")

    rows = [["序号", "单位", "信息标题", "刊发级别", "采用日期"]]
    for i, (u, w, t_, lvl, d) in enumerate(
        [
            ("临颍县", "临颍", "临颍县“三资”管理全公开", "省级", "2020年3月2日"),
            ("舞阳县", "舞阳县", "舞阳县政务服务“最多跑一次”", "市级", "2020年5月18日"),
            ("市民政局", "民政局", "特困供养资金按月公示", "国家级", "2020年6月3日"),
            ("市委组织部", "中共漯河市委组织部", "组织工作“阳光”运行", "省级", "2019年10月21日"),
        ],
        1,
    ):
        y, rest = d.split("年")
        mo, rest = rest.split("月")
        f.pub(u, t_, lvl, f"{y}-{int(mo):02d}-{int(rest.rstrip('日')):02d}")
        rows.append([i, w, t_, lvl, d])
    f.csv("宣传.csv", rows, "utf-8-sig", "publicity")
    f.finish()


# ================================================================ office_f
HTML_HEAD_UTF8 = "<html>"
HTML_HEAD_GBK = (
    '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>'
    '<meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>\n'
)


def office_f():
    f = Folder(
        "office_f",
        606,
        "web-system exports: every file is an HTML table saved as .xls (bytes start with <html>), some "
        "UTF-8 without a meta charset, some GBK with a meta charset; header over two rows with colspan "
        "(考评内容 over items, 评分人 over rater columns) and rowspan; unit, 序号 and 最终得分 cells with "
        "rowspan over 5/6/3 rater rows (小计 = rater total per row, 最终得分 = the unit's aggregated "
        "score); 县区 cell rowspan over 乡镇+村 rows; ✓ marks; canonical name 中级人民法院 (no 市) with "
        "aliases split by ,; names export_2020071x.xls",
    )
    cols = [
        ("序号", "seq"),
        ("单位名称", "name"),
        ("单位类型", "cat"),
        *STD_SECTOR_COLS,
        ("其他名称", "alias"),
    ]
    reg = f.registry(
        cols,
        "✓",
        [
            ("舞阳县", "县区", ALL5, ["舞阳", "漯河市舞阳县"], ","),
            ("西城区", "功能区", ZONE4, ["西城", "漯河市西城区"], ","),
            ("市财政局", "市直单位", ["gov", "livelihood"], ["财政局", "漯河市财政局"], ","),
            (
                "中级人民法院",
                "市直单位",
                ["judicial"],
                ["市法院", "市中级人民法院", "漯河市中级人民法院"],
                ",",
            ),
            ("市妇联", "人民团体", ["party", "livelihood"], ["妇联", "漯河市妇联"], ","),
        ],
    )
    f.html(
        "export_20200709.xls", HTML_HEAD_UTF8 + html_table(reg, th_rows=1) + "</html>", "utf-8", "registry"
    )

    # party: rowspan/colspan, 5/6/3 raters
    items = ITEMS["party"]
    R = ["评委1", "评委2", "评委3", "评委4", "评委5", "评委6"]
    rows = [
        [
            ("序号", {"rowspan": 2}),
            ("考评对象", {"rowspan": 2}),
            ("评委", {"rowspan": 2}),
            ("考评内容", {"colspan": 4}),
            ("小计", {"rowspan": 2}),
            ("最终得分", {"rowspan": 2}),
        ],
        [hdr(n, mx, "paren") for n, mx in items],
    ]
    for seq, (u, w, raters) in enumerate(
        [("舞阳县", "舞阳县", R[:5]), ("西城区", "西城区", R[:6]), ("市妇联", "漯河市妇联", R[:3])], 1
    ):
        data = f.block(u, "party", items, raters=raters, exact=True)
        final = aggregate({k: sum((F(x) for x in vals), Fraction(0)) for k, vals in data.items()})
        n = len(raters)
        for k, r in enumerate(raters):
            vals = data[("", r)]
            row = []
            if k == 0:
                row += [(seq, {"rowspan": n}), (w, {"rowspan": n})]
            row += [r, *[s(x) for x in vals], s(sum(vals))]
            if k == 0:
                row.append((s(float(final)), {"rowspan": n}))
            rows.append(row)
    f.html(
        "export_20200710.xls",
        HTML_HEAD_UTF8 + html_table(rows, th_rows=2) + "</html>",
        "utf-8",
        "sector_scores",
    )

    # gov: raters as columns with colspan, GBK
    RC = ["评委1", "评委2", "评委3", "评委4", "评委5"]
    rows = [
        [("阳光政务考评得分", {"colspan": 8})],
        [
            ("序号", {"rowspan": 2}),
            ("被考核单位", {"rowspan": 2}),
            ("评分人", {"colspan": 5}),
            ("最终得分", {"rowspan": 2}),
        ],
        RC,
    ]
    for seq, (u, w) in enumerate([("舞阳县", "舞阳"), ("西城区", "西城区"), ("市财政局", "财政局")], 1):
        data = f.block(u, "gov", [("总分", 100)], raters=RC, lo=0.8, exact=True)
        final = aggregate({k: F(x[0]) for k, x in data.items()})
        rows.append([seq, w] + [s(data[("", r)][0]) for r in RC] + [s(float(final))])
    f.html("export_20200711.xls", HTML_HEAD_GBK + html_table(rows) + "</body></html>", "gbk", "sector_scores")

    jud = long_table(
        f,
        "judicial",
        ITEMS["judicial"],
        [dict(u="舞阳县", w="舞阳县", fmt=s), dict(u="中级人民法院", w="市法院", fmt=s)],
        style="cnparen",
        unit_h="单位",
        total_h="最终得分",
    )
    jud = [[("阳光司法考评得分", {"colspan": len(jud[0])})], *jud]
    f.html("export_20200712.xls", HTML_HEAD_UTF8 + html_table(jud) + "</html>", "utf-8", "sector_scores")

    vil = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(
                u="舞阳县",
                w="舞阳县",
                subs=[("北舞渡镇", "东街村"), ("北舞渡镇", "西街村"), ("辛安镇", "东街村")],
                fmt=s,
                name_every_row=False,
            ),
            dict(
                u="西城区",
                w="西城区",
                subs=[("阴阳赵镇", "阴阳赵村"), ("问十乡", "问十村")],
                fmt=s,
                name_every_row=False,
            ),
        ],
        style="paren",
        unit_h="县区",
        sub_h=("乡镇", "村"),
        total_h="得分",
        seq="unit",
    )
    # turn the first row of each unit into rowspan cells for 序号 and 县区, drop the blanks below
    out = [vil[0]]
    body = vil[1:]
    i = 0
    while i < len(body):
        j = i + 1
        while j < len(body) and body[j][1] is None:
            j += 1
        n = j - i
        out.append([(body[i][0], {"rowspan": n}), (body[i][1], {"rowspan": n}), *body[i][2:]])
        for k in range(i + 1, j):
            out.append(body[k][2:])
        i = j
    f.html(
        "export_20200713.xls",
        HTML_HEAD_GBK + html_table(out, th_rows=1) + "</body></html>",
        "gbk",
        "sector_scores",
    )

    liv = long_table(
        f,
        "livelihood",
        ITEMS["livelihood"],
        [
            dict(u="舞阳县", w="舞阳县", fmt=s),
            dict(u="西城区", w="西城区", fmt=s),
            dict(u="市财政局", w="财政局", fmt=s),
            dict(u="市妇联", w="市妇联", fmt=s),
        ],
        style="paren",
        unit_h="单位名称",
        total_h="得分",
    )
    f.html(
        "export_20200714.xls",
        HTML_HEAD_UTF8 + html_table(liv, th_rows=1) + "</html>",
        "utf-8",
        "sector_scores",
    )

    rows = [["序号", "单位名称", "扣分类别", "文号", "日期", "事由"]]
    for i, (u, w, cat, no, d, why) in enumerate(
        [
            (
                "舞阳县",
                "舞阳县",
                "违反“阳光三权”案件",
                "漯纪通〔2020〕15号",
                "2020-06-08",
                "村级财务未按规定公开",
            ),
            (
                "市妇联",
                "市妇联",
                "市级通报批评",
                "漯阳光建办〔2020〕18号",
                "2020-04-27",
                "党务公开栏内容陈旧",
            ),
        ],
        1,
    ):
        f.ded(u, cat, no, d, why)
        rows.append([i, w, cat, no, d, why])
    f.html(
        "export_20200715.xls", HTML_HEAD_UTF8 + html_table(rows, th_rows=1) + "</html>", "utf-8", "deductions"
    )
    f.finish()


# ================================================================ office_g
def office_g():
    f = Folder(
        "office_g",
        707,
        "mixed .xls (xlwt) and .xlsx with uninformative names (登记表.xls, 附件2(改).xlsx, 新建 Microsoft "
        "Excel 工作表.xlsx, 2020年7月汇总.xls with Sheet1-3); registry with two title rows, √ and ✓ marks "
        "mixed, aliases under 简称/别名 split by ， and ,; item headers 组织领导(满分10); per-unit 平均分 "
        "rows between rater groups; total-only gov with a 名次 column, 合计 and 平均 rows and two 注： rows; "
        "village sheet with sub-units AND raters (2 villages x 5 raters, 2 x 3, 1 x 5, whole-unit x 5); "
        "numbers as text; 免考; prefixed names (中共漯河市委组织部, 漯河市民政局) and short names "
        "(市法院, 总工会); "
        "innovation under 评价结果",
    )
    cols = [("序号", "seq"), ("单位名称", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("简称/别名", "alias")]
    reg = f.registry(
        cols,
        lambda i, c: "√" if (i + CODES.index(c)) % 3 else "✓",
        [
            ("临颍县", "县区", ALL5, ["临颍", "漯河市临颍县"], "，"),
            ("舞阳县", "县区", ALL5, ["舞阳", "漯河市舞阳县"], ","),
            ("西城区", "功能区", ZONE4, ["西城区管委会", "漯河市西城区"], "，"),
            ("市委组织部", "市委部委", ["party"], ["中共漯河市委组织部", "组织部"], ","),
            ("市民政局", "市直单位", ["village", "livelihood"], ["漯河市民政局"], "，"),
            (
                "市中级人民法院",
                "市直单位",
                ["judicial"],
                ["市法院", "中级人民法院", "漯河市中级人民法院"],
                "，",
            ),
            ("市总工会", "人民团体", ["party", "livelihood"], ["漯河市总工会", "总工会"], ","),
        ],
    )
    rows = [
        ["中共漯河市委“阳光漯河”建设领导小组办公室"],
        ["“阳光漯河”建设板块涉及单位登记表"] + [None] * (len(cols) - 1),
        *reg,
    ]
    f.xls("登记表.xls", [dict(name="Sheet1", rows=rows, merges=[(2, 1, 2, len(cols))])], "registry")

    items = [("组织领导", 10), ("制度建设", 20), ("公开内容", 40), ("群众监督", 30)]
    R = ["评委1", "评委2", "评委3", "评委4", "评委5"]
    party = long_table(
        f,
        "party",
        items,
        [
            dict(u="临颍县", w="临颍县", raters=R),
            dict(u="舞阳县", w="舞阳县", raters=R, fmt=s),
            dict(u="西城区", w="西城区", raters=R[:4]),
            dict(u="市委组织部", w="中共漯河市委组织部", raters=R),
            dict(u="市总工会", w="漯河市总工会", raters=R[:3]),
        ],
        style="manfen",
        unit_h="单位",
        rater_h="评委",
        total_h="总分",
    )
    out = [party[0]]
    body = party[1:]
    for i, row in enumerate(body):
        out.append(row)
        if i + 1 == len(body) or body[i + 1][1] != row[1]:
            grp = [r for r in body if r[1] == row[1]]
            out.append(
                [None, "平均分", None]
                + [v(round(sum(float(r[c]) for r in grp) / len(grp), 2)) for c in range(3, len(party[0]))]
            )
    f.xlsx("附件2(改).xlsx", [dict(name="Sheet1", rows=out)], "sector_scores")

    rows = [["阳光政务考评得分"] + [None] * 3, ["序号", "单位", "得分", "名次"]]
    got = []
    for u, w in [("临颍县", "临颍县"), ("舞阳县", "舞阳县"), ("西城区", "西城区管委会")]:
        x = f.block(u, "gov", [("总分", 100)], lo=0.8)[("", "")][0]
        got.append((w, x))
    order = sorted(got, key=lambda t: -t[1])
    for i, (w, x) in enumerate(got, 1):
        rows.append([i, w, s(x) if i == 2 else v(x), order.index((w, x)) + 1])
    rows.append(["合计", None, v(round(sum(x for _, x in got), 2)), None])
    rows.append(["平均", None, v(round(sum(x for _, x in got) / len(got), 2)), None])
    rows.append([])
    rows.append(["注：1.本表为县区阳光政务考评得分；"])
    rows.append(["    2.市直单位阳光政务得分另行报送。"])
    f.xlsx(
        "新建 Microsoft Excel 工作表.xlsx",
        [
            dict(
                name="Sheet1",
                rows=rows,
                merges=[
                    (1, 1, 1, 4),
                    (len(rows) - 4, 1, len(rows) - 4, 2),
                    (len(rows) - 3, 1, len(rows) - 3, 2),
                ],
            )
        ],
        "sector_scores",
    )

    jud = long_table(
        f,
        "judicial",
        ITEMS["judicial"],
        [
            dict(u="临颍县", w="临颍县", fmt=s),
            dict(u="舞阳县", w="舞阳县", fmt=s),
            dict(u="市中级人民法院", w="市法院", fmt=s),
        ],
        style="paren",
        unit_h="单位",
        total_h="合计",
    )
    t, m = title_rows("阳光司法考评得分表", len(jud[0]))
    vil = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(u="临颍县", w="临颍县", subs=["固厢村", "大郭村"], raters=R),
            dict(u="舞阳县", w="舞阳县", subs=["姜店村", "吴城村"], raters=R[:3]),
            dict(u="西城区", w="西城区", subs=["阴阳赵村"], raters=R),
            dict(u="市民政局", w="漯河市民政局", raters=R),
        ],
        style="cnparen",
        unit_h="单位",
        sub_h="抽查村",
        rater_h="评委",
        total_h="合计",
        step=0.25,
    )
    liv = long_table(
        f,
        "livelihood",
        ITEMS["livelihood"],
        [
            dict(u="临颍县", w="临颍县"),
            dict(u="舞阳县", w="舞阳县"),
            dict(u="西城区", w="西城区"),
            dict(u="市民政局", w="漯河市民政局"),
            dict(u="市总工会", w="总工会", exempt="免考"),
        ],
        style="cnparen",
        unit_h="单位",
        total_h="合计",
        remark_h="备注",
    )
    f.xls(
        "2020年7月汇总.xls",
        [
            dict(name="Sheet1", rows=t + jud, merges=m),
            dict(name="Sheet2", rows=vil),
            dict(name="Sheet3", rows=liv),
        ],
        {"Sheet1": "sector_scores", "Sheet2": "sector_scores", "Sheet3": "sector_scores"},
    )

    rows = [["序号", "单位名称", "创新成果", "板块", "评价结果"]]
    for i, (u, w, t_, sec, r) in enumerate(
        [
            ("临颍县", "临颍", "“阳光三权”积分管理", "village", "良好"),
            ("西城区", "西城区", "政务服务“帮办代办”", "gov", "优秀"),
            ("市中级人民法院", "市法院", "执行案款阳光发放", "judicial", "优秀"),
            ("市总工会", "总工会", "困难职工帮扶资金公示", "livelihood", "一般"),
        ],
        1,
    ):
        f.innov(u, t_, sec, r)
        rows.append([i, w, t_, SECTOR_CN[sec], r])
    f.xls("创新.xls", [dict(name="Sheet1", rows=rows)], "innovation")
    f.finish()


# ================================================================ office_h
def office_h():
    f = Folder(
        "office_h",
        808,
        "all five sectors in ONE workbook (附件2.xlsx, sheets Sheet1-Sheet5), each a two-column "
        "(unit, score) table whose sector is named only in its title row; headers 单位/得分, 考评对象/评分, "
        "单位名称/得分(满分100), 县区/分数; one score stored as a percentage-formatted number (e.g. 0.9375 "
        "shown as 93.75%) under 得分(满分100); registry CSV in GB18030 with 其他名称 split by 、; "
        "innovation + publicity (with media) + deductions in one .xls (xlwt) with real date cells",
    )
    cols = [("序号", "seq"), ("单位", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("其他名称", "alias")]
    reg = f.registry(
        cols,
        "√",
        [
            ("临颍县", "县区", ALL5, ["临颍", "漯河市临颍县"], "、"),
            ("西城区", "功能区", ZONE4, ["西城", "漯河市西城区"], "、"),
            ("市财政局", "市直单位", ["gov", "livelihood"], ["漯河市财政局", "财政局"], "、"),
            ("市民政局", "市直单位", ["village", "livelihood"], ["漯河市民政局", "民政局"], "、"),
        ],
    )
    f.csv("名单.csv", reg, "gb18030", "registry")

    def two_col(title, uh, sh, units, pct=()):
        rows = [[title, None], [uh, sh]]
        formats = {}
        for u, w in units:
            x = f.block(u, SECT, [("总分", 100)], lo=0.8, step=0.05)[("", "")][0]
            if u in pct:
                rows.append([w, round(x / 100, 4)])
                formats[(len(rows), 2)] = "0.00%"
            else:
                rows.append([w, v(x)])
        return dict(rows=rows, merges=[(1, 1, 1, 2)], formats=formats)

    sheets = []
    SECT = "party"
    sheets.append(
        two_col("2020年度阳光党务考评得分", "单位", "得分", [("临颍县", "临颍县"), ("西城区", "西城区")])
    )
    SECT = "gov"
    sheets.append(
        two_col(
            "阳光政务考评得分",
            "考评对象",
            "评分",
            [("临颍县", "临颍"), ("西城区", "西城区"), ("市财政局", "财政局")],
        )
    )
    SECT = "judicial"
    sheets.append(
        two_col("阳光司法考评结果", "单位名称", "得分(满分100)", [("临颍县", "临颍县")], pct=("临颍县",))
    )
    SECT = "village"
    sheets.append(
        two_col("阳光村务考评得分", "县区", "分数", [("临颍县", "临颍县"), ("西城区", "漯河市西城区")])
    )
    # the department's village score sits below the counties in the same sheet, after a blank row
    x = f.block("市民政局", "village", [("总分", 100)], lo=0.8)[("", "")][0]
    sheets[-1]["rows"] += [[], ["单位", "分数"], ["民政局", v(x)]]
    SECT = "livelihood"
    sheets.append(
        two_col(
            "阳光民生考评得分",
            "单位",
            "得分",
            [
                ("临颍县", "临颍县"),
                ("西城区", "西城区"),
                ("市财政局", "漯河市财政局"),
                ("市民政局", "市民政局"),
            ],
        )
    )
    for i, sh in enumerate(sheets, 1):
        sh["name"] = f"Sheet{i}"
    f.xlsx("附件2.xlsx", sheets, {f"Sheet{i}": "sector_scores" for i in range(1, 6)})

    inn = [["序号", "单位名称", "成果名称", "所属板块", "评定等次"]]
    for i, (u, w, t_, sec, r) in enumerate(
        [
            ("临颍县", "临颍县", "村务监督委员会“阳光”履职", "village", "优秀"),
            ("市民政局", "民政局", "养老服务补贴公开查询", "livelihood", "良好"),
        ],
        1,
    ):
        f.innov(u, t_, sec, r)
        inn.append([i, w, t_, SECTOR_CN[sec], r])
    pub = [["序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期"]]
    for i, (u, w, t_, lvl, media, d) in enumerate(
        [
            ("临颍县", "临颍县", "临颍县村级小微权力清单", "国家级", "人民日报", date(2020, 5, 12)),
            ("临颍县", "临颍县", "临颍县村级小微权力清单", "省级", "河南日报", date(2020, 5, 8)),
            ("西城区", "西城区", "西城区财务公开“晒”到群众家门口", "市级", "漯河日报", date(2020, 3, 3)),
            ("市财政局", "财政局", "财政预决算全面公开", "省级", "河南省财政厅网站", date(2019, 9, 26)),
        ],
        1,
    ):
        f.pub(u, t_, lvl, d.isoformat())
        pub.append([i, w, t_, lvl, media, d])
    ded = [["序号", "单位名称", "扣分类别", "文号", "日期", "事由"]]
    for i, (u, w, cat, no, d, why) in enumerate(
        [
            (
                "西城区",
                "西城区",
                "市级通报批评",
                "漯阳光建办〔2020〕21号",
                date(2020, 6, 15),
                "村务公开内容不全",
            ),
            (
                "市财政局",
                "市财政局",
                "市级通报批评",
                "漯阳光建办〔2020〕22号",
                date(2020, 6, 15),
                "专项资金公示不及时",
            ),
        ],
        1,
    ):
        f.ded(u, cat, no, d.isoformat(), why)
        ded.append([i, w, cat, no, d, why])
    f.xls(
        "附件3.xls",
        [dict(name="创新", rows=inn), dict(name="信息", rows=pub), dict(name="扣分", rows=ded)],
        {"创新": "innovation", "信息": "publicity", "扣分": "deductions"},
    )
    f.finish()


# ================================================================ office_i
def office_i():
    f = Folder(
        "office_i",
        909,
        "bonus and deduction lists whose headers say nothing about a column's role, so that only the "
        "cells tell it: publicity (title row, then 序号/单位/内容/情况/备注) with the level under 情况 "
        "(国家级/中央级/省级/市级) and real date cells under 备注, one title adopted at two levels; "
        "innovation (title row, then 序号/单位/事项/归口/意见) with the sector name (阳光党务…) under 归口 "
        "and the rating (优秀/良好/一般) under 意见; deductions CSV in UTF-8 with BOM (title row, then "
        "序号/单位/处理/依据/时间/情况) with the category under 处理, the document number (漯办〔2020〕12号) "
        "under 依据, text dates 2020/4/8 under 时间 and the reason under 情况 (情况 means the level in one "
        "file and the reason in another); ordinary registry and score sheets (five sector sheets of one "
        "xlsx, 5 and 3 raters, 抽查村, 免考); short names 经开区, 市人社局, 市中院, 召陵",
    )
    cols = [("序号", "seq"), ("单位名称", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("简称", "alias")]
    reg = f.registry(
        cols,
        "√",
        [
            ("召陵区", "县区", ALL5, ["召陵", "漯河市召陵区"], "、"),
            ("临颍县", "县区", ALL5, ["临颍", "漯河市临颍县"], "、"),
            ("经济技术开发区", "功能区", ZONE4, ["经开区", "漯河市经济技术开发区"], "、"),
            ("市委宣传部", "市委部委", ["party"], ["中共漯河市委宣传部", "宣传部"], "、"),
            (
                "市人力资源和社会保障局",
                "市直单位",
                ["gov", "livelihood"],
                ["市人社局", "漯河市人力资源和社会保障局"],
                "、",
            ),
            ("市中级人民法院", "市直单位", ["judicial"], ["市法院", "市中院"], "、"),
            ("团市委", "人民团体", ["party", "livelihood"], ["共青团漯河市委"], "、"),
        ],
    )
    t, m = title_rows("“阳光漯河”建设板块涉及单位一览表", len(cols))
    f.xlsx(
        "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx",
        [dict(name="Sheet1", rows=t + reg, merges=m)],
        "registry",
    )

    R = ["评委1", "评委2", "评委3", "评委4", "评委5"]
    party = long_table(
        f,
        "party",
        ITEMS["party5"],
        [
            dict(u="召陵区", w="召陵区", raters=R),
            dict(u="临颍县", w="临颍县", raters=R),
            dict(u="经济技术开发区", w="经开区", raters=R[:3]),
            dict(u="市委宣传部", w="中共漯河市委宣传部", raters=R[:3]),
            dict(u="团市委", w="团市委", raters=R[:3]),
        ],
        style="paren",
        unit_h="被考评单位",
        rater_h="评委",
        total_h="总分",
    )
    gov = long_table(
        f,
        "gov",
        ITEMS["gov"],
        [
            dict(u="召陵区", w="召陵区"),
            dict(u="临颍县", w="临颍县"),
            dict(u="经济技术开发区", w="经济技术开发区"),
            dict(u="市人力资源和社会保障局", w="市人社局"),
        ],
        style="cnparen",
        unit_h="单位名称",
        total_h="得分",
    )
    jud = long_table(
        f,
        "judicial",
        ITEMS["judicial"],
        [dict(u="召陵区", w="召陵区"), dict(u="临颍县", w="临颍县"), dict(u="市中级人民法院", w="市中院")],
        style="cnparen",
        unit_h="单位名称",
        total_h="得分",
    )
    vil = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(u="召陵区", w="召陵区", subs=["后谢村", "青年村"]),
            dict(u="临颍县", w="临颍县", subs=["杜曲村", "固厢村"]),
            dict(u="经济技术开发区", w="经开区", subs=["姬石村"]),
        ],
        style="cnparen",
        unit_h="单位名称",
        sub_h="抽查村",
        total_h="得分",
    )
    liv = long_table(
        f,
        "livelihood",
        ITEMS["livelihood"],
        [
            dict(u="召陵区", w="召陵区"),
            dict(u="临颍县", w="临颍"),
            dict(u="经济技术开发区", w="经济技术开发区"),
            dict(u="市人力资源和社会保障局", w="漯河市人力资源和社会保障局"),
            dict(u="团市委", w="团市委", exempt="免考"),
        ],
        style="cnparen",
        unit_h="单位名称",
        total_h="得分",
        remark_h="备注",
    )
    sheets = [
        dict(name=SECTOR_CN[c], rows=rows) for c, rows in zip(CODES, (party, gov, jud, vil, liv), strict=True)
    ]
    f.xlsx("考评得分汇总.xlsx", sheets, {SECTOR_CN[c]: "sector_scores" for c in CODES})

    # innovation: the sector under 归口, the rating under 意见
    rows = [["2020年度“阳光漯河”建设创新成果评审结果"] + [None] * 4, ["序号", "单位", "事项", "归口", "意见"]]
    for i, (u, w, t_, sec, r) in enumerate(
        [
            ("召陵区", "召陵区", "村级权力清单“码上查”", "village", "优秀"),
            ("临颍县", "临颍县", "党务公开“三级联动”机制", "party", "良好"),
            ("经济技术开发区", "经开区", "企业服务事项“一网通办”公示", "gov", "一般"),
            ("市人力资源和社会保障局", "市人社局", "社保待遇发放“明白账”", "livelihood", "优秀"),
            ("市中级人民法院", "市中院", "执行案件进度网上公开", "judicial", "良好"),
        ],
        1,
    ):
        f.innov(u, t_, sec, r)
        rows.append([i, w, t_, SECTOR_CN[sec], r])
    f.xlsx("创新成果评审结果.xlsx", [dict(name="Sheet1", rows=rows, merges=[(1, 1, 1, 5)])], "innovation")

    # publicity: the level under 情况, the date (real date cells) under 备注
    rows = [["2020年度信息和宣传工作采用情况统计"] + [None] * 4, ["序号", "单位", "内容", "情况", "备注"]]
    for i, (u, w, t_, lvl, d) in enumerate(
        [
            ("召陵区", "召陵区", "召陵区村务公开“晒”出明白账", "市级", date(2020, 2, 14)),
            ("召陵区", "召陵区", "召陵区村务公开“晒”出明白账", "省级", date(2020, 2, 20)),
            ("临颍县", "临颍县", "临颍县推进党务公开标准化", "国家级", date(2020, 5, 6)),
            ("市委宣传部", "市委宣传部", "全媒体矩阵助力政务公开", "中央级", date(2020, 4, 17)),
            ("市人力资源和社会保障局", "市人社局", "就业补贴资金发放全公开", "省级", date(2020, 3, 23)),
            ("团市委", "团市委", "青年志愿服务项目公开招募", "市级", date(2019, 12, 11)),
        ],
        1,
    ):
        f.pub(u, t_, lvl, d.isoformat())
        rows.append([i, w, t_, lvl, d])
    f.xlsx("信息宣传采用情况.xlsx", [dict(name="Sheet1", rows=rows, merges=[(1, 1, 1, 5)])], "publicity")

    # deductions: the category under 处理, the document number under 依据
    rows = [["2020年度“阳光漯河”建设扣分情况"], ["序号", "单位", "处理", "依据", "时间", "情况"]]
    for i, (u, w, cat, no, d, why) in enumerate(
        [
            ("临颍县", "临颍县", "市级通报批评", "漯办〔2020〕12号", "2020-04-08", "村务公开栏未按季度更新"),
            (
                "经济技术开发区",
                "经开区",
                "违反“阳光三权”案件",
                "漯纪通〔2020〕9号",
                "2020-05-19",
                "村集体资产处置未经民主决策",
            ),
            (
                "市人力资源和社会保障局",
                "漯河市人力资源和社会保障局",
                "诫勉",
                "漯纪〔2020〕27号",
                "2020-06-02",
                "就业补贴公示信息不完整",
            ),
            (
                "召陵区",
                "召陵",
                "省级及以上通报批评",
                "豫阳光办〔2020〕5号",
                "2020-03-16",
                "政务公开网站栏目长期空白",
            ),
        ],
        1,
    ):
        f.ded(u, cat, no, d, why)
        y, mo, dd = d.split("-")
        rows.append([i, w, cat, no, f"{y}/{int(mo)}/{int(dd)}", why])
    f.csv("扣分.csv", rows, "utf-8-sig", "deductions")
    f.finish()


# ================================================================ office_j
def office_j():
    f = Folder(
        "office_j",
        1010,
        "two-column (unit, score) score sheets whose headers say nothing, each under a title row naming "
        "its sector: 名 称/结果 (xlsx), 序号/考评范围/最终 (CSV in GB18030, numbers as text), 列1/列2 (.xls, "
        "xlwt, sheet 阳光司法), 考评范围/结果 with 免考 in the score cell (sheet of an xlsx); one ordinary "
        "village sheet with item columns and 抽查村 in the same workbook; publicity in a two-sheet workbook "
        "(采用情况 + a 说明 notes sheet with no table) under 序号/单位/项目/备注一/备注二: title under 项目, "
        "level under 备注一, text dates 2020年3月5日 under 备注二, one title at two levels; ordinary "
        "innovation list; short names 示范区, 市住建局, 市检察院",
    )
    cols = [("序号", "seq"), ("单位名称", "name"), ("类别", "cat"), *STD_SECTOR_COLS, ("简称", "alias")]
    reg = f.registry(
        cols,
        "√",
        [
            ("郾城区", "县区", ALL5, ["郾城", "漯河市郾城区"], "、"),
            ("源汇区", "县区", ALL5, ["源汇", "漯河市源汇区"], "、"),
            ("市城乡一体化示范区", "功能区", ZONE4, ["示范区", "漯河市城乡一体化示范区"], "、"),
            ("市人民检察院", "市直单位", ["judicial"], ["市检察院", "漯河市人民检察院"], "、"),
            (
                "市住房和城乡建设局",
                "市直单位",
                ["gov", "livelihood"],
                ["市住建局", "漯河市住房和城乡建设局"],
                "、",
            ),
            ("市科协", "人民团体", ["party", "livelihood"], ["漯河市科学技术协会", "市科学技术协会"], "、"),
        ],
    )
    t, m = title_rows("附件1  “阳光漯河”建设板块涉及单位一览表", len(cols))
    f.xlsx("附件1.xlsx", [dict(name="Sheet1", rows=t + reg, merges=m)], "registry")

    def two_col(sector, title, header, units, fmt_=v):
        """Title row, one header row, then (unit, score) rows; header may start with 序号.
        units: (canonical, written) or (canonical, written, 免考)."""
        width = len(header)
        rows = [[title] + [None] * (width - 1), list(header)]
        for i, spec in enumerate(units, 1):
            u, w = spec[:2]
            if len(spec) == 3:
                f.ex(u, sector)
                cell = spec[2]
            else:
                cell = fmt_(f.block(u, sector, [("总分", 100)], lo=0.8, step=0.05)[("", "")][0])
            rows.append(([i] if width == 3 else []) + [w, cell])
        return rows, [(1, 1, 1, width)]

    rows, merges = two_col(
        "party",
        "2020年度“阳光党务”考评结果",
        ["名 称", "结果"],
        [("郾城区", "郾城区"), ("源汇区", "源汇区"), ("市城乡一体化示范区", "示范区"), ("市科协", "市科协")],
    )
    f.xlsx("阳光党务.xlsx", [dict(name="Sheet1", rows=rows, merges=merges)], "sector_scores")

    rows, _ = two_col(
        "gov",
        "阳光政务考评得分",
        ["序号", "考评范围", "最终"],
        [
            ("郾城区", "郾城区"),
            ("源汇区", "源汇区"),
            ("市城乡一体化示范区", "市城乡一体化示范区"),
            ("市住房和城乡建设局", "市住建局"),
        ],
        fmt_=s,
    )
    f.csv("政务.csv", rows, "gb18030", "sector_scores")

    rows, merges = two_col(
        "judicial",
        "阳光司法考评结果",
        ["列1", "列2"],
        [("郾城区", "郾城区"), ("源汇区", "源汇区"), ("市人民检察院", "漯河市人民检察院")],
    )
    f.xls("司法.xls", [dict(name="阳光司法", rows=rows, merges=merges)], {"阳光司法": "sector_scores"})

    vil = long_table(
        f,
        "village",
        ITEMS["village"],
        [
            dict(u="郾城区", w="郾城区", subs=["裴城村", "孟庙村", "龙城村"]),
            dict(u="源汇区", w="源汇区", subs=["大刘村", "干河陈村"]),
            dict(u="市城乡一体化示范区", w="示范区", subs=["沙北村", "老窝村"]),
        ],
        style="cnparen",
        unit_h="单位名称",
        sub_h="抽查村",
        total_h="得分",
    )
    t, m = title_rows("阳光村务考评得分表", len(vil[0]))
    liv, liv_m = two_col(
        "livelihood",
        "阳光民生考评得分",
        ["考评范围", "结果"],
        [
            ("郾城区", "郾城区"),
            ("源汇区", "源汇区"),
            ("市城乡一体化示范区", "示范区"),
            ("市住房和城乡建设局", "漯河市住房和城乡建设局"),
            ("市科协", "市科协", "免考"),
        ],
    )
    f.xlsx(
        "附件2.xlsx",
        [dict(name="村务", rows=t + vil, merges=m), dict(name="民生", rows=liv, merges=liv_m)],
        {"村务": "sector_scores", "民生": "sector_scores"},
    )

    rows = [["序号", "单位名称", "成果名称", "所属板块", "等级"]]
    for i, (u, w, t_, sec, r) in enumerate(
        [
            ("郾城区", "郾城区", "村级小微权力“明白卡”", "village", "优秀"),
            ("市住房和城乡建设局", "市住建局", "住房保障分配全过程公开", "livelihood", "良好"),
            ("市人民检察院", "市检察院", "检察听证全程公开", "judicial", "优秀"),
        ],
        1,
    ):
        f.innov(u, t_, sec, r)
        rows.append([i, w, t_, SECTOR_CN[sec], r])
    f.xlsx("创新成果.xlsx", [dict(name="Sheet1", rows=rows)], "innovation")

    # publicity: two sheets, the table (项目/备注一/备注二) and a 说明 sheet with notes only
    rows = [["2020年度信息和宣传工作采用情况"] + [None] * 4, ["序号", "单位", "项目", "备注一", "备注二"]]
    for i, (u, w, t_, lvl, d) in enumerate(
        [
            ("郾城区", "郾城区", "郾城区村务公开微信群全覆盖", "市级", date(2020, 3, 5)),
            ("郾城区", "郾城", "郾城区村务公开微信群全覆盖", "省级", date(2020, 3, 12)),
            ("源汇区", "源汇区", "源汇区政务服务“好差评”结果公开", "市级", date(2020, 1, 17)),
            ("市住房和城乡建设局", "市住建局", "保障性住房分配结果公示", "中央级", date(2020, 6, 9)),
            ("市科协", "市科协", "科普惠农资金使用情况公开", "省级", date(2019, 11, 25)),
            ("市人民检察院", "市检察院", "检务公开“开放日”活动", "国家级", date(2020, 5, 28)),
        ],
        1,
    ):
        f.pub(u, t_, lvl, d.isoformat())
        rows.append([i, w, t_, lvl, f"{d.year}年{d.month}月{d.day}日"])
    notes = [
        ["填表说明"],
        ["1.本表由各单位据实填报，经市阳光办审核汇总。"],
        ["2.同一信息被多家媒体采用的，按最高级别计分，不重复计分。"],
        ["3.请勿改动表格格式。"],
    ]
    f.xlsx(
        "信息宣传工作.xlsx",
        [dict(name="采用情况", rows=rows, merges=[(1, 1, 1, 5)]), dict(name="说明", rows=notes)],
        {"采用情况": "publicity", "说明": "notes"},
    )
    f.finish()


# ================================================================ planted_errors
def planted_errors():
    if (HERE / "planted_errors").exists():
        shutil.rmtree(HERE / "planted_errors")
    d = HERE / "planted_errors" / "raw"
    d.mkdir(parents=True)
    # registry: every unit takes part in 阳光党务 only, so that nothing else is missing
    cols = ["序号", "单位名称", "类别", *SECTOR_CN.values(), "简称"]
    units = [
        ("临颍县", "县区", "临颍"),
        ("西城区", "功能区", "西城"),
        ("市委组织部", "市委部委", "中共漯河市委组织部"),
        ("市妇联", "人民团体", "漯河市妇联"),
    ]
    reg = [cols] + [[i, u, c, "√", None, None, None, None, a] for i, (u, c, a) in enumerate(units, 1)]
    save_xlsx(d / "一览表.xlsx", [dict(name="Sheet1", rows=reg)])

    # score sheet: title row, two-row header with merged 考评内容, unit cells merged over rater rows, no total
    items = ITEMS["party"]
    H = [hdr(n, mx, "cnparen") for n, mx in items]
    rows = [
        ["阳光党务考评打分表"] + [None] * 7,
        ["序号", "考评对象", "打分人", "考评内容", None, None, None, "备注"],
        [None, None, None, *H, None],
    ]
    merges = [(1, 1, 1, 8), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 3, 3), (2, 4, 2, 7), (2, 8, 3, 8)]
    errors_xl = []
    body = [
        # row 4-6: 临颍县, 3 raters; row 5 has 公开形式 = 23 (> 20); row 6 has 公开内容 = "良好"
        [1, "临颍县", "甲", 18, 36, 17, 18, None],
        [None, None, "乙", 17.5, 35, 23, 17, None],
        [None, None, "丙", 19, "良好", 18, 18.5, None],
        # row 7: 西城区, one agreed row, no scores at all and not marked 免考
        [2, "西城区", None, None, None, None, None, None],
        # row 8: 市科技局 is not in the registry
        [3, "市科技局", None, 17, 34, 16, 17, None],
        # row 9-10: 中共漯河市委组织部, 2 raters; row 10 监督评议 is #DIV/0!
        [4, "中共漯河市委组织部", "甲", 19, 37, 18, 18, None],
        [None, None, "乙", 18.5, 36.5, 17.5, None, None],
        # row 11: 市妇联 fine
        [5, "漯河市妇联", None, 17, 33.5, 16.5, 17, None],
    ]
    rows += body
    merges += [(4, 1, 6, 1), (4, 2, 6, 2), (9, 1, 10, 1), (9, 2, 10, 2)]
    errors_xl.append((10, 7, "#DIV/0!"))
    save_xlsx(d / "附件2.xlsx", [dict(name="Sheet1", rows=rows, merges=merges, errors=errors_xl)])
    exp = {
        "errors": [
            {
                "file": "附件2.xlsx",
                "row": 5,
                "column": H[2],
                "what": "score 23 above the item maximum 20 (临颍县, rater 乙)",
            },
            {
                "file": "附件2.xlsx",
                "row": 6,
                "column": H[1],
                "what": "text '良好' where a number belongs (临颍县, rater 丙)",
            },
            {
                "file": "附件2.xlsx",
                "row": 7,
                "column": "考评对象",
                "what": "participating unit 西城区 has no score "
                "(all item cells blank, not marked 免考/不参加)",
            },
            {
                "file": "附件2.xlsx",
                "row": 8,
                "column": "考评对象",
                "what": "unknown unit name 市科技局 (not in the registry)",
            },
            {
                "file": "附件2.xlsx",
                "row": 10,
                "column": H[3],
                "what": "Excel error value #DIV/0! in a score cell (市委组织部, rater 乙)",
            },
        ],
        "notes": "planted errors in a two-row merged header sheet with unit cells merged over rater "
        "rows; the registry lists only 阳光党务 for every unit so that no other sector is missing",
        "files": {"一览表.xlsx": "registry", "附件2.xlsx": "sector_scores"},
    }
    text = json.dumps(exp, ensure_ascii=False, indent=1) + "\n"
    (d.parent / "expected.json").write_text(text, encoding="utf-8")


# ================================================================ check
def check() -> None:
    """Read every written file back and print its shape (for humans)."""
    import warnings

    import pandas as pd

    warnings.simplefilter("ignore")
    try:
        import xlrd  # noqa: F401  (only needed to read real .xls back)

        have_xlrd = True
    except ImportError:
        have_xlrd = False
    total = 0
    for p in sorted(HERE.rglob("*")):
        if not p.is_file() or p.name in ("make_unseen.py", "README.md"):
            continue
        total += p.stat().st_size
        rel = p.relative_to(HERE)
        if p.name == "expected.json":
            json.loads(p.read_text(encoding="utf-8"))
            continue
        head = p.read_bytes()[:6]
        if head.startswith(b"<html"):
            enc = "gbk" if b"charset=gbk" in p.read_bytes()[:300] else "utf-8"
            dfs = pd.read_html(io.StringIO(p.read_bytes().decode(enc)))
            print(rel, "html", [df.shape for df in dfs])
        elif p.suffix == ".xlsx":
            wb = openpyxl.load_workbook(p)
            print(
                rel,
                "xlsx",
                [(ws.title, ws.max_row, ws.max_column) for ws in wb.worksheets],
                wb.properties.created,
            )
            pd.read_excel(p, sheet_name=None, header=None, engine="openpyxl")
        elif p.suffix == ".xls":
            if have_xlrd:
                sh = pd.read_excel(p, sheet_name=None, header=None, engine="xlrd")
                print(rel, "xls", {k: df.shape for k, df in sh.items()})
            else:
                assert head.startswith(b"\xd0\xcf\x11\xe0"), rel
                print(rel, "xls (BIFF, xlrd not installed: not parsed)")
        elif p.suffix == ".csv":
            raw = p.read_bytes()
            enc = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else None
            if enc is None:
                try:
                    raw.decode("utf-8")
                    enc = "utf-8"
                except UnicodeDecodeError:
                    enc = "gb18030"
            df = pd.read_csv(io.BytesIO(raw), encoding=enc, header=None, dtype=str, keep_default_na=False)
            print(rel, "csv", enc, df.shape)
    print(f"total size of data files: {total} bytes")
    assert total < 1_000_000


def main() -> None:
    for fn in (
        office_a,
        office_b,
        office_c,
        office_d,
        office_e,
        office_f,
        office_g,
        office_h,
        office_i,
        office_j,
        planted_errors,
    ):
        fn()
    print("written:", ", ".join(sorted(p.name for p in HERE.iterdir() if p.is_dir())))
    if "--check" in sys.argv:
        check()


if __name__ == "__main__":
    main()
