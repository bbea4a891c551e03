// "Train one model" (panda): one network trained live, babysat by nudging α and β.
//
// This module only wires the form in index.html, the animation loop and the canvases to a wasm
// `Trainer`; the training, the validation of settings and all drawing happen in Rust
// (Trainer.fromQuery / step / renderField / renderLoss / renderAccuracy).
import { Trainer, classColour, datasetNames, defaultSettings, freshSeed } from '../../pkg/tunelab.js';
import { reportInternalError, isWasmTrap, onInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { Stepper } from '../stepper.js';

// ---- Tuning of the loop (presentation only) ---------------------------------------------------

/** Cells per side of the decision field the network is evaluated on. */
const FIELD_RESOLUTION = 64;
/** Milliseconds of training per frame at "as fast as possible" (leaves room for drawing at 60 fps). */
const STEP_BUDGET_MS = 8;
/** Redraw the field at most every frame, and so that drawing takes at most ~1/3 of the time
 *  (a 4 × 64 network costs tens of ms per field); the charts (plotters, with text) ~4 times a second. */
const FIELD_MIN_EVERY_MS = 15;
const FIELD_MAX_EVERY_MS = 500;
const CHARTS_EVERY_MS = 250;
/** Curves get a point every 10 steps, then sparser (×2 each time the run doubles past 3000 steps),
 *  so a typical run has a few hundred points and a long one stays cheap to draw. */
const RECORD_EVERY = 10;
const RECORD_SPARSER_AFTER = 3000;

// ---- The form: one control per URL key ---------------------------------------------------------
// A key the URL leaves out shows its default, which comes from Rust (`defaultSettings()`, i.e.
// Config::default() in URL form): one source of truth for defaults and validation alike.
// Validation is never done here: the whole query goes to Rust, which names any bad setting.

const CONTROLS = {
  dataset: { id: 'p-dataset', kind: 'select' },
  noise: { id: 'p-noise', kind: 'range' },
  points: { id: 'p-points', kind: 'text' },
  hidden: { id: 'p-hidden', kind: 'text' },
  activation: { id: null, kind: 'radio', name: 'activation' },
  bn: { id: 'p-bn', kind: 'checkbox' },
  initScale: { id: 'p-init-scale', kind: 'log' },
  optimizer: { id: null, kind: 'radio', name: 'optimizer' },
  lr: { id: 'p-lr', kind: 'log' },
  momentum: { id: 'p-momentum', kind: 'beta' },
  batch: { id: 'p-batch', kind: 'text' },
  decay: { id: 'p-decay', kind: 'text' },
  dataSeed: { id: 'p-data-seed', kind: 'text' },
  initSeed: { id: 'p-init-seed', kind: 'text' },
  batchSeed: { id: 'p-batch-seed', kind: 'text' },
};
const FORM_KEYS = Object.keys(CONTROLS);
/** Every setting's default, from Rust (read once the wasm module is initialised, on mount). */
let defaults = null;
const def = (key) => defaults.get(key);
/** Settings of this view only (not part of the run's config; Rust ignores them). */
const SPEED_KEY = 'speed'; // 1 | 10 | 100 | max (default 10)
const BN_STATS_KEY = 'bnStats'; // running (default) | batch
const DEFAULT_SPEED = '10';

// ---- Module state ------------------------------------------------------------------------------

let root = null;
let state = null;
let trainer = null;
let playing = false;
let rafId = 0;
const stepper = new Stepper(1 << 16); // steps per trainer.step() call, adapted to ~1 ms
let lastField = 0;
let lastCharts = 0;
let fieldCost = 0; // ms the last field redraw took
let listeners = null; // AbortController of every DOM listener
let resizer = null;
let unhookInternal = null;
const shown = new Map(); // element id -> text last written (skip redundant DOM writes)
let lastInput = 'keyboard';
let focusFromPointer = false; // was the focused control focused by a click (not by Tab)?
let swallowSpaceUp = false;

const $ = (id) => document.getElementById(id);

// ---- Mount / unmount ---------------------------------------------------------------------------

export function mount(viewRoot, urlState) {
  root = viewRoot;
  state = urlState;
  defaults ??= new URLSearchParams(defaultSettings());
  listeners = new AbortController();
  const on = (target, type, fn, opts = {}) =>
    target.addEventListener(type, fn, { ...opts, signal: listeners.signal });

  fillDatasets();
  syncForm();

  on($('p-form'), 'input', onInput);
  on($('p-form'), 'change', onChange);
  on($('p-form'), 'submit', (ev) => ev.preventDefault());
  on($('p-form-error-defaults'), 'click', () => {
    state.clearSettings();
    syncForm();
    rebuild({ resume: false });
  });
  for (const btn of root.querySelectorAll('[data-new-seed]')) {
    on(btn, 'click', () => newSeed(btn.dataset.newSeed));
  }
  on($('p-play'), 'click', () => (playing ? pause() : play()));
  on($('p-step'), 'click', stepOnce);
  on($('p-reset'), 'click', () => {
    startFromForm();
    rebuild({ resume: playing });
  });
  on($('p-speed'), 'change', () => {
    const v = $('p-speed').value;
    state.set({ [SPEED_KEY]: v === DEFAULT_SPEED ? null : v });
  });
  on($('p-lr-up'), 'click', () => nudge('lr', (a) => round(a * 2)));
  on($('p-lr-down'), 'click', () => nudge('lr', (a) => round(a / 2)));
  // β on the scale the course teaches: halve or double 1 − β (0.9 → 0.95 → 0.975 …).
  on($('p-beta-up'), 'click', () => nudge('momentum', (b) => round(1 - (1 - b) / 2)));
  on($('p-beta-down'), 'click', () => nudge('momentum', (b) => Math.max(0, round(1 - (1 - b) * 2))));
  for (const input of root.querySelectorAll('input[name="bnmode"]')) {
    on(input, 'change', () => {
      state.set({ [BN_STATS_KEY]: input.value === 'batch' ? 'batch' : null });
      safely(drawField, 'drawing the field');
    });
  }
  on(document, 'keydown', onKey);
  // Input modality (like :focus-visible, which a key press itself turns on): was the focused
  // control reached with the mouse/touch, or with the keyboard?
  on(document, 'pointerdown', () => (lastInput = 'pointer'), { capture: true });
  on(document, 'keydown', () => (lastInput = 'keyboard'), { capture: true });
  on(document, 'focusin', () => (focusFromPointer = lastInput === 'pointer'), { capture: true });
  // The space that played/paused must not also press the control it was typed on (on keyup).
  on(window, 'keyup', (ev) => {
    if (ev.code === 'Space' && swallowSpaceUp) ev.preventDefault();
    swallowSpaceUp = false;
  }, { capture: true });

  resizer = new ResizeObserver(onResize);
  for (const id of ['p-field', 'p-loss', 'p-acc']) resizer.observe($(id));

  unhookInternal = onInternalError(() => {
    stopLoop();
    playing = false;
    trainer = null; // may be poisoned by a panic: never call into it again
    renderRunState('stopped: internal error');
  });

  if (!resumeKeptRun()) rebuild({ resume: false });
}

/** Leaving the tab pauses the run but keeps it, so coming back shows it where it was. */
export function unmount() {
  stopLoop();
  playing = false;
  listeners?.abort();
  listeners = null;
  resizer?.disconnect();
  resizer = null;
  unhookInternal?.();
  unhookInternal = null;
  shown.clear();
  root = null;
}

/** On coming back to the tab: goes on with the kept run if the URL still describes it. */
function resumeKeptRun() {
  if (!trainer) return false;
  let same = false;
  try {
    same = state.validate() === trainer.query();
  } catch (err) {
    if (isWasmTrap(err)) throw err;
  }
  if (!same) return false;
  showFormError(null);
  drawAll();
  renderRunState();
  return true;
}

// ---- Building the run ---------------------------------------------------------------------------

/** (Re)creates the trainer from the URL; a refused setting is shown next to the form. */
function rebuild({ resume, changed = null }) {
  stopLoop();
  let next;
  try {
    state.validate(); // Rust's Config::from_query: throws a message naming the bad setting
    next = Trainer.fromQuery(state.query());
  } catch (err) {
    if (isWasmTrap(err)) return reportInternalError(err, 'building the model');
    freeTrainer();
    playing = false;
    showFormError(err, changed);
    renderRunState();
    clearCanvases();
    return;
  }
  freeTrainer();
  trainer = next;
  stepper.reset();
  showFormError(null);
  safely(() => {
    trainer.setRecordEvery(RECORD_EVERY);
    state.adopt(trainer.query(), FORM_KEYS); // the URL now reproduces this run exactly
    syncForm();
    showClassKey(trainer.classes);
    drawAll();
    playing = resume;
    renderRunState();
    if (playing) startLoop();
  }, 'starting the run');
}

function freeTrainer() {
  if (!trainer) return;
  const t = trainer;
  trainer = null;
  try {
    t.free();
  } catch {
    // Freeing a handle left borrowed by a panic throws; the page is already stopped then.
  }
}

// ---- Form <-> URL ---------------------------------------------------------------------------------

function fillDatasets() {
  const select = $('p-dataset');
  if (select.options.length) return;
  for (const name of datasetNames()) {
    const opt = document.createElement('option');
    opt.value = name;
    opt.textContent = name;
    select.append(opt);
  }
}

/**
 * A new run from what the form shows. A babysat run's URL holds its starting α0 and β plus its
 * changes (`nudges=step:lr:value,…`, replayed by Rust); a new run (reset, another setting, a new
 * seed) drops those changes and starts from the α0 and β the form shows, i.e. where the old run
 * had got to.
 */
function startFromForm() {
  if (!trainer || !state.has('nudges')) return;
  state.set({
    nudges: null,
    lr: String(trainer.baseLearningRate),
    momentum: String(trainer.momentum),
  });
}

/** The value the form shows: the run's current α0 and β (after babysitting), else the URL's. */
function formValue(key) {
  if (trainer && key === 'lr') return String(trainer.baseLearningRate);
  if (trainer && key === 'momentum') return String(trainer.momentum);
  return state.get(key) ?? def(key);
}

/** The class colours of the field, as Rust draws them: "■ class 0  ■ class 1 (■ class 2)". */
function showClassKey(classes) {
  const key = $('p-class-key');
  key.replaceChildren(
    ...Array.from({ length: classes }, (_, k) => {
      const item = document.createElement('span');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = classColour(k);
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, `class ${k}`);
      return item;
    }),
  );
}

