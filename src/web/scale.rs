//! The "Right scale" view's handle: α or β samples drawn uniformly and on the right scale.

use super::{chart_area, js_error};
use crate::render::charts::{self, HistogramChart, TickStyle};
use crate::render::palette;
use crate::views::scale::{averaging_window, Sampler, ScaleDemo, ScaleParam};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Samples of the "Right scale" view: α or β drawn uniformly and on the right scale.
#[wasm_bindgen]
pub struct ScaleSamples {
    demo: ScaleDemo,
}

fn sampler(name: &str) -> Result<Sampler, JsError> {
    match name {
        "uniform" => Ok(Sampler::Uniform),
        "scale" => Ok(Sampler::OnScale),
        _ => Err(JsError::new(&format!(
            "'{name}' is not a sampler; use uniform or scale"
        ))),
    }
}

#[wasm_bindgen]
impl ScaleSamples {
    /// `n` samples each way of `param` ("lr" or "beta") with `seed`.
    pub fn draw(param: &str, n: u32, seed: f64) -> Result<ScaleSamples, JsError> {
        let param = match param {
            "lr" => ScaleParam::LearningRate,
            "beta" => ScaleParam::Momentum,
            _ => return Err(JsError::new(&format!("'{param}' is not lr or beta"))),
        };
        if !(seed.is_finite() && seed >= 0.0) {
            return Err(JsError::new("the seed must be a whole number ≥ 0"));
        }
        let demo = ScaleDemo::new(param, n as usize, seed as u64).map_err(js_error)?;
        Ok(ScaleSamples { demo })
    }

    /// Share of each decade (lowest value first) for sampler "uniform" or "scale".
    #[wasm_bindgen(js_name = decadeShares)]
    pub fn decade_shares(&self, sampler_name: &str) -> Result<Vec<f64>, JsError> {
        Ok(self.demo.decade_shares(sampler(sampler_name)?))
    }

    /// The decades as `[lo0, hi0, lo1, hi1, …]` values.
    pub fn decades(&self) -> Vec<f64> {
        self.demo
            .param
            .decades()
            .iter()
            .flat_map(|d| [d.lo, d.hi])
            .collect()
    }

    /// For β: the averaging window `1/(1 − β)` at each decade end (`[w(lo0), w(hi0), …]`).
    pub fn windows(&self) -> Vec<f64> {
        self.decades().into_iter().map(averaging_window).collect()
    }

    /// Draws the histogram of sampler "uniform" or "scale" on a linear (`log` false) or log
    /// axis, with `bins` bins.
    #[wasm_bindgen(js_name = renderHistogram)]
    pub fn render_histogram(
        &self,
        canvas: &HtmlCanvasElement,
        sampler_name: &str,
        log: bool,
        bins: u32,
    ) -> Result<(), JsError> {
        let s = sampler(sampler_name)?;
        let param = self.demo.param;
        let bins = bins.clamp(1, 200) as usize;
        let counts = self.demo.histogram(s, log, bins);
        let bins = self.demo.bins(log, bins);
        let ((lo, hi), edges) = (bins.range(), bins.edges());
        let x_label = match (param, log) {
            (ScaleParam::LearningRate, false) => "α (linear axis)",
            (ScaleParam::LearningRate, true) => "r = log₁₀ α   (−4 ↔ 0.0001, −1 ↔ 0.1, 0 ↔ 1)",
            (ScaleParam::Momentum, false) => "β (linear axis)",
            (ScaleParam::Momentum, true) => "−log₁₀(1 − β)   (1 ↔ 0.9, 2 ↔ 0.99, 3 ↔ 0.999)",
        };
        let chart = HistogramChart {
            title: String::new(),
            x_label: x_label.into(),
            y_label: "count".into(),
            edges,
            counts: counts.into_iter().map(f64::from).collect(),
            colour: match s {
                Sampler::Uniform => palette::series_colour(1),
                Sampler::OnScale => palette::series_colour(2),
            },
            markers: vec![],
            x_range: Some((lo, hi)),
            x_ticks: TickStyle::Plain,
            y_ticks: TickStyle::Plain,
        };
        charts::draw_histogram_chart(chart_area(canvas)?, &chart)
            .map_err(|e| js_error(format!("chart: {e:?}")))
    }
}
