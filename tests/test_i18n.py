"""The interface in English, Japanese and Russian: the catalogs match the strings in the
code, render --lang writes the page in that language, and in headless Chromium (network
blocked) each language shows no English of the interface, passes axe, prints, and the
language switch changes the page live and in its address."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import open_popup
from hypothesis import given, settings
from hypothesis import strategies as st

from islandmap import i18n
from islandmap.cli import cli
from islandmap.render import render_map

ROOT = Path(__file__).resolve().parent.parent
# Five seed articles and a handful of excerpts in Japanese and Russian: quotes in every
# part of the page, rendered fast.
SEEDS = (
    "2017-11-trumpet-will-russia-push-japan-to-end-defense-treaty.md",
    "2018-09-12-japantoday-putin-tells-abe-he-hopes-for-peace-treaty.md",
    "2018-09-japan-and-russia-still-havent-signed-peace-treaty.md",
    "2018-09-trumpet-putin-offers-japan-peace-deal.md",
    "2025-08-24-ria-tourists-missing-iturup.md",
    "2025-11-07-livedoor-kihara-protest-shikotan-drills.md",
    "mofa-northern-territories-day.md",
)
# Words of the interface that are names, not English: the library, the coastline data
# and its licence, the keyboard's keys, the unit.
NOT_ENGLISH = {"Leaflet", "GSHHG", "Wessel", "Smith", "LGPL", "later", "Ctrl", "Enter", "km"}


# --- the catalogs ------------------------------------------------------------------------


def test_the_catalogs_hold_every_string_of_the_code_and_no_other():
    assert i18n.check() == []


def test_the_check_finds_a_missing_a_stale_and_an_untranslated_string(tmp_path, monkeypatch):
    from babel.messages.pofile import write_po

    catalog = i18n.read_catalog("ja")
    catalog.delete("Names", context="names.legend")
    catalog.add("Old text", "古い", context="gone.away")
    catalog.get("Language", context="lang.label").string = ""
    copy = tmp_path / "ja.po"
    with copy.open("wb") as handle:
        write_po(handle, catalog)
    real = i18n.catalog_path
    monkeypatch.setattr(i18n, "catalog_path", lambda lang: copy if lang == "ja" else real(lang))
    problems = "\n".join(i18n.check())
    assert "missing string 'names.legend'" in problems
    assert "stale string 'gone.away'" in problems
    assert "'lang.label' is not translated" in problems
    assert "ru/" not in problems


def test_the_catalogs_headers_name_the_project_and_update_keeps_them(tmp_path, monkeypatch):
    from islandmap import __version__

    for lang, plurals in (("ja", "nplurals=1; plural=0;"), ("ru", "nplurals=3;")):
        header = i18n.catalog_path(lang).read_text("utf-8").split("\n\n", 1)[0]
        assert f'"Project-Id-Version: islandmap {__version__}\\n"' in header
        assert '"Language-Team: islandmap contributors\\n"' in header
        assert f'"Language: {lang}\\n"' in header
        assert f'"Plural-Forms: {plurals}' in header
        assert "# Copyright (C) 2026 the islandmap authors" in header
        assert [word for word in i18n.PLACEHOLDERS if word in header] == []
    # A catalog with Babel's placeholders: the check names them, and update fills them in.
    copy = tmp_path / "ja.po"
    text = i18n.catalog_path("ja").read_text("utf-8")
    for ours, babels in (
        ("Project-Id-Version: islandmap", "Project-Id-Version: PROJECT"),
        ("Language-Team: islandmap contributors", "Language-Team: LANGUAGE <LL@li.org>"),
        ("Report-Msgid-Bugs-To: ", "Report-Msgid-Bugs-To: EMAIL@ADDRESS"),
    ):
        text = text.replace(ours, babels)
    copy.write_text(text, "utf-8")
    real = i18n.catalog_path
    monkeypatch.setattr(i18n, "catalog_path", lambda lang: copy if lang == "ja" else real(lang))
    problems = "\n".join(i18n.check())
    for word in ("PROJECT", "LL@li.org", "EMAIL@ADDRESS"):
        assert f"placeholder {word!r}" in problems
    monkeypatch.setattr(i18n, "LANGUAGES", ("en", "ja"))
    assert i18n.update() == [copy]
    assert i18n.check() == []
    header = copy.read_text("utf-8").split("\n\n", 1)[0]
    assert f'"Project-Id-Version: islandmap {__version__}\\n"' in header
    assert '"PO-Revision-Date: 2026-11-30 01:04+0000\\n"' in header  # the translators' date kept


def test_each_dispute_term_carries_its_source_in_the_catalog():
    catalog = i18n.read_catalog("ja")
    for key in ("status.administered", "status.claimed", "page.title", "group.summary"):
        (message,) = [m for m in catalog if m.context == key]
        comments = " ".join(message.auto_comments)
        assert "https://" in comments, key
    administered = next(m for m in catalog if m.context == "status.administered")
    assert administered.string == "ロシアが実効支配"
    ru = next(m for m in i18n.read_catalog("ru") if m.context == "status.administered")
    assert ru.string == "Под управлением России"


def test_russian_plurals_take_their_three_forms():
    translator = i18n.Translator("ru")
    forms = [translator.plural("label.quotes", "{n} quote", "{n} quotes", n) for n in (1, 3, 5)]
    assert forms == ["1 цитата", "3 цитаты", "5 цитат"]


# --- the rendered page -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    sources = tmp_path_factory.mktemp("seeds")
    for name in SEEDS:
        shutil.copy(ROOT / "sources" / name, sources / name)
    out = tmp_path_factory.mktemp("i18n")
    found = {}
    for lang in ("en", "ja", "ru"):
        found[lang] = out / f"{lang}.html"
        render_map(sources, ROOT / "geodata", found[lang], lang=lang)
    return found


def test_render_lang_sets_the_page_language_and_its_texts(pages):
    from test_render import parse

    ja = parse(pages["ja"].read_text("utf-8"))
    assert ja.find("html").attrs["lang"] == "ja"
    assert ja.find("h1").text() == "南クリル諸島／北方領土"
    ru = parse(pages["ru"].read_text("utf-8"))
    assert ru.find("html").attrs["lang"] == "ru"
    assert "Под управлением России" in pages["ru"].read_text("utf-8")


def test_cli_refuses_an_unknown_language():
    result = CliRunner().invoke(cli, ["render", "--lang", "de"])
    assert result.exit_code == 2
    assert "'de' is not one of 'en', 'ja', 'ru'" in result.output


# --- in the browser ------------------------------------------------------------------------

# Every text a reader sees or hears (text, aria-label, title) outside the names and the
# sources' text, which carry their own lang (or are the data's: publishers, titles).
_INTERFACE_TEXT = r"""
(pageLang) => {
  const data = JSON.parse(document.getElementById("islandmap-data").textContent);
  const own = new Set();
  for (const s of data.sources) { own.add(s.title); own.add(s.publisher || ""); own.add(s.file); }
  // The history's sources are cited by their titles as written, like the articles'.
  const skip = ".citation, .quote-text, .name-tag, .quote-counts dd, .locator, "
    + ".history-period a[lang], .history-lines a[lang], script, style, template";
  const foreign = (el) => {
    const tagged = el.closest("[lang]");
    const lang = tagged ? tagged.getAttribute("lang") : pageLang;
    return lang.split("-")[0] !== pageLang || lang.includes("-Latn");
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!el || !text || el.closest(skip) || el.closest("[hidden]") || foreign(el)) continue;
    if (own.has(text)) continue;
    const shown = el.checkVisibility() || el.closest(".visually-hidden, .leaflet-sr-only");
    if (shown) out.push(text);
  }
  for (const el of document.querySelectorAll("[aria-label], [title]")) {
    if (el.closest(skip) || el.closest("[hidden]") || foreign(el)) continue;
    for (const name of ["aria-label", "title"]) {
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out;
}
"""


def _english(page, lang: str) -> list[str]:
    found = []
    for text in page.evaluate(_INTERFACE_TEXT, lang):
        # A file's path (the history's note on how a line is drawn) is not English.
        words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"[\w.-]+/[\w./-]+", "", text)))
        words -= NOT_ENGLISH
        if words:
            found.append(text)
    return found


def _show_everything(page) -> None:
    """Open what holds texts: a popup with its facts, the panel, then the text version."""
    open_popup(page, "iturup")
    page.locator(".popup-facts summary").click()
    page.evaluate("islandmap.openPanel('group')")
    page.locator("#islandmap-panel").wait_for()


def _show_the_time_control(page) -> None:
    """Set the time control to a moment (its note, the islands' names then) and show the
    chart of quotes per year with its table."""
    page.evaluate("islandmap.setPeriod('1951')")
    page.locator("#islandmap-history-note .history-period").wait_for()
    page.locator(".years-table > summary").click()
    page.locator("#islandmap-years-table tbody tr").first.wait_for()


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_a_page_in_japanese_or_russian_has_no_english_and_passes_axe(
    open_map, pages, lang, artifacts
):
    from test_accessibility import _serious

    for width, height in ((1280, 800), (375, 667)):
        m = open_map(pages[lang], width, height)
        m.page.screenshot(path=str(artifacts / f"i18n-{lang}-{width}x{height}.png"))
        if width == 1280:
            assert _english(m.page, lang) == []
            scale = m.page.locator(".leaflet-control-scale-line")
            shown = [line for line in scale.all_inner_texts() if line.strip()]
            assert [n for n in range(scale.count()) if scale.nth(n).is_visible()] == [0], shown
            _show_everything(m.page)
            m.page.screenshot(path=str(artifacts / f"i18n-{lang}-popup-panel.png"))
            assert _english(m.page, lang) == []
            m.page.evaluate("islandmap.closePanel()")
            _show_the_time_control(m.page)
            m.page.screenshot(path=str(artifacts / f"i18n-{lang}-time-control.png"))
            assert _english(m.page, lang) == []
            assert _serious(m.page) == []
            m.page.locator("#islandmap-text-toggle").click()
            m.page.locator("#islandmap-text .text-entry").first.wait_for()
            assert _english(m.page, lang) == []
            assert _serious(m.page) == []
        assert m.page_errors == [] and m.console_errors == [] and m.refused == []


def test_the_switch_changes_the_page_live_and_the_address_keeps_it(open_map, pages):
    m = open_map(pages["en"])
    page = m.page
    page.evaluate("islandmap.open('kunashir')")
    popup = page.locator(".leaflet-popup .island-popup")
    popup.wait_for()
    assert "Russia administers, Japan claims" in popup.inner_text()
    page.get_by_label("Language").select_option("ru")
    # The other languages are packed: the page shows Russian once it has read it.
    page.wait_for_function("document.documentElement.lang === 'ru'")
    assert page.locator("h1").inner_text() == "Южные Курилы / Северные территории"
    assert page.locator("#islandmap-text-toggle").inner_text() == "Текстовая версия"
    assert "Под управлением России" in popup.inner_text()  # the open popup, rebuilt
    page.wait_for_function("location.hash.includes('lang=ru')")
    assert _english(page, "ru") == []
    # The scale bar's kilometres too (Leaflet writes "km")
    assert re.fullmatch(r"\d+ км", page.locator(".leaflet-control-scale-line").first.inner_text())
    # The locator's longer Russian buttons wrap over its map, leaving no blank beside it
    box, drawn = page.evaluate(
        """() => [document.querySelector('.islandmap-locator'),
                  document.querySelector('.islandmap-locator .locator-map')]
            .map(el => el.getBoundingClientRect().width)"""
    )
    assert box - drawn <= 6, (box, drawn)
    # The names order is independent of the language.
    page.get_by_role("radio", name="Японские первыми").check()
    label = page.locator(".island-label .name-order-ja").first
    assert label.inner_text().split("\n")[0].startswith("択捉島")
    # Opened from the address, in Japanese.
    m2 = open_map(pages["en"])
    m2.page.goto(pages["en"].resolve().as_uri() + "#v=1&lang=ja&names=ru")
    m2.page.wait_for_function("document.documentElement.lang === 'ja'")
    assert m2.page.locator("#islandmap-lang").input_value() == "ja"
    assert m2.page.locator(".island-label .name-order-ru").first.inner_text().startswith("Итуруп")
    assert m.page_errors == [] and m2.page_errors == []


def test_a_page_in_russian_reads_the_scripts_english_when_english_is_chosen(open_map, pages):
    # Only an English page's script carries the interface's English (strings.js); a page
    # in Japanese or Russian has it packed with its English catalog, read when chosen.
    hint = "quotes: click or press Enter to read"
    assert hint in pages["en"].read_text("utf-8")
    assert hint not in pages["ja"].read_text("utf-8")
    assert hint not in pages["ru"].read_text("utf-8")
    m = open_map(pages["ru"])
    page = m.page
    page.evaluate("islandmap.open('iturup')")
    popup = page.locator(".leaflet-popup .island-popup")
    popup.wait_for()
    assert re.search(r"В новостях: \d+ цитат", popup.inner_text())
    page.get_by_label("Язык").select_option("en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert re.search(r"In the news: \d+ quotes, newest first", popup.inner_text())  # rebuilt
    page.evaluate("islandmap.openPanel('group')")
    page.locator("#islandmap-panel").wait_for()
    texts = page.evaluate(_INTERFACE_TEXT, "en")
    assert [t for t in texts if re.fullmatch(r"[a-z]+\.[\w.-]+", t)] == []  # no bare key
    assert m.page_errors == [] and m.console_errors == []


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_the_printed_handout_is_in_the_language(chromium_browser, pages, lang, artifacts):
    pypdf = pytest.importorskip("pypdf")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("file://") else route.abort()
        ),
    )
    page = context.new_page()
    page.goto(pages[lang].resolve().as_uri())
    page.wait_for_function("window.islandmap && islandmap.map")
    pdf = artifacts / f"map-printed-{lang}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, page_ranges="1-2")
    context.close()
    texts = [
        unicodedata.normalize("NFKC", p.extract_text()) for p in pypdf.PdfReader(str(pdf)).pages
    ]
    first, rest = texts[0], " ".join(texts[1:])
    expected = {
        "ja": ("凡例", "ロシアが実効支配", "島々と引用"),
        "ru": ("Условные обозначения", "под управлением России", "Острова и цитаты"),
    }[lang]
    assert expected[0] in first and expected[1] in first.replace("\n", "")
    assert expected[2] in rest


def test_the_switch_changes_the_time_controls_note_and_back(open_map, pages):
    m = open_map(pages["en"])
    page = m.page
    page.goto(pages["en"].resolve().as_uri() + "#v=1&year=1875")
    note = page.locator("#islandmap-history-note")
    note.locator(".history-period").wait_for()
    assert "Treaty of Saint Petersburg" in note.inner_text()
    page.get_by_label("Language").select_option("ja")
    page.wait_for_function("document.documentElement.lang === 'ja'")
    text = note.inner_text()
    assert "樺太千島交換条約" in text and "ロシアは得撫島から占守島までの18の千島の島々" in text
    assert "Treaty" not in text
    assert page.locator("#islandmap-history > summary").inner_text() == "時代をたどる"
    label = page.evaluate("islandmap.layers.kunashir.getElement().getAttribute('aria-label')")
    assert "日本の施政下" in label
    page.wait_for_function(
        "location.hash.includes('lang=ja') && location.hash.includes('year=1875')"
    )
    assert _english(page, "ja") == []
    # Back to the page's own language: its texts as the page wrote them.
    page.get_by_label("言語").select_option("en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert "Russia ceded to Japan the eighteen Kuril Islands" in note.inner_text()
    assert page.locator("#islandmap-history > summary").inner_text() == "Through time"
    assert m.page_errors == [] and m.console_errors == []


def test_the_page_carries_its_own_language_and_the_others_packed(pages):
    from test_render import page_config

    from islandmap.page.data import unpack_json

    html = pages["en"].read_text("utf-8")
    config = page_config(html)
    assert list(config["catalogs"]) == ["en"]
    assert sorted(config["packedCatalogs"]) == ["ja", "ru"]
    ja = i18n.unpack_catalog(config["packedCatalogs"]["ja"])
    ru = i18n.unpack_catalog(config["packedCatalogs"]["ru"])
    assert ja["h.title.1875"] == "樺太千島交換条約"
    assert ru["h.title.1875"] == "Петербургский договор"
    # The status's terms reach the page in its texts of the data (~N), which Python wrote
    # from status.administered and status.claimed; those strings themselves are not carried.
    assert any("ロシアが実効支配" in text for text in ja.values() if isinstance(text, str))
    assert "status.administered" not in ja
    # Every key the markup names (the packed parts included) is in both other languages.
    markup = html
    for packed in re.findall(r'data-packed="([^"]+)"', html):
        markup += unpack_json(packed)
    keys = set(re.findall(r' data-i18n(?:-aria-label|-title|-placeholder)?="([^"]+)"', markup))
    keys = {k for k in keys if not k.startswith("{")}
    assert keys and {k for k in keys if k.startswith("~")}
    assert keys - set(ja) == set() and keys - set(ru) == set()
    # The history's texts in the page's own language are in its markup, not twice.
    assert not [k for k in config["catalogs"]["en"] if k.startswith("~")]


def test_a_pages_own_catalog_leaves_out_what_its_markup_holds_and_what_it_never_shows(pages):
    from test_render import page_config

    html = pages["ru"].read_text("utf-8")
    own = page_config(html)["catalogs"]["ru"]
    assert "popup.heading" in own  # the script writes it
    # The time control's button holds its title: the script reads it there.
    assert 'data-i18n="h.title.1855">Симодский трактат<' in html
    assert "h.title.1855" not in own
    # Python's formats of the status line and the areas, and the embed snippet's words.
    for key in ("status.line", "facts.km2", "embed.link"):
        assert key not in own
        assert key not in i18n.unpack_catalog(page_config(html)["packedCatalogs"]["en"])


def test_and_n_more_sources_in_japanese_and_russian(chromium_browser, tmp_path):
    from markupsafe import Markup
    from test_reprints import ARTICLES, FIRST, _write_corpus

    from islandmap import geodata
    from islandmap.pipeline import corpus_options, join_corpus, load_corpus
    from islandmap.render import build_html

    texts = _write_corpus(tmp_path / "sources")
    loaded = load_corpus(corpus_options(tmp_path / "sources"))
    joined = join_corpus(loaded, ROOT / "geodata", display=True)
    out = tmp_path / "reprints-ja.html"
    html = build_html(
        joined.joined,
        loaded.articles,
        context=joined.context,
        region=joined.region,
        attribution=Markup(geodata.COASTLINE_ATTRIBUTION_HTML),
        pack=True,
        lang="ja",
    )
    out.write_text(html, encoding="utf-8")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("file://") else route.abort()
        ),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(out.resolve().as_uri())
    page.wait_for_function("window.islandmap && islandmap.map && islandmap.isRead(null)")
    more = ARTICLES - FIRST

    def reprinted_button():
        page.evaluate("islandmap.open('iturup')")
        popup = page.locator(".leaflet-popup .island-popup")
        quote = popup.locator("blockquote.quote").filter(has_text=texts[0][:40]).first
        quote.wait_for()
        return quote.locator("button.citations-toggle")

    assert reprinted_button().inner_text() == f"ほか{more}件の出典"
    page.evaluate("islandmap.setLanguage('ru')")
    page.wait_for_function("document.documentElement.lang === 'ru'")
    button = reprinted_button()
    assert button.inner_text() == f"и ещё {more} источников"
    # by the keyboard: the popup, reopened in Russian, may still be panning into view,
    # and a click at where the button was would miss it
    button.press("Enter")
    assert button.inner_text() == "Показать меньше источников"
    context.close()
    assert errors == []


@settings(max_examples=300)
@given(
    value=st.one_of(
        st.integers(-(10**12), 10**12),
        st.floats(-1e12, 1e12, allow_nan=False),
        st.sampled_from([0.0005, 0.0015, 99.9995, 1234.5, 3168.7, -0.0004]),
    ),
    lang=st.sampled_from(["en", "ja", "ru"]),
)
def test_numbers_are_written_as_babel_writes_them(value, lang):
    from babel.numbers import format_decimal

    from islandmap.i18n import format_value

    assert format_value(value, lang) == format_decimal(value, locale=lang, format="#,##0.###")


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_plural_categories_are_cldr_s(lang):
    from babel import Locale

    from islandmap.i18n import _plural_rule

    locale = Locale.parse(lang)
    for n in [*range(0, 250), 1.5, 0.5, 1001, 1011, 1021]:
        assert _plural_rule(lang)(n) == locale.plural_form(n), n


def test_the_key_and_the_time_control_name_the_1855_line_alike(pages):
    """A reader who meets the 1855 line in the key and again in "Through time" reads one
    name for it, in every language, and that it is approximate (the Japanese page named
    the treaty 日露和親条約 in one and 日魯通好条約 in the other)."""
    import yaml

    line = yaml.safe_load((ROOT / "islandmap/data/history.yaml").read_text("utf-8"))["lines"]
    names = line["shimoda_1855"]
    for lang, expected in (("en", names["label"]), ("ja", names["ja"]), ("ru", names["ru"])):
        html = pages[lang].read_text("utf-8")
        key = re.search(r'swatch-boundary"></span><span data-i18n="[^"]+">([^<]+)<', html)
        assert key is not None and key.group(1) == expected, lang


def test_the_map_as_it_opens_draws_todays_line_beside_the_1855_line(pages):
    """The only line on the map as it opens was the 1855 treaty's, which a reader takes for
    today's border (one side's position); where the two administrations have met since
    1945 is drawn and named in the key too, in each language, as not an agreed boundary."""
    import yaml

    lines = yaml.safe_load((ROOT / "islandmap/data/history.yaml").read_text("utf-8"))["lines"]
    today = lines["nemuro_1945"]
    for lang, expected in (("en", today["label"]), ("ja", today["ja"]), ("ru", today["ru"])):
        html = pages[lang].read_text("utf-8")
        key = re.findall(r'class="swatch ([^"]+)"></span><span data-i18n="[^"]+">([^<]+)<', html)
        assert key[-1][1] == expected, lang
        assert key[-1][0] == "swatch-line swatch-line-administration"
    assert "not an agreed boundary" in today["label"]


def test_in_both_orders_neither_name_leads_on_a_page_in_japanese_or_russian(open_map, pages):
    """On a Japanese or Russian page, "Both" shows each island's names in their own
    scripts, one under the other. Neither is smaller or lighter: the Russian name stood
    over a smaller Japanese one, which read as the page taking Russia's order."""
    sizes = """() => Array.from(document.querySelectorAll(
        '.island-label:not(.context-label) .name-order-both.name-script'))
      .filter(el => el.checkVisibility())
      .map(el => Array.from(el.querySelectorAll('.name-form')).map(form => {
        const style = getComputedStyle(form);
        return [form.textContent, style.fontSize, style.fontWeight];
      }))"""
    for lang in ("ja", "ru"):
        m = open_map(pages[lang])
        labels = m.page.evaluate(sizes)
        assert len(labels) == 4, labels
        for forms in labels:
            assert len({(size, weight) for _, size, weight in forms}) == 1, forms
        assert ["Итуруп", "16px", "700"] in labels[0] + labels[1] + labels[2] + labels[3]
        # Where a side's names lead (the names switch), the other's stay under, smaller.
        m.page.locator('input[name="islandmap-names"][value="ja"]').check()
        lines = m.page.evaluate(
            """() => Array.from(document.querySelector('.island-label .name-order-ja')
                 .querySelectorAll('.name-line')).map(el => getComputedStyle(el).fontSize)"""
        )
        assert len(lines) == 2 and float(lines[1][:-2]) < float(lines[0][:-2]), lines
        assert m.page_errors == []


def test_the_historys_sources_are_cited_as_written_with_notes_in_the_readers_language(
    open_map, pages
):
    """A source of the time control is cited by its title as written; what the map says
    about it (which article, which page) is in the page's language, and follows the
    switch. The Japanese page read "(the Japanese text of Art. 2)" after a source."""

    def cited(page) -> list[str]:
        page.evaluate("islandmap.setPeriod('1855')")
        note = page.locator("#islandmap-history-note .history-period")
        note.wait_for()
        return [dd.inner_text() for dd in note.locator("dd:has(> a[lang])").all()]

    m = open_map(pages["ja"])
    assert cited(m.page) == [
        "Sasakawa Peace Foundation, Island Studies（第2条の日本語の条文）",
        "Presidential Library, The first diplomatic and trade treaty between Japan and Russia"
        " signed（ロシア大統領図書館）",
    ]
    # the title in its own language, the note in the page's
    link = m.page.locator("#islandmap-history-note dd > a[lang]").first
    assert link.get_attribute("lang") == "en"
    assert link.inner_text() == "Sasakawa Peace Foundation, Island Studies"
    m.page.get_by_label("言語").select_option("ru")
    m.page.wait_for_function("document.documentElement.lang === 'ru'")
    assert cited(m.page)[0] == "Sasakawa Peace Foundation, Island Studies (японский текст ст. 2)"
    m.page.get_by_label("Язык").select_option("en")
    m.page.wait_for_function("document.documentElement.lang === 'en'")
    assert cited(m.page)[0] == (
        "Sasakawa Peace Foundation, Island Studies (the Japanese text of Art. 2)"
    )
    assert m.page_errors == [] and m.console_errors == []


def test_a_russian_page_in_a_short_frame_shows_every_tool_without_scrolling(
    open_map, pages, tmp_path
):
    """In a 640×400 frame the Russian tools ran past the frame's right edge ("Во весь
    экран" cut, a sideways scrollbar): they now take a second line."""
    host = tmp_path / "lesson.html"
    host.write_text(
        "<!DOCTYPE html><html lang='ru'><head><meta charset='utf-8'><title>Урок</title></head>"
        f"<body style='margin: 0'><iframe src='{pages['ru'].resolve().as_uri()}' title='Карта'"
        " style='width: 640px; height: 400px; border: 0; display: block'"
        " allowfullscreen></iframe></body></html>",
        "utf-8",
    )
    m = open_map(host, 700, 420, ready=False)
    frame = m.page.locator("iframe").element_handle().content_frame()
    frame.wait_for_function(
        "window.islandmap && islandmap.map && document.fonts.status === 'loaded'"
    )
    assert frame.evaluate("document.documentElement.scrollWidth") <= 640
    for name in ("Текстовая версия", "Во весь экран"):
        box = frame.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 640, (name, box)
    assert frame.evaluate("islandmap.map.getSize().y") >= 0.75 * 400
    assert m.page_errors == []


@pytest.mark.parametrize("lang", ["ru", "ja"])
def test_the_title_and_the_header_tools_do_not_overlap(open_map, pages, lang):
    """On a 1024×768 projector the Russian title ran under "Названия": the names' row,
    wider than the tools' box, spilled out of it to the left."""
    overlaps = """() => {
        const hit = (a, b) =>
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const title = document.querySelector('.map-header h1').getBoundingClientRect();
        const tools = '.map-tools legend, .map-tools label, .map-tools button';
        return [...document.querySelectorAll(tools)]
            .filter(el => el.getClientRects().length && hit(title, el.getBoundingClientRect()))
            .map(el => el.textContent.trim());
    }"""
    for width, height, large in ((1024, 768, False), (1280, 800, True), (800, 600, False)):
        m = open_map(pages[lang], width, height)
        if large:
            m.page.evaluate("islandmap.setLargeText(true)")
        assert m.page.evaluate(overlaps) == [], (width, large)
