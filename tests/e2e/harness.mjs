// End-to-end test harness: a static server for www/ plus Debian's Chromium driven by playwright-core.
//
//   import { openPage, canvasIsDrawn, screenshot } from './harness.mjs';
//   const { page, errors, close } = await openPage('/index.html?seed=3');
//   try { ... assert.deepEqual(errors, []); } finally { await close(); }
//
// The server and the browser are shared by all pages of one test process and shut down when the
// last page is closed, so a test file that closes its pages never hangs. Every page gets its own
// browser context (fresh storage); playwright launches Chromium with a fresh temporary profile
// (user data dir) and removes it afterwards.
//
// Environment:
//   CHROMIUM=/path/to/chromium   browser binary (default /usr/bin/chromium, Debian's package)
//   E2E_HEADFUL=1                show the browser window (needs a display)
//   E2E_SERVER_LOG=1             log every HTTP request to stderr
//   E2E_VIEWS=panda,caviar       the cross-view tests (i18n, a11y, badinput) check only these views
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer, REPO_ROOT, WWW_ROOT } from './server.mjs';

export { REPO_ROOT, WWW_ROOT };
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests', 'e2e', 'artifacts');
export const CHROMIUM_PATH = process.env.CHROMIUM || '/usr/bin/chromium';

// Same flags as webdriver.json (see shared TOOLCHAIN notes), plus headless/no-sandbox (root, CI).
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-sandbox',
  ...(process.env.E2E_HEADFUL ? [] : ['--headless']),
];

let shared = null; // { server, browser } while at least one page is open
let sharing = null; // the promise that creates `shared`
let openCount = 0;

async function acquire() {
  openCount += 1;
  if (!sharing) {
    sharing = (async () => {
      if (!fs.existsSync(CHROMIUM_PATH)) {
        throw new Error(`${CHROMIUM_PATH} not found: apt-get install chromium (or set CHROMIUM=...)`);
      }
      const server = await startStaticServer({ root: WWW_ROOT, log: !!process.env.E2E_SERVER_LOG });
      let browser;
      try {
        browser = await chromium.launch({
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
          headless: !process.env.E2E_HEADFUL,
          timeout: 60_000,
        });
      } catch (e) {
        await server.close();
        throw e;
      }
      shared = { server, browser };
      return shared;
    })();
    sharing.catch(() => { sharing = null; });
  }
  try {
    return await sharing;
  } catch (e) {
    openCount -= 1;
    throw e;
  }
}

async function release() {
  openCount -= 1;
  if (openCount > 0 || !shared) return;
  const { server, browser } = shared;
  shared = null;
  sharing = null;
  await browser.close().catch(() => {});
  await server.close().catch(() => {});
}

/** The origin (http://127.0.0.1:PORT) of the running server, or null when no page is open. */
export function serverOrigin() {
  return shared ? shared.server.origin : null;
}

/**
 * Open `pathAndQuery` (e.g. '/index.html?lr=0.1') in a fresh browser context.
 *
 * Returns { page, errors, logs, requests, url, close }:
 *   errors   — console.error messages, uncaught page errors, failed requests (live array)
 *   logs     — every console message as 'type: text' (for debugging failures)
 *   requests — every request the server answered, { method, path, status }
 * Options: { waitUntil = 'load', timeout = 60000, viewport = {width: 1280, height: 900} }.
 */
export async function openPage(pathAndQuery = '/index.html', opts = {}) {
  const { waitUntil = 'load', timeout = 60_000, viewport = { width: 1280, height: 900 } } = opts;
  const { server, browser } = await acquire();
  let context;
  try {
    context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    const errors = [];
    const logs = [];
    page.on('console', (msg) => {
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      logs.push(`${msg.type()}: ${msg.text()}`);
      if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}${where}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.stack || err.message || String(err)}`));
    page.on('crash', () => errors.push('page crashed'));
    page.on('requestfailed', (req) => {
      const why = req.failure()?.errorText ?? '';
      // A navigation cancels the previous page's requests still in flight (net::ERR_ABORTED,
      // e.g. its favicon): not a failure of the page. A missing file is an HTTP 404, reported
      // below and by the page's own error handling.
      if (why === 'net::ERR_ABORTED') return;
      errors.push(`requestfailed: ${req.url()} ${why}`);
    });
    const url = server.url(pathAndQuery);
    const resp = await page.goto(url, { waitUntil, timeout });
    if (resp && !resp.ok()) errors.push(`HTTP ${resp.status()} for ${url}`);
    let closed = false;
    return {
      page,
      errors,
      logs,
      requests: server.requests,
      url,
      close: async () => {
        if (closed) return;
        closed = true;
        await context.close().catch(() => {});
        await release();
      },
    };
  } catch (e) {
    if (context) await context.close().catch(() => {});
    await release();
    throw e;
  }
}

/**
 * Pixel statistics of a <canvas> (2D or WebGL), read back with getImageData:
 * { found, width, height, colours, opaquePixels } — `colours` counts distinct non-transparent
 * RGBA values (capped at 4096).
 */
export async function canvasStats(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !(c instanceof HTMLCanvasElement)) return { found: false, width: 0, height: 0, colours: 0, opaquePixels: 0 };
    const { width, height } = c;
    if (!width || !height) return { found: true, width, height, colours: 0, opaquePixels: 0 };
    // Copy onto a scratch 2D canvas so WebGL canvases can be read too.
    const tmp = document.createElement('canvas');
    tmp.width = width;
    tmp.height = height;
    const ctx = tmp.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, width, height).data;
    const seen = new Set();
    let opaquePixels = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      opaquePixels += 1;
      if (seen.size < 4096) seen.add(((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]) >>> 0);
    }
    return { found: true, width, height, colours: seen.size, opaquePixels };
  }, selector);
}

/** True when the canvas at `selector` shows at least `minColours` distinct non-transparent colours. */
export async function canvasIsDrawn(page, selector, minColours = 2) {
  const s = await canvasStats(page, selector);
  return s.found && s.colours >= minColours;
}

/** Poll until canvasIsDrawn holds (charts draw asynchronously); throws with the last stats on timeout. */
export async function waitForCanvasDrawn(page, selector, { minColours = 2, timeout = 30_000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  let s;
  for (;;) {
    s = await canvasStats(page, selector);
    if (s.found && s.colours >= minColours) return s;
    if (Date.now() > deadline) {
      throw new Error(`canvas ${selector} not drawn after ${timeout} ms: ${JSON.stringify(s)}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Full-page PNG. A relative `file` goes under tests/e2e/artifacts/ (git-ignored). Returns the path. */
export async function screenshot(page, file) {
  const out = path.isAbsolute(file) ? file : path.join(ARTIFACTS_DIR, file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  return out;
}

/**
 * Import the built wasm package in the page and instantiate it (proves www/pkg loads in Chromium).
 * Returns the list of the module's exports.
 */
export async function loadWasmPackage(page, modulePath = '/pkg/tunelab.js') {
  return page.evaluate(async (p) => {
    const m = await import(p);
    await m.default();
    return Object.keys(m).sort();
  }, modulePath);
}

/** The views a cross-view test checks: all of `views`, or those named in E2E_VIEWS. */
export function selectedViews(views) {
  const only = (process.env.E2E_VIEWS ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  return only.length ? views.filter((v) => only.includes(v)) : views;
}
