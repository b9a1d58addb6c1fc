"""Bring a new article into the sources folder, from a web page, a saved page or a text file.

The steps, each a function the CLI calls in turn: :func:`read_draft` reads the input
(downloads a page, extracts a saved page, or reads a ``.txt``/``.md`` file) into a
:class:`Draft`; :func:`with_fields` adds what the user supplied; :func:`prepare` writes
the source text, parses it back with the same parser as ``sources/`` (so what is shown is
what the map will read), finds the island names and refuses duplicates; :func:`write_source`
writes the file atomically, never over an existing one.

How the body is written so that the parser reads back exactly the article's paragraphs
(README, "islandmap add"): one paragraph per block, blocks separated by a blank line;
line breaks inside a paragraph are kept, blank or whitespace-only lines inside it are
dropped; a paragraph whose first line would read as a Markdown heading (``#`` to
``######`` then a space or nothing) is written with a backslash before it (``\\# 1 …``),
which the parser removes;
control characters are removed; paragraphs with no letter or digit (dividers such as
``***`` or ``---``) are left out. Headings of the article become ``##`` headings (not
passages), except one that would read as the comments heading, which is left out.
Front matter values are written by ``yaml.safe_dump`` on one line each.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import yaml

from islandmap.errors import IslandmapError, SourceError
from islandmap.extract import Block
from islandmap.fetch import DEFAULT_TIMEOUT, MAX_PAGE_BYTES, check_web_address, fetch_page
from islandmap.matching import default_matcher
from islandmap.models import ISLAND_IDS, Article, MatchedPassage
from islandmap.output import counted, write_new_file
from islandmap.sources import (
    COMMENTS_HEADINGS,
    HEADING,  # the parser's own heading rule, so escaping matches it exactly
    MAX_SOURCE_BYTES,
    SOURCE_SUFFIXES,
    parse_markdown,
    parse_plain_text,
    read_text,  # the same size, encoding and binary checks as files in sources/
    source_paths,  # the files the map reads
    split_front_matter,
)

COMMENTS_HEADING = "## Reader comments"
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
# Fields asked for when missing, by kind of input. A page's own metadata is trusted as
# extracted (the options override it); a text file usually has none.
ASKED_FIELDS = {
    "web page": ("title",),
    "saved web page": ("title",),
    "text file": ("title", "publisher", "date", "url"),
}
# How the user is asked for a missing field.
FIELD_PROMPTS = {
    "title": "Title (the headline)",
    "publisher": "Publisher (Enter to leave it empty)",
    "date": "Date, YYYY-MM-DD (Enter to leave it empty)",
    "url": "Web address (Enter to leave it empty)",
}
_LINE_ENDS = re.compile("\r\n|[\r\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SLUG_LENGTH = 60


class AddError(IslandmapError):
    """An article cannot be added to the sources folder."""


@dataclass(frozen=True)
class Draft:
    """An article read from its input, not yet a source file."""

    origin: str  # the address or file the user gave
    kind: str  # "web page", "saved web page" or "text file"
    title: str = ""
    publisher: str = ""
    url: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    language: str = ""
    blocks: tuple[Block, ...] = ()
    comments: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)  # other front matter fields


@dataclass(frozen=True)
class Prepared:
    """A draft as a source file's text, read back, matched, and where it will be written."""

    draft: Draft
    text: str
    article: Article
    matched: tuple[MatchedPassage, ...]
    path: Path

    @property
    def islands(self) -> tuple[str, ...]:
        """The islands the article names, in the map's order."""
        named = {m.island for p in self.matched for m in p.mentions}
        return tuple(i for i in ISLAND_IDS if i in named)


def stdin_is_terminal() -> bool:
    """Whether someone can answer a question on stdin (tests replace this)."""
    return sys.stdin is not None and sys.stdin.isatty()


def web_address(origin: str) -> str | None:
    """*origin* if it is a web address to fetch, ``None`` if it names a file.

    Raises :class:`~islandmap.fetch.FetchError` for an address islandmap does not fetch
    (``ftp:``, ``file:``, ``javascript:``, …): only ``http://`` and ``https://``.
    """
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://|(?:javascript|data|mailto|file):", origin, re.I):
        check_web_address(origin)
        return origin
    return None


