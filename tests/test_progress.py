"""Long work shows itself on a terminal (a progress bar on stderr) and nothing but the
summary in a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from make_corpus import make_corpus

    folder = tmp_path_factory.mktemp("progress") / "corpus"
    make_corpus(150, folder, [ROOT / "sources"])
    return folder


def _command(corpus: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "islandmap", *args, "--sources", str(corpus), "--jobs", "1"]


def _on_a_terminal(command: list[str]) -> str:
    """What *command* writes to stderr when stderr is a terminal (stdout to nowhere)."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=follower, env=environment, cwd=ROOT
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    return seen.decode("utf-8", "replace")


def test_a_terminal_shows_reading_matching_and_writing(corpus):
    shown = _on_a_terminal(_command(corpus, "passages", "--format", "jsonl"))
    assert "Reading and matching" in shown
    assert "150/150" in shown  # the articles, all done
    assert "Writing" in shown


def test_a_terminal_shows_the_render_reading_and_matching(corpus, tmp_path):
    shown = _on_a_terminal(_command(corpus, "render", "-o", str(tmp_path / "m.html")))
    assert "Reading and matching" in shown
    # then drawing the map, step by step, after the matching's bar
    drawing = shown[shown.index("Reading and matching") :]
    for step in ("joining the quotes to the islands", "the quotes of kunashir", "writing"):
        assert step in drawing
    assert "Drawing the map" in drawing and "100%" in drawing
    # the warnings after it start lines of their own
    lines = shown.replace("\r\n", "\n").split("\n")
    assert any(line.startswith("Warning: ") for line in lines)
    assert not any("Warning" in line and "Reading" in line for line in lines)


def test_a_pipe_gets_the_summary_alone(corpus, tmp_path):
    result = subprocess.run(
        _command(corpus, "render", "-o", str(tmp_path / "m.html")),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TERM": "xterm"},
        check=True,
    )
    assert "Reading and matching" not in result.stderr
    assert "Drawing the map" not in result.stderr
    assert "\r" not in result.stdout + result.stderr
    assert result.stdout.startswith("Wrote ")
    assert len(result.stdout.splitlines()) == 1


def test_a_small_map_is_drawn_without_a_bar(tmp_path):
    """The seeds' map is drawn in a moment: no bar for it."""
    command = [sys.executable, "-m", "islandmap", "render", "-o", str(tmp_path / "m.html")]
    shown = _on_a_terminal([*command, "--sources", str(ROOT / "sources")])
    assert "Drawing the map" not in shown
    assert "Warning: " in shown  # (what the terminal shows is read: a source names no island)
