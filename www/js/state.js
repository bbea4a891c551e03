// The page's one state: the URL query (in the spirit of TensorFlow Playground's state.ts).
//
// Every setting of every view lives in `location.search`, so a run is reproducible from its
// link. This module only stores and writes it (history.replaceState, no reload): what a key
// means, its default and whether a value is valid are decided by Rust alone — a view hands the
// whole query to the engine (readSettings for its form, its handle's fromQuery to build), which
// reads it with one parser (src/query.rs) and refuses a key given twice. Keys of other views
// are kept as they are, so switching views keeps every setting.

let params = new URLSearchParams(location.search);

/** The value of `key` in the URL, or null. */
export function get(key) {
  return params.get(key);
}

/** True when `key` is in the URL. */
export function has(key) {
  return params.has(key);
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

/** Replaces the whole query by `query` (a lesson step's state): every other key is dropped. */
export function replaceAll(query) {
  params = new URLSearchParams(query);
  write();
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

function enc(s) {
  return encodeURIComponent(s).replace(/%2C/gi, ',');
}

function write() {
  const q = query();
  history.replaceState(history.state, '', q ? `?${q}` : location.pathname);
}
