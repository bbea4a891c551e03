// "Right scale" (course notes week 3, §2): N learning rates in [0.0001, 1] drawn uniformly and as
// 10^r with r = -4 * rand(), and N momenta in [0.9, 0.999] drawn uniformly and as 1 − 10^r;
// histograms on a linear and a log axis, and the share of each decade.
//
// URL keys: `samples` (N, default 1000) and `sampleSeed` (default 1). Drawing N ≤ 100 000
// samples and binning them takes a few milliseconds, so this view computes on the main thread.
import * as wasm from '../../pkg/tunelab.js';
import { guard } from '../errors.js';
import { fitCanvas } from '../dom.js';
import { integer, number, percent } from '../format.js';

const SIZES = [100, 1000, 10000, 100000];
const MAX_SAMPLES = 100000;

let ui = null;

const html = String.raw;

function section(param) {
  const lr = param === 'lr';
  return html`
  <section class="sc-section" data-param="${param}" aria-labelledby="sc-${param}-title">
    <h3 id="sc-${param}-title">${lr ? 'Learning rate α in [0.0001, 1]' : 'Momentum β in [0.9, 0.999]'}</h3>
    <div class="sc-code">
      <div class="sc-code-row" data-series="1"><span class="rc-swatch" data-series="1"></span>
        <span>uniform in value:</span> <code>${lr ? 'α = 0.0001 + (1 − 0.0001) * rand()' : 'β = 0.9 + (0.999 − 0.9) * rand()'}</code></div>
      <div class="sc-code-row" data-series="2"><span class="rc-swatch" data-series="2"></span>
        <span>on the right scale:</span> <code>${lr ? 'r = -4 * rand();  α = 10^r' : 'r = -1 - 2 * rand();  β = 1 − 10^r'}</code></div>
    </div>
    <div class="sc-body">
      <div class="sc-grid">
        <div></div><div class="sc-col-head">linear axis</div><div class="sc-col-head">log axis</div>
        <div class="sc-row-head">uniform</div>
        <canvas class="sc-hist" data-sampler="uniform" data-log="0" role="img" aria-label="Histogram of uniform samples on a linear axis"></canvas>
        <canvas class="sc-hist" data-sampler="uniform" data-log="1" role="img" aria-label="Histogram of uniform samples on a log axis"></canvas>
        <div class="sc-row-head">right scale</div>
        <canvas class="sc-hist" data-sampler="scale" data-log="0" role="img" aria-label="Histogram of samples on the right scale, linear axis"></canvas>
        <canvas class="sc-hist" data-sampler="scale" data-log="1" role="img" aria-label="Histogram of samples on the right scale, log axis"></canvas>
      </div>
      <div class="sc-side">
        <table class="sc-shares">
          <caption>Share of the samples in each decade</caption>
          <thead><tr><th scope="col">${lr ? 'decade of α' : 'β (decade of 1 − β)'}</th>${lr ? '' : '<th scope="col">window ≈ 1/(1 − β)</th>'}<th scope="col">uniform</th><th scope="col">right scale</th></tr></thead>
          <tbody></tbody>
        </table>
        <p class="sc-explain">${lr
    ? 'Uniform sampling spends about 90% of the trials in [0.1, 1] and only 10% on the three decades below, where the good learning rates usually are: going from 0.001 to 0.002 matters far more than from 0.9001 to 0.9002. Sampling the exponent r gives each decade the same share.'
    : 'What matters is 1 − β: an exponentially weighted average spans about 1/(1 − β) values. 0.9 → 0.9005 barely changes it (about 10), while 0.999 → 0.9995 doubles it (1000 → 2000). Uniform sampling puts about 91% of the trials in [0.9, 0.99]; sampling 1 − β on a log scale splits them evenly.'}</p>
      </div>
    </div>
  </section>`;
}

function markup() {
  return html`
  <div class="scale-view">
    <header class="rc-head">
      <h2>Picking the right scale</h2>
      <p class="rc-lede">Random search only helps if the random values land where they matter. For some
        hyperparameters uniform sampling is right (hidden units in 50…100, layers in 2…4). For the learning
        rate and momentum it wastes most trials.</p>
    </header>
    <form class="sc-controls" autocomplete="off" novalidate aria-label="Sampling settings">
      <span class="label" id="sc-n-label">Samples N</span>
      <div class="segmented segmented-small" role="radiogroup" aria-labelledby="sc-n-label">
        ${SIZES.map((n) => `<input type="radio" id="sc-n-${n}" name="sc-n" value="${n}"><label for="sc-n-${n}">${integer(n)}</label>`).join('')}
      </div>
      <button type="button" class="btn btn-small" id="sc-resample">Draw again</button>
      <p class="rc-error" data-error-for="samples" role="alert" hidden></p>
    </form>
    ${section('lr')}
    ${section('beta')}
  </div>`;
}

