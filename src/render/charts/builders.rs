//! Charts of the standard views, built from a run's numbers: loss and accuracy curves with
//! their babysitting markers, histograms with μ ± σ markers, bars per category.

use super::{BarChart, Bars, HistogramChart, Legend, LineChart, Marker, Series, TickStyle};
use crate::render::axis::{self, Bounds};
use crate::render::palette::{self, Rgb};
use crate::stats::{mean_sd, Bins};
use crate::train::{Change, HistoryPoint, Knob, Metrics, Status};

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

/// A training and a validation series of one metric against the step ([`palette::TRAIN`]
/// solid, [`palette::VALID`] dashed).
fn train_valid(history: &[HistoryPoint], metric: impl Fn(&Metrics) -> f64) -> Vec<Series> {
    let curve = |split: fn(&HistoryPoint) -> &Metrics| {
        history
            .iter()
            .map(|h| (h.step as f64, metric(split(h))))
            .collect()
    };
    vec![
        Series::new(en::TRAIN, palette::TRAIN, curve(|h| &h.train)),
        Series::new(en::VALIDATION, palette::VALID, curve(|h| &h.valid)).dashed(),
    ]
}

/// Training and validation loss against the step: two lines ([`palette::TRAIN`] solid,
/// [`palette::VALID`] dashed), y from 0, a marker per babysitting change ([`change_label`], in
/// [`palette::CHANGE_LEARNING_RATE`] or [`palette::CHANGE_MOMENTUM`]) and, for a diverged run,
/// a "diverged" marker in [`palette::DIVERGED`] at the step it blew up. Set `y_ticks` to
/// [`TickStyle::Log`] on the result for a log axis.
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
        markers.push(Marker::new(step as f64, en::DIVERGED, palette::DIVERGED));
    }
    LineChart {
        x_label: en::STEP.into(),
        y_label: en::LOSS.into(),
        y_from_zero: true,
        series: train_valid(history, |m| m.loss),
        markers,
        ..LineChart::default()
    }
}

/// Training and validation accuracy against the step, y fixed to [0, 1] (plus 4 % headroom so a
/// line at 1 stays visible).
pub fn accuracy_chart(history: &[HistoryPoint]) -> LineChart {
    LineChart {
        x_label: en::STEP.into(),
        y_label: en::ACCURACY.into(),
        y_range: Some((0.0, 1.04)),
        series: train_valid(history, |m| m.accuracy),
        ..LineChart::default()
    }
}

/// Counts finite `values` into `bins` equal bins over `range` (or the values' min..max, widened
/// when they are all equal) with [`Bins`]: returns (edges, counts). Values outside the range
/// are not counted; the top edge is included in the last bin. Without finite values the bins
/// span (0, 1).
pub fn histogram(values: &[f64], bins: usize, range: Option<(f64, f64)>) -> (Vec<f64>, Vec<f64>) {
    let mut b = Bounds::default();
    values.iter().for_each(|&v| b.add(v));
    let (lo, hi) = match range {
        Some((a, c)) if a.is_finite() && c.is_finite() && a < c => (a, c),
        _ => {
            let (lo, hi) = b.0.unwrap_or((0.0, 1.0));
            axis::widen(lo, hi)
        }
    };
    let bins = Bins::new(lo, hi, bins.clamp(1, 1000));
    let counts = bins.counts(values.iter().copied());
    (bins.edges(), counts.into_iter().map(|c| c as f64).collect())
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
        y_label: en::COUNT.into(),
        edges,
        counts,
        colour: palette::TRAIN,
        markers: if mean_sd {
            mean_sd_markers(values, palette::TEXT)
        } else {
            vec![]
        },
        x_range: range,
        x_ticks: TickStyle::Plain,
        y_ticks: TickStyle::Plain,
    }
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
        y_ticks: TickStyle::Plain,
        legend: Legend::Above,
    }
}

// ---- English text ------------------------------------------------------------------------
// Every piece of text with words that the standard charts above show, in one place: route
// these through the message catalogue when the page is translated. Numbers arrive formatted;
// notation (α, β, μ, σ) is the same in every language.
mod en {
    pub const STEP: &str = "step";
    pub const LOSS: &str = "loss";
    pub const ACCURACY: &str = "accuracy";
    pub const TRAIN: &str = "train";
    pub const VALIDATION: &str = "validation";
    pub const DIVERGED: &str = "diverged";
    pub const COUNT: &str = "count";
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
