"""The page's interface languages: gettext catalogs extracted with Babel, and what the
page and the templates read from them.

Every string a reader sees or hears has a *key* (the gettext context, ``msgctxt``, such
as ``popup.heading``) and its English text (the ``msgid``). Strings are written in three
places, and Babel extracts them from all three (:data:`SOURCES`):

- the front end's table, ``data/js/strings.js``: ``msg("key", "English")`` and
  ``nmsg("key", "one", "other")`` for a text that depends on a count ``{n}``;
- the page's Jinja templates, ``data/templates/*.j2``: ``t("key", "English", name=value)``
  and ``tn("key", "one", "other", n=count)``, or ``live(…)`` and ``liven(…)`` for a text
  the page's language switch changes in place (:mod:`islandmap.page.templates`);
- Python, ``page/messages.py``: ``msg("key", "English")`` (the title, the disclaimer, the
  status line, the layers' names).

A comment starting ``Translators:`` just before a string goes into the catalogs as an
extracted comment (``#.``): what the string is, and for a term of the dispute which word
each language uses and where that usage is documented.

The catalogs are ``data/locale/<lang>/LC_MESSAGES/messages.po`` (English is the source
language and has none). ``python -m islandmap.i18n update`` adds new strings to them
(untranslated) and drops strings no longer used; ``python -m islandmap.i18n check``
fails when a catalog misses a string, holds a stale one, leaves one untranslated or
fuzzy, or changes its ``{marks}``. The page carries its own language's strings as JSON
and the others' packed (:func:`page_catalogs`), so that its language switch works
offline.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "ja", "ru")
#: Each language's own name, for the page's language switch.
LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "ru": "Русский"}
SOURCE_LANGUAGE = "en"
DOMAIN = "messages"
#: The marker functions and which of their arguments are the key (``c``ontext) and the
#: English text (singular, plural), in Babel's keyword notation.
KEYWORDS: dict[str, Any] = {
    "msg": ((1, "c"), 2),
    "nmsg": ((1, "c"), 2, 3),
    "t": ((1, "c"), 2),
    "tn": ((1, "c"), 2, 3),
    "live": ((1, "c"), 2),
    "liven": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ["Translators:"]
#: What is extracted, relative to the package, and with which Babel extractor.
SOURCES = (
    ("data/js/strings.js", "javascript"),
    ("data/templates/*.j2", "jinja2"),
    ("page/messages.py", "python"),
)
#: The file whose strings the front end carries in English itself (strings.js): the
#: English page's catalog holds only the others. A page in another language leaves the
#: file out of its script (:func:`script_has_english`) and packs it with its English catalog.
FRONT_END_TABLE = "data/js/strings.js"

_MARK = re.compile(r"\{(\w+)\}")

#: The catalogs' header: the project's name (pyproject.toml; its version is
#: ``islandmap.__version__``), the copyright holder as LICENSE names it, and who
#: translates. The project publishes no address for reports on its strings, so
#: ``Report-Msgid-Bugs-To`` is left empty, as xgettext leaves it without one.
PROJECT = "islandmap"
COPYRIGHT_HOLDER = "the islandmap authors"
TRANSLATORS = "islandmap contributors"
HEADER_COMMENT = (
    "# {language} translations for islandmap.\n"
    "# Copyright (C) 2026 the islandmap authors\n"
    "# This file is distributed under the same license as the islandmap project (MIT).\n"
    "#"
)
#: What Babel writes in a header where it was told nothing.
PLACEHOLDERS = (
    "PROJECT",
    "VERSION",
    "ORGANIZATION",
    "FIRST AUTHOR",
    "EMAIL@ADDRESS",
    "FULL NAME",
    "YEAR-MO-DA",
    "LANGUAGE <",
    "LL@li.org",
)

#: A message as the page and the templates use it: a text, or a text per plural category
#: (CLDR's: ``one``, ``few``, ``many``, ``other``), which ``Intl.PluralRules`` names too.
Text = str | dict[str, str]


class CatalogError(Exception):
    """A catalog cannot be read or does not match the strings in the code."""


@dataclass(frozen=True)
class Extracted:
    key: str
    english: str | tuple[str, str]
    locations: tuple[tuple[str, int], ...]
    comments: tuple[str, ...]


def package_dir() -> Path:
    return Path(str(resources.files("islandmap")))


def catalog_path(lang: str) -> Path:
    return package_dir() / "data" / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


# --- extraction -----------------------------------------------------------------------


def extract() -> list[Extracted]:
    """Every string in the code, in the order of :data:`SOURCES`; one entry per key."""
    from babel.messages.extract import extract_from_file

    root = package_dir()
    found: dict[str, Extracted] = {}
    for pattern, method in SOURCES:
        for path in sorted(root.glob(pattern)):
            name = path.relative_to(root).as_posix()
            options = {"silent": "false"} if method == "jinja2" else {}
            for lineno, message, comments, context in extract_from_file(
                method, str(path), keywords=KEYWORDS, comment_tags=COMMENT_TAGS, options=options
            ):
                if not context:
                    raise CatalogError(f"{name}:{lineno}: a string without a key")
                english = tuple(message) if isinstance(message, list | tuple) else message
                if isinstance(english, tuple):
                    english = (str(english[0]), str(english[1]))
                before = found.get(context)
                if before is not None:
                    if before.english != english:
                        raise CatalogError(
                            f"{name}:{lineno}: key {context!r} has another English text in "
                            f"{before.locations[0][0]}:{before.locations[0][1]}"
                        )
                    found[context] = Extracted(
                        context,
                        english,
                        (*before.locations, (name, lineno)),
                        tuple(dict.fromkeys((*before.comments, *comments))),
                    )
                else:
                    found[context] = Extracted(context, english, ((name, lineno),), tuple(comments))
    return list(found.values())


def template_catalog() -> Any:
    """The extracted strings as a Babel ``Catalog`` (the ``.pot``)."""
    from babel.messages.catalog import Catalog

    from islandmap import __version__

    catalog = Catalog(
        project=PROJECT,
        version=__version__,
        copyright_holder=COPYRIGHT_HOLDER,
        fuzzy=False,
    )
    catalog.msgid_bugs_address = ""
    for item in extract():
        catalog.add(
            item.english,
            locations=item.locations,
            auto_comments=item.comments,
            context=item.key,
        )
    return catalog


# --- reading and checking the catalogs ----------------------------------------------------


def read_catalog(lang: str) -> Any:
    from babel.messages.pofile import read_po

    path = catalog_path(lang)
    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=DOMAIN, abort_invalid=True)
    except (OSError, ValueError, SyntaxError) as error:
        raise CatalogError(f"{path}: cannot be read ({error})") from error


def _marks(text: str) -> set[str]:
    return set(_MARK.findall(text))


def _header_problems(lang: str, name: str) -> list[str]:
    """What is wrong with *lang*'s catalog's header: a placeholder of Babel's left in it,
    or another version than the project's."""
    from islandmap import __version__

    text = catalog_path(lang).read_text("utf-8")
    header = text.split("\n\n", 1)[0]
    problems = [
        f"{name}: the header keeps Babel's placeholder {word!r}"
        for word in PLACEHOLDERS
        if word in header
    ]
    if f'"Project-Id-Version: {PROJECT} {__version__}\\n"' not in header:
        problems.append(f"{name}: the header's Project-Id-Version is not {PROJECT} {__version__}")
    return problems


