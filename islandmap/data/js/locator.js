/* islandmap: the locator, a small map in the bottom-right corner showing the islands' place
   in the region (config.view.maxBounds) with the main map's view outlined. Built with
   Leaflet alone: a second, fixed map inside a control, drawing the page's own land and
   islands. A button hides and shows it (hidden at first on small screens); clicking the
   locator centres the main map there. */
(function () {
  "use strict";

  var im = window.islandmap;
  // The locator opens shown only on a map at least this big (it would cover the islands).
  var ROOMY = { x: 1000, y: 600 };

  function locator(map) {
    var cfg = im.config();
    var view = cfg.view;
    if (!view.maxBounds) {
      return;
    }
    var region = L.latLngBounds(view.maxBounds);
    var Locator = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var root = L.DomUtil.create("div", "islandmap-locator leaflet-bar");
        root.id = "islandmap-locator";
        var bar = L.DomUtil.create("div", "locator-buttons", root);
        var reset = L.DomUtil.create("button", "locator-reset", bar);
        reset.type = "button";
        reset.textContent = "Reset view";
        reset.title = "Back to the islands as the map opened";
        L.DomEvent.on(reset, "click", function () {
          im.fitView();
        });
        var toggle = L.DomUtil.create("button", "locator-toggle", bar);
        toggle.type = "button";
        toggle.setAttribute("aria-controls", "islandmap-locator-map");
        var frame = L.DomUtil.create("div", "locator-map", root);
        frame.id = "islandmap-locator-map";
        frame.setAttribute("role", "img");
        frame.setAttribute(
          "aria-label",
          "Locator: the region from Hokkaido to Kamchatka, with the main map's view outlined"
        );
        L.DomEvent.disableClickPropagation(root);
        L.DomEvent.disableScrollPropagation(root);
        this._toggle = toggle;
        this._frame = frame;
        return root;
      }
    });
    var control = new Locator();
    control.addTo(map);
    var frame = control._frame;
    var toggle = control._toggle;

    var mini = L.map(frame, {
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
    var land = cfg.styles.region || cfg.styles.land;
    var plain = L.extend({}, land, { weight: 0.5, interactive: false });
    ["region", "land"].forEach(function (key) {
      im.geoJson(key, { style: plain, interactive: false }).addTo(mini);
    });
    var islands = {};
    Object.keys(cfg.styles.islands).forEach(function (id) {
      islands[id] = L.extend({}, cfg.styles.islands[id], { weight: 1, interactive: false });
    });
    im.geoJson("islands", { styles: islands, interactive: false }).addTo(mini);
    var outline = L.rectangle(map.getBounds(), L.extend(
      { interactive: false, fill: false },
      cfg.styles.locatorView || { color: "#000", weight: 2 }
    )).addTo(mini);

    function fit() {
      mini.invalidateSize({ animate: false });
      mini.fitBounds(region, { animate: false, padding: [2, 2] });
    }
    function follow() {
      outline.setBounds(map.getBounds());
    }
    function show(open) {
      frame.hidden = !open;
      toggle.textContent = open ? "Hide locator" : "Locator";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.title = open ? "Hide the small map of the region" : "Show where the islands are in the region";
      if (open) {
        fit();
        follow();
      }
      if (im.placeLabels) {
        window.requestAnimationFrame(im.placeLabels);
      }
    }
    toggle.addEventListener("click", function () {
      show(frame.hidden);
    });
    mini.on("click", function (e) {
      map.panTo(e.latlng);
    });
    map.on("moveend zoomend resize", follow);
    map.on("resize", function () {
      if (!frame.hidden) {
        fit();
      }
    });
    var size = map.getSize();
    show(size.x >= ROOMY.x && size.y >= ROOMY.y);
  }

  im.onStart(locator);
})();
