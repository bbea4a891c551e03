//! The page's half of a caviar: what the workers reported, model by model — their curves,
//! the leaderboard and its winner, the colours by α, the panda comparison on the same compute,
//! and the same caviar on changed data.

use super::flock::{DIVERGED, DONE, FAILED, PANDA, POINT_LEN};
use super::{CaviarSettings, Model, Sampling};
use crate::config::DatasetKind;
use crate::i18n::{self, Msg};
use crate::render::palette::{self, Rgb};
use crate::search::{Axis, HyperParam};
use crate::views::View;

/// One point of a model's curves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// Updates done.
    pub step: u64,
    /// Mean loss on the training points.
    pub train_loss: f64,
    /// Mean loss on the validation points.
    pub valid_loss: f64,
    /// Share of validation points classified correctly.
    pub valid_accuracy: f64,
}

/// Where a model is.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// Not started yet.
    Pending,
    /// Reported some steps, not all.
    Training,
    /// Trained for all its steps.
    Done,
    /// Blew up at `step`.
    Diverged {
        /// The step it blew up at.
        step: u64,
    },
    /// Not trained: the engine refuses its settings (the message says why).
    Failed(String),
}

impl State {
    /// The page's name of the state: `pending`, `training`, `done`, `diverged` or `failed`.
    pub fn name(&self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Training => "training",
            State::Done => "done",
            State::Diverged { .. } => "diverged",
            State::Failed(_) => "failed",
        }
    }
}

/// One model's progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Track {
    /// Its curves so far.
    pub points: Vec<CurvePoint>,
    /// Updates done.
    pub steps: u64,
    /// Where it is.
    pub state: State,
}

impl Track {
    fn new() -> Track {
        Track {
            points: Vec::new(),
            steps: 0,
            state: State::Pending,
        }
    }

    /// Its latest validation loss and accuracy, once it has trained (not diverged or failed).
    pub fn score(&self) -> Option<(f64, f64)> {
        if matches!(self.state, State::Diverged { .. } | State::Failed(_)) {
            return None;
        }
        let p = self.points.last().filter(|p| p.step > 0)?;
        p.valid_loss
            .is_finite()
            .then_some((p.valid_loss, p.valid_accuracy))
    }

    fn finished(&self) -> bool {
        !matches!(self.state, State::Pending | State::Training)
    }
}

/// A row of the leaderboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The model's place in the plan (0-based; shown as #index + 1).
    pub index: usize,
    /// 1 for the best so far.
    pub rank: usize,
    /// Its settings in words ("α 0.042 · batch 32", or its seeds).
    pub values: String,
    /// Updates done.
    pub steps: u64,
    /// Latest validation loss and accuracy, once it has trained.
    pub score: Option<(f64, f64)>,
    /// Where it is.
    pub state: State,
    /// Its colour on the chart.
    pub colour: Rgb,
}

/// The colour scale of the curves: by α on a log scale, or by model number.
#[derive(Clone, Debug, PartialEq)]
pub struct ColourBar {
    /// What the colours stand for.
    pub title: String,
    /// Colours from the low end to the high end, evenly spaced.
    pub stops: Vec<Rgb>,
    /// Labelled positions along the bar, in [0, 1].
    pub ticks: Vec<(f64, String)>,
}

/// Panda vs caviar on the same compute: the URL's model trained for the caviar's whole budget
/// against the caviar's best.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Updates each side gets: models × steps per model.
    pub budget: u64,
    /// Updates the panda has done, and its latest validation loss and accuracy.
    pub panda_steps: u64,
    /// The panda's latest score, once it has trained.
    pub panda: Option<(f64, f64)>,
    /// True if the panda diverged.
    pub panda_diverged: bool,
    /// Babysitting changes the panda replays.
    pub panda_nudges: usize,
    /// Updates the caviar has done, summed over its models.
    pub caviar_steps: u64,
    /// The caviar's best model so far and its score.
    pub best: Option<(usize, f64, f64)>,
}

/// The same caviar before and after the data changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Stale {
    /// The dataset before.
    pub before: DatasetKind,
    /// The dataset now.
    pub after: DatasetKind,
    /// The winner before, and its validation loss then.
    pub before_winner: (usize, f64),
    /// The winner now, and its validation loss.
    pub after_winner: (usize, f64),
    /// Where the old winner ranks now (1-based), and its loss now (None: it diverged).
    pub old_winner_now: (usize, Option<f64>),
}

