"""Publish a folder of outputs all at once: a run killed at any moment leaves the previous
complete set in place, never a mix of old and new files.

An output folder (``data/processed/2020``, ``reports/2020``, the ``--out`` of ``sunshine
score``) is a symbolic link to a hidden sibling version folder (``.2020.<pid>.<random>``).
A run writes every file into a fresh version folder, then points the link at it by renaming
a new link over the old one — a single atomic ``rename`` on POSIX — and only then removes the
old versions. Whoever opens ``data/processed/2020/units.csv`` sees the old set or the new
set. (Renaming each finished file into place would keep every file whole, but a kill between
two renames would leave a mix; swapping one link switches the whole set.)

Some commands share a folder: ``reports/2020`` holds the July products of ``sunshine report``
and, in ``fieldwork/``, those of the June commands. ``keep`` names the entries another command
owns: they are carried from the previous version into the new one (as hard links, so the
previous version stays intact until the switch), merged file by file under what this run
wrote.

A run killed before the swap leaves its version folder behind; the next run removes it once
the process that made it is gone. A plain folder left by an earlier version of the tool is
taken over once — moved aside and replaced by the link — but only if it holds nothing except
files this run writes: a folder with anything else in it is refused, so that ``--out`` can
never delete someone's files. Symbolic links need a POSIX system (Linux, macOS).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


class OutputError(ValueError):
    """An output folder cannot be published; the message is Chinese."""


@contextmanager
def publishing(target: str | Path, keep: Iterable[str] = ()) -> Iterator[Path]:
    """Give a fresh folder to write a set of outputs into; publish it as ``target`` on success.

    If the block raises, the fresh folder is removed and ``target`` is left as it was.

    Args:
        target: The output folder.
        keep: Entries (files or folders) of the previous version to carry into the new one,
            file by file where this run did not write the same file.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with publishing(root / "out") as folder:
    ...     _ = (folder / "a.csv").write_text("1")
    >>> (root / "out" / "a.csv").read_text(), (root / "out").is_symlink()
    ('1', True)
    """
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = _new_version_folder(target)
    try:
        yield stage
        publish(stage, target, keep)
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM) after the switch, while removing the old versions, the
        # folder is already the published one and stays.
        if not (target.is_symlink() and os.readlink(target) == stage.name):
            shutil.rmtree(stage, ignore_errors=True)
        raise


def write_files(
    target: str | Path, files: Mapping[str, bytes | Callable[[], bytes]], *, merge: bool = False
) -> list[Path]:
    """Publish ``files`` (name → content, or a function making it) as the folder ``target``.

    Nothing is published when making a file fails. With ``merge`` the folder's other files
    are carried over, so that commands sharing a folder (the June ones in ``fieldwork/``)
    keep each other's outputs. Names may contain sub-folders (``督办通知/x.docx``).

    Returns:
        The files written, under ``target``.
    """
    target = Path(target)
    keep = sorted(p.name for p in target.iterdir()) if merge and target.is_dir() else []
    with publishing(target, keep=keep) as folder:
        for name, content in files.items():
            path = folder / name
            if (
                ".." in Path(name).parts
                or Path(name).is_absolute()
                or not path.resolve().is_relative_to(folder.resolve())
            ):
                raise ValueError(f"output name leaves its folder: {name!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content() if callable(content) else content)
    return [target / name for name in files]


def safe_file_name(text: str, limit: int = 80) -> str:
    """``text`` made fit to be one file name: no folder separators, no characters Windows
    refuses, no control or invisible format characters, no leading dot, at most ``limit``
    characters. For names built from data (a unit's name in 督办通知/<name>督办通知.docx).

    >>> safe_file_name("../../../x"), safe_file_name("市委/组织部"), safe_file_name("a\u202egpj.exe")
    ('_.._.._x', '市委_组织部', 'a_gpj.exe')
    >>> safe_file_name(".."), safe_file_name("")
    ('_', '_')
    """
    cleaned = _UNSAFE_IN_NAME.sub("_", text).lstrip(". ")
    return (cleaned[:limit].rstrip(". ") if cleaned.strip("._ ") else "") or "_"


_UNSAFE_IN_NAME = re.compile(
    r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]'
)


def _new_version_folder(target: Path) -> Path:
    """A new, empty version folder beside ``target``: ``.<name>.<pid>.<random>``.

    Made with ``os.mkdir``'s default mode, so it gets the permissions the user's umask gives
    (``drwxr-xr-x`` under umask 022, ``drwx------`` under 077), like the files and sub-folders
    written into it; ``tempfile.mkdtemp`` would make it private whatever the umask.
    """
    for _ in range(100):
        stage = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}"
        try:
            stage.mkdir()
        except FileExistsError:
            continue
        return stage
    raise FileExistsError(errno.EEXIST, "no unused version folder name", str(target.parent))


def publish(stage: Path, target: Path, keep: Iterable[str] = ()) -> None:
    """Point ``target`` at the finished version folder ``stage`` in one atomic rename."""
    keep = set(keep)
    if target.is_dir():
        for name in keep:
            _carry(target / name, stage / name)
    _take_over(target, stage)
    link = target.parent / f".{target.name}.{os.getpid()}.link"
    link.unlink(missing_ok=True)
    os.symlink(stage.name, link)
    os.replace(link, target)
    remove_old_versions(target)


def remove_old_versions(target: Path) -> None:
    """Remove the version folders of ``target`` that it no longer points to.

    A folder still being written by another live run is left alone.
    """
    current = os.readlink(target) if target.is_symlink() else None
    prefix = f".{target.name}."
    for sibling in target.parent.iterdir():
        if not sibling.name.startswith(prefix) or sibling.name == current:
            continue
        pid = sibling.name[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or (int(pid) != os.getpid() and is_alive(int(pid))):
            continue
        if sibling.is_dir() and not sibling.is_symlink():
            shutil.rmtree(sibling, ignore_errors=True)
        else:
            sibling.unlink(missing_ok=True)


def carried_files(target: str | Path, keep: Iterable[str]) -> list[str]:
    """The files of the published ``target`` that :func:`publish` with ``keep`` would carry into
    a new version (unless the new version has a file of the same name), as POSIX paths relative
    to ``target``, sorted. For a product that lists them (``reports/<year>/index.html``).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with publishing(root / "out") as folder:
    ...     (folder / "fieldwork" / "督办通知").mkdir(parents=True)
    ...     _ = (folder / "fieldwork" / "督办通知" / "a.docx").write_text("1")
    >>> carried_files(root / "out", ["fieldwork", "units"])
    ['fieldwork/督办通知/a.docx']
    """
    target = Path(target)
    return sorted((Path(name) / relative).as_posix() for name in keep for relative in _carried(target / name))


def _carried(source: Path) -> Iterator[Path]:
    """The files under ``source`` (or ``source`` itself, a file) that are carried, relative to it."""
    if source.is_file():
        yield Path()
    elif source.is_dir():
        for child in sorted(source.iterdir()):
            if not child.name.startswith(".tmp-"):
                yield from (child.name / relative for relative in _carried(child))


def _carry(source: Path, destination: Path) -> None:
    """Hard-link the files under ``source`` into ``destination`` where it has none of that name."""
    for relative in _carried(source):
        to = destination / relative
        if to.exists():
            continue
        to.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / relative, to)
        except OSError:  # a file system without hard links
            shutil.copy2(source / relative, to)


def _take_over(target: Path, stage: Path) -> None:
    """Make room for the link: move aside a plain folder that holds only our own outputs."""
    if target.is_symlink() or not target.exists():
        return
    if not target.is_dir():
        raise OutputError(f"输出位置「{target}」是一个文件，不是文件夹")
    ours = {p.name for p in stage.iterdir()}
    # An entry another command published into the folder (fieldwork/) is a link beside its
    # hidden version folders (.fieldwork.<pid>.<random>): those are ours too once carried.
    versions = tuple(f".{name}." for name in ours)
    others = sorted(
        p.name for p in target.iterdir() if p.name not in ours and not p.name.startswith((".tmp-", *versions))
    )
    if others:
        raise OutputError(
            f"输出文件夹「{target}」中已有其他文件（{'、'.join(others[:5])}），不是本工具写出的结果；"
            "为免误删，请指定一个新的或空的文件夹"
        )
    os.rename(target, target.parent / f".{target.name}.{os.getpid()}.old")


_VERSION_FOLDER = re.compile(r"\.(?P<name>.+)\.\d+\.[^.]+")


def published_folder_of(path: str | Path) -> Path | None:
    """The output folder published by :func:`publishing` that ``path`` lies in, if any.

    Such a folder is a link to a version folder ``.<name>.<pid>.<random>`` that the next run
    replaces as a whole: a file put there by hand is lost, or handed on with the outputs.
    Links are followed, so ``reports/2020/fieldwork/x`` and the version folder's own path
    are both found.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with publishing(root / "out") as folder:
    ...     _ = (folder / "a.csv").write_text("1")
    >>> published_folder_of(root / "out" / "x.txt") == root / "out", published_folder_of(root / "x.txt")
    (True, None)
    """
    folder = Path(path).absolute().parent.resolve()
    for ancestor in (folder, *folder.parents):
        match = _VERSION_FOLDER.fullmatch(ancestor.name)
        if match and (ancestor.parent / match["name"]).is_symlink():
            return ancestor.parent / match["name"]
    return None


def is_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one another user runs counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


__all__ = [
    "OutputError",
    "carried_files",
    "is_alive",
    "publish",
    "published_folder_of",
    "publishing",
    "remove_old_versions",
    "write_files",
]
