"""The time control in headless Chromium (network blocked): each moment of the history
layer colours the islands and the rest of the chain by who held them, draws the lines then
in force and shows (and announces) its note with its sources; back to the map as it opens;
from the keyboard; in the address; the chart of quotes per year against `islandmap
passages`; the range of years filtering the popups and the panel; printing (a moment on
page 1 of the A4 handout, read back from the PDF); on a phone (the control a bar at the
map's foot, the islands above it); axe-core. One page (the session's real map) for the
module, its window resized where a test needs it; screenshots and PDFs go to
test-artifacts/."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import POPUP_SETTLED, settled

from islandmap.cli import cli
from islandmap.history import load_history, period_in_force
from islandmap.page.assets import colour
from islandmap.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
HISTORY = json.loads((ROOT / "geodata" / "history.geojson").read_text("utf-8"))
PERIODS = {p["id"]: p for p in HISTORY["periods"]}
ISLANDS = ("iturup", "kunashir", "shikotan", "habomai")

_READY = (
    "window.islandmap && islandmap.map && document.querySelectorAll('path.island').length === 4"
)

# What the map shows: each island's fill, the history layer's land and lines as drawn.
_SHOWN = """() => {
    const fills = {};
    for (const id of ['iturup', 'kunashir', 'shikotan', 'habomai']) {
        const p = document.querySelector('path.island-' + id);
        fills[id] = {fill: p.getAttribute('fill'), dash: p.getAttribute('stroke-dasharray'),
                     label: p.getAttribute('aria-label')};
    }
    const pane = document.querySelector('.leaflet-islandmap-history-pane');
    const units = pane
        ? Array.from(pane.querySelectorAll('path')).map(p => p.getAttribute('fill')) : [];
    const note = document.getElementById('islandmap-history-note');
    const pressed = Array.from(document.querySelectorAll('.history-event[aria-pressed=true]'))
        .map(b => b.getAttribute('data-period'));
    const boundary = islandmap.map.getContainer().querySelectorAll(
        ':scope > .leaflet-map-pane > .leaflet-overlay-pane path:not(.island)');
    const lines = Array.from(boundary).filter(p => Number(p.getAttribute('stroke-opacity') || 1) > 0
        && Number(p.getAttribute('stroke-width') || 1) > 0 && p.getAttribute('fill') === 'none');
    return {fills, units, pressed, lines: lines.length, hash: location.hash,
            note: note.textContent,
            links: Array.from(note.querySelectorAll('a')).map(a => a.href),
            live: note.getAttribute('aria-live'),
            history: document.documentElement.getAttribute('data-history')};
}"""


@pytest.fixture(scope="module")
def page(chromium_browser: Any, real_map: Path) -> Iterator[Any]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    errors: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            errors.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    p = context.new_page()
    p.on("pageerror", lambda error: errors.append(str(error)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.goto(real_map.resolve().as_uri())
    p.wait_for_function(_READY)
    p.url_base = real_map.resolve().as_uri()  # type: ignore[attr-defined]
    yield p
    assert errors == []
    context.close()


def _goto(page: Any, fragment: str) -> None:
    page.goto(f"{page.url_base}#{fragment}" if fragment else page.url_base)
    page.reload()
    page.wait_for_function(_READY)
    page.wait_for_timeout(50)


@pytest.mark.parametrize("period", list(PERIODS))
def test_each_moment_colours_the_land_draws_its_lines_and_says_what_happened(
    page, period, artifacts
) -> None:
    info = PERIODS[period]
    control = page.locator("#islandmap-history")
    if not control.evaluate("el => el.open"):
        page.click("#islandmap-history > summary")
    page.click(f'.history-event[data-period="{period}"]')
    shown = page.evaluate(_SHOWN)
    assert shown["pressed"] == [period]
    assert shown["history"] == period
    assert f"year={period}" in shown["hash"]
    for island in ISLANDS:
        holder = info["holders"][island]
        assert shown["fills"][island]["fill"].lower() == colour(f"history-{holder}").lower()
        claimed = island in info["claims"]
        assert bool(shown["fills"][island]["dash"]) == claimed, island
        assert "held by" in shown["fills"][island]["label"]
    # Urup, the chain to Shumshu and Sakhalin's two halves, each in its holder's colour.
    expected = sorted(
        colour(f"history-{info['holders'][u]}").lower()
        for u in ("urup", "kurils_north", "sakhalin_south", "sakhalin_north")
    )
    assert sorted(f.lower() for f in shown["units"]) == expected
    assert shown["lines"] == len(info["lines"])
    assert info["title"] in shown["note"]
    assert shown["live"] == "polite"
    for source in info["sources"]:
        assert source["url"] in shown["links"]
    for reading in info["readings"].values():
        assert reading["source"] in shown["links"]
    if period in ("1855", "1905", "today"):
        page.screenshot(path=str(artifacts / f"history-{period}.png"))


_GROUP_OVER_ISLANDS = """() => {
    const box = el => { const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    const label = document.querySelector('.group-marker .label-text');
    const shown = getComputedStyle(label).visibility !== 'hidden';
    return {shown, over: shown ? Array.from(document.querySelectorAll('path.island'))
        .map(box).filter(i => { const g = box(label);
            return g[0] < i[2] && i[0] < g[2] && g[1] < i[3] && i[1] < g[3]; }).length : 0};
}"""


@pytest.mark.parametrize("size", [(1280, 800), (375, 667)], ids=["laptop", "phone"])
def test_a_moment_zoomed_out_leaves_the_islands_clear_of_the_group_s_marker(page, size) -> None:
    """Zoomed out to the chain, the islands are small and unnamed: the group's marker,
    where it stood, covered the southern islands and their colours."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    try:
        for period in ("1946", "today"):
            _goto(page, f"year={period}")
            page.wait_for_timeout(300)
            shown = settled(page, _GROUP_OVER_ISLANDS)
            assert shown["over"] == 0, (period, size, shown)
        _goto(page, "")
        assert settled(page, _GROUP_OVER_ISLANDS)["shown"]  # the map as it opens shows it
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})


