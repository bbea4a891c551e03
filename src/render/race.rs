//! The search views' pictures: a *search panel* (a landscape with the trials of one strategy,
//! its best trial, a coarse-to-fine box, and a rug of the distinct values tried along each axis,
//! as in Bergstra & Bengio 2012, fig. 1) as a text-free RGBA buffer, and the best-so-far chart
//! of several strategies as a [`LineChart`].
//!
//! Panel layout (see [`PanelLayout`]): the plot square fills the canvas but for a rug strip
//! along the bottom (one vertical tick per distinct x value) and one along the left (one
//! horizontal tick per distinct y value). A grid of 25 trials shows 5 ticks on each rug, random
//! search 25: the learner sees at a glance how many values of each hyperparameter were tried.
//! Labels and counts are the page's HTML, not pixels.

use super::axis::{self as ticks, TickStyle};
use super::charts::{bar_chart, Band, BarChart, Legend, LineChart, Marker, Series};
use super::heatmap::{self, Cell, MarkerStyle, RowOrigin};
use super::palette::{self, Rgb};
use crate::i18n;
use crate::search::{Axis, BestSoFarBands, CellStatus, Landscape, Scale, SearchSpace};

/// Where the parts of a search panel go on a `width × height` canvas, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PanelLayout {
    /// Left edge of the plot.
    pub plot_x: usize,
    /// Top edge of the plot (0).
    pub plot_y: usize,
    /// Plot width.
    pub plot_w: usize,
    /// Plot height.
    pub plot_h: usize,
    /// Thickness of each rug strip.
    pub rug: usize,
    /// Rug strips for further axes (neither shown on the plot), stacked under the x rug.
    pub extra: usize,
}

/// Background of the rug strips, #eceff1.
pub const RUG_BACKGROUND: Rgb = [0xec, 0xef, 0xf1];

impl PanelLayout {
    /// The layout of a `width × height` canvas: rugs `max(12, min(w, h)/22)` thick with a
    /// 3-pixel gap to the plot.
    pub fn of(width: usize, height: usize) -> PanelLayout {
        PanelLayout::with_rugs(width, height, 0)
    }

    /// The layout with `extra` more rug strips under the x rug, one per axis the plot does not
    /// show (a 3- or 4-hyperparameter race).
    pub fn with_rugs(width: usize, height: usize, extra: usize) -> PanelLayout {
        let rug = (width.min(height) / 22).max(12);
        let offset = rug + 3;
        PanelLayout {
            plot_x: offset.min(width),
            plot_y: 0,
            plot_w: width.saturating_sub(offset),
            plot_h: height.saturating_sub(offset * (1 + extra)),
            rug,
            extra,
        }
    }

    /// The top pixel row of rug strip `k` under the plot (0: the x rug, 1…: the extra axes).
    pub fn rug_top(&self, k: usize) -> usize {
        self.plot_y + self.plot_h + 3 + k * (self.rug + 3)
    }

    /// The unit coordinates (x right, y up) of canvas pixel position (px, py), unclamped.
    pub fn to_unit(&self, px: f64, py: f64) -> (f64, f64) {
        (
            (px - self.plot_x as f64) / self.plot_w.max(1) as f64,
            1.0 - (py - self.plot_y as f64) / self.plot_h.max(1) as f64,
        )
    }
}

/// What happened to a trial drawn on a panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrialMark {
    /// It has a score.
    Scored,
    /// It diverged or failed.
    Failed,
}

/// Everything one panel shows.
#[derive(Clone, Debug, Default)]
pub struct PanelScene<'a> {
    /// The landscape behind the trials, previewed coarse-to-fine while it fills; `None` draws
    /// the plot in the pending colour.
    pub landscape: Option<&'a Landscape>,
    /// Colour range of the scores (log scale); `None` fits the landscape's scores.
    pub range: Option<(f64, f64)>,
    /// Finished trials: unit coordinates and what they gave.
    pub trials: Vec<((f64, f64), TrialMark)>,
    /// The best trial so far, in unit coordinates.
    pub best: Option<(f64, f64)>,
    /// Coarse-to-fine boxes to outline: (x0, x1, y0, y1) in unit coordinates.
    pub boxes: Vec<(f64, f64, f64, f64)>,
    /// For each axis the plot does not show, the unit coordinates of the values tried: one
    /// more rug strip each.
    pub extra_rugs: Vec<Vec<f64>>,
}

