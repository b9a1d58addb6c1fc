"""The disk cache: a second render of the same coastlines reuses the simplified outlines."""

from __future__ import annotations

import zlib
from pathlib import Path

from islandmap import cache, geodata

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def test_same_parts_are_computed_once_and_changed_parts_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", str(tmp_path))
    calls = []

    def compute(value: bytes):
        def run() -> bytes:
            calls.append(value)
            return value

        return run

    assert cache.cached_bytes([b"a"], compute(b"1")) == b"1"
    assert cache.cached_bytes([b"a"], compute(b"2")) == b"1"
    assert cache.cached_bytes([b"b"], compute(b"3")) == b"3"
    assert calls == [b"1", b"3"]


def test_an_unusable_cache_folder_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", str(blocker / "cache"))
    assert cache.cached_bytes([b"a"], lambda: b"ok") == b"ok"


def test_cached_outlines_are_the_outlines(tmp_path, monkeypatch):
    islands = geodata.load_islands(GEODATA)
    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", "")
    fresh = geodata.simplify_for_display(islands)
    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", str(tmp_path))
    first = geodata.simplify_for_display(islands)
    again = geodata.simplify_for_display(islands)
    assert len(list(tmp_path.iterdir())) == 1
    for a, b, c in zip(fresh.geometry, first.geometry, again.geometry, strict=True):
        assert a.equals_exact(b, 0) and b.equals_exact(c, 0)
    assert list(again["id"]) == list(islands["id"])


def test_cached_gazetteer_is_the_gazetteer_and_a_damaged_entry_is_read_again(tmp_path, monkeypatch):
    from islandmap import gazetteer

    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", "")
    gazetteer.default_gazetteer.cache_clear()
    parsed = gazetteer.default_gazetteer()
    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", str(tmp_path))
    for _ in range(2):  # written, then read back
        gazetteer.default_gazetteer.cache_clear()
        assert gazetteer.default_gazetteer() == parsed
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(b'{"names": [["Iturup"]]')  # cut short
    gazetteer.default_gazetteer.cache_clear()
    try:
        assert gazetteer.default_gazetteer() == parsed
    finally:
        gazetteer.default_gazetteer.cache_clear()


def test_a_result_shipped_with_islandmap_is_read_instead_of_computed(tmp_path, monkeypatch):
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    monkeypatch.setattr(cache, "PRECOMPUTED", shipped)
    (shipped / f"{cache.cache_key([b'a'])}.zlib").write_bytes(zlib.compress(b"shipped"))
    (shipped / f"{cache.cache_key([b'b'])}.zlib").write_bytes(b"not zlib")
    calls = []

    def compute() -> bytes:
        calls.append(1)
        return b"computed"

    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", "")
    assert cache.cached_bytes([b"a"], compute) == b"shipped"
    assert cache.cached_bytes([b"b"], compute) == b"computed"  # damaged: computed
    assert cache.cached_bytes([b"c"], compute) == b"computed"  # not shipped
    assert len(calls) == 2
    # the cache folder is looked in first; a shipped result is not copied into it
    folder = tmp_path / "cache"
    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", str(folder))
    assert cache.cached_bytes([b"a"], compute) == b"shipped"
    assert not folder.exists()
    folder.mkdir()
    (folder / cache.cache_key([b"a"])).write_bytes(b"from the folder")
    assert cache.cached_bytes([b"a"], compute) == b"from the folder"


def test_recording_computes_afresh_and_lists_what_is_asked_for(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "PRECOMPUTED", tmp_path)
    (tmp_path / f"{cache.cache_key([b'outer', b'v1'])}.zlib").write_bytes(zlib.compress(b"old"))
    monkeypatch.setenv("ISLANDMAP_CACHE_DIR", str(tmp_path / "cache"))

    def outer() -> bytes:
        return b"outer:" + cache.cached_bytes([b"inner"], lambda: b"inner")

    with cache.recording() as results:
        assert cache.cached_bytes([b"outer", b"v1"], outer) == b"outer:inner"
    assert results == {
        cache.cache_key([b"outer", b"v1"]): cache.Recorded("outer v1", b"outer:inner")
    }
    assert not (tmp_path / "cache").exists()  # nothing written
    assert cache.cached_bytes([b"outer", b"v1"], outer) == b"old"  # and shipped again after
