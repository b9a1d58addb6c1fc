/* language.js: the header's language switch (#islandmap-lang) and the parts of the page
   Leaflet writes in English: the zoom buttons' names, the layer control's button and
   layers' names, the scale bar's units, the coastlines' credit. The page opens in
   config.lang (render --lang); the switch calls im.setLanguage (strings.js), which every
   part showing texts of its own follows (im.onLanguage); the address remembers it
   (deeplink.js: lang=ja). A screen reader hears the change in a status line. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { t } = im;

  // The layer control folium makes, found as Leaflet makes it.
  const controls = [];
  L.Control.Layers.addInitHook(function register() {
    controls.push(this);
  });

  // The scale bar's kilometres and metres in the page's language (ru: км, м), where
  // Leaflet writes "km" and "m": its metric line, as Leaflet works it out. Until the page
  // has started (the map is being made), Leaflet's own: the catalogs are read then, once
  // the markup they read from is whole (i18n.js).
  const scales = [];
  let started = false;
  L.Control.Scale.addInitHook(function register() {
    scales.push(this);
  });
  const metric = L.Control.Scale.prototype._updateMetric;
  L.Control.Scale.include({
    _updateMetric(maxMeters) {
      this._islandmapMeters = maxMeters;
      if (!started) {
        metric.call(this, maxMeters);
        return;
      }
      const meters = this._getRoundNum(maxMeters);
      const label =
        meters < 1000
          ? t("leaflet.scale-m", { n: meters })
          : t("leaflet.scale-km", { n: meters / 1000 });
      this._updateScale(this._mScale, label, meters / maxMeters);
    }
  });

  // The key of each layer kind's name in the catalogs (page/messages.py).
  const LAYER_KEYS = {
    region: "layer.region",
    land: "layer.land",
    boundary: "layer.boundary",
    islands: "layer.islands",
    group: "group.label"
  };

  im.layerKeys = LAYER_KEYS;

  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  const translateControls = (map) => {
    const zoom = map.zoomControl;
    if (zoom && zoom._zoomInButton) {
      for (const [button, key] of [
        [zoom._zoomInButton, "leaflet.zoom-in"],
        [zoom._zoomOutButton, "leaflet.zoom-out"]
      ]) {
        button.title = t(key);
        button.setAttribute("aria-label", t(key));
      }
    }
    for (const control of controls) {
      let changed = false;
      for (const entry of control._layers || []) {
        const key = LAYER_KEYS[entry.layer && entry.layer.islandmapKind];
        if (key && entry.name !== escapeHtml(t(key))) {
          entry.name = escapeHtml(t(key));
          changed = true;
        }
      }
      const toggle = control._layersLink;
      if (toggle) {
        toggle.title = t("leaflet.layers");
        const hidden = toggle.querySelector(".leaflet-sr-only");
        if (hidden) {
          hidden.textContent = t("leaflet.layers");
        }
      }
      if (changed && control._map) {
        control._update();
      }
    }
    for (const scale of scales) {
      if (scale._mScale && scale._islandmapMeters) {
        scale._updateMetric(scale._islandmapMeters);
      }
    }
    const credits = map.attributionControl && map.attributionControl.getContainer();
    if (credits) {
      for (const el of credits.querySelectorAll("[data-i18n]")) {
        el.textContent = t(el.getAttribute("data-i18n"));
      }
    }
  };

  im.languageSwitch = (map) => {
    started = true;
    const select = document.getElementById("islandmap-lang");
    const status = im.element("p", "visually-hidden");
    status.setAttribute("role", "status");
    document.body.appendChild(status);
    if (select) {
      select.value = im.lang();
      select.addEventListener("change", () => {
        im.setLanguage(select.value);
      });
    }
    // Leaflet writes the credits again when a layer comes or goes.
    map.on("layeradd layerremove", () => translateControls(map));
    translateControls(map);
    im.onLanguage((lang) => {
      if (select) {
        select.value = lang;
      }
      translateControls(map);
      const option = select && select.querySelector(`option[value="${lang}"]`);
      status.textContent = t("lang.changed", { name: option ? option.textContent : lang });
      if (im.placeLabels) {
        window.requestAnimationFrame(im.placeLabels);
      }
    });
  };
})();
