// A module Web Worker of the pool (pool.js): one instance of the wasm engine, running one job
// at a time. It only computes and posts numbers back; the page draws.
//
// Messages in:  { type: 'job', id, kind, params } · { type: 'cancel', id }
// Messages out: { type: 'progress', id, data } · { type: 'done', id, result }
//               { type: 'cancelled', id } · { type: 'error', id, message, control? }
//
// A job kind is a handler `async (params, ctx) => result` in `handlers` below: 'raceCells',
// 'raceWork', the batch-norm lab's 'bnlabSpeed' and the caviar's 'caviar'. ctx offers:
//   ctx.progress(data, transfer?)   post a progress message
//   ctx.checkpoint()        await between chunks: lets a 'cancel' message in, and throws the
//                           cancellation if one arrived (so `finally` blocks free handles)
import init, * as wasm from '../../pkg/tunelab.js';

const ready = init();
let current = null; // { id, cancelled }

class Cancelled extends Error {}

// The worker's messages (e.g. a diverged trial's problem) in the page's language: the worker's
// engine gets the page's catalogue once per language change (English is compiled in).
let workerLang = 'en';
async function speak(lang) {
  if (lang === workerLang) return;
  const res = await fetch(new URL(`../../i18n/${lang}.json`, import.meta.url));
  if (!res.ok) return;
  wasm.setCatalogue(await res.text());
  workerLang = lang;
}

const handlers = {
  // Trains landscape cells of a race. params: { query, cells: Uint32Array, chunk? }.
  // Progress: { from, results: Float64Array } for cells[from …]; result: { problem }.
  raceCells: async ({ query, cells, chunk = 8 }, ctx) => {
    const ev = wasm.RaceEvaluator.fromQuery(query);
    try {
      for (let from = 0; from < cells.length; from += chunk) {
        await ctx.checkpoint();
        const results = ev.evaluateCells(cells.subarray(from, from + chunk));
        ctx.progress({ from, results }, [results.buffer]);
      }
      return { problem: ev.firstProblem ?? null };
    } finally {
      ev.free();
    }
  },

  // Trains tasks of a race (landscape cells, trials, repeats) or of its "Which
  // hyperparameters matter?" study, a slice of about `ops` operations at a time (see
  // src/views/race/work.rs), so progress counts steps even inside one long training.
  // params: { query, study?, tasks: Uint32Array, ops? }. Progress: { tasks, results, steps };
  // result: { problem }. A refused setting is rethrown with `control` = its URL key.
  raceWork: async ({ query, study = false, tasks, ops = 4e8, lang = 'en' }, ctx) => {
    await speak(lang);
    let ev;
    try {
      ev = study ? wasm.RaceEvaluator.forStudy(query) : wasm.RaceEvaluator.fromQuery(query);
    } catch (err) {
      if (err && typeof err.key === 'string') err.control = err.key;
      throw err;
    }
    try {
      ev.queue(tasks);
      for (;;) {
        await ctx.checkpoint();
        const s = ev.work(ops);
        ctx.progress({ tasks: s.tasks, results: s.results, steps: s.steps }, [s.tasks.buffer, s.results.buffer]);
        if (s.done) return { problem: s.problem };
      }
    } finally {
      ev.free();
    }
  },

  // The batch-norm lab: how fast this worker trains the networks of a lab config's sensitivity
  // maps, in multiply-adds per ms — the best pace of repeated calibration runs over `ms`
  // milliseconds (the first runs are slower, before the engine's code is optimized; a single
  // run longer than the window is timed alone). params: { query (the lab's URL query), ms? };
  // result: { macsPerMs }.
  bnlabSpeed: async ({ query, ms = 600 }, ctx) => {
    const maps = wasm.SensitivityMaps.fromQuery(query);
    try {
      const steps = maps.calibrationSteps(2e6);
      const end = performance.now() + ms;
      let best = 0;
      for (let t = performance.now(); t < end;) {
        await ctx.checkpoint();
        const work = maps.calibrate(steps);
        const now = performance.now();
        best = Math.max(best, work / Math.max(1e-3, now - t));
        t = now;
      }
      return { macsPerMs: best };
    } finally {
      maps.free();
    }
  },

  // Trains a share of a caviar's models in turn (or, with `models: null`, its panda
  // comparison), so every curve grows at once. params: { query (a board's fullQuery), models:
  // Uint32Array | null, postMs? }. Progress: { report: Float64Array } about every postMs (the
  // page's board reads it); result: { ms } (the job's time in this worker).
  caviar: async ({ query, models, postMs = 100 }, ctx) => {
    const started = performance.now();
    const flock = models ? wasm.CaviarFlock.fromQuery(query, models) : wasm.CaviarFlock.panda(query);
    try {
      let k = 4; // updates per call, adapted so one call takes a few milliseconds
      while (!flock.done) {
        await ctx.checkpoint();
        const entries = [];
        const start = performance.now();
        do {
          const t0 = performance.now();
          entries.push(flock.advance(k));
          const dt = performance.now() - t0;
          if (dt < 2) k = Math.min(2 * k, 1 << 16);
          else if (dt > 8 && k > 1) k >>= 1;
        } while (!flock.done && performance.now() - start < postMs);
        const report = new Float64Array(entries.reduce((n, e) => n + e.length, 0));
        entries.reduce((at, e) => (report.set(e, at), at + e.length), 0);
        ctx.progress({ report }, [report.buffer]);
      }
      return { ms: performance.now() - started };
    } finally {
      flock.free();
    }
  },
};

// setTimeout(0) lets queued messages (a cancel) run before the next chunk.
const nextTurn = () => new Promise((r) => setTimeout(r, 0));

async function runJob({ id, kind, params }) {
  const job = { id, cancelled: false };
  current = job;
  const ctx = {
    progress: (data, transfer = []) => {
      if (!job.cancelled) self.postMessage({ type: 'progress', id, data }, transfer);
    },
    checkpoint: async () => {
      await nextTurn();
      if (job.cancelled) throw new Cancelled();
    },
  };
  try {
    await ready;
    const handler = Object.hasOwn(handlers, kind) ? handlers[kind] : null;
    if (!handler) throw new Error(`unknown job kind ${JSON.stringify(kind)}`);
    const result = await handler(params, ctx);
    if (job.cancelled) self.postMessage({ type: 'cancelled', id });
    else self.postMessage({ type: 'done', id, result });
  } catch (err) {
    if (err instanceof Cancelled || job.cancelled) {
      self.postMessage({ type: 'cancelled', id });
    } else {
      const message = err instanceof Error ? err.message : String(err);
      const out = { type: 'error', id, message };
      if (err && typeof err.control === 'string') out.control = err.control;
      if (err instanceof WebAssembly.RuntimeError) out.message = `the engine crashed: ${message}`;
      self.postMessage(out);
    }
  } finally {
    if (current === job) current = null;
  }
}

self.onmessage = (ev) => {
  const msg = ev.data;
  if (msg?.type === 'job') runJob(msg);
  else if (msg?.type === 'cancel' && current && current.id === msg.id) current.cancelled = true;
};
