/* islandmap: joins the page's data (the JSON in #islandmap-data) to the Leaflet layers
   folium wrote. Runs offline: no request leaves the page.

   The data holds each passage once and each source once (render._QuoteStore). Popups,
   the panel of quotes, the text version and the printed list are built from it when they
   are opened, with DOM calls that set text (textContent, createTextNode, setAttribute):
   the source text is untrusted and never goes through innerHTML. The parts of a popup
   that hold no source text (an island's names, status and area) are <template>s in the
   page, rendered by an autoescaping Jinja template, and cloned.

   folium's script calls, in order: islandmap.bindIslands(geojson, overlay) for the islands
   layer, islandmap.bindGroup(marker, overlay) for the group's marker (overlay: the layer
   control's entry holding them), then islandmap.start(map).
   Before those, each GeoJSON layer is made by islandmap.geoJson(key, options) from the
   encoded polylines in the data block.
   Exposes window.islandmap.open(id) for the key (and for embedding pages), and
   window.islandmap.openPanel(id) for the panel of all an island's quotes. */
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
  function config() {
    if (!state.config) {
      var node = document.getElementById("islandmap-config");
      state.config = JSON.parse(node.textContent);
    }
    return state.config;
  }

  // --- layers, built from the page's data: islandmap.layer(kind, options) ---------------

  function nameSpan(forms, mode) {
    var span = element("span", "name-order name-order-" + mode);
    forms.forEach(function (form, i) {
      if (i) {
        span.appendChild(element("span", "name-sep", " / "));
      }
      var name = element("span", "name-form", form[0]);
      name.setAttribute("lang", form[1]);
      span.appendChild(name);
    });
    return span;
  }

  function labelIcon(className, fill, options) {
    var holder = element("span", "label-text");
    fill(holder);
    return L.divIcon(L.extend({ html: holder, className: className, iconSize: [0, 0] }, options || {}));
  }

  function islandsLayer() {
    var cfg = config();
    var islands = data().islands;
    var styles = {};
    Object.keys(cfg.styles.islands).forEach(function (id) {
      styles[id] = L.extend({ className: "island island-" + id }, cfg.styles.islands[id]);
    });
    var geojson = geoJson("islands", {
      styles: styles,
      highlight: cfg.styles.highlight,
      attribution: cfg.attribution,
      bubblingMouseEvents: false
    });
    var group = L.featureGroup([geojson]);
    Object.keys(islands).forEach(function (id) {
      var info = islands[id];
      var icon = labelIcon("island-label island-label-" + info.placement, function (holder) {
        ["both", "ja", "ru"].forEach(function (mode) {
          holder.appendChild(nameSpan(info.names[mode].label, mode));
        });
      });
      group.addLayer(L.marker(info.label_point, { icon: icon, interactive: false, keyboard: false }));
    });
    bindIslands(geojson, group);
    return group;
  }

  function groupLayer() {
    var group = data().group;
    var icon = labelIcon(
      "group-marker",
      function (holder) {
        holder.appendChild(document.createTextNode(group.label));
        holder.appendChild(element("span", "label-count", plural(group.count, "quote")));
      },
      { popupAnchor: [0, -24] } // the popup's tip above the two-line label, not on it
    );
    var marker = L.marker(group.point, { icon: icon, keyboard: true, title: group.label });
    var layer = L.featureGroup([marker]);
    bindGroup(marker, layer);
    return layer;
  }

  function landLayer(options) {
    var cfg = config();
    var pane = options.pane || "overlayPane";
    var layer = L.featureGroup([
      geoJson("land", { style: cfg.styles.land, pane: pane, interactive: false, attribution: cfg.attribution })
    ]);
    data().land_labels.forEach(function (label) {
      var icon = labelIcon("island-label context-label", function (holder) {
        holder.appendChild(document.createTextNode(label.name));
      });
      layer.addLayer(L.marker(label.point, { icon: icon, interactive: false, keyboard: false }));
    });
    // The land sits below the tile pane (z-index 200): tiles, when they load, cover it;
    // when they fail, the vector land shows through.
    layer.beforeAdd = function (map) {
      if (!map.getPane(pane)) {
        var el = map.createPane(pane);
        el.style.zIndex = 150;
        el.style.pointerEvents = "none";
      }
    };
    return layer;
  }

  function boundaryLayer() {
    return geoJson("boundary", { style: config().styles.boundary, interactive: false });
  }

  var LAYERS = { islands: islandsLayer, group: groupLayer, land: landLayer, boundary: boundaryLayer };

  // A Leaflet layer of the page's data; folium adds it to the map and the layer control.
  // Other files add kinds with islandmap.addLayerKind(kind, make).
  function layer(kind, options) {
    return LAYERS[kind](options || {});
  }

  function addLayerKind(kind, make) {
    LAYERS[kind] = make;
  }

  // Other files' set-up, run once the map is set up: islandmap.onStart(function (map) {}).
  var startHooks = [];

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
      layer.bindPopup(function () {
        return buildPopup(id);
      }, popupOptions());
      layer.bindTooltip(function () {
        // A fresh copy each time: Leaflet moves the node it is given into the tooltip.
        var holder = document.createElement("span");
        holder.appendChild(cloneTemplate("islandmap-tooltip-" + id));
        return holder;
      }, {
        sticky: true,
        className: "island-tooltip"
      });
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
    marker.bindPopup(function () {
      return buildPopup("group");
    }, popupOptions());
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
    if (!legend || !el) {
      return;
    }
    if (legend.open && overlaps(legend, el)) {
      legend.open = false;
    }
    // Folded, its heading can still cover the popup's foot on a phone: hide it while the
    // popup is open (onPopupClose shows it again).
    legend.classList.toggle("under-popup", overlaps(legend, el));
  }

  function overlaps(one, other) {
    var a = one.getBoundingClientRect();
    var b = other.getBoundingClientRect();
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function onPopupClose(e) {
    if (state.openPopup === e.popup) {
      state.openPopup = null;
    }
    var legend = document.getElementById("islandmap-legend");
    if (legend) {
      legend.classList.remove("under-popup");
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

  // --- quotes, built from the data with DOM calls that set text ----------------------------

  var PREVIEW = 5; // quotes a popup shows; the panel lists them all
  var PAGE_SIZE = 20; // quotes per page of the panel
  var LANG_NAMES = { ja: "Japanese form", ru: "Russian form", both: "Both forms" };

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text !== undefined && text !== null) {
      el.textContent = String(text);
    }
    return el;
  }

  function cloneTemplate(id) {
    var template = document.getElementById(id);
    return template ? document.importNode(template.content, true) : document.createDocumentFragment();
  }

  // An island's (or "group"'s) entry in the data: label, count, quotes.
  function itemOf(id) {
    return id === "group" ? data().group : data().islands[id];
  }

  function plural(n, noun) {
    return n + " " + noun + (n === 1 ? "" : "s");
  }

  function emptyText(id) {
    return id === "group"
      ? "No passage in the sources names the islands only as a group."
      : "No passage in the sources names this island.";
  }

  // Only absolute http(s) addresses become links (render._safe_url already filters; a
  // page edited by hand must not turn a javascript: address into a link either).
  function safeUrl(url) {
    if (typeof url !== "string" || /[\u0000-\u0020\u007f]/.test(url)) {
      return false;
    }
    return /^https?:\/\/[^\/?#]/i.test(url);
  }

  function source(index) {
    return data().sources[index] || { file: "", title: "" };
  }

  // What the panel's Source filter and the popup's counts group by: the publisher, or
  // the title for a source without one.
  function sourceName(src) {
    return src.publisher || src.title || src.file;
  }

  function yearOf(src) {
    var match = /^(\d{4})/.exec(src.date || "");
    return match ? match[1] : "";
  }

  function nameTag(lang, noun) {
    if (lang === "ja") {
      return "Japanese " + noun;
    }
    if (lang === "ru") {
      return "Russian " + noun;
    }
    return noun.charAt(0).toUpperCase() + noun.slice(1) + " used in both languages";
  }

  function citation(ref) {
    var src = source(ref[0]);
    var card = element("div", "citation");
    card.setAttribute("data-source", src.file);
    card.setAttribute("data-passage", String(ref[1]));
    var cite = document.createElement("cite");
    if (src.url && safeUrl(src.url)) {
      var link = element("a", "", src.title);
      link.setAttribute("href", src.url);
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
      cite.appendChild(link);
    } else {
      cite.textContent = src.title;
    }
    card.appendChild(cite);
    var meta = element("span", "citation-meta");
    if (src.publisher) {
      meta.appendChild(element("span", "publisher", src.publisher));
    }
    if (src.date) {
      meta.appendChild(element("time", "", src.date));
    }
    meta.appendChild(element("span", "locator", src.file + ", passage " + ref[1]));
    var rejected = src.rejected_url || (src.url && !safeUrl(src.url) ? src.url : "");
    if (rejected) {
      var note = element("span", "rejected-url", "Link not shown (not an http or https address): ");
      note.appendChild(element("code", "", rejected));
      meta.appendChild(note);
    }
    card.appendChild(meta);
    return card;
  }

  // One quote: <blockquote class="quote" data-source data-lang> with <mark> around each
  // name, the names found, and a citation per source carrying the passage.
  function quoteBlock(quote, noun) {
    var passage = data().passages[quote[0]];
    var marks = quote[2] || [];
    var first = source(passage.refs[0][0]);
    var block = element("blockquote", passage.comment ? "quote quote-comment" : "quote");
    block.setAttribute("data-source", first.file);
    block.setAttribute("data-lang", quote[1]);
    if (first.lang) {
      block.setAttribute("lang", first.lang);
    }
    if (passage.comment) {
      var kind = element("p", "quote-kind", "Reader comment");
      kind.setAttribute("lang", "en");
      block.appendChild(kind);
    }
    var text = element("p", "quote-text");
    var names = [];
    var at = 0;
    for (var i = 0; i + 2 < marks.length; i += 3) {
      var start = marks[i];
      var end = marks[i + 1];
      if (start > at) {
        text.appendChild(document.createTextNode(passage.text.slice(at, start)));
      }
      var run = passage.text.slice(start, end);
      var mark = element("mark", "", run);
      mark.setAttribute("data-lang", marks[i + 2]);
      text.appendChild(mark);
      if (!names.some(function (n) { return n[0] === run && n[1] === marks[i + 2]; })) {
        names.push([run, marks[i + 2]]);
      }
      at = end;
    }
    if (at < passage.text.length) {
      text.appendChild(document.createTextNode(passage.text.slice(at)));
    }
    block.appendChild(text);
    var footer = document.createElement("footer");
    footer.setAttribute("lang", "en");
    var tags = element("p", "name-tags");
    names.forEach(function (n) {
      var tag = element("span", "name-tag", nameTag(n[1], noun) + ": " + n[0]);
      tag.setAttribute("data-lang", n[1]);
      tags.appendChild(tag);
    });
    footer.appendChild(tags);
    passage.refs.forEach(function (ref) {
      footer.appendChild(citation(ref));
    });
    block.appendChild(footer);
    return block;
  }

  // Counts of an island's quotes by name form and by source, most first.
  var countsCache = {};
  function countsOf(id) {
    if (countsCache[id]) {
      return countsCache[id];
    }
    var byLang = { ja: 0, ru: 0, both: 0 };
    var bySource = {};
    itemOf(id).quotes.forEach(function (quote) {
      byLang[quote[1]] = (byLang[quote[1]] || 0) + 1;
      var seen = {};
      var refs = data().passages[quote[0]].refs;
      for (var i = 0; i < refs.length; i++) {
        var name = sourceName(source(refs[i][0]));
        if (!seen[name]) {
          seen[name] = true;
          bySource[name] = (bySource[name] || 0) + 1;
        }
      }
    });
    var sources = Object.keys(bySource).map(function (name) {
      return [name, bySource[name]];
    });
    sources.sort(function (a, b) {
      return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    });
    countsCache[id] = { byLang: byLang, bySource: sources };
    return countsCache[id];
  }

  function countsList(id) {
    var counts = countsOf(id);
    var list = element("dl", "quote-counts");
    list.appendChild(element("dt", "", "Name form"));
    var forms = ["ja", "ru", "both"]
      .filter(function (lang) {
        return counts.byLang[lang];
      })
      .map(function (lang) {
        return LANG_NAMES[lang] + " " + counts.byLang[lang];
      });
    list.appendChild(element("dd", "", forms.join(" · ")));
    list.appendChild(element("dt", "", "Sources"));
    var shown = counts.bySource.slice(0, 4).map(function (s) {
      return s[0] + " " + s[1];
    });
    var more = counts.bySource.length - shown.length;
    if (more > 0) {
      shown.push(plural(more, "other"));
    }
    list.appendChild(element("dd", "", shown.join(" · ")));
    return list;
  }

  // A popup, built when it opens: the head, the counts, a button that opens the panel with
  // all the quotes, and the first few of them.
  function buildPopup(id) {
    var item = itemOf(id);
    var root = element("div", id === "group" ? "island-popup group-popup" : "island-popup");
    root.setAttribute("data-island", id);
    root.setAttribute("tabindex", "-1");
    root.setAttribute("role", "region");
    root.setAttribute("aria-label", item.label);
    root.appendChild(cloneTemplate("islandmap-head-" + id));
    var quotes = item.quotes;
    if (!quotes.length) {
      root.appendChild(element("p", "no-quotes", emptyText(id)));
      return root;
    }
    var heading = "In the news: " + plural(quotes.length, "quote");
    if (quotes.length > PREVIEW) {
      heading += ", the first " + PREVIEW + " below";
    }
    root.appendChild(element("h3", "quotes-heading", heading));
    root.appendChild(countsList(id));
    // Before the quotes, where it is seen at once (and not under the key on a phone).
    if (quotes.length > PREVIEW) {
      var more = element("button", "panel-open", "All " + quotes.length + " quotes");
      more.setAttribute("type", "button");
      more.setAttribute("aria-haspopup", "dialog");
      more.setAttribute("aria-controls", "islandmap-panel");
      more.addEventListener("click", function () {
        openPanel(id);
      });
      root.appendChild(more);
    }
    var noun = id === "group" ? "term" : "name";
    quotes.slice(0, PREVIEW).forEach(function (quote) {
      root.appendChild(quoteBlock(quote, noun));
    });
    return root;
  }

  // --- the panel: all of an island's quotes, searchable, filtered, a page at a time ------

  var panelState = { id: null, page: 0, shown: [], returnFocus: null, searchText: {} };

  function panelParts() {
    var get = function (name) {
      return document.getElementById("islandmap-panel-" + name);
    };
    return {
      root: document.getElementById("islandmap-panel"),
      title: get("title"),
      search: get("search"),
      source: get("source"),
      year: get("year"),
      lang: get("lang"),
      status: get("status"),
      list: get("list"),
      page: get("page"),
      prev: get("prev"),
      next: get("next"),
      close: get("close")
    };
  }

  function fillSelect(select, anyText, values) {
    while (select.firstChild) {
      select.removeChild(select.firstChild);
    }
    var any = element("option", "", anyText);
    any.value = "";
    select.appendChild(any);
    values.forEach(function (v) {
      var option = element("option", "", v[1]);
      option.value = v[0];
      select.appendChild(option);
    });
    select.value = "";
  }

  // What the search box looks in: the passage, and its sources' titles and publishers.
  function searchable(passageIndex) {
    var cached = panelState.searchText[passageIndex];
    if (cached === undefined) {
      var passage = data().passages[passageIndex];
      var parts = [passage.text];
      passage.refs.forEach(function (ref) {
        var src = source(ref[0]);
        parts.push(src.title, src.publisher || "");
      });
      cached = panelState.searchText[passageIndex] = fold(parts.join("\n"));
    }
    return cached;
  }

  function fold(text) {
    return text.normalize ? text.normalize("NFKC").toLowerCase() : text.toLowerCase();
  }

  function openPanel(id) {
    var parts = panelParts();
    var item = itemOf(id);
    if (!parts.root || !item) {
      return false;
    }
    if (parts.root.hidden) {
      panelState.returnFocus = document.activeElement;
    }
    panelState.id = id;
    parts.root.setAttribute("data-island", id);
    parts.title.textContent = item.label + ": " + plural(item.quotes.length, "quote");
    var counts = countsOf(id);
    fillSelect(
      parts.source,
      "All sources",
      counts.bySource.map(function (s) {
        return [s[0], s[0] + " (" + s[1] + ")"];
      })
    );
    var years = {};
    item.quotes.forEach(function (quote) {
      data().passages[quote[0]].refs.forEach(function (ref) {
        var year = yearOf(source(ref[0]));
        if (year) {
          years[year] = (years[year] || 0) + 1;
        }
      });
    });
    fillSelect(
      parts.year,
      "All years",
      Object.keys(years)
        .sort()
        .map(function (y) {
          return [y, y];
        })
    );
    parts.search.value = "";
    parts.lang.value = "";
    Array.prototype.forEach.call(parts.lang.options, function (option) {
      option.disabled = !!option.value && !counts.byLang[option.value];
    });
    parts.root.hidden = false;
    filterPanel();
    parts.title.focus({ preventScroll: true });
    return true;
  }

  function closePanel() {
    var parts = panelParts();
    if (!parts.root || parts.root.hidden) {
      return;
    }
    parts.root.hidden = true;
    var target = panelState.returnFocus;
    panelState.returnFocus = null;
    if (target && document.contains(target) && target !== document.body) {
      target.focus({ preventScroll: true });
    } else if (panelState.id && state.layers[panelState.id]) {
      var layer = state.layers[panelState.id];
      var el = layer.getElement && layer.getElement();
      if (el) {
        el.focus({ preventScroll: true });
      }
    }
  }

  function filterPanel() {
    var parts = panelParts();
    var item = itemOf(panelState.id);
    var words = fold(parts.search.value).split(/\s+/).filter(Boolean);
    var wantSource = parts.source.value;
    var wantYear = parts.year.value;
    var wantLang = parts.lang.value;
    panelState.shown = item.quotes.filter(function (quote) {
      if (wantLang && quote[1] !== wantLang) {
        return false;
      }
      if (wantSource || wantYear) {
        var refs = data().passages[quote[0]].refs;
        var hit = refs.some(function (ref) {
          var src = source(ref[0]);
          return (
            (!wantSource || sourceName(src) === wantSource) && (!wantYear || yearOf(src) === wantYear)
          );
        });
        if (!hit) {
          return false;
        }
      }
      if (words.length) {
        var text = searchable(quote[0]);
        return words.every(function (w) {
          return text.indexOf(w) >= 0;
        });
      }
      return true;
    });
    showPage(0);
  }

  function showPage(page) {
    var parts = panelParts();
    var shown = panelState.shown;
    var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    page = Math.min(Math.max(0, page), pages - 1);
    panelState.page = page;
    var from = page * PAGE_SIZE;
    var rows = shown.slice(from, from + PAGE_SIZE);
    var list = parts.list;
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    list.setAttribute("start", String(from + 1));
    var noun = panelState.id === "group" ? "term" : "name";
    rows.forEach(function (quote) {
      var li = document.createElement("li");
      li.appendChild(quoteBlock(quote, noun));
      list.appendChild(li);
    });
    var total = itemOf(panelState.id).quotes.length;
    var status;
    if (!shown.length) {
      status = "No quote matches. Clear the search or a filter to see more.";
    } else {
      status =
        "Quotes " + (from + 1) + "–" + (from + rows.length) + " of " + shown.length +
        (shown.length < total ? " matching (" + total + " in all)" : "");
    }
    parts.status.textContent = status;
    parts.page.textContent = "Page " + (page + 1) + " of " + pages;
    parts.prev.disabled = page === 0;
    parts.next.disabled = page >= pages - 1;
    list.scrollTop = 0;
    parts.root.scrollTop = 0;
  }

  function panel() {
    var parts = panelParts();
    if (!parts.root) {
      return;
    }
    var timer = null;
    parts.search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(filterPanel, 120);
    });
    parts.root.querySelector("form").addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      filterPanel();
    });
    [parts.source, parts.year, parts.lang].forEach(function (select) {
      select.addEventListener("change", filterPanel);
    });
    parts.prev.addEventListener("click", function () {
      showPage(panelState.page - 1);
      if (parts.prev.disabled) {
        parts.next.focus();
      }
    });
    parts.next.addEventListener("click", function () {
      showPage(panelState.page + 1);
      if (parts.next.disabled) {
        parts.prev.focus();
      }
    });
    parts.close.addEventListener("click", closePanel);
    parts.root.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        closePanel();
      }
    });
  }

  // Called once by the page; sets up what spans the layers after the page's script has
  // run, whatever the order of the layer() calls.
  function start(map) {
    Promise.resolve().then(function () {
      setUp(map);
    });
  }

  function setUp(map) {
    state.map = map;
    map.islandmapBounds = config().view.bounds;
    closeOnEscape(map);
    // Leaflet 1.9's default prefix carries a national flag; a map that must take no side
    // in a territorial dispute credits Leaflet by name only.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.on("popupopen", onPopupOpen);
    map.on("popupclose", onPopupClose);
    addLegend(map);
    fitView(map);
    trackMapHeight(map);
    namesSwitch();
    fullScreen();
    textVersion(map);
    zoomClasses(map);
    printedMap(map);
    panel();
    startHooks.forEach(function (hook) {
      hook(map);
    });
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

  // The text version: each island (and the group) as a section with its popup's head, its
  // quotes in one numbered list across the page. Built from the data the first time it is
  // shown or printed. Shown instead of the map by the header's button, and always in print.
  function textVersion(map) {
    var section = document.getElementById("islandmap-text");
    var button = document.getElementById("islandmap-text-toggle");
    if (!section || !button) {
      return;
    }
    // After the map, where print puts it (on screen it shows instead of the map).
    map.getContainer().parentNode.insertBefore(section, map.getContainer().nextSibling);
    var built = false;
    function build() {
      if (built) {
        return;
      }
      built = true;
      var entries = section.querySelector(".text-entries");
      var number = 1;
      var ids = Object.keys(data().islands);
      ids.push("group");
      ids.forEach(function (id) {
        var entry = element("section", "text-entry");
        entry.setAttribute("data-island", id);
        var head = cloneTemplate("islandmap-head-" + id);
        Array.prototype.slice.call(head.childNodes).forEach(function (child) {
          entry.appendChild(child.nodeType === 1 ? retitle(child) : child);
        });
        var item = itemOf(id);
        if (item.quotes.length) {
          var list = element("ol", "quote-list");
          list.setAttribute("start", String(number));
          var noun = id === "group" ? "term" : "name";
          item.quotes.forEach(function (quote) {
            var li = document.createElement("li");
            li.appendChild(quoteBlock(quote, noun));
            list.appendChild(li);
          });
          number += item.quotes.length;
          entry.appendChild(list);
        } else {
          entry.appendChild(element("p", "no-quotes", emptyText(id)));
        }
        entries.appendChild(entry);
      });
    }
    // Printing shows the list after the map: build it before the print styles apply.
    window.addEventListener("beforeprint", build);
    var query = window.matchMedia && window.matchMedia("print");
    if (query && query.addEventListener) {
      query.addEventListener("change", function (e) {
        if (e.matches) {
          build();
        }
      });
    }

    function show(open) {
      if (open) {
        build();
      }
      section.hidden = !open;
      document.body.classList.toggle("text-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "Back to the map" : "Text version";
      if (open) {
        map.closePopup();
        closePanel();
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


  // The one place that fits the view: the islands with the page's padding, and, when the
  // open key covers the bottom-left corner and there is room, beside it.
  function fitView(map) {
    var view = config().view;
    var left = view.paddingTopLeft[0];
    var legend = document.getElementById("islandmap-legend");
    if (legend && legend.open) {
      var size = map.getSize();
      var width = legend.getBoundingClientRect().width + 24;
      if (size.x - width >= size.x * 0.55) {
        left = width;
      }
    }
    map.fitBounds(view.bounds, {
      paddingTopLeft: [left, view.paddingTopLeft[1]],
      paddingBottomRight: view.paddingBottomRight,
      animate: false
    });
  }

  window.islandmap = {
    layer: layer,
    addLayerKind: addLayerKind,
    onStart: function (hook) {
      startHooks.push(hook);
    },
    data: data,
    config: config,
    geoJson: geoJson,
    fitView: function () {
      if (state.map) {
        fitView(state.map);
      }
    },
    start: start,
    open: open,
    openPanel: openPanel,
    closePanel: closePanel,
    get map() {
      return state.map;
    },
    layers: state.layers
  };
})();