export function mount(root, state) {
  root.innerHTML = markup();
  ui = { root, state, samples: new Map(), resize: null, frame: 0 };
  for (const r of root.querySelectorAll('input[name="sc-n"]')) {
    r.addEventListener('change', () => {
      state.set({ samples: r.value === '1000' ? null : r.value });
      redraw(true);
    });
  }
  root.querySelector('#sc-resample').addEventListener('click', () => {
    const seed = Number(state.get('sampleSeed') ?? '1') + 1;
    state.set({ sampleSeed: String(seed) });
    redraw(true);
  });
  ui.resize = new ResizeObserver(() => {
    cancelAnimationFrame(ui.frame);
    ui.frame = requestAnimationFrame(() => redraw(false));
  });
  for (const c of root.querySelectorAll('canvas')) ui.resize.observe(c);
  redraw(true);
}

export function unmount() {
  if (!ui) return;
  ui.resize?.disconnect();
  cancelAnimationFrame(ui.frame);
  for (const s of ui.samples.values()) s.free();
  ui.root.replaceChildren();
  ui = null;
}

function settings() {
  const errBox = ui.root.querySelector('[data-error-for="samples"]');
  errBox.hidden = true;
  const raw = ui.state.get('samples') ?? '1000';
  const n = Number(raw);
  let seed = Number(ui.state.get('sampleSeed') ?? '1');
  if (!Number.isInteger(seed) || seed < 0) seed = 1;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLES) {
    errBox.textContent = `samples: use a whole number from 1 to ${integer(MAX_SAMPLES)}, got '${raw}'; showing ${integer(1000)}.`;
    errBox.hidden = false;
    return { n: 1000, seed };
  }
  return { n, seed };
}

function redraw(resample) {
  if (!ui) return;
  guard(() => {
    const { n, seed } = settings();
    for (const r of ui.root.querySelectorAll('input[name="sc-n"]')) r.checked = Number(r.value) === n;
    for (const param of ['lr', 'beta']) {
      if (resample || !ui.samples.has(param)) {
        ui.samples.get(param)?.free();
        ui.samples.set(param, wasm.ScaleSamples.draw(param, n, seed));
      }
      drawSection(param, n);
    }
    ui.root.querySelector('.scale-view').dataset.ready = 'true';
  }, 'drawing the samples');
}

function drawSection(param, n) {
  const s = ui.samples.get(param);
  const sec = ui.root.querySelector(`.sc-section[data-param="${param}"]`);
  for (const c of sec.querySelectorAll('canvas')) {
    fitCanvas(c);
    if (!c.width || !c.height) continue;
    s.renderHistogram(c, c.dataset.sampler, c.dataset.log === '1', param === 'lr' ? 20 : 20);
  }
  const uni = s.decadeShares('uniform');
  const sca = s.decadeShares('scale');
  const ends = s.decades();
  const win = s.windows();
  const body = sec.querySelector('tbody');
  body.replaceChildren();
  for (let k = uni.length - 1; k >= 0; k--) {
    const tr = document.createElement('tr');
    tr.dataset.decade = String(k);
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = `${number(ends[2 * k])} – ${number(ends[2 * k + 1])}`;
    tr.append(th);
    if (param === 'beta') {
      const td = document.createElement('td');
      td.textContent = `${number(win[2 * k])} – ${number(win[2 * k + 1])}`;
      tr.append(td);
    }
    for (const [v, cls, series] of [[uni[k], 'share-uniform', 1], [sca[k], 'share-scale', 2]]) {
      const td = document.createElement('td');
      td.className = cls;
      td.dataset.share = String(v);
      const bar = document.createElement('span');
      bar.className = 'sc-bar';
      bar.dataset.series = String(series);
      bar.style.width = `${Math.round(100 * v)}%`;
      const text = document.createElement('span');
      text.className = 'sc-share-text';
      text.textContent = percent(v);
      td.append(bar, text);
      tr.append(td);
    }
    body.append(tr);
  }
  sec.querySelector('caption').textContent = `Share of the ${integer(n)} samples in each decade`;
}
