// "Batch-norm lab": one BN layer up close, and what BN does to training.
//
// This module only builds the view's markup, wires its controls to the URL (state.js) and runs
// the animation loop. Every number, chart and picture comes from Rust: a wasm `Lab` (four runs
// of one config: with BN, without BN, and with BN at a small and a large mini-batch) and a
// `SensitivityMaps` (the α × init-scale maps, filled by the shared worker pool's 'raceCells'
// job, so the page stays responsive while they compute).
import { Lab, SensitivityMaps, datasetNames } from '../../pkg/tunelab.js';
import { guard, onInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { integer, number, percent, seconds } from '../format.js';
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
/** Cells per raceCells progress message. */
const MAP_CHUNK = 4;

// Defaults of the training keys the lab shows, when neither the URL nor the lab's defaults set
// them (Rust's canonical query omits settings at Config::default()).
const SHOWN_DEFAULTS = { dataset: 'circle', activation: 'tanh', initScale: '1', hidden: '8,8', batch: '10', lr: '0.03' };

// ---- Markup --------------------------------------------------------------------------------------

const STAGE_HELP = [
  'The pre-activations z of one unit for every example of the mini-batch (grey dots). Four of them are numbered so you can follow them.',
  'Step 1: the batch mean μ. Only this mini-batch counts.',
  'Step 2: the batch variance σ² (divided by m, not m − 1). The band is μ ± √(σ² + ε).',
  'Step 3: subtract μ and divide by √(σ² + ε): z_norm has mean 0 and variance ≈ 1, whatever z was.',
  'Step 4: scale by γ and shift by β, both learned. z̃ is what goes into the activation function.',
];

const TEMPLATE = `
<div class="lab">
  <header class="lab-intro">
    <h2>Batch-norm lab</h2>
    <p>Four copies of one small network train on the same data: <strong>with</strong> batch norm,
      <strong>without</strong> it, and with it at a small and a large mini-batch.
      Press play, then push the learning rate α up.</p>
  </header>

  <div class="lab-bar" role="group" aria-label="Run, learning rate and init scale">
    <button type="button" id="l-reset" class="btn btn-round" aria-label="Reset: restart with the same seeds" title="Reset">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5V2L7 6l5 4V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z"/></svg>
    </button>
    <button type="button" id="l-play" class="btn btn-play" aria-label="Play" title="Play / pause">
      <svg class="icon-play" viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z"/></svg>
      <svg class="icon-pause" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5h4v14H6zm8 0h4v14h-4z"/></svg>
    </button>
    <button type="button" id="l-step" class="btn btn-round" aria-label="Step: one update of every network" title="One step">
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5v14l9-7zM16 5h3v14h-3z"/></svg>
    </button>
    <dl class="counters"><div><dt>Step</dt><dd id="l-steps">0</dd></div></dl>
    <div class="field lab-lr">
      <label for="l-lr">Learning rate α <output id="l-lr-out" class="value-strong"></output></label>
      <input type="range" id="l-lr" data-key="lr" min="-2" max="1" step="any" aria-describedby="l-lr-help">
      <small id="l-lr-help" class="help">log scale, 0.01 to 10</small>
    </div>
    <div class="field lab-init">
      <label for="l-init">Init scale <output id="l-init-out" class="value"></output></label>
      <input type="range" id="l-init" data-key="initScale" min="-1" max="1" step="any" aria-describedby="l-init-help">
      <small id="l-init-help" class="help">log scale, 0.1 to 10</small>
    </div>
    <p id="l-status" class="status" role="status">paused</p>
  </div>
  <div class="lab-more" role="group" aria-label="More settings">
    <div class="field lab-narrow">
      <label for="l-batch">Batch size</label>
      <input type="number" id="l-batch" data-key="batch" min="1" max="5000" step="1" inputmode="numeric">
    </div>
    <div class="field lab-narrow">
      <label for="l-dataset">Dataset</label>
      <select id="l-dataset" data-key="dataset"></select>
    </div>
    <div class="field lab-narrow">
      <label for="l-hidden">Hidden units</label>
      <input type="text" id="l-hidden" data-key="hidden" spellcheck="false">
    </div>
    <div class="field">
      <span class="label" id="l-act-label">Activation</span>
      <div class="segmented" role="radiogroup" aria-labelledby="l-act-label">
        <input type="radio" id="l-act-tanh" name="l-activation" value="tanh" data-key="activation"><label for="l-act-tanh">tanh</label>
        <input type="radio" id="l-act-relu" name="l-activation" value="relu" data-key="activation"><label for="l-act-relu">ReLU</label>
      </div>
    </div>
    <div class="field lab-speed">
      <label for="l-speed">Speed</label>
      <select id="l-speed">
        <option value="1">1 step / frame</option>
        <option value="2" selected>2 steps / frame</option>
        <option value="10">10 steps / frame</option>
        <option value="50">50 steps / frame</option>
      </select>
    </div>
  </div>
  <div id="l-error" class="form-error lab-error" role="alert" hidden>
    <p id="l-error-text"></p>
    <button type="button" id="l-error-defaults" class="btn btn-small">Use the lab's default settings</button>
  </div>

  <section class="lab-part" aria-labelledby="l-inside-title">
    <h2 id="l-inside-title">Inside one BN layer</h2>
    <div class="lab-pick">
      <label>Layer <select id="l-layer"></select></label>
      <label>Unit <select id="l-unit"></select></label>
      <span class="help">Every number below is this unit over the current mini-batch of the network with BN.</span>
    </div>

    <div class="lab-row">
      <figure class="lab-fig lab-hist">
        <figcaption>z, z_norm and z̃ over the mini-batch</figcaption>
        <div class="lab-canvas lab-tall"><canvas id="l-hist" role="img" aria-label="Histograms of z, z_norm and z tilde over the mini-batch"></canvas></div>
        <p class="caption">Whatever the spread of z, z_norm is centred at 0 with variance ≈ 1; γ and β then put it where the network wants it.</p>
      </figure>
      <div class="lab-numbers">
        <dl class="metrics lab-metrics">
          <div class="metric"><dt>μ</dt><dd id="l-mu">–</dd></div>
          <div class="metric"><dt>σ²</dt><dd id="l-var">–</dd></div>
          <div class="metric"><dt>ε</dt><dd id="l-eps">–</dd></div>
          <div class="metric"><dt>m (batch)</dt><dd id="l-m">–</dd></div>
          <div class="metric"><dt>γ</dt><dd id="l-gamma">–</dd></div>
          <div class="metric"><dt>β</dt><dd id="l-beta">–</dd></div>
          <div class="metric"><dt>running μ</dt><dd id="l-rmu">–</dd></div>
          <div class="metric"><dt>running σ²</dt><dd id="l-rvar">–</dd></div>
        </dl>
        <div class="lab-note">
          <h3>The identity case</h3>
          <p>If the network learned γ = √(σ² + ε) = <span id="l-id-gamma" class="value">–</span>
            and β = μ = <span id="l-id-beta" class="value">–</span>, then z̃ = z exactly
            (largest difference on this batch: <span id="l-id-err" class="value">–</span>).
            So batch norm never takes anything away: the network can learn to undo it. Its
            actual γ and β are learned like W, by the same optimizer.</p>
        </div>
      </div>
    </div>

    <figure class="lab-fig">
      <figcaption>The formula, step by step, on this mini-batch</figcaption>
      <div class="lab-stages" role="group" aria-label="Step of the formula">
        <button type="button" id="l-prev" class="btn btn-small" aria-label="Previous step">◀</button>
        <div class="segmented" role="radiogroup" aria-label="Step" id="l-stages"></div>
        <button type="button" id="l-next" class="btn btn-small" aria-label="Next step">▶</button>
      </div>
      <p id="l-formula" class="lab-formula" aria-live="polite"></p>
      <p id="l-stage-help" class="caption"></p>
      <div class="lab-canvas lab-walk"><canvas id="l-walk" role="img" aria-label="The batch on a number line at each step of the formula"></canvas></div>
      <table class="lab-table" aria-label="Example points carried through the formula">
        <thead><tr><th scope="col">example</th><th scope="col" data-stage="0">z</th><th scope="col" data-stage="1">z − μ</th><th scope="col" data-stage="3">z_norm</th><th scope="col" data-stage="4">z̃</th></tr></thead>
        <tbody id="l-examples"></tbody>
      </table>
    </figure>

    <div class="lab-row">
      <figure class="lab-fig">
        <figcaption>Batch statistics and their running averages (β = 0.9, PyTorch's momentum 0.1)</figcaption>
        <div class="lab-canvas lab-tall"><canvas id="l-running" role="img" aria-label="Batch mean and variance per step against their running averages"></canvas></div>
        <p class="caption">Each mini-batch has its own μ and σ² (light). At test time there is no batch, so BN keeps
          an exponentially weighted average (dark) — about the last 1/(1 − β) = 10 batches — starting from μ = 0, σ² = 1.</p>
      </figure>
      <figure class="lab-fig lab-mode">
        <figcaption>Train mode or inference mode?</figcaption>
        <div class="segmented segmented-small" role="radiogroup" aria-label="Statistics BN uses">
          <input type="radio" id="l-mode-running" name="l-mode" value="running"><label for="l-mode-running">running averages<br><small>inference</small></label>
          <input type="radio" id="l-mode-batch" name="l-mode" value="batch"><label for="l-mode-batch">batch statistics<br><small>training</small></label>
        </div>
        <div class="lab-field"><canvas id="l-mode-field" role="img" aria-label="Decision boundary of the network with BN in the selected mode"></canvas></div>
        <dl class="metrics lab-metrics">
          <div class="metric" id="l-acc-running-box"><dt>valid acc., running</dt><dd id="l-acc-running">–</dd></div>
          <div class="metric" id="l-acc-batch-box"><dt>valid acc., batch</dt><dd id="l-acc-batch">–</dd></div>
        </dl>
        <p class="caption">In batch mode every point is normalized with the statistics of the points drawn with it (here:
          the whole plane, or the whole validation set), so the boundary depends on the company a point keeps. At the start the running
          averages still remember 0 and 1: watch the two accuracies converge as they catch up.</p>
      </figure>
    </div>

    <figure class="lab-fig">
      <figcaption>γ and β as they are learned</figcaption>
      <div class="lab-canvas lab-tall"><canvas id="l-gb" role="img" aria-label="Gamma and beta of every unit per step"></canvas></div>
      <p class="caption">Dashed: the γ and β that would make this unit's BN the identity at test time,
        γ = √(running σ² + ε) and β = running μ. The network is free to learn them, and usually doesn't: it keeps the
        normalization and picks its own scale and shift.</p>
    </figure>
  </section>

  <section class="lab-part" aria-labelledby="l-train-title">
    <h2 id="l-train-title">What BN does to training</h2>
    <p class="caption lab-lead">The same network on the same data, from the same initial weights — with and without BN,
      sharing the α and init-scale sliders above. <strong>Push α past 2: the plain network diverges, the BN one keeps learning.</strong>
      Shrink the init scale to 0.2: the plain network's signals fade and it stops learning; BN rescales them.</p>
    <div class="lab-compare">
      <figure class="lab-fig">
        <figcaption>without BN <span id="l-plain-badge" class="badge"></span></figcaption>
        <div class="lab-field"><canvas id="l-plain-field" role="img" aria-label="Decision boundary without BN"></canvas>
          <div id="l-plain-diverged" class="diverged-banner" hidden></div></div>
      </figure>
      <figure class="lab-fig">
        <figcaption>with BN <span id="l-bn-badge" class="badge"></span></figcaption>
        <div class="lab-field"><canvas id="l-bn-field" role="img" aria-label="Decision boundary with BN"></canvas>
          <div id="l-bn-diverged" class="diverged-banner" hidden></div></div>
      </figure>
      <figure class="lab-fig lab-compare-loss">
        <figcaption>Validation loss</figcaption>
        <div class="lab-canvas"><canvas id="l-loss" role="img" aria-label="Validation loss with and without BN"></canvas></div>
      </figure>
    </div>

    <figure class="lab-fig">
      <figcaption>Sensitivity: final validation loss over α × init scale</figcaption>
      <div class="lab-map-bar">
        <progress id="l-map-progress" max="1" value="0"></progress>
        <span id="l-map-status" class="help" role="status">waiting for the workers…</span>
      </div>
      <div class="lab-canvas lab-map"><canvas id="l-map" role="img" aria-label="Validation loss over learning rate and init scale, without and with BN"></canvas></div>
      <p class="caption" id="l-map-caption">Every cell is a network trained from scratch. With BN the bright (learned) region is
        wider: more learning rates and more init scales work. BN does not protect the output layer, so very large α still diverges.</p>
    </figure>

    <figure class="lab-fig">
      <figcaption>Each layer's activations over training (mean ± one standard deviation)</figcaption>
      <div class="lab-canvas"><canvas id="l-act" role="img" aria-label="Activation mean and spread per layer, without and with BN"></canvas></div>
      <p class="caption">Layer 2's inputs are layer 1's activations. Without BN their mean and spread drift as the
        weights change, so every later layer chases a moving target. With BN each layer's z is re-centred and
        re-scaled every step: steadier inputs for the next layer. (Try α = 0.5 to watch it without a divergence.)</p>
    </figure>

    <figure class="lab-fig">
      <figcaption>Mini-batch size and the noise of the batch statistics</figcaption>
      <div class="lab-canvas"><canvas id="l-noise" role="img" aria-label="Batch mean against running mean at a small and a large batch"></canvas></div>
      <p class="caption" id="l-noise-caption">The same BN network trained at a small and a large mini-batch. A small
        batch's μ (and σ²) jump around: every example is normalized with a slightly different shift and scale each step,
        a little noise that acts as a slight regularizer. It shrinks as the batch grows.</p>
    </figure>
  </section>
</div>`;

// ---- Module state ------------------------------------------------------------------------------

let root = null;
let state = null;
let lab = null;
let playing = false;
let rafId = 0;
const stepper = new Stepper(64);
let stage = 0;
let listeners = null;
let resizer = null;
let watcher = null;
let unhookInternal = null;
const visible = new Set(); // canvas ids on screen
const dirty = new Set(); // canvas ids to redraw
let nextPanel = 0;
const shown = new Map();

// The sensitivity maps outlive a mount when complete (same settings: no recomputation).
let maps = null; // { key, handle, jobs: [], started, done, ms }

const $ = (id) => document.getElementById(id);

/** Canvas id → how to draw it from the lab. */
const PANELS = {
  'l-hist': (c) => lab.renderHistograms(c),
  'l-walk': (c) => lab.renderWalkthrough(c, stage, EXAMPLES),
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

// ---- Mount / unmount ---------------------------------------------------------------------------

export function mount(viewRoot, urlState) {
  root = viewRoot;
  state = urlState;
  root.innerHTML = TEMPLATE;
  listeners = new AbortController();
  const on = (target, type, fn, opts = {}) => target.addEventListener(type, fn, { ...opts, signal: listeners.signal });

  $('l-dataset').replaceChildren(...datasetNames().map((d) => new Option(d, d)));
  const stages = $('l-stages');
  Lab.stageNames().forEach((name, i) => {
    const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'l-stage', id: `l-stage-${i}`, value: String(i) });
    const label = Object.assign(document.createElement('label'), { htmlFor: input.id, textContent: name });
    stages.append(input, label);
  });

  on($('l-play'), 'click', () => (playing ? pause() : play()));
  on($('l-step'), 'click', () => guard(() => { pause(); advance(1); }, 'stepping', refused));
  on($('l-reset'), 'click', () => rebuild());
  for (const box of root.querySelectorAll('.lab-bar, .lab-more')) {
    on(box, 'input', onFormInput);
    on(box, 'change', onFormChange);
  }
  on($('l-error-defaults'), 'click', () => {
    state.set({ lr: null, initScale: null, batch: null, dataset: null, hidden: null, activation: null, layer: null, unit: null, smallBatch: null, largeBatch: null });
    rebuild();
  });
  on($('l-layer'), 'change', () => pick(Number($('l-layer').value), 1));
  on($('l-unit'), 'change', () => pick(Number($('l-layer').value), Number($('l-unit').value)));
  for (const input of root.querySelectorAll('input[name="l-mode"]')) {
    on(input, 'change', () => guard(() => {
      lab.running = input.value === 'running';
      state.set({ bnMode: lab.running ? null : 'batch' });
      showMode();
      redraw(['l-mode-field']);
    }, 'switching the mode', refused));
  }
  on(stages, 'change', (ev) => setStage(Number(ev.target.value)));
  on($('l-prev'), 'click', () => setStage(Math.max(0, stage - 1)));
  on($('l-next'), 'click', () => setStage(Math.min(Lab.stageNames().length - 1, stage + 1)));

  resizer = new ResizeObserver(onResize);
  watcher = new IntersectionObserver(onVisibility, { rootMargin: '80px' });
  for (const id of PANEL_IDS) {
    resizer.observe($(id));
    watcher.observe($(id));
  }
  unhookInternal = onInternalError(() => {
    stopLoop();
    playing = false;
    cancelMaps();
    lab = null; // may be poisoned by a panic: never call into it again
    setStatus('error', 'stopped: internal error');
  });
  setStage(0);
  rebuild();
}

