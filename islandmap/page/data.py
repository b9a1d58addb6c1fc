"""The page's data (:class:`~islandmap.page.contract.PageData`) from the joined map.

Each passage and each source is stored once, whatever number of islands quote it
(:class:`QuoteStore`). Quotes are newest first: by date, then by source (publisher), then
in the article's order; a passage's sources are in the same order, and its date is its
newest source's (:func:`newest_first`). Outlines are encoded polylines
(:func:`encode_polyline`), about a fifth of the bytes of GeoJSON text. The front end
builds popups, the panel of quotes, the text version and the printed list from this data
when they are opened.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import deflate as libdeflate
import shapely
from shapely.geometry import box

from islandmap.facts import IslandView, http_url
from islandmap.join import JoinedMap, Quote
from islandmap.models import ISLAND_IDS, Article
from islandmap.page import messages
from islandmap.page.contract import (
    PACKED_ENCODING,
    PIECES_VERSION,
    VERSION,
    Feature,
    GroupData,
    HistoryData,
    HistoryPeriod,
    IslandData,
    ItemCounts,
    LandLabel,
    LatLng,
    NameForms,
    NameLang,
    NamesOrder,
    Packed,
    PackedList,
    PageData,
    PassageData,
    PlaceLabel,
    Placement,
    QuoteRef,
    SourceData,
    TaggedName,
)
from islandmap.region_places import Place

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

GROUP_LABEL = messages.GROUP_LABEL.english
#: Where each island's label sits, so that the small islands' labels do not collide.
LABEL_PLACEMENT: Mapping[str, Placement] = {
    "iturup": "center",
    "kunashir": "center",
    "shikotan": "right",
    "habomai": "below",
}

#: The region's land reaches this far (degrees, about 12 km) under the detailed land cut out
#: of it, so that no hairline of sea shows where the two fills meet and its outline there
#: stays hidden under that land down to zoom 4.
REGION_OVERLAP_DEG = 0.15
#: The region is drawn at zooms 4 to 7 from outlines simplified to 1 km: 3 decimals
#: (about 100 m) are enough, and its polylines take a third fewer bytes than at 5.
REGION_DECIMALS = 3
#: The islands and the land around them: 4 decimals, a grid of 11 m by 8 m at these
#: latitudes, so that rounding moves a point 7 m at most (islandmap.pipeline simplifies
#: the islands that much finer, so that each drawn outline stays within 50 m of the
#: source, as at 5 decimals). A fifth fewer bytes than at 5 decimals.
OUTLINE_DECIMALS = 4
#: Points (where a label or a popup sits): 5 decimals, about 1 m.
POINT_DECIMALS = 5

_T = TypeVar("_T")
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def page_data(
    joined: JoinedMap,
    articles: Sequence[Article],
    views: Mapping[str, IslandView],
    context: GeoDataFrame | None,
    boundaries: Sequence[str],
    region: GeoDataFrame | None = None,
    places: Sequence[Place] = (),
    history: Mapping[str, Any] | None = None,
    pack: bool | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> PageData:
    """Everything the page shows, for ``#islandmap-data``. With *region* (the land from
    Hokkaido to Kamchatka), its land and *places*' names. *pack* stores the passages and
    sources compressed (:func:`pack_data`); ``None`` packs them when they are large
    (:data:`PACK_ABOVE`). *progress*, if given, is told what starts and how many quotes
    it takes: each island's quotes, the group's, and the packing of all of them."""
    told = progress or (lambda _what, _quotes: None)
    store = QuoteStore({article.id: article for article in articles})
    islands: dict[str, IslandData] = {}
    for _, row in joined.islands.iterrows():
        island = str(row["id"])
        told(f"the quotes of {island}", len(joined.quotes[island]))
        view = views[island]
        placement = LABEL_PLACEMENT.get(island, "center")
        islands[island] = {
            "label": view.label,
            "point": label_point(row.geometry, "center"),
            "label_point": label_point(row.geometry, placement),
            "placement": placement,
            "names": name_forms(view),
            "count": len(joined.quotes[island]),
            "quotes": store.add(joined.quotes[island]),
        }
    told("the quotes of the group", len(joined.group))
    group: GroupData = {
        "label": GROUP_LABEL,
        "point": group_point(joined.islands),
        "count": len(joined.group),
        "quotes": store.add(joined.group),
    }

    data: PageData = {
        "version": VERSION,
        "islands": islands,
        "group": group,
        "passages": store.passages,
        "sources": store.sources,
        "geometry": {"islands": encoded_features(joined.islands, ["id"], OUTLINE_DECIMALS)},
        "land_labels": [],
        "boundaries": list(boundaries),
    }
    if context is not None:
        land = context[context["kind"] == "land"]
        lines = context[context["kind"] == "boundary"]
        if len(land):
            data["geometry"]["land"] = encoded_features(land, [], OUTLINE_DECIMALS)
            west, south, east, north = joined.islands.total_bounds
            data["land_labels"] = land_labels(land, box(west, south, east, north))
        if len(lines):
            data["geometry"]["boundary"] = encoded_features(lines, [])
    if region is not None and len(region):
        add_region(data, region, context)
        labels = place_labels(places, region)
        if labels:
            data["places"] = labels
    if history is not None:
        add_history(data, history)
        add_present_line(data)
    if pack or (pack is None and store.larger_than(PACK_ABOVE)):
        told("packing the quotes", len(store.passages))
        # Its popups and panel show these without reading every passage.
        for item in [*islands.values(), group]:
            item["counts"] = store.counts(item["quotes"])
        pack_data(data)
    return data


# --- packed passages and sources ----------------------------------------------------------

#: Passages and sources (their JSON, in bytes) past which a page stores them compressed.
#: The seeds' are 0.07 MB and stay as they are (version 1, every quote at hand). 500
#: generated articles' are 3.1 MB: packed, the page drops from 3.75 to 1.51 MB, is drawn
#: sooner (0.52 s instead of 0.69 s in headless Chromium) and has read every passage 0.1 s
#: after (benchmarks/README.md).
PACK_ABOVE = 1_000_000
#: A packed chunk holds about this many bytes of JSON: a popup opened before the page has
#: read everything reads only the chunks of its five passages, each in a few milliseconds.
CHUNK_BYTES = 256_000


def pack_data(data: PageData) -> None:
    """Move *data*'s ``passages``, ``sources`` and each island's ``quotes`` into
    ``packed`` (version :data:`PIECES_VERSION`): each list cut into chunks of about
    :data:`CHUNK_BYTES` of JSON, each chunk compressed with raw DEFLATE and encoded in
    base64. Where the passages' sentences repeat enough (:func:`shared_pieces`), each is
    stored once, in ``packed.pieces``."""
    passages = data.pop("passages", [])
    shared = shared_pieces(passages)
    packed: Packed = {
        "passages": pack_list(passages if shared is None else shared[0]),
        "sources": pack_list(data.pop("sources", [])),
    }
    if shared is not None:
        packed["pieces"] = pack_list(shared[1])
    # each island's list of quotes, 15 of the 18 MB of 20,000 articles' page once the
    # passages are packed: the page inflates them at once, before it draws (packed.js)
    items = [*data["islands"].items(), ("group", data["group"])]
    packed["quotes"] = {key: pack_list(item.pop("quotes", [])) for key, item in items}
    data["version"] = PIECES_VERSION
    data["packed"] = packed


#: A passage's pieces: each sentence with the spaces after it (the Japanese full stop
#: ends one without a space), the last one whatever is left. Written as runs of what
#: cannot end a sentence rather than ``.+?`` before the end, which tries the end at every
#: character (the same pieces, in a third of the time: 3.1 s against 1.2 s for the
#: 195,000 passages of 20,000 articles).
_PIECE = re.compile(
    r".[^.!?。！？]*(?:[.!?](?!\s|\Z)[^.!?。！？]*)*(?:[.!?](?:\s+|\Z)|[。！？]\s*|\Z)", re.DOTALL
)
#: Passages are stored as pieces when the distinct pieces take at most this share of the
#: passages' text: a corpus of reprints rewritten, whose DEFLATE, which looks back 32 KB,
#: cannot see the same sentence a few megabytes apart.
PIECES_AT_MOST = 0.5


def shared_pieces(passages: Sequence[PassageData]) -> tuple[list[Any], list[str]] | None:
    """The *passages* with ``pieces`` in place of ``text``, and the pieces, when storing
    them so saves enough (:data:`PIECES_AT_MOST`); else None."""
    at = _Numbering()
    number, pieces_of = at.__getitem__, _PIECE.findall
    made = [list(map(number, pieces_of(passage["text"]))) for passage in passages]
    total = sum(len(passage["text"]) for passage in passages)
    if not at or sum(map(len, at)) > PIECES_AT_MOST * total:
        return None
    out: list[Any] = []
    for passage, pieces in zip(passages, made, strict=True):
        item: dict[str, Any] = {"pieces": pieces}
        item.update(passage)
        del item["text"]
        out.append(item)
    return out, list(at)


class _Numbering(dict[str, int]):
    """Numbers for strings in the order first asked for: ``numbering[s]`` (a lookup in C
    for a string seen before, where ``setdefault(s, len(d))`` is a call in Python each)."""

    def __missing__(self, key: str) -> int:
        number = self[key] = len(self)
        return number


def pack_list(items: Sequence[Any]) -> PackedList:
    """*items* as a :class:`~islandmap.page.contract.PackedList`: chunks of as many items
    as make about :data:`CHUNK_BYTES` of JSON, on average (measured on a sample)."""
    sample = list(items[:: max(1, len(items) // 200)])
    mean = len(_json(sample)) / max(1, len(sample))
    size = max(1, min(len(items), int(CHUNK_BYTES / max(1.0, mean))))
    chunks = []
    for start in range(0, len(items), size):
        # libdeflate's level 6: a little shorter than zlib's level 6, in 40 % of its time
        # (20,000 articles' passages: 26.9 MB in 1.3 s, where zlib wrote 27.0 MB in 3.3 s)
        raw = libdeflate.deflate_compress(_json(list(items[start : start + size])), 6)
        chunks.append(base64.b64encode(raw).decode("ascii"))
    return {"encoding": PACKED_ENCODING, "count": len(items), "size": size, "chunks": chunks}


def pack_json(value: Any) -> str:
    """*value* as JSON compressed with raw DEFLATE and encoded in base64, as a packed
    chunk is: for the page's other languages' catalogs and its packed markup. Compressed
    by libdeflate at its strongest level (12), which finds shorter DEFLATE streams than
    zlib's level 9 (3 % here: 0.7 KB in a page in Russian) in a few milliseconds; any
    raw DEFLATE reader (the browser's DecompressionStream, zlib) reads them."""
    raw = _json(value)
    packed: str = _cached(
        b"packed json",
        [raw],
        lambda: base64.b64encode(libdeflate.deflate_compress(raw, 12)).decode("ascii"),
    )
    return packed


def unpack_json(text: str) -> Any:
    """The value :func:`pack_json` packed (for tools and tests)."""
    return json.loads(zlib.decompress(base64.b64decode(text), -15))


def unpack_list(packed: PackedList) -> list[Any]:
    """The items of a :class:`~islandmap.page.contract.PackedList` (for tools and tests;
    the page's script does the same with ``DecompressionStream``, and with fflate for the
    islands' quotes)."""
    if packed["encoding"] != PACKED_ENCODING:
        raise ValueError(f"unknown encoding {packed['encoding']!r}")
    items: list[Any] = []
    for chunk in packed["chunks"]:
        items += json.loads(zlib.decompress(base64.b64decode(chunk), -15))
    return items


def unpack_data(data: PageData) -> PageData:
    """A packed page's data (versions 2 and 3) as version 1 holds it, but for the
    islands' ``counts``: ``passages`` (each with its ``text``), ``sources`` and each
    island's ``quotes`` (for tools and tests; the page's script does the same)."""
    out: Any = json.loads(_json(data))
    packed = out.pop("packed", None)
    if packed is None:
        return out  # type: ignore[no-any-return]
    out["passages"] = unpack_list(packed["passages"])
    out["sources"] = unpack_list(packed["sources"])
    if "pieces" in packed:
        pieces = unpack_list(packed["pieces"])
        for passage in out["passages"]:
            passage["text"] = "".join(pieces[k] for k in passage.pop("pieces"))
    for key, quotes in packed.get("quotes", {}).items():
        (out["group"] if key == "group" else out["islands"][key])["quotes"] = unpack_list(quotes)
    out["version"] = VERSION
    return out  # type: ignore[no-any-return]


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _cached(what: bytes, inputs: Sequence[bytes], compute: Callable[[], Any]) -> Any:
    """``compute()`` (a JSON value) kept in islandmap's cache, keyed by *what*, this
    module's code and the bytes *inputs* it is made from: the page's outlines, which the
    same coastlines always encode the same way, are read back instead of encoded again
    (about a tenth of a render of the seeds)."""

    from islandmap.cache import cached_bytes, code_of

    parts = [what, code_of(__file__), *inputs]
    return json.loads(cached_bytes(parts, lambda: _json(compute())))


def _geometry_bytes(gdf: GeoDataFrame) -> list[bytes]:
    return [b"" if g is None else shapely.to_wkb(g) for g in gdf.geometry]


# --- the region -------------------------------------------------------------------------


def add_region(data: PageData, region: GeoDataFrame, context: GeoDataFrame | None) -> None:
    """The region's land, with the four islands left out and the detailed land's extent
    cut out of it (but for a thin overlap, so that no hairline of sea shows where the two
    fills meet), encoded at ``REGION_DECIMALS``, into ``geometry.region``. Both are
    filled without an outline (build.py), which would trace where they were clipped."""
    land = region[~region["id"].isin(ISLAND_IDS)]
    cut = None
    detailed_land = context[context["kind"] == "land"] if context is not None else None
    detailed = _clipped_to(detailed_land) if detailed_land is not None else None
    if detailed is not None:
        west, south, east, north = detailed
        cut = box(
            west + REGION_OVERLAP_DEG,
            south + REGION_OVERLAP_DEG,
            east - REGION_OVERLAP_DEG,
            north - REGION_OVERLAP_DEG,
        )

    def compute() -> list[Feature]:
        fills = []
        for geometry in land.geometry:
            if geometry is None or geometry.is_empty:
                continue
            fill = geometry.difference(cut) if cut is not None else geometry
            if not fill.is_empty:
                fills.append(fill)
        if not fills:
            return []
        merged = shapely.union_all(fills)
        shape = merged.__geo_interface__
        return [
            {
                "p": {},
                "t": shape["type"],
                "c": _encode_nested(shape["coordinates"], REGION_DECIMALS),
                "e": REGION_DECIMALS,
            }
        ]

    inputs = [b"" if cut is None else shapely.to_wkb(cut), *_geometry_bytes(land)]
    features: list[Feature] = _cached(b"region fill", inputs, compute)
    if features:
        data["geometry"]["region"] = features


def _clipped_to(gdf: GeoDataFrame) -> tuple[float, float, float, float] | None:
    """The box the geodata says it was clipped to (``clipped_to``), if it says so."""
    if "clipped_to" not in gdf.columns:
        return None
    for value in gdf["clipped_to"]:
        if isinstance(value, list | tuple) and len(value) == 4:
            west, south, east, north = (float(v) for v in value)
            return (west, south, east, north)
    return None


def place_labels(places: Sequence[Place], region: GeoDataFrame | None) -> list[PlaceLabel]:
    """Each place's label: its point (as given, or a point inside its land of *region*
    within its box), its names in the three names orders, its zooms; in the places'
    order. A place on land the region does not have is left out."""
    land = {}
    if region is not None:
        land = {str(i): g for i, g in zip(region["id"], region.geometry, strict=True)}
    labels: list[PlaceLabel] = []
    for place in places:
        if place.lat is not None and place.lon is not None:
            point: LatLng = (place.lat, place.lon)
        else:
            geometry = land.get(place.on_land)
            if geometry is None or place.within is None:
                continue
            inside = geometry.intersection(box(*place.within))
            parts = [g for g in getattr(inside, "geoms", [inside]) if g.area > 0]
            if not parts:
                continue
            found = max(parts, key=lambda g: g.area).representative_point()
            point = (round(found.y, 4), round(found.x, 4))
        label: PlaceLabel = {
            "id": place.id,
            "kind": place.kind,
            "point": point,
            "names": {
                "both": [(part, "en") for part in place.label.split(" / ")],
                "ja": _forms(place.ja_latn, place.ru_latn),
                "ru": _forms(place.ru_latn, place.ja_latn),
            },
        }
        if place.ja and place.ru:
            label["local"] = {"ja": place.ja, "ru": place.ru}
        if place.min_zoom is not None:
            label["minZoom"] = place.min_zoom
        if place.max_zoom is not None:
            label["maxZoom"] = place.max_zoom
        labels.append(label)
    return labels


def _forms(first: str, second: str) -> list[TaggedName]:
    """The English forms of a place's names, the leading side's first, each once."""
    return [(first, "en")] if first == second else [(first, "en"), (second, "en")]


# --- names ------------------------------------------------------------------------------

_TAGS = {"ru_latn": "ru-Latn", "ja_latn": "ja-Latn", "ru": "ru", "ja": "ja"}


def name_forms(view: IslandView) -> dict[NamesOrder, NameForms]:
    """The island's names in the three names orders: ``both`` (the label, as "Iturup /
    Etorofu", and every form in the tooltip), ``ja`` (the Japanese form leads) and ``ru``
    (the Russian form leads)."""
    names = view.names
    fallback: list[TaggedName] = [(view.label, "en")]

    def forms(*keys: str) -> list[TaggedName]:
        found: list[TaggedName] = []
        for key in keys:
            text = getattr(names, key)
            if text and text not in (t for t, _ in found):
                found.append((text, _TAGS[key]))
        return found

    def lead(first: str, second: str) -> NameForms:
        lines = [line for line in (forms(first, f"{first}_latn"), forms(second, f"{second}_latn"))]
        return {
            "label": forms(f"{first}_latn", f"{second}_latn") or fallback,
            "tooltip": forms(f"{first}_latn", first, f"{second}_latn", second) or fallback,
            "lines": [line for line in lines if line] or [fallback],
        }

    both: NameForms = {
        "label": fallback,
        "tooltip": forms("ru_latn", "ja_latn", "ru", "ja") or fallback,
    }
    script = forms("ru", "ja")
    if script:
        both["script"] = script
    return {"both": both, "ja": lead("ja", "ru"), "ru": lead("ru", "ja")}


# --- places -----------------------------------------------------------------------------


def label_point(geometry: Any, placement: Placement) -> LatLng:
    """Where a label or popup sits: beside the island's bounds, or a point inside its
    largest part (inside the land, even for a bent island)."""
    west, south, east, north = geometry.bounds
    if placement == "below":
        return _point(south, (west + east) / 2)
    if placement == "right":
        return _point((south + north) / 2, east)
    if placement == "left":
        return _point((south + north) / 2, west)
    parts = getattr(geometry, "geoms", [geometry])
    point = max(parts, key=lambda g: g.area).representative_point()
    return _point(point.y, point.x)


def group_point(islands: GeoDataFrame) -> LatLng:
    """The group's marker: open sea south-east of the chain (which runs south-west to
    north-east, so its south-east corner is the Pacific)."""
    west, south, east, north = islands.total_bounds
    return _point(south + 0.1 * (north - south), west + 0.78 * (east - west))


def _point(lat: float, lng: float) -> LatLng:
    return (round(float(lat), POINT_DECIMALS), round(float(lng), POINT_DECIMALS))


def land_labels(land: GeoDataFrame, near: Any) -> list[LandLabel]:
    """Names for the land in view (Hokkaido, Urup), each at a point of it inside *near*
    (the area the map opens on), so that a label is not placed in the far west of Hokkaido."""
    labels: list[LandLabel] = []
    for _, row in land.iterrows():
        name = str(row.get("name") or "").strip()
        if not name or row.geometry is None:
            continue
        visible = row.geometry.intersection(near)
        if visible.is_empty:
            continue
        parts = getattr(visible, "geoms", [visible])
        point = max(parts, key=lambda g: g.area).representative_point()
        label: LandLabel = {"name": name, "point": _point(point.y, point.x)}
        local = _land_names(str(row.get("id") or ""))
        if local:
            label["local"] = local
        labels.append(label)
    return labels


def _land_names(land_id: str) -> dict[str, str]:
    """The land's names in Japanese and Russian (islands.yaml's ``context``), for the page
    in those languages."""
    from islandmap.geodata import load_facts

    names = ((load_facts().get("context") or {}).get(land_id) or {}).get("names") or {}
    return {
        lang: names[lang].strip()
        for lang in ("ja", "ru")
        if isinstance(names.get(lang), str) and names[lang].strip()
    }


# --- quotes and sources -------------------------------------------------------------------


class QuoteStore:
    """The quotes as the page's data holds them: each passage once, each source once."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self.articles = articles
        self.passages: list[PassageData] = []
        self.sources: list[SourceData] = []
        self._passage_at: dict[tuple[str, str], int] = {}
        self._source_at: dict[str, int] = {}
        #: Each source's date, name and file, as _order_key orders by them.
        self._source_keys: list[tuple[str, str, str]] = []
        #: Each source's name as the page counts quotes by it (see counts).
        self._counted_as: list[str] = []
        #: Each passage's place among the quotes: its newest source's _order_key.
        self._passage_keys: list[tuple[str, str, str, int]] = []

    def add(self, quotes: Sequence[Quote]) -> list[QuoteRef]:
        """The quotes as ``[passage, lang, marks]``, newest first, storing what is new."""
        refs: list[QuoteRef] = [(self._passage(q), q.lang, marks(q)) for q in quotes]
        keys = self._passage_keys
        return newest_first(refs, lambda ref: keys[ref[0]])

    def larger_than(self, limit: int) -> bool:
        """Whether the passages and sources take more than about *limit* bytes of JSON."""
        size = sum(len(str(s)) for s in self.sources)
        for p in self.passages:
            size += len(p["text"].encode()) + 12 * len(p["refs"]) + 40
            if size > limit:
                return True
        return size > limit

    def counts(self, quotes: Sequence[QuoteRef]) -> ItemCounts:
        """*quotes* counted by name form and by source name, as ``quotes.js`` counts them
        on a page that is not packed."""
        forms: dict[NameLang, int] = {"ja": 0, "ru": 0, "both": 0}
        by_source: dict[str, int] = {}
        counted_as = self._counted_as
        for passage, lang, _ in quotes:
            forms[lang] += 1
            for name in {counted_as[source] for source, _ in self.passages[passage]["refs"]}:
                by_source[name] = by_source.get(name, 0) + 1
        ordered = sorted(by_source.items(), key=lambda s: (-s[1], s[0].encode("utf-16-be")))
        return {"forms": forms, "sources": ordered}

    def _passage(self, quote: Quote) -> int:
        key = (quote.section, quote.text)
        at = self._passage_at.get(key)
        if at is None:
            at = self._passage_at[key] = len(self.passages)
            refs = [(self._source(ref.source), ref.index) for ref in quote.sources]
            if len(refs) > 1:
                refs = newest_first(refs, self._order_key)
            passage: PassageData = {"text": quote.text, "refs": refs}
            self._passage_keys.append(self._order_key(refs[0]))
            date = self.sources[refs[0][0]].get("date", "")[:10]
            if date:
                passage["date"] = date
            if quote.section == "comments":
                passage["comment"] = True
            self.passages.append(passage)
        return at

    def _order_key(self, ref: tuple[int, int]) -> tuple[str, str, str, int]:
        """A source reference's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, "" when it
        has none), then its source's name as the page shows it, its file and the passage."""
        date, name, file = self._source_keys[ref[0]]
        return (date, name, file, ref[1])

    def _source(self, name: str) -> int:
        at = self._source_at.get(name)
        if at is None:
            at = self._source_at[name] = len(self.sources)
            source = source_data(name, self.articles.get(name))
            self.sources.append(source)
            shown = source.get("publisher") or source["title"]
            self._source_keys.append((source.get("date", "")[:10], shown.casefold(), name))
            self._counted_as.append(shown or source["file"])
        return at


