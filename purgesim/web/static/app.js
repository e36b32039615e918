// purgesim web app: plain JavaScript over the JSON API; charts with Plotly.js.
"use strict";

const COLORS = PurgesimCharts.COLORS;
const S = {
  lang: "en", meta: null, view: "explore",
  explore: { until: null, result: null, previous: null },
  shoes: { war: "uncertain", step: 0, choices: {}, seed: 1, enemies: "0.005", classCode: "", sent: false },
  teacherCode: "",
  compare: { a: null, b: null, req: null },
};

// ------------------------------------------------------------------ helpers
const $ = (id) => document.getElementById(id);
function t(key, vars = {}) {
  let s = (S.meta && S.meta.ui[key]) || key;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(v);
  return s.replace(/г\.\./g, "г.");   // a Russian date ("1941 г.") closing a sentence
}
function locale() { return S.meta ? S.meta.ui.lang_code : "en-GB"; }
function fmtNum(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  const opts = digits !== undefined ? { maximumFractionDigits: digits, minimumFractionDigits: digits }
    : { maximumSignificantDigits: 3 };
  return new Intl.NumberFormat(locale(), opts).format(v);
}
function fmtDate(iso) {
  return new Intl.DateTimeFormat(locale(), { day: "numeric", month: "long", year: "numeric" })
    .format(new Date(iso + "T12:00:00"));
}
function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}
function showError(msg) { const box = $("error"); box.textContent = `${t("error")}: ${msg}`; box.hidden = false; }
function clearError() { $("error").hidden = true; $("error").textContent = ""; }

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const r = await fetch(path, init);
  let j = null;
  try { j = await r.json(); } catch (e) { j = { error: r.statusText }; }
  if (!r.ok) throw new Error(r.status === 503 ? t("busy") : (j.error || r.statusText));
  return j;
}

// ------------------------------------------------------------------ texts and language
function applyTexts() {
  document.documentElement.lang = S.lang;
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("about-3").textContent = t("about_3", { max_seeds: S.meta.caps.max_seeds,
    min_scale: fmtNum(S.meta.caps.min_scale, 0) });
  $("version").textContent = S.meta.version;
  renderTeacher();
}

async function loadMeta(lang) {
  S.meta = await api(`/api/meta?lang=${encodeURIComponent(lang)}`);
  S.lang = lang;
  applyTexts();
}

function fillSelect(sel, items, keep) {
  const old = keep ? sel.value : null;
  sel.replaceChildren(...items.map(([v, label]) => el("option", { value: v, text: label })));
  if (old !== null && items.some(([v]) => v === old)) sel.value = old;
}
function scenarioItems() { return S.meta.scenarios.map((s) => [s.name, s.title]); }
function hypothesisItems() {
  return [["", t("hypothesis_none")], ...S.meta.hypotheses.map((h) => [h.name, h.title])];
}

function buildControls(keep) {
  fillSelect($("scenario"), scenarioItems(), keep);
  fillSelect($("hypothesis"), hypothesisItems(), keep);
  fillSelect($("war"), [["known", t("war_known")], ["uncertain", t("war_uncertain")]], keep);
  fillSelect($("horizon"), S.meta.horizons.map((h) => [h.name, t(`horizon_${h.name}`)]), keep);
  for (const p of ["a", "b"]) {
    fillSelect($(`${p}-scenario`), scenarioItems(), keep);
    fillSelect($(`${p}-hypothesis`), hypothesisItems(), keep);
  }
  if (!keep) {
    $("seeds").value = S.meta.caps.default_seeds; $("seed").value = 1;
    $("scale").value = S.meta.caps.default_scale; $("b-scenario").value = "no_quotas";
    $("scenario").value = "historical"; $("a-scenario").value = "historical";
  }
  $("seeds").max = S.meta.caps.max_seeds; $("scale").min = S.meta.caps.min_scale;
  describeScenario();
  // the Explore levers, and each Compare run's own (a lever set there changes that run only)
  for (const prefix of ["", "a-", "b-"]) {
    const list = $(`${prefix}lever-list`);
    const old = {};
    for (const input of list.querySelectorAll("input[type=number]")) old[input.dataset.lever] = input.value;
    list.replaceChildren(...S.meta.levers.map((lv) => leverControl(lv, keep ? old[lv.name] : undefined, prefix)));
  }
}

function describeScenario() {
  const s = S.meta.scenarios.find((x) => x.name === $("scenario").value);
  $("scenario-description").textContent = s ? s.description : "";
}

function leverControl(lv, value, prefix = "") {
  const v = value !== undefined ? value : lv.default;
  const id = `${prefix}lever-${lv.name}`;
  const range = el("input", { type: "range", min: lv.min, max: lv.max, step: lv.step, value: v,
    "aria-label": lv.label, "data-lever": lv.name });
  const num = el("input", { type: "number", id, min: lv.min, max: lv.max, step: "any", value: v,
    "data-lever": lv.name });
  const box = el("div", { class: "lever", "data-name": lv.name });
  const sync = (src, dst) => () => { dst.value = src.value; box.classList.toggle("changed", Number(num.value) !== lv.default); };
  range.addEventListener("input", sync(range, num));
  num.addEventListener("input", sync(num, range));
  const reset = el("button", { type: "button", class: "reset-lever", title: t("reset_lever"),
    "aria-label": `${t("reset_lever")}: ${lv.label}`, text: "↺" });
  reset.addEventListener("click", () => { num.value = lv.default; range.value = lv.default; box.classList.remove("changed"); });
  box.append(
    el("div", { class: "head" }, el("label", { for: id, class: "name", text: lv.label }), reset),
    range,
    el("div", { class: "value" }, num, el("span", { text: `${lv.unit} · ${t("lever_default")} ${fmtNum(lv.default)}` })),
    el("p", { class: "explain", text: lv.explanation }),
    el("p", { class: "source", text: `${t("source")}: ${lv.source}` }));
  box.classList.toggle("changed", Number(v) !== lv.default);
  return box;
}

