/* i18n.js: the page's language. t(key, params) gives a text of the interface in the
   language shown, from the page's catalogs in #islandmap-config (its own language's as
   JSON, the others' packed and read when the reader chooses one), else from the English
   table (strings.js, which only an English page carries); im.setLanguage shows the page
   in another language without reloading. */
(() => {
  "use strict";

  const im = window.islandmap;
  // A page in Japanese or Russian has no English table of its own: its English catalog
  // (packed) holds those strings.
  im.strings = im.strings || {};

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
  // Each format is made once per language (making one takes longer than using it a
  // thousand times: the text version of a large archive writes 100,000 dates).
  const dateFormats = {};
  im.formatDate = (text) => {
    const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(text || "");
    if (!match || !match[2]) {
      return text || "";
    }
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3] || 1)));
    const key = `${im.lang()} ${match[3] ? "day" : "month"}`;
    if (!dateFormats[key]) {
      const options = { year: "numeric", month: "short", timeZone: "UTC" };
      if (match[3]) {
        options.day = "numeric";
      }
      dateFormats[key] = new Intl.DateTimeFormat(im.lang(), options);
    }
    return dateFormats[key].format(date);
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
