"""`islandmap add`: saved pages, web addresses (a local server), text files, refusals.

The web pages are built here, like a news site's: navigation, a login bar, ads, a photo
caption, a newsletter box, a related-articles teaser, reader comments with names and
dates, a comment form and a footer. Only the article's paragraphs and the comments'
text may reach the source file. Nothing here uses the network beyond 127.0.0.1.
"""

from __future__ import annotations

import errno
import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from islandmap import add as adding
from islandmap.cli import cli
from islandmap.extract import Block
from islandmap.sources import load_sources, parse_markdown, read_source

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = "https://courier.example.com/news/2024/05/fishermen-return-to-kunashir"
FILE_NAME = "2024-05-14-fishermen-return-to-kunashir-waters.md"
PARAGRAPHS = [
    "Fishing boats from Nemuro set out on Tuesday for the waters off Kunashiri, the island "
    "Russia calls Kunashir, for the first time since the spring season was suspended last year.",
    "The agreement between the two governments lets about 60 Japanese boats catch kelp near "
    "the islands, which Japan calls the Northern Territories, in exchange for a fee paid to "
    "the Russian side.",
    '"We have waited a long time for this day," said one captain, who has fished off Shikotan '
    'for forty years. "The sea does not know about borders."',
    "Officials in Tokyo said the talks on a peace treaty remain frozen, and that the fishing "
    "deal does not change Japan's position on Etorofu, Kunashiri, Shikotan and the Habomai "
    "islets.",
    "The boats are expected back in port by the end of the week.",
]
COMMENTS = [
    "Good news for Nemuro, the town has suffered a lot since the season stopped.",
    "Nothing will change until Russia talks about Iturup and Kunashir seriously.",
]
# Page furniture: none of it may be in the source file.
FURNITURE = [
    "Home",
    "Subscribe now",
    "Register to read more",
    "ADVERTISEMENT",
    "Cheap flights",
    "Photo: Courier staff",
    "morning newsletter",
    "Related articles",
    "Sapporo snow festival",
    "price of kelp",
    "kelpfan",
    "northwind",
    "15 May 2024",
    "Write a comment",
    "Post",
    "All rights reserved",
    "Privacy",
]


def news_page(
    paragraphs: list[str] = PARAGRAPHS,
    title: str = "Fishermen return to Kunashir waters",
    canonical: str | None = CANONICAL,
    lang: str = "en",
    comments: list[str] = COMMENTS,
) -> str:
    """A saved news page as a browser saves it, with all the usual furniture."""
    link = (
        f'<link rel="canonical" href="{canonical}">\n<meta property="og:url" content="{canonical}">'
        if canonical
        else ""
    )
    body = "\n".join(f"    <p>{p}</p>" for p in paragraphs[:2])
    rest = "\n".join(f"    <p>{p}</p>" for p in paragraphs[2:])
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} | The Nemuro Courier</title>
{link}
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Nemuro Courier">
<meta name="author" content="Aiko Tanaka">
<meta property="article:published_time" content="2024-05-14T08:30:00+09:00">
</head>
<body>
<header>
  <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a>
  </li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
  <div class="login-bar">Log in | Register to read more</div>
</header>
<div class="ad ad-banner" id="top-ad">ADVERTISEMENT: Cheap flights to Sapporo! Book today.</div>
<main>
<article class="article">
  <h1 class="headline">{title}</h1>
  <p class="byline">By <span class="author">Aiko Tanaka</span>
    <time datetime="2024-05-14T08:30:00+09:00">May 14, 2024</time></p>
  <div class="article-body">
{body}
    <figure><img src="boats.jpg" alt=""><figcaption>Photo: Courier staff</figcaption></figure>
    <div class="newsletter-box">Sign up for our morning newsletter and never miss a story!</div>
{rest}
  </div>
</article>
<aside class="related-articles">
  <h2>Related articles</h2>
  <ul>
    <li><a href="/news/a">Sapporo snow festival breaks visitor record</a></li>
    <li><a href="/news/b">Why the price of kelp keeps rising on Iturup</a></li>
  </ul>
</aside>
<section id="comments" class="comments">
  <h2>Comments</h2>
  <div class="comment"><p class="comment-author">kelpfan</p>
    <time class="comment-date">15 May 2024</time>
    <p class="comment-text">{comments[0]}</p></div>
  <div class="comment"><p class="comment-author">northwind</p>
    <time class="comment-date">15 May 2024</time>
    <p class="comment-text">{comments[1]}</p></div>
  <form class="comment-form"><textarea>Write a comment</textarea><button>Post</button></form>
