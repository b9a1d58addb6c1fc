"""The page's data contract: the two JSON blocks Python writes and the front end reads.

A rendered page carries exactly two blocks, both ``<script type="application/json">``:

- ``#islandmap-config`` (:class:`PageConfig`): how to show the map (the names order, the
  view to open on, the Leaflet styles of each layer, where labels sit);
- ``#islandmap-data`` (:class:`PageData`): what the map shows (islands, the group, every
  passage and source once, the outlines as encoded polylines).

Both carry ``version`` (:data:`VERSION`); a reader that sees another version should stop.
A page of a large corpus stores its passages and sources compressed (:class:`Packed`):
its ``#islandmap-data`` is version :data:`PACKED_VERSION` (2), which is version 1 with
``passages`` and ``sources`` moved into ``packed``, so that a reader of version 1 stops
there instead of finding no passage. Version 1 pages are unchanged. Pages written now
are version :data:`PIECES_VERSION` (3) where they pack: version 2 with each island's and
the group's ``quotes`` moved into ``packed.quotes`` as well, and, where the passages
share much of their text (an archive of wire stories, rewritten and reprinted),
``packed.pieces``: the sentences they share stored once, each passage made of them (see
:class:`Packed`). A reader of version 2 still reads the pages written before.
``docs/page-data.schema.json`` describes the same shapes as a JSON Schema, and a test
validates rendered pages against it. Everything from a source (passage text, titles,
publishers, addresses) reaches the page only inside ``#islandmap-data``, written by
:func:`json_block`, which no string can close.

The folium elements of :mod:`islandmap.page.elements` pass only names and options to the
front end (``islandmap.layer("islands", …)``); the front end takes all else from here.
"""

import json
from typing import Final, Literal, NotRequired, TypedDict

#: Raised when a change to these shapes would break a reader of the old ones.
VERSION = 1
#: ``#islandmap-data`` with ``packed`` instead of ``passages`` and ``sources``.
PACKED_VERSION = 2
#: Version 2 with the quotes packed too (``packed.quotes``) and maybe ``packed.pieces``,
#: the passages' texts made of pieces stored once.
PIECES_VERSION = 3
#: How ``packed`` chunks are encoded: raw DEFLATE (RFC 1951: no zlib or gzip wrapper, what
#: the browser's ``DecompressionStream("deflate-raw")`` reads), then base64 (RFC 4648).
PACKED_ENCODING: Final = "deflate-raw+base64"

CONFIG_ID = "islandmap-config"
DATA_ID = "islandmap-data"

NamesOrder = Literal["both", "ja", "ru"]
#: An interface language of the page.
Lang = Literal["en", "ja", "ru"]
#: A string of the interface: a text, or a text per CLDR plural category (``one``, ``few``,
#: ``many``, ``other``) with ``{n}`` for the count.
Message = str | dict[str, str]
NameLang = Literal["ja", "ru", "both"]
Placement = Literal["center", "below", "right", "left"]
LatLng = tuple[float, float]
#: A name as written and its BCP 47 language tag (``ru``, ``ru-Latn``, ``ja``, ``ja-Latn``).
TaggedName = tuple[str, str]


class ViewConfig(TypedDict):
    """The view the map opens on: these bounds, fitted once by the front end, with room
    for the key beside them; and how far the reader may go from it."""

    bounds: tuple[LatLng, LatLng]
    paddingTopLeft: tuple[int, int]
    paddingBottomRight: tuple[int, int]
    maxBounds: NotRequired[tuple[LatLng, LatLng]]
    """The view stays inside these bounds (the region around the islands)."""
    minZoom: NotRequired[float]
    """No zooming out past this; the front end also stops at the zoom that shows all of
    ``maxBounds``, so the region fills the map and the islands stay in it."""


class PathStyle(TypedDict, total=False):
    """Leaflet path options (https://leafletjs.com/reference.html#path-option)."""

    color: str
    weight: float
    opacity: float
    fillColor: str
    fillOpacity: float
    dashArray: str
    stroke: bool
    fill: bool


class StylesConfig(TypedDict):
    """Leaflet styles: each island's fill by id, the hover highlight, the land, the lines."""

    islands: dict[str, PathStyle]
    highlight: PathStyle
    land: PathStyle
    boundary: PathStyle
    region: NotRequired[PathStyle]
    """The region's land and, in the locator, all land."""
    locatorView: NotRequired[PathStyle]
    """The main map's view, outlined in the locator."""
    history: NotRequired[dict[str, PathStyle]]
    """The history layer's styles: the fill of each state's land (``japan``, ``russia``,
    ``undivided``), the outline of land one side claims (``claim``), and each kind of line
    (``boundary``, ``administration``, ``claimed``)."""


