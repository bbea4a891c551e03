// Every view speaks Chinese: with lang=zh no English word is left on the page — neither in its
// text nor in what the engine draws on its canvases (fillText is recorded). Formulas, symbols,
// code and proper names are excepted through the explicit allow-list below; an element may
// also opt out with lang="en" (e.g. the language switch's own "EN").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, selectedViews } from './harness.mjs';

/** Words that are the same in both languages: names, formulas, code, units. */
const ALLOWED = new Set(`
  TuneLab SGD Adam ReLU relu tanh Xavier He PNG CSV JSON EN XOR Softmax softmax sigmoid
  BN BatchNorm BatchNorm1d PyTorch Keras Tuner Optuna Ray Tune TensorFlow Playground Santurkar
  Bergstra Bengio Glorot Ng fANOVA reverse_log log exp ln max min mean std var
  norm z_norm x y z w a b g m t e r dz dW db lr
  beta beta1 beta2 eps adamEps
  suggest_float loguniform uniform trial tune log1m_beta
  Esc Tab PageUp PageDown
`.split(/\s+/).filter(Boolean));

/** English words left in the visible text and the canvases' text of the open view. */
async function englishWords(page) {
  return page.evaluate((allowed) => {
    const allow = new Set(allowed);
    const view = document.querySelector('[role="tabpanel"]:not([hidden])');
    const texts = [];
    const walk = (root) => {
      const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('code, kbd, pre, script, style, [lang="en"], .math, [data-i18n-skip]')) continue;
        if (!el.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) && el.offsetParent === null) continue;
        texts.push(n.textContent);
      }
      for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
        if (el.closest('[lang="en"]')) continue;
        for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
      }
    };
    walk(document.querySelector('.site-header'));
    if (view) walk(view);
    texts.push(...(window.__canvasText ?? []));
    const words = new Map();
    for (const text of texts) {
      for (const w of text.match(/[A-Za-z][A-Za-z_]{2,}/g) ?? []) {
        if (!allow.has(w)) words.set(w, (words.get(w) ?? 0) + 1);
      }
    }
    return [...words.keys()];
  }, [...ALLOWED]);
}

test('every view in Chinese shows no untranslated English word', { timeout: 600_000 }, async () => {
  const { page, errors, close } = await openPage('/index.html?lang=zh');
  try {
    await page.addInitScript(() => {
      window.__canvasText = [];
      const fill = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        window.__canvasText.push(String(text));
        return fill.call(this, text, ...rest);
      };
    });
    await page.waitForSelector('.tabs [role="tab"]');
    const views = await page.$$eval('.tabs [role="tab"]', (tabs) => tabs.map((t) => t.dataset.view)).then(selectedViews);
    const found = {};
    for (const view of views) {
      await page.goto(page.url().replace(/\?.*$/, `?view=${view}&lang=zh`));
      await page.waitForSelector(`#view-${view}:not([hidden])`);
      await page.waitForTimeout(2500); // its first frames, charts and readouts
      const words = await englishWords(page);
      if (words.length) found[view] = words;
    }
    assert.deepEqual(found, {}, `English left in Chinese views: ${JSON.stringify(found, null, 1)}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
