/* core.js: the namespace the page's script shares, its state, and the page's data.

   The files in this folder are joined in the order of order.txt into one inline script
   (no bundler, no request: the page works offline). Each is a function run at once that
   adds its parts to one object, window.islandmap (`im`), the only global they make. A file
   takes what earlier files made when it loads, and reaches later files' parts through
   `im` when it runs (a popup's button calls im.openPanel).

   The data is the JSON in #islandmap-data. It holds each passage once and each source
   once (render._QuoteStore); the outlines are encoded polylines (render.encode_polyline).
   Popups, the panel, the text version and the printed list are built from it when they
   are opened. */
(() => {
  "use strict";

  const state = { map: null, data: null, layers: {}, openPopup: null };

  const im = {
    state,
    // The Leaflet layer of each island id, and "group" for the group's marker.
    layers: state.layers,
    get map() {
      return state.map;
    }
  };
  window.islandmap = im;

  im.data = () => {
    if (!state.data) {
      state.data = JSON.parse(document.getElementById("islandmap-data").textContent);
    }
    return state.data;
  };

  // Google's encoded polyline format, x before y, 5 decimals (render.encode_polyline).
  im.decodePolyline = (text) => {
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
      out.push([x / 1e5, y / 1e5]);
    }
    return out;
  };

  // GeoJSON coordinates at any depth, their innermost rings encoded.
  im.decodeNested = (value) =>
    typeof value === "string" ? im.decodePolyline(value) : value.map(im.decodeNested);

  // An island's (or "group"'s) entry in the data: label, count, quotes.
  im.itemOf = (id) => (id === "group" ? im.data().group : im.data().islands[id]);

  im.source = (index) => im.data().sources[index] || { file: "", title: "" };

  // What the panel's Source filter and the popup's counts group by: the publisher, or
  // the title for a source without one.
  im.sourceName = (src) => src.publisher || src.title || src.file;

  im.yearOf = (src) => {
    const match = /^(\d{4})/.exec(src.date || "");
    return match ? match[1] : "";
  };
})();
