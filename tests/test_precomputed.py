"""The results shipped with islandmap (``islandmap/data/precomputed/``): every one the
default render asks for is there, each is what computing it gives, and the first render
after installing computes none of them.

When the data or the code a result is made from changes (the gazetteer, a catalog, a
template, ``geodata/``), its key changes and the shipped one is no longer read: a user
only waits for it to be computed. These tests make that visible, so that the first render
does not slow down without anyone noticing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from islandmap import cache, precomputed

ROOT = Path(__file__).resolve().parent.parent
FIX = (
    "Run `.venv/bin/python -m islandmap.precomputed` from the repository's root and commit "
    "islandmap/data/precomputed/"
)

# In a process of its own: islandmap keeps the matcher, the catalogs and the templates in
# memory once read, so this one (which has rendered maps already) would not ask for them.
_COLLECT = """
import json, sys
from pathlib import Path
from islandmap.precomputed import default_render_results, write
results = default_render_results(Path.cwd())
write(results, Path(sys.argv[1]))
json.dump({key: recorded.label for key, recorded in results.items()}, open(sys.argv[2], "w"))
"""


@pytest.fixture(scope="module", autouse=True)
def same_libraries() -> None:
    """The results are compared byte for byte with what this environment computes: that
    holds only with the libraries they were computed with (written beside them). With
    others (a newer release installed), a shipped result is still a right one for a user,
    and these checks have nothing to say."""
    shipped, here = precomputed.shipped_libraries(), precomputed.libraries()
    assert shipped, f"No record of the libraries the results were computed with. {FIX}"
    if shipped != here:
        pytest.skip(f"results computed with {shipped}; this environment has {here}")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The default render's results computed afresh, written as the command writes them
    (a folder), and what each is, by key."""
    work = tmp_path_factory.mktemp("precomputed")
    folder, labels = work / "results", work / "labels.json"
    subprocess.run(
        [sys.executable, "-c", _COLLECT, str(folder), str(labels)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "random"},
    )
    return folder, json.loads(labels.read_text())


def test_every_result_the_default_render_asks_for_ships_with_islandmap(fresh):
    _, labels = fresh
    shipped = precomputed.shipped_keys()
    missing = sorted(labels[key] for key in set(labels) - shipped)
    assert not missing, (
        f"The first render computes {len(missing)} results that islandmap does not ship, "
        f"as their data or code has changed: {', '.join(missing)}. {FIX}"
    )
    unused = shipped - set(labels)
    assert not unused, f"{len(unused)} shipped results are no longer used. {FIX}"


def test_each_shipped_result_is_what_computing_it_gives(fresh):
    """(Computed with a random hash seed: a result whose bytes followed the order of a set
    would differ from run to run, and the shipped files with it.)"""
    folder, labels = fresh
    shared = sorted(precomputed.shipped_keys() & set(labels))
    assert shared, f"None of the shipped results is the default render's. {FIX}"
    different = [
        labels[key]
        for key in shared
        if cache.precomputed(key) != zlib.decompress((folder / f"{key}.zlib").read_bytes())
    ]
    assert not different, f"Shipped, and not what computing them gives: {different}. {FIX}"


def test_the_first_render_reads_them_and_computes_nothing(tmp_path):
    """With an empty cache folder, as after installing: the page is written, and the cache
    folder gets nothing but Jinja's compiled templates (a computed result would be there
    too)."""
    folder = tmp_path / "cache"
    result = subprocess.run(
        [sys.executable, "-m", "islandmap", "render", "-o", str(tmp_path / "map.html")],
        cwd=ROOT,
        env={**os.environ, "ISLANDMAP_CACHE_DIR": str(folder)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "map.html").stat().st_size > 100_000
    computed = sorted(p.name for p in folder.iterdir() if p.name != "templates")
    assert not computed, f"the first render computed {len(computed)} results. {FIX}"
    assert any((folder / "templates").iterdir())
