// The batch-norm lab in the classroom (issue 11): a link reproduces the picture (the step reached
// `at`, replayed on opening, the formula's stage, the part, the layer and unit, the BN mode, the
// sensitivity maps computed again), the exports hold the numbers behind the view and draw every
// chart at twice its size, the lesson script's steps are distinct states with words in both
// catalogues, and presenter mode shows the lesson's chart large. Needs the page built first
// (scripts/build.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, WWW_ROOT } from './harness.mjs';

// Tall enough that every panel is on screen (panels off screen are not redrawn).
const TALL = { width: 1280, height: 5600 };
const CANVASES = ['l-hist', 'l-walk', 'l-running', 'l-mode-field', 'l-gb', 'l-plain-field', 'l-bn-field', 'l-loss', 'l-act', 'l-noise', 'l-map'];

/** Waits until the sensitivity maps are complete (started by the learner if the page asks). */
async function mapsDone(page) {
  await page.waitForFunction(() => {
    const start = document.querySelector('#l-map-start');
    if (start && !start.hidden) start.click();
    return document.querySelector('#l-map').dataset.ms !== undefined;
  }, null, { timeout: 300_000, polling: 500 });
}

const steps = (page) => page.$eval('#l-steps', (el) => Number(el.textContent.replace(/\D/g, '')));

/** Waits until a link's replay has ended and the lab is paused at `at`, then for its redraw. */
async function replayed(page, at) {
  await page.waitForSelector('#l-play:not(.is-playing)', { timeout: 120_000 });
  await page.waitForFunction((n) => document.querySelector('#l-replay').hidden
    && Number(document.querySelector('#l-steps').textContent.replace(/\D/g, '')) === n, at, { timeout: 120_000 });
  await page.waitForTimeout(1500); // every panel redrawn at that step (a few per frame)
}

/** Every compared canvas's size and pixels (as a hash). */
function pixels(page) {
  return page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const c = document.getElementById(id);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 2166136261;
    for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619);
    return [id, `${c.width}×${c.height}:${h >>> 0}`];
  })), CANVASES);
}

test('a link reproduces the lab\'s picture: its step replayed, its stage, part, unit, mode and computed maps', { timeout: 600_000 }, async () => {
  const first = await openPage('/index.html?view=bnlab&at=120&stage=4&layer=2&unit=3&bnMode=batch', { viewport: TALL });
  let href;
  let before;
  try {
    await replayed(first.page, 120);
    // Stepping once more writes the new step to the URL; a picture key changed writes its own.
    await first.page.click('#l-step');
    await first.page.waitForFunction(() => /[?&]at=121(&|$)/.test(location.search));
    await first.page.click('.lab-toc [data-part="2"]');
    await first.page.waitForFunction(() => /[?&]part=2(&|$)/.test(location.search));
    // The maps complete: the link says so (maps=1), and a fresh page computes them again.
    await mapsDone(first.page);
    await first.page.waitForFunction(() => /[?&]maps=1(&|$)/.test(location.search));
    await first.page.waitForTimeout(1500);
    href = await first.page.evaluate(async () => (await import('/js/state.js')).href());
    for (const key of ['at=121', 'stage=4', 'layer=2', 'unit=3', 'bnMode=batch', 'part=2', 'maps=1']) assert.match(href, new RegExp(`[?&]${key}(&|$)`), href);
    assert.equal(await first.page.$eval('#l-stage-4', (el) => el.checked), true);
    before = await pixels(first.page);
    assert.deepEqual(first.errors, []);
  } finally {
    await first.close();
  }

  // A fresh page opens the link: it replays to step 121 (with visible progress), then pauses.
  const second = await openPage(href.replace(/^https?:\/\/[^/]+/, ''), { viewport: TALL });
  try {
    const sawProgress = await second.page.waitForFunction(() => {
      const bar = document.querySelector('#l-replay');
      return bar && !bar.hidden && bar.max === 121 ? 'replaying' : document.querySelector('#l-replay')?.hidden === true && Number(document.querySelector('#l-steps').textContent.replace(/\D/g, '')) === 121 ? 'done' : false;
    }, null, { timeout: 120_000, polling: 'raf' }).then((h) => h.jsonValue());
    assert.ok(['replaying', 'done'].includes(sawProgress));
    await replayed(second.page, 121);
    await mapsDone(second.page);
    await second.page.waitForTimeout(1000);
    assert.equal(await steps(second.page), 121);
    assert.equal(await second.page.$eval('#l-stage-4', (el) => el.checked), true);
    assert.equal(await second.page.$eval('.lab-toc [data-part="2"]', (el) => el.getAttribute('aria-current')), 'step');
    assert.equal(await second.page.$eval('#l-layer', (el) => el.value), '2');
    assert.equal(await second.page.$eval('#l-unit', (el) => el.value), '3');
    const after = await pixels(second.page);
    assert.deepEqual(after, before, 'every canvas pixel for pixel');
    assert.deepEqual(second.errors, []);
  } finally {
    await second.close();
  }
});

