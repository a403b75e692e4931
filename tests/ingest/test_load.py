"""The ingest end to end: a clean year loads; one run reports every planted error; nothing is written."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from sunshine_analysis.cli import main
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year, load_year
from sunshine_analysis.ingest.names import UnitIndex
from sunshine_analysis.ingest.normalise import normalise_text, parse_item_header, parse_number

RULES = load_rules(year=2020)


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_tiny_year_loads_with_every_kind(tiny_year: Path) -> None:
    inputs = load_year(tiny_year, RULES)
    kinds = dict(zip(inputs.manifest["path"], inputs.manifest["kind"], strict=True))
    assert kinds["阳光政务考评得分汇总表（市政府办公室报）.xlsx"] == "score_sheet"
    assert kinds["扣分情况汇总表.xlsx"] == "deductions"
    # 临颍县 in 政务: 5 raters × 2 items
    gov = inputs.item_scores[(inputs.item_scores["sector"] == "gov")]
    assert len(gov) == 10 and set(gov["rater"]) == {"甲", "乙", "丙", "丁", "戊"}
    assert inputs.exemptions[["sector", "mark"]].values.tolist() == [["gov", "免考"]]
    assert inputs.publicity["unit_id"].tolist() == ["linyingxian"] * 3  # 临颍 resolved


def _plant_errors(folder: Path) -> None:
    """One of each problem of the issue's point 5, across three files (rows as Excel shows them)."""
    write_xlsx(
        folder / "阳光党务考评得分汇总表（市委组织部报）.xlsx",
        [
            ["序号", "被考评单位", "抽查单位", "组织领导(40分)", "公开内容(60分)", "总分", "备注"],
            [1, "临颍县", "县委组织部", 41, 54, 95, ""],  # row 2: above the maximum
            [2, "临颍县", "县民政局", "#DIV/0!", 50, 88, ""],  # row 3: Excel error value
            [3, "西城区", "", 35.5, 52, 87.5, ""],
            [4, "市委组织部", "", 38, 57, 95, ""],
            [5, "市总工会", "", 35.36, 54, 89.36, ""],
            [6, "临颖县", "", 30, 50, 80, ""],  # row 7: unknown unit (typo), 市妇联 not scored
        ],
    )
    write_xlsx(
        folder / "阳光政务考评得分汇总表（市政府办公室报）.xlsx",
        [
            ["序号", "被考评单位", "评分人", "组织领导(50分)", "办事服务(50分)", "总分", "备注"],
            [1, "临颍县", "甲", 45, 45, 91, ""],  # row 2: items do not add up
            [2, "临颍县", "乙", "四十", 45, 85, ""],  # row 3: text where a number belongs
            [3, "临颍县", "丙", -1, 44, 43, ""],  # row 4: below 0
            [4, "临颍县", "甲", 35, 35, 70, ""],  # row 5: rater 甲 twice
            [5, "西城区", "", None, None, None, "免考"],
        ],
    )
    write_xlsx(
        folder / "阳光村务考评得分汇总表（市纪委监委报）.xlsx",
        [
            ["序号", "被考评单位", "组织领导(20分)", "公开情况(80分)", "总分", "备注"],
            [1, "市民政局", 17.5, 71, 88.5, ""],
            [2, "市委组织部", 10, 70, 80, ""],  # row 3: not in 村务
        ],
    )


PLANTED = [
    ("阳光党务考评得分汇总表（市委组织部报）.xlsx", 2, "组织领导", "分值超过该项满分"),
    ("阳光党务考评得分汇总表（市委组织部报）.xlsx", 3, "组织领导", "Excel 错误值"),
    ("阳光党务考评得分汇总表（市委组织部报）.xlsx", 7, "被考评单位", "无法对应到单位一览表"),
    ("阳光政务考评得分汇总表（市政府办公室报）.xlsx", 2, "总分", "各项得分之和与总分不一致"),
    ("阳光政务考评得分汇总表（市政府办公室报）.xlsx", 3, "组织领导", "分值不是数字"),
    ("阳光政务考评得分汇总表（市政府办公室报）.xlsx", 4, "组织领导", "分值为负数"),
    ("阳光政务考评得分汇总表（市政府办公室报）.xlsx", 5, "被考评单位", "重复评分"),
    ("阳光村务考评得分汇总表（市纪委监委报）.xlsx", 3, None, "不参加该板块"),
]