def test_back_to_the_map_as_it_opens(page) -> None:
    _goto(page, "year=1875")
    assert page.evaluate(_SHOWN)["pressed"] == ["1875"]
    page.click("#islandmap-history-clear")
    shown = page.evaluate(_SHOWN)
    assert shown["pressed"] == [] and shown["history"] is None and shown["units"] == []
    for island in ISLANDS:
        assert shown["fills"][island]["fill"].lower() == colour(f"island-{island}").lower()
    assert "year=" not in shown["hash"]
    # The map's own lines are back: the 1855 line and where the administrations meet.
    assert shown["lines"] == 2
    assert "without who held them" in shown["note"]


def test_with_large_text_the_time_controls_buttons_grow_too(page) -> None:
    """On a projector with large text, "Back to the map as it opens" and the chart's
    choices stayed at the browser's 13 px beside the moments' buttons, a size up."""
    _goto(page, "text=large&year=1875")
    sizes = page.evaluate(
        """() => Object.fromEntries(['.history-event', '#islandmap-history-clear',
            '#islandmap-years-island', '#islandmap-years-from'].map(s =>
            [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)]))"""
    )
    assert sizes[".history-event"] > 18, sizes
    assert len(set(sizes.values())) == 1, sizes
    _goto(page, "")


def test_the_time_control_works_from_the_keyboard(page) -> None:
    _goto(page, "")
    page.focus("#islandmap-history > summary")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('islandmap-history').open")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-period')")
    assert focused == "1855"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(_SHOWN)["pressed"] == ["1875"]
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.evaluate(_SHOWN)["pressed"] == ["1905"]


@pytest.mark.parametrize(
    ("fragment", "period"),
    [
        ("year=1910", "1905"),
        ("year=today", "today"),
        ("year=2000", "today"),
        ("v=1&YEAR=1855&names=ja", "1855"),
        ("year=1700", None),
        ("year=soon", None),
    ],
)
def test_the_moment_is_read_from_the_address(page, fragment, period) -> None:
    _goto(page, fragment)
    assert page.evaluate(_SHOWN)["history"] == period


