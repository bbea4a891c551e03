//! Drawing a [`HistogramChart`]: one bar per bin, from 0, with markers.

use super::layout::{
    clamp_to, fit_y, fixed_range, frame, rgb, tick_budget, tick_format, Coords, Frame, Look,
};
use super::markers::{draw_marker_labels, draw_marker_lines, place_markers, Placed};
use super::{ChartResult, HistogramChart, Legend};
use crate::render::axis::{self, Bounds};
use crate::render::palette;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One bin placed on the axes.
struct Bin {
    /// Left and right edge, x positions.
    x: (f64, f64),
    /// Height, a y position.
    top: f64,
    /// No value fell in it (nothing is drawn).
    empty: bool,
}

/// The bins whose edges and count can be placed on the axes.
fn place_bins(chart: &HistogramChart) -> Vec<Bin> {
    let (xs, ys) = (chart.x_ticks, chart.y_ticks);
    chart
        .edges
        .windows(2)
        .zip(&chart.counts)
        .filter_map(|(e, &c)| {
            Some(Bin {
                x: (xs.position(e[0])?, xs.position(e[1])?),
                top: ys.position(c)?,
                empty: c == 0.0,
            })
        })
        .collect()
}

/// The x and y ranges of a histogram: x the fixed range if usable, else the bins' and
/// markers' span; y from 0 to the tallest bin, with room above for marker labels.
fn fit_ranges(chart: &HistogramChart, bins: &[Bin], markers: &[Placed]) -> [(f64, f64); 2] {
    let (mut xb, mut yb) = (Bounds::default(), Bounds::default());
    for b in bins {
        xb.add(b.x.0);
        xb.add(b.x.1);
        yb.add(b.top);
    }
    markers.iter().for_each(|m| xb.add(m.0));
    let x = match fixed_range(chart.x_range, chart.x_ticks) {
        Some((a, b)) if a < b => (a, b),
        _ => {
            let (lo, hi) = xb.0.unwrap_or((0.0, 1.0));
            axis::widen(lo, hi)
        }
    };
    let mut y = fit_y(yb, true, chart.y_ticks.is_log());
    if chart.markers.iter().any(|m| !m.label.is_empty()) {
        // Room for the marker labels above the tallest bar.
        y.1 = y.0 + 1.15 * (y.1 - y.0);
    }
    [x, y]
}

/// Draws a [`HistogramChart`] over the whole area (cleared first) and presents it: one bar per
/// bin (70 % opacity, a white gap between bars), y from 0, markers as on line charts.
pub fn draw_histogram_chart<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    chart: &HistogramChart,
) -> ChartResult<DB> {
    let look = Look::of(&area);
    let bins = place_bins(chart);
    let markers = place_markers(&chart.markers, chart.x_ticks);
    let [x, y] = fit_ranges(chart, &bins, &markers);
    let (w, h) = area.dim_in_pixel();
    let x_ticks = chart.x_ticks.ticks(x.0, x.1, tick_budget(w, 60.0, look));
    let y_ticks = chart.y_ticks.ticks(y.0, y.1, tick_budget(h, 32.0, look));
    let x_fmt = tick_format(chart.x_ticks, &x_ticks);
    let y_fmt = tick_format(chart.y_ticks, &y_ticks);
    let mut cc = frame(
        &area,
        &Frame {
            title: &chart.title,
            x_label: &chart.x_label,
            y_label: &chart.y_label,
            x,
            y,
            x_ticks,
            y_ticks,
            x_fmt: &x_fmt,
            y_fmt: &y_fmt,
            x_grid: false,
            entries: &[],
            legend: Legend::Hidden,
        },
        look,
    )?;
    let base = chart.y_ticks.position(0.0).unwrap_or(y.0).max(y.0);
    draw_bins(&mut cc, chart, &bins, base, [x, y])?;
    draw_marker_lines(&mut cc, &markers, x, y, look)?;
    draw_marker_labels(&mut cc, &area, &markers, x, y, look)?;
    area.present()
}

/// The non-empty bins as bars from `base`, filled, then outlined in white (the gaps).
fn draw_bins<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    chart: &HistogramChart,
    bins: &[Bin],
    base: f64,
    [x, y]: [(f64, f64); 2],
) -> ChartResult<DB> {
    let fill = rgb(chart.colour).mix(0.7).filled();
    let gap = rgb(palette::WHITE).stroke_width(1);
    for style in [fill, gap] {
        cc.draw_series(bins.iter().filter(|b| !b.empty).map(|b| {
            let lo = clamp_to((b.x.0, base), x, y);
            let hi = clamp_to((b.x.1, b.top), x, y);
            Rectangle::new([lo, hi], style)
        }))?;
    }
    Ok(())
}
