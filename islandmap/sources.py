"""Read the articles in the sources folder into :class:`~islandmap.models.Article` values.

Two formats (see the README, "Sources"):

* ``.md``: YAML front matter between ``---`` lines (``title`` required), then the body.
  Paragraphs are separated by blank lines. Headings are not passages; everything after a
  heading ``## Reader comments`` is the comments section.
* ``.txt``: the first line is the title; paragraphs are separated by blank lines, or, in a
  file with no blank lines, each line is a paragraph.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from islandmap.errors import SourceError, one_line
from islandmap.models import Article, Passage, Section

logger = logging.getLogger("islandmap")

SOURCE_SUFFIXES = (".md", ".txt")
MAX_SOURCE_BYTES = 10 * 10**6
COMMENTS_HEADINGS = frozenset({"reader comments", "comments"})
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
HEADING = re.compile(r"#{1,6}(?:[ \t]+(.*?))?[ \t#]*")
# ASCII digits only: \d would take full-width ２０２４ and Arabic-Indic digits too.
_ISO_DATE = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?", re.ASCII
)
_KNOWN_FIELDS = ("title", "publisher", "url", "date", "authors", "language")


class NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without aliases (``*name``): nested aliases can make a few hundred bytes
    expand to gigabytes, and nothing a user writes by hand needs them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


class _FrontMatterLoader(NoAliasLoader):
    """YAML without implicit timestamps: dates stay text, checked by :func:`_date_field`."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser, where PyYAML has it, with the same resolvers: the pure-Python one took
# most of the time of reading 5,000 short articles. It is used only for front matter that
# can hold no alias ("*" and "&" absent), no tag ("!": the parsers read an empty one
# differently), no block scalar ("|", ">": they read "|#" differently) and, besides line
# feeds, only printable characters (they differ on tabs, and libyaml lets through
# characters PyYAML's reader refuses), and any error is reported by the pure-Python
# loader, so that what is accepted and every message stay as they were. A property test
# holds the two to the same result.
_READ_APART = "*&!|>"  # what only the pure parser reads: aliases, tags, block scalars
_CFrontMatterLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _CFrontMatterLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        yaml_implicit_resolvers = _FrontMatterLoader.yaml_implicit_resolvers


def _load_front_matter(raw: str) -> Any:
    if (
        _CFrontMatterLoader is not None
        and not any(c in raw for c in _READ_APART)
        and raw.replace("\n", "").isprintable()
    ):
        try:
            meta = yaml.load(raw, Loader=_CFrontMatterLoader)
        except (yaml.YAMLError, ValueError, RecursionError):
            pass  # the message comes from the loader below
        else:
            # libyaml reads nesting hundreds deep, which the pure parser refuses
            if _nested_at_most(meta, 50):
                return meta
    return yaml.load(raw, Loader=_FrontMatterLoader)


def _nested_at_most(value: Any, depth: int) -> bool:
    """Whether *value* holds lists and mappings at most *depth* deep (walked without
    recursion)."""
    level: list[Any] = [value]
    for _ in range(depth + 1):
        level = [
            inner
            for item in level
            if isinstance(item, (dict, list))
            for inner in (
                list(item.keys()) + list(item.values()) if isinstance(item, dict) else item
            )
        ]
        if not level:
            return True
    return False


def load_sources(sources_dir: Path) -> list[Article]:
    """Read every ``.md`` and ``.txt`` article below *sources_dir*, in file-name order."""
    return read_sources(sources_dir, article_paths(sources_dir))


def read_sources(root: Path, paths: Iterable[Path]) -> list[Article]:
    """The articles of the files *paths*, each named by its path below the folder *root*."""
    return [read_source(path, path.relative_to(root).as_posix()) for path in paths]


