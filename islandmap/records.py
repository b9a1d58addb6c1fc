"""Read an archive of articles as records: a JSON Lines file (``.jsonl``, ``.ndjson``) or a
Parquet file (``.parquet``, with the optional ``pyarrow``), one article per record.

A record has ``title`` and ``text`` (required), ``publisher``, ``date``, ``url``,
``language`` (optional text) and ``comments`` (an optional list of reader comments). The
text's paragraphs are separated by blank lines, as in a ``.txt`` source. Each article's
source id is ``<file name>:<record number>`` (records are numbered from 1), which the
``source`` field of ``passages --format jsonl`` shows; in a folder of archives, the file's
path in the folder (``2024/part-00.jsonl:17``).

A bad record is refused with ``<file>: record N: <what is wrong>``, or, with *skip_bad*,
left out and counted (:class:`Archive` says how many, and the first few reasons).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from islandmap.errors import SourceError, one_line
from islandmap.models import Article, Passage

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".parquet")
_FIELDS = ("title", "publisher", "date", "url", "language", "text", "comments")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: What JSON reads as white space: a line of nothing else is not a record (a line of other
#: spaces, such as U+00A0, is a bad one), in every reader of records alike.
_JSON_SPACE = " \t\r\n"
_JSON_SPACE_BYTES = _JSON_SPACE.encode()
#: How many reasons for skipped records are kept to show.
SHOWN_REASONS = 3


def is_archive(path: Path) -> bool:
    """Whether *path* names an archive file (by its suffix) rather than a sources folder."""
    return path.suffix.lower() in RECORD_SUFFIXES and not path.is_dir()


@dataclass
class Archive:
    """The articles read from an archive, and the records left out under *skip_bad*."""

    articles: list[Article] = field(default_factory=list)
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)


def load_archive(path: Path, *, skip_bad: bool = False, name: str | None = None) -> Archive:
    """Every article in the archive file *path*, in record order, their source ids
    ``<name>:<record number>`` (*name*: the file's name, or its path in a folder of
    archives). An archive without any good record is refused (:func:`check_archive`)."""
    archive = read_archive(path, skip_bad=skip_bad, name=name)
    check_archive(path, archive)
    return archive


def read_archive(path: Path, *, skip_bad: bool = False, name: str | None = None) -> Archive:
    """:func:`load_archive`, an archive without records or good records taken as it is
    (one part of a folder of archives may be empty)."""
    return articles_of_records(
        path, path.name if name is None else name, _records(path), skip_bad=skip_bad
    )


def articles_of_records(
    path: Path, name: str, records: Iterable[tuple[int, Any]], *, skip_bad: bool = False
) -> Archive:
    """The articles of *records* (each with its number) of the archive *path*, named
    *name*; a bad record refused, or, under *skip_bad*, left out and counted."""
    archive = Archive()
    for number, record in records:
        try:
            archive.articles.append(article_from_record(record, f"{name}:{number}"))
        except _BadRecord as problem:
            if not skip_bad:
                raise SourceError(
                    path, f"record {number}: {problem}. Correct or remove it, or add --skip-bad"
                ) from None
            archive.skipped += 1
            if len(archive.reasons) < SHOWN_REASONS:
                archive.reasons.append(f"record {number}: {problem}")
    return archive


def check_archive(where: Path, archive: Archive) -> None:
    """Refuse *archive* (read from *where*: a file, or a folder of archives) if it has
    no good record: no record at all, or bad ones only, left out under ``--skip-bad``."""
    check_records(where, len(archive.articles), archive.skipped, archive.reasons)


def check_records(where: Path, good: int, skipped: int, reasons: list[str]) -> None:
    """:func:`check_archive`, of *good* records and *skipped* bad ones (*reasons*)."""
    folder = where.is_dir()
    if not good and not skipped:
        if folder:
            raise SourceError(
                where,
                "holds no records in any of its archives. Put one JSON object per line in them",
            )
        if where.suffix.lower() == ".parquet":
            raise SourceError(where, "holds no records. Give a Parquet file with rows in it")
        raise SourceError(where, "holds no records. Put one JSON object per line in it")
    if not good:
        raise SourceError(
            where,
            f"holds no good records ({skipped} bad, left out by --skip-bad; the "
            f"first, {reasons[0]}). Correct them, or give another "
            f"{'folder' if folder else 'archive'}",
        )


class _BadRecord(Exception):
    """What is wrong with one record (the caller adds the file and the record number)."""


def article_from_record(record: Any, source_id: str) -> Article:
    """One record (a mapping of the fields above) as an article with the id *source_id*."""
    from islandmap.sources import _date_field, _url_field

    if isinstance(record, _Unreadable):
        raise _BadRecord(record)  # (its why, when it is shown)
    if not isinstance(record, dict):
        raise _BadRecord(f"is {_kind(record)}, not an object with 'title' and 'text'")
    if isinstance(record.get("date"), dt.date):  # a Parquet date or timestamp column
        record = {**record, "date": _date_text(record["date"])}
    title, text = record.get("title"), record.get("text")
    for key, value in (("title", title), ("text", text)):
        if value is not None and not isinstance(value, str):
            raise _BadRecord(f"'{key}' must be text, not {_kind(value)}")
    # Other fields (an archive's own id, authors, tags) are not read; where a field the
    # map needs is missing, they are named, as one may be that field misspelt
    if not isinstance(title, str) or not title.strip():
        raise _BadRecord("has no title (a non-empty 'title' text)" + _other_fields(record))
    if not isinstance(text, str) or not text.strip():
        raise _BadRecord("has no text (a non-empty 'text')" + _other_fields(record))
    meta: dict[str, Any] = {}
    for key in ("publisher", "date", "url", "language"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise _BadRecord(f"'{key}' must be text, not {_kind(value)}")
        meta[key] = value
    comments = record.get("comments")
    if comments is None:
        comments = []
    if not isinstance(comments, list) or not all(isinstance(c, str) for c in comments):
        raise _BadRecord("'comments' must be a list of texts")
    for key, value in [("title", title), ("text", text), *meta.items()]:
        if isinstance(value, str) and _has_surrogate(value):
            raise _BadRecord(f"'{key}' holds a lone surrogate escape (such as \\ud800), not text")
    if any(_has_surrogate(c) for c in comments):
        raise _BadRecord("'comments' holds a lone surrogate escape (such as \\ud800), not text")
    try:
        url = _url_field(meta, source_id)
        date = _date_field(meta, source_id)
    except SourceError as error:
        raise _BadRecord(error.message) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in _BLANK_LINE.split(text) if p.strip()]
    passages = [Passage(source_id, i, "article", p) for i, p in enumerate(paragraphs)]
    passages += [
        Passage(source_id, len(passages) + i, "comments", c.strip())
        for i, c in enumerate(c for c in comments if c.strip())
    ]
    return Article(
        id=source_id,
        title=title.strip(),
        passages=tuple(passages),
        publisher=(meta["publisher"] or "").strip(),
        url=url,
        date=date,
        language=(meta["language"] or "").strip(),
    )


def _other_fields(record: dict[Any, Any]) -> str:
    """The fields of *record* that are not read, as the end of an error: ``; it has other
    fields (titel, id), which are not read``."""
    others = sorted(str(k) for k in record if k not in _FIELDS)
    if not others:
        return ""
    shown = ", ".join(one_line(name)[:40] for name in others[:5])
    return f"; it has other fields ({shown}{', …' if len(others) > 5 else ''}), which are not read"


def _date_text(value: dt.date) -> str:
    """A date or timestamp as ``date`` text: a timestamp at midnight, with no time zone,
    as its day (how a table of dates stores them)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    return value.isoformat()


