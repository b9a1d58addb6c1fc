"""Find the islands' names in passages: passages + gazetteer → mentions. No I/O.

All forms in the gazetteer are looked for at once in a folded copy of the text (lower
case, accents and stress marks removed, dashes, spaces and apostrophes unified). At each
place the longest form wins, so "Kunashiri" is never read as "Kunashir" + "i", and a false
friend such as "Etorofu-class" swallows the island name it contains. The scan is an
Aho–Corasick automaton (islandmap/automaton.py); the rules' reference, the *complete
scan*, is one regular expression per script built as a trie, and judges the passages the
automaton's one pass cannot (the same names either way).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache, cached_property
from itertools import accumulate, pairwise, product
from pathlib import Path

from islandmap.automaton import (
    ALL_SEPARATORS,
    Tables,
    build_tables,
    cached_tables,
    tables_from_record,
    tables_record,
)
from islandmap.gazetteer import Gazetteer, Name, default_gazetteer
from islandmap.models import (
    ISLAND_IDS,
    Article,
    CollectiveMention,
    Lang,
    MatchedPassage,
    Mention,
    Passage,
)

# A bracket first, then a look back for the kanji before it: a pattern that starts with a
# plain character is one the engine can skip through quickly.
_READING_AFTER_KANJI = (
    r"[(（](?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][(（])"
    r"(?:[\u3041-\u309f]+[)）]"
    # a reading in katakana only inside a name, before its island or village word
    # (択捉(エトロフ)島): after a whole name it may be the other side's name (国後島(クナシル))
    r"|[\u30a1-\u30fa\u30fc]+[)）](?=[島群諸村]))"
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
# soft hyphen, zero-width characters, bidi controls, byte-order mark; and the variation
# selectors, which choose a glyph of the character before them (色丹󠄁 in a transcription
# of a 1903 book writes 丹 with U+E0101): the name is the same with or without them
# (as ranges in the patterns: listed one by one, the astral ones slow every scan)
_VARIATION_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_INVISIBLE = (
    "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)
_APOSTROPHES = "\u2018\u2019\u02bc\u2032"
_FOLD_RANGES = ((0x0000, 0x0530), (0x1E00, 0x1F00), (0xFF00, 0xFFF0))


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for low, high in _FOLD_RANGES:
        for cp in range(low, high):
            char = chr(cp)
            if 0x300 <= cp < 0x370:
                table[cp] = None
                continue
            decomposed = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in decomposed if not 0x300 <= ord(c) < 0x370).lower()
            if len(base) > 1 and base[0].isalpha():
                base = base[0]
            if len(base) == 1 and base != char:
                table[cp] = base
    table.update({ord(c): "-" for c in _DASHES})
    table.update({ord(c): " " for c in _SPACES})
    table.update({ord(c): "'" for c in _APOSTROPHES})
    table.update({ord(c): None for c in _INVISIBLE})
    table.update({cp: None for cp in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0))})
    return table


_FOLD_TABLE = _build_fold_table()
_FOLD_FIRST = tuple((char, _FOLD_TABLE[ord(char)] or "") for char in "й’—")
_STILL_TO_FOLD = re.compile(
    "["
    + "".join(
        re.escape(chr(cp))
        for cp, folded in sorted(_FOLD_TABLE.items())
        if chr(cp).lower() == chr(cp)
        and folded != chr(cp)
        and not 0xFE00 <= cp < 0xFE10
        and cp < 0x10000
    )
    + _VARIATION_SELECTORS
    + "]"
)
# What folding drops (stress marks, invisible characters) and the readings it skips.
_DROPPED = re.compile(
    "[\u0300-\u036f" + _INVISIBLE + _VARIATION_SELECTORS + "]+|" + _READING_AFTER_KANJI
)
_SEPARATORS = re.compile(r"[-\s]+")
# Between passages scanned together: neither a letter nor a space, so no name spans it.
_PASSAGE_BREAK = "\x00"
_READING = re.compile(_READING_AFTER_KANJI)


def fold(text: str) -> str:
    """The text as the matcher compares it: lower case, no accents, plain dashes and spaces."""
    if text.isascii():
        return text.lower()
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower to two characters (İ)
        return text.translate(_FOLD_TABLE)
    # str.lower is fast; only the few characters lower case leaves to fold go through the
    # table, the commonest of them (й in Russian, ’ and — in English) by str.replace
    for char, folded in _FOLD_FIRST:
        if char in lowered:
            lowered = lowered.replace(char, folded)
    return _STILL_TO_FOLD.sub(_fold_one, lowered)


# a word broken by a hyphen at the end of a line, in a text that keeps the lines of print
_BROKEN_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})-\n([^\W\d_]{2,})(?![^\W\d_])")


def _fold_one(match: re.Match[str]) -> str:
    return _FOLD_TABLE[ord(match.group())] or ""


class _Offsets:
    """Each folded character's index in the text it was folded from, as a list of them
    would give it (``offsets[i]``), kept as the runs of the text left in: a list would
    hold a number for every character (a third of the folding time of a text with
    readings), where only the few characters of names found are looked up."""

    __slots__ = ("_base", "_folded_at", "_text_at")

    def __init__(self, runs: Sequence[tuple[int, int]], base: int = 0) -> None:
        #: where each run (``text[start:end]``) starts in the folded text, and in the text
        self._folded_at = list(accumulate((end - start for start, end in runs[:-1]), initial=0))
        self._text_at = [start for start, _ in runs]
        self._base = base

    def __getitem__(self, index: int) -> int:
        index += self._base
        run = bisect_right(self._folded_at, index) - 1
        return self._text_at[run] + index - self._folded_at[run]

    def after(self, begin: int) -> _Offsets:
        """The offsets of the folded text from *begin* on (``offsets[begin:]``)."""
        moved = object.__new__(_Offsets)
        moved._folded_at, moved._text_at = self._folded_at, self._text_at
        moved._base = self._base + begin
        return moved


def _fold_with_offsets(text: str) -> tuple[str, _Offsets | None]:
    """The folded text, and where it differs in length, each folded character's index in *text*.

    Readings in hiragana after kanji, as in 択捉(えとろふ)島 or 歯舞群島(はぼまいぐんとう), are
    left out, so the name around or before them is found whole.
    """
    folded = fold(text)
    if len(folded) == len(text):
        if "(" not in folded or not _has_reading(text):
            return folded, None
        # readings alone to leave out: every character folded to one, the same as on
        # its own (but a capital sigma, which lower case reads with the letters after it)
        if "\u03a3" not in text:
            runs = _runs_between(_READING.finditer(text), len(text))
            return "".join([folded[start:end] for start, end in runs]), _Offsets(runs)
    # Every other character folds to exactly one: keep the text between the dropped ones.
    runs = _runs_between(_DROPPED.finditer(text), len(text))
    return fold("".join([text[start:end] for start, end in runs])), _Offsets(runs)


def _runs_between(dropped: Iterable[re.Match[str]], length: int) -> list[tuple[int, int]]:
    """The runs of a text of *length* characters between the matches *dropped*."""
    runs = []
    kept_from = 0
    for match in dropped:
        runs.append((kept_from, match.start()))
        kept_from = match.end()
    runs.append((kept_from, length))
    return runs


def _has_reading(text: str) -> bool:
    """Whether *text* holds a reading after kanji (see :func:`_fold_with_offsets`): looked
    for at each bracket, which is quicker than a search of the whole text."""
    for bracket in "(（":
        at = text.find(bracket, 1)
        while at > 0:
            if _is_kanji(text[at - 1]) and _READING.match(text, at):
                return True
            at = text.find(bracket, at + 1)
    return False


def _key(form: str) -> str:
    return _SEPARATORS.sub("-", fold(form).strip())


# Marks that belong to the character before them: a stress mark, a variation selector.
_MARKS = re.compile("[\u0300-\u036f" + _VARIATION_SELECTORS + "]+")


# the characters _MARKS begins with: a stress mark or a variation selector
_MARK_STARTS = frozenset(
    chr(cp)
    for low, high in ((0x300, 0x36F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
    for cp in range(low, high + 1)
)


def _past_marks(text: str, end: int) -> int:
    """*end* moved past the marks of the name's last character (色丹 + U+E0101)."""
    marks = _MARKS.match(text, end)
    return marks.end() if marks else end


def _is_latin_or_cyrillic(char: str) -> bool:
    """Letters and digits of the scripts that separate words with spaces."""
    code = ord(char)
    return char.isalnum() and (code < 0x0530 or 0x1E00 <= code < 0x1F00)


