// "Grid vs random" (course notes week 3, §1): three searches with the same budget of real
// trainings — a grid, random uniform in value, random on the right scale — drawn side by side
// with a rug of the distinct values each tried, their best-so-far curves, fair repeats (how
// often random search beat the grid), coarse to fine, which hyperparameter mattered, and the
// course's list of hyperparameters measured ("Which hyperparameters matter?").
//
// The controls come from the settings table (form.js) and every word from the catalogue (t()).
// Rust reads and checks the URL (readSettings, RaceBoard.fromQuery), plans the work, estimates
// its cost, records what the workers report and computes every number (RaceBoard.summary(),
// once per frame); the pool's 'raceWork' jobs train the tasks. Landscapes are cached per
// configuration (RaceBoard.landscapeKey) for the page's lifetime.
import * as wasm from '../../pkg/tunelab.js';
import { sharedPool, isCancelled } from '../workers/pool.js';
import { guard, onInternalError, reportInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { integer, number, percent, seconds } from '../format.js';
import { errorEntry, field, label, readField, showErrors, writeFields } from '../form.js';
import { esc, has, lang, t } from '../i18n.js';

const SLOTS = ['x', 'y', 'z', 'w'];
const STRATEGY_IDS = ['grid', 'uniform', 'scale'];
const BUDGETS = [9, 16, 25, 36, 49, 64];
/** Tasks per worker job: landscape cells, the race's trials, repeats (in repeats), study trials. */
const CELL_CHUNK = 128;
const REPEAT_CHUNK = 5;
const STUDY_CHUNK = 10;

/** The race's URL keys, from the settings table (none restated here). */
const raceKeys = () => wasm.settingsTable().filter((s) => s.owner === 'race').map((s) => s.key);

/** landscapeKey → Float64Array of encoded cell results (NaN: not computed). Lives per page. */
const landscapeCache = new Map();

let ui = null; // the mounted view
let run = null; // the race in progress or last finished
let study = null; // the study in progress or last finished

const html = String.raw;
const tt = (id, args) => esc(t(id, args));

function axisMarkup(p) {
  const optional = p === 'z' || p === 'w';
  return html`
    <div class="rc-axis" data-slot="${p}">
      <div class="rc-axis-title">${tt(`race.slot-${p}`)}</div>
      ${field(`${p}Axis`, { id: `rc-${p}-axis`, help: false })}
      <div class="rc-axis-range" ${optional ? 'data-optional' : ''}>
        ${field(`${p}Scale`, { id: `rc-${p}-scale`, help: false })}
        <div class="field-row">
          ${field(`${p}Min`, { id: `rc-${p}-min`, help: false })}
          ${field(`${p}Max`, { id: `rc-${p}-max`, help: false })}
        </div>
      </div>
    </div>`;
}

function panelMarkup(id, series) {
  return html`
    <figure class="rc-panel" data-strategy="${id}">
      <figcaption class="rc-panel-name"><span class="rc-swatch" data-series="${series}"></span><span class="rc-name"></span></figcaption>
      <div class="rc-yname" aria-hidden="true"></div>
      <div class="rc-plot">
        <div class="rc-ylabels" aria-hidden="true"></div>
        <div class="rc-canvas-wrap">
          <canvas class="rc-canvas" role="img" aria-label="${tt('race.panel-alt')}"></canvas>
          <div class="rc-drag" hidden></div>
        </div>
        <div class="rc-xlabels" aria-hidden="true"></div>
      </div>
      <ul class="rc-counts"></ul>
      <p class="rc-best"></p>
    </figure>`;
}

function markup() {
  return html`
  <div class="race" data-race-state="idle" data-idle="true">
    <header class="rc-head">
      <h2>${tt('race.title')}</h2>
      <p class="rc-lede" data-present="hide">${tt('race.lede')}</p>
    </header>
    <div class="rc-layout">
      <form class="rc-controls" id="rc-form" autocomplete="off" novalidate aria-label="${tt('race.form')}" data-present="hide">
        <div id="rc-form-error" class="form-error" role="alert" hidden>
          <p id="rc-form-error-text"></p>
          <div class="rc-unplaced" data-unplaced-errors></div>
          <div id="rc-form-error-resets" class="rc-resets"></div>
          <button type="button" id="rc-form-error-defaults" class="btn btn-small">${tt('form.use-defaults')}</button>
        </div>
        <fieldset class="rc-group"><legend>${tt('race.training')}</legend>
          <div data-real-only>${field('dataset', { id: 'rc-dataset', help: false })}</div>
          <div data-real-only>${field('steps', { id: 'rc-steps', help: false })}</div>
          <div data-synthetic-only hidden>${field('importance', { id: 'rc-importance', help: false })}</div>
          ${field('objective', { id: 'rc-objective', help: false })}
        </fieldset>
        <fieldset class="rc-group"><legend>${tt('race.axes')}</legend>
          ${SLOTS.map(axisMarkup).join('')}
          <div id="rc-map-field" hidden>${field('map', { id: 'rc-map', help: false })}</div>
        </fieldset>
        <fieldset class="rc-group"><legend>${tt('race.search')}</legend>
          ${field('budget', { id: 'rc-budget', help: false })}
          <div class="rc-quick" role="group" aria-label="${esc(label('budget'))}">
            ${BUDGETS.map((b) => `<button type="button" class="btn btn-small" data-budget="${b}">${b}</button>`).join('')}
          </div>
          ${field('searchSeed', { id: 'rc-seed' })}
          ${field('dark', { id: 'rc-dark', help: false })}
          ${field('repeats', { id: 'rc-repeats', help: false })}
        </fieldset>
        <div class="rc-buttons">
          <button type="button" class="btn" id="rc-run">${tt('race.run')}</button>
          <button type="button" class="btn" id="rc-cancel" disabled>${tt('race.cancel')}</button>
          <button type="button" class="btn btn-small" id="rc-defaults">${tt('race.defaults')}</button>
        </div>
      </form>
      <div class="rc-main">
        <div class="rc-statusbar">
          <p class="rc-status" id="rc-status" role="status" aria-live="polite"></p>
          <progress id="rc-progress" max="1" value="0"></progress>
          <button type="button" class="btn" id="rc-repeat" disabled></button>
        </div>
        <div class="rc-ask" id="rc-ask" role="alertdialog" aria-labelledby="rc-ask-text" hidden>
          <p id="rc-ask-text"></p>
          <button type="button" class="btn" id="rc-ask-start">${tt('race.ask-start')}</button>
          <button type="button" class="btn btn-small" id="rc-ask-cancel">${tt('race.cancel')}</button>
        </div>
        <p class="rc-headline" id="rc-headline" aria-live="polite"></p>
        <div class="rc-verdict" id="rc-verdict" aria-live="polite"></div>
        <p class="rc-gridmath" id="rc-gridmath" data-present="hide"></p>
        <p class="rc-note" id="rc-note" data-present="hide" hidden></p>
        <div class="rc-legend">
          <span id="rc-legend-what"></span>
          <span id="rc-legend-lo"></span>
          <span class="rc-gradient" aria-hidden="true"></span>
          <span id="rc-legend-hi"></span>
          <span class="rc-legend-item"><span class="rc-diverged" aria-hidden="true"></span> ${tt('race.legend-diverged')}</span>
          <span class="rc-legend-item"><span class="rc-dot" aria-hidden="true"></span> ${tt('race.legend-trial')}</span>
          <span class="rc-legend-item">★ ${tt('race.legend-best')}</span>
          <span class="rc-legend-item"><span class="rc-tick" aria-hidden="true"></span> ${tt('race.legend-rug')}</span>
        </div>
        <div class="rc-darkbar"><p class="rc-dark" id="rc-dark-note" hidden></p>
          <button type="button" class="btn btn-small" id="rc-landscape" hidden></button></div>
        <div class="rc-panels">${STRATEGY_IDS.map((id, i) => panelMarkup(id, i)).join('')}</div>
        <p class="rc-help" id="rc-regret-help" data-present="hide"></p>
        <section class="rc-repeat" aria-label="${tt('race.repeat', { n: '' })}">
          <div id="rc-repeat-result"></div>
          <p class="rc-help" data-present="hide">${tt('race.repeat-fair')}</p>
        </section>
      </div>
    </div>

    <section class="rc-curves" aria-labelledby="rc-curves-title">
      <h3 id="rc-curves-title">${tt('race.curves-title')}</h3>
      <div class="rc-curves-body">
        <figure class="rc-chart-wrap"><div class="rc-curve-legend" id="rc-curve-legend"></div><canvas id="rc-curves" class="rc-chart" role="img" aria-label="${tt('race.curves-alt')}"></canvas></figure>
        <div class="rc-curves-side">
          <p class="rc-help" data-present="hide">${tt('race.curves-help')}</p>
          <section class="rc-mattered" id="rc-mattered" aria-labelledby="rc-mattered-title" hidden>
            <h4 id="rc-mattered-title">${tt('race.mattered-title')}</h4>
            <figure class="rc-mattered-figure"><canvas id="rc-mattered-chart" class="rc-mattered-chart" role="img" aria-label="${tt('race.mattered-title')}"></canvas></figure>
            <p class="rc-mattered-shares" id="rc-mattered-shares"></p>
            <p class="rc-help" id="rc-mattered-help" data-present="hide"></p>
          </section>
        </div>
      </div>
    </section>

    <section class="rc-zoom" aria-labelledby="rc-zoom-title">
      <h3 id="rc-zoom-title">${tt('race.zoom-title')}</h3>
      <p class="rc-help"><span data-present="hide">${tt('race.zoom-help')}</span>
        <button type="button" class="btn btn-small" id="rc-zoom-best" aria-describedby="rc-zoom-best-what">${tt('race.zoom-best')}</button>
        <button type="button" class="btn btn-small" id="rc-zoom-clear" disabled>${tt('race.zoom-clear')}</button>
        <span class="visually-hidden" id="rc-zoom-best-what">${tt('race.zoom-best-what')}</span></p>
      <div class="rc-zoom-field" data-present="hide">${field('zoom', { id: 'rc-zoom' })}</div>
      <div class="rc-zoom-body" id="rc-zoom-body" hidden>
        ${panelMarkup('zoom', 2)}
        <div class="rc-zoom-text"><p id="rc-zoom-range"></p><p id="rc-zoom-compare"></p></div>
      </div>
    </section>

    <section class="rc-study" aria-labelledby="rc-study-title">
      <h3 id="rc-study-title">${tt('race.study-title')}</h3>
      <p class="rc-help" data-present="hide">${tt('race.study-help')}</p>
      <div class="rc-study-bar">
        ${field('studyTrials', { id: 'rc-study-trials', layout: 'inline', help: false })}
        <button type="button" class="btn" id="rc-study-run">${tt('race.study-run')}</button>
        <p class="rc-status" id="rc-study-status" role="status"></p>
      </div>
      <div class="rc-study-body" id="rc-study-body" hidden>
        <table class="rc-study-table" id="rc-study-table"></table>
        <p id="rc-study-verdict" class="rc-study-verdict"></p>
      </div>
    </section>

    <section class="rc-tools" aria-labelledby="rc-tools-title" data-present="hide">
      <h3 id="rc-tools-title">${tt('race.snippet-title')}</h3>
      <p class="rc-help" id="rc-tools-help"></p>
      <div class="rc-snippets">
        ${[['optuna', 'Optuna'], ['rayTune', 'Ray Tune']].map(([id, name]) => html`
        <div class="rc-snippet" data-snippet="${id}">
          <div class="rc-snippet-head"><h4 id="rc-snippet-${id}-title">${name}</h4>
            <button type="button" class="btn btn-small" data-copy="${id}" aria-describedby="rc-snippet-${id}-title">${tt('race.snippet-copy')}</button></div>
          <pre tabindex="0" aria-labelledby="rc-snippet-${id}-title"><code></code></pre>
        </div>`).join('')}
      </div>
    </section>

    <section class="rc-calc" role="group" aria-labelledby="rc-calc-title" data-present="hide">
      <h3 id="rc-calc-title">${tt('race.calc-title')}</h3>
      <p>${t('race.calc-text', { p: `<input type="text" id="rc-calc-p" inputmode="decimal" value="5" aria-label="${tt('race.calc-p')}">` })}
        <strong>${tt('race.calc-formula')} = 1 − (1 − p)<sup>n</sup></strong></p>
      <p id="rc-calc-out" class="rc-calc-out"></p>
      <p class="field-error" id="rc-calc-error" role="alert" hidden></p>
    </section>
  </div>`;
}

// ---------------------------------------------------------------------------------------------

function $(sel) {
  return ui.root.querySelector(sel);
}

function setStatus(stateName, text) {
  $('.race').dataset.raceState = stateName;
  $('#rc-status').textContent = text;
}

/** A duration for the learner: "0.8 s", "3 min". */
function duration(s) {
  return s < 90 ? seconds(s * 1000) : t('race.minutes', { n: integer(Math.round(s / 60)) });
}

/** Smooth scrolling, unless the learner asked for less motion. */
function scrollBehavior() {
  return matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}

/** The axis menus and scale buttons name hyperparameters and scales with the catalogue's words. */
function nameChoices(root) {
  for (const p of SLOTS) {
    for (const o of root.querySelectorAll(`[data-key="${p}Axis"] option`)) {
      if (has(`hyperparam.${o.value}`)) o.textContent = t(`hyperparam.${o.value}`);
    }
    for (const input of root.querySelectorAll(`[data-key="${p}Scale"]`)) {
      input.nextElementSibling.textContent = t(`axis-scale.${input.value}`);
    }
  }
}

/** Empty range ends mean the hyperparameter's course range: show it as the placeholder. */
function showRanges(info) {
  for (const a of info.axes) {
    for (const [end, text] of [['Min', a.loText], ['Max', a.hiText]]) {
      const input = ui.root.querySelector(`[data-key="${a.slot}${end}"]`);
      if (input) input.placeholder = text;
    }
  }
}

export function mount(root, state) {
  root.innerHTML = markup();
  nameChoices(root);
  ui = { root, state, resize: null, frame: 0, unhook: null, listeners: new AbortController() };
  wire();
  ui.unhook = onInternalError(() => stopAll());
  ui.resize = new ResizeObserver(() => scheduleDraw());
  for (const c of root.querySelectorAll('canvas')) ui.resize.observe(c);
  start();
  requestAnimationFrame(showLessonFocus); // after the classroom has marked the step's focus
}

export function unmount() {
  if (!ui) return;
  stopAll('left'); // the URL keeps what the picture was (repeats, study): a link, not a cancel
  freeRun();
  study?.handle?.free();
  study = null;
  ui.unhook?.();
  ui.resize?.disconnect();
  ui.listeners.abort();
  cancelAnimationFrame(ui.frame);
  ui.root.replaceChildren();
  ui = null;
}

// ----- controls ------------------------------------------------------------------------------

function wire() {
  const { root, state } = ui;
  const on = (el, type, fn) => el.addEventListener(type, fn, { signal: ui.listeners.signal });
  const change = restart;
  on($('#rc-form'), 'submit', (ev) => ev.preventDefault());
  const onChange = (ev) => {
    const key = ev.target.dataset?.key;
    if (!key) return;
    const v = readField(root, key);
    const value = v === '' ? null : v;
    if ((state.get(key) ?? null) === value) return; // a second 'change' (on blur) changes nothing
    // Read when the study starts; a study shown for another count is dropped (the link would
    // not show it).
    if (key === 'studyTrials') {
      state.set({ studyTrials: value, study: null });
      return dropStudy();
    }
    const slot = SLOTS.find((p) => key === `${p}Axis`);
    // A new hyperparameter starts from its own default scale and range.
    if (slot) return change({ [key]: value, [`${slot}Scale`]: null, [`${slot}Min`]: null, [`${slot}Max`]: null, zoom: null });
    const keepsZoom = ['budget', 'searchSeed', 'repeats', 'dark', 'importance', 'studyTrials', 'zoom'].includes(key);
    change(keepsZoom ? { [key]: value } : { [key]: value, zoom: null });
  };
  on($('#rc-form'), 'change', onChange);
  on($('.rc-zoom-field'), 'change', onChange);
  on($('.rc-study-bar'), 'change', onChange);
  for (const b of root.querySelectorAll('[data-budget]')) on(b, 'click', () => change({ budget: b.dataset.budget }));
  on(root.querySelector('[data-new-seed="searchSeed"]'), 'click', () => change({ searchSeed: String(wasm.freshSeed()) }));
  on($('#rc-run'), 'click', () => start());
  on($('#rc-cancel'), 'click', () => stopAll('cancelled'));
  const defaults = () => {
    const off = {};
    for (const k of raceKeys()) off[k] = null;
    change(off);
  };
  on($('#rc-defaults'), 'click', defaults);
  on($('#rc-form-error-defaults'), 'click', () => {
    state.clearSettings();
    start();
  });
  on($('#rc-repeat'), 'click', () => repeat());
  on($('#rc-ask-start'), 'click', () => ui.ask?.());
  on($('#rc-ask-cancel'), 'click', () => {
    $('#rc-ask').hidden = true;
    ui.ask = null;
    setStatus('cancelled', t('race.status-cancelled'));
  });
  on($('#rc-calc-p'), 'input', updateCalculator);
  on($('#rc-zoom-best'), 'click', zoomAroundBest);
  on($('#rc-zoom-clear'), 'click', () => change({ zoom: null }));
  on($('#rc-study-run'), 'click', () => {
    state.set({ study: '1' });
    runStudy();
  });
  on($('#rc-landscape'), 'click', () => {
    if (!run) return;
    run.showLandscape = !run.showLandscape;
    state.set({ landscape: run.showLandscape ? null : '0' });
    draw();
  });
  for (const b of root.querySelectorAll('[data-copy]')) on(b, 'click', () => copySnippet(b));
  for (const fig of root.querySelectorAll('.rc-panels .rc-panel')) wireDrag(fig);
}

/** Shows or hides the controls that only apply to some settings (from the form's values). */
function showApplicable() {
  const synthetic = readField(ui.root, 'objective') === 'synthetic';
  for (const el of ui.root.querySelectorAll('[data-real-only]')) el.hidden = synthetic;
  for (const el of ui.root.querySelectorAll('[data-synthetic-only]')) el.hidden = !synthetic;
  $('.race').dataset.objective = synthetic ? 'synthetic' : 'real';
  const zOn = readField(ui.root, 'zAxis') !== 'none';
  const wOn = readField(ui.root, 'wAxis') !== 'none';
  $('[data-slot="w"]').hidden = !zOn && !wOn;
  for (const p of ['z', 'w']) {
    $(`[data-slot="${p}"] .rc-axis-range`).hidden = readField(ui.root, `${p}Axis`) === 'none';
  }
  $('#rc-map-field').hidden = !zOn && readField(ui.root, 'map') === 'xy';
  // Each axis offers the scales that suit its hyperparameter (from the engine).
  for (const p of SLOTS) {
    const suits = new Set(wasm.axisScales(readField(ui.root, `${p}Axis`) ?? ''));
    const chosen = readField(ui.root, `${p}Scale`);
    for (const input of ui.root.querySelectorAll(`[data-key="${p}Scale"]`)) {
      const show = suits.has(input.value) || input.value === chosen;
      input.hidden = !show;
      input.nextElementSibling.hidden = !show;
    }
  }
}

/** Shows refusals at their controls; what no control here shows goes in the box at the top,
 *  each with a one-click reset of its key. */
function showRefusals(errors) {
  const unplaced = showErrors(ui.root, errors);
  for (const slot of ui.root.querySelectorAll('.field-error[data-error-for]:not([hidden])')) {
    slot.append(' ', resetButton(slot.dataset.errorFor));
  }
  const box = $('#rc-form-error');
  const resets = $('#rc-form-error-resets');
  resets.replaceChildren(...unplaced.filter((e) => e.key).map((e) => resetButton(e.key)));
  $('#rc-form-error-text').textContent = unplaced.length ? unplaced.map((e) => e.message).join(' ') : t('form.fix-marked');
  box.hidden = false;
  // A training key without a control of its own marks the Dataset menu, at the top.
  if (unplaced.length) ui.root.querySelector('[data-key="dataset"]')?.setAttribute('aria-invalid', 'true');
  setStatus('error', t('race.status-error'));
}

function resetButton(key) {
  const b = Object.assign(document.createElement('button'), { type: 'button', className: 'btn btn-small rc-reset', textContent: t('race.reset-key', { key }) });
  b.addEventListener('click', () => {
    ui.state.set({ [key]: null });
    start();
  });
  return b;
}

function clearRefusals() {
  showErrors(ui.root, []);
  $('#rc-form-error').hidden = true;
}

/** The form shows what the URL holds (typed values, even refused ones, else the defaults). */
function syncForm() {
  const reading = wasm.readSettings('race', ui.state.query());
  writeFields(ui.root, reading.values);
  showApplicable();
  return reading;
}

// ----- running -------------------------------------------------------------------------------

function freeRun() {
  if (!run) return;
  run.board?.free();
  run.zoomBoard?.free();
  run = null;
}

function saveLandscapes(r) {
  for (const b of [r.board, r.zoomBoard]) {
    if (b && b.summary().landscape.filled > 0) landscapeCache.set(b.landscapeKey(), b.landscapeResults());
  }
}

/** Stops every job of the race (and its repeats) and of the study. */
function stopAll(why) {
  if (run && !run.finished) {
    run.finished = true;
    for (const j of run.jobs) j.cancel();
    saveLandscapes(run);
  }
  if (run?.repeating) {
    for (const j of run.repeating.jobs) j.cancel();
    run.repeating = null;
    // Cancelled repeats are not part of the picture a link shows.
    if (why === 'cancelled') ui?.state.set({ repeated: null });
  }
  if (study?.jobs) {
    for (const j of study.jobs) j.cancel();
    study.jobs = null;
    if (why === 'cancelled') ui?.state.set({ study: null });
  }
  if (!ui) return;
  $('#rc-cancel').disabled = true;
  if (why === 'cancelled') setStatus('cancelled', t('race.status-cancelled'));
}

/** Changes settings and runs the race again: its repeats were of the old race, so they go. */
function restart(changes) {
  ui.state.set({ ...changes, repeated: null });
  start();
}

/** Forgets the study shown (its settings changed). */
function dropStudy() {
  if (study?.jobs) for (const j of study.jobs) j.cancel();
  study?.handle?.free();
  study = null;
  if (!ui) return;
  $('#rc-study-body').hidden = true;
  $('#rc-study-status').textContent = '';
}

/**
 * Checks an estimate before work starts: refuses what cannot finish (naming the knob to lower),
 * asks before anything above about a minute. Calls `go` when the work may start.
 */
function afterEstimate(e, go, where = '#rc-status') {
  const args = { time: duration(e.seconds), trainings: integer(e.trainings), workers: sharedPool().size };
  if (e.seconds > e.refuseAbove) {
    const msg = t('race.refuse', { ...args, knob: `${label(e.knob)} (${e.knob})` });
    if (where === '#rc-status') setStatus('error', msg);
    else $(where).textContent = msg;
    return;
  }
  if (e.seconds > e.askAbove) {
    $('#rc-ask-text').textContent = t('race.ask', args);
    $('#rc-ask').hidden = false;
    ui.ask = () => {
      $('#rc-ask').hidden = true;
      ui.ask = null;
      go();
    };
    return;
  }
  go();
}

/** Queues `tasks` in jobs of `chunk` on the pool; each result is recorded in `target`. */
function launch(owner, target, query, tasks, chunk, { study: forStudy = false, priority } = {}) {
  const pool = sharedPool();
  const jobs = [];
  for (let k = 0; k < tasks.length; k += chunk) {
    jobs.push(pool.run('raceWork', { query, study: forStudy, lang: lang(), tasks: tasks.slice(k, k + chunk) }, {
      priority,
      onProgress: ({ tasks: done, results, steps }) => {
        if (!owner.live()) return;
        target.record(done, results, steps);
        scheduleDraw();
      },
    }));
  }
  return jobs;
}

/** (Re)starts the race for the settings in the URL, after checking them and their cost. */
function start() {
  if (!ui) return;
  $('#rc-ask').hidden = true;
  ui.ask = null;
  const reading = syncForm();
  if (reading.errors.length) {
    stopAll();
    showRefusals(reading.errors);
    return;
  }
  const made = guard(() => {
    const board = wasm.RaceBoard.fromQuery(ui.state.query());
    try {
      return { board, zoomBoard: board.zoomed() ?? null };
    } catch (err) {
      board.free();
      throw err;
    }
  }, 'checking the search settings', (err) => {
    stopAll();
    showRefusals([errorEntry(err)]);
    return null;
  });
  if (!made) return;
  clearRefusals();
  stopAll();
  freeRun();
  const { board, zoomBoard } = made;
  ui.state.adopt(board.query(), raceKeys());
  syncForm();
  for (const b of [board, zoomBoard]) {
    const cached = b && landscapeCache.get(b.landscapeKey());
    if (cached) b.restoreLandscape(cached);
  }
  const workers = sharedPool().size;
  const est = board.estimate(workers).race;
  const zest = zoomBoard?.estimate(workers).race;
  const total = {
    ...est,
    trainings: est.trainings + (zest?.trainings ?? 0),
    steps: est.steps + (zest?.steps ?? 0),
    seconds: est.seconds + (zest?.seconds ?? 0),
  };
  const info = board.info();
  showRanges(info);
  showSnippets(board, info);
  $('.race').dataset.idle = 'false';
  run = { board, zoomBoard, info, zoomInfo: zoomBoard?.info() ?? null, jobs: [], finished: false, problem: null, total, t0: 0, showLandscape: info.landscape, panelKeys: new Map() };
  // The study a link shows: one made for other settings is dropped and leaves the URL; one
  // still the URL's is kept if it finished; the URL's study=1 runs it (again) when none is shown.
  if (study && study.key !== info.studyKey) {
    dropStudy();
    ui.state.set({ study: null });
    info.study = false;
  }
  if (!info.study || (study && study.ms === undefined)) dropStudy();
  $('#rc-repeat-result').replaceChildren();
  $('#rc-verdict').replaceChildren();
  delete $('.race').dataset.repeats;
  setStatus('estimated', t('race.estimate', { time: duration(total.seconds), trainings: integer(total.trainings), workers }));
  scheduleDraw();
  const r = run;
  afterEstimate(total, () => {
    if (run === r) go(r);
  });
  if (info.study && !study) runStudy();
}

function go(r) {
  const { board, zoomBoard } = r;
  const owner = { live: () => run === r };
  r.t0 = performance.now();
  r.stepsAtStart = board.summary().stepsDone;
  const query = board.fullQuery();
  const land = launchCells(owner, board, query);
  r.jobs = [...land.first, ...launch(owner, board, query, board.trialTasks(), Math.ceil(board.trialTasks().length / (2 * sharedPool().size))), ...land.rest];
  if (zoomBoard) {
    const zq = zoomBoard.fullQuery();
    const zl = launchCells(owner, zoomBoard, zq);
    r.jobs.push(...zl.first, ...launch(owner, zoomBoard, zq, zoomBoard.trialTasks(), 25), ...zl.rest);
  }
  $('#rc-cancel').disabled = false;
  setStatus('running', '');
  Promise.allSettled(r.jobs.map((j) => j.promise)).then((outcomes) => {
    if (run !== r || r.finished) return;
    r.finished = true;
    $('#rc-cancel').disabled = true;
    saveLandscapes(r);
    const failed = outcomes.find((o) => o.status === 'rejected' && !isCancelled(o.reason));
    if (failed) {
      const err = failed.reason;
      if (err?.control) showRefusals([{ key: err.control, message: err.message }]);
      else reportInternalError(err, 'running the search in a worker');
      return;
    }
    r.problem = outcomes.map((o) => o.value?.problem).find(Boolean) ?? null;
    r.ms = performance.now() - r.t0;
    $('.race').dataset.raceMs = String(Math.round(r.ms));
    const args = { trainings: integer(r.total.trainings), time: seconds(r.ms), workers: sharedPool().size };
    setStatus('done', t(r.info.real ? 'race.status-done' : 'race.status-done-synthetic', args) + zoomText(r, ' '));
    draw();
    if (r.info.repeated) repeat();
    else showLessonFocus();
  });
}

/** The landscape's pending cells in jobs: the first (a coarse map within a moment), the rest. */
function launchCells(owner, board, query) {
  const cached = landscapeCache.get(board.landscapeKey());
  const todo = board.cellTasks().filter((task) => !cached || Number.isNaN(cached[task & 0x7fffffff]));
  const jobs = launch(owner, board, query, todo, CELL_CHUNK);
  return { first: jobs.slice(0, 1), rest: jobs.slice(1) };
}

function repeat() {
  if (!run || run.repeating) return;
  const r = run;
  const e = r.board.estimate(sharedPool().size).repeats;
  afterEstimate(e, () => {
    if (run !== r) return;
    ui.state.set({ repeated: '1' });
    const owner = { live: () => run === r && r.repeating === rep };
    const tasks = r.board.repeatTasks();
    const perRepeat = tasks.length / r.info.repeats;
    const rep = { jobs: [], t0: performance.now(), total: e, stepsAtStart: r.board.summary().stepsDone };
    r.repeating = rep;
    rep.jobs = launch(owner, r.board, r.board.fullQuery(), tasks, perRepeat * REPEAT_CHUNK);
    $('#rc-cancel').disabled = false;
    scheduleDraw();
    Promise.allSettled(rep.jobs.map((j) => j.promise)).then((outcomes) => {
      if (r.repeating !== rep) return;
      r.repeating = null;
      $('#rc-cancel').disabled = true;
      const failed = outcomes.find((o) => o.status === 'rejected' && !isCancelled(o.reason));
      if (failed) return reportInternalError(failed.reason, 'repeating the race in a worker');
      rep.ms = performance.now() - rep.t0;
      $('.race').dataset.repeatMs = String(Math.round(rep.ms));
      $('.race').dataset.repeats = String(r.info.repeats);
      setStatus('done', t(r.info.real ? 'race.status-done' : 'race.status-done-synthetic',
        { trainings: integer(e.trainings), time: seconds(rep.ms), workers: sharedPool().size }));
      draw();
      showLessonFocus();
    });
  });
}

function runStudy() {
  if (!ui) return;
  const made = guard(() => wasm.RaceStudy.fromQuery(ui.state.query()), 'the study', (err) => {
    showRefusals([errorEntry(err)]);
    return null;
  });
  if (!made) return;
  if (study?.jobs) for (const j of study.jobs) j.cancel();
  study?.handle?.free();
  const s = { handle: made, jobs: null, t0: 0, key: run?.info.studyKey ?? null };
  study = s;
  const e = made.estimate(sharedPool().size);
  $('#rc-study-status').textContent = t('race.estimate', { time: duration(e.seconds), trainings: integer(e.trainings), workers: sharedPool().size });
  afterEstimate(e, () => {
    if (study !== s) return;
    s.t0 = performance.now();
    s.jobs = launch({ live: () => study === s }, made, ui.state.query(), made.tasks(), STUDY_CHUNK, { study: true });
    scheduleDraw();
    Promise.allSettled(s.jobs.map((j) => j.promise)).then((outcomes) => {
      if (study !== s) return;
      s.jobs = null;
      const failed = outcomes.find((o) => o.status === 'rejected' && !isCancelled(o.reason));
      if (failed) return reportInternalError(failed.reason, 'the study in a worker');
      s.ms = performance.now() - s.t0;
      $('.race').dataset.studyMs = String(Math.round(s.ms));
      draw();
      showLessonFocus();
    });
  }, '#rc-study-status');
}

// ----- drawing -------------------------------------------------------------------------------

function scheduleDraw() {
  if (!ui || ui.frame) return;
  ui.frame = requestAnimationFrame(() => {
    ui.frame = 0;
    draw();
  });
}

function laidOut(canvas) {
  fitCanvas(canvas);
  return canvas.width > 0 && canvas.height > 0;
}

function draw() {
  if (!ui || !run) return;
  guard(drawNow, 'drawing the race'); // an error stops the race (the onInternalError hook)
}

function placeLabels(fig, canvas, info) {
  const [ax, ay] = info.plot.map((i) => info.axes[i]);
  const extra = info.axes.filter((_, i) => !info.plot.includes(i));
  const xl = fig.querySelector('.rc-xlabels');
  const yl = fig.querySelector('.rc-ylabels');
  const key = `${canvas.width}|${canvas.clientWidth}|${JSON.stringify(info.axes)}|${info.plot}`;
  if (xl.dataset.key === key) return;
  xl.dataset.key = key;
  const l = wasm.panelLayout(canvas.width, canvas.height, extra.length);
  const s = canvas.clientWidth / canvas.width;
  const span = (text, style, className = '') => {
    const el = Object.assign(document.createElement('span'), { textContent: text, className });
    Object.assign(el.style, style);
    return el;
  };
  xl.replaceChildren(...ax.ticks.map((tk) => span(tk.label, { left: `${(l.x + tk.u * l.w) * s}px` })),
    span(`${ax.name} (${ax.scaleName})`, { left: `${(l.x + 0.5 * l.w) * s}px` }, 'rc-axis-name'));
  const rugTop = (k) => (l.y + l.h + 3 + k * (l.rug + 3) + l.rug / 2) * s;
  yl.replaceChildren(...ay.ticks.map((tk) => span(tk.label, { top: `${(l.y + (1 - tk.u) * l.h) * s}px` })),
    ...extra.map((a, k) => span(a.slot, { top: `${rugTop(k + 1)}px` }, 'rc-rug-name')));
  fig.querySelector('.rc-yname').textContent = `↑ ${ay.name} (${ay.scaleName})`;
}

function drawPanel(fig, board, info, sum, i, { showZoom, hide, name }) {
  const canvas = fig.querySelector('canvas');
  const resized = fitCanvas(canvas);
  if (!(canvas.width > 0 && canvas.height > 0)) return;
  const st = sum.strategies[i];
  // A panel changes only with its landscape, its trials and what is hidden: not while the
  // repeats run (redrawing it every frame then cost most of the main thread's time).
  const key = `${hide}|${sum.landscape.filled}|${st.done}`;
  if (resized || run.panelKeys.get(canvas) !== key) {
    board.renderPanel(i, canvas, showZoom, hide);
    run.panelKeys.set(canvas, key);
  }
  placeLabels(fig, canvas, info);
  fig.querySelector('.rc-name').textContent = name;
  fig.dataset.done = String(st.done === st.total);
  const counts = fig.querySelector('.rc-counts');
  counts.replaceChildren(...info.axes.map((a, k) => {
    const li = document.createElement('li');
    li.dataset.slot = a.slot;
    const n = Object.assign(document.createElement('strong'), { className: 'rc-count', textContent: String(st.distinct[k] ?? 0) });
    n.dataset.count = String(st.distinct[k] ?? 0);
    li.append(n, ' ', t('race.values-of', { name: a.name }));
    return li;
  }), Object.assign(document.createElement('li'), { className: 'rc-done', textContent: t('race.trials-done', { done: st.done, total: st.total }) }));
  const parts = [];
  if (st.best) parts.push(t('race.best', { score: number(st.best.score), where: st.best.where }));
  if (st.regret !== null && st.best) parts.push(t('race.regret', { regret: number(st.regret, { digits: 2 }) }));
  if (st.diverged) parts.push(t('race.diverged', { n: st.diverged }));
  if (st.impossible) parts.push(t('race.impossible', { n: st.impossible }));
  fig.querySelector('.rc-best').textContent = parts.join(' · ');
  canvas.setAttribute('aria-label', `${name}: ${t('race.trials-done', { done: st.done, total: st.total })}; ${info.axes.map((a, k) => `${st.distinct[k]} ${t('race.values-of', { name: a.name })}`).join(', ')}`);
}

function drawNow() {
  const { board, info, zoomBoard, zoomInfo } = run;
  const sum = board.summary();
  const zsum = zoomBoard?.summary() ?? null;
  const hide = (info.dark && !sum.searchesDone) || !run.showLandscape;
  const figs = ui.root.querySelectorAll('.rc-panels .rc-panel');
  [0, 1, 2].forEach((i) => drawPanel(figs[i], board, info, sum, i, { showZoom: i === 2, hide, name: info.names[i] }));
  drawStatus(sum, zsum);
  drawHeadline(sum, info);
  const dark = $('#rc-dark-note');
  const note = !run.showLandscape ? 'race.landscape-hidden' : info.dark ? (hide ? 'race.dark-hidden' : 'race.dark-revealed') : null;
  dark.hidden = !note;
  dark.textContent = note ? t(note) : '';
  const toggle = $('#rc-landscape');
  toggle.hidden = !sum.searchesDone;
  toggle.textContent = t(run.showLandscape ? 'race.landscape-hide' : 'race.landscape-show');
  const notes = [info.real ? info.note : null, info.axes.length > 2 ? t('race.slice') : null,
    run.problem && info.real ? t('race.problem', { problem: run.problem }) : null].filter(Boolean);
  $('#rc-note').textContent = notes.join(' ');
  $('#rc-note').hidden = !notes.length;
  $('#rc-legend-what').textContent = `${t(info.real ? 'race.loss' : 'race.formula')}:`;
  $('#rc-legend-lo').textContent = sum.landscape.lo !== null && !hide ? `${number(sum.landscape.lo)} ${t('race.good')}` : `${t('race.low')} ${t('race.good')}`;
  $('#rc-legend-hi').textContent = sum.landscape.hi !== null && !hide ? number(sum.landscape.hi) : t('race.high');
  $('#rc-regret-help').textContent = sum.reference !== null && sum.searchesDone ? t('race.regret-help', { reference: number(sum.reference) }) : '';
  drawZoom(sum, zsum, zoomBoard, zoomInfo);
  drawCurves(board, zoomBoard, info);
  drawImportance(board, info, sum);
  drawRepeats(sum, info);
  drawStudy();
  updateCalculator();
}

function drawStatus(sum, zsum) {
  const r = run;
  const progress = $('#rc-progress');
  const rep = r.repeating;
  if (rep) {
    const done = sum.stepsDone - rep.stepsAtStart;
    progress.value = rep.total.steps ? done / rep.total.steps : (sum.repeats?.done ?? 0) / r.info.repeats;
    setStatus('repeating', t('race.repeat-running', { done: sum.repeats?.done ?? 0, total: r.info.repeats, time: duration(rep.total.seconds) }));
    return;
  }
  if (r.finished || !r.t0) return;
  const done = sum.stepsDone + (zsum?.stepsDone ?? 0) - (r.stepsAtStart ?? 0);
  if (r.info.real) {
    progress.value = r.total.steps ? done / r.total.steps : 0;
    setStatus('running', t('race.status-running', { workers: sharedPool().size, done: integer(done), total: integer(r.total.steps), time: duration(r.total.seconds) }));
  } else {
    const n = sum.landscape.filled + sum.strategies.reduce((a, s) => a + s.done, 0);
    progress.value = n / r.total.trainings;
    setStatus('running', t('race.status-running-synthetic', { done: integer(n), total: integer(r.total.trainings) }));
  }
}

function drawHeadline(sum, info) {
  const [g, u, s] = sum.strategies.map((st) => st.distinct[0]);
  const h = $('#rc-headline');
  const strong = (text) => `<strong>${esc(text)}</strong>`;
  h.innerHTML = t('race.headline', { g: strong(String(g)), u: strong(String(u)), s: strong(String(s)), name: esc(info.axes[0].name), budget: esc(String(info.budget)) })
    .replace(/&lt;(\/?)strong&gt;/g, '<$1strong>');
  const k = info.gridK;
  const n = info.axes.length;
  const points = k ** n;
  $('#rc-gridmath').textContent = t('race.grid-math', { axes: n, budget: info.budget, k, points,
    cut: points > info.budget ? t('race.grid-cut', { budget: info.budget }) : '' });
}

function drawZoom(sum, zsum, zoomBoard, zoomInfo) {
  const { info } = run;
  const body = $('#rc-zoom-body');
  body.hidden = !zoomBoard;
  $('#rc-zoom-clear').disabled = !info.zoom;
  $('#rc-zoom-best').disabled = !sum.strategies[2].best;
  if (!zoomBoard) return;
  const fig = body.querySelector('.rc-panel');
  drawPanel(fig, zoomBoard, zoomInfo, zsum, 2, { showZoom: false, hide: false, name: t('race.zoom-pass', { budget: zoomInfo.budget }) });
  const ranges = info.plot.map((i) => `${zoomInfo.axes[i].name} ${zoomInfo.axes[i].loText} … ${zoomInfo.axes[i].hiText}`).join(', ');
  $('#rc-zoom-range').textContent = t('race.zoom-range', { ranges });
  $('#rc-zoom-compare').textContent = zoomText(run, '');
}

/** What the finer pass added ("" until both passes have a best). */
function zoomText(r, lead) {
  if (!r.zoomBoard) return '';
  const b1 = r.board.summary().strategies[2].best;
  const b2 = r.zoomBoard.summary().strategies[2].best;
  if (!b1 || !b2) return '';
  const n = r.info.budget;
  const args = { first: number(b1.score), second: number(b2.score), from: n + 1, to: 2 * n };
  return lead + t(b2.score < b1.score ? 'race.zoom-improved' : 'race.zoom-not-improved', args);
}

function drawCurves(board, zoomBoard, info) {
  const legend = $('#rc-curve-legend');
  if (legend.dataset.names !== info.names.join('|')) {
    legend.dataset.names = info.names.join('|');
    legend.replaceChildren(...info.names.map((name, i) => {
      const item = Object.assign(document.createElement('span'), { className: 'rc-legend-item' });
      const sw = Object.assign(document.createElement('span'), { className: 'rc-swatch' });
      sw.dataset.series = String(i);
      item.append(sw, name);
      return item;
    }));
  }
  const curves = $('#rc-curves');
  if (!laidOut(curves)) return;
  if (zoomBoard) board.renderCurvesWith(curves, zoomBoard);
  else board.renderCurves(curves);
}

/** "Which hyperparameter mattered?": once both random searches have finished. */
function drawImportance(board, info, sum) {
  const box = $('#rc-mattered');
  box.hidden = !sum.importance;
  if (!sum.importance) return;
  const canvas = $('#rc-mattered-chart');
  if (laidOut(canvas)) board.renderImportance(canvas);
  $('#rc-mattered-shares').textContent = sum.importance.text;
  canvas.setAttribute('aria-label', t('race.mattered-alt', { text: sum.importance.text }));
  $('#rc-mattered-help').textContent = t('race.mattered-help', { n: sum.importance.trials, k: info.gridK });
}

function drawRepeats(sum, info) {
  const btn = $('#rc-repeat');
  btn.textContent = t('race.repeat', { n: info.repeats });
  btn.disabled = !sum.searchesDone || Boolean(run.repeating);
  const rs = sum.repeats;
  const out = $('#rc-repeat-result');
  const top = $('#rc-verdict');
  if (!rs) {
    top.replaceChildren();
    return out.replaceChildren();
  }
  const m = rs.done;
  const para = (text, cls = '') => Object.assign(document.createElement('p'), { textContent: text, className: cls });
  const won = (id, n) => {
    const p = para('', 'rc-won');
    p.dataset.wins = String(n);
    p.dataset.of = String(m);
    p.append(Object.assign(document.createElement('strong'), { textContent: t(id, { n, m }) }), '.');
    return p;
  };
  const share = rs.wins[2] / m;
  const verdict = share >= 0.6 ? 'race.verdict-clear' : share >= 0.4 ? 'race.verdict-tie' : 'race.verdict-grid';
  const list = info.names.map((n, i) => `${n} ${number(rs.medianBest[i])}${sum.reference !== null ? ` (${t('race.regret', { regret: number(rs.medianBest[i] - sum.reference, { digits: 2 }) })})` : ''}`).join(' · ');
  top.replaceChildren(won('race.won-scale', rs.wins[2]), won('race.won-uniform', rs.wins[1]));
  const items = [para(t(verdict, { name: info.axes[0].name })), para(t('race.medians', { m, list }), 'rc-help')];
  if (rs.wins[1] < 0.4 * m) items.push(para(t('race.verdict-uniform'), 'rc-help'));
  out.replaceChildren(...items);
}

function drawStudy() {
  if (!study) return;
  const s = study.handle.summary();
  const body = $('#rc-study-body');
  $('#rc-study-status').textContent = study.jobs
    ? t('race.study-running', { done: s.done, total: s.total })
    : (s.done === s.total ? t('race.study-done', { done: s.done, failed: s.failed }) : $('#rc-study-status').textContent);
  body.hidden = !s.ranking;
  if (!s.ranking) return;
  const head = ['study-rank', 'study-param', 'study-share', 'study-noise', 'study-measured', 'study-course'].map((id) => `<th>${tt(`race.${id}`)}</th>`).join('');
  const bar = (r) => `<span class="rc-bar" style="width:${(100 * r.share).toFixed(1)}%"></span><span class="rc-bar-noise" style="left:${(100 * r.noise).toFixed(1)}%"></span>`;
  const rows = s.ranking.map((r, i) => `<tr data-key="${esc(r.key)}" class="${r.measuredTier === r.courseTier ? '' : 'rc-disagree'}"><td>${i + 1}</td><td>${esc(r.name)}</td><td class="rc-share"><span class="rc-share-n">${esc(percent(r.share, 0))}</span><span class="rc-bar-track">${bar(r)}</span></td><td>${esc(percent(r.noise, 0))}</td><td>${r.measuredTier}</td><td>${r.courseTier}</td></tr>`).join('');
  $('#rc-study-table').innerHTML = `<thead><tr>${head}</tr></thead><tbody>${rows}</tbody>`;
  const names = (list) => list.map((r) => r.name).join(', ');
  const off = s.ranking.filter((r) => r.measuredTier !== r.courseTier);
  const weak = off.filter((r) => r.share < 2 * r.noise);
  const clear = s.ranking.filter((r) => r.share >= 2 * r.noise);
  const first = s.ranking[0];
  const lines = [first.key === 'lr' ? t('race.study-alpha-first') : t('race.study-alpha-not-first', { first: first.name })];
  if (off.length) {
    lines.push(t('race.study-disagrees', { list: off.map((r) => t('race.study-disagree-item', { name: r.name, course: r.courseTier, measured: r.measuredTier })).join('; ') }));
    if (weak.length) lines.push(t('race.study-within-noise', { list: names(weak) }));
  } else {
    lines.push(t('race.study-agrees'));
  }
  if (clear.length) lines.push(t('race.study-clear', { list: names(clear) }));
  lines.push(t('race.study-noise-help'));
  const verdict = $('#rc-study-verdict');
  verdict.textContent = lines.join(' ');
  verdict.dataset.first = first.key;
}

function updateCalculator() {
  if (!run) return;
  const out = $('#rc-calc-out');
  const err = $('#rc-calc-error');
  const text = $('#rc-calc-p').value.trim();
  const p = Number(text) / 100;
  const n = run.info.budget;
  const bad = () => {
    out.textContent = '';
    err.textContent = t('race.calc-bad', { value: text.slice(0, 40) });
    err.hidden = false;
    $('#rc-calc-p').setAttribute('aria-invalid', 'true');
  };
  if (text === '' || !Number.isFinite(p)) return bad();
  guard(() => {
    const odds = wasm.topHitOdds(p, n);
    const chance = odds.chance >= 0.9995 && odds.chance < 1 ? `>${percent(0.999, 1)}` : percent(odds.chance, odds.chance < 0.1 ? 1 : 0);
    out.textContent = t('race.calc-out', { p: `${number(100 * p)}%`, n, chance, need: odds.needed });
    err.hidden = true;
    $('#rc-calc-p').removeAttribute('aria-invalid');
  }, 'the trials calculator', bad);
}

function zoomAroundBest() {
  if (!run) return;
  const box = guard(() => run.board.zoomAroundBest(), 'zooming', (err) => {
    showRefusals([{ key: 'zoom', message: err.message }]);
  });
  if (box === undefined) return;
  restart({ zoom: box });
}

/** Lets the learner drag a box on a panel; on release it becomes the zoom box. */
function wireDrag(fig) {
  const canvas = fig.querySelector('canvas');
  const box = fig.querySelector('.rc-drag');
  let from = null;
  const layout = () => wasm.panelLayout(canvas.width, canvas.height, run ? run.info.axes.length - 2 : 0);
  const unitOf = (ev) => {
    const r = canvas.getBoundingClientRect();
    const l = layout();
    const u = ((ev.clientX - r.left) * (canvas.width / r.width) - l.x) / l.w;
    const v = 1 - ((ev.clientY - r.top) * (canvas.height / r.height) - l.y) / l.h;
    return [Math.min(1, Math.max(0, u)), Math.min(1, Math.max(0, v))];
  };
  const place = (a, b) => {
    const r = canvas.getBoundingClientRect();
    const l = layout();
    const sx = r.width / canvas.width;
    const sy = r.height / canvas.height;
    const left = (l.x + Math.min(a[0], b[0]) * l.w) * sx;
    const right = (l.x + Math.max(a[0], b[0]) * l.w) * sx;
    const top = (l.y + (1 - Math.max(a[1], b[1])) * l.h) * sy;
    const bottom = (l.y + (1 - Math.min(a[1], b[1])) * l.h) * sy;
    Object.assign(box.style, { left: `${left}px`, top: `${top}px`, width: `${right - left}px`, height: `${bottom - top}px` });
  };
  fig.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0 || ev.target !== canvas) return;
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
    restart({ zoom: [r(x0), r(x1), r(y0), r(y1)].join(',') });
    ui.root.querySelector('.rc-zoom').scrollIntoView({ behavior: scrollBehavior(), block: 'nearest' });
  };
  canvas.addEventListener('pointerup', (ev) => end(ev, true));
  canvas.addEventListener('pointercancel', (ev) => end(ev, false));
}


