"""Reading articles: the shipped sources, the two formats, and bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from islandmap.errors import SourceError
from islandmap.matching import default_matcher
from islandmap.sources import load_sources, parse_markdown, parse_plain_text, read_source

SOURCES = Path(__file__).resolve().parent.parent / "sources"
JAPAN_TODAY = "2018-09-12-japantoday-putin-tells-abe-he-hopes-for-peace-treaty.md"
SEEDS = (
    "2017-11-trumpet-will-russia-push-japan-to-end-defense-treaty.md",
    JAPAN_TODAY,
    "2018-09-japan-and-russia-still-havent-signed-peace-treaty.md",
    "2018-09-japan360-from-japan-to-russia-with-love.md",
    "2018-09-trumpet-putin-offers-japan-peace-deal.md",
)


@pytest.fixture(scope="module")
def corpus():
    return {article.id: article for article in load_sources(SOURCES)}


@pytest.fixture(scope="module")
def seeds(corpus):
    """The five articles the project started with (English, 2017–2018)."""
    return {name: corpus[name] for name in SEEDS}


def test_the_five_seed_articles_load_with_their_metadata(seeds):
    assert len(seeds) == 5
    japan_today = seeds[JAPAN_TODAY]
    assert japan_today.publisher == "Japan Today"
    assert japan_today.date == "2018-09-12"
    assert japan_today.authors == ("Denis Pinchuk", "Polina Nikolskaya")
    assert japan_today.url.startswith("https://japantoday.com/")
    assert japan_today.extra["agency"] == "Reuters"
    unknown = seeds["2018-09-japan-and-russia-still-havent-signed-peace-treaty.md"]
    assert unknown.url == "" and unknown.publisher == ""
    assert all(a.title and a.language == "en" for a in seeds.values())


def test_the_default_corpus_is_balanced(corpus):
    """sources/README.md: beside the seeds, at least 30 excerpts, at least 8 in Japanese
    and 8 in Russian, and no publisher with more than 15 % of the quotes."""
    assert len(corpus) - len(SEEDS) >= 30
    languages = Counter(article.language for article in corpus.values())
    assert languages["ja"] >= 8 and languages["ru"] >= 8
    matcher = default_matcher()
    quotes: Counter[str] = Counter()
    for article in corpus.values():
        quotes[article.publisher or article.id] += len(matcher.match_article(article))
    publisher, most = quotes.most_common(1)[0]
    assert most <= 0.15 * sum(quotes.values()), publisher


def test_every_excerpt_is_cited(corpus):
    for name, article in corpus.items():
        if name in SEEDS:
            continue
        assert article.title and article.publisher and article.language, name
        assert article.url.startswith(("http://", "https://")), name
        assert article.extra.get("edited"), name


def test_seed_text_is_verbatim(seeds):
    text = "\n".join(p.text for a in seeds.values() for p in a.passages)
    assert "Etorufu–Iturup" in text
    assert "World War ii" in text


def test_page_furniture_is_never_a_passage(seeds):
    text = "\n".join(p.text for a in seeds.values() for p in a.passages)
    for furniture in (
        "Newsletter Signup",
        "Photo: TASS/Pool via Reuters",
        "Getty Images",
        "12 Comments",
        "Copyright Thomson Reuters",
        "GPlusMedia",
        "photo credit to:",
        "Leave a Reply",
        "Subscribe to our weekly newsletter",
        "The Not-So-Yemeni Deadlock",
        "Read More",
        "( +3 / -3 )",
    ):
        assert furniture not in text, furniture


def test_reader_comments_are_kept_and_marked(seeds):
    passages = seeds[JAPAN_TODAY].passages
    article = [p for p in passages if p.section == "article"]
    comments = [p for p in passages if p.section == "comments"]
    assert len(article) == 14
    assert comments[0].text.startswith("I don't believe Russia will ever give up the islands")
    assert len(comments) == 18
    assert [p.index for p in passages] == list(range(len(passages)))


def test_seed_with_one_paragraph_per_line_is_split_into_paragraphs(seeds):
    article = seeds["2017-11-trumpet-will-russia-push-japan-to-end-defense-treaty.md"]
    assert len(article.passages) == 16
    assert article.passages[2].text.startswith("In the closing chapters of the war")


def test_plain_text_title_is_the_first_line():
    article = parse_plain_text("Headline\n\nFirst paragraph\nstill first.\n\nSecond.\n", "a.txt")
    assert article.title == "Headline"
    assert [p.text for p in article.passages] == ["First paragraph\nstill first.", "Second."]


def test_plain_text_without_blank_lines_has_a_paragraph_per_line():
    article = parse_plain_text("Headline\nOne.\nTwo.\n", "a.txt")
    assert [p.text for p in article.passages] == ["One.", "Two."]


def test_txt_files_in_the_sources_folder_are_read(tmp_path):
    (tmp_path / "note.txt").write_text(
        "Kunashir visit\nA ferry reached Kunashir.\n", encoding="utf-8"
    )
    (tmp_path / "README.md").write_text("# not an article\n", encoding="utf-8")
    [article] = load_sources(tmp_path)
    assert article.id == "note.txt"
    assert article.title == "Kunashir visit"


def test_links_to_articles_are_read_and_links_to_nothing_or_folders_are_not(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "folder.md").mkdir(parents=True)
    (elsewhere / "visit.txt").write_text("Kunashir visit\nA ferry reached Kunashir.\n", "utf-8")
    sources = tmp_path / "sources"
    (sources / "b").mkdir(parents=True)
    (sources / "b" / "ferry.txt").write_text("Shikotan\nA ferry reached Shikotan.\n", "utf-8")
    (sources / "a.txt").symlink_to(elsewhere / "visit.txt")
    (sources / "gone.txt").symlink_to(elsewhere / "gone.txt")
    (sources / "c.md").symlink_to(elsewhere / "folder.md")
    (sources / "loop.txt").symlink_to(sources / "loop.txt")
    assert [a.id for a in load_sources(sources)] == ["a.txt", "b/ferry.txt"]


def test_a_link_that_cannot_be_followed_is_an_error_not_a_gap(tmp_path):
    # (as root, a folder's permissions stop nobody: the listing's answer is made up here)
    from islandmap.sources import _is_file

    class Refused:
        def is_file(self) -> bool:
            raise PermissionError(13, "Permission denied")

    with pytest.raises(SourceError, match=r"cannot be read \(Permission denied\)"):
        _is_file(Refused(), tmp_path / "a.md")


def test_markdown_headings_are_not_passages_and_mark_comments():
    text = "---\ntitle: T\n---\n\n# Heading\n\nBody one.\n\n## Reader comments\n\nA comment.\n"
    article = parse_markdown(text, "t.md")
    assert [(p.section, p.text) for p in article.passages] == [
        ("article", "Body one."),
        ("comments", "A comment."),
    ]


def test_dates_keep_their_precision():
    for written, kept in (("2018", "2018"), ("2018-09", "2018-09"), ("2018-09-12", "2018-09-12")):
        assert parse_markdown(f"---\ntitle: T\ndate: {written}\n---\nx\n", "t.md").date == kept


RUSSIAN = (
    "---\ntitle: Жители Курил ждут мост\n---\nЖители Итурупа и Кунашира ждут нового "
    "моста. Погода на острове Шикотан была ясной, и паром пришёл вовремя.\n"
)
JAPANESE = "---\ntitle: 北方領土\n---\n択捉島と国後島の住民は、新しい橋を待っている。\n"


def _error(tmp_path: Path, content: str | bytes, name: str = "bad.md") -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.path == str(path)
    return caught.value.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("no front matter\n", "has no front matter."),
        ("---\ntitle: T\n", "front matter is not closed."),
        ("---\ntitle: [unclosed\n---\n", "front matter is not valid YAML"),
        ("---\n- a list\n---\n", "front matter must be 'key: value' lines"),
        ("---\npublisher: X\n---\ntext\n", "has no title."),
        ("---\ntitle: '  '\n---\ntext\n", "has no title."),
        ("---\ntitle: T\ndate: last spring\n---\n", "date 'last spring' is not a date."),
        ("---\ntitle: T\ndate: 2018-02-30\n---\n", "is not a date."),
        (
            "---\ntitle: T\nurl: javascript:alert(1)\n---\n",
            "url 'javascript:alert(1)' is not a web address.",
        ),
        ("---\ntitle: T\nurl: data:text/html,x\n---\n", "is not a web address."),
    ],
)
def test_bad_markdown_sources_are_refused_with_the_fix(tmp_path, content, expected):
    assert expected in _error(tmp_path, content)


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [
        ("---\ntitle: Итуруп\n---\nНа Итурупе тихо.\n", "cp1251", "CP1251"),
        ("---\ntitle: 択捉島\n---\n択捉島に行った。\n", "shift_jis", "SHIFT_JIS"),
        ("---\ntitle: 択捉島\n---\n択捉島に行った。\n", "euc_jp", "EUC-JP"),
        ("---\ntitle: Café\n---\nA café on Etorofu.\n", "cp1252", "CP1252"),
        ("---\ntitle: T\n---\nIturup\n", "utf-16", "UTF-16"),
        ("---\ntitle: Итуруп\n---\nНа Итурупе тихо.\n", "koi8_r", "KOI8-R"),
        ("---\ntitle: Итуруп\n---\nНа Итурупе тихо.\n", "mac_cyrillic", "MACCYRILLIC"),
        (RUSSIAN, "koi8_r", "KOI8-R"),
        (RUSSIAN, "mac_cyrillic", "MACCYRILLIC"),
        (RUSSIAN, "cp1251", "CP1251"),
        (RUSSIAN, "cp866", "CP866"),
    ],
)
def test_non_utf8_source_names_the_encoding_to_convert_from(tmp_path, text, encoding, named):
    message = _error(tmp_path, text.encode(encoding))
    assert message.startswith(f"is not UTF-8 text (it looks like {named}). Convert it from {named}")


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs the iconv command")
@pytest.mark.parametrize("encoding", ["koi8_r", "mac_cyrillic", "cp1251", "shift_jis", "euc_jp"])
def test_the_suggested_iconv_command_gives_the_text_back(tmp_path, encoding):
    text = JAPANESE if encoding in ("shift_jis", "euc_jp") else RUSSIAN
    path = tmp_path / "bad.md"
    message = _error(tmp_path, text.encode(encoding))
    command = re.search(r"'(iconv -f \S+ -t UTF-8)'", message)
    assert command, message
    converted = subprocess.run(
        [*command.group(1).split(), str(path)], capture_output=True, check=True
    ).stdout
    assert converted.decode("utf-8") == text
    fixed = tmp_path / "fixed.md"
    fixed.write_bytes(converted)
    assert read_source(fixed).title == text.split("\n")[1].removeprefix("title: ")


def test_binary_empty_and_huge_sources_are_refused(tmp_path):
    assert _error(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00", "a.md").startswith("is a binary file")
    assert _error(tmp_path, b"\n  \n", "b.txt").startswith("is empty.")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(50 * 10**6)
    with pytest.raises(SourceError) as caught:
        read_source(huge)
    assert caught.value.message == (
        "is 50.0 MB; an article may be at most 10 MB. Put one article in each file"
    )


def test_missing_and_empty_sources_folders(tmp_path):
    with pytest.raises(SourceError, match="folder not found"):
        load_sources(tmp_path / "nope")
    with pytest.raises(SourceError, match="holds no articles"):
        load_sources(tmp_path)


def test_a_missing_folder_is_named_in_the_librarys_terms(tmp_path):
    with pytest.raises(SourceError) as caught:
        load_sources(tmp_path / "nope")
    assert caught.value.option == "sources"
    assert caught.value.message.endswith("or give the folder that holds them")
