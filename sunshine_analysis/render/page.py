"""Wrap exported notebook HTML into one self-contained, printable page.

The page shell and its stylesheet are package data (``templates/page.html``,
``templates/report.css``): A4 print setup, the confidentiality mark on every printed page,
a table of contents built from the headings. Nothing in it refers to another host.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib.resources import files
from string import Template

from sunshine_analysis.config.vocab import SECRET_MARK

_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


@cache
def _template() -> tuple[Template, str]:
    folder = files("sunshine_analysis.render") / "templates"
    page = Template((folder / "page.html").read_text(encoding="utf-8"))
    return page, (folder / "report.css").read_text(encoding="utf-8")


def table_of_contents(body: str) -> str:
    """A nested list linking to every ``h2`` and ``h3`` with an ``id`` in ``body``.

    >>> table_of_contents('<h2 id="a">一、总体</h2><h3 id="b">县区</h3>')
    '<ol><li><a href="#a">一、总体</a><ol><li><a href="#b">县区</a></li></ol></li></ol>'
    """
    out, depth = [], 1
    for level, anchor, inner in _HEADING.findall(body):
        level = int(level) - 1
        text = html.unescape(_TAG.sub("", inner)).strip().rstrip("¶").strip()
        if level > depth:
            out[-1] = out[-1].removesuffix("</li>")
            out.append("<ol>")
            depth += 1
        while level < depth:
            out.append("</ol></li>")
            depth -= 1
        out.append(f'<li><a href="#{anchor}">{html.escape(text)}</a></li>')
    out.extend("</ol></li>" for _ in range(depth - 1))
    return "<ol>" + "".join(out) + "</ol>" if out else ""


def wrap_page(body: str, title: str, contents: bool = True) -> str:
    """The full HTML page around an exported notebook ``body``; ``title`` is escaped.

    With ``contents`` False there is no table of contents (a unit's brief: a few pages, whose
    first page should hold its results, not a list of its sections).
    """
    page, css = _template()
    toc = table_of_contents(body) if contents else ""
    if toc:
        # Below the document's own title when it has one, else at the top.
        nav = f'<nav class="toc" aria-label="目录"><h2 class="toc-title">目录</h2>{toc}</nav>'
        end = body.find("</h1>")
        cut = body.find("</div>", end) if end >= 0 else -1
        at = cut + len("</div>") if cut >= 0 else 0
        body = body[:at] + nav + body[at:]
    return page.substitute(title=html.escape(title), css=css, mark=SECRET_MARK, body=body)
