/* locator.js: a small map in the bottom-right corner showing the islands' place in the
   region (config.view.maxBounds) with the main map's view outlined. Built with Leaflet
   alone: a second, fixed map inside a control, drawing the page's own land and islands.
   Its bar holds "Reset view" and a button that hides and shows it (it opens hidden on a
   map too small to spare the room); clicking the locator centres the main map there. */
(() => {
  "use strict";

  const im = window.islandmap;
  // The locator opens shown only on a map at least this big (it would cover the islands).
  const ROOMY = { x: 1000, y: 600 };

  const locator = (map) => {
    const { view, styles } = im.config();
    if (!view.maxBounds) {
      return;
    }
    const region = L.latLngBounds(view.maxBounds);
    const root = L.DomUtil.create("div", "islandmap-locator leaflet-bar");
    root.id = "islandmap-locator";
    const bar = L.DomUtil.create("div", "locator-buttons", root);
    im.resetButton(bar, map);
    const toggle = L.DomUtil.create("button", "locator-toggle", bar);
    toggle.type = "button";
    toggle.setAttribute("aria-controls", "islandmap-locator-map");
    const frame = L.DomUtil.create("div", "locator-map", root);
    frame.id = "islandmap-locator-map";
    frame.setAttribute("role", "img");
    frame.setAttribute("aria-label", im.t("locator.label"));
    L.DomEvent.disableClickPropagation(root);
    L.DomEvent.disableScrollPropagation(root);
    const Locator = L.Control.extend({ options: { position: "bottomright" }, onAdd: () => root });
    new Locator().addTo(map);

    const mini = L.map(frame, {
      attributionControl: false,
      zoomControl: false,
      dragging: false,
      touchZoom: false,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
      zoomSnap: 0,
      inertia: false
    });
    // A view first: Leaflet draws no layer on a map that has none.
    mini.fitBounds(region, { animate: false, padding: [2, 2] });
    const plain = { ...(styles.region || styles.land), weight: 0.5 };
    for (const key of ["region", "land"]) {
      im.geoJson(key, { style: plain, interactive: false }).addTo(mini);
    }
    const islands = {};
    for (const [id, style] of Object.entries(styles.islands)) {
      islands[id] = { ...style, weight: 1 };
    }
    im.geoJson("islands", { styles: islands, interactive: false }).addTo(mini);
    const outline = L.rectangle(map.getBounds(), {
      interactive: false,
      fill: false,
      ...(styles.locatorView || { color: "#000", weight: 2 })
    }).addTo(mini);

    const fit = () => {
      // On paper the locator is not drawn (print.css): a map of no size has no bounds.
      if (!mini.getContainer().offsetWidth) {
        return;
      }
      mini.invalidateSize({ animate: false });
      mini.fitBounds(region, { animate: false, padding: [2, 2] });
    };
    const follow = () => outline.setBounds(map.getBounds());
    const show = (open) => {
      frame.hidden = !open;
      toggle.textContent = im.t(open ? "locator.hide" : "locator.show");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.title = im.t(open ? "locator.hide-title" : "locator.show-title");
      if (open) {
        fit();
        follow();
      }
      window.requestAnimationFrame(im.placeLabels);
    };
    toggle.addEventListener("click", () => show(frame.hidden));
    mini.on("click", (e) => map.panTo(e.latlng));
    map.on("moveend zoomend resize", follow);
    map.on("resize", () => {
      if (!frame.hidden) {
        fit();
      }
    });
    const size = map.getSize();
    show(size.x >= ROOMY.x && size.y >= ROOMY.y);
  };

  im.onStart(locator);
})();
