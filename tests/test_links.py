"""Links to a view of the map, the map in frames, and large text, in headless Chromium with
the network blocked: a link's fragment opens a popup, the panel at a quote and a names
order; the fragment follows the reader and Back/Forward step through it; the wheel in a
frame scrolls the lesson page until the map is clicked or Ctrl is held; frames of four
sizes leave the map its room and no label under a control or the group's marker; the
large-text switch. One rendered page (the session's real map) for the whole module;
screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import open_popup

from islandmap.cli import cli
from islandmap.embed import embed_snippet
from islandmap.errors import IslandmapError

_READY = (
    "window.islandmap && islandmap.map && document.querySelectorAll('path.island').length === 4"
)

_POPUP = "() => { const p = document.querySelector('.leaflet-popup .island-popup');"
_POPUP += " return p ? p.getAttribute('data-island') : null; }"

_PANEL = """() => { const p = document.getElementById('islandmap-panel');
    if (p.hidden) return null;
    const linked = p.querySelector('li.linked');
    return {island: p.getAttribute('data-island'),
            page: document.getElementById('islandmap-panel-page').textContent,
            linked: linked ? Array.from(linked.parentNode.children).indexOf(linked) : -1}; }"""

# Every label's box that overlaps a control, the group's marker or another label, or
# leaves the map: [label, what it meets].
_CROWDED = """() => {
    const map = islandmap.map.getContainer().getBoundingClientRect();
    const shown = el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden';
    const named = (el, name) => ({name, r: el.getBoundingClientRect()});
    const labels = Array.from(document.querySelectorAll('.island-label .label-text'))
        .filter(shown).map(el => named(el, el.textContent));
    const controls = Array.from(document.querySelectorAll('.leaflet-control')).filter(shown)
        .map(el => named(el, el.className.split(' ').slice(0, 2).join(' ')));
    const group = Array.from(document.querySelectorAll('.group-marker .label-text'))
        .filter(shown).map(el => named(el, 'group marker'));
    const hit = (a, b) =>
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const out = labels.length >= 4 ? [] : [['too few labels', String(labels.length)]];
    labels.forEach((l, i) => {
        for (const o of [...controls, ...group, ...labels.slice(i + 1)]) {
            if (hit(l.r, o.r)) out.push([l.name, o.name]);
        }
        if (l.r.left < map.left || l.r.right > map.right || l.r.top < map.top
            || l.r.bottom > map.bottom) out.push([l.name, 'the map edge']);
    });
    for (const g of group) {
        for (const c of controls) if (hit(g.r, c.r)) out.push(['group marker', c.name]);
    }
    return out;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, real_map: Path) -> Path:
    """A folder with the map and lesson pages that embed it."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "islands.html").write_bytes(real_map.read_bytes())
    return folder


@pytest.fixture
def browse(chromium_browser: Any) -> Iterator[Any]:
    """``browse(url, width, height)``: a page at *url* (any fragment kept), only file://
    requests allowed; the page's errors are checked when the test ends."""
    contexts = []
    errors: list[str] = []

    def _open(url: str, width: int = 1280, height: int = 800) -> Any:
        context = chromium_browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        return page

    yield _open
    for context in contexts:
        context.close()
    assert errors == []


def _host(site: Path, name: str, src: str, width: int, height: int, below: int = 0) -> str:
    page = site / name
    page.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Lesson</title>"
        "<style>body { margin: 16px; font-family: sans-serif; }</style></head><body>"
        "<h1>Lesson 4: the southern Kurils</h1>"
        f"<iframe src='{src}' title='Map' style='width: {width}px; height: {height}px;"
        " border: 0; display: block' allowfullscreen></iframe>"
        f"<p id='after' style='height: {below}px'>Questions below the map.</p></body></html>",
        "utf-8",
    )
    return page.as_uri()


def _frame(page: Any) -> Any:
    frame = page.locator("iframe").element_handle().content_frame()
    frame.wait_for_function(_READY)
    return frame


# --- islandmap embed --open --names ----------------------------------------------------------


def test_embed_options_put_the_view_in_the_address():
    result = CliRunner().invoke(
        cli, ["embed", "--open", "Shikotan", "--names", "ja", "maps/islands.html"]
    )
    assert result.exit_code == 0, result.output
    assert 'src="maps/islands.html#v=1&amp;island=shikotan&amp;names=ja"' in result.stdout
    assert 'href="maps/islands.html#v=1&amp;island=shikotan&amp;names=ja"' in result.stdout
    # Without them, the snippet is as it was.
    assert 'src="maps/islands.html"' in embed_snippet("maps/islands.html")
    bad = CliRunner().invoke(cli, ["embed", "--open", "atlantis", "x.html"])
    assert bad.exit_code == 2 and "'atlantis' is not one of" in bad.stderr
    bad = CliRunner().invoke(cli, ["embed", "--names", "en", "x.html"])
    assert bad.exit_code == 2 and "'en' is not one of" in bad.stderr
    with pytest.raises(IslandmapError, match="already ends in a fragment"):
        embed_snippet("x.html#island=iturup", names="ru")
    with pytest.raises(IslandmapError, match="unknown island 'atlantis'"):
        embed_snippet("x.html", open_island="atlantis")


