//! Drawing a [`LineChart`]: its data placed on the axes, then bands, markers, lines and the
//! legend over the shared frame.

use super::layout::{
    clamp_to, fit_y, fixed_range, frame, rgb, tick_budget, tick_format, Coords, Frame, Look,
};
use super::legend::{draw_legend_box, Entry, Glyph};
use super::markers::{
    draw_marker_labels, draw_marker_lines, place_markers, Placed as PlacedMarker,
};
use super::{ChartResult, LineChart, TickStyle};
use crate::render::axis::{self, Bounds};
use crate::render::palette;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Opacity of the fill of bands.
const BAND_OPACITY: f64 = 0.2;

/// A polyline in axis positions.
type Curve = Vec<(f64, f64)>;

/// Splits points into runs of drawable points (both coordinates placeable on their axes:
/// finite, and > 0 on a log axis), mapped to axis positions.
fn drawable_runs(points: &[(f64, f64)], xs: TickStyle, ys: TickStyle) -> Vec<Curve> {
    let mut runs = vec![];
    let mut run = vec![];
    for &(x, y) in points {
        match (xs.position(x), ys.position(y)) {
            (Some(px), Some(py)) => run.push((px, py)),
            _ if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            _ => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// A line chart's data in axis positions, and the ranges the axes span.
struct Placed<'c> {
    /// The drawable runs of each series.
    series: Vec<Vec<Curve>>,
    /// The (lower, upper) curve of each band.
    bands: Vec<(Curve, Curve)>,
    /// The markers that can be placed on the x axis.
    markers: Vec<PlacedMarker<'c>>,
    /// x range.
    x: (f64, f64),
    /// y range.
    y: (f64, f64),
    /// Whether any series or band has a drawable point.
    any_data: bool,
}

/// Places the chart's data on its axes and fits the ranges: the fixed ones where given and
/// usable, else the data's (and markers') bounds, widened when degenerate.
fn place(chart: &LineChart) -> Placed<'_> {
    let (xs, ys) = (chart.x_ticks, chart.y_ticks);
    let series: Vec<Vec<Curve>> = chart
        .series
        .iter()
        .map(|s| drawable_runs(&s.points, xs, ys))
        .collect();
    let bands: Vec<(Curve, Curve)> = chart
        .bands
        .iter()
        .map(|b| {
            let flat = |p: &[(f64, f64)]| drawable_runs(p, xs, ys).concat();
            (flat(&b.lower), flat(&b.upper))
        })
        .collect();
    let markers = place_markers(&chart.markers, xs);
    let (mut xb, mut yb) = (Bounds::default(), Bounds::default());
    let all_points = series
        .iter()
        .flatten()
        .flatten()
        .chain(bands.iter().flat_map(|(l, u)| l.iter().chain(u)));
    let mut any_data = false;
    for &(x, y) in all_points {
        any_data = true;
        xb.add(x);
        yb.add(y);
    }
    markers.iter().for_each(|m| xb.add(m.0));
    let either_way = |(a, b): (f64, f64)| (a != b).then(|| (a.min(b), a.max(b)));
    let x = fixed_range(chart.x_range, xs)
        .and_then(either_way)
        .unwrap_or_else(|| {
            let (lo, hi) = xb.0.unwrap_or((0.0, 1.0));
            axis::widen(lo, hi)
        });
    let y = fixed_range(chart.y_range, ys)
        .and_then(either_way)
        .unwrap_or_else(|| fit_y(yb, chart.y_from_zero, ys.is_log()));
    Placed {
        series,
        bands,
        markers,
        x,
        y,
        any_data,
    }
}

/// The legend: named bands (as blocks), then named series (as lines).
fn legend_entries(chart: &LineChart) -> Vec<Entry> {
    let bands = chart.bands.iter().filter(|b| !b.name.is_empty());
    let series = chart.series.iter().filter(|s| !s.name.is_empty());
    bands
        .map(|b| Entry {
            name: b.name.clone(),
            colour: b.colour,
            glyph: Glyph::Block(BAND_OPACITY),
        })
        .chain(series.map(|s| Entry {
            name: s.name.clone(),
            colour: s.colour,
            glyph: Glyph::Line { dashed: s.dashed },
        }))
        .collect()
}

/// Draws a [`LineChart`] over the whole area (cleared to white first) and presents it.
///
/// Layout: optional title, y axis with tick labels in the chart's [`TickStyle`] (log axes
/// labelled with the values, e.g. "0.01", "0.1", "1"), x axis, thin grid at the ticks. Bands
/// are filled at 20 % opacity, markers are dashed vertical lines with their labels at the top
/// (stacked in rows when they would overlap, right-aligned near the right edge), series are
/// 2-px lines (dashed where asked; a single point as a dot). A chart without any drawable point
/// shows its [`LineChart::no_data`] text.
pub fn draw_line_chart<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    chart: &LineChart,
) -> ChartResult<DB> {
    let look = Look::of(&area);
    let placed = place(chart);
    let (x, y) = (placed.x, placed.y);
    let (w, h) = area.dim_in_pixel();
    let x_ticks = chart.x_ticks.ticks(x.0, x.1, tick_budget(w, 70.0, look));
    let y_ticks = chart.y_ticks.ticks(y.0, y.1, tick_budget(h, 32.0, look));
    let x_fmt = tick_format(chart.x_ticks, &x_ticks);
    let y_fmt = tick_format(chart.y_ticks, &y_ticks);
    let entries = legend_entries(chart);
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
    draw_bands(&mut cc, chart, &placed)?;
    draw_marker_lines(&mut cc, &placed.markers, x, y, look)?;
    draw_lines(&mut cc, chart, &placed, look)?;
    draw_marker_labels(&mut cc, &area, &placed.markers, x, y, look)?;
    if !placed.any_data {
        draw_no_data(&cc, &chart.no_data, x, y, look)?;
    }
    draw_legend_box(&area, &cc, &entries, chart.legend, look)?;
    area.present()
}