function leverValues(prefix = "") {
  // only the levers moved away from their default are sent (the rest run on the posterior)
  const out = {};
  for (const input of $(`${prefix}lever-list`).querySelectorAll("input[type=number]")) {
    const lv = S.meta.levers.find((l) => l.name === input.dataset.lever);
    const v = Number(input.value);
    if (input.value === "" || v !== lv.default) out[lv.name] = input.value === "" ? NaN : v;
  }
  return out;
}

// ------------------------------------------------------------------ charts
function chartFigure(container, spec, runs, ctx) {
  // runs: [{label, color, dash, ghost, data}] ; spec: meta.series entry ; ctx: {n, scale, key,
  // settings, partial, until}. Each chart has Chart / Table / Sources views and PNG / CSV
  // downloads that carry its title, source, settings and version.
  const fig = el("figure", { class: "chart", "data-series": spec.name });
  // the plot holds Plotly's tool buttons, so it cannot be one image (role=img) to a screen
  // reader: the chart's description is a paragraph of its own, read in place of the drawing
  const plot = el("div", { class: "plot" });
  const alt = el("p", { class: "alt sr-only" });
  const tableBox = el("div", { class: "table", hidden: "" });
  const sourcesBox = el("div", { class: "sources", hidden: "" });
  const views = { chart: plot, table: tableBox, sources: sourcesBox };
  const pick = Object.fromEntries(Object.keys(views).map((v) => [v, el("button", {
    type: "button", class: `show-${v}${v === "table" ? " toggle-table" : ""}`,
    "aria-pressed": String(v === "chart"), text: t(v) })]));
  const png = el("button", { type: "button", class: "png", text: t("png") });
  const csv = el("button", { type: "button", class: "csv", text: t("csv") });
  const { traces, layout, archiveYears } = PurgesimCharts.fanFigure(spec, runs,
    { archiveLabel: t("archive"), separators: S.lang === "ru" ? ", " : ".,", until: ctx.until,
      partial: ctx.partial });
  fig.append(el("h3", { text: spec.title }), alt,
    el("div", { class: "tools" }, ...Object.values(pick), png, csv), plot, tableBox, sourcesBox,
    el("figcaption", {}, el("span", { text: t("model_note", { n: ctx.n, scale: fmtNum(ctx.scale, 0) }) }), " ",
      spec.source ? el("span", { class: "source-line", text: `${t("archive")} — ${t("source")}: ${spec.source}` }) : null));
  container.append(fig);
  alt.textContent = altText(spec, runs[0].data, archiveYears);
  // no Plotly tool bar: the axes are fixed and the chart's own PNG carries its source, so
  // nothing is left for it to offer (and nothing that could send a chart to Plotly's cloud)
  Plotly.newPlot(plot, traces, layout, { displayModeBar: false, displaylogo: false,
    responsive: true, showSendToCloud: false, showEditInChartStudio: false, showLink: false });
  const rows = tableRows(spec, runs, archiveYears);
  const show = (view) => {
    for (const [v, box] of Object.entries(views)) {
      box.hidden = v !== view; pick[v].setAttribute("aria-pressed", String(v === view));
    }
    if (view === "table") tableBox.replaceChildren(htmlTable(spec.title, rows, true));
    if (view === "sources") sourcesBox.replaceChildren(...sourcesPanel(spec));
    if (view === "chart") fitPlot(plot);
  };
  for (const [v, b] of Object.entries(pick)) b.addEventListener("click", () => show(v));
  const about = [spec.title, ...provenance(spec, ctx)].map((line) => `# ${line}`);
  csv.addEventListener("click", () => downloadCsv(`${ctx.key}-${spec.name}.csv`, rows, about));
  png.addEventListener("click", () => downloadPng(`${ctx.key}-${spec.name}.png`, plot, spec, ctx));
}

function fitPlot(plot) {
  // a plot drawn while hidden took a default width; one hidden now (its table or sources
  // shown instead) is fitted when it is shown again
  if (!plot.hidden && plot.offsetParent !== null) Plotly.Plots.resize(plot);
}

function provenance(spec, ctx) {
  // what a chart's downloads carry besides its title: the source, the run's settings, the version
  return [`${t("source")}: ${spec.source || "—"}`, `${t("settings")}: ${ctx.settings}`,
    `purgesim ${S.meta.version}`];
}

