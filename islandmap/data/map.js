/* islandmap: joins the page's data (the JSON in #islandmap-data, built in Python with its
   HTML escaped by an autoescaping template) to the Leaflet layers folium wrote. Runs
   offline: no request leaves the page.

   folium's script calls, in order: islandmap.bindIslands(geojson, overlay) for the islands
   layer, islandmap.bindGroup(marker, overlay) for the group's marker (overlay: the layer
   control's entry holding them), then islandmap.start(map).
   Before those, each GeoJSON layer is made by islandmap.geoJson(key, options) from the
   encoded polylines in the data block.
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

  // Google's encoded polyline format, x before y, 5 decimals (render.encode_polyline).
  function decodePolyline(text) {
    var out = [];
    var i = 0;
    var x = 0;
    var y = 0;
    while (i < text.length) {
      var delta = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0;
        var result = 0;
        var b;
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
  }

  function decodeNested(value) {
    return typeof value === "string" ? decodePolyline(value) : value.map(decodeNested);
  }

  // A Leaflet GeoJSON layer from the features under data.geometry[key].
  function geoJson(key, options) {
    var features = (data().geometry[key] || []).map(function (f) {
      return {
        type: "Feature",
        properties: f.p,
        geometry: { type: f.t, coordinates: decodeNested(f.c) }
      };
    });
    var styles = options.styles || {};
    var layerOptions = {
      style: function (feature) {
        return styles[feature.properties.id] || options.style || {};
      }
    };
    ["pane", "interactive", "attribution", "bubblingMouseEvents"].forEach(function (name) {
      if (name in options) {
        layerOptions[name] = options[name];
      }
    });
    var layer = L.geoJSON({ type: "FeatureCollection", features: features }, layerOptions);
    if (options.highlight) {
      layer.on("mouseover", function (e) {
        e.layer.setStyle(options.highlight);
      });
      layer.on("mouseout", function (e) {
        layer.resetStyle(e.layer);
      });
    }
    return layer;
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
    trackMapHeight(map);
    namesSwitch();
    fullScreen();
    textVersion(map);
    zoomClasses(map);
    printedMap(map);
  }

  // map.css bounds a popup by the map's height (in a short frame the window's is too big).
  function trackMapHeight(map) {
    function update() {
      document.documentElement.style.setProperty(
        "--islandmap-map-height",
        map.getSize().y + "px"
      );
    }
    map.on("resize", update);
    update();
  }

  // Which form of each name leads: <html data-names="both|ja|ru">, read by map.css.
  function namesSwitch() {
    var radios = document.querySelectorAll('input[name="islandmap-names"]');
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked) {
          document.documentElement.setAttribute("data-names", radio.value);
        }
      });
    });
  }

  // Full screen, for a projector or a map embedded small in a lesson page. Shown only
  // where the browser allows it (an iframe needs allowfullscreen).
  function fullScreen() {
    var button = document.getElementById("islandmap-fullscreen");
    var root = document.documentElement;
    if (!button || !document.fullscreenEnabled || !root.requestFullscreen) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        root.requestFullscreen().catch(function () {});
      }
    });
    document.addEventListener("fullscreenchange", function () {
      var on = !!document.fullscreenElement;
      button.textContent = on ? "Exit full screen" : "Full screen";
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  // The text version: each island's popup (and the group's) as a section, its quotes in
  // one numbered list across the page. Built from the popups, so the file holds each
  // quote once. Shown instead of the map by the header's button, and always in print.
  function textVersion(map) {
    var section = document.getElementById("islandmap-text");
    var button = document.getElementById("islandmap-text-toggle");
    if (!section || !button) {
      return;
    }
    // After the map, where print puts it (on screen it shows instead of the map).
    map.getContainer().parentNode.insertBefore(section, map.getContainer().nextSibling);
    var entries = section.querySelector(".text-entries");
    var islands = data().islands;
    var ids = Object.keys(islands);
    var number = 1;
    var sources = ids.map(function (id) {
      return islands[id].popup;
    });
    sources.push(data().group.popup);
    sources.forEach(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var popup = holder.firstElementChild;
      var entry = document.createElement("section");
      entry.className = "text-entry";
      entry.setAttribute("data-island", popup.getAttribute("data-island"));
      var quotes = [];
      Array.prototype.slice.call(popup.children).forEach(function (child) {
        if (child.matches("blockquote.quote")) {
          quotes.push(child);
        } else {
          entry.appendChild(retitle(child));
        }
      });
      if (quotes.length) {
        var list = document.createElement("ol");
        list.className = "quote-list";
        list.setAttribute("start", String(number));
        quotes.forEach(function (quote) {
          var item = document.createElement("li");
          item.appendChild(quote);
          list.appendChild(item);
          number += 1;
        });
        entry.appendChild(list);
      }
      entries.appendChild(entry);
    });

    function show(open) {
      section.hidden = !open;
      document.body.classList.toggle("text-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "Back to the map" : "Text version";
      if (open) {
        map.closePopup();
        section.querySelector("h2").focus({ preventScroll: true });
      } else {
        map.invalidateSize({ animate: false });
      }
    }
    button.addEventListener("click", function () {
      show(section.hidden);
    });
    section.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        show(false);
        button.focus();
      }
    });
  }

  // Headings one level down in the text version (h2 under the page's h1 there).
  function retitle(node) {
    var level = { H2: "h3", H3: "h4" }[node.tagName];
    if (!level) {
      return node;
    }
    var heading = document.createElement(level);
    heading.className = node.className;
    while (node.firstChild) {
      heading.appendChild(node.firstChild);
    }
    return heading;
  }

  // Labels by zoom: hidden when zoomed far out (they would pile up), larger close in.
  function zoomClasses(map) {
    var container = map.getContainer();
    function update() {
      var zoom = map.getZoom();
      container.classList.toggle("labels-far", zoom < 6);
      container.classList.toggle("labels-near", zoom >= 9);
    }
    map.on("zoomend", update);
    update();
  }

  // Printing resizes the map to the paper: fit the islands to it, then put the screen's
  // view back. Chromium applies the print styles between "beforeprint" and the print
  // media query's change, so the paper's size is known only at the latter.
  function printedMap(map) {
    var saved = null;
    function save() {
      if (!saved) {
        saved = { center: map.getCenter(), zoom: map.getZoom() };
      }
    }
    function toPaper() {
      save();
      map.invalidateSize({ animate: false });
      if (map.islandmapBounds) {
        map.fitBounds(map.islandmapBounds, { padding: [8, 8], animate: false });
      }
    }
    function back() {
      if (!saved) {
        return;
      }
      map.invalidateSize({ animate: false });
      map.setView(saved.center, saved.zoom, { animate: false });
      saved = null;
    }
    window.addEventListener("beforeprint", save);
    window.addEventListener("afterprint", back);
    var query = window.matchMedia && window.matchMedia("print");
    if (query && query.addEventListener) {
      query.addEventListener("change", function (e) {
        if (e.matches) {
          toPaper();
        } else {
          back();
        }
      });
    }
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
      paddingBottomRight: [16, 44], // Habomai's label sits below its islets
      animate: false
    });
  }

  window.islandmap = {
    geoJson: geoJson,
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
