"""Bad input, through the commands as a user runs them: one `Error:` line on stderr, exit
status 1, no traceback, and an existing map left exactly as it was."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
GEODATA = ROOT / "geodata"
GEODATA_FIXTURES = ROOT / "tests" / "data" / "geodata"
OLD_MAP = "<!doctype html><title>yesterday's map</title>"
SEED = SOURCES / "2017-11-trumpet-will-russia-push-japan-to-end-defense-treaty.md"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assert_one_error_line(result, path: Path | str, *fragments: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Warning: ")]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"Error: {path}: "), line
    for fragment in fragments:
        assert fragment in line, line
    # "<what is wrong>. <how to fix it>"
    assert ". " in line.removeprefix(f"Error: {path}: ")
    return line


@pytest.fixture
def old_map(tmp_path: Path) -> Path:
    output = tmp_path / "out" / "islands.html"
    output.parent.mkdir()
    output.write_text(OLD_MAP, encoding="utf-8")
    return output


def sources_with(tmp_path: Path, name: str, content: str | bytes) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return folder


BAD_SOURCES = [
    ("bad.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "is a binary file"),
    ("bad.md", "---\ntitle: Итуруп\n---\nНа Итурупе.\n".encode("cp1251"), "Convert it from CP1251"),
    ("bad.txt", b"", "is empty"),
    ("bad.md", "---\ntitle: [oops\n---\nIturup\n", "front matter is not valid YAML"),
    ("bad.md", "---\n- a\n- b\n---\nIturup\n", "front matter must be 'key: value' lines"),
    ("bad.md", "---\ntitle: T\nIturup\n", "front matter is not closed"),
    ("bad.md", "---\npublisher: X\n---\nIturup\n", "has no title"),
    ("bad.md", "---\ntitle: ''\n---\nIturup\n", "has no title"),
    ("bad.md", "---\ntitle: T\ndate: yesterday\n---\nIturup\n", "is not a date"),
    ("bad.md", "---\ntitle: T\nurl: javascript:alert(1)\n---\nIturup\n", "is not a web address"),
    ("bad.md", "---\ntitle: T\nurl: data:text/html,hi\n---\nIturup\n", "is not a web address"),
    (SEED.stem + ".txt", "Title\nIturup\n", "has the same name as"),
]


@pytest.mark.parametrize(("name", "content", "fragment"), BAD_SOURCES)
def test_bad_source_passages(tmp_path, name, content, fragment):
    folder = sources_with(tmp_path, name, content)
    result = run("passages", "--sources", folder)
    assert_one_error_line(result, folder / name, fragment)
    assert result.stdout == ""


@pytest.mark.parametrize(("name", "content", "fragment"), BAD_SOURCES)
def test_bad_source_render_keeps_the_old_map(tmp_path, old_map, name, content, fragment):
    folder = sources_with(tmp_path, name, content)
    result = run("render", "--sources", folder, "--geodata", GEODATA, "-o", old_map)
    assert_one_error_line(result, folder / name, fragment)
    assert old_map.read_text(encoding="utf-8") == OLD_MAP
    assert sorted(p.name for p in old_map.parent.iterdir()) == ["islands.html"]


def test_missing_and_empty_sources_folders(tmp_path, old_map):
    missing = tmp_path / "nowhere"
    assert_one_error_line(run("passages", "--sources", missing), missing, "folder not found")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.docx").write_bytes(b"PK\x03\x04")
    assert_one_error_line(run("passages", "--sources", empty), empty, "holds no articles")
    result = run("render", "--sources", empty, "--geodata", GEODATA, "-o", old_map)
    assert_one_error_line(result, empty, "holds no articles")
    assert old_map.read_text(encoding="utf-8") == OLD_MAP


def test_a_huge_source_is_refused_without_reading_it(tmp_path):
    folder = sources_with(tmp_path, "archive.txt", b"")
    with (folder / "archive.txt").open("wb") as out:
        out.truncate(50 * 10**6)
    result = run("passages", "--sources", folder)
    assert_one_error_line(result, folder / "archive.txt", "is 50.0 MB; an article may be at most")


@pytest.mark.parametrize(
    ("fixture", "fragment"),
    [
        ("not_json", "not valid JSON"),
        ("not_feature_collection", "not a GeoJSON FeatureCollection"),
        ("missing_island", "habomai"),
        ("duplicate_id", "appears 2 times"),
        ("unknown_id", "unknown"),
        ("invalid_geometry", "invalid"),
        ("null_geometry", "no geometry"),
        ("unknown_crs", "CRS"),
    ],
)
def test_bad_geodata_keeps_the_old_map(tmp_path, old_map, fixture, fragment):
    geodata = GEODATA_FIXTURES / fixture
    result = run("render", "--sources", SOURCES, "--geodata", geodata, "-o", old_map)
    line = assert_one_error_line(result, geodata / "islands.geojson")
    assert fragment.lower() in line.lower()
    assert old_map.read_text(encoding="utf-8") == OLD_MAP


def test_missing_geodata_folder(tmp_path, old_map):
    missing = tmp_path / "geo"
    result = run("render", "--sources", SOURCES, "--geodata", missing, "-o", old_map)
    assert_one_error_line(result, missing / "islands.geojson", "file not found")
    assert old_map.read_text(encoding="utf-8") == OLD_MAP


def test_malformed_gazetteer(tmp_path):
    gazetteer = tmp_path / "names.yaml"
    gazetteer.write_text("islands:\n  iturup: [\n", encoding="utf-8")
    result = run("passages", "--sources", SOURCES, "--gazetteer", gazetteer)
    assert_one_error_line(result, gazetteer, "is not valid YAML")
    gazetteer.write_text("islands:\n  iturup: []\n", encoding="utf-8")
    result = run("passages", "--sources", SOURCES, "--gazetteer", gazetteer)
    assert_one_error_line(result, gazetteer, "'islands' must list exactly")
    gazetteer.write_bytes("islands:\n  iturup: [Итуруп]\n".encode("cp1251"))
    result = run("passages", "--sources", SOURCES, "--gazetteer", gazetteer)
    assert_one_error_line(result, gazetteer, "is not UTF-8 text. Save it as UTF-8")
    missing = tmp_path / "nowhere.yaml"
    result = run("passages", "--sources", SOURCES, "--gazetteer", missing)
    assert_one_error_line(result, missing, "not found. Check the path")


def test_output_path_that_is_a_folder(tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    result = run("render", "--sources", SOURCES, "-o", folder)
    assert_one_error_line(result, folder, "is a folder. Give the name of a file with -o")
    assert list(folder.iterdir()) == []
    result = run("export", "--format", "csv", "-o", folder)
    assert_one_error_line(result, folder, "is a folder. Give the name of a file with -o")
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]


def test_output_folder_not_writable(tmp_path, old_map):
    if shutil.os.geteuid() == 0:  # type: ignore[attr-defined]
        pytest.skip("root can write into read-only folders")
    old_map.parent.chmod(0o555)
    try:
        result = run("render", "--sources", SOURCES, "-o", old_map)
    finally:
        old_map.parent.chmod(0o755)
    assert_one_error_line(result, old_map, "cannot write here", "choose another path with -o")
    assert old_map.read_text(encoding="utf-8") == OLD_MAP


def test_output_folder_not_writable_as_a_file(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    output = blocker / "islands.html"
    result = run("render", "--sources", SOURCES, "-o", output)
    assert_one_error_line(result, output, "cannot write here", "choose another path with -o")


def test_disk_full_while_writing_keeps_the_old_map(tmp_path, old_map, monkeypatch):
    real_write = os.write

    def full_disk(fd: int, data: bytes) -> int:
        if len(data) > 1000:  # the page, not a line of output
            real_write(fd, bytes(data[:10]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    result = run("render", "--sources", SOURCES, "-o", old_map)
    assert_one_error_line(result, old_map, "No space left on device")
    assert old_map.read_text(encoding="utf-8") == OLD_MAP
    assert sorted(p.name for p in old_map.parent.iterdir()) == ["islands.html"]


def test_a_source_naming_no_island_is_a_warning_and_strict_makes_it_an_error(tmp_path):
    folder = sources_with(tmp_path, "weather.md", "---\ntitle: Weather\n---\nSunny in Tokyo.\n")
    result = run("passages", "--sources", folder, "--format", "jsonl")
    assert result.exit_code == 0
    assert result.stdout
    assert result.stderr.startswith(f"Warning: {folder / 'weather.md'}: names none of the islands")
    strict = run("passages", "--sources", folder, "--strict")
    assert_one_error_line(strict, folder / "weather.md", "names none of the islands", "--strict")


def test_render_warns_about_a_source_naming_no_island_and_strict_keeps_the_old_map(
    tmp_path, old_map
):
    folder = sources_with(tmp_path, "weather.md", "---\ntitle: Weather\n---\nSunny in Tokyo.\n")
    result = run("render", "--sources", folder, "-o", old_map)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Warning: {folder / 'weather.md'}: names none")
    assert old_map.read_text(encoding="utf-8") != OLD_MAP
    old_map.write_text(OLD_MAP, encoding="utf-8")
    strict = run("render", "--sources", folder, "-o", old_map, "--strict")
    assert_one_error_line(strict, folder / "weather.md", "--strict")
    assert old_map.read_text(encoding="utf-8") == OLD_MAP


def test_render_with_a_malformed_gazetteer_keeps_the_old_map(tmp_path, old_map):
    gazetteer = tmp_path / "names.yaml"
    gazetteer.write_text("- just\n- a list\n", encoding="utf-8")
    result = run("render", "--gazetteer", gazetteer, "-o", old_map)
    assert_one_error_line(result, gazetteer, "must be a mapping with an 'islands' section")
    assert old_map.read_text(encoding="utf-8") == OLD_MAP


def test_a_pipe_or_device_is_refused_not_replaced(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for command in (["render"], ["export", "--format", "csv"]):
        result = run(*command, "--sources", SOURCES, "-o", pipe)
        assert_one_error_line(result, pipe, "is not a regular file")
        assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_pipe_without_an_archive_s_name_as_sources_is_named_as_such(tmp_path):
    # as --sources /dev/stdin would be: it exists, so "folder not found" would mislead
    pipe = tmp_path / "news"
    os.mkfifo(pipe)
    result = run("passages", "--sources", pipe)
    assert_one_error_line(result, pipe, "is not a folder of articles nor an archive file")
    assert "a file whose name ends in .jsonl" in result.stderr


def test_a_symbolic_link_is_written_through(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = run("export", "--format", "csv", "--sources", SOURCES, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("island,surface,lang")


HOSTILE_YAML = [
    ("title: " + "1" * 5000 + "\n", "front matter is not valid YAML"),
    ("title: T\nwhen: !!timestamp 2001-13-99\n", "front matter is not valid YAML"),
    (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "title: *b\n",
        "front matter is not valid YAML",
    ),
    ('title: "\\ud800 Kunashir"\n', "a lone surrogate"),
]


@pytest.mark.parametrize(("front", "fragment"), HOSTILE_YAML)
def test_hostile_front_matter_is_one_error_line(tmp_path, old_map, front, fragment):
    folder = sources_with(tmp_path, "bad.md", f"---\n{front}---\nKunashir.\n")
    for command in (["passages"], ["render", "-o", old_map], ["export", "--format", "csv"]):
        result = run(*command, "--sources", folder)
        assert_one_error_line(result, folder / "bad.md", fragment)
    assert old_map.read_text(encoding="utf-8") == OLD_MAP


def test_a_number_as_title_is_a_title(tmp_path):
    folder = sources_with(tmp_path, "year.md", "---\ntitle: 1956\n---\nShikotan and Habomai.\n")
    result = run("passages", "--sources", folder, "--format", "jsonl")
    assert result.exit_code == 0, result.output


def test_a_file_name_that_is_not_utf8(tmp_path):
    folder = sources_with(tmp_path, "ok.md", "---\ntitle: T\n---\nIturup.\n")
    with open(os.path.join(os.fsencode(folder), b"\xff-name.md"), "wb") as out:
        out.write(b"---\ntitle: T\n---\nIturup.\n")
    result = run("passages", "--sources", folder)
    assert result.exit_code == 1
    assert "its name is not valid UTF-8" in result.stderr
    assert "Traceback" not in result.output


def test_a_gazetteer_form_without_letters(tmp_path):
    gazetteer = tmp_path / "g.yaml"
    entries = "".join(
        f"  {i}:\n  - {{name: X{i}, lang: ja, script: Latn, kind: official, source: https://e.org}}\n"
        for i in ("iturup", "kunashir", "shikotan", "habomai")
    )
    gazetteer.write_text(
        "islands:\n" + entries.replace("name: Xiturup", 'name: "\\u0301"'), encoding="utf-8"
    )
    result = run("passages", "--gazetteer", gazetteer)
    assert_one_error_line(result, gazetteer, "a form needs at least one letter")


def test_export_warns_and_strict_stops_it_like_render(tmp_path):
    folder = sources_with(tmp_path, "weather.md", "---\ntitle: Weather\n---\nSunny in Tokyo.\n")
    result = run("export", "--format", "csv", "--sources", folder)
    assert result.exit_code == 0
    assert f"Warning: {folder / 'weather.md'}: names none" in result.stderr
    strict = run("export", "--format", "csv", "--sources", folder, "--strict")
    assert_one_error_line(strict, folder / "weather.md", "--strict")
    assert strict.stdout == ""
