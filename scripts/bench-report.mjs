// Combines the figures scripts/bench.sh collected in target/bench/ into one table:
//   native.json (examples/bench.rs --json), web.json (tests/e2e/bench.mjs),
//   page.json (tests/e2e/pageperf.mjs), caviar.json (tests/e2e/caviarperf.mjs),
//   load.tsv (load average per stage, from bench.sh)
// and prints it (Markdown) and writes target/bench/summary.md. Missing parts are left out.
//
//   node scripts/bench-report.mjs [--dir target/bench]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const di = args.indexOf('--dir');
const DIR = di >= 0 ? path.resolve(args[di + 1]) : path.join(ROOT, 'target', 'bench');

const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
  } catch {
    return null;
  }
};
const native = read('native.json');
const web = read('web.json');
const page = read('page.json');
const caviar = read('caviar.json');

const V = ['A', 'B', 'C'];
const VNAMES = { A: 'A: batch 10', B: 'B: batch 10 + BN', C: 'C: batch 64' };
const BATCH = { A: 10, B: 10, C: 64 };
// The peers' figures from the issue (one core, examples/s), for the ratios.
const JAX = { A: 2.2e6, B: 1.8e6, C: 9.4e6 };
const PEERS = [
  ['TensorFlow.js 4.22 wasm (SIMD), Node', { A: 22e3, B: 9e3, C: 118e3 }],
  ['TensorFlow.js 4.22 cpu, Node', { A: 25e3, B: 9e3, C: 92e3 }],
  ['PyTorch eager, CPU', { A: 81e3, B: 54e3, C: 486e3 }],
  ['NumPy, hand-written', { A: 418e3, B: 120e3, C: 2.1e6 }],
  ['JAX, one jitted lax.scan', JAX],
];

const human = (r) => (r == null || !Number.isFinite(r) ? '—'
  : r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : `${(r / 1e3).toFixed(r >= 1e5 ? 0 : 1)}k`);
const cell = (s) => (s ? `${human(s.median)} (${human(s.min)}–${human(s.max)})` : '—');
const ratio = (a, b) => (a && b ? `×${(a / b).toFixed(a / b >= 10 ? 0 : 2)}` : '—');
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const ms = (x) => (x == null || !Number.isFinite(x) ? '—' : `${Math.round(x)} ms`);

const out = [];
const p = (s = '') => out.push(s);
const row = (cells) => p(`| ${cells.join(' | ')} |`);

