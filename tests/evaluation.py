"""Scores the matcher against the hand-annotated real articles in tests/data/eval/.

Run ``python tests/evaluation.py [dev|holdout]`` for the figures and every disagreement.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

EVAL = Path(__file__).resolve().parent / "data" / "eval"


@dataclass
class Score:
    gold: int
    found: int
    correct: int
    right_lang: int
    misses: list[dict]
    extras: list[dict]
    wrong_lang: list[tuple[dict, str]]

    @property
    def recall(self) -> float:
        return self.correct / self.gold

    @property
    def precision(self) -> float:
        return self.correct / self.found

    @property
    def lang_accuracy(self) -> float:
        return self.right_lang / self.correct


def score(split: str) -> Score:
    from islandmap.matching import match_articles
    from islandmap.sources import load_sources

    folder = EVAL / split
    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines() if line]
    found = [
        {
            "source": m.passage.source,
            "passage": m.passage.index,
            "island": x.island,
            "surface": x.surface,
            "start": x.start,
            "end": x.end,
            "lang": x.lang,
        }
        for m in match_articles(load_sources(folder))
        for x in m.mentions
    ]

    def key(r: dict) -> tuple:
        return (r["source"], r["passage"], r["start"], r["end"], r["island"])

    found_by_key = {key(r): r for r in found}
    gold_keys = {key(r) for r in gold}
    correct = [g for g in gold if key(g) in found_by_key]
    wrong_lang = [
        (g, found_by_key[key(g)]["lang"])
        for g in correct
        if found_by_key[key(g)]["lang"] != g["lang"]
    ]
    return Score(
        gold=len(gold),
        found=len(found),
        correct=len(correct),
        right_lang=len(correct) - len(wrong_lang),
        misses=[g for g in gold if key(g) not in found_by_key],
        extras=[f for f in found if key(f) not in gold_keys],
        wrong_lang=wrong_lang,
    )


def main(splits: list[str]) -> None:
    for split in splits:
        s = score(split)
        print(
            f"{split}: {s.gold} gold mentions, {s.found} found, {s.correct} correct; "
            f"recall {s.recall:.1%}, precision {s.precision:.1%}, "
            f"name language {s.lang_accuracy:.1%}"
        )
        for label, records in (("missed", s.misses), ("extra", s.extras)):
            for r in records:
                where = f"{r['source']} #{r['passage']}"
                print(f"  {label:7} {where} {r['surface']!r} ({r['island']}, {r['lang']})")
        for g, lang in s.wrong_lang:
            where = f"{g['source']} #{g['passage']}"
            print(f"  lang    {where} {g['surface']!r}: gold {g['lang']}, found {lang}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["dev", "holdout", "fresh", "fresh2"])
