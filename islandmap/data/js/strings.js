/* strings.js: every text the page's script shows or has read out, in one table, in
   English. The rest of the page's text is in the Jinja templates (islandmap/data/
   templates/) and islandmap/page/messages.py; names, titles and quotes come from the data.
   Only an English page carries this file; a page in another language carries the table
   packed with its English catalog (islandmap/i18n.py), read if the reader chooses English.
   Each entry is msg(key, English) or nmsg(key, one, other) for a text that depends on a
   count {n}. Babel extracts them into the gettext catalogs (islandmap/data/locale/, see
   islandmap/i18n.py: `python -m islandmap.i18n update`), with the comment that starts
   "Translators:" just before; keep the calls' arguments plain string literals. t(key,
   params) (i18n.js) looks in the page's catalogs first, then here. `{name}` marks a value
   filled in by t(key, {name: value}); values are inserted as they are, never read for
   more marks, and numbers are formatted for the language (Intl). The page's language
   itself (t, the catalogs, the switch's work) is in i18n.js. */
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
    // Translators: the status line while a search of many quotes goes on, a moment at most;
    // the quotes it has found so far are listed below it.
    msg("panel.searching", "Searching the quotes…"),

    // Translators: The printed map: its north arrow (a letter, and its name) and the key's heading.
    msg("print.north", "N"),
    msg("print.north-title", "North"),
    msg("print.key", "Key"),

    // Translators: The header's buttons, as they change when pressed.
    msg("text.show", "Text version"),
    msg("text.hide", "Back to the map"),
    // Translators: The text version's lists of quotes (200 at most each), as a screen
    // reader names each: the numbers of its first and last quotes.
    msg("text.list", "Quotes {first}–{last}"),
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
    // Translators: The scale bar's length in kilometres and in metres ({n}: a number).
    msg("leaflet.scale-km", "{n} km"),
    msg("leaflet.scale-m", "{n} m"),
    // Translators: Read out when the page's language changes (the language's own name follows).
    msg("lang.changed", "Language: {name}")
  ]);
})();
