//! The right-scale view's pictures: a histogram of one sampler's draws, on a linear or a log
//! axis, with its words from the catalogue (`scale.axis.*`).

use super::charts::{HistogramChart, TickStyle};
use super::palette;
use crate::i18n::{text, Msg};
use crate::views::scale::{Sampler, ScaleDemo, ScaleParam};

/// Bins of a histogram over a continuous range (whole numbers get one bin per few values).
pub const BINS: usize = 20;

/// The series colour ([`palette::series_colour`]) of each sampler: the page's swatches and
/// share bars use the same index.
pub fn series(sampler: Sampler) -> usize {
    match sampler {
        Sampler::Uniform => 1,
        Sampler::OnScale => 2,
        Sampler::ReverseLog => 3,
    }
}

/// The histogram of `sampler`'s draws: on the value axis, or (`log`, for α and β) on the log
/// axis — α at log₁₀ α, β at −log₁₀(1 − β) — labelled with values.
pub fn histogram(demo: &ScaleDemo, sampler: Sampler, log: bool) -> HistogramChart {
    let param = demo.param;
    let log = log && !param.whole();
    let style = match (log, param) {
        (false, _) => TickStyle::Plain,
        (true, ScaleParam::Momentum) => TickStyle::OneMinusLog,
        (true, _) => TickStyle::Log,
    };
    // Bins are equal on the axis drawn: their edges are given as values on it.
    let to_value = |x: f64| if log { style.value(x) } else { x };
    let bins = demo.bins(log, BINS);
    let (lo, hi) = bins.range();
    let axis = if log { "log" } else { "linear" };
    HistogramChart {
        title: String::new(),
        x_label: Msg::new(format!("scale.axis.{}-{axis}", param.name())).render(),
        y_label: text("scale.axis.count"),
        edges: bins.edges().into_iter().map(to_value).collect(),
        counts: demo
            .histogram(sampler, log, BINS)
            .into_iter()
            .map(f64::from)
            .collect(),
        colour: palette::series_colour(series(sampler)),
        markers: Vec::new(),
        // On a log axis the last tick sits at the right edge: room for its label ("0.999").
        x_range: Some((
            to_value(lo),
            to_value(hi + if log { 0.04 * (hi - lo) } else { 0.0 }),
        )),
        x_ticks: style,
        y_ticks: TickStyle::Plain,
    }
}