def read_draft(origin: str, timeout: float = DEFAULT_TIMEOUT, title_given: bool = False) -> Draft:
    """The article at *origin*: a web address, a saved ``.html`` page, ``.txt`` or ``.md``.

    *title_given*: the user gives the title, so a ``.txt`` file has no title line.
    """
    if web_address(origin):
        page = fetch_page(origin, timeout=timeout)
        draft = _page_draft(origin, "web page", page.html, page.url)
        # Pages change: say when this copy was read.
        return dataclasses.replace(draft, notes={**draft.notes, "retrieved": _today()})
    path = Path(origin)
    suffix = path.suffix.lower()
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file (a device or pipe)"
        raise AddError(origin, f"is {kind}. Give the saved page or the text file to add")
    if not path.is_file():
        hint = ". For a web address, start it with https://" if "." in origin else ""
        raise AddError(origin, f"file not found. Check the name and folder{hint}")
    if suffix in PAGE_SUFFIXES:
        try:
            size = path.stat().st_size
            if size > MAX_PAGE_BYTES:
                raise AddError(
                    path,
                    f"is {size / 1e6:.1f} MB; a saved page may be at most "
                    f"{MAX_PAGE_BYTES // 10**6} MB. Save only the article's page (Save Page "
                    "As…, Web Page, HTML only), or copy its text into a .txt file and add that",
                )
            html = path.read_bytes()
        except OSError as error:
            raise AddError(
                path, f"cannot be read ({error.strerror}). Check its permissions"
            ) from None
        return _page_draft(origin, "saved web page", html, None, received_as=path.name)
    if suffix == ".txt":
        return _text_draft(origin, path, title_given)
    if suffix == ".md":
        return _markdown_draft(origin, path)
    raise AddError(
        origin,
        "is not a web page (.html), a text file (.txt) or a Markdown file (.md). Save the "
        "article's page from the browser as .html, or its text as .txt",
    )


def _page_draft(
    origin: str, kind: str, html: str | bytes, page_url: str | None, received_as: str = ""
) -> Draft:
    import trafilatura

    from islandmap.extract import extract_page

    page = extract_page(html, page_url)
    if page is None or not any(b.kind == "paragraph" for b in page.blocks):
        raise AddError(
            origin,
            "no article text found on the page. If it is the article's page, save it once it "
            "has fully loaded, or copy the article's text into a .txt file and add that",
        )
    notes = {"received_as": received_as} if received_as else {}
    notes["extracted_with"] = f"trafilatura {trafilatura.__version__}"
    return Draft(
        origin=origin,
        kind=kind,
        title=page.title,
        publisher=page.publisher,
        url=page.url,
        date=page.date,
        authors=page.authors,
        language=page.language,
        blocks=page.blocks,
        comments=page.comments,
        notes=notes,
    )


def _text_draft(origin: str, path: Path, title_given: bool) -> Draft:
    text = read_text(path)
    # With the title given, every line is the article's; else the first line is the title.
    article = parse_plain_text(("-\n" if title_given else "") + text, path.name, path)
    return Draft(
        origin=origin,
        kind="text file",
        title="" if title_given else article.title,
        blocks=tuple(Block("paragraph", p.text) for p in article.passages),
        notes={"received_as": path.name},
    )


def _markdown_draft(origin: str, path: Path) -> Draft:
    text = read_text(path)
    if text.startswith("---"):
        meta, body = split_front_matter(text, path)
    else:
        meta, body = {}, text
        first, _, rest = text.lstrip("\n").partition("\n")
        heading = re.fullmatch(r"#[ \t]+(.+?)[ \t#]*", first.strip())
        if heading:  # a "# Title" line opens the file
            meta, body = {"title": heading.group(1)}, rest
    title = meta.get("title")
    # Parsed with a stand-in title so the other fields get the usual checks and messages.
    checked = parse_markdown(_front_matter({**meta, "title": "-"}) + body, path.name, path)
    notes = {"received_as": path.name, **checked.extra}
    return Draft(
        origin=origin,
        kind="text file",
        title=_one_line(title) if isinstance(title, str) else "",
        publisher=checked.publisher,
        url=checked.url,
        date=checked.date,
        authors=checked.authors,
        language=checked.language,
        blocks=tuple(
            Block("paragraph", p.text) for p in checked.passages if p.section == "article"
        ),
        comments=tuple(p.text for p in checked.passages if p.section == "comments"),
        notes=notes,
    )


def fields_to_ask(draft: Draft) -> tuple[str, ...]:
    """The fields the user should be asked for: missing, and worth asking for this input."""
    return tuple(f for f in ASKED_FIELDS[draft.kind] if not getattr(draft, f))


