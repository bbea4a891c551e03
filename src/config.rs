//! The one configuration of a training run, with defaults, validation and a URL form.
//!
//! Like TensorFlow Playground's `state.ts`: every setting, including every seed, lives here, so
//! `Config::from_query(&config.to_query())` reproduces a run exactly. Unknown or malformed URL
//! parameters are reported as [`Error`]s that name the parameter, never ignored silently.

use crate::error::{Error, Result};
use std::fmt::Write as _;

/// Toy two-dimensional datasets. All but the last two have two classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatasetKind {
    /// A disc of one class inside a ring of the other.
    Circle,
    /// Quadrants: the sign of x·y.
    Xor,
    /// Two Gaussian blobs.
    Gaussians,
    /// Two interleaved spiral arms.
    Spiral,
    /// Two interleaving half circles.
    Moons,
    /// Three spiral arms (three classes, softmax).
    Spiral3,
    /// Three Gaussian blobs (three classes, softmax).
    Blobs3,
}

impl DatasetKind {
    /// Every dataset, in menu order.
    pub const ALL: [DatasetKind; 7] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gaussians,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Spiral3,
        DatasetKind::Blobs3,
    ];

    /// The name used in URLs and menus.
    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gaussians => "gaussians",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Moons => "moons",
            DatasetKind::Spiral3 => "spiral3",
            DatasetKind::Blobs3 => "blobs3",
        }
    }

    /// Number of classes (2 → sigmoid output, 3 → softmax output).
    pub fn classes(self) -> usize {
        match self {
            DatasetKind::Spiral3 | DatasetKind::Blobs3 => 3,
            _ => 2,
        }
    }

    /// Parses a [`DatasetKind::name`].
    pub fn parse(s: &str) -> Option<Self> {
        DatasetKind::ALL.into_iter().find(|d| d.name() == s)
    }
}

/// Hidden-layer nonlinearity g.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// g(z) = tanh z.
    Tanh,
    /// g(z) = max(0, z).
    Relu,
}

impl Activation {
    /// The name used in URLs and menus.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
        }
    }
    /// Parses an [`Activation::name`].
    pub fn parse(s: &str) -> Option<Self> {
        [Activation::Tanh, Activation::Relu]
            .into_iter()
            .find(|a| a.name() == s)
    }
}

/// Weight initialization: W ~ N(0, s²) · init_scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitScheme {
    /// He et al.: s² = 2 / fan_in (suited to ReLU).
    He,
    /// Glorot & Bengio ("Xavier"): s² = 2 / (fan_in + fan_out) (suited to tanh).
    Xavier,
}

impl InitScheme {
    /// The name used in URLs and menus.
    pub fn name(self) -> &'static str {
        match self {
            InitScheme::He => "he",
            InitScheme::Xavier => "xavier",
        }
    }
    /// Parses an [`InitScheme::name`].
    pub fn parse(s: &str) -> Option<Self> {
        [InitScheme::He, InitScheme::Xavier]
            .into_iter()
            .find(|a| a.name() == s)
    }
}

/// The update rule applied to every parameter (W, b, γ, β alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptimizerKind {
    /// θ ← θ − α·dθ.
    Sgd,
    /// v ← β·v + (1 − β)·dθ; θ ← θ − α·v.
    Momentum,
    /// Adam with bias correction: m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), θ ← θ − α·m̂/(√v̂ + ε).
    Adam,
}

impl OptimizerKind {
    /// The name used in URLs and menus.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
        }
    }
    /// Parses an [`OptimizerKind::name`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            OptimizerKind::Sgd,
            OptimizerKind::Momentum,
            OptimizerKind::Adam,
        ]
        .into_iter()
        .find(|a| a.name() == s)
    }
}

/// A hyperparameter the learner can change while a run trains ("babysitting").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// The base learning rate α0.
    LearningRate,
    /// Momentum β (momentum optimizer only).
    Momentum,
}

