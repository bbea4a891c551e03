//! The lab's line charts and histograms, built from [`crate::views::bnlab`] data.

use super::{
    layer_colour, BATCH_COLOUR, BN_COLOUR, IDENTITY_COLOUR, PLAIN_COLOUR, RUNNING_COLOUR,
    STAGE_COLOURS,
};
use crate::render::axis::{self, format_value, Bounds, TickStyle};
use crate::render::charts::{self, Band, HistogramChart, Legend, LineChart, Marker, Series};
use crate::render::palette::{self, Rgb};
use crate::train::{HistoryPoint, LayerTrace, Status, Trace};
use crate::views::bnlab::{UnitTrace, UnitView};

/// The other units of a layer, behind the selected one.
const OTHER_UNITS: Rgb = [0xd4, 0xd4, 0xd4];

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
    let n = |x: f32| format_value(x as f64);
    let titles = [
        en::z_title(&n(v.mean), &n(v.var)),
        en::z_norm_title(&n(v.eps)),
        en::z_tilde_title(&n(v.gamma), &n(v.beta)),
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
        en::VAR_TITLE,
        en::BATCH_VAR,
        en::RUNNING_VAR,
        &t.batch_var,
        1.0,
        &t.running_var,
    );
    var.x_label = en::STEP.into();
    var.y_from_zero = true;
    [
        chart(
            en::MEAN_TITLE,
            en::BATCH_MEAN,
            en::RUNNING_MEAN_09,
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
        en::BETA_TITLE,
        &layer.beta,
        "β",
        en::IDENTITY_BETA,
        &t.running_mean,
        &t.beta,
        0.0,
    );
    beta.x_label = en::STEP.into();
    [
        chart(
            en::GAMMA_TITLE,
            &layer.gamma,
            "γ",
            en::IDENTITY_GAMMA,
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
    for (status, who) in [(plain_status, en::WITHOUT_BN), (bn_status, en::WITH_BN)] {
        if let Status::Diverged { step } = status {
            markers.push(Marker::new(
                step as f64,
                en::diverged(who),
                palette::DIVERGED,
            ));
        }
    }
    LineChart {
        x_label: en::STEP.into(),
        y_label: en::VALIDATION_LOSS.into(),
        y_ticks: TickStyle::Log,
        series: vec![
            Series::new(en::WITHOUT_BN, PLAIN_COLOUR, loss(plain)),
            Series::new(en::WITH_BN, BN_COLOUR, loss(bn)),
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
            x_label: en::STEP.into(),
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
            c.series
                .push(Series::new(en::layer_mean_sd(l + 1), colour, at(&mean)));
        }
        c
    };
    let mut out = [chart(plain, en::WITHOUT_BN), chart(bn, en::WITH_BN)];
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
    out[0].y_label = en::ACTIVATION.into();
    out
}

/// Batch μ against the running mean of the selected unit at a small and a large mini-batch,
/// on one shared y range; `noise` is each one's RMS gap (see [`UnitTrace::batch_noise`]).
pub fn noise_charts(runs: [(&UnitTrace, usize, f64); 2]) -> [LineChart; 2] {
    let mut out = runs.map(|(t, m, noise)| LineChart {
        title: en::noise_title(m, &format_value(noise)),
        x_label: en::STEP.into(),
        series: vec![
            Series::new(en::BATCH_MEAN, BATCH_COLOUR, curve(&t.steps, &t.batch_mean)),
            Series::new(
                en::RUNNING_MEAN,
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

// ---- English text ------------------------------------------------------------------------
// Every piece of text with words that the lab's charts show, in one place: route these through
// the message catalogue when the page is translated. Numbers arrive formatted; notation (μ, σ²,
// γ, β, z_norm) is the same in every language.
mod en {
    pub const STEP: &str = "step";
    pub const WITHOUT_BN: &str = "without BN";
    pub const WITH_BN: &str = "with BN";
    pub const VALIDATION_LOSS: &str = "validation loss";
    pub const ACTIVATION: &str = "activation a";
    pub const MEAN_TITLE: &str = "μ of the mini-batch, and its running average";
    pub const VAR_TITLE: &str = "σ² of the mini-batch, and its running average";
    pub const BATCH_MEAN: &str = "batch μ";
    pub const BATCH_VAR: &str = "batch σ²";
    pub const RUNNING_MEAN: &str = "running μ";
    pub const RUNNING_MEAN_09: &str = "running μ (β = 0.9)";
    pub const RUNNING_VAR: &str = "running σ² (β = 0.9)";
    pub const GAMMA_TITLE: &str = "γ of every unit (this one in colour)";
    pub const BETA_TITLE: &str = "β of every unit (this one in colour)";
    pub const IDENTITY_GAMMA: &str = "√(running σ² + ε) (identity γ)";
    pub const IDENTITY_BETA: &str = "running μ (identity β)";

    /// The title of the histogram of z.
    pub fn z_title(mean: &str, var: &str) -> String {
        format!("z (before BN):  μ = {mean},  σ² = {var}")
    }

    /// The title of the histogram of z_norm.
    pub fn z_norm_title(eps: &str) -> String {
        format!("z_norm = (z − μ)/√(σ² + ε):  mean 0, variance ≈ 1   (ε = {eps})")
    }

    /// The title of the histogram of z̃.
    pub fn z_tilde_title(gamma: &str, beta: &str) -> String {
        format!("z̃ = γ·z_norm + β:  γ = {gamma},  β = {beta}")
    }

    /// The marker where a run blew up; `who` is [`WITHOUT_BN`] or [`WITH_BN`].
    pub fn diverged(who: &str) -> String {
        format!("{who} diverged")
    }

    /// A layer's line on the activation charts.
    pub fn layer_mean_sd(layer: usize) -> String {
        format!("layer {layer} mean ± sd")
    }

    /// The title of a batch-noise chart.
    pub fn noise_title(batch: usize, noise: &str) -> String {
        format!("mini-batch of {batch}: batch μ jitters by ±{noise}")
    }
}