def check_field(name: str, value: str, where: str | None = None) -> str:
    """*value* as front matter field *name*, checked as ``sources/`` checks it.

    Raises :class:`~islandmap.errors.SourceError` worded for the user (a date that is not
    a date, an address that is not a web address).
    """
    value = _one_line(_clean(value))
    if name == "title" and not value:
        raise AddError(where or name, "the title is empty. Give the article's headline")
    if name in ("date", "url") and value:
        checked = parse_markdown(_front_matter({"title": "-", name: value}), "-", where or name)
        value = checked.date if name == "date" else checked.url
    return value


def with_fields(draft: Draft, **fields: str | None) -> Draft:
    """The draft with the given fields (title, publisher, date, url) replacing its own."""
    given = {
        name: check_field(name, value, f"--{name}")
        for name, value in fields.items()
        if value is not None
    }
    return dataclasses.replace(draft, **given)  # type: ignore[arg-type]


def check_sources_folder(sources_dir: Path) -> None:
    """Refuse a *sources_dir* that holds archives of articles and no article: an article
    written there would make the map read the folder as its articles, and leave out every
    record of its archives."""
    from islandmap.records import RECORD_SUFFIXES, holds_articles

    if not sources_dir.is_dir() or next(source_paths(sources_dir), None) is not None:
        return
    archives = [
        p.relative_to(sources_dir).as_posix()
        for p in source_paths(sources_dir, RECORD_SUFFIXES)
        if holds_articles(p)
    ]
    if archives:
        raise AddError(
            sources_dir,
            f"holds archives of articles ({archives[0]}{', …' if len(archives) > 1 else ''}) "
            "and no article: the map reads a folder that holds articles as those alone, so "
            "an article added here would leave the archives out. Add it as a record of an "
            "archive instead, or give a folder of articles",
            option="sources",
        )


def prepare(draft: Draft, sources_dir: Path) -> Prepared:
    """The draft as a source file: text, parsed back, matched, and a free file name.

    Raises :class:`AddError` when the title is missing or ``sources_dir`` already holds the
    article (same address or same text).
    """
    check_sources_folder(sources_dir)
    if not draft.title.strip():
        raise AddError(draft.origin, "has no title. Give the article's headline", option="title")
    text = source_text(draft)
    size = len(text.encode("utf-8"))
    if size > MAX_SOURCE_BYTES:
        # What add writes must read back: the front matter and the blank lines between
        # paragraphs can take a text just under the limit over it.
        raise AddError(
            draft.origin,
            f"would make a source file of {size / 1e6:.2f} MB, and an article may be at most "
            f"{MAX_SOURCE_BYTES // 10**6} MB. Put one article in each file (split a longer "
            "text into parts)",
        )
    name = file_name(draft)
    article = parse_markdown(text, name, draft.origin)
    _check_round_trip(draft, article)
    duplicate = find_duplicate(article, sources_dir)
    if duplicate is not None:
        held_by, same = duplicate
        raise AddError(
            draft.origin,
            f"is already in the sources: {held_by} holds the same {same}. "
            "Nothing was written; edit that file to change it",
        )
    matched = tuple(default_matcher().match_article(article))
    return Prepared(draft, text, article, matched, _free_path(sources_dir, name))


def source_text(draft: Draft) -> str:
    """The draft in the sources' Markdown format (README, "Sources")."""
    meta: dict[str, Any] = {
        "title": _one_line(_clean(draft.title)),
        "publisher": draft.publisher,
        "url": draft.url,
        "date": draft.date,
        "authors": [a for a in map(_flat, draft.authors) if a],
        "language": draft.language,
        **draft.notes,
    }
    parts = [_front_matter(meta)]
    for block in draft.blocks:
        if block.kind == "heading":
            heading = f"## {_one_line(_clean(block.text))}"
            if _heading_name(heading) not in COMMENTS_HEADINGS:
                parts.append(heading + "\n")
        elif paragraph := written_paragraph(block.text):
            parts.append(paragraph + "\n")
    comments = [c for c in map(written_paragraph, draft.comments) if c]
    if comments:
        parts.append(COMMENTS_HEADING + "\n")
        parts.extend(c + "\n" for c in comments)
    return "\n".join(parts)


def _heading_name(line: str) -> str:
    """The name the parser reads in a heading line, as it compares it with the comments'."""
    match = HEADING.fullmatch(line.strip())
    return (match.group(1) or "").strip().lower() if match else ""


def written_paragraph(text: str) -> str:
    """A paragraph as it is written to a source file ("" when it is left out)."""
    lines = [line.strip() for line in _clean(text).split("\n")]
    lines = [line for line in lines if line]
    if not any(char.isalnum() for line in lines for char in line):
        return ""
    if HEADING.fullmatch(lines[0]):
        lines[0] = "\\" + lines[0]
    return "\n".join(lines)


