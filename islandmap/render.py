"""The ``render`` stage: joined islands and quotes → one self-contained HTML page.

:func:`render_map` runs the pipeline (sources → matches → islands ⋈ passages → page) and
writes the file atomically. :func:`build_html` makes the page from values already loaded.

How the page is put together (folium 0.20 does the map script; this module the rest):

- Leaflet 1.9.3 is inlined from the ``xstatic-leaflet`` package, and folium's CDN links
  (jQuery, Bootstrap, Font Awesome, awesome-markers) are left out: the page draws with no
  network at all, as on a school network that blocks CDNs or from a USB stick.
- Everything that comes from a source (passage text, title, publisher, URL) reaches the
  page only inside one ``<script type="application/json" id="islandmap-data">`` block
  (JSON with ``<``, ``>`` and ``&`` escaped, so no text can close the script), each
  passage once and each source once (:class:`_QuoteStore`). ``data/map.js`` builds the
  popups, the panel of quotes, the text version and the printed list from it when they
  are opened, with DOM calls that set text. What holds no source text (an island's
  names, status and area; the tooltips; the panel's shell) comes from the autoescaping
  template ``data/popup.html.j2``, the per-island parts as ``<template>`` elements. Source
  text never passes through folium's own templates: folium re-renders element output as
  Jinja templates, so ``{{ … }}`` in a passage would run.
- Islands carry the CSS classes ``island island-<id>`` through Leaflet's ``className``
  path option, set in the GeoJson style; map.js makes each path focusable.
- The basemap is vector: a sea-coloured background and ``context.geojson``'s land in a pane
  below the tiles, so optional tiles that fail to load leave a clean map.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import folium
import jinja2
from branca.element import Element, Figure, MacroElement
from folium.map import CustomPane, Layer
from folium.template import Template
from markupsafe import Markup
from shapely.geometry import box

from islandmap import geodata
from islandmap.errors import IslandmapError
from islandmap.join import JoinedMap, Quote, join_islands
from islandmap.models import Article
from islandmap.output import write_atomic, write_stdout
from islandmap.passages import load_and_match

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

DEFAULT_TITLE = "The southern Kuril Islands / Northern Territories"
SUBTITLE = (
    "Iturup/Etorofu, Kunashir/Kunashiri, Shikotan and Habomai: "
    "quotes from the news that name them, with their sources"
)
DISCLAIMER = (
    "Russia administers the four islands; Japan claims them. Names and lines on this map "
    "do not imply endorsement of either position."
)
GROUP_LABEL = "The islands as a group"
#: Okabe–Ito colours (safe for the common colour-vision deficiencies), one per island, none
#: tied to a country. Neighbours differ in hue and lightness.
ISLAND_COLOURS = {
    "iturup": "#E69F00",
    "kunashir": "#0072B2",
    "shikotan": "#009E73",
    "habomai": "#CC79A7",
}
_FALLBACK_COLOUR = "#999999"
LAND_STYLE = {"fillColor": "#efe9d8", "color": "#9a927c", "weight": 0.8, "fillOpacity": 1}
BOUNDARY_STYLE = {"color": "#7a1f4a", "weight": 2, "dashArray": "6 5", "opacity": 0.9}
#: Where each island's label sits, so that the small islands' labels do not collide.
LABEL_PLACEMENT = {
    "iturup": "center",
    "kunashir": "center",
    "shikotan": "right",
    "habomai": "below",
}

_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_NAME_LANGS = (("ru_latn", "ru-Latn"), ("ja_latn", "ja-Latn"), ("ru", "ru"), ("ja", "ja"))


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
    inlining it: a smaller file that needs the network.

    *gazetteer* is a names file to use instead of the shipped one; a source that names no
    island goes to *warn*, or stops the run when *strict*.

    Returns the summary line. The file is written to a temporary file beside *output* and
    renamed over it, so a failed run leaves any earlier map untouched.
    """
    output = Path(output)
    to_stdout = str(output) == "-"
    if not to_stdout and output.is_dir():
        raise IslandmapError(output, "is a folder. Give a file name, e.g. -o output/islands.html")
    _tile_layer(tiles)  # a wrong name fails before any work
    _check_names(names)

    joined, articles, context = load_joined(
        sources_dir, geodata_dir, include_comments, gazetteer, strict, warn
    )
    html = build_html(
        joined,
        articles,
        geodata.load_facts(),
        context=context,
        tiles=tiles,
        title=title,
        attribution=Markup(geodata.COASTLINE_ATTRIBUTION_HTML),
        names=names,
        offline=offline,
    )
    if to_stdout:
        write_stdout(html)
    else:
        write_atomic(output, html)
    return summary_line("stdout" if to_stdout else str(output), joined)


