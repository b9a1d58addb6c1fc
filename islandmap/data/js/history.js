/* history.js: the time control (#islandmap-history, a <details> the page's template wrote,
   put in a map control at the top left, folded) and the history layer.

   - islandmap.layer("history"): the land whose holder changed other than the four islands
     (Urup, the chain north of it to Shumshu, Sakhalin south and north of 50° N), coloured
     by who held it, and the lines then drawn, styled by what each was (data.history,
     geometry.history_units and history_lines; styles in config.styles.history). Not on
     the map until a period is chosen.
   - A period's button sets the map to that moment: the four islands take the colour of
     who held them (and a dashed outline where the other side claimed them), the layer is
     added, the 1855 line of the boundary layer steps aside for the layer's own lines, and
     the note under the buttons (the period's entry of the text version, so that its
     words are the template's) is announced. "Back to the map as it opens" undoes it all.
   - On a phone the open control is a bar at the map's foot (history.css): the moments in
     a row and the moment's title; "Details" unfolds its key, whole note and the chart.
     The view keeps the islands above the bar (im.historyCover, which fitView reads too).
   - The moment is part of the address (deeplink.js: year=1875, year=today). */
(() => {
  "use strict";

  const im = window.islandmap;
  const { state, t } = im;

  let current = null; // the period shown, or null
  im.periodShown = () => current;
  let layer = null; // the history layer (made by folium's script, added here)
  let unitsLayer = null;
  let linesLayer = null;
  let boundaryWasOn = false;

  const history = () => im.data().history || null;
  const periods = () => (history() ? history().periods : []);
  const periodById = (id) => periods().find((p) => p.id === id) || null;
  const styles = () => im.config().styles.history || {};

  // "Today" for the moment that runs to this day (dated by its start, 1991).
  const yearText = (period) => (period.id === "today" ? t("history.today") : String(period.year));
  im.historyYear = yearText;

  // A period by its id ("today", "1875"), or for any other year the one in force on its
  // 1 January: the latest that began in an earlier year (1991: 1956, as the Soviet Union
  // was dissolved on 26 December; 1992: today); null for anything else. As
  // islandmap.history.period_in_force.
  im.historyPeriodFor = (value) => {
    const text = String(value || "").trim().toLowerCase();
    if (!text) {
      return null;
    }
    const byId = periodById(text);
    if (byId) {
      return byId.id;
    }
    if (!/^\d{4}$/.test(text)) {
      return null;
    }
    const year = Number(text);
    let found = null;
    for (const period of periods()) {
      if (period.year && period.year < year) {
        found = period.id;
      }
    }
    return found;
  };

  im.historyPeriod = () => current;

  // How much of the map's foot the open control covers: on a phone it is a bar there
  // (history.css); elsewhere it sits in a corner, 0.
  im.historyCover = () => {
    const el = document.getElementById("islandmap-history");
    return el && el.open && getComputedStyle(el).position === "absolute"
      ? state.map.getContainer().getBoundingClientRect().bottom - el.getBoundingClientRect().top
      : 0;
  };

  // What a moment shows: the land and lines of the layer (null without a moment).
  im.historyBounds = () => {
    const bounds = current && layer ? layer.getBounds() : null;
    return bounds && bounds.isValid() ? bounds : null;
  };

  // The view of the moment shown (the whole chain and Sakhalin), or without one the
  // opening view. Over a bar (a phone), above it, with room for the group's label under
  // the islands (as config.view has), and where the view's limits keep it from going far
  // enough south for that, closer in around the map's foot until the islands clear it.
  const fit = (map) => {
    const cover = im.historyCover();
    const bounds = im.historyBounds();
    map.invalidateSize({ animate: false }); // the header may have grown (another language)
    if (bounds) {
      map.fitBounds(bounds, { paddingTopLeft: [12, 12], paddingBottomRight: [12, cover + 44], animate: false });
    } else {
      im.fitView(map);
    }
    const foot = map.getContainer().getBoundingClientRect().bottom - cover;
    for (let i = 0; cover && i < 6 && im.islandBoxes(map).some((b) => b.bottom > foot); i++) {
      map.setZoomAround(L.point(map.getSize().x / 2, map.getSize().y), map.getZoom() + 0.25, { animate: false });
    }
  };

  // Again where the bar is there: it opened, or grew (the moment's title, a language).
  const fitOverBar = (map) => im.historyCover() && fit(map);

  const unitStyle = (unit) => {
    const period = periodById(current);
    if (!period) {
      return null;
    }
    const holder = period.holders[unit];
    const style = { ...(styles()[holder] || {}) };
    if (period.claims[unit]) {
      Object.assign(style, styles().claim || {});
    }
    return style;
  };

  // layers.js asks this of each island's style (null: the island's own colour).
  im.restyleIsland = (id) => (current ? unitStyle(id) : null);

  const historyLayer = () => {
    const lineStyle = (feature) => {
      const period = periodById(current);
      const role = period ? period.lines[feature.properties.id] : null;
      return role ? styles()[role] || {} : { opacity: 0, weight: 0 };
    };
    unitsLayer = im.geoJson("history_units", {
      style: {},
      pane: "islandmap-history",
      interactive: false
    });
    // The rest of the land is outlined in its own fill colour: Sakhalin is drawn as two
    // pieces cut at 50° N, and a dark outline would draw that cut as a border in the
    // years it was none (before 1905, after 1945); the 1905 boundary is a line of its own.
    unitsLayer.options.style = (feature) => {
      const style = unitStyle(feature.properties.id) || {};
      return style.fillColor ? { ...style, color: style.fillColor } : style;
    };
    linesLayer = im.geoJson("history_lines", { style: {}, interactive: false });
    linesLayer.options.style = lineStyle;
    layer = L.featureGroup([unitsLayer, linesLayer]);
    layer.beforeAdd = (map) => {
      if (!map.getPane("islandmap-history")) {
        const el = map.createPane("islandmap-history");
        el.style.zIndex = "390"; // over the land and tiles, under the islands (400)
        el.style.pointerEvents = "none";
      }
    };
    return layer;
  };

  im.addLayerKind("history", historyLayer);

  const restyleIslands = () => {
    const geojson = state.islandsGeoJson;
    const period = periodById(current);
    for (const [id, info] of Object.entries(im.data().islands)) {
      const island = state.layers[id];
      if (!island) {
        continue;
      }
      if (geojson) {
        geojson.resetStyle(island);
      }
      const el = island.getElement && island.getElement();
      if (!el) {
        continue;
      }
      // The island's name as layers.js gives it, in the language shown.
      const plain = im.t("island.name", { label: im.labelOf(id), n: info.count });
      el.setAttribute("data-label", plain);
      if (!period) {
        el.setAttribute("aria-label", plain);
        continue;
      }
      // A state by the name it had then (the Soviet Union in 1956), where it had several.
      const names = history().states;
      const stateName = (state) => {
        const name = period.forms?.[state] || state;
        return im.dataText(`h.state.${name}`, names[name]);
      };
      const claimant = period.claims[id];
      const params = {
        label: el.getAttribute("data-label"),
        state: stateName(period.holders[id]),
        claimant: claimant ? stateName(claimant) : "",
        year: yearText(period)
      };
      el.setAttribute("aria-label", t(claimant ? "history.held-claimed" : "history.held", params));
    }
  };

  // The 1855 line of the boundary layer steps aside while the history layer draws its own.
  const boundaryLayer = () => {
    let found = null;
    state.map.eachLayer((l) => {
      if (l.islandmapKind === "boundary") {
        found = l;
      }
    });
    return found;
  };

  const note = (period) => {
    const box = document.getElementById("islandmap-history-note");
    if (!box) {
      return;
    }
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }
    if (!period) {
      box.appendChild(im.element("p", "visually-hidden", t("history.cleared")));
      return;
    }
    box.appendChild(
      im.element("p", "visually-hidden", t("history.shown", { year: yearText(period), title: im.dataText(`h.title.${period.id}`, period.title) }))
    );
    const section = document.getElementById("islandmap-text-history");
    if (section && section.hasAttribute("data-packed") && im.whenHistoryText) {
      // Still packed (text-version.js): the note once it is read, if still the moment's.
      im.whenHistoryText().then(() => {
        if (current === period.id) {
          note(period);
          fitOverBar(state.map);
        }
      });
      return;
    }
    const entry = document.querySelector(`#islandmap-text-history .history-period[data-period="${CSS.escape(period.id)}"]`);
    if (entry) {
      const copy = entry.cloneNode(true);
      copy.removeAttribute("data-period");
      const heading = copy.querySelector("h4");
      if (heading) {
        const p = im.element("p", "history-note-title");
        while (heading.firstChild) {
          p.appendChild(heading.firstChild);
        }
        heading.replaceWith(p);
      }
      box.appendChild(copy);
    }
  };

  const showKey = (period) => {
    const key = document.getElementById("islandmap-history-key");
    if (!key) {
      return;
    }
    key.hidden = !period;
    if (!period) {
      return;
    }
    const roles = new Set(Object.values(period.lines));
    const held = new Set(Object.values(period.holders));
    for (const item of key.querySelectorAll("li[data-key]")) {
      const name = item.getAttribute("data-key");
      item.hidden = name === "claim" ? !Object.keys(period.claims).length : !roles.has(name);
    }
    for (const item of key.querySelectorAll("li[data-state]")) {
      item.hidden = !held.has(item.getAttribute("data-state"));
    }
  };

  // Set the map to period id (null: the map as it opens).
  im.setPeriod = (id) => {
    const period = id ? periodById(id) : null;
    const map = state.map;
    if (!map || !history()) {
      return false;
    }
    const was = current;
    current = period ? period.id : null;
    if (layer) {
      if (current && !layer._map) {
        layer.addTo(map);
      } else if (!current && layer._map) {
        map.removeLayer(layer);
      }
      unitsLayer.setStyle(unitsLayer.options.style);
      linesLayer.setStyle(linesLayer.options.style);
    }
    const boundary = boundaryLayer() || state.boundaryLayer;
    if (boundary) {
      state.boundaryLayer = boundary;
      if (current && !was) {
        boundaryWasOn = !!boundary._map;
        if (boundary._map) {
          map.removeLayer(boundary);
        }
      } else if (!current && was && boundaryWasOn) {
        map.addLayer(boundary);
      }
    }
    restyleIslands();
    if (im.nudgeGroup) {
      Promise.resolve().then(() => im.nudgeGroup(map));
    }
    for (const button of document.querySelectorAll("#islandmap-history .history-event")) {
      button.setAttribute("aria-pressed", button.getAttribute("data-period") === current ? "true" : "false");
    }
    const clear = document.getElementById("islandmap-history-clear");
    if (clear) {
      clear.disabled = !current;
    }
    document.documentElement.toggleAttribute("data-history", !!current);
    if (current) {
      document.documentElement.setAttribute("data-history", current);
      const control = document.getElementById("islandmap-history");
      if (control) {
        control.open = true;
      }
    }
    showKey(period);
    if (was !== current) {
      note(period);
    }
    // The whole chain and Sakhalin in view as a moment is first shown; the opening view
    // back without one.
    (!was !== !current ? fit : fitOverBar)(map);
    if (was !== current) {
      if (im.stateChanged) {
        im.stateChanged(); // deeplink.js
      }
    }
    return true;
  };

  im.onStart((map) => {
    const el = document.getElementById("islandmap-history");
    if (!el || !history()) {
      return;
    }
    // In another language: the islands' names at the moment shown, and its note.
    im.onLanguage(() => {
      fitOverBar(map);
      if (current) {
        restyleIslands();
        note(periodById(current));
      }
    });
    const Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd() {
        L.DomEvent.disableClickPropagation(el);
        L.DomEvent.disableScrollPropagation(el);
        return el;
      }
    });
    new Control().addTo(map);
    // Open, it takes the left of the map: the key folds away (its button opens it again).
    el.addEventListener("toggle", () => {
      const legend = document.getElementById("islandmap-legend");
      if (el.open && legend) {
        legend.open = false;
      }
      fitOverBar(map);
    });
    el.addEventListener("click", (e) => {
      const button = e.target.closest && e.target.closest(".history-event");
      if (button) {
        im.setPeriod(button.getAttribute("data-period"));
      }
      // "Details" (a phone): the moment's key, whole note and the chart shown or folded.
      if (e.target.id === "islandmap-history-more") {
        e.target.setAttribute("aria-expanded", el.classList.toggle("history-expanded"));
      }
    });
    const clear = document.getElementById("islandmap-history-clear");
    if (clear) {
      clear.addEventListener("click", () => {
        const first = el.querySelector(".history-event");
        im.setPeriod(null);
        if (first) {
          first.focus();
        }
      });
    }
  });
})();