def test_every_year_opens_the_moment_the_table_says(page) -> None:
    # The page's reading of year=Y against islandmap.history.period_in_force, 1840-2040.
    _goto(page, "")
    years = list(range(1840, 2041))
    shown = page.evaluate("ys => ys.map(y => islandmap.historyPeriodFor(String(y)))", years)
    history = load_history()
    expected = [(p.id if (p := period_in_force(history, y)) else None) for y in years]
    assert shown == expected
    assert shown[years.index(1991)] == "1956" and shown[years.index(2000)] == "today"


_HELD = """period => { islandmap.setPeriod(period);
    return [document.querySelector('path.island-shikotan').getAttribute('aria-label'),
            document.getElementById('islandmap-history-note').innerText]; }"""


def test_the_islands_name_their_holder_as_it_was_then(page) -> None:
    # Russia by the name it had then: the Soviet Union from 1945 to 1991, the Russian
    # Federation today; read out with each island and written in the note.
    _goto(page, "")
    for period, held in (
        ("1945", ": held by Soviet Union in 1945"),
        ("1956", ": held by Soviet Union, claimed by Japan, 1956"),
        ("today", ": held by Russia (Russian Federation), claimed by Japan, Today"),
    ):
        label, note = page.evaluate(_HELD, period)
        assert label.startswith("Shikotan") and label.endswith(held), label
        name = held.split("held by ")[1].split(" in ")[0].split(",")[0]
        assert f"{name}: Habomai, Shikotan" in note, note
    assert page.evaluate("islandmap.setLanguage('ru')")
    label, note = page.evaluate(_HELD, "1956")
    assert "управление — Советский Союз" in label and "Советский Союз: " in note
    _goto(page, "")


def test_old_links_still_open_what_they_did(page) -> None:
    _goto(page, "island=shikotan&names=ja")
    popup = page.evaluate(
        "() => document.querySelector('.leaflet-popup .island-popup').getAttribute('data-island')"
    )
    assert popup == "shikotan"
    assert page.evaluate(_SHOWN)["history"] is None
    assert page.evaluate("document.documentElement.getAttribute('data-names')") == "ja"


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def expected_counts() -> dict[str, dict[str, Counter]]:
    """Quotes per year and name form as `islandmap passages` lists them: a passage printed
    by several sources counted once, in the year of its newest dated source; an island's
    quote is in its names' form (both when it has both); "" counts every passage once, in
    the form of all its names; "undated" counts those with no dated source."""
    result = CliRunner().invoke(
        cli, ["passages", "--sources", str(ROOT / "sources"), "--format", "jsonl"]
    )
    assert result.exit_code == 0
    dates = {a.id: a.date[:10] for a in load_sources(ROOT / "sources")}
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        key = (record["section"], _normal(record["text"]))
        entry = merged.setdefault(key, {"dates": [], "record": record})
        entry["dates"].append(dates.get(record["source"], ""))
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for entry in merged.values():
        record = entry["record"]
        dated = sorted(d for d in entry["dates"] if d)
        year = dated[-1][:4] if dated else "undated"

        def form(langs: set[str]) -> str:
            return next(iter(langs)) if len(langs) == 1 else "both"

        if record["mentions"]:
            for island in {m["island"] for m in record["mentions"]}:
                langs = {m["lang"] for m in record["mentions"] if m["island"] == island}
                counts[island][year][form(langs)] += 1
            counts[""][year][form({m["lang"] for m in record["mentions"]})] += 1
        elif record["collective"]:
            langs = {c["lang"] for c in record["collective"]}
            counts["group"][year][form(langs)] += 1
            counts[""][year][form(langs)] += 1
    return counts


_TABLE = """() => Object.fromEntries(Array.from(
    document.querySelectorAll('#islandmap-years-table tbody tr')).map(tr => [
        tr.getAttribute('data-year'),
        Array.from(tr.querySelectorAll('td')).map(td => Number(td.textContent))]))"""


def test_the_chart_counts_what_islandmap_passages_lists(page, expected_counts) -> None:
    _goto(page, "")
    page.click("#islandmap-history > summary")
    for island in ["", *ISLANDS, "group"]:
        page.select_option("#islandmap-years-island", island)
        table = page.evaluate(_TABLE)
        expected = {
            year: [c["ja"], c["ru"], c["both"], c["ja"] + c["ru"] + c["both"]]
            for year, c in expected_counts[island].items()
            if year != "undated"
        }
        assert table == expected, island
        bars = page.evaluate(
            "document.querySelectorAll('#islandmap-years-chart .years-bar').length"
        )
        assert bars == len(expected), island
        undated = sum(expected_counts[island]["undated"].values())
        text = page.inner_text("#islandmap-years-undated")
        if undated:
            assert f"Without a date: {undated} quote" in text, island
        else:
            assert text == "Every quote has a date.", island


