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
        ("\n", "holds no passages"),
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
