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

  const citation = (ref) => {
    const src = im.source(ref[0]);
    const card = element("div", "citation");
    card.setAttribute("data-source", src.file);
    card.setAttribute("data-passage", String(ref[1]));
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
    const meta = element("span", "citation-meta");
    if (src.publisher) {
      meta.appendChild(element("span", "publisher", src.publisher));
    }
    if (src.date) {
      meta.appendChild(element("time", "", src.date));
    }
    meta.appendChild(element("span", "locator", t("quote.locator", { file: src.file, n: ref[1] })));
    const rejected = src.rejected_url || (src.url && !im.safeUrl(src.url) ? src.url : "");
    if (rejected) {
      const note = element("span", "rejected-url", t("quote.rejected-url"));
      note.appendChild(element("code", "", rejected));
      meta.appendChild(note);
    }
    card.appendChild(meta);
    return card;
  };

  // One quote: <blockquote class="quote" data-source data-lang> with <mark> around each
  // name, the names found, and a citation per source carrying the passage.
  im.quoteBlock = (quote, noun) => {
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
    let at = 0;
    for (let i = 0; i + 2 < marks.length; i += 3) {
      const start = marks[i];
      const end = marks[i + 1];
      const lang = marks[i + 2];
      if (start > at) {
        text.appendChild(document.createTextNode(passage.text.slice(at, start)));
      }
      const run = passage.text.slice(start, end);
      const mark = element("mark", "", run);
      mark.setAttribute("data-lang", lang);
      text.appendChild(mark);
      if (!names.some((n) => n[0] === run && n[1] === lang)) {
        names.push([run, lang]);
      }
      at = end;
    }
    if (at < passage.text.length) {
      text.appendChild(document.createTextNode(passage.text.slice(at)));
    }
    block.appendChild(text);
    const footer = document.createElement("footer");
    footer.setAttribute("lang", "en");
    const tags = element("p", "name-tags");
    for (const [form, lang] of names) {
      const tag = element("span", "name-tag", nameTag(lang, noun, form));
      tag.setAttribute("data-lang", lang);
      tags.appendChild(tag);
    }
    footer.appendChild(tags);
    for (const ref of passage.refs) {
      footer.appendChild(citation(ref));
    }
    block.appendChild(footer);
    return block;
  };

  // Counts of an island's quotes by name form and by source, most first.
  const countsCache = {};
  im.countsOf = (id) => {
    if (countsCache[id]) {
      return countsCache[id];
    }
    const byLang = { ja: 0, ru: 0, both: 0 };
    const bySource = {};
    for (const quote of im.itemOf(id).quotes) {
      byLang[quote[1]] = (byLang[quote[1]] || 0) + 1;
      const seen = {};
      for (const ref of im.data().passages[quote[0]].refs) {
        const name = im.sourceName(im.source(ref[0]));
        if (!seen[name]) {
          seen[name] = true;
          bySource[name] = (bySource[name] || 0) + 1;
        }
      }
    }
    const sources = Object.keys(bySource).map((name) => [name, bySource[name]]);
    sources.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    countsCache[id] = { byLang, bySource: sources };
    return countsCache[id];
  };
})();