impl Knob {
    /// The name used in URLs.
    pub fn name(self) -> &'static str {
        match self {
            Knob::LearningRate => "lr",
            Knob::Momentum => "momentum",
        }
    }
}

/// A babysitting change, replayed from the URL: just before update `step + 1` (when `step`
/// updates are done), `knob` is set to `value`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nudge {
    /// Updates done when the change takes effect.
    pub step: u64,
    /// What changes.
    pub knob: Knob,
    /// The new value.
    pub value: f64,
}

/// Everything that defines a training run. `Config::default()` is the page's first view.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    // --- data ---
    /// Which toy dataset.
    pub dataset: DatasetKind,
    /// Total number of points (train + validation), 20..=5000. Default 500.
    pub points: usize,
    /// Noise level, 0..=1 (dataset-specific spread). Default 0.1.
    pub noise: f64,
    /// Share of points used for training, 0.1..=0.9. Default 0.5.
    pub train_fraction: f64,
    /// Seed of the data generator.
    pub data_seed: u64,
    // --- network ---
    /// Units per hidden layer: 1..=4 layers of 1..=64 units. Default [8, 8].
    pub hidden: Vec<usize>,
    /// Hidden nonlinearity. Default tanh.
    pub activation: Activation,
    /// Batch normalization on every hidden layer's z (bias dropped, γ and β learned).
    pub batch_norm: bool,
    /// BN's ε in sqrt(σ² + ε). Default 1e-5 (PyTorch).
    pub bn_eps: f64,
    /// BN running-average momentum: running ← (1 − m)·running + m·batch. Default 0.1 (PyTorch),
    /// i.e. the course's exponentially weighted average with β = 0.9.
    pub bn_momentum: f64,
    /// Initialization scheme. Default: Xavier for tanh, He for ReLU (see [`Config::default`]).
    pub init: InitScheme,
    /// Multiplier on the initial weights' standard deviation, 0.01..=100. Default 1.
    pub init_scale: f64,
    /// Seed of the weight initialization.
    pub init_seed: u64,
    // --- optimization ---
    /// Update rule. Default SGD.
    pub optimizer: OptimizerKind,
    /// Initial learning rate α0, (0, 100]. Default 0.03.
    pub learning_rate: f64,
    /// Momentum β for [`OptimizerKind::Momentum`], [0, 1). Default 0.9.
    pub momentum: f64,
    /// Adam's β1, [0, 1). Default 0.9.
    pub beta1: f64,
    /// Adam's β2, [0, 1). Default 0.999.
    pub beta2: f64,
    /// Adam's ε, (0, 1]. Default 1e-8.
    pub adam_eps: f64,
    /// Learning-rate decay: α = α0 / (1 + decay · epoch), decay ≥ 0. Default 0.
    pub decay: f64,
    /// Mini-batch size m, 1..=number of training points. Default 10.
    pub batch_size: usize,
    /// Seed of the mini-batch order (one shuffle per epoch).
    pub batch_seed: u64,
    /// Mid-run changes of α0 and β, in step order, so a babysat run replays from its URL.
    /// `learning_rate` and `momentum` above are the values the run starts with.
    pub nudges: Vec<Nudge>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dataset: DatasetKind::Circle,
            points: 500,
            noise: 0.1,
            train_fraction: 0.5,
            data_seed: 1,
            hidden: vec![8, 8],
            activation: Activation::Tanh,
            batch_norm: true,
            bn_eps: 1e-5,
            bn_momentum: 0.1,
            init: InitScheme::Xavier,
            init_scale: 1.0,
            init_seed: 1,
            optimizer: OptimizerKind::Sgd,
            learning_rate: 0.03,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            adam_eps: 1e-8,
            decay: 0.0,
            batch_size: 10,
            batch_seed: 1,
            nudges: Vec::new(),
        }
    }
}

/// Hard limits on settings, shared by validation and the page's controls.
pub mod limits {
    /// Most hidden layers.
    pub const MAX_LAYERS: usize = 4;
    /// Most units in a hidden layer.
    pub const MAX_UNITS: usize = 64;
    /// Fewest and most data points.
    pub const POINTS: (usize, usize) = (20, 5000);
}

