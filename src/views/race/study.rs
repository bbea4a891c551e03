//! "Which hyperparameters matter?": a random search, with real trainings, over the course's
//! list — α, momentum β, hidden units, mini-batch size, layers, learning-rate decay, Adam's
//! β1, β2 and ε — ranked by how much of the validation loss's variance each explains on its
//! own (a binned main effect, as fANOVA's; [`between_bins_variance`]), next to the course's
//! tiers (α first; β, hidden units, batch size second; layers, decay third; Adam's β1, β2, ε
//! almost never tuned).
//!
//! Momentum β and Adam's β1, β2, ε belong to different optimizers, so the trials alternate:
//! even trials train with momentum (β applies), odd ones with Adam (β1, β2, ε apply). Each
//! hyperparameter's share is measured on the trials where it applies. A diverged trial counts
//! as the worst score any trial reached (it is a bad setting, not a missing one). Every trial
//! shares the URL's training seeds, so the differences come from the hyperparameters.

use super::cost::Estimate;
use super::work::{Job, Plan};
use super::{decode_outcome, importance_bins, RaceSettings};
use crate::config::{Config, OptimizerKind};
use crate::search::analysis::between_bins_variance;
use crate::search::space::{Axis, HyperParam, Point, SearchSpace};
use crate::search::strategy::Strategy;

/// The course's hyperparameters with their tier (1: tune first … 4: almost never tuned).
pub const COURSE_TIERS: [(HyperParam, usize); 9] = [
    (HyperParam::LearningRate, 1),
    (HyperParam::Momentum, 2),
    (HyperParam::HiddenUnits, 2),
    (HyperParam::BatchSize, 2),
    (HyperParam::Layers, 3),
    (HyperParam::Decay, 3),
    (HyperParam::AdamBeta1, 4),
    (HyperParam::AdamBeta2, 4),
    (HyperParam::AdamEpsilon, 4),
];

/// The fewest scored trials a ranking is shown from.
pub const MIN_STUDY_TRIALS: usize = 20;

/// The tier a measured rank (0-based) falls in, with the course's tier sizes (1, 3, 2, 3).
pub fn measured_tier(rank: usize) -> usize {
    match rank {
        0 => 1,
        1..=3 => 2,
        4 | 5 => 3,
        _ => 4,
    }
}

/// The optimizer trial `t` trains with: momentum for even trials, Adam for odd ones.
pub fn optimizer_of(t: usize) -> OptimizerKind {
    if t.is_multiple_of(2) {
        OptimizerKind::Momentum
    } else {
        OptimizerKind::Adam
    }
}

/// Whether `param` changes anything with `optimizer`.
pub fn applies(param: HyperParam, optimizer: OptimizerKind) -> bool {
    match param {
        HyperParam::Momentum => optimizer == OptimizerKind::Momentum,
        HyperParam::AdamBeta1 | HyperParam::AdamBeta2 | HyperParam::AdamEpsilon => {
            optimizer == OptimizerKind::Adam
        }
        _ => true,
    }
}

/// One hyperparameter's place in the measured ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// The hyperparameter.
    pub param: HyperParam,
    /// Share of the validation loss's variance it explains on its own, 0 to 1.
    pub share: f64,
    /// Its tier in the course.
    pub course_tier: usize,
    /// The tier its measured rank falls in ([`measured_tier`]).
    pub measured_tier: usize,
    /// Scored trials its share is measured on.
    pub trials: usize,
    /// The share a hyperparameter with no effect at all would get by chance from that many
    /// trials, `(bins − 1)/(n − 1)` (the expected between-bins share under no effect): shares
    /// near it cannot be told apart from noise.
    pub noise: f64,
}

/// Where the study is.
#[derive(Clone, Debug, PartialEq)]
pub struct StudySummary {
    /// Trials finished.
    pub done: usize,
    /// Trials planned.
    pub total: usize,
    /// Training steps done.
    pub steps_done: u64,
    /// Trials that diverged or could not train.
    pub failed: usize,
    /// Largest share first, once [`MIN_STUDY_TRIALS`] trials have scores.
    pub ranking: Option<Vec<Ranked>>,
}

/// The study: its plan and what the workers reported.
#[derive(Clone, Debug)]
pub struct Study {
    base: Config,
    steps: usize,
    space: SearchSpace,
    points: Vec<Point>,
    results: Vec<f64>,
    steps_done: u64,
}

impl Study {
    /// The study of a race's settings: its training keys, steps, seed and `studyTrials`.
    pub fn new(settings: &RaceSettings) -> Study {
        let base = settings.base.clone();
        let space = study_space(&base);
        let points = Strategy::RandomOnScale
            .points(&space, settings.study_trials, super::mix(settings.seed, 99))
            .expect("studyTrials checked when the settings were parsed");
        Study {
            results: vec![f64::NAN; points.len()],
            steps: settings.steps,
            steps_done: 0,
            base,
            space,
            points,
        }
    }

    /// The nine axes, in the course's order.
    pub fn space(&self) -> &SearchSpace {
        &self.space
    }

