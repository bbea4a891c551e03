// The first visit's budget: everything a browser downloads to show the first view, in one
// language, up to its first interactive frame, is at most 300 kB gzipped. Other views (and the
// full engine they need) load on demand, the other language only when asked for, and the
// offline cache fills in the background only after that first frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openPage, WWW_ROOT } from './harness.mjs';

const BUDGET = 300_000;

function gzipSize(urlPath) {
  const file = path.join(WWW_ROOT, decodeURIComponent(urlPath.split('?')[0]).replace(/^\//, '') || 'index.html');
  const buf = fs.readFileSync(fs.statSync(file).isDirectory() ? path.join(file, 'index.html') : file);
  return zlib.gzipSync(buf, { level: 9 }).length;
}

async function firstVisit(query) {
  // A fresh browser context on a neutral page first, so every request of the real first visit
  // is seen (and nothing is cached yet).
  const { page, errors, close } = await openPage('/favicon.svg');
  const paths = new Set();
  const origin = new URL(page.url()).origin;
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.origin === origin && u.pathname !== '/favicon.svg') paths.add(u.pathname);
  });
  try {
    await page.goto(`${origin}/index.html${query}`);
    await page.waitForFunction(() => typeof window.tunelabReady === 'number', null, { timeout: 60_000 });
    const files = [...paths].map((p) => ({ path: p, gzip: gzipSize(p) }));
    // (The neutral page itself makes the browser ask for /favicon.ico; the real page does not.)
    const real = errors.filter((e) => !e.includes('/favicon.ico'));
    return { files, total: files.reduce((n, f) => n + f.gzip, 0), errors: real };
  } finally {
    await close();
  }
}

for (const [name, query] of [['English', '?lang=en'], ['Chinese', '?lang=zh']]) {
  test(`a first visit in ${name} loads at most 300 kB gzipped before its first frame`, async () => {
    const { files, total, errors } = await firstVisit(query);
    const table = files.sort((a, b) => b.gzip - a.gzip).map((f) => `${String(f.gzip).padStart(8)}  ${f.path}`).join('\n');
    console.log(`first visit (${name}): ${(total / 1000).toFixed(1)} kB gzipped in ${files.length} files\n${table}`);
    assert.ok(files.some((f) => f.path.endsWith('pkg-first/tunelab_bg.wasm')), 'the first view runs on the small engine');
    assert.ok(!files.some((f) => f.path === '/pkg/tunelab_bg.wasm'), 'the full engine waits for another view');
    assert.ok(total <= BUDGET, `${total} bytes gzipped > ${BUDGET}`);
    assert.deepEqual(errors, []);
  });
}
