// purgesim charts: the annual fan chart, one definition shared by the web app and the HTML
// report (purgesim compare). Plain JavaScript over Plotly.js; no state of its own.
"use strict";

const PurgesimCharts = (() => {
  const COLORS = { a: "#0072B2", b: "#E69F00", archive: "#D55E00", reference: "#009E73",
    ghost: "#767676" };
  // direct labels are text: darker shades of the line colours, 4.5:1 or more on white (WCAG AA)
  const TEXT = { "#E69F00": "#9E6A00", "#D55E00": "#B34F00", "#009E73": "#007A59" };

  function hexAlpha(hex, a) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
  }

  // the median as a line, the 50% and 90% bands across seeds as shaded areas; a ghost (the
  // run before a change) is its median alone, thin and grey, so the new run reads against it
  function fanTraces(data, color, label, dash, ghost) {
    const x = data.years;
    if (ghost) {
      return [{ x, y: data.q50, mode: "lines", name: label,
        hovertemplate: "%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        line: { color: COLORS.ghost, width: 1.5, dash: "dot" } }];
    }
    const band = (lo, hi, alpha) => [
      { x, y: data[lo], mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false },
      { x, y: data[hi], mode: "lines", line: { width: 0 }, fill: "tonexty", hoverinfo: "skip",
        fillcolor: hexAlpha(color, alpha), showlegend: false }];
    // the tooltip gives the bands as well as the median
    const customdata = x.map((_, i) => [data.q05[i], data.q25[i], data.q75[i], data.q95[i]]);
    return [...band("q05", "q95", 0.15), ...band("q25", "q75", 0.3),
      { x, y: data.q50, mode: "lines+markers", name: label, customdata,
        hovertemplate: "%{x}: %{y:,.0f}<br>50%: %{customdata[1]:,.0f}–%{customdata[2]:,.0f}"
          + "<br>90%: %{customdata[0]:,.0f}–%{customdata[3]:,.0f}<extra>%{fullData.name}</extra>",
        line: { color, width: 2.5, dash: dash || "solid" }, marker: { size: 4 } }];
  }

  // direct labels at the right edge, nudged apart so they never overlap
  function spread(notes, top) {
    const sorted = [...notes].sort((p, q) => p.y - q.y);
    const gap = Math.max(top, 1e-9) * 0.08;
    for (let i = 1; i < sorted.length; i += 1) {
      if (sorted[i].y - sorted[i - 1].y < gap) sorted[i].y = sorted[i - 1].y + gap;
    }
    return sorted;
  }

  // spec: {archive: {year: value}, reference: {year: value}, reference_label}
  // runs: [{label, color, dash, ghost, data: {years, q05, q25, q50, q75, q95}}]
  // opts: {archiveLabel, separators, partial: {year, label} when the last year is cut short,
  //        until: the last year the axis spans (the axis stays put while a run steps on)}
  function fanFigure(spec, runs, opts) {
    const last = runs[0].data.years.at(-1);
    const archiveYears = Object.keys(spec.archive || {}).map(Number).filter((y) => y <= last);
    const refYears = Object.keys(spec.reference || {}).map(Number).filter((y) => y <= last);
    const traces = [];
    const notes = [];
    for (const r of runs) {
      traces.push(...fanTraces(r.data, r.color, r.label, r.dash, r.ghost));
      notes.push({ x: r.data.years.at(-1), y: r.data.q50.at(-1), text: r.label, color: r.color });
    }
    if (refYears.length) {
      const ys = refYears.map((y) => spec.reference[y]);
      traces.push({ x: refYears, y: ys, mode: "lines+markers", name: spec.reference_label,
        line: { color: COLORS.reference, width: 1.5, dash: "dot" }, marker: { symbol: "square", size: 5 } });
      notes.push({ x: refYears.at(-1), y: ys.at(-1), text: spec.reference_label, color: COLORS.reference });
    }
    if (archiveYears.length) {
      const ys = archiveYears.map((y) => spec.archive[y]);
      traces.push({ x: archiveYears, y: ys, mode: "markers", name: opts.archiveLabel,
        marker: { color: COLORS.archive, symbol: "diamond", size: 8 } });
      notes.push({ x: archiveYears.at(-1), y: ys.at(-1), text: opts.archiveLabel, color: COLORS.archive });
    }
    const top = Math.max(...runs.flatMap((r) => (r.ghost ? r.data.q50 : r.data.q95)),
      ...archiveYears.map((y) => spec.archive[y]), ...refYears.map((y) => spec.reference[y]));
    // a year the war or the clock cut short is shaded and named, so its fall is not read as
    // a decline
    const partial = opts.partial && opts.partial.year <= last ? opts.partial : null;
    const shapes = partial ? [{ type: "rect", xref: "x", yref: "paper", x0: partial.year - 0.5,
      x1: partial.year + 0.5, y0: 0, y1: 1, fillcolor: "rgba(0,0,0,0.06)", line: { width: 0 },
      layer: "below" }] : [];
    // named above the plot area, clear of the lines' direct labels
    const partialNote = partial ? [{ xref: "x", yref: "paper", x: partial.year, y: 1,
      yanchor: "bottom", text: partial.label, showarrow: false,
      font: { color: "#555555", size: 10 } }] : [];
    const first = runs[0].data.years[0];
    const axisEnd = Math.max(last, opts.until || last);
    // the right margin holds the longest direct label (about 6.5 px a character at 11 px)
    const right = Math.max(60, 10 + 6.5 * Math.max(...notes.map((n) => String(n.text).length)));
    const layout = {
      margin: { l: 70, r: right, t: partial ? 20 : 8, b: 30 }, showlegend: false, separators: opts.separators || ".,",
      xaxis: { dtick: 2, fixedrange: true, range: [first - 0.5, axisEnd + 0.5] },
      yaxis: { rangemode: "tozero", fixedrange: true, tickformat: ",~f" },
      hovermode: "x unified", shapes,
      annotations: [...spread(notes, top).map((a) => ({ xref: "paper", x: 1, y: a.y, text: a.text,
        showarrow: false, xanchor: "left", xshift: 4, font: { color: TEXT[a.color] || a.color, size: 11 } })),
      ...partialNote],
      font: { family: "system-ui, sans-serif", size: 11 },
    };
    return { traces, layout, archiveYears };
  }

  return { COLORS, fanFigure, hexAlpha };
})();
