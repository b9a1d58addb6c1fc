"""The names table: every written form of each island's names, of the group's names, and
of the false friends that must not count. The data lives in ``data/gazetteer.yaml``."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from islandmap.cache import cached_bytes
from islandmap.errors import GazetteerError
from islandmap.models import ISLAND_IDS, Lang

# libyaml's loader where PyYAML was built with it: the gazetteer loads several times faster
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Role = Literal["island", "collective", "not_a_mention"]
Guard = Literal[
    "no-kanji-before",
    "capitalized",
    "not-a-first-name",
    "not-a-surname",
    "not-an-etymon",
    "not-in-compound",
]

LANGS: frozenset[str] = frozenset({"ja", "ru", "both"})
SCRIPTS: frozenset[str] = frozenset({"Latn", "Cyrl", "Jpan"})
KINDS: frozenset[str] = frozenset(
    {"official", "variant", "historical", "islet", "settlement", "misspelling", "collective"}
)
GUARDS: frozenset[str] = frozenset(get_args(Guard))

# Russian case endings, by the shape of the word (see README, "Gazetteer").
RUSSIAN_ENDINGS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    # masculine noun ending in a consonant: Итуруп, Итурупа, Итурупу, Итурупом, Итурупе
    "m": (("", ("", "а", "у", "ом", "е")),),
    # neuter adjective used as a name: Малокурильское, -ого, -ому, -им/-ым, -ом
    "adj-n": (("ое", ("ое", "ого", "ому", "ым", "им", "ом")),),
    # plural noun in -ы: Курилы, Курил, Курилам, Курилами, Курилах
    "pl": (("ы", ("ы", "", "ам", "ами", "ах")),),
}


@dataclass(frozen=True)
class Name:
    """One written form that the matcher looks for."""

    form: str
    role: Role
    lang: Lang
    island: str | None = None
    kind: str = "variant"
    script: str = "Latn"
    source: str = ""
    islet: str | None = None
    guard: Guard | None = None
    context: str | None = None
    # the rule that generated the form (see islandmap/names.py); "" for a form written
    # into gazetteer.yaml by hand
    origin: str = ""
    # for a group name: the islands it takes in
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    """All the forms, ready to compile into a matcher."""

    names: tuple[Name, ...]
    fuzzy_names: tuple[Name, ...]


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer that ships with islandmap: the forms written by hand in
    ``data/gazetteer.yaml``, then the forms generated from ``data/places.yaml`` into
    ``data/forms.tsv`` (``python -m islandmap.names``). Where both give a form, the
    hand-written entry wins.

    Parsing the YAML takes a tenth of a second, a third of what rendering the seeds adds
    to the libraries' own start-up; the parsed names are kept in islandmap's cache
    (:mod:`islandmap.cache`, keyed by both files' bytes) as JSON, read back in a few
    milliseconds."""
    data = resources.files("islandmap").joinpath("data")
    hand_text = data.joinpath("gazetteer.yaml").read_text(encoding="utf-8")
    forms_text = data.joinpath("forms.tsv").read_text(encoding="utf-8")

    def parse() -> bytes:
        hand = parse_gazetteer(hand_text, "islandmap/data/gazetteer.yaml")
        generated, fuzzy = parse_forms(forms_text)
        return _gazetteer_json(
            Gazetteer(names=hand.names + generated, fuzzy_names=hand.fuzzy_names + fuzzy)
        )

    # the fields' names are part of the key: a changed Name misses the cache
    parts = [b"gazetteer", NAME_FIELDS_KEY, hand_text.encode(), forms_text.encode()]
    try:
        return _gazetteer_from_json(cached_bytes(parts, parse))
    except (ValueError, TypeError, KeyError, IndexError):  # a damaged cache file
        return _gazetteer_from_json(parse())


_NAME_FIELDS = tuple(field.name for field in fields(Name))
#: The fields of a Name in the order :func:`name_row` writes them (part of every cache key
#: that holds names, so that a changed Name misses the cache).
NAME_FIELDS_KEY = " ".join(_NAME_FIELDS).encode()


