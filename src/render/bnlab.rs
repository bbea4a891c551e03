//! The batch-norm lab's pictures: chart descriptions built from [`crate::views::bnlab`] data, and the two
//! drawings the generic charts do not cover — the step-through of the BN formula on a number
//! line, and the frame and legend around the sensitivity maps (whose cells are an RGBA
//! raster, [`map_rgba`]). Generic over plotters' [`DrawingBackend`] like [`super::charts`].

use super::axis::{self, format_value, Bounds, TickStyle};
use super::charts::{
    self, chart_scale, Band, ChartResult, HistogramChart, Legend, LineChart, Marker, Series,
    FONT_FAMILY,
};
use super::heatmap::{self, Cell, MarkerStyle, RowOrigin};
use super::palette::{self, Rgb};
use crate::search::{CellStatus, SearchSpace};
use crate::train::{HistoryPoint, LayerTrace, Status, Trace};
use crate::views::bnlab::{UnitTrace, UnitView, FORMULA_STAGES};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
/// The other units of a layer, behind the selected one.
const OTHER_UNITS: Rgb = [0xd4, 0xd4, 0xd4];
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

/// [`format_value`] in parentheses when negative, for use after an operator.
fn paren(v: f64) -> String {
    if v < 0.0 {
        format!("({})", format_value(v))
    } else {
        format_value(v)
    }
}

/// The formula of stage `stage` (an index into [`FORMULA_STAGES`]) with the batch's numbers:
/// "μ = (1/m) Σ z(i) = (1/16) · 2.31 = 0.144", and so on.
pub fn formula(v: &UnitView, stage: usize) -> String {
    let m = v.m();
    let sum: f64 = v.z.iter().map(|&z| z as f64).sum();
    let squares: f64 =
        v.z.iter()
            .map(|&z| (z as f64 - v.mean as f64).powi(2))
            .sum();
    let l = v.layer + 1;
    match stage {
        0 => {
            let input = if v.layer == 0 {
                "x(i)".to_string()
            } else {
                format!("a[{}](i)", v.layer)
            };
            format!(
                "z(i) = W[{l}]·{input} for the m = {m} examples of the mini-batch \
                 (no bias b: β takes its place)"
            )
        }
        1 => format!(
            "μ = (1/m) Σ z(i) = (1/{m}) · {} = {}",
            paren(sum),
            format_value(v.mean as f64)
        ),
        2 => format!(
            "σ² = (1/m) Σ (z(i) − μ)² = (1/{m}) · {} = {}",
            format_value(squares),
            format_value(v.var as f64)
        ),
        3 => format!(
            "z_norm(i) = (z(i) − μ) / √(σ² + ε) = (z(i) − {}) / √({} + {}) = (z(i) − {}) / {}",
            paren(v.mean as f64),
            format_value(v.var as f64),
            format_value(v.eps as f64),
            paren(v.mean as f64),
            format_value(v.std() as f64)
        ),
        _ => format!(
            "z̃(i) = γ · z_norm(i) + β = {} · z_norm(i) + {}",
            format_value(v.gamma as f64),
            paren(v.beta as f64)
        ),
    }
}