def test_the_unfolded_time_control_stays_usable_beside_an_open_popup(page) -> None:
    """A control that an open popup covers is hidden while it is open, but not the time
    control while the reader has it unfolded."""
    _goto(page, "")
    page.click("#islandmap-history > summary")
    for island in ("kunashir", "iturup", "shikotan", "habomai", "group"):
        page.evaluate("id => islandmap.open(id)", island)
        page.wait_for_function(POPUP_SETTLED)
        assert page.locator("#islandmap-years-all").is_visible(), island
        assert page.locator("#islandmap-history > summary").is_visible(), island
    page.evaluate("void islandmap.map.closePopup()")


def test_choosing_years_filters_the_popups_and_the_panel(page, expected_counts, artifacts) -> None:
    _goto(page, "")
    page.click("#islandmap-history > summary")
    page.select_option("#islandmap-years-from", "2016")
    page.select_option("#islandmap-years-to", "2019")
    assert "years=2016-2019" in page.evaluate("location.hash")
    want = sum(sum(expected_counts["kunashir"][str(y)].values()) for y in range(2016, 2020))
    total = page.evaluate("islandmap.data().islands.kunashir.quotes.length")
    assert want < total
    page.evaluate("islandmap.open('kunashir')")
    popup = page.locator(".leaflet-popup .island-popup")
    assert f"From 2016–2019 only: {want} of its {total} quotes" in popup.inner_text()
    dates = popup.locator("blockquote.quote .citation time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))"
    )
    assert dates and all("2016" <= d[:4] <= "2019" for d in dates)
    page.screenshot(path=str(artifacts / "history-years-popup.png"))
    page.evaluate("islandmap.openPanel('kunashir')")
    status = page.inner_text("#islandmap-panel-status")
    assert f"of {want} matching ({total} in all)" in status
    rows = page.locator("#islandmap-panel-list blockquote.quote")
    assert rows.count() == min(want, 20)
    page.evaluate("islandmap.closePanel()")
    # A link keeps the years; "All years" lets every quote back in.
    _goto(page, "years=2018&island=kunashir")
    assert "From 2018–2018 only" in page.inner_text(".leaflet-popup .island-popup")
    page.click("#islandmap-history > summary")
    page.click("#islandmap-years-all")
    assert "years=" not in page.evaluate("location.hash")
    assert "only" not in page.inner_text(".leaflet-popup .island-popup").split("\n")[2]


def test_the_printout_carries_the_moment_shown(page) -> None:
    _goto(page, "year=1951")
    page.emulate_media(media="print")
    try:
        # the key is made again as the page turns to paper (the media query's change,
        # which a loaded machine may take a frame or two to dispatch)
        page.wait_for_selector("#islandmap-print-key .print-history-key", state="attached")
        key = page.inner_text("#islandmap-print-key")
    finally:
        page.emulate_media(media="null")  # none: page.pdf() prints as paper
    assert "Who held the islands: 1951" in key
    assert PERIODS["1951"]["title"] in key
    assert "Claimed by Japan" in key


pypdf = pytest.importorskip("pypdf")


def _flat(text: str) -> str:
    # The PDF's text has a space wherever a line broke (URLs too), and "ff" as one glyph.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("period", ["1875", "today"])
