//! The batch-norm lab's handles: [`Lab`] (the four runs the page animates, and every chart and
//! number of the view) and [`SensitivityMaps`] (the two α × init-scale maps, filled by the
//! workers' `raceCells` job and drawn here). Each method forwards to the core
//! ([`crate::views::bnlab`]) and converts: numbers cross as plain objects with named fields,
//! charts are drawn with plotters' canvas backend, fields and maps as RGBA `ImageData`.

use super::js::{array, Obj};
use super::{chart_area, config_error, context_2d, draw_chart, js_error, put_rgba, Canvas};
use crate::nn::Mode;
use crate::render::bnlab as draw;
use crate::render::charts::LineChart;
use crate::render::heatmap;
use crate::train::{Field, Metrics};
use crate::views::bnlab::{
    self, BatchRun, Cell, Lab as CoreLab, Maps, Net, RunSummary, Table, Verdict,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{HtmlCanvasElement, ImageData};

fn area(canvas: &HtmlCanvasElement) -> Result<DrawingArea<Canvas, Shift>, JsError> {
    chart_area(canvas)
}

fn chart_error(e: impl std::fmt::Debug) -> JsError {
    js_error(format!("chart: {e:?}"))
}

/// A decision field with the run's training (filled) and validation (outlined) points.
fn put_field(
    canvas: &HtmlCanvasElement,
    field: &Field,
    data: &crate::data::Dataset,
) -> Result<(), JsError> {
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    put_rgba(canvas, &heatmap::field_with_points(field, data, w, h))
}

fn stacked(canvas: &HtmlCanvasElement, charts: &[LineChart]) -> Result<(), JsError> {
    draw::draw_stacked(area(canvas)?, charts).map_err(chart_error)
}

fn side_by_side(canvas: &HtmlCanvasElement, charts: &[LineChart]) -> Result<(), JsError> {
    draw::draw_side_by_side(area(canvas)?, charts).map_err(chart_error)
}

fn metrics(m: Metrics) -> JsValue {
    Obj::new()
        .num("loss", m.loss)
        .num("accuracy", m.accuracy)
        .into()
}

fn run(r: &RunSummary) -> Obj {
    Obj::new()
        .bool("diverged", r.diverged_at.is_some())
        .opt_num("divergedAt", r.diverged_at.map(|s| s as f64))
        .str("status", &r.status)
        .num("recordedAt", r.recorded_at as f64)
        .val("train", metrics(r.train))
        .val("valid", metrics(r.valid))
        .num("lossGap", r.loss_gap())
}

fn batch_run(b: &BatchRun) -> JsValue {
    run(&b.run)
        .num("batch", b.batch as f64)
        .opt_num("jitter", b.jitter)
        .into()
}

/// Tables as `[{ name, columns, rows: [[number | string | null]] }]` (one CSV file each).
fn export_tables(tables: &[Table]) -> js_sys::Array {
    array(tables.iter().map(|t| {
        let rows = array(t.rows.iter().map(|row| {
            array(row.iter().map(|c| match c {
                Cell::Num(v) => JsValue::from_f64(*v),
                Cell::Text(s) => JsValue::from_str(s),
                Cell::Empty => JsValue::NULL,
            }))
            .into()
        }));
        Obj::new()
            .str("name", t.name)
            .val("columns", array(t.columns.iter().map(|&c| c.into())).into())
            .val("rows", rows.into())
            .into()
    }))
}

/// The batch-norm lab: a BN network, its plain twin, and the BN network at a small and a large
/// mini-batch, all from one URL query.
#[wasm_bindgen]
pub struct Lab {
    inner: CoreLab,
}

#[wasm_bindgen]
impl Lab {
    /// A lab from the page's URL query: training keys over the lab's defaults, plus `layer`,
    /// `unit`, `bnMode`, `smallBatch`, `largeBatch`. A refused setting throws an `Error` with
    /// the learner's message and the `key` of the setting.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<Lab, JsValue> {
        CoreLab::from_query(query)
            .map(|inner| Lab { inner })
            .map_err(config_error)
    }

    /// The lab's settings as a URL query (keys away from the lab's defaults).
    pub fn query(&self) -> String {
        self.inner.query()
    }

    /// Advances every run by up to `n` updates; returns how many the BN run did.
    pub fn step(&mut self, n: u32) -> u32 {
        self.inner.step(n as usize) as u32
    }

    /// True once the lab has done its updates.
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.inner.finished()
    }

    /// Looks at another layer and unit (1-based, as on the page); a missing one throws with
    /// the `key` (`layer` or `unit`).
    pub fn select(&mut self, layer: u32, unit: u32) -> Result<(), JsValue> {
        self.inner
            .select(
                (layer as usize).wrapping_sub(1),
                (unit as usize).wrapping_sub(1),
            )
            .map_err(config_error)
    }

    /// Sets the mode switch: running averages (inference, `true`) or batch statistics.
    #[wasm_bindgen(js_name = setRunning)]
    pub fn set_running(&mut self, running: bool) {
        self.inner.set_running(running);
    }

    /// Shows stage `stage` (0-based) of the formula's step-through.
    #[wasm_bindgen(js_name = setStage)]
    pub fn set_stage(&mut self, stage: u32) {
        self.inner.set_stage(stage as usize);
    }

    /// Shows part `part` (1-based, as on the page) of the lab.
    #[wasm_bindgen(js_name = setPart)]
    pub fn set_part(&mut self, part: u32) {
        self.inner.set_part((part as usize).saturating_sub(1));
    }

    /// Records whether the sensitivity maps were computed (then the lab's query has `maps=1`).
    #[wasm_bindgen(js_name = setMaps)]
    pub fn set_maps(&mut self, computed: bool) {
        self.inner.set_maps(computed);
    }

    /// The numbers behind the view as tables for CSV: `[{ name, columns: [names], rows:
    /// [[cells]] }]` — the selected unit's mini-batch, its statistics per step, both runs'
    /// curves (a missing value is `null`).
    pub fn tables(&mut self) -> js_sys::Array {
        export_tables(&self.inner.tables())
    }

    /// Everything the page shows as numbers and text, in one call: `{ steps, maxSteps,
    /// finished, layerUnits: [units per layer], layer, unit (1-based), running, stage, part
    /// (1-based), maps, replayTo, place: 'z'|'a',
    /// numbers: { m, mean, var, eps, std, gamma, beta, runningMean, runningVar, identityError },
    /// examples: [{ index (1-based), colour, z, centred, zNorm, zTilde }], formula, stages,
    /// batchMode: { loss, accuracy }, runningMode: { loss, accuracy }, plain, bn: { diverged,
    /// divergedAt, status, recordedAt, train, valid, lossGap }, noiseLearningRate, noisePoints,
    /// noiseLevel, small,
    /// large: { …the same, batch, jitter } }` — with the formula at the lab's stage and
    /// `examples` examples. A number that does not exist yet (a batch's jitter before the first
    /// step, a run's divergence step) is `null`. `replayTo` is the step the link showed.
    pub fn readout(&mut self, examples: u32) -> JsValue {
        let r = self.inner.readout(examples as usize);
        let n = &r.numbers;
        let numbers = Obj::new()
            .num("m", n.m as f64)
            .num("mean", n.mean as f64)
            .num("var", n.var as f64)
            .num("eps", n.eps as f64)
            .num("std", n.std as f64)
            .num("gamma", n.gamma as f64)
            .num("beta", n.beta as f64)
            .num("runningMean", n.running_mean as f64)
            .num("runningVar", n.running_var as f64)
            .num("identityError", n.identity_error as f64);
        let examples = array(r.examples.iter().enumerate().map(|(k, e)| {
            Obj::new()
                .num("index", e.index as f64 + 1.0)
                .str("colour", &draw::css(draw::example_colour(k)))
                .num("z", e.z as f64)
                .num("centred", e.centred as f64)
                .num("zNorm", e.z_norm as f64)
                .num("zTilde", e.z_tilde as f64)
                .into()
        }));
        Obj::new()
            .num("steps", r.steps as f64)
            .num("maxSteps", r.max_steps as f64)
            .bool("finished", r.steps >= r.max_steps)
            .val(
                "layerUnits",
                super::js::numbers(r.layer_units.iter().map(|&u| u as f64)).into(),
            )
            .num("layer", r.layer as f64 + 1.0)
            .num("unit", r.unit as f64 + 1.0)
            .bool("running", r.running)
            .num("stage", r.stage as f64)
            .num("part", r.part as f64 + 1.0)
            .bool("maps", r.maps)
            .num("replayTo", r.replay_to as f64)
            .str("place", r.place.name())
            .val("numbers", numbers.into())
            .val("examples", examples.into())
            .str("formula", &r.formula)
            .num("stages", r.stages as f64)
            .val("batchMode", metrics(r.batch_mode))
            .val("runningMode", metrics(r.running_mode))
            .val("plain", run(&r.plain).into())
            .val("bn", run(&r.bn).into())
            .num("noiseLearningRate", r.noise_learning_rate)
            .num("noisePoints", r.noise_points as f64)
            .num("noiseLevel", r.noise_level)
            .val("small", batch_run(&r.small))
            .val("large", batch_run(&r.large))
            .into()
    }

    /// Histograms of z, z_norm and z̃ over the mini-batch, stacked.
    #[wasm_bindgen(js_name = renderHistograms)]
    pub fn render_histograms(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let hs = draw::unit_histograms(&self.inner.unit_view());
        draw::draw_histograms(area(canvas)?, &hs).map_err(chart_error)
    }

    /// The step-through of the formula at the lab's stage with `k` examples.
    #[wasm_bindgen(js_name = renderWalkthrough)]
    pub fn render_walkthrough(
        &mut self,
        canvas: &HtmlCanvasElement,
        k: u32,
    ) -> Result<(), JsError> {
        let stage = self.inner.settings().stage;
        let v = self.inner.unit_view();
        let walk = draw::walkthrough(&v, &v.examples(k as usize), stage);
        draw::draw_walkthrough(area(canvas)?, &walk).map_err(chart_error)
    }

    /// Batch μ and σ² of the selected unit per step against the running averages.
    #[wasm_bindgen(js_name = renderRunning)]
    pub fn render_running(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        stacked(
            canvas,
            &draw::running_charts(&self.inner.unit_trace(Net::Bn)),
        )
    }

    /// γ and β of every unit of the selected layer per step, with the identity values.
    #[wasm_bindgen(js_name = renderGammaBeta)]
    pub fn render_gamma_beta(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        stacked(canvas, &draw::lab_gamma_beta_charts(&self.inner))
    }

    /// The BN network's decision field in the mode the switch selects.
    #[wasm_bindgen(js_name = renderModeField)]
    pub fn render_mode_field(
        &mut self,
        canvas: &HtmlCanvasElement,
        resolution: u32,
    ) -> Result<(), JsError> {
        let mode = self.inner.mode();
        let field = self.inner.field(Net::Bn, resolution as usize, mode);
        put_field(canvas, &field, self.inner.trainer(Net::Bn).dataset())
    }

    /// The decision field of the network with (`bn`) or without BN, in inference mode.
    #[wasm_bindgen(js_name = renderCompareField)]
    pub fn render_compare_field(
        &mut self,
        canvas: &HtmlCanvasElement,
        bn: bool,
        resolution: u32,
    ) -> Result<(), JsError> {
        let net = if bn { Net::Bn } else { Net::Plain };
        let field = self.inner.field(net, resolution as usize, Mode::Inference);
        put_field(canvas, &field, self.inner.trainer(net).dataset())
    }

    /// Validation loss of both networks over the steps (log axis), divergence marked.
    #[wasm_bindgen(js_name = renderCompareLoss)]
    pub fn render_compare_loss(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        draw_chart(canvas, &draw::lab_compare_loss_chart(&self.inner))
    }

    /// Mean ± spread of every layer's activations over the steps, without and with BN (a run
    /// that diverged up to where it stopped, marked).
    #[wasm_bindgen(js_name = renderActivations)]
    pub fn render_activations(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        side_by_side(canvas, &draw::lab_activation_charts(&self.inner))
    }

    /// Batch μ against the running mean at the small and the large mini-batch.
    #[wasm_bindgen(js_name = renderNoise)]
    pub fn render_noise(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        side_by_side(canvas, &draw::lab_noise_charts(&self.inner))
    }
}

