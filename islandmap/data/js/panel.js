/* panel.js: the panel of all an island's quotes (#islandmap-panel, a dialog the page's
   template wrote): a search box, filters by source, year and name form, the order (newest
   or oldest first, announced in the status line), the reviewers' switch for file names and
   passage numbers, and the quotes a page at a time, from the mouse and the keyboard.
   Opened by a popup's button and by window.islandmap.openPanel(id). */
(() => {
  "use strict";

  const im = window.islandmap;
  const { state, element, t } = im;

  const PAGE_SIZE = 20; // quotes per page of the panel

  const panelState = {
    id: null,
    page: 0,
    shown: [],
    prefer: null,
    returnFocus: null,
    searchText: {},
    searching: false, // a search goes on (filterPanel)
    findUpTo: null,
    linked: 0
  };

  const panelParts = () => {
    const get = (name) => document.getElementById(`islandmap-panel-${name}`);
    return {
      root: document.getElementById("islandmap-panel"),
      title: get("title"),
      search: get("search"),
      source: get("source"),
      year: get("year"),
      lang: get("lang"),
      sort: get("sort"),
      locators: get("locators"),
      status: get("status"),
      list: get("list"),
      page: get("page"),
      prev: get("prev"),
      next: get("next"),
      close: get("close")
    };
  };

  // A select's options: "any" first, then [value, text] pairs.
  const fillSelect = (select, anyText, values) => {
    while (select.firstChild) {
      select.removeChild(select.firstChild);
    }
    const any = element("option", "", anyText);
    any.value = "";
    select.appendChild(any);
    for (const [value, text] of values) {
      const option = element("option", "", text);
      option.value = value;
      select.appendChild(option);
    }
    select.value = "";
  };

  // Printable ASCII (and tabs and line ends) is its own NFKC form: lower case is enough.
  const PLAIN = /^[ -~\t\n\r]*$/;
  const fold = (text) =>
    text.normalize && !PLAIN.test(text)
      ? text.normalize("NFKC").toLowerCase()
      : text.toLowerCase();

  // What the search box looks in: the passage, and its sources' titles and publishers,
  // each source folded once however many passages it printed (a wire story's hundreds).
  const sourceText = [];
  const searchable = (passageIndex) => {
    let cached = panelState.searchText[passageIndex];
    if (cached === undefined) {
      const passage = im.data().passages[passageIndex];
      const parts = [fold(passage.text)];
      for (const ref of passage.refs) {
        let folded = sourceText[ref[0]];
        if (folded === undefined) {
          const src = im.source(ref[0]);
          folded = sourceText[ref[0]] = fold(`${src.title}\n${src.publisher || ""}`);
        }
        parts.push(folded);
      }
      cached = panelState.searchText[passageIndex] = parts.join("\n");
    }
    return cached;
  };

  // While the panel is open, its passages are folded for the search a few hundred at a
  // time, between the reader's keys: the first word typed then waits for none of them (a
  // large archive's island has tens of thousands, a second's work).
  let warming = 0;
  const warmSearch = (quotes) => {
    const run = ++warming;
    let at = 0;
    const step = () => {
      if (run === warming && !panelParts().root.hidden) {
        for (const end = Math.min(quotes.length, at + 500); at < end; at++) {
          searchable(quotes[at][0]);
        }
        if (at < quotes.length) {
          setTimeout(step, 0);
        }
      }
    };
    setTimeout(step, 0);
  };

  im.openPanel = (id) => {
    const parts = panelParts();
    const item = im.itemOf(id);
    if (!parts.root || !item) {
      return false;
    }
    if (parts.root.hidden) {
      panelState.returnFocus = document.activeElement;
    }
    panelState.id = id;
    parts.root.setAttribute("data-island", id);
    const label = im.labelOf(id);
    parts.title.textContent = t("panel.title", { label, n: item.quotes.length });
    const counts = im.countsOf(id);
    fillSelect(
      parts.source,
      t("panel.all-sources"),
      counts.bySource.map((s) => [s[0], t("panel.source-option", { source: s[0], n: s[1] })])
    );
    // The years of the sources that printed the quotes, each source looked at once (an
    // archive's island has a hundred thousand quotes from a few thousand sources).
    const years = new Set();
    const seen = new Uint8Array(im.data().sources.length);
    for (const quote of item.quotes) {
      for (const ref of im.data().passages[quote[0]].refs) {
        if (!seen[ref[0]]) {
          seen[ref[0]] = 1;
          const year = im.yearOf(im.source(ref[0]));
          if (year) {
            years.add(year);
          }
        }
      }
    }
    fillSelect(
      parts.year,
      t("panel.all-years"),
      [...years].sort().map((y) => [y, y])
    );
    parts.search.value = "";
    parts.lang.value = "";
    for (const option of parts.lang.options) {
      option.disabled = !!option.value && !counts.byLang[option.value];
    }
    parts.root.hidden = false;
    filterPanel();
    warmSearch(item.quotes);
    parts.title.focus({ preventScroll: true });
    return true;
  };

  im.closePanel = () => {
    const parts = panelParts();
    if (!parts.root || parts.root.hidden) {
      return;
    }
    parts.root.hidden = true;
    im.stateChanged(); // deeplink.js
    const target = panelState.returnFocus;
    panelState.returnFocus = null;
    if (target && document.contains(target) && target !== document.body) {
      target.focus({ preventScroll: true });
    } else if (panelState.id && state.layers[panelState.id]) {
      const layer = state.layers[panelState.id];
      const el = layer.getElement && layer.getElement();
      if (el) {
        el.focus({ preventScroll: true });
      }
    }
  };

  // A search looks through the quotes for this long at most, or until it has found a
  // page of them, before the page shows what it found so far; it then goes on in the
  // next tasks. The first word typed on a large archive's island, before its passages are
  // folded for the search, is a tenth of a second's work or more, and a page of rows
  // often needs only the first few hundred quotes. A filter without words is quick, and
  // done at once.
  const SLICE_MS = 10;
  let filtering = 0; // the filter under way: a newer one (a key, a select) stops it

  const filterPanel = () => {
    const parts = panelParts();
    const item = im.itemOf(panelState.id);
    const words = fold(parts.search.value).split(/\s+/).filter(Boolean);
    const wantSource = parts.source.value;
    const wantYear = parts.year.value;
    const wantLang = parts.lang.value;
    // The sources a filter asks for are cited first (not behind "and N more").
    const wanted = (ref) => {
      const src = im.source(ref[0]);
      return (
        (!wantSource || im.sourceName(src) === wantSource) &&
        (!wantYear || im.yearOf(src) === wantYear)
      );
    };
    const hasWords = words.length
      ? (quote) => {
          const text = searchable(quote[0]);
          return words.every((w) => text.includes(w));
        }
      : null;
    const kept = (quote) => {
      if (!im.inYearRange(quote)) {
        return false; // the years chosen under "Through time" (years.js)
      }
      if (wantLang && quote[1] !== wantLang) {
        return false;
      }
      if ((wantSource || wantYear) && !im.data().passages[quote[0]].refs.some(wanted)) {
        return false;
      }
      return !hasWords || hasWords(quote);
    };
    panelState.prefer = wantSource || wantYear ? wanted : null;
    const quotes = parts.sort.value === "oldest" ? im.oldestFirst(item.quotes) : item.quotes;
    const shown = [];
    panelState.shown = shown;
    const run = ++filtering;
    let at = 0;
    // The quotes looked through, from where the search is, until all are or enough() says.
    const lookOn = (enough) => {
      do {
        for (const end = Math.min(quotes.length, at + 200); at < end; at++) {
          if (kept(quotes[at])) {
            shown.push(quotes[at]);
          }
        }
      } while (at < quotes.length && !enough());
      panelState.searching = at < quotes.length;
    };
    const step = () => {
      if (run === filtering && panelState.searching && !parts.root.hidden) {
        const until = performance.now() + SLICE_MS;
        lookOn(() => performance.now() >= until);
        showMore();
        if (panelState.searching) {
          im.soon(step);
        }
      }
    };
    // The search on until it has found count quotes (all there are, without count), at
    // once: for a link to a quote further on, and the Next button.
    panelState.findUpTo = (count = Infinity) => {
      if (run === filtering && panelState.searching) {
        lookOn(() => shown.length >= count);
        showMore();
      }
    };
    const until = performance.now() + SLICE_MS;
    lookOn(() => !!hasWords && (shown.length >= PAGE_SIZE || performance.now() >= until));
    showPage(0);
    if (panelState.searching) {
      im.afterPaint(step);
    }
  };

  // The rows of the page shown, from 1-based number from on.
  const addRows = (from, rows) => {
    const list = panelParts().list;
    im.numberRoom(list, from + rows.length - 1);
    const noun = im.nounOf(panelState.id);
    for (const quote of rows) {
      const li = document.createElement("li");
      li.appendChild(im.quoteBlock(quote, noun, panelState.prefer));
      list.appendChild(li);
    }
  };

  const showPage = (wanted) => {
    const parts = panelParts();
    const shown = panelState.shown;
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    const page = Math.min(Math.max(0, wanted), pages - 1);
    panelState.page = page;
    panelState.linked = 0;
    const from = page * PAGE_SIZE;
    const list = parts.list;
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    list.setAttribute("start", String(from + 1));
    addRows(from + 1, shown.slice(from, from + PAGE_SIZE));
    showStatus();
    list.scrollTop = 0;
    parts.root.scrollTop = 0;
    if (list.firstChild || !panelState.searching) {
      im.stateChanged(); // deeplink.js (a search that has found nothing yet, once it has)
    }
  };

  // A search going on found more: the page shown filled up to its size, and the status.
  const showMore = () => {
    const list = panelParts().list;
    const had = list.children.length;
    const from = panelState.page * PAGE_SIZE + had;
    const rows = panelState.shown.slice(from, (panelState.page + 1) * PAGE_SIZE);
    if (rows.length) {
      addRows(from + 1, rows);
    }
    showStatus();
    if ((!had && rows.length) || !panelState.searching) {
      im.stateChanged(); // the page's first quote found, or the search done
    }
  };

  // The status line, the page's number and the buttons. While a search goes on, the
  // status says so (once, and busy, so that a screen reader reads the count it ends
  // with), the number of pages is not known yet and Next finds the next page.
  const showStatus = () => {
    const parts = panelParts();
    const shown = panelState.shown;
    const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    const page = panelState.page;
    const from = page * PAGE_SIZE;
    const last = Math.min(shown.length, from + PAGE_SIZE);
    const total = im.itemOf(panelState.id).quotes.length;
    const order = t(parts.sort.value === "oldest" ? "panel.order-oldest" : "panel.order-newest");
    const range = { first: from + 1, last, shown: shown.length, total, order };
    let status;
    if (panelState.searching) {
      status = t("panel.searching");
    } else if (!shown.length) {
      status = t("panel.no-match");
    } else if (shown.length < total) {
      status = t("panel.status-filtered", range);
    } else {
      status = t("panel.status", range);
    }
    if (parts.status.textContent !== status) {
      parts.status.textContent = status;
    }
    parts.status.setAttribute("aria-busy", String(panelState.searching));
    parts.page.textContent = t("panel.page", {
      page: page + 1,
      pages: panelState.searching ? "…" : pages
    });
    parts.prev.disabled = page === 0;
    parts.next.disabled = !panelState.searching && page >= pages - 1;
  };

  // The years chosen changed (years.js): the open panel lists the quotes from them.
  im.refreshPanel = () => {
    const root = panelParts().root;
    if (root && !root.hidden && panelState.id) {
      filterPanel();
    }
  };

  // For deeplink.js: the open panel's island and the number (1-based, in the island's
  // whole list) of the first quote on the page shown, or null when it is closed.
  im.panelAt = () => {
    const root = panelParts().root;
    if (!root || root.hidden || !panelState.id) {
      return null;
    }
    if (panelState.linked) {
      return { id: panelState.id, quote: panelState.linked };
    }
    const first = panelState.shown[panelState.page * PAGE_SIZE];
    const index = first ? im.itemOf(panelState.id).quotes.indexOf(first) : -1;
    return { id: panelState.id, quote: index + 1 || 1 };
  };

  // Show quote n (1-based, in the island's list newest first, whatever the panel's order):
  // its page, the quote scrolled into view and marked.
  im.showPanelQuote = (n) => {
    const parts = panelParts();
    const quote = panelState.id ? im.itemOf(panelState.id).quotes[n - 1] : null;
    if (!parts.root || parts.root.hidden || !quote) {
      return false;
    }
    if (panelState.searching) {
      panelState.findUpTo(); // the quote may be further on than the search has gone
    }
    const at = panelState.shown.indexOf(quote);
    if (at < 0) {
      return false;
    }
    showPage(Math.floor(at / PAGE_SIZE));
    panelState.linked = n;
    const row = parts.list.children[at % PAGE_SIZE];
    for (const li of parts.list.children) {
      li.classList.toggle("linked", li === row);
    }
    if (row) {
      row.scrollIntoView({ block: "start" });
    }
    return true;
  };

  // In another language: the title, the selects' texts and the page shown, as they were.
  const retranslate = () => {
    const parts = panelParts();
    if (!parts.root || parts.root.hidden || !panelState.id) {
      return;
    }
    const item = im.itemOf(panelState.id);
    const label = im.labelOf(panelState.id);
    parts.title.textContent = t("panel.title", { label, n: item.quotes.length });
    const counts = new Map(im.countsOf(panelState.id).bySource);
    for (const option of parts.source.options) {
      option.textContent = option.value
        ? t("panel.source-option", { source: option.value, n: counts.get(option.value) || 0 })
        : t("panel.all-sources");
    }
    parts.year.options[0].textContent = t("panel.all-years");
    const linked = panelState.linked;
    showPage(panelState.page);
    if (linked) {
      im.showPanelQuote(linked);
    }
  };
  im.onLanguage(retranslate);

  // The panel's controls, wired once when the map starts.
  im.setUpPanel = () => {
    const parts = panelParts();
    if (!parts.root) {
      return;
    }
    let timer = null;
    parts.search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(filterPanel, 120);
    });
    parts.root.querySelector("form").addEventListener("submit", (e) => {
      e.preventDefault();
      clearTimeout(timer);
      filterPanel();
    });
    for (const select of [parts.source, parts.year, parts.lang, parts.sort]) {
      select.addEventListener("change", filterPanel);
    }
    parts.locators.checked = im.locatorsShown();
    parts.locators.addEventListener("change", () => {
      im.showLocators(parts.locators.checked);
    });
    parts.prev.addEventListener("click", () => {
      showPage(panelState.page - 1);
      if (parts.prev.disabled) {
        parts.next.focus();
      }
    });
    parts.next.addEventListener("click", () => {
      if (panelState.searching) {
        panelState.findUpTo((panelState.page + 2) * PAGE_SIZE);
      }
      showPage(panelState.page + 1);
      if (parts.next.disabled) {
        parts.prev.focus();
      }
    });
    parts.close.addEventListener("click", im.closePanel);
    parts.root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        im.closePanel();
      }
    });
  };
})();