export function unmount() {
  stopLoop();
  playing = false;
  listeners?.abort();
  listeners = null;
  resizer?.disconnect();
  watcher?.disconnect();
  resizer = watcher = null;
  unhookInternal?.();
  unhookInternal = null;
  if (maps && !maps.done) cancelMaps(); // an unfinished map is recomputed on the next visit
  lab?.free();
  lab = null;
  visible.clear();
  dirty.clear();
  shown.clear();
  root?.replaceChildren();
  root = null;
}

// ---- Building the lab ---------------------------------------------------------------------------

/** (Re)creates the lab from the URL; a refused setting is shown, not thrown. */
function rebuild() {
  const resume = playing;
  pause();
  lab?.free();
  lab = guard(() => Lab.fromQuery(state.query()), 'building the lab', (err) => {
    refused(err);
    syncForm(null);
    cancelMaps();
    setStatus('error', 'refused');
  }) ?? null;
  if (!lab) return;
  showError(null);
  syncForm(lab.query());
  fillPickers();
  showMode();
  stepper.reset();
  redraw(PANEL_IDS);
  renderReadouts();
  startMaps();
  if (resume) play();
  else setStatus('paused', 'paused');
}

function showError(message) {
  // A refused setting hides the panels: there is no model to show until it is fixed.
  root.querySelector('.lab').classList.toggle('is-refused', !!message);
  $('l-error').hidden = !message;
  $('l-error-text').textContent = message ?? '';
  $('l-play').disabled = $('l-step').disabled = !!message;
}