// ----- the classroom -------------------------------------------------------------------------

/** During a lesson, brings what the step is about into view (after each piece of work). */
function showLessonFocus() {
  if (!ui || !ui.state.get('lesson')) return;
  // After the frame that lays out what the work just produced.
  requestAnimationFrame(() => ui?.root.querySelector('.lesson-focus')?.scrollIntoView({ block: 'start', behavior: 'auto' }));
}

/** "The same search in your tools": the race's search as Optuna and Ray Tune code. */
function showSnippets(board, info) {
  const code = board.snippets();
  for (const id of ['optuna', 'rayTune']) $(`[data-snippet="${id}"] code`).textContent = code[id];
  $('#rc-tools-help').textContent = t('race.snippet-help', { budget: info.budget });
}

async function copySnippet(button) {
  const code = $(`[data-snippet="${button.dataset.copy}"] code`);
  let ok = false;
  try {
    await navigator.clipboard.writeText(code.textContent);
    ok = true;
  } catch {
    // No clipboard here (plain http, headless): select the code for Ctrl+C.
    getSelection().selectAllChildren(code);
  }
  button.textContent = t(ok ? 'race.snippet-copied' : 'race.snippet-select');
  setTimeout(() => { if (ui) button.textContent = t('race.snippet-copy'); }, 2000);
}

