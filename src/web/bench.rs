//! The browser half of the benchmark (www/bench.html): times the reference workload.

use super::js_error;
use crate::train::Trainer as CoreTrainer;
use wasm_bindgen::prelude::*;

/// Times the reference workload in this browser: `steps` SGD updates of 2→16→16→1 tanh on
/// 500 circle points (α = 0.03), returning examples per second. Used by the benchmark page.
#[wasm_bindgen(js_name = benchExamplesPerSecond)]
pub fn bench_examples_per_second(batch: u32, batch_norm: bool, steps: u32) -> Result<f64, JsError> {
    let config = crate::bench::reference_config(batch as usize, batch_norm);
    let mut t = CoreTrainer::new(&config).map_err(js_error)?;
    t.set_record_every(0);
    let perf = clock()?;
    let start = perf.now();
    t.step(steps as usize);
    let seconds = (perf.now() - start) / 1000.0;
    Ok((steps as f64 * batch as f64) / seconds)
}

/// The f32x4 multiply-add peak of this browser's wasm SIMD128 in GFLOP/s (see
/// [`crate::bench::peak_mul_add`]): one timing of `iterations` rounds.
#[wasm_bindgen(js_name = benchPeakGflops)]
pub fn bench_peak_gflops(iterations: u32) -> Result<f64, JsError> {
    let perf = clock()?;
    let start = perf.now();
    std::hint::black_box(crate::bench::peak_mul_add(iterations as usize));
    let seconds = (perf.now() - start) / 1000.0;
    Ok(iterations as f64 * crate::bench::PEAK_FLOPS_PER_ITERATION / seconds / 1e9)
}

/// FLOPs of one training step of a reference variant, counted exactly
/// ([`crate::bench::FlopCount`]).
#[wasm_bindgen(js_name = benchFlopsPerStep)]
pub fn bench_flops_per_step(batch: u32, batch_norm: bool) -> f64 {
    crate::bench::FlopCount::reference_step(batch as usize, batch_norm).total()
}

/// The wasm instance's linear memory in bytes (it only grows: after a run, its peak).
#[wasm_bindgen(js_name = benchMemoryBytes)]
pub fn bench_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map_or(0.0, |m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |b| b.byte_length() as f64)
        })
}

/// The page's high-resolution clock.
fn clock() -> Result<web_sys::Performance, JsError> {
    web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsError::new("no performance clock"))
}
