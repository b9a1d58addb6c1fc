"""The ``render`` stage: sources → the map as a ``folium.Map`` → one HTML page.

:func:`build_map` runs the pipeline (sources → matches → islands ⋈ passages, see
:mod:`islandmap.pipeline`) and returns the map, for a notebook or for more folium
elements; :func:`render_map` writes its page to a file, atomically. :func:`build_html`
makes the page from values already loaded. How the page is put together is in
:mod:`islandmap.page`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from islandmap import geodata
from islandmap.errors import IslandmapError
from islandmap.i18n import check_lang
from islandmap.join import JoinedMap
from islandmap.models import Article
from islandmap.output import counted, write_atomic, write_stdout
from islandmap.page.build import (
    DEFAULT_TITLE,
    DISCLAIMER,
    SUBTITLE,
    check_names,
    map_from,
    page_html,
    tile_layer,
)
from islandmap.page.data import GROUP_LABEL, encode_polyline
from islandmap.pipeline import CorpusOptions, corpus_options, join_corpus, load_corpus

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


def build_map(
    corpus: CorpusOptions | Path | str = "sources",
    geodata_dir: Path | str = "geodata",
    *,
    tiles: str = "none",
    title: str | None = None,
    names: str = "both",
    offline: bool = True,
    lang: str = "en",
) -> folium.Map:
    """The map of the articles of *corpus* (a :class:`~islandmap.pipeline.CorpusOptions`,
    or a sources folder with every default), with the options of ``islandmap render``, as
    a ``folium.Map``: a notebook shows it inline, and folium elements can be added to it.
    ``islandmap.page.build.page_html(m)`` is the page :func:`render_map` writes
    (``m.get_root().render()`` the same with folium's random element ids)."""
    fmap, _ = _load_and_build(corpus, Path(geodata_dir), tiles, title, names, offline, lang)
    return fmap


def render_map(
    corpus: CorpusOptions | Path | str,
    geodata_dir: Path,
    output: Path,
    tiles: str = "none",
    title: str | None = None,
    names: str = "both",
    offline: bool = True,
    lang: str = "en",
    progress: Callable[[str, int, int], None] | None = None,
) -> str:
    """Load, match, join and render; write the page to *output* (``-`` for stdout).

    *corpus* is the sources and how to match them (a folder alone: every default);
    *names* (``both``, ``ja``, ``ru``) is the order the labels open in; *offline* False
    loads Leaflet from a pinned CDN address (checked with Subresource Integrity) instead of
    inlining it: a smaller file that needs the network. *progress*, if given, is told how
    drawing the map goes, once the passages are matched: ``(what starts, work done, work
    in all)``, the work counted in quotes (see :class:`_Drawing`), and at the end
    ``("", all, all)``.

    Returns the summary line. The file is written to a temporary file beside *output* and
    renamed over it, so a failed run leaves any earlier map untouched.
    """
    output = Path(output)
    to_stdout = str(output) == "-"
    if not to_stdout and output.is_dir():
        raise IslandmapError(output, "is a folder. Give the name of a file", option="output")
    drawing = _Drawing(progress)
    fmap, joined = _load_and_build(
        corpus, Path(geodata_dir), tiles, title, names, offline, lang, drawing
    )
    drawing("writing the page", len(joined.all_quotes()))
    html = page_html(fmap)
    if to_stdout:
        write_stdout(html)
    else:
        write_atomic(output, html)
    drawing.finish()
    return summary_line("stdout" if to_stdout else str(output), joined)


def build_html(
    joined: JoinedMap,
    articles: Sequence[Article],
    *,
    context: GeoDataFrame | None = None,
    region: GeoDataFrame | None = None,
    tiles: str = "none",
    title: str | None = None,
    attribution: str = "",
    names: str = "both",
    offline: bool = True,
    lang: str = "en",
    history: Mapping[str, Any] | None = None,
    pack: bool | None = None,
) -> str:
    """The whole page as a string, from values already loaded (see
    :func:`islandmap.page.build.map_from`)."""
    fmap = map_from(
        joined,
        articles,
        context=context,
        region=region,
        tiles=tiles,
        title=title,
        attribution=attribution,
        names=names,
        offline=offline,
        lang=lang,
        history=history,
        pack=pack,
    )
    return page_html(fmap)


def summary_line(where: str, joined: JoinedMap) -> str:
    """``Wrote <where>: 4 islands, N quotes from M sources``."""
    quotes = len(joined.all_quotes())
    sources = len(joined.sources())
    return (
        f"Wrote {where}: {counted(len(joined.islands), 'island')}, "
        f"{counted(quotes, 'quote')} from {counted(sources, 'source')}"
    )


def _load_and_build(
    corpus: CorpusOptions | Path | str,
    geodata_dir: Path,
    tiles: str,
    title: str | None,
    names: str,
    offline: bool,
    lang: str = "en",
    drawing: _Drawing | None = None,
) -> tuple[folium.Map, JoinedMap]:
    tile_layer(tiles)  # a wrong name or order fails before any work
    check_names(names)
    check_lang(lang)
    loaded = load_corpus(corpus_options(corpus))
    drawing = drawing or _Drawing(None)
    matched = len(loaded.matched)
    # (until the join, the quotes are about as many as the passages matched)
    drawing.total = 3 * matched
    drawing("joining the quotes to the islands", matched)
    data = join_corpus(loaded, geodata_dir, display=True)
    quotes = sum(map(len, data.joined.quotes.values())) + len(data.joined.group)
    # joined, each item's quotes, packed, written
    drawing.total = matched + quotes + 2 * len(data.joined.all_quotes())
    fmap = map_from(
        data.joined,
        loaded.articles,
        context=data.context,
        region=data.region,
        tiles=tiles,
        title=title,
        attribution=Markup(geodata.COASTLINE_ATTRIBUTION_HTML),
        names=names,
        offline=offline,
        lang=lang,
        history=data.history,
        progress=drawing,
    )
    drawing.total = drawing.done + len(data.joined.all_quotes())  # what is left: writing
    return fmap, data.joined


class _Drawing:
    """How drawing a map goes, told to *progress* as ``(what starts, done, in all)``. The
    work is counted in quotes, which its time follows: one for each passage matched
    (joined to its islands), for each quote of each island and of the group (gathered),
    for each passage on the map (packed, on a large map) and again (written)."""

    def __init__(self, progress: Callable[[str, int, int], None] | None) -> None:
        self.progress = progress
        self.done = 0
        self.total = 0

    def __call__(self, what: str, quotes: int) -> None:
        """*what* starts, which takes *quotes*."""
        if self.progress is not None:
            self.progress(what, self.done, max(self.total, self.done + quotes))
        self.done += quotes

    def finish(self) -> None:
        if self.progress is not None:
            self.progress("", self.total, self.total)
