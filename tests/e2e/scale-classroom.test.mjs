// "Right scale" in the classroom (issue 11): a link (samples, seed, a and b) draws the same
// pixels in a fresh page; the CSV/JSON data (shares per part of each range and sampler, the
// histograms' counts) and the PNG exports; the lesson script in both languages; presenter
// mode's type at 1280 × 720.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';
import { canvasPixels, pngExport, presenterType, viewExport } from './scalesoftmax-classroom.mjs';

const VIEWPORT = { width: 1280, height: 720 };
const ready = (page) => page.waitForSelector('.scale-view[data-ready="true"]', { timeout: 60_000 });
/** After the last resize: every histogram drawn at its size on screen. */
const settled = (page) => page.waitForFunction(() => [...document.querySelectorAll('canvas.sc-hist')]
  .every((c) => c.width > 0 && c.width === Math.round(c.getBoundingClientRect().width * devicePixelRatio)));

test('scale: a link draws the same pixels in a fresh page', { timeout: 120_000 }, async () => {
  const first = await openPage('/index.html?view=scale', { viewport: VIEWPORT });
  let href;
  let pixels;
  try {
    const { page } = first;
    await ready(page);
    // The learner's picture: other samples, seed and range, set at their controls.
    await page.click('[data-samples="100"]');
    for (const [id, value] of [['#sc-seed', '42'], ['#sc-a', '-3'], ['#sc-b', '1']]) {
      await page.fill(id, value);
      await page.press(id, 'Enter');
      await page.$eval(id, (el) => el.dispatchEvent(new Event('change', { bubbles: true })));
    }
    await ready(page);
    await settled(page);
    href = await page.evaluate(async () => (await import('/js/state.js')).href());
    for (const kv of ['samples=100', 'sampleSeed=42', 'logMin=-3', 'logMax=1']) assert.ok(href.includes(kv), `${kv} in ${href}`);
    pixels = await canvasPixels(page, 'canvas.sc-hist');
    assert.equal(pixels.length, 13);
    for (const p of pixels) assert.ok(p.ink > 0, `${p.id} drawn`);
    assert.deepEqual(first.errors, []);
  } finally {
    await first.close();
  }
  const second = await openPage(href.replace(/^https?:\/\/[^/]+/, ''), { viewport: VIEWPORT });
  try {
    await ready(second.page);
    await settled(second.page);
    assert.deepEqual(await canvasPixels(second.page, 'canvas.sc-hist'), pixels);
    assert.deepEqual(second.errors, []);
  } finally {
    await second.close();
  }
});

