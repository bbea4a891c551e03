// "Grid vs random" (course notes week 3, §1): three searches with the same budget over the same
// landscape — a grid, random uniform in value, random on the axes' scales — drawn side by side
// with a rug of the distinct values each tried, their best-so-far curves, repeats, the
// 1 − (1 − p)^n calculator, and coarse to fine.
//
// Every setting is in the URL (keys in RACE_KEYS, plus the training keys such as `dataset`,
// which the Rust side reads as the base config of every trial). The workers of pool.js train
// the landscape cells and trials; this module records their numbers in a wasm RaceBoard and
// draws through it. Landscapes are cached per configuration (RaceBoard.landscapeKey) for the
// page's lifetime, so re-running a race with another budget or seed reuses its landscape.
import * as wasm from '../../pkg/tunelab.js';
import { sharedPool, isCancelled } from '../workers/pool.js';
import { guard, onInternalError, reportInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { number, percent, seconds } from '../format.js';

const RACE_KEYS = ['budget', 'xAxis', 'xScale', 'xMin', 'xMax', 'yAxis', 'yScale', 'yMin', 'yMax',
  'objective', 'importance', 'steps', 'searchSeed', 'mapSize', 'zoom'];
const STRATEGY_IDS = ['grid', 'uniform', 'scale'];
const SCALES = {
  real: [['linear', 'linear'], ['log', 'log'], ['oneMinusLog', '1 − 10^r']],
  whole: [['integer', 'integer'], ['powersOfTwo', 'powers of 2']],
  choice: [['categorical', 'categorical']],
};
const LANDSCAPE_CHUNK = 96; // cells per worker job
const REPEATS = 200;

/** landscapeKey → Float64Array of encoded cell results (NaN: not computed). Lives per page. */
const landscapeCache = new Map();

let ui = null; // the mounted view
let run = null; // the race in progress or last finished

const html = String.raw;

function axisRow(p, title) {
  return html`
    <div class="rc-axis" data-axis="${p}">
      <div class="rc-axis-title">${title}</div>
      <div class="field"><label for="rc-${p}-axis">Hyperparameter</label>
        <select id="rc-${p}-axis" data-key="${p}Axis"></select></div>
      <div class="field"><span class="label" id="rc-${p}-scale-label">Scale</span>
        <div class="segmented segmented-small" id="rc-${p}-scale" role="radiogroup" aria-labelledby="rc-${p}-scale-label"></div></div>
      <div class="field-row">
        <div class="field"><label for="rc-${p}-min">min</label><input type="text" id="rc-${p}-min" data-key="${p}Min" spellcheck="false" inputmode="decimal"></div>
        <div class="field"><label for="rc-${p}-max">max</label><input type="text" id="rc-${p}-max" data-key="${p}Max" spellcheck="false" inputmode="decimal"></div>
      </div>
      <p class="rc-error" data-error-for="${p}" role="alert" hidden></p>
    </div>`;
}

function panelMarkup(i) {
  return html`
    <figure class="rc-panel" data-strategy="${STRATEGY_IDS[i]}">
      <figcaption class="rc-panel-name"><span class="rc-swatch" data-series="${i}"></span><span class="rc-name"></span></figcaption>
      <div class="rc-yname" aria-hidden="true"></div>
      <div class="rc-plot">
        <div class="rc-ylabels" aria-hidden="true"></div>
        <div class="rc-canvas-wrap">
          <canvas class="rc-canvas" role="img"></canvas>
          <div class="rc-drag" hidden></div>
        </div>
        <div class="rc-xlabels" aria-hidden="true"></div>
      </div>
      <p class="rc-count"><strong class="rc-count-x" data-count="0">0</strong> <span class="rc-count-x-text">values of x tried</span></p>
      <p class="rc-count-y"><span class="rc-count-y-n">0</span> <span class="rc-count-y-text">values of y</span> · <span class="rc-done">0</span>/<span class="rc-total">0</span> trials</p>
      <p class="rc-best"></p>
    </figure>`;
}

function markup() {
  return html`
  <div class="race">
    <header class="rc-head">
      <h2>Grid vs random: which search tries more values of what matters?</h2>
      <p class="rc-lede">Three searches get the same budget on the same landscape. Only one
        hyperparameter (x, the learning rate by default) really matters. A grid tries each of its
        values √budget times over; random search tries a new value on every trial. Watch the
        ticks along each axis: one per distinct value tried.</p>
    </header>
    <div class="rc-layout">
      <form class="rc-controls" autocomplete="off" novalidate aria-label="Search settings">
        ${axisRow('x', 'x axis — should matter')}
        ${axisRow('y', 'y axis — should barely matter')}
        <div class="rc-group">
          <div class="field"><label for="rc-budget">Budget (trials per search)</label>
            <input type="number" id="rc-budget" data-key="budget" min="1" max="400" step="1" inputmode="numeric">
            <div class="rc-quick" role="group" aria-label="Square budgets">
              ${[9, 16, 25, 36, 49, 64].map((b) => `<button type="button" class="btn btn-small" data-budget="${b}">${b}</button>`).join('')}
            </div>
            <p class="rc-error" data-error-for="budget" role="alert" hidden></p>
          </div>
          <div class="field"><span class="label" id="rc-objective-label">Objective</span>
            <div class="segmented segmented-small" role="radiogroup" aria-labelledby="rc-objective-label">
              <input type="radio" id="rc-obj-real" name="rc-objective" value="real" data-key="objective"><label for="rc-obj-real">real training</label>
              <input type="radio" id="rc-obj-synth" name="rc-objective" value="synthetic" data-key="objective"><label for="rc-obj-synth">synthetic</label>
            </div>
            <p class="rc-error" data-error-for="objective" role="alert" hidden></p>
          </div>
          <div class="field rc-real-only"><label for="rc-dataset">Dataset</label><select id="rc-dataset" data-key="dataset"></select></div>
          <div class="field rc-real-only"><label for="rc-steps">Training steps per trial</label>
            <input type="number" id="rc-steps" data-key="steps" min="1" max="5000" step="50" inputmode="numeric">
            <p class="rc-error" data-error-for="steps" role="alert" hidden></p></div>
          <div class="field rc-synth-only"><label for="rc-importance">Importance of y, s (f = g(x) + s·h(y))</label>
            <input type="text" id="rc-importance" data-key="importance" inputmode="decimal">
            <p class="rc-error" data-error-for="importance" role="alert" hidden></p></div>
          <div class="field"><label for="rc-seed">Search seed</label>
            <div class="seed-input"><input type="number" id="rc-seed" data-key="searchSeed" min="0" step="1" inputmode="numeric">
              <button type="button" class="btn btn-icon" id="rc-reseed" title="New seed" aria-label="New seed">↻</button></div>
            <p class="rc-error" data-error-for="searchSeed" role="alert" hidden></p></div>
          <p class="rc-error" data-error-for="mapSize" role="alert" hidden></p>
          <p class="rc-error" data-error-for="config" role="alert" hidden></p>
        </div>
        <div class="rc-buttons">
          <button type="button" class="btn" id="rc-run">Run again</button>
          <button type="button" class="btn" id="rc-cancel" disabled>Cancel</button>
          <button type="button" class="btn btn-small" id="rc-defaults">Default settings</button>
        </div>
      </form>
      <div class="rc-main">
        <div class="rc-statusbar">
          <p class="rc-status" id="rc-status" role="status" aria-live="polite"></p>
          <progress id="rc-progress" max="1" value="0"></progress>
        </div>
        <p class="rc-headline" id="rc-headline" aria-live="polite"></p>
        <p class="rc-note" id="rc-note" hidden></p>
        <div class="rc-legend">
          <span>validation loss:</span>
          <span class="rc-legend-lo" id="rc-legend-lo">low</span>
          <span class="rc-gradient" aria-hidden="true"></span>
          <span class="rc-legend-hi" id="rc-legend-hi">high</span>
          <span class="rc-legend-item"><span class="rc-diverged" aria-hidden="true"></span> diverged</span>
          <span class="rc-legend-item"><span class="rc-dot" aria-hidden="true"></span> trial</span>
          <span class="rc-legend-item">★ best</span>
          <span class="rc-legend-item"><span class="rc-tick" aria-hidden="true"></span> value tried (rug)</span>
        </div>
        <div class="rc-panels">${[0, 1, 2].map(panelMarkup).join('')}</div>
        <p class="rc-hint" id="rc-hint">Drag a box on a panel to zoom in: coarse to fine (or, from the keyboard, “Zoom around the best” below).</p>
        <section class="rc-mattered" id="rc-mattered" aria-labelledby="rc-mattered-title" hidden>
          <canvas id="rc-mattered-chart" class="rc-mattered-chart" role="img"></canvas>
          <div class="rc-mattered-text">
            <h3 id="rc-mattered-title">Which hyperparameter mattered?</h3>
            <p class="rc-mattered-shares" id="rc-mattered-shares"></p>
            <p class="rc-help" id="rc-mattered-help"></p>
          </div>
        </section>
      </div>
    </div>

    <section class="rc-zoom" aria-labelledby="rc-zoom-title">
      <h3 id="rc-zoom-title">Coarse to fine</h3>
      <p class="rc-help">After a first, coarse random pass, zoom into the region where the best points
        cluster and sample it more densely. Drag a box on any panel above, or:
        <button type="button" class="btn btn-small" id="rc-zoom-best" aria-describedby="rc-zoom-best-what">Zoom around the best</button>
        <button type="button" class="btn btn-small" id="rc-zoom-clear" disabled>Clear the zoom</button>
        <span class="visually-hidden" id="rc-zoom-best-what">puts the box around the best quarter of the random-on-scale trials and runs a second pass of the same budget inside it</span></p>
      <p class="rc-error" data-error-for="zoom" role="alert" hidden></p>
      <div class="rc-zoom-body" id="rc-zoom-body" hidden>
        ${panelMarkup(2).replace('data-strategy="scale"', 'data-strategy="zoom"')}
        <div class="rc-zoom-text">
          <p id="rc-zoom-range"></p>
          <p id="rc-zoom-compare"></p>
        </div>
      </div>
    </section>

    <section class="rc-curves" aria-labelledby="rc-curves-title">
      <h3 id="rc-curves-title">Best so far</h3>
      <div class="rc-curves-body">
        <div class="rc-chart-wrap"><div class="rc-curve-legend" id="rc-curve-legend"></div><canvas id="rc-curves" class="rc-chart" role="img" aria-label="Best score so far against the trial number for the three searches"></canvas></div>
        <div class="rc-curves-side">
          <p class="rc-help">Solid: this run. One run is luck; repeat each search ${REPEATS} times with new seeds
            to see the typical curve (dashed: median; shaded: middle half of the runs).</p>
          <button type="button" class="btn" id="rc-repeat" disabled>Repeat ${REPEATS} times</button>
          <p class="rc-help" id="rc-repeat-note"></p>
          <p id="rc-repeat-result"></p>
          <div class="rc-calc" role="group" aria-labelledby="rc-calc-title">
            <h4 id="rc-calc-title">How many random trials?</h4>
            <p>If the best <input type="number" id="rc-calc-p" min="0.1" max="100" step="0.5" value="5" aria-label="top share in percent">% of the space is good enough, each random trial lands
              there with chance p. With n trials: <strong>P(at least one hit) = 1 − (1 − p)<sup>n</sup></strong></p>
            <p id="rc-calc-out" class="rc-calc-out"></p>
            <p class="rc-error" data-error-for="calc" role="alert" hidden></p>
          </div>
        </div>
      </div>
    </section>
  </div>`;
}

// ---------------------------------------------------------------------------------------------

function $(sel, root = ui.root) {
  return root.querySelector(sel);
}

/** A probability as the calculator shows it: "3.2%", "72%", ">99.9%" (never a rounded 100%). */
function chance(p) {
  if (p >= 0.9995 && p < 1) return `>${percent(0.999, 1)}`;
  return percent(p, p < 0.1 ? 1 : 0);
}

export function mount(root, state) {
  root.innerHTML = markup();
  ui = { root, state, params: wasm.searchParams(), resize: null, timer: 0, frame: 0, unhook: null };
  const datasets = $('#rc-dataset');
  for (const name of wasm.datasetNames()) datasets.append(new Option(name, name));
  for (const p of ['x', 'y']) {
    const sel = $(`#rc-${p}-axis`);
    for (const [key, name] of ui.params) sel.append(new Option(name, key));
  }
  wire();
  // An internal error anywhere stops the race's workers (its boards may be poisoned by a panic).
  ui.unhook = onInternalError(() => stopRun());
  ui.resize = new ResizeObserver(() => scheduleDraw());
  for (const c of root.querySelectorAll('canvas')) ui.resize.observe(c);
  start();
}

export function unmount() {
  if (!ui) return;
  stopRun('cancelled');
  freeRun();
  ui.unhook?.();
  ui.resize?.disconnect();
  clearTimeout(ui.timer);
  cancelAnimationFrame(ui.frame);
  ui.root.replaceChildren();
  ui = null;
}

// ----- controls ------------------------------------------------------------------------------

function wire() {
  const { root, state } = ui;
  const change = (changes) => {
    state.set(changes);
    restartSoon();
  };
  for (const p of ['x', 'y']) {
    $(`#rc-${p}-axis`).addEventListener('change', (ev) => {
      // A new hyperparameter starts from its own default scale and range.
      change({ [`${p}Axis`]: ev.target.value, [`${p}Scale`]: null, [`${p}Min`]: null, [`${p}Max`]: null, zoom: null });
    });
    $(`#rc-${p}-scale`).addEventListener('change', (ev) => change({ [`${p}Scale`]: ev.target.value, zoom: null }));
    for (const end of ['Min', 'Max']) {
      $(`#rc-${p}-${end.toLowerCase()}`).addEventListener('change', (ev) => {
        const v = ev.target.value.trim();
        change({ [`${p}${end}`]: v === '' ? null : v, zoom: null });
      });
    }
  }
  $('#rc-budget').addEventListener('change', (ev) => change({ budget: ev.target.value.trim() || null }));
  for (const b of root.querySelectorAll('[data-budget]')) {
    b.addEventListener('click', () => change({ budget: b.dataset.budget }));
  }
  for (const r of root.querySelectorAll('input[name="rc-objective"]')) {
    r.addEventListener('change', () => change({ objective: r.value === 'real' ? null : r.value }));
  }
  $('#rc-dataset').addEventListener('change', (ev) => change({ dataset: ev.target.value, zoom: null }));
  $('#rc-steps').addEventListener('change', (ev) => change({ steps: ev.target.value.trim() || null, zoom: null }));
  $('#rc-importance').addEventListener('change', (ev) => change({ importance: ev.target.value.trim() || null }));
  $('#rc-seed').addEventListener('change', (ev) => change({ searchSeed: ev.target.value.trim() || null }));
  $('#rc-reseed').addEventListener('click', () => change({ searchSeed: String(wasm.freshSeed()) }));
  $('#rc-run').addEventListener('click', () => start());
  $('#rc-cancel').addEventListener('click', () => stopRun('cancelled'));
  $('#rc-defaults').addEventListener('click', () => {
    const off = {};
    for (const k of RACE_KEYS) off[k] = null;
    change(off);
  });
  $('#rc-repeat').addEventListener('click', repeat);
  $('#rc-calc-p').addEventListener('input', updateCalculator);
  $('#rc-zoom-best').addEventListener('click', zoomAroundBest);
  $('#rc-zoom-clear').addEventListener('click', () => change({ zoom: null }));
  for (const fig of root.querySelectorAll('.rc-panels .rc-panel')) wireDrag(fig);
}

function restartSoon() {
  clearTimeout(ui.timer);
  ui.timer = setTimeout(() => start(), 150);
}

/** Lets the learner drag a box on a panel; on release it becomes the zoom box. */
function wireDrag(fig) {
  const canvas = fig.querySelector('canvas');
  const box = fig.querySelector('.rc-drag');
  let from = null;
  const unitOf = (ev) => {
    const r = canvas.getBoundingClientRect();
    const [px, py, pw, ph] = wasm.panelLayout(canvas.width, canvas.height);
    const sx = canvas.width / r.width;
    const sy = canvas.height / r.height;
    const u = ((ev.clientX - r.left) * sx - px) / pw;
    const v = 1 - ((ev.clientY - r.top) * sy - py) / ph;
    return [Math.min(1, Math.max(0, u)), Math.min(1, Math.max(0, v))];
  };
  const place = (a, b) => {
    const r = canvas.getBoundingClientRect();
    const [px, py, pw, ph] = wasm.panelLayout(canvas.width, canvas.height);
    const sx = r.width / canvas.width;
    const sy = r.height / canvas.height;
    const left = (px + Math.min(a[0], b[0]) * pw) * sx;
    const right = (px + Math.max(a[0], b[0]) * pw) * sx;
    const top = (py + (1 - Math.max(a[1], b[1])) * ph) * sy;
    const bottom = (py + (1 - Math.min(a[1], b[1])) * ph) * sy;
    Object.assign(box.style, { left: `${left}px`, top: `${top}px`, width: `${right - left}px`, height: `${bottom - top}px` });
  };
  canvas.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    from = unitOf(ev);
    canvas.setPointerCapture(ev.pointerId);
    place(from, from);
    box.hidden = false;
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (from) place(from, unitOf(ev));
  });
  const end = (ev, apply) => {
    if (!from) return;
    const to = unitOf(ev);
    const a = from;
    from = null;
    box.hidden = true;
    const [x0, x1] = [Math.min(a[0], to[0]), Math.max(a[0], to[0])];
    const [y0, y1] = [Math.min(a[1], to[1]), Math.max(a[1], to[1])];
    if (!apply || x1 - x0 < 0.03 || y1 - y0 < 0.03) return; // a click, not a box
    const r = (v) => Math.round(v * 1000) / 1000;
    ui.state.set({ zoom: [r(x0), r(x1), r(y0), r(y1)].join(',') });
    start();
    ui.root.querySelector('.rc-zoom').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  };
  canvas.addEventListener('pointerup', (ev) => end(ev, true));
  canvas.addEventListener('pointercancel', (ev) => end(ev, false));
}

