"""Shared fixtures: a tiny raw year in the office's standard templates, worked out by hand.

Hand-worked expectations (2 decimals, half-up):
- 临颍县: 党务 sub-units 90 and 88 → 89; 政务 raters 90, 85, 88, 70, 95 → drop 95 and 70 →
  263/3 = 87.666…, +2 (优秀) → 89.666…; mean (89 + 89.666…)/2 = 89.333…; publicity 省级 0.5
  (same title also 市级: counted once) + 国家级 1.0 = 1.5; deduction 市级通报批评 1.0 →
  89.8333… → 89.83, 较好, rank 1 of 县区.
- 西城区: 党务 87.5; 政务 免考 → composite 87.50, rank 2 of 县区.
- 市委组织部: 党务 95 → 95.00, 好, rank 1 of 市直单位.
- 市民政局: 村务 88.5, 民生 90.21 → mean 89.355 → 89.36 (half-up; float round gives 89.35).
- 市总工会: 党务 89.36 → ties 市民政局: both rank 2.
- 市妇联: 党务 80.25 → rank 4.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

REGISTRY = [
    ("临颍县", "县区", "√", "√", "", "", "", "临颍"),
    ("西城区", "功能区", "√", "√", "", "", "", ""),
    ("市委组织部", "市委部委", "√", "", "", "", "", "组织部"),
    ("市民政局", "市直单位", "", "", "", "√", "√", ""),
    ("市总工会", "人民团体", "√", "", "", "", "", ""),
    ("市妇联", "人民团体", "√", "", "", "", "", ""),
]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """Write rows to the first sheet of a new workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_tiny_year(folder: Path) -> Path:
    """Write the tiny hand-worked year described in this module's docstring."""
    header = ["序号", "单位名称", "类别", "阳光党务", "阳光政务", "阳光司法", "阳光村务", "阳光民生", "别名"]
    write_xlsx(
        folder / "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx",
        [header, *[[i, *r] for i, r in enumerate(REGISTRY, start=1)]],
    )
    write_xlsx(
        folder / "阳光党务考评得分汇总表（市委组织部报）.xlsx",
        [
            ["序号", "被考评单位", "抽查单位", "组织领导(40分)", "公开内容(60分)", "总分", "备注"],
            [1, "临颍县", "县委组织部", 36, 54, 90, ""],
            [2, "临颍县", "县民政局", 38, 50, 88, ""],
            [3, "西城区", "", 35.5, 52, 87.5, ""],
            [4, "市委组织部", "", 38, 57, 95, ""],
            [5, "市总工会", "", 35.36, 54, 89.36, ""],
            [6, "市妇联", "", 30.25, 50, 80.25, ""],
        ],
    )
    write_xlsx(
        folder / "阳光政务考评得分汇总表（市政府办公室报）.xlsx",
        [
            ["序号", "被考评单位", "评分人", "组织领导(50分)", "办事服务(50分)", "总分", "备注"],
            [1, "临颍县", "甲", 45, 45, 90, ""],
            [2, "临颍县", "乙", 40, 45, 85, ""],
            [3, "临颍县", "丙", 44, 44, 88, ""],
            [4, "临颍县", "丁", 35, 35, 70, ""],
            [5, "临颍县", "戊", 48, 47, 95, ""],
            [6, "西城区", "", None, None, None, "免考"],
        ],
    )
    write_xlsx(
        folder / "阳光村务考评得分汇总表（市纪委监委报）.xlsx",
        [
            ["序号", "被考评单位", "组织领导(20分)", "公开情况(80分)", "总分", "备注"],
            [1, "市民政局", 17.5, 71, 88.5, ""],
        ],
    )
    write_xlsx(
        folder / "阳光民生考评得分汇总表（市发展改革委报）.xlsx",
        [["序号", "被考评单位", "民生公开(100分)", "总分", "备注"], [1, "市民政局", 90.21, 90.21, ""]],
    )
    write_xlsx(
        folder / "创新成果考评结果汇总表.xlsx",
        [
            ["序号", "单位名称", "成果名称", "所属板块", "评定等次"],
            [1, "临颍县", "政务服务“一网通办”", "阳光政务", "优秀"],
            [2, "市委组织部", "党务公开目录", "阳光党务", "良好"],
        ],
    )
    write_xlsx(
        folder / "信息和宣传工作采用情况统计表.xlsx",
        [
            ["序号", "单位名称", "信息标题", "采用级别", "采用媒体", "采用日期"],
            [1, "临颍县", "临颍推行村务公开新模式", "省级", "河南日报", "2020-05-01"],
            [2, "临颍县", "临颍推行村务公开新模式", "市级", "漯河日报", "2020-04-20"],
            [3, "临颍", "临颍县阳光政务见成效", "国家级", "人民网", "2020-06-01"],
        ],
    )
    write_xlsx(
        folder / "扣分情况汇总表.xlsx",
        [
            ["序号", "单位名称", "扣分类别", "文号", "日期", "事由"],
            [1, "临颍县", "市级通报批评", "漯阳光建办〔2020〕3号", "2020-03-02", "公开栏信息未及时更新"],
        ],
    )
    return folder


@pytest.fixture
def xlsx_writer():
    """:func:`write_xlsx`, for tests that replace a file of the tiny year."""
    return write_xlsx


@pytest.fixture
def tiny_year(tmp_path: Path) -> Path:
    """A tiny raw folder named ``2020`` in the standard templates (see module docstring)."""
    return write_tiny_year(tmp_path / "raw" / "2020")


@pytest.fixture(scope="session")
def tiny_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny year scored into ``processed/2020`` with the report's detail tables; read only."""
    from sunshine_analysis.outputs.write import score_into

    root = tmp_path_factory.mktemp("tiny")
    raw = write_tiny_year(root / "raw" / "2020")
    score_into(raw, root / "processed" / "2020", 2020, None)
    return root / "processed" / "2020"
