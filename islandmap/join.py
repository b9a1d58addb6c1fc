"""Islands ⋈ passages: which quotes each island's popup shows, and which go to the group.

Pure functions, no I/O. Input: the islands GeoDataFrame (one row per island, column
``id``) and the matcher's :class:`~islandmap.models.MatchedPassage` list. Output: a
:class:`JoinedMap` holding, for every island, its quotes with the island's own names to
highlight, and separately the passages that name the islands only as a group (Northern
Territories, Kuril Islands, …), so that none is lost.

The same passage text often appears in several sources (agency copy reprinted word for
word): it becomes one :class:`Quote` that cites every source carrying it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from islandmap.models import Lang, MatchedPassage, Passage, Section

if TYPE_CHECKING:
    from geopandas import GeoDataFrame


@dataclass(frozen=True)
class Highlight:
    """A name to mark in a quote: ``text[start:end]``, written in one language's form."""

    start: int
    end: int
    lang: Lang


@dataclass(frozen=True)
class SourceRef:
    """Where a quote was found: the source's file name and the passage's number in it."""

    source: str
    index: int


@dataclass(frozen=True)
class Quote:
    """A passage as shown on the map: its text once, the names to mark, every source."""

    text: str
    section: Section
    highlights: tuple[Highlight, ...]
    sources: tuple[SourceRef, ...]

    @property
    def lang(self) -> Lang:
        """``ja`` or ``ru`` when every marked name is that language's form, else ``both``."""
        highlights = self.highlights
        if len(highlights) == 1:  # most quotes (a set for each took a tenth of a big map)
            return highlights[0].lang
        langs = {h.lang for h in highlights}
        if len(langs) == 1:
            return next(iter(langs))
        return "both"


@dataclass(frozen=True)
class JoinedMap:
    """The islands with their quotes, and the quotes about the islands as a group."""

    islands: GeoDataFrame
    """The input islands, in order."""
    quotes: Mapping[str, tuple[Quote, ...]]
    """Each island's quotes by island id (every island has an entry, maybe empty)."""
    group: tuple[Quote, ...]
    """Passages that name the islands only collectively."""

    def all_quotes(self) -> tuple[Quote, ...]:
        """Every distinct quote on the map once (a passage naming two islands counts once)."""
        return self._distinct

    def sources(self) -> tuple[str, ...]:
        """The distinct sources cited anywhere on the map, in order of first citation."""
        return self._sources

    @cached_property
    def _distinct(self) -> tuple[Quote, ...]:
        # each text compared as a reader sees it once (the quotes of one passage share it)
        by_text: dict[tuple[Section, str], Quote] = {}
        for quotes in (*self.quotes.values(), self.group):
            for quote in quotes:
                by_text.setdefault((quote.section, quote.text), quote)
        seen: dict[tuple[Section, str], Quote] = {}
        for (section, text), quote in by_text.items():
            seen.setdefault(_text_key(section, text), quote)
        return tuple(seen.values())

    @cached_property
    def _sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ref.source for q in self._distinct for ref in q.sources))


def join_islands(islands: GeoDataFrame, matched: Sequence[MatchedPassage]) -> JoinedMap:
    """Give each island its quotes; collect passages that name only the group.

    Quotes keep the order of their first appearance (sources in order, passages in order).
    A passage naming two islands is a quote of both, each marking its own island's names.
    """
    quotes: dict[str, list[Quote]] = {str(i): [] for i in islands["id"]}
    group: list[Quote] = []
    for entry in _dedupe(matched):
        first = entry.first
        passage = first.passage
        if first.mentions:
            marks: dict[str, list[Highlight]] = {}
            for m in first.mentions:
                marks.setdefault(m.island, []).append(Highlight(m.start, m.end, m.lang))
            sources = tuple(entry.refs)
            for island, highlights in marks.items():
                if island in quotes:
                    quotes[island].append(_quote(passage, highlights, sources))
        elif first.collective:
            highlights = [Highlight(c.start, c.end, c.lang) for c in first.collective]
            group.append(_quote(passage, highlights, tuple(entry.refs)))
    return JoinedMap(
        islands=islands,
        quotes={island: tuple(found) for island, found in quotes.items()},
        group=tuple(group),
    )


@dataclass
class _Entry:
    """One distinct passage text, with every place it was found."""

    first: MatchedPassage
    #: in order of first appearance (a dict: a wire story has thousands to tell apart)
    refs: dict[SourceRef, None]


def _text_key(section: str, text: str) -> tuple[Section, str]:
    # Copies differ in invisible ways (NFC vs NFD, line wrapping, double spaces); compare
    # what a reader sees. A comment never merges with an article paragraph.
    normal = unicodedata.normalize("NFC", text)
    # most passages are one line of single spaces already: every space but " " is one of
    # the characters str.isprintable refuses
    if "  " in normal or normal[:1] == " " or normal[-1:] == " " or not normal.isprintable():
        normal = " ".join(normal.split())
    return (section, normal)  # type: ignore[return-value]


def _dedupe(matched: Iterable[MatchedPassage]) -> list[_Entry]:
    entries: dict[tuple[Section, str], _Entry] = {}
    for mp in matched:
        ref = SourceRef(mp.passage.source, mp.passage.index)
        key = _text_key(mp.passage.section, mp.passage.text)
        entry = entries.get(key)
        if entry is None:
            entries[key] = _Entry(first=mp, refs={ref: None})
        else:
            entry.refs[ref] = None
    return list(entries.values())


def _quote(passage: Passage, highlights: list[Highlight], sources: tuple[SourceRef, ...]) -> Quote:
    return Quote(
        passage.text,
        passage.section,
        _non_overlapping(highlights, len(passage.text)),
        sources,
    )


def _earlier_then_longer(h: Highlight) -> tuple[int, int]:
    return (h.start, -h.end)


def _non_overlapping(highlights: Sequence[Highlight], length: int) -> tuple[Highlight, ...]:
    """Sorted, inside the text's bounds, the earlier (then longer) one winning an overlap."""
    # most quotes mark one name: nothing to sort
    ordered = highlights if len(highlights) == 1 else sorted(highlights, key=_earlier_then_longer)
    kept: list[Highlight] = []
    for h in ordered:
        if not 0 <= h.start < h.end <= length:
            continue
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return tuple(kept)