def article_paths(sources_dir: Path, archive_suffixes: tuple[str, ...] = ()) -> list[Path]:
    """The article files :func:`load_sources` reads, in order, once the folder is checked
    (it exists and holds articles, no two for one source, every name readable). With
    *archive_suffixes*, a folder that holds no article gives its files that end so (its
    archives of records) instead; beside articles, such files are not read (they are
    often something else: annotations, passages already matched)."""
    if not sources_dir.is_dir():
        if sources_dir.exists():  # a file, a pipe (/dev/stdin): not an archive by its name
            raise SourceError(
                sources_dir,
                "is not a folder of articles nor an archive file (.jsonl, .ndjson, "
                ".parquet). Write the archive to a file whose name ends in .jsonl, or give "
                "a folder",
                option="sources",
            )
        raise SourceError(
            sources_dir,
            "folder not found. Create it and put articles (.md or .txt) in it, "
            "or give the folder that holds them",
            option="sources",
        )
    found = list(source_paths(sources_dir, SOURCE_SUFFIXES + archive_suffixes))
    paths = [path for path in found if path.suffix.lower() in SOURCE_SUFFIXES]
    archives = [path for path in found if path.suffix.lower() not in SOURCE_SUFFIXES]
    if paths and archives:
        _warn_archives_beside(sources_dir, archives)
    elif archives:
        paths = archives
    if not paths:
        or_archives = (
            f", or archives of records ({', '.join(archive_suffixes)}) alone"
            if archive_suffixes
            else ""
        )
        # (listed as articles are: hidden folders left out, in name order)
        compressed = (
            next(source_paths(sources_dir, _COMPRESSED), None) if archive_suffixes else None
        )
        if compressed is not None:
            shown = one_line(compressed.relative_to(sources_dir).as_posix())
            raise SourceError(
                sources_dir,
                f"holds no articles, and compressed files ({shown}), which are not read. "
                "Decompress the archives (gunzip, unxz, …) and give the folder again",
            )
        raise SourceError(
            sources_dir,
            "holds no articles. Add .md files (front matter and text) or .txt files "
            f"(title on the first line) to it{or_archives}",
        )
    _refuse_undecodable_names(paths)
    if paths[0].suffix.lower() in SOURCE_SUFFIXES:  # (an archive's sources: its records)
        _refuse_duplicates(paths)
    return paths


#: Endings of compressed files, which a folder of archives may hold instead of archives.
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".zip")


def _refuse_undecodable_names(paths: list[Path]) -> None:
    for path in paths:
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:
            shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
            raise SourceError(
                shown, "its name is not valid UTF-8. Rename the file with plain characters"
            ) from None


def _refuse_duplicates(paths: list[Path]) -> None:
    """Two files for one article (a.md beside a.txt, or names differing only in case)."""
    seen: dict[str, Path] = {}
    for path in paths:
        key = unicodedata.normalize("NFC", str(path.with_suffix(""))).casefold()
        if key in seen:
            raise SourceError(
                path,
                f"has the same name as {seen[key]} (names are compared without their "
                "extension and case), so both would be the same source. Rename or remove one",
            )
        seen[key] = path


def _warn_archives_beside(sources_dir: Path, paths: list[Path]) -> None:
    """Warn of the archives of articles among *paths*, beside the articles of
    *sources_dir*: the map does not read them, which would otherwise go unnoticed (an
    article added to a folder of archives, or archives copied into a folder of articles)."""
    from islandmap.output import counted
    from islandmap.records import SHOWN_REASONS, holds_articles

    archives = [path.relative_to(sources_dir).as_posix() for path in paths if holds_articles(path)]
    if archives:
        logger.warning(
            "%s: %s of articles not read (%s%s): a folder that holds articles (.md, .txt) "
            "is read as those alone, and as its archives only where it holds none. Keep "
            "archives in a folder of their own",
            sources_dir,
            counted(len(archives), "archive"),
            ", ".join(archives[:SHOWN_REASONS]),
            ", …" if len(archives) > SHOWN_REASONS else "",
        )


