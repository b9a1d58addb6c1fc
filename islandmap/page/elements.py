"""The map's parts as folium elements, written the way folium's own plugins are.

Each part is a ``MacroElement`` (a ``folium.map.Layer`` for what the layer control lists)
with a small template and its options, attached with ``add_to``:

- :class:`FrontEnd`: Leaflet and the project's scripts and styles in the head, and
  ``islandmap.start(map)``;
- :class:`DataBlocks`: the page's ``#islandmap-config`` and ``#islandmap-data`` blocks
  (:mod:`islandmap.page.contract`);
- :class:`IslandsLayer`, :class:`GroupLayer`, :class:`LandLayer`, :class:`BoundaryLayer`:
  ``islandmap.layer(kind, options)`` builds each Leaflet layer from the data block, and
  folium adds it to the map (once) and to the layer control;
- :class:`Key` (the key beside the map), :class:`PageChrome` (header bar, text version,
  panel of quotes) and :class:`Page`, the document around it all.

Why nothing from a source goes through a template: branca turns the output of a
MacroElement's macros into the template of a new ``Element`` and renders it again, so a
``{{ … }}`` inside a passage, a title or a name would run. The elements' scripts therefore
pass only names and fixed options; markup and data are added as :class:`Verbatim`
children, whose template prints them once. No element needs another's call to have run
first: ``islandmap.start`` waits until the page's script has finished.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import folium
import rjsmin
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from folium.template import Template
from markupsafe import escape

from islandmap.i18n import script_has_english
from islandmap.page import assets, templates
from islandmap.page.contract import CONFIG_ID, DATA_ID, PageConfig, PageData, json_block
from islandmap.page.data import pack_json


def figure_of(element: Element) -> Figure:
    """The page *element* is in (folium elements render only inside a Figure)."""
    root = element.get_root()
    if not isinstance(root, Figure):
        raise TypeError(f"{type(element).__name__} renders only on a map inside a Figure")
    return root


class Deferred:
    """Markup made only when the page is written out, after every element has rendered
    (branca renders the document's parts once all its elements' ``render`` have run)."""

    def __init__(self, make: Callable[[], str]) -> None:
        self.make = make

    def __str__(self) -> str:
        return self.make()


def add_markup(element: Element, region: str, markup: str | Deferred, name: str) -> None:
    """Add *markup* to the ``header``, ``html`` or ``banner`` of *element*'s page
    (``banner`` is :class:`Page`'s; on another Figure it goes to ``html``)."""
    page = figure_of(element)
    target = getattr(page, region, None) if region == "banner" else getattr(page, region)
    (target or page.html).add_child(Verbatim(markup), name=name)


class Verbatim(Element):
    """Markup added to the page as it is: its template prints it once, unparsed."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str | Deferred) -> None:
        super().__init__()
        self.markup = markup


class Page(Figure):
    """The HTML document: its language, the names order (``<html data-names>``), a title,
    a viewport that lets people zoom, and a ``banner`` above the map's own HTML."""

    _template = Template(templates.source("page.html.j2"))
    # The map's script is folium's indented code: minified, a quarter of it is whitespace
    # less (rjsmin keeps its strings and the line breaks that end a statement).
    _template.globals["jsmin"] = lambda text: _unescaped(rjsmin.jsmin(text))

    def __init__(self, title: str, names: str = "both", lang: str = "en") -> None:
        super().__init__(title=title)
        # The HTML5 form of branca's charset declaration, in its place (the head's first).
        self.header.add_child(Verbatim('<meta charset="utf-8">'), name="meta_http")
        # Next, before the inlined assets: tools read a page's title from its first bytes.
        self.header.add_child(Verbatim(f"<title>{escape(title)}</title>"), name="title")
        self.names = names
        self.lang = lang
        self.banner = Element()


#: A ``\uXXXX`` escape in a script (after an even number of backslashes: not itself
#: escaped), as folium writes each letter of a layer's name outside ASCII.
_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})")


def _unescaped(script: str) -> str:
    """*script* with its escapes of letters past Latin-1's controls written as the
    letters (two or three bytes of UTF-8 instead of six: a layer's name in Russian or
    Japanese), the same string to JavaScript. Line and paragraph separators, surrogates
    and ASCII stay escaped."""

    def letter(match: re.Match[str]) -> str:
        code = int(match.group(2), 16)
        if code < 0xA0 or 0xD800 <= code <= 0xDFFF or code in (0x2028, 0x2029, 0xFEFF):
            return match.group(0)
        return match.group(1) + chr(code)

    return _ESCAPE.sub(letter, script)


class IslandmapMap(folium.Map):
    """A ``folium.Map`` whose page loads nothing from a CDN and lets readers zoom the page.

    folium's default links (Leaflet, jQuery, Bootstrap, Font Awesome) are left out:
    :class:`FrontEnd` brings Leaflet itself. To add a folium element that needs one of
    folium's libraries, add its link with ``m.add_js_link(name, url)``.

    The map's ``html`` and ``script`` are folium's own macros, called as they are; only
    its ``header`` is replaced, because folium's sets a viewport that stops pinch-zoom
    (``user-scalable=no``), which readers with low vision need. The sizes folium's header
    gives the map are in the project's CSS.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ folium_map.html(this, kwargs) }}{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ folium_map.script(this, kwargs) }}{% endmacro %}"
    )
    _template.globals["folium_map"] = folium.Map._template.module

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Per map, so that add_js_link changes this map and not every map.
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []


class FrontEnd(MacroElement):
    """Leaflet (inline, or from its CDN with Subresource Integrity) and the project's
    scripts and styles in the page's head; then starts the front end on the map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "islandmap.start({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, offline: bool = True, lang: str = "en") -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "IslandmapFrontEnd"
        self.offline = offline
        self.lang = lang

    def render(self, **kwargs: Any) -> Any:
        # A page in another language carries the script's English table in its packed
        # English catalog (i18n.page_catalogs), not in the script.
        english = script_has_english(self.lang)
        add_markup(self, "header", assets.assets(self.offline, english).html(), "islandmap_assets")
        return super().render(**kwargs)  # type: ignore[no-untyped-call]


