//! Charts with text, generic over plotters' [`DrawingBackend`]: the canvas backend in the
//! browser (text drawn by the browser), the SVG and bitmap backends natively (tests, examples).
//!
//! A chart is first described as plain data — [`LineChart`], [`HistogramChart`],
//! [`BarChart`], defined here — then drawn onto a drawing area. The files read like a table of
//! contents:
//!
//! - this file — the chart model: [`Series`], [`Band`], [`Marker`], [`Legend`] and the three
//!   charts, plain data the caller fills in: every piece of text a chart draws (title, axis
//!   titles, legend entries, marker labels, category names) and how each axis labels its ticks
//!   ([`TickStyle`]) is a field here, so draw functions never invent text;
//! - `builders` — charts of the standard views: [`loss_chart`] and [`accuracy_chart`] from a
//!   run's history, [`histogram`] and [`histogram_chart`] for the batch norm lab, [`bar_chart`]
//!   for shares per category;
//! - `layout` — what every chart shares: sizes that scale with the canvas ([`chart_scale`]),
//!   the frame (header, axes, ticks, grid), the tick budget, fitted ranges;
//! - `legend` — legend entries, in the header row or in a box in a corner;
//! - `markers` — labelled vertical lines, on line charts and histograms;
//! - `line` — [`draw_line_chart`];
//! - `histogram` — [`draw_histogram_chart`];
//! - `bars` — [`draw_bar_chart`].
//!
//! Histograms bin their values with [`crate::stats::Bins`], the crate's one binning rule.
//!
//! The look is meant for a small canvas (360 × 200 CSS pixels) that may be projected: text
//! 12 px and up, 2 px lines, a thin light grid, no frame but the axes. Everything scales with
//! [`chart_scale`] so a canvas with twice the pixels (a high-DPI backing store) gets twice the
//! sizes. Non-finite values are skipped (a line is broken where one was), single points are
//! drawn as dots, and degenerate ranges are widened, so no input makes a chart panic.
//!
//! Text uses the `"sans-serif"` font family. In the browser that is the page's sans-serif
//! font; natively (with plotters' `ab_glyph` feature) a font must be registered under that
//! name with `plotters::style::register_font` before drawing, or drawing returns a font error.

mod bars;
mod builders;
mod histogram;
mod layout;
mod legend;
mod line;
mod markers;

pub use bars::draw_bar_chart;
pub use builders::{
    accuracy_chart, bar_chart, change_label, histogram, histogram_chart, loss_chart,
    mean_sd_markers,
};
pub use histogram::draw_histogram_chart;
pub use layout::chart_scale;
pub use line::draw_line_chart;

pub use super::axis::TickStyle;

use super::palette::Rgb;
use plotters::prelude::*;

/// What drawing a chart returns: plotters' error of the backend, or of the font.
pub type ChartResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The font family of every chart.
pub const FONT_FAMILY: &str = "sans-serif";

/// One line of a [`LineChart`].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend entry; empty for none.
    pub name: String,
    /// Line colour.
    pub colour: Rgb,
    /// (x, y) points in drawing order; non-finite points break the line.
    pub points: Vec<(f64, f64)>,
    /// Dashed instead of solid.
    pub dashed: bool,
}

impl Series {
    /// A solid line.
    pub fn new(name: impl Into<String>, colour: Rgb, points: Vec<(f64, f64)>) -> Series {
        Series {
            name: name.into(),
            colour,
            points,
            dashed: false,
        }
    }

    /// The same line, dashed.
    pub fn dashed(mut self) -> Series {
        self.dashed = true;
        self
    }
}

/// A translucent area between two curves (e.g. the quartiles around a median).
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Legend entry; empty for none.
    pub name: String,
    /// Fill colour (drawn at 20 % opacity).
    pub colour: Rgb,
    /// The lower curve, (x, y) by increasing x.
    pub lower: Vec<(f64, f64)>,
    /// The upper curve, (x, y) by increasing x.
    pub upper: Vec<(f64, f64)>,
}

/// A labelled vertical line at some x (a hyperparameter change, a divergence, μ ± σ).
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Where.
    pub x: f64,
    /// Text drawn near the top of the line; empty for none.
    pub label: String,
    /// Line and text colour.
    pub colour: Rgb,
}

impl Marker {
    /// A marker.
    pub fn new(x: f64, label: impl Into<String>, colour: Rgb) -> Marker {
        Marker {
            x,
            label: label.into(),
            colour,
        }
    }
}

