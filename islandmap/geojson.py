"""GeoJSON (RFC 7946) as islandmap writes it: for ``geodata build`` and ``export`` alike.

- :func:`oriented`: exterior rings counter-clockwise, holes clockwise (section 3.1.6).
- :func:`geometry_object`: a geometry as a GeoJSON object of plain lists, so oriented.
- :func:`feature_collection_text`: the collection as compact UTF-8 JSON text with one
  feature per line, which keeps a diff of two versions readable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient


def oriented(geometry: BaseGeometry) -> BaseGeometry:
    """*geometry* with each polygon's exterior ring counter-clockwise and its holes
    clockwise; other geometry types as they are."""
    if isinstance(geometry, MultiPolygon):
        return MultiPolygon([orient(part, sign=1.0) for part in geometry.geoms])
    if isinstance(geometry, Polygon):
        return orient(geometry, sign=1.0)
    return geometry


def geometry_object(geometry: BaseGeometry) -> dict[str, Any]:
    """The GeoJSON geometry object of *geometry*, oriented, with lists (not tuples)."""
    shape: dict[str, Any] = json.loads(json.dumps(oriented(geometry).__geo_interface__))
    return shape


def feature_collection_text(collection: Mapping[str, Any], *, sort_keys: bool = False) -> str:
    """*collection*'s members in their order, each on a line of its own, its ``features``
    one per line. *sort_keys* sorts the keys inside each member (a byte-stable file)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))

    members = []
    for key, value in collection.items():
        if key == "features":
            features = ",\n".join(dump(feature) for feature in value)
            members.append(f"{dump(key)}:[\n{features}\n]")
        else:
            members.append(f"{dump(key)}:{dump(value)}")
    return "{" + ",\n".join(members) + "}\n"
