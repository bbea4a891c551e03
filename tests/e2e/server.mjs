// A tiny static file server for www/ (no dependencies, no python).
//
//   import { startStaticServer } from './server.mjs';
//   const srv = await startStaticServer();          // free port on 127.0.0.1
//   srv.url('/index.html'); await srv.close();
//
// Also runnable: node tests/e2e/server.mjs [--port 8000] [--root www]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WWW_ROOT = path.join(REPO_ROOT, 'www');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * Serve `root` on 127.0.0.1. `port` 0 (default) picks a free port. With `base` (e.g.
 * '/tunelab/'), the site lives under that sub-path, as on a static host serving several sites;
 * anything outside it is a 404.
 * Returns { port, origin, url(pathAndQuery), close(), requests }.
 * `requests` records every request as { method, path, status } (handy for asserting on 404s).
 */
export async function startStaticServer({ root = WWW_ROOT, port = 0, host = '127.0.0.1', log = false, base = '/' } = {}) {
  const absRoot = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    const done = (status, headers = {}, body) => {
      requests.push({ method: req.method, path: req.url, status });
      if (log) console.error(`${status} ${req.method} ${req.url}`);
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, { Allow: 'GET, HEAD' }, 'method not allowed\n');
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return done(400, {}, 'bad request\n');
    }
    if (base !== '/') {
      if (!rel.startsWith(base)) return done(404, { 'Content-Type': 'text/plain; charset=utf-8' }, `outside ${base}: ${rel}\n`);
      rel = '/' + rel.slice(base.length);
    }
    let file = path.join(absRoot, rel);
    if (file !== absRoot && !file.startsWith(absRoot + path.sep)) return done(403, {}, 'forbidden\n');
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        file = path.join(file, 'index.html');
        try { st = fs.statSync(file); err = null; } catch (e) { err = e; }
      }
      if (err || !st.isFile()) {
        return done(404, { 'Content-Type': 'text/plain; charset=utf-8' }, `not found: ${rel}\n`);
      }
      const type = MIME[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const headers = { 'Content-Type': type, 'Content-Length': st.size };
      if (req.method === 'HEAD') return done(200, headers);
      requests.push({ method: req.method, path: req.url, status: 200 });
      if (log) console.error(`200 ${req.method} ${req.url}`);
      res.writeHead(200, { 'Cache-Control': 'no-store', ...headers });
      fs.createReadStream(file).pipe(res);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const origin = `http://${host}:${actualPort}`;
  return {
    port: actualPort,
    origin,
    requests,
    url: (p = '/') => origin + base.replace(/\/$/, '') + (p.startsWith('/') ? p : '/' + p),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}

// CLI: node tests/e2e/server.mjs [--port N] [--root DIR]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const srv = await startStaticServer({
    port: Number(opt('--port', process.env.PORT ?? 8000)),
    root: opt('--root', WWW_ROOT),
    log: true,
  });
  console.error(`serving ${opt('--root', WWW_ROOT)} at ${srv.url('/')}`);
}
