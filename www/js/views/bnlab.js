// "Batch-norm lab" (course notes §4): one BN layer up close, and what BN does to training.
//
// This module builds the view's markup (controls from the settings table, words from the
// catalogue), wires the controls to the URL (state.js) and runs the animation loop. A link holds
// the lab's picture too: the step reached (`at`: opening it replays there, time-sliced, then
// pauses), the formula's stage, the part shown, the layer and unit, the BN mode and whether the
// maps were computed (`maps=1`: computed again on opening). For the classroom it exports a lesson
// script, its charts (drawn at any size) and the numbers behind them (see classroom.js). Every number,
// text with numbers, chart and picture comes from Rust: a wasm `Lab` (four runs of one config:
// with BN, without BN, and with BN at a small and a large mini-batch; `readout()` gives a frame's
// numbers in one call) and a `SensitivityMaps` (the α × init-scale maps, with their cost estimate,
// filled in the shared worker pool through `computeCells` below, so the page stays responsive).
import { Lab, SensitivityMaps, readSettings } from '../../pkg/tunelab.js';
import { guard, onInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { integer, number, percent, seconds } from '../format.js';
import { clearErrors, errorEntry, field, label, liveReadouts, readField, setting, showErrors, writeFields } from '../form.js';
import { esc, t } from '../i18n.js';
import { Stepper } from '../stepper.js';
import { sharedPool, isCancelled } from '../workers/pool.js';

// ---- Tuning of the loop (presentation only) ---------------------------------------------------

/** Milliseconds of training per frame, at most. */
const STEP_BUDGET_MS = 8;
/** Milliseconds of drawing per frame, at most (panels are redrawn in turn). */
const DRAW_BUDGET_MS = 10;
/** Cells per side of the decision fields. */
const FIELD_RESOLUTION = 48;
/** Examples carried through the step-through of the formula. */
const EXAMPLES = 4;
/** Updates per frame the speed menu offers. */
const SPEEDS = [1, 2, 10, 50];
/** Milliseconds a worker spends timing its training speed before the maps' estimate. */
const CALIBRATION_MS = 600;
/** Milliseconds of training per frame while a link's step is replayed (nothing is drawn). */
const REPLAY_BUDGET_MS = 40;

// ---- The lesson (classroom.js): the course's §4 in eight states of the lab ----------------------

/**
 * Each step: the URL state, the catalogue id of its words, what to look at. In presenter mode
 * only the part shown (`part`) is on screen, and within it only what the step points at.
 */
export const lesson = [
  { query: 'part=1&stage=3', say: 'bnlab.lesson.1', focus: '#l-part-1 .lab-row' },
  { query: 'part=1&stage=4&at=200', say: 'bnlab.lesson.2', focus: '.lab-formula-fig' },
  { query: 'part=1&layer=2&at=200', say: 'bnlab.lesson.3', focus: '.lab-net' },
  { query: 'part=3&at=300', say: 'bnlab.lesson.4', focus: '.lab-compare' },
  { query: 'part=3&lr=1&at=300', say: 'bnlab.lesson.5', focus: '.lab-drift' },
  { query: 'part=3&maps=1&at=300', say: 'bnlab.lesson.6', focus: '.lab-maps' },
  { query: 'part=4&at=1500', say: 'bnlab.lesson.7', focus: '#l-part-4' },
  { query: 'part=2&at=300', say: 'bnlab.lesson.8', focus: '#l-part-2 .lab-row' },
];

// ---- Markup --------------------------------------------------------------------------------------

const html = String.raw;
const w = (id, args) => esc(t(id, args));

/** A menu for a whole-number setting whose choices depend on the network (layer, unit). */
function picker(key, id) {
  return html`<div class="field field-inline-group" data-field="${key}"><label for="${id}">${esc(label(key))}</label>
    <select id="${id}" data-key="${key}"></select><p class="field-error" data-error-for="${key}" role="alert" hidden></p></div>`;
}

/** The run bar's icons (SVG paths on a 24 × 24 grid). */
const ICONS = {
  reset: 'M12 5V2L7 6l5 4V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z',
  play: 'M8 5v14l11-7z',
  pause: 'M6 5h4v14H6zm8 0h4v14h-4z',
  step: 'M6 5v14l9-7zM16 5h3v14h-3z',
};

/** An icon button: its label and tooltip from the catalogue, one SVG per [class, path]. */
function button(id, cls, labelId, titleId, icons) {
  const svgs = icons.map(([c, d]) => `<svg${c ? ` class="${c}"` : ''} viewBox="0 0 24 24" aria-hidden="true"><path d="${d}"/></svg>`).join('');
  return `<button type="button" id="${id}" class="btn ${cls}" aria-label="${w(labelId)}" title="${w(titleId)}">${svgs}</button>`;
}

function canvas(id, alt, cls = 'lab-canvas') {
  return html`<div class="${cls}"><canvas id="${id}" role="img" aria-label="${w(alt)}"></canvas></div>`;
}

function markup() {
  const speed = SPEEDS.map((n) => `<option value="${n}"${n === 2 ? ' selected' : ''}>${w('bnlab.speed-n', { n: integer(n) })}</option>`).join('');
  // In presenter mode the contents show only the parts' numbers (the part shown is the one on screen).
  const steps = [1, 2, 3, 4].map((k) => `<li><a href="#l-part-${k}" data-part="${k}" aria-label="${w(`bnlab.step${k}`)}" title="${w(`bnlab.step${k}`)}">`
    + `<span class="lab-toc-name" aria-hidden="true">${w(`bnlab.step${k}`)}</span><span class="lab-toc-n" aria-hidden="true">${integer(k)}</span></a></li>`).join('');
  return html`
<div class="lab">
  <header class="lab-intro" data-present="hide">
    <p>${w('bnlab.intro')}</p>
  </header>

  <div class="lab-bar">
    <div class="lab-run" role="group" aria-label="${w('bnlab.run')}">
      ${button('l-reset', 'btn-round', 'bnlab.reset', 'bnlab.reset', [['', ICONS.reset]])}
      ${button('l-play', 'btn-play', 'bnlab.play', 'bnlab.play-pause', [['icon-play', ICONS.play], ['icon-pause', ICONS.pause]])}
      ${button('l-step', 'btn-round', 'bnlab.step', 'bnlab.step', [['', ICONS.step]])}
      <dl class="counters"><div><dt>${w('bnlab.steps')}</dt><dd id="l-steps">0</dd></div></dl>
      <progress id="l-replay" class="lab-replay" max="1" value="0" aria-label="${w('bnlab.replay-progress')}" hidden></progress>
    </div>
    <div class="lab-lr">${field('lr', { id: 'l-lr', help: false })}</div>
    <div class="lab-init">${field('initScale', { id: 'l-init', help: false })}</div>
    <p id="l-status" class="status" role="status"></p>
    <nav class="lab-toc" aria-label="${w('bnlab.toc')}"><ol>${steps}</ol></nav>
  </div>
  <div class="lab-more" role="group" aria-label="${w('bnlab.more')}" data-present="hide">
    ${field('batch', { id: 'l-batch', help: false })}
    ${field('dataset', { id: 'l-dataset', help: false })}
    ${field('hidden', { id: 'l-hidden', help: false })}
    ${field('activation', { id: 'l-activation', help: false })}
    ${field('bnPlace', { id: 'l-place', help: false })}
    ${field('smallBatch', { id: 'l-small', help: false })}
    ${field('largeBatch', { id: 'l-large', help: false })}
    <div class="field lab-speed"><label for="l-speed">${w('bnlab.speed')}</label><select id="l-speed">${speed}</select></div>
  </div>
  <div id="l-error" class="form-error lab-error" role="alert" hidden>
    <p>${w('bnlab.fix-marked')}</p>
    <p id="l-error-text"></p>
    <div id="l-extra" class="lab-extra"></div>
    <button type="button" id="l-error-defaults" class="btn btn-small">${w('bnlab.use-defaults')}</button>
  </div>

  <section class="lab-part" id="l-part-1" aria-labelledby="l-part-1-title">
    <h2 id="l-part-1-title">${w('bnlab.step1')}</h2>
    <div class="lab-net">
      <div class="lab-pick">${picker('layer', 'l-layer')}${picker('unit', 'l-unit')}
        <span class="help">${w('bnlab.inside.lead')}</span></div>
      <figure class="lab-fig lab-diagram">
        <figcaption>${w('bnlab.diagram.title')} <span class="help">${w('bnlab.diagram.pick')}</span></figcaption>
        <div id="l-diagram" class="lab-layers" role="group" aria-label="${w('bnlab.diagram.alt')}"></div>
        <p id="l-place-note" class="caption"></p>
      </figure>
    </div>
    <div class="lab-row">
      <figure class="lab-fig lab-hist">
        <figcaption>${w('bnlab.inside.hist')}</figcaption>
        ${canvas('l-hist', 'bnlab.inside.hist-alt', 'lab-canvas lab-tall')}
        <p class="caption">${w('bnlab.inside.hist-caption')}</p>
      </figure>
      <div class="lab-numbers">
        <dl class="metrics lab-metrics">
          <div class="metric"><dt>μ</dt><dd id="l-mu">–</dd></div>
          <div class="metric"><dt>σ²</dt><dd id="l-var">–</dd></div>
          <div class="metric"><dt>ε</dt><dd id="l-eps">–</dd></div>
          <div class="metric"><dt>${w('bnlab.inside.m')}</dt><dd id="l-m">–</dd></div>
          <div class="metric"><dt>γ</dt><dd id="l-gamma">–</dd></div>
          <div class="metric"><dt>β</dt><dd id="l-beta">–</dd></div>
          <div class="metric"><dt>${w('bnlab.inside.running-mean')}</dt><dd id="l-rmu">–</dd></div>
          <div class="metric"><dt>${w('bnlab.inside.running-var')}</dt><dd id="l-rvar">–</dd></div>
        </dl>
        <div class="lab-note">
          <h3>${w('bnlab.inside.identity')}</h3>
          <p id="l-identity"></p>
        </div>
        <p id="l-two" class="lab-note lab-two" hidden>${w('bnlab.inside.two')}</p>
      </div>
    </div>
    <figure class="lab-fig lab-formula-fig">
      <figcaption>${w('bnlab.inside.formula')}</figcaption>
      <div class="lab-stages" role="group" aria-label="${w('bnlab.inside.stages')}">
        <button type="button" id="l-prev" class="btn btn-small" aria-label="${w('bnlab.inside.prev')}">◀</button>
        <div class="segmented" role="radiogroup" aria-label="${w('bnlab.inside.stages')}" id="l-stages"></div>
        <button type="button" id="l-next" class="btn btn-small" aria-label="${w('bnlab.inside.next')}">▶</button>
      </div>
      <p id="l-formula" class="lab-formula" aria-live="polite"></p>
      <p id="l-stage-help" class="caption"></p>
      ${canvas('l-walk', 'bnlab.inside.walk-alt', 'lab-canvas lab-walk')}
      <table class="lab-table" aria-label="${w('bnlab.inside.table')}">
        <thead><tr><th scope="col">${w('bnlab.inside.example')}</th><th scope="col" data-stage="0">z</th><th scope="col" data-stage="1">z − μ</th><th scope="col" data-stage="3">z_norm</th><th scope="col" data-stage="4">z̃</th></tr></thead>
        <tbody id="l-examples"></tbody>
      </table>
    </figure>
  </section>

  <section class="lab-part" id="l-part-2" aria-labelledby="l-part-2-title">
    <h2 id="l-part-2-title">${w('bnlab.step2')}</h2>
    <p class="caption lab-lead">${w('bnlab.modes.lead')}</p>
    <div class="lab-row">
      <figure class="lab-fig">
        <figcaption>${w('bnlab.modes.running')}</figcaption>
        ${canvas('l-running', 'bnlab.modes.running-alt', 'lab-canvas lab-tall')}
        <p class="caption">${w('bnlab.modes.running-caption')}</p>
      </figure>
      <figure class="lab-fig lab-mode">
        <figcaption>${w('bnlab.modes.switch')}</figcaption>
        ${field('bnMode', { id: 'l-mode', help: false })}
        <div class="lab-field"><canvas id="l-mode-field" role="img" aria-label="${w('bnlab.modes.field-alt')}"></canvas></div>
        <dl class="metrics lab-metrics">
          <div class="metric" id="l-acc-running-box"><dt>${w('bnlab.modes.acc-running')}</dt><dd id="l-acc-running">–</dd></div>
          <div class="metric" id="l-acc-batch-box"><dt>${w('bnlab.modes.acc-batch')}</dt><dd id="l-acc-batch">–</dd></div>
        </dl>
        <p class="caption">${w('bnlab.modes.mode-caption')}</p>
      </figure>
    </div>
    <figure class="lab-fig">
      <figcaption>${w('bnlab.modes.gb')}</figcaption>
      ${canvas('l-gb', 'bnlab.modes.gb-alt', 'lab-canvas lab-tall')}
      <p class="caption">${w('bnlab.modes.gb-caption')}</p>
    </figure>
  </section>

  <section class="lab-part" id="l-part-3" aria-labelledby="l-part-3-title">
    <h2 id="l-part-3-title">${w('bnlab.step3')}</h2>
    <p class="caption lab-lead">${w('bnlab.compare.lead')}</p>
    <div class="lab-compare">
      <figure class="lab-fig">
        <figcaption>${w('bnlab.without-bn')} <span id="l-plain-badge" class="badge"></span></figcaption>
        <div class="lab-field"><canvas id="l-plain-field" role="img" aria-label="${w('bnlab.compare.field-alt-plain')}"></canvas>
          <div id="l-plain-diverged" class="diverged-banner" hidden></div></div>
      </figure>
      <figure class="lab-fig">
        <figcaption>${w('bnlab.with-bn')} <span id="l-bn-badge" class="badge"></span></figcaption>
        <div class="lab-field"><canvas id="l-bn-field" role="img" aria-label="${w('bnlab.compare.field-alt-bn')}"></canvas>
          <div id="l-bn-diverged" class="diverged-banner" hidden></div></div>
      </figure>
      <figure class="lab-fig lab-compare-loss">
        <figcaption>${w('bnlab.compare.loss')}</figcaption>
        ${canvas('l-loss', 'bnlab.compare.loss-alt')}
      </figure>
    </div>
    <figure class="lab-fig lab-drift">
      <figcaption>${w('bnlab.compare.drift')}</figcaption>
      ${canvas('l-act', 'bnlab.compare.drift-alt')}
      <p class="caption">${w('bnlab.compare.drift-caption')} <span id="l-drift-diverged"></span></p>
      <p class="caption lab-aside">${w('bnlab.compare.santurkar')}</p>
    </figure>
    <figure class="lab-fig lab-maps">
      <figcaption>${w('bnlab.maps.title')}</figcaption>
      <div class="lab-map-bar">
        <progress id="l-map-progress" max="1" value="0" aria-label="${w('bnlab.maps.progress')}"></progress>
        <span id="l-map-status" class="help" role="status"></span>
        <button type="button" id="l-map-start" class="btn btn-small" hidden></button>
        <button type="button" id="l-map-cancel" class="btn btn-small" hidden>${w('bnlab.maps.cancel')}</button>
      </div>
      ${canvas('l-map', 'bnlab.maps.alt', 'lab-canvas lab-map')}
      <p class="caption">${w('bnlab.maps.caption')}</p>
    </figure>
  </section>

  <section class="lab-part" id="l-part-4" aria-labelledby="l-part-4-title">
    <h2 id="l-part-4-title">${w('bnlab.step4')}</h2>
    <figure class="lab-fig">
      <figcaption>${w('bnlab.noise.title')}</figcaption>
      ${canvas('l-noise', 'bnlab.noise.alt')}
      <p class="caption" id="l-noise-caption"></p>
    </figure>
    <figure class="lab-fig">
      <figcaption>${w('bnlab.noise.gap')}</figcaption>
      <p class="caption" id="l-gap-lead"></p>
      <table class="lab-table lab-gap">
        <thead><tr><th scope="col">${w('bnlab.noise.batch')}</th><th scope="col">${w('bnlab.noise.train-loss')}</th><th scope="col">${w('bnlab.noise.valid-loss')}</th><th scope="col">${w('bnlab.noise.gap-col')}</th><th scope="col">${w('bnlab.noise.valid-acc')}</th></tr></thead>
        <tbody id="l-gap"></tbody>
      </table>
      <p class="caption" id="l-gap-verdict"></p>
    </figure>
  </section>
</div>`;
}

// ---- Module state ------------------------------------------------------------------------------

let root = null;
let state = null;
let lab = null;
let readout = null; // the frame's numbers (lab.readout), until the lab changes
let playing = false;
let rafId = 0;
const stepper = new Stepper(64);
let stage = 0; // the formula's stage shown (the lab's own, mirrored here)
let part = 1; // the lab's part shown (1–4)
let replayTo = 0; // while a link's step is replayed: that step (0: not replaying)
let userScrolled = false; // scrolling by the learner (not by a link) changes the part shown
let opening = false; // the first lab of a mount: the link's picture (at, maps) is honoured
let listeners = null;
let resizer = null;
let watcher = null;
let partWatcher = null;
let unhookInternal = null;
const visible = new Set(); // canvas ids on screen
const dirty = new Set(); // canvas ids to redraw
let nextPanel = 0;
const shown = new Map();

// The sensitivity maps outlive a mount when complete (same settings: no recomputation).
let maps = null; // { key, handle, jobs, started, done, ms, estimate, state: 'ask'|'running'|'done'|… }
let mapTimer = 0;

const $ = (id) => document.getElementById(id);

/** Canvas id → how to draw it from the lab. */
const PANELS = {
  'l-hist': (c) => lab.renderHistograms(c),
  'l-walk': (c) => lab.renderWalkthrough(c, EXAMPLES),
  'l-running': (c) => lab.renderRunning(c),
  'l-mode-field': (c) => lab.renderModeField(c, FIELD_RESOLUTION),
  'l-gb': (c) => lab.renderGammaBeta(c),
  'l-plain-field': (c) => lab.renderCompareField(c, false, FIELD_RESOLUTION),
  'l-bn-field': (c) => lab.renderCompareField(c, true, FIELD_RESOLUTION),
  'l-loss': (c) => lab.renderCompareLoss(c),
  'l-act': (c) => lab.renderActivations(c),
  'l-noise': (c) => lab.renderNoise(c),
  'l-map': (c) => drawMap(c),
};
const PANEL_IDS = Object.keys(PANELS);

/** The lab's numbers for this frame, from one engine call. */
function numbers() {
  return (readout ??= lab.readout(EXAMPLES));
}

/** Writes the lab's `keys` to the URL as the engine writes them (defaults leave the URL). */
function syncUrl(keys) {
  if (lab) state.adopt(lab.query(), keys);
}

// ---- Mount / unmount ---------------------------------------------------------------------------

export function mount(viewRoot, urlState) {
  root = viewRoot;
  state = urlState;
  root.innerHTML = markup();
  listeners = new AbortController();
  const on = (target, type, fn, opts = {}) => target.addEventListener(type, fn, { ...opts, signal: listeners.signal });

  liveReadouts(root, listeners.signal);
  on($('l-play'), 'click', () => (playing || replayTo ? pause() : play()));
  on($('l-step'), 'click', () => stepOnce());
  on($('l-reset'), 'click', () => rebuild());
  on(root.querySelector('.lab-toc'), 'click', (ev) => {
    const a = ev.target.closest('[data-part]');
    if (!a) return;
    ev.preventDefault(); // the part goes in the URL's `part`, not in its #fragment
    choosePart(Number(a.dataset.part));
  });
  on(document, 'keydown', onKey);
  // A learner scrolling (not a link opening a part) makes the part on screen the one shown.
  for (const type of ['wheel', 'touchmove', 'keydown']) on(window, type, () => (userScrolled = true), { passive: true });
  on(root, 'change', onFormChange);
  on(root, 'input', (ev) => {
    if (ev.target.type === 'range') redraw(['l-map']); // the ring on the maps follows the sliders
  });
  on($('l-error-defaults'), 'click', () => {
    state.set(Object.fromEntries(labKeys().map((k) => [k, null])));
    rebuild();
  });
  on($('l-diagram'), 'click', (ev) => {
    const row = ev.target.closest('[data-layer]');
    if (row) pick(Number(row.dataset.layer), 1);
  });
  on($('l-stages'), 'change', (ev) => setStage(Number(ev.target.value)));
  on($('l-prev'), 'click', () => setStage(Math.max(0, stage - 1)));
  on($('l-next'), 'click', () => setStage(stage + 1));
  on($('l-map-start'), 'click', () => runMaps());
  on($('l-map-cancel'), 'click', () => cancelMaps(true));

  resizer = new ResizeObserver(onResize);
  watcher = new IntersectionObserver(onVisibility, { rootMargin: '80px' });
  for (const id of PANEL_IDS) {
    resizer.observe($(id));
    watcher.observe($(id));
  }
  partWatcher = new IntersectionObserver(onPartVisibility, { rootMargin: '-30% 0px -60% 0px' });
  for (const k of [1, 2, 3, 4]) partWatcher.observe($(`l-part-${k}`));
  unhookInternal = onInternalError(() => {
    stopLoop();
    playing = false;
    replayTo = 0;
    cancelMaps(false);
    lab = null; // may be poisoned by a panic: never call into it again
    readout = null;
    setStatus('error', t('bnlab.status-internal'));
  });
  opening = true;
  userScrolled = false;
  rebuild();
}

export function unmount() {
  stopLoop();
  playing = false;
  replayTo = 0;
  listeners?.abort();
  listeners = null;
  for (const o of [resizer, watcher, partWatcher]) o?.disconnect();
  resizer = watcher = partWatcher = null;
  unhookInternal?.();
  unhookInternal = null;
  if (maps && !maps.done) cancelMaps(false); // an unfinished map is recomputed on the next visit
  clearInterval(mapTimer);
  lab?.free();
  lab = null;
  readout = null;
  visible.clear();
  dirty.clear();
  shown.clear();
  root?.replaceChildren();
  root = null;
}

/** The step-through's stage buttons, once the engine has said how many there are. */
function fillStages() {
  const stages = $('l-stages');
  if (stages.children.length) return;
  for (let i = 0; i < numbers().stages; i++) {
    const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'l-stage', id: `l-stage-${i}`, value: String(i) });
    const lbl = Object.assign(document.createElement('label'), { htmlFor: input.id, textContent: t(`bnlab.stage.${i}`) });
    stages.append(input, lbl);
  }
  $(`l-stage-${stage}`).checked = true;
}

