/* core.js: the namespace the page's script shares, its state, and the page's data.

   The files in this folder are joined in the order of order.txt into one inline script
   (no bundler, no request: the page works offline). Each is a function run at once that
   adds its parts to one object, window.islandmap (`im`), the only global they make. A file
   takes what earlier files made when it loads, and reaches later files' parts through
   `im` when it runs (a popup's button calls im.openPanel).

   The page's two JSON blocks are all the script reads from Python (their shapes:
   islandmap/page/contract.py and docs/page-data.schema.json): #islandmap-config (names
   order, view, Leaflet styles) and #islandmap-data, which holds each passage once and
   each source once, and the outlines as encoded polylines. Popups, the panel, the text
   version and the printed list are built from it when they are opened. */
(() => {
  "use strict";

  // The version of the blocks' shapes this script reads (islandmap/page/contract.py), and
  // the data's versions when its passages and sources are packed (2), and its islands'
  // quotes too, the texts maybe made of pieces stored once (3; packed.js reads them).
  const VERSION = 1;
  const PACKED_VERSION = 2;
  const PIECES_VERSION = 3;

  const state = { map: null, data: null, config: null, layers: {}, openPopup: null };

  const im = {
    state,
    // The Leaflet layer of each island id, and "group" for the group's marker.
    layers: state.layers,
    get map() {
      return state.map;
    }
  };
  window.islandmap = im;

  const block = (id, versions = [VERSION]) => {
    const value = JSON.parse(document.getElementById(id).textContent);
    if (!versions.includes(value.version)) {
      throw new Error(`#${id} is version ${value.version}; this page's script reads ${VERSION}`);
    }
    return value;
  };

  // What the map shows: islands, the group, passages, sources, outlines.
  im.data = () => {
    if (!state.data) {
      state.data = block("islandmap-data", [VERSION, PACKED_VERSION, PIECES_VERSION]);
      if (state.data.packed) {
        im.unpackLater(state.data); // packed.js
      }
    }
    return state.data;
  };

  // How to show it: the names order, the view to open on, the layers' styles.
  im.config = () => {
    if (!state.config) {
      state.config = block("islandmap-config");
    }
    return state.config;
  };

  // Google's encoded polyline format, x before y, 5 decimals or `decimals` (page/data.py
  // encodes it).
  im.decodePolyline = (text, decimals = 5) => {
    const factor = 10 ** decimals;
    const out = [];
    let i = 0;
    let x = 0;
    let y = 0;
    while (i < text.length) {
      const delta = [0, 0];
      for (let k = 0; k < 2; k++) {
        let shift = 0;
        let result = 0;
        let b;
        do {
          b = text.charCodeAt(i++) - 63;
          result |= (b & 31) << shift;
          shift += 5;
        } while (b >= 32);
        delta[k] = result & 1 ? ~(result >> 1) : result >> 1;
      }
      x += delta[0];
      y += delta[1];
      out.push([x / factor, y / factor]);
    }
    return out;
  };

  // GeoJSON coordinates at any depth, their innermost rings encoded.
  im.decodeNested = (value, decimals = 5) =>
    typeof value === "string"
      ? im.decodePolyline(value, decimals)
      : value.map((part) => im.decodeNested(part, decimals));

  // Every passage is at hand: packed.js, which a page with packed passages alone carries,
  // replaces these three with its reading of them.
  im.isRead = () => true;
  im.whenRead = () => Promise.resolve();
  im.afterRead = (quotes, holder, build) => build();

  // An island's (or "group"'s) entry in the data: label, count, quotes.
  im.itemOf = (id) => (id === "group" ? im.data().group : im.data().islands[id]);

  // An island's (or the group's) name as one line: the English label on a page in English,
  // else the names in their own scripts (im.lang: strings.js).
  im.labelOf = (id) => {
    if (id === "group") {
      return im.t("group.label");
    }
    const info = im.data().islands[id];
    const script = info.names.both.script;
    return im.lang() === "en" || !script ? info.label : script.map((form) => form[0]).join(" / ");
  };

  im.source = (index) => im.data().sources[index] || { file: "", title: "" };

  // What the panel's Source filter and the popup's counts group by: the publisher, or
  // the title for a source without one.
  im.sourceName = (src) => src.publisher || src.title || src.file;

  im.yearOf = (src) => {
    const match = /^(\d{4})/.exec(src.date || "");
    return match ? match[1] : "";
  };
})();
