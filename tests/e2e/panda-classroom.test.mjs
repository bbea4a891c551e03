// The panda view in the classroom (issue 11): a link reproduces the picture pixel for pixel
// (settings, seeds, nudges, the step reached and the scenario shown, replayed on opening), the
// lesson's seven steps show what their words say, presenter mode reads at 1280 × 720, the
// charts and the numbers export, axe-core finds nothing serious in either language, every
// control is reached by keyboard, and the Chinese page keeps no English of the view's own.
// Needs the page built first (scripts/build.sh); scripts/test.sh does that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './harness.mjs';
import {
  PROJECTOR, axeViolations, box, canvasPixels, clipped, copiedLink, downloads, englishWords, exportedCharts,
  exportedData, pathOf, pngSize, smallText, tabWalk,
} from './panda-caviar-kit.mjs';

const CANVASES = ['#p-field', '#p-loss', '#p-acc'];

const stepsShown = (page) => page.$eval('#p-steps', (el) => Number(el.textContent.replace(/[^0-9]/g, '')));

/** Waits until the run is paused (not playing, not replaying a link) at step `at` or beyond. */
async function waitForPaused(page, at = 0) {
  await page.waitForFunction((min) => {
    const s = document.getElementById('p-status');
    const n = document.getElementById('p-steps');
    return !!s && !!n && s.dataset.state === 'paused' && Number(n.textContent.replace(/[^0-9]/g, '')) >= min;
  }, at, { timeout: 60_000, polling: 100 });
}

async function pictures(page) {
  const out = {};
  for (const sel of CANVASES) out[sel] = await canvasPixels(page, sel);
  return out;
}

test('a panda link reproduces the picture: scenario, nudges and the step reached replay to the same pixels', async () => {
  const sender = await openPage('/index.html?view=panda', { viewport: PROJECTOR });
  let receiver;
  try {
    const { page } = sender;
    await page.waitForSelector('#p-play:not([disabled])');
    await page.click('[data-scenario="plateau"]');
    assert.match(page.url(), /[?&]scenario=plateau(&|$)/, 'the scenario shown is in the URL');
    await page.click('#p-play');
    await page.waitForFunction(() => Number(document.getElementById('p-steps').textContent.replace(/[^0-9]/g, '')) > 400, null, { timeout: 30_000 });
    await page.click('#p-lr-up');
    await page.waitForFunction(() => Number(document.getElementById('p-steps').textContent.replace(/[^0-9]/g, '')) > 900, null, { timeout: 30_000 });
    await page.click('#p-play'); // pause
    await waitForPaused(page, 900);
    await page.click('#p-step'); // one more update, by hand
    const steps = await stepsShown(page);
    const link = await copiedLink(page);
    const params = new URL(link).searchParams;
    assert.equal(params.get('at'), String(steps), `the step reached is in the link: ${link}`);
    assert.match(params.get('nudges') ?? '', /^\d+:lr:0\.6$/, `the nudge is in the link: ${link}`);
    const sent = await pictures(page);
    const sentText = await page.$$eval('#p-valid-loss, #p-lr-now, #p-task-title, #p-status', (els) => els.map((e) => e.textContent));

    receiver = await openPage(pathOf(link), { viewport: PROJECTOR });
    const p2 = receiver.page;
    // Opening it replays the run (progress shown while it does), then pauses at the step.
    await waitForPaused(p2, steps);
    assert.equal(await stepsShown(p2), steps);
    assert.equal(await p2.isHidden('#p-replay'), true, 'the replay progress is gone');
    assert.deepEqual(await p2.$$eval('#p-valid-loss, #p-lr-now, #p-task-title, #p-status', (els) => els.map((e) => e.textContent)), sentText);
    assert.equal(await p2.getAttribute('[data-scenario="plateau"]', 'aria-pressed'), 'true');
    const got = await pictures(p2);
    for (const sel of CANVASES) {
      assert.ok(sent[sel].colours > 2, `${sel} drawn`);
      assert.deepEqual(got[sel], sent[sel], `${sel} pixel for pixel`);
    }
    assert.equal(await copiedLink(p2), link, 'the received page links to the same picture');
    assert.deepEqual([...sender.errors, ...receiver.errors], []);
  } finally {
    await sender.close();
    await receiver?.close();
  }
});