function sourcesPanel(spec) {
  // in plain words: what the model's line counts, what the archive's points count and where
  // they come from, and the project's data files
  const items = [el("p", {}, el("strong", { text: `${t("model_short")}: ` }), spec.definition)];
  if (spec.sources.length) {
    items.push(el("dl", {}, ...spec.sources.flatMap((src) => [
      el("dt", { text: src.publication }),
      el("dd", { text: `${src.description} ${src.locator ? `(${src.locator})` : ""}` })])));
  } else items.push(el("p", { text: t("no_archive") }));
  items.push(el("p", { class: "hint" }, `${t("project_data")}: `,
    el("a", { href: "/data/series.csv", download: "" }, "series.csv"), ", ",
    el("a", { href: "/data/sources.csv", download: "" }, "sources.csv")));
  return items;
}

async function downloadPng(name, plot, spec, ctx) {
  // an image that stands alone: the title above, the source, settings and version below
  const foot = provenance(spec, ctx).map((line) => line.replace(/(.{1,140})(\s|$)/g, "$1<br>")).join("");
  const layout = { ...plot.layout, title: { text: spec.title, x: 0.02 },
    margin: { ...plot.layout.margin, t: 50, b: 150 },
    annotations: [...(plot.layout.annotations || []), { xref: "paper", yref: "paper", x: 0, y: -0.12,
      xanchor: "left", yanchor: "top", align: "left", showarrow: false, text: foot,
      font: { size: 10, color: "#333333" } }] };
  const url = await Plotly.toImage({ data: plot.data, layout }, { format: "png", width: 1000, height: 600 });
  const a = el("a", { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
}

function settingsLine(results) {
  // what a downloaded figure was run with, enough to rerun it from the permalink's fields
  return results.map(({ label, result }) => {
    const r = result.request;
    const parts = [`${t("scenario")} ${r.scenario}`, r.hypothesis ? `${t("hypothesis")} ${r.hypothesis}` : null,
      ...Object.entries(r.levers || {}).map(([k, v]) => `${k}=${v}`),
      Object.keys(r.decisions || {}).length ? Object.entries(r.decisions).map(([k, v]) => `${k}:${v}`).join(" ") : null,
      `${t("war")} ${r.war}`, `${t("seeds")} ${result.seeds.length} (${result.seeds[0]}–${result.seeds.at(-1)})`,
      `1:${r.scale}`, r.until ? `→ ${r.until}` : null].filter(Boolean);
    return `${label}: ${parts.join(", ")}`;
  }).join("; ");
}

function altText(spec, data, archiveYears) {
  let i = 0;
  data.q50.forEach((v, k) => { if (v > data.q50[i]) i = k; });
  let s = t("alt_fan", { title: spec.title, y0: data.years[0], y1: data.years.at(-1),
    peak: fmtNum(data.q50[i]), peak_year: data.years[i] });
  const y = data.years[i];
  if (spec.archive[y] !== undefined) s += t("alt_archive", { value: fmtNum(spec.archive[y]), year: y });
  return s;
}

function tableRows(spec, runs, archiveYears) {
  const head = [t("year")];
  for (const r of runs) head.push(`${r.label} 5%`, `${r.label} 25%`, `${r.label} ${t("median")}`, `${r.label} 75%`, `${r.label} 95%`);
  head.push(t("archive"));
  const body = runs[0].data.years.map((y, i) => {
    const row = [y];
    for (const r of runs) row.push(r.data.q05[i], r.data.q25[i], r.data.q50[i], r.data.q75[i], r.data.q95[i]);
    row.push(archiveYears.includes(y) ? spec.archive[y] : "");
    return row;
  });
  return [head, ...body];
}

function htmlTable(caption, rows, exactLast = false) {
  // model figures to three significant digits; the archive's (the last column) as published
  const [head, ...body] = rows;
  const shown = (v, i, n) => (i === 0 || v === "" ? String(v)
    : exactLast && i === n - 1 ? new Intl.NumberFormat(locale(), { maximumFractionDigits: 3 }).format(v)
      : fmtNum(v));
  return el("table", {}, el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...body.map((r) => el("tr", {}, ...r.map((v, i) =>
      el("td", { text: shown(v, i, r.length) }))))));
}

function downloadCsv(name, rows, about = []) {
  // `about`: "# " lines before the header (title, source, settings, version); pandas reads the
  // table with read_csv(path, comment="#")
  const esc = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = [...about.map((l) => l.replace(/\n/g, " ")), ...rows.map((r) => r.map(esc).join(","))];
  const blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv" });
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a); a.click(); a.remove();
}

function drawCharts(container, runs, key, only, archiveBefore) {
  // archiveBefore: a year; archive points from it on are left out (no hindsight)
  container.replaceChildren();
  const res = runs[0].result;
  const partial = res.partial_to ? { year: Number(res.partial_to.slice(0, 4)),
    label: t("partial_to", { date: fmtDate(res.partial_to) }) } : null;
  // a fixed axis to 1941 (or the latest war date shown), so a stepped run or a lever change
  // does not move the years under the reader
  const until = Math.max(1941, ...runs.map((r) => r.result.series[S.meta.series[0].name].years.at(-1)));
  const ctx = { n: res.seeds.length, scale: res.request.scale, key, partial, until,
    settings: settingsLine(runs.filter((r) => !r.ghost)) };
  for (const spec of S.meta.series) {
    if (only && !only.includes(spec.name)) continue;
    const shown = archiveBefore ? { ...spec, archive: Object.fromEntries(
      Object.entries(spec.archive || {}).filter(([y]) => Number(y) < archiveBefore)) } : spec;
    chartFigure(container, shown, runs.map((r) => ({ label: r.label, color: r.color, dash: r.dash,
      ghost: r.ghost, data: r.result.series[spec.name] })), ctx);
  }
}

