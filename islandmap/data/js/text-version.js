/* text-version.js: the text version (#islandmap-text): each island (and the group) as a
   section with its popup's head (the facts unfolded) and its quotes, newest first,
   numbered in one list across the page, on screen and on paper. Citations here show the
   source's file and the passage's number too, for reviewers.
   Built from the data the first time it is shown or printed. The header's button shows
   it instead of the map; print always puts it after the map. */
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

  im.textVersion = (map) => {
    const section = document.getElementById("islandmap-text");
    const button = document.getElementById("islandmap-text-toggle");
    if (!section || !button) {
      return;
    }
    // After the map, where print puts it (on screen it shows instead of the map).
    map.getContainer().parentNode.insertBefore(section, map.getContainer().nextSibling);
    let built = false;
    const build = () => {
      if (built) {
        return;
      }
      if (!im.isRead(null)) {
        im.whenRead(null).then(build); // a packed page still reading (packed.js)
        return;
      }
      built = true;
      const entries = section.querySelector(".text-entries");
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
          const list = element("ol", "quote-list");
          list.setAttribute("start", String(number));
          im.numberRoom(list, number + item.quotes.length - 1);
          const noun = im.nounOf(id);
          for (const quote of item.quotes) {
            const li = document.createElement("li");
            li.appendChild(im.quoteBlock(quote, noun));
            list.appendChild(li);
          }
          number += item.quotes.length;
          entry.appendChild(list);
        } else {
          entry.appendChild(element("p", "no-quotes", im.noQuotesText(id)));
        }
        entries.appendChild(entry);
      }
    };
    // Printing shows the list after the map: build it before the print styles apply.
    window.addEventListener("beforeprint", build);
    const query = window.matchMedia && window.matchMedia("print");
    if (query && query.addEventListener) {
      query.addEventListener("change", (e) => {
        if (e.matches) {
          build();
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