test('the exports: the numbers behind the lab as tables, and every chart drawn at twice its size', { timeout: 600_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=bnlab&at=60', { viewport: TALL });
  try {
    await replayed(page, 60);
    const data = await page.evaluate(async () => {
      const m = await import('/js/views/bnlab.js');
      const { tables, json } = m.data();
      return {
        tables: tables.map((t) => ({ name: t.name, columns: t.columns, rows: t.rows.length, width: new Set(t.rows.map((r) => r.length)).size === 1 ? t.rows[0].length : -1, first: t.rows[0] })),
        json: { keys: Object.keys(json), tables: Object.fromEntries(Object.entries(json.tables).map(([k, v]) => [k, v.length])), steps: json.steps, m: json.unit?.m },
      };
    });
    const byName = Object.fromEntries(data.tables.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(byName), ['batch', 'statistics', 'curves', 'maps']);
    assert.deepEqual(byName.batch.columns, ['example', 'z', 'z_minus_mu', 'z_norm', 'z_tilde']);
    assert.equal(byName.batch.rows, 16); // the default mini-batch
    assert.deepEqual(byName.statistics.columns, ['step', 'batch_mean', 'batch_var', 'running_mean', 'running_var', 'gamma', 'beta']);
    assert.ok(byName.statistics.rows >= 1 && byName.statistics.rows <= 60, `${byName.statistics.rows} traced steps`);
    assert.equal(byName.curves.columns.length, 7);
    assert.ok(byName.curves.rows >= 2, 'both runs recorded their curves');
    assert.deepEqual(byName.maps.columns, ['bn', 'alpha', 'init_scale', 'valid_loss', 'status']);
    assert.equal(byName.maps.rows, 800);
    for (const t of data.tables) assert.equal(t.width, t.columns.length, `${t.name}: one cell per column`);
    assert.equal(byName.batch.first[0], 1);
    assert.equal(typeof byName.batch.first[1], 'number');
    assert.deepEqual(data.json.tables, { batch: 16, statistics: byName.statistics.rows, curves: byName.curves.rows, maps: 800 });
    assert.equal(data.json.steps, 60);
    assert.equal(data.json.m, 16);

    // Every chart, drawn by the engine into a canvas twice its size on screen: real pixels.
    const charts = await page.evaluate(async () => {
      const m = await import('/js/views/bnlab.js');
      return m.exportables().map((c) => {
        const box = c.canvas.getBoundingClientRect();
        const off = document.createElement('canvas');
        off.width = Math.round(box.width * 2);
        off.height = Math.round(box.height * 2);
        c.draw(off);
        const d = off.getContext('2d').getImageData(0, 0, off.width, off.height).data;
        const colours = new Set();
        let inked = 0;
        for (let i = 0; i < d.length; i += 16) {
          colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
          if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) inked++;
        }
        return { id: c.id, title: c.title, size: [off.width, off.height], shown: [box.width, box.height], colours: colours.size, inked };
      });
    });
    assert.equal(charts.length, 11);
    for (const c of charts) {
      assert.ok(c.shown[0] > 50 && c.shown[1] > 50, `${c.id} on screen: ${c.shown}`);
      assert.deepEqual(c.size, [Math.round(c.shown[0] * 2), Math.round(c.shown[1] * 2)], `${c.id} at 2×`);
      assert.ok(c.title && !c.title.startsWith('l-'), `${c.id} has its caption as title`);
      assert.ok(c.colours > 3 && c.inked > 100, `${c.id} drawn at 2×: ${c.colours} colours, ${c.inked} inked samples`);
    }
    // The export bar is on the page.
    assert.equal(await page.$$eval('#view-bnlab .view-exports button', (b) => b.length), 2);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the lesson: distinct states with words in both catalogues; presenter mode shows the step large', { timeout: 600_000 }, async () => {
  const en = JSON.parse(fs.readFileSync(path.join(WWW_ROOT, 'i18n', 'en.json'), 'utf8'));
  const zh = JSON.parse(fs.readFileSync(path.join(WWW_ROOT, 'i18n', 'zh.json'), 'utf8'));
  const { page, errors, close } = await openPage('/index.html?view=bnlab&present=1&lang=zh', { viewport: { width: 1280, height: 720 } });
  try {
    // Every text the engine draws, with its font: at least 16 px in presenter mode.
    await page.context().addInitScript(() => {
      window.__fonts = [];
      const fill = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        if (this.canvas.isConnected) window.__fonts.push([this.canvas.id, parseFloat(this.font.match(/([\d.]+)px/)?.[1]), String(text)]);
        return fill.call(this, text, ...rest);
      };
    });
    await page.reload();
    errors.length = 0; // the reload cancels the first load's fetches
    await page.waitForSelector('#view-bnlab:not([hidden]) #l-hist');
    const lesson = await page.evaluate(async () => (await import('/js/views/bnlab.js')).lesson);
    assert.ok(lesson.length >= 4 && lesson.length <= 8, `${lesson.length} steps`);
    assert.equal(new Set(lesson.map((s) => s.query)).size, lesson.length, 'every step a different state');
    for (const s of lesson) {
      const k = s.say.replace(/^bnlab\.lesson\./, '');
      assert.ok(en.bnlab.lesson[k] && zh.bnlab.lesson[k] && zh.bnlab.lesson[k] !== en.bnlab.lesson[k], `${s.say} in both catalogues`);
    }
    // Steps 1 and 4 through the lesson bar: the step's part alone, its focus on screen and large.
    const shown = [];
    for (const k of [1, 4]) {
      await page.evaluate(async (n) => (await import('/js/classroom.js')).goToStep(n), k);
      await page.waitForFunction((n) => new URLSearchParams(location.search).get('lesson') === String(n), k);
      const at = Number(new URLSearchParams(lesson[k - 1].query).get('at') ?? 0);
      if (at) await replayed(page, at);
      else await page.waitForTimeout(1500);
      const info = await page.evaluate((sel) => {
        const focus = document.querySelector(`#view-bnlab ${sel}`);
        const box = focus.getBoundingClientRect();
        const parts = [...document.querySelectorAll('.lab-part')].filter((p) => p.getClientRects().length > 0).map((p) => p.id);
        const lead = document.querySelector('.lesson-say');
        return {
          focused: focus.classList.contains('lesson-focus'), box: [box.left, box.top, box.right, box.bottom],
          parts, overflow: document.documentElement.scrollWidth - innerWidth, say: parseFloat(getComputedStyle(lead).fontSize),
          intro: document.querySelector('.lab-intro').getClientRects().length,
        };
      }, lesson[k - 1].focus);
      shown.push(info.parts.join());
      assert.ok(info.focused, `step ${k}: its focus is marked`);
      assert.equal(info.parts.length, 1, `step ${k}: one part on screen (${info.parts})`);
      assert.ok(info.box[2] - info.box[0] >= 900, `step ${k}: the focus spans the screen's width (${info.box})`);
      assert.ok(info.overflow <= 0, `step ${k}: nothing clipped sideways`);
      assert.ok(info.say >= 24, `step ${k}: the lesson's words at ${info.say} px`);
      assert.equal(info.intro, 0, 'the intro is hidden in presenter mode');
    }
    assert.notEqual(shown[0], shown[1], 'the two steps show different parts');
    const fonts = await page.evaluate(() => window.__fonts.filter(([id]) => id.startsWith('l-')));
    assert.ok(fonts.length > 10, `${fonts.length} chart texts drawn`);
    const small = fonts.filter(([, px]) => !(px >= 16));
    assert.deepEqual(small.slice(0, 5), [], 'chart text at least 16 px');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
