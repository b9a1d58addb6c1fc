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
