"""Exceptions raised by islandmap's library code.

The CLI turns every :class:`IslandmapError` into one ``Error: …`` line and exit status 1;
anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path


class IslandmapError(Exception):
    """A problem with the user's input, worded for the user: what is wrong and how to fix it.

    *option* names the input the fix concerns, as the library's own parameter (``output``,
    ``sources``, ``strict``, …), so that a front end can add how its users set it (the
    command line adds the flag). The message itself never names a command-line flag.
    """

    def __init__(self, path: Path | str | None, message: str, *, option: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        self.option = option
        super().__init__(f"{self.path}: {message}" if self.path else message)


class SourceError(IslandmapError):
    """An article in the sources folder cannot be read."""


class GazetteerError(IslandmapError):
    """The gazetteer data file is malformed."""


class GeodataError(IslandmapError):
    """The geodata files are missing or malformed."""
