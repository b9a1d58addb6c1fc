"""A small disk cache for results that depend only on their input's bytes, and the same
results shipped with islandmap.

Rendering the same coastlines again (a teacher adds an article and renders once more)
should not redo the display simplification. Entries are keyed by a hash of everything
the result depends on, so a changed input simply misses; a cache that cannot be read or
written is ignored. ``ISLANDMAP_CACHE_DIR`` sets the folder (default: the user's cache
folder, ``~/.cache/islandmap``); ``ISLANDMAP_CACHE_DIR=`` (empty) turns it off.

The results the default map needs (from the data that ships with islandmap and the
committed ``geodata/``) also ship with the package, compressed, in
``islandmap/data/precomputed/``, under the same keys (:mod:`islandmap.precomputed` writes
them): the first render after installing reads them instead of computing them. A result
is looked for in the cache folder, then among the shipped ones, and only then computed;
as the keys hold the inputs, a shipped result made from other data or code is never read.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from islandmap import __version__
from islandmap.output import replace_file

#: Where the shipped results are, in the package: one zlib-compressed file per result,
#: named by its key and this suffix.
PRECOMPUTED = resources.files("islandmap").joinpath("data", "precomputed")
PRECOMPUTED_SUFFIX = ".zlib"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    configured = os.environ.get("ISLANDMAP_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "islandmap"


@cache
def code_of(module_file: str) -> bytes:
    """The source of a module (its ``__file__``), read once: a cache key that holds the
    code which computes a result misses when that code changes."""
    return Path(module_file).read_bytes()


def cache_key(parts: list[bytes]) -> str:
    """The key of a result computed from *parts* (and this version of islandmap)."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def cached_bytes(parts: list[bytes], compute: Callable[[], bytes]) -> bytes:
    """``compute()``, or what it returned before for the same *parts*."""
    key = cache_key(parts)
    if _recorded is not None:
        return _record(key, parts, compute)
    folder = cache_dir()
    if folder is not None:
        try:
            return (folder / key).read_bytes()
        except OSError:
            pass
    shipped = precomputed(key)
    if shipped is not None:
        return shipped
    result = compute()
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            replace_file(folder / key, result)
        except OSError:
            pass
    return result


def precomputed(key: str) -> bytes | None:
    """The result shipped with islandmap under *key*, or None."""
    try:
        return zlib.decompress(PRECOMPUTED.joinpath(key + PRECOMPUTED_SUFFIX).read_bytes())
    except (OSError, zlib.error):  # not shipped (or damaged): computed instead
        return None


class Recorded(NamedTuple):
    """A result :func:`recording` saw asked for, and what it is (from its key's first
    parts, for people to read)."""

    label: str
    result: bytes


# What recording() collects, by key; None when not recording.
_recorded: dict[str, Recorded] | None = None
_depth = 0


@contextmanager
def recording() -> Iterator[dict[str, Recorded]]:
    """While it is open, every result is computed afresh (neither the cache folder nor the
    shipped results are read, nothing is written), and the dictionary it gives fills with
    the results asked for, by key. A result computed inside another's computation (the
    gazetteer inside the matcher's names table) is not listed: only what is asked for is.
    """
    global _recorded
    outer = _recorded
    _recorded = {}
    try:
        yield _recorded
    finally:
        _recorded = outer


def _record(key: str, parts: list[bytes], compute: Callable[[], bytes]) -> bytes:
    global _depth
    _depth += 1
    try:
        result = compute()
    finally:
        _depth -= 1
    if _depth == 0 and _recorded is not None:
        _recorded[key] = Recorded(_label(parts), result)
    return result


def _label(parts: list[bytes]) -> str:
    """The first part of a key, and the second if it is short text (the settings)."""
    shown = [part.decode(errors="replace") for part in parts[:1]]
    if len(parts) > 1 and len(parts[1]) <= 60 and parts[1].isascii():
        shown.append(parts[1].decode())
    return " ".join(shown)
