//! Drawing a [`LineChart`]: bands, markers, lines and the legend over the shared frame.

use super::layout::{clamp_to, fit_y, frame, rgb, tick_budget, Frame, Look};
use super::legend::{draw_legend_box, Entry, Glyph};
use super::markers::{draw_marker_labels, draw_marker_lines};
use super::{ChartResult, LineChart};
use crate::render::axis::{self, Bounds};
use crate::render::palette;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Opacity of the fill of bands.
const BAND_OPACITY: f64 = 0.2;

/// A polyline in chart coordinates.
pub(super) type Curve = Vec<(f64, f64)>;

/// Splits points into runs of drawable points (finite, and y > 0 on a log axis), with y mapped
/// to log10 on a log axis.
pub(super) fn drawable_runs(points: &[(f64, f64)], log_y: bool) -> Vec<Vec<(f64, f64)>> {
    let mut runs = vec![];
    let mut run = vec![];
    for &(x, y) in points {
        let ok = x.is_finite() && y.is_finite() && (!log_y || y > 0.0);
        if ok {
            run.push((x, if log_y { y.log10() } else { y }));
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Draws a [`LineChart`] over the whole area (cleared to white first) and presents it.
///
/// Layout: optional title, y axis with tick labels (log axes labelled with the values, e.g.
/// "0.01", "0.1", "1"), x axis, thin grid at the ticks. Bands are filled at 20 % opacity,
/// markers are dashed vertical lines with their labels at the top (stacked in rows when they
/// would overlap, right-aligned near the right edge), series are 2-px lines (dashed where asked;
/// a single point as a dot). A chart without any drawable point says "no data yet".
pub fn draw_line_chart<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    chart: &LineChart,
) -> ChartResult<DB> {
    let look = Look::of(&area);
    let log = chart.log_y;
    let series_runs: Vec<Vec<Vec<(f64, f64)>>> = chart
        .series
        .iter()
        .map(|s| drawable_runs(&s.points, log))
        .collect();
    let band_runs: Vec<(Curve, Curve)> = chart
        .bands
        .iter()
        .map(|b| {
            let flat = |p: &[(f64, f64)]| drawable_runs(p, log).concat();
            (flat(&b.lower), flat(&b.upper))
        })
        .collect();

    let (mut xb, mut yb) = (Bounds::default(), Bounds::default());
    let all_points = series_runs
        .iter()
        .flatten()
        .flatten()
        .chain(band_runs.iter().flat_map(|(l, u)| l.iter().chain(u)));
    let mut any_data = false;
    for &(x, y) in all_points {
        any_data = true;
        xb.add(x);
        yb.add(y);
    }
    for m in &chart.markers {
        xb.add(m.x);
    }
    let x = match chart.x_range {
        Some((a, b)) if a.is_finite() && b.is_finite() && a != b => (a.min(b), a.max(b)),
        _ => {
            let (lo, hi) = xb.0.unwrap_or((0.0, 1.0));
            axis::widen(lo, hi)
        }
    };
    let fixed_y = chart.y_range.and_then(|(a, b)| {
        let (a, b) = if log {
            if a > 0.0 && b > 0.0 {
                (a.log10(), b.log10())
            } else {
                return None;
            }
        } else {
            (a, b)
        };
        (a.is_finite() && b.is_finite() && a != b).then(|| (a.min(b), a.max(b)))
    });
    let y = fixed_y.unwrap_or_else(|| fit_y(yb, chart.y_from_zero, log));

    let (w, h) = area.dim_in_pixel();
    let x_ticks = axis::linear_ticks(x.0, x.1, tick_budget(w, 70.0, look));
    let y_ticks = if log {
        axis::log_ticks(y.0, y.1, tick_budget(h, 32.0, look))
    } else {
        axis::linear_ticks(y.0, y.1, tick_budget(h, 32.0, look))
    };
    let (x_step, y_step) = (axis::tick_step(&x_ticks), axis::tick_step(&y_ticks));
    let entries: Vec<Entry> = chart
        .bands
        .iter()
        .filter(|b| !b.name.is_empty())
        .map(|b| Entry {
            name: b.name.clone(),
            colour: b.colour,
            glyph: Glyph::Block(BAND_OPACITY),
        })
        .chain(
            chart
                .series
                .iter()
                .filter(|s| !s.name.is_empty())
                .map(|s| Entry {
                    name: s.name.clone(),
                    colour: s.colour,
                    glyph: Glyph::Line { dashed: s.dashed },
                }),
        )
        .collect();
    let x_fmt = move |v: &f64| axis::format_tick(*v, x_step);
    let y_fmt = move |v: &f64| {
        if log {
            axis::format_value(10f64.powf(*v))
        } else {
            axis::format_tick(*v, y_step)
        }
    };
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
            x_grid: true,
            entries: &entries,
            legend: chart.legend,
        },
        look,
    )?;

    // Bands: upper curve forward, lower curve back, as one translucent polygon.
    for (band, (lower, upper)) in chart.bands.iter().zip(&band_runs) {
        let mut poly: Vec<(f64, f64)> = upper.iter().map(|&p| clamp_to(p, x, y)).collect();
        poly.extend(lower.iter().rev().map(|&p| clamp_to(p, x, y)));
        let fill = rgb(band.colour).mix(BAND_OPACITY).filled();
        if poly.len() >= 3 {
            cc.draw_series(std::iter::once(Polygon::new(poly, fill)))?;
        }
    }

    draw_marker_lines(&mut cc, &chart.markers, x, y, look)?;

    for (series, runs) in chart.series.iter().zip(&series_runs) {
        let colour = rgb(series.colour);
        let style = colour.stroke_width(look.line(2.0));
        let (dash, gap) = (look.px(6.0), look.px(4.0));
        for run in runs {
            let pts: Vec<(f64, f64)> = run.iter().map(|&p| clamp_to(p, x, y)).collect();
            if pts.len() == 1 {
                cc.draw_series(std::iter::once(Circle::new(
                    pts[0],
                    look.px(2.5),
                    colour.filled(),
                )))?;
            } else if series.dashed {
                cc.draw_series(DashedLineSeries::new(pts, dash, gap, style))?;
            } else {
                cc.draw_series(LineSeries::new(pts, style))?;
            }
        }
    }

    draw_marker_labels(&mut cc, &area, &chart.markers, x, y, look)?;

    if !any_data {
        let centre = ((x.0 + x.1) / 2.0, (y.0 + y.1) / 2.0);
        let style = look
            .font(13.0, palette::TEXT)
            .pos(Pos::new(HPos::Center, VPos::Center));
        cc.plotting_area()
            .draw(&Text::new("no data yet", centre, style))?;
    }

    draw_legend_box(&area, &cc, &entries, chart.legend, look)?;
    area.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_break_at_non_finite_points_and_map_log() {
        let p = [
            (0.0, 1.0),
            (1.0, f64::NAN),
            (2.0, 10.0),
            (3.0, 100.0),
            (4.0, -1.0),
        ];
        assert_eq!(
            drawable_runs(&p, false),
            vec![
                vec![(0.0, 1.0)],
                vec![(2.0, 10.0), (3.0, 100.0), (4.0, -1.0)]
            ]
        );
        assert_eq!(
            drawable_runs(&p, true),
            vec![vec![(0.0, 0.0)], vec![(2.0, 1.0), (3.0, 2.0)]]
        );
    }
}