def check() -> list[str]:
    """What is wrong with the catalogs, one line each; empty when all is well."""
    wanted = {item.key: item for item in extract()}
    problems: list[str] = []
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        name = f"{lang}/LC_MESSAGES/{DOMAIN}.po"
        catalog = read_catalog(lang)
        problems += _header_problems(lang, name)
        seen: set[str] = set()
        for message in catalog:
            if not message.id:
                continue
            key = message.context or ""
            seen.add(key)
            item = wanted.get(key)
            english = message.id if isinstance(message.id, str) else tuple(message.id)
            if item is None or item.english != english:
                problems.append(f"{name}: stale string {key!r} ({_first(english)!r})")
                continue
            strings = [message.string] if isinstance(message.string, str) else message.string
            if message.fuzzy or not all(strings):
                problems.append(f"{name}: {key!r} is not translated (or marked fuzzy)")
                continue
            for text in strings:
                if _marks(text) != _marks(_first(english)):
                    problems.append(
                        f"{name}: {key!r} must keep the marks "
                        f"{sorted(_marks(_first(english)))}, has {sorted(_marks(text))}"
                    )
            if isinstance(english, tuple) and len(strings) != catalog.num_plurals:
                problems.append(f"{name}: {key!r} needs {catalog.num_plurals} plural forms")
        for message in catalog.obsolete.values():
            problems.append(f"{name}: stale (obsolete) string {message.context!r}")
        for key in wanted:
            if key not in seen:
                problems.append(f"{name}: missing string {key!r}")
    return problems


