/* text-version.js: the text version (#islandmap-text): each island (and the group) as a
   section with its popup's head (the facts unfolded) and its quotes, newest first,
   numbered on across the page (in lists of 200), on screen and on paper. Citations here show the
   source's file and the passage's number too, for reviewers.
   Built from the data the first time it is shown or printed: the sections and the first
   quotes at once, the rest of a long list a slice at a time, the page free between slices
   (a 5,000-article archive lists 100,000 quotes, which built at once stopped the page for
   12 s), the list aria-busy until it is whole; printing finishes it first. The header's
   button shows it instead of the map; print always puts it after the map. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { element, t } = im;

  // Headings one level down in the text version (h2 under the page's h1 there).
  const retitle = (node) => {
    const level = { H2: "h3", H3: "h4" }[node.tagName];
    if (!level) {
      return node;
    }
    const heading = document.createElement(level);
    heading.className = node.className;
    while (node.firstChild) {
      heading.appendChild(node.firstChild);
    }
    return heading;
  };

  // The history's section (#islandmap-text-history), packed in the page (its markup as
  // JSON, raw DEFLATE, base64; elements.PageChrome): unpacked once, as the page opens, and
  // shown in the language shown then. A promise of the section, filled.
  let historyText = null;
  im.whenHistoryText = () => {
    if (!historyText) {
      const section = document.getElementById("islandmap-text-history");
      const packed = section && section.getAttribute("data-packed");
      historyText =
        !packed || !im.inflateJson
          ? Promise.resolve(section)
          : im.inflateJson(packed).then(
              (markup) => {
                const holder = document.createElement("template");
                holder.innerHTML = markup; // the page's own template's output, escaped there
                im.keepOwnTexts(holder.content);
                if (im.lang() !== (im.config().lang || "en")) {
                  im.translate(holder.content);
                }
                section.appendChild(holder.content);
                section.removeAttribute("data-packed");
                return section;
              },
              () => section
            );
    }
    return historyText;
  };

  // Quotes listed at once when the text version is built; then slices of this many
  // milliseconds' work, the page free between them, until the list is whole.
  const FIRST_QUOTES = 300;
  const SLICE_MS = 12;
  const QUOTES_PER_LIST = 200;

  im.textVersion = (map) => {
    const section = document.getElementById("islandmap-text");
    const button = document.getElementById("islandmap-text-toggle");
    if (!section || !button) {
      return;
    }
    // After the map, where print puts it (on screen it shows instead of the map).
    map.getContainer().parentNode.insertBefore(section, map.getContainer().nextSibling);
    let built = false;
    // The quotes still to list, in order: per island, its entry, quotes and noun, the
    // number of its first quote, the next quote's index and the list it goes in.
    let queue = [];
    let timer = 0;
    const entries = section.querySelector(".text-entries");
    // The list the job's next quote goes in: a new one, numbered on, every QUOTES_PER_LIST
    // quotes (the browser lays out a list with all its items at each change: 20,000 items
    // added a slice at a time to one list took 47 s, to lists of 200 under 1 s).
    const listOf = (job) => {
      if (job.next % QUOTES_PER_LIST === 0) {
        job.list = element("ol", "quote-list");
        job.list.setAttribute("start", String(job.first + job.next));
        im.numberRoom(job.list, job.first + job.quotes.length - 1);
        // a list off screen keeps a place of about its height (see text-version.css)
        const count = Math.min(QUOTES_PER_LIST, job.quotes.length - job.next);
        job.list.style.setProperty("--im-quotes", String(count));
        // a screen reader hears which quotes a list holds, not only "list, 200 items"
        const first = job.first + job.next;
        job.list.setAttribute("aria-label", t("text.list", { first, last: first + count - 1 }));
        job.entry.appendChild(job.list);
      }
      return job.list;
    };
    // Lists quotes from the queue while more() says so; whether the queue is empty.
    const fill = (more) => {
      while (queue.length) {
        const job = queue[0];
        while (job.next < job.quotes.length && more()) {
          const li = document.createElement("li");
          li.appendChild(im.quoteBlock(job.quotes[job.next], job.noun));
          listOf(job).appendChild(li);
          job.next += 1;
        }
        if (job.next < job.quotes.length) {
          return false;
        }
        queue.shift();
      }
      entries.removeAttribute("aria-busy");
      return true;
    };
    // No more filling (the list is built again): not left busy.
    const halt = () => {
      window.clearTimeout(timer);
      timer = 0;
      queue = [];
      entries.removeAttribute("aria-busy");
    };
    const step = () => {
      const until = performance.now() + SLICE_MS;
      timer = fill(() => performance.now() < until) ? 0 : window.setTimeout(step, 0);
    };
    // The whole list now (before printing).
    const finish = () => {
      window.clearTimeout(timer);
      timer = 0;
      fill(() => true);
    };
    const build = () => {
      if (built) {
        return;
      }
      if (!im.isRead(null)) {
        im.whenRead(null).then(build); // a packed page still reading (packed.js)
        return;
      }
      built = true;
      halt();
      while (entries.firstChild) {
        entries.removeChild(entries.firstChild);
      }
      let number = 1;
      const ids = [...Object.keys(im.data().islands), "group"];
      for (const id of ids) {
        const entry = element("section", "text-entry");
        entry.setAttribute("data-island", id);
        const head = im.cloneTranslated(`islandmap-head-${id}`);
        const summary = head.querySelector(".facts-summary"); // a popup's folded facts
        if (summary) {
          summary.remove();
        }
        for (const child of Array.from(head.childNodes)) {
          entry.appendChild(child.nodeType === 1 ? retitle(child) : child);
        }
        const item = im.itemOf(id);
        if (item.quotes.length) {
          queue.push({
            entry,
            quotes: item.quotes,
            noun: im.nounOf(id),
            first: number,
            next: 0,
            list: null,
          });
          number += item.quotes.length;
        } else {
          entry.appendChild(element("p", "no-quotes", im.noQuotesText(id)));
        }
        entries.appendChild(entry);
      }
      let first = FIRST_QUOTES;
      if (!fill(() => first-- > 0)) {
        entries.setAttribute("aria-busy", "true");
        timer = window.setTimeout(step, 0);
      }
    };
    // Printing shows the whole list after the map: build it before the print styles apply.
    const forPrint = () => {
      if (im.printMapOnly && im.printMapOnly()) {
        return; // "Print map": page 1 alone (print.js)
      }
      build();
      if (built) {
        finish();
      }
    };
    window.addEventListener("beforeprint", forPrint);
    const query = window.matchMedia && window.matchMedia("print");
    if (query && query.addEventListener) {
      query.addEventListener("change", (e) => {
        if (e.matches) {
          forPrint();
        }
      });
    }

    const show = (open) => {
      if (open) {
        build();
      }
      section.hidden = !open;
      document.body.classList.toggle("text-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = t(open ? "text.hide" : "text.show");
      if (open) {
        map.closePopup();
        im.closePanel();
        section.querySelector("h2").focus({ preventScroll: true });
      } else {
        map.invalidateSize({ animate: false });
      }
    };
    button.addEventListener("click", () => {
      show(section.hidden);
    });
    // In another language the list is built again (now if it shows, else when it does).
    im.onLanguage(() => {
      built = false;
      halt(); // a list still filling is built again whole, when it shows
      button.textContent = t(section.hidden ? "text.show" : "text.hide");
      if (!section.hidden) {
        build();
      }
    });
    section.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        show(false);
        button.focus();
      }
    });
  };
})();
