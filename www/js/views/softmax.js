// "Softmax" (course notes week 3, §5): a three-class network's probabilities everywhere on the
// plane, the output layer's numbers at a chosen point (z, t = eᶻ, a = t / Σ t, the loss, dz),
// and C = 2 as logistic regression: a 2-unit softmax against two sigmoid networks.
//
// This module builds the markup, wires the controls to the URL and runs the animation loop. The
// training, every number and every picture come from Rust (Softmax.fromQuery / step / snapshot /
// select / selectAt / renderField / renderPairField / renderGaps; readSettings for the form).
// A link's `at` (the update it shows) is replayed in time-sliced chunks (replay), then paused;
// pausing writes the update reached back to the URL (keepStep).
import { Softmax, classColour, freshSeed, readSettings } from '../../pkg/tunelab.js';
import { guard, onInternalError } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { fixed, integer, number, percent } from '../format.js';
import { errorEntry, field, readField, setting, showErrors, writeFields } from '../form.js';
import { esc, t } from '../i18n.js';
import { Stepper } from '../stepper.js';

const KEYS = ['softmaxData', 'binaryData', 'softmaxSeed', 'point'];
/** The URL keys the engine's query writes: the settings and the update reached. */
const OWNED = [...KEYS, 'at'];
const TWINS = ['sigmoid', 'softmax', 'sigmoidFastLast'];
/** Updates per animation frame: the default run reaches its target in about 2.5 s. */
const STEPS_PER_FRAME = 10;
/** Cells per side of the fields. */
const RESOLUTION = 48;
/** Redraw the C = 2 fields and the chart at most this often (ms). */
const PAIR_EVERY_MS = 120;
const CHART_EVERY_MS = 250;
/** A replay's work per animation frame (ms), so that the page stays responsive. */
const REPLAY_BUDGET_MS = 14;

const html = String.raw;

