// Entry point: loads the wasm engine and the page's words, builds the tab bar from the views'
// names, and mounts the selected view. Each view is a module www/js/views/<name>.js with
// mount(root, state) / unmount(), loaded when first opened; only the selected one is mounted.
import { engine, hasAllViews, loadFor, loadFull } from './engine.js';
import * as state from './state.js';
import { guard, installGlobalHandlers, reportInternalError } from './errors.js';
import { esc, lang, loadLanguage, pickLanguage, t } from './i18n.js';
import { registerOffline } from './offline.js';
import { decorate, initClassroom } from './classroom.js';

let current = null; // { name, module }
let opening = 0; // the latest show() call (a slower module load must not win)

function tabs() {
  return [...document.querySelectorAll('.tabs [role="tab"]')];
}

/** The tab bar and one section per view, from the engine's list of views. */
function buildViews() {
  const nav = document.querySelector('.tabs');
  nav.setAttribute('aria-label', t('page.views'));
  nav.innerHTML = engine().viewNames()
    .map((name) => `<button type="button" role="tab" id="tab-${name}" data-view="${name}" aria-controls="view-${name}" aria-selected="false" tabindex="-1">${esc(t(`view.${name}.tab`))}</button>`)
    .join('');
  document.getElementById('views').innerHTML = engine().viewNames()
    .map((name) => `<section id="view-${name}" class="view view-${name}" role="tabpanel" aria-labelledby="tab-${name}" hidden></section>`)
    .join('');
}

async function show(name) {
  if (current?.name === name) return;
  const token = ++opening;
  if (current) {
    const leaving = current;
    current = null;
    guard(() => leaving.module.unmount(), `leaving the "${leaving.name}" view`);
    document.getElementById(`view-${leaving.name}`).hidden = true;
  }
  for (const tab of tabs()) {
    const selected = tab.dataset.view === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  let module;
  try {
    // Every view but the first one needs the full engine (loaded once, on the first such visit).
    if (name !== 'panda' && !hasAllViews()) await loadFull();
    module = await import(`./views/${name}.js`);
  } catch (err) {
    reportInternalError(err, `loading the "${name}" view`);
    return;
  }
  if (token !== opening) return; // another tab was chosen meanwhile
  const root = document.getElementById(`view-${name}`);
  root.hidden = false;
  current = { name, module };
  guard(() => module.mount(root, state), `opening the "${name}" view`);
  guard(() => decorate(root, module), `preparing the "${name}" view for the classroom`);
}

/** Mounts view `name` afresh from the URL (a lesson step changed the settings). */
async function reopen(name) {
  if (current) {
    guard(() => current.module.unmount(), `leaving the "${current.name}" view`);
    document.getElementById(`view-${current.name}`).hidden = true;
    current = null;
  }
  showNotices(name);
  await show(name);
}

function select(name) {
  state.set({ view: name });
  showNotices(name);
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

// ---- notices about the URL -----------------------------------------------------------------------

let viewNotice = null; // a notice about `view=` itself, shown until the learner picks a view

/** Notices for the keys of the URL no view knows ("did you mean 'lr'?"), each removable. */
function showNotices(view) {
  const box = document.getElementById('notices');
  const notices = [];
  if (viewNotice) notices.push({ message: viewNotice });
  const reading = guard(() => engine().readSettings(view, state.query()));
  for (const u of reading?.unknown ?? []) notices.push({ message: u.message, key: u.key });
  // A refused page-wide key (lang, present, lesson) has no control of a view: say it here.
  const pageKeys = new Set(engine().settingsTable().filter((s) => s.owner === 'page').map((s) => s.key));
  for (const e of reading?.errors ?? []) {
    if (pageKeys.has(e.key) && e.key !== 'view') notices.push({ message: e.message, key: e.key });
  }
  box.innerHTML = notices
    .map((n) => `<p class="notice" data-notice-key="${esc(n.key ?? '')}"><span>${esc(n.message)}</span>${n.key ? `<button type="button" class="btn btn-small" data-remove-key="${esc(n.key)}">${esc(t('notice.remove', { key: n.key }))}</button>` : ''}</p>`)
    .join('');
  for (const btn of box.querySelectorAll('[data-remove-key]')) {
    btn.addEventListener('click', () => {
      state.set({ [btn.dataset.removeKey]: null });
      btn.closest('.notice').remove();
    });
  }
}

// ---- language ----------------------------------------------------------------------------------

/** The words of the static page (index.html's `data-i18n` elements) in the current language. */
function translateShell() {
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  document.title = t('page.title');
  document.querySelector('.lang-switch')?.setAttribute('aria-label', t('page.language'));
  for (const btn of document.querySelectorAll('.lang-switch [data-lang]')) {
    btn.setAttribute('aria-pressed', String(btn.dataset.lang === lang()));
  }
}

/** Switches the whole page to language `tag`: the shell, the tabs, and the open view rebuilt. */
async function switchLanguage(tag) {
  if (tag === lang()) return;
  try {
    await loadLanguage(tag);
  } catch (err) {
    reportInternalError(err, 'loading the language');
    return;
  }
  state.set({ lang: tag });
  translateShell();
  const name = current?.name ?? engine().viewOf(state.query()).view;
  if (current) {
    guard(() => current.module.unmount(), `leaving the "${current.name}" view`);
    current = null;
  }
  buildViews();
  wireTabs();
  showNotices(name);
  await show(name);
}

// ---- copy link ---------------------------------------------------------------------------------

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
  btn.textContent = t(ok ? 'page.link-copied' : 'page.copy-failed');
  clearTimeout(copyLink.timer);
  copyLink.timer = setTimeout(() => (btn.textContent = t('page.copy-link')), 2000);
}

async function start() {
  installGlobalHandlers();
  const loading = document.getElementById('loading');
  try {
    // The first view decides which engine loads first (see engine.js).
    const first = new URLSearchParams(location.search).get('view');
    await loadFor(first === null || first === 'panda' ? 'panda' : 'other');
  } catch (err) {
    loading.hidden = true;
    reportInternalError(err, 'loading the engine (www/pkg/tunelab_bg.wasm)');
    return;
  }
  loading.hidden = true;
  try {
    await loadLanguage(pickLanguage(state.get('lang')));
  } catch (err) {
    reportInternalError(err, 'loading the language');
    await loadLanguage('en');
  }
  translateShell();
  for (const btn of document.querySelectorAll('.lang-switch [data-lang]')) {
    btn.addEventListener('click', () => switchLanguage(btn.dataset.lang));
  }
  buildViews();
  wireTabs();
  initClassroom({ state, current: () => current, reopen });
  document.getElementById('copy-link').addEventListener('click', copyLink);
  // The engine decides which view a URL names: an old name opens its view (the URL is
  // rewritten), an unknown one opens the first view with a notice.
  const { view, notice } = engine().viewOf(state.query());
  viewNotice = notice ?? null;
  if (state.get('view') !== null && state.get('view') !== view) state.set({ view });
  showNotices(view);
  await show(view);
  // Once the first view is up, cache the whole site in the background for offline use (the
  // first view's critical path never waits for it).
  setTimeout(() => registerOffline(), 1500);
}

start();
