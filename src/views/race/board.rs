//! The race as the page keeps it: the planned trials, what the workers reported (landscape
//! cells, the race's trials, every repeat's trials), and every number the page shows, in one
//! [`Summary`] per frame: progress, distinct values per axis, bests, regret, failures, which
//! hyperparameter mattered, and — after the repeats — how often each random search beat the
//! grid.

use super::cost::Estimate;
use super::work::CELL;
use super::{
    decode_outcome, race_importance, RaceSettings, TaskId, IMPORTANCE_STRATEGIES, STRATEGIES,
};
use crate::error::Result;
use crate::i18n::Msg;
use crate::search::analysis::{bands_of, best_so_far, distinct_values, quantile, BestSoFarBands};
use crate::search::landscape::{CellStatus, Landscape};
use crate::search::objective::{Outcome, Trial};
use crate::search::space::{Point, SearchSpace};
use crate::search::strategy::{box_around_best, UnitBox};

/// One strategy's numbers in the race on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategySummary {
    /// Trials finished.
    pub done: usize,
    /// Trials planned (a grid on a discrete axis may plan fewer than the budget).
    pub total: usize,
    /// Distinct values tried per axis (every axis, slot order).
    pub distinct: Vec<usize>,
    /// The best score and where it was found.
    pub best: Option<(f64, Point)>,
    /// The best score minus the best the race has seen anywhere ([`Summary::reference`]).
    pub regret: Option<f64>,
    /// Trials that diverged.
    pub diverged: usize,
    /// Trials whose setting could not train at all (an impossible setting).
    pub impossible: usize,
}

/// What the fair repeats found.
#[derive(Clone, Debug, PartialEq)]
pub struct RepeatSummary {
    /// Repeats whose every trial is in.
    pub done: usize,
    /// Repeats planned.
    pub total: usize,
    /// Per strategy: in how many finished repeats its best was strictly lower than the grid's
    /// (0 for the grid itself).
    pub wins: [usize; STRATEGIES],
    /// Per strategy: in how many finished repeats its best equalled the grid's.
    pub ties: [usize; STRATEGIES],
    /// Per strategy: the median over finished repeats of the best score.
    pub median_best: [f64; STRATEGIES],
    /// Per strategy: quartiles of best-so-far after each trial over the finished repeats.
    pub bands: Vec<BestSoFarBands>,
}

/// Every number the page shows for a race, in one piece.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Training steps reported done so far (cells, trials and repeats).
    pub steps_done: u64,
    /// Landscape cells evaluated.
    pub landscape_filled: usize,
    /// Landscape cells in all.
    pub landscape_total: usize,
    /// The colour range of the landscape's scores.
    pub score_range: Option<(f64, f64)>,
    /// The best score the race has seen anywhere (landscape cells, every trial of every
    /// repeat): what regret is measured against.
    pub reference: Option<f64>,
    /// The three strategies, in panel order.
    pub strategies: Vec<StrategySummary>,
    /// Share of the score's variance per axis from the random searches' trials, once both
    /// have finished, with the number of scored trials it is computed from.
    pub importance: Option<(Vec<f64>, usize)>,
    /// The repeats, once any finished.
    pub repeats: Option<RepeatSummary>,
    /// True when the three searches of the race on the page have finished.
    pub searches_done: bool,
}

/// A race in progress: its plan and everything reported so far.
#[derive(Clone, Debug)]
pub struct Race {
    settings: RaceSettings,
    space: SearchSpace,
    landscape: Landscape,
    points: Vec<Vec<Point>>,
    /// Encoded results ([`super::encode_outcome`]; NaN pending) of task `(r·3 + i)·budget + t`.
    results: Vec<f64>,
    steps_done: u64,
    /// The strategies that run (all three; only random on scale for a finer pass).
    running: Vec<usize>,
}

impl Race {
    /// The second, finer pass of coarse to fine over `settings` (a zoomed race): only the
    /// random-on-scale search runs.
    pub fn finer(settings: RaceSettings) -> Race {
        Race {
            running: vec![2],
            ..Race::new(settings)
        }
    }

    /// A race with nothing run yet.
    pub fn new(settings: RaceSettings) -> Race {
        let points = (0..STRATEGIES).map(|i| settings.points(0, i)).collect();
        let slots = (settings.repeats + 1) * STRATEGIES * settings.budget;
        Race {
            space: settings.space(),
            landscape: settings.landscape(),
            results: vec![f64::NAN; slots],
            steps_done: 0,
            running: (0..STRATEGIES).collect(),
            points,
            settings,
        }
    }

