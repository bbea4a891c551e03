// Offline use: registers the service worker (www/sw.js), and when a new version of the site has
// been downloaded, offers to switch to it (the switch reloads the page, so one tab never mixes
// two versions' files). Browsers without service workers, or pages opened from file://, simply
// stay online-only.
import { t, esc } from './i18n.js';

export async function registerOffline() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  let reg;
  try {
    reg = await navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), { scope: new URL('../', import.meta.url).pathname });
  } catch {
    return; // e.g. a host that refuses to serve it: the page works online as before
  }
  const hadController = !!navigator.serviceWorker.controller;
  const offer = () => {
    if (!reg.waiting || !navigator.serviceWorker.controller) return;
    const box = document.getElementById('notices');
    if (!box || box.querySelector('[data-notice="update"]')) return;
    const p = document.createElement('p');
    p.className = 'notice';
    p.dataset.notice = 'update';
    p.innerHTML = `<span>${esc(t('page.update-ready'))}</span><button type="button" class="btn btn-small">${esc(t('page.update-reload'))}</button>`;
    p.querySelector('button').addEventListener('click', () => reg.waiting?.postMessage('skipWaiting'));
    box.append(p);
  };
  offer();
  reg.addEventListener('updatefound', () => {
    reg.installing?.addEventListener('statechange', offer);
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first visit's worker taking control changes nothing on screen; an update does.
    if (reloading || !hadController) return;
    reloading = true;
    location.reload();
  });
}
