"""Matching on every core, and on more machines: the matching stage as pure functions.

:func:`match_in_parallel` matches a corpus with *jobs* processes, this one and *jobs* - 1
forked workers, each taking the next chunk of articles as it finishes one (this process
works too: what it matches need not travel, and it would otherwise wait); the passages
come back in source order, the same as with one job.
:func:`finish_in_parallel` is the same, each chunk's passages made into what a command
writes (``passages --format jsonl``'s records) by the process that matched them, so that
only that travels back. :func:`match_lines` is the stage for one batch of JSON Lines
records (a partition of a ``dask.bag``, or any other scheduler's batch): records in,
``passages --format jsonl`` records out, nothing read or written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from islandmap.models import Article, Lang, MatchedPassage, Passage, Section

_T = TypeVar("_T")
_I = TypeVar("_I")
_E = TypeVar("_E")
_K = TypeVar("_K")

#: Articles a worker process takes at a time: big enough that handing them over costs
#: little beside matching them, small enough that the cores finish together.
CHUNK_ARTICLES = 64

# the articles and options a forked worker reads (set before the workers start)
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
    from islandmap.matching import _worker_matcher

    here = matcher or _worker_matcher(gazetteer)

    def local(chunk: range) -> list[MatchedPassage]:
        return [
            m
            for article in articles[chunk.start : chunk.stop]
            for m in here.match_article(article, include_comments)
        ]

    def told(chunk: range, _found: list[MatchedPassage]) -> None:
        if progress is not None:
            done = articles[chunk.start : chunk.stop]
            progress(len(done), _characters(done), len(articles))

    # the workers match with this process's matcher (inherited)
    _WORK.update(articles=articles, include_comments=include_comments, matcher=here)
    try:
        found = _in_chunks(
            len(articles),
            jobs,
            here,
            lambda: _characters(articles),
            local=local,
            remote=lambda chunk: _match_chunk((chunk.start, chunk.stop)),
            received=lambda packed: list(_unpacked(articles, packed)),
            told=told,
        )
        return [m for chunk_found in found for m in chunk_found]
    finally:
        _WORK.clear()


def finish_in_parallel(
    items: Sequence[_I],
    articles_of: Callable[[Sequence[_I]], tuple[Sequence[Article], _E]],
    finish: Callable[[Sequence[Article], list[MatchedPassage], _E], _T],
    *,
    keep: Callable[[_T], _K],
    text_size: int = 0,
    include_comments: bool = True,
    gazetteer: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> list[_K]:
    """``keep(finish(articles, their matched passages, what else))`` for each chunk of
    *items*, in order, where ``articles_of(chunk)`` gives the chunk's articles and what
    else it made of the items (files read, records parsed, or the articles themselves):
    each chunk read, matched and finished by one process, this one or a forked worker, so
    that what is made of the passages, not the passages, comes back from the workers
    (they cost more to send than to match: benchmarks/README.md). *finish*'s result must
    pickle; *keep* takes it in this process as each chunk is done (in any order), and
    what it gives is kept until all are.
    *text_size* (the characters or bytes of the text, about) decides whether the
    matcher's DFA is built before the workers start. *jobs* and *progress* as
    :func:`match_in_parallel`, *progress* told the items done."""
    from islandmap.matching import _worker_matcher

    here = _worker_matcher(gazetteer)  # built once, before the workers start

    def finished(chunk: range) -> tuple[_T, int]:
        articles, made = articles_of(items[chunk.start : chunk.stop])
        matched = [m for a in articles for m in here.match_article(a, include_comments)]
        return finish(articles, matched, made), _characters(articles)

    def kept(result: tuple[_T, int]) -> tuple[_K, int]:
        return keep(result[0]), result[1]

    def told(chunk: range, result: tuple[_K, int]) -> None:
        if progress is not None:
            progress(len(chunk), result[1], len(items))

    results = _in_chunks(
        len(items),
        jobs,
        here,
        lambda: text_size,
        local=lambda chunk: kept(finished(chunk)),
        remote=finished,
        received=kept,
        told=told,
    )
    return [result for result, _ in results]


def _in_chunks(
    items: int,
    jobs: int | None,
    matcher: Any,
    size: Callable[[], int],
    *,
    local: Callable[[range], _T],
    remote: Callable[[range], Any],
    received: Callable[[Any], _T],
    told: Callable[[range, _T], None],
) -> list[_T]:
    """The results of the chunks of ``range(items)`` (:data:`CHUNK_ARTICLES` each), in
    order: ``local(chunk)`` for each in this process, or, with *jobs* > 1 (None: one per
    core), shared with forked workers, which do ``remote(chunk)``, whose result travels
    back and is made whole by *received* (see :func:`_shared_out`). *told* hears of each
    chunk as it is done. Where the text is long (*size*), the *matcher*'s DFA is built
    first, once, for the workers to inherit."""
    from islandmap.matching import _DFA_AFTER

    jobs = available_cores() if jobs is None else jobs
    chunks = [range(i, min(i + CHUNK_ARTICLES, items)) for i in range(0, items, CHUNK_ARTICLES)]
    context = _fork_context() if jobs > 1 and len(chunks) > 1 else None
    if context is None:
        results = []
        for chunk in chunks:
            results.append(local(chunk))
            told(chunk, results[-1])
        return results
    if size() > _DFA_AFTER:
        matcher._to_dfa()  # the workers would each build the automaton's DFA: built once
    return _shared_out(
        context,
        jobs,
        len(chunks),
        local=lambda i: local(chunks[i]),
        remote=lambda i: remote(chunks[i]),
        received=received,
        told=lambda i, result: told(chunks[i], result),
    )


def _size(paths: Sequence[Path]) -> int:
    """The bytes of the files *paths* (0 if one is gone: reading it will say so)."""
    try:
        return sum(path.stat().st_size for path in paths)
    except OSError:
        return 0


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
    files done and the characters they hold as each chunk is done."""
    from islandmap.matching import _worker_matcher

    here = _worker_matcher(gazetteer)  # built once, before the workers start, which inherit it

    def told(chunk: range, result: tuple[list[Article], list[MatchedPassage], int]) -> None:
        if progress is not None:
            progress(len(chunk), result[2], len(paths))

    _WORK.update(paths=paths, root=root, include_comments=include_comments, gazetteer=gazetteer)
    try:
        results = _in_chunks(
            len(paths),
            jobs,
            here,
            lambda: _size(paths),
            local=lambda chunk: _read_and_match((chunk.start, chunk.stop)),
            remote=lambda chunk: _read_and_match_chunk((chunk.start, chunk.stop)),
            received=_received,
            told=told,
        )
        return _gathered(results)
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


