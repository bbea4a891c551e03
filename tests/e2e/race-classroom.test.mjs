// The race in the classroom (issue 11): a link holds the whole picture — settings, the zoom box,
// the fair repeats, the hidden landscape, the study — and opening it in a fresh page redraws
// every canvas pixel for pixel; the data export's tables and a chart's PNG at twice its size;
// the lesson script (its states parse, its words exist in both languages, its zoom box is the
// one "Zoom around the best" makes at the default); presenter mode at 1280×720; the finished
// picture in Chinese with no English left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openPage } from './harness.mjs';

const DONE = '.race[data-race-state="done"]';
// Small enough to run in seconds, real trainings all the same.
const SMALL = 'view=race&budget=16&steps=60&mapSize=12&repeats=10&studyTrials=20';

/** Every canvas of the race as a data URL, in document order. */
function canvases(page) {
  return page.$$eval('#view-race canvas', (cs) => cs.map((c) => ({ w: c.width, h: c.height, url: c.width ? c.toDataURL() : '' })));
}

/** The page's state module (the same instance as the page's: one module map). */
function href(page) {
  return page.evaluate(async () => (await import('/js/state.js')).href());
}

/** Waits until the race, its repeats and its study are done, and a frame has drawn them. */
async function settled(page, repeats) {
  await page.waitForSelector(DONE, { timeout: 120_000 });
  if (repeats) await page.waitForSelector(`.race[data-repeats="${repeats}"]`, { timeout: 180_000 });
  await page.waitForSelector('.race[data-study-ms]', { timeout: 180_000 });
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
  await page.waitForTimeout(300);
}

/** Builds the picture by hand: zoom around the best, repeat, hide the landscape, run the study. */
async function buildPicture(page) {
  await page.waitForSelector(DONE, { timeout: 120_000 });
  await page.click('#rc-zoom-best');
  await page.waitForSelector('#rc-zoom-body:not([hidden])');
  await page.waitForSelector(DONE, { timeout: 120_000 });
  await page.click('#rc-repeat');
  await page.waitForSelector('.race[data-repeats="10"]', { timeout: 180_000 });
  await page.click('#rc-landscape');
  await page.click('#rc-study-run');
  await settled(page, 10);
}

test('a link reproduces the picture: every canvas equal pixel for pixel in a fresh page', { timeout: 900_000 }, async () => {
  const first = await openPage(`/index.html?${SMALL}`);
  let link;
  let before;
  try {
    await buildPicture(first.page);
    link = await href(first.page);
    for (const key of [/zoom=0\.\d+/, /repeated=1/, /landscape=0/, /study=1/]) assert.match(link, key);
    before = await canvases(first.page);
    assert.ok(before.filter((c) => c.url).length >= 6, `${before.length} canvases`);
    assert.deepEqual(first.errors, []);
  } finally {
    await first.close();
  }
  const again = await openPage(link.replace(/^https?:\/\/[^/]+/, ''));
  try {
    await settled(again.page, 10);
    const local = (u) => u.replace(/^https?:\/\/[^/]+/, '');
    assert.equal(local(await href(again.page)), local(link), 'the reopened page keeps the same URL');
    assert.equal(await again.page.textContent('#rc-landscape'), 'Reveal the landscape');
    const after = await canvases(again.page);
    assert.equal(after.length, before.length);
    after.forEach((c, i) => {
      assert.equal(`${c.w}×${c.h}`, `${before[i].w}×${before[i].h}`, `canvas ${i} size`);
      assert.ok(c.url === before[i].url, `canvas ${i} differs after the round trip`);
    });
    assert.deepEqual(again.errors, []);
  } finally {
    await again.close();
  }
});