class PageConfig(TypedDict):
    """``#islandmap-config``."""

    version: int
    names: NamesOrder
    view: ViewConfig
    styles: StylesConfig
    attribution: str
    """The coastlines' credit, as HTML (made by the project, never from a source)."""
    lang: NotRequired[str]
    """The interface language the page opens in (a :data:`Lang`; ``en`` when left out)."""
    catalogs: NotRequired[dict[str, dict[str, Message]]]
    """The interface language's (:data:`Lang`'s) strings by key (islandmap.i18n): a text,
    or a text per CLDR plural category; for English only the strings the page's script
    lacks. The texts of the data the page's script reads (``h.…``: the history's period
    titles, states, units and lines) are here too; other texts of the data are in the
    page's markup, under ``data-i18n="~N"``."""
    packedCatalogs: NotRequired[dict[str, str]]
    """Every other language's catalog, with every text of the data (``~N`` and ``h.…``):
    its JSON compressed with raw DEFLATE and encoded in base64, as :class:`PackedList`'s
    chunks are; read when the reader chooses the language. In a page in Japanese or
    Russian, English holds the strings of the script's English table too (that page's
    script leaves the table out)."""


class NameForms(TypedDict):
    """An island's name in the three names orders, each as the forms a label shows (the
    leading one first) and the forms its tooltip lists."""

    label: list[TaggedName]
    tooltip: list[TaggedName]
    lines: NotRequired[list[list[TaggedName]]]
    """For ``ja`` and ``ru``: the label in lines, the leading side's forms (its script,
    then Latin letters) first, the other side's under them."""
    script: NotRequired[list[TaggedName]]
    """For ``both``: the names in their own scripts, the label's order, for a page in
    Japanese or Russian."""


#: A quote of an island: ``[passage, lang, marks]``. ``passage`` indexes
#: :attr:`PageData.passages`; ``lang`` is the name form the quote uses (``ja``, ``ru`` or
#: ``both``); ``marks`` is a flat list ``start, end, lang, …`` of the names to mark, in
#: UTF-16 code units as JavaScript counts them.
QuoteRef = tuple[int, NameLang, list[int | str]]


class ItemCounts(TypedDict):
    """An island's (the group's) quotes counted, in a packed page, so that its popup and
    panel show their counts without reading every passage (a page that is not packed has
    every passage at hand and counts them itself): ``forms``, quotes by the name form they use;
    ``sources``, ``[name, quotes]`` for every source name (the publisher, else the title)
    that printed one of its quotes, a quote counted once per name, the most first, then by
    name (in UTF-16 code units, as JavaScript compares strings)."""

    forms: dict[NameLang, int]
    sources: list[tuple[str, int]]


class IslandData(TypedDict):
    """One island: its label, where its popup points, its names, its quotes."""

    label: str
    point: LatLng
    """A point inside the island, where its popup opens."""
    label_point: LatLng
    placement: Placement
    names: dict[NamesOrder, NameForms]
    count: int
    quotes: NotRequired[list[QuoteRef]]
    """Left out in version 3, whose ``packed.quotes`` holds them."""
    counts: NotRequired[ItemCounts]


class GroupData(TypedDict):
    """The passages that name the islands only as a group (and where its marker sits)."""

    label: str
    point: LatLng
    count: int
    quotes: NotRequired[list[QuoteRef]]
    """Left out in version 3, whose ``packed.quotes`` holds them."""
    counts: NotRequired[ItemCounts]


class PassageData(TypedDict):
    """A passage, stored once: its text and every ``[source, passage number]`` holding it,
    newest source first (by date, then source), and the date quotes are ordered by (its
    newest source's, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; left out when no source has
    one). Each island's quotes are newest first in this order."""

    text: str
    refs: list[tuple[int, int]]
    date: NotRequired[str]
    comment: NotRequired[bool]


class SourceData(TypedDict):
    """A source, stored once. Empty fields are left out; ``url`` is http(s) only, anything
    else is kept as ``rejected_url`` and shown as text."""

    file: str
    title: str
    publisher: NotRequired[str]
    date: NotRequired[str]
    url: NotRequired[str]
    rejected_url: NotRequired[str]
    lang: NotRequired[str]


class Feature(TypedDict):
    """A feature with its properties (``p``), GeoJSON geometry type (``t``) and
    coordinates (``c``), each ring or line an encoded polyline (5 decimals, x before y,
    or ``e`` decimals where given)."""

    p: dict[str, str | int | float | bool | None]
    t: str
    c: object
    e: NotRequired[int]


class Geometry(TypedDict):
    islands: list[Feature]
    land: NotRequired[list[Feature]]
    boundary: NotRequired[list[Feature]]
    """The lines drawn as the map opens: the 1855 treaty's, and where the history layer
    has it, where the administrations meet today (``p.id`` ``nemuro_1945``, ``p.role``
    ``administration``, drawn in the history layer's style for that role)."""
    region: NotRequired[list[Feature]]
    """The region's land around the land above (whose extent is cut out of it),
    simplified for zooms 4 to 7 and encoded at ``REGION_DECIMALS``."""
    history_units: NotRequired[list[Feature]]
    """The history layer's land other than the four islands (Urup, the chain north of it,
    Sakhalin south and north of 50° N), ``p.id`` its unit, simplified as the region."""
    history_lines: NotRequired[list[Feature]]
    """The lines the treaties and events drew, ``p.id`` the line."""


