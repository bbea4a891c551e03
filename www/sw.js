// TuneLab's service worker: after one visit the page works offline.
//
// On install it caches every file the page needs (the list and a version come from
// pkg/precache.js, written by the build; a new build changes it, so the browser installs the new
// worker). The new worker waits until the page agrees to switch (js/offline.js offers a reload),
// then removes the old version's cache: a tab never mixes two versions' files. Requests are
// answered from the cache first, then the network; a page URL with any query (`?view=race&…`)
// is answered with the cached index.html. Everything is relative to the worker's own location,
// so the site runs from any static host under any sub-path.
importScripts('pkg/precache.js');

const { version, files } = self.PRECACHE;
const CACHE = `tunelab-${version}`;
const SCOPE = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(files.map((f) => new URL(f, SCOPE).href))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('tunelab-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(SCOPE)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const url = new URL(req.url);
    // The page itself, whatever its query: the cached shell.
    const isPage = req.mode === 'navigate' || url.href === SCOPE || url.pathname.endsWith('/index.html');
    const hit = isPage
      ? (await cache.match(new URL('index.html', SCOPE).href)) ?? (await cache.match(SCOPE))
      : await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    return fetch(req);
  })());
});
