"""requirements.lock pins what `make` installs: every declared dependency, one version, with hashes."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from sunshine_analysis.config import paths

LOCK = paths.PROJECT_ROOT / "requirements.lock"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def _entries() -> list[tuple[Requirement, list[str]]]:
    """Each requirement of the lock with its hashes (backslash-continued lines joined, comments dropped)."""
    logical, current = [], ""
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        current += line.rstrip().removesuffix("\\") + " "
        if not line.rstrip().endswith("\\"):
            if current.strip():
                logical.append(current.strip())
            current = ""
    assert not current.strip(), "the lock ends in a continued line"
    entries = []
    for text in logical:
        requirement, _, options = text.partition(" --")
        options = "--" + options if options else ""
        hashes = HASH.findall(options)
        leftover = HASH.sub("", options).strip()
        assert not leftover, f"unexpected option in the lock: {leftover!r} ({requirement})"
        entries.append((Requirement(requirement), hashes))
    return entries


def _locked() -> dict[str, list[tuple[Requirement, list[str]]]]:
    by_name: dict[str, list[tuple[Requirement, list[str]]]] = {}
    for requirement, hashes in _entries():
        by_name.setdefault(canonicalize_name(requirement.name), []).append((requirement, hashes))
    return by_name


def _locked_extras() -> set[str]:
    """The extras `make lock` resolves (its `--extra NAME` arguments)."""
    makefile = (paths.PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    rule = makefile[makefile.index("\nlock:") :].split("\n\n")[0]
    return set(re.findall(r"--extra\s+([\w-]+)", rule))


def _declared() -> list[Requirement]:
    pyproject = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = pyproject["project"]["optional-dependencies"]
    declared = list(pyproject["project"]["dependencies"])
    for extra in sorted(_locked_extras()):
        declared += extras[extra]
    declared += pyproject["build-system"]["requires"]
    return [Requirement(r) for r in declared]


def test_make_locks_the_dev_and_sample_extras() -> None:
    pyproject = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"dev", "sample"} <= _locked_extras() <= set(pyproject["project"]["optional-dependencies"])


def test_every_locked_requirement_is_pinned_with_hashes() -> None:
    entries = _entries()
    assert len(entries) > 50
    for requirement, hashes in entries:
        (spec,) = requirement.specifier
        assert spec.operator == "==" and "*" not in spec.version, f"not pinned: {requirement}"
        assert hashes, f"no hash for {requirement}"
        assert len(hashes) == len(set(hashes)), f"a hash twice for {requirement}"


def test_one_version_per_package_for_this_interpreter() -> None:
    for name, entries in _locked().items():
        applying = [r for r, _ in entries if r.marker is None or r.marker.evaluate()]
        assert len(applying) <= 1, f"{name} is locked twice for this interpreter: {applying}"


def test_every_declared_dependency_is_locked_at_an_allowed_version() -> None:
    locked = _locked()
    for declared in _declared():
        entries = locked.get(canonicalize_name(declared.name))
        assert entries, f"pyproject.toml declares {declared}, requirements.lock lacks it; run `make lock`"
        for requirement, _ in entries:
            pinned = Version(next(iter(requirement.specifier)).version)
            assert declared.specifier.contains(pinned, prereleases=True), (
                f"requirements.lock has {requirement}, pyproject.toml asks {declared}; run `make lock`"
            )


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (paths.PROJECT_ROOT / ".venv").resolve(),
    reason="only the checkout's own .venv is installed from the lock",
)
def test_the_venv_holds_the_locked_versions() -> None:
    """What `make` installed is what the lock says (a stale .venv is rebuilt by `make venv`)."""
    wrong = {}
    for name, entries in _locked().items():
        for requirement, _ in entries:
            if requirement.marker is not None and not requirement.marker.evaluate():
                continue
            wanted = next(iter(requirement.specifier)).version
            try:
                installed = version(name)
            except PackageNotFoundError:
                installed = None
            if installed is None or Version(installed) != Version(wanted):
                wrong[name] = (installed, wanted)
    assert not wrong, f"installed vs locked: {wrong}; run `make venv`"
