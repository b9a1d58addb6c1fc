/* islandmap: the region around the islands, so that a reader sees where they are.

   - islandmap.layer("region"): the land from Hokkaido to Kamchatka (under the land around
     the islands), the coastlines of that land, and the names of seas, straits, land and
     towns (data.places), each in the page's names order like the islands' labels.
   - Labels are placed after every move and zoom, in order of importance: one that would
     overlap a label already shown, an island's label, the group marker or a control (the
     key, the layer control, the attribution, the locator…) is hidden. The names of the
     land around the islands take part too, so that no name shows twice.
   - View limits: the view stays inside config.view.maxBounds and cannot zoom out past
     config.view.minZoom, nor past the zoom that shows all of maxBounds.
   - A "Reset view" button (top left, under the zoom buttons) goes back to the opening
     view, fitted by the front end's one fitting function (islandmap.fitView). */
(function () {
  "use strict";

  var im = window.islandmap;
  var places = []; // [{info, marker}] in order of importance

  function paneOf(map, name, zIndex) {
    if (!map.getPane(name)) {
      var el = map.createPane(name);
      el.style.zIndex = zIndex;
      el.style.pointerEvents = "none";
    }
    return name;
  }

  function labelFor(info) {
    var holder = document.createElement("span");
    holder.className = "label-text";
    ["both", "ja", "ru"].forEach(function (mode) {
      var span = document.createElement("span");
      span.className = "name-order name-order-" + mode;
      info.names[mode].forEach(function (form, i) {
        if (i) {
          var sep = document.createElement("span");
          sep.className = "name-sep";
          sep.textContent = " / ";
          span.appendChild(sep);
        }
        var name = document.createElement("span");
        name.className = "name-form";
        name.setAttribute("lang", form[1]);
        name.textContent = form[0];
        span.appendChild(name);
      });
      holder.appendChild(span);
    });
    return L.divIcon({
      html: holder,
      className: "place-label place-label-" + info.kind,
      iconSize: [0, 0]
    });
  }

  function regionLayer() {
    var cfg = im.config();
    var layer = L.featureGroup();
    var styles = cfg.styles;
    var region = im.geoJson("region", {
      style: styles.region || styles.land,
      pane: "islandmap-region",
      interactive: false,
      attribution: cfg.attribution
    });
    var coast = im.geoJson("coast", {
      style: styles.coast || styles.land,
      pane: "islandmap-coast",
      interactive: false
    });
    layer.addLayer(region);
    layer.addLayer(coast);
    places = (im.data().places || []).map(function (info) {
      var marker = L.marker(info.point, {
        icon: labelFor(info),
        interactive: false,
        keyboard: false,
        pane: "islandmap-places"
      });
      layer.addLayer(marker);
      return { info: info, marker: marker };
    });
    // Under the land around the islands (150) and the tiles (200); the coastlines over
    // that land; the names under the islands' own labels (the marker pane, 600).
    layer.beforeAdd = function (map) {
      paneOf(map, "islandmap-region", 140);
      paneOf(map, "islandmap-coast", 155);
      paneOf(map, "islandmap-places", 590);
    };
    layer.on("add", function () {
      schedule();
    });
    return layer;
  }

  im.addLayerKind("region", regionLayer);

  // --- label placement ----------------------------------------------------------------

  var pending = false;

  function schedule() {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      placeLabels();
    });
  }

  function visibleRect(el) {
    if (!el || !el.getClientRects().length) {
      return null;
    }
    var style = window.getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") {
      return null;
    }
    var r = el.getBoundingClientRect();
    return r.width && r.height ? r : null;
  }

  function hits(a, b, margin) {
    return (
      a.left - margin < b.right &&
      b.left - margin < a.right &&
      a.top - margin < b.bottom &&
      b.top - margin < a.bottom
    );
  }

  function inside(a, box) {
    return a.left >= box.left && a.right <= box.right && a.top >= box.top && a.bottom <= box.bottom;
  }

  // Islands' labels, the group marker and the controls are obstacles; the region's names
  // and then the names of the land around the islands are placed in turn.
  function placeLabels() {
    var map = im.map;
    if (!map) {
      return;
    }
    var container = map.getContainer();
    var frame = container.getBoundingClientRect();
    var zoom = map.getZoom();
    var obstacles = [];
    var selectors = [
      ".leaflet-control",
      ".island-label:not(.context-label) .label-text",
      ".group-marker .label-text"
    ];
    container.querySelectorAll(selectors.join(",")).forEach(function (el) {
      var r = visibleRect(el);
      if (r) {
        obstacles.push(r);
      }
    });
    var candidates = places
      .filter(function (p) {
        return p.marker._map;
      })
      .map(function (p) {
        var info = p.info;
        var inZoom =
          (info.minZoom === undefined || zoom >= info.minZoom) &&
          (info.maxZoom === undefined || zoom <= info.maxZoom);
        return { el: p.marker.getElement(), show: inZoom };
      });
    container.querySelectorAll(".context-label").forEach(function (el) {
      candidates.push({ el: el, show: true });
    });
    var shown = [];
    var names = {};
    candidates.forEach(function (c) {
      if (!c.el) {
        return;
      }
      c.el.classList.remove("place-hidden");
      var text = c.el.querySelector(".label-text");
      var r = c.show ? visibleRect(text) : null;
      var name = text ? text.innerText.replace(/\s+/g, " ").trim() : "";
      var ok =
        r &&
        inside(r, frame) &&
        !names[name] &&
        !obstacles.some(function (o) {
          return hits(r, o, 2);
        }) &&
        !shown.some(function (o) {
          return hits(r, o, 4);
        });
      if (ok) {
        shown.push(r);
        names[name] = true;
      } else {
        c.el.classList.add("place-hidden");
      }
    });
  }

  // --- view limits and the reset button -----------------------------------------------

  function viewLimits(map) {
    var view = im.config().view;
    if (!view.maxBounds) {
      return;
    }
    var bounds = L.latLngBounds(view.maxBounds);
    map.options.maxBoundsViscosity = 1;
    map.setMaxBounds(bounds);
    function update() {
      var fits = map.getBoundsZoom(bounds, false);
      map.setMinZoom(Math.max(view.minZoom || 0, fits));
    }
    map.on("resize", update);
    update();
  }

  function resetButton(map) {
    var Reset = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar islandmap-reset");
        var button = L.DomUtil.create("button", "", bar);
        button.type = "button";
        button.textContent = "Reset view";
        button.title = "Back to the islands as the map opened";
        L.DomEvent.disableClickPropagation(bar);
        L.DomEvent.on(button, "click", function () {
          im.fitView();
        });
        return bar;
      }
    });
    new Reset().addTo(map);
  }

  im.onStart(function (map) {
    viewLimits(map);
    // With view limits the locator's bar carries the button (locator.js).
    if (!im.config().view.maxBounds) {
      resetButton(map);
    }
    map.on("zoomend moveend resize overlayadd overlayremove", schedule);
    // The names switch changes every label's width.
    new MutationObserver(schedule).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-names"]
    });
    var legend = document.getElementById("islandmap-legend");
    if (legend) {
      legend.addEventListener("toggle", schedule);
    }
    schedule();
  });

  im.placeLabels = placeLabels;
})();