def _first(english: str | tuple[str, ...]) -> str:
    return english if isinstance(english, str) else english[-1]


def update() -> list[Path]:
    """Bring each catalog up to date with the code: new strings added untranslated, their
    comments and places refreshed, strings no longer used dropped. The catalogs written."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    template = template_catalog()
    written = []
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        path = catalog_path(lang)
        if path.exists():
            catalog = read_catalog(lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        _fill_header(catalog, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=False, include_previous=False)
        written.append(path)
    return written


def _fill_header(catalog: Any, lang: str) -> None:
    """The header of *lang*'s catalog, as :data:`PROJECT` and the names beside it say; a
    translator's name and the revision date are kept, unless they are still Babel's
    placeholders (a new catalog's revision date is its creation's)."""
    from babel import Locale

    from islandmap import __version__

    catalog.project = PROJECT
    catalog.version = __version__
    catalog.copyright_holder = COPYRIGHT_HOLDER
    catalog.msgid_bugs_address = ""
    catalog.language_team = TRANSLATORS
    translator = str(catalog.last_translator or "")
    if not translator or translator == PROJECT or any(p in translator for p in PLACEHOLDERS):
        catalog.last_translator = TRANSLATORS
    if isinstance(catalog.revision_date, str):  # Babel's "YEAR-MO-DA HO:MI+ZONE"
        catalog.revision_date = catalog.creation_date
    catalog.header_comment = HEADER_COMMENT.format(language=Locale.parse(lang).english_name)


# --- what the page and the templates read ---------------------------------------------------


def _category_of_index(lang: str) -> list[str]:
    """For each plural form of *lang*'s catalog (``msgstr[i]``), its CLDR category."""
    import gettext

    from babel import Locale
    from babel.messages.plurals import get_plural

    plural = get_plural(lang)
    rule = gettext.c2py(plural.plural_expr)
    locale = Locale.parse(lang)
    categories: list[str] = ["other"] * plural.num_plurals
    for n in range(200, -1, -1):  # the smallest n of each form names it last
        categories[rule(n)] = locale.plural_form(n)
    return categories


@cache
def compiled(lang: str) -> Mapping[str, Text]:
    """*lang*'s strings by key (plurals by CLDR category). English: every string, as
    the catalogs' ``msgid``s give it."""
    strings: Mapping[str, Text] = _tables()["strings"][lang]
    return strings


@cache
def _front_end_keys() -> frozenset[str]:
    return frozenset(_tables()["front"])


