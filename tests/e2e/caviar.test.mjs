// The "Caviar" view end to end: the default caviar trains 24 models in the workers and shows 24
// curves, a leaderboard whose winner is marked and whose numbers carry the lesson (α decides),
// panda vs caviar on the same compute, a "babysit" link that opens the panda view with the
// model's exact settings, the re-run on changed data, and the estimate: ask, cancel, refuse.
// Needs the page built first (scripts/build.sh); scripts/test.sh does that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitForCanvasDrawn, screenshot } from './harness.mjs';

const DONE_TIMEOUT = 90_000;

const waitForState = (page, state, timeout = DONE_TIMEOUT) =>
  page.waitForSelector(`.view-caviar[data-caviar-state="${state}"]`, { timeout });

/** The leaderboard as the page shows it: model number, α (if shown), loss, state. */
function readBoard(page) {
  return page.$$eval('#cv-rows tr', (rows) => rows.map((r) => {
    const values = r.querySelector('.cv-values').textContent;
    const alpha = /α\s([0-9.e-]+)/.exec(values);
    const cells = [...r.querySelectorAll('td.num')].map((c) => c.textContent);
    return {
      model: Number(r.dataset.model),
      state: r.dataset.state,
      best: r.classList.contains('is-best'),
      alpha: alpha ? Number(alpha[1]) : null,
      loss: r.dataset.state === 'diverged' ? null : Number(cells[1]),
      lossText: cells[1],
      href: r.querySelector('a[data-babysit]').getAttribute('href'),
    };
  }));
}

test('the default caviar: 24 curves, a leaderboard whose winner sits between the plateau and the blow-ups, babysit opens it in the panda view', async () => {
  const { page, errors, logs, close } = await openPage('/index.html?view=caviar', { viewport: { width: 1280, height: 720 } });
  try {
    await page.waitForSelector('.view-caviar[data-caviar-state="running"], .view-caviar[data-caviar-state="done"]', { timeout: 30_000 });
    assert.match(await page.textContent('#cv-estimate'), /Estimated about \d+ s on \d workers: 24 models × 2,000 updates/);
    // Curves stream while training: some models have points before all are done.
    await page.waitForFunction(() => Number(document.getElementById('cv-curves').dataset.curves) > 0, null, { timeout: 30_000 });
    await waitForState(page, 'done');

    assert.equal(await page.getAttribute('#cv-curves', 'data-curves'), '24', '24 curves drawn');
    const curves = await waitForCanvasDrawn(page, '#cv-curves', { minColours: 30, timeout: 5_000 });
    assert.ok(curves.width > 300, `curves canvas ${curves.width}`);
    assert.match(await page.textContent('#cv-count'), /24 curves/);
    assert.match(await page.textContent('#cv-progress-text'), /24 of 24 models done/);

    const board = await readBoard(page);
    assert.equal(board.length, 24, '24 rows');
    assert.ok(board[0].best && !board.slice(1).some((r) => r.best), 'exactly the top row is marked best');
    assert.match(await page.textContent('#cv-rows tr.is-best td'), /★/);
    const scored = board.filter((r) => r.loss !== null);
    assert.deepEqual(scored.map((r) => r.loss), [...scored.map((r) => r.loss)].sort((a, b) => a - b), 'ranked by loss');
    // The lesson: the best α is in between; small α sit on the plateau; the largest blow up.
    assert.ok(board[0].alpha > 0.1 && board[0].alpha < 3, `best α ${board[0].alpha}`);
    assert.ok(board[0].loss < 0.06, `best loss ${board[0].loss}`);
    const small = board.filter((r) => r.alpha < 0.01);
    assert.ok(small.length >= 4 && small.every((r) => r.loss > 0.55), JSON.stringify(small));
    const diverged = board.filter((r) => r.state === 'diverged');
    assert.ok(diverged.length >= 1 && diverged.every((r) => r.alpha > 3), JSON.stringify(diverged));

    // Panda vs caviar on the same compute: both sides have their numbers.
    const panda = await page.textContent('#cv-compare-panda');
    const caviar = await page.textContent('#cv-compare-caviar');
    assert.match(panda, /given all 48,000 updates: valid loss \d\.\d+ · accuracy/, panda);
    assert.match(caviar, new RegExp(`best of 24 models × 2,000 updates: #${board[0].model}, valid loss ${board[0].lossText} ·`), caviar);
    await waitForCanvasDrawn(page, '#cv-compare-chart', { minColours: 3, timeout: 5_000 });
    await screenshot(page, 'caviar.png');

    // "Babysit this one": the panda view opens with exactly the winner's settings.
    const href = board[0].href;
    assert.match(href, /^\?view=panda&/);
    await page.click('#cv-rows tr.is-best a[data-babysit]');
    await page.waitForSelector('#p-play:not([disabled])', { timeout: 15_000 });
    assert.equal(await page.getAttribute('#tab-panda', 'aria-selected'), 'true');
    const url = new URL(page.url());
    const want = new URLSearchParams(href.slice(1));
    for (const [k, v] of want) assert.equal(url.searchParams.get(k), v, `${k} in ${page.url()}`);
    assert.equal(url.searchParams.get('lr'), String(board[0].alpha));
    assert.equal(await page.textContent('[data-readout="lr"]'), String(board[0].alpha), 'the α slider shows the model');
    assert.equal(await page.inputValue('#p-hidden'), '16,16');
    assert.equal(await page.isVisible('#p-form-error'), false);

    // Back to the caviar: the finished caviar is still there, not re-run.
    await page.click('#tab-caviar');
    await waitForState(page, 'done', 10_000);
    assert.equal(await page.getAttribute('#cv-curves', 'data-curves'), '24');
    assert.deepEqual(errors, [], `console/page errors:\n${logs.join('\n')}`);
  } finally {
    await close();
  }
});

