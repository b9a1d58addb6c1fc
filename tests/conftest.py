"""Fixtures for the browser tests: Debian's chromium driven by Playwright, network blocked.

The browser is launched once per session. Every page gets its own context whose requests
are all refused except ``file://`` ones, so a test fails if the map needs the network.
Console errors, page errors, dialogs (``alert``) and refused requests are recorded on the
returned :class:`MapPage`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# No test asserts how long anything takes (speed is measured in benchmarks/): Hypothesis's
# per-example deadline would fail a property test on a busy machine, not a wrong result.
settings.register_profile("islandmap", deadline=None)
settings.load_profile("islandmap")

# No test reads or writes a cache folder (islandmap/cache.py has its own tests). The
# results shipped with islandmap are read as a user's first render reads them; their keys
# hold the data and code they come from, and test_precomputed.py checks that each is what
# computing it gives.
os.environ["ISLANDMAP_CACHE_DIR"] = ""

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
FIXTURES = Path(__file__).resolve().parent / "data" / "render"


@dataclass
class MapPage:
    """A page with the map open, and what happened while it was open."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_map(chromium_browser: Any) -> Iterator[Callable[..., MapPage]]:
    """``open_map(path, width=1280, height=800, serve=None, ready=True)``: the page,
    loaded and (with *ready*) drawn. *serve* maps web addresses to ``(bytes, content
    type)`` answered locally, as a CDN would (with CORS allowed); everything else off the
    disk is refused."""
    contexts = []

    def _open(
        path: Path,
        width: int = 1280,
        height: int = 800,
        serve: dict[str, tuple[bytes, str]] | None = None,
        ready: bool = True,
    ) -> MapPage:
        context = chromium_browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        result = MapPage(page=context.new_page())

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith("file://"):
                route.continue_()
            elif serve and url in serve:
                body, content_type = serve[url]
                route.fulfill(
                    status=200,
                    body=body,
                    content_type=content_type,
                    headers={"Access-Control-Allow-Origin": "*"},
                )
            else:
                result.refused.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = result.page
        page.on(
            "console",
            lambda message: (
                result.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: result.page_errors.append(str(error)))
        page.on("dialog", lambda dialog: (result.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(Path(path).resolve().as_uri())
        if not ready:
            return result
        page.wait_for_function(
            "window.islandmap && islandmap.map && "
            "document.querySelectorAll('path.island').length === 4"
        )
        return result

    yield _open
    for context in contexts:
        context.close()


# An open popup laid out and still: Leaflet marks the map's pane while its pan animation
# runs (the pan that brings a popup into view). A click in a popup that is still sliding in
# can land on the map beside it, which closes it, as it would for a user.
POPUP_SETTLED = """() => {
    const popup = document.querySelector('.leaflet-popup .island-popup');
    const pane = document.querySelector('.leaflet-map-pane');
    return !!popup && !pane.classList.contains('leaflet-pan-anim');
}"""


def open_popup(page: Any, island: str) -> Any:
    """Open the popup of *island* (or "group") as the key does and wait until it is still;
    returns its content."""
    page.evaluate("id => void islandmap.open(id)", island)
    page.wait_for_function(POPUP_SETTLED)
    return page.locator(f'.leaflet-popup .island-popup[data-island="{island}"]')


def settled(page: Any, script: str, frames: int = 40) -> Any:
    """What *script* reads of the page once two reads two frames apart agree (the map
    fits itself and places its names again over a few frames after the paper's layout,
    later on a loaded machine); the last read if it never settles in *frames* reads."""
    last = page.evaluate(script)
    for _ in range(frames):
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        now = page.evaluate(script)
        if now == last:
            return now
        last = now
    return last


@pytest.fixture(scope="session")
def real_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real sources on the real coastlines, rendered once."""
    from islandmap.render import render_map

    out = tmp_path_factory.mktemp("real") / "islands.html"
    render_map(ROOT / "sources", ROOT / "geodata", out)
    return out


@pytest.fixture(scope="session")
def fixture_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test sources (with the hostile one) on the rectangle islands."""
    from islandmap.render import render_map

    out = tmp_path_factory.mktemp("fixture") / "map.html"
    render_map(FIXTURES / "sources", FIXTURES / "geodata", out)
    return out


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def make_corpus() -> Callable[..., int]:
    """benchmarks/make_corpus.py's make_corpus(n, folder, [sources]): n articles of real
    sentences, the same for the same n."""
    spec = importlib.util.spec_from_file_location(
        "make_corpus", ROOT / "benchmarks" / "make_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_corpus  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def big_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """500 generated articles on the real coastlines, rendered once."""
    from islandmap.render import render_map

    folder = tmp_path_factory.mktemp("corpus500")
    make_corpus()(500, folder / "sources", [ROOT / "sources"])
    out = folder / "map.html"
    render_map(folder / "sources", ROOT / "geodata", out)
    return out


def page_data_of(page: Path) -> dict[str, Any]:
    """The page data of a rendered page, its packed passages and sources (a large
    corpus's) and its islands' quotes unpacked as the page's script reads them (texts
    made of pieces put together)."""
    from islandmap.page.data import unpack_data

    html = page.read_text("utf-8")
    block = re.search(r'<script type="application/json" id="islandmap-data">(.*?)</script>', html)
    assert block is not None
    data: dict[str, Any] = unpack_data(json.loads(block.group(1)))
    return data


@pytest.fixture(scope="session")
def big_data(big_map: Path) -> dict[str, Any]:
    """The page data of big_map (packed in the page: 500 articles' passages are large)."""
    return page_data_of(big_map)
