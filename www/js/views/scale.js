// "Right scale" (course notes week 3, §2): values of a hyperparameter drawn uniformly and on the
// right scale — α in [10^a, 10^b] (a and b set by the learner), momentum β (with Keras Tuner's
// reverse_log beside β = 1 − 10^r), hidden units and layers (where uniform is right) — as
// histograms on a linear and a log axis and as shares per part of the range.
//
// Everything is read and computed in Rust: readSettings('scale', …) for the form (values and
// refusals, each at its control), ScaleSamples.fromQuery / summary / renderHistogram for the
// samples. Drawing 4 × 100,000 samples takes a few tens of milliseconds, so this view computes
// on the main thread.
import { ScaleSamples, freshSeed, readSettings } from '../../pkg/tunelab.js';
import { guard } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { integer, number, percent } from '../format.js';
import { errorEntry, field, readField, setting, showErrors, writeFields } from '../form.js';
import { esc, t } from '../i18n.js';

const KEYS = ['samples', 'sampleSeed', 'logMin', 'logMax'];

let ui = null;

const html = String.raw;

/** Quick picks of N: the powers of ten from 100 up to the table's largest N. */
function quickPicks() {
  const picks = [];
  for (let n = 100; n <= setting('samples').max; n *= 10) picks.push(n);
  return picks;
}

/** A sampler's words; for hidden units the log scale is only a comparison, not the right one. */
function samplerName(param, sampler) {
  return t(`scale.sampler.${param === 'units' && sampler === 'scale' ? 'log' : sampler}`);
}

function histogram(param, sampler, log) {
  const alt = t('scale.hist-alt', {
    param: t(`scale.${param}.name`), sampler: samplerName(param, sampler), axis: t(log ? 'scale.log-axis' : 'scale.linear-axis'),
  });
  return `<canvas class="sc-hist" data-param="${param}" data-sampler="${sampler}" data-log="${log ? 1 : 0}" role="img" aria-label="${esc(alt)}"></canvas>`;
}

function codeRow(param, sampler, series) {
  return html`<div class="sc-code-row"><span class="sc-swatch" data-series="${series}"></span>
    <span>${esc(samplerName(param, sampler))}:</span> <code data-code="${param}-${sampler}"></code></div>`;
}

function table(param) {
  return html`<table class="sc-shares" data-param="${param}"><caption></caption><thead></thead><tbody></tbody></table>`;
}

/** α and β: the code of each sampler, a histogram per sampler and axis, the shares. */
function decadeSection(param, samplers, { before = '', after = '' } = {}) {
  const rows = samplers.map(([s]) => html`
        <div class="sc-row-head">${esc(t(`scale.sampler.${s}`))}</div>
        <figure class="sc-cell">${histogram(param, s, false)}</figure><figure class="sc-cell">${histogram(param, s, true)}</figure>`).join('');
  return html`
  <section class="sc-section" data-param="${param}" aria-labelledby="sc-${param}-title">
    <h3 id="sc-${param}-title">${esc(t(`scale.${param}.title`))}</h3>
    ${before}
    <div class="sc-code">${samplers.map(([s, series]) => codeRow(param, s, series)).join('')}</div>
    <div class="sc-body">
      <div class="sc-grid">
        <div></div><div class="sc-col-head">${esc(t('scale.linear-axis'))}</div><div class="sc-col-head">${esc(t('scale.log-axis'))}</div>
        ${rows}
      </div>
      <div class="sc-side">${table(param)}<p class="sc-explain" data-explain="${param}"></p></div>
    </div>
    ${after}
  </section>`;
}

function uniformSection() {
  const fig = (param, sampler) => html`<figure class="sc-fig">
      <figcaption>${esc(t(`scale.${param}.name`))}: ${esc(samplerName(param, sampler))}</figcaption>${histogram(param, sampler, false)}</figure>`;
  return html`
  <section class="sc-section" data-param="units" aria-labelledby="sc-units-title">
    <h3 id="sc-units-title">${esc(t('scale.units.title'))}</h3>
    <div class="sc-code">${codeRow('units', 'uniform', 1)}${codeRow('units', 'scale', 2)}${codeRow('layers', 'uniform', 1)}</div>
    <div class="sc-body">
      <div class="sc-figs">${fig('units', 'uniform')}${fig('units', 'scale')}${fig('layers', 'uniform')}</div>
      <div class="sc-side">${table('units')}${table('layers')}<p class="sc-explain" data-explain="units"></p></div>
    </div>
  </section>`;
}