#: An article as it travels back from a worker: its fields as plain values, its passages
#: as (section, text) (their source and index are the article's id and their place), which
#: pickle and unpickle about twice as fast as the dataclasses (0.55 s against 0.27 s of
#: CPU for the 5,000-article corpus).
_PackedArticle = tuple[
    str, str, str, str, str, tuple[str, ...], str, dict[str, str], tuple[tuple[Section, str], ...]
]

_Chunk = tuple[list[_PackedArticle], list[_Packed], int]


def _packed_article(article: Article) -> _PackedArticle:
    return (
        article.id,
        article.title,
        article.publisher,
        article.url,
        article.date,
        article.authors,
        article.language,
        article.extra,
        tuple([(p.section, p.text) for p in article.passages]),
    )


_new_object = object.__new__


def _unpacked_article(packed: _PackedArticle) -> Article:
    """The article :func:`_packed_article` packed (made as the dataclasses' pickles are
    read: their fields set without ``__init__``, which a frozen dataclass makes slow)."""
    source, title, publisher, url, date, authors, language, extra, texts = packed
    passages = []
    for index, (section, text) in enumerate(texts):
        passage = _new_object(Passage)
        passage.__dict__.update(source=source, index=index, section=section, text=text)
        passages.append(passage)
    article = _new_object(Article)
    article.__dict__.update(
        id=source,
        title=title,
        passages=tuple(passages),
        publisher=publisher,
        url=url,
        date=date,
        authors=authors,
        language=language,
        extra=extra,
    )
    return article