def source_paths(sources_dir: Path, suffixes: tuple[str, ...] = SOURCE_SUFFIXES) -> Iterator[Path]:
    """The article files below *sources_dir* that the map reads, in name order (with
    *suffixes*, the files below it that end so).

    Folders and files whose names start with ``.`` or ``_`` are left out. A folder that
    cannot be read raises :class:`SourceError`: the articles in it would be lost unseen.
    """
    found: list[Path] = []
    folders = [sources_dir]
    while folders:
        folder = folders.pop()
        for entry in _list_folder(folder):
            if entry.name.startswith((".", "_")):
                continue
            path = folder / entry.name
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                folders.append(path)
            elif (
                path.suffix.lower() in suffixes
                and path.name.lower() != "readme.md"
                and _is_file(entry, path)
            ):
                found.append(path)
    # sorted as paths sort (part by part, in the case the system compares), each path's
    # parts made once rather than at each comparison (a third of listing 20,000 files)
    yield from sorted(found, key=lambda path: tuple(map(os.path.normcase, path.parts)))


#: Why a link may lead to no file, which ``Path.is_file`` also takes for "not a file":
#: nothing there, a part that is not a folder, a loop (and Windows' own codes for these).
_NOT_THERE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_NOT_THERE_ON_WINDOWS = frozenset({21, 123, 1921})


def _is_file(entry: os.DirEntry[str], path: Path) -> bool:
    """Whether *entry* (at *path*) is a file, or a link to one, as ``Path.is_file`` tells,
    from what the folder's listing already gave where it can. A link that cannot be
    followed for another reason raises :class:`SourceError`: its article would be lost."""
    try:
        return entry.is_file()
    except OSError as error:
        if error.errno in _NOT_THERE or getattr(error, "winerror", None) in _NOT_THERE_ON_WINDOWS:
            return False
        raise SourceError(
            path,
            f"cannot be read ({error.strerror or error}), so its article would be left out. "
            "Check the permissions of what it links to, or move it out of the sources",
        ) from None