def _front_matter(meta: dict[str, Any]) -> str:
    values = {key: _flat(value) for key, value in meta.items()}
    values = {key: value for key, value in values.items() if value not in ("", [], None)}
    # One line per value (no folding), so no value can put a '---' line in the block.
    dumped = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=10**9)
    return f"---\n{dumped}---\n"


def _flat(value: Any) -> Any:
    """*value* with every text in it on one line."""
    if isinstance(value, str):
        return _one_line(_clean(value))
    if isinstance(value, list):
        return [_flat(item) for item in value]
    if isinstance(value, dict):
        return {key: _flat(item) for key, item in value.items()}
    return value


def _check_round_trip(draft: Draft, article: Article) -> None:
    """The parser must read back the paragraphs written; anything else is a bug here."""
    paragraphs = [
        _as_read(written)
        for block in draft.blocks
        if block.kind == "paragraph" and (written := written_paragraph(block.text))
    ]
    comments = [_as_read(written) for c in draft.comments if (written := written_paragraph(c))]
    read_back = [p.text for p in article.passages if p.section == "article"]
    read_comments = [p.text for p in article.passages if p.section == "comments"]
    if read_back != paragraphs or read_comments != comments:
        raise RuntimeError(f"{draft.origin}: the source written would not read back as written")


def _as_read(written: str) -> str:
    """A written paragraph as the parser reads it: without the backslash of a leading \\#."""
    return written[1:] if written.startswith("\\#") else written


def file_name(draft: Draft) -> str:
    """``<date>-<slug>.md``: the date as precise as known (or ``undated``), the title's words."""
    date = draft.date[:10] if draft.date else "undated"
    return f"{date}-{slug(draft.title) or 'article'}.md"


def slug(title: str) -> str:
    """Lower-case words of *title* joined by hyphens: ASCII where the title is Latin script."""
    ascii_words = re.findall(
        r"[a-z0-9]+",
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower(),
    )
    words = ascii_words
    if len("".join(ascii_words)) < 3:  # Cyrillic, Japanese: keep the title's own letters
        words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", title).lower())
    text = ""
    for word in words:
        if text and len(text) + 1 + len(word) > _SLUG_LENGTH:
            break
        text = f"{text}-{word}" if text else word[:_SLUG_LENGTH]
    return text


def _free_path(sources_dir: Path, name: str) -> Path:
    """*name*, or with ``-2``, ``-3``, … if taken: also by ``x.txt`` for ``x.md`` (same source)."""
    path = sources_dir / name
    number = 2
    while not _is_free(path):
        path = sources_dir / f"{name.removesuffix('.md')}-{number}.md"
        number += 1
    return path


def _is_free(path: Path) -> bool:
    """No file of that name, nor one that the loader would take for the same source."""
    if path.exists():
        return False
    if not path.parent.is_dir():
        return True
    stem = _stem_key(path)
    return not any(
        _stem_key(other) == stem
        for other in path.parent.iterdir()
        if other.suffix.lower() in SOURCE_SUFFIXES
    )


def _stem_key(path: Path) -> str:
    return unicodedata.normalize("NFC", path.with_suffix("").name).casefold()


def find_duplicate(article: Article, sources_dir: Path) -> tuple[str, str] | None:
    """The file in *sources_dir* that holds *article* already, and what is the same.

    The same article is the same web address (ignoring http/https, ``www.``, a trailing
    ``/``, the ``#`` part and tracking parameters) or the same text (ignoring spacing,
    case and how it is split into paragraphs).
    """
    address = _address_key(article.url)
    text = _text_key(article)
    for existing in _existing_sources(sources_dir):
        path = (sources_dir / existing.id).as_posix()
        if address and _address_key(existing.url) == address:
            return path, "address"
        if text and _text_key(existing) == text:
            return path, "text"
    return None


def _existing_sources(sources_dir: Path) -> Iterator[Article]:
    from islandmap.sources import read_source

    if not sources_dir.is_dir():
        return
    for path in source_paths(sources_dir):
        try:
            yield read_source(path, path.relative_to(sources_dir).as_posix())
        except SourceError as error:
            raise SourceError(
                error.path,
                f"{error.message}. (islandmap add reads every source to check that the "
                "article is not there already; fix this one first. Nothing was written)",
            ) from None


