//! The softmax view's pictures: the three-class field with the chosen point circled, and the
//! C = 2 comparison's gaps over training (a log axis), with words from the catalogue
//! (`softmax.chart.*`).

use super::charts::{Legend, LineChart, Series, TickStyle};
use super::heatmap;
use super::palette::{self, Rgb};
use crate::data::Dataset;
use crate::i18n::text;
use crate::train::{Field, PLANE_EXTENT};
use crate::views::softmax::Gaps;

/// The field coloured by the class probabilities, with the data on top and the chosen point
/// (at `at`) circled: a dark ring with a white halo, three point radii out, `width × height`
/// RGBA.
pub fn field_with_choice(
    field: &Field,
    data: &Dataset,
    at: [f32; 2],
    width: usize,
    height: usize,
) -> Vec<u8> {
    let mut rgba = heatmap::field_with_points(field, data, width, height);
    let e = PLANE_EXTENT;
    let centre = (
        (at[0] + e) / (2.0 * e) * width as f32,
        (e - at[1]) / (2.0 * e) * height as f32,
    );
    let r = 3.0 * heatmap::point_radius(width);
    let half = (r / 6.0).max(1.0);
    ring(&mut rgba, width, centre, r, 2.0 * half, palette::WHITE);
    ring(&mut rgba, width, centre, r, half, palette::INK);
    rgba
}

/// An anti-aliased ring of radius `r`, `half` pixels either side, painted over an opaque RGBA
/// buffer `width` pixels wide (clipped at its edges).
fn ring(rgba: &mut [u8], width: usize, (cx, cy): (f32, f32), r: f32, half: f32, colour: Rgb) {
    let height = rgba.len() / 4 / width.max(1);
    let reach = r + half + 1.0;
    let span = |c: f32, n: usize| {
        ((c - reach).floor().max(0.0) as usize)..((c + reach).ceil().max(0.0) as usize).min(n)
    };
    for y in span(cy, height) {
        for x in span(cx, width) {
            let d = (x as f32 + 0.5 - cx).hypot(y as f32 + 0.5 - cy);
            let cover = (half - (d - r).abs() + 0.5).clamp(0.0, 1.0);
            let i = 4 * (y * width + x);
            let under = [rgba[i], rgba[i + 1], rgba[i + 2]];
            rgba[i..i + 3].copy_from_slice(&palette::mix(under, colour, cover));
        }
    }
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
