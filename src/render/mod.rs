//! What the learner sees: colours, text-free RGBA heatmaps, and charts with text.
//!
//! Read it like a table of contents:
//!
//! - [`palette`] — every colour as an sRGB `[u8; 3]`, the blends between them, and the
//!   viridis colormap of loss landscapes;
//! - [`axis`] — tick positions, the one value formatter ([`axis::format_value`]) and the one
//!   tick formatter ([`axis::format_tick`], in the chart's [`axis::TickStyle`]);
//! - [`heatmap`] — RGBA buffers drawn pixel by pixel in pure Rust (decision fields with their
//!   points, score landscapes with search trials): the same on every target, put on a canvas
//!   with `ImageData` in the browser;
//! - [`charts`] — line, histogram and bar charts described as plain data (the chart model),
//!   built for the standard views, and drawn through any plotters
//!   [`plotters::prelude::DrawingBackend`] (canvas in the browser, SVG or bitmap natively);
//! - [`caviar`] — the caviar's charts: every model's curve coloured by α, panda vs caviar on
//!   the same compute, the same models before and after the data changed;
//! - [`race`] — the search views' pictures: search panels (RGBA), their axis ticks, the
//!   best-so-far and importance charts;
//! - [`bnlab`] — the batch-norm lab's pictures: its charts, the formula's step-through on a
//!   number line, and the sensitivity maps with their frame;
//! - [`scale`] — the right-scale view's histograms;
//! - [`softmax`] — the softmax view's field with its chosen point, and the C = 2 gap chart.
//!
//! Draw functions never invent text: every word a chart shows is a field of its model, filled
//! in by a builder (or the caller). The English the builders use is kept in one marked `en`
//! module per file, ready to be routed through a message catalogue.

pub mod axis;
pub mod bnlab;
pub mod caviar;
pub mod charts;
pub mod heatmap;
pub mod palette;
pub mod panda;
pub mod race;
pub mod scale;
pub mod softmax;

thread_local! {
    static TEXT_FLOOR: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// The smallest text any chart draws, in canvas pixels (0: none). Presenter mode sets it so
/// that chart text reads from the back of a room (16 CSS pixels × the device pixel ratio).
pub fn set_text_floor(px: f64) {
    TEXT_FLOOR.with(|f| f.set(if px.is_finite() { px.max(0.0) } else { 0.0 }));
}

/// A font size after the floor of [`set_text_floor`].
pub fn text_px(size: f64) -> f64 {
    TEXT_FLOOR.with(|f| size.max(f.get()))
}
