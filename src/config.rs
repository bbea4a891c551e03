//! The one configuration of a training run, with defaults, validation and a URL form.
//!
//! Like TensorFlow Playground's `state.ts`: every setting, including every seed, lives here, so
//! `Config::from_query(&config.to_query())` reproduces a run exactly. Unknown or malformed URL
//! parameters are reported as [`Error`]s that name the parameter, never ignored silently.

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::query::{self, Query, Reader, Writer};
use crate::views::View;

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

    /// The name used in URLs and menus (the settings table's list, in this enum's order).
    pub fn name(self) -> &'static str {
        crate::settings::DATASETS[self as usize]
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
    /// The name used in URLs and menus (the settings table's list, in this enum's order).
    pub fn name(self) -> &'static str {
        crate::settings::ACTIVATIONS[self as usize]
    }
    /// Parses an [`Activation::name`].
    pub fn parse(s: &str) -> Option<Self> {
        [Activation::Tanh, Activation::Relu]
            .into_iter()
            .find(|a| a.name() == s)
    }
}

/// Where batch norm sits in a hidden layer (the course normalizes z; some normalize a).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BnPlace {
    /// Before the activation (the course's and the original paper's choice):
    /// z = W·a_prev (no b), z̃ = BN(z; γ, β), a = g(z̃). URL `bnPlace=z`.
    #[default]
    Z,
    /// After the activation: z = W·a_prev + b, h = g(z), a = BN(h; γ, β), so the next layer
    /// gets inputs of mean β and spread γ whatever g does. URL `bnPlace=a`.
    A,
}

impl BnPlace {
    /// The name used in URLs and menus (the settings table's list, in this enum's order).
    pub fn name(self) -> &'static str {
        crate::settings::BN_PLACES[self as usize]
    }
    /// Parses a [`BnPlace::name`].
    pub fn parse(s: &str) -> Option<Self> {
        [BnPlace::Z, BnPlace::A].into_iter().find(|p| p.name() == s)
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
    /// The name used in URLs and menus (the settings table's list, in this enum's order).
    pub fn name(self) -> &'static str {
        crate::settings::INITS[self as usize]
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
    /// The name used in URLs and menus (the settings table's list, in this enum's order).
    pub fn name(self) -> &'static str {
        crate::settings::OPTIMIZERS[self as usize]
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

/// Everything that defines a training run. `Config::default()` holds the settings table's
/// defaults; a view may start some keys elsewhere ([`View::defaults`]: the panda view starts on
/// the spiral), so a view reads its config with [`Config::from_query_in`].
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
    /// Where BN sits: on z before the activation (default) or on a after it.
    pub bn_place: BnPlace,
    /// BN's ε in sqrt(σ² + ε). Default 1e-5 (PyTorch).
    pub bn_eps: f64,
    /// BN running-average momentum: running ← (1 − m)·running + m·batch. Default 0.1 (PyTorch),
    /// i.e. the course's exponentially weighted average with β = 0.9.
    pub bn_momentum: f64,
    /// Initialization scheme. Default: Xavier (Glorot) whatever the activation; He suits ReLU.
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
    /// The settings table's defaults (see [`crate::settings`]).
    fn default() -> Self {
        Config::read(&Query::default().table_reader()).expect("the table's defaults are valid")
    }
}

/// The most babysitting changes a run keeps: each is about 15 characters of URL, so a link stays
/// under 8 kB — far below what servers and browsers accept (python's http.server refuses request
/// lines over 64 KiB).
pub const MAX_NUDGES: usize = 500;

/// Hard limits on settings (declared in [`crate::settings`]; repeated here for old callers).
pub mod limits {
    /// Most hidden layers.
    pub const MAX_LAYERS: usize = crate::settings::MAX_LAYERS;
    /// Most units in a hidden layer.
    pub const MAX_UNITS: usize = crate::settings::MAX_UNITS;
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