function markup() {
  const runButton = (id, label, path) => `<button type="button" id="${id}" class="btn btn-round" aria-label="${esc(t(label))}" title="${esc(t(label))}"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="${path}"/></svg></button>`;
  const pair = TWINS.map((n) => html`
    <figure class="sm-twin" data-twin="${n}">
      <figcaption>${esc(t(`softmax.net.${n}`))}</figcaption>
      <canvas class="sm-pair-field" data-twin="${n}" role="img" aria-label="${esc(t('softmax.pair-alt', { name: t(`softmax.net.${n}`) }))}"></canvas>
      <p class="sm-acc help" data-acc="${n}"></p>
      ${n === 'softmax' ? '' : `<p class="sm-gap" data-gap="${n}"></p>`}
    </figure>`).join('');
  const cols = ['class', 'z', 't', 'a', 'y', 'dz'].map((c) => `<th scope="col">${esc(t(`softmax.col-${c}`))}</th>`).join('');
  return html`
  <div class="softmax-view">
    <header class="sm-head">
      <h2>${esc(t('softmax.title'))}</h2>
      <p class="sm-lede" data-present="hide">${esc(t('softmax.lede'))}</p>
    </header>
    <div class="sm-bar">
      <div class="sm-run" role="group" aria-label="${esc(t('softmax.run'))}">
        ${runButton('sm-reset', 'softmax.reset', 'M12 5V2L7 6l5 4V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z')}
        <button type="button" id="sm-play" class="btn btn-play" aria-label="${esc(t('softmax.play'))}" title="${esc(t('softmax.play-pause'))}">
          <svg class="icon-play" viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5v14l11-7z"/></svg>
          <svg class="icon-pause" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5h4v14H6zm8 0h4v14h-4z"/></svg>
        </button>
        <dl class="counters"><div><dt>${esc(t('softmax.steps'))}</dt><dd><span id="sm-steps">0</span> <small id="sm-target"></small></dd></div></dl>
        <p id="sm-status" class="status" role="status"></p>
      </div>
      <form class="sm-controls" data-present="hide" autocomplete="off" novalidate aria-label="${esc(t('softmax.form'))}">
        ${field('softmaxData', { id: 'sm-data', layout: 'inline', help: false })}
        ${field('binaryData', { id: 'sm-binary', layout: 'inline', help: false })}
        ${field('softmaxSeed', { id: 'sm-seed', layout: 'inline', help: false })}
        <p class="field-error" data-error-for="point" role="alert" hidden></p>
        <div class="sm-unplaced" data-unplaced-errors></div>
      </form>
    </div>
    <div id="sm-error" class="form-error" role="alert" hidden>
      <p id="sm-error-text"></p>
      <button type="button" id="sm-defaults" class="btn btn-small">${esc(t('form.use-defaults'))}</button>
    </div>
    <div class="sm-body">
      <section class="sm-three" aria-labelledby="sm-three-title">
        <h3 id="sm-three-title">${esc(t('softmax.three'))}</h3>
        <div class="sm-three-grid">
          <figure class="sm-field-col">
            <canvas id="sm-field" role="img" aria-label="${esc(t('softmax.field-alt'))}"></canvas>
            <div id="sm-key" class="sm-key"></div>
            <figcaption class="help">${esc(t('softmax.field-help'))}</figcaption>
          </figure>
          <div class="sm-point" id="sm-point">
            <div class="sm-point-head">
              <button type="button" id="sm-prev" class="btn btn-small" aria-label="${esc(t('softmax.prev'))}">◀</button>
              <p id="sm-point-title" aria-live="polite"></p>
              <button type="button" id="sm-next" class="btn btn-small" aria-label="${esc(t('softmax.next'))}">▶</button>
            </div>
            <table class="sm-table" aria-label="${esc(t('softmax.table'))}">
              <thead><tr>${cols}</tr></thead>
              <tbody id="sm-rows"></tbody>
              <tfoot><tr><th scope="row">${esc(t('softmax.sum'))}</th><td></td><td id="sm-sum-t"></td><td id="sm-sum-a"></td><td>1</td><td></td></tr></tfoot>
            </table>
            <p id="sm-loss" class="sm-loss"></p>
            <p id="sm-check" class="help"></p>
            <p id="sm-network" class="help"></p>
            <p id="sm-metrics" class="help"></p>
          </div>
        </div>
      </section>
      <section class="sm-two" aria-labelledby="sm-two-title">
        <h3 id="sm-two-title">${esc(t('softmax.two'))}</h3>
        <p class="sm-two-lede" data-present="hide">${esc(t('softmax.two-lede'))}</p>
        <p id="sm-same" class="sm-same"></p>
        <div class="sm-pair">${pair}</div>
        <p id="sm-why" class="sm-why"></p>
        <p id="sm-identity" class="help"></p>
        <figure class="sm-chart">
          <figcaption>${esc(t('softmax.gaps-caption'))}</figcaption>
          <canvas id="sm-gaps" role="img" aria-label="${esc(t('softmax.gaps-alt'))}"></canvas>
        </figure>
      </section>
    </div>
  </div>`;
}

// ---- state ---------------------------------------------------------------------------------------

let ui = null; // { root, state, lab, playing, raf, listeners, resize, unhook, lastPair, lastChart }

const $ = (id) => document.getElementById(id);

