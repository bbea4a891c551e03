//! "Caviar" (course notes §3): with enough compute, train many models at once and keep the
//! best, instead of babysitting one (the panda).
//!
//! - [`CaviarSettings`] reads the view's URL keys (`models`, `modelSteps`, `sample`,
//!   `varyLr`/`lrMin`/`lrMax`, `varyMomentum`, `varyBatch`, `varyUnits`, `varyInitScale`,
//!   `varyBn`, `caviarSeed`, `changedData`); the training keys of the same URL are the base
//!   model every sampled one starts from (the panda's, so "babysit this one" opens a model in
//!   the panda view with exactly its settings).
//! - [`CaviarSettings::plan`] draws the models: the search machinery's
//!   [`Strategy::RandomOnScale`] over the space the learner picked, seeded by `caviarSeed`
//!   (values rounded to the three significant digits the page shows, so a link is exact), or
//!   "same model, different seeds".
//! - [`CaviarSettings::estimate`] says what the caviar costs before it starts: multiply-adds
//!   ([`crate::train::work`]) over this machine's measured speed and its workers; above a
//!   minute the page asks, above [`REFUSE_ABOVE_S`] it refuses, naming the knob to lower.
//! - [`flock::Flock`] trains a share of the models in a worker, round-robin, and reports new
//!   curve points; [`board::Board`] collects them on the page: curves, leaderboard, winner,
//!   panda vs caviar on the same compute, and the same caviar on changed data.

pub mod board;
pub mod flock;

use crate::config::{Config, DatasetKind, OptimizerKind};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::query::{Query, Reader, Writer};
use crate::rng;
use crate::search::{Axis, HyperParam, Point, SearchSpace, Strategy};
use crate::views::View;
use rand::Rng;

/// How the models differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampling {
    /// Hyperparameters drawn at random on their scales from the space the learner picked.
    Space,
    /// The same model with different initialization and mini-batch seeds.
    Seeds,
}

/// The switches of the space, in axis order, with the hyperparameter each varies.
pub const VARY: [(&str, HyperParam); 6] = [
    ("varyLr", HyperParam::LearningRate),
    ("varyMomentum", HyperParam::Momentum),
    ("varyBatch", HyperParam::BatchSize),
    ("varyUnits", HyperParam::HiddenUnits),
    ("varyInitScale", HyperParam::InitScale),
    ("varyBn", HyperParam::BatchNorm),
];

/// Points each model's curves get (the run records every `modelSteps / CURVE_POINTS` steps).
pub const CURVE_POINTS: u64 = 50;

/// Above this estimated time (seconds) the page asks before it starts.
pub const ASK_ABOVE_S: f64 = 60.0;
/// Above this estimated time (seconds) the caviar is refused, naming the knob to lower.
pub const REFUSE_ABOVE_S: f64 = 20.0 * 60.0;

/// Everything a caviar needs, parsed and checked.
#[derive(Clone, Debug)]
pub struct CaviarSettings {
    /// How many models.
    pub models: usize,
    /// Training steps per model.
    pub steps: usize,
    /// What differs between models.
    pub sampling: Sampling,
    /// The space sampled ([`Sampling::Space`] only).
    pub space: Option<SearchSpace>,
    /// Seed of the draws.
    pub seed: u64,
    /// The dataset of the "intuitions go stale" re-run.
    pub changed_data: DatasetKind,
    /// The base model: the URL's training keys without babysitting changes (and with the
    /// momentum optimizer when momentum is varied).
    pub base: Config,
    /// The URL's own model as the panda view trains it (its babysitting changes included):
    /// what the panda comparison trains for the caviar's whole budget.
    pub panda: Config,
    /// Why the optimizer was chosen for the learner (momentum varied without the momentum
    /// optimizer).
    pub note: Option<Msg>,
}

/// One planned model of a caviar.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Its place in the plan (0-based; the page shows #1, #2, …).
    pub index: usize,
    /// Its whole training config.
    pub config: Config,
    /// Its values on the space's axes ([`Sampling::Space`]; empty otherwise).
    pub point: Point,
}

/// What a caviar is estimated to cost before it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Seconds on this machine's workers (the caviar and its panda comparison).
    pub seconds: f64,
    /// Start at once, ask first, or refuse.
    pub verdict: Verdict,
}

/// What the page does with an [`Estimate`].
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Quick enough: start.
    Go,
    /// Longer than [`ASK_ABOVE_S`]: ask first.
    Ask,
    /// Longer than [`REFUSE_ABOVE_S`]: refused, the error naming the knob to lower.
    Refuse(Error),
}

impl Default for CaviarSettings {
    fn default() -> Self {
        CaviarSettings::from_query("").expect("the default caviar is valid")
    }
}

impl CaviarSettings {
    /// Parses a URL query with the caviar's defaults, the first problem tied to its key.
    pub fn from_query(query: &str) -> Result<CaviarSettings> {
        CaviarSettings::read(&Query::parse(query)?.reader(View::Caviar))
    }