function fillControls(info) {
  const { state } = ui;
  const kindOf = Object.fromEntries(ui.params.map(([key, , kind]) => [key, kind]));
  for (const p of ['x', 'y']) {
    const a = info[p];
    $(`#rc-${p}-axis`).value = a.key;
    const seg = $(`#rc-${p}-scale`);
    seg.replaceChildren();
    for (const [value, label] of SCALES[kindOf[a.key]] ?? SCALES.real) {
      const id = `rc-${p}-scale-${value}`;
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: `rc-${p}-scale`, id, value });
      input.checked = value === a.scale;
      const lab = Object.assign(document.createElement('label'), { htmlFor: id, textContent: label });
      seg.append(input, lab);
    }
    const categorical = a.scale === 'categorical';
    for (const end of ['min', 'max']) {
      const input = $(`#rc-${p}-${end}`);
      input.disabled = categorical;
      if (document.activeElement !== input) input.value = categorical ? '' : String(a[`${end}Value`]);
    }
  }
  const budget = $('#rc-budget');
  if (document.activeElement !== budget) budget.value = info.budget;
  for (const r of ui.root.querySelectorAll('input[name="rc-objective"]')) r.checked = r.value === info.objective;
  ui.root.querySelector('.race').dataset.objective = info.objective;
  $('#rc-dataset').value = state.get('dataset') ?? 'circle';
  $('#rc-steps').value = info.steps;
  $('#rc-importance').value = info.importance;
  $('#rc-seed').value = state.get('searchSeed') ?? '1';
}

