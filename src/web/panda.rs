//! The "train one model" (panda) handle, and the browser half of the benchmark.

use super::{config_error, draw_chart, js_error, put_rgba};
use crate::config::Config;
use crate::nn::Mode;
use crate::render::{charts, heatmap};
use crate::train::{Status, Trainer as CoreTrainer};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// One training run the page animates ("panda": one model, babysat live).
#[wasm_bindgen]
pub struct Trainer {
    inner: CoreTrainer,
}

#[wasm_bindgen]
impl Trainer {
    /// A run from a URL query (`?dataset=spiral&lr=0.1…`); a bad parameter throws an Error
    /// whose message names it.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<Trainer, JsValue> {
        let config = Config::from_query(query).map_err(config_error)?;
        let inner = CoreTrainer::new(&config).map_err(config_error)?;
        Ok(Trainer { inner })
    }

    /// Advances up to `n` updates; returns how many were done (0 once diverged).
    pub fn step(&mut self, n: u32) -> u32 {
        self.inner.step(n as usize) as u32
    }

    /// Records the learning curves every `every` steps (0: off).
    #[wasm_bindgen(js_name = setRecordEvery)]
    pub fn set_record_every(&mut self, every: u32) {
        self.inner.set_record_every(every as u64);
    }

    /// Changes the base learning rate from the next step on (marked on the loss curve).
    #[wasm_bindgen(js_name = setLearningRate)]
    pub fn set_learning_rate(&mut self, alpha: f64) -> Result<(), JsValue> {
        self.inner.set_learning_rate(alpha).map_err(config_error)
    }

    /// Changes momentum β from the next step on (momentum optimizer only).
    #[wasm_bindgen(js_name = setMomentum)]
    pub fn set_momentum(&mut self, beta: f64) -> Result<(), JsValue> {
        self.inner.set_momentum(beta).map_err(config_error)
    }

    /// Updates done.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.inner.steps() as f64
    }

    /// Completed epochs.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> f64 {
        self.inner.epoch() as f64
    }

    /// Learning rate in effect (after decay).
    #[wasm_bindgen(getter, js_name = learningRate)]
    pub fn learning_rate(&self) -> f64 {
        self.inner.learning_rate()
    }

    /// Base learning rate α0 (what the babysitting slider sets).
    #[wasm_bindgen(getter, js_name = baseLearningRate)]
    pub fn base_learning_rate(&self) -> f64 {
        self.inner.base_learning_rate()
    }

    /// Momentum β.
    #[wasm_bindgen(getter)]
    pub fn momentum(&self) -> f64 {
        self.inner.momentum()
    }

    /// Number of classes of the run's dataset (2, or 3 for the softmax datasets).
    #[wasm_bindgen(getter)]
    pub fn classes(&self) -> u32 {
        self.inner.dataset().classes as u32
    }

    /// True once the run has diverged.
    #[wasm_bindgen(getter)]
    pub fn diverged(&self) -> bool {
        matches!(self.inner.status(), Status::Diverged { .. })
    }

    /// "training", or "diverged at step k: … — try …".
    #[wasm_bindgen(getter, js_name = statusMessage)]
    pub fn status_message(&self) -> String {
        self.inner.status().message(self.inner.config())
    }

    /// Latest recorded metrics: [train loss, train accuracy, valid loss, valid accuracy, step].
    #[wasm_bindgen(js_name = latestMetrics)]
    pub fn latest_metrics(&self) -> Vec<f64> {
        let h = self
            .inner
            .history()
            .last()
            .copied()
            .unwrap_or_else(|| unreachable!("a trainer records step 0 when it is created"));
        vec![
            h.train.loss,
            h.train.accuracy,
            h.valid.loss,
            h.valid.accuracy,
            h.step as f64,
        ]
    }

    /// The run's full config as a URL query (reproduces it exactly).
    pub fn query(&self) -> String {
        self.inner.config().to_query()
    }

    /// Draws the decision field (in inference or training-mode BN) with the training points
    /// (filled) and validation points (outlined) onto `canvas`, at the canvas's pixel size.
    #[wasm_bindgen(js_name = renderField)]
    pub fn render_field(
        &mut self,
        canvas: &HtmlCanvasElement,
        inference: bool,
        resolution: u32,
    ) -> Result<(), JsError> {
        let (w, h) = (canvas.width() as usize, canvas.height() as usize);
        let mode = if inference {
            Mode::Inference
        } else {
            Mode::Train
        };
        let field = self.inner.decision_field(resolution as usize, mode);
        put_rgba(
            canvas,
            &heatmap::field_with_points(&field, self.inner.dataset(), w, h),
        )
    }

    /// Draws the loss curves (train, validation) with babysitting changes marked.
    #[wasm_bindgen(js_name = renderLoss)]
    pub fn render_loss(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let chart = charts::loss_chart(
            self.inner.history(),
            self.inner.changes(),
            self.inner.status(),
        );
        draw_chart(canvas, &chart)
    }

    /// Draws the accuracy curves (train, validation).
    #[wasm_bindgen(js_name = renderAccuracy)]
    pub fn render_accuracy(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        draw_chart(canvas, &charts::accuracy_chart(self.inner.history()))
    }

    /// A hash of every parameter's bits: equal natively and in the browser for the same run.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.inner.fingerprint())
    }
}

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
