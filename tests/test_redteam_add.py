"""Red team: `islandmap add` against misbehaving servers (all on 127.0.0.1, run here) and
hostile files. Nothing here sends traffic to any address but loopback: a guard on every
socket connection fails the test first. Each case ends in one `Error:` line, in bounded
time and memory, with nothing written; or, for concurrent runs, in one file."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_add import CANONICAL, news_page

from islandmap import add as adding
from islandmap import fetch
from islandmap.cli import cli
from islandmap.errors import IslandmapError
from islandmap.sources import MAX_SOURCE_BYTES, read_source

LOOPBACK = ("127.0.0.1", "::1")
# Ends a test that hangs; no test here comes near it.
GUARD_SECONDS = 60


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every connection islandmap opens is recorded; one to any address but loopback fails
    the test before a packet is sent. No proxy: requests go straight to 127.0.0.1."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    connected: list[tuple[str, int]] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        if isinstance(address, tuple):
            host = str(address[0])
            assert host in LOOPBACK, f"a connection to {host} was attempted"
            connected.append((host, int(address[1])))
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(adding, "stdin_is_terminal", lambda: False)
    return connected


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return tmp_path / "sources"


def add(*args: object, timeout: float | None = None):
    """`islandmap add … --yes`, run under an outer guard so that a hang fails the test."""
    argv = ["add", *map(str, args), "--yes"]
    if timeout is not None:
        argv += ["--timeout", str(timeout)]
    results = []
    worker = threading.Thread(
        target=lambda: results.append(CliRunner().invoke(cli, argv)), daemon=True
    )
    worker.start()
    worker.join(GUARD_SECONDS)
    assert not worker.is_alive(), "islandmap add did not end"
    return results[0]


def one_error(result, origin: str) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    lines = [x for x in lines if not x.startswith(("Fetching ", "Warning: "))]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {origin}: "), lines[0]
    return lines[0].removeprefix(f"Error: {origin}: ")


# --- misbehaving servers -------------------------------------------------------------------


class RawServer:
    """A TCP server on 127.0.0.1 whose every connection is handled by *respond(socket)*."""

    def __init__(self, respond: Callable[[socket.socket, RawServer], None]) -> None:
        self.respond = respond
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            client.settimeout(5)
            try:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = client.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                self.path = request.split(b" ")[1].decode()
                self.respond(client, self)
            except OSError:
                pass  # the client hung up: that is what the tests want of it

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def serve() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(respond: Callable[[socket.socket, RawServer], None]) -> RawServer:
        servers.append(RawServer(respond))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def answer(status: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode() + body


def page(client: socket.socket, server: RawServer) -> None:
    body = news_page().encode()
    client.sendall(
        answer(
            "200 OK",
            {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))},
            body,
        )
    )


def redirect_to(location: str) -> Callable[[socket.socket, RawServer], None]:
    def respond(client: socket.socket, server: RawServer) -> None:
        target = location.format(base=server.base, port=server.port, path=server.path)
        client.sendall(answer("302 Found", {"Location": target, "Content-Length": "0"}))

    return respond


def slow_headers(client: socket.socket, server: RawServer) -> None:
    """A status line, then a header line every 0.2 s, for ever."""
    client.sendall(b"HTTP/1.1 200 OK\r\n")
    for number in range(10_000):
        if server.stopping.is_set():
            return
        client.sendall(f"X-Slow-{number}: still here\r\n".encode())
        time.sleep(0.2)


def trickle(client: socket.socket, server: RawServer) -> None:
    """A header line one byte at a time, a byte every 0.2 s, never finished."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Trickle: " + b"a" * 10_000:
        if server.stopping.is_set():
            return
        client.sendall(bytes([byte]))
        time.sleep(0.2)


def slow_body(client: socket.socket, server: RawServer) -> None:
    client.sendall(answer("200 OK", {"Content-Type": "text/html"}))
    for _ in range(10_000):
        if server.stopping.is_set():
            return
        client.sendall(b"<p>Kunashir</p>")
        time.sleep(0.1)


