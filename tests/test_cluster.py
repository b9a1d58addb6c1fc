"""The matching stage on a dask.distributed cluster (a LocalCluster in this process, no
network): the same records as ``islandmap passages --format jsonl`` on the same file."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from islandmap.cli import cli

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent


def _sentences() -> list[str]:
    """Real sentences of the seed articles, to build articles from."""
    from islandmap.sources import load_sources

    return [
        p.text
        for article in load_sources(ROOT / "sources")
        for p in article.passages
        if 20 < len(p.text) < 400
    ]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """10,000 short articles drawn from the seeds' sentences (a fixed seed), one a line;
    a blank line and an article with comments among them."""
    sentences = _sentences()
    chooser = random.Random(17)
    path = tmp_path_factory.mktemp("cluster") / "news.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(10_000):
            record = {
                "title": f"Article {number}",
                "publisher": "Synthetic",
                "date": f"20{10 + number % 15}-0{1 + number % 9}-1{number % 10}",
                "text": "\n\n".join(chooser.sample(sentences, 2)),
            }
            if number % 1000 == 0:
                record["comments"] = [chooser.choice(sentences)]
                out.write("\n")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def expected(archive) -> list[str]:
    result = CliRunner().invoke(cli, ["passages", "--sources", str(archive), "--format", "jsonl"])
    assert result.exit_code == 0
    return result.stdout.splitlines()


def test_the_cluster_gives_the_records_of_passages_jsonl(client, archive, expected, tmp_path):
    from islandmap.cluster import match_archives, write_jsonl

    records = match_archives(str(archive), blocksize=256_000)
    assert records.npartitions > 4  # the file is cut into blocks that workers match apart
    write_jsonl(records, str(tmp_path / "out" / "*.jsonl"))
    written = sorted((tmp_path / "out").glob("*.jsonl"))
    lines = [line for path in written for line in path.read_text("utf-8").splitlines()]
    assert len(lines) > 5_000
    assert lines == expected


@pytest.mark.parametrize("blocksize", [None, 50_000])
def test_a_bad_record_is_reported_by_its_number_in_its_file(client, tmp_path, blocksize):
    from islandmap.cluster import match_archives
    from islandmap.errors import SourceError

    path = tmp_path / "news.jsonl"
    good = json.dumps({"title": "Kunashir", "text": "Boats left for Kunashir."})
    path.write_text("\n".join([good] * 3000 + ["{not json"] + [good] * 10) + "\n")
    with pytest.raises(SourceError, match=r"^news\.jsonl: record 3001: is not valid JSON"):
        match_archives(str(path), blocksize=blocksize).compute()


def test_blocks_that_name_no_island_write_empty_files(client, tmp_path):
    from islandmap.cluster import match_archives, write_jsonl

    path = tmp_path / "news.jsonl"
    named = json.dumps({"title": "Kunashir", "text": "Boats left for Kunashir."})
    weather = json.dumps({"title": "Weather", "text": "Rain over the harbour all day."})
    path.write_text("\n".join([named] * 200 + [weather] * 3000 + [named] * 200) + "\n")
    expected = CliRunner().invoke(cli, ["passages", "--sources", str(path), "--format", "jsonl"])
    write_jsonl(match_archives(str(path), blocksize=20_000), str(tmp_path / "out" / "*.jsonl"))
    written = sorted((tmp_path / "out").glob("*.jsonl"))
    assert any(p.stat().st_size == 0 for p in written)  # a block of weather only
    # the files joined are the command's output, byte for byte: no blank lines between
    assert b"".join(p.read_bytes() for p in written) == expected.stdout.encode("utf-8")


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> Path:
    """Archives in folders by year, each year's part named alike, and files that
    `passages --sources` leaves out (a hidden folder, a name starting with _)."""
    root = tmp_path_factory.mktemp("folders") / "news"
    sentences = _sentences()
    for year in ("2023", "2024", "2024/.cache", "2024/_tmp"):
        (root / year).mkdir(parents=True)
        records = [
            {"title": f"{year} {n}", "text": sentences[(n * 7 + len(year)) % len(sentences)]}
            for n in range(300)
        ]
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        (root / year / "part-00.jsonl").write_text("\n".join(lines) + "\n")
    return root


@pytest.mark.parametrize("blocksize", [None, 20_000])
def test_files_in_folders_are_named_as_passages_names_them_in_the_folder(
    client, folders, blocksize
):
    """A record is named by its file's path below the folder of them all, numbered in its
    own file, as `passages --sources <folder>` does, and the same files are left out."""
    from islandmap.cluster import match_archives

    expected = CliRunner().invoke(cli, ["passages", "--sources", str(folders), "--format", "jsonl"])
    assert expected.exit_code == 0, expected.output
    records = match_archives(str(folders / "**" / "*.jsonl"), blocksize=blocksize).compute()
    assert [json.dumps(r, ensure_ascii=False) for r in records] == expected.stdout.splitlines()
    assert {r["source"].split(":")[0] for r in records} == {
        "2023/part-00.jsonl",
        "2024/part-00.jsonl",
    }


def test_runs_over_parts_of_a_folder_keep_their_sources_apart_with_its_root(client, folders):
    from islandmap.cluster import match_archives

    whole = match_archives(str(folders / "**" / "*.jsonl")).compute()
    runs = [
        match_archives(str(folders / year / "*.jsonl"), root=str(folders)).compute()
        for year in ("2023", "2024")
    ]
    assert runs[0] + runs[1] == whole
    # without the root, each run names its files by their names alone
    alone = match_archives(str(folders / "2024" / "*.jsonl")).compute()
    assert alone[0]["source"] == runs[1][0]["source"].removeprefix("2024/")
    with pytest.raises(ValueError, match="is not below the root given"):
        match_archives(str(folders / "2024" / "*.jsonl"), root=str(folders / "2023"))
    # the root of the file system is a root too: each record named by its whole path
    top = match_archives(str(folders / "2024" / "*.jsonl"), root="/").compute()
    assert top[0]["source"] == f"{str(folders).lstrip('/')}/{runs[1][0]['source']}"


def test_files_of_the_same_name_are_numbered_apart_in_a_batch():
    from islandmap.parallel import match_lines

    line = json.dumps({"title": "Kunashir", "text": "Boats left for Kunashir."})
    batch = [
        ("\ufeff" + line, "news/2023/part-00.jsonl"),
        ("\ufeff" + line, "news/2024/part-00.jsonl"),
    ]
    assert [r["source"] for r in match_lines(batch)] == ["part-00.jsonl:1", "part-00.jsonl:1"]
    assert [r["source"] for r in match_lines(batch, root="news")] == [
        "2023/part-00.jsonl:1",
        "2024/part-00.jsonl:1",
    ]
