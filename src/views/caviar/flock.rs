//! The worker's half of a caviar: a share of its models, trained round-robin a few steps at a
//! time so that every model's curve grows at once, each call reporting the new points of the
//! model it advanced.
//!
//! A report is a flat list of numbers (the worker posts it as one `Float64Array`, and only
//! [`super::board::Board::record`] reads it): per entry `index, steps, state, n`, then `n`
//! curve points of `step, train loss, validation loss, validation accuracy`. `index` is the
//! model's place in the plan, or [`PANDA`] for the panda comparison; `state` is one of
//! [`TRAINING`], [`DONE`], [`DIVERGED`] (then `steps` is the step it blew up at) or
//! [`FAILED`] (a model whose settings the engine refuses).

use super::CaviarSettings;
use crate::nn::Mode;
use crate::train::{Split, Status, Trainer};

/// The `index` of the panda comparison in a report.
pub const PANDA: f64 = -1.0;
/// Still training.
pub const TRAINING: f64 = 0.0;
/// Trained for all its steps.
pub const DONE: f64 = 1.0;
/// Stopped: it diverged.
pub const DIVERGED: f64 = 2.0;
/// Not trained: its settings are refused.
pub const FAILED: f64 = 3.0;

/// Numbers per curve point in a report.
pub const POINT_LEN: usize = 4;

struct Run {
    index: f64,
    trainer: Option<Trainer>,
    target: u64,
    /// History points already reported.
    sent: usize,
    finished: bool,
}

/// Some models of a caviar, trained in turn.
pub struct Flock {
    runs: Vec<Run>,
    next: usize,
}

impl Flock {
    /// The models of `settings` at `indices` (their place in the plan), each to train for
    /// the caviar's steps with its curves recorded every [`CaviarSettings::record_every`].
    pub fn models(settings: &CaviarSettings, indices: &[usize]) -> Flock {
        let plan = settings.plan();
        let runs = indices
            .iter()
            .filter_map(|&i| plan.get(i))
            .map(|m| {
                Run::new(
                    m.index as f64,
                    &m.config,
                    settings.steps as u64,
                    settings.record_every(),
                )
            })
            .collect();
        Flock { runs, next: 0 }
    }

    /// The panda comparison: the URL's own model (its babysitting changes included) trained
    /// for the caviar's whole budget ([`CaviarSettings::budget`]).
    pub fn panda(settings: &CaviarSettings) -> Flock {
        let every = settings.record_every() * settings.models as u64;
        let run = Run::new(PANDA, &settings.panda, settings.budget(), every);
        Flock {
            runs: vec![run],
            next: 0,
        }
    }

    /// True once every model has finished (trained, diverged or refused) and been reported.
    pub fn is_done(&self) -> bool {
        self.runs.iter().all(|r| r.finished)
    }

    /// Advances the next unfinished model (in turn) by up to `k` steps and returns its report
    /// entry (empty once every model is done).
    pub fn advance(&mut self, k: u64) -> Vec<f64> {
        let n = self.runs.len();
        for offset in 0..n {
            let i = (self.next + offset) % n;
            if !self.runs[i].finished {
                self.next = (i + 1) % n;
                return self.runs[i].advance(k.max(1));
            }
        }
        Vec::new()
    }
}

impl Run {
    fn new(index: f64, config: &crate::Config, target: u64, every: u64) -> Run {
        let trainer = Trainer::new(config).ok().map(|mut t| {
            t.set_record_every(every);
            t
        });
        Run {
            index,
            trainer,
            target,
            sent: 0,
            finished: false,
        }
    }

    fn advance(&mut self, k: u64) -> Vec<f64> {
        let Some(t) = self.trainer.as_mut() else {
            self.finished = true;
            return vec![self.index, 0.0, FAILED, 0.0];
        };
        let todo = k.min(self.target - t.steps());
        t.step(todo as usize);
        let mut points: Vec<[f64; POINT_LEN]> = t.history()[self.sent..]
            .iter()
            .map(|h| [h.step as f64, h.train.loss, h.valid.loss, h.valid.accuracy])
            .collect();
        self.sent = t.history().len();
        let state = match t.status() {
            Status::Diverged { .. } => DIVERGED,
            Status::Running if t.steps() >= self.target => DONE,
            Status::Running => TRAINING,
        };
        if state == DONE && t.history().last().is_some_and(|h| h.step < t.steps()) {
            // The last step between two records: measure it, so every curve ends at its end.
            let train = t.evaluate(Split::Train, Mode::Inference);
            let valid = t.evaluate(Split::Valid, Mode::Inference);
            points.push([t.steps() as f64, train.loss, valid.loss, valid.accuracy]);
        }
        self.finished = state != TRAINING;
        let mut entry = vec![self.index, t.steps() as f64, state, points.len() as f64];
        entry.extend(points.iter().flatten());
        entry
    }
}