export function mount(root, state) {
  root.innerHTML = markup();
  ui = {
    root, state, lab: null, playing: false, replaying: false, pastTarget: false, raf: 0, lastPair: 0, lastChart: 0,
    stepper: new Stepper(2000), listeners: new AbortController(),
  };
  const on = (el, type, fn) => el.addEventListener(type, fn, { signal: ui.listeners.signal });
  on(root.querySelector('.sm-controls'), 'submit', (ev) => ev.preventDefault());
  on(root.querySelector('.sm-controls'), 'change', (ev) => {
    const key = ev.target.dataset?.key;
    if (KEYS.includes(key)) setKeys({ [key]: readField(root, key), point: null });
  });
  for (const b of root.querySelectorAll('[data-new-seed]')) {
    on(b, 'click', () => guard(() => setKeys({ [b.dataset.newSeed]: String(freshSeed()), point: null }), 'drawing a new seed'));
  }
  on($('sm-defaults'), 'click', () => setKeys(Object.fromEntries(KEYS.map((k) => [k, null]))));
  on($('sm-play'), 'click', () => (ui.playing ? pause() : play()));
  on($('sm-reset'), 'click', () => {
    ui.state.set({ at: null });
    build(true);
  });
  on($('sm-field'), 'click', (ev) => {
    const c = ev.currentTarget;
    choose((lab) => lab.selectAt(ev.offsetX / c.clientWidth, ev.offsetY / c.clientHeight));
  });
  on($('sm-prev'), 'click', () => choose((lab) => lab.select(pointIndex() > 1 ? pointIndex() - 1 : lab.points)));
  on($('sm-next'), 'click', () => choose((lab) => lab.select(pointIndex() < lab.points ? pointIndex() + 1 : 1)));
  ui.resize = new ResizeObserver((entries) => {
    if (entries.map((e) => fitCanvas(e)).some(Boolean) && ui.lab) guard(() => drawAll(true), 'resizing');
  });
  for (const c of root.querySelectorAll('canvas')) ui.resize.observe(c);
  ui.unhook = onInternalError(() => {
    stop();
    ui.lab = null; // may be poisoned by a panic: never call into it again
  });
  showClassKey();
  build(true);
  showLessonFocus();
}

/** A lesson step's focus (marked by the classroom once the view is mounted) scrolled into view. */
function showLessonFocus() {
  requestAnimationFrame(() => ui?.root.querySelector('.lesson-focus')?.scrollIntoView({ block: 'start' }));
}

export function unmount() {
  if (!ui) return;
  stop();
  ui.listeners.abort();
  ui.resize?.disconnect();
  ui.unhook?.();
  free();
  ui.root.replaceChildren();
  ui = null;
}

function free() {
  const old = ui.lab;
  ui.lab = null;
  try {
    old?.free();
  } catch {
    // A handle left borrowed by a panic throws when freed; the page is stopped then.
  }
}

/** Changes URL keys (a default is left out) and starts again from them (from update 0). */
function setKeys(changes) {
  for (const [k, v] of Object.entries(changes)) if (v !== null && v === setting(k).default) changes[k] = null;
  ui.state.set({ ...changes, at: null });
  build(true);
}

// ---- building from the URL ----------------------------------------------------------------------

/**
 * A new view from the URL (training from update 0, or replaying to the link's `at` and pausing
 * there), or the refusals at their controls.
 */
function build(autoplay) {
  stop();
  free();
  const query = ui.state.query();
  const reading = guard(() => readSettings('softmax', query), 'reading the settings');
  if (!reading) return;
  writeFields(ui.root, reading.values);
  const lab = reading.errors.length ? null : guard(() => Softmax.fromQuery(query), 'building the networks', (err) => {
    refuse([errorEntry(err)]);
    return null;
  });
  if (!lab) {
    if (reading.errors.length) refuse(reading.errors);
    renderRun();
    return;
  }
  refuse([]);
  ui.lab = lab;
  $('sm-target').textContent = t('softmax.of-target', { target: integer(lab.target) });
  guard(() => drawAll(true), 'drawing the networks');
  if (lab.at > 0) replay();
  else if (autoplay) play();
  else renderRun();
}

/** Replays the link's updates, a time slice per frame with the progress shown, then pauses. */
function replay() {
  ui.replaying = true;
  ui.stepper.reset();
  renderRun();
  const slice = () => {
    ui.raf = 0;
    if (!ui?.replaying || !ui.lab) return;
    guard(() => {
      const done = ui.stepper.run((k) => ui.lab.replay(k), Infinity, REPLAY_BUDGET_MS);
      if (done === 0) {
        ui.replaying = false;
        drawAll(true);
        return;
      }
      const steps = $('sm-steps');
      steps.dataset.steps = String(Number(steps.dataset.steps ?? 0) + done);
      steps.textContent = integer(Number(steps.dataset.steps));
      renderRun();
      ui.raf = requestAnimationFrame(slice);
    }, 'replaying the link');
  };
  ui.raf = requestAnimationFrame(slice);
}