def newest_first(items: Sequence[_T], key: Callable[[_T], tuple[str, str, str, int]]) -> list[_T]:
    """*items* by ``key(item)``: the date (its first member) newest first, undated last;
    within a date the rest ascending (source, file, passage), so that an article's passages
    keep their order; items alike keep theirs."""
    keys = list(map(key, items))
    # one sort, each key made once: the dates' ranks, newest first, then the rest
    rank = {date: i for i, date in enumerate(sorted({k[0] for k in keys}, reverse=True))}
    ordered = sorted([(rank[k[0]], *k[1:], i) for i, k in enumerate(keys)])
    return [items[k[-1]] for k in ordered]


def marks(quote: Quote) -> list[int | str]:
    """The names to mark as ``start, end, lang, …``, in UTF-16 code units (characters
    outside the Basic Multilingual Plane count twice in JavaScript)."""
    text = quote.text
    # A character past U+FFFF takes two UTF-16 units (one C call; max(text) walks it in Python).
    wide = not text.isascii() and len(text.encode("utf-16-le")) != 2 * len(text)
    out: list[int | str] = []
    for h in quote.highlights:
        start, end = h.start, h.end
        if wide:
            start = len(text[:start].encode("utf-16-le")) // 2
            end = start + len(text[h.start : h.end].encode("utf-16-le")) // 2
        out += [start, end, h.lang]
    return out


