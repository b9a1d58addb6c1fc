/* legend.js: the key (#islandmap-legend, a <details> the page's template wrote), moved
   into the map as a Leaflet control: its buttons open each island's popup; it starts
   folded on small screens, folds away from a popup that lands on it, and the islands are
   fitted beside it when there is room. */
(() => {
  "use strict";

  const im = window.islandmap;

  im.addLegend = (map) => {
    const el = document.getElementById("islandmap-legend");
    if (!el) {
      return;
    }
    const Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd() {
        L.DomEvent.disableClickPropagation(el);
        L.DomEvent.disableScrollPropagation(el);
        return el;
      }
    });
    // Each island's name, as its popup's title writes it (the template carries it once).
    for (const holder of el.querySelectorAll("[data-open] .legend-name")) {
      const id = holder.closest("[data-open]").getAttribute("data-open");
      const title = !holder.firstChild && id !== "group" ? im.cloneTemplate(`islandmap-head-${id}`) : null;
      const names = title && title.querySelector(".popup-title");
      while (names && names.firstChild) {
        holder.appendChild(names.firstChild);
      }
    }
    new Legend().addTo(map);
    if (window.matchMedia && window.matchMedia("(max-width: 600px), (max-height: 500px)").matches) {
      el.open = false;
    }
    el.addEventListener("click", (e) => {
      const button = e.target.closest && e.target.closest("[data-open]");
      if (button) {
        im.open(button.getAttribute("data-open"));
      }
    });
  };

  // Controls sit above popups in Leaflet; fold the key away when a popup lands on it.
  im.foldLegendUnder = (popup) => {
    const legend = document.getElementById("islandmap-legend");
    const el = popup.getElement();
    if (!legend || !el) {
      return;
    }
    if (legend.open && im.overlaps(legend, el)) {
      legend.open = false;
    }
    // Folded, its heading can still cover the popup's foot on a phone: hide it while the
    // popup is open (popups.js shows it again when the popup closes).
    legend.classList.toggle("under-popup", im.overlaps(legend, el));
  };

  // The one place that fits the view: the islands, with the page's padding (config.view)
  // and, when the open key covers the bottom-left corner and there is room, beside it, so
  // that no island opens under it, and above the time control where it is a bar over the
  // map's foot (a phone, history.js). On paper (print.js) a thin margin all round.
  im.fitView = (map, { paper = false } = {}) => {
    const view = im.config().view;
    if (paper) {
      map.fitBounds(view.bounds, { padding: [8, 8], animate: false });
      return;
    }
    let left = view.paddingTopLeft[0];
    const legend = document.getElementById("islandmap-legend");
    if (legend && legend.open) {
      const size = map.getSize();
      const width = legend.getBoundingClientRect().width + 24;
      if (size.x - width >= size.x * 0.55) {
        left = width;
      }
    }
    map.fitBounds(view.bounds, {
      paddingTopLeft: [left, view.paddingTopLeft[1]],
      paddingBottomRight: [view.paddingBottomRight[0], Math.max(view.paddingBottomRight[1], im.historyCover() + 12)],
      animate: false
    });
  };

  // Once the view is fitted (frames.js): where there was no room beside the open key (a
  // tablet, or large text on a projector of 1024 px) and it still lies over an island, it
  // folds (its heading opens it again). Whether it folded, for the view to be fitted again.
  im.foldKeyOffIslands = (map) => {
    const legend = document.getElementById("islandmap-legend");
    if (!legend || !legend.open || !im.islandBoxes) {
      return false;
    }
    const key = legend.getBoundingClientRect();
    const under = (b) => b.left < key.right && key.left < b.right && b.top < key.bottom && key.top < b.bottom;
    if (!im.islandBoxes(map).some(under)) {
      return false;
    }
    legend.open = false;
    return true;
  };
})();
