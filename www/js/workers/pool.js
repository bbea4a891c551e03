// A small pool of module Web Workers, each with its own instance of the wasm engine, that runs
// jobs off the main thread so the page stays responsive.
//
//   import { sharedPool } from './workers/pool.js';
//   const job = sharedPool().run('raceCells', { query, cells }, {
//     onProgress: (data) => { ... },   // streamed by the worker while the job runs
//     transfer: [cells.buffer],        // optional: buffers moved, not copied, to the worker
//   });
//   const result = await job.promise;  // the worker's result; rejects on error or cancel
//   job.cancel();                      // stops it (queued: at once; running: between chunks)
//
// A job is { kind, params } → progress messages → result. The kinds are the handlers of the
// worker script (worker.js: 'raceCells', 'raceWork', 'bnlabSpeed', 'caviar'); a view that needs another kind
// adds a handler there (see worker.js for what a handler gets).
//
// The pool holds min(max(hardwareConcurrency, 2), 4) workers, started lazily. Jobs wait in a
// FIFO queue (jobs run with { priority: 'high' } go to its front) until a worker is free. A
// cancelled running job that does not stop within CANCEL_GRACE_MS (a long step with no
// chunk boundary) has its worker terminated and replaced.
//
// A rejected promise carries an Error: name 'AbortError' when cancelled; otherwise the
// worker's message, with `control` set when the engine named the setting at fault.

const CANCEL_GRACE_MS = 1500;

/** The pool size for this machine: hardware threads, at least 2 and at most 4. */
export function defaultPoolSize() {
  const n = Number(globalThis.navigator?.hardwareConcurrency) || 2;
  return Math.min(4, Math.max(2, n));
}

function abortError() {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

/** True for the rejection of a cancelled job. */
export function isCancelled(err) {
  return err?.name === 'AbortError';
}

export class WorkerPool {
  /**
   * @param {{ url?: URL|string, size?: number }} [opts] the worker module (default:
   *   worker.js beside this file) and the number of workers.
   */
  constructor({ url = new URL('./worker.js', import.meta.url), size = defaultPoolSize() } = {}) {
    this.url = url;
    this.size = Math.max(1, size | 0);
    this.slots = []; // { worker, job|null }
    this.queue = []; // jobs not started
    this.nextId = 1;
    this.closed = false;
  }

  /**
   * Queues a job. Returns { id, promise, cancel }.
   * @param {string} kind
   * @param {object} params structured-cloneable
   * @param {{ onProgress?: (data: any) => void, transfer?: Transferable[], priority?: 'high'|'normal' }} [opts]
   */
  run(kind, params, { onProgress, transfer = [], priority = 'normal' } = {}) {
    if (this.closed) throw new Error('the worker pool was terminated');
    const job = { id: this.nextId++, kind, params, transfer, onProgress, state: 'queued' };
    job.promise = new Promise((resolve, reject) => {
      job.resolve = resolve;
      job.reject = reject;
    });
    job.cancel = () => this.cancel(job);
    if (priority === 'high') this.queue.unshift(job);
    else this.queue.push(job);
    this.pump();
    return { id: job.id, promise: job.promise, cancel: job.cancel };
  }

  /** Cancels every queued and running job. */
  cancelAll() {
    for (const job of [...this.queue]) this.cancel(job);
    for (const slot of this.slots) if (slot.job) this.cancel(slot.job);
  }

  /** Number of jobs queued or running. */
  get pending() {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /** Stops every worker; pending jobs are rejected as cancelled. */
  terminate() {
    this.cancelAll();
    for (const slot of this.slots) slot.worker.terminate();
    this.slots = [];
    this.closed = true;
  }

  cancel(job) {
    if (job.state === 'queued') {
      this.queue = this.queue.filter((j) => j !== job);
      this.finish(job, null, abortError());
      return;
    }
    if (job.state !== 'running') return;
    job.state = 'cancelling';
    const slot = this.slots.find((s) => s.job === job);
    if (!slot) return;
    slot.worker.postMessage({ type: 'cancel', id: job.id });
    job.graceTimer = setTimeout(() => {
      // The worker did not stop in time: replace it.
      if (slot.job !== job) return;
      slot.worker.terminate();
      this.slots = this.slots.filter((s) => s !== slot);
      this.finish(job, null, abortError());
      this.pump();
    }, CANCEL_GRACE_MS);
  }

  finish(job, result, error) {
    if (job.state === 'done') return;
    clearTimeout(job.graceTimer);
    const cancelling = job.state === 'cancelling';
    job.state = 'done';
    if (error) job.reject(error);
    else if (cancelling) job.reject(abortError());
    else job.resolve(result);
  }

  spawn() {
    const worker = new Worker(this.url, { type: 'module', name: `tunelab-worker-${this.slots.length + 1}` });
    const slot = { worker, job: null };
    worker.onmessage = (ev) => this.onMessage(slot, ev.data);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      const job = slot.job;
      slot.worker.terminate();
      this.slots = this.slots.filter((s) => s !== slot);
      if (job) this.finish(job, null, new Error(`the worker failed: ${ev.message || 'could not load'}`));
      this.pump();
    };
    this.slots.push(slot);
    return slot;
  }

  pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift();
      job.state = 'running';
      slot.job = job;
      slot.worker.postMessage({ type: 'job', id: job.id, kind: job.kind, params: job.params }, job.transfer);
    }
  }

  onMessage(slot, msg) {
    const job = slot.job;
    if (!job || msg.id !== job.id) return; // a late message of a replaced job
    if (msg.type === 'progress') {
      if (job.state === 'running' && job.onProgress) {
        try {
          job.onProgress(msg.data);
        } catch (err) {
          // A failing progress handler must not wedge the pool: report it, stop the job.
          setTimeout(() => { throw err; });
          this.cancel(job);
        }
      }
      return;
    }
    slot.job = null;
    if (msg.type === 'done') this.finish(job, msg.result, null);
    else if (msg.type === 'cancelled') this.finish(job, null, abortError());
    else if (msg.type === 'error') {
      const e = new Error(msg.message);
      if (msg.control) e.control = msg.control;
      this.finish(job, null, e);
    }
    this.pump();
  }
}

let shared = null;

/** The page's one pool (every view shares its workers). */
export function sharedPool() {
  if (!shared || shared.closed) shared = new WorkerPool();
  return shared;
}
