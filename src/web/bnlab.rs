//! The batch-norm lab's handles: [`Lab`] (the four runs the page animates, and every chart and
//! number of the view) and [`SensitivityMaps`] (the two α × init-scale maps, filled by the
//! workers' `raceCells` job and drawn here).
//!
//! Numbers cross as flat `Float64Array`s whose layout each method documents; charts are drawn
//! with plotters' canvas backend, fields and maps as RGBA `ImageData`.

use super::{chart_area, context_2d, draw_chart, js_error, put_rgba, Canvas};
use crate::nn::Mode;
use crate::render::bnlab as draw;
use crate::render::charts::LineChart;
use crate::render::heatmap;
use crate::search::{CellStatus, Landscape, SearchSpace};
use crate::train::Field;
use crate::views::bnlab::{self, Lab as CoreLab, Net};
use crate::views::race::decode_outcome;
use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{HtmlCanvasElement, ImageData};

/// A plotters drawing area over a whole canvas.
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

/// The batch-norm lab: a BN network, its plain twin, and the BN network at a small and a large
/// mini-batch, all from one URL query.
#[wasm_bindgen]
pub struct Lab {
    inner: CoreLab,
}

#[wasm_bindgen]
impl Lab {
    /// A lab from the page's URL query: training keys over the lab's defaults
    /// (`hidden=16,16&batch=16&lr=3`), plus `layer`, `unit`, `bnMode`, `smallBatch`,
    /// `largeBatch`. A bad key, or a batch size of 1 (BN needs a batch), throws an `Error`
    /// whose message says what to change.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<Lab, JsError> {
        CoreLab::from_query(query)
            .map(|inner| Lab { inner })
            .map_err(js_error)
    }

    /// The lab's training settings and own settings as a URL query (non-default keys only;
    /// the training keys differ from the panda view's defaults, not the lab's).
    pub fn query(&self) -> String {
        self.inner.query()
    }

    /// The training keys the lab fills in when the URL leaves them out.
    #[wasm_bindgen(js_name = defaultsQuery)]
    pub fn defaults_query() -> String {
        bnlab::LAB_DEFAULTS.to_string()
    }

    /// Advances every run by up to `n` updates; returns how many the BN run did.
    pub fn step(&mut self, n: u32) -> u32 {
        self.inner.step(n as usize) as u32
    }

    /// Updates done.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> f64 {
        self.inner.steps() as f64
    }

    /// True once the lab has done its [`bnlab::MAX_STEPS`] updates.
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.inner.finished()
    }

    /// Units of every hidden layer.
    #[wasm_bindgen(js_name = layerUnits)]
    pub fn layer_units(&self) -> Vec<u32> {
        self.inner
            .config()
            .hidden
            .iter()
            .map(|&u| u as u32)
            .collect()
    }

    /// The selected layer, 1-based.
    #[wasm_bindgen(getter)]
    pub fn layer(&self) -> u32 {
        self.inner.settings().layer as u32 + 1
    }

    /// The selected unit, 1-based.
    #[wasm_bindgen(getter)]
    pub fn unit(&self) -> u32 {
        self.inner.settings().unit as u32 + 1
    }

    /// Looks at another layer and unit (1-based, as on the page).
    pub fn select(&mut self, layer: u32, unit: u32) -> Result<(), JsError> {
        self.inner
            .select(
                (layer as usize).wrapping_sub(1),
                (unit as usize).wrapping_sub(1),
            )
            .map_err(js_error)
    }

    /// True when the mode switch selects the running averages (inference).
    #[wasm_bindgen(getter)]
    pub fn running(&self) -> bool {
        self.inner.settings().running
    }

    /// Sets the mode switch: running averages (inference, `true`) or batch statistics.
    #[wasm_bindgen(setter)]
    pub fn set_running(&mut self, running: bool) {
        self.inner.set_running(running);
    }

    // ---- Inside one BN layer ----

    /// The selected unit over the current mini-batch:
    /// `[m, μ, σ², ε, √(σ²+ε), γ, β, running μ, running σ², identity error]`, where the
    /// identity error is the largest |z̃ − z| with γ = √(σ²+ε), β = μ (rounding only).
    pub fn numbers(&mut self) -> Vec<f64> {
        let v = self.inner.unit_view();
        let (_, _, err) = v.identity();
        [
            v.m() as f32,
            v.mean,
            v.var,
            v.eps,
            v.std(),
            v.gamma,
            v.beta,
            v.running_mean,
            v.running_var,
            err,
        ]
        .iter()
        .map(|&x| x as f64)
        .collect()
    }

    /// The names of the step-through's stages.
    #[wasm_bindgen(js_name = stageNames)]
    pub fn stage_names() -> Vec<String> {
        bnlab::FORMULA_STAGES
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// The formula of stage `stage` with the batch's numbers.
    pub fn formula(&mut self, stage: u32) -> String {
        draw::formula(&self.inner.unit_view(), stage as usize)
    }

    /// `k` examples carried through the formula, 5 numbers each:
    /// `[example number in the batch (1-based), z, z − μ, z_norm, z̃]`, by increasing z.
    #[wasm_bindgen(js_name = exampleRows)]
    pub fn example_rows(&mut self, k: u32) -> Vec<f64> {
        let v = self.inner.unit_view();
        v.rows(&v.examples(k as usize))
            .iter()
            .flat_map(|r| {
                [
                    r.index as f64 + 1.0,
                    r.z as f64,
                    r.centred as f64,
                    r.z_norm as f64,
                    r.z_tilde as f64,
                ]
            })
            .collect()
    }

    /// The CSS colour of example row `k` (as the step-through draws it).
    #[wasm_bindgen(js_name = exampleColour)]
    pub fn example_colour(k: u32) -> String {
        draw::css(draw::example_colour(k as usize))
    }

    /// Formats a number as the lab's captions do (3 significant digits, true minus sign).
    #[wasm_bindgen(js_name = formatNumber)]
    pub fn format_number(v: f64) -> String {
        crate::render::axis::format_value(v)
    }

    /// Histograms of z, z_norm and z̃ over the mini-batch, stacked.
    #[wasm_bindgen(js_name = renderHistograms)]
    pub fn render_histograms(&mut self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let hs = draw::unit_histograms(&self.inner.unit_view());
        draw::draw_histograms(area(canvas)?, &hs).map_err(chart_error)
    }

    /// The step-through of the formula at stage `stage` with `k` examples.
    #[wasm_bindgen(js_name = renderWalkthrough)]
    pub fn render_walkthrough(
        &mut self,
        canvas: &HtmlCanvasElement,
        stage: u32,
        k: u32,
    ) -> Result<(), JsError> {
        let v = self.inner.unit_view();
        let examples = v.examples(k as usize);
        let walk = draw::walkthrough(&v, &examples, stage as usize);
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
        let Some(layer) = self.inner.layer_trace(Net::Bn) else {
            return stacked(canvas, &[LineChart::default(), LineChart::default()]);
        };
        let t = self.inner.unit_trace(Net::Bn);
        let charts = draw::gamma_beta_charts(
            layer,
            self.inner.settings().unit,
            &t,
            self.inner.config().bn_eps as f32,
        );
        stacked(canvas, &charts)
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

    /// Validation metrics of the BN network in both modes:
    /// `[loss with batch statistics, accuracy with batch statistics, loss with running
    /// averages, accuracy with running averages]`.
    #[wasm_bindgen(js_name = modeMetrics)]
    pub fn mode_metrics(&mut self) -> Vec<f64> {
        let [batch, running] = self.inner.mode_metrics();
        vec![batch.loss, batch.accuracy, running.loss, running.accuracy]
    }

    // ---- What BN does to training ----

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
        let (p, b) = (self.inner.trainer(Net::Plain), self.inner.trainer(Net::Bn));
        let chart = draw::compare_loss_chart(p.history(), p.status(), b.history(), b.status());
        draw_chart(canvas, &chart)
    }

    /// "training", or the divergence message of the network with (`bn`) or without BN.
    #[wasm_bindgen(js_name = compareStatus)]
    pub fn compare_status(&self, bn: bool) -> String {
        self.inner
            .status_message(if bn { Net::Bn } else { Net::Plain })
    }

    /// True once the network with (`bn`) or without BN has diverged.
    #[wasm_bindgen(js_name = compareDiverged)]
    pub fn compare_diverged(&self, bn: bool) -> bool {
        self.inner.diverged(if bn { Net::Bn } else { Net::Plain })
    }

    /// Latest recorded validation metrics: `[plain loss, plain accuracy, BN loss, BN accuracy]`.
    #[wasm_bindgen(js_name = compareMetrics)]
    pub fn compare_metrics(&self) -> Vec<f64> {
        [Net::Plain, Net::Bn]
            .iter()
            .flat_map(|&n| {
                let h = self.inner.trainer(n).history().last().copied();
                h.map_or([f64::NAN, f64::NAN], |h| [h.valid.loss, h.valid.accuracy])
            })
            .collect()
    }

    /// Mean ± spread of every layer's activations over the steps, without and with BN.
    #[wasm_bindgen(js_name = renderActivations)]
    pub fn render_activations(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let charts = draw::activation_charts(
            self.inner.trainer(Net::Plain).trace(),
            self.inner.trainer(Net::Bn).trace(),
        );
        side_by_side(canvas, &charts)
    }

    /// Batch μ against the running mean at the small and the large mini-batch.
    #[wasm_bindgen(js_name = renderNoise)]
    pub fn render_noise(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let f = self.noise_figures();
        let (s, l) = (
            self.inner.unit_trace(Net::Small),
            self.inner.unit_trace(Net::Large),
        );
        let charts = draw::noise_charts([(&s, f[0] as usize, f[1]), (&l, f[2] as usize, f[3])]);
        side_by_side(canvas, &charts)
    }

    /// `[small batch, its RMS gap between batch μ and running μ, large batch, its gap,
    /// learning rate of both]` over the last 200 steps.
    #[wasm_bindgen(js_name = noiseFigures)]
    pub fn noise_figures(&self) -> Vec<f64> {
        let s = self.inner.settings();
        vec![
            s.small_batch as f64,
            self.inner.unit_trace(Net::Small).batch_noise(200),
            s.large_batch as f64,
            self.inner.unit_trace(Net::Large).batch_noise(200),
            bnlab::NOISE_LEARNING_RATE,
        ]
    }
}

