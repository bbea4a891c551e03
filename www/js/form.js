// Form controls built from the settings table (Rust's settingsTable(), src/settings.rs): a
// view names the keys it shows and where; the key's kind, range, default, slider scale and
// words (label, unit, help from the catalogue) all come from the table, so the JavaScript never
// restates a key, a range, a default or a limit. Validation is never done here either: a view
// hands the URL to Rust (readSettings) and shows each refusal at the control of its key.
//
//   root.innerHTML = field('lr', { id: 'p-lr' });      // label, slider, readout, error slot
//   writeFields(root, reading.values);                 // what the URL holds (or the default)
//   const text = readField(root, 'lr');                // the URL text the control shows now
//   showErrors(root, reading.errors);                  // red control + message at each key
import { engine } from './engine.js';
import { t, tOr, esc } from './i18n.js';
import { number } from './format.js';

let table = null;

/** The settings table row of `key` (throws for a key the table lacks: a programming error). */
export function setting(key) {
  table ??= new Map(engine().settingsTable().map((s) => [s.key, s]));
  const s = table.get(key);
  if (!s) throw new Error(`'${key}' is not in the settings table`);
  return s;
}

/** The label of a setting in the page's language. */
export function label(key) {
  return t(`setting.${key}.label`);
}

/** The words of one choice of a setting (its own name when the catalogue has none). */
export function choiceLabel(key, choice) {
  return tOr(`choice.${key}.${choice}`, choice);
}

// ---- sliders: position ↔ value on the right scale ----------------------------------------------

function sliderRange(c) {
  switch (c.scale) {
    case 'log':
      return [Math.log10(c.lo), Math.log10(c.hi)];
    case 'oneMinusLog':
      return [-Math.log10(1 - c.lo), -Math.log10(1 - c.hi)];
    default:
      return [c.lo, c.hi];
  }
}

/** Two significant digits: what a slider can meaningfully set. */
function round2(v) {
  return Number(v.toPrecision(2));
}

function toPosition(c, v) {
  if (!Number.isFinite(v)) return null;
  switch (c.scale) {
    case 'log':
      return v > 0 ? Math.log10(v) : null;
    case 'oneMinusLog':
      return v < 1 ? -Math.log10(1 - v) : null;
    default:
      return v;
  }
}

function fromPosition(c, p) {
  switch (c.scale) {
    case 'log':
      return round2(10 ** p);
    case 'oneMinusLog': {
      const gap = round2(10 ** -p);
      return gap >= 1 ? 0 : Number((1 - gap).toPrecision(12));
    }
    default: {
      const [lo, hi] = sliderRange(c);
      return Number(Math.min(hi, Math.max(lo, p)).toPrecision(3));
    }
  }
}

// ---- markup -------------------------------------------------------------------------------------

function errorSlot(key) {
  return `<p class="field-error" data-error-for="${key}" role="alert" hidden></p>`;
}

/**
 * The markup of one setting's control: label (with unit), control, help and error slot.
 * Options: `id` (the control's id, default `f-<key>`), `layout` ('stack', 'pair': label
 * beside the control in two columns, or 'inline': label and control on one line), `help` (false to leave the help text out), `readout` (slider value).
 */
export function field(key, { id = `f-${key}`, layout = 'stack', help = true } = {}) {
  const s = setting(key);
  const c = s.control;
  const unit = tOr(`setting.${key}.unit`, '');
  const helpText = help ? tOr(`setting.${key}.help`, '') : '';
  const helpId = `${id}-help`;
  const describe = helpText ? ` aria-describedby="${helpId}"` : '';
  const small = unit ? ` <small class="help">${esc(unit)}</small>` : '';
  const cls = `field field-${c.kind}${layout === 'pair' ? ' field-pair' : layout === 'inline' ? ' field-inline-group' : ''}`;
  const helpP = helpText ? `<small id="${helpId}" class="help field-help">${esc(helpText)}</small>` : '';
  const lbl = esc(label(key));
  switch (c.kind) {
    case 'select':
      return `<div class="${cls}" data-field="${key}"><label for="${id}">${lbl}${small}</label>
        <select id="${id}" data-key="${key}"${describe}>${s.choices
          .map((ch) => `<option value="${esc(ch)}">${esc(choiceLabel(key, ch))}</option>`)
          .join('')}</select>${helpP}${errorSlot(key)}</div>`;
    case 'radio':
      return `<div class="${cls}" data-field="${key}"><span class="label" id="${id}-label">${lbl}${small}</span>
        <div class="segmented" role="radiogroup" aria-labelledby="${id}-label"${describe}>${s.choices
          .map((ch, i) => `<input type="radio" id="${id}-${i}" name="${id}" value="${esc(ch)}" data-key="${key}"><label for="${id}-${i}">${esc(choiceLabel(key, ch))}</label>`)
          .join('')}</div>${helpP}${errorSlot(key)}</div>`;
    case 'switch':
      return `<div class="${cls} field-inline" data-field="${key}"><input type="checkbox" id="${id}" data-key="${key}" class="switch"${describe}>
        <label for="${id}">${lbl}</label>${helpP}${errorSlot(key)}</div>`;
    case 'slider': {
      const [min, max] = sliderRange(c);
      const ends = c.scale === 'linear' ? '' : `<small class="help scale-ends" aria-hidden="true"><span>${esc(number(c.lo, { digits: 4 }))}</span><span>${esc(t(`slider.${c.scale}`))}</span><span>${esc(number(c.hi, { digits: 4 }))}</span></small>`;
      return `<div class="${cls}" data-field="${key}"><label for="${id}">${lbl} <output class="value" data-readout="${key}" for="${id}"></output></label>
        <input type="range" id="${id}" data-key="${key}" min="${min}" max="${max}" step="any"${describe}>${ends}${helpP}${errorSlot(key)}</div>`;
    }
    case 'seed':
      return `<div class="${cls} seed" data-field="${key}"><label for="${id}">${lbl}</label>
        <div class="seed-input"><input type="text" id="${id}" data-key="${key}" inputmode="numeric" spellcheck="false" autocomplete="off"${describe}>
        <button type="button" class="btn btn-icon" data-new-seed="${key}" aria-label="${esc(t('form.new-seed', { label: label(key) }))}" title="${esc(t('form.new-seed', { label: label(key) }))}">⟳</button></div>${errorSlot(key)}</div>`;
    default: {
      // Numbers are typed as text: what the learner typed reaches the engine as typed, so
      // "1e" is refused with a message instead of silently emptied by the browser.
      const mode = s.kind === 'whole' ? 'numeric' : s.kind === 'real' ? 'decimal' : 'text';
      return `<div class="${cls}" data-field="${key}"><label for="${id}">${lbl}${small}</label>
        <input type="text" id="${id}" data-key="${key}" inputmode="${mode}" spellcheck="false" autocomplete="off"${describe}>${helpP}${errorSlot(key)}</div>`;
    }
  }
}

