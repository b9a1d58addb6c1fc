"""Plain values passed between the stages of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ISLAND_IDS: tuple[str, ...] = ("iturup", "kunashir", "shikotan", "habomai")

Lang = Literal["ja", "ru", "both"]
Section = Literal["article", "comments"]


@dataclass(frozen=True)
class Passage:
    """One paragraph of an article, numbered from 0 within its source."""

    source: str
    index: int
    section: Section
    text: str


@dataclass(frozen=True)
class Article:
    """A source file: its metadata and its passages, in order."""

    id: str
    title: str
    passages: tuple[Passage, ...]
    publisher: str = ""
    url: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    language: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Mention:
    """A name of one island, exactly as written, at ``text[start:end]``."""

    island: str
    surface: str
    lang: Lang
    start: int
    end: int


@dataclass(frozen=True)
class CollectiveMention:
    """A name of the islands as a group (Northern Territories, Kuril Islands, …).

    *covers*: the islands the name takes in, as the gazetteer says (the Lesser Kuril
    Chain is Shikotan and the Habomai islets; 北方領土 and Южные Курилы are all four)."""

    surface: str
    lang: Lang
    start: int
    end: int
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchedPassage:
    """A passage with the island names and group names found in it."""

    passage: Passage
    mentions: tuple[Mention, ...]
    collective: tuple[CollectiveMention, ...]

    @property
    def islands(self) -> tuple[str, ...]:
        """The islands this passage names, in the order of first mention."""
        return tuple(dict.fromkeys(m.island for m in self.mentions))
