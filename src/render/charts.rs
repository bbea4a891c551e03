//! Charts with text, generic over plotters' [`DrawingBackend`]: the canvas backend in the
//! browser (text drawn by the browser), the SVG and bitmap backends natively (tests, examples).
//!
//! A chart is first described as plain data — [`LineChart`], [`HistogramChart`],
//! [`BarChart`] — then drawn onto a drawing area by [`draw_line_chart`],
//! [`draw_histogram_chart`] or [`draw_bar_chart`]. Builders for the standard views:
//! [`loss_chart`] and [`accuracy_chart`] from a run's history, [`histogram_chart`] for the batch
//! norm lab, [`bar_chart`] for shares per category.
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

use super::axis::{self, Bounds};
use super::palette::{self, Rgb};
use crate::train::{Change, HistoryPoint, Knob, Status};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What drawing a chart returns: plotters' error of the backend, or of the font.
pub type ChartResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Opacity of the fill of bands.
const BAND_OPACITY: f64 = 0.2;
/// Opacity of bars.
const BAR_OPACITY: f64 = 0.85;

/// The font family of every chart.
pub const FONT_FAMILY: &str = "sans-serif";

/// Size multiplier of a chart drawn on a `width × height` pixel area: how many times larger
/// than 360 × 200 it is (the smaller of the two ratios), between 1 and 4. Fonts are 12 px times
/// this, lines 2 px times this.
pub fn chart_scale(width: u32, height: u32) -> f64 {
    (width as f64 / 360.0)
        .min(height as f64 / 200.0)
        .clamp(1.0, 4.0)
}

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
    /// Logarithmic y axis; y ≤ 0 is then skipped like a non-finite value.
    pub log_y: bool,
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
}

impl Default for LineChart {
    fn default() -> LineChart {
        LineChart {
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            log_y: false,
            x_range: None,
            y_range: None,
            y_from_zero: false,
            series: Vec::new(),
            bands: Vec::new(),
            markers: Vec::new(),
            legend: Legend::Above,
        }
    }
}

/// The label of a mid-run change: "α 0.03→0.3" for the learning rate, "β 0.9→0.5" for momentum.
pub fn change_label(change: &Change) -> String {
    let symbol = match change.knob {
        Knob::LearningRate => "α",
        Knob::Momentum => "β",
    };
    format!(
        "{symbol} {}→{}",
        axis::format_value(change.from),
        axis::format_value(change.to)
    )
}

/// Training and validation loss against the step: two lines ([`palette::TRAIN`] solid,
/// [`palette::VALID`] dashed), y from 0, a marker per babysitting change ([`change_label`], in
/// [`palette::CHANGE_LEARNING_RATE`] or [`palette::CHANGE_MOMENTUM`]) and, for a diverged run,
/// a "diverged" marker in [`palette::DIVERGED`] at the step it blew up. Set `log_y` on the
/// result for a log axis.
pub fn loss_chart(history: &[HistoryPoint], changes: &[Change], status: Status) -> LineChart {
    let mut markers: Vec<Marker> = changes
        .iter()
        .map(|c| {
            let colour = match c.knob {
                Knob::LearningRate => palette::CHANGE_LEARNING_RATE,
                Knob::Momentum => palette::CHANGE_MOMENTUM,
            };
            Marker::new(c.step as f64, change_label(c), colour)
        })
        .collect();
    if let Status::Diverged { step } = status {
        markers.push(Marker::new(step as f64, "diverged", palette::DIVERGED));
    }
    LineChart {
        x_label: "step".into(),
        y_label: "loss".into(),
        y_from_zero: true,
        series: vec![
            Series::new(
                "train",
                palette::TRAIN,
                history
                    .iter()
                    .map(|h| (h.step as f64, h.train.loss))
                    .collect(),
            ),
            Series::new(
                "validation",
                palette::VALID,
                history
                    .iter()
                    .map(|h| (h.step as f64, h.valid.loss))
                    .collect(),
            )
            .dashed(),
        ],
        markers,
        ..LineChart::default()
    }
}

/// Training and validation accuracy against the step, y fixed to [0, 1] (plus 4 % headroom so a
/// line at 1 stays visible).
pub fn accuracy_chart(history: &[HistoryPoint]) -> LineChart {
    LineChart {
        x_label: "step".into(),
        y_label: "accuracy".into(),
        y_range: Some((0.0, 1.04)),
        series: vec![
            Series::new(
                "train",
                palette::TRAIN,
                history
                    .iter()
                    .map(|h| (h.step as f64, h.train.accuracy))
                    .collect(),
            ),
            Series::new(
                "validation",
                palette::VALID,
                history
                    .iter()
                    .map(|h| (h.step as f64, h.valid.accuracy))
                    .collect(),
            )
            .dashed(),
        ],
        ..LineChart::default()
    }
}