impl Config {
    /// Number of training points this config yields.
    pub fn train_points(&self) -> usize {
        ((self.points as f64 * self.train_fraction).round() as usize).clamp(1, self.points)
    }

    /// Number of output classes (from the dataset).
    pub fn classes(&self) -> usize {
        self.dataset.classes()
    }

    /// Checks every setting; the first problem found is returned as a learner-readable error.
    pub fn validate(&self) -> Result<()> {
        let keyed = |key: &'static str| move |e: Error| e.for_key(key);
        let (pmin, pmax) = limits::POINTS;
        if !(pmin..=pmax).contains(&self.points) {
            return Err(Error::setting(
                "points",
                format!("must be between {pmin} and {pmax}, got {}", self.points),
            )
            .for_key("points"));
        }
        check_range("noise", self.noise, 0.0, 1.0).map_err(keyed("noise"))?;
        check_range("train fraction", self.train_fraction, 0.1, 0.9).map_err(keyed("train"))?;
        if self.hidden.is_empty() || self.hidden.len() > limits::MAX_LAYERS {
            return Err(Error::setting(
                "layers",
                format!(
                    "use 1 to {} hidden layers, got {}",
                    limits::MAX_LAYERS,
                    self.hidden.len()
                ),
            )
            .for_key("hidden"));
        }
        if let Some(&u) = self
            .hidden
            .iter()
            .find(|&&u| u == 0 || u > limits::MAX_UNITS)
        {
            return Err(Error::setting(
                "units",
                format!(
                    "each hidden layer needs 1 to {} units, got {u}",
                    limits::MAX_UNITS
                ),
            )
            .for_key("hidden"));
        }
        check_range("BN ε", self.bn_eps, 1e-12, 1.0).map_err(keyed("bnEps"))?;
        check_range("BN momentum", self.bn_momentum, 0.0, 1.0).map_err(keyed("bnMomentum"))?;
        check_range("init scale", self.init_scale, 0.01, 100.0).map_err(keyed("initScale"))?;
        self.check_knob(Knob::LearningRate, self.learning_rate)?;
        check_open_top("momentum β", self.momentum).map_err(keyed("momentum"))?;
        check_open_top("Adam β1", self.beta1).map_err(keyed("beta1"))?;
        check_open_top("Adam β2", self.beta2).map_err(keyed("beta2"))?;
        if !(self.adam_eps > 0.0 && self.adam_eps <= 1.0) {
            return Err(Error::setting(
                "Adam ε",
                format!("must be in (0, 1], got {}", self.adam_eps),
            )
            .for_key("adamEps"));
        }
        check_range("decay", self.decay, 0.0, 100.0).map_err(keyed("decay"))?;
        let n_train = self.train_points();
        if self.batch_size == 0 || self.batch_size > n_train {
            return Err(Error::setting(
                "batch size",
                format!(
                    "must be between 1 and the {n_train} training points, got {}",
                    self.batch_size
                ),
            )
            .for_key("batch"));
        }
        if self.batch_norm && self.batch_size == 1 {
            return Err(Error::BatchNormNeedsBatch);
        }
        let mut last_step = 0;
        for n in &self.nudges {
            if n.step < last_step {
                return Err(
                    Error::setting("babysitting changes", "must be listed in step order")
                        .for_key("nudges"),
                );
            }
            last_step = n.step;
            self.check_knob(n.knob, n.value).map_err(keyed("nudges"))?;
        }
        Ok(())
    }

    /// Checks a value for a knob the learner turns mid-run (same ranges as the settings).
    pub fn check_knob(&self, knob: Knob, value: f64) -> Result<()> {
        match knob {
            Knob::LearningRate if !(value > 0.0 && value <= 100.0) => Err(Error::setting(
                "learning rate",
                format!("must be in (0, 100], got {value}"),
            )
            .for_key("lr")),
            Knob::Momentum if self.optimizer != OptimizerKind::Momentum => Err(Error::setting(
                "momentum β",
                "only the momentum optimizer uses β; switch the optimizer to momentum first",
            )
            .for_key("momentum")),
            Knob::Momentum => {
                check_open_top("momentum β", value).map_err(|e| e.for_key("momentum"))
            }
            Knob::LearningRate => Ok(()),
        }
    }

