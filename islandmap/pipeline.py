"""The stage that ``render``, ``export`` and ``passages`` share: sources → matches → join.

:class:`CorpusOptions` is what the three commands have in common (the sources folder,
reader comments, the gazetteer, strictness); :func:`load_corpus` reads and matches the
sources once; :func:`join_corpus` gives each island its quotes, at the resolution the
caller needs (simplified for the page, or the source's own for export).

A source that names no island is reported through ``logging.getLogger("islandmap")`` as a
warning (the command line prints it as ``Warning: <file>: …``), or refused with
:class:`~islandmap.errors.SourceError` when the options are *strict*.
"""

from __future__ import annotations

import gc
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from islandmap.errors import SourceError
from islandmap.models import Article, CollectiveMention, MatchedPassage, Mention, Passage

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

    from islandmap.join import JoinedMap
    from islandmap.records import Archive

logger = logging.getLogger("islandmap")
_T = TypeVar("_T")
_K = TypeVar("_K")

#: The page stores the islands' and the land's coordinates at 4 decimals (its encoded
#: polylines, ``page.data.OUTLINE_DECIMALS``), which moves a point at most 7 m at these
#: latitudes (half of 0.0001° is 5.6 m north-south, 4.0 m east-west at 43.4° N), so they
#: are simplified 7 m finer than the geodata's promise (every island's outline within
#: ``geodata.DISPLAY_TOLERANCE_M`` of the source) for the drawn outline to keep it.
DRAWING_ERROR_M = 7.0

#: How many sources that name no island are listed before the rest are counted.
SHOWN_WARNINGS = 5

NAMES_NO_ISLAND = (
    "names none of the islands, nor the islands as a group, so nothing of it is mapped. "
    "Check that it is the article you meant, or add the name form it uses to the gazetteer"
)


#: Told, as the work goes on, how many more articles are read and matched, how many
#: characters of text they hold, and how many articles there are in all.
Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class CorpusOptions:
    """Which articles to read and how to match them: what render, export and passages share.

    *gazetteer* is a names file to use instead of the one islandmap ships; *strict* makes a
    source that names no island an error rather than a warning.
    """

    sources: Path = Path("sources")
    include_comments: bool = True
    gazetteer: Path | None = None
    strict: bool = False
    #: an archive's bad records are left out and counted instead of refused
    skip_bad: bool = False
    #: processes that match at once (None: one per core)
    jobs: int | None = 1
    #: every warning of a kind, not the first few and a count
    verbose: bool = False
    #: told, as the work goes on, of the articles read and matched (see :data:`Progress`)
    progress: Progress | None = field(default=None, compare=False, repr=False)
    #: passages already matched (``passages --format jsonl``, or the cluster's records):
    #: mapped as they are, the sources read only for their citations
    passages: Path | None = None


@dataclass(frozen=True)
class Corpus:
    """The articles read, and their passages that name an island or the group, in order."""

    articles: tuple[Article, ...]
    matched: tuple[MatchedPassage, ...]


@dataclass(frozen=True)
class MapData:
    """The islands joined to their quotes, the land around them and the region's land
    (each None without it)."""

    joined: JoinedMap
    context: GeoDataFrame | None
    region: GeoDataFrame | None = None
    history: dict[str, Any] | None = None
    """``geodata/history.geojson`` as parsed (who held the islands through time), if any."""


def corpus_options(value: CorpusOptions | Path | str) -> CorpusOptions:
    """*value* as options: a folder alone means that folder with every other default."""
    if isinstance(value, CorpusOptions):
        return value
    return CorpusOptions(sources=Path(value))