/** Shows the lab's effective settings (URL over the lab's defaults) in the form. */
function syncForm(canonical) {
  // The canonical query lists every setting away from Config::default(); without one (the
  // settings were refused), show the URL's values over the lab's defaults.
  const q = new URLSearchParams(canonical ?? '');
  const labDefaults = new URLSearchParams(Lab.defaultsQuery());
  const value = (key) => q.get(key) ?? state.get(key) ?? (canonical === null ? labDefaults.get(key) : null) ?? SHOWN_DEFAULTS[key];
  for (const el of root.querySelectorAll('.lab-bar [data-key], .lab-more [data-key]')) {
    const v = value(el.dataset.key);
    if (el.type === 'radio') el.checked = el.value === v;
    else if (el.type === 'range') el.value = String(Math.log10(Number(v)));
    else el.value = v;
  }
  showSliders();
}

function showSliders() {
  $('l-lr-out').textContent = number(10 ** Number($('l-lr').value));
  $('l-init-out').textContent = number(10 ** Number($('l-init').value));
}

/** A log slider's value with 3 significant digits, for the URL. */
function sliderValue(input) {
  return String(Number((10 ** Number(input.value)).toPrecision(3)));
}

function onFormInput(ev) {
  if (ev.target.type !== 'range') return;
  showSliders();
  redraw(['l-map']); // the ring on the maps follows the sliders
}

