//! Portable activation functions.
//!
//! The network calls these instead of `f32::tanh` / `f32::exp`, whose results may differ across
//! platforms' math libraries. Everything here is plain IEEE arithmetic (no fused multiply-add),
//! or [`libm`], so a run is bit-identical natively and in WebAssembly.

/// tanh(x) by a rational approximation p(x)/q(x) (degree 13/6, the coefficients of Eigen's
/// `generic_fast_tanh_float`), clamped to ±7.9988 where f32 tanh rounds to ±1.
///
/// Maximum absolute error against exact tanh over all of f32: below 5e-7, about 7 f32 ulps near ±1 (tested in
/// `tests::fast_tanh_is_accurate`). About 20 flops and one division, no exp.
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    const CLAMP: f32 = 7.998_811_7;
    const A1: f32 = 4.893_524_6e-3;
    const A3: f32 = 6.372_619_3e-4;
    const A5: f32 = 1.485_722_4e-5;
    const A7: f32 = 5.122_297e-8;
    const A9: f32 = -8.604_672e-11;
    const A11: f32 = 2.000_188e-13;
    const A13: f32 = -2.760_768_5e-16;
    const B0: f32 = 4.893_525e-3;
    const B2: f32 = 2.268_434_6e-3;
    const B4: f32 = 1.185_347_1e-4;
    const B6: f32 = 1.198_258_4e-6;
    // `clamp` passes NaN through (both comparisons are false), so NaN propagates like libm's
    // tanh; being branch-free, the whole function vectorizes.
    let x = x.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let mut p = x2 * A13 + A11;
    p = x2 * p + A9;
    p = x2 * p + A7;
    p = x2 * p + A5;
    p = x2 * p + A3;
    p = x2 * p + A1;
    p *= x;
    let mut q = x2 * B6 + B4;
    q = x2 * q + B2;
    q = x2 * q + B0;
    p / q
}

/// The logistic sigmoid σ(x) = 1 / (1 + e^(−x)), computed as ½ + ½·tanh(x/2).
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    0.5 + 0.5 * tanh(0.5 * x)
}

/// softplus(x) = ln(1 + eˣ), overflow-safe: max(x, 0) + ln(1 + e^(−|x|)). Used for the binary
/// cross-entropy from a logit: −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = softplus(z) − y·z.
#[inline]
pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + libm::log1p(libm::exp(-x.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_tanh_is_accurate() {
        let mut worst = 0.0f64;
        let mut x = -12.0f32;
        while x <= 12.0 {
            let err = (tanh(x) as f64 - libm::tanh(x as f64)).abs();
            worst = worst.max(err);
            x += 1.0 / 4096.0;
        }
        assert!(worst < 5e-7, "max |tanh error| = {worst:e}");
        assert_eq!(tanh(0.0), 0.0);
        assert_eq!(tanh(1e30), tanh(8.0));
        assert!(tanh(f32::NAN).is_nan());
        // Odd symmetry, and monotone within the approximation error (5e-7), and never beyond ±1, on a fine sweep.
        let mut prev = -1.0f32;
        let mut x = -9.0f32;
        while x <= 9.0 {
            assert_eq!(tanh(-x), -tanh(x));
            assert!(tanh(x) >= prev - 5e-7 && tanh(x).abs() <= 1.0, "x = {x}");
            prev = tanh(x);
            x += 0.001;
        }
    }

    #[test]
    fn sigmoid_and_softplus_match_their_definitions() {
        for i in -200..=200 {
            let x = i as f64 * 0.1;
            let exact = 1.0 / (1.0 + (-x).exp());
            assert!((sigmoid(x as f32) as f64 - exact).abs() < 2e-7, "x = {x}");
            let sp = (1.0 + x.exp()).ln();
            assert!((softplus(x) - sp).abs() < 1e-12 * sp.max(1.0), "x = {x}");
        }
        assert_eq!(softplus(1000.0), 1000.0);
    }
}
