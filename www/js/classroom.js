// The classroom: presenter mode, lesson scripts, charts enlarged to the full screen, exports,
// and the keyboard shortcuts — one module for every view. A view takes part through optional
// exports of its module (see docs/ARCHITECTURE.md, "Classroom hooks"):
//
//   export const lesson = [{ query, say, focus? }, …]   4–8 steps: the URL state to show, the
//                                                       catalogue id of one or two sentences,
//                                                       a selector of what to look at
//   export function exportables() → [{ id, title, draw(canvas) }]   charts, drawn at any size
//   export function data() → { tables: [{ name, columns, rows }], json }   the numbers behind it
//
// URL keys (settings table, owner "page"): present=1 (presenter mode), lesson=k (step k of the
// view's script, 1-based).
import { engine } from './engine.js';
import { t, esc } from './i18n.js';
import { guard } from './errors.js';

let ctx = null; // { state, current: () => ({ name, module }), reopen(view) }

/** Wires the header buttons and the keyboard once; `context` gives the open view. */
export function initClassroom(context) {
  ctx = context;
  document.getElementById('present-toggle')?.addEventListener('click', () => setPresent(!isPresent()));
  document.getElementById('shortcuts-toggle')?.addEventListener('click', toggleShortcuts);
  document.addEventListener('keydown', onKey);
  applyPresent();
}

export function isPresent() {
  return ctx?.state.get('present') === '1';
}

function setPresent(on) {
  ctx.state.set({ present: on ? '1' : null });
  applyPresent();
  window.dispatchEvent(new Event('resize'));
}

function applyPresent() {
  const on = isPresent();
  document.documentElement.classList.toggle('present', on);
  // Chart text from the back of the room: at least 16 CSS pixels.
  engine().setChartTextFloor(on ? 16 * (window.devicePixelRatio || 1) : 0);
  const btn = document.getElementById('present-toggle');
  if (btn) {
    btn.setAttribute('aria-pressed', String(on));
    btn.textContent = t(on ? 'classroom.present-off' : 'classroom.present-on');
  }
}

// ---- after a view is mounted ----------------------------------------------------------------

/** Adds the lesson bar, and enlarge/export buttons to every chart of the mounted view. */
export function decorate(root, module) {
  addChartButtons(root, module);
  renderLesson(root, module);
  openLinkedStep(module);
}

let linkedStepChecked = false;

/**
 * A link that names a lesson step but carries none of its state (`?view=softmax&lesson=6`,
 * typed by hand) opens that step's state, once per page load; a link that carries settings
 * (a copied link, or a step the teacher changed) is shown as it is.
 */
function openLinkedStep(module) {
  if (linkedStepChecked) return;
  linkedStepChecked = true;
  const k = lessonStep();
  const step = module.lesson?.[k - 1];
  if (!step?.query) return;
  const pageKeys = new Set(engine().settingsTable().filter((s) => s.owner === 'page').map((s) => s.key));
  const settings = [...new URLSearchParams(location.search).keys()].filter((key) => !pageKeys.has(key));
  // After the mount that called us has finished.
  if (!settings.length) setTimeout(() => goToStep(k), 0);
}

function addChartButtons(root, module) {
  const charts = guard(() => module.exportables?.() ?? []) ?? [];
  for (const figure of root.querySelectorAll('figure')) {
    if (figure.querySelector('.chart-tools') || !figure.querySelector('canvas')) continue;
    const tools = document.createElement('div');
    tools.className = 'chart-tools';
    tools.innerHTML = `<button type="button" class="btn btn-icon btn-tool" data-tool="enlarge" title="${esc(t('classroom.enlarge'))}" aria-label="${esc(t('classroom.enlarge'))}">⤢</button>`;
    const canvas = figure.querySelector('canvas');
    const chart = charts.find((c) => c.canvas === canvas || figure.contains(c.canvas));
    if (chart) {
      tools.insertAdjacentHTML('beforeend', `<button type="button" class="btn btn-icon btn-tool" data-tool="png" title="${esc(t('classroom.png'))}" aria-label="${esc(t('classroom.png'))}">⤓</button>`);
      tools.querySelector('[data-tool="png"]').addEventListener('click', () => exportPng(chart, canvas));
    }
    tools.querySelector('[data-tool="enlarge"]').addEventListener('click', () => enlarge(figure));
    figure.classList.add('has-tools');
    figure.append(tools);
  }
  const data = guard(() => module.data?.()) ?? null;
  const bar = root.querySelector('.view-exports');
  if (data && !bar) {
    const div = document.createElement('div');
    div.className = 'view-exports';
    div.innerHTML = `<span>${esc(t('classroom.export'))}</span>
      <button type="button" class="btn btn-small" data-export="csv">CSV</button>
      <button type="button" class="btn btn-small" data-export="json">JSON</button>`;
    div.querySelector('[data-export="csv"]').addEventListener('click', () => exportData(module, 'csv'));
    div.querySelector('[data-export="json"]').addEventListener('click', () => exportData(module, 'json'));
    root.append(div);
  }
}

/** Shows a chart's figure on the whole screen (the view redraws it at that size). */
function enlarge(figure) {
  if (document.fullscreenElement === figure) {
    document.exitFullscreen?.();
    return;
  }
  figure.requestFullscreen?.().catch(() => figure.classList.toggle('is-enlarged'));
}

function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function viewName() {
  return ctx.current()?.name ?? 'tunelab';
}

/** A chart as a PNG at twice its size on screen, without the page around it. */
function exportPng(chart, shown) {
  const off = document.createElement('canvas');
  const box = shown.getBoundingClientRect();
  off.width = Math.max(2, Math.round(box.width * 2));
  off.height = Math.max(2, Math.round(box.height * 2));
  guard(() => chart.draw(off), 'exporting the chart');
  off.toBlob((blob) => blob && download(`tunelab-${viewName()}-${chart.id}.png`, blob), 'image/png');
}

