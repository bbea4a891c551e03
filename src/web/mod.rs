//! The thin wasm-bindgen edge: opaque handles the page drives with coarse calls.
//!
//! Everything browser-specific lives here. Handles wrap core types; calls are coarse
//! (`step(n)`, `renderField(canvas)`), results are small numbers and strings, and core errors
//! become JS `Error`s whose message is the learner-readable text of [`crate::Error`].
//! A panic is reported on the console by `console_error_panic_hook` and surfaces in JS as a
//! `RuntimeError`, which the page catches and shows.
//!
//! One file per view's handles: [`trainer`] (train one model, benchmarks); `search` (grid vs
//! random: `RaceBoard` on the page, `RaceEvaluator` in the workers; right scale: `ScaleSamples`).

mod lab;
mod search;
mod trainer;

pub use lab::{Lab, SensitivityMaps};
pub use search::{RaceBoard, RaceEvaluator, ScaleSamples};
pub use trainer::Trainer;

use crate::config::{Config, DatasetKind};
use crate::render::charts;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// Installs the panic hook once, when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

pub(crate) fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The 2D context of a canvas.
pub(crate) fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsError> {
    canvas
        .get_context("2d")
        .map_err(|_| JsError::new("this canvas has no 2D context"))?
        .ok_or_else(|| JsError::new("this canvas has no 2D context"))?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsError::new("this canvas has no 2D context"))
}

/// Puts an RGBA buffer of the canvas's size onto it.
pub(crate) fn put_rgba(canvas: &HtmlCanvasElement, rgba: &[u8]) -> Result<(), JsError> {
    let image =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), canvas.width(), canvas.height())
            .map_err(|_| JsError::new("could not build the image"))?;
    context_2d(canvas)?
        .put_image_data(&image, 0.0, 0.0)
        .map_err(|_| JsError::new("could not draw the image"))
}

/// Draws a line chart onto a canvas through plotters' canvas backend (text via the browser).
pub(crate) fn draw_chart(
    canvas: &HtmlCanvasElement,
    chart: &charts::LineChart,
) -> Result<(), JsError> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsError::new("this canvas has no 2D context"))?;
    let area = backend.into_drawing_area();
    charts::draw_line_chart(area, chart).map_err(|e| js_error(format!("chart: {e:?}")))
}

/// The URL query of the default config with the given overrides (used to validate a form).
#[wasm_bindgen(js_name = validateQuery)]
pub fn validate_query(query: &str) -> Result<String, JsError> {
    Config::from_query(query)
        .map(|c| c.to_query())
        .map_err(js_error)
}

/// Every training setting at its default, as a URL query (the form's initial values).
#[wasm_bindgen(js_name = defaultSettings)]
pub fn default_settings() -> String {
    Config::default().to_full_query()
}

/// The colour of class `k` in every heatmap, as CSS `#rrggbb` (for legends).
#[wasm_bindgen(js_name = classColour)]
pub fn class_colour(k: u32) -> String {
    let [r, g, b] = crate::render::palette::class_colour(k as usize);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Dataset names in menu order.
#[wasm_bindgen(js_name = datasetNames)]
pub fn dataset_names() -> Vec<String> {
    DatasetKind::ALL
        .iter()
        .map(|d| d.name().to_string())
        .collect()
}
