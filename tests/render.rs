//! Native tests of the render module: RGBA heatmaps pixel by pixel, charts through the SVG and
//! bitmap backends (text via DejaVu Sans, which the test script installs: fonts-dejavu-core).

#![cfg(not(target_arch = "wasm32"))]

use plotters::prelude::*;
use std::sync::Once;
use tunelab::data::Points;
use tunelab::render::charts::{self, LineChart, Marker, Series};
use tunelab::render::heatmap::{self, Cell, MarkerStyle, PointStyle, RowOrigin};
use tunelab::render::palette::{self, Rgb};
use tunelab::train::{Change, Field, HistoryPoint, Knob, Metrics, Status};

const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Registers DejaVu Sans as the charts' font family, once. Fails loudly when it is missing.
fn font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let bytes = std::fs::read(FONT).unwrap_or_else(|e| {
            panic!("{FONT}: {e} — install Debian's fonts-dejavu-core for the chart tests")
        });
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        if plotters::style::register_font(charts::FONT_FAMILY, FontStyle::Normal, bytes).is_err() {
            panic!("{FONT} is not a font ab_glyph can read");
        }
    });
}

fn pixel(rgba: &[u8], width: usize, x: usize, y: usize) -> [u8; 4] {
    let i = 4 * (y * width + x);
    [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
}

fn rgb_of(p: [u8; 4]) -> Rgb {
    [p[0], p[1], p[2]]
}

/// An n × n two-class field whose P(class 1) is `p(row, col)`.
fn field(n: usize, p: impl Fn(usize, usize) -> f32) -> Field {
    Field {
        n,
        extent: 1.5,
        classes: 2,
        values: (0..n * n).map(|i| p(i / n, i % n)).collect(),
    }
}

#[test]
fn field_is_orange_left_blue_right_and_near_white_at_the_boundary() {
    let f = field(8, |_, col| if col < 4 { 0.0 } else { 1.0 });
    let (w, h) = (80, 60);
    let rgba = heatmap::field_rgba(&f, w, h);
    assert_eq!(rgba.len(), w * h * 4);
    assert!(rgba.chunks(4).all(|p| p[3] == 255), "every pixel is opaque");

    let left = rgb_of(pixel(&rgba, w, 3, 30));
    let right = rgb_of(pixel(&rgba, w, 76, 30));
    // Orange: red well above blue; blue: blue well above red.
    assert!(
        left[0] as i32 - left[2] as i32 > 60,
        "left {left:?} is not orange-ish"
    );
    assert!(
        right[2] as i32 - right[0] as i32 > 60,
        "right {right:?} is not blue-ish"
    );
    assert_eq!(left, heatmap::two_class_colour(0.0));
    assert_eq!(right, heatmap::two_class_colour(1.0));

    // Columns 39 and 40 straddle the boundary: p ≈ 0.45 and 0.55, close to the neutral colour.
    for x in [39, 40] {
        let c = rgb_of(pixel(&rgba, w, x, 30));
        assert!(
            c.iter().all(|&v| v >= 200),
            "boundary pixel {x}: {c:?} is not near-white"
        );
    }
    // Bilinear: from left to right the colour only gets bluer (blue minus red never drops).
    let blueness: Vec<i32> = (0..w)
        .map(|x| {
            let p = pixel(&rgba, w, x, 30);
            p[2] as i32 - p[0] as i32
        })
        .collect();
    assert!(blueness.windows(2).all(|b| b[1] >= b[0]), "{blueness:?}");

    let unsure = heatmap::field_rgba(&field(4, |_, _| 0.5), 10, 10);
    assert!(unsure
        .chunks(4)
        .all(|p| rgb_of([p[0], p[1], p[2], p[3]]) == palette::NEUTRAL));
}

#[test]
fn field_row_zero_is_the_top() {
    let f = field(4, |row, _| if row == 0 { 1.0 } else { 0.0 });
    let rgba = heatmap::field_rgba(&f, 40, 40);
    assert_eq!(
        rgb_of(pixel(&rgba, 40, 20, 1)),
        heatmap::two_class_colour(1.0)
    );
    assert_eq!(
        rgb_of(pixel(&rgba, 40, 20, 38)),
        heatmap::two_class_colour(0.0)
    );
}

#[test]
fn three_class_field_blends_class_colours_and_fades_when_unsure() {
    let certain = Field {
        n: 2,
        extent: 1.5,
        classes: 3,
        values: [0.0, 0.0, 1.0].repeat(4),
    };
    let rgba = heatmap::field_rgba(&certain, 6, 6);
    let c = rgb_of(pixel(&rgba, 6, 3, 3));
    assert_eq!(
        c,
        palette::mix(palette::NEUTRAL, palette::CLASS2, heatmap::FIELD_STRENGTH)
    );
    let unsure = Field {
        values: [1.0 / 3.0; 3].repeat(4),
        ..certain
    };
    let rgba = heatmap::field_rgba(&unsure, 6, 6);
    assert_eq!(rgb_of(pixel(&rgba, 6, 3, 3)), palette::NEUTRAL);
}

#[test]
fn degenerate_fields_do_not_panic() {
    let empty = Field {
        n: 0,
        extent: 1.5,
        classes: 2,
        values: vec![],
    };
    assert_eq!(heatmap::field_rgba(&empty, 4, 4).len(), 64);
    let short = Field {
        n: 3,
        extent: 1.5,
        classes: 2,
        values: vec![0.2; 5],
    };
    assert_eq!(heatmap::field_rgba(&short, 3, 2).len(), 24);
    assert!(heatmap::field_rgba(&field(1, |_, _| 0.9), 0, 5).is_empty());
    let nan = heatmap::field_rgba(&field(2, |_, _| f32::NAN), 2, 2);
    assert_eq!(rgb_of(pixel(&nan, 2, 0, 0)), palette::DIVERGED);
}

fn points(list: &[(f32, f32, u8)]) -> Points {
    Points {
        x: list.iter().flat_map(|p| [p.0, p.1]).collect(),
        y: list.iter().map(|p| p.2).collect(),
    }
}

#[test]
fn draw_points_puts_the_class_colour_at_the_point_and_leaves_far_pixels() {
    let (w, h) = (300, 300);
    let background = [10u8, 20, 30, 255];
    let mut rgba = background.repeat(w * h);
    // (0.5, −0.75) on [−1.5, 1.5]²: 2/3 of the way right, 3/4 of the way down.
    let pts = points(&[(0.5, -0.75, 1), (-1.0, 1.0, 0)]);
    heatmap::draw_points(&mut rgba, w, h, 1.5, &pts, PointStyle::Train);
    assert_eq!(rgb_of(pixel(&rgba, w, 200, 225)), palette::CLASS1);
    // (−1, 1): 1/6 from the left, 1/6 from the top.
    assert_eq!(rgb_of(pixel(&rgba, w, 50, 50)), palette::CLASS0);
    // Far away: untouched.
    for (x, y) in [(0, 0), (299, 299), (150, 150), (200, 150), (100, 225)] {
        assert_eq!(pixel(&rgba, w, x, y), background, "({x}, {y}) was painted");
    }
    // The outline of a training point is white: radius 3, ring 1 px → 3.5 px from the centre.
    let r = heatmap::point_radius(w);
    assert_eq!(r, 3.0);
    let ring = rgb_of(pixel(&rgba, w, 203, 225));
    assert!(
        ring.iter().all(|&v| v > 200),
        "train outline {ring:?} is not white"
    );

    let mut rgba = background.repeat(w * h);
    heatmap::draw_points(&mut rgba, w, h, 1.5, &pts, PointStyle::Valid);
    assert_eq!(rgb_of(pixel(&rgba, w, 200, 225)), palette::CLASS1);
    let ring = rgb_of(pixel(&rgba, w, 203, 225));
    assert!(
        ring.iter().all(|&v| v < 80),
        "validation outline {ring:?} is not dark"
    );
}

#[test]
fn draw_points_clips_and_survives_odd_inputs() {
    let (w, h) = (50, 40);
    let mut rgba = vec![255u8; w * h * 4];
    let pts = points(&[
        (-1.5, 1.5, 1),
        (9.0, 9.0, 0),
        (f32::NAN, 0.0, 1),
        (1.5, -1.5, 2),
    ]);
    heatmap::draw_points(&mut rgba, w, h, 1.5, &pts, PointStyle::Train);
    // The corner point is clipped but its quarter is drawn.
    assert_eq!(rgb_of(pixel(&rgba, w, 0, 0)), palette::CLASS1);
    assert_eq!(rgb_of(pixel(&rgba, w, w - 1, h - 1)), palette::CLASS2);
    // A buffer too short for its size, a zero width, a bad extent: no panic.
    let mut short = vec![0u8; 17];
    heatmap::draw_points(&mut short, w, h, 1.5, &pts, PointStyle::Valid);
    heatmap::draw_points(&mut rgba, 0, h, 1.5, &pts, PointStyle::Valid);
    heatmap::draw_points(&mut rgba, w, h, 0.0, &pts, PointStyle::Valid);
    heatmap::draw_points(&mut rgba, w, h, 1.5, &Points::default(), PointStyle::Valid);
}

#[test]
fn values_rgba_paints_nan_cells_in_the_diverged_hatch_and_low_scores_bright() {
    let (w, h) = (40, 40);
    // Row 0 (top): 0.1, NaN; row 1 (bottom): 0.5, 1.0.
    let values = [0.1, f64::NAN, 0.5, 1.0];
    let rgba = heatmap::values_rgba(&values, 2, w, h, (0.1, 1.0), false);
    let mut diverged = 0;
    for y in 0..20 {
        for x in 20..40 {
            let c = rgb_of(pixel(&rgba, w, x, y));
            assert!(
                c == palette::DIVERGED || c == palette::DIVERGED_STRIPE,
                "NaN cell pixel ({x}, {y}) is {c:?}"
            );
            diverged += (c == palette::DIVERGED) as usize;
        }
    }
    assert!(
        diverged > 200,
        "the hatch is mostly the diverged colour ({diverged}/400)"
    );
    let best = rgb_of(pixel(&rgba, w, 5, 5));
    let worst = rgb_of(pixel(&rgba, w, 35, 35));
    assert_eq!(best, palette::viridis(1.0));
    assert_eq!(worst, palette::viridis(0.0));
    assert!(palette::lightness(best) > palette::lightness(worst) + 0.5);
    // Nearest sampling: a cell is flat.
    assert_eq!(pixel(&rgba, w, 0, 39), pixel(&rgba, w, 19, 20));
    assert!(rgba.chunks(4).all(|p| p[3] == 255));

    // Log scale: 0.1 is halfway between 0.01 and 1.
    let rgba = heatmap::values_rgba(&[0.1], 1, 2, 2, (0.01, 1.0), true);
    assert_eq!(rgb_of(pixel(&rgba, 2, 0, 0)), palette::viridis(0.5));
}

#[test]
fn cells_rgba_flips_bottom_origin_and_shows_pending() {
    let cells = [
        Cell::Value(0.0),
        Cell::Pending,
        Cell::Diverged,
        Cell::Value(1.0),
    ];
    let rgba = heatmap::cells_rgba(&cells, 2, 20, 20, (0.0, 1.0), false, RowOrigin::Bottom);
    // Row 0 is the bottom: cell 0 (best) bottom-left, cell 1 (pending) bottom-right.
    assert_eq!(rgb_of(pixel(&rgba, 20, 2, 17)), palette::viridis(1.0));
    assert_eq!(rgb_of(pixel(&rgba, 20, 17, 17)), palette::PENDING);
    assert_eq!(rgb_of(pixel(&rgba, 20, 17, 2)), palette::viridis(0.0));
    let top_left = rgb_of(pixel(&rgba, 20, 3, 3));
    assert!(top_left == palette::DIVERGED || top_left == palette::DIVERGED_STRIPE);
    // Too few cells, n = 0, a degenerate range: no panic.
    assert_eq!(
        heatmap::cells_rgba(&cells[..1], 3, 6, 6, (1.0, 1.0), true, RowOrigin::Top).len(),
        144
    );
    assert_eq!(
        heatmap::cells_rgba(&[], 0, 3, 3, (0.0, 1.0), false, RowOrigin::Top).len(),
        36
    );
}

#[test]
fn markers_sit_at_unit_coordinates_with_y_up() {
    let (w, h) = (100, 100);
    let background = [0u8, 0, 0, 255];
    let mut rgba = background.repeat(w * h);
    heatmap::draw_markers(&mut rgba, w, h, &[(0.25, 0.75)], MarkerStyle::Trial);
    assert_eq!(rgb_of(pixel(&rgba, w, 25, 25)), palette::WHITE);
    assert_eq!(pixel(&rgba, w, 25, 75), background, "y is up");
    assert_eq!(pixel(&rgba, w, 75, 75), background);

    let mut rgba = [255u8, 255, 255, 255].repeat(w * h);
    heatmap::draw_markers(&mut rgba, w, h, &[(0.5, 0.5)], MarkerStyle::Best);
    let centre = rgb_of(pixel(&rgba, w, 50, 50));
    assert!(
        centre.iter().all(|&v| v < 60),
        "best star centre {centre:?} is not dark"
    );
    heatmap::draw_markers(
        &mut rgba,
        w,
        h,
        &[(0.1, 0.1), (f32::NAN, 0.5)],
        MarkerStyle::Failed,
    );
    let painted = rgba.chunks(4).filter(|p| p[0] < 100).count();
    assert!(painted > 20);
    heatmap::draw_markers(&mut [], 0, 0, &[(0.5, 0.5)], MarkerStyle::Best);
}

fn history(losses: &[(f64, f64)]) -> Vec<HistoryPoint> {
    losses
        .iter()
        .enumerate()
        .map(|(i, &(train, valid))| HistoryPoint {
            step: 10 * i as u64,
            epoch: i as u64 / 4,
            train: Metrics {
                loss: train,
                accuracy: 1.0 - train / 2.0,
            },
            valid: Metrics {
                loss: valid,
                accuracy: 1.0 - valid / 2.0,
            },
            learning_rate: 0.03,
        })
        .collect()
}

fn svg_of(chart: &LineChart, size: (u32, u32)) -> String {
    font();
    let mut svg = String::new();
    charts::draw_line_chart(
        SVGBackend::with_string(&mut svg, size).into_drawing_area(),
        chart,
    )
    .expect("the chart draws");
    svg
}

/// Whether the SVG has a text element reading exactly `label`.
fn has_text(svg: &str, label: &str) -> bool {
    svg.contains(&format!(">\n{label}\n</text>"))
}

fn hex(c: Rgb) -> String {
    format!("#{:02X}{:02X}{:02X}", c[0], c[1], c[2])
}

#[test]
fn loss_chart_svg_has_both_curves_and_every_marker_label() {
    let h = history(&[
        (0.7, 0.72),
        (0.5, 0.55),
        (0.3, 0.4),
        (0.2, 0.35),
        (0.1, 0.3),
    ]);
    let changes = [
        Change {
            step: 10,
            knob: Knob::LearningRate,
            from: 0.03,
            to: 0.3,
        },
        Change {
            step: 20,
            knob: Knob::Momentum,
            from: 0.9,
            to: 0.5,
        },
    ];
    let chart = charts::loss_chart(&h, &changes, Status::Diverged { step: 40 });
    assert_eq!(chart.markers.len(), 3);
    let svg = svg_of(&chart, (360, 200));
    let train_line = format!(
        "<polyline fill=\"none\" opacity=\"1\" stroke=\"{}\"",
        hex(palette::TRAIN)
    );
    assert!(svg.contains(&train_line), "no train polyline in\n{svg}");
    assert!(
        svg.contains(&format!("stroke=\"{}\"", hex(palette::VALID))),
        "no validation line"
    );
    for label in [
        "α 0.03→0.3",
        "β 0.9→0.5",
        "diverged",
        "train",
        "validation",
        "step",
        "loss",
    ] {
        assert!(has_text(&svg, label), "no text {label:?} in the SVG");
    }
    assert!(
        svg.contains(&format!("stroke=\"{}\"", hex(palette::DIVERGED))),
        "no divergence marker line"
    );
    assert!(!svg.contains("no data yet"));
}

#[test]
fn accuracy_chart_spans_zero_to_one() {
    let h = history(&[(0.7, 0.72), (0.1, 0.3)]);
    let chart = charts::accuracy_chart(&h);
    let svg = svg_of(&chart, (360, 200));
    assert!(svg.contains(&format!("stroke=\"{}\"", hex(palette::TRAIN))));
    for tick in ["0", "0.5", "1"] {
        assert!(has_text(&svg, tick), "no tick {tick} in\n{svg}");
    }
}

#[test]
fn bitmap_render_shows_the_train_colour() {
    font();
    let h = history(&[
        (0.7, 0.72),
        (0.5, 0.55),
        (0.3, 0.4),
        (0.2, 0.35),
        (0.1, 0.3),
    ]);
    let chart = charts::loss_chart(&h, &[], Status::Running);
    let (w, ht) = (720usize, 400usize);
    let mut buf = vec![0u8; w * ht * 3];
    charts::draw_line_chart(
        BitMapBackend::with_buffer(&mut buf, (w as u32, ht as u32)).into_drawing_area(),
        &chart,
    )
    .expect("the chart draws");
    let count = |c: Rgb| buf.chunks(3).filter(|p| p == &c).count();
    assert!(
        count(palette::TRAIN) > 300,
        "train colour on {} pixels",
        count(palette::TRAIN)
    );
    assert!(
        count(palette::VALID) > 100,
        "validation colour on {} pixels",
        count(palette::VALID)
    );
    assert!(
        count(palette::WHITE) > w * ht / 2,
        "the background is white"
    );
    // Text was drawn: dark anti-aliased pixels exist that are not a series colour.
    let dark = buf
        .chunks(3)
        .filter(|p| p[0] < 120 && p[0] == p[1] && p[1] == p[2])
        .count();
    assert!(dark > 100, "no text pixels ({dark})");

    // A chart without the train series has none of its colour: the check above can fail.
    let mut chart = chart;
    chart.series.remove(0);
    let mut buf = vec![0u8; w * ht * 3];
    charts::draw_line_chart(
        BitMapBackend::with_buffer(&mut buf, (w as u32, ht as u32)).into_drawing_area(),
        &chart,
    )
    .unwrap();
    assert_eq!(buf.chunks(3).filter(|p| p == &palette::TRAIN).count(), 0);
}

#[test]
fn degenerate_charts_do_not_panic() {
    // Empty history.
    let svg = svg_of(&charts::loss_chart(&[], &[], Status::Running), (360, 200));
    assert!(has_text(&svg, "no data yet"));
    let svg = svg_of(&charts::accuracy_chart(&[]), (360, 200));
    assert!(has_text(&svg, "no data yet"));
    // One point: drawn as a dot.
    let one = history(&[(0.69, 0.7)]);
    let svg = svg_of(
        &charts::loss_chart(&one, &[], Status::Diverged { step: 0 }),
        (360, 200),
    );
    assert!(svg.contains("<circle"), "a single point is a dot");
    assert!(has_text(&svg, "diverged"));
    // NaN and infinite values, equal values, log axis with non-positive values.
    let odd = history(&[
        (f64::NAN, 0.5),
        (0.5, f64::INFINITY),
        (0.5, 0.5),
        (f64::NEG_INFINITY, 0.0),
    ]);
    let mut chart = charts::loss_chart(&odd, &[], Status::Running);
    svg_of(&chart, (360, 200));
    chart.y_ticks = charts::TickStyle::Log;
    svg_of(&chart, (360, 200));
    chart.y_range = Some((-1.0, 0.0));
    svg_of(&chart, (360, 200));
    let flat = LineChart {
        series: vec![Series::new(
            "flat",
            palette::TRAIN,
            vec![(3.0, 2.0), (3.0, 2.0)],
        )],
        markers: vec![
            Marker::new(f64::NAN, "nowhere", palette::TEXT),
            Marker::new(3.0, "", palette::TEXT),
        ],
        x_range: Some((1.0, 1.0)),
        ..LineChart::default()
    };
    svg_of(&flat, (360, 200));
    // Bands, legend corners, a title, a tiny and a large canvas.
    let mut banded = LineChart {
        title: "best so far".into(),
        series: vec![Series::new(
            "median",
            palette::SERIES[1],
            vec![(1.0, 0.5), (2.0, 0.3), (3.0, 0.2)],
        )],
        bands: vec![charts::Band {
            name: "quartiles".into(),
            colour: palette::SERIES[1],
            lower: vec![(1.0, 0.4), (2.0, f64::NAN), (3.0, 0.1)],
            upper: vec![(1.0, 0.6), (2.0, 0.4), (3.0, 0.3)],
        }],
        y_ticks: charts::TickStyle::Log,
        legend: charts::Legend::LowerLeft,
        ..LineChart::default()
    };
    let svg = svg_of(&banded, (360, 200));
    assert!(svg.contains("<polygon"), "the band is a polygon");
    assert!(has_text(&svg, "quartiles") && has_text(&svg, "best so far"));
    banded.legend = charts::Legend::UpperRight;
    svg_of(&banded, (1440, 800));
    font();
    let mut tiny = String::new();
    let _ = charts::draw_line_chart(
        SVGBackend::with_string(&mut tiny, (12, 8)).into_drawing_area(),
        &banded,
    );
}

#[test]
fn histogram_and_bar_charts_render() {
    let values: Vec<f64> = (0..500)
        .map(|i| ((i * 37) % 100) as f64 / 25.0 - 2.0)
        .collect();
    let hist = charts::histogram_chart(&values, 20, Some((-3.0, 3.0)), true);
    assert_eq!(hist.counts.iter().sum::<f64>(), 500.0);
    assert_eq!(hist.markers.len(), 3);
    font();
    let mut svg = String::new();
    charts::draw_histogram_chart(
        SVGBackend::with_string(&mut svg, (360, 200)).into_drawing_area(),
        &hist,
    )
    .unwrap();
    assert!(has_text(&svg, "μ") && has_text(&svg, "+σ") && has_text(&svg, "−σ"));
    assert!(svg.contains("<rect"));
    let mut svg = String::new();
    let empty = charts::histogram_chart(&[], 10, None, true);
    charts::draw_histogram_chart(
        SVGBackend::with_string(&mut svg, (360, 200)).into_drawing_area(),
        &empty,
    )
    .unwrap();

    let mut bars = charts::bar_chart(
        ["1e-4", "1e-3", "1e-2"].map(String::from).to_vec(),
        vec![0.1, f64::NAN, 0.9],
    );
    bars.series[0].name = "uniform".into();
    let mut svg = String::new();
    charts::draw_bar_chart(
        SVGBackend::with_string(&mut svg, (360, 200)).into_drawing_area(),
        &bars,
    )
    .unwrap();
    assert!(has_text(&svg, "1e-3") && has_text(&svg, "uniform"));
    let none = charts::bar_chart(vec![], vec![]);
    let mut svg = String::new();
    charts::draw_bar_chart(
        SVGBackend::with_string(&mut svg, (360, 200)).into_drawing_area(),
        &none,
    )
    .unwrap();
}

#[test]
fn every_word_on_a_chart_comes_from_the_model() {
    // Replace every piece of text of a loss chart: none of the builder's English is left.
    let h = history(&[(0.7, 0.72), (0.5, 0.55), (0.3, 0.4)]);
    let mut chart = charts::loss_chart(&h, &[], Status::Diverged { step: 10 });
    chart.title = "损失曲线".into();
    chart.x_label = "步".into();
    chart.y_label = "损失".into();
    for (s, name) in chart.series.iter_mut().zip(["训练", "验证"]) {
        s.name = name.into();
    }
    chart.markers[0].label = "发散".into();
    let svg = svg_of(&chart, (360, 200));
    for label in ["损失曲线", "步", "损失", "训练", "验证", "发散"] {
        assert!(has_text(&svg, label), "no text {label:?}");
    }
    for english in ["step", "loss", "train", "validation", "diverged"] {
        assert!(!has_text(&svg, english), "{english:?} is still drawn");
    }
    // The empty chart says what the model says, or nothing.
    let empty = LineChart {
        no_data: "暂无数据".into(),
        ..LineChart::default()
    };
    let svg = svg_of(&empty, (360, 200));
    assert!(has_text(&svg, "暂无数据") && !svg.contains("no data yet"));
    let silent = LineChart {
        no_data: String::new(),
        ..LineChart::default()
    };
    assert!(!svg_of(&silent, (360, 200)).contains("no data yet"));
}

#[test]
fn tick_styles_come_from_the_model() {
    // α on a log x axis, β on a 1 − β y axis: ticks read as the values.
    let chart = LineChart {
        series: vec![Series::new(
            "",
            palette::TRAIN,
            vec![(0.001, 0.9), (0.01, 0.99), (0.1, 0.999)],
        )],
        x_ticks: charts::TickStyle::Log,
        y_ticks: charts::TickStyle::OneMinusLog,
        ..LineChart::default()
    };
    let svg = svg_of(&chart, (360, 200));
    for tick in ["0.001", "0.01", "0.1", "0.9", "0.99", "0.999"] {
        assert!(has_text(&svg, tick), "no tick {tick} in\n{svg}");
    }
    // The same data on plain axes: no β ticks.
    let plain = LineChart {
        x_ticks: charts::TickStyle::Plain,
        y_ticks: charts::TickStyle::Plain,
        ..chart
    };
    assert!(!has_text(&svg_of(&plain, (360, 200)), "0.999"));
}

/// A batch of 6 with μ = 0.5, σ² = 1.25, γ = 2, β = −1, as the lab would show it.
fn unit_view() -> tunelab::views::bnlab::UnitView {
    let z = vec![-1.0f32, 0.0, 0.5, 1.0, 1.5, 0.0];
    let (mean, var, eps) = (0.5f32, 1.25f32, 1e-5f32);
    let z_norm: Vec<f32> = z.iter().map(|&x| (x - mean) / (var + eps).sqrt()).collect();
    let z_tilde = z_norm.iter().map(|&x| 2.0 * x - 1.0).collect();
    tunelab::views::bnlab::UnitView {
        layer: 0,
        unit: 0,
        place: tunelab::config::BnPlace::Z,
        z,
        z_norm,
        z_tilde,
        mean,
        var,
        eps,
        gamma: 2.0,
        beta: -1.0,
        running_mean: 0.0,
        running_var: 1.0,
    }
}

#[test]
fn the_walkthrough_is_data_and_draws_only_its_own_text() {
    use tunelab::render::bnlab;
    let v = unit_view();
    let first = bnlab::walkthrough(&v, &[0, 4], 0);
    assert_eq!(first.active, 0);
    assert_eq!(
        first.rows.iter().map(|r| r.shown).collect::<Vec<_>>(),
        [true, false, false]
    );
    assert!(first
        .rows
        .iter()
        .all(|r| r.band.is_none() && r.centre.is_none()));
    let last = bnlab::walkthrough(&v, &[0, 4], 4);
    assert_eq!(last.active, 2);
    assert_eq!(last.range, first.range, "the number line stays put");
    let labels: Vec<&str> = last.examples.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["1", "2"]);
    let band = last.rows[2].band.as_ref().unwrap();
    assert_eq!(band.label, "β ± γ = −1 ± 2");
    assert_eq!(last.rows[0].centre.as_ref().unwrap().label, "μ = 0.5");

    let mut renamed = last.clone();
    for (row, name) in renamed.rows.iter_mut().zip(["甲", "乙", "丙"]) {
        row.name = name.into();
    }
    renamed.rows[2].band.as_mut().unwrap().label = "带".into();
    font();
    let mut svg = String::new();
    bnlab::draw_walkthrough(
        SVGBackend::with_string(&mut svg, (720, 300)).into_drawing_area(),
        &renamed,
    )
    .unwrap();
    for text in ["甲", "乙", "丙", "带", "μ = 0.5", "1", "2"] {
        assert!(has_text(&svg, text), "no text {text:?}");
    }
    for gone in ["z", "z_norm", "z̃", "β ± γ = −1 ± 2"] {
        assert!(!has_text(&svg, gone), "{gone:?} is still drawn");
    }
}

