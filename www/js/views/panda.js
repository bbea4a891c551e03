// "Panda": babysitting one model (course notes §3) — nudge α and β while it trains — with a
// short guide: one-click scenarios (pandaScenarios(): a URL preset, a task and what to watch).
//
// This module builds the view's markup (controls from the settings table, words from the
// catalogue), wires the animation loop and the canvases to a wasm `Trainer`; the training, the
// validation of settings and all drawing happen in Rust (Trainer.fromQuery / advance / snapshot /
// renderField / renderLoss / renderAccuracy; readSettings for the form).
//
// A link reproduces the picture: the URL holds the settings, seeds and babysitting changes,
// the step reached (`at`, written when the run pauses or steps, and about once a second while
// it plays) and the guide's scenario shown (`scenario`). Opening it replays the run to that
// step in time-sliced chunks with visible progress (Pause stops the replay where it is); the
// curves are recorded at fixed steps (Trainer.advance), so the replay draws what the sender saw.
//
// Classroom hooks (js/classroom.js): `lesson` (the course's babysitting story in seven states),
// `exportables()` (the field and both charts) and `data()` (the run's history and its changes).
import { engine } from '../engine.js';
import { guard, onInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { fixed, integer, number, percent } from '../format.js';
import { errorEntry, field, liveReadouts, readField, showErrors, writeField, writeFields, setting } from '../form.js';
import { esc, t } from '../i18n.js';
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
/** Milliseconds of replay per frame when a link is opened at a step (progress drawn in between). */
const REPLAY_BUDGET_MS = 40;
/** While the run plays, the step reached is written to the URL at most this often. */
const AT_EVERY_MS = 1000;

// ---- The form ------------------------------------------------------------------------------------
// The controls come from the settings table (form.js); what they show comes from Rust's reading
// of the URL (readSettings): defaults, typed values and refusals alike. Validation is never done
// here.

/** The run's settings: every training key of the settings table (the form's controls). */
const TRAINING_KEYS = () => ['dataset', 'noise', 'points', 'hidden', 'activation', 'bn', 'initScale',
  'optimizer', 'lr', 'momentum', 'batch', 'decay', 'dataSeed', 'initSeed', 'batchSeed', 'nudges']
  .filter((k) => setting(k).owner === 'training');

const html = String.raw;

/** The guide: the view's name as the course gives it, and one button per scenario. */
function guideMarkup() {
  return html`
    <section class="guide" aria-labelledby="p-guide-title">
      <div class="guide-text">
        <h2 id="p-guide-title">${esc(t('panda.title'))}</h2>
        <p id="p-guide-intro">${esc(t('panda.intro'))}</p>
        <p id="p-task" class="guide-task" role="status" hidden>
          <strong id="p-task-title"></strong> <span id="p-task-text"></span> <span id="p-task-watch" class="guide-watch"></span>
          <button type="button" id="p-task-close" class="btn btn-small btn-link">${esc(t('panda.guide-close'))}</button>
        </p>
      </div>
      <div class="guide-buttons" role="group" aria-label="${esc(t('panda.guide'))}">
        <span class="guide-label">${esc(t('panda.guide'))}</span>
        ${engine().pandaScenarios().map((s) => `<button type="button" class="btn btn-small" data-scenario="${esc(s.name)}">${esc(t(`panda.scenario.${s.name}.title`))}</button>`).join('')}
      </div>
    </section>`;
}

function markup() {
  const legend = (id) => `<legend>${esc(t(id))}</legend>`;
  return html`
    <div class="panda-left" data-present="hide">
    ${guideMarkup()}
    <form id="p-form" class="controls" autocomplete="off" novalidate aria-label="${esc(t('panda.form'))}">
      <div id="p-form-error" class="form-error" role="alert" hidden>
        <p id="p-form-error-text"></p>
        <div class="unplaced-fields" data-unplaced-errors></div>
        <button type="button" id="p-form-error-defaults" class="btn btn-small">${esc(t('form.use-defaults'))}</button>
      </div>
      <fieldset>${legend('panda.data')}
        ${field('dataset', { id: 'p-dataset', layout: 'pair', help: false })}
        ${field('noise', { id: 'p-noise', help: false })}
        ${field('points', { id: 'p-points', layout: 'pair', help: false })}
      </fieldset>
      <fieldset>${legend('panda.network')}
        ${field('hidden', { id: 'p-hidden', layout: 'pair', help: false })}
        ${field('activation', { id: 'p-activation', layout: 'pair', help: false })}
        ${field('bn', { id: 'p-bn', help: false })}
        ${field('initScale', { id: 'p-init-scale', help: false })}
      </fieldset>
      <fieldset>${legend('panda.optimization')}
        ${field('optimizer', { id: 'p-optimizer', help: false })}
        <div class="field-lr">${field('lr', { id: 'p-lr', help: false })}</div>
        <div id="p-momentum-field">${field('momentum', { id: 'p-momentum', help: false })}
          <small id="p-momentum-unused" class="help" hidden>${esc(t('panda.momentum-unused'))}</small></div>
        <div class="field-row">
          ${field('batch', { id: 'p-batch', help: false })}
          ${field('decay', { id: 'p-decay', help: false })}
        </div>
      </fieldset>
      <fieldset>${legend('panda.seeds')}
        <div class="seeds">
          ${field('dataSeed', { id: 'p-data-seed' })}
          ${field('initSeed', { id: 'p-init-seed' })}
          ${field('batchSeed', { id: 'p-batch-seed' })}
        </div>
      </fieldset>
      <p class="field-error" data-error-for="nudges" role="alert" hidden></p>
    </form>
    </div>

    <div class="runbar" role="group" aria-label="${esc(t('panda.run'))}">
      <button type="button" id="p-reset" class="btn btn-round" aria-label="${esc(t('panda.reset'))}" title="${esc(t('panda.reset'))}">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5V2L7 6l5 4V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z"/></svg>
      </button>
      <button type="button" id="p-play" class="btn btn-play" aria-label="${esc(t('panda.play'))}" title="${esc(t('panda.play-pause'))}">
        <svg class="icon-play" viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z"/></svg>
        <svg class="icon-pause" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5h4v14H6zm8 0h4v14h-4z"/></svg>
      </button>
      <button type="button" id="p-step" class="btn btn-round" aria-label="${esc(t('panda.step'))}" title="${esc(t('panda.step'))}">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5v14l9-7zM16 5h3v14h-3z"/></svg>
      </button>
      <dl class="counters">
        <div><dt>${esc(t('panda.steps'))}</dt><dd id="p-steps">0</dd></div>
        <div><dt>${esc(t('panda.epoch'))}</dt><dd id="p-epoch">0</dd></div>
        <div><dt class="no-caps">${esc(t('panda.lr-now'))}</dt><dd id="p-lr-now">–</dd></div>
      </dl>
      <p id="p-status" class="status" role="status"></p>
      <progress id="p-replay" class="replay-progress" max="1" value="0" aria-label="${esc(t('panda.replay-progress'))}" hidden></progress>
      <div class="runbar-right" data-present="hide">${field('speed', { id: 'p-speed', layout: 'inline', help: false })}</div>
    </div>

    <figure class="stage" id="p-stage">
      <figcaption class="visually-hidden">${esc(t('panda.field-title'))}</figcaption>
      <div class="field-wrap" id="p-field-wrap">
        <canvas id="p-field" role="img" aria-label="${esc(t('panda.field-alt'))}"></canvas>
        <div id="p-diverged" class="diverged-banner" role="alert" hidden></div>
        <div id="p-placeholder" class="field-placeholder" hidden>${esc(t('panda.placeholder'))}</div>
      </div>
      <div class="field-legend">
        <span id="p-class-key" class="class-key"></span>
        <span><span class="dot" aria-hidden="true"></span> ${esc(t('panda.training-points'))}</span>
        <span><span class="ring" aria-hidden="true"></span> ${esc(t('panda.validation-points'))}</span>
        <div id="p-bnmode" class="segmented-small" data-present="hide">${field('bnMode', { id: 'p-bnmode-choice', layout: 'inline', help: false })}</div>
      </div>
    </figure>

    <aside class="side" aria-label="${esc(t('panda.side'))}">
      <dl class="metrics">
        <div class="metric"><dt>${esc(t('metric.train-loss'))}</dt><dd id="p-train-loss">–</dd></div>
        <div class="metric"><dt>${esc(t('metric.valid-loss'))}</dt><dd id="p-valid-loss">–</dd></div>
        <div class="metric"><dt>${esc(t('metric.train-accuracy'))}</dt><dd id="p-train-acc">–</dd></div>
        <div class="metric"><dt>${esc(t('metric.valid-accuracy'))}</dt><dd id="p-valid-acc">–</dd></div>
      </dl>
      <div class="babysit" role="group" aria-labelledby="p-babysit-title">
        <h2 id="p-babysit-title">${esc(t('panda.babysit'))}</h2>
        <div class="babysit-row">
          <span class="babysit-name">α₀ <span id="p-base-lr" class="value-strong">–</span></span>
          <button type="button" id="p-lr-down" class="btn" aria-label="${esc(t('panda.lr-halve'))}">α ÷ 2</button>
          <button type="button" id="p-lr-up" class="btn" aria-label="${esc(t('panda.lr-double'))}">α × 2</button>
        </div>
        <div class="babysit-row" id="p-beta-row">
          <span class="babysit-name">β <span id="p-base-beta" class="value-strong">–</span></span>
          <button type="button" id="p-beta-down" class="btn" aria-label="${esc(t('panda.beta-lower'))}">β −</button>
          <button type="button" id="p-beta-up" class="btn" aria-label="${esc(t('panda.beta-raise'))}">β +</button>
        </div>
        <p class="help" data-present="hide">${esc(t('panda.babysit-help'))}</p>
      </div>
      <figure class="chart chart-loss" id="p-loss-figure">
        <figcaption>${esc(t('panda.loss'))}</figcaption>
        <div class="chart-wrap"><canvas id="p-loss" role="img" aria-label="${esc(t('panda.loss-alt'))}"></canvas></div>
      </figure>
      <figure class="chart chart-acc" data-present="hide">
        <figcaption>${esc(t('panda.accuracy'))}</figcaption>
        <div class="chart-wrap"><canvas id="p-acc" role="img" aria-label="${esc(t('panda.accuracy-alt'))}"></canvas></div>
      </figure>
    </aside>`;
}

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
let scenario = null; // the guide's scenario shown, { name, query, control, presses }
let replay = null; // { target }: a link's step being replayed
let wroteAt = null; // the `at` this view last wrote to the URL (another one came from a link)
let lastAt = 0; // when `at` was last written while playing

const $ = (id) => document.getElementById(id);

/** The run's state (steps, α, metrics, status…) from one engine call, until the run changes. */
let snapshot = null;
function snap() {
  return (snapshot ??= trainer.snapshot());
}
/** Runs `fn` on the trainer and forgets the snapshot it made stale. */
function mutate(fn) {
  snapshot = null;
  return fn();
}

// ---- Mount / unmount ---------------------------------------------------------------------------

export function mount(viewRoot, urlState) {
  root = viewRoot;
  state = urlState;
  root.innerHTML = markup();
  listeners = new AbortController();
  const on = (target, type, fn, opts = {}) =>
    target.addEventListener(type, fn, { ...opts, signal: listeners.signal });

  syncForm();

  liveReadouts(root, listeners.signal);
  on($('p-form'), 'change', onChange);
  on($('p-form'), 'submit', (ev) => ev.preventDefault());
  on($('p-form-error-defaults'), 'click', () => {
    state.clearSettings();
    showScenario(null);
    syncForm();
    rebuild({ resume: false });
  });
  for (const btn of root.querySelectorAll('[data-new-seed]')) {
    on(btn, 'click', () => newSeed(btn.dataset.newSeed));
  }
  for (const btn of root.querySelectorAll('[data-scenario]')) {
    on(btn, 'click', () => openScenario(btn.dataset.scenario));
  }
  on($('p-task-close'), 'click', () => {
    state.set({ scenario: null });
    showScenario(null);
  });
  on($('p-play'), 'click', togglePlay);
  on($('p-step'), 'click', stepOnce);
  on($('p-reset'), 'click', () => {
    startFromForm();
    rebuild({ resume: playing });
  });
  on($('p-speed'), 'change', () => {
    const v = readField(root, 'speed');
    state.set({ speed: v === setting('speed').default ? null : v });
  });
  on($('p-lr-up'), 'click', () => nudge('lr', (a) => round(a * 2)));
  on($('p-lr-down'), 'click', () => nudge('lr', (a) => round(a / 2)));
  // β on the scale the course teaches: halve or double 1 − β (0.9 → 0.95 → 0.975 …).
  on($('p-beta-up'), 'click', () => nudge('momentum', (b) => round(1 - (1 - b) / 2)));
  on($('p-beta-down'), 'click', () => nudge('momentum', (b) => Math.max(0, round(1 - (1 - b) * 2))));
  on($('p-bnmode'), 'change', () => {
    const v = readField(root, 'bnMode');
    state.set({ bnMode: v === setting('bnMode').default ? null : v });
    guard(drawField, 'drawing the field');
  });
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
    snapshot = null;
    renderRunState(t('panda.status-internal'));
  });

  scenario = engine().pandaScenarios().find((s) => s.name === state.get('scenario')) ?? null;
  showScenario(scenario);
  if (!resumeKeptRun()) rebuild({ resume: false, at: linkStep() });
  requestAnimationFrame(showFocus); // after js/classroom.js has marked a lesson step's focus
}

