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
#: What ``--open`` takes: an island's id, or ``group`` (the islands as a group).
OPEN_CHOICES = ("iturup", "kunashir", "shikotan", "habomai", "group")
#: What ``--names`` takes: which form of each name leads.
NAMES_CHOICES = ("both", "ja", "ru")
#: The version of the page's address fragment (README, "Links to a view of the map").
FRAGMENT_VERSION = 1
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)


def embed_snippet(
    src: str = DEFAULT_SRC,
    title: str | None = None,
    height: int = DEFAULT_HEIGHT,
    open_island: str | None = None,
    names: str | None = None,
    lang: str | None = None,
) -> str:
    """The ``<iframe>`` (and a link to open the map on its own) for the map at *src*.

    *src* is the map's address as the embedding page will reach it: an ``http(s)://``
    address, or a path relative to that page. When *src* is a map file on this computer,
    its title names the frame (unless *title* is given). *open_island* (an island's id or
    ``group``) and *names* (``both``, ``ja``, ``ru``) set how the map opens, in the
    address's fragment (``#v=1&island=shikotan&names=ja``). *lang* (``en``, ``ja``,
    ``ru``) writes the snippet's own words in that language and opens the map in it
    (``lang=`` in the fragment).
    """
    from islandmap.i18n import Translator, check_lang
    from islandmap.page import messages

    tr = Translator(check_lang(lang) if lang is not None else "en")
    src = src.strip()
    _check_src(src)
    if title is None:
        title = _title_of(Path(src)) or tr.text(*messages.TITLE)
    fragment = link_fragment(open_island=open_island, names=names, lang=lang)
    if fragment:
        if "#" in src:
            raise IslandmapError(
                None,
                f"{src!r} already ends in a fragment (#…), and --open or --names would add "
                "another. Give the address without it",
            )
        src = f"{src}#{fragment}"
    if height < 240:
        raise IslandmapError(
            None,
            f"a height of {height} pixels is too small for the map. Use 240 or more",
            option="height",
        )
    label = tr.text(*messages.EMBED_FRAME, title=" ".join(title.split()))
    lang_attribute = f' lang="{tr.lang}"' if lang is not None else ""
    return (
        f'<iframe src="{escape(src)}" title="{escape(label)}"'
        f' width="100%" height="{height}"'
        f' style="display: block; width: 100%; height: min({height}px, 85vh);'
        f' min-height: 240px; border: 1px solid #b8c4cc;"'
        ' loading="lazy" allowfullscreen></iframe>\n'
        f'<p{lang_attribute}><a href="{escape(src)}" target="_blank" rel="noopener">'
        f"{escape(tr.text(*messages.EMBED_LINK))}</a> "
        f"{escape(tr.text(*messages.EMBED_AFTER_LINK))}</p>\n"
    )


def link_fragment(
    open_island: str | None = None, names: str | None = None, lang: str | None = None
) -> str:
    """The fragment (without ``#``) that opens the map with *open_island*'s popup open and
    *names* leading, or "" when neither is given. Values are checked: the page would
    ignore one it does not know, and the teacher would not learn why."""
    pairs = []
    if open_island is not None:
        value = open_island.strip().lower()
        if value not in OPEN_CHOICES:
            raise IslandmapError(
                None,
                f"unknown island {open_island!r} for --open. Use one of " + ", ".join(OPEN_CHOICES),
                option="open",
            )
        pairs.append(f"island={value}")
    if names is not None:
        value = names.strip().lower()
        if value not in NAMES_CHOICES:
            raise IslandmapError(
                None,
                f"unknown names order {names!r}. Use both, ja (Japanese first) or ru",
                option="names",
            )
        pairs.append(f"names={value}")
    if lang is not None:
        from islandmap.i18n import check_lang

        pairs.append(f"lang={check_lang(lang)}")
    if not pairs:
        return ""
    return "&".join([f"v={FRAGMENT_VERSION}", *pairs])


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
