// Checks the classroom tests of the panda and caviar views share (tests/e2e/panda-classroom.test.mjs,
// tests/e2e/caviar-classroom.test.mjs): canvases compared pixel for pixel, exports downloaded,
// axe-core, text sizes and clipping in presenter mode, keyboard reach, English left in Chinese.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';

/** The projector the classroom is sized for. */
export const PROJECTOR = { width: 1280, height: 720 };

/**
 * A canvas's pixels in one number: `{ width, height, hash, colours }` (FNV-1a over the RGBA
 * bytes; `colours` distinct values up to 4096), so two pages' canvases compare pixel for pixel.
 */
export function canvasPixels(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width || !c.height) return { width: 0, height: 0, hash: 0, colours: 0 };
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 1) {
      h = Math.imul(h ^ d[i], 0x01000193) >>> 0;
      if ((i & 3) === 3 && seen.size < 4096) seen.add(((d[i - 3] << 24) | (d[i - 2] << 16) | (d[i - 1] << 8) | d[i]) >>> 0);
    }
    return { width: c.width, height: c.height, hash: h, colours: seen.size };
  }, selector);
}

/** "Copy link": the URL the page's state module would copy. */
export function copiedLink(page) {
  return page.evaluate(async () => (await import('/js/state.js')).href());
}

/** The link's path and query, to open it on the test server of another page. */
export function pathOf(href) {
  const u = new URL(href);
  return u.pathname + u.search;
}

/** axe-core's serious and critical violations inside `selector`: [{ id, impact, targets }]. */
export async function axeViolations(page, selector) {
  await page.addScriptTag({ path: path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  return page.evaluate(async (sel) => {
    const r = await window.axe.run(sel, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, selector);
}

/** Visible text inside `selector` set smaller than `minPx`: [{ text, px }]. */
export function smallText(page, selector, minPx) {
  return page.evaluate(([sel, min]) => {
    const out = [];
    const walker = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || el.closest('.visually-hidden, [hidden]')) continue;
      const box = el.getBoundingClientRect();
      if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < min) out.push({ text: n.textContent.trim().slice(0, 40), px });
    }
    return out;
  }, [selector, minPx]);
}

/**
 * What is cut off inside `selector`: visible elements reaching past the viewport's sides, and
 * boxes whose content is wider than they are (text clipped or scrolled sideways).
 */
export function clipped(page, selector) {
  return page.evaluate((sel) => {
    const out = [];
    for (const el of document.querySelector(sel).querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (!box.width || !box.height || el.closest('.visually-hidden')) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`;
      if (box.left < -1 || box.right > window.innerWidth + 1) out.push(`${name} past the side`);
      else if (el.scrollWidth > el.clientWidth + 1 && !['CANVAS', 'SELECT', 'INPUT', 'PROGRESS'].includes(el.tagName)
        && getComputedStyle(el).overflowX !== 'visible') out.push(`${name} ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return out;
  }, selector);
}

/** The box of `selector` in the viewport: { top, bottom, left, right, width, height }. */
export function box(page, selector) {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  });
}

/**
 * Tabs through the page (up to `presses` times) and reports which of the enabled, visible
 * controls inside `selector` were reached, and which showed no focus ring when they were.
 */
export async function tabWalk(page, selector, presses = 120) {
  await page.evaluate(() => document.activeElement?.blur());
  const reached = new Set();
  const noRing = new Set();
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || !document.querySelector(sel).contains(el)) return null;
      const s = getComputedStyle(el);
      // A ring: an outline, or (for inputs styled by the segmented controls) one on the label.
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
        || (label && getComputedStyle(label).outlineStyle !== 'none');
      return { key: el.id || el.dataset.select || el.dataset.scenario || el.textContent.trim().slice(0, 20), ring };
    }, selector);
    if (!hit) continue;
    reached.add(hit.key);
    if (!hit.ring) noRing.add(hit.key);
  }
  const all = await page.evaluate((sel) => [...document.querySelector(sel).querySelectorAll('button, input, select, a[href]')]
    .filter((el) => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden'
      && !(el.type === 'radio' && !el.checked))
    .map((el) => el.id || el.dataset.select || el.dataset.scenario || el.textContent.trim().slice(0, 20)), selector);
  return { missed: all.filter((k) => !reached.has(k)), noRing: [...noRing] };
}

/** Clicks `selector` and returns the downloads it starts: [{ name, bytes }]. */
export async function downloads(page, selector, count = 1) {
  const got = [];
  const done = new Promise((resolve) => {
    page.on('download', async function onDownload(d) {
      const file = await d.path();
      got.push({ name: d.suggestedFilename(), bytes: fs.readFileSync(file) });
      if (got.length === count) {
        page.off('download', onDownload);
        resolve(got);
      }
    });
  });
  await page.click(selector);
  return done;
}

/** A PNG's size from its header. */
export function pngSize(bytes) {
  if (bytes.toString('latin1', 1, 4) !== 'PNG') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Draws every chart the view exports into a canvas twice the size it has on screen (as the PNG
 * button does) and counts its colours: [{ id, width, height, shown, colours }].
 */
export function exportedCharts(page, view) {
  return page.evaluate(async (name) => {
    const m = await import(`/js/views/${name}.js`);
    return m.exportables().map((c) => {
      const box = c.canvas.getBoundingClientRect();
      const off = document.createElement('canvas');
      off.width = Math.round(box.width * 2);
      off.height = Math.round(box.height * 2);
      if (off.width && off.height) c.draw(off);
      const d = off.width ? off.getContext('2d').getImageData(0, 0, off.width, off.height).data : [];
      const seen = new Set();
      for (let i = 0; i < d.length && seen.size < 500; i += 4) if (d[i + 3]) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return { id: c.id, width: off.width, height: off.height, shown: Math.round(box.width), colours: seen.size };
    });
  }, view);
}

/** The view module's data export, as the CSV/JSON buttons would get it. */
export function exportedData(page, view) {
  return page.evaluate(async (name) => (await import(`/js/views/${name}.js`)).data(), view);
}

/**
 * Latin words in the text of `selectors` (Chinese pages): words of two letters or more that are
 * not in `allow` (notation and names kept in every language).
 */
export function englishWords(page, selectors, allow) {
  return page.evaluate(([sels, ok]) => {
    const words = [];
    for (const sel of sels) {
      for (const el of document.querySelectorAll(sel)) {
        if (!el.getClientRects().length) continue;
        const text = `${el.textContent} ${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('title') ?? ''}`;
        for (const w of text.match(/[A-Za-z]{2,}/g) ?? []) if (!ok.includes(w)) words.push(`${sel}: ${w}`);
      }
    }
    return words;
  }, [selectors, allow]);
}
