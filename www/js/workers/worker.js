// A module Web Worker of the pool (pool.js): one instance of the wasm engine, running one job
// at a time. It only computes and posts numbers back; the page draws.
//
// Messages in:  { type: 'job', id, kind, params } · { type: 'cancel', id }
// Messages out: { type: 'progress', id, data } · { type: 'done', id, result }
//               { type: 'cancelled', id } · { type: 'error', id, message, control? }
//
// A job kind is a handler `async (params, ctx) => result` in `handlers` below: 'raceCells',
// 'racePoints' and 'caviar'. ctx offers:
//   ctx.progress(data, transfer?)   post a progress message
//   ctx.checkpoint()        await between chunks: lets a 'cancel' message in, and throws the
//                           cancellation if one arrived (so `finally` blocks free handles)
import init, * as wasm from '../../pkg/tunelab.js';

const ready = init();
let current = null; // { id, cancelled }

class Cancelled extends Error {}

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

  // Trains the trials of a race. params: { query, points: Float64Array (x0, y0, x1, y1 …),
  // chunk? }. Progress: { from, results } for trials from …; result: { problem }.
  racePoints: async ({ query, points, chunk = 1 }, ctx) => {
    const ev = wasm.RaceEvaluator.fromQuery(query);
    try {
      for (let from = 0; 2 * from < points.length; from += chunk) {
        await ctx.checkpoint();
        const results = ev.evaluatePoints(points.subarray(2 * from, 2 * (from + chunk)));
        ctx.progress({ from, results }, [results.buffer]);
      }
      return { problem: ev.firstProblem ?? null };
    } finally {
      ev.free();
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