    /// Checks every setting against the settings table, then the checks that involve two
    /// settings (a batch no larger than the training set, BN needing two examples, babysitting
    /// changes in step order); the first problem found is returned, tied to its URL key.
    pub fn validate(&self) -> Result<()> {
        query::check_whole("points", self.points as u64)?;
        query::check_real("noise", self.noise)?;
        query::check_real("train", self.train_fraction)?;
        check_hidden(&self.hidden)?;
        query::check_real("bnEps", self.bn_eps)?;
        query::check_real("bnMomentum", self.bn_momentum)?;
        query::check_real("initScale", self.init_scale)?;
        self.check_knob(Knob::LearningRate, self.learning_rate)?;
        query::check_real("momentum", self.momentum)?;
        query::check_real("beta1", self.beta1)?;
        query::check_real("beta2", self.beta2)?;
        query::check_real("adamEps", self.adam_eps)?;
        query::check_real("decay", self.decay)?;
        query::check_whole("batch", self.batch_size as u64)?;
        let n_train = self.train_points();
        if self.batch_size > n_train {
            return Err(Error::new(
                Msg::new("error.batch-too-large")
                    .num("batch", self.batch_size as f64)
                    .num("train", n_train as f64),
            )
            .for_key("batch"));
        }
        if self.batch_norm && self.batch_size == 1 {
            return Err(Error::batch_norm_needs_batch());
        }
        if self.nudges.len() > MAX_NUDGES {
            return Err(Error::new(
                Msg::new("error.nudges-too-many")
                    .num("max", MAX_NUDGES as f64)
                    .num("got", self.nudges.len() as f64),
            )
            .for_key("nudges"));
        }
        let mut last_step = 0;
        for n in &self.nudges {
            if n.step < last_step {
                return Err(Error::id("error.nudges-order").for_key("nudges"));
            }
            last_step = n.step;
            self.check_knob(n.knob, n.value).map_err(|e| {
                Error::new(
                    Msg::new("error.nudge")
                        .text("nudge", format!("{}:{}:{}", n.step, n.knob.name(), n.value))
                        .msg("problem", e.msg().clone()),
                )
                .for_key("nudges")
            })?;
        }
        Ok(())
    }

    /// Checks a value for a knob the learner turns mid-run (same ranges as the settings).
    pub fn check_knob(&self, knob: Knob, value: f64) -> Result<()> {
        match knob {
            Knob::LearningRate => query::check_real("lr", value).map(drop),
            Knob::Momentum if self.optimizer != OptimizerKind::Momentum => {
                Err(Error::id("error.momentum-needs-optimizer").for_key("momentum"))
            }
            Knob::Momentum => query::check_real("momentum", value).map(drop),
        }
    }

    /// The URL query form (without `?`), listing only settings that differ from the table's
    /// defaults.
    pub fn to_query(&self) -> String {
        self.write(Writer::table(false))
    }

    /// The URL query form with every setting, defaults included (what a form shows).
    pub fn to_full_query(&self) -> String {
        self.write(Writer::table(true))
    }

    /// The URL query form, listing what differs from `view`'s defaults (or, with `every`,
    /// every training setting).
    pub fn query_in(&self, view: View, every: bool) -> String {
        self.write(Writer::new(view, every))
    }

    fn write(&self, mut w: Writer) -> String {
        w.put("dataset", self.dataset.name());
        w.whole("points", self.points as u64);
        w.real("noise", self.noise);
        w.real("train", self.train_fraction);
        w.whole("dataSeed", self.data_seed);
        w.put("hidden", &hidden_text(&self.hidden));
        w.put("activation", self.activation.name());
        w.flag("bn", self.batch_norm);
        w.put("bnPlace", self.bn_place.name());
        w.real("bnEps", self.bn_eps);
        w.real("bnMomentum", self.bn_momentum);
        w.put("init", self.init.name());
        w.real("initScale", self.init_scale);
        w.whole("initSeed", self.init_seed);
        w.put("optimizer", self.optimizer.name());
        w.real("lr", self.learning_rate);
        w.real("momentum", self.momentum);
        w.real("beta1", self.beta1);
        w.real("beta2", self.beta2);
        w.real("adamEps", self.adam_eps);
        w.real("decay", self.decay);
        w.whole("batch", self.batch_size as u64);
        w.whole("batchSeed", self.batch_seed);
        w.put("nudges", &nudges_text(&self.nudges));
        w.finish()
    }

