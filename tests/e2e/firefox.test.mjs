// The page in a second browser engine: Firefox (Gecko), driven through geckodriver's plain
// WebDriver protocol (playwright cannot drive Debian's Firefox). Every view — the list is read
// from the page's own tab bar, so a new view is covered without editing this file — must load,
// draw its canvases and raise no error, so a Gecko-only break cannot land.
//
// Needs Debian's firefox-esr and geckodriver (scripts/test.sh installs both; GECKODRIVER and
// FIREFOX override where they are).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { startStaticServer, WWW_ROOT } from './server.mjs';

const GECKODRIVER = process.env.GECKODRIVER
  || [path.join(os.homedir(), '.cargo', 'bin', 'geckodriver'), '/usr/local/bin/geckodriver', '/usr/bin/geckodriver'].find((p) => fs.existsSync(p));
const FIREFOX = process.env.FIREFOX || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => fs.existsSync(p));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A minimal WebDriver client: POST/GET/DELETE with JSON, errors thrown with their message. */
function client(base) {
  const call = async (method, url, body) => {
    const res = await fetch(base + url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`WebDriver ${method} ${url}: ${json.value?.message ?? res.status}`);
    return json.value;
  };
  return { call };
}

async function startGeckodriver() {
  assert.ok(GECKODRIVER, 'geckodriver not found: scripts/test.sh installs it (cargo install geckodriver --locked), or set GECKODRIVER');
  assert.ok(FIREFOX, 'Firefox not found: scripts/test.sh installs Debian\'s firefox-esr, or set FIREFOX');
  const port = await freePort();
  const proc = spawn(GECKODRIVER, ['--port', String(port), '--host', '127.0.0.1', '--log', 'error'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${base}/status`);
      if (res.ok) return { proc, base };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  proc.kill();
  throw new Error(`geckodriver did not start: ${stderr}`);
}

/** Polls `script` (a function body returning a value) until `ok(value)`, or throws. */
async function until(wd, session, script, ok, what, timeoutMs = 60_000) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeoutMs) {
    last = await wd.call('POST', `/session/${session}/execute/sync`, { script, args: [] });
    if (ok(last)) return last;
    await sleep(250);
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

// What a view shows once it has drawn: its canvases that are laid out, with how many distinct
// colours each holds (a blank canvas has 1), and whether the page reported an error.
const INSPECT = `
  const view = document.querySelector('[role="tabpanel"]:not([hidden])');
  const banner = document.getElementById('internal-error');
  const canvases = view ? [...view.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0 && c.offsetParent !== null) : [];
  const colours = canvases.slice(0, 12).map((c) => {
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    const w = Math.min(c.width, 200), h = Math.min(c.height, 200);
    const d = ctx.getImageData(0, 0, w, h).data;
    const seen = new Set();
    for (let i = 0; i < d.length && seen.size < 50; i += 16) seen.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]);
    return seen.size;
  });
  return {
    view: view ? view.id : null,
    error: banner && !banner.hidden ? banner.textContent.trim() : null,
    loading: !document.getElementById('loading').hidden,
    colours,
  };`;

test('every view loads and draws in Firefox (Gecko), with no page error', { timeout: 600_000 }, async () => {
  const server = await startStaticServer({ root: WWW_ROOT });
  const { proc, base } = await startGeckodriver();
  const wd = client(base);
  let session;
  try {
    const caps = await wd.call('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          'moz:firefoxOptions': {
            binary: FIREFOX,
            args: ['-headless', '-width=1280', '-height=900'],
            prefs: { 'browser.shell.checkDefaultBrowser': false, 'app.update.enabled': false },
          },
        },
      },
    });
    session = caps.sessionId;
    await wd.call('POST', `/session/${session}/url`, { url: server.url('/index.html') });
    const views = await until(wd, session,
      'return [...document.querySelectorAll(".tabs [role=tab]")].map((t) => t.dataset.view);',
      (v) => Array.isArray(v) && v.length > 0, 'the tab bar');
    assert.ok(views.includes('panda') && views.includes('race'), `views: ${views}`);
    for (const view of views) {
      await wd.call('POST', `/session/${session}/url`, { url: server.url(`/index.html?view=${view}`) });
      const state = await until(wd, session, INSPECT,
        (s) => s && (s.error || (!s.loading && s.view === `view-${view}` && s.colours.some((c) => c >= 3))),
        `the ${view} view in Firefox`);
      assert.equal(state.error, null, `${view}: the page reported an error in Firefox: ${state.error}`);
      assert.ok(state.colours.length > 0, `${view}: no canvas drawn`);
    }
  } finally {
    if (session) await wd.call('DELETE', `/session/${session}`).catch(() => {});
    proc.kill();
    await server.close();
  }
});
