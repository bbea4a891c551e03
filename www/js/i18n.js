// The page's words: one message catalogue per language (www/i18n/<lang>.json), shared with the
// Rust engine, which formats its own messages and chart text from the same files.
//
//   import { t } from '../i18n.js';
//   t('setting.lr.label')                       // "Learning rate α"
//   t('race.headline', { k: 5, n: 25 })        // "{k}" and "{n}" filled in
//
// English is compiled into the engine (engine().englishCatalogue()), so it needs no request; another
// language is fetched once, handed to the engine (setCatalogue) and laid over English, so an id
// a translation lacks still shows in English rather than as a bare id.
import { engine, onEngineSwitch } from './engine.js';
import { setLocale } from './format.js';

let texts = new Map();
let current = 'en';
let currentJson = null; // the catalogue of a language other than English, as fetched

// A newly loaded engine speaks the page's language too.
onEngineSwitch((e) => {
  if (currentJson) e.setCatalogue(currentJson);
});

/** Flattens `{ a: { b: "x" } }` into `a.b → "x"` (the catalogues nest by section). */
function flatten(obj, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const id = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(id, v);
    else if (v && typeof v === 'object') flatten(v, id, out);
  }
  return out;
}

/** Loads the English catalogue (call once the engine is initialised). */
export function loadEnglish() {
  texts = flatten(JSON.parse(engine().englishCatalogue()));
  current = 'en';
  currentJson = null;
  setLocale('en');
  document.documentElement.lang = 'en';
}

/** The language in use ('en', …). */
export function lang() {
  return current;
}

/** True when some catalogue has `id`. */
export function has(id) {
  return texts.has(id);
}

/**
 * The text of `id` with its `{name}` placeholders filled from `args` (numbers and strings as
 * given: format numbers with format.js first). A missing id shows as itself.
 */
export function t(id, args = {}) {
  const template = texts.get(id) ?? id;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

/** `t(id)` when the catalogues have `id`, else `fallback` (e.g. a choice's own name). */
export function tOr(id, fallback, args = {}) {
  return texts.has(id) ? t(id, args) : fallback;
}

/**
 * The page's language: the URL's `lang` if it names one, else the browser's first preference
 * that has a catalogue (any zh-* is Chinese), else English.
 */
export function pickLanguage(urlLang, preferred = navigator.languages ?? [navigator.language]) {
  const known = ['en', 'zh'];
  if (known.includes(urlLang)) return urlLang;
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (known.includes(base)) return base;
  }
  return 'en';
}

/** Loads language `tag`: English from the engine, another one fetched from www/i18n/. */
export async function loadLanguage(tag) {
  loadEnglish();
  if (tag === 'en') return;
  const res = await fetch(new URL(`../i18n/${tag}.json`, import.meta.url));
  if (!res.ok) throw new Error(`the ${tag} catalogue did not load (HTTP ${res.status})`);
  useCatalogue(await res.text());
}

/** Sets the engine's language too (for a catalogue fetched as JSON text). */
export function useCatalogue(json) {
  const tag = engine().setCatalogue(json);
  currentJson = json;
  texts = new Map([...flatten(JSON.parse(engine().englishCatalogue())), ...flatten(JSON.parse(json))]);
  current = tag;
  setLocale(tag === 'zh' ? 'zh-CN' : tag);
  document.documentElement.lang = tag === 'zh' ? 'zh-CN' : tag;
}

/** Escapes text for HTML templates (`${esc(t('…'))}` where a text may hold < or &). */
export function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
