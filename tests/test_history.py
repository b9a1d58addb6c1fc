"""The history layer: the sourced table (islandmap/data/history.yaml) and the committed
geodata/history.geojson built from it: every period and line dated and sourced, every
unit held by someone in every period, and the lines where the treaties put them."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from shapely.geometry import LineString, shape
from shapely.ops import unary_union

from islandmap.cli import cli
from islandmap.errors import GeodataError
from islandmap.history import build_history, load_history, parse_history, period_in_force
from islandmap.page.build import history_view

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
TABLE = ROOT / "islandmap" / "data" / "history.yaml"
EXPECTED_PERIODS = ["1855", "1875", "1905", "1945", "1946", "1951", "1956", "today"]


@pytest.fixture(scope="module")
def layer() -> dict:
    return json.loads((GEODATA / "history.geojson").read_text("utf-8"))


@pytest.fixture(scope="module")
def land() -> dict:
    region = json.loads((GEODATA / "region.geojson").read_text("utf-8"))
    return {f["properties"]["id"]: shape(f["geometry"]) for f in region["features"]}


def _features(layer: dict, kind: str) -> dict:
    return {f["properties"]["id"]: f for f in layer["features"] if f["properties"]["kind"] == kind}


def test_the_table_has_the_periods_the_treaties_made() -> None:
    history = load_history()
    assert [p.id for p in history.periods] == EXPECTED_PERIODS
    years = [p.year for p in history.periods if p.year is not None]
    assert years == sorted(years)


def test_today_begins_with_the_dissolution_of_the_soviet_union() -> None:
    today = load_history().periods[-1]
    assert (today.id, today.year, today.date) == ("today", 1991, "1991-12-26")
    assert today.title == "Administered by Russia, claimed by Japan"
    assert (
        "26 December 1991" in today.event and "Tokyo Declaration of 13 October 1993" in today.event
    )
    # Each language's text names the declaration and the four islands in its own forms.
    assert "Токийской декларации" in today.event_ru and "Итуруп (Эторофу)" in today.event_ru
    assert "東京宣言" in today.event_ja and "択捉島" in today.event_ja
    urls = [s.url for s in today.sources]
    assert "http://www.ioc.u-tokyo.ac.jp/~worldjpn/documents/texts/docs/19931013.D1E.html" in urls
    assert "https://en.wikipedia.org/wiki/Succession,_continuity_and_legacy_of_the_USSR" in urls


@pytest.mark.parametrize(
    ("year", "period"),
    [
        *[(y, "1956") for y in range(1957, 1992)],
        *[(y, "today") for y in range(1992, 2027)],
        (1956, "1956"),
        (1910, "1905"),
        (1856, "1855"),
        (1855, "1855"),
        ("1946", "1946"),
        ("today", "today"),
        (" TODAY ", "today"),
        (1700, None),
        ("soon", None),
        ("19999", None),
    ],
)
def test_a_year_shows_the_moment_in_force_on_its_first_day(year, period) -> None:
    # The Soviet Union was dissolved on 26 December 1991: all of 1991 but its last days
    # belong to the 1956 moment; a moment's own year (its id) shows that moment.
    found = period_in_force(load_history(), year)
    assert (found.id if found else None) == period


def test_the_holders_are_named_as_they_were_then(layer) -> None:
    views = {v["id"]: v for v in history_view(layer)}

    def held(period: str) -> dict[str, str]:
        return {s["label"]["en"]: s["id"] for s in views[period]["held"]}

    for soviet in ("1945", "1946", "1951", "1956"):
        assert held(soviet) == {"Soviet Union": "ussr"}, soviet
    assert held("today") == {"Russia (Russian Federation)": "federation"}
    assert {v["label"]["ru"] for v in views["1956"]["held"]} == {"Советский Союз"}
    assert {v["label"]["ja"] for v in views["today"]["held"]} == {"ロシア（ロシア連邦）"}
    # Before the Soviet Union, the Russian Empire: not the state's label with all its names
    for imperial in ("1855", "1875", "1905"):
        assert held(imperial) == {
            "Japan": "japan",
            "Russia (Russian Empire)": "empire",
            **(
                {"Not divided between the two (Sakhalin, 1855–1875)": "undivided"}
                if imperial == "1855"
                else {}
            ),
        }, imperial
    assert views["today"]["today"] and not views["1956"]["today"]


def test_every_period_and_line_has_a_date_and_a_web_source() -> None:
    history = load_history()
    for period in history.periods:
        assert period.date, period.id
        assert period.sources, period.id
        for source in period.sources:
            assert source.url.startswith(("http://", "https://")), period.id
        for side, reading in period.readings.items():
            assert reading.text and reading.source.startswith("http"), (period.id, side)
    for line in history.lines.values():
        assert line.date and line.sources and line.drawn_as, line.id


def test_lines_that_no_treaty_draws_exactly_say_they_are_approximate() -> None:
    for line in load_history().lines.values():
        assert line.approximate, line.id
        assert "approximate" in line.names.label or "50° N" in line.names.label, line.id


def test_no_unit_is_unassigned_in_any_period(layer) -> None:
    units = _features(layer, "unit")
    assert set(units) == {
        "habomai",
        "shikotan",
        "kunashir",
        "iturup",
        "urup",
        "kurils_north",
        "sakhalin_south",
        "sakhalin_north",
    }
    for unit, feature in units.items():
        holders = feature["properties"]["holders"]
        assert list(holders) == EXPECTED_PERIODS, unit
        assert set(holders.values()) <= set(layer["states"]), unit


def test_who_held_what_follows_the_treaties(layer) -> None:
    periods = {p["id"]: p for p in layer["periods"]}
    four = ("habomai", "shikotan", "kunashir", "iturup")
    assert all(periods["1855"]["holders"][i] == "japan" for i in four)
    assert periods["1855"]["holders"]["urup"] == "russia"
    assert periods["1855"]["holders"]["sakhalin_south"] == "undivided"
    assert periods["1875"]["holders"]["kurils_north"] == "japan"
    assert periods["1875"]["holders"]["sakhalin_south"] == "russia"
    assert periods["1905"]["holders"]["sakhalin_south"] == "japan"
    assert periods["1905"]["holders"]["sakhalin_north"] == "russia"
    for later in ("1945", "1946", "1951", "1956", "today"):
        assert set(periods[later]["holders"].values()) == {"russia"}
    for claimed in ("1951", "1956", "today"):
        assert periods[claimed]["claims"] == dict.fromkeys(four, "japan")
    # Russia by the name it had then: the Russian Empire to 14 September 1917, the Soviet
    # Union from 30 December 1922 to 26 December 1991, the Russian Federation since (one
    # colour throughout).
    forms = layer["states"]["russia"]["forms"]
    assert (forms["empire"]["from"], forms["empire"]["to"]) == ("1721-11-02", "1917-09-14")
    assert (forms["ussr"]["from"], forms["ussr"]["to"]) == ("1922-12-30", "1991-12-26")
    assert forms["federation"]["from"] == "1991-12-26" and not forms["federation"]["to"]
    assert periods["1905"]["forms"] == {"russia": "empire"}
    assert periods["1956"]["forms"] == {"russia": "ussr"}
    assert periods["today"]["forms"] == {"russia": "federation"}


def test_the_chain_reaches_shumshu(layer) -> None:
    north = shape(_features(layer, "unit")["kurils_north"]["geometry"])
    # Shumshu lies at about 50.6-50.9 N, 156.1-156.5 E; Cape Lopatka at 50.87 N 156.67 E.
    assert north.bounds[3] > 50.8 and north.bounds[2] > 156.4


def _crosses_gap(line: LineString, first, second) -> bool:
    from shapely import shortest_line

    return shortest_line(first, second).intersects(line)


def test_the_1855_line_passes_between_iturup_and_urup_without_crossing_land(layer, land) -> None:
    line = shape(_features(layer, "line")["shimoda_1855"]["geometry"])
    assert not line.intersects(unary_union(list(land.values())))
    assert _crosses_gap(line, land["iturup"], land["urup"])
    context = json.loads((GEODATA / "context.geojson").read_text("utf-8"))
    drawn = next(f for f in context["features"] if f["properties"]["id"] == "shimoda_1855")
    assert shape(drawn["geometry"]).equals(line), "the map's 1855 line is the history's"


def test_the_1875_line_runs_through_the_strait_between_shumshu_and_kamchatka(layer, land) -> None:
    line = shape(_features(layer, "line")["kamchatka_1875"]["geometry"])
    assert not line.intersects(unary_union(list(land.values())))
    assert _crosses_gap(line, land["kuril"], land["kamchatka"])


def test_the_la_perouse_line_runs_between_sakhalin_and_hokkaido(layer, land) -> None:
    line = shape(_features(layer, "line")["la_perouse_1875"]["geometry"])
    assert not line.intersects(unary_union(list(land.values())))
    assert _crosses_gap(line, land["sakhalin"], land["hokkaido"])


def test_the_1905_line_follows_50_north_across_sakhalin_only(layer, land) -> None:
    line = shape(_features(layer, "line")["portsmouth_1905"]["geometry"])
    assert {y for _, y in line.coords} == {50.0}
    west, east = line.coords[0], line.coords[-1]
    sakhalin = land["sakhalin"]
    assert line.intersects(sakhalin)
    # Both ends in the sea, and no other land crossed.
    everything = unary_union(list(land.values()))
    from shapely.geometry import Point

    assert not everything.contains(Point(west)) and not everything.contains(Point(east))
    assert line.intersection(everything).length == pytest.approx(line.intersection(sakhalin).length)


def test_the_line_since_1945_runs_between_hokkaido_and_the_islands(layer, land) -> None:
    line = shape(_features(layer, "line")["nemuro_1945"]["geometry"])
    assert not line.intersects(unary_union(list(land.values())))
    for island in ("kunashir", "habomai"):
        assert _crosses_gap(line, land[island], land["hokkaido"]), island


def test_units_and_lines_name_the_periods_they_belong_to(layer) -> None:
    lines = _features(layer, "line")
    assert lines["shimoda_1855"]["properties"]["periods"]["1855"] == "boundary"
    assert lines["shimoda_1855"]["properties"]["periods"]["today"] == "claimed"
    assert lines["portsmouth_1905"]["properties"]["periods"] == {"1905": "boundary"}
    assert "1945" not in lines["kamchatka_1875"]["properties"]["periods"]


def test_the_layer_is_openly_licensed_and_says_where_it_comes_from(layer) -> None:
    assert layer["metadata"]["table_licence"] == "CC0-1.0"
    assert layer["metadata"]["licence"] == "LGPL-3.0-or-later"
    assert "GSHHG" in layer["metadata"]["attribution"]


def test_rebuilding_reproduces_the_committed_file(tmp_path: Path) -> None:
    build_history(GEODATA, tmp_path)
    assert (tmp_path / "history.geojson").read_bytes() == (GEODATA / "history.geojson").read_bytes()


def test_the_cli_builds_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["geodata", "history", "--geodata", str(GEODATA), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'history.geojson'}" in result.output
    assert "  shimoda_1855    line, from context.geojson (approximate)" in result.output


def test_without_the_region_the_cli_says_how_to_get_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["geodata", "history", "--geodata", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'region.geojson'}: file not found")
    assert not (tmp_path / "history.geojson").exists()


@pytest.fixture(scope="module")
def table() -> dict:
    return yaml.safe_load(TABLE.read_text("utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t["periods"][0]["holders"].pop("urup"), "periods.1855: no holder for urup"),
        (
            lambda t: t["periods"][0]["holders"].update(urup="narnia"),
            "periods.1855: unknown state 'narnia' for urup",
        ),
        (lambda t: t["periods"][1].pop("sources"), "periods.1875: 'sources' must list"),
        (
            lambda t: t["periods"][0]["sources"][0].update(url="javascript:alert(1)"),
            "a source must be an http(s) address",
        ),
        (lambda t: t["periods"][2].update(date="soon"), "date 'soon' must be YYYY"),
        (lambda t: t["lines"]["shimoda_1855"].pop("date"), "lines.shimoda_1855: date"),
        (
            lambda t: t["periods"][0]["lines"].update(shimoda_1855="wall"),
            "line shimoda_1855 must be one of boundary, administration, claimed",
        ),
        (
            lambda t: t["states"]["russia"]["forms"]["ussr"].update(to="2000"),
            "periods.today: russia had two names at 1991-12-26 (ussr, federation)",
        ),
        (
            lambda t: t["states"]["russia"]["forms"]["ussr"].update(source="ftp://x"),
            "states.russia.forms.ussr: a source must be an http(s) address",
        ),
        (
            lambda t: t["periods"][-1].update(year=1992),
            "periods.today: year must be the date's year",
        ),
        (
            lambda t: t["periods"][0]["sources"][0].pop("note_ja"),
            "periods.1855: source 0 ('Sasakawa Peace Foundation, Island Studies') must give its"
            " note in every language (note, note_ru, note_ja) or in none",
        ),
    ],
)
def test_a_broken_table_is_refused_with_what_to_fix(table, change, message) -> None:
    broken = copy.deepcopy(table)
    change(broken)
    with pytest.raises(GeodataError, match=r"history\.yaml") as caught:
        parse_history(broken)
    assert message in str(caught.value)


def test_export_writes_the_history_layer(tmp_path: Path) -> None:
    out = tmp_path / "history.geojson"
    result = CliRunner().invoke(
        cli, ["export", "--format", "history", "--geodata", str(GEODATA), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote {out}: the history layer, 8 land units and 5 lines in 8 periods\n"
    )
    assert json.loads(out.read_text("utf-8")) == json.loads(
        (GEODATA / "history.geojson").read_text("utf-8")
    )


def test_export_without_the_history_layer_says_how_to_build_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--format", "history", "--geodata", str(tmp_path), "-o", "-"]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'history.geojson'}: file not found. Build it with: islandmap "
        f"geodata history --geodata {tmp_path}\n"
    )
