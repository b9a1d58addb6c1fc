"""Download one web page: islandmap's only use of the network.

One request with the standard library, no retries: a time limit on connecting and on the
whole download, a size limit, and an error that says what went wrong (no network, no such
server, no answer, refused, not a web page) instead of an empty result.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import quote, urlsplit, urlunsplit

from islandmap import __version__
from islandmap.errors import IslandmapError

DEFAULT_TIMEOUT = 20.0
MAX_PAGE_BYTES = 10 * 10**6
USER_AGENT = f"islandmap/{__version__} (classroom map; one page, fetched on request)"
_CHUNK = 64 * 1024


class FetchError(IslandmapError):
    """A web page cannot be downloaded."""


@dataclass(frozen=True)
class Page:
    """A downloaded web page: the address it came from after redirects, and its HTML."""

    url: str
    html: str | bytes


def check_web_address(url: str) -> None:
    """Raise :class:`FetchError` unless *url* is an ``http://`` or ``https://`` address."""
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
    if not parts.hostname:
        raise FetchError(url, "has no server name. Give the full address, as https://…")


def fetch_page(url: str, timeout: float = DEFAULT_TIMEOUT) -> Page:
    """Download the web page at *url* within *timeout* seconds."""
    check_web_address(url)
    try:
        address = _ascii_address(url)
    except UnicodeError:
        raise FetchError(url, "has a server name that is not valid. Check the address") from None
    request = urllib.request.Request(
        address,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"},
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final_url = response.geturl()
            check_web_address(final_url)
            _check_content_type(url, response.headers)
            data = _read_within(response, url, deadline, timeout)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        raise FetchError(
            url,
            f"the server answered {error.code} {error.reason}. Check the address in a browser; "
            "if the page opens there, save it (Save Page As…) and add the saved .html file",
        ) from None
    except urllib.error.URLError as error:
        raise _network_error(error.reason, url, timeout) from None
    except (OSError, http.client.HTTPException) as error:
        raise _network_error(error, url, timeout) from None
    if charset:
        try:
            return Page(final_url, data.decode(charset, errors="replace"))
        except LookupError:
            pass  # an unknown charset name: let the extractor detect the encoding
    return Page(final_url, data)


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


def _read_within(response: object, url: str, deadline: float, timeout: float) -> bytes:
    data = bytearray()
    # read1: whatever one read of the socket gives, so the deadline is checked between
    # reads even when a server sends a few bytes at a time
    read = getattr(response, "read1", None) or response.read  # type: ignore[attr-defined]
    while chunk := read(_CHUNK):
        data += chunk
        if len(data) > MAX_PAGE_BYTES:
            raise FetchError(
                url,
                f"is larger than {MAX_PAGE_BYTES // 10**6} MB, too large for one article. "
                "Save the article's page from a browser and add the saved file",
            )
        if time.monotonic() > deadline:
            raise TimeoutError
    return bytes(data)


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
