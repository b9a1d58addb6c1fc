"""Printing the map (Ctrl+P) in headless Chromium, network blocked: Chromium's own
print-to-PDF (``page.pdf()``), read back with pypdf.

The handout's first page stands alone: the map (the islands' labels are text in it) with a
north arrow, the key under it (the dashed 1855 line explained) and the credits, filling the
page; then every quote, numbered, with its citation. Every link prints its address.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import settled

ROOT = Path(__file__).resolve().parent.parent

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


def test_first_page_is_the_title_the_map_and_the_key(printed):
    texts, _ = printed
    first = texts[0]
    assert first.startswith("The southern Kuril Islands / Northern Territories")
    drawn = first.split("with their sources", 1)[1]  # after the subtitle: key and map
    for label in ("Iturup / Etorofu", "Kunashir / Kunashiri", "Shikotan", "Habomai"):
        # Once in the key, once on the map: no halo copies.
        assert drawn.count(label) == 2, (label, drawn)
    # The key: the dashed line explained, the group, the disclaimer, and the credits with
    # their addresses; a north arrow on the map.
    assert "Key " in drawn and "Treaty of Shimoda boundary (1855, approximate)" in drawn
    assert "The islands as a group" in drawn and "do not imply endorsement" in drawn
    assert "Coastlines: GSHHG <https://" in first and "Leaflet <https://leafletjs.com>" in first
    assert " N " in drawn
    # The buttons and the quotes are not on it.
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
    # Links print with their address, for a reader of the paper copy: the facts' sources
    # after status and area too.
    assert "<https://" in rest
    sources = re.findall(r"\[source\] ?(.)", rest)
    assert sources and set(sources) == {"<"}, sources
    # An address of Russian words prints in its letters, not its escapes (three lines of
    # %D0%9A%D1%83… for a word of ru.wikipedia)
    compact = re.sub(r"\s+", "", rest)
    assert re.search(r"wikipedia\.org/wiki/[А-ЯЁа-яё]", compact)
    assert not re.search(r"(%[0-9A-F]{2}){4}", compact), re.findall(r"\S*%D0\S*", rest)[:2]


def test_printing_leaves_the_screen_map_as_it_was(open_map, real_map):
    m = open_map(real_map)
    page = m.page
    before = page.evaluate("[islandmap.map.getZoom(), islandmap.map.getSize().x]")
    page.pdf(format="A4", page_ranges="1")
    after = page.evaluate("[islandmap.map.getZoom(), islandmap.map.getSize().x]")
    assert after == before
    assert page.locator("#islandmap-text").is_hidden()


# --- page 1 as laid out on paper, and a list past 99 -----------------------------------------

# A4 less the 12 mm margins, in CSS pixels: print styles laid out as on the paper.
_A4_AREA = {"width": 703, "height": 1031}

_BOXES = """() => {
    const box = el => { const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    const shown = sel => Array.from(document.querySelectorAll(sel))
        .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
    return {
        labels: shown('.island-label .label-text, .group-marker .label-text').map(box),
        controls: shown('.leaflet-control-scale, .north-arrow, .leaflet-control-attribution')
            .map(box),
        key: box(document.getElementById('islandmap-print-key')),
        map: box(islandmap.map.getContainer()),
    };
}"""


def _local_only(route) -> None:
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        route.abort()


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("names", ["both", "ja"])
def test_page_one_is_filled_and_no_label_overprints_anything(
    chromium_browser, real_map, artifacts, names
):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _local_only)
    page = context.new_page()
    page.goto(real_map.resolve().as_uri())
    page.wait_for_function("window.islandmap && islandmap.map")
    page.locator(f'input[name="islandmap-names"][value="{names}"]').check()
    page.set_viewport_size(_A4_AREA)
    page.emulate_media(media="print")
    page.wait_for_function("document.querySelector('.north-arrow').getClientRects().length > 0")
    boxes = settled(page, _BOXES)
    page.screenshot(path=str(artifacts / f"print-page-1-{names}.png"))
    context.close()
    # The key follows the map and the two fill the page (no half page blank).
    assert boxes["key"][1] >= boxes["map"][3]
    assert 0.85 * _A4_AREA["height"] <= boxes["key"][3] <= _A4_AREA["height"], boxes
    assert len(boxes["controls"]) == 2  # the scale and the north arrow; credits in the key
    labels = boxes["labels"]
    assert len(labels) >= 5
    for i, label in enumerate(labels):
        assert all(not _overlap(label, c) for c in boxes["controls"]), (label, boxes)
        assert all(not _overlap(label, other) for other in labels[i + 1 :]), (label, labels)


def test_a_list_past_99_prints_every_digit(chromium_browser, tmp_path_factory, artifacts):
    from conftest import make_corpus

    from islandmap.render import render_map

    folder = tmp_path_factory.mktemp("corpus20")
    make_corpus()(20, folder / "sources", [ROOT / "sources"])
    out = folder / "map.html"
    render_map(folder / "sources", ROOT / "geodata", out)
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _local_only)
    page = context.new_page()
    page.goto(out.resolve().as_uri())
    page.wait_for_function("window.islandmap && islandmap.map")
    total = page.evaluate(
        "() => { const d = JSON.parse(document.getElementById('islandmap-data').textContent);"
        " return [...Object.values(d.islands), d.group]"
        ".reduce((n, i) => n + i.quotes.length, 0); }"
    )
    assert total > 100
    pdf = artifacts / "map-printed-100-quotes.pdf"
    page.pdf(path=str(pdf), format="A4")
    context.close()
    text = " ".join(
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split())
        for p in pypdf.PdfReader(str(pdf)).pages[1:]
    )
    numbers = [int(n) for n in re.findall(r"(?<![\w.,])(\d+)\. (?=\S)", text)]
    for n in (9, 10, 99, 100, total):
        assert n in numbers, n
    # No number lost its first digit: none reads as "00." or "01.".
    assert not re.search(r"(?<![\w.,])0\d\. ", text)


def test_print_map_prints_page_one_alone(open_map, real_map, artifacts):
    """The header's "Print map": the map, its key and credits on one page, for a handout
    of the map alone (the seeds' whole handout is some fifty pages); Ctrl+P after it
    prints every quote again."""
    m = open_map(real_map)
    page = m.page
    # the browser's print dialog, which a test cannot answer: noted, not opened
    page.evaluate(
        "window.print = () => { window.printedWith = document.documentElement.dataset.print; }"
    )
    page.get_by_role("button", name="Print map").click()
    assert page.evaluate("window.printedWith") == "map"
    pdf = artifacts / "map-printed-map-only.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) == 1
    text = " ".join(unicodedata.normalize("NFKC", pages[0].extract_text()).split())
    assert text.startswith("The southern Kuril Islands / Northern Territories")
    assert "Treaty of Shimoda boundary (1855, approximate)" in text
    assert "Coastlines: GSHHG <https://" in text
    assert "Islands and quotes" not in text
    # the list of quotes was not built for it
    assert page.locator("#islandmap-text .text-entry").count() == 0
    # once printed, printing is the whole handout again
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.documentElement.dataset.print") is None
    assert len(pypdf.PdfReader(io.BytesIO(page.pdf(format="A4"))).pages) > 1
    assert m.page_errors == [] and m.console_errors == []
