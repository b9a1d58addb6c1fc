"""The shared stage: options → corpus → islands joined at the resolution asked for."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli
from islandmap.errors import SourceError
from islandmap.geodata import load_islands
from islandmap.pipeline import (
    Corpus,
    CorpusOptions,
    MapData,
    corpus_options,
    join_corpus,
    load_corpus,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "data" / "render" / "sources"
GEODATA = ROOT / "tests" / "data" / "render" / "geodata"
WEATHER = "---\ntitle: Weather\n---\nSunny in Tokyo.\n"


def test_options_have_the_commands_defaults():
    assert CorpusOptions() == CorpusOptions(Path("sources"), True, None, False)
    assert corpus_options(SOURCES) == CorpusOptions(sources=SOURCES)
    options = CorpusOptions(SOURCES, include_comments=False)
    assert corpus_options(options) is options


def test_load_corpus_reads_and_matches_every_source():
    corpus = load_corpus(CorpusOptions(SOURCES))
    assert isinstance(corpus, Corpus)
    assert [a.id for a in corpus.articles] == sorted(p.name for p in SOURCES.iterdir())
    assert corpus.matched
    assert {m.passage.source for m in corpus.matched} <= {a.id for a in corpus.articles}
    without = load_corpus(CorpusOptions(SOURCES, include_comments=False))
    assert all(m.passage.section == "article" for m in without.matched)
    assert len(without.matched) < len(corpus.matched)


def test_join_for_the_page_simplifies_and_for_export_keeps_the_source():
    corpus = load_corpus(CorpusOptions(SOURCES))
    page = join_corpus(corpus, GEODATA, display=True)
    full = join_corpus(corpus, GEODATA, display=False)
    assert isinstance(page, MapData) and isinstance(full, MapData)
    assert full.context is None
    source = load_islands(GEODATA)
    assert list(full.joined.islands.geometry) == list(source.geometry)
    assert page.joined.quotes == full.joined.quotes
    assert page.joined.group == full.joined.group


def test_a_source_naming_no_island_is_logged_and_strict_refuses_it(tmp_path, caplog):
    (tmp_path / "weather.md").write_text(WEATHER, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="islandmap"):
        corpus = load_corpus(CorpusOptions(tmp_path))
    assert corpus.matched == ()
    (record,) = caplog.records
    assert record.name == "islandmap" and record.levelno == logging.WARNING
    assert record.getMessage().startswith(f"{tmp_path / 'weather.md'}: names none of the islands")
    with pytest.raises(SourceError) as raised:
        load_corpus(CorpusOptions(tmp_path, strict=True))
    assert raised.value.option == "strict"
    assert "--strict" not in str(raised.value)


def test_the_cli_prints_the_warning_once_and_leaves_logging_as_it_was(tmp_path):
    (tmp_path / "weather.md").write_text(WEATHER, encoding="utf-8")
    logger = logging.getLogger("islandmap")
    before = (list(logger.handlers), logger.level, logger.propagate)
    result = CliRunner().invoke(cli, ["passages", "--sources", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Warning: {tmp_path / 'weather.md'}: names none of the islands, nor the islands as "
        "a group, so nothing of it is mapped. Check that it is the article you meant, or add "
        "the name form it uses to the gazetteer\n"
    )
    assert (list(logger.handlers), logger.level, logger.propagate) == before
