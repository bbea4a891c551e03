// Page-level figures for scripts/bench.sh (not a node:test file):
//
//   1. size of the shipped page code: every file of www/ the page can load — index.html,
//      favicon.svg, style.css, css/*.css, js/**/*.js, pkg/*.js, pkg/*.wasm — raw and gzip -9 (zlib level 9),
//      (the 300 KB gzipped budget is a first visit's, see budget.test.mjs). The benchmark's own files
//      (bench.html, js/bench.js, vendor/) are not part of the page and are left out.
//   2. first interactive frame on localhost: milliseconds from navigationStart
//      (performance.timeOrigin) to the first requestAnimationFrame callback after the wasm
//      module is instantiated and the first decision field is drawn onto #p-field (the default
//      "Train one model" view; play/step are enabled by then). Measured from outside the page:
//      an init script wraps WebAssembly.instantiate{,Streaming} and
//      CanvasRenderingContext2D.prototype.putImageData (the field is an RGBA putImageData from
//      Rust). Each load is a fresh browser context; the server sends Cache-Control: no-store.
//      The page's own mark is recorded too: `window.tunelabReady`, the performance.now() at
//      which the "Train one model" view drew its first field (www/js/views/panda.js).
//   3. the default grid-vs-random race end to end: /index.html?view=race, from navigation to
//      `.race[data-race-state="done"]` (all 75 trials and the 32 × 32 landscape, trained in the
//      page's Web Workers), plus the page's own `data-race-ms` (race start → done), then
//      "Repeat 200 times" (15,000 real trainings; the page's `data-repeat-ms`) and its verdict.
//
//   node tests/e2e/pageperf.mjs [--out FILE] [--loads 5] [--races 3] [--skip sizes,frame,race]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startStaticServer, REPO_ROOT, WWW_ROOT } from './server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const OUT = opt('--out', path.join(REPO_ROOT, 'target', 'bench', 'page.json'));
const LOADS = Number(opt('--loads', 5));
const RACES = Number(opt('--races', 3));
const SKIP = new Set(opt('--skip', '').split(',').filter(Boolean));
const BUDGET_GZIP = 300_000; // bytes (300 kB)
const RACE_DONE = '.race[data-race-state="done"]';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

// ---- 1. sizes ---------------------------------------------------------------------------------------

const BENCH_ONLY = new Set(['bench.html', 'js/bench.js']);

function walk(dir, rel = '') {
  const out = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...walk(path.join(dir, ent.name), r));
    else out.push(r);
  }
  return out;
}

function shippedFiles() {
  const files = walk(WWW_ROOT).filter((f) => {
    if (BENCH_ONLY.has(f) || f.startsWith('vendor/')) return false;
    if (f === 'index.html' || f === 'favicon.svg') return true;
    if (/^(style\.css|css\/.*\.css)$/.test(f)) return true;
    if (/^js\/.*\.js$/.test(f)) return true;
    return /^pkg\/[^/]*\.(js|wasm)$/.test(f);
  });
  return files.sort();
}