/// Histograms of z, z_norm and z̃ over the mini-batch on one shared x axis (so the shift and
/// squeeze of the normalization are visible), with μ ± σ markers and the numbers in the titles.
pub fn unit_histograms(v: &UnitView) -> [HistogramChart; 3] {
    let f = |xs: &[f32]| xs.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    let (z, zn, zt) = (f(&v.z), f(&v.z_norm), f(&v.z_tilde));
    let mut b = Bounds::default();
    z.iter().chain(&zn).chain(&zt).for_each(|&x| b.add(x));
    let (lo, hi) = b.0.unwrap_or((-1.0, 1.0));
    let (lo, hi) = axis::widen(lo.min(-1.0), hi.max(1.0));
    let pad = 0.05 * (hi - lo);
    let range = (lo - pad, hi + pad);
    let bins = (((v.m() as f64).sqrt() * 3.0).round() as usize).clamp(8, 40);
    let titles = [
        format!(
            "z (before BN):  μ = {},  σ² = {}",
            format_value(v.mean as f64),
            format_value(v.var as f64)
        ),
        format!(
            "z_norm = (z − μ)/√(σ² + ε):  mean 0, variance ≈ 1   (ε = {})",
            format_value(v.eps as f64)
        ),
        format!(
            "z̃ = γ·z_norm + β:  γ = {},  β = {}",
            format_value(v.gamma as f64),
            format_value(v.beta as f64)
        ),
    ];
    let mut out =
        [&z, &zn, &zt].map(|values| charts::histogram_chart(values, bins, Some(range), true));
    for ((h, title), colour) in out.iter_mut().zip(titles).zip(STAGE_COLOURS) {
        h.title = title;
        h.colour = colour;
        h.y_label = String::new();
    }
    out
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
        charts::draw_line_chart(part, chart)?;
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
        charts::draw_line_chart(part, chart)?;
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
        charts::draw_histogram_chart(part, h)?;
    }
    Ok(())
}

/// At most about `max` points of a curve: every k-th, always keeping the last.
fn thin(points: Vec<(f64, f64)>, max: usize) -> Vec<(f64, f64)> {
    let every = points.len().div_ceil(max.max(1)).max(1);
    if every == 1 {
        return points;
    }
    let last = points.last().copied();
    let mut out: Vec<(f64, f64)> = points.into_iter().step_by(every).collect();
    if out.last().copied() != last {
        out.extend(last);
    }
    out
}

/// Most points drawn per curve.
const MAX_POINTS: usize = 600;

fn curve(steps: &[u64], ys: &[f32]) -> Vec<(f64, f64)> {
    thin(
        steps
            .iter()
            .zip(ys)
            .map(|(&s, &y)| (s as f64, y as f64))
            .collect(),
        MAX_POINTS,
    )
}

/// Batch μ and σ² of the selected unit at every step against their running averages (which
/// start at 0 and 1 before step 1): two charts, μ on top.
pub fn running_charts(t: &UnitTrace) -> [LineChart; 2] {
    let with_start = |start: f64, ys: &[f32]| {
        let mut c = vec![(0.0, start)];
        c.extend(curve(&t.steps, ys));
        c
    };
    let chart =
        |title: &str, batch: &str, running: &str, b: &[f32], start: f64, r: &[f32]| LineChart {
            title: title.into(),
            x_label: String::new(),
            series: vec![
                Series::new(batch, BATCH_COLOUR, curve(&t.steps, b)),
                Series::new(running, RUNNING_COLOUR, with_start(start, r)),
            ],
            legend: Legend::UpperRight,
            ..LineChart::default()
        };
    let mut var = chart(
        "σ² of the mini-batch, and its running average",
        "batch σ²",
        "running σ² (β = 0.9)",
        &t.batch_var,
        1.0,
        &t.running_var,
    );
    var.x_label = "step".into();
    var.y_from_zero = true;
    [
        chart(
            "μ of the mini-batch, and its running average",
            "batch μ",
            "running μ (β = 0.9)",
            &t.batch_mean,
            0.0,
            &t.running_mean,
        ),
        var,
    ]
}

