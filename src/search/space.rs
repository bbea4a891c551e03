//! Search spaces: which hyperparameters a search varies, over which range, on which scale.
//!
//! Every [`Axis`] maps a value `v` to a *unit coordinate* `u ∈ [0, 1]` along its scale
//! ([`Axis::to_unit`]) and back ([`Axis::from_unit`]). Sampling `u` uniformly and mapping it back
//! is "sampling on the right scale" (course notes §2); the views draw every point at its unit
//! coordinates, so a log axis looks evenly spaced by decade.
//!
//! | scale | `from_unit(u)` | example |
//! | --- | --- | --- |
//! | [`Scale::Linear`] | `lo + u·(hi − lo)` | layers 2..4, init scale |
//! | [`Scale::Log`] | `10^r`, `r = a + u·(b − a)`, `a = log10 lo`, `b = log10 hi` | α in [1e-4, 1] |
//! | [`Scale::OneMinusLog`] | `1 − 10^r`, `r = c + u·(d − c)`, `c = log10(1 − lo)`, `d = log10(1 − hi)` | β in [0.9, 0.999] |
//! | [`Scale::Integer`] | the `⌊u·n⌋`-th of the `n` integers `lo..=hi` | hidden units 50..100 |
//! | [`Scale::PowersOfTwo`] | the `⌊u·n⌋`-th of the `n` powers of two `lo..=hi` | mini-batch 16..256 |
//! | [`Scale::Categorical`] | the `⌊u·n⌋`-th of the `n` choices | BN off/on, tanh/ReLU |
//!
//! Discrete scales (the last three) split `[0, 1]` into `n` equal bands, one per level, and
//! `to_unit` returns the centre of the value's band, `(i + ½)/n`. So every level is equally
//! likely when `u` is uniform: integers uniformly, powers of two log-uniformly (the integer form of
//! a log scale). A categorical value is the index of its choice, stored as `f64` like every value.

use crate::config::{Activation, Config};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::query;
use crate::rng::PortableRng;
use crate::settings::{self, Domain};
use rand::Rng;

/// One point of a search: one value per axis of its [`SearchSpace`], in axis order. A
/// categorical value is the index of its choice (0.0, 1.0, …).
pub type Point = Vec<f64>;

/// A hyperparameter of the engine that a search can vary: one field (or group of fields) of
/// [`Config`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HyperParam {
    /// Learning rate α ([`Config::learning_rate`]), in (0, 100].
    LearningRate,
    /// Momentum β ([`Config::momentum`]), in [0, 1).
    Momentum,
    /// Adam's β1 ([`Config::beta1`]), in [0, 1).
    AdamBeta1,
    /// Adam's β2 ([`Config::beta2`]), in [0, 1).
    AdamBeta2,
    /// Adam's ε ([`Config::adam_eps`]), in (0, 1].
    AdamEpsilon,
    /// Units of *every* hidden layer ([`Config::hidden`]), 1..=64.
    HiddenUnits,
    /// Number of hidden layers, each with the units of the first ([`Config::hidden`]), 1..=4.
    Layers,
    /// Mini-batch size m ([`Config::batch_size`]); at most the number of training points, which
    /// only the whole config knows (checked when the config is validated).
    BatchSize,
    /// Multiplier on the initial weights' standard deviation ([`Config::init_scale`]), 0.01..=100.
    InitScale,
    /// Learning-rate decay in α = α0 / (1 + decay · epoch) ([`Config::decay`]), 0..=100.
    Decay,
    /// Batch normalization off or on ([`Config::batch_norm`]): choices `["off", "on"]`.
    BatchNorm,
    /// Hidden nonlinearity ([`Config::activation`]): choices `["tanh", "relu"]`.
    Activation,
}

/// What kind of values a hyperparameter takes, which decides the scales it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Any real number in its range: linear, log or one-minus-log scale.
    Real,
    /// Whole numbers: integer or powers-of-two scale.
    Whole,
    /// One of a few named choices: categorical scale.
    Choice,
}