// ---- Building the lab ---------------------------------------------------------------------------

/**
 * (Re)creates the lab from the URL; refused settings are marked at their controls. The first lab
 * of a mount shows the link's picture: it replays to the link's step (`at`) and computes the maps
 * if the link says they were (`maps=1`); a lab rebuilt for a new setting starts at step 0.
 */
function rebuild() {
  const resume = playing;
  halt();
  endReplay();
  if (!opening) state.set({ at: null });
  lab?.free();
  lab = null;
  readout = null;
  const reading = syncForm();
  if (reading.errors.length) return refuse(reading.errors, reading.values);
  lab = guard(() => Lab.fromQuery(state.query()), 'building the lab', (err) => refuse([errorEntry(err)], reading.values)) ?? null;
  if (!lab) return;
  showRefusal([], {});
  const link = opening;
  opening = false;
  guard(() => {
    // The URL now reproduces this lab exactly (the step reached is written when it pauses).
    state.adopt(lab.query(), labKeys().filter((k) => k !== 'at'));
    stepper.reset();
    const r = numbers();
    fillStages();
    showStage(r.stage);
    fillPickers();
    renderDiagram();
    showPart(r.part, link);
    redraw(PANEL_IDS);
    renderReadouts();
    startMaps(link && r.maps);
    if (link && r.replayTo > 0) startReplay(r.replayTo);
    else if (resume) play();
    else pause();
  }, 'starting the lab');
}