def _received(chunk: _Chunk) -> tuple[list[Article], list[MatchedPassage], int]:
    """A chunk from a worker, unpacked."""
    packed_articles, packed, size = chunk
    articles = list(map(_unpacked_article, packed_articles))
    return articles, list(_unpacked(articles, packed)), size


def _gathered(
    results: Iterable[tuple[list[Article], list[MatchedPassage], int]],
) -> tuple[list[Article], list[MatchedPassage]]:
    articles: list[Article] = []
    matched: list[MatchedPassage] = []
    for chunk_articles, chunk_matched, _characters_read in results:
        matched.extend(chunk_matched)
        articles.extend(chunk_articles)
    return articles, matched


def _shared_out(
    context: Any,
    jobs: int,
    count: int,
    *,
    local: Callable[[int], _T],
    remote: Callable[[int], Any],
    received: Callable[[Any], _T],
    told: Callable[[int, _T], None],
) -> list[_T]:
    """The results of the work items ``0 … count - 1``, in order, from this process and
    up to ``jobs - 1`` forked workers, each taking the next item as it finishes one. This
    process does ``local(i)``; a worker does ``remote(i)``, whose result travels back and
    is made whole by ``received``. *told* hears of each item as it is done, in any order.
    Once an item raises, no other item is started; the first that raised (in order)
    raises here, once those started are done. A worker that ends before it has sent all
    it did raises :class:`RuntimeError`."""
    import queue as queues
    import signal
    import threading
    from multiprocessing.connection import wait

    next_item = context.Value("q", 0)
    results: dict[int, _T] = {}
    failed: dict[int, BaseException] = {}

    def claimed() -> int | None:
        with next_item.get_lock():
            item = int(next_item.value)
            if item >= count:
                return None
            next_item.value = item + 1
            return item

    def stop() -> None:
        with next_item.get_lock():
            next_item.value = count

    def work(writer: Any) -> None:
        # Ctrl+C reaches every process of the terminal's group: this process stops the
        # workers, which would otherwise each print a traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Results are sent by a thread, so that the worker goes on while this process is
        # busy with an item of its own and reads nothing (a pipe holds 64 KB)
        outbox: queues.SimpleQueue[tuple[int, bool, Any] | None] = queues.SimpleQueue()

        def send() -> None:
            while (message := outbox.get()) is not None:
                writer.send(message)
            writer.send(None)  # all sent

        sender = threading.Thread(target=send)
        sender.start()
        try:
            while (item := claimed()) is not None:
                try:
                    outbox.put((item, True, remote(item)))
                except Exception as error:
                    stop()
                    outbox.put((item, False, _sendable(error)))
        finally:
            outbox.put(None)
            sender.join()
            writer.close()

    def take(message: tuple[int, bool, Any]) -> None:
        item, ok, value = message
        if ok:
            results[item] = received(value)
            told(item, results[item])
        else:
            failed[item] = value

    # each worker's end of its pipe, read here until it says it is done; this process
    # keeps no writing end, so a worker that dies is an end of file, not a wait
    workers: dict[Any, Any] = {}
    try:
        for _ in range(min(jobs, count) - 1):
            reader, writer = context.Pipe(duplex=False)
            worker = context.Process(target=work, args=(writer,), daemon=True)
            worker.start()
            writer.close()
            workers[reader] = worker
        speaking = set(workers)

        def listen(timeout: float | None) -> bool:
            """Take what the workers have sent (waiting up to *timeout*); whether any had."""
            ready: list[Any] = wait(list(speaking), timeout)
            for reader in ready:
                try:
                    message = reader.recv()
                except (EOFError, OSError):
                    raise RuntimeError("a worker process ended unexpectedly") from None
                if message is None:
                    speaking.discard(reader)
                else:
                    take(message)
            return bool(ready)

        while (item := claimed()) is not None:
            try:
                results[item] = local(item)
                told(item, results[item])
            except Exception as error:
                failed[item] = error
                stop()
            while speaking and listen(0):
                pass
        while speaking:
            listen(None)
    finally:
        for reader, worker in workers.items():
            reader.close()
            if worker.is_alive():
                worker.terminate()
            worker.join()
    if failed:
        raise failed[min(failed)]
    return [results[i] for i in range(count)]


