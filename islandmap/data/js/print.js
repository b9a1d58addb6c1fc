/* print.js: the printed map. Printing resizes the map to the paper: fit the islands to
   it, then put the screen's view back. Chromium applies the print styles between
   "beforeprint" and the print media query's change, so the paper's size is known only at
   the latter. (The list of quotes that follows the map is text-version.js's.) */
(() => {
  "use strict";

  const im = window.islandmap;

  im.printedMap = (map) => {
    let saved = null;
    const save = () => {
      if (!saved) {
        saved = { center: map.getCenter(), zoom: map.getZoom() };
      }
    };
    const toPaper = () => {
      save();
      map.invalidateSize({ animate: false });
      im.fitView(map, { paper: true });
    };
    const back = () => {
      if (!saved) {
        return;
      }
      map.invalidateSize({ animate: false });
      map.setView(saved.center, saved.zoom, { animate: false });
      saved = null;
    };
    window.addEventListener("beforeprint", save);
    window.addEventListener("afterprint", back);
    const query = window.matchMedia && window.matchMedia("print");
    if (query && query.addEventListener) {
      query.addEventListener("change", (e) => {
        if (e.matches) {
          toPaper();
        } else {
          back();
        }
      });
    }
  };
})();
