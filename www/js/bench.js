// The browser half of the benchmark (www/bench.html; run by scripts/bench.sh through
// tests/e2e/bench.mjs). Not loaded by the page itself.
//
// Times the reference workload (src/bench.rs) on one thread:
//   * TuneLab: the wasm engine's `benchExamplesPerSecond(batch, batchNorm, steps)`;
//   * TensorFlow.js 4.22 (cpu and wasm backends) on the same workload, written as a TF.js user
//     would: a plain training loop of `optimizer.minimize` over tf.variables ("loop"), and/or a
//     tf.layers model stepped with `model.trainOnBatch` ("layers").
// Runs are interleaved across the variants (A B C A B C …) so that a transient load on a shared
// machine hits every variant alike. TuneLab: one first ("cold") call, then round-robin
// warm-up calls for at least `warmupMs` (V8 first runs wasm in its baseline compiler, Liftoff,
// and swaps in optimized TurboFan code for later calls — a call that started in Liftoff code
// stays in it), then `runs` timed rounds. TF.js: one warm-up run per variant, then `tfRuns`
// rounds. The page publishes
//   window.benchResults = { meta, engines: { NAME: { label, steps, variants: { A|B|C:
//     { median, min, max, runs: [examples/s …] } } } } }
// (TuneLab adds `firstCall`: the session's first call, before V8 tiers up; the roofline
// `peakGflops` — the best of 7 timings of an f32x4 multiply-add loop in wasm SIMD128, after the
// training runs so that V8 has tiered up — with each variant's exact `flopsPerStep`; and
// `memoryBytes`, the wasm memory after the runs) or window.benchError.
//
// URL options: runs (9: TuneLab rounds), tfRuns (7), steps (5000: TuneLab), tfSteps (500: TF.js;
// examples/s is a rate), warmupMs (1500), engines (tunelab,tfjs-cpu,tfjs-wasm),
// tfStyle (loop,layers), variants (A,B,C).
import init, { benchExamplesPerSecond, benchFlopsPerStep, benchMemoryBytes, benchPeakGflops } from '../pkg/tunelab.js';

const VARIANTS = {
  A: { name: 'A: batch 10', batch: 10, bn: false },
  B: { name: 'B: batch 10 + BN', batch: 10, bn: true },
  C: { name: 'C: batch 64', batch: 64, bn: false },
};
const LR = 0.03;
const POINTS = 500; // half train, half validation, like TuneLab's Dataset
const BN_EPS = 1e-5;
const BN_MOMENTUM = 0.1; // PyTorch convention, as in TuneLab (TF.js layers: momentum 0.9)
const TFJS_DIR = 'vendor/tfjs/'; // copied from bench/node_modules by tests/e2e/vendor.mjs

const q = new URLSearchParams(location.search);
const RUNS = Math.max(1, Number(q.get('runs') ?? 9));
const TF_RUNS = Math.max(1, Number(q.get('tfRuns') ?? 7));
const WARMUP_MS = Math.max(0, Number(q.get('warmupMs') ?? 1500));
const STEPS = Math.max(1, Number(q.get('steps') ?? 5000));
const TF_STEPS = Math.max(1, Number(q.get('tfSteps') ?? 500));
const ENGINES = (q.get('engines') ?? 'tunelab,tfjs-cpu,tfjs-wasm').split(',').filter(Boolean);
const TF_STYLES = (q.get('tfStyle') ?? 'loop,layers').split(',').filter(Boolean);
const WANT = (q.get('variants') ?? 'A,B,C').split(',').filter((v) => v in VARIANTS);

const status = (text) => {
  document.getElementById('status').textContent = text;
};
const idle = () => new Promise((r) => setTimeout(r, 0));

function summarize(runs) {
  const s = [...runs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs };
}

/**
 * Round-robin over the variants: warm-up rounds (at least `warmupRounds`, and for at least
 * `warmupMs`), then `runs` timed rounds.
 * `once(v)` returns examples per second (or a promise of it).
 */