function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The numbers behind the view: one CSV per table, or everything as one JSON file. */
function exportData(module, kind) {
  const data = guard(() => module.data?.(), 'exporting the data');
  if (!data) return;
  if (kind === 'json') {
    download(`tunelab-${viewName()}.json`, new Blob([JSON.stringify(data.json ?? data, null, 2)], { type: 'application/json' }));
    return;
  }
  for (const table of data.tables ?? []) {
    const lines = [table.columns.map(csvCell).join(','), ...table.rows.map((r) => r.map(csvCell).join(','))];
    download(`tunelab-${viewName()}-${table.name}.csv`, new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
  }
}

// ---- lessons ----------------------------------------------------------------------------------

function lessonStep() {
  const k = Number(ctx.state.get('lesson'));
  return Number.isInteger(k) && k >= 1 ? k : 0;
}

function renderLesson(root, module) {
  document.querySelector('.lesson-bar')?.remove();
  const steps = module.lesson ?? [];
  const k = lessonStep();
  if (!steps.length) return;
  const bar = document.createElement('nav');
  bar.className = 'lesson-bar';
  bar.setAttribute('aria-label', t('classroom.lesson'));
  if (!k) {
    bar.innerHTML = `<button type="button" class="btn btn-small" data-lesson="1">${esc(t('classroom.start-lesson', { n: steps.length }))}</button>`;
  } else {
    const step = steps[Math.min(k, steps.length) - 1];
    bar.innerHTML = `
      <button type="button" class="btn btn-small" data-lesson="${k - 1}" ${k <= 1 ? 'disabled' : ''} aria-label="${esc(t('classroom.previous'))}">◀</button>
      <label class="lesson-pick"><span class="visually-hidden">${esc(t('classroom.step'))}</span>
        <select>${steps.map((_, i) => `<option value="${i + 1}" ${i + 1 === k ? 'selected' : ''}>${i + 1} / ${steps.length}</option>`).join('')}</select></label>
      <p class="lesson-say" aria-live="polite">${esc(t(step.say))}</p>
      <button type="button" class="btn btn-small" data-lesson="${k + 1}" ${k >= steps.length ? 'disabled' : ''} aria-label="${esc(t('classroom.next'))}">▶</button>
      <button type="button" class="btn btn-small" data-lesson="0">${esc(t('classroom.end-lesson'))}</button>`;
    bar.querySelector('select').addEventListener('change', (ev) => goToStep(Number(ev.target.value)));
    if (step.focus) root.querySelector(step.focus)?.classList.add('lesson-focus');
  }
  for (const b of bar.querySelectorAll('[data-lesson]')) b.addEventListener('click', () => goToStep(Number(b.dataset.lesson)));
  document.body.append(bar);
}

/** Shows step `k` of the open view's script (0: leave the lesson): its URL state, then its words. */
export function goToStep(k) {
  const open = ctx.current();
  const steps = open?.module.lesson ?? [];
  if (!open || k < 0 || k > steps.length) return;
  if (k === 0) {
    ctx.state.set({ lesson: null });
    renderLesson(document.getElementById(`view-${open.name}`), open.module);
    return;
  }
  const keep = { view: open.name, lang: ctx.state.get('lang'), present: ctx.state.get('present') };
  ctx.state.replaceAll(steps[k - 1].query);
  ctx.state.set({ ...keep, lesson: String(k) });
  ctx.reopen(open.name);
}

// ---- keyboard -----------------------------------------------------------------------------------

function typing(el) {
  return el instanceof HTMLElement && (el.isContentEditable || el instanceof HTMLTextAreaElement
    || (el instanceof HTMLInputElement && !['range', 'checkbox', 'radio', 'button'].includes(el.type))
    || el instanceof HTMLSelectElement);
}

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
  const k = lessonStep();
  if (k && ['ArrowRight', 'PageDown'].includes(ev.key)) {
    ev.preventDefault();
    goToStep(Math.min(k + 1, ctx.current()?.module.lesson?.length ?? k));
  } else if (k && ['ArrowLeft', 'PageUp'].includes(ev.key)) {
    ev.preventDefault();
    goToStep(Math.max(1, k - 1));
  } else if (ev.key === '?') {
    ev.preventDefault();
    toggleShortcuts();
  } else if (ev.key === 'p' || ev.key === 'P') {
    setPresent(!isPresent());
  } else if (ev.key === 'Escape') {
    document.querySelector('.shortcuts')?.remove();
  }
}

function toggleShortcuts() {
  const open = document.querySelector('.shortcuts');
  if (open) {
    open.remove();
    return;
  }
  const dialog = document.createElement('div');
  dialog.className = 'shortcuts';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'false');
  dialog.setAttribute('aria-labelledby', 'shortcuts-title');
  const rows = ['space', 'arrows', 'pages', 'present', 'help', 'escape', 'tab']
    .map((id) => `<tr><th scope="row"><kbd>${esc(t(`shortcuts.${id}.key`))}</kbd></th><td>${esc(t(`shortcuts.${id}.does`))}</td></tr>`)
    .join('');
  dialog.innerHTML = `<h2 id="shortcuts-title">${esc(t('shortcuts.title'))}</h2><table>${rows}</table>
    <button type="button" class="btn btn-small">${esc(t('shortcuts.close'))}</button>`;
  dialog.querySelector('button').addEventListener('click', () => dialog.remove());
  document.body.append(dialog);
  dialog.querySelector('button').focus();
}