    /// The training config of trial `t`.
    pub fn config(&self, t: usize) -> Config {
        let mut c = Config {
            optimizer: optimizer_of(t),
            ..self.base.clone()
        };
        self.space.apply(&mut c, &self.points[t]);
        c
    }

    /// Every trial's point (the nine axes of [`Study::space`]).
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// What trial `t` gave (`None`: pending).
    pub fn outcome(&self, t: usize) -> Option<crate::search::objective::Outcome> {
        self.results.get(t).copied().and_then(decode_outcome)
    }

    /// Every trial as a task.
    pub fn tasks(&self) -> Vec<u32> {
        (0..self.points.len() as u32).collect()
    }

    /// Stores what a worker finished (see [`super::board::Race::record`]).
    pub fn record(&mut self, tasks: &[u32], results: &[f64], steps: u64) {
        self.steps_done += steps;
        for (&t, &v) in tasks.iter().zip(results) {
            if let Some(slot) = self.results.get_mut(t as usize) {
                *slot = v;
            }
        }
    }

    /// What the whole study costs.
    pub fn estimate(&self) -> Estimate {
        let mut e = Estimate::default();
        for t in 0..self.points.len() {
            e.add(&self.config(t), self.steps);
        }
        e
    }

    /// Progress and, once enough trials have scores, the ranking.
    pub fn summary(&self) -> StudySummary {
        let done = self.results.iter().filter(|v| !v.is_nan()).count();
        let failed = self.results.iter().filter(|v| v.is_infinite()).count();
        StudySummary {
            done,
            total: self.points.len(),
            steps_done: self.steps_done,
            failed,
            ranking: self.ranking(),
        }
    }

    fn ranking(&self) -> Option<Vec<Ranked>> {
        let worst = self
            .results
            .iter()
            .copied()
            .filter(|v| v.is_finite())
            .max_by(f64::total_cmp)?;
        let finished: Vec<(usize, f64)> = self
            .results
            .iter()
            .enumerate()
            .filter_map(|(t, &v)| decode_outcome(v).map(|o| (t, o.score().unwrap_or(worst))))
            .collect();
        if finished.len() < MIN_STUDY_TRIALS {
            return None;
        }
        let mut ranked: Vec<Ranked> = COURSE_TIERS
            .iter()
            .zip(self.space.axes())
            .map(|(&(param, course_tier), axis)| {
                let used: Vec<&(usize, f64)> = finished
                    .iter()
                    .filter(|(t, _)| applies(param, optimizer_of(*t)))
                    .collect();
                let scores: Vec<f64> = used.iter().map(|(_, s)| *s).collect();
                let index = self.space.position(param).expect("a study axis");
                let units: Vec<f64> = used
                    .iter()
                    .map(|(t, _)| axis.to_unit(self.points[*t][index]))
                    .collect();
                let n = used.len();
                Ranked {
                    param,
                    share: share(&units, &scores),
                    course_tier,
                    measured_tier: 0,
                    trials: n,
                    noise: (importance_bins(n) - 1) as f64 / n.saturating_sub(1).max(1) as f64,
                }
            })
            .collect();
        // Largest share first (a selection sort: nine items, and no sort code of its own).
        for rank in 0..ranked.len() {
            let top = (rank..ranked.len())
                .max_by(|&a, &b| ranked[a].share.total_cmp(&ranked[b].share).then(b.cmp(&a)))
                .expect("a non-empty range");
            ranked[rank..=top].rotate_right(1);
            ranked[rank].measured_tier = measured_tier(rank);
        }
        Some(ranked)
    }
}

/// The share of the variance of `scores` the binned coordinate explains (0 when nothing
/// varies).
fn share(units: &[f64], scores: &[f64]) -> f64 {
    let n = scores.len();
    if n < 2 {
        return 0.0;
    }
    let mean = scores.iter().sum::<f64>() / n as f64;
    let variance = scores.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / n as f64;
    if variance > 0.0 && variance.is_finite() {
        between_bins_variance(units, scores, importance_bins(n)) / variance
    } else {
        0.0
    }
}

/// The study's nine axes on their course scales (the batch size capped to the training set).
pub fn study_space(base: &Config) -> SearchSpace {
    let axes = COURSE_TIERS
        .iter()
        .map(|&(param, _)| {
            let axis = param.default_axis();
            if param != HyperParam::BatchSize {
                return axis;
            }
            let mut hi = axis.hi();
            while hi > base.train_points() as f64 && hi > 4.0 {
                hi /= 2.0;
            }
            Axis::powers_of_two(param, axis.lo().min(hi / 2.0).max(2.0), hi).unwrap_or(axis)
        })
        .collect();
    SearchSpace::new(axes).expect("nine distinct axes")
}

impl Plan for Study {
    fn job(&mut self, task: u32) -> Job {
        let t = (task as usize).min(self.points.len().saturating_sub(1));
        Job::Train {
            config: self.config(t),
            steps: self.steps,
        }
    }
}
