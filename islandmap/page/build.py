"""The folium map with every part of the page, from values already loaded.

:func:`map_from` is the one place that decides what the page holds: it makes the island
views, the page's configuration and data (:mod:`islandmap.page.contract`), and adds each
part as a folium element (:mod:`islandmap.page.elements`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import folium

from islandmap.errors import IslandmapError
from islandmap.facts import IslandView, http_url, views_of
from islandmap.join import JoinedMap
from islandmap.models import Article
from islandmap.page import elements
from islandmap.page.assets import colour
from islandmap.page.contract import (
    VERSION,
    LatLng,
    NamesOrder,
    PageConfig,
    PathStyle,
    StylesConfig,
)
from islandmap.page.data import GROUP_LABEL, name_forms, page_data
from islandmap.region_places import load_places

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
NAME_ORDERS: tuple[NamesOrder, ...] = ("both", "ja", "ru")
REGION_LAYER_NAME = "The region and its names"
#: The farthest out a reader can zoom (zoom 0 shows the whole world); the front end also
#: stops at the zoom that shows all of the view's limits, whichever is closer.
MIN_ZOOM = 4.0
#: Without a region, the view may go this far (degrees) beyond the islands.
LIMIT_MARGIN_DEG = 5.0
#: Around the islands when the map opens; more at the bottom for Habomai's label, which
#: sits below its islets. The front end adds the key's width on the left.
VIEW_PADDING_TOP_LEFT = (16, 16)
VIEW_PADDING_BOTTOM_RIGHT = (16, 44)


def map_from(
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
    history: Mapping[str, Any] | None = None,
    pack: bool | None = None,
) -> folium.Map:
    """The map of *joined* (islands and their quotes) as a ``folium.Map`` inside an
    :class:`~islandmap.page.elements.Page`: render the page with ``m.get_root().render()``,
    show it in a notebook, or add more folium elements to it first.

    *attribution* is HTML for the coastlines' credit (escape text before passing it);
    *names* (``both``, ``ja``, ``ru``) is which form of each name leads when the page opens.
    *region* (the land from Hokkaido to Kamchatka) adds that land and the region's names;
    *history* (``geodata/history.geojson`` as parsed) the time control and its layer.
    *pack* stores the passages compressed (``None``: when they are large; see
    :func:`islandmap.page.data.page_data`).
    """
    order = check_names(names)
    layer = tile_layer(tiles)
    page_title = " ".join((title or "").split()) or DEFAULT_TITLE
    views = views_of(joined.islands)
    boundaries = _boundary_names(context)
    data = page_data(
        joined,
        articles,
        views,
        context,
        boundaries,
        region,
        load_places(),
        history=history,
        pack=pack,
    )
    has_region = "region" in data["geometry"]

    west, south, east, north = joined.islands.total_bounds
    config: PageConfig = {
        "version": VERSION,
        "names": order,
        "view": {
            "bounds": ((south, west), (north, east)),
            "paddingTopLeft": VIEW_PADDING_TOP_LEFT,
            "paddingBottomRight": VIEW_PADDING_BOTTOM_RIGHT,
            "maxBounds": view_limits(joined.islands, region),
            "minZoom": MIN_ZOOM,
        },
        "styles": _styles(views, has_region, "history" in data),
        "attribution": attribution,
    }
    page = {
        "title": page_title,
        "subtitle": SUBTITLE,
        "disclaimer": DISCLAIMER,
        "names": order,
        "islands": [
            _template_view(view, data["islands"][island]["count"]) for island, view in views.items()
        ],
        "group": {"id": "group", "label": GROUP_LABEL, "count": data["group"]["count"]},
        "has_land": "land" in data["geometry"],
        "boundaries": boundaries,
        "history": history_view(history),
        "history_lines": history_lines_view(history),
    }

    figure = elements.Page(title=page_title, names=order)
    fmap = elements.IslandmapMap(
        location=((south + north) / 2, (west + east) / 2),
        zoom_start=8,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    fmap.add_to(figure)
    elements.FrontEnd(offline=offline).add_to(fmap)
    elements.DataBlocks(config, data).add_to(fmap)
    elements.PageChrome(page).add_to(fmap)
    if has_region:
        elements.RegionLayer(REGION_LAYER_NAME).add_to(fmap)
    if "land" in data["geometry"]:
        elements.LandLayer("Land around the islands", pane="islandmap-land").add_to(fmap)
    if "boundary" in data["geometry"]:
        elements.BoundaryLayer("1855 boundary (approximate)").add_to(fmap)
    if layer is not None:
        layer.add_to(fmap)
    if "history" in data:
        elements.HistoryLayer(page).add_to(fmap)
    elements.IslandsLayer(page).add_to(fmap)
    elements.GroupLayer(GROUP_LABEL).add_to(fmap)
    elements.Key(page).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def view_limits(islands: GeoDataFrame, region: GeoDataFrame | None) -> tuple[LatLng, LatLng]:
    """How far the view may go: the region's extent (its ``clipped_to``) or, without a
    region, the islands' bounds with ``LIMIT_MARGIN_DEG`` around them."""
    if region is not None and "clipped_to" in region.columns:
        for value in region["clipped_to"]:
            if isinstance(value, list | tuple) and len(value) == 4:
                west, south, east, north = (float(v) for v in value)
                return ((south, west), (north, east))
    west, south, east, north = (float(v) for v in islands.total_bounds)
    margin = LIMIT_MARGIN_DEG
    return (
        (max(-85.0, south - margin), max(-180.0, west - margin)),
        (min(85.0, north + margin), min(180.0, east + margin)),
    )