    /// Parses a URL query (with or without the leading `?`) over the table's defaults, then
    /// validates. Keys other than the training settings (`view`, a view's own settings) are
    /// left to their owners; a training key with a bad value is an error naming the key.
    pub fn from_query(query: &str) -> Result<Config> {
        Config::read(&Query::parse(query)?.table_reader())
    }

    /// As [`Config::from_query`], with `view`'s defaults for what the URL leaves out.
    pub fn from_query_in(view: View, query: &str) -> Result<Config> {
        Config::read(&Query::parse(query)?.reader(view))
    }

    /// Reads the training settings through `r`, then validates the whole config.
    pub fn read(r: &Reader) -> Result<Config> {
        let choice = |key: &str| r.choice(key);
        let c = Config {
            dataset: DatasetKind::parse(choice("dataset")?).expect("a menu name"),
            points: r.count("points")?,
            noise: r.real("noise")?,
            train_fraction: r.real("train")?,
            data_seed: r.seed("dataSeed")?,
            hidden: parse_hidden(r.text("hidden"))?,
            activation: Activation::parse(choice("activation")?).expect("a menu name"),
            batch_norm: r.flag("bn")?,
            bn_place: BnPlace::parse(choice("bnPlace")?).expect("a menu name"),
            bn_eps: r.real("bnEps")?,
            bn_momentum: r.real("bnMomentum")?,
            init: InitScheme::parse(choice("init")?).expect("a menu name"),
            init_scale: r.real("initScale")?,
            init_seed: r.seed("initSeed")?,
            optimizer: OptimizerKind::parse(choice("optimizer")?).expect("a menu name"),
            learning_rate: r.real("lr")?,
            momentum: r.real("momentum")?,
            beta1: r.real("beta1")?,
            beta2: r.real("beta2")?,
            adam_eps: r.real("adamEps")?,
            decay: r.real("decay")?,
            batch_size: r.count("batch")?,
            batch_seed: r.seed("batchSeed")?,
            nudges: parse_nudges(r.text("nudges"))?,
        };
        c.validate().map_err(|e| {
            // A batch larger than the training set is about the setting the learner changed:
            // blame `points` (or `train`) when the URL gives those and leaves `batch` alone.
            if e.message_id() == "error.batch-too-large" && !r.given("batch") {
                let at = ["points", "train"].into_iter().find(|k| r.given(k));
                e.for_key(at.unwrap_or("batch"))
            } else {
                e
            }
        })?;
        Ok(c)
    }
}

/// Splits `a=1&b=x%2Cy` into decoded pairs (percent-decoding and `+` as space).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query::decode_pairs(query)
}