/// What a finished caviar leaves for the next one to compare with.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Its dataset.
    pub dataset: DatasetKind,
    /// Each model's final validation loss (None: diverged or refused).
    pub scores: Vec<Option<f64>>,
}

/// A caviar on the page.
pub struct Board {
    settings: CaviarSettings,
    plan: Vec<Model>,
    tracks: Vec<Track>,
    panda: Track,
    previous: Option<Summary>,
    calibration: Option<Option<crate::train::Trainer>>,
}

impl Board {
    /// A board for `settings`, every model pending (refused ones failed at once, with the
    /// engine's reason).
    pub fn new(settings: CaviarSettings) -> Board {
        let plan = settings.plan();
        let tracks = plan
            .iter()
            .map(|m| {
                let mut t = Track::new();
                if let Err(e) = m.config.validate() {
                    t.state = State::Failed(e.to_string());
                }
                t
            })
            .collect();
        Board {
            settings,
            plan,
            tracks,
            panda: Track::new(),
            previous: None,
            calibration: None,
        }
    }

    /// The settings.
    pub fn settings(&self) -> &CaviarSettings {
        &self.settings
    }

    /// The planned models.
    pub fn plan(&self) -> &[Model] {
        &self.plan
    }

    /// Every model's progress, in plan order.
    pub fn tracks(&self) -> &[Track] {
        &self.tracks
    }

    /// The panda comparison's progress.
    pub fn panda(&self) -> &Track {
        &self.panda
    }

    /// Stores a worker's report (see [`super::flock`]); entries of unknown models are skipped.
    pub fn record(&mut self, report: &[f64]) {
        let mut rest = report;
        while rest.len() >= 4 {
            let n = rest[3] as usize;
            let end = (4 + n * POINT_LEN).min(rest.len());
            let (entry, tail) = rest.split_at(end);
            rest = tail;
            let track = if entry[0] == PANDA {
                &mut self.panda
            } else {
                match self.tracks.get_mut(entry[0] as usize) {
                    Some(t) => t,
                    None => continue,
                }
            };
            track.steps = entry[1] as u64;
            track
                .points
                .extend(entry[4..].chunks_exact(POINT_LEN).map(|p| CurvePoint {
                    step: p[0] as u64,
                    train_loss: p[1],
                    valid_loss: p[2],
                    valid_accuracy: p[3],
                }));
            track.state = match entry[2] {
                DONE => State::Done,
                DIVERGED => State::Diverged { step: track.steps },
                FAILED if !matches!(track.state, State::Failed(_)) => {
                    State::Failed(i18n::text("outcome.failed"))
                }
                FAILED => track.state.clone(),
                _ => State::Training,
            };
        }
    }

    /// True once every model and the panda comparison have finished.
    pub fn finished(&self) -> bool {
        self.models_finished() && self.panda.finished()
    }

    /// True once every model has finished (trained, diverged or refused).
    pub fn models_finished(&self) -> bool {
        self.tracks.iter().all(Track::finished)
    }

    /// How many models have finished.
    pub fn models_done(&self) -> usize {
        self.tracks.iter().filter(|t| t.finished()).count()
    }

    /// The models to deal out to `workers` workers, in turn (refused ones left out: the board
    /// already knows why).
    pub fn groups(&self, workers: usize) -> Vec<Vec<usize>> {
        let n = workers.max(1);
        let mut groups = vec![Vec::new(); n];
        let trainable = (0..self.tracks.len()).filter(|&i| !self.tracks[i].finished());
        for (k, i) in trainable.enumerate() {
            groups[k % n].push(i);
        }
        groups.retain(|g| !g.is_empty());
        groups
    }

    /// Trains the base model `steps` more updates and returns the multiply-adds that took
    /// ([`crate::train::work`]): the page times it to measure this machine's speed. The model
    /// is built on the first call, outside the timed work.
    pub fn calibrate(&mut self, steps: u64) -> f64 {
        let config = &self.settings.base;
        let Some(t) = self.calibration.get_or_insert_with(|| {
            let mut t = crate::train::Trainer::new(config).ok()?;
            t.set_record_every(0);
            Some(t)
        }) else {
            return 0.0;
        };
        let done = t.step(steps as usize) as u64;
        crate::train::work(config, done, 0) - crate::train::work(config, 0, 0)
    }

