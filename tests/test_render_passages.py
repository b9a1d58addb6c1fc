"""render and export --passages: the map from passages already matched (the output of
``passages --format jsonl``), the same as from the sources, and bad input refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _page_data(html: str) -> dict:
    found = re.search(r'<script[^>]*id="islandmap-data"[^>]*>(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def matched(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("passages") / "matched.jsonl"
    result = run("passages", "--sources", str(ROOT / "sources"), "--format", "jsonl")
    assert result.exit_code == 0
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_the_map_from_matched_passages_is_the_map_from_the_sources(matched, tmp_path):
    sources = str(ROOT / "sources")
    direct = run("render", "--sources", sources, "-o", str(tmp_path / "a.html"))
    again = run(
        "render", "--passages", str(matched), "--sources", sources, "-o", str(tmp_path / "b.html")
    )
    assert direct.exit_code == again.exit_code == 0
    # the summary: islands, quotes, sources
    assert again.stdout.replace("b.html", "a.html") == direct.stdout
    a = _page_data((tmp_path / "a.html").read_text("utf-8"))
    b = _page_data((tmp_path / "b.html").read_text("utf-8"))
    assert a == b


def test_export_from_matched_passages(matched):
    sources = str(ROOT / "sources")
    direct = run("export", "--format", "csv", "--sources", sources)
    again = run("export", "--format", "csv", "--passages", str(matched), "--sources", sources)
    assert direct.exit_code == again.exit_code == 0
    assert again.stdout == direct.stdout


def test_without_the_sources_the_quotes_are_cited_by_their_file(matched, tmp_path):
    result = run(
        "render",
        "--passages",
        str(matched),
        "--sources",
        str(tmp_path / "none"),
        "-o",
        str(tmp_path / "m.html"),
    )
    assert result.exit_code == 0
    data = _page_data((tmp_path / "m.html").read_text("utf-8"))
    assert data["sources"]
    assert all(s["title"] == s["file"] for s in data["sources"])


@pytest.mark.parametrize(
    ("content", "what"),
    [
        ("not json\n", "line 1: is not a record of 'islandmap passages --format jsonl'"),
        ('{"source": "a.md"}\n', "line 1: is not a record"),
        (
            '{"source": "a.md", "passage": 0, "section": "article", "text": "To Iturup.", '
            '"mentions": [{"island": "iturup", "surface": "Iturup", "lang": "ru", '
            '"start": 2, "end": 8}], "collective": []}\n',
            "line 1: is not a record of 'islandmap passages --format jsonl' ('Iturup' is not "
            "the text at its start and end)",
        ),
        (
            '{"source": "a.md", "passage": -1, "section": "article", "text": "To Iturup.", '
            '"mentions": [{"island": "iturup", "surface": "Iturup", "lang": "ru", '
            '"start": 3, "end": 9}], "collective": []}\n',
            "('passage' is negative)",
        ),
        (
            '{"source": "a.md", "passage": 0, "section": "article", "text": "To Iturup.", '
            '"mentions": [], "collective": [{"surface": "Kurils", "lang": "ru", '
            '"start": 8, "end": 14, "covers": ["iturup"]}]}\n',
            "('Kurils' is placed outside the text)",
        ),
    ],
)
def test_a_file_that_is_not_matched_passages_is_refused(tmp_path, content, what):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "m.html"
    result = run("render", "--passages", str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: ")
    assert what in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_no_passages_matched_give_a_map_with_no_quotes_and_a_warning(tmp_path):
    # what 'passages --format jsonl' writes where no source names an island
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "weather.txt").write_text("Weather\n\nSunny in Tokyo today.\n", "utf-8")
    written = run("passages", "--sources", str(sources), "--format", "jsonl")
    assert written.exit_code == 0 and written.stdout == ""
    empty = tmp_path / "none.jsonl"
    empty.write_text(written.stdout, encoding="utf-8")
    out = tmp_path / "m.html"
    result = run("render", "--passages", str(empty), "--sources", str(sources), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Warning: {empty}: holds no passages, so the map has no quotes" in result.stderr
    assert "0 quotes" in result.stdout + result.stderr
    assert _page_data(out.read_text("utf-8"))["passages"] == []


def test_without_comments_from_matched_passages_as_from_the_sources(tmp_path):
    archive = tmp_path / "news.jsonl"
    records = [
        {
            "title": "Fishermen return to Kunashir waters",
            "text": "Boats sailed to Kunashir.\n\nSecond paragraph.",
            "comments": ["Iturup is next, says a reader", "Nothing here"],
        },
        {"title": "Northern Territories Day", "text": "Rally for the Northern Territories."},
    ]
    archive.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    matched = tmp_path / "matched.jsonl"
    matched.write_text(
        run("passages", "--sources", str(archive), "--format", "jsonl").stdout, "utf-8"
    )
    args = ("export", "--format", "csv", "--sources", str(archive))
    for comments in ((), ("--no-comments",)):
        direct = run(*args, *comments)
        from_matched = run(*args, "--passages", str(matched), *comments)
        assert from_matched.exit_code == 0, from_matched.output
        assert from_matched.stdout == direct.stdout
        assert ("Iturup is next" in direct.stdout) == (not comments)


def test_a_folder_of_matched_files_is_read_as_one_file(matched, tmp_path):
    """The matching stage on a cluster writes one file a block, some empty: the folder
    gives the same export as the files joined."""
    lines = matched.read_text("utf-8").splitlines(keepends=True)
    folder = tmp_path / "passages"
    folder.mkdir()
    third = len(lines) // 3
    (folder / "2025").mkdir()  # below the folder too, in name order
    for name, part in (("00", lines[:third]), ("01", []), ("2025/02", lines[third:])):
        (folder / f"{name}.jsonl").write_text("".join(part), encoding="utf-8")
    (folder / "notes.txt").write_text("not passages")  # other files are left alone
    args = ("export", "--format", "csv", "--sources", str(ROOT / "sources"))
    joined = run(*args, "--passages", str(matched))
    from_folder = run(*args, "--passages", str(folder))
    assert from_folder.exit_code == 0, from_folder.output
    assert from_folder.stdout == joined.stdout
    assert len(from_folder.stdout.splitlines()) > 100


def test_a_bad_line_in_a_folder_of_matched_files_is_named_by_its_file(matched, tmp_path):
    folder = tmp_path / "passages"
    folder.mkdir()
    (folder / "00.jsonl").write_text(matched.read_text("utf-8"), encoding="utf-8")
    (folder / "01.jsonl").write_text("\nnot json\n", encoding="utf-8")
    result = run("render", "--passages", str(folder), "-o", str(tmp_path / "m.html"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {folder / '01.jsonl'}: line 2: is not a record")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("render", "--passages", str(empty), "-o", str(tmp_path / "m.html"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {empty}: holds no .jsonl or .ndjson files. Give the folder the matching "
        "stage wrote its files into, or the file 'islandmap passages --format jsonl' wrote\n"
    )
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize(
    "option",
    [
        ("--gazetteer", str(ROOT / "islandmap" / "data" / "gazetteer.yaml")),
        ("--strict",),
        ("--jobs", "2"),
    ],
    ids=["gazetteer", "strict", "jobs"],
)
def test_an_option_of_the_matching_is_refused_with_passages_matched_already(
    matched, tmp_path, option
):
    out = tmp_path / "m.html"
    for command in (("render", "-o", str(out)), ("export", "--format", "csv", "-o", str(out))):
        result = run(*command, "--passages", str(matched), *option)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {matched}: holds passages matched already, which {option[0]} does not "
            f"change. Leave {option[0]} out, or match the sources again without --passages\n"
        )
        assert not out.exists()


def test_a_file_of_passages_saved_with_a_byte_order_mark_is_read(matched, tmp_path):
    marked = tmp_path / "marked.jsonl"
    marked.write_bytes(b"\xef\xbb\xbf" + matched.read_bytes())  # as some editors save it
    args = ("export", "--format", "csv", "--sources", str(ROOT / "sources"))
    result = run(*args, "--passages", str(marked))
    assert result.exit_code == 0, result.output
    assert result.stdout == run(*args, "--passages", str(matched)).stdout
