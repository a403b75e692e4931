"""Ingest: recognise, read, normalise and validate one year's received files.

The stage reads top-down: :mod:`.scan` reads each file once (by content, not extension) and
recognises every sheet; :mod:`.load` parses the recognised sheets into tidy tables
(:mod:`.registry`, :mod:`.scoresheet`, :mod:`.lists`) and checks them (:mod:`.validate`),
collecting every problem of the whole folder; :func:`load_year` returns the tidy
:class:`~sunshine_analysis.ingest.inputs.YearInputs` or raises
:class:`~sunshine_analysis.problems.InputError` with all the problems at once.
"""

from sunshine_analysis.ingest.inputs import YearInputs, participation
from sunshine_analysis.ingest.load import Ingest, check_year, load_year
from sunshine_analysis.ingest.mapping import draft_mapping, mapping_path
from sunshine_analysis.ingest.read import read_sheets, read_text, summary_text
from sunshine_analysis.ingest.scan import MANIFEST_COLUMNS, scan_folder
from sunshine_analysis.problems import InputError

__all__ = [
    "MANIFEST_COLUMNS",
    "Ingest",
    "InputError",
    "YearInputs",
    "check_year",
    "draft_mapping",
    "load_year",
    "mapping_path",
    "participation",
    "read_sheets",
    "read_text",
    "scan_folder",
    "summary_text",
]
