"""Scores the matcher against the hand-annotated real articles in tests/data/eval/.

Run ``python tests/evaluation.py [SPLIT ...]`` (dev, holdout, fresh, fresh2 … fresh12; all of
them by default) for the figures and every disagreement. For each split it prints the
mention-level line (as it always has), then the figures of issue 13 per language of the text
(en, ru, ja) and overall:

- mentions: gold, found, correct (same passage, offsets and island), recall, precision;
- islands per passage: a passage×island pair is found or not, whatever the number of mentions;
  precision and recall over those pairs;
- group names per passage: of the passages whose gold has a group name (Northern Territories,
  北方領土, Южные Курилы…), the share where the matcher reports one; and of the passages that
  name the islands *only* as a group, the share the matcher returns at all;
- name language: of the correctly found mentions, the share whose ``lang`` is the gold's.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

EVAL = Path(__file__).resolve().parent / "data" / "eval"
LANGUAGES = ("en", "ru", "ja")


def _splits() -> tuple[str, ...]:
    """The evaluation's splits, in order, as make_gold.py (which builds and checks them)
    lists them: one list for the annotations, this report and the tests."""
    spec = importlib.util.spec_from_file_location("make_gold", EVAL / "make_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.SPLITS)


SPLITS = _splits()
#: The splits collected for issue 13 after the matcher's development, measured untouched
#: first and reported per language (`fresh` and `fresh2` have thresholds of their own).
UNSEEN = tuple(s for s in SPLITS if s.startswith("fresh") and s not in ("fresh", "fresh2"))


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


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Figures:
    """Issue 13's figures for one language of the texts (or for all of them)."""

    texts: int = 0
    passages: int = 0
    # mention level
    gold: int = 0
    found: int = 0
    correct: int = 0
    right_lang: int = 0
    # passage × island level
    pairs_gold: int = 0
    pairs_found: int = 0
    pairs_correct: int = 0
    # group names per passage
    group_passages: int = 0
    group_found: int = 0
    group_extra: int = 0
    group_only_passages: int = 0
    group_only_flagged: int = 0
    missed_pairs: list[tuple] = field(default_factory=list)
    extra_pairs: list[tuple] = field(default_factory=list)
    missed_groups: list[tuple] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return _ratio(self.correct, self.gold)

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.found)

    @property
    def lang_accuracy(self) -> float | None:
        return _ratio(self.right_lang, self.correct)

    @property
    def island_recall(self) -> float | None:
        return _ratio(self.pairs_correct, self.pairs_gold)

    @property
    def island_precision(self) -> float | None:
        return _ratio(self.pairs_correct, self.pairs_found)

    @property
    def group_recall(self) -> float | None:
        return _ratio(self.group_found, self.group_passages)

    @property
    def group_only_recall(self) -> float | None:
        return _ratio(self.group_only_flagged, self.group_only_passages)


def _key(r: dict) -> tuple:
    return (r["source"], r["passage"], r["start"], r["end"], r["island"])


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@cache
def _run(split: str):
    """Gold, group gold, the matcher's mentions and passages, and each source's language."""
    from islandmap.matching import match_articles
    from islandmap.sources import load_sources

    folder = EVAL / split
    gold = _read_jsonl(folder / "gold.jsonl")
    group_gold = _read_jsonl(folder / "collective.jsonl")
    articles = load_sources(folder)
    language = {a.id: a.language for a in articles}
    passages = {a.id: len(a.passages) for a in articles}
    matched = match_articles(articles)
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
        for m in matched
        for x in m.mentions
    ]
    return gold, group_gold, found, matched, language, passages


def _score(gold: list[dict], found: list[dict]) -> Score:
    found_by_key = {_key(r): r for r in found}
    gold_keys = {_key(r) for r in gold}
    correct = [g for g in gold if _key(g) in found_by_key]
    wrong_lang = [
        (g, found_by_key[_key(g)]["lang"])
        for g in correct
        if found_by_key[_key(g)]["lang"] != g["lang"]
    ]
    return Score(
        gold=len(gold),
        found=len(found),
        correct=len(correct),
        right_lang=len(correct) - len(wrong_lang),
        misses=[g for g in gold if _key(g) not in found_by_key],
        extras=[f for f in found if _key(f) not in gold_keys],
        wrong_lang=wrong_lang,
    )