</section>
</main>
<div class="ad" id="side-ad">ADVERTISEMENT: Hokkaido crab delivered to your door.</div>
<footer><p>© 2024 The Nemuro Courier. All rights reserved.</p><a href="/privacy">Privacy</a>
</footer>
</body>
</html>
"""


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the test server go straight to 127.0.0.1, whatever the machine's proxy."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return tmp_path / "sources"


@pytest.fixture
def saved_page(tmp_path: Path) -> Path:
    path = tmp_path / "Fishermen return to Kunashir waters.html"
    path.write_text(news_page(), encoding="utf-8")
    return path


def run(
    *args: object, input: str | None = None, terminal: bool = False, mp: pytest.MonkeyPatch
) -> Result:
    """Run islandmap as a user does; *terminal*: as if typing at a terminal."""
    mp.setattr(adding, "stdin_is_terminal", lambda: terminal)
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def written(sources: Path) -> list[Path]:
    return sorted(sources.rglob("*")) if sources.exists() else []


# --- saved pages -----------------------------------------------------------------------


def test_saved_page_gives_the_article_its_metadata_and_comments(saved_page, sources, monkeypatch):
    result = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert written(sources) == [sources / FILE_NAME]
    article = read_source(sources / FILE_NAME)
    assert article.title == "Fishermen return to Kunashir waters"
    assert article.publisher == "The Nemuro Courier"
    assert article.url == CANONICAL
    assert article.date == "2024-05-14"
    assert article.authors == ("Aiko Tanaka",)
    assert article.language == "en"
    assert article.extra["received_as"] == saved_page.name
    assert [p.text for p in article.passages if p.section == "article"] == PARAGRAPHS
    assert [p.text for p in article.passages if p.section == "comments"] == COMMENTS
    text = (sources / FILE_NAME).read_text(encoding="utf-8")
    for furniture in FURNITURE:
        assert furniture not in text


def test_shows_what_it_found_before_writing(saved_page, sources, monkeypatch):
    result = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.stdout.splitlines() == [
        f"From {saved_page} (saved web page):",
        "  title:      Fishermen return to Kunashir waters",
        "  publisher:  The Nemuro Courier",
        "  date:       2024-05-14",
        "  authors:    Aiko Tanaka",
        f"  url:        {CANONICAL}",
        "  language:   en",
        "  text:       5 paragraphs, 2 reader comments",
        "  islands:    iturup (Etorofu, Iturup) in 2 paragraphs",
        "              kunashir (Kunashiri, Kunashir) in 3 paragraphs",
        "              shikotan (Shikotan) in 2 paragraphs",
        "              habomai (Habomai) in 1 paragraph",
        "  group:      Northern Territories in 1 paragraph",
        f"  file:       {(sources / FILE_NAME).as_posix()}",
        f"Wrote {(sources / FILE_NAME).as_posix()}",
    ]
    assert result.stderr == ""


def test_options_override_what_the_page_says(saved_page, sources, monkeypatch):
    result = run(
        "add", saved_page, "--sources", sources, "--yes",
        "--publisher", "Nemuro Courier (evening edition)", "--date", "2024-05-15",
        mp=monkeypatch,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    article = read_source(sources / "2024-05-15-fishermen-return-to-kunashir-waters.md")
    assert (article.publisher, article.date) == ("Nemuro Courier (evening edition)", "2024-05-15")


def test_a_bad_date_option_says_how_to_write_it(saved_page, sources, monkeypatch):
    result = run(
        "add", saved_page, "--sources", sources, "--yes", "--date", "May 15", mp=monkeypatch
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --date: date 'May 15' is not a date. Write it as YYYY-MM-DD "
        "(or YYYY-MM, or YYYY when only the year is known)\n"
    )
    assert written(sources) == []


def test_an_empty_title_is_refused_and_asked_again(tmp_path, sources, monkeypatch):
    typed = tmp_path / "kelp.md"
    typed.write_text(PARAGRAPHS[0] + "\n")  # no front matter, no "# Title" line
    result = run("add", typed, "--sources", sources, "--yes", "--title", " ", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == "Error: --title: the title is empty. Give the article's headline\n"
    answers = " \nKelp\n\n\n\ny\n"  # a blank title, then one; no publisher, date, url
    result = run("add", typed, "--sources", sources, input=answers, terminal=True, mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Error: the title is empty. Give the article's headline\nTitle (the headline): Kelp" in (
        result.stdout
    )
    assert [p.text for p in read_source(sources / "undated-kelp.md").passages] == PARAGRAPHS[:1]


def test_page_in_russian_gets_a_file_name_in_its_own_letters(tmp_path, sources, monkeypatch):
    page = tmp_path / "page.html"
    title = "Рыбаки вернулись к Кунаширу"
    paragraphs = [
        "Рыболовные суда из Немуро вышли во вторник к берегам Кунашира впервые с прошлого года.",
        "Японская сторона называет острова Северными территориями и по-прежнему считает их своими.",
    ]
    page.write_text(news_page(paragraphs, title, None, "ru"), encoding="utf-8")
    result = run("add", page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    path = sources / "2024-05-14-рыбаки-вернулись-к-кунаширу.md"
    article = read_source(path)
    assert (article.title, article.language, article.url) == (title, "ru", "")
    assert [p.text for p in article.passages if p.section == "article"] == paragraphs
    assert "              kunashir (Кунашира, Kunashir) in 2 paragraphs" in result.stdout


def test_page_naming_no_island_is_added_with_a_warning(tmp_path, sources, monkeypatch):
    page = tmp_path / "page.html"
    paragraphs = [
        "The Sapporo snow festival broke its visitor record this year, the organisers said.",
        "More than two million people came to see the ice sculptures in Odori Park.",
    ]
    chat = ["Great photos!", "I went last year, it was very cold."]
    page.write_text(
        news_page(paragraphs, "Snow festival breaks record", None, comments=chat), encoding="utf-8"
    )
    result = run("add", page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "  islands:    none" in result.stdout
    assert result.stderr == (
        f"Warning: {page}: names none of the four islands, so no quote from it will be on "
        "the map. It is added all the same\n"
    )
    assert [p.name for p in written(sources)] == ["2024-05-14-snow-festival-breaks-record.md"]


@pytest.mark.parametrize(
    "content",
    [b"<html><body><nav><a href='/'>Home</a></nav></body></html>", b"", b"\x89PNG\r\n\x1a\n\x00"],
    ids=["navigation only", "empty", "an image saved as .html"],
)
def test_a_page_without_an_article_is_refused(content, tmp_path, sources, monkeypatch):
    page = tmp_path / "empty.html"
    page.write_bytes(content)
    result = run("add", page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {page}: no article text found on the page.")
    assert written(sources) == []


# --- confirmation ----------------------------------------------------------------------


def test_asks_before_writing_and_writes_on_yes(saved_page, sources, monkeypatch):
    result = run(
        "add", saved_page, "--sources", sources, input="y\n", terminal=True, mp=monkeypatch
    )
    assert result.exit_code == 0, result.output
    assert f"Add it as {(sources / FILE_NAME).as_posix()}? [Y/n]: y" in result.stdout
    assert written(sources) == [sources / FILE_NAME]


def test_answering_no_writes_nothing(saved_page, sources, monkeypatch):
    result = run(
        "add", saved_page, "--sources", sources, input="n\n", terminal=True, mp=monkeypatch
    )
    assert result.exit_code == 1
    assert result.stderr == "Error: not added; nothing was written\n"
    assert written(sources) == []


def test_without_a_terminal_it_refuses_instead_of_waiting(saved_page, sources, monkeypatch):
    result = run("add", saved_page, "--sources", sources, mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {saved_page}: cannot ask for confirmation: input is not a terminal. "
        "Add --yes to add it without asking, or run the command in a terminal\n"
    )
    assert written(sources) == []


# --- never twice, never over a file ----------------------------------------------------


def test_the_same_page_twice_names_the_file_that_holds_it(saved_page, sources, monkeypatch):
    assert run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch).exit_code == 0
    before = (sources / FILE_NAME).read_bytes()
    again = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: {saved_page}: is already in the sources: {(sources / FILE_NAME).as_posix()} "
        "holds the same address. Nothing was written; edit that file to change it\n"
    )
    assert written(sources) == [sources / FILE_NAME]
    assert (sources / FILE_NAME).read_bytes() == before


def test_the_same_text_under_another_address_is_a_duplicate(
    saved_page, tmp_path, sources, monkeypatch
):
    assert run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch).exit_code == 0
    mirror = tmp_path / "mirror.html"
    mirror.write_text(news_page(canonical="https://mirror.example.org/kelp"), encoding="utf-8")
    result = run("add", mirror, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert f"{(sources / FILE_NAME).as_posix()} holds the same text." in result.stderr
    # The same text typed up as a .txt file, split into paragraphs differently.
    typed = tmp_path / "typed.txt"
    typed.write_text("Fishermen return\n\n" + " ".join(PARAGRAPHS) + "\n", encoding="utf-8")
    result = run("add", typed, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert "holds the same text." in result.stderr
    assert written(sources) == [sources / FILE_NAME]


def test_an_existing_file_of_the_same_name_is_never_overwritten(saved_page, sources, monkeypatch):
    sources.mkdir()
    other = sources / FILE_NAME
    other.write_text("---\ntitle: Another article, same headline\n---\n\nOther text.\n")
    result = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert other.read_text() == "---\ntitle: Another article, same headline\n---\n\nOther text.\n"
    new = sources / FILE_NAME.replace(".md", "-2.md")
    assert read_source(new).url == CANONICAL
    assert set(written(sources)) == {other, new}  # and no temporary file left behind


# --- web addresses ---------------------------------------------------------------------


@dataclass
class Server:
    base: str
    pages: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # Content-Type, if not HTML
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    """A web server on 127.0.0.1 for this test only; stopped when the test ends."""
    state = Server("")

    class Handler(http.server.BaseHTTPRequestHandler):
        timeout = 5  # a stuck client cannot hold the server

        def do_GET(self) -> None:
            state.requests.append(self.path)
            if self.path in state.redirects:
                self.send_response(301)
                self.send_header("Location", state.redirects[self.path])
                self.end_headers()
                return
            if self.path not in state.pages:
                self.send_error(404, "Not Found")
                return
            body = state.pages[self.path].encode("utf-8")
            self.send_response(200)
            content_type = state.types.get(self.path, "text/html; charset=utf-8")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_web_address_is_fetched_and_extracted(server, sources, monkeypatch):
    server.pages["/news/kunashir"] = news_page()
    result = run(
        "add", f"{server.base}/news/kunashir", "--sources", sources, "--yes", mp=monkeypatch
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Fetching {server.base}/news/kunashir (waiting up to 20 s)\n"
    article = read_source(sources / FILE_NAME)
    assert article.url == CANONICAL  # the page's canonical address, not the one typed
    assert article.extra["retrieved"] == date.today().isoformat()
    assert [p.text for p in article.passages if p.section == "article"] == PARAGRAPHS
    assert [p.text for p in article.passages if p.section == "comments"] == COMMENTS
    assert server.requests == ["/news/kunashir"]


def test_xhtml_with_an_encoding_declaration(server, sources, monkeypatch):
    server.pages["/a.xhtml"] = '<?xml version="1.0" encoding="utf-8"?>\n' + news_page()
    server.types["/a.xhtml"] = "application/xhtml+xml; charset=utf-8"
    result = run("add", f"{server.base}/a.xhtml", "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    article = read_source(sources / FILE_NAME)
    assert (article.language, article.date) == ("en", "2024-05-14")
    assert [p.text for p in article.passages if p.section == "article"] == PARAGRAPHS


def test_an_address_with_cyrillic_letters_as_copied_from_the_address_bar(
    server, sources, monkeypatch
):
    server.pages["/%D0%BA%D1%83%D1%80%D0%B8%D0%BB%D1%8B"] = news_page(canonical=None)
    result = run("add", f"{server.base}/курилы", "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert server.requests == ["/%D0%BA%D1%83%D1%80%D0%B8%D0%BB%D1%8B"]
    # Added again under its percent-encoded address: the same page.
    again = run(
        "add", f"{server.base}/%D0%BA%D1%83%D1%80%D0%B8%D0%BB%D1%8B", "--sources", sources,
        "--yes", mp=monkeypatch,
    )  # fmt: skip
    assert again.exit_code == 1
    assert "holds the same address." in again.stderr


def test_without_a_canonical_link_the_address_after_redirects_is_kept(server, sources, monkeypatch):
    server.pages["/2024/kelp"] = news_page(canonical=None)
    server.redirects["/kelp"] = "/2024/kelp"
    result = run("add", f"{server.base}/kelp", "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert read_source(sources / FILE_NAME).url == f"{server.base}/2024/kelp"
    # The same page again, by the address it was saved under: a duplicate.
    again = run("add", f"{server.base}/2024/kelp", "--sources", sources, "--yes", mp=monkeypatch)
    assert again.exit_code == 1
    assert "holds the same address." in again.stderr


def test_a_fetched_page_already_added_from_a_saved_copy_is_refused(
    saved_page, server, sources, monkeypatch
):
    assert run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch).exit_code == 0
    server.pages["/news/kunashir?utm_source=mail"] = news_page()
    address = f"{server.base}/news/kunashir?utm_source=mail"
    result = run("add", address, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert "holds the same address." in result.stderr


def test_a_missing_page_says_what_the_server_answered(server, sources, monkeypatch):
    result = run("add", f"{server.base}/gone", "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: {server.base}/gone: the server answered 404 Not Found. Check the address"
    )
    assert not sources.exists()


def test_a_pdf_is_not_a_web_page(server, sources, monkeypatch):
    server.pages["/report.pdf"] = "%PDF-1.4"
    server.types["/report.pdf"] = "application/pdf"
    result = run("add", f"{server.base}/report.pdf", "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert "is not a web page (the server sent application/pdf)." in result.stderr
    assert not sources.exists()


def test_nothing_listening_is_a_clear_error(sources, monkeypatch):
    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(
        "add", f"http://127.0.0.1:{port}/a", "--sources", sources, "--yes", "--timeout", "2",
        mp=monkeypatch,
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: http://127.0.0.1:{port}/a: 127.0.0.1 refused the connection. "
        "Check the address, or try again later"
    )
    assert not sources.exists()


def test_a_server_that_never_answers_times_out(sources, monkeypatch):
    with socket.socket() as silent:  # accepts connections (the backlog) and says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        address = f"http://127.0.0.1:{silent.getsockname()[1]}/slow"
        result = run(
            "add", address, "--sources", sources, "--yes", "--timeout", "0.3", mp=monkeypatch
        )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {address}: no answer from 127.0.0.1 within 0.3 seconds. Check the network "
        "connection and try again, or allow longer with --timeout"
    )
    assert not sources.exists()


def test_offline_says_so(sources, monkeypatch):
    def no_network(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    result = run(
        "add", "https://news.example.com/kunashir", "--sources", sources, "--yes", mp=monkeypatch
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: https://news.example.com/kunashir: cannot find the server news.example.com: "
        "this computer seems to be offline, or the address is wrong. Check the network "
        "connection and the address"
    )
    assert not sources.exists()


@pytest.mark.parametrize(
    "address",
    ["ftp://example.com/article.html", "file:///etc/passwd", "javascript:alert(1)", "gopher://x"],
)
def test_only_http_and_https_addresses(address, sources, monkeypatch):
    result = run("add", address, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {address}: is not a web address islandmap can fetch: only http:// and "
        "https:// addresses are. Give the article's web address, or save the page and give "
        "the saved file\n"
    )
    assert not sources.exists()


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("http://", "has no server name. Give the full address, as https://…"),
        ("https://exa mple.com:99999/", "is not a valid web address. Check it for typing errors"),
    ],
)
def test_a_malformed_address_is_refused(address, problem, sources, monkeypatch):
    result = run("add", address, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {address}: {problem}\n"


def test_a_file_that_is_not_there(tmp_path, sources, monkeypatch):
    result = run("add", "www.example.com/kelp", "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: www.example.com/kelp: file not found. Check the name and folder. "
        "For a web address, start it with https://\n"
    )


# --- text files ------------------------------------------------------------------------


def test_txt_file_is_normalised_with_options_as_metadata(tmp_path, sources, monkeypatch):
    typed = tmp_path / "kelp.txt"
    typed.write_text("Fishermen return to Kunashir waters\n\n" + "\n\n".join(PARAGRAPHS) + "\n")
    result = run(
        "add", typed, "--sources", sources, "--yes", "--publisher", "The Nemuro Courier",
        "--date", "2024-05", "--url", CANONICAL, mp=monkeypatch,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = sources / "2024-05-fishermen-return-to-kunashir-waters.md"
    article = read_source(path)
    assert (article.title, article.publisher, article.date, article.url) == (
        "Fishermen return to Kunashir waters", "The Nemuro Courier", "2024-05", CANONICAL,
    )  # fmt: skip
    assert [p.text for p in article.passages] == PARAGRAPHS
    assert article.extra == {"received_as": "kelp.txt"}
    assert path.read_text(encoding="utf-8").startswith(
        "---\ntitle: Fishermen return to Kunashir waters\npublisher: The Nemuro Courier\n"
        f"url: {CANONICAL}\ndate: 2024-05\nreceived_as: kelp.txt\n---\n\nFishing boats"
    )


def test_txt_with_title_option_keeps_every_line_as_text(tmp_path, sources, monkeypatch):
    typed = tmp_path / "pasted.txt"
    typed.write_text("\n".join(PARAGRAPHS[:3]) + "\n")  # one paragraph a line
    result = run(
        "add", typed, "--sources", sources, "--yes", "--title", "Kelp season", mp=monkeypatch
    )
    assert result.exit_code == 0, result.output
    article = read_source(sources / "undated-kelp-season.md")
    assert article.title == "Kelp season"
    assert [p.text for p in article.passages] == PARAGRAPHS[:3]


def test_txt_asks_for_missing_metadata(tmp_path, sources, monkeypatch):
    typed = tmp_path / "kelp.txt"
    typed.write_text("Fishermen return\n\n" + PARAGRAPHS[0] + "\n")
    answers = "Nemuro Courier\nlast Tuesday\n2024-05-14\n\ny\n"
    result = run("add", typed, "--sources", sources, input=answers, terminal=True, mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "Error: date 'last Tuesday' is not a date." in result.stdout  # and asked again
    article = read_source(sources / "2024-05-14-fishermen-return.md")
    assert (article.publisher, article.date, article.url) == ("Nemuro Courier", "2024-05-14", "")


def test_md_without_front_matter_takes_its_heading_as_title(tmp_path, sources, monkeypatch):
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Fishermen return\n\n" + PARAGRAPHS[0] + "\n\n## Reader comments\n\n" + COMMENTS[0]
    )
    result = run("add", draft, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    article = read_source(sources / "undated-fishermen-return.md")
    assert article.title == "Fishermen return"
    assert [(p.section, p.text) for p in article.passages] == [
        ("article", PARAGRAPHS[0]),
        ("comments", COMMENTS[0]),
    ]


def test_md_front_matter_is_kept_and_a_missing_title_asked_for(tmp_path, sources, monkeypatch):
    draft = tmp_path / "draft.md"
    draft.write_text(
        "---\npublisher: The Nemuro Courier\ndate: 2024-05-14\nauthors: [Aiko Tanaka]\n"
        "agency: Kyodo\n---\n\n" + PARAGRAPHS[0] + "\n"
    )
    refused = run("add", draft, "--sources", sources, "--yes", mp=monkeypatch)
    assert refused.exit_code == 1
    assert refused.stderr == (
        f'Error: {draft}: has no title. Give the article\'s headline with --title "…"\n'
    )
    answers = "Boats set out for Kunashiri\n\n\ny\n"  # title; url: none; yes
    result = run("add", draft, "--sources", sources, input=answers, terminal=True, mp=monkeypatch)
    assert result.exit_code == 0, result.output
    article = read_source(sources / "2024-05-14-boats-set-out-for-kunashiri.md")
    assert (article.title, article.publisher, article.authors) == (
        "Boats set out for Kunashiri", "The Nemuro Courier", ("Aiko Tanaka",),
    )  # fmt: skip
    assert article.extra == {"agency": "Kyodo", "received_as": "draft.md"}


def test_other_kinds_of_file_are_refused(tmp_path, sources, monkeypatch):
    pdf = tmp_path / "article.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = run("add", pdf, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {pdf}: is not a web page (.html), a text file")


# --- what is written reads back as written ---------------------------------------------


HOSTILE_PARAGRAPHS = [
    "# 1 in the polls: Kunashir",
    "## Reader comments",
    "---",
    "...",
    "title: not front matter",
    "Line one\n   \n## Not a heading on line two\n\t",
    "Carriage\rreturn and form\x0cfeed and a NUL\x00 byte",
    "######",
]


def test_text_that_looks_like_markdown_or_yaml_stays_text(tmp_path, sources):
    draft = adding.Draft(
        origin="hostile.html",
        kind="saved web page",
        title="Kunashir: '#1' \"quoted\" --- \n...\nnext line",
        publisher="- a list? no",
        date="2024-05-14",
        authors=("O'Brien, Pat", "null", "~"),
        blocks=(
            *(Block("paragraph", p) for p in HOSTILE_PARAGRAPHS),
            Block("heading", "Comments"),
            Block("heading", "Background"),
            Block("paragraph", "After."),
        ),
        comments=("--- first", "# second"),
    )
    prepared = adding.prepare(draft, sources)
    path = adding.write_source(prepared)
    article = read_source(path)
    assert article.title == "Kunashir: '#1' \"quoted\" --- ... next line"
    assert article.publisher == "- a list? no"
    assert article.authors == ("O'Brien, Pat", "null", "~")
    assert [p.text for p in article.passages if p.section == "article"] == [
        "# 1 in the polls: Kunashir",
        "## Reader comments",
        "title: not front matter",
        "Line one\n## Not a heading on line two",
        "Carriage\nreturn and form feed and a NUL byte",
        "After.",
    ]
    assert [p.text for p in article.passages if p.section == "comments"] == [
        "--- first",
        "# second",
    ]
    assert "## Background" in path.read_text(encoding="utf-8")


# Any text, and text that starts like Markdown or YAML structure.
MARKDOWNISH = st.one_of(
    st.text(),
    st.builds(
        str.__add__,
        st.sampled_from(["#", "# ", "## ", "###### ", "## Reader comments\n", "---\n", "...\n"]),
        st.text(),
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(min_size=1).filter(lambda t: any(c.isalnum() for c in t)),
    paragraphs=st.lists(MARKDOWNISH, max_size=6),
    comments=st.lists(MARKDOWNISH, max_size=3),
    publisher=st.text(max_size=30),
)
def test_any_text_reads_back_as_written(title, paragraphs, comments, publisher):
    draft = adding.Draft(
        origin="any",
        kind="saved web page",
        title=title,
        publisher=publisher,
        blocks=tuple(Block("paragraph", p) for p in paragraphs),
        comments=tuple(comments),
    )
    text = adding.source_text(draft)
    article = parse_markdown(text, "any.md")
    kept = [adding._as_read(w) for p in paragraphs if (w := adding.written_paragraph(p))]
    assert [p.text for p in article.passages if p.section == "article"] == kept
    kept_comments = [adding._as_read(w) for c in comments if (w := adding.written_paragraph(c))]
    assert [p.text for p in article.passages if p.section == "comments"] == kept_comments
    assert article.title == " ".join(adding._clean(title).split())
    assert article.publisher == " ".join(adding._clean(publisher).split())
    originals = [p for p in paragraphs if adding.written_paragraph(p)]
    for written_text, original in zip(kept, originals, strict=True):
        # Only spacing at line ends, blank lines and control characters change.
        squeezed, expected = "".join(written_text.split()), "".join(adding._clean(original).split())
        assert squeezed == expected


def test_help_does_not_load_the_extraction_libraries():
    code = "import sys, islandmap.cli; print('trafilatura' in sys.modules, 'lxml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_a_txt_source_of_the_same_name_counts_as_taken(saved_page, sources, monkeypatch):
    sources.mkdir()
    other = sources / FILE_NAME.replace(".md", ".TXT")
    other.write_text("Another article\n\nOther text.\n")
    result = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert (sources / FILE_NAME.replace(".md", "-2.md")).exists()
    assert len(load_sources(sources)) == 2  # the loader sees two sources, not a clash


def test_the_readme_shows_what_add_prints(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ islandmap add fishermen-return-to-kunashir.html\n")
    shown = readme[start : readme.index("$ islandmap render\n", start)].splitlines()[1:]
    (tmp_path / "sources").mkdir()
    for seed in (ROOT / "sources").glob("*.md"):
        (tmp_path / "sources" / seed.name).write_bytes(seed.read_bytes())
    page = ROOT / "tests" / "data" / "add" / "fishermen-return-to-kunashir.html"
    (tmp_path / page.name).write_bytes(page.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = run("add", page.name, input="y\n", terminal=True, mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == shown


JA_FIRST = (
    "根室の漁船団が１日、国後島周辺の海域に向けて出港した。昨年から中断していた昆布漁が再開される。"
)
JA_SECOND = "政府関係者は「北方領土問題に関する日本の立場は変わらない」と述べた。"
JA_SECOND_LINE_TWO = "択捉島、色丹島、歯舞群島についても同様だという。"
JA_COMMENT = "やっと再開ですね。色丹島の近くでも漁ができるといいのですが。"
JAPANESE_BLOG = f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>国後島で漁業再開 – 根室新聞</title><meta property="og:site_name" content="根室新聞">
<meta property="article:published_time" content="2024-06-01T09:00:00+09:00"></head>
<body><div id="masthead"><ul class="menu"><li><a href="/">ホーム</a></li></ul></div>
<article class="post"><header class="entry-header"><h1 class="entry-title">国後島で漁業再開</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2024-06-01T09:00:00+09:00">
2024年6月1日</time> <span class="byline">田中愛子</span></div></header>
<div class="entry-content">
<p>{JA_FIRST}</p>
<p>{JA_SECOND}<br>{JA_SECOND_LINE_TWO}</p>
<h2>今後の見通し</h2>
<ul><li>漁期は９月末まで続く予定である。</li><li>約６０隻が参加する見込みだ。</li></ul>
<div class="sharedaddy"><h3>共有:</h3><a>Twitter</a><a>Facebook</a></div>
</div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">2件のフィードバック</h2>
<ol class="comment-list">
<li class="comment"><article class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">yamada</b> <span class="says">より:</span></div>
<div class="comment-metadata"><time datetime="2024-06-02">2024年6月2日 10:00</time></div></footer>
<div class="comment-content"><p>{JA_COMMENT}</p></div>
<div class="reply"><a class="comment-reply-link">返信</a></div></article></li>
<li class="comment"><article class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">suzuki</b></div>
<div class="comment-metadata"><time datetime="2024-06-02">2024年6月2日 11:00</time></div></footer>
<p class="user-comment-text">よかった。</p>
<div class="reply"><a class="comment-reply-link">返信</a></div></article></li>
</ol><div id="respond"><h3>コメントを残す</h3><form><textarea></textarea></form></div></div>
<aside id="secondary"><h2>最近の投稿</h2><ul><li><a>択捉島の新空港</a></li></ul></aside>
<footer id="colophon">© 根室新聞</footer></body></html>"""


