"""A passage reprinted by many sources, and a page whose passages are packed: headless
Chromium, network blocked.

The corpus is small and made here: 30 articles that each reprint one real paragraph from
sources/ (so it has 30 sources), five and four of them two more real paragraphs; their
titles, publishers ("Reprint outlet 01", …) and dates are made up. It is rendered packed
(passages and sources compressed in the page, as a large archive's are) and, for the
counts, as it would be without them. One page per map for the module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import open_popup

from islandmap.matching import match_articles
from islandmap.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 30
FIRST = 3  # citations shown before "and N more"
ISLAND = "iturup"


def _paragraphs() -> list[str]:
    """Three real paragraphs of sources/ in English that name Iturup, the shortest."""
    articles = [a for a in load_sources(ROOT / "sources") if a.language == "en"]
    found = {m.passage.text for m in match_articles(articles) if ISLAND in m.islands}
    assert len(found) >= 3
    return sorted(found, key=len)[:3]


def _write_corpus(folder: Path) -> list[str]:
    texts = _paragraphs()
    folder.mkdir(parents=True)
    for i in range(ARTICLES):
        body = [texts[0]] + ([texts[1]] if i < 5 else []) + ([texts[2]] if i < 4 else [])
        meta = {
            "title": f"Reprint test article {i + 1}",
            "publisher": f"Reprint outlet {i + 1:02d}",
            "url": f"https://example.org/reprint/{i + 1}",
            "date": (date(2020, 1, 1) + timedelta(days=i)).isoformat(),
            "language": "en",
        }
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + "\n\n".join(body)
        (folder / f"reprint-{i + 1:02d}.md").write_text(text + "\n", encoding="utf-8")
    return texts


def _render(sources: Path, out: Path, pack: bool) -> None:
    from markupsafe import Markup

    from islandmap import geodata
    from islandmap.pipeline import corpus_options, join_corpus, load_corpus
    from islandmap.render import build_html

    loaded = load_corpus(corpus_options(sources))
    joined = join_corpus(loaded, ROOT / "geodata", display=True)
    html = build_html(
        joined.joined,
        loaded.articles,
        context=joined.context,
        region=joined.region,
        attribution=Markup(geodata.COASTLINE_ATTRIBUTION_HTML),
        pack=pack,
    )
    out.write_text(html, encoding="utf-8")


@pytest.fixture(scope="module")
def reprints(tmp_path_factory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("reprints")
    texts = _write_corpus(folder / "sources")
    _render(folder / "sources", folder / "packed.html", pack=True)
    _render(folder / "sources", folder / "plain.html", pack=False)
    return {"texts": texts, "packed": folder / "packed.html", "plain": folder / "plain.html"}


def _local_only(route: Any) -> None:
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        route.abort()


# Holds every DecompressionStream until window.releaseReading() is called: the page is
# then still reading its passages when a popup opens.
_SLOW_READING = """(() => {
    const Real = window.DecompressionStream;
    let release;
    const gate = new Promise((resolve) => { release = resolve; });
    window.releaseReading = () => release();
    window.DecompressionStream = function (format) {
        const real = new Real(format);
        const held = new TransformStream();
        gate.then(() => held.readable.pipeTo(real.writable));
        return { writable: held.writable, readable: real.readable };
    };
})();"""


@pytest.fixture(scope="module")
def page(chromium_browser, reprints) -> Iterator[Any]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _local_only)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.goto(reprints["packed"].resolve().as_uri())
    opened.wait_for_function(
        "window.islandmap && islandmap.map && islandmap.isRead(null) && "
        "document.querySelectorAll('path.island').length === 4"
    )
    yield opened
    context.close()
    assert errors == []


def _popup(page: Any, island: str = ISLAND) -> Any:
    popup = open_popup(page, island)
    popup.locator("blockquote.quote").first.wait_for()
    return popup


def _close(page: Any) -> None:
    page.evaluate("void islandmap.map.closePopup()")
    page.locator(".leaflet-popup").wait_for(state="detached")


def _reprinted(where: Any, texts: list[str]) -> Any:
    """The quote of the paragraph every article printed."""
    return where.locator("blockquote.quote").filter(has_text=texts[0][:40]).first


def _check_more(page: Any, quote: Any, kind: str, artifacts: Path) -> None:
    """First three citations, "and 27 more sources"; Enter shows all 30 and says so."""
    assert quote.locator(".citation").count() == FIRST
    more = quote.locator("button.citations-toggle")
    assert more.inner_text() == f"and {ARTICLES - FIRST} more sources"
    assert more.get_attribute("aria-expanded") == "false"
    controls = more.get_attribute("aria-controls")
    more.focus()
    page.keyboard.press("Enter")
    assert quote.locator(".citation").count() == ARTICLES
    assert page.locator(f"#{controls} .citation").count() == ARTICLES - FIRST
    assert quote.locator(".citations-more .citation").last.is_visible()
    assert more.get_attribute("aria-expanded") == "true"
    assert more.inner_text() == "Show fewer sources"
    said = quote.get_by_role("status")
    assert said.text_content() == f"All {ARTICLES} sources shown"
    # Every source once, newest first.
    publishers = quote.locator(".citation .publisher").all_inner_texts()
    assert publishers == [f"Reprint outlet {i:02d}" for i in range(ARTICLES, 0, -1)]
    more.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"reprint-{kind}-all-sources.png"))
    page.keyboard.press("Enter")  # the focus stayed on the button
    assert not quote.locator(".citations-more").is_visible()
    assert more.get_attribute("aria-expanded") == "false"
    assert said.text_content() == ""


def test_a_reprint_cites_three_and_n_more_in_the_popup(page, reprints, artifacts):
    popup = _popup(page)
    quote = _reprinted(popup, reprints["texts"])
    _check_more(page, quote, "popup", artifacts)
    # Four sources are all shown; five are three and "and 2 more".
    four = popup.locator("blockquote.quote").filter(has_text=reprints["texts"][2][:40]).first
    assert four.locator(".citation").count() == 4
    assert four.locator("button.citations-toggle").count() == 0
    five = popup.locator("blockquote.quote").filter(has_text=reprints["texts"][1][:40]).first
    assert five.locator("button.citations-toggle").inner_text() == "and 2 more sources"
    # The counts are exact: three quotes, each outlet counted once per quote it printed.
    assert popup.locator(".quotes-heading").inner_text() == "In the news: 3 quotes, newest first"
    counts = popup.locator(".quote-counts").inner_text()
    assert "Reprint outlet 01 3 · Reprint outlet 02 3 · Reprint outlet 03 3" in counts
    assert "Reprint outlet 04 3 · 26 others" in counts
    _close(page)


def test_a_reprint_cites_three_and_n_more_in_the_panel(page, reprints, artifacts):
    page.evaluate(f"islandmap.openPanel('{ISLAND}')")
    panel = page.locator(f'#islandmap-panel[data-island="{ISLAND}"]')
    panel.wait_for(state="visible")
    assert page.locator("#islandmap-panel-status").inner_text() == ("Quotes 1–3 of 3, newest first")
    _check_more(page, _reprinted(panel, reprints["texts"]), "panel", artifacts)
    # Each outlet in the source filter with its exact count; filtering by one cites it first.
    options = page.locator("#islandmap-panel-source option").all_inner_texts()
    assert options[0] == "All sources" and len(options) == 1 + ARTICLES
    assert "Reprint outlet 01 (3)" in options and "Reprint outlet 30 (1)" in options
    page.select_option("#islandmap-panel-source", "Reprint outlet 01")
    quote = _reprinted(panel, reprints["texts"])
    assert quote.locator(".citation .publisher").first.inner_text() == "Reprint outlet 01"
    assert quote.locator("button.citations-toggle").inner_text() == (
        f"and {ARTICLES - FIRST} more sources"
    )
    page.evaluate("islandmap.closePanel()")


def test_a_reprint_cites_three_and_n_more_in_the_text_version(page, reprints, artifacts):
    page.get_by_role("button", name="Text version").click()
    text = page.locator("#islandmap-text")
    text.wait_for(state="visible")
    entry = text.locator(f'.text-entry[data-island="{ISLAND}"]')
    _check_more(page, _reprinted(entry, reprints["texts"]), "text-version", artifacts)
    page.get_by_role("button", name="Back to the map").click()
    text.wait_for(state="hidden")


def test_the_counts_written_are_those_the_page_would_count(chromium_browser, reprints):
    """A packed page carries each island's counts (page/data.py); a page that is not packed
    counts them itself (quotes.js), and both must agree."""
    context = chromium_browser.new_context()
    context.route("**/*", _local_only)
    count = """(written) => {
        const out = {};
        for (const id of [...Object.keys(islandmap.data().islands), 'group']) {
            const item = islandmap.itemOf(id);
            if (written) {
                out[id] = [item.counts.forms, item.counts.sources];
            } else {
                delete item.counts;  // a packed page too counts them itself from here on
                const counted = islandmap.countsOf(id);
                out[id] = [counted.byLang, counted.bySource];
            }
        }
        return out;
    }"""
    try:
        seen = []
        for name, written in (("packed", True), ("packed", False), ("plain", False)):
            opened = context.new_page()
            opened.goto(reprints[name].resolve().as_uri())
            opened.wait_for_function("window.islandmap && islandmap.map && islandmap.isRead(null)")
            seen.append(opened.evaluate(count, written))
        assert seen[0][ISLAND][1][0] == ["Reprint outlet 01", 3]
        assert seen[0] == seen[1] == seen[2]
    finally:
        context.close()


def test_a_popup_opened_while_the_page_reads_waits_then_shows_its_quotes(
    chromium_browser, reprints
):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _local_only)
    context.add_init_script(_SLOW_READING)
    try:
        opened = context.new_page()
        opened.goto(reprints["packed"].resolve().as_uri())
        opened.wait_for_function(
            "window.islandmap && islandmap.map && "
            "document.querySelectorAll('path.island').length === 4"
        )
        assert opened.evaluate("islandmap.isRead(null)") is False
        opened.evaluate(f"islandmap.open('{ISLAND}')")
        popup = opened.locator(f'.leaflet-popup .island-popup[data-island="{ISLAND}"]')
        waiting = popup.get_by_role("status")
        assert waiting.inner_text() == "Loading the quotes…"
        assert popup.locator("blockquote.quote").count() == 0
        # The panel asked for meanwhile opens once the quotes are read.
        opened.evaluate("releaseReading()")
        popup.locator("blockquote.quote").first.wait_for()
        assert popup.locator("blockquote.quote").count() == 3
        assert popup.locator(".quotes-loading").count() == 0
        assert popup.locator(".quote-counts").count() == 1
        # The focus is still in the popup, where opening it put it.
        assert opened.evaluate("!!document.activeElement.closest('.island-popup')"), (
            opened.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        )
    finally:
        context.close()


def test_the_packed_page_is_version_3_and_smaller(reprints):
    packed = reprints["packed"].read_text("utf-8")
    plain = reprints["plain"].read_text("utf-8")
    assert re.search(r'id="islandmap-data">\{"version":3,', packed)
    assert re.search(r'id="islandmap-data">\{"version":1,', plain)
    # The paragraph's text is nowhere in the packed page as text.
    assert reprints["texts"][0][:40] not in packed and reprints["texts"][0][:40] in plain


def test_a_page_written_as_version_2_still_shows_its_quotes(chromium_browser, reprints, tmp_path):
    # A page written before the quotes were packed (version 2: passages and sources packed,
    # each island's quotes in the clear) opens as it did.
    from islandmap.page.data import unpack_list

    html = reprints["packed"].read_text("utf-8")
    block = re.search(
        r'(<script type="application/json" id="islandmap-data">)(.*?)(</script>)', html
    )
    assert block is not None
    data = json.loads(block.group(2))
    for key, packed in data["packed"].pop("quotes").items():
        (data["group"] if key == "group" else data["islands"][key])["quotes"] = unpack_list(packed)
    data["version"] = 2
    written = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    old = tmp_path / "version2.html"
    old.write_text(html[: block.start(2)] + written + html[block.end(2) :], "utf-8")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _local_only)
    try:
        opened = context.new_page()
        errors: list[str] = []
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.goto(old.resolve().as_uri())
        opened.wait_for_function("window.islandmap && islandmap.map && islandmap.isRead(null)")
        quote = _reprinted(_popup(opened), reprints["texts"])
        assert quote.locator(".citation").count() == FIRST
        assert errors == []
    finally:
        context.close()
