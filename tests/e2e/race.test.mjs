// "Grid vs random" end to end in headless Chromium: the default race (three searches × 25 real
// trials plus a 32 × 32 landscape, trained in Web Workers) runs to the end, all three panels and
// the best-so-far chart are drawn, the grid tried fewer distinct values of the important axis
// than random search, the page stayed responsive, and nothing was logged as an error. Then bad
// settings: each shows its message next to its control.
//
// The race's wall time is written to tests/e2e/artifacts/race-timing.json (and printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, canvasStats, screenshot, ARTIFACTS_DIR } from './harness.mjs';

const DONE = '.race[data-race-state="done"]';

/** Records the longest gap between 20-ms timer ticks on the main thread (a frozen page shows). */
async function watchResponsiveness(page) {
  await page.evaluate(() => {
    window.__maxGap = 0;
    let last = performance.now();
    window.__gapTimer = setInterval(() => {
      const now = performance.now();
      window.__maxGap = Math.max(window.__maxGap, now - last);
      last = now;
    }, 20);
  });
}

async function counts(page) {
  return page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('.rc-panels .rc-panel')].map((fig) => [
      fig.dataset.strategy,
      Number(fig.querySelector('.rc-count-x').dataset.count),
    ]),
  ));
}

test('the default race runs in workers, draws three panels and the curves, and grid tries fewer α values', async () => {
  const { page, errors, close } = await openPage('/index.html?view=race');
  try {
    await page.waitForSelector('.race', { timeout: 30_000 });
    await watchResponsiveness(page);
    await page.waitForSelector(DONE, { timeout: 120_000 });
    const ms = Number(await page.getAttribute('.race', 'data-race-ms'));
    const maxGap = await page.evaluate(() => window.__maxGap);
    const workers = await page.evaluate(() => Math.min(4, Math.max(2, navigator.hardwareConcurrency || 2)));
    const status = await page.textContent('#rc-status');
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const timing = { defaultRaceMs: ms, workers, maxMainThreadGapMs: Math.round(maxGap), status };
    fs.writeFileSync(path.join(ARTIFACTS_DIR, 'race-timing.json'), JSON.stringify(timing, null, 2) + '\n');
    console.log(`default race: ${(ms / 1000).toFixed(2)} s on ${workers} workers; longest main-thread gap ${Math.round(maxGap)} ms`);

    // Real pixels: landscape + markers + rugs on each panel, lines on the chart.
    for (const id of ['grid', 'uniform', 'scale']) {
      const s = await canvasStats(page, `.rc-panels .rc-panel[data-strategy="${id}"] canvas`);
      assert.ok(s.found && s.width > 200, `${id} panel canvas missing: ${JSON.stringify(s)}`);
      assert.ok(s.colours > 40, `${id} panel looks empty: ${JSON.stringify(s)}`);
      const done = await page.getAttribute(`.rc-panels .rc-panel[data-strategy="${id}"]`, 'data-done');
      assert.equal(done, 'true', `${id}: not every trial finished`);
    }
    const chart = await canvasStats(page, '#rc-curves');
    assert.ok(chart.colours > 10, `best-so-far chart looks empty: ${JSON.stringify(chart)}`);

    // The point of the view: 5 × 5 grid → 5 values of α; random → 25.
    const c = await counts(page);
    assert.equal(c.grid, 5, JSON.stringify(c));
    assert.equal(c.uniform, 25, JSON.stringify(c));
    assert.equal(c.scale, 25, JSON.stringify(c));
    assert.ok(c.grid < c.uniform && c.grid < c.scale);
    assert.match(await page.textContent('#rc-headline'), /grid tried 5 values/i);

    // Which hyperparameter mattered: a drawn bar pair, and the text names α first.
    await page.waitForSelector('#rc-mattered:not([hidden])');
    const imp = await canvasStats(page, '#rc-mattered-chart');
    assert.ok(imp.found && imp.width > 100 && imp.colours > 10, `importance chart looks empty: ${JSON.stringify(imp)}`);
    assert.match(await page.textContent('#rc-mattered-shares'), /^learning rate α \d+% · Adam β2 \d+%$/);
    assert.match(await page.textContent('#rc-mattered-help'), /all 50 trials of the two random searches/);

    // The page stayed responsive while the workers trained.
    assert.ok(maxGap < 1000, `the main thread froze for ${maxGap} ms`);
    await screenshot(page, 'race-default.png');

    // Repeat 200 times: bands on the chart, medians reported.
    const before = (await canvasStats(page, '#rc-curves')).colours;
    await page.click('#rc-repeat');
    await page.waitForSelector('.race[data-repeats="200"]');
    assert.match(await page.textContent('#rc-repeat-result'), /Median best after 25 trials/);
    const after = (await canvasStats(page, '#rc-curves')).colours;
    assert.ok(after > before, `bands did not add colours (${before} → ${after})`);
    await page.locator('.rc-curves').screenshot({ path: path.join(ARTIFACTS_DIR, 'race-repeat.png') });

    // Re-running reuses the cached landscape: only the 75 trials train again.
    await page.fill('#rc-seed', '7');
    await page.dispatchEvent('#rc-seed', 'change');
    await page.waitForFunction(() => document.querySelector('.race').dataset.raceState !== 'done');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    assert.match(await page.textContent('#rc-status'), /75 trainings/);

    // ↻ draws a fresh search seed from the browser (freshSeed): a whole number below 2^53,
    // exact in the URL and the seed box.
    await page.click('#rc-reseed');
    await page.waitForFunction(() => document.querySelector('.race').dataset.raceState !== 'done');
    const fresh = new URL(page.url()).searchParams.get('searchSeed');
    assert.match(fresh ?? '', /^\d+$/, `searchSeed=${fresh}`);
    assert.notEqual(fresh, '7');
    assert.ok(Number.isSafeInteger(Number(fresh)), `searchSeed=${fresh}`);
    await page.waitForSelector(DONE, { timeout: 60_000 });
    assert.equal(await page.inputValue('#rc-seed'), fresh);
    assert.match(await page.textContent('#rc-status'), /75 trainings/);

    // Coarse to fine: zoom around the best of the random-on-scale search — a focusable,
    // labelled button (the keyboard's way to zoom) — and its finer pass continues the curve.
    const curvesBefore = await page.evaluate(() => document.querySelector('#rc-curves').toDataURL());
    await page.focus('#rc-zoom-best');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'rc-zoom-best');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#rc-zoom-body:not([hidden])');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    assert.match(page.url(), /zoom=/);
    const z = await canvasStats(page, '#rc-zoom-body canvas');
    assert.ok(z.colours > 40, `zoomed panel looks empty: ${JSON.stringify(z)}`);
    assert.match(await page.textContent('#rc-status'), /finer pass \(trials 26–50\) (improved|did not beat)/);
    const curvesAfter = await page.evaluate(() => document.querySelector('#rc-curves').toDataURL());
    assert.notEqual(curvesAfter, curvesBefore, 'the best-so-far chart did not change after zooming');
    assert.match(await page.getAttribute('#rc-curves', 'aria-label'), /continues through the finer pass, trials 26 to 50/);
    await screenshot(page, 'race-zoom.png');

    // Dragging a box on a panel sets the zoom box too.
    await page.click('#rc-zoom-clear');
    await page.waitForFunction(() => !location.search.includes('zoom='));
    await page.waitForSelector('#rc-zoom-body[hidden]', { state: 'attached' });
    await page.waitForSelector(DONE, { timeout: 60_000 });
    const panel = page.locator('.rc-panels .rc-panel[data-strategy="uniform"] canvas');
    await panel.scrollIntoViewIfNeeded();
    const c0 = await panel.boundingBox();
    await page.mouse.move(c0.x + c0.width * 0.4, c0.y + c0.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(c0.x + c0.width * 0.6, c0.y + c0.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => location.search.includes('zoom='));
    await page.waitForSelector('#rc-zoom-body:not([hidden])');
    await page.waitForSelector(DONE, { timeout: 60_000 });

    assert.deepEqual(errors, [], 'console/page errors during the race');
  } finally {
    await close();
  }
});

