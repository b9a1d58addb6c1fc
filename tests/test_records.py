"""Archives of articles as records (JSON Lines, Parquet), --skip-bad, --jobs and the
count of sources that name no island, through the command line."""

from __future__ import annotations

import builtins
import json
import os
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

RECORDS = [
    {
        "title": "Fishermen return",
        "publisher": "The Nemuro Courier",
        "date": "2024-05-14",
        "url": "https://courier.example.com/1",
        "language": "en",
        "text": "Boats left for Kunashir waters.\n\nThe weather was calm.",
        "comments": ["Shikotan next year?"],
    },
    {"title": "Nothing here", "text": "A story about the weather."},
    {"title": "Северные территории", "text": "Итуруп и Кунашир.", "language": "ru"},
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


def test_an_archive_of_records_reads_as_the_same_articles_in_a_folder(tmp_path):
    archive = _jsonl(tmp_path / "news.jsonl", RECORDS)
    result = run("passages", "--sources", str(archive), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["passage"], r["section"]) for r in rows] == [
        ("news.jsonl:1", 0, "article"),
        ("news.jsonl:1", 2, "comments"),
        ("news.jsonl:3", 0, "article"),
    ]
    assert [m["island"] for m in rows[2]["mentions"]] == ["iturup", "kunashir"]
    assert "news.jsonl:2: names none of the islands" in result.stderr


def test_a_bad_record_is_refused_with_its_number(tmp_path):
    archive = tmp_path / "news.jsonl"
    archive.write_text(
        json.dumps(RECORDS[0]) + "\n\n" + json.dumps({"title": "x", "date": "May"}) + "\n"
    )
    result = run("passages", "--sources", str(archive))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {archive}: record 2: has no text (a non-empty 'text'). "
        "Correct or remove it, or add --skip-bad\n"
    )
    assert result.stdout == ""


def test_fields_an_article_does_not_have_are_not_read(tmp_path):
    """An archive's own fields (an id, authors, tags) are left alone, as real archives
    have them: the same passages as without them."""
    plain = run("passages", "--sources", str(_jsonl(tmp_path / "news.jsonl", RECORDS)))
    extra = [{"id": f"a{i}", "author": ["K. Sato"], **r} for i, r in enumerate(RECORDS)]
    result = run("passages", "--sources", str(_jsonl(tmp_path / "news.jsonl", extra)))
    assert result.exit_code == 0, result.output
    assert result.stdout == plain.stdout and result.stdout


@pytest.mark.parametrize(
    ("record", "why"),
    [
        ({"title": 12345, "text": "Kunashir"}, "record 1: 'title' must be text, not a number"),
        ({"title": "x", "text": ["Kunashir"]}, "record 1: 'text' must be text, not a list"),
        (
            {"titel": "Kunashir today", "text": "Kunashir", "id": 7},
            "record 1: has no title (a non-empty 'title' text); it has other fields (id, "
            "titel), which are not read. Correct or remove it, or add --skip-bad",
        ),
    ],
)
def test_a_field_of_the_wrong_kind_or_misspelt_is_named(tmp_path, record, why):
    archive = _jsonl(tmp_path / "news.jsonl", [record])
    result = run("passages", "--sources", str(archive))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {archive}: {why}")
    assert len(result.stderr.splitlines()) == 1


def test_a_record_in_a_legacy_encoding_is_told_how_to_convert(tmp_path):
    archive = tmp_path / "news.jsonl"
    record = {"title": "Курилы", "text": "Остров Итуруп и остров Кунашир. Рыбаки вернулись."}
    archive.write_bytes(json.dumps(record, ensure_ascii=False).encode("cp1251") + b"\n")
    for jobs in ("1", "2"):
        result = run("passages", "--sources", str(archive), "--format", "jsonl", "--jobs", jobs)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {archive}: record 1: is not UTF-8 text (it looks like CP1251: convert the "
            "archive to UTF-8, for example with 'iconv -f CP1251 -t UTF-8'). Correct or remove "
            "it, or add --skip-bad\n"
        )


