//! What a race, its repeats or the importance study will cost, estimated before they start, so
//! the page can show the estimate, ask before anything long and refuse what cannot finish.
//!
//! The unit is one *multiply-add-equivalent* ("op"): a training of `steps` steps on mini-batches
//! of `m` examples through a network with `w` weights and `u` hidden units costs about
//! `steps · m · (3w + K·u)` ops (forward, the two backward products, and the per-unit work of
//! activations and batch norm), plus an evaluation of every point at the start and of the
//! validation split at the end, plus drawing the data. [`OPS_PER_SECOND`] is the speed of one
//! Web Worker on this project's reference machine, measured with `scripts/bench.sh` (see the
//! README); the estimate is a guide (±50 %), and the page says so.

use crate::config::Config;

/// Ops per hidden unit and example for activations, batch norm and the optimizer's share.
const PER_UNIT: f64 = 12.0;
/// Ops per example whatever the network (copying the batch, the loss, the bookkeeping).
const PER_EXAMPLE: f64 = 300.0;
/// Ops per data point to draw the data set.
const PER_POINT: f64 = 60.0;
/// Fixed ops per training (building the network, the optimizer, the shuffled order).
const PER_TRAINING: f64 = 20_000.0;

/// Ops per second of one worker in headless Chromium on the reference machine (2 cores, AMD
/// EPYC), calibrated on the default race's repeats (15,000 trainings; see the README) and the
/// benchmark's wasm figures.
pub const OPS_PER_SECOND: f64 = 2.5e9;

/// Above this many seconds the page asks before it starts.
pub const ASK_ABOVE_SECONDS: f64 = 60.0;
/// Above this many seconds the page refuses, naming the knob to lower.
pub const REFUSE_ABOVE_SECONDS: f64 = 30.0 * 60.0;

/// Ops of one example through the network of `c`, forward and backward.
pub fn example_ops(c: &Config) -> f64 {
    let outputs = if c.classes() <= 2 { 1 } else { c.classes() };
    let mut weights = 0usize;
    let mut fan_in = 2usize;
    for &units in c.hidden.iter().chain(std::iter::once(&outputs)) {
        weights += fan_in * units;
        fan_in = units;
    }
    let units: usize = c.hidden.iter().sum();
    PER_EXAMPLE + 3.0 * weights as f64 + PER_UNIT * units as f64
}

/// Ops of one training step of `c` (one mini-batch).
pub fn step_ops(c: &Config) -> f64 {
    c.batch_size.max(1) as f64 * example_ops(c)
}

/// Ops of one whole training of `c` for `steps` steps: setup, data, the steps, evaluations.
pub fn training_ops(c: &Config, steps: usize) -> f64 {
    let evals = (c.points + c.points.saturating_sub(c.train_points())) as f64;
    PER_TRAINING
        + PER_POINT * c.points as f64
        + steps as f64 * step_ops(c)
        + evals * example_ops(c) / 3.0
}

/// What a piece of work will cost.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Estimate {
    /// Networks trained (or formula evaluations, for the synthetic objective).
    pub trainings: usize,
    /// Training steps in all (0 for the synthetic objective).
    pub steps: u64,
    /// Ops in all.
    pub ops: f64,
}

impl Estimate {
    /// Adds one training of `c` for `steps` steps.
    pub fn add(&mut self, c: &Config, steps: usize) {
        self.trainings += 1;
        self.steps += steps as u64;
        self.ops += training_ops(c, steps);
    }

    /// Adds an instant evaluation (no training).
    pub fn add_instant(&mut self) {
        self.trainings += 1;
        self.ops += 1_000.0;
    }

    /// `times` copies of this estimate.
    pub fn times(self, times: usize) -> Estimate {
        Estimate {
            trainings: self.trainings * times,
            steps: self.steps * times as u64,
            ops: self.ops * times as f64,
        }
    }

    /// The sum of two estimates.
    pub fn plus(self, other: Estimate) -> Estimate {
        Estimate {
            trainings: self.trainings + other.trainings,
            steps: self.steps + other.steps,
            ops: self.ops + other.ops,
        }
    }

    /// Seconds on `workers` workers at [`OPS_PER_SECOND`] each.
    pub fn seconds(&self, workers: usize) -> f64 {
        self.ops / (OPS_PER_SECOND * workers.max(1) as f64)
    }
}

/// The setting to lower first when a run of `settings` is too long: the one furthest above its
/// default, as a factor of the cost (`steps`, `mapSize`, `budget`, `points`, `batch`, `hidden`;
/// plus `repeats` for the repeats and `studyTrials` for the study, when `also` names it).
pub fn costliest_knob(settings: &super::RaceSettings, also: Option<&'static str>) -> &'static str {
    let d = super::RaceSettings::default();
    let ratio = |a: f64, b: f64| a / b.max(1e-12);
    let mut knobs = vec![
        ("steps", ratio(settings.steps as f64, d.steps as f64)),
        (
            "mapSize",
            ratio(settings.map_size as f64, d.map_size as f64).powi(2),
        ),
        ("budget", ratio(settings.budget as f64, d.budget as f64)),
        (
            "points",
            ratio(settings.base.points as f64, d.base.points as f64),
        ),
        (
            "batch",
            ratio(settings.base.batch_size as f64, d.base.batch_size as f64),
        ),
        (
            "hidden",
            ratio(example_ops(&settings.base), example_ops(&d.base)),
        ),
    ];
    match also {
        Some("repeats") => {
            knobs.push(("repeats", ratio(settings.repeats as f64, d.repeats as f64)))
        }
        Some("studyTrials") => knobs.push((
            "studyTrials",
            ratio(settings.study_trials as f64, d.study_trials as f64),
        )),
        _ => {}
    }
    knobs
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or("steps", |k| k.0)
}