    /// Reads the caviar's settings and base model through `r`.
    pub fn read(r: &Reader) -> Result<CaviarSettings> {
        let models = r.count("models")?;
        let steps = r.count("modelSteps")?;
        let sampling = match r.choice("sample")? {
            "seeds" => Sampling::Seeds,
            _ => Sampling::Space,
        };
        let seed = r.seed("caviarSeed")?;
        let changed_data =
            DatasetKind::parse(r.choice("changedData")?).expect("the table lists datasets");
        let panda = Config::read(r)?;
        let mut base = panda.clone();
        base.nudges.clear();
        let mut note = None;
        let space = match sampling {
            Sampling::Seeds => None,
            Sampling::Space => {
                let space = read_space(r, &base)?;
                if space.position(HyperParam::Momentum).is_some()
                    && base.optimizer != OptimizerKind::Momentum
                {
                    base.optimizer = OptimizerKind::Momentum;
                    note = Some(Msg::new("caviar.note-momentum"));
                }
                Some(space)
            }
        };
        Ok(CaviarSettings {
            models,
            steps,
            sampling,
            space,
            seed,
            changed_data,
            base,
            panda,
            note,
        })
    }

    /// The caviar's own keys that differ from their defaults (the training keys are not
    /// included), as a URL query without `?`.
    pub fn to_query(&self) -> String {
        self.query(false)
    }

    fn query(&self, every: bool) -> String {
        let mut w = Writer::new(View::Caviar, every);
        w.whole("models", self.models as u64);
        w.whole("modelSteps", self.steps as u64);
        w.put(
            "sample",
            match self.sampling {
                Sampling::Space => "space",
                Sampling::Seeds => "seeds",
            },
        );
        if let Some(space) = &self.space {
            for (key, param) in VARY {
                w.flag(key, space.position(param).is_some());
            }
            if let Some(i) = space.position(HyperParam::LearningRate) {
                w.real("lrMin", space.axes()[i].lo());
                w.real("lrMax", space.axes()[i].hi());
            }
        }
        w.whole("caviarSeed", self.seed);
        w.put("changedData", self.changed_data.name());
        w.finish()
    }

    /// Every setting written out (caviar keys and the base model's training keys), so that
    /// [`CaviarSettings::from_query`] rebuilds the same caviar in a worker.
    pub fn full_query(&self) -> String {
        let mut w = Writer::new(View::Caviar, true);
        w.append(&self.query(true));
        w.append(&self.panda.query_in(View::Caviar, true));
        w.finish()
    }

    /// Steps between two points of a model's curves.
    pub fn record_every(&self) -> u64 {
        (self.steps as u64).div_ceil(CURVE_POINTS).max(1)
    }

    /// The compute budget of the whole caviar, in updates (models × steps per model): what the
    /// panda comparison gives its one model.
    pub fn budget(&self) -> u64 {
        (self.models * self.steps) as u64
    }

    /// The models, drawn from `caviarSeed`: random on scale over the space (values rounded to
    /// the 3 significant digits the page shows), or the base model with different
    /// initialization and mini-batch seeds.
    pub fn plan(&self) -> Vec<Model> {
        match &self.space {
            Some(space) => Strategy::RandomOnScale
                .points(space, self.models, self.seed)
                .expect("1 to 64 models is a valid budget")
                .into_iter()
                .enumerate()
                .map(|(index, point)| {
                    let point: Point = space
                        .axes()
                        .iter()
                        .zip(&point)
                        .map(|(axis, &v)| tidy(axis, v))
                        .collect();
                    let mut config = self.base.clone();
                    space.apply(&mut config, &point);
                    Model {
                        index,
                        config,
                        point,
                    }
                })
                .collect(),
            None => {
                let mut draw = rng::from_seed(self.seed);
                (0..self.models)
                    .map(|index| {
                        let mut config = self.base.clone();
                        config.init_seed = draw.random_range(1..=SEED_DRAWS);
                        config.batch_seed = draw.random_range(1..=SEED_DRAWS);
                        Model {
                            index,
                            config,
                            point: Vec::new(),
                        }
                    })
                    .collect()
            }
        }
    }

    /// Multiply-adds of the whole caviar and of its panda comparison (one model trained for
    /// the caviar's [`budget`](CaviarSettings::budget)), as (caviar, panda).
    pub fn work(&self) -> (f64, f64) {
        let every = self.record_every();
        let caviar = self
            .plan()
            .iter()
            .map(|m| crate::train::work(&m.config, self.steps as u64, every))
            .sum();
        let panda = crate::train::work(&self.panda, self.budget(), every * self.models as u64);
        (caviar, panda)
    }

    /// The time the caviar (and its panda comparison) would take at `rate` multiply-adds per
    /// second per worker on `workers` workers — the models shared among the workers, then the
    /// one panda model on one of them — and what to do about it. A refusal names the knob that
    /// is furthest above its default (steps per model or models), and how far to lower it.
    pub fn estimate(&self, rate: f64, workers: usize) -> Estimate {
        let (caviar, panda) = self.work();
        let rate = rate.max(1.0);
        let seconds = caviar / (rate * workers.max(1) as f64) + panda / rate;
        let verdict = if seconds > REFUSE_ABOVE_S {
            Verdict::Refuse(self.too_long(seconds))
        } else if seconds > ASK_ABOVE_S {
            Verdict::Ask
        } else {
            Verdict::Go
        };
        Estimate { seconds, verdict }
    }