def score(split: str) -> Score:
    gold, _group_gold, found, _matched, _language, _passages = _run(split)
    return _score(gold, found)


def measure(split: str) -> dict[str, Figures]:
    """Issue 13's figures per language of the text, and for all texts under ``"all"``."""
    gold, group_gold, found, matched, language, passages = _run(split)
    sources_of = defaultdict(set)
    for source, lang in language.items():
        sources_of[lang].add(source)
        sources_of["all"].add(source)
    flagged = {(m.passage.source, m.passage.index) for m in matched}
    with_group = {(m.passage.source, m.passage.index) for m in matched if m.collective}

    figures: dict[str, Figures] = {}
    for lang in (*LANGUAGES, "all"):
        mine = sources_of.get(lang, set())
        g = [r for r in gold if r["source"] in mine]
        f = [r for r in found if r["source"] in mine]
        s = _score(g, f)
        fig = Figures(
            texts=len(mine),
            passages=sum(passages[source] for source in mine),
            gold=s.gold,
            found=s.found,
            correct=s.correct,
            right_lang=s.right_lang,
        )
        pairs_gold = {(r["source"], r["passage"], r["island"]) for r in g}
        pairs_found = {(r["source"], r["passage"], r["island"]) for r in f}
        fig.pairs_gold = len(pairs_gold)
        fig.pairs_found = len(pairs_found)
        fig.pairs_correct = len(pairs_gold & pairs_found)
        fig.missed_pairs = sorted(pairs_gold - pairs_found)
        fig.extra_pairs = sorted(pairs_found - pairs_gold)
        group_passages = {(r["source"], r["passage"]) for r in group_gold if r["source"] in mine}
        island_passages = {(r["source"], r["passage"]) for r in g}
        group_only = group_passages - island_passages
        fig.group_passages = len(group_passages)
        fig.group_found = len(group_passages & with_group)
        fig.group_extra = len({p for p in with_group if p[0] in mine} - group_passages)
        fig.group_only_passages = len(group_only)
        fig.group_only_flagged = len(group_only & flagged)
        fig.missed_groups = sorted(group_passages - with_group)
        figures[lang] = fig
    return figures


def _pct(x: float | None) -> str:
    return "  –  " if x is None else f"{x:6.1%}"


def report(split: str) -> str:
    """The per-language table of issue 13's figures for *split*."""
    figures = measure(split)
    lines = [
        f"{split} per language of the text "
        "(mentions: recall/precision; islands per passage: recall/precision; "
        "group names per passage: recall, group-only passages found; name language):",
        "  lang texts pass | gold found corr  recall  prec. | pairs  recall  prec. "
        "| groups  recall  only   found | name lang",
    ]
    for lang in (*LANGUAGES, "all"):
        f = figures[lang]
        lines.append(
            f"  {lang:4} {f.texts:5} {f.passages:4} | {f.gold:4} {f.found:5} {f.correct:4}"
            f" {_pct(f.recall)} {_pct(f.precision)} | {f.pairs_gold:5} {_pct(f.island_recall)}"
            f" {_pct(f.island_precision)} | {f.group_passages:6} {_pct(f.group_recall)}"
            f" {f.group_only_passages:4} {_pct(f.group_only_recall)} | {_pct(f.lang_accuracy)}"
        )
    f = figures["all"]
    for label, items in (
        ("island missed", f.missed_pairs),
        ("island extra", f.extra_pairs),
        ("group missed", f.missed_groups),
    ):
        for item in items:
            island = f" {item[2]}" if len(item) > 2 else ""
            lines.append(f"  {label:13} {item[0]} #{item[1]}{island}")
    return "\n".join(lines)


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
        print(report(split))


if __name__ == "__main__":
    main(sys.argv[1:] or list(SPLITS))