test('intuitions go stale: the same 24 models on changed data, and the winner moves', async () => {
  const { page, errors, logs, close } = await openPage('/index.html?view=caviar', { viewport: { width: 1280, height: 900 } });
  try {
    await waitForState(page, 'done');
    const before = await readBoard(page);
    assert.equal(await page.inputValue('#cv-changed'), 'moons');
    await page.click('#cv-stale-run');
    await page.waitForFunction(() => !document.getElementById('cv-stale-result').hidden, null, { timeout: DONE_TIMEOUT });
    await waitForState(page, 'done');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('dataset'), 'moons');
    assert.equal(url.searchParams.get('changedData'), 'spiral');
    const after = await readBoard(page);
    // The same models: the same α for every model number.
    const alphaOf = (rows) => Object.fromEntries(rows.map((r) => [r.model, r.alpha]));
    assert.deepEqual(alphaOf(after), alphaOf(before));
    const text = await page.textContent('#cv-stale-result');
    assert.match(text, new RegExp(`Before, on spiral: the best was #${before[0].model} \\(α\\s${before[0].alpha}\\)`), text);
    assert.match(text, new RegExp(`Now, on moons: the best is #${after[0].model}`), text);
    assert.notEqual(after[0].model, before[0].model, 'the winner moved');
    const rank = after.findIndex((r) => r.model === before[0].model) + 1;
    assert.match(text, new RegExp(`The old winner #${before[0].model} now ranks ${rank} of 24`), text);
    await waitForCanvasDrawn(page, '#cv-stale-chart', { minColours: 3, timeout: 5_000 });
    await screenshot(page, 'caviar-stale.png');
    assert.deepEqual(errors, [], `console/page errors:\n${logs.join('\n')}`);
  } finally {
    await close();
  }
});

test('a long caviar is estimated and asked for, its progress moves, and Cancel stops it', async () => {
  const { page, errors, logs, close } = await openPage('/index.html?view=caviar&models=64&modelSteps=20000&hidden=40,40');
  try {
    await waitForState(page, 'asking', 30_000);
    const estimate = Number(await page.getAttribute('.view-caviar', 'data-estimate-s'));
    assert.ok(estimate > 60 && estimate < 1200, `estimate ${estimate} s`);
    assert.match(await page.textContent('#cv-ask'), /This caviar will take about \d+ (min|s) on this machine/);
    assert.equal(await page.getAttribute('#cv-curves', 'data-curves'), '0', 'nothing trains before the go');
    await page.click('#cv-start-anyway');
    await waitForState(page, 'running', 10_000);
    // Progress moves (the workers report about every 100 ms).
    const value = () => page.$eval('#cv-progress', (p) => p.value);
    await page.waitForFunction(() => document.getElementById('cv-progress').value > 0, null, { timeout: 20_000 });
    const first = await value();
    await page.waitForFunction((v) => document.getElementById('cv-progress').value > v, first, { timeout: 10_000 });
    await page.click('#cv-cancel');
    await waitForState(page, 'cancelled', 5_000);
    const stopped = await value();
    await page.waitForTimeout(600);
    assert.equal(await value(), stopped, 'no progress after Cancel');
    assert.equal(await page.isDisabled('#cv-cancel'), true);
    assert.deepEqual(errors, [], `console/page errors:\n${logs.join('\n')}`);
  } finally {
    await close();
  }
});

test('a caviar that cannot finish is refused at the knob to lower, and bad settings are marked', async () => {
  const { page, errors, close } = await openPage('/index.html?view=caviar&models=64&modelSteps=20000&hidden=64,64,64,64&points=5000&batch=500');
  try {
    await waitForState(page, 'refused', 30_000);
    assert.equal(await page.getAttribute('#cv-steps', 'aria-invalid'), 'true');
    const message = await page.textContent('[data-error-for="modelSteps"]');
    assert.equal(await page.isVisible('[data-error-for="modelSteps"]'), true);
    assert.match(message, /would take about .* here, more than 20 minutes: lower Steps per model \(modelSteps\) to at most \d+/, message);
    assert.equal(await page.getAttribute('#cv-curves', 'data-curves'), '0', 'nothing trained');

    // Fixing it at the control runs it (quick enough now).
    await page.fill('#cv-steps', '20');
    await page.dispatchEvent('#cv-steps', 'change');
    await waitForState(page, 'running', 30_000);
    assert.equal(await page.getAttribute('#cv-steps', 'aria-invalid'), null);
    await page.waitForFunction(() => document.getElementById('cv-progress').value > 0, null, { timeout: 30_000 });
    await page.click('#cv-cancel'); // (the workers have loaded: leaving now aborts no request)
    await waitForState(page, 'cancelled', 5_000);

    // A refused value is shown at its control with the engine's words.
    await page.goto(page.url().replace(/\?.*/, '?view=caviar&models=500&varyLr=0'));
    await waitForState(page, 'refused', 30_000);
    assert.equal(await page.getAttribute('#cv-models', 'aria-invalid'), 'true');
    assert.match(await page.textContent('[data-error-for="models"]'), /Models \(models\) must be a whole number from 2 to 64; got 500/);
    assert.equal(await page.isVisible('#internal-error'), false);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