    /// The URL query form (without `?`), listing only settings that differ from the default.
    pub fn to_query(&self) -> String {
        self.query(false)
    }

    /// The URL query form with every setting, defaults included (what a form shows).
    pub fn to_full_query(&self) -> String {
        self.query(true)
    }

    fn query(&self, every_setting: bool) -> String {
        let d = Config::default();
        let mut q = String::new();
        let mut put = |k: &str, v: String| {
            if !q.is_empty() {
                q.push('&');
            }
            let _ = write!(q, "{k}={v}");
        };
        macro_rules! field {
            ($key:literal, $f:ident, $fmt:expr) => {
                if every_setting || self.$f != d.$f {
                    put($key, $fmt(&self.$f));
                }
            };
        }
        field!("dataset", dataset, |v: &DatasetKind| v.name().to_string());
        field!("points", points, |v: &usize| v.to_string());
        field!("noise", noise, |v: &f64| v.to_string());
        field!("train", train_fraction, |v: &f64| v.to_string());
        field!("dataSeed", data_seed, |v: &u64| v.to_string());
        field!("hidden", hidden, |v: &Vec<usize>| v
            .iter()
            .map(|u| u.to_string())
            .collect::<Vec<_>>()
            .join(","));
        field!("activation", activation, |v: &Activation| v
            .name()
            .to_string());
        field!("bn", batch_norm, |v: &bool| (if *v { "1" } else { "0" })
            .to_string());
        field!("bnEps", bn_eps, |v: &f64| v.to_string());
        field!("bnMomentum", bn_momentum, |v: &f64| v.to_string());
        field!("init", init, |v: &InitScheme| v.name().to_string());
        field!("initScale", init_scale, |v: &f64| v.to_string());
        field!("initSeed", init_seed, |v: &u64| v.to_string());
        field!("optimizer", optimizer, |v: &OptimizerKind| v
            .name()
            .to_string());
        field!("lr", learning_rate, |v: &f64| v.to_string());
        field!("momentum", momentum, |v: &f64| v.to_string());
        field!("beta1", beta1, |v: &f64| v.to_string());
        field!("beta2", beta2, |v: &f64| v.to_string());
        field!("adamEps", adam_eps, |v: &f64| v.to_string());
        field!("decay", decay, |v: &f64| v.to_string());
        field!("batch", batch_size, |v: &usize| v.to_string());
        field!("batchSeed", batch_seed, |v: &u64| v.to_string());
        field!("nudges", nudges, |v: &Vec<Nudge>| v
            .iter()
            .map(|n| format!("{}:{}:{}", n.step, n.knob.name(), n.value))
            .collect::<Vec<_>>()
            .join(","));
        q
    }

