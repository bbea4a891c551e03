// Copies the TensorFlow.js files the benchmark page (www/bench.html) loads from node_modules into
// www/vendor/tfjs/ (git-ignored; never part of the page): the browser bundles of tfjs-core, the
// cpu and wasm backends and tfjs-layers — the same code as the @tensorflow/tfjs umbrella bundle,
// without its webgl backend, converter and data packages. The versions are the exact ones pinned
// in bench/package.json, installed into bench/node_modules by scripts/bench.sh (`npm ci` there;
// the tests' install in the repository root does not include TF.js).
//
//   import { vendorTfjs } from './vendor.mjs';  vendorTfjs();   // or: node tests/e2e/vendor.mjs
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, WWW_ROOT } from './server.mjs';

const FILES = [
  ['@tensorflow/tfjs-core/dist/tf-core.es2017.min.js', 'tf-core.es2017.min.js'],
  ['@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.es2017.min.js', 'tf-backend-cpu.es2017.min.js'],
  ['@tensorflow/tfjs-layers/dist/tf-layers.es2017.min.js', 'tf-layers.es2017.min.js'],
  ['@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js', 'tf-backend-wasm.es2017.min.js'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'tfjs-backend-wasm.wasm'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-simd.wasm'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'],
];

export const VENDOR_DIR = path.join(WWW_ROOT, 'vendor', 'tfjs');

/** Copies TF.js into www/vendor/tfjs/ when missing or stale; returns the installed version. */
export function vendorTfjs() {
  const nm = path.join(REPO_ROOT, 'bench', 'node_modules');
  const pkg = path.join(nm, '@tensorflow', 'tfjs-core', 'package.json');
  if (!fs.existsSync(pkg)) {
    throw new Error('bench/node_modules/@tensorflow/tfjs-core is missing: run scripts/bench.sh, or `npm ci --prefix bench` (TF.js is pinned in bench/package.json)');
  }
  const version = JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
  fs.mkdirSync(VENDOR_DIR, { recursive: true });
  for (const [from, to] of FILES) {
    const src = path.join(nm, from);
    const dst = path.join(VENDOR_DIR, to);
    const s = fs.statSync(src);
    let d = null;
    try { d = fs.statSync(dst); } catch { /* missing */ }
    if (!d || d.size !== s.size || d.mtimeMs < s.mtimeMs) fs.copyFileSync(src, dst);
  }
  return version;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const v = vendorTfjs();
  console.error(`TF.js ${v} copied into ${path.relative(REPO_ROOT, VENDOR_DIR)}/`);
}