def source_data(source: str, article: Article | None) -> SourceData:
    """A source's citation: title (the file name when it has none), publisher, date, and
    its address when it is http(s), else the address as ``rejected_url`` (shown as text)."""
    data: SourceData = {"file": source, "title": source}
    if article is None:
        return data
    url = article.url.strip()
    safe = http_url(url)
    data["title"] = article.title.strip() or source
    optional = {
        "publisher": article.publisher,
        "date": article.date,
        "url": safe,
        "rejected_url": "" if safe or not url else url,
        "lang": lang_tag(article.language),
    }
    for key, value in optional.items():
        if value:
            data[key] = value  # type: ignore[literal-required]
    return data


def lang_tag(language: str) -> str:
    """*language* if it looks like a BCP 47 tag (``en``, ``ja``, ``ru-Latn``), else ``""``."""
    language = language.strip()
    return language if _LANG_TAG.fullmatch(language) else ""


# --- outlines -----------------------------------------------------------------------------


def encoded_features(gdf: GeoDataFrame, columns: Sequence[str], decimals: int = 5) -> list[Feature]:
    """Features with the listed properties (``p``), the geometry type (``t``) and its
    coordinates (``c``), every ring or line as an encoded polyline at *decimals* (given
    as ``e`` where not 5)."""
    properties = _json([[_plain(row.get(c)) for c in columns] for _, row in gdf.iterrows()])
    features: list[Feature] = _cached(
        b"encoded features",
        [str((list(columns), decimals)).encode(), properties, *_geometry_bytes(gdf)],
        lambda: _encoded_features(gdf, columns, decimals),
    )
    return features