def test_skip_bad_leaves_out_and_counts_the_bad_records(tmp_path):
    archive = tmp_path / "news.jsonl"
    archive.write_text(
        "\n".join([json.dumps(RECORDS[0]), "{not json", json.dumps([1, 2]), json.dumps(RECORDS[2])])
    )
    result = run("passages", "--sources", str(archive), "--format", "jsonl", "--skip-bad")
    assert result.exit_code == 0, result.output
    sources = {json.loads(line)["source"] for line in result.stdout.splitlines()}
    assert sources == {"news.jsonl:1", "news.jsonl:4"}
    warning = result.stderr.splitlines()[0]
    assert warning.startswith(f"Warning: {archive}: 2 bad records left out (--skip-bad): record 2")
    assert "record 3: is a list, not an object" in warning


def test_parquet_archives_read_like_json_lines(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    columns = {key: [r.get(key) for r in RECORDS] for key in ("title", "text", "date")}
    pq.write_table(pa.table(columns), tmp_path / "news.parquet")
    _jsonl(tmp_path / "news.jsonl", [{k: r.get(k) for k in columns} for r in RECORDS])
    from_parquet = run("passages", "--sources", str(tmp_path / "news.parquet"), "--format", "jsonl")
    from_jsonl = run("passages", "--sources", str(tmp_path / "news.jsonl"), "--format", "jsonl")
    assert from_parquet.exit_code == 0, from_parquet.output
    assert from_parquet.stdout == from_jsonl.stdout.replace("news.jsonl:", "news.parquet:")
    assert from_parquet.stdout


def test_parquet_without_pyarrow_says_how_to_install_it(tmp_path, monkeypatch):
    (tmp_path / "news.parquet").write_bytes(b"PAR1")
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    result = run("passages", "--sources", str(tmp_path / "news.parquet"))
    assert result.exit_code == 1
    assert "pip install 'islandmap[parquet]'" in result.stderr


def test_a_file_that_is_no_archive_is_refused(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: x\n---\n\nKunashir\n")
    result = run("passages", "--sources", str(tmp_path / "a.md"))
    assert result.exit_code == 1
    assert "is a file, not a folder of articles nor an archive of records" in result.stderr


def test_jobs_give_the_same_output_as_one_job(tmp_path):
    from make_corpus import make_corpus

    make_corpus(300, tmp_path / "corpus", [ROOT / "sources"])
    one = run("passages", "--sources", str(tmp_path / "corpus"), "--format", "jsonl", "--jobs", "1")
    two = run("passages", "--sources", str(tmp_path / "corpus"), "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert len(one.stdout.splitlines()) > 1000


@pytest.mark.parametrize("verbose", [False, True])
def test_sources_that_name_no_island_are_counted_past_the_first_few(tmp_path, verbose):
    archive = _jsonl(tmp_path / "news.jsonl", [RECORDS[1]] * 9 + [RECORDS[0]])
    args = ["passages", "--sources", str(archive)] + (["--verbose"] if verbose else [])
    result = run(*args)
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    if verbose:
        assert len(lines) == 9
    else:
        assert len(lines) == 6
        assert [line.split(": ")[1] for line in lines[:5]] == [
            f"{tmp_path / 'news.jsonl'}:{n}" for n in range(1, 6)
        ]
        assert lines[5] == (
            f"Warning: {archive}: 4 more sources name none of the islands, nor the islands "
            "as a group (9 in all; --verbose lists every one)"
        )


def test_the_matching_stage_over_a_batch_of_lines_gives_the_passages_records(tmp_path):
    from islandmap.parallel import match_lines

    archive = _jsonl(tmp_path / "news.jsonl", RECORDS)
    result = run("passages", "--sources", str(archive), "--format", "jsonl")
    lines = archive.read_text().splitlines(keepends=True)
    records = match_lines([(line, str(archive)) for line in lines])
    assert [json.dumps(r, ensure_ascii=False) for r in records] == result.stdout.splitlines()


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("[" * 100_000 + "]" * 100_000, "record 2: is not valid JSON (nested too deeply)"),
        (
            '{"title": "t", "text": "Iturup \\ud800 x"}',
            "record 2: 'text' holds a lone surrogate escape (such as \\ud800), not text",
        ),
        ('{"title": "t", "n": ' + "1" * 5000 + "}", "a number of more than 4,300 digits"),
        ("\u00a0", "record 2: is not valid JSON"),  # a space JSON does not take: a bad record
        # the place in the record's line, not JSON's "line 1 column 10"
        ('{"title" "b"}', "record 2: is not valid JSON (Expecting ':' delimiter at character 10)"),
    ],
)
def test_records_json_cannot_take_are_bad_records_with_their_number(tmp_path, line, why):
    archive = tmp_path / "news.jsonl"
    archive.write_text(f"{json.dumps(RECORDS[0])}\n \t\n{line}\n{json.dumps(RECORDS[2])}\n")
    refused = run("passages", "--sources", str(archive))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"Error: {archive}: ")
    assert why in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    assert "Traceback" not in refused.output
    skipped = run("passages", "--sources", str(archive), "--format", "jsonl", "--skip-bad")
    assert skipped.exit_code == 0, skipped.output
    assert {json.loads(row)["source"] for row in skipped.stdout.splitlines()} == {
        "news.jsonl:1",
        "news.jsonl:3",
    }
    assert "1 bad record left out (--skip-bad): record 2" in skipped.stderr
    # the matching stage on a cluster numbers and refuses the record alike
    from islandmap.errors import SourceError
    from islandmap.parallel import match_lines

    with pytest.raises(SourceError, match="record 2: "):
        match_lines([(row, str(archive)) for row in archive.read_text().splitlines()])