/** Every URL key the lab writes (its settings and its picture): the view's own and training keys. */
function labKeys() {
  return Object.keys(readSettings('bnlab', '').values).filter((k) => setting(k).owner !== 'page');
}

/** Shows the URL's settings in the form, as Rust reads them (defaults for what it leaves out). */
function syncForm() {
  const reading = readSettings('bnlab', state.query());
  writeFields(root, reading.values);
  return reading;
}

function refuse(errors, values) {
  showRefusal(errors, values);
  cancelMaps(false);
  setStatus('error', t('bnlab.status-refused'));
}

/**
 * Marks each refused setting at its control; the panels hide until they are fixed. A refused
 * key the lab's form does not show (`points`, a seed…) gets its control in the message box, so
 * it can always be seen and fixed there.
 */
function showRefusal(errors, values) {
  const extra = $('l-extra');
  const missing = errors.filter((e) => e.key && !root.querySelector(`.lab-bar [data-error-for="${e.key}"], .lab-more [data-error-for="${e.key}"]`));
  extra.innerHTML = missing.map((e) => (e.key === 'layer' || e.key === 'unit' ? numberField(e.key) : field(e.key, { id: `l-x-${e.key}` }))).join('');
  writeFields(extra, values);
  const unplaced = errors.length ? showErrors(root, errors) : (clearErrors(root), []);
  root.querySelector('.lab').classList.toggle('is-refused', errors.length > 0);
  $('l-error').hidden = errors.length === 0;
  $('l-error-text').textContent = unplaced.map((e) => e.message).join(' ');
  $('l-play').disabled = $('l-step').disabled = errors.length > 0;
}