@cache
def _tables() -> dict[str, Any]:
    """Every language's strings and the front end's keys, read from the catalogs with
    Babel once and kept in islandmap's cache as JSON (keyed by the catalogs' bytes):
    reading the ``.po`` files takes a tenth of a second, a third of what rendering the
    seeds adds to the libraries' own start-up."""
    import json

    from islandmap.cache import cached_bytes, code_of

    parts = [
        b"catalogs: strings, front, numbers, plurals",
        *(catalog_path(code).read_bytes() for code in LANGUAGES if code != SOURCE_LANGUAGE),
        code_of(__file__),  # the code that reads them: a change to it misses too
    ]

    def read() -> bytes:
        from babel import Locale

        locales = {code: Locale.parse(code) for code in LANGUAGES}
        tables = {
            "strings": {code: _compile(code) for code in LANGUAGES},
            "numbers": {
                code: {
                    "group": locale.number_symbols["latn"]["group"],
                    "decimal": locale.number_symbols["latn"]["decimal"],
                    "minus": locale.number_symbols["latn"]["minusSign"],
                }
                for code, locale in locales.items()
            },
            "plurals": {code: dict(locale.plural_form.rules) for code, locale in locales.items()},
            "front": sorted(
                message.context
                for message in read_catalog("ja")
                if message.context and any(loc == FRONT_END_TABLE for loc, _ in message.locations)
            ),
        }
        return json.dumps(tables, ensure_ascii=False).encode()

    try:
        value: dict[str, Any] = json.loads(cached_bytes(parts, read))
    except ValueError:  # a damaged cache entry
        value = json.loads(read())
    return value


def _compile(lang: str) -> dict[str, Text]:
    source = read_catalog("ja" if lang == SOURCE_LANGUAGE else lang)
    categories = ["one", "other"] if lang == SOURCE_LANGUAGE else _category_of_index(lang)
    out: dict[str, Text] = {}
    for message in source:
        if not message.id or not message.context:
            continue
        if lang == SOURCE_LANGUAGE:
            strings = [message.id] if isinstance(message.id, str) else list(message.id)
        else:
            strings = [message.string] if isinstance(message.string, str) else message.string
            if message.fuzzy or not all(strings):
                continue
        if isinstance(message.id, str):
            out[message.context] = strings[0]
        else:
            out[message.context] = dict(zip(categories, strings, strict=False))
    return out


def script_has_english(lang: str) -> bool:
    """Whether the script of a page in *lang* carries the front end's English table
    (:data:`FRONT_END_TABLE`): only an English page's does. A page in Japanese or Russian
    reads those strings from its packed English catalog when the reader chooses English:
    its script is 5 KB shorter, its English catalog 2 KB longer."""
    return lang == SOURCE_LANGUAGE


def _strings_of(lang: str, page_lang: str) -> dict[str, Text]:
    """*lang*'s strings as a page in *page_lang* carries them: English without the front
    end's table where the page's script has it already. Where the script has no table, a
    string of the table that *lang* has not translated yet is given in English, as the
    table would have given it."""
    strings = dict(compiled(lang))
    front = _front_end_keys()
    if script_has_english(page_lang):
        if lang == SOURCE_LANGUAGE:
            strings = {k: v for k, v in strings.items() if k not in front}
    else:
        english = compiled(SOURCE_LANGUAGE)
        for key in sorted(front - strings.keys()):
            if key in english:
                strings[key] = english[key]
    return strings


@cache
def _script_keys(name: str = "*.js") -> frozenset[str]:
    """Every key the page's script names (a quoted ``"area.key"`` in data/js/, or in the
    files of data/js/ that *name* matches)."""
    found: set[str] = set()
    for path in (package_dir() / "data" / "js").glob(name):
        found.update(re.findall(r"[\"'`]([a-z][\w-]*(?:\.[\w-]+)+)[\"'`]", path.read_text("utf-8")))
    return frozenset(found)


#: The script that only a page whose passages are packed carries (page.assets.packed_js).
PACKED_SCRIPT = "packed.js"


@cache
def _unused_keys(packed: bool) -> frozenset[str]:
    """Keys a page's catalogs need not carry: the strings Python only writes into the
    texts of the data or the embed snippet (page.messages.COMPOSED), and in a page whose
    passages are not packed, those only its packed-passages script shows (while it reads
    them: "Loading the quotes…")."""
    from islandmap.page import messages

    unused = {message.key for message in messages.COMPOSED} - _script_keys()
    if not packed:
        others = set().union(
            *(
                _script_keys(path.name)
                for path in (package_dir() / "data" / "js").glob("*.js")
                if path.name not in (PACKED_SCRIPT, Path(FRONT_END_TABLE).name)
            )
        )
        unused |= _script_keys(PACKED_SCRIPT) - others
    return frozenset(unused)