function onFormChange(ev) {
  const el = ev.target;
  const key = el.dataset?.key;
  if (!key) return;
  const v = el.type === 'range' ? sliderValue(el) : el.value.trim();
  state.set({ [key]: v === '' ? null : v });
  rebuild();
}

function fillPickers() {
  const units = lab.layerUnits();
  const layer = $('l-layer');
  layer.replaceChildren(...Array.from(units, (_, i) => new Option(`${i + 1}`, `${i + 1}`)));
  layer.value = String(lab.layer);
  const unit = $('l-unit');
  unit.replaceChildren(...Array.from({ length: units[lab.layer - 1] }, (_, j) => new Option(`${j + 1}`, `${j + 1}`)));
  unit.value = String(lab.unit);
}

function pick(layer, unit) {
  guard(() => {
    lab.select(layer, unit);
    state.set({ layer: layer === 1 ? null : layer, unit: unit === 1 ? null : unit });
    fillPickers();
    redraw(['l-hist', 'l-walk', 'l-running', 'l-gb', 'l-noise']);
    renderReadouts();
  }, 'picking a unit', refused);
}

function showMode() {
  $('l-mode-running').checked = lab.running;
  $('l-mode-batch').checked = !lab.running;
  $('l-acc-running-box').classList.toggle('is-current', lab.running);
  $('l-acc-batch-box').classList.toggle('is-current', !lab.running);
}