impl HyperParam {
    /// Every searchable hyperparameter, roughly in the course's order of importance.
    pub const ALL: [HyperParam; 12] = [
        HyperParam::LearningRate,
        HyperParam::Momentum,
        HyperParam::HiddenUnits,
        HyperParam::BatchSize,
        HyperParam::Layers,
        HyperParam::Decay,
        HyperParam::AdamBeta1,
        HyperParam::AdamBeta2,
        HyperParam::AdamEpsilon,
        HyperParam::InitScale,
        HyperParam::BatchNorm,
        HyperParam::Activation,
    ];

    /// The name shown to the learner, in the current language (`hyperparam.<key>` in the
    /// catalogues).
    pub fn name(self) -> String {
        self.label().render()
    }

    /// The name as a message (for sentences formatted later, in any language).
    pub fn label(self) -> Msg {
        Msg::new(format!("hyperparam.{}", self.key()))
    }

    /// A short key for URLs, matching the [`Config`] query keys where one exists.
    pub fn key(self) -> &'static str {
        match self {
            HyperParam::LearningRate => "lr",
            HyperParam::Momentum => "momentum",
            HyperParam::AdamBeta1 => "beta1",
            HyperParam::AdamBeta2 => "beta2",
            HyperParam::AdamEpsilon => "adamEps",
            HyperParam::HiddenUnits => "units",
            HyperParam::Layers => "layers",
            HyperParam::BatchSize => "batch",
            HyperParam::InitScale => "initScale",
            HyperParam::Decay => "decay",
            HyperParam::BatchNorm => "bn",
            HyperParam::Activation => "activation",
        }
    }

    /// Parses a [`HyperParam::key`].
    pub fn parse(key: &str) -> Option<Self> {
        HyperParam::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The values the engine accepts: the settings table's domain of its URL key; hidden units
    /// and layers (which the table holds together as `hidden`) are whole numbers.
    pub fn domain(self) -> Domain {
        match self {
            HyperParam::HiddenUnits => Domain::Whole {
                min: 1,
                max: settings::MAX_UNITS as u64,
            },
            HyperParam::Layers => Domain::Whole {
                min: 1,
                max: settings::MAX_LAYERS as u64,
            },
            _ => settings::get(self.key()).domain,
        }
    }

    /// What kind of values it takes.
    pub fn kind(self) -> ValueKind {
        match self.domain() {
            Domain::Real { .. } => ValueKind::Real,
            Domain::Whole { .. } | Domain::Seed => ValueKind::Whole,
            Domain::Choice(_) | Domain::Flag | Domain::Format => ValueKind::Choice,
        }
    }

    /// The names of the choices of a [`ValueKind::Choice`] hyperparameter (empty otherwise);
    /// a categorical value is an index into this list.
    pub fn choices(self) -> &'static [&'static str] {
        match self.domain() {
            Domain::Flag => &["off", "on"],
            Domain::Choice(names) => names,
            _ => &[],
        }
    }

    /// The course's suggested axis for this hyperparameter: α on a log scale over [1e-4, 1],
    /// β on the 1 − 10^r scale over [0.9, 0.999], hidden units uniform in 8..=64, and so on.
    pub fn default_axis(self) -> Axis {
        let axis = match self {
            HyperParam::LearningRate => Axis::log(self, 1e-4, 1.0),
            HyperParam::Momentum | HyperParam::AdamBeta1 => Axis::one_minus_log(self, 0.9, 0.999),
            HyperParam::AdamBeta2 => Axis::one_minus_log(self, 0.99, 0.9999),
            HyperParam::AdamEpsilon => Axis::log(self, 1e-10, 1e-6),
            HyperParam::HiddenUnits => Axis::integer(self, 8.0, 64.0),
            HyperParam::Layers => Axis::integer(self, 1.0, settings::MAX_LAYERS as f64),
            HyperParam::BatchSize => Axis::powers_of_two(self, 4.0, 128.0),
            HyperParam::InitScale => Axis::log(self, 0.1, 10.0),
            HyperParam::Decay => Axis::linear(self, 0.0, 1.0),
            HyperParam::BatchNorm | HyperParam::Activation => Axis::categorical(self),
        };
        axis.expect("default axes are valid")
    }

    /// Sets the corresponding [`Config`] field(s) to `value` (a choice index for categorical
    /// hyperparameters; whole-number hyperparameters are rounded). [`HyperParam::Layers`] keeps
    /// the unit count of the first hidden layer; [`HyperParam::HiddenUnits`] sets every hidden
    /// layer. The result is not validated here: call [`Config::validate`] on the whole config.
    pub fn apply(self, cfg: &mut Config, value: f64) {
        let whole = libm::round(value).max(0.0) as usize;
        match self {
            HyperParam::LearningRate => cfg.learning_rate = value,
            HyperParam::Momentum => cfg.momentum = value,
            HyperParam::AdamBeta1 => cfg.beta1 = value,
            HyperParam::AdamBeta2 => cfg.beta2 = value,
            HyperParam::AdamEpsilon => cfg.adam_eps = value,
            HyperParam::HiddenUnits => cfg.hidden.iter_mut().for_each(|units| *units = whole),
            HyperParam::Layers => {
                // A valid config has at least one hidden layer; otherwise use the default's.
                let first = cfg.hidden.first().copied();
                let units = first.unwrap_or_else(|| Config::default().hidden[0]);
                cfg.hidden = vec![units; whole];
            }
            HyperParam::BatchSize => cfg.batch_size = whole,
            HyperParam::InitScale => cfg.init_scale = value,
            HyperParam::Decay => cfg.decay = value,
            HyperParam::BatchNorm => cfg.batch_norm = whole == 1,
            HyperParam::Activation => {
                cfg.activation = if whole == 1 {
                    Activation::Relu
                } else {
                    Activation::Tanh
                }
            }
        }
    }

    /// The value this hyperparameter has in `cfg` (inverse of [`HyperParam::apply`]); for
    /// [`HyperParam::HiddenUnits`] the units of the first hidden layer.
    pub fn value_in(self, cfg: &Config) -> f64 {
        match self {
            HyperParam::LearningRate => cfg.learning_rate,
            HyperParam::Momentum => cfg.momentum,
            HyperParam::AdamBeta1 => cfg.beta1,
            HyperParam::AdamBeta2 => cfg.beta2,
            HyperParam::AdamEpsilon => cfg.adam_eps,
            HyperParam::HiddenUnits => cfg.hidden.first().copied().unwrap_or(0) as f64,
            HyperParam::Layers => cfg.hidden.len() as f64,
            HyperParam::BatchSize => cfg.batch_size as f64,
            HyperParam::InitScale => cfg.init_scale,
            HyperParam::Decay => cfg.decay,
            HyperParam::BatchNorm => f64::from(u8::from(cfg.batch_norm)),
            HyperParam::Activation => match cfg.activation {
                Activation::Tanh => 0.0,
                Activation::Relu => 1.0,
            },
        }
    }

    /// Whether `v` is a value the engine accepts for this hyperparameter.
    pub fn allows_value(self, v: f64) -> bool {
        match self.domain() {
            Domain::Real {
                min,
                max,
                open_min,
                open_max,
            } => {
                v.is_finite()
                    && (if open_min { v > min } else { v >= min })
                    && (if open_max { v < max } else { v <= max })
            }
            Domain::Whole { min, max } => (min as f64..=max as f64).contains(&v),
            _ => (0.0..self.choices().len() as f64).contains(&v),
        }
    }
}