def load_corpus(options: CorpusOptions) -> Corpus:
    """Read the articles in ``options.sources`` and match them with the gazetteer.

    A folder's files are read and matched together by ``options.jobs`` processes; an
    archive is read, then matched by them. ``options.progress`` is told of each batch."""
    from islandmap.gazetteer import load_gazetteer
    from islandmap.matching import Matcher
    from islandmap.parallel import match_in_parallel, read_and_match_in_parallel
    from islandmap.records import is_archive

    sources = Path(options.sources)
    if options.passages is not None:
        matched = read_matched_passages(Path(options.passages))
        if not options.include_comments:  # (matched with them: left out here, as they are)
            matched = [m for m in matched if m.passage.section != "comments"]
        # the sources only give the passages their citations (title, publisher, date)
        cited = tuple(read_articles(options)) if sources.exists() else ()
        _check_cited(sources, cited, matched)
        return Corpus(articles=cited, matched=tuple(matched))
    paths = _folder_paths(sources)
    if paths is not None and not is_archive(paths[0]):
        articles, matched = read_and_match_in_parallel(
            paths,
            sources,
            include_comments=options.include_comments,
            gazetteer=options.gazetteer,
            jobs=options.jobs,
            progress=options.progress,
        )
    else:
        articles = read_articles(options, paths)
        # The articles live as long as the command: left out of garbage collection, they
        # are not walked again each time matching's many small objects trigger a
        # collection (a tenth of matching's time on the 5,000-article corpus).
        gc.freeze()
        matcher = Matcher(load_gazetteer(options.gazetteer)) if options.gazetteer else None
        matched = match_in_parallel(
            articles,
            include_comments=options.include_comments,
            matcher=matcher,
            gazetteer=options.gazetteer,
            jobs=options.jobs,
            progress=options.progress,
        )
    check_every_source_named(
        sources, articles, matched, strict=options.strict, verbose=options.verbose
    )
    return Corpus(articles=tuple(articles), matched=tuple(matched))


def finish_corpus(
    options: CorpusOptions,
    finish: Callable[[Sequence[Article], list[MatchedPassage]], _T],
    keep: Callable[[_T], _K],
) -> list[_K]:
    """``keep(finish(articles, their matched passages))`` for each chunk of the articles
    of ``options.sources``, in order, each chunk read, matched and finished by one process
    (see :func:`islandmap.parallel.finish_in_parallel`), and kept by this one as it comes
    (a file can take what would not fit in memory): for output made of the passages (a
    command's records), which then need not travel back from the workers as passages.
    A folder's files are read there, and so are a JSON Lines archive's records; a
    Parquet archive (or one a pipe gives) is read here first. Bad records and sources
    that name no island are reported, refused or skipped as by :func:`load_corpus`, before
    anything is returned."""
    from islandmap.parallel import _characters, _size, finish_in_parallel
    from islandmap.records import RecordSpans, is_archive

    if options.passages is not None:
        raise ValueError("passages matched already are read by load_corpus, not matched again")
    sources = Path(options.sources)
    paths = _folder_paths(sources)
    archives = [sources] if paths is None else paths if is_archive(paths[0]) else []
    common: dict[str, Any] = {
        "include_comments": options.include_comments,
        "gazetteer": options.gazetteer,
        "jobs": options.jobs,
        "progress": options.progress,
    }
    skipped = _Skipped(in_folder=paths is not None)

    def finished(
        articles: Sequence[Article], matched: list[MatchedPassage], made: Any
    ) -> tuple[_T, list[str], Any]:
        unnamed = _unnamed(articles, matched)
        if options.strict and unnamed:
            # refused at once: no chunk after it is started (see _shared_out), and the
            # first chunk in order that raises is the one reported
            _warn_unnamed(sources, unnamed, strict=True, verbose=False)
        return finish(articles, matched), unnamed, made

    def kept(result: tuple[_T, list[str], Any]) -> tuple[_K, list[str], Any]:
        return keep(result[0]), result[1], result[2]

    if paths is not None and not archives:  # a folder of articles, read where matched
        results = finish_in_parallel(
            paths,
            partial(_read_sources, sources),
            finished,
            keep=kept,
            text_size=_size(paths),
            **common,
        )
    elif archives and all(
        path.suffix.lower() != ".parquet" and path.is_file() for path in archives
    ):
        # JSON Lines files: where each record lies found here, the records read and parsed
        # where they are matched (an archive's text is never held whole)
        names = [path.relative_to(sources).as_posix() for path in archives] if paths else None
        spans = RecordSpans(archives)
        results = finish_in_parallel(
            spans,
            partial(_parse_records, tuple(archives), names, options.skip_bad, spans.stamps),
            finished,
            text_size=spans.text_size,
            keep=kept,
            **common,
        )
        for _, _, made in results:
            skipped.merge(made.count, made.reasons, made.parts)
        skipped.check(sources, len(spans) - skipped.count)
    else:  # a Parquet archive, or one a pipe gives (read once): read here first
        articles = read_articles(options, paths)
        gc.freeze()  # (see load_corpus)
        results = finish_in_parallel(
            articles,
            _as_they_are,
            finished,
            keep=kept,
            text_size=_characters(articles),
            **common,
        )
    unnamed = [source for _, sources_unnamed, _ in results for source in sources_unnamed]
    _warn_unnamed(sources, unnamed, strict=options.strict, verbose=options.verbose)
    return [result for result, _, _ in results]


