"""``islandmap embed`` and the map inside an iframe, as an LMS page shows it: the snippet,
and in headless Chromium (network blocked) frames of 640×400 and 360×640 that the map fills
with no scrollbars of its own and popups that stay inside."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from islandmap.cli import cli
from islandmap.embed import embed_snippet
from islandmap.errors import IslandmapError
from islandmap.models import ISLAND_IDS


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_cli_embed_prints_an_iframe_and_a_link():
    result = CliRunner().invoke(cli, ["embed", "https://school.example/maps/islands.html"])
    assert result.exit_code == 0, result.output
    (iframe, _, link) = _tags(result.stdout)
    assert iframe[0] == "iframe"
    attrs = iframe[1]
    assert attrs["src"] == "https://school.example/maps/islands.html"
    assert attrs["title"] == "Map: The southern Kuril Islands / Northern Territories"
    assert attrs["width"] == "100%" and attrs["height"] == "560"
    assert "width: 100%" in attrs["style"] and "min(560px, 85vh)" in attrs["style"]
    assert "allowfullscreen" in attrs and attrs["loading"] == "lazy"
    assert link == (
        "a",
        {"href": "https://school.example/maps/islands.html", "target": "_blank", "rel": "noopener"},
    )


def test_embed_takes_the_title_of_a_local_map_and_escapes_it(tmp_path):
    from islandmap.render import render_map

    root = Path(__file__).resolve().parent / "data" / "render"
    out = tmp_path / "map.html"
    render_map(root / "sources", root / "geodata", out, title='Kurils "4" & <friends>')
    ((_, attrs), *_) = _tags(embed_snippet(str(out)))
    assert attrs["title"] == 'Map: Kurils "4" & <friends>'
    snippet = embed_snippet('a"b.html')
    assert 'src="a&quot;b.html"' in snippet


@pytest.mark.parametrize("src", ["javascript:alert(1)", "data:text/html,<b>x</b>", "file:///x"])
def test_embed_refuses_addresses_a_page_should_not_frame(src):
    with pytest.raises(IslandmapError, match="is not an http or https address"):
        embed_snippet(src)


def test_cli_embed_bad_address_is_one_error_line():
    result = CliRunner().invoke(cli, ["embed", "javascript:alert(1)"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'javascript:alert(1)' is not an http or https")


def test_embed_height_too_small():
    with pytest.raises(IslandmapError, match="a height of 100 pixels is too small"):
        embed_snippet(height=100)


# --- in a frame --------------------------------------------------------------------------

_FRAME_STATE = """() => {
    const doc = document.documentElement, map = islandmap.map.getContainer();
    const header = document.querySelector('.map-header').getBoundingClientRect();
    const box = map.getBoundingClientRect();
    return {w: innerWidth, h: innerHeight, scrollW: doc.scrollWidth, scrollH: doc.scrollHeight,
            bodyOverflow: getComputedStyle(document.body).overflow,
            header: header.bottom, map: [box.left, box.top, box.right, box.bottom]};
}"""

_POPUP_BOX = """() => {
    const popup = document.querySelector('.leaflet-popup-content-wrapper');
    const pane = document.querySelector('.leaflet-map-pane');
    if (!popup || pane.classList.contains('leaflet-pan-anim')) return null;
    const r = popup.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
}"""


@pytest.mark.parametrize(("width", "height"), [(640, 400), (360, 640)])
def test_the_map_fills_a_frame_and_its_popups_stay_inside(
    open_map, real_map, tmp_path, artifacts, width, height
):
    (tmp_path / "islands.html").write_bytes(real_map.read_bytes())
    host = tmp_path / "lesson.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Lesson</title>"
        "<style>body { margin: 16px; font-family: sans-serif; }</style></head><body>"
        "<h1>Lesson 4: the southern Kurils</h1>"
        f"<iframe src='islands.html' title='Map' style='width: {width}px; height: {height}px;"
        " border: 0; display: block' allowfullscreen></iframe>"
        "<p>Questions below the map.</p></body></html>",
        "utf-8",
    )
    m = open_map(host, 1000, 800, ready=False)
    page = m.page
    frame = page.locator("iframe").element_handle().content_frame()
    frame.wait_for_function(
        "window.islandmap && islandmap.map && document.querySelectorAll('path.island').length"
    )
    state = frame.evaluate(_FRAME_STATE)
    assert (state["w"], state["h"]) == (width, height)
    # No scrollbar inside the frame: the page is exactly the frame's size.
    assert state["scrollW"] <= width and state["scrollH"] <= height, state
    # The map takes everything under the header.
    left, top, right, bottom = state["map"]
    assert (left, right) == (0, width) and abs(top - state["header"]) <= 1
    assert abs(bottom - height) <= 1, state
    assert bottom - top >= 0.55 * height, state
    # The host page does not scroll because of the frame either.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # The title is whole, on two lines at most where the frame is narrower than it.
    title = frame.locator("h1")
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth && el.clientHeight < 50")
    assert "Northern Territories" in title.inner_text()

    for island in (*ISLAND_IDS, "group"):
        frame.evaluate(f"islandmap.open('{island}')")
        frame.locator(f'.leaflet-popup .island-popup[data-island="{island}"]').wait_for()
        frame.wait_for_function(f"({_POPUP_BOX})() !== null")
        box = frame.evaluate(_POPUP_BOX)
        if island == "iturup":
            page.screenshot(path=str(artifacts / f"embedded-{width}x{height}.png"))
        assert box[0] >= 0 and box[1] >= 0, (island, box)
        assert box[2] <= width and box[3] <= height, (island, box)
        frame.evaluate("void islandmap.map.closePopup()")
    assert m.page_errors == [] and m.console_errors == [] and m.refused == []


def test_full_screen_from_inside_a_frame_that_allows_it(open_map, real_map, tmp_path):
    (tmp_path / "islands.html").write_bytes(real_map.read_bytes())
    host = tmp_path / "lesson.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Lesson</title>"
        "</head><body>" + embed_snippet("islands.html", height=400) + "</body></html>",
        "utf-8",
    )
    m = open_map(host, 1000, 800, ready=False)
    frame = m.page.locator("iframe").element_handle().content_frame()
    frame.wait_for_function("window.islandmap && islandmap.map")
    button = frame.get_by_role("button", name="Full screen")
    button.click()
    frame.wait_for_function("document.fullscreenElement === document.documentElement")
    frame.wait_for_function("islandmap.map.getSize().x > 900")  # the map grew with it
    # The browser announces the change (fullscreenchange) after the frame has grown.
    expect(button).to_have_attribute("aria-pressed", "true")
    frame.get_by_role("button", name="Exit full screen").click()
    frame.wait_for_function("document.fullscreenElement === null")


def test_no_full_screen_button_where_the_frame_forbids_it(open_map, real_map, tmp_path):
    # A frame from another site (the usual LMS case) without allowfullscreen is the same.
    (tmp_path / "islands.html").write_bytes(real_map.read_bytes())
    host = tmp_path / "lesson.html"
    host.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Lesson</title>"
        "</head><body><iframe src='islands.html' title='Map' allow=\"fullscreen 'none'\">"
        "</iframe></body></html>",
        "utf-8",
    )
    m = open_map(host, 1000, 800, ready=False)
    frame = m.page.locator("iframe").element_handle().content_frame()
    frame.wait_for_function("window.islandmap && islandmap.map")
    assert frame.locator("#islandmap-fullscreen").is_hidden()


def test_an_address_without_scheme_for_another_host_is_refused():
    from click.testing import CliRunner

    from islandmap.cli import cli

    result = CliRunner().invoke(cli, ["embed", "//evil.example/x.html"])
    assert result.exit_code == 1
    assert "names another host" in result.stderr


@pytest.mark.parametrize(
    ("lang", "link", "title"),
    [
        ("ja", "地図を新しいタブで開く", "地図："),
        ("ru", "Открыть карту в новой вкладке", "Карта: "),
    ],
)
def test_cli_embed_in_japanese_or_russian(lang, link, title):
    result = CliRunner().invoke(
        cli, ["embed", "https://school.example/islands.html", "--lang", lang, "--open", "shikotan"]
    )
    assert result.exit_code == 0, result.output
    assert f'<p lang="{lang}">' in result.output
    assert f">{link}</a>" in result.output
    assert f'title="{title}' in result.output
    assert "Open the map" not in result.output
    assert f"#v=1&amp;island=shikotan&amp;lang={lang}" in result.output


def test_cli_embed_refuses_an_unknown_language():
    result = CliRunner().invoke(cli, ["embed", "islands.html", "--lang", "de"])
    assert result.exit_code == 2
    assert "'de' is not one of" in result.output
