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
    let perf = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsError::new("no performance clock"))?;
    let start = perf.now();
    t.step(steps as usize);
    let seconds = (perf.now() - start) / 1000.0;
    Ok((steps as f64 * batch as f64) / seconds)
}
