/* layers.js: the map's layers, built from the page's data. folium's script asks for each
   with islandmap.layer(kind, options) (kind: islands, group, land, boundary) and adds what
   it gets to the map and the layer control. Each island and the group's marker get a
   popup built when it opens (popups.js), a keyboard stop and a name; labels are text set
   as text, from the data. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { state } = im;

  // A Leaflet GeoJSON layer from the features under data.geometry[key].
  const geoJson = (key, options) => {
    const features = (im.data().geometry[key] || []).map((f) => ({
      type: "Feature",
      properties: f.p,
      geometry: { type: f.t, coordinates: im.decodeNested(f.c, f.e) }
    }));
    const styles = options.styles || {};
    // options.restyle(feature) may add to a feature's style (the time control's colours);
    // resetStyle, as on mouseout, keeps what it adds.
    const layerOptions = {
      style: (feature) => {
        const base = styles[feature.properties.id] || options.style || {};
        const extra = options.restyle ? options.restyle(feature) : null;
        return extra ? { ...base, ...extra } : base;
      }
    };
    for (const name of ["pane", "interactive", "attribution", "bubblingMouseEvents"]) {
      if (name in options) {
        layerOptions[name] = options[name];
      }
    }
    const layer = L.geoJSON({ type: "FeatureCollection", features }, layerOptions);
    if (options.highlight) {
      layer.on("mouseover", (e) => {
        e.layer.setStyle(options.highlight);
      });
      layer.on("mouseout", (e) => {
        layer.resetStyle(e.layer);
      });
    }
    return layer;
  };

  const popupOptions = () => ({
    maxWidth: 480,
    minWidth: 200,
    autoPanPaddingTopLeft: [12, 64],
    autoPanPaddingBottomRight: [12, 12],
    className: "islandmap-popup"
  });

  // Enter or Space on el opens layer's popup with the focus in it.
  const openOnKeys = (el, layer) => {
    L.DomEvent.on(el, "keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        // Also stops the keypress Leaflet would turn into a second (toggling) open.
        L.DomEvent.preventDefault(e);
        L.DomEvent.stopPropagation(e);
        im.openLayer(layer, true);
      }
    });
  };

  // Leaflet draws polygons as plain SVG paths, which the keyboard cannot reach. Give each
  // island's path a tab stop and a name, and open its popup on Enter or Space.
  const makeFocusable = (layer, label) => {
    const el = layer.getElement && layer.getElement();
    if (!el || el.getAttribute("data-focusable") === "yes") {
      return;
    }
    el.setAttribute("data-focusable", "yes");
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "button");
    el.setAttribute("aria-label", label);
    openOnKeys(el, layer);
  };

  // Opened from the keyboard or the key, a popup points at a spot inside the island (from
  // the page's data): the centre Leaflet would pick can lie in the sea.
  im.openLayer = (layer, moveFocus) => {
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
    const from = document.activeElement;
    const point = layer.islandmapPoint;
    layer.openPopup(point ? L.latLng(point[0], point[1]) : undefined);
    const popup = layer.getPopup();
    if (popup) {
      // Where the keyboard user was, to go back there when the popup closes.
      popup.islandmapReturnFocus = moveFocus ? from : null;
    }
    if (moveFocus) {
      const root =
        popup && popup.getElement() && popup.getElement().querySelector(".island-popup");
      if (root) {
        root.focus({ preventScroll: true });
      }
    }
    return true;
  };

  // Open an island's (or "group"'s) popup and move the keyboard focus into it.
  im.open = (id) => im.openLayer(state.layers[id], true);

  const bindIslands = (geojson, overlay) => {
    const islands = im.data().islands;
    geojson.eachLayer((layer) => {
      const id = layer.feature && layer.feature.properties && layer.feature.properties.id;
      const info = islands[id];
      if (!info) {
        return;
      }
      state.layers[id] = layer;
      layer.islandmapPoint = info.point;
      layer.islandmapOverlay = overlay;
      layer.bindPopup(() => im.buildPopup(id), popupOptions());
      layer.bindTooltip(
        () => {
          // A fresh copy each time: Leaflet moves the node it is given into the tooltip.
          const holder = document.createElement("span");
          holder.appendChild(tooltipOf(id, info));
          return holder;
        },
        { sticky: true, className: "island-tooltip" }
      );
      const name = () => im.t("island.name", { label: im.labelOf(id), n: info.count });
      layer.on("add", () => {
        makeFocusable(layer, name());
      });
      if (layer._map) {
        makeFocusable(layer, name());
      }
      im.onLanguage(() => {
        const el = layer.getElement && layer.getElement();
        if (el) {
          el.setAttribute("aria-label", name());
        }
      });
    });
  };

  // An island's tooltip: its names in each names order (the data's, each in its <span
  // lang>; page.css shows the page's order), and how to open its popup.
  const tooltipOf = (id, info) => {
    const out = document.createDocumentFragment();
    const names = im.element("span", "tooltip-names");
    for (const mode of ["both", "ja", "ru"]) {
      const order = im.element("span", `name-order name-order-${mode}`);
      (info.names[mode].tooltip || []).forEach(([text, tag], i) => {
        if (i) {
          order.appendChild(document.createTextNode(" · "));
        }
        const form = im.element("span", "", text);
        form.setAttribute("lang", tag);
        order.appendChild(form);
      });
      names.appendChild(order);
    }
    out.appendChild(names);
    out.appendChild(document.createTextNode("\n"));
    out.appendChild(im.element("span", "tooltip-hint", im.t("tooltip.hint", { n: info.count })));
    return out;
  };

  const bindGroup = (marker, overlay) => {
    state.layers.group = marker;
    marker.islandmapOverlay = overlay;
    marker.bindPopup(() => im.buildPopup("group"), popupOptions());
    const keys = () => {
      const el = marker.getElement();
      if (!el || el.getAttribute("data-focusable") === "yes") {
        return;
      }
      el.setAttribute("data-focusable", "yes");
      el.setAttribute("aria-label", im.t("group.label"));
      openOnKeys(el, marker);
    };
    im.onLanguage(() => {
      const el = marker.getElement();
      if (el) {
        el.setAttribute("aria-label", im.t("group.label"));
        el.setAttribute("title", im.t("group.label"));
      }
    });
    marker.on("add", keys);
    if (marker._map) {
      keys();
    }
  };

  // A label's icon: a <span class="label-text"> that fill() puts text in.
  const labelIcon = (className, fill, options = {}) => {
    const holder = im.element("span", "label-text");
    fill(holder);
    return L.divIcon({ html: holder, className, iconSize: [0, 0], ...options });
  };

  // Names as <span class="name-form" lang>, a " / " between them.
  const nameForms = (holder, forms) => {
    forms.forEach(([text, lang], i) => {
      if (i) {
        holder.appendChild(im.element("span", "name-sep", " / "));
      }
      const name = im.element("span", "name-form", text);
      name.setAttribute("lang", lang);
      holder.appendChild(name);
    });
    return holder;
  };

  // An island's name in each names order, as the key's template writes it (_names.html.j2):
  // "both" as the English label and in the names' own scripts (page.css shows one by the
  // page's language); "ja" and "ru" in lines, the leading side's names first.
  im.nameVariants = (holder, names) => {
    holder.appendChild(nameForms(im.element("span", "name-order name-order-both name-latin"), names.both.label));
    if (names.both.script) {
      holder.appendChild(nameForms(im.element("span", "name-order name-order-both name-script"), names.both.script));
    }
    for (const mode of ["ja", "ru"]) {
      const span = im.element("span", `name-order name-order-${mode}`);
      (names[mode].lines || [names[mode].label]).forEach((line, i) => {
        if (i) {
          span.appendChild(im.element("span", "name-sep line-sep", " / "));
        }
        span.appendChild(nameForms(im.element("span", "name-line"), line));
      });
      holder.appendChild(span);
    }
    return holder;
  };

  const label = (point, icon) => L.marker(point, { icon, interactive: false, keyboard: false });

  const islandsLayer = () => {
    const { styles, attribution } = im.config();
    const islands = im.data().islands;
    const byId = {};
    for (const [id, style] of Object.entries(styles.islands)) {
      byId[id] = { className: `island island-${id}`, ...style };
    }
    const geojson = geoJson("islands", {
      styles: byId,
      highlight: styles.highlight,
      attribution,
      bubblingMouseEvents: false,
      restyle: (feature) => (im.restyleIsland ? im.restyleIsland(feature.properties.id) : null)
    });
    state.islandsGeoJson = geojson;
    const layer = L.featureGroup([geojson]);
    for (const info of Object.values(islands)) {
      const icon = labelIcon(`island-label island-label-${info.placement}`, (holder) => {
        im.nameVariants(holder, info.names);
      });
      layer.addLayer(label(info.label_point, icon));
    }
    bindIslands(geojson, layer);
    return layer;
  };

  const groupLayer = () => {
    const group = im.data().group;
    const icon = labelIcon(
      "group-marker",
      (holder) => {
        const fill = () => {
          holder.textContent = im.t("group.label");
          holder.appendChild(im.element("span", "label-count", im.t("label.quotes", { n: group.count })));
        };
        fill();
        im.onLanguage(fill);
      },
      { popupAnchor: [0, -24] } // the popup's tip above the two-line label, not on it
    );
    const marker = L.marker(group.point, { icon, keyboard: true, title: im.t("group.label") });
    const layer = L.featureGroup([marker]);
    bindGroup(marker, layer);
    return layer;
  };

  // The land around the islands, in a pane of its own below the tiles (z-index 200):
  // tiles, when they load, cover it; when they fail, the vector land shows through.
  const landLayer = (options) => {
    const { styles, attribution } = im.config();
    const pane = options.pane || "overlayPane";
    const layer = L.featureGroup([
      geoJson("land", { style: styles.land, pane, interactive: false, attribution })
    ]);
    for (const place of im.data().land_labels) {
      // In the page's language where the data has the name in it.
      const icon = labelIcon("island-label context-label", (holder) => {
        const fill = () => {
          holder.textContent = (place.local && place.local[im.lang()]) || place.name;
          holder.setAttribute("lang", place.local && place.local[im.lang()] ? im.lang() : "en");
        };
        fill();
        im.onLanguage(fill);
      });
      layer.addLayer(label(place.point, icon));
    }
    layer.beforeAdd = (map) => {
      if (!map.getPane(pane)) {
        const el = map.createPane(pane);
        el.style.zIndex = "150";
        el.style.pointerEvents = "none";
      }
    };
    return layer;
  };

  // The 1855 line, and the line where the administrations meet today in the history
  // layer's style for its role (page/data.py, add_present_line).
  const boundaryLayer = () => {
    const { styles } = im.config();
    const byId = {};
    for (const f of im.data().geometry.boundary || []) {
      const role = f.p && f.p.role;
      if (role && styles.history && styles.history[role]) {
        byId[f.p.id] = styles.history[role];
      }
    }
    return geoJson("boundary", { style: styles.boundary, styles: byId, interactive: false });
  };

  const KINDS = { islands: islandsLayer, group: groupLayer, land: landLayer, boundary: boundaryLayer };

  // Other files add kinds (region.js); geoJson is theirs to use too.
  im.addLayerKind = (kind, make) => {
    KINDS[kind] = make;
  };
  im.geoJson = geoJson;

  // The Leaflet layer of one kind, made from the page's data; folium adds it to the map.
  im.layer = (kind, options = {}) => {
    const make = KINDS[kind];
    if (!make) {
      throw new Error(`no layer of kind ${kind}`);
    }
    const layer = make(options);
    layer.islandmapKind = kind; // language.js names it in the layer control
    return layer;
  };

  // Labels by zoom: hidden when zoomed far out (they would pile up), larger close in.
  im.zoomClasses = (map) => {
    const container = map.getContainer();
    const update = () => {
      const zoom = map.getZoom();
      container.classList.toggle("labels-far", zoom < 6);
      container.classList.toggle("labels-near", zoom >= 9);
    };
    map.on("zoomend", update);
    update();
  };
})();