function ledgerTable(container, results, key, previous) {
  // results: [{label, result}] ; with two, a difference column; with `previous` (the run
  // before a change), a "change vs previous" column
  const end = results[0].result.end_dates;
  const head = [t("outcome")];
  for (const r of results) head.push(`${r.label}: ${t("median")}`, `${r.label}: ${t("range")}`);
  if (results.length === 2) head.push(`${results[1].label} − ${results[0].label}`);
  if (previous) head.push(t("change_previous"));
  const signed = (v, f) => (v > 0 ? `+${f(v)}` : v < 0 ? `−${f(-v)}` : f(0));
  const rows = [];
  for (const item of S.meta.ledger) {
    const ratio = item.key === "steel_vs_germany";
    const f = (v) => (ratio ? fmtNum(v, 2) : fmtNum(v));
    const row = [item.label];
    for (const r of results) {
      const q = r.result.ledger[item.key];
      row.push(f(q.q50), `${f(q.q05)} – ${f(q.q95)}`);
    }
    if (results.length === 2) row.push(f(results[1].result.ledger[item.key].q50 - results[0].result.ledger[item.key].q50));
    if (previous) row.push(signed(results[0].result.ledger[item.key].q50 - previous.ledger[item.key].q50, f));
    rows.push({ key: item.key, cells: row });
  }
  const last = end.reduce((a, b) => (a > b ? a : b));
  const table = el("table", { class: "ledger" }, el("caption", { text: t("ledger") }),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", { "data-key": r.key }, ...r.cells.map((v) => el("td", { text: v }))))));
  const csv = el("button", { type: "button", class: "csv", text: t("csv") });
  const raw = [["outcome", ...results.flatMap((r) => [`${r.label} q05`, `${r.label} q50`, `${r.label} q95`]),
    ...(previous ? ["previous q50"] : [])],
  ...S.meta.ledger.map((item) => [item.key, ...results.flatMap((r) => {
    const q = r.result.ledger[item.key]; return [q.q05, q.q50, q.q95]; }),
  ...(previous ? [previous.ledger[item.key].q50] : [])])];
  const about = [`# ${t("ledger")}`, `# ${t("settings")}: ${settingsLine(results)}`,
    ...(previous ? [`# ${t("previous")}: ${settingsLine([{ label: t("previous"), result: previous }])}`] : []),
    `# purgesim ${S.meta.version}`];
  csv.addEventListener("click", () => downloadCsv(`${key}-ledger.csv`, raw, about));
  const first = end.reduce((a, b) => (a < b ? a : b));
  const note = first === last ? t("ledger_note", { date: fmtDate(last) })
    : t("ledger_note_wars", { first: fmtDate(first), last: fmtDate(last) });
  container.replaceChildren(table, el("p", { class: "hint", text: note }), csv);
}

// ------------------------------------------------------------------ explore
function exploreRequest() {
  const req = { scenario: $("scenario").value, hypothesis: $("hypothesis").value || null,
    levers: leverValues(), seed: Number($("seed").value), seeds: Number($("seeds").value),
    scale: Number($("scale").value), war: $("war").value, horizon: $("horizon").value };
  if (S.explore.until) req.until = S.explore.until;
  return req;
}

// the war's end over the seeds, in one sentence (runs that went on through the war only)
function warOutcome(result) {
  const w = result.war;
  if (!w) return "";
  const pct = (x) => fmtNum(100 * x, 0);
  return t("war_outcome", { n: w.seeds, won: w.won, collapsed: w.collapsed, ongoing: w.ongoing,
    p: pct(w.collapse[1]), lo: pct(w.collapse[0]), hi: pct(w.collapse[2]),
    end: w.end_year === null ? "—" : fmtNum(w.end_year, 1),
    depth: fmtNum(w.front_depth_max[1], 0), dlo: fmtNum(w.front_depth_max[0], 0),
    dhi: fmtNum(w.front_depth_max[2], 0), dead: fmtNum(w.military_dead[1] / 1e6, 1) });
}

// the last year a stepped run reaches: the war's, or the horizon's
function horizonYear(name) {
  const h = S.meta.horizons.find((x) => x.name === name);
  return h && h.last ? Number(h.last.slice(0, 4)) : 1941;
}

async function runExplore() {
  clearError();
  const buttons = ["btn-run", "btn-step", "btn-reset"].map($);
  buttons.forEach((b) => { b.disabled = true; });
  $("status").textContent = t("running");
  try {
    const res = await api("/api/run", exploreRequest());
    // before and after: a whole run replaced by a different whole run stays as a ghost, so a
    // class sees what the change did (a stepped run's shorter self is not a "before")
    const old = S.explore.result;
    if (old && !old.request.until && !res.request.until
        && JSON.stringify(old.request) !== JSON.stringify(res.request)) S.explore.previous = old;
    S.explore.result = res;
    renderExplore();
    updatePermalink();
  } catch (e) {
    showError(e.message);
    $("status").textContent = "";
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

function renderExplore() {
  const res = S.explore.result;
  if (!res) {
    $("charts").replaceChildren(); $("ledger").replaceChildren();
    $("status").textContent = t("not_run"); $("clock").textContent = "—";
    $("war-outcome").textContent = ""; return;
  }
  const last = res.end_dates.reduce((a, b) => (a > b ? a : b));
  $("clock").textContent = fmtDate(last);
  $("status").textContent = t("ran", { n: res.seeds.length, scale: fmtNum(res.request.scale, 0),
    s: fmtNum(res.wall_seconds, 1), date: fmtDate(last) });
  const label = S.meta.scenarios.find((s) => s.name === res.request.scenario).title;
  const prev = res.request.until ? null : S.explore.previous;
  drawCharts($("charts"), [{ label: t("model_short"), color: COLORS.a, result: res },
    prev ? { label: t("previous"), color: COLORS.ghost, ghost: true, result: prev } : null]
    .filter(Boolean), "explore");
  ledgerTable($("ledger"), [{ label, result: res }], "explore", prev);
  $("war-outcome").textContent = warOutcome(res);
}

function stepExplore() {
  const year = S.explore.until ? Number(S.explore.until.slice(0, 4)) + 1 : 1928;
  S.explore.until = year >= horizonYear($("horizon").value) ? null : `${year}-12-31`;
  runExplore();
}

// ------------------------------------------------------------------ in their shoes
// the game goes on through the war to the end of 1945, so the last decision (at the war's
// outbreak) and the earlier ones are judged by how the war went too
const SHOES_HORIZON = "1945";
function shoesRequest(choices, until) {
  const req = { scenario: "historical", seed: S.shoes.seed, seeds: S.meta.caps.default_seeds,
    scale: S.meta.caps.default_scale, war: S.shoes.war, decisions: choices,
    horizon: SHOES_HORIZON, levers: { enemy_share: Number(S.shoes.enemies) } };
  if (until) req.until = until;
  return req;
}
function dayBefore(iso) {
  const d = new Date(iso + "T12:00:00"); d.setDate(d.getDate() - 1); return d.toISOString().slice(0, 10);
}

function historicalChoices() {
  return Object.fromEntries(S.meta.decisions.map((d) => [d.id, d.options.find((o) => o.historical).id]));
}

function shuffled(options, salt) {
  // the options in an order fixed by the seed and the decision, so history's is not always first
  const key = (o) => { let h = 2166136261 ^ salt; for (const c of o.id) h = Math.imul(h ^ c.charCodeAt(0), 16777619); return h >>> 0; };
  return [...options].sort((a, b) => key(a) - key(b));
}

function setShoesBusy(busy) {
  S.shoes.busy = busy;
  $("shoes-decide").disabled = busy || !document.querySelector("#shoes-options input[name=option]:checked");
  $("shoes-begin").disabled = busy;
}

async function shoesStep() {
  clearError();
  const decisions = S.meta.decisions;
  const k = S.shoes.step;
  $("shoes-start").hidden = true;
  $("shoes-restart").hidden = false;
  $("shoes-status").textContent = t("running");
  setShoesBusy(true);
  try {
    if (k < decisions.length) {
      const d = decisions[k];
      const until = dayBefore(d.date);
      const hist = Object.fromEntries(Object.entries(historicalChoices()).filter(([id]) => id in S.shoes.choices));
      const [res, history] = await Promise.all([api("/api/run", shoesRequest(S.shoes.choices, until)),
        api("/api/run", shoesRequest(hist, until))]);
      $("shoes-step").hidden = false; $("shoes-end").hidden = true;
      $("shoes-heading").textContent = `${t("decision_n", { i: k + 1, n: decisions.length })} — ${fmtDate(d.date)}`;
      $("shoes-briefing").textContent = d.briefing;
      $("shoes-so-far").textContent = t("shoes_so_far", { date: fmtDate(until) });
      drawCharts($("shoes-charts"), [{ label: t("history"), color: COLORS.a, result: history },
        { label: t("your_path"), color: COLORS.b, result: res, dash: "dash" }], `decision-${d.id}`,
        ["sentenced", "shot"], Number(d.date.slice(0, 4)));
      $("shoes-options").replaceChildren(...shuffled(d.options, S.shoes.seed * 31 + k).map((o) => el("label", {},
        el("input", { type: "radio", name: "option", value: o.id }), " ", o.text)));
      $("shoes-heading").tabIndex = -1;
      $("shoes-heading").focus();
      $("shoes-heading").scrollIntoView({ block: "start" });
    } else {
      const [mine, history] = await Promise.all([api("/api/run", shoesRequest(S.shoes.choices)),
        api("/api/run", shoesRequest(historicalChoices()))]);
      $("shoes-step").hidden = true; $("shoes-end").hidden = false;
      const wars = [...new Set(mine.war_dates)].sort().map(fmtDate);
      $("shoes-war-came").textContent = t("war_came", { dates: wars.join("; ") });
      $("shoes-war-outcome").textContent = `${t("your_path")}: ${warOutcome(mine)} ${t("history")}: ${warOutcome(history)}`;
      $("shoes-choices").replaceChildren(...decisions.map((d) => {
        const o = d.options.find((x) => x.id === S.shoes.choices[d.id]);
        const h = d.options.find((x) => x.historical);
        return el("li", { text: `${fmtDate(d.date)}: ${o.text}` + (o.historical ? ` (${t("as_history")})` : ` — ${t("history_chose")}: ${h.text}`) });
      }));
      shoesAccount(mine, history);
      if (S.shoes.classCode && !S.shoes.sent) {
        const r = await api(`/api/class/${S.shoes.classCode}`, { decisions: S.shoes.choices,
          war: S.shoes.war, enemy_share: Number(S.shoes.enemies) });
        S.shoes.sent = true;
        $("shoes-war-came").after(el("p", { id: "class-sent", text: t("class_sent", { code: S.shoes.classCode, n: r.students }) }));
      }
      ledgerTable($("shoes-ledger"), [{ label: t("history"), result: history }, { label: t("your_path"), result: mine }], "shoes");
      drawCharts($("shoes-end-charts"), [{ label: t("history"), color: COLORS.a, result: history },
        { label: t("your_path"), color: COLORS.b, result: mine, dash: "dash" }], "shoes");
    }
    $("shoes-status").textContent = "";
    updatePermalink();
    if (S.shoes.note) { showError(S.shoes.note); S.shoes.note = null; }
  } catch (e) {
    showError(e.message); $("shoes-status").textContent = "";
  } finally {
    setShoesBusy(false);
  }
}

function shoesAccount(mine, history) {
  // the end of the game in plain words: what changed, and the innocent per real enemy caught
  const m = (r, k) => r.ledger[k].q50;
  const arrested = (r) => m(r, "arrested_innocent") + m(r, "arrested_guilty");
  const shot = (r) => m(r, "shot_innocent") + m(r, "shot_guilty");
  const dA = arrested(mine) - arrested(history), dS = shot(mine) - shot(history);
  const ratio = (r) => fmtNum(m(r, "arrested_innocent") / Math.max(1, m(r, "arrested_guilty")), 0);
  $("shoes-account").replaceChildren(
    el("p", { text: t("account", { arrested: fmtNum(Math.abs(dA)), a_dir: t(dA > 0 ? "more" : "fewer"),
      shot: fmtNum(Math.abs(dS)), s_dir: t(dS > 0 ? "more" : "fewer") }) }),
    el("p", { text: t("account_ratio", { r: ratio(mine), rh: ratio(history) }) }),
    el("p", { class: "hint", text: t("account_note") }),
    el("h3", { text: t("debrief") }),
    el("ol", { class: "debrief" }, ...[1, 2, 3].map((i) => el("li", { text: t(`debrief_${i}`) }))));
}

function shoesDecide() {
  if (S.shoes.busy) return;                      // a second click while the step loads
  const d = S.meta.decisions[S.shoes.step];
  const chosen = document.querySelector("#shoes-options input[name=option]:checked");
  if (!d || !chosen) return;
  const o = d.options.find((x) => x.id === chosen.value);
  const h = d.options.find((x) => x.historical);
  $("shoes-reveal").textContent = o.historical ? t("you_chose_history") : `${t("history_chose")}: ${h.text}`;
  S.shoes.choices = { ...S.shoes.choices, [d.id]: chosen.value };
  S.shoes.step += 1;
  shoesStep();
}

function shoesReset() {
  S.shoes = { ...S.shoes, step: 0, choices: {}, busy: false };
  $("shoes-start").hidden = false; $("shoes-step").hidden = true; $("shoes-end").hidden = true;
  $("shoes-restart").hidden = true; $("shoes-reveal").textContent = "";
  document.getElementById("class-sent")?.remove();
  setShoesBusy(false);
  updatePermalink();
}

function validShoesChoices(choices) {
  // the longest run of known decisions, in order, each with a known option; the rest dropped
  const kept = {};
  for (const d of S.meta.decisions) {
    const v = choices[d.id];
    if (v === undefined || !d.options.some((o) => o.id === v)) break;
    kept[d.id] = v;
  }
  return kept;
}

// ------------------------------------------------------------------ compare
async function runCompare() {
  clearError();
  const base = { seed: 1, seeds: S.meta.caps.default_seeds, scale: S.meta.caps.default_scale, war: "known" };
  const req = (p) => ({ ...base, scenario: $(`${p}-scenario`).value,
    hypothesis: $(`${p}-hypothesis`).value || null, levers: leverValues(`${p}-`) });
  $("compare-status").textContent = t("running");
  $("btn-compare").disabled = true;
  try {
    const [a, b] = await Promise.all([api("/api/run", req("a")), api("/api/run", req("b"))]);
    S.compare = { a, b };
    renderCompare();
    updatePermalink();
  } catch (e) { showError(e.message); } finally {
    $("compare-status").textContent = ""; $("btn-compare").disabled = false;
  }
}
function renderCompare() {
  const { a, b } = S.compare;
  if (!a) return;
  const name = (r) => {
    const s = S.meta.scenarios.find((x) => x.name === r.request.scenario).title;
    const h = r.request.hypothesis ? S.meta.hypotheses.find((x) => x.name === r.request.hypothesis).title : null;
    const moved = Object.keys(r.request.levers || {}).length;
    return [s, h, moved ? t("levers_moved", { n: moved }) : null].filter(Boolean).join(" / ");
  };
  ledgerTable($("compare-ledger"), [{ label: `${t("run_a")} (${name(a)})`, result: a },
    { label: `${t("run_b")} (${name(b)})`, result: b }], "compare");
  drawCharts($("compare-charts"), [{ label: t("run_a"), color: COLORS.a, result: a },
    { label: t("run_b"), color: COLORS.b, result: b, dash: "dash" }], "compare");
}

// ------------------------------------------------------------------ views, permalinks
async function classStart() {
  clearError();
  try {
    S.teacherCode = (await api("/api/class", {})).code;
    $("class-code").textContent = t("class_code_is", { code: S.teacherCode });
    $("class-show").hidden = false; $("class-results").replaceChildren();
  } catch (e) { showError(e.message); }
}

async function classShow() {
  clearError();
  try {
    const pooled = await api(`/api/class/${S.teacherCode}`);
    const decisions = S.meta.decisions;
    const box = $("class-results");
    box.replaceChildren(el("p", { text: t("class_students", { n: pooled.students }) }),
      ...decisions.map((d) => el("table", {}, el("caption", { text: `${fmtDate(d.date)}: ${d.briefing.slice(0, 90)}…` }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("option") }), el("th", { scope: "col", text: t("students") }))),
        el("tbody", {}, ...d.options.map((o) => el("tr", { "data-option": o.id },
          el("td", { text: o.text + (o.historical ? ` (${t("as_history")})` : "") }),
          el("td", { text: String(pooled.counts[d.id][o.id]) })))))));
    if (!pooled.students) return;
    const req = (choices) => ({ scenario: "historical", seed: 1, seeds: S.meta.caps.default_seeds,
      scale: S.meta.caps.default_scale, war: pooled.war, decisions: choices,
      horizon: SHOES_HORIZON, levers: { enemy_share: pooled.enemy_share } });
    const [cls, history] = await Promise.all([api("/api/run", req(pooled.path)), api("/api/run", req(historicalChoices()))]);
    const charts = el("div", { class: "charts" });
    const ledger = el("div", { id: "class-ledger" });
    box.append(el("h3", { text: t("class_path") }), ledger, charts);
    ledgerTable(ledger, [{ label: t("history"), result: history }, { label: t("class_title"), result: cls }], "class");
    drawCharts(charts, [{ label: t("history"), color: COLORS.a, result: history },
      { label: t("class_title"), color: COLORS.b, result: cls, dash: "dash" }], "class", ["sentenced", "shot"]);
  } catch (e) { showError(e.message); }
}