/** Shows the URL's own values in the form (used when they cannot be parsed into a race). */
function fillFromUrl() {
  const { state } = ui;
  const defaults = { xAxis: 'lr', yAxis: 'beta2' };
  const scaleOf = Object.fromEntries(ui.params.map(([key, , kind, scale]) => [key, { kind, scale }]));
  for (const p of ['x', 'y']) {
    const key = state.get(`${p}Axis`) ?? defaults[`${p}Axis`];
    const sel = $(`#rc-${p}-axis`);
    sel.value = key;
    if (sel.value !== key) sel.selectedIndex = -1;
    const { kind = 'real', scale = 'log' } = scaleOf[key] ?? {};
    const chosen = state.get(`${p}Scale`) ?? scale;
    const seg = $(`#rc-${p}-scale`);
    seg.replaceChildren();
    for (const [value, label] of SCALES[kind]) {
      const id = `rc-${p}-scale-${value}`;
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: `rc-${p}-scale`, id, value });
      input.checked = value === chosen;
      seg.append(input, Object.assign(document.createElement('label'), { htmlFor: id, textContent: label }));
    }
    for (const end of ['Min', 'Max']) {
      const input = $(`#rc-${p}-${end.toLowerCase()}`);
      input.disabled = false;
      input.value = state.get(`${p}${end}`) ?? '';
      input.placeholder = 'default';
    }
  }
  $('#rc-budget').value = state.get('budget') ?? '25';
  const objective = state.get('objective') ?? 'real';
  for (const r of ui.root.querySelectorAll('input[name="rc-objective"]')) r.checked = r.value === objective;
  ui.root.querySelector('.race').dataset.objective = objective === 'synthetic' ? 'synthetic' : 'real';
  $('#rc-dataset').value = state.get('dataset') ?? 'circle';
  $('#rc-steps').value = state.get('steps') ?? '300';
  $('#rc-importance').value = state.get('importance') ?? '0.1';
  $('#rc-seed').value = state.get('searchSeed') ?? '1';
  if (!run) ui.root.querySelector('.race').dataset.empty = 'true';
}

