// Numbers as the page shows them, in the page's language: the one formatter of every view.
//
//   import { number, percent, integer } from '../format.js';
//   number(0.000123)        // "1.23e-4"      number(0.0316) // "0.0316"    number(-2.5) // "−2.5"
//   number(0.03, { digits: 4 })  // "0.03"    fixed(0.6931, 3)  // "0.693"
//   percent(0.873)          // "87.3%"        integer(12345)    // "12,345"    seconds(1260) // "1.3 s"
//
// Built on Intl.NumberFormat, so digits, separators and percent signs follow the locale set by
// `setLocale` (one place for the page language; 'en' until it is called). Formatters are made
// once per locale and kind, and cached. Every function shows '–' for NaN and ±∞.
//
// Choices shared by every function: a true minus sign (U+2212, "−2.5"), as typeset and as the
// captions drawn by Rust write it; scientific notation as "1.23e-4" (lower-case e, no "+"),
// the form of the charts' axis labels (src/render/axis.rs). Values for the URL are not
// formatted here: they stay plain JavaScript numbers (String(v)), whatever the language.

/** What every function shows for NaN and ±∞. */
export const NONE = '–';

/** Magnitude from which `number` switches to scientific notation (up to it: plain decimals). */
const LARGE = 1e5;

let current = 'en';
const cache = new Map(); // `${kind}|${locale}` → Intl.NumberFormat

/**
 * Sets the page language for every number shown from now on: a BCP 47 tag such as 'en' or
 * 'zh-CN'. Throws a RangeError for a malformed tag. Returns the canonical tag.
 */
export function setLocale(tag) {
  const [canonical] = Intl.getCanonicalLocales(tag);
  if (!canonical) throw new RangeError(`not a language tag: ${JSON.stringify(tag)}`);
  current = canonical;
  return current;
}

function formatter(kind, options) {
  const key = `${kind}|${current}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(current, { signDisplay: 'negative', ...options });
    cache.set(key, f);
  }
  return f;
}

/** Formats with `f`, then writes the minus sign and the exponent separator the page's way. */
function render(f, v) {
  let out = '';
  for (const { type, value } of f.formatToParts(v)) {
    if (type === 'minusSign') out += '−';
    else if (type === 'exponentSeparator') out += 'e';
    else out += value;
  }
  return out;
}

/**
 * A measured value (a loss, a learning rate, μ, σ² …) with `digits` significant digits
 * (default 3), trailing zeros dropped: 0.0316, 0.9, 1.23, 128, 12345 (the integer part is never
 * rounded away). Plain decimals for 10^−digits ≤ |v| < 100 000 — so a plain number never
 * starts with more than digits − 1 zeros after the point — and scientific notation outside:
 * 1.23e-4, 2.5e5. Ties round half to even, so with 3 digits this writes what the Rust side
 * writes in its captions and formulas (render::bnlab::num: checked on 40,000 values; it differs
 * only for a float whose shortest decimal form is itself a tie, such as 9.995), and the two can
 * sit side by side.
 */
export function number(v, { digits = 3 } = {}) {
  if (!Number.isFinite(v)) return NONE;
  const a = Math.abs(v);
  if (a !== 0 && (a < 10 ** -digits || a >= LARGE)) {
    return render(formatter(`sci${digits}`, {
      notation: 'scientific',
      maximumSignificantDigits: digits,
      roundingMode: 'halfEven',
    }), v);
  }
  return render(formatter(`num${digits}`, {
    maximumSignificantDigits: digits,
    maximumFractionDigits: 0,
    roundingPriority: 'morePrecision', // 3 significant digits, or all of the integer part
    roundingMode: 'halfEven',
    useGrouping: false,
  }), v);
}

/**
 * `v` with exactly `decimals` digits after the point (0.693, 1.500): a readout that changes
 * live and should not jump in width. Not grouped, like `number`.
 */
export function fixed(v, decimals) {
  if (!Number.isFinite(v)) return NONE;
  return render(formatter(`fixed${decimals}`, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
  }), v);
}

/** A share (0.873) as a percentage with exactly `decimals` decimals (default 1): "87.3%". */
export function percent(share, decimals = 1) {
  if (!Number.isFinite(share)) return NONE;
  return render(formatter(`pct${decimals}`, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }), share);
}

/** A count, rounded to a whole number and grouped: "12,345" (steps, epochs, samples). */
export function integer(n) {
  if (!Number.isFinite(n)) return NONE;
  return render(formatter('int', { maximumFractionDigits: 0 }), n);
}

/** A duration given in milliseconds, in seconds with one decimal: "1.3 s" (SI symbol). */
export function seconds(ms) {
  if (!Number.isFinite(ms)) return NONE;
  return `${fixed(ms / 1000, 1)} s`;
}