def _list_folder(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of *folder*; :class:`SourceError` if it cannot be read."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError as error:
        raise SourceError(
            folder,
            f"folder cannot be read ({error.strerror or error}), so the articles in it would "
            "be left out. Check its permissions (chmod u+rx), or move it out of the sources",
        ) from None


def read_source(path: Path, source_id: str | None = None) -> Article:
    """Read one article file; *source_id* defaults to the file name."""
    source_id = source_id or path.name
    text = read_text(path)
    if path.suffix.lower() == ".md":
        return parse_markdown(text, source_id, path)
    return parse_plain_text(text, source_id, path)


def read_text(path: Path) -> str:
    """A source file's text, refused when too big, binary, empty or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(
                path,
                f"is {size / 1e6:.1f} MB; an article may be at most "
                f"{MAX_SOURCE_BYTES // 10**6} MB. Put one article in each file",
            )
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(
            path, f"cannot be read ({error.strerror}). Check that it exists and its permissions"
        ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(path, _convert_from("UTF-16"))
    if b"\x00" in data[:8192]:
        if utf16 := utf16_without_bom(data):  # Latin text in UTF-16: every other byte 0
            raise SourceError(path, _convert_from(utf16))
        raise SourceError(
            path, "is a binary file, not text. Save the article as plain text (.md or .txt)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = utf16_without_bom(data) or _guess_encoding(data)
        raise SourceError(path, _convert_from(encoding)) from None
    if not text.strip():
        raise SourceError(path, "is empty. Put an article in it, or remove it")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# What text in the map's languages holds, besides ASCII: Latin letters with accents,
# punctuation, Cyrillic, and Japanese (kana, kanji, full-width forms).
_TEXT_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x400, 0x52F),
    (0x2000, 0x206F),
    (0x2100, 0x21FF),
    (0x3000, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xFF00, 0xFFEF),
)


def utf16_without_bom(data: bytes) -> str | None:
    """``"UTF-16LE"`` or ``"UTF-16BE"`` if *data* reads as text in that encoding although it
    starts with no byte-order mark (as some Windows programs save it), else ``None``.

    Binary data decoded as UTF-16 gives characters from all over Unicode; an article gives
    letters of its own scripts, spaces and line ends. Only the second counts. Asked only
    of data that is not UTF-8 (ASCII read as UTF-16 gives kanji).
    """
    sample = data[:8192]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            if len(data) > len(sample):  # cut inside a surrogate pair
                try:
                    text = sample[:-2].decode(encoding)
                except UnicodeDecodeError:
                    continue
            else:
                continue
        if text and all(_is_text_char(char) for char in text):
            return encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    return None


def _is_text_char(char: str) -> bool:
    code = ord(char)
    if char in "\n\r\t":
        return True
    return any(low <= code <= high for low, high in _TEXT_RANGES)


def _convert_from(encoding: str | None) -> str:
    found = f" (it looks like {encoding})" if encoding else ""
    source = f" from {encoding}" if encoding else ""
    return (
        f"is not UTF-8 text{found}. Convert it{source} to UTF-8, for example with "
        f"'iconv -f {encoding or '<encoding>'} -t UTF-8', or in an editor: Save As, encoding UTF-8"
    )


#: The legacy encodings an article in English, Russian or Japanese may come in, as Python
#: names them, and the name ``iconv`` knows each by (the command the error suggests).
LEGACY_ENCODINGS = {
    "shift_jis": "SHIFT_JIS",
    "cp932": "CP932",
    "euc_jp": "EUC-JP",
    "cp1251": "CP1251",
    "koi8_r": "KOI8-R",
    "mac_cyrillic": "MACCYRILLIC",
    "cp866": "CP866",
    "iso8859_5": "ISO-8859-5",
    "cp1252": "CP1252",
}


def _guess_encoding(data: bytes) -> str | None:
    """The legacy encoding the text most plausibly is in (its ``iconv`` name), or None.

    charset-normalizer ranks the decodings by how much they look like text of a language;
    it is asked only about the encodings articles in the map's languages come in, which
    keeps a short Japanese file from being read as Korean, or a French one as Czech.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        return None
    encoding = best.encoding
    if encoding == "cp932" and _decodes(data, "shift_jis"):
        encoding = "shift_jis"  # the standard name, when Windows' extensions are not used
    return LEGACY_ENCODINGS.get(encoding)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def parse_markdown(text: str, source_id: str, path: Path | str | None = None) -> Article:
    """Parse a Markdown article: front matter, then paragraphs."""
    where = path if path is not None else source_id
    meta, body = split_front_matter(text, where)
    title = meta.get("title")
    if isinstance(title, int | float) and not isinstance(title, bool):
        title = str(title)  # title: 1956
    if not isinstance(title, str) or not title.strip():
        raise SourceError(
            where, "has no title. Add a line 'title: <the article's headline>' to its front matter"
        )
    return Article(
        id=source_id,
        title=title.strip(),
        passages=tuple(_markdown_passages(body, source_id)),
        publisher=_text_field(meta, "publisher", where),
        url=_url_field(meta, where),
        date=_date_field(meta, where),
        authors=_authors_field(meta, where),
        language=_text_field(meta, "language", where),
        extra={k: str(v) for k, v in meta.items() if k not in _KNOWN_FIELDS and v is not None},
    )


def parse_plain_text(text: str, source_id: str, path: Path | str | None = None) -> Article:
    """Parse a plain-text article: the first non-empty line is the title."""
    where = path if path is not None else source_id
    lines = text.strip("\n").split("\n")
    title = lines[0].strip() if lines else ""
    if not title:
        raise SourceError(
            where, "is empty. Put the article's title on the first line and its text below"
        )
    body = "\n".join(lines[1:])
    # A file with no blank line at all has one paragraph per line.
    has_blank_lines = _BLANK_LINE.search(body.strip("\n"))
    blocks = _BLANK_LINE.split(body) if has_blank_lines else body.split("\n")
    paragraphs = [block.strip() for block in blocks if block.strip()]
    passages = tuple(
        Passage(source=source_id, index=i, section="article", text=paragraph)
        for i, paragraph in enumerate(paragraphs)
    )
    return Article(id=source_id, title=title, passages=passages)


def split_front_matter(text: str, where: Path | str) -> tuple[dict[str, Any], str]:
    """The front matter as a mapping, and the body after it."""
    if not text.startswith("---"):
        raise SourceError(
            where,
            "has no front matter. Start the file with a line '---', then 'title: …' and the "
            "other fields, then '---' (see README, Sources)",
        )
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise SourceError(where, "front matter must start with a line holding only '---'")
    end = next((i for i, line in enumerate(lines) if i and line.strip() in ("---", "...")), 0)
    if not end:
        raise SourceError(
            where, "front matter is not closed. Add a line '---' after the last front-matter field"
        )
    raw = "\n".join(lines[1:end])
    try:
        meta = _load_front_matter(raw) if raw.strip() else {}
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        # ValueError: a 5,000-digit number, an impossible !!timestamp
        mark = getattr(error, "problem_mark", None)
        at = f" (line {mark.line + 2})" if mark is not None else ""
        raise SourceError(
            where,
            f"front matter is not valid YAML{at}. Write one 'key: value' per line and put "
            "values holding ':' or '#' in quotes",
        ) from None
    if not isinstance(meta, dict):
        raise SourceError(
            where,
            "front matter must be 'key: value' lines (a YAML mapping). "
            "Write one field per line, like 'title: …'",
        )
    if not _all_encodable(meta):
        raise SourceError(
            where,
            "front matter holds an escape that is no character (a lone surrogate such as "
            "\\ud800). Remove it",
        )
    return {str(k): v for k, v in meta.items()}, "\n".join(lines[end + 1 :])


def _all_encodable(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_all_encodable(k) and _all_encodable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_all_encodable(v) for v in value)
    return True


def _markdown_passages(body: str, source_id: str) -> Iterator[Passage]:
    section: Section = "article"
    index = 0
    for block in _BLANK_LINE.split(body):
        lines = block.strip("\n").split("\n")
        while lines and (heading := HEADING.fullmatch(lines[0].strip())):
            name = (heading.group(1) or "").strip().lower()
            if name in COMMENTS_HEADINGS:
                section = "comments"
            lines = lines[1:]
        paragraph = "\n".join(lines).strip()
        if paragraph.startswith("\\#"):
            paragraph = paragraph[1:]  # \# starts a paragraph that is not a heading
        if paragraph:
            yield Passage(source=source_id, index=index, section=section, text=paragraph)
            index += 1


def _text_field(meta: dict[str, Any], key: str, where: Path | str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise SourceError(where, f"'{key}' must be plain text, not a list or mapping")
    return str(value).strip()


def _url_field(meta: dict[str, Any], where: Path | str) -> str:
    url = _text_field(meta, "url", where)
    if url and not re.match(r"https?://[^\s/]", url, re.IGNORECASE):
        raise SourceError(
            where,
            f"url {url!r} is not a web address. "
            "Use an http:// or https:// link, or leave url empty",
        )
    return url


def _date_field(meta: dict[str, Any], where: Path | str) -> str:
    value = meta.get("date")
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):
        try:
            _check_calendar(text)
        except ValueError:
            pass
        else:
            return text
    raise SourceError(
        where,
        f"date {text!r} is not a date. Write it as YYYY-MM-DD (or YYYY-MM, or YYYY when "
        "only the year is known)",
    )


def _check_calendar(text: str) -> None:
    parts = text[:10].split("-")
    year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1
    if len(parts) > 2:
        day = int(parts[2])
    dt.date(year, month, day)
    if len(text) > 10:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _authors_field(meta: dict[str, Any], where: Path | str) -> tuple[str, ...]:
    value = meta.get("authors")
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return tuple(a.strip() for a in value if a.strip())
    raise SourceError(where, "'authors' must be a name or a list of names")