    /// Parses a URL query (with or without the leading `?`) over the defaults, then validates.
    /// Keys this config does not know are left for other views (`view`, search settings) and
    /// ignored here; a known key with a bad value is an error naming the key.
    pub fn from_query(query: &str) -> Result<Config> {
        let mut c = Config::default();
        for (key, value) in query_pairs(query) {
            let v = value.as_str();
            match key.as_str() {
                "dataset" => {
                    c.dataset = DatasetKind::parse(v).ok_or_else(|| {
                        bad(
                            &key,
                            v,
                            "one of circle, xor, gaussians, spiral, moons, spiral3, blobs3",
                        )
                    })?
                }
                "points" => c.points = parse_num(&key, v)?,
                "noise" => c.noise = parse_num(&key, v)?,
                "train" => c.train_fraction = parse_num(&key, v)?,
                "dataSeed" => c.data_seed = parse_num(&key, v)?,
                "hidden" => {
                    c.hidden = v
                        .split(',')
                        .map(|u| parse_num::<usize>(&key, u.trim()))
                        .collect::<Result<_>>()?
                }
                "activation" => {
                    c.activation =
                        Activation::parse(v).ok_or_else(|| bad(&key, v, "tanh or relu"))?
                }
                "bn" => {
                    c.batch_norm = match v {
                        "1" | "true" | "on" => true,
                        "0" | "false" | "off" => false,
                        _ => return Err(bad(&key, v, "1 or 0")),
                    }
                }
                "bnEps" => c.bn_eps = parse_num(&key, v)?,
                "bnMomentum" => c.bn_momentum = parse_num(&key, v)?,
                "init" => {
                    c.init = InitScheme::parse(v).ok_or_else(|| bad(&key, v, "he or xavier"))?
                }
                "initScale" => c.init_scale = parse_num(&key, v)?,
                "initSeed" => c.init_seed = parse_num(&key, v)?,
                "optimizer" => {
                    c.optimizer = OptimizerKind::parse(v)
                        .ok_or_else(|| bad(&key, v, "sgd, momentum or adam"))?
                }
                "lr" => c.learning_rate = parse_num(&key, v)?,
                "momentum" => c.momentum = parse_num(&key, v)?,
                "beta1" => c.beta1 = parse_num(&key, v)?,
                "beta2" => c.beta2 = parse_num(&key, v)?,
                "adamEps" => c.adam_eps = parse_num(&key, v)?,
                "decay" => c.decay = parse_num(&key, v)?,
                "batch" => c.batch_size = parse_num(&key, v)?,
                "batchSeed" => c.batch_seed = parse_num(&key, v)?,
                "nudges" => c.nudges = parse_nudges(&key, v)?,
                _ => {}
            }
        }
        c.validate()?;
        Ok(c)
    }
}

/// Splits `a=1&b=x%2Cy` into decoded pairs (percent-decoding and `+` as space).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses `100:lr:0.06,150:momentum:0.5` (empty: none).
fn parse_nudges(key: &str, v: &str) -> Result<Vec<Nudge>> {
    v.split(',')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let expected = "step:knob:value entries such as 100:lr:0.06 (knob lr or momentum)";
            let mut fields = part.split(':');
            let (Some(step), Some(knob), Some(value), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad(key, part, expected));
            };
            let knob = match knob {
                "lr" => Knob::LearningRate,
                "momentum" => Knob::Momentum,
                _ => return Err(bad(key, part, expected)),
            };
            Ok(Nudge {
                step: step.parse().map_err(|_| bad(key, part, expected))?,
                knob,
                value: value.parse().map_err(|_| bad(key, part, expected))?,
            })
        })
        .collect()
}

fn bad(key: &str, value: &str, expected: &str) -> Error {
    Error::setting(
        format!("URL parameter '{key}'"),
        format!("'{value}' is not valid; expected {expected}"),
    )
    .for_key(key)
}

fn parse_num<T: std::str::FromStr>(key: &str, v: &str) -> Result<T> {
    v.parse::<T>().map_err(|_| bad(key, v, "a number"))
}

fn check_range(what: &str, v: f64, lo: f64, hi: f64) -> Result<()> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Error::setting(
            what,
            format!("must be between {lo} and {hi}, got {v}"),
        ))
    }
}