def _needed_inline(key: str, text: Text) -> bool:
    """Whether the page's own catalog must hold *key*: its script names it, or its text
    cannot be read back from the markup (a plural, a text with ``{marks}``). The rest are
    in the page's markup in its own language (``data-i18n``), where its script reads them."""
    return isinstance(text, dict) or "{" in text or key in _script_keys()


class PageTexts:
    """The texts of one page's data in every language (an island's facts, the history's
    periods, events and readings), which the page's language switch shows like its
    strings: each gets a key, ``~0``, ``~1``, … (or one given, for a text the page's script
    reads), and the page carries it in each language's catalog (:func:`page_catalogs`).

    The texts under ``~`` keys are in the page's own language in its markup already, so
    that language's catalog leaves them out (the page's script reads them from the markup
    before it first shows another language)."""

    def __init__(self) -> None:
        self.forms: dict[str, dict[str, str]] = {}
        self.inline: set[str] = set()
        #: Keys whose text the page's markup (not its packed parts) holds as it is, in a
        #: plain ``data-i18n`` element, with that text: the page's script reads these
        #: there, so its own language's catalog leaves them out.
        self.shown: dict[str, str] = {}
        self._by_forms: dict[tuple[str, ...], str] = {}

    def show(self, key: str, text: str) -> None:
        """Note that the page's markup holds *key*'s text *text* in a plain ``data-i18n``
        element (a second, other text for the key makes it count as not shown)."""
        if self.shown.setdefault(key, text) != text:
            self.shown[key] = ""

    def key(self, forms: Mapping[str, str], key: str | None = None) -> str | None:
        """The key of the text *forms* (``{"en": …, "ja": …, "ru": …}``; a language left
        out is shown in English); None when it reads the same in every language."""
        full = {
            code: str(forms.get(code) or forms.get(SOURCE_LANGUAGE) or "") for code in LANGUAGES
        }
        if key is not None:
            self.forms[key] = full
            self.inline.add(key)
            return key
        if len(set(full.values())) <= 1:
            return None
        signature = tuple(full[code] for code in LANGUAGES)
        found = self._by_forms.get(signature)
        if found is None:
            found = f"~{len(self._by_forms)}"
            self._by_forms[signature] = found
            self.forms[found] = full
        return found


def page_catalogs(
    lang: str, texts: PageTexts | None = None, passages_packed: bool = False
) -> tuple[dict[str, dict[str, Text]], dict[str, str]]:
    """The page's catalogs: *lang*'s strings as they are (for the page's config block,
    ``catalogs``; without those the page's markup holds and its script reads from it, see
    :func:`_needed_inline`), and every other language's, with the page's texts (*texts*), as JSON
    compressed with raw DEFLATE and encoded in base64 (``packedCatalogs``), which the page
    reads with the browser's DecompressionStream when the reader chooses that language:
    the seeds' offline page carries the three languages in 10 KB instead of 17 KB. A page
    in Japanese or Russian has the front end's English table in its English catalog, not
    in its script (:func:`script_has_english`). Strings the page cannot show are left out
    (:func:`_unused_keys`; *passages_packed*: the page's passages are packed)."""
    from islandmap.page.data import pack_json

    forms = texts.forms if texts is not None else {}
    unused = _unused_keys(passages_packed)
    own = {
        key: text
        for key, text in _strings_of(lang, lang).items()
        if _needed_inline(key, text) and key not in unused
    }
    # The texts of the data the page's script reads: in English, its data has them.
    for key in sorted(texts.inline if texts is not None and lang != SOURCE_LANGUAGE else ()):
        own[key] = forms[key][lang]
    # What the page's markup holds as it is, its script reads there (i18n.js: it reads
    # the page's own texts from the markup before anything is shown).
    for key, text in (texts.shown if texts is not None else {}).items():
        if own.get(key) == text and text:
            del own[key]
    packed: dict[str, str] = {}
    for code in LANGUAGES:
        if code == lang:
            continue
        strings = {k: v for k, v in _strings_of(code, lang).items() if k not in unused}
        strings.update({key: text[code] for key, text in forms.items()})
        packed[code] = pack_json(strings)
    return {lang: own}, packed