function setStage(s) {
  stage = s;
  const input = $(`l-stage-${s}`);
  if (input) input.checked = true;
  $('l-stage-help').textContent = STAGE_HELP[s] ?? '';
  for (const th of root.querySelectorAll('.lab-table th[data-stage]')) {
    th.classList.toggle('is-current', Number(th.dataset.stage) === s || (s === 2 && th.dataset.stage === '1'));
  }
  if (lab) {
    redraw(['l-walk']);
    renderReadouts();
  }
}

// ---- Animation loop -------------------------------------------------------------------------------

function play() {
  if (!lab || lab.finished) return;
  playing = true;
  $('l-play').classList.add('is-playing');
  $('l-play').setAttribute('aria-label', 'Pause');
  setStatus('training', 'training');
  startLoop();
}

function pause() {
  playing = false;
  $('l-play')?.classList.remove('is-playing');
  $('l-play')?.setAttribute('aria-label', 'Play');
  if (lab) setStatus('paused', lab.finished ? `done: ${lab.steps} steps (reset to start again)` : 'paused');
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
    if (playing) {
      advance(Number($('l-speed').value) || 2);
      if (lab.finished) pause();
    }
    drawDirty();
    if (playing || dirty.size) startLoop();
  }, 'running the lab');
}

/** Up to `target` updates of every network within the frame's budget; marks the panels. */
function advance(target) {
  const done = stepper.run((k) => lab.step(k), target, STEP_BUDGET_MS);
  if (done) {
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
  text('l-steps', integer(lab.steps));
  const [m, mu, v, eps, sd, gamma, beta, rmu, rvar, idErr] = lab.numbers();
  text('l-m', String(m));
  text('l-mu', number(mu));
  text('l-var', number(v));
  text('l-eps', number(eps));
  text('l-gamma', number(gamma));
  text('l-beta', number(beta));
  text('l-rmu', number(rmu));
  text('l-rvar', number(rvar));
  text('l-id-gamma', number(sd));
  text('l-id-beta', number(mu));
  text('l-id-err', number(idErr));
  text('l-formula', lab.formula(stage));
  renderExamples();
  const [, batchAcc, , runningAcc] = lab.modeMetrics();
  text('l-acc-batch', percent(batchAcc));
  text('l-acc-running', percent(runningAcc));
  for (const bn of [false, true]) {
    const who = bn ? 'bn' : 'plain';
    const diverged = lab.compareDiverged(bn);
    const metrics = lab.compareMetrics();
    const acc = metrics[bn ? 3 : 1];
    text(`l-${who}-badge`, diverged ? 'diverged' : `valid acc. ${percent(acc)}`);
    $(`l-${who}-badge`).dataset.state = diverged ? 'diverged' : 'training';
    const banner = $(`l-${who}-diverged`);
    banner.hidden = !diverged;
    if (diverged) text(`l-${who}-diverged`, lab.compareStatus(bn));
  }
  const [small, smallNoise, large, largeNoise, noiseLr] = lab.noiseFigures();
  text('l-noise-caption', `The same BN network trained at a mini-batch of ${small} and of ${large} (both at α = ${number(noiseLr)}, so neither diverges). ` +
    `The small batch's μ jumps around its running average by ±${number(smallNoise)}, the large one's by ±${number(largeNoise)}: ` +
    'with a small batch every example is normalized with a slightly different shift and scale each step, ' +
    'a little noise that acts as a slight regularizer. It shrinks as the batch grows.');
}

function renderExamples() {
  const rows = lab.exampleRows(EXAMPLES);
  const body = $('l-examples');
  const n = rows.length / 5;
  if (body.rows.length !== n) {
    body.replaceChildren(...Array.from({ length: n }, (_, k) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.style.color = Lab.exampleColour(k);
      tr.append(th, ...Array.from({ length: 4 }, () => document.createElement('td')));
      return tr;
    }));
  }
  // Columns appear as the step-through reaches them.
  const reached = [0, 1, 3, 4];
  for (let k = 0; k < n; k++) {
    const cells = body.rows[k].cells;
    const label = `${k + 1} (#${rows[5 * k]})`;
    if (cells[0].textContent !== label) cells[0].textContent = label;
    for (let c = 1; c <= 4; c++) {
      const value = stage >= reached[c - 1] ? number(rows[5 * k + c]) : '·';
      if (cells[c].textContent !== value) cells[c].textContent = value;
    }
  }
}