/** Leaving the tab pauses the run but keeps it, so coming back shows it where it was. */
export function unmount() {
  stopLoop();
  playing = false;
  replay = null; // a replay cut short goes on when the tab is opened again
  listeners?.abort();
  listeners = null;
  resizer?.disconnect();
  resizer = null;
  unhookInternal?.();
  unhookInternal = null;
  shown.clear();
  root?.replaceChildren();
  root = null;
}

/**
 * On coming back to the tab (or to a lesson step): goes on with the kept run if the URL still
 * describes it. A step in the URL that this view did not write (a lesson's, a link's) is shown:
 * replayed on from the kept run, or from the start when the kept run is already past it.
 */
function resumeKeptRun() {
  if (!trainer) return false;
  // A URL the engine refuses is simply not this run's.
  const same = guard(() => engine().Trainer.canonicalQuery(state.query()) === trainer.query(), 'resuming the run', () => false);
  if (same === undefined) return true; // an internal error was reported: nothing to resume or build
  if (!same) return false;
  const at = linkStep();
  const ours = state.get('at') === wroteAt;
  if (!ours && snap().steps > at) return false;
  guard(() => {
    showFormError(null);
    showClassKey(trainer.classes);
    drawAll();
    renderRunState();
    if (!ours && snap().steps < at) startReplay(at);
    else writeAt();
  }, 'resuming the run');
  return true;
}