/** Shows the URL's settings in the form (defaults for keys the URL leaves out). */
function syncForm() {
  for (const [key, c] of Object.entries(CONTROLS)) {
    const raw = formValue(key);
    if (c.kind === 'radio') {
      for (const r of root.querySelectorAll(`input[name="${c.name}"]`)) r.checked = r.value === raw;
      continue;
    }
    const el = $(c.id);
    if (el === document.activeElement && (c.kind === 'text')) continue; // don't fight the typist
    switch (c.kind) {
      case 'select':
        if (![...el.options].some((o) => o.value === raw)) {
          const opt = document.createElement('option');
          opt.value = raw;
          opt.textContent = raw;
          el.append(opt); // an invalid URL value stays visible; Rust reports it
        }
        el.value = raw;
        break;
      case 'checkbox':
        el.checked = ['1', 'true', 'on'].includes(raw);
        break;
      case 'range':
        el.value = raw;
        break;
      case 'log': {
        const v = Number(raw);
        if (v > 0) el.value = String(Math.log10(v));
        break;
      }
      case 'beta': {
        const v = Number(raw);
        if (v >= 0 && v < 1) el.value = String(Math.max(-3, Math.min(0, Math.log10(1 - v))));
        break;
      }
      default:
        el.value = raw;
    }
    showValue(key, raw);
  }
  const speed = state.get(SPEED_KEY) ?? DEFAULT_SPEED;
  $('p-speed').value = [...$('p-speed').options].some((o) => o.value === speed) ? speed : DEFAULT_SPEED;
  const batchStats = state.get(BN_STATS_KEY) === 'batch';
  $('p-bnmode-batch').checked = batchStats;
  $('p-bnmode-running').checked = !batchStats;
  renderOptionalControls();
}