def name_row(name: Name) -> list[Any]:
    """*name* as a JSON-ready row, its fields in order (:func:`name_from_row` reads it)."""
    return [getattr(name, field) for field in _NAME_FIELDS]


def name_from_row(row: list[Any]) -> Name:
    values = dict(zip(_NAME_FIELDS, row, strict=True))
    values["covers"] = tuple(values["covers"])
    return Name(**values)


def _gazetteer_json(gazetteer: Gazetteer) -> bytes:
    """*gazetteer* as JSON: each name's row, and the fuzzy names by position."""
    position = {id(name): n for n, name in enumerate(gazetteer.names)}
    return json.dumps(
        {
            "names": [name_row(name) for name in gazetteer.names],
            "fuzzy": [position[id(name)] for name in gazetteer.fuzzy_names],
        },
        ensure_ascii=False,
    ).encode()


def _gazetteer_from_json(raw: bytes) -> Gazetteer:
    data = json.loads(raw)
    names = tuple(name_from_row(row) for row in data["names"])
    return Gazetteer(names=names, fuzzy_names=tuple(names[n] for n in data["fuzzy"]))


_GENERATED_KINDS = {"island": "variant", "islet": "islet", "settlement": "settlement"}


def parse_forms(text: str) -> tuple[tuple[Name, ...], tuple[Name, ...]]:
    """The generated forms listed in ``data/forms.tsv`` (tab-separated, a header line),
    and those of them whose misspellings count too."""
    lines = text.splitlines()
    header = lines[0].split("\t")
    names = []
    fuzzy = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=True))
        names.append(
            Name(
                form=row["form"],
                role="island",
                lang=row["lang"],  # type: ignore[arg-type]
                island=row["island"],
                kind=_GENERATED_KINDS[row["kind"]],
                script=row["script"],
                source=row["source"],
                islet=row["place"] if row["kind"] == "islet" else None,
                guard=row["guard"] or None,  # type: ignore[arg-type]
                context=row["context"] or None,
                origin=row["rule"],
            )
        )
        if row["fuzzy"]:
            fuzzy.append(names[-1])
    return tuple(names), tuple(fuzzy)