/// How an axis spreads its values over the unit interval (see the table in [`self`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// `v = lo + u·(hi − lo)`: equal steps in value are equal steps in u.
    Linear,
    /// `v = 10^r` with `r` linear in u between `log10 lo` and `log10 hi`: every decade gets the
    /// same share of u.
    Log,
    /// `v = 1 − 10^r` with `r` linear in u between `log10(1 − lo)` and `log10(1 − hi)`: for β,
    /// whose exponentially weighted average spans about `1/(1 − β)` values.
    OneMinusLog,
    /// The integers `lo..=hi`, one equal band of u each.
    Integer,
    /// The powers of two `lo, 2·lo, …, hi`, one equal band of u each: a log-scale integer axis.
    PowersOfTwo,
    /// The choices of the hyperparameter (values are indices), one equal band of u each.
    Categorical,
}

impl Scale {
    /// The name shown to the learner, in the current language (`axis-scale.<key>`).
    pub fn name(self) -> String {
        self.label().render()
    }

    /// The name as a message.
    pub fn label(self) -> Msg {
        Msg::new(format!("axis-scale.{}", self.key()))
    }

    /// The URL name (`linear`, `log`, `oneMinusLog`, …; the settings table's list).
    pub fn key(self) -> &'static str {
        settings::SCALES[self as usize]
    }

    /// Parses a [`Scale::key`].
    pub fn parse(key: &str) -> Option<Scale> {
        Scale::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Every scale, in the settings table's order.
    pub const ALL: [Scale; 6] = [
        Scale::Linear,
        Scale::Log,
        Scale::OneMinusLog,
        Scale::Integer,
        Scale::PowersOfTwo,
        Scale::Categorical,
    ];

    /// The kind of value the scale spreads.
    pub fn kind(self) -> ValueKind {
        match self {
            Scale::Linear | Scale::Log | Scale::OneMinusLog => ValueKind::Real,
            Scale::Integer | Scale::PowersOfTwo => ValueKind::Whole,
            Scale::Categorical => ValueKind::Choice,
        }
    }

    /// The scales that suit `param` (those of its [`ValueKind`]), in [`Scale::ALL`] order.
    pub fn suiting(param: HyperParam) -> &'static [Scale] {
        match param.kind() {
            ValueKind::Real => &Scale::ALL[..3],
            ValueKind::Whole => &Scale::ALL[3..5],
            ValueKind::Choice => &Scale::ALL[5..],
        }
    }

    /// True for scales with a finite set of values (integer, powers of two, categorical).
    pub fn is_discrete(self) -> bool {
        matches!(
            self,
            Scale::Integer | Scale::PowersOfTwo | Scale::Categorical
        )
    }
}

