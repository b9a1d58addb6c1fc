"""Printing the map (Ctrl+P) in headless Chromium, network blocked: Chromium's own
print-to-PDF (``page.pdf()``), read back with pypdf.

The handout must hold the map on the first page (the islands' labels are text in it), then
every quote, numbered, with its citation.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

pypdf = pytest.importorskip("pypdf")


@pytest.fixture(scope="module")
def printed(chromium_browser, real_map, tmp_path_factory, artifacts):
    """The real map printed to A4 at the default window size: (pages' text, page)."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    refused = []

    def route(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(real_map.resolve().as_uri())
    page.wait_for_function("window.islandmap && islandmap.map")
    # Every island's quotes, then the group's, from the page's data: the text and the
    # first source's title (the first <cite>).
    quotes = page.evaluate(
        "() => { const d = JSON.parse(document.getElementById('islandmap-data').textContent);"
        " return [...Object.values(d.islands), d.group].flatMap(i => i.quotes.map(q => {"
        " const p = d.passages[q[0]];"
        " return {text: p.text, cite: d.sources[p.refs[0][0]].title}; })); }"
    )
    pdf = artifacts / "map-printed.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    context.close()
    assert refused == []
    reader = pypdf.PdfReader(str(pdf))
    # NFKC: the PDF's fonts set "ff" as one ligature glyph.
    texts = [
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in reader.pages
    ]
    return texts, quotes


def test_first_page_is_the_title_and_the_map(printed):
    texts, _ = printed
    first = texts[0]
    assert first.startswith("The southern Kuril Islands / Northern Territories")
    drawn = first.split("with their sources", 1)[1]  # after the subtitle: the map
    for label in ("Iturup / Etorofu", "Kunashir / Kunashiri", "Shikotan", "Habomai"):
        assert drawn.count(label) == 1, (label, drawn)  # drawn once: no halo copies
    assert "Coastlines: GSHHG" in first
    # The map alone: the key, the buttons and the quotes are not on it.
    assert "Key and islands" not in first
    assert "Text version" not in first and "Japanese first" not in first
    assert "Islands and quotes" not in first


def test_then_every_quote_numbered_with_its_citation(printed):
    texts, quotes = printed
    rest = " ".join(texts[1:])
    assert rest.startswith("Islands and quotes")
    assert "Russia administers the four islands; Japan claims them." in rest
    # Compared without whitespace: the PDF's text has a space wherever a line broke,
    # and a line of Japanese text breaks between any two characters.
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", rest))
    at = 0
    for number, quote in enumerate(quotes, start=1):
        words = unicodedata.normalize("NFKC", "".join(quote["text"].split()[:6]))
        found = flat.find(f"{number}.{words}", at)
        assert found >= 0, (number, words)
        cite = unicodedata.normalize("NFKC", "".join(quote["cite"].split()))
        assert flat.find(cite, found) >= 0, (number, cite)
        at = found
    assert not re.search(rf"\b{len(quotes) + 1}\. ", rest[rest.rfind(f"{len(quotes)}. ") :])
    # Links print with their address, for a reader of the paper copy.
    assert "<https://" in rest


def test_printing_leaves_the_screen_map_as_it_was(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    before = page.evaluate("[islandmap.map.getZoom(), islandmap.map.getSize().x]")
    page.pdf(format="A4")
    after = page.evaluate("[islandmap.map.getZoom(), islandmap.map.getSize().x]")
    assert after == before
    assert page.locator("#islandmap-text").is_hidden()
