"""islands ⋈ passages: each island's quotes, duplicates merged, the group kept."""

from __future__ import annotations

import unicodedata

import geopandas as gpd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from islandmap.join import Highlight, Quote, SourceRef, join_islands
from islandmap.models import (
    ISLAND_IDS,
    CollectiveMention,
    MatchedPassage,
    Mention,
    Passage,
)


def _islands() -> gpd.GeoDataFrame:
    boxes = [box(147 + i, 44, 147.5 + i, 44.5) for i in range(len(ISLAND_IDS))]
    return gpd.GeoDataFrame({"id": list(ISLAND_IDS)}, geometry=boxes, crs="EPSG:4326")


def _mp(source: str, index: int, text: str, *names: tuple[str, str, str], section="article"):
    """A matched passage; names are (island or "group", surface, lang), found in text."""
    mentions, collective = [], []
    for island, surface, lang in names:
        start = text.index(surface)
        if island == "group":
            collective.append(CollectiveMention(surface, lang, start, start + len(surface)))
        else:
            mentions.append(Mention(island, surface, lang, start, start + len(surface)))
    passage = Passage(source, index, section, text)
    return MatchedPassage(passage, tuple(mentions), tuple(collective))


def _marked(quote: Quote) -> list[tuple[str, str]]:
    """The names a quote marks, as written, with their language."""
    return [(quote.text[h.start : h.end], h.lang) for h in quote.highlights]


def test_each_island_gets_the_passages_that_name_it():
    matched = [
        _mp("a.md", 0, "Iturup has a new airport.", ("iturup", "Iturup", "ru")),
        _mp(
            "a.md",
            3,
            "Flights from Kunashiri to Etorofu resumed.",
            ("kunashir", "Kunashiri", "ja"),
            ("iturup", "Etorofu", "ja"),
        ),
    ]
    joined = join_islands(_islands(), matched)

    assert [q.text for q in joined.quotes["iturup"]] == [
        "Iturup has a new airport.",
        "Flights from Kunashiri to Etorofu resumed.",
    ]
    assert [q.text for q in joined.quotes["kunashir"]] == [
        "Flights from Kunashiri to Etorofu resumed."
    ]
    assert joined.quotes["shikotan"] == ()
    assert joined.quotes["habomai"] == ()
    assert list(joined.islands["id"]) == list(ISLAND_IDS)


def test_a_quote_marks_only_its_own_islands_names():
    text = "Flights from Kunashiri to Etorofu resumed."
    matched = [_mp("a.md", 0, text, ("kunashir", "Kunashiri", "ja"), ("iturup", "Etorofu", "ja"))]
    joined = join_islands(_islands(), matched)

    (iturup_quote,) = joined.quotes["iturup"]
    assert _marked(iturup_quote) == [("Etorofu", "ja")]
    (kunashir_quote,) = joined.quotes["kunashir"]
    assert _marked(kunashir_quote) == [("Kunashiri", "ja")]


def test_the_same_text_in_two_sources_is_one_quote_citing_both():
    text = "Russia and Japan dispute Shikotan."
    matched = [
        _mp("agency.md", 4, text, ("shikotan", "Shikotan", "both")),
        # A reprint: same words, wrapped differently.
        _mp(
            "reprint.txt",
            9,
            "Russia and Japan\ndispute  Shikotan.",
            ("shikotan", "Shikotan", "both"),
        ),
    ]
    joined = join_islands(_islands(), matched)

    (quote,) = joined.quotes["shikotan"]
    assert quote.sources == (SourceRef("agency.md", 4), SourceRef("reprint.txt", 9))
    assert quote.text == text
    assert joined.sources() == ("agency.md", "reprint.txt")
    assert len(joined.all_quotes()) == 1


def test_a_comment_is_not_merged_with_an_article_paragraph():
    text = "Give back Habomai."
    matched = [
        _mp("a.md", 1, text, ("habomai", "Habomai", "ja")),
        _mp("a.md", 7, text, ("habomai", "Habomai", "ja"), section="comments"),
    ]
    joined = join_islands(_islands(), matched)

    assert [q.section for q in joined.quotes["habomai"]] == ["article", "comments"]


def test_passages_naming_only_the_group_go_to_the_group():
    matched = [
        _mp(
            "a.md",
            0,
            "Talks on the Northern Territories stalled.",
            ("group", "Northern Territories", "ja"),
        ),
        _mp(
            "a.md",
            1,
            "The Kuril Islands, including Iturup, are militarised.",
            ("group", "Kuril Islands", "ru"),
            ("iturup", "Iturup", "ru"),
        ),
    ]
    joined = join_islands(_islands(), matched)

    (group_quote,) = joined.group
    assert group_quote.text == "Talks on the Northern Territories stalled."
    assert group_quote.lang == "ja"
    assert _marked(group_quote) == [("Northern Territories", "ja")]
    # The passage that also names Iturup is Iturup's, not lost and not doubled.
    assert [q.text for q in joined.quotes["iturup"]] == [
        "The Kuril Islands, including Iturup, are militarised."
    ]
    assert len(joined.all_quotes()) == 2


def test_lang_is_both_when_a_quote_uses_both_forms():
    text = "Etorofu\u2013Iturup is the largest."
    matched = [_mp("a.md", 0, text, ("iturup", "Etorofu", "ja"), ("iturup", "Iturup", "ru"))]
    (quote,) = join_islands(_islands(), matched).quotes["iturup"]

    assert quote.lang == "both"
    assert [lang for _, lang in _marked(quote)] == ["ja", "ru"]


def test_overlapping_and_out_of_range_mentions_are_dropped():
    quote_text = "Kunashir Island"
    passage = Passage("a.md", 0, "article", quote_text)
    mentions = (
        Mention("kunashir", "Kunashir Island", "ru", 0, 15),
        Mention("kunashir", "Kunashir", "ru", 0, 8),
        Mention("kunashir", "Island", "ru", 9, 15),
        Mention("kunashir", "x", "ru", 14, 99),
    )
    joined = join_islands(_islands(), [MatchedPassage(passage, mentions, ())])

    (quote,) = joined.quotes["kunashir"]
    assert quote.highlights == (Highlight(0, 15, "ru"),)


@given(
    text=st.text(min_size=1, max_size=40),
    cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=6),
)
def test_highlights_are_in_order_inside_the_text_and_never_overlap(text, cuts):
    highlights = [Highlight(min(a, b), max(a, b), "ru") for a, b in cuts]
    mentions = tuple(Mention("iturup", "", "ru", h.start, h.end) for h in highlights)
    passage = Passage("a.md", 0, "article", text)
    joined = join_islands(_islands(), [MatchedPassage(passage, mentions, ())])

    for quote in joined.quotes["iturup"]:
        assert isinstance(quote, Quote)
        at = 0
        for h in quote.highlights:
            assert at <= h.start < h.end <= len(text)
            at = h.end


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2028\x1cae\u0301\u00e9д国"), max_size=12))
def test_copies_compare_as_a_reader_sees_them(text):
    # one line, single spaces, composed accents: what the quick path must agree with
    from islandmap.join import _text_key

    assert _text_key("article", text) == (
        "article",
        " ".join(unicodedata.normalize("NFC", text).split()),
    )
