/* quotes.js: a quote as the popups, the panel and the text version show it, and the
   counts of an island's quotes. Built from the data with DOM calls that set text
   (textContent, createTextNode, setAttribute): the sources' text is untrusted. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { element, t } = im;

  // What a found name is called: a "term" for the islands as a group, else a "name".
  im.nounOf = (id) => (id === "group" ? "term" : "name");

  im.noQuotesText = (id) => t(id === "group" ? "popup.no-quotes-group" : "popup.no-quotes");

  const nameTag = (lang, noun, form) =>
    t(`quote.tag-${lang === "ja" || lang === "ru" ? lang : "both"}-${noun}`, { form });

  // A citation as students read it: publisher and date, then the title as a link. The
  // source's file name and the passage's number are for reviewers: shown in the text
  // version, and elsewhere on demand (showLocators; the panel has a switch).
  const citation = (ref) => {
    const src = im.source(ref[0]);
    const card = element("div", "citation");
    card.setAttribute("data-source", src.file);
    card.setAttribute("data-passage", String(ref[1]));
    const meta = element("span", "citation-meta");
    if (src.publisher) {
      meta.appendChild(element("span", "publisher", src.publisher));
    }
    if (src.date) {
      const time = element("time", "", src.date);
      time.setAttribute("datetime", src.date);
      meta.appendChild(time);
    }
    if (meta.firstChild) {
      card.appendChild(meta);
    }
    const cite = document.createElement("cite");
    if (src.url && im.safeUrl(src.url)) {
      const link = element("a", "", src.title);
      link.setAttribute("href", src.url);
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
      cite.appendChild(link);
    } else {
      cite.textContent = src.title;
    }
    card.appendChild(cite);
    card.appendChild(element("span", "locator", t("quote.locator", { file: src.file, n: ref[1] })));
    const rejected = src.rejected_url || (src.url && !im.safeUrl(src.url) ? src.url : "");
    if (rejected) {
      const note = element("span", "rejected-url", t("quote.rejected-url"));
      note.appendChild(element("code", "", rejected));
      card.appendChild(note);
    }
    return card;
  };

  // A passage reprinted by many sources cites the first few, then "and N more", a button
  // that shows the rest (built when first asked for).
  const FEW_SOURCES = 3;
  let moreCount = 0;
  const citations = (footer, refs) => {
    const shown = refs.length > FEW_SOURCES + 1 ? FEW_SOURCES : refs.length;
    for (const ref of refs.slice(0, shown)) {
      footer.appendChild(citation(ref));
    }
    const rest = refs.slice(shown);
    if (!rest.length) {
      return;
    }
    const box = element("div", "citations-more");
    box.id = `islandmap-more-sources-${++moreCount}`;
    box.hidden = true;
    const button = element("button", "citations-toggle", t("quote.more-sources", { n: rest.length }));
    button.setAttribute("type", "button");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", box.id);
    // What a screen reader says once the button has shown the rest (folding them again,
    // the button's state says).
    const said = element("span", "visually-hidden citations-said");
    said.setAttribute("role", "status");
    button.addEventListener("click", () => {
      if (!box.firstChild) {
        const all = document.createDocumentFragment();
        for (const ref of rest) {
          all.appendChild(citation(ref));
        }
        box.appendChild(all);
      }
      const open = box.hidden;
      box.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = t(open ? "quote.fewer-sources" : "quote.more-sources", {
        n: rest.length
      });
      said.textContent = open ? t("quote.sources-shown", { n: refs.length }) : "";
    });
    footer.appendChild(button);
    footer.appendChild(said);
    footer.appendChild(box);
  };

  // Whether citations show the source's file and the passage's number (the text version
  // always does): <html data-locators="shown">.
  im.locatorsShown = () => document.documentElement.getAttribute("data-locators") === "shown";

  im.showLocators = (on) => {
    document.documentElement.setAttribute("data-locators", on ? "shown" : "hidden");
    const box = document.getElementById("islandmap-panel-locators");
    if (box) {
      box.checked = !!on;
    }
  };

  // The passage's text into el, from..to of it (all of it without a span), with <mark>
  // around each name wholly inside, and "…" where it is cut.
  const fillText = (el, whole, marks, span) => {
    const [from, to] = span || [0, whole.length];
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
    let at = from;
    if (from > 0) {
      el.appendChild(document.createTextNode("…"));
    }
    for (let i = 0; i + 2 < marks.length; i += 3) {
      const start = marks[i];
      const end = marks[i + 1];
      if (start < at || end > to) {
        continue;
      }
      if (start > at) {
        el.appendChild(document.createTextNode(whole.slice(at, start)));
      }
      const mark = element("mark", "", whole.slice(start, end));
      mark.setAttribute("data-lang", marks[i + 2]);
      el.appendChild(mark);
      at = end;
    }
    if (at < to) {
      el.appendChild(document.createTextNode(whole.slice(at, to)));
    }
    if (to < whole.length) {
      el.appendChild(document.createTextNode("…"));
    }
  };

  const SENTENCE_END = /[.!?。！？]\s*/g;

  // Where a popup cuts a long passage: about max characters from the start of the sentence
  // that holds the first name marked (or a little before the name), cut after a space
  // where there is one. Null when the passage is short enough to show whole.
  const excerptOf = (whole, marks, max) => {
    if (whole.length <= max * 1.25 || marks.length < 3) {
      return null;
    }
    const first = marks[0];
    const last = marks[1];
    let from = 0;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(whole); m && m.index < first; m = SENTENCE_END.exec(whole)) {
      from = m.index + m[0].length;
    }
    if (first - from > max / 2) {
      from = Math.max(0, first - Math.floor(max / 4));
      const space = whole.indexOf(" ", from);
      from = space >= 0 && space < first ? space + 1 : from;
    }
    let to = Math.max(Math.min(whole.length, from + max), last);
    const space = whole.lastIndexOf(" ", to);
    if (to < whole.length && space > last) {
      to = space;
    }
    // Never between the two halves of a character outside the Basic Multilingual Plane.
    const unit = (i) => whole.charCodeAt(i);
    if (from > 0 && unit(from) >= 0xdc00 && unit(from) <= 0xdfff) {
      from -= 1;
    }
    if (to < whole.length && unit(to) >= 0xdc00 && unit(to) <= 0xdfff) {
      to += 1;
    }
    return from === 0 && to >= whole.length ? null : [from, to];
  };

  // One quote: <blockquote class="quote" data-source data-lang> with <mark> around each
  // name, a citation per source carrying the passage (the newest first; those for which
  // prefer(ref) holds, as the panel's filters ask, before the others), and the names found.
  im.quoteBlock = (quote, noun, prefer, options = {}) => {
    const passage = im.data().passages[quote[0]];
    const marks = quote[2] || [];
    const first = im.source(passage.refs[0][0]);
    const block = element("blockquote", passage.comment ? "quote quote-comment" : "quote");
    block.setAttribute("data-source", first.file);
    block.setAttribute("data-lang", quote[1]);
    if (first.lang) {
      block.setAttribute("lang", first.lang);
    }
    if (passage.comment) {
      const kind = element("p", "quote-kind", t("quote.comment"));
      kind.setAttribute("lang", "en");
      block.appendChild(kind);
    }
    const text = element("p", "quote-text");
    const names = [];
    for (let i = 0; i + 2 < marks.length; i += 3) {
      const run = passage.text.slice(marks[i], marks[i + 1]);
      if (!names.some((n) => n[0] === run && n[1] === marks[i + 2])) {
        names.push([run, marks[i + 2]]);
      }
    }
    const span = options.excerpt ? excerptOf(passage.text, marks, options.excerpt) : null;
    fillText(text, passage.text, marks, span);
    block.appendChild(text);
    if (span) {
      const whole = element("button", "quote-whole", t("quote.whole"));
      whole.setAttribute("type", "button");
      whole.setAttribute("aria-expanded", "false");
      whole.addEventListener("click", () => {
        const open = whole.getAttribute("aria-expanded") !== "true";
        fillText(text, passage.text, marks, open ? null : span);
        whole.setAttribute("aria-expanded", open ? "true" : "false");
        whole.textContent = t(open ? "quote.excerpt" : "quote.whole");
      });
      block.appendChild(whole);
    }
    const footer = document.createElement("footer");
    footer.setAttribute("lang", "en");
    const refs = prefer
      ? passage.refs.filter(prefer).concat(passage.refs.filter((ref) => !prefer(ref)))
      : passage.refs;
    citations(footer, refs);
    const tags = element("p", "name-tags");
    for (const [form, lang] of names) {
      const tag = element("span", "name-tag", nameTag(lang, noun, form));
      tag.setAttribute("data-lang", lang);
      tags.appendChild(tag);
    }
    footer.appendChild(tags);
    block.appendChild(footer);
    return block;
  };

  // Room for the numbers of a list of quotes whose last number is last ("100." needs a
  // digit more than "99."): quotes.css reads --im-number-digits.
  im.numberRoom = (list, last) => {
    list.style.setProperty("--im-number-digits", String(String(Math.max(1, last)).length));
  };

  // An island's quotes oldest first: the data holds them newest first (by date, then
  // source); this keeps the source order within a date, undated quotes last.
  im.oldestFirst = (quotes) => {
    const passages = im.data().passages;
    const dated = quotes.filter((q) => passages[q[0]].date);
    const undated = quotes.filter((q) => !passages[q[0]].date);
    dated.sort((a, b) => {
      const x = passages[a[0]].date;
      const y = passages[b[0]].date;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return dated.concat(undated);
  };

  // Counts of an island's quotes by name form and by source, most first.
  const countsCache = {};
  im.countsOf = (id) => {
    const key = `${id} ${im.yearRangeText() || ""}`; // of the quotes from the years chosen
    if (countsCache[key]) {
      return countsCache[key];
    }
    const byLang = { ja: 0, ru: 0, both: 0 };
    // A Map, not an object: a publisher may be called "__proto__" or "constructor".
    const bySource = new Map();
    for (const quote of im.quotesOf(id)) {
      byLang[quote[1]] = (byLang[quote[1]] || 0) + 1;
      const seen = new Set();
      for (const ref of im.data().passages[quote[0]].refs) {
        const name = im.sourceName(im.source(ref[0]));
        if (!seen.has(name)) {
          seen.add(name);
          bySource.set(name, (bySource.get(name) || 0) + 1);
        }
      }
    }
    const sources = [...bySource.entries()];
    sources.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    countsCache[key] = { byLang, bySource: sources };
    return countsCache[key];
  };
})();