    /// Its settings.
    pub fn settings(&self) -> &RaceSettings {
        &self.settings
    }

    /// The landscape as filled so far.
    pub fn landscape(&self) -> &Landscape {
        &self.landscape
    }

    /// The points strategy `i` tries in the race on the page.
    pub fn points(&self, i: usize) -> &[Point] {
        &self.points[i]
    }

    /// Every landscape cell as a task, coarse to fine.
    pub fn cell_tasks(&self) -> Vec<u32> {
        self.landscape
            .order()
            .iter()
            .map(|&c| CELL | c as u32)
            .collect()
    }

    /// The trials of repeat `r` as tasks, trial by trial across the three strategies (so the
    /// three panels fill together).
    pub fn trial_tasks(&self, r: usize) -> Vec<u32> {
        let mut tasks = Vec::new();
        for trial in 0..self.settings.budget {
            for &strategy in &self.running {
                if trial < self.points[strategy].len() {
                    tasks.push(self.settings.task(TaskId {
                        repeat: r,
                        strategy,
                        trial,
                    }));
                }
            }
        }
        tasks
    }

    /// The tasks of every fair repeat (1 to `repeats`), repeat by repeat.
    pub fn repeat_tasks(&self) -> Vec<u32> {
        (1..=self.settings.repeats)
            .flat_map(|r| self.trial_tasks(r))
            .collect()
    }

    /// Stores what a worker finished: `results[k]` (encoded) for `tasks[k]`, and `steps`
    /// training steps done. Unknown tasks are ignored.
    pub fn record(&mut self, tasks: &[u32], results: &[f64], steps: u64) {
        self.steps_done += steps;
        for (&task, &v) in tasks.iter().zip(results) {
            let Some(outcome) = decode_outcome(v) else {
                continue;
            };
            if task & CELL != 0 {
                let cell = (task & !CELL) as usize;
                if cell < self.landscape.n() * self.landscape.n() {
                    self.landscape.record(cell, &outcome);
                }
            } else if let Some(slot) = self.results.get_mut(task as usize) {
                *slot = v;
            }
        }
    }

    /// Every cell's encoded result (NaN where pending), to cache and restore.
    pub fn landscape_results(&self) -> Vec<f64> {
        let (values, status) = (self.landscape.values(), self.landscape.status());
        values
            .iter()
            .zip(status)
            .map(|(&v, s)| match s {
                CellStatus::Pending => f64::NAN,
                CellStatus::Scored => v,
                CellStatus::Diverged => f64::INFINITY,
                CellStatus::Failed => f64::NEG_INFINITY,
            })
            .collect()
    }

    /// Restores [`Race::landscape_results`] (cell by cell, NaN = pending).
    pub fn restore_landscape(&mut self, results: &[f64]) {
        for (cell, &v) in results
            .iter()
            .enumerate()
            .take(self.landscape.status().len())
        {
            if let Some(outcome) = decode_outcome(v) {
                self.landscape.record(cell, &outcome);
            }
        }
    }

    fn slot(&self, r: usize, i: usize, t: usize) -> f64 {
        let task = self.settings.task(TaskId {
            repeat: r,
            strategy: i,
            trial: t,
        });
        self.results[task as usize]
    }

    /// The outcomes of strategy `i` in repeat `r`, in trial order (`None`: pending).
    fn outcomes(&self, r: usize, i: usize) -> Vec<Option<Outcome>> {
        (0..self.points[i].len())
            .map(|t| decode_outcome(self.slot(r, i, t)))
            .collect()
    }

    /// Strategy `i`'s outcomes in the race on the page, in trial order (`None`: pending).
    pub fn outcomes_of(&self, i: usize) -> Vec<Option<Outcome>> {
        self.outcomes(0, i)
    }

    /// Which strategies run: all three, or only random on scale for a finer pass.
    pub fn running(&self) -> &[usize] {
        &self.running
    }

    /// Strategy `i`'s finished trials of the race on the page, in any order.
    pub fn finished(&self, i: usize) -> Vec<Trial> {
        self.points[i]
            .iter()
            .zip(self.outcomes(0, i))
            .filter_map(|(p, o)| {
                o.map(|outcome| Trial {
                    point: p.clone(),
                    outcome,
                })
            })
            .collect()
    }

    /// Strategy `i`'s trials in trial order up to the first unfinished one.
    pub fn in_order(&self, i: usize) -> Vec<Trial> {
        self.points[i]
            .iter()
            .zip(self.outcomes(0, i))
            .map_while(|(p, o)| {
                o.map(|outcome| Trial {
                    point: p.clone(),
                    outcome,
                })
            })
            .collect()
    }

