"""The ``passages`` command's library side: the matched passages, and their output formats."""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from islandmap.errors import IslandmapError
from islandmap.models import Article, CollectiveMention, MatchedPassage, Mention
from islandmap.output import counted, spreadsheet_safe
from islandmap.pipeline import CorpusOptions, corpus_options, finish_corpus, load_corpus

CSV_COLUMNS = (
    "source",
    "passage",
    "section",
    "kind",
    "island",
    "surface",
    "lang",
    "start",
    "end",
    "text",
)


def find_passages(
    corpus: CorpusOptions | Path, islands: Sequence[str] = ()
) -> list[MatchedPassage]:
    """Passages of the articles that name an island or the group (see
    :func:`islandmap.pipeline.load_corpus`; a folder alone is read with the defaults).

    With *islands*, only the passages that name at least one of those islands.
    """
    matched = list(load_corpus(corpus_options(corpus)).matched)
    if islands:
        wanted = set(islands)
        matched = [m for m in matched if wanted.intersection(m.islands)]
    return matched


class JsonlOutput:
    """The ``jsonl`` output of :func:`find_passages`, whole, held in a temporary file (see
    :func:`jsonl_output`) until it is written out. Close it when done (``with``)."""

    def __init__(self, spool: BinaryIO, chunks: list[tuple[int, int, int]]) -> None:
        self._spool = spool
        self._chunks = chunks  # each chunk's offset in the file, length and passages
        #: the passages in it
        self.count = sum(count for _, _, count in chunks)

    def pieces(self, size: int) -> Iterator[tuple[bytes, int]]:
        """The output in order, in pieces of at most *size* bytes, each with the number of
        passages it ends (the last piece of a chunk counts the chunk's)."""
        for offset, length, count in self._chunks:
            for at in range(0, length, size):
                try:
                    self._spool.seek(offset + at)
                    piece = self._spool.read(min(size, length - at))
                except OSError as error:
                    raise _spool_error(error) from None
                yield piece, count if at + size >= length else 0

    def __enter__(self) -> JsonlOutput:
        return self

    def __exit__(self, *_: object) -> None:
        _close(self._spool)


def jsonl_output(corpus: CorpusOptions | Path, islands: Sequence[str] = ()) -> JsonlOutput:
    """The ``jsonl`` output of :func:`find_passages` (the same passages, with *islands*),
    each chunk of articles' lines made by the process that matched it (see
    :func:`islandmap.pipeline.finish_corpus`) and kept in a temporary file as it comes,
    so that an archive's output need not fit in memory, and nothing is written out until
    it is whole (a bad record, ``--strict``)."""
    try:  # closed by the JsonlOutput that holds it, or here on an error
        spool = tempfile.TemporaryFile(prefix="islandmap-passages-")  # noqa: SIM115
    except OSError as error:
        raise _spool_error(error) from None
    try:
        chunks = finish_corpus(
            corpus_options(corpus),
            partial(_jsonl_chunk, frozenset(islands)),
            partial(_spooled, spool),
        )
    except BaseException:
        _close(spool)
        raise
    return JsonlOutput(spool, chunks)


def _close(spool: BinaryIO) -> None:
    """Close *spool*, whose content is no longer wanted: what it could not write is
    dropped (it is the error being reported already, if any)."""
    with suppress(OSError):  # (the file itself is closed even so)
        spool.close()


def _spooled(spool: BinaryIO, chunk: tuple[bytes, int]) -> tuple[int, int, int]:
    """*chunk*'s lines written at the end of *spool*: where, how long, how many passages."""
    data, count = chunk
    try:
        offset = spool.seek(0, os.SEEK_END)
        spool.write(data)
        spool.flush()  # a full disk said here, as the output's, not later
    except OSError as error:
        raise _spool_error(error) from None
    return offset, len(data), count


def _spool_error(error: OSError) -> IslandmapError:
    return IslandmapError(
        tempfile.gettempdir(),
        f"cannot hold the output there until it is whole ({error.strerror or error}). "
        "Free some space, or set TMPDIR to a folder with room",
    )


def _jsonl_chunk(
    islands: frozenset[str], _articles: Sequence[Article], matched: list[MatchedPassage]
) -> tuple[bytes, int]:
    if islands:
        matched = [m for m in matched if islands.intersection(m.islands)]
    lines = [json.dumps(passage_record(m), ensure_ascii=False) + "\n" for m in matched]
    # (UTF-8 bytes: half the size of a text holding any Cyrillic or kana to send back)
    return "".join(lines).encode("utf-8"), len(lines)


def passage_record(matched: MatchedPassage) -> dict[str, Any]:
    """The public JSON shape of one passage (the ``jsonl`` schema; keep it stable)."""
    passage = matched.passage
    return {
        "source": passage.source,
        "passage": passage.index,
        "section": passage.section,
        "text": passage.text,
        "mentions": [
            {
                "island": m.island,
                "surface": m.surface,
                "lang": m.lang,
                "start": m.start,
                "end": m.end,
            }
            for m in matched.mentions
        ],
        "collective": [
            {
                "surface": c.surface,
                "lang": c.lang,
                "start": c.start,
                "end": c.end,
                # added: the islands the group name takes in
                "covers": list(c.covers),
            }
            for c in matched.collective
        ],
    }


def write_passages(matched: Iterable[MatchedPassage], output_format: str, out: TextIO) -> None:
    """Write *matched* as table, csv, json or jsonl."""
    if output_format == "jsonl":
        for item in matched:
            out.write(json.dumps(passage_record(item), ensure_ascii=False) + "\n")
    elif output_format == "json":
        json.dump([passage_record(item) for item in matched], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif output_format == "csv":
        _write_csv(matched, out)
    elif output_format == "table":
        _write_table(list(matched), out)
    else:
        raise ValueError(f"unknown format {output_format!r}")


def _write_csv(matched: Iterable[MatchedPassage], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as islandmap export
    writer.writerow(CSV_COLUMNS)
    for item in matched:
        p = item.passage
        names: list[tuple[str, str, Mention | CollectiveMention]] = [
            ("island", m.island, m) for m in item.mentions
        ]
        names += [("collective", "", c) for c in item.collective]
        for kind, island, n in names:
            row = (
                p.source,
                p.index,
                p.section,
                kind,
                island,
                n.surface,
                n.lang,
                n.start,
                n.end,
                p.text,
            )
            writer.writerow([spreadsheet_safe(cell) for cell in row])


def _write_table(matched: list[MatchedPassage], out: TextIO) -> None:
    width = max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    for item in matched:
        p = item.passage
        names = [f"{m.surface} ({m.island}, {m.lang})" for m in item.mentions]
        names += [f"{c.surface} (group, {c.lang})" for c in item.collective]
        comment = " [reader comment]" if p.section == "comments" else ""
        out.write(f"{p.source} #{p.index}{comment}\n")
        out.write(textwrap.fill("names: " + "; ".join(names), width, subsequent_indent="  ") + "\n")
        excerpt = textwrap.shorten(" ".join(p.text.split()), width=width * 2 - 4, placeholder=" …")
        out.write(
            textwrap.fill(excerpt, width, initial_indent="  ", subsequent_indent="  ") + "\n\n"
        )
    islands = sorted({i for item in matched for i in item.islands})
    sources = len({m.passage.source for m in matched})
    out.write(
        f"{counted(len(matched), 'passage')} from {counted(sources, 'source')}; "
        f"islands named: {', '.join(islands) or 'none'}\n"
    )