/// One searched hyperparameter: a range `[lo, hi]` and a [`Scale`]. Always valid: the
/// constructors check the range against the scale and the hyperparameter's allowed values.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    param: HyperParam,
    scale: Scale,
    lo: f64,
    hi: f64,
}

impl Axis {
    /// An axis of `param` over `[lo, hi]` on `scale`, or a learner-readable error naming the
    /// hyperparameter (the caller ties it to the URL key of the end or scale at fault). For
    /// [`Scale::Categorical`], `lo` and `hi` are ignored: the axis covers every choice.
    pub fn new(param: HyperParam, scale: Scale, lo: f64, hi: f64) -> Result<Axis> {
        let fail = |id: &'static str| {
            Err(Error::new(
                Msg::new(id)
                    .msg("name", param.label())
                    .num("lo", lo)
                    .num("hi", hi),
            ))
        };
        if scale.kind() != param.kind() {
            let suits = match param.kind() {
                ValueKind::Real => "axis-scale.suits-real",
                ValueKind::Whole => "axis-scale.suits-whole",
                ValueKind::Choice => "axis-scale.suits-choice",
            };
            return Err(Error::new(
                Msg::new("error.axis-scale-kind")
                    .msg("name", param.label())
                    .msg("scale", scale.label())
                    .msg("suits", Msg::new(suits)),
            ));
        }
        if scale == Scale::Categorical {
            let last = param.choices().len() as f64 - 1.0;
            return Ok(Axis {
                param,
                scale,
                lo: 0.0,
                hi: last,
            });
        }
        if !lo.is_finite() || !hi.is_finite() {
            return fail("error.axis-not-numbers");
        }
        if lo > hi {
            return fail("error.axis-min-above-max");
        }
        if lo == hi {
            return fail("error.axis-empty");
        }
        match scale {
            Scale::Log if lo <= 0.0 => return fail("error.axis-log"),
            Scale::OneMinusLog if !(lo > 0.0 && hi < 1.0) => {
                return fail("error.axis-one-minus-log")
            }
            Scale::Integer if lo.fract() != 0.0 || hi.fract() != 0.0 => {
                return fail("error.axis-integer")
            }
            Scale::PowersOfTwo if !is_power_of_two(lo) || !is_power_of_two(hi) => {
                return fail("error.axis-powers-of-two")
            }
            _ => {}
        }
        for end in [lo, hi] {
            if !param.allows_value(end) {
                return Err(Error::new(
                    Msg::new("error.axis-outside")
                        .msg("name", param.label())
                        .msg("expected", query::expected(param.domain()))
                        .num("lo", lo)
                        .num("hi", hi)
                        .num("end", end),
                ));
            }
        }
        Ok(Axis {
            param,
            scale,
            lo,
            hi,
        })
    }

    /// [`Axis::new`] with [`Scale::Linear`].
    pub fn linear(param: HyperParam, lo: f64, hi: f64) -> Result<Axis> {
        Axis::new(param, Scale::Linear, lo, hi)
    }

    /// [`Axis::new`] with [`Scale::Log`].
    pub fn log(param: HyperParam, lo: f64, hi: f64) -> Result<Axis> {
        Axis::new(param, Scale::Log, lo, hi)
    }

    /// [`Axis::new`] with [`Scale::OneMinusLog`].
    pub fn one_minus_log(param: HyperParam, lo: f64, hi: f64) -> Result<Axis> {
        Axis::new(param, Scale::OneMinusLog, lo, hi)
    }

    /// [`Axis::new`] with [`Scale::Integer`].
    pub fn integer(param: HyperParam, lo: f64, hi: f64) -> Result<Axis> {
        Axis::new(param, Scale::Integer, lo, hi)
    }

    /// [`Axis::new`] with [`Scale::PowersOfTwo`].
    pub fn powers_of_two(param: HyperParam, lo: f64, hi: f64) -> Result<Axis> {
        Axis::new(param, Scale::PowersOfTwo, lo, hi)
    }

    /// [`Axis::new`] with [`Scale::Categorical`], covering every choice of `param`.
    pub fn categorical(param: HyperParam) -> Result<Axis> {
        Axis::new(param, Scale::Categorical, 0.0, 0.0)
    }

    /// The hyperparameter this axis varies.
    pub fn param(&self) -> HyperParam {
        self.param
    }

    /// Its scale.
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// Smallest value (for categorical axes, the first index 0).
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// Largest value (for categorical axes, the last index).
    pub fn hi(&self) -> f64 {
        self.hi
    }

    /// Number of distinct values of a discrete axis; `None` for a continuous one.
    pub fn level_count(&self) -> Option<usize> {
        match self.scale {
            Scale::Integer | Scale::Categorical => Some((self.hi - self.lo) as usize + 1),
            Scale::PowersOfTwo => Some((libm::log2(self.hi / self.lo).round()) as usize + 1),
            _ => None,
        }
    }

    /// Every value of a discrete axis, in increasing order; `None` for a continuous one.
    pub fn levels(&self) -> Option<Vec<f64>> {
        let n = self.level_count()?;
        Some((0..n).map(|i| self.level(i)).collect())
    }

    /// The i-th level of a discrete axis.
    fn level(&self, i: usize) -> f64 {
        match self.scale {
            Scale::PowersOfTwo => self.lo * libm::pow(2.0, i as f64),
            _ => self.lo + i as f64,
        }
    }

    /// The index of the level nearest `v` on a discrete axis with `n` levels.
    fn level_index(&self, v: f64, n: usize) -> usize {
        let i = match self.scale {
            Scale::PowersOfTwo => libm::log2(v.max(f64::MIN_POSITIVE) / self.lo),
            _ => v - self.lo,
        };
        (libm::round(i).max(0.0) as usize).min(n - 1)
    }

    /// The value at unit coordinate `u` (clamped to [0, 1]); see the table in [`self`].
    pub fn from_unit(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        if let Some(n) = self.level_count() {
            let band = ((u * n as f64) as usize).min(n - 1);
            return self.level(band);
        }
        let v = match self.scale {
            Scale::Log => {
                let (a, b) = (libm::log10(self.lo), libm::log10(self.hi));
                libm::pow(10.0, a + u * (b - a))
            }
            Scale::OneMinusLog => {
                let (c, d) = (libm::log10(1.0 - self.lo), libm::log10(1.0 - self.hi));
                1.0 - libm::pow(10.0, c + u * (d - c))
            }
            _ => self.lo + u * (self.hi - self.lo),
        };
        v.clamp(self.lo, self.hi)
    }

    /// The unit coordinate of value `v` (inverse of [`Axis::from_unit`]); values outside the
    /// range map to its ends. A discrete value maps to the centre of its band, `(i + ½)/n`.
    pub fn to_unit(&self, v: f64) -> f64 {
        if let Some(n) = self.level_count() {
            return (self.level_index(v, n) as f64 + 0.5) / n as f64;
        }
        let v = v.clamp(self.lo, self.hi);
        let u = match self.scale {
            Scale::Log => {
                let (a, b) = (libm::log10(self.lo), libm::log10(self.hi));
                (libm::log10(v) - a) / (b - a)
            }
            Scale::OneMinusLog => {
                let (c, d) = (libm::log10(1.0 - self.lo), libm::log10(1.0 - self.hi));
                (libm::log10(1.0 - v) - c) / (d - c)
            }
            _ => (v - self.lo) / (self.hi - self.lo),
        };
        u.clamp(0.0, 1.0)
    }

    /// A random value on the axis's own scale: `from_unit(U)`, U uniform in [0, 1).
    pub fn sample_on_scale(&self, rng: &mut PortableRng) -> f64 {
        self.from_unit(rng.random())
    }

    /// A random value uniform *in value* over `[lo, hi]`, whatever the scale says (the naive
    /// way the course warns about). A discrete axis takes the level nearest that value, so
    /// integer and categorical axes are unchanged, while a powers-of-two axis favours its
    /// largest levels.
    pub fn sample_uniform_in_value(&self, rng: &mut PortableRng) -> f64 {
        match self.scale {
            Scale::Integer | Scale::Categorical => {
                let n = self.level_count().unwrap_or(1);
                self.level(rng.random_range(0..n))
            }
            Scale::PowersOfTwo => {
                let v = rng.random_range(self.lo..self.hi);
                let below = self.lo * libm::pow(2.0, libm::floor(libm::log2(v / self.lo)));
                let above = (2.0 * below).min(self.hi);
                if v - below <= above - v {
                    below
                } else {
                    above
                }
            }
            Scale::Linear | Scale::Log | Scale::OneMinusLog => rng.random_range(self.lo..self.hi),
        }
    }

    /// `v` as the learner reads it: the choice name, a whole number, or three significant
    /// digits (of 1 − β on the 1 − 10^r scale, so 0.9995 does not print as 1.00).
    pub fn format_value(&self, v: f64) -> String {
        match self.scale {
            Scale::Categorical => {
                let choices = self.param.choices();
                let i = (libm::round(v).max(0.0) as usize).min(choices.len() - 1);
                choices[i].to_string()
            }
            Scale::Integer | Scale::PowersOfTwo => format!("{v:.0}"),
            Scale::OneMinusLog => format_significant(v, 1.0 - v),
            Scale::Linear | Scale::Log => format_significant(v, v),
        }
    }
}