/** A typed whole number for the layer or unit (while there is no network to list them). */
function numberField(key) {
  return html`<div class="field" data-field="${key}"><label for="l-x-${key}">${esc(label(key))}</label>
    <input type="text" id="l-x-${key}" data-key="${key}" inputmode="numeric" spellcheck="false" autocomplete="off">
    <p class="field-error" data-error-for="${key}" role="alert" hidden></p></div>`;
}

function onFormChange(ev) {
  const key = ev.target.dataset?.key;
  if (!key) return;
  const value = readField(root, key);
  if ((key === 'layer' || key === 'unit') && lab) return pick(Number(readField(root, 'layer')), key === 'unit' ? Number(value) : 1);
  if (key === 'bnMode' && lab) {
    lab.setRunning(value === 'running');
    syncUrl(['bnMode']);
    readout = null;
    showMode();
    return redraw(['l-mode-field']);
  }
  state.set({ [key]: value === '' ? null : value });
  rebuild();
}

function fillPickers() {
  const r = numbers();
  const opts = (n) => Array.from({ length: n }, (_, i) => new Option(`${i + 1}`, `${i + 1}`));
  $('l-layer').replaceChildren(...opts(r.layerUnits.length));
  $('l-layer').value = String(r.layer);
  $('l-unit').replaceChildren(...opts(r.layerUnits[r.layer - 1]));
  $('l-unit').value = String(r.unit);
}

