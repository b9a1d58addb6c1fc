/* print.js: the printed map. Page 1 stands alone: the map with a north arrow, and under it
   the key (the islands, the group, the land, the dashed 1855 line; with a moment of the
   time control shown, its key and note with their sources instead, as the map is then
   coloured by who held the land), the disclaimer and the credits with their addresses
   (print.css). Printing resizes the map to the paper, leaving page 1 room for the key
   (--im-print-key): fit the islands to it, then put the screen's view back. Chromium applies the print styles
   between "beforeprint" and the print media query's change, so the paper's size is known
   only at the latter. (The list of quotes that follows the map is text-version.js's.) */
(() => {
  "use strict";

  const im = window.islandmap;

  const SVG = "http://www.w3.org/2000/svg";

  // The addresses printed after their links (print.css) as a reader would type them: a
  // Russian or Japanese address's letters, not their escapes (%D0%9A%D1%83…, three lines
  // for one word of ru.wikipedia). Escapes of reserved characters (%2F) stay escaped.
  const readableAddresses = () => {
    for (const a of document.querySelectorAll('a[href*="%"]:not([data-print-href])')) {
      const href = a.getAttribute("href");
      try {
        const text = decodeURI(href);
        if (text !== href) {
          a.setAttribute("data-print-href", text);
        }
      } catch {
        // not escapes of UTF-8: printed as they are
      }
    }
  };

  // A north arrow (the map is Web Mercator: north is up), shown on paper only.
  const northArrow = (map) => {
    const NorthArrow = L.Control.extend({
      options: { position: "topright" },
      onAdd() {
        const box = im.element("div", "north-arrow");
        const svg = document.createElementNS(SVG, "svg");
        svg.setAttribute("viewBox", "0 0 24 32");
        svg.setAttribute("aria-hidden", "true");
        const arrow = document.createElementNS(SVG, "path");
        arrow.setAttribute("d", "M12 2 L20 28 L12 22 L4 28 Z");
        svg.appendChild(arrow);
        box.appendChild(svg);
        const letter = im.element("span", "north-letter");
        box.appendChild(letter);
        const fill = () => {
          letter.textContent = im.t("print.north");
          box.setAttribute("title", im.t("print.north-title"));
        };
        fill();
        im.onLanguage(fill);
        return box;
      }
    });
    new NorthArrow().addTo(map);
  };

  // The key as printed under the map: what the on-screen key (legend.js) says, without its
  // buttons, and the map's credits, whose links print their addresses.
  const fillKey = (map, key) => {
    while (key.firstChild) {
      key.removeChild(key.firstChild);
    }
    // The moment the map shows (history.js): its key and its note, sources and all, in
    // place of the islands' colours.
    const period = im.historyPeriod ? im.historyPeriod() : null;
    const info = period && im.data().history.periods.find((p) => p.id === period);
    const list = im.element("ul", "print-key-items");
    const legend = document.getElementById("islandmap-legend");
    if (legend && !info) {
      key.appendChild(im.element("h2", "print-key-title", im.t("print.key")));
      key.appendChild(list);
      for (const button of legend.querySelectorAll(".legend-open")) {
        const item = document.createElement("li");
        for (const part of button.querySelectorAll(".swatch, .legend-name")) {
          item.appendChild(part.cloneNode(true));
        }
        list.appendChild(item);
      }
      for (const entry of legend.querySelectorAll(".legend-key > li")) {
        list.appendChild(entry.cloneNode(true));
      }
    }
    if (info) {
      key.appendChild(im.element("h2", "print-key-title", im.t("print.history", { year: im.historyYear(info) })));
      const items = im.element("ul", "print-key-items print-history-key");
      for (const entry of document.querySelectorAll("#islandmap-history-key > li:not([hidden])")) {
        items.appendChild(entry.cloneNode(true));
      }
      key.appendChild(items);
      const note = document.querySelector("#islandmap-history-note .history-period");
      if (note) {
        const copy = note.cloneNode(true);
        copy.classList.add("print-history-note");
        key.appendChild(copy);
      }
    }
    const disclaimer = legend && legend.querySelector(".disclaimer");
    if (disclaimer) {
      key.appendChild(disclaimer.cloneNode(true));
    }
    const credits = map.getContainer().querySelector(".leaflet-control-attribution");
    if (credits) {
      const line = im.element("p", "print-credits");
      for (const node of credits.childNodes) {
        line.appendChild(node.cloneNode(true));
      }
      key.appendChild(line);
    }
  };

  // "Print map": page 1 alone, <html data-print="map"> while the browser prints (the
  // list of quotes is then neither printed nor built).
  im.printMapOnly = () => document.documentElement.getAttribute("data-print") === "map";
  // (when printing ends: printedMap's listeners)
  const printMapDone = () => {
    document.documentElement.removeAttribute("data-print");
  };
  const printButton = () => {
    const button = document.getElementById("islandmap-print-map");
    if (!button) {
      return;
    }
    if (typeof window.print !== "function") {
      button.hidden = true;
      return;
    }
    button.addEventListener("click", () => {
      document.documentElement.setAttribute("data-print", "map");
      window.print();
      // A browser whose print() returns before it prints (or never says "afterprint")
      // must not print page 1 alone ever after: the reader's next move ends it too.
      for (const type of ["pointerdown", "keydown"]) {
        window.addEventListener(type, printMapDone, { once: true, capture: true });
      }
    });
  };

  im.printedMap = (map) => {
    printButton();
    northArrow(map);
    const key = im.element("section", "print-key");
    key.id = "islandmap-print-key";
    const container = map.getContainer();
    container.parentNode.insertBefore(key, container.nextSibling);
    fillKey(map, key);
    im.onLanguage(() => {
      fillKey(map, key);
    });
    let saved = null;
    const save = () => {
      if (!saved) {
        saved = { center: map.getCenter(), zoom: map.getZoom() };
      }
    };
    const toPaper = () => {
      save();
      fillKey(map, key);
      // Page 1's share for the title and the key as laid out on this paper (print.css).
      const top = map.getContainer().getBoundingClientRect().top;
      document.documentElement.style.setProperty("--im-print-key", `${top + key.offsetHeight + 24}px`);
      map.invalidateSize({ animate: false });
      // At a moment of the time control, the whole chain and Sakhalin, as on screen (with
      // room for the group's label under the islands).
      const history = im.historyBounds ? im.historyBounds() : null;
      if (history) {
        map.fitBounds(history, { paddingTopLeft: [8, 8], paddingBottomRight: [8, 56], animate: false });
      } else {
        im.fitView(map, { paper: true });
      }
      // The region's names placed again around the paper's controls (the scale, the arrow).
      im.placeLabels?.();
    };
    const back = () => {
      if (!saved) {
        return;
      }
      // Printed from the text version, the map is hidden (no size): the text version
      // fits it again when it is shown.
      if (!map.getContainer().offsetWidth) {
        saved = null;
        return;
      }
      map.invalidateSize({ animate: false });
      map.setView(saved.center, saved.zoom, { animate: false });
      saved = null;
    };
    window.addEventListener("beforeprint", () => {
      readableAddresses();
      save();
    });
    window.addEventListener("afterprint", () => {
      back();
      printMapDone();
    });
    const query = window.matchMedia && window.matchMedia("print");
    if (query && query.addEventListener) {
      query.addEventListener("change", (e) => {
        if (e.matches) {
          readableAddresses();
          toPaper();
        } else {
          back();
          printMapDone();
        }
      });
    }
  };
})();