def _as_they_are(articles: Sequence[Article]) -> tuple[Sequence[Article], None]:
    return articles, None


def _read_sources(root: Path, paths: Sequence[Path]) -> tuple[list[Article], None]:
    from islandmap.sources import read_sources

    return read_sources(root, paths), None


def _parse_records(
    archives: tuple[Path, ...],
    names: list[str] | None,
    skip_bad: bool,
    stamps: tuple[tuple[int, int, int, int], ...],
    spans: Sequence[tuple[int, int, int, int]],
) -> tuple[list[Article], _Skipped]:
    """The articles of the records at *spans* (each its archive's index, its number and
    where its line lies: see :class:`islandmap.records.RecordSpans`, whose archives had
    the *stamps*), and the bad ones left out under *skip_bad*."""
    from islandmap.records import articles_of_records, lines_at, parsed_line

    articles: list[Article] = []
    skipped = _Skipped(in_folder=names is not None)
    for index, grouped in groupby(spans, key=itemgetter(0)):
        path = archives[index]
        group = list(grouped)
        lines = lines_at(path, [(offset, size) for _, _, offset, size in group], stamps[index])
        records = (
            (number, parsed_line(line) if isinstance(line, str) else line)
            for (_, number, _, _), line in zip(group, lines, strict=True)
        )
        name = path.name if names is None else names[index]
        archive = articles_of_records(path, name, records, skip_bad=skip_bad)
        articles += archive.articles
        skipped.add(index, name, archive)
    return articles, skipped


class _Skipped:
    """The bad records left out of one archive or a folder of them under ``--skip-bad``:
    how many, the first reasons (by archive, in a folder) and the archives that held them."""

    def __init__(self, *, in_folder: bool) -> None:
        self.in_folder = in_folder
        self.count = 0
        self.reasons: list[str] = []
        self.parts: set[int] = set()

    def add(self, index: int, name: str, archive: Archive) -> None:
        """Those of *archive* (the *index*-th, named *name*)."""
        reasons = [f"{name}, {r}" if self.in_folder else r for r in archive.reasons]
        self.merge(archive.skipped, reasons, {index} if archive.skipped else set())

    def merge(self, count: int, reasons: list[str], parts: set[int]) -> None:
        from islandmap.records import SHOWN_REASONS

        self.count += count
        self.parts |= parts
        self.reasons += reasons[: max(0, SHOWN_REASONS - len(self.reasons))]

    def check(self, sources: Path, good: int) -> None:
        """Refuse *sources* without a good record; warn of those left out."""
        from islandmap.records import check_records

        check_records(sources, good, self.count, self.reasons)
        if self.count:
            parts = len(self.parts) if self.in_folder else None
            _warn_skipped(sources, self.count, self.reasons, parts)


#: What the files of passages already matched in a folder end with.
PASSAGES_SUFFIXES = (".jsonl", ".ndjson")


def read_matched_passages(path: Path) -> list[MatchedPassage]:
    """The passages of a ``passages --format jsonl`` file, as they were matched, or of the
    files below a folder (such as the matching stage's on a cluster writes: see
    :func:`islandmap.cluster.write_jsonl`), in name order, as one. A line that is not such
    a record raises :class:`SourceError` with its file and number."""
    from islandmap.sources import source_paths

    if path.is_dir():
        # below the folder, in name order, as --sources reads its files
        files = list(source_paths(path, PASSAGES_SUFFIXES))
        if not files:
            raise SourceError(
                path,
                "holds no .jsonl or .ndjson files. Give the folder the matching stage wrote "
                "its files into, or the file 'islandmap passages --format jsonl' wrote",
                option="passages",
            )
    else:
        files = [path]
    matched = [m for file in files for m in _matched_passages_in(file)]
    if not matched:
        # as 'passages --format jsonl' writes where no source names an island: a map with
        # no quotes, as from those sources
        logger.warning(
            "%s: holds no passages, so the map has no quotes. If that is not what the "
            "matching found, give the file 'islandmap passages --format jsonl' wrote%s",
            path,
            " (or the folder of them)" if path.is_dir() else "",
        )
    return matched


