"""The matching stage on a Dask cluster: JSON Lines archives in, ``passages --format
jsonl`` records out, spread over the workers of a ``dask.distributed`` scheduler.

Needs the ``dask`` extra (``pip install 'islandmap[dask]'``). The archives are read by the
workers themselves, from a local folder they share or from object storage (``s3://…``,
``gs://…`` through fsspec), and the result is a ``dask.bag`` of records in the order of
the files and of the records in them: the same records as ``islandmap passages --format
jsonl`` gives for a copy of the folder that holds the files. :func:`write_jsonl` writes
them as JSON Lines files, which ``islandmap render --passages`` and ``islandmap export
--passages`` map without matching again.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import PurePosixPath
from typing import Any

from islandmap.parallel import match_lines


def match_archives(
    urlpath: str | list[str],
    *,
    root: str | None = None,
    blocksize: int | str | None = None,
    include_comments: bool = True,
    storage_options: dict[str, Any] | None = None,
) -> Any:
    """A ``dask.bag`` of the ``passages --format jsonl`` records of the JSON Lines files
    *urlpath* (a path, a glob such as ``s3://news/2024/*.jsonl``, or a list of them).

    A record's source is ``<path>:<record number>``: the path of its file below the folder
    *root* (by default, the folder that holds them all; the file's name, where they are
    in one folder), the name ``islandmap passages --sources <root>`` gives it in a copy
    of that folder. As there, the files are taken in name order, and those whose name,
    or a folder's name below *root*, starts with ``.`` or ``_`` are left out. Give the
    same *root* (``s3://news``) to runs over parts of it (``s3://news/2024/*.jsonl``,
    ``s3://news/2025/*.jsonl``) so that their sources keep apart.

    With *blocksize* (bytes, or a size such as ``"64MiB"``), a file is cut into blocks that
    the workers match apart; the lines of each block are counted first (a quick pass),
    so that a bad record is still reported by its number in its file. Without it, each
    file is one batch."""
    import dask.bag as db
    from dask.delayed import delayed
    from fsspec.core import get_fs_token_paths, url_to_fs

    fs, _, found = get_fs_token_paths(urlpath, mode="rb", storage_options=storage_options)
    if root is None:
        root = posixpath.commonpath([posixpath.dirname(p) for p in found]) if found else ""
    else:
        root = url_to_fs(root, **(storage_options or {}))[1].rstrip("/") or "/"
    outside = [p for p in found if root and not PurePosixPath(p).is_relative_to(root)]
    if outside:
        raise ValueError(f"{outside[0]} is not below the root given, {root}")
    paths = sorted((p for p in found if not _hidden(p, root)), key=lambda p: PurePosixPath(p).parts)
    if not paths:
        raise FileNotFoundError(f"{urlpath}: no archive files there")
    urls = [fs.unstrip_protocol(p) for p in paths]

    def read(size: int | str | None) -> Any:
        return db.read_text(  # type: ignore[no-untyped-call]
            urls,
            blocksize=size,
            encoding="utf-8",
            include_path=True,
            storage_options=storage_options,
        )

    if blocksize is None:
        return read(None).map_partitions(match_lines, include_comments=include_comments, root=root)
    blocks = read(blocksize)
    # how many records each block holds, to number the records of the next ones
    counts = blocks.map_partitions(_records_in_block).compute()
    firsts = []
    seen: dict[str, int] = {}
    for path, count in counts:
        firsts.append(seen.get(path, 0) + 1)
        seen[path] = seen.get(path, 0) + count
    parts = [
        delayed(match_lines)(part, include_comments, first, root)
        for part, first in zip(blocks.to_delayed(), firsts, strict=True)
    ]
    return db.from_delayed(parts)  # type: ignore[no-untyped-call]


def _hidden(path: str, root: str) -> bool:
    """Whether *path* is left out below *root*, as ``passages --sources`` leaves it out."""
    below = PurePosixPath(path).relative_to(root) if root else PurePosixPath(path)
    return any(part.startswith((".", "_")) for part in below.parts)


def _records_in_block(lines: Any) -> list[tuple[str, int]]:
    """The block's file and the records (lines not blank) it holds."""
    from islandmap.records import is_blank_line

    paths = set()
    count = 0
    for line, path in lines:
        paths.add(path)
        if not is_blank_line(line):
            count += 1
    return [(paths.pop() if paths else "", count)]


def write_jsonl(records: Any, urlpath: str, **kwargs: Any) -> None:
    """Write a bag of records as JSON Lines, one file a partition (*urlpath* with a ``*``,
    such as ``s3://news/passages/*.jsonl``, numbered in order); *kwargs* go to
    ``dask.bag.Bag.to_textfiles`` (``storage_options``, …). A partition without records
    is an empty file, so that the files joined are ``passages --format jsonl``'s output."""
    texts = records.map_partitions(_jsonl_text)
    texts.to_textfiles(urlpath, encoding="utf-8", last_endline=False, **kwargs)


def _jsonl_text(records: Any) -> list[str]:
    """A partition's records as one text of JSON Lines (none for no records)."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return [text] if text else []
