"""The facts the map states about each island, typed and checked once when loaded.

``islandmap/data/islands.yaml`` holds, for each island, its names, who administers it and
who claims it, and published areas, each with the address it was taken from. This module
reads that file into frozen dataclasses (:func:`load_facts`) and makes one
:class:`IslandView` of each island: what its popup, the page's text version and the
GeoJSON export all say about it. The status is two facts side by side (administered by
Russia, claimed by Japan), never one side's claim alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from islandmap.errors import GeodataError
from islandmap.models import ISLAND_IDS

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

FACTS_FILE = "islandmap/data/islands.yaml"
#: The languages other than English the facts may name units and publishers in.
LOCAL_LANGUAGES = ("ja", "ru")


@dataclass(frozen=True)
class Names:
    """An island's names: the map's label (both forms, as "Iturup / Etorofu"), the Russian
    form in Cyrillic and in Latin letters, the Japanese form in kanji and in Latin letters."""

    label: str
    ru: str = ""
    ru_latn: str = ""
    ja: str = ""
    ja_latn: str = ""
    source: str = ""


@dataclass(frozen=True)
class Jurisdiction:
    """A country and the units it places the island in (largest first), with a source."""

    country: str
    units: tuple[str, ...]
    source: str
    #: The units in other languages: ``(("ja", ("サハリン州", "クリル管区")), …)``.
    local_units: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def where(self) -> str:
        """The units as one phrase: "Sakhalin Oblast, Kurilsky District"."""
        return ", ".join(self.units)

    def where_in(self, lang: str) -> str:
        """The units as one phrase in *lang* (Japanese writes them together:
        "サハリン州クリル管区"), or in English where the facts have no such names."""
        units = dict(self.local_units).get(lang)
        if not units:
            return self.where
        return ("" if lang == "ja" else ", ").join(units)


@dataclass(frozen=True)
class PublishedArea:
    """An area in km² as a named publisher gives it, with the page it is on."""

    km2: float
    by: str
    source: str
    #: Who published it, in other languages: ``(("ja", "外務省（2020年調査）"), …)``.
    by_local: tuple[tuple[str, str], ...] = ()

    def by_in(self, lang: str) -> str:
        """Who published it, in *lang* where the facts say, else in English."""
        return dict(self.by_local).get(lang) or self.by


@dataclass(frozen=True)
class IslandFacts:
    """What ``islands.yaml`` says of one island."""

    id: str
    names: Names
    administered_by: Jurisdiction
    claimed_by: Jurisdiction
    areas: tuple[PublishedArea, ...]


@dataclass(frozen=True)
class Cited:
    """A statement shown with its source: ``url`` is an http(s) address, or empty."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class IslandView:
    """One island as every output presents it: popup, text version and export."""

    id: str
    label: str
    names: Names
    administered_by: Jurisdiction
    claimed_by: Jurisdiction
    areas: tuple[PublishedArea, ...]
    drawn_km2: float | None

    def status(self) -> tuple[Cited, Cited]:
        """ "Administered by Russia (…)", "claimed by Japan (…)", each with its source."""
        admin, claim = self.administered_by, self.claimed_by
        return (
            Cited(
                _with_where(f"Administered by {admin.country}", admin.where), http_url(admin.source)
            ),
            Cited(_with_where(f"claimed by {claim.country}", claim.where), http_url(claim.source)),
        )

    def summary(self) -> str:
        """Both positions in a few words, for the line that stands for the facts in a
        popup: "Russia administers, Japan claims", as the page's disclaimer puts it (the
        full statements, with their sources, are one tap away)."""
        admin, claim = self.administered_by.country, self.claimed_by.country
        return f"{admin} administers, {claim} claims"

    def first_area(self) -> str:
        """The first published area (else the area as drawn), as "3,168 km²", or ""."""
        km2 = self.areas[0].km2 if self.areas else self.drawn_km2
        return _km2(km2) if km2 is not None else ""

    def area_lines(self) -> tuple[Cited, ...]:
        """Each published area with its publisher and source, then the area as drawn."""
        lines = [Cited(f"{_km2(a.km2)} ({a.by})", http_url(a.source)) for a in self.areas]
        if self.drawn_km2 is not None:
            lines.append(Cited(f"{_km2(self.drawn_km2)} as drawn on this map"))
        return tuple(lines)