/// `v` with three significant digits of `precision_of` (which sets the number of decimals).
fn format_significant(v: f64, precision_of: f64) -> String {
    let magnitude = precision_of.abs();
    if magnitude == 0.0 || !magnitude.is_finite() {
        return format!("{v}");
    }
    let scientific = magnitude >= 1e5 || (magnitude < 1e-3 && precision_of == v);
    if scientific {
        return format!("{v:.2e}");
    }
    let decimals = (2.0 - libm::floor(libm::log10(magnitude))).max(0.0) as usize;
    format!("{v:.decimals$}")
}

fn is_power_of_two(v: f64) -> bool {
    v >= 1.0 && v.fract() == 0.0 && v <= u64::MAX as f64 && (v as u64).is_power_of_two()
}

/// The axes a search varies, each hyperparameter at most once. Every other setting comes from a
/// base [`Config`].
#[derive(Clone, Debug, PartialEq)]
pub struct SearchSpace {
    axes: Vec<Axis>,
}

impl SearchSpace {
    /// A space of at least one axis, or an error if a hyperparameter is on two axes.
    pub fn new(axes: Vec<Axis>) -> Result<SearchSpace> {
        if axes.is_empty() {
            return Err(Error::id("error.space-empty"));
        }
        for (i, axis) in axes.iter().enumerate() {
            if axes[..i].iter().any(|a| a.param == axis.param) {
                return Err(Error::new(
                    Msg::new("error.axis-twice").msg("name", axis.param.label()),
                ));
            }
        }
        Ok(SearchSpace { axes })
    }

