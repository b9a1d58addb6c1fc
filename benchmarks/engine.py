"""The matcher's speed against a plain regular expression, the scaling of --jobs, the
Dask run and archives, measured in CPU time where the machine is shared.

    python benchmarks/engine.py [--articles 5000] [--repeat 3] [--parts ratio,floor,jobs,dask]

*ratio*: the matcher's MB/s over each article's text, and a plain ``re`` alternation of
the eight main names (the islands' Japanese and Russian forms in Latin script) over the
same text in the same run, interleaved, best of *repeat* each: the ratio holds when the
machine is loaded by others, the MB/s do not. Each round takes a new matcher (its DFA,
about 0.1 s, built within the round): once as it runs (a passage printed again is not
scanned again), once made to forget every article's passages (every passage scanned).
*floor*: what any matcher that gives Python its finds must do, each part alone on the same
text (each article's passages as the matcher scans them): lower-casing it, one pass of the
automaton (over the folded text, and over the text as it is), and making the objects the
matcher returns for this corpus (its mentions and matched passages, nothing judged); then
the MB/s of those parts together, against the matcher's own, best of *repeat* each.
*jobs*: ``load_corpus`` (reading and matching the folder), then ``match_in_parallel``
(matching articles already read, as for an archive), with 1 and 2 processes, as the
commands run them (no cycle collection), wall time and the CPU time of this process and
its workers; then the whole ``passages --format jsonl`` command on the folder and on the
same articles as one JSON Lines archive, wall time, three runs each, alternating.
*dask*: the corpus as one JSON Lines file, matched on a local ``dask.distributed``
cluster (2 worker processes) against ``passages``' own path.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# islandmap itself comes from the Python that runs this (each tree's own .venv, for the
# figures before and after)
sys.path.insert(0, str(ROOT / "benchmarks"))

EIGHT_NAMES = (
    "Iturup",
    "Etorofu",
    "Kunashir",
    "Kunashiri",
    "Shikotan",
    "Habomai",
    "Khabomai",
    "Shikotan-to",
)


def ratio(corpus: Path, repeat: int) -> None:
    from islandmap import matching
    from islandmap.matching import Matcher, default_matcher, match_articles
    from islandmap.sources import load_sources

    articles = load_sources(corpus)
    texts = ["\n\n".join(p.text for p in a.passages) for a in articles]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    plain = re.compile(
        "|".join(sorted(map(re.escape, EIGHT_NAMES), key=len, reverse=True)), re.IGNORECASE
    )
    start = time.process_time()
    default_matcher()
    build = time.process_time() - start
    kept = getattr(matching, "_TEXTS_KEPT", None)
    best = {"matcher": 1e9, "every": 1e9, "re": 1e9}
    for _ in range(repeat):
        # a new matcher each round: what it keeps of the texts it has scanned (a passage
        # reprinted is scanned once) starts empty, as in a new process
        matcher = Matcher()
        start = time.process_time()
        match_articles(articles, matcher=matcher)
        best["matcher"] = min(best["matcher"], time.process_time() - start)
        # every passage scanned, as if none were printed twice
        matching._TEXTS_KEPT = 0  # type: ignore[attr-defined]
        matcher = Matcher()
        start = time.process_time()
        match_articles(articles, matcher=matcher)
        best["every"] = min(best["every"], time.process_time() - start)
        if kept is not None:
            matching._TEXTS_KEPT = kept  # type: ignore[attr-defined]
        start = time.process_time()
        for text in texts:
            for _found in plain.finditer(text):
                pass
        best["re"] = min(best["re"], time.process_time() - start)
    print(f"text: {size:.1f} MB in {len(articles)} articles; matcher built in {build:.3f} s CPU")
    print(
        f"matcher: {size / best['matcher']:.1f} MB/s CPU "
        f"({size / best['every']:.1f} MB/s scanning every passage); plain re of 8 names: "
        f"{size / best['re']:.1f} MB/s CPU; ratio {best['re'] / best['matcher']:.3f} "
        f"({best['re'] / best['every']:.3f})"
    )


def floor(corpus: Path, repeat: int) -> None:
    from islandmap.matching import (
        _PASSAGE_BREAK,
        Matcher,
        _fold_with_offsets,
        _new_collective,
        _new_matched,
        _new_mention,
        match_articles,
    )
    from islandmap.sources import load_sources

    articles = load_sources(corpus)
    texts = [_PASSAGE_BREAK.join(p.text for p in a.passages) for a in articles]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    matcher = Matcher()
    matched = match_articles(articles, matcher=matcher)
    automaton = matcher._automaton  # (its DFA, built once past 2 million characters)
    folded = [_fold_with_offsets(t)[0] for t in texts]
    # what the matcher returns, as plain values, to make again as it makes them
    plain = [
        (
            m.passage,
            [(n.island, n.surface, n.lang, n.start, n.end) for n in m.mentions],
            [(c.surface, c.lang, c.start, c.end, c.covers) for c in m.collective],
        )
        for m in matched
    ]
    names = sum(len(p[1]) + len(p[2]) for p in plain)

    def made() -> None:
        for passage, mentions, collective in plain:
            _new_matched(
                passage,
                tuple([_new_mention(*m) for m in mentions]),
                tuple([_new_collective(*c) for c in collective]),
            )

    def matching() -> None:
        match_articles(articles, matcher=Matcher())

    parts = {
        "str.lower": lambda: [t.lower() for t in texts],
        "folding as the matcher folds": lambda: [_fold_with_offsets(t) for t in texts],
        "the automaton, folded text": lambda: [
            automaton.find_matches_as_indexes(f) for f in folded
        ],
        "the automaton, text as it is": lambda: [
            automaton.find_matches_as_indexes(t) for t in texts
        ],
        "making what the matcher returns": made,
        "the matcher": matching,
    }
    best = dict.fromkeys(parts, 1e9)
    for _ in range(repeat):
        for label, part in parts.items():
            start = time.process_time()
            part()
            best[label] = min(best[label], time.process_time() - start)
    print(f"text: {size:.1f} MB; {len(plain)} passages matched, {names} names")
    for label, seconds in best.items():
        print(f"{label}: {seconds:.3f} s CPU, {size / seconds:.0f} MB/s")
    least = best["str.lower"] + best["the automaton, folded text"]
    least += best["making what the matcher returns"]
    unfolded = best["the automaton, text as it is"] + best["making what the matcher returns"]
    print(
        f"str.lower, the automaton and what it returns, nothing judged: {size / least:.0f} "
        f"MB/s; the automaton over the text as it is and what it returns: "
        f"{size / unfolded:.0f} MB/s"
    )


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def jobs(corpus: Path) -> None:
    import subprocess

    # as the commands run (no cycle collection: see islandmap.cli), in a new process each
    # time, so that no matcher has seen the text before
    code = (
        "import gc, sys, time, resource\n"
        "from pathlib import Path\n"
        "gc.freeze(); gc.disable()\n"
        "def cpu(who):\n"
        "    r = resource.getrusage(who)\n"
        "    return r.ru_utime + r.ru_stime\n"
        "if sys.argv[3] == 'read':\n"
        "    from islandmap.pipeline import CorpusOptions, load_corpus\n"
        "    t, c = time.perf_counter(), cpu(resource.RUSAGE_SELF)\n"
        "    load_corpus(CorpusOptions(sources=Path(sys.argv[1]), jobs=int(sys.argv[2])))\n"
        "else:\n"
        "    from islandmap.parallel import match_in_parallel\n"
        "    from islandmap.sources import load_sources\n"
        "    articles = load_sources(Path(sys.argv[1]))\n"
        "    t, c = time.perf_counter(), cpu(resource.RUSAGE_SELF)\n"
        "    match_in_parallel(articles, jobs=int(sys.argv[2]))\n"
        "w = time.perf_counter() - t\n"
        "print(w, cpu(resource.RUSAGE_SELF) - c, cpu(resource.RUSAGE_CHILDREN))\n"
    )
    for what, label in (("read", "reading and matching the folder"), ("match", "matching")):
        walls: dict[int, list[float]] = {1: [], 2: []}
        for n in (1, 2, 1, 2):
            out = subprocess.run(
                [sys.executable, "-c", code, str(corpus), str(n), what],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            ).stdout
            wall, parent, workers = map(float, out.split())
            walls[n].append(wall)
            print(
                f"{label}, --jobs {n}: wall {wall:.2f} s, "
                f"CPU this process {parent:.2f} s + workers {workers:.2f} s"
            )
        print(f"{label}: --jobs 2 is {min(walls[1]) / min(walls[2]):.2f}x --jobs 1 (best of 2)")
    # the whole command, as a user runs it, on the folder and on the same articles as one
    # JSON Lines archive
    archive = corpus.parent / "news.jsonl"
    _write_archive(corpus, archive)
    for label, sources in (("the folder", corpus), ("one archive", archive)):
        walls = {1: [], 2: []}
        for n in (1, 2, 1, 2, 1, 2):
            start = time.perf_counter()
            command = ["passages", "--format", "jsonl", "--sources", str(sources)]
            subprocess.run(
                [sys.executable, "-m", "islandmap", *command, "--jobs", str(n)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=True,
                cwd=ROOT,
            )
            walls[n].append(time.perf_counter() - start)
        shown = {n: ", ".join(f"{w:.2f}" for w in walls[n]) for n in walls}
        print(
            f"passages --format jsonl, {label}: --jobs 1 {shown[1]} s; --jobs 2 {shown[2]} s; "
            f"{min(walls[1]) / min(walls[2]):.2f}x (best of 3)"
        )


def _write_archive(corpus: Path, archive: Path) -> None:
    """The articles of the folder *corpus* as one JSON Lines archive."""
    from islandmap.sources import load_sources

    with archive.open("w", encoding="utf-8") as out:
        for a in load_sources(corpus):
            text = "\n\n".join(p.text for p in a.passages if p.section == "article")
            comments = [p.text for p in a.passages if p.section == "comments"]
            record = {"title": a.title, "publisher": a.publisher, "date": a.date, "text": text}
            if comments:
                record["comments"] = comments
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def dask_run(corpus: Path, tmp: Path) -> None:
    from distributed import Client, LocalCluster

    from islandmap.cluster import match_archives
    from islandmap.parallel import match_lines
    from islandmap.sources import load_sources

    archive = tmp / "news.jsonl"
    with archive.open("w", encoding="utf-8") as out:
        for a in load_sources(corpus):
            text = "\n\n".join(p.text for p in a.passages if p.section == "article")
            out.write(json.dumps({"title": a.title, "text": text}, ensure_ascii=False) + "\n")
    lines = archive.read_text("utf-8").splitlines()
    start = time.perf_counter()
    cpu = time.process_time()
    one = match_lines([(line, str(archive)) for line in lines])
    print(
        f"match_lines in this process: {time.perf_counter() - start:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU, {len(one)} records"
    )
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    with cluster, Client(cluster):
        start = time.perf_counter()
        records = match_archives(str(archive), blocksize="4MiB").compute()
        print(
            f"dask, 2 worker processes: {time.perf_counter() - start:.2f} s wall, "
            f"{len(records)} records, the same: {records == one}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", default="ratio,floor,jobs,dask")
    args = parser.parse_args()
    from make_corpus import make_corpus

    parts = args.parts.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(args.articles, corpus, [ROOT / "sources"])
        if "ratio" in parts:
            ratio(corpus, args.repeat)
        if "floor" in parts:
            floor(corpus, args.repeat)
        if "jobs" in parts:
            jobs(corpus)
        if "dask" in parts:
            dask_run(corpus, Path(tmp))


if __name__ == "__main__":
    main()