// ---- Sensitivity maps (in the worker pool) --------------------------------------------------------

function startMaps() {
  const fresh = guard(() => SensitivityMaps.fromQuery(state.query()), 'preparing the sensitivity maps',
    (err) => showMapStatus(err.message ?? String(err)));
  if (!fresh) return;
  if (maps && maps.key === fresh.key()) {
    fresh.free();
    redraw(['l-map']);
    return showMapProgress();
  }
  cancelMaps();
  maps = { key: fresh.key(), handle: fresh, jobs: [], started: performance.now(), done: false, ms: 0 };
  const current = maps;
  const pool = sharedPool();
  const order = fresh.order();
  const parts = Math.max(2, pool.size); // cells of each map split among the workers, coarse first
  const runs = [];
  for (let j = 0; j < parts; j++) {
    for (const bn of [false, true]) {
      const cells = order.filter((_, k) => k % parts === j);
      const job = pool.run('raceCells', { query: fresh.query(bn), cells, chunk: MAP_CHUNK }, {
        onProgress: ({ from, results }) => {
          if (maps !== current) return;
          current.handle.record(bn, cells.subarray(from, from + results.length), results);
          showMapProgress();
          redraw(['l-map']);
        },
      });
      current.jobs.push(job);
      runs.push(job.promise);
    }
  }
  showMapProgress();
  Promise.allSettled(runs).then((outcomes) => {
    if (maps !== current) return;
    const failed = outcomes.find((o) => o.status === 'rejected' && !isCancelled(o.reason));
    if (failed) return showMapStatus(`the map could not be computed: ${failed.reason?.message ?? failed.reason}`);
    if (outcomes.some((o) => o.status === 'rejected')) return;
    current.done = true;
    current.ms = performance.now() - current.started;
    showMapProgress();
    redraw(['l-map']);
  });
}