// ---- header: what, where, how busy -------------------------------------------------------------
let commit = '?';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  if (execSync('git status --porcelain --untracked-files=no', { cwd: ROOT }).toString().trim()) commit += ' + uncommitted changes';
} catch { /* not a checkout */ }
const cpu = os.cpus()[0]?.model ?? '?';
let load = [];
try {
  load = fs.readFileSync(path.join(DIR, 'load.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
} catch { /* bench.sh writes it */ }

p('# TuneLab benchmark');
p();
p(`${new Date().toISOString()} · commit ${commit} · ${cpu}, ${os.cpus().length} cores · ${web?.meta?.userAgent?.match(/Chrome\/[\d.]+/)?.[0] ?? ''} headless`);
if (load.length) {
  p();
  p('Machine load (1/5/15-min load average) at each stage — the machine is shared, so figures taken under load are low:');
  p();
  for (const [stage, when, avg] of load) p(`- ${stage} ${when}: ${avg.split(' ').slice(0, 3).join(' / ')}`);
}

// ---- speed --------------------------------------------------------------------------------------
p();
p('## Training speed: examples per second, one thread');
p();
const meta = web?.meta;
p(`Reference workload (src/bench.rs): 500 circle points (the ~250 training points feed the batches), 2 → 16 → 16 → 1 tanh, sigmoid + BCE, SGD α = 0.03. `
  + `Median of the runs (min–max). TuneLab: ${native?.steps ?? meta?.steps ?? 5000} steps per run`
  + `${native ? `; natively ${native.runs} runs after one warm-up run` : ''}`
  + `${meta ? `; in Chromium ${meta.runs} rounds (A B C interleaved) after ≥ ${meta.warmupMs} ms of warm-up calls` : ''}`
  + `${meta ? `. TF.js: ${meta.tfSteps} steps per run (examples/s is a rate), ${meta.tfRuns} rounds after one warm-up round, same browser session` : ''}.`);
p();
row(['engine', ...V.map((v) => VNAMES[v])]);
row(['---', ...V.map(() => '---:')]);
const eng = web?.engines ?? {};
if (native) row(['TuneLab native (cargo --release)', ...V.map((v) => cell(native.variants[v]))]);
if (eng.tunelab) row(['TuneLab wasm, headless Chromium', ...V.map((v) => cell(eng.tunelab.variants[v]))]);
const first = eng.tunelab?.firstCall;
if (first) {
  row(['(TuneLab wasm, the session\'s first call: V8 baseline code, before tier-up)', ...V.map((v) => (v === first.variant ? human(first.rate) : ''))]);
}
const tfNames = Object.keys(eng).filter((n) => n.startsWith('tfjs-'));
for (const n of tfNames) row([`${eng[n].label}, Chromium`, ...V.map((v) => cell(eng[n].variants[v]))]);
row(['JAX 0.10, jitted lax.scan (peer figure from the issue)', ...V.map((v) => human(JAX[v]))]);

/** Fastest TF.js style (loop / layers) per backend and variant. */
const bestTf = (backend) => Object.fromEntries(V.map((v) => {
  const cands = tfNames.filter((n) => eng[n].backend === backend && eng[n].variants[v])
    .map((n) => ({ n, s: eng[n].variants[v] }));
  cands.sort((a, b) => b.s.median - a.s.median);
  return [v, cands[0] ?? null];
}));
const tfCpu = bestTf('cpu');
const tfWasm = bestTf('wasm');
const tl = (v) => eng.tunelab?.variants[v]?.median;
const nat = (v) => native?.variants[v]?.median;

p();
row(['ratio', ...V.map((v) => VNAMES[v])]);
row(['---', ...V.map(() => '---:')]);
if (eng.tunelab) {
  if (tfNames.length) {
    row(['TuneLab wasm / TF.js cpu (faster of loop, layers)', ...V.map((v) => ratio(tl(v), tfCpu[v]?.s.median))]);
    row(['TuneLab wasm / TF.js wasm (faster of loop, layers)', ...V.map((v) => ratio(tl(v), tfWasm[v]?.s.median))]);
  }
  row(['TuneLab wasm / JAX', ...V.map((v) => ratio(tl(v), JAX[v]))]);
}
if (native) row(['TuneLab native / JAX', ...V.map((v) => ratio(nat(v), JAX[v]))]);
if (native && eng.tunelab) row(['TuneLab wasm / TuneLab native', ...V.map((v) => ratio(tl(v), nat(v)))]);

const goals = [];
for (const v of V) {
  if (eng.tunelab) goals.push(`${v} wasm ${tl(v) >= JAX[v] ? 'meets' : `is ${(100 * (1 - tl(v) / JAX[v])).toFixed(0)}% short of`} JAX`);
  if (native) goals.push(`${v} native ${nat(v) >= JAX[v] ? 'meets' : `is ${(100 * (1 - nat(v) / JAX[v])).toFixed(0)}% short of`} JAX`);
}
if (goals.length) {
  p();
  p(`Goal (≥ the JAX row): ${goals.join('; ')}.`);
}
// ---- roofline -----------------------------------------------------------------------------------
const roofRows = [];
if (native?.peakGflops) roofRows.push(['native (SSE)', native.peakGflops, native.variants, native.peakMemoryKiB ? `${(native.peakMemoryKiB / 1024).toFixed(1)} MiB resident (VmHWM)` : '—']);
if (eng.tunelab?.peakGflops) roofRows.push(['wasm SIMD128, Chromium', eng.tunelab.peakGflops, eng.tunelab.variants, eng.tunelab.memoryBytes ? `${(eng.tunelab.memoryBytes / 1048576).toFixed(1)} MiB wasm memory` : '—']);
if (roofRows.length) {
  p();
  p('## Roofline: achieved GFLOP/s as a share of the measured peak');
  p();
  p('Peak: a tight loop of f32x4 multiply-then-add on 12 independent accumulators (no FMA; src/bench.rs `peak_mul_add`), measured in the same process / browser session as the training. '
    + 'Achieved: examples/s ÷ batch × the FLOPs of one step, counted from the kernels (`FlopCount`: matrix products, BN, tanh/sigmoid and derivatives, loss, SGD; tanh = 23 operations).');
  p();
  row(['engine', 'peak GFLOP/s', ...V.map((v) => `${VNAMES[v]}: GFLOP/s (share)`), 'peak memory of a run']);
  row(['---', '---:', ...V.map(() => '---:'), '---']);
  const shares = [];
  for (const [name, peak, vars, mem] of roofRows) {
    row([name, peak.toFixed(2), ...V.map((v) => {
      const s = vars[v];
      if (!s?.flopsPerStep) return '—';
      const g = (s.median / BATCH[v]) * s.flopsPerStep / 1e9;
      shares.push(`${v} ${name.split(' ')[0]} ${(100 * g / peak).toFixed(0)} %`);
      return `${g.toFixed(2)} (${(100 * g / peak).toFixed(0)} %)`;
    }), mem]);
  }
  p();
  p(`FLOPs per step: ${V.map((v) => `${v} ${Math.round((native ?? {}).variants?.[v]?.flopsPerStep ?? eng.tunelab?.variants?.[v]?.flopsPerStep ?? 0)}`).join(', ')}. Goal ≥ 50 %: ${shares.join('; ')}.`);
}

if (tfNames.length) {
  const styles = V.map((v) => `${v}: cpu ${tfCpu[v]?.n.endsWith('-layers') ? 'layers' : 'loop'}, wasm ${tfWasm[v]?.n.endsWith('-layers') ? 'layers' : 'loop'}`);
  p();
  p(`TF.js is written two ways (www/js/bench.js): "loop" = tf.variables + optimizer.minimize in tf.tidy (BN by tf.moments); "layers" = tf.sequential + model.trainOnBatch (BN by tf.layers.batchNormalization). The ratios use the faster one (${styles.join('; ')}).`);
  const info = tfNames.map((n) => eng[n].info).find((i) => i?.backend === 'wasm');
  if (info) p(`TF.js wasm backend: SIMD ${info.simd ? 'on' : 'off'}, threads ${info.threads ? 'on' : 'off'}.`);
}
p();
p('Peer figures quoted in the issue (not measured here; Node/Python, one core):');
p();
row(['peer', ...V.map((v) => VNAMES[v])]);
row(['---', ...V.map(() => '---:')]);
for (const [name, f] of PEERS) row([name, ...V.map((v) => human(f[v]))]);

// ---- page ---------------------------------------------------------------------------------------
if (page?.sizes) {
  const s = page.sizes;
  p();
  p('## Shipped page code');
  p();
  p(`Every file of www/ the page can load (index.html, style.css, css/*.css, js/**/*.js, pkg/*.js, pkg/*.wasm; not the benchmark's bench.html, js/bench.js, vendor/), raw and gzip -9: all six views with the full engine. The ${kb(s.budgetGzip)} gzipped budget is for what a first visit loads before its first frame (the first view on its small engine pkg-first/, one language), checked by tests/e2e/budget.test.mjs.`);
  p();
  row(['part', 'raw', 'gzip -9']);
  row(['---', '---:', '---:']);
  for (const [g, t] of Object.entries(s.totals)) row([g, kb(t.raw), kb(t.gzip)]);
  row(['**total**', `**${kb(s.total.raw)}**`, `**${kb(s.total.gzip)}**`]);
  p();
  p('<details><summary>per file</summary>');
  p();
  row(['file', 'raw', 'gzip -9']);
  row(['---', '---:', '---:']);
  for (const f of s.files) row([f.file, kb(f.raw), kb(f.gzip)]);
  p();
  p('</details>');
}
if (page?.firstFrame) {
  const f = page.firstFrame;
  p();
  p('## First interactive frame (localhost)');
  p();
  p(`${f.definition}. Median of ${f.loads} loads (min–max), after one uncounted warm-up load:`);
  p();
  row(['milestone (from navigationStart)', 'median', 'min–max']);
  row(['---', '---:', '---:']);
  const r = (name, x) => x && row([name, ms(x.median), `${ms(x.min)}–${ms(x.max)}`]);
  r('DOMContentLoaded', f.domContentLoaded);
  r('wasm module instantiated', f.wasmInstantiated);
  r('first decision field drawn', f.fieldDrawn);
  r('**first interactive frame**', f.firstFrame);
  r('window.tunelabReady (page hook)', f.pageReadyHook);
}
if (page?.race) {
  const r = page.race;
  p();
  p('## Default grid-vs-random race, end to end');
  p();
  p(`${r.definition}; ${r.races} races, median (min–max):`);
  p();
  p(`- navigation → done: **${ms(r.navigationToDoneMs.median)}** (${ms(r.navigationToDoneMs.min)}–${ms(r.navigationToDoneMs.max)})`);
  p(`- race start → done (the page's data-race-ms): ${ms(r.raceMs.median)} (${ms(r.raceMs.min)}–${ms(r.raceMs.max)})`);
  if (r.repeatMs) p(`- "Repeat 200 times" (15,000 real trainings): **${ms(r.repeatMs.median)}** (${ms(r.repeatMs.min)}–${ms(r.repeatMs.max)}); ${(r.repeatWins ?? []).join(' ')}`);
  p(`- status: "${r.status[0]}"`);
}
if (caviar?.caviars) {
  p();
  p('## Caviar: many models at once, in the page\'s workers');
  p();
  p('The caviar view (/index.html?view=caviar&models=N: 2 → 16 → 16 → 1 BN on the spiral, α drawn on a log scale, 2,000 steps per model), a fresh page per run, median (min–max). Trainings per second: models ÷ the time from the start to the last model trained (the panda comparison that follows is not counted). Frame rate: animation frames of the curve view while the models trained.');
  p();
  row(['models', 'trainings / s', 'updates / s', 'models trained in', 'frame rate', 'curve redraw', 'estimate shown / whole run']);
  row(['---', '---:', '---:', '---:', '---:', '---:', '---:']);
  const f = (s, d = 1, unit = '') => `${s.median.toFixed(d)}${unit} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;
  for (const c of Object.values(caviar.caviars)) {
    row([c.models, f(c.trainingsPerS), human(c.updatesPerS.median), ms(c.modelsMs.median), f(c.fps, 0, ' fps'),
      `${c.drawMs.median.toFixed(1)} ms`, `${c.estimateS.median.toFixed(1)} s / ${(c.caviarMs.median / 1000).toFixed(1)} s`]);
  }
}
if (caviar?.maps) {
  const m = caviar.maps.ms;
  p();
  p('## The batch-norm lab\'s sensitivity maps');
  p();
  p(`At the defaults (/index.html?view=bnlab: every cell a real training without and with BN, in the page's worker pool), a fresh page per run: **${ms(m.median)}** (${ms(m.min)}–${ms(m.max)}) from their start to the last cell. The page said: "${caviar.maps.status}"`);
}

const text = out.join('\n') + '\n';
fs.mkdirSync(DIR, { recursive: true });
fs.writeFileSync(path.join(DIR, 'summary.md'), text);
process.stdout.write(text);
console.error(`wrote ${path.relative(ROOT, path.join(DIR, 'summary.md'))}`);
