/* large-text.js: the header's "Large text" switch, for a projector or the back of a
   classroom: <html data-text="large"> makes the page's type a size up (frames.css), and
   the map is refitted to the space the larger header leaves. Remembered in the address
   (deeplink.js: text=large). */
(() => {
  "use strict";

  const im = window.islandmap;

  const button = () => document.getElementById("islandmap-large-text");

  im.isLargeText = () => document.documentElement.getAttribute("data-text") === "large";

  im.setLargeText = (on) => {
    if (on === im.isLargeText()) {
      return;
    }
    const root = document.documentElement;
    if (on) {
      root.setAttribute("data-text", "large");
    } else {
      root.removeAttribute("data-text");
    }
    const el = button();
    if (el) {
      el.setAttribute("aria-pressed", on ? "true" : "false");
    }
    // Every Leaflet map on the page (the locator's too) measures itself again.
    window.dispatchEvent(new Event("resize"));
    const map = im.state.map;
    if (map) {
      map.invalidateSize({ animate: false });
      im.fitView(map);
    }
    im.stateChanged();
  };

  im.largeText = () => {
    const el = button();
    if (el) {
      el.addEventListener("click", () => {
        im.setLargeText(!im.isLargeText());
      });
    }
  };
})();