#: The page draws at 5 decimals (about 1 m, see :func:`encode_polyline`); simplifying at
#: 49 m keeps every drawn outline within the 50 m the geodata promises.
DISPLAY_TOLERANCE_M = geodata.DISPLAY_TOLERANCE_M - 1.0
NAME_ORDERS = ("both", "ja", "ru")


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


def _check_names(names: str) -> None:
    if names not in NAME_ORDERS:
        raise IslandmapError(
            None, f"unknown names order {names!r}. Use both, ja (Japanese first) or ru"
        )


def summary_line(where: str, joined: JoinedMap) -> str:
    """``Wrote <where>: 4 islands, N quotes from M sources``."""
    quotes = len(joined.all_quotes())
    sources = len(joined.sources())
    return (
        f"Wrote {where}: {_count(len(joined.islands), 'island')}, "
        f"{_count(quotes, 'quote')} from {_count(sources, 'source')}"
    )


def build_html(
    joined: JoinedMap,
    articles: Sequence[Article],
    facts: Mapping[str, Any],
    *,
    context: GeoDataFrame | None = None,
    tiles: str = "none",
    title: str | None = None,
    attribution: str | Markup = "",
    names: str = "both",
    offline: bool = True,
) -> str:
    """The whole page as a string: map, popups, key, text version, with Leaflet inlined
    (or, with *offline* False, loaded from a pinned CDN address).

    *facts* is :func:`islandmap.geodata.load_facts` (names, status, published areas).
    *attribution* is HTML for the coastlines credit (escape text before passing it).
    *names* (``both``, ``ja``, ``ru``) is which form of each name leads when the page opens.
    """
    _check_names(names)
    by_id = {article.id: article for article in articles}
    page_title = " ".join((title or "").split()) or DEFAULT_TITLE
    island_facts = facts.get("islands", {})
    islands = [
        _island_view(row, island_facts.get(row["id"], {}), len(joined.quotes[row["id"]]))
        for _, row in joined.islands.iterrows()
    ]
    group = {"id": "group", "label": GROUP_LABEL, "count": len(joined.group)}
    boundaries = _boundary_labels(context, facts)
    page = {
        "title": page_title,
        "subtitle": SUBTITLE,
        "disclaimer": DISCLAIMER,
        "islands": islands,
        "group": group,
        "has_land": context is not None and bool((context["kind"] == "land").any()),
        "boundaries": boundaries,
        "names": names,
    }

    popups = _templates()
    store = _QuoteStore(by_id)
    data: dict[str, Any] = {
        "islands": {
            island["id"]: {
                "label": island["label"],
                "point": island["point"],
                "count": island["count"],
                "quotes": store.add(joined.quotes[island["id"]]),
            }
            for island in islands
        },
        "group": {
            "label": GROUP_LABEL,
            "count": len(joined.group),
            "quotes": store.add(joined.group),
        },
        "passages": store.passages,
        "sources": store.sources,
        "geometry": {"islands": _encoded_features(joined.islands, ["id"])},
    }
    if context is not None:
        for kind, key in (("land", "land"), ("boundary", "boundary")):
            data["geometry"][key] = _encoded_features(context[context["kind"] == kind], [])
    templates = "".join(
        str(popups.popup_head(island)) + str(popups.tooltip_template(island)) for island in islands
    ) + str(popups.group_head(group))

    fig = _Page(title=page_title, names=names)
    fig.header.add_child(_Raw(_assets_html(offline)), name="islandmap_assets")
    fig.html.add_child(_Raw(str(popups.title_bar(page))), name="islandmap_header")
    fig.html.add_child(_Raw(str(popups.text_version(page))), name="islandmap_text")
    fig.html.add_child(_Raw(str(popups.legend(page))), name="islandmap_legend")
    fig.html.add_child(_Raw(str(popups.panel())), name="islandmap_panel")
    fig.html.add_child(_Raw(templates), name="islandmap_templates")
    fig.html.add_child(_Raw(_data_script(data)), name="islandmap_data")

    west, south, east, north = joined.islands.total_bounds
    fmap = _Map(
        opening_bounds=[[south, west], [north, east]],
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    fig.add_child(fmap)

    if context is not None:
        _add_context(fmap, context, attribution, near=box(west, south, east, north))
    tile_layer = _tile_layer(tiles)
    if tile_layer is not None:
        fmap.add_child(tile_layer)
    _add_islands(fmap, joined.islands, {i["id"]: i for i in islands}, attribution)
    _add_group(fmap, joined.islands, len(joined.group))
    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.add_child(_Call("islandmap.start({{ this._parent.get_name() }});"))
    return fig.render()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- view values for the template ------------------------------------------------------


def _island_view(row: Any, facts: Mapping[str, Any], count: int) -> dict[str, Any]:
    island_id = str(row["id"])
    names = dict(facts.get("names") or {})
    for key, column in (("ru", "name_ru"), ("ja", "name_ja")):
        if not names.get(key) and isinstance(row.get(column), str):
            names[key] = row[column]
    label = names.get("label") or row.get("name") or island_id.capitalize()
    tooltip_names = []
    seen = set()
    for key, lang in _NAME_LANGS:
        text = names.get(key)
        if text and text not in seen:
            seen.add(text)
            tooltip_names.append((text, lang))
    return {
        "id": island_id,
        "label": label,
        "point": _label_point(row.geometry, "center"),
        "colour": ISLAND_COLOURS.get(island_id, _FALLBACK_COLOUR),
        "ru": names.get("ru", ""),
        "ru_latn": names.get("ru_latn", ""),
        "ja": names.get("ja", ""),
        "ja_latn": names.get("ja_latn", ""),
        "tooltip_names": tooltip_names or [(label, "en")],
        "variants": _name_variants(names, label, tooltip_names or [(label, "en")]),
        "status": _status(facts),
        "area": _area(row, facts),
        "count": count,
    }


def _name_variants(
    names: Mapping[str, str], label: str, tooltip_both: list[tuple[str, str]]
) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """The island's names in the three orders of ``--names``: ``both`` (the label, as
    "Iturup / Etorofu", and every form in the tooltip), ``ja`` (the Japanese form leads)
    and ``ru`` (the Russian form leads). Each order has a ``label`` (the forms a map label
    shows, leading one first) and a ``tooltip``, as ``(text, BCP 47 tag)`` pairs."""

    def forms(*keys: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for key in keys:
            text = names.get(key)
            if text and text not in (t for t, _ in found):
                found.append((text, dict(_NAME_LANGS)[key]))
        return found

    def lead(first: str, second: str) -> dict[str, list[tuple[str, str]]]:
        return {
            "label": forms(f"{first}_latn", f"{second}_latn") or [(label, "en")],
            "tooltip": forms(f"{first}_latn", first, f"{second}_latn", second) or [(label, "en")],
        }

    return {
        "both": {"label": [(label, "en")], "tooltip": tooltip_both},
        "ja": lead("ja", "ru"),
        "ru": lead("ru", "ja"),
    }


def _status(facts: Mapping[str, Any]) -> list[dict[str, str]]:
    """The status as two facts side by side, each with its source:
    "Administered by Russia (…)", "claimed by Japan (…)"."""
    admin = facts.get("administered_by") or {}
    claim = facts.get("claimed_by") or {}
    admin_where = ", ".join(v for v in (admin.get("region"), admin.get("district")) if v)
    claim_where = ", ".join(v for v in (claim.get("prefecture"), claim.get("subprefecture")) if v)
    parts = [
        (f"Administered by {admin.get('country') or 'Russia'}", admin_where, admin),
        (f"claimed by {claim.get('country') or 'Japan'}", claim_where, claim),
    ]
    return [
        {
            "text": text + (f" ({where})" if where else ""),
            "url": fact.get("source", "") if _safe_url(fact.get("source", "")) else "",
        }
        for text, where, fact in parts
    ]


def _area(row: Any, facts: Mapping[str, Any]) -> list[dict[str, str]]:
    """The published areas, each with its source (Japan's figure and an independent one:
    they differ with the survey and with which islets are counted), and the area as drawn."""
    parts = []
    for key in ("published_area_km2", "other_area_km2"):
        published = facts.get(key) or {}
        if published.get("value"):
            by = f" ({published['by']})" if published.get("by") else ""
            url = published.get("source", "")
            parts.append(
                {"text": f"{_km2(published['value'])}{by}", "url": url if _safe_url(url) else ""}
            )
    drawn = row.get("area_km2")
    if isinstance(drawn, int | float) and drawn == drawn:
        parts.append({"text": f"{_km2(drawn)} as drawn on this map", "url": ""})
    return parts


def _km2(value: float) -> str:
    return f"{value:,.0f} km²"


class _QuoteStore:
    """The quotes as the page's data holds them: each passage once, each source once.

    ``passages`` are ``{"text", "refs": [[source, passage number], ...], "comment": true}``
    (``source`` an index into ``sources``); ``sources`` are ``{"file", "title",
    "publisher", "date", "url", "rejected_url", "lang"}`` with empty fields left out. An
    island's quotes (:meth:`add`) are ``[passage, lang, marks]``: ``lang`` is ``ja``,
    ``ru`` or ``both``, ``marks`` a flat list ``start, end, lang, ...`` of the names to
    mark, in UTF-16 code units as JavaScript counts them.
    """

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self.articles = articles
        self.passages: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self._passage_at: dict[tuple[str, str], int] = {}
        self._source_at: dict[str, int] = {}

    def add(self, quotes: Sequence[Quote]) -> list[list[Any]]:
        return [[self._passage(q), q.lang, _marks(q)] for q in quotes]

    def _passage(self, quote: Quote) -> int:
        key = (quote.section, quote.text)
        at = self._passage_at.get(key)
        if at is None:
            at = self._passage_at[key] = len(self.passages)
            passage: dict[str, Any] = {
                "text": quote.text,
                "refs": [[self._source(ref.source), ref.index] for ref in quote.sources],
            }
            if quote.section == "comments":
                passage["comment"] = True
            self.passages.append(passage)
        return at

    def _source(self, name: str) -> int:
        at = self._source_at.get(name)
        if at is None:
            at = self._source_at[name] = len(self.sources)
            self.sources.append(_source_view(name, self.articles.get(name)))
        return at


def _marks(quote: Quote) -> list[Any]:
    text = quote.text
    wide = not text.isascii() and max(text) > "\uffff"
    marks: list[Any] = []
    for h in quote.highlights:
        start, end = h.start, h.end
        if wide:  # characters outside the BMP count twice in JavaScript
            start = len(text[:start].encode("utf-16-le")) // 2
            end = start + len(text[h.start : h.end].encode("utf-16-le")) // 2
        marks += [start, end, h.lang]
    return marks


def _source_view(source: str, article: Article | None) -> dict[str, Any]:
    """A source's citation: title (the file name when it has none), publisher, date, and
    its address when it is http(s), else the address as ``rejected_url`` (shown as text)."""
    url = article.url.strip() if article else ""
    safe = _safe_url(url)
    view = {
        "file": source,
        "title": (article.title.strip() if article else "") or source,
        "publisher": article.publisher if article else "",
        "date": article.date if article else "",
        "url": url if safe else "",
        "rejected_url": "" if safe or not url else url,
        "lang": _lang_tag(article.language) if article else "",
    }
    return {k: v for k, v in view.items() if v or k in ("file", "title")}


def _safe_url(url: str) -> bool:
    """Only absolute http(s) links with a host; nothing a browser could run or rewrite."""
    if not url or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _lang_tag(language: str) -> str:
    language = language.strip()
    return language if _LANG_TAG.fullmatch(language) else ""


def _boundary_labels(context: GeoDataFrame | None, facts: Mapping[str, Any]) -> list[str]:
    if context is None:
        return []
    labels = []
    for _, row in context[context["kind"] == "boundary"].iterrows():
        label = str(row.get("name") or "") or _fact_label(facts, "boundaries", row.get("id"))
        labels.append(label or "Boundary")
    return list(dict.fromkeys(labels))


def _fact_label(facts: Mapping[str, Any], section: str, key: Any) -> str:
    entry = (facts.get(section) or {}).get(str(key)) or {}
    return str((entry.get("names") or {}).get("label") or "")


# --- folium layers -----------------------------------------------------------------------


def _encoded_features(gdf: GeoDataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """Features for the page's data block: the listed properties (``p``), the geometry type
    (``t``) and its coordinates (``c``) with every ring or line as an encoded polyline
    (:func:`encode_polyline`). map.js decodes them into GeoJSON for Leaflet; the encoding
    takes about a fifth of the bytes of GeoJSON text."""
    features = []
    for (_, row), geometry in zip(gdf.iterrows(), gdf.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        shape = geometry.__geo_interface__
        features.append(
            {
                "p": {c: _plain(row.get(c)) for c in columns},
                "t": shape["type"],
                "c": _encode_nested(shape["coordinates"]),
            }
        )
    return features


def _encode_nested(coordinates: Any) -> Any:
    """GeoJSON coordinates with each innermost list of positions as one encoded string."""
    first = coordinates[0] if len(coordinates) else None
    if first is not None and isinstance(first[0], int | float):
        return encode_polyline(coordinates)
    return [_encode_nested(part) for part in coordinates]


def encode_polyline(positions: Sequence[Sequence[float]]) -> str:
    """Positions (x, y) in Google's encoded polyline format at 5 decimals (about 1 m),
    x before y, as GeoJSON orders them. map.js's ``decodePolyline`` reverses it."""
    out: list[str] = []
    last_x = last_y = 0
    for position in positions:
        x, y = round(position[0] * 1e5), round(position[1] * 1e5)
        for delta in (x - last_x, y - last_y):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        last_x, last_y = x, y
    return "".join(out)


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _add_islands(
    fmap: folium.Map, islands: GeoDataFrame, views: Mapping[str, Any], attribution: str
) -> None:
    styles = {
        str(island): {
            "className": f"island island-{island}",
            "fillColor": ISLAND_COLOURS.get(str(island), _FALLBACK_COLOUR),
            "fillOpacity": 0.85,
            "color": "#1f1f1f",
            "weight": 1.2,
        }
        for island in islands["id"]
    }
    group = folium.FeatureGroup(name="Islands", overlay=True, control=True)
    layer = _EncodedGeoJson(
        "islands",
        name="Islands (outlines)",
        control=False,
        styles=styles,
        highlight={"weight": 3.5, "color": "#000000", "fillOpacity": 1},
        attribution=str(attribution),
        bubblingMouseEvents=False,
    )
    layer.add_child(
        _Call(
            "islandmap.bindIslands({{ this._parent.get_name() }},"
            " {{ this._parent._parent.get_name() }});"
        )
    )
    group.add_child(layer)
    for _, row in islands.iterrows():
        geometry = row.geometry
        placement = LABEL_PLACEMENT.get(row["id"], "center")
        point = _label_point(geometry, placement)
        folium.Marker(
            location=point,
            icon=folium.DivIcon(
                html=_folium_safe(str(_templates().names_label(views[row["id"]]))),
                class_name=f"island-label island-label-{placement}",
                icon_size=(0, 0),
            ),
            interactive=False,
            keyboard=False,
        ).add_to(group)
    fmap.add_child(group)


def _marker_html(text: str, count: int | None = None) -> str:
    """A label's HTML for a folium DivIcon: escaped, and with braces as character
    references, because folium renders its elements' output again as a Jinja template (a
    name holding ``{{ … }}`` would otherwise be evaluated)."""
    return _folium_safe(str(_templates().label(text, count)))


def _folium_safe(html: str) -> str:
    """Braces as character references: folium renders its elements' output again as a
    Jinja template, and a name holding ``{{ … }}`` would otherwise be evaluated."""
    return html.replace("{", "&#123;").replace("}", "&#125;")


def _label_point(geometry: Any, placement: str) -> list[float]:
    west, south, east, north = geometry.bounds
    if placement == "below":
        return [south, (west + east) / 2]
    if placement == "right":
        return [(south + north) / 2, east]
    if placement == "left":
        return [(south + north) / 2, west]
    # The largest part's representative point: inside the land, even for a bent island.
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda g: g.area)
    point = largest.representative_point()
    return [point.y, point.x]


def _add_group(fmap: folium.Map, islands: GeoDataFrame, count: int) -> None:
    """The group's marker, in open sea south-east of the chain (the Pacific side)."""
    west, south, east, north = islands.total_bounds
    # The chain runs south-west to north-east: its south-east corner is open ocean.
    location = [south + 0.1 * (north - south), west + 0.78 * (east - west)]
    group = folium.FeatureGroup(name=GROUP_LABEL, overlay=True, control=True)
    marker = folium.Marker(
        location=location,
        icon=folium.DivIcon(
            html=_marker_html(GROUP_LABEL, count),
            class_name="group-marker",
            icon_size=(0, 0),
            popup_anchor=(0, -24),  # the popup's tip above the two-line label, not on it
        ),
        keyboard=True,
        title=GROUP_LABEL,
    )
    marker.add_child(  # type: ignore[no-untyped-call]
        _Call(
            "islandmap.bindGroup({{ this._parent.get_name() }},"
            " {{ this._parent._parent.get_name() }});"
        )
    )
    group.add_child(marker)
    fmap.add_child(group)


def _add_context(fmap: folium.Map, context: GeoDataFrame, attribution: str, near: Any) -> None:
    # Land sits below the tile pane (z-index 200): tiles, when they load, cover it; when
    # they fail, the vector land shows through. Boundaries stay above the tiles.
    fmap.add_child(CustomPane("islandmap-land", z_index=150, pointer_events=False))
    land = context[context["kind"] == "land"]
    if len(land):
        _EncodedGeoJson(
            "land",
            name="Land around the islands",
            style=LAND_STYLE,
            pane="islandmap-land",
            interactive=False,
            attribution=str(attribution),
        ).add_to(fmap)
        _add_land_labels(fmap, land, near)
    lines = context[context["kind"] == "boundary"]
    if len(lines):
        _EncodedGeoJson(
            "boundary",
            name="1855 boundary (approximate)",
            style=BOUNDARY_STYLE,
            interactive=False,
        ).add_to(fmap)


def _add_land_labels(fmap: folium.Map, land: GeoDataFrame, near: Any) -> None:
    """Name the land in view (Hokkaido, Urup): at a point of it inside *near*, the area
    the map opens on, so that a label is not placed in the far west of Hokkaido."""
    labels = folium.FeatureGroup(name="Land names", control=False)
    for _, row in land.iterrows():
        name = str(row.get("name") or "").strip()
        if not name or row.geometry is None:
            continue
        visible = row.geometry.intersection(near)
        if visible.is_empty:
            continue
        parts = getattr(visible, "geoms", [visible])
        point = max(parts, key=lambda g: g.area).representative_point()
        folium.Marker(
            location=[point.y, point.x],
            icon=folium.DivIcon(
                html=_marker_html(name),
                class_name="island-label context-label",
                icon_size=(0, 0),
            ),
            interactive=False,
            keyboard=False,
        ).add_to(labels)
    labels.add_to(fmap)


def _tile_layer(tiles: str) -> folium.TileLayer | None:
    name = (tiles or "").strip()
    if name.lower() in ("", "none"):
        return None
    try:
        return folium.TileLayer(name, name=f"Tiles: {name}", overlay=True, control=True)
    except ValueError as error:
        raise IslandmapError(
            None,
            f"unknown tiles {name!r}. Use none (the vector basemap), OpenStreetMap, "
            "CartoDB positron, or another xyzservices provider name",
        ) from error


# --- page assembly -----------------------------------------------------------------------


@cache
def _templates() -> Any:
    """The macros of data/popup.html.j2, from an environment that escapes everything."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("islandmap", "data"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    return env.get_template("popup.html.j2").module


def _data_script(data: Mapping[str, Any]) -> str:
    """The page's data as JSON inside a script block that no string can close."""
    text = (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return f'<script type="application/json" id="islandmap-data">{text}</script>'


#: Where the online page (``offline=False``) loads Leaflet from: the address Leaflet's own
#: download page gives, pinned to the version xstatic-leaflet ships.
LEAFLET_CDN = "https://unpkg.com/leaflet@1.9.3/dist/"


@cache
def _assets_html(offline: bool = True) -> str:
    """Leaflet's CSS and JS (inline from xstatic-leaflet, or linked from the CDN with
    Subresource Integrity hashes of xstatic-leaflet's copies) and ours, inline."""
    leaflet = _leaflet_dir()
    css_parts = [(f"css/{name}", _data_text(f"css/{name}"), "</style") for name in _order("css")]
    js_parts = [(f"js/{name}", _data_text(f"js/{name}"), "</script") for name in _order("js")]
    ours_css = "\n".join(text for _, text, _ in css_parts)
    ours_js = "\n".join(text for _, text, _ in js_parts)
    parts = css_parts + js_parts
    if offline:
        css = (leaflet / "leaflet.css").read_text("utf-8")
        # The layer-control icon is the only image the page uses: inline it, so no request
        # goes out (a missing file:// image would also log a console error).
        css = re.sub(
            r"url\(images/([\w.-]+\.png)\)",
            lambda m: f"url(data:image/png;base64,{_base64(leaflet / 'images' / m.group(1))})",
            css,
        )
        js = (leaflet / "leaflet.js").read_text("utf-8")
        js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
        parts += [("leaflet.css", css, "</style"), ("leaflet.js", js, "</script")]
        leaflet_css = f"<style>{css}</style>"
        leaflet_js = f"<script>{js}</script>"
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
    for name, text, closer in parts:
        if closer in text.lower():  # pragma: no cover - a packaging error, not user input
            raise RuntimeError(f"{name} contains {closer}> and cannot be inlined")
    return f"{leaflet_css}\n<style>{ours_css}</style>\n{leaflet_js}\n<script>{ours_js}</script>"


def _sri(path: Path) -> str:
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def _leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet
    except ImportError as error:  # pragma: no cover - a broken installation
        raise IslandmapError(
            None, "the xstatic-leaflet package is missing. Reinstall islandmap (pip install .)"
        ) from error
    return Path(leaflet.BASE_DIR)


def _base64(path: Path) -> str:
    import base64

    return base64.b64encode(path.read_bytes()).decode("ascii")


def _data_text(name: str) -> str:
    return resources.files("islandmap").joinpath("data", name).read_text("utf-8")


def _order(folder: str) -> list[str]:
    """The files of data/<folder> (the page's CSS or script, split by feature) in the order
    they are joined: data/<folder>/order.txt, one name a line, ``#`` starts a comment."""
    lines = _data_text(f"{folder}/order.txt").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class _Raw(Element):
    """Ready-made HTML, output as is. Never parsed as a template, unlike branca's Element,
    which would run any ``{{ … }}`` it holds."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class _Page(Figure):
    """The HTML document: a language, a title, and a viewport that lets people zoom."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en" data-names="{{ this.names|e }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{{ this.title|e }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, title: str, names: str = "both") -> None:
        super().__init__(title=title)
        self.names = names
        # <meta charset> above replaces it (both together are invalid HTML).
        self.header._children.pop("meta_http", None)


class _Map(folium.Map):
    """folium's Map without its CDN links and without the zoom-blocking viewport, opening
    on *opening_bounds* at once (folium's fit_bounds would animate a zoom from the first
    view, and a popup opened meanwhile pans to the wrong place). The wider bottom margin
    leaves room for Habomai's label, which sits below its islets."""

    def __init__(self, opening_bounds: list[list[float]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.opening_bounds = opening_bounds
        self.options.pop("zoom", None)

    # Declared as instance variables by folium, hence no ClassVar.
    default_js: list[tuple[str, str]] = []  # noqa: RUF012
    default_css: list[tuple[str, str]] = []  # noqa: RUF012
    _template = Template(
        """
        {% macro html(this, kwargs) %}
            <div class="folium-map" id={{ this.get_name()|tojson }}></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    crs: L.CRS.{{ this.crs }},
                    ...{{ this.options|tojavascript }}
                }
            );
            {{ this.get_name() }}.islandmapBounds = {{ this.opening_bounds|tojson }};
            {{ this.get_name() }}.fitBounds(
                {{ this.get_name() }}.islandmapBounds,
                {paddingTopLeft: [16, 16], paddingBottomRight: [16, 44], animate: false}
            );
            L.control.scale({ position: "bottomleft" }).addTo({{ this.get_name() }});
        {% endmacro %}
        """
    )


class _Call(MacroElement):
    """One line of script, run after its parent's (``this._parent`` is in scope)."""

    def __init__(self, line: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "IslandmapCall"
        self._template = Template("{% macro script(this, kwargs) %}" + line + "{% endmacro %}")


class _EncodedGeoJson(Layer):
    """A GeoJSON layer whose features are in the page's data block under ``geometry.<key>``
    (encoded polylines, see :func:`_encoded_features`); map.js's ``geoJson`` decodes them.
    Keyword options go to Leaflet's ``L.geoJSON`` (``styles`` by feature id, ``style``,
    ``highlight`` on hover, ``pane``, ``interactive``, ``attribution``)."""

    def __init__(self, key: str, name: str, control: bool = True, **options: Any) -> None:
        super().__init__(name=name, overlay=True, control=control)
        self._name = "GeoJson"
        self.key = key
        self.layer_options = options
        self._template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = islandmap.geoJson("
            "{{ this.key|tojson }}, {{ this.layer_options|tojson }}"
            ").addTo({{ this._parent.get_name() }});"
            "{% endmacro %}"
        )
