/* packed.js: the passages and sources of a page whose data is packed (#islandmap-data
   version 2 or 3; islandmap/page/contract.py, PackedList): each list cut into chunks of
   JSON, compressed with raw DEFLATE and base64-encoded, read with the browser's own
   DecompressionStream, so that a page of a large archive stays a few megabytes and still
   opens from disk with no network.

   Once read, data.passages and data.sources are the lists a version 1 page holds, and the
   other files read them as they are. A popup asks for the chunks of its own passages
   first; the rest are read one chunk at a time once the map is drawn, each a short task,
   so the page answers while it reads. A version 3 page packs each island's quotes too,
   read at once, before the map is drawn, with fflate (inlined before this file); and a
   passage's text may be made of pieces (sentences) stored once, in packed.pieces, read
   before any passage. Only a packed page carries this file, after the others
   (page/elements.py); elsewhere core.js's im.isRead() is always true. */
(() => {
  "use strict";

  const im = window.islandmap;
  const { element, t } = im;

  // Per packed list (passages, sources, pieces): its chunks, and the reading of each (a
  // promise).
  const lists = {};
  let everything = null;

  const decode = (text) => im.inflateJson(text);

  const readChunk = (name, k) => {
    const list = lists[name];
    if (!list.reading[k]) {
      const pieces = name === "passages" ? readPieces() : Promise.resolve();
      list.reading[k] = pieces
        .then(() => decode(list.packed.chunks[k]))
        .then((items) => {
          const target = list.target;
          const start = k * list.packed.size;
          for (let i = 0; i < items.length; i++) {
            const item = items[i];
            if (item.pieces) {
              item.text = item.pieces.map((p) => lists.pieces.target[p]).join("");
              delete item.pieces;
            }
            target[start + i] = item;
          }
          list.read[k] = true;
        });
    }
    return list.reading[k];
  };

  // Every piece, once (a page without pieces has none to read).
  let piecesRead = null;
  const readPieces = () => {
    if (!piecesRead) {
      piecesRead = lists.pieces
        ? Promise.all(lists.pieces.packed.chunks.map((_, k) => readChunk("pieces", k)))
        : Promise.resolve();
    }
    return piecesRead;
  };

  const chunkOf = (name, index) => Math.floor(index / lists[name].packed.size);

  // A packed list read at once (fflate's inflateSync, inlined before this file): for the
  // islands' quotes, which the page needs before it draws.
  const readNow = (packed) => {
    const out = [];
    const decoder = new TextDecoder();
    for (const chunk of packed.chunks) {
      const bytes = window.fflate.inflateSync(im.base64Bytes(chunk));
      for (const item of JSON.parse(decoder.decode(bytes))) {
        out.push(item);
      }
    }
    return out;
  };

  // Called by im.data() (core.js) when the data is packed: the islands' quotes (version
  // 3) read now; the lists, empty until read, and all of them read in the background once
  // the map has been drawn.
  im.unpackLater = (data) => {
    for (const [key, packed] of Object.entries(data.packed.quotes || {})) {
      const item = key === "group" ? data.group : data.islands[key];
      if (item) {
        item.quotes = readNow(packed);
      }
    }
    for (const name of ["passages", "sources", "pieces"]) {
      const packed = data.packed[name];
      if (!packed) {
        continue; // pieces: only in version 3
      }
      const target = new Array(packed.count);
      if (name !== "pieces") {
        data[name] = target;
      }
      lists[name] = {
        packed,
        target,
        reading: new Array(packed.chunks.length).fill(null),
        read: new Array(packed.chunks.length).fill(false)
      };
    }
    im.afterPaint(() => im.whenRead(null).catch(() => {}));
  };

  const allSourcesRead = () => !lists.sources || lists.sources.read.every(Boolean);

  // Whether the passages of these quotes ([passage, …] each) and every source are read
  // (quotes null: everything).
  im.isRead = (quotes) => {
    if (!lists.passages) {
      return true;
    }
    if (!allSourcesRead()) {
      return false;
    }
    if (quotes === null) {
      return lists.passages.read.every(Boolean);
    }
    return quotes.every((quote) => lists.passages.read[chunkOf("passages", quote[0])]);
  };

  // A promise of the same: the sources first, then the chunks these quotes need, one at a
  // time (with null, every chunk: a pause between two, so that the page stays responsive).
  im.whenRead = (quotes) => {
    if (!lists.passages) {
      return Promise.resolve();
    }
    if (quotes === null && everything) {
      return everything;
    }
    const wanted = [];
    for (let k = 0; k < lists.sources.packed.chunks.length; k++) {
      wanted.push(["sources", k]);
    }
    const chunks = new Set(
      quotes === null
        ? lists.passages.packed.chunks.map((_, k) => k)
        : quotes.map((quote) => chunkOf("passages", quote[0]))
    );
    for (const k of chunks) {
      wanted.push(["passages", k]);
    }
    const reading = (async () => {
      for (const [name, k] of wanted) {
        if (!lists[name].read[k]) {
          await readChunk(name, k);
          if (quotes === null) {
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
        }
      }
    })();
    if (quotes === null) {
      everything = reading;
    }
    return reading;
  };

  // A popup's and the panel's counts were counted when the page was written (page/data.py):
  // counting them here would read every passage.
  const counted = im.countsOf;
  im.countsOf = (id) => {
    const counts = im.itemOf(id).counts;
    return counts ? { byLang: counts.forms, bySource: counts.sources } : counted(id);
  };

  // The panel (and a link to one of its quotes) opens once every passage is read.
  for (const name of ["openPanel", "showPanelQuote"]) {
    const now = im[name];
    im[name] = (...args) => {
      if (im.isRead(null)) {
        return now(...args);
      }
      im.whenRead(null).then(() => now(...args));
      return true;
    };
  }

  // Run build() once the passages of quotes are read: at once when they are, else after a
  // "Loading" line in holder, which then gives way (and the open popup is laid out again).
  im.afterRead = (quotes, holder, build) => {
    if (im.isRead(quotes)) {
      build();
      return;
    }
    const waiting = element("p", "quotes-loading", t("quotes.loading"));
    waiting.setAttribute("role", "status");
    holder.appendChild(waiting);
    im.whenRead(quotes).then(
      () => {
        waiting.remove();
        build();
        // Laid out again as Popup.update() does (Leaflet 1.9), but for building its content
        // anew, which would take the focus from inside it.
        const popup = im.state.openPopup;
        if (popup && popup.getElement() && popup.getElement().contains(holder)) {
          popup._updateLayout();
          popup._updatePosition();
          popup._adjustPan();
        }
      },
      () => {
        waiting.textContent = t("quotes.unreadable");
      }
    );
  };
})();
