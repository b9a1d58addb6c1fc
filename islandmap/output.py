"""Writing results: atomically to a file, or to stdout.

A failed write never leaves a half-written file or clobbers an earlier one: the content
goes to a temporary file beside the target, which is renamed over it only once complete.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from islandmap.errors import IslandmapError

WRITE_FIX = "Choose another path with -o, or check the folder's permissions."


def write_atomic(output: Path, content: str | bytes) -> None:
    """Write *content* (text as UTF-8) to *output* via a temporary file and a rename.

    A symbolic link is written through (its target is replaced); a folder, device or pipe
    is refused rather than replaced by a file.
    """
    output = Path(output)
    if output.is_symlink():
        output = output.resolve()
    if output.exists() and not output.is_file():
        kind = "a folder" if output.is_dir() else "not a regular file (a device or pipe)"
        raise IslandmapError(output, f"is {kind}. Give a file name, e.g. -o output/islands.html")
    data = _encoded(content, output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by "with handle" below
            "wb", dir=output.parent, prefix=f".{output.name}.", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise IslandmapError(output, f"cannot write here ({error.strerror}). {WRITE_FIX}") from None
    tmp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile makes the file private (0600); what islandmap writes is for sharing.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, output)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise IslandmapError(output, f"cannot write here ({error.strerror}). {WRITE_FIX}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_stdout(content: str) -> None:
    """Write *content* to stdout as UTF-8, whatever the terminal's encoding."""
    data = _encoded(content, "-")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