@pytest.mark.parametrize("respond", [slow_headers, trickle, slow_body])
def test_a_slow_server_cannot_stretch_the_deadline(respond, serve, sources):
    server = serve(respond)
    address = f"{server.base}/article"
    message = one_error(add(address, "--sources", sources, timeout=1), address)
    assert message == (
        "no answer from 127.0.0.1 within 1 seconds. Check the network connection and try "
        "again, or allow longer with --timeout"
    )
    assert not sources.exists()


def test_a_page_said_to_be_too_large_is_refused_before_reading(serve, sources):
    def huge(client: socket.socket, server: RawServer) -> None:
        client.sendall(
            answer("200 OK", {"Content-Type": "text/html", "Content-Length": "50000000"})
        )
        time.sleep(2)  # sends nothing of it: refused on the header alone

    server = serve(huge)
    address = f"{server.base}/big"
    message = one_error(add(address, "--sources", sources), address)
    assert message.startswith("is larger than 10 MB, too large for one article.")


def test_a_page_larger_than_it_says_is_cut_off_at_the_limit(serve, sources):
    def endless(client: socket.socket, server: RawServer) -> None:
        client.sendall(answer("200 OK", {"Content-Type": "text/html"}))
        block = b"<p>" + b"Kunashir " * 7000 + b"</p>"
        for _ in range(2000):  # 126 MB if it were all read
            client.sendall(block)

    server = serve(endless)
    address = f"{server.base}/endless"
    message = one_error(add(address, "--sources", sources), address)
    assert message.startswith("is larger than 10 MB")


def test_a_redirect_to_ftp_opens_no_connection(serve, sources, loopback_only):
    ftp = socket.create_server(("127.0.0.1", 0))  # would see a connection if one were made
    ftp.settimeout(0.2)
    server = serve(redirect_to(f"ftp://127.0.0.1:{ftp.getsockname()[1]}/article.html"))
    address = f"{server.base}/article"
    message = one_error(add(address, "--sources", sources), address)
    assert message.startswith(
        f"redirects to ftp://127.0.0.1:{ftp.getsockname()[1]}/article.html, which is not an "
        "http:// or https:// address; islandmap fetches only those."
    )
    with pytest.raises(TimeoutError):
        ftp.accept()
    ftp.close()
    assert loopback_only == [("127.0.0.1", server.port)]


@pytest.mark.parametrize(
    "target",
    [
        "http://10.20.30.40/admin",
        "http://192.168.1.1:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_a_redirect_into_the_local_network_is_refused_before_connecting(
    target, serve, sources, loopback_only
):
    server = serve(redirect_to(target))
    address = f"{server.base}/article"
    message = one_error(add(address, "--sources", sources), address)
    assert message.startswith(f"redirects to {target}, an address on this computer or the local")
    assert loopback_only == [("127.0.0.1", server.port)]  # the page asked, and nothing else


def stub_resolver(monkeypatch: pytest.MonkeyPatch, names: dict[str, str]) -> None:
    """Names resolve as *names* says (and any other name fails, as offline)."""

    def resolve(host: str, port: int) -> list:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (names[host], port))]

    monkeypatch.setattr(fetch, "_resolve", resolve)


def test_a_site_redirecting_to_a_name_that_resolves_inside_is_refused(
    serve, sources, monkeypatch, loopback_only
):
    """news.example (played by the local server) redirects to a name that resolves to the
    cloud metadata address: refused on the resolved address, before any connection."""
    stub_resolver(monkeypatch, {"news.example": "127.0.0.1", "metadata.example": "169.254.169.254"})
    server = serve(redirect_to("http://metadata.example/latest/meta-data/"))
    address = f"http://news.example:{server.port}/article"
    message = one_error(add(address, "--sources", sources), address)
    assert "(169.254.169.254)" in message
    assert loopback_only == [("127.0.0.1", server.port)]