/// Where the legend goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legend {
    /// No legend.
    Hidden,
    /// In one row above the plot, right-aligned (next to the title, if any): never covers data.
    Above,
    /// Top right corner.
    UpperRight,
    /// Bottom right corner.
    LowerRight,
    /// Top left corner.
    UpperLeft,
    /// Bottom left corner.
    LowerLeft,
}

/// A line chart, described as data.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    /// Drawn above the plot; empty for none (saves vertical space on small canvases).
    pub title: String,
    /// Below the x axis; empty for none.
    pub x_label: String,
    /// Left of the y axis (rotated); empty for none.
    pub y_label: String,
    /// How the x axis places and labels its ticks (plain numbers by default).
    pub x_ticks: TickStyle,
    /// How the y axis places and labels its ticks: [`TickStyle::Log`] for a log axis, on which
    /// y ≤ 0 is skipped like a non-finite value.
    pub y_ticks: TickStyle,
    /// Fixed x range; `None` fits the data (and markers).
    pub x_range: Option<(f64, f64)>,
    /// Fixed y range; `None` fits the data. Values outside a fixed range are drawn at its edge.
    pub y_range: Option<(f64, f64)>,
    /// When fitting a linear y axis to the data, include 0.
    pub y_from_zero: bool,
    /// The lines, drawn in order over the bands.
    pub series: Vec<Series>,
    /// Translucent areas, drawn first.
    pub bands: Vec<Band>,
    /// Vertical markers with labels.
    pub markers: Vec<Marker>,
    /// Where the legend goes (only named series and bands appear in it).
    pub legend: Legend,
    /// Written in the middle of a chart without any drawable point; empty for nothing.
    pub no_data: String,
}

impl Default for LineChart {
    /// No data, plain axes, the legend above, and [`en::NO_DATA`] for an empty chart.
    fn default() -> LineChart {
        LineChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            x_ticks: TickStyle::Plain,
            y_ticks: TickStyle::Plain,
            x_range: None,
            y_range: None,
            y_from_zero: false,
            series: Vec::new(),
            bands: Vec::new(),
            markers: Vec::new(),
            legend: Legend::Above,
            no_data: en::NO_DATA.into(),
        }
    }
}

/// A histogram, described as data: bar heights over bins, with optional markers.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramChart {
    /// Drawn above the plot; empty for none.
    pub title: String,
    /// Below the x axis; empty for none.
    pub x_label: String,
    /// Left of the y axis; empty for none.
    pub y_label: String,
    /// Bin edges, increasing: bin i is `[edges[i], edges[i + 1])`.
    pub edges: Vec<f64>,
    /// Height of each bin (`edges.len() − 1` of them; extra ones are ignored).
    pub counts: Vec<f64>,
    /// Bar colour.
    pub colour: Rgb,
    /// Vertical markers (e.g. from [`mean_sd_markers`]).
    pub markers: Vec<Marker>,
    /// Fixed x range (to compare histograms on the same axis); `None` spans the edges.
    pub x_range: Option<(f64, f64)>,
    /// How the x axis places and labels its ticks (edges and markers are values on it).
    pub x_ticks: TickStyle,
    /// How the y axis places and labels its ticks (bars rise from 0, or from the bottom of a
    /// log axis).
    pub y_ticks: TickStyle,
}

/// One group member of a [`BarChart`]: a value per category.
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    /// Legend entry; empty for none.
    pub name: String,
    /// Bar colour.
    pub colour: Rgb,
    /// One value per category (missing or non-finite values draw no bar).
    pub values: Vec<f64>,
}

/// A bar chart, described as data: categories along x, one bar per series in each.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    /// Drawn above the plot; empty for none.
    pub title: String,
    /// Below the x axis; empty for none.
    pub x_label: String,
    /// Left of the y axis; empty for none.
    pub y_label: String,
    /// Category names, left to right.
    pub categories: Vec<String>,
    /// Bars per category, side by side in this order.
    pub series: Vec<Bars>,
    /// Fixed y range; `None` spans 0 and the values.
    pub y_range: Option<(f64, f64)>,
    /// How the y axis places and labels its ticks (bars rise from 0, or from the bottom of a
    /// log axis).
    pub y_ticks: TickStyle,
    /// Where the legend goes (only when a series is named).
    pub legend: Legend,
}

// ---- English text ------------------------------------------------------------------------
// The one English string of the chart model (the default of [`LineChart::no_data`]); every
// other piece of chart text is a field the caller fills in. Route this through the message
// catalogue when the page is translated.
pub mod en {
    /// What an empty line chart says.
    pub const NO_DATA: &str = "no data yet";
}