    /// The axes, in point order.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// Number of axes (the length of every [`Point`]).
    pub fn len(&self) -> usize {
        self.axes.len()
    }

    /// Always false: a space has at least one axis.
    pub fn is_empty(&self) -> bool {
        self.axes.is_empty()
    }

    /// Position of `param`'s axis, if it is searched.
    pub fn position(&self, param: HyperParam) -> Option<usize> {
        self.axes.iter().position(|a| a.param == param)
    }

    /// The unit coordinates of `point`, axis by axis.
    pub fn to_unit(&self, point: &[f64]) -> Vec<f64> {
        self.axes
            .iter()
            .zip(point)
            .map(|(axis, &v)| axis.to_unit(v))
            .collect()
    }

    /// The point at unit coordinates `unit`, axis by axis.
    pub fn from_unit(&self, unit: &[f64]) -> Point {
        self.axes
            .iter()
            .zip(unit)
            .map(|(axis, &u)| axis.from_unit(u))
            .collect()
    }

    /// Sets every searched field of `cfg` from `point`, in axis order (see
    /// [`HyperParam::apply`]).
    pub fn apply(&self, cfg: &mut Config, point: &[f64]) {
        for (axis, &v) in self.axes.iter().zip(point) {
            axis.param.apply(cfg, v);
        }
    }