function clearErrors() {
  for (const el of ui.root.querySelectorAll('.rc-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of ui.root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
}

/** Shows a bad setting's message next to its control (never a panic, never silent). */
function showSettingError(err) {
  const control = typeof err?.control === 'string' ? err.control : 'config';
  const box = ui.root.querySelector(`[data-error-for="${control}"]`) ?? ui.root.querySelector('[data-error-for="config"]');
  box.textContent = err?.message ?? String(err);
  box.hidden = false;
  const group = control === 'x' || control === 'y'
    ? ui.root.querySelectorAll(`[data-axis="${control}"] input[type="text"], [data-axis="${control}"] select`)
    : ui.root.querySelectorAll(`[data-key="${control}"]`);
  for (const el of group) el.setAttribute('aria-invalid', 'true');
  setStatus('error', 'Fix the setting marked in red to run the race.');
}

function setStatus(stateName, text) {
  ui.root.querySelector('.race').dataset.raceState = stateName;
  $('#rc-status').textContent = text;
}

// ----- running -------------------------------------------------------------------------------

function freeRun() {
  if (!run) return;
  run.board?.free();
  run.zoomBoard?.free();
  run = null;
}

function stopRun(why) {
  if (!run || run.finished) return;
  run.finished = true;
  for (const j of run.jobs) j.cancel();
  saveLandscapes(run);
  $('#rc-cancel').disabled = true;
  if (why === 'cancelled') setStatus('cancelled', 'Cancelled. “Run again” continues from the cached landscape.');
}

function saveLandscapes(r) {
  for (const b of [r.board, r.zoomBoard]) {
    if (b && b.landscapeFilled > 0) landscapeCache.set(b.landscapeKey(), b.landscapeResults());
  }
}

/** (Re)starts the race for the settings in the URL. */
function start() {
  if (!ui) return;
  clearTimeout(ui.timer);
  clearErrors();
  const board = guard(() => wasm.RaceBoard.fromQuery(ui.state.query()), 'checking the search settings', (err) => {
    // Keep the last race on screen (if any), stop its work, and show what to fix.
    stopRun();
    fillFromUrl();
    showSettingError(err);
  });
  if (!board) return;
  stopRun();
  freeRun();
  ui.root.querySelector('.race').dataset.empty = 'false';
  ui.state.adopt(board.query(), RACE_KEYS);
  const info = board.info();
  fillControls(info);
  const zoomBoard = guard(() => board.zoomed(), 'zooming', showSettingError) ?? null;
  run = { board, zoomBoard, info, zoomInfo: zoomBoard?.info(), jobs: [], finished: false, t0: performance.now(), problem: null, work: 0 };
  const r = run;
  const pool = sharedPool();
  const query = board.fullQuery();

  const landscapeJobs = (b) => {
    const cached = landscapeCache.get(b.landscapeKey());
    if (cached) b.restoreLandscape(cached);
    const order = b.landscapeOrder();
    const todo = cached ? order.filter((c) => Number.isNaN(cached[c])) : order;
    const q = b.fullQuery();
    const jobs = [];
    r.work += todo.length;
    for (let k = 0; k < todo.length; k += LANDSCAPE_CHUNK) {
      const cells = todo.slice(k, k + LANDSCAPE_CHUNK);
      jobs.push(() => pool.run('raceCells', { query: q, cells }, {
        onProgress: ({ from, results }) => {
          if (run !== r) return;
          b.recordCells(cells.subarray(from, from + results.length), results);
          scheduleDraw();
        },
      }));
    }
    return jobs;
  };
  const trialJob = (b, i, q) => () => {
    const points = b.trialPoints(i);
    r.work += points.length / 2;
    return pool.run('racePoints', { query: q, points }, {
      onProgress: ({ from, results }) => {
        if (run !== r) return;
        b.recordTrials(i, from, results);
        scheduleDraw();
      },
    });
  };

  // Queue order: a coarse landscape first (a rough map within a moment), then the three
  // searches, then the rest of the landscape; the zoomed pass last.
  const land = landscapeJobs(board);
  const plan = [...land.slice(0, 1), ...[0, 1, 2].map((i) => trialJob(board, i, query)), ...land.slice(1)];
  if (zoomBoard) {
    const zl = landscapeJobs(zoomBoard);
    plan.push(...zl.slice(0, 1), trialJob(zoomBoard, 2, zoomBoard.fullQuery()), ...zl.slice(1));
  }
  r.total = board.landscapeTotal + 3 * board.budget + (zoomBoard ? zoomBoard.landscapeTotal + zoomBoard.budget : 0);
  r.jobs = plan.map((make) => make());
  $('#rc-cancel').disabled = false;
  $('#rc-repeat-result').textContent = '';
  setStatus('running', 'Training…');
  Promise.allSettled(r.jobs.map((j) => j.promise)).then((outcomes) => {
    if (run !== r || r.finished) return;
    r.finished = true;
    $('#rc-cancel').disabled = true;
    saveLandscapes(r);
    const failed = outcomes.find((o) => o.status === 'rejected' && !isCancelled(o.reason));
    const ms = performance.now() - r.t0;
    const root = ui.root.querySelector('.race');
    if (failed) {
      const err = failed.reason;
      if (err?.control) showSettingError(err);
      else reportInternalError(err, 'running the search in a worker');
      return;
    }
    r.problem = outcomes.map((o) => o.value?.problem).find(Boolean) ?? null;
    root.dataset.raceMs = String(Math.round(ms));
    const what = board.isReal ? `${r.work} trainings` : `${r.work} evaluations`;
    setStatus('done', `Done: ${what} in ${seconds(ms)} on ${pool.size} workers.${continuedText(r)}`);
    draw();
  });
  scheduleDraw();
}

// ----- drawing -------------------------------------------------------------------------------

function scheduleDraw() {
  if (!ui || ui.frame) return;
  ui.frame = requestAnimationFrame(() => {
    ui.frame = 0;
    draw();
  });
}

/** Sizes a canvas to its CSS box × devicePixelRatio (dom.js); false if it is not laid out. */
function laidOut(canvas) {
  fitCanvas(canvas);
  return canvas.width > 0 && canvas.height > 0;
}

function draw() {
  if (!ui || !run) return;
  guard(drawNow, 'drawing the race'); // an error stops the race (the onInternalError hook)
}

function placeLabels(fig, canvas, info) {
  const [px, py, pw, ph] = wasm.panelLayout(canvas.width, canvas.height);
  const s = canvas.clientWidth / canvas.width;
  const xl = fig.querySelector('.rc-xlabels');
  const yl = fig.querySelector('.rc-ylabels');
  const key = `${canvas.width}|${JSON.stringify(info.x.ticks)}|${JSON.stringify(info.y.ticks)}`;
  if (xl.dataset.key === key) return;
  xl.dataset.key = key;
  xl.replaceChildren();
  yl.replaceChildren();
  for (const [u, label] of info.x.ticks) {
    const span = Object.assign(document.createElement('span'), { textContent: label });
    span.style.left = `${(px + u * pw) * s}px`;
    xl.append(span);
  }
  const xname = Object.assign(document.createElement('span'), { className: 'rc-axis-name', textContent: `${info.x.name} (${info.x.scaleName})` });
  xname.style.left = `${(px + 0.5 * pw) * s}px`;
  xl.append(xname);
  for (const [v, label] of info.y.ticks) {
    const span = Object.assign(document.createElement('span'), { textContent: label });
    span.style.top = `${(py + (1 - v) * ph) * s}px`;
    yl.append(span);
  }
  fig.querySelector('.rc-yname').textContent = `↑ ${info.y.name} (${info.y.scaleName})`;
}

function drawPanel(fig, board, info, i, showZoom) {
  const canvas = fig.querySelector('canvas');
  if (!laidOut(canvas)) return null;
  board.renderPanel(i, canvas, showZoom);
  placeLabels(fig, canvas, info);
  const [dx, dy] = board.distinctValues(i);
  const done = board.trialsDone(i);
  const total = board.trialCount(i);
  fig.querySelector('.rc-name').textContent = info.strategies[i];
  const cx = fig.querySelector('.rc-count-x');
  cx.textContent = String(dx);
  cx.dataset.count = String(dx);
  fig.querySelector('.rc-count-x-text').textContent = `values of ${info.x.name} tried`;
  fig.querySelector('.rc-count-y-n').textContent = String(dy);
  fig.querySelector('.rc-count-y-text').textContent = `values of ${info.y.name}`;
  fig.querySelector('.rc-done').textContent = String(done);
  fig.querySelector('.rc-total').textContent = String(total);
  fig.dataset.done = String(done === total);
  const best = board.best(i);
  const failed = board.failedCount(i);
  const what = board.isReal ? 'validation loss' : 'f';
  fig.querySelector('.rc-best').textContent = best.length
    ? `★ best ${what} ${number(best[0])} at ${board.bestText(i)}${failed ? ` · ${failed} diverged` : ''}`
    : (failed ? `${failed} diverged` : '');
  canvas.setAttribute('aria-label', `${info.strategies[i]}: ${done} of ${total} trials, ${dx} distinct values of ${info.x.name}, ${dy} of ${info.y.name}`);
  return { dx, dy, done, total, best };
}

function drawNow() {
  const { board, info, zoomBoard, zoomInfo } = run;
  const figs = ui.root.querySelectorAll('.rc-panels .rc-panel');
  const stats = [0, 1, 2].map((i) => drawPanel(figs[i], board, info, i, i === 2));

  // Progress.
  let filled = board.landscapeFilled;
  let trials = [0, 1, 2].reduce((n, i) => n + board.trialsDone(i), 0);
  if (zoomBoard) {
    filled += zoomBoard.landscapeFilled;
    trials += zoomBoard.trialsDone(2);
  }
  const progress = $('#rc-progress');
  progress.value = run.total ? (filled + trials) / run.total : 0;
  if (!run.finished) {
    setStatus('running', `Training in ${sharedPool().size} workers… landscape ${board.landscapeFilled}/${board.landscapeTotal} cells, trials ${[0, 1, 2].reduce((n, i) => n + board.trialsDone(i), 0)}/${3 * board.budget}`);
  }

  // The headline: the count that makes the point.
  if (stats.every(Boolean)) {
    const [g, u, s] = stats;
    const x = info.x.name;
    $('#rc-headline').innerHTML = '';
    const h = $('#rc-headline');
    const strong = (t) => Object.assign(document.createElement('strong'), { textContent: t });
    h.append('The grid tried ', strong(`${g.dx} values`), ` of ${x}; random search tried `,
      strong(`${u.dx}`), ' and ', strong(`${s.dx}`), ` — with the same ${info.budget} trials.`);
  }
  const note = [board.isReal ? info.note : null, run.problem && board.isReal ? `Some runs diverged (${run.problem}).` : null].filter(Boolean).join(' ');
  $('#rc-note').textContent = note;
  $('#rc-note').hidden = !note;

  // The colour legend.
  const range = board.scoreRange();
  $('#rc-legend-lo').textContent = range.length ? `${number(range[0])} (good)` : 'low (good)';
  $('#rc-legend-hi').textContent = range.length ? number(range[1]) : 'high';
  ui.root.querySelector('.rc-legend span').textContent = board.isReal ? 'validation loss:' : 'f(x, y):';

  // Coarse to fine.
  const zoomBody = $('#rc-zoom-body');
  zoomBody.hidden = !zoomBoard;
  $('#rc-zoom-clear').disabled = !info.zoom;
  $('#rc-zoom-best').disabled = !(stats[2]?.best?.length);
  if (zoomBoard) {
    const fig = zoomBody.querySelector('.rc-panel');
    const z = drawPanel(fig, zoomBoard, zoomInfo, 2, false);
    fig.querySelector('.rc-name').textContent = `2nd pass: ${zoomBoard.budget} trials in the box`;
    $('#rc-zoom-range').textContent = `The box spans ${zoomInfo.x.name} ${zoomInfo.x.min} … ${zoomInfo.x.max} and ${zoomInfo.y.name} ${zoomInfo.y.min} … ${zoomInfo.y.max}; its landscape is recomputed at the same resolution, so it shows the box in finer detail.`;
    const b1 = stats[2]?.best;
    if (z?.best?.length && b1?.length) {
      $('#rc-zoom-compare').textContent = `Best of the 1st pass (random on scale, whole space): ${number(b1[0])}. Best of the 2nd pass inside the box: ${number(z.best[0])}. On the best-so-far chart below, the random-on-scale curve continues through the 2nd pass as trials ${info.budget + 1}–${2 * info.budget}.`;
    }
  }

  // Curves and repeats.
  const legend = $('#rc-curve-legend');
  if (legend.dataset.names !== info.strategies.join('|')) {
    legend.dataset.names = info.strategies.join('|');
    legend.replaceChildren(...info.strategies.map((name, i) => {
      const item = Object.assign(document.createElement('span'), { className: 'rc-legend-item' });
      item.append(Object.assign(document.createElement('span'), { className: 'rc-swatch' }), name);
      item.firstChild.dataset.series = String(i);
      return item;
    }));
  }
  const curves = $('#rc-curves');
  const continued = zoomBoard ? zoomBoard.bestSoFar(2) : new Float64Array(0);
  if (laidOut(curves)) board.renderCurves(curves, continued);
  curves.setAttribute('aria-label', zoomBoard
    ? `Best score so far against the trial number: the random-on-scale curve continues through the finer pass, trials ${info.budget + 1} to ${2 * info.budget}`
    : 'Best score so far against the trial number for the three searches');

  drawImportance(board, info, stats);
  const landscapeDone = board.landscapeFilled === board.landscapeTotal;
  const btn = $('#rc-repeat');
  btn.disabled = board.isReal && !landscapeDone;
  $('#rc-repeat-note').textContent = board.isReal
    ? `Repeats do not train ${3 * REPEATS * board.budget} more networks: each repeated trial reads the score of the landscape cell it falls in (a ${board.mapSize} × ${board.mapSize} grid of real runs). An honest approximation: good to 1/${board.mapSize} of each axis.`
    : 'Repeats use the synthetic formula itself: exact and instant.';
  updateCalculator();
}

/** What the zoomed pass added, for the status line ("" without one). */
function continuedText(r) {
  if (!r.zoomBoard) return '';
  const n = r.info.budget;
  const b1 = r.board.best(2);
  const b2 = r.zoomBoard.best(2);
  if (!b1.length || !b2.length) return '';
  const pass = `Coarse to fine: the finer pass (trials ${n + 1}–${2 * n})`;
  return b2[0] < b1[0]
    ? ` ${pass} improved the best from ${number(b1[0])} to ${number(b2[0])}.`
    : ` ${pass} did not beat the 1st pass's best, ${number(b1[0])}.`;
}

/** "Which hyperparameter mattered?": shown once both random searches have finished. */
function drawImportance(board, info, stats) {
  const box = $('#rc-mattered');
  const ready = stats[1] && stats[2] && stats[1].done === stats[1].total && stats[2].done === stats[2].total;
  const text = ready ? board.importanceText() : '';
  box.hidden = !text;
  if (!text) return;
  const canvas = $('#rc-mattered-chart');
  if (laidOut(canvas)) board.renderImportance(canvas);
  const n = board.importanceTrials();
  $('#rc-mattered-shares').textContent = text;
  canvas.setAttribute('aria-label', `Share of the ${board.isReal ? 'validation loss' : 'score'}'s variance each hyperparameter explains: ${text}`);
  $('#rc-mattered-help').textContent = `From all ${n} trials of the two random searches: how much of the spread in ${board.isReal ? 'validation loss' : 'f'} each hyperparameter's value explains on its own (as in Optuna's importance plot). Random search gives you this for free, because every trial moves every axis; a ${info.gridK} × ${info.gridK} grid sees only ${info.gridK} values of each, so it cannot tell where between them the loss changes.`;
}

function repeat() {
  if (!run) return;
  const { board, info } = run;
  const repeated = guard(() => {
    board.repeat(REPEATS);
    return true;
  }, 'repeating the searches', (err) => {
    $('#rc-repeat-note').textContent = err.message;
    return false;
  });
  if (!repeated) return;
  const med = [0, 1, 2].map((i) => board.repeatMedian(i));
  $('#rc-repeat-result').textContent = `Median best after ${info.budget} trials over ${REPEATS} repeats — `
    + info.strategies.map((n, i) => `${n}: ${number(med[i])}`).join(' · ');
  ui.root.querySelector('.race').dataset.repeats = String(board.repeats);
  draw();
}

function updateCalculator() {
  if (!run) return;
  const out = $('#rc-calc-out');
  const err = ui.root.querySelector('[data-error-for="calc"]');
  const p = Number($('#rc-calc-p').value) / 100;
  const n = run.info.budget;
  guard(() => {
    const hit = wasm.chanceOfTopHit(p, n);
    const need = wasm.trialsNeeded(p, 0.95);
    // p as the learner typed it (in percent), with up to 3 significant digits: "5%", "0.5%".
    out.textContent = `p = ${number(100 * p)}%, n = ${n} (the budget): P = ${chance(hit)}. For ${percent(0.95, 0)} you need ${need} random trials.`;
    err.hidden = true;
  }, 'the trials calculator', (e) => {
    out.textContent = '';
    err.textContent = e.message;
    err.hidden = false;
  });
}

function zoomAroundBest() {
  if (!run) return;
  const box = guard(() => run.board.zoomAroundBest(2), 'zooming',
    (err) => showSettingError(Object.assign(new Error(err.message), { control: 'zoom' })));
  if (box === undefined) return;
  ui.state.set({ zoom: box });
  start();
}
