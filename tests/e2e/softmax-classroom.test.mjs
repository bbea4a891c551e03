// "Softmax" in the classroom (issue 11): a paused run's link (its `at`) replays to the same
// update and draws the same pixels in a fresh page; the CSV/JSON data and the PNG exports; the
// lesson script in both languages; presenter mode's type at 1280 × 720.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';
import { canvasPixels, pngExport, presenterType, viewExport } from './scalesoftmax-classroom.mjs';

const VIEWPORT = { width: 1280, height: 720 };
const CANVASES = '.softmax-view canvas';
const paused = (page, steps) => page.waitForFunction((steps) => {
  const s = document.getElementById('sm-status')?.dataset.state;
  const n = Number(document.getElementById('sm-steps')?.dataset.steps);
  return s === 'paused' && (steps === undefined || n === steps);
}, steps, { timeout: 60_000 });
const steps = (page) => page.$eval('#sm-steps', (el) => Number(el.dataset.steps));
const urlAt = (page) => page.evaluate(() => new URL(location.href).searchParams.get('at'));

test('softmax: a paused run\'s link replays to its update and shows the same pixels', { timeout: 300_000 }, async () => {
  const live = await openPage('/index.html?view=softmax&softmaxSeed=3', { viewport: VIEWPORT });
  let href;
  let pixels;
  let reached;
  try {
    const { page } = live;
    await page.waitForFunction(() => Number(document.getElementById('sm-steps')?.dataset.steps) >= 200);
    await page.click('#sm-play'); // pause
    await paused(page);
    reached = await steps(page);
    assert.ok(reached >= 200 && reached < 1500, `paused at ${reached}`);
    assert.equal(await urlAt(page), String(reached), 'the URL keeps the update reached');
    await page.click('#sm-next'); // another point: the URL keeps it, and the update
    const point = await page.$eval('#sm-point', (el) => el.dataset.index);
    href = await page.evaluate(async () => (await import('/js/state.js')).href());
    assert.match(href, new RegExp(`[?&]at=${reached}(&|$)`));
    assert.match(href, new RegExp(`[?&]point=${point}(&|$)`));
    assert.match(href, /softmaxSeed=3/);
    pixels = await canvasPixels(page, CANVASES);
    assert.equal(pixels.length, 5);
    for (const p of pixels) assert.ok(p.ink > 0, `${p.id} drawn`);
    assert.deepEqual(live.errors, []);
  } finally {
    await live.close();
  }

  const opened = await openPage(href.replace(/^https?:\/\/[^/]+/, ''), { viewport: VIEWPORT });
  try {
    const { page } = opened;
    await paused(page, reached);
    assert.equal(await page.$eval('#sm-play', (b) => b.classList.contains('is-playing')), false, 'paused after the replay');
    assert.deepEqual(await canvasPixels(page, CANVASES), pixels, 'the same pixels on every canvas');
    assert.equal(await urlAt(page), String(reached));
    // Play goes on from there to the target; reset starts again and forgets the update.
    await page.click('#sm-play');
    await page.waitForSelector('.softmax-view[data-done="true"]', { timeout: 60_000 });
    assert.equal(await steps(page), 1500);
    assert.equal(await urlAt(page), null, 'at the target a link needs no update');
    assert.deepEqual(opened.errors, []);
  } finally {
    await opened.close();
  }
});