/** The training step the URL shows (`at`; 0 when it names none). */
function linkStep() {
  const at = Number(state.get('at'));
  return Number.isSafeInteger(at) && at > 0 ? at : 0;
}

/** Writes the step reached to the URL (`at`), so a copied link shows this picture. */
function writeAt() {
  const steps = trainer ? snap().steps : 0;
  wroteAt = steps > 0 ? String(steps) : null;
  state.set({ at: wroteAt });
}

// ---- Building the run ---------------------------------------------------------------------------

/**
 * (Re)creates the trainer from the URL; a refused setting is shown next to the form. With `at`
 * (a link's step) the new run is replayed to it, else the URL's step goes back to 0.
 */
function rebuild({ resume, changed = null, at = 0 }) {
  stopLoop();
  const next = guard(() => {
    const reading = engine().readSettings('panda', state.query());
    if (reading.errors.length) throw Object.assign(new Error(reading.errors[0].message), { errors: reading.errors });
    return engine().Trainer.fromQuery(state.query()); // refuses with an Error whose `key` names the setting
  }, 'building the model', (err) => {
    freeTrainer();
    playing = false;
    showFormError(err, changed);
    renderRunState();
    clearCanvases();
  });
  if (!next) return;
  freeTrainer();
  trainer = next;
  snapshot = null;
  stepper.reset();
  showFormError(null);
  guard(() => {
    state.adopt(trainer.query(), TRAINING_KEYS()); // the URL now reproduces this run exactly
    syncForm();
    showClassKey(trainer.classes);
    drawAll();
    if (at > 0) {
      startReplay(at);
      return;
    }
    writeAt();
    playing = resume;
    renderRunState();
    if (playing) startLoop();
  }, 'starting the run');
}

