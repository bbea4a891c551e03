//! Drawing a [`BarChart`]: categories along x, bars side by side in each.

use super::layout::{
    clamp_to, fit_y, fixed_range, frame, rgb, tick_budget, tick_format, Coords, Frame, Look,
};
use super::legend::{draw_legend_box, Entry, Glyph};
use super::{BarChart, ChartResult};
use crate::render::axis::Bounds;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Opacity of bars.
const BAR_OPACITY: f64 = 0.85;

/// The y range: the fixed one if usable, else 0 and the values.
fn fit_range(chart: &BarChart) -> (f64, f64) {
    let n = chart.categories.len().max(1);
    let ys = chart.y_ticks;
    let mut yb = Bounds::default();
    chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().take(n))
        .filter_map(|&v| ys.position(v))
        .for_each(|v| yb.add(v));
    match fixed_range(chart.y_range, ys) {
        Some((a, b)) if a < b => (a, b),
        _ => fit_y(yb, true, ys.is_log()),
    }
}

/// Draws a [`BarChart`] over the whole area (cleared first) and presents it: category i spans
/// [i, i + 1] on x, labelled at its centre; its bars share the middle 80 % side by side, from 0
/// to the value.
pub fn draw_bar_chart<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    chart: &BarChart,
) -> ChartResult<DB> {
    let look = Look::of(&area);
    let y = fit_range(chart);
    let x = (0.0, chart.categories.len().max(1) as f64);
    let (_, h) = area.dim_in_pixel();
    let x_ticks: Vec<f64> = (0..chart.categories.len())
        .map(|i| i as f64 + 0.5)
        .collect();
    let y_ticks = chart.y_ticks.ticks(y.0, y.1, tick_budget(h, 32.0, look));
    let categories = &chart.categories;
    let x_fmt = move |v: &f64| {
        let i = v.floor();
        if i >= 0.0 {
            categories.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let y_fmt = tick_format(chart.y_ticks, &y_ticks);
    let entries: Vec<Entry> = chart
        .series
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| Entry {
            name: s.name.clone(),
            colour: s.colour,
            glyph: Glyph::Block(BAR_OPACITY),
        })
        .collect();
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
            entries: &entries,
            legend: chart.legend,
        },
        look,
    )?;
    draw_bars(&mut cc, chart, x, y)?;
    draw_legend_box(&area, &cc, &entries, chart.legend, look)?;
    area.present()
}

/// Series j's bar in category i spans [i + 0.1 + j·w, i + 0.1 + (j + 1)·w] with w = 0.8/k for
/// k series, from 0 (or the bottom of a log axis) to the value.
fn draw_bars<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    chart: &BarChart,
    x: (f64, f64),
    y: (f64, f64),
) -> ChartResult<DB> {
    let ys = chart.y_ticks;
    let width = 0.8 / chart.series.len().max(1) as f64;
    let base = ys.position(0.0).unwrap_or(y.0).clamp(y.0, y.1);
    for (j, s) in chart.series.iter().enumerate() {
        let fill = rgb(s.colour).mix(BAR_OPACITY).filled();
        let bars = s
            .values
            .iter()
            .take(chart.categories.len())
            .enumerate()
            .filter_map(|(i, &v)| Some((i, ys.position(v)?)))
            .map(|(i, v)| {
                let x0 = i as f64 + 0.1 + j as f64 * width;
                Rectangle::new(
                    [clamp_to((x0, base), x, y), clamp_to((x0 + width, v), x, y)],
                    fill,
                )
            })
            .collect::<Vec<_>>();
        cc.draw_series(bars)?;
    }
    Ok(())
}
