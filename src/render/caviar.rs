//! The caviar's charts, built from its [`Board`] (words from the catalogue): every model's
//! validation-loss curve coloured by α with the best marked, panda vs caviar on the same
//! compute, and each model's final loss before and after the data changed.

use super::charts::{Legend, LineChart, Marker, Series, TickStyle};
use super::palette::{self, Rgb};
use crate::i18n::{self, Msg};
use crate::search::HyperParam;
use crate::views::caviar::board::Board;

/// How far the curves of the models that are not the best are washed towards white, so the
/// best stands out in its own colour.
const FADE: f32 = 0.3;

/// Every model's validation loss against the step (log axis, x over the whole run), worst
/// first so the best is drawn on top in full colour with a legend entry ("★ best: #4"); the
/// others faded a little. A `selected` model (0-based, picked on the leaderboard) is drawn on
/// top of all, in full colour with its own legend entry. The y axis spans the best loss to a
/// little above the starting losses (a blow-up is drawn at the top edge).
pub fn curves_chart(board: &Board, selected: Option<usize>) -> LineChart {
    let winner = board.winner();
    let finished = board.models_finished();
    let mut order: Vec<usize> = board.ranking().into_iter().rev().collect();
    if let Some(k) = selected.filter(|&k| Some(k) != winner) {
        order.retain(|&i| i != k);
        order.push(k);
    }
    let mut series: Vec<Series> = order
        .into_iter()
        .map(|i| {
            let points = board.tracks()[i]
                .points
                .iter()
                .map(|p| (p.step as f64, p.valid_loss))
                .collect();
            let colour = board.colour(i);
            if Some(i) == winner {
                let id = if finished {
                    "caviar.best"
                } else {
                    "caviar.leading"
                };
                let name = Msg::new(id)
                    .num("n", (i + 1) as f64)
                    .text("values", board.values_text(i))
                    .render();
                Series::new(name, colour, points)
            } else if Some(i) == selected {
                let name = Msg::new("caviar.selected")
                    .num("n", (i + 1) as f64)
                    .text("values", board.values_text(i))
                    .render();
                Series::new(name, colour, points)
            } else {
                Series::new("", palette::mix(colour, palette::WHITE, FADE), points)
            }
        })
        .collect();
    series.retain(|s| !s.points.is_empty());
    let losses = || {
        board
            .tracks()
            .iter()
            .flat_map(|t| t.points.iter().map(|p| p.valid_loss))
            .filter(|l| l.is_finite() && *l > 0.0)
    };
    let lo = losses().fold(f64::INFINITY, f64::min);
    let start = board
        .tracks()
        .iter()
        .filter_map(|t| t.points.first().map(|p| p.valid_loss))
        .filter(|l| l.is_finite())
        .fold(0.0, f64::max);
    let y_range = (lo.is_finite() && start > lo).then(|| (lo / 1.5, start * 1.5));
    LineChart {
        x_label: i18n::text("caviar.chart-step"),
        y_label: i18n::text("caviar.chart-loss"),
        y_ticks: TickStyle::Log,
        x_range: Some((0.0, board.settings().steps as f64)),
        y_range,
        series,
        legend: Legend::Above,
        no_data: i18n::text("caviar.no-data"),
        ..LineChart::default()
    }
}

/// Panda vs caviar on the same compute: validation loss against updates spent, the one panda
/// model (ink) and the caviar's best so far (its best model's colour), x over the whole budget.
pub fn compute_chart(board: &Board) -> LineChart {
    let panda: Vec<(f64, f64)> = board
        .panda()
        .points
        .iter()
        .map(|p| (p.step as f64, p.valid_loss))
        .collect();
    let best_colour = board.winner().map_or(palette::VALID, |i| board.colour(i));
    let best = board.best_by_compute();
    let y_range = decades(panda.iter().chain(&best).map(|p| p.1));
    LineChart {
        x_label: i18n::text("caviar.compare.x"),
        y_label: i18n::text("caviar.chart-loss"),
        y_ticks: TickStyle::Log,
        x_range: Some((0.0, board.settings().budget() as f64)),
        series: vec![
            Series::new(
                i18n::text("caviar.compare.panda-series"),
                palette::INK,
                panda,
            ),
            Series::new(
                i18n::text("caviar.compare.caviar-series"),
                best_colour,
                best,
            ),
        ],
        y_range,
        legend: Legend::Above,
        no_data: i18n::text("caviar.no-data"),
        ..LineChart::default()
    }
}

/// The whole decades around the positive finite `values` (at least two), so a small log axis
/// gets a tick per decade.
fn decades(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !(lo.is_finite() && hi > 0.0) {
        return None;
    }
    let a = libm::floor(libm::log10(lo));
    let b = libm::ceil(libm::log10(hi)).max(a + 2.0);
    Some((libm::pow(10.0, a), libm::pow(10.0, b)))
}

/// A dataset's name in the page's language (`choice.dataset.<name>`, else its URL name).
pub fn dataset_name(data: crate::config::DatasetKind) -> String {
    let id = format!("choice.dataset.{}", data.name());
    if i18n::has(&id) {
        i18n::text(&id)
    } else {
        data.name().to_string()
    }
}

/// Colour of the previous caviar's points.
const BEFORE: Rgb = palette::TEXT;
/// Colour of this caviar's points.
const AFTER: Rgb = palette::CHANGE_LEARNING_RATE;

/// Each model's final validation loss before (grey) and after (orange) the data changed, one
/// dot per model against its α (or its number), the winner of each marked. Empty until this
/// caviar is a finished re-run.
pub fn stale_chart(board: &Board) -> LineChart {
    let (Some(previous), Some(now)) = (board.previous(), board.summary()) else {
        return LineChart {
            no_data: i18n::text("caviar.no-data"),
            ..LineChart::default()
        };
    };
    let by_lr = board
        .settings()
        .space
        .as_ref()
        .is_some_and(|s| s.position(HyperParam::LearningRate).is_some());
    let x = |i: usize| {
        if by_lr {
            board.plan()[i].config.learning_rate
        } else {
            (i + 1) as f64
        }
    };
    let mut series = Vec::new();
    let mut markers = Vec::new();
    for (scores, data, colour) in [
        (&previous.scores, previous.dataset, BEFORE),
        (&now.scores, now.dataset, AFTER),
    ] {
        let mut named = false;
        let mut best: Option<(usize, f64)> = None;
        for (i, s) in scores.iter().enumerate() {
            let Some(s) = *s else { continue };
            if best.is_none_or(|b| s < b.1) {
                best = Some((i, s));
            }
            let name = if named {
                String::new()
            } else {
                dataset_name(data)
            };
            named = true;
            series.push(Series::new(name, colour, vec![(x(i), s)]));
        }
        if let Some((i, _)) = best {
            markers.push(Marker::new(x(i), format!("#{}", i + 1), colour));
        }
    }
    let y_range = decades(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
    LineChart {
        x_label: if by_lr {
            HyperParam::LearningRate.name()
        } else {
            i18n::text("caviar.stale.chart-x-model")
        },
        y_label: i18n::text("caviar.stale.chart-y"),
        x_ticks: if by_lr {
            TickStyle::Log
        } else {
            TickStyle::Plain
        },
        y_ticks: TickStyle::Log,
        y_range,
        series,
        markers,
        legend: Legend::Above,
        no_data: i18n::text("caviar.no-data"),
        ..LineChart::default()
    }
}