function markup() {
  const rule = html`<div class="sc-rule"><p>${esc(t('scale.lr.rule'))}</p>
      <div class="sc-ab">${field('logMin', { id: 'sc-a', layout: 'inline', help: false })}${field('logMax', { id: 'sc-b', layout: 'inline', help: false })}</div></div>`;
  return html`
  <div class="scale-view">
    <header class="sc-head">
      <h2>${esc(t('scale.title'))}</h2>
      <p class="sc-lede" data-present="hide">${esc(t('scale.lede'))}</p>
    </header>
    <form class="sc-controls" data-present="hide" autocomplete="off" novalidate aria-label="${esc(t('scale.form'))}">
      ${field('samples', { id: 'sc-samples', layout: 'inline', help: false })}
      <div class="sc-quick" role="group" aria-label="${esc(t('scale.quick'))}">${quickPicks()
    .map((n) => `<button type="button" class="btn btn-small" data-samples="${n}">${esc(integer(n))}</button>`).join('')}</div>
      ${field('sampleSeed', { id: 'sc-seed', layout: 'inline' })}
      <div class="sc-unplaced" data-unplaced-errors></div>
    </form>
    <div id="sc-error" class="form-error" role="alert" hidden>
      <p id="sc-error-text"></p>
      <button type="button" id="sc-defaults" class="btn btn-small">${esc(t('form.use-defaults'))}</button>
    </div>
    <div class="sc-sections">
      ${decadeSection('lr', [['uniform', 1], ['scale', 2]], { before: rule })}
      ${decadeSection('beta', [['uniform', 1], ['scale', 2], ['reverseLog', 3]], { after: '<p class="sc-trap" data-explain="trap"></p>' })}
      ${uniformSection()}
    </div>
  </div>`;
}

export function mount(root, state) {
  root.innerHTML = markup();
  ui = { root, state, samples: null, summary: null, resize: null, frame: 0, listeners: new AbortController() };
  const on = (el, type, fn) => el.addEventListener(type, fn, { signal: ui.listeners.signal });
  on(root.querySelector('.sc-controls'), 'submit', (ev) => ev.preventDefault());
  on(root, 'change', (ev) => {
    const key = ev.target.dataset?.key;
    if (KEYS.includes(key)) setKey(key, readField(root, key));
  });
  for (const b of root.querySelectorAll('[data-samples]')) on(b, 'click', () => setKey('samples', b.dataset.samples));
  for (const b of root.querySelectorAll('[data-new-seed]')) {
    on(b, 'click', () => guard(() => setKey(b.dataset.newSeed, String(freshSeed())), 'drawing a new seed'));
  }
  on(root.querySelector('#sc-defaults'), 'click', () => {
    ui.state.set(Object.fromEntries(KEYS.map((k) => [k, null])));
    update();
  });
  ui.resize = new ResizeObserver((entries) => {
    if (!entries.map((e) => fitCanvas(e)).some(Boolean)) return;
    cancelAnimationFrame(ui.frame);
    ui.frame = requestAnimationFrame(drawHistograms);
  });
  for (const c of root.querySelectorAll('canvas')) ui.resize.observe(c);
  update();
  showLessonFocus();
}

/** A lesson step's focus (marked by the classroom once the view is mounted) scrolled into view. */
function showLessonFocus() {
  requestAnimationFrame(() => ui?.root.querySelector('.lesson-focus')?.scrollIntoView({ block: 'start' }));
}

export function unmount() {
  if (!ui) return;
  ui.listeners.abort();
  ui.resize?.disconnect();
  cancelAnimationFrame(ui.frame);
  ui.samples?.free();
  ui.root.replaceChildren();
  ui = null;
}

/** A new value for `key` from a control: the URL keeps it (a default is left out), then redraw. */
function setKey(key, value) {
  ui.state.set({ [key]: value === setting(key).default ? null : value });
  update();
}

/**
 * Shows the URL's settings as Rust reads them, each refusal at its control; draws the samples
 * when there is none.
 */
