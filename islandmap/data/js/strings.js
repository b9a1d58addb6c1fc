/* strings.js: every text the page's script shows or has read out, in one table, and the
   page's language. The rest of the page's text is in the Jinja templates
   (islandmap/data/templates/) and islandmap/page/messages.py; names, titles and quotes
   come from the data.

   Each entry is msg(key, English) or nmsg(key, one, other) for a text that depends on a
   count {n}. Babel extracts them into the gettext catalogs (islandmap/data/locale/, see
   islandmap/i18n.py: `python -m islandmap.i18n update`), with the comment that starts
   "Translators:" just before; keep the calls' arguments plain string literals. The page
   carries the other languages' strings as JSON in #islandmap-config (catalogs); t(key,
   params) looks there first, then here. `{name}` marks a value filled in by
   t(key, {name: value}); values are inserted as they are, never read for more marks, and
   numbers are formatted for the language (Intl). */
(() => {
  "use strict";

  const im = window.islandmap;

  const msg = (key, text) => [key, text];
  const nmsg = (key, one, other) => [key, { one, other }];

  im.strings = Object.fromEntries([
    // Translators: The count under the group's label on the map.
    nmsg("label.quotes", "{n} quote", "{n} quotes"),

    // Translators: The line under an island's names in its tooltip.
    nmsg("tooltip.hint", "{n} quote: click or press Enter to read", "{n} quotes: click or press Enter to read"),

    // Translators: An island's path, as a screen reader names it.
    nmsg("island.name", "{label}: {n} quote", "{label}: {n} quotes"),

    // Translators: A popup: its heading over the quotes, the button to the panel, or no quotes.
    nmsg("popup.heading", "In the news: {n} quote", "In the news: {n} quotes, newest first"),
    nmsg("popup.heading-preview", "The newest {shown} of {n} quote in the news", "The newest {shown} of {n} quotes in the news"),
    // Translators: Read out before the one-line summary that opens an island's (the group's) facts.
    msg("popup.facts", "Names, status and area: "),
    msg("popup.facts-group", "About these passages: "),
    nmsg("popup.all-quotes", "All {n} quote", "All {n} quotes"),
    msg("popup.no-quotes", "No passage in the sources names this island."),
    msg("popup.no-quotes-group", "No passage in the sources names the islands only as a group."),
    // Translators: While a page of a large archive reads its quotes (a moment after it opens), and if
    // Translators: the browser cannot (it needs DecompressionStream: browsers from 2023 on).
    msg("quotes.loading", "Loading the quotes…"),
    msg("quotes.unreadable", "This browser cannot read these quotes: open the page in a newer one."),

    // Translators: A popup's counts of its quotes, by the form of the name and by source.
    msg("counts.forms", "Name form"),
    msg("counts.form-ja", "Japanese form {n}"),
    msg("counts.form-ru", "Russian form {n}"),
    msg("counts.form-both", "Both forms {n}"),
    msg("counts.sources", "Sources"),
    msg("counts.source", "{source} {n}"),
    nmsg("counts.others", "{n} other", "{n} others"),
    msg("counts.separator", " · "),

    // Translators: A quote: a reader's comment is marked as one; the names found in it (a "term" for
    // Translators: the islands as a group); where it comes from.
    msg("quote.comment", "Reader comment"),
    msg("quote.tag-ja-name", "Japanese name: {form}"),
    msg("quote.tag-ru-name", "Russian name: {form}"),
    msg("quote.tag-both-name", "Name used in both languages: {form}"),
    msg("quote.tag-ja-term", "Japanese term: {form}"),
    msg("quote.tag-ru-term", "Russian term: {form}"),
    msg("quote.tag-both-term", "Term used in both languages: {form}"),
    // Translators: For reviewers: the source's file and the passage's number in it.
    msg("quote.locator", "File {file}, passage {n}"),
    // Translators: Under a long passage that a popup shows cut to the part around the name, and once
    // Translators: it shows the whole.
    msg("quote.whole", "Show the whole passage"),
    msg("quote.excerpt", "Show less"),
    // Translators: The button under a passage that many sources printed, and once it is open.
    nmsg("quote.more-sources", "and {n} more source", "and {n} more sources"),
    msg("quote.fewer-sources", "Show fewer sources"),
    // Translators: Read out when the button above has shown all the sources.
    nmsg("quote.sources-shown", "{n} source shown", "All {n} sources shown"),
    // Translators: Followed by the refused address.
    msg("quote.rejected-url", "Link not shown (not an http or https address): "),

    // Translators: The panel of all an island's quotes.
    nmsg("panel.title", "{label}: {n} quote", "{label}: {n} quotes"),
    msg("panel.all-sources", "All sources"),
    msg("panel.all-years", "All years"),
    msg("panel.source-option", "{source} ({n})"),
    msg("panel.no-match", "No quote matches. Clear the search or a filter to see more."),
    // Translators: {order} is panel.order-newest or panel.order-oldest.
    msg("panel.status", "Quotes {first}–{last} of {shown}, {order}"),
    msg("panel.status-filtered", "Quotes {first}–{last} of {shown} matching ({total} in all), {order}"),
    msg("panel.order-newest", "newest first"),
    msg("panel.order-oldest", "oldest first"),
    msg("panel.page", "Page {page} of {pages}"),

    // Translators: The printed map: its north arrow (a letter, and its name) and the key's heading.
    msg("print.north", "N"),
    msg("print.north-title", "North"),
    msg("print.key", "Key"),

    // Translators: The header's buttons, as they change when pressed.
    msg("text.show", "Text version"),
    msg("text.hide", "Back to the map"),
    msg("fullscreen.enter", "Full screen"),
    msg("fullscreen.exit", "Exit full screen"),

    // Translators: The button back to the opening view, and the locator's (region.js, locator.js).
    msg("view.reset", "Reset view"),
    msg("view.reset-title", "Back to the islands as the map opened"),
    msg("locator.show", "Locator"),
    msg("locator.hide", "Hide locator"),
    msg("locator.show-title", "Show where the islands are in the region"),
    msg("locator.hide-title", "Hide the small map of the region"),
    msg("locator.label", "Locator: the region from Hokkaido to Kamchatka, with the main map's view outlined"),

    // Translators: The time control (history.js): what a screen reader hears when the map is set to a
    // Translators: moment (the moment's note follows), and when it goes back to the map as it opens.
    msg("history.shown", "The map shows {year}: {title}."),
    msg("history.cleared", "The map shows the islands as it opens, without who held them."),
    msg("history.today", "Today"),
    // Translators: A period's button, once pressed, and the name of an island's path while a period
    // Translators: is shown (who held it then; and who claimed it, where one side did). {state} and
    // Translators: {claimant} are the state's name as a noun (ru: nominative). "Held": ja 施政, ru
    // Translators: "управление", as the time control's key (history_control.html.j2) says why.
    msg("history.held", "{label}: held by {state} in {year}"),
    msg("history.held-claimed", "{label}: held by {state}, claimed by {claimant}, {year}"),
    // Translators: The printed key's heading when the map is printed at a moment.
    msg("print.history", "Who held the islands: {year}"),

    // Translators: The chart of quotes per year (years.js): its description for screen readers, the
    // Translators: quotes without a date (counted apart), the range's status, the bars' tooltips.
    msg("years.chart-label", "Quotes per year from {first} to {last}: {n} quotes with a date. The counts are in the table below."),
    msg("years.chart-empty", "No quote with a date."),
    nmsg("years.undated", "Without a date: {n} quote (not on the chart).", "Without a date: {n} quotes (not on the chart)."),
    msg("years.undated-none", "Every quote has a date."),
    msg("years.bar", "{year}: {n} quotes (Japanese form {ja}, Russian form {ru}, both {both})"),
    msg("years.all", "All years"),
    msg("years.status-all", "The popups and the panel show the quotes of every year."),
    nmsg(
      "years.status-range",
      "The popups and the panel show only the quotes from {from}–{to}: {n} quote here; those without a date are left out while years are chosen.",
      "The popups and the panel show only the quotes from {from}–{to}: {n} quotes here; those without a date are left out while years are chosen."
    ),
    // Translators: Over a popup's quotes while years are chosen, and when none is from those years.
    msg("popup.no-quotes-years", "No quote here is from {from}–{to}. Choose other years under Through time."),
    nmsg("popup.years", "From {from}–{to} only: {n} of its {total} quote", "From {from}–{to} only: {n} of its {total} quotes"),

    // Translators: In an embedding frame, when the wheel is used over the map before it is clicked.
    msg("frames.wheel-hint", "Use Ctrl + scroll to zoom the map"),
    msg("frames.wheel-hint-mac", "Use ⌘ + scroll to zoom the map"),
    // Translators: Leaflet's own controls: the zoom buttons and the layer control's button.
    msg("leaflet.zoom-in", "Zoom in"),
    msg("leaflet.zoom-out", "Zoom out"),
    msg("leaflet.layers", "Layers"),
    msg("leaflet.close-popup", "Close popup"),
    // Translators: Read out when the page's language changes (the language's own name follows).
    msg("lang.changed", "Language: {name}")
  ]);

  const hooks = [];
  let current = null;

  // The interface language the page shows now (en, ja, ru).
  im.lang = () => current || im.config().lang || "en";

  // The catalogs read so far: the page's own language's (config.catalogs), then each
  // other language's once the reader chooses it (config.packedCatalogs, unpacked).
  let catalogs = null;
  const catalogsNow = () => {
    if (!catalogs) {
      catalogs = {};
      for (const [lang, strings] of Object.entries(im.config().catalogs || {})) {
        catalogs[lang] = { ...strings };
      }
      keepOwnTexts();
    }
    return catalogs;
  };

  im.languages = () => [
    ...new Set([...Object.keys(im.config().catalogs || { en: {} }), ...Object.keys(im.config().packedCatalogs || {})])
  ];

  const formats = {};
  const numberFormat = (lang) => {
    if (!formats[lang]) {
      formats[lang] = new Intl.NumberFormat(lang);
    }
    return formats[lang];
  };

  im.formatNumber = (n) => numberFormat(im.lang()).format(n);

  // A date as the data holds it (YYYY, YYYY-MM or YYYY-MM-DD), written for the language.
  im.formatDate = (text) => {
    const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text || "");
    if (!match || !match[2]) {
      return text || "";
    }
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3] || 1)));
    const options = { year: "numeric", month: "short", timeZone: "UTC" };
    if (match[3]) {
      options.day = "numeric";
    }
    return new Intl.DateTimeFormat(im.lang(), options).format(date);
  };

  // The form of a message for the count n: forms by CLDR plural category (one, few,
  // many, other), as Intl.PluralRules names them for the language.
  const rules = {};
  im.plural = (n, forms) => {
    const lang = im.lang();
    if (!rules[lang]) {
      rules[lang] = new Intl.PluralRules(lang);
    }
    const category = typeof n === "number" ? rules[lang].select(n) : "other";
    return forms[category] || forms.other || forms.many || Object.values(forms)[0];
  };

  // The text of key in the page's language, its {marks} filled from params (params.n
  // picks a plural).
  im.t = (key, params = {}) => {
    const read = catalogsNow();
    let text = (read[im.lang()] || {})[key];
    if (text === undefined) {
      text = (read.en || {})[key];
    }
    if (text === undefined) {
      text = im.strings[key];
    }
    if (text === undefined) {
      return key;
    }
    if (typeof text !== "string") {
      text = im.plural(params.n, text);
    }
    return text.replace(/\{(\w+)\}/g, (mark, name) => {
      if (!(name in params)) {
        return mark;
      }
      const value = params[name];
      return typeof value === "number" ? im.formatNumber(value) : String(value);
    });
  };

  const json = (text) => {
    try {
      return JSON.parse(text || "{}");
    } catch {
      return {};
    }
  };

  // A text whose {marks} are elements (data-i18n-slot="mark", a name in its <span lang>):
  // the text around them set as text, the elements kept.
  const fillSlots = (el, text) => {
    const slots = {};
    for (const slot of el.querySelectorAll("[data-i18n-slot]")) {
      slots[slot.getAttribute("data-i18n-slot")] = slot;
    }
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
    let at = 0;
    for (const match of text.matchAll(/\{(\w+)\}/g)) {
      el.appendChild(document.createTextNode(text.slice(at, match.index)));
      el.appendChild(slots[match[1]] || document.createTextNode(match[0]));
      at = match.index + match[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  };

  // The texts the page's templates wrote, in the language shown: data-i18n="key" (its
  // text; data-i18n-args holds the marks' values as JSON; a key ~N is a text of the
  // data, which the catalogs hold too) and data-i18n-ATTR="key" for the attributes below.
  // Popups, tooltips and the text version call it on their copies of the templates.
  const ATTRIBUTES = ["aria-label", "title", "placeholder"];
  im.translate = (root) => {
    for (const el of root.querySelectorAll("[data-i18n]")) {
      const key = el.getAttribute("data-i18n");
      if (el.querySelector("[data-i18n-slot]")) {
        fillSlots(el, im.t(key, {}));
      } else {
        el.textContent = im.t(key, json(el.getAttribute("data-i18n-args")));
      }
    }
    for (const name of ATTRIBUTES) {
      for (const el of root.querySelectorAll(`[data-i18n-${name}]`)) {
        el.setAttribute(name, im.t(el.getAttribute(`data-i18n-${name}`)));
      }
    }
    return root;
  };

  // A text of the data the page's script shows (a period's title, a state's name): its
  // key's text in the language shown, else the data's own (English).
  im.dataText = (key, english) => {
    const read = catalogsNow();
    const text = (read[im.lang()] || {})[key];
    return typeof text === "string" ? text : english;
  };

  // A copy of a template, in the language shown (the page wrote it in its own).
  im.cloneTranslated = (id) => {
    const copy = im.cloneTemplate(id);
    return im.lang() === (im.config().lang || "en") ? copy : im.translate(copy);
  };

  // A file's part that shows texts of its own registers here to show them again in a new
  // language (an open popup, the panel, the buttons that change their text).
  im.onLanguage = (hook) => {
    hooks.push(hook);
  };

  // The page's own language's texts that its catalog leaves out: those its markup holds
  // (data-i18n, data-i18n-ATTR: the texts of the data, ~N, and the templates' plain
  // strings), read from the document and its templates once, to come back to after
  // another language was shown.
  const ATTRIBUTE_KEYS = ["aria-label", "title", "placeholder"];
  const keepOwnTexts = (from = null) => {
    const own = im.config().lang || "en";
    catalogs[own] = catalogs[own] || {};
    const keep = (key, text) => {
      if (key && !(key in catalogs[own]) && !(key in im.strings)) {
        catalogs[own][key] = text;
      }
    };
    const roots = from ? [from] : [document, ...[...document.querySelectorAll("template")].map((el) => el.content)];
    for (const root of roots) {
      for (const el of root.querySelectorAll("[data-i18n]")) {
        if (!el.hasAttribute("data-i18n-args") && !el.querySelector("[data-i18n-slot]")) {
          keep(el.getAttribute("data-i18n"), el.textContent);
        }
      }
      for (const name of ATTRIBUTE_KEYS) {
        for (const el of root.querySelectorAll(`[data-i18n-${name}]`)) {
          keep(el.getAttribute(`data-i18n-${name}`), el.getAttribute(name) || "");
        }
      }
    }
  };

  // The same for markup the page unpacks in its own language (text-version.js), before
  // it is shown in another.
  im.keepOwnTexts = (root) => {
    catalogsNow();
    keepOwnTexts(root);
  };

  // A language's catalog, read (unpacked) once: a promise of true, or false when it
  // cannot be read (no such language, or a browser without DecompressionStream).
  const reading = {};
  const readCatalog = (lang) => {
    if (catalogsNow()[lang]) {
      return Promise.resolve(true);
    }
    const packed = (im.config().packedCatalogs || {})[lang];
    if (!packed || !im.inflateJson) {
      return Promise.resolve(false);
    }
    if (!reading[lang]) {
      reading[lang] = im
        .inflateJson(packed)
        .then((strings) => {
          catalogsNow()[lang] = strings;
          return true;
        })
        .catch(() => false);
    }
    return reading[lang];
  };

  let wanted = null;

  // Show the page in lang, without reloading: the templates' texts, every part's own, the
  // <html lang>. The other languages' catalogs are packed: the page shows lang once its
  // catalog is read (at once, the second time). A promise of false for a language the
  // page does not carry or cannot read, else of true once the page shows it.
  im.setLanguage = (lang) => {
    if (!im.languages().includes(lang)) {
      return Promise.resolve(false);
    }
    wanted = lang;
    if (lang === im.lang()) {
      return Promise.resolve(true);
    }
    return readCatalog(lang).then((ok) => {
      if (!ok || wanted !== lang) {
        return ok && lang === im.lang();
      }
      if (lang !== im.lang()) {
        current = lang;
        document.documentElement.setAttribute("lang", lang);
        im.translate(document);
        for (const hook of hooks) {
          hook(lang);
        }
        if (im.stateChanged) {
          im.stateChanged(); // deeplink.js
        }
      }
      return true;
    });
  };
})();
