"""Compose a corpus of N articles from real paragraphs, for benchmarks.

    python benchmarks/make_corpus.py N OUTDIR [--from DIR]... [--seed S]

Each article has 3 to 40 paragraphs; each paragraph joins 1 to 4 real sentences drawn
(with a fixed seed) from the articles in the --from folders (default: sources/), so that
passages vary as in a real archive while every sentence is real text. Titles, publishers
and dates are made up, in the project's Markdown format. The same N and seed always give
the same files.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from islandmap.sources import load_sources  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=。)")
PUBLISHERS = (
    "Northern Ledger",
    "Pacific Wire",
    "Sakhalin Courier",
    "Hokkaido Review",
    "Kuril Post",
)


def make_corpus(n: int, out: Path, sources: list[Path], seed: int = 1855) -> int:
    """Write *n* articles into *out*; returns the number of bytes of text written."""
    sentences = [
        sentence
        for folder in sources
        for a in load_sources(folder)
        for p in a.passages
        for sentence in _SENTENCE_END.split(p.text)
        if sentence.strip()
    ]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for i in range(n):
        count = rng.randint(3, 40)
        body = [
            " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))) for _ in range(count)
        ]
        year, month, day = rng.randint(1990, 2026), rng.randint(1, 12), rng.randint(1, 28)
        meta = {
            "title": f"Benchmark article {i + 1}",
            "publisher": rng.choice(PUBLISHERS),
            "url": f"https://example.org/benchmark/{i + 1}",
            "date": f"{year:04d}-{month:02d}-{day:02d}",
            "language": "en",
        }
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
        text += "\n\n".join(body) + "\n"
        path = out / f"{i + 1:05d}.md"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--from", dest="sources", type=Path, action="append")
    parser.add_argument("--seed", type=int, default=1855)
    args = parser.parse_args()
    sources = args.sources or [ROOT / "sources"]
    size = make_corpus(args.n, args.outdir, sources, args.seed)
    print(f"wrote {args.n} articles ({size / 1e6:.1f} MB) to {args.outdir}")


if __name__ == "__main__":
    main()
