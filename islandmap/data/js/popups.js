/* popups.js: an island's (or the group's) popup, built when it opens: the head the page's
   template wrote (names, status, area), the counts of its quotes, a button to the panel
   with all of them, and the first few. And how popups behave: the keys that scroll them,
   Escape, the focus going back where it was, a height bounded by the map's. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { state, element, t } = im;

  const PREVIEW = 5; // quotes a popup shows; the panel lists them all

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

  im.buildPopup = (id) => {
    const item = im.itemOf(id);
    const root = element("div", id === "group" ? "island-popup group-popup" : "island-popup");
    root.setAttribute("data-island", id);
    root.setAttribute("tabindex", "-1");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", item.label);
    root.appendChild(im.cloneTemplate(`islandmap-head-${id}`));
    const quotes = item.quotes;
    if (!quotes.length) {
      root.appendChild(element("p", "no-quotes", im.noQuotesText(id)));
      return root;
    }
    const n = quotes.length;
    const heading =
      n > PREVIEW
        ? t("popup.heading-preview", { n, shown: PREVIEW })
        : t("popup.heading", { n });
    root.appendChild(element("h3", "quotes-heading", heading));
    root.appendChild(countsList(id));
    // Before the quotes, where it is seen at once (and not under the key on a phone).
    if (n > PREVIEW) {
      const more = element("button", "panel-open", t("popup.all-quotes", { n }));
      more.setAttribute("type", "button");
      more.setAttribute("aria-haspopup", "dialog");
      more.setAttribute("aria-controls", "islandmap-panel");
      more.addEventListener("click", () => {
        im.openPanel(id);
      });
      root.appendChild(more);
    }
    const noun = im.nounOf(id);
    for (const quote of quotes.slice(0, PREVIEW)) {
      root.appendChild(im.quoteBlock(quote, noun));
    }
    return root;
  };

  // Keys that scroll a long popup must scroll it, not pan the map behind it.
  const SCROLL_KEYS = new Set(["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End", " "]);

  im.onPopupOpen = (e) => {
    state.openPopup = e.popup;
    im.foldLegendUnder(e.popup);
    // After the pan that brings the popup into view.
    state.map.once("moveend", () => {
      if (e.popup.isOpen()) {
        im.foldLegendUnder(e.popup);
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
