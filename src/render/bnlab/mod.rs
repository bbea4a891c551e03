//! The batch-norm lab's pictures, generic over plotters' [`DrawingBackend`] like
//! [`super::charts`]:
//!
//! - this file — the lab's colours, and drawing several charts on one canvas;
//! - `charts` — the lab's line charts and histograms, built from [`crate::views::bnlab`] data:
//!   z, z_norm and z̃ over the mini-batch, running averages, γ and β, with vs without BN,
//!   activation drift, batch-size noise;
//! - `walkthrough` — the formula of BN with the batch's numbers, and its step-through on a
//!   number line (a drawing the generic charts do not cover);
//! - `sensitivity` — the sensitivity maps: their cells as an RGBA raster ([`map_rgba`]) and the
//!   frame and legend around them.

mod charts;
mod sensitivity;
mod walkthrough;

pub use charts::{
    activation_charts, compare_loss_chart, gamma_beta_charts, lab_activation_charts,
    lab_compare_loss_chart, lab_gamma_beta_charts, lab_noise_charts, noise_charts, running_charts,
    unit_histograms,
};
pub use sensitivity::{
    draw_sensitivity_frame, map_rgba, sensitivity_frame, MapPanel, PixelRect, SensitivityFrame,
    MAP_LOSS_RANGE,
};
pub use walkthrough::{
    draw_walkthrough, formula, walkthrough, WalkBand, WalkExample, WalkRow, Walkthrough,
};

use super::charts::{self as chart, ChartResult, HistogramChart, LineChart, FONT_FAMILY};
use super::palette::{self, Rgb};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::Pos;

/// The network with batch norm, in every lab chart: teal.
pub const BN_COLOUR: Rgb = palette::SERIES[0];

/// The network without batch norm: dark orange.
pub const PLAIN_COLOUR: Rgb = palette::SERIES[1];

/// Mini-batch statistics (jittery): light purple.
pub const BATCH_COLOUR: Rgb = [0xb3, 0xa9, 0xd6];

/// Running averages (smooth): dark purple.
pub const RUNNING_COLOUR: Rgb = palette::TRAIN;

/// The γ, β that would make BN the identity: dark orange, dashed.
pub const IDENTITY_COLOUR: Rgb = palette::SERIES[1];

/// Histogram colours of z, z_norm and z̃.
pub const STAGE_COLOURS: [Rgb; 3] = [palette::SERIES[6], palette::SERIES[2], palette::SERIES[0]];

/// The colour of example `k` of the step-through (also its table row on the page).
pub fn example_colour(k: usize) -> Rgb {
    const C: [Rgb; 4] = [
        palette::SERIES[1],
        palette::SERIES[2],
        palette::SERIES[3],
        palette::SERIES[5],
    ];
    C[k % C.len()]
}

/// A colour as CSS `#rrggbb`.
pub fn css(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The colour of hidden layer `l` in per-layer charts.
pub fn layer_colour(l: usize) -> Rgb {
    palette::series_colour(l + 2)
}

/// Draws charts stacked top to bottom, each on an equal share of the area.
pub fn draw_stacked<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    charts: &[LineChart],
) -> ChartResult<DB> {
    for (part, chart) in area
        .split_evenly((charts.len().max(1), 1))
        .into_iter()
        .zip(charts)
    {
        chart::draw_line_chart(part, chart)?;
    }
    Ok(())
}

/// Draws charts side by side, each on an equal share of the area.
pub fn draw_side_by_side<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    charts: &[LineChart],
) -> ChartResult<DB> {
    for (part, chart) in area
        .split_evenly((1, charts.len().max(1)))
        .into_iter()
        .zip(charts)
    {
        chart::draw_line_chart(part, chart)?;
    }
    Ok(())
}

/// Draws histograms stacked top to bottom.
pub fn draw_histograms<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    histograms: &[HistogramChart],
) -> ChartResult<DB> {
    for (part, h) in area
        .split_evenly((histograms.len().max(1), 1))
        .into_iter()
        .zip(histograms)
    {
        chart::draw_histogram_chart(part, h)?;
    }
    Ok(())
}

/// A palette colour for plotters.
fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

/// The charts' font at `size` pixels (at least the presenter's floor, [`super::text_px`]) in
/// `colour`, anchored at `pos`.
fn font(size: f64, colour: Rgb, pos: Pos) -> TextStyle<'static> {
    TextStyle {
        font: (FONT_FAMILY, super::text_px(size)).into_font(),
        color: rgb(colour).to_backend_color(),
        pos,
    }
}
