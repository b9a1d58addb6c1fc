/* region.js: the region around the islands, so that a reader sees where they are.

   - islandmap.layer("region"): the land from Hokkaido to Kamchatka (under the land around
     the islands) and the names of seas, straits, land and towns (data.places), each in
     the page's names order like the islands' labels.
   - Labels are placed after every move and zoom, in order of importance: one that would
     overlap a label already shown, an island's label, the group marker or a control (the
     key, the layer control, the attribution, the locator…) is hidden. The names of the
     land around the islands take part too, so that no name shows twice.
   - View limits: the view stays inside config.view.maxBounds and cannot zoom out past
     config.view.minZoom, nor past the zoom that shows all of maxBounds.
   - Without view limits (no locator), a "Reset view" button under the zoom buttons goes
     back to the opening view (im.fitView, the one place that fits the view). */
(() => {
  "use strict";

  const im = window.islandmap;
  let places = []; // [{info, marker}] in order of importance

  const paneOf = (map, name, zIndex) => {
    if (!map.getPane(name)) {
      const el = map.createPane(name);
      el.style.zIndex = String(zIndex);
      el.style.pointerEvents = "none";
    }
  };

  // A place's forms in a names order: as the data gives them on a page in English; on a
  // page in Japanese or Russian, the names in their scripts (info.local): the page's
  // language's in "both" (and the other side's too where the sides name it differently),
  // the leading side's first in "ja" and "ru".
  const formsFor = (info, mode) => {
    const local = info.local;
    const lang = im.lang();
    if (!local || lang === "en" || !local.ja || !local.ru) {
      return info.names[mode];
    }
    const differ = info.names.both.length > 1;
    const first = mode === "both" ? lang : mode;
    const other = first === "ja" ? "ru" : "ja";
    const forms = [[local[first], first]];
    if (differ || mode !== "both") {
      forms.push([local[other], other]);
    }
    return forms;
  };

  const fillLabel = (holder, info) => {
    while (holder.firstChild) {
      holder.removeChild(holder.firstChild);
    }
    for (const mode of ["both", "ja", "ru"]) {
      const span = im.element("span", `name-order name-order-${mode}`);
      formsFor(info, mode).forEach((form, i) => {
        if (i) {
          span.appendChild(im.element("span", "name-sep", " / "));
        }
        const name = im.element("span", "name-form", form[0]);
        name.setAttribute("lang", form[1]);
        span.appendChild(name);
      });
      holder.appendChild(span);
    }
  };

  const labelFor = (info) => {
    const holder = im.element("span", "label-text");
    fillLabel(holder, info);
    im.onLanguage(() => {
      fillLabel(holder, info);
    });
    return L.divIcon({ html: holder, className: `place-label place-label-${info.kind}`, iconSize: [0, 0] });
  };

  const regionLayer = () => {
    const { styles, attribution } = im.config();
    const layer = L.featureGroup();
    layer.addLayer(
      im.geoJson("region", {
        style: styles.region || styles.land,
        pane: "islandmap-region",
        interactive: false,
        attribution
      })
    );
    places = (im.data().places || []).map((info) => {
      const marker = L.marker(info.point, {
        icon: labelFor(info),
        interactive: false,
        keyboard: false,
        pane: "islandmap-places"
      });
      layer.addLayer(marker);
      return { info, marker };
    });
    // Under the land around the islands (150) and the tiles (200); the names under the
    // islands' own labels (the marker pane, 600).
    layer.beforeAdd = (map) => {
      paneOf(map, "islandmap-region", 140);
      paneOf(map, "islandmap-places", 590);
    };
    layer.on("add", () => schedule());
    return layer;
  };

  im.addLayerKind("region", regionLayer);

  // --- label placement ----------------------------------------------------------------

  let pending = false;

  const schedule = () => {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      placeLabels();
    });
  };

  const visibleRect = (el) => {
    if (!el || !el.getClientRects().length) {
      return null;
    }
    const style = window.getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") {
      return null;
    }
    const r = el.getBoundingClientRect();
    return r.width && r.height ? r : null;
  };

  const hits = (a, b, margin) =>
    a.left - margin < b.right &&
    b.left - margin < a.right &&
    a.top - margin < b.bottom &&
    b.top - margin < a.bottom;

  const inside = (a, box) =>
    a.left >= box.left && a.right <= box.right && a.top >= box.top && a.bottom <= box.bottom;

  // Whether a place is named at *zoom* (its data's minZoom and maxZoom).
  const shownAt = (info, zoom) =>
    (info.minZoom === undefined || zoom >= info.minZoom) && (info.maxZoom === undefined || zoom <= info.maxZoom);

  // Islands' labels, the group marker and the controls are obstacles; the region's names
  // and then the names of the land around the islands are placed in turn.
  const placeLabels = () => {
    const map = im.map;
    if (!map) {
      return;
    }
    const container = map.getContainer();
    const frame = container.getBoundingClientRect();
    const zoom = map.getZoom();
    const obstacles = [];
    const selectors = [
      ".leaflet-control",
      ".island-label:not(.context-label) .label-text",
      ".group-marker .label-text"
    ];
    for (const el of container.querySelectorAll(selectors.join(","))) {
      const r = visibleRect(el);
      if (r) {
        obstacles.push(r);
      }
    }
    const candidates = places
      .filter((p) => p.marker._map)
      .map(({ info, marker }) => ({ el: marker.getElement(), show: shownAt(info, zoom) }));
    for (const el of container.querySelectorAll(".context-label")) {
      candidates.push({ el, show: true });
    }
    const shown = [];
    const names = new Set();
    for (const c of candidates) {
      if (!c.el) {
        continue;
      }
      c.el.classList.remove("place-hidden");
      const text = c.el.querySelector(".label-text");
      const r = c.show ? visibleRect(text) : null;
      const name = text ? text.innerText.replace(/\s+/g, " ").trim() : "";
      const ok =
        r &&
        inside(r, frame) &&
        !names.has(name) &&
        !obstacles.some((o) => hits(r, o, 2)) &&
        !shown.some((o) => hits(r, o, 4));
      if (ok) {
        shown.push(r);
        names.add(name);
      } else {
        c.el.classList.add("place-hidden");
      }
    }
  };
  im.placeLabels = placeLabels;

  // The boxes the region's names take at this zoom, hidden or not (those under the group's
  // marker among them: frames.js moves the marker off them).
  im.placeBoxes = (map = im.map) => {
    if (!map) {
      return [];
    }
    const zoom = map.getZoom();
    return places
      .filter(({ info, marker }) => marker._map && shownAt(info, zoom))
      .map(({ marker }) => marker.getElement() && marker.getElement().querySelector(".label-text"))
      .filter((el) => el && el.getClientRects().length)
      .map((el) => el.getBoundingClientRect());
  };

  // --- view limits and the reset button -----------------------------------------------

  const viewLimits = (map) => {
    const view = im.config().view;
    if (!view.maxBounds) {
      return;
    }
    const bounds = L.latLngBounds(view.maxBounds);
    map.options.maxBoundsViscosity = 1;
    map.setMaxBounds(bounds);
    const update = () => map.setMinZoom(Math.max(view.minZoom || 0, map.getBoundsZoom(bounds, false)));
    map.on("resize", update);
    update();
  };

  // A button that goes back to the view the map opened on (the locator's bar has one).
  im.resetButton = (parent, map) => {
    const button = L.DomUtil.create("button", "reset-view", parent);
    button.type = "button";
    const fill = () => {
      button.textContent = im.t("view.reset");
      button.title = im.t("view.reset-title");
    };
    fill();
    im.onLanguage(fill);
    L.DomEvent.on(button, "click", () => im.fitView(map));
    return button;
  };

  const resetControl = (map) => {
    const Reset = L.Control.extend({
      options: { position: "topleft" },
      onAdd: () => {
        const bar = L.DomUtil.create("div", "leaflet-bar islandmap-reset");
        im.resetButton(bar, map);
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      }
    });
    new Reset().addTo(map);
  };

  im.onStart((map) => {
    viewLimits(map);
    if (!im.config().view.maxBounds) {
      resetControl(map);
    }
    map.on("zoomend moveend resize overlayadd overlayremove", schedule);
    // The names switch changes every label's width.
    new MutationObserver(schedule).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-names"]
    });
    const legend = document.getElementById("islandmap-legend");
    if (legend) {
      legend.addEventListener("toggle", schedule);
    }
    schedule();
  });
})();
