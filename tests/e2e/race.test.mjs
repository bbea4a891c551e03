// "Grid vs random" end to end in headless Chromium: the default race (three searches × 25 real
// trials plus a 32 × 32 landscape, trained in Web Workers) runs to the end, searching in the
// dark until the searches finish; the grid tried fewer distinct values of α than random search;
// "Repeat 200 times" trains 15,000 more networks and the page states how often random search
// beat the grid (≥ 70 % at the default); coarse to fine; a 3-axis race shows three rugs; the
// course's list of hyperparameters is ranked; bad settings are shown at a visible control;
// oversized runs are estimated, asked about or refused, and can be cancelled.
//
// Timings are written to tests/e2e/artifacts/race-timing.json (and printed).
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

/** Distinct values per axis (slot order) of each panel. */
async function counts(page, root = '.rc-panels') {
  return page.evaluate((sel) => Object.fromEntries(
    [...document.querySelectorAll(`${sel} .rc-panel`)].map((fig) => [
      fig.dataset.strategy,
      [...fig.querySelectorAll('.rc-count')].map((el) => Number(el.dataset.count)),
    ]),
  ), root);
}

function writeTiming(part) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, 'race-timing.json');
  const old = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  fs.writeFileSync(file, JSON.stringify({ ...old, ...part }, null, 2) + '\n');
}