def test_a_moment_prints_on_page_one_with_its_note_and_sources(page, period, artifacts) -> None:
    # The handout (A4, as printed from the browser) with the moment shown and the chart's
    # table open: page 1 holds the map, the moment's key, its note and every source with
    # its address, the disclaimer and the credits; the quotes start on page 2.
    _goto(page, f"year={period}")
    page.click(".years-table > summary")
    pdf = artifacts / f"history-printed-{period}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    reader = pypdf.PdfReader(pdf)
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages[:2]]
    first, flat = " ".join(pages[0].split()), _flat(pages[0])
    info = PERIODS[period]
    assert first.startswith("The southern Kuril Islands / Northern Territories")
    assert f"Who held the islands: {'Today' if period == 'today' else period}" in first
    assert _flat(info["title"]) in flat and "Held by Japan" in first
    assert _flat(info["event"][:60]) in flat
    for source in info["sources"]:
        assert _flat(f"{source['title']} <{source['url']}>") in flat, source
    for reading in info["readings"].values():
        assert _flat(f"<{reading['source']}>") in flat
    assert "do not imply endorsement" in first and "Leaflet <https://leafletjs.com>" in first
    # The islands' own key gives way to the moment's; nothing of page 1 runs over.
    assert "Iturup / Etorofu" not in first.split("Who held the islands")[1]
    assert " ".join(pages[1].split()).startswith("Islands and quotes")
    assert 2 < len(reader.pages) < 80


# A4 less the 12 mm margins in CSS pixels (as tests/test_print.py): page 1 laid out as on
# the paper, under the print styles.
_A4_AREA = {"width": 703, "height": 1031}
_PAPER = """() => {
    const box = el => { const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    const shown = sel => Array.from(document.querySelectorAll(sel))
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
            && !el.closest('.place-hidden'));
    return {
        map: box(islandmap.map.getContainer()),
        key: box(document.getElementById('islandmap-print-key')),
        islands: shown('path.island').map(p => [box(p), p.getAttribute('fill')]),
        units: shown('.leaflet-islandmap-history-pane path').length,
        labels: shown('.label-text').map(box),
        controls: shown('.leaflet-control-scale, .north-arrow').map(box),
    };
}"""


