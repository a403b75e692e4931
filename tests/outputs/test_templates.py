"""Templates out: each sector's score sheet pre-filled from the registry and the rules file;
a template filled in and sent back reads with no problem."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from sunshine_analysis import cli
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.ingest import check_year

RULES = load_rules(year=2020)


def test_templates_list_the_units_and_items_of_each_sector(tiny_year: Path, tmp_path: Path) -> None:
    out = tmp_path / "templates"
    assert cli.main(["templates", str(tiny_year), "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out / "阳光党务考评得分表（模板）.xlsx")
    ws = book.active
    header = [c.value for c in ws[2]]
    items = [f"{name}({maximum:g}分)" for name, maximum in RULES.items["party"]]
    assert header == ["序号", "被考评单位", "抽查单位", "评分人", *items, "总分", "备注"]
    # 阳光党务 in the tiny registry (tests/conftest.py): every unit but 市民政局.
    assert [ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)] == [
        "临颍县", "西城区", "市委组织部", "市总工会", "市妇联"
    ]  # fmt: skip
    ranges = {str(v.sqref): (v.type, v.formula2) for v in ws.data_validations.dataValidation}
    assert ranges["E3:E7"] == ("decimal", "15")  # 组织领导, at most 15
    assert ws.protection.sheet and not ws["E3"].protection.locked and ws["E2"].protection.locked
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "landscape"


def test_a_filled_template_reads_with_no_problem(tiny_year: Path, tmp_path: Path) -> None:
    out = tmp_path / "templates"
    assert cli.main(["templates", str(tiny_year), "--out", str(out)]) == 0
    raw = tmp_path / "2020"
    raw.mkdir()
    (raw / "一览表.xlsx").write_bytes(next(tiny_year.glob("附件1*.xlsx")).read_bytes())
    expected = set()
    for template in sorted(out.glob("*.xlsx")):
        book = openpyxl.load_workbook(template)
        ws = book.active
        code = next(c for c, n in {"party": "党务", "gov": "政务", "judicial": "司法", "village": "村务",
                                   "livelihood": "民生"}.items() if n in template.name)  # fmt: skip
        for r in range(3, ws.max_row + 1):
            unit = ws.cell(row=r, column=2).value
            if unit == "西城区" and code == "gov":
                ws.cell(row=r, column=ws.max_column, value="免考")
                continue
            for i, (name, maximum) in enumerate(RULES.items[code]):
                score = float(maximum) * 0.8
                ws.cell(row=r, column=5 + i, value=score)
                expected.add((unit, code, name, score))
        book.save(raw / template.name.replace("（模板）", ""))
    result = check_year(raw, RULES)
    assert not result.problems, result.problems.to_frame().to_string()
    names = result.inputs.units.set_index("unit_id")["unit_name"]
    got = {(names[r.unit_id], r.sector, r.item, r.score) for r in result.inputs.item_scores.itertuples()}
    assert got == expected
    assert set(result.inputs.exemptions["sector"]) == {"gov"}