/// The cells of a landscape as [`Cell`]s, each pending cell shown as its nearest filled block
/// centre ([`Landscape::preview_sources`]), so a partial landscape reads as a blurry picture.
pub fn preview_cells(landscape: &Landscape) -> Vec<Cell> {
    let values = landscape.values();
    let status = landscape.status();
    landscape
        .preview_sources()
        .into_iter()
        .map(|source| match source {
            None => Cell::Pending,
            Some(s) => match status[s] {
                CellStatus::Scored => Cell::Value(values[s]),
                CellStatus::Diverged | CellStatus::Failed => Cell::Diverged,
                CellStatus::Pending => Cell::Pending,
            },
        })
        .collect()
}

/// The colour range of a landscape's scores (positive scores, for a log colour scale).
pub fn landscape_range(landscape: &Landscape) -> Option<(f64, f64)> {
    heatmap::finite_range(landscape.values(), true)
}

/// Sorted distinct values of `coords`, rounded to 1e-9 so equal grid values count once.
pub fn distinct(coords: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = coords
        .filter(|c| c.is_finite())
        .map(|c| (c * 1e9).round() / 1e9)
        .collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// Paints the rectangle [x0, x1) × [y0, y1) of an RGBA buffer `width` pixels wide in `c`
/// (clipped to the buffer).
fn fill_rect(rgba: &mut [u8], width: usize, x0: usize, y0: usize, x1: usize, y1: usize, c: Rgb) {
    let height = rgba.len() / 4 / width.max(1);
    for y in y0..y1.min(height) {
        for x in x0..x1.min(width) {
            let i = 4 * (y * width + x);
            rgba[i..i + 4].copy_from_slice(&[c[0], c[1], c[2], 255]);
        }
    }
}

/// Draws a search panel as a `width × height` RGBA buffer (see the module docs): the plot
/// (landscape, boxes, trials, best) into its square, then the rugs.
pub fn panel_rgba(scene: &PanelScene, width: usize, height: usize) -> Vec<u8> {
    let mut rgba = vec![0u8; width * height * 4];
    if width == 0 || height == 0 {
        return rgba;
    }
    fill_rect(&mut rgba, width, 0, 0, width, height, palette::WHITE);
    let layout = PanelLayout::with_rugs(width, height, scene.extra_rugs.len());
    let (pw, ph) = (layout.plot_w, layout.plot_h);
    if pw == 0 || ph == 0 {
        return rgba;
    }
    let mut plot = plot_background(scene, pw, ph);
    let line = (width / 300).max(1);
    for &zoom in &scene.boxes {
        draw_box(&mut plot, pw, ph, zoom, line);
    }
    draw_trials(&mut plot, pw, ph, scene);
    for y in 0..ph {
        let src = &plot[4 * y * pw..4 * (y + 1) * pw];
        let at = 4 * ((layout.plot_y + y) * width + layout.plot_x);
        rgba[at..at + 4 * pw].copy_from_slice(src);
    }
    draw_rugs(&mut rgba, width, height, &layout, scene);
    rgba
}

/// The plot's `pw × ph` background: the landscape previewed coarse-to-fine in its colour
/// range, or the pending colour when there is none.
fn plot_background(scene: &PanelScene, pw: usize, ph: usize) -> Vec<u8> {
    match scene.landscape {
        Some(land) => {
            let cells = preview_cells(land);
            let range = scene
                .range
                .or_else(|| landscape_range(land))
                .unwrap_or((0.1, 1.0));
            heatmap::cells_rgba(&cells, land.n(), pw, ph, range, true, RowOrigin::Bottom)
        }
        None => {
            let mut p = vec![0u8; pw * ph * 4];
            fill_rect(&mut p, pw, 0, 0, pw, ph, palette::PENDING);
            p
        }
    }
}

/// The outline of a coarse-to-fine box (x0, x1, y0, y1 in unit coordinates) on the plot: a
/// dark outer line and a white inner one, each `line + 1` pixels, readable on any colour.
fn draw_box(
    plot: &mut [u8],
    pw: usize,
    ph: usize,
    (x0, x1, y0, y1): (f64, f64, f64, f64),
    line: usize,
) {
    let px = |u: f64| ((u.clamp(0.0, 1.0) * pw as f64).round() as usize).min(pw);
    let py = |v: f64| (((1.0 - v.clamp(0.0, 1.0)) * ph as f64).round() as usize).min(ph);
    let (l, r, t, b) = (px(x0), px(x1), py(y1), py(y0));
    for (inset, colour, w) in [
        (0, palette::INK, line + 1),
        (line + 1, palette::WHITE, line + 1),
    ] {
        let (l, r) = (l + inset, r.saturating_sub(inset).max(l + inset));
        let (t, b) = (t + inset, b.saturating_sub(inset).max(t + inset));
        fill_rect(plot, pw, l, t, r, (t + w).min(b), colour);
        fill_rect(plot, pw, l, b.saturating_sub(w).max(t), r, b, colour);
        fill_rect(plot, pw, l, t, (l + w).min(r), b, colour);
        fill_rect(plot, pw, r.saturating_sub(w).max(l), t, r, b, colour);
    }
}

/// The trials on the plot: failed ones, then scored ones, then the best one starred.
fn draw_trials(plot: &mut [u8], pw: usize, ph: usize, scene: &PanelScene) {
    let at = |mark: TrialMark| -> Vec<(f32, f32)> {
        scene
            .trials
            .iter()
            .filter(|t| t.1 == mark)
            .map(|&((u, v), _)| (u as f32, v as f32))
            .collect()
    };
    heatmap::draw_markers(plot, pw, ph, &at(TrialMark::Failed), MarkerStyle::Failed);
    heatmap::draw_markers(plot, pw, ph, &at(TrialMark::Scored), MarkerStyle::Trial);
    if let Some((u, v)) = scene.best {
        let best = [(u as f32, v as f32)];
        heatmap::draw_markers(plot, pw, ph, &best, MarkerStyle::Best);
    }
}

/// The rugs along the bottom and the left of the panel: one tick per distinct value tried.
fn draw_rugs(
    rgba: &mut [u8],
    width: usize,
    height: usize,
    layout: &PanelLayout,
    scene: &PanelScene,
) {
    let (rug, pw, ph) = (layout.rug, layout.plot_w, layout.plot_h);
    let (x_left, ink) = (layout.plot_x, palette::INK);
    let tick = (width / 240).max(2);
    let xs: Vec<f64> = scene.trials.iter().map(|t| t.0 .0).collect();
    for (k, coords) in std::iter::once(&xs).chain(&scene.extra_rugs).enumerate() {
        let (y0, y1) = (layout.rug_top(k), (layout.rug_top(k) + rug).min(height));
        fill_rect(rgba, width, x_left, y0, width, y1, RUG_BACKGROUND);
        for u in distinct(coords.iter().copied()) {
            let cx = x_left as f64 + u.clamp(0.0, 1.0) * pw as f64;
            let x0 = (cx - tick as f64 / 2.0).round().max(x_left as f64) as usize;
            fill_rect(rgba, width, x0, y0, x0 + tick, y1, ink);
        }
    }
    fill_rect(rgba, width, 0, 0, rug, ph, RUG_BACKGROUND);
    for v in distinct(scene.trials.iter().map(|t| t.0 .1)) {
        let cy = (1.0 - v.clamp(0.0, 1.0)) * ph as f64;
        let y0 = (cy - tick as f64 / 2.0).round().max(0.0) as usize;
        fill_rect(rgba, width, 0, y0, rug, (y0 + tick).min(ph), ink);
    }
}

/// Tick marks for the HTML labels along a panel's axis: (unit coordinate, label), at most
/// about `max` of them. Log axes tick whole decades ("1e-4", "0.001", … "1"), the 1 − 10^r
/// scale ticks 0.9, 0.99, 0.999 …, linear axes nice round numbers (each with its
/// [`TickStyle`]), discrete axes their levels.
pub fn axis_ticks(axis: &Axis, max: usize) -> Vec<(f64, String)> {
    let max = max.max(2);
    let style = match axis.scale() {
        Scale::Log => TickStyle::Log,
        Scale::OneMinusLog => TickStyle::OneMinusLog,
        Scale::Linear => TickStyle::Plain,
        Scale::Integer | Scale::PowersOfTwo | Scale::Categorical => {
            let levels = axis.levels().unwrap_or_default();
            let every = levels.len().div_ceil(max).max(1);
            return levels
                .into_iter()
                .step_by(every)
                .map(|v| (axis.to_unit(v), axis.format_value(v)))
                .collect();
        }
    };
    // On a log axis: whole decades when there are at least two, else 1-2-5 steps (a zoomed
    // axis); on the 1 − β axis the same for 1 − β, labelled as β (0.98, 0.99, 0.995 …).
    let (Some(lo), Some(hi)) = (style.position(axis.lo()), style.position(axis.hi())) else {
        return Vec::new();
    };
    let positions = style.ticks(lo, hi, max);
    let step = ticks::tick_step(&positions);
    let mut t: Vec<(f64, String)> = positions
        .into_iter()
        .map(|p| {
            (
                axis.to_unit(style.value(p)),
                ticks::format_tick(p, step, style),
            )
        })
        .collect();
    t.sort_by(|a, b| a.0.total_cmp(&b.0));
    t
}

/// One strategy's line on the best-so-far chart.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyCurve {
    /// Legend name.
    pub name: String,
    /// Best score after trial t (index t); infinite before the first score.
    pub best_so_far: Vec<f64>,
    /// Quartiles over repeated searches, if computed.
    pub bands: Option<BestSoFarBands>,
    /// A second, finer pass that continues this search (coarse to fine): its own best-so-far,
    /// trial by trial. Drawn after the first pass as trials n + 1, n + 2, … of one curve, each
    /// point the best of both passes so far. Empty for none.
    pub continued: Vec<f64>,
}

