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

  // The islands' facts (names, status, area), packed in the page (its markup as JSON,
  // raw DEFLATE, base64; elements.IslandsLayer): unpacked once, as the page opens, each
  // added to its island's head template (and to a popup opened before).
  let facts = null;
  im.whenFacts = () => {
    if (!facts) {
      const holder = document.getElementById("islandmap-facts");
      const packed = holder && holder.getAttribute("data-packed");
      facts =
        !packed || !im.inflateJson
          ? Promise.resolve()
          : im.inflateJson(packed).then(
              (markup) => {
                holder.innerHTML = markup; // the page's own template's output, escaped there
                holder.removeAttribute("data-packed");
                for (const part of holder.content.querySelectorAll("template[data-facts]")) {
                  const head = document.getElementById(`islandmap-head-${part.getAttribute("data-facts")}`);
                  if (head) {
                    im.keepOwnTexts(part.content);
                    head.content.appendChild(part.content);
                  }
                }
                // A popup opened before: its facts written in, where it keeps the focus.
                const popup = im.state.openPopup;
                const el = popup && popup.isOpen() && popup.getElement();
                const root = el && el.querySelector(".island-popup");
                const body = root && root.querySelector(".popup-facts .facts-body");
                if (body && !body.querySelector(".names, .status, .area")) {
                  const head = im.cloneTranslated(`islandmap-head-${root.getAttribute("data-island")}`);
                  for (const written of head.querySelectorAll(".popup-title, .facts-summary")) {
                    written.remove();
                  }
                  body.appendChild(head);
                }
              },
              () => {}
            );
    }
    return facts;
  };

  im.buildPopup = (id) => {
    const item = im.itemOf(id);
    const root = element("div", id === "group" ? "island-popup group-popup" : "island-popup");
    root.setAttribute("data-island", id);
    root.setAttribute("tabindex", "-1");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", im.labelOf(id));
    const head = im.cloneTranslated(`islandmap-head-${id}`);
    const title = head.querySelector(".popup-title");
    if (title) {
      root.appendChild(title);
    }
    root.appendChild(factsDisclosure(id, head));
    const quotes = im.quotesOf(id); // only those from the years chosen (years.js)
    const range = im.yearRange();
    // Years as they are written (t() would format a number for the language: 2,018).
    const years = range ? { from: String(range.from), to: String(range.to) } : null;
    if (range && quotes.length < item.quotes.length) {
      const params = { ...years, n: quotes.length, total: item.quotes.length };
      root.appendChild(element("p", "popup-years", t("popup.years", params)));
    }
    if (!quotes.length) {
      const text = item.quotes.length ? t("popup.no-quotes-years", years) : im.noQuotesText(id);
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

  // A popup open when the language changes is built again in the new one.
  im.onLanguage(() => {
    const popup = state.openPopup;
    if (popup && popup.isOpen()) {
      const inside = popup.getElement() && popup.getElement().contains(document.activeElement);
      popup.update();
      nameCloseButton(popup);
      const root = popup.getElement() && popup.getElement().querySelector(".island-popup");
      if (inside && root) {
        root.focus({ preventScroll: true });
      }
    }
  });

  // Keys that scroll a long popup must scroll it, not pan the map behind it.
  const SCROLL_KEYS = new Set(["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End", " "]);

  // The map's controls sit above popups in Leaflet: one that an open popup lies under is
  // hidden while it is open, so that none is drawn over its text: at the bottom (the
  // scale bar, the locator) and, on a narrow map where the popup takes the width, at the
  // top (the time control's button over the popup's title, the zoom buttons); not one the
  // reader is using (the time control unfolded, a control with the focus).
  const clearControlsFrom = (popup) => {
    const el = popup && popup.getElement();
    const controls = state.map.getContainer().querySelectorAll(
      ".leaflet-bottom > .leaflet-control:not(.legend), .leaflet-top > .leaflet-control"
    );
    for (const control of controls) {
      control.classList.remove("under-popup");
      const inUse =
        control.matches("details[open], :focus-within") || control.querySelector("details[open]");
      if (el && popup.isOpen() && !inUse && im.overlaps(control, el)) {
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

  // Leaflet's close button is named in English.
  const nameCloseButton = (popup) => {
    const button = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-close-button");
    if (button) {
      button.setAttribute("aria-label", t("leaflet.close-popup"));
      button.setAttribute("title", t("leaflet.close-popup"));
    }
  };

  im.onPopupOpen = (e) => {
    state.openPopup = e.popup;
    nameCloseButton(e.popup);
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