function update() {
  if (!ui) return;
  const { root, state } = ui;
  const reading = guard(() => readSettings('scale', state.query()), 'reading the settings');
  if (!reading) return;
  writeFields(root, reading.values);
  ui.samples?.free();
  ui.samples = null;
  const built = reading.errors.length
    ? null
    : guard(() => ScaleSamples.fromQuery(state.query()), 'drawing the samples', (err) => {
      refuse([errorEntry(err)]);
      return null;
    });
  if (!built) {
    if (reading.errors.length) refuse(reading.errors);
    return;
  }
  refuse([]);
  ui.samples = built;
  guard(() => {
    ui.summary = built.summary();
    fillText(ui.summary);
    drawHistograms();
    root.querySelector('.scale-view').dataset.ready = 'true';
  }, 'drawing the samples');
}

/** Marks each refused setting at its control; nothing else is shown until it is fixed. */
function refuse(errors) {
  const view = ui.root.querySelector('.scale-view');
  const unplaced = showErrors(ui.root, errors);
  view.dataset.refused = String(errors.length > 0);
  if (errors.length) view.dataset.ready = 'false';
  const box = ui.root.querySelector('#sc-error');
  box.hidden = !errors.length;
  ui.root.querySelector('#sc-error-text').textContent = unplaced.length
    ? unplaced.map((e) => e.message).join(' ')
    : t('form.fix-marked');
}

function drawHistograms() {
  if (!ui?.samples) return;
  guard(() => {
    for (const c of ui.root.querySelectorAll('canvas.sc-hist')) {
      fitCanvas(c);
      if (!c.width || !c.height) continue;
      ui.samples.renderHistogram(c, c.dataset.param, c.dataset.sampler, c.dataset.log === '1');
    }
  }, 'drawing the histograms');
}

// ---- words and tables ----------------------------------------------------------------------------

const v4 = (v) => number(v, { digits: 4 });

function setText(selector, text) {
  const el = ui.root.querySelector(selector);
  if (el) el.textContent = text;
}

/** A part's label: "0.001 – 0.01"; whole numbers as "50 – 74", or "3" for one value. */
function partLabel(param, part, last) {
  if (!param.whole) return `${v4(part.lo)} – ${v4(part.hi)}`;
  if (part.lo === part.hi) return integer(part.lo);
  return `${integer(part.lo)} – ${integer(last ? part.hi : part.hi - 1)}`;
}

function fillTable(param, n) {
  const tab = ui.root.querySelector(`.sc-shares[data-param="${param.name}"]`);
  const beta = param.name === 'beta';
  tab.querySelector('caption').textContent = t('scale.shares', { n: integer(n) });
  const head = [t(`scale.${param.name}.part`), ...(beta ? [t('scale.beta.window')] : []),
    ...param.samplers.map((s) => samplerName(param.name, s.name))];
  tab.querySelector('thead').innerHTML = `<tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr>`;
  const body = tab.querySelector('tbody');
  body.replaceChildren();
  param.parts.forEach((part, k) => {
    const tr = document.createElement('tr');
    tr.dataset.part = String(k);
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = partLabel(param, part, k === param.parts.length - 1);
    tr.append(th);
    if (part.window) {
      const td = document.createElement('td');
      td.textContent = `${v4(part.window.lo)} – ${v4(part.window.hi)}`;
      tr.append(td);
    }
    for (const s of param.samplers) {
      const share = part.shares[s.name];
      const td = document.createElement('td');
      td.className = 'sc-share';
      td.dataset.sampler = s.name;
      td.dataset.share = String(share);
      td.innerHTML = `<span class="sc-bar" data-series="${s.series}" style="width:${Math.round(100 * share)}%"></span><span class="sc-share-text">${esc(percent(share))}</span>`;
      tr.append(td);
    }
    body.prepend(tr); // highest values on top, like the axes of the histograms' neighbours
  });
}

