//! The softmax view's pictures: the three-class field with the chosen point marked, and the
//! C = 2 comparison's gaps over training (a log axis), with words from the catalogue
//! (`softmax.chart.*`).

use super::charts::{Legend, LineChart, Series, TickStyle};
use super::heatmap::{self, MarkerStyle, PointStyle};
use super::palette;
use crate::data::{Dataset, Points};
use crate::i18n::text;
use crate::train::{Field, PLANE_EXTENT};
use crate::views::softmax::Gaps;

/// The field coloured by the class probabilities, with the data on top and the chosen point
/// (at `at`, of class `label`) drawn over a dark star, `width × height` RGBA.
pub fn field_with_choice(
    field: &Field,
    data: &Dataset,
    at: [f32; 2],
    label: usize,
    width: usize,
    height: usize,
) -> Vec<u8> {
    let mut rgba = heatmap::field_with_points(field, data, width, height);
    let e = PLANE_EXTENT;
    let unit = ((at[0] + e) / (2.0 * e), (at[1] + e) / (2.0 * e));
    heatmap::draw_markers(&mut rgba, width, height, &[unit], MarkerStyle::Best);
    let point = Points {
        x: at.to_vec(),
        y: vec![label as u8],
    };
    heatmap::draw_points(&mut rgba, width, height, e, &point, PointStyle::Train);
    rgba
}

/// The largest gap in P(class 1) over the plane against the update, for the sigmoid at α and
/// for the sigmoid whose last layer learns at 2α (each against the 2-unit softmax), on a log
/// axis; gaps of exactly 0 are not drawn.
pub fn gap_chart(gaps: &[Gaps]) -> LineChart {
    let line = |id: &str, colour, gap: fn(&Gaps) -> f64| {
        Series::new(
            text(id),
            colour,
            gaps.iter().map(|g| (g.step as f64, gap(g))).collect(),
        )
    };
    LineChart {
        x_label: text("softmax.chart.step"),
        y_label: text("softmax.chart.gap"),
        y_ticks: TickStyle::Log,
        series: vec![
            line("softmax.chart.sigmoid", palette::series_colour(1), |g| {
                g.sigmoid
            }),
            line("softmax.chart.fast-last", palette::series_colour(2), |g| {
                g.fast_last
            }),
        ],
        legend: Legend::Above,
        no_data: text("softmax.chart.no-data"),
        ..LineChart::default()
    }
}
