"""--jobs: a folder read and matched by several processes, an archive matched by them,
with the same output and the same errors as one process."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from make_corpus import make_corpus

    folder = tmp_path_factory.mktemp("parallel") / "corpus"
    make_corpus(200, folder, [ROOT / "sources"])
    return folder


def test_an_archive_matched_by_two_processes_gives_the_same_passages(corpus, tmp_path):
    from islandmap.sources import load_sources

    archive = tmp_path / "news.jsonl"
    with archive.open("w", encoding="utf-8") as out:
        for article in load_sources(corpus):
            text = "\n\n".join(p.text for p in article.passages if p.section == "article")
            record = {"title": article.title, "date": article.date, "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    one = run("passages", "--sources", str(archive), "--format", "jsonl", "--jobs", "1")
    two = run("passages", "--sources", str(archive), "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) > 500


def test_a_bad_file_is_reported_the_same_by_two_processes(corpus, tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    # late in the order, so that a worker reads it, not the first chunk
    (folder / "00190.md").write_bytes(b"---\ntitle: [unclosed\n---\n\nKunashir\n")
    one = run("passages", "--sources", str(folder), "--jobs", "1")
    two = run("passages", "--sources", str(folder), "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert two.stderr == one.stderr
    assert two.stderr.startswith(f"Error: {folder / '00190.md'}: ")
    assert len(two.stderr.splitlines()) == 1
    assert two.stdout == ""


def test_of_two_bad_files_the_first_in_file_order_is_reported(corpus, tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    # in the second chunk of 64 files and the third: whichever fails first, the second's
    # file is the one that one process would have reported
    for name in ("00100.md", "00190.md"):
        (folder / name).write_bytes(b"---\ntitle: [unclosed\n---\n\nKunashir\n")
    two = run("passages", "--sources", str(folder), "--jobs", "2")
    assert two.exit_code == 1
    assert two.stderr.startswith(f"Error: {folder / '00100.md'}: ")
    assert len(two.stderr.splitlines()) == 1


def _until(flag, seconds=30):
    """Wait until the shared *flag* is set (by a worker), at most *seconds*."""
    import time

    deadline = time.monotonic() + seconds
    while not flag.value and time.monotonic() < deadline:
        time.sleep(0.005)


def _share(context, count, *, local, remote, jobs=2):
    """``_shared_out`` of items whose results are themselves, told to no one."""
    from islandmap.parallel import _shared_out

    return _shared_out(
        context,
        jobs,
        count,
        local=local,
        remote=remote,
        received=lambda i: i,
        told=lambda i, _result: None,
    )


def test_work_shared_with_a_worker_comes_back_whole_and_in_order():
    from islandmap.parallel import _fork_context, _shared_out

    context = _fork_context()
    worked = context.Value("i", 0)  # the worker has begun an item
    took = context.Value("i", 0)  # this process has

    # each side's first item waits (a while at most) for the other to begin one, so that
    # both take items however the processes are scheduled (a worker alone could take all
    # 40 at once)
    def there(i):
        if not worked.value:
            worked.value = 1
            _until(took, seconds=10)
        return i

    def here(i):
        if not took.value:
            took.value = 1
            _until(worked, seconds=10)
        return ("here", i)

    told = []
    results = _shared_out(
        context,
        2,
        40,
        local=here,
        remote=there,
        received=lambda i: ("there", i),
        told=lambda i, _result: told.append(i),
    )
    assert [i for _where, i in results] == list(range(40))
    assert {where for where, _i in results} == {"here", "there"}
    assert sorted(told) == list(range(40))


def test_a_worker_that_dies_is_an_error_not_a_wait():
    import os

    from islandmap.parallel import _fork_context

    context = _fork_context()
    claimed = context.Value("i", 0)

    def die(_i):
        claimed.value = 1
        os._exit(3)

    def here(i):
        _until(claimed)
        return i

    with pytest.raises(RuntimeError, match="worker"):
        _share(context, 10, local=here, remote=die)


def test_a_worker_that_dies_while_it_sends_is_an_error_not_a_wait():
    import os
    import signal
    import threading

    from islandmap.parallel import _fork_context

    context = _fork_context()
    dying = context.Value("i", 0)

    def die():
        dying.value = 1
        os._exit(3)

    def big_then_die(_i):
        # its result is far more than a pipe holds, and this process reads none of it
        # until the worker has died in the middle of sending it
        threading.Timer(0.3, die).start()
        return b"x" * 50_000_000

    def here(i):
        _until(dying)
        return i

    def too_long(*_args):
        raise TimeoutError("still waiting for a dead worker")

    before = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(30)
    try:
        with pytest.raises(RuntimeError, match="worker"):
            _share(context, 10, local=here, remote=big_then_die)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


class _TwoPartError(Exception):
    """Pickled, but not made again from its pickle (its __init__ takes two arguments),
    nor pickled at all where a library teaches pickle to keep an exception's attributes
    (distributed does, once imported): it holds a lock."""

    def __init__(self, what, why):
        super().__init__(f"{what}: {why}")
        self.lock = threading.Lock()


def test_a_worker_s_error_that_cannot_travel_is_still_told_and_stops_the_work():
    from islandmap.parallel import _fork_context

    context = _fork_context()
    started = context.Value("i", 0)

    def fail(_i):
        with started.get_lock():
            started.value += 1
        raise _TwoPartError("a.md", "cannot be read")

    def here(i):
        _until(started)
        return i

    with pytest.raises(RuntimeError, match=r"_TwoPartError: a\.md: cannot be read"):
        _share(context, 100, local=here, remote=fail)
    # the worker's failure stopped the work: it started no item after it
    assert started.value == 1


def test_no_more_workers_than_items(monkeypatch):
    from islandmap.parallel import _fork_context

    context = _fork_context()
    started = []
    real = context.Process

    def counted(*args, **kwargs):
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(context, "Process", counted)
    results = _share(context, 2, local=lambda i: i, remote=lambda i: i, jobs=8)
    assert results == [0, 1]
    assert len(started) == 1


def test_an_article_travels_back_from_a_worker_whole(corpus):
    from dataclasses import fields

    from islandmap.models import Article
    from islandmap.parallel import _packed_article, _unpacked_article
    from islandmap.sources import load_sources

    article = load_sources(corpus)[0]
    article = Article(
        **{
            **{f.name: getattr(article, f.name) for f in fields(Article)},
            "authors": ("A. Writer", "B. Writer"),
            "extra": {"section": "World"},
        }
    )
    back = _unpacked_article(_packed_article(article))
    assert back == article
    assert back.extra == article.extra  # not compared by ==
    assert [p.index for p in back.passages] == list(range(len(article.passages)))


def test_a_second_corpus_in_the_same_process_is_matched_alike(corpus, monkeypatch):
    # A corpus past the DFA's threshold has this process build the DFA before the workers
    # start; a second one (a notebook rendering twice) must find the same names.
    import islandmap.matching as matching
    from islandmap.parallel import read_and_match_in_parallel
    from islandmap.sources import article_paths

    monkeypatch.setattr(matching, "_DFA_AFTER", 1000)
    paths = article_paths(corpus)
    first = read_and_match_in_parallel(paths, corpus, jobs=2)[1]
    second = read_and_match_in_parallel(paths, corpus, jobs=2)[1]
    assert len(first) > 500
    assert second == first


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_made_where_each_chunk_is_matched_is_the_passages_records(corpus, tmp_path, jobs):
    """`passages --format jsonl` has each chunk's records written by the process that
    matched it: the same lines as the passages matched, then written, in one process."""
    import io

    from islandmap.passages import find_passages, write_passages
    from islandmap.pipeline import CorpusOptions
    from islandmap.sources import load_sources

    archive = tmp_path / "news.jsonl"
    with archive.open("w", encoding="utf-8") as out:
        for article in load_sources(corpus)[:150]:
            text = "\n\n".join(p.text for p in article.passages if p.section == "article")
            comments = [p.text for p in article.passages if p.section == "comments"]
            record = {"title": article.title, "text": text, "comments": comments}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for sources, islands in ((corpus, ()), (archive, ()), (corpus, ("habomai", "shikotan"))):
        expected = io.StringIO()
        found = find_passages(CorpusOptions(sources=sources, jobs=1), islands=islands)
        write_passages(found, "jsonl", expected)
        args = [f"--island={i}" for i in islands]
        result = run(
            "passages", "--sources", str(sources), "--format", "jsonl", "--jobs", jobs, *args
        )
        assert result.exit_code == 0, result.output
        assert result.stdout == expected.getvalue()
        assert len(result.stdout.splitlines()) > 100


def test_jsonl_of_a_bad_file_or_under_strict_writes_nothing(corpus, tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    (folder / "00190.md").write_bytes(b"---\ntitle: Weather\n---\n\nRain all day.\n")
    strict = run(
        "passages", "--sources", str(folder), "--format", "jsonl", "--jobs", "2", "--strict"
    )
    assert strict.exit_code == 1
    # (the first in order: the generated corpus has some of its own)
    assert strict.stderr.startswith(f"Error: {folder / '00077.md'}: names none of the islands")
    assert len(strict.stderr.splitlines()) == 1
    assert strict.stdout == ""
    (folder / "00190.md").write_bytes(b"---\ntitle: [unclosed\n---\n\nKunashir\n")
    bad = run("passages", "--sources", str(folder), "--format", "jsonl", "--jobs", "2")
    assert bad.exit_code == 1
    assert bad.stderr.startswith(f"Error: {folder / '00190.md'}: ")
    assert len(bad.stderr.splitlines()) == 1
    assert bad.stdout == ""


def test_strict_stops_at_the_first_source_that_names_nothing(corpus, monkeypatch):
    """Under --strict the first source in order that names nothing ends the command at
    once: no chunk after its own is read, and none has its records made."""
    import islandmap.passages
    import islandmap.pipeline

    read, made = [], []
    sources = islandmap.pipeline._read_sources
    records = islandmap.passages._jsonl_chunk
    monkeypatch.setattr(
        islandmap.pipeline, "_read_sources", lambda *a: read.append(1) or sources(*a)
    )
    monkeypatch.setattr(
        islandmap.passages, "_jsonl_chunk", lambda *a: made.append(1) or records(*a)
    )
    result = run("passages", "--sources", str(corpus), "--format", "jsonl", "--jobs", "1")
    assert result.exit_code == 0 and len(read) > 2 and len(made) == len(read)
    read.clear()
    made.clear()
    strict = run(
        "passages", "--sources", str(corpus), "--format", "jsonl", "--jobs", "1", "--strict"
    )
    assert strict.exit_code == 1
    assert strict.stderr.startswith(f"Error: {corpus / '00077.md'}: names none of the islands")
    assert (len(read), len(made)) == (2, 1)  # 00077.md is in the second chunk of 64


def test_chunks_finished_by_workers_are_told_whole(corpus):
    """finish_in_parallel: each chunk's result in order, kept by this process as it
    comes, and every chunk's articles and characters told, whichever process did it."""
    from islandmap.parallel import finish_in_parallel
    from islandmap.sources import article_paths, read_source

    paths = article_paths(corpus)
    told = {}
    results = {}
    for jobs in (1, 2):
        calls = []
        results[jobs] = finish_in_parallel(
            paths,
            lambda chunk: ([read_source(p) for p in chunk], len(chunk)),
            lambda articles, matched, files: ([a.id for a in articles], len(matched), files),
            keep=lambda result: (*result, os.getpid()),
            jobs=jobs,
            progress=lambda done, characters, total, calls=calls: calls.append(
                (done, characters, total)
            ),
        )
        told[jobs] = (sum(c[0] for c in calls), sum(c[1] for c in calls), calls[0][2])
    assert results[1] == results[2]
    assert {pid for *_, pid in results[2]} == {os.getpid()}
    assert [i for ids, _, _, _ in results[2] for i in ids] == [p.name for p in paths]
    assert told[1] == told[2]
    assert told[2][0] == told[2][2] == len(paths)
    assert told[2][1] > 100_000
