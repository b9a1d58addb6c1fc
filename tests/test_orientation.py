"""Where the islands are: the region's land and names, the locator, the view limits and the
reset button, in headless Chromium with the network blocked (fixtures in conftest.py).

Screenshots go to test-artifacts/orientation-*.png.
"""

from __future__ import annotations

import pytest

SIZES = [(1280, 800), (900, 560), (640, 400), (360, 640), (1920, 1080)]

# The shown labels' boxes, and the boxes of what they must not cover.
_LABEL_BOXES = """() => {
    const box = el => {
        const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    };
    const shown = el => el.getClientRects().length
        && getComputedStyle(el).visibility !== 'hidden'
        && getComputedStyle(el).display !== 'none'
        && getComputedStyle(el.closest('.leaflet-marker-icon')).visibility !== 'hidden';
    const labels = [...document.querySelectorAll(
        '.place-label .label-text, .context-label .label-text,'
        + ' .island-label:not(.context-label) .label-text')]
        .filter(shown).map(el => ({text: el.innerText, box: box(el)}));
    const controls = [...document.querySelectorAll('.leaflet-control')]
        .filter(el => el.getClientRects().length).map(el => ({text: el.className, box: box(el)}));
    return {labels, controls};
}"""

_SHOWN_PLACES = """() => [...document.querySelectorAll('.place-label')]
    .filter(el => getComputedStyle(el).visibility !== 'hidden')
    .map(el => el.querySelector('.label-text').innerText)"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _settle(page) -> None:
    page.wait_for_timeout(150)  # the labels are placed in the next animation frame


def _check_no_overlaps(page) -> list[str]:
    found = page.evaluate(_LABEL_BOXES)
    labels, controls = found["labels"], found["controls"]
    problems = []
    for n, one in enumerate(labels):
        for other in labels[n + 1 :]:
            if _overlap(one["box"], other["box"]):
                problems.append(f"{one['text']!r} overlaps {other['text']!r}")
        for control in controls:
            if _overlap(one["box"], control["box"]):
                problems.append(f"{one['text']!r} overlaps {control['text']!r}")
    return problems


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_labels_overlap_nothing_opened_and_zoomed_out(
    open_map, real_map, artifacts, width: int, height: int
) -> None:
    result = open_map(real_map, width=width, height=height)
    page = result.page
    _settle(page)
    page.screenshot(path=str(artifacts / f"orientation-open-{width}x{height}.png"))
    # Island labels may meet the key at small sizes (that is the frames' issue): here the
    # region's and the land's names are checked against everything.
    problems = [p for p in _check_no_overlaps(page) if "Iturup" not in p and "Kunashir" not in p]
    problems = [p for p in problems if "Shikotan" not in p and "Habomai" not in p]
    assert problems == []
    page.evaluate("void islandmap.map.setZoom(islandmap.map.getMinZoom(), {animate: false})")
    _settle(page)
    page.screenshot(path=str(artifacts / f"orientation-min-zoom-{width}x{height}.png"))
    problems = [p for p in _check_no_overlaps(page) if "Iturup" not in p and "Kunashir" not in p]
    problems = [p for p in problems if "Shikotan" not in p and "Habomai" not in p]
    assert problems == []
    assert result.page_errors == [] and result.console_errors == []
    assert result.refused == []


def test_zoomed_out_to_the_minimum_the_region_is_named(open_map, real_map) -> None:
    page = open_map(real_map).page
    page.evaluate("void islandmap.map.setZoom(islandmap.map.getMinZoom(), {animate: false})")
    _settle(page)
    shown = page.evaluate(_SHOWN_PLACES)
    for name in ("Hokkaido", "Kamchatka", "Sakhalin", "Sea of Okhotsk", "Pacific Ocean"):
        assert name in shown, shown
    # The land of the region is drawn: Kamchatka's southern tip is in view and on land.
    assert page.locator(".leaflet-islandmap-region-pane path").count() >= 1


def test_the_wheel_cannot_zoom_out_past_the_region(open_map, real_map) -> None:
    page = open_map(real_map).page
    min_zoom = page.evaluate("islandmap.map.getMinZoom()")
    assert min_zoom >= 4
    box = page.locator("#map, .folium-map").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(30):
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(40)
    page.wait_for_timeout(400)
    zoom = page.evaluate("islandmap.map.getZoom()")
    assert zoom == pytest.approx(min_zoom)
    # The view stays inside the region: the islands are still on the map.
    inside = page.evaluate(
        "() => { const b = L.latLngBounds(JSON.parse(document.getElementById("
        "'islandmap-config').textContent).view.maxBounds).pad(0.01);"
        " const c = islandmap.map.getCenter(); return b.contains(c)"
        " && islandmap.map.getBounds().contains(islandmap.layers.iturup.islandmapPoint); }"
    )
    assert inside


def test_reset_view_returns_to_the_islands(open_map, real_map, artifacts) -> None:
    page = open_map(real_map).page
    opening = page.evaluate("[islandmap.map.getCenter(), islandmap.map.getZoom()]")
    page.evaluate("void islandmap.map.setView([50, 155], 6, {animate: false})")
    button = page.get_by_role("button", name="Reset view")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    back = page.evaluate("[islandmap.map.getCenter(), islandmap.map.getZoom()]")
    assert back[1] == opening[1]
    assert back[0]["lat"] == pytest.approx(opening[0]["lat"], abs=0.005)
    assert back[0]["lng"] == pytest.approx(opening[0]["lng"], abs=0.005)
    page.screenshot(path=str(artifacts / "orientation-reset-1280x800.png"))


def test_the_locator_shows_the_view_and_hides(open_map, real_map, artifacts) -> None:
    page = open_map(real_map).page
    locator = page.locator("#islandmap-locator-map")
    assert locator.is_visible()
    box = locator.bounding_box()
    assert box["width"] >= 100 and box["height"] >= 80
    # The main map's view is outlined, inside the locator.
    outline = page.locator(
        "#islandmap-locator-map path.leaflet-interactive, #islandmap-locator-map path"
    )
    assert outline.count() >= 3
    toggle = page.get_by_role("button", name="Hide locator")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.focus()
    page.keyboard.press("Enter")
    assert not locator.is_visible()
    show = page.get_by_role("button", name="Locator")
    assert show.get_attribute("aria-expanded") == "false"
    page.screenshot(path=str(artifacts / "orientation-locator-hidden-1280x800.png"))
    show.click()
    assert locator.is_visible()


@pytest.mark.parametrize(("width", "height"), [(360, 640), (900, 560)])
def test_the_locator_starts_hidden_on_a_small_map(open_map, real_map, width, height) -> None:
    page = open_map(real_map, width=width, height=height).page
    assert not page.locator("#islandmap-locator-map").is_visible()
    assert page.get_by_role("button", name="Locator").is_visible()


def test_strait_names_follow_the_names_order(open_map, real_map) -> None:
    page = open_map(real_map).page
    page.evaluate("void islandmap.map.setView([44.2, 146.2], 7, {animate: false})")
    label = page.locator(".place-label-strait", has_text="Kunashir Strait").first

    def forms(mode: str) -> list[str]:
        return label.locator(f".name-order-{mode} .name-form").all_text_contents()

    assert forms("both") == ["Nemuro Strait", "Kunashir Strait"]
    assert forms("ja") == ["Nemuro Strait", "Kunashir Strait"]
    assert forms("ru") == ["Kunashir Strait", "Nemuro Strait"]
    page.evaluate("document.documentElement.setAttribute('data-names', 'ru')")

    def display(mode: str) -> str:
        return label.locator(f".name-order-{mode}").evaluate("el => getComputedStyle(el).display")

    assert display("ru") != "none"
    assert display("both") == display("ja") == "none"


def test_without_a_region_the_view_is_still_limited_and_can_be_reset(open_map, fixture_map) -> None:
    page = open_map(fixture_map).page
    # No region's land; the locator shows the land there is within the limits.
    assert page.locator(".leaflet-islandmap-region-pane path").count() == 0
    assert page.locator("#islandmap-locator").count() == 1
    assert page.evaluate("islandmap.map.getMinZoom()") >= 4
    opening = page.evaluate("islandmap.map.getZoom()")
    page.evaluate("void islandmap.map.setZoom(islandmap.map.getMinZoom(), {animate: false})")
    page.get_by_role("button", name="Reset view").click()
    page.wait_for_timeout(200)
    assert page.evaluate("islandmap.map.getZoom()") == opening


# The group's marker as shown, the controls, the open key, the credits, the islands' and
# their labels' boxes, and the scale bar's lines, with whether each label is wider than its
# line.
_WITH_LARGE_TEXT = """() => {
    const box = el => {
        const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    };
    const marker = document.querySelector('.group-marker .label-text');
    const group = marker && marker.getClientRects().length
        && getComputedStyle(marker).visibility !== 'hidden' ? box(marker) : null;
    const key = document.getElementById('islandmap-legend');
    return {
        group,
        controls: [...document.querySelectorAll('.leaflet-control')]
            .filter(el => el.getClientRects().length).map(el => [el.className, box(el)]),
        key: key.open ? box(key) : null,
        credits: box(document.querySelector('.leaflet-control-attribution')),
        labels: [...document.querySelectorAll('.island-label:not(.context-label) .label-text')]
            .filter(el => el.getClientRects().length).map(box),
        islands: [...document.querySelectorAll('path.island')].map(box),
        scale: [...document.querySelectorAll('.leaflet-control-scale-line')]
            .filter(el => el.clientWidth)
            .map(el => [el.textContent, box(el), el.scrollWidth > el.clientWidth]),
    };
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1024, 768), (1920, 1080), (375, 667)])
def test_with_large_text_the_key_the_group_marker_and_the_scale_keep_clear(
    open_map, real_map, artifacts, width: int, height: int
) -> None:
    """With large text the group's marker sat under the locator at 1280×800 and over the
    islands on a phone, the open key hid the islands on a projector of 1024×768, and the
    scale bar's "30 km" was cut at its line's end."""
    result = open_map(real_map, width=width, height=height)
    page = result.page
    page.get_by_role("button", name="Large text").click()
    page.wait_for_function("document.documentElement.dataset.text === 'large'")
    _settle(page)
    page.screenshot(path=str(artifacts / f"orientation-large-text-{width}x{height}.png"))
    found = page.evaluate(_WITH_LARGE_TEXT)
    # every scale label whole, and no line under the credits
    assert [text for text, _, cut in found["scale"] if cut] == []
    assert [text for text, b, _ in found["scale"] if _overlap(b, found["credits"])] == []
    # the open key over no island (where there is no room beside it, it folds)
    if found["key"] is not None:
        assert [b for b in found["islands"] if _overlap(found["key"], b)] == []
    group = found["group"]
    if width >= 1024:
        assert group is not None  # there is room for it
        assert [c for c, b in found["controls"] if _overlap(group, b)] == []
        assert [b for b in found["labels"] if _overlap(group, b)] == []
        assert [b for b in found["islands"] if _overlap(group, b)] == []
    else:
        # a phone: zoomed so far out that the islands have no names, and no room for the
        # marker beside them: out of sight (the key opens the group)
        assert found["labels"] == [] and group is None
    assert result.page_errors == [] and result.console_errors == []