/// A search's best-so-far `first` (n trials) continued by a second pass's best-so-far `second`:
/// n + m values, trial n + k holding the better of the first pass's best and the second pass's
/// best after k trials — the best-so-far of the whole coarse-to-fine search.
pub fn continue_best_so_far(first: &[f64], second: &[f64]) -> Vec<f64> {
    let before = first.last().copied().unwrap_or(f64::INFINITY);
    first
        .iter()
        .copied()
        .chain(second.iter().map(|&s| before.min(s)))
        .collect()
}

/// Best-so-far against the trial number (1-based) for several strategies, log y: this run's
/// curve solid, and when repeats were run, their median dashed over the middle 50% shaded, in
/// the strategy's series colour. A curve with a [`StrategyCurve::continued`] pass runs on to
/// trial n + m, with a vertical [`zoom_marker`] between trials n and n + 1.
pub fn best_so_far_chart(curves: &[StrategyCurve], budget: usize, y_label: &str) -> LineChart {
    let xy = |v: &[f64]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .map(|(t, &y)| ((t + 1) as f64, y))
            .collect()
    };
    let mut chart = LineChart {
        x_label: i18n::text("race.chart-trial"),
        y_label: y_label.into(),
        no_data: i18n::text("race.chart-no-data"),
        y_ticks: TickStyle::Log,
        x_range: Some((1.0, budget.max(2) as f64)),
        // The page names the strategies (with their colours) beside each panel and chart.
        legend: Legend::Hidden,
        ..LineChart::default()
    };
    for (i, c) in curves.iter().enumerate() {
        let colour = palette::series_colour(i);
        if let Some(b) = &c.bands {
            chart.bands.push(Band {
                name: String::new(),
                colour,
                lower: xy(&b.lower_quartile),
                upper: xy(&b.upper_quartile),
            });
            chart
                .series
                .push(Series::new("", colour, xy(&b.median)).dashed());
        }
        if c.continued.is_empty() {
            chart
                .series
                .push(Series::new(c.name.clone(), colour, xy(&c.best_so_far)));
            continue;
        }
        let whole = continue_best_so_far(&c.best_so_far, &c.continued);
        let n = c.best_so_far.len();
        let end = whole.len().max(budget).max(2) as f64;
        chart.x_range = Some((1.0, chart.x_range.map_or(end, |(_, e)| e.max(end))));
        chart
            .markers
            .push(Marker::new(n as f64 + 0.5, zoom_marker(), palette::INK));
        chart
            .series
            .push(Series::new(c.name.clone(), colour, xy(&whole)));
    }
    chart
}