def _matched_passages_in(path: Path) -> list[MatchedPassage]:
    from islandmap.models import ISLAND_IDS

    langs = ("ja", "ru", "both")
    matched = []
    try:
        handle = path.open(encoding="utf-8-sig")  # (a byte order mark, as an editor writes)
    except OSError as error:
        raise SourceError(path, f"cannot be read ({error.strerror})", option="passages") from None
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    passage = Passage(
                        _field(record, "source", str),
                        _field(record, "passage", int),
                        _choice(_field(record, "section", str), ("article", "comments")),
                        _field(record, "text", str),
                    )
                    mentions = tuple(
                        Mention(
                            _choice(_field(m, "island", str), ISLAND_IDS),
                            _field(m, "surface", str),
                            _choice(_field(m, "lang", str), langs),
                            _field(m, "start", int),
                            _field(m, "end", int),
                        )
                        for m in _field(record, "mentions", list)
                    )
                    collective = tuple(
                        CollectiveMention(
                            _field(c, "surface", str),
                            _choice(_field(c, "lang", str), langs),
                            _field(c, "start", int),
                            _field(c, "end", int),
                            tuple(_choice(i, ISLAND_IDS) for i in _field(c, "covers", list)),
                        )
                        for c in _field(record, "collective", list)
                    )
                    _check_places(passage, (*mentions, *collective))
                except (ValueError, _BadPassage) as problem:
                    raise SourceError(
                        path,
                        f"line {number}: is not a record of 'islandmap passages --format jsonl' "
                        f"({problem}). Give the file that command wrote, unchanged",
                        option="passages",
                    ) from None
                matched.append(MatchedPassage(passage, mentions, collective))
        except UnicodeDecodeError:
            raise SourceError(
                path, "is not UTF-8 text. Give the file 'passages --format jsonl' wrote"
            ) from None
    return matched


class _BadPassage(Exception):
    pass


