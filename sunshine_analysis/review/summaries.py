"""Highlights (创新亮点) and problems (存在问题) taken from the units' work summaries.

A summary is read as paragraphs. A paragraph is a heading when it is short and has no
sentence inside it (``二、存在问题``; unnumbered, as a styled or bold ``存在问题`` alone on its
line, it does not even end with 。), or, when numbered, by its lead phrase (``（一）创新亮点。
我局……``, a run-in heading). Numbering may be in any of the usual styles (``一、`` ``（一）``
``1.`` ``（1）`` ``①``); the first style a summary uses is its top level, the next one below
it, and so on; an unnumbered heading is above them all (it closes every section, which is also
how a closing signature ends the last one).

A heading containing a word of :data:`~sunshine_analysis.config.vocab.SUMMARY_HEADINGS` opens a
section of that kind; the headings and paragraphs below it belong to it until a heading of the
same or a higher level. A plan heading (下一步打算) inside a problem section ends the problems
there (``三、存在的问题及下一步打算`` → ``（二）下一步打算``), as does a sentence opening with
下一步 (:data:`~sunshine_analysis.config.vocab.PLAN_OPENERS`). Every sentence of a highlight or
problem section is taken as written (numbering and a leading 一是 left out), so each one occurs
verbatim in the summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sunshine_analysis.config.rules import Rules
from sunshine_analysis.config.vocab import PLAN_OPENERS, SUMMARY_HEADINGS
from sunshine_analysis.outputs.contract import SUMMARY_POINTS

KINDS = ("highlight", "problem")
"""The kinds of sentences taken; ``plan`` sections are recognised only to end the others."""

HEADING_MAX = 30
"""Longest heading text (numbering left out), in characters, for a numbered heading."""
PLAIN_HEADING_MAX = 20
"""Longest unnumbered paragraph taken for a heading (a styled or bold heading line)."""
SUBHEADING_MAX = 12
"""Longest heading that changes the kind of the section it stands in (（二）下一步打算)."""

_CN = "一二三四五六七八九十"
# Numbering styles, each with the pattern of its prefix; order is only for matching.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paren_cn", re.compile(rf"[（(][{_CN}]{{1,3}}[)）][、，,．.]?")),
    ("paren_arabic", re.compile(r"[（(]\d{1,2}[)）][、，,．.]?")),
    ("cn", re.compile(rf"[{_CN}]{{1,3}}[、，,．.](?![{_CN}])")),
    ("arabic", re.compile(r"\d{1,2}(?:[、，,]|[.．](?!\d)|[)）])")),
    ("circled", re.compile(r"[①-⑳]")),
)
_SPACE = " \t\r\n\u3000\u00a0\ufeff"
_STOPS = "。！？!?；;"
_LEAD = re.compile(rf"[^{_STOPS}：:]*[{_STOPS}：:]")
_SENTENCE = re.compile(rf"[^{_STOPS}\n]+(?:[{_STOPS}]+[”’」』）)]*)?")
_ORDINAL = re.compile(rf"^(?:[{_CN}]是|第[{_CN}]，|首先，|其次，|再次，|最后，)")
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z]")


@dataclass
class _Frame:
    rank: int
    kind: str | None
    heading: str


def numbering(paragraph: str) -> tuple[str | None, str]:
    """The numbering style of a paragraph and the text after its number.

    >>> numbering("（三）存在问题"), numbering("2．台账不全。"), numbering("2020年以来")
    (('paren_cn', '存在问题'), ('arabic', '台账不全。'), (None, '2020年以来'))
    """
    for style, pattern in _STYLES:
        match = pattern.match(paragraph)
        if match:
            return style, paragraph[match.end() :].lstrip(_SPACE)
    return None, paragraph


def heading_kind(text: str) -> str | None:
    """The section a heading announces (``problem``, ``highlight``, ``plan``), or None.

    >>> heading_kind("三、存在的问题及下一步打算"), heading_kind("坚持问题导向，提升工作实效")
    ('problem', None)
    """
    for kind, words in SUMMARY_HEADINGS.items():
        if any(word in text for word in words):
            return kind
    return None


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, as written, a leading 一是 (首先，…) left out.

    >>> sentences("一是台账不全；二是更新不及时。 群众知晓率不高")
    ['台账不全；', '更新不及时。', '群众知晓率不高']
    """
    found = []
    for match in _SENTENCE.finditer(text):
        sentence = _ORDINAL.sub("", match.group().strip(_SPACE)).strip(_SPACE)
        if _WORDY.search(sentence):
            found.append(sentence)
    return found