fn check_open_top(what: &str, v: f64) -> Result<()> {
    if v.is_finite() && (0.0..1.0).contains(&v) {
        Ok(())
    } else {
        Err(Error::setting(what, format!("must be in [0, 1), got {v}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_has_an_empty_query() {
        let c = Config::default();
        c.validate().unwrap();
        assert_eq!(c.to_query(), "");
    }

    #[test]
    fn full_query_lists_every_setting_and_round_trips() {
        let full = Config::default().to_full_query();
        for key in [
            "dataset=circle",
            "lr=0.03",
            "hidden=8,8",
            "bn=1",
            "batchSeed=1",
            "nudges=",
        ] {
            assert!(full.contains(key), "{key} missing from {full}");
        }
        assert_eq!(Config::from_query(&full).unwrap(), Config::default());
    }

    #[test]
    fn query_round_trips_every_field() {
        let c = Config {
            dataset: DatasetKind::Spiral3,
            points: 300,
            noise: 0.25,
            train_fraction: 0.6,
            data_seed: 42,
            hidden: vec![16, 4, 2],
            activation: Activation::Relu,
            batch_norm: false,
            bn_eps: 1e-3,
            bn_momentum: 0.2,
            init: InitScheme::He,
            init_scale: 2.5,
            init_seed: 9,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.0015,
            momentum: 0.95,
            beta1: 0.8,
            beta2: 0.99,
            adam_eps: 1e-6,
            decay: 0.01,
            batch_size: 32,
            batch_seed: 77,
            nudges: vec![],
        };
        let q = c.to_query();
        assert_eq!(Config::from_query(&q).unwrap(), c);
        assert_eq!(Config::from_query(&format!("?{q}")).unwrap(), c);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let e = Config::from_query("lr=abc").unwrap_err().to_string();
        assert!(e.contains("'lr'") && e.contains("abc"), "{e}");
        let e = Config::from_query("dataset=banana")
            .unwrap_err()
            .to_string();
        assert!(e.contains("dataset"), "{e}");
        let e = Config::from_query("hidden=8,0").unwrap_err().to_string();
        assert!(e.contains("units"), "{e}");
        let e = Config::from_query("lr=-1").unwrap_err().to_string();
        assert!(e.contains("learning rate"), "{e}");
        let e = Config::from_query("lr=NaN").unwrap_err().to_string();
        assert!(e.contains("learning rate"), "{e}");
        let e = Config::from_query("batch=9999").unwrap_err().to_string();
        assert!(e.contains("batch size"), "{e}");
    }

    #[test]
    fn every_refusal_names_the_url_key_of_its_setting() {
        for (query, key) in [
            ("lr=abc", "lr"),
            ("lr=-1", "lr"),
            ("points=3", "points"),
            ("noise=2", "noise"),
            ("hidden=8,0", "hidden"),
            ("hidden=1,1,1,1,1", "hidden"),
            ("initScale=0", "initScale"),
            ("momentum=1", "momentum"),
            ("beta2=1.5", "beta2"),
            ("adamEps=0", "adamEps"),
            ("batch=0", "batch"),
            ("batch=1", "batch"),
            ("nudges=5:lr:0", "nudges"),
            ("train=0.99", "train"),
        ] {
            let e = Config::from_query(query).unwrap_err();
            assert_eq!(e.key(), Some(key), "{query}: {e}");
        }
    }

    #[test]
    fn batch_of_one_with_bn_is_refused_but_allowed_without() {
        assert_eq!(
            Config::from_query("batch=1&bn=1").unwrap_err(),
            Error::BatchNormNeedsBatch
        );
        assert!(Config::from_query("batch=1&bn=0").is_ok());
    }

    #[test]
    fn nudges_round_trip_and_are_validated() {
        let c =
            Config::from_query("optimizer=momentum&nudges=100:lr:0.06,150:momentum:0.5").unwrap();
        assert_eq!(
            c.nudges,
            vec![
                Nudge {
                    step: 100,
                    knob: Knob::LearningRate,
                    value: 0.06
                },
                Nudge {
                    step: 150,
                    knob: Knob::Momentum,
                    value: 0.5
                },
            ]
        );
        assert_eq!(Config::from_query(&c.to_query()).unwrap(), c);
        for bad in [
            "nudges=100:lr",
            "nudges=100:alpha:0.1",
            "nudges=x:lr:0.1",
            "nudges=100:lr:-1",
            "nudges=100:momentum:0.5",
            "nudges=200:lr:0.1,100:lr:0.2",
        ] {
            assert!(Config::from_query(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn percent_encoding_is_decoded() {
        assert_eq!(
            Config::from_query("hidden=4%2C4").unwrap().hidden,
            vec![4, 4]
        );
    }
}
