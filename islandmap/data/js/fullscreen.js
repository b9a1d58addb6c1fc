/* fullscreen.js: the header's full-screen button, for a projector or a map embedded small
   in a lesson page. Shown only where the browser allows it (an iframe needs
   allowfullscreen). */
(() => {
  "use strict";

  const im = window.islandmap;
  const { t } = im;

  im.fullScreen = () => {
    const button = document.getElementById("islandmap-fullscreen");
    const root = document.documentElement;
    if (!button || !document.fullscreenEnabled || !root.requestFullscreen) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", () => {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        root.requestFullscreen().catch(() => {});
      }
    });
    const label = () => {
      const on = !!document.fullscreenElement;
      button.textContent = t(on ? "fullscreen.exit" : "fullscreen.enter");
      button.setAttribute("aria-pressed", on ? "true" : "false");
    };
    document.addEventListener("fullscreenchange", label);
    im.onLanguage(label);
  };
})();
