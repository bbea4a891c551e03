// End-to-end test of the batch-norm lab (view=bnlab) in headless Chromium: the view opens,
// trains, switches between batch statistics and running averages (the decision boundary
// changes), fills the sensitivity maps in the worker pool while the page keeps drawing
// frames, draws every canvas with real pixels, and logs no errors. A batch of 1 with batch
// norm shows the refusal message. Needs the page built first (scripts/build.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitForCanvasDrawn, screenshot } from './harness.mjs';

const VIEW = '/index.html?view=bnlab';
// Tall enough that every panel is on screen (panels off screen are not redrawn).
const VIEWPORT = { width: 1280, height: 5200 };

const CANVASES = [
  '#l-hist', '#l-walk', '#l-running', '#l-mode-field', '#l-gb',
  '#l-plain-field', '#l-bn-field', '#l-loss', '#l-act', '#l-noise', '#l-map',
];

/** A cheap signature of a canvas's pixels (to tell whether a redraw changed the picture). */
function signature(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 2166136261;
    for (let i = 0; i < d.length; i += 4) h = Math.imul(h ^ (d[i] | (d[i + 1] << 8) | (d[i + 2] << 16)), 16777619);
    return h >>> 0;
  }, selector);
}

const steps = (page) => page.$eval('#l-steps', (el) => Number(el.textContent.replace(/,/g, '')));

/** Two animation frames: enough for the view's loop to redraw what it marked. */
const frames = (page, n = 3) => page.evaluate((k) => new Promise((resolve) => {
  const tick = () => (k-- <= 0 ? resolve() : requestAnimationFrame(tick));
  tick();
}), n);

test('the lab trains, switches BN mode, fills the sensitivity maps in workers, and draws every canvas', async () => {
  const { page, errors, close } = await openPage(VIEW, { viewport: VIEWPORT });
  try {
    // Measure the main thread's frame gaps from the start (the maps start computing at once).
    await page.evaluate(() => {
      window.__gaps = [];
      let last = performance.now();
      const tick = (t) => {
        window.__gaps.push(t - last);
        last = t;
        if (!window.__stopGaps) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await waitForCanvasDrawn(page, '#l-hist', { minColours: 3 });
    assert.equal(await page.$eval('#l-error', (el) => el.hidden), true, 'no settings error with the defaults');

    // Train: the default settings (α = 3) make the plain network diverge, the BN one learn.
    await page.click('#l-play');
    await page.waitForFunction(() => Number(document.querySelector('#l-steps').textContent.replace(/,/g, '')) >= 300, null, { timeout: 60_000 });
    assert.equal(await page.$eval('#l-plain-badge', (el) => el.dataset.state), 'diverged');
    assert.equal(await page.$eval('#l-bn-badge', (el) => el.dataset.state), 'training');
    assert.match(await page.$eval('#l-plain-diverged', (el) => el.textContent), /diverged at step \d+/);

    // The numbers come from the engine: μ, σ² … are shown, and the formula uses them.
    const mu = await page.$eval('#l-mu', (el) => el.textContent);
    assert.match(mu, /^−?\d/);
    await page.click('label[for="l-stage-1"]');
    await page.click('#l-play'); // pause, so the numbers hold still
    await frames(page);
    const [mu2, formula] = await Promise.all([
      page.$eval('#l-mu', (el) => el.textContent),
      page.$eval('#l-formula', (el) => el.textContent),
    ]);
    assert.ok(formula.startsWith('μ = (1/m) Σ z(i)') && formula.endsWith(`= ${mu2}`), formula);
    assert.equal(await page.$$eval('#l-examples tr', (rows) => rows.length), 4);

    // Mode switch: running averages → batch statistics changes the boundary and the URL.
    await frames(page);
    const before = await signature(page, '#l-mode-field');
    await page.click('label[for="l-mode-batch"]');
    await frames(page);
    const after = await signature(page, '#l-mode-field');
    assert.notEqual(after, before, 'the decision boundary should change with the BN mode');
    assert.match(page.url(), /bnMode=batch/);
    const accBatch = await page.$eval('#l-acc-batch', (el) => el.textContent);
    const accRunning = await page.$eval('#l-acc-running', (el) => el.textContent);
    assert.match(accBatch, /%$/);
    assert.match(accRunning, /%$/);
    await page.click('label[for="l-mode-running"]');

    // Train some more, then wait for the sensitivity maps.
    await page.click('#l-play');
    await page.waitForFunction(() => document.querySelector('#l-map')?.dataset.ms, null, { timeout: 120_000 });
    const ms = Number(await page.$eval('#l-map', (el) => el.dataset.ms));
    const status = await page.$eval('#l-map-status', (el) => el.textContent);
    console.log(`sensitivity maps: ${ms} ms — ${status}`);
    const learned = status.match(/(\d+) without BN, (\d+) with BN/);
    assert.ok(learned, status);
    assert.ok(Number(learned[2]) > Number(learned[1]), `BN should learn in more cells: ${status}`);

    // The page kept drawing frames while the workers trained.
    const gaps = await page.evaluate(() => { window.__stopGaps = true; return window.__gaps; });
    const worst = Math.max(...gaps.slice(2));
    console.log(`frames while computing: ${gaps.length}, longest gap ${worst.toFixed(0)} ms`);
    assert.ok(worst < 500, `the main thread stalled for ${worst} ms`);

    await page.click('#l-play'); // pause for the screenshot
    await frames(page, 6);
    for (const sel of CANVASES) await waitForCanvasDrawn(page, sel, { minColours: 3 });
    await screenshot(page, 'lab.png');
    await (await page.$('#l-map')).screenshot({ path: new URL('./artifacts/lab-map.png', import.meta.url).pathname });

    // Leaving the tab stops the lab; coming back keeps the finished maps (no recomputation).
    await page.click('#tab-panda');
    await page.waitForSelector('#view-bnlab', { state: 'hidden' });
    await page.click('#tab-bnlab');
    await page.waitForFunction(() => document.querySelector('#l-map')?.dataset.ms, null, { timeout: 5_000 });
    await waitForCanvasDrawn(page, '#l-map', { minColours: 3 });
    assert.deepEqual(errors, [], 'console/page errors in the lab');
  } finally {
    await close();
  }
});

test('a batch of 1 with batch norm is refused with a clear message', async () => {
  const { page, errors, close } = await openPage(`${VIEW}&batch=1`);
  try {
    await page.waitForSelector('#l-error:not([hidden])');
    const message = await page.$eval('#l-error-text', (el) => el.textContent);
    assert.match(message, /Batch size 1 with batch norm is meaningless/);
    assert.equal(await page.$eval('#l-play', (el) => el.disabled), true);

    // Back to a valid batch from the form: the message goes and the lab runs.
    await page.fill('#l-batch', '8');
    await page.dispatchEvent('#l-batch', 'change');
    await page.waitForSelector('#l-error', { state: 'hidden' });
    assert.match(page.url(), /batch=8/);
    // And to 1 again from the form.
    await page.fill('#l-batch', '1');
    await page.dispatchEvent('#l-batch', 'change');
    await page.waitForSelector('#l-error:not([hidden])');
    await screenshot(page, 'lab-batch1.png');
    assert.deepEqual(errors, [], 'console/page errors');
  } finally {
    await close();
  }
});