function pick(layer, unit) {
  if (!lab) return;
  guard(() => {
    lab.select(layer, unit);
    readout = null;
    syncUrl(['layer', 'unit']);
    fillPickers();
    renderDiagram();
    redraw(['l-hist', 'l-walk', 'l-running', 'l-gb', 'l-noise']);
    renderReadouts();
  }, 'picking a unit', (err) => showErrors(root, [errorEntry(err)]));
}

/** The network as a stack of layers, the inspected layer and unit highlighted. */
function renderDiagram() {
  const r = numbers();
  const after = r.place === 'a';
  const g = readField(root, 'activation') === 'relu' ? 'ReLU' : 'tanh';
  const chip = (text, cls = '') => `<span class="lab-chip ${cls}">${esc(text)}</span>`;
  const arrow = '<span class="lab-arrow" aria-hidden="true">→</span>';
  const rows = r.layerUnits.map((units, i) => {
    const l = i + 1;
    const first = l === 1;
    const z = t(`bnlab.diagram.${after ? 'z-bias' : 'z'}${first ? '-first' : ''}`);
    const parts = after
      ? [chip(z), chip(t('bnlab.diagram.g', { g })), chip('a'), chip(t('bnlab.diagram.bn'), 'lab-chip-bn'), chip(t('bnlab.diagram.a-tilde'))]
      : [chip(z), chip(t('bnlab.diagram.bn'), 'lab-chip-bn'), chip(t('bnlab.diagram.z-tilde')), chip(t('bnlab.diagram.g', { g })), chip(t('bnlab.diagram.a'))];
    const current = l === r.layer;
    const note = current ? ` <strong>${w('bnlab.diagram.inspected', { unit: integer(r.unit) })}</strong>` : '';
    return `<button type="button" class="lab-layer${current ? ' is-current' : ''}" data-layer="${l}" aria-pressed="${current}">
      <span class="lab-layer-name">${w('bnlab.diagram.layer', { l: integer(l), units: integer(units) })}${note}</span><span class="lab-flow">${parts.join(arrow)}</span></button>`;
  });
  $('l-diagram').innerHTML = [chip(t('bnlab.diagram.input')), ...rows, chip(t('bnlab.diagram.output'))].join('<span class="lab-down" aria-hidden="true">⇒</span>');
  text('l-place-note', t(after ? 'bnlab.diagram.note-a' : 'bnlab.diagram.note-z'));
}

function showMode() {
  const running = readField(root, 'bnMode') !== 'batch';
  $('l-acc-running-box').classList.toggle('is-current', running);
  $('l-acc-batch-box').classList.toggle('is-current', !running);
}

/** Shows stage `s` of the formula (the lab keeps it, the URL's `stage` follows). */
function setStage(s) {
  if (!lab) return;
  lab.setStage(s);
  readout = null;
  showStage(numbers().stage);
  syncUrl(['stage']);
  redraw(['l-walk']);
  renderReadouts();
}

/** The stage buttons, help and table columns for stage `s`. */
function showStage(s) {
  stage = s;
  const input = $(`l-stage-${s}`);
  if (input) input.checked = true;
  $('l-stage-help').textContent = t(`bnlab.stage.help${s}`);
  for (const th of root.querySelectorAll('.lab-table th[data-stage]')) {
    th.classList.toggle('is-current', Number(th.dataset.stage) === s || (s === 2 && th.dataset.stage === '1'));
  }
}

function presenting() {
  return document.documentElement.classList.contains('present');
}

/**
 * Shows part `k` (1–4): marked in the contents; in presenter mode the only part on screen. With
 * `scroll` (a link or a click), it is scrolled to — or, during a lesson, what the step points at.
 */
function showPart(k, scroll) {
  part = k;
  for (let j = 1; j <= 4; j++) $(`l-part-${j}`).classList.toggle('is-shown', j === k);
  markContents(k);
  if (!scroll) return;
  // After the classroom has marked the lesson's focus (it decorates the view once it is mounted).
  requestAnimationFrame(() => {
    if (!root || part !== k) return;
    if (presenting()) window.scrollTo(0, 0);
    else if (k > 1 || root.querySelector('.lesson-focus')) (root.querySelector('.lesson-focus') ?? $(`l-part-${k}`)).scrollIntoView({ block: 'start' });
  });
}

