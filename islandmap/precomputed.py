"""The results the default map needs, computed ahead and shipped with the package.

Rendering the map the first time computes, from data that ships with islandmap and the
committed ``geodata/``, results that islandmap's cache (:mod:`islandmap.cache`) then keeps:
the matcher's names table and tables, the display outlines of the islands, the land
around them, the region and the history layer, the catalogs' strings, and the Python
that Jinja generates for the page's templates. Computing them made the first render of
the five seed articles about 0.35 s of CPU slower than the next ones (a third of the
import of folium and geopandas). They ship in ``islandmap/data/precomputed/``,
zlib-compressed, one file per result named by its cache key, so that the first render
after installing (or in a fresh clone) reads them as a later render reads its cache.

Run from the repository's root::

    python -m islandmap.precomputed          # write them again (after a change to the data)
    python -m islandmap.precomputed check    # what tests/test_precomputed.py checks

Both render the default map (``sources/``, ``geodata/``) with every result computed
afresh. ``write`` (the default) puts each result that render asks for into the folder and
removes the files it no longer asks for; it writes the same bytes each time for the same
data. ``check`` lists the results that are missing (their data or code changed since they
were written), no longer asked for, or different from a fresh computation, and exits
with 1 if there is any. A missing result is never an error for a user: it is computed,
as before, only more slowly.
"""

from __future__ import annotations

import logging
import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

from islandmap import cache

#: The command that writes the shipped results, as the tests and the check name it.
COMMAND = "python -m islandmap.precomputed"

#: The folder of shipped results in this source tree (the command writes there).
FOLDER = Path(__file__).parent / "data" / "precomputed"


#: The libraries whose output the results are made of, with their versions, as written
#: beside the results: another version may compute slightly different bytes (GEOS's
#: simplifier, PROJ's transforms, Babel's CLDR data) or other code (Jinja), and a result
#: made with one is still a right result for a user of another; only the check's
#: comparison of bytes needs the same ones.
LIBRARIES_FILE = "libraries.json"


def libraries() -> dict[str, str]:
    """The versions of the libraries the shipped results depend on, in this process."""
    import babel
    import jinja2
    import pyproj
    import shapely

    return {
        "babel": babel.__version__,
        "geos": shapely.geos_version_string,
        "jinja2": jinja2.__version__,
        "proj": pyproj.proj_version_str,
        "pyproj": pyproj.__version__,
        "shapely": shapely.__version__,
    }


def shipped_libraries(folder: Path = FOLDER) -> dict[str, str]:
    """The versions the results in *folder* were computed with ({} if not recorded)."""
    import json

    try:
        found = json.loads((folder / LIBRARIES_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def default_render_results(root: Path) -> dict[str, cache.Recorded]:
    """Every result that rendering the default map of the repository at *root* asks
    islandmap's cache for, computed afresh, by key.

    Run it in a process of its own: values that islandmap keeps in memory once read (the
    matcher, the catalogs, the templates) are not asked for again in the same process. The
    cache folder is off meanwhile (Jinja's bytecode cache would answer for the
    templates)."""
    from islandmap.render import build_map

    quiet = logging.getLogger("islandmap")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the sources' warnings are not this command's business
    folder = os.environ.get("ISLANDMAP_CACHE_DIR")
    os.environ["ISLANDMAP_CACHE_DIR"] = ""
    try:
        with cache.recording() as results:
            build_map(root / "sources", root / "geodata").get_root().render()
    finally:
        quiet.setLevel(level)
        if folder is None:
            del os.environ["ISLANDMAP_CACHE_DIR"]
        else:
            os.environ["ISLANDMAP_CACHE_DIR"] = folder
    return dict(results)


def compressed(result: bytes) -> bytes:
    """*result* as it ships: zlib at its highest level (the same bytes for the same
    result, with the same zlib)."""
    return zlib.compress(result, 9)


def shipped_keys(folder: Path = FOLDER) -> set[str]:
    """The keys of the results in *folder*."""
    return {path.name.removesuffix(cache.PRECOMPUTED_SUFFIX) for path in _files(folder)}


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + cache.PRECOMPUTED_SUFFIX)) if folder.is_dir() else []


def write(results: dict[str, cache.Recorded], folder: Path = FOLDER) -> list[str]:
    """Put *results* into *folder*, remove what else it holds; what was done, as lines."""
    from islandmap.output import replace_file

    folder.mkdir(parents=True, exist_ok=True)
    written = removed = 0
    for key, recorded in sorted(results.items()):
        path = folder / (key + cache.PRECOMPUTED_SUFFIX)
        data = compressed(recorded.result)
        if not path.is_file() or path.read_bytes() != data:
            replace_file(path, data)
            written += 1
    for path in _files(folder):
        if path.name.removesuffix(cache.PRECOMPUTED_SUFFIX) not in results:
            path.unlink()
            removed += 1
    import json

    libs = json.dumps(libraries(), indent=1, sort_keys=True) + "\n"
    if not (folder / LIBRARIES_FILE).is_file() or (folder / LIBRARIES_FILE).read_text() != libs:
        replace_file(folder / LIBRARIES_FILE, libs.encode())
    size = sum(path.stat().st_size for path in _files(folder))
    return [
        f"{_shown(folder)}: {len(results)} results, {size:,} bytes "
        f"({written} written, {removed} removed)"
    ]


def check(results: dict[str, cache.Recorded], folder: Path = FOLDER) -> list[str]:
    """What is wrong with the results in *folder* for the default render (whose fresh
    *results* are given), as lines; none when all is well."""
    shipped = shipped_keys(folder)
    problems = []
    for key, recorded in sorted(results.items(), key=lambda item: item[1].label):
        if key not in shipped:
            problems.append(f"missing: {recorded.label} ({key[:12]}…)")
        else:
            data = (folder / (key + cache.PRECOMPUTED_SUFFIX)).read_bytes()
            try:
                same = zlib.decompress(data) == recorded.result
            except zlib.error:
                same = False
            if not same:
                problems.append(f"not what computing it gives: {recorded.label} ({key[:12]}…)")
    problems += [f"no longer used: {key[:12]}…" for key in sorted(shipped - set(results))]
    return problems


def _versions(found: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in sorted(found.items())) or "?"


def _shown(folder: Path) -> str:
    try:
        return str(folder.relative_to(Path.cwd()))
    except ValueError:
        return str(folder)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args not in ([], ["write"], ["check"]):
        print(f"usage: {COMMAND} [write|check]", file=sys.stderr)
        return 2
    root = Path.cwd()
    if not (root / "geodata").is_dir() or not (root / "sources").is_dir():
        print(
            "Error: run it from the repository's root (it renders sources/ with geodata/)",
            file=sys.stderr,
        )
        return 1
    results = default_render_results(root)
    if args == ["check"]:
        shipped, here = shipped_libraries(), libraries()
        if shipped != here:
            print(
                f"Note: the results were computed with {_versions(shipped)}; this "
                f"environment has {_versions(here)}, so some may differ in their last bytes",
                file=sys.stderr,
            )
        problems = check(results)
        for line in problems:
            print(line)
        if problems:
            print(f"Run {COMMAND} and commit {_shown(FOLDER)}/.", file=sys.stderr)
            return 1
        print(f"{_shown(FOLDER)}: the {len(results)} results of the default render, up to date")
        return 0
    for line in write(results):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
