"""Many quotes, still usable: a map of 500 generated articles in headless Chromium.

The corpus is composed by benchmarks/make_corpus.py (real sentences from sources/, fixed
seed) and rendered once per session. A popup shows counts and the first few quotes; the
panel lists all of an island's quotes with a search box, filters and pages, from the mouse
and from the keyboard. Fixtures (browser, open_map, fixture_map) are in conftest.py.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

import pytest
from conftest import open_popup

PREVIEW = 5
PAGE_SIZE = 20


def _item(data: dict, island: str) -> dict:
    return data["group"] if island == "group" else data["islands"][island]


def _sources(data: dict, quote: list) -> list[dict]:
    return [data["sources"][src] for src, _ in data["passages"][quote[0]]["refs"]]


def _publisher(source: dict) -> str:
    return source.get("publisher") or source["title"]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _status(page) -> str:
    return page.locator("#islandmap-panel-status").inner_text()


def _rows(page):
    return page.locator("#islandmap-panel blockquote.quote")


def _open_panel(page, island: str):
    # a packed page reads its passages once the map is drawn and redraws an open popup when
    # its own are read: open it on a page that has read them all, so that the click lands
    page.wait_for_function("islandmap.isRead(null)")
    popup = open_popup(page, island)
    popup.locator("button.panel-open").click()
    panel = page.locator(f'#islandmap-panel[data-island="{island}"]')
    panel.wait_for(state="visible")
    return panel


def _wait_for_status(page, pattern: str) -> str:
    page.wait_for_function(
        "p => new RegExp(p).test(document.getElementById('islandmap-panel-status').textContent)",
        arg=pattern,
    )
    return _status(page)


def test_the_corpus_is_big_enough(big_data):
    assert len(big_data["sources"]) >= 400
    assert big_data["group"]["count"] > 1000
    assert all(item["count"] > 100 for item in big_data["islands"].values())


def test_a_popup_shows_counts_and_only_the_first_quotes(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    for island in ("iturup", "group"):
        item = _item(big_data, island)
        page.evaluate(f"islandmap.open('{island}')")
        popup = page.locator(f'.leaflet-popup .island-popup[data-island="{island}"]')
        popup.wait_for()
        assert popup.locator("blockquote.quote").count() == PREVIEW
        assert popup.locator("blockquote.quote mark").count() >= PREVIEW
        heading = popup.locator(".quotes-heading").inner_text()
        assert heading == f"The newest {PREVIEW} of {item['count']:,} quotes in the news"
        counts = popup.locator(".quote-counts").inner_text()
        by_lang = {lang: sum(q[1] == lang for q in item["quotes"]) for lang in ("ja", "ru", "both")}
        names = {"ja": "Japanese form", "ru": "Russian form", "both": "Both forms"}
        for lang, n in by_lang.items():
            if n:
                assert f"{names[lang]} {n:,}" in counts, counts
        by_source: dict[str, int] = {}
        for quote in item["quotes"]:
            for name in {_publisher(s) for s in _sources(big_data, quote)}:
                by_source[name] = by_source.get(name, 0) + 1
        top, top_count = max(by_source.items(), key=lambda kv: kv[1])
        assert f"{top} {top_count}" in counts, counts
        button = popup.locator("button.panel-open")
        assert button.inner_text() == f"All {item['count']:,} quotes"
        page.evaluate("void islandmap.map.closePopup()")
        page.locator(".leaflet-popup").wait_for(state="detached")
    assert m.console_errors == [] and m.page_errors == [] and m.refused == []


def test_the_panel_opens_and_closes_from_the_keyboard(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    total = big_data["islands"]["iturup"]["count"]
    page.evaluate("islandmap.open('iturup')")  # as the key does: focus in the popup
    page.locator('.leaflet-popup .island-popup[data-island="iturup"]').wait_for()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('panel-open')"):
            break
    assert page.evaluate("document.activeElement.textContent") == f"All {total:,} quotes"
    page.keyboard.press("Enter")
    panel = page.locator('#islandmap-panel[data-island="iturup"]')
    panel.wait_for(state="visible")
    # Focus moves into the panel, which a screen reader hears as a labelled dialog.
    assert page.evaluate("document.activeElement.id") == "islandmap-panel-title"
    assert page.get_by_role("dialog", name=f"Iturup / Etorofu: {total:,} quotes").is_visible()
    assert _rows(page).count() == PAGE_SIZE
    assert _status(page) == f"Quotes 1–{PAGE_SIZE} of {total:,}, newest first"
    # Tab reaches the search box; typing there filters.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "islandmap-panel-search"
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.textContent") == f"All {total:,} quotes"
    # The popup is still open behind, and Escape there closes it as before.
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert m.console_errors == [] and m.page_errors == []


def test_the_close_button_closes_the_panel(open_map, big_map):
    m = open_map(big_map)
    page = m.page
    panel = _open_panel(page, "habomai")
    panel.get_by_role("button", name="Close the list of quotes").click()
    panel.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('panel-open')")


def test_search_narrows_the_list(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    _open_panel(page, "group")
    quotes = big_data["group"]["quotes"]
    word = "Putin"
    expected = [q for q in quotes if _fold(word) in _fold(big_data["passages"][q[0]]["text"])]
    assert 0 < len(expected) < len(quotes)
    page.get_by_label("Search the quotes").fill(word.lower())
    status = _wait_for_status(page, "matching")
    first = min(PAGE_SIZE, len(expected))
    assert status == (
        f"Quotes 1–{first} of {len(expected):,} matching ({len(quotes):,} in all), newest first"
    )
    texts = _rows(page).locator(".quote-text").all_inner_texts()
    assert len(texts) == first and all(word in t for t in texts)
    # Two words: both must be there.
    page.get_by_label("Search the quotes").fill("putin kunashir")
    both = [q for q in expected if "kunashir" in _fold(big_data["passages"][q[0]]["text"])]
    _wait_for_status(page, f"of {len(both):,} matching|No quote matches")
    page.get_by_label("Search the quotes").fill("no such words anywhere")
    assert _wait_for_status(page, "No quote") == (
        "No quote matches. Clear the search or a filter to see more."
    )
    assert _rows(page).count() == 0
    page.get_by_label("Search the quotes").fill("")
    assert _wait_for_status(page, f"of {len(quotes):,},") == (
        f"Quotes 1–20 of {len(quotes):,}, newest first"
    )
    assert m.console_errors == [] and m.page_errors == []


_FAST_CLOCK = "(() => { let now = performance.now(); performance.now = () => (now += 20); })()"
_SEARCH = """words => { const s = document.getElementById('islandmap-panel-search');
    for (const w of words) { s.value = w; s.form.requestSubmit(); }
    const status = document.getElementById('islandmap-panel-status');
    return [status.textContent, status.getAttribute('aria-busy'),
            document.querySelectorAll('#islandmap-panel blockquote.quote').length,
            document.getElementById('islandmap-panel-page').textContent]; }"""
_DONE = "document.getElementById('islandmap-panel-status').getAttribute('aria-busy') === 'false'"


def _searchable(data: dict, quote: list) -> str:
    """What the panel's search looks in: the passage, its sources' titles and publishers."""
    parts = [data["passages"][quote[0]]["text"]]
    parts += [f"{s['title']}\n{s.get('publisher') or ''}" for s in _sources(data, quote)]
    return _fold("\n".join(parts))


def test_a_long_search_shows_its_first_quotes_then_its_count(open_map, big_map, big_data):
    """A search that takes more than a moment (the first word typed on a large archive's
    island) shows the quotes it has found so far and says it is still searching, then
    its count; a word typed meanwhile stops it. The page's clock is made to run fast
    (20 ms each time it is read), so that this small corpus takes many moments: the
    search then looks through 200 quotes at a time."""
    m = open_map(big_map)
    page = m.page
    _open_panel(page, "group")
    quotes = big_data["group"]["quotes"]
    assert len(quotes) > 1000

    def matching(word: str, among: list) -> list:
        return [q for q in among if word in _searchable(big_data, q)]

    page.evaluate(_FAST_CLOCK)
    # At once: the first 200 quotes looked through, what they hold shown, the rest to come.
    found = matching("putin", quotes[:200])
    putin = matching("putin", quotes)
    assert 0 < len(found) < len(putin) and len(putin) > 2 * PAGE_SIZE
    at_once = page.evaluate(_SEARCH, ["putin"])
    rows = min(PAGE_SIZE, len(found))
    assert at_once == ["Searching the quotes…", "true", rows, "Page 1 of …"]
    # Then the whole count, the status no longer busy (a screen reader reads it now).
    page.wait_for_function(_DONE)
    assert _status(page) == (
        f"Quotes 1–{PAGE_SIZE} of {len(putin):,} matching ({len(quotes):,} in all), newest first"
    )
    texts = _rows(page).locator(".quote-text").all_inner_texts()
    assert len(texts) == PAGE_SIZE and all("Putin" in t for t in texts)
    assert page.locator("#islandmap-panel-page").inner_text() == (
        f"Page 1 of {-(-len(putin) // PAGE_SIZE)}"
    )
    # A word typed while a search goes on: the list is the new word's alone.
    status, busy, _, _ = page.evaluate(_SEARCH, ["putin", "tokyo"])
    assert status == "Searching the quotes…" and busy == "true"
    tokyo = matching("tokyo", quotes)
    assert PAGE_SIZE < len(tokyo) != len(putin)
    page.wait_for_function(_DONE)
    assert _status(page).startswith(f"Quotes 1–{PAGE_SIZE} of {len(tokyo):,} matching")
    texts = _rows(page).locator(".quote-text").all_inner_texts()
    assert len(texts) == PAGE_SIZE and all("tokyo" in _fold(t) for t in texts)
    assert m.console_errors == [] and m.page_errors == []


def test_next_and_a_link_while_a_search_goes_on(open_map, big_map, big_data):
    """While a long search goes on: Next shows the next page of what it finds and keeps
    the focus; a link to a quote further on than the search has gone opens at it; and a
    search adds one entry to the history, at its first quote, even when the first of its
    quotes is further on than the first moment's search went."""
    m = open_map(big_map)
    page = m.page
    _open_panel(page, "group")
    quotes = big_data["group"]["quotes"]
    searchable = [_searchable(big_data, q) for q in quotes]

    def first_word(wanted) -> str:
        """The first word of the passages (of 6 letters or more) that wanted(counts) is
        true of, counts being its quotes among the first 200 and among all."""
        for q in quotes:
            for word in re.findall(r"[a-z]{6,}", _fold(big_data["passages"][q[0]]["text"])):
                counts = [
                    sum(word in text for text in part) for part in (searchable[:200], searchable)
                ]
                if wanted(*counts):
                    return word
        raise AssertionError("no such word")

    page.evaluate(_FAST_CLOCK)
    # A word the first moment finds less than a page of, with more than two pages in all:
    # Next, pressed at once, has the next page found and shows it.
    word = first_word(lambda first, total: 0 < first < PAGE_SIZE and total > 2 * PAGE_SIZE)
    total = sum(word in text for text in searchable)
    focused = page.evaluate(
        """word => { const s = document.getElementById('islandmap-panel-search');
        s.value = word; s.form.requestSubmit();
        const next = document.getElementById('islandmap-panel-next');
        next.focus(); next.click(); return document.activeElement.id; }""",
        word,
    )
    assert focused == "islandmap-panel-next"
    page.wait_for_function(_DONE)
    assert _status(page).startswith(f"Quotes 21–40 of {total:,} matching")
    assert page.locator("#islandmap-panel-list > li").count() == PAGE_SIZE
    assert page.locator("#islandmap-panel-list").get_attribute("start") == "21"

    # A link to the last quote that matches, at once: its page, the quote marked.
    last = max(i for i, text in enumerate(searchable) if word in text) + 1
    assert page.evaluate(
        """([word, n]) => { const s = document.getElementById('islandmap-panel-search');
        s.value = word; s.form.requestSubmit(); return islandmap.showPanelQuote(n); }""",
        [word, last],
    )
    first_shown = total - (total - 1) % PAGE_SIZE
    assert _status(page).startswith(f"Quotes {first_shown:,}–{total:,} of {total:,} matching")
    linked = page.locator("#islandmap-panel-list > li.linked .quote-text").inner_text()
    assert _fold(linked) in _fold(big_data["passages"][quotes[last - 1][0]]["text"])

    # A word first found past the first 200 quotes: one history entry, at its first quote.
    late = first_word(lambda first, total: first == 0 and total > 0)
    first = next(i for i, text in enumerate(searchable) if late in text) + 1
    before = page.evaluate("history.length")
    page.evaluate(_SEARCH, [late])
    page.wait_for_function(_DONE)
    page.wait_for_function(f"location.hash.includes('quote={first}')")
    assert page.evaluate("history.length") == before + 1
    assert m.console_errors == [] and m.page_errors == []


