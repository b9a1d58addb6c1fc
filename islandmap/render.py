"""The ``render`` stage: sources → the map as a ``folium.Map`` → one HTML page.

:func:`build_map` runs the pipeline (sources → matches → islands ⋈ passages) and returns
the map, for a notebook or for more folium elements; :func:`render_map` writes its page
to a file, atomically. :func:`build_html` makes the page from values already loaded.
How the page is put together is in :mod:`islandmap.page`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from islandmap import geodata
from islandmap.errors import IslandmapError
from islandmap.join import JoinedMap, join_islands
from islandmap.models import Article
from islandmap.output import write_atomic, write_stdout
from islandmap.page.build import DEFAULT_TITLE, DISCLAIMER, SUBTITLE, check_names, map_from, tile_layer
from islandmap.page.data import GROUP_LABEL, encode_polyline
from islandmap.passages import load_and_match

if TYPE_CHECKING:
    import folium
    from geopandas import GeoDataFrame

__all__ = [
    "DEFAULT_TITLE",
    "DISCLAIMER",
    "GROUP_LABEL",
    "SUBTITLE",
    "build_html",
    "build_map",
    "encode_polyline",
    "render_map",
]

#: The page draws at 5 decimals (about 1 m, see :func:`encode_polyline`); simplifying at
#: 49 m keeps every drawn outline within the 50 m the geodata promises.
DISPLAY_TOLERANCE_M = geodata.DISPLAY_TOLERANCE_M - 1.0


def build_map(
    sources_dir: Path | str = "sources",
    geodata_dir: Path | str = "geodata",
    *,
    tiles: str = "none",
    title: str | None = None,
    include_comments: bool = True,
    names: str = "both",
    offline: bool = True,
    gazetteer: Path | None = None,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
) -> folium.Map:
    """The map of the articles in *sources_dir*, with the options of ``islandmap render``,
    as a ``folium.Map``: a notebook shows it inline, and folium elements can be added to
    it. ``m.get_root().render()`` is the page :func:`render_map` writes."""
    fmap, _ = _load_and_build(
        Path(sources_dir), Path(geodata_dir), tiles, title, include_comments, names, offline,
        gazetteer, strict, warn,
    )
    return fmap


def render_map(
    sources_dir: Path,
    geodata_dir: Path,
    output: Path,
    tiles: str = "none",
    title: str | None = None,
    include_comments: bool = True,
    names: str = "both",
    offline: bool = True,
    gazetteer: Path | None = None,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
) -> str:
    """Load, match, join and render; write the page to *output* (``-`` for stdout).

    *names* (``both``, ``ja``, ``ru``) is the order the labels open in; *offline* False
    loads Leaflet from a pinned CDN address (checked with Subresource Integrity) instead of
    inlining it: a smaller file that needs the network. *gazetteer* is a names file to use
    instead of the shipped one; a source that names no island goes to *warn*, or stops the
    run when *strict*.

    Returns the summary line. The file is written to a temporary file beside *output* and
    renamed over it, so a failed run leaves any earlier map untouched.
    """
    output = Path(output)
    to_stdout = str(output) == "-"
    if not to_stdout and output.is_dir():
        raise IslandmapError(output, "is a folder. Give a file name, e.g. -o output/islands.html")
    fmap, joined = _load_and_build(
        Path(sources_dir), Path(geodata_dir), tiles, title, include_comments, names, offline,
        gazetteer, strict, warn,
    )
    html = fmap.get_root().render()
    if to_stdout:
        write_stdout(html)
    else:
        write_atomic(output, html)
    return summary_line("stdout" if to_stdout else str(output), joined)


def _load_and_build(
    sources_dir: Path,
    geodata_dir: Path,
    tiles: str,
    title: str | None,
    include_comments: bool,
    names: str,
    offline: bool,
    gazetteer: Path | None,
    strict: bool,
    warn: Callable[[str], None] | None,
) -> tuple[folium.Map, JoinedMap]:
    tile_layer(tiles)  # a wrong name or order fails before any work
    check_names(names)
    joined, articles, context = load_joined(
        sources_dir, geodata_dir, include_comments, gazetteer, strict, warn
    )
    fmap = map_from(
        joined,
        articles,
        context=context,
        tiles=tiles,
        title=title,
        attribution=Markup(geodata.COASTLINE_ATTRIBUTION_HTML),
        names=names,
        offline=offline,
    )
    return fmap, joined


def build_html(
    joined: JoinedMap,
    articles: Sequence[Article],
    *,
    context: GeoDataFrame | None = None,
    tiles: str = "none",
    title: str | None = None,
    attribution: str = "",
    names: str = "both",
    offline: bool = True,
) -> str:
    """The whole page as a string, from values already loaded (see :func:`map_from`)."""
    fmap = map_from(
        joined,
        articles,
        context=context,
        tiles=tiles,
        title=title,
        attribution=attribution,
        names=names,
        offline=offline,
    )
    html: str = fmap.get_root().render()
    return html


def load_joined(
    sources_dir: Path,
    geodata_dir: Path,
    include_comments: bool = True,
    gazetteer: Path | None = None,
    strict: bool = False,
    warn: Callable[[str], None] | None = None,
) -> tuple[JoinedMap, list[Article], GeoDataFrame | None]:
    """Sources matched and joined to the islands as the map shows them (simplified for
    display), the articles, and the context land (simplified, or None)."""
    articles, matched = load_and_match(sources_dir, include_comments, gazetteer, strict, warn)
    islands = geodata.load_islands(Path(geodata_dir))
    context = geodata.load_context(Path(geodata_dir))
    joined = join_islands(geodata.simplify_for_display(islands, DISPLAY_TOLERANCE_M), matched)
    if context is not None:
        context = geodata.simplify_for_display(context, geodata.CONTEXT_TOLERANCE_M, bounded=False)
    return joined, list(articles), context


def summary_line(where: str, joined: JoinedMap) -> str:
    """``Wrote <where>: 4 islands, N quotes from M sources``."""
    quotes = len(joined.all_quotes())
    sources = len(joined.sources())
    return (
        f"Wrote {where}: {_count(len(joined.islands), 'island')}, "
        f"{_count(quotes, 'quote')} from {_count(sources, 'source')}"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
