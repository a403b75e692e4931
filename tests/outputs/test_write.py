"""Outputs: published all at once (a killed run leaves the previous set), byte-identical
across runs, and text from the inputs never runs as a formula or as HTML."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from sunshine_analysis import cli
from sunshine_analysis.outputs import atomic
from sunshine_analysis.outputs.atomic import OutputError, publishing, write_files
from sunshine_analysis.outputs.formulas import FORMULA_START, neutralise_text, restore_text
from sunshine_analysis.outputs.write import write_contract
from sunshine_analysis.scoring.run import score_folder

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_REASON = '=HYPERLINK("http://example.invalid","点击查看")'


def files_of(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (through its link) with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _change_a_score(raw: Path) -> None:
    """Give 市妇联 another 党务 score, so a second run writes different outputs."""
    book = load_workbook(raw / "阳光党务考评得分汇总表（市委组织部报）.xlsx")
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "市妇联":
            row[3].value, row[5].value = 31.25, 81.25
    book.save(raw / "阳光党务考评得分汇总表（市委组织部报）.xlsx")


# Runs `sunshine score` and, once it reaches the point named by argv[1], says so and sleeps,
# to be killed there: "writing" (after its first CSV), "published" (after the swap).
_PAUSING_RUN = """
import sys, time
import pandas as pd
from sunshine_analysis import cli
from sunshine_analysis.outputs import atomic
where = sys.argv.pop(1)
def pause():
    print("PAUSED", flush=True)
    time.sleep(120)