test('the export: trials, repeats and study as tables; JSON; a panel as a PNG at twice its size', { timeout: 900_000 }, async () => {
  const { page, errors, close } = await openPage(`/index.html?${SMALL}`);
  try {
    await buildPicture(page);
    const d = await page.evaluate(async () => (await import('/js/views/race.js')).data());
    const byName = Object.fromEntries(d.tables.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(byName), ['trials', 'repeats', 'study_trials', 'study_shares']);
    assert.deepEqual(byName.trials.columns, ['pass', 'strategy', 'trial', 'lr', 'beta2', 'score', 'status']);
    // 3 × 16 trials of the race, then the finer pass's 16 (random on scale only).
    assert.equal(byName.trials.rows.length, 3 * 16 + 16);
    assert.equal(byName.trials.rows.filter((r) => r[0] === 2 && r[1] === 'scale').length, 16);
    assert.ok(byName.trials.rows.every((r) => ['scored', 'diverged', 'failed'].includes(r[6])));
    assert.ok(byName.trials.rows.every((r) => r[6] !== 'scored' || r[5] > 0));
    assert.equal(byName.repeats.rows.length, 3);
    assert.ok(byName.repeats.rows.every((r) => r[1] === 10));
    assert.equal(byName.study_trials.rows.length, 20);
    assert.equal(byName.study_trials.columns.length, 2 + 9 + 2);
    assert.equal(byName.study_shares.rows.length, 9);
    // The page's own won-repeats sentence and the table agree.
    const wins = Number(await page.getAttribute('.rc-won >> nth=0', 'data-wins'));
    assert.equal(byName.repeats.rows[2][2], wins);

    // The JSON download (the classroom's export bar): the same rows, by column name.
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#view-race .view-exports [data-export="json"]')]);
    const parsed = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
    assert.equal(parsed.view, 'race');
    assert.equal(parsed.trials.length, 64);
    assert.deepEqual(Object.keys(parsed.trials[0]), byName.trials.columns);
    assert.equal(parsed.study_shares.length, 9);

    // A panel's PNG: twice the canvas's size on screen, and drawn.
    const fig = '.rc-panels .rc-panel[data-strategy="scale"]';
    const box = await page.$eval(`${fig} canvas`, (c) => { const r = c.getBoundingClientRect(); return { w: r.width, h: r.height }; });
    await page.hover(fig);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click(`${fig} [data-tool="png"]`)]);
    assert.match(png.suggestedFilename(), /^tunelab-race-panel-scale\.png$/);
    const b64 = fs.readFileSync(await png.path()).toString('base64');
    const img = await page.evaluate(async (src) => {
      const im = new Image();
      im.src = src;
      await im.decode();
      const c = document.createElement('canvas');
      c.width = im.naturalWidth;
      c.height = im.naturalHeight;
      const ctx = c.getContext('2d');
      ctx.drawImage(im, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      for (let i = 0; i < px.length; i += 4 * 7) colours.add(`${px[i]},${px[i + 1]},${px[i + 2]}`);
      return { w: c.width, h: c.height, colours: colours.size };
    }, `data:image/png;base64,${b64}`);
    assert.equal(img.w, Math.round(box.w * 2));
    assert.equal(img.h, Math.round(box.h * 2));
    assert.ok(img.colours > 20, `the PNG looks blank: ${img.colours} colours`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the lesson script: 4–8 distinct states that parse, words in both languages, the default zoom box', { timeout: 300_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=race');
  try {
    await page.waitForSelector(DONE, { timeout: 120_000 });
    const check = await page.evaluate(async () => {
      const mod = await import('/js/views/race.js');
      const wasm = await import('/pkg/tunelab.js');
      const zh = await (await fetch('/i18n/zh.json')).json();
      const en = await (await fetch('/i18n/en.json')).json();
      const word = (cat, id) => id.split('.').reduce((o, k) => o?.[k], cat);
      return {
        zoom: mod.LESSON_ZOOM,
        steps: mod.lesson.map((s) => ({
          query: s.query,
          refusals: wasm.readSettings('race', s.query).errors.length,
          en: word(en, s.say),
          zh: word(zh, s.say),
          focus: !!document.querySelector(`#view-race ${s.focus}`),
        })),
      };
    });
    assert.ok(check.steps.length >= 4 && check.steps.length <= 8);
    assert.equal(new Set(check.steps.map((s) => s.query)).size, check.steps.length, 'each step shows another state');
    for (const s of check.steps) {
      assert.equal(s.refusals, 0, s.query);
      assert.ok(s.en && s.zh && /[\u4e00-\u9fff]/.test(s.zh), `words of ${s.query}`);
      assert.ok(s.focus, `focus of ${s.query}`);
    }
    // The zoom step shows what "Zoom around the best" gives at the default.
    await page.click('#rc-zoom-best');
    await page.waitForFunction(() => /zoom=/.test(location.search));
    const zoom = new URL(page.url()).searchParams.get('zoom');
    assert.equal(zoom, check.zoom);

    // The lesson bar walks the steps: the URL holds the step's state, its words are shown.
    await page.goto(page.url().replace(/\?.*$/, '?view=race'));
    await page.click('.lesson-bar [data-lesson="1"]');
    await page.waitForFunction(() => /lesson=1/.test(location.search) && /landscape=0/.test(location.search));
    await page.waitForSelector(DONE, { timeout: 120_000 });
    assert.equal(await page.textContent('#rc-landscape'), 'Reveal the landscape');
    assert.match(await page.textContent('.lesson-say'), /landscape stays hidden/);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => /lesson=2/.test(location.search) && !/landscape=0/.test(location.search));
    await page.waitForSelector(DONE, { timeout: 120_000 });
    assert.equal(await page.textContent('#rc-landscape'), 'Hide the landscape');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('presenter mode at 1280×720: the panels fill the screen above the lesson bar, text at least 24 / 16 px', { timeout: 300_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=race&present=1&lesson=2', { viewport: { width: 1280, height: 720 } });
  try {
    await page.addInitScript(() => {
      window.__fonts = [];
      const fill = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (...args) {
        window.__fonts.push(this.font);
        return fill.apply(this, args);
      };
    });
    await page.reload();
    await page.waitForSelector(DONE, { timeout: 120_000 });
    await page.waitForTimeout(500);
    const r = await page.evaluate(() => {
      const view = document.querySelector('#view-race');
      const px = (el) => parseFloat(getComputedStyle(el).fontSize);
      const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && el.getClientRects().length > 0;
      const small = [];
      const it = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent.trim() || !shown(el) || el.closest('.chart-tools, .visually-hidden')) continue;
        if (px(el) < 16) small.push(`${el.className || el.tagName}: ${px(el)}px`);
      }
      const bar = document.querySelector('.lesson-bar').getBoundingClientRect();
      const panels = document.querySelector('.rc-panels').getBoundingClientRect();
      const canvases = [...document.querySelectorAll('.rc-panels canvas')].map((c) => c.getBoundingClientRect());
      return {
        small,
        body: px(document.querySelector('.rc-headline')),
        say: px(document.querySelector('.lesson-say')),
        barTop: bar.top,
        panelsTop: panels.top,
        canvasBottom: Math.max(...canvases.map((c) => c.bottom)),
        canvasWidth: canvases[0].width,
        overflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        chartFonts: window.__fonts.map((f) => parseFloat(f.match(/([\d.]+)px/)?.[1] ?? '0')),
      };
    });
    assert.deepEqual(r.small, [], 'text below 16 px');
    assert.ok(r.body >= 24 && r.say >= 24, `body ${r.body}px, lesson ${r.say}px`);
    assert.ok(r.panelsTop >= -1 && r.canvasBottom <= r.barTop, `panels ${r.panelsTop}–${r.canvasBottom}, lesson bar at ${r.barTop}`);
    assert.ok(r.canvasWidth >= 250, `panels ${r.canvasWidth}px wide`);
    assert.equal(r.overflowX, 0, 'nothing sticks out sideways');
    assert.ok(r.chartFonts.length > 0 && Math.min(...r.chartFonts) >= 16, `chart text ${Math.min(...r.chartFonts)}px`);
    // (The reload that installs the font recorder cuts the first load's requests short.)
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the finished picture in Chinese: repeats, zoom, study and snippets with no English left', { timeout: 900_000 }, async () => {
  const { page, errors, close } = await openPage(`/index.html?${SMALL}&lang=zh&zoom=0.5,0.8,0,1&repeated=1&study=1`);
  try {
    await settled(page, 10);
    const words = await page.evaluate(() => {
      // Names, formulas and code that read the same in both languages.
      const same = new Set(['Adam', 'Optuna', 'Ray', 'Tune', 'SGD', 'CSV', 'JSON', 'PNG', 'ReLU', 'tanh', 'relu', 'Ctrl', 'Softmax']);
      const out = new Set();
      const view = document.querySelector('#view-race');
      const it = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        const el = n.parentElement;
        if (el.closest('pre, code, [hidden], .visually-hidden') || !el.checkVisibility()) continue;
        for (const w of n.textContent.match(/[A-Za-z][A-Za-z_]{2,}/g) ?? []) if (!same.has(w)) out.add(w);
      }
      return [...out];
    });
    assert.deepEqual(words, []);
    assert.match(await page.textContent('.rc-won >> nth=0'), /胜过网格搜索/);
    assert.match(await page.textContent('#rc-tools-help'), /Optuna/);
    // A diverged trial's problem comes from a worker: in Chinese too.
    await page.goto(page.url().replace(/\?.*$/, '?view=race&lang=zh&budget=9&steps=60&mapSize=4&xMin=1&xMax=100'));
    await page.waitForSelector(DONE, { timeout: 120_000 });
    const note = await page.textContent('#rc-note');
    assert.match(note, /发散/);
    assert.doesNotMatch(note, /diverged|loss|step/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('every control of the race is reached by Tab and shows where the focus is', { timeout: 300_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?view=race&objective=synthetic');
  try {
    await page.waitForSelector(DONE, { timeout: 120_000 });
    const reached = new Map(); // id → focus visible
    await page.focus('#rc-form select');
    for (let i = 0; i < 160; i++) {
      const got = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el?.closest('#view-race')) return null;
        const cs = getComputedStyle(el);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow && cs.boxShadow !== 'none');
        return { id: el.id || el.dataset.copy || el.dataset.tool || el.dataset.key || el.tagName, ring };
      });
      if (got) reached.set(got.id, (reached.get(got.id) ?? true) && got.ring);
      await page.keyboard.press('Tab');
    }
    for (const id of ['rc-run', 'rc-repeat', 'rc-landscape', 'rc-zoom-best', 'rc-study-run', 'optuna', 'rayTune', 'PRE', 'rc-calc-p', 'png', 'enlarge']) {
      assert.ok(reached.has(id), `${id} not reached by Tab: ${[...reached.keys()].join(', ')}`);
    }
    const unseen = [...reached].filter(([, ring]) => !ring).map(([id]) => id);
    assert.deepEqual(unseen, [], 'focus not visible');
    // Operable from the keyboard: Enter on "Hide the landscape" hides it.
    await page.focus('#rc-landscape');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /landscape=0/.test(location.search));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
