/* main.js: starts the page and names its API. folium's script calls islandmap.start(map)
   once and islandmap.layer(kind, options) for each layer (layers.js), in any order: what
   spans the layers is set up once the page's script has run.

   window.islandmap, for the key and for pages that embed or test the map (README):
   open(id) opens an island's (or "group"'s) popup, openPanel(id) and closePanel() the
   panel of its quotes, showLocators(on) shows or hides the sources' file names and passage
   numbers, map is the Leaflet map, layers each island's layer by id,
   parseFragment(text) and formatFragment(state) read and write the address's fragment
   (deeplink.js), setLargeText(on) the large-text setting, setLanguage(lang) the
   interface language (en, ja, ru; language.js; a promise of true once the page shows it,
   as the other languages' catalogs are packed) and lang() the one shown. Its other
   members are the parts the files share, not an API. */
(() => {
  "use strict";

  const im = window.islandmap;

  // Set-up of files after this one (region.js, locator.js), run once the map is set up.
  const startHooks = [];
  im.onStart = (hook) => {
    startHooks.push(hook);
  };

  im.start = (map) => {
    // A microtask runs when the page's script has finished: every layer exists then.
    Promise.resolve().then(() => setUp(map));
  };

  const setUp = (map) => {
    im.state.map = map;
    // The parts the page carries packed, read in the background (popups.js, text-version.js).
    im.whenFacts();
    im.whenHistoryText();
    im.closeOnEscape(map);
    // Leaflet 1.9's default prefix carries a national flag; a map that must take no side
    // in a territorial dispute credits Leaflet by name only.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.on("popupopen", im.onPopupOpen);
    map.on("popupclose", im.onPopupClose);
    im.addLegend(map);
    im.fitView(map);
    im.trackMapHeight(map);
    im.namesSwitch();
    im.fullScreen();
    im.largeText();
    im.frames(map);
    im.languageSwitch(map);
    im.deepLinks(map);
    im.textVersion(map);
    im.zoomClasses(map);
    im.printedMap(map);
    im.setUpPanel();
    for (const hook of startHooks) {
      hook(map);
    }
  };
})();
