/* popups.js: an island's (or the group's) popup, built when it opens. The quotes lead: the
   title, one line that stands for the facts (names, status, area: a disclosure the
   page's template wrote the parts of), the newest quotes, a button to the panel with all
   of them, then the counts of its quotes. And how popups behave: the keys that scroll
   them, Escape, the focus going back where it was, a height bounded by the map's, no
   tooltip and no scale bar over an open popup. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { state, element, t } = im;

  const PREVIEW = 5; // quotes a popup shows; the panel lists them all
  // A longer passage shows in a popup as about this many characters around its first
  // name, with a button for the whole of it: the first quote's citation shows at once.
  const EXCERPT = 260;

  const countsList = (id) => {
    const counts = im.countsOf(id);
    const separator = t("counts.separator");
    const list = element("dl", "quote-counts");
    list.appendChild(element("dt", "", t("counts.forms")));
    const forms = ["ja", "ru", "both"]
      .filter((lang) => counts.byLang[lang])
      .map((lang) => t(`counts.form-${lang}`, { n: counts.byLang[lang] }));
    list.appendChild(element("dd", "", forms.join(separator)));
    list.appendChild(element("dt", "", t("counts.sources")));
    const shown = counts.bySource
      .slice(0, 4)
      .map((s) => t("counts.source", { source: s[0], n: s[1] }));
    const more = counts.bySource.length - shown.length;
    if (more > 0) {
      shown.push(t("counts.others", { n: more }));
    }
    list.appendChild(element("dd", "", shown.join(separator)));
    return list;
  };

  // The island's facts (names, status, area; for the group, what its passages are) folded
  // under the one-line summary the template wrote: the quotes come first, the facts are
  // one tap away.
  const factsDisclosure = (id, head) => {
    const details = element("details", "popup-facts");
    const summary = document.createElement("summary");
    summary.appendChild(
      element("span", "visually-hidden", t(id === "group" ? "popup.facts-group" : "popup.facts"))
    );
    const line = element("span", "facts-line");
    const written = head.querySelector(".facts-summary");
    if (written) {
      while (written.firstChild) {
        line.appendChild(written.firstChild);
      }
      written.remove();
    }
    summary.appendChild(line);
    details.appendChild(summary);
    const body = element("div", "facts-body");
    while (head.firstChild) {
      body.appendChild(head.firstChild);
    }
    details.appendChild(body);
    return details;
  };

  im.buildPopup = (id) => {
    const item = im.itemOf(id);
    const root = element("div", id === "group" ? "island-popup group-popup" : "island-popup");
    root.setAttribute("data-island", id);
    root.setAttribute("tabindex", "-1");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", item.label);
    const head = im.cloneTemplate(`islandmap-head-${id}`);
    const title = head.querySelector(".popup-title");
    if (title) {
      root.appendChild(title);
    }
    root.appendChild(factsDisclosure(id, head));
    const quotes = im.quotesOf(id); // only those from the years chosen (years.js)
    const range = im.yearRange();
    if (range && quotes.length < item.quotes.length) {
      const params = { ...range, n: quotes.length, total: item.quotes.length };
      root.appendChild(element("p", "popup-years", t("popup.years", params)));
    }
    if (!quotes.length) {
      const text = item.quotes.length ? t("popup.no-quotes-years", range) : im.noQuotesText(id);
      root.appendChild(element("p", "no-quotes", text));
      return root;
    }
    const n = quotes.length;
    const heading =
      n > PREVIEW
        ? t("popup.heading-preview", { n, shown: PREVIEW })
        : t("popup.heading", { n });
    // The heading and the button to the panel on one line where they fit.
    const bar = element("div", "quotes-bar");
    bar.appendChild(element("h3", "quotes-heading", heading));
    root.appendChild(bar);
    // Before the quotes, where it is seen at once (and not under the key on a phone).
    if (n > PREVIEW) {
      const more = element("button", "panel-open", t("popup.all-quotes", { n }));
      more.setAttribute("type", "button");
      more.setAttribute("aria-haspopup", "dialog");
      more.setAttribute("aria-controls", "islandmap-panel");
      more.addEventListener("click", () => {
        im.openPanel(id);
      });
      bar.appendChild(more);
    }
    const noun = im.nounOf(id);
    const preview = quotes.slice(0, PREVIEW);
    // A packed page may still be reading these passages (packed.js).
    im.afterRead(preview, root, () => {
      for (const quote of preview) {
        root.appendChild(im.quoteBlock(quote, noun, null, { excerpt: EXCERPT }));
      }
      // Where the quotes come from, after them: the first quote is what a reader sees first.
      root.appendChild(countsList(id));
    });
    return root;
  };

  // Keys that scroll a long popup must scroll it, not pan the map behind it.
  const SCROLL_KEYS = new Set(["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End", " "]);

  // The map's controls at the bottom (the scale bar, the attribution) sit above popups in
  // Leaflet: hide the ones an open popup lies under, so that none is drawn over its text.
  const clearControlsFrom = (popup) => {
    const el = popup && popup.getElement();
    const controls = state.map.getContainer().querySelectorAll(
      ".leaflet-bottom > .leaflet-control:not(.legend)"
    );
    for (const control of controls) {
      control.classList.remove("under-popup");
      if (el && popup.isOpen() && im.overlaps(control, el)) {
        control.classList.add("under-popup");
      }
    }
  };

  // A tooltip never shows beside an open popup: those open are closed, and the map's
  // class hides any that opens while it is open (a click opens both on an island).
  const closeTooltips = () => {
    for (const layer of Object.values(state.layers)) {
      if (layer && layer.closeTooltip) {
        layer.closeTooltip();
      }
    }
  };

  im.onPopupOpen = (e) => {
    state.openPopup = e.popup;
    state.map.getContainer().classList.add("popup-open");
    closeTooltips();
    im.foldLegendUnder(e.popup);
    clearControlsFrom(e.popup);
    // After the pan that brings the popup into view.
    state.map.once("moveend", () => {
      if (e.popup.isOpen()) {
        im.foldLegendUnder(e.popup);
        clearControlsFrom(e.popup);
      }
    });
    const root = e.popup.getElement() && e.popup.getElement().querySelector(".island-popup");
    if (root && !root.getAttribute("data-keys")) {
      root.setAttribute("data-keys", "yes");
      L.DomEvent.on(root, "keydown", (ev) => {
        if (SCROLL_KEYS.has(ev.key)) {
          L.DomEvent.stopPropagation(ev);
        }
      });
    }
  };

  im.onPopupClose = (e) => {
    if (state.openPopup === e.popup) {
      state.openPopup = null;
      state.map.getContainer().classList.remove("popup-open");
      clearControlsFrom(null);
    }
    const legend = document.getElementById("islandmap-legend");
    if (legend) {
      legend.classList.remove("under-popup");
    }
    let target = e.popup.islandmapReturnFocus;
    e.popup.islandmapReturnFocus = null;
    if (!target || !document.contains(target)) {
      return;
    }
    // Only if the focus is still in the popup (Escape, the close button): a click elsewhere
    // put it where the user wants it.
    const active = document.activeElement;
    const container = e.popup.getElement();
    if (active && active !== document.body && !(container && container.contains(active))) {
      return;
    }
    const folded = target.closest && target.closest("details:not([open])");
    if (folded) {
      target = folded.querySelector("summary") || target;
    }
    target.focus({ preventScroll: true });
  };

  // Leaflet closes a popup on Escape only while the map itself has the focus; here the
  // focus is on an island, the group marker or inside the popup.
  im.closeOnEscape = (map) => {
    L.DomEvent.on(map.getContainer(), "keydown", (e) => {
      if (e.key === "Escape" && state.openPopup) {
        map.closePopup();
      }
    });
  };

  // The page's CSS bounds a popup by the map's height (in a short frame the window's is
  // too big).
  im.trackMapHeight = (map) => {
    const update = () => {
      document.documentElement.style.setProperty("--islandmap-map-height", `${map.getSize().y}px`);
    };
    map.on("resize", update);
    update();
  };
})();