async function measure(label, once, { runs, warmupRounds = 1, warmupMs = 0 }) {
  const t0 = performance.now();
  for (let round = 0; round < warmupRounds || performance.now() - t0 < warmupMs; round++) {
    for (const v of WANT) {
      status(`${label} ${v}: warm-up`);
      await idle();
      await once(v);
    }
  }
  const rates = Object.fromEntries(WANT.map((v) => [v, []]));
  for (let i = 0; i < runs; i++) {
    for (const v of WANT) {
      status(`${label} ${v}: run ${i + 1}/${runs}`);
      await idle();
      rates[v].push(await once(v));
    }
  }
  return Object.fromEntries(WANT.map((v) => [v, summarize(rates[v])]));
}

// ---- TuneLab ------------------------------------------------------------------------------------

async function benchTunelab() {
  const run = (v) => benchExamplesPerSecond(VARIANTS[v].batch, VARIANTS[v].bn, STEPS);
  // The session's very first call, in V8's baseline (Liftoff) code: what a page sees first.
  const first = { variant: WANT[0], rate: run(WANT[0]) };
  const variants = await measure('TuneLab', run, { runs: RUNS, warmupRounds: 3, warmupMs: WARMUP_MS });
  for (const v of Object.keys(variants)) variants[v].flopsPerStep = benchFlopsPerStep(VARIANTS[v].batch, VARIANTS[v].bn);
  status('TuneLab: the f32x4 multiply-add peak');
  await idle();
  benchPeakGflops(2_000_000); // warm-up (tier-up)
  let peakGflops = 0;
  for (let i = 0; i < 7; i++) {
    peakGflops = Math.max(peakGflops, benchPeakGflops(20_000_000));
    await idle();
  }
  return {
    label: 'TuneLab (wasm, this page)', steps: STEPS, warmupMs: WARMUP_MS, firstCall: first, variants,
    peakGflops, memoryBytes: benchMemoryBytes(),
  };
}

