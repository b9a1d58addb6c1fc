/* frames.js: the map in an embedding frame and at the sizes frames give it. In a frame
   (<html class="in-frame">) the wheel over the map scrolls the lesson page unless the map
   has the focus or Ctrl/⌘ is held, with a short hint; a short frame starts with the key
   folded. Once the view is fitted, no island's label is left under a control or the
   group's marker (README, "The mouse wheel in a frame"). */
(() => {
  "use strict";

  const im = window.islandmap;

  im.inFrame = () => {
    try {
      return window.self !== window.top;
    } catch {
      return true; // a browser that refuses to compare is a frame from another site
    }
  };

  const isMac = () => {
    const platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
    return /mac|iphone|ipad/i.test(platform);
  };

  // The wheel over an unfocused map in a frame: let the page scroll, show the hint.
  const wheelInFrames = (map) => {
    const container = map.getContainer();
    const hint = im.element("div", "wheel-hint");
    const fill = () => {
      hint.textContent = im.t(isMac() ? "frames.wheel-hint-mac" : "frames.wheel-hint");
    };
    fill();
    im.onLanguage(fill);
    hint.setAttribute("aria-hidden", "true");
    hint.hidden = true;
    container.appendChild(hint);
    let timer = null;
    const focused = () => document.hasFocus() && container.contains(document.activeElement);
    container.addEventListener(
      "wheel",
      (e) => {
        if (e.ctrlKey || e.metaKey || focused()) {
          hint.hidden = true;
          return; // Leaflet zooms (and stops the browser's own zoom)
        }
        const target = e.target;
        if (target.closest && target.closest(".leaflet-control, .leaflet-popup")) {
          return; // the key and popups scroll their own text
        }
        // Leaflet never sees it: the browser scrolls the page around the frame.
        e.stopPropagation();
        hint.hidden = false;
        clearTimeout(timer);
        timer = setTimeout(() => {
          hint.hidden = true;
        }, 1500);
      },
      { capture: true, passive: true }
    );
    container.addEventListener("focusin", () => {
      hint.hidden = true;
    });
  };

  // The scale bar's lines are as long as a round distance, at most maxWidth (100 px): a
  // label wider than its line (large text, or a short line such as "10 mi" on a projector)
  // was cut. Such a line is drawn again for a longer distance, as Leaflet draws it with a
  // wider maxWidth, a quarter wider at a time, no wider than the room left of the credits
  // beside it (they would hide the line's end, which is the measure).
  const scaleUpdate = L.Control.Scale.prototype._update;
  const cutLines = (scale) =>
    [scale._mScale, scale._iScale].filter((el) => el && el.clientWidth && el.scrollWidth > el.clientWidth);
  const scaleRoom = (scale) => {
    const own = scale._container && scale._container.getBoundingClientRect();
    const map = scale._map && scale._map.getContainer();
    const credits = map && map.querySelector(".leaflet-control-attribution");
    const other = credits && credits.getClientRects().length ? credits.getBoundingClientRect() : null;
    if (!own || !other || other.top >= own.bottom || other.bottom <= own.top || other.left < own.left) {
      return Infinity;
    }
    return other.left - own.left - 8;
  };
  L.Control.Scale.include({
    _update() {
      scaleUpdate.call(this); // (on every move of the map: the rest only for a cut label)
      if (!cutLines(this).length) {
        return;
      }
      const base = this.options.maxWidth;
      const room = scaleRoom(this);
      for (let i = 0; i < 6 && cutLines(this).length; i++) {
        const wider = Math.min(Math.round(this.options.maxWidth * 1.25), room);
        if (wider <= this.options.maxWidth) {
          break;
        }
        this.options.maxWidth = wider;
        scaleUpdate.call(this);
      }
      this.options.maxWidth = base;
    }
  });

  // The boxes of what a label must not sit under.
  const box = (el) => (el && el.getClientRects().length ? el.getBoundingClientRect() : null);
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const obstacles = (map) => {
    const corners = map.getContainer().querySelectorAll(".leaflet-bottom .leaflet-control, .leaflet-top .leaflet-control");
    return Array.from(corners).map(box).filter(Boolean);
  };
  const islandLabels = (map) =>
    Array.from(map.getContainer().querySelectorAll(".island-label:not(.context-label) .label-text"))
      .map(box)
      .filter(Boolean);
  const groupLabel = (map) => map.getContainer().querySelector(".group-marker .label-text");

  // Move the group's marker off the islands' labels and the controls, the least it can
  // (zoomed so far out that the islands have no names, off the islands and the region's
  // names, or out of sight where there is no room).
  const nudgeGroup = (map) => {
    const el = groupLabel(map);
    if (!el) {
      return;
    }
    el.style.translate = "";
    el.style.visibility = "";
    const start = box(el);
    if (!start) {
      return;
    }
    const labels = islandLabels(map);
    const frame = map.getContainer().getBoundingClientRect();
    const islands = im.islandBoxes(map);
    // Zoomed so far out that the islands have no names (a moment of the time control, a
    // phone with large text), they are small: the marker keeps off the islands themselves
    // and the region's names. With their names, it keeps off the islands where it can
    // (up to 192 px away: with large text it is wider than the locator's corner), else
    // off their names, near where it stands.
    const tries = labels.length
      ? [
          [[...labels, ...islands, ...obstacles(map)], 24],
          [[...labels, ...obstacles(map)], 12]
        ]
      : [[[...islands, ...im.placeBoxes(map), ...obstacles(map)], 24]];
    const step = 8;
    for (const [avoid, reach] of tries) {
      const offsets = [[0, 0]];
      for (let r = 1; r <= reach; r++) {
        const d = r * step;
        offsets.push([0, d], [0, -d], [-d, 0], [d, 0], [-d, d], [-d, -d], [d, d], [d, -d]);
      }
      for (const [dx, dy] of offsets) {
        const b = { left: start.left + dx, right: start.right + dx, top: start.top + dy, bottom: start.bottom + dy };
        const inside = b.left >= frame.left + 2 && b.right <= frame.right - 2 && b.top >= frame.top + 2 && b.bottom <= frame.bottom - 2;
        if (inside && !avoid.some((a) => hit(a, b))) {
          el.style.translate = dx || dy ? `${dx}px ${dy}px` : "";
          return;
        }
      }
    }
    // No room beside them (a phone, with large text or the time control open): the
    // islands and their names are what the reader looks at; the key still opens the
    // group's quotes.
    el.style.visibility = "hidden";
  };

  // After the view is fitted: no island's label under a control. Move the view up while
  // the islands' labels keep clear of the top, else out a quarter step, a few times.
  im.clearLabels = (map) => {
    for (let i = 0; i < 6; i++) {
      const labels = islandLabels(map);
      const controls = obstacles(map);
      let down = 0;
      let blocked = false;
      for (const label of labels) {
        for (const control of controls) {
          if (hit(label, control)) {
            const frame = map.getContainer().getBoundingClientRect();
            if (control.top > (frame.top + frame.bottom) / 2) {
              down = Math.max(down, label.bottom - control.top + 4);
            } else {
              blocked = true;
            }
          }
        }
      }
      if (!down && !blocked) {
        break;
      }
      const top = Math.min(...labels.map((b) => b.top), ...im.islandBoxes(map).map((b) => b.top));
      const ceiling = map.getContainer().getBoundingClientRect().top + 4;
      if (!blocked && top - down >= ceiling) {
        map.panBy([0, down], { animate: false });
      } else {
        map.setZoom(map.getZoom() - 0.25, { animate: false });
      }
    }
    nudgeGroup(map);
    // The names of the land around the islands give way to the controls and markers.
    const avoid = [...obstacles(map), ...islandLabels(map), box(groupLabel(map))].filter(Boolean);
    for (const el of map.getContainer().querySelectorAll(".context-label .label-text")) {
      el.style.visibility = "";
      const b = box(el);
      if (b && avoid.some((a) => hit(a, b))) {
        el.style.visibility = "hidden";
      }
    }
  };

  im.nudgeGroup = nudgeGroup;

  im.islandBoxes = (map) =>
    Array.from(map.getContainer().querySelectorAll("path.island")).map(box).filter(Boolean);

  im.frames = (map) => {
    const framed = im.inFrame();
    document.documentElement.classList.toggle("in-frame", framed);
    if (framed) {
      wheelInFrames(map);
      const legend = document.getElementById("islandmap-legend");
      if (legend && legend.open && map.getSize().y < 600) {
        legend.open = false;
      }
      map.invalidateSize({ animate: false }); // the frame's compact header (frames.css)
    }
    // Every later fit (a resize, the large-text switch) clears the labels too.
    const fit = im.fitView;
    im.fitView = (m, options = {}) => {
      fit(m, options);
      if (!options.paper) {
        im.clearLabels(m);
        if (im.foldKeyOffIslands(m)) {
          fit(m, options); // with the key folded, the islands take its room
          im.clearLabels(m);
        }
      }
    };
    im.fitView(map);
    // Again once the controls that later set-up adds (the locator) are in place.
    Promise.resolve().then(() => {
      im.clearLabels(map);
      if (im.foldKeyOffIslands(map)) {
        im.fitView(map);
      }
    });
    // After the other zoomend handlers (zoomClasses hides the labels when far out).
    map.on("zoomend resize", () => Promise.resolve().then(() => nudgeGroup(map)));
  };
})();