# --- links -----------------------------------------------------------------------------------


def test_a_link_opens_a_popup_in_a_names_order_and_a_quote_in_the_panel(browse, site, artifacts):
    map_url = (site / "islands.html").as_uri()
    page = browse(f"{map_url}#island=shikotan&names=ja")
    page.wait_for_function(_READY)
    page.wait_for_function(f"({_POPUP})() === 'shikotan'")
    assert page.evaluate("document.documentElement.dataset.names") == "ja"
    assert page.get_by_role("radio", name="Japanese first").is_checked()
    page.screenshot(path=str(artifacts / "link-shikotan-ja-1280x800.png"))

    # "Read the third quote on Kunashir" (a same-page change of the fragment: hashchange).
    page.evaluate("location.hash = '#island=kunashir&quote=3'")
    page.wait_for_function(f"({_PANEL})() && ({_PANEL})().linked === 2")
    assert page.evaluate(_PANEL)["island"] == "kunashir"
    page.wait_for_function(f"({_POPUP})() === null")  # closed (after Leaflet's fade)
    assert page.locator("#islandmap-panel-list li.linked").is_visible()
    # The names order is the page's own again (the fragment no longer names one).
    assert page.evaluate("document.documentElement.dataset.names") == "both"
    page.screenshot(path=str(artifacts / "link-kunashir-quote-3-1280x800.png"))
    # A quote on the second page of the panel.
    page.evaluate("location.hash = '#v=1&island=kunashir&quote=22'")
    page.wait_for_function(f"({_PANEL})().linked === 1")
    assert page.evaluate(_PANEL)["page"].startswith("Page 2 of")


def test_a_link_is_read_forgivingly(browse, site):
    map_url = (site / "islands.html").as_uri()
    page = browse(f"{map_url}#v=9&ISLAND=Habomai&names=klingon&quote=x&theme=dark&year=2020&zz")
    page.wait_for_function(_READY)
    page.wait_for_function(f"({_POPUP})() === 'habomai'")
    assert page.evaluate("document.documentElement.dataset.names") == "both"
    assert page.evaluate(_PANEL) is None
    # Unknown keys are kept when the page rewrites the fragment.
    page.get_by_role("radio", name="Russian first").check()
    page.wait_for_function("location.hash.includes('names=ru')")
    assert "theme=dark" in page.evaluate("location.hash")
    # Nonsense opens the map as usual.
    page.evaluate("location.hash = '#island=atlantis&quote=-1&%%'")
    page.wait_for_function(f"({_POPUP})() === null")


def test_the_fragment_follows_the_reader_and_back_and_forward_restore(browse, site):
    map_url = (site / "islands.html").as_uri()
    page = browse(map_url)
    page.wait_for_function(_READY)
    start = page.evaluate("history.length")
    assert page.evaluate("location.hash") == ""
    # The names order replaces the current entry.
    page.get_by_role("radio", name="Japanese first").check()
    page.wait_for_function("location.hash === '#v=1&names=ja'")
    assert page.evaluate("history.length") == start
    # Opening a popup is a new entry; so are the panel and its pages.
    open_popup(page, "iturup")
    page.wait_for_function("location.hash === '#v=1&island=iturup&names=ja'")
    page.locator(".leaflet-popup .panel-open").click()
    page.wait_for_function("location.hash === '#v=1&island=iturup&quote=1&names=ja'")
    page.locator("#islandmap-panel-next").click()
    page.wait_for_function("location.hash === '#v=1&island=iturup&quote=21&names=ja'")
    assert page.evaluate("history.length") == start + 3

    page.go_back()
    page.wait_for_function(f"({_PANEL})() && ({_PANEL})().page.startsWith('Page 1 ')")
    page.go_back()
    page.wait_for_function(f"({_PANEL})() === null && ({_POPUP})() === 'iturup'")
    page.go_back()
    page.wait_for_function(f"({_POPUP})() === null")
    assert page.evaluate("document.documentElement.dataset.names") == "ja"
    page.go_forward()
    page.wait_for_function(f"({_POPUP})() === 'iturup'")
    # Closing the popup is an entry too, and Back reopens it.
    page.evaluate("void islandmap.map.closePopup()")
    page.wait_for_function("location.hash === '#v=1&names=ja'")
    page.go_back()
    page.wait_for_function(f"({_POPUP})() === 'iturup'")


def test_a_link_in_an_embedding_frame(browse, site):
    url = _host(site, "linked.html", "islands.html#island=group&names=ru&text=large", 640, 400)
    page = browse(url, 1000, 800)
    frame = _frame(page)
    frame.wait_for_function(f"({_POPUP})() === 'group'")
    assert frame.evaluate("document.documentElement.dataset.names") == "ru"
    assert frame.evaluate("document.documentElement.dataset.text") == "large"
    frame.evaluate("void islandmap.map.closePopup()")
    frame.wait_for_function("location.hash === '#v=1&names=ru&text=large'")


