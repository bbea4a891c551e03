// Accessibility: axe-core (run inside the page) finds no serious or critical violation in any
// view, in English or in Chinese; every control is reachable by keyboard and shows a visible
// focus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, REPO_ROOT, selectedViews } from './harness.mjs';

const AXE = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

async function audit(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

for (const lang of ['en', 'zh']) {
  test(`axe finds no serious or critical violation in any view (${lang})`, { timeout: 600_000 }, async () => {
    const { page, errors, close } = await openPage(`/index.html?lang=${lang}`);
    try {
      await page.waitForSelector('.tabs [role="tab"]');
      const views = await page.$$eval('.tabs [role="tab"]', (tabs) => tabs.map((t) => t.dataset.view)).then(selectedViews);
      const found = {};
      for (const view of views) {
        await page.goto(page.url().replace(/\?.*$/, `?view=${view}&lang=${lang}`));
        await page.waitForSelector(`#view-${view}:not([hidden])`);
        await page.waitForTimeout(1500);
        const v = await audit(page);
        if (v.length) found[view] = v;
      }
      assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('the header and every view\'s controls are reachable by keyboard, with a visible focus', { timeout: 300_000 }, async () => {
  const { page, close } = await openPage('/index.html?view=panda');
  try {
    await page.waitForSelector('#view-panda:not([hidden]) canvas');
    const seen = new Set();
    let unfocusable = null;
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
        const box = cs.boxShadow && cs.boxShadow !== 'none';
        return { id: el.id || el.dataset.key || el.textContent.trim().slice(0, 20), visible: ring || box };
      });
      if (!info) continue;
      seen.add(info.id);
      if (!info.visible && !unfocusable) unfocusable = info.id;
    }
    assert.equal(unfocusable, null, `no visible focus on ${unfocusable}`);
    for (const id of ['copy-link', 'p-play', 'p-lr']) assert.ok(seen.has(id), `${id} is not reachable by Tab: ${[...seen].join(', ')}`);
  } finally {
    await close();
  }
});
