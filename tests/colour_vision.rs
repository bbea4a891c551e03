//! Palettes a colour-blind learner can read: every pair of colours the page uses to tell things
//! apart stays clearly different (CIE76 ΔE ≥ 15 in CIELAB; 2.3 is just noticeable) under
//! simulated protanopia, deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009,
//! severity 1, applied in linear RGB).

#![cfg(not(target_arch = "wasm32"))]

use tunelab::render::palette::{self, Rgb};

type Mat = [[f64; 3]; 3];

const PROTANOPIA: Mat = [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
];
const DEUTERANOPIA: Mat = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
];
const TRITANOPIA: Mat = [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.303900],
];
const IDENTITY: Mat = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
const VISIONS: [(&str, Mat); 4] = [
    ("normal", IDENTITY),
    ("protanopia", PROTANOPIA),
    ("deuteranopia", DEUTERANOPIA),
    ("tritanopia", TRITANOPIA),
];

fn linear(c: u8) -> f64 {
    let c = c as f64 / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// CIELAB (D65) of a linear-RGB colour.
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = rgb.map(|v| v.clamp(0.0, 1.0));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// How `c` looks under vision `m`, in CIELAB.
fn seen(c: Rgb, m: &Mat) -> [f64; 3] {
    let l = c.map(linear);
    lab([0, 1, 2].map(|i| m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]))
}

fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

fn assert_apart(what: &str, a: Rgb, b: Rgb) {
    for (vision, m) in &VISIONS {
        let d = delta_e(seen(a, m), seen(b, m));
        assert!(
            d >= 15.0,
            "{what} under {vision}: ΔE {d:.1} < 15 ({a:?} vs {b:?})"
        );
    }
}

#[test]
fn the_classes_stay_apart_for_colour_blind_learners() {
    let c = palette::CLASSES;
    for i in 0..c.len() {
        for j in i + 1..c.len() {
            assert_apart(&format!("class {i} vs class {j}"), c[i], c[j]);
        }
        // A class colour must also stand out from the unsure field around it.
        assert_apart(
            &format!("class {i} vs the neutral field"),
            c[i],
            palette::NEUTRAL,
        );
    }
}

#[test]
fn learning_curves_and_the_three_strategies_stay_apart() {
    assert_apart("train vs validation", palette::TRAIN, palette::VALID);
    for i in 0..3 {
        for j in i + 1..3 {
            assert_apart(
                &format!("strategy {i} vs {j}"),
                palette::series_colour(i),
                palette::series_colour(j),
            );
        }
    }
    assert_apart(
        "α change vs β change markers",
        palette::CHANGE_LEARNING_RATE,
        palette::CHANGE_MOMENTUM,
    );
}

#[test]
fn diverged_cells_are_told_apart_by_their_hatch_not_only_their_hue() {
    // Under protanopia the magenta of "diverged" comes within ΔE 12 of viridis's dark blue, so
    // a diverged cell is never a plain colour: it is a hatch of two stripes whose lightness
    // differs enough for every vision, a texture no loss value has.
    assert_apart(
        "diverged hatch stripes",
        palette::DIVERGED,
        palette::DIVERGED_STRIPE,
    );
    let lightness = |c: Rgb| seen(c, &IDENTITY)[0];
    for (vision, m) in &VISIONS {
        let d = (seen(palette::DIVERGED, m)[0] - seen(palette::DIVERGED_STRIPE, m)[0]).abs();
        assert!(d >= 15.0, "hatch lightness contrast under {vision}: {d:.1}");
    }
    assert!(lightness(palette::DIVERGED) > lightness(palette::DIVERGED_STRIPE));
    // The hatch is what the landscapes draw for a diverged cell.
    let a = palette::diverged_hatch(0, 0, 6);
    let b = (0..12)
        .map(|x| palette::diverged_hatch(x, 0, 6))
        .find(|&c| c != a);
    assert!(
        b.is_some(),
        "a diverged cell shows two colours across a row"
    );
}

#[test]
fn the_simulation_is_the_published_one() {
    // Machado's matrices leave grey grey (rows sum to 1) and confuse red with green for
    // protanopia and deuteranopia, blue with green for tritanopia.
    for (_, m) in &VISIONS {
        for row in m {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-3);
        }
    }
    let red_green = |m: &Mat| delta_e(seen([200, 60, 60], m), seen([90, 140, 60], m));
    assert!(red_green(&DEUTERANOPIA) < 0.5 * red_green(&IDENTITY));
    let blue_green = |m: &Mat| delta_e(seen([40, 90, 200], m), seen([40, 160, 140], m));
    assert!(blue_green(&TRITANOPIA) < 0.5 * blue_green(&IDENTITY));
}