def _sendable(error: Exception) -> Exception:
    """*error*, or where it would not arrive whole (it cannot be pickled, or made again
    from its pickle), a :class:`RuntimeError` that says what it was."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"in a worker process: {type(error).__name__}: {error}")
    return error


def _fork_context() -> Any:
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process
        return None


def _read_and_match(bounds: tuple[int, int]) -> tuple[list[Article], list[MatchedPassage], int]:
    """The articles of the files ``bounds``, their matched passages and their characters."""
    from islandmap.matching import _worker_matcher
    from islandmap.sources import read_sources

    matcher = _worker_matcher(_WORK["gazetteer"])
    articles = read_sources(_WORK["root"], _WORK["paths"][bounds[0] : bounds[1]])
    include_comments = _WORK["include_comments"]
    matched = [m for a in articles for m in matcher.match_article(a, include_comments)]
    return articles, matched, _characters(articles)


def _read_and_match_chunk(bounds: tuple[int, int]) -> _Chunk:
    """In a worker: :func:`_read_and_match`, packed to travel back."""
    articles, matched, size = _read_and_match(bounds)
    index = {a.id: i for i, a in enumerate(articles)}
    packed = [_packed(index[m.passage.source], m) for m in matched]
    return [_packed_article(a) for a in articles], packed, size


def _packed(article_index: int, found: MatchedPassage) -> _Packed:
    return (
        article_index,
        found.passage.index,
        tuple((n.island, n.surface, n.lang, n.start, n.end) for n in found.mentions),
        tuple((c.surface, c.lang, c.start, c.end, c.covers) for c in found.collective),
    )


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
    articles: Sequence[Article] = _WORK["articles"]
    matcher = _WORK["matcher"]
    result: list[_Packed] = []
    for article_index in range(*bounds):
        article = articles[article_index]
        found = matcher.match_article(article, _WORK["include_comments"])
        result.extend(_packed(article_index, m) for m in found)
    return result


def match_lines(
    lines: Iterable[str | tuple[str, str]],
    include_comments: bool = True,
    first_number: int = 1,
    root: str | None = None,
) -> list[dict[str, Any]]:
    """The ``passages --format jsonl`` records of a batch of JSON Lines records: each
    line a record (see :mod:`islandmap.records`), or ``(line, path)`` as
    ``dask.bag.read_text(..., include_path=True)`` gives them. Records are numbered from
    1 in each file, blank lines not counted, so a batch must hold whole files (dask's
    ``read_text`` does with its default ``blocksize=None``), or say with *first_number*
    which record of its file it starts with (see :mod:`islandmap.cluster`). A record's
    source is named by its file's name, or with *root* (a folder above every path, as
    the paths write it), by its path below *root*, as ``passages --sources <root>`` names
    it. A bad record raises :class:`~islandmap.errors.SourceError`, as ``passages``
    reports it."""
    from islandmap.errors import SourceError
    from islandmap.matching import default_matcher
    from islandmap.passages import passage_record
    from islandmap.records import _BadRecord, article_from_record, is_blank_line, parsed_line

    matcher = default_matcher()
    numbers: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for item in lines:
        line, path = (item, "") if isinstance(item, str) else item
        name = _record_file_name(path, root) if path else "records.jsonl"
        if path not in numbers and first_number == 1:
            line = line.removeprefix("\ufeff")  # a byte order mark, as some tools write
        if is_blank_line(line):
            numbers.setdefault(path, first_number - 1)
            continue
        number = numbers[path] = numbers.get(path, first_number - 1) + 1
        try:
            article = article_from_record(parsed_line(line), f"{name}:{number}")
        except _BadRecord as problem:
            raise SourceError(name, f"record {number}: {problem}") from None
        out.extend(passage_record(m) for m in matcher.match_article(article, include_comments))
    return out


def _record_file_name(path: str, root: str | None) -> str:
    """The name of the archive *path* in its records' sources: its path below *root*, or
    its file name."""
    if root is None:
        return Path(path).name
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        raise ValueError(f"{path} is not below the root given, {root}") from None
