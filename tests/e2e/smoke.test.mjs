// Smoke test: the page opens, is titled TuneLab, logs no errors, and the built wasm loads.
// Needs the page built first (scripts/build.sh); scripts/test.sh does that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPage, loadWasmPackage, screenshot, WWW_ROOT } from './harness.mjs';

test('index.html opens with a TuneLab title and no console or page errors', async () => {
  assert.ok(fs.existsSync(path.join(WWW_ROOT, 'index.html')), 'www/index.html is missing');
  const { page, errors, close } = await openPage('/index.html');
  try {
    const title = await page.title();
    assert.match(title, /TuneLab/, `page title is ${JSON.stringify(title)}`);
    await page.waitForTimeout(500); // let module scripts start and report errors
    await screenshot(page, 'smoke-index.png');
    assert.deepEqual(errors, [], 'console/page errors on /index.html');
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