def test_each_filter_narrows_the_list(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    panel = _open_panel(page, "group")
    quotes = big_data["group"]["quotes"]

    # Source (the publisher): every quote shown is carried by it.
    source = panel.get_by_label("Source")
    options = source.locator("option").all_inner_texts()
    assert options[0] == "All sources" and len(options) > 2
    name = "Kuril Post"
    expected = [q for q in quotes if name in {_publisher(s) for s in _sources(big_data, q)}]
    assert f"{name} ({len(expected):,})" in options
    source.select_option(name)
    assert _status(page) == (
        f"Quotes 1–20 of {len(expected):,} matching ({len(quotes):,} in all), newest first"
    )
    for row in _rows(page).all():
        assert name in row.locator(".publisher").all_inner_texts()

    # Year, with the source still chosen: both must hold for one of the quote's sources.
    year = panel.get_by_label("Year")
    years = year.locator("option").all_inner_texts()
    assert years[0] == "All years" and years[1:] == sorted(years[1:])
    in_source = [
        s.get("date", "")[:4]
        for q in expected
        for s in _sources(big_data, q)
        if _publisher(s) == name
    ]
    chosen = max(sorted(set(in_source)), key=in_source.count)  # the source's busiest year
    both = [
        q
        for q in expected
        if any(
            _publisher(s) == name and s.get("date", "").startswith(chosen)
            for s in _sources(big_data, q)
        )
    ]
    year.select_option(chosen)
    assert f"of {len(both):,} matching" in _status(page)
    for row in _rows(page).all():
        dates = [t.get_attribute("datetime") or "" for t in row.locator("time").all()]
        assert any(d.startswith(chosen) for d in dates)
    source.select_option("")
    in_year = [
        q
        for q in quotes
        if any(s.get("date", "").startswith(chosen) for s in _sources(big_data, q))
    ]
    assert f"of {len(in_year)} matching" in _status(page)
    year.select_option("")

    # Name form: the language of the names marked in the quote.
    form = panel.get_by_label("Name form")
    for lang, label in (("ja", "Japanese form"), ("ru", "Russian form"), ("both", "Both forms")):
        n = sum(q[1] == lang for q in quotes)
        assert 0 < n < len(quotes)
        form.select_option(label=label)
        assert f"of {n} matching" in _status(page)
        langs = _rows(page).evaluate_all("rows => rows.map(r => r.dataset.lang)")
        assert langs and set(langs) == {lang}
    assert m.console_errors == [] and m.page_errors == []


def test_pages_move_forward_and_back(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    panel = _open_panel(page, "group")
    total = big_data["group"]["count"]
    pages = -(-total // PAGE_SIZE)
    previous = panel.get_by_role("button", name="Previous page")
    following = panel.get_by_role("button", name="Next page")
    assert previous.is_disabled() and following.is_enabled()
    assert panel.locator(".panel-page").inner_text() == f"Page 1 of {pages}"
    first_page = _rows(page).locator(".quote-text").all_inner_texts()

    following.focus()
    page.keyboard.press("Enter")
    assert _status(page) == f"Quotes 21–40 of {total:,}, newest first"
    assert panel.locator(".panel-page").inner_text() == f"Page 2 of {pages}"
    assert page.locator("#islandmap-panel-list").get_attribute("start") == "21"
    second_page = _rows(page).locator(".quote-text").all_inner_texts()
    assert len(second_page) == PAGE_SIZE and second_page != first_page
    expected = [big_data["passages"][q[0]]["text"] for q in big_data["group"]["quotes"][20:40]]
    assert second_page == expected
    previous.click()
    assert _rows(page).locator(".quote-text").all_inner_texts() == first_page

    # A filter goes back to page 1; the last page disables Next.
    following.click()
    panel.get_by_label("Name form").select_option(label="Russian form")
    ru = sum(q[1] == "ru" for q in big_data["group"]["quotes"])
    assert _status(page) == f"Quotes 1–20 of {ru} matching ({total:,} in all), newest first"
    for _ in range(-(-ru // PAGE_SIZE) - 1):
        following.click()
    assert following.is_disabled()
    last = ru - (ru - 1) // PAGE_SIZE * PAGE_SIZE
    assert _rows(page).count() == last
    # Focus is not lost when Next disables itself.
    assert page.evaluate("document.activeElement.id") == "islandmap-panel-prev"
    assert m.console_errors == [] and m.page_errors == []


def test_the_text_version_lists_every_quote(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    panel = _open_panel(page, "iturup")
    # The panel covers the header's right side: reach the button from the keyboard.
    page.get_by_role("button", name="Text version").focus()
    page.keyboard.press("Enter")
    section = page.locator("#islandmap-text")
    section.wait_for(state="visible")
    assert panel.is_hidden()  # the text version replaces the map, and the panel with it
    # a long list fills a slice at a time, busy until it is whole
    page.wait_for_function("!document.querySelector('#islandmap-text [aria-busy]')")
    total = sum(i["count"] for i in big_data["islands"].values()) + big_data["group"]["count"]
    assert section.locator("ol.quote-list > li > blockquote.quote").count() == total
    # numbered in one run across the page: each list starts where the last one ended
    runs = page.eval_on_selector_all(
        "#islandmap-text ol.quote-list", "lists => lists.map(l => [l.start, l.children.length])"
    )
    assert [start for start, _ in runs] == list(accumulate((n for _, n in runs[:-1]), initial=1))
    # each list, 200 quotes at most, named for a screen reader by the quotes it holds
    assert max(n for _, n in runs) == 200
    labels = page.eval_on_selector_all(
        "#islandmap-text ol.quote-list", "lists => lists.map(l => l.getAttribute('aria-label'))"
    )
    assert labels == [f"Quotes {start:,}–{start + n - 1:,}" for start, n in runs]
    assert m.console_errors == [] and m.page_errors == []


# Once the page has read its packed quotes, clicks the text version's button and, in the
# same task (before any later slice could be listed), tells what the reader sees at once:
# the quotes listed, whether the list says it is busy, and where the focus is.
_AT_ONCE = """async () => {
    await islandmap.whenRead(null);
    document.getElementById('islandmap-text-toggle').click();
    const entries = document.querySelector('#islandmap-text .text-entries');
    return [entries.querySelectorAll('ol.quote-list > li').length,
            entries.getAttribute('aria-busy'), document.activeElement.tagName];
}"""


def test_a_long_text_version_shows_at_once_and_fills_while_read(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    total = sum(i["count"] for i in big_data["islands"].values()) + big_data["group"]["count"]
    assert total > 1000
    listed, busy, focused = page.evaluate(_AT_ONCE)
    # the first quotes and the headings at once, the focus on the first heading
    assert 0 < listed < total
    assert busy == "true"
    assert focused == "H2"
    assert page.locator("#islandmap-text").is_visible()
    page.wait_for_function("!document.querySelector('#islandmap-text [aria-busy]')")
    assert page.locator("#islandmap-text ol.quote-list > li").count() == total
    assert m.console_errors == [] and m.page_errors == []


def test_a_text_version_still_filling_is_printed_whole(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    total = sum(i["count"] for i in big_data["islands"].values()) + big_data["group"]["count"]
    listed, busy, _ = page.evaluate(_AT_ONCE)
    assert listed < total and busy == "true"
    # printing before the list is whole finishes it first, at once
    printed = page.evaluate(
        "() => { window.dispatchEvent(new Event('beforeprint'));"
        " return document.querySelectorAll('#islandmap-text ol.quote-list > li').length; }"
    )
    assert printed == total
    assert page.locator("#islandmap-text [aria-busy]").count() == 0
    assert m.console_errors == [] and m.page_errors == []


def test_a_language_switched_while_the_list_fills_gives_one_whole_list(open_map, big_map, big_data):
    m = open_map(big_map)
    page = m.page
    total = sum(i["count"] for i in big_data["islands"].values()) + big_data["group"]["count"]
    page.evaluate(_AT_ONCE)
    assert page.evaluate("islandmap.setLanguage('ja')")
    page.wait_for_function("!document.querySelector('#islandmap-text [aria-busy]')")
    assert page.locator("#islandmap-text ol.quote-list > li").count() == total
    assert page.locator("#islandmap-text-toggle").inner_text() == page.evaluate(
        "islandmap.t('text.hide')"
    )
    first = page.locator("#islandmap-text ol.quote-list").first
    count = first.locator("> li").count()
    assert first.get_attribute("aria-label") == f"引用 1～{count}件目"
    assert m.console_errors == [] and m.page_errors == []


def test_the_panel_reads_well_on_a_phone_and_a_projector(open_map, big_map, artifacts):
    for width, height in ((1280, 800), (375, 667), (1920, 1080)):
        m = open_map(big_map, width, height)
        page = m.page
        panel = _open_panel(page, "kunashir")
        page.screenshot(path=str(artifacts / f"panel-{width}x{height}.png"))
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width
        for control in ("Search the quotes", "Source", "Year", "Name form"):
            field = panel.get_by_label(control).bounding_box()
            assert field["x"] >= 0 and field["x"] + field["width"] <= width, control
        size = (
            _rows(page)
            .first.locator(".quote-text")
            .evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        )
        assert size >= (16 if width >= 1600 else 14), size
        # The page buttons are on screen (the panel scrolls to them on a phone).
        following = panel.get_by_role("button", name="Next page")
        following.scroll_into_view_if_needed()
        fb = following.bounding_box()
        assert fb["y"] >= 0 and fb["y"] + fb["height"] <= height, fb
        assert m.console_errors == [] and m.page_errors == []


def test_a_hostile_source_in_the_panel_is_text(open_map, fixture_map):
    m = open_map(fixture_map)
    page = m.page
    # Two quotes: the popup shows both and no button; the panel still opens from script.
    page.evaluate("islandmap.open('kunashir')")
    popup = page.locator('.leaflet-popup .island-popup[data-island="kunashir"]')
    assert popup.locator("blockquote.quote").count() == 2
    assert popup.locator("button.panel-open").count() == 0
    page.evaluate("islandmap.openPanel('kunashir')")
    panel = page.locator('#islandmap-panel[data-island="kunashir"]')
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "<script>window.__pwned = 1;</script>" in text
    assert "<b onmouseover=alert(3)>Bad Publisher</b>" in text
    panel.get_by_label("Search the quotes").fill("<script>")
    _wait_for_status(page, "of 1 matching")
    assert panel.locator("script, img, b, iframe").count() == 0
    hrefs = panel.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert page.evaluate("window.__pwned") is None
    assert m.dialogs == [] and m.page_errors == [] and m.console_errors == []


def test_the_open_panel_has_no_serious_accessibility_violation(open_map, big_map):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    m = open_map(big_map)
    _open_panel(m.page, "group")
    results = axe.Axe().run(
        m.page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"],
        },
    )
    serious = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