if where == "writing":
    original = pd.DataFrame.to_csv
    def to_csv(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pause()
    pd.DataFrame.to_csv = to_csv
else:
    atomic.remove_old_versions = lambda target: pause()
sys.exit(cli.main(sys.argv[1:]))
"""


def _run_and_kill(where: str, raw: Path, out: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _PAUSING_RUN, where, "score", str(raw), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in child.stdout:
            if line.strip() == "PAUSED":
                break
        else:
            pytest.fail(f"the run ended before pausing: {child.stderr.read()}")
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def _score(raw: Path, out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sunshine_analysis.cli", "score", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_a_run_killed_while_writing_leaves_the_previous_outputs(tmp_path: Path, tiny_year: Path) -> None:
    out = tmp_path / "out"
    _score(tiny_year, out)
    previous = files_of(out)
    _change_a_score(tiny_year)

    _run_and_kill("writing", tiny_year, out)
    assert files_of(out) == previous

    _score(tiny_year, out)
    now = files_of(out)
    assert set(now) == set(previous) and now["composite.csv"] != previous["composite.csv"]
    # The killed run's version folder is gone once its process is; only the current remains.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")) == [os.readlink(out)]


def test_a_run_killed_after_publishing_leaves_the_new_complete_outputs(
    tmp_path: Path, tiny_year: Path
) -> None:
    out = tmp_path / "out"
    _score(tiny_year, out)
    previous = files_of(out)
    _change_a_score(tiny_year)
    _score(tiny_year, tmp_path / "expected")

    _run_and_kill("published", tiny_year, out)
    assert files_of(out) == files_of(tmp_path / "expected") != previous


def test_a_failing_block_publishes_nothing(tmp_path: Path) -> None:
    with publishing(tmp_path / "out") as folder:
        (folder / "a.csv").write_text("old")
    with pytest.raises(RuntimeError), publishing(tmp_path / "out") as folder:
        (folder / "a.csv").write_text("new")
        raise RuntimeError
    assert (tmp_path / "out" / "a.csv").read_text() == "old"
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".out.")]) == 1


def test_an_interruption_after_the_switch_keeps_the_published_folder(tmp_path: Path, monkeypatch) -> None:
    with publishing(tmp_path / "out") as folder:
        (folder / "a.csv").write_text("old")

    def interrupted(target: Path) -> None:
        raise KeyboardInterrupt  # SIGTERM or Ctrl-C while the old versions are being removed

    monkeypatch.setattr(atomic, "remove_old_versions", interrupted)
    with pytest.raises(KeyboardInterrupt), publishing(tmp_path / "out") as folder:
        (folder / "a.csv").write_text("new")
    assert (tmp_path / "out" / "a.csv").read_text() == "new"


def test_a_plain_folder_of_our_own_outputs_is_taken_over_and_any_other_is_refused(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a.csv").write_text("old")
    with publishing(mine) as folder:
        (folder / "a.csv").write_text("new")
    assert mine.is_symlink() and (mine / "a.csv").read_text() == "new"

    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "工作笔记.docx").write_text("keep me")
    with pytest.raises(OutputError, match=r"工作笔记\.docx"), publishing(theirs) as folder:
        (folder / "a.csv").write_text("new")
    assert (theirs / "工作笔记.docx").read_text() == "keep me" and not theirs.is_symlink()


def test_kept_entries_of_another_command_are_carried_into_the_new_version(tmp_path: Path) -> None:
    reports = tmp_path / "2020"
    (reports / "fieldwork" / "督办通知").mkdir(parents=True)  # a June command wrote here first
    (reports / "fieldwork" / "督办通知" / "a.docx").write_text("notice")
    with publishing(reports, keep=["fieldwork", "units"]) as folder:
        (folder / "summary.html").write_text("v1")
        (folder / "units").mkdir()
        (folder / "units" / "a.html").write_text("a1")
        (folder / "units" / "b.html").write_text("b1")
    with publishing(reports, keep=["fieldwork", "units"]) as folder:
        (folder / "summary.html").write_text("v2")
        (folder / "units").mkdir()
        (folder / "units" / "a.html").write_text("a2")
    assert {k: (reports / k).read_text() for k in files_of(reports)} == {
        "fieldwork/督办通知/a.docx": "notice",
        "summary.html": "v2",
        "units/a.html": "a2",
        "units/b.html": "b1",
    }


def _modes(folder: Path) -> dict[str, int]:
    """Permission bits of ``folder``'s version folder and of everything in it."""
    root = folder.resolve()
    return {
        p.relative_to(root.parent).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in [root, *sorted(root.rglob("*"))]
    }


_WRITE_FILES = """
import sys
from sunshine_analysis.outputs.atomic import write_files
write_files(sys.argv[1], {"检查表.xlsx": b"1", "督办通知/a督办通知.docx": b"2"})
"""


@pytest.mark.parametrize(
    ("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)]
)
def test_outputs_get_the_modes_the_users_umask_gives(
    tmp_path: Path, tiny_year: Path, umask: int, file_mode: int, folder_mode: int
) -> None:
    out, june = tmp_path / "out", tmp_path / "fieldwork"
    for command in (
        [sys.executable, "-m", "sunshine_analysis.cli", "score", str(tiny_year), "--out", str(out)],
        [sys.executable, "-c", _WRITE_FILES, str(june)],
    ):
        shell = f'umask {umask:03o} && exec "$@"'
        result = subprocess.run(
            ["sh", "-c", shell, "sh", *command], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
    modes = _modes(out) | _modes(june)
    assert {"robustness.csv", "rule_variants.csv", "years.csv", "督办通知"} <= {Path(k).name for k in modes}
    folders = {k for k in modes if (tmp_path / k).is_dir()}
    assert len(folders) == 3
    assert {k: m for k, m in modes.items() if k in folders} == dict.fromkeys(folders, folder_mode)
    assert {k: m for k, m in modes.items() if k not in folders} == dict.fromkeys(
        modes.keys() - folders, file_mode
    )


def test_two_score_runs_write_byte_identical_files(tmp_path: Path, tiny_year: Path) -> None:
    assert cli.main(["score", str(tiny_year), "--out", str(tmp_path / "a")]) == 0
    assert cli.main(["score", str(tiny_year), "--out", str(tmp_path / "b")]) == 0
    first = files_of(tmp_path / "a")
    assert first == files_of(tmp_path / "b")
    assert {"units.csv", "item_scores.csv", "sector_scores.csv", "composite.csv", "manifest.json"} <= set(
        first
    )


def _hostile_year(raw: Path) -> Path:
    """The tiny year with 市妇联 renamed to a script and hostile titles and reasons."""
    for name, sheet_fix in (
        ("附件1：“阳光漯河”建设板块涉及单位一览表.xlsx", {"市妇联": HOSTILE_NAME}),
        (
            "阳光党务考评得分汇总表（市委组织部报）.xlsx",
            {"市妇联": HOSTILE_NAME, "县委组织部": HOSTILE_REASON, "县民政局": "@SUM(A1)"},
        ),
        ("扣分情况汇总表.xlsx", {"公开栏信息未及时更新": HOSTILE_REASON}),
        (
            "信息和宣传工作采用情况统计表.xlsx",
            {"临颍县阳光政务见成效": "@SUM(A1)", "临颍推行村务公开新模式": "+1"},
        ),
        ("创新成果考评结果汇总表.xlsx", {"党务公开目录": "-2"}),
    ):
        book = load_workbook(raw / name)
        for row in book.active.iter_rows():
            for cell in row:
                if cell.value in sheet_fix:
                    cell.value = sheet_fix[cell.value]
                    cell.data_type = "s"
        book.save(raw / name)
    return raw


def test_text_that_looks_like_a_formula_is_written_to_csv_as_text(tmp_path: Path, tiny_year: Path) -> None:
    inputs, scores = score_folder(_hostile_year(tiny_year))
    write_contract(inputs, scores, tmp_path / "out")
    composite = pd.read_csv(tmp_path / "out" / "composite.csv", encoding="utf-8-sig")
    assert HOSTILE_NAME in set(composite["unit_name"])
    # Numbers stay numbers: 市妇联 (now a script tag) still 80.25 and ranked 4th.
    row = composite[composite["unit_name"] == HOSTILE_NAME].iloc[0]
    assert (row["composite"], row["rank"]) == (80.25, 4)
    items = pd.read_csv(tmp_path / "out" / "item_scores.csv", encoding="utf-8-sig", keep_default_na=False)
    assert set(items.loc[items["unit_id"] == row["unit_id"], "sub_unit"]) == {""}
    assert {"'" + HOSTILE_REASON, "'@SUM(A1)"} <= set(items["sub_unit"])
    assert (items["score"] >= 0).all()
    for name in ("units.csv", "item_scores.csv", "sector_scores.csv", "composite.csv"):
        frame = pd.read_csv(tmp_path / "out" / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        cells = frame.to_numpy().ravel()
        assert not [c for c in cells if c.startswith(("=", "+", "@"))], name


@given(st.text(max_size=12) | st.text(alphabet="'=+-@\t\r汉a1", max_size=8))
def test_neutralised_text_never_starts_a_formula_and_reads_back_exactly(text: str) -> None:
    written = neutralise_text(text)
    assert not written.startswith(FORMULA_START)
    assert restore_text(written) == text


def test_a_first_build_after_a_june_command_takes_the_folder_over(tmp_path: Path) -> None:
    # sunshine submissions ran first: reports/2020 is a plain folder holding only fieldwork/
    # (a link) and its hidden version folder. The first report must take it over, keeping it.
    reports = tmp_path / "reports" / "2020"
    write_files(reports / "fieldwork", {"材料报送检查表.xlsx": b"june"}, merge=True)
    write_files(reports / "templates", {"阳光党务考评得分表（模板）.xlsx": b"template"})
    assert not reports.is_symlink() and any(p.name.startswith(".fieldwork.") for p in reports.iterdir())
    with publishing(reports, keep=["fieldwork", "templates"]) as folder:
        (folder / "summary.html").write_text("july", encoding="utf-8")
    assert reports.is_symlink()
    assert (reports / "fieldwork" / "材料报送检查表.xlsx").read_bytes() == b"june"
    assert (reports / "templates" / "阳光党务考评得分表（模板）.xlsx").read_bytes() == b"template"
    assert (reports / "summary.html").read_text(encoding="utf-8") == "july"
    # Someone's own file in the folder still stops it.
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notes\.txt"), publishing(tmp_path / "mine") as folder:
        (folder / "summary.html").write_text("july", encoding="utf-8")


def test_last_year_is_found_through_the_data_folder_whatever_out_is(tmp_path: Path, tiny_year: Path) -> None:
    # <data>/raw/2020 and <data>/processed/2019; the 2020 run writes somewhere else entirely.
    raw = tiny_year
    last = tiny_year.parent.parent / "processed" / "2019"
    last.mkdir(parents=True)
    (last / "composite.csv").write_text(
        "unit_id,unit_name,rank_group,n_sectors,sector_mean,publicity_bonus,deduction,composite,rank,grade\n"
        "linyingxian,临颍县,县区,2,80.00,0.00,0.00,80.00,1,较好\n",
        encoding="utf-8-sig",
    )
    assert cli.main(["score", str(raw), "--out", str(tmp_path / "elsewhere" / "out")]) == 0
    years = pd.read_csv(tmp_path / "elsewhere" / "out" / "years.csv", encoding="utf-8-sig")
    row = years[(years["year"] == 2020) & (years["unit_id"] == "linyingxian")].iloc[0]
    assert row["prev_year"] == 2019 and row["prev_composite"] == 80.0