// ---- TensorFlow.js ------------------------------------------------------------------------------

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src} (did tests/e2e/vendor.mjs copy TF.js into www/vendor/?)`));
    document.head.append(s);
  });
}

let tfLoaded = null;
function loadTf() {
  tfLoaded ??= (async () => {
    // UMD bundles that share the global `tf` (what the @tensorflow/tfjs umbrella bundles, less
    // webgl/converter/data).
    for (const f of ['tf-core', 'tf-backend-cpu', 'tf-layers', 'tf-backend-wasm']) {
      await loadScript(`${TFJS_DIR}${f}.es2017.min.js`);
    }
    const tf = window.tf;
    tf.wasm.setWasmPaths(new URL(TFJS_DIR, location.href).href);
    // One thread, like everything else here (the page is not cross-origin isolated anyway).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return tf;
  })();
  return tfLoaded;
}

/** Seeded PRNG (mulberry32) and a standard normal, for the data. */
function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return u;
}

/** TuneLab's circle dataset (src/data.rs): class 0 a disc r < 0.45, class 1 a ring 0.65–0.95. */
function circleTrainingSet() {
  const u = rng(1);
  const n = POINTS >> 1; // the training half
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i & 1;
    const r = cls === 0 ? 0.45 * u() : 0.65 + 0.3 * u();
    const t = 2 * Math.PI * u();
    x[2 * i] = r * Math.cos(t) + 0.03 * (u() - 0.5);
    x[2 * i + 1] = r * Math.sin(t) + 0.03 * (u() - 0.5);
    y[i] = cls;
  }
  return { x, y, n };
}

/** Mini-batch order like TuneLab's trainer: shuffle once per epoch, drop the ragged tail. */
function batchOrder(n, batch, seed) {
  const u = rng(seed);
  const order = new Int32Array(n).map((_, i) => i);
  let cursor = n;
  return () => {
    if (cursor + batch > n) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(u() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      cursor = 0;
    }
    const idx = order.subarray(cursor, cursor + batch);
    cursor += batch;
    return idx;
  };
}

let lastAccuracy = NaN; // training accuracy after the last "loop" run

/**
 * "loop": tf.variables, a forward function, `optimizer.minimize` (tf.variableGrads under the
 * hood) inside tf.tidy — the plain custom training loop of the TF.js guide. BN is written out
 * with tf.moments (training-mode batch statistics) and running averages updated by assign.
 */
function tfLoopRun(tf, { batch, bn }, steps) {
  const data = circleTrainingSet();
  const X = tf.tensor2d(data.x, [data.n, 2]);
  const Y = tf.tensor2d(data.y, [data.n, 1]);
  const next = batchOrder(data.n, batch, 7);
  const variable = (init, trainable = true) => {
    const v = tf.variable(init, trainable);
    init.dispose();
    return v;
  };
  const he = (fanIn, units) => variable(tf.randomNormal([fanIn, units], 0, Math.sqrt(2 / fanIn), 'float32', 1));
  const vec = (n, v, trainable = true) => variable(tf.fill([n], v), trainable);
  const layers = [[2, 16], [16, 16]].map(([fi, u]) => ({
    W: he(fi, u),
    b: bn ? null : vec(u, 0),
    gamma: bn ? vec(u, 1) : null,
    beta: bn ? vec(u, 0) : null,
    rm: bn ? vec(u, 0, false) : null,
    rv: bn ? vec(u, 1, false) : null,
  }));
  const Wo = he(16, 1);
  const bo = vec(1, 0);
  const opt = tf.train.sgd(LR);
  const trainable = [...layers.flatMap((l) => (bn ? [l.W, l.gamma, l.beta] : [l.W, l.b])), Wo, bo];
  const unbias = batch / (batch - 1);

  const loss = (xb, yb) => {
    let a = xb;
    for (const l of layers) {
      let z = tf.matMul(a, l.W);
      if (bn) {
        const { mean, variance } = tf.moments(z, 0);
        z = tf.add(tf.mul(tf.mul(tf.sub(z, mean), tf.rsqrt(tf.add(variance, BN_EPS))), l.gamma), l.beta);
        l.rm.assign(tf.add(tf.mul(l.rm, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
        l.rv.assign(tf.add(tf.mul(l.rv, 1 - BN_MOMENTUM), tf.mul(variance, BN_MOMENTUM * unbias)));
      } else {
        z = tf.add(z, l.b);
      }
      a = tf.tanh(z);
    }
    const logits = tf.add(tf.matMul(a, Wo), bo);
    return tf.losses.sigmoidCrossEntropy(yb, logits);
  };

  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const idx = next();
    tf.tidy(() => {
      const i = tf.tensor1d(idx, 'int32');
      const xb = tf.gather(X, i);
      const yb = tf.gather(Y, i);
      opt.minimize(() => loss(xb, yb), false, trainable);
    });
  }
  Wo.dataSync(); // everything has run (cpu and wasm are synchronous; cheap either way)
  const secs = (performance.now() - t0) / 1000;
  const finite = Number.isFinite(Wo.dataSync()[0]);
  // Not timed: the training-set accuracy, to show the loop really trains (BN: batch statistics).
  lastAccuracy = tf.tidy(() => {
    let a = X;
    for (const l of layers) {
      let z = tf.matMul(a, l.W);
      if (bn) {
        const { mean, variance } = tf.moments(z, 0);
        z = tf.add(tf.mul(tf.mul(tf.sub(z, mean), tf.rsqrt(tf.add(variance, BN_EPS))), l.gamma), l.beta);
      } else {
        z = tf.add(z, l.b);
      }
      a = tf.tanh(z);
    }
    const pred = tf.greater(tf.add(tf.matMul(a, Wo), bo), 0);
    return tf.mean(tf.cast(tf.equal(pred, tf.cast(Y, 'bool')), 'float32')).dataSync()[0];
  });
  tf.dispose([X, Y, Wo, bo, ...layers.flatMap((l) => Object.values(l).filter(Boolean))]);
  opt.dispose();
  if (!finite) throw new Error('TF.js loop run diverged');
  return (steps * batch) / secs;
}

/** "layers": a tf.sequential model compiled with SGD and binaryCrossentropy, model.trainOnBatch. */
async function tfLayersRun(tf, { batch, bn }, steps) {
  const data = circleTrainingSet();
  const X = tf.tensor2d(data.x, [data.n, 2]);
  const Y = tf.tensor2d(data.y, [data.n, 1]);
  const next = batchOrder(data.n, batch, 7);
  const model = tf.sequential();
  for (const [i, units] of [16, 16].entries()) {
    model.add(tf.layers.dense({
      units,
      useBias: !bn,
      kernelInitializer: 'heNormal',
      ...(i === 0 ? { inputShape: [2] } : {}),
    }));
    if (bn) model.add(tf.layers.batchNormalization({ momentum: 1 - BN_MOMENTUM, epsilon: BN_EPS }));
    model.add(tf.layers.activation({ activation: 'tanh' }));
  }
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: 'heNormal' }));
  model.compile({ optimizer: tf.train.sgd(LR), loss: 'binaryCrossentropy' });
  const t0 = performance.now();
  let last = 0;
  for (let s = 0; s < steps; s++) {
    const idx = next();
    const [xb, yb] = tf.tidy(() => {
      const i = tf.tensor1d(idx, 'int32');
      return [tf.gather(X, i), tf.gather(Y, i)];
    });
    last = await model.trainOnBatch(xb, yb);
    tf.dispose([xb, yb]);
  }
  const secs = (performance.now() - t0) / 1000;
  const optimizer = model.optimizer;
  model.dispose();
  optimizer.dispose();
  tf.dispose([X, Y]);
  if (!Number.isFinite(last)) throw new Error('TF.js layers run diverged');
  return (steps * batch) / secs;
}

async function benchTf(backend) {
  const tf = await loadTf();
  status(`TF.js: starting the ${backend} backend`);
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to initialize`);
  await tf.ready();
  const out = {};
  const info = { backend: tf.getBackend(), version: tf.version_core };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  }
  for (const style of TF_STYLES) {
    const tensorsBefore = tf.memory().numTensors;
    const once = style === 'loop'
      ? (v) => tfLoopRun(tf, VARIANTS[v], TF_STEPS)
      : (v) => tfLayersRun(tf, VARIANTS[v], TF_STEPS);
    const accuracy = {};
    const variants = await measure(`TF.js ${backend} (${style})`, async (v) => {
      const rate = await once(v);
      accuracy[v] = lastAccuracy;
      return rate;
    }, { runs: TF_RUNS });
    const leaked = tf.memory().numTensors - tensorsBefore;
    const name = style === 'loop' ? `tfjs-${backend}` : `tfjs-${backend}-layers`;
    out[name] = {
      label: `TF.js ${info.version} ${backend}${info.simd ? ' (SIMD)' : ''}, ${style === 'loop' ? 'optimizer.minimize loop' : 'tf.layers trainOnBatch'}`,
      backend,
      style,
      steps: TF_STEPS,
      runs: TF_RUNS,
      info: { ...info, leakedTensors: leaked, ...(style === 'loop' ? { trainAccuracyAfterRun: accuracy } : {}) },
      variants,
    };
  }
  return out;
}