/// The two sensitivity maps (without and with BN) of a lab config. The page estimates their
/// cost ([`SensitivityMaps::calibrate`], [`SensitivityMaps::estimate`]), asks the worker pool's
/// `raceCells` job to evaluate cells of [`SensitivityMaps::query`] in the order of
/// [`SensitivityMaps::order`], and hands the results to [`SensitivityMaps::record`].
#[wasm_bindgen]
pub struct SensitivityMaps {
    inner: Maps,
}

#[wasm_bindgen]
impl SensitivityMaps {
    /// Empty maps for the lab config of a URL query (α and init scale are the maps' axes); a
    /// refused setting throws with its `key`.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<SensitivityMaps, JsValue> {
        Maps::from_query(query)
            .map(|inner| SensitivityMaps { inner })
            .map_err(config_error)
    }

    /// The same for equal maps: the query without α and init scale (the axes).
    pub fn key(&self) -> String {
        self.inner.key()
    }

    /// The race query the `raceCells` job evaluates for the map without (`bn` false) or
    /// with BN.
    pub fn query(&self, bn: bool) -> String {
        self.inner.query(bn)
    }

    /// Every cell index once, coarse to fine.
    pub fn order(&self) -> Vec<u32> {
        self.inner.order().iter().map(|&c| c as u32).collect()
    }

    /// Stores the `raceCells` results (score, +∞ diverged, −∞ failed) of `cells`.
    pub fn record(&mut self, bn: bool, cells: &[u32], results: &[f64]) {
        self.inner.record(bn, cells, results);
    }

    /// Steps of a calibration run worth about `work` multiply-adds.
    #[wasm_bindgen(js_name = calibrationSteps)]
    pub fn calibration_steps(&self, work: f64) -> u32 {
        self.inner.calibration_steps(work) as u32
    }

    /// Trains one cell's network for `steps` steps; returns the multiply-adds done (the page
    /// times the call to measure this machine's speed).
    pub fn calibrate(&self, steps: u32) -> f64 {
        self.inner.calibrate(steps as usize)
    }

    /// The maps' estimated cost at `macsPerMs` multiply-adds per millisecond on `workers`
    /// workers: `{ trainings, steps, seconds, cellSeconds, chunk, verdict: 'start'|'ask'|'refuse', time,
    /// refusal: null | { key, message } }` (`time` is the duration in words).
    pub fn estimate(&self, macs_per_ms: f64, workers: u32) -> JsValue {
        let e = self.inner.estimate(macs_per_ms, workers as usize);
        let verdict = match e.verdict {
            Verdict::Start => "start",
            Verdict::Ask => "ask",
            Verdict::Refuse => "refuse",
        };
        let refusal = e.refusal.as_ref().map_or(JsValue::NULL, |r| {
            Obj::new()
                .str("key", r.key().unwrap_or(""))
                .str("message", &r.to_string())
                .into()
        });
        let cost = self.inner.cost();
        Obj::new()
            .num("trainings", cost.trainings as f64)
            .num("steps", cost.steps as f64)
            .num("seconds", e.seconds)
            .num("cellSeconds", e.cell_seconds)
            .num("chunk", e.chunk as f64)
            .str("verdict", verdict)
            .str("time", &bnlab::minutes(e.seconds))
            .val("refusal", refusal)
            .into()
    }

    /// Every cell of both maps as a table for CSV (see [`Lab::tables`]): `{ name: 'maps',
    /// columns: ['bn', 'alpha', 'init_scale', 'valid_loss', 'status'], rows }`.
    pub fn table(&self) -> JsValue {
        export_tables(&[self.inner.table()]).get(0)
    }

    /// A duration in words, as the estimate writes it ("45 s", "12 min").
    #[wasm_bindgen(js_name = durationText)]
    pub fn duration_text(seconds: f64) -> String {
        bnlab::minutes(seconds)
    }

    /// Progress and counts: `{ filled, total, cellsPerMap, done, goodLoss, plain, bn:
    /// { filled, learned, diverged } }` ("learned": a final validation loss below `goodLoss`).
    pub fn summary(&self) -> JsValue {
        let counts = |bn| {
            let c = self.inner.counts(bn);
            Obj::new()
                .num("filled", c.filled as f64)
                .num("learned", c.learned as f64)
                .num("diverged", c.diverged as f64)
                .into()
        };
        let per_map = self.inner.cells_per_map();
        let (plain, bn) = (self.inner.counts(false), self.inner.counts(true));
        Obj::new()
            .num("filled", (plain.filled + bn.filled) as f64)
            .num("total", 2.0 * per_map as f64)
            .num("cellsPerMap", per_map as f64)
            .bool("done", self.inner.done())
            .num("goodLoss", bnlab::GOOD_LOSS)
            .val("plain", counts(false))
            .val("bn", counts(true))
            .into()
    }

    /// Draws both maps side by side with their axes and legend; pending cells show their
    /// nearest evaluated block (a coarse preview that sharpens), and a ring marks the point
    /// (`lr`, `init_scale`).
    pub fn render(
        &self,
        canvas: &HtmlCanvasElement,
        lr: f64,
        init_scale: f64,
    ) -> Result<(), JsError> {
        let titles = self.inner.titles();
        let frame = draw::sensitivity_frame(self.inner.space(), [&titles[0], &titles[1]]);
        let rects = draw::draw_sensitivity_frame(&area(canvas)?, &frame).map_err(chart_error)?;
        let unit = self.inner.space().to_unit(&[lr, init_scale]);
        let ctx = context_2d(canvas)?;
        for (bn, (x, y, w, h)) in [false, true].into_iter().zip(rects) {
            let (values, status) = self.inner.preview(bn);
            let panel = draw::MapPanel {
                n: self.inner.map(bn).n(),
                values: &values,
                status: &status,
            };
            let rgba = draw::map_rgba(&panel, w as usize, h as usize, Some((unit[0], unit[1])));
            let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, h)
                .map_err(|_| JsError::new("could not build the image"))?;
            ctx.put_image_data(&image, x as f64, y as f64)
                .map_err(|_| JsError::new("could not draw the image"))?;
        }
        Ok(())
    }
}
