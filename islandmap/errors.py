"""Exceptions raised by islandmap's library code.

The CLI turns every :class:`IslandmapError` into one ``Error: …`` line and exit status 1;
anything else is a bug.
"""

from __future__ import annotations

import re
from pathlib import Path

# Characters that would break a one-line message or act on a terminal: C0 and C1
# controls, DEL, and the Unicode line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """*text* with every control character written as an escape (``\\n``, ``\\x1b``), so
    that a message naming a file called ``a\\nb.md`` stays one line on the terminal."""
    return _UNPRINTABLE.sub(
        lambda match: _ESCAPES.get(match.group(), match.group().encode("unicode_escape").decode()),
        text,
    )


class IslandmapError(Exception):
    """A problem with the user's input, worded for the user: what is wrong and how to fix it.

    *option* names the input the fix concerns, as the library's own parameter (``output``,
    ``sources``, ``strict``, …), so that a front end can add how its users set it (the
    command line adds the flag). The message itself never names a command-line flag.
    """

    def __init__(self, path: Path | str | None, message: str, *, option: str | None = None) -> None:
        self.path = one_line(str(path)) if path is not None else None
        self.message = one_line(message)
        self.option = option
        super().__init__(f"{self.path}: {self.message}" if self.path else self.message)

    def __reduce__(self) -> tuple[type[IslandmapError], tuple[str | None, str], dict[str, object]]:
        # as it was made (the default would call it with the one-line text alone): an error
        # raised in a worker process reaches the parent whole
        return type(self), (self.path, self.message), self.__dict__


class SourceError(IslandmapError):
    """An article in the sources folder cannot be read."""


class GazetteerError(IslandmapError):
    """The gazetteer data file is malformed."""


class GeodataError(IslandmapError):
    """The geodata files are missing or malformed."""
