"""Compose a corpus of N articles from real paragraphs, for benchmarks.

    python benchmarks/make_corpus.py N OUTDIR [--from DIR]... [--seed S] [--reprints]

Each article has 3 to 40 paragraphs; each paragraph joins 1 to 4 real sentences drawn
(with a fixed seed) from the articles in the --from folders (default: sources/), so that
passages vary as in a real archive while every sentence is real text. Titles, publishers
and dates are made up, in the project's Markdown format. The same N and seed always give
the same files.

With ``--reprints`` the corpus is shaped like wire stories reprinted word for word by many
outlets: a pool of a few hundred distinct paragraphs (every real paragraph of the --from
folders, and as many again joined from 2 to 3 of their real sentences), and each article
4 to 12 of them in its own language, the popular ones far more often (weights 1/rank), so
that a passage has 100 sources or more at 5,000 articles. The outlets' names (a few
hundred) and the dates (each paragraph's reprints within a fortnight of its first) are
made up.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from datetime import date, timedelta
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


#: Made-up outlets for the reprint corpus: every place with every kind of paper.
_OUTLET_PLACES = (
    "Northern",
    "Pacific",
    "Harbour",
    "Coastal",
    "Island",
    "Valley",
    "Lakeside",
    "Eastern",
    "Western",
    "Southern",
    "Bay",
    "Riverside",
    "Highland",
    "Prairie",
    "Capital",
    "County",
    "Metro",
    "Seaboard",
    "Frontier",
    "Midland",
)
_OUTLET_KINDS = (
    "Ledger",
    "Wire",
    "Courier",
    "Review",
    "Post",
    "Herald",
    "Gazette",
    "Times",
    "Chronicle",
    "Tribune",
    "Record",
    "Observer",
    "Dispatch",
    "Bulletin",
    "Standard",
)


def make_reprints(n: int, out: Path, sources: list[Path], seed: int = 1855) -> int:
    """Write *n* articles of reprinted paragraphs into *out* (see the module's text);
    returns the number of bytes of text written."""
    rng = random.Random(seed)
    pool: dict[str, list[str]] = {}
    for folder in sources:
        for a in load_sources(folder):
            language = a.language or "en"
            texts = [p.text for p in a.passages if p.section == "article"]
            pool.setdefault(language, []).extend(texts)
    for texts in pool.values():
        sentences = [s for t in texts for s in _SENTENCE_END.split(t) if s.strip()]
        joined = {
            " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 3)))
            for _ in range(len(texts))
        }
        texts.extend(sorted(joined - set(texts)))
        rng.shuffle(texts)
    # Each paragraph's first printing; its reprints follow within 14 days.
    first_day = {t: rng.randint(0, 365 * 30) for texts in pool.values() for t in texts}
    languages = sorted(pool)
    language_weights = [len(pool[lang]) for lang in languages]
    outlets = [f"{place} {kind}" for place in _OUTLET_PLACES for kind in _OUTLET_KINDS]
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for i in range(n):
        language = rng.choices(languages, language_weights)[0]
        texts = pool[language]
        weights = [1 / (rank + 1) for rank in range(len(texts))]
        body: list[str] = []
        for text in rng.choices(texts, weights, k=rng.randint(4, 12)):
            if text not in body:
                body.append(text)
        day = max(first_day[t] for t in body) + rng.randint(0, 14)
        date = _EPOCH + timedelta(days=day)
        meta = {
            "title": f"Reprint benchmark article {i + 1}",
            "publisher": rng.choice(outlets),
            "url": f"https://example.org/reprints/{i + 1}",
            "date": date.isoformat(),
            "language": language,
        }
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
        text += "\n\n".join(body) + "\n"
        path = out / f"{i + 1:05d}.md"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return written


_EPOCH = date(1995, 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--from", dest="sources", type=Path, action="append")
    parser.add_argument("--seed", type=int, default=1855)
    parser.add_argument("--reprints", action="store_true", help="wire stories, reprinted")
    args = parser.parse_args()
    sources = args.sources or [ROOT / "sources"]
    make = make_reprints if args.reprints else make_corpus
    size = make(args.n, args.outdir, sources, args.seed)
    print(f"wrote {args.n} articles ({size / 1e6:.1f} MB) to {args.outdir}")


if __name__ == "__main__":
    main()
