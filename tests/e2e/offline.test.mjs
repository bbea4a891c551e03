// A classroom's network: the built site runs from a static host under a sub-path, works offline
// after one visit (service worker, www/sw.js), and a new version replaces the old cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer, REPO_ROOT, WWW_ROOT } from './server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';

const BASE = '/tunelab/';

/** A copy of the built site, so the test can publish a "new version" without touching www/. */
function copySite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tunelab-site-'));
  fs.cpSync(WWW_ROOT, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}vendor`) });
  return dir;
}

async function waitForCached(page) {
  for (let i = 0; i < 240; i++) {
    const ready = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      if (!reg?.active || reg.waiting || reg.installing || !navigator.serviceWorker.controller) return false;
      const keys = (await caches.keys()).filter((k) => k.startsWith('tunelab-'));
      if (keys.length !== 1) return false;
      const cache = await caches.open(keys[0]);
      return !!(await cache.match(new URL('pkg/tunelab_bg.wasm', location.href).href));
    });
    if (ready) return;
    await page.waitForTimeout(250);
  }
  throw new Error('the service worker never cached the site');
}

test('under a sub-path, offline after one visit, and a new version replaces the old', { timeout: 300_000 }, async () => {
  const site = copySite();
  let server = await startStaticServer({ root: site, base: BASE });
  const port = server.port;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // 1. Under /tunelab/: every request stays inside the sub-path and succeeds.
    await page.goto(server.url('/index.html?view=scale'));
    await page.waitForSelector('#view-scale:not([hidden]) canvas', { timeout: 60_000 });
    const bad = server.requests.filter((r) => r.status >= 400);
    assert.deepEqual(bad, [], `failed requests under ${BASE}`);
    assert.ok(server.requests.every((r) => r.path.startsWith(BASE)), 'a request left the sub-path');

    // 2. After one visit the whole site is cached: with the server gone (the classroom's
    //    network down), every view still opens and runs.
    await waitForCached(page);
    const url = (p) => server.url(p);
    await server.close();
    for (const view of ['panda', 'race', 'bnlab', 'scale']) {
      await page.goto(url(`/index.html?view=${view}&objective=synthetic`));
      await page.waitForSelector(`#view-${view}:not([hidden]) canvas`, { timeout: 60_000 });
      assert.equal(await page.isVisible('#internal-error'), false, `${view} offline: ${await page.textContent('#internal-error')}`);
    }
    await page.goto(url('/index.html?view=panda'));
    await page.waitForSelector('#p-play:not([disabled])', { timeout: 60_000 });
    await page.click('#p-step');
    await page.waitForFunction(() => document.getElementById('p-steps').textContent === '1');
    server = await startStaticServer({ root: site, base: BASE, port });

    // 3. A new build: the worker notices, offers a reload, and afterwards only the new
    //    version's cache is left.
    const before = await page.evaluate(async () => (await caches.keys()).join());
    fs.appendFileSync(path.join(site, 'css', 'scale.css'), '\n/* a new version */\n');
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'precache.mjs'), site], { stdio: 'ignore' });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForSelector('[data-notice="update"] button', { timeout: 60_000 });
    await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.click('[data-notice="update"] button')]);
    await waitForCached(page);
    const after = await page.evaluate(async () => (await caches.keys()).join());
    assert.notEqual(after, before, 'the cache was replaced');
    assert.ok(!after.includes(','), `one cache left: ${after}`);
    const css = await page.evaluate(async () => (await fetch('css/scale.css')).text());
    assert.match(css, /a new version/, 'the page now uses the new files');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(site, { recursive: true, force: true });
  }
});
