"""The matcher's scanning engine: every form of the gazetteer in one Aho–Corasick automaton.

The automaton (``ahocorasick_rs``, a Rust build of the ``aho-corasick`` crate, as a DFA)
finds the leftmost-longest form at each place of the folded text in one pass. It finds
exact strings, while the rules of the matcher (see :mod:`islandmap.matching`) allow a
little more, so the automaton holds, besides each form:

* its *variants*: a form's separator ("-" in the folded key, any run of dashes and spaces
  in the text) as a dash or a space; a katakana long-vowel mark (ー) as a dash, as
  Japanese text often writes it;
* *alarms*: the beginning of a form followed by two separators (which the matcher judges
  by what follows: the rest of the form after a run of separators, or not), a box-drawing bar
  for the long-vowel mark, and the rare space characters (a tab, a form feed, …) wherever
  they stand. An alarm never counts as a name; one that matters sends its passage to the
  matcher's complete scan (one regular expression per script), whose result is the
  reference. So does any other place where the automaton's one pass could differ from
  the complete scan (see ``Matcher._engine_scan``): both give the same names, which a
  property test checks on random and real text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from typing import Any

#: What a separator of a form may be, in a text after folding, without the complete scan.
VARIANT_SEPARATORS = ("-", " ")
#: The runs of separators after a form's beginning that raise an alarm, where the rest of
#: the form does not follow at once: two separators. One "-" or " " is a variant's; any
#: other space is an alarm wherever it stands, judged by what stands before its run.
SEPARATOR_ALARMS = tuple(a + b for a in VARIANT_SEPARATORS for b in VARIANT_SEPARATORS)
#: Every character a separator run (``[-\s]+``) may hold in a folded text: the dash and
#: what ``\s`` takes there (folding turns the other spaces into " ").
ALL_SEPARATORS = "-\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u2028\u2029"
_LONG_VOWEL = "ー"
# what the matcher's pattern takes for a long-vowel mark; only the dash after katakana
# finds a form (see _DASH_AFTER_KANA in matching.py), the bars are judged by the full scan
_LONG_VOWEL_BARS = ("─", "━")
_KATAKANA = re.compile("[\u30a1-\u30fa]")
_TOKEN = re.compile(r"-|.", re.DOTALL)

#: The kinds of entry in the automaton.
FORM, ALARM = 0, 1

#: Raised with the format of the cached tables, so that an old cache is not read.
_CACHE_FORMAT = b"islandmap automaton tables 5"


@dataclass(frozen=True)
class Tables:
    """The automaton's patterns and, for each, what it stands for: the form's key (as the
    matcher's names table has it), or ``None`` for an alarm."""

    patterns: tuple[str, ...]
    keys: tuple[str | None, ...]
    #: for the beginning of a form (as written, up to a separator): the next parts of the
    #: forms that begin so, which tell whether an alarm matters
    continuations: dict[str, tuple[str, ...]]


def build_tables(keys: Iterable[str], alarm_keys: Iterable[str] = ()) -> Tables:
    """The patterns for the forms *keys* (folded, separators as "-"), their variants and
    the alarms, as described above. A variant that is itself another form's key stands
    for that form (as the complete scan would read it). *alarm_keys*, forms whose every
    occurrence the complete scan must judge, are alarms with all their variants."""
    keys = list(keys)
    taken = set(keys)
    unsafe = set(alarm_keys)
    patterns: dict[str, str | None] = {key: (None if key in unsafe else key) for key in keys}
    alarms: set[str] = set()
    # where a separator follows katakana, the complete scan tries the separator before a
    # long-vowel mark: a dash there that could be either is judged by it
    separator_prefixes = {
        "".join(tokens[: i + 1])
        for tokens in map(_TOKEN.findall, keys)
        for i, token in enumerate(tokens)
        if token == "-"
    }
    continuations: dict[str, set[str]] = {}
    for key in keys:
        tokens = _TOKEN.findall(key)
        choices: list[tuple[str, ...]] = []
        for i, token in enumerate(tokens):
            if token == "-":
                choices.append(VARIANT_SEPARATORS)
            elif token == _LONG_VOWEL:
                after_katakana = i > 0 and _KATAKANA.fullmatch(tokens[i - 1]) is not None
                choices.append((_LONG_VOWEL, "-") if after_katakana else (_LONG_VOWEL,))
            else:
                choices.append((token,))
        for variant in _variants(choices):
            if variant in taken or variant in patterns:
                continue
            # (each token is one character, so the variant's characters line up with them)
            ambiguous = any(
                token == _LONG_VOWEL
                and variant[i] == "-"
                and variant[: i + 1] in separator_prefixes
                for i, token in enumerate(tokens)
            )
            patterns[variant] = None if key in unsafe or ambiguous else key
        # alarms: each prefix of a variant that ends where a separator or a long-vowel
        # mark begins, followed by what only the complete scan judges
        for i, token in enumerate(tokens):
            if token not in ("-", _LONG_VOWEL):
                continue
            for prefix in _variants(choices[:i]):
                if token == "-" and i + 1 < len(tokens):
                    # the next part, up to its separator
                    part = tokens[i + 1 :]
                    part = part[: part.index("-")] if "-" in part else part
                    continuations.setdefault(prefix, set()).update(
                        _variants(choices[i + 1 : i + 1 + len(part)])
                    )
                if token == "-":
                    # where the form's next part does not follow: the matcher looks past the
                    # separators (a rare one is an alarm wherever it stands: below)
                    alarms.update(prefix + run for run in SEPARATOR_ALARMS)
                else:
                    alarms.update(prefix + bar for bar in _LONG_VOWEL_BARS)
                    if "-" not in choices[i]:
                        alarms.add(prefix + "-")
    if separator_prefixes:
        alarms.update(c for c in ALL_SEPARATORS if c not in VARIANT_SEPARATORS)
    for alarm in sorted(alarms):  # one order in every run
        if alarm not in patterns:
            patterns[alarm] = None
    return Tables(
        patterns=tuple(patterns),
        keys=tuple(patterns.values()),
        continuations={k: tuple(sorted(v)) for k, v in continuations.items()},
    )


def _variants(choices: list[tuple[str, ...]]) -> list[str]:
    return ["".join(parts) for parts in product(*choices)]


def tables_record(tables: Tables) -> dict[str, Any]:
    """*tables* as a JSON-ready record (:func:`tables_from_record` reads it back)."""
    return {
        "patterns": tables.patterns,
        "keys": tables.keys,
        "continuations": tables.continuations,
    }


def tables_from_record(data: dict[str, Any]) -> Tables:
    """The tables of a record :func:`tables_record` wrote; ValueError if it is damaged."""
    patterns, pattern_keys = data["patterns"], data["keys"]
    if len(patterns) != len(pattern_keys) or not all(isinstance(p, str) for p in patterns):
        raise ValueError("damaged automaton tables")
    continuations = {k: tuple(v) for k, v in data["continuations"].items()}
    return Tables(tuple(patterns), tuple(pattern_keys), continuations)


def cached_tables(keys: list[str], alarm_keys: set[str]) -> Tables:
    """:func:`build_tables`, kept in islandmap's cache (:mod:`islandmap.cache`, as JSON)
    keyed by the forms."""
    from islandmap.cache import cached_bytes

    parts = [_CACHE_FORMAT]
    parts += [key.encode("utf-8") + (b"\x01" if key in alarm_keys else b"\x00") for key in keys]

    def compute() -> bytes:
        record = tables_record(build_tables(keys, alarm_keys))
        return json.dumps(record, ensure_ascii=False).encode("utf-8")

    try:
        return tables_from_record(json.loads(cached_bytes(parts, compute)))
    except (ValueError, KeyError, TypeError):  # a damaged cache entry
        return build_tables(keys, alarm_keys)
