"""The ``export`` stage: the islands and their quotes as data for other tools.

- GeoJSON (RFC 7946) for GIS (QGIS, geojson.io): one feature per island, its outline at
  the source's full resolution (not the map's simplified copy), its names, status and
  every quote with its sources in the feature's properties. Passages that name the
  islands only as a group have no outline: they go in the collection's ``group_quotes``
  member.
- CSV for spreadsheets: one row per name found, per source carrying the passage.

Pure functions over the joined data, and :func:`export` to run the pipeline and write.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from islandmap import geodata
from islandmap.errors import IslandmapError
from islandmap.facts import Jurisdiction, views_of
from islandmap.geojson import feature_collection_text, geometry_object
from islandmap.join import JoinedMap, Quote
from islandmap.models import Article
from islandmap.output import counted, spreadsheet_safe, write_atomic, write_stdout
from islandmap.pipeline import CorpusOptions, corpus_options, join_corpus, load_corpus

FORMATS = ("geojson", "csv", "history")
CSV_COLUMNS = (
    "island",
    "surface",
    "lang",
    "source",
    "title",
    "publisher",
    "date",
    "url",
    "section",
    "passage",
    "text",
)


def export(
    corpus: CorpusOptions | Path,
    geodata_dir: Path,
    output_format: str,
    output: Path | str = "-",
) -> str:
    """Run the pipeline and write *output_format* to *output* (``-``: stdout).

    *corpus* is the sources and how to match them (a folder alone: every default), as for
    :func:`islandmap.render.render_map`. Returns the summary line, ``Wrote <where>: …``.
    """
    if output_format not in FORMATS:
        raise IslandmapError(None, f"unknown format {output_format!r}. Use geojson, csv or history")
    if output_format == "history":
        return _export_history(Path(geodata_dir), output)
    loaded = load_corpus(corpus_options(corpus))
    articles = loaded.articles
    joined = join_corpus(loaded, Path(geodata_dir), display=False).joined
    if output_format == "geojson":
        document = geojson_document(joined, articles)
        text = feature_collection_text(document)
        rows = len(document["features"])
        what = counted(rows, "island feature")
    else:
        records = list(csv_rows(joined, articles))
        text = write_csv(records)
        what = f"{counted(len(records), 'row')}, one per name found"
    where = str(output)
    if where == "-":
        write_stdout(text)
        where = "stdout"
    else:
        write_atomic(Path(output), text)
    quotes, sources = len(joined.all_quotes()), len(joined.sources())
    return f"Wrote {where}: {what}, {counted(quotes, 'quote')} from {counted(sources, 'source')}"


def _export_history(geodata_dir: Path, output: Path | str) -> str:
    """``history.geojson`` of *geodata_dir* (who held the islands in each period, the
    treaty lines, their sources), written as it is, with its summary line."""
    from islandmap.errors import GeodataError
    from islandmap.history import HISTORY_FILE, load_history_layer

    layer = load_history_layer(geodata_dir)
    if layer is None:
        raise GeodataError(
            geodata_dir / HISTORY_FILE,
            f"file not found. Build it with: islandmap geodata history --geodata {geodata_dir}",
        )
    text = feature_collection_text(layer)
    kinds = [f.get("properties", {}).get("kind") for f in layer["features"]]
    where = str(output)
    if where == "-":
        write_stdout(text)
        where = "stdout"
    else:
        write_atomic(Path(output), text)
    return (
        f"Wrote {where}: the history layer, {kinds.count('unit')} land units and "
        f"{kinds.count('line')} lines in {len(layer['periods'])} periods"
    )


def geojson_document(joined: JoinedMap, articles: Sequence[Article]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946: WGS 84 longitude/latitude, exterior rings
    counter-clockwise, no ``crs`` member), one feature per island, its names and status as
    the map's popups state them (:func:`islandmap.facts.views_of`)."""
    by_id = {article.id: article for article in articles}
    views = views_of(joined.islands)
    features = []
    for _, row in joined.islands.iterrows():
        island = str(row["id"])
        view = views[island]
        quotes = [_quote_record(q, by_id) for q in joined.quotes[island]]
        features.append(
            {
                "type": "Feature",
                "id": island,
                "properties": {
                    "id": island,
                    "name": view.label,
                    "name_ru": view.names.ru,
                    "name_ru_latn": view.names.ru_latn,
                    "name_ja": view.names.ja,
                    "name_ja_latn": view.names.ja_latn,
                    "administered_by": _status(view.administered_by),
                    "claimed_by": _status(view.claimed_by),
                    "area_km2": _number(row.get("area_km2")),
                    "n_quotes": len(quotes),
                    "quotes": quotes,
                },
                "geometry": geometry_object(row.geometry),
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "group_quotes": [_quote_record(q, by_id) for q in joined.group],
        "attribution": geodata.COASTLINE_ATTRIBUTION,
    }


def csv_rows(joined: JoinedMap, articles: Sequence[Article]) -> Iterator[dict[str, Any]]:
    """One row per name found: each island's quotes (then the group's, island ``group``),
    each source carrying the quote, each marked name in it."""
    by_id = {article.id: article for article in articles}
    batches = [*joined.quotes.items(), ("group", joined.group)]
    for island, quotes in batches:
        for quote in quotes:
            for ref in quote.sources:
                article = by_id.get(ref.source)
                for highlight in quote.highlights:
                    yield {
                        "island": island,
                        "surface": quote.text[highlight.start : highlight.end],
                        "lang": highlight.lang,
                        "source": ref.source,
                        "title": article.title if article else "",
                        "publisher": article.publisher if article else "",
                        "date": article.date if article else "",
                        "url": article.url if article else "",
                        "section": quote.section,
                        "passage": ref.index,
                        "text": quote.text,
                    }


def write_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """The rows as CSV text with a header line. A text cell that a spreadsheet would read
    as a formula (starting with ``=``, ``+``, ``-``, ``@``) gets a leading ``'``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return buffer.getvalue()


def _quote_record(quote: Quote, articles: Mapping[str, Article]) -> dict[str, Any]:
    return {
        "text": quote.text,
        "section": quote.section,
        "lang": quote.lang,
        "names": [
            {"surface": quote.text[h.start : h.end], "lang": h.lang} for h in quote.highlights
        ],
        "sources": [
            _source_record(ref.source, ref.index, articles.get(ref.source)) for ref in quote.sources
        ],
    }


def _source_record(source: str, index: int, article: Article | None) -> dict[str, Any]:
    return {
        "source": source,
        "passage": index,
        "title": article.title if article else "",
        "publisher": article.publisher if article else "",
        "date": article.date if article else "",
        "url": article.url if article else "",
    }


def _status(jurisdiction: Jurisdiction) -> str:
    """ "Russia (Sakhalin Oblast, Kurilsky District)": the country and its units."""
    where = jurisdiction.where
    return f"{jurisdiction.country} ({where})" if where else jurisdiction.country


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and value == value:
        return round(float(value), 1)
    return None
