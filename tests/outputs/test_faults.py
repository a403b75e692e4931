"""Faults of the machine, not of the inputs: a full disk, no permission, a path through a file,
an absurd rules value. Each ends in a Chinese message naming the path or key, exit 1, no
traceback, and the previous outputs as they were."""

from __future__ import annotations

import errno
import filecmp
from pathlib import Path

import pytest

from sunshine_analysis import cli
from sunshine_analysis.config import paths


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
        (PermissionError(errno.EACCES, "Permission denied"), "没有权限"),
        (OSError(errno.EROFS, "Read-only file system"), "只读"),
    ],
)
def test_a_fault_while_writing_leaves_the_previous_outputs(
    tiny_year: Path, tmp_path: Path, capsys, monkeypatch, fault: OSError, words: str
) -> None:
    out = tmp_path / "out"
    assert _run(capsys, "score", str(tiny_year), "--out", str(out))[0] == 0
    before = _snapshot(out)
    real = Path.write_bytes
    calls = []

    def failing(self: Path, data: bytes) -> int:
        calls.append(self)
        if len(calls) == 3:  # a few files in: the run is half written
            raise type(fault)(fault.errno, fault.strerror, str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    code, err = _run(capsys, "score", str(tiny_year), "--out", str(out))
    assert code == 1
    assert words in err and str(calls[2].name) in err and "之前写出的结果保持原样" in err
    monkeypatch.undo()
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == [out.resolve().name]


def test_an_output_path_through_a_file_is_named(tiny_year: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "报告"
    blocker.write_text("not a folder", encoding="utf-8")
    code, err = _run(capsys, "score", str(tiny_year), "--out", str(blocker / "2020"))
    assert code == 1
    assert "路径中有一段不是文件夹" in err or "已存在同名的文件" in err
    assert str(blocker) in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_absurd_rules_value_is_refused_naming_its_key(tiny_year: Path, tmp_path: Path, capsys) -> None:
    text = paths.rules_file(2020).read_text(encoding="utf-8")
    bad = tmp_path / "rules.toml"
    bad.write_text(text.replace("max_score = 100.0", "max_score = 1e300", 1), encoding="utf-8")
    out = tmp_path / "out"
    code, err = _run(capsys, "score", str(tiny_year), "--rules", str(bad), "--out", str(out))
    assert code == 1
    assert "sector.max_score" in err and "不应超过 10000" in err
    assert not out.exists()


def test_the_same_run_twice_is_identical(tiny_year: Path, tmp_path: Path, capsys) -> None:
    # The control: without a fault the snapshot comparison above would hold only if runs agree.
    for name in ("a", "b"):
        assert _run(capsys, "score", str(tiny_year), "--out", str(tmp_path / name))[0] == 0
    assert not filecmp.dircmp(tmp_path / "a", tmp_path / "b").diff_files
