"""Red team: the command line's one error boundary. Whatever goes wrong outside islandmap (a
full disk, a closed pipe, a closed stdout, a name too long, a loop of symbolic links, a
terminal that is not UTF-8) is one ``Error:`` line and exit status 1; an unexpected
exception is one line saying it is a bug, the traceback only with --debug."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
RECTANGLES = ROOT / "tests" / "data" / "render" / "geodata"
# One article in Russian and Japanese, so that the output is not ASCII.
ARTICLE = (
    "---\ntitle: Курилы / 北方領土\n---\n"
    "Итуруп и Кунашир: на Итурупе рыбаки. 択捉島と国後島の漁業。\n"
)


def islandmap(*args: str | Path, stdout=None, env=None, stdin=subprocess.DEVNULL):
    """Run the command as a user does, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "islandmap", *map(str, args)],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=stdin,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def error_lines(stderr: bytes) -> list[str]:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text, text
    return [line for line in text.splitlines() if not line.startswith("Warning: ")]


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "kurils.md").write_text(ARTICLE, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ("passages",),
        ("embed",),
        ("export", "--format", "csv", "--geodata", RECTANGLES),
        ("render", "-o", "-", "--geodata", RECTANGLES),
    ],
    ids=["passages", "embed", "export", "render"],
)
def test_stdout_full_is_one_line(command, sources):
    args = [*command] + (["--sources", sources] if command[0] != "embed" else [])
    with open("/dev/full", "wb") as full:
        result = islandmap(*args, stdout=full)
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "Error: stdout: cannot write the output (No space left on device). Free some space, "
        "or write somewhere else"
    ]


