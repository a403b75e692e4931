"""Outputs: the data contract and how it is written and read back.

:mod:`.contract` lists every file's columns; :mod:`.write` is the one writer of a year's tables;
:mod:`.atomic` publishes a folder as a whole; :mod:`.formulas` keeps input text from running as
a formula in Excel; :mod:`.officefiles` makes Office files byte-reproducible; :mod:`.results`
reads a year's tables back for the notebooks (or takes them from memory).

Nothing is imported here: the contract is imported by every stage, the writer imports them all.
"""