function cancelMaps() {
  if (!maps) return;
  for (const job of maps.jobs) job.cancel();
  maps.handle.free();
  maps = null;
}

function showMapStatus(message) {
  const s = $('l-map-status');
  if (s) s.textContent = message;
}

function showMapProgress() {
  if (!maps || !root) return;
  const h = maps.handle;
  $('l-map-progress').value = h.filled / h.total;
  if (maps.done) {
    const [plainGood, plainDiv, bnGood, bnDiv, cells] = h.counts();
    $('l-map').dataset.ms = String(Math.round(maps.ms));
    showMapStatus(`${2 * cells} runs in ${seconds(maps.ms)} on ${sharedPool().size} workers. ` +
      `Learned (validation loss < 0.2): ${plainGood} without BN, ${bnGood} with BN; diverged: ${plainDiv} without, ${bnDiv} with.`);
  } else {
    showMapStatus(`training ${h.total} small networks in ${sharedPool().size} workers… ${h.filled} of ${h.total} done`);
  }
}

function drawMap(canvas) {
  if (!maps) return;
  const lr = 10 ** Number($('l-lr').value);
  const init = 10 ** Number($('l-init').value);
  maps.handle.render(canvas, lr, init);
}

// ---- Errors -----------------------------------------------------------------------------------------

/** A setting the engine refused (any error but a wasm trap, see errors.js `guard`): shown above the panels. */
function refused(err) {
  showError(err.message ?? String(err));
}
