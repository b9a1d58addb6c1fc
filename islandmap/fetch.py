"""Download one web page: islandmap's only use of the network.

One exchange with the standard library, no retries, bounded in every way a server could
stretch it:

- a deadline on the whole exchange (name lookup, connecting, redirects, headers and body),
  which a server cannot extend by sending slowly: the exchange runs in a thread of its own
  and is cut off when the time is up;
- a size limit, checked against ``Content-Length`` before reading and while reading;
- only ``http`` and ``https``, at every redirect, checked before anything is connected;
- no redirect from a site into this computer or the local network: each redirect's target
  is resolved and its addresses checked before any connection (an address the user typed
  may still be local; a redirect may stay on the server the user named);
- at most :data:`MAX_REDIRECTS` redirects, and none back to an address already visited;
- no ``user:password@`` (islandmap does not sign in to sites).

Every problem is one :class:`FetchError` that says what went wrong.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from islandmap import __version__
from islandmap.errors import IslandmapError

DEFAULT_TIMEOUT = 20.0
MAX_PAGE_BYTES = 10 * 10**6
MAX_REDIRECTS = 10
USER_AGENT = f"islandmap/{__version__} (classroom map; one page, fetched on request)"
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class FetchError(IslandmapError):
    """A web page cannot be downloaded."""


@dataclass(frozen=True)
class Page:
    """A downloaded web page: the address it came from after redirects, and its HTML."""

    url: str
    html: str | bytes


def check_web_address(url: str) -> None:
    """Raise :class:`FetchError` unless *url* is an ``http://`` or ``https://`` address
    with a valid server name and no user name or password."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a malformed port)
    except ValueError:
        raise FetchError(url, "is not a valid web address. Check it for typing errors") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(
            url,
            "is not a web address islandmap can fetch: only http:// and https:// addresses "
            "are. Give the article's web address, or save the page and give the saved file",
        )
    if "@" in parts.netloc:
        raise FetchError(
            url,
            "holds a user name or password (user:password@…), and islandmap does not sign in "
            "to sites. Give the address without it, or save the page from a browser (signed "
            "in) and add the saved file",
        )
    if not parts.hostname:
        raise FetchError(url, "has no server name. Give the full address, as https://…")
    _check_host_name(url, parts.hostname)


def _check_host_name(url: str, host: str) -> None:
    """A server name must be an IP address or labels of 1 to 63 letters, digits or
    hyphens (253 characters in all), as DNS allows."""
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    try:
        name = _ascii_host(host)
    except UnicodeError:
        name = ""
    labels = name.removesuffix(".").split(".")
    if (
        not name
        or len(name) > 253
        or any(not 1 <= len(label) <= 63 for label in labels)
        or not all(c.isalnum() or c in "-_" for label in labels for c in label)
    ):
        shown = host if len(host) <= 60 else host[:60] + "…"
        raise FetchError(
            url,
            f"has a server name that is not valid ({shown!r}: each part between dots must be "
            "1 to 63 letters, digits or hyphens). Check the address",
        )


def _ascii_host(host: str) -> str:
    """The server name as DNS has it: IDNA for a name in Cyrillic or Japanese."""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        return host.encode("idna").decode("ascii")
    return host


def fetch_page(url: str, timeout: float = DEFAULT_TIMEOUT) -> Page:
    """Download the web page at *url* within *timeout* seconds, all told."""
    check_web_address(url)
    exchange = _Exchange(url, time.monotonic() + timeout, timeout)
    worker = threading.Thread(target=exchange.run, name="islandmap-fetch", daemon=True)
    worker.start()
    if not exchange.done.wait(timeout):
        exchange.abort()
        raise _network_error(TimeoutError(), url, timeout)
    if exchange.error is not None:
        raise exchange.error
    assert exchange.page is not None
    return exchange.page