/** The box "Zoom around the best" puts around the default race's best trials (tested). */
export const LESSON_ZOOM = '0.5257,0.7053,0,0.3234';

/**
 * The lesson (course notes §1, then a pointer to §2): each step a URL state of this view, one
 * or two sentences for the class, and what to look at.
 */
export const lesson = [
  { query: 'landscape=0', say: 'race.lesson.dark', focus: '.rc-panels' },
  { query: '', say: 'race.lesson.revealed', focus: '.rc-panels' },
  { query: 'repeated=1', say: 'race.lesson.repeats', focus: '.rc-verdict' },
  { query: `zoom=${LESSON_ZOOM}`, say: 'race.lesson.zoom', focus: '.rc-zoom' },
  { query: 'zAxis=units&budget=27', say: 'race.lesson.three', focus: '.rc-panels' },
  { query: 'study=1', say: 'race.lesson.study', focus: '.rc-study' },
  { query: 'xMin=0.00001&xMax=10', say: 'race.lesson.scale', focus: '.rc-panels' },
];

/** Every chart of the view, drawn by the engine into any canvas (the PNG export draws at 2×). */
export function exportables() {
  if (!ui) return [];
  const panels = [...ui.root.querySelectorAll('.rc-panels .rc-panel')].map((fig, i) => ({
    id: `panel-${STRATEGY_IDS[i]}`,
    title: run?.info.names[i] ?? STRATEGY_IDS[i],
    canvas: fig.querySelector('canvas'),
    draw: (canvas) => {
      if (!run) return;
      const done = run.board.summary().searchesDone;
      run.board.renderPanel(i, canvas, i === 2, (run.info.dark && !done) || !run.showLandscape);
    },
  }));
  return [...panels, {
    id: 'panel-zoom',
    title: t('race.zoom-title'),
    canvas: $('#rc-zoom-body canvas'),
    draw: (canvas) => run?.zoomBoard?.renderPanel(2, canvas, false, false),
  }, {
    id: 'best-so-far',
    title: t('race.curves-title'),
    canvas: $('#rc-curves'),
    draw: (canvas) => {
      if (run?.zoomBoard) run.board.renderCurvesWith(canvas, run.zoomBoard);
      else run?.board.renderCurves(canvas);
    },
  }, {
    id: 'mattered',
    title: t('race.mattered-title'),
    canvas: $('#rc-mattered-chart'),
    draw: (canvas) => run?.board.renderImportance(canvas),
  }];
}

/** The numbers behind the view: the race's trials (and the finer pass's), the repeats, the study. */
export function data() {
  const tables = [];
  if (run) tables.push(...(run.zoomBoard ? run.board.tablesWith(run.zoomBoard) : run.board.tables()));
  if (study) tables.push(...study.handle.tables());
  const rows = (table) => table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
  return { tables, json: { view: 'race', query: ui?.state.query() ?? '', ...Object.fromEntries(tables.map((tb) => [tb.name, rows(tb)])) } };
}
