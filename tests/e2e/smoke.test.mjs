// Smoke test: the page opens, is titled TuneLab, logs no errors, every file it asks for is
// there (favicon included), and the built wasm loads.
// Needs the page built first (scripts/build.sh); scripts/test.sh does that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, loadWasmPackage, screenshot, WWW_ROOT } from './harness.mjs';

test('index.html opens with a TuneLab title and no console or page errors', async () => {
  assert.ok(fs.existsSync(path.join(WWW_ROOT, 'index.html')), 'www/index.html is missing');
  const { page, errors, requests, close } = await openPage('/index.html');
  try {
    const title = await page.title();
    assert.match(title, /TuneLab/, `page title is ${JSON.stringify(title)}`);
    await page.waitForTimeout(500); // let module scripts start and report errors
    await screenshot(page, 'smoke-index.png');
    assert.deepEqual(errors, [], 'console/page errors on /index.html');

    // Every request of the page load was answered < 400 (a 404 is not a failed request to the
    // browser, and some, like a favicon's, are not logged to the console everywhere).
    const bad = requests.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.method} ${r.path}`);
    assert.deepEqual(bad, [], 'responses >= 400 while loading /index.html');
    // The page declares its icon (else browsers ask for /favicon.ico, a 404), and it is served.
    const icon = await page.evaluate(async () => {
      const link = document.querySelector('link[rel~="icon"]');
      if (!link) return null;
      const r = await fetch(link.href);
      return { status: r.status, type: r.headers.get('content-type') };
    });
    assert.deepEqual(icon, { status: 200, type: 'image/svg+xml' }, 'the favicon');
  } finally {
    await close();
  }
});

test('the optimized wasm package instantiates in Chromium', async () => {
  for (const f of ['tunelab.js', 'tunelab_bg.wasm']) {
    assert.ok(fs.existsSync(path.join(WWW_ROOT, 'pkg', f)), `www/pkg/${f} is missing: run scripts/build.sh`);
  }
  const { page, errors, close } = await openPage('/index.html');
  try {
    const before = errors.length; // the page's own errors are the first test's business
    const exports = await loadWasmPackage(page);
    assert.ok(exports.includes('default'), `unexpected exports: ${exports}`);
    assert.deepEqual(errors.slice(before), [], 'console/page errors while loading the wasm package');
  } finally {
    await close();
  }
});