_ISLANDS_ON_THE_MAP = """() => {
    const m = islandmap.map.getContainer().getBoundingClientRect();
    const islands = Array.from(document.querySelectorAll('path.island'));
    return islands.length === 4 && islands.every(p => { const r = p.getBoundingClientRect();
        return r.left >= m.left && r.top >= m.top && r.right <= m.right && r.bottom <= m.bottom; });
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a, b) -> bool:
    return a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]


@pytest.mark.parametrize("fragment", ["year=today", "year=today&lang=ru"])
def test_on_paper_a_moment_keeps_its_colours_and_nothing_is_cut_or_overprinted(
    page, fragment, artifacts
) -> None:
    _goto(page, fragment)
    page.set_viewport_size(_A4_AREA)
    page.emulate_media(media="print")
    try:
        page.wait_for_function("document.querySelector('.north-arrow').getClientRects().length")
        # the page fits the islands to the printed map once the paper's layout is done,
        # which a loaded machine may take a few frames for
        page.wait_for_function(_ISLANDS_ON_THE_MAP)
        paper = settled(page, _PAPER)
        page.screenshot(path=str(artifacts / f"history-paper-{fragment.replace('&', '-')}.png"))
    finally:
        page.emulate_media(media="null")  # none: page.pdf() prints as paper
        page.set_viewport_size({"width": 1280, "height": 800})
    height = _A4_AREA["height"]
    # The key under the map and within page 1; the map keeps at least 40 % of it.
    assert paper["map"][3] <= paper["key"][1] and paper["key"][3] <= height, paper
    assert paper["map"][3] - paper["map"][1] >= 0.4 * height
    # The four islands on the map, in the colour of who held them; the rest of the chain too.
    period = PERIODS[fragment.split("&")[0].split("=")[1]]
    assert len(paper["islands"]) == 4 and paper["units"] == 4
    for box, fill in paper["islands"]:
        assert _inside(box, paper["map"]), box
        assert fill.lower() == colour(f"history-{period['holders']['kunashir']}").lower()
    # No name is printed over the scale or the north arrow, nor runs off the map.
    assert len(paper["controls"]) == 2
    for label in paper["labels"]:
        assert not any(_overlap(label, c) for c in paper["controls"]), label
        assert _inside(label, paper["map"]), label


# --- on a phone ---------------------------------------------------------------------------

_PHONE = """() => {
    const box = el => { const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    const control = document.getElementById('islandmap-history');
    return {
        open: control.open,
        control: box(control),
        map: box(islandmap.map.getContainer()),
        islands: Array.from(document.querySelectorAll('path.island')).map(box),
        under: Array.from(document.querySelectorAll(
            '.leaflet-bottom .leaflet-control:not(.leaflet-control-attribution)'))
            .filter(el => el.getClientRects().length
                && getComputedStyle(el).visibility !== 'hidden')
            .map(box),
        credits: box(document.querySelector('.leaflet-control-attribution')),
        viewport: [0, 0, innerWidth, innerHeight],
    };
}"""


@pytest.fixture
def phone(page) -> Iterator[Any]:
    page.set_viewport_size({"width": 375, "height": 667})
    yield page
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.mark.parametrize("fragment", ["", "year=1875", "year=1956&lang=ru"])
def test_on_a_phone_the_open_control_leaves_the_islands_in_view(phone, fragment, artifacts) -> None:
    _goto(phone, fragment)
    if not fragment:
        phone.click("#islandmap-history > summary")
    phone.wait_for_timeout(50)
    phone.screenshot(
        path=str(artifacts / f"history-phone-{fragment.replace('&', '-') or 'open'}.png")
    )
    shown = phone.evaluate(_PHONE)
    assert shown["open"]
    # A bar across the map's foot, over no more than a third of it, above the credits.
    control, frame = shown["control"], shown["map"]
    assert control[2] - control[0] >= 0.9 * (frame[2] - frame[0])
    assert control[3] <= shown["credits"][1] + 1 and control[3] > frame[3] - 60
    assert control[3] - control[1] <= (frame[3] - frame[1]) / 3, shown
    # The four islands on screen, on the map, and none of them under the bar.
    assert len(shown["islands"]) == 4
    for island in shown["islands"]:
        assert _inside(island, frame) and _inside(island, shown["viewport"]), island
        assert not _overlap(island, control), (island, control)
    # The key, scale and buttons of the map's foot step aside while the bar is open.
    assert shown["under"] == []


def test_on_a_phone_details_unfold_the_key_the_note_and_the_chart(phone, artifacts) -> None:
    _goto(phone, "year=1905")
    more = phone.locator("#islandmap-history-more")
    title = phone.locator("#islandmap-history-note .history-note-title")
    assert title.is_visible() and "1905: Treaty of Portsmouth" in title.inner_text()
    for folded in ("#islandmap-history-key", "#islandmap-years-chart", ".history-hint"):
        assert phone.locator(folded).is_hidden(), folded
    assert "Sakhalin" not in phone.locator("#islandmap-history-note").inner_text()
    assert more.get_attribute("aria-expanded") == "false"
    # From the keyboard: the moments, "Back to the map as it opens", then "Details".
    phone.focus('.history-event[data-period="today"]')
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.id") == "islandmap-history-more"
    phone.keyboard.press("Enter")
    assert more.get_attribute("aria-expanded") == "true"
    phone.screenshot(path=str(artifacts / "history-phone-details.png"))
    for shown in ("#islandmap-history-key", "#islandmap-years-chart"):
        assert phone.locator(shown).is_visible(), shown
    assert PERIODS["1905"]["event"][:40] in phone.inner_text("#islandmap-history-note")
    more.click()
    assert more.get_attribute("aria-expanded") == "false"
    assert phone.locator("#islandmap-history-key").is_hidden()


def test_the_phone_bar_is_not_on_a_desktop(page) -> None:
    _goto(page, "year=1905")
    assert page.locator("#islandmap-history-more").is_hidden()
    assert page.locator("#islandmap-history-key").is_visible()
    assert page.locator(".history-hint").is_visible()


def test_the_text_version_lists_every_period_with_its_sources(page) -> None:
    _goto(page, "")
    section = page.locator("#islandmap-text-history")
    periods = section.locator(".history-period")
    assert periods.count() == len(PERIODS)
    links = section.locator("a").evaluate_all("els => els.map(a => a.href)")
    for info in PERIODS.values():
        for source in info["sources"]:
            assert source["url"] in links


axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")


def _axe_serious(page: Any) -> list[str]:
    results = axe_playwright.Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_nothing_serious_in_the_time_control(page) -> None:
    _goto(page, "year=1905")
    page.click(".years-table > summary")
    assert _axe_serious(page) == []


def test_axe_finds_nothing_serious_in_the_phone_bar(phone) -> None:
    _goto(phone, "year=1956")
    assert _axe_serious(phone) == []
