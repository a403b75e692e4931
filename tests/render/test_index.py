"""``reports/<year>/index.html`` on the tiny year: every product listed with a working relative
link, units by name in the rules' groups, the June files, and when and from what it was built."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.config.vocab import SECRET_MARK as MARK
from sunshine_analysis.outputs.atomic import write_files
from sunshine_analysis.outputs.results import load_results
from sunshine_analysis.render.build import build_report
from sunshine_analysis.render.index import index_html

IDS = ["linyingxian", "xichengqu", "shiweizuzhibu", "shiminzhengju", "shizonggonghui", "shifulian"]
NAMES = ["临颍县", "西城区", "市委组织部", "市民政局", "市总工会", "市妇联"]  # the fixture's registry
# A reference to another host as a resource: src/href attribute, CSS url() or @import.
REMOTE = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I
)
_ROW = re.compile(
    r'<tr><td class="num">\d+</td><td>([^<]*)</td><td>([^<]*)</td><td><a href="([^"]+)">([^<]*)</a>'
)
JUNE = {"fieldwork/材料报送检查表.xlsx": b"checklist", "fieldwork/督办通知/市妇联督办通知.docx": b"notice"}


@pytest.fixture(scope="module")
def built(tiny_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny year built, after the June commands had written into reports/2020/fieldwork/."""
    root = tmp_path_factory.mktemp("index")
    raw = tiny_processed.parent.parent / "raw" / "2020"
    for name, content in JUNE.items():
        (root / "reports" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "reports" / name).write_bytes(content)
    build_report(
        2020, raw_dir=raw, processed_dir=root / "processed" / "2020", out_dir=root / "reports", jobs=2
    )
    return root / "reports"


def links(text: str) -> list[str]:
    """Every link's target, as a relative file path."""
    return [unquote(html.unescape(h)) for h in re.findall(r'<a href="([^"]*)"', text)]


def sections(text: str) -> dict[str, str]:
    """The page cut at its ``h3`` headings (the rank groups): heading → what follows it."""
    parts = re.split(r"<h3>([^<]*)</h3>", text)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_index_lists_every_unit_by_name_with_a_working_link_to_its_brief(built: Path) -> None:
    text = (built / "index.html").read_text(encoding="utf-8")
    rows = {name: href for name, _, href, _ in _ROW.findall(text)}
    assert sorted(rows) == sorted(NAMES)
    for unit_id, name in zip(IDS, NAMES, strict=True):
        assert rows[name] == f"units/{unit_id}.html"
        brief = built / unquote(rows[name])
        assert brief.is_file() and name in brief.read_text(encoding="utf-8")


def test_units_are_grouped_as_in_the_rules(built: Path) -> None:
    rules = load_rules(year=2020)
    units = pd.read_csv(built.parent / "processed" / "2020" / "units.csv", encoding="utf-8-sig")
    expected = {g: [] for g in rules.rank_groups}
    for unit in units.itertuples():
        expected[rules.rank_group_of(unit.unit_kind)].append(unit.unit_name)
    found = {
        re.sub(r"（\d+个单位）$", "", heading): [name for name, *_ in _ROW.findall(body)]
        for heading, body in sections((built / "index.html").read_text(encoding="utf-8")).items()
    }
    assert found == expected and list(found) == list(rules.rank_groups)
    assert expected == {
        "县区": ["临颍县", "西城区"],
        "市直单位": ["市委组织部", "市民政局", "市总工会", "市妇联"],
    }


def test_every_link_is_relative_and_works(built: Path) -> None:
    text = (built / "index.html").read_text(encoding="utf-8")
    targets = links(text)
    assert {"summary.html", "results.xlsx"} <= set(targets)
    assert (built / "summary.html").is_file() and (built / "results.xlsx").is_file()
    for target in targets:
        assert not target.startswith(("/", "file:", "http")), target
        assert (built / target).exists(), target
    processed = built.parent / "processed" / "2020"
    assert (built / "../processed/2020/manifest.json").resolve() == (processed / "manifest.json").resolve()
    assert "../processed/2020/manifest.json" in targets and "../processed/2020/rules.toml" in targets


