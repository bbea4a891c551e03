//! Drawing a [`HistogramChart`]: one bar per bin, from 0, with markers.

use super::layout::{clamp_to, fit_y, frame, rgb, tick_budget, Frame, Look};
use super::markers::{draw_marker_labels, draw_marker_lines};
use super::{ChartResult, HistogramChart, Legend};
use crate::render::axis::{self, Bounds};
use crate::render::palette;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws a [`HistogramChart`] over the whole area (cleared first) and presents it: one bar per
/// bin (70 % opacity, a white gap between bars), y from 0, markers as on line charts.
pub fn draw_histogram_chart<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    chart: &HistogramChart,
) -> ChartResult<DB> {
    let look = Look::of(&area);
    let bars: Vec<(f64, f64, f64)> = chart
        .edges
        .windows(2)
        .zip(&chart.counts)
        .filter(|(e, c)| e[0].is_finite() && e[1].is_finite() && c.is_finite())
        .map(|(e, &c)| (e[0], e[1], c))
        .collect();
    let (mut xb, mut yb) = (Bounds::default(), Bounds::default());
    for &(a, b, c) in &bars {
        xb.add(a);
        xb.add(b);
        yb.add(c);
    }
    for m in &chart.markers {
        xb.add(m.x);
    }
    let x = match chart.x_range {
        Some((a, b)) if a.is_finite() && b.is_finite() && a < b => (a, b),
        _ => {
            let (lo, hi) = xb.0.unwrap_or((0.0, 1.0));
            axis::widen(lo, hi)
        }
    };
    let mut y = fit_y(yb, true, false);
    if chart.markers.iter().any(|m| !m.label.is_empty()) {
        // Room for the marker labels above the tallest bar.
        y.1 = y.0 + 1.15 * (y.1 - y.0);
    }
    let (w, h) = area.dim_in_pixel();
    let x_ticks = axis::linear_ticks(x.0, x.1, tick_budget(w, 60.0, look));
    let y_ticks = axis::linear_ticks(y.0, y.1, tick_budget(h, 32.0, look));
    let (x_step, y_step) = (axis::tick_step(&x_ticks), axis::tick_step(&y_ticks));
    let x_fmt = move |v: &f64| axis::format_tick(*v, x_step);
    let y_fmt = move |v: &f64| axis::format_tick(*v, y_step);
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
    let fill = rgb(chart.colour).mix(0.7).filled();
    let gap = rgb(palette::WHITE).stroke_width(1);
    cc.draw_series(bars.iter().filter(|b| b.2 != 0.0).map(|&(a, b, c)| {
        let lo = clamp_to((a, 0f64.max(y.0)), x, y);
        let hi = clamp_to((b, c), x, y);
        Rectangle::new([lo, hi], fill)
    }))?;
    cc.draw_series(bars.iter().filter(|b| b.2 != 0.0).map(|&(a, b, c)| {
        let lo = clamp_to((a, 0f64.max(y.0)), x, y);
        let hi = clamp_to((b, c), x, y);
        Rectangle::new([lo, hi], gap)
    }))?;
    draw_marker_lines(&mut cc, &chart.markers, x, y, look)?;
    draw_marker_labels(&mut cc, &area, &chart.markers, x, y, look)?;
    area.present()
}