/// The sizes of one chart on one area.
#[derive(Clone, Copy, Debug)]
struct Look {
    s: f64,
}

impl Look {
    fn of<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Look {
        let (w, h) = area.dim_in_pixel();
        Look {
            s: chart_scale(w, h),
        }
    }
    fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    fn line(&self, v: f64) -> u32 {
        (v * self.s).round().max(1.0) as u32
    }
    fn font(&self, size: f64, colour: Rgb) -> TextStyle<'static> {
        TextStyle {
            font: (FONT_FAMILY, size * self.s).into_font(),
            color: rgb(colour).to_backend_color(),
            pos: Pos::new(HPos::Left, VPos::Top),
        }
    }
    fn text(&self) -> TextStyle<'static> {
        self.font(12.0, palette::TEXT)
    }
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

/// A linear f64 axis with our own tick positions (plotters' `WithKeyPoints` over f64 cannot
/// draw a mesh: f64 axes have no default label format to forward).
#[derive(Clone, Debug)]
struct TickedAxis {
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
type Coords = Cartesian2d<TickedAxis, TickedAxis>;

/// The frame of a chart: ranges, ticks and how tick labels read.
struct Frame<'f> {
    title: &'f str,
    x_label: &'f str,
    y_label: &'f str,
    x: (f64, f64),
    y: (f64, f64),
    x_ticks: Vec<f64>,
    y_ticks: Vec<f64>,
    x_fmt: &'f dyn Fn(&f64) -> String,
    y_fmt: &'f dyn Fn(&f64) -> String,
    x_grid: bool,
    entries: &'f [Entry],
    legend: Legend,
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Glyph {
    Line {
        dashed: bool,
    },
    /// A filled block at this opacity (the fill's own).
    Block(f64),
}

/// A legend entry.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    name: String,
    colour: Rgb,
    glyph: Glyph,
}

/// Draws one legend entry with its glyph's left end at (x, y_mid) (area pixels); returns its
/// width.
fn draw_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    e: &Entry,
    look: Look,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let gw = look.px(18.0);
    let colour = rgb(e.colour);
    match e.glyph {
        Glyph::Line { dashed } => {
            let style = colour.stroke_width(look.line(2.0));
            let (a, b) = if dashed {
                (gw * 2 / 5, gw * 3 / 5)
            } else {
                (gw / 2, gw / 2)
            };
            area.draw(&PathElement::new(vec![(x, y), (x + a, y)], style))?;
            area.draw(&PathElement::new(vec![(x + b, y), (x + gw, y)], style))?;
        }
        Glyph::Block(alpha) => {
            let r = look.px(5.0);
            area.draw(&Rectangle::new(
                [(x, y - r), (x + gw, y + r)],
                colour.mix(alpha).filled(),
            ))?;
        }
    }
    let style = look.text().pos(Pos::new(HPos::Left, VPos::Center));
    let tx = x + gw + look.px(4.0);
    area.draw(&Text::new(e.name.clone(), (tx, y), style.clone()))?;
    let (tw, _) = area.estimate_text_size(&e.name, &style)?;
    Ok(gw + look.px(4.0) + tw as i32)
}

/// Width of an entry as [`draw_entry`] draws it.
fn entry_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    e: &Entry,
    look: Look,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let (tw, _) = area.estimate_text_size(&e.name, &look.text())?;
    Ok(look.px(22.0) + tw as i32)
}

/// Height of the header row (title, legend above).
fn header_height(f: &Frame, look: Look) -> i32 {
    let legend_above = f.legend == Legend::Above && !f.entries.is_empty();
    if f.title.is_empty() && !legend_above {
        0
    } else {
        look.px(20.0)
    }
}

/// The title (left) and the legend above the plot (right) in the header row.
fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &Frame,
    look: Look,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let y = look.px(11.0);
    if !f.title.is_empty() {
        let style = look
            .font(13.0, palette::TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(f.title.to_string(), (look.px(6.0), y), style))?;
    }
    if f.legend == Legend::Above && !f.entries.is_empty() {
        let gap = look.px(12.0);
        let mut widths = Vec::with_capacity(f.entries.len());
        for e in f.entries {
            widths.push(entry_width(area, e, look)?);
        }
        let total: i32 = widths.iter().sum::<i32>() + gap * (widths.len() as i32 - 1);
        let mut x = area.dim_in_pixel().0 as i32 - look.px(12.0) - total;
        for (e, w) in f.entries.iter().zip(widths) {
            draw_entry(area, (x, y), e, look)?;
            x += w + gap;
        }
    }
    Ok(())
}