@dataclass
class _Exchange:
    """The requests and redirects for one page, run in a thread of its own by
    :func:`fetch_page`, which cuts it off (:meth:`abort`) at the deadline."""

    url: str
    deadline: float
    timeout: float
    done: threading.Event = field(default_factory=threading.Event)
    page: Page | None = None
    error: FetchError | None = None
    _connection: http.client.HTTPConnection | None = None
    _aborted: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        try:
            self.page = self._fetch()
        except FetchError as error:
            self.error = error
        except (OSError, http.client.HTTPException, ValueError) as error:
            self.error = _network_error(error, self.url, self.timeout)
        finally:
            self._close()
            self.done.set()

    def abort(self) -> None:
        """Stop the exchange where it is: close its connection, whatever it waits for."""
        with self._lock:
            self._aborted = True
            connection = self._connection
        if connection is not None and connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    def _close(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0 or self._aborted:
            raise TimeoutError
        return left

    def _fetch(self) -> Page:
        current = self.url
        visited = [current]
        typed: set[str] | None = None  # the addresses of the server the user named
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            scheme = parts.scheme.lower()
            host = _ascii_host(parts.hostname or "")
            port = parts.port or _DEFAULT_PORTS[scheme]
            proxy = _proxy_for(scheme, host)
            addresses = _addresses(host, port, needed=proxy is None)
            if typed is None:
                typed = {a[4][0] for a in addresses}
            else:
                _check_redirect_target(self.url, current, addresses, typed)
            response = self._request(scheme, host, port, current, addresses, proxy)
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(
                        self.url,
                        f"the server answered {response.status} (a redirect) without saying "
                        "where to. Check the address in a browser",
                    )
                target = urljoin(current, location.strip())
                _check_redirect_scheme(self.url, target)
                if target in visited:
                    raise FetchError(
                        self.url,
                        f"redirects in a loop (back to {_short(target)}). Open it in a "
                        "browser; if the page shows there, save it and add the saved file",
                    )
                visited.append(target)
                current = target
                self._close()
                continue
            if response.status >= 400:
                raise FetchError(
                    self.url,
                    f"the server answered {response.status} {response.reason}. Check the "
                    "address in a browser; if the page opens there, save it (Save Page As…) "
                    "and add the saved .html file",
                )
            if response.status != 200:
                raise FetchError(
                    self.url,
                    f"the server answered {response.status} {response.reason}, not the page. "
                    "Check the address in a browser",
                )
            _check_content_type(self.url, response.headers)
            _check_length(self.url, response.headers)
            data = self._read(response)
            charset = response.headers.get_content_charset()
            if charset:
                try:
                    return Page(current, data.decode(charset, errors="replace"))
                except LookupError:
                    pass  # an unknown charset name: let the extractor detect the encoding
            return Page(current, data)
        raise FetchError(
            self.url,
            f"redirects more than {MAX_REDIRECTS} times. Open it in a browser; if the page "
            "shows there, save it and add the saved file",
        )

    def _request(
        self,
        scheme: str,
        host: str,
        port: int,
        url: str,
        addresses: list[Any],
        proxy: tuple[str, int] | None,
    ) -> http.client.HTTPResponse:
        timeout = self._remaining()
        connection: http.client.HTTPConnection
        target = proxy or (host, port)
        if scheme == "https":
            connection = http.client.HTTPSConnection(
                target[0], target[1], timeout=timeout, context=ssl.create_default_context()
            )
            if proxy:
                connection.set_tunnel(host, port)
        else:
            connection = http.client.HTTPConnection(target[0], target[1], timeout=timeout)
        if proxy is None:
            # Connect to the address that was checked, not to a second lookup's answer.
            connection._create_connection = _connector(addresses)  # type: ignore[attr-defined]
        with self._lock:
            if self._aborted:
                raise TimeoutError
            self._connection = connection
        path = url if proxy and scheme == "http" else _request_target(url)
        connection.request(
            "GET",
            path,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
        )
        if connection.sock is not None:
            connection.sock.settimeout(self._remaining())
        return connection.getresponse()

    def _read(self, response: http.client.HTTPResponse) -> bytes:
        data = bytearray()
        while True:
            sock = self._connection.sock if self._connection is not None else None
            if sock is not None:
                sock.settimeout(self._remaining())
            # read1: whatever one read of the socket gives, so the deadline is checked
            # between reads even when a server sends a few bytes at a time
            chunk = response.read1(_CHUNK)
            if not chunk:
                return bytes(data)
            data += chunk
            if len(data) > MAX_PAGE_BYTES:
                raise _too_large(self.url)
            self._remaining()


def _connector(addresses: list[Any]) -> Any:
    def connect(
        address: tuple[str, int], timeout: float | None = None, source: Any = None
    ) -> socket.socket:
        error: OSError | None = None
        for family, kind, protocol, _, sockaddr in addresses:
            sock = socket.socket(family, kind, protocol)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as failed:
                sock.close()
                error = failed
        raise error or OSError("no address to connect to")

    return connect


def _addresses(host: str, port: int, *, needed: bool) -> list[Any]:
    """The addresses *host* resolves to (``getaddrinfo`` entries). Through a proxy the
    proxy resolves the name; a name this computer cannot resolve then gives ``[]``."""
    try:
        return _resolve(host, port)
    except socket.gaierror:
        if needed:
            raise
        return []


def _resolve(host: str, port: int) -> list[Any]:
    """``socket.getaddrinfo`` for a TCP connection (tests replace it)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _proxy_for(scheme: str, host: str) -> tuple[str, int] | None:
    """The proxy set in ``http_proxy`` / ``https_proxy`` for *host*, if any."""
    proxies = urllib.request.getproxies()
    address = proxies.get(scheme)
    if not address or urllib.request.proxy_bypass(host):
        return None
    parts = urlsplit(address if "://" in address else f"http://{address}")
    if not parts.hostname:
        return None
    return parts.hostname, parts.port or 8080


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _check_redirect_target(url: str, target: str, addresses: list[Any], typed: set[str]) -> None:
    """A redirect may lead to public addresses, or stay on the server the user named; not
    from a site into this computer or the local network. Decided before connecting."""
    found = {a[4][0] for a in addresses}
    host = urlsplit(target).hostname or ""
    with contextlib.suppress(ValueError):
        found.add(str(ipaddress.ip_address(host)))
    inside = sorted(a for a in found if not _is_public(a) and a not in typed)
    if inside:
        raise FetchError(
            url,
            f"redirects to {_short(target)}, an address on this computer or the local network "
            f"({inside[0]}), which islandmap does not follow from another site. If that is "
            "the page you mean, give its address directly",
        )


def _check_redirect_scheme(url: str, target: str) -> None:
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            url,
            f"redirects to {_short(target)}, which is not an http:// or https:// address; "
            "islandmap fetches only those. Open it in a browser, save the page and add the "
            "saved file",
        )
    try:
        check_web_address(target)
    except FetchError as error:
        raise FetchError(url, f"redirects to {_short(target)}, which {error.message}") from None


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:100] + "…"


def _request_target(url: str) -> str:
    """The path and query of *url* as they go on the wire (percent-encoded)."""
    parts = urlsplit(_ascii_address(url))
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


def _check_length(url: str, headers: Message) -> None:
    length = headers.get("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > MAX_PAGE_BYTES:
        raise _too_large(url)


def _too_large(url: str) -> FetchError:
    return FetchError(
        url,
        f"is larger than {MAX_PAGE_BYTES // 10**6} MB, too large for one article. "
        "Save the article's page from a browser and add the saved file",
    )


def _ascii_address(url: str) -> str:
    """*url* as it goes on the wire: an address copied from the browser's address bar may
    hold Cyrillic or Japanese letters, which HTTP carries percent-encoded (IDNA for the
    server's name)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        host = host.encode("idna").decode("ascii")
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    if parts.username is not None:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    keep = "/%:@!$&'()*+,;=-._~?"
    return urlunsplit(
        (parts.scheme, netloc, quote(parts.path, safe=keep), quote(parts.query, safe=keep), "")
    )


def _check_content_type(url: str, headers: Message) -> None:
    if headers.get("Content-Type") is None:
        return  # not said: let the extractor judge
    content_type = headers.get_content_type()
    if content_type not in ("text/html", "application/xhtml+xml"):
        raise FetchError(
            url,
            f"is not a web page (the server sent {content_type}). Give the address of the "
            "article's page, or save the text as a .txt file and add that",
        )


def _network_error(reason: object, url: str, timeout: float) -> FetchError:
    """The error for a page that could not be fetched; a timeout concerns the *timeout*."""
    option = "timeout" if isinstance(reason, TimeoutError) else None
    return FetchError(url, _network_problem(reason, url, timeout), option=option)


def _network_problem(reason: object, url: str, timeout: float) -> str:
    host = urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        return (
            f"cannot find the server {host}: this computer seems to be offline, or the "
            "address is wrong. Check the network connection and the address"
        )
    if isinstance(reason, TimeoutError):
        return (
            f"no answer from {host} within {timeout:g} seconds. Check the network "
            "connection and try again, or allow longer"
        )
    if isinstance(reason, ConnectionRefusedError):
        return f"{host} refused the connection. Check the address, or try again later"
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return (
            f"the secure connection to {host} failed ({reason}). Check the address, or "
            "save the page from a browser and add the saved file"
        )
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot reach {host} ({reason.strerror}). Check the network connection"
    return f"cannot reach {host} ({reason}). Check the network connection and the address"