def check_names(names: str) -> NamesOrder:
    """*names* if it is a names order (``both``, ``ja``, ``ru``)."""
    for order in NAME_ORDERS:
        if names == order:
            return order
    raise IslandmapError(
        None, f"unknown names order {names!r}. Use both, ja (Japanese first) or ru"
    )


def tile_layer(tiles: str) -> folium.TileLayer | None:
    """The tile layer named *tiles* (an xyzservices provider), or None for ``none``."""
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


def _template_view(view: IslandView, count: int) -> dict[str, Any]:
    """What the templates show of an island (escaped by them)."""
    return {
        "id": view.id,
        "label": view.label,
        "names": view.names,
        "forms": name_forms(view),
        "status": view.status(),
        "summary": view.summary(),
        "area": view.first_area(),
        "areas": view.area_lines(),
        "colour": _island_colour(view.id),
        "count": count,
    }


def _styles(
    views: Mapping[str, IslandView], has_region: bool = False, has_history: bool = False
) -> StylesConfig:
    """Leaflet's path styles, in the palette's colours (``data/css/palette.css``). With a
    region, land is filled without an outline: an outline would also trace the straight
    edges where the data were clipped, across Hokkaido and Sakhalin."""
    islands: dict[str, PathStyle] = {
        island: {
            "fillColor": _island_colour(island),
            "fillOpacity": 0.85,
            "color": colour("island-outline"),
            "weight": 1.2,
        }
        for island in views
    }
    styles: StylesConfig = {
        "islands": islands,
        "highlight": {"weight": 3.5, "color": colour("island-highlight"), "fillOpacity": 1},
        "land": {
            "fillColor": colour("land-fill"),
            "color": colour("land-outline"),
            "weight": 0.8,
            "fillOpacity": 1,
        },
        "boundary": {"color": colour("boundary"), "weight": 2, "dashArray": "6 5", "opacity": 0.9},
    }
    if has_history:
        fill: PathStyle = {"fillOpacity": 0.85, "color": colour("island-outline"), "weight": 1}
        styles["history"] = {
            "japan": {**fill, "fillColor": colour("history-japan")},
            "russia": {**fill, "fillColor": colour("history-russia")},
            "undivided": {**fill, "fillColor": colour("history-undivided")},
            "claim": {"color": colour("history-claim"), "weight": 3, "dashArray": "5 4"},
            "boundary": {"color": colour("history-boundary"), "weight": 3, "opacity": 1},
            "administration": {
                "color": colour("history-administration"),
                "weight": 2.5,
                "dashArray": "2 5",
                "opacity": 1,
            },
            "claimed": {
                "color": colour("history-claim"),
                "weight": 3,
                "dashArray": "10 6",
                "opacity": 1,
            },
        }
    if has_region:
        styles["land"]["stroke"] = False
        styles["region"] = {"fillColor": colour("land-fill"), "fillOpacity": 1, "stroke": False}
        styles["locatorView"] = {
            "color": colour("island-highlight"),
            "weight": 2,
            "fill": False,
        }
    return styles


