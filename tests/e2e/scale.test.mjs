// "Right scale" end to end: the decade shares match the course (uniform α in [0.0001, 1] puts
// ≈ 90% in [0.1, 1], α = 10^r gives each decade ≈ 25%; uniform β in [0.9, 0.999] puts ≈ 91% in
// [0.9, 0.99], β = 1 − 10^r splits evenly), the eight histograms are drawn, and nothing is
// logged as an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, canvasStats, screenshot } from './harness.mjs';

async function shares(page, param) {
  return page.evaluate((p) => [...document.querySelectorAll(`.sc-section[data-param="${p}"] tbody tr`)]
    .map((tr) => ({
      decade: Number(tr.dataset.decade),
      uniform: Number(tr.querySelector('.share-uniform').dataset.share),
      scale: Number(tr.querySelector('.share-scale').dataset.share),
    }))
    .sort((a, b) => a.decade - b.decade), param);
}

test('right-scale view: decade shares and histograms', async () => {
  const { page, errors, close } = await openPage('/index.html?view=scale&samples=10000');
  try {
    await page.waitForSelector('.scale-view[data-ready="true"]', { timeout: 30_000 });
    const lr = await shares(page, 'lr');
    assert.equal(lr.length, 4);
    assert.ok(Math.abs(lr[3].uniform - 0.9) < 0.02, `uniform share of [0.1, 1]: ${lr[3].uniform}`);
    for (const d of lr) assert.ok(Math.abs(d.scale - 0.25) < 0.03, `10^r share of decade ${d.decade}: ${d.scale}`);
    const beta = await shares(page, 'beta');
    assert.equal(beta.length, 2);
    assert.ok(Math.abs(beta[0].uniform - 0.909) < 0.02, `uniform share of [0.9, 0.99]: ${beta[0].uniform}`);
    for (const d of beta) assert.ok(Math.abs(d.scale - 0.5) < 0.03, `1 − 10^r share: ${d.scale}`);
    const text = await page.textContent('.scale-view');
    assert.match(text, /r = -4 \* rand\(\)/);
    assert.match(text, /1\/\(1 − β\)/);

    const n = await page.evaluate(() => document.querySelectorAll('.sc-hist').length);
    assert.equal(n, 8);
    for (let i = 0; i < n; i++) {
      const s = await canvasStats(page, `.sc-hist >> nth=${i}`).catch(() => null)
        ?? await page.evaluate(() => null);
      if (s) assert.ok(s.colours > 5, `histogram ${i} looks empty: ${JSON.stringify(s)}`);
    }
    const drawn = await page.evaluate(() => [...document.querySelectorAll('.sc-hist')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    }));
    assert.ok(drawn.every((c) => c > 5), `histograms: ${drawn}`);
    await screenshot(page, 'scale-view.png');

    // Another N redraws and keeps the URL in sync.
    await page.click('label[for="sc-n-100"]');
    await page.waitForFunction(() => location.search.includes('samples=100'));
    assert.equal((await shares(page, 'lr')).length, 4);
    assert.deepEqual(errors, [], 'console/page errors on the right-scale view');
  } finally {
    await close();
  }
});