def test_a_blog_page_in_japanese_keeps_line_breaks_lists_and_subheadings():
    from islandmap.extract import extract_page

    page = extract_page(JAPANESE_BLOG)
    assert page is not None
    assert (page.title, page.publisher, page.date, page.authors, page.language, page.url) == (
        "国後島で漁業再開", "根室新聞", "2024-06-01", ("田中愛子",), "ja", "",
    )  # fmt: skip
    assert page.blocks == (
        Block("paragraph", JA_FIRST),
        Block("paragraph", f"{JA_SECOND}\n{JA_SECOND_LINE_TWO}"),
        Block("heading", "今後の見通し"),
        Block("paragraph", "漁期は９月末まで続く予定である。"),
        Block("paragraph", "約６０隻が参加する見込みだ。"),
    )  # fmt: skip
    # The commenters' names, the dates and "reply" are not comments; a short comment is.
    assert page.comments == (JA_COMMENT, "よかった。")


def test_a_broken_source_is_named_with_why_add_read_it(saved_page, sources, monkeypatch):
    sources.mkdir()
    (sources / "old.md").write_text("---\ntitle: Old\ndate: yesterday\n---\n\nText.\n")
    result = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {sources / 'old.md'}: date 'yesterday' is not a date. Write it as YYYY-MM-DD "
        "(or YYYY-MM, or YYYY when only the year is known). (islandmap add reads every source "
        "to check that the article is not there already; fix this one first. Nothing was "
        "written)\n"
    )
    assert written(sources) == [sources / "old.md"]


def test_a_full_disk_leaves_nothing_behind(saved_page, sources, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {sources / FILE_NAME}: cannot be written (No space left on device). Check "
        "that the folder is writable and the disk is not full; nothing was written"
    )
    assert written(sources) == []  # not even the temporary file


def test_without_hard_links_the_file_is_renamed_into_place(saved_page, sources, monkeypatch):
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # as on a FAT USB stick

    monkeypatch.setattr(os, "link", no_links)
    result = run("add", saved_page, "--sources", sources, "--yes", mp=monkeypatch)
    assert result.exit_code == 0, result.output
    assert written(sources) == [sources / FILE_NAME]
    assert read_source(sources / FILE_NAME).url == CANONICAL