/// Each band as one translucent polygon: upper curve forward, lower curve back.
fn draw_bands<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    chart: &LineChart,
    placed: &Placed,
) -> ChartResult<DB> {
    let (x, y) = (placed.x, placed.y);
    for (band, (lower, upper)) in chart.bands.iter().zip(&placed.bands) {
        let mut poly: Vec<(f64, f64)> = upper.iter().map(|&p| clamp_to(p, x, y)).collect();
        poly.extend(lower.iter().rev().map(|&p| clamp_to(p, x, y)));
        let fill = rgb(band.colour).mix(BAND_OPACITY).filled();
        if poly.len() >= 3 {
            cc.draw_series(std::iter::once(Polygon::new(poly, fill)))?;
        }
    }
    Ok(())
}

/// Each series' runs as 2-px lines, solid or dashed; a run of one point as a dot.
fn draw_lines<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    chart: &LineChart,
    placed: &Placed,
    look: Look,
) -> ChartResult<DB> {
    let (x, y) = (placed.x, placed.y);
    for (series, runs) in chart.series.iter().zip(&placed.series) {
        let colour = rgb(series.colour);
        let style = colour.stroke_width(look.line(2.0));
        let (dash, gap) = (look.px(6.0), look.px(4.0));
        for run in runs {
            let pts: Vec<(f64, f64)> = run.iter().map(|&p| clamp_to(p, x, y)).collect();
            if pts.len() == 1 {
                let dot = Circle::new(pts[0], look.px(2.5), colour.filled());
                cc.draw_series(std::iter::once(dot))?;
            } else if series.dashed {
                cc.draw_series(DashedLineSeries::new(pts, dash, gap, style))?;
            } else {
                cc.draw_series(LineSeries::new(pts, style))?;
            }
        }
    }
    Ok(())
}

/// The chart's "no data" text in the middle of the plot (nothing when it is empty).
fn draw_no_data<DB: DrawingBackend>(
    cc: &ChartContext<'_, DB, Coords>,
    text: &str,
    x: (f64, f64),
    y: (f64, f64),
    look: Look,
) -> ChartResult<DB> {
    if text.is_empty() {
        return Ok(());
    }
    let centre = ((x.0 + x.1) / 2.0, (y.0 + y.1) / 2.0);
    let style = look
        .font(13.0, palette::TEXT)
        .pos(Pos::new(HPos::Center, VPos::Center));
    cc.plotting_area()
        .draw(&Text::new(text.to_string(), centre, style))
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
        let (plain, log) = (TickStyle::Plain, TickStyle::Log);
        assert_eq!(
            drawable_runs(&p, plain, plain),
            vec![
                vec![(0.0, 1.0)],
                vec![(2.0, 10.0), (3.0, 100.0), (4.0, -1.0)]
            ]
        );
        assert_eq!(
            drawable_runs(&p, plain, log),
            vec![vec![(0.0, 0.0)], vec![(2.0, 1.0), (3.0, 2.0)]]
        );
        assert_eq!(
            drawable_runs(&p, log, plain),
            vec![vec![
                (2f64.log10(), 10.0),
                (3f64.log10(), 100.0),
                (4f64.log10(), -1.0)
            ]]
        );
    }
}
