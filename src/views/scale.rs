//! The "Right scale" view (course notes, week 3, §2): many values of α or β drawn two ways —
//! uniformly in value, and on the right scale — counted per decade and binned for histograms
//! on a linear and on a log axis.
//!
//! - Learning rate α in [0.0001, 1]: uniform puts about 90% of the samples in [0.1, 1]; the
//!   course's `r = -4 * rand()`, `α = 10^r` gives each of the four decades 25%.
//! - Momentum β in [0.9, 0.999]: uniform puts about 91% in [0.9, 0.99]; `r` uniform in
//!   [-3, -1], `β = 1 − 10^r` gives [0.9, 0.99] and [0.99, 0.999] half each. The average of an
//!   exponentially weighted average spans about `1/(1 − β)` values: 10 to 100 in the first,
//!   100 to 1000 in the second.
//!
//! The log axis of α is `log10 α`; the log axis of β is `−log10(1 − β)` (1 at β = 0.9, 3 at
//! β = 0.999), so β still grows to the right.

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::rng::{self, PortableRng};
use crate::stats::Bins;
use rand::Rng;

/// The most samples one demo draws.
pub const MAX_SAMPLES: usize = 1_000_000;

/// Which hyperparameter the demo samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleParam {
    /// Learning rate α in [0.0001, 1].
    LearningRate,
    /// Momentum β in [0.9, 0.999].
    Momentum,
}

/// How the samples were drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampler {
    /// Uniform in value between the range's ends.
    Uniform,
    /// On the right scale: α = 10^r with r = −4·rand(); β = 1 − 10^r with r = −1 − 2·rand().
    OnScale,
}

/// One decade of the range: `[lo, hi]` in value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decade {
    /// Lower end (value).
    pub lo: f64,
    /// Upper end (value).
    pub hi: f64,
}

/// Samples of one hyperparameter drawn both ways from one seed.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDemo {
    /// Which hyperparameter.
    pub param: ScaleParam,
    /// Drawn uniformly in value.
    pub uniform: Vec<f64>,
    /// Drawn on the right scale.
    pub on_scale: Vec<f64>,
}

impl ScaleParam {
    /// The range `[lo, hi]` sampled.
    pub fn range(self) -> (f64, f64) {
        match self {
            ScaleParam::LearningRate => (1e-4, 1.0),
            ScaleParam::Momentum => (0.9, 0.999),
        }
    }

    /// The decades of the range, lowest value first.
    pub fn decades(self) -> Vec<Decade> {
        match self {
            ScaleParam::LearningRate => (0..4)
                .map(|k| Decade {
                    lo: libm::pow(10.0, k as f64 - 4.0),
                    hi: libm::pow(10.0, k as f64 - 3.0),
                })
                .collect(),
            ScaleParam::Momentum => vec![
                Decade { lo: 0.9, hi: 0.99 },
                Decade {
                    lo: 0.99,
                    hi: 0.999,
                },
            ],
        }
    }

    /// The log-axis coordinate of `v`: `log10 α`, or `−log10(1 − β)`.
    pub fn log_coordinate(self, v: f64) -> f64 {
        match self {
            ScaleParam::LearningRate => libm::log10(v),
            ScaleParam::Momentum => -libm::log10(1.0 - v),
        }
    }

    /// The log-axis coordinates of the range's ends: [-4, 0] for α, [1, 3] for β.
    pub fn log_range(self) -> (f64, f64) {
        let (lo, hi) = self.range();
        (self.log_coordinate(lo), self.log_coordinate(hi))
    }

    /// One sample drawn with `sampler`.
    pub fn sample(self, sampler: Sampler, rng: &mut PortableRng) -> f64 {
        let (lo, hi) = self.range();
        match (sampler, self) {
            (Sampler::Uniform, _) => rng.random_range(lo..hi),
            (Sampler::OnScale, ScaleParam::LearningRate) => {
                let r = -4.0 * rng.random::<f64>();
                libm::pow(10.0, r)
            }
            (Sampler::OnScale, ScaleParam::Momentum) => {
                let r = -1.0 - 2.0 * rng.random::<f64>();
                1.0 - libm::pow(10.0, r)
            }
        }
    }
}

impl ScaleDemo {
    /// `n` samples each way (1..=[`MAX_SAMPLES`]), drawn with `seed`.
    pub fn new(param: ScaleParam, n: usize, seed: u64) -> Result<ScaleDemo> {
        if !(1..=MAX_SAMPLES).contains(&n) {
            return Err(Error::new(
                Msg::new("error.samples")
                    .num("max", MAX_SAMPLES as f64)
                    .num("got", n as f64),
            )
            .for_key("samples"));
        }
        let mut rng = rng::from_seed(seed);
        let uniform = (0..n)
            .map(|_| param.sample(Sampler::Uniform, &mut rng))
            .collect();
        let on_scale = (0..n)
            .map(|_| param.sample(Sampler::OnScale, &mut rng))
            .collect();
        Ok(ScaleDemo {
            param,
            uniform,
            on_scale,
        })
    }

