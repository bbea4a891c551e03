// Browser half of scripts/bench.sh: opens /bench.html and waits for the page to publish
// `window.benchResults` (any JSON-serialisable value), then prints it and writes it to
// target/bench/web.json. Not a node:test file (its name doesn't match *.test.mjs).
// First copies TF.js (pinned in bench/package.json, installed into bench/node_modules by
// scripts/bench.sh) into the git-ignored www/vendor/tfjs/.
//
//   node tests/e2e/bench.mjs [--out FILE] [--query 'runs=7&tfSteps=500&engines=tunelab,tfjs-cpu']
//   BENCH_TIMEOUT_MS=600000 by default; the query options are listed in www/js/bench.js.
import fs from 'node:fs';
import path from 'node:path';
import { openPage, REPO_ROOT, WWW_ROOT } from './harness.mjs';
import { vendorTfjs } from './vendor.mjs';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = opt('--out') ?? path.join(REPO_ROOT, 'target', 'bench', 'web.json');
const query = opt('--query') ?? process.env.BENCH_QUERY ?? '';
const timeout = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);

if (!fs.existsSync(path.join(WWW_ROOT, 'bench.html'))) {
  console.error('error: www/bench.html does not exist yet (the browser benchmark page).');
  process.exit(2);
}

const tfjsVersion = vendorTfjs();
console.error(`TF.js ${tfjsVersion} in www/vendor/tfjs/; opening /bench.html${query ? '?' + query : ''}`);
const { page, errors, logs, close } = await openPage(`/bench.html${query ? '?' + query : ''}`, { timeout });
let code = 0;
try {
  const t0 = Date.now();
  await page.waitForFunction(() => window.benchResults !== undefined || window.benchError !== undefined,
    null, { timeout, polling: 250 });
  const { results, error } = await page.evaluate(() => ({ results: window.benchResults, error: window.benchError }));
  if (error !== undefined) throw new Error(`bench.html reported window.benchError: ${String(error)}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
  console.error(`browser bench finished in ${((Date.now() - t0) / 1000).toFixed(1)} s; wrote ${path.relative(REPO_ROOT, out)}`);
  if (errors.length) {
    console.error('errors on bench.html:\n  ' + errors.join('\n  '));
    code = 1;
  }
} catch (e) {
  console.error(`error: ${e.message}`);
  if (errors.length) console.error('page errors:\n  ' + errors.join('\n  '));
  if (logs.length) console.error('console (last 20):\n  ' + logs.slice(-20).join('\n  '));
  code = 1;
} finally {
  await close();
}
process.exit(code);