class LandLabel(TypedDict):
    """A name of the land around the islands (Hokkaido, Urup), at a point of it in view."""

    name: str
    point: LatLng
    local: NotRequired[dict[str, str]]
    """Its name in Japanese and Russian (``ja``, ``ru``), for a page in that language."""


class PlaceLabel(TypedDict):
    """A name of the region (a sea, a strait, land, a town) at its point, in the three
    names orders (the leading form first), shown between ``minZoom`` and ``maxZoom``.
    Labels come in order of importance: where two would overlap, the later is hidden."""

    id: str
    kind: Literal["sea", "strait", "land", "town"]
    point: LatLng
    names: dict[NamesOrder, list[TaggedName]]
    minZoom: NotRequired[float]
    maxZoom: NotRequired[float]
    local: NotRequired[dict[str, str]]
    """Its name in Japanese and Russian (``ja``, ``ru``), for a page in that language."""


class HistoryPeriod(TypedDict):
    """A moment the map can be set to: who held each unit (``holders``: unit id → state
    id), who claimed what the other held (``claims``), the lines then drawn and what each
    was (``lines``: line id → ``boundary``, ``administration`` or ``claimed``), its title,
    date (``YYYY[-MM[-DD]]``, or ``present``) and year, and the name each holder had
    then where its state had several (``forms``: state id → the id of that name in
    :class:`HistoryData`'s ``states``, ``russia`` → ``ussr``). Its event, the two sides'
    readings and its sources are in the text version (``#islandmap-text-history``), which
    the time control shows from."""

    id: str
    year: NotRequired[int]
    date: str
    title: str
    holders: dict[str, str]
    claims: dict[str, str]
    lines: dict[str, str]
    forms: NotRequired[dict[str, str]]


class HistoryLine(TypedDict):
    """A line of the history layer: its label and whether it is approximate (how it was
    drawn and its sources are in the text version)."""

    label: str
    approximate: bool


class HistoryData(TypedDict):
    """Who held the Kuril Islands and Sakhalin in each period (``geodata/history.geojson``):
    the states' labels (and those of the names a state had through time: ``ussr``, the
    Soviet Union, and ``federation``, the Russian Federation, for ``russia``), the units'
    labels, the lines, the periods oldest first (``today`` last)."""

    states: dict[str, str]
    units: dict[str, str]
    lines: dict[str, HistoryLine]
    periods: list[HistoryPeriod]


class PackedList(TypedDict):
    """A list of the data (``passages`` or ``sources``) in chunks of ``size`` items, the
    last maybe fewer, ``count`` in all: chunk ``k`` holds items ``k * size`` up to
    ``(k + 1) * size - 1``, as a JSON array in UTF-8 compressed and encoded as
    ``encoding`` (:data:`PACKED_ENCODING`) says. A page reads only the chunks it needs
    first (a popup's five passages), then the rest."""

    encoding: Literal["deflate-raw+base64"]
    count: int
    size: int
    chunks: list[str]


class Packed(TypedDict):
    """``passages`` and ``sources``, packed (version :data:`PACKED_VERSION`). In version
    :data:`PIECES_VERSION`, ``quotes`` too, and maybe ``pieces``: a list of strings
    (sentences, each with the spaces after it), and a passage of ``passages`` has
    ``pieces``, the indexes of the pieces its text is made of, joined with nothing
    between, in place of ``text``."""

    passages: PackedList
    sources: PackedList
    pieces: NotRequired[PackedList]
    quotes: NotRequired[dict[str, PackedList]]
    """Version 3: each island's and the group's (``group``) ``quotes``, which their
    entries in ``islands`` and ``group`` then leave out."""


class PageData(TypedDict):
    """``#islandmap-data``. Version 1 holds ``passages`` and ``sources``; version 2
    (:data:`PACKED_VERSION`) holds ``packed`` instead, and nothing else changes; version 3
    (:data:`PIECES_VERSION`) is version 2 with the quotes in ``packed.quotes`` and maybe
    ``packed.pieces``."""

    version: int
    islands: dict[str, IslandData]
    group: GroupData
    passages: NotRequired[list[PassageData]]
    sources: NotRequired[list[SourceData]]
    packed: NotRequired[Packed]
    geometry: Geometry
    land_labels: list[LandLabel]
    boundaries: list[str]
    """The names of the lines drawn (for the key)."""
    places: NotRequired[list[PlaceLabel]]
    """Names of the region, drawn with its land."""
    history: NotRequired[HistoryData]
    """Who held the islands through time, for the time control (its outlines are in
    ``geometry.history_units`` and ``geometry.history_lines``)."""


def json_block(element_id: str, value: PageConfig | PageData) -> str:
    """*value* as ``<script type="application/json" id="…">``: JSON with ``<``, ``>`` and
    ``&`` escaped, so that no string in it can close the script or open a comment."""
    text = (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return f'<script type="application/json" id="{element_id}">{text}</script>'