    /// The samples drawn with `sampler`.
    pub fn samples(&self, sampler: Sampler) -> &[f64] {
        match sampler {
            Sampler::Uniform => &self.uniform,
            Sampler::OnScale => &self.on_scale,
        }
    }

    /// The share of the samples in each decade of [`ScaleParam::decades`] (a sample on a
    /// boundary counts in the upper decade; the shares sum to 1).
    pub fn decade_shares(&self, sampler: Sampler) -> Vec<f64> {
        let decades = self.param.decades();
        let samples = self.samples(sampler);
        let mut counts = vec![0usize; decades.len()];
        for &v in samples {
            let k = decades
                .iter()
                .rposition(|d| v >= d.lo)
                .unwrap_or(0)
                .min(decades.len() - 1);
            counts[k] += 1;
        }
        counts
            .iter()
            .map(|&c| c as f64 / samples.len() as f64)
            .collect()
    }

    /// The `bins` equal bins of the histograms: over the range on the linear axis (value), or
    /// over [`ScaleParam::log_range`] on the log axis.
    pub fn bins(&self, log: bool, bins: usize) -> Bins {
        let (lo, hi) = if log {
            self.param.log_range()
        } else {
            self.param.range()
        };
        Bins::new(lo, hi, bins)
    }

    /// Counts of the samples in [`ScaleDemo::bins`] of the linear axis (value) or of the log
    /// axis ([`ScaleParam::log_coordinate`]). Every sample counts: one that rounding puts just
    /// outside the range counts in the end bin.
    pub fn histogram(&self, sampler: Sampler, log: bool, bins: usize) -> Vec<u32> {
        let bins = self.bins(log, bins);
        let mut counts = vec![0u32; bins.count()];
        for &v in self.samples(sampler) {
            let x = if log { self.param.log_coordinate(v) } else { v };
            counts[bins.index_clamped(x)] += 1;
        }
        counts
    }
}

/// How many values an exponentially weighted average with parameter β averages over, about:
/// `1/(1 − β)` (10 for β = 0.9, 1000 for β = 0.999).
pub fn averaging_window(beta: f64) -> f64 {
    1.0 / (1.0 - beta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_match_the_course() {
        let lr = ScaleDemo::new(ScaleParam::LearningRate, 40_000, 3).unwrap();
        let u = lr.decade_shares(Sampler::Uniform);
        assert!((u[3] - 0.9).abs() < 0.01, "{u:?}");
        for s in lr.decade_shares(Sampler::OnScale) {
            assert!((s - 0.25).abs() < 0.01, "{s}");
        }
        let beta = ScaleDemo::new(ScaleParam::Momentum, 40_000, 3).unwrap();
        let u = beta.decade_shares(Sampler::Uniform);
        assert!((u[0] - 0.09 / 0.099).abs() < 0.01, "{u:?}");
        for s in beta.decade_shares(Sampler::OnScale) {
            assert!((s - 0.5).abs() < 0.01, "{s}");
        }
        assert!((averaging_window(0.9) - 10.0).abs() < 1e-9);
        assert!((averaging_window(0.999) - 1000.0).abs() < 1e-6);
    }

    #[test]
    fn samples_stay_in_range_and_histograms_count_them_all() {
        for param in [ScaleParam::LearningRate, ScaleParam::Momentum] {
            let demo = ScaleDemo::new(param, 5000, 9).unwrap();
            let (lo, hi) = param.range();
            for sampler in [Sampler::Uniform, Sampler::OnScale] {
                assert!(demo.samples(sampler).iter().all(|&v| v >= lo && v <= hi));
                for log in [false, true] {
                    let h = demo.histogram(sampler, log, 20);
                    assert_eq!(h.iter().sum::<u32>(), 5000);
                }
            }
            // On the right scale the log-axis histogram is flat: no bin far from n/bins.
            let h = demo.histogram(Sampler::OnScale, true, 10);
            assert!(h.iter().all(|&c| (350..=650).contains(&c)), "{h:?}");
        }
        assert!(ScaleDemo::new(ScaleParam::LearningRate, 0, 1).is_err());
        let (a, b) = ScaleParam::Momentum.log_range();
        assert!((a - 1.0).abs() < 1e-9 && (b - 3.0).abs() < 1e-9, "{a} {b}");
    }
}
