//! The "Right scale" view (course notes, week 3, §2): values of a hyperparameter drawn several
//! ways — uniformly in value, and on the right scale — counted per part of the range (a
//! decade, a half, a value) and binned for histograms on a linear and a log axis.
//!
//! - **A range over decades**, [10^a, 10^b] (the learner sets a and b; the course's learning
//!   rate α has a = −4, b = 0): uniform puts about 90% of the samples in the top decade; the
//!   general rule, r uniform in [a, b] and α = 10^r, gives every decade the same share.
//! - **Momentum β in [0.9, 0.999]**: uniform puts about 91% in [0.9, 0.99]; r uniform in
//!   [−3, −1] and β = 1 − 10^r gives [0.9, 0.99] and [0.99, 0.999] half each. The average of an
//!   exponentially weighted average spans about `1/(1 − β)` values: 10 to 100 in the first,
//!   100 to 1000 in the second. Keras Tuner's `reverse_log` sampling is shown beside it: it is
//!   *not* β = 1 − 10^r (see [`Sampler::ReverseLog`]).
//! - **Where uniform is right**: hidden units in 50..100 and layers in 2..4. These ranges span
//!   a factor of 2, less than a decade, so a log scale would barely change the shares
//!   (units: 58% below 75 instead of 49%); uniform is the natural choice.
//!
//! The log axis of α is `log10 α`; the log axis of β is `−log10(1 − β)` (1 at β = 0.9, 3 at
//! β = 0.999), so β still grows to the right.

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::query::{Query, Reader};
use crate::rng::{self, PortableRng};
use crate::stats::Bins;
use crate::views::View;
use rand::Rng;

/// The most samples one demo draws.
pub const MAX_SAMPLES: usize = crate::settings::MAX_SCALE_SAMPLES as usize;

/// The view's settings, read from the URL.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleSettings {
    /// Samples per sampler.
    pub samples: usize,
    /// Seed of the samples.
    pub seed: u64,
    /// The range [10^a, 10^b] of the first section: a …
    pub a: f64,
    /// … and b (a < b).
    pub b: f64,
}

impl ScaleSettings {
    /// Reads the view's keys (`samples`, `sampleSeed`, `logMin` = a, `logMax` = b) and checks
    /// that a < b (refused at the key the URL gives, `logMin` when it gives both, as the race
    /// refuses a range at its min).
    pub fn read(r: &Reader) -> Result<ScaleSettings> {
        let s = ScaleSettings {
            samples: r.count("samples")?,
            seed: r.seed("sampleSeed")?,
            a: r.real("logMin")?,
            b: r.real("logMax")?,
        };
        if s.a >= s.b {
            let key = if r.given("logMax") && !r.given("logMin") {
                "logMax"
            } else {
                "logMin"
            };
            return Err(Error::new(
                Msg::new("error.scale-exponents")
                    .num("a", s.a)
                    .num("b", s.b),
            )
            .for_key(key));
        }
        Ok(s)
    }

    /// The settings a URL query gives.
    pub fn from_query(query: &str) -> Result<ScaleSettings> {
        ScaleSettings::read(&Query::parse(query)?.reader(View::Scale))
    }
}

/// Which hyperparameter a demo samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScaleParam {
    /// A learning rate α in [10^a, 10^b].
    LearningRate {
        /// log10 of the lower end.
        a: f64,
        /// log10 of the upper end.
        b: f64,
    },
    /// Momentum β in [0.9, 0.999].
    Momentum,
    /// Hidden units, a whole number in 50..=100.
    HiddenUnits,
    /// Hidden layers, a whole number in 2..=4.
    Layers,
}

