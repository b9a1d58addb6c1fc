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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from islandmap.models import Article, CollectiveMention, MatchedPassage, Mention

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
) -> list[MatchedPassage]:
    """Every passage of *articles* that names an island or the group, in source order,
    matched by *jobs* processes (None: one per core; 1: in this process)."""
    from islandmap.matching import match_articles

    jobs = available_cores() if jobs is None else jobs
    chunks = [
        range(i, min(i + CHUNK_ARTICLES, len(articles)))
        for i in range(0, len(articles), CHUNK_ARTICLES)
    ]
    if jobs <= 1 or len(chunks) <= 1:
        return match_articles(articles, include_comments=include_comments, matcher=matcher)
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process
        return match_articles(articles, include_comments=include_comments, matcher=matcher)
    _WORK.update(articles=articles, include_comments=include_comments, gazetteer=gazetteer)
    try:
        with context.Pool(min(jobs, len(chunks))) as pool:
            found = pool.imap(_match_chunk, ((c.start, c.stop) for c in chunks))
            matched = []
            for chunk in found:
                for article_index, passage_index, mentions, collective in chunk:
                    passage = articles[article_index].passages[passage_index]
                    matched.append(MatchedPassage(passage, mentions, collective))
            return matched
    finally:
        _WORK.clear()


def _match_chunk(
    bounds: tuple[int, int],
) -> list[tuple[int, int, tuple[Mention, ...], tuple[CollectiveMention, ...]]]:
    """In a worker: the matches of the articles ``bounds``, by article and passage index
    (the parent has the passages: only the names found travel back)."""
    from islandmap.matching import _worker_matcher

    articles: Sequence[Article] = _WORK["articles"]
    matcher = _worker_matcher(_WORK["gazetteer"])
    result = []
    for article_index in range(*bounds):
        article = articles[article_index]
        position = {id(p): i for i, p in enumerate(article.passages)}
        for m in matcher.match_article(article, _WORK["include_comments"]):
            result.append((article_index, position[id(m.passage)], m.mentions, m.collective))
    return result


def match_lines(
    lines: Iterable[str | tuple[str, str]], include_comments: bool = True
) -> list[dict[str, Any]]:
    """The ``passages --format jsonl`` records of a batch of JSON Lines records: each
    line a record (see :mod:`islandmap.records`), or ``(line, path)`` as
    ``dask.bag.read_text(..., include_path=True)`` gives them. Records are numbered from
    1 in each file, blank lines not counted, so a batch must hold whole files (dask's
    ``read_text`` does with its default ``blocksize=None``). A bad record raises
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
        number = numbers[name] = numbers.get(name, 0) + 1
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
