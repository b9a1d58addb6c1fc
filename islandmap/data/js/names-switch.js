/* names-switch.js: the header's switch of which form of each name leads (Japanese,
   Russian or both). It sets <html data-names="both|ja|ru">, which the page's CSS reads to
   show one order of the names in labels, popups and the key. */
(() => {
  "use strict";

  const im = window.islandmap;

  im.namesSwitch = () => {
    for (const radio of document.querySelectorAll('input[name="islandmap-names"]')) {
      radio.addEventListener("change", () => {
        if (radio.checked) {
          document.documentElement.setAttribute("data-names", radio.value);
        }
      });
    }
  };
})();