def test_index_is_self_contained_printable_and_for_the_office_only(built: Path) -> None:
    text = (built / "index.html").read_text(encoding="utf-8")
    assert "<script" not in text.lower() and not REMOTE.search(text)
    assert text.count(MARK) >= 2 and "@page" in text and "A4" in text
    assert "不得发给任何被考评单位" in text and "仅供内部使用" in text


def test_june_files_present_before_the_build_are_listed(built: Path) -> None:
    text = (built / "index.html").read_text(encoding="utf-8")
    june = sections(text.replace("<h2>四、六月工作文件</h2>", "<h3>june</h3>"))["june"]
    assert links(june) == sorted(JUNE)
    for name, content in JUNE.items():
        assert (built / name).read_bytes() == content  # carried into the new version
    assert "材料报送检查表（sunshine submissions）" in june and "督办通知草稿" in june


def test_index_says_when_and_from_which_inputs(built: Path) -> None:
    text = (built / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((built.parent / "processed" / "2020" / "manifest.json").read_text(encoding="utf-8"))
    assert re.search(r"生成时间：\d{4}-\d\d-\d\d \d\d:\d\d。", text)
    assert f"共{len(manifest['inputs'])}个" in text and len(manifest["inputs"]) == 8
    assert manifest["rules"]["sha256"] in text and manifest["rules"]["title"] in html.unescape(text)
    raw_link = next(t for t in links(text) if t.endswith("raw/2020/"))
    assert {p.name for p in (built / raw_link).iterdir()} == {r["path"] for r in manifest["inputs"]}
    assert str((built / raw_link).resolve()) in text  # shown as a folder the office can find


def test_a_rebuild_of_some_briefs_lists_the_others_as_carried(built: Path, tmp_path: Path) -> None:
    root = shutil.copytree(built.parent, tmp_path / "copy", symlinks=True)
    raw = Path(unquote(next(t for t in links((built / "index.html").read_text()) if t.endswith("raw/2020/"))))
    # A June command writes its files the way they all do, after the first build.
    write_files(root / "reports" / "fieldwork", {"督办名单.xlsx": b"list"}, merge=True)
    build_report(
        2020,
        raw_dir=(built / raw).resolve(),
        processed_dir=root / "processed" / "2020",
        out_dir=root / "reports",
        units=["市妇联"],
        jobs=1,
    )
    text = (root / "reports" / "index.html").read_text(encoding="utf-8")
    cells = dict(re.findall(r"<td>([^<]*)</td><td>[^<]*</td><td>(<a .*?)</td></tr>", text))
    assert cells["市妇联"] == '<a href="units/shifulian.html">units/shifulian.html</a>'
    for name in NAMES[:-1]:
        assert re.search(r"（本次未重新生成，沿用\d{4}-\d\d-\d\d \d\d:\d\d生成的文件）$", cells[name]), name
    for target in links(text):
        assert (root / "reports" / target).exists(), target
    assert "fieldwork/督办名单.xlsx" in links(text) and set(JUNE) <= set(links(text))


def test_failed_pages_and_the_written_report(tiny_processed: Path, tmp_path: Path) -> None:
    results = load_results(2020, tiny_processed)
    folder = tmp_path / ".2020.stage"
    (folder / "units").mkdir(parents=True)
    for name in ["results.xlsx", *(f"units/{u}.html" for u in IDS[:-1])]:
        (folder / name).write_text("x")

    def page() -> str:
        return index_html(
            results,
            folder,
            tmp_path / "2020",
            raw_dir=tmp_path / "raw" / "2020",
            processed_dir=tmp_path / "processed" / "2020",
            failed={folder / "summary.html", folder / "units" / "shifulian.html"},
        )

    text = page()
    assert "summary.html（本次生成失败，见命令输出）" in text
    assert "units/shifulian.html（本次生成失败，见命令输出）" in text
    assert "fieldwork 文件夹中暂无文件" in text
    assert ".docx" not in text and "书面报告" not in text  # no written report yet (issue #13)
    (folder / "2020年度考评报告.docx").write_text("x")
    assert '<a href="2020%E5%B9%B4%E5%BA%A6%E8%80%83%E8%AF%84%E6%8A%A5%E5%91%8A.docx">' in page()
