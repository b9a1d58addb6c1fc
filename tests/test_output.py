"""The one atomic writer: complete files only, the usual permissions, the umask untouched."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from islandmap import output
from islandmap.errors import IslandmapError
from islandmap.output import current_umask, replace_file, write_atomic, write_new_file


@pytest.fixture
def umask_027():
    previous = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(previous)


def test_the_umask_is_read_without_being_changed(umask_027, monkeypatch):
    if not Path("/proc/self/status").is_file():
        pytest.skip("no /proc: the umask can only be read by setting it")

    def changed(mask: int) -> int:
        raise AssertionError("the process umask was changed")

    monkeypatch.setattr(os, "umask", changed)
    assert current_umask() == 0o027


def test_without_proc_the_umask_is_set_back(umask_027, monkeypatch):
    real_open = open

    def no_proc(path, *args, **kwargs):
        if str(path).startswith("/proc/"):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", no_proc)
    assert current_umask() == 0o027
    monkeypatch.undo()
    assert current_umask() == 0o027


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_files_get_the_usual_permissions(tmp_path, umask_027):
    target = tmp_path / "map.html"
    write_atomic(target, "<p>map</p>")
    assert target.read_text(encoding="utf-8") == "<p>map</p>"
    assert target.stat().st_mode & 0o777 == 0o640
    new = write_new_file([tmp_path / "a.md"], b"text")
    assert new.stat().st_mode & 0o777 == 0o640


def test_replace_file_replaces_and_leaves_nothing_when_it_fails(tmp_path, monkeypatch):
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    replace_file(target, b"new")
    assert target.read_bytes() == b"new"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        replace_file(target, b"newer")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["data.bin"]


def test_write_new_file_never_replaces_a_file(tmp_path, monkeypatch):
    taken = tmp_path / "a.md"
    real_link = os.link

    def racing_link(source, target):
        # Another program writes a.md between the check and the link.
        if Path(target) == taken and not taken.exists():
            taken.write_text("theirs", encoding="utf-8")
        real_link(source, target)

    monkeypatch.setattr(os, "link", racing_link)
    written = write_new_file([taken, tmp_path / "a-2.md"], b"ours")
    assert written == tmp_path / "a-2.md"
    assert taken.read_text(encoding="utf-8") == "theirs"
    assert written.read_bytes() == b"ours"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.md", "a.md"]
    with pytest.raises(FileExistsError):
        write_new_file([taken], b"again")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.md", "a.md"]


def test_write_atomic_errors_name_the_input_not_a_flag(tmp_path):
    with pytest.raises(IslandmapError) as raised:
        write_atomic(tmp_path, "x")
    assert raised.value.option == "output"
    assert raised.value.message == "is a folder. Give the name of a file"
    assert "-o" not in raised.value.message
    assert output.WRITE_FIX.startswith("Check the folder's permissions")