def test_one_run_reports_every_planted_error(tiny_year: Path) -> None:
    _plant_errors(tiny_year)
    problems = check_year(tiny_year, RULES).problems.to_frame()
    for file, row, column, message in PLANTED:
        hit = problems[(problems["file"] == file) & (problems["row"] == row)]
        hit = hit[hit["message"].str.contains(message)]
        assert len(hit) == 1, (file, row, message, problems.to_string())
        if column:
            assert hit["column"].item() == column
    assert "临颍县" in problems.loc[problems["found"] == "临颖县", "expected"].item()  # suggestion
    missing = problems[
        problems["message"].str.contains("市妇联") & problems["message"].str.contains("没有任何评分")
    ]
    assert len(missing) == 1
    assert problems.loc[problems["row"] == 3, "found"].str.contains("#DIV/0!").any()


def test_cli_validate_exits_1_and_score_writes_nothing(tiny_year: Path, tmp_path: Path, capsys) -> None:
    _plant_errors(tiny_year)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tiny_year.rglob("*") if p.is_file()}
    assert main(["validate", str(tiny_year)]) == 1
    captured = capsys.readouterr()
    assert (
        "阳光政务考评得分汇总表（市政府办公室报）.xlsx［Sheet］ → 板块考评得分表（阳光政务）" in captured.out
    )
    assert "第 4 行，列「组织领导」：分值为负数" in captured.err
    out = tmp_path / "out"
    assert main(["score", str(tiny_year), "--out", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tiny_year.rglob("*") if p.is_file()}
    assert after == before  # raw files never modified


def test_cli_validate_names_every_kind_and_skips_litter(tiny_year: Path, capsys) -> None:
    (tiny_year / "~$阳光党务考评得分汇总表.xlsx").write_bytes(b"lock")
    (tiny_year / ".DS_Store").write_bytes(b"\x00")
    assert main(["validate", str(tiny_year)]) == 0
    out = capsys.readouterr().out
    assert "~$阳光党务考评得分汇总表.xlsx → 跳过" in out and ".DS_Store → 跳过" in out
    assert "创新成果考评结果汇总表.xlsx［Sheet］ → 创新成果" in out


def test_unplaceable_and_ambiguous_files_list_candidates(tiny_year: Path) -> None:
    write_xlsx(tiny_year / "说明.xlsx", [["各单位："], ["请按时报送。"]])
    write_xlsx(
        tiny_year / "汇总.xlsx",
        [
            ["序号", "单位名称", "成果名称", "评定等次", "信息标题", "采用级别"],
            [1, "临颍县", "a", "优秀", "b", "省级"],
        ],
    )
    (tiny_year / "扫描件.pdf").write_bytes(b"%PDF-1.4")
    problems = check_year(tiny_year, RULES).problems.to_frame().set_index("file")
    assert "无法识别是哪种材料" in problems.loc["说明.xlsx", "message"]
    assert problems.loc["汇总.xlsx", "found"] == "创新成果、信息和宣传工作"
    assert problems.loc["扫描件.pdf", "message"] == "无法识别的文件类型"


def test_sample_year_validates() -> None:
    from sunshine_analysis.config import paths

    result = check_year(paths.raw_dir(2020), RULES)
    assert not result.problems, result.problems.to_frame().to_string()
    placed = result.manifest[result.manifest["kind"] != "skipped"]
    assert set(placed["kind"]) >= {"registry", "score_sheet", "innovation", "publicity", "deductions"}
    assert set(placed.loc[placed["kind"] == "score_sheet", "sector"]) == {
        "party",
        "gov",
        "judicial",
        "village",
        "livelihood",
    }


# --- unit names ----------------------------------------------------------------------

UNITS = pd.DataFrame(
    {
        "unit_id": ["lyx", "zzb", "fy", "jcy", "mzj", "jkq"],
        "unit_name": [
            "临颍县",
            "市委组织部",
            "漯河市中级人民法院",
            "漯河市人民检察院",
            "市民政局",
            "经济技术开发区",
        ],
        "aliases": [[], [], [], [], ["民政局"], []],
    }
)


@pytest.mark.parametrize(
    ("spelling", "unit_id"),
    [
        ("临颍", "lyx"), ("临 颍 县", "lyx"), ("临颍县人民政府", "lyx"), ("中共临颍县委", None),
        ("中共漯河市委组织部", "zzb"), ("漯河市委组织部", "zzb"), ("组织部", "zzb"),
        ("市法院", "fy"), ("漯河市中院", None), ("市检察院", "jcy"), ("漯河市民政局", "mzj"),
        ("民政局", "mzj"), ("经开区", "jkq"), ("漯河经济技术开发区", "jkq"), ("舞阳县", None),
    ],
)  # fmt: skip
def test_unit_spellings_resolve(spelling: str, unit_id: str | None) -> None:
    assert UnitIndex(UNITS).resolve(spelling) == unit_id


def test_unknown_name_suggests_the_closest() -> None:
    assert UnitIndex(UNITS).candidates("市民正局")[0] == "市民政局"


# --- normalisers ---------------------------------------------------------------------

_FULL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@given(st.text())
def test_normalising_twice_equals_once(text: str) -> None:
    assert normalise_text(normalise_text(text)) == normalise_text(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_full_width_and_half_width_give_the_same_text(text: str) -> None:
    full = "".join(_FULL[c] for c in text)
    assert normalise_text(full) == normalise_text(text)


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False))
def test_full_width_numbers_parse_as_half_width(value) -> None:
    half = str(value)
    full = "".join(_FULL.get(c, c) for c in half)
    assert parse_number(full) == parse_number(half) == float(value)


