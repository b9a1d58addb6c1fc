"""The region's names (islandmap/data/places.yaml): each with both sides' names, a source,
and a position; the straits the two sides name differently carry both names."""

from __future__ import annotations

from islandmap.facts import http_url
from islandmap.places import load_places


def test_every_place_has_its_names_a_source_and_a_position() -> None:
    places = load_places()
    assert len(places) >= 12
    for place in places:
        assert place.ja and place.ru and place.ja_latn and place.ru_latn and place.label
        assert http_url(place.source)
        assert (place.lat is not None and place.lon is not None) or (place.on_land and place.within)


def test_names_that_differ_are_both_in_the_label_and_none_stands_alone() -> None:
    differing = [p for p in load_places() if p.ja_latn != p.ru_latn]
    assert {p.id for p in differing} >= {
        "nemuro_strait",
        "catherine_strait",
        "vries_strait",
        "la_perouse_strait",
        "kuril_islands",
    }
    for place in differing:
        assert place.ja_latn in place.label and place.ru_latn in place.label
        assert " / " in place.label


def test_the_straits_names_are_as_each_side_writes_them() -> None:
    by_id = {p.id: p for p in load_places()}
    assert (by_id["nemuro_strait"].ja, by_id["nemuro_strait"].ru) == (
        "根室海峡",
        "Кунаширский пролив",
    )
    assert (by_id["catherine_strait"].ja, by_id["catherine_strait"].ru) == (
        "国後水道",
        "пролив Екатерины",
    )
    assert (by_id["vries_strait"].ja, by_id["vries_strait"].ru) == ("択捉水道", "пролив Фриза")
