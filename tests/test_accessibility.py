"""Accessibility in headless Chromium (network blocked): axe-core (bundled by
axe-playwright-python) on the map, an open popup and the text version, with no serious or
critical violation; and the text version read the way a keyboard user reaches it."""

from __future__ import annotations

import pytest

from islandmap.models import ISLAND_IDS

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

# WCAG 2.1 A and AA rules, and axe's best practices (landmarks, headings, …).
_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _serious(page) -> list[str]:
    results = axe_playwright.Axe().run(page, options=_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_map_has_no_serious_violations(open_map, real_map):
    m = open_map(real_map)
    assert _serious(m.page) == []
    assert m.refused == []  # axe ran from the page itself, offline


def test_an_open_popup_and_the_japanese_first_labels_have_none(open_map, real_map):
    m = open_map(real_map)
    m.page.get_by_role("radio", name="Japanese first").check()
    m.page.evaluate("islandmap.open('kunashir')")
    m.page.locator(".leaflet-popup .island-popup").wait_for()
    # After the fade-in: half-faded text would measure as low contrast.
    m.page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    assert _serious(m.page) == []


def test_the_text_version_and_a_phone_have_none(open_map, real_map):
    m = open_map(real_map, 375, 667)
    m.page.get_by_role("button", name="Text version").click()
    m.page.locator("#islandmap-text").wait_for(state="visible")
    assert _serious(m.page) == []


def test_text_colours_have_enough_contrast(open_map, real_map):
    """axe's colour-contrast rule alone, over the page with the text version open (where
    the quotes' text, citations and name tags are on screen together)."""
    m = open_map(real_map)
    m.page.get_by_role("button", name="Text version").click()
    results = axe_playwright.Axe().run(
        m.page, options={"runOnly": ["color-contrast"], "resultTypes": ["violations", "passes"]}
    )
    assert results.response["violations"] == []
    checked = sum(len(p["nodes"]) for p in results.response["passes"])
    assert checked >= 50  # the rule did look at the page's text


def test_a_keyboard_user_reaches_the_text_version_first(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    names = []
    for _ in range(6):
        page.keyboard.press("Tab")
        names.append(
            page.evaluate(
                "() => { const el = document.activeElement;"
                " return el.labels && el.labels.length ? el.labels[0].textContent.trim()"
                " : el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40); }"
            )
        )
    assert "Text version" in names, names
    # The names switch is a radio group: one Tab stop, arrows move within it.
    assert names.count("Both") == 1 and "Japanese first" not in names, names


def test_the_text_version_is_a_list_a_screen_reader_can_walk(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    page.get_by_role("button", name="Text version").click()
    region = page.get_by_role("region", name="Islands and quotes")
    region.wait_for()
    headings = region.get_by_role("heading", level=3).all_inner_texts()
    # Each island, the group, then the moments of the time control (each a heading under it).
    assert len(headings) == len(ISLAND_IDS) + 2
    assert headings[-1] == "Who held the islands, 1855 to today"
    assert region.get_by_role("heading", level=4).count() >= 8
    lists = region.get_by_role("list").filter(has=page.locator("blockquote"))
    items = lists.get_by_role("listitem")
    assert items.count() >= len(ISLAND_IDS)
    first = items.first
    assert first.locator("blockquote mark").count() >= 1
    assert first.locator("cite").count() >= 1
    # Language tags, so a screen reader reads each name in its language.
    assert region.locator('[lang="ja"]').count() >= 4 and region.locator('[lang="ru"]').count() >= 4
