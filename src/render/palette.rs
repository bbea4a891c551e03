//! The colours of every view, as `[u8; 3]` sRGB triples, and the blends between them.
//!
//! - Classes: class 0 orange, class 1 blue (TensorFlow Playground's pair), class 2 green.
//! - [`NEUTRAL`]: the near-white a decision field shows where the network is unsure (p = ½).
//! - Series: [`TRAIN`] and [`VALID`] for learning curves, [`SERIES`] for strategies and
//!   anything else that needs distinct lines (ColorBrewer "Dark2" without its magenta).
//! - [`DIVERGED`]: magenta, used only to mean "this run blew up" — a hatch of
//!   [`DIVERGED`] and [`DIVERGED_STRIPE`] on landscapes, a magenta marker on charts. No value
//!   colour (the classes, the series, [`viridis`]) is magenta.
//! - [`viridis`]: the sequential colormap of loss landscapes (dark purple → yellow),
//!   perceptually uniform and readable by colour-blind learners.

/// An sRGB colour, 8 bits per channel.
pub type Rgb = [u8; 3];

/// Class 0: orange, #f59322.
pub const CLASS0: Rgb = [0xf5, 0x93, 0x22];
/// Class 1: blue, #0877bd.
pub const CLASS1: Rgb = [0x08, 0x77, 0xbd];
/// Class 2: green, #2ca25f (distinct from both in hue and lightness).
pub const CLASS2: Rgb = [0x2c, 0xa2, 0x5f];
/// The class colours in class order.
pub const CLASSES: [Rgb; 3] = [CLASS0, CLASS1, CLASS2];

/// Near-white, #e8eaeb: a decision field where every class is equally likely.
pub const NEUTRAL: Rgb = [0xe8, 0xea, 0xeb];
/// White.
pub const WHITE: Rgb = [0xff, 0xff, 0xff];
/// The outline of validation points and trial markers, #333333.
pub const INK: Rgb = [0x33, 0x33, 0x33];
/// Text and axes of charts, #444444.
pub const TEXT: Rgb = [0x44, 0x44, 0x44];
/// Chart grid lines, #e6e6e6.
pub const GRID: Rgb = [0xe6, 0xe6, 0xe6];
/// Landscape cells not evaluated yet, #f4f4f4.
pub const PENDING: Rgb = [0xf4, 0xf4, 0xf4];

/// Training curves: dark purple, #5e3c99.
pub const TRAIN: Rgb = [0x5e, 0x3c, 0x99];
/// Validation curves: teal, #1b9e77.
pub const VALID: Rgb = [0x1b, 0x9e, 0x77];
/// Distinct line colours for strategies and other series (Dark2 without magenta).
pub const SERIES: [Rgb; 7] = [
    [0x1b, 0x9e, 0x77],
    [0xd9, 0x5f, 0x02],
    [0x75, 0x70, 0xb3],
    [0x66, 0xa6, 0x1e],
    [0xe6, 0xab, 0x02],
    [0xa6, 0x76, 0x1d],
    [0x66, 0x66, 0x66],
];
/// Markers of learning-rate changes on a loss curve: dark orange, #d95f02.
pub const CHANGE_LEARNING_RATE: Rgb = [0xd9, 0x5f, 0x02];
/// Markers of momentum changes on a loss curve: slate blue, #7570b3.
pub const CHANGE_MOMENTUM: Rgb = [0x75, 0x70, 0xb3];

/// "Diverged": magenta, #e7298a.
pub const DIVERGED: Rgb = [0xe7, 0x29, 0x8a];
/// The darker stripes of the diverged hatch, #7a1048.
pub const DIVERGED_STRIPE: Rgb = [0x7a, 0x10, 0x48];

/// The class colour of class `k` (cycling past the last one).
pub fn class_colour(k: usize) -> Rgb {
    CLASSES[k % CLASSES.len()]
}

/// The series colour of series `k` (cycling).
pub fn series_colour(k: usize) -> Rgb {
    SERIES[k % SERIES.len()]
}

/// Linear blend in sRGB: `a + (b − a)·t` per channel, `t` clamped to [0, 1] (0 → `a`,
/// 1 → `b`), rounded to the nearest integer.
pub fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let ch = |i: usize| (a[i] as f32 + (b[i] as f32 - a[i] as f32) * t).round() as u8;
    [ch(0), ch(1), ch(2)]
}

/// The colour of the diverged hatch at pixel (x, y): [`DIVERGED`] crossed by
/// [`DIVERGED_STRIPE`] diagonals, `max(1, period/3)` pixels wide, every `period` pixels
/// (`(x + y) mod period < stripe width`). `period` is at least 3.
pub fn diverged_hatch(x: usize, y: usize, period: usize) -> Rgb {
    let period = period.max(3);
    if (x + y) % period < (period / 3).max(1) {
        DIVERGED_STRIPE
    } else {
        DIVERGED
    }
}

/// Viridis anchors at t = 0, ⅛, …, 1 (matplotlib's values).
const VIRIDIS: [Rgb; 9] = [
    [68, 1, 84],
    [71, 45, 123],
    [59, 82, 139],
    [44, 114, 142],
    [33, 145, 140],
    [40, 174, 128],
    [94, 201, 98],
    [173, 220, 48],
    [253, 231, 37],
];

/// Viridis, piecewise linear through 9 anchors: t = 0 dark purple (#440154), t = ½ teal
/// (#21918c), t = 1 yellow (#fde725). `t` is clamped to [0, 1]; NaN gives t = 0.
pub fn viridis(t: f64) -> Rgb {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    mix(VIRIDIS[i], VIRIDIS[i + 1], (x - i as f64) as f32)
}

/// Relative luminance-like lightness in [0, 1] (Rec. 709 weights on sRGB values): used to pick
/// readable ink over a colour.
pub fn lightness(c: Rgb) -> f32 {
    (0.2126 * c[0] as f32 + 0.7152 * c[1] as f32 + 0.0722 * c[2] as f32) / 255.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mix_ends_and_middle() {
        assert_eq!(mix(CLASS0, CLASS1, 0.0), CLASS0);
        assert_eq!(mix(CLASS0, CLASS1, 1.0), CLASS1);
        assert_eq!(mix([0, 0, 0], [255, 255, 255], 0.5), [128, 128, 128]);
        assert_eq!(mix([0, 0, 0], [255, 255, 255], f32::NAN), [0, 0, 0]);
    }

    #[test]
    fn viridis_is_monotone_in_lightness_and_far_from_diverged() {
        let mut last = -1.0;
        for i in 0..=64 {
            let c = viridis(i as f64 / 64.0);
            let l = lightness(c);
            assert!(l >= last - 1e-3, "{i}: {l} < {last}");
            last = l;
            let d2: i32 = (0..3)
                .map(|k| (c[k] as i32 - DIVERGED[k] as i32).pow(2))
                .sum();
            assert!(d2 > 120 * 120, "{c:?} too close to the diverged colour");
        }
        assert_eq!(viridis(0.0), VIRIDIS[0]);
        assert_eq!(viridis(1.0), VIRIDIS[8]);
    }
}
