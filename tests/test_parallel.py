"""--jobs: a folder read and matched by several processes, an archive matched by them,
with the same output and the same errors as one process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from make_corpus import make_corpus

    folder = tmp_path_factory.mktemp("parallel") / "corpus"
    make_corpus(200, folder, [ROOT / "sources"])
    return folder


def test_an_archive_matched_by_two_processes_gives_the_same_passages(corpus, tmp_path):
    from islandmap.sources import load_sources

    archive = tmp_path / "news.jsonl"
    with archive.open("w", encoding="utf-8") as out:
        for article in load_sources(corpus):
            text = "\n\n".join(p.text for p in article.passages if p.section == "article")
            record = {"title": article.title, "date": article.date, "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    one = run("passages", "--sources", str(archive), "--format", "jsonl", "--jobs", "1")
    two = run("passages", "--sources", str(archive), "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) > 500


def test_a_bad_file_is_reported_the_same_by_two_processes(corpus, tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    # late in the order, so that a worker reads it, not the first chunk
    (folder / "00190.md").write_bytes(b"---\ntitle: [unclosed\n---\n\nKunashir\n")
    one = run("passages", "--sources", str(folder), "--jobs", "1")
    two = run("passages", "--sources", str(folder), "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert two.stderr == one.stderr
    assert two.stderr.startswith(f"Error: {folder / '00190.md'}: ")
    assert len(two.stderr.splitlines()) == 1
    assert two.stdout == ""
