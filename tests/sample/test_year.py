"""The sample-data generator: templates present, scores consistent, output reproducible."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pandas as pd
import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import load_year
from sunshine_analysis.ingest.read import read_sheets
from sunshine_analysis.ingest.recognise import recognise_sheet
from sunshine_analysis.ingest.tables import sheet_table
from sunshine_analysis.outputs.write import contract_tables
from sunshine_analysis.sample import demo_units, non_whitespace_length, write_demo_year
from sunshine_analysis.scoring.run import score_folder

SECTOR_NAMES = ["阳光党务", "阳光政务", "阳光司法", "阳光村务", "阳光民生"]
LEADS = {
    "阳光党务": "市委组织部",
    "阳光政务": "市政府办公室",
    "阳光司法": "市委政法委",
    "阳光村务": "市纪委监委",
    "阳光民生": "市发展改革委",
}
AREAS = ["临颍县", "舞阳县", "源汇区", "郾城区", "召陵区", "经济技术开发区", "市城乡一体化示范区", "西城区"]


RULES = load_rules(year=2020)


@pytest.fixture(scope="module")
def year2020(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The committed sample's layout: each sector sheet in a different real-world layout."""
    out = tmp_path_factory.mktemp("demo") / "2020"
    return out, write_demo_year(2020, out, seed=2020)