function fillText(sum) {
  const p = Object.fromEntries(sum.params.map((x) => [x.name, x]));
  const share = (name, k, sampler) => percent(p[name].parts[k].shares[sampler]);
  const { lr, beta, units } = p;
  setText('[data-code="lr-uniform"]', t('scale.lr.code-uniform', { lo: v4(lr.lo), hi: v4(lr.hi) }));
  setText('[data-code="lr-scale"]', t('scale.lr.code-scale', { a: number(sum.a), width: number(sum.b - sum.a) }));
  const top = lr.parts.length - 1;
  setText('[data-explain="lr"]', t('scale.lr.explain', { top: share('lr', top, 'uniform'), rest: percent(1 - lr.parts[top].shares.uniform) }));
  for (const s of ['uniform', 'scale', 'reverseLog']) setText(`[data-code="beta-${s}"]`, t(`scale.beta.code-${s}`));
  setText('[data-explain="beta"]', t('scale.beta.explain', { uniform: share('beta', 0, 'uniform') }));
  setText('[data-explain="trap"]', t('scale.beta.trap', {
    reverse: share('beta', 1, 'reverseLog'), scale: share('beta', 1, 'scale'), uniform: share('beta', 1, 'uniform'),
  }));
  setText('[data-code="units-uniform"]', t('scale.units.code-uniform'));
  setText('[data-code="units-scale"]', t('scale.units.code-scale'));
  setText('[data-code="layers-uniform"]', t('scale.layers.code-uniform'));
  setText('[data-explain="units"]', t('scale.units.explain', { log: share('units', 0, 'scale'), uniform: share('units', 0, 'uniform') }));
  for (const param of sum.params) fillTable(param, sum.samples);
}

// ---- the classroom ----------------------------------------------------------------------------------

/**
 * The lesson (course notes week 3, §2): α uniform against the right scale (the course's range,
 * then its 0.001 … 1 example), β and 1 − β, the reverse-log trap, and where uniform is right;
 * then on to the panda.
 */
export const lesson = [
  { query: '', say: 'scale.lesson.1', focus: '.sc-section[data-param="lr"]' },
  { query: 'logMin=-3', say: 'scale.lesson.2', focus: '.sc-shares[data-param="lr"]' },
  { query: '', say: 'scale.lesson.3', focus: '.sc-section[data-param="beta"]' },
  { query: 'samples=1000', say: 'scale.lesson.4', focus: '.sc-trap' },
  { query: '', say: 'scale.lesson.5', focus: '.sc-section[data-param="units"]' },
];

/** A histogram canvas's words: the same as its alternative text. */
function chartTitle(c) {
  return c.getAttribute('aria-label');
}

/** Every histogram, drawn by the engine into any canvas (the PNG export draws it at 2×). */
export function exportables() {
  if (!ui) return [];
  return [...ui.root.querySelectorAll('canvas.sc-hist')].map((c) => {
    const { param, sampler, log } = c.dataset;
    return {
      id: `${param}-${sampler}-${log === '1' ? 'log' : 'linear'}`,
      title: chartTitle(c),
      canvas: c,
      draw: (canvas) => ui.samples?.renderHistogram(canvas, param, sampler, log === '1'),
    };
  });
}

/**
 * The numbers behind the view: the share of the samples in each part of each range per sampler
 * (the tables), and every histogram's bin counts.
 */
export function data() {
  if (!ui?.samples || !ui.summary) return { tables: [], json: {} };
  const sum = ui.summary;
  const shares = [];
  for (const p of sum.params) {
    for (const [k, part] of p.parts.entries()) {
      for (const s of p.samplers) shares.push([p.name, k, part.lo, part.hi, s.name, part.shares[s.name]]);
    }
  }
  const histograms = [];
  const bins = [];
  for (const c of ui.root.querySelectorAll('canvas.sc-hist')) {
    const { param, sampler, log } = c.dataset;
    const axis = log === '1' ? 'log' : 'linear';
    const h = ui.samples.histogramData(param, sampler, log === '1');
    histograms.push({ param, sampler, axis, bins: h.bins });
    for (const b of h.bins) bins.push([param, sampler, axis, b.from, b.to, b.count]);
  }
  return {
    tables: [
      { name: 'shares', columns: ['param', 'part', 'lo', 'hi', 'sampler', 'share'], rows: shares },
      { name: 'histograms', columns: ['param', 'sampler', 'axis', 'from', 'to', 'count'], rows: bins },
    ],
    json: { samples: sum.samples, seed: sum.seed, a: sum.a, b: sum.b, params: sum.params, histograms },
  };
}