test('bad search settings get a clear message next to their control', async () => {
  const cases = [
    ['xMin=1&xMax=0.001', 'x', /greater than its max/],
    ['xScale=log&xMin=0&xMax=1', 'x', /log scale needs a range above 0/],
    ['xMin=-0.5&xMax=1', 'x', /above 0/],
    ['yAxis=lr', 'y', /on two axes/],
    ['budget=0', 'budget', /whole number from 1 to 400/],
    ['budget=100000', 'budget', /whole number from 1 to 400/],
  ];
  for (const [query, control, message] of cases) {
    const { page, errors, close } = await openPage(`/index.html?view=race&${query}`);
    try {
      const box = page.locator(`[data-error-for="${control}"]`);
      await box.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await box.textContent(), message, query);
      assert.equal(await page.getAttribute('.race', 'data-race-state'), 'error', query);
      if (query === 'xMin=1&xMax=0.001') await screenshot(page, 'race-bad-setting.png');
      assert.deepEqual(errors, [], `console/page errors for ${query}`);
    } finally {
      await close();
    }
  }

  // Typed into the form: the message appears, and fixing it runs the race.
  const { page, errors, close } = await openPage('/index.html?view=race&objective=synthetic');
  try {
    await page.waitForSelector(DONE, { timeout: 60_000 });
    await page.fill('#rc-budget', '0');
    await page.dispatchEvent('#rc-budget', 'change');
    const box = page.locator('[data-error-for="budget"]');
    await box.waitFor({ state: 'visible' });
    assert.match(await box.textContent(), /whole number from 1 to 400; got 0/);
    assert.equal(await page.getAttribute('#rc-budget', 'aria-invalid'), 'true');
    await page.fill('#rc-budget', '16');
    await page.dispatchEvent('#rc-budget', 'change');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    assert.equal(await box.isVisible(), false);
    const c = await counts(page);
    assert.deepEqual(c, { grid: 4, uniform: 16, scale: 16 });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('leaving the view mid-race cancels the workers cleanly, and coming back runs again', async () => {
  const { page, errors, close } = await openPage('/index.html?view=race&mapSize=48');
  try {
    await page.waitForSelector('.race[data-race-state="running"]', { timeout: 30_000 });
    await page.click('#tab-scale');
    await page.waitForSelector('.scale-view[data-ready="true"]');
    await page.click('#tab-race');
    await page.waitForSelector(DONE, { timeout: 120_000 });
    // Cancel works too: new training steps (a new, uncached landscape), then Cancel at once.
    await page.fill('#rc-steps', '301');
    await page.dispatchEvent('#rc-steps', 'change');
    await page.waitForSelector('.race[data-race-state="running"]');
    await page.click('#rc-cancel');
    await page.waitForSelector('.race[data-race-state="cancelled"]');
    assert.deepEqual(errors, [], 'console/page errors while switching views and cancelling');
  } finally {
    await close();
  }
});
