"""The names the map shows around the islands (seas, straits, land, towns), typed and checked.

``islandmap/data/places.yaml`` gives each place its names as both sides write them, where
it is, and the address both were taken from. :func:`load_places` reads it once into frozen
dataclasses, in the file's order, which is the order of importance when labels would
overlap on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from islandmap.errors import GeodataError
from islandmap.facts import http_url

PLACES_FILE = "islandmap/data/places.yaml"
PlaceKind = Literal["sea", "strait", "land", "town"]
KINDS: tuple[PlaceKind, ...] = ("sea", "strait", "land", "town")


@dataclass(frozen=True)
class Place:
    """A named place: ``label`` (both names where the sides differ), the Japanese and the
    Russian name in their scripts (``ja``, ``ru``) and in English (``ja_latn``,
    ``ru_latn``); its point (``lat``, ``lon``) or the land it is placed on (``on_land``,
    inside the box ``within``); the zooms it shows at; its sources."""

    id: str
    kind: PlaceKind
    label: str
    ja: str
    ja_latn: str
    ru: str
    ru_latn: str
    source: str
    lat: float | None = None
    lon: float | None = None
    on_land: str = ""
    within: tuple[float, float, float, float] | None = None
    min_zoom: float | None = None
    max_zoom: float | None = None
    position_source: str = ""


@cache
def load_places() -> tuple[Place, ...]:
    """Every place of ``places.yaml``, checked: names and an http(s) source for each, and
    either a point or the land to place it on."""
    text = resources.files("islandmap").joinpath("data", "places.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    entries = data.get("places") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise _broken("has no 'places' list")
    places = tuple(_place(n, entry) for n, entry in enumerate(entries))
    ids = [p.id for p in places]
    if len(set(ids)) != len(ids):
        raise _broken("repeats an id")
    return places


def _place(number: int, entry: Any) -> Place:
    if not isinstance(entry, dict):
        raise _broken(f"place {number} must be a mapping")
    where = str(entry.get("id") or f"place {number}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise _broken(f"{where}: kind must be one of {', '.join(KINDS)}")
    texts = {
        key: _text(entry, key, where)
        for key in ("id", "label", "ja", "ja_latn", "ru", "ru_latn", "source")
    }
    for key in ("source", "position_source"):
        if entry.get(key) and not http_url(str(entry[key])):
            raise _broken(f"{where}: {key} must be an http(s) address")
    lat, lon = entry.get("lat"), entry.get("lon")
    on_land = str(entry.get("on_land") or "")
    within = entry.get("within")
    if lat is not None or lon is not None:
        if not (
            isinstance(lat, int | float)
            and isinstance(lon, int | float)
            and _number(lat)
            and _number(lon)
            and -90 <= lat <= 90
            and -180 <= lon <= 180
        ):
            raise _broken(f"{where}: lat and lon must be degrees")
    elif not on_land or not (
        isinstance(within, list) and len(within) == 4 and all(_number(v) for v in within)
    ):
        raise _broken(f"{where}: give lat and lon, or on_land and within [w, s, e, n]")
    zooms = {}
    for key in ("min_zoom", "max_zoom"):
        value = entry.get(key)
        if value is not None and not _number(value):
            raise _broken(f"{where}: {key} must be a number")
        zooms[key] = float(value) if value is not None else None
    return Place(
        id=texts["id"],
        kind=kind,
        label=texts["label"],
        ja=texts["ja"],
        ja_latn=texts["ja_latn"],
        ru=texts["ru"],
        ru_latn=texts["ru_latn"],
        source=texts["source"],
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
        on_land=on_land,
        within=(
            (float(within[0]), float(within[1]), float(within[2]), float(within[3]))
            if lat is None and isinstance(within, list)
            else None
        ),
        min_zoom=zooms["min_zoom"],
        max_zoom=zooms["max_zoom"],
        position_source=str(entry.get("position_source") or ""),
    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _broken(f"{where}: {key} must be a non-empty string")
    return value.strip()


def _broken(what: str) -> GeodataError:
    # The file ships with the package: if it is wrong, the installation is.
    return GeodataError(PLACES_FILE, f"{what}. Reinstall islandmap")