/** The URL value a control shows now. */
function readControl(key) {
  const c = CONTROLS[key];
  if (c.kind === 'radio') return root.querySelector(`input[name="${c.name}"]:checked`)?.value ?? def(key);
  const el = $(c.id);
  switch (c.kind) {
    case 'checkbox':
      return el.checked ? '1' : '0';
    case 'log':
      return String(round(10 ** Number(el.value), 2));
    case 'beta': {
      const r = Number(el.value);
      return r >= -0.001 ? '0' : String(round(1 - round(10 ** r, 2), 6));
    }
    default:
      return el.value.trim();
  }
}

function showValue(key, raw) {
  const out = { noise: 'p-noise-out', initScale: 'p-init-scale-out', lr: 'p-lr-out', momentum: 'p-momentum-out' }[key];
  if (out) $(out).textContent = key === 'initScale' ? `× ${raw}` : raw;
}

/** Live feedback while a slider moves; the run changes on "change". */
function onInput(ev) {
  const key = ev.target.dataset?.key;
  if (key && ev.target.type === 'range') showValue(key, readControl(key));
}

function onChange(ev) {
  const key = ev.target.dataset?.key;
  if (!key) return;
  const value = readControl(key);
  if (key === 'lr' || key === 'momentum') return setKnob(key, Number(value), ev.target);
  startFromForm();
  state.set({ [key]: value });
  renderOptionalControls();
  rebuild({ resume: playing, changed: ev.target });
}

