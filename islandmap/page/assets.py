"""The page's front-end files: Leaflet, and the project's own scripts, styles and palette.

Leaflet 1.9.3 comes from the ``xstatic-leaflet`` package and is inlined (the page then
draws with no network, as on a school network that blocks CDNs or from a USB stick), or,
for the online page, linked from a pinned CDN address with Subresource Integrity hashes of
the same files. The project's JavaScript (``data/js/``) and CSS (``data/css/``) are files
split by feature, joined in the order each folder's ``order.txt`` gives, and always
inlined, minified (rjsmin, rcssmin). ``data/css/palette.css`` defines every colour once as
a CSS custom property; :func:`palette` reads the same file, so that Python (Leaflet's path
styles) and CSS agree.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import rcssmin
import rjsmin

#: Where the online page loads Leaflet from: the address Leaflet's own download page
#: gives, pinned to the version xstatic-leaflet ships.
LEAFLET_CDN = "https://unpkg.com/leaflet@1.9.3/dist/"

_PROPERTY = re.compile(r"^\s*--([\w-]+)\s*:\s*([^;]+?)\s*;", re.MULTILINE)
#: leaflet.css's ``.leaflet-default-icon-path { … }`` rule, with its comment.
_DEFAULT_ICON_RULE = re.compile(r"\.leaflet-default-icon-path\s*\{[^}]*\}")
#: leaflet.css's rules for Internet Explorer 8 and older (``.leaflet-oldie``) and for its
#: VML drawing (``.lvml``, ``.leaflet-vml-shape``), which Leaflet uses only there: a
#: browser that old cannot run the page's script at all. In the minified file, each rule
#: starts after the one before it (or at the start).
_OLD_IE_RULES = re.compile(
    r"(?:(?<=\})|^)[^{}]*\.(?:leaflet-oldie|lvml|leaflet-vml-shape)\b[^{}]*\{[^{}]*\}"
)


class Assets(NamedTuple):
    """What goes into the page's head: each a complete ``<style>``/``<script>``/``<link>``."""

    leaflet_css: str
    leaflet_js: str
    css: str
    js: str

    def html(self) -> str:
        return "\n".join(self)


#: The front end's English table (``msg(key, English)``, islandmap.i18n's
#: ``FRONT_END_TABLE``): only a page whose script carries English itself includes it.
ENGLISH_TABLE = "strings.js"


@cache
def assets(offline: bool = True, english: bool = True) -> Assets:
    """Leaflet (inline, or from the CDN with SRI when *offline* is False) and ours.
    Without *english* (a page in Japanese or Russian), our script leaves out its English
    table, which that page's packed English catalog holds (islandmap.i18n.page_catalogs):
    5 KB less, read only if the reader chooses English."""
    leaflet = leaflet_dir()
    ours_css = _joined("css")
    ours_js = _joined("js", leave_out=() if english else (ENGLISH_TABLE,))
    if offline:
        css = (leaflet / "leaflet.css").read_text("utf-8")
        # Leaflet reads this rule only to guess the folder of its default marker images
        # (L.Icon.Default), which the page never shows (its markers are L.divIcons); and
        # it cannot read a folder from an inlined image, so the 2 KB of the marker icon
        # inlined there did nothing. Left out, a default marker behaves as it did.
        css = _DEFAULT_ICON_RULE.sub("", css)
        # The layer-control icon is the only image the page uses: inline it, so no request
        # goes out (a missing file:// image would also log a console error).
        css = re.sub(
            r"url\(images/([\w.-]+\.png)\)",
            lambda m: f"url(data:image/png;base64,{_base64(leaflet / 'images' / m.group(1))})",
            css,
        )
        js = (leaflet / "leaflet.js").read_text("utf-8")
        js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
        leaflet_css, leaflet_js = (
            # Minified like ours (4 KB less in every offline page); leaflet.css has no
            # licence comment of its own (leaflet.js's @preserve header stays). Without the
            # rules for Internet Explorer 8 (0.6 KB), which cannot run the page's script.
            _inline("style", "leaflet.css", _OLD_IE_RULES.sub("", rcssmin.cssmin(css))),
            _inline("script", "leaflet.js", js),
        )
    else:
        # The browser refuses the files if the CDN's bytes differ from these hashes.
        leaflet_css = (
            f'<link rel="stylesheet" href="{LEAFLET_CDN}leaflet.css"'
            f' integrity="{_sri(leaflet / "leaflet.css")}" crossorigin="">'
        )
        leaflet_js = (
            f'<script src="{LEAFLET_CDN}leaflet.js"'
            f' integrity="{_sri(leaflet / "leaflet.js")}" crossorigin=""></script>'
        )
    # Minified as they are inlined: the sources keep their comments for readers, the page
    # (which must stay within its size budget) does not need them.
    return Assets(
        leaflet_css,
        leaflet_js,
        _inline("style", "css/", rcssmin.cssmin(ours_css)),
        _inline("script", "js/", rjsmin.jsmin(ours_js)),
    )


#: fflate's notice, kept with its code in the page (MIT: data/js/vendor/fflate.LICENSE).
_FFLATE_NOTICE = "/*! fflate 0.8.2, (c) 2023 Arjun Barrett, MIT License */\n"


@cache
def packed_js() -> str:
    """The ``<script>`` that reads a page's packed passages (``data/js/packed.js``): only a
    page whose passages are packed carries it, after the other scripts. Before it, fflate
    (``data/js/vendor``, its file as npm ships it): the page inflates its quotes before it
    draws, which the browser's own ``DecompressionStream`` cannot do (it only answers
    later), and fflate's ``inflateSync`` can."""
    fflate = _FFLATE_NOTICE + _data_file("js/vendor/fflate.min.js")
    return _inline("script", "js/vendor/fflate.min.js", fflate) + _inline(
        "script", "js/packed.js", rjsmin.jsmin(_data_file("js/packed.js"))
    )


@cache
def palette() -> dict[str, str]:
    """The custom properties of ``data/css/palette.css`` without their ``--``:
    ``{"im-island-iturup": "#E69F00", …}``."""
    return dict(_PROPERTY.findall(_data_file("css/palette.css")))


def colour(name: str) -> str:
    """One colour of the palette, by its custom property's name without ``--im-``."""
    return palette()[f"im-{name}"]


def leaflet_dir() -> Path:
    """The folder holding xstatic-leaflet's ``leaflet.js``, ``leaflet.css`` and images."""
    try:
        from xstatic.pkg import leaflet
    except ImportError as error:  # pragma: no cover - a broken installation
        raise RuntimeError("the xstatic-leaflet package is missing: reinstall islandmap") from error
    return Path(leaflet.BASE_DIR)


def _joined(folder: str, leave_out: tuple[str, ...] = ()) -> str:
    """The files of ``data/<folder>/`` in the order of its ``order.txt`` (but for
    *leave_out*), each introduced by its name."""
    order = _data_file(f"{folder}/order.txt").splitlines()
    names = [line.strip() for line in order if line.strip() and not line.lstrip().startswith("#")]
    names = [name for name in names if name not in leave_out]
    return "\n".join(f"/* {name} */\n{_data_file(f'{folder}/{name}')}" for name in names)


def _inline(tag: str, name: str, text: str) -> str:
    if f"</{tag}" in text.lower():  # pragma: no cover - a packaging error, not user input
        raise RuntimeError(f"{name} contains </{tag}> and cannot be inlined")
    return f"<{tag}>{text}</{tag}>"


def _data_file(name: str) -> str:
    return resources.files("islandmap").joinpath("data", name).read_text("utf-8")


def _sri(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def _base64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")