def test_a_site_redirecting_to_another_loopback_address_is_refused(
    serve, sources, monkeypatch, loopback_only
):
    stub_resolver(monkeypatch, {"news.example": "127.0.0.1", "intranet.example": "127.0.0.2"})
    server = serve(redirect_to("http://intranet.example:{port}/secret"))
    address = f"http://news.example:{server.port}/article"
    message = one_error(add(address, "--sources", sources), address)
    assert "an address on this computer or the local network (127.0.0.2)" in message
    assert loopback_only == [("127.0.0.1", server.port)]


def test_a_redirect_on_the_server_the_user_named_is_followed(serve, sources, loopback_only):
    def respond(client: socket.socket, server: RawServer) -> None:
        if server.path == "/old":
            redirect_to("{base}/article")(client, server)
        else:
            page(client, server)

    server = serve(respond)
    result = add(f"{server.base}/old", "--sources", sources)
    assert result.exit_code == 0, result.output
    assert [a for a, _ in loopback_only] == ["127.0.0.1", "127.0.0.1"]


def test_a_redirect_loop_is_one_line(serve, sources):
    def respond(client: socket.socket, server: RawServer) -> None:
        other = "/b" if server.path == "/a" else "/a"
        redirect_to("{base}" + other)(client, server)

    server = serve(respond)
    address = f"{server.base}/a"
    message = one_error(add(address, "--sources", sources), address)
    assert message.startswith(f"redirects in a loop (back to {server.base}/a).")


def test_endless_redirects_are_one_line(serve, sources):
    def respond(client: socket.socket, server: RawServer) -> None:
        number = int(server.path.strip("/") or 0)
        redirect_to("{base}/" + str(number + 1))(client, server)

    server = serve(respond)
    address = f"{server.base}/0"
    message = one_error(add(address, "--sources", sources), address)
    assert message.startswith("redirects more than 10 times.")
    assert server.connections == 11


@pytest.mark.parametrize(
    "address",
    [
        "https://user:password@news.example.com/kunashir",
        "https://user@news.example.com/kunashir",
        "http://:secret@127.0.0.1/a",
    ],
)
def test_an_address_with_a_user_and_password_has_its_own_message(address, sources):
    message = one_error(add(address, "--sources", sources), address)
    assert message.startswith(
        "holds a user name or password (user:password@…), and islandmap does not sign in"
    )


@pytest.mark.parametrize(
    "host",
    ["a" * 300 + ".example.com", "news..example.com", ".example.com", "x" * 64, "a_b c.com"],
)
def test_a_server_name_that_is_not_valid_is_one_line(host, sources, loopback_only):
    address = f"https://{host}/kunashir"
    message = one_error(add(address, "--sources", sources), address)
    assert "has a server name that is not valid" in message or "not a valid web address" in message
    assert loopback_only == []


# --- saved files ---------------------------------------------------------------------------


def test_a_50_mb_saved_page_is_refused_unread(tmp_path, sources, monkeypatch):
    saved = tmp_path / "huge.html"
    with saved.open("wb") as handle:
        handle.truncate(50 * 10**6)  # sparse: no 50 MB written, nothing to extract

    def no_extraction(*args, **kwargs):
        raise AssertionError("a 50 MB page was extracted")

    monkeypatch.setattr("islandmap.extract.extract_page", no_extraction)
    message = one_error(add(saved, "--sources", sources), str(saved))
    assert message.startswith("is 50.0 MB; a saved page may be at most 10 MB.")


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_a_saved_page_that_is_not_a_file_is_one_line(kind, tmp_path, sources):
    import os

    path = tmp_path / "page.html"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # reading it would wait for ever
    message = one_error(add(path, "--sources", sources), str(path))
    assert message.startswith("is a folder." if kind == "folder" else "is not a regular file")


def test_a_text_just_under_the_limit_is_not_written_over_it(tmp_path, sources):
    """9.98 MB of one-line paragraphs: each gets a blank line after it in the source file,
    which would take the file over the 10 MB that sources may hold."""
    text = tmp_path / "long.txt"
    line = "Fishing boats returned to Kunashir this week.\n"
    count = (MAX_SOURCE_BYTES - 20_000) // len(line)
    text.write_text("A long article\n" + line * count, encoding="utf-8")
    assert text.stat().st_size < MAX_SOURCE_BYTES
    message = one_error(add(text, "--sources", sources), str(text))
    assert message.startswith("would make a source file of 10.")
    assert "an article may be at most 10 MB" in message
    assert not sources.exists()