/** The learner chose part `k` in the contents. */
function choosePart(k) {
  if (!lab) return;
  showPart(k, true);
  lab.setPart(k);
  syncUrl(['part']);
  redraw(PANEL_IDS);
}

function markContents(k) {
  for (const a of root.querySelectorAll('.lab-toc a')) {
    if (Number(a.dataset.part) === k) a.setAttribute('aria-current', 'step');
    else a.removeAttribute('aria-current');
  }
}

// ---- Animation loop -------------------------------------------------------------------------------

function play() {
  if (!lab || replayTo || numbers().finished) return;
  playing = true;
  showPlaying(true);
  setStatus('training', t('bnlab.status-training'));
  startLoop();
}

/** Stops training (or a replay, where it is), and writes the step reached to the URL (`at`). */
function pause() {
  endReplay();
  halt();
  if (!lab) return;
  const r = numbers();
  setStatus('paused', r.finished ? t('bnlab.status-done', { steps: integer(r.steps) }) : t('bnlab.status-paused'));
  syncUrl(['at']);
}

/** Stops training, without a word. */
function halt() {
  playing = false;
  showPlaying(false);
}

function showPlaying(on) {
  $('l-play')?.classList.toggle('is-playing', on);
  $('l-play')?.setAttribute('aria-label', t(on ? 'bnlab.pause' : 'bnlab.play'));
}

function stepOnce() {
  if (!lab) return;
  guard(() => {
    pause();
    advance(1);
    syncUrl(['at']);
  }, 'stepping');
}

/** Space plays or pauses (unless a control that takes the space itself has the focus). */
function onKey(ev) {
  if (ev.code !== 'Space' || ev.repeat || ev.ctrlKey || ev.metaKey || ev.altKey || !root || root.hidden) return;
  const el = ev.target;
  if (el instanceof HTMLElement && el !== document.body && el.closest('input, select, textarea, button, a, [contenteditable], [role="tab"]')) return;
  ev.preventDefault();
  if (playing || replayTo) pause();
  else play();
}

// ---- Replaying a link's step ----------------------------------------------------------------------

/**
 * Replays the lab to `target` (a link's `at`): every frame as many updates as fit in
 * REPLAY_BUDGET_MS, nothing drawn but the progress; then everything is drawn and the lab pauses.
 * Training is deterministic, so this is the picture the link's sender saw. Pause stops it there.
 */
function startReplay(target) {
  replayTo = target;
  const bar = $('l-replay');
  bar.max = target;
  bar.value = 0;
  bar.hidden = false;
  showPlaying(true);
  setStatus('replaying', t('bnlab.status-replaying', { step: integer(target) }));
  startLoop();
}

function replayFrame() {
  const done = Number($('l-replay').value);
  const did = stepper.run((k) => lab.step(k), replayTo - done, REPLAY_BUDGET_MS);
  $('l-replay').value = done + did;
  text('l-steps', integer(done + did));
  if (done + did >= replayTo || did === 0) pause();
}

/** Ends a replay where it is: the panels show that step. */
function endReplay() {
  if (!replayTo) return;
  replayTo = 0;
  $('l-replay').hidden = true;
  readout = null;
  for (const id of PANEL_IDS) if (id !== 'l-map') dirty.add(id);
  renderReadouts();
  startLoop();
}

function startLoop() {
  if (!rafId) rafId = requestAnimationFrame(frame);
}

function stopLoop() {
  if (rafId) cancelAnimationFrame(rafId);
  rafId = 0;
}

function frame() {
  rafId = 0;
  if (!lab) return;
  guard(() => {
    if (replayTo) {
      replayFrame();
      if (replayTo) return startLoop(); // nothing drawn while replaying
    } else if (playing) {
      advance(Number($('l-speed').value) || 2);
      if (numbers().finished) pause();
    }
    drawDirty();
    if (playing || dirty.size) startLoop();
  }, 'running the lab');
}

/** Up to `target` updates of every network within the frame's budget; marks the panels. */
function advance(target) {
  const done = stepper.run((k) => lab.step(k), target, STEP_BUDGET_MS);
  if (done) {
    readout = null;
    for (const id of PANEL_IDS) if (id !== 'l-map') dirty.add(id);
    renderReadouts();
    startLoop();
  }
}

function redraw(ids) {
  for (const id of ids) dirty.add(id);
  startLoop();
}

/** Redraws dirty panels that are on screen, in turn, within the frame's drawing budget. */
function drawDirty() {
  const start = performance.now();
  for (let n = 0; n < PANEL_IDS.length; n++) {
    const id = PANEL_IDS[(nextPanel + n) % PANEL_IDS.length];
    if (!dirty.has(id) || !visible.has(id)) continue;
    const c = $(id);
    if (!c.width || !c.height) continue;
    dirty.delete(id);
    PANELS[id](c);
    if (performance.now() - start >= DRAW_BUDGET_MS) {
      nextPanel = (PANEL_IDS.indexOf(id) + 1) % PANEL_IDS.length;
      return;
    }
  }
}

function onVisibility(entries) {
  for (const e of entries) {
    if (e.isIntersecting) visible.add(e.target.id);
    else visible.delete(e.target.id);
  }
  startLoop();
}

/**
 * The part being read is marked in the contents; once the learner scrolls, it becomes the part
 * shown (the URL's `part`).
 */
function onPartVisibility(entries) {
  for (const e of entries) {
    if (!e.isIntersecting) continue;
    const k = Number(e.target.id.slice('l-part-'.length));
    markContents(k);
    if (userScrolled && !presenting() && lab && k !== part) {
      part = k;
      for (let j = 1; j <= 4; j++) $(`l-part-${j}`).classList.toggle('is-shown', j === k);
      lab.setPart(k);
      syncUrl(['part']);
    }
  }
}

/** Canvas pixels = CSS size × devicePixelRatio. */
function onResize(entries) {
  for (const e of entries) {
    if (fitCanvas(e)) dirty.add(e.target.id);
  }
  if (lab) startLoop();
}

// ---- Readouts -------------------------------------------------------------------------------------

function text(id, value) {
  if (shown.get(id) === value) return;
  shown.set(id, value);
  $(id).textContent = value;
}

function setStatus(kind, message) {
  const s = $('l-status');
  if (!s) return;
  s.dataset.state = kind;
  text('l-status', message);
}