/// A legend box inside a corner of the plot (for the corner positions of [`Legend`]).
fn draw_legend_box<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cc: &ChartContext<'_, DB, Coords>,
    entries: &[Entry],
    legend: Legend,
    look: Look,
) -> ChartResult<DB> {
    if entries.is_empty() || matches!(legend, Legend::Hidden | Legend::Above) {
        return Ok(());
    }
    let (xr, yr) = cc.plotting_area().get_pixel_range();
    let base = area.get_base_pixel();
    let (x0, x1, y0, y1) = (
        xr.start - base.0,
        xr.end - base.0,
        yr.start - base.1,
        yr.end - base.1,
    );
    let mut w = 0;
    for e in entries {
        w = w.max(entry_width(area, e, look)?);
    }
    let (pad, row) = (look.px(6.0), look.px(17.0));
    let (bw, bh) = (w + 2 * pad, row * entries.len() as i32 + pad);
    let inset = look.px(6.0);
    let left = match legend {
        Legend::UpperLeft | Legend::LowerLeft => x0 + inset,
        _ => x1 - inset - bw,
    };
    let top = match legend {
        Legend::UpperLeft | Legend::UpperRight => y0 + inset,
        _ => y1 - inset - bh,
    };
    area.draw(&Rectangle::new(
        [(left, top), (left + bw, top + bh)],
        WHITE.mix(0.85).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left, top), (left + bw, top + bh)],
        rgb(palette::GRID).stroke_width(1),
    ))?;
    for (i, e) in entries.iter().enumerate() {
        let y = top + pad / 2 + row * i as i32 + row / 2;
        draw_entry(area, (left + pad, y), e, look)?;
    }
    Ok(())
}

/// Clears the area, lays out title, axes, ticks and grid, and returns the chart context.
fn frame<'a, DB: DrawingBackend>(
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
fn tick_budget(pixels: u32, spacing: f64, look: Look) -> usize {
    ((pixels as f64 / (spacing * look.s)) as usize).clamp(2, 8)
}

/// A polyline in chart coordinates.
type Curve = Vec<(f64, f64)>;

/// Splits points into runs of drawable points (finite, and y > 0 on a log axis), with y mapped
/// to log10 on a log axis.
fn drawable_runs(points: &[(f64, f64)], log_y: bool) -> Vec<Vec<(f64, f64)>> {
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

/// Clamps a point into the chart's ranges (plotters does not clip).
fn clamp_to(p: (f64, f64), x: (f64, f64), y: (f64, f64)) -> (f64, f64) {
    (p.0.clamp(x.0, x.1), p.1.clamp(y.0, y.1))
}

/// A y range fitted to data bounds: widened if degenerate, with 4 % headroom above (and below,
/// unless the low end is 0 on purpose).
fn fit_y(bounds: Bounds, from_zero: bool, log: bool) -> (f64, f64) {
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

/// Dashed vertical lines at the markers inside the x range.
fn draw_marker_lines<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    markers: &[Marker],
    x: (f64, f64),
    y: (f64, f64),
    look: Look,
) -> ChartResult<DB> {
    for m in markers {
        if !(m.x.is_finite() && m.x >= x.0 && m.x <= x.1) {
            continue;
        }
        let style = rgb(m.colour).stroke_width(look.line(1.5));
        cc.draw_series(DashedLineSeries::new(
            vec![(m.x, y.0), (m.x, y.1)],
            look.px(4.0),
            look.px(3.0),
            style,
        ))?;
    }
    Ok(())
}

/// The labels of markers at the top of the plot, on a translucent white backing, in rows so
/// they do not overlap (greedy, by x; at most 4 rows).
fn draw_marker_labels<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    area: &DrawingArea<DB, Shift>,
    markers: &[Marker],
    x: (f64, f64),
    y: (f64, f64),
    look: Look,
) -> ChartResult<DB> {
    let mut shown: Vec<&Marker> = markers
        .iter()
        .filter(|m| !m.label.is_empty() && m.x.is_finite() && m.x >= x.0 && m.x <= x.1)
        .collect();
    shown.sort_by(|a, b| a.x.total_cmp(&b.x));
    let right_edge = cc.backend_coord(&(x.1, y.1)).0;
    let line_h = look.px(15.0);
    let pad = look.px(3.0);
    let mut row_ends: Vec<i32> = Vec::new();
    for m in shown {
        let style = look.font(12.0, m.colour);
        let (tw, th) = area.estimate_text_size(&m.label, &style)?;
        let (tw, th) = (tw as i32, th as i32);
        let px = cc.backend_coord(&(m.x, y.1)).0;
        let right_aligned = px + pad + tw > right_edge;
        let (left, right) = if right_aligned {
            (px - pad - tw, px - pad)
        } else {
            (px + pad, px + pad + tw)
        };
        let row = match row_ends.iter().position(|&end| end + pad < left) {
            Some(r) => {
                row_ends[r] = right;
                r
            }
            None if row_ends.len() < 4 => {
                row_ends.push(right);
                row_ends.len() - 1
            }
            None => {
                let r = (0..row_ends.len())
                    .min_by_key(|&r| row_ends[r])
                    .unwrap_or(0);
                row_ends[r] = right;
                r
            }
        };
        let dy = look.px(2.0) + row as i32 * line_h;
        let (dx, anchor) = if right_aligned {
            (-pad, HPos::Right)
        } else {
            (pad, HPos::Left)
        };
        let bx0 = if right_aligned { dx - tw - 1 } else { dx - 1 };
        let backing = Rectangle::new(
            [(bx0, dy - 1), (bx0 + tw + 2, dy + th + 1)],
            WHITE.mix(0.85).filled(),
        );
        let label = Text::new(
            m.label.clone(),
            (dx, dy),
            style.pos(Pos::new(anchor, VPos::Top)),
        );
        cc.plotting_area()
            .draw(&(EmptyElement::at((m.x, y.1)) + backing + label))?;
    }
    Ok(())
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
}

