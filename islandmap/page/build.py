"""The folium map with every part of the page, from values already loaded.

:func:`map_from` is the one place that decides what the page holds: it makes the island
views, the page's configuration and data (:mod:`islandmap.page.contract`), and adds each
part as a folium element (:mod:`islandmap.page.elements`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import folium
from markupsafe import Markup, escape

from islandmap.errors import IslandmapError
from islandmap.facts import IslandView, http_url, views_of
from islandmap.i18n import (
    LANGUAGES,
    PageTexts,
    Translator,
    check_lang,
    iter_languages,
    page_catalogs,
)
from islandmap.join import JoinedMap
from islandmap.models import Article
from islandmap.page import elements
from islandmap.page import messages as m
from islandmap.page.assets import colour
from islandmap.page.contract import (
    VERSION,
    LatLng,
    NamesOrder,
    PageConfig,
    PathStyle,
    StylesConfig,
)
from islandmap.page.data import name_forms, page_data
from islandmap.region_places import load_places

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

DEFAULT_TITLE = m.TITLE.english
SUBTITLE = m.SUBTITLE.english
DISCLAIMER = m.DISCLAIMER.english
NAME_ORDERS: tuple[NamesOrder, ...] = ("both", "ja", "ru")
REGION_LAYER_NAME = m.LAYER_REGION.english
#: The group's terms in their own scripts, for its popup: Japan's (北方領土, as the
#: Geospatial Information Authority of Japan writes it,
#: http://web1.gsi.go.jp/kihonjohochousa/kihonjohochousa41012.html) and Russia's
#: (Южные Курилы, as in ru.wikipedia's "Проблема принадлежности южных Курильских
#: островов").
GROUP_TERMS = {
    "ja_term": Markup('<span lang="ja" data-i18n-slot="ja_term">北方領土</span>'),
    "ru_term": Markup('<span lang="ru" data-i18n-slot="ru_term">Южные Курилы</span>'),
}
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
    lang: str = "en",
    history: Mapping[str, Any] | None = None,
    pack: bool | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> folium.Map:
    """The map of *joined* (islands and their quotes) as a ``folium.Map`` inside an
    :class:`~islandmap.page.elements.Page`: render the page with :func:`page_html` (or
    ``m.get_root().render()``, with folium's random element ids), show it in a notebook,
    or add more folium elements to it first.

    *attribution* is HTML for the coastlines' credit (escape text before passing it);
    *names* (``both``, ``ja``, ``ru``) is which form of each name leads when the page opens;
    *lang* (``en``, ``ja``, ``ru``) the language of its interface (the page carries all
    three, and its switch changes it).
    *region* (the land from Hokkaido to Kamchatka) adds that land and the region's names;
    *history* (``geodata/history.geojson`` as parsed) the time control and its layer.
    *pack* stores the passages compressed (``None``: when they are large; see
    :func:`islandmap.page.data.page_data`), which tells *progress* of its steps.
    """
    order = check_names(names)
    lang = check_lang(lang)
    tr = Translator(lang)
    layer = tile_layer(tiles)
    own_title = " ".join((title or "").split())
    page_title = own_title or tr.text(*m.TITLE)
    views = views_of(joined.islands)
    boundaries = _boundary_names(context) + _present_line_names(context, history)
    data = page_data(
        joined,
        articles,
        views,
        context,
        [b["en"] for b in boundaries],
        region,
        load_places(),
        history=history,
        pack=pack,
        progress=progress,
    )
    has_region = "region" in data["geometry"]

    prefix = m.COASTLINES.english + " "
    if attribution.startswith(prefix):  # the credit's first word, in the page's language
        credit = escape(tr.text(*m.COASTLINES))
        attribution = Markup(f'<span data-i18n="{m.COASTLINES.key}">{credit}</span> ') + Markup(
            attribution[len(prefix) :]
        )

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
        "lang": lang,
    }
    # The data's texts in every language, which the templates add to as they are rendered.
    texts = PageTexts()
    for key, forms in history_names(history).items():
        texts.key(forms, key)

    def finish(config: PageConfig) -> None:
        # Called once every template has been rendered (elements.DataBlocks).
        config["catalogs"], config["packedCatalogs"] = page_catalogs(
            lang, texts, passages_packed="packed" in data
        )

    counts = {island: data["islands"][island]["count"] for island in views}
    group_label = tr.text(*m.GROUP_LABEL)
    group = {"id": "group", "label": group_label, "count": data["group"]["count"]}
    page = {
        "lang": lang,
        "texts": texts,
        "languages": list(iter_languages()),
        "title": page_title,
        "title_key": "" if own_title else m.TITLE.key,
        "subtitle": tr.text(*m.SUBTITLE),
        "disclaimer": tr.text(*m.DISCLAIMER),
        "other_land": tr.text(*m.OTHER_LAND),
        "names": order,
        "islands": [_template_view(view, counts[island], lang) for island, view in views.items()],
        "group": group,
        "has_land": "land" in data["geometry"],
        "boundaries": [_boundary_line(line, lang) for line in boundaries],
        **GROUP_TERMS,
        "history": history_view(history),
        "history_lines": history_lines_view(history),
    }

    figure = elements.Page(title=page_title, names=order, lang=lang)
    fmap = elements.IslandmapMap(
        location=((south + north) / 2, (west + east) / 2),
        zoom_start=8,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
    )
    fmap.add_to(figure)
    elements.FrontEnd(offline=offline, lang=lang).add_to(fmap)
    elements.DataBlocks(config, data, finish=finish).add_to(fmap)
    elements.PageChrome(page).add_to(fmap)
    if has_region:
        elements.RegionLayer(tr.text(*m.LAYER_REGION)).add_to(fmap)
    if "land" in data["geometry"]:
        elements.LandLayer(tr.text(*m.LAYER_LAND), pane="islandmap-land").add_to(fmap)
    if "boundary" in data["geometry"]:
        elements.BoundaryLayer(tr.text(*m.LAYER_BOUNDARY)).add_to(fmap)
    if layer is not None:
        layer.add_to(fmap)
    if "history" in data:
        elements.HistoryLayer(page).add_to(fmap)
    elements.IslandsLayer(page, name=tr.text(*m.LAYER_ISLANDS)).add_to(fmap)
    elements.GroupLayer(group_label).add_to(fmap)
    elements.Key(page).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    return fmap


def page_html(fmap: folium.Map) -> str:
    """The page of *fmap*, its elements' ids made from the page itself rather than drawn at
    random as folium draws them: the same sources and options give the same file, byte
    for byte, which a reviewer can compare with an earlier one and keep under version
    control, and two different maps still share no id."""
    root = fmap.get_root()
    drawn = []
    elements_left = [root]
    while elements_left:
        element = elements_left.pop()
        drawn.append(element._id)
        elements_left.extend(element._children.values())
    html: str = root.render()
    # (an id is 32 random hexadecimal digits: nothing else in the page is one of them;
    # str.replace, id by id, is four times as quick as one regular expression here)
    without = html
    for old in drawn:
        without = without.replace(old, "")
    digest = hashlib.sha256(without.encode("utf-8")).hexdigest()
    for i, old in enumerate(drawn):
        html = html.replace(old, hashlib.sha256(f"{digest}:{i}".encode()).hexdigest()[:32])
    return html


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


def _template_view(view: IslandView, count: int, lang: str = "en") -> dict[str, Any]:
    """What the templates show of an island (escaped by them): its facts in every
    language, ``{"en": …, "ja": …, "ru": …}``, which the page's language switch reads."""
    texts = [_facts_in(view, code) for code in LANGUAGES]

    def each(key: str) -> dict[str, str]:
        return {code: t[key] for code, t in zip(LANGUAGES, texts, strict=True)}

    def each_part(key: str) -> list[dict[str, Any]]:
        parts = texts[0][key]
        return [
            {
                "text": {code: t[key][i]["text"] for code, t in zip(LANGUAGES, texts, strict=True)},
                "url": part["url"],
            }
            for i, part in enumerate(parts)
        ]

    return {
        "id": view.id,
        "label": view.label,
        "names": view.names,
        "forms": name_forms(view),
        "status": each_part("status"),
        "status_separator": each("status_separator"),
        "status_end": each("status_end"),
        "summary": each("summary"),
        "area": each("area"),
        "areas": each_part("areas"),
        "colour": _island_colour(view.id),
        "count": count,
    }


def _facts_in(view: IslandView, lang: str) -> dict[str, Any]:
    """An island's facts as the page writes them in *lang*."""
    tr = Translator(lang)
    admin, claim = view.administered_by, view.claimed_by
    if (admin.country, claim.country) == ("Russia", "Japan"):
        # The words chosen for each language (page/messages.py).
        admin_text, claim_text = tr.text(*m.ADMINISTERED), tr.text(*m.CLAIMED)
        summary = tr.text(*m.SUMMARY)
    else:  # another geodata's facts: as the facts say, in English
        admin_text, claim_text = f"Administered by {admin.country}", f"claimed by {claim.country}"
        summary = view.summary()
    status = []
    for text, fact in ((admin_text, admin), (claim_text, claim)):
        where = fact.where_in(lang)
        if where:
            text = tr.text(*m.WITH_UNITS, text=text, units=where)
        status.append({"text": text, "url": http_url(fact.source)})
    line = tr.text(*m.STATUS_LINE)
    between, _, end = line.partition("{administered}")[2].partition("{claimed}")

    def km2(value: float) -> str:
        return tr.text(*m.KM2, n=round(value))

    first = view.areas[0].km2 if view.areas else view.drawn_km2
    areas = [
        {"text": tr.text(*m.AREA_BY, area=km2(a.km2), by=a.by_in(lang)), "url": http_url(a.source)}
        for a in view.areas
    ]
    if view.drawn_km2 is not None:
        areas.append({"text": tr.text(*m.AREA_DRAWN, area=km2(view.drawn_km2)), "url": ""})
    return {
        "status": status,
        "status_separator": between,
        "status_end": end,
        "summary": summary,
        "area": km2(first) if first is not None else "",
        "areas": areas,
    }


def _boundary_line(line: Mapping[str, str], lang: str) -> dict[str, Any]:
    """A line's name in the key, in *lang*, and in every language for the switch, and
    its swatch's classes."""
    forms = {code: line.get(code) or line["en"] for code in LANGUAGES}
    return {"text": forms[lang], "forms": forms, "swatch": line.get("swatch", "swatch-boundary")}


def _present_line_names(
    context: GeoDataFrame | None, history: Mapping[str, Any] | None
) -> list[dict[str, str]]:
    """The key's name of the line where the administrations meet today (drawn beside the
    1855 line: :func:`islandmap.page.data.add_present_line`), from the history layer."""
    from islandmap.page.data import PRESENT_LINE

    if context is None or not len(context[context["kind"] == "boundary"]):
        return []
    for feature in (history or {}).get("features") or []:
        props = feature.get("properties") or {}
        if props.get("kind") == "line" and props.get("id") == PRESENT_LINE and props.get("name"):
            forms = _forms(props, "name")
            return [{**forms, "swatch": "swatch-line swatch-line-administration"}]
    return []


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


def _forms(props: Mapping[str, Any], key: str) -> dict[str, str]:
    """A text of the history layer in every language: *key* and its ``_ja``, ``_ru``."""
    english = str(props.get(key, ""))
    return {
        "en": english,
        "ja": str(props.get(f"{key}_ja") or english),
        "ru": str(props.get(f"{key}_ru") or english),
    }


def title_lang(title: str) -> str:
    """The language a source's title is written in, as the page tags it (``lang``): the
    script most of its letters are in (kana and kanji: ``ja``, Cyrillic: ``ru``), else
    ``en``: the history's sources are cited by their titles as written."""
    cjk = sum(1 for c in title if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff")
    cyrillic = sum(1 for c in title if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in title if c.isascii() and c.isalpha())
    if cjk > latin and cjk >= cyrillic:
        return "ja"
    if cyrillic > latin:
        return "ru"
    return "en"


def source_view(source: Mapping[str, Any]) -> dict[str, Any] | None:
    """A source of the history layer as the templates cite it: its title as written (in
    its own ``lang``), its http(s) address, and its note in every language, in the
    brackets of each (``None`` where it has none). ``None`` without an http(s) address."""
    url = http_url(str(source.get("url", "")))
    if not url:
        return None
    title = str(source.get("title") or url)
    note = None
    if source.get("note"):
        forms = _forms(source, "note")
        note = {"en": f" ({forms['en']})", "ja": f"（{forms['ja']}）", "ru": f" ({forms['ru']})"}
    return {"title": title, "url": url, "lang": title_lang(title), "note": note}


def history_view(layer: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The periods of the history layer (``geodata/history.geojson`` as parsed) as the
    templates show them (the time control's buttons, the text version, which the control's
    note is taken from): each with its title, date, event, who held and claimed which land,
    the lines and what each was (its ``role``), the two sides' readings and the sources,
    every address http(s) (escaped by the templates). Texts are in every language
    (``{"en": …, "ja": …, "ru": …}``)."""
    if not layer:
        return []
    states = {k: _forms(v or {"name": k}, "name") for k, v in (layer.get("states") or {}).items()}
    # The names a state had through time, by form id (a period names its holder so).
    forms = {
        k: _forms(f, "name")
        for v in (layer.get("states") or {}).values()
        for k, f in ((v or {}).get("forms") or {}).items()
    }
    units: dict[str, dict[str, str]] = {}
    lines: dict[str, Mapping[str, Any]] = {}
    for feature in layer.get("features") or []:
        props = feature.get("properties") or {}
        if props.get("kind") == "unit":
            units[str(props.get("id"))] = _forms(props, "name")
        elif props.get("kind") == "line":
            lines[str(props.get("id"))] = props

    def sources(value: Any) -> list[dict[str, Any]]:
        return [view for s in value or [] if (view := source_view(s))]

    def grouped(table: Mapping[str, str], held_as: Mapping[str, str]) -> list[dict[str, Any]]:
        by_state: dict[str, list[str]] = {}
        # In the units' order (south to north), the states in order of first holding.
        for unit in sorted(table, key=lambda u: list(units).index(u) if u in units else 99):
            by_state.setdefault(str(table[unit]), []).append(unit)
        # Each state by the name it had then where it had several (its form's id).
        named = {s: held_as[s] if held_as.get(s) in forms else s for s in by_state}
        return [
            {
                "id": named[state],
                "label": forms.get(named[state])
                or states.get(state, {"en": state, "ja": state, "ru": state}),
                "units": {
                    code: [units.get(u, {}).get(code, u) for u in names]
                    for code in ("en", "ja", "ru")
                },
            }
            for state, names in by_state.items()
        ]

    views = []
    for period in layer.get("periods") or []:
        readings = []
        for side, reading in (period.get("readings") or {}).items():
            url = http_url(str(reading.get("source", "")))
            if url:
                readings.append({"side": str(side), "text": _forms(reading, "text"), "source": url})
        views.append(
            {
                "id": str(period["id"]),
                "year": period.get("year"),
                # The moment that runs to this day is named "Today", dated by its start.
                "today": str(period["id"]) == "today",
                "date": str(period.get("date", "")),
                "title": _forms(period, "title"),
                "event": _forms(period, "event"),
                "held": grouped(period.get("holders") or {}, period.get("forms") or {}),
                "claimed": grouped(period.get("claims") or {}, {}),
                "lines": [
                    {
                        "id": line,
                        "label": _forms(lines[line], "name"),
                        "role": str(role),
                        "text": _forms(lines[line], "text"),
                        "drawn_as": _forms(lines[line], "drawn_as"),
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
    what the treaty says, how the line is drawn (each in every language), the sources
    (http(s) only)."""
    found = []
    for feature in (layer or {}).get("features") or []:
        props = feature.get("properties") or {}
        if props.get("kind") != "line":
            continue
        found.append(
            {
                "id": str(props.get("id")),
                "label": _forms(props, "name"),
                "date": str(props.get("date", "")),
                "text": _forms(props, "text"),
                "drawn_as": _forms(props, "drawn_as"),
                "sources": [view for s in props.get("sources") or [] if (view := source_view(s))],
            }
        )
    return found


def history_names(layer: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """The history layer's texts the page's script shows, by their keys in the page's
    catalogs: ``h.title.<period>``, ``h.state.<state>`` (an island's name while a moment
    is shown, the chart's marks, the note's announcement)."""
    if not layer:
        return {}
    found = {
        f"h.state.{k}": _forms(v or {"name": k}, "name")
        for k, v in (layer.get("states") or {}).items()
    }
    for state in (layer.get("states") or {}).values():
        for k, form in ((state or {}).get("forms") or {}).items():
            found[f"h.state.{k}"] = _forms(form, "name")
    for period in layer.get("periods") or []:
        found[f"h.title.{period['id']}"] = _forms(period, "title")
    return found


def _island_colour(island: str) -> str:
    try:
        return colour(f"island-{island}")
    except KeyError:
        return colour("island-fallback")


def _boundary_names(context: GeoDataFrame | None) -> list[dict[str, str]]:
    """The names of the lines drawn, for the key: the geodata's, else islands.yaml's
    (``en``), with islands.yaml's Japanese and Russian names (``ja``, ``ru``) where it
    has the line."""
    if context is None:
        return []
    from islandmap.geodata import load_facts

    known = load_facts().get("boundaries") or {}
    lines: dict[str, dict[str, str]] = {}
    for _, row in context[context["kind"] == "boundary"].iterrows():
        names = (known.get(str(row.get("id"))) or {}).get("names") or {}
        label = str(row.get("name") or "") or str(names.get("label") or "") or "Boundary"
        line = {"en": label}
        for code in ("ja", "ru"):
            if isinstance(names.get(code), str) and names[code].strip():
                line[code] = names[code].strip()
        lines.setdefault(label, line)
    return list(lines.values())