# --- the wheel in a frame ------------------------------------------------------------------------


def _over_the_sea(page: Any, frame: Any) -> tuple[float, float]:
    """Host-page coordinates of a point of open sea in the frame's map."""
    box = page.locator("iframe").bounding_box()
    x, y = frame.evaluate(
        "() => { const m = islandmap.map.getContainer().getBoundingClientRect();"
        " return [m.left + m.width * 0.9, m.top + m.height * 0.55]; }"
    )
    return box["x"] + x, box["y"] + y


# The zoom changed and its animation is over (Leaflet ignores a zoom asked for during one).
def _zoomed(frame: Any, compare: str) -> None:
    frame.wait_for_function(
        f"islandmap.map.getZoom() {compare}"
        " && !document.querySelector('.leaflet-map-pane.leaflet-zoom-anim')"
    )


def test_the_wheel_in_a_frame_scrolls_the_page_until_the_map_is_clicked(browse, site, artifacts):
    url = _host(site, "long.html", "islands.html", 640, 400, below=2000)
    page = browse(url, 1000, 700)
    frame = _frame(page)
    zoom = frame.evaluate("islandmap.map.getZoom()")
    x, y = _over_the_sea(page, frame)
    page.mouse.move(x, y)
    page.mouse.wheel(0, 200)
    page.wait_for_function("scrollY > 0")
    frame.locator(".wheel-hint").wait_for(state="visible")
    assert frame.locator(".wheel-hint").inner_text() == "Use Ctrl + scroll to zoom the map"
    page.screenshot(path=str(artifacts / "frame-wheel-hint-640x400.png"))
    assert frame.evaluate("islandmap.map.getZoom()") == zoom
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("scrollY === 0")

    # Ctrl + wheel zooms the map, not the page.
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    _zoomed(frame, f"> {zoom}")
    assert page.evaluate("scrollY") == 0

    # Clicked, the map takes the wheel.
    zoom = frame.evaluate("islandmap.map.getZoom()")
    page.mouse.click(x, y)
    page.mouse.wheel(0, 200)
    _zoomed(frame, f"< {zoom}")
    assert page.evaluate("scrollY") == 0
    assert frame.locator(".wheel-hint").is_hidden()
    # Focus elsewhere on the lesson page: the wheel scrolls it again.
    page.locator("#after").click()
    zoom = frame.evaluate("islandmap.map.getZoom()")
    page.mouse.move(x, y)
    page.mouse.wheel(0, 200)
    page.wait_for_function("scrollY > 0")
    assert frame.evaluate("islandmap.map.getZoom()") == zoom


def test_the_wheel_zooms_a_map_on_a_page_of_its_own(browse, site):
    page = browse((site / "islands.html").as_uri())
    page.wait_for_function(_READY)
    assert page.evaluate("document.documentElement.classList.contains('in-frame')") is False
    zoom = page.evaluate("islandmap.map.getZoom()")
    page.mouse.move(1100, 600)
    page.mouse.wheel(0, -200)
    page.wait_for_function(f"islandmap.map.getZoom() > {zoom}")
    assert page.locator(".wheel-hint").count() == 0


# --- frames of four sizes, and large text ----------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height", "share"),
    [(640, 400, 0.85), (900, 560, 0.85), (360, 640, 0.8), (1920, 1080, 0.9)],
)
def test_frames_leave_the_map_its_room_and_no_label_under_a_control(
    browse, site, artifacts, width, height, share
):
    url = _host(site, f"frame-{width}.html", "islands.html", width, height)
    page = browse(url, width + 40, height + 120)
    frame = _frame(page)
    assert frame.evaluate("document.documentElement.classList.contains('in-frame')")
    map_height = frame.evaluate("islandmap.map.getSize().y")
    assert map_height >= share * height, (map_height, height)
    header = frame.evaluate("document.querySelector('.map-header').getBoundingClientRect().height")
    if height <= 560:
        assert header <= 60, header  # the title's line and the tools' line
    # The title is whole: both sides' terms (cut, it read "The southern Kuri…").
    title = frame.locator("h1")
    assert title.inner_text() == "The southern Kuril Islands / Northern Territories"
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth && el.clientHeight < 50")
    assert frame.evaluate(_CROWDED) == []
    page.locator("iframe").screenshot(path=str(artifacts / f"frame-{width}x{height}.png"))
    if (width, height) == (1920, 1080):
        # A projector: large text, and still nothing crowded.
        size = frame.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        frame.get_by_role("button", name="Large text").click()
        frame.wait_for_function("location.hash === '#v=1&text=large'")
        assert frame.get_by_role("button", name="Large text").get_attribute("aria-pressed") == (
            "true"
        )
        assert frame.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > size
        assert frame.evaluate("islandmap.map.getSize().y") >= share * height
        assert frame.evaluate(_CROWDED) == []
        page.locator("iframe").screenshot(path=str(artifacts / "frame-large-text-1920x1080.png"))