    /// The point a config sits at (each axis's [`HyperParam::value_in`]), e.g. to mark the
    /// current settings on a chart.
    pub fn point_of(&self, cfg: &Config) -> Point {
        self.axes.iter().map(|a| a.param.value_in(cfg)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: Result<Axis>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn invalid_ranges_are_explained() {
        let lr = HyperParam::LearningRate;
        let m = message(Axis::linear(lr, 1.0, 0.001));
        assert!(
            m.contains("learning rate") && m.contains("greater than its max"),
            "{m}"
        );
        let m = message(Axis::log(lr, 0.0, 1.0));
        assert!(m.contains("log scale needs a range above 0"), "{m}");
        let m = message(Axis::log(HyperParam::Decay, -1.0, 1.0));
        assert!(m.contains("above 0"), "{m}");
        let m = message(Axis::one_minus_log(HyperParam::Momentum, 0.9, 1.0));
        assert!(m.contains("0 < min < max < 1"), "{m}");
        let m = message(Axis::one_minus_log(HyperParam::Momentum, 0.0, 0.99));
        assert!(m.contains("0 < min < max < 1"), "{m}");
        let m = message(Axis::powers_of_two(HyperParam::BatchSize, 10.0, 256.0));
        assert!(m.contains("powers of two"), "{m}");
        let m = message(Axis::integer(HyperParam::Layers, 1.0, 9.0));
        assert!(
            m.contains("hidden layers") && m.contains("from 1 to 4"),
            "{m}"
        );
        let m = message(Axis::log(HyperParam::HiddenUnits, 4.0, 64.0));
        assert!(m.contains("integer or powers-of-two"), "{m}");
        let m = message(Axis::linear(lr, 0.1, 0.1));
        assert!(m.contains("both 0.1"), "{m}");
        let m = message(Axis::linear(lr, f64::NAN, 0.1));
        assert!(m.contains("must be numbers"), "{m}");
        assert_eq!(
            Axis::log(lr, 0.0, 1.0).unwrap_err().message_id(),
            "error.axis-log"
        );
    }

    #[test]
    fn an_axis_used_twice_is_refused() {
        let e = SearchSpace::new(vec![
            Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap(),
            Axis::linear(HyperParam::LearningRate, 0.1, 1.0).unwrap(),
        ])
        .unwrap_err();
        assert_eq!(e.message_id(), "error.axis-twice");
        assert!(
            e.to_string().contains("learning rate α is on two axes"),
            "{e}"
        );
        assert!(SearchSpace::new(vec![]).is_err());
    }

    #[test]
    fn unit_coordinates_round_trip_on_every_scale() {
        for param in HyperParam::ALL {
            let axis = param.default_axis();
            for k in 0..=20 {
                let u = k as f64 / 20.0;
                let v = axis.from_unit(u);
                assert!(v >= axis.lo() && v <= axis.hi(), "{param:?} {v}");
                assert!(param.allows_value(v), "{param:?} {v}");
                if axis.scale().is_discrete() {
                    assert_eq!(axis.from_unit(axis.to_unit(v)), v, "{param:?}");
                } else {
                    assert!((axis.to_unit(v) - u).abs() < 1e-9, "{param:?} {u}");
                }
            }
        }
    }

    #[test]
    fn scales_put_the_course_values_where_expected() {
        let lr = Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap();
        assert!((lr.from_unit(0.25) - 1e-3).abs() < 1e-15);
        assert!((lr.to_unit(0.01) - 0.5).abs() < 1e-12);
        let beta = Axis::one_minus_log(HyperParam::Momentum, 0.9, 0.999).unwrap();
        assert!((beta.from_unit(0.0) - 0.9).abs() < 1e-12);
        assert!((beta.from_unit(0.5) - 0.99).abs() < 1e-12);
        assert!((beta.from_unit(1.0) - 0.999).abs() < 1e-12);
        let batch = Axis::powers_of_two(HyperParam::BatchSize, 16.0, 256.0).unwrap();
        assert_eq!(
            batch.levels().unwrap(),
            vec![16.0, 32.0, 64.0, 128.0, 256.0]
        );
        assert_eq!(batch.to_unit(64.0), 0.5);
        let layers = Axis::integer(HyperParam::Layers, 2.0, 4.0).unwrap();
        assert_eq!(layers.from_unit(0.0), 2.0);
        assert_eq!(layers.from_unit(0.5), 3.0);
        assert_eq!(layers.from_unit(1.0), 4.0);
        let bn = Axis::categorical(HyperParam::BatchNorm).unwrap();
        assert_eq!(bn.levels().unwrap(), vec![0.0, 1.0]);
        assert_eq!(bn.format_value(1.0), "on");
    }

    #[test]
    fn values_print_with_useful_precision() {
        let beta = Axis::one_minus_log(HyperParam::Momentum, 0.9, 0.999).unwrap();
        assert_eq!(beta.format_value(0.9995), "0.999500");
        let lr = Axis::log(HyperParam::LearningRate, 1e-5, 1.0).unwrap();
        assert_eq!(lr.format_value(0.0123), "0.0123");
        assert_eq!(lr.format_value(0.00005), "5.00e-5");
        let units = Axis::integer(HyperParam::HiddenUnits, 8.0, 64.0).unwrap();
        assert_eq!(units.format_value(32.0), "32");
    }

    #[test]
    fn apply_sets_the_config_fields() {
        let space = SearchSpace::new(vec![
            Axis::integer(HyperParam::Layers, 1.0, 4.0).unwrap(),
            Axis::integer(HyperParam::HiddenUnits, 1.0, 64.0).unwrap(),
            Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap(),
            Axis::categorical(HyperParam::Activation).unwrap(),
            Axis::categorical(HyperParam::BatchNorm).unwrap(),
            Axis::powers_of_two(HyperParam::BatchSize, 2.0, 64.0).unwrap(),
            Axis::one_minus_log(HyperParam::AdamBeta2, 0.99, 0.9999).unwrap(),
        ])
        .unwrap();
        let mut cfg = Config {
            hidden: vec![5, 7],
            ..Config::default()
        };
        let point = vec![3.0, 16.0, 0.002, 1.0, 0.0, 32.0, 0.995];
        space.apply(&mut cfg, &point);
        assert_eq!(cfg.hidden, vec![16, 16, 16]);
        assert_eq!(cfg.learning_rate, 0.002);
        assert_eq!(cfg.activation, Activation::Relu);
        assert!(!cfg.batch_norm);
        assert_eq!(cfg.batch_size, 32);
        assert_eq!(cfg.beta2, 0.995);
        assert_eq!(space.point_of(&cfg), point);

        let mut cfg = Config {
            hidden: vec![5, 7],
            ..Config::default()
        };
        HyperParam::Layers.apply(&mut cfg, 4.0);
        assert_eq!(cfg.hidden, vec![5, 5, 5, 5]);
    }

    #[test]
    fn keys_parse_back() {
        for p in HyperParam::ALL {
            assert_eq!(HyperParam::parse(p.key()), Some(p));
        }
    }
}
