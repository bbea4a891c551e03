// "Softmax" end to end: the default trains to its target live, the field is drawn, the
// probabilities of sampled points (clicked on the field, or stepped through) sum to 1 with
// t = eᶻ, a = t / Σ t, the loss = −log a of the point's class and dz = a − y; the C = 2
// comparison shows the same predictions (the 2-unit softmax against the sigmoid whose last
// layer learns at 2α) and a visible gap for the sigmoid at α; bad settings are refused at their
// control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, waitForCanvasDrawn, screenshot } from './harness.mjs';

const done = (page) => page.waitForSelector('.softmax-view[data-done="true"]', { timeout: 60_000 });

/** The chosen point's numbers, as the page holds them (full precision, from data attributes). */
async function reading(page) {
  return page.evaluate(() => {
    const box = document.getElementById('sm-point');
    const rows = [...document.querySelectorAll('#sm-rows tr')].map((tr) => Object.fromEntries(
      ['z', 't', 'a', 'network', 'y', 'dz'].map((k) => [k, Number(tr.dataset[k])]),
    ));
    return { index: Number(box.dataset.index), label: Number(box.dataset.label), loss: Number(box.dataset.loss), dzCheck: Number(box.dataset.dzCheck), rows };
  });
}

function checkReading(r, where) {
  assert.equal(r.rows.length, 3, where);
  const sumA = r.rows.reduce((s, c) => s + c.a, 0);
  const sumNet = r.rows.reduce((s, c) => s + c.network, 0);
  assert.ok(Math.abs(sumA - 1) < 1e-9, `${where}: Σ a = ${sumA}`);
  assert.ok(Math.abs(sumNet - 1) < 1e-5, `${where}: Σ ŷ of the network = ${sumNet}`);
  const sumT = r.rows.reduce((s, c) => s + c.t, 0);
  r.rows.forEach((c, k) => {
    assert.ok(c.a > 0 && c.a < 1, `${where}: a${k} = ${c.a}`);
    assert.ok(Math.abs(c.t - Math.exp(c.z)) <= 1e-9 * c.t, `${where}: t = e^z`);
    assert.ok(Math.abs(c.a - c.t / sumT) < 1e-9, `${where}: a = t / Σ t`);
    assert.equal(c.y, k === r.label ? 1 : 0, `${where}: one-hot y`);
    assert.ok(Math.abs(c.dz - (c.a - c.y)) < 1e-12, `${where}: dz = a − y`);
  });
  assert.ok(Math.abs(r.loss + Math.log(r.rows[r.label].a)) < 1e-9, `${where}: loss = −log a of its class`);
  assert.ok(r.dzCheck < 1e-7, `${where}: finite-difference check ${r.dzCheck}`);
}

test('softmax view: the default trains, probabilities sum to 1 at sampled points, C = 2 shows equal predictions', async () => {
  const { page, errors, close } = await openPage('/index.html?view=softmax');
  try {
    await done(page);
    assert.equal(await page.getAttribute('#tab-softmax', 'aria-selected'), 'true');
    assert.match(await page.textContent('#sm-steps'), /1,500/);
    const field = await waitForCanvasDrawn(page, '#sm-field', { minColours: 30 });
    assert.ok(field.width >= 200 && field.width === field.height, `field ${field.width}×${field.height}`);
    for (const twin of ['sigmoid', 'softmax', 'sigmoidFastLast']) {
      await waitForCanvasDrawn(page, `canvas.sm-pair-field[data-twin="${twin}"]`, { minColours: 20 });
    }
    await waitForCanvasDrawn(page, '#sm-gaps', { minColours: 3 });

    // The default point sits where the blobs meet: not every probability is 0 or 1.
    const first = await reading(page);
    checkReading(first, 'default point');
    assert.ok(first.rows.every((c) => c.a > 0.01 && c.a < 0.95), JSON.stringify(first.rows));

    // Sampled points: clicked at spread positions of the field; each click picks the nearest
    // data point (the URL keeps it), and its probabilities sum to 1.
    const box = await page.locator('#sm-field').boundingBox();
    const seen = new Set([first.index]);
    for (const [u, v] of [[0.3, 0.3], [0.7, 0.35], [0.5, 0.75], [0.2, 0.6], [0.62, 0.55]]) {
      await page.mouse.click(box.x + u * box.width, box.y + v * box.height);
      await page.waitForFunction((i) => Number(document.getElementById('sm-point').dataset.index) !== i, [...seen].pop());
      const r = await reading(page);
      checkReading(r, `click at ${u}, ${v}`);
      seen.add(r.index);
      assert.equal(new URL(page.url()).searchParams.get('point'), String(r.index));
    }
    assert.ok(seen.size >= 5, `distinct points: ${[...seen]}`);
    await page.click('#sm-next');
    checkReading(await reading(page), 'next point');

    // C = 2: the softmax and the sigmoid with its last layer at 2α agree to float precision;
    // the sigmoid at α does not.
    const same = await page.evaluate(() => ({ ...document.getElementById('sm-same').dataset }));
    assert.equal(Number(same.step), 1500);
    assert.ok(Number(same.fastLast) < 1e-5, `2α last layer vs softmax: ${same.fastLast}`);
    assert.ok(Number(same.sigmoid) > 1e-2, `sigmoid at α vs softmax: ${same.sigmoid}`);
    assert.ok(Number(same.identity) < 1e-6, `softmax vs σ(z1 − z0): ${same.identity}`);
    assert.match(await page.textContent('#sm-same'), /Same predictions/);
    const acc = await page.$$eval('[data-acc]', (els) => els.map((e) => e.textContent));
    assert.equal(acc.length, 3);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 1280, `the page fits its width: ${width}`);
    await screenshot(page, 'softmax-view.png');
    assert.deepEqual(errors, [], 'console/page errors on the softmax view');
  } finally {
    await close();
  }
});

test('softmax view: a chosen point and new settings come back from the URL, and training goes on past the target', async () => {
  const { page, errors, close } = await openPage('/index.html?view=softmax&softmaxData=spiral3&point=12');
  try {
    await done(page);
    const r = await reading(page);
    assert.equal(r.index, 12);
    checkReading(r, 'spiral3 point 12');
    await page.selectOption('#sm-binary', 'xor');
    await page.waitForFunction(() => location.search.includes('binaryData=xor') && !location.search.includes('point='));
    await done(page);
    assert.ok(Number(await page.getAttribute('#sm-same', 'data-fast-last')) < 1e-5);
    await page.click('#sm-play');
    await page.waitForFunction(() => Number(document.getElementById('sm-steps').dataset.steps) > 1550);
    await page.click('#sm-play');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('softmax view: bad settings are refused with a message at their control', async () => {
  for (const [query, key, words] of [
    ['softmaxSeed=abc', 'softmaxSeed', /'abc'/],
    ['point=0', 'point', /from 1 to 300/],
    ['point=9999', 'point', /from 1 to 300/],
    ['softmaxData=circle', 'softmaxData', /one of blobs3, spiral3/],
  ]) {
    const { page, errors, close } = await openPage(`/index.html?view=softmax&${query}`);
    try {
      const box = page.locator(`.softmax-view [data-error-for="${key}"]`);
      await box.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await box.textContent(), words, query);
      assert.equal(await page.getAttribute('.softmax-view', 'data-refused'), 'true', query);
      assert.equal(await page.isVisible('#sm-error'), true, query);
      await page.click('#sm-defaults');
      await done(page);
      assert.equal(await box.isVisible(), false, query);
      assert.deepEqual(errors, [], `console/page errors for ${query}`);
    } finally {
      await close();
    }
  }
});
