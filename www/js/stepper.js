// Training steps inside an animation frame's time budget, shared by the live views.

/**
 * Runs `step(k)` — up to k updates, returning how many were done (fewer means the run stopped:
 * diverged or at its limit) — in chunks whose size adapts so one call takes about 0.5–2 ms.
 * Frames then stay within budget without paying for one wasm call per update.
 */
export class Stepper {
  constructor(maxChunk) {
    this.maxChunk = maxChunk;
    this.chunk = 1;
  }

  /** A new run: start small again. */
  reset() {
    this.chunk = 1;
  }

  /** Up to `target` updates (Infinity: as many as fit) within `budgetMs`; returns how many. */
  run(step, target, budgetMs) {
    const start = performance.now();
    let done = 0;
    while (done < target) {
      const k = Math.min(this.chunk, target - done);
      const t0 = performance.now();
      const did = step(k);
      const dt = performance.now() - t0;
      done += did;
      if (did < k) break;
      if (k === this.chunk) {
        if (dt < 0.5) this.chunk = Math.min(this.chunk * 2, this.maxChunk);
        else if (dt > 2 && this.chunk > 1) this.chunk >>= 1;
      }
      if (performance.now() - start >= budgetMs) break;
    }
    return done;
  }
}
