"""The field-visit draw: counts from the rules file, reproducibility, verifiability, frame checks."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import stat
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sunshine_analysis.cli import main
from sunshine_analysis.config import paths
from sunshine_analysis.config.rules import RulesError, load_rules
from sunshine_analysis.fieldwork.config import sampling_rules
from sunshine_analysis.fieldwork.sampling import FRAME, draw_plan, draw_unit, seed_hash
from sunshine_analysis.problems import InputError

RULES = load_rules(year=2020)
REGISTRY = [
    ["序号", "单位名称", "类别", "阳光党务", "阳光政务", "阳光司法", "阳光村务", "阳光民生", "别名"],
    [1, "临颍县", "县区", "√", "√", "√", "√", "√", "临颍"],
    [2, "西城区", "功能区", "√", "√", "", "√", "√", ""],
    [3, "市民政局", "市直单位", "", "", "", "√", "√", ""],
]
HEADER = ["序号", "类型", "名称", "所属乡镇", "行政审批职能", "便民服务中心"]


def xlsx(path: Path, rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def linying_rows() -> list[list[object]]:
    rows: list[list[object]] = [["党委部门", f"县委部门{i}", None, None, None] for i in range(1, 5)]
    rows += [["县直部门", f"县局{i}", None, "是" if i <= 3 else "否", None] for i in range(1, 7)]
    rows += [["乡镇", t, None, None, "是"] for t in ("甲镇", "乙镇", "丙乡")]
    rows += [["村", f"{t}{v}村", t, None, None] for t in ("甲镇", "乙镇", "丙乡") for v in "东西南北"]
    return rows


def xicheng_rows() -> list[list[object]]:
    return [
        ["党委部门", "党工委办公室", None, None, None],
        ["党委部门", "纪工委", None, None, None],
        ["县直部门", "规划建设局", None, "是", None],
        ["县直部门", "财政局", None, "否", None],
        ["乡镇", "问十乡", None, None, "是"],
        ["村", "王庄村", "问十乡", None, None],
        ["村", "李集村", "问十乡", None, None],
        ["村", "张营村", "问十乡", None, None],
    ]


def write_frames(folder: Path, linying: list[list[object]], xicheng: list[list[object]]) -> None:
    for name, rows in (("临颍县", linying), ("西城区", xicheng)):
        numbered = [[i, *r] for i, r in enumerate(rows, start=1)]
        xlsx(folder / "实地考评抽样框" / f"{name}抽样框.xlsx", [HEADER, *numbered])


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw" / "2020"
    xlsx(folder / "附件1：“阳光漯河”建设板块涉及单位一览表.xlsx", REGISTRY)
    write_frames(folder, linying_rows(), xicheng_rows())
    return folder


def key(*fields: str) -> str:
    return hashlib.sha256("\n".join(fields).encode("utf-8")).hexdigest()


def test_counts_match_the_rules_file(raw: Path) -> None:
    plan = draw_plan(raw, RULES, 2020, "seed-1").plan
    counts = sampling_rules(RULES).counts
    for unit_name, kind in (("临颍县", "county"), ("西城区", "zone")):
        rows = plan[plan["unit_name"] == unit_name]
        got = rows[rows["stratum"] != "villages_per_township"].groupby("stratum").size().to_dict()
        expected = {k: v for k, v in counts[kind].items() if k != "villages_per_township"}
        assert got == expected
        villages = rows[rows["stratum"] == "villages_per_township"]
        townships = rows.loc[rows["stratum"] == "townships", "member"].tolist()
        assert sorted(set(villages["township"])) == sorted(townships)
        assert (villages.groupby("township").size() == counts[kind]["villages_per_township"]).all()
    assert len(plan[plan["unit_name"] == "临颍县"]) == 2 + 2 + 2 + 2 + 2 + 2 * 3
    assert len(plan[plan["unit_name"] == "西城区"]) == 1 + 1 + 1 + 1 + 1 + 1 * 2


def test_draw_takes_the_lowest_documented_keys(raw: Path) -> None:
    plan = draw_plan(raw, RULES, 2020, "seed-1").plan
    names = [f"县委部门{i}" for i in range(1, 5)]
    by_key = sorted(names, key=lambda n: key("seed-1", "临颍县", "party_committee_departments", "", n))
    drawn = plan[(plan["unit_name"] == "临颍县") & (plan["stratum"] == "party_committee_departments")]
    assert drawn["member"].tolist() == by_key[:2]
    approval = sorted(
        ["县局1", "县局2", "县局3"], key=lambda n: key("seed-1", "临颍县", "approval_departments", "", n)
    )
    drawn = plan[(plan["unit_name"] == "临颍县") & (plan["stratum"] == "approval_departments")]
    assert drawn["member"].tolist() == approval[:2]


def test_same_seed_gives_byte_identical_files_and_other_seed_differs(raw: Path, tmp_path: Path) -> None:
    outs = [tmp_path / f"out{i}" for i in range(3)]
    for out, seed in zip(outs, ("alpha", "alpha", "beta"), strict=True):
        assert main(["field-sample", str(raw), "--seed", seed, "--out", str(out)]) == 0
    names = ["实地考评抽样方案.xlsx", "field_plan.csv", "field_plan.json"]
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()
    first, other = (pd.read_csv(o / "field_plan.csv") for o in (outs[0], outs[2]))
    assert first["member"].tolist() != other["member"].tolist()


def test_row_order_and_stray_spaces_do_not_change_the_plan(raw: Path, tmp_path: Path) -> None:
    before = draw_plan(raw, RULES, 2020, "s").plan
    rows = linying_rows()
    random.Random(7).shuffle(rows)
    rows = [[r[0], " ".join(r[1]) if r[0] == "党委部门" else r[1], *r[2:]] for r in rows]
    write_frames(raw, rows, xicheng_rows()[::-1])
    after = draw_plan(raw, RULES, 2020, "s").plan
    pd.testing.assert_frame_equal(before, after)


@settings(max_examples=30, deadline=None)
@given(
    st.permutations(range(12)),
    st.text(min_size=1).filter(lambda s: s.isprintable() and not any(c.isspace() for c in s)),
)
def test_draw_ignores_frame_order(order: list[int], seed: str) -> None:
    rows = [("党委部门", f"部{i}", "") for i in range(6)] + [("县直部门", f"局{i}", "") for i in range(6)]
    frame = pd.DataFrame(
        [
            {"type": t, "name": n, "township": tw, "approval": t == "县直部门", "service_centre": None}
            for t, n, tw in rows
        ],
        columns=FRAME,
    )
    counts = dict.fromkeys(sampling_rules(RULES).counts["county"], 2)
    base, _ = draw_unit(frame, "临颍县", counts, seed, {"party", "gov"})
    shuffled, _ = draw_unit(frame.iloc[order], "临颍县", counts, seed, {"party", "gov"})
    assert base == shuffled


def test_nobody_drawn_twice_within_a_sector() -> None:
    frame = pd.DataFrame(
        [
            {"type": "党委部门", "name": "甲", "township": "", "approval": None, "service_centre": None},
            {"type": "党委部门", "name": "乙", "township": "", "approval": None, "service_centre": None},
            {"type": "县直部门", "name": "甲", "township": "", "approval": True, "service_centre": None},
            {"type": "县直部门", "name": "丙", "township": "", "approval": True, "service_centre": None},
            {"type": "县直部门", "name": "丁", "township": "", "approval": True, "service_centre": None},
        ],
        columns=FRAME,
    )
    counts = {**dict.fromkeys(sampling_rules(RULES).counts["county"], 0)}
    counts |= {"party_committee_departments": 2, "party_county_departments": 2, "approval_departments": 2}
    rows, short = draw_unit(frame, "临颍县", counts, "x", {"party", "gov"})
    party = [r["member"] for r in rows if r["sector"] == "party"]
    assert sorted(party) == ["丁", "丙", "乙", "甲"]  # 甲 only once; 丙 and 丁 fill its place
    assert len([r for r in rows if r["sector"] == "gov"]) == 2  # another sector may draw 甲 again
    assert short == []


def test_short_frame_is_an_error_unless_the_rules_allow(raw: Path, tmp_path: Path) -> None:
    rows = [r for r in linying_rows() if r[0] != "党委部门"] + [["党委部门", "县委办公室", None, None, None]]
    write_frames(raw, rows, xicheng_rows())
    with pytest.raises(InputError) as err:
        draw_plan(raw, RULES, 2020, "s")
    assert "只有1个，少于应抽取的2个" in str(err.value)
    lenient = tmp_path / "2020.toml"
    text = Path(RULES.source).read_text(encoding="utf-8")
    lenient.write_text(text.replace('short_frame = "error"', 'short_frame = "take_all"'), encoding="utf-8")
    plan = draw_plan(raw, load_rules(lenient), 2020, "s").plan
    taken = plan[(plan["unit_name"] == "临颍县") & (plan["stratum"] == "party_committee_departments")]
    assert taken["member"].tolist() == ["县委办公室"]
    assert "已全部抽取" in taken["note"].iloc[0]


def test_frame_errors_are_collected_and_nothing_is_written(raw: Path, tmp_path: Path, capsys) -> None:
    rows = linying_rows()
    rows[0][0] = "委员会"
    rows.append(["村", "孤村", "不存在镇", None, None])
    rows.append(["县直部门", "县局9", None, "", None])
    write_frames(raw, rows, xicheng_rows())
    out = tmp_path / "out"
    assert main(["field-sample", str(raw), "--seed", "s", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "类型无法识别" in err and "不存在镇" in err and "行政审批职能应写是或否" in err
    assert not out.exists()


def test_commit_prints_the_hash_and_expect_guards_the_draw(raw: Path, tmp_path: Path, capsys) -> None:
    assert main(["field-sample", "--commit", "--seed", "abc", "--seed-file", str(tmp_path / "abc.txt")]) == 0
    assert capsys.readouterr().out.strip() == hashlib.sha256(b"abc").hexdigest()
    out = tmp_path / "out"
    wrong = ["field-sample", str(raw), "--seed", "abc", "--expect", "0" * 64, "--out", str(out)]
    assert main(wrong) == 1
    assert not out.exists()
    right = ["field-sample", str(raw), "--seed", "abc", "--expect", seed_hash("abc"), "--out", str(out)]
    assert main(right) == 0


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o000, 0o277])
def test_commit_keeps_the_generated_seed_in_a_file_only_the_user_can_read(
    raw: Path, tmp_path: Path, capsys, monkeypatch, umask: int
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.setattr(paths, "PROJECT_ROOT", project)
    previous = os.umask(umask)
    try:
        assert main(["field-sample", "--commit"]) == 0
    finally:
        os.umask(previous)
    captured = capsys.readouterr()
    digest = captured.out.strip()
    # stdout: the hash and nothing else; the seed itself is in the file and on no terminal.
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    kept = project / f"实地考评抽样种子-{digest[:12]}.txt"
    assert [p.name for p in project.iterdir()] == [kept.name]
    seed = kept.read_text(encoding="utf-8").removesuffix("\n")
    assert len(seed) == 32 and seed_hash(seed) == digest
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert str(kept) in captured.err and seed not in captured.err + captured.out
    # The draw takes the seed from the file, as --seed would, and checks it against the hash.
    by_file = ["field-sample", str(raw), "--seed-file", str(kept), "--expect", digest, "--out"]
    assert main([*by_file, str(tmp_path / "a")]) == 0
    assert main(["field-sample", str(raw), "--seed", seed, "--out", str(tmp_path / "b")]) == 0
    assert (tmp_path / "a" / "field_plan.json").read_bytes() == (
        tmp_path / "b" / "field_plan.json"
    ).read_bytes()


def test_a_seed_file_is_never_overwritten_nor_put_where_outputs_go(
    raw: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    kept = tmp_path / "seed.txt"
    assert main(["field-sample", "--commit", "--seed", "a-long-enough-seed", "--seed-file", str(kept)]) == 0
    first = capsys.readouterr().out
    # The same seed again: the file is already the record of it.
    assert main(["field-sample", "--commit", "--seed", "a-long-enough-seed", "--seed-file", str(kept)]) == 0
    assert capsys.readouterr().out == first
    # Another seed, or a generated one: refused, no hash announced, the kept seed untouched.
    for extra in (["--seed", "another-long-seed"], []):
        assert main(["field-sample", "--commit", *extra, "--seed-file", str(kept)]) == 1
        captured = capsys.readouterr()
        assert captured.out == "" and "已存在" in captured.err
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "elsewhere.txt")
    assert main(["field-sample", "--commit", "--seed-file", str(link)]) == 1
    assert not (tmp_path / "elsewhere.txt").exists()
    assert kept.read_text(encoding="utf-8") == "a-long-enough-seed\n"

    # Not in a folder the tool publishes (replaced on the next run, handed to units) …
    out = tmp_path / "fieldwork"
    assert main(["field-sample", str(raw), "--seed-file", str(kept), "--out", str(out)]) == 0
    capsys.readouterr()
    for inside in (out / "seed.txt", out.resolve() / "seed.txt"):
        assert main(["field-sample", "--commit", "--seed-file", str(inside)]) == 1
        captured = capsys.readouterr()
        assert captured.out == "" and "发布的结果文件夹" in captured.err and not inside.exists()
    # … nor under reports/ or data/processed, which `make clean` empties.
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    assert main(["field-sample", "--commit", "--seed-file", str(tmp_path / "reports" / "seed.txt")]) == 1
    assert "make clean" in capsys.readouterr().err and not (tmp_path / "reports").exists()
    assert main(["field-sample", str(raw), "--seed", "abc", "--seed-file", str(kept)]) == 1
    assert "只能给一个" in capsys.readouterr().err


def test_plan_records_provenance_and_marks_every_sheet_secret(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["field-sample", str(raw), "--seed", "abc", "--out", str(out)]) == 0
    provenance = json.loads((out / "field_plan.json").read_text(encoding="utf-8"))
    assert provenance["seed_sha256"] == hashlib.sha256(b"abc").hexdigest()
    frame_file = raw / "实地考评抽样框" / "临颍县抽样框.xlsx"
    linying = next(f for f in provenance["frames"] if f["unit_name"] == "临颍县")
    assert linying["sha256"] == hashlib.sha256(frame_file.read_bytes()).hexdigest()
    assert provenance["version"] and provenance["algorithm"] == "sha256-rank/1"
    book = load_workbook(out / "实地考评抽样方案.xlsx")
    assert book.sheetnames == ["抽样说明", "临颍县", "西城区"]
    for sheet in book.worksheets:
        values = {c.value for row in sheet.iter_rows() for c in row}
        assert "考评工作秘密" in values
    assert "abc" not in {c.value for row in book["抽样说明"].iter_rows() for c in row}


def test_sampling_rules_errors_name_the_key(tmp_path: Path) -> None:
    text = Path(RULES.source).read_text(encoding="utf-8")
    broken = tmp_path / "2020.toml"
    broken.write_text(
        text.replace("villages_per_township = 2", "villages_per_township = -1"), encoding="utf-8"
    )
    with pytest.raises(RulesError, match=re.escape("sampling.zone.villages_per_township")):
        sampling_rules(load_rules(broken))
    broken.write_text(text.replace("service_centres = 2 ", "service_centre = 2 "), encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape("sampling.county.service_centre")):
        sampling_rules(load_rules(broken))


def test_committed_sample_year_draws_the_rules_counts_everywhere() -> None:
    from sunshine_analysis.config import paths

    plan = draw_plan(paths.raw_dir(2020), RULES, 2020, "sample").plan
    counts = sampling_rules(RULES).counts
    expected = {
        kind: sum(c.values()) - c["villages_per_township"] + c["townships"] * c["villages_per_township"]
        for kind, c in counts.items()
    }
    per_unit = plan.groupby("unit_name").size()
    # The sample world has five counties and three functional zones (docs: docs/domain.md §2).
    assert sorted(per_unit.tolist()) == sorted([expected["zone"]] * 3 + [expected["county"]] * 5)
    assert not plan.duplicated(["unit_id", "sector", "member"]).any()
