// Entry point: loads the wasm engine, then wires the tab bar to the views.
// Each view is a module with mount(root, state) / unmount(); only the selected one is mounted.
import init from '../pkg/tunelab.js';
import * as state from './state.js';
import { guard, installGlobalHandlers, reportInternalError } from './errors.js';
import { setLocale } from './format.js';
import * as panda from './views/panda.js';
import * as race from './views/race.js';
import * as scale from './views/scale.js';
import * as bnlab from './views/bnlab.js';

const MODULES = { panda, race, scale, bnlab };

let current = null; // { name, module }

function tabs() {
  return [...document.querySelectorAll('.tabs [role="tab"]')];
}

function show(name) {
  if (current?.name === name) return;
  if (current) {
    guard(() => current.module.unmount(), `leaving the "${current.name}" view`);
    document.getElementById(`view-${current.name}`).hidden = true;
  }
  for (const tab of tabs()) {
    const selected = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  const root = document.getElementById(`view-${name}`);
  root.hidden = false;
  current = { name, module: MODULES[name] };
  guard(() => current.module.mount(root, state), `opening the "${name}" view`);
}

function select(name) {
  state.set({ view: name });
  show(name);
}

function wireTabs() {
  const list = tabs();
  for (const tab of list) {
    tab.addEventListener('click', () => select(tab.dataset.view));
    // WAI-ARIA tabs: arrows move between tabs, Home/End jump to the ends.
    tab.addEventListener('keydown', (ev) => {
      const i = list.indexOf(tab);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      const next = list[(to + list.length) % list.length];
      next.focus();
      select(next.dataset.view);
    });
  }
}

/** "Copy link": the URL holds every setting and seed of the view, so it reproduces what is shown. */
async function copyLink() {
  const btn = document.getElementById('copy-link');
  const url = state.href();
  let ok = false;
  try {
    await navigator.clipboard.writeText(url);
    ok = true;
  } catch {
    // No clipboard permission (plain http, headless, old browser): select-and-copy fallback.
    const ta = document.createElement('textarea');
    ta.value = url;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
  }
  btn.textContent = ok ? 'Link copied ✓' : 'Copy failed: use the address bar';
  clearTimeout(copyLink.timer);
  copyLink.timer = setTimeout(() => (btn.textContent = 'Copy link'), 2000);
}

async function start() {
  installGlobalHandlers();
  setLocale(document.documentElement.lang || 'en'); // numbers in the page's language (format.js)
  const loading = document.getElementById('loading');
  try {
    await init();
  } catch (err) {
    loading.hidden = true;
    reportInternalError(err, 'loading the engine (www/pkg/tunelab_bg.wasm)');
    return;
  }
  loading.hidden = true;
  wireTabs();
  document.getElementById('copy-link').addEventListener('click', copyLink);
  show(state.view());
}

start();