/// γ and β of every unit of the layer over the steps (unit `unit`, whose trace is `t`, in
/// colour, the others grey), with the values that would make that unit's BN the identity at
/// test time — γ = √(running σ² + ε) and β = running μ — dashed.
pub fn gamma_beta_charts(
    layer: &LayerTrace,
    unit: usize,
    t: &UnitTrace,
    eps: f32,
) -> [LineChart; 2] {
    let units = layer.units.max(1);
    let column =
        |rows: &[f32], j: usize| -> Vec<f32> { rows.chunks_exact(units).map(|r| r[j]).collect() };
    let chart = |title: &str,
                 rows: &[f32],
                 name: &str,
                 id_name: &str,
                 identity: &[f32],
                 own: &[f32],
                 start: f64| {
        let from_start = |ys: &[f32]| {
            let mut c = vec![(0.0, start)];
            c.extend(curve(&t.steps, ys));
            c
        };
        let mut series: Vec<Series> = (0..units)
            .filter(|&j| j != unit)
            .map(|j| Series::new("", OTHER_UNITS, from_start(&column(rows, j))))
            .collect();
        series.push(Series::new(id_name, IDENTITY_COLOUR, curve(&t.steps, identity)).dashed());
        series.push(Series::new(name, RUNNING_COLOUR, from_start(own)));
        LineChart {
            title: title.into(),
            series,
            legend: Legend::UpperLeft,
            ..LineChart::default()
        }
    };
    let id_gamma: Vec<f32> = t.running_var.iter().map(|&v| (v + eps).sqrt()).collect();
    let mut beta = chart(
        "β of every unit (this one in colour)",
        &layer.beta,
        "β",
        "running μ (identity β)",
        &t.running_mean,
        &t.beta,
        0.0,
    );
    beta.x_label = "step".into();
    [
        chart(
            "γ of every unit (this one in colour)",
            &layer.gamma,
            "γ",
            "√(running σ² + ε) (identity γ)",
            &id_gamma,
            &t.gamma,
            1.0,
        ),
        beta,
    ]
}

/// Validation loss of the runs without and with BN on a log axis, with a "diverged" marker
/// where a run blew up.
pub fn compare_loss_chart(
    plain: &[HistoryPoint],
    plain_status: Status,
    bn: &[HistoryPoint],
    bn_status: Status,
) -> LineChart {
    let loss = |h: &[HistoryPoint]| -> Vec<(f64, f64)> {
        thin(
            h.iter().map(|p| (p.step as f64, p.valid.loss)).collect(),
            MAX_POINTS,
        )
    };
    let mut markers = Vec::new();
    for (status, who) in [(plain_status, "without BN"), (bn_status, "with BN")] {
        if let Status::Diverged { step } = status {
            markers.push(Marker::new(
                step as f64,
                format!("{who} diverged"),
                palette::DIVERGED,
            ));
        }
    }
    LineChart {
        x_label: "step".into(),
        y_label: "validation loss".into(),
        y_ticks: TickStyle::Log,
        series: vec![
            Series::new("without BN", PLAIN_COLOUR, loss(plain)),
            Series::new("with BN", BN_COLOUR, loss(bn)),
        ],
        markers,
        legend: Legend::LowerLeft,
        ..LineChart::default()
    }
}

/// Mean ± standard deviation of every hidden layer's activations over the steps, without BN
/// and with BN, on one shared y range.
pub fn activation_charts(plain: &Trace, bn: &Trace) -> [LineChart; 2] {
    let chart = |trace: &Trace, title: &str| {
        let mut c = LineChart {
            title: title.into(),
            x_label: "step".into(),
            legend: Legend::LowerRight,
            ..LineChart::default()
        };
        for (l, lt) in trace.layers.iter().enumerate() {
            let colour = layer_colour(l);
            let at = |f: &dyn Fn(usize) -> f64| -> Vec<(f64, f64)> {
                thin(
                    (0..lt.activation_mean.len())
                        .map(|i| (trace.steps[i] as f64, f(i)))
                        .collect(),
                    MAX_POINTS,
                )
            };
            let mean = |i: usize| lt.activation_mean[i] as f64;
            let sd = |i: usize| lt.activation_std[i] as f64;
            c.bands.push(Band {
                name: String::new(),
                colour,
                lower: at(&|i| mean(i) - sd(i)),
                upper: at(&|i| mean(i) + sd(i)),
            });
            c.series.push(Series::new(
                format!("layer {} mean ± sd", l + 1),
                colour,
                at(&mean),
            ));
        }
        c
    };
    let mut out = [chart(plain, "without BN"), chart(bn, "with BN")];
    let last = |t: &Trace| t.steps.last().copied().unwrap_or(1) as f64;
    let x_range = (0.0, last(plain).max(last(bn)).max(1.0));
    let mut b = Bounds::default();
    for c in &mut out {
        c.x_range = Some(x_range);
        for band in &c.bands {
            band.lower
                .iter()
                .chain(&band.upper)
                .for_each(|p| b.add(p.1));
        }
    }
    if let Some((lo, hi)) = b.0 {
        let (lo, hi) = axis::widen(lo, hi);
        let pad = 0.05 * (hi - lo);
        for c in &mut out {
            c.y_range = Some((lo - pad, hi + pad));
        }
    }
    out[0].y_label = "activation a".into();
    out
}

