"""Configuration: the project's folders, the office's rules files and the fixed vocabulary.

:mod:`.paths` derives every folder from the package's location; :mod:`.rules` loads and checks
a year's rules file (``rules/<year>.toml``); :mod:`.vocab` holds the sector and unit-kind codes,
the Chinese column labels and the confidentiality mark. Grades and every rule value come from
the rules file, never from code.
"""

from sunshine_analysis.config.rules import Rules, RulesError, load_rules
from sunshine_analysis.config.vocab import LABELS, SECRET_MARK, SECTORS, UNIT_KINDS

__all__ = ["LABELS", "SECRET_MARK", "SECTORS", "UNIT_KINDS", "Rules", "RulesError", "load_rules"]
