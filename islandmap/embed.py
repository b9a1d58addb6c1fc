"""The ``embed`` snippet: HTML that puts the map into another page (an LMS page, a school
site) in an ``<iframe>``, with a plain link to the map under it.

The map page sizes itself to whatever box it is given (the page's CSS), so the snippet only sets
the box: the full width of the column, and a height that suits a laptop, a projector and
a phone.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

from islandmap.errors import IslandmapError

DEFAULT_SRC = "islands.html"
DEFAULT_HEIGHT = 560
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)


def embed_snippet(
    src: str = DEFAULT_SRC, title: str | None = None, height: int = DEFAULT_HEIGHT
) -> str:
    """The ``<iframe>`` (and a link to open the map on its own) for the map at *src*.

    *src* is the map's address as the embedding page will reach it: an ``http(s)://``
    address, or a path relative to that page. When *src* is a map file on this computer,
    its title names the frame (unless *title* is given).
    """
    src = src.strip()
    _check_src(src)
    if title is None:
        title = _title_of(Path(src)) or "The southern Kuril Islands / Northern Territories"
    if height < 240:
        raise IslandmapError(
            None,
            f"a height of {height} pixels is too small for the map. Use 240 or more",
            option="height",
        )
    label = f"Map: {' '.join(title.split())}"
    return (
        f'<iframe src="{escape(src)}" title="{escape(label)}"'
        f' width="100%" height="{height}"'
        f' style="display: block; width: 100%; height: min({height}px, 85vh);'
        f' min-height: 240px; border: 1px solid #b8c4cc;"'
        ' loading="lazy" allowfullscreen></iframe>\n'
        f'<p><a href="{escape(src)}" target="_blank" rel="noopener">Open the map in a new tab'
        "</a> (with a text version of every quote).</p>\n"
    )


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _check_src(src: str) -> None:
    """Refuse a *src* that a browser would load from another host than the embedding
    page's without saying so, or not over http(s).

    Browsers read a backslash as a slash in web addresses and drop tabs and line breaks
    anywhere in them (the WHATWG URL standard), so ``/\\evil.example/x.html``,
    ``\\/evil.example/x.html`` and ``/<tab>/evil.example`` all mean ``//evil.example/…``:
    another host. An address naming its host must say so in full, ``https://host/…``.
    """
    if not src:
        raise IslandmapError(None, "the map's address is empty. Give a URL or a path")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in src):
        raise IslandmapError(
            None, "the map's address holds control characters. Copy the address again"
        )
    as_read = src.replace("\\", "/")  # as a browser reads it
    scheme_match = _SCHEME.match(src)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    # A one-letter "scheme" is a Windows drive (C:\...): a local path, not an address.
    if scheme and len(scheme) > 1 and scheme not in ("http", "https"):
        raise IslandmapError(
            None,
            f"{src!r} is not an http or https address. Give the map's web address "
            "(https://…) or its path relative to the page that embeds it",
        )
    if scheme in ("http", "https") and not re.match(r"https?://[^/?#]", src, re.IGNORECASE):
        raise IslandmapError(
            None,
            f"{src!r} is not written as a full web address, and a browser may read it as "
            "another host. Write it as https://host/path, or give a path relative to the "
            "page that embeds the map",
        )
    if as_read.startswith("//"):
        raise IslandmapError(
            None,
            f"{src!r} names another host without saying how to reach it (a browser reads "
            "a backslash as a slash). Write the full https:// address, or a path relative "
            "to the page that embeds the map",
        )


def _title_of(path: Path) -> str:
    """The ``<title>`` of a map file on this computer, or "" if there is none."""
    try:
        if not path.is_file():
            return ""
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except (OSError, ValueError):
        return ""
    match = _TITLE.search(head)
    if not match:
        return ""
    return " ".join(unescape(match.group(1)).split())