def _encoded_features(gdf: GeoDataFrame, columns: Sequence[str], decimals: int) -> list[Feature]:
    features: list[Feature] = []
    for (_, row), geometry in zip(gdf.iterrows(), gdf.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        shape = geometry.__geo_interface__
        feature: Feature = {
            "p": {c: _plain(row.get(c)) for c in columns},
            "t": shape["type"],
            "c": _encode_nested(shape["coordinates"], decimals),
        }
        if decimals != 5:
            feature["e"] = decimals
        features.append(feature)
    return features


def _encode_nested(coordinates: Any, decimals: int = 5) -> Any:
    """GeoJSON coordinates with each innermost list of positions as one encoded string."""
    first = coordinates[0] if len(coordinates) else None
    if first is not None and isinstance(first[0], int | float):
        return encode_polyline(coordinates, decimals)
    return [_encode_nested(part, decimals) for part in coordinates]


def encode_polyline(positions: Sequence[Sequence[float]], decimals: int = 5) -> str:
    """Positions (x, y) in Google's encoded polyline format at 5 decimals (about 1 m) or
    *decimals*, x before y, as GeoJSON orders them. The front end's ``decodePolyline``
    reverses it."""
    factor = 10**decimals
    out: list[str] = []
    last_x = last_y = 0
    for position in positions:
        x, y = round(position[0] * factor), round(position[1] * factor)
        for delta in (x - last_x, y - last_y):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        last_x, last_y = x, y
    return "".join(out)


def _plain(value: Any) -> str | int | float | bool | None:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


# --- the history layer ----------------------------------------------------------------

#: The history layer's land other than the four islands is drawn with the region, from
#: outlines simplified as the region's and encoded at its decimals.
HISTORY_TOLERANCE_M = 1000.0


def add_history(data: PageData, layer: Mapping[str, Any]) -> None:
    """The history layer (``geodata/history.geojson`` as parsed) into the page: its
    periods, states, units and lines in ``data["history"]``; its land other than the four
    islands (whose outlines the page has already) in ``geometry.history_units``, its lines
    in ``geometry.history_lines``."""
    import geopandas as gpd

    from islandmap.geodata import simplify_for_display

    states = layer.get("states") or {}
    features = [f for f in layer.get("features") or [] if isinstance(f, dict)]
    units = [f for f in features if f.get("properties", {}).get("kind") == "unit"]
    lines = [f for f in features if f.get("properties", {}).get("kind") == "line"]
    history: HistoryData = {
        "states": {str(k): str((v or {}).get("name", k)) for k, v in states.items()},
        "units": {str(f["properties"]["id"]): str(f["properties"].get("name", "")) for f in units},
        "lines": {
            str(f["properties"]["id"]): {
                "label": str(f["properties"].get("name", "")),
                "approximate": bool(f["properties"].get("approximate")),
            }
            for f in lines
        },
        "periods": [_history_period(p) for p in layer.get("periods") or []],
    }
    # The names a state had through time (ussr, federation) with the states' own: the
    # periods' forms name their holders by these.
    history["states"].update(
        (str(k), str((f or {}).get("name", k)))
        for v in states.values()
        for k, f in ((v or {}).get("forms") or {}).items()
    )
    data["history"] = history
    drawn = [f for f in units if f["properties"]["id"] not in ISLAND_IDS]
    if drawn:
        gdf = gpd.GeoDataFrame.from_features(drawn, crs="EPSG:4326")
        gdf = simplify_for_display(gdf, HISTORY_TOLERANCE_M, decimals=None, bounded=False)
        data["geometry"]["history_units"] = [
            {
                "p": {"id": str(row["id"])},
                "t": geometry.__geo_interface__["type"],
                "c": _encode_nested(geometry.__geo_interface__["coordinates"], REGION_DECIMALS),
                "e": REGION_DECIMALS,
            }
            for (_, row), geometry in zip(gdf.iterrows(), gdf.geometry, strict=True)
            if geometry is not None and not geometry.is_empty
        ]
    if lines:
        # Lines across the sea and Sakhalin, most of them approximate (each says so):
        # 4 decimals, as the islands.
        data["geometry"]["history_lines"] = [
            {
                "p": {"id": str(f["properties"]["id"])},
                "t": f["geometry"]["type"],
                "c": _encode_nested(f["geometry"]["coordinates"], OUTLINE_DECIMALS),
                "e": OUTLINE_DECIMALS,
            }
            for f in lines
        ]


#: The history layer's line where the two administrations have met since 1945, drawn in
#: the map as it opens too, beside the 1855 line: with only the treaty line a reader takes
#: it for today's border, which is one side's position.
PRESENT_LINE = "nemuro_1945"


def add_present_line(data: PageData) -> None:
    """The line where the administrations meet today (:data:`PRESENT_LINE`, from the
    history layer) in the boundary layer, as a feature with its ``id`` and its ``role``
    (``administration``, whose style is the history layer's), where the page has both."""
    geometry = data["geometry"]
    lines = [f for f in geometry.get("history_lines", []) if f["p"].get("id") == PRESENT_LINE]
    if "boundary" in geometry and lines:
        geometry["boundary"] = [
            *geometry["boundary"],
            {**lines[0], "p": {"id": PRESENT_LINE, "role": "administration"}},
        ]


def _history_period(period: Mapping[str, Any]) -> HistoryPeriod:
    out: HistoryPeriod = {
        "id": str(period["id"]),
        "date": str(period.get("date", "")),
        "title": str(period.get("title", "")),
        "holders": {str(k): str(v) for k, v in (period.get("holders") or {}).items()},
        "claims": {str(k): str(v) for k, v in (period.get("claims") or {}).items()},
        "lines": {str(k): str(v) for k, v in (period.get("lines") or {}).items()},
    }
    if isinstance(period.get("year"), int):
        out["year"] = period["year"]
    if period.get("forms"):
        out["forms"] = {str(k): str(v) for k, v in period["forms"].items()}
    return out