/** Writes the update reached to the URL (`at`; none at the target), so the link shows it. */
function keepStep() {
  if (!ui.lab) return;
  guard(() => {
    ui.lab.keepStep();
    ui.state.adopt(ui.lab.query(), OWNED);
  }, 'keeping the update reached');
}

function refuse(errors) {
  const view = ui.root.querySelector('.softmax-view');
  view.dataset.refused = String(errors.length > 0);
  const unplaced = showErrors(ui.root, errors);
  $('sm-error').hidden = !errors.length;
  $('sm-error-text').textContent = unplaced.length ? unplaced.map((e) => e.message).join(' ') : t('form.fix-marked');
}

/** A new chosen point (the engine returns it); the URL keeps it. */
function choose(pick) {
  if (!ui.lab) return;
  guard(() => {
    pick(ui.lab);
    if (!ui.playing && !ui.replaying) ui.lab.keepStep();
    ui.state.adopt(ui.lab.query(), ui.playing || ui.replaying ? KEYS : OWNED);
    drawField();
    renderNumbers(ui.lab.snapshot());
  }, 'choosing a point');
}

function pointIndex() {
  return Number($('sm-point').dataset.index);
}

// ---- the loop -------------------------------------------------------------------------------------

function play() {
  if (!ui.lab || ui.replaying) return;
  // Past the target only when the learner asks for more (play once it is reached).
  ui.pastTarget = Number($('sm-steps').dataset.steps ?? 0) >= ui.lab.target;
  ui.playing = true;
  ui.state.set({ at: null }); // while training, the link shows no particular update
  renderRun();
  if (!ui.raf) ui.raf = requestAnimationFrame(frame);
}

function pause() {
  stop();
  keepStep();
  if (ui.lab) guard(() => drawAll(true), 'drawing the networks'); // everything at the update kept
}

function stop() {
  ui.playing = false;
  ui.replaying = false;
  if (ui.raf) cancelAnimationFrame(ui.raf);
  ui.raf = 0;
}

function frame(now) {
  ui.raf = 0;
  if (!ui.playing || !ui.lab) return;
  guard(() => {
    const done = ui.lab.step(STEPS_PER_FRAME, ui.pastTarget);
    const redraw = now - ui.lastPair >= PAIR_EVERY_MS;
    drawAll(redraw, now - ui.lastChart >= CHART_EVERY_MS);
    if (redraw) ui.lastPair = now;
    if (now - ui.lastChart >= CHART_EVERY_MS) ui.lastChart = now;
    if (done === 0) {
      ui.playing = false;
      drawAll(true);
      keepStep();
      renderRun();
      return;
    }
    ui.raf = requestAnimationFrame(frame);
  }, 'training');
}

// ---- drawing (every pixel comes from Rust) ----------------------------------------------------------

function drawAll(pair, chart = pair) {
  drawField();
  if (pair) {
    for (const c of ui.root.querySelectorAll('canvas.sm-pair-field')) {
      if (c.width && c.height) ui.lab.renderPairField(c, c.dataset.twin, RESOLUTION);
    }
  }
  const g = $('sm-gaps');
  if (chart && g.width && g.height) ui.lab.renderGaps(g);
  renderNumbers(ui.lab.snapshot());
  renderRun();
}

function drawField() {
  const c = $('sm-field');
  if (c.width && c.height) ui.lab.renderField(c, RESOLUTION);
}

