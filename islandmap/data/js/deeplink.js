/* deeplink.js: the page's state in the address's fragment, "#v=1&island=kunashir&quote=3
   &names=ja&text=large" (format and rules: README, "Links to a view of the map"). Read on
   load and on Back/Forward; opening or closing a popup or the panel pushes a history
   entry, the names order and text size replace the current one. Forgiving: unknown keys
   and bad values are ignored, unknown keys kept when the page rewrites the fragment. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { state } = im;

  const VERSION = 1;
  const KNOWN = ["v", "island", "quote", "names", "text", "year", "years"];
  const NAMES = ["both", "ja", "ru"];

  let extra = []; // unknown [key, value] pairs, kept as they came
  let current = null; // the state the address shows
  let applying = false;
  let pending = false;

  const islandIds = () => [...Object.keys(im.data().islands), "group"];

  // The state a fragment describes: {island, quote, names, text, year, years}, each null
  // if not given or not valid here (year: the history's period shown, by its id; years:
  // the range of the quotes shown, "2016-2018").
  im.parseFragment = (fragment) => {
    const text = String(fragment || "").replace(/^[#!/?]+/, "");
    const params = new URLSearchParams(text);
    const out = {
      island: null,
      quote: null,
      names: null,
      text: null,
      year: null,
      years: null,
      extra: []
    };
    const seen = new Set();
    for (const [rawKey, rawValue] of params) {
      const key = rawKey.trim().toLowerCase();
      const value = rawValue.trim().toLowerCase();
      if (!KNOWN.includes(key)) {
        out.extra.push([rawKey, rawValue]);
        continue;
      }
      if (seen.has(key)) {
        continue; // the first of a repeated key counts
      }
      seen.add(key);
      if (key === "island" && islandIds().includes(value)) {
        out.island = value;
      } else if (key === "quote" && /^\d{1,6}$/.test(value) && Number(value) >= 1) {
        out.quote = Number(value);
      } else if (key === "names" && NAMES.includes(value)) {
        out.names = value;
      } else if (key === "text" && (value === "large" || value === "normal")) {
        out.text = value;
      } else if (key === "year" && im.historyPeriodFor) {
        out.year = im.historyPeriodFor(value);
      } else if (key === "years" && im.parseYearRange) {
        const range = im.parseYearRange(value);
        out.years = range ? (range.from === range.to ? String(range.from) : `${range.from}-${range.to}`) : null;
      }
    }
    if (out.quote && (!out.island || out.quote > im.itemOf(out.island).quotes.length)) {
      out.quote = null;
    }
    return out;
  };

  // The fragment (without "#") for a state; "" for the page as it opens by default.
  im.formatFragment = (s) => {
    const pairs = [];
    if (s.island) {
      pairs.push(["island", s.island]);
      if (s.quote) {
        pairs.push(["quote", String(s.quote)]);
      }
    }
    if (s.names && s.names !== im.config().names) {
      pairs.push(["names", s.names]);
    }
    if (s.text === "large") {
      pairs.push(["text", "large"]);
    }
    if (s.year) {
      pairs.push(["year", s.year]);
    }
    if (s.years) {
      pairs.push(["years", s.years]);
    }
    pairs.push(...(s.extra || []));
    if (!pairs.length) {
      return "";
    }
    const enc = (x) => encodeURIComponent(x);
    return [["v", String(VERSION)], ...pairs].map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
  };

  // The state the page shows now.
  const shown = () => {
    const out = { island: null, quote: null, names: null, text: null, year: null, years: null, extra };
    const panel = im.panelAt ? im.panelAt() : null;
    if (panel) {
      out.island = panel.id;
      out.quote = panel.quote;
    } else if (state.openPopup) {
      out.island = islandIds().find((id) => state.layers[id] && state.layers[id].getPopup() === state.openPopup) || null;
    }
    out.names = document.documentElement.getAttribute("data-names") || im.config().names;
    out.text = im.isLargeText && im.isLargeText() ? "large" : null;
    out.year = im.historyPeriod ? im.historyPeriod() : null;
    out.years = im.yearRangeText ? im.yearRangeText() : null;
    return out;
  };

  const setNames = (mode) => {
    document.documentElement.setAttribute("data-names", mode);
    for (const radio of document.querySelectorAll('input[name="islandmap-names"]')) {
      radio.checked = radio.value === mode;
    }
  };

  // Make the page show state s (from the address).
  const apply = (s) => {
    applying = true;
    try {
      extra = s.extra;
      setNames(s.names || im.config().names);
      if (im.setLargeText) {
        im.setLargeText(s.text === "large");
      }
      if (im.setPeriod) {
        im.setPeriod(s.year);
      }
      if (im.setYearRange) {
        im.setYearRange(s.years ? im.parseYearRange(s.years) : null);
      }
      const panel = im.panelAt ? im.panelAt() : null;
      if (s.island && s.quote) {
        state.map.closePopup();
        if (!panel || panel.id !== s.island) {
          im.openPanel(s.island);
        }
        im.showPanelQuote(s.quote);
      } else {
        if (panel) {
          im.closePanel();
        }
        if (s.island) {
          im.openLayer(state.layers[s.island], false);
        } else {
          state.map.closePopup();
        }
      }
    } finally {
      applying = false;
    }
    current = shown();
  };

  const same = (a, b) => a && b && im.formatFragment(a) === im.formatFragment(b);

  const write = (s, push) => {
    const fragment = im.formatFragment(s);
    const url = fragment ? `#${fragment}` : location.pathname + location.search;
    try {
      if (push) {
        history.pushState(null, "", url);
      } else {
        history.replaceState(null, "", url);
      }
    } catch {
      // A sandboxed or opaque document may refuse; the page works without the address.
    }
  };

  const commit = () => {
    pending = false;
    if (applying || !current) {
      return;
    }
    const now = shown();
    if (same(now, current)) {
      return;
    }
    const moved =
      now.island !== current.island ||
      now.quote !== current.quote ||
      now.year !== current.year ||
      now.years !== current.years;
    write(now, moved);
    current = now;
  };

  // Called by the parts that change the state (popups, panel, names, text size): the
  // address follows once the change is complete (a popup that replaces another closes it
  // first, in the same task).
  im.stateChanged = () => {
    if (!pending && current) {
      pending = true;
      Promise.resolve().then(commit);
    }
  };

  const fromAddress = () => {
    const s = im.parseFragment(location.hash);
    if (!same(s, current)) {
      apply(s);
    }
  };

  im.deepLinks = (map) => {
    map.on("popupopen popupclose", im.stateChanged);
    for (const radio of document.querySelectorAll('input[name="islandmap-names"]')) {
      radio.addEventListener("change", im.stateChanged);
    }
    window.addEventListener("popstate", fromAddress);
    window.addEventListener("hashchange", fromAddress);
    // After the rest of the set-up (start hooks, the view's fit) has run.
    Promise.resolve().then(() => {
      const s = im.parseFragment(location.hash);
      current = shown();
      apply(s);
    });
  };
})();