/// The two sensitivity maps (without and with BN) of a lab config. The page asks the worker
/// pool's `raceCells` job to evaluate cells of [`SensitivityMaps::query`] in the order of
/// [`SensitivityMaps::order`], and hands the results to [`SensitivityMaps::record`].
#[wasm_bindgen]
pub struct SensitivityMaps {
    config: crate::config::Config,
    space: SearchSpace,
    maps: [Landscape; 2],
}

#[wasm_bindgen]
impl SensitivityMaps {
    /// Empty maps for the lab config of a URL query (α and init scale are the maps' axes).
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<SensitivityMaps, JsError> {
        let config = bnlab::lab_config(query).map_err(js_error)?;
        let race = |bn| bnlab::sensitivity_race(&config, bn).map_err(js_error);
        let (plain, bn) = (race(false)?, race(true)?);
        Ok(SensitivityMaps {
            space: plain.space(),
            maps: [plain.landscape(), bn.landscape()],
            config,
        })
    }

    /// The same for equal maps: the query without α and init scale (the axes).
    pub fn key(&self) -> String {
        let c = crate::config::Config {
            learning_rate: 1.0,
            init_scale: 1.0,
            ..self.config.clone()
        };
        bnlab::sensitivity_query(&c, true)
    }

    /// The race query the `raceCells` job evaluates for the map without (`bn` false) or
    /// with BN.
    pub fn query(&self, bn: bool) -> String {
        bnlab::sensitivity_query(&self.config, bn)
    }

