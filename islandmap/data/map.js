/* islandmap: joins the page's data (the JSON in #islandmap-data, built in Python with its
   HTML escaped by an autoescaping template) to the Leaflet layers folium wrote. Runs
   offline: no request leaves the page.

   folium's script calls, in order: islandmap.bindIslands(geojson, overlay) for the islands
   layer, islandmap.bindGroup(marker, overlay) for the group's marker (overlay: the layer
   control's entry holding them), then islandmap.start(map).
   Exposes window.islandmap.open(id) for the key panel (and for embedding pages). */
(function () {
  "use strict";

  var state = { map: null, data: null, layers: {}, openPopup: null };

  function data() {
    if (!state.data) {
      var node = document.getElementById("islandmap-data");
      state.data = JSON.parse(node.textContent);
    }
    return state.data;
  }

  function popupOptions() {
    return {
      maxWidth: 480,
      minWidth: 200,
      autoPanPaddingTopLeft: [12, 64],
      autoPanPaddingBottomRight: [12, 12],
      className: "islandmap-popup"
    };
  }

  // Leaflet draws polygons as plain SVG paths, which the keyboard cannot reach. Give each
  // island's path a tab stop and a name, and open its popup on Enter or Space.
  function makeFocusable(layer, label) {
    var el = layer.getElement && layer.getElement();
    if (!el || el.getAttribute("data-focusable") === "yes") {
      return;
    }
    el.setAttribute("data-focusable", "yes");
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", label);
    L.DomEvent.on(el, "keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        // Also stops the keypress Leaflet would turn into a second (toggling) open.
        L.DomEvent.preventDefault(e);
        L.DomEvent.stopPropagation(e);
        openLayer(layer, true);
      }
    });
  }

  // Opened from the keyboard or the key, a popup points at a spot inside the island (from
  // the page's data): the centre Leaflet would pick can lie in the sea.
  function openLayer(layer, moveFocus) {
    if (!layer) {
      return false;
    }
    // Asked for from the key while its layer is switched off: switch it back on.
    if (!layer._map && layer.islandmapOverlay && state.map) {
      state.map.addLayer(layer.islandmapOverlay);
    }
    if (!layer._map) {
      return false;
    }
    var from = document.activeElement;
    var point = layer.islandmapPoint;
    layer.openPopup(point ? L.latLng(point[0], point[1]) : undefined);
    var popup = layer.getPopup();
    if (popup) {
      // Where the keyboard user was, to go back there when the popup closes.
      popup.islandmapReturnFocus = moveFocus ? from : null;
    }
    if (moveFocus) {
      var root = popup && popup.getElement() && popup.getElement().querySelector(".island-popup");
      if (root) {
        root.focus({ preventScroll: true });
      }
    }
    return true;
  }

  function bindIslands(geojson, overlay) {
    var islands = data().islands;
    geojson.eachLayer(function (layer) {
      var id = layer.feature && layer.feature.properties && layer.feature.properties.id;
      var info = islands[id];
      if (!info) {
        return;
      }
      state.layers[id] = layer;
      layer.islandmapPoint = info.point;
      layer.islandmapOverlay = overlay;
      layer.bindPopup(info.popup, popupOptions());
      layer.bindTooltip(info.tooltip, { sticky: true, className: "island-tooltip" });
      var name = info.label + ": " + info.count + (info.count === 1 ? " quote" : " quotes");
      layer.on("add", function () {
        makeFocusable(layer, name);
      });
      if (layer._map) {
        makeFocusable(layer, name);
      }
    });
  }

  function bindGroup(marker, overlay) {
    var group = data().group;
    state.layers.group = marker;
    marker.islandmapOverlay = overlay;
    marker.bindPopup(group.popup, popupOptions());
    function keys() {
      var el = marker.getElement();
      if (!el || el.getAttribute("data-focusable") === "yes") {
        return;
      }
      el.setAttribute("data-focusable", "yes");
      el.setAttribute("aria-label", group.label);
      L.DomEvent.on(el, "keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          L.DomEvent.preventDefault(e);
          L.DomEvent.stopPropagation(e);
          openLayer(marker, true);
        }
      });
    }
    marker.on("add", keys);
    if (marker._map) {
      keys();
    }
  }

  // Keys that scroll a long popup must scroll it, not pan the map behind it.
  var SCROLL_KEYS = { ArrowUp: 1, ArrowDown: 1, PageUp: 1, PageDown: 1, Home: 1, End: 1, " ": 1 };

  function onPopupOpen(e) {
    state.openPopup = e.popup;
    foldLegendUnder(e.popup);
    // After the pan that brings the popup into view.
    state.map.once("moveend", function () {
      if (e.popup.isOpen()) {
        foldLegendUnder(e.popup);
      }
    });
    var root = e.popup.getElement() && e.popup.getElement().querySelector(".island-popup");
    if (root && !root.getAttribute("data-keys")) {
      root.setAttribute("data-keys", "yes");
      L.DomEvent.on(root, "keydown", function (ev) {
        if (SCROLL_KEYS[ev.key]) {
          L.DomEvent.stopPropagation(ev);
        }
      });
    }
  }

  // Controls sit above popups in Leaflet; fold the key away when a popup lands on it.
  function foldLegendUnder(popup) {
    var legend = document.getElementById("islandmap-legend");
    var el = popup.getElement();
    if (!legend || !legend.open || !el) {
      return;
    }
    var a = legend.getBoundingClientRect();
    var b = el.getBoundingClientRect();
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
      legend.open = false;
    }
  }

  function onPopupClose(e) {
    if (state.openPopup === e.popup) {
      state.openPopup = null;
    }
    var target = e.popup.islandmapReturnFocus;
    e.popup.islandmapReturnFocus = null;
    if (!target || !document.contains(target)) {
      return;
    }
    // Only if the focus is still in the popup (Escape, the close button): a click elsewhere
    // put it where the user wants it.
    var active = document.activeElement;
    var container = e.popup.getElement();
    if (active && active !== document.body && !(container && container.contains(active))) {
      return;
    }
    var folded = target.closest && target.closest("details:not([open])");
    if (folded) {
      target = folded.querySelector("summary") || target;
    }
    target.focus({ preventScroll: true });
  }

  function addLegend(map) {
    var el = document.getElementById("islandmap-legend");
    if (!el) {
      return;
    }
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        L.DomEvent.disableClickPropagation(el);
        L.DomEvent.disableScrollPropagation(el);
        return el;
      }
    });
    new Legend().addTo(map);
    if (window.matchMedia && window.matchMedia("(max-width: 600px), (max-height: 500px)").matches) {
      el.open = false;
    }
    el.addEventListener("click", function (e) {
      var button = e.target.closest && e.target.closest("[data-open]");
      if (button) {
        open(button.getAttribute("data-open"));
      }
    });
  }

  // Open an island's (or "group"'s) popup and move the keyboard focus into it.
  function open(id) {
    return openLayer(state.layers[id], true);
  }

  // Leaflet closes a popup on Escape only while the map itself has the focus; here the
  // focus is on an island, the group marker or inside the popup.
  function closeOnEscape(map) {
    L.DomEvent.on(map.getContainer(), "keydown", function (e) {
      if (e.key === "Escape" && state.openPopup) {
        map.closePopup();
      }
    });
  }

  function start(map) {
    state.map = map;
    closeOnEscape(map);
    // Leaflet 1.9's default prefix carries a national flag; a map that must take no side
    // in a territorial dispute credits Leaflet by name only.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.on("popupopen", onPopupOpen);
    map.on("popupclose", onPopupClose);
    addLegend(map);
    fitBesideLegend(map);
  }

  // The open key covers the bottom-left corner: fit the islands in the space beside it
  // when there is room, so that no island opens under it.
  function fitBesideLegend(map) {
    var legend = document.getElementById("islandmap-legend");
    var bounds = map.islandmapBounds;
    if (!legend || !legend.open || !bounds) {
      return;
    }
    var size = map.getSize();
    var width = legend.getBoundingClientRect().width + 24;
    if (size.x - width < size.x * 0.55) {
      return;
    }
    map.fitBounds(bounds, {
      paddingTopLeft: [width, 16],
      paddingBottomRight: [16, 16],
      animate: false
    });
  }

  window.islandmap = {
    bindIslands: bindIslands,
    bindGroup: bindGroup,
    start: start,
    open: open,
    get map() {
      return state.map;
    },
    layers: state.layers
  };
})();
