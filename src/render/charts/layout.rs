//! What every chart shares: sizes that scale with the canvas, the frame around the plot
//! (header, axes, tick labels, grid), how many ticks fit, and ranges fitted to the data.

use super::legend::{draw_header, Entry};
use super::{Legend, TickStyle, FONT_FAMILY};
use crate::render::axis::{self, Bounds};
use crate::render::palette::{self, Rgb};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Size multiplier of a chart drawn on a `width × height` pixel area: how many times larger
/// than 360 × 200 it is (the smaller of the two ratios), between 1 and 4. Fonts are 12 px times
/// this, lines 2 px times this.
pub fn chart_scale(width: u32, height: u32) -> f64 {
    (width as f64 / 360.0)
        .min(height as f64 / 200.0)
        .clamp(1.0, 4.0)
}

/// The sizes of one chart on one area.
#[derive(Clone, Copy, Debug)]
pub(super) struct Look {
    s: f64,
}

impl Look {
    pub(super) fn of<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Look {
        let (w, h) = area.dim_in_pixel();
        Look {
            s: chart_scale(w, h),
        }
    }
    pub(super) fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    pub(super) fn line(&self, v: f64) -> u32 {
        (v * self.s).round().max(1.0) as u32
    }
    pub(super) fn font(&self, size: f64, colour: Rgb) -> TextStyle<'static> {
        TextStyle {
            font: (FONT_FAMILY, crate::render::text_px(size * self.s)).into_font(),
            color: rgb(colour).to_backend_color(),
            pos: Pos::new(HPos::Left, VPos::Top),
        }
    }
    pub(super) fn text(&self) -> TextStyle<'static> {
        self.font(12.0, palette::TEXT)
    }
}

pub(super) fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

/// A linear f64 axis with our own tick positions (plotters' `WithKeyPoints` over f64 cannot
/// draw a mesh: f64 axes have no default label format to forward).
#[derive(Clone, Debug)]
pub(super) struct TickedAxis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = limit.1 - limit.0;
        if self.hi == self.lo || span == 0 {
            return limit.0 + span / 2;
        }
        let t = ((v - self.lo) / (self.hi - self.lo)).clamp(-4.0, 5.0);
        let t = if t.is_nan() { 0.0 } else { t };
        if span > 0 {
            limit.0 + (span as f64 * t + 1e-3).floor() as i32
        } else {
            limit.0 + (span as f64 * t - 1e-3).ceil() as i32
        }
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// The coordinates of every chart.
pub(super) type Coords = Cartesian2d<TickedAxis, TickedAxis>;

/// The frame of a chart: ranges, ticks and how tick labels read.
pub(super) struct Frame<'f> {
    pub(super) title: &'f str,
    pub(super) x_label: &'f str,
    pub(super) y_label: &'f str,
    pub(super) x: (f64, f64),
    pub(super) y: (f64, f64),
    pub(super) x_ticks: Vec<f64>,
    pub(super) y_ticks: Vec<f64>,
    pub(super) x_fmt: &'f dyn Fn(&f64) -> String,
    pub(super) y_fmt: &'f dyn Fn(&f64) -> String,
    pub(super) x_grid: bool,
    pub(super) entries: &'f [Entry],
    pub(super) legend: Legend,
}

/// Height of the header row (title, legend above).
pub(super) fn header_height(f: &Frame, look: Look) -> i32 {
    let legend_above = f.legend == Legend::Above && !f.entries.is_empty();
    if f.title.is_empty() && !legend_above {
        0
    } else {
        look.px(20.0)
    }
}