/// Batch μ against the running mean of the selected unit at a small and a large mini-batch,
/// on one shared y range; `noise` is each one's RMS gap (see [`UnitTrace::batch_noise`]).
pub fn noise_charts(runs: [(&UnitTrace, usize, f64); 2]) -> [LineChart; 2] {
    let mut out = runs.map(|(t, m, noise)| LineChart {
        title: format!(
            "mini-batch of {m}: batch μ jitters by ±{}",
            format_value(noise)
        ),
        x_label: "step".into(),
        series: vec![
            Series::new("batch μ", BATCH_COLOUR, curve(&t.steps, &t.batch_mean)),
            Series::new(
                "running μ",
                RUNNING_COLOUR,
                curve(&t.steps, &t.running_mean),
            ),
        ],
        legend: Legend::LowerRight,
        ..LineChart::default()
    });
    let mut b = Bounds::default();
    for c in &out {
        for s in &c.series {
            s.points.iter().for_each(|p| b.add(p.1));
        }
    }
    if let Some((lo, hi)) = b.0 {
        let (lo, hi) = axis::widen(lo, hi);
        let pad = 0.05 * (hi - lo);
        for c in &mut out {
            c.y_range = Some((lo - pad, hi + pad));
        }
    }
    out[0].y_label = "μ".into();
    out
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

fn font(size: f64, colour: Rgb, pos: Pos) -> TextStyle<'static> {
    TextStyle {
        font: (FONT_FAMILY, size).into_font(),
        color: rgb(colour).to_backend_color(),
        pos,
    }
}