test('scale: the data export holds the shares and the histograms\' counts; PNGs are drawn at 2×', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=scale&samples=5000&sampleSeed=9', { viewport: VIEWPORT });
  try {
    await ready(page);
    const data = await viewExport(page, 'scale', 'data');
    const [shares, hist] = data.tables;
    assert.equal(shares.name, 'shares');
    assert.deepEqual(shares.columns, ['param', 'part', 'lo', 'hi', 'sampler', 'share']);
    // α: 4 decades × 2 samplers; β: 2 decades of 1 − β × 3 samplers; units and layers per part × 2 and × 1.
    const per = (param) => shares.rows.filter((r) => r[0] === param);
    assert.equal(per('lr').length, 8);
    assert.equal(per('beta').length, 6);
    const units = data.json.params.find((p) => p.name === 'units');
    const layers = data.json.params.find((p) => p.name === 'layers');
    assert.equal(per('units').length, units.parts.length * units.samplers.length);
    assert.equal(per('layers').length, layers.parts.length * layers.samplers.length);
    assert.equal(shares.rows.length, 8 + 6 + per('units').length + per('layers').length);
    const sums = new Map();
    for (const [param, , , , sampler, share] of shares.rows) sums.set(`${param} ${sampler}`, (sums.get(`${param} ${sampler}`) ?? 0) + share);
    for (const [k, s] of sums) assert.ok(Math.abs(s - 1) < 1e-9, `${k}: shares sum to ${s}`);
    // Uniform α in [10^-4, 1]: about 90 % in the top decade; on the right scale about a quarter.
    const top = (sampler) => per('lr').find((r) => r[1] === 3 && r[4] === sampler)[5];
    assert.ok(top('uniform') > 0.88 && top('uniform') < 0.92, `uniform top decade ${top('uniform')}`);
    assert.ok(top('scale') > 0.22 && top('scale') < 0.28, `log top decade ${top('scale')}`);

    assert.equal(hist.name, 'histograms');
    assert.deepEqual(hist.columns, ['param', 'sampler', 'axis', 'from', 'to', 'count']);
    assert.equal(data.json.histograms.length, 13, 'one per chart');
    assert.equal(hist.rows.length, data.json.histograms.reduce((n, h) => n + h.bins.length, 0));
    for (const h of data.json.histograms) {
      const n = h.bins.reduce((s, b) => s + b.count, 0);
      assert.equal(n, 5000, `${h.param} ${h.sampler} ${h.axis}: every sample counted once`);
      assert.ok(h.bins.every((b, i) => b.to > b.from && (i === 0 || b.from >= h.bins[i - 1].to - 1e-12)), 'bins in order');
    }

    const charts = await viewExport(page, 'scale', 'exportables');
    assert.equal(charts.length, 13);
    assert.equal(new Set(charts.map((c) => c.id)).size, 13);
    for (const sel of ['canvas.sc-hist[data-param="lr"][data-sampler="uniform"][data-log="0"]', 'canvas.sc-hist[data-param="units"]']) {
      const png = await pngExport(page, sel);
      assert.equal(png.size.width, Math.round(png.shown.width * 2), `${sel}: ${JSON.stringify(png)}`);
      assert.equal(png.size.height, Math.round(png.shown.height * 2), `${sel}: ${JSON.stringify(png)}`);
      assert.ok(png.inked > png.size.width * png.size.height * 0.01, `${sel}: ${png.inked} pixels drawn`);
      assert.match(png.name, /^tunelab-scale-.+\.png$/);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

for (const lang of ['en', 'zh']) {
  test(`scale: the lesson walks its steps with the keyboard; presenter type ≥ 24 px (${lang})`, { timeout: 300_000 }, async () => {
    const { page, errors, close } = await openPage(`/index.html?view=scale&lang=${lang}&present=1&lesson=1`, { viewport: VIEWPORT });
    try {
      const lesson = await page.evaluate(async () => (await import('/js/views/scale.js')).lesson);
      assert.ok(lesson.length >= 4 && lesson.length <= 8);
      const says = new Set();
      for (let k = 1; k <= lesson.length; k++) {
        // The step's view is mounted (its lesson bar shows k) and drawn.
        await page.waitForFunction((k) => document.querySelector('.lesson-bar select')?.value === String(k)
          && document.querySelector('.scale-view[data-ready="true"]'), k, { timeout: 60_000 });
        const say = await page.textContent('.lesson-bar .lesson-say');
        assert.ok(say && !says.has(say), `step ${k} says something new: ${say}`);
        if (lang === 'zh') assert.match(say, /[\u4e00-\u9fff]/, `step ${k} in Chinese`);
        says.add(say);
        const shown = await page.$$eval('.sc-section', (s) => s.filter((el) => el.checkVisibility()).length);
        assert.equal(shown, 1, `step ${k}: only the section the step is about`);
        const type = await presenterType(page, 23.5);
        assert.deepEqual(type.small, [], `step ${k}: text below 24 px`);
        assert.equal(type.sideways, false, `step ${k}: nothing clipped sideways`);
        if (k < lesson.length) await page.keyboard.press('ArrowRight');
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('a link naming only a lesson step (?view=scale&lesson=2) opens that step\'s state', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=scale&lesson=2', { viewport: VIEWPORT });
  try {
    await page.waitForFunction(() => new URLSearchParams(location.search).get('logMin') === '-3', null, { timeout: 30_000 });
    await ready(page);
    assert.equal(await page.$eval('#sc-a', (el) => el.value), '-3');
    assert.equal(await page.$eval('.lesson-bar select', (el) => el.value), '2');
    // A link that carries settings is shown as it is, even with a lesson step named.
    await page.goto(page.url().replace(/\?.*$/, '?view=scale&lesson=2&logMin=-5'));
    await ready(page);
    await page.waitForTimeout(500);
    assert.equal(new URL(page.url()).searchParams.get('logMin'), '-5');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
