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
        "The region and its names",
        "Land around the islands",
        "Lines: 1855 treaty, administration since 1945 (approximate)",
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


# --- the online page ---------------------------------------------------------------------


def _cdn_files() -> dict[str, tuple[bytes, str]]:
    from islandmap.page.assets import LEAFLET_CDN
    from islandmap.page.assets import leaflet_dir as _leaflet_dir

    leaflet = _leaflet_dir()
    files = {
        f"{LEAFLET_CDN}leaflet.js": ((leaflet / "leaflet.js").read_bytes(), "text/javascript"),
        f"{LEAFLET_CDN}leaflet.css": ((leaflet / "leaflet.css").read_bytes(), "text/css"),
    }
    for image in (leaflet / "images").glob("*.png"):
        files[f"{LEAFLET_CDN}images/{image.name}"] = (image.read_bytes(), "image/png")
    return files


@pytest.fixture(scope="module")
def online_map(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("online") / "online.html"
    render_map(FIXTURES / "sources", FIXTURES / "geodata", out, offline=False)
    return out


def test_online_page_draws_with_leaflet_from_the_cdn(open_map, online_map):
    # The CDN answered with xstatic-leaflet's bytes: the integrity check passes.
    m = open_map(online_map, serve=_cdn_files())
    _click_island(m.page, "iturup")
    _open_popup(m.page, '.island-popup[data-island="iturup"]')
    assert m.page_errors == [] and m.console_errors == [] and m.refused == []


def test_online_page_refuses_a_tampered_leaflet(open_map, online_map):
    files = _cdn_files()
    url = next(u for u in files if u.endswith(".js"))
    files[url] = (files[url][0] + b"\nwindow.__tampered = 1;\n", "text/javascript")
    m = open_map(online_map, serve=files, ready=False)
    m.page.wait_for_load_state("load")
    assert m.page.evaluate("typeof window.L") == "undefined"
    assert m.page.evaluate("window.__tampered") is None
    assert any("integrity" in e for e in m.console_errors), m.console_errors


# --- names ---------------------------------------------------------------------------------


def _label_texts(page) -> list[str]:
    return page.evaluate(
        # The forms each label shows, as drawn (hidden orders have no boxes).
        "() => Array.from(document.querySelectorAll('.island-label:not(.context-label)'"
        " + ' .label-text')).map(el => Array.from(el.querySelectorAll('.name-form'))"
        ".filter(f => f.getClientRects().length).map(f => f.textContent).join(' | '))"
    )


def test_the_names_switch_changes_which_form_leads(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    assert _label_texts(page) == [
        "Iturup / Etorofu",  # the label in islands.yaml
        "Kunashir / Kunashiri",
        "Shikotan",
        "Habomai",
    ]
    page.get_by_role("radio", name="Japanese first").check()
    assert page.evaluate("document.documentElement.dataset.names") == "ja"
    # Each side's names in its script and in Latin letters, the leading side's first.
    assert _label_texts(page) == [
        "択捉島 | Etorofu | Итуруп | Iturup",
        "国後島 | Kunashiri | Кунашир | Kunashir",
        "色丹島 | Shikotan | Шикотан | Shikotan",
        "歯舞群島 | Habomai | Хабомаи | Khabomai",
    ]
    # The leading side's names on top, the other side's under them, smaller.
    lead, other = page.locator(".island-label .name-order-ja .name-line").all()[:2]
    lead_box, other_box = lead.bounding_box(), other.bounding_box()
    assert other_box["y"] >= lead_box["y"] + lead_box["height"] - 1, (lead_box, other_box)
    sizes = [f.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") for f in (lead, other)]
    assert sizes[1] < sizes[0]
    x, y = page.evaluate(_ISLAND_POINT, "kunashir")
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip.island-tooltip .tooltip-names")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == "Kunashiri · 国後島 · Kunashir · Кунашир"
    legend = page.locator('.legend button[data-open="iturup"] .legend-name')
    assert legend.inner_text() == "択捉島 / Etorofu / Итуруп / Iturup"

    page.get_by_role("radio", name="Russian first").check()
    assert _label_texts(page)[0] == "Итуруп | Iturup | 択捉島 | Etorofu"
    page.mouse.move(0, 400)
    page.mouse.move(x, y)
    assert tooltip.inner_text() == "Kunashir · Кунашир · Kunashiri · 国後島"


def test_names_option_sets_the_order_the_page_opens_in(open_map, tmp_path):
    out = tmp_path / "ru.html"
    render_map(FIXTURES / "sources", FIXTURES / "geodata", out, names="ru")
    m = open_map(out)
    assert m.page.get_by_role("radio", name="Russian first").is_checked()
    assert m.page.evaluate("document.documentElement.dataset.names") == "ru"


def test_island_labels_are_legible_and_hidden_when_zoomed_far_out(open_map, real_map):
    m = open_map(real_map, 1920, 1080)  # a projector
    page = m.page
    style = page.locator(".island-label-center .label-text").first.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [parseFloat(s.fontSize), s.fontWeight, s.textShadow, s.color]; }"
    )
    size, weight, shadow, colour = style
    assert size >= 17 and int(weight) >= 700, style
    assert "rgb(255, 255, 255)" in shadow and colour == "rgb(17, 17, 17)"
    # No two island labels overlap at the opening view.
    boxes = page.evaluate(
        "() => Array.from(document.querySelectorAll('.island-label:not(.context-label)"
        " .label-text')).map(el => { const r = el.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })"
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    page.evaluate("void islandmap.map.setZoom(5, {animate: false})")
    assert page.locator(".island-label-center .label-text").first.is_hidden()
    page.evaluate("void islandmap.map.setZoom(9.5, {animate: false})")
    bigger = page.locator(".island-label-center .label-text").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert bigger > size


# --- the text version ----------------------------------------------------------------------


def test_text_version_lists_every_island_and_quote_numbered(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    button = page.get_by_role("button", name="Text version")
    button.focus()
    page.keyboard.press("Enter")
    section = page.locator("#islandmap-text")
    section.wait_for(state="visible")
    assert page.locator(".folium-map").is_hidden()
    assert page.evaluate("document.activeElement.id") == "islandmap-text-title"
    entries = section.locator(".text-entry")
    assert [e.get_attribute("data-island") for e in entries.all()] == [*ISLAND_IDS, "group"]
    assert [h.inner_text() for h in section.locator("h3").all()][:2] == [
        "Iturup / Etorofu",
        "Kunashir / Kunashiri",
    ]
    # One numbered list across the page: 1, 2, 3, … whatever the island.
    numbers = section.locator("ol.quote-list").evaluate_all(
        "lists => lists.flatMap(ol => Array.from(ol.children).map((li, i) => ol.start + i))"
    )
    popups = page.evaluate(  # every island's quotes and the group's, from the page's data
        "() => { const d = JSON.parse(document.getElementById('islandmap-data').textContent);"
        " return [...Object.values(d.islands), d.group]"
        ".map(i => i.quotes.length).reduce((a, b) => a + b, 0); }"
    )
    assert numbers == list(range(1, popups + 1))
    assert section.locator("li blockquote.quote mark").count() >= popups
    assert section.locator("li blockquote.quote cite a[href]").count() >= 1
    # Every link in it is reachable with Tab, and Escape goes back to the map.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#islandmap-text') !== null")
    page.keyboard.press("Escape")
    section.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == "islandmap-text-toggle"
    assert page.locator("path.island").count() == 4
    assert page.locator(".folium-map").bounding_box()["height"] > 500
    assert m.console_errors == [] and m.page_errors == []


def test_the_text_version_of_a_hostile_source_runs_nothing(open_map, fixture_map):
    from playwright.sync_api import expect

    m = open_map(fixture_map)
    page = m.page
    page.get_by_role("button", name="Text version").click()
    section = page.locator("#islandmap-text")
    section.wait_for(state="visible")
    # Shown as text where a reader scrolls to it (the browser draws the lists of quotes
    # only near the screen).
    for needle in ("<script>window.__pwned = 1;</script>", "{{ 7 * 7 }}"):
        quote = section.locator("blockquote.quote", has_text=needle).first
        quote.scroll_into_view_if_needed()
        expect(quote).to_contain_text(needle, use_inner_text=True)
    assert section.locator("script, img, iframe").count() == 0
    hrefs = section.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert page.evaluate("window.__pwned") is None
    assert m.dialogs == [] and m.page_errors == []
