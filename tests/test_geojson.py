"""The one GeoJSON writer and ring orientation that geodata build and export share."""

from __future__ import annotations

import json

from shapely.geometry import LineString, MultiPolygon, Polygon

from islandmap.geojson import feature_collection_text, geometry_object, oriented

CLOCKWISE = [(0, 0), (0, 4), (4, 4), (4, 0), (0, 0)]
HOLE_COUNTER_CLOCKWISE = [(1, 1), (2, 1), (2, 2), (1, 2), (1, 1)]


def test_outer_rings_turn_counter_clockwise_and_holes_clockwise():
    polygon = Polygon(CLOCKWISE, [HOLE_COUNTER_CLOCKWISE])
    for geometry in (oriented(polygon), *oriented(MultiPolygon([polygon])).geoms):
        assert geometry.exterior.is_ccw
        assert not geometry.interiors[0].is_ccw
        assert geometry.equals(polygon)
    line = LineString([(0, 0), (1, 1)])
    assert oriented(line) is line


def test_geometry_objects_are_plain_lists():
    shape = geometry_object(Polygon(CLOCKWISE))
    assert shape == {
        "type": "Polygon",
        "coordinates": [[[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]],
    }


def test_one_feature_a_line_members_in_order():
    collection = {
        "type": "FeatureCollection",
        "metadata": {"b": 1, "a": "Ä"},
        "features": [{"type": "Feature", "id": 1}, {"type": "Feature", "id": 2}],
        "note": "end",
    }
    text = feature_collection_text(collection, sort_keys=True)
    assert text == (
        '{"type":"FeatureCollection",\n"metadata":{"a":"Ä","b":1},\n"features":[\n'
        '{"id":1,"type":"Feature"},\n{"id":2,"type":"Feature"}\n],\n"note":"end"}\n'
    )
    assert json.loads(text) == collection
    assert feature_collection_text({"type": "FeatureCollection", "features": []}) == (
        '{"type":"FeatureCollection",\n"features":[\n\n]}\n'
    )
