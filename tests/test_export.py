"""``islandmap export``: GeoJSON (RFC 7946) for GIS and CSV for spreadsheets, library and
command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli
from islandmap.errors import IslandmapError
from islandmap.export import CSV_COLUMNS, export
from islandmap.models import ISLAND_IDS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data" / "render"
SOURCES = FIXTURES / "sources"
GEODATA = FIXTURES / "geodata"


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("export") / "islands.geojson"
    export(ROOT / "sources", ROOT / "geodata", "geojson", out)
    return json.loads(out.read_text("utf-8"))


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("export") / "mentions.csv"
    export(SOURCES, GEODATA, "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_geojson_is_a_feature_collection_of_the_four_islands(collection):
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946: WGS 84 always, no crs member
    assert [f["properties"]["id"] for f in collection["features"]] == list(ISLAND_IDS)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1]
                assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)


def test_geojson_rings_follow_the_right_hand_rule(collection):
    from shapely.geometry import LinearRing

    for feature in collection["features"]:
        for exterior, *holes in feature["geometry"]["coordinates"]:
            assert LinearRing(exterior).is_ccw
            assert not any(LinearRing(hole).is_ccw for hole in holes)


def test_geojson_features_carry_names_status_and_quotes_with_sources(collection):
    iturup = collection["features"][0]["properties"]
    assert iturup["name"] == "Iturup / Etorofu"
    assert (iturup["name_ru"], iturup["name_ja"]) == ("Итуруп", "択捉島")
    assert iturup["administered_by"] == "Russia (Sakhalin Oblast, Kurilsky District)"
    assert iturup["claimed_by"] == "Japan (Hokkaido, Nemuro Subprefecture)"
    assert iturup["n_quotes"] == len(iturup["quotes"]) >= 1
    quote = iturup["quotes"][0]
    for name in quote["names"]:
        assert name["surface"] in quote["text"] and name["lang"] in ("ja", "ru", "both")
    source = quote["sources"][0]
    assert (ROOT / "sources" / source["source"]).is_file()
    assert source["title"] and source["url"].startswith("https://")
    assert collection["group_quotes"], "passages naming only the group are kept"
    assert collection["attribution"].startswith("Coastlines: GSHHG")


def test_geojson_opens_in_gdal_as_qgis_reads_it(tmp_path):
    import geopandas

    out = tmp_path / "islands.geojson"
    export(ROOT / "sources", ROOT / "geodata", "geojson", out)
    gdf = geopandas.read_file(out)
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["id"]) == list(ISLAND_IDS)
    assert gdf.geometry.is_valid.all()
    assert (gdf["n_quotes"] >= 1).all()


def test_csv_has_one_row_per_name_found_per_source(rows):
    assert list(rows[0]) == list(CSV_COLUMNS)
    # The fixture's duplicated passage (in two sources) gives a row for each source.
    twice = [r for r in rows if r["surface"] == "Iturup" and r["island"] == "iturup"]
    assert {r["source"] for r in twice} >= {"agency.md", "reprint.txt"}
    for row in rows:
        assert row["surface"] in row["text"].lstrip("'")
        assert row["lang"] in ("ja", "ru", "both")
        assert row["section"] in ("article", "comments")
        assert row["passage"].isdigit()
        assert row["island"] in (*ISLAND_IDS, "group")
    assert any(r["island"] == "group" for r in rows)


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "formula.md").write_text(
        '---\ntitle: "=1+1 Kunashir"\npublisher: "@agency"\n---\n\n'
        '=HYPERLINK("https://example.org", "Iturup") is not a formula here.\n\n'
        "- Shikotan, a list item.\n",
        "utf-8",
    )
    out = tmp_path / "mentions.csv"
    export(sources, GEODATA, "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["text"] for r in rows} == {
        '\'=HYPERLINK("https://example.org", "Iturup") is not a formula here.',
        "'- Shikotan, a list item.",
    }
    assert {r["title"] for r in rows} == {"'=1+1 Kunashir"}
    assert {r["publisher"] for r in rows} == {"'@agency"}


def test_cli_export_writes_to_stdout_and_says_so_on_stderr():
    runner = CliRunner()
    args = ["export", "--format", "csv", "--sources", str(SOURCES), "--geodata", str(GEODATA)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0]) == list(CSV_COLUMNS)
    assert result.stderr.startswith("Wrote stdout: ")


def test_cli_export_to_a_file_prints_the_summary(tmp_path):
    out = tmp_path / "islands.geojson"
    args = ["export", "--format", "geojson", "-o", str(out)]
    args += ["--sources", str(SOURCES), "--geodata", str(GEODATA)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out}: 4 island features, 7 quotes from 3 sources\n"
    assert json.loads(out.read_text("utf-8"))["type"] == "FeatureCollection"


def test_cli_export_needs_a_known_format():
    result = CliRunner().invoke(cli, ["export", "--format", "xlsx"])
    assert result.exit_code == 2
    assert "'xlsx' is not one of 'geojson', 'csv'" in result.output


def test_export_refuses_an_unknown_format():
    with pytest.raises(IslandmapError, match=r"unknown format 'kml'\. Use geojson, csv or history"):
        export(SOURCES, GEODATA, "kml")
