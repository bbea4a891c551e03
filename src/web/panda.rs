//! The "train one model" (panda) handle, and the browser half of the benchmark.

use super::js::{array, Obj};
use super::{config_error, draw_chart, put_rgba};
use crate::config::Config;
use crate::nn::Mode;
use crate::render::{heatmap, panda as draw};
use crate::train::{Status, Trainer as CoreTrainer};
use crate::views::panda::{self, SCENARIOS};
use crate::views::View;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// One training run the page animates ("panda": one model, babysat live).
#[wasm_bindgen]
pub struct Trainer {
    inner: CoreTrainer,
}

#[wasm_bindgen]
impl Trainer {
    /// A run from a URL query (`?dataset=spiral&lr=0.1…`, the panda view's defaults for what
    /// it leaves out); a bad parameter throws an Error whose message names it.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<Trainer, JsValue> {
        let config = Config::from_query_in(View::Panda, query).map_err(config_error)?;
        let inner = CoreTrainer::new(&config).map_err(config_error)?;
        Ok(Trainer { inner })
    }

    /// The URL query a run from `query` would have (what [`Trainer::query`] returns once it is
    /// built); throws the refusal, with its `key`, for a bad setting.
    #[wasm_bindgen(js_name = canonicalQuery)]
    pub fn canonical_query(query: &str) -> Result<String, JsValue> {
        Config::from_query_in(View::Panda, query)
            .map(|c| c.query_in(View::Panda, false))
            .map_err(config_error)
    }

    /// Advances up to `n` updates; returns how many were done (0 once diverged).
    pub fn step(&mut self, n: u32) -> u32 {
        self.inner.step(n as usize) as u32
    }

    /// Advances up to `n` updates with the panda's curves recorded at fixed steps (so a link
    /// replaying to step N draws what the live run drew); returns how many were done (fewer
    /// once diverged). The babysitting changes due at the step reached are in effect after it.
    pub fn advance(&mut self, n: u32) -> u32 {
        panda::advance(&mut self.inner, n as u64) as u32
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

    /// Where the run is, in one call per frame: `{ steps, epoch, learningRate,
    /// baseLearningRate, momentum, diverged, status, recordedAt, trainLoss, trainAccuracy,
    /// validLoss, validAccuracy }` (the metrics as last recorded, at step `recordedAt`).
    pub fn snapshot(&self) -> JsValue {
        let t = &self.inner;
        let h = t
            .history()
            .last()
            .copied()
            .unwrap_or_else(|| unreachable!("a trainer records step 0 when it is created"));
        Obj::new()
            .num("steps", t.steps() as f64)
            .num("epoch", t.epoch() as f64)
            .num("learningRate", t.learning_rate())
            .num("baseLearningRate", t.base_learning_rate())
            .num("momentum", t.momentum())
            .bool("diverged", matches!(t.status(), Status::Diverged { .. }))
            .str("status", &t.status().message(t.config()))
            .num("recordedAt", h.step as f64)
            .num("trainLoss", h.train.loss)
            .num("trainAccuracy", h.train.accuracy)
            .num("validLoss", h.valid.loss)
            .num("validAccuracy", h.valid.accuracy)
            .into()
    }

    /// The run's full config as a URL query, relative to the panda view's defaults (reproduces
    /// it exactly).
    pub fn query(&self) -> String {
        self.inner.config().query_in(View::Panda, false)
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
        draw_chart(canvas, &draw::loss_chart(&self.inner))
    }

    /// Draws the accuracy curves (train, validation).
    #[wasm_bindgen(js_name = renderAccuracy)]
    pub fn render_accuracy(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        draw_chart(canvas, &draw::accuracy_chart(&self.inner))
    }

    /// The learning curves as recorded: `[{ step, epoch, trainLoss, trainAccuracy, validLoss,
    /// validAccuracy, learningRate }]` (α in effect, after decay).
    pub fn history(&self) -> js_sys::Array {
        array(self.inner.history().iter().map(|h| {
            Obj::new()
                .num("step", h.step as f64)
                .num("epoch", h.epoch as f64)
                .num("trainLoss", h.train.loss)
                .num("trainAccuracy", h.train.accuracy)
                .num("validLoss", h.valid.loss)
                .num("validAccuracy", h.valid.accuracy)
                .num("learningRate", h.learning_rate)
                .into()
        }))
    }

    /// The babysitting changes made so far: `[{ step, knob: 'lr'|'momentum', from, to }]`.
    pub fn changes(&self) -> js_sys::Array {
        array(self.inner.changes().iter().map(|c| {
            Obj::new()
                .num("step", c.step as f64)
                .str("knob", c.knob.name())
                .num("from", c.from)
                .num("to", c.to)
                .into()
        }))
    }

    /// A hash of every parameter's bits: equal natively and in the browser for the same run.
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.inner.fingerprint())
    }
}

/// The panda guide's scenarios, in order: `[{ name, query, control: 'lr-down'|'lr-up'|
/// 'beta-up'|'bn', presses }]` — words at `panda.scenario.<name>.*` (see
/// [`crate::views::panda::SCENARIOS`]).
#[wasm_bindgen(js_name = pandaScenarios)]
pub fn panda_scenarios() -> js_sys::Array {
    array(SCENARIOS.iter().map(|s| {
        Obj::new()
            .str("name", s.name)
            .str("query", s.query)
            .str("control", s.action.control())
            .num("presses", s.action.presses() as f64)
            .into()
    }))
}