/// Counts finite `values` into `bins` equal bins over `range` (or the values' min..max):
/// returns (edges, counts). Values outside the range are not counted; the top edge is included
/// in the last bin. No finite values (or a degenerate range) give one bin around the value.
pub fn histogram(values: &[f64], bins: usize, range: Option<(f64, f64)>) -> (Vec<f64>, Vec<f64>) {
    let bins = bins.clamp(1, 1000);
    let mut b = Bounds::default();
    values.iter().for_each(|&v| b.add(v));
    let (lo, hi) = match range {
        Some((a, c)) if a.is_finite() && c.is_finite() && a < c => (a, c),
        _ => {
            let (lo, hi) = b.0.unwrap_or((0.0, 1.0));
            axis::widen(lo, hi)
        }
    };
    let width = (hi - lo) / bins as f64;
    let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0.0; bins];
    for &v in values {
        if v.is_finite() && v >= lo && v <= hi {
            let i = (((v - lo) / width) as usize).min(bins - 1);
            counts[i] += 1.0;
        }
    }
    (edges, counts)
}

/// Mean μ and standard deviation σ (population) of the finite values, if any.
pub fn mean_sd(values: &[f64]) -> Option<(f64, f64)> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    let n = finite.len() as f64;
    let mean = finite.iter().sum::<f64>() / n;
    let var = finite.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    Some((mean, var.sqrt()))
}

/// Markers at μ ("μ"), μ − σ ("−σ") and μ + σ ("+σ") of the finite values (none if there are
/// none; only μ when σ = 0).
pub fn mean_sd_markers(values: &[f64], colour: Rgb) -> Vec<Marker> {
    match mean_sd(values) {
        None => vec![],
        Some((m, 0.0)) => vec![Marker::new(m, "μ", colour)],
        Some((m, s)) => vec![
            Marker::new(m - s, "−σ", colour),
            Marker::new(m, "μ", colour),
            Marker::new(m + s, "+σ", colour),
        ],
    }
}

/// A histogram of `values` in `bins` bins over `range` (see [`histogram`]), y labelled
/// "count", in [`palette::TRAIN`], with μ ± σ markers in [`palette::TEXT`] when `mean_sd` is
/// set. The x range is `range` when given.
pub fn histogram_chart(
    values: &[f64],
    bins: usize,
    range: Option<(f64, f64)>,
    mean_sd: bool,
) -> HistogramChart {
    let (edges, counts) = histogram(values, bins, range);
    HistogramChart {
        title: String::new(),
        x_label: String::new(),
        y_label: "count".into(),
        edges,
        counts,
        colour: palette::TRAIN,
        markers: if mean_sd {
            mean_sd_markers(values, palette::TEXT)
        } else {
            vec![]
        },
        x_range: range,
    }
}

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
    /// Where the legend goes (only when a series is named).
    pub legend: Legend,
}

