/* years.js: the news on the time axis (in the time control, #islandmap-history): a small
   SVG chart of the quotes per year by the form of the name they use (Japanese form,
   Russian form, both), for one island, the group, or all of them (each passage once), with
   the history's events marked on the same axis; the counts as a table; quotes without a
   date counted apart. Choosing a range of years (from, to; or a click on a year's bar)
   filters the popups and the panel to the quotes from those years (im.quotesOf) and is
   part of the address (deeplink.js: years=2016-2018). */
(() => {
  "use strict";

  const im = window.islandmap;
  const { t } = im;

  const SVG = "http://www.w3.org/2000/svg";
  const FORMS = ["ja", "ru", "both"];
  const WIDTH = 300;
  const HEIGHT = 96;
  const AXIS = 78; // the bars stand on this line; the years are written under it

  let range = null; // {from, to} (years, inclusive), or null for every year

  const passageYear = (index) => {
    const passage = im.data().passages[index]; // not yet there while a packed page unpacks
    const match = /^(\d{4})/.exec((passage && passage.date) || "");
    return match ? Number(match[1]) : null;
  };

  // Is quote (an island's [passage, lang, marks]) from the years chosen? Every quote is
  // while no years are; one without a date is not while some are.
  im.inYearRange = (quote) => {
    if (!range) {
      return true;
    }
    const year = passageYear(quote[0]);
    return year !== null && year >= range.from && year <= range.to;
  };

  // An island's (or the group's) quotes from the years chosen, newest first.
  im.quotesOf = (id) => {
    const quotes = im.itemOf(id).quotes;
    return range ? quotes.filter(im.inYearRange) : quotes;
  };

  im.yearRange = () => (range ? { ...range } : null);

  // "2016-2018", "2018", or null: the range as the address writes it.
  im.yearRangeText = () => {
    if (!range) {
      return null;
    }
    return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
  };

  // The range a text ("2016-2018", "2018") names, or null.
  im.parseYearRange = (text) => {
    const match = /^(\d{4})(?:-(\d{4}))?$/.exec(String(text || "").trim());
    if (!match) {
      return null;
    }
    const a = Number(match[1]);
    const b = match[2] ? Number(match[2]) : a;
    return { from: Math.min(a, b), to: Math.max(a, b) };
  };

  // [passage, form] of what the chart counts: an island's quotes, or with id "" every
  // passage once, its form from every name marked in it (as an island's quote's form is).
  const entries = (id) => {
    if (id) {
      return im.itemOf(id).quotes.map((q) => [q[0], q[1]]);
    }
    const seen = new Map();
    for (const key of [...Object.keys(im.data().islands), "group"]) {
      for (const quote of im.itemOf(key).quotes) {
        const forms = seen.get(quote[0]) || new Set();
        for (let i = 2; i < quote[2].length; i += 3) {
          forms.add(quote[2][i]);
        }
        seen.set(quote[0], forms);
      }
    }
    return [...seen.entries()].map(([passage, forms]) => [
      passage,
      forms.size === 1 ? [...forms][0] : "both"
    ]);
  };

  // {years: Map(year → {ja, ru, both}), undated, first, last, total}
  const countsFor = (id) => {
    const years = new Map();
    let undated = 0;
    let total = 0;
    for (const [passage, form] of entries(id)) {
      const year = passageYear(passage);
      if (year === null) {
        undated += 1;
        continue;
      }
      total += 1;
      const row = years.get(year) || { ja: 0, ru: 0, both: 0 };
      row[form] = (row[form] || 0) + 1;
      years.set(year, row);
    }
    const known = [...years.keys()].sort((a, b) => a - b);
    return { years, undated, total, first: known[0], last: known[known.length - 1] };
  };

  const svgElement = (tag, attributes = {}) => {
    const el = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
      el.setAttribute(name, String(value));
    }
    return el;
  };

  const parts = () => ({
    island: document.getElementById("islandmap-years-island"),
    chart: document.getElementById("islandmap-years-chart"),
    undated: document.getElementById("islandmap-years-undated"),
    table: document.getElementById("islandmap-years-table"),
    from: document.getElementById("islandmap-years-from"),
    to: document.getElementById("islandmap-years-to"),
    all: document.getElementById("islandmap-years-all"),
    status: document.getElementById("islandmap-years-status")
  });

  const drawChart = () => {
    const p = parts();
    if (!p.chart) {
      return;
    }
    const counts = countsFor(p.island.value);
    while (p.chart.firstChild) {
      p.chart.removeChild(p.chart.firstChild);
    }
    const svg = svgElement("svg", {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      class: "years-svg"
    });
    const label = counts.total
      ? t("years.chart-label", { first: counts.first, last: counts.last, n: counts.total })
      : t("years.chart-empty");
    svg.setAttribute("aria-label", label);
    p.chart.appendChild(svg);
    if (counts.total) {
      const span = counts.last - counts.first + 1;
      const step = (WIDTH - 8) / span;
      const most = Math.max(...[...counts.years.values()].map((r) => r.ja + r.ru + r.both));
      const scale = (AXIS - 6) / most;
      const x = (year) => 4 + (year - counts.first) * step;
      if (range) {
        const from = Math.max(range.from, counts.first);
        const to = Math.min(range.to, counts.last);
        if (from <= to) {
          svg.appendChild(
            svgElement("rect", {
              class: "years-range-shade",
              x: x(from),
              y: 0,
              width: (to - from + 1) * step,
              height: AXIS
            })
          );
        }
      }
      for (const [year, row] of counts.years) {
        const group = svgElement("g", { class: "years-bar", "data-year": year });
        const n = row.ja + row.ru + row.both;
        const title = svgElement("title");
        title.textContent = t("years.bar", { year, n, ja: row.ja, ru: row.ru, both: row.both });
        group.appendChild(title);
        let top = AXIS;
        for (const form of FORMS) {
          if (!row[form]) {
            continue;
          }
          const height = row[form] * scale;
          top -= height;
          group.appendChild(
            svgElement("rect", {
              class: `years-form-${form}`,
              x: x(year) + step * 0.1,
              y: top,
              width: Math.max(step * 0.8, 1),
              height
            })
          );
        }
        group.addEventListener("click", () => {
          im.setYearRange({ from: year, to: year });
        });
        svg.appendChild(group);
      }
      svg.appendChild(svgElement("line", { class: "years-axis", x1: 2, y1: AXIS, x2: WIDTH - 2, y2: AXIS }));
      // The history's events on the same axis.
      const history = im.data().history;
      for (const period of history ? history.periods : []) {
        if (period.year && period.year >= counts.first && period.year <= counts.last) {
          const mark = svgElement("path", {
            class: "years-event",
            d: `M${x(period.year) + step / 2} ${AXIS + 1} l3 5 h-6 z`
          });
          const title = svgElement("title");
          title.textContent = `${period.year}: ${period.title}`;
          mark.appendChild(title);
          svg.appendChild(mark);
        }
      }
      for (const [year, anchor] of [
        [counts.first, "start"],
        [counts.last, "end"]
      ]) {
        const text = svgElement("text", {
          class: "years-label",
          x: anchor === "start" ? 2 : WIDTH - 2,
          y: HEIGHT - 2,
          "text-anchor": anchor
        });
        text.textContent = String(year);
        svg.appendChild(text);
      }
    }
    p.undated.textContent = counts.undated
      ? t("years.undated", { n: counts.undated })
      : t("years.undated-none");
    const body = p.table.tBodies[0];
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    const years = [...counts.years.keys()].sort((a, b) => a - b);
    for (const year of years) {
      const row = counts.years.get(year);
      const tr = document.createElement("tr");
      tr.setAttribute("data-year", String(year));
      const th = im.element("th", "", String(year));
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      for (const value of [row.ja, row.ru, row.both, row.ja + row.ru + row.both]) {
        tr.appendChild(im.element("td", "", String(value)));
      }
      body.appendChild(tr);
    }
  };

  const fillRangeSelects = () => {
    const p = parts();
    const years = [...countsFor("").years.keys()].sort((a, b) => a - b);
    for (const select of [p.from, p.to]) {
      while (select.firstChild) {
        select.removeChild(select.firstChild);
      }
      const any = im.element("option", "", t("years.all"));
      any.value = "";
      select.appendChild(any);
      for (const year of years) {
        const option = im.element("option", "", String(year));
        option.value = String(year);
        select.appendChild(option);
      }
    }
  };

  const showRange = () => {
    const p = parts();
    if (!p.from) {
      return;
    }
    p.from.value = range ? String(range.from) : "";
    p.to.value = range ? String(range.to) : "";
    // A year the selects do not list (from the address): leave them at "All years".
    if (range && p.from.value !== String(range.from)) {
      p.from.value = "";
    }
    if (range && p.to.value !== String(range.to)) {
      p.to.value = "";
    }
    p.all.disabled = !range;
    if (range) {
      const n = entries(p.island.value).filter(([passage]) => {
        const year = passageYear(passage);
        return year !== null && year >= range.from && year <= range.to;
      }).length;
      p.status.textContent = t("years.status-range", { from: range.from, to: range.to, n });
    } else {
      p.status.textContent = t("years.status-all");
    }
    document.documentElement.toggleAttribute("data-years", !!range);
  };

  // Show only the quotes from these years (null: every year) in the popups and the panel.
  im.setYearRange = (value) => {
    const next = value && Number.isFinite(value.from) && Number.isFinite(value.to) ? { ...value } : null;
    if (next && next.from > next.to) {
      [next.from, next.to] = [next.to, next.from];
    }
    const same =
      (!next && !range) || (next && range && next.from === range.from && next.to === range.to);
    range = next;
    showRange();
    drawChart();
    if (same) {
      return;
    }
    const popup = im.state.openPopup;
    if (popup && popup.isOpen()) {
      popup.update();
    }
    if (im.refreshPanel) {
      im.refreshPanel();
    }
    if (im.stateChanged) {
      im.stateChanged(); // deeplink.js
    }
  };

  im.onStart(() => {
    const p = parts();
    if (!p.chart || !p.island) {
      return;
    }
    const draw = () => {
      fillRangeSelects();
      drawChart();
      showRange();
    };
    // A packed page (packed.js) counts its quotes' years once its passages are read.
    if (im.isRead(null)) {
      draw();
    } else {
      im.whenRead(null).then(draw, () => {});
    }
    p.island.addEventListener("change", () => {
      drawChart();
      showRange();
    });
    const fromSelects = () => {
      const from = p.from.value ? Number(p.from.value) : null;
      const to = p.to.value ? Number(p.to.value) : null;
      if (from === null && to === null) {
        im.setYearRange(null);
        return;
      }
      const years = [...p.from.options].map((o) => Number(o.value)).filter(Boolean);
      im.setYearRange({
        from: from === null ? years[0] : from,
        to: to === null ? years[years.length - 1] : to
      });
    };
    p.from.addEventListener("change", fromSelects);
    p.to.addEventListener("change", fromSelects);
    p.all.addEventListener("click", () => {
      im.setYearRange(null);
      p.from.focus();
    });
  });
})();