function freeTrainer() {
  if (!trainer) return;
  const old = trainer;
  trainer = null;
  snapshot = null;
  try {
    old.free();
  } catch {
    // Freeing a handle left borrowed by a panic throws; the page is already stopped then.
  }
}

// ---- The guide ------------------------------------------------------------------------------------

/** A scenario: its preset becomes the URL (the run's keys it leaves out go back to the defaults). */
function openScenario(name) {
  const next = engine().pandaScenarios().find((s) => s.name === name);
  if (!next) return;
  const training = engine().settingsTable().filter((k) => k.owner === 'training').map((k) => k.key);
  state.adopt(next.query, [...training, 'speed']);
  state.set({ scenario: name });
  showScenario(next);
  rebuild({ resume: false });
}

/** Shows a scenario's task and what to watch, and marks the control the task is about. */
function showScenario(next) {
  scenario = next;
  for (const el of root.querySelectorAll('.is-task')) el.classList.remove('is-task');
  for (const btn of root.querySelectorAll('[data-scenario]')) {
    btn.setAttribute('aria-pressed', String(btn.dataset.scenario === next?.name));
  }
  $('p-task').hidden = !next;
  $('p-guide-intro').hidden = !!next;
  if (!next) return;
  $('p-task-title').textContent = `${t(`panda.scenario.${next.name}.title`)}:`;
  $('p-task-text').textContent = t(`panda.scenario.${next.name}.task`);
  $('p-task-watch').textContent = t(`panda.scenario.${next.name}.watch`);
  const target = next.control === 'bn' ? root.querySelector('[data-field="bn"]') : $(`p-${next.control}`);
  target?.classList.add('is-task');
}