@given(st.text(alphabet="组织领导公开内容群众评议", min_size=1, max_size=8), st.integers(1, 100))
def test_item_maxima_in_any_bracket_form(name: str, maximum: int) -> None:
    forms = [
        f"{name}({maximum}分)",
        f"{name}（{maximum}分）",
        unicodedata.normalize("NFKC", f"{name}（{maximum}分）"),
    ]
    forms.append("".join(_FULL.get(c, c) for c in f"{name}({maximum}分)"))
    assert {parse_item_header(f) for f in forms} == {(name, float(maximum))}


def test_sample_copy_is_untouched_by_validation(tmp_path: Path) -> None:
    from sunshine_analysis.config import paths

    copy = shutil.copytree(paths.raw_dir(2020), tmp_path / "2020")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in copy.rglob("*"))
    check_year(copy, RULES)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in copy.rglob("*")) == before


def test_rater_columns_and_total_only_sheets_score_as_item_sheets(tiny_year: Path) -> None:
    """The tiny year's 政务 raters as columns, its 村务 sheet as a single total: same composites."""
    from sunshine_analysis.scoring.run import score_folder

    write_xlsx(
        tiny_year / "阳光政务考评得分汇总表（市政府办公室报）.xlsx",
        [
            ["序号", "被考评单位", "评委1", "评委2", "评委3", "评委4", "评委5", "备注"],
            [1, "临颍县", 90, 85, 88, 70, 95, None],
            [2, "西城区", None, None, None, None, None, "免考"],
        ],
    )
    write_xlsx(
        tiny_year / "阳光村务考评得分汇总表（市纪委监委报）.xlsx",
        [["序号", "被考评单位", "得分(100分)", "备注"], [1, "市民政局", 88.5, None]],
    )
    _, scores = score_folder(tiny_year)
    composite = scores.composite.set_index("unit_name")["composite"]
    # 临颍县: raters 90, 85, 88, 70, 95 → drop 95 and 70 → 87.666… +2 → mean with 89 → −1 +1.5
    assert composite["临颍县"] == pytest.approx(89.83, abs=1e-9)
    assert composite["市民政局"] == pytest.approx(89.36, abs=1e-9)  # (88.5 + 90.21) / 2 = 89.355


def test_total_only_maximum_must_be_the_sector_maximum(tiny_year: Path) -> None:
    write_xlsx(
        tiny_year / "阳光村务考评得分汇总表（市纪委监委报）.xlsx",
        [["序号", "被考评单位", "得分(90分)", "备注"], [1, "市民政局", 88.5, None]],
    )
    problems = check_year(tiny_year, RULES).problems.to_frame()
    wrong = problems[problems["message"] == "各评分项满分之和与板块满分不符"]
    assert wrong[["found", "expected"]].values.tolist() == [["90", "100"]]


def test_ratings_levels_and_categories_written_loosely_map_to_the_rules_terms(
    tiny_year: Path, xlsx_writer
) -> None:
    write_xlsx = xlsx_writer
    write_xlsx(
        tiny_year / "信息和宣传工作采用情况统计表.xlsx",
        [
            ["序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期"],
            [1, "临颍县", "临颍推行村务公开新模式", "省级媒体", "河南日报", "2020-05-01"],
            [2, "临颍县", "临颍推行村务公开新模式", " 市级 ", "漯河日报", "2020-04-20"],
            [3, "临颍", "临颍县阳光政务见成效", "国家级（人民网）", "人民网", "2020-06-01"],
        ],
    )
    write_xlsx(
        tiny_year / "扣分情况汇总表.xlsx",
        [
            ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"],
            [1, "临颍县", '违反"阳光三权"案件', "漯纪〔2020〕3号", "2020-03-02", "村干部违规"],
        ],
    )
    inputs = load_year(tiny_year, load_rules(year=2020))
    assert sorted(inputs.publicity["level"]) == ["国家级", "市级", "省级"]
    assert inputs.deductions["category"].tolist() == ["违反“阳光三权”案件"]
