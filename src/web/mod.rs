//! The thin wasm-bindgen edge: opaque handles the page drives with coarse calls.
//!
//! Everything browser-specific lives here. Handles wrap core types; calls are coarse
//! (`step(n)`, `renderField(canvas)`), results are small numbers and strings, and core errors
//! become JS `Error`s whose message is the learner-readable text of [`crate::Error`].
//! A panic is reported on the console by `console_error_panic_hook` and surfaces in JS as a
//! `RuntimeError`, which the page catches and shows.
//!
//! One file per view, named as the view is everywhere: `panda` (train one model; also the
//! benchmark's timing call), `caviar` (many models: `CaviarBoard` on the page, `CaviarFlock` in
//! the workers), `race` (grid vs random: `RaceBoard` and `RaceStudy` on the page,
//! `RaceEvaluator` in the workers), `scale` (right scale: `ScaleSamples`), `bnlab` (the
//! batch-norm lab), `softmax` (softmax regression: `Softmax`).

#[cfg(feature = "all-views")]
mod bench;
#[cfg(feature = "all-views")]
mod bnlab;
#[cfg(feature = "all-views")]
mod caviar;
mod js;
mod page;
mod panda;
#[cfg(feature = "all-views")]
mod race;
#[cfg(feature = "all-views")]
mod scale;
#[cfg(feature = "all-views")]
mod softmax;

#[cfg(feature = "all-views")]
pub use bnlab::{Lab, SensitivityMaps};
#[cfg(feature = "all-views")]
pub use caviar::{CaviarBoard, CaviarFlock};
pub use panda::{panda_scenarios, Trainer};
#[cfg(feature = "all-views")]
pub use race::{axis_scales, panel_layout, top_hit_odds, RaceBoard, RaceEvaluator, RaceStudy};
#[cfg(feature = "all-views")]
pub use scale::ScaleSamples;
#[cfg(feature = "all-views")]
pub use softmax::Softmax;

use crate::config::DatasetKind;
use crate::render::charts;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
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

/// A JS `Error` with the learner's message and, if given, one extra string property naming what
/// it is about (e.g. `key` or `control`), so the page can point at the control.
pub(crate) fn error_about(message: &str, about: Option<(&str, &str)>) -> JsValue {
    let err = js_sys::Error::new(message);
    if let Some((property, value)) = about {
        let _ = js_sys::Reflect::set(&err, &property.into(), &value.into());
    }
    err.into()
}

/// A core error for JS, with the URL `key` of the refused setting when the core knows it.
pub(crate) fn config_error(e: crate::Error) -> JsValue {
    error_about(&e.to_string(), e.key().map(|k| ("key", k)))
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
    charts::draw_line_chart(chart_area(canvas)?, chart)
        .map_err(|e| js_error(format!("chart: {e:?}")))
}

/// The whole of a canvas as a plotters drawing area (see [`Canvas`]).
pub(crate) fn chart_area(
    canvas: &HtmlCanvasElement,
) -> Result<DrawingArea<Canvas, Shift>, JsError> {
    let inner = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| JsError::new("this canvas has no 2D context"))?;
    Ok(Canvas {
        inner,
        context: context_2d(canvas)?,
    }
    .into_drawing_area())
}

/// plotters' canvas backend, except that text is measured by the canvas itself
/// (`measureText`). plotters' default measures by adding a `<span>` to the page and reading
/// its size — a forced layout per label, tens of milliseconds per chart while training runs.
pub(crate) struct Canvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl DrawingBackend for Canvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_text(text, style, pos)
    }
    /// Width from `measureText`, height from the font's ascent + descent: the line box that
    /// plotters' span measurement reports, without touching the page's layout.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        // The same font string plotters-canvas draws with.
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str(),
        ));
        let m = self.context.measure_text(text).map_err(|e| {
            DrawingErrorKind::FontError(format!("measureText failed: {e:?}").into())
        })?;
        let height = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
        Ok((m.width().ceil() as u32, height.ceil() as u32))
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (w, h): (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, (w, h), src)
    }
}

/// A fresh random seed for a "new seed" button: a whole number below 2⁵³ (exact as a JS number
/// and in the URL), from `crypto.getRandomValues` through `getrandom` ([`crate::rng::fresh_seed`]).
/// Throws only if the browser gives no randomness.
#[wasm_bindgen(js_name = freshSeed)]
pub fn fresh_seed() -> Result<f64, JsError> {
    crate::rng::fresh_seed().map(|s| s as f64).map_err(js_error)
}

/// Dataset names in menu order.
#[wasm_bindgen(js_name = datasetNames)]
pub fn dataset_names() -> Vec<String> {
    DatasetKind::ALL
        .iter()
        .map(|d| d.name().to_string())
        .collect()
}