function sizes() {
  const files = shippedFiles().map((f) => {
    const buf = fs.readFileSync(path.join(WWW_ROOT, f));
    return { file: f, raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  });
  const sum = (pred, k) => files.filter(pred).reduce((n, f) => n + f[k], 0);
  const groups = {
    wasm: (f) => f.file.endsWith('.wasm'),
    'pkg js': (f) => /^pkg\/.*\.js$/.test(f.file),
    'page js': (f) => /^js\//.test(f.file),
    css: (f) => f.file.endsWith('.css'),
    html: (f) => f.file.endsWith('.html'),
    icon: (f) => f.file.endsWith('.svg'),
  };
  const totals = Object.fromEntries(Object.entries(groups).map(([g, p]) => [g, { raw: sum(p, 'raw'), gzip: sum(p, 'gzip') }]));
  const total = { raw: sum(() => true, 'raw'), gzip: sum(() => true, 'gzip') };
  return { files, totals, total, budgetGzip: BUDGET_GZIP, withinBudget: total.gzip <= BUDGET_GZIP };
}

// ---- browser helpers --------------------------------------------------------------------------------

// Runs in the page before any of its scripts.
function instrument() {
  const t = (window.__perf = { wasm: null, field: null, frame: null, raceDone: null, errors: [] });
  const wrap = (name) => {
    const orig = WebAssembly[name];
    if (!orig) return;
    WebAssembly[name] = function (...a) {
      return orig.apply(this, a).then((r) => {
        if (t.wasm === null) t.wasm = performance.now();
        return r;
      });
    };
  };
  wrap('instantiateStreaming');
  wrap('instantiate');
  const put = CanvasRenderingContext2D.prototype.putImageData;
  CanvasRenderingContext2D.prototype.putImageData = function (...a) {
    const r = put.apply(this, a);
    if (t.field === null && this.canvas && this.canvas.id === 'p-field') {
      t.field = performance.now();
      requestAnimationFrame(() => {
        t.frame = performance.now();
      });
    }
    return r;
  };
  new MutationObserver((records) => {
    for (const rec of records) {
      if (t.raceDone === null && rec.target.dataset?.raceState === 'done') t.raceDone = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-race-state'] });
  window.addEventListener('error', (e) => t.errors.push(String(e.message)));
}

async function withBrowser(fn) {
  const server = await startStaticServer({ root: WWW_ROOT });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
  try {
    return await fn(server, browser);
  } finally {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
  }
}

async function load(browser, url, waitFn, timeout) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(instrument);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(url, { waitUntil: 'load', timeout });
    await waitFn(page);
    const perf = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        ...window.__perf,
        ready: typeof window.tunelabReady === 'number' ? window.tunelabReady : null,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
        load: nav?.loadEventEnd ?? null,
        responseEnd: nav?.responseEnd ?? null,
        raceMs: Number(document.querySelector('.race')?.dataset.raceMs ?? NaN),
        raceStatus: document.querySelector('#rc-status')?.textContent ?? null,
        repeatMs: Number(document.querySelector('.race')?.dataset.repeatMs ?? NaN),
        repeatWins: [...document.querySelectorAll('.rc-won')].map((e) => e.textContent),
      };
    });
    return { ...perf, errors: [...errors, ...perf.errors] };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---- 2. first interactive frame ---------------------------------------------------------------------

async function firstFrame(server, browser) {
  const runs = [];
  for (let i = 0; i <= LOADS; i++) {
    const r = await load(browser, server.url('/index.html'), (page) =>
      page.waitForFunction(() => window.__perf.frame !== null, null, { timeout: 60_000, polling: 50 }), 60_000);
    if (typeof r.ready !== 'number') r.errors.push('window.tunelabReady was not set (views/panda.js drawField)');
    if (i > 0) runs.push(r); // the first load warms the browser process up and is not counted
  }
  const pick = (k) => runs.map((r) => r[k]).filter((v) => typeof v === 'number');
  return {
    definition: 'ms from navigationStart to the first requestAnimationFrame callback after the first decision field is put onto #p-field (wasm instantiated before that); default view, localhost, fresh context per load, no HTTP cache',
    loads: runs.length,
    firstFrame: stats(pick('frame')),
    wasmInstantiated: stats(pick('wasm')),
    fieldDrawn: stats(pick('field')),
    domContentLoaded: stats(pick('domContentLoaded')),
    pageReadyHook: stats(pick('ready')),
    errors: runs.flatMap((r) => r.errors),
  };
}

// ---- 3. the default race ------------------------------------------------------------------------------

async function race(server, browser) {
  const runs = [];
  for (let i = 0; i < RACES; i++) {
    runs.push(await load(browser, server.url('/index.html?view=race'), async (page) => {
      await page.waitForSelector(RACE_DONE, { timeout: 300_000 });
      // "Repeat 200 times": 200 fair repeats × 3 strategies × 25 real trainings.
      await page.click('#rc-repeat');
      await page.waitForSelector('.race[data-repeats]', { timeout: 600_000 });
    }, 600_000));
  }
  return {
    definition: 'default grid-vs-random race (/index.html?view=race: 3 searches × 25 trials + the 32 × 32 landscape, in the page\'s worker pool), then "Repeat 200 times" (15,000 real trainings), fresh page each time',
    races: runs.length,
    navigationToDoneMs: stats(runs.map((r) => r.raceDone)),
    raceMs: stats(runs.map((r) => r.raceMs)),
    repeatMs: stats(runs.map((r) => r.repeatMs)),
    repeatWins: runs[0]?.repeatWins ?? [],
    status: runs.map((r) => r.raceStatus),
    errors: runs.flatMap((r) => r.errors),
  };
}

// ---- main -----------------------------------------------------------------------------------------------

const result = { loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim() };
if (!SKIP.has('sizes')) result.sizes = sizes();
if (!SKIP.has('frame') || !SKIP.has('race')) {
  await withBrowser(async (server, browser) => {
    result.chromium = browser.version();
    if (!SKIP.has('frame')) result.firstFrame = await firstFrame(server, browser);
    if (!SKIP.has('race')) result.race = await race(server, browser);
  });
}
result.loadavgAfter = fs.readFileSync('/proc/loadavg', 'utf8').trim();
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify({ ...result, sizes: result.sizes && { total: result.sizes.total, totals: result.sizes.totals } }, null, 2));
console.error(`wrote ${path.relative(REPO_ROOT, OUT)}`);
const errs = [...(result.firstFrame?.errors ?? []), ...(result.race?.errors ?? [])];
if (errs.length) {
  console.error('page errors:\n  ' + errs.join('\n  '));
  process.exit(1);
}