class DataBlocks(MacroElement):
    """The page's two JSON blocks: configuration and data (:mod:`islandmap.page.contract`).
    *finish* completes the configuration once the page's other elements have rendered
    (the catalogs take the texts the templates wrote)."""

    def __init__(
        self,
        config: PageConfig,
        data: PageData,
        finish: Callable[[PageConfig], None] | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "IslandmapData"
        self.config = config
        self.data = data
        self.finish = finish

    def render(self, **kwargs: Any) -> Any:
        def blocks() -> str:
            if self.finish is not None:
                self.finish(self.config)
            return json_block(CONFIG_ID, self.config) + json_block(DATA_ID, self.data)

        add_markup(self, "html", Deferred(blocks), "islandmap_data")
        if "packed" in self.data:
            add_markup(self, "header", assets.packed_js(), "islandmap_packed")
        return super().render(**kwargs)  # type: ignore[no-untyped-call]


class PageChrome(MacroElement):
    """What surrounds the map: the header bar and the text version above it, the panel of
    quotes after it. *page* is the context of the templates (title, subtitle, names…)."""

    def __init__(self, page: Mapping[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "IslandmapChrome"
        self.page = page

    def render(self, **kwargs: Any) -> Any:
        context = dict(self.page)
        if self.page.get("history"):
            # The text version's history, packed: read by the page's script as it opens.
            history = templates.render("text_history.html.j2", {**self.page, "packed": True})
            context["history_packed"] = pack_json(history)
        top = templates.render("header_bar.html.j2", self.page)
        top += templates.render("text_version.html.j2", context)
        add_markup(self, "banner", top, "islandmap_header")
        panel = templates.render("quote_panel.html.j2", self.page)
        add_markup(self, "html", panel, "islandmap_panel")
        return super().render(**kwargs)  # type: ignore[no-untyped-call]


class Key(MacroElement):
    """The key: a button per island and the group, the other land and lines, the
    disclaimer. The front end places it in a map control beside the islands."""

    def __init__(self, page: Mapping[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "IslandmapKey"
        self.page = page

    def render(self, **kwargs: Any) -> Any:
        markup = templates.render("legend.html.j2", self.page)
        add_markup(self, "html", markup, "islandmap_legend")
        return super().render(**kwargs)  # type: ignore[no-untyped-call]


class _DataLayer(Layer):
    """A layer the front end builds from the page's data: ``islandmap.layer(kind,
    options)``. folium adds it to its parent and lists it in the layer control."""

    kind = ""
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = islandmap.layer("
        "{{ this.kind|tojson }}, {{ this.options|tojavascript }});"
        "{% endmacro %}"
    )

    def __init__(self, name: str, control: bool = True, **options: Any) -> None:
        super().__init__(name=name, overlay=True, control=control)
        self._name = "IslandmapLayer"
        self.options = options


#: The element that holds the islands' facts, packed (``data-packed``).
FACTS_ID = "islandmap-facts"


class IslandsLayer(_DataLayer):
    """The four islands (outlines, labels, popups, tooltips) and, in the page, the parts
    of their popups that hold no source text (``<template id="islandmap-head-…">``, and
    the islands' facts packed in ``<template id="islandmap-facts">``)."""

    kind = "islands"

    def __init__(self, page: Mapping[str, Any], name: str = "Islands") -> None:
        super().__init__(name)
        self.page = page

    def render(self, **kwargs: Any) -> Any:
        markup = templates.render("island_popups.html.j2", self.page)
        # The islands' facts, packed (popups.js adds them to the heads as the page opens).
        facts = templates.render("island_facts.html.j2", {**self.page, "packed": True})
        facts = pack_json(facts)
        markup += f'<template id="{FACTS_ID}" data-packed="{facts}"></template>'
        add_markup(self, "html", markup, "islandmap_templates")
        return super().render(**kwargs)  # type: ignore[no-untyped-call]


class GroupLayer(_DataLayer):
    """The marker for the passages that name the islands only as a group."""

    kind = "group"


class LandLayer(_DataLayer):
    """The land around the islands, with its names, in a pane below any tiles."""

    kind = "land"


class RegionLayer(_DataLayer):
    """The land of the region around the islands (Hokkaido to Kamchatka), drawn under the
    land around the islands, and the names of seas, straits, land and
    towns."""

    kind = "region"


class BoundaryLayer(_DataLayer):
    """The lines drawn between the islands and their neighbours (1855)."""

    kind = "boundary"


class HistoryLayer(_DataLayer):
    """Who held the islands and the rest of the chain in the period the time control
    shows, and the lines then drawn; and, in the page, the time control itself (its
    buttons, its key, the chart of quotes per year). Not in the layer control and not on
    the map until a period is chosen: the time control adds and removes it."""

    kind = "history"

    def __init__(self, page: Mapping[str, Any], name: str = "Who held the islands") -> None:
        super().__init__(name, control=False)
        self.show = False
        self.page = page

    def render(self, **kwargs: Any) -> Any:
        markup = templates.render("history_control.html.j2", self.page)
        add_markup(self, "html", markup, "islandmap_history")
        return super().render(**kwargs)  # type: ignore[no-untyped-call]
