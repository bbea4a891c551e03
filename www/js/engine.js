// Which wasm package the page runs on.
//
// The engine comes in two builds of the same crate: pkg-first/ holds the first view (panda) and
// the page's shared calls (settings table, readings, catalogues) — the small package a first
// visit loads — and pkg/ holds every view. Opening any other view loads pkg/ once; from then on
// the shared modules (main, i18n, form, classroom) and the panda view use it. The other views
// and the workers import pkg/ directly: main.js always loads it before mounting them.
//
//   import { engine } from './engine.js';
//   engine().settingsTable()
const PACKAGES = { first: '../pkg-first/tunelab.js', full: '../pkg/tunelab.js' };
/** Whether a first visit to panda starts on the small package (panda.js goes through engine()). */
const FIRST_VIEW_PACKAGE = true;

let current = null;
let full = null;
let onSwitch = null;

/** The engine in use (after `load`). */
export function engine() {
  return current;
}

/** True once the full package (every view) is loaded. */
export function hasAllViews() {
  return full !== null;
}

/** Calls `fn(engine)` whenever the page moves to another engine (e.g. to set its language). */
export function onEngineSwitch(fn) {
  onSwitch = fn;
}

async function instantiate(which) {
  const mod = await import(PACKAGES[which]);
  await mod.default();
  return mod;
}

/** Loads the engine a first visit to `view` needs: the small one for panda, else the full one. */
export async function loadFor(view) {
  if (FIRST_VIEW_PACKAGE && view === 'panda' && !current) {
    current = await instantiate('first');
    return current;
  }
  return loadFull();
}

/** Loads the full engine (once) and makes it the one in use. */
export async function loadFull() {
  if (!full) {
    full = await instantiate('full');
    current = full;
    onSwitch?.(full);
  }
  return full;
}