def load_gazetteer(path: Path) -> Gazetteer:
    """Read a gazetteer file in the format of ``data/gazetteer.yaml`` (a user's own: YAML
    aliases are refused, see :class:`~islandmap.sources.NoAliasLoader`)."""
    from islandmap.sources import NoAliasLoader

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise GazetteerError(
                path,
                f"is {size / 1e6:.1f} MB; a gazetteer may be at most "
                f"{MAX_FILE_BYTES // 10**6} MB (the one islandmap ships is under 0.2 MB). "
                "Check that it is the names file you meant",
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GazetteerError(path, "not found. Check the path") from None
    except OSError as error:
        raise GazetteerError(path, f"cannot be read ({error.strerror}). Check the path") from None
    except UnicodeDecodeError:
        raise GazetteerError(
            path, "is not UTF-8 text. Save it as UTF-8 (the names are in several scripts)"
        ) from None
    return parse_gazetteer(text, path, loader=NoAliasLoader)


def parse_gazetteer(text: str, where: Path | str, loader: Any = None) -> Gazetteer:
    """Parse and check gazetteer YAML; every problem names the entry and the fix."""
    try:
        data = yaml.load(text, Loader=loader or _SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "unreadable"
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise _invalid(where, f"is not valid YAML ({problem}{at})") from None
    if not isinstance(data, dict) or not isinstance(data.get("islands"), dict):
        raise _invalid(where, "must be a mapping with an 'islands' section")
    islands = data["islands"]
    missing = [i for i in ISLAND_IDS if i not in islands]
    unknown = [str(i) for i in islands if i not in ISLAND_IDS]
    if missing or unknown:
        raise _invalid(
            where,
            f"'islands' must list exactly {', '.join(ISLAND_IDS)} "
            f"(missing: {', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'})",
        )
    names: list[Name] = []
    fuzzy: list[Name] = []
    for island in ISLAND_IDS:
        entries = islands[island]
        if not isinstance(entries, list) or not entries:
            raise _invalid(where, f"islands.{island} must be a non-empty list of names")
        for n, entry in enumerate(entries):
            expanded = _expand(entry, f"islands.{island}[{n}]", where, "island", island)
            names.extend(expanded)
            if isinstance(entry, dict) and entry.get("fuzzy"):
                fuzzy.append(expanded[0])
    for section, role in (("collective", "collective"), ("not_mentions", "not_a_mention")):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise _invalid(where, f"'{section}' must be a list")
        for n, entry in enumerate(entries):
            names.extend(_expand(entry, f"{section}[{n}]", where, role, None))  # type: ignore[arg-type]
    return Gazetteer(names=tuple(names), fuzzy_names=tuple(fuzzy))


def _invalid(where: Path | str, what: str) -> GazetteerError:
    return GazetteerError(
        where, f"{what}. Correct it; islandmap/data/gazetteer.yaml shows the format"
    )


#: The largest gazetteer file read.
MAX_FILE_BYTES = 10 * 10**6
#: The longest name or form a gazetteer entry may give (the longest shipped is 40).
MAX_NAME_CHARS = 120
#: The longest source address.
MAX_SOURCE_CHARS = 2000


def _choice(
    entry: dict[Any, Any],
    key: str,
    allowed: frozenset[str] | tuple[str, ...],
    default: str | None,
    what: str,
    where: Path | str,
) -> Any:
    """``entry[key]`` (or *default*), refused unless it is one of *allowed* (text)."""
    value = entry.get(key, default)
    if value is None and default is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        names = list(allowed) if isinstance(allowed, tuple) else sorted(allowed)
        choices = (
            f"one of {', '.join(names)}"
            if len(names) > 3
            else ", ".join(names[:-1]) + " or " + names[-1]
        )
        raise _invalid(where, f"{what}: '{key}' must be {choices} (not {_shown(value)})")
    return value


def _shown(value: Any) -> str:
    """A value from the file as a message shows it: short, and its YAML type if not text."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    kind = {
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
        type(None): "empty",
        int: "a number",
        float: "a number",
    }
    return kind.get(type(value), f"a {type(value).__name__}")


def _text(entry: dict[Any, Any], key: str, what: str, where: Path | str, limit: int) -> str | None:
    """``entry[key]`` as text of at most *limit* characters, or ``None`` when not given."""
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _invalid(where, f"{what}: '{key}' must be text (not {_shown(value)})")
    if len(value) > limit:
        raise _invalid(
            where,
            f"{what}: '{key}' is {len(value):,} characters long; at most {limit:,} are allowed",
        )
    return value


def _expand(
    entry: Any, label: str, where: Path | str, role: Role, island: str | None
) -> list[Name]:
    if not isinstance(entry, dict):
        raise _invalid(where, f"{label} must be a mapping with at least 'name'")
    name = _text(entry, "name", label, where, MAX_NAME_CHARS)
    if name is None or not name.strip():
        raise _invalid(where, f"{label} has no 'name'")
    what = f"{label} ({name})"
    lang = _choice(
        entry,
        "lang",
        ("ja", "ru", "both"),
        "both" if role == "not_a_mention" else None,
        what,
        where,
    )
    if lang is None:
        raise _invalid(where, f"{what}: 'lang' must be ja, ru or both")
    script = _choice(entry, "script", ("Latn", "Cyrl", "Jpan"), "Latn", what, where)
    kind = _choice(
        entry, "kind", KINDS, "collective" if role == "collective" else "variant", what, where
    )
    source = _text(entry, "source", what, where, MAX_SOURCE_CHARS)
    if source is None or not source.startswith(("http://", "https://")):
        raise _invalid(where, f"{what}: every entry needs a 'source' URL")
    guard = _choice(entry, "guard", GUARDS, None, what, where)
    # a group name's context: "islands", it counts only where the article names one
    context = _choice(
        entry,
        "context",
        (*ISLAND_IDS, "islands") if role == "collective" else ISLAND_IDS,
        None,
        what,
        where,
    )
    islet = _text(entry, "islet", what, where, MAX_NAME_CHARS)
    for key in ("note", "reason"):
        _text(entry, key, what, where, MAX_SOURCE_CHARS)
    fuzzy = entry.get("fuzzy", False)
    if not isinstance(fuzzy, bool):
        raise _invalid(where, f"{what}: 'fuzzy' must be true or false (not {_shown(fuzzy)})")
    covers = entry.get("covers") or ()
    if role == "collective":
        if not covers:
            covers = ISLAND_IDS
        if not isinstance(covers, list | tuple) or any(c not in ISLAND_IDS for c in covers):
            raise _invalid(where, f"{what}: 'covers' must list island ids")
        covers = tuple(i for i in ISLAND_IDS if i in covers)
    forms = [name.strip()]
    inflect = entry.get("inflect")
    if inflect is not None:
        if not isinstance(inflect, str) or inflect not in RUSSIAN_ENDINGS:
            raise _invalid(
                where,
                f"{what}: 'inflect' must be one of {', '.join(RUSSIAN_ENDINGS)} "
                f"(not {_shown(inflect)})",
            )
        forms = _inflect(forms[0], inflect, label, where)
    extra = entry.get("forms") or []
    if not isinstance(extra, list) or not all(isinstance(f, str) for f in extra):
        raise _invalid(where, f"{what}: 'forms' must be a list of strings")
    for form in extra:
        if len(form) > MAX_NAME_CHARS:
            raise _invalid(
                where,
                f"{what}: a form in 'forms' is {len(form):,} characters long; at most "
                f"{MAX_NAME_CHARS} are allowed",
            )
    forms += [f.strip() for f in extra if f.strip()]
    if role == "collective" and script == "Cyrl":
        # острова abbreviated as dictionaries and reference works write it (Курильские о-ва,
        # Курильских о-вов)
        forms += [_abbreviated(f) for f in forms if _ISLANDS_WORD.search(f)]
    for form in forms:
        if not any(char.isalnum() for char in form):
            raise _invalid(where, f"{label} ({form!r}): a form needs at least one letter")
    return [
        Name(
            form=form,
            role=role,
            lang=lang,
            island=island,
            kind=kind,
            script=script,
            source=source,
            islet=islet,
            guard=guard,
            context=context,
            covers=tuple(covers),
        )
        for form in dict.fromkeys(forms)
    ]


_ISLANDS_WORD = re.compile(r"(?<![^\W\d_])остров(а|ов|ам|ами|ах)\b")


def _abbreviated(form: str) -> str:
    """Курильских островов → Курильских о-вов: the plural of остров as abbreviated."""
    return _ISLANDS_WORD.sub(lambda m: "о-в" + m.group(1), form)


_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяйьъ")


def _inflect(word: str, rule: str, label: str, where: Path | str) -> list[str]:
    letters = [c for c in unicodedata.normalize("NFD", word).lower() if c.isalpha()]
    last = letters[-1] if letters else ""
    if not ("\u0400" <= last <= "\u04ff") or (rule == "m" and last in _CYRILLIC_VOWELS):
        raise _invalid(
            where,
            f"{label} ({word}): does not end as the '{rule}' rule expects (Russian case "
            "endings apply to a name in Cyrillic letters; 'm' to one ending in a consonant)",
        )
    for suffix, endings in RUSSIAN_ENDINGS[rule]:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)] if suffix else word
            return [stem + ending for ending in endings]
    raise _invalid(where, f"{label} ({word}): does not end as the '{rule}' rule expects")