def _heading(paragraph: str, style: str | None, rest: str) -> tuple[str, str] | None:
    """(heading text, body after it) when the paragraph is or opens with a heading."""
    bare = rest.rstrip(_SPACE + "。：:；;，,")
    if style is None:
        # Unnumbered: a short line with no sentence in it, not even one ending it (政务公开。).
        plain = rest.rstrip(_SPACE + "：:")
        if len(plain) <= PLAIN_HEADING_MAX and not any(c in plain for c in _STOPS + "，,"):
            return plain, ""
        lead = re.match(r"[^：:]{1,12}[：:]", rest)  # 存在问题：一是……
        if lead and heading_kind(lead.group()) in KINDS and not any(c in lead.group() for c in _STOPS):
            return lead.group().rstrip("：:"), rest[lead.end() :]
        return None
    if len(bare) <= HEADING_MAX and not any(c in bare for c in _STOPS):
        return bare, ""
    lead = _LEAD.match(rest)
    if lead and len(lead.group()) <= HEADING_MAX + 1:
        return lead.group()[:-1], rest[lead.end() :]
    return None


def _short_title(text: str) -> bool:
    return len(text) <= SUBHEADING_MAX and not any(c in text for c in _STOPS + "，,")


def extract_points(text: str) -> list[tuple[str, str, str]]:
    """The highlight and problem sentences of one summary's text, in document order.

    Returns:
        (kind, heading, sentence) triples; ``heading`` is the paragraph that announced the
        section, as written.

    >>> extract_points("一、做法\\n做了。\\n二、不足\\n1.台账不全。\\n2.更新慢。\\n三、下一步\\n加强。")
    [('problem', '二、不足', '台账不全。'), ('problem', '二、不足', '更新慢。')]
    """
    ranks: dict[str, int] = {}
    stack: list[_Frame] = []
    points: list[tuple[str, str, str]] = []

    def emit(body: str) -> None:
        for sentence in sentences(body):
            frame = stack[-1]
            if frame.kind in KINDS and sentence.startswith(PLAN_OPENERS):
                frame.kind = "plan"
            if frame.kind in KINDS:
                points.append((frame.kind, frame.heading, sentence))

    for line in text.splitlines():
        paragraph = line.strip(_SPACE)
        if not paragraph:
            continue
        style, rest = numbering(paragraph)
        heading = _heading(paragraph, style, rest)
        if style is None and heading is None:
            if stack:
                emit(paragraph)
            continue
        rank = 0 if style is None else ranks.setdefault(style, len(ranks) + 1)
        while stack and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        own = heading_kind(heading[0]) if heading else None
        # Inside a section only a short title switches it (（二）下一步打算); an item that merely
        # mentions a word (1.创新意识不强，方法单一。) is the section's content.
        if (
            own
            and parent
            and parent.kind is not None
            and ((parent.kind == "plan" and own in KINDS) or not _short_title(heading[0]))
        ):
            own = None
        if heading and own:
            announced = paragraph[: len(paragraph) - len(heading[1])].rstrip(_SPACE + "。：:；;，,")
            stack.append(_Frame(rank, own, announced))
            emit(heading[1])
        else:
            inherited = parent.kind if parent else None
            stack.append(_Frame(rank, inherited, parent.heading if parent else ""))
            if style is not None or inherited in KINDS:
                emit(rest)
    return points


def summary_points_of(text: str, unit_id: str, source_file: str) -> pd.DataFrame:
    """:func:`extract_points` of one summary as rows of :data:`SUMMARY_POINTS`."""
    rows = [
        {"unit_id": unit_id, "kind": kind, "heading": heading, "text": sentence, "source_file": source_file}
        for kind, heading, sentence in extract_points(text)
    ]
    return pd.DataFrame(rows, columns=SUMMARY_POINTS)


def _summaries(raw_dir: Path, rules: Rules) -> Iterator[tuple[str, Path, Path]]:
    """(unit_id, path relative to the raw folder, path on disk) of each summary whose unit is known."""
    from sunshine_analysis.fieldwork.folder import claim_unit, read_folder
    from sunshine_analysis.problems import Problems

    problems = Problems()
    folder = read_folder(raw_dir, rules, problems)
    if folder is None:
        return
    owner: dict[str, str] = {}
    for rel in folder.summaries:
        unit_id = claim_unit(rel, folder.index, "工作总结", owner, problems)
        if unit_id is not None:
            yield unit_id, rel, folder.path_of(rel)


def summary_points(raw_dir: str | Path, rules: Rules) -> pd.DataFrame:
    """One row per sentence under a highlight or problem heading (:data:`SUMMARY_POINTS`).

    Every work summary of the folder (.docx or .txt, found and assigned to its unit as the
    June submissions check does); a summary that cannot be read is skipped (the submissions
    check reports it). Rows are in the folder's order of summaries, sentences in document order.
    """
    from sunshine_analysis.ingest.read import summary_text

    frames = []
    try:
        found = list(_summaries(Path(raw_dir), rules))
    except Exception:  # an odd folder never stops the report; `sunshine validate` names it
        found = []
    for unit_id, rel, path in found:
        try:
            text = "".join(summary_text(path))
        except Exception:  # reported by the submissions check (无法读取工作总结)
            continue
        frames.append(summary_points_of(text, unit_id, rel.as_posix()))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in SUMMARY_POINTS})
    return pd.concat(frames, ignore_index=True)
