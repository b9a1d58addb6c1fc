"""Red team: data that used to pass but should not, in the sources folder and in `add`:
full-width digits in dates, UTF-16 without a byte-order mark, a sub-folder that cannot be
read, control characters in file names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap import sources as sources_module
from islandmap.cli import cli
from islandmap.errors import SourceError
from islandmap.sources import load_sources, read_text, source_paths

ARTICLE = "---\ntitle: Kunashir\ndate: {date}\n---\nFishermen return to Kunashir.\n"


def one_error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = [x for x in result.stderr.splitlines() if not x.startswith("Warning")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("date", ["２０２４-０１-０１", "2024-０１-01", "٢٠٢٤", "2024-01-0１"])
def test_full_width_digits_in_front_matter_are_not_a_date(date, tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.md").write_text(ARTICLE.format(date=date), encoding="utf-8")
    line = one_error(CliRunner().invoke(cli, ["passages", "--sources", str(folder)]))
    assert f"date {date!r} is not a date" in line


def test_full_width_digits_in_add_date_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("islandmap.add.stdin_is_terminal", lambda: False)
    text = tmp_path / "a.txt"
    text.write_text("Kunashir\nFishermen return to Kunashir.\n", encoding="utf-8")
    folder = tmp_path / "sources"
    folder.mkdir()
    result = CliRunner().invoke(
        cli, ["add", str(text), "--sources", str(folder), "--yes", "--date", "２０２４-０１-０１"]
    )
    line = one_error(result)
    assert line.startswith("Error: --date: date '２０２４-０１-０１' is not a date")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [
        ("Kunashir\n\nFishermen return to Kunashir.\n", "utf-16-le", "UTF-16LE"),
        ("Кунашир\n\nРыбаки вернулись на Кунашир.\n", "utf-16-le", "UTF-16LE"),
        ("国後島\n\n漁業者が国後島の海に戻った。\n", "utf-16-be", "UTF-16BE"),
        ("Kunashir\r\n\r\nFishermen return.\r\n", "utf-16-be", "UTF-16BE"),
    ],
)
def test_utf16_without_a_byte_order_mark_is_recognised(text, encoding, named, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert caught.value.message.startswith(f"is not UTF-8 text (it looks like {named})")
    assert f"iconv -f {named} -t UTF-8" in caught.value.message


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"PK\x03\x04\x14\x00" * 50],
)
def test_binary_files_are_still_binary(data, tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert "binary" in caught.value.message or "looks like" not in caught.value.message


def test_plain_utf8_is_never_taken_for_utf16(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Iturup plain ASCII text, pairs of letters read as kanji in UTF-16", "utf-8")
    assert read_text(path).startswith("Iturup")


def test_a_sub_folder_that_cannot_be_read_is_an_error(tmp_path, monkeypatch):
    folder = tmp_path / "sources"
    (folder / "2024").mkdir(parents=True)
    (folder / "a.md").write_text(ARTICLE.format(date="2024"), encoding="utf-8")
    (folder / "2024" / "b.md").write_text(ARTICLE.format(date="2024"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # root reads every folder: the listing is what fails for a user
        if Path(path).name == "2024":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(sources_module.os, "scandir", scandir)
    with pytest.raises(SourceError) as caught:
        load_sources(folder)
    assert caught.value.path == str(folder / "2024")
    assert caught.value.message.startswith("folder cannot be read (Permission denied)")
    line = one_error(CliRunner().invoke(cli, ["passages", "--sources", str(folder)]))
    assert line.startswith(f"Error: {folder / '2024'}: folder cannot be read")


def test_listing_keeps_name_order_and_skips_hidden_and_underscore(tmp_path):
    folder = tmp_path / "sources"
    for name in (
        "b/z.md",
        "a.md",
        "b.txt",
        "_drafts/x.md",
        ".git/y.md",
        "c/.hidden.md",
        "c/README.md",
        "a/b/c.md",
        "notes.rst",
    ):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(folder).as_posix() for p in source_paths(folder)]
    assert found == ["a/b/c.md", "a.md", "b/z.md", "b.txt"]  # as sorted(rglob) had them
