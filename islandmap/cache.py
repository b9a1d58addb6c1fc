"""A small disk cache for results that depend only on their input's bytes.

Rendering the same coastlines again (a teacher adds an article and renders once more)
should not redo the display simplification. Entries are keyed by a hash of everything
the result depends on, so a changed input simply misses; a cache that cannot be read or
written is ignored. ``ISLANDMAP_CACHE_DIR`` sets the folder (default: the user's cache
folder, ``~/.cache/islandmap``); ``ISLANDMAP_CACHE_DIR=`` (empty) turns it off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from islandmap import __version__
from islandmap.output import replace_file


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    configured = os.environ.get("ISLANDMAP_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "islandmap"


def cached_bytes(parts: list[bytes], compute: Callable[[], bytes]) -> bytes:
    """``compute()``, or what it returned before for the same *parts*."""
    folder = cache_dir()
    if folder is None:
        return compute()
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    path = folder / digest.hexdigest()
    try:
        return path.read_bytes()
    except OSError:
        pass
    result = compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        replace_file(path, result)
    except OSError:
        pass
    return result