// ---- Page -----------------------------------------------------------------------------------------

const fmt = (r) => (r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : `${(r / 1e3).toFixed(0)}k`);

function show(results) {
  const table = document.getElementById('results');
  const body = table.querySelector('tbody');
  body.replaceChildren();
  for (const [name, e] of Object.entries(results.engines)) {
    const tr = document.createElement('tr');
    const cells = [e.label ?? name, ...['A', 'B', 'C'].map((v) => {
      const s = e.variants[v];
      return s ? `${fmt(s.median)} (${fmt(s.min)} – ${fmt(s.max)})` : '—';
    })];
    for (const c of cells) tr.append(Object.assign(document.createElement('td'), { textContent: c }));
    body.append(tr);
  }
  table.hidden = false;
  document.getElementById('meta').textContent = JSON.stringify(results.meta, null, 2);
}

async function main() {
  const t0 = performance.now();
  await init();
  const results = {
    meta: {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      runs: RUNS,
      tfRuns: TF_RUNS,
      warmupMs: WARMUP_MS,
      steps: STEPS,
      tfSteps: TF_STEPS,
      variants: Object.fromEntries(WANT.map((v) => [v, VARIANTS[v]])),
      startedAt: new Date().toISOString(),
    },
    engines: {},
  };
  for (const engine of ENGINES) {
    if (engine === 'tunelab') results.engines.tunelab = await benchTunelab();
    else if (engine === 'tfjs-cpu') Object.assign(results.engines, await benchTf('cpu'));
    else if (engine === 'tfjs-wasm') Object.assign(results.engines, await benchTf('wasm'));
    else throw new Error(`unknown engine ${engine}`);
    show(results);
  }
  results.meta.seconds = (performance.now() - t0) / 1000;
  show(results);
  status(`done in ${results.meta.seconds.toFixed(1)} s`);
  window.benchResults = results;
}

main().catch((err) => {
  console.error(err);
  status(`failed: ${err?.message ?? err}`);
  window.benchError = String(err?.stack ?? err);
});
