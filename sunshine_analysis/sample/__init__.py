"""The sample-year generator: believable raw folders for demonstrations and tests.

:mod:`.world` draws a year (units, frames, qualities, scores); :mod:`.sheets`, :mod:`.lists` and
:mod:`.materials` lay it out as files through :mod:`.files`; :mod:`.year` writes them all.
"""

from sunshine_analysis.sample.world import LAYOUTS, DemoUnit, demo_units, non_whitespace_length
from sunshine_analysis.sample.year import write_demo_year

__all__ = ["LAYOUTS", "DemoUnit", "demo_units", "non_whitespace_length", "write_demo_year"]