#[test]
fn the_sensitivity_frame_is_data_and_draws_only_its_own_text() {
    use tunelab::render::bnlab;
    use tunelab::views::bnlab::{lab_config, sensitivity_race};
    let space = sensitivity_race(&lab_config("").unwrap(), true)
        .unwrap()
        .space();
    let frame = bnlab::sensitivity_frame(&space, ["left", "right"]);
    let x: Vec<&str> = frame.x_ticks.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(x, ["0.01", "0.1", "1", "10"]);
    let y: Vec<&str> = frame.y_ticks.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(y, ["0.1", "1", "10"]);
    let bar: Vec<&str> = frame.bar_labels.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(bar, ["≤ 0.04", "0.2", "≥ 0.7 (chance)"]);

    let words = bnlab::SensitivityFrame {
        titles: ["无BN".into(), "有BN".into()],
        x_title: "学习率".into(),
        y_title: "初始化尺度".into(),
        caption: "验证损失".into(),
        bar_labels: vec![(0.04, "低".into()), (0.7, "高".into())],
        diverged: "发散".into(),
        setting: "你的设置".into(),
        ..frame
    };
    font();
    let mut svg = String::new();
    let rects = bnlab::draw_sensitivity_frame(
        &SVGBackend::with_string(&mut svg, (720, 380)).into_drawing_area(),
        &words,
    )
    .unwrap();
    assert!(rects[0].0 < rects[1].0 && rects[0].2 == rects[1].2);
    for text in [
        "无BN",
        "有BN",
        "学习率",
        "初始化尺度",
        "验证损失",
        "低",
        "高",
        "发散",
        "你的设置",
    ] {
        assert!(svg.contains(text), "no text {text:?}");
    }
    for gone in [
        "learning rate",
        "init scale",
        "diverged",
        "chance",
        "your α",
    ] {
        assert!(!svg.contains(gone), "{gone:?} is still drawn");
    }
}
