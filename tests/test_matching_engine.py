"""The matcher's automaton (islandmap/automaton.py) finds exactly what the complete scan
(the regular expressions of the matching rules) finds: on random text made of the
gazetteer's forms, the characters the rules treat specially and noise, and on every
passage of the real sources and the evaluation data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from islandmap.gazetteer import default_gazetteer
from islandmap.matching import Matcher, default_matcher
from islandmap.models import Article, Passage
from islandmap.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
MATCHER = default_matcher()


class CompleteScan(Matcher):
    """The reference: every text through the complete scan, never the automaton."""

    def _engine_scan(self, folded, offsets, text):  # type: ignore[no-untyped-def]
        return self._complete_scan(folded, offsets, text)


ORACLE = CompleteScan()
FORMS = sorted({n.form for n in default_gazetteer().names})
# what the rules look at around a name: separators and their runs, dashes and bars for
# the long-vowel mark, accents, variation selectors, invisible characters, readings,
# digits, place, feature and institution words, an etymology's cue, the words and marks
# before a name of something else, compass words, English "to"
SPECIAL = [
    " ",
    "  ",
    "-",
    " - ",
    " — ",
    "\n",
    "-\n",
    "\t",
    "\u00a0",
    "\u00ad",
    "\u0301",
    "’",
    "'",
    "ー",
    "-",
    "─",
    "(",
    ")",
    "（えとろふ）",
    "えとろふとう",
    "島",
    "郡",
    "川",
    "海峡",
    "神社",
    "調査",
    "、",
    "。",
    ".",
    ",",
    "«",
    "»",
    '"',
    "Strait",
    "village",
    "остров ",
    "о. ",
    "посёлок ",
    "Island",
    "Islands",
    " islands",
    "Martin",
    "Г. И. ",
    "экспедиции ",
    "kelp from ",
    "根室市",
    "漁協",
    "4",
    "４",
    "1",
    "本土",
    "\ufe0f",
    "\U000e0101",
    "郵便局",
    "専門家交流",
    "アイヌ語の",
    "гора ",
    "завод «",
    'названием "',
    "»",
    "「",
    "」",
    "『",
    "──",
    "巡視船",
    "浜",
    "ほっぽう",
    "South ",
    "North-",
    " to ",
    "airport ",
    " ridge",
    "Mount ",
    "é",
    "É",
    "İ",
    "ß",
    "_",
    "x",
    "a",
    "и",
    "й",
]
TOKEN = st.one_of(
    st.sampled_from(FORMS),
    st.sampled_from(FORMS).map(str.upper),
    st.sampled_from(FORMS).map(str.lower),
    st.sampled_from(FORMS).map(lambda f: f.replace(" ", "  ").replace("-", " - ")),
    st.sampled_from(FORMS).map(lambda f: f[: len(f) // 2 + 1]),
    st.sampled_from(SPECIAL),
    st.text(max_size=6),
)
TEXT = st.lists(TOKEN, max_size=14).map("".join)


def _article(texts: list[str]) -> Article:
    return Article(
        id="a.md",
        title="t",
        passages=tuple(Passage("a.md", i, "article", t) for i, t in enumerate(texts)),
    )


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=4))
# a form with its separator doubled, which a one-edit misspelling (a letter doubled) of a
# fuzzy form took for its own, with its guard: "Плоские  острова" went unfound
@example(["Плоские  острова"])
@example(["Akiyuri", "4島ПЛОСКИЕ  ОСТРОВА"])
def test_the_automaton_finds_what_the_complete_scan_finds(texts):
    article = _article(texts)
    assert MATCHER.match_article(article) == ORACLE.match_article(article)
    for text in texts:
        assert MATCHER.find(text) == ORACLE.find(text)


def _real_passages() -> list[list[str]]:
    articles = [*load_sources(ROOT / "sources")]
    for split in ("dev", "holdout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5"):
        articles += load_sources(ROOT / "tests" / "data" / "eval" / split)
    return [[p.text for p in a.passages] for a in articles]


@pytest.mark.parametrize("keep_lines", [True, False])
def test_real_text_gives_the_same_names(keep_lines):
    passages = _real_passages()
    assert passages
    for texts in passages:
        if not keep_lines:
            texts = [t.replace("\n", " ") for t in texts]
        article = _article(texts)
        assert MATCHER.match_article(article) == ORACLE.match_article(article)


def test_a_long_corpus_switches_to_the_dfa_and_finds_the_same(monkeypatch):
    """Past a corpus's first characters the matcher scans with a DFA instead of the NFA it
    was built with: the same names at the same places."""
    import islandmap.matching as matching

    passages = _real_passages()
    monkeypatch.setattr(matching, "_DFA_AFTER", 5_000)
    matcher = Matcher()
    kinds = set()
    for texts in passages:
        article = _article(texts)
        assert matcher.match_article(article) == ORACLE.match_article(article)
        kinds.add(matcher._patterns_list is None)
    assert kinds == {False, True}  # scanned both ways


def test_a_reprinted_passage_gives_what_a_fresh_matcher_finds():
    # A text is scanned once per matcher; what it holds is the same in every article that
    # prints it, while what counts still depends on the article: here a group name that
    # needs the islands beside it, and a name that needs its island named elsewhere.
    sources = load_sources(ROOT / "sources")
    paragraphs = [p.text for a in sources for p in a.passages]
    needy, shana = "Верните северные территории!", "They prayed at the Shana graveyard."

    def article(n, texts):
        name = f"reprint{n}.md"
        passages = tuple(Passage(name, i, "article", t) for i, t in enumerate(texts))
        return Article(id=name, title="Reprint", passages=passages)

    articles = [
        article(n, [paragraphs[(n * 7 + k * 13) % len(paragraphs)] for k in range(n % 5 + 1)])
        for n in range(20)
    ]
    articles += [article(20, [needy, shana]), article(21, [needy, shana, "Итуруп рядом."])]
    # an island's name inside a 『』 title is no mention, but still the islands beside it
    articles.append(article(22, [needy, "Книга 『択捉島の歴史』 вышла."]))
    fresh = [Matcher().match_article(a) for a in articles]
    warm = Matcher()
    for _ in range(2):
        assert [warm.match_article(a) for a in articles] == fresh
    assert fresh[-3] == []
    assert [m.passage.text for m in fresh[-2]] == [needy, shana, "Итуруп рядом."]
    assert [m.passage.text for m in fresh[-1]] == [needy]