function renderTeacher() {
  const tp = S.meta.teacher;
  $("teach").replaceChildren(el("h2", { text: tp.title }),
    el("p", { class: "briefing", text: tp.content_note }),
    ...tp.sections.flatMap(([title, items]) => [el("h3", { text: title }),
      el("ul", {}, ...items.map((x) => el("li", { text: x })))]),
    el("h3", { text: tp.glossary_title }),
    el("dl", { class: "glossary" }, ...tp.glossary.flatMap(([term, def]) => [el("dt", { text: term }), el("dd", { text: def })])));
}

function showView(view) {
  S.view = view;
  for (const b of document.querySelectorAll("nav button")) {
    // the tab pattern: one tab in the Tab order, the others reached with the arrow keys
    b.setAttribute("aria-selected", String(b.dataset.view === view));
    b.setAttribute("aria-controls", `view-${b.dataset.view}`);
    b.id = `tab-${b.dataset.view}`;
    b.tabIndex = b.dataset.view === view ? 0 : -1;
  }
  for (const sec of document.querySelectorAll(".view")) sec.hidden = sec.id !== `view-${view}`;
  // charts drawn while their view was hidden took a default width: fit them to the view now
  for (const plot of document.querySelectorAll(`#view-${view} .plot.js-plotly-plot`)) fitPlot(plot);
  updatePermalink();
}

