"""Work summaries read by streaming, under the Office budget (bytes, XML elements, seconds).

- The streamed text is python-docx's: on the committed sample years' summaries and on a
  document holding every kind of run content python-docx turns into text, and every summary
  of the sample year 2020 gets the count python-docx's text gives.
- Two hostile summaries made at test time, both within every limit the guard had before the
  budget (issue #12, point 3): 240 MiB of empty paragraphs packed ~45 times into ~5.6 MB
  (python-docx took 175 s and 5.8 GB on it), and a million one-character paragraphs in 0.4 MB
  (35 s and 0.9 GB). Each is read in a child process limited to 1.5 GiB of address space and
  refused within 10 s, naming the limit; ``sunshine submissions`` names it with that reason
  (not as a damaged file) and still reads the other units' summaries.
- A DOCTYPE (the way to entity expansion, "billion laughs") is refused.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from sunshine_analysis.config import paths
from sunshine_analysis.fieldwork.submissions import check_submissions, count_characters
from sunshine_analysis.ingest import guard
from sunshine_analysis.ingest.read import ReadError, decode_text, read_text, summary_text

ROOT = Path(__file__).parents[2]
MEMORY = 3 * 2**29  # 1.5 GiB of address space
TIMEOUT = 60
READ_SECONDS = 10
LIMIT = guard.LIMITS.document_elements

_spec = importlib.util.spec_from_file_location("june", Path(__file__).with_name("test_submissions.py"))
june = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(june)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode()
TAIL = b"</w:body></w:document>"


def write_docx(path: Path, body: bytes | list[bytes], head: bytes = HEAD, tail: bytes = TAIL) -> Path:
    """A minimal .docx (python-docx opens it) whose body is ``body``, streamed in chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w") as out:
            out.write(head)
            for chunk in [body] if isinstance(body, bytes) else body:
                out.write(chunk)
            out.write(tail)
    return path