function renderReadouts() {
  if (!lab) return;
  const r = numbers();
  const n = r.numbers;
  text('l-steps', integer(r.steps));
  text('l-m', integer(n.m));
  text('l-mu', number(n.mean));
  text('l-var', number(n.var));
  text('l-eps', number(n.eps));
  text('l-gamma', number(n.gamma));
  text('l-beta', number(n.beta));
  text('l-rmu', number(n.runningMean));
  text('l-rvar', number(n.runningVar));
  text('l-identity', t('bnlab.inside.identity-text', { gamma: number(n.std), beta: number(n.mean), err: number(n.identityError) }));
  $('l-two').hidden = n.m !== 2;
  text('l-formula', r.formula);
  renderExamples(r.examples);
  text('l-acc-batch', percent(r.batchMode.accuracy));
  text('l-acc-running', percent(r.runningMode.accuracy));
  showMode();
  for (const who of ['plain', 'bn']) {
    const run = r[who];
    const badge = $(`l-${who}-badge`);
    text(`l-${who}-badge`, run.diverged ? t('bnlab.compare.badge-diverged', { step: integer(run.divergedAt) }) : t('bnlab.compare.badge-acc', { acc: percent(run.valid.accuracy) }));
    badge.dataset.state = run.diverged ? 'diverged' : 'training';
    $(`l-${who}-diverged`).hidden = !run.diverged;
    if (run.diverged) text(`l-${who}-diverged`, run.status);
  }
  text('l-drift-diverged', r.plain.diverged ? t('bnlab.compare.drift-diverged', { step: integer(r.plain.divergedAt) }) : '');
  renderNoise(r);
}

function renderExamples(rows) {
  const body = $('l-examples');
  if (body.rows.length !== rows.length) {
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      // The example's colour (as on the number line) as a swatch: coloured text would be too faint.
      th.style.borderLeft = `6px solid ${row.colour}`;
      tr.append(th, ...Array.from({ length: 4 }, () => document.createElement('td')));
      return tr;
    }));
  }
  // Columns appear as the step-through reaches them.
  const columns = [['z', 0], ['centred', 1], ['zNorm', 3], ['zTilde', 4]];
  rows.forEach((row, k) => {
    const cells = body.rows[k].cells;
    const name = t('bnlab.inside.example-n', { k: k + 1, index: row.index });
    if (cells[0].textContent !== name) cells[0].textContent = name;
    columns.forEach(([key, from], c) => {
      const value = stage >= from ? number(row[key]) : t('bnlab.inside.not-yet');
      if (cells[c + 1].textContent !== value) cells[c + 1].textContent = value;
    });
  });
}

/** The batch-size part: the jitter of μ (once there is one) and the train/validation gap. */
function renderNoise(r) {
  const args = { small: integer(r.small.batch), large: integer(r.large.batch), lr: number(r.noiseLearningRate), points: integer(r.noisePoints), noise: number(r.noiseLevel) };
  const jitter = r.small.jitter !== null && r.large.jitter !== null;
  text('l-noise-caption', jitter
    ? t('bnlab.noise.caption', { ...args, smallJitter: number(r.small.jitter), largeJitter: number(r.large.jitter) })
    : t('bnlab.noise.caption-start', args));
  text('l-gap-lead', t('bnlab.noise.gap-lead', { ...args, step: integer(r.small.recordedAt) }));
  const body = $('l-gap');
  if (body.rows.length !== 2) {
    body.replaceChildren(...[0, 1].map(() => {
      const tr = document.createElement('tr');
      tr.append(document.createElement('th'), ...Array.from({ length: 4 }, () => document.createElement('td')));
      return tr;
    }));
  }
  [r.small, r.large].forEach((run, k) => {
    const values = [integer(run.batch), number(run.train.loss), number(run.valid.loss), number(run.lossGap), percent(run.valid.accuracy)];
    values.forEach((v, c) => {
      const cell = body.rows[k].cells[c];
      if (cell.textContent !== v) cell.textContent = v;
    });
  });
  const verdict = r.small.recordedAt === 0 ? 'gap-wait' : r.small.lossGap < r.large.lossGap ? 'gap-smaller' : 'gap-larger';
  text('l-gap-verdict', t(`bnlab.noise.${verdict}`));
}

// ---- Sensitivity maps (in the worker pool) --------------------------------------------------------

/**
 * The one use of the race's worker job: evaluates `cells` of a race query in the shared pool and
 * hands each chunk's results to `onResults(cells, results)`. Returns the pool's job
 * ({ promise, cancel }).
 */
function computeCells(query, cells, chunk, onResults) {
  return sharedPool().run('raceCells', { query, cells, chunk }, {
    onProgress: ({ from, results }) => onResults(cells.subarray(from, from + results.length), results),
  });
}

/**
 * New maps for the lab's settings: estimated first, then started, offered or refused. `wanted`
 * (a link that had them) starts them without asking, unless they are refused.
 */
function startMaps(wanted) {
  const fresh = guard(() => SensitivityMaps.fromQuery(state.query()), 'preparing the sensitivity maps',
    (err) => showMapStatus(t('bnlab.maps.failed', { message: err.message ?? String(err) }))) ?? null;
  if (!fresh) return;
  if (maps && maps.key === fresh.key()) {
    fresh.free();
    if (wanted && ['ask', 'cancelled'].includes(maps.state)) runMaps();
    markMaps();
    redraw(['l-map']);
    return showMapProgress();
  }
  cancelMaps(false);
  markMaps();
  showMapStatus(t('bnlab.maps.estimating'));
  const current = { key: fresh.key(), handle: fresh, jobs: [], started: 0, done: false, ms: 0, estimate: null, state: 'estimating' };
  maps = current;
  // This machine's speed: a worker times one cell's network, off the page's thread.
  const job = sharedPool().run('bnlabSpeed', { query: state.query(), ms: CALIBRATION_MS }, { priority: 'high' });
  current.jobs.push(job);
  job.promise.then(({ macsPerMs }) => guard(() => {
    if (maps !== current) return;
    current.jobs = [];
    current.estimate = fresh.estimate(macsPerMs, sharedPool().size);
    current.state = 'ask';
    if (current.estimate.verdict === 'refuse') {
      current.state = 'refused';
      showErrors(root, [current.estimate.refusal]);
    } else if (current.estimate.verdict === 'start' || wanted) {
      return runMaps();
    }
    showMapProgress();
    redraw(['l-map']);
  }, 'estimating the sensitivity maps'), (err) => {
    if (maps === current && !isCancelled(err)) showMapStatus(t('bnlab.maps.failed', { message: err?.message ?? String(err) }));
  });
}

