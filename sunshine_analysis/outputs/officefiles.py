"""Reproducible Office files: fixed document dates and zip entries, byte for byte.

openpyxl and python-docx stamp the current time into the document properties and into every
zip entry; these helpers write fixed ones instead, so two runs on the same inputs give
byte-identical workbooks and documents.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping

from docx.document import Document
from openpyxl import Workbook
from openpyxl.xml.functions import tostring

FIXED_TIME = dt.datetime(2000, 1, 1)
"""The one date written into every Office file the project makes, for byte-identical reruns."""


def stable_zip(
    data: bytes, when: dt.datetime = FIXED_TIME, replace: Mapping[str, bytes] | None = None
) -> bytes:
    """Rewrite a zip-based Office file with fixed entry dates and attributes, in the same order.

    Args:
        data: The file as saved by openpyxl or python-docx.
        when: The date written on every entry.
        replace: New contents for some entries (e.g. the document properties).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            body = (replace or {}).get(item.filename) or source.read(item)
            target.writestr(info, body, compresslevel=9)
    return out.getvalue()


def workbook_bytes_at(book: Workbook, author: str, when: dt.datetime = FIXED_TIME) -> bytes:
    """Save an openpyxl workbook with ``when`` as its creation and modification dates."""
    book.properties.creator = author
    book.properties.lastModifiedBy = author
    book.properties.created = when
    book.properties.modified = when
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl sets "modified" to now while saving; write the fixed core properties back.
    book.properties.modified = when
    core = tostring(book.properties.to_tree())
    return stable_zip(buffer.getvalue(), when, {"docProps/core.xml": core})


def document_bytes_at(document: Document, author: str, title: str, when: dt.datetime = FIXED_TIME) -> bytes:
    """Save a python-docx document with ``when`` as its dates and ``author`` and ``title`` set."""
    props = document.core_properties
    props.author = props.last_modified_by = author
    props.title = title
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), when)
