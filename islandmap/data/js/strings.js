/* strings.js: every text the page's script shows or has read out, in one table, so that
   it can be translated in one place. The rest of the page's text is in the Jinja
   templates (islandmap/data/templates/); names, titles and quotes come from the data.

   Keys are message ids; values are the English text, or {one, other} where the text
   depends on a count `n` (util.js picks the form). `{name}` marks a value filled in by
   t(id, {name: value}); values are inserted as they are, never read for more marks. */
(() => {
  "use strict";

  const im = window.islandmap;

  im.strings = {
    // The count under the group's label on the map.
    "label.quotes": { one: "{n} quote", other: "{n} quotes" },

    // An island's path, as a screen reader names it.
    "island.name": { one: "{label}: {n} quote", other: "{label}: {n} quotes" },

    // A popup: its heading over the quotes, the button to the panel, or no quotes.
    "popup.heading": {
      one: "In the news: {n} quote",
      other: "In the news: {n} quotes, newest first"
    },
    "popup.heading-preview": {
      one: "The newest {shown} of {n} quote in the news",
      other: "The newest {shown} of {n} quotes in the news"
    },
    // Read out before the one-line summary that opens an island's (the group's) facts.
    "popup.facts": "Names, status and area: ",
    "popup.facts-group": "About these passages: ",
    "popup.all-quotes": { one: "All {n} quote", other: "All {n} quotes" },
    "popup.no-quotes": "No passage in the sources names this island.",
    "popup.no-quotes-group": "No passage in the sources names the islands only as a group.",
    // While a page of a large archive reads its quotes (a moment after it opens), and if
    // the browser cannot (it needs DecompressionStream: browsers from 2023 on).
    "quotes.loading": "Loading the quotes…",
    "quotes.unreadable": "This browser cannot read these quotes: open the page in a newer one.",

    // A popup's counts of its quotes, by the form of the name and by source.
    "counts.forms": "Name form",
    "counts.form-ja": "Japanese form {n}",
    "counts.form-ru": "Russian form {n}",
    "counts.form-both": "Both forms {n}",
    "counts.sources": "Sources",
    "counts.source": "{source} {n}",
    "counts.others": { one: "{n} other", other: "{n} others" },
    "counts.separator": " · ",

    // A quote: a reader's comment is marked as one; the names found in it (a "term" for
    // the islands as a group); where it comes from.
    "quote.comment": "Reader comment",
    "quote.tag-ja-name": "Japanese name: {form}",
    "quote.tag-ru-name": "Russian name: {form}",
    "quote.tag-both-name": "Name used in both languages: {form}",
    "quote.tag-ja-term": "Japanese term: {form}",
    "quote.tag-ru-term": "Russian term: {form}",
    "quote.tag-both-term": "Term used in both languages: {form}",
    // For reviewers: the source's file and the passage's number in it.
    "quote.locator": "File {file}, passage {n}",
    // Under a long passage that a popup shows cut to the part around the name, and once
    // it shows the whole.
    "quote.whole": "Show the whole passage",
    "quote.excerpt": "Show less",
    // The button under a passage that many sources printed, and once it is open.
    "quote.more-sources": { one: "and {n} more source", other: "and {n} more sources" },
    "quote.fewer-sources": "Show fewer sources",
    // Read out when the button above has shown all the sources.
    "quote.sources-shown": { one: "{n} source shown", other: "All {n} sources shown" },
    // Followed by the refused address.
    "quote.rejected-url": "Link not shown (not an http or https address): ",

    // The panel of all an island's quotes.
    "panel.title": { one: "{label}: {n} quote", other: "{label}: {n} quotes" },
    "panel.all-sources": "All sources",
    "panel.all-years": "All years",
    "panel.source-option": "{source} ({n})",
    "panel.no-match": "No quote matches. Clear the search or a filter to see more.",
    // {order} is panel.order-newest or panel.order-oldest.
    "panel.status": "Quotes {first}–{last} of {shown}, {order}",
    "panel.status-filtered": "Quotes {first}–{last} of {shown} matching ({total} in all), {order}",
    "panel.order-newest": "newest first",
    "panel.order-oldest": "oldest first",
    "panel.page": "Page {page} of {pages}",

    // The printed map: its north arrow (a letter, and its name) and the key's heading.
    "print.north": "N",
    "print.north-title": "North",
    "print.key": "Key",

    // The header's buttons, as they change when pressed.
    "text.show": "Text version",
    "text.hide": "Back to the map",
    "fullscreen.enter": "Full screen",
    "fullscreen.exit": "Exit full screen",

    // The button back to the opening view, and the locator's (region.js, locator.js).
    "view.reset": "Reset view",
    "view.reset-title": "Back to the islands as the map opened",
    "locator.show": "Locator",
    "locator.hide": "Hide locator",
    "locator.show-title": "Show where the islands are in the region",
    "locator.hide-title": "Hide the small map of the region",
    "locator.label": "Locator: the region from Hokkaido to Kamchatka, with the main map's view outlined",

    // The time control (history.js): what a screen reader hears when the map is set to a
    // moment (the moment's note follows), and when it goes back to the map as it opens.
    "history.shown": "The map shows {year}: {title}.",
    "history.cleared": "The map shows the islands as it opens, without who held them.",
    "history.today": "Today",
    // A period's button, once pressed, and the name of an island's path while a period
    // is shown (who held it then; and who claimed it, where one side did).
    "history.held": "{label}: held by {state} in {year}",
    "history.held-claimed": "{label}: held by {state}, claimed by {claimant}, {year}",
    // The printed key's heading when the map is printed at a moment.
    "print.history": "Who held the islands: {year}",

    // The chart of quotes per year (years.js): its description for screen readers, the
    // quotes without a date (counted apart), the range's status, the bars' tooltips.
    "years.chart-label": "Quotes per year from {first} to {last}: {n} quotes with a date. The counts are in the table below.",
    "years.chart-empty": "No quote with a date.",
    "years.undated": { one: "Without a date: {n} quote (not on the chart).", other: "Without a date: {n} quotes (not on the chart)." },
    "years.undated-none": "Every quote has a date.",
    "years.bar": "{year}: {n} quotes (Japanese form {ja}, Russian form {ru}, both {both})",
    "years.all": "All years",
    "years.status-all": "The popups and the panel show the quotes of every year.",
    "years.status-range": {
      one: "The popups and the panel show only the quotes from {from}–{to}: {n} quote here; those without a date are left out while years are chosen.",
      other: "The popups and the panel show only the quotes from {from}–{to}: {n} quotes here; those without a date are left out while years are chosen."
    },
    // Over a popup's quotes while years are chosen, and when none is from those years.
    "popup.no-quotes-years": "No quote here is from {from}–{to}. Choose other years under Through time.",
    "popup.years": { one: "From {from}–{to} only: {n} of its {total} quote", other: "From {from}–{to} only: {n} of its {total} quotes" },

    // In an embedding frame, when the wheel is used over the map before it is clicked.
    "frames.wheel-hint": "Use Ctrl + scroll to zoom the map",
    "frames.wheel-hint-mac": "Use ⌘ + scroll to zoom the map"
  };

  // The text of message id, its {marks} filled from params (params.n picks a plural).
  im.t = (id, params = {}) => {
    let text = im.strings[id];
    if (text === undefined) {
      return id;
    }
    if (typeof text !== "string") {
      text = im.plural(params.n, text);
    }
    return text.replace(/\{(\w+)\}/g, (mark, name) =>
      name in params ? String(params[name]) : mark
    );
  };
})();
