// The page's one state: the URL query (in the spirit of TensorFlow Playground's state.ts).
//
// Every setting of every view lives in `location.search`, so a run is reproducible from its
// link. Views read keys with `get`, change them with `set` (written back with
// history.replaceState, no reload), and hand the whole query to the wasm side: the Rust
// `Config::from_query` is the single source of truth for what a setting means and whether it
// is valid (`validate` calls it and throws its learner-readable Error). Keys the config does
// not know (`view`, other views' settings) are ignored by Rust and kept here.
import { validateQuery } from '../pkg/tunelab.js';

/** The views, in tab order. */
export const VIEWS = ['panda', 'race', 'scale', 'bnlab'];
export const DEFAULT_VIEW = 'panda';
/** Older names of views, still opened by old links (the URL is rewritten to the new name). */
const VIEW_ALIASES = { grid: 'race' };

let params = new URLSearchParams(location.search);
if (VIEW_ALIASES[params.get('view')]) {
  params.set('view', VIEW_ALIASES[params.get('view')]);
  write();
}

/** The value of `key` in the URL, or null. */
export function get(key) {
  return params.get(key);
}

/** True when `key` is in the URL. */
export function has(key) {
  return params.has(key);
}

/** The selected view (an unknown or missing `view` falls back to the default). */
export function view() {
  const v = params.get('view');
  return VIEWS.includes(v) ? v : DEFAULT_VIEW;
}

/**
 * Changes keys and writes the URL: `set({ lr: 0.1, bn: null })` sets lr and removes bn.
 * Values are stored as strings exactly as given (seeds stay exact beyond 2^53).
 */
export function set(changes) {
  let changed = false;
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined) {
      if (params.has(key)) {
        params.delete(key);
        changed = true;
      }
    } else if (params.get(key) !== String(value)) {
      params.set(key, String(value));
      changed = true;
    }
  }
  if (changed) write();
  return changed;
}

/**
 * Replaces the keys in `owned` by their values in `canonical` (a query as Rust writes it, which
 * lists only settings that differ from the defaults): owned keys absent from it are removed.
 * Keys not in `owned` are kept as they are.
 */
export function adopt(canonical, owned) {
  const c = new URLSearchParams(canonical);
  const changes = {};
  for (const key of owned) changes[key] = c.has(key) ? c.get(key) : null;
  for (const [key, value] of c) changes[key] = value;
  return set(changes);
}

/** Removes every key but `view` (back to the defaults). */
export function clearSettings() {
  const v = params.get('view');
  params = new URLSearchParams();
  if (v) params.set('view', v);
  write();
}

/** The whole query without '?', `view` first, commas left readable ("hidden=8,8"). */
export function query() {
  const parts = [];
  const v = params.get('view');
  if (v !== null) parts.push(`view=${enc(v)}`);
  for (const [key, value] of params) {
    if (key !== 'view') parts.push(`${enc(key)}=${enc(value)}`);
  }
  return parts.join('&');
}

/** The full URL of the current state (what "copy link" copies). */
export function href() {
  const q = query();
  return location.origin + location.pathname + (q ? `?${q}` : '');
}

/**
 * Validates the current (or a given) query with Rust's Config::from_query and returns the
 * canonical config query. Throws the Rust Error (its message names the bad setting).
 */
export function validate(q = query()) {
  return validateQuery(q);
}

function enc(s) {
  return encodeURIComponent(s).replace(/%2C/gi, ',');
}

function write() {
  const q = query();
  history.replaceState(history.state, '', q ? `?${q}` : location.pathname);
}