/// Which hyperparameter mattered: one bar per axis, its share of the score's variance in
/// percent (0 to 100), named by the axis's hyperparameter.
pub fn importance_chart(space: &SearchSpace, shares: &[f64]) -> BarChart {
    let names = space.axes().iter().map(|a| a.param().name()).collect();
    let mut chart = bar_chart(names, shares.iter().map(|s| 100.0 * s).collect());
    chart.y_label = i18n::text("race.chart-variance");
    chart.y_range = Some((0.0, 100.0));
    chart.legend = Legend::Hidden;
    // Neutral ink: the estimate pools both random searches, so no one strategy's colour.
    chart.series[0].colour = palette::INK;
    chart
}

/// The label of the marker where a continued curve's second pass starts.
pub fn zoom_marker() -> String {
    i18n::text("race.chart-zoom")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_leaves_room_for_the_rugs_and_maps_back_to_unit_coordinates() {
        let l = PanelLayout::of(440, 440);
        assert_eq!(l.rug, 20);
        assert_eq!((l.plot_x, l.plot_w, l.plot_h), (23, 417, 417));
        let (u, v) = l.to_unit(23.0, 0.0);
        assert!((u - 0.0).abs() < 1e-12 && (v - 1.0).abs() < 1e-12);
        let (u, v) = l.to_unit(440.0, 417.0);
        assert!((u - 1.0).abs() < 1e-12 && v.abs() < 1e-12);
    }

    #[test]
    fn ticks_fall_on_decades_and_nines() {
        use crate::search::HyperParam;
        let lr = Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap();
        let t = axis_ticks(&lr, 6);
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["1e-4", "0.001", "0.01", "0.1", "1"]);
        assert!((t[2].0 - 0.5).abs() < 1e-9);
        let b2 = Axis::one_minus_log(HyperParam::AdamBeta2, 0.99, 0.9999).unwrap();
        let t = axis_ticks(&b2, 6);
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0.99", "0.999", "0.9999"]);
        assert!((t[1].0 - 0.5).abs() < 1e-9);
        let zoomed = Axis::log(HyperParam::LearningRate, 0.0026, 0.096).unwrap();
        let labels: Vec<String> = axis_ticks(&zoomed, 6).into_iter().map(|t| t.1).collect();
        assert!(labels.len() >= 3, "{labels:?}");
        assert!(labels.contains(&"0.01".to_string()), "{labels:?}");
        let zb = Axis::one_minus_log(HyperParam::AdamBeta2, 0.992, 0.9997).unwrap();
        let labels: Vec<String> = axis_ticks(&zb, 6).into_iter().map(|t| t.1).collect();
        assert!(labels.len() >= 3, "{labels:?}");
        assert!(labels.contains(&"0.999".to_string()), "{labels:?}");
        let lin = Axis::linear(HyperParam::LearningRate, 1e-4, 1.0).unwrap();
        assert!(axis_ticks(&lin, 6).len() >= 3);
    }

    #[test]
    fn distinct_merges_equal_grid_values() {
        assert_eq!(
            distinct([0.1, 0.3, 0.1 + 1e-12, f64::NAN, 0.3].into_iter()),
            vec![0.1, 0.3]
        );
    }
}