// ---- values -------------------------------------------------------------------------------------

function controls(root, key) {
  return [...root.querySelectorAll(`[data-key="${key}"]`)];
}

/** The URL text the control of `key` shows now (null when the view has no control for it). */
export function readField(root, key) {
  const els = controls(root, key);
  if (!els.length) return null;
  const el = els[0];
  if (el.type === 'radio') return els.find((r) => r.checked)?.value ?? null;
  if (el.type === 'checkbox') return el.checked ? '1' : '0';
  if (el.type === 'range') return String(fromPosition(setting(key).control, Number(el.value)));
  return el.value.trim();
}

/** Shows `text` (a URL value) in the control of `key`; a slider also shows it in its readout. */
export function writeField(root, key, text) {
  const els = controls(root, key);
  if (!els.length) return;
  const el = els[0];
  if (el.type === 'radio') {
    for (const r of els) r.checked = r.value === text;
  } else if (el.type === 'checkbox') {
    el.checked = ['1', 'true', 'on'].includes(text);
  } else if (el.type === 'range') {
    const p = toPosition(setting(key).control, Number(text));
    if (p !== null) el.value = String(p);
  } else if (el.tagName === 'SELECT') {
    if (![...el.options].some((o) => o.value === text)) el.append(new Option(text, text)); // a refused value stays visible
    el.value = text;
  } else if (el !== document.activeElement) {
    el.value = text; // never fight the typist
  }
  showReadout(root, key, text);
}

/** Writes every value of a reading (`{ key: text }`) into the controls that exist. */
export function writeFields(root, values) {
  for (const [key, text] of Object.entries(values)) writeField(root, key, text);
}

/** A slider's live value while it moves. */
export function showReadout(root, key, text) {
  const out = root.querySelector(`[data-readout="${key}"]`);
  if (!out) return;
  const v = Number(text);
  out.textContent = Number.isFinite(v) && text !== '' ? (key === 'initScale' ? `× ${number(v)}` : number(v, { digits: 4 })) : text;
}

/** Wires live slider readouts inside `root` (call once per mount, with an AbortSignal). */
export function liveReadouts(root, signal) {
  root.addEventListener('input', (ev) => {
    const key = ev.target.dataset?.key;
    if (key && ev.target.type === 'range') showReadout(root, key, readField(root, key));
  }, { signal });
}

// ---- refusals -----------------------------------------------------------------------------------

/** Clears every mark and message left by showErrors. */
export function clearErrors(root) {
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const p of root.querySelectorAll('.field-error[data-error-for]')) {
    p.hidden = true;
    p.textContent = '';
  }
}

/**
 * Marks each refused key's control and shows its message beside it: `errors` is
 * `[{ key, message }]` (from readSettings, or one engine Error with `.key`). A control that is
 * hidden (its section folded, or it only applies to another optimizer) is shown first, so the
 * learner can always see and fix what was refused. A refused key the view shows no control for
 * (a training setting the panda form leaves out, say) gets one, made from the settings table,
 * in the view's `[data-unplaced-errors]` container — so it can be fixed in place. Returns the
 * errors no control here shows.
 */
export function showErrors(root, errors) {
  clearErrors(root);
  const spare = root.querySelector('[data-unplaced-errors]');
  if (spare) spare.replaceChildren();
  const unplaced = [];
  for (const e of errors) {
    let slot = e.key ? root.querySelector(`.field-error[data-error-for="${e.key}"]`) : null;
    if (!slot && spare && e.key && hasControl(e.key)) {
      spare.insertAdjacentHTML('beforeend', field(e.key, { id: `unplaced-${e.key}`, help: false }));
      writeField(spare, e.key, e.value ?? '');
      slot = spare.querySelector(`.field-error[data-error-for="${e.key}"]`);
    }
    if (!slot) {
      unplaced.push(e);
      continue;
    }
    for (const el of controls(root, e.key)) el.setAttribute('aria-invalid', 'true');
    slot.textContent = e.message;
    slot.hidden = false;
    for (let el = slot.parentElement; el && el !== root; el = el.parentElement) {
      if (el.hidden) el.hidden = false;
      if (el.tagName === 'DETAILS') el.open = true;
    }
  }
  return unplaced;
}

/** True when the settings table gives `key` a form control. */
function hasControl(key) {
  try {
    return setting(key).control.kind !== 'none';
  } catch {
    return false;
  }
}

/** An engine Error (thrown by a view's constructor) as a showErrors entry. */
export function errorEntry(err) {
  return { key: err?.key ?? null, message: err?.message ?? String(err) };
}