function updatePermalink() {
  if (!S.meta) return;
  const q = new URLSearchParams({ v: S.meta.version, lang: S.lang, view: S.view });
  if (S.view === "explore") {
    const r = exploreRequest();
    q.set("scenario", r.scenario); if (r.hypothesis) q.set("hypothesis", r.hypothesis);
    q.set("war", r.war); q.set("seed", r.seed); q.set("seeds", r.seeds); q.set("scale", r.scale);
    if (r.horizon !== "war") q.set("horizon", r.horizon);
    if (r.until) q.set("until", r.until);
    for (const [k, v] of Object.entries(r.levers)) q.set(`p.${k}`, v);
    if (S.explore.result) q.set("run", "1");
  } else if (S.view === "shoes") {
    q.set("war", S.shoes.war); q.set("seed", S.shoes.seed); q.set("es", S.shoes.enemies);
    for (const [k, v] of Object.entries(S.shoes.choices)) q.set(`d.${k}`, v);
  } else if (S.view === "compare") {
    for (const p of ["a", "b"]) {
      q.set(`${p}.scenario`, $(`${p}-scenario`).value);
      if ($(`${p}-hypothesis`).value) q.set(`${p}.hypothesis`, $(`${p}-hypothesis`).value);
      for (const [k, v] of Object.entries(leverValues(`${p}-`))) q.set(`${p}.p.${k}`, v);
    }
  }
  history.replaceState(null, "", `?${q.toString()}`);
}

