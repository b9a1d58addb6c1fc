"""Writing files atomically, and results to stdout.

A failed write never leaves a half-written file or clobbers an earlier one: the content
goes to a temporary file beside the target, flushed to disk, which is renamed over the
target (:func:`replace_file`) or linked to a free name (:func:`write_new_file`) only once
complete. What islandmap writes is for sharing: the file gets the usual permissions
(``0o666`` less the umask), as if it had been opened plainly.
"""

from __future__ import annotations

import errno
import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from islandmap.errors import IslandmapError

WRITE_FIX = "Check the folder's permissions and free space, or choose another path"


def counted(n: int, noun: str) -> str:
    """*n* and *noun*, in the plural unless *n* is 1: "1 quote", "2 quotes"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def write_atomic(output: Path, content: str | bytes) -> None:
    """Write *content* (text as UTF-8) to *output* via a temporary file and a rename.

    A symbolic link is written through (its target is replaced); a folder, device or pipe
    is refused rather than replaced by a file. Problems raise :class:`IslandmapError`
    naming *output* (``option="output"``).
    """
    output = Path(output)
    given = output
    try:
        if output.is_symlink():
            output = output.resolve(strict=True)
        if output.exists() and not output.is_file():
            kind = "a folder" if output.is_dir() else "not a regular file (a device or pipe)"
            raise IslandmapError(output, f"is {kind}. Give the name of a file", option="output")
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (Python < 3.13)
        raise IslandmapError(given, _path_problem(error), option="output") from None
    data = _encoded(content, output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        replace_file(output, data)
    except OSError as error:
        raise IslandmapError(output, _path_problem(error), option="output") from None


def _path_problem(error: OSError | RuntimeError) -> str:
    """What is wrong with a path to write, from the error the system gave, and the fix."""
    number = getattr(error, "errno", None)
    if isinstance(error, RuntimeError) or number == errno.ELOOP:
        return (
            "is a symbolic link that leads round in a loop (too many levels of links). "
            "Remove the link, or choose another path"
        )
    if number == errno.ENAMETOOLONG:
        return (
            "the name is too long (at most 255 bytes for each part of a path). "
            "Choose a shorter name"
        )
    strerror = getattr(error, "strerror", None) or str(error)
    return f"cannot write here ({strerror}). {WRITE_FIX}"


def replace_file(path: Path, data: bytes) -> None:
    """Put *data* at *path* atomically, replacing any file there; raises :class:`OSError`
    and leaves nothing behind when it fails. *path*'s folder must exist."""
    temporary = _complete_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new_file(candidates: Iterable[Path], data: bytes) -> Path:
    """Write *data* under the first of *candidates* (all in one folder, which must exist)
    that is free when it is written, never replacing a file; return that path.

    The complete file is hard-linked to the name, which fails if the name is taken in the
    meantime (then the next candidate is tried). Where there are no hard links (a FAT USB
    stick) it is renamed into place instead, the caller having checked the name free.
    Raises :class:`OSError` and leaves nothing behind when it fails, or
    :class:`FileExistsError` when every candidate is taken.
    """
    names = iter(candidates)
    path = next(names, None)
    if path is None:
        raise FileExistsError("no name to write the file under")
    temporary = _complete_temporary(path, data)
    try:
        while path is not None:
            try:
                os.link(temporary, path)
                return path
            except FileExistsError:
                path = next(names, None)  # taken since it was checked: try the next name
            except OSError:
                os.replace(temporary, path)
                return path
        raise FileExistsError("every name is taken")
    finally:
        temporary.unlink(missing_ok=True)


def _complete_temporary(path: Path, data: bytes) -> Path:
    """A new file beside *path*, holding *data*, on disk, with the usual permissions.

    Its name starts with a dot, so the sources loader skips it while it exists.
    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        try:
            # mkstemp makes the file private (0600); what islandmap writes is for sharing.
            os.fchmod(descriptor, 0o666 & ~current_umask())
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def current_umask() -> int:
    """The process's umask, read without changing it.

    Linux reports it in ``/proc/self/status``. Elsewhere the only way is to set it and set
    it back (``os.umask``), which for an instant changes it for every thread of the
    process; that fallback is used only where ``/proc`` does not say.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_stdout(content: str) -> None:
    """Write *content* to stdout as UTF-8, whatever the terminal's encoding."""
    data = _encoded(content, "-")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        write_all(buffer, data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()


def write_all(stream: BinaryIO | io.RawIOBase, data: bytes | memoryview) -> None:
    """Write the whole of *data* to the binary *stream*. Where Python runs unbuffered
    (``python -u``, PYTHONUNBUFFERED), stdout's binary stream writes to the file directly.
    If the program reading a pipe closes it during a write, that write takes part of the
    data and returns how much, with no error. The rest is written again here, which then
    fails with a broken pipe instead of the output ending early with exit status 0."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        view = view[written or 0 :]


class WholeWrites(io.RawIOBase):
    """*stream* (stdout's binary stream) written to by :func:`write_all`, for a text
    stream to write through (see :func:`whole_text_stdout`); closing it leaves *stream*
    open."""

    def __init__(self, stream: BinaryIO | io.RawIOBase) -> None:
        super().__init__()
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        write_all(self._stream, view)
        return len(view)


@contextmanager
def whole_text_stdout() -> Iterator[TextIO]:
    """stdout as a UTF-8 text stream whose every write is written whole (see
    :func:`write_all`), flushed at the end."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None or not isinstance(buffer, io.RawIOBase):
        yield sys.stdout  # buffered already: a write is whole or fails
        sys.stdout.flush()
        return
    sys.stdout.flush()
    text = io.TextIOWrapper(io.BufferedWriter(WholeWrites(buffer)), encoding="utf-8")
    yield text
    text.flush()
    text.detach()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a leading ``'`` before text that it
    would otherwise run as a formula (``=HYPERLINK(…)``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _encoded(content: str | bytes, where: Path | str) -> bytes:
    if isinstance(content, bytes):
        return content
    try:
        return content.encode("utf-8")
    except UnicodeEncodeError:
        raise IslandmapError(
            where,
            "the text to write is not valid Unicode (a lone surrogate such as \\ud800). "
            "Check the sources' front matter for such escapes",
        ) from None