test('the default race runs in the dark, the grid tries fewer α values, and 200 fair repeats show random search winning', async () => {
  const { page, errors, close } = await openPage('/index.html?view=race');
  try {
    await page.waitForSelector('.race', { timeout: 30_000 });
    await watchResponsiveness(page);
    // Searching in the dark: while the searches run, the landscape is not shown.
    await page.waitForSelector('.race[data-race-state="running"]', { timeout: 30_000 });
    assert.match(await page.textContent('#rc-dark-note'), /landscape stays hidden/);
    await page.waitForSelector(DONE, { timeout: 120_000 });
    assert.match(await page.textContent('#rc-dark-note'), /Revealed/);
    const ms = Number(await page.getAttribute('.race', 'data-race-ms'));
    const workers = await page.evaluate(() => Math.min(4, Math.max(2, navigator.hardwareConcurrency || 2)));
    console.log(`default race: ${(ms / 1000).toFixed(2)} s on ${workers} workers`);

    for (const id of ['grid', 'uniform', 'scale']) {
      const s = await canvasStats(page, `.rc-panels .rc-panel[data-strategy="${id}"] canvas`);
      assert.ok(s.found && s.width > 200, `${id} panel canvas missing: ${JSON.stringify(s)}`);
      assert.ok(s.colours > 40, `${id} panel looks empty: ${JSON.stringify(s)}`);
      assert.equal(await page.getAttribute(`.rc-panels .rc-panel[data-strategy="${id}"]`, 'data-done'), 'true');
      assert.match(await page.textContent(`.rc-panels .rc-panel[data-strategy="${id}"] .rc-best`), /★ best \d.*regret/);
    }
    assert.ok((await canvasStats(page, '#rc-curves')).colours > 10, 'best-so-far chart looks empty');

    // The point of the view: 5 × 5 grid → 5 values of α; random → 25.
    const c = await counts(page);
    assert.deepEqual(c, { grid: [5, 5], uniform: [25, 25], scale: [25, 25] });
    assert.match(await page.textContent('#rc-headline'), /grid tried 5 values of learning rate α; random search tried 25 and 25/);
    assert.match(await page.textContent('#rc-gridmath'), /the grid tries 5 values of each \(5\^2 = 25 points\); random search tries 25 values of each/);

    // Which hyperparameter mattered: bars, and α first.
    await page.waitForSelector('#rc-mattered:not([hidden])');
    const imp = await canvasStats(page, '#rc-mattered-chart');
    assert.ok(imp.found && imp.colours > 10, `importance chart looks empty: ${JSON.stringify(imp)}`);
    assert.match(await page.textContent('#rc-mattered-shares'), /^learning rate α \d+% · Adam β2 \d+%$/);

    // Repeat 200 times: 15,000 real trainings in the workers, with progress.
    const before = (await canvasStats(page, '#rc-curves')).colours;
    assert.equal(await page.textContent('#rc-repeat'), 'Repeat 200 times');
    await page.click('#rc-repeat');
    await page.waitForSelector('.race[data-race-state="repeating"]');
    await page.waitForFunction(() => document.querySelector('#rc-progress').value > 0.02, null, { timeout: 30_000 });
    await page.waitForSelector('.race[data-repeats="200"]', { timeout: 300_000 });
    const repeatMs = Number(await page.getAttribute('.race', 'data-repeat-ms'));
    assert.match(await page.textContent('#rc-status'), /15,000 trainings/);
    const won = await page.$$eval('.rc-won', (els) => els.map((e) => ({ text: e.textContent, n: Number(e.dataset.wins), m: Number(e.dataset.of) })));
    assert.equal(won.length, 2);
    assert.match(won[0].text, /^random search on the right scale beat the grid in \d+ of 200 repeats\.$/);
    assert.match(won[1].text, /^random search uniform in value beat the grid in \d+ of 200 repeats\.$/);
    assert.ok(won[0].n / won[0].m >= 0.7, `random on scale won only ${won[0].n} of ${won[0].m}`);
    assert.match(await page.textContent('#rc-repeat-result'), /wins clearly/);
    const after = (await canvasStats(page, '#rc-curves')).colours;
    assert.ok(after > before, `bands did not add colours (${before} → ${after})`);
    const maxGap = await page.evaluate(() => window.__maxGap);
    assert.ok(maxGap < 1000, `the main thread froze for ${maxGap} ms`);
    console.log(`repeat 200 times: ${(repeatMs / 1000).toFixed(2)} s for 15,000 trainings; random on scale won ${won[0].n}/200, uniform ${won[1].n}/200`);
    writeTiming({ defaultRaceMs: ms, repeat200Ms: repeatMs, workers, scaleWins: won[0].n, uniformWins: won[1].n, maxMainThreadGapMs: Math.round(maxGap) });
    await screenshot(page, 'race-repeated.png');

    // Re-running with another seed reuses the cached landscape: only the 75 trials train.
    await page.fill('#rc-seed', '7');
    await page.dispatchEvent('#rc-seed', 'change');
    // (75 trainings can finish within a frame: wait for their status, not for a running state.)
    await page.waitForFunction(() => /^Done: 75 trainings/.test(document.querySelector('#rc-status').textContent), null, { timeout: 60_000 });
    assert.match(page.url(), /searchSeed=7/);

    // Coarse to fine: zoom around the best of the random-on-scale search; its finer pass either
    // improves on the first pass or the page says why not.
    await page.waitForSelector('#rc-zoom-best:not([disabled])');
    await page.focus('#rc-zoom-best');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#rc-zoom-body:not([hidden])');
    await page.waitForSelector(DONE, { timeout: 60_000 });
    assert.match(page.url(), /zoom=/);
    assert.ok((await canvasStats(page, '#rc-zoom-body canvas')).colours > 40, 'zoomed panel looks empty');
    assert.match(await page.textContent('#rc-zoom-compare'), /improved the best from|did not beat the first pass's best.*training noise/);
    assert.match(await page.inputValue('#rc-zoom'), /^[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
    assert.deepEqual(errors, [], 'console/page errors during the race');
  } finally {
    await close();
  }
});

test('a 3-hyperparameter race shows three rugs and three distinct-value counts per panel', async () => {
  const { page, errors, close } = await openPage('/index.html?view=race&zAxis=units&budget=27&mapSize=8&dark=0');
  try {
    await page.waitForSelector(DONE, { timeout: 120_000 });
    const c = await counts(page);
    assert.deepEqual(c.grid, [3, 3, 3]);
    assert.equal(c.uniform[0], 27);
    assert.equal(c.scale[0], 27);
    assert.equal(await page.locator('.rc-panels .rc-panel[data-strategy="grid"] .rc-rug-name').textContent(), 'z');
    assert.match(await page.textContent('#rc-gridmath'), /3 hyperparameters, 27 trials: the grid tries 3 values of each \(3\^3 = 27 points\)/);
    assert.match(await page.textContent('#rc-note'), /slice/);
    assert.equal(await page.isVisible('#rc-map'), true);
    await screenshot(page, 'race-3-axes.png');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('"Which hyperparameters matter?" ranks the course list and says where it agrees', async () => {
  const { page, errors, close } = await openPage('/index.html?view=race');
  try {
    await page.waitForSelector(DONE, { timeout: 120_000 });
    await page.click('#rc-study-run');
    await page.waitForSelector('.race[data-study-ms]', { timeout: 180_000 });
    const rows = await page.$$eval('#rc-study-table tbody tr', (trs) => trs.map((tr) => tr.dataset.key));
    assert.equal(rows.length, 9);
    assert.deepEqual([...rows].sort(), ['adamEps', 'batch', 'beta1', 'beta2', 'decay', 'layers', 'lr', 'momentum', 'units']);
    const verdict = await page.textContent('#rc-study-verdict');
    if (rows[0] === 'lr') assert.match(verdict, /α matters most/);
    else assert.match(verdict, /α does not come first here/);
    assert.match(verdict, /in the course's tier|disagrees with the course/);
    assert.match(verdict, /Noise level: /);
    assert.equal(await page.locator('#rc-study-table .rc-bar').count(), 9);
    console.log(`study: ${rows.join(' > ')} in ${await page.getAttribute('.race', 'data-study-ms')} ms`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('bad settings are shown at a visible control, with a way to fix or reset them', async () => {
  const cases = [
    ['xMin=1&xMax=0.001', 'xMin', /greater than its max/],
    ['yAxis=lr', 'yAxis', /on two axes/],
    ['budget=0', 'budget', /whole number from 1 to 400/],
    ['zAxis=units&budget=5', 'budget', /at least 8 trials/],
    ['zAxis=lr', 'zAxis', /on two axes/],
    ['repeats=0', 'repeats', /from 1 to 1000/],
    ['zoom=0.5,0.2,0,1', 'zoom', /have some width/],
    ['zoom=0.5,0.5000001,0,1', 'zoom', /have some width/],
    ['importance=abc', 'importance', /'abc' is not/],
    ['dataset=banana', 'dataset', /one of circle/],
    ['xAxis=batch&xMin=2&xMax=4096', 'xMax', /more than the 250 training points/],
  ];
  for (const [query, key, message] of cases) {
    const { page, errors, close } = await openPage(`/index.html?view=race&${query}`);
    try {
      const box = page.locator(`.field-error[data-error-for="${key}"]`);
      await box.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await box.textContent(), message, query);
      assert.equal(await page.getAttribute(`[data-key="${key}"] >> nth=0`, 'aria-invalid'), 'true', query);
      assert.equal(await page.getAttribute('.race', 'data-race-state'), 'error', query);
      if (key === 'zoom') {
        // A refused zoom box: its control is visible, and one click resets it.
        await page.click(`.field-error[data-error-for="zoom"] .rc-reset`);
        await page.waitForSelector(DONE, { timeout: 60_000 });
        assert.doesNotMatch(page.url(), /zoom=/);
      }
      assert.deepEqual(errors, [], `console/page errors for ${query}`);
    } finally {
      await close();
    }
  }
  // Training keys without a control here: a control of their own in the box at the top of the
  // form (form.js's unplaced-errors box), marked, with the message and a one-click reset.
  for (const [query, key, message] of [['lr=abc', 'lr', /'abc' is not/], ['batch=1&bn=1', 'batch', /Batch size 1 with batch norm/]]) {
    const { page, errors, close } = await openPage(`/index.html?view=race&${query}`);
    try {
      await page.waitForSelector('#rc-form-error:not([hidden])');
      const slot = page.locator(`[data-unplaced-errors] .field-error[data-error-for="${key}"]`);
      await slot.waitFor({ state: 'visible' });
      assert.match(await slot.textContent(), message);
      assert.equal(await page.getAttribute(`[data-unplaced-errors] [data-key="${key}"] >> nth=0`, 'aria-invalid'), 'true');
      await slot.locator('.rc-reset').click();
      await page.waitForSelector(DONE, { timeout: 60_000 });
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  }
  // Typed into the form: never silently emptied.
  const { page, errors, close } = await openPage('/index.html?view=race&objective=synthetic');
  try {
    await page.waitForSelector(DONE, { timeout: 60_000 });
    const typeBad = async (id, key, typed) => {
      await page.fill(id, typed);
      await page.dispatchEvent(id, 'change');
      const box = page.locator(`.field-error[data-error-for="${key}"]`);
      await box.waitFor({ state: 'visible' });
      assert.match(await box.textContent(), new RegExp(`'${typed}' is not a whole number`));
      assert.equal(await page.inputValue(id), typed, 'the typed text stays in the field');
      assert.equal(await page.getAttribute('.race', 'data-race-state'), 'error');
    };
    const typeGood = async (id, text) => {
      await page.fill(id, text);
      await page.dispatchEvent(id, 'change');
      await page.waitForSelector(DONE, { timeout: 60_000 });
    };
    // The trials calculator: p in percent, refused at its own field when it is not one.
    await page.fill('#rc-calc-p', '5');
    await page.dispatchEvent('#rc-calc-p', 'input');
    assert.match(await page.textContent('#rc-calc-out'), /P = 72%\. For 95% you need 59 random trials/);
    await page.fill('#rc-calc-p', 'abc');
    await page.dispatchEvent('#rc-calc-p', 'input');
    assert.match(await page.textContent('#rc-calc-error'), /percentage above 0 and at most 100; got 'abc'/);
    await page.fill('#rc-calc-p', '150');
    await page.dispatchEvent('#rc-calc-p', 'input');
    assert.equal(await page.isVisible('#rc-calc-error'), true);
    await typeBad('#rc-budget', 'budget', '1e');
    await typeGood('#rc-budget', '16');
    await page.click('label[for="rc-objective-0"]');
    await page.waitForSelector(DONE, { timeout: 120_000 });
    await typeBad('#rc-steps', 'steps', 'abc');
    await typeGood('#rc-steps', '100');
    assert.deepEqual((await counts(page)).grid, [4, 4]);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('an oversized run is estimated first: asked about, refused with the knob to lower, cancellable', async () => {
  const huge = 'budget=400&steps=5000&mapSize=64&points=5000&train=0.9&hidden=64,64,64,64&batch=4500';
  let { page, errors, close } = await openPage(`/index.html?view=race&${huge}`);
  try {
    await page.waitForSelector('.race[data-race-state="error"]', { timeout: 30_000 });
    assert.match(await page.textContent('#rc-status'), /too long to run here\. Lower .*\((steps|mapSize|hidden|batch|points|budget)\) first/);
    assert.equal(await page.isVisible('#rc-ask'), false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  ({ page, errors, close } = await openPage('/index.html?view=race&steps=5000&mapSize=64&hidden=32,32'));
  try {
    await page.waitForSelector('#rc-ask:not([hidden])', { timeout: 30_000 });
    assert.match(await page.textContent('#rc-ask-text'), /This would take about .* Start anyway\?/);
    assert.equal(await page.getAttribute('.race', 'data-race-state'), 'estimated');
    await page.click('#rc-ask-start');
    await page.waitForSelector('.race[data-race-state="running"]');
    // Progress counts steps, so it moves within a second even though one training is long.
    await page.waitForFunction(() => document.querySelector('#rc-progress').value > 0, null, { timeout: 5_000 });
    await page.click('#rc-cancel');
    await page.waitForSelector('.race[data-race-state="cancelled"]');
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
    assert.deepEqual(errors, [], 'console/page errors while switching views');
  } finally {
    await close();
  }
});
