"""Properties of the matcher on arbitrary text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from islandmap.gazetteer import default_gazetteer
from islandmap.matching import _names_something_else, default_matcher

MATCHER = default_matcher()
# Names that count on their own (no context island needed, no guard on what precedes them).
NAME_OF = {
    (n.form, n.island): n
    for n in default_gazetteer().names
    if n.role == "island" and n.context is None and n.guard is None
}
PLAIN_NAMES = sorted(NAME_OF)
FILLER = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_never_raises_and_offsets_slice_the_surface(text):
    mentions, collective = MATCHER.find(text)
    for m in (*mentions, *collective):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface


@settings(max_examples=100)
@given(st.text(max_size=200))
def test_same_input_same_output(text):
    assert MATCHER.find(text) == MATCHER.find(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAIN_NAMES), FILLER, FILLER)
def test_any_gazetteer_name_inserted_into_text_is_found(name_and_island, before, after):
    name, island = name_and_island
    text = f"{before} {name} {after}"
    start = len(before) + 1
    # unless the text around makes it part of another thing's name ("Aivazovskogo Island
    # Bay" is a bay): the matcher's rule for those, tested on its own
    assume(not _names_something_else(NAME_OF[name_and_island], text, start, start + len(name)))
    mentions, _ = MATCHER.find(text)
    assert any(
        m.island == island and m.start <= start and m.end >= start + len(name) for m in mentions
    ), (text, mentions)


NAMES = st.sampled_from([form for form, _ in PLAIN_NAMES] + ["Shana", "Юрий", "Martin Spanberg"])
PASSAGE = st.lists(st.one_of(NAMES, FILLER), max_size=6).map(" ".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PASSAGE, min_size=1, max_size=5))
def test_scanning_passages_together_finds_what_scanning_each_finds(texts):
    together = MATCHER._candidates_by_passage(texts)
    assert [together.get(i, ([], ())) for i in range(len(texts))] == [
        MATCHER._candidates(t) for t in texts
    ]