@pytest.fixture(scope="module")
def standard2020(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The same year in the office's standard templates."""
    out = tmp_path_factory.mktemp("standard") / "2020"
    return out, write_demo_year(2020, out, seed=2020, layout="standard")


def _table(path: Path) -> tuple[list[str], list[tuple]]:
    """Header and data rows of the first sheet as the project reads them (title, 合计 and note
    rows left out); empty cells are None, dates datetime.date."""
    (sheet, *_) = read_sheets(path)
    table = sheet_table(sheet, recognise_sheet(sheet).header).drop(columns="source_row")
    rows = [tuple(None if v == "" else v for v in row) for row in table.itertuples(index=False)]
    return list(table.columns), rows


def _score_sheets(folder: Path) -> dict[str, Path]:
    """Sector name → its score sheet, whatever the file's format."""
    return {
        sector: next(folder.glob(f"{sector}考评得分汇总表（{lead}报）.*")) for sector, lead in LEADS.items()
    }


def _summary_text(path: Path) -> str:
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


def test_every_template_is_written(standard2020: tuple[Path, list[Path]]) -> None:
    out, written = standard2020
    assert written == sorted(written)
    assert sorted(p for p in out.rglob("*") if p.is_file()) == written
    top = {p.name for p in out.iterdir() if p.is_file()}
    assert "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx" in top
    for sector, lead in LEADS.items():
        assert f"{sector}考评得分汇总表（{lead}报）.xlsx" in top
    others = (
        "创新成果考评结果汇总表",
        "信息和宣传工作采用情况统计表",
        "扣分情况汇总表",
        "材料报送登记表",
        "整改情况登记表",
    )
    for name in others:
        assert f"{name}.xlsx" in top
    assert len(list((out / "规范提升情况表").glob("*规范提升情况表.xlsx"))) >= 50
    summaries = list((out / "工作总结").iterdir())
    assert {p.suffix for p in summaries} == {".docx", ".txt"}
    assert sorted(p.name for p in (out / "实地考评抽样框").iterdir()) == sorted(
        f"{name}抽样框.xlsx" for name in AREAS
    )


def test_headers_follow_the_templates(standard2020: tuple[Path, list[Path]]) -> None:
    out, _ = standard2020
    expected = {
        "创新成果考评结果汇总表.xlsx": ["序号", "单位名称", "成果名称", "所属板块", "评定等次"],
        "信息和宣传工作采用情况统计表.xlsx": [
            "序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期",
        ],
        "扣分情况汇总表.xlsx": ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"],
        "材料报送登记表.xlsx": ["序号", "单位名称", "材料", "报送日期"],
        "实地考评抽样框/临颍县抽样框.xlsx": [
            "序号", "类型", "名称", "所属乡镇", "行政审批职能", "便民服务中心",
        ],
        "规范提升情况表/临颍县规范提升情况表.xlsx": ["序号", "板块", "台账事项", "完成情况", "备注"],
        "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx": [
            "序号", "单位名称", "类别", *SECTOR_NAMES, "别名",
        ],
    }  # fmt: skip
    for name, header in expected.items():
        assert _table(out / name)[0] == header, name
    party, _ = _table(out / "阳光党务考评得分汇总表（市委组织部报）.xlsx")
    assert party[:3] == ["序号", "被考评单位", "抽查单位"] and party[-2:] == ["总分", "备注"]
    gov, _ = _table(out / "阳光政务考评得分汇总表（市政府办公室报）.xlsx")
    assert gov[:3] == ["序号", "被考评单位", "评分人"]


def test_registry_counts(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    _, rows = _table(out / "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx")
    kinds = Counter(row[2] for row in rows)
    assert kinds == {"县区": 5, "功能区": 3, "市委部委": 13, "市直单位": 28, "人民团体": 10}
    by_name = {row[1]: row for row in rows}
    assert by_name["漯河市中级人民法院"][3:8] == (None, None, "√", None, None)
    assert by_name["市民政局"][3:8] == (None, None, None, "√", "√")
    assert by_name["临颍县"][3:8] == ("√",) * 5
    assert "市法院" in by_name["漯河市中级人民法院"][8].split("、")
    # 2019 differs: one unit joined in 2020, another left after 2019.
    names_2019 = {u.name for u in demo_units(2019)}
    assert "市委巡察办" in by_name and "市委巡察办" not in names_2019
    assert "市粮食和物资储备局" not in by_name and "市粮食和物资储备局" in names_2019


def test_townships_total_58(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    townships = 0
    for frame in (out / "实地考评抽样框").iterdir():
        _, rows = _table(frame)
        kinds = Counter(row[1] for row in rows)
        townships += kinds["乡镇"]
        assert all(row[5] == "是" for row in rows if row[1] == "乡镇")
        villages = Counter(row[3] for row in rows if row[1] == "村")
        assert min(villages.values()) >= 3 and max(villages.values()) <= 6
        if frame.name in ("临颍县抽样框.xlsx", "舞阳县抽样框.xlsx"):
            approvals = [row for row in rows if row[1] == "县直部门" and row[4] == "是"]
            assert 8 <= kinds["党委部门"] <= 12 and 15 <= kinds["县直部门"] <= 25
            assert len(approvals) >= 4
    assert townships == 58


def test_standard_totals_add_up(standard2020: tuple[Path, list[Path]]) -> None:
    out, _ = standard2020
    exempt = []
    for sector, path in _score_sheets(out).items():
        header, rows = _table(path)
        assert path.suffix == ".xlsx"
        (sheet,) = read_sheets(path)
        assert sheet.rows[0][:2] == ["序号", "被考评单位"]  # the header is row 1
        items = {i: int(m[1]) for i, h in enumerate(sheet.rows[0]) if (m := re.search(r"\((\d+)分\)$", h))}
        assert 4 <= len(items) <= 6 and sum(items.values()) == 100
        total, note = header.index("总分"), header.index("备注")
        for row in rows:
            if row[note] == "免考":
                exempt.append((row[1], sector))
                assert all(row[i] is None for i in items) and row[total] is None
                continue
            assert abs(sum(row[i] for i in items) - row[total]) < 0.005
    assert len(exempt) == 1


@pytest.fixture(scope="module")
def loaded2020(year2020: tuple[Path, list[Path]]):
    out, _ = year2020
    inputs = load_year(out, RULES, year=2020)
    return inputs, dict(zip(inputs.units["unit_name"], inputs.units["unit_id"], strict=True))


def test_scores_within_maxima(loaded2020) -> None:
    inputs, _ = loaded2020
    items = inputs.item_scores
    assert (items["score"] >= 0).all() and (items["score"] <= items["max_score"]).all()
    tenths = items["score"] * 10
    assert ((tenths - tenths.round()).abs() < 1e-9).all()  # one decimal at most
    maxima = items.drop_duplicates(["sector", "item"]).groupby("sector")["max_score"].sum()
    assert (maxima == 100).all() and len(maxima) == 5
    # the judicial sheet gives only each rater's total
    assert set(items.loc[items["sector"] == "judicial", "item"]) == {"总分"}
    assert len(inputs.exemptions) == 1


def test_raters_and_sampled_sub_units(loaded2020) -> None:
    inputs, ids = loaded2020
    items = inputs.item_scores

    def per_unit(sector: str, column: str) -> pd.Series:
        return items[items["sector"] == sector].groupby("unit_id")[column].nunique()

    assert set(per_unit("gov", "rater")) == {5}
    assert set(per_unit("judicial", "rater")) == {3}
    assert set(items.loc[items["sector"] == "judicial", "rater"]) == {"赵永军", "孙丽娟", "周海涛"}
    village = per_unit("village", "sub_unit")
    assert village[ids["临颍县"]] == 6 and village[ids["西城区"]] == 3 and village[ids["市民政局"]] == 1
    party = per_unit("party", "sub_unit")
    assert party[ids["舞阳县"]] == 4 and party[ids["经济技术开发区"]] == 2 and party[ids["团市委"]] == 1


def test_each_sector_sheet_in_its_own_layout(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    sheets = _score_sheets(out)
    assert sorted(p.suffix for p in sheets.values()) == [".csv", ".xls", ".xlsx", ".xlsx", ".xlsx"]
    csv_bytes = sheets["阳光村务"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        csv_bytes.decode("utf-8")
    assert "抽查村（居）" in csv_bytes.decode("gb18030")
    texts = {}
    for sector, path in sheets.items():
        (sheet,) = read_sheets(path)
        rec = recognise_sheet(sheet)
        assert rec.kind == "score_sheet" and rec.header.first_row > 0, sector  # a title above
        texts[sector] = [str(c) for row in sheet.rows for c in row]
    party = texts["阳光党务"]
    assert "合计" in party and any(t.startswith("注：") for t in party) and "组织领导（１５分）" in party
    assert any(re.fullmatch(r"[０-９]+(．[０-９])?", t) for t in party)  # full-width digits
    assert "分值" in texts["阳光政务"] and "满分" in texts["阳光民生"]
    assert "不参加" in texts["阳光民生"]
    spellings = set()
    for path in sheets.values():
        (sheet,) = read_sheets(path)
        header = recognise_sheet(sheet).header
        spellings |= set(sheet_table(sheet, header)[header.column("unit")])
    units = demo_units(2020)
    aliases = {a for u in units for a in u.aliases}
    assert spellings & aliases  # short forms (临颍, 市法院 …)
    assert any(s.startswith("中共漯河市委") for s in spellings)
    assert any(s.startswith("漯河市") and s not in aliases for s in spellings)
    assert any(re.fullmatch(r"\S \S \S", s) for s in spellings)  # stray spaces inside names
    assert len(spellings - {u.name for u in units}) >= 10


def test_layouts_give_the_same_scores(
    year2020: tuple[Path, list[Path]], standard2020: tuple[Path, list[Path]]
) -> None:
    tables = []
    for out, _ in (year2020, standard2020):
        inputs, scores = score_folder(out, year=2020)
        tables.append(contract_tables(inputs, scores))
    varied, standard = tables
    for name in ("composite.csv", "sector_scores.csv", "units.csv"):
        pd.testing.assert_frame_equal(varied[name], standard[name], obj=name)
    assert len(varied["composite.csv"]) == 59


def test_2020_innovation_has_13_excellent(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    _, registry = _table(out / "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx")
    sectors_of = {
        row[1]: {s for s, mark in zip(SECTOR_NAMES, row[3:8], strict=True) if mark} for row in registry
    }
    _, rows = _table(out / "创新成果考评结果汇总表.xlsx")
    excellent = Counter(row[3] for row in rows if row[4] == "优秀")
    assert excellent == {"阳光村务": 6, "阳光政务": 3, "阳光党务": 2, "阳光司法": 1, "阳光民生": 1}
    assert {row[4] for row in rows} == {"优秀", "良好", "一般"}
    assert all(row[3] in sectors_of[row[1]] for row in rows)


def test_publicity_has_repeats_and_a_capped_unit(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    _, rows = _table(out / "信息和宣传工作采用情况统计表.xlsx")
    assert 100 <= len(rows) <= 200
    assert {row[3] for row in rows} == {"国家级", "中央级", "省级", "市级"}
    assert all(isinstance(row[5], dt.date) and row[5].year == 2020 for row in rows)
    points = {"国家级": 1.0, "中央级": 1.0, "省级": 0.5, "市级": 0.2}
    best: dict[tuple[str, str], float] = {}
    for row in rows:
        best[row[1], row[2]] = max(best.get((row[1], row[2]), 0.0), points[row[3]])
    assert sum(1 for n in Counter((r[1], r[2]) for r in rows).values() if n > 1) >= 3
    per_unit = Counter()
    for (unit, _), value in best.items():
        per_unit[unit] += value
    assert max(per_unit.values()) > 3.0


def test_deductions(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    _, rows = _table(out / "扣分情况汇总表.xlsx")
    assert 4 <= len(rows) <= 8
    assert {row[2] for row in rows} == {
        "市级通报批评", "省级及以上通报批评", "诫勉", "组织处理", "违反“阳光三权”案件",
    }  # fmt: skip
    assert all(re.fullmatch(r"\S+〔2020〕\d+号", row[3]) for row in rows)


def test_summaries_and_submission_log(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    lengths = {}
    for path in (out / "工作总结").iterdir():
        name = path.name.removesuffix(path.suffix).removesuffix("工作总结")
        lengths[name] = non_whitespace_length(_summary_text(path))
    units = {u.name: u for u in demo_units(2020)}
    limit = {name: 3000 if units[name].is_area else 2500 for name in lengths}
    assert len(units) - len(lengths) == 2  # two summaries missing
    assert sum(lengths[n] > limit[n] for n in lengths) == 2
    assert any(lengths[n] == 3000 and units[n].kind == "county" for n in lengths)
    _, log = _table(out / "材料报送登记表.xlsx")
    submitted = {row[1] for row in log if row[2] == "工作总结"}
    assert submitted == set(lengths)
    late = {row[1] for row in log if row[3] > dt.date(2020, 6, 15)}
    assert len(late) == 2


def test_status_tables_have_some_poor_units(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    poor = 0
    for path in (out / "规范提升情况表").iterdir():
        _, rows = _table(path)
        assert 10 <= len(rows) <= 20
        states = Counter(row[3] for row in rows)
        assert set(states) <= {"已完成", "推进中", "未完成"}
        poor += states["未完成"] >= 3
    assert poor >= 2


def test_register_answers_the_notices(year2020: tuple[Path, list[Path]]) -> None:
    # The 2020 notices with ledger items (rules' [supervision] shares on the status tables):
    # 市教育局 7 items, 市公安局 6, 漯河市中级人民法院 5; 市退役军人事务局 sent no status table
    # (a notice without items). 市公安局 and 市退役军人事务局 did not answer.
    out, _ = year2020
    header, rows = _table(out / "整改情况登记表.xlsx")
    assert header == ["序号", "单位名称", "板块", "台账事项", "整改情况", "整改日期", "备注"]
    assert Counter(row[1] for row in rows) == {"市教育局": 7, "漯河市中级人民法院": 5}
    assert Counter(row[4] for row in rows) == {"已整改": 9, "整改中": 2, "未整改": 1}
    for row in rows:
        dated = row[4] == "已整改"
        assert (row[5] is not None) == dated and (row[6] is None) == dated
        assert not dated or dt.date(2020, 6, 20) <= row[5] <= dt.date(2020, 7, 5)
    from sunshine_analysis.fieldwork.supervision import rectification_check, rectification_progress

    table, warnings = rectification_check(out, RULES, 2020)
    assert warnings.empty and table["listed"].all()
    progress = rectification_progress(table).set_index("unit_name")
    assert progress.loc["市公安局", ["items", "not_reported"]].tolist() == [6, 6]
    assert progress["not_reported"].sum() == 6


def test_docx_is_small_and_opens(year2020: tuple[Path, list[Path]]) -> None:
    out, _ = year2020
    path = next((out / "工作总结").glob("*.docx"))
    assert path.stat().st_size < 40_000  # python-docx's default template, as Word writes them
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert paragraphs[0].endswith("工作总结")
    # Sections as the units write them: 主要做法 … 下一步打算, numbered in one of several styles.
    assert any(p.endswith(("主要做法", "主要工作及做法", "工作开展情况")) for p in paragraphs)
    assert any("下一步" in p or "努力方向" in p for p in paragraphs)


def test_folder_is_small(year2020: tuple[Path, list[Path]]) -> None:
    _, written = year2020
    assert sum(p.stat().st_size for p in written) < 3_000_000


def test_same_seed_gives_identical_bytes(year2020: tuple[Path, list[Path]], tmp_path: Path) -> None:
    first_dir, first = year2020
    second = write_demo_year(2020, tmp_path / "again", seed=2020)
    assert [p.relative_to(tmp_path / "again") for p in second] == [p.relative_to(first_dir) for p in first]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_sample_is_current(year2020: tuple[Path, list[Path]]) -> None:
    """data/raw/2020 holds what ``sunshine demo-data 2020 … --seed 2020`` writes (by content)."""
    committed = paths.raw_dir(2020)
    if not committed.is_dir():
        pytest.skip("no committed sample year")
    out, written = year2020
    assert sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file()) == [
        p.relative_to(out) for p in written
    ]
    for path in written:
        other = committed / path.relative_to(out)
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as a, zipfile.ZipFile(other) as b:
                assert a.namelist() == b.namelist()
                assert all(a.read(n) == b.read(n) for n in a.namelist()), path.name
        else:
            assert path.read_bytes() == other.read_bytes()


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("占用", encoding="utf-8")
    with pytest.raises(ValueError):
        write_demo_year(2020, tmp_path, seed=1)


def test_committed_years_are_continuous() -> None:
    """A unit's composite moves a few points from 2019 to 2020, as real units do.

    The generator keeps a unit's quality from year to year; what moves a typical unit is the
    yearly noise (about 1.5 points of composite a year, so about 2 points between two years)
    plus a point or two of bonus and deduction swing: the median |change| stays near 2, and
    4 leaves room. The largest changes are a bad year (at most 7 points below the unit's
    level) or a tied pair meeting halfway (at most 9: half the 0.77–0.95 spread of quality),
    plus that noise and swing; beyond 12 a unit has jumped like independent yearly draws,
    which made the median about 5 and the largest change over 20.
    """
    composites = []
    for year in (2019, 2020):
        if not paths.raw_dir(year).is_dir():
            pytest.skip("no committed sample years")
        inputs, scores = score_folder(paths.raw_dir(year), year=year)
        composite = contract_tables(inputs, scores)["composite.csv"]
        composites.append(composite.set_index("unit_id")["composite"].astype(float))
    before, after = composites
    change = (after - before).dropna().abs()
    assert len(change) == len(before) - 1  # one unit left after 2019, one joined in 2020
    assert change.median() <= 4
    assert change.max() <= 12