function newSeed(inputId) {
  const el = $(inputId);
  el.value = String(freshSeed());
  startFromForm();
  state.set({ [el.dataset.key]: el.value });
  rebuild({ resume: playing, changed: el });
}

/** Momentum β and the BN-statistics switch only exist for some settings. */
function renderOptionalControls() {
  const momentum = readControl('optimizer') === 'momentum';
  $('p-momentum-field').hidden = !momentum;
  $('p-beta-row').hidden = !momentum;
  $('p-bnmode').hidden = !$('p-bn').checked;
}

// ---- Babysitting: α and β while the run goes on ---------------------------------------------------

/** α or β from a button: relative to the value the run uses now. */
function nudge(key, next) {
  if (!trainer) return;
  const now = key === 'lr' ? trainer.baseLearningRate : trainer.momentum;
  setKnob(key, next(now), key === 'lr' ? $('p-lr') : $('p-momentum'));
}

/**
 * A new α0 or β. Mid-run it is a babysitting nudge (the run goes on; Rust marks the change on the
 * loss curve); before the first step or after divergence it starts a fresh run with it.
 */
function setKnob(key, value, control) {
  if (trainer && trainer.steps > 0 && !trainer.diverged) {
    try {
      if (key === 'lr') trainer.setLearningRate(value);
      else trainer.setMomentum(value);
    } catch (err) {
      if (isWasmTrap(err)) return reportInternalError(err, 'changing the learning rate');
      showFormError(err, control);
      syncForm(); // back to the value the run uses
      return;
    }
    showFormError(null);
    safely(() => {
      state.adopt(trainer.query(), FORM_KEYS);
      syncForm();
      drawCharts();
      renderReadouts();
    }, 'babysitting');
    return;
  }
  startFromForm();
  state.set({ [key]: String(value) });
  syncForm();
  rebuild({ resume: playing, changed: control });
}

// ---- Run controls --------------------------------------------------------------------------------

function play() {
  if (!trainer || trainer.diverged) return;
  playing = true;
  renderRunState();
  startLoop();
}