#: What each kind of line was in a period, for the time control's key and the text version.
LINE_ROLES = {
    "boundary": "Boundary fixed by a treaty then in force",
    "administration": "Where the two administrations met (not fixed by treaty)",
    "claimed": "The line one side holds its border to be",
}


def history_view(layer: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The periods of the history layer (``geodata/history.geojson`` as parsed) as the
    templates show them (the time control's buttons, the text version, which the control's
    note is taken from): each with its title, date, event, who held and claimed which land,
    the lines and what each was, the two sides' readings and the sources, every address
    http(s) (escaped by the templates)."""
    if not layer:
        return []
    states = {k: str((v or {}).get("name", k)) for k, v in (layer.get("states") or {}).items()}
    units: dict[str, str] = {}
    lines: dict[str, Mapping[str, Any]] = {}
    for feature in layer.get("features") or []:
        props = feature.get("properties") or {}
        if props.get("kind") == "unit":
            units[str(props.get("id"))] = str(props.get("name", ""))
        elif props.get("kind") == "line":
            lines[str(props.get("id"))] = props

    def sources(value: Any) -> list[dict[str, str]]:
        found = []
        for source in value or []:
            url = http_url(str(source.get("url", "")))
            if url:
                found.append({"title": str(source.get("title") or url), "url": url})
        return found

    def grouped(table: Mapping[str, str]) -> list[dict[str, Any]]:
        by_state: dict[str, list[str]] = {}
        # In the units' order (south to north), the states in order of first holding.
        for unit in sorted(table, key=lambda u: list(units).index(u) if u in units else 99):
            by_state.setdefault(str(table[unit]), []).append(units.get(unit, unit))
        return [
            {"id": state, "label": states.get(state, state), "units": names}
            for state, names in by_state.items()
        ]

    views = []
    for period in layer.get("periods") or []:
        readings = []
        for side, reading in (period.get("readings") or {}).items():
            url = http_url(str(reading.get("source", "")))
            if url:
                readings.append(
                    {"side": str(side), "text": str(reading.get("text", "")), "source": url}
                )
        views.append(
            {
                "id": str(period["id"]),
                "year": period.get("year"),
                "date": str(period.get("date", "")),
                "title": str(period.get("title", "")),
                "event": str(period.get("event", "")),
                "held": grouped(period.get("holders") or {}),
                "claimed": grouped(period.get("claims") or {}),
                "lines": [
                    {
                        "id": line,
                        "label": str(lines[line].get("name", "")),
                        "role": LINE_ROLES.get(str(role), str(role)),
                        "text": str(lines[line].get("text", "")),
                        "drawn_as": str(lines[line].get("drawn_as", "")),
                        "sources": sources(lines[line].get("sources")),
                    }
                    for line, role in (period.get("lines") or {}).items()
                    if line in lines
                ],
                "readings": readings,
                "sources": sources(period.get("sources")),
            }
        )
    return views


def history_lines_view(layer: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The history layer's lines as the text version describes them, once: label, date,
    what the treaty says, how the line is drawn, the sources (http(s) only)."""
    found = []
    for feature in (layer or {}).get("features") or []:
        props = feature.get("properties") or {}
        if props.get("kind") != "line":
            continue
        found.append(
            {
                "id": str(props.get("id")),
                "label": str(props.get("name", "")),
                "date": str(props.get("date", "")),
                "text": str(props.get("text", "")),
                "drawn_as": str(props.get("drawn_as", "")),
                "sources": [
                    {"title": str(s.get("title") or url), "url": url}
                    for s in props.get("sources") or []
                    if (url := http_url(str(s.get("url", ""))))
                ],
            }
        )
    return found


def _island_colour(island: str) -> str:
    try:
        return colour(f"island-{island}")
    except KeyError:
        return colour("island-fallback")


def _boundary_names(context: GeoDataFrame | None) -> list[str]:
    """The names of the lines drawn, for the key: the geodata's, else islands.yaml's."""
    if context is None:
        return []
    from islandmap.geodata import load_facts

    known = load_facts().get("boundaries") or {}
    labels = []
    for _, row in context[context["kind"] == "boundary"].iterrows():
        label = str(row.get("name") or "")
        if not label:
            entry = known.get(str(row.get("id"))) or {}
            label = str((entry.get("names") or {}).get("label") or "")
        labels.append(label or "Boundary")
    return list(dict.fromkeys(labels))