fn hidden_text(hidden: &[usize]) -> String {
    hidden
        .iter()
        .map(|u| u.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

fn nudges_text(nudges: &[Nudge]) -> String {
    nudges
        .iter()
        .map(|n| {
            format!(
                "{}:{}:{}",
                n.step,
                n.knob.name(),
                query::format_real(n.value)
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Checks the hidden layer sizes: 1 to [`limits::MAX_LAYERS`] layers of 1 to
/// [`limits::MAX_UNITS`] units.
fn check_hidden(hidden: &[usize]) -> Result<()> {
    if hidden.is_empty() || hidden.len() > limits::MAX_LAYERS {
        return Err(Error::new(
            Msg::new("error.hidden-layers")
                .num("max", limits::MAX_LAYERS as f64)
                .num("got", hidden.len() as f64),
        )
        .for_key("hidden"));
    }
    if let Some(&u) = hidden.iter().find(|&&u| u == 0 || u > limits::MAX_UNITS) {
        return Err(Error::new(
            Msg::new("error.hidden-units")
                .num("max", limits::MAX_UNITS as f64)
                .num("got", u as f64),
        )
        .for_key("hidden"));
    }
    Ok(())
}

/// Parses `16,8` (1 to 4 layer sizes).
fn parse_hidden(v: &str) -> Result<Vec<usize>> {
    let sizes = v
        .split(',')
        .map(|u| {
            let u = u.trim();
            if !u.is_empty() && u.len() <= 6 && u.bytes().all(|c| c.is_ascii_digit()) {
                u.parse::<usize>()
                    .map_err(|_| query::bad_format("hidden", v))
            } else {
                Err(query::bad_format("hidden", v))
            }
        })
        .collect::<Result<Vec<_>>>()?;
    check_hidden(&sizes)?;
    Ok(sizes)
}

/// Parses `100:lr:0.06,150:momentum:0.5` (empty: none); a bad entry is named.
fn parse_nudges(v: &str) -> Result<Vec<Nudge>> {
    v.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let bad = || {
                Error::new(Msg::new("error.nudge-format").echo("nudge", part.trim()))
                    .for_key("nudges")
            };
            let mut fields = part.trim().split(':');
            let (Some(step), Some(knob), Some(value), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            let knob = match knob {
                "lr" => Knob::LearningRate,
                "momentum" => Knob::Momentum,
                _ => return Err(bad()),
            };
            if !step.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            let value: f64 = value.parse().map_err(|_| bad())?;
            if !value.is_finite() {
                return Err(bad());
            }
            Ok(Nudge {
                step: step.parse().map_err(|_| bad())?,
                knob,
                value,
            })
        })
        .collect()
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
            bn_place: BnPlace::A,
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
        assert!(e.contains("(lr)") && e.contains("'abc'"), "{e}");
        let e = Config::from_query("dataset=banana")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("Dataset") && e.contains("one of circle, xor"),
            "{e}"
        );
        let e = Config::from_query("hidden=8,0").unwrap_err().to_string();
        assert!(e.contains("units"), "{e}");
        let e = Config::from_query("hidden=-3").unwrap_err().to_string();
        assert!(e.contains("layer sizes from 1 to 64"), "{e}");
        let e = Config::from_query("lr=-1").unwrap_err().to_string();
        assert!(
            e.contains("Learning rate α") && e.contains("above 0, at most 100"),
            "{e}"
        );
        let e = Config::from_query("lr=NaN").unwrap_err().to_string();
        assert!(e.contains("Learning rate α"), "{e}");
        let e = Config::from_query("batch=9999").unwrap_err().to_string();
        assert!(
            e.contains("Batch size") && e.contains("from 1 to 5000"),
            "{e}"
        );
        let e = Config::from_query("batch=300").unwrap_err().to_string();
        assert!(e.contains("250 training points"), "{e}");
    }

    #[test]
    fn a_batch_too_large_for_the_data_blames_the_setting_the_url_changed() {
        let e = Config::from_query_in(View::Bnlab, "points=20").unwrap_err();
        assert_eq!(e.key(), Some("points"), "{e}");
        let e = Config::from_query("points=20&batch=16").unwrap_err();
        assert_eq!(e.key(), Some("batch"), "{e}");
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
            Error::batch_norm_needs_batch()
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
    fn a_run_keeps_a_bounded_number_of_babysitting_changes() {
        let many = |n: usize| {
            (0..n)
                .map(|k| format!("{}:lr:0.0{}", 10 * k, 1 + k % 9))
                .collect::<Vec<_>>()
                .join(",")
        };
        let ok = Config::from_query(&format!("nudges={}", many(MAX_NUDGES))).unwrap();
        assert!(ok.to_query().len() < 8_000, "{}", ok.to_query().len());
        let e = Config::from_query(&format!("nudges={}", many(MAX_NUDGES + 1))).unwrap_err();
        assert_eq!(e.key(), Some("nudges"));
        assert!(e.to_string().contains("at most 500"), "{e}");
    }

    #[test]
    fn percent_encoding_is_decoded() {
        assert_eq!(
            Config::from_query("hidden=4%2C4").unwrap().hidden,
            vec![4, 4]
        );
    }
}
