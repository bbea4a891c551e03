// "Caviar" (course notes §3): many models trained at once, their live validation-loss curves
// overlaid (coloured by α), a leaderboard with its winner and a "babysit this one" link to the
// panda view; panda vs caviar on the same compute; the same caviar on changed data.
//
// This module builds the markup (controls from the settings table, words from the catalogue),
// estimates the work before starting (CaviarBoard.estimate over this machine's measured speed),
// deals the models out to the worker pool ('caviar' jobs: every worker trains its share in turn
// and streams new curve points), hands each report to the wasm CaviarBoard and draws through it
// once per animation frame. The models, their settings, the ranking and every number shown come
// from Rust.
//
// A link reproduces the picture: besides the settings and seeds, `run=1` says the caviar was
// run (opening the link runs it again, without asking: it is deterministic from its seed),
// `rerun=1` that it is the re-run on changed data (the caviar on `changedData` runs first, to
// compare with), and `model=k` the model selected on the leaderboard (its curve on top).
//
// Classroom hooks (js/classroom.js): `lesson`, `exportables()` (the three charts) and `data()`
// (every model's settings and result, the leaderboard, panda vs caviar, the re-run).
import { CaviarBoard, freshSeed, readSettings, settingsTable } from '../../pkg/tunelab.js';
import { guard, onInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { fixed, integer, number, percent, seconds } from '../format.js';
import { choiceLabel, errorEntry, field, liveReadouts, readField, showErrors, writeFields } from '../form.js';
import { esc, t } from '../i18n.js';
import { isCancelled, sharedPool } from '../workers/pool.js';

/** The caviar's own URL keys (the training keys are the panda's). */
const CAVIAR_KEYS = ['models', 'modelSteps', 'sample', 'varyLr', 'lrMin', 'lrMax', 'varyMomentum', 'varyBatch',
  'varyUnits', 'varyInitScale', 'varyBn', 'caviarSeed', 'changedData'];
const VARY = ['varyMomentum', 'varyBatch', 'varyUnits', 'varyInitScale', 'varyBn'];
/** Keys that change what is shown, not which caviar: a kept caviar is shown again whatever they are. */
const SHOWN_ONLY = ['model', 'run', 'present', 'lesson', 'lang', 'view'];
/** The leaderboard and readouts are rewritten at most this often (the curves every frame). */
const BOARD_EVERY_MS = 250;

const html = String.raw;

function markup() {
  const legend = (id) => `<legend>${esc(t(id))}</legend>`;
  return html`
    <header class="cv-head">
      <h2>${esc(t('caviar.title'))}</h2>
      <p>${esc(t('caviar.intro'))}</p>
    </header>
    <form id="cv-form" class="controls cv-controls" data-present="hide" autocomplete="off" novalidate aria-label="${esc(t('caviar.form'))}">
      <div id="cv-form-error" class="form-error" role="alert" hidden>
        <p id="cv-form-error-text"></p>
        <div class="unplaced-fields" data-unplaced-errors></div>
        <button type="button" id="cv-form-error-defaults" class="btn btn-small">${esc(t('form.use-defaults'))}</button>
      </div>
      <fieldset>${legend('view.caviar.tab')}
        ${field('models', { id: 'cv-models', layout: 'pair', help: false })}
        ${field('modelSteps', { id: 'cv-steps', layout: 'pair', help: false })}
        ${field('sample', { id: 'cv-sample', help: false })}
      </fieldset>
      <fieldset id="cv-space">${legend('caviar.space')}
        ${field('varyLr', { id: 'cv-vary-lr', help: false })}
        <div class="field-row" id="cv-lr-range">
          ${field('lrMin', { id: 'cv-lr-min', help: false })}
          ${field('lrMax', { id: 'cv-lr-max', help: false })}
        </div>
        ${VARY.map((k) => field(k, { id: `cv-${k}`, help: false })).join('')}
      </fieldset>
      ${field('caviarSeed', { id: 'cv-seed' })}
      <p class="help cv-base"><span id="cv-base"></span> <a href="?view=panda" id="cv-edit-base">${esc(t('caviar.edit-base'))}</a></p>
      <p id="cv-note" class="help cv-note" hidden></p>
    </form>

    <div class="cv-runbar" role="group" aria-label="${esc(t('caviar.runbar'))}">
      <button type="button" id="cv-run" class="btn">${esc(t('caviar.run'))}</button>
      <button type="button" id="cv-cancel" class="btn" disabled>${esc(t('caviar.cancel'))}</button>
      <p id="cv-status" class="status" role="status"></p>
      <div class="cv-progress-wrap">
        <progress id="cv-progress" max="1" value="0"></progress>
        <span id="cv-progress-text" class="help"></span>
      </div>
      <p id="cv-estimate" class="help cv-estimate"></p>
      <div id="cv-ask" class="cv-ask" role="alert" hidden>
        <span id="cv-ask-text"></span>
        <button type="button" id="cv-start-anyway" class="btn btn-small">${esc(t('caviar.start-anyway'))}</button>
      </div>
    </div>

    <figure class="cv-curves">
      <figcaption><span>${esc(t('caviar.curves'))}</span> <span id="cv-count" class="help"></span></figcaption>
      <div class="cv-chart"><canvas id="cv-curves" role="img" aria-label="${esc(t('caviar.curves-alt'))}"></canvas></div>
      <div class="cv-colour-bar" aria-hidden="true">
        <div class="cv-bar" id="cv-bar"></div>
        <div class="cv-bar-ticks" id="cv-bar-ticks"></div>
        <div class="cv-bar-title help" id="cv-bar-title"></div>
      </div>
    </figure>

    <section class="cv-board" aria-labelledby="cv-board-title">
      <h3 id="cv-board-title">${esc(t('caviar.board'))}</h3>
      <div class="cv-board-scroll">
        <table aria-label="${esc(t('caviar.board-alt'))}">
          <thead><tr>
            <th scope="col">${esc(t('caviar.col-rank'))}</th>
            <th scope="col">${esc(t('caviar.col-model'))}</th>
            <th scope="col">${esc(t('caviar.col-settings'))}</th>
            <th scope="col" class="num">${esc(t('caviar.col-loss'))}</th>
            <th scope="col" class="num">${esc(t('caviar.col-accuracy'))}</th>
            <th scope="col"><span class="visually-hidden">${esc(t('caviar.babysit'))}</span></th>
          </tr></thead>
          <tbody id="cv-rows"></tbody>
        </table>
      </div>
    </section>

    <section class="cv-compare" aria-labelledby="cv-compare-title">
      <h3 id="cv-compare-title">${esc(t('caviar.compare.title'))}</h3>
      <figure class="cv-small-chart"><canvas id="cv-compare-chart" role="img" aria-label="${esc(t('caviar.compare.chart-alt'))}"></canvas></figure>
      <p id="cv-compare-panda" class="cv-line"></p>
      <p id="cv-compare-caviar" class="cv-line"></p>
      <p id="cv-compare-rule" class="help" data-present="hide"></p>
    </section>

    <section class="cv-stale" aria-labelledby="cv-stale-title">
      <h3 id="cv-stale-title">${esc(t('caviar.stale.title'))}</h3>
      <p id="cv-stale-help" class="help" data-present="hide"></p>
      <div class="cv-stale-row">
        ${field('changedData', { id: 'cv-changed', layout: 'inline', help: false })}
        <button type="button" id="cv-stale-run" class="btn btn-small" disabled>${esc(t('caviar.stale.rerun'))}</button>
      </div>
      <div id="cv-stale-result" hidden>
        <p id="cv-stale-before" class="cv-line"></p>
        <p id="cv-stale-after" class="cv-line"></p>
        <p id="cv-stale-old" class="cv-line"></p>
        <figure class="cv-small-chart"><canvas id="cv-stale-chart" role="img" aria-label="${esc(t('caviar.stale.chart-alt'))}"></canvas></figure>
      </div>
    </section>`;
}

// ---- Module state ---------------------------------------------------------------------------

let root = null;
let state = null;
let listeners = null;
let resizer = null;
let unhookInternal = null;
let board = null; // the caviar shown (running or finished)
let run = null; // { jobs, started, frames, draws, drawMs } while training
let rafId = 0;
let dirty = false;
let lastBoard = 0;
let rate = 0; // multiply-adds per second of one worker, measured once per page
let kept = null; // { key, board, … }: a finished caviar, shown again when the URL still names it

const $ = (id) => document.getElementById(id);
const workers = () => Math.max(1, Math.min(sharedPool().size, navigator.hardwareConcurrency || 2));

// ---- Mount / unmount --------------------------------------------------------------------------

export function mount(viewRoot, urlState) {
  root = viewRoot;
  state = urlState;
  root.innerHTML = markup();
  listeners = new AbortController();
  const on = (target, type, fn) => target.addEventListener(type, fn, { signal: listeners.signal });
  liveReadouts(root, listeners.signal);
  on($('cv-form'), 'change', onChange);
  on($('cv-form'), 'submit', (ev) => ev.preventDefault());
  on($('cv-changed'), 'change', onChange);
  on($('cv-form-error-defaults'), 'click', () => {
    // The caviar's keys, and any other key refused (a training key set in the panda tab).
    const refused = readSettings('caviar', state.query()).errors.map((e) => e.key).filter(Boolean);
    state.set(Object.fromEntries([...CAVIAR_KEYS, 'rerun', ...refused].map((k) => [k, null])));
    prepare({ start: true });
  });
  for (const btn of root.querySelectorAll('[data-new-seed]')) {
    on(btn, 'click', () => guard(() => {
      state.set({ [btn.dataset.newSeed]: String(freshSeed()) });
      prepare({ start: true });
    }, 'drawing a new seed'));
  }
  on($('cv-run'), 'click', () => prepare({ start: true }));
  on($('cv-start-anyway'), 'click', () => board && start());
  on($('cv-cancel'), 'click', () => stop('cancelled'));
  on($('cv-stale-run'), 'click', rerunOnChangedData);
  on($('cv-edit-base'), 'click', (ev) => {
    ev.preventDefault();
    $('tab-panda')?.click();
  });
  on($('cv-rows'), 'click', onBabysit);
  on($('cv-rows'), 'click', onSelect);
  resizer = new ResizeObserver((entries) => {
    // Every canvas fitted (not `some`, which would stop at the first one resized).
    const resized = entries.filter((e) => fitCanvas(e)).length > 0;
    if (resized && board) guard(drawCharts, 'resizing');
  });
  for (const id of ['cv-curves', 'cv-compare-chart', 'cv-stale-chart']) resizer.observe($(id));
  unhookInternal = onInternalError(() => {
    for (const j of run?.jobs ?? []) j.cancel();
    run = null;
    animate(false);
    board = null;
  });

  const link = state.get('run') === '1';
  if (kept && kept.key === caviarKey(state.query())) {
    board = kept.board;
    syncForm();
    showBoard();
    setStatus('done', t('caviar.state-done', { seconds: fixed(kept.ms / 1000, 1) }));
    renderStaleButton();
  } else if (link && state.get('rerun') === '1') {
    prepare({ start: true, link, before: true });
  } else {
    prepare({ start: true, link });
  }
  requestAnimationFrame(showFocus); // after js/classroom.js has marked a lesson step's focus
}

/** What names a caviar in a URL: every setting it reads, not the keys that only change the view. */
function caviarKey(query) {
  const values = { ...readSettings('caviar', query).values };
  for (const k of SHOWN_ONLY) delete values[k];
  return JSON.stringify(values);
}

/** Leaving the tab cancels a running caviar (a finished one is kept and shown again). */
export function unmount() {
  if (run) stop('left'); // the URL may already be the next state's (a lesson step): left as it is
  animate(false);
  listeners?.abort();
  listeners = null;
  resizer?.disconnect();
  resizer = null;
  unhookInternal?.();
  unhookInternal = null;
  root?.replaceChildren();
  root = null;
}

// ---- Settings -> a board -> an estimate -> a run ------------------------------------------------

/** The form shows what the URL holds (Rust's reading: defaults, typed values, refusals). */
function syncForm() {
  const reading = readSettings('caviar', state.query());
  writeFields(root, reading.values);
  renderOptionalControls();
  return reading;
}

function renderOptionalControls() {
  $('cv-space').hidden = readField(root, 'sample') === 'seeds';
  $('cv-lr-range').hidden = readField(root, 'varyLr') !== '1';
}

function onChange(ev) {
  const key = ev.target.dataset?.key;
  if (!key) return;
  state.set({ [key]: readField(root, key) });
  renderOptionalControls();
  if (key === 'changedData') renderStaleButton(); // the changed data is only for the re-run
  else prepare({ start: true });
}

/**
 * The caviar `query` names, on its changed data: the datasets swapped (what a re-run compared
 * with). Names from the engine's reading, so defaults count too.
 */
function swapped(query) {
  const b = CaviarBoard.fromQuery(query);
  const { dataset, changedData } = b.info();
  b.free();
  const q = new URLSearchParams(query);
  q.set('dataset', changedData);
  q.set('changedData', dataset);
  return q.toString();
}

/**
 * Reads the URL into a new board, shows the estimate and starts when it is quick (or when the
 * learner asked): above a minute it asks first (not for a link's caviar, `link`: its sender
 * ran it); what cannot finish is refused at its control. `before`: a re-run's link opened —
 * first the caviar on the changed data, then this one compared with it.
 */
function prepare({ start: go, previous = null, link = false, before = false }) {
  if (run) stop('cancelled');
  const reading = syncForm();
  const fresh = guard(() => {
    if (reading.errors.length) throw Object.assign(new Error(reading.errors[0].message), { errors: reading.errors });
    return CaviarBoard.fromQuery(before ? swapped(state.query()) : state.query());
  }, 'reading the caviar settings', (err) => {
    showFormError(err);
    setStatus('refused', t('caviar.state-refused'));
    return null;
  });
  if (!fresh) return;
  if (previous) fresh.compareWith(previous);
  freeBoard();
  board = fresh;
  showFormError(null);
  guard(() => {
    if (!before) {
      state.adopt(board.query(), CAVIAR_KEYS);
      // A new caviar is not run yet; a re-run says so; a selection belongs to the old one.
      if (!link) state.set({ run: null, rerun: previous ? '1' : null, model: null });
    }
    syncForm();
    showBoard();
    const info = board.info();
    const estimate = board.estimate(measureRate(), workers());
    root.dataset.estimateS = String(estimate.seconds);
    $('cv-estimate').textContent = t('caviar.estimate', {
      time: estimate.time, workers: workers(), models: info.models, steps: integer(info.steps),
    });
    $('cv-ask').hidden = true;
    if (estimate.verdict === 'refuse') {
      showFormError({ errors: [{ key: estimate.key, message: estimate.message }] });
      setStatus('refused', t('caviar.state-refused'));
    } else if (estimate.verdict === 'ask' && !link) {
      $('cv-ask-text').textContent = t('caviar.ask', { time: estimate.time });
      $('cv-ask').hidden = false;
      setStatus('asking', t('caviar.state-asking'));
    } else if (go) {
      start(before ? (done) => prepare({ start: true, previous: done, link: true }) : null);
      if (before) setStatus('running', t('caviar.state-before', { data: choiceLabel('dataset', board.info().dataset) }));
    } else {
      setStatus('ready', t('caviar.state-ready'));
    }
  }, 'preparing the caviar');
}

/**
 * Multiply-adds per second of one worker: the base model trained here a few milliseconds at a
 * time, the fastest of ~200 ms of tries (the engine's first calls run before the browser has
 * optimized them, several times slower). A finished caviar replaces it by the speed it really
 * had (see stop()).
 */
function measureRate() {
  if (rate) return rate;
  board.calibrate(1); // builds the model, untimed
  const start = performance.now();
  for (let i = 0; i < 200 && (i < 5 || performance.now() - start < 200); i++) {
    const t0 = performance.now();
    const work = board.calibrate(128);
    const ms = performance.now() - t0;
    if (work > 0 && ms > 0.2) rate = Math.max(rate, (1000 * work) / ms);
  }
  rate ||= 1e9; // a model that diverged at once: assume a slow machine
  root.dataset.rate = String(Math.round(rate));
  return rate;
}

/**
 * Deals the models out to the workers (then the panda comparison) and animates the board;
 * `then(board)` runs when it has finished (a re-run's link: the caviar to compare with is done).
 */
function start(then = null) {
  if (!board) return;
  $('cv-ask').hidden = true;
  const pool = sharedPool();
  const query = board.fullQuery();
  const me = { jobs: [], started: performance.now(), frames: 0, draws: 0, drawMs: 0, modelsMs: 0, modelFrames: 0, then };
  run = me;
  const onProgress = ({ report }) => {
    if (run !== me) return;
    board.record(report);
    dirty = true;
  };
  for (const models of board.groups(pool.size)) {
    const job = pool.run('caviar', { query, models }, { onProgress, transfer: [models.buffer] });
    // Each worker's own time for its share (its start-up not counted, as for the panda's).
    job.promise.then(({ ms }) => (me.workersMs = Math.max(me.workersMs ?? 0, ms)), () => {});
    me.jobs.push(job);
  }
  const panda = pool.run('caviar', { query, models: null }, { onProgress });
  panda.promise.then(({ ms }) => (me.pandaMs = ms), () => {});
  me.jobs.push(panda);
  $('cv-run').textContent = t('caviar.rerun');
  $('cv-cancel').disabled = false;
  $('cv-stale-run').disabled = true;
  setStatus('running', t('caviar.state-running'));
  animate(true);
  Promise.allSettled(me.jobs.map((j) => j.promise)).then((outcomes) => {
    if (run !== me) return;
    const failed = outcomes.find((o) => o.status === 'rejected' && !isCancelled(o.reason));
    if (failed) guard(() => { throw failed.reason; }, 'training the caviar');
    else stop('done');
  });
}

/** Ends a run: done (every job finished) or cancelled. */
function stop(why) {
  const me = run;
  if (!me) return;
  run = null;
  for (const j of me.jobs) j.cancel();
  animate(false);
  $('cv-cancel').disabled = true;
  const ms = performance.now() - me.started;
  guard(() => {
    if (why === 'done' && me.then) {
      me.then(board);
      return;
    }
    if (why === 'done') {
      state.set({ run: '1' }); // the link now runs this caviar again when opened
      kept = { key: caviarKey(state.query()), board, ms, workersMs: me.workersMs, pandaMs: me.pandaMs };
    } else if (why === 'cancelled') {
      state.set({ run: null, rerun: null }); // a cancelled caviar is no picture a link can show
    }
    drawAll();
    if (why === 'done') {
      // For the benchmark: the models' training time and the frame rate while their curves grew.
      const modelsMs = me.modelsMs || ms;
      Object.assign(root.dataset, {
        caviarMs: String(Math.round(ms)),
        modelsMs: String(Math.round(modelsMs)),
        fps: String(Math.round(((me.modelFrames || me.frames) / (modelsMs / 1000)) * 10) / 10),
        draws: String(me.draws),
        drawMs: String(Math.round((me.drawMs / Math.max(1, me.draws)) * 100) / 100),
      });
      setStatus('done', t('caviar.state-done', { seconds: fixed(ms / 1000, 1) }));
      renderStaleButton();
      showFocus();
      // The estimate is work ÷ rate: from now on, the speed this run really had.
      const estimate = Number(root.dataset.estimateS);
      if (estimate > 0) rate = (rate * estimate) / (ms / 1000);
    } else {
      setStatus('cancelled', t('caviar.state-cancelled'));
    }
  }, 'finishing the caviar');
}

function freeBoard() {
  const old = board;
  board = null;
  kept = null;
  try {
    old?.free();
  } catch {
    // A handle left borrowed by a panic cannot be freed; the page is stopped then.
  }
}

/**
 * "Intuitions go stale": the same models (same seed, same space) on the changed data, compared
 * with this caviar. The URL swaps the two datasets, so it names what is shown.
 */
function rerunOnChangedData() {
  if (!board || run || !board.progress().modelsFinished) return;
  const before = board.info().dataset;
  if (readField(root, 'changedData') === before) return;
  state.set({ dataset: readField(root, 'changedData'), changedData: before });
  prepare({ start: true, previous: board });
}

/** A model's number on the leaderboard selects it (its curve drawn on top); again: unselects. */
function onSelect(ev) {
  const pick = ev.target.closest('button[data-select]');
  if (!pick || !board) return;
  const n = Number(pick.dataset.select);
  state.set({ model: selected() === n ? null : String(n) });
  guard(() => {
    drawCurves();
    renderBoard();
    $('cv-rows').querySelector(`button[data-select="${n}"]`)?.focus();
  }, 'selecting a model');
}

/** The model selected on the leaderboard (1-based), 0 for none. */
function selected() {
  const n = Number(state.get('model'));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** "Babysit this one": the model's exact settings into the URL, then the panda tab. */
function onBabysit(ev) {
  const link = ev.target.closest('a[data-babysit]');
  if (!link || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
  ev.preventDefault();
  const training = settingsTable().filter((s) => s.owner === 'training').map((s) => s.key);
  state.adopt(link.getAttribute('href').slice(1), [...training, ...CAVIAR_KEYS]);
  state.set({ at: null, scenario: null });
  $('tab-panda').click();
}

// ---- Drawing ------------------------------------------------------------------------------------

/** Starts (or stops) drawing on every animation frame while the caviar trains. */
function animate(on) {
  if (on) {
    rafId ||= requestAnimationFrame(frame);
    return;
  }
  cancelAnimationFrame(rafId);
  rafId = 0;
}

function frame(now) {
  rafId = 0;
  if (!run || !board) return;
  run.frames += 1;
  guard(() => {
    if (!run.modelsMs && board.progress().modelsFinished) {
      run.modelsMs = now - run.started; // the models are trained: the panda comparison may go on
      run.modelFrames = run.frames;
    }
    if (dirty) {
      dirty = false;
      const t0 = performance.now();
      drawCurves();
      run.drawMs += performance.now() - t0;
      run.draws += 1;
    }
    if (now - lastBoard >= BOARD_EVERY_MS) {
      lastBoard = now;
      renderBoard();
      renderProgress();
      renderComparison();
    }
  }, 'drawing the caviar');
  if (run) rafId = requestAnimationFrame(frame);
}

function showBoard() {
  renderColourBar();
  renderBase();
  drawAll();
}

function drawAll() {
  drawCharts();
  renderBoard();
  renderProgress();
  renderComparison();
  renderStale();
}

function drawCharts() {
  drawCurves();
  const c = $('cv-compare-chart');
  if (c.width && c.height) board.renderComparison(c);
  const s = $('cv-stale-chart');
  if (s.width && s.height && !$('cv-stale-result').hidden) board.renderStale(s);
}

function drawCurves() {
  const canvas = $('cv-curves');
  if (!canvas.width || !canvas.height) return;
  const n = board.renderCurves(canvas, selected());
  canvas.dataset.curves = String(n);
  $('cv-count').textContent = t('caviar.curves-count', { n });
}

function renderColourBar() {
  const bar = board.colourBar();
  $('cv-bar').style.background = `linear-gradient(to right, ${bar.stops.join(', ')})`;
  $('cv-bar-title').textContent = bar.title;
  $('cv-bar-ticks').innerHTML = bar.ticks
    .map((k) => `<span style="left: ${(100 * k.at).toFixed(2)}%">${esc(k.label)}</span>`)
    .join('');
}

function renderBase() {
  const info = board.info();
  $('cv-base').textContent = t('caviar.base', {
    data: choiceLabel('dataset', info.dataset),
    network: `${[2, ...info.hidden, info.outputs].join(' → ')}${info.batchNorm ? t('caviar.with-bn') : ''}`,
    batch: info.batch,
    optimizer: choiceLabel('optimizer', info.optimizer),
  });
  $('cv-note').hidden = !info.note;
  $('cv-note').textContent = info.note ?? '';
  $('cv-stale-help').textContent = t('caviar.stale.help', { models: info.models });
}

function renderBoard() {
  const rows = board.leaderboard();
  const pick = selected();
  $('cv-rows').innerHTML = rows.map((r) => {
    const best = r.rank === 1 && r.validLoss !== null;
    const chosen = pick === r.index + 1;
    const state = r.state === 'diverged'
      ? t('caviar.state.diverged', { step: integer(r.divergedAt) })
      : t(`caviar.state.${r.state}`);
    const loss = r.validLoss === null ? `<td class="num cv-state" colspan="2">${esc(state)}</td>`
      : `<td class="num">${esc(number(r.validLoss))}</td><td class="num">${esc(percent(r.validAccuracy, 0))}</td>`;
    return `<tr class="${best ? 'is-best' : ''} ${chosen ? 'is-selected' : ''}" data-state="${r.state}" data-model="${r.index + 1}">
      <td class="num">${best ? `<span aria-label="${esc(t('caviar.best-rank'))}">★</span>` : r.rank}</td>
      <td><button type="button" class="cv-pick" data-select="${r.index + 1}" aria-pressed="${chosen}" title="${esc(t('caviar.select', { n: r.index + 1 }))}"><span class="swatch" style="background:${r.colour}"></span>${r.index + 1}</button></td>
      <td class="cv-values" title="${esc(r.message ?? '')}">${esc(r.values)}</td>
      ${loss}
      <td><a href="?${esc(r.query)}" data-babysit="${r.index + 1}" title="${esc(t('caviar.babysit-title', { n: r.index + 1 }))}">${esc(t('caviar.babysit'))}</a></td>
    </tr>`;
  }).join('');
}

function renderProgress() {
  const p = board.progress();
  const info = board.info();
  const total = p.stepsTotal + info.budget;
  $('cv-progress').max = total;
  $('cv-progress').value = p.stepsDone + p.pandaSteps;
  $('cv-progress-text').textContent = t('caviar.progress', {
    done: p.modelsDone, models: p.models, steps: integer(p.stepsDone), total: integer(p.stepsTotal),
  });
  root.dataset.modelsDone = String(p.modelsDone);
}

function renderComparison() {
  const c = board.comparison();
  const info = board.info();
  const result = (loss, acc, diverged) => diverged ? t('caviar.compare.diverged')
    : loss === null ? t('caviar.compare.pending')
      : t('caviar.compare.result', { loss: number(loss), accuracy: percent(acc, 1) });
  $('cv-compare-panda').textContent = `${c.pandaNudges
    ? t('caviar.compare.panda-nudges', { n: c.pandaNudges, budget: integer(c.budget) })
    : t('caviar.compare.panda', { budget: integer(c.budget) })}: ${result(c.pandaSteps >= c.budget ? c.pandaLoss : null, c.pandaAccuracy, c.pandaDiverged)}`;
  $('cv-compare-caviar').textContent = `${t('caviar.compare.caviar', { models: info.models, steps: integer(info.steps) })}: ${
    c.best === null ? t('caviar.compare.pending') : `#${c.best + 1}, ${result(c.bestLoss, c.bestAccuracy, false)}`}`;
  const times = kept?.board === board && kept.pandaMs && kept.workersMs ? t('caviar.compare.times', {
    models: info.models, caviar: seconds(kept.workersMs), workers: workers(), budget: integer(c.budget), panda: seconds(kept.pandaMs),
  }) : '';
  $('cv-compare-rule').textContent = `${times} ${t('caviar.compare.rule')}`.trim();
  const chart = $('cv-compare-chart');
  if (chart.width && chart.height) board.renderComparison(chart);
}

function renderStale() {
  const s = board.stale();
  $('cv-stale-result').hidden = !s;
  if (!s) return;
  $('cv-stale-before').textContent = t('caviar.stale.before', {
    data: choiceLabel('dataset', s.before), n: s.beforeWinner + 1, values: s.beforeValues, loss: number(s.beforeLoss),
  });
  $('cv-stale-after').textContent = t('caviar.stale.after', {
    data: choiceLabel('dataset', s.after), n: s.afterWinner + 1, values: s.afterValues, loss: number(s.afterLoss),
  });
  $('cv-stale-old').textContent = s.beforeWinner === s.afterWinner ? t('caviar.stale.held')
    : s.oldWinnerLoss === null ? t('caviar.stale.old-winner-diverged', { n: s.beforeWinner + 1 })
      : t('caviar.stale.old-winner', { n: s.beforeWinner + 1, rank: s.oldWinnerRank, models: s.models });
  const chart = $('cv-stale-chart');
  fitCanvas(chart);
  if (chart.width && chart.height) board.renderStale(chart);
}

/** The re-run needs a finished caviar and other data than its own. */
function renderStaleButton() {
  const ready = !!board && !run && board.progress().modelsFinished;
  $('cv-stale-run').disabled = !ready || readField(root, 'changedData') === board.info().dataset;
}

function setStatus(kind, text) {
  const el = $('cv-status');
  el.textContent = text;
  el.dataset.state = kind;
  root.dataset.caviarState = kind;
}

/** A refusal: each refused setting marked at its control; the box says what to do. */
function showFormError(err) {
  const box = $('cv-form-error');
  if (!err) {
    showErrors(root, []);
    box.hidden = true;
    return;
  }
  const unplaced = showErrors(root, err.errors ?? [errorEntry(err)]);
  $('cv-form-error-text').textContent = unplaced.length ? unplaced.map((e) => e.message).join(' ') : t('form.fix-marked');
  box.hidden = false;
}

// ---- The classroom: lesson, exports ---------------------------------------------------------------

/**
 * The course's caviar (§3), each step a caviar the page runs (deterministic from its seed):
 * many models at once, a model stuck on the plateau and one that blew up, panda vs caviar on
 * the same compute, the winner moving on changed data, and what seeds alone do. Every number
 * said is measured in tests/caviar.rs and on the page (tests/e2e/caviar.test.mjs).
 */
export const lesson = [
  { query: 'run=1', say: 'caviar.lesson.many', focus: '.cv-curves' },
  { query: 'run=1&model=13', say: 'caviar.lesson.plateau', focus: '.cv-curves' },
  { query: 'run=1&model=7', say: 'caviar.lesson.blow-up', focus: '.cv-board' },
  { query: 'run=1', say: 'caviar.lesson.compare', focus: '.cv-compare' },
  { query: 'dataset=moons&changedData=spiral&rerun=1&run=1', say: 'caviar.lesson.stale', focus: '.cv-stale' },
  { query: 'sample=seeds&run=1', say: 'caviar.lesson.seeds', focus: '.cv-curves' },
];

/** Every chart of the view, drawn by the engine into any canvas (the PNG export draws at 2×). */
export function exportables() {
  const when = (fn) => (canvas) => board && fn(canvas);
  return [
    { id: 'curves', title: t('caviar.curves'), canvas: $('cv-curves'), draw: when((c) => board.renderCurves(c, selected())) },
    { id: 'compare', title: t('caviar.compare.title'), canvas: $('cv-compare-chart'), draw: when((c) => board.renderComparison(c)) },
    { id: 'stale', title: t('caviar.stale.title'), canvas: $('cv-stale-chart'), draw: when((c) => board.renderStale(c)) },
  ];
}

/**
 * The numbers behind the view: every model's settings and result (plan order), the
 * leaderboard (best first), and as JSON also panda vs caviar and the re-run's comparison.
 */
export function data() {
  const runs = board ? board.runs() : [];
  const rows = board ? board.leaderboard() : [];
  return {
    tables: [
      {
        name: 'runs',
        columns: ['model', 'lr', 'momentum', 'batch', 'hidden', 'init_scale', 'batch_norm', 'optimizer',
          'init_seed', 'batch_seed', 'steps', 'train_loss', 'valid_loss', 'valid_accuracy', 'status', 'diverged_at'],
        rows: runs.map((r) => [r.index + 1, r.lr, r.momentum, r.batch, r.hidden.join(' '), r.initScale, r.batchNorm ? 1 : 0,
          r.optimizer, r.initSeed, r.batchSeed, r.steps, r.trainLoss, r.validLoss, r.validAccuracy, r.state, r.divergedAt ?? null]),
      },
      {
        name: 'leaderboard',
        columns: ['rank', 'model', 'settings', 'valid_loss', 'valid_accuracy', 'status'],
        rows: rows.map((r) => [r.rank, r.index + 1, r.values.replace(/\u00a0/g, ' '), r.validLoss, r.validAccuracy, r.state]),
      },
    ],
    json: {
      view: 'caviar',
      query: board ? board.fullQuery() : null,
      runs,
      leaderboard: rows,
      comparison: board ? board.comparison() : null,
      rerun: board ? board.stale() : null,
    },
  };
}

/**
 * What a lesson step (or a link) is about, on screen: its focus (marked by js/classroom.js)
 * scrolled to the top when it is not all visible above the lesson bar, and the model picked
 * scrolled into the leaderboard's view.
 */
function showFocus() {
  const el = root?.querySelector('.lesson-focus');
  if (el) {
    const r = el.getBoundingClientRect();
    const bottom = document.querySelector('.lesson-bar')?.getBoundingClientRect().top ?? window.innerHeight;
    if (r.top < 0 || r.bottom > bottom) el.scrollIntoView({ block: 'start' });
  }
  const row = selected() ? root?.querySelector(`#cv-rows tr[data-model="${selected()}"]`) : null;
  const list = row?.closest('.cv-board-scroll');
  if (list) list.scrollTop = row.offsetTop - (list.clientHeight - row.offsetHeight) / 2;
}
