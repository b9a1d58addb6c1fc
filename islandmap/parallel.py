"""Matching on every core, and on more machines: the matching stage as pure functions.

:func:`match_in_parallel` matches a corpus with *jobs* processes, each taking chunks of
articles in turn; the passages come back in source order, the same as with one job.
:func:`match_lines` is the stage for one batch of JSON Lines records (a partition of a
``dask.bag``, or any other scheduler's batch): records in, ``passages --format jsonl``
records out, nothing read or written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from islandmap.models import Article, Lang, MatchedPassage

#: Articles a worker process takes at a time: big enough that handing them over costs
#: little beside matching them, small enough that the cores finish together.
CHUNK_ARTICLES = 64

# the articles and options a forked worker reads (set before the pool starts)
_WORK: dict[str, Any] = {}


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def match_in_parallel(
    articles: Sequence[Article],
    *,
    include_comments: bool = True,
    matcher: Any = None,
    gazetteer: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> list[MatchedPassage]:
    """Every passage of *articles* that names an island or the group, in source order,
    matched by *jobs* processes (None: one per core; 1: in this process). *progress*, if
    given, is told the articles done and the characters they hold as each chunk is."""
    from islandmap.matching import default_matcher

    jobs = available_cores() if jobs is None else jobs
    chunks = [
        range(i, min(i + CHUNK_ARTICLES, len(articles)))
        for i in range(0, len(articles), CHUNK_ARTICLES)
    ]
    context = _fork_context() if jobs > 1 and len(chunks) > 1 else None
    if context is None:
        matcher = matcher or default_matcher()
        matched = []
        for chunk in chunks:
            for article in articles[chunk.start : chunk.stop]:
                matched.extend(matcher.match_article(article, include_comments))
            if progress is not None:
                progress(len(chunk), _characters(articles[chunk.start : chunk.stop]), len(articles))
        return matched
    _WORK.update(articles=articles, include_comments=include_comments, gazetteer=gazetteer)
    try:
        with context.Pool(min(jobs, len(chunks))) as pool:
            found = pool.imap(_match_chunk, ((c.start, c.stop) for c in chunks))
            matched = []
            for chunk, results in zip(chunks, found, strict=True):
                matched.extend(_unpacked(articles, results))
                if progress is not None:
                    progress(
                        len(chunk), _characters(articles[chunk.start : chunk.stop]), len(articles)
                    )
            return matched
    finally:
        _WORK.clear()


def _characters(articles: Sequence[Article]) -> int:
    return sum(len(p.text) for a in articles for p in a.passages)


def read_and_match_in_parallel(
    paths: Sequence[Path],
    root: Path,
    *,
    include_comments: bool = True,
    gazetteer: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> tuple[list[Article], list[MatchedPassage]]:
    """The articles in the files *paths* (below the folder *root*) and their passages that
    name an island or the group, in file order: each of *jobs* processes reads and matches
    chunks of files in turn, so that reading (as long as matching, for Markdown files) is
    shared out too. A file that cannot be read raises its :class:`SourceError`, the first
    in file order, as reading them one by one would. *progress*, if given, is told the
    files done and the bytes they hold as each chunk comes back."""
    from islandmap.matching import _worker_matcher

    jobs = available_cores() if jobs is None else jobs
    chunks = [
        (i, min(i + CHUNK_ARTICLES, len(paths))) for i in range(0, len(paths), CHUNK_ARTICLES)
    ]
    _worker_matcher(gazetteer)  # built once, before the workers start, which inherit it
    _WORK.update(paths=paths, root=root, include_comments=include_comments, gazetteer=gazetteer)
    try:
        context = _fork_context() if jobs > 1 and len(chunks) > 1 else None
        if context is None:
            results: Iterable[_Chunk] = map(_read_and_match_chunk, chunks)
            return _gathered(results, progress, len(paths))
        with context.Pool(min(jobs, len(chunks))) as pool:
            return _gathered(pool.imap(_read_and_match_chunk, chunks), progress, len(paths))
    finally:
        _WORK.clear()


#: A matched passage as it travels back from a worker: its article's index, its own index
#: in the article, and its names as plain tuples (which pickle several times faster than
#: the dataclasses: 1.4 s of the parent's time for the 5,000-article corpus otherwise).
_Packed = tuple[
    int,
    int,
    tuple[tuple[str, str, Lang, int, int], ...],
    tuple[tuple[str, Lang, int, int, tuple[str, ...]], ...],
]


_Chunk = tuple[list[Article], list[_Packed], int]


def _gathered(
    results: Iterable[_Chunk], progress: Callable[[int, int, int], None] | None, total: int
) -> tuple[list[Article], list[MatchedPassage]]:
    articles: list[Article] = []
    matched: list[MatchedPassage] = []
    for chunk_articles, chunk_matched, size in results:
        matched.extend(_unpacked(chunk_articles, chunk_matched))
        articles.extend(chunk_articles)
        if progress is not None:
            progress(len(chunk_articles), size, total)
    return articles, matched


def _fork_context() -> Any:
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process
        return None


def _read_and_match_chunk(bounds: tuple[int, int]) -> _Chunk:
    """In a worker: the articles of the files ``bounds`` and their matched passages."""
    from islandmap.matching import _worker_matcher
    from islandmap.sources import read_source

    root: Path = _WORK["root"]
    matcher = _worker_matcher(_WORK["gazetteer"])
    articles: list[Article] = []
    matched: list[_Packed] = []
    size = 0
    for path in _WORK["paths"][bounds[0] : bounds[1]]:
        article = read_source(path, path.relative_to(root).as_posix())
        found = matcher.match_article(article, _WORK["include_comments"])
        matched.extend(_packed(len(articles), article, found))
        articles.append(article)
        size += _characters([article])
    return articles, matched, size


def _packed(article_index: int, article: Article, found: list[MatchedPassage]) -> list[_Packed]:
    if not found:
        return []
    position = {id(p): i for i, p in enumerate(article.passages)}
    return [
        (
            article_index,
            position[id(m.passage)],
            tuple((n.island, n.surface, n.lang, n.start, n.end) for n in m.mentions),
            tuple((c.surface, c.lang, c.start, c.end, c.covers) for c in m.collective),
        )
        for m in found
    ]


def _unpacked(articles: Sequence[Article], packed: list[_Packed]) -> Iterator[MatchedPassage]:
    from islandmap.matching import _new_collective, _new_matched, _new_mention

    for article_index, passage_index, mentions, collective in packed:
        yield _new_matched(
            articles[article_index].passages[passage_index],
            tuple([_new_mention(*m) for m in mentions]),
            tuple([_new_collective(*c) for c in collective]),
        )


def _match_chunk(bounds: tuple[int, int]) -> list[_Packed]:
    """In a worker: the matches of the articles ``bounds``, by article and passage index
    (the parent has the passages: only the names found travel back)."""
    from islandmap.matching import _worker_matcher

    articles: Sequence[Article] = _WORK["articles"]
    matcher = _worker_matcher(_WORK["gazetteer"])
    result = []
    for article_index in range(*bounds):
        article = articles[article_index]
        found = matcher.match_article(article, _WORK["include_comments"])
        result.extend(_packed(article_index, article, found))
    return result


def match_lines(
    lines: Iterable[str | tuple[str, str]], include_comments: bool = True, first_number: int = 1
) -> list[dict[str, Any]]:
    """The ``passages --format jsonl`` records of a batch of JSON Lines records: each
    line a record (see :mod:`islandmap.records`), or ``(line, path)`` as
    ``dask.bag.read_text(..., include_path=True)`` gives them. Records are numbered from
    1 in each file, blank lines not counted, so a batch must hold whole files (dask's
    ``read_text`` does with its default ``blocksize=None``), or say with *first_number*
    which record of its file it starts with (see :mod:`islandmap.cluster`). A bad record raises
    :class:`~islandmap.errors.SourceError`, as ``passages`` reports it."""
    from islandmap.errors import SourceError
    from islandmap.matching import default_matcher
    from islandmap.passages import passage_record
    from islandmap.records import _BadRecord, article_from_record

    matcher = default_matcher()
    numbers: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for item in lines:
        line, path = (item, "") if isinstance(item, str) else item
        if not line.strip():
            continue
        name = Path(path).name if path else "records.jsonl"
        number = numbers[name] = numbers.get(name, first_number - 1) + 1
        try:
            record = json.loads(line)
        except ValueError as error:
            raise SourceError(name, f"record {number}: is not valid JSON ({error})") from None
        try:
            article = article_from_record(record, f"{name}:{number}")
        except _BadRecord as problem:
            raise SourceError(name, f"record {number}: {problem}") from None
        out.extend(passage_record(m) for m in matcher.match_article(article, include_comments))
    return out