/// The step-through of the formula on a number line, one row per quantity: z (with μ at
/// stage ≥ 1 and the band μ ± σ at stage ≥ 2), z_norm (stage ≥ 3, with the band ±1) and
/// z̃ (stage 4, with the band β ± γ). Every example of the batch is a grey dot; the `examples`
/// are large dots in [`example_colour`] numbered 1, 2, …, joined from row to row so each one
/// can be followed through the formula. The row of the current stage is tinted.
pub fn draw_walkthrough<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    v: &UnitView,
    examples: &[usize],
    stage: usize,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let s = chart_scale(w, h).min(2.0);
    let px = |v: f64| (v * s).round() as i32;
    let stage = stage.min(FORMULA_STAGES.len() - 1);
    let sd = v.std() as f64;
    let mut b = Bounds::default();
    let (mean, gamma, beta) = (v.mean as f64, v.gamma as f64, v.beta as f64);
    for x in v.z.iter().chain(&v.z_norm).chain(&v.z_tilde) {
        b.add(*x as f64);
    }
    for x in [
        mean - sd,
        mean + sd,
        -1.0,
        1.0,
        beta - gamma.abs(),
        beta + gamma.abs(),
    ] {
        b.add(x);
    }
    let (lo, hi) = b.0.unwrap_or((-1.0, 1.0));
    let (lo, hi) = axis::widen(lo, hi);
    let pad = 0.04 * (hi - lo);
    let (lo, hi) = (lo - pad, hi + pad);
    let (left, right) = (px(70.0), w as i32 - px(14.0));
    let (top, bottom) = (px(6.0), h as i32 - px(26.0));
    let to_x = |x: f64| left + ((x - lo) / (hi - lo) * (right - left) as f64).round() as i32;
    let row_h = (bottom - top) / 3;
    let row_y = |r: usize| top + row_h * r as i32 + row_h / 2;
    let text = |size: f64, c: Rgb, pos: Pos| font(size * s, c, pos);
    let active_row = match stage {
        0..=2 => 0,
        3 => 1,
        _ => 2,
    };
    // Tint of the active row, baselines and row names.
    area.draw(&Rectangle::new(
        [
            (0, row_y(active_row) - row_h / 2),
            (w as i32, row_y(active_row) + row_h / 2),
        ],
        rgb([0xf3, 0xf0, 0xfa]).filled(),
    ))?;
    let names = ["z", "z_norm", "z̃"];
    let shown_rows = match stage {
        0..=2 => 1,
        3 => 2,
        _ => 3,
    };
    for (r, name) in names.iter().enumerate() {
        let y = row_y(r);
        let c = if r < shown_rows {
            palette::TEXT
        } else {
            [0xbb, 0xbb, 0xbb]
        };
        area.draw(&PathElement::new(
            vec![(left, y), (right, y)],
            rgb(palette::GRID).stroke_width(1),
        ))?;
        area.draw(&Text::new(
            name.to_string(),
            (px(8.0), y),
            text(14.0, c, Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    // x ticks along the bottom.
    let ticks = axis::linear_ticks(lo, hi, ((right - left) as f64 / (70.0 * s)) as usize);
    let step = axis::tick_step(&ticks);
    for t in ticks {
        let x = to_x(t);
        area.draw(&PathElement::new(
            vec![(x, bottom), (x, bottom + px(4.0))],
            rgb(palette::TEXT).stroke_width(1),
        ))?;
        area.draw(&Text::new(
            axis::format_tick(t, step, TickStyle::Plain),
            (x, bottom + px(6.0)),
            text(12.0, palette::TEXT, Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    // Bands: μ ± σ on z, ±1 on z_norm, β ± γ on z̃.
    let band = |r: usize, a: f64, c: f64, colour: Rgb, label: String| -> ChartResult<DB> {
        let (y0, y1) = (row_y(r) - row_h * 2 / 5, row_y(r) + row_h * 2 / 5);
        let (x0, x1) = (to_x(a.min(c)), to_x(a.max(c)));
        area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            rgb(colour).mix(0.14).filled(),
        ))?;
        for x in [x0, x1] {
            area.draw(&PathElement::new(
                vec![(x, y0), (x, y1)],
                rgb(colour).mix(0.6).stroke_width(1),
            ))?;
        }
        // The label right of the band, or left of it when it would not fit.
        let style = text(12.0, colour, Pos::new(HPos::Left, VPos::Top));
        let (tw, _) = area.estimate_text_size(&label, &style)?;
        let (x, pos) = if x1 + px(3.0) + tw as i32 <= w as i32 {
            (x1 + px(3.0), Pos::new(HPos::Left, VPos::Top))
        } else {
            (x0 - px(3.0), Pos::new(HPos::Right, VPos::Top))
        };
        area.draw(&Text::new(label, (x, y0), style.pos(pos)))?;
        Ok(())
    };
    let centre_line = |r: usize, x: f64, colour: Rgb, label: String| -> ChartResult<DB> {
        let (y0, y1) = (row_y(r) - row_h * 2 / 5, row_y(r) + row_h * 2 / 5);
        area.draw(&PathElement::new(
            vec![(to_x(x), y0), (to_x(x), y1)],
            rgb(colour).stroke_width(px(2.0).max(1) as u32),
        ))?;
        area.draw(&Text::new(
            label,
            (to_x(x) + px(3.0), y1),
            text(12.0, colour, Pos::new(HPos::Left, VPos::Bottom)),
        ))?;
        Ok(())
    };
    let ink = palette::TRAIN;
    if stage >= 2 {
        band(
            0,
            mean - sd,
            mean + sd,
            ink,
            format!("μ ± √(σ²+ε) = μ ± {}", format_value(sd)),
        )?;
    }
    if stage >= 1 {
        centre_line(0, mean, ink, format!("μ = {}", format_value(mean)))?;
    }
    if stage >= 3 {
        band(1, -1.0, 1.0, ink, "±1".into())?;
        centre_line(1, 0.0, ink, "0".into())?;
    }
    if stage >= 4 {
        band(
            2,
            beta - gamma,
            beta + gamma,
            ink,
            format!(
                "β ± γ = {} ± {}",
                format_value(beta),
                format_value(gamma.abs())
            ),
        )?;
        centre_line(2, beta, ink, format!("β = {}", format_value(beta)))?;
    }
    // Connectors from row to row for the examples.
    let rows: [&[f32]; 3] = [&v.z, &v.z_norm, &v.z_tilde];
    for (k, &i) in examples.iter().enumerate() {
        let c = rgb(example_colour(k))
            .mix(0.7)
            .stroke_width(px(1.5).max(1) as u32);
        for r in 1..shown_rows {
            area.draw(&PathElement::new(
                vec![
                    (to_x(rows[r - 1][i] as f64), row_y(r - 1)),
                    (to_x(rows[r][i] as f64), row_y(r)),
                ],
                c,
            ))?;
        }
    }
    // Dots: the batch in grey, then the examples.
    let dot = px(3.0).max(2);
    let big = px(6.0).max(3);
    for (r, values) in rows.iter().enumerate().take(shown_rows) {
        for x in values.iter() {
            area.draw(&Circle::new(
                (to_x(*x as f64), row_y(r)),
                dot,
                rgb([0x88, 0x88, 0x88]).mix(0.8).filled(),
            ))?;
        }
        for (k, &i) in examples.iter().enumerate() {
            let p = (to_x(values[i] as f64), row_y(r));
            area.draw(&Circle::new(p, big + 1, WHITE.filled()))?;
            area.draw(&Circle::new(p, big, rgb(example_colour(k)).filled()))?;
            area.draw(&Text::new(
                format!("{}", k + 1),
                (p.0, p.1 - big - px(1.0)),
                text(
                    11.0,
                    example_colour(k),
                    Pos::new(HPos::Center, VPos::Bottom),
                ),
            ))?;
        }
    }
    area.present()
}

/// The fixed colour range of the sensitivity maps, the same for both: validation loss on a log
/// scale from 0.04 (brightest, and anything below: a run that learned) to 0.7 (darkest, and
/// anything above: no better than guessing, ln 2 ≈ 0.69).
pub const MAP_LOSS_RANGE: (f64, f64) = (0.04, 0.7);

/// One sensitivity map to draw: the cells of a filled (or partly filled) landscape,
/// `iy·n + ix` with row 0 at the bottom.
#[derive(Clone, Debug)]
pub struct MapPanel<'a> {
    /// Cells per side.
    pub n: usize,
    /// Scores by cell (NaN where not scored).
    pub values: &'a [f64],
    /// Status by cell.
    pub status: &'a [CellStatus],
}

/// A sensitivity map's cells as an RGBA raster (`width × height`), diverged cells hatched,
/// pending ones light grey, with the current setting `mark` (unit coordinates) as a ring.
pub fn map_rgba(
    panel: &MapPanel,
    width: usize,
    height: usize,
    mark: Option<(f64, f64)>,
) -> Vec<u8> {
    let cells: Vec<Cell> = panel
        .values
        .iter()
        .zip(panel.status)
        .map(|(&v, &s)| match s {
            CellStatus::Scored => Cell::Value(v),
            CellStatus::Diverged | CellStatus::Failed => Cell::Diverged,
            CellStatus::Pending => Cell::Pending,
        })
        .collect();
    let mut rgba = heatmap::cells_rgba(
        &cells,
        panel.n,
        width,
        height,
        MAP_LOSS_RANGE,
        true,
        RowOrigin::Bottom,
    );
    if let Some((u, v)) = mark {
        heatmap::draw_markers(
            &mut rgba,
            width,
            height,
            &[(u.clamp(0.0, 1.0) as f32, v.clamp(0.0, 1.0) as f32)],
            MarkerStyle::Trial,
        );
    }
    rgba
}

/// A rectangle in pixels: (left, top, width, height).
pub type PixelRect = (i32, i32, u32, u32);

/// Draws the frame of the two sensitivity maps side by side — titles, log-axis ticks of α and
/// init scale, axis names — and the legend below them (the loss colour bar and the diverged
/// hatch). Returns where each map's cells go, for [`map_rgba`] rasters.
pub fn draw_sensitivity_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    space: &SearchSpace,
    titles: [&str; 2],
) -> Result<[PixelRect; 2], DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let s = (w as f64 / 720.0).min(h as f64 / 380.0).clamp(1.0, 4.0);
    let px = |v: f64| (v * s).round() as i32;
    let text = |size: f64, pos: Pos| font(size * s, palette::TEXT, pos);
    let legend_h = px(44.0);
    let (left_pad, bottom_pad, top_pad, gap) = (px(56.0), px(40.0), px(22.0), px(24.0));
    let panel_w = (w as i32 - gap) / 2;
    let plot_h = h as i32 - legend_h - bottom_pad - top_pad;
    let side = (panel_w - left_pad - px(6.0)).min(plot_h).max(10);
    let axes = space.axes();
    let mut rects = [(0, 0, 0, 0); 2];
    for (k, title) in titles.iter().enumerate() {
        let x0 = k as i32 * (panel_w + gap) + left_pad;
        let y0 = top_pad;
        rects[k] = (x0, y0, side as u32, side as u32);
        area.draw(&Text::new(
            title.to_string(),
            (x0 + side / 2, px(3.0)),
            text(13.0, Pos::new(HPos::Center, VPos::Top)),
        ))?;
        area.draw(&Rectangle::new(
            [(x0 - 1, y0 - 1), (x0 + side, y0 + side)],
            rgb(palette::TEXT).mix(0.55).stroke_width(1),
        ))?;
        // Decades along each axis.
        for (a, axis_) in axes.iter().enumerate().take(2) {
            let (lo, hi) = (
                axis_.lo().log10().ceil() as i32,
                axis_.hi().log10().floor() as i32,
            );
            for e in lo..=hi {
                let v = 10f64.powi(e);
                let u = axis_.to_unit(v);
                let label = format_value(v);
                if a == 0 {
                    let x = x0 + (u * side as f64).round() as i32;
                    area.draw(&PathElement::new(
                        vec![(x, y0 + side), (x, y0 + side + px(4.0))],
                        rgb(palette::TEXT).stroke_width(1),
                    ))?;
                    area.draw(&Text::new(
                        label,
                        (x, y0 + side + px(6.0)),
                        text(12.0, Pos::new(HPos::Center, VPos::Top)),
                    ))?;
                } else {
                    let y = y0 + ((1.0 - u) * side as f64).round() as i32;
                    area.draw(&PathElement::new(
                        vec![(x0 - px(4.0), y), (x0 - 1, y)],
                        rgb(palette::TEXT).stroke_width(1),
                    ))?;
                    area.draw(&Text::new(
                        label,
                        (x0 - px(6.0), y),
                        text(12.0, Pos::new(HPos::Right, VPos::Center)),
                    ))?;
                }
            }
        }
        area.draw(&Text::new(
            "learning rate α (log scale)".to_string(),
            (x0 + side / 2, y0 + side + px(22.0)),
            text(12.0, Pos::new(HPos::Center, VPos::Top)),
        ))?;
        area.draw(&Text::new(
            "init scale".to_string(),
            (x0 - px(50.0), y0 + side / 2),
            TextStyle {
                font: (FONT_FAMILY, 12.0 * s)
                    .into_font()
                    .transform(FontTransform::Rotate270),
                color: rgb(palette::TEXT).to_backend_color(),
                pos: Pos::new(HPos::Center, VPos::Top),
            },
        ))?;
    }
    // Legend: a caption over the colour bar (log loss), then the diverged hatch and the
    // setting marker to its right.
    let ly = h as i32 - legend_h;
    let bar_x0 = rects[0].0;
    let (bar_w, bar_h) = (px(220.0), px(12.0));
    let bar_y = ly + px(16.0);
    area.draw(&Text::new(
        "final validation loss: bright = low = learned".to_string(),
        (bar_x0, ly),
        text(12.0, Pos::new(HPos::Left, VPos::Top)),
    ))?;
    let (lo, hi) = (MAP_LOSS_RANGE.0.log10(), MAP_LOSS_RANGE.1.log10());
    let steps = 64;
    for i in 0..steps {
        let t = (i as f64 + 0.5) / steps as f64;
        let c = heatmap::score_colour(10f64.powf(lo + t * (hi - lo)), MAP_LOSS_RANGE, true);
        let xa = bar_x0 + bar_w * i / steps;
        let xb = bar_x0 + bar_w * (i + 1) / steps;
        area.draw(&Rectangle::new(
            [(xa, bar_y), (xb, bar_y + bar_h)],
            rgb(c).filled(),
        ))?;
    }
    for (v, label, anchor) in [
        (
            MAP_LOSS_RANGE.0,
            format!("≤ {}", format_value(MAP_LOSS_RANGE.0)),
            HPos::Left,
        ),
        (0.2, "0.2".to_string(), HPos::Center),
        (
            MAP_LOSS_RANGE.1,
            format!("≥ {} (chance)", format_value(MAP_LOSS_RANGE.1)),
            HPos::Right,
        ),
    ] {
        let x = bar_x0 + ((v.log10() - lo) / (hi - lo) * bar_w as f64).round() as i32;
        area.draw(&Text::new(
            label,
            (x, bar_y + bar_h + px(2.0)),
            text(11.0, Pos::new(anchor, VPos::Top)),
        ))?;
    }
    // Diverged swatch: the hatch, pixel by pixel.
    let sx = bar_x0 + bar_w + px(40.0);
    let sw = px(28.0);
    let period = px(6.0).max(3) as usize;
    for dx in 0..sw {
        for dy in 0..bar_h {
            let c = palette::diverged_hatch(dx as usize, dy as usize, period);
            area.draw_pixel((sx + dx, bar_y + dy), &rgb(c))?;
        }
    }
    let label_style = text(12.0, Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(
        "diverged".to_string(),
        (sx + sw + px(6.0), bar_y + bar_h / 2),
        label_style.clone(),
    ))?;
    let (dw, _) = area.estimate_text_size("diverged", &label_style)?;
    let mx = sx + sw + px(6.0) + dw as i32 + px(30.0);
    let r = px(5.0);
    area.draw(&Circle::new(
        (mx, bar_y + bar_h / 2),
        r + 1,
        rgb(palette::INK).filled(),
    ))?;
    area.draw(&Circle::new((mx, bar_y + bar_h / 2), r - 1, WHITE.filled()))?;
    area.draw(&Text::new(
        "your α and init scale".to_string(),
        (mx + r + px(6.0), bar_y + bar_h / 2),
        label_style,
    ))?;
    Ok(rects)
}