// ---- Form <-> URL ---------------------------------------------------------------------------------

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
    lr: String(snap().baseLearningRate),
    momentum: String(snap().momentum),
  });
}

/** The class colours of the field, as Rust draws them: "■ class 0  ■ class 1 (■ class 2)". */
function showClassKey(classes) {
  const key = $('p-class-key');
  key.replaceChildren(
    ...Array.from({ length: classes }, (_, k) => {
      const item = document.createElement('span');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = engine().classColour(k);
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, t('panda.class', { k }));
      return item;
    }),
  );
}

/**
 * Shows the URL's settings in the form, as Rust reads them (defaults for keys the URL leaves
 * out, typed values as typed), with each refusal at its control; a babysat run shows the α0 and
 * β it has reached.
 */
function syncForm() {
  const reading = engine().readSettings('panda', state.query());
  writeFields(root, reading.values);
  if (trainer) {
    const now = snap();
    writeField(root, 'lr', String(now.baseLearningRate));
    writeField(root, 'momentum', String(now.momentum));
  }
  renderOptionalControls();
  return reading;
}

function onChange(ev) {
  const key = ev.target.dataset?.key;
  if (!key || key === 'speed' || key === 'bnMode') return;
  const value = readField(root, key);
  if (key === 'lr' || key === 'momentum') return setKnob(key, Number(value), ev.target);
  startFromForm();
  state.set({ [key]: value });
  renderOptionalControls();
  rebuild({ resume: playing, changed: ev.target });
}