    /// Strategy `i`'s best finished trial and its score.
    pub fn best(&self, i: usize) -> Option<(f64, Point)> {
        self.finished(i)
            .into_iter()
            .filter_map(|t| t.outcome.score().map(|s| (s, t.point)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// The best score seen anywhere: landscape cells and every recorded trial.
    pub fn reference(&self) -> Option<f64> {
        let cells = self
            .landscape
            .values()
            .iter()
            .zip(self.landscape.status())
            .filter(|(_, s)| **s == CellStatus::Scored)
            .map(|(v, _)| *v);
        let trials = self.results.iter().copied().filter(|v| v.is_finite());
        cells.chain(trials).min_by(f64::total_cmp)
    }

    fn strategy_summary(&self, i: usize, reference: Option<f64>) -> StrategySummary {
        let finished = self.finished(i);
        let best = self.best(i);
        let count = |failed: bool| {
            finished
                .iter()
                .filter(|t| matches!(t.outcome, Outcome::Failed { .. }) == failed)
                .filter(|t| t.outcome.score().is_none())
                .count()
        };
        StrategySummary {
            done: finished.len(),
            total: self.points[i].len(),
            distinct: distinct_values(&self.space, &finished),
            regret: best.as_ref().zip(reference).map(|((s, _), r)| s - r),
            best,
            diverged: count(false),
            impossible: count(true),
        }
    }

    /// Best-so-far of strategy `i` in repeat `r`, if that repeat's three searches are all in.
    fn repeat_curve(&self, r: usize, i: usize) -> Option<Vec<f64>> {
        let outcomes = self.outcomes(r, i);
        let trials: Vec<Trial> = outcomes
            .into_iter()
            .map(|o| {
                o.map(|outcome| Trial {
                    point: Vec::new(),
                    outcome,
                })
            })
            .collect::<Option<_>>()?;
        Some(best_so_far(&trials))
    }

    fn repeat_summary(&self) -> Option<RepeatSummary> {
        let mut curves: Vec<Vec<Vec<f64>>> = vec![Vec::new(); STRATEGIES];
        for r in 1..=self.settings.repeats {
            let c: Option<Vec<Vec<f64>>> =
                (0..STRATEGIES).map(|i| self.repeat_curve(r, i)).collect();
            if let Some(c) = c {
                for (i, curve) in c.into_iter().enumerate() {
                    curves[i].push(curve);
                }
            }
        }
        let done = curves[0].len();
        if done == 0 {
            return None;
        }
        let last = |c: &Vec<f64>| c.last().copied().unwrap_or(f64::INFINITY);
        let mut wins = [0; STRATEGIES];
        let mut ties = [0; STRATEGIES];
        for (r, grid_curve) in curves[0].iter().enumerate() {
            let grid = last(grid_curve);
            for i in 1..STRATEGIES {
                let b = last(&curves[i][r]);
                wins[i] += usize::from(b < grid);
                ties[i] += usize::from(b == grid);
            }
        }
        let bands: Vec<BestSoFarBands> = curves.iter().map(|c| bands_of(c)).collect();
        let median_best = std::array::from_fn(|i| {
            let mut finals: Vec<f64> = curves[i].iter().map(last).collect();
            finals.sort_by(f64::total_cmp);
            quantile(&finals, 0.5)
        });
        Some(RepeatSummary {
            done,
            total: self.settings.repeats,
            wins,
            ties,
            median_best,
            bands,
        })
    }

    /// Every number the page shows, in one piece.
    pub fn summary(&self) -> Summary {
        let reference = self.reference();
        let strategies: Vec<StrategySummary> = (0..STRATEGIES)
            .map(|i| self.strategy_summary(i, reference))
            .collect();
        let searches_done = self
            .running
            .iter()
            .all(|&i| strategies[i].done == strategies[i].total);
        let random_done = IMPORTANCE_STRATEGIES
            .iter()
            .all(|&i| strategies[i].done == strategies[i].total);
        let importance = random_done
            .then(|| {
                let trials: Vec<Trial> = IMPORTANCE_STRATEGIES
                    .iter()
                    .flat_map(|&i| self.finished(i))
                    .collect();
                let scored = trials
                    .iter()
                    .filter(|t| t.outcome.score().is_some())
                    .count();
                race_importance(&self.space, &trials).map(|shares| (shares, scored))
            })
            .flatten();
        let progress = self.landscape.progress();
        Summary {
            steps_done: self.steps_done,
            landscape_filled: progress.filled,
            landscape_total: progress.total,
            score_range: crate::render::race::landscape_range(&self.landscape),
            reference,
            strategies,
            importance,
            repeats: self.repeat_summary(),
            searches_done,
        }
    }

    /// The strategies' names, in panel order ("grid 5 × 5", "random, uniform in value", …).
    pub fn names(&self) -> [String; STRATEGIES] {
        let k = self.settings.grid_values_per_axis().to_string();
        let shape = vec![k; self.settings.axes.len()].join(" × ");
        [
            Msg::new("race.strategy-grid").text("shape", shape).render(),
            crate::i18n::text("race.strategy-uniform"),
            crate::i18n::text("race.strategy-scale"),
        ]
    }

    /// A point in words: "learning rate α = 0.0316, Adam β2 = 0.999".
    pub fn point_text(&self, point: &[f64]) -> String {
        self.settings
            .axes
            .iter()
            .zip(point)
            .map(|(a, &v)| format!("{} = {}", a.param().name(), a.format_value(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The best-so-far chart's curves: this run's (strategy `i`'s trials in order), the
    /// repeats' bands, and — once the random-on-scale search has finished — the finer pass
    /// `zoomed` continuing its curve.
    pub fn curves(&self, zoomed: Option<&Race>) -> Vec<crate::render::race::StrategyCurve> {
        let names = self.names();
        let bands = self.repeat_summary().map(|r| r.bands);
        (0..STRATEGIES)
            .map(|i| crate::render::race::StrategyCurve {
                name: names[i].clone(),
                best_so_far: best_so_far(&self.in_order(i)),
                bands: bands.as_ref().map(|b| b[i].clone()),
                continued: match zoomed {
                    Some(z) if i == 2 && self.finished(i).len() == self.points[i].len() => {
                        best_so_far(&z.in_order(2))
                    }
                    _ => Vec::new(),
                },
            })
            .collect()
    }

    /// The best-so-far chart, with its words from the catalogue.
    pub fn curves_chart(&self, zoomed: Option<&Race>) -> crate::render::charts::LineChart {
        let y = match self.settings.objective {
            super::ObjectiveKind::Real => "race.chart-best-loss",
            super::ObjectiveKind::Synthetic => "race.chart-best-f",
        };
        crate::render::race::best_so_far_chart(
            &self.curves(zoomed),
            self.settings.budget,
            &crate::i18n::text(y),
        )
    }

    /// A zoom box around the best 12 % of the random-on-scale search's trials (3 of 25, with a
    /// margin of 0.03 of each axis), over the two shown axes: tight enough that the finer pass
    /// usually improves on the first (17 of 20 search seeds at the default settings, with
    /// `examples/race_zoom.rs`; a box around the best quarter improved in 12 of 20). Errors
    /// when no trial has a score yet.
    pub fn zoom_around_best(&self) -> Result<UnitBox> {
        let map = self.settings.map_space();
        let [a, b] = self.settings.plot;
        let trials: Vec<Trial> = self
            .finished(2)
            .into_iter()
            .map(|t| Trial {
                point: vec![t.point[a], t.point[b]],
                outcome: t.outcome,
            })
            .collect();
        box_around_best(&map, &trials, 0.12, 0.03)
    }

    /// What the race on the page costs: the landscape cells still pending and every trial.
    pub fn estimate(&self) -> Estimate {
        let mut e = Estimate::default();
        let mut plan = super::RacePlan::new(self.settings.clone());
        let pending = self
            .landscape
            .status()
            .iter()
            .enumerate()
            .filter(|(_, s)| **s == CellStatus::Pending)
            .map(|(c, _)| CELL | c as u32);
        for task in pending.chain(self.trial_tasks(0)) {
            add_job(&mut e, super::work::Plan::job(&mut plan, task));
        }
        e
    }

    /// What the fair repeats cost: `repeats` times the race's own trials.
    pub fn repeat_estimate(&self) -> Estimate {
        let mut e = Estimate::default();
        for task in self.trial_tasks(1) {
            let mut plan = super::RacePlan::new(self.settings.clone());
            add_job(&mut e, super::work::Plan::job(&mut plan, task));
        }
        e.times(self.settings.repeats)
    }
}

fn add_job(e: &mut Estimate, job: super::work::Job) {
    match job {
        super::work::Job::Train { config, steps } => e.add(&config, steps),
        super::work::Job::Done(_) => e.add_instant(),
    }
}