/// How the samples were drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampler {
    /// Uniform in value between the range's ends.
    Uniform,
    /// On the right scale: α = 10^r with r uniform in [a, b]; β = 1 − 10^r with r uniform in
    /// [−3, −1]; for hidden units, log-uniform (each integer k with probability
    /// ∝ ln((k + 1)/k)), to compare.
    OnScale,
    /// Keras Tuner's `reverse_log` sampling of a float in [min, max], as
    /// `Numerical._sample_numerical_value` computes it (keras-team/keras-tuner,
    /// `keras_tuner/engine/hyperparameters/hp_types/numerical.py`, commit 3288005e):
    /// `max + min − min · (max/min)^(1 − p)` with p uniform in [0, 1). That makes
    /// `max + min − β` log-uniform in [min, max] — a mirrored log scale anchored at `max`, not
    /// at 1. For β in [0.9, 0.999] that range spans a factor of 1.11, so the result is almost
    /// uniform (about 9.5% in [0.99, 0.999]) instead of the 50% of β = 1 − 10^r, which makes
    /// 1 − β log-uniform over [0.001, 0.1], a factor of 100.
    ReverseLog,
}

impl Sampler {
    /// The name the page and the catalogue use.
    pub fn name(self) -> &'static str {
        match self {
            Sampler::Uniform => "uniform",
            Sampler::OnScale => "scale",
            Sampler::ReverseLog => "reverseLog",
        }
    }

    /// The sampler named `name`.
    pub fn parse(name: &str) -> Option<Sampler> {
        [Sampler::Uniform, Sampler::OnScale, Sampler::ReverseLog]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// One part of a range, whose share of the samples the page shows: `[lo, hi)` (the last part
/// includes `hi`), e.g. a decade.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    /// Lower end (value).
    pub lo: f64,
    /// Upper end (value); equal to `lo` for a part that is one whole number.
    pub hi: f64,
}

impl ScaleParam {
    /// The name the page and the catalogue use.
    pub fn name(self) -> &'static str {
        match self {
            ScaleParam::LearningRate { .. } => "lr",
            ScaleParam::Momentum => "beta",
            ScaleParam::HiddenUnits => "units",
            ScaleParam::Layers => "layers",
        }
    }

    /// The samplers the view compares for this hyperparameter.
    pub fn samplers(self) -> &'static [Sampler] {
        match self {
            ScaleParam::LearningRate { .. } | ScaleParam::HiddenUnits => {
                &[Sampler::Uniform, Sampler::OnScale]
            }
            ScaleParam::Momentum => &[Sampler::Uniform, Sampler::OnScale, Sampler::ReverseLog],
            ScaleParam::Layers => &[Sampler::Uniform],
        }
    }

    /// The range `[lo, hi]` sampled.
    pub fn range(self) -> (f64, f64) {
        match self {
            ScaleParam::LearningRate { a, b } => (libm::pow(10.0, a), libm::pow(10.0, b)),
            ScaleParam::Momentum => (0.9, 0.999),
            ScaleParam::HiddenUnits => (50.0, 100.0),
            ScaleParam::Layers => (2.0, 4.0),
        }
    }

    /// True for a whole-number hyperparameter.
    pub fn whole(self) -> bool {
        matches!(self, ScaleParam::HiddenUnits | ScaleParam::Layers)
    }

    /// The parts of the range whose shares the page shows, lowest value first: the decades of α
    /// (split at whole exponents), the two decades of 1 − β, the halves [50, 75) and [75, 100]
    /// of the hidden units, and each number of layers.
    pub fn parts(self) -> Vec<Part> {
        match self {
            ScaleParam::LearningRate { a, b } => {
                let mut cuts = vec![a];
                cuts.extend((a.floor() as i32 + 1..=b.ceil() as i32 - 1).map(f64::from));
                cuts.push(b);
                cuts.windows(2)
                    .map(|w| Part {
                        lo: libm::pow(10.0, w[0]),
                        hi: libm::pow(10.0, w[1]),
                    })
                    .collect()
            }
            ScaleParam::Momentum => vec![
                Part { lo: 0.9, hi: 0.99 },
                Part {
                    lo: 0.99,
                    hi: 0.999,
                },
            ],
            ScaleParam::HiddenUnits => vec![
                Part { lo: 50.0, hi: 75.0 },
                Part {
                    lo: 75.0,
                    hi: 100.0,
                },
            ],
            ScaleParam::Layers => (2..=4)
                .map(|k| Part {
                    lo: k as f64,
                    hi: k as f64,
                })
                .collect(),
        }
    }

    /// The log-axis coordinate of `v`: `log10 α`, or `−log10(1 − β)` (whole numbers have no
    /// log axis here: their value).
    pub fn log_coordinate(self, v: f64) -> f64 {
        match self {
            ScaleParam::LearningRate { .. } => libm::log10(v),
            ScaleParam::Momentum => -libm::log10(1.0 - v),
            _ => v,
        }
    }

    /// The log-axis coordinates of the range's ends: [a, b] for α, [1, 3] for β.
    pub fn log_range(self) -> (f64, f64) {
        let (lo, hi) = self.range();
        (self.log_coordinate(lo), self.log_coordinate(hi))
    }

    /// One sample drawn with `sampler`.
    pub fn sample(self, sampler: Sampler, rng: &mut PortableRng) -> f64 {
        let (lo, hi) = self.range();
        let u = rng.random::<f64>();
        match (sampler, self) {
            (Sampler::Uniform, ScaleParam::HiddenUnits | ScaleParam::Layers) => {
                (lo + libm::floor(u * (hi - lo + 1.0))).min(hi)
            }
            (Sampler::Uniform, _) => lo + u * (hi - lo),
            (Sampler::OnScale, ScaleParam::LearningRate { a, b }) => {
                libm::pow(10.0, a + u * (b - a))
            }
            (Sampler::OnScale, ScaleParam::Momentum) => 1.0 - libm::pow(10.0, -3.0 + 2.0 * u),
            (Sampler::OnScale, _) => libm::floor(lo * libm::pow((hi + 1.0) / lo, u)).clamp(lo, hi),
            (Sampler::ReverseLog, _) => hi + lo - lo * libm::pow(hi / lo, 1.0 - u),
        }
    }
}

