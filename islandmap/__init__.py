"""islandmap: a classroom map of the southern Kuril Islands / Northern Territories,
joining article passages to real coastlines.

``islandmap.build_map(sources, geodata, ...)`` returns the map as a ``folium.Map`` (see
:func:`islandmap.render.build_map`); it is imported on first use, so that the command line
starts without loading folium.
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "build_map"]


def __getattr__(name: str) -> Any:
    if name == "build_map":
        from islandmap.render import build_map

        return build_map
    raise AttributeError(f"module 'islandmap' has no attribute {name!r}")
