"""Popups that lead with the quotes, quotes newest first, citations for students and for
reviewers, and the text version numbered on screen: headless Chromium, network blocked, at
1280×800 and 375×667.

One page per map and size for the whole module (the fixtures of conftest.py make the
browser and the maps); each test leaves no popup or panel open. Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
from conftest import POPUP_SETTLED, open_popup

from islandmap.models import ISLAND_IDS

SIZES = ((1280, 800), (375, 667))
IDS = (*ISLAND_IDS, "group")

# Where the first quote's text and its first citation are, against the popup's visible box
# (it scrolls) and the window.
_FIRST_QUOTE = """() => {
    const root = document.querySelector('.leaflet-popup .island-popup');
    const quote = root.querySelector('blockquote.quote');
    const box = el => el.getBoundingClientRect();
    const r = box(root), t = box(quote.querySelector('.quote-text'));
    const c = box(quote.querySelector('.citation'));
    return {scrolled: root.scrollTop, inPopup: t.top >= r.top && c.bottom <= r.bottom,
            inWindow: r.top >= 0 && c.bottom <= innerHeight && c.right <= innerWidth};
}"""


def _local_only(route: Any) -> None:
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        route.abort()


class Pages:
    """One page per (map, size), opened when first asked for."""

    def __init__(self, browser: Any, maps: dict[str, Any]) -> None:
        self.browser, self.maps, self.pages, self.contexts = browser, maps, {}, []
        self.errors: list[str] = []

    def __call__(self, name: str, width: int, height: int) -> Any:
        key = (name, width, height)
        if key not in self.pages:
            context = self.browser.new_context(viewport={"width": width, "height": height})
            self.contexts.append(context)
            context.route("**/*", _local_only)
            page = context.new_page()
            page.on("pageerror", lambda error: self.errors.append(str(error)))
            page.goto(self.maps[name].resolve().as_uri())
            page.wait_for_function(
                "window.islandmap && islandmap.map && "
                "document.querySelectorAll('path.island').length === 4"
            )
            self.pages[key] = page
        return self.pages[key]


@pytest.fixture(scope="module")
def pages(chromium_browser, real_map, big_map) -> Iterator[Pages]:
    made = Pages(chromium_browser, {"real": real_map, "big": big_map})
    yield made
    for context in made.contexts:
        context.close()
    assert made.errors == []


def _close(page: Any) -> None:
    page.evaluate("void islandmap.map.closePopup()")
    page.locator(".leaflet-popup").wait_for(state="detached")


# --- popups -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_popup_opens_on_its_first_quote_and_citation(pages, artifacts, width, height):
    for name in ("real", "big"):
        page = pages(name, width, height)
        for island in IDS:
            popup = open_popup(page, island)
            where = page.evaluate(_FIRST_QUOTE)
            assert where == {"scrolled": 0, "inPopup": True, "inWindow": True}, (name, island)
            # The facts are one tap away: a one-line summary, folded, that states both
            # sides' positions in full (a cut "Russia administers, …" would state one).
            facts = popup.locator("details.popup-facts")
            assert not facts.evaluate("el => el.open")
            summary = facts.locator("summary")
            assert summary.bounding_box()["height"] < 40
            if island != "group":
                status = summary.locator(".facts-status")
                assert status.inner_text() == "Russia administers, Japan claims"
                assert status.evaluate(
                    "el => el.getBoundingClientRect().right"
                    " <= el.closest('.facts-line').getBoundingClientRect().right + 0.5"
                )
            if name == "real" and island == "iturup":
                page.screenshot(path=str(artifacts / f"popup-quotes-first-{width}x{height}.png"))
                summary.click()
                assert facts.locator(".status").is_visible()
                assert facts.locator(".area").inner_text().startswith("Area: 3,168 km²")
                assert "Итуруп" in facts.locator(".names").inner_text()
                page.screenshot(path=str(artifacts / f"popup-facts-open-{width}x{height}.png"))
            _close(page)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_tooltip_and_no_scale_bar_over_an_open_popup(pages, artifacts, width, height):
    page = pages("real", width, height)
    for island in ("shikotan", "habomai", "iturup"):
        page.evaluate(
            "id => void islandmap.map.setView(islandmap.layers[id].islandmapPoint,"
            " islandmap.map.getZoom(), {animate: false})",
            island,
        )
        x, y = page.evaluate(
            """id => { const map = islandmap.map, layer = islandmap.layers[id];
            const p = map.latLngToContainerPoint(L.latLng(layer.islandmapPoint));
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }""",
            island,
        )
        page.mouse.move(x, y)
        page.locator(".leaflet-tooltip.island-tooltip >> visible=true").first.wait_for()
        page.mouse.click(x, y)
        page.wait_for_function(POPUP_SETTLED)
        page.mouse.move(x + 2, y + 2)  # still over the island
        assert page.locator(".leaflet-tooltip").evaluate_all(
            "els => els.every(el => !el.getClientRects().length)"
        )
        covered = page.evaluate(
            """() => { const p = document.querySelector('.leaflet-popup-content-wrapper')
                .getBoundingClientRect();
            return Array.from(document.querySelectorAll(
                '.leaflet-control-scale, .leaflet-control-attribution'))
              .filter(el => getComputedStyle(el).visibility !== 'hidden')
              .map(el => el.getBoundingClientRect())
              .filter(c => c.left < p.right && p.left < c.right && c.top < p.bottom
                           && p.top < c.bottom).length; }"""
        )
        assert covered == 0, (island, width)
        if island == "habomai" and width == 375:
            page.screenshot(path=str(artifacts / "popup-no-scale-bar-375x667.png"))
        _close(page)
    # Closed, the scale bar is back.
    assert (
        page.locator(".leaflet-control-scale").evaluate("el => getComputedStyle(el).visibility")
        == "visible"
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_control_covers_a_popup_s_title(pages, artifacts, width, height):
    """On a phone a popup takes the map's width: the time control's button and the zoom
    buttons above it would lie over its title."""
    page = pages("real", width, height)
    for island in IDS:
        popup = open_popup(page, island)
        page.wait_for_function(POPUP_SETTLED)
        on_top = page.evaluate(
            """() => { const title = document.querySelector('.leaflet-popup .island-popup')
                .querySelector('h2, h3');
            const r = title.getBoundingClientRect();
            return [0.1, 0.5, 0.9].map(f => {
              const el = document.elementFromPoint(r.left + f * r.width, r.top + r.height / 2);
              return Boolean(el && title.closest('.leaflet-popup').contains(el)); }); }"""
        )
        assert on_top == [True, True, True], (island, width)
        if island == "shikotan" and width == 375:
            page.screenshot(path=str(artifacts / "popup-title-clear-375x667.png"))
        assert popup.count() == 1
        _close(page)
    # Closed, the controls are back.
    assert (
        page.locator(".leaflet-control-zoom").evaluate("el => getComputedStyle(el).visibility")
        == "visible"
    )


# --- order --------------------------------------------------------------------------------------


def test_quotes_are_newest_first_everywhere_and_the_panel_sorts_both_ways(
    pages, big_data, artifacts
):
    passages = big_data["passages"]
    for item in (*big_data["islands"].values(), big_data["group"]):
        dates = [passages[q[0]].get("date", "") for q in item["quotes"]]
        assert dates == sorted(dates, reverse=True)
    page = pages("big", 1280, 800)
    popup = open_popup(page, "kunashir")
    newest = passages[big_data["islands"]["kunashir"]["quotes"][0][0]]["date"]
    assert popup.locator("blockquote.quote time").first.get_attribute("datetime") == newest
    popup.locator("button.panel-open").click()
    panel = page.locator('#islandmap-panel[data-island="kunashir"]')
    panel.wait_for(state="visible")
    status = page.locator("#islandmap-panel-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text().endswith(", newest first")

    # From the keyboard: the Order select, one key down.
    order = panel.get_by_label("Order")
    order.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "() => document.getElementById('islandmap-panel-status').textContent"
        ".endsWith('oldest first')"
    )
    shown = panel.locator("blockquote.quote").evaluate_all(
        "rows => rows.map(r => r.querySelector('time').getAttribute('datetime'))"
    )
    every = sorted(passages[q[0]]["date"] for q in big_data["islands"]["kunashir"]["quotes"])
    assert shown[0] == every[0] and shown == sorted(shown)
    page.screenshot(path=str(artifacts / "panel-oldest-first-1280x800.png"))
    order.select_option("newest")
    assert status.inner_text().endswith(", newest first")
    page.evaluate("islandmap.closePanel()")
    _close(page)


# --- citations ----------------------------------------------------------------------------------


def test_citations_show_students_the_source_and_reviewers_the_file(pages, artifacts):
    page = pages("real", 1280, 800)
    first = page.evaluate(
        "() => { const d = JSON.parse(document.getElementById('islandmap-data').textContent);"
        " const p = d.passages[d.islands.iturup.quotes[0][0]];"
        " return d.sources[p.refs[0][0]]; }"
    )
    popup = open_popup(page, "iturup")
    citation = popup.locator(".citation").first
    text = citation.inner_text()
    assert first["publisher"] in text and first["title"] in text
    # The date as the page's language writes it (Intl), the day as the data has it.
    assert citation.locator("time").get_attribute("datetime") == first["date"]
    assert citation.locator("cite a[href^='http']").is_visible()
    assert first["file"] not in text and not citation.locator(".locator").is_visible()
    assert citation.get_attribute("data-source") == first["file"]  # for pages that test
    _close(page)

    # Reviewers: the panel's switch shows file and passage everywhere, until switched off.
    page.evaluate("islandmap.openPanel('iturup')")
    switch = page.get_by_label("Show file names and passage numbers (for reviewers)")
    switch.check()
    locator = page.locator("#islandmap-panel .citation .locator").first
    assert re.fullmatch(r"File \S+\.md, passage \d+", locator.inner_text())
    page.evaluate("islandmap.closePanel()")
    popup = open_popup(page, "iturup")
    assert popup.locator(".citation .locator").first.is_visible()
    _close(page)
    page.evaluate("islandmap.showLocators(false)")
    assert not switch.is_checked()

    # The text version always shows them.
    page.get_by_role("button", name="Text version").click()
    text_version = page.locator("#islandmap-text")
    text_version.wait_for(state="visible")
    assert text_version.locator(".citation .locator").first.is_visible()
    page.get_by_role("button", name="Back to the map").click()
    text_version.wait_for(state="hidden")


def test_a_reprinted_passage_cites_three_and_n_more(pages, big_data, artifacts):
    page = pages("big", 375, 667)
    # The island (or group) that shows a passage of more than four sources soonest.
    found = []
    for island in IDS:
        item = big_data["group"] if island == "group" else big_data["islands"][island]
        for at, quote in enumerate(item["quotes"][:20]):  # the panel's first page
            if len(big_data["passages"][quote[0]]["refs"]) > 4:
                found.append((at, island, len(big_data["passages"][quote[0]]["refs"])))
                break
    at, island, refs = min(found)
    places = [page.locator("#islandmap-panel")]
    if at < 5:  # in the popup too
        places.insert(0, open_popup(page, island))
    for where in places:
        if where == places[-1]:
            if len(places) > 1:
                _close(page)
            page.evaluate(f"islandmap.openPanel('{island}')")
        quote = where.locator("blockquote.quote").nth(at)
        assert quote.locator(".citation").count() == 3
        more = quote.locator("button.citations-toggle")
        assert more.inner_text() == f"and {refs - 3} more sources"
        assert more.get_attribute("aria-expanded") == "false"
        more.focus()
        page.keyboard.press("Enter")
        assert quote.locator(".citation").count() == refs
        assert quote.locator(".citations-more .citation").first.is_visible()
        assert more.get_attribute("aria-expanded") == "true"
        more.scroll_into_view_if_needed()
        kind = "panel" if where == places[-1] else "popup"
        page.screenshot(path=str(artifacts / f"more-sources-{kind}-375x667.png"))
        page.keyboard.press("Enter")
        assert not quote.locator(".citations-more").is_visible()
    page.evaluate("islandmap.closePanel()")

    # The text version too.
    page.get_by_role("button", name="Text version").click()
    text_version = page.locator("#islandmap-text")
    text_version.wait_for(state="visible")
    entry = text_version.locator(f'.text-entry[data-island="{island}"]')
    quote = entry.locator("blockquote.quote").nth(at)
    quote.wait_for()  # listed at once, or a moment later (a long list fills while read)
    assert quote.locator(".citation").count() == 3
    assert quote.locator("button.citations-toggle").text_content() == f"and {refs - 3} more sources"
    page.get_by_role("button", name="Back to the map").click()
    text_version.wait_for(state="hidden")


# --- the text version ---------------------------------------------------------------------------


def test_the_text_version_shows_its_numbers_on_screen(pages, artifacts):
    # The screen as drawn (screen styles, not print's), read back from a PDF of it: the
    # first quotes with their numbers. The real map's page: a PDF lays the whole text
    # version out, and the big map's would take seconds for what its first page shows.
    page = pages("real", 1280, 800)
    page.get_by_role("button", name="Text version").click()
    text_version = page.locator("#islandmap-text")
    text_version.wait_for(state="visible")
    page.emulate_media(media="screen")
    pdf = artifacts / "text-version-on-screen.pdf"
    page.pdf(path=str(pdf), width="1280px", height="800px", print_background=True, page_ranges="1")
    page.emulate_media(media=None)
    page.get_by_role("button", name="Back to the map").click()
    text_version.wait_for(state="hidden")
    drawn = " ".join(
        unicodedata.normalize("NFKC", pypdf.PdfReader(str(pdf)).pages[0].extract_text()).split()
    )
    for n in (1, 2):
        assert re.search(rf"(?<![\d.]){n}\. \S", drawn), (n, drawn[:400])
    page = pages("big", 1280, 800)
    page.get_by_role("button", name="Text version").click()
    text_version = page.locator("#islandmap-text")
    text_version.wait_for(state="visible")
    # Past 99, each number whole, in the room the list leaves for it.
    item = text_version.locator("ol.quote-list > li").nth(99)
    item.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "text-version-numbers-1280x800.png"))
    room = item.evaluate("li => parseFloat(getComputedStyle(li.parentNode).paddingLeft)")
    digit = item.evaluate(
        "li => { const s = document.createElement('b'); s.textContent = '100.';"
        " li.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; }"
    )
    assert room > digit, (room, digit)
    page.get_by_role("button", name="Back to the map").click()
    text_version.wait_for(state="hidden")