test('softmax: a link past the target replays with progress shown, then pauses', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=softmax&at=3000', { viewport: VIEWPORT });
  try {
    const seen = await page.waitForFunction(() => {
      const el = document.getElementById('sm-status');
      return el?.dataset.state === 'replaying' && el.textContent;
    }, null, { timeout: 30_000 }).then((h) => h.jsonValue());
    assert.match(seen, /3,000/, seen);
    await paused(page, 3000);
    assert.equal(await page.getAttribute('.softmax-view', 'data-done'), 'true');
    assert.equal(await urlAt(page), '3000');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('softmax: the data export holds the chosen point and the gap history; PNGs are drawn at 2×', { timeout: 120_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=softmax&at=700&point=5', { viewport: VIEWPORT });
  try {
    await paused(page, 700);
    const data = await viewExport(page, 'softmax', 'data');
    const [point, gaps] = data.tables;
    assert.equal(point.name, 'point');
    assert.deepEqual(point.columns, ['class', 'z', 't', 'a', 'y', 'dz']);
    assert.equal(point.rows.length, 3);
    const sumA = point.rows.reduce((s, r) => s + r[3], 0);
    assert.ok(Math.abs(sumA - 1) < 1e-9, `Σ a = ${sumA}`);
    for (const [, z, t, a, y, dz] of point.rows) {
      assert.ok(Math.abs(t - Math.exp(z)) <= 1e-9 * t);
      assert.ok(Math.abs(dz - (a - y)) < 1e-12);
    }
    assert.equal(data.json.point.index, 5);
    assert.ok(Math.abs(data.json.point.loss + Math.log(point.rows[data.json.point.label][3])) < 1e-9);
    assert.equal(gaps.name, 'gaps');
    assert.deepEqual(gaps.columns, ['step', 'sigmoid', 'fastLast', 'identity']);
    assert.equal(gaps.rows.length, 700 / 20 + 1, 'a gap every 20 updates and at the start');
    assert.deepEqual(gaps.rows.map((r) => r[0]), Array.from({ length: 36 }, (_, k) => 20 * k));
    assert.equal(data.json.steps, 700);
    assert.match(data.json.query, /at=700/);

    const charts = await viewExport(page, 'softmax', 'exportables');
    assert.deepEqual(charts.map((c) => c.id), ['field', 'pair-sigmoid', 'pair-softmax', 'pair-sigmoidFastLast', 'gaps']);
    for (const sel of ['#sm-field', 'canvas.sm-pair-field[data-twin="softmax"]', '#sm-gaps']) {
      const png = await pngExport(page, sel);
      assert.equal(png.size.width, Math.round(png.shown.width * 2), `${sel}: ${JSON.stringify(png)}`);
      assert.equal(png.size.height, Math.round(png.shown.height * 2), `${sel}: ${JSON.stringify(png)}`);
      assert.ok(png.inked > png.size.width * png.size.height * 0.02, `${sel}: ${png.inked} pixels drawn`);
      assert.match(png.name, /^tunelab-softmax-.+\.png$/);
    }
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

for (const lang of ['en', 'zh']) {
  test(`softmax: the lesson walks its steps with the keyboard; presenter type ≥ 24 px (${lang})`, { timeout: 300_000 }, async () => {
    const { page, errors, close } = await openPage(`/index.html?view=softmax&lang=${lang}&present=1&lesson=1`, { viewport: VIEWPORT });
    try {
      const lesson = await page.evaluate(async () => (await import('/js/views/softmax.js')).lesson);
      assert.ok(lesson.length >= 4 && lesson.length <= 8);
      const says = new Set();
      for (let k = 1; k <= lesson.length; k++) {
        // The step's view is mounted (its lesson bar shows k) and its link replayed.
        await page.waitForFunction((k) => document.querySelector('.lesson-bar select')?.value === String(k)
          && document.getElementById('sm-status')?.dataset.state !== 'replaying', k, { timeout: 60_000 });
        const say = await page.textContent('.lesson-bar .lesson-say');
        assert.ok(say && !says.has(say), `step ${k} says something new: ${say}`);
        if (lang === 'zh') assert.match(say, /[\u4e00-\u9fff]/, `step ${k} in Chinese`);
        says.add(say);
        const focus = await page.$eval('.lesson-focus', (el) => {
          const r = el.getBoundingClientRect();
          return { width: r.width, height: r.height };
        });
        assert.ok(focus.width > 300 && focus.height > 100, `step ${k}: the focus is large: ${JSON.stringify(focus)}`);
        const type = await presenterType(page, 23.5);
        assert.deepEqual(type.small, [], `step ${k}: text below 24 px`);
        assert.equal(type.sideways, false, `step ${k}: nothing clipped sideways`);
        if (k < lesson.length) await page.keyboard.press('ArrowRight');
      }
      const field = await page.$eval('#sm-gaps', (c) => c.getBoundingClientRect().height);
      assert.ok(field >= 0.4 * 720, `the last step's chart fills the screen: ${field}px high`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