def island_view(
    island_id: str,
    facts: Mapping[str, IslandFacts],
    *,
    name: str = "",
    name_ru: str = "",
    name_ja: str = "",
    drawn_km2: float | None = None,
) -> IslandView:
    """The view of *island_id*: its facts where ``islands.yaml`` has them, else what the
    geodata says (*name*, *name_ru*, *name_ja*), so that a geodata file of one's own with
    another island still draws and labels it."""
    known = facts.get(island_id)
    if known is not None:
        names = known.names
        admin, claim, areas = known.administered_by, known.claimed_by, known.areas
    else:
        names = Names(label=name or island_id.capitalize(), ru=name_ru, ja=name_ja)
        admin = Jurisdiction("Russia", (), "")
        claim = Jurisdiction("Japan", (), "")
        areas = ()
    if drawn_km2 is not None and not math.isfinite(drawn_km2):
        drawn_km2 = None
    return IslandView(island_id, names.label, names, admin, claim, areas, drawn_km2)


def views_of(islands: GeoDataFrame) -> dict[str, IslandView]:
    """The view of each island in the geodata's *islands* (columns ``id``, and optionally
    ``name``, ``name_ru``, ``name_ja``, ``area_km2``), in their order."""
    known = load_facts()

    def text(row: Any, column: str) -> str:
        value = row.get(column)
        return value if isinstance(value, str) else ""

    views = {}
    for _, row in islands.iterrows():
        drawn = row.get("area_km2")
        views[str(row["id"])] = island_view(
            str(row["id"]),
            known,
            name=text(row, "name"),
            name_ru=text(row, "name_ru"),
            name_ja=text(row, "name_ja"),
            drawn_km2=float(drawn) if isinstance(drawn, int | float) else None,
        )
    return views


#: What a browser could run or rewrite in an address: spaces and control characters.
_UNSAFE_IN_URL = re.compile("[\x00-\x20\x7f]")


def http_url(url: str) -> str:
    """*url* if it is an absolute http(s) address with a host and nothing a browser could
    run or rewrite (no spaces or control characters), else ``""``."""
    if not url or _UNSAFE_IN_URL.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


@cache
def load_facts() -> Mapping[str, IslandFacts]:
    """The four islands' facts from the shipped ``islands.yaml``, checked: every island
    present, every field of the right type, every fact with a source."""
    from islandmap.geodata import load_facts as load_raw

    raw = load_raw().get("islands")
    if not isinstance(raw, dict):
        raise _broken("has no 'islands' mapping")
    return {island: _island(island, raw.get(island)) for island in ISLAND_IDS}


def _island(island: str, entry: Any) -> IslandFacts:
    entry = _mapping(entry, island)
    names = _mapping(entry.get("names"), f"{island}.names")
    areas = []
    for key in ("published_area_km2", "other_area_km2"):
        if key in entry:
            area = _mapping(entry[key], f"{island}.{key}")
            value = area.get("value")
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise _broken(f"{island}.{key}.value must be a positive number")
            by_local = tuple(
                (lang, text)
                for lang in LOCAL_LANGUAGES
                if (text := _text(area, f"by_{lang}", island, required=False))
            )
            areas.append(
                PublishedArea(
                    float(value),
                    _text(area, "by", island),
                    _text(area, "source", island),
                    by_local,
                )
            )
    return IslandFacts(
        id=island,
        names=Names(
            label=_text(names, "label", island),
            ru=_text(names, "ru", island, required=False),
            ru_latn=_text(names, "ru_latn", island, required=False),
            ja=_text(names, "ja", island, required=False),
            ja_latn=_text(names, "ja_latn", island, required=False),
            source=_text(names, "source", island),
        ),
        administered_by=_jurisdiction(entry, "administered_by", ("region", "district"), island),
        claimed_by=_jurisdiction(entry, "claimed_by", ("prefecture", "subprefecture"), island),
        areas=tuple(areas),
    )


def _jurisdiction(
    entry: Mapping[str, Any], key: str, units: tuple[str, ...], island: str
) -> Jurisdiction:
    fact = _mapping(entry.get(key), f"{island}.{key}")

    def named(suffix: str) -> tuple[str, ...]:
        found = (_text(fact, f"{u}{suffix}", island, required=False) for u in units)
        return tuple(v for v in found if v)

    local = tuple((lang, named(f"_{lang}")) for lang in LOCAL_LANGUAGES if named(f"_{lang}"))
    return Jurisdiction(
        country=_text(fact, "country", island),
        units=named(""),
        source=_text(fact, "source", island),
        local_units=local,
    )


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _broken(f"{where} must be a mapping")
    return value


def _text(entry: Mapping[str, Any], key: str, island: str, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _broken(f"{island}: {key} must be a non-empty string")
    return value.strip()


def _broken(what: str) -> GeodataError:
    # The file ships with the package: if it is wrong, the installation is.
    return GeodataError(FACTS_FILE, f"{what}. Reinstall islandmap")


def _with_where(text: str, where: str) -> str:
    return f"{text} ({where})" if where else text


def _km2(value: float) -> str:
    return f"{value:,.0f} km²"