function showClassKey() {
  $('sm-key').replaceChildren(...[0, 1, 2].map((k) => {
    const item = document.createElement('span');
    const swatch = Object.assign(document.createElement('span'), { className: 'sm-swatch' });
    swatch.style.background = classColour(k);
    item.append(swatch, t('softmax.class', { k }));
    return item;
  }));
}

// ---- numbers ----------------------------------------------------------------------------------------

function renderRun() {
  const view = ui.root.querySelector('.softmax-view');
  const steps = ui.lab ? Number($('sm-steps').dataset.steps ?? 0) : 0;
  const target = ui.lab?.target ?? 0;
  const done = !!ui.lab && steps >= target;
  view.dataset.done = String(done);
  const play = $('sm-play');
  play.classList.toggle('is-playing', ui.playing);
  play.setAttribute('aria-label', t(ui.playing ? 'softmax.pause' : 'softmax.play'));
  play.disabled = !ui.lab || ui.replaying;
  let status;
  if (!ui.lab) status = t('softmax.status-refused');
  else if (ui.replaying) status = t('softmax.status-replaying', { steps: integer(steps), at: integer(ui.lab.at) });
  else if (ui.playing) status = t('softmax.status-training');
  else if (done) status = t('softmax.status-done', { target: integer(target) });
  else status = t('softmax.status-paused');
  const el = $('sm-status');
  el.textContent = status;
  el.dataset.state = !ui.lab ? 'error' : ui.replaying ? 'replaying' : ui.playing ? 'training' : 'paused';
}

function cell(text, attrs = {}) {
  const td = document.createElement('td');
  td.textContent = text;
  for (const [k, v] of Object.entries(attrs)) td.dataset[k] = String(v);
  return td;
}

function renderNumbers(s) {
  const stepsEl = $('sm-steps');
  stepsEl.dataset.steps = String(s.steps);
  stepsEl.textContent = integer(s.steps);
  const p = s.point;
  const box = $('sm-point');
  Object.assign(box.dataset, { index: p.index, label: p.label, sumA: p.sumA, loss: p.loss, dzCheck: p.dzCheck });
  $('sm-point-title').textContent = t('softmax.point', {
    index: p.index, label: p.label, split: t(p.training ? 'softmax.training' : 'softmax.validation'),
    x0: fixed(p.x0, 2), x1: fixed(p.x1, 2),
  });
  $('sm-rows').replaceChildren(...p.classes.map((c, k) => {
    const tr = document.createElement('tr');
    Object.assign(tr.dataset, { class: k, z: c.z, t: c.t, a: c.a, network: c.network, y: c.y, dz: c.dz });
    if (k === p.label) tr.className = 'is-label';
    const th = document.createElement('th');
    th.scope = 'row';
    const swatch = Object.assign(document.createElement('span'), { className: 'sm-swatch' });
    swatch.style.background = classColour(k);
    th.append(swatch, String(k));
    const a = cell('');
    a.innerHTML = `<span class="sm-pbar" style="width:${Math.round(100 * c.a)}%;background:${classColour(k)}"></span><span class="sm-num">${esc(fixed(c.a, 3))}</span>`;
    tr.append(th, cell(fixed(c.z, 2)), cell(number(c.t)), a, cell(String(c.y)), cell(fixed(c.dz, 3)));
    return tr;
  }));
  $('sm-sum-t').textContent = number(p.sumT);
  $('sm-sum-a').textContent = fixed(p.sumA, 3);
  $('sm-loss').textContent = t('softmax.loss', { label: p.label, loss: fixed(p.loss, 3) });
  $('sm-check').textContent = t('softmax.dz-check', { gap: number(p.dzCheck, { digits: 2 }) });
  const netGap = Math.max(...p.classes.map((c) => Math.abs(c.network - c.a)));
  $('sm-network').textContent = t('softmax.network-a', { gap: number(netGap, { digits: 2 }) });
  $('sm-metrics').textContent = t('softmax.metrics', { train: percent(s.train.accuracy), valid: percent(s.valid.accuracy) });
  renderPair(s);
}

