// Unexpected failures are never silent: any exception the page did not expect, and any wasm
// RuntimeError (a Rust panic: its message is also on the console via console_error_panic_hook),
// is shown in the "Internal error" banner, and every registered stop hook (animation loops,
// workers) is called so nothing keeps running on a broken state.

const stopHooks = new Set();
let shown = false;

/** Registers `fn` to be called when an internal error is reported. Returns an unregister. */
export function onInternalError(fn) {
  stopHooks.add(fn);
  return () => stopHooks.delete(fn);
}

/** True for a trap inside the wasm module (a Rust panic, unreachable, out-of-bounds…). */
function isWasmTrap(err) {
  return typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError;
}

/** A one-line description of anything thrown. */
function describe(err) {
  if (err instanceof Error) {
    const kind = isWasmTrap(err) ? 'the engine crashed (RuntimeError: ' : '';
    return kind ? `${kind}${err.message})` : `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  }
  return String(err);
}

/** Shows `err` in the internal-error banner and stops everything that registered a hook. */
export function reportInternalError(err, context = '') {
  for (const fn of stopHooks) {
    try {
      fn(err);
    } catch {
      // A stop hook failing must not hide the original error.
    }
  }
  const banner = document.getElementById('internal-error');
  const text = document.getElementById('internal-error-text');
  if (!banner || !text) return;
  const line = (context ? `${context}: ` : '') + describe(err);
  // Keep the first error visible; append later distinct ones (they are usually consequences).
  if (!shown) {
    text.textContent = line;
    shown = true;
  } else if (!text.textContent.includes(line)) {
    text.textContent += ` · then: ${line}`;
  }
  banner.hidden = false;
}

/**
 * Runs `fn()` and returns its result: the one guard around every call into the engine and every
 * frame, timer and event handler of the views.
 *
 * If `fn` throws, and `expected` is given and the error is not a wasm trap, `expected(err)`
 * handles it (typically a setting the engine refused, shown next to its control) and its result
 * is returned. Anything else — every wasm RuntimeError, and any error when there is no
 * `expected` — is reported with `context` ("drawing the race") in the internal-error banner, and
 * `guard` returns undefined.
 */
export function guard(fn, context = '', expected = null) {
  try {
    return fn();
  } catch (err) {
    if (expected && !isWasmTrap(err)) return expected(err);
    reportInternalError(err, context);
    return undefined;
  }
}

/** Catches what escapes every guard: uncaught exceptions and unhandled promise rejections. */
export function installGlobalHandlers() {
  window.addEventListener('error', (ev) => {
    // Resource load errors (img/script) do not bubble as ErrorEvents with an `error`.
    reportInternalError(ev.error ?? ev.message ?? 'unknown error');
  });
  window.addEventListener('unhandledrejection', (ev) => {
    reportInternalError(ev.reason ?? 'unhandled promise rejection');
  });
  document.getElementById('internal-error-reload')?.addEventListener('click', () => location.reload());
}