def _has_surrogate(value: str) -> bool:
    """Whether *value* holds a UTF-16 surrogate alone, which a JSON escape (``"\\ud800"``)
    can hold but text cannot (UTF-8 refuses it: a quarter of the time of a search for it)."""
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _kind(value: Any) -> str:
    kinds = {list: "a list", dict: "an object", bool: "true/false", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    if isinstance(value, str):
        return "a text"
    return kinds.get(type(value), type(value).__name__)


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    if path.suffix.lower() == ".parquet":
        yield from enumerate(_parquet_records(path), start=1)
        return
    yield from _jsonl_records(path)


def _jsonl_records(path: Path) -> Iterator[tuple[int, Any]]:
    """Each line's JSON value with its record number; blank lines are not records. A line
    that is not JSON is a bad record (the caller decides)."""
    for number, line in record_lines(path):
        yield number, parsed_line(line) if isinstance(line, str) else line


def record_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """Each record's line of the JSON Lines archive *path*, not read as JSON yet (see
    :func:`parsed_line`), with its number; a line that is not UTF-8 as a bad record."""
    for number, _, line in _numbered_lines(path):
        yield number, _decoded(line)


class RecordSpans(Sequence[tuple[int, int, int, int]]):
    """Where the records of JSON Lines archives (regular files) lie, to be read later
    (:func:`lines_at`), so that their text is never held all at once: for each record, its
    archive's index, its number (as :func:`record_lines` gives it), and its line's offset
    and length in the file. Four numbers a record, in arrays (32 MB for a million
    records), with each archive's :func:`file_stamp` as it was found."""

    def __init__(self, archives: Sequence[Path]) -> None:
        self.archives = tuple(archives)
        self.stamps = tuple(map(file_stamp, self.archives))
        self._columns = tuple(array("q") for _ in range(4))
        index, number, offset, size = self._columns
        for i, path in enumerate(self.archives):
            for n, at, line in _numbered_lines(path):
                index.append(i)
                number.append(n)
                offset.append(at)
                size.append(len(line))
        #: the bytes of all the records' lines
        self.text_size = sum(size)

    def __len__(self) -> int:
        return len(self._columns[0])

    @overload
    def __getitem__(self, item: int) -> tuple[int, int, int, int]: ...

    @overload
    def __getitem__(self, item: slice) -> list[tuple[int, int, int, int]]: ...

    def __getitem__(
        self, item: int | slice
    ) -> tuple[int, int, int, int] | list[tuple[int, int, int, int]]:
        if isinstance(item, slice):
            return list(zip(*(column[item] for column in self._columns), strict=True))
        index, number, offset, size = (column[item] for column in self._columns)
        return index, number, offset, size


def file_stamp(path: Path) -> tuple[int, int, int, int]:
    """What changes when the file *path* does: its device, inode, size and time."""
    try:
        return _stamp(path.stat())
    except OSError as error:
        raise SourceError(path, _unreadable(error)) from None


def lines_at(
    path: Path, spans: Sequence[tuple[int, int]], stamp: tuple[int, int, int, int]
) -> list[Any]:
    """The lines of the archive *path* at *spans* (offset and length, in file order, as
    :class:`RecordSpans` found them when the file had the :func:`file_stamp` *stamp*), as
    :func:`record_lines` gives them. A file changed since is refused: its records would no
    longer be where they were found."""
    if not spans:
        return []
    first = spans[0][0]
    length = spans[-1][0] + spans[-1][1] - first
    try:
        with path.open("rb") as handle:
            data = b""
            if _stamp(os.fstat(handle.fileno())) == stamp:
                handle.seek(first)
                data = handle.read(length)
            same = _stamp(os.fstat(handle.fileno())) == stamp  # (no change while reading)
    except OSError as error:
        raise SourceError(path, _unreadable(error)) from None
    if not same or len(data) != length:
        raise SourceError(
            path,
            "changed while it was being read. Run the command again once nothing writes to "
            "it (or on a copy of it)",
        )
    return [_decoded(data[at - first : at - first + size]) for at, size in spans]


def _stamp(status: os.stat_result) -> tuple[int, int, int, int]:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def _unreadable(error: OSError) -> str:
    return f"cannot be read ({error.strerror or error}). Check that it exists and its permissions"


_BOM = "\ufeff".encode()


def _numbered_lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """Each record's line of the archive *path* (blank ones are not records; a byte order
    mark, as some tools write, left out), with its number and its offset in the file."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise SourceError(path, _unreadable(error)) from None
    with handle:
        number = 0
        offset = 0
        for at, line in enumerate(handle):
            start = offset
            offset += len(line)
            if at == 0 and line.startswith(_BOM):
                line = line[len(_BOM) :]
                start += len(_BOM)
            # JSON's white space is ASCII: a line of it is blank, in UTF-8 or not
            if line.strip(_JSON_SPACE_BYTES):
                number += 1
                yield number, start, line


def _decoded(line: bytes) -> Any:
    """A record's line as text, or an :class:`_Unreadable` if it is not UTF-8."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return _Unreadable("is not UTF-8 text", line)


def holds_articles(path: Path) -> bool:
    """Whether the file *path*, an archive by its name, holds articles: a Parquet file, or
    JSON Lines whose first record is an article's (an object with a title and a text,
    and no source). Beside a folder's articles, such a file is not read, and is worth a
    warning; other JSON Lines there are often annotations or passages already matched
    (their records have a text, but a source too)."""
    if path.suffix.lower() == ".parquet":
        return True
    from islandmap.sources import MAX_SOURCE_BYTES

    try:
        with path.open("rb") as handle:
            while line := handle.readline(MAX_SOURCE_BYTES):
                text = line.decode("utf-8", "replace").removeprefix("\ufeff")
                if not is_blank_line(text):
                    record = parsed_line(text)
                    return (
                        isinstance(record, dict)
                        and {"title", "text"} <= record.keys()
                        and "source" not in record
                    )
    except OSError:
        return False
    return False


def is_blank_line(line: str) -> bool:
    """Whether a line of an archive is blank (JSON's white space only): not a record."""
    return not line.strip(_JSON_SPACE)


def parsed_line(line: str) -> Any:
    """The JSON value of an archive's line, or an :class:`_Unreadable` that says what is
    wrong with it (a bad record, which the caller reports or skips)."""
    try:
        return json.loads(line)
    except RecursionError:
        return _Unreadable("is not valid JSON (nested too deeply)")
    except ValueError as error:
        if "integer string conversion" in str(error):
            return _Unreadable("is not valid JSON here (a number of more than 4,300 digits)")
        if isinstance(error, json.JSONDecodeError):  # its place in the line, not "line 1"
            return _Unreadable(f"is not valid JSON ({error.msg} at character {error.pos + 1})")
        return _Unreadable(f"is not valid JSON ({error})")


class _Unreadable:
    """A record that could not be decoded, with why. For a line that is not UTF-8, why
    names the legacy encoding it looks like (in its first 4 KB), worked out only when
    asked: the guess takes milliseconds, and most bad records are only counted."""

    def __init__(self, why: str, line: bytes | None = None) -> None:
        self._why = why
        self._line = line

    @property
    def why(self) -> str:
        if self._line is not None:
            from islandmap.sources import _guess_encoding

            encoding = _guess_encoding(self._line[:4096])
            self._line = None
            if encoding:
                self._why += (
                    f" (it looks like {encoding}: convert the archive to UTF-8, for example "
                    f"with 'iconv -f {encoding} -t UTF-8')"
                )
        return self._why

    def __str__(self) -> str:
        return self.why


def _parquet_records(path: Path) -> Iterable[Any]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SourceError(
            path,
            "is a Parquet file, which needs pyarrow. Install it with "
            "pip install 'islandmap[parquet]' (or pip install pyarrow)",
        ) from None
    try:
        table = pq.ParquetFile(path)
        # the index pandas stores beside its columns (a DataFrame filtered or indexed) is
        # not a field of the records
        index = _pandas_index_columns(table.schema_arrow.metadata or {})
        columns = [name for name in table.schema_arrow.names if name not in index]
        for batch in table.iter_batches(batch_size=2048, columns=columns):
            yield from batch.to_pylist()
    except (OSError, ValueError) as error:
        raise SourceError(
            path,
            f"cannot be read as Parquet ({one_line(str(error))[:200]}). Give a Parquet file "
            "whole, as it was written (or a JSON Lines archive under a name ending in .jsonl)",
        ) from None


def _pandas_index_columns(metadata: dict[bytes, bytes]) -> set[str]:
    """The columns that hold a pandas index, as the file's ``pandas`` metadata names them."""
    try:
        index = json.loads(metadata.get(b"pandas", b"{}")).get("index_columns", [])
    except (ValueError, AttributeError):
        return set()
    return {name for name in index if isinstance(name, str)}