def _is_kanji(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def _names_table(gazetteer: Gazetteer) -> dict[str, Name]:
    """The gazetteer's names by their folded key (the first form of a key wins), and the
    misspellings of its fuzzy names."""
    names: dict[str, Name] = {}
    for name in gazetteer.names:
        names.setdefault(_key(name.form), name)
    names.update(_misspellings(gazetteer.fuzzy_names, set(names)))
    return names


#: Raised with the format of the cached table, so that an old cache is not read.
_NAMES_CACHE_FORMAT = b"islandmap names table 2"


def _default_names_and_tables() -> tuple[dict[str, Name], Tables]:
    """:func:`_names_table` of the shipped gazetteer and its automaton's tables, kept in
    islandmap's cache (:mod:`islandmap.cache`, as JSON) keyed by the data files and the code
    that makes them: reading them back is several times quicker than working the names,
    their misspellings and the tables out again, which keeps building the matcher short."""
    import json

    from islandmap.cache import cached_bytes
    from islandmap.gazetteer import NAME_FIELDS_KEY, name_from_row, name_row

    here = Path(__file__).parent
    parts = [_NAMES_CACHE_FORMAT, NAME_FIELDS_KEY]
    for part in ("data/gazetteer.yaml", "data/forms.tsv", "gazetteer.py", "matching.py"):
        parts.append((here / part).read_bytes())
    parts.append((here / "automaton.py").read_bytes())

    def compute() -> bytes:
        names, tables = _compute_default_names_and_tables()
        record = {"names": [[key, name_row(name)] for key, name in names.items()]}
        record.update(tables_record(tables))
        return json.dumps(record, ensure_ascii=False).encode("utf-8")

    try:
        data = json.loads(cached_bytes(parts, compute))
        names = {key: name_from_row(values) for key, values in data["names"]}
        return names, tables_from_record(data)
    except (ValueError, KeyError, TypeError):  # a damaged cache entry
        pass
    return _compute_default_names_and_tables()


def _compute_default_names_and_tables() -> tuple[dict[str, Name], Tables]:
    names = _names_table(default_gazetteer())
    keys = list(names)
    return names, build_tables(keys, _judged_by_complete_scan(keys))


#: Characters of text scanned, after which the matcher builds its automaton as a DFA.
_DFA_AFTER = 2_000_000


class Matcher:
    """Finds island names and group names in text; build once, use for every passage."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        if gazetteer is None:
            # the shipped gazetteer's table and patterns, from the cache where they are
            self._names, tables = _default_names_and_tables()
        else:
            self._names = _names_table(gazetteer)
            keys = list(self._names)
            tables = cached_tables(keys, _judged_by_complete_scan(keys))
        self._build_automaton(tables)
        #: each passage text scanned, and what it holds (see _candidates_by_passage)
        self._by_text: dict[str, _TextCandidates | None] = {}

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str], ...]:
        """The complete scan's patterns, compiled the first time a text needs them."""
        return _compile(self._names)

    def _build_automaton(self, tables: Tables) -> None:
        import ahocorasick_rs

        # A contiguous NFA first: built in a third of the DFA's time (0.02 s against 0.07),
        # which is most of a short corpus's matching; a corpus past _DFA_AFTER characters
        # gets the DFA, which scans mixed text about 1.5 times as fast (same patterns, so
        # the same finds at the same indexes).
        self._patterns_list: tuple[str, ...] | None = tables.patterns
        self._automaton = ahocorasick_rs.AhoCorasick(
            tables.patterns,
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA,
        )
        self._scanned = 0
        # for each pattern: its name, whether it is matched as a whole word (Latin and
        # Cyrillic), and whether its name counts wherever it is found (no guard, no
        # evidence needed); None for an alarm
        # forms whose last part is "to" (Shikotan-to), which English writes as a word
        self._to_forms = frozenset(
            name.form for key, name in self._names.items() if _ends_in_to(key)
        )
        self._entries: list[tuple[Name, bool, bool] | None] = [
            None
            if key is None
            else (
                self._names[key],
                _is_word_form(key),
                _counts_anywhere(self._names[key]) and not _ends_in_to(key),
            )
            for key in tables.keys
        ]
        self._entry_of = dict(zip(tables.patterns, self._entries, strict=True))
        self._longest = max(map(len, tables.patterns), default=0)
        self._continuations = tables.continuations
        self._names_any = next(iter(self._names.values()))  # a placeholder, never found
        # the last characters of the forms' beginnings before a separator (see
        # _engine_scan: a rare space elsewhere cannot stand inside a form)
        self._beginnings: dict[str, tuple[str, ...]] = {}
        for prefix in sorted(self._continuations):
            if prefix:
                self._beginnings[prefix[-1]] = (*self._beginnings.get(prefix[-1], ()), prefix)
        # a beginning that ends in a long-vowel mark may be written with a dash or a bar
        # before the separator: any text ending so is taken for one
        self._any_beginning: set[str] = set()
        if any(prefix[-1:] in ("ー", "-") for prefix in self._continuations):
            self._any_beginning.update(_LONG_VOWEL_SIGNS)
            self._any_beginning.update(
                prefix[-2] for prefix in self._continuations if prefix[-1:] in ("ー", "-")
            )
        # What the scan needs to know of a pattern found depends on the pattern alone
        # (the automaton found it at folded[s:e]), so it is worked out once, the first
        # time the pattern is found, rather than at each of the hundreds of thousands of
        # places a corpus holds one (nor for the thousands of patterns never found).
        self._pattern_of = tables.patterns
        self._facts: list[_Facts | None] = [None] * len(tables.patterns)

    def _after_beginning(self, folded: str, end: int) -> bool:
        """Whether ``folded[:end]`` may end with the beginning of a form before a separator."""
        last = folded[end - 1]
        if last in self._any_beginning:
            return True
        beginnings = self._beginnings.get(last)
        return beginnings is not None and folded.endswith(beginnings, 0, end)

    def _pattern_facts(self, pattern: str, entry: tuple[Name, bool, bool] | None) -> _Facts:
        follows: tuple[str, ...] | None = None
        remainders = None
        if entry is None:
            prefix = pattern.rstrip(ALL_SEPARATORS)
            follows = self._continuations.get(prefix)
            if not prefix or not _is_latin_or_cyrillic(prefix[0]):
                follows = None
            remainders = self._remainders.get(prefix)
        length = len(pattern)
        inside = _no_word_starts(pattern, 0, length)
        shorter = self._shorter_word(pattern, 0, length)
        short_entry = None
        if shorter > 0 and _no_word_starts(pattern, shorter, length):
            short_entry = self._entry_of[pattern[:shorter]]
        return entry, follows, remainders, inside, shorter, short_entry

    @cached_property
    def _remainders(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """For the beginning of a whole-word form up to a separator (its separators as
        written, "-" or " "): the rest of each form that begins so, part by part. Where
        the first part follows an alarm, the rest must follow too for the complete scan to
        find a longer form there ("о в вопросе" is not "о-в Зелёный"). A part that holds
        a long-vowel mark or a dash ends the rest early: it is taken to follow."""
        found: dict[str, set[tuple[str, ...]]] = {}
        for key in self._names:
            if not _is_latin_or_cyrillic(key[0]) or "-" not in key:
                continue
            parts = key.split("-")
            for i in range(1, len(parts)):
                rest: list[str] = []
                for part in parts[i:]:
                    if any(c in _LONG_VOWEL_SIGNS for c in part):
                        break
                    rest.append(part)
                for joins in product("- ", repeat=i - 1):
                    pairs = zip(joins, parts[1:i], strict=True)
                    prefix = parts[0] + "".join(j + p for j, p in pairs)
                    found.setdefault(prefix, set()).add(tuple(rest))
        return {prefix: tuple(sorted(rests)) for prefix, rests in found.items()}

    def find(
        self, text: str, article_islands: Collection[str] = ()
    ) -> tuple[tuple[Mention, ...], tuple[CollectiveMention, ...]]:
        """The island mentions and the group mentions in *text*, in text order.

        *article_islands*: islands the rest of the article names, which lets names that
        need their island's context (Shana, 留別村, Юрий) count here.
        """
        candidates, collective = self._candidates(text)
        named = set(article_islands) | _named_by_groups(collective)
        return _with_context(candidates, named), collective

    def _candidates(
        self, text: str
    ) -> tuple[Sequence[tuple[Mention, Name]], tuple[CollectiveMention, ...]]:
        found = self._candidates_by_passage([text])
        return found[0] if found else ([], ())

    def _found(self, text: str) -> list[tuple[int, int, Name]]:
        """Every name in *text* that counts where it stands, in text order."""
        folded, offsets = _fold_with_offsets(text)
        found = self._engine_scan(folded, offsets, text)
        if "-\n" in text:
            broken = list(self._broken_words(text))
            found = sorted(
                [f for f in found if not any(b[0] < f[1] and f[0] < b[1] for b in broken)] + broken
            )
        if offsets is not None:  # folding dropped something: perhaps marks after a name
            found = [
                (
                    start,
                    _past_marks(text, end) if text[end : end + 1] in _MARK_STARTS else end,
                    name,
                )
                for start, end, name in found
            ]
        return found

    def _complete_scan(
        self, folded: str, offsets: _Offsets | None, text: str
    ) -> list[tuple[int, int, Name]]:
        """Every name in *text* by the complete rules: one regular expression per script."""
        return _outermost(
            (start, end, name)
            for pattern in self._patterns
            for start, end, name in self._scan(pattern, folded, offsets, text)
        )

    def _engine_scan(
        self, folded: str, offsets: _Offsets | None, text: str
    ) -> list[tuple[int, int, Name]]:
        """What :meth:`_complete_scan` finds, from the automaton's one pass. A passage that
        holds something the pass cannot judge alone (an alarm that matters, a name that
        does not count where another could begin inside it: see islandmap/automaton.py)
        is scanned again by the complete rules (passages are apart: see _PASSAGE_BREAK)."""
        found: list[tuple[int, int, Name]] = []
        facts = self._facts
        thing_last, thing_cues, quotes_close = _THING_LAST_LETTERS, _THING_CUES, _QUOTES_CLOSE
        length = len(folded)
        word_end = -1  # where the last whole word counted ended
        rescanned_to = -1  # the automaton's finds before this are in a passage scanned again
        self._scanned += length
        if self._scanned > _DFA_AFTER and self._patterns_list is not None:
            self._to_dfa()
        for index, s, e in self._automaton.find_matches_as_indexes(folded):
            if s < rescanned_to:
                continue
            known = facts[index]
            if known is None:
                pattern = self._pattern_of[index]
                known = facts[index] = self._pattern_facts(pattern, self._entries[index])
            entry, follows, remainders, inside, shorter, short_entry = known
            trouble = False
            e_found = e
            # an alarm (a form's beginning and a run of separators) that no part of a form
            # can follow is read as the longest whole-word form before it
            alarm = entry is None
            if entry is None:
                if follows is None:
                    # a rare space (a tab, a form feed, …) alone is judged by the complete
                    # scan only where it could stand inside a form: after a form's beginning
                    if len(folded[s:e]) == 1 and folded[s:e] in ALL_SEPARATORS:
                        before_run = s - 1
                        while before_run >= 0 and folded[before_run] in ALL_SEPARATORS:
                            before_run -= 1
                        if before_run < 0 or not self._after_beginning(folded, before_run + 1):
                            continue
                    trouble = True
                elif (
                    s
                    and ((before := folded[s - 1]).isalnum() or before == "_")
                    and (before < "\u3040" or not _ends_word(before))
                ):
                    # inside a word: no form starts here, and none inside if none is found
                    if inside or not self._starts_inside(folded, s, e):
                        continue
                    trouble = True
                else:
                    past = e
                    while past < length and folded[past] in ALL_SEPARATORS:
                        past += 1
                    trouble = folded.startswith(follows, past) and (
                        remainders is None or _may_follow(folded, past, remainders)
                    )
                name, is_word, anywhere = self._names_any, True, False
            else:
                name, is_word, anywhere = entry
            if trouble:
                pass
            elif is_word:
                if (
                    s
                    and ((before := folded[s - 1]).isalnum() or before == "_")
                    and (before < "\u3040" or not _ends_word(before))
                ):
                    # inside a word: no name starts here (nor inside, if none is found)
                    if inside or not self._starts_inside(folded, s, e):
                        continue
                    trouble = True
                elif s == word_end:
                    trouble = True  # the complete scan took the character before
                elif alarm or (e < length and not _ends_word(folded[e])):
                    # the longest whole-word form at s shorter than this one
                    if shorter == 0 and inside:
                        continue  # no form here ends a word, and none starts inside
                    if short_entry is None:
                        trouble = True
                    else:
                        e_found = s + shorter
                        name, is_word, anywhere = short_entry
            if not trouble:
                if offsets is None:
                    start, end = s, e_found
                else:
                    start, end = offsets[s], offsets[e_found - 1] + 1
                judged: Name | None = name
                if not anywhere:
                    if name.guard == "capitalized" and not text[start].isupper():
                        judged = None  # _judged's first test: a common word in lower case
                    else:
                        judged = _judged(name, text, start, end)
                        if judged is not None and judged.form in self._to_forms:
                            end, judged = self._before_to(judged, text, start, end)
                elif name.role == "island":
                    # _names_something_else, its first tests written out
                    after = text[end : end + 2]
                    first = after[:1]
                    if (
                        (
                            (first in " -" and after[1:].isupper())
                            or (first >= "\u3000" and not "\u3041" <= first <= "\u309f")
                        )
                        and _names_a_feature(name, text, end)
                    ) or (
                        (
                            (
                                start
                                and (
                                    (before := text[start - 1]) in thing_cues
                                    or (before == " " and text[start - 2] in thing_last)
                                )
                            )
                            or first in quotes_close
                        )
                        and _names_a_thing(name, text, start, end)
                    ):
                        judged = None
                if judged is not None:
                    if is_word:
                        word_end = e_found
                    found.append((start, end, judged))
                    continue
                # the complete scan looks again one character on
                if is_word and inside:
                    continue
                if not is_word and not self._starts_inside(folded, s, e):
                    continue
            # this passage by the complete rules
            begin = folded.rfind(_PASSAGE_BREAK, 0, s) + 1
            rescanned_to = folded.find(_PASSAGE_BREAK, s)
            if rescanned_to < 0:
                rescanned_to = length
            text_begin = begin if offsets is None else offsets[begin]
            while found and found[-1][0] >= text_begin:
                found.pop()
            found.extend(self._complete_scan_of(folded, offsets, text, begin, rescanned_to))
            word_end = -1
        return found

    def _to_dfa(self) -> None:
        """The automaton as a DFA, from now on (once: a second call changes nothing)."""
        import ahocorasick_rs

        if self._patterns_list is None:
            return
        patterns, self._patterns_list = self._patterns_list, None
        self._automaton = ahocorasick_rs.AhoCorasick(
            patterns,
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def _starts_inside(self, folded: str, s: int, e: int) -> bool:
        """Whether a form (or an alarm) begins inside ``folded[s:e]``, after its start."""
        window = folded[s + 1 : e + self._longest]
        first = next(iter(self._automaton.find_matches_as_indexes(window)), None)
        return first is not None and first[1] < e - s - 1

    def _complete_scan_of(
        self, folded: str, offsets: _Offsets | None, text: str, begin: int, stop: int
    ) -> list[tuple[int, int, Name]]:
        """:meth:`_complete_scan` of the passage ``folded[begin:stop]`` (positions in *text*)."""
        part = folded[begin:stop]
        if offsets is not None:
            return self._complete_scan(part, offsets.after(begin), text)
        if begin == 0:
            return self._complete_scan(part, None, text)
        return self._complete_scan(part, _Offsets([(0, len(text))], begin), text)

    def _shorter_word(self, folded: str, s: int, e: int) -> int:
        """Where the longest whole-word form at *s* shorter than ``folded[s:e]`` (which
        does not end a word) ends, as the complete scan backtracks to it: 0 if there is
        none, -1 where an alarm stands in the way."""
        for end in range(e - 1, s, -1):
            if (key := folded[s:end]) not in self._entry_of:
                continue
            entry = self._entry_of[key]
            if entry is None or not entry[1]:
                return -1
            if _ends_word(folded[end]):
                return end
        return 0

    def _broken_words(self, text: str) -> Iterator[tuple[int, int, Name]]:
        """Names split by a hyphen at a line break (Сика-⏎тан), found as the word joined."""
        for broken in _BROKEN_WORD.finditer(text):
            name = self._names.get(fold(broken.group(1) + broken.group(2)))
            start, end = broken.span()
            if (
                name is not None
                and name.role == "island"
                and _guard_passes(name, text, start, end)
                and not _names_something_else(name, text, start, end)
            ):
                yield start, end, name

    def _scan(
        self, pattern: re.Pattern[str], folded: str, offsets: _Offsets | None, text: str
    ) -> Iterator[tuple[int, int, Name]]:
        """Longest forms, left to right, that pass their guards (false friends included)."""
        # The words' pattern takes the character before the name as well (see _compile):
        # it scans a copy of the text with a space before it, one place further on.
        shift = pattern.groups
        scanned = " " + folded if shift else folded
        position = 0
        while (found := pattern.search(scanned, position)) is not None:
            key = _SEPARATORS.sub("-", found.group(shift))
            name = self._names.get(key)
            if name is None and not shift and "-" in key:
                # a dash or bar written for the long-vowel mark: バロンスキ―島
                name = self._names.get(_DASH_AFTER_KANA.sub("ー", key))
            start, end = found.span(shift)
            position = start + 1
            start, end = start - shift, end - shift
            if offsets is not None:
                start, end = offsets[start], offsets[end - 1] + 1
            judged = None if name is None else _judged(name, text, start, end)
            if judged is not None and judged.form in self._to_forms:
                end, judged = self._before_to(judged, text, start, end)
            if judged is None:
                continue
            position = found.end()
            yield start, end, judged

    def _before_to(self, name: Name, text: str, start: int, end: int) -> tuple[int, Name | None]:
        """*name*, a form ending in the island word "to" (Shikotan-to), found at
        ``text[start:end]``: where a space stands before "to", it is the English word
        ("from Shikotan to Kunashir"), and the name found is the one before it."""
        to = _ENGLISH_TO.search(text, start, end)
        if to is None or _MARKS.match(text, end):
            return end, name  # Shikotan-to, Shikotan tō
        shorter = self._names.get(_key(text[start : to.start()]))
        if shorter is None or shorter.role != "island":
            return end, None
        return to.start(), _judged(shorter, text, start, to.start())

    def match_article(
        self, article: Article, include_comments: bool = True
    ) -> list[MatchedPassage]:
        """The article's passages that name an island or the group, in order."""
        passages = [p for p in article.passages if include_comments or p.section != "comments"]
        found = self._candidates_by_passage([p.text for p in passages])
        named: set[str] = set()
        needing = weak = False
        for mentions, _ in found.values():
            for m, n in mentions:
                if n.context is None:
                    named.add(m.island)
                else:
                    needing = True
                    # a weak mention (_is_weak, written out: this runs for every mention)
                    weak = weak or n.context[0] == "p"
        if needing:  # only names that need their island's context read what is named
            for _, collective in found.values():
                if collective:
                    named |= _named_by_groups(collective)
        if weak:
            named |= {
                support_key(n)
                for mentions, _ in found.values()
                for _, n in mentions
                if n.context is None or n.context in named
            }
        matched = []
        for i, (mentions, collective) in found.items():
            kept = _with_context(mentions, named) if needing else tuple([m for m, _ in mentions])
            if kept or collective:
                matched.append(_new_matched(passages[i], kept, collective))
        return matched

    def _candidates_by_passage(
        self, texts: Sequence[str]
    ) -> dict[int, tuple[Sequence[tuple[Mention, Name]], tuple[CollectiveMention, ...]]]:
        """The candidates of each text that has any, by its index, in order: the island
        mentions (with their names, whose context is still to check) and the group
        mentions. What a text holds depends on the text alone, so a text scanned before (a
        wire story's paragraph in its hundredth reprint) is not scanned again; those that
        are new are scanned together (:meth:`_scan_texts`). Only then are the texts read
        together, as an article's: group names that need evidence."""
        known = self._by_text
        if len(known) > _TEXTS_KEPT:
            known.clear()
        # what each distinct text holds, looked up once (a thread clearing the cache
        # meanwhile only makes this one scan again)
        held: dict[str, _TextCandidates | None] = {}
        new = []
        for text in dict.fromkeys(texts):
            candidates = known.get(text, _UNSEEN)
            if candidates is _UNSEEN:
                new.append(text)
            else:
                held[text] = candidates  # type: ignore[assignment]
        if new:
            scanned = self._scan_texts(new)
            for i, text in enumerate(new):
                held[text] = known[text] = scanned.get(i)
        result: dict[int, tuple[Sequence[tuple[Mention, Name]], tuple[CollectiveMention, ...]]]
        result = {}
        needy: list[CollectiveMention] = []
        evidence = False
        for i, text in enumerate(texts):
            candidates = held[text]
            if candidates is not None:
                mentions, collective, needing, names_one = candidates
                result[i] = (mentions, collective)
                needy.extend(needing)
                evidence = evidence or names_one or len(needing) < len(collective)
        if needy and not evidence:
            return _without_groups(result, needy)
        return result

    def _scan_texts(self, texts: Sequence[str]) -> dict[int, _TextCandidates]:
        """What each text that has any candidate holds, by its index: its island mentions
        with their names, its group mentions, those of them that need evidence, and whether
        it names an island by a name that needs no context (a 『』 title's too). The
        texts are scanned together as one: a passage is short, and the work of one scan per
        passage costs more than the scan itself (passages are apart: see _PASSAGE_BREAK)."""
        joined = _PASSAGE_BREAK.join(texts)
        found = self._found(joined)
        result: dict[int, tuple[list[tuple[Mention, Name]], list[CollectiveMention]]] = {}
        if not found:
            return {}
        starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
        index = 0
        shift = 0
        following = starts[1]  # where the next text starts
        previous: tuple[int, int, Name] | None = None  # the last island mention kept
        new_object = _new_object
        alike: set[int] = set()  # texts with a name both languages spell alike
        spoken_alike = _SPOKEN_ALIKE
        needy: list[CollectiveMention] = []  # group names that need evidence
        # texts that name an island by a name that needs no context: evidence for a group
        # name that needs it (inside a 『』 title or not)
        names_one: set[int] = set()
        for start, end, name in found:
            if start >= following:
                index = bisect_right(starts, start) - 1
                shift, following = starts[index], starts[index + 1]
            role = name.role
            if role == "island":
                assert name.island is not None
                if (
                    previous is not None
                    and "\u3041" <= joined[start] <= "\u309f"  # a reading is in hiragana
                    and _is_reading_of(previous, name, joined, start)
                ):
                    continue
                # only a Japanese name is followed by its reading
                previous = (start, end, name) if name.script == "Jpan" else None
                # _new_mention, written out: this runs for every mention
                mention = new_object(Mention)
                fields = mention.__dict__
                fields["island"] = name.island
                fields["surface"] = joined[start:end]
                fields["lang"] = name.lang
                fields["start"] = start - shift
                fields["end"] = end - shift
                entry = result.get(index)
                if entry is None:
                    entry = result[index] = ([], [])
                entry[0].append((mention, name))
                if name.context is None:
                    names_one.add(index)
                # a name both sides spell alike (_SPOKEN_ALIKE; Shikotan in capitals or
                # lower case, a misspelling staying both): this runs for every mention
                if name.lang == "both":
                    surface = fields["surface"]
                    if surface != "Shikotan" and surface.lower() == "shikotan":
                        alike.add(index)
                elif name.form in spoken_alike and name.script == "Latn":
                    alike.add(index)
            elif role == "collective":
                entry = result.get(index)
                if entry is None:
                    entry = result[index] = ([], [])
                # _new_collective, written out
                group = new_object(CollectiveMention)
                fields = group.__dict__
                fields["surface"] = joined[start:end]
                fields["lang"] = name.lang
                fields["start"] = start - shift
                fields["end"] = end - shift
                fields["covers"] = name.covers
                entry[1].append(group)
                if name.context is not None:
                    needy.append(group)
        for i in alike:
            _take_the_list_s_language(result[i][0])
        if "『" in joined:
            for i, (mentions, _) in result.items():
                if mentions and "『" in texts[i]:
                    mentions[:] = _outside_titles(texts[i], mentions)
        needing = {id(c) for c in needy}
        return {
            i: (
                tuple(m),
                tuple(c),
                tuple([g for g in c if id(g) in needing]) if needy else (),
                i in names_one,
            )
            for i, (m, c) in result.items()
        }


#: What a passage's text holds (Matcher._scan_texts): its island mentions with their
#: names, its group mentions, those of them that need evidence, and whether it names an
#: island by a name that needs no context (evidence for those).
_TextCandidates = tuple[
    tuple[tuple[Mention, Name], ...],
    tuple[CollectiveMention, ...],
    tuple[CollectiveMention, ...],
    bool,
]
_UNSEEN = object()
#: At most so many passage texts are kept with what they hold (then they are forgotten,
#: so that an archive's matching stays in bounded memory).
_TEXTS_KEPT = 100_000


# Which language a Latin name is where both sides spell it alike: "Shikotan" is both
# sides' (lang both), but in capitals or lower case, and Yuri (the Russian Юрий and the
# Japanese 勇留 alike), a name in a list takes the language of the names beside it
# ("ETOROFU, KUNASHIRI, SHIKOTAN, HABOMAI"; "Kaigara, Suisho, Akiyuri, Yuri, Shibotsu");
# alone it keeps its own. _SPOKEN_ALIKE: the Russian names' Latin spellings that are also
# a Hepburn spelling of the same place's Japanese name (a test checks it against
# places.yaml).
_SPOKEN_ALIKE = frozenset({"Yuri"})
_LIST_GAP = 7  # at most this many characters between names in a list (", and ")


def _take_the_list_s_language(mentions: list[tuple[Mention, Name]]) -> None:
    def alike(i: int) -> bool:
        m, n = mentions[i]
        return n.lang == "both" or (n.script == "Latn" and m.surface in _SPOKEN_ALIKE)

    for i, (mention, name) in enumerate(mentions):
        if name.script != "Latn" or not alike(i) or mention.surface == "Shikotan":
            continue
        if name.lang == "both" and mention.surface.lower() != "shikotan":
            continue
        beside = {
            mentions[k][0].lang
            for k in (i - 1, i + 1)
            if 0 <= k < len(mentions)
            and not alike(k)
            and (
                0 <= mention.start - mentions[k][0].end <= _LIST_GAP
                or 0 <= mentions[k][0].start - mention.end <= _LIST_GAP
            )
        }
        if len(beside) == 1:
            mention.__dict__["lang"] = beside.pop()


def _without_groups(
    result: dict[int, tuple[Sequence[tuple[Mention, Name]], tuple[CollectiveMention, ...]]],
    needy: list[CollectiveMention],
) -> dict[int, tuple[Sequence[tuple[Mention, Name]], tuple[CollectiveMention, ...]]]:
    """*result* without the group names *needy*, which need evidence (``context: islands``
    in the gazetteer: the Russian "северные территории", also the Russian North's) and
    have none: the texts read together (an article's passages) name neither one of the
    islands nor the group by another name."""
    ids = {id(c) for c in needy}
    kept = {}
    for i, (mentions, groups) in result.items():
        left = tuple([c for c in groups if id(c) not in ids])
        if mentions or left:
            kept[i] = (mentions, left)
    return kept


# 『』 marks the title of a work in Japanese (a book, a lecture, a film): a Japanese name
# inside a short one is part of the title (『北方3島訪問記≪国後島~択捉島~色丹島への上陸≫』),
# not a mention; a sentence quoted in the same marks (with 、 or 。 in it) names the place.
_TITLE_SPAN = re.compile("『[^』、。\n]{1,48}』")


def _outside_titles(text: str, mentions: list[tuple[Mention, Name]]) -> list[tuple[Mention, Name]]:
    spans = [m.span() for m in _TITLE_SPAN.finditer(text)]
    if not spans:
        return mentions
    return [
        (m, n)
        for m, n in mentions
        if n.script != "Jpan" or not any(a < m.start and m.end < b for a, b in spans)
    ]


# The values a corpus gives in hundreds of thousands, made without the frozen dataclasses'
# __init__ (which sets each field through object.__setattr__, at twice the cost): the same
# objects, equal and hashed the same.
_new_object = object.__new__


def _new_mention(island: str, surface: str, lang: Lang, start: int, end: int) -> Mention:
    mention = _new_object(Mention)
    fields = mention.__dict__
    fields["island"] = island
    fields["surface"] = surface
    fields["lang"] = lang
    fields["start"] = start
    fields["end"] = end
    return mention


def _new_collective(
    surface: str, lang: Lang, start: int, end: int, covers: tuple[str, ...]
) -> CollectiveMention:
    mention = _new_object(CollectiveMention)
    fields = mention.__dict__
    fields["surface"] = surface
    fields["lang"] = lang
    fields["start"] = start
    fields["end"] = end
    fields["covers"] = covers
    return mention


def _new_matched(
    passage: Passage, mentions: tuple[Mention, ...], collective: tuple[CollectiveMention, ...]
) -> MatchedPassage:
    matched = _new_object(MatchedPassage)
    fields = matched.__dict__
    fields["passage"] = passage
    fields["mentions"] = mentions
    fields["collective"] = collective
    return matched


#: What the scan knows of a pattern of the automaton: its entry (None for an alarm); for an
#: alarm that may be harmless, the parts of forms that make it matter where they follow it;
#: whether no whole word can start inside it; where the longest whole-word form shorter
#: than it ends (0: none; -1: an alarm in the way), and that form's entry where no whole
#: word can start after it inside the pattern.
_Facts = tuple[
    tuple[Name, bool, bool] | None,
    tuple[str, ...] | None,
    tuple[tuple[str, ...], ...] | None,
    bool,
    int,
    tuple[Name, bool, bool] | None,
]


def _may_follow(folded: str, at: int, remainders: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the rest of a form (its parts apart by runs of separators) follows at *at*."""
    length = len(folded)
    for parts in remainders:
        position = at
        for number, part in enumerate(parts):
            if number:
                if position >= length or folded[position] not in ALL_SEPARATORS:
                    break
                while position < length and folded[position] in ALL_SEPARATORS:
                    position += 1
            if not folded.startswith(part, position):
                break
            position += len(part)
        else:
            return True
    return False


# what a long-vowel mark may be written as (see _ATOMS)
_LONG_VOWEL_SIGNS = "ー-─━"

_CJK_WORD_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _ends_word(char: str) -> bool:
    """A whole-word form may end before *char* (see ``_WORD_END``): not a letter or digit,
    or one of Japanese, which may follow a Latin or Cyrillic name directly."""
    if not (char.isalnum() or char == "_"):
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_WORD_RANGES)


def _no_word_starts(folded: str, a: int, b: int) -> bool:
    """No whole-word form can start in ``folded[a + 1 : b]``: no letter or digit there
    follows a character that is neither."""
    if folded[a:b].isalnum():
        return True
    return not any(folded[i].isalnum() and _ends_word(folded[i - 1]) for i in range(a + 1, b))


_ENGLISH_TO = re.compile(r"\s+to$", re.IGNORECASE)


def _ends_in_to(key: str) -> bool:
    """A Latin form (its key) whose last part is the island word "to" (Shikotan-to)."""
    return key.endswith("-to") and _is_word_form(key)


def _counts_anywhere(name: Name) -> bool:
    """The name counts wherever it is found as a whole (no guard, no evidence needed:
    :func:`_judged` checks only that it does not name a feature)."""
    return (
        name.guard is None
        and not name.form[:1].isdigit()  # not after another digit: _guard_passes
        and name.island != "habomai"
        and name.kind != "misspelling"
        and name.origin != "calque"  # _calque_holds
        and not (name.role == "collective" and name.script == "Jpan")
    )


def _judged_by_complete_scan(keys: Sequence[str]) -> set[str]:
    """Forms whose every occurrence the complete scan judges: those where the automaton's
    leftmost-longest pass could hide a name of the other pattern (whole words against
    Japanese forms) or be hidden by one. A Japanese form can only hide a whole word that
    starts inside it after a break, and be hidden by one when it starts with a character
    of a whole word's form (none of the forms shipped does either)."""
    words = [k for k in keys if _is_word_form(k)]
    alphabet = set("".join(words))
    unsafe = set()
    for key in keys:
        if _is_word_form(key):
            continue
        if key[0] in alphabet or any(
            not (a.isalnum() or a == "_") and _is_latin_or_cyrillic(b) for a, b in pairwise(key)
        ):
            unsafe.add(key)
    return unsafe


@cache
def default_matcher() -> Matcher:
    """The matcher for the gazetteer that ships with islandmap, compiled once."""
    return Matcher()


def match_articles(
    articles: Sequence[Article], include_comments: bool = True, matcher: Matcher | None = None
) -> list[MatchedPassage]:
    """Every passage that names an island or the group, in source order."""
    matcher = matcher or default_matcher()
    return [m for a in articles for m in matcher.match_article(a, include_comments)]


def _outermost(found: Iterable[tuple[int, int, Name]]) -> list[tuple[int, int, Name]]:
    """The finds in text order, without those inside a longer one. Each pattern keeps the
    longest form at each place; this settles it between the patterns, whose forms start
    with different characters: 本土4島 (not the islands) and 北方4島 take in the 4島 found
    by the pattern of forms that start with a letter or digit."""
    kept: list[tuple[int, int, Name]] = []
    reach = -1
    for start, end, name in sorted(found, key=lambda f: (f[0], -f[1])):
        if end <= reach:
            continue
        kept.append((start, end, name))
        reach = end
    return kept


def _judged(name: Name, text: str, start: int, end: int) -> Name | None:
    """*name* found at ``text[start:end]`` if it counts there (its guards, false friends
    and features: see the rule set below), marked as weak where it counts only with
    support; ``None`` where it does not count."""
    passes = _guard_passes(name, text, start, end)
    if passes and name.role == "island":
        if _names_something_else(name, text, start, end):
            passes = False
    elif passes and name.role == "collective" and name.script == "Jpan":
        passes = _JA_BODY_AFTER.match(text, end) is None
    if not passes:
        return None
    if passes == WEAK:
        # "Зелёный был открыт…": a common word at a sentence start counts only
        # where the article names the same place with evidence
        return replace(name, context=support_key(name))
    return name


def _is_reading_of(previous: tuple[int, int, Name], name: Name, text: str, start: int) -> bool:
    """択捉島えとろふとう: a reading run into the text after the name (flattened ruby), right
    after it or after the readings of the names between (択捉島 留別村えとろふとう るべつむら).
    *previous*: where the island mention before stands, and its name."""
    previous_start, previous_end, previous_name = previous
    if previous_name.script != "Jpan" or previous_name.island != name.island:
        return False
    between = text[previous_end:start]
    return (
        len(between) <= 12
        and all(c.isspace() or "\u3041" <= c <= "\u309f" for c in between)
        and all("\u3041" <= c <= "\u309f" for c in text[start : start + 1])
        and _is_kanji(text[previous_start])
    )


# The Lesser Kuril Chain's name (Малая Курильская гряда, the Habomai islets and Shikotan)
# names the Habomai group for the islets' names that need it: "островах Малой Курильской
# гряды Дёмина и Осколки" are two Habomai islets. (Shikotan is named by its own name; a
# name of all four, the Kurils or the Northern Territories, is not so precise.)
def _named_by_groups(collective: Iterable[CollectiveMention]) -> set[str]:
    return {"habomai" for c in collective if "habomai" in c.covers and len(c.covers) <= 2}


# Names that need their island named elsewhere in the article also count where at least
# this many of them stand together (a list of the Habomai islets), or where the passage
# names at least this many of the islands (a list of the islands).
LIST_CONTEXT = 3
_PLACE_KINDS = frozenset({"settlement", "islet", "misspelling"})


def _with_context(
    mentions: Sequence[tuple[Mention, Name]], article_islands: Collection[str] = ()
) -> tuple[Mention, ...]:
    if all(n.context is None for _, n in mentions):
        return tuple(m for m, _ in mentions)
    needing = Counter(n.context for _, n in mentions if n.context is not None)
    named = {m.island for m, n in mentions if n.context is None}
    if any(n.context and n.context[0] == "p" for _, n in mentions):  # _is_weak, inline
        named |= {support_key(n) for _, n in mentions if n.context is None or n.context in named}
    if len(named & set(ISLAND_IDS)) >= LIST_CONTEXT:
        named.update(needing)
    named.update(island for island, count in needing.items() if count >= LIST_CONTEXT)
    # a list of settlements and islets of several islands ("Mendeleevo, Otrada, …,
    # Krabozavodskoye, Malokurilskoye"): the names are places of the islands, wherever
    # the list puts its islands
    places = sum(1 for _, n in mentions if n.kind in _PLACE_KINDS and not _is_weak(n))
    if places >= LIST_CONTEXT + 1:
        named.update(n.context for _, n in mentions if n.kind == "settlement" and n.context)
    named.update(article_islands)
    return tuple(m for m, n in mentions if n.context is None or n.context in named)


_ETYMOLOGY_BEFORE = re.compile(r"アイヌ|\bAinu\b|айнск|\bайн\.", re.IGNORECASE)
_NEXT_WORD_CAPITALISED = re.compile(r"[ \t]+[^\W\d_]")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\.?[ \t]+$")
_PLACE_SUFFIXES = "島郡村"
# the islands' names without 島 or 群島, new and old characters (a list of them glued)
_BARE_ISLAND_NAMES = frozenset({"択捉", "国後", "色丹", "歯舞", "擇捉", "國後", "齒舞"})
_BARE_ISLAND_NAMES_IN_ORDER = tuple(sorted(_BARE_ISLAND_NAMES))


def _first_name_before(text: str, start: int) -> bool:
    """An initial ("Г. И.") or a capitalised word that does not begin a sentence."""
    before = _PREVIOUS_WORD.search(text, max(0, start - 64), start)
    if before is None or not before.group(1)[0].isupper():
        return False
    word = before.group(1)
    if len(word) == 1 and text[before.end(1) : before.end(1) + 1] == ".":
        return True
    preceding = text[max(0, before.start() - 8) : before.start()].rstrip(' \t«"“(')
    return bool(preceding) and preceding[-1] not in ".!?\n:;\x00"


def _guard_passes(name: Name, text: str, start: int, end: int) -> bool | str:
    if start and text[start - 1].isdigit() and text[start].isdigit():
        return False  # 4島 in 14島
    if not _guard_holds(name, text, start, end):
        return False
    if name.kind == "settlement" and name.guard is not None and _after_compass_word(text, start):
        return False  # Kurilsk in North-Kurilsk
    return _evidence_holds(name, text, start, end)


# A settlement's name joined to a compass word before it is the second half of another
# place's name: Kurilsk (Iturup) in Severo-Kurilsk and "North-Kurilsk" (Paramushir), in
# Yuzhno-Kurilsk and "South Kurilsk" (Kunashir), Malokurilsk and their misspellings, in
# every script (Южно-, Северо-; ユジノ, セベロ, 南, 北). The compound itself is found where
# the gazetteer lists it; where it does not, the shorter name must not count instead.
# English compass words count so only when capitalised or hyphened ("North-Kurilsk",
# "South Kurilsk"): "in northern Kurilsk" is the north of the town.
_COMPASS_BEFORE = re.compile(
    r"(?:(?<![^\W\d_])(yuzhno|juzhno|iuzhno|ioujno|juschno|jushno|severo|sewero|vostochno|"
    r"zapadno|south|southern|north|northern|east|eastern|west|western|süd|nord|"
    r"южно|северо|восточно|западно)(\s*[-\u2010-\u2015]\s*|\s+)"
    r"|(?:ユジノ|ユージノ|ユズノ|セベロ|セヴェロ|セーヴェロ|南|北)[・=＝\-\s]?)$",
    re.IGNORECASE,
)
_ENGLISH_COMPASS = frozenset(
    ("south", "southern", "north", "northern", "east", "eastern", "west", "western")
)


def _after_compass_word(text: str, start: int) -> bool:
    if not start:
        return False
    before = text[start - 1]
    if not (before.isspace() or before in "-‐‑‒–—―・=＝" or before in "ノロ南北"):
        return False
    compass = _COMPASS_BEFORE.search(text, max(0, start - 14), start)
    if compass is None:
        return False
    word, separator = compass.group(1, 2)
    if word and word.lower() in _ENGLISH_COMPASS and separator.isspace():
        return word[0].isupper()
    return True


def support_key(name: Name) -> str:
    """What another mention must name for a weak one to count: its islet or its form."""
    return _PLACE + (name.islet or name.form)


_PLACE = "place:"  # no island id starts with p


def _is_weak(name: Name) -> bool:
    return name.context is not None and name.context.startswith(_PLACE)


# --- the rule set for names that are also something else ------------------------------
#
# A name that is also a common word, a person's name or a place elsewhere counts only
# with evidence; the classes and what each needs:
#
#   word       (guard "capitalized" with a context island: Рыбаки "fishermen", Ясный
#              "clear", Зелёный "green"): a capital counts as evidence only where it
#              is not the first word of a sentence; at a sentence start the name needs
#              a place word beside it (посёлок Рыбаки, Рыбаки village, аэропорт Ясный).
#              It also needs its island named in the article or a list (context).
#   person     (guards "not-a-surname", "not-a-first-name": Шпанберг, Танфильева,
#              Юрий): not after a first name or initial, not before a first name, and
#              not after a common noun whose genitive it is (экспедиции Шпанберга,
#              капитаном Шпанбергом: the man, not the island); an island word
#              before it (остров, о.) settles it as the island.
#   elsewhere  (Habomai, also a district of Nemuro on Hokkaido with its port and
#              fisheries cooperative): not inside a Hokkaido compound (歯舞漁協,
#              歯舞産, 歯舞地区, 根室市歯舞), not as "village/cooperative of Habomai",
#              not as produce "from Habomai" unless the islands are said.
#              Other places elsewhere (泊村, 海馬島) need their island's context.
#
# Misspellings (one edit from a name marked fuzzy) never count as the second part of a
# hyphenated name: "Yuzhno-Kurlisk" is not Kurilsk on another island.

_SENTENCE_END = ".!?…\n\x00:;"
_OPENERS = " \t«\"“„'(—–-"
_PLACE_WORDS_BEFORE = re.compile(
    r"(?:посёлок|поселок|посёлке|поселке|посёлка|поселка|пос\.|п\.|село|селе|села|с\.|"
    r"аэропорт|аэропорта|аэропорту|аэропорте|остров|острова|острове|о\.|"
    r"village of|airport|island of)\s*[«\"“]?$",
    re.IGNORECASE,
)
_PLACE_WORDS_AFTER = re.compile(
    r"^[»\"”]?\s*(?:village|airport|island|islands|islet|settlement)\b"
    # a definition, as an encyclopaedia opens: "Го́рное — село …"
    r"|^\s*[—–-]\s*(?:село|посёлок|поселок|пгт|деревня|аэропорт|остров|бывший посёлок)\b",
    re.IGNORECASE,
)
_LIST_AFTER = re.compile(r"\s*[,、]\s*[^\W\d_]")  # "Зелёный, Осколки, Дёмина": a list
_ISLAND_WORD_BEFORE = re.compile(
    r"(?:остров|острова|острове|острову|островом|о\.|о-в"
    # the islands of the Lesser Chain and their names: "островах Малой Курильской гряды
    # Дёмина и Осколки", "островах Малой гряды — Дёмина"
    r"|(?:островах|островов|острова|островам)\s+мал\w+\s+(?:курильск\w+\s+)?гряд\w+\s*[-–—:(]?)"
    r"\s*$",
    re.I,
)
_COMMON_NOUN_BEFORE = re.compile(
    r"(?<![\w.])(?!(?:насчёт|насчет|около|возле|вокруг|вдоль|кроме|после|между|через|"
    r"среди|мимо|напротив|близ|против|вблизи)\s)([а-яё]{4,})\s+$"
)
_HABOMAI_FORMS = frozenset({"habomai", "歯舞", "齒舞", "хабомаи"})
_HOKKAIDO_AFTER = re.compile(
    r"^(?:(?![群諸島列嶋])[\u4e00-\u9fff]|\s+(?:cooperative|co-op|fisheries|fishery|fishermen|"
    r"fishermen's|fishing|port|village|district|branch|area|town)\b)",
    re.IGNORECASE,
)
_HOKKAIDO_BEFORE = re.compile(
    r"(?:根室市|根室|(?:village|town|district|port|cooperative) of(?: the)?\s+)$", re.IGNORECASE
)
#: the words _HOKKAIDO_BEFORE ends with, before its spaces
_HOKKAIDO_LAST_WORDS = (" of", " of the", "根室", "根室市")
_PRODUCE_FROM = re.compile(
    r"(?:kelp|konbu|kombu|seaweed|sea urchins?|scallops?|crabs?|salmon|products?)"
    r"(?:\s+\w+){0,3}\s+from\s+$",
    re.IGNORECASE,
)
_ISLANDS_AFTER = re.compile(r"^\s*(?:islands|islets|island|group|群島|諸島)", re.IGNORECASE)


# A name directly followed by a feature word names that feature, not the place: a strait,
# bay, river, lake, cape, mountain, beach (ヨコネモシリ浜) or plain (南クリリスク海峡, 別飛川,
# 紗那沼, "Kunashir Strait"), a shrine named after it (多楽島市杵島神社, 多楽島金刀比羅神社),
# an institution (紗那郵便局, 択捉島水産會事務所, 穴澗文化会館, 穴澗小中学校), a programme
# named after it (国後島・択捉島外来生物種・絶滅危惧種専門家交流: a compound ending in 交流 or
# 事業, with no particle between), or a list of localities given as plains
# (内保、入里節、年萠などの原野). Ports, airports, coasts and graveyards (古釜布港, 天寧飛行場,
# 留別墓地) place the text on the island and still count.
_JA_FEATURE_AFTER = re.compile(
    r"(?:海峡|水道|川|河|原野|湾|入江|岬|崎|鼻|沼|湖|岳|半島|浅瀬|礁|滝|火山|温泉|灯台|[山浜](?![\u4e00-\u9fff])"
    r"|[\u4e00-\u9fff]{0,5}(?:神社|寺|教会)"
    r"|[\u4e00-\u9fff]{0,4}(?:郵便局|事務所|水産会|水産會|会館|學校|学校)"
    r"|[・\u4e00-\u9fff\u30a1-\u30fa]{0,24}?(?:交流|事業))"
)
_JA_LIST_OF_FEATURES = re.compile(
    r"(?:[、・][^、。\s]{1,8}){1,12}(?:など|等)の?(?:原野|川|河川|湾|沼|湖|岳|山|岬|崎)"
)
# A Japanese group name directly followed by one of these words is part of the name of a
# body or a report (千島調査準備委員会, 千島開発委員会, 千島調査資料, 千島連盟); the
# exchanges and visits (四島交流事業, 北方領土訪問) are about the islands and count.
_JA_BODY_AFTER = re.compile(r"(?:調査|開発|連盟|協会)")
_LATIN_FEATURE_AFTER = re.compile(
    r"[ \t]+(?:Strait|Straits|Bay|Lake|River|Cape|Peninsula|Volcano|Hot Springs?)\b"
    # a mountain named after the island in Japanese: Etorofu Yake-yama, Etorofu-Fuji
    r"|[ \t\-]+(?:[A-Za-z]+[ \-])?(?:[Yy]ama|YAMA|[Dd]ake|DAKE|[Zz]an|Fuji)\b"
)


def _names_a_feature(name: Name, text: str, end: int) -> bool:
    """The name is the first part of a feature's name (see above)."""
    if name.script == "Jpan":
        return bool(
            _JA_FEATURE_AFTER.match(text, end)
            or _JA_LIST_OF_FEATURES.match(text, end)
            or (_is_katakana(text[end - 1]) and _katakana_word_goes_on(text, end))
            or (text[end - 1] != "島" and _JA_MOUNTAIN_AFTER.match(text, end))
        )
    return _LATIN_FEATURE_AFTER.match(text, end) is not None


def _is_katakana(char: str) -> bool:
    return "\u30a1" <= char <= "\u30fa" or char == "\u30fc"


# A name in katakana inside a longer word in katakana is part of that word: シコタン in
# シヤシコタン島 (Shiashkotan, in the middle Kurils) or in the plants' names シコタンマツ and
# シコタンザサ, クリル in アクリル. A particle in katakana, as texts before 1946 write them
# (シコタンニ於テ, シコタンヨリ), or a word for a group of islands ends the name.
_KATAKANA_PARTICLES = frozenset(
    (
        "ノ",
        "ニ",
        "ヲ",
        "ハ",
        "ヘ",
        "ト",
        "デ",
        "ガ",
        "モ",
        "ヤ",
        "ヨリ",
        "マデ",
        "カラ",
        "ニテ",
        "ナル",
        "ナリ",
    )
)
_KATAKANA_RUN = re.compile("[\u30a1-\u30fa\u30fc]+")


# A word in katakana for a group of islands after the name leaves it the name (ハボマイグループ)
_KATAKANA_GROUP_WORDS = ("グループ", "アイランド", "アイランズ", "エリア")


def _katakana_word_goes_on(text: str, end: int) -> bool:
    run = _KATAKANA_RUN.match(text, end)
    return (
        run is not None
        and run.group() not in _KATAKANA_PARTICLES
        and not run.group().startswith(_KATAKANA_GROUP_WORDS)
    )


# A bare island name (without 島) followed by a mountain's name: 択捉焼山 (Etorofu-Yakeyama)
_JA_MOUNTAIN_AFTER = re.compile("[\u4e00-\u9fff]{1,2}[山岳](?![\u4e00-\u9fff])")


# A name used as the name of something else: the annotation rules' ships, companies,
# mountains, programmes and titles, told by the word before the name or by the quotation
# marks around it.
#
# - After a word for a mountain, cape, bay or other landform, a vessel or an organisation
#   (гора Шикотан, вулкан, мыс; судно, теплоход; завод, АО, компания; Mount, Cape, the
#   ship, the company; 巡視船), the name is that thing's name: in Russian when it stands
#   in the nominative, as a name in apposition does (гора Шикотан, but горы Итурупа "the
#   mountains of Iturup"), or in quotation marks in any case (завода «Ясный»,
#   АО «Рейдово»). Airports, villages and islands are the place itself (аэропорт «Итуруп»,
#   посёлок Рейдово) and are not in the list.
# - A Japanese name that opens a quotation in 「」 or 『』 and runs on into more of it
#   without a particle is the beginning of a title: of a book (『色丹島記』), an exhibition
#   (「国後島旧島民の生活」, shortened 「国後島──」), a course (「国後島北コース」) or a
#   made-up name (「国後県」). The name alone in the quotation (「国後島」), a list
#   (「国後島・択捉島」), a reading (「留夜別」(るよべつ)), a place in or off it (沖, 港,
#   墓地, 北部, …) or going there (「色丹島訪問団」) still count.
_THING_WORDS = frozenset(
    word
    for group in (
        # mountains, capes, bays, lakes, rivers, straits
        "гора горы горе гору горой вулкан вулкана вулкане вулканом пик пика сопка сопки сопке "
        "хребет хребта мыс мыса мысе мысом бухта бухты бухте бухту залив залива заливе озеро "
        "озера озере река реки реке реку ручей ручья пролив пролива проливе водопад водопада",
        # plants, companies, farms
        "завод завода заводе заводом рыбозавод рыбозавода рыбозаводе комбинат комбината "
        "комбинате рыбокомбинат рыбокомбината рыбокомбинате предприятие предприятия "
        "предприятии компания компании компанию фирма фирмы фирме ао зао ооо оао пао муп гуп "
        "колхоз колхоза колхозе совхоз совхоза совхозе артель артели кооператив кооператива",
        # vessels
        "судно судна судне теплоход теплохода теплоходе пароход парохода пароходе корабль "
        "корабля корабле траулер траулера траулере сейнер сейнера катер катера паром парома "
        "пароме ледокол ледокола",
        # papers, hotels, clubs, festivals, expeditions, reserves
        # lighthouses: маяк Сигнальный is the lighthouse on the islet
        "маяк маяка маяке маяком lighthouse",
        "газета газеты газете журнал журнала гостиница гостиницы гостинице отель отеля "
        "санаторий санатория турбаза турбазы ансамбль ансамбля клуб клуба фестиваль фестиваля "
        "экспедиция экспедиции заказник заказника заповедник заповедника",
        "mount mt mt. cape lake ship vessel trawler ferry steamer icebreaker company",
    )
    for word in group.split()
)
# words that introduce a title in quotation marks
_TITLE_WORDS = frozenset(
    word
    for group in (
        "название названием названия программа программы программе программу проект проекта "
        "фестиваль фестиваля фильм фильма книга книги книгу выставка выставки выставку тур "
        "тура акция акции операция операции конкурс конкурса передача передачи",
        "programme program project festival film book exhibition tour campaign titled entitled",
    )
    for word in group.split()
)
# the thing words as a text writes them: in lower case, capitalised, in capitals, after a
# bracket ("(гора Шикотан)")
_THING_WORDS_AS_WRITTEN = frozenset(
    bracket + form
    for word in _THING_WORDS
    for form in (word, word.capitalize(), word.upper())
    for bracket in ("", "(")
)
_QUOTES_OPEN = "«\"“„'‘"
_QUOTES_CLOSE = frozenset('»"”“')
# The engine's quick first tests (see _engine_scan): the last two letters of a thing's
# word and the space after it; what else may stand right before a name that names a
# thing (an opening quotation mark, a Japanese one, the last kanji of a Japanese word for
# a vessel)
_THING_ENDINGS = frozenset(word[-2:] + " " for word in _THING_WORDS_AS_WRITTEN)
_THING_LAST_LETTERS = frozenset(word[-1] for word in _THING_WORDS_AS_WRITTEN)
_THING_CUES = frozenset(
    _QUOTES_OPEN + "「『船艇艦" + "".join(map(chr, range(0x30A1, 0x30FB))) + "\u30fc"
)
_JA_THING_BEFORE = ("巡視船", "巡視艇", "漁船", "貨物船", "客船", "旅客船", "砕氷船", "艦")
# what may follow a Japanese name inside its quotation and leave it the place's name
# (a place in or near it, or going there: 「色丹島訪問団団長」 is the leader of a visit)
_JA_TITLE_GOES_ON = re.compile(
    r"(?![沖港墓行旅産]|海岸|沿岸|周辺|近海|全島|本島|[東西南北中]部|訪問|墓参|渡航|上陸|在住|出身)"
    r"[\u4e00-\u9fff\u30a1-\u30fa─━―—]"
)
_NOMINATIVE_ENDINGS = ("ый", "ий", "ой", "ое", "ие", "ые", "и", "о")
_CYRILLIC_CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")


def _names_something_else(name: Name, text: str, start: int, end: int) -> bool:
    """The island name at ``text[start:end]`` names something else (see above): a feature
    after it, a thing before it, or the title it ends or begins. Each check runs only
    where the characters around the name allow it (the engine's loop writes the same
    first tests out)."""
    after = text[end : end + 2]
    first = after[:1]
    # a feature's word is written in kanji, katakana or Latin letters: a particle in
    # hiragana after the name (国後島に) ends the name
    if (
        (first in " -" and after[1:].isupper())
        or (first >= "\u3000" and not "\u3041" <= first <= "\u309f")
    ) and _names_a_feature(name, text, end):
        return True
    return (
        text[start - 3 : start] in _THING_ENDINGS
        or text[start - 1 : start] in _THING_CUES
        or first in _QUOTES_CLOSE
    ) and _names_a_thing(name, text, start, end)


def _names_a_thing(name: Name, text: str, start: int, end: int) -> bool:
    """The rest of :func:`_names_something_else`, where a thing's word or a quotation mark
    stands next to the name."""
    if not start:
        return False
    before = text[start - 1]
    if before == " ":
        space = text.rfind(" ", max(0, start - 24), start - 1)
        if text[space + 1 : start - 1] not in _THING_WORDS_AS_WRITTEN:
            # a title in quotation marks that ends with the name
            return text[end : end + 1] in _QUOTES_CLOSE and _in_quoted_title(text, start)
        if name.script != "Cyrl":
            return True
        surface = text[start:end].lower()
        return surface[-1:] in _CYRILLIC_CONSONANTS or surface.endswith(_NOMINATIVE_ENDINGS)
    if name.script == "Jpan":
        if _is_katakana(before) and _is_katakana(text[start]):
            return True  # inside a longer word in katakana: シヤシコタン島
        if before in "「『":
            return _JA_TITLE_GOES_ON.match(text, end) is not None and _short_quotation(text, end)
        return before in "船艇艦" and text[max(0, start - 3) : start].endswith(_JA_THING_BEFORE)
    if before not in _QUOTES_OPEN:
        return False
    words = text[max(0, start - 24) : start - 1].split()
    return bool(words) and words[-1].lower().lstrip("([—–-") in _THING_WORDS


# A title is short and has no sentence in it: a quotation that runs on past this many
# characters, or has a comma or a full stop before it closes, is prose quoted (an Edo-era
# report, 「択捉場所請負ノ命ヲ蒙レリ、…」), and the name in it names the place.
_TITLE_MAX_CHARS = 40


def _short_quotation(text: str, end: int) -> bool:
    rest = text[end : end + _TITLE_MAX_CHARS]
    close = min((i for i in (rest.find("」"), rest.find("』")) if i >= 0), default=-1)
    if close < 0:
        return False
    return not any(mark in rest[:close] for mark in "、。,.")


def _in_quoted_title(text: str, start: int) -> bool:
    """The name ends a quotation opened after a thing's or a title's word: the name of a
    tour, a programme, a company (под названием "Отдых на горячих источниках Итурупа",
    the programme "…of Iturup")."""
    window = text[max(0, start - 80) : start]
    mark = max(window.rfind("«"), window.rfind('"'), window.rfind("“"), window.rfind("„"))
    if mark < 0:
        return False
    if window[mark] == '"' and window.count('"', 0, mark) % 2:
        return False  # a straight quotation mark that closes a quotation
    if "»" in window[mark:] or "”" in window[mark:]:
        return False
    if not any(char.isalpha() for char in window[mark + 1 :]):
        return False  # the name alone in quotation marks: "под названием «Итуруп»"
    words = window[:mark].split()
    if not words:
        return False
    word = words[-1].lower()
    return word in _TITLE_WORDS or word in _THING_WORDS


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(_OPENERS)
    return not before or before[-1] in _SENTENCE_END


WEAK = "weak"  # counts only where the article names the same place with evidence


def _evidence_holds(name: Name, text: str, start: int, end: int) -> bool | str:
    """The rule set above, for the classes a name belongs to."""
    if name.origin == "calque" and not _calque_holds(name, text, start, end):
        return False
    if name.guard is None and name.island != "habomai" and name.kind != "misspelling":
        return True  # most names: nothing else has them
    if name.guard == "capitalized" and name.context is not None:  # a common word
        if _at_sentence_start(text, start) and not _LIST_AFTER.match(text, end):
            before = text[max(0, start - 30) : start]
            after = text[end : end + 20]
            if _PLACE_WORDS_BEFORE.search(before) or _PLACE_WORDS_AFTER.match(after):
                return True
            return WEAK
        return True
    if name.guard in ("not-a-surname", "not-a-first-name"):  # a person's name
        before = text[max(0, start - 30) : start]
        if _ISLAND_WORD_BEFORE.search(text, max(0, start - 60), start):
            return True
        return _COMMON_NOUN_BEFORE.search(before) is None
    if name.kind == "misspelling" and start > 1 and text[start - 1] == "-":
        return not text[start - 2].isalpha()
    if name.island == "habomai" and name.form.lower() in _HABOMAI_FORMS:  # also on Hokkaido
        before = text[max(0, start - 60) : start]
        after = text[end : end + 24]
        # The patterns of the text before the name end in 根室, or in spaces after "of",
        # "of the", "from" or 根室 (a line end): each is searched only where the text does.
        if before[-1:].isspace():
            tail = before.lower().rstrip()
            nemuro = tail.endswith(_HOKKAIDO_LAST_WORDS) and bool(_HOKKAIDO_BEFORE.search(before))
            produce = tail.endswith("from") and bool(_PRODUCE_FROM.search(before))
        else:
            nemuro = before.endswith(("根室", "根室市"))
            produce = False
        if (
            _HOKKAIDO_AFTER.match(after) and not after.startswith(_BARE_ISLAND_NAMES_IN_ORDER)
        ) or nemuro:
            return False  # (歯舞色丹: the islands' names one after the other)
        if produce and not _ISLANDS_AFTER.match(after):
            return False
    return True


# Calques (a Russian name translated word for word, as machine translation writes it:
# "the airport Clear" for Ясный, "Hot Keys" for Горячие Ключи, "South Kurilsk"). A
# settlement's calque followed by a word for a chain or a group of islands is part of the
# group's name ("the Small Kuril ridge" is not Малокурильское). A calque of one common
# word (Clear, Whale, Oak) counts only with a place word beside it ("the airport Clear",
# "portopunkte Whale", MT's rendering of портопункт; "Clear (Iturup)") or in a list of
# names ("…, head, Oak, Crazodskoye"); the rule set's common-word class applies besides.
_GROUP_WORD_AFTER = re.compile(
    r"[\s-]+(?:ridges?|chains?|islands?|isles|archipelago|arc|group|kuril(?:e)?s)\b", re.IGNORECASE
)
_CALQUE_PLACE_BEFORE = re.compile(
    r"(?:airport|airfield|aerodrome|village|settlement|town|locality|port\w*|harbou?r)"
    r"(?: of)?\s*[\"“«']?$",
    re.IGNORECASE,
)
_CALQUE_PLACE_AFTER = re.compile(
    r"[\"”»']?\s*(?:(?:village|airport|airfield|settlement)\b|\(\s*[^\W\d_])", re.IGNORECASE
)
_CALQUE_LIST_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_][^\W\d_]*[,、]\s*$")
_CALQUE_LIST_AFTER = re.compile(r"\s*[,、]\s*[^\W\d_]")


def _calque_holds(name: Name, text: str, start: int, end: int) -> bool:
    if name.kind == "settlement" and _GROUP_WORD_AFTER.match(text, end):
        return False
    if name.context is None or " " in name.form:
        return True  # it keeps part of the name, or it is several words
    before = text[max(0, start - 30) : start]
    if _CALQUE_PLACE_BEFORE.search(before) or _CALQUE_PLACE_AFTER.match(text, end):
        return True
    listed_before = _CALQUE_LIST_BEFORE.search(before)
    if listed_before and listed_before.group()[0].isupper():
        return True
    listed_after = _CALQUE_LIST_AFTER.match(text, end)
    return listed_after is not None and listed_after.group()[-1].isupper()


def _guard_holds(name: Name, text: str, start: int, end: int) -> bool:
    if name.guard == "no-kanji-before":
        # 帰国後 is "after returning home"; but 国後郡 is Kunashiri's district, in
        # 国後島古釜布 or 色丹村穴澗 the place follows its island or village, and in
        # 国後択捉 or 歯舞色丹 the islands' bare names are written one after the other
        return (
            start == 0
            or not _is_kanji(text[start - 1])
            or text[start - 1] in _PLACE_SUFFIXES
            or text[end : end + 1] == "郡"
            or text[max(0, start - 2) : start] in _BARE_ISLAND_NAMES
        )
    if name.guard == "capitalized":
        return text[start].isupper()
    if name.guard == "not-an-etymon":
        # "アイヌ語の「クンネ・シㇼ/ㇽ(kunne-sir, 黒い・島)」": an Ainu word given, in the
        # same sentence, as where the name comes from is a gloss, not the place
        before = text[max(0, start - 80) : start]
        sentence = before[max(before.rfind(c) for c in "。.!?\n\x00") + 1 :]
        return _ETYMOLOGY_BEFORE.search(sentence) is None
    if name.guard == "not-a-surname":
        # "Martin Spanberg", "Шпанберг Мартын", "Г. И. Танфильева": a person
        after = _NEXT_WORD_CAPITALISED.match(text, end)
        return (
            text[start].isupper()
            and not _first_name_before(text, start)
            and not (after and after.group()[-1].isupper())
        )
    if name.guard == "not-a-first-name":
        # "Юрий Трутнев", "Yuri Gagarin": a first name followed by a surname
        following = _NEXT_WORD_CAPITALISED.match(text, end)
        return text[start].isupper() and not (following and following.group()[-1].isupper())
    return True


def _misspellings(names: Iterable[Name], taken: set[str]) -> dict[str, Name]:
    """One-edit misspellings (as in "Etorufu") of the names marked fuzzy.

    A misspelling that could come from two names of different islands or languages, or
    that is itself a listed form, is left out. Misspellings count only when capitalised,
    but for those of the Cyrillic names, which are no Russian words.
    """
    candidates: dict[str, list[Name]] = {}
    for name in names:
        for variant in sorted(_one_edit(_key(name.form))):  # one order in every run
            if variant not in taken:
                candidates.setdefault(variant, []).append(name)
    result = {}
    for variant, sources in candidates.items():
        if len({(n.island, n.lang) for n in sources}) == 1:
            first = sources[0]
            lang = first.lang
            if lang == "both" and variant.count("c") > _key(first.form).count("c"):
                lang = "ru"  # Japanese romanisation never writes c for k: Shicotan is Russian
            result[variant] = Name(
                form=variant,
                role="island",
                lang=lang,
                island=first.island,
                kind="misspelling",
                script=first.script,
                source=first.source,
                # a misspelt Cyrillic island name is no Russian word: lower case too; a
                # misspelt settlement's name may be another place's (Головино for Головнино,
                # a village near Moscow too): only where the article names its island
                guard=None
                if first.script == "Cyrl" and first.kind != "settlement"
                else "capitalized",
                context=first.island
                if first.script == "Cyrl" and first.kind == "settlement"
                else None,
            )
    return result


_RUSSIAN_VOWEL_SLIPS = {
    "а": "ои",
    "о": "а",
    "е": "иэя",
    "и": "еыа",
    "ы": "и",
    "э": "е",
    "я": "е",
    "у": "ю",
    "ю": "у",
}


def _one_edit(word: str) -> set[str]:
    """The misspellings people make: a letter dropped or doubled, two letters swapped, a
    vowel written for another (Etorufu), c for k (Shicotan). Other consonant swaps are
    left out: they would make other words. The first letter stays: people seldom get it
    wrong, and each variant that starts differently would slow the scan of every word."""
    vowels = "aeiouy"
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    doubles = {a + b[0] + b for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    vowel_swaps = {a + v + b[1:] for a, b in splits if b and b[0] in vowels for v in vowels}
    # Russian: the vowels unstressed speech confuses (хибомаи, шикатана), not every pair
    vowel_swaps |= {
        a + v + b[1:] for a, b in splits if b for v in _RUSSIAN_VOWEL_SLIPS.get(b[0], "")
    }
    # c for k, as English spelling and machine translation write it (Shicotan)
    c_for_k = {a + "c" + b[1:] for a, b in splits if b and b[0] == "k"}
    variants = (deletes | doubles | swaps | vowel_swaps | c_for_k) - {word}
    if not word.isascii():
        # a Russian word's last letters are its ending: one changed there is another case
        # or another word (Головнина, the man; Малокурильской, the bay), not a misspelling
        variants = {v for v in variants if v[-2:] == word[-2:]}
    # a separator doubled is no misspelling: the form itself takes any run of them
    return {
        v for v in variants if len(v) >= 5 and v[0].isalpha() and v[-1].isalpha() and "--" not in v
    }


def _compile(keys: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """One pattern for the Latin and Cyrillic forms, matched as whole words, and one for
    the Japanese forms, matched anywhere (Japanese has no spaces between words). Apart,
    each lets the regular expression engine skip ahead to the letters its forms start
    with; joined in one alternation they scan several times slower."""
    words = [k for k in keys if _is_word_form(k)]
    others = [k for k in keys if not _is_word_form(k)]
    patterns = []
    if words:
        # "Not after a letter" as a character taken ([^\w]) rather than a look back: a
        # pattern that starts with a set of characters lets the engine skip through words
        # without trying the names at each letter (a fifth faster on the benchmark corpus).
        # A word ends before a letter of its own scripts only: Japanese may follow it
        # directly (Шикотанシコタン)
        # The word's end is checked once, after the alternation (the engine backtracks into
        # it for a shorter form when a longer one fails the check): written at each of the
        # trie's ends, its large character class made compiling the pattern take seconds.
        patterns.append(
            re.compile(_WORD_START + "(" + _node_pattern(_trie(words), "") + ")" + _WORD_END)
        )
    if others:
        patterns.append(re.compile(_node_pattern(_trie(others), "")))
    return tuple(patterns)


def _numeral_led(key: str) -> bool:
    """A Japanese form that starts with a numeral (4島): found as Japanese, right after
    kana or kanji too (…まとめて4島のうちの1島), but not after another digit (14島)."""
    return key[0].isdigit() and not key.isascii()


def _is_word_form(key: str) -> bool:
    """A form matched as a whole word (Latin and Cyrillic), not anywhere (Japanese)."""
    return _is_latin_or_cyrillic(key[0]) and not _numeral_led(key)


_END = ""  # the trie's mark for "a key ends here"
# Dashes and bars fold to "-"; in katakana one is often written for the long-vowel mark.
_ATOMS = {"-": r"[-\s]+", "ー": "[ー\\-─━]"}
_DASH_AFTER_KANA = re.compile("(?<=[\u30a1-\u30fa])[-─━]")
_WORD_END = r"(?![^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
# and may start right after Japanese too (クリリスクКурильск, 英語表記Kunashir)
_WORD_START = r"[\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def _trie(keys: Iterable[str]) -> dict[str, dict]:  # type: ignore[type-arg]
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for key in keys:
        node = trie
        for token in re.findall(r"-|.", key, re.DOTALL):
            node = node.setdefault(token, {})
        node[_END] = {}
    return trie


def _node_pattern(node: dict, end: str) -> str:  # type: ignore[type-arg]
    """The trie as a regular expression that prefers the longest key at each place."""
    branches = []
    for token in sorted(k for k in node if k != _END):
        atom = _ATOMS.get(token) or re.escape(token)
        branches.append(atom + _node_pattern(node[token], end))
    if _END in node:
        branches.append(end)
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_WORKER_MATCHERS: dict[str | None, Matcher] = {}


def _worker_matcher(gazetteer: Path | None) -> Matcher:
    """The matcher of a worker process, built once per process (for a gazetteer file)."""
    key = None if gazetteer is None else str(gazetteer)
    if key not in _WORKER_MATCHERS:
        if gazetteer is None:
            _WORKER_MATCHERS[key] = default_matcher()
        else:
            from islandmap.gazetteer import load_gazetteer

            _WORKER_MATCHERS[key] = Matcher(load_gazetteer(gazetteer))
    return _WORKER_MATCHERS[key]
