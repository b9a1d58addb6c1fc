"""Red team: `islandmap embed` refuses every address that a browser would load from another
host than the embedding page's without saying so. Checked against Chromium's own reading of
each address (`new URL(src, page)`, no network), so that the rule follows the browser and
not a guess about it: backslashes read as slashes, tabs and line breaks dropped."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from islandmap.cli import cli
from islandmap.embed import embed_snippet
from islandmap.errors import IslandmapError

PAGE = "https://school.example/course/week1/page.html"

# A browser reads each of these as another host (evil.example).
ANOTHER_HOST = [
    "//evil.example/x.html",
    "///evil.example/x.html",
    "/\\evil.example/x.html",
    "\\/evil.example/x.html",
    "\\\\evil.example/x.html",
    "\\\\\\evil.example/x.html",
    "/\\/evil.example/x.html",
    "  /\\evil.example/x.html",
    "/\t/evil.example/x.html",
    "/\n/evil.example/x.html",
    "\\\t\\evil.example/x.html",
    "https:evil.example/x.html",
    "https:/evil.example/x.html",
    "https:\\evil.example/x.html",
    "https:\\\\evil.example/x.html",
    "HTTP:\\\\evil.example/x.html",
    "http:evil.example/x.html",
]
# Paths on the embedding page's own host: accepted.
SAME_HOST = [
    "islands.html",
    "maps/islands.html",
    "maps\\islands.html",
    "/maps/islands.html",
    "\\maps\\islands.html",
    "../islands.html",
    "./islands.html",
    ".\\\\evil.example/islands.html",
    "islands.html?v=2#kunashir",
    "%2F%2Fevil.example/x.html",
]


@pytest.mark.parametrize("src", ANOTHER_HOST)
def test_an_address_for_another_host_is_refused(src):
    with pytest.raises(IslandmapError) as caught:
        embed_snippet(src)
    assert "another host" in caught.value.message or "control characters" in caught.value.message


@pytest.mark.parametrize("src", ["/\\evil.example/x.html", "\\/evil.example/x.html"])
def test_a_backslash_address_is_one_error_line(src):
    result = CliRunner().invoke(cli, ["embed", src])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and "names another host" in line


@pytest.mark.parametrize("src", [*SAME_HOST, "https://maps.example.org/islands.html"])
def test_paths_and_full_addresses_are_accepted(src):
    assert f'src="{src.replace("&", "&amp;")}"' in embed_snippet(src)


@pytest.fixture
def browser_page(chromium_browser):
    context = chromium_browser.new_context()
    context.route("**/*", lambda route: route.abort())  # nothing leaves the machine
    page = context.new_page()
    yield page
    context.close()


def test_chromium_reads_them_as_embed_decides(browser_page):
    """Each refused address goes to another host in Chromium (on an https page or an http
    one: "https:evil.example" is relative on the first, another host on the second), and
    each accepted one stays on the page's host on both: embed's rule and the browser's
    reading agree."""
    candidates = ANOTHER_HOST + SAME_HOST
    hosts = {
        page: dict(
            zip(
                candidates,
                browser_page.evaluate(
                    "([page, sources]) => sources.map(src => new URL(src, page).host)",
                    [page, candidates],
                ),
                strict=True,
            )
        )
        for page in (PAGE, PAGE.replace("https:", "http:"))
    }
    for src in ANOTHER_HOST:
        assert "evil.example" in {seen[src] for seen in hosts.values()}, src
    for src in SAME_HOST:
        assert {seen[src] for seen in hosts.values()} == {"school.example"}, src


def test_chromium_frames_a_backslash_path_on_another_host(browser_page, tmp_path):
    """The hole itself: an iframe whose src is /\\evil.example/… on an http(s) page asks
    evil.example for it (the request is refused here, so nothing is sent)."""
    requested: list[str] = []
    browser_page.context.unroute("**/*")

    def route(route):
        requested.append(route.request.url)
        if route.request.url == PAGE:
            route.fulfill(
                status=200,
                content_type="text/html",
                body=f"<iframe src={json.dumps(ANOTHER_HOST[2])}></iframe>",
            )
        else:
            route.abort()

    browser_page.context.route("**/*", route)
    browser_page.goto(PAGE)
    browser_page.wait_for_timeout(200)
    assert any(url.startswith("https://evil.example/") for url in requested), requested