/** Fills both maps in the pool, coarse cells first, with progress at least every second. */
function runMaps() {
  if (!maps || !['ask', 'cancelled'].includes(maps.state)) return;
  const current = maps;
  const h = current.handle;
  current.state = 'running';
  current.started = performance.now();
  const order = h.order();
  const parts = Math.max(2, sharedPool().size); // cells of each map split among the workers
  const runs = [];
  for (let j = 0; j < parts; j++) {
    for (const bn of [false, true]) {
      const cells = order.filter((_, k) => k % parts === j);
      const job = computeCells(h.query(bn), cells, current.estimate.chunk, (done, results) => {
        if (maps !== current) return;
        h.record(bn, done, results);
        showMapProgress();
        redraw(['l-map']);
      });
      current.jobs.push(job);
      runs.push(job.promise);
    }
  }
  clearInterval(mapTimer);
  mapTimer = setInterval(showMapProgress, 1000); // the elapsed time moves every second
  showMapProgress();
  Promise.allSettled(runs).then((outcomes) => {
    if (maps !== current) return;
    clearInterval(mapTimer);
    const failed = outcomes.find((o) => o.status === 'rejected' && !isCancelled(o.reason));
    if (failed) {
      current.state = 'failed';
      return showMapStatus(t('bnlab.maps.failed', { message: failed.reason?.message ?? String(failed.reason) }));
    }
    if (outcomes.some((o) => o.status === 'rejected')) return;
    current.done = true;
    current.state = 'done';
    current.ms = performance.now() - current.started;
    markMaps();
    showMapProgress();
    redraw(['l-map']);
  });
}

/** The URL's `maps` says whether the maps on the page are complete (a link then computes them). */
function markMaps() {
  if (!lab) return;
  lab.setMaps(Boolean(maps?.done));
  readout = null;
  syncUrl(['maps']);
}

/** Stops the maps' jobs; `keep` leaves the partial maps on the page (Cancel). */
function cancelMaps(keep) {
  clearInterval(mapTimer);
  if (!maps) return;
  for (const job of maps.jobs) job.cancel();
  maps.jobs = [];
  if (keep && maps.state === 'running') {
    maps.state = 'cancelled';
    return showMapProgress();
  }
  maps.handle.free();
  maps = null;
}

function showMapStatus(message) {
  const s = $('l-map-status');
  if (s) s.textContent = message;
}

function showMapProgress() {
  if (!maps || !root || !maps.estimate) return;
  const s = maps.handle.summary();
  const e = maps.estimate;
  const workers = sharedPool().size;
  root.querySelector('.lab-maps').dataset.maps = maps.state; // presenter mode folds a finished map's bar
  $('l-map-progress').value = s.filled / s.total;
  const start = $('l-map-start');
  start.hidden = !['ask', 'cancelled'].includes(maps.state);
  start.textContent = t('bnlab.maps.ask', { time: e.time });
  $('l-map-cancel').hidden = maps.state !== 'running';
  const args = { runs: integer(e.trainings), steps: integer(e.steps), time: e.time, workers: integer(workers), filled: integer(s.filled), total: integer(s.total) };
  switch (maps.state) {
    case 'ask':
      return showMapStatus(t('bnlab.maps.estimate', args));
    case 'refused':
      return showMapStatus(t('bnlab.maps.refused', { message: e.refusal.message }));
    case 'cancelled':
      return showMapStatus(t('bnlab.maps.cancelled', args));
    case 'running': {
      // Time left from the measured pace once cells are done (the estimate until then).
      const elapsed = performance.now() - maps.started;
      const left = s.filled ? (elapsed * (s.total - s.filled)) / s.filled : Math.max(0, e.seconds * 1000 - elapsed);
      return showMapStatus(t('bnlab.maps.running', { ...args, elapsed: seconds(elapsed), left: SensitivityMaps.durationText(left / 1000) }));
    }
    case 'done':
      $('l-map').dataset.ms = String(Math.round(maps.ms));
      return showMapStatus(t('bnlab.maps.done', {
        runs: integer(s.total), time: seconds(maps.ms), workers: integer(workers), good: number(s.goodLoss),
        plainLearned: integer(s.plain.learned), bnLearned: integer(s.bn.learned),
        plainDiverged: integer(s.plain.diverged), bnDiverged: integer(s.bn.diverged),
      }));
    default:
      return undefined;
  }
}

function drawMap(c) {
  if (!maps) return;
  const lr = Number(readField(root, 'lr'));
  const init = Number(readField(root, 'initScale'));
  maps.handle.render(c, lr, init);
}

// ---- Exports (classroom.js) --------------------------------------------------------------------------

/**
 * Every chart of the lab, drawn by the engine into any canvas (the PNG export draws it at twice
 * its size on screen): its id, its figure's caption as the title, and the canvas on the page.
 */
export function exportables() {
  return PANEL_IDS.map((id) => ({
    id: id.slice(2),
    title: $(id)?.closest('figure')?.querySelector('figcaption')?.textContent.trim() ?? id,
    canvas: $(id),
    draw: (c) => {
      if (lab) PANELS[id](c);
    },
  }));
}

/**
 * The numbers behind the view: the selected unit's mini-batch (z, z − μ, z_norm, z̃ per example),
 * its μ, σ², running averages, γ and β at every step, both runs' learning curves, and every cell
 * of the sensitivity maps — as CSV tables, and as one JSON object (each row by column name, with
 * the URL that reproduces the lab and the unit's current numbers).
 */
export function data() {
  const tables = lab ? [...lab.tables(), ...(maps ? [maps.handle.table()] : [])] : [];
  const r = lab ? numbers() : null;
  const json = {
    view: 'bnlab',
    query: state?.query() ?? '',
    steps: r?.steps ?? 0,
    unit: r ? { layer: r.layer, unit: r.unit, place: r.place, ...r.numbers } : null,
    tables: Object.fromEntries(tables.map((tb) => [tb.name, tb.rows.map((row) => Object.fromEntries(tb.columns.map((c, i) => [c, row[i]])))])),
  };
  return { tables, json };
}