function pause() {
  playing = false;
  stopLoop();
  safely(() => {
    drawAll();
    renderRunState();
  }, 'pausing');
}

function stepOnce() {
  if (!trainer || trainer.diverged) return;
  if (playing) pause();
  safely(() => {
    trainer.step(1);
    drawAll();
    renderRunState();
  }, 'stepping');
}

function onKey(ev) {
  if (ev.code !== 'Space' || ev.repeat || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (!root || root.hidden) return;
  const t = ev.target;
  if (t instanceof HTMLElement && t !== document.body) {
    if (t.isContentEditable || t instanceof HTMLTextAreaElement) return;
    if (t instanceof HTMLInputElement && !['range', 'checkbox', 'radio'].includes(t.type)) return; // typing
    // A button, switch or menu focused from the keyboard keeps its own meaning of space. One
    // focused by a mouse click (no focus ring) does not: the space bar then plays/pauses, and
    // the blur keeps the keyup from also pressing "α × 2" or toggling batch norm.
    if (t.closest('button, select, [role="tab"], input[type="checkbox"], input[type="radio"]')) {
      if (!focusFromPointer) return;
      t.blur();
    }
  }
  ev.preventDefault();
  swallowSpaceUp = true;
  if (playing) pause();
  else play();
}

// ---- Animation loop -------------------------------------------------------------------------------

function startLoop() {
  if (!rafId) rafId = requestAnimationFrame(frame);
}

function stopLoop() {
  if (rafId) cancelAnimationFrame(rafId);
  rafId = 0;
}

function frame(now) {
  rafId = 0;
  if (!playing || !trainer) return;
  try {
    runSteps();
    if (trainer.diverged) {
      playing = false;
      drawAll();
      renderRunState();
      return;
    }
    const fieldEvery = Math.min(FIELD_MAX_EVERY_MS, Math.max(FIELD_MIN_EVERY_MS, 3 * fieldCost));
    if (now - lastField >= fieldEvery) {
      drawField();
      lastField = now;
    }
    if (now - lastCharts >= CHARTS_EVERY_MS) {
      drawCharts();
      lastCharts = now;
    }
    renderReadouts();
    rafId = requestAnimationFrame(frame);
  } catch (err) {
    reportInternalError(err, 'training');
  }
}

/** This frame's updates: a fixed number per speed setting, always within the time budget. */
function runSteps() {
  const speed = $('p-speed').value;
  const target = speed === 'max' ? Infinity : Number(speed) || 10;
  stepper.run((k) => trainer.step(k), target, STEP_BUDGET_MS);
  // Sparser curve points as the run grows (history stays a few hundred points per doubling).
  const steps = trainer.steps;
  const every = RECORD_EVERY * 2 ** Math.max(0, Math.floor(Math.log2(steps / RECORD_SPARSER_AFTER)));
  trainer.setRecordEvery(every);
}

// ---- Drawing (all pixels come from Rust) -----------------------------------------------------------

function drawAll() {
  drawField();
  drawCharts();
  renderReadouts();
}

function drawField() {
  const canvas = $('p-field');
  if (!trainer || !canvas.width || !canvas.height) return;
  const inference = !($('p-bn').checked && $('p-bnmode-batch').checked);
  const t0 = performance.now();
  trainer.renderField(canvas, inference, FIELD_RESOLUTION);
  fieldCost = performance.now() - t0;
  window.tunelabReady ??= performance.now(); // first field on screen (read by the benchmark)
}

function drawCharts() {
  if (!trainer) return;
  const loss = $('p-loss');
  const acc = $('p-acc');
  if (loss.width && loss.height) trainer.renderLoss(loss);
  if (acc.width && acc.height) trainer.renderAccuracy(acc);
}

function clearCanvases() {
  for (const id of ['p-field', 'p-loss', 'p-acc']) {
    const c = $(id);
    c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
  }
}

/** Canvas pixels = CSS size × devicePixelRatio, redrawn after a resize. */
function onResize(entries) {
  let field = false;
  let charts = false;
  for (const e of entries) {
    if (!fitCanvas(e)) continue;
    if (e.target.id === 'p-field') field = true;
    else charts = true;
  }
  if (!trainer) return;
  safely(() => {
    if (field) drawField();
    if (charts) drawCharts();
  }, 'resizing');
}

// ---- Readouts -------------------------------------------------------------------------------------

function text(id, value) {
  if (shown.get(id) === value) return;
  shown.set(id, value);
  $(id).textContent = value;
}

function renderReadouts() {
  if (!trainer) {
    for (const id of ['p-steps', 'p-epoch']) text(id, '0');
    for (const id of ['p-lr-now', 'p-base-lr', 'p-base-beta', 'p-train-loss', 'p-valid-loss', 'p-train-acc', 'p-valid-acc']) text(id, '–');
    return;
  }
  const [trainLoss, trainAcc, validLoss, validAcc] = trainer.latestMetrics();
  text('p-steps', trainer.steps.toLocaleString('en-US'));
  text('p-epoch', trainer.epoch.toLocaleString('en-US'));
  text('p-lr-now', fmt(trainer.learningRate));
  text('p-base-lr', fmt(trainer.baseLearningRate));
  text('p-base-beta', fmt(trainer.momentum));
  text('p-train-loss', fmtLoss(trainLoss));
  text('p-valid-loss', fmtLoss(validLoss));
  text('p-train-acc', fmtPercent(trainAcc));
  text('p-valid-acc', fmtPercent(validAcc));
}

/** Play button, status line, divergence banner and which buttons are usable. */
function renderRunState(override) {
  const diverged = !!trainer && trainer.diverged;
  const play = $('p-play');
  play.classList.toggle('is-playing', playing);
  play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
  play.disabled = !trainer || diverged;
  $('p-step').disabled = !trainer || diverged || playing;
  $('p-reset').disabled = !!override; // reset also retries a refused setting
  for (const id of ['p-lr-up', 'p-lr-down', 'p-beta-up', 'p-beta-down']) $(id).disabled = !trainer;

  const banner = $('p-diverged');
  banner.hidden = !diverged;
  if (diverged) banner.textContent = trainer.statusMessage;
  $('p-placeholder').hidden = !!trainer || !!override;
  $('p-field-wrap').classList.toggle('is-diverged', diverged);

  let status;
  if (override) status = override;
  else if (!trainer) status = 'settings refused';
  else if (diverged) status = 'diverged';
  else if (playing) status = 'training';
  else status = trainer.steps > 0 ? 'paused' : 'ready';
  const el = $('p-status');
  el.textContent = status;
  el.dataset.state = diverged ? 'diverged' : playing ? 'training' : trainer ? 'paused' : 'error';
  if (!override) renderReadouts(); // after an internal error, the last readouts stay visible
}

function showFormError(err, control = null) {
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  const box = $('p-form-error');
  if (!err) {
    box.hidden = true;
    return;
  }
  $('p-form-error-text').textContent = err instanceof Error ? err.message : String(err);
  box.hidden = false;
  // Rust names the refused setting's URL key (err.key); fall back to the control just changed.
  const keyed = err?.key ? root.querySelector(`[data-key="${err.key}"]`) : null;
  (keyed ?? control)?.setAttribute('aria-invalid', 'true');
}

// ---- Helpers --------------------------------------------------------------------------------------

function safely(fn, context) {
  try {
    fn();
  } catch (err) {
    reportInternalError(err, context);
  }
}

/** `v` to `digits` significant digits, as a plain number (0.30000000000000004 → 0.3). */
function round(v, digits = 6) {
  return Number(v.toPrecision(digits));
}

function fmt(v) {
  if (!Number.isFinite(v)) return '–';
  if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
  return String(round(v, 4));
}

function fmtLoss(v) {
  return Number.isFinite(v) ? v.toFixed(3) : 'blew up';
}

function fmtPercent(v) {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–';
}