@pytest.mark.parametrize(
    ("command", "start"),
    [
        (("render", "--geodata", RECTANGLES), b"<!DOCTYPE html>"),
        (("export", "--format", "csv", "--geodata", RECTANGLES), b"island,surface,lang"),
    ],
    ids=["render", "export"],
)
def test_output_to_dev_stdout_is_written_as_to_a_dash(sources, command, start):
    # a pipe's /dev/stdout cannot have a file written beside it and moved over it
    result = islandmap(*command, "--sources", sources, "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(start)
    assert "Wrote stdout: " in result.stderr.decode()


def test_a_reader_that_goes_away_is_one_line(tmp_path):
    # Far more output than a pipe holds (64 kB), so the writer is still writing when the
    # reader goes.
    folder = tmp_path / "long"
    folder.mkdir()
    paragraphs = "\n\n".join(f"Boat {n} returned to Iturup today." for n in range(3000))
    (folder / "long.md").write_text(f"---\ntitle: Iturup\n---\n{paragraphs}\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "islandmap", "passages", "--format", "jsonl", "--sources", folder],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None
    process.stdout.read(1)
    process.stdout.close()  # the reader goes away, as `| head -c 1` does
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    lines = error_lines(stderr)
    assert len(lines) == 1 and lines[0].startswith("Error: stdout: "), lines
    assert "broken pipe" in lines[0]


@pytest.mark.parametrize(
    "command",
    [
        ("passages",),
        ("passages", "--format", "jsonl"),
        ("export", "--format", "csv", "--geodata", RECTANGLES),
        ("render", "-o", "-", "--geodata", RECTANGLES),
    ],
    ids=["passages", "jsonl", "export", "render"],
)
def test_a_reader_that_goes_away_is_an_error_when_python_runs_unbuffered(tmp_path, command):
    # PYTHONUNBUFFERED (or python -u) gives stdout no buffer: a write that the reader's
    # going cuts short returns a count, not an error, and the output would end early
    # with exit status 0 and "Wrote stdout: …"
    folder = tmp_path / "long"
    folder.mkdir()
    paragraphs = "\n\n".join(f"Boat {n} returned to Iturup today." for n in range(3000))
    (folder / "long.md").write_text(f"---\ntitle: Iturup\n---\n{paragraphs}\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "islandmap", *command, "--sources", folder],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    process.stdout.read(1)
    process.stdout.close()  # the reader goes away, as `| head -c 1` does
    _, stderr = process.communicate(timeout=120)
    lines = error_lines(stderr)
    assert process.returncode == 1, stderr.decode()
    assert len(lines) == 1 and "broken pipe" in lines[0], lines


def test_a_closed_stdout_is_one_line(sources):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.close(1); "
            "sys.argv = ['islandmap', 'passages', '--sources', sys.argv[1]]; "
            "runpy.run_module('islandmap', run_name='__main__')",
            str(sources),
        ],
        stderr=subprocess.PIPE,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    # Closed after Python started: writing fails with "Bad file descriptor".
    assert result.returncode == 1
    [line] = error_lines(result.stderr)
    assert line.startswith("Error: stdout: cannot write the output (Bad file descriptor)")


def test_a_closed_stdout_from_the_shell_is_one_line(sources):
    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m islandmap passages --sources "{sources}" >&-'],
        stderr=subprocess.PIPE,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "Error: stdout: is closed, so the output has nowhere to go. Run the command with its "
        "output going to the terminal, a file or a pipe"
    ]


@pytest.mark.parametrize("command", ["passages", "embed"])
def test_a_terminal_that_is_not_utf8_gets_utf8(command, sources):
    args = (
        ["passages", "--sources", sources]
        if command == "passages"
        else ["embed", "--title", "Курилы 北方領土"]
    )
    result = islandmap(*args, env={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "Курилы" in out or "Итуруп" in out
    assert "北方領土" in out or "択捉島" in out


def test_an_error_naming_russian_text_on_a_cp1252_terminal(tmp_path):
    folder = tmp_path / "Курилы"
    folder.mkdir()
    result = islandmap("passages", "--sources", folder, env={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 1
    [line] = error_lines(result.stderr)
    assert line.startswith(f"Error: {folder}: holds no articles")


WRITERS = {
    "render": ["render", "--geodata", str(RECTANGLES)],
    "export": ["export", "--format", "geojson", "--geodata", str(RECTANGLES)],
}


@pytest.mark.parametrize("command", WRITERS)
def test_an_output_name_too_long_is_one_line(command, sources, tmp_path):
    output = tmp_path / ("x" * 300 + ".html")
    result = CliRunner().invoke(
        cli, [*WRITERS[command], "--sources", str(sources), "-o", str(output)]
    )
    assert result.exit_code == 1
    [line] = [x for x in result.stderr.splitlines() if not x.startswith("Warning")]
    assert line.startswith(f"Error: {output}: ") and "too long" in line, line
    assert list(tmp_path.iterdir()) == [sources]


@pytest.mark.parametrize("command", WRITERS)
def test_an_output_on_a_symlink_loop_is_one_line(command, sources, tmp_path):
    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    result = CliRunner().invoke(
        cli, [*WRITERS[command], "--sources", str(sources), "-o", str(tmp_path / "a.html")]
    )
    assert result.exit_code == 1
    [line] = [x for x in result.stderr.splitlines() if not x.startswith("Warning")]
    assert line.startswith(f"Error: {tmp_path / 'a.html'}: ") and "loop" in line, line


def test_a_sources_folder_name_too_long_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["passages", "--sources", str(tmp_path / ("y" * 300))])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and "too long" in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["passages", "--sources", "README.md"],
            "README.md: is a file, not a folder of articles nor an archive of records (.jsonl, "
            ".ndjson, .parquet). Give a folder, or an archive file with --sources",
        ),
        (
            ["passages", "--gazetteer", "islandmap"],
            "islandmap: is a folder, not a file. Give a file with --gazetteer",
        ),
        (
            ["render", "--geodata", "README.md"],
            "README.md: is a file, not a folder. Give a folder with --geodata",
        ),
    ],
)
def test_a_path_of_the_wrong_kind_is_an_input_error(args, expected, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Error: {expected}"]


def test_usage_errors_stay_usage_errors():
    result = CliRunner().invoke(cli, ["export", "--format", "xml"])
    assert result.exit_code == 2


def _explode(*args: object, **kwargs: object) -> None:
    raise ZeroDivisionError("the matcher divided by zero")


def test_an_unexpected_exception_is_one_line_saying_it_is_a_bug(monkeypatch, sources):
    monkeypatch.delenv("ISLANDMAP_DEBUG", raising=False)
    monkeypatch.setattr("islandmap.passages.find_passages", _explode)
    result = CliRunner().invoke(cli, ["passages", "--sources", str(sources)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: islandmap ")
    assert "ZeroDivisionError: the matcher divided by zero" in line
    assert "bug" in line and "--debug" in line
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_debug_shows_the_traceback(how, monkeypatch, sources):
    monkeypatch.delenv("ISLANDMAP_DEBUG", raising=False)
    monkeypatch.setattr("islandmap.passages.find_passages", _explode)
    args = ["passages", "--sources", str(sources)]
    if how == "flag":
        args.insert(0, "--debug")
    else:
        monkeypatch.setenv("ISLANDMAP_DEBUG", "1")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: islandmap ")


def test_a_file_name_with_a_newline_stays_one_line(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "bad\nname.md").write_text("---\ntitle: T\ndate: soon\n---\nIturup\n", "utf-8")
    result = CliRunner().invoke(cli, ["passages", "--sources", str(folder)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {folder}/bad\\nname.md: date 'soon' is not a date")


def test_a_warning_naming_a_file_with_a_newline_stays_one_line(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "weather\n.md").write_text("---\ntitle: Rain\n---\nIt rained.\n", "utf-8")
    (folder / "kurils.md").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["passages", "--sources", str(folder)])
    assert result.exit_code == 0
    warnings = [x for x in result.stderr.splitlines() if x.startswith("Warning")]
    assert len(warnings) == 1 and "weather\\n.md" in warnings[0]


def test_add_shows_a_file_name_with_a_newline_on_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("islandmap.add.stdin_is_terminal", lambda: False)
    text = tmp_path / "kelp\nboats.txt"
    text.write_text("Kelp boats\nBoats left Nemuro for Kunashir.\n", encoding="utf-8")
    folder = tmp_path / "sources"
    result = CliRunner().invoke(cli, ["add", str(text), "--sources", str(folder), "--yes"])
    assert result.exit_code == 0, result.output
    assert f"From {tmp_path}/kelp\\nboats.txt (text file):" in result.stdout.splitlines()