async function copyPermalink() {
  updatePermalink();
  try { await navigator.clipboard.writeText(location.href); } catch (e) { /* the address bar has it */ }
  $("status").textContent = t("permalink_copied");
}

function restoreFromUrl() {
  const q = new URLSearchParams(location.search);
  const linked = q.get("v");
  if (linked && linked !== S.meta.version) {
    $("version-notice").textContent = t("version_mismatch", { linked, current: S.meta.version });
    $("version-notice").hidden = false;
  }
  const set = (id, key) => { if (q.has(key)) $(id).value = q.get(key); };
  set("scenario", "scenario"); set("hypothesis", "hypothesis"); set("war", "war");
  set("horizon", "horizon");
  set("seed", "seed"); set("seeds", "seeds"); set("scale", "scale");
  for (const p of ["a", "b"]) { set(`${p}-scenario`, `${p}.scenario`); set(`${p}-hypothesis`, `${p}.hypothesis`); }
  for (const [k, v] of q.entries()) {
    const m = /^(?:([ab])\.)?p\.(.+)$/.exec(k);
    if (!m) continue;
    const list = $(m[1] ? `${m[1]}-lever-list` : "lever-list");
    for (const input of list.querySelectorAll(`input[data-lever="${CSS.escape(m[2])}"]`)) {
      input.value = v; input.dispatchEvent(new Event("input"));
    }
  }
  describeScenario();
  if (q.has("until")) S.explore.until = q.get("until");
  const view = q.get("view");
  const choices = {};
  for (const [k, v] of q.entries()) if (k.startsWith("d.")) choices[k.slice(2)] = v;
  if (q.has("war") && view === "shoes") S.shoes.war = q.get("war");
  if (q.has("seed") && view === "shoes") S.shoes.seed = Number(q.get("seed"));
  if (["0.001", "0.005", "0.02"].includes(q.get("es")) && view === "shoes") S.shoes.enemies = q.get("es");
  return { view: ["explore", "shoes", "compare", "teach", "about"].includes(view) ? view : "explore",
    run: q.get("run") === "1", choices };
}