def test_a_byte_order_mark_before_the_first_record_is_read_past(tmp_path):
    archive = tmp_path / "news.jsonl"
    archive.write_text(json.dumps(RECORDS[2], ensure_ascii=False) + "\n", encoding="utf-8-sig")
    result = run("passages", "--sources", str(archive), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["source"] == "news.jsonl:1"


def test_an_archive_of_bad_records_only_is_an_error_even_with_skip_bad(tmp_path):
    archive = _jsonl(tmp_path / "news.jsonl", [{"title": 1, "text": "Iturup"}, {"x": 1}])
    output = tmp_path / "islands.html"
    result = run("render", "--sources", str(archive), "--skip-bad", "-o", str(output))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {archive}: holds no good records (2 bad, left out by --skip-bad; the first, "
        "record 1: 'title' must be text, not a number). Correct them, or give another "
        "archive\n"
    )
    assert not output.exists()


def test_parquet_written_by_pandas_with_its_index_and_timestamps(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame(
        {
            "title": [r["title"] for r in RECORDS],
            "text": [r["text"] for r in RECORDS],
            "date": pd.to_datetime(["2024-05-14", "2024-05-15", "2024-05-16"]),
        }
    )
    # a filtered frame keeps its index, which pandas writes as a column of its own
    frame[frame.title != "Nothing here"].to_parquet(tmp_path / "news.parquet")
    result = run("export", "--format", "csv", "--sources", str(tmp_path / "news.parquet"))
    assert result.exit_code == 0, result.output
    assert "news.parquet:2,Северные территории,,2024-05-16,," in result.stdout
    assert "news.parquet:1,Fishermen return,,2024-05-14,," in result.stdout


def test_passages_from_another_archive_than_sources_are_said_to_be_uncited(tmp_path):
    matched = tmp_path / "passages.jsonl"
    archive = _jsonl(tmp_path / "news.jsonl", RECORDS)
    listed = run("passages", "--sources", str(archive), "--format", "jsonl")
    matched.write_text(listed.stdout)
    other = _jsonl(tmp_path / "other.jsonl", RECORDS)
    result = run("export", "--format", "csv", "--passages", str(matched), "--sources", str(other))
    assert result.exit_code == 0, result.output
    assert (
        f"Warning: {other}: holds none of 2 sources of the passages (such as news.jsonl:1)"
        in result.stderr
    )
    same = run("export", "--format", "csv", "--passages", str(matched), "--sources", str(archive))
    assert "holds none" not in same.stderr


def test_records_read_where_they_lie_are_the_lines_read_in_turn(tmp_path):
    """An archive's records are found by where they lie, and read there later, in the
    workers: a byte order mark, Windows line ends, blank lines of spaces, a line that is
    not UTF-8 and a last line without its line end all read as reading them in turn."""
    from islandmap.records import RecordSpans, lines_at, record_lines

    archive = tmp_path / "news.jsonl"
    archive.write_bytes(
        "\ufeff".encode()
        + json.dumps(RECORDS[0]).encode()
        + b"\r\n\r\n \t\n"
        + json.dumps(RECORDS[2], ensure_ascii=False).encode()
        + b"\n\xff\xfe not UTF-8\n\n"
        + json.dumps(RECORDS[1]).encode()
    )
    found = RecordSpans([archive])
    assert len(found) == 4 and found.text_size < archive.stat().st_size
    spans = [(number, offset, size) for _, number, offset, size in found[:]]
    assert [number for number, _, _ in spans] == [1, 2, 3, 4]
    assert found[1] == (0, *spans[1])
    stamp = found.stamps[0]
    read = lines_at(archive, [(offset, size) for _, offset, size in spans], stamp)
    expected = list(record_lines(archive))
    assert [n for n, _ in expected] == [1, 2, 3, 4]
    for line, (_, line_read) in zip(read, expected, strict=True):
        assert type(line) is type(line_read)
        assert getattr(line, "why", line) == getattr(line_read, "why", line_read)
    assert json.loads(read[0]) == RECORDS[0] and read[2].why.startswith("is not UTF-8 text")
    # a part of them (a chunk of the records, in a worker) reads alike
    assert lines_at(archive, [(offset, size) for _, offset, size in spans[1:2]], stamp) == [read[1]]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_an_archive_through_a_pipe_is_read_once(tmp_path):
    """A named pipe (or /dev/stdin) can be read only once: its records are read as
    they come, not found first and read again later (which would wait for ever for a
    writer: the command runs apart, with a time limit, so that a test fails instead)."""
    import subprocess

    archive = _jsonl(tmp_path / "news.jsonl", RECORDS * 50)
    expected = run("passages", "--sources", str(archive), "--format", "jsonl")
    pipe = tmp_path / "pipe.jsonl"
    for jobs in ("1", "2"):
        os.mkfifo(pipe)
        writer = threading.Thread(
            target=lambda: pipe.write_bytes(archive.read_bytes()), daemon=True
        )
        writer.start()
        try:
            command = ["passages", "--sources", str(pipe), "--format", "jsonl", "--jobs", jobs]
            result = subprocess.run(
                [sys.executable, "-m", "islandmap", *command],
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=120,
            )
        finally:
            # a writer still waiting for a reader: one that opens and goes at once
            os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
            writer.join(10)
            pipe.unlink()
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected.stdout.replace("news.jsonl:", "pipe.jsonl:")
        # the records that name nothing, named as the pipe's (not as a file below it)
        assert result.stderr.startswith(f"Warning: {pipe}:2: names none of the islands")


def test_an_archive_changed_while_it_is_read_is_refused(tmp_path, monkeypatch):
    """Records are read where they were found: an archive rewritten in between (its
    lines moved) is refused, never read as other records or skipped as bad ones."""
    import islandmap.records

    archive = _jsonl(tmp_path / "news.jsonl", RECORDS * 50)
    found = islandmap.records.RecordSpans

    class Rewritten(found):
        def __init__(self, archives):
            super().__init__(archives)
            _jsonl(archive, [{"title": "x", **r} for r in RECORDS * 50])

    monkeypatch.setattr(islandmap.records, "RecordSpans", Rewritten)
    for jobs in ("1", "2"):
        for extra in ((), ("--skip-bad",)):
            result = run(
                "passages", "--sources", str(archive), "--format", "jsonl", "--jobs", jobs, *extra
            )
            assert result.exit_code == 1
            assert result.stdout == ""
            assert result.stderr == (
                f"Error: {archive}: changed while it was being read. Run the command again "
                "once nothing writes to it (or on a copy of it)\n"
            )


def test_passages_output_is_held_in_a_temporary_file_that_can_fail(tmp_path, monkeypatch):
    """The whole output waits in a temporary file until it can be written: where that
    file cannot be made or filled, one error line, and nothing written."""
    import errno
    import tempfile

    import islandmap.passages

    archive = _jsonl(tmp_path / "news.jsonl", RECORDS * 50)  # chunks for two processes

    class Full:
        def __init__(self, *args, **kwargs):
            self.closed = False

        def seek(self, *args):
            return 0

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.closed = True

    class FullWhenFlushed(Full):
        """A file that buffers what it is given, and finds the disk full on flushing,
        or on closing (which flushes)."""

        def write(self, data):
            return len(data)

        def flush(self):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.closed = True
            self.flush()

    def cannot(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")

    for made, why in (
        (Full, "No space left on device"),
        (FullWhenFlushed, "No space left on device"),
        (cannot, "Permission denied"),
    ):
        monkeypatch.setattr(islandmap.passages.tempfile, "TemporaryFile", made)
        for jobs in ("1", "2"):
            result = run("passages", "--sources", str(archive), "--format", "jsonl", "--jobs", jobs)
            assert result.exit_code == 1
            assert result.stdout == ""
            assert result.stderr.endswith(
                f"Error: {tempfile.gettempdir()}: cannot hold the output there until it is "
                f"whole ({why}). Free some space, or set TMPDIR to a folder with room\n"
            )


def test_a_folder_of_archives_is_read_as_one_corpus(tmp_path):
    """An archive cut into parts, in folders by year (each year's parts named alike, one
    part empty): every record is read, named by its file's path in the folder."""
    folder = tmp_path / "news"
    (folder / "2023").mkdir(parents=True)
    (folder / "2024").mkdir()
    _jsonl(folder / "2023" / "part-00.jsonl", RECORDS[:2])
    _jsonl(folder / "2024" / "part-00.jsonl", [*RECORDS[2:], {"title": "x", "text": "y"}])
    (folder / "2024" / "part-01.jsonl").write_text("")
    result = run("passages", "--sources", str(folder), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["passage"]) for r in rows] == [
        ("2023/part-00.jsonl:1", 0),
        ("2023/part-00.jsonl:1", 2),
        ("2024/part-00.jsonl:1", 0),
    ]
    # a record that names nothing is reported by the file it is in
    assert f"{folder / '2024' / 'part-00.jsonl:2'}: names none of the islands" in result.stderr
    # the same with --jobs 2, and the quotes cited from the records
    two = run("passages", "--sources", str(folder), "--format", "jsonl", "--jobs", "2")
    assert two.stdout == result.stdout
    exported = run("export", "--format", "csv", "--sources", str(folder))
    assert "The Nemuro Courier" in exported.stdout


def test_archives_beside_articles_are_not_read(tmp_path):
    """A folder of articles may hold other JSON Lines files (annotations, passages
    already matched): its articles are read, as before archives could be."""
    (tmp_path / "letter.md").write_text("---\ntitle: A letter\n---\n\nShikotan in May.\n")
    _jsonl(tmp_path / "gold.jsonl", [{"source": "letter.md", "island": "shikotan"}])
    result = run("passages", "--sources", str(tmp_path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == ["letter.md"]
    # passages already matched have a text, but they are not articles either
    (tmp_path / "matched.jsonl").write_text(result.stdout)
    result = run("passages", "--sources", str(tmp_path), "--format", "jsonl")
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == ["letter.md"]
    assert "not read" not in result.stderr  # neither is an archive of articles left out
    # An archive of articles there is not read either, and that is said: its records
    # would otherwise be missing from the map unnoticed.
    (tmp_path / "2024").mkdir()
    _jsonl(tmp_path / "2024" / "news.jsonl", RECORDS)
    result = run("passages", "--sources", str(tmp_path), "--format", "jsonl")
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == ["letter.md"]
    assert result.stderr == (
        f"Warning: {tmp_path}: 1 archive of articles not read (2024/news.jsonl): a folder "
        "that holds articles (.md, .txt) is read as those alone, and as its archives only "
        "where it holds none. Keep archives in a folder of their own\n"
    )


def test_add_refuses_a_folder_of_archives(tmp_path):
    """An article written into a folder of archives would make the map read the folder
    as that one article: add refuses, before fetching anything, and writes nothing."""
    folder = tmp_path / "news"
    folder.mkdir()
    _jsonl(folder / "part-00.jsonl", RECORDS)
    (tmp_path / "letter.txt").write_text("A letter\n\nShikotan in May.\n")
    for origin in (str(tmp_path / "letter.txt"), "http://127.0.0.1:9/news/1"):
        result = run("add", origin, "--sources", str(folder), "--yes")
        assert result.exit_code == 1
        assert result.stderr.startswith(
            f"Error: {folder}: holds archives of articles (part-00.jsonl)"
        )
        assert "Fetching" not in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["part-00.jsonl"]
    assert run("passages", "--sources", str(folder)).exit_code == 0
    # a folder whose only JSON Lines are passages already matched takes the article
    matched = tmp_path / "matched"
    matched.mkdir()
    (matched / "passages.jsonl").write_text(
        run("passages", "--sources", str(folder), "--format", "jsonl").stdout
    )
    result = run("add", str(tmp_path / "letter.txt"), "--sources", str(matched), "--yes")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in matched.iterdir()) == [".jsonl", ".md"]


def test_bad_records_in_a_folder_of_archives(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    _jsonl(folder / "a.jsonl", RECORDS)
    bad = _jsonl(folder / "b.jsonl", [RECORDS[0], {"title": "no text"}])
    result = run("passages", "--sources", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bad}: record 2: has no text (a non-empty 'text'). "
        "Correct or remove it, or add --skip-bad\n"
    )
    # under --skip-bad: one warning for the folder, however many parts hold bad records,
    # and a part of bad records only is left out too
    for n in range(12):
        _jsonl(folder / f"c{n:02}.jsonl", [{"title": "no text"}])
    skipped = run("passages", "--sources", str(folder), "--format", "jsonl", "--skip-bad")
    assert skipped.exit_code == 0, skipped.output
    warnings = [line for line in skipped.stderr.splitlines() if "--skip-bad" in line]
    assert warnings == [
        f"Warning: {folder}: 13 bad records left out (--skip-bad, in 13 archives): "
        "b.jsonl, record 2: has no text (a non-empty 'text'); "
        "c00.jsonl, record 1: has no text (a non-empty 'text'); "
        "c01.jsonl, record 1: has no text (a non-empty 'text'); …"
    ]
    assert '"source": "b.jsonl:1"' in skipped.stdout
    # a folder of bad records only is refused as a whole
    for path in (folder / "a.jsonl", bad):
        path.unlink()
    refused = run("passages", "--sources", str(folder), "--skip-bad")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"Error: {folder}: holds no good records (12 bad, left out by --skip-bad; the first, "
        "c00.jsonl, record 1: has no text"
    )
    assert refused.stderr.endswith("Correct them, or give another folder\n")
    # and so is a folder of empty archives, in the words of a folder
    for path in folder.iterdir():
        path.write_text("")
    empty = run("passages", "--sources", str(folder))
    assert empty.exit_code == 1
    assert empty.stderr == (
        f"Error: {folder}: holds no records in any of its archives. Put one JSON object per "
        "line in them\n"
    )


def test_passages_matched_from_several_archives_are_cited_from_their_folder(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    _jsonl(folder / "part-00.jsonl", RECORDS[:2])
    _jsonl(folder / "part-01.jsonl", RECORDS[2:])
    matched = tmp_path / "passages.jsonl"
    # each part matched apart (as on a cluster), the results joined
    parts = sorted(folder.iterdir())
    matched.write_text(
        "".join(run("passages", "--sources", str(p), "--format", "jsonl").stdout for p in parts)
    )
    result = run("export", "--format", "csv", "--passages", str(matched), "--sources", str(folder))
    assert result.exit_code == 0, result.output
    assert "holds none" not in result.stderr
    assert "The Nemuro Courier" in result.stdout
    assert "Северные территории" in result.stdout


def test_a_folder_of_compressed_archives_says_to_decompress_them(tmp_path):
    import gzip

    folder = tmp_path / "news"
    (folder / "2024").mkdir(parents=True)
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS).encode()
    (folder / "2024" / "part-00.jsonl.gz").write_bytes(gzip.compress(data))
    result = run("passages", "--sources", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder}: holds no articles, and compressed files (2024/part-00.jsonl.gz), "
        "which are not read. Decompress the archives (gunzip, unxz, …) and give the folder "
        "again\n"
    )