def empty_paragraphs(total: int = 240 * 2**20) -> list[bytes]:
    """About ``total`` bytes of empty paragraphs, each with one of four revision ids (as Word
    writes them), so that they pack about 45 times: below the guard's ratio limit (500)."""
    rng = random.Random(12)
    ids = [f'<w:p w:rsidR="{rng.getrandbits(32):08X}"/>'.encode() for _ in range(4)]
    blocks = [b"".join(rng.choices(ids, k=40_000)) for _ in range(8)]
    count = -(-total // len(blocks[0]))
    return [blocks[rng.randrange(len(blocks))] for _ in range(count)]


def short_paragraphs(count: int = 1_000_000) -> list[bytes]:
    """``count`` paragraphs of one character each."""
    rng = random.Random(12)
    return [
        "".join(f"<w:p><w:r><w:t>{rng.choice('阳光')}</w:t></w:r></w:p>" for _ in range(10_000)).encode()
        for _ in range(count // 10_000)
    ]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two hostile summaries of issue #12 (about 4 s to write)."""
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "empty_paragraphs": write_docx(folder / "empty.docx", empty_paragraphs()),
        "short_paragraphs": write_docx(folder / "short.docx", short_paragraphs()),
    }


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_child(*args: str) -> subprocess.CompletedProcess:
    """Run Python in a child process with bounded memory and time, importing this checkout."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        cwd=ROOT,
    )


def python_docx_text(path: Path) -> str:
    """A summary's text as python-docx reads it (the reader before streaming), or the text file's."""
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return decode_text(path.read_bytes())


# --- the same text and counts as python-docx ------------------------------------------------


@pytest.mark.parametrize("year", [2019, 2020])
def test_the_sample_summaries_read_as_python_docx_reads_them(year: int) -> None:
    files = sorted(paths.raw_dir(year).rglob("*工作总结*.docx"))
    assert len(files) > 20
    for path in files:
        assert read_text(path) == python_docx_text(path), path.name


def test_the_sample_year_counts_are_those_of_python_docx_text() -> None:
    raw = paths.raw_dir(2020)
    summaries = check_submissions(raw, june.RULES, 2020).summaries
    assert len(summaries) > 40 and summaries["file"].str.endswith(".txt").any()
    expected = {f: sum(1 for ch in python_docx_text(raw / f) if not ch.isspace()) for f in summaries["file"]}
    assert dict(zip(summaries["file"], summaries["characters"].astype(int), strict=True)) == expected


def test_every_run_content_and_place_is_read_as_python_docx_reads_it(tmp_path: Path) -> None:
    body = (
        # line, page and column breaks; tab, positional tab, carriage return, no-break hyphen
        '<w:p><w:r><w:t xml:space="preserve"> 一、做法 </w:t><w:tab/><w:t>甲</w:t>'
        '<w:br/><w:t>乙</w:t><w:br w:type="page"/><w:t>丙</w:t><w:br w:type="column"/>'
        '<w:br w:type="textWrapping"/><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/>'
        '<w:cr/><w:t>A&amp;B&lt;C&#x4E01;</w:t><w:noBreakHyphen/><w:softHyphen/><w:sym w:char="F0E0"/>'
        "<w:delText>删去</w:delText></w:r>"
        # a hyperlink's runs count; tracked insertions, smart tags, fields and content controls do not
        '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        '<w:ins w:id="1" w:author="x"><w:r><w:t>插入</w:t></w:r></w:ins>'
        "<w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag>"
        '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        "<w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:rPr><w:b/></w:rPr><w:t>粗体</w:t></w:r></w:p>"
        # empty paragraphs, a table's paragraphs (not counted), a content control's (not counted)
        '<w:p/><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>'
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>段落控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        # a run's text inside alternate content is not the run's own
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<mc:Fallback><w:t>备选</w:t></mc:Fallback></mc:AlternateContent><w:t>正文</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>末段</w:t></w:r></w:p><w:sectPr/>"
    ).encode()
    path = write_docx(tmp_path / "总结.docx", body)
    assert read_text(path) == python_docx_text(path)
    assert "表格" not in read_text(path) and "A&B<C丁" in read_text(path)

    # Another prefix for the same namespace, as any XML writer may choose.
    def prefixed(xml: bytes) -> bytes:
        return xml.replace(b"<w:", b"<x:").replace(b"</w:", b"</x:").replace(b" w:", b" x:")

    other = write_docx(
        tmp_path / "总结2.docx",
        prefixed(body),
        prefixed(HEAD).replace(b"xmlns:w=", b"xmlns:x="),
        prefixed(TAIL),
    )
    assert read_text(other) == python_docx_text(other) == read_text(path)


def test_the_main_part_is_found_through_the_package_relationships(tmp_path: Path) -> None:
    path = tmp_path / "总结.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.replace("/word/document.xml", "/word/main.xml"))
        archive.writestr("_rels/.rels", RELS.replace('Target="word/document.xml"', 'Target="/word/main.xml"'))
        archive.writestr("word/main.xml", HEAD + "<w:p><w:r><w:t>正文</w:t></w:r></w:p>".encode() + TAIL)
        archive.writestr("word/document.xml", HEAD + "<w:p><w:r><w:t>旧稿</w:t></w:r></w:p>".encode() + TAIL)
    assert read_text(path) == python_docx_text(path) == "正文"


def test_a_summary_is_counted_in_pieces_as_it_is_streamed(tmp_path: Path) -> None:
    chunk = "".join(f"<w:p><w:r><w:t>第{i}段，共计。</w:t></w:r></w:p>" for i in range(20_000)).encode()
    path = write_docx(tmp_path / "总结.docx", [chunk] * 2)  # 40,000 paragraphs, about 2 MiB
    pieces = list(summary_text(path))
    assert max(map(len, pieces)) < 2**20 and len(pieces) > 40_000
    assert count_characters(iter(pieces)) == count_characters(python_docx_text(path))


def test_regex_whitespace_is_str_isspace_for_every_code_point() -> None:
    # count_characters counts with \s; the office's rule is "not str.isspace()".
    text = "".join(map(chr, range(sys.maxunicode + 1))).replace("\ud800", "")
    assert count_characters(text) == sum(1 for ch in text if not ch.isspace())


# --- damaged and hostile Word files ---------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:document ['
    + b'<!ENTITY a0 "haha">'
    + b"".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">'.encode() for i in range(1, 10))
    + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p>'.encode()
)


def test_entity_expansion_is_refused_before_any_entity_is_declared(tmp_path: Path) -> None:
    path = tmp_path / "总结.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", LAUGHS + TAIL)
    with pytest.raises(ReadError, match="DOCTYPE"):
        read_text(path)
    # In the package relationships too, and in a declaration the byte scan cannot see whole.
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", RELS.replace("?>", '?><!DOCTYPE Relationships [<!ENTITY a "b">]>', 1))
        archive.writestr("word/document.xml", HEAD + TAIL)
    with pytest.raises(ReadError, match="DOCTYPE"):
        read_text(path)


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (HEAD + b"<w:p><w:r><w:t>", "不是完整的 XML"),  # truncated inside the part
        (b"", "不是完整的 XML"),
        (HEAD + b"<w:p></w:r>" + TAIL, "不是完整的 XML"),
    ],
)
def test_a_damaged_word_part_is_reported_as_damaged(tmp_path: Path, document: bytes, words: str) -> None:
    path = tmp_path / "总结.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    with pytest.raises(ReadError, match=words):
        read_text(path)


def test_a_word_file_without_its_main_part_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "总结.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", RELS.replace("word/document.xml", "word/missing.xml"))
        archive.writestr("word/document.xml", HEAD + TAIL)
    with pytest.raises(ReadError, match=re.escape("缺少正文部件 word/missing.xml")):
        read_text(path)


def test_the_budget_limits_come_from_limits(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "总结.docx", b"<w:p><w:r><w:t>\xe4\xb8\x80</w:t></w:r></w:p>" * 5)
    assert read_text(path) == "\n".join("一" * 5)
    with pytest.raises(ReadError, match="XML 元素超过 10 个的上限"):
        "".join(summary_text(path, limits=guard.Limits(document_elements=10)))
    with pytest.raises(ReadError, match="超过 0 秒的时间上限"):
        "".join(summary_text(path, limits=guard.Limits(parse_seconds=0)))
    # A tag left unfinished at the end of a 1 MiB chunk is held by expat, and scanned again
    # with every chunk that follows: its length is bounded too.
    tag = write_docx(tmp_path / "标签.docx", b'<w:p w:rsidR="' + b"0" * (3 * 2**19) + b'"/>')
    with pytest.raises(ReadError, match=re.escape("有一个长于 0.5 MB 的 XML 标签或注释")):
        "".join(summary_text(tag, limits=guard.Limits(xml_token_bytes=2**19)))
    assert read_text(tag) == ""


@pytest.mark.parametrize("kind", ["empty_paragraphs", "short_paragraphs"])
def test_the_hostile_summaries_pass_every_limit_the_guard_had_before(
    hostile: dict[str, Path], kind: str
) -> None:
    path = hostile[kind]
    data = path.read_bytes()
    assert guard.inspect_content(data) == frozenset()
    part = zipfile.ZipFile(path).getinfo("word/document.xml")
    assert part.file_size < guard.LIMITS.unpacked_bytes
    assert part.file_size < guard.LIMITS.entry_ratio * part.compress_size
    if kind == "empty_paragraphs":
        assert part.file_size >= 240 * 2**20 and len(data) < 8 * 2**20
        assert 30 < part.file_size / part.compress_size < 60
    else:
        assert len(data) < 2**20


READ = """
import json, resource, sys, time
from pathlib import Path
from sunshine_analysis.fieldwork.submissions import count_characters
from sunshine_analysis.ingest.read import ReadError, summary_text
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    result = count_characters(summary_text(Path(sys.argv[1])))
except ReadError as exc:
    result = str(exc)
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"result": result, "seconds": time.perf_counter() - start, "grown_kib": grown}))
"""


@pytest.mark.parametrize("kind", ["empty_paragraphs", "short_paragraphs"])
def test_a_hostile_summary_is_refused_in_bounded_time_and_memory(hostile: dict[str, Path], kind: str) -> None:
    child = run_child("-c", READ, str(hostile[kind]))
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout)
    assert report["result"] == (
        f"Word 文件中的 XML 元素超过 {LIMIT} 个的上限（正常文件远少于此，疑似异常文件）；"
        "请用 Word 或 Excel 另存后再报送"
    )
    assert report["seconds"] < READ_SECONDS
    assert report["grown_kib"] < 100 * 1024  # about 10 MB measured; the child may use 1.5 GiB


SUMMARIES = """
import json, sys
from sunshine_analysis.config.rules import load_rules
from sunshine_analysis.fieldwork.config import submission_rules
from sunshine_analysis.fieldwork.folder import read_folder
from sunshine_analysis.fieldwork.submissions import read_summaries
from sunshine_analysis.problems import Problems
rules, problems = load_rules(year=2020), Problems()
summaries = read_summaries(read_folder(sys.argv[1], rules, problems), submission_rules(rules), problems)
counts = {r.unit_name: int(r.characters) for r in summaries.itertuples()}
print(json.dumps({"counts": counts, "problems": [[p.file, p.message] for p in problems.items]}))
"""


@pytest.mark.parametrize("kind", ["empty_paragraphs", "short_paragraphs"])
def test_submissions_names_a_hostile_summary_and_checks_the_others(
    tmp_path: Path, tiny_year: Path, hostile: dict[str, Path], kind: str
) -> None:
    raw = june.add_june(tiny_year)
    bad = raw / "工作总结" / "临颍县工作总结.docx"
    bad.write_bytes(hostile[kind].read_bytes())
    # A damaged summary read after the hostile one: reported as damaged, in the same run.
    cut = raw / "工作总结" / "市委组织部工作总结.docx"
    cut.write_bytes(cut.read_bytes()[:-200])
    out = tmp_path / "out"
    result = run_child("-m", "sunshine_analysis.cli", "submissions", str(raw), "--out", str(out))
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    hostile_lines = [line for line in lines if "临颍县工作总结.docx" in line]
    assert len(hostile_lines) == 1 and f"XML 元素超过 {LIMIT} 个的上限" in hostile_lines[0], result.stderr
    assert "损坏" not in hostile_lines[0]
    assert any("市委组织部工作总结.docx" in line and "已损坏" in line for line in lines), result.stderr
    assert "Traceback" not in result.stderr and not out.exists()

    child = run_child("-c", SUMMARIES, str(raw))
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout)
    assert report["counts"] == {"西城区": 3000, "市总工会": 100, "市妇联": 2500}
    assert [file for file, _ in report["problems"]] == [
        "工作总结/临颍县工作总结.docx",
        "工作总结/市委组织部工作总结.docx",
    ]