/// A single-series bar chart of `values` over `categories` in [`palette::TRAIN`] (e.g. the share
/// of sampled learning rates per decade, with `y_range` (0, 1)).
pub fn bar_chart(categories: Vec<String>, values: Vec<f64>) -> BarChart {
    BarChart {
        title: String::new(),
        x_label: String::new(),
        y_label: String::new(),
        categories,
        series: vec![Bars {
            name: String::new(),
            colour: palette::TRAIN,
            values,
        }],
        y_range: None,
        legend: Legend::Above,
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
    let n = chart.categories.len().max(1);
    let mut yb = Bounds::default();
    chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().take(n))
        .for_each(|&v| yb.add(v));
    let y = match chart.y_range {
        Some((a, b)) if a.is_finite() && b.is_finite() && a < b => (a, b),
        _ => fit_y(yb, true, false),
    };
    let x = (0.0, n as f64);
    let (_, h) = area.dim_in_pixel();
    let x_ticks: Vec<f64> = (0..chart.categories.len())
        .map(|i| i as f64 + 0.5)
        .collect();
    let y_ticks = axis::linear_ticks(y.0, y.1, tick_budget(h, 32.0, look));
    let y_step = axis::tick_step(&y_ticks);
    let categories = &chart.categories;
    let x_fmt = move |v: &f64| {
        let i = v.floor();
        if i >= 0.0 {
            categories.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let y_fmt = move |v: &f64| axis::format_tick(*v, y_step);
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
    let k = chart.series.len().max(1) as f64;
    let width = 0.8 / k;
    let base = 0f64.clamp(y.0, y.1);
    for (j, s) in chart.series.iter().enumerate() {
        let fill = rgb(s.colour).mix(BAR_OPACITY).filled();
        let bars = s
            .values
            .iter()
            .take(chart.categories.len())
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(i, &v)| {
                let x0 = i as f64 + 0.1 + j as f64 * width;
                Rectangle::new(
                    [clamp_to((x0, base), x, y), clamp_to((x0 + width, v), x, y)],
                    fill,
                )
            })
            .collect::<Vec<_>>();
        cc.draw_series(bars)?;
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

    #[test]
    fn histogram_counts_every_value_in_range() {
        let (edges, counts) = histogram(&[0.0, 0.1, 0.5, 1.0, f64::NAN, 2.0], 2, Some((0.0, 1.0)));
        assert_eq!(edges, vec![0.0, 0.5, 1.0]);
        assert_eq!(counts, vec![2.0, 2.0]);
        let (edges, counts) = histogram(&[], 4, None);
        assert_eq!(edges.len(), 5);
        assert_eq!(counts.iter().sum::<f64>(), 0.0);
        let (_, counts) = histogram(&[3.0, 3.0], 3, None);
        assert_eq!(counts.iter().sum::<f64>(), 2.0);
    }

    #[test]
    fn mean_sd_and_markers() {
        let (m, s) = mean_sd(&[1.0, 3.0, f64::INFINITY]).unwrap();
        assert_eq!((m, s), (2.0, 1.0));
        let labels: Vec<String> = mean_sd_markers(&[1.0, 3.0], palette::TEXT)
            .into_iter()
            .map(|m| m.label)
            .collect();
        assert_eq!(labels, vec!["−σ", "μ", "+σ"]);
        assert!(mean_sd_markers(&[], palette::TEXT).is_empty());
    }

    #[test]
    fn change_labels_read_like_the_course() {
        let c = Change {
            step: 10,
            knob: Knob::LearningRate,
            from: 0.03,
            to: 0.3,
        };
        assert_eq!(change_label(&c), "α 0.03→0.3");
        let c = Change {
            knob: Knob::Momentum,
            from: 0.9,
            to: 0.5,
            ..c
        };
        assert_eq!(change_label(&c), "β 0.9→0.5");
    }

    #[test]
    fn fitted_ranges_are_never_empty() {
        assert_eq!(fit_y(Bounds(None), true, false), (0.0, 1.04));
        let (lo, hi) = fit_y(Bounds(Some((0.5, 0.5))), false, false);
        assert!(lo < 0.5 && hi > 0.5);
        let (lo, hi) = fit_y(Bounds(Some((-1.0, -1.0))), false, true);
        assert!(lo < -1.0 && hi > -1.0);
    }
}