/// Samples of one hyperparameter drawn with each of its samplers from one seed.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDemo {
    /// Which hyperparameter.
    pub param: ScaleParam,
    /// The samples of each of [`ScaleParam::samplers`], in that order.
    draws: Vec<Vec<f64>>,
}

impl ScaleDemo {
    /// `n` samples (1..=[`MAX_SAMPLES`]) with each sampler of `param`; each sampler draws from
    /// its own stream of `seed` (stream `stream + k` for the k-th sampler), so changing one
    /// demo's range leaves the others' samples alone.
    pub fn new(param: ScaleParam, n: usize, seed: u64, stream: u64) -> Result<ScaleDemo> {
        if !(1..=MAX_SAMPLES).contains(&n) {
            return Err(Error::new(
                Msg::new("error.samples")
                    .num("max", MAX_SAMPLES as f64)
                    .num("got", n as f64),
            )
            .for_key("samples"));
        }
        let draws = (0..)
            .zip(param.samplers())
            .map(|(k, &s)| {
                let mut rng = rng::derive(seed, stream + k);
                (0..n).map(|_| param.sample(s, &mut rng)).collect()
            })
            .collect();
        Ok(ScaleDemo { param, draws })
    }

    /// The samples drawn with `sampler` (empty for a sampler this demo does not compare).
    pub fn samples(&self, sampler: Sampler) -> &[f64] {
        self.param
            .samplers()
            .iter()
            .position(|&s| s == sampler)
            .map_or(&[], |k| &self.draws[k])
    }

    /// The share of the samples in each of [`ScaleParam::parts`] (a sample on a boundary
    /// counts in the upper part; the shares sum to 1).
    pub fn shares(&self, sampler: Sampler) -> Vec<f64> {
        let parts = self.param.parts();
        let samples = self.samples(sampler);
        let mut counts = vec![0usize; parts.len()];
        for &v in samples {
            let k = parts.iter().rposition(|p| v >= p.lo).unwrap_or(0);
            counts[k] += 1;
        }
        counts
            .iter()
            .map(|&c| c as f64 / samples.len().max(1) as f64)
            .collect()
    }

