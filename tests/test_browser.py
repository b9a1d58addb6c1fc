"""The map in headless Chromium with the network blocked: what a person would see and do.

Fixtures (browser, open_map, real_map, fixture_map) are in conftest.py. Screenshots go to
test-artifacts/ (the README's screenshot is test-artifacts/map-with-popup-1280x800.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from islandmap.models import ISLAND_IDS
from islandmap.render import render_map

FIXTURES = Path(__file__).resolve().parent / "data" / "render"

# Page coordinates of a point inside an island (the same point the keyboard opens at).
_ISLAND_POINT = """id => {
    const map = islandmap.map, layer = islandmap.layers[id];
    const p = map.latLngToContainerPoint(L.latLng(layer.islandmapPoint));
    const box = map.getContainer().getBoundingClientRect();
    return [box.left + p.x, box.top + p.y];
}"""

_FOCUSED = """() => {
    const el = document.activeElement;
    return {cls: el.getAttribute('class') || '', inPopup: !!el.closest('.leaflet-popup')};
}"""


# True once Leaflet has finished panning the open popup into view and it lies wholly
# inside the map.
_POPUP_IN_VIEW = """() => {
    const popup = document.querySelector('.leaflet-popup-content-wrapper');
    const pane = document.querySelector('.leaflet-map-pane');
    if (!popup || pane.classList.contains('leaflet-pan-anim')) return false;
    const p = popup.getBoundingClientRect();
    const m = islandmap.map.getContainer().getBoundingClientRect();
    return p.top >= m.top && p.bottom <= m.bottom && p.left >= m.left && p.right <= m.right;
}"""


def _open_popup(page, selector: str):
    popup = page.locator(f".leaflet-popup {selector}")
    popup.wait_for(state="visible")
    page.wait_for_function(_POPUP_IN_VIEW)
    return popup


def _close_popups(page) -> None:
    page.evaluate("void islandmap.map.closePopup()")  # void: a Leaflet map is slow to return
    page.locator(".leaflet-popup").wait_for(state="detached")


def _click_island(page, island: str) -> None:
    # An earlier popup may have panned the map: bring the island back to the middle.
    page.evaluate(
        "id => void islandmap.map.setView(islandmap.layers[id].islandmapPoint,"
        " islandmap.map.getZoom(), {animate: false})",
        island,
    )
    x, y = page.evaluate(_ISLAND_POINT, island)
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).getAttribute('class')", [x, y])
    assert f"island-{island}" in (hit or ""), f"{island} is not drawn at its own point: {hit}"
    page.mouse.click(x, y)


def test_four_islands_are_drawn_and_fill_the_opening_view(open_map, real_map):
    m = open_map(real_map)
    boxes = m.page.evaluate(
        """() => Array.from(document.querySelectorAll('path.island')).map(p => {
            const r = p.getBoundingClientRect();
            return {cls: p.getAttribute('class'), w: r.width, h: r.height};
        })"""
    )
    assert [b["cls"].split()[:2] for b in boxes] == [["island", f"island-{i}"] for i in ISLAND_IDS]
    assert all(b["w"] > 3 and b["h"] > 3 for b in boxes), boxes
    fitted = m.page.evaluate(
        """ids => {
            const all = L.latLngBounds([]);
            for (const id of ids) all.extend(islandmap.layers[id].getBounds());
            return islandmap.map.getBounds().contains(all);
        }""",
        list(ISLAND_IDS),
    )
    assert fitted
    assert m.console_errors == [] and m.page_errors == [] and m.refused == []


def test_clicking_each_island_opens_its_popup_with_marked_names(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    for island in ISLAND_IDS:
        _click_island(page, island)
        popup = _open_popup(page, f'.island-popup[data-island="{island}"]')
        quotes = popup.locator("blockquote.quote")
        assert quotes.count() >= 1
        assert quotes.first.locator("mark").first.is_visible()
        assert popup.locator("cite").first.is_visible()
        page.locator(".leaflet-popup-close-button").click()
        page.locator(".leaflet-popup").wait_for(state="detached")
    assert m.console_errors == [] and m.page_errors == [] and m.refused == []


def test_hover_shows_both_names(open_map, real_map):
    m = open_map(real_map)
    x, y = m.page.evaluate(_ISLAND_POINT, "iturup")
    m.page.mouse.move(x, y)
    tooltip = m.page.locator(".leaflet-tooltip.island-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.locator(".tooltip-names").inner_text() == "Iturup · Etorofu · Итуруп · 択捉島"


def test_keyboard_reaches_every_island_and_the_group(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    wanted = {f"island-{i}" for i in ISLAND_IDS} | {"group-marker"}
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)["cls"].split()
        target = next((c for c in focused if c in wanted and c not in seen), None)
        if target is None:
            continue
        seen.append(target)
        island = "group" if target == "group-marker" else target.removeprefix("island-")
        page.keyboard.press("Enter")
        popup = _open_popup(page, f'.island-popup[data-island="{island}"]')
        assert popup.locator("blockquote.quote").count() >= 1
        assert page.evaluate(_FOCUSED)["inPopup"], "focus did not move into the popup"
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")
        assert target in page.evaluate(_FOCUSED)["cls"], "focus did not come back"
        if len(seen) == len(wanted):
            break
    assert sorted(seen) == sorted(wanted)
    assert m.console_errors == [] and m.page_errors == []


def test_the_groups_quotes_are_reachable(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    page.locator(".group-marker .label-text").click()
    popup = _open_popup(page, '.island-popup[data-island="group"]')
    assert popup.locator("blockquote.quote mark").count() >= 1
    _close_popups(page)

    page.locator('.legend button[data-open="group"]').click()
    _open_popup(page, '.island-popup[data-island="group"]')


def test_the_key_opens_each_islands_popup(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    for island in ISLAND_IDS:
        if not page.locator(".legend").evaluate("el => el.open"):
            page.locator(".legend summary").click()
        page.locator(f'.legend button[data-open="{island}"]').click()
        _open_popup(page, f'.island-popup[data-island="{island}"]')
        assert page.evaluate(_FOCUSED)["inPopup"]
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")
        # Back on the key's button, or on the key's heading if the popup folded the key.
        back = page.evaluate(
            "() => document.activeElement.getAttribute('data-open')"
            " || document.activeElement.tagName"
        )
        assert back in (island, "SUMMARY"), back


def test_layer_control_lists_the_layers_and_toggles_the_islands(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    page.locator(".leaflet-control-layers").hover()
    labels = page.locator(".leaflet-control-layers-overlays label")
    names = [t.strip() for t in labels.all_inner_texts()]
    assert names == [
        "Land around the islands",
        "1855 boundary (approximate)",
        "Islands",
        "The islands as a group",
    ]
    islands = page.get_by_role("checkbox", name="Islands", exact=True)
    islands.uncheck()
    assert page.locator("path.island").count() == 0
    islands.check()
    assert page.locator("path.island").count() == 4
    # Paths drawn again are focusable again.
    assert page.locator('path.island[tabindex="0"]').count() == 4

    # The key brings a switched-off layer back to open the popup asked for.
    islands.uncheck()
    group = page.get_by_role("checkbox", name="The islands as a group")
    group.uncheck()
    page.mouse.move(640, 400)
    page.evaluate("islandmap.open('habomai')")
    _open_popup(page, '.island-popup[data-island="habomai"]')
    _close_popups(page)
    page.evaluate("islandmap.open('group')")
    _open_popup(page, '.island-popup[data-island="group"]')
    page.locator(".leaflet-control-layers").hover()
    assert islands.is_checked() and group.is_checked()


def test_hostile_source_runs_nothing_and_reads_as_text(open_map, fixture_map):
    m = open_map(fixture_map)
    page = m.page
    _click_island(page, "kunashir")
    popup = _open_popup(page, '.island-popup[data-island="kunashir"]')
    hostile = popup.locator('blockquote[data-source="hostile.md"]')
    assert "<script>window.__pwned = 1;</script>" in hostile.inner_text()
    assert "<img src=x onerror=" in hostile.inner_text()
    hostile.locator("cite").hover()
    hostile.locator(".publisher").hover()
    _close_popups(page)

    _click_island(page, "shikotan")
    popup = _open_popup(page, '.island-popup[data-island="shikotan"]')
    text = popup.inner_text()
    assert "[click me](javascript:window.__pwned=3)" in text
    assert "{{ 7 * 7 }}" in text and "${alert(5)}" in text
    popup.get_by_text("click me", exact=False).click()

    assert page.evaluate("window.__pwned") is None
    assert page.locator(".leaflet-popup script, .leaflet-popup img").count() == 0
    assert m.dialogs == []
    assert m.page_errors == [] and m.console_errors == [] and m.refused == []


def test_screenshots_and_a_popup_that_reads_well_on_a_phone(open_map, real_map, artifacts):
    for width, height in ((1280, 800), (375, 667)):
        m = open_map(real_map, width, height)
        page = m.page
        page.screenshot(path=str(artifacts / f"map-{width}x{height}.png"))
        page.evaluate("islandmap.open('iturup')")
        popup = _open_popup(page, '.island-popup[data-island="iturup"]')
        page.screenshot(path=str(artifacts / f"map-with-popup-{width}x{height}.png"))

        box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert box["height"] <= 0.75 * height, box
        assert popup.evaluate("el => getComputedStyle(el).overflowY") == "auto"
        # The close button is not hidden under the layer control or the zoom buttons.
        close = page.locator(".leaflet-popup-close-button").bounding_box()
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('.leaflet-popup-close-button')"
            " !== null",
            [close["x"] + close["width"] / 2, close["y"] + close["height"] / 2],
        )
        assert on_top, f"close button covered at {width}x{height}"
        assert m.console_errors == [] and m.page_errors == [] and m.refused == []
    # The README's screenshot: a popup opened with the mouse, the islands around it.
    m = open_map(real_map, 1280, 800)
    _click_island(m.page, "shikotan")
    _open_popup(m.page, '.island-popup[data-island="shikotan"]')
    m.page.mouse.move(0, 400)
    m.page.screenshot(path=str(artifacts / "readme-1280x800.png"))
    for name in ("map-1280x800", "map-375x667", "map-with-popup-1280x800", "readme-1280x800"):
        assert (artifacts / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_tiles_that_fail_leave_a_clean_map(open_map, tmp_path):
    out = tmp_path / "tiles.html"
    render_map(FIXTURES / "sources", FIXTURES / "geodata", out, tiles="OpenStreetMap")
    m = open_map(out)
    page = m.page
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile').length > 0")
    page.wait_for_function(
        "Array.from(document.querySelectorAll('img.leaflet-tile')).every(img => img.complete)"
    )
    assert any("tile.openstreetmap.org" in url for url in m.refused)
    assert page.locator("img.leaflet-tile-loaded").count() == 0
    hidden = page.evaluate(
        "Array.from(document.querySelectorAll('img.leaflet-tile'))"
        ".every(img => getComputedStyle(img).visibility === 'hidden')"
    )
    assert hidden, "a failed tile shows as a broken image"
    assert page.locator("path.island").count() == 4
    assert page.locator(".leaflet-islandmap-land-pane path").count() >= 1
    assert m.page_errors == []
    # The only console errors are the refused tile requests.
    assert all("ERR_FAILED" in e or "Failed to load" in e for e in m.console_errors)


@pytest.mark.parametrize("island", ISLAND_IDS)
def test_each_popup_fits_a_phone(open_map, real_map, island):
    m = open_map(real_map, 375, 667)
    m.page.evaluate(f"islandmap.open('{island}')")
    _open_popup(m.page, f'.island-popup[data-island="{island}"]')
    box = m.page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