function newSeed(key) {
  const value = String(engine().freshSeed());
  writeField(root, key, value);
  startFromForm();
  state.set({ [key]: value });
  rebuild({ resume: playing, changed: root.querySelector(`[data-key="${key}"]`) });
}

/**
 * Momentum β and the BN-statistics switch only exist for some settings. A refused β stays in
 * view (showErrors shows it) with a note that only the momentum optimizer uses it.
 */
function renderOptionalControls() {
  const momentum = readField(root, 'optimizer') === 'momentum';
  const refused = $('p-momentum').getAttribute('aria-invalid') === 'true';
  $('p-momentum-field').hidden = !momentum && !refused;
  $('p-momentum-unused').hidden = momentum;
  $('p-beta-row').hidden = !momentum;
  $('p-bnmode').hidden = readField(root, 'bn') !== '1';
}

// ---- Babysitting: α and β while the run goes on ---------------------------------------------------

/** α or β from a button: relative to the value the run uses now. */
function nudge(key, next) {
  if (!trainer) return;
  const now = key === 'lr' ? snap().baseLearningRate : snap().momentum;
  setKnob(key, next(now), key === 'lr' ? $('p-lr') : $('p-momentum'));
}

/**
 * A new α0 or β. Mid-run it is a babysitting nudge (the run goes on; Rust marks the change on the
 * loss curve); before the first step or after divergence it starts a fresh run with it.
 */