function renderPair(s) {
  const g = s.gaps;
  for (const n of TWINS) ui.root.querySelector(`[data-acc="${n}"]`).textContent = t('softmax.accuracy', { acc: percent(s.accuracy[n]) });
  const gap = { sigmoid: g.sigmoid, sigmoidFastLast: g.fastLast };
  for (const [n, v] of Object.entries(gap)) {
    const el = ui.root.querySelector(`[data-gap="${n}"]`);
    el.dataset.value = String(v);
    el.textContent = t('softmax.gap', { gap: number(v, { digits: 2 }) });
  }
  const same = $('sm-same');
  Object.assign(same.dataset, { fastLast: g.fastLast, sigmoid: g.sigmoid, identity: g.identity, step: g.step });
  same.textContent = t('softmax.same', { steps: integer(g.step), grid: integer(s.grid), gap: number(g.fastLast, { digits: 2 }) });
  $('sm-why').textContent = t('softmax.why', { gap: number(g.sigmoid, { digits: 2 }) });
  $('sm-identity').textContent = t('softmax.identity', { gap: number(g.identity, { digits: 2 }) });
}

// ---- the classroom ----------------------------------------------------------------------------------

/**
 * The lesson (course notes week 3, §5): the field early and trained, the output layer's numbers
 * at one point early and trained, then C = 2 as logistic regression and its gaps far past the
 * target.
 */
export const lesson = [
  { query: 'at=100', say: 'softmax.lesson.1', focus: '.sm-field-col' },
  { query: '', say: 'softmax.lesson.2', focus: '.sm-field-col' },
  { query: 'at=20', say: 'softmax.lesson.3', focus: '#sm-point' },
  { query: 'at=1500', say: 'softmax.lesson.4', focus: '#sm-point' },
  { query: '', say: 'softmax.lesson.5', focus: '.sm-pair' },
  { query: 'at=4000', say: 'softmax.lesson.6', focus: '.sm-chart' },
];

/** Every chart, drawn by the engine into any canvas (the PNG export draws it at 2×). */
export function exportables() {
  if (!ui) return [];
  const draw = (fn) => (canvas) => ui.lab && fn(ui.lab, canvas);
  return [
    { id: 'field', title: t('softmax.three'), canvas: $('sm-field'), draw: draw((lab, c) => lab.renderField(c, RESOLUTION)) },
    ...TWINS.map((n) => ({
      id: `pair-${n}`,
      title: t(`softmax.net.${n}`),
      canvas: ui.root.querySelector(`canvas.sm-pair-field[data-twin="${n}"]`),
      draw: draw((lab, c) => lab.renderPairField(c, n, RESOLUTION)),
    })),
    { id: 'gaps', title: t('softmax.gaps-caption'), canvas: $('sm-gaps'), draw: draw((lab, c) => lab.renderGaps(c)) },
  ];
}

/**
 * The numbers behind the view: the chosen point's output layer (z, t, a, y, dz per class; its
 * loss in the JSON) and the C = 2 gap history.
 */
export function data() {
  if (!ui?.lab) return { tables: [], json: {} };
  const s = ui.lab.snapshot();
  const history = ui.lab.gapHistory();
  const p = s.point;
  return {
    tables: [
      { name: 'point', columns: ['class', 'z', 't', 'a', 'y', 'dz'], rows: p.classes.map((c, k) => [k, c.z, c.t, c.a, c.y, c.dz]) },
      { name: 'gaps', columns: ['step', 'sigmoid', 'fastLast', 'identity'], rows: history.map((g) => [g.step, g.sigmoid, g.fastLast, g.identity]) },
    ],
    json: {
      query: ui.lab.query(),
      steps: s.steps,
      point: {
        index: p.index, x0: p.x0, x1: p.x1, label: p.label, training: p.training, loss: p.loss,
        classes: p.classes.map(({ z, t: tk, a, y, dz }) => ({ z, t: tk, a, y, dz })),
      },
      gaps: history,
    },
  };
}