def _field(record: Any, key: str, kind: type[Any]) -> Any:
    if not isinstance(record, dict) or key not in record:
        raise _BadPassage(f"no {key!r}")
    value = record[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _BadPassage(f"{key!r} is not {kind.__name__}")
    return value


def _check_places(passage: Passage, names: Sequence[Mention | CollectiveMention]) -> None:
    """The passage's number, and each name's place in its text, as the matching gave
    them: a name found at ``text[start:end]``, which the map marks."""
    if passage.index < 0:
        raise _BadPassage("'passage' is negative")
    for name in names:
        if not 0 <= name.start < name.end <= len(passage.text):
            raise _BadPassage(f"{name.surface[:40]!r} is placed outside the text")
        if passage.text[name.start : name.end] != name.surface:
            raise _BadPassage(f"{name.surface[:40]!r} is not the text at its start and end")


def _choice(value: Any, allowed: Sequence[str]) -> Any:
    if value not in allowed:
        raise _BadPassage(f"{str(value)[:40]!r} is not one of {', '.join(allowed)}")
    return value


def read_articles(options: CorpusOptions, paths: Sequence[Path] | None = None) -> list[Article]:
    """The articles of ``options.sources``: a folder of articles, a folder of archives of
    records, or one archive file (JSON Lines or Parquet, see :mod:`islandmap.records`).
    *paths*: the folder's files, if they are listed already."""
    from islandmap.records import is_archive, read_archive
    from islandmap.sources import read_sources

    sources = Path(options.sources)
    if paths is None:
        paths = _folder_paths(sources)
    if paths is not None and not is_archive(paths[0]):
        return read_sources(sources, paths)
    skipped = _Skipped(in_folder=paths is not None)
    articles: list[Article] = []
    for index, path in enumerate([sources] if paths is None else paths):
        name = path.relative_to(sources).as_posix() if paths else path.name
        archive = read_archive(path, skip_bad=options.skip_bad, name=name)
        articles += archive.articles
        skipped.add(index, name, archive)
    skipped.check(sources, len(articles))
    return articles


def _warn_skipped(sources: Path, count: int, reasons: list[str], parts: int | None) -> None:
    """The warning for *count* bad records left out under ``--skip-bad`` (in *parts*
    archives of a folder, or in one archive), with their first *reasons*."""
    from islandmap.output import counted

    logger.warning(
        "%s: %s left out (--skip-bad%s): %s%s",
        sources,
        counted(count, "bad record"),
        "" if parts is None else f", in {counted(parts, 'archive')}",
        "; ".join(reasons),
        "; …" if count > len(reasons) else "",
    )


def _folder_paths(sources: Path) -> list[Path] | None:
    """The files below the folder *sources* that are read (its articles, or, in a folder
    that holds none, its archives of records), checked; None if *sources* is an archive
    file. A file that is neither is refused."""
    from islandmap.records import RECORD_SUFFIXES, is_archive
    from islandmap.sources import article_paths

    if is_archive(sources):
        return None
    if sources.is_file():
        raise SourceError(
            sources,
            "is a file, not a folder of articles nor an archive of records "
            f"({', '.join(RECORD_SUFFIXES)}). Give a folder, or an archive file",
            option="sources",
        )
    return article_paths(sources, RECORD_SUFFIXES)


def check_every_source_named(
    sources: Path,
    articles: Sequence[Article],
    matched: Sequence[MatchedPassage],
    *,
    strict: bool = False,
    verbose: bool = False,
) -> None:
    """Warn about (or, when *strict*, refuse) sources that name neither an island nor the
    group: they add nothing to the map, which usually means a wrong file or a name form
    the gazetteer lacks. Past :data:`SHOWN_WARNINGS` of them, unless *verbose*, one more
    line counts the rest."""
    _warn_unnamed(sources, _unnamed(articles, matched), strict=strict, verbose=verbose)


def _unnamed(articles: Sequence[Article], matched: Sequence[MatchedPassage]) -> list[str]:
    """The ids of *articles* of which no passage is in *matched*."""
    named = {m.passage.source for m in matched}
    return [a.id for a in articles if a.id not in named]


def _warn_unnamed(sources: Path, ids: Sequence[str], *, strict: bool, verbose: bool) -> None:
    """:func:`check_every_source_named`'s warnings, for the sources *ids*."""
    # in an archive, the source ids name the file already ("archive.jsonl:17")
    folder = sources if sources.is_dir() else sources.parent  # (a named pipe too)
    unnamed = [folder / source for source in ids]
    if strict and unnamed:
        raise SourceError(unnamed[0], NAMES_NO_ISLAND, option="strict")
    shown = unnamed if verbose else unnamed[:SHOWN_WARNINGS]
    for path in shown:
        logger.warning("%s: %s", path, NAMES_NO_ISLAND)
    if len(unnamed) > len(shown):
        logger.warning(
            "%s: %d more sources name none of the islands, nor the islands as a group "
            "(%d in all; --verbose lists every one)",
            sources,
            len(unnamed) - len(shown),
            len(unnamed),
        )


def _check_cited(
    sources: Path, articles: Sequence[Article], matched: Sequence[MatchedPassage]
) -> None:
    """Warn where passages already matched come from sources that *articles* (read from
    *sources*, for the citations) do not hold: they are cited by their source's name only,
    undated, which usually means another archive or folder than the one matched."""
    if not articles:
        return  # no sources given: every quote is cited by its source's name, as documented
    held = {article.id for article in articles}
    missing = dict.fromkeys(m.passage.source for m in matched if m.passage.source not in held)
    if missing:
        from islandmap.output import counted

        logger.warning(
            "%s: holds none of %s of the passages (such as %s), which are cited by "
            "their name only, with no title or date. Give with --sources the archive or "
            "folder they were matched from",
            sources,
            counted(len(missing), "source"),
            next(iter(missing)),
        )


def join_corpus(corpus: Corpus, geodata_dir: Path, *, display: bool) -> MapData:
    """Give each island in *geodata_dir* its quotes from *corpus*.

    With *display*, the islands and the land around them are simplified for the page (the
    map's outlines); without it, the islands keep the source's full resolution (for
    export) and no context land is read (``context`` is None).
    """
    from islandmap import geodata
    from islandmap.join import join_islands

    geodata_dir = Path(geodata_dir)
    islands = geodata.load_islands(geodata_dir)
    if not display:
        return MapData(joined=join_islands(islands, corpus.matched), context=None)
    context = geodata.load_context(geodata_dir)
    islands = geodata.simplify_for_display(islands, geodata.DISPLAY_TOLERANCE_M - DRAWING_ERROR_M)
    if context is not None:
        # Background, and unbounded (GEOS may stray past the tolerance on a few small
        # rings): simplified at its tolerance, drawn to 4 decimals as the islands.
        context = geodata.simplify_for_display(context, geodata.CONTEXT_TOLERANCE_M, bounded=False)
    region = geodata.load_region(geodata_dir)
    if region is not None:
        region = geodata.simplify_for_display(region, geodata.REGION_TOLERANCE_M, bounded=False)
    from islandmap.history import load_history_layer

    return MapData(
        joined=join_islands(islands, corpus.matched),
        context=context,
        region=region,
        history=load_history_layer(geodata_dir),
    )
