//! What the learner sees: colours, text-free RGBA heatmaps, and charts with text.
//!
//! - [`palette`] — every colour as an sRGB `[u8; 3]`, the blends between them, and the
//!   viridis colormap of loss landscapes;
//! - [`heatmap`] — RGBA buffers drawn pixel by pixel in pure Rust (decision fields with their
//!   points, score landscapes with search trials): the same on every target, put on a canvas
//!   with `ImageData` in the browser;
//! - [`charts`] — line, histogram and bar charts described as plain data and drawn through any
//!   plotters [`plotters::prelude::DrawingBackend`] (canvas in the browser, SVG or bitmap
//!   natively);
//! - [`lab`] — the batch-norm lab's chart descriptions, formula step-through and sensitivity
//!   map frame;
//! - [`axis`] — tick positions and number formatting the charts share.

pub mod axis;
pub mod bnlab;
pub mod charts;
pub mod heatmap;
pub mod palette;
pub mod race;