/// Clears the area, lays out title, axes, ticks and grid, and returns the chart context.
pub(super) fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    f: &Frame,
    look: Look,
) -> Result<ChartContext<'a, DB, Coords>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let header = header_height(f, look);
    draw_header(area, f, look)?;
    let text = look.text();
    let mut label_w = 0;
    for t in &f.y_ticks {
        label_w = label_w.max(area.estimate_text_size(&(f.y_fmt)(t), &text)?.0 as i32);
    }
    let line_h = look.px(15.0);
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_top(header + look.px(if header == 0 { 8.0 } else { 4.0 }))
        .margin_right(look.px(12.0))
        .margin_left(look.px(4.0))
        .margin_bottom(look.px(2.0))
        .x_label_area_size(line_h + look.px(6.0) + if f.x_label.is_empty() { 0 } else { line_h })
        .y_label_area_size(
            label_w
                + look.px(8.0)
                + if f.y_label.is_empty() {
                    0
                } else {
                    line_h + look.px(2.0)
                },
        );
    let mut cc = builder.build_cartesian_2d(
        TickedAxis {
            lo: f.x.0,
            hi: f.x.1,
            ticks: f.x_ticks.clone(),
        },
        TickedAxis {
            lo: f.y.0,
            hi: f.y.1,
            ticks: f.y_ticks.clone(),
        },
    )?;
    let grid = rgb(palette::GRID).stroke_width(1);
    let axis_colour = rgb(palette::TEXT).mix(0.55).stroke_width(1);
    let mut mesh = cc.configure_mesh();
    mesh.label_style(text.clone())
        .axis_desc_style(text)
        .bold_line_style(grid)
        .light_line_style(TRANSPARENT)
        .axis_style(axis_colour)
        .set_all_tick_mark_size(look.px(3.0))
        .x_label_formatter(f.x_fmt)
        .y_label_formatter(f.y_fmt);
    if !f.x_label.is_empty() {
        mesh.x_desc(f.x_label);
    }
    if !f.y_label.is_empty() {
        mesh.y_desc(f.y_label);
    }
    if !f.x_grid {
        mesh.disable_x_mesh();
    }
    mesh.draw()?;
    Ok(cc)
}

/// Maximum number of ticks along a plot `pixels` long, one per `spacing` (scaled) pixels.
pub(super) fn tick_budget(pixels: u32, spacing: f64, look: Look) -> usize {
    ((pixels as f64 / (spacing * look.s)) as usize).clamp(2, 8)
}

/// The tick labels of an axis of `style` with these ticks ([`axis::tick_labels`]: distinct
/// at the precision shown).
pub(super) fn tick_format(style: TickStyle, ticks: &[f64]) -> impl Fn(&f64) -> String {
    let step = axis::tick_step(ticks);
    let labels: Vec<(f64, String)> = ticks
        .iter()
        .copied()
        .zip(axis::tick_labels(ticks, style))
        .collect();
    move |v: &f64| {
        labels
            .iter()
            .find(|(t, _)| (t - v).abs() <= 1e-9 * step.abs().max(1e-300))
            .map_or_else(|| axis::format_tick(*v, step, style), |(_, l)| l.clone())
    }
}

/// A fixed range of values as axis positions, when both ends can be placed.
pub(super) fn fixed_range(range: Option<(f64, f64)>, style: TickStyle) -> Option<(f64, f64)> {
    let (a, b) = range?;
    Some((style.position(a)?, style.position(b)?))
}

/// Clamps a point into the chart's ranges (plotters does not clip).
pub(super) fn clamp_to(p: (f64, f64), x: (f64, f64), y: (f64, f64)) -> (f64, f64) {
    (p.0.clamp(x.0, x.1), p.1.clamp(y.0, y.1))
}

/// A y range fitted to data bounds: widened if degenerate, with 4 % headroom above (and below,
/// unless the low end is 0 on purpose).
pub(super) fn fit_y(bounds: Bounds, from_zero: bool, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = match bounds.0 {
        Some(b) => b,
        None if log => (-1.0, 0.0),
        None => (0.0, 1.0),
    };
    if from_zero && !log {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let (lo, hi) = if log && hi - lo < 1e-9 {
        (lo - 0.5, hi + 0.5)
    } else {
        axis::widen(lo, hi)
    };
    let pad = 0.04 * (hi - lo);
    let lo = if !log && from_zero && lo == 0.0 {
        0.0
    } else {
        lo - pad
    };
    (lo, hi + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_ranges_are_never_empty() {
        assert_eq!(fit_y(Bounds(None), true, false), (0.0, 1.04));
        let (lo, hi) = fit_y(Bounds(Some((0.5, 0.5))), false, false);
        assert!(lo < 0.5 && hi > 0.5);
        let (lo, hi) = fit_y(Bounds(Some((-1.0, -1.0))), false, true);
        assert!(lo < -1.0 && hi > -1.0);
    }
}