def _address_key(url: str) -> str:
    """The address without what does not change the page: scheme, www., #part, tracking."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != {"http": 80, "https": 443}.get(parts.scheme.lower()):
        host = f"{host}:{port}"  # another port is another site
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(("utm_", "fbclid"))]
    )
    path = unquote(parts.path).rstrip("/") or "/"  # /курилы and /%D0%BA%D1%83… alike
    return urlunsplit(("", host, path, query, ""))


def _text_key(article: Article) -> str:
    paragraphs = [p.text.removeprefix("\\") for p in article.passages if p.section == "article"]
    return " ".join(" ".join(paragraphs).split()).casefold()


def write_source(prepared: Prepared) -> Path:
    """Write the prepared source atomically, under its name or the next free one: never
    over a file that is there, even one written since :func:`prepare` chose the name."""
    path = prepared.path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path.parent):
            # Another run may have added the article since prepare() looked.
            duplicate = find_duplicate(prepared.article, path.parent)
            if duplicate is not None:
                held_by, same = duplicate
                raise AddError(
                    prepared.draft.origin,
                    f"is already in the sources: {held_by} holds the same {same} (added "
                    "while this one was being prepared). Nothing was written",
                )
            return write_new_file(_free_names(path), prepared.text.encode("utf-8"))
    except OSError as error:
        raise AddError(
            path,
            f"cannot be written ({error.strerror or error}). Check that the folder is "
            "writable and the disk is not full; nothing was written",
        ) from None


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on *folder* (``flock`` on the folder itself, so no lock file
    is left behind): concurrent runs of ``add`` check for duplicates and write one at a
    time. Where there is no ``flock`` (Windows), the file is still never written over."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        with suppress(OSError):  # a file system without locks (ENOLCK): go on unlocked
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _free_names(path: Path) -> Iterator[Path]:
    """*path*, then name-2.md, name-3.md, …, each that is free when it comes to be tried."""
    name, number = path.name.removesuffix(".md"), 2
    while True:
        if _is_free(path):
            yield path
        path = path.with_name(f"{name}-{number}.md")
        number += 1


def describe(prepared: Prepared) -> list[str]:
    """What will be added, for the user to check: metadata, paragraphs, island names."""
    article = prepared.article
    paragraphs = sum(1 for p in article.passages if p.section == "article")
    comments = len(article.passages) - paragraphs
    text = counted(paragraphs, "paragraph") + (
        f", {counted(comments, 'reader comment')}" if comments else ""
    )
    lines = [
        f"From {prepared.draft.origin} ({prepared.draft.kind}):",
        f"  title:      {article.title}",
        f"  publisher:  {article.publisher or '(unknown: give --publisher)'}",
        f"  date:       {article.date or '(unknown: give --date)'}",
        f"  authors:    {'; '.join(article.authors) or '(unknown)'}",
        f"  url:        {article.url or '(none: give --url)'}",
        f"  language:   {article.language or '(unknown)'}",
        f"  text:       {text}",
    ]
    lines.extend(_island_lines(prepared.matched))
    lines.append(f"  file:       {prepared.path.as_posix()}")
    return lines


def _island_lines(matched: Sequence[MatchedPassage]) -> list[str]:
    lines: list[str] = []
    for island in ISLAND_IDS:
        surfaces = [m.surface for p in matched for m in p.mentions if m.island == island]
        if surfaces:
            passages = sum(1 for p in matched if island in p.islands)
            names = ", ".join(dict.fromkeys(surfaces))
            label = "islands:" if not lines else ""
            lines.append(f"  {label:<11} {island} ({names}) in {counted(passages, 'paragraph')}")
    if not lines:
        lines.append("  islands:    none")
    group = [c.surface for p in matched for c in p.collective]
    if group:
        grouped = sum(1 for p in matched if p.collective)
        names = ", ".join(dict.fromkeys(group))
        lines.append(f"  group:      {names} in {counted(grouped, 'paragraph')}")
    return lines


def no_islands_warning(prepared: Prepared) -> str | None:
    """The warning for an article that names none of the four islands, else ``None``."""
    if prepared.islands:
        return None
    group = any(p.collective for p in prepared.matched)
    where = (
        "it will be on the map only under the islands as a group"
        if group
        else "no quote from it will be on the map"
    )
    return (
        f"{prepared.draft.origin}: names none of the four islands, so {where}. "
        "It is added all the same"
    )


def _today() -> str:
    return dt.date.today().isoformat()


def _clean(text: str) -> str:
    """Text without control characters; every kind of line end becomes ``\\n``."""
    text = _LINE_ENDS.sub("\n", text).replace("\x0b", " ").replace("\x0c", " ")
    text = _CONTROL.sub("", text)
    return text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates


def _one_line(text: str) -> str:
    return " ".join(text.split())