test('a long link replays time-sliced with its progress, and Pause stops it where it got', async () => {
  const { page, errors, close } = await openPage('/index.html?view=panda&at=400000', { viewport: PROJECTOR });
  try {
    await page.waitForSelector('#p-status[data-state="replaying"]', { timeout: 30_000 });
    assert.equal(await page.isVisible('#p-replay'), true);
    assert.match(await page.textContent('#p-status'), /replaying the link: step [0-9,]+ of 400,000/);
    assert.equal(await page.getAttribute('#p-play', 'aria-label'), 'Stop the replay here');
    await page.waitForFunction(() => Number(document.getElementById('p-replay').value) > 100, null, { timeout: 30_000 });
    await page.click('#p-play');
    await waitForPaused(page, 100);
    const at = await stepsShown(page);
    assert.ok(at > 100 && at < 400_000, `stopped at ${at}`);
    assert.match(page.url(), new RegExp(`[?&]at=${at}(&|$)`), 'the URL now names the step shown');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

/** What each lesson step shows: the step reached and the readouts its words quote. */
const LESSON = [
  { steps: 1000, loss: '0.61' },
  { steps: 2000, loss: '0.29', lr: '0.06' },
  { steps: 1500, scenario: 'too-high' },
  { steps: 1500, loss: '0.18', lr: '1.5' },
  { steps: 1500, loss: '39' },
  { steps: 1500, loss: '0.40' },
  { steps: 5000, loss: '0.11', accuracy: '100' },
];

test('the lesson: seven states replayed on the page, each different, its words quoting the readouts', async () => {
  const { page, errors, close } = await openPage('/index.html?view=panda&present=1', { viewport: PROJECTOR });
  try {
    await waitForPaused(page);
    await page.click('.lesson-bar [data-lesson="1"]');
    let before = null;
    const says = [];
    for (const [i, want] of LESSON.entries()) {
      if (i > 0) await page.keyboard.press(i % 2 ? 'ArrowRight' : 'PageDown');
      await page.waitForFunction((k) => new URLSearchParams(location.search).get('lesson') === String(k), i + 1);
      await waitForPaused(page, want.steps);
      assert.equal(await stepsShown(page), want.steps, `step ${i + 1}`);
      const say = await page.textContent('.lesson-say');
      says.push(say);
      const loss = Number((await page.textContent('#p-valid-loss')).replace(/,/g, ''));
      if (want.loss) {
        const digits = want.loss.includes('.') ? want.loss.split('.')[1].length : 0;
        assert.equal(loss.toFixed(digits), want.loss, `lesson ${i + 1}: loss ${loss}`);
        assert.ok(say.includes(want.loss), `lesson ${i + 1} says ${want.loss}: ${say}`);
      }
      if (want.lr) assert.equal(await page.textContent('#p-base-lr'), want.lr);
      if (want.accuracy) assert.match(await page.textContent('#p-valid-acc'), new RegExp(`^${want.accuracy}`));
      if (want.scenario) {
        // The scenario's task card is shown (folded away with the guide in presenter mode).
        assert.equal(new URL(page.url()).searchParams.get('scenario'), want.scenario);
        assert.equal(await page.$eval('#p-task', (el) => el.hidden), false);
      }
      assert.equal(await page.$$eval('.lesson-focus', (els) => els.length), 1, 'one thing to look at');
      const now = await pictures(page);
      if (before) assert.notDeepEqual(now['#p-field'], before['#p-field'], `lesson ${i + 1} shows another field`);
      before = now;
    }
    // Steps 3 and 4: the run left alone at 1,500 is what step 4's words compare with.
    const left = Number(says[3].match(/\(([0-9.]+)/)[1]);
    assert.ok(Number.isFinite(left));
    assert.equal(new Set(says).size, LESSON.length);
    // The last step points the class to the next view; the bar cannot go past it.
    assert.match(says.at(-1), /Caviar/);
    assert.equal(await page.isDisabled('.lesson-bar [aria-label="Next step"]'), true);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('presenter mode at 1280 × 720: large text, the field and the loss curve above the lesson bar, nothing clipped', async () => {
  const { page, errors, close } = await openPage('/index.html?view=panda&present=1&lesson=2&nudges=500:lr:0.06&at=2000', { viewport: PROJECTOR });
  try {
    await waitForPaused(page, 2000);
    assert.deepEqual(await smallText(page, '#view-panda', 24), [], 'body text ≥ 24 px');
    assert.deepEqual(await smallText(page, '.lesson-bar', 24), []);
    assert.deepEqual(await clipped(page, '#view-panda'), []);
    const bar = await box(page, '.lesson-bar');
    for (const sel of ['.runbar', '#p-stage', '.metrics', '.babysit', '#p-loss-figure']) {
      const b = await box(page, sel);
      assert.ok(b.bottom <= bar.top + 1 && b.top >= 0, `${sel} on screen above the lesson bar: ${JSON.stringify(b)}`);
    }
    const chart = await box(page, '#p-loss');
    assert.ok(chart.width >= 760 && chart.height >= 220, `the loss curve fills the screen: ${JSON.stringify(chart)}`);
    assert.ok((await box(page, '#p-field')).width >= 330);
    for (const sel of ['#p-form', '.guide', '#p-acc']) assert.equal(await page.isHidden(sel), true, `${sel} folded away`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('exports: every chart as a PNG at twice its size, the history and its nudges as CSV and JSON', async () => {
  const { page, errors, close } = await openPage('/index.html?view=panda&nudges=300:lr:0.06,600:lr:0.12&at=800', { viewport: PROJECTOR });
  try {
    await waitForPaused(page, 800);
    const charts = await exportedCharts(page, 'panda');
    assert.deepEqual(charts.map((c) => c.id), ['field', 'loss', 'accuracy']);
    for (const c of charts) {
      assert.equal(c.width, c.shown * 2, `${c.id} at 2×`);
      assert.ok(c.colours > 5, `${c.id} drawn: ${c.colours} colours`);
    }
    const [png] = await downloads(page, '#p-loss-figure [data-tool="png"]');
    assert.equal(png.name, 'tunelab-panda-loss.png');
    const shown = await box(page, '#p-loss');
    assert.deepEqual(pngSize(png.bytes), { width: Math.round(shown.width * 2), height: Math.round(shown.height * 2) });

    const data = await exportedData(page, 'panda');
    const [history, nudges] = data.tables;
    assert.deepEqual(history.columns, ['step', 'epoch', 'train_loss', 'valid_loss', 'train_accuracy', 'valid_accuracy', 'learning_rate']);
    assert.equal(history.rows.length, 81, 'a point every 10 steps to 800, and at 0');
    assert.deepEqual(history.rows.map((r) => r[0]).slice(0, 3), [0, 10, 20]);
    assert.deepEqual([history.rows[20][6], history.rows[40][6], history.rows[70][6]], [0.03, 0.06, 0.12], 'α in effect');
    assert.deepEqual(nudges.columns, ['step', 'knob', 'from', 'to']);
    assert.deepEqual(nudges.rows, [[300, 'lr', 0.03, 0.06], [600, 'lr', 0.06, 0.12]]);
    assert.equal(data.json.steps, 800);
    assert.equal(data.json.query, 'nudges=300:lr:0.06,600:lr:0.12');

    const csv = await downloads(page, '.view-exports [data-export="csv"]', 2);
    const byName = Object.fromEntries(csv.map((f) => [f.name, f.bytes.toString('utf8').trim().split('\n')]));
    assert.equal(byName['tunelab-panda-history.csv'][0], history.columns.join(','));
    assert.equal(byName['tunelab-panda-history.csv'].length, 82);
    assert.deepEqual(byName['tunelab-panda-nudges.csv'], ['step,knob,from,to', '300,lr,0.03,0.06', '600,lr,0.06,0.12']);
    const [json] = await downloads(page, '.view-exports [data-export="json"]');
    assert.equal(JSON.parse(json.bytes.toString('utf8')).history.length, 81);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

for (const lang of ['en', 'zh']) {
  test(`accessibility (${lang}): axe finds nothing serious, every control is reached by keyboard with a visible focus`, async () => {
    const { page, errors, close } = await openPage(`/index.html?view=panda&lang=${lang}&scenario=too-high`, { viewport: PROJECTOR });
    try {
      await waitForPaused(page);
      await page.click('#p-step');
      assert.deepEqual(await axeViolations(page, '#view-panda'), []);
      const walk = await tabWalk(page, '#view-panda', 140);
      assert.deepEqual(walk.missed, [], 'every control reached with Tab');
      assert.deepEqual(walk.noRing, [], 'every control shows its focus');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('the Chinese page: the view\'s own words in Chinese, the charts drawn in Chinese', async () => {
  const en = await openPage('/index.html?view=panda&at=300', { viewport: PROJECTOR });
  const zh = await openPage('/index.html?view=panda&lang=zh&at=300&scenario=plateau&present=1&lesson=1', { viewport: PROJECTOR });
  try {
    await waitForPaused(en.page, 300);
    await waitForPaused(zh.page, 300);
    const own = ['.guide h2', '.guide-task', '.guide-buttons', '.runbar .counters dt', '#p-status', '.babysit',
      '#view-panda figcaption', '.lesson-say'];
    const allow = ['tanh', 'SGD', 'BN'];
    assert.deepEqual(await englishWords(zh.page, own, allow), []);
    assert.match(await zh.page.textContent('#p-status'), /已暂停/);
    // The same run, its charts' words in the other language.
    assert.deepEqual(await canvasPixels(zh.page, '#p-field').then((p) => p.colours > 20), true);
    const a = await canvasPixels(en.page, '#p-loss');
    const b = await canvasPixels(zh.page, '#p-loss');
    assert.ok(b.colours > 2 && a.hash !== b.hash, 'the loss chart is drawn with other words');
    assert.deepEqual([...en.errors, ...zh.errors], []);
  } finally {
    await en.close();
    await zh.close();
  }
});