    /// Every cell index once, coarse to fine.
    pub fn order(&self) -> Vec<u32> {
        self.maps[0].order().iter().map(|&c| c as u32).collect()
    }

    /// Stores the `raceCells` results (score, +∞ diverged, −∞ failed) of `cells`.
    pub fn record(&mut self, bn: bool, cells: &[u32], results: &[f64]) {
        let map = &mut self.maps[usize::from(bn)];
        for (&c, &r) in cells.iter().zip(results) {
            if let Some(outcome) = decode_outcome(r) {
                map.record(c as usize, &outcome);
            }
        }
    }

    /// Cells evaluated so far, over both maps.
    #[wasm_bindgen(getter)]
    pub fn filled(&self) -> u32 {
        self.maps.iter().map(|m| m.progress().filled as u32).sum()
    }

    /// Cells in both maps.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.maps.iter().map(|m| m.progress().total as u32).sum()
    }

    /// `[plain learned, plain diverged, BN learned, BN diverged, cells per map]`, where
    /// "learned" means a final validation loss below 0.2.
    pub fn counts(&self) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .maps
            .iter()
            .flat_map(|m| {
                [
                    bnlab::good_cells(m.values(), m.status()) as u32,
                    bnlab::diverged_cells(m.status()) as u32,
                ]
            })
            .collect();
        out.push((self.maps[0].n() * self.maps[0].n()) as u32);
        out
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
        let counts = self.counts();
        let title = |k: usize, name: &str| {
            let filled = self.maps[k].progress();
            if filled.is_done() {
                format!("{name}: {} of {} runs learned", counts[2 * k], counts[4])
            } else {
                format!("{name}: {} of {} runs done…", filled.filled, filled.total)
            }
        };
        let titles = [title(0, "without BN"), title(1, "with BN")];
        let frame = draw::sensitivity_frame(&self.space, [&titles[0], &titles[1]]);
        let rects = draw::draw_sensitivity_frame(&area(canvas)?, &frame).map_err(chart_error)?;
        let unit = self.space.to_unit(&[lr, init_scale]);
        let ctx = context_2d(canvas)?;
        for (map, (x, y, w, h)) in self.maps.iter().zip(rects) {
            let (values, status) = preview(map);
            let panel = draw::MapPanel {
                n: map.n(),
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

/// Every cell's value and status as its preview source shows it (itself when evaluated).
fn preview(map: &Landscape) -> (Vec<f64>, Vec<CellStatus>) {
    map.preview_sources()
        .into_iter()
        .map(|src| match src {
            Some(s) => (map.values()[s], map.status()[s]),
            None => (f64::NAN, CellStatus::Pending),
        })
        .unzip()
}