    /// The `bins` equal bins of the histograms: over the range on the linear axis (value), or
    /// over [`ScaleParam::log_range`] on the log axis. Whole numbers get one bin per
    /// `bins`-th of the values (each bin covering the same count of whole numbers).
    pub fn bins(&self, log: bool, bins: usize) -> Bins {
        let (lo, hi) = if log {
            self.param.log_range()
        } else {
            self.param.range()
        };
        if self.param.whole() {
            let values = hi - lo + 1.0;
            let per = libm::ceil(values / bins as f64);
            let n = libm::ceil(values / per);
            return Bins::new(lo - 0.5, lo - 0.5 + n * per, n as usize);
        }
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

/// One row of a demo's table of shares: a part of the range, each sampler's share of the
/// samples in it, and for β the averaging window 1/(1 − β) at the part's ends.
#[derive(Clone, Debug, PartialEq)]
pub struct PartShares {
    /// The part.
    pub part: Part,
    /// Each sampler of the demo with its share, in [`ScaleParam::samplers`] order.
    pub shares: Vec<(Sampler, f64)>,
    /// For β: [`averaging_window`] at `part.lo` and `part.hi`.
    pub window: Option<(f64, f64)>,
}

impl ScaleDemo {
    /// The table of shares, one row per part, lowest values first.
    pub fn table(&self) -> Vec<PartShares> {
        let samplers = self.param.samplers();
        let shares: Vec<Vec<f64>> = samplers.iter().map(|&s| self.shares(s)).collect();
        self.param
            .parts()
            .into_iter()
            .enumerate()
            .map(|(k, part)| PartShares {
                part,
                shares: samplers
                    .iter()
                    .zip(&shares)
                    .map(|(&s, v)| (s, v[k]))
                    .collect(),
                window: (self.param == ScaleParam::Momentum)
                    .then(|| (averaging_window(part.lo), averaging_window(part.hi))),
            })
            .collect()
    }
}

/// The whole view: a demo per hyperparameter, from the URL's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleView {
    /// The settings drawn with.
    pub settings: ScaleSettings,
    /// α in [10^a, 10^b], β, hidden units, layers — in page order.
    pub demos: Vec<ScaleDemo>,
}

impl ScaleView {
    /// Every demo of `settings`.
    pub fn new(settings: ScaleSettings) -> Result<ScaleView> {
        let params = [
            ScaleParam::LearningRate {
                a: settings.a,
                b: settings.b,
            },
            ScaleParam::Momentum,
            ScaleParam::HiddenUnits,
            ScaleParam::Layers,
        ];
        let demos = (0..)
            .zip(params)
            .map(|(k, p)| ScaleDemo::new(p, settings.samples, settings.seed, 8 * k))
            .collect::<Result<_>>()?;
        Ok(ScaleView { settings, demos })
    }

    /// The view a URL query describes.
    pub fn from_query(query: &str) -> Result<ScaleView> {
        ScaleView::new(ScaleSettings::from_query(query)?)
    }

    /// The demo of the hyperparameter named `name` ("lr", "beta", "units", "layers").
    pub fn demo(&self, name: &str) -> Option<&ScaleDemo> {
        self.demos.iter().find(|d| d.param.name() == name)
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
    fn decades_split_at_whole_exponents() {
        let p = ScaleParam::LearningRate { a: -3.5, b: 0.0 };
        let parts = p.parts();
        assert_eq!(parts.len(), 4);
        assert!((parts[0].lo - 10f64.powf(-3.5)).abs() < 1e-15);
        assert!((parts[0].hi - 1e-3).abs() < 1e-15 && (parts[3].hi - 1.0).abs() < 1e-15);
        assert_eq!(
            ScaleParam::LearningRate { a: -4.0, b: 0.0 }.parts().len(),
            4
        );
        assert_eq!(
            ScaleParam::LearningRate { a: -0.5, b: -0.2 }.parts().len(),
            1
        );
    }

    #[test]
    fn whole_numbers_get_whole_bins() {
        let d = ScaleDemo::new(ScaleParam::Layers, 3000, 1, 0).unwrap();
        let b = d.bins(false, 20);
        assert_eq!(b.count(), 3);
        assert_eq!(b.range(), (1.5, 4.5));
        let d = ScaleDemo::new(ScaleParam::HiddenUnits, 3000, 1, 0).unwrap();
        let b = d.bins(false, 20);
        // 51 values, 3 per bin.
        assert_eq!((b.count(), b.range()), (17, (49.5, 100.5)));
        assert!(d.samples(Sampler::OnScale).iter().all(|v| v.fract() == 0.0));
        assert!(d.samples(Sampler::ReverseLog).is_empty());
    }
}
