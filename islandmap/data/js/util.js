/* util.js: small helpers the features share. The one place that decides which addresses
   may become links; DOM helpers that set text only (the sources' text is untrusted and never goes through innerHTML). */
(() => {
  "use strict";

  const im = window.islandmap;

  // Only absolute http(s) addresses become links (facts.http_url already filters; a
  // page edited by hand must not turn a javascript: address into a link either).
  im.safeUrl = (url) => {
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    if (typeof url !== "string" || /[\u0000-\u0020\u007f]/.test(url)) {
      return false;
    }
    return /^https?:\/\/[^/?#]/i.test(url);
  };

  // <tag class="className">text</tag>, the text set as text.
  im.element = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text !== undefined && text !== null) {
      el.textContent = String(text);
    }
    return el;
  };

  // The bytes a base64 text encodes.
  im.base64Bytes = (text) => {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  };

  // JSON compressed with raw DEFLATE and encoded in base64 (the page's packed data and
  // catalogs), read with the browser's DecompressionStream: a promise of the value.
  im.inflateJson = async (text) => {
    const bytes = im.base64Bytes(text);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return JSON.parse(await new Response(stream).text());
  };

  // A copy of a <template>'s content (the parts of a popup the page's Jinja template
  // wrote, autoescaped), or nothing if the page has no such template.
  im.cloneTemplate = (id) => {
    const template = document.getElementById(id);
    return template
      ? document.importNode(template.content, true)
      : document.createDocumentFragment();
  };

  // soon(f): f in a task of its own, as soon as may be, after those asked for before it:
  // a message to this page, not a timeout, which browsers hold back 4 ms once timeouts
  // have set five others (work cut into slices would wait more than it works).
  const soonChannel = new MessageChannel();
  const soonQueue = [];
  soonChannel.port1.onmessage = () => soonQueue.shift()();
  im.soon = (f) => {
    soonQueue.push(f);
    soonChannel.port2.postMessage(null);
  };

  // afterPaint(f): im.soon(f) once the page has painted what it shows now (or a moment
  // later in a tab in the background, which paints nothing).
  im.afterPaint = (f) => {
    let done = false;
    const go = () => {
      if (!done) {
        done = true;
        im.soon(f);
      }
    };
    requestAnimationFrame(go);
    setTimeout(go, 100);
  };

  // Whether two elements' boxes overlap on the screen.
  im.overlaps = (one, other) => {
    const a = one.getBoundingClientRect();
    const b = other.getBoundingClientRect();
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  };
})();