    fn too_long(&self, seconds: f64) -> Error {
        let fits = REFUSE_ABOVE_S / seconds;
        let steps_ratio = self.steps as f64 / default_of("modelSteps");
        let models_ratio = self.models as f64 / default_of("models");
        let (key, now) = if steps_ratio >= models_ratio {
            ("modelSteps", self.steps as f64)
        } else {
            ("models", self.models as f64)
        };
        let at_most = (now * fits).floor();
        let limit = REFUSE_ABOVE_S / 60.0;
        let msg = if at_most >= min_of(key) {
            Msg::new("caviar.too-long")
                .msg("label", Msg::label(key))
                .num("max", at_most)
                .text("key", key)
        } else {
            Msg::new("caviar.too-long-model")
        };
        let msg = msg.msg("time", duration(seconds)).num("limit", limit);
        Error::new(msg).for_key(key)
    }
}

/// Seeds of "same model, different seeds" are drawn from 1 to this (short enough to read).
const SEED_DRAWS: u64 = 99_999;

fn default_of(key: &str) -> f64 {
    crate::settings::default_in(View::Caviar, key)
        .parse()
        .expect("a whole-number default")
}

fn min_of(key: &str) -> f64 {
    match crate::settings::get(key).domain {
        crate::settings::Domain::Whole { min, .. } => min as f64,
        _ => 1.0,
    }
}

/// A duration for a sentence: "about 40 s", "about 3 min", "about 2 h 10 min".
pub fn duration(seconds: f64) -> Msg {
    let s = seconds.max(1.0).round();
    if s < 90.0 {
        Msg::new("caviar.seconds").num("n", s)
    } else if s < 90.0 * 60.0 {
        Msg::new("caviar.minutes").num("n", (s / 60.0).round())
    } else {
        let minutes = (s / 60.0).round();
        Msg::new("caviar.hours")
            .num("h", (minutes / 60.0).floor())
            .num("m", minutes % 60.0)
    }
}

/// A sampled value as the page shows it (3 significant digits), so a model's link is exact.
fn tidy(axis: &Axis, v: f64) -> f64 {
    if axis.scale().is_discrete() {
        return v;
    }
    axis.format_value(v).parse().unwrap_or(v)
}

/// The space of the switches that are on; α over [`lrMin`, `lrMax`] on a log scale, the
/// mini-batch in powers of two up to the training set, the others on the course's axes.
fn read_space(r: &Reader, base: &Config) -> Result<SearchSpace> {
    let mut axes = Vec::new();
    for (key, param) in VARY {
        if !r.flag(key)? {
            continue;
        }
        let axis = match param {
            HyperParam::LearningRate => {
                let (lo, hi) = (r.real("lrMin")?, r.real("lrMax")?);
                Axis::log(param, lo, hi).map_err(|e| e.for_key("lrMin"))?
            }
            HyperParam::BatchSize => {
                let most = base.train_points().min(128);
                let hi = 1usize << (usize::BITS - 1 - most.leading_zeros());
                Axis::powers_of_two(param, 4.0, hi as f64)
                    .map_err(|_| Error::id("caviar.batch-too-few").for_key(key))?
            }
            _ => param.default_axis(),
        };
        axes.push(axis);
    }
    SearchSpace::new(axes).map_err(|_| Error::id("caviar.space-empty").for_key("varyLr"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_24_learning_rates_on_the_panda_spiral() {
        let s = CaviarSettings::default();
        assert_eq!((s.models, s.steps), (24, 2000));
        assert_eq!(s.base.dataset, DatasetKind::Spiral);
        assert_eq!(s.base.hidden, vec![16, 16]);
        let plan = s.plan();
        assert_eq!(plan.len(), 24);
        assert!(plan
            .iter()
            .all(|m| (0.001..=10.0).contains(&m.config.learning_rate)));
        assert_eq!(s.to_query(), "");
        let again = CaviarSettings::from_query(&s.full_query()).unwrap();
        assert_eq!(again.plan(), plan);
    }

    #[test]
    fn refusals_name_their_key() {
        for (q, key) in [
            ("models=0", "models"),
            ("models=65", "models"),
            ("modelSteps=5", "modelSteps"),
            ("varyLr=0", "varyLr"),
            ("lrMin=1&lrMax=0.1", "lrMin"),
            ("lrMin=0", "lrMin"),
            ("varyBatch=1&points=20&train=0.3&batch=2", "varyBatch"),
        ] {
            let e = CaviarSettings::from_query(q).unwrap_err();
            assert_eq!(e.key(), Some(key), "{q}: {e}");
        }
    }

    #[test]
    fn durations_read_as_a_person_says_them() {
        assert_eq!(duration(40.2).render(), "about 40 s");
        assert_eq!(duration(200.0).render(), "about 3 min");
        assert_eq!(duration(7800.0).render(), "about 2 h 10 min");
    }
}