function setKnob(key, value, control) {
  if (trainer && snap().steps > 0 && !snap().diverged) {
    const changed = guard(() => {
      mutate(() => (key === 'lr' ? trainer.setLearningRate(value) : trainer.setMomentum(value)));
      return true;
    }, 'changing the learning rate', (err) => {
      showFormError(err, control);
      syncForm(); // back to the value the run uses
      return false;
    });
    if (!changed) return;
    showFormError(null);
    guard(() => {
      state.adopt(trainer.query(), TRAINING_KEYS());
      writeAt();
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

/** The play button (and space): play, pause, or stop a link's replay where it has got to. */
function togglePlay() {
  if (replay) endReplay();
  else if (playing) pause();
  else play();
}

function play() {
  if (!trainer || snap().diverged) return;
  playing = true;
  lastAt = performance.now();
  renderRunState();
  startLoop();
}

function pause() {
  playing = false;
  stopLoop();
  guard(() => {
    drawAll();
    renderRunState();
    writeAt();
  }, 'pausing');
}

function stepOnce() {
  if (!trainer || snap().diverged || replay) return;
  if (playing) pause();
  guard(() => {
    mutate(() => trainer.advance(1));
    drawAll();
    renderRunState();
    writeAt();
  }, 'stepping');
}

// ---- A link's step: replayed in time-sliced chunks, then paused --------------------------------

/** Replays the run to step `target` (deterministic: same seeds, same changes), then pauses. */
function startReplay(target) {
  stopLoop();
  playing = false;
  replay = { target };
  renderRunState();
  rafId = requestAnimationFrame(replayFrame);
}

function replayFrame() {
  rafId = 0;
  if (!replay || !trainer) return;
  guard(() => {
    const left = replay.target - snap().steps;
    mutate(() => stepper.run((k) => trainer.advance(k), left, REPLAY_BUDGET_MS));
    if (snap().steps >= replay.target || snap().diverged) return endReplay();
    renderRunState();
    rafId = requestAnimationFrame(replayFrame);
  }, 'replaying the link');
}

/** The replay is over (or stopped): the picture at the step reached, paused. */
function endReplay() {
  replay = null;
  stopLoop();
  drawAll();
  renderRunState();
  writeAt();
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
  togglePlay();
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
  guard(() => {
    runSteps();
    if (snap().diverged) {
      playing = false;
      drawAll();
      renderRunState();
      writeAt();
      return;
    }
    if (now - lastAt >= AT_EVERY_MS) {
      writeAt();
      lastAt = now;
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
  }, 'training');
}

/** This frame's updates: a fixed number per speed setting, always within the time budget. */
function runSteps() {
  const speed = readField(root, 'speed');
  const target = speed === 'max' ? Infinity : Number(speed) || 10;
  mutate(() => stepper.run((k) => trainer.advance(k), target, STEP_BUDGET_MS));
}

// ---- Drawing (all pixels come from Rust) -----------------------------------------------------------

function drawAll() {
  drawField();
  drawCharts();
  renderReadouts();
}

/** Whether the field is drawn with BN's running averages (else with the batch's own statistics). */
function inference() {
  return !(readField(root, 'bn') === '1' && readField(root, 'bnMode') === 'batch');
}

function drawField() {
  const canvas = $('p-field');
  if (!trainer || !canvas.width || !canvas.height) return;
  const t0 = performance.now();
  trainer.renderField(canvas, inference(), FIELD_RESOLUTION);
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
  guard(() => {
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
  const now = snap();
  text('p-steps', integer(now.steps));
  text('p-epoch', integer(now.epoch));
  text('p-lr-now', number(now.learningRate, { digits: 4 }));
  text('p-base-lr', number(now.baseLearningRate, { digits: 4 }));
  text('p-base-beta', number(now.momentum, { digits: 4 }));
  text('p-train-loss', loss(now.trainLoss));
  text('p-valid-loss', loss(now.validLoss));
  text('p-train-acc', percent(now.trainAccuracy));
  text('p-valid-acc', percent(now.validAccuracy));
}

/** Play button, status line, divergence banner and which buttons are usable. */
function renderRunState(override) {
  const diverged = !!trainer && snap().diverged;
  const busy = playing || !!replay;
  const play = $('p-play');
  play.classList.toggle('is-playing', busy);
  play.setAttribute('aria-label', t(replay ? 'panda.stop-replay' : playing ? 'panda.pause' : 'panda.play'));
  play.disabled = !trainer || diverged;
  $('p-step').disabled = !trainer || diverged || busy;
  $('p-reset').disabled = !!override; // reset also retries a refused setting
  for (const id of ['p-lr-up', 'p-lr-down', 'p-beta-up', 'p-beta-down']) $(id).disabled = !trainer || !!replay;
  const progress = $('p-replay');
  progress.hidden = !replay;
  if (replay) {
    progress.max = replay.target;
    progress.value = snap().steps;
  }

  const banner = $('p-diverged');
  banner.hidden = !diverged;
  if (diverged) banner.textContent = snap().status;
  $('p-placeholder').hidden = !!trainer || !!override;
  $('p-field-wrap').classList.toggle('is-diverged', diverged);

  let status;
  if (override) status = override;
  else if (!trainer) status = t('panda.status-refused');
  else if (diverged) status = t('panda.status-diverged');
  else if (replay) status = t('panda.status-replaying', { step: integer(snap().steps), target: integer(replay.target) });
  else if (playing) status = t('panda.status-training');
  else status = t(snap().steps > 0 ? 'panda.status-paused' : 'panda.status-ready');
  const el = $('p-status');
  el.textContent = status;
  el.dataset.state = diverged ? 'diverged' : replay ? 'replaying' : playing ? 'training' : trainer ? 'paused' : 'error';
  if (!override) renderReadouts(); // after an internal error, the last readouts stay visible
}

/**
 * Shows why the run was refused: each refused setting is marked at its control with its message
 * (from the reading's `errors`, or the engine Error's `key`); the box above the form says what
 * to do and offers the defaults. A refusal about no control here goes in that box.
 */
function showFormError(err, control = null) {
  const box = $('p-form-error');
  if (!err) {
    showErrors(root, []);
    box.hidden = true;
    return;
  }
  const entries = err.errors ?? [errorEntry(err)];
  const unplaced = showErrors(root, entries);
  if (unplaced.length && control) control.setAttribute('aria-invalid', 'true');
  $('p-form-error-text').textContent = unplaced.length
    ? unplaced.map((e) => e.message).join(' ')
    : t('form.fix-marked');
  box.hidden = false;
}

// ---- Helpers --------------------------------------------------------------------------------------

/** `v` to `digits` significant digits, as a plain number for the URL (0.30000000000000004 → 0.3). */
function round(v, digits = 6) {
  return Number(v.toPrecision(digits));
}

/** A loss readout: 3 decimals, or what a non-finite loss means. */
function loss(v) {
  return Number.isFinite(v) ? fixed(v, 3) : t('panda.blew-up');
}

// ---- The classroom: lesson, exports ---------------------------------------------------------------

/** A scenario's preset as a lesson state: its settings, the scenario shown, and `extra` keys. */
function preset(name, extra) {
  const q = new URLSearchParams(engine().pandaScenarios().find((s) => s.name === name).query);
  q.set('scenario', name);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString().replace(/%2C/gi, ',');
}

/**
 * The course's babysitting story (§3), each step a state the page replays to: the default run
 * still on its plateau, the same run with α doubled (the change marked), α too high and then
 * halved, a deep net only batch norm rescues, and the learned spiral that points to the caviar.
 * Every number said is measured in tests/panda.rs and on the page (tests/e2e/panda.test.mjs).
 */
export const lesson = [
  { query: 'at=1000', say: 'panda.lesson.plateau', focus: '#p-loss-figure' },
  { query: 'nudges=500:lr:0.06&at=2000', say: 'panda.lesson.nudge', focus: '#p-loss-figure' },
  { query: preset('too-high', { at: '1500' }), say: 'panda.lesson.too-high', focus: '#p-loss-figure' },
  { query: preset('too-high', { nudges: '400:lr:1.5', at: '1500' }), say: 'panda.lesson.calmed', focus: '#p-loss-figure' },
  { query: preset('deep-init', { at: '1500' }), say: 'panda.lesson.deep', focus: '.metrics' },
  { query: preset('deep-init', { bn: '1', at: '1500' }), say: 'panda.lesson.bn', focus: '.metrics' },
  { query: 'at=5000', say: 'panda.lesson.caviar', focus: '#p-stage' },
];

/** Every chart of the view, drawn by the engine into any canvas (the PNG export draws at 2×). */
export function exportables() {
  const when = (fn) => (canvas) => trainer && fn(canvas);
  return [
    { id: 'field', title: t('panda.field-title'), canvas: $('p-field'), draw: when((c) => trainer.renderField(c, inference(), FIELD_RESOLUTION)) },
    { id: 'loss', title: t('panda.loss'), canvas: $('p-loss'), draw: when((c) => trainer.renderLoss(c)) },
    { id: 'accuracy', title: t('panda.accuracy'), canvas: $('p-acc'), draw: when((c) => trainer.renderAccuracy(c)) },
  ];
}

/**
 * The numbers behind the view: the run's history (every recorded step: losses, accuracies and
 * the α in effect) and its babysitting changes, as tables and as one JSON object with the
 * run's settings (its URL query) and the step reached.
 */
export function data() {
  const history = trainer ? trainer.history() : [];
  const changes = trainer ? trainer.changes() : [];
  return {
    tables: [
      {
        name: 'history',
        columns: ['step', 'epoch', 'train_loss', 'valid_loss', 'train_accuracy', 'valid_accuracy', 'learning_rate'],
        rows: history.map((h) => [h.step, h.epoch, h.trainLoss, h.validLoss, h.trainAccuracy, h.validAccuracy, h.learningRate]),
      },
      {
        name: 'nudges',
        columns: ['step', 'knob', 'from', 'to'],
        rows: changes.map((c) => [c.step, c.knob, c.from, c.to]),
      },
    ],
    json: {
      view: 'panda',
      query: trainer ? trainer.query() : null,
      steps: trainer ? snap().steps : 0,
      history,
      nudges: changes,
    },
  };
}

/** A lesson step's focus (marked by js/classroom.js), scrolled into view. */
function showFocus() {
  root?.querySelector('.lesson-focus')?.scrollIntoView({ block: 'nearest' });
}