async function switchLanguage() {
  clearError();
  await loadMeta(S.lang === "en" ? "ru" : "en");
  buildControls(true);
  renderExplore();
  renderCompare();
  if (S.view === "shoes" && S.shoes.step > 0) shoesStep();
  updatePermalink();
}

async function main() {
  const q = new URLSearchParams(location.search);
  try {
    await loadMeta(q.get("lang") === "ru" ? "ru" : "en");
  } catch (e) { showError(e.message); return; }
  buildControls(false);
  const { view, run, choices } = restoreFromUrl();
  $("lang-switch").addEventListener("click", switchLanguage);
  for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => showView(b.dataset.view));
  document.querySelector("a.skip").addEventListener("click", (e) => {
    e.preventDefault(); showView("explore"); $("btn-run").focus();
  });
  document.querySelector("nav").addEventListener("keydown", (e) => {
    const tabs = [...document.querySelectorAll("nav button")];
    const i = tabs.findIndex((b) => b.dataset.view === S.view);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    showView(tab.dataset.view); tab.focus();
  });
  $("scenario").addEventListener("change", describeScenario);
  $("btn-run").addEventListener("click", () => { S.explore.until = null; runExplore(); });
  $("btn-step").addEventListener("click", stepExplore);
  $("btn-reset").addEventListener("click", () => {
    S.explore = { until: null, result: null, previous: null }; renderExplore(); updatePermalink(); });
  $("all-defaults").addEventListener("click", () => {
    $("lever-list").replaceChildren(...S.meta.levers.map((lv) => leverControl(lv)));
  });
  $("view-compare").addEventListener("change", updatePermalink);
  $("btn-permalink").addEventListener("click", copyPermalink);
  $("shoes-begin").addEventListener("click", () => {
    S.shoes.war = document.querySelector("input[name=shoes-war]:checked").value;
    S.shoes.enemies = document.querySelector("input[name=shoes-enemies]:checked").value;
    S.shoes.classCode = $("shoes-class").value.trim().toUpperCase(); S.shoes.sent = false;
    S.shoes.step = 0; S.shoes.choices = {}; shoesStep();
  });
  $("shoes-decide").addEventListener("click", shoesDecide);
  $("class-start").addEventListener("click", classStart);
  $("class-show").addEventListener("click", classShow);
  $("shoes-options").addEventListener("change", () => setShoesBusy(S.shoes.busy));
  $("shoes-again").addEventListener("click", shoesReset);
  $("shoes-restart").addEventListener("click", shoesReset);
  $("btn-compare").addEventListener("click", runCompare);
  showView(view);
  renderExplore();
  document.body.dataset.ready = "1";
  if (view === "explore" && run) runExplore();
  if (view === "shoes" && Object.keys(choices).length) {
    S.shoes.choices = validShoesChoices(choices);
    S.shoes.step = Object.keys(S.shoes.choices).length;
    if (Object.keys(S.shoes.choices).length < Object.keys(choices).length) {
      S.shoes.note = t("bad_link_choices");
      updatePermalink();
    }
    if (S.shoes.step > 0) shoesStep();
    else { shoesReset(); if (S.shoes.note) { showError(S.shoes.note); S.shoes.note = null; } }
  }
}

document.addEventListener("DOMContentLoaded", main);