def unpack_catalog(text: str) -> dict[str, Text]:
    """A language's catalog as ``packedCatalogs`` holds it (for tools and tests)."""
    from islandmap.page.data import unpack_json

    value: dict[str, Text] = unpack_json(text)
    return value


def fill(text: str, params: Mapping[str, Any], lang: str = SOURCE_LANGUAGE) -> str:
    """*text* with each ``{name}`` replaced by ``params[name]`` (numbers formatted for
    *lang*); the values are inserted as they are, never read for more marks."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            return match.group(0)
        return format_value(params[name], lang)

    return _MARK.sub(value, text)


def format_value(value: Any, lang: str) -> str:
    """*value* as Babel's ``format_decimal(value, locale=lang, format="#,##0.###")``
    writes it (the test suite checks that they agree), from the language's number symbols
    in CLDR, which :func:`_tables` keeps: loading Babel's locale data on every render costs
    more than all the page's other formatting."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        from babel.numbers import format_decimal

        return str(format_decimal(value, locale=lang, format="#,##0.###"))
    symbols: dict[str, str] = _tables()["numbers"][lang]
    number = Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)
    sign, digits = ("-", -number) if number < 0 else ("", number)
    whole, _, fraction = f"{digits:f}".partition(".")
    fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = symbols["group"].join(groups)
    if fraction:
        text += symbols["decimal"] + fraction
    return (symbols["minus"] if sign else "") + text


def plural_form(forms: Mapping[str, str], n: Any, lang: str) -> str:
    """The form of *forms* (by CLDR plural category) that *n* takes in *lang*."""
    category = _plural_rule(lang)(n if isinstance(n, int | float) else 0)
    return forms.get(category) or forms.get("other") or next(iter(forms.values()))


@cache
def _plural_rule(lang: str) -> Any:
    from babel.plural import PluralRule

    return PluralRule(_tables()["plurals"][lang])


@dataclass(frozen=True)
class Translator:
    """The strings of one language, for the templates and the Python side."""

    lang: str

    def text(self, key: str, english: str, **params: Any) -> str:
        found = compiled(self.lang).get(key) if self.lang != SOURCE_LANGUAGE else None
        text = found if isinstance(found, str) else english
        return fill(text, params, self.lang)

    def plural(self, key: str, one: str, other: str, n: Any, **params: Any) -> str:
        found = compiled(self.lang).get(key) if self.lang != SOURCE_LANGUAGE else None
        forms = found if isinstance(found, dict) else {"one": one, "other": other}
        return fill(plural_form(forms, n, self.lang), {"n": n, **params}, self.lang)


def check_lang(lang: str) -> str:
    """*lang* if the page can be written in it."""
    value = (lang or "").strip().lower()
    if value not in LANGUAGES:
        from islandmap.errors import IslandmapError

        raise IslandmapError(
            None, f"unknown language {lang!r}. Use en (English), ja (Japanese) or ru (Russian)"
        )
    return value


def _main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        for path in update():
            print(f"Updated {path}")
        return 0
    if command == "check":
        try:
            problems = check()
        except CatalogError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(
                f"{len(problems)} problem(s). Run `python -m islandmap.i18n update`, then "
                "translate the new strings in each .po file",
                file=sys.stderr,
            )
            return 1
        print(f"Catalogs up to date: {len(extract())} strings in {', '.join(LANGUAGES)}")
        return 0
    if command == "extract":
        from babel.messages.pofile import write_po

        write_po(sys.stdout.buffer, template_catalog(), width=0)
        return 0
    print("usage: python -m islandmap.i18n update|check|extract", file=sys.stderr)
    return 2


def iter_languages() -> Iterator[tuple[str, str]]:
    """Each language's code and own name, in the switch's order."""
    for lang in LANGUAGES:
        yield lang, LANGUAGE_NAMES[lang]


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