def test_what_add_writes_reads_back_within_the_limit(tmp_path, sources):
    text = tmp_path / "long.txt"
    line = "Fishing boats returned to Kunashir this week.\n"
    count = (MAX_SOURCE_BYTES // 40) // len(line)
    text.write_text("A long article\n" + line * count, encoding="utf-8")
    result = add(text, "--sources", sources)
    assert result.exit_code == 0, result.output
    [written] = sources.iterdir()
    assert written.stat().st_size <= MAX_SOURCE_BYTES
    assert read_source(written).title == "A long article"


# --- races and identity --------------------------------------------------------------------


def test_five_concurrent_adds_of_one_article_write_one_file(tmp_path, sources):
    saved = tmp_path / "page.html"
    saved.write_text(news_page(), encoding="utf-8")
    draft = adding.read_draft(str(saved))
    prepared = [adding.prepare(draft, sources) for _ in range(5)]  # all before any writes
    assert len({p.path for p in prepared}) == 1
    start = threading.Barrier(5)
    outcomes: list[object] = []

    def write(one: adding.Prepared) -> None:
        start.wait()
        try:
            outcomes.append(adding.write_source(one))
        except IslandmapError as error:
            outcomes.append(error)

    threads = [threading.Thread(target=write, args=(p,)) for p in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD_SECONDS)
    written = [o for o in outcomes if isinstance(o, Path)]
    refused = [o for o in outcomes if isinstance(o, IslandmapError)]
    assert len(written) == 1 and len(refused) == 4
    assert all("is already in the sources:" in str(e) for e in refused)
    assert [p.name for p in sources.iterdir()] == [written[0].name]


def test_five_concurrent_add_commands_write_one_file(tmp_path, sources):
    """The same, as five runs of the command started together."""
    import subprocess
    import sys

    saved = tmp_path / "page.html"
    saved.write_text(news_page(), encoding="utf-8")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "islandmap", "add", str(saved), "--sources", str(sources),
             "--yes"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        for _ in range(5)
    ]  # fmt: skip
    results = [(r.wait(GUARD_SECONDS * 2), r.stderr.read().decode()) for r in runs]  # type: ignore[union-attr]
    for run in runs:
        run.stdout.close()  # type: ignore[union-attr]
        run.stderr.close()  # type: ignore[union-attr]
    assert sorted(code for code, _ in results) == [0, 1, 1, 1, 1]
    assert sum("is already in the sources:" in err for _, err in results) == 4
    assert len(list(sources.iterdir())) == 1


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("http://news.example:8080/a", "http://news.example:9090/a", False),
        ("http://news.example:8080/a", "http://news.example/a", False),
        ("http://news.example:80/a", "https://www.news.example:443/a/", True),
        ("https://news.example/a", "http://news.example/a#top", True),
    ],
)
def test_article_identity_keeps_the_port(first, second, same):
    assert (adding._address_key(first) == adding._address_key(second)) is same


def test_two_sites_that_differ_only_by_port_are_two_articles(serve, sources):
    def other_article(client: socket.socket, server: RawServer) -> None:
        body = news_page(
            paragraphs=["Kelp boats left Nemuro for Shikotan on Monday, a week early."],
            canonical=None,
        ).encode()
        client.sendall(answer("200 OK", {"Content-Type": "text/html"}, body))

    def same_article_no_canonical(client: socket.socket, server: RawServer) -> None:
        body = news_page(canonical=None).encode()
        client.sendall(answer("200 OK", {"Content-Type": "text/html"}, body))

    one, two = serve(same_article_no_canonical), serve(other_article)
    assert add(f"{one.base}/news", "--sources", sources).exit_code == 0
    result = add(f"{two.base}/news", "--sources", sources)
    assert result.exit_code == 0, result.output
    assert len(list(sources.iterdir())) == 2
    assert CANONICAL  # the shared page builder's default link, not used by these two