    /// Updates done by all models, and in all (models × steps).
    pub fn steps_done(&self) -> (u64, u64) {
        let done = self.tracks.iter().map(|t| t.steps).sum();
        (done, self.settings.budget())
    }

    /// Model indices from best to worst: scored models by their latest validation loss, then
    /// those not started, then diverged, then refused.
    pub fn ranking(&self) -> Vec<usize> {
        let key = |t: &Track| match (&t.state, t.score()) {
            (_, Some((loss, _))) => (0, loss),
            (State::Diverged { .. }, _) => (2, 0.0),
            (State::Failed(_), _) => (3, 0.0),
            _ => (1, 0.0),
        };
        let keys: Vec<(u8, f64)> = self.tracks.iter().map(key).collect();
        // An insertion sort, stable (ties keep plan order): at most 64 models, and no sort
        // routine of its own in the page's code.
        let mut order: Vec<usize> = Vec::with_capacity(keys.len());
        for (i, k) in keys.iter().enumerate() {
            let at = order
                .iter()
                .position(|&j| k.0 < keys[j].0 || (k.0 == keys[j].0 && k.1 < keys[j].1))
                .unwrap_or(order.len());
            order.insert(at, i);
        }
        order
    }

    /// The best model so far (none before any model has trained).
    pub fn winner(&self) -> Option<usize> {
        self.ranking()
            .first()
            .copied()
            .filter(|&i| self.tracks[i].score().is_some())
    }

    /// The leaderboard, best first.
    pub fn rows(&self) -> Vec<Row> {
        self.ranking()
            .into_iter()
            .enumerate()
            .map(|(rank, index)| {
                let t = &self.tracks[index];
                Row {
                    index,
                    rank: rank + 1,
                    values: self.values_text(index),
                    steps: t.steps,
                    score: t.score(),
                    state: t.state.clone(),
                    colour: self.colour(index),
                }
            })
            .collect()
    }

    /// A model's settings in words: each varied hyperparameter ("α 0.042 · batch 32", lines
    /// breaking only after a "·"), or its seeds.
    pub fn values_text(&self, index: usize) -> String {
        let model = &self.plan[index];
        match &self.settings.space {
            Some(space) => space
                .axes()
                .iter()
                .zip(&model.point)
                .map(|(axis, &v)| {
                    let name = i18n::text(&format!("caviar.short.{}", axis.param().key()));
                    format!("{name}\u{a0}{}", axis.format_value(v)) // no line break inside
                })
                .collect::<Vec<_>>()
                .join("\u{a0}· "),
            None => Msg::new("caviar.seeds-of")
                .num("init", model.config.init_seed as f64)
                .num("batch", model.config.batch_seed as f64)
                .render(),
        }
    }

    fn lr_axis(&self) -> Option<&Axis> {
        let space = self.settings.space.as_ref()?;
        space
            .position(HyperParam::LearningRate)
            .map(|i| &space.axes()[i])
    }

    /// Where a model sits on the colour scale, in [0, 1]: by α when α is varied, else by its
    /// number.
    fn colour_position(&self, index: usize) -> f64 {
        match self.lr_axis() {
            Some(axis) => axis.to_unit(self.plan[index].config.learning_rate),
            None => index as f64 / (self.plan.len().max(2) - 1) as f64,
        }
    }

    /// A model's colour: viridis over its [`colour_position`](Board::colour_position) (its
    /// lightest tenth left out, too pale on white).
    pub fn colour(&self, index: usize) -> Rgb {
        palette::viridis(COLOUR_SPAN * self.colour_position(index))
    }

