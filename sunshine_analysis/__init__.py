"""Score, rank and report the 阳光漯河 (Sunshine Luohe) transparency evaluation."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sunshine_analysis")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
