//! The lab's line charts and histograms, built from [`crate::views::bnlab`] data.

use super::{
    layer_colour, BATCH_COLOUR, BN_COLOUR, IDENTITY_COLOUR, PLAIN_COLOUR, RUNNING_COLOUR,
    STAGE_COLOURS,
};
use crate::config::BnPlace;
use crate::render::axis::{self, format_value, Bounds, TickStyle};
use crate::render::charts::{self, Band, HistogramChart, Legend, LineChart, Marker, Series};
use crate::render::palette::{self, Rgb};
use crate::train::{HistoryPoint, LayerTrace, Status, Trace};
use crate::views::bnlab::{Lab, Net, UnitTrace, UnitView, NOISE_WINDOW};

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
    let input = match v.place {
        BnPlace::Z => "z",
        BnPlace::A => "a",
    };
    let titles = [
        words::z_title(input, &n(v.mean), &n(v.var)),
        words::z_norm_title(&n(v.eps)),
        words::z_tilde_title(&n(v.gamma), &n(v.beta)),
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
        &words::var_title(),
        &words::batch_var(),
        &words::running_var(),
        &t.batch_var,
        1.0,
        &t.running_var,
    );
    var.x_label = words::step();
    var.y_from_zero = true;
    [
        chart(
            &words::mean_title(),
            &words::batch_mean(),
            &words::running_mean(),
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
        &words::beta_title(),
        &layer.beta,
        "β",
        &words::identity_beta(),
        &t.running_mean,
        &t.beta,
        0.0,
    );
    beta.x_label = words::step();
    [
        chart(
            &words::gamma_title(),
            &layer.gamma,
            "γ",
            &words::identity_gamma(),
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
    for (status, who) in [
        (plain_status, words::without_bn()),
        (bn_status, words::with_bn()),
    ] {
        if let Status::Diverged { step } = status {
            markers.push(Marker::new(
                step as f64,
                words::diverged(&who),
                palette::DIVERGED,
            ));
        }
    }
    LineChart {
        x_label: words::step(),
        y_label: words::validation_loss(),
        y_ticks: TickStyle::Log,
        series: vec![
            Series::new(words::without_bn(), PLAIN_COLOUR, loss(plain)),
            Series::new(words::with_bn(), BN_COLOUR, loss(bn)),
        ],
        markers,
        legend: Legend::LowerLeft,
        ..LineChart::default()
    }
}

/// Mean ± standard deviation of every hidden layer's activations over the steps, without BN
/// and with BN, on one shared y range and step axis. A run that diverged is drawn up to its
/// last finite step and marked where it stopped.
pub fn activation_charts(runs: [(&Trace, Status); 2]) -> [LineChart; 2] {
    let [(plain, plain_status), (bn, bn_status)] = runs;
    let chart = |trace: &Trace, title: String, status: Status| {
        let mut c = LineChart {
            title,
            x_label: words::step(),
            legend: Legend::LowerRight,
            ..LineChart::default()
        };
        if let Status::Diverged { step } = status {
            c.markers.push(Marker::new(
                step as f64,
                words::stopped(),
                palette::DIVERGED,
            ));
        }
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
                .push(Series::new(words::layer_mean_sd(l + 1), colour, at(&mean)));
        }
        c
    };
    let mut out = [
        chart(plain, words::without_bn(), plain_status),
        chart(bn, words::with_bn(), bn_status),
    ];
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
    out[0].y_label = words::activation();
    out
}

/// Batch μ against the running mean of the selected unit at a small and a large mini-batch,
/// on one shared y range; `noise` is each one's RMS gap (see [`UnitTrace::batch_noise`]),
/// `None` before there is one.
pub fn noise_charts(runs: [(&UnitTrace, usize, Option<f64>); 2]) -> [LineChart; 2] {
    let mut out = runs.map(|(t, m, noise)| LineChart {
        title: words::noise_title(m, noise.map(format_value).as_deref()),
        x_label: words::step(),
        series: vec![
            Series::new(
                words::batch_mean(),
                BATCH_COLOUR,
                curve(&t.steps, &t.batch_mean),
            ),
            Series::new(
                words::running_mean(),
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

// ---- The lab's charts, from the lab ------------------------------------------------------

/// γ and β of the selected layer's units in the lab's BN run ([`gamma_beta_charts`]).
pub fn lab_gamma_beta_charts(lab: &Lab) -> [LineChart; 2] {
    match lab.layer_trace(Net::Bn) {
        Some(layer) => gamma_beta_charts(
            layer,
            lab.settings().unit,
            &lab.unit_trace(Net::Bn),
            lab.config().bn_eps as f32,
        ),
        None => [LineChart::default(), LineChart::default()],
    }
}

/// The lab's validation loss with and without BN ([`compare_loss_chart`]).
pub fn lab_compare_loss_chart(lab: &Lab) -> LineChart {
    let (p, b) = (lab.trainer(Net::Plain), lab.trainer(Net::Bn));
    compare_loss_chart(p.history(), p.status(), b.history(), b.status())
}

/// The lab's activation drift without and with BN ([`activation_charts`]).
pub fn lab_activation_charts(lab: &Lab) -> [LineChart; 2] {
    let run = |net| (lab.trainer(net).trace(), lab.trainer(net).status());
    activation_charts([run(Net::Plain), run(Net::Bn)])
}

/// The lab's batch noise at its small and large mini-batch ([`noise_charts`]).
pub fn lab_noise_charts(lab: &Lab) -> [LineChart; 2] {
    let s = lab.settings();
    let (small, large) = (lab.unit_trace(Net::Small), lab.unit_trace(Net::Large));
    let jitter = |t: &UnitTrace| Some(t.batch_noise(NOISE_WINDOW)).filter(|j| j.is_finite());
    noise_charts([
        (&small, s.small_batch, jitter(&small)),
        (&large, s.large_batch, jitter(&large)),
    ])
}

// ---- Words ---------------------------------------------------------------------------------
// Every piece of text with words that the lab's charts show, from the message catalogue (the
// `bnlab.chart` section of www/i18n/<lang>.json). Numbers arrive formatted; notation (μ, σ², γ,
// β, z_norm) is the same in every language.
mod words {
    use crate::i18n::{text, Msg};

    macro_rules! word {
        ($($name:ident => $id:literal),* $(,)?) => {
            $(pub fn $name() -> String { text($id) })*
        };
    }

    word! {
        step => "bnlab.chart.step",
        without_bn => "bnlab.without-bn",
        with_bn => "bnlab.with-bn",
        validation_loss => "bnlab.chart.validation-loss",
        activation => "bnlab.chart.activation",
        mean_title => "bnlab.chart.mean-title",
        var_title => "bnlab.chart.var-title",
        batch_mean => "bnlab.chart.batch-mean",
        batch_var => "bnlab.chart.batch-var",
        running_mean => "bnlab.chart.running-mean",
        running_var => "bnlab.chart.running-var",
        gamma_title => "bnlab.chart.gamma-title",
        beta_title => "bnlab.chart.beta-title",
        identity_gamma => "bnlab.chart.identity-gamma",
        identity_beta => "bnlab.chart.identity-beta",
        stopped => "bnlab.chart.stopped",
    }

    /// The title of the histogram of z (or of a = g(z) when BN sits after the activation).
    pub fn z_title(input: &str, mean: &str, var: &str) -> String {
        Msg::new("bnlab.chart.z-title")
            .text("z", input)
            .text("mean", mean)
            .text("var", var)
            .render()
    }

    /// The title of the histogram of z_norm.
    pub fn z_norm_title(eps: &str) -> String {
        Msg::new("bnlab.chart.z-norm-title")
            .text("eps", eps)
            .render()
    }

    /// The title of the histogram of z̃.
    pub fn z_tilde_title(gamma: &str, beta: &str) -> String {
        Msg::new("bnlab.chart.z-tilde-title")
            .text("gamma", gamma)
            .text("beta", beta)
            .render()
    }

    /// The marker where a run blew up; `who` is [`without_bn`] or [`with_bn`].
    pub fn diverged(who: &str) -> String {
        Msg::new("bnlab.chart.diverged").text("who", who).render()
    }

    /// A layer's line on the activation charts.
    pub fn layer_mean_sd(layer: usize) -> String {
        Msg::new("bnlab.chart.layer-mean-sd")
            .num("layer", layer as f64)
            .render()
    }

    /// The title of a batch-noise chart: with its jitter once there is one.
    pub fn noise_title(batch: usize, noise: Option<&str>) -> String {
        match noise {
            Some(noise) => Msg::new("bnlab.chart.noise-title")
                .num("batch", batch as f64)
                .text("noise", noise)
                .render(),
            None => Msg::new("bnlab.chart.noise-title-start")
                .num("batch", batch as f64)
                .render(),
        }
    }
}
