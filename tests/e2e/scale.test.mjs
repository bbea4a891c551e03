// "Right scale" end to end: the decade shares match the course (uniform α in [0.0001, 1] puts
// ≈ 90% in [0.1, 1], α = 10^r gives each decade ≈ 25%; uniform β in [0.9, 0.999] puts ≈ 91% in
// [0.9, 0.99], β = 1 − 10^r splits evenly, Keras Tuner's reverse_log gives ≈ 9.5% to the top
// decade), the general rule follows the learner's a and b, uniform is right for units and
// layers, every histogram is drawn, and bad settings are refused at their control (issue 12:
// nothing reinterpreted silently).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot } from './harness.mjs';

/** The shares table of `param`, lowest part first: [{ part, <sampler>: share }]. */
async function shares(page, param) {
  return page.evaluate((p) => [...document.querySelectorAll(`.sc-shares[data-param="${p}"] tbody tr`)]
    .map((tr) => Object.fromEntries([['part', Number(tr.dataset.part)],
      ...[...tr.querySelectorAll('.sc-share')].map((td) => [td.dataset.sampler, Number(td.dataset.share)])]))
    .sort((a, b) => a.part - b.part), param);
}

const ready = (page) => page.waitForSelector('.scale-view[data-ready="true"]', { timeout: 30_000 });

test('right-scale view: the course\'s shares, reverse_log beside 1 − 10^r, histograms drawn', async () => {
  const { page, errors, close } = await openPage('/index.html?view=scale&samples=20000');
  try {
    await ready(page);
    const lr = await shares(page, 'lr');
    assert.equal(lr.length, 4);
    assert.ok(Math.abs(lr[3].uniform - 0.9) < 0.02, `uniform share of [0.1, 1]: ${lr[3].uniform}`);
    for (const d of lr) assert.ok(Math.abs(d.scale - 0.25) < 0.02, `10^r share of decade ${d.part}: ${d.scale}`);
    const beta = await shares(page, 'beta');
    assert.equal(beta.length, 2);
    assert.ok(Math.abs(beta[0].uniform - 0.909) < 0.02, `uniform share of [0.9, 0.99]: ${beta[0].uniform}`);
    for (const d of beta) assert.ok(Math.abs(d.scale - 0.5) < 0.02, `1 − 10^r share: ${d.scale}`);
    assert.ok(Math.abs(beta[1].reverseLog - 0.0953) < 0.015, `reverse_log share of [0.99, 0.999]: ${beta[1].reverseLog}`);
    const units = await shares(page, 'units');
    assert.ok(Math.abs(units[0].uniform - 25 / 51) < 0.02 && Math.abs(units[0].scale - 0.577) < 0.02, JSON.stringify(units));
    const layers = await shares(page, 'layers');
    assert.equal(layers.length, 3);
    for (const d of layers) assert.ok(Math.abs(d.uniform - 1 / 3) < 0.02, JSON.stringify(layers));

    const text = await page.textContent('.scale-view');
    assert.match(text, /r = −4 \+ 4 · rand\(\)/);
    assert.match(text, /1\/\(1 − β\)/);
    assert.match(text, /reverse_log/);
    assert.match(await page.textContent('[data-explain="trap"]'), /not/);

    const drawn = await page.evaluate(() => [...document.querySelectorAll('.sc-hist')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4) if (d[i + 3]) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    }));
    assert.equal(drawn.length, 4 + 6 + 3);
    assert.ok(drawn.every((c) => c > 5), `histograms: ${drawn}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 1280, `the page fits its width: ${width}`);
    await screenshot(page, 'scale-view.png');

    // A quick pick redraws and keeps the URL in sync.
    await page.click('[data-samples="100"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('samples') === '100');
    await page.waitForFunction(() => document.querySelector('.sc-shares caption').textContent.includes('100 '));
    assert.deepEqual(errors, [], 'console/page errors on the right-scale view');
  } finally {
    await close();
  }
});

test('right-scale view: the general rule follows a and b as the learner types them', async () => {
  const { page, errors, close } = await openPage('/index.html?view=scale&samples=20000');
  try {
    await ready(page);
    await page.fill('#sc-a', '-6');
    await page.press('#sc-a', 'Tab');
    await page.fill('#sc-b', '-2');
    await page.press('#sc-b', 'Tab');
    await page.waitForFunction(() => location.search.includes('logMin=-6') && location.search.includes('logMax=-2'));
    await page.waitForFunction(() => document.querySelector('[data-code="lr-uniform"]').textContent.includes('1e-6'));
    const lr = await shares(page, 'lr');
    assert.equal(lr.length, 4);
    for (const d of lr) assert.ok(Math.abs(d.scale - 0.25) < 0.02, JSON.stringify(lr));
    assert.match(await page.textContent('[data-code="lr-scale"]'), /r = −6 \+ 4 · rand\(\)/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('right-scale view: bad settings are refused with a message at their control', async () => {
  for (const [query, key, control, words] of [
    ['sampleSeed=abc', 'sampleSeed', '#sc-seed', /'abc'/],
    ['sampleSeed=', 'sampleSeed', '#sc-seed', /''/],
    ['samples=0x10', 'samples', '#sc-samples', /'0x10'/],
    ['samples=1000000', 'samples', '#sc-samples', /from 1 to 100000/],
    ['logMin=1&logMax=0', 'logMin', '#sc-a', /a below b/],
    ['logMax=-5', 'logMax', '#sc-b', /a below b/],
  ]) {
    const { page, errors, close } = await openPage(`/index.html?view=scale&${query}`);
    try {
      const box = page.locator(`.scale-view [data-error-for="${key}"]`);
      await box.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await box.textContent(), words, query);
      assert.equal(await page.getAttribute(control, 'aria-invalid'), 'true', query);
      assert.equal(await page.isVisible(control), true, query);
      assert.equal(await page.getAttribute('.scale-view', 'data-refused'), 'true', query);
      assert.equal(await page.isVisible('.sc-hist'), false, `${query}: nothing drawn from a refused setting`);
      // The field shows what was typed, not a silent replacement.
      const typed = new URLSearchParams(query).get(key);
      assert.equal(await page.inputValue(control), typed, query);
      // Fixing it (here: back to the defaults) draws again.
      await page.click('#sc-defaults');
      await ready(page);
      assert.equal(await box.isVisible(), false, query);
      assert.deepEqual(errors, [], `console/page errors for ${query}`);
    } finally {
      await close();
    }
  }
});
