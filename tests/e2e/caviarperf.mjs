// Caviar figures for scripts/bench.sh (not a node:test file): the caviar view of 24 and of 64
// models (2,000 steps each, the default space), each run in a fresh page, in the page's worker
// pool. Per run, read from the view's data attributes once it is done:
//   - trainings per second: models ÷ the time from the start to the last model trained
//     (data-models-ms; the panda comparison that follows is not counted), and updates per second;
//   - frame rate of the curve view while the models trained (animation frames ÷ that time,
//     data-fps), the number of curve redraws and their mean cost (data-draws, data-draw-ms);
//   - the estimate shown before the start (data-estimate-s) against the whole run (data-caviar-ms).
// And the batch-norm lab's sensitivity maps at their defaults (each cell a real training without
// and with BN, in the same worker pool): the time from their start to the last cell (#l-map's
// data-ms) and what they found.
//
//   node tests/e2e/caviarperf.mjs [--out FILE] [--runs 3] [--models 24,64]
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer, REPO_ROOT, WWW_ROOT } from './server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const OUT = opt('--out', path.join(REPO_ROOT, 'target', 'bench', 'caviar.json'));
const RUNS = Number(opt('--runs', 3));
const SIZES = opt('--models', '24,64').split(',').map(Number);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

async function one(browser, server, models) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url(`/index.html?view=caviar&models=${models}`), { waitUntil: 'load' });
    await page.waitForSelector('.view-caviar[data-caviar-state="done"], .view-caviar[data-caviar-state="asking"]', { timeout: 600_000 });
    if (await page.$('.view-caviar[data-caviar-state="asking"]')) {
      await page.click('#cv-start-anyway');
      await page.waitForSelector('.view-caviar[data-caviar-state="done"]', { timeout: 600_000 });
    }
    const d = await page.$eval('.view-caviar', (el) => ({ ...el.dataset }));
    const steps = Number(await page.inputValue('#cv-steps'));
    const modelsMs = Number(d.modelsMs);
    return {
      trainingsPerS: models / (modelsMs / 1000),
      updatesPerS: (models * steps) / (modelsMs / 1000),
      modelsMs,
      caviarMs: Number(d.caviarMs),
      fps: Number(d.fps),
      draws: Number(d.draws),
      drawMs: Number(d.drawMs),
      estimateS: Number(d.estimateS),
      rate: Number(d.rate),
      errors,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

/** The lab's sensitivity maps at the defaults, in a fresh page. */
async function maps(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
    await page.goto(server.url('/index.html?view=bnlab&lang=en'), { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('#l-map')?.dataset.ms, null, { timeout: 600_000 });
    const ms = Number(await page.$eval('#l-map', (el) => el.dataset.ms));
    const status = await page.$eval('#l-map-status', (el) => el.textContent.trim());
    return { ms, status, errors };
  } finally {
    await context.close().catch(() => {});
  }
}

const server = await startStaticServer({ root: WWW_ROOT });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
const result = { loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(), chromium: browser.version(), caviars: {} };
try {
  await one(browser, server, 4); // warm-up (browser process, disk cache), not counted
  for (const models of SIZES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await one(browser, server, models));
    const pick = (k) => stats(runs.map((r) => r[k]));
    result.caviars[models] = {
      models,
      runs: runs.length,
      trainingsPerS: pick('trainingsPerS'),
      updatesPerS: pick('updatesPerS'),
      modelsMs: pick('modelsMs'),
      caviarMs: pick('caviarMs'),
      fps: pick('fps'),
      draws: pick('draws'),
      drawMs: pick('drawMs'),
      estimateS: pick('estimateS'),
      errors: runs.flatMap((r) => r.errors),
    };
  }
  const mapRuns = [];
  for (let i = 0; i < RUNS; i++) mapRuns.push(await maps(browser, server));
  result.maps = { ms: stats(mapRuns.map((r) => r.ms)), status: mapRuns[0].status, errors: mapRuns.flatMap((r) => r.errors) };
} finally {
  await browser.close().catch(() => {});
  await server.close().catch(() => {});
}
result.workers = 'the page pool: min(max(hardwareConcurrency, 2), 4)';
result.loadavgAfter = fs.readFileSync('/proc/loadavg', 'utf8').trim();
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
console.error(`wrote ${path.relative(REPO_ROOT, OUT)}`);
const errs = [...Object.values(result.caviars).flatMap((c) => c.errors), ...(result.maps?.errors ?? [])];
if (errs.length) {
  console.error('page errors:\n  ' + errs.join('\n  '));
  process.exit(1);
}