    /// The colour scale and its labels.
    pub fn colour_bar(&self) -> ColourBar {
        let stops = (0..=8)
            .map(|i| palette::viridis(COLOUR_SPAN * i as f64 / 8.0))
            .collect();
        match self.lr_axis() {
            Some(axis) => {
                let decades = (libm::ceil(libm::log10(axis.lo())) as i32)
                    ..=(libm::floor(libm::log10(axis.hi())) as i32);
                let ticks = decades
                    .map(|d| {
                        let v = libm::pow(10.0, d as f64);
                        (axis.to_unit(v), crate::render::axis::format_value(v))
                    })
                    .collect();
                ColourBar {
                    title: i18n::text("caviar.colour-by-lr"),
                    stops,
                    ticks,
                }
            }
            None => {
                let last = self.plan.len().max(2) - 1;
                let ticks = [0, last]
                    .into_iter()
                    .map(|i| (i as f64 / last as f64, format!("#{}", i + 1)))
                    .collect();
                let title = match self.settings.sampling {
                    Sampling::Seeds => "caviar.colour-by-seed",
                    Sampling::Space => "caviar.colour-by-model",
                };
                ColourBar {
                    title: i18n::text(title),
                    stops,
                    ticks,
                }
            }
        }
    }

    /// The URL query that opens model `index` in the panda view with exactly its settings (the
    /// caviar's own keys kept, so coming back shows the same caviar).
    pub fn babysit_query(&self, index: usize) -> Option<String> {
        let model = self.plan.get(index)?;
        let mut q = String::from("view=panda");
        for part in [
            model.config.query_in(View::Panda, false),
            self.settings.to_query(),
        ] {
            if !part.is_empty() {
                q.push('&');
                q.push_str(&part);
            }
        }
        Some(q)
    }

    /// Panda vs caviar on the same compute, as far as both have got.
    pub fn comparison(&self) -> Comparison {
        Comparison {
            budget: self.settings.budget(),
            panda_steps: self.panda.steps,
            panda: self.panda.score(),
            panda_diverged: matches!(self.panda.state, State::Diverged { .. }),
            panda_nudges: self.settings.panda.nudges.len(),
            caviar_steps: self.steps_done().0,
            best: self.winner().map(|i| {
                let (loss, acc) = self.tracks[i].score().expect("a winner has a score");
                (i, loss, acc)
            }),
        }
    }

    /// The best validation loss among the models at each step their curves share (every
    /// [`CaviarSettings::record_every`] steps, and the last), against the compute spent by then
    /// (step × models): the caviar's side of the same-compute chart.
    pub fn best_by_compute(&self) -> Vec<(f64, f64)> {
        let steps = self.settings.steps as u64;
        let grid = (0..steps)
            .step_by(self.settings.record_every() as usize)
            .chain([steps]);
        let models = self.plan.len() as f64;
        grid.filter_map(|s| {
            let best = self
                .tracks
                .iter()
                .filter_map(|t| t.points.iter().find(|p| p.step == s))
                .map(|p| p.valid_loss)
                .filter(|l| l.is_finite())
                .fold(f64::INFINITY, f64::min);
            best.is_finite().then_some((s as f64 * models, best))
        })
        .collect()
    }

    /// What this caviar leaves for a re-run on changed data (once finished).
    pub fn summary(&self) -> Option<Summary> {
        self.models_finished().then(|| Summary {
            dataset: self.settings.base.dataset,
            scores: self.tracks.iter().map(|t| t.score().map(|s| s.0)).collect(),
        })
    }

    /// Remembers `previous` (the same caviar on other data) for [`Board::stale`].
    pub fn compare_with(&mut self, previous: Summary) {
        self.previous = Some(previous);
    }

    /// The previous caviar's summary, if this one is a re-run.
    pub fn previous(&self) -> Option<&Summary> {
        self.previous.as_ref()
    }

    /// Before and after the data changed, once this re-run has finished.
    pub fn stale(&self) -> Option<Stale> {
        let before = self.previous.as_ref()?;
        let now = self.summary()?;
        let best = |scores: &[Option<f64>]| {
            scores
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|s| (i, s)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
        };
        let before_winner = best(&before.scores)?;
        let after_winner = best(&now.scores)?;
        let rank = self.ranking().iter().position(|&i| i == before_winner.0)? + 1;
        Some(Stale {
            before: before.dataset,
            after: now.dataset,
            before_winner,
            after_winner,
            old_winner_now: (rank, now.scores[before_winner.0]),
        })
    }
}

/// The share of viridis the curves use (its palest end is hard to see on white).
const COLOUR_SPAN: f64 = 0.9;
